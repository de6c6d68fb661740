using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Verification;
using Vm.Gc;

namespace Vm.Interpreter;

/// <summary>Per-function facts the hot loop needs, in native memory (one row per module function).
/// Frame geometry must match docs/abi.md §frame. The row is 128 bytes so that indexing the table is a
/// shift (the loop does it at every call and return).</summary>
[StructLayout(LayoutKind.Sequential, Size = 128)]
unsafe struct FuncRt
{
    public byte* Code;
    /// <summary>Per stack defer record: its distance below fp (record at fp - off).</summary>
    public int* DeferOff;
    /// <summary>Per frame object: its distance below fp.</summary>
    public int* ObjOff;
    public int NParams, NResults, NSlots, NLocals;
    /// <summary>Bytes of inline defer records and frame objects below the header.</summary>
    public int Region;
    public int MaxStack;
    /// <summary>Canonical signature index (equal signatures share one).</summary>
    public int Sig;
    public int CodeLen;
    /// <summary>Bytes from fp down to the bottom of the operand stack: Region + 8*MaxStack.</summary>
    public int Below;
    /// <summary>Bytes zeroed at entry below fp (the frame objects; the inline defer records below them are
    /// filled by defers before anything reads them). The declared locals above the header are zeroed too.</summary>
    public int ZeroFrom;
    /// <summary>Entry of the function's compiled code (0: none yet). Written once, by the JIT's publisher.</summary>
    public nint Native;
    /// <summary>Tiering budget: calls and backward branches left before the function is compiled
    /// (Machine.Jit.cs). Kept at 0 once compiled, so a backward branch in an interpreted frame of it
    /// moves that frame into compiled code.</summary>
    public int Hot;

    // Frame geometry precomputed for the interpreter's call and return (docs/abi.md §frame), from the
    // fields above; sp is the caller's operand-stack top with the arguments pushed.
    /// <summary>This row's function index (the frame header's first word).</summary>
    public int Index;
    /// <summary>Bytes from the arguments' top down to the new frame pointer: nfp = sp - FpFromSp = sp - 8*NLocals - 32.</summary>
    public int FpFromSp;
    /// <summary>Bytes from sp down to the bottom of the frame's operand stack (FpFromSp + Below): the prologue check.</summary>
    public int StackNeed;
    /// <summary>Slot 0 from the frame pointer: Frame.BaseFromFp(NSlots).</summary>
    public int SlotsFromFp;
    /// <summary>Non-zero when frame entry has something to zero (ZeroFrom or NLocals non-zero).</summary>
    public int ZeroAny;
}

/// <summary>Per-type facts the hot loop needs (sizes from the module's type layouts).</summary>
[StructLayout(LayoutKind.Sequential)]
struct TypeRt
{
    public long Size;
    /// <summary>Array length (arrays only).</summary>
    public long Len;
    /// <summary>Element size (arrays only).</summary>
    public long ElemSize;
    /// <summary>The heap's type descriptor for objects of this type (Heap.RegisterType; 0: pointer-free).</summary>
    public int Tid;
}

/// <summary>
/// One running program, seen from one processor (Go's P): every P is a Machine with its own
/// interpreter registers, current goroutine, allocation cache, defer pool and run queue
/// (docs/scheduler.md). The first P is the one the embedder constructs; it loads the module
/// (code, strings, globals and funcvals in native memory) and owns the state every P shares
/// (<see cref="Sched"/>: heap, collector, goroutines, global queue, output). The other Ps are made
/// when the first goroutine starts, each run by its own thread.
/// </summary>
public sealed unsafe partial class Machine : IDisposable
{
    readonly VerifiedModule _vm;
    readonly Module _m;
    readonly TextWriter _stdout, _stderr;
    readonly RunOptions _options;
    readonly Heap _heap;
    readonly FrameTable _frames;
    readonly GcSettings _gcs;
    readonly StackPool _stackPool;
    readonly StackCopier _copier;
    readonly Collector _collector;
    readonly GlobalRoot[] _globalRoots;
    readonly int _stringTid, _chanTid;
    readonly CentralDeferPool _central;
    readonly List<nint> _native;
    readonly Sched _s;

