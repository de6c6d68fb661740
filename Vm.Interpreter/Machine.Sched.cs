using System.Diagnostics;
using System.Text;
using Vm.Core.Bytecode;
using Vm.Core.Abi;
using Vm.Gc;

namespace Vm.Interpreter;

// The scheduler, seen from one P (docs/scheduler.md): its run queue, the loop that finds and runs
// goroutines (Go's schedule/findrunnable/execute), parking and readying, preemption at safepoints,
// stop-the-world for the collector, deadlock detection, and the monitor thread (Go's sysmon).
//
// Every goroutine that is not running has its registers in Goroutine.Top, stopped at a point with a
// stack map: a safepoint instruction (AtPc) or a call whose prologue check failed (PendingCall).
// That is what lets the collector scan, and the copier move, any goroutine's stack.
public sealed unsafe partial class Machine
{
    // ---- this P's run queue (Go's p.runq and p.runnext), under _qlock ----
    readonly object _qlock = new();
    Gor? _runnext;
    readonly Queue<Gor> _runq = new();
    /// <summary>Local queue length above which half goes to the global queue (Go's runq is 256 long).</summary>
    const int LocalQueueMax = 256;

    /// <summary>Requests to stop at the next safepoint (bits below), set by other threads.</summary>
    int _preempt;
    const int PreemptSlice = 1, PreemptStw = 2, PreemptStop = 4;

    /// <summary>Goroutines this P started running (Go's schedtick), read by the monitor.</summary>
    long _schedtick;
    volatile bool _running;
    readonly SemaphoreSlim _wake = new(0);
    // The monitor's view of this P (Go's sysmontick).
    long _seenTick = -1, _seenAt;

    // Wait records free for reuse on this P.
    nint _sudogFree;

    /// <summary>How long a goroutine may run before the monitor asks it to yield (Go's forcePreemptNS).</summary>
    static readonly long SliceTicks = Stopwatch.Frequency / 100;

    // ---- goroutine 1 and the program ----

    /// <summary>Runs goroutine 1's call of <paramref name="func"/> with this thread as P0 until it returns or
    /// the program ends. Returns the exit status.</summary>
    int RunMain(int func)
    {
        var g = _s.Main;
        g.Top = new StackTop { Kind = TopKind.PendingCall, Fp = null, Cont = Continuation.Exit, Sp = (long*)g.G->StackHi, Callee = func };
        g.Completion = Completion.None;
        lock (_s.Lock)
        {
            g.Status = GStatus.Runnable;
            _s.CallDone = false;
            _s.InCall = true;
        }
        RunqPut(g, next: true);
        Schedule();
        lock (_s.Lock) _s.InCall = false;
        if (_s.Stopping || _s.Dead) return _s.ExitCode;
        // Goroutines left in P0's queue run on the other Ps until the next call.
        FlushRunqToGlobal();
        Wakep();
        return 0;
    }

    /// <summary>Goroutine 1 returned from main: the program ends, whatever else runs (Go's exit(0)).</summary>
    internal static void StopAll(Sched s)
    {
        lock (s.Lock)
        {
            s.Stopping = true;
            s.CallDone = true;
            foreach (var p in s.Idle) p._wake.Release();
            s.Idle.Clear();
            foreach (var p in s.AllPs) RequestPreempt(p, PreemptStop);
            Monitor.PulseAll(s.Lock);
        }
    }

    // ---- the scheduling loop (schedule, findrunnable, execute) ----

    /// <summary>Finds and runs goroutines until there is no more work for this P's thread: the program
    /// stops, or (P0) goroutine 1's call returned.</summary>
    void Schedule()
    {
        for (;;)
        {
            var g = FindRunnable();
            if (g == null) return;
            Execute(g);
        }
    }

    void WorkerMain()
    {
        try
        {
            Schedule();
        }
        catch (Exception e)
        {
            // Only a govm bug gets here (bad input was rejected before anything ran): say so and end.
            PrintAscii("fatal error: govm: " + e.GetType().Name + ": " + e.Message + "\n");
            lock (_s.Lock) { _s.ExitCode = 2; _s.Dead = true; }
            StopAll(_s);
        }
    }

