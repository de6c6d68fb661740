using Vm.Core.Abi;

namespace Vm.Gc;

/// <summary>A goroutine as the collector and the copier see it: its descriptor, its current stack, and
/// where it stopped (<see cref="Top"/>: the registers the interpreter saved when it parked, yielded
/// or stopped for a collection). The scheduler's goroutine (Vm.Interpreter/Scheduler.cs) extends it.</summary>
public unsafe class Goroutine
{
    public G* G;
    public GoroutineStack Stack = null!;
    /// <summary>The saved registers of a goroutine that is not running (docs/scheduler.md).</summary>
    public StackTop Top;
}

/// <summary>Moves pointers that point into [Lo, Hi) by Delta (Go's adjustpointer).</summary>
public unsafe struct AdjustVisitor(nint lo, nint hi, nint delta) : IPtrVisitor
{
    public void Ptr(nint* slot)
    {
        nint v = *slot;
        if ((nuint)(v - lo) < (nuint)(hi - lo)) *slot = v + delta;
    }

    public void FramePtr(nint* slot) => Ptr(slot);
}

/// <summary>gcverify after a copy: no slot may still point into the old stack, and stack pointers must
/// lie in the new one. Records the first violation.</summary>
unsafe struct CheckVisitor(nint oldLo, nint oldHi) : IPtrVisitor
{
    public string? Error;
    public string Where = "";

    public void Ptr(nint* slot)
    {
        nint v = *slot;
        if (Error == null && (nuint)(v - oldLo) < (nuint)(oldHi - oldLo))
            Error = $"{Where}: slot 0x{(long)slot:x} still points into the old stack (0x{(long)v:x})";
    }

    public void FramePtr(nint* slot) => Ptr(slot);
}

/// <summary>
/// Go's copystack: moves a goroutine's stack to a new segment (twice as large to grow, half to
/// shrink, the same size for stackmove=1) and adjusts every pointer into the old range.
/// </summary>
public sealed unsafe class StackCopier(FrameTable ft, Heap heap, StackPool pool, GcSettings settings)
{
    long _copies, _grows, _shrinks, _peak;
    public long Copies => Volatile.Read(ref _copies);
    public long Grows => Volatile.Read(ref _grows);
    public long Shrinks => Volatile.Read(ref _shrinks);
    /// <summary>Largest stack a goroutine may have (Go's maxstacksize).</summary>
    public long MaxSize { get; set; } = GoroutineStack.MaxSize;
    public long PeakSize => Volatile.Read(ref _peak);

    public const byte PoisonOld = 0xfc, PoisonNew = 0xfd;