    // This P's own state.
    readonly int _id;
    readonly AllocCache _cache;
    readonly RuntimeCounters _counters = new();
    readonly DeferPool _pool;
    /// <summary>The goroutine this P runs (Go's m.curg) and its descriptor.</summary>
    Gor _gr = null!;
    G* _g;

    readonly FuncRt* _funcs;
    readonly TypeRt* _types;
    readonly int _nfuncs, _ntypes;
    readonly int* _sigParams, _sigResults, _sigCanon;
    readonly nint* _strPtr;
    readonly long* _strLen;
    readonly nint* _globals;
    readonly nint* _funcvals;

    readonly long _startTicks;

    // Shared program state (docs/scheduler.md): one value for all Ps.
    List<byte> _out => _s.Out;
    int _gomaxprocs { get => _s.GoMaxProcs; set => _s.GoMaxProcs = value; }
    int _exitCode { get => _s.ExitCode; set => _s.ExitCode = value; }
    bool _exited { get => _s.Exited; set => _s.Exited = value; }
    // Per goroutine (Go's gp.sig and the Goexit mark): they follow the goroutine from P to P.
    bool _sig { get => _gr.Sig; set => _gr.Sig = value; }
    long _sigAddr { get => _gr.SigAddr; set => _gr.SigAddr = value; }
    int _sigPc { get => _gr.SigPc; set => _gr.SigPc = value; }
    bool _goexiting { get => _gr.GoExiting; set => _gr.GoExiting = value; }

    /// <summary>The runtime's counters (defer pools of every P, allocations, collections, stacks).</summary>
    public RuntimeCounters Counters
    {
        get
        {
            var c = new RuntimeCounters();
            foreach (var p in _s.AllPs)
            {
                c.AddDefers(p._counters);
                c.NativeEntries += p._counters.NativeEntries;
                if (p._js != null)
                {
                    // Compiled defers (docs/jit.md): a heap record compiled code took always came from the pool.
                    c.StackDefers += p._js->StackDefers;
                    c.HeapDefers += p._js->HeapDefers;
                    c.DeferPoolHits += p._js->HeapDefers;
                    c.DeferRecordsFreed += p._js->DeferRecordsFreed;
                }
            }
            c.JitFunctions = _jit?.CompiledFunctions ?? 0;
            c.JitCodeBytes = _jit?.CodeBytes ?? 0;
            c.CompiledCallersWalked = Interlocked.Read(ref _frames.NativeContinuationsResolved);
            c.HeapObjects = _heap.Mallocs;
            c.HeapFrees = _heap.Frees;
            c.NumGC = _collector.NumGC;
            c.NumForcedGC = _collector.NumForced;
            c.HeapLive = _heap.HeapLive;
            c.HeapMarked = _heap.HeapMarked;
            c.HeapGoal = _heap.Goal;
            c.HeapInUse = _heap.PagesInUseBytes;
            c.PeakHeapInUse = _heap.PeakPagesInUseBytes;
            c.SpansAllocated = _heap.SpansAllocated;
            c.SpansReleased = _heap.SpansReleased;
            c.GcPause = _collector.TotalPause;
            c.StackCopies = _copier.Copies;
            c.StackGrowths = _copier.Grows;
            c.StackShrinks = _copier.Shrinks;
            c.StackSize = _s.Main.Stack.Size;
            c.PeakStackSize = Math.Max(_copier.PeakSize, _options.StackSize);
            c.Goroutines = _s.GoroutinesCreated;
            c.MaxLiveGoroutines = _s.MaxLive;
            c.Procs = _s.AllPs.Count;
            return c;
        }
    }

    /// <summary>The first P's defer pools (diagnostics).</summary>
    public DeferPool DeferPool => _pool;
    public CentralDeferPool CentralDeferPool => _central;

