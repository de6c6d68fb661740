using System.Runtime.InteropServices;

namespace Vm.Gc;

/// <summary>
/// The VM heap, for now a zeroing bump allocator over native chunks: objects never move and are
/// never freed (the collector comes in the GC issue). Every object is recorded (address, size) so
/// the collector can be added without changing callers. Not thread-safe yet: one goroutine runs.
/// </summary>
public sealed unsafe class Heap : IDisposable
{
    const int ChunkSize = 1 << 20;
    /// <summary>Objects larger than this get their own block.</summary>
    const int LargeObject = ChunkSize / 4;

    readonly List<nint> _blocks = [];
    readonly List<nint> _large = [];
    readonly List<(nint Addr, long Size)> _objects = [];
    byte* _next, _end;
    readonly byte* _zeroBase;

    /// <summary>Objects allocated so far.</summary>
    public long Objects => _objects.Count;
    /// <summary>Bytes allocated so far (after rounding to 8).</summary>
    public long BytesAllocated { get; private set; }

    public Heap()
    {
        _zeroBase = (byte*)NativeMemory.AlignedAlloc(16, 16);
        *(long*)_zeroBase = 0;
        _blocks.Add((nint)_zeroBase);
    }

    /// <summary>The address of every zero-size object (Go's zerobase): non-nil, never written.</summary>
    public nint ZeroBase => (nint)_zeroBase;

    /// <summary>A new zeroed object of <paramref name="size"/> bytes, 8-aligned (16 from 16 bytes up);
    /// <see cref="ZeroBase"/> for size 0. Throws <see cref="OutOfMemoryException"/> if the host has no memory.</summary>
    public nint Alloc(long size)
    {
        if (size == 0) return (nint)_zeroBase;
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size));
        long rounded = (size + 7) & ~7L;
        byte* p;
        if (rounded > LargeObject)
        {
            // calloc: large blocks come zeroed from fresh pages, untouched until used.
            p = (byte*)NativeMemory.AllocZeroed((nuint)rounded);
            _large.Add((nint)p);
        }
        else
        {
            if (rounded >= 16) _next = (byte*)(((nint)_next + 15) & ~(nint)15);
            if (_next + rounded > _end || _next == null)
            {
                byte* c = (byte*)NativeMemory.AlignedAlloc(ChunkSize, 16);
                NativeMemory.Clear(c, ChunkSize);
                _blocks.Add((nint)c);
                _next = c;
                _end = c + ChunkSize;
            }
            p = _next;
            _next += rounded;
        }
        _objects.Add(((nint)p, rounded));
        BytesAllocated += rounded;
        return (nint)p;
    }

    /// <summary>Static data (string constants, globals): zeroed, outside the object list (roots, not objects).</summary>
    public nint AllocStatic(long size)
    {
        long rounded = Math.Max(16, (size + 15) & ~15L);
        byte* p = (byte*)NativeMemory.AlignedAlloc((nuint)rounded, 16);
        NativeMemory.Clear(p, (nuint)rounded);
        _blocks.Add((nint)p);
        return (nint)p;
    }

    public void Dispose()
    {
        foreach (var b in _blocks) NativeMemory.AlignedFree((void*)b);
        foreach (var b in _large) NativeMemory.Free((void*)b);
        _blocks.Clear();
        _large.Clear();
        _objects.Clear();
        _next = _end = null;
    }
}
