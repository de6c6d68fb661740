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
    /// <summary>The segment is a piece of a slab (<see cref="StackPool"/>): the slab owns the memory.</summary>
    readonly bool _inSlab;

    public long Size { get; }
    public nint Lo => (nint)_mem;
    public nint Hi => (nint)(_mem + Size);
    public nint Guard => (nint)(_mem + GuardSlack);

    public GoroutineStack(long size)
    {
        if (size < 4 * GuardSlack) throw new ArgumentOutOfRangeException(nameof(size), "stack too small");
        size = (size + 15) & ~15L;
        Size = size;
        if (size >= HugeSize && OperatingSystem.IsLinux())
        {
            // A stack of 2 MiB or more (a goroutine grown deep, or a big frame array) gets the heap arenas' treatment
            // (Heap.NewArena): aligned to 2 MiB and advised for transparent huge pages, so its first touches fault
            // 2 MiB at a time instead of 4 KiB (on this project's VM a 4 KiB fault costs ~15 us: a 2 MB frame array
            // took ~9 ms of faults). Advice only: without THP nothing changes.
            _mem = (byte*)NativeMemory.AlignedAlloc((nuint)size, (nuint)HugeSize);
            HugePages.Advise((nint)_mem, size);
        }
        else _mem = (byte*)NativeMemory.AlignedAlloc((nuint)size, 4096);
    }

    /// <summary>A transparent huge page (x86-64): stacks at least this big are aligned to it and advised.</summary>
    const long HugeSize = 2 << 20;

    /// <summary>A segment carved from a slab the pool owns (small stacks: no per-segment allocator header,
    /// so the pages a parked goroutine never touched are never made resident).</summary>
    internal GoroutineStack(byte* mem, long size)
    {
        _mem = mem;
        Size = size;
        _inSlab = true;
    }

    /// <summary>Fills the whole segment with <paramref name="b"/> (stack poisoning).</summary>
    public void Fill(byte b) => NativeMemory.Fill(_mem, (nuint)Size, b);

    public void Dispose()
    {
        if (_mem != null && !_inSlab) NativeMemory.AlignedFree(_mem);
        _mem = null;
    }
}

/// <summary>
/// Per-size pools of stack segments (Go's stackpool / stackLarge). Sizes are powers of two. Small
/// segments (up to <see cref="SlabMaxSize"/>) are carved from page-aligned slabs of
/// <see cref="SlabBytes"/> and kept on a free list per size, never returned to the host before the
/// program ends (Go's stackpool keeps its spans too): 100,000 parked goroutines cost only the pages
/// their frames touched. Larger segments have an <see cref="ObjectPool{T}"/> per size retaining up to
/// <see cref="RetainedPerSize"/>; above <see cref="MaxPooledSize"/> they are freed on return.
/// Thread-safe: every P rents and returns stacks.
/// </summary>
public sealed unsafe class StackPool : IDisposable
{
    /// <summary>Largest segment kept in a pool; larger ones go back to the host.</summary>
    public const long MaxPooledSize = 1 << 20;
    public const int RetainedPerSize = 4;
    /// <summary>Largest segment carved from slabs, and the bytes of one slab.</summary>
    public const long SlabMaxSize = 32 << 10;
    public const long SlabBytes = 256 << 10;

    sealed class Policy(long size) : IPooledObjectPolicy<GoroutineStack>
    {
        public GoroutineStack Create() => new(size);
        public bool Return(GoroutineStack obj) => obj.Size == size;
    }

    readonly ObjectPool<GoroutineStack>?[] _pools = new ObjectPool<GoroutineStack>?[64];
    readonly DefaultObjectPoolProvider _provider = new() { MaximumRetained = RetainedPerSize };
    readonly Stack<GoroutineStack>?[] _slabFree = new Stack<GoroutineStack>?[64];
    readonly List<nint> _slabs = [];

    long _rented, _returned;
    /// <summary>Segments taken from a pool or created.</summary>
    public long Rented => Volatile.Read(ref _rented);
    /// <summary>Segments given back (pooled or freed).</summary>
    public long Returned => Volatile.Read(ref _returned);
    /// <summary>Bytes of slabs reserved for small segments.</summary>
    public long SlabReserved { get { lock (_slabs) return _slabs.Count * SlabBytes; } }

    static int Log2(long size) => 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)size);

    static bool Pow2(long size) => (size & (size - 1)) == 0;

    /// <summary>A segment of <paramref name="size"/> bytes (a power of two).</summary>
    public GoroutineStack Rent(long size)
    {
        Interlocked.Increment(ref _rented);
        if (size > MaxPooledSize || !Pow2(size)) return new GoroutineStack(size);
        int k = Log2(size);
        if (size <= SlabMaxSize && size >= 4 * GoroutineStack.GuardSlack)
        {
            var free = SlabFree(k);
            lock (free)
            {
                if (free.Count == 0)
                {
                    byte* slab = (byte*)NativeMemory.AlignedAlloc((nuint)SlabBytes, 4096);
                    lock (_slabs) _slabs.Add((nint)slab);
                    for (long off = SlabBytes - size; off >= 0; off -= size) free.Push(new GoroutineStack(slab + off, size));
                }
                return free.Pop();
            }
        }
        return PoolOf(k, size).Get();
    }

    public void Return(GoroutineStack s)
    {
        Interlocked.Increment(ref _returned);
        if (s.Size > MaxPooledSize || !Pow2(s.Size)) { s.Dispose(); return; }
        if (s.Size <= SlabMaxSize && s.Size >= 4 * GoroutineStack.GuardSlack)
        {
            var free = SlabFree(Log2(s.Size));
            lock (free) free.Push(s);
            return;
        }
        PoolOf(Log2(s.Size), s.Size).Return(s);
    }

    Stack<GoroutineStack> SlabFree(int k)
    {
        var f = Volatile.Read(ref _slabFree[k]);
        if (f != null) return f;
        Interlocked.CompareExchange(ref _slabFree[k], new Stack<GoroutineStack>(), null);
        return _slabFree[k]!;
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
        for (int i = 0; i < _slabFree.Length; i++) _slabFree[i] = null;
        lock (_slabs)
        {
            foreach (var p in _slabs) NativeMemory.AlignedFree((void*)p);
            _slabs.Clear();
        }
    }
}
