using System.Runtime.CompilerServices;
using Vm.Core.Abi;
using Vm.Gc;

namespace Vm.Interpreter;

/// <summary>
/// The central pool of free heap <c>_defer</c> records, shared by all Ps (the seed's
/// <c>sched.deferpool</c>): one list per size class, linked through <c>_defer.link</c>, under a lock.
/// Must match docs/abi.md §_defer (the link field and the size classes).
/// </summary>
public sealed unsafe class CentralDeferPool
{
    readonly object _lock = new();
    readonly nint[] _heads = new nint[Defer.PoolClasses];

    /// <summary>Moves records of class <paramref name="sc"/> into <paramref name="into"/> until it holds
    /// <paramref name="want"/> or the central list is empty; returns how many it now holds.</summary>
    internal int Refill(int sc, nint[] into, int at, int count, int want)
    {
        lock (_lock)
        {
            while (count < want && _heads[sc] != 0)
            {
                nint d = _heads[sc];
                _heads[sc] = ((Defer*)d)->Link;
                ((Defer*)d)->Link = 0;
                into[at + count++] = d;
            }
        }
        return count;
    }

    /// <summary>Pushes <paramref name="n"/> records of class <paramref name="sc"/> onto the central list.</summary>
    internal void Spill(int sc, nint[] from, int at, int n)
    {
        // Link them into a local list first, then splice it in under the lock (as freedefer does).
        nint first = 0, last = 0;
        for (int i = 0; i < n; i++)
        {
            nint d = from[at + i];
            if (first == 0) first = d; else ((Defer*)last)->Link = d;
            last = d;
        }
        if (first == 0) return;
        lock (_lock)
        {
            ((Defer*)last)->Link = _heads[sc];
            _heads[sc] = first;
        }
    }

    public bool IsEmpty(int sc) { lock (_lock) return _heads[sc] == 0; }

    /// <summary>Drops every pooled record, unlinking them first so a stale reference to one pins no
    /// other (Go's clearpools at the start of a cycle). The collector frees what nothing reaches.</summary>
    public void Clear()
    {
        lock (_lock)
            for (int sc = 0; sc < _heads.Length; sc++)
            {
                for (nint d = _heads[sc]; d != 0;)
                {
                    nint next = ((Defer*)d)->Link;
                    ((Defer*)d)->Link = 0;
                    d = next;
                }
                _heads[sc] = 0;
            }
    }
}

/// <summary>
/// One P's pools of free heap <c>_defer</c> records, one per size class (the seed's
/// <c>p.deferpool</c>), of fixed capacity <see cref="Capacity"/>. <see cref="Rent"/> refills an
/// empty pool to half from the central pool and allocates when both are empty; <see cref="Return"/>
/// spills half of a full pool to the central pool. Only the P's own goroutine uses it: no lock.
/// </summary>
public sealed unsafe class DeferPool(CentralDeferPool central, Heap heap, AllocCache cache, RuntimeCounters counters)
{
    /// <summary>Records per size class a P keeps (Go's deferpool backing array).</summary>
    public const int Capacity = Defer.PoolCapacity;

    // Pinned: compiled code pops and pushes records of a class inline (docs/jit.md, deferh/deferret), through
    // the addresses in its P's JitState; refills and spills stay here.
    readonly nint[] _items = GC.AllocateArray<nint>(Defer.PoolClasses * Capacity, pinned: true);
    readonly int[] _count = GC.AllocateArray<int>(Defer.PoolClasses, pinned: true);

    /// <summary>Address of the records: class sc's pooled records are entries [sc * Capacity, sc * Capacity + count).</summary>
    public nint ItemsAddress => (nint)Unsafe.AsPointer(ref _items[0]);
    /// <summary>Address of the per-class counts (int32 each).</summary>
    public nint CountsAddress => (nint)Unsafe.AsPointer(ref _count[0]);

    /// <summary>Marks every pooled record as live (a P's pools are roots: bounded, kept across cycles).</summary>
    public void MarkPooled(Heap h)
    {
        for (int sc = 0; sc < Defer.PoolClasses; sc++)
            for (int i = 0; i < _count[sc]; i++) h.Mark(_items[sc * Capacity + i]);
    }

    /// <summary>Records currently pooled for class <paramref name="sc"/> (diagnostics).</summary>
    public int Count(int sc) => _count[sc];

    /// <summary>A heap record for <paramref name="siz"/> argument bytes (newdefer). Only siz and
    /// heap are set; the caller fills the rest. Must match docs/abi.md §_defer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Rent(int siz)
    {
        int sc = Defer.Class(siz);
        if (sc < Defer.PoolClasses)
        {
            int n = _count[sc];
            if (n > 0)
            {
                nint d = _items[sc * Capacity + n - 1];
                _count[sc] = n - 1;
                counters.DeferPoolHits++;
                ((Defer*)d)->Siz = siz;
                ((Defer*)d)->Heap = 1;
                return d;
            }
        }
        return RentSlow(siz, sc);
    }

    nint RentSlow(int siz, int sc)
    {
        nint d;
        if (sc < Defer.PoolClasses)
        {
            int n = central.Refill(sc, _items, sc * Capacity, 0, Capacity / 2);
            if (n > 0)
            {
                counters.CentralRefills++;
                counters.DeferPoolHits++;
                d = _items[sc * Capacity + n - 1];
                _count[sc] = n - 1;
            }
            else
            {
                d = heap.Alloc(cache, Defer.ClassSize(sc), Heap.DeferRecordType);
                counters.DeferRecordsAllocated++;
            }
        }
        else
        {
            d = heap.Alloc(cache, Defer.TotalSize(siz), Heap.DeferRecordType);
            counters.DeferRecordsAllocated++;
        }
        ((Defer*)d)->Siz = siz;
        ((Defer*)d)->Heap = 1;
        return d;
    }

    /// <summary>Frees a record the deferred-call machinery is done with (freedefer): a stack record
    /// is left alone; a heap record has its fields cleared (docs/abi.md §_defer: "clear it here")
    /// and goes back to this P's pool, spilling half of a full pool to the central pool first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Return(nint d)
    {
        var r = (Defer*)d;
        if (r->Heap == 0) return;
        int sc = Defer.Class(r->Siz);
        if (sc >= Defer.PoolClasses) return; // not pooled: the collector will reclaim it
        int n = _count[sc];
        if (n == Capacity)
        {
            central.Spill(sc, _items, sc * Capacity + Capacity / 2, Capacity / 2);
            counters.CentralSpills++;
            n = Capacity / 2;
        }
        r->Siz = 0; r->Started = 0; r->Sp = 0; r->Pc = 0; r->Fn = 0; r->Panic = 0; r->Link = 0;
        _items[sc * Capacity + n] = d;
        _count[sc] = n + 1;
        counters.DeferRecordsFreed++;
    }
}
