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
/// explicitly as the seed's mgcmark.go does; its panic records; its channel wait records; and the
/// runtime's extra roots (every P's defer pool). Then the heap is swept, the goal set from GOGC, and a stack that uses less
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

    /// <summary>Runs one full cycle with the world stopped: every goroutine in <paramref name="gs"/> is stopped
    /// at its saved <see cref="Goroutine.Top"/> (the collecting one included). May shrink (move) their
    /// stacks, adjusting their tops. <paramref name="extraRoots"/> marks the runtime's other roots (every
    /// P's defer pool). <paramref name="procs"/> is printed in the gctrace line.</summary>
    public void Collect(IReadOnlyList<Goroutine> gs, GlobalRoot[] globals, Action<Heap>? extraRoots, bool forced, int procs = 1)
    {
        long t0 = Stopwatch.GetTimestamp();
        heap.Flush();
        long before = heap.HeapLive;
        long goalBefore = heap.Goal;
        heap.BadPointer = 0;

        foreach (var gl in globals) heap.ScanBlock(gl.Addr, gl.PtrMask, gl.Words);
        var mv = new MarkVisitor(heap);
        foreach (var gr in gs) MarkGoroutine(gr, ref mv);
        extraRoots?.Invoke(heap);
        heap.Drain();

        if (settings.Verify) Verify(gs);

        var (freed, _) = heap.Sweep();
        LastFreedObjects = freed;
        NumGC++;
        if (forced) NumForced++;

        // Shrink (Go's shrinkstack): half the size when less than a quarter is in use.
        foreach (var gr in gs)
        {
            var st = gr.Stack;
            if (st.Size <= GoroutineStack.MinSize || gr.Top.Kind != TopKind.AtPc) continue;
            var fi = ft.Funcs[*(int*)gr.Top.Fp];
            long used = st.Hi - ((nint)gr.Top.Fp - fi.Region - 8L * fi.MaxStack) + GoroutineStack.GuardSlack;
            if (used * 4 < st.Size) copier.Copy(gr, st.Size / 2, ref gr.Top);
        }

        long dt = Stopwatch.GetTimestamp() - t0;
        TotalPauseTicks += dt;
        if (settings.Trace && Trace != null)
        {
            double at = (t0 - _start) / (double)Stopwatch.Frequency;
            double ms = dt * 1000.0 / Stopwatch.Frequency;
            Trace(string.Create(CultureInfo.InvariantCulture,
                $"gc {NumGC} @{at:F3}s: {ms:F3} ms pause, {before >> 10}->{heap.HeapMarked >> 10} KB, {(goalBefore == long.MaxValue ? 0 : goalBefore >> 10)} KB goal, {freed} objects freed, {procs} P{(forced ? " (forced)" : "")}\n"));
        }
    }

    /// <summary>One goroutine's roots: its frames by the stack maps, its defer chain (explicitly, as the
    /// seed's scanstack does: fn may be a stack closure or a heap one, link may lead from a stack record to
    /// a heap record, a heap record is kept alive itself), its panic records' values, and the wait
    /// records of a goroutine parked on channels (elem may be a heap object; the channel is kept).</summary>
    void MarkGoroutine(Goroutine gr, ref MarkVisitor mv)
    {
        StackWalker.WalkFrames(ft, ref gr.Top, ref mv);
        G* g = gr.G;
        for (Defer* d = (Defer*)g->Defer; d != null; d = (Defer*)d->Link)
        {
            heap.Mark(d->Fn);
            heap.Mark(d->Link);
            if (d->Heap != 0) heap.Mark((nint)d);
            StackWalker.VisitDeferArgs(heap, d, ref mv);
        }
        for (Panic* p = (Panic*)g->Panic; p != null; p = (Panic*)p->Link) heap.Mark(p->ArgData);
        for (Sudog* sg = (Sudog*)g->Waiting; sg != null; sg = (Sudog*)sg->WaitLink)
        {
            heap.Mark(sg->Elem);
            heap.Mark(sg->C);
        }
    }

    /// <summary>gcverify: no dangling pointer was met while marking, and no live heap object points into
    /// any goroutine's stack (the compiler keeps frame objects from escaping); heap <c>_defer</c>
    /// records are logically part of the stack and exempt.</summary>
    void Verify(IReadOnlyList<Goroutine> gs)
    {
        if (heap.BadPointer != 0)
            throw new GcFatalException($"gcverify: pointer 0x{(long)heap.BadPointer:x} into the heap names no allocated object");
        var ranges = new (nint Lo, nint Hi)[gs.Count];
        for (int i = 0; i < gs.Count; i++) ranges[i] = (gs[i].Stack.Lo, gs[i].Stack.Hi);
        Array.Sort(ranges);
        string? err = heap.VerifyMarked(ranges);
        if (err != null) throw new GcFatalException("gcverify: " + err);
    }
}
