using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Core.Abi;
using Vm.Gc;
using Vm.Jit;

namespace Vm.Interpreter;

// The dispatcher between the two tiers (docs/jit.md §dispatcher). Both tiers build the same frames
// (docs/abi.md §frame), so a goroutine's stack mixes interpreted and compiled frames freely; control
// moves between them at calls, returns and backward branches:
//
//  * interpreter -> compiled: a call to a function with code (doCall), a return to a compiled caller
//    (a native continuation, ret), a taken backward branch in a frame of a compiled function (the loop
//    header is an entry: on-stack replacement; it is also where a tiered function gets compiled);
//  * compiled -> interpreter: the exits of docs/jit.md §exits, each mapped onto the interpreter's own
//    services, so panics, parking, preemption, stack growth and the collector work the same way in
//    both tiers.
//
// The thread's stack is at one fixed depth under RunNative: the Run loop calls it, it calls the entry stub, which
// moves rsp to the P's machine stack, where compiled code calls and returns natively, and exits back here
// (docs/jit.md §convention).
public sealed unsafe partial class Machine
{
    /// <summary>The program's JIT (shared by every P), or null with --jit=off.</summary>
    readonly JitEngine? _jit;
    /// <summary>_jit != null, for the hot loop's checks.</summary>
    readonly bool _jitOn;
    /// <summary>This P's state block for compiled code (docs/jit.md §exits).</summary>
    JitState* _js;
    GCHandle _allocCtx, _self;   // JitState.AllocCtx, JitState.Runtime: freed with the machine
    IDisposable? _machineStack;  // JitState.MachineBase: freed with the machine

    /// <summary>Creates the JIT for a run (first P only) and sets every function's tiering budget.</summary>
    JitEngine? CreateJit(RunOptions options, FrameTable frames, GcSettings gcs, Action<string> trace)
    {
        var mode = options.EffectiveJit(out bool explicitly);
        if (mode == JitMode.Off) return null;
        if (!JitEngine.Supported)
        {
            if (explicitly) throw new PlatformNotSupportedException($"--jit={mode.ToString().ToLowerInvariant()}: the JIT needs Linux on x64");
            return null;
        }
        var jit = new JitEngine(frames, mode, options.EffectiveJitThreshold(), Statics()) { Trace = gcs.JitTrace ? trace : null };
        frames.Native = jit;
        return jit;
    }

    /// <summary>The runtime's static addresses compiled code embeds (ldfn, gaddr, ldstr).</summary>
    RuntimeStatics Statics()
    {
        // Loops, not LINQ: start-up (Emitter's note on value-type generics).
        var size = new long[_m.Types.Count];
        var tid = new int[_m.Types.Count];
        for (int t = 0; t < size.Length; t++) { size[t] = _types[t].Size; tid[t] = _types[t].Tid; }
        return new()
        {
            Funcvals = new ReadOnlySpan<nint>(_funcvals, _nfuncs).ToArray(),
            Globals = new ReadOnlySpan<nint>(_globals, _m.Globals.Count).ToArray(),
            StrPtr = new ReadOnlySpan<nint>(_strPtr, _m.Strings.Count).ToArray(),
            StrLen = new ReadOnlySpan<long>(_strLen, _m.Strings.Count).ToArray(),
            TypeSize = size,
            TypeTid = tid,
            ChanSend = (nint)(delegate* unmanaged<JitState*, nint, nint, int>)&JitChanSend,
            ChanRecv = (nint)(delegate* unmanaged<JitState*, nint, nint, int>)&JitChanRecv,
        };
    }

    // The runtime's helpers for compiled code (docs/jit.md §helpers): the P's machine from JitState.Runtime. They
    // never park: when the operation would wait they change nothing and the compiled code exits to the
    // interpreter, which executes the instruction. An exception here is a runtime bug and ends the process.
    [UnmanagedCallersOnly]
    static int JitChanSend(JitState* st, nint c, nint ep) =>
        Unsafe.As<Machine>(GCHandle.FromIntPtr(st->Runtime).Target!).TrySend((Chan*)c, ep);

