using System.Runtime.InteropServices;
using System.Text;
using Vm.Core.Abi;
using Vm.Gc;

namespace Vm.Interpreter;

/// <summary>A goroutine's scheduling state (Go's _Grunnable, _Grunning, _Gwaiting, _Gdead).</summary>
enum GStatus : byte
{
    /// <summary>Goroutine 1 between two Machine.Call runs: no frames, nothing to scan.</summary>
    Idle,
    Runnable,
    Running,
    /// <summary>Parked on channels (or forever, on a nil channel or an empty select).</summary>
    Waiting,
    Dead,
}

/// <summary>What a goroutine still has to do to the instruction it stopped at when it runs again
/// (its <see cref="Goroutine.Top"/> is stopped before that instruction, where the stack map holds).</summary>
enum Completion : byte
{
    /// <summary>Run the instruction (a preempted branch, a pending call).</summary>
    None,
    /// <summary>Skip it (runtime.Gosched: <see cref="Gor.SkipBytes"/>).</summary>
    Skip,
    /// <summary>A parked send, receive or select: the waker did the transfer; pop the operands and
    /// push the results (or panic: send on closed channel).</summary>
    Send, Recv, Recv2, Select,
    /// <summary>A parked <c>rt</c> (time.Sleep, semacquire): pop its <see cref="Gor.RtPop"/> operand slots and
    /// continue after it (3 bytes).</summary>
    Rt,
}

/// <summary>
/// The scheduler's goroutine (Go's g): the collector's view (<see cref="Goroutine"/>: descriptor, stack,
/// saved registers) plus its status, what it waits for, and the per-goroutine runtime state that must
/// follow it from P to P. Its descriptor's <see cref="G.Handle"/> leads back here from a wait record.
/// </summary>
sealed unsafe class Gor : Goroutine
{
    public long Goid;
    public GStatus Status;
    /// <summary>Go's waitReason, printed in tracebacks ("chan receive", "select"...).</summary>
    public string WaitReason = "";
    public GCHandle Handle;
    public Completion Completion;
    public int SkipBytes;
    /// <summary>Operand slots a parked <c>rt</c> pops when it completes (<see cref="Completion.Rt"/>).</summary>
    public int RtPop;
    /// <summary>A waker of a select wins the goroutine by setting this from 0 to 1 (Go's g.selectDone).</summary>
    public int SelectDone;
    /// <summary>The wait record that fired (Go's g.param for a select).</summary>
    public nint Param;
    /// <summary>Number of cases of the select it is parked in.</summary>
    public int SelectCases;
    // Go's gp.sig / sigcode1 (the last panic came from a nil dereference) and the Goexit mark.
    public bool Sig;
    public long SigAddr;
    public int SigPc;
    public bool GoExiting;
}

/// <summary>
/// State every P of one program shares (Go's sched plus the program's output and exit state):
/// the goroutines, the global run queue, the idle Ps, stop-the-world, the monitor thread.
/// Lock order: <see cref="Lock"/> before a P's run-queue lock; channel locks are never held
/// while taking either (docs/scheduler.md).
/// </summary>
sealed unsafe class Sched
{
    public const int MaxProcs = 256;

    public readonly object Lock = new();
    /// <summary>Every P made so far, by id (P0 is the embedder's Machine).</summary>
    public readonly List<Machine> AllPs = [];
    /// <summary>Go's GOMAXPROCS: Ps with an id at or above it run nothing.</summary>
    public volatile int GoMaxProcsValue;
    /// <summary>Runnable goroutines no P owns (under <see cref="Lock"/>).</summary>
    public readonly Queue<Gor> GlobalQ = new();
    public volatile int GlobalCount;
    /// <summary>Every goroutine ever made, live or free (under <see cref="Lock"/>; the collector reads it with the world stopped).</summary>
    public readonly List<Gor> AllGs = [];
    readonly Stack<Gor> _free = new();
    long _nextGoid;
    /// <summary>Goroutines that exist (runtime.NumGoroutine).</summary>
    public int Live;
    public long GoroutinesCreated;
    public int MaxLive;
    public Gor Main = null!;

    public readonly List<byte> Out = new(256);
    public readonly Decoder Decoder = Encoding.UTF8.GetDecoder();
    public int ExitCode;
    public bool Exited;
    public bool Dead;

    /// <summary>The program is ending: every P stops at its next safepoint and its thread ends.</summary>
    public volatile bool Stopping;
    /// <summary>Machine.Call is running goroutine 1 (P0's thread is in the scheduler).</summary>
    public volatile bool InCall;
    /// <summary>Goroutine 1's entry call returned: P0 leaves the scheduler.</summary>
    public volatile bool CallDone;

    /// <summary>A collection wants the world stopped; Ps stop at their next safepoint.</summary>
    public volatile bool StwPending;
    /// <summary>Ps executing goroutine code (not idle, not stopped for the world).</summary>
    public int RunningPs;
    /// <summary>Ps whose thread sleeps for lack of work (under <see cref="Lock"/>).</summary>
    public readonly List<Machine> Idle = [];
    /// <summary>Worker threads (one per P above P0) and the monitor were started.</summary>
    public bool Started;
    public readonly List<Thread> Threads = [];
    public readonly ManualResetEventSlim MonitorStop = new(false);

