using System.Runtime.InteropServices;

namespace Vm.Gc;

/// <summary>
/// A goroutine stack: one contiguous block of native memory with a stable address, used from
/// <see cref="Hi"/> downward (docs/abi.md §frame). Every function prologue checks that its frame
/// bottom stays at or above <see cref="Guard"/>. Growth by copying comes with the stack copier;
/// until then a failed check is Go's "fatal error: stack overflow".
/// </summary>
public sealed unsafe class GoroutineStack : IDisposable
{
    /// <summary>Bytes kept free below the guard, so runtime code that writes a little below a
    /// checked frame (a panic record, a deferred call's arguments) never leaves the block.</summary>
    public const int GuardSlack = 1024;

    /// <summary>Default size: the stack does not grow yet, so it starts large (pages are touched
    /// only when used).</summary>
    public const long DefaultSize = 256L << 20;

    byte* _mem;

    public long Size { get; }
    public nint Lo => (nint)_mem;
    public nint Hi => (nint)(_mem + Size);
    public nint Guard => (nint)(_mem + GuardSlack);

    public GoroutineStack(long size)
    {
        if (size < 4 * GuardSlack) throw new ArgumentOutOfRangeException(nameof(size), "stack too small");
        size = (size + 15) & ~15L;
        Size = size;
        _mem = (byte*)NativeMemory.AlignedAlloc((nuint)size, 4096);
    }

    public void Dispose()
    {
        if (_mem != null) { NativeMemory.AlignedFree(_mem); _mem = null; }
    }
}
