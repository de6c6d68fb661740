using System.Runtime.InteropServices;

namespace Vm.Core.Abi;

/// <summary>
/// The frame layout shared by both tiers (docs/abi.md §frame). Stacks grow downward; addresses
/// below are relative to the frame pointer <c>fp</c>, which points at the lowest header word.
/// </summary>
/// <remarks>
/// From high to low addresses:
/// <code>
///   base = fp + 24 + 8*S   slot 0   (parameter 0; the caller's operand-stack slot: arguments
///   ...                               pushed in order, results written back in place)
///   fp + 32                slot S-1 (the last declared local; S = parameters + locals)
///   fp + 24                return continuation (see <see cref="Continuation"/>)
///   fp + 16                saved caller frame pointer
///   fp + 8                 closure context (the funcval called, 0 for a static call)
///   fp + 0                 function index
///   fp - R ... fp          inline _defer records (+ argument blocks), then frame objects
///   fp - R - 8*MaxStack    operand stack (grows down from fp - R)
/// </code>
/// Slot i (parameter or local) is at <c>base - 8*i</c>: parameters and locals form one
/// contiguous index space, which is why the header sits below the locals instead of between
/// parameters and locals (docs/abi.md explains the choice).
/// </remarks>
public static class Frame
{
    /// <summary>Bytes of the frame header (four words).</summary>
    public const int HeaderSize = 32;
    public const int OffFunc = 0, OffCtx = 8, OffSavedFp = 16, OffCont = 24;

    /// <summary>Address of slot 0 (the first parameter) from the frame pointer of a frame with
    /// <paramref name="slots"/> parameter + local slots.</summary>
    public static long BaseFromFp(int slots) => HeaderSize - 8 + 8L * slots;
}

/// <summary>
/// The return continuation stored in each frame header (docs/abi.md §frame): values 0 to
/// <see cref="MaxBytecode"/> are bytecode pcs of an interpreted caller; larger ones are native return
/// addresses of a compiled caller, as its <c>call</c> pushed them (compiled code is always mapped above
/// 2^31: Vm.Jit's ExecutableMemory checks it); the negative values below return to the runtime
/// (docs/jit.md §convention).
/// </summary>
public static class Continuation
{
    /// <summary>The goroutine's entry function returned: the goroutine ends.</summary>
    public const long Exit = long.MinValue + 1;
    /// <summary>A deferred call run by a panic returned: the panic loop continues (gopanic after reflectcall).</summary>
    public const long Panic = long.MinValue + 2;
    /// <summary>The largest bytecode continuation; anything above is a native return address.</summary>
    public const long MaxBytecode = int.MaxValue;

    public static bool IsBytecode(long c) => (ulong)c <= MaxBytecode;

    /// <summary>A compiled caller's return address: map it to the bytecode continuation with
    /// Vm.Gc's <c>FrameTable.BytecodeCont</c> (docs/jit.md §convention).</summary>
    public static bool IsNative(long c) => c > MaxBytecode;
}

/// <summary>
/// The goroutine descriptor's fields that generated code and the runtime share (docs/abi.md §G).
/// Lives in native memory; offsets known to the JIT.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct G
{
    /// <summary>Lowest usable stack address. Offset known to the JIT.</summary>
    [FieldOffset(0)] public nint StackLo;
    /// <summary>One past the highest stack address. Offset known to the JIT.</summary>
    [FieldOffset(8)] public nint StackHi;
    /// <summary>Every prologue checks frame bottom >= StackGuard. Offset known to the JIT.</summary>
    [FieldOffset(16)] public nint StackGuard;
    /// <summary>Head of the deferred-call list (newest first). Offset known to the JIT.</summary>
    [FieldOffset(24)] public nint Defer;
    /// <summary>Head of the panic list (newest first).</summary>
    [FieldOffset(32)] public nint Panic;
    /// <summary>Goroutine id (1 for main).</summary>
    [FieldOffset(40)] public long Goid;
    /// <summary>Head of the goroutine's wait records (<see cref="Sudog"/>, linked through
    /// <c>waitlink</c>) while it is parked on channels (Go's g.waiting); 0 otherwise. The stack
    /// copier adjusts each record's <c>elem</c> (docs/abi.md §sudog).</summary>
    [FieldOffset(48)] public nint Waiting;
    /// <summary>The runtime's handle (a GCHandle) of the managed goroutine object this descriptor
    /// belongs to; wait records reach the goroutine to wake through it.</summary>
    [FieldOffset(56)] public nint Handle;

    public const int OffStackLo = 0, OffStackHi = 8, OffStackGuard = 16, OffDefer = 24, OffPanic = 32, OffGoid = 40,
        OffWaiting = 48, OffHandle = 56;

    /// <summary>The stackguard value that asks the goroutine to stop at its next prologue check
    /// (Go's stackPreempt): above every stack address, so every check fails.</summary>
    public const long StackPreempt = 0x7fff_ffff_ffff_fade;
}

/// <summary>
/// Word layouts of the built-in values, in memory and on the operand stack (docs/abi.md §values).
/// On the operand stack the first word is pushed first (it is the deeper slot).
/// </summary>
public static class Values
{
    /// <summary>string: data pointer, then length.</summary>
    public const int StringData = 0, StringLen = 8, StringSize = 16;
    /// <summary>slice: data pointer, length, capacity.</summary>
    public const int SliceData = 0, SliceLen = 8, SliceCap = 16, SliceSize = 24;
    /// <summary>interface{}: type word, then data pointer.</summary>
    public const int IfaceType = 0, IfaceData = 8, IfaceSize = 16;
    /// <summary>funcval / closure object: word 0 is the function word, captures follow.</summary>
    public const int FuncvalFn = 0, ClosureCaptures = 8;

    /// <summary>Function word of module function <paramref name="index"/>: index + 1, so a zeroed
    /// closure calls nothing (it faults like a nil function).</summary>
    public static long FuncWord(int index) => index + 1L;

    /// <summary>Type word of module type <paramref name="index"/> (<c>ldtype</c>): index + 1; 0 is the nil interface.</summary>
    public static long TypeWord(int index) => index + 1L;

    /// <summary>Type word of the runtime's error values (runtime errors, the nil-panic error):
    /// the data word points to a string (p, len) holding the Error() text.</summary>
    public const long RuntimeErrorType = -1;
}
