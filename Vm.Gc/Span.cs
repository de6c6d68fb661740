using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vm.Gc;

/// <summary>
/// A run of pages holding objects of one size class (or one large object), Go's mspan. Slots are
/// allocated in address order from <see cref="FreeIndex"/>: a slot is in use if it lies below
/// FreeIndex or its bit in <see cref="AllocBits"/> is set (Go's freeindex + allocBits). Sweep makes
/// the mark bits the new alloc bits and resets FreeIndex to 0.
/// </summary>
public sealed unsafe class Span
{
    /// <summary>First byte of the first object.</summary>
    public nint Base;
    public int NPages;
    /// <summary>Bytes per slot (the whole span for a large object).</summary>
    public long ElemSize;
    public int NElems;
    /// <summary>Size class (0: large object).</summary>
    public int SizeClass;
    /// <summary>Holds only pointer-free objects: never scanned, no per-slot types.</summary>
    public bool NoScan;
    /// <summary>Slots below it are in use; the allocator searches for a free slot from here.</summary>
    public int FreeIndex;
    /// <summary>Objects in use (allocated and not yet freed by a sweep).</summary>
    public int AllocCount;
    public ulong* AllocBits;
    public ulong* MarkBits;
    /// <summary>Per slot: the object's type descriptor (<see cref="Heap.RegisterType"/>); null when <see cref="NoScan"/>.</summary>
    public int* Tids;
    /// <summary>Slots may hold old bytes: zero each object when it is allocated.</summary>
    public bool NeedZero;
    /// <summary>Cached by a P's allocation cache (Go's mcache): not on the central partial lists.</summary>
    public bool Cached;
    /// <summary>Bytes the large object asked for (large spans only).</summary>
    public long LargeSize;
    public bool InUse;

    internal int BitWords => (NElems + 63) >> 6;

    internal void AllocMeta()
    {
        int words = BitWords;
        AllocBits = (ulong*)NativeMemory.AllocZeroed((nuint)(8 * words));
        MarkBits = (ulong*)NativeMemory.AllocZeroed((nuint)(8 * words));
        if (!NoScan) Tids = (int*)NativeMemory.AllocZeroed((nuint)(4 * NElems));
    }

    internal void FreeMeta()
    {
        NativeMemory.Free(AllocBits); AllocBits = null;
        NativeMemory.Free(MarkBits); MarkBits = null;
        if (Tids != null) { NativeMemory.Free(Tids); Tids = null; }
    }

    /// <summary>Index of the next free slot at or after FreeIndex, or NElems if the span is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int NextFree()
    {
        int i = FreeIndex;
        while (i < NElems)
        {
            ulong w = ~AllocBits[i >> 6] >> (i & 63);
            if (w != 0)
            {
                i += BitOperations.TrailingZeroCount(w);
                return i < NElems ? i : NElems;
            }
            i = (i | 63) + 1;
        }
        return NElems;
    }

    /// <summary>The slot is in use (allocated and not freed).</summary>
    public bool IsAllocated(int idx) => idx < FreeIndex || (AllocBits[idx >> 6] & (1UL << (idx & 63))) != 0;

    public bool IsMarked(int idx) => (MarkBits[idx >> 6] & (1UL << (idx & 63))) != 0;

    /// <summary>Slot index of an address inside the span (the object base of an interior pointer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(nint addr) => SizeClass == 0 ? 0 : (int)((ulong)(addr - Base) / (ulong)ElemSize);

    public nint AddrOf(int idx) => Base + (nint)(idx * ElemSize);
}

/// <summary>
/// One P's allocation cache (Go's mcache): a current span per span class, so the fast path takes
/// a slot without a lock or a managed allocation. One per P; <see cref="Heap.Flush"/> gives the
/// spans back before a collection.
/// </summary>
public sealed class AllocCache
{
    /// <summary>Span classes: size class * 2 + (1 if pointer-free).</summary>
    internal readonly Span?[] Spans = new Span?[SizeClasses.Count * 2];
    /// <summary>Objects and bytes this cache handed out (summed into Heap.Mallocs / BytesAllocated:
    /// only the cache's own P writes them, so the fast path takes no lock).</summary>
    internal long Mallocs, Bytes;
}
