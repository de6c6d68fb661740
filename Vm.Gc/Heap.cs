using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Core.Abi;

namespace Vm.Gc;

/// <summary>How the collector scans objects of one type descriptor.</summary>
public enum ScanKind : byte
{
    /// <summary>Pointer-free: never scanned.</summary>
    NoScan,
    /// <summary>An element pointer map repeated over the object (one struct, or an array of them).</summary>
    Words,
    /// <summary>A heap <c>_defer</c> record (docs/abi.md §_defer): <c>fn</c>, <c>_panic</c>, <c>link</c>
    /// and the argument block by the deferred function's argument pointer map.</summary>
    DeferRecord,
}

/// <summary>A heap object type: how to find its pointers.</summary>
public sealed class ObjType(ScanKind kind, ulong[] mask, int elemWords)
{
    public ScanKind Kind { get; } = kind;
    /// <summary>Bit w of the element: word w holds a pointer.</summary>
    public ulong[] Mask { get; } = mask;
    public int ElemWords { get; } = elemWords;
}

/// <summary>
/// The VM heap: Go's size classes on spans of native memory, arenas of pages outside the .NET GC,
/// a per-P allocation cache (<see cref="AllocCache"/>) with a fast path that allocates nothing
/// managed, large objects (over 32 KiB) on spans of their own, and a per-object type descriptor
/// (<see cref="ObjType"/>) from which the collector scans precisely. Any address inside an object
/// finds the object (interior pointers); addresses outside the arenas (stacks, static data) are
/// not heap objects. The collector (<see cref="Collector"/>) marks through <see cref="Mark"/>
/// and frees through <see cref="Sweep"/>. Thread safety: each P allocates through its own cache
/// without a lock on the fast path; the slow path (refills, large objects, spans, pacing) takes the
/// heap lock; marking and sweeping run with the world stopped (one thread).
/// </summary>
public sealed unsafe class Heap : IDisposable
{
    /// <summary>Bytes of one arena (pages are touched only when used).</summary>
    public const long ArenaSize = 64L << 20;
    const int ArenaPages = (int)(ArenaSize >> SizeClasses.PageShift);

    /// <summary>Type descriptor 0: pointer-free objects.</summary>
    public const int NoScanType = 0;
    /// <summary>Type descriptor 1: heap <c>_defer</c> records.</summary>
    public const int DeferRecordType = 1;

    sealed class Arena
    {
        public nint Base;
        public int NPages;
        public Span?[] PageSpan = [];
        /// <summary>Bit set: page free.</summary>
        public ulong[] Free = [];
        /// <summary>Bit set: page was used before (may hold old bytes).</summary>
        public ulong[] Dirty = [];
        public int SearchFrom;
        public bool Own; // a dedicated arena for one huge object
    }

    readonly List<Arena> _arenas = [];   // sorted by Base
    Arena[] _arenaIndex = [];
    nint _heapLo = nint.MaxValue, _heapHi;
    readonly List<ObjType> _types = [new(ScanKind.NoScan, [], 1), new(ScanKind.DeferRecord, [], 1)];
    ObjType[] _typeArr = [];
    readonly List<Span> _spans = [];
    readonly List<Span>[] _partial;
    readonly List<AllocCache> _caches = [];
    readonly List<nint> _static = [];
    readonly byte* _zeroBase;

    // Pacing (docs/gc.md): bytes handed to caches or large objects since the last cycle, plus the
    // live bytes the last cycle found.
    long _heapLive;
    long _goal;
    int _gcPercent = 100;
    int _stressEvery, _stressLeft;

    /// <summary>A collection is due: the interpreter collects at its next allocation safepoint.
    /// Set by the allocator's slow path when the heap reaches the goal, or by gcstress.</summary>
    public bool GcWanted;

    /// <summary>Fill freed objects and released spans with <see cref="PoisonByte"/> (GODEBUG=poison=1).</summary>
    public bool Poison { get; set; }
    public const byte PoisonByte = 0xfa;