    public Machine(VerifiedModule module, RunOptions options, TextWriter stdout, TextWriter stderr)
    {
        _vm = module;
        _m = module.Module;
        _options = options;
        _stdout = stdout;
        _stderr = stderr;
        _heap = new Heap();
        _stackPool = new StackPool();
        _central = new CentralDeferPool();
        _native = [];
        _startTicks = Stopwatch.GetTimestamp();
        _gcs = GcSettings.Parse(options.Gogc ?? Environment.GetEnvironmentVariable("GOGC"),
            options.Godebug ?? Environment.GetEnvironmentVariable("GODEBUG"));
        _gcs.Fault = options.GcFault;
        _heap.SetGcPercent(_gcs.GcPercent);
        _heap.SetStress(_gcs.StressEvery);
        _heap.Poison = _gcs.Poison;
        _cache = _heap.NewCache();
        _frames = new FrameTable(module);
        _copier = new StackCopier(_frames, _heap, _stackPool, _gcs) { MaxSize = options.MaxStackSize };
        _collector = new Collector(_heap, _frames, _copier, _gcs) { Trace = line => PrintAscii(line) };
        _stringTid = _heap.RegisterType([1], 2);
        // must match docs/abi.md §chan: buf (word 2) is the channel object's only heap pointer.
        _chanTid = _heap.RegisterType([1 << Chan.BufWord], Chan.Size / 8);
        _heap.ArgMaps = [.. _frames.Funcs.Select(f => f.ArgPtrs)];
        _pool = new DeferPool(_central, _heap, _cache, _counters);
        _s = new Sched(this, options.GoMaxProcs ?? DefaultProcs());

        // Goroutine 1 (main): its stack now, its entry call at each Call.
        _gr = _s.NewG(RoundStack(options.StackSize), _stackPool, _gcs);
        _g = _gr.G;
        _gr.Status = GStatus.Idle;
        _s.Main = _gr;

        // Signatures, canonicalised so callind's run-time check compares one int.
        int ns = _m.Sigs.Count;
        _sigParams = (int*)Native(4L * Math.Max(1, ns));
        _sigResults = (int*)Native(4L * Math.Max(1, ns));
        _sigCanon = (int*)Native(4L * Math.Max(1, ns));
        var canon = new Dictionary<Signature, int>();
        for (int s = 0; s < ns; s++)
        {
            _sigParams[s] = _m.Sigs[s].Params.Length;
            _sigResults[s] = _m.Sigs[s].Results.Length;
            if (!canon.TryGetValue(_m.Sigs[s], out int c)) canon[_m.Sigs[s]] = c = s;
            _sigCanon[s] = c;
        }

        _ntypes = _m.Types.Count;
        _types = (TypeRt*)Native(sizeof(TypeRt) * (long)Math.Max(1, _ntypes));
        for (int t = 0; t < _ntypes; t++)
        {
            var td = _m.Types[t];
            _types[t].Size = td.Size;
            _types[t].Len = td.Kind == TypeKind.Array ? td.Len : 0;
            _types[t].ElemSize = td.Kind == TypeKind.Array && (uint)td.Elem < (uint)_ntypes ? _m.Types[td.Elem].Size : 0;
            _types[t].Tid = _heap.RegisterType(td.PtrMask, td.Words);
        }

        int nstr = _m.Strings.Count;
        _strPtr = (nint*)Native(8L * Math.Max(1, nstr));
        _strLen = (long*)Native(8L * Math.Max(1, nstr));
        for (int i = 0; i < nstr; i++)
        {
            var bytes = _m.Strings[i];
            nint p = _heap.AllocStatic(bytes.Length);
            bytes.AsSpan().CopyTo(new Span<byte>((void*)p, bytes.Length));
            _strPtr[i] = p;
            _strLen[i] = bytes.Length;
        }

        int ng = _m.Globals.Count;
        _globals = (nint*)Native(8L * Math.Max(1, ng));
        _globalRoots = new GlobalRoot[ng];
        for (int i = 0; i < ng; i++)
        {
            var td = _m.Types[_m.Globals[i].Type];
            _globals[i] = _heap.AllocStatic(td.Size);
            _globalRoots[i] = new GlobalRoot(_globals[i], td.PtrMask, td.HasPointers ? td.Words : 0);
        }

        _nfuncs = _m.Funcs.Count;
        _funcs = (FuncRt*)Native(sizeof(FuncRt) * (long)Math.Max(1, _nfuncs));
        _funcvals = (nint*)Native(8L * Math.Max(1, _nfuncs));
        for (int i = 0; i < _nfuncs; i++) LoadFunc(i);
        _jit = CreateJit(options, _frames, _gcs, PrintAscii);
        _jitOn = _jit != null;
        InitJit();
    }

