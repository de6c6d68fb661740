using System.Diagnostics;
using System.Globalization;
using Vm.Core.Abi;

namespace Vm.Gc;

/// <summary>A global variable as a root: its static address and its type's pointer map.</summary>
public readonly record struct GlobalRoot(nint Addr, byte[] PtrMask, long Words);

/// <summary>Marks every object a slot points to.</summary>
public unsafe struct MarkVisitor(Heap heap) : IPtrVisitor
{
    public void Ptr(nint* slot) => heap.Mark(*slot);
    public void FramePtr(nint* slot) { }
}

/// <summary>
/// The stop-the-world, precise mark-sweep collector (docs/gc.md). Roots: globals by their types'
/// pointer maps; every goroutine's frames (<see cref="StackWalker"/>); its defer chain, scanned
/// explicitly as the seed's mgcmark.go does; its panic records; and the runtime's extra roots
/// (the P defer pools). Then the heap is swept, the goal set from GOGC, and a stack that uses less
/// than a quarter of its size is shrunk to half.
/// </summary>
public sealed unsafe class Collector(Heap heap, FrameTable ft, StackCopier copier, GcSettings settings)
{
    readonly long _start = Stopwatch.GetTimestamp();

    public long NumGC { get; private set; }
    public long NumForced { get; private set; }
    public long TotalPauseTicks { get; private set; }
    public long LastFreedObjects { get; private set; }
    public TimeSpan TotalPause => TimeSpan.FromSeconds(TotalPauseTicks / (double)Stopwatch.Frequency);

    /// <summary>Receives the gctrace line of each cycle (GODEBUG=gctrace=1).</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>Runs one full cycle with <paramref name="gr"/> stopped at <paramref name="top"/>; may shrink
    /// (move) its stack, adjusting <paramref name="top"/>.</summary>
    public void Collect(Goroutine gr, ref StackTop top, GlobalRoot[] globals, Action<Heap>? extraRoots, bool forced)
    {
        long t0 = Stopwatch.GetTimestamp();
        heap.Flush();
        long before = heap.HeapLive;
        long goalBefore = heap.Goal;
        heap.BadPointer = 0;

        foreach (var gl in globals) heap.ScanBlock(gl.Addr, gl.PtrMask, gl.Words);
        var mv = new MarkVisitor(heap);
        StackWalker.WalkFrames(ft, ref top, ref mv);
        G* g = gr.G;
        // The defer chain (the seed's scanstack): fn may be a stack closure (its frame object is
        // scanned with the frame) or a heap one; link may lead from a stack record to a heap record;
        // a heap record is kept alive itself, since the chain weaves between stack and heap.
        for (Defer* d = (Defer*)g->Defer; d != null; d = (Defer*)d->Link)
        {
            heap.Mark(d->Fn);
            heap.Mark(d->Link);
            if (d->Heap != 0) heap.Mark((nint)d);
            StackWalker.VisitDeferArgs(heap, d, ref mv);
        }
        // Panic records live on the stack; their values may be heap objects.
        for (Panic* p = (Panic*)g->Panic; p != null; p = (Panic*)p->Link) heap.Mark(p->ArgData);
        extraRoots?.Invoke(heap);
        heap.Drain();

        if (settings.Verify) Verify(gr);

        var (freed, _) = heap.Sweep();
        LastFreedObjects = freed;
        NumGC++;
        if (forced) NumForced++;

        // Shrink (Go's shrinkstack): half the size when less than a quarter is in use.
        var st = gr.Stack;
        if (st.Size > GoroutineStack.MinSize && top.Kind == TopKind.AtPc)
        {
            var fi = ft.Funcs[*(int*)top.Fp];
            long used = st.Hi - ((nint)top.Fp - fi.Region - 8L * fi.MaxStack) + GoroutineStack.GuardSlack;
            if (used * 4 < st.Size) copier.Copy(gr, st.Size / 2, ref top);
        }

        long dt = Stopwatch.GetTimestamp() - t0;
        TotalPauseTicks += dt;
        if (settings.Trace && Trace != null)
        {
            double at = (t0 - _start) / (double)Stopwatch.Frequency;
            double ms = dt * 1000.0 / Stopwatch.Frequency;
            Trace(string.Create(CultureInfo.InvariantCulture,
                $"gc {NumGC} @{at:F3}s: {ms:F3} ms pause, {before >> 10}->{heap.HeapMarked >> 10} KB, {(goalBefore == long.MaxValue ? 0 : goalBefore >> 10)} KB goal, {freed} objects freed, 1 P{(forced ? " (forced)" : "")}\n"));
        }
    }

    /// <summary>gcverify: no dangling pointer was met while marking, and no live heap object points into
    /// the goroutine's stack (the compiler keeps frame objects from escaping); heap <c>_defer</c>
    /// records are logically part of the stack and exempt.</summary>
    void Verify(Goroutine gr)
    {
        if (heap.BadPointer != 0)
            throw new GcFatalException($"gcverify: pointer 0x{(long)heap.BadPointer:x} into the heap names no allocated object");
        nint lo = gr.Stack.Lo, hi = gr.Stack.Hi;
        string? err = heap.VerifyMarked(lo, hi);
        if (err != null) throw new GcFatalException("gcverify: " + err);
    }
}