    readonly object _lock = new();

    // Counters (docs/gc.md). Allocations are counted per cache (no lock on the fast path) and summed here.
    public long Mallocs { get { lock (_lock) { long n = 0; foreach (var c in _caches) n += c.Mallocs; return n; } } }
    /// <summary>Bytes handed out by all allocations, counted in size-class units (Go's MemStats.TotalAlloc; ReportAllocs reads it).</summary>
    public long BytesAllocated { get { lock (_lock) { long n = 0; foreach (var c in _caches) n += c.Bytes; return n; } } }
    public long Frees { get; private set; }
    public long SpansAllocated { get; private set; }
    public long SpansReleased { get; private set; }
    /// <summary>Bytes of pages currently in use by spans.</summary>
    public long PagesInUseBytes { get; private set; }
    public long PeakPagesInUseBytes { get; private set; }
    /// <summary>Bytes reserved from the host for arenas.</summary>
    public long ArenaBytes { get; private set; }
    public long HeapLive => _heapLive;
    public long Goal => _goal;
    /// <summary>Bytes of live objects at the end of the last sweep.</summary>
    public long HeapMarked { get; private set; }
    /// <summary>Objects in use (allocated, not yet freed by a sweep).</summary>
    public long ObjectsInUse => Mallocs - Frees;

    /// <summary>Minimum goal (Go's heapminimum at GOGC=100: 4 MB).</summary>
    public const long MinGoal = 4L << 20;
    /// <summary>Go's sweepMinHeapDistance (mgc.go): the least growth allowed after a cycle before the next.</summary>
    public const long SweepMinHeapDistance = 1L << 20;

    public Heap()
    {
        _partial = new List<Span>[SizeClasses.Count * 2];
        for (int i = 0; i < _partial.Length; i++) _partial[i] = [];
        _zeroBase = (byte*)NativeMemory.AlignedAlloc(16, 16);
        *(long*)_zeroBase = 0;
        *(long*)(_zeroBase + 8) = 0;
        _static.Add((nint)_zeroBase);
        _typeArr = [.. _types];
        SetGcPercent(100);
    }

    /// <summary>GOGC: collect when the heap reaches live * (1 + percent/100); negative turns pacing off.</summary>
    public void SetGcPercent(int percent)
    {
        _gcPercent = percent;
        _goal = percent < 0 ? long.MaxValue : Math.Max(MinGoal * Math.Max(percent, 1) / 100, HeapMarked + HeapMarked * percent / 100);
    }

    public int GcPercent => _gcPercent;

    /// <summary>gcstress=N: ask for a collection every N allocations (0: off).</summary>
    public void SetStress(int every) { _stressEvery = Math.Max(0, every); _stressLeft = _stressEvery; }

    /// <summary>The address of every zero-size object (Go's zerobase): non-nil, never written, not a heap object.</summary>
    public nint ZeroBase => (nint)_zeroBase;

    /// <summary>A new per-P allocation cache.</summary>
    public AllocCache NewCache()
    {
        var c = new AllocCache();
        lock (_lock) _caches.Add(c);
        return c;
    }

    // ---- types ----

    /// <summary>Registers an object type: <paramref name="ptrMask"/> has one bit per 8-byte word of one
    /// element (TypeDef.PtrMask layout), <paramref name="elemWords"/> words per element; objects of
    /// n elements repeat it. Returns <see cref="NoScanType"/> for a pointer-free mask.</summary>
    public int RegisterType(ReadOnlySpan<byte> ptrMask, long elemWords)
    {
        bool any = false;
        foreach (var b in ptrMask) any |= b != 0;
        if (!any || elemWords <= 0) return NoScanType;
        var mask = new ulong[(elemWords + 63) / 64];
        for (long w = 0; w < elemWords; w++)
            if (w / 8 < ptrMask.Length && (ptrMask[(int)(w / 8)] & (1 << (int)(w & 7))) != 0) mask[w >> 6] |= 1UL << (int)(w & 63);
        _types.Add(new ObjType(ScanKind.Words, mask, (int)elemWords));
        _typeArr = [.. _types];
        return _types.Count - 1;
    }

