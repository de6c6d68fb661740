using Iced.Intel;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Gc;
using static Iced.Intel.AssemblerRegisters;
using static Vm.Jit.Registers;

namespace Vm.Jit;

/// <summary>
/// The baseline emitter (Sparkplug's shape): one linear pass over a verified function, one emit routine
/// per opcode, the interpreter's frame layout and semantics (Vm.Interpreter/Machine.Loop.cs). Operands are
/// trusted for the reasons the interpreter gives (docs/verifier.md rules 1-5). Every opcode either has an
/// entry in <see cref="Table"/> or is listed in <see cref="Interpreted"/>: those compile to an exit that
/// leaves the frame stopped before the instruction, for the interpreter to continue (docs/jit.md §exits).
/// </summary>
public sealed class Emitter
{
    delegate void EmitFn(Emitter e, in Instr ins);

    static readonly Dictionary<Op, EmitFn> Table = BuildTable();

    /// <summary>Opcodes compiled to an <see cref="ExitReason.Interpret"/> exit in this slice.</summary>
    public static readonly IReadOnlySet<Op> Interpreted = new HashSet<Op>
    {
        Op.LdStr, Op.LdFn, Op.LdType, Op.GAddr, Op.U2F, Op.F2U, Op.CallInd, Op.Copy, Op.Zero, Op.AIdx, Op.SIdx,
        Op.StrIdx, Op.ASlice, Op.SSlice, Op.StrSlice, Op.New, Op.NewArr, Op.FnInit, Op.Grow, Op.SlCopy,
        Op.DeferS, Op.DeferH, Op.DeferRet, Op.Panic, Op.Recover, Op.Go, Op.MakeChan, Op.Send, Op.Recv, Op.Recv2,
        Op.Close, Op.Select, Op.Rt,
    };

    /// <summary>Opcodes with an inline emit routine.</summary>
    public static IEnumerable<Op> Compiled => Table.Keys;

    readonly Assembler _a;
    readonly FrameTable _frames;
    readonly FrameInfo _fi;
    readonly Label[] _funcEntry;
    readonly Label _exitStub;
    readonly Dictionary<int, Label> _pcLabels = [];
    readonly List<Action> _slow = [];
    int _pc;

    /// <summary>Native label of each bytecode instruction start, for the pc table and disassembly.</summary>
    public IReadOnlyDictionary<int, Label> PcLabels => _pcLabels;
    /// <summary>Label of the out-of-line slow paths (bound after the last instruction), if any.</summary>
    public Label? SlowStart { get; private set; }

    readonly nint _entryTable;

    Emitter(Assembler a, FrameTable frames, int func, Label[] funcEntry, Label exitStub, nint entryTable)
    {
        _a = a; _frames = frames; _fi = frames.Funcs[func]; _funcEntry = funcEntry; _exitStub = exitStub; _entryTable = entryTable;
    }

    /// <summary>Emits function <paramref name="func"/>: its entry (the callee half of doCall) at
    /// <c>funcEntry[func]</c>, then its instructions, then its slow paths. Every <c>call</c> jumps through
    /// <paramref name="entryTable"/> (native, one entry per module function: the callee's compiled entry, or
    /// the module's <see cref="EmitCallInterpretedStub"/>), so functions can be compiled and patched in one
    /// at a time without touching their callers' code (docs/jit.md §convention).</summary>
    public static Emitter EmitFunction(Assembler a, FrameTable frames, int func, Label[] funcEntry, Label exitStub, nint entryTable)
    {
        var e = new Emitter(a, frames, func, funcEntry, exitStub, entryTable);
        e.Emit(func);
        return e;
    }

    /// <summary>
    /// The one stub per module that every entry-table slot of a function without compiled code points to. A
    /// call arrives with the caller's registers (Fp, Sp = the arguments), <c>ecx</c> = the callee, <c>rax</c> =
    /// the tagged native continuation and <c>rdx</c> = the closure context; the stub exits with
    /// <see cref="ExitReason.CallInterpreted"/> (Func = the callee, Cont, Ctx). <see cref="JitState.Pc"/> is
    /// set to -1: the call's bytecode pc is the <c>JitModule.PcMap</c> entry that holds <c>Cont - 1</c>.
    /// </summary>
    public static void EmitCallInterpretedStub(Assembler a, ref Label stub, Label exitStub)
    {
        a.Label(ref stub);
        a.mov(__[State + JitStateLayout.Cont], EntryCont);
        a.mov(__[State + JitStateLayout.Ctx], EntryCtx);
        a.mov(__[State + JitStateLayout.Fp], Fp);
        a.mov(__[State + JitStateLayout.Sp], Sp);
        a.mov(__dword_ptr[State + JitStateLayout.Reason], (int)ExitReason.CallInterpreted);
        a.mov(__dword_ptr[State + JitStateLayout.Pc], -1);
        a.mov(__dword_ptr[State + JitStateLayout.Func], ecx);
        a.jmp(exitStub);
    }