    /// <summary>Another P of the same program (<paramref name="id"/> &gt; 0): shares everything the first P
    /// loaded, and has its own registers, allocation cache, defer pool and run queue.</summary>
    Machine(Machine first, int id)
    {
        _vm = first._vm; _m = first._m; _stdout = first._stdout; _stderr = first._stderr; _options = first._options;
        _heap = first._heap; _frames = first._frames; _gcs = first._gcs; _stackPool = first._stackPool;
        _copier = first._copier; _collector = first._collector; _globalRoots = first._globalRoots;
        _stringTid = first._stringTid; _chanTid = first._chanTid; _central = first._central; _native = first._native;
        _s = first._s;
        _funcs = first._funcs; _types = first._types; _nfuncs = first._nfuncs; _ntypes = first._ntypes;
        _sigParams = first._sigParams; _sigResults = first._sigResults; _sigCanon = first._sigCanon;
        _strPtr = first._strPtr; _strLen = first._strLen; _globals = first._globals; _funcvals = first._funcvals;
        _startTicks = first._startTicks;
        _jit = first._jit; _jitOn = first._jitOn;
        _id = id;
        _cache = _heap.NewCache();
        _pool = new DeferPool(_central, _heap, _cache, _counters);
        _gr = _s.Main;
        _g = _gr.G;
    }