    public ObjType TypeOf(int tid) => _typeArr[tid];

    // ---- allocation ----

    /// <summary>Go's rawbyteslice for <c>[]byte(s)</c> (<c>rt stringtobytes</c>, both tiers): a pointer-free copy of
    /// the <paramref name="len"/> bytes at <paramref name="src"/> whose capacity, <paramref name="cap"/>, is rounded
    /// up to the size class. Never collects (see <see cref="Alloc"/>).</summary>
    public unsafe nint AllocBytesCopy(AllocCache c, nint src, long len, out long cap)
    {
        cap = SizeClasses.RoundUp(len);
        nint p = Alloc(c, cap, NoScanType);
        Buffer.MemoryCopy((void*)src, (void*)p, len, len);
        return p;
    }

    /// <summary>
    /// A new zeroed object of <paramref name="size"/> bytes of type descriptor <paramref name="tid"/>,
    /// 8-aligned (16 from 16 bytes up); <see cref="ZeroBase"/> for size 0. Never collects: the caller
    /// checks <see cref="GcWanted"/> at its safepoint first. Throws <see cref="OutOfMemoryException"/>
    /// when the host has no memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Alloc(AllocCache c, long size, int tid)
    {
        if ((ulong)(size - 1) < SizeClasses.MaxSmallSize && _stressEvery == 0)
        {
            int spc = (SizeClasses.ClassOf(size) << 1) | (tid == NoScanType ? 1 : 0);
            Span? s = c.Spans[spc];
            if (s != null)
            {
                int idx = s.NextFree();
                if (idx < s.NElems)
                {
                    s.FreeIndex = idx + 1;
                    s.AllocCount++;
                    c.Mallocs++;
                    c.Bytes += s.ElemSize;
                    nint p = s.Base + (nint)(idx * s.ElemSize);
                    if (s.NeedZero) NativeMemory.Clear((void*)p, (nuint)s.ElemSize);
                    if (s.Tids != null) s.Tids[idx] = tid;
                    return p;
                }
            }
        }
        return AllocSlow(c, size, tid);
    }