    int F => _fi.Index;
    long SlotsFromFp => Frame.BaseFromFp(_fi.NSlots);

    Label PcLabel(int pc)
    {
        if (!_pcLabels.TryGetValue(pc, out var l)) _pcLabels[pc] = l = _a.CreateLabel($"pc{pc}");
        return l;
    }

    void Emit(int func)
    {
        var code = _frames.Module.Funcs[func].Code;
        // Create the labels first so forward branches resolve.
        for (int pc = 0; pc < code.Length; pc = InstrCodec.Decode(code, pc).Next) PcLabel(pc);
        var entry = _funcEntry[func];
        _a.Label(ref entry);
        _funcEntry[func] = entry;
        EmitPrologue();
        var targets = BranchTargets(code, _frames.Module.Funcs[func].DeferReturnPc);
        for (int pc = 0; pc < code.Length;)
        {
            var ins = InstrCodec.Decode(code, pc);
            var l = _pcLabels[pc];
            _a.Label(ref l);
            _pcLabels[pc] = l;
            _pc = pc;
            if (ins.Next < code.Length && Jcc(ins.Op, true) != null)
            {
                var br = InstrCodec.Decode(code, ins.Next);
                if (br.Op is Op.BrTrue or Op.BrFalse && !targets.Contains(br.Pc))
                {
                    EmitCompareBranch(ins.Op, br);
                    pc = br.Next;
                    continue;
                }
            }
            if (Table.TryGetValue(ins.Op, out var fn)) fn(this, in ins);
            else ExitAt(ExitReason.Interpret, null);
            pc = ins.Next;
        }
        if (_slow.Count > 0)
        {
            var s = _a.CreateLabel("slow");
            _a.Label(ref s);
            SlowStart = s;
            // The first slow path binds its own label right after: give "slow" an instruction of its own.
            _a.int3();
            foreach (var act in _slow) act();
        }
    }

    /// <summary>Instruction starts some branch (or a recovery) can reach other than by falling through.</summary>
    static HashSet<int> BranchTargets(byte[] code, int deferReturnPc)
    {
        var t = new HashSet<int> { deferReturnPc };
        for (int pc = 0; pc < code.Length;)
        {
            var ins = InstrCodec.Decode(code, pc);
            for (int o = 0; o < ins.Info.Operands.Length; o++)
                if (ins.Info.Operands[o] == OperandKind.Label) t.Add((int)ins.Operand(o));
            pc = ins.Next;
        }
        return t;
    }

    /// <summary>The conditional jump taken when integer comparison <paramref name="op"/> holds
    /// (<paramref name="holds"/>) or fails; null for other opcodes.</summary>
    static Action<Assembler, Label>? Jcc(Op op, bool holds) => (op, holds) switch
    {
        (Op.Eq or Op.PEq, true) or (Op.Ne or Op.PNe, false) => (a, l) => a.je(l),
        (Op.Ne or Op.PNe, true) or (Op.Eq or Op.PEq, false) => (a, l) => a.jne(l),
        (Op.Lt, true) or (Op.Ge, false) => (a, l) => a.jl(l),
        (Op.Ge, true) or (Op.Lt, false) => (a, l) => a.jge(l),
        (Op.Le, true) or (Op.Gt, false) => (a, l) => a.jle(l),
        (Op.Gt, true) or (Op.Le, false) => (a, l) => a.jg(l),
        (Op.LtU, true) or (Op.GeU, false) => (a, l) => a.jb(l),
        (Op.GeU, true) or (Op.LtU, false) => (a, l) => a.jae(l),
        (Op.LeU, true) or (Op.GtU, false) => (a, l) => a.jbe(l),
        (Op.GtU, true) or (Op.LeU, false) => (a, l) => a.ja(l),
        _ => null,
    };