    /// <summary>GOMAXPROCS when RunOptions does not say: the environment variable, else the CPU count.</summary>
    static int DefaultProcs()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("GOMAXPROCS"), out int p) && p > 0) return Math.Min(p, Sched.MaxProcs);
        return Math.Clamp(Environment.ProcessorCount, 1, Sched.MaxProcs);
    }

    nint Native(long bytes)
    {
        var p = (nint)NativeMemory.AllocZeroed((nuint)Math.Max(8, bytes));
        _native.Add(p);
        return p;
    }

    /// <summary>Lays out one function's frame (docs/abi.md §frame) and copies its code to native memory.</summary>
    void LoadFunc(int i)
    {
        var f = _m.Funcs[i];
        var sig = _m.Sigs[f.Sig];
        ref var r = ref _funcs[i];
        r.Code = (byte*)Native(f.Code.Length + 16);
        f.Code.AsSpan().CopyTo(new Span<byte>(r.Code, f.Code.Length));
        Quicken.Apply(_m, f, r.Code);   // superinstructions in the interpreter's copy only
        r.CodeLen = f.Code.Length;
        r.NParams = sig.Params.Length;
        r.NResults = sig.Results.Length;
        r.NLocals = f.Locals.Count;
        r.NSlots = r.NParams + r.NLocals;
        r.MaxStack = f.MaxStack;
        r.Sig = _sigCanon[f.Sig];

        // Frame geometry has one home, Vm.Gc/Frames.cs (the collector and the copier read it too).
        var fr = _frames.Funcs[i];
        r.Region = fr.Region;
        r.DeferOff = (int*)Native(4L * Math.Max(1, fr.DeferOff.Length));
        r.ObjOff = (int*)Native(4L * Math.Max(1, fr.ObjOff.Length));
        for (int k = 0; k < fr.DeferOff.Length; k++) r.DeferOff[k] = fr.DeferOff[k];
        for (int k = 0; k < fr.ObjOff.Length; k++) r.ObjOff[k] = fr.ObjOff[k];
        r.Below = r.Region + 8 * r.MaxStack;
        r.ZeroFrom = fr.ZeroFrom;
        r.Index = i;
        r.FpFromSp = 8 * r.NLocals + Frame.HeaderSize;
        r.StackNeed = r.FpFromSp + r.Below;
        r.SlotsFromFp = checked((int)Frame.BaseFromFp(r.NSlots));
        r.ZeroAny = r.ZeroFrom | r.NLocals;

        nint fv = _heap.AllocStatic(8);
        *(long*)fv = Values.FuncWord(i);
        _funcvals[i] = fv;
    }

    /// <summary>Runs the module's init function, then its entry function, on goroutine 1. Returns the
    /// process exit status: 0, 2 after an unrecovered panic or a fatal error, or os.Exit's code.
    /// When main returns the program ends, even with other goroutines still running.</summary>
    public int RunProgram()
    {
        if (_m.Init >= 0)
        {
            int st = Call(_m.Init, out bool exited);
            if (st != 0 || exited) return st;
        }
        int status = 0;
        if (_m.Entry >= 0) status = Call(_m.Entry, out _);
        // main returned (or the program died): whatever else runs stops now (Go's exit after main).
        _s.Shutdown();
        Flush();
        return status;
    }

    /// <summary>Runs function <paramref name="func"/> (signature () -> ()) on goroutine 1 until it returns.
    /// Other goroutines keep running between calls. Returns 0, or the exit status of a panic, fatal error or
    /// os.Exit (after which the machine is dead).</summary>
    public int Call(int func) => Call(func, out _);

    int Call(int func, out bool exited)
    {
        exited = false;
        if (_id != 0) throw new InvalidOperationException("Call runs on the first P");
        if (_s.Dead) throw new InvalidOperationException("the program already ended");
        if ((uint)func >= (uint)_nfuncs || _funcs[func].NParams != 0 || _funcs[func].NResults != 0)
            throw new ArgumentException("Call needs a () -> () function", nameof(func));
        int status;
        try
        {
            status = RunMain(func);
            exited = _s.Exited;
        }
        finally
        {
            Flush();
            _options.Counters?.CopyFrom(Counters);
        }
        if (status != 0 || exited) _s.Dead = true;
        return status;
    }

    // ---- output (print/println write to stderr, as Go's builtins do; one buffer for all Ps, under its lock) ----

    void Flush()
    {
        lock (_out)
        {
            if (_out.Count == 0) return;
            var bytes = CollectionsMarshal.AsSpan(_out);
            if (_stderr is IByteWriter raw) raw.WriteBytes(bytes);   // Go's bytes as they are (invalid UTF-8 too)
            else
            {
                var chars = new char[_s.Decoder.GetCharCount(bytes, flush: false)];
                _s.Decoder.GetChars(bytes, chars, flush: false);
                _stderr.Write(chars);
            }
            _stderr.Flush();
            _out.Clear();
        }
    }

    void MaybeFlush()
    {
        if (_out.Count >= 8192) Flush();
    }

    void PrintAscii(string s) { lock (_out) GoFormat.Ascii(_out, s); }

    void PrintBytes(nint p, long len)
    {
        var span = new ReadOnlySpan<byte>((void*)p, (int)Math.Min(len, int.MaxValue));
        lock (_out) foreach (var b in span) _out.Add(b);
    }

    public void Dispose()
    {
        if (_id != 0) return;
        _s.Shutdown();
        foreach (var p in _s.AllPs)
        {
            if (p._allocCtx.IsAllocated) p._allocCtx.Free();
            if (p._self.IsAllocated) p._self.Free();
            p._machineStack?.Dispose();
        }
        _s.FreeGoroutines(_stackPool);
        _s.FreeSudogs();
        _stackPool.Dispose();
        _heap.Dispose();
        _jit?.Dispose();
        foreach (var p in _native) NativeMemory.Free((void*)p);
        _native.Clear();
    }

    // ---- allocation helpers for runtime services ----

    /// <summary>A new heap string with the given bytes; returns (data, len).</summary>
    (nint, long) NewString(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return (0, 0);
        nint p = _heap.Alloc(_cache, bytes.Length, Heap.NoScanType);
        bytes.CopyTo(new Span<byte>((void*)p, bytes.Length));
        return (p, bytes.Length);
    }

    /// <summary>A runtime error value: (type word, data) where data points to a string header
    /// holding the Error() text (docs/abi.md §values, RuntimeErrorType).</summary>
    (long, nint) NewErrorValue(string text)
    {
        var (p, len) = NewString(Encoding.UTF8.GetBytes(text));
        nint hdr = _heap.Alloc(_cache, 16, _stringTid);
        *(nint*)hdr = p;
        *(long*)(hdr + 8) = len;
        return (Values.RuntimeErrorType, hdr);
    }

    /// <summary>Stack segments are powers of two (the pools' sizes), at least the minimum.</summary>
    static long RoundStack(long size)
    {
        long s = GoroutineStack.MinSize;
        while (s < size) s <<= 1;
        return s;
    }

    long NanoTime() => (long)((Stopwatch.GetTimestamp() - _startTicks) * (1e9 / Stopwatch.Frequency));

    /// <summary>Stack segments are powers of two (the pools' sizes), at least the minimum (for Sched).</summary>
    internal static long RoundStackSize(long size) => RoundStack(size);
}