    nint AllocSlow(AllocCache c, long size, int tid)
    {
        if (size == 0) return (nint)_zeroBase;
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size));
        lock (_lock) return AllocLocked(c, size, tid);
    }

    nint AllocLocked(AllocCache c, long size, int tid)
    {
        if (_stressEvery > 0 && --_stressLeft <= 0) { GcWanted = true; _stressLeft = _stressEvery; }
        if (size > SizeClasses.MaxSmallSize) return AllocLarge(c, size, tid);
        int spc = (SizeClasses.ClassOf(size) << 1) | (tid == NoScanType ? 1 : 0);
        Span? s = c.Spans[spc];
        int idx = s == null ? 0 : s.NextFree();
        if (s == null || idx >= s.NElems)
        {
            if (s != null) Uncache(s);
            s = Refill(spc);
            c.Spans[spc] = s;
            idx = s.NextFree();
        }
        s.FreeIndex = idx + 1;
        s.AllocCount++;
        c.Mallocs++;
        c.Bytes += s.ElemSize;
        nint p = s.Base + (nint)(idx * s.ElemSize);
        if (s.NeedZero) NativeMemory.Clear((void*)p, (nuint)s.ElemSize);
        if (s.Tids != null) s.Tids[idx] = tid;
        return p;
    }

    /// <summary>A span with a free slot for span class <paramref name="spc"/>, counted into the live heap
    /// as a whole (Go's mcache refill: the cache owns its free slots until the next flush).</summary>
    Span Refill(int spc)
    {
        var list = _partial[spc];
        Span? s = null;
        while (list.Count > 0)
        {
            var t = list[^1];
            list.RemoveAt(list.Count - 1);
            if (t.InUse && t.NextFree() < t.NElems) { s = t; break; }
        }
        if (s == null)
        {
            int sc = spc >> 1;
            s = NewSpan(SizeClasses.PagesOf(sc));
            s.SizeClass = sc;
            s.ElemSize = SizeClasses.SizeOf(sc);
            s.NElems = (int)((long)s.NPages * SizeClasses.PageSize / s.ElemSize);
            s.NoScan = (spc & 1) != 0;
            s.AllocMeta();
        }
        s.Cached = true;
        _heapLive += (s.NElems - s.AllocCount) * s.ElemSize;
        CheckGoal();
        return s;
    }

    void Uncache(Span s)
    {
        s.Cached = false;
        _heapLive -= (s.NElems - s.AllocCount) * s.ElemSize;
    }

    nint AllocLarge(AllocCache c, long size, int tid)
    {
        long npages = (size + SizeClasses.PageSize - 1) >> SizeClasses.PageShift;
        if (npages > int.MaxValue) throw new OutOfMemoryException();
        var s = NewSpan((int)npages);
        s.SizeClass = 0;
        s.ElemSize = npages * SizeClasses.PageSize;
        s.NElems = 1;
        s.LargeSize = size;
        s.NoScan = tid == NoScanType;
        s.AllocMeta();
        if (s.Tids != null) s.Tids[0] = tid;
        s.FreeIndex = 1;
        s.AllocCount = 1;
        c.Mallocs++;
        c.Bytes += s.ElemSize;
        if (s.NeedZero) NativeMemory.Clear((void*)s.Base, (nuint)s.ElemSize);
        _heapLive += s.ElemSize;
        CheckGoal();
        return s.Base;
    }

    void CheckGoal()
    {
        if (_heapLive >= _goal) GcWanted = true;
    }

    // ---- pages and arenas ----

    Span NewSpan(int npages)
    {
        Arena? a = null;
        int at = -1;
        foreach (var ar in _arenas)
        {
            if (ar.Own) continue;
            at = FindRun(ar, npages);
            if (at >= 0) { a = ar; break; }
        }
        if (a == null)
        {
            a = NewArena(npages > ArenaPages ? npages : ArenaPages, npages > ArenaPages);
            at = FindRun(a, npages);
        }
        var s = new Span { Base = a.Base + ((nint)at << SizeClasses.PageShift), NPages = npages, InUse = true };
        bool dirty = false;
        for (int i = at; i < at + npages; i++)
        {
            a.Free[i >> 6] &= ~(1UL << (i & 63));
            dirty |= (a.Dirty[i >> 6] & (1UL << (i & 63))) != 0;
            a.Dirty[i >> 6] |= 1UL << (i & 63);
            a.PageSpan[i] = s;
        }
        if (npages == 1 || at + npages > a.SearchFrom) a.SearchFrom = at + npages;
        s.NeedZero = dirty;
        _spans.Add(s);
        SpansAllocated++;
        PagesInUseBytes += (long)npages * SizeClasses.PageSize;
        PeakPagesInUseBytes = Math.Max(PeakPagesInUseBytes, PagesInUseBytes);
        return s;
    }

    static int FindRun(Arena a, int npages)
    {
        if (npages > a.NPages) return -1;
        for (int pass = 0; pass < 2; pass++)
        {
            int i = pass == 0 ? a.SearchFrom : 0;
            int end = pass == 0 ? a.NPages : Math.Min(a.NPages, a.SearchFrom + npages);
            while (i + npages <= end)
            {
                ulong w = a.Free[i >> 6] >> (i & 63);
                if (w == 0) { i = (i | 63) + 1; continue; }
                i += BitOperations.TrailingZeroCount(w);
                if (i + npages > end) break;
                int run = 0;
                while (run < npages && (a.Free[(i + run) >> 6] & (1UL << ((i + run) & 63))) != 0) run++;
                if (run == npages) return i;
                i += run + 1;
            }
        }
        return -1;
    }

    Arena NewArena(int npages, bool own)
    {
        long bytes = (long)npages << SizeClasses.PageShift;
        // AlignedAlloc of this size maps fresh pages: zero and untouched until used.
        var p = (nint)NativeMemory.AlignedAlloc((nuint)bytes, SizeClasses.PageSize);
        // Transparent huge pages where the kernel offers them on request (THP "madvise" mode): a fresh arena's
        // first touches fault 2 MiB at a time instead of 4 KiB (a 10 MB array: a handful of faults, not 2,560).
        if (OperatingSystem.IsLinux()) HugePages.Advise(p, bytes);
        var a = new Arena
        {
            Base = p, NPages = npages, PageSpan = new Span?[npages],
            Free = new ulong[(npages + 63) / 64], Dirty = new ulong[(npages + 63) / 64], Own = own,
        };
        for (int i = 0; i < npages; i++) a.Free[i >> 6] |= 1UL << (i & 63);
        int k = 0;
        while (k < _arenas.Count && _arenas[k].Base < p) k++;
        _arenas.Insert(k, a);
        _arenaIndex = [.. _arenas];
        _heapLo = Math.Min(_heapLo, p);
        _heapHi = Math.Max(_heapHi, p + (nint)bytes);
        ArenaBytes += bytes;
        return a;
    }

    void ReleaseSpan(Span s)
    {
        var a = ArenaOf(s.Base)!;
        int at = (int)((s.Base - a.Base) >> SizeClasses.PageShift);
        if (Poison) NativeMemory.Fill((void*)s.Base, (nuint)((long)s.NPages * SizeClasses.PageSize), PoisonByte);
        for (int i = at; i < at + s.NPages; i++)
        {
            a.Free[i >> 6] |= 1UL << (i & 63);
            a.PageSpan[i] = null;
        }
        a.SearchFrom = Math.Min(a.SearchFrom, at);
        s.InUse = false;
        s.FreeMeta();
        SpansReleased++;
        PagesInUseBytes -= (long)s.NPages * SizeClasses.PageSize;
        if (a.Own)
        {
            _arenas.Remove(a);
            _arenaIndex = [.. _arenas];
            ArenaBytes -= (long)a.NPages << SizeClasses.PageShift;
            NativeMemory.AlignedFree((void*)a.Base);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    Arena? ArenaOf(nint p)
    {
        if (p < _heapLo || p >= _heapHi) return null;
        var arr = _arenaIndex;
        int lo = 0, hi = arr.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            var a = arr[mid];
            if (p < a.Base) hi = mid - 1;
            else if (p >= a.Base + ((nint)a.NPages << SizeClasses.PageShift)) lo = mid + 1;
            else return a;
        }
        return null;
    }

    /// <summary>The span holding <paramref name="p"/>, or null if p is not inside a span in use
    /// (stacks, static data, freed pages, nil).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span? SpanOf(nint p)
    {
        var a = ArenaOf(p);
        return a?.PageSpan[(int)((p - a.Base) >> SizeClasses.PageShift)];
    }

    /// <summary>True if <paramref name="p"/> lies inside the arenas (a heap address, allocated or not).</summary>
    public bool InArenas(nint p) => ArenaOf(p) != null;

    /// <summary>Base address and size of the allocated object containing <paramref name="p"/>, or (0, 0).</summary>
    public (nint Base, long Size) ObjectOf(nint p)
    {
        var s = SpanOf(p);
        if (s == null) return (0, 0);
        int idx = s.IndexOf(p);
        if (idx >= s.NElems || !s.IsAllocated(idx)) return (0, 0);
        return (s.AddrOf(idx), s.SizeClass == 0 ? s.LargeSize : s.ElemSize);
    }

    // ---- static data ----

    /// <summary>Static data (string constants, globals, static funcvals): zeroed, never collected,
    /// not a heap object (the collector scans globals as roots).</summary>
    public nint AllocStatic(long size)
    {
        long rounded = Math.Max(16, (size + 15) & ~15L);
        byte* p = (byte*)NativeMemory.AlignedAlloc((nuint)rounded, 16);
        NativeMemory.Clear(p, (nuint)rounded);
        lock (_lock) _static.Add((nint)p);
        return (nint)p;
    }

    // ---- marking (driven by Collector) ----

    nint[] _gray = new nint[1024];
    int _grayCount;
    /// <summary>Set by <see cref="Mark"/> when a pointer into the arenas names no allocated object
    /// (a dangling pointer); gcverify reports it.</summary>
    internal nint BadPointer;
    internal string BadPointerWhat = "";

    /// <summary>Flushes every P's cache (Go's mcache release before a cycle): cached spans give their
    /// unused slots back to the live-heap count.</summary>
    public void Flush()
    {
        foreach (var c in _caches)
            for (int i = 0; i < c.Spans.Length; i++)
                if (c.Spans[i] is { } s) { Uncache(s); c.Spans[i] = null; }
    }

    /// <summary>Marks the object containing <paramref name="p"/> if it is a heap object; queues it for
    /// scanning if it has pointers. Non-heap addresses (nil, stacks, static data) are ignored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Mark(nint p)
    {
        if (p < _heapLo || p >= _heapHi) return;
        MarkSlow(p);
    }

    void MarkSlow(nint p)
    {
        var s = SpanOf(p);
        if (s == null) { if (BadPointer == 0 && ArenaOf(p) != null) BadPointer = p; return; }
        int idx = s.IndexOf(p);
        if (idx >= s.NElems || !s.IsAllocated(idx)) { if (BadPointer == 0) BadPointer = p; return; }
        ref ulong w = ref s.MarkBits[idx >> 6];
        ulong bit = 1UL << (idx & 63);
        if ((w & bit) != 0) return;
        w |= bit;
        if (s.NoScan) return;
        if (_grayCount == _gray.Length) Array.Resize(ref _gray, _gray.Length * 2);
        _gray[_grayCount++] = s.AddrOf(idx);
    }

    /// <summary>Argument pointer maps by function index (for heap <c>_defer</c> records and the defer
    /// chain): bit i, argument slot i holds a pointer. Set by the runtime from the verifier's maps.</summary>
    public ulong[][] ArgMaps { get; set; } = [];

    /// <summary>The argument map of the function a funcval calls (function word = index + 1,
    /// docs/abi.md §values), or null for a nil or zeroed funcval.</summary>
    public ulong[]? ArgMapOfFuncval(nint fv)
    {
        if (fv == 0) return null;
        long w = *(long*)fv;
        return (ulong)(w - 1) < (ulong)ArgMaps.Length ? ArgMaps[w - 1] : null;
    }

    /// <summary>Scans queued objects until none is left.</summary>
    public void Drain()
    {
        while (_grayCount > 0)
        {
            nint b = _gray[--_grayCount];
            var s = SpanOf(b)!;
            int idx = s.IndexOf(b);
            var t = _typeArr[s.Tids[idx]];
            if (t.Kind == ScanKind.DeferRecord) { ScanDeferRecord(b); continue; }
            long size = s.SizeClass == 0 ? s.LargeSize : s.ElemSize;
            ScanWords(b, size >> 3, t);
        }
    }

    void ScanWords(nint b, long nwords, ObjType t)
    {
        var mask = t.Mask;
        int ew = t.ElemWords;
        for (long e = 0; e + 1 <= (nwords + ew - 1) / ew; e++)
        {
            long baseW = e * ew;
            for (int mw = 0; mw < mask.Length; mw++)
            {
                ulong bits = mask[mw];
                while (bits != 0)
                {
                    int k = mw * 64 + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    long w = baseW + k;
                    if (w >= nwords) break;
                    Mark(*(nint*)(b + (nint)(w * 8)));
                }
            }
        }
    }

    /// <summary>A heap <c>_defer</c> record (must match docs/abi.md §_defer): fn, link, then the
    /// argument block by the deferred function's map. _panic points into the stack: not a heap object.</summary>
    void ScanDeferRecord(nint b)
    {
        var d = (Defer*)b;
        Mark(d->Fn);
        Mark(d->Link);
        var map = ArgMapOfFuncval(d->Fn);
        if (map == null) return;
        int n = d->Siz >> 3;
        long* args = (long*)(b + Defer.OffArgs);
        for (int i = 0; i < n; i++)
            if ((map[i >> 6] & (1UL << (i & 63))) != 0) Mark((nint)args[i]);
    }

    /// <summary>Scans <paramref name="nwords"/> words at <paramref name="p"/> with a TypeDef.PtrMask-style map (roots).</summary>
    public void ScanBlock(nint p, ReadOnlySpan<byte> ptrMask, long nwords)
    {
        for (long w = 0; w < nwords; w++)
            if ((ptrMask[(int)(w >> 3)] & (1 << (int)(w & 7))) != 0) Mark(*(nint*)(p + (nint)(w * 8)));
    }

    // ---- sweep ----

    /// <summary>
    /// Frees every allocated object that is not marked (poisoning it under GODEBUG=poison=1), makes the
    /// mark bits the alloc bits, returns empty spans to the page pool and rebuilds the partial lists.
    /// Returns (objects freed, bytes freed). The caches must have been flushed.
    /// </summary>
    public (long Objects, long Bytes) Sweep()
    {
        long freed = 0, freedBytes = 0, live = 0;
        foreach (var l in _partial) l.Clear();
        var keep = new List<Span>(_spans.Count);
        foreach (var s in _spans)
        {
            int words = s.BitWords;
            int count = 0;
            for (int w = 0; w < words; w++)
            {
                ulong alloc = s.AllocBits[w];
                int lo = w << 6;
                if (s.FreeIndex > lo) alloc |= s.FreeIndex - lo >= 64 ? ulong.MaxValue : (1UL << (s.FreeIndex - lo)) - 1;
                if (lo + 64 > s.NElems) alloc &= (1UL << (s.NElems - lo)) - 1;
                ulong mark = s.MarkBits[w];
                ulong dead = alloc & ~mark;
                if (dead != 0)
                {
                    int n = BitOperations.PopCount(dead);
                    freed += n;
                    freedBytes += n * s.ElemSize;
                    if (Poison && s.SizeClass != 0)
                        for (ulong d = dead; d != 0; d &= d - 1)
                            NativeMemory.Fill((void*)s.AddrOf(lo + BitOperations.TrailingZeroCount(d)), (nuint)s.ElemSize, PoisonByte);
                }
                s.AllocBits[w] = mark;
                s.MarkBits[w] = 0;
                count += BitOperations.PopCount(mark);
            }
            s.FreeIndex = 0;
            s.AllocCount = count;
            if (count == 0) { ReleaseSpan(s); continue; }
            s.NeedZero = true; // freed slots hold old bytes (or poison)
            live += count * s.ElemSize;
            keep.Add(s);
            if (count < s.NElems && s.SizeClass != 0) _partial[(s.SizeClass << 1) | (s.NoScan ? 1 : 0)].Add(s);
        }
        _spans.Clear();
        _spans.AddRange(keep);
        Frees += freed;
        HeapMarked = live;
        _heapLive = live;
        SetGcPercent(_gcPercent);
        // Go 1.19 keeps at least sweepMinHeapDistance between the live heap at the end of a cycle and the
        // next goal (mgcpacer.go commit: sweepDistMinTrigger): with a tiny GOGC the next cycle waits for
        // 1 MiB of allocation, not a few spans (docs/gc.md "Pacing"; docs/performance.md issue 5).
        if (_goal != long.MaxValue) _goal = Math.Max(_goal, live + SweepMinHeapDistance);
        GcWanted = false;
        return (freed, freedBytes);
    }

    /// <summary>Visits every allocated object (base, size, type descriptor) — for gcverify.</summary>
    public void ForEachObject(Action<nint, long, ObjType> visit)
    {
        foreach (var s in _spans)
            for (int i = 0; i < s.NElems; i++)
                if (s.IsAllocated(i))
                    visit(s.AddrOf(i), s.SizeClass == 0 ? s.LargeSize : s.ElemSize, _typeArr[s.Tids == null ? 0 : s.Tids[i]]);
    }

    /// <summary>gcverify, after marking: every pointer word of every marked object is nil, static, or
    /// an allocated heap object, and none points into a goroutine stack (<paramref name="stacks"/>, sorted by address; heap <c>_defer</c> records,
    /// logically part of the stack, excepted). Returns the first violation, or null.</summary>
    public string? VerifyMarked((nint Lo, nint Hi)[] stacks)
    {
        bool InStack(nint p)
        {
            int lo = 0, hi = stacks.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (p < stacks[mid].Lo) hi = mid - 1;
                else if (p >= stacks[mid].Hi) lo = mid + 1;
                else return true;
            }
            return false;
        }
        foreach (var s in _spans)
        {
            if (s.NoScan) continue;
            for (int i = 0; i < s.NElems; i++)
            {
                if (!s.IsMarked(i)) continue;
                var t = _typeArr[s.Tids[i]];
                nint b = s.AddrOf(i);
                if (t.Kind == ScanKind.DeferRecord)
                {
                    var d = (Defer*)b;
                    if (Dangling(d->Fn) || Dangling(d->Link)) return $"heap defer record 0x{(long)b:x} holds a dangling pointer";
                    continue;
                }
                long nwords = (s.SizeClass == 0 ? s.LargeSize : s.ElemSize) >> 3;
                for (long w = 0; w < nwords; w++)
                {
                    long k = w % t.ElemWords;
                    if ((t.Mask[k >> 6] & (1UL << (int)(k & 63))) == 0) continue;
                    nint p = *(nint*)(b + (nint)(w * 8));
                    if (InStack(p))
                        return $"heap object 0x{(long)b:x} (word {w}) points into the goroutine stack (0x{(long)p:x})";
                    if (Dangling(p)) return $"heap object 0x{(long)b:x} (word {w}) holds a dangling pointer 0x{(long)p:x}";
                }
            }
        }
        return null;
    }

    bool Dangling(nint p)
    {
        if (p < _heapLo || p >= _heapHi || ArenaOf(p) == null) return false;
        var s = SpanOf(p);
        if (s == null) return true;
        int idx = s.IndexOf(p);
        return idx >= s.NElems || !s.IsAllocated(idx);
    }

    /// <summary>Spans in use (diagnostics).</summary>
    public int SpanCount => _spans.Count;

    public void Dispose()
    {
        foreach (var s in _spans) s.FreeMeta();
        _spans.Clear();
        foreach (var a in _arenas) NativeMemory.AlignedFree((void*)a.Base);
        _arenas.Clear();
        _arenaIndex = [];
        foreach (var p in _static) NativeMemory.AlignedFree((void*)p);
        _static.Clear();
        _heapLo = nint.MaxValue;
        _heapHi = 0;
    }
}

/// <summary>madvise(MADV_HUGEPAGE) on Linux; advice only: a failure (no THP, another OS) changes nothing.</summary>
static partial class HugePages
{
    [System.Runtime.InteropServices.LibraryImport("libc")]
    private static partial int madvise(nint addr, nuint len, int advice);

    const int MadvHugepage = 14;

    public static void Advise(nint p, long bytes)
    {
        try { _ = madvise(p, (nuint)bytes, MadvHugepage); }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }
}