    // ---- timers (docs/scheduler.md "Timers"), under Lock ----
    /// <summary>Sleeping goroutines by wake-up time (Stopwatch ticks), ties in sleep order (Go's timer heap, one for all Ps).</summary>
    public readonly PriorityQueue<Gor, (long When, long Seq)> Timers = new();
    public long TimerSeq;
    /// <summary>The earliest wake-up time, long.MaxValue without timers (read without the lock as a hint).</summary>
    public long NextTimer = long.MaxValue;
    /// <summary>The idle P whose thread sleeps until <see cref="NextTimer"/> (at most one; the others sleep until woken).</summary>
    public Machine? TimerP;

    // ---- semaphores (Go's sema.go: sync's runtime_Semacquire/Semrelease), under SemaLock ----
    public readonly object SemaLock = new();
    /// <summary>Goroutines parked in semacquire, FIFO per address of the semaphore word (always a heap address: docs/scheduler.md).</summary>
    public readonly Dictionary<nint, Queue<Gor>> SemaWaiters = [];

    /// <summary>Wait records ever allocated (freed at Dispose) and the shared free list.</summary>
    public readonly List<nint> AllSudogs = [];

    public TestHarness? Harness;
    public TestState? Test;

    public Sched(Machine p0, int procs)
    {
        AllPs.Add(p0);
        GoMaxProcsValue = Math.Clamp(procs, 1, MaxProcs);
    }

    public int GoMaxProcs
    {
        get => GoMaxProcsValue;
        set => GoMaxProcsValue = Math.Clamp(value, 1, MaxProcs);
    }

    /// <summary>A goroutine descriptor with a fresh stack of <paramref name="stackSize"/> bytes, reused from
    /// the free list when one is there (Go's gfget). Its id is the next goroutine id.</summary>
    public Gor NewG(long stackSize, StackPool pool, GcSettings gcs)
    {
        Gor? gr;
        lock (Lock)
        {
            _free.TryPop(out gr);
            Live++;
            GoroutinesCreated++;
            if (Live > MaxLive) MaxLive = Live;
            if (gr == null)
            {
                gr = new Gor();
                gr.G = (G*)NativeMemory.AllocZeroed((nuint)sizeof(G));
                gr.Handle = GCHandle.Alloc(gr);
                AllGs.Add(gr);
            }
            gr.Goid = ++_nextGoid;
        }
        var st = pool.Rent(stackSize);
        gr.Stack = st;
        G* g = gr.G;
        g->StackLo = st.Lo;
        g->StackHi = st.Hi;
        g->StackGuard = gcs.StackMove ? st.Hi : st.Guard;
        g->Defer = 0;
        g->Panic = 0;
        g->Waiting = 0;
        g->Goid = gr.Goid;
        g->Handle = GCHandle.ToIntPtr(gr.Handle);
        gr.Status = GStatus.Runnable;
        gr.Completion = Completion.None;
        gr.Top = default;
        gr.WaitReason = "";
        gr.Sig = false;
        gr.GoExiting = false;
        return gr;
    }

    /// <summary>A goroutine ended (goexit0): its stack goes back to the pools, its descriptor to the free list.</summary>
    public void FreeG(Gor gr, StackPool pool, bool poison)
    {
        if (poison) gr.Stack.Fill(StackCopier.PoisonOld);
        pool.Return(gr.Stack);
        gr.Stack = null!;
        G* g = gr.G;
        g->StackLo = g->StackHi = g->StackGuard = 0;
        g->Defer = g->Panic = g->Waiting = 0;
        gr.Top = default;
        lock (Lock)
        {
            gr.Status = GStatus.Dead;
            Live--;
            _free.Push(gr);
        }
    }

    /// <summary>The goroutine a descriptor belongs to (through its handle).</summary>
    public static Gor GorOf(G* g) => (Gor)GCHandle.FromIntPtr(g->Handle).Target!;

    /// <summary>Live goroutines with frames to scan (the world is stopped).</summary>
    public List<Goroutine> ScannableGs()
    {
        var list = new List<Goroutine>(Live);
        foreach (var g in AllGs)
            if (g.Status is GStatus.Runnable or GStatus.Running or GStatus.Waiting) list.Add(g);
        return list;
    }

    /// <summary>Ends the program's threads: stop every P, wake the idle ones, wait for the workers and the monitor.</summary>
    public void Shutdown()
    {
        Machine.StopAll(this);
        MonitorStop.Set();
        foreach (var t in Threads) t.Join();
        Threads.Clear();
    }

    public void FreeGoroutines(StackPool pool)
    {
        foreach (var g in AllGs)
        {
            if (g.Stack != null) { pool.Return(g.Stack); g.Stack = null!; }
            NativeMemory.Free(g.G);
            g.G = null;
            if (g.Handle.IsAllocated) g.Handle.Free();
        }
        AllGs.Clear();
        _free.Clear();
    }

    public void FreeSudogs()
    {
        foreach (var p in AllSudogs) NativeMemory.Free((void*)p);
        AllSudogs.Clear();
    }
}