    [UnmanagedCallersOnly]
    static int JitChanRecv(JitState* st, nint c, nint ep) =>
        Unsafe.As<Machine>(GCHandle.FromIntPtr(st->Runtime).Target!).TryRecv((Chan*)c, ep);

    /// <summary><c>govm dis -jit</c>: function <paramref name="func"/> compiled exactly as this machine's runs
    /// compile it (with the runtime's static addresses), disassembled with its bytecode.</summary>
    public string DisassembleCompiled(int func)
    {
        if (!JitEngine.Supported) throw new PlatformNotSupportedException("the JIT needs Linux on x64");
#pragma warning disable CA1416 // checked just above
        using var mem = new ExecutableMemory();
        var jit = JitModule.Compile(_frames, mem, Statics());
        return JitDisassembler.Disassemble(jit, func);
#pragma warning restore CA1416
    }

    /// <summary>After loading: budgets, and with --jit=eager every function compiled before main runs.</summary>
    void InitJit()
    {
        for (int i = 0; i < _nfuncs; i++) _funcs[i].Hot = _jit == null ? int.MaxValue : _jit.Threshold;
        if (_jit is { Mode: JitMode.Eager } && _nfuncs > 0) Publish(_jit.Compile(0));
    }

    /// <summary>Makes compiled code visible to every P: entries, and budgets at 0 so backward branches
    /// in interpreted frames of these functions move into compiled code.</summary>
    void Publish(IReadOnlyList<int> compiled)
    {
        foreach (int f in compiled)
        {
            _funcs[f].Hot = 0;
            Volatile.Write(ref _funcs[f].Native, _jit!.EntryOf(f));
        }
    }

    /// <summary>Another P may have compiled <paramref name="f"/> and not published it yet.</summary>
    void PublishOne(int f)
    {
        if (_funcs[f].Native != 0) return;
        nint e = _jit!.EntryOf(f);
        if (e == 0) return;
        _funcs[f].Hot = 0;
        Volatile.Write(ref _funcs[f].Native, e);
    }

    JitState* Js
    {
        get
        {
            if (_js == null)
            {
                _js = (JitState*)NativeMemory.AllocZeroed((nuint)sizeof(JitState));
                _js->DeferItems = _pool.ItemsAddress;
                _js->DeferCounts = _pool.CountsAddress;
                _allocCtx = GCHandle.Alloc(new AllocContext(_heap, _cache));
                _js->AllocCtx = GCHandle.ToIntPtr(_allocCtx);
                _self = GCHandle.Alloc(this);
                _js->Runtime = GCHandle.ToIntPtr(_self);
                _machineStack = _jit!.AttachMachineStack(_js, _copier.MaxSize);
                lock (_native) _native.Add((nint)_js);
            }
            return _js;
        }
    }

    /// <summary>The call in _callee/_ctx/_cont (arguments at _sp, caller _fp) when the callee has code or
    /// its budget ran out: compile it if tiering says so, then run it compiled. Otherwise the call is
    /// made by the interpreter (Act.Call, with a fresh budget so the check does not fire again).</summary>
    Act NativeCall()
    {
        FuncRt* f = _funcs + _callee;
        if (f->Native == 0)
        {
            Publish(_jit!.Compile(_callee));
            PublishOne(_callee);
            if (f->Native == 0) { f->Hot = int.MaxValue; return Act.Call; }
        }
        var st = Js;
        st->Fp = (nint)_fp;
        st->Sp = (nint)_sp;
        st->Cont = _cont;
        st->Ctx = _ctx;
        st->Target = f->Native;
        return RunNative();
    }

    /// <summary>A return to a compiled caller: _fp is the caller's frame, _sp its operand-stack top with the
    /// results in place, _cont the native return address. A single result goes in JitState.Result too (compiled
    /// code expects it in a register at a return address).</summary>
    Act NativeReturn(int nresults)
    {
        var st = Js;
        st->Result = nresults == 1 ? *_sp : 0;
        st->Fp = (nint)_fp;
        st->Sp = (nint)_sp;
        st->Target = (nint)_cont;
        return RunNative();
    }

