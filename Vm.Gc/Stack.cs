using System.Runtime.InteropServices;
using Microsoft.Extensions.ObjectPool;

namespace Vm.Gc;

/// <summary>
/// A goroutine stack segment: one contiguous block of native memory with a stable address, used from
/// <see cref="Hi"/> downward (docs/abi.md §frame). Every function prologue checks that its frame
/// bottom stays at or above the guard (<see cref="Guard"/>); a failed check grows the stack by
/// copying (<see cref="StackCopier"/>). Segments are pooled per size (<see cref="StackPool"/>).
/// </summary>
public sealed unsafe class GoroutineStack : IDisposable
{
    /// <summary>Bytes kept free below the guard, so runtime code that writes a little below a
    /// checked frame (a panic record, a deferred call's arguments) never leaves the block.</summary>
    public const int GuardSlack = 1024;

    /// <summary>Initial size of a goroutine stack (stacks grow by copying, so they start small).</summary>
    public const long DefaultSize = 8 << 10;

    /// <summary>Smallest stack: shrinking stops here.</summary>
    public const long MinSize = 8 << 10;

    /// <summary>Go's maxstacksize on 64-bit: a stack that would grow beyond it is a fatal stack overflow.</summary>
    public const long MaxSize = 1_000_000_000;

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

    /// <summary>Fills the whole segment with <paramref name="b"/> (stack poisoning).</summary>
    public void Fill(byte b) => NativeMemory.Fill(_mem, (nuint)Size, b);

    public void Dispose()
    {
        if (_mem != null) { NativeMemory.AlignedFree(_mem); _mem = null; }
    }
}

/// <summary>
/// Per-size pools of stack segments (Go's stackpool / stackLarge): sizes are powers of two, each
/// with its own <see cref="ObjectPool{T}"/> retaining up to <see cref="RetainedPerSize"/>
/// segments; segments above <see cref="MaxPooledSize"/> are freed on return. Thread-safe: every P
/// rents and returns stacks (the object pools are lock-free).
/// </summary>
public sealed class StackPool : IDisposable
{
    /// <summary>Largest segment kept in a pool; larger ones go back to the host.</summary>
    public const long MaxPooledSize = 1 << 20;
    public const int RetainedPerSize = 4;

    sealed class Policy(long size) : IPooledObjectPolicy<GoroutineStack>
    {
        public GoroutineStack Create() => new(size);
        public bool Return(GoroutineStack obj) => obj.Size == size;
    }

    readonly ObjectPool<GoroutineStack>?[] _pools = new ObjectPool<GoroutineStack>?[64];
    readonly DefaultObjectPoolProvider _provider = new() { MaximumRetained = RetainedPerSize };

    long _rented, _returned;
    /// <summary>Segments taken from a pool or created.</summary>
    public long Rented => Volatile.Read(ref _rented);
    /// <summary>Segments given back (pooled or freed).</summary>
    public long Returned => Volatile.Read(ref _returned);

    static int Log2(long size) => 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)size);

    /// <summary>A segment of <paramref name="size"/> bytes (a power of two).</summary>
    public GoroutineStack Rent(long size)
    {
        Interlocked.Increment(ref _rented);
        if (size > MaxPooledSize || (size & (size - 1)) != 0) return new GoroutineStack(size);
        int k = Log2(size);
        var pool = PoolOf(k, size);
        return pool.Get();
    }

    public void Return(GoroutineStack s)
    {
        Interlocked.Increment(ref _returned);
        if (s.Size > MaxPooledSize || (s.Size & (s.Size - 1)) != 0) { s.Dispose(); return; }
        var pool = PoolOf(Log2(s.Size), s.Size);
        pool.Return(s);
    }

    ObjectPool<GoroutineStack> PoolOf(int k, long size)
    {
        var pool = Volatile.Read(ref _pools[k]);
        if (pool != null) return pool;
        Interlocked.CompareExchange(ref _pools[k], _provider.Create(new Policy(size)), null);
        return _pools[k]!;
    }

    public void Dispose()
    {
        for (int i = 0; i < _pools.Length; i++)
        {
            (_pools[i] as IDisposable)?.Dispose();
            _pools[i] = null;
        }
    }
}