    /// <summary>A comparison followed by brtrue/brfalse that no branch targets: compare and jump without
    /// materialising the boolean. The branch's own label sits on the <c>lea</c> (which keeps the flags),
    /// so the pc table still has every instruction.</summary>
    void EmitCompareBranch(Op cmp, in Instr br)
    {
        _a.mov(rax, __[Sp + 8]);
        _a.cmp(rax, __[Sp]);
        var l = _pcLabels[br.Pc];
        _a.Label(ref l);
        _pcLabels[br.Pc] = l;
        _pc = br.Pc;
        _a.lea(Sp, __[Sp + 16]);
        Jcc(cmp, br.Op == Op.BrTrue)!(_a, PcLabel((int)br.A));
    }

    // ---- the callee half of doCall (docs/abi.md §frame, "Entry") ----
    // In: Fp = caller's frame, Sp = the caller's operand top (our arguments), EntryCont, EntryCtx.
    void EmitPrologue()
    {
        var fi = _fi;
        _a.lea(rsi, __[Sp + (8 * fi.NParams - 8)]);                   // nbase
        _a.lea(rdi, __[rsi - (8 * fi.NSlots + Frame.HeaderSize - 8)]); // nfp
        _a.lea(rcx, __[rdi - (fi.Region + 8 * fi.MaxStack)]);          // frame bottom
        _a.cmp(rcx, __qword_ptr[Registers.G + Vm.Core.Abi.G.OffStackGuard]);
        var more = _a.CreateLabel("morestack");
        _a.jb(more);
        // Zero the frame objects and the declared locals; the inline defer records are filled by defers.
        _a.xor(ecx, ecx);
        ZeroWords(rdi, -fi.ZeroFrom, fi.ZeroFrom / 8);
        ZeroWords(rdi, Frame.HeaderSize, fi.NLocals);
        _a.mov(__qword_ptr[rdi + Frame.OffFunc], F);
        _a.mov(__qword_ptr[rdi + Frame.OffCtx], EntryCtx);
        _a.mov(__qword_ptr[rdi + Frame.OffSavedFp], Fp);
        _a.mov(__qword_ptr[rdi + Frame.OffCont], EntryCont);
        _a.mov(Fp, rdi);
        _a.mov(Slots, rsi);
        _a.lea(Sp, __[Fp - fi.Region]);
        var entryLabel = _funcEntry[F];
        _slow.Add(() =>
        {
            _a.Label(ref more);
            // Caller stopped at its call: Fp/Sp are the caller's, the callee's entry re-runs the check.
            _a.mov(__[State + JitStateLayout.Cont], EntryCont);
            _a.mov(__[State + JitStateLayout.Ctx], EntryCtx);
            _a.lea(rax, __[entryLabel]);
            _a.mov(__[State + JitStateLayout.Resume], rax);
            StoreAndExit(ExitReason.MoreStack, 0, F);
        });
    }

    /// <summary>Zeroes <paramref name="n"/> words at [<paramref name="b"/> + <paramref name="off"/>] (rcx = 0).</summary>
    void ZeroWords(AssemblerRegister64 b, int off, int n)
    {
        if (n <= 16)
        {
            for (int k = 0; k < n; k++) _a.mov(__qword_ptr[b + (off + 8 * k)], rcx);
            return;
        }
        _a.lea(r8, __[b + off]);
        _a.mov(r9d, n);
        var top = _a.CreateLabel();
        _a.Label(ref top);
        _a.mov(__qword_ptr[r8], rcx);
        _a.add(r8, 8);
        _a.dec(r9d);
        _a.jnz(top);
    }

    // ---- exits (docs/jit.md §exits) ----

    void StoreAndExit(ExitReason reason, int pc, int func)
    {
        _a.mov(__[State + JitStateLayout.Fp], Fp);
        _a.mov(__[State + JitStateLayout.Sp], Sp);
        _a.mov(__dword_ptr[State + JitStateLayout.Reason], (int)reason);
        _a.mov(__dword_ptr[State + JitStateLayout.Pc], pc);
        _a.mov(__dword_ptr[State + JitStateLayout.Func], func);
        _a.jmp(_exitStub);
    }

    /// <summary>Exits with the frame stopped before the current instruction. With <paramref name="resumeAt"/>,
    /// the dispatcher re-enters there (and Slots is recomputed, the stack may have moved).</summary>
    void ExitAt(ExitReason reason, Label? resumeAt)
    {
        if (resumeAt is { } r)
        {
            _a.lea(rax, __[r]);
            _a.mov(__[State + JitStateLayout.Resume], rax);
        }
        StoreAndExit(reason, _pc, F);
    }