    /// <summary>A taken backward branch in an interpreted frame stopped at the loop header (_fp, _pc, _sp)
    /// whose function's budget ran out: compile the function if tiering says so and continue the frame in
    /// compiled code at the header (on-stack replacement), or go on interpreting.</summary>
    Act NativeLoop()
    {
        int fn = *(int*)_fp;
        FuncRt* f = _funcs + fn;
        if (f->Native == 0)
        {
            Publish(_jit!.Compile(fn));
            PublishOne(fn);
            if (f->Native == 0) { f->Hot = int.MaxValue; return Act.Resume; }
        }
        f->Hot = 0;
        nint target = _jit!.NativePc(fn, _pc);
        if (target == 0) return Act.Resume;
        var st = Js;
        st->Fp = (nint)_fp;
        st->Sp = (nint)_sp;
        st->Target = target;
        return RunNative();
    }

    /// <summary>Enters compiled code at Js->Target with Js's registers, and maps each exit onto the
    /// interpreter's services until one needs the interpreter's loop or the scheduler.</summary>
    Act RunNative()
    {
        var enter = (delegate* unmanaged<JitState*, void>)_jit!.EnterStub;
        JitState* st = _js;
        for (;;)
        {
            st->G = (nint)_g;
            _counters.NativeEntries++;
            enter(st);
            switch ((ExitReason)st->Reason)
            {
                case ExitReason.Return:
                {
                    long c = st->Cont;
                    if (c == Continuation.Exit) return Act.GoExit;
                    if (c == Continuation.Panic) { _sp = (long*)st->Sp; return AfterPanicDeferCall(); }
                    SaveRegs((byte*)st->Fp, (int)c, (long*)st->Sp);   // an interpreted caller
                    return Act.Resume;
                }
                case ExitReason.Service:
                {
                    byte kind = _funcs[st->Func].Code[st->Pc + 1];   // print kind
                    st->Sp = (nint)DoPrint(kind, (long*)st->Sp);
                    MaybeFlush();
                    st->Target = st->Resume;
                    continue;
                }
                case ExitReason.Panic:
                case ExitReason.Interpret:
                    // The frame is exactly an interpreted frame stopped before the instruction: the
                    // interpreter executes it (raising the same runtime error for a Panic exit).
                    SaveRegs((byte*)st->Fp, st->Pc, (long*)st->Sp);
                    return Act.Resume;
                case ExitReason.MoreStack:
                {
                    int callee = st->Func;
                    FuncRt* f = _funcs + callee;
                    long* sp = (long*)st->Sp;
                    long cont = st->Cont;
                    byte* nbase = (byte*)sp + 8 * f->NParams - 8;
                    byte* nfp = nbase - 8L * f->NSlots - (Frame.HeaderSize - 8);
                    var a = MoreStack((byte*)st->Fp, cont, callee, st->Ctx, sp, nfp, nfp - f->Below);
                    if (a != Act.Call) return a;   // stopped with the call pending (CallRetry re-makes it)
                    st->Fp = (nint)_fp;
                    st->Sp = (nint)_sp;
                    st->Ctx = _ctx;
                    st->Cont = cont;
                    st->Target = st->Resume;       // the callee's entry: the check runs again
                    continue;
                }
                case ExitReason.CallInterpreted:
                    _fp = (byte*)st->Fp; _sp = (long*)st->Sp; _callee = st->Func; _ctx = st->Ctx; _cont = st->Cont;
                    return Act.Call;
                case ExitReason.Poll:
                    // A stop request at a backward branch: the frame is stopped at the branch (its map holds).
                    SaveRegs((byte*)st->Fp, st->Pc, (long*)st->Sp);
                    _gr.Top = new StackTop { Kind = TopKind.AtPc, Fp = _fp, Pc = _pc, Sp = _sp };
                    return Preempted();
                default:
                    _fatal = $"jit: unknown exit {st->Reason} at pc {st->Pc} of {_m.Funcs[st->Func].Name}";
                    _fp = (byte*)st->Fp; _pc = st->Pc;
                    return Fatal(_fatal, false);
            }
        }
    }
}
