using System.Runtime.InteropServices;

namespace Vm.Core.Abi;

/// <summary>
/// A <c>_defer</c> record: one entry on a goroutine's list of deferred calls, the seed's layout
/// (runtime2.go:_defer after the stack-allocated-defers change). The record is immediately
/// followed in memory by its argument block of <see cref="Siz"/> bytes (argument slot i at
/// <c>args + 8*i</c>). The byte layout is documented once, in docs/abi.md §_defer.
/// </summary>
/// <remarks>
/// Some records live inline in their frame (a <c>defers R S</c> site: the deferprocStack path),
/// the others on the VM heap, taken from a per-P pool (<c>deferh S</c>: the deferproc path). All
/// records are logically part of the stack. Every place that depends on this layout says
/// "must match docs/abi.md §_defer":
/// <list type="bullet">
/// <item>the interpreter (Vm.Interpreter/Machine.Loop.cs, Machine.Services.cs), which fills a stack record in the frame
/// and links it without pooling, takes and frees heap records, and runs records in deferret and
/// in the panic loop;</item>
/// <item>the defer pools (Vm.Interpreter/DeferPools.cs, DeferPool.Return), which clear every field on free;</item>
/// <item>the JIT emitter (later), which stores fields at the offsets below — 0: siz, 1: started,
/// 2: heap, 3: sp, 4: pc set by the runtime; 5: fn; 6: _panic, 7: link set by the runtime;</item>
/// <item>the GC (Vm.Gc/Collector.cs), which scans <c>fn</c> (it may be a stack closure), <c>link</c> (a stack
/// record may point to a heap one), the argument block (with the deferred function's argument
/// pointer map) and, when <c>heap</c> is set, the record itself;</item>
/// <item>the stack copier (Vm.Gc/StackCopier.cs), which adjusts the chain head first, then <c>fn</c>, <c>sp</c>,
/// <c>_panic</c>, <c>link</c> of each record, and only then the argument blocks.</item>
/// </list>
/// If you add a field: clear it in DeferPool.Return, scan it in the GC, adjust it in the copier,
/// and add it to docs/abi.md and to the ABI test (Vm.Tests/Interpreter/AbiTests.cs).
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct Defer
{
    /// <summary>Bytes of the header; the argument block starts here.</summary>
    public const int Size = 48;

    /// <summary>0: size of the argument block in bytes (8 per argument slot).</summary>
    [FieldOffset(0)] public int Siz;
    /// <summary>1: the deferred call has been started (by deferreturn or a panic).</summary>
    [FieldOffset(4)] public byte Started;
    /// <summary>2: the record came from the heap (a pool); freeing a stack record touches no pool.</summary>
    [FieldOffset(5)] public byte Heap;
    /// <summary>3: the frame that deferred: its frame pointer (docs/abi.md §frame). deferreturn runs
    /// the records whose sp is the returning frame's; recovery resumes that frame.</summary>
    [FieldOffset(8)] public nint Sp;
    /// <summary>4: bytecode pc of the defer instruction (diagnostics).</summary>
    [FieldOffset(16)] public nint Pc;
    /// <summary>5: the funcval (closure) to call; may point into the stack.</summary>
    [FieldOffset(24)] public nint Fn;
    /// <summary>6: the panic running this call, or 0.</summary>
    [FieldOffset(32)] public nint Panic;
    /// <summary>7: the next (older) record; stack and heap records weave in one list.</summary>
    [FieldOffset(40)] public nint Link;

    public const int OffSiz = 0, OffStarted = 4, OffHeap = 5, OffSp = 8, OffPc = 16, OffFn = 24,
        OffPanic = 32, OffLink = 40, OffArgs = Size;

    /// <summary>Bytes an inline record with <paramref name="argSlots"/> argument slots takes in its frame.</summary>
    public static int InlineBytes(int argSlots) => Size + 8 * argSlots;

    // Pool size classes (the seed's deferclass/totaldefersize): malloc size classes >= 16 are
    // multiples of 16, so defer records are pooled by rounding the argument size up to 16.

    /// <summary>Number of pooled size classes per P (argument blocks up to 64 bytes).</summary>
    public const int PoolClasses = 5;
    /// <summary>Records a P's pool holds per size class (Go's deferpool backing array). The pool is an array of
    /// <see cref="PoolClasses"/> * PoolCapacity record addresses plus one int32 count per class; compiled code pops
    /// and pushes there inline (docs/abi.md §_defer, pools).</summary>
    public const int PoolCapacity = 32;
    const int MinAlloc = (Size + 15) & ~15;
    const int MinArgs = MinAlloc - Size;

    /// <summary>The pool size class of a record with <paramref name="siz"/> argument bytes;
    /// classes at or above <see cref="PoolClasses"/> are never pooled.</summary>
    public static int Class(int siz) => siz <= MinArgs ? 0 : (siz - MinArgs + 15) / 16;

    /// <summary>Bytes of a heap record with <paramref name="siz"/> argument bytes.</summary>
    public static int TotalSize(int siz) => siz <= MinArgs ? MinAlloc : Size + siz;

    /// <summary>Bytes of every heap record of pool class <paramref name="sc"/> (so any record of
    /// the class fits any argument size of the class).</summary>
    public static int ClassSize(int sc) => MinAlloc + 16 * sc;
}

/// <summary>
/// A <c>_panic</c> record: one active panic. Panic records always live on the goroutine stack, just
/// below the operand stack of the frame that panicked; the deferred calls the panic runs get their
/// frames below it. Layout: docs/abi.md §_panic.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct Panic
{
    public const int Size = 56;

    /// <summary>Frame pointer of the deferred call this panic is running: recover() works only
    /// in that frame (Go's argp check).</summary>
    [FieldOffset(0)] public nint Argp;
    /// <summary>The panic value: interface type word.</summary>
    [FieldOffset(8)] public long ArgType;
    /// <summary>The panic value: interface data pointer.</summary>
    [FieldOffset(16)] public nint ArgData;
    /// <summary>The previous (older) panic, or 0.</summary>
    [FieldOffset(24)] public nint Link;
    /// <summary>Frame pointer of the frame that panicked (traceback).</summary>
    [FieldOffset(32)] public nint Fp;
    /// <summary>Bytecode pc of the panicking instruction (traceback).</summary>
    [FieldOffset(40)] public nint Pc;
    /// <summary>recover() was called for this panic.</summary>
    [FieldOffset(48)] public byte Recovered;
    /// <summary>A newer panic ran past this panic's deferred call.</summary>
    [FieldOffset(49)] public byte Aborted;

    public const int OffArgp = 0, OffArgType = 8, OffArgData = 16, OffLink = 24, OffFp = 32, OffPc = 40,
        OffRecovered = 48, OffAborted = 49;
}