    /// <summary>An out-of-line exit raising a runtime error at the current instruction.</summary>
    Label PanicPath()
    {
        var l = _a.CreateLabel("panic");
        int pc = _pc;
        _slow.Add(() => { _a.Label(ref l); StoreAndExit(ExitReason.Panic, pc, F); });
        return l;
    }

    /// <summary>Binds a label at which execution (re)enters this frame: reloads Slots from Fp.</summary>
    void ReentryPoint(ref Label l)
    {
        _a.Label(ref l);
        _a.lea(Slots, __[Fp + SlotsFromFp]);
    }

    // ---- operand-stack idioms ----
    void Push(AssemblerRegister64 r) { _a.sub(Sp, 8); _a.mov(__[Sp], r); }
    void StoreTopAfterPop(AssemblerRegister64 r) { _a.add(Sp, 8); _a.mov(__[Sp], r); }

    static Dictionary<Op, EmitFn> BuildTable()
    {
        var t = new Dictionary<Op, EmitFn>
        {
            [Op.Nop] = (e, in i) => e._a.nop(),
            [Op.LdI] = (e, in i) => e.EmitConst(i.A),
            [Op.LdF] = (e, in i) => e.EmitConst(i.A),
            [Op.LdNil] = (e, in i) => e.EmitConst(0),
            [Op.Pop] = (e, in i) => e._a.add(Sp, 8),
            [Op.Dup] = (e, in i) => { e._a.mov(rax, __[Sp]); e.Push(rax); },
            [Op.Swap] = (e, in i) =>
            {
                e._a.mov(rax, __[Sp]); e._a.mov(rcx, __[Sp + 8]);
                e._a.mov(__[Sp], rcx); e._a.mov(__[Sp + 8], rax);
            },
            // Slot i is at Slots - 8*i (docs/abi.md §frame); rule 3 bounds i.
            [Op.LdLoc] = (e, in i) => { e._a.mov(rax, __[Slots - 8 * (int)i.A]); e.Push(rax); },
            [Op.StLoc] = (e, in i) => { e._a.mov(rax, __[Sp]); e._a.add(Sp, 8); e._a.mov(__[Slots - 8 * (int)i.A], rax); },
            [Op.LdCtx] = (e, in i) => { e._a.mov(rax, __[Fp + Frame.OffCtx]); e.Push(rax); },
            [Op.FObj] = (e, in i) => { e._a.lea(rax, __[Fp - e._fi.ObjOff[(int)i.A]]); e.Push(rax); },

            [Op.Add] = (e, in i) => e.Binary((a, x) => a.add(rax, x)),
            [Op.Sub] = (e, in i) => e.Binary((a, x) => a.sub(rax, x)),
            [Op.Mul] = (e, in i) => e.Binary((a, x) => a.imul(rax, x)),
            [Op.And] = (e, in i) => e.Binary((a, x) => a.and(rax, x)),
            [Op.Or] = (e, in i) => e.Binary((a, x) => a.or(rax, x)),
            [Op.Xor] = (e, in i) => e.Binary((a, x) => a.xor(rax, x)),
            [Op.AndNot] = (e, in i) => { e._a.mov(rcx, __[Sp]); e._a.not(rcx); e._a.mov(rax, __[Sp + 8]); e._a.and(rax, rcx); e.StoreTopAfterPop(rax); },
            [Op.Div] = (e, in i) => e.EmitDiv(signed: true, rem: false),
            [Op.Rem] = (e, in i) => e.EmitDiv(signed: true, rem: true),
            [Op.DivU] = (e, in i) => e.EmitDiv(signed: false, rem: false),
            [Op.RemU] = (e, in i) => e.EmitDiv(signed: false, rem: true),
            [Op.Shl] = (e, in i) => e.EmitShift(Op.Shl),
            [Op.Shr] = (e, in i) => e.EmitShift(Op.Shr),
            [Op.ShrU] = (e, in i) => e.EmitShift(Op.ShrU),
            [Op.Neg] = (e, in i) => e._a.neg(__qword_ptr[Sp]),
            [Op.Not] = (e, in i) => e._a.not(__qword_ptr[Sp]),
            [Op.Sext8] = (e, in i) => { e._a.movsx(rax, __byte_ptr[Sp]); e._a.mov(__[Sp], rax); },
            [Op.Sext16] = (e, in i) => { e._a.movsx(rax, __word_ptr[Sp]); e._a.mov(__[Sp], rax); },
            [Op.Sext32] = (e, in i) => { e._a.movsxd(rax, __dword_ptr[Sp]); e._a.mov(__[Sp], rax); },
            [Op.Zext8] = (e, in i) => { e._a.movzx(eax, __byte_ptr[Sp]); e._a.mov(__[Sp], rax); },
            [Op.Zext16] = (e, in i) => { e._a.movzx(eax, __word_ptr[Sp]); e._a.mov(__[Sp], rax); },
            [Op.Zext32] = (e, in i) => { e._a.mov(eax, __dword_ptr[Sp]); e._a.mov(__[Sp], rax); },

            [Op.Eq] = (e, in i) => e.Compare((a, r) => a.sete(r)),
            [Op.PEq] = (e, in i) => e.Compare((a, r) => a.sete(r)),
            [Op.Ne] = (e, in i) => e.Compare((a, r) => a.setne(r)),
            [Op.PNe] = (e, in i) => e.Compare((a, r) => a.setne(r)),
            [Op.Lt] = (e, in i) => e.Compare((a, r) => a.setl(r)),
            [Op.Le] = (e, in i) => e.Compare((a, r) => a.setle(r)),
            [Op.Gt] = (e, in i) => e.Compare((a, r) => a.setg(r)),
            [Op.Ge] = (e, in i) => e.Compare((a, r) => a.setge(r)),
            [Op.LtU] = (e, in i) => e.Compare((a, r) => a.setb(r)),
            [Op.LeU] = (e, in i) => e.Compare((a, r) => a.setbe(r)),
            [Op.GtU] = (e, in i) => e.Compare((a, r) => a.seta(r)),
            [Op.GeU] = (e, in i) => e.Compare((a, r) => a.setae(r)),

            [Op.FAdd] = (e, in i) => e.FBinary((a, x) => a.addsd(xmm0, x)),
            [Op.FSub] = (e, in i) => e.FBinary((a, x) => a.subsd(xmm0, x)),
            [Op.FMul] = (e, in i) => e.FBinary((a, x) => a.mulsd(xmm0, x)),
            [Op.FDiv] = (e, in i) => e.FBinary((a, x) => a.divsd(xmm0, x)),
            [Op.FNeg] = (e, in i) => { e._a.mov(rax, long.MinValue); e._a.xor(__[Sp], rax); },
            [Op.FEq] = (e, in i) => e.FCompare(swap: false, eq: true, ne: false, null),
            [Op.FNe] = (e, in i) => e.FCompare(swap: false, eq: false, ne: true, null),
            // a < b is b > a; ucomisd reports unordered as CF=ZF=1, so seta/setae are false for NaN.
            [Op.FLt] = (e, in i) => e.FCompare(swap: true, eq: false, ne: false, (a, r) => a.seta(r)),
            [Op.FLe] = (e, in i) => e.FCompare(swap: true, eq: false, ne: false, (a, r) => a.setae(r)),
            [Op.FGt] = (e, in i) => e.FCompare(swap: false, eq: false, ne: false, (a, r) => a.seta(r)),
            [Op.FGe] = (e, in i) => e.FCompare(swap: false, eq: false, ne: false, (a, r) => a.setae(r)),
            [Op.I2F] = (e, in i) => { e._a.cvtsi2sd(xmm0, __qword_ptr[Sp]); e._a.movsd(__qword_ptr[Sp], xmm0); },
            // Out of range and NaN give 0x8000000000000000, the interpreter's F2I (long.MinValue).
            [Op.F2I] = (e, in i) => { e._a.cvttsd2si(rax, __qword_ptr[Sp]); e._a.mov(__[Sp], rax); },

            // Rule 2: label operands are instruction starts of this function.
            [Op.Br] = (e, in i) => e._a.jmp(e.PcLabel((int)i.A)),
            [Op.BrTrue] = (e, in i) => { e._a.mov(rax, __[Sp]); e._a.add(Sp, 8); e._a.test(rax, rax); e._a.jnz(e.PcLabel((int)i.A)); },
            [Op.BrFalse] = (e, in i) => { e._a.mov(rax, __[Sp]); e._a.add(Sp, 8); e._a.test(rax, rax); e._a.jz(e.PcLabel((int)i.A)); },
            [Op.Call] = (e, in i) => e.EmitCall((int)i.A),
            [Op.Ret] = (e, in i) => e.EmitRet(),

            [Op.LdI8] = (e, in i) => e.Load(i, (a, d) => a.movsx(rax, __byte_ptr[d])),
            [Op.LdU8] = (e, in i) => e.Load(i, (a, d) => a.movzx(eax, __byte_ptr[d])),
            [Op.LdI16] = (e, in i) => e.Load(i, (a, d) => a.movsx(rax, __word_ptr[d])),
            [Op.LdU16] = (e, in i) => e.Load(i, (a, d) => a.movzx(eax, __word_ptr[d])),
            [Op.LdI32] = (e, in i) => e.Load(i, (a, d) => a.movsxd(rax, __dword_ptr[d])),
            [Op.LdU32] = (e, in i) => e.Load(i, (a, d) => a.mov(eax, __dword_ptr[d])),
            [Op.LdI64] = (e, in i) => e.Load(i, (a, d) => a.mov(rax, __qword_ptr[d])),
            [Op.LdF64] = (e, in i) => e.Load(i, (a, d) => a.mov(rax, __qword_ptr[d])),
            [Op.LdP] = (e, in i) => e.Load(i, (a, d) => a.mov(rax, __qword_ptr[d])),
            [Op.St8] = (e, in i) => e.Store(i, (a, d) => a.mov(__byte_ptr[d], cl)),
            [Op.St16] = (e, in i) => e.Store(i, (a, d) => a.mov(__word_ptr[d], cx)),
            [Op.St32] = (e, in i) => e.Store(i, (a, d) => a.mov(__dword_ptr[d], ecx)),
            [Op.St64] = (e, in i) => e.Store(i, (a, d) => a.mov(__qword_ptr[d], rcx)),
            [Op.StF64] = (e, in i) => e.Store(i, (a, d) => a.mov(__qword_ptr[d], rcx)),
            [Op.StP] = (e, in i) => e.Store(i, (a, d) => a.mov(__qword_ptr[d], rcx)),
            [Op.NilChk] = (e, in i) => { e._a.cmp(__qword_ptr[Sp], 0); e._a.je(e.PanicPath()); },

            [Op.Print] = (e, in i) =>
            {
                var resume = e._a.CreateLabel("resume");
                e.ExitAt(ExitReason.Service, resume);
                e.ReentryPoint(ref resume);
            },
        };
        return t;
    }