    /// <summary>
    /// Copies <paramref name="gr"/>'s stack into a new segment of <paramref name="newSize"/> bytes. The steps,
    /// in order; each later step relies on the earlier ones:
    /// <list type="number">
    /// <item>Copy the used part, [top.Sp, hi), to the top of the new segment (delta = new.hi - old.hi).</item>
    /// <item>The defer chain, in the seed's order (adjustdefers): the head g._defer first, then, walking
    /// the chain on the new stack, each record's <c>fn</c>, <c>sp</c>, <c>_panic</c> and <c>link</c> —
    /// adjusting <c>link</c> before following it is what keeps the walk on the new copies of stack
    /// records — and only then the argument blocks, so they are adjusted in the new copies (their map
    /// comes from <c>fn</c>, which must already point at the new stack if it is a stack closure).</item>
    /// <item>The panic chain: g._panic, then each record's argp, arg.data, link, fp.</item>
/// <item>The channel wait records of a parked goroutine (g.waiting, docs/abi.md §sudog): each
/// record's <c>elem</c>, which points into its frame when the element is a frame object. The records
/// themselves are native memory and do not move; nothing else in them points into a stack.</item>
    /// <item>Swap the bounds and the guard in G.</item>
    /// <item>The saved registers (fp, sp), then every frame from the innermost outward on the new stack,
    /// by the stack maps: saved frame pointers, closure context words, argument, local and operand
    /// slots, frame objects' pointer fields; a pending call's arguments and closure register.</item>
    /// <item>gcverify: check that nothing still points into the old range.</item>
    /// <item>Poison (0xfc) and return the old segment to its pool.</item>
    /// </list>
    /// Must match docs/abi.md (§frame, §_defer, §_panic, §G).
    /// </summary>
    public void Copy(Goroutine gr, long newSize, ref StackTop top)
    {
        var old = gr.Stack;
        G* g = gr.G;
        nint oldLo = old.Lo, oldHi = old.Hi;
        long used = oldHi - (nint)top.Sp;
        if (used < 0 || used > old.Size) throw new GcFatalException("copystack: sp outside the stack");
        var ns = pool.Rent(newSize);
        if (settings.Poison) ns.Fill(PoisonNew);
        nint delta = ns.Hi - oldHi;
        Buffer.MemoryCopy(top.Sp, (void*)(ns.Hi - (nint)used), used, used);
        var adj = new AdjustVisitor(oldLo, oldHi, delta);
        var fault = settings.Fault;

        // 2. defers (the seed's adjustdefers).
        if (fault == GcFault.DeferArgsFirst) AdjustDeferArgs(g, ref adj);
        adj.Ptr(&g->Defer);
        for (Defer* d = (Defer*)g->Defer; d != null; d = (Defer*)d->Link)
        {
            if (fault != GcFault.SkipDeferFn) adj.Ptr(&d->Fn);
            if (fault != GcFault.SkipDeferSp) adj.Ptr(&d->Sp);
            if (fault != GcFault.SkipDeferPanic) adj.Ptr(&d->Panic);
            if (fault != GcFault.SkipDeferLink) adj.Ptr(&d->Link);
        }
        if (fault != GcFault.DeferArgsFirst) AdjustDeferArgs(g, ref adj);

        // 3. panics (always on the stack).
        adj.Ptr(&g->Panic);
        for (Panic* p = (Panic*)g->Panic; p != null; p = (Panic*)p->Link)
        {
            adj.Ptr(&p->Argp);
            adj.Ptr(&p->ArgData);
            adj.Ptr(&p->Link);
            adj.Ptr(&p->Fp);
        }

        // 3b. channel wait records (only a parked goroutine has any; they are native and stay put).
        for (Sudog* sg = (Sudog*)g->Waiting; sg != null; sg = (Sudog*)sg->WaitLink) adj.Ptr(&sg->Elem);

        // 4. bounds and guard.
        g->StackLo = ns.Lo;
        g->StackHi = ns.Hi;
        // A pending preemption request survives the copy (Go's newstack keeps stackPreempt).
        if (g->StackGuard != unchecked((nint)G.StackPreempt)) g->StackGuard = settings.StackMove ? ns.Hi : ns.Guard;
        gr.Stack = ns;

        // 5. registers, then frames by the stack maps.
        nint fp = (nint)top.Fp;
        adj.Ptr(&fp);
        top.Fp = (byte*)fp;
        top.Sp = (long*)((byte*)top.Sp + delta);
        StackWalker.WalkFrames(ft, ref top, ref adj);

        // 6. gcverify.
        if (settings.Verify) VerifyNoOldPointers(gr, ref top, oldLo, oldHi);

        // 7. the old segment.
        if (settings.Poison) old.Fill(PoisonOld);
        pool.Return(old);
        // Several Ps copy their own goroutines' stacks at once: the counters are shared.
        Interlocked.Increment(ref _copies);
        if (newSize > old.Size) Interlocked.Increment(ref _grows);
        if (newSize < old.Size) Interlocked.Increment(ref _shrinks);
        for (long peak = Volatile.Read(ref _peak); newSize > peak; peak = Volatile.Read(ref _peak))
            if (Interlocked.CompareExchange(ref _peak, newSize, peak) == peak) break;
    }

    void AdjustDeferArgs(G* g, ref AdjustVisitor adj)
    {
        for (Defer* d = (Defer*)g->Defer; d != null; d = (Defer*)d->Link) StackWalker.VisitDeferArgs(heap, d, ref adj);
    }

    void VerifyNoOldPointers(Goroutine gr, ref StackTop top, nint oldLo, nint oldHi)
    {
        G* g = gr.G;
        var chk = new CheckVisitor(oldLo, oldHi) { Where = "g" };
        chk.Ptr(&g->Defer);
        chk.Ptr(&g->Panic);
        chk.Where = "defer record";
        for (Defer* d = (Defer*)g->Defer; d != null && chk.Error == null; d = (Defer*)d->Link)
        {
            chk.Ptr(&d->Fn);
            chk.Ptr(&d->Sp);
            chk.Ptr(&d->Panic);
            chk.Ptr(&d->Link);
            if (chk.Error != null) break;
            chk.Where = "defer arguments";
            StackWalker.VisitDeferArgs(heap, d, ref chk);
            chk.Where = "defer record";
        }
        chk.Where = "panic record";
        for (Panic* p = (Panic*)g->Panic; p != null && chk.Error == null; p = (Panic*)p->Link)
        {
            chk.Ptr(&p->Argp);
            chk.Ptr(&p->ArgData);
            chk.Ptr(&p->Link);
            chk.Ptr(&p->Fp);
        }
        chk.Where = "wait record";
        for (Sudog* sg = (Sudog*)g->Waiting; sg != null && chk.Error == null; sg = (Sudog*)sg->WaitLink) chk.Ptr(&sg->Elem);
        if (chk.Error == null)
        {
            chk.Where = "frame";
            StackWalker.WalkFrames(ft, ref top, ref chk);
        }
        if (chk.Error != null) throw new GcFatalException("gcverify: stack copy: " + chk.Error);
    }
}
