using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Vm.Core.Abi;

namespace Vm.Jit;

/// <summary>
/// The native stack compiled code runs on (docs/jit.md §convention, "machine stack"), one per <see cref="JitState"/>
/// (per P). Calls between compiled functions are native <c>call</c>/<c>ret</c> pairs on it, so it holds the return
/// address of every compiled frame a native call made since the last entry, and nothing else: the frames themselves
/// (with the same return address as their continuation) are on the goroutine stack, and every exit to the
/// dispatcher abandons it. Helpers run on the thread's own stack.
///
/// Its depth is bounded without any check in compiled code: each native call either returns at once (a frameless
/// leaf) or builds a frame at least <see cref="Frame.HeaderSize"/> bytes below its caller's operand top, so the
/// return addresses on it number at most (goroutine stack size) / HeaderSize, and the goroutine stack never exceeds
/// its maximum (morestack's "stack overflow"). The reservation is that bound (a quarter of the maximum goroutine
/// stack) plus a margin, MAP_NORESERVE: only the pages deep recursion touches are ever backed. A PROT_NONE page
/// below it turns a broken bound into a fault instead of silent corruption.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class MachineStack : IDisposable
{
    const long Margin = 64 << 10;
    readonly nint _map;
    readonly nuint _len;
    bool _disposed;

    /// <summary>The base slot: the entry stub sets <c>rsp</c> here (16-byte aligned, below the reservation's top).</summary>
    public nint Base { get; }

    /// <summary>Bytes reserved (guard page excluded).</summary>
    public long Size { get; }

    /// <summary>Reserves the machine stack for goroutine stacks of at most <paramref name="maxGoroutineStack"/> bytes.</summary>
    public MachineStack(long maxGoroutineStack)
    {
        long page = Environment.SystemPageSize;
        Size = (maxGoroutineStack / Frame.HeaderSize * 8 + Margin + page - 1) / page * page;
        _len = (nuint)(Size + page);
        _map = Libc.mmap(0, _len, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0);
        if (_map == Libc.MAP_FAILED) throw new InvalidOperationException($"jit: mmap of a {_len}-byte machine stack failed: {Marshal.GetLastPInvokeErrorMessage()}");
        if (Libc.mprotect(_map, (nuint)page, Libc.PROT_NONE) != 0)
            throw new InvalidOperationException($"jit: mprotect of the machine stack's guard page failed: {Marshal.GetLastPInvokeErrorMessage()}");
        Base = _map + (nint)_len - 64;
    }

    /// <summary>Attaches this stack to <paramref name="st"/>.</summary>
    public void AttachTo(JitState* st) => st->MachineBase = Base;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Libc.munmap(_map, _len);
    }
}