    void EmitConst(long v)
    {
        _a.sub(Sp, 8);
        if (v == (int)v) _a.mov(__qword_ptr[Sp], (int)v);
        else { _a.mov(rax, v); _a.mov(__[Sp], rax); }
    }

    void Binary(Action<Assembler, AssemblerMemoryOperand> op)
    {
        _a.mov(rax, __[Sp + 8]);
        op(_a, __qword_ptr[Sp]);
        StoreTopAfterPop(rax);
    }

    void Compare(Action<Assembler, AssemblerRegister8> set)
    {
        _a.mov(rax, __[Sp + 8]);
        _a.xor(ecx, ecx);
        _a.cmp(rax, __[Sp]);
        set(_a, cl);
        StoreTopAfterPop(rcx);
    }

    void FBinary(Action<Assembler, AssemblerMemoryOperand> op)
    {
        _a.movsd(xmm0, __qword_ptr[Sp + 8]);
        op(_a, __qword_ptr[Sp]);
        _a.add(Sp, 8);
        _a.movsd(__qword_ptr[Sp], xmm0);
    }

    void FCompare(bool swap, bool eq, bool ne, Action<Assembler, AssemblerRegister8>? set)
    {
        // a = [Sp+8], b = [Sp]
        _a.xor(ecx, ecx);                // before ucomisd: xor clobbers the flags
        _a.movsd(xmm0, swap ? __qword_ptr[Sp] : __qword_ptr[Sp + 8]);
        _a.ucomisd(xmm0, swap ? __qword_ptr[Sp + 8] : __qword_ptr[Sp]);
        if (eq) { _a.sete(cl); _a.setnp(al); _a.and(cl, al); }
        else if (ne) { _a.setne(cl); _a.setp(al); _a.or(cl, al); }
        else set!(_a, cl);
        _a.movzx(ecx, cl);
        StoreTopAfterPop(rcx);
    }