    /// <summary>Runs <paramref name="g"/> until it parks, yields, exits or the program ends (Go's execute +
    /// the interpreter loop). The world-stop protocol: a P counts in RunningPs while it runs goroutine code,
    /// and never starts while a stop is pending.</summary>
    void Execute(Gor g)
    {
        lock (_s.Lock)
        {
            while (_s.StwPending) Monitor.Wait(_s.Lock);
            _s.RunningPs++;
            // Stale requests were for the goroutine before; a new one comes under this lock (see CollectHere).
            // A stop (StopAll) is not stale: the program is ending, and it may have come while this P was between
            // goroutines (not _running, so no guard was set). Dropped, it left a goroutine spinning in a loop without
            // calls, compiled code's only safepoints being the guard checks, and Shutdown waiting for it forever.
            _preempt = _s.Stopping ? PreemptStop : 0;
            _running = true;
        }
        _gr = g;
        _g = g.G;
        g.Status = GStatus.Running;
        _schedtick++;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _preempt) != 0) _g->StackGuard = unchecked((nint)G.StackPreempt);
        else RestoreGuard();

        Act act;
        try
        {
            act = ResumeG(g);
            act = Run(act);
        }
        catch (GcFatalException e)
        {
            // The collector, the copier or gcverify found an impossible state (Go's throw).
            PrintAscii("fatal error: " + e.Message + "\n");
            _exitCode = 2;
            act = Act.Exit;
        }
        catch (OutOfMemoryException)
        {
            // The host refused a VM heap or stack allocation: Go's fatal error, not a .NET crash.
            PrintAscii("fatal error: runtime: out of memory\n");
            _exitCode = 2;
            act = Act.Exit;
        }

        switch (act)
        {
            case Act.GoExit: GoExit(g); break;
            case Act.Exit:
                lock (_s.Lock) _s.Dead = true;
                Flush();
                StopAll(_s);
                break;
        }
        lock (_s.Lock)
        {
            _s.RunningPs--;
            _running = false;
            if (_s.StwPending) Monitor.PulseAll(_s.Lock);
        }
    }

    /// <summary>Loads the registers of a goroutine about to run from its saved top, finishing the
    /// instruction it parked in (the transfer was done by its waker).</summary>
    Act ResumeG(Gor g)
    {
        ref var t = ref g.Top;
        if (t.Kind == TopKind.PendingCall)
        {
            _fp = t.Fp; _sp = t.Sp; _ctx = t.Ctx; _callee = t.Callee; _cont = t.Cont;
            return Act.Call;
        }
        _fp = t.Fp; _pc = t.Pc; _sp = t.Sp;
        var c = g.Completion;
        g.Completion = Completion.None;
        switch (c)
        {
            case Completion.Skip: _pc += g.SkipBytes; return Act.Resume;
            case Completion.Rt: _sp += g.RtPop; _pc += 3; return Act.Resume;
            case Completion.Send:
            case Completion.Recv:
            case Completion.Recv2:
            {
                Sudog* sg = (Sudog*)_g->Waiting;
                _g->Waiting = 0;
                bool ok = sg->Success != 0;
                ReleaseSudog(sg);
                if (c == Completion.Send)
                {
                    if (!ok) { _err = Err.SendClosed; return RaiseRuntimeError(); }
                    _sp += 2;
                }
                else if (c == Completion.Recv) _sp += 2;
                else { _sp += 1; *_sp = ok ? 1 : 0; }
                _pc += 1;
                return Act.Resume;
            }
            case Completion.Select: return CompleteSelect(g);
            default: return Act.Resume;
        }
    }

    /// <summary>Goroutine <paramref name="g"/>'s entry function returned (goexit0). Goroutine 1 ends the
    /// current Machine.Call; any other goroutine is freed.</summary>
    void GoExit(Gor g)
    {
        if (g == _s.Main)
        {
            lock (_s.Lock)
            {
                g.Status = GStatus.Idle;
                _s.CallDone = true;
                var p0 = _s.AllPs[0];
                if (_s.Idle.Remove(p0)) p0._wake.Release();
                if (p0 != this) RequestPreempt(p0, PreemptStop);
            }
            return;
        }
        _s.FreeG(g, _stackPool, _gcs.Poison);
    }

    /// <summary>Go's findrunnable: the local queue (runnext first), the global queue (first, every 61st
    /// time, for fairness), then stealing half of another P's queue. With nothing to run the P sleeps
    /// (no spinning) until some P readies work, after checking for deadlock. Returns null when this
    /// thread should leave the scheduler.</summary>
    Gor? FindRunnable()
    {
        for (;;)
        {
            if (_s.Stopping) return null;
            if (_id == 0 && _s.CallDone) return null;
            if (_id < _s.GoMaxProcs)
            {
                Gor? g = null;
                if (_schedtick % 61 == 0 && _s.GlobalCount > 0) g = GlobalGet();
                g ??= RunTimers() ?? RunqGet() ?? GlobalGet() ?? Steal();
                if (g != null) return g;
            }
            else FlushRunqToGlobal();

            long timer;
            lock (_s.Lock)
            {
                if (_s.Stopping) return null;
                if (_id == 0 && _s.CallDone) return null;
                if (_s.GlobalQ.Count > 0 && _id < _s.GoMaxProcs) continue;
                timer = TimerSleepLocked();
                if (timer == 0) continue;
                _s.Idle.Add(this);
                if (CheckDead()) return null;
            }
            if (timer > 0) IdleWaitTimer(timer);
            else _wake.Wait();
        }
    }

    /// <summary>Go's checkdead, under the scheduler lock, when a P goes idle: if every P with a thread is
    /// idle while goroutine 1's call has not returned, no goroutine can ever run again (channel waits are
    /// the only way to sleep, and only a running goroutine wakes one).</summary>
    bool CheckDead()
    {
        if (!_s.InCall || _s.CallDone || _s.Stopping) return false;
        int threads = 1 + _s.Threads.Count(t => t.Name != MonitorName);
        // A sleeping goroutine will run again: not a deadlock (Go counts timers too).
        if (_s.Idle.Count < threads || _s.GlobalQ.Count > 0 || _s.Timers.Count > 0) return false;
        foreach (var p in _s.AllPs)
            lock (p._qlock)
                if (p._runnext != null || p._runq.Count > 0) return false;
        PrintAscii("fatal error: all goroutines are asleep - deadlock!\n");
        var self = _gr;
        foreach (var g in _s.AllGs)
        {
            if (g.Status is not (GStatus.Waiting or GStatus.Runnable)) continue;
            PrintGoroutine(g);
        }
        _gr = self;
        _g = self.G;
        Flush();
        _s.ExitCode = 2;
        _s.Dead = true;
        _s.Stopping = true;
        _s.CallDone = true;
        _s.Idle.Remove(this);
        foreach (var p in _s.Idle) p._wake.Release();
        _s.Idle.Clear();
        return true;
    }

    /// <summary>"goroutine N [reason]:" and the goroutine's traceback from its saved top (Go's goroutineheader
    /// + traceback), for a goroutine that is not running.</summary>
    void PrintGoroutine(Gor g)
    {
        _gr = g;
        _g = g.G;
        string reason = g.Status == GStatus.Waiting ? g.WaitReason : "runnable";
        PrintAscii($"\ngoroutine {g.Goid} [{reason}]:\n");
        ref var t = ref g.Top;
        if (t.Kind == TopKind.AtPc && t.Fp != null) Traceback(t.Fp, t.Pc);
        else if (t.Kind == TopKind.PendingCall)
        {
            PrintFrame(t.Callee, 0);
            if (t.Fp != null && t.Cont >= 0) Traceback(t.Fp, t.Cont - 1);
        }
    }

    // ---- run queues ----

    /// <summary>Go's runqput: <paramref name="next"/> puts the goroutine in runnext (it runs next on this P,
    /// the old runnext goes to the queue's tail), as a readied or new goroutine does. A queue that has
    /// something to steal wakes an idle P.</summary>
    void RunqPut(Gor g, bool next)
    {
        bool stealable;
        Gor[]? overflow = null;
        lock (_qlock)
        {
            if (next)
            {
                var old = _runnext;
                _runnext = g;
                if (old != null) _runq.Enqueue(old);
            }
            else _runq.Enqueue(g);
            stealable = _runq.Count > 0;
            if (_runq.Count > LocalQueueMax)
            {
                overflow = new Gor[_runq.Count / 2];
                for (int i = 0; i < overflow.Length; i++) overflow[i] = _runq.Dequeue();
            }
        }
        if (overflow != null)
            lock (_s.Lock)
            {
                foreach (var o in overflow) _s.GlobalQ.Enqueue(o);
                _s.GlobalCount = _s.GlobalQ.Count;
            }
        if (stealable && _s.Idle.Count > 0) Wakep();
    }

    Gor? RunqGet()
    {
        lock (_qlock)
        {
            if (_runnext != null) { var g = _runnext; _runnext = null; return g; }
            return _runq.Count > 0 ? _runq.Dequeue() : null;
        }
    }

    void FlushRunqToGlobal()
    {
        var moved = new List<Gor>();
        lock (_qlock)
        {
            if (_runnext != null) { moved.Add(_runnext); _runnext = null; }
            while (_runq.Count > 0) moved.Add(_runq.Dequeue());
        }
        if (moved.Count == 0) return;
        lock (_s.Lock)
        {
            foreach (var g in moved) _s.GlobalQ.Enqueue(g);
            _s.GlobalCount = _s.GlobalQ.Count;
        }
    }

    /// <summary>A runnable goroutine no P owns (a preempted or yielding one, Go's globrunqput).</summary>
    void GlobalPut(Gor g)
    {
        lock (_s.Lock)
        {
            g.Status = GStatus.Runnable;
            _s.GlobalQ.Enqueue(g);
            _s.GlobalCount = _s.GlobalQ.Count;
            WakeOneLocked();
        }
    }

    Gor? GlobalGet()
    {
        if (_s.GlobalCount == 0) return null;
        lock (_s.Lock)
        {
            if (_s.GlobalQ.Count == 0) return null;
            var g = _s.GlobalQ.Dequeue();
            _s.GlobalCount = _s.GlobalQ.Count;
            return g;
        }
    }

    /// <summary>Go's stealWork/runqsteal: half of another P's queue, the first to run now. Two passes over the
    /// other Ps in a random order; on the last, a P that is running a goroutine and has nothing in its queue
    /// but runnext gives that up (Go's stealRunNextG: after a short pause, so a P about to schedule its
    /// runnext itself usually wins).</summary>
    Gor? Steal()
    {
        var ps = _s.AllPs;
        int n = Math.Min(ps.Count, _s.GoMaxProcs);
        if (n <= 1) return null;
        for (int pass = 0; pass < 2; pass++)
        {
            bool runnext = pass == 1;
            int start = Random.Shared.Next(n);
            for (int i = 0; i < n; i++)
            {
                var p = ps[(start + i) % n];
                if (p == this) continue;
                if (runnext)
                {
                    if (!p._running || Volatile.Read(ref p._runnext) == null) continue;
                    Thread.SpinWait(50); // Go's usleep(3)
                }
                Gor? first = null;
                List<Gor>? rest = null;
                lock (p._qlock)
                {
                    int k = p._runq.Count - p._runq.Count / 2;
                    if (k == 0)
                    {
                        if (!runnext || !p._running || p._runnext == null) continue;
                        first = p._runnext;
                        p._runnext = null;
                        return first;
                    }
                    first = p._runq.Dequeue();
                    if (k > 1)
                    {
                        rest = new List<Gor>(k - 1);
                        for (int j = 1; j < k; j++) rest.Add(p._runq.Dequeue());
                    }
                }
                if (rest != null)
                    lock (_qlock)
                        foreach (var g in rest) _runq.Enqueue(g);
                return first;
            }
        }
        return null;
    }

    /// <summary>Wakes one idle P that may run goroutines (Go's wakep), if there is one.</summary>
    void Wakep()
    {
        lock (_s.Lock) WakeOneLocked();
    }

    void WakeOneLocked()
    {
        for (int i = _s.Idle.Count - 1; i >= 0; i--)
        {
            var p = _s.Idle[i];
            if (p._id >= _s.GoMaxProcs || (p._id == 0 && !_s.InCall)) continue;
            _s.Idle.RemoveAt(i);
            p._wake.Release();
            return;
        }
    }

    /// <summary>A parked goroutine can run again (Go's goready): it runs next on this P.</summary>
    void Ready(Gor g)
    {
        g.Status = GStatus.Runnable;
        RunqPut(g, next: true);
    }

    // ---- starting goroutines (go statement: newproc) ----

    /// <summary>Go's newproc: a goroutine running closure <paramref name="fv"/> (function <paramref name="callee"/>)
    /// with the <paramref name="nargs"/> argument slots at <paramref name="args"/> (pushed in order, the
    /// last on top) copied to its own new stack, as a deferred call's arguments are copied into its record.
    /// It starts with a pending call of its entry function (continuation Exit).</summary>
    void NewProc(nint fv, int callee, long* args, int nargs)
    {
        EnsureStarted();
        var ng = _s.NewG(GoroutineStack.DefaultSize, _stackPool, _gcs);
        long* nsp = (long*)ng.G->StackHi - nargs;
        if (nargs > 0) Buffer.MemoryCopy(args, nsp, 8L * nargs, 8L * nargs);
        ng.Top = new StackTop { Kind = TopKind.PendingCall, Fp = null, Cont = Continuation.Exit, Sp = nsp, Callee = callee, Ctx = fv };
        RunqPut(ng, next: true);
        // Go's newproc wakep: an idle P may take the new goroutine from runnext (Steal's last pass) while
        // this one keeps running.
        if (_s.Idle.Count > 0) Wakep();
    }

    const string MonitorName = "govm sysmon";

    /// <summary>The first goroutine other than goroutine 1 starts the other Ps' threads and the monitor.</summary>
    void EnsureStarted()
    {
        if (_s.Started) return;
        lock (_s.Lock)
        {
            if (_s.Started) return;
            _s.Started = true;
            var mon = new Thread(MonitorMain) { IsBackground = true, Name = MonitorName };
            _s.Threads.Add(mon);
            mon.Start();
            GrowProcsLocked(_s.GoMaxProcs);
        }
    }

    /// <summary>Makes Ps (and their threads) up to <paramref name="n"/>.</summary>
    void GrowProcsLocked(int n)
    {
        var first = _s.AllPs[0];
        while (_s.AllPs.Count < n)
        {
            var p = new Machine(first, _s.AllPs.Count);
            _s.AllPs.Add(p);
            var t = new Thread(p.WorkerMain) { IsBackground = true, Name = "govm P" + p._id };
            _s.Threads.Add(t);
            t.Start();
        }
    }

    /// <summary>runtime.GOMAXPROCS(n): Ps beyond the new count hand their queues to the global queue at
    /// their next scheduling point and sleep; new Ps start when goroutines exist.</summary>
    void SetMaxProcs(int n)
    {
        lock (_s.Lock)
        {
            _s.GoMaxProcs = n;
            if (_s.Started) GrowProcsLocked(_s.GoMaxProcs);
            WakeOneLocked();
        }
    }

    // ---- preemption and stopping at safepoints ----

    static void RequestPreempt(Machine p, int why)
    {
        Interlocked.Or(ref p._preempt, why);
        G* g = p._g;
        if (p._running && g != null) g->StackGuard = unchecked((nint)G.StackPreempt);
    }

    void RestoreGuard()
    {
        if (_g->StackGuard == unchecked((nint)G.StackPreempt) || _g->StackGuard == 0)
            _g->StackGuard = _gcs.StackMove ? _gr.Stack.Hi : _gr.Stack.Guard;
    }

    /// <summary>
    /// The current goroutine reached a safepoint with a stop requested; its registers are in _gr.Top.
    /// In order: a pending stop-the-world (wait until the world restarts: the collector may have moved
    /// the stack, so registers come back from Top), the program ending, goroutine 1's call having
    /// returned (P0 leaves the scheduler; this goroutine goes to the global queue), a time-slice
    /// preemption (the goroutine goes to the global queue, Go's gopreempt). Otherwise it continues.
    /// </summary>
    Act Preempted()
    {
        int why = Interlocked.Exchange(ref _preempt, 0);
        RestoreGuard();
        if (_s.StwPending) StopForWorld();
        if (_s.Stopping) return Act.Stop;
        if ((_id == 0 && _s.CallDone) || (why & PreemptSlice) != 0 || _id >= _s.GoMaxProcs)
        {
            GlobalPut(_gr);
            return Act.Park;
        }
        return ReloadTop();
    }

    /// <summary>Registers from the current goroutine's saved top (after a stop, the stack may have moved).</summary>
    Act ReloadTop()
    {
        ref var t = ref _gr.Top;
        if (t.Kind == TopKind.PendingCall)
        {
            _fp = t.Fp; _sp = t.Sp; _ctx = t.Ctx; _callee = t.Callee; _cont = t.Cont;
            return Act.CallRetry;
        }
        _fp = t.Fp; _pc = t.Pc; _sp = t.Sp;
        return Act.Resume;
    }

    /// <summary>Stop for another P's collection: no longer running until the world restarts.</summary>
    void StopForWorld()
    {
        lock (_s.Lock)
        {
            _s.RunningPs--;
            _running = false;
            Monitor.PulseAll(_s.Lock);
        }
        WaitWorldRestart();
    }

    /// <summary>A stopped P waits for the world to restart and counts as running again. It spins for a while
    /// first (a cycle usually takes well under a millisecond, and a blocked thread's wake-up costs about as
    /// much again on a busy machine: docs/performance.md, issue 5), then sleeps on the scheduler lock.</summary>
    void WaitWorldRestart()
    {
        SpinUntil(() => !_s.StwPending);
        lock (_s.Lock)
        {
            while (_s.StwPending) Monitor.Wait(_s.Lock);
            _s.RunningPs++;
            _running = true;
        }
    }

    /// <summary>How long a P spins for a stop-the-world handshake before it blocks.</summary>
    static readonly long StwSpinTicks = Stopwatch.Frequency / 2000; // 0.5 ms

    static void SpinUntil(Func<bool> done)
    {
        if (done()) return;
        long t0 = Stopwatch.GetTimestamp();
        var sw = new SpinWait();
        while (!done())
        {
            if (Stopwatch.GetTimestamp() - t0 > StwSpinTicks) return;
            sw.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>
    /// Go's stopTheWorld + gcStart + startTheWorld, called at an allocation safepoint (registers in
    /// _gr.Top). If another P is already collecting, this P stops like any other and returns false.
    /// Otherwise it asks every P to stop at its next safepoint, waits until none runs goroutine code
    /// (spinning first: the others are running and stop within microseconds), runs <paramref name="work"/>
    /// and restarts the world.
    /// </summary>
    bool StopTheWorldAndRun(Action work)
    {
        lock (_s.Lock)
        {
            if (_s.StwPending)
            {
                _s.RunningPs--;
                _running = false;
                Monitor.PulseAll(_s.Lock);
            }
            else
            {
                _s.StwPending = true;
                _s.RunningPs--;
                foreach (var p in _s.AllPs)
                    if (p != this) RequestPreempt(p, PreemptStw);
                goto stopping;
            }
        }
        WaitWorldRestart();
        return false;

    stopping:
        // RunningPs only goes down while a stop is pending (no P starts or restarts a goroutine).
        SpinUntil(() => Volatile.Read(ref _s.RunningPs) == 0);
        lock (_s.Lock)
            while (_s.RunningPs > 0) Monitor.Wait(_s.Lock);
        try
        {
            work();
        }
        finally
        {
            lock (_s.Lock)
            {
                _s.StwPending = false;
                _s.RunningPs++;
                Monitor.PulseAll(_s.Lock);
            }
        }
        return true;
    }

    // ---- the monitor thread (Go's sysmon) ----

    void MonitorMain()
    {
        var s = _s;
        while (!s.Stopping)
        {
            if (s.MonitorStop.Wait(2)) return;
            long now = Stopwatch.GetTimestamp();
            bool queued = s.GlobalCount > 0;
            Machine[] ps;
            lock (s.Lock) ps = [.. s.AllPs];
            foreach (var p in ps)
            {
                if (!p._running) { p._seenTick = -1; continue; }
                long t = Volatile.Read(ref p._schedtick);
                if (t != p._seenTick) { p._seenTick = t; p._seenAt = now; }
                else if (now - p._seenAt > SliceTicks)
                {
                    RequestPreempt(p, PreemptSlice);
                    p._seenAt = now;
                }
                lock (p._qlock) queued |= p._runq.Count > 0 || p._runnext != null;
            }
            // A due timer with no idle P sleeping until it (the timer P was woken for other work while the
            // others sleep until woken): wake one, as for queued work.
            queued |= Volatile.Read(ref s.NextTimer) <= now && s.TimerP == null;
            if (queued && s.Idle.Count > 0)
                lock (s.Lock) WakeOneLocked();
        }
    }

    // ---- wait records (sudogs), per-P free lists ----

    Sudog* AcquireSudog()
    {
        Sudog* s = (Sudog*)_sudogFree;
        if (s != null)
        {
            _sudogFree = s->FreeLink;
            s->FreeLink = 0;
            return s;
        }
        s = (Sudog*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(Sudog.Size);
        lock (_s.AllSudogs) _s.AllSudogs.Add((nint)s);
        return s;
    }

    /// <summary>Clears every field (docs/abi.md §sudog) and keeps the record on this P.</summary>
    void ReleaseSudog(Sudog* s)
    {
        *s = default;
        s->FreeLink = _sudogFree;
        _sudogFree = (nint)s;
    }
}

// Timers, semaphores, atomics and sync's fatal (docs/scheduler.md "Timers, semaphores, atomics"): the rt
// functions that may park the goroutine, raise a runtime error or end the program, so the loop runs them
// here with the registers saved (stopped before the rt instruction, where its stack map holds).
public sealed unsafe partial class Machine
{
    /// <summary>The rt functions the loop hands to <see cref="RtSched"/> instead of DoRuntime (must match the
    /// ids of Vm.Core/Bytecode/RuntimeFuncs.cs).</summary>
    static bool IsSchedRt(int id) =>
        id >= (int)RuntimeId.SemAcquire ? id <= (int)RuntimeId.Fatal : id is (int)RuntimeId.Gosched or (int)RuntimeId.Sleep;

    /// <summary>Runs rt function <paramref name="id"/> for the current goroutine, whose registers are in
    /// _fp/_pc/_sp at the rt instruction. Returns Resume (registers past it), Park, or a panic's or exit's act.</summary>
    Act RtSched(int id)
    {
        switch ((RuntimeId)id)
        {
            case RuntimeId.Gosched: return Gosched();
            case RuntimeId.Sleep: return SleepPark(_sp[0]);
            case RuntimeId.SemAcquire: return SemAcquire((nint)_sp[0]);
            case RuntimeId.SemRelease:
                if ((ulong)_sp[0] < NilPage) return NilAtomic(_sp[0]);
                SemRelease((nint)_sp[0]);
                return AfterRt(1, 0, false);
            case RuntimeId.Atomic32 or RuntimeId.Atomic64 or RuntimeId.AtomicU32 or RuntimeId.AtomicU64:
            {
                long p = _sp[3];
                if ((ulong)p < NilPage) return NilAtomic(p);
                long r = Atomic((RuntimeId)id, (void*)p, (AtomicOp)_sp[2], _sp[1], _sp[0]);
                return AfterRt(4, r, true);
            }
            default: // RuntimeId.Fatal: Go's fatal (sync.fatal), which no recover stops
            {
                long p = _sp[1], n = _sp[0];
                var msg = n > 0 ? Encoding.UTF8.GetString(new ReadOnlySpan<byte>((void*)p, (int)n)) : "";
                lock (_out) return Fatal(msg, true);
            }
        }
    }

    /// <summary>Addresses below this are a nil pointer plus a field offset (Go faults on the zero page too).</summary>
    const ulong NilPage = 4096;

    Act NilAtomic(long p)
    {
        _err = Err.Nil;
        _errX = p;
        return RaiseRuntimeError();
    }

    /// <summary>Completes the rt instruction in place: pops <paramref name="pop"/> slots, pushes <paramref name="r"/>
    /// if it has a result, and continues after it.</summary>
    Act AfterRt(int pop, long r, bool result)
    {
        _sp += pop;
        if (result) *--_sp = r;
        _pc += 3;
        return Act.Resume;
    }

    /// <summary>Parks the current goroutine at its rt instruction (Go's gopark): when readied it pops
    /// <paramref name="pop"/> operand slots and continues after the instruction. The caller queues it
    /// under the lock its waker takes, then returns Park.</summary>
    void ParkAtRt(string reason, int pop)
    {
        _gr.Top = new StackTop { Kind = TopKind.AtPc, Fp = _fp, Pc = _pc, Sp = _sp };
        _gr.Completion = Completion.Rt;
        _gr.RtPop = pop;
        _gr.WaitReason = reason;
        _gr.Status = GStatus.Waiting;
    }

    // ---- sync/atomic: sequentially consistent operations on a raw VM address ----

    static long Atomic(RuntimeId id, void* p, AtomicOp op, long a, long b)
    {
        if (id is RuntimeId.Atomic32 or RuntimeId.AtomicU32)
        {
            ref int w = ref *(int*)p;
            int r = op switch
            {
                AtomicOp.Add => Interlocked.Add(ref w, (int)a),
                AtomicOp.Swap => Interlocked.Exchange(ref w, (int)a),
                AtomicOp.Cas => Interlocked.CompareExchange(ref w, (int)b, (int)a) == (int)a ? 1 : 0,
                AtomicOp.Load => Volatile.Read(ref w),
                _ => Store32(ref w, (int)a),
            };
            return op == AtomicOp.Cas ? r : id == RuntimeId.AtomicU32 ? (uint)r : r;
        }
        ref long x = ref *(long*)p;
        return op switch
        {
            AtomicOp.Add => Interlocked.Add(ref x, a),
            AtomicOp.Swap => Interlocked.Exchange(ref x, a),
            AtomicOp.Cas => Interlocked.CompareExchange(ref x, b, a) == a ? 1 : 0,
            AtomicOp.Load => Volatile.Read(ref x),
            _ => Store64(ref x, a),
        };

        static int Store32(ref int w, int v) { Interlocked.Exchange(ref w, v); return 0; }
        static long Store64(ref long w, long v) { Interlocked.Exchange(ref w, v); return 0; }
    }

    // ---- semaphores (Go's sema.go), keyed by the address of a uint32 ----

    /// <summary>Go's semacquire: take a unit of the semaphore at <paramref name="addr"/> or park until
    /// a semrelease hands one over (FIFO).</summary>
    Act SemAcquire(nint addr)
    {
        if ((ulong)addr < NilPage) return NilAtomic(addr);
        lock (_s.SemaLock)
        {
            uint* p = (uint*)addr;
            if (*p > 0)
            {
                (*p)--;
                return AfterRt(1, 0, false);
            }
            ParkAtRt("semacquire", 1);
            if (!_s.SemaWaiters.TryGetValue(addr, out var q)) _s.SemaWaiters[addr] = q = new Queue<Gor>();
            q.Enqueue(_gr);
        }
        return Act.Park;
    }

    /// <summary>Go's semrelease: the first goroutine waiting on <paramref name="addr"/> gets the unit directly
    /// (it runs next on this P), else the count goes up.</summary>
    void SemRelease(nint addr)
    {
        Gor? g = null;
        lock (_s.SemaLock)
        {
            if (_s.SemaWaiters.TryGetValue(addr, out var q))
            {
                g = q.Dequeue();
                if (q.Count == 0) _s.SemaWaiters.Remove(addr);
            }
            else (*(uint*)addr)++;
        }
        if (g != null) Ready(g);
    }

    // ---- timers: time.Sleep ----

    /// <summary>time.Sleep(ns): park on the timer heap until ns from now; at once for ns &lt;= 0 (Go 1.19's timeSleep).</summary>
    Act SleepPark(long ns)
    {
        if (ns <= 0) return AfterRt(1, 0, false);
        long now = Stopwatch.GetTimestamp();
        long d = Stopwatch.Frequency == 1_000_000_000 ? ns : (long)Math.Min(ns * (double)Stopwatch.Frequency / 1e9, long.MaxValue / 2);
        long when = now + d;
        if (when < now) when = long.MaxValue - 1;
        ParkAtRt("sleep", 1);
        var g = _gr;
        lock (_s.Lock)
        {
            _s.Timers.Enqueue(g, (when, ++_s.TimerSeq));
            if (when < _s.NextTimer)
            {
                Volatile.Write(ref _s.NextTimer, when);
                // The P sleeping until the old earliest timer must sleep less now.
                var tp = _s.TimerP;
                if (tp != null)
                {
                    _s.TimerP = null;
                    if (_s.Idle.Remove(tp)) tp._wake.Release();
                }
            }
        }
        return Act.Park;
    }

    /// <summary>Go's checkTimers: readies every goroutine whose sleep is over; the first is returned to run
    /// now, the others go to this P's queue (in wake-up order).</summary>
    Gor? RunTimers()
    {
        long next = Volatile.Read(ref _s.NextTimer);
        if (next == long.MaxValue) return null;
        long now = Stopwatch.GetTimestamp();
        if (now < next) return null;
        Gor? first = null;
        List<Gor>? rest = null;
        lock (_s.Lock)
        {
            while (_s.Timers.TryPeek(out var g, out var at) && at.When <= now)
            {
                _s.Timers.Dequeue();
                if (first == null) first = g;
                else (rest ??= []).Add(g);
            }
            Volatile.Write(ref _s.NextTimer, _s.Timers.TryPeek(out _, out var nx) ? nx.When : long.MaxValue);
        }
        if (rest != null)
            foreach (var g in rest)
            {
                g.Status = GStatus.Runnable;
                RunqPut(g, next: false);
            }
        if (first != null) first.Status = GStatus.Runnable;
        return first;
    }

    /// <summary>Under the scheduler lock, for a P about to sleep: if timers are pending and no other idle P
    /// sleeps until the earliest one, this P does (returns the ticks to sleep, 0 if one is due now); -1: sleep
    /// until woken.</summary>
    long TimerSleepLocked()
    {
        if (_s.Timers.Count == 0 || _id >= _s.GoMaxProcs || (_id == 0 && !_s.InCall)) return -1;
        long d = _s.NextTimer - Stopwatch.GetTimestamp();
        if (d <= 0) return 0;
        if (_s.TimerP != null) return -1;
        _s.TimerP = this;
        return d;
    }

    /// <summary>The idle sleep of the timer P: until woken or until the earliest timer is due.</summary>
    void IdleWaitTimer(long ticks)
    {
        int ms = (int)Math.Min(int.MaxValue - 1, Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency));
        bool woken = _wake.Wait(Math.Max(1, ms));
        lock (_s.Lock)
        {
            // A waker takes the P off the idle list and releases it under this lock: if it is gone from the
            // list, that release came after the timeout and must be consumed.
            if (!woken && !_s.Idle.Remove(this)) _wake.Wait(0);
            if (_s.TimerP == this)
            {
                _s.TimerP = null;
                // Woken for other work: another idle P takes over the timers.
                if (woken && _s.Timers.Count > 0) WakeOneLocked();
            }
        }
    }
}
