using System.Runtime.CompilerServices;
using Vm.Core.Abi;
using Vm.Gc;

namespace Vm.Interpreter;

// Channels (Go's chan.go and select.go), must match docs/abi.md §chan and §sudog. Each operation
// runs with the loop's registers saved at its instruction (the goroutine's stack map there still
// shows the operands: the channel and the element pointer). A goroutine that must wait puts a wait
// record on the channel's queue, saves its top with a Completion, and parks (Act.Park); whoever
// pairs with it does the transfer through the record, then readies it; when it runs again
// ResumeG finishes the instruction (pops the operands, pushes the results).
//
// Locking: one spin lock per channel (Chan.Lock); a select locks all its channels in address order
// (Go's lockorder). No channel lock is held across a safepoint or while taking the scheduler's lock
// except Ready's run-queue lock, so a stop-the-world never finds a channel locked.
public sealed unsafe partial class Machine
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ChanLock(Chan* c)
    {
        if (Interlocked.CompareExchange(ref c->Lock, 1, 0) != 0) ChanLockSlow(c);
    }

    static void ChanLockSlow(Chan* c)
    {
        var sw = new SpinWait();
        while (Volatile.Read(ref c->Lock) != 0 || Interlocked.CompareExchange(ref c->Lock, 1, 0) != 0) sw.SpinOnce();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ChanUnlock(Chan* c) => Volatile.Write(ref c->Lock, 0);

    /// <summary>makechan T n: the channel object and its ring buffer (typed by the element, so the
    /// collector scans buffered values). Never collects: the loop checked for a due collection.</summary>
    nint MakeChan(int elemType, long n)
    {
        TypeRt* t = _types + elemType;
        Chan* c = (Chan*)_heap.Alloc(_cache, Chan.Size, _chanTid);
        c->Dataqsiz = n;
        c->ElemSize = t->Size;
        c->ElemType = elemType;
        if (n > 0 && t->Size > 0) c->Buf = _heap.Alloc(_cache, n * t->Size, t->Tid);
        return (nint)c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Move(nint dst, nint src, long size)
    {
        if (size > 0 && dst != 0) Buffer.MemoryCopy((void*)src, (void*)dst, size, size);
    }

    static void Clear(nint p, long size)
    {
        if (size > 0 && p != 0) new Span<byte>((void*)p, (int)size).Clear();
    }

    static nint Slot(Chan* c, long i) => c->Buf + (nint)(i * c->ElemSize);

    // ---- wait queues (Go's waitq) ----

    static void Enqueue(nint* first, Sudog* sg)
    {
        nint* last = first + 1;
        sg->Next = 0;
        sg->Prev = *last;
        if (*last == 0) *first = (nint)sg; else ((Sudog*)*last)->Next = (nint)sg;
        *last = (nint)sg;
    }

    /// <summary>The first record that can still be woken (Go's waitq.dequeue): a select's record is skipped
    /// (and dropped) when another case already won its goroutine.</summary>
    static Sudog* Dequeue(nint* first)
    {
        nint* last = first + 1;
        for (;;)
        {
            Sudog* sg = (Sudog*)*first;
            if (sg == null) return null;
            *first = sg->Next;
            if (sg->Next == 0) *last = 0; else ((Sudog*)sg->Next)->Prev = 0;
            sg->Next = sg->Prev = 0;
            if (sg->IsSelect != 0)
            {
                var g = Sched.GorOf((G*)sg->G);
                if (Interlocked.CompareExchange(ref g.SelectDone, 1, 0) != 0) continue;
                g.Param = (nint)sg;
            }
            return sg;
        }
    }

    /// <summary>Removes <paramref name="sg"/> if it is still queued (Go's dequeueSudoG).</summary>
    static void Remove(nint* first, Sudog* sg)
    {
        nint* last = first + 1;
        Sudog* x = (Sudog*)sg->Prev, y = (Sudog*)sg->Next;
        if (x != null)
        {
            if (y != null) { x->Next = (nint)y; y->Prev = (nint)x; }
            else { x->Next = 0; *last = (nint)x; }
        }
        else if (y != null) { y->Prev = 0; *first = (nint)y; }
        else if (*first == (nint)sg) { *first = 0; *last = 0; }
        sg->Next = sg->Prev = 0;
    }

    static nint* Recvq(Chan* c) => &c->RecvqFirst;
    static nint* Sendq(Chan* c) => &c->SendqFirst;

    // ---- parking ----

    /// <summary>Parks the current goroutine, stopped before the instruction at the saved registers
    /// (its map shows the operands) and finishing it with <paramref name="c"/> when it runs again.
    /// The caller still holds the channel locks: the goroutine is complete before anyone can wake it.</summary>
    void ParkHere(Completion c, string reason)
    {
        _gr.Top = new StackTop { Kind = TopKind.AtPc, Fp = _fp, Pc = _pc, Sp = _sp };
        _gr.Completion = c;
        _gr.WaitReason = reason;
        _gr.Status = GStatus.Waiting;
    }

    /// <summary>A wait nothing can end (nil channel, empty select): park without a record (Go's gopark with no unlock).</summary>
    Act ParkForever(string reason)
    {
        ParkHere(Completion.None, reason);
        return Act.Park;
    }

    /// <summary>The waker's half: the goroutine of <paramref name="sg"/> can run.</summary>
    void ReadyWaiter(Sudog* sg) => Ready(Sched.GorOf((G*)sg->G));

    // ---- send, receive, close ----

    /// <summary>chansend (blocking): ch &lt;- *ep. Registers saved at the send instruction.</summary>
    Act ChanSend(Chan* c, nint ep)
    {
        if (c == null) return ParkForever("chan send (nil chan)");
        ChanLock(c);
        if (c->Closed != 0)
        {
            ChanUnlock(c);
            _err = Err.SendClosed;
            return RaiseRuntimeError();
        }
        if (!SendLocked(c, ep))
        {
            Sudog* me = AcquireSudog();
            me->G = (nint)_g; me->Elem = ep; me->C = (nint)c; me->IsSelect = 0; me->Success = 0;
            _g->Waiting = (nint)me;
            ParkHere(Completion.Send, "chan send");
            Enqueue(Sendq(c), me);
            ChanUnlock(c);
            return Act.Park;
        }
        _sp += 2;
        _pc += 1;
        return Act.Resume;
    }

    /// <summary>The send of an open, locked channel when it need not wait: to a waiting receiver (copied straight
    /// into its element, Go's send + sendDirect) or into the buffer; unlocks and returns true. Otherwise false,
    /// the lock still held.</summary>
    bool SendLocked(Chan* c, nint ep)
    {
        Sudog* sg = Dequeue(Recvq(c));
        if (sg != null)
        {
            Move(sg->Elem, ep, c->ElemSize);
            sg->Success = 1;
            ChanUnlock(c);
            ReadyWaiter(sg);
            return true;
        }
        if (c->Qcount < c->Dataqsiz)
        {
            Move(Slot(c, c->Sendx), ep, c->ElemSize);
            if (++c->Sendx == c->Dataqsiz) c->Sendx = 0;
            c->Qcount++;
            ChanUnlock(c);
            return true;
        }
        return false;
    }

    /// <summary>chanrecv (blocking): *ep = &lt;-ch (ep may be 0), pushing ok for recv2.</summary>
    Act ChanRecv(Chan* c, nint ep, bool withOk)
    {
        if (c == null) return ParkForever("chan receive (nil chan)");
        ChanLock(c);
        int r = RecvLocked(c, ep);
        if (r == 0)
        {
            Sudog* me = AcquireSudog();
            me->G = (nint)_g; me->Elem = ep; me->C = (nint)c; me->IsSelect = 0; me->Success = 0; me->IsRecv = 1;
            _g->Waiting = (nint)me;
            ParkHere(withOk ? Completion.Recv2 : Completion.Recv, "chan receive");
            Enqueue(Recvq(c), me);
            ChanUnlock(c);
            return Act.Park;
        }
        if (withOk) { _sp += 1; *_sp = r == 1 ? 1 : 0; }
        else _sp += 2;
        _pc += 1;
        return Act.Resume;
    }

    /// <summary>The receive of a locked channel when it need not wait: closed and empty (zero value, returns 2),
    /// from a waiting sender or the buffer (returns 1); unlocks. Otherwise 0, the lock still held.</summary>
    int RecvLocked(Chan* c, nint ep)
    {
        if (c->Closed != 0 && c->Qcount == 0)
        {
            ChanUnlock(c);
            Clear(ep, c->ElemSize);
            return 2;
        }
        if (Dequeue(Sendq(c)) is var sg && sg != null)
        {
            RecvFromSender(c, sg, ep);
            ChanUnlock(c);
            ReadyWaiter(sg);
            return 1;
        }
        if (c->Qcount > 0)
        {
            nint slot = Slot(c, c->Recvx);
            Move(ep, slot, c->ElemSize);
            Clear(slot, c->ElemSize);
            if (++c->Recvx == c->Dataqsiz) c->Recvx = 0;
            c->Qcount--;
            ChanUnlock(c);
            return 1;
        }
        return 0;
    }

    /// <summary>Compiled code's send (docs/jit.md §helpers): 1 when done without waiting, else 0 and nothing
    /// changed (nil or closed channel, or the sender must wait): the interpreter then executes the send.</summary>
    internal int TrySend(Chan* c, nint ep)
    {
        if (c == null) return 0;
        ChanLock(c);
        if (c->Closed != 0) { ChanUnlock(c); return 0; }
        if (SendLocked(c, ep)) return 1;
        ChanUnlock(c);
        return 0;
    }

    /// <summary>Compiled code's receive: 1 (a value, ok) or 2 (closed: zero value, !ok) when done without
    /// waiting, else 0 and nothing changed (nil channel, or the receiver must wait).</summary>
    internal int TryRecv(Chan* c, nint ep)
    {
        if (c == null) return 0;
        ChanLock(c);
        int r = RecvLocked(c, ep);
        if (r == 0) ChanUnlock(c);
        return r;
    }

    /// <summary>Go's recv with a waiting sender: unbuffered, copy from the sender's element; buffered (so
    /// full), take the head of the buffer and put the sender's value at its tail.</summary>
    static void RecvFromSender(Chan* c, Sudog* sg, nint ep)
    {
        if (c->Dataqsiz == 0) Move(ep, sg->Elem, c->ElemSize);
        else
        {
            nint slot = Slot(c, c->Recvx);
            Move(ep, slot, c->ElemSize);
            Move(slot, sg->Elem, c->ElemSize);
            if (++c->Recvx == c->Dataqsiz) c->Recvx = 0;
            c->Sendx = c->Recvx;
        }
        sg->Success = 1;
    }

    /// <summary>closechan: wakes every receiver (zero value, ok false) and every sender (who then panics).</summary>
    Act ChanClose(Chan* c)
    {
        if (c == null) { _err = Err.CloseNil; return RaiseRuntimeError(); }
        ChanLock(c);
        if (c->Closed != 0)
        {
            ChanUnlock(c);
            _err = Err.CloseClosed;
            return RaiseRuntimeError();
        }
        c->Closed = 1;
        nint woken = 0;
        Sudog* sg;
        while ((sg = Dequeue(Recvq(c))) != null)
        {
            Clear(sg->Elem, c->ElemSize);
            sg->Success = 0;
            sg->Next = woken; woken = (nint)sg;
        }
        while ((sg = Dequeue(Sendq(c))) != null)
        {
            sg->Success = 0;
            sg->Next = woken; woken = (nint)sg;
        }
        ChanUnlock(c);
        while (woken != 0)
        {
            sg = (Sudog*)woken;
            woken = sg->Next;
            sg->Next = 0;
            ReadyWaiter(sg);
        }
        _sp += 1;
        _pc += 1;
        return Act.Resume;
    }

    // ---- select (Go's selectgo) ----

    // Scratch arrays for one select on this P.
    nint[] _selC = new nint[8], _selE = new nint[8];
    int[] _selDir = new int[8], _pollOrder = new int[8], _lockOrder = new int[8];

    static void LockAll(nint[] chans, int[] order, int n)
    {
        nint prev = 0;
        for (int i = 0; i < n; i++)
        {
            nint c = chans[order[i]];
            if (c != prev) ChanLock((Chan*)c);
            prev = c;
        }
    }

    static void UnlockAll(nint[] chans, int[] order, int n)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            nint c = chans[order[i]];
            if (i > 0 && chans[order[i - 1]] == c) continue;
            ChanUnlock((Chan*)c);
        }
    }

    /// <summary>select over <paramref name="n"/> cases (operands (ch, elem, dir) per case, case 0 deepest),
    /// with or without default. Cases are polled in a random order (fairness), channels locked in address
    /// order; if none can proceed and there is no default, the goroutine waits on every channel at once and
    /// the first waker wins it (Go's selectDone).</summary>
    Act Select(int n, bool hasDefault)
    {
        if (_selC.Length < n)
        {
            int m = Math.Max(n, _selC.Length * 2);
            _selC = new nint[m]; _selE = new nint[m]; _selDir = new int[m]; _pollOrder = new int[m]; _lockOrder = new int[m];
        }
        long* sp = _sp;
        int norder = 0;
        for (int i = 0; i < n; i++)
        {
            long* cs = sp + 3 * (n - 1 - i);
            _selC[i] = (nint)cs[2];
            _selE[i] = (nint)cs[1];
            _selDir[i] = (int)cs[0];
            if (_selC[i] == 0) continue; // a nil channel's case never proceeds
            // pollorder: a random permutation (inside-out Fisher-Yates, Go's cheaprandn)
            int j = Random.Shared.Next(norder + 1);
            _pollOrder[norder] = _pollOrder[j];
            _pollOrder[j] = i;
            norder++;
        }
        if (norder == 0 && !hasDefault) return ParkForever(n == 0 ? "select (no cases)" : "select");
        for (int i = 0; i < norder; i++) _lockOrder[i] = _pollOrder[i];
        var chans = _selC;
        Array.Sort(_lockOrder, 0, norder, Comparer<int>.Create((a, b) => chans[a].CompareTo(chans[b])));

        LockAll(_selC, _lockOrder, norder);
        // pass 1: a case that can proceed now
        for (int k = 0; k < norder; k++)
        {
            int i = _pollOrder[k];
            Chan* c = (Chan*)_selC[i];
            nint ep = _selE[i];
            if (_selDir[i] == 0)
            {
                Sudog* sg = Dequeue(Sendq(c));
                if (sg != null)
                {
                    RecvFromSender(c, sg, ep);
                    UnlockAll(_selC, _lockOrder, norder);
                    ReadyWaiter(sg);
                    return SelectDone(n, i, true);
                }
                if (c->Qcount > 0)
                {
                    nint slot = Slot(c, c->Recvx);
                    Move(ep, slot, c->ElemSize);
                    Clear(slot, c->ElemSize);
                    if (++c->Recvx == c->Dataqsiz) c->Recvx = 0;
                    c->Qcount--;
                    UnlockAll(_selC, _lockOrder, norder);
                    return SelectDone(n, i, true);
                }
                if (c->Closed != 0)
                {
                    UnlockAll(_selC, _lockOrder, norder);
                    Clear(ep, c->ElemSize);
                    return SelectDone(n, i, false);
                }
            }
            else
            {
                if (c->Closed != 0)
                {
                    UnlockAll(_selC, _lockOrder, norder);
                    _err = Err.SendClosed;
                    return RaiseRuntimeError();
                }
                Sudog* sg = Dequeue(Recvq(c));
                if (sg != null)
                {
                    Move(sg->Elem, ep, c->ElemSize);
                    sg->Success = 1;
                    UnlockAll(_selC, _lockOrder, norder);
                    ReadyWaiter(sg);
                    return SelectDone(n, i, false);
                }
                if (c->Qcount < c->Dataqsiz)
                {
                    Move(Slot(c, c->Sendx), ep, c->ElemSize);
                    if (++c->Sendx == c->Dataqsiz) c->Sendx = 0;
                    c->Qcount++;
                    UnlockAll(_selC, _lockOrder, norder);
                    return SelectDone(n, i, false);
                }
            }
        }
        if (hasDefault)
        {
            UnlockAll(_selC, _lockOrder, norder);
            return SelectDone(n, -1, false);
        }

        // pass 2: wait on every channel, in lock order
        _gr.SelectDone = 0;
        _gr.Param = 0;
        _gr.SelectCases = n;
        nint head = 0;
        for (int k = norder - 1; k >= 0; k--)
        {
            int i = _lockOrder[k];
            Sudog* me = AcquireSudog();
            me->G = (nint)_g; me->Elem = _selE[i]; me->C = _selC[i]; me->Case = i; me->IsSelect = 1;
            me->IsRecv = (byte)(_selDir[i] == 0 ? 1 : 0); me->Success = 0;
            me->WaitLink = head;
            head = (nint)me;
        }
        _g->Waiting = head;
        ParkHere(Completion.Select, "select");
        for (Sudog* sg = (Sudog*)head; sg != null; sg = (Sudog*)sg->WaitLink)
            Enqueue(sg->IsRecv != 0 ? Recvq((Chan*)sg->C) : Sendq((Chan*)sg->C), sg);
        UnlockAll(_selC, _lockOrder, norder);
        return Act.Park;
    }

    /// <summary>Pops the select's 3n operands and pushes (case index or -1, recvOK).</summary>
    Act SelectDone(int n, int index, bool recvOk)
    {
        _sp += 3 * n - 2;
        _sp[1] = index;
        _sp[0] = recvOk ? 1 : 0;
        _pc += 4;
        return Act.Resume;
    }

    /// <summary>Pass 3 of selectgo, when the goroutine runs again: lock the channels again, take its other
    /// records off their queues (a waker may have dropped some already), and finish with the case that fired
    /// (a send case woken by close panics).</summary>
    Act CompleteSelect(Gor g)
    {
        Sudog* fired = (Sudog*)g.Param;
        int norder = 0;
        for (Sudog* sg = (Sudog*)_g->Waiting; sg != null; sg = (Sudog*)sg->WaitLink) norder++;
        if (_selC.Length < norder)
        {
            int m = Math.Max(norder, _selC.Length * 2);
            _selC = new nint[m]; _selE = new nint[m]; _selDir = new int[m]; _pollOrder = new int[m]; _lockOrder = new int[m];
        }
        int k = 0;
        for (Sudog* sg = (Sudog*)_g->Waiting; sg != null; sg = (Sudog*)sg->WaitLink) { _selC[k] = sg->C; _lockOrder[k] = k; k++; }
        var chans = _selC;
        Array.Sort(_lockOrder, 0, norder, Comparer<int>.Create((a, b) => chans[a].CompareTo(chans[b])));
        LockAll(_selC, _lockOrder, norder);
        for (Sudog* sg = (Sudog*)_g->Waiting; sg != null; sg = (Sudog*)sg->WaitLink)
            if (sg != fired) Remove(sg->IsRecv != 0 ? Recvq((Chan*)sg->C) : Sendq((Chan*)sg->C), sg);
        UnlockAll(_selC, _lockOrder, norder);
        if (fired == null) throw new GcFatalException("selectgo: woken without a case");
        int casi = fired->Case;
        bool isRecv = fired->IsRecv != 0, success = fired->Success != 0;
        for (Sudog* sg = (Sudog*)_g->Waiting; sg != null;)
        {
            Sudog* next = (Sudog*)sg->WaitLink;
            ReleaseSudog(sg);
            sg = next;
        }
        _g->Waiting = 0;
        if (!isRecv && !success) { _err = Err.SendClosed; return RaiseRuntimeError(); }
        return SelectDone(g.SelectCases, casi, isRecv && success);
    }
}