    void EmitDiv(bool signed, bool rem)
    {
        _a.mov(rcx, __[Sp]);
        _a.test(rcx, rcx);
        _a.jz(PanicPath());
        _a.mov(rax, __[Sp + 8]);
        if (signed)
        {
            var done = _a.CreateLabel();
            // MinInt64 / -1 overflows idiv: Go defines it as MinInt64 (and the remainder as 0).
            var normal = _a.CreateLabel();
            _a.cmp(rcx, -1);
            _a.jne(normal);
            if (rem) _a.xor(eax, eax); else _a.neg(rax);
            _a.jmp(done);
            _a.Label(ref normal);
            _a.cqo();
            _a.idiv(rcx);
            if (rem) _a.mov(rax, rdx);
            _a.Label(ref done);
        }
        else
        {
            _a.xor(edx, edx);
            _a.div(rcx);
            if (rem) _a.mov(rax, rdx);
        }
        StoreTopAfterPop(rax);
    }

    void EmitShift(Op op)
    {
        _a.mov(rcx, __[Sp]);
        _a.test(rcx, rcx);
        _a.js(PanicPath());              // a negative count panics
        _a.mov(rax, __[Sp + 8]);
        if (op == Op.Shr)
        {
            _a.mov(edx, 63);             // counts >= 64 shift in sign bits: clamp to 63
            _a.cmp(rcx, rdx);
            _a.cmova(rcx, rdx);
            _a.sar(rax, cl);
        }
        else
        {
            if (op == Op.Shl) _a.shl(rax, cl); else _a.shr(rax, cl);
            _a.xor(edx, edx);            // counts >= 64 give 0 (x86 masks the count to 6 bits)
            _a.cmp(rcx, 64);
            _a.cmovae(rax, rdx);
        }
        StoreTopAfterPop(rax);
    }

