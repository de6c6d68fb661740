using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Core.Bytecode;
using Vm.Gc;

namespace Vm.Jit;

/// <summary>What an allocation helper needs of a P: the heap and the P's allocation cache (held by a GCHandle
/// in <see cref="JitState.AllocCtx"/>).</summary>
public sealed class AllocContext(Heap heap, AllocCache cache)
{
    public Heap Heap { get; } = heap;
    public AllocCache Cache { get; } = cache;
}

/// <summary>
/// Slow paths compiled code calls without leaving compiled code (docs/jit.md §helpers): <c>[UnmanagedCallersOnly]</c>
/// functions with the SysV convention, called with the operand stack flushed (every value register is
/// caller-saved). A helper never collects, never parks and never throws: when it cannot finish (a collection is
/// wanted, the host is out of memory) it returns 0 and the compiled code exits to the interpreter at the
/// instruction, which does the work at its safepoint.
/// </summary>
public static unsafe class JitHelpers
{
    /// <summary><c>nint Alloc(JitState* st, long size, int tid)</c>: a zeroed object from the P's cache (the
    /// interpreter's <c>new</c>/<c>newarr</c> after their GcWanted check), or 0.</summary>
    [UnmanagedCallersOnly]
    static nint Alloc(JitState* st, long size, int tid)
    {
        try
        {
            var c = Unsafe.As<AllocContext>(GCHandle.FromIntPtr(st->AllocCtx).Target!);
            if (c.Heap.GcWanted) return 0;
            return c.Heap.Alloc(c.Cache, size, tid);
        }
        catch (Exception)
        {
            return 0;   // the interpreter repeats the allocation and reports the failure itself
        }
    }

    /// <summary><c>long* StringToBytes(JitState* st, long* sp)</c>: <c>rt stringtobytes</c> on the operand stack, (p,
    /// len) -> (p', len, cap), as the interpreter runs it (<see cref="Heap.AllocBytesCopy"/>); returns the new stack
    /// top, or null (nothing changed) when a collection is wanted.</summary>
    [UnmanagedCallersOnly]
    static long* StringToBytes(JitState* st, long* sp)
    {
        try
        {
            var c = Unsafe.As<AllocContext>(GCHandle.FromIntPtr(st->AllocCtx).Target!);
            if (c.Heap.GcWanted) return null;
            long len = sp[0], p = sp[1];
            nint np = c.Heap.AllocBytesCopy(c.Cache, (nint)p, len, out long cap);
            sp -= 1; sp[2] = np; sp[1] = len; sp[0] = cap;
            return sp;
        }
        catch (Exception)
        {
            return null;   // the interpreter repeats the conversion and reports the failure itself
        }
    }

    /// <summary>Address of <see cref="StringToBytes"/>.</summary>
    public static nint StringToBytesAddress => (nint)(delegate* unmanaged<JitState*, long*, long*>)&StringToBytes;

    /// <summary>Address of <see cref="Alloc"/>.</summary>
    public static nint AllocAddress => (nint)(delegate* unmanaged<JitState*, long, int, nint>)&Alloc;

    /// <summary><c>long* DecodeRune(long* sp)</c>: <c>rt decoderune</c> on the operand stack, as the interpreter
    /// runs it (<see cref="RuntimeStrings.DecodeRune"/>), for the bytes compiled code does not decode itself (not
    /// ASCII, or k outside the string); returns the new stack top.</summary>
    [UnmanagedCallersOnly]
    static long* DecodeRune(long* sp)
    {
        long k = sp[0], len = sp[1], p = sp[2];
        int rune = RuntimeStrings.DecodeRune((byte*)p, len, k, out long next);
        sp += 1; sp[1] = rune; sp[0] = next;
        return sp;
    }

    /// <summary>Address of <see cref="DecodeRune"/>.</summary>
    public static nint DecodeRuneAddress => (nint)(delegate* unmanaged<long*, long*>)&DecodeRune;
}