    void Load(in Instr i, Action<Assembler, AssemblerMemoryOperand> load)
    {
        _a.mov(rax, __[Sp]);
        _a.test(rax, rax);
        _a.jz(PanicPath());
        load(_a, rax + (int)i.A);
        _a.mov(__[Sp], rax);
    }

    void Store(in Instr i, Action<Assembler, AssemblerMemoryOperand> store)
    {
        _a.mov(rax, __[Sp + 8]);
        _a.test(rax, rax);
        _a.jz(PanicPath());
        _a.mov(rcx, __[Sp]);
        store(_a, rax + (int)i.A);
        _a.add(Sp, 16);
    }

    // ---- calls and returns (docs/jit.md §calls) ----

    void EmitCall(int callee)
    {
        var ret = _a.CreateLabel("ret");
        _a.lea(EntryCont, __[ret]);
        _a.bts(EntryCont, 62);           // Continuation.NativeTag
        _a.xor(edx, edx);                // EntryCtx: a static call has no closure
        _a.mov(ecx, callee);             // for the CallInterpreted stub
        _a.mov(r8, (long)_entryTable + 8L * callee);
        _a.jmp(__qword_ptr[r8]);
        ReentryPoint(ref ret);
    }

    void EmitRet()
    {
        int n = _fi.NResults;
        // Read the header first: with more results than slots, the result slots overlap it.
        _a.mov(rax, __[Fp + Frame.OffCont]);
        _a.mov(Fp, __[Fp + Frame.OffSavedFp]);
        // Results go back in place over the arguments; copy from the first (highest) down.
        for (int k = 0; k < n; k++)
        {
            _a.mov(rcx, __[Sp + 8 * (n - 1 - k)]);
            _a.mov(__[Slots - 8 * k], rcx);
        }
        _a.lea(Sp, __[Slots - 8 * (n - 1)]);
        // Negative continuations return to the runtime, bytecode pcs to the interpreter; only a
        // non-negative value with the native tag is a compiled caller's return address.
        var runtime = _a.CreateLabel("retexit");
        _a.test(rax, rax);
        _a.js(runtime);
        _a.btr(rax, 62);                 // Continuation.NativeTag: CF = the old bit
        _a.jnc(runtime);
        _a.jmp(rax);
        int pc = _pc;
        _slow.Add(() =>
        {
            _a.Label(ref runtime);
            _a.mov(__[State + JitStateLayout.Cont], rax);
            StoreAndExit(ExitReason.Return, pc, F);
        });
    }
}
