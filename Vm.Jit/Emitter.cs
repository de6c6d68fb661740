using Iced.Intel;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Gc;
using static Iced.Intel.AssemblerRegisters;
using static Vm.Jit.Registers;

namespace Vm.Jit;

/// <summary>
/// The baseline emitter (Sparkplug's shape with a delayed operand stack): one linear pass over a verified
/// function, one emit routine per opcode, the interpreter's frame layout and semantics
/// (Vm.Interpreter/Machine.Loop.cs). Operands are trusted for the reasons the interpreter gives
/// (docs/verifier.md rules 1-5). Every opcode either has an entry in <see cref="Table"/> or is listed in
/// <see cref="Interpreted"/>: those compile to an exit that leaves the frame stopped before the instruction,
/// for the interpreter to continue (docs/jit.md §exits).
/// </summary>
/// <remarks>
/// <para><b>The virtual operand stack</b> (docs/jit.md §registers). The verifier fixes the operand depth before
/// every instruction, so operand slot d always lives at <c>[fp - Region - 8(d+1)]</c> and locals at
/// <c>[fp + BaseFromFp(S) - 8i]</c>: compiled code addresses both from <c>rbx</c> and keeps <c>r12</c> (sp) only
/// where someone else reads it. Pushes of constants, locals and register results stay descriptors
/// (<see cref="V"/>) until an instruction needs them, so <c>ldloc a; ldi k; lt; brfalse L</c> is
/// <c>cmp qword [local a], k; jge L</c>.</para>
/// <para><b>The contract</b>: at every instruction start that is a branch target or the DeferReturnPc, at a
/// call's return address, and at every exit (inline exits and out-of-line slow paths) the virtual stack is
/// flushed — every operand in memory where the interpreter keeps it; at a return address and at every exit
/// <c>r12</c> is the interpreter's sp. Code at a branch target assumes only <c>rbx</c> = fp, <c>r14</c> = G and
/// <c>r15</c> = JitState (the dispatcher may enter there: on-stack replacement, through the homes' entry stubs). Slow paths flush a snapshot of the virtual stack
/// taken at their branch, so the fast path never pays for the state an exit needs.</para>
/// </remarks>
public sealed class Emitter
{
    delegate void EmitFn(Emitter e, in Instr ins);

    // Compile-time state lives in arrays and small classes of this assembly rather than in generic collections
    // over value types (Dictionary<int, Label>, List<(int, int, bool)>, LINQ over KeyValuePairs, ...): no
    // ReadyToRun image can hold those instantiations, so .NET compiled ~270 methods for them at a process's first
    // compilation (~40 ms; docs/performance.md "Session 8").

    /// <summary>Per opcode (index: the opcode's byte), its inline emit routine, or null.</summary>
    static readonly EmitFn?[] Table = BuildTable();

    /// <summary>Opcodes compiled to an <see cref="ExitReason.Interpret"/> exit in this slice.</summary>
    public static readonly Op[] Interpreted =
    [
        Op.Grow,
        Op.Panic, Op.Go, Op.MakeChan,
        Op.Close, Op.Select,
    ];

    /// <summary>Opcodes with an inline emit routine.</summary>
    public static IEnumerable<Op> Compiled
    {
        get
        {
            for (int k = 0; k < Table.Length; k++)
                if (Table[k] != null) yield return (Op)k;
        }
    }

    readonly Assembler _a;
    readonly FrameTable _frames;
    readonly FrameInfo _fi;
    readonly Label[] _funcEntry;
    /// <summary>Call entries of the functions compiled in the same unit (null entries: not in it), which a call
    /// reaches directly instead of through the entry table.</summary>
    readonly Label?[] _callEntries;
    /// <summary>Per function of the unit with a frameless guard: its call entry past the guard (the caller tested it).</summary>
    readonly Label?[] _testedEntries;
    readonly Label _exitStub;
    /// <summary>The module's return trampoline past finding the continuation (JitModule.EmitStubs).</summary>
    readonly Label _returnTail;
    /// <summary>Per bytecode pc: its native label (valid where <see cref="_hasPcLabel"/> is set).</summary>
    readonly Label[] _pcLabels;
    readonly bool[] _hasPcLabel;
    readonly List<Action> _slow = [];
    readonly nint _entryTable;
    int _pc;

    /// <summary>Native label of bytecode instruction <paramref name="pc"/>, for the pc table and disassembly (pcs
    /// from 0 to the code's length; false for one without code, e.g. unreachable). Instructions that emit no code
    /// of their own (a constant push) share the next label.</summary>
    public bool TryPcLabel(int pc, out Label label)
    {
        label = _pcLabels[pc];
        return _hasPcLabel[pc];
    }

    void SetPcLabel(int pc, Label l)
    {
        _pcLabels[pc] = l;
        _hasPcLabel[pc] = true;
    }

    Label[] _slowCallRet = new Label[4];
    int[] _slowCallCont = new int[4];
    /// <summary>Calls made from slow paths (deferret running a record): how many (<see cref="SlowCall"/>).</summary>
    public int SlowCallCount { get; private set; }
    /// <summary>Slow-path call <paramref name="k"/>: the label of its return address and the bytecode continuation
    /// it stands for (the deferret instruction itself, as the interpreter's).</summary>
    public Label SlowCall(int k, out int cont)
    {
        cont = _slowCallCont[k];
        return _slowCallRet[k];
    }

    void AddSlowCall(Label ret, int cont)
    {
        if (SlowCallCount == _slowCallRet.Length)
        {
            var r = new Label[2 * SlowCallCount];
            var c = new int[2 * SlowCallCount];
            Array.Copy(_slowCallRet, r, SlowCallCount);
            Array.Copy(_slowCallCont, c, SlowCallCount);
            _slowCallRet = r;
            _slowCallCont = c;
        }
        _slowCallRet[SlowCallCount] = ret;
        _slowCallCont[SlowCallCount++] = cont;
    }
    /// <summary>Label of the out-of-line slow paths (bound after the last instruction), if any.</summary>
    public Label? SlowStart { get; private set; }
    /// <summary>The function's call entry, which the entry table holds: it expects the return address of a native
    /// <c>call</c> on <c>rsp</c> (pops it, tags it as the continuation), then falls into the register entry
    /// (<c>funcEntry[func]</c>: rax = continuation, rdx = closure), which the dispatcher enters.</summary>
    public Label CallEntry { get; private set; }

    readonly RuntimeStatics? _statics;

    Emitter(Assembler a, FrameTable frames, int func, Label[] funcEntry, Label?[] callEntries, Label?[] testedEntries, Label exitStub,
        Label returnTail, nint entryTable, RuntimeStatics? statics)
    {
        _a = a; _frames = frames; _fi = frames.Funcs[func]; _funcEntry = funcEntry; _callEntries = callEntries;
        _testedEntries = testedEntries; _exitStub = exitStub; _returnTail = returnTail;
        _entryTable = entryTable;
        _statics = statics;
        _st = new V[_fi.MaxStack + 2];
        int codeLength = frames.Module.Funcs[func].Code.Length;
        _pcLabels = new Label[codeLength + 1];
        _hasPcLabel = new bool[codeLength + 1];
        _entryLabels = new Label[codeLength + 1];
        _hasEntryLabel = new bool[codeLength + 1];
        _cache = new LocalCache(NAlloc);
        _ownFn = new long[frames.Module.Funcs[func].DeferRecords.Count];
        _ownFnSet = new bool[_ownFn.Length];
    }

    /// <summary>Emits function <paramref name="func"/>: its entry (the callee half of doCall) at
    /// <c>funcEntry[func]</c>, then its instructions, then its slow paths. Every <c>call</c> jumps through
    /// <paramref name="entryTable"/> (native, one entry per module function: the callee's compiled entry, or
    /// the module's <see cref="EmitCallInterpretedStub"/>), so functions can be compiled and patched in one
    /// at a time without touching their callers' code (docs/jit.md §convention).
    /// <paramref name="callEntries"/>: the call-entry label of every function of the same unit (created by the
    /// caller, bound by each function's emitter), so calls among them are direct <c>call rel32</c>s; a function
    /// outside the unit is called through the table. <paramref name="testedEntries"/>: likewise, the call entry past
    /// the frameless guard (<see cref="LeafGuard"/>), for callers that decided it.</summary>
    public static Emitter EmitFunction(Assembler a, FrameTable frames, int func, Label[] funcEntry, Label?[] callEntries,
        Label?[] testedEntries, Label exitStub, Label returnTail, nint entryTable, RuntimeStatics? statics = null)
    {
        var e = new Emitter(a, frames, func, funcEntry, callEntries, testedEntries, exitStub, returnTail, entryTable, statics);
        e.Emit(func);
        return e;
    }

    /// <summary>
    /// The one stub per module that every entry-table slot of a function without compiled code points to. A
    /// call arrives like at a <see cref="CallEntry"/> (the return address pushed, <c>rdx</c> = the closure
    /// context), with the caller's registers (Fp, Sp = the arguments) and <c>r8</c> = the address of the entry-table
    /// slot it jumped through, which names the callee; the stub exits with <see cref="ExitReason.CallInterpreted"/>
    /// (Func = the callee, Cont = the return address, Ctx). <see cref="JitState.Pc"/> is set to -1: the
    /// call's bytecode pc is the <c>JitModule.PcMap</c> entry that holds <c>Cont - 1</c>.
    /// </summary>
    public static void EmitCallInterpretedStub(Assembler a, ref Label stub, Label exitStub, nint entryTable)
    {
        a.Label(ref stub);
        a.mov(EntryCont, __[rsp]);       // the call's return address (see CallEntry); the exit abandons the machine stack
        a.mov(rcx, (long)entryTable);
        a.sub(r8, rcx);
        a.shr(r8, 3);                    // the callee's index
        a.mov(ecx, r8d);
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
    Module M => _frames.Module;
    int SlotsFromFp => (int)Frame.BaseFromFp(_fi.NSlots);

    // ---- labels: Iced allows one label per instruction ----

    int _lastBindCount = -1;
    Label _lastBound;

    void Bind(ref Label l)
    {
        if (_a.Instructions.Count == _lastBindCount) _a.nop();
        _a.Label(ref l);
        _lastBindCount = _a.Instructions.Count;
        _lastBound = l;
    }

    Label PcLabel(int pc)
    {
        if (!_hasPcLabel[pc]) SetPcLabel(pc, _a.CreateLabel($"pc{pc}"));
        return _pcLabels[pc];
    }

    // ---- the virtual operand stack ----

    enum K : byte { Mem, Const, Local, Reg }

    /// <summary>One operand-stack entry: in its memory slot, a constant, a local's current value, or a register
    /// (index into <see cref="Pool"/>). NonNil: a pointer known not to be nil (frame objects, element addresses).</summary>
    struct V
    {
        public K Kind;
        public long C;
        public int Loc;
        public int R;
        public bool NonNil;
        /// <summary>A register entry whose memory slot holds the same value (a call's result, which the callee
        /// both wrote in place and returned in <see cref="ResultReg"/>): spilling it stores nothing. Only the entry
        /// at its own depth: anything that moves entries between slots clears it.</summary>
        public bool Clean;
        public static V Mem() => new() { Kind = K.Mem };
        public static V Const(long c) => new() { Kind = K.Const, C = c };
        public static V Local(int i) => new() { Kind = K.Local, Loc = i };
        public static V Reg(int r, bool nonNil = false) => new() { Kind = K.Reg, R = r, NonNil = nonNil };
    }

    /// <summary>Registers that hold values: the first <see cref="NAlloc"/> hold operand values between instructions
    /// (caller-saved scratch; rax, rcx, rdx stay free for the instruction being emitted), the rest are the homes of
    /// locals kept in registers (<see cref="_homes"/>; callee-saved, so helper calls keep them).</summary>
    static readonly AssemblerRegister64[] Pool = [rsi, rdi, r8, r9, r10, r11, r13, rbp];
    static readonly AssemblerRegister32[] Pool32 = [esi, edi, r8d, r9d, r10d, r11d, r13d, ebp];
    static readonly AssemblerRegister16[] Pool16 = [si, di, r8w, r9w, r10w, r11w, r13w, bp];
    static readonly AssemblerRegister8[] Pool8 = [sil, dil, r8b, r9b, r10b, r11b, r13b, bpl];
    const int NAlloc = 6;
    /// <summary>How many locals a function may keep in registers (Pool[NAlloc..]).</summary>
    public const int MaxHomes = 2;

    V[] _st;
    int _depth;
    /// <summary>Entries below this index are all in memory.</summary>
    int _memTop;
    /// <summary>The depth r12 currently reflects, or -1 if r12 is stale.</summary>
    int _spDepth = -1;
    /// <summary>Code emitted here is reachable by falling through from the previous instruction.</summary>
    bool _live;
    /// <summary>Locals whose current value a register also holds (set by stloc, which writes through): ldloc of
    /// one reads the register. Dropped at every label, call and exit.</summary>
    LocalCache _cache;

    /// <summary>The store cache's entries (<see cref="_cache"/>), oldest first (AllocReg forgets the oldest).</summary>
    sealed class LocalCache
    {
        int[] _loc, _reg;
        bool[] _nonNil;

        public LocalCache(int capacity)
        {
            _loc = new int[Math.Max(1, capacity)];
            _reg = new int[_loc.Length];
            _nonNil = new bool[_loc.Length];
        }

        public int Count { get; private set; }
        public int Loc(int k) => _loc[k];
        public int Reg(int k) => _reg[k];
        public bool NonNil(int k) => _nonNil[k];

        public void Clear() => Count = 0;

        public void Add(int loc, int reg, bool nonNil)
        {
            if (Count == _loc.Length)
            {
                var c = new LocalCache(2 * Count);
                Array.Copy(_loc, c._loc, Count);
                Array.Copy(_reg, c._reg, Count);
                Array.Copy(_nonNil, c._nonNil, Count);
                (_loc, _reg, _nonNil) = (c._loc, c._reg, c._nonNil);
            }
            _loc[Count] = loc;
            _reg[Count] = reg;
            _nonNil[Count++] = nonNil;
        }

        public void RemoveAt(int k)
        {
            Count--;
            Array.Copy(_loc, k + 1, _loc, k, Count - k);
            Array.Copy(_reg, k + 1, _reg, k, Count - k);
            Array.Copy(_nonNil, k + 1, _nonNil, k, Count - k);
        }

        public void RemoveLoc(int loc)
        {
            for (int k = Count - 1; k >= 0; k--)
                if (_loc[k] == loc) RemoveAt(k);
        }

        public LocalCache Clone()
        {
            var c = new LocalCache(_loc.Length);
            Array.Copy(_loc, c._loc, Count);
            Array.Copy(_reg, c._reg, Count);
            Array.Copy(_nonNil, c._nonNil, Count);
            c.Count = Count;
            return c;
        }
    }

    /// <summary>Locals kept in registers (docs/jit.md §registers, "homes"): the most used word locals of the
    /// function's loops. A home is written through (stloc stores the register and the slot), so the frame in
    /// memory is always the interpreter's and every exit, helper, collection and stack copy sees it as before;
    /// the register is loaded from the slot wherever code is entered from outside: after the prologue, after
    /// every call and resume, and at the entry stub of each branch target (<see cref="TryEntryLabel"/>).</summary>
    Home[] _homes = [];

    readonly record struct Home(int Loc, int R);

    /// <summary>Per home (index R - NAlloc): its value is a pointer known not to be nil (set by a store of such a
    /// value, forgotten at labels and reloads).</summary>
    readonly bool[] _homeNonNil = new bool[MaxHomes];

    int HomeOf(int loc)
    {
        foreach (var h in _homes) if (h.Loc == loc) return h.R;
        return -1;
    }

    /// <summary>Loads every home from its slot.</summary>
    void ReloadHomes()
    {
        foreach (var h in _homes) _a.mov(Pool[h.R], LocalMem(h.Loc));
        Array.Clear(_homeNonNil);
    }

    /// <summary>Chooses the homes: locals read inside loops (backward branches), weighted by loop nesting, the
    /// heaviest first; a read right after a store of the same local does not count (the store cache serves it);
    /// none for a function without loops.</summary>
    void ChooseHomes(byte[] code, HashSet<int> targets)
    {
        // Loops: each backward branch, as (head, end) pairs.
        int nloops = 0;
        var loops = new int[8];
        for (int pc = 0; pc < code.Length;)
        {
            var ins = InstrCodec.Decode(code, pc);
            for (int o = 0; o < ins.Info.Operands.Length; o++)
                if (ins.Info.Operands[o] == OperandKind.Label && (int)ins.Operand(o) <= pc)
                {
                    if (2 * nloops == loops.Length)
                    {
                        var grown = new int[2 * loops.Length];
                        Array.Copy(loops, grown, loops.Length);
                        loops = grown;
                    }
                    loops[2 * nloops] = (int)ins.Operand(o);
                    loops[2 * nloops++ + 1] = pc;
                }
            pc = ins.Next;
        }
        if (nloops == 0) return;
        var weight = new long[_fi.NSlots];
        var stackAt = _fi.Maps.StackAt;
        int stored = -1;   // the local the previous instruction stored (a read right after it hits the store cache)
        for (int pc = 0; pc < code.Length;)
        {
            var ins = InstrCodec.Decode(code, pc);
            bool cached = ins.Op == Op.LdLoc && (int)ins.A == stored && !targets.Contains(pc);
            stored = ins.Op == Op.StLoc ? (int)ins.A : -1;
            if (ins.Op == Op.LdLoc && !cached && stackAt[pc] != null)
            {
                long w = 0;
                for (int k = 0; k < nloops; k++)
                    if (pc >= loops[2 * k] && pc <= loops[2 * k + 1]) w = w == 0 ? 8 : w * 8;
                weight[(int)ins.A] += w;
            }
            pc = ins.Next;
        }
        // The heaviest locals of weight 16 or more (ties: the lowest local first), MaxHomes at most.
        var homes = new Home[MaxHomes];
        int n = 0;
        while (n < MaxHomes)
        {
            int best = -1;
            for (int loc = 0; loc < weight.Length; loc++)
                if (weight[loc] >= 16 && (best < 0 || weight[loc] > weight[best])) best = loc;
            if (best < 0) break;
            homes[n] = new Home(best, NAlloc + n);
            n++;
            weight[best] = 0;
        }
        _homes = new Home[n];
        Array.Copy(homes, _homes, n);
    }

    readonly Label[] _entryLabels;
    readonly bool[] _hasEntryLabel;
    /// <summary>Where the dispatcher enters at branch target <paramref name="pc"/> (on-stack replacement) when the
    /// function has homes: a stub that loads them, then jumps to the target's code; false for other pcs (targets
    /// are then entered at their pc label).</summary>
    public bool TryEntryLabel(int pc, out Label label)
    {
        label = _entryLabels[pc];
        return _hasEntryLabel[pc];
    }

    int CachedReg(int loc, out bool nonNil)
    {
        for (int k = 0; k < _cache.Count; k++)
            if (_cache.Loc(k) == loc) { nonNil = _cache.NonNil(k); return _cache.Reg(k); }
        nonNil = false;
        return -1;
    }

    /// <summary>Entry d as the code reads it: a local held in a register reads as that register (not owned).</summary>
    V View(int d)
    {
        var v = _st[d];
        if (v.Kind != K.Local) return v;
        if (HomeOf(v.Loc) is int h and >= 0) return V.Reg(h, v.NonNil || _homeNonNil[h - NAlloc]);
        if (CachedReg(v.Loc, out bool nn) is int r and >= 0) return V.Reg(r, nn || v.NonNil);
        return v;
    }

    AssemblerMemoryOperand SlotMem(int d) => __qword_ptr[Fp - (_fi.Region + 8 * (d + 1))];
    AssemblerMemoryOperand LocalMem(int i) => __qword_ptr[Fp + (SlotsFromFp - 8 * i)];

    void Reset(int depth, bool spValid)
    {
        _cache.Clear();
        Array.Clear(_homeNonNil);
        _depth = depth;
        _memTop = depth;
        for (int d = 0; d < depth; d++) _st[d] = V.Mem();
        _spDepth = spValid ? depth : -1;
    }

    void Push(V v) => _st[_depth++] = v;

    V Pop()
    {
        var v = _st[--_depth];
        if (_memTop > _depth) _memTop = _depth;
        return v;
    }

    /// <summary>Writes entry d to its memory slot.</summary>
    void Spill(int d)
    {
        var v = View(d);
        switch (v.Kind)
        {
            case K.Mem: return;
            case K.Const:
                if (v.C == (int)v.C) _a.mov(SlotMem(d), (int)v.C);
                else { _a.mov(rax, v.C); _a.mov(SlotMem(d), rax); }
                break;
            case K.Local: _a.mov(rax, LocalMem(v.Loc)); _a.mov(SlotMem(d), rax); break;
            case K.Reg: if (!v.Clean) _a.mov(SlotMem(d), Pool[v.R]); break;
        }
        _st[d] = V.Mem();
    }

    /// <summary>Writes every entry below the top <paramref name="keep"/> to memory.</summary>
    void Flush(int keep = 0)
    {
        int top = _depth - keep;
        for (int d = _memTop; d < top; d++) Spill(d);
        if (_memTop < top) _memTop = top;
    }

    void SyncSp()
    {
        if (_spDepth == _depth) return;
        _a.lea(Sp, __[Fp - (_fi.Region + 8 * _depth)]);
        _spDepth = _depth;
    }

    /// <summary>The interpreter's state before the current instruction: every operand in memory, r12 = sp.</summary>
    void FlushAll() { Flush(); SyncSp(); }

    bool InUse(int r)
    {
        for (int d = _memTop; d < _depth; d++)
            if (_st[d].Kind == K.Reg && _st[d].R == r) return true;
        for (int k = 0; k < _cache.Count; k++) if (_cache.Reg(k) == r) return true;
        return false;
    }

    int AllocReg()
    {
        for (int r = 0; r < NAlloc; r++)
            if (!InUse(r)) return r;
        // Forget a cached local (its value is in memory too).
        for (int k = 0; k < _cache.Count; k++)
        {
            int r = _cache.Reg(k);
            _cache.RemoveAt(k);
            if (!InUse(r)) return r;
            k--;
        }
        // Spill the deepest register entry.
        for (int d = _memTop; d < _depth; d++)
            if (_st[d].Kind == K.Reg) { int r = _st[d].R; Spill(d); return r; }
        throw new InvalidOperationException("jit: no register");
    }

    void LoadTo(AssemblerRegister64 dst, int d)
    {
        var v = View(d);
        switch (v.Kind)
        {
            case K.Const: _a.mov(dst, v.C); break;
            case K.Local: _a.mov(dst, LocalMem(v.Loc)); break;
            case K.Reg: if (Pool[v.R] != dst) _a.mov(dst, Pool[v.R]); break;
            default: _a.mov(dst, SlotMem(d)); break;
        }
    }

    /// <summary>Makes entry d a register of its own and returns it.</summary>
    int OwnReg(int d)
    {
        if (_st[d].Kind == K.Reg) return _st[d].R;
        int r = AllocReg();
        bool nn = View(d).NonNil;
        LoadTo(Pool[r], d);
        _st[d] = V.Reg(r, nn);
        if (_memTop > d) _memTop = d;
        return r;
    }

    /// <summary>A register holding entry d's value: its own register, or <paramref name="temp"/> loaded with it.</summary>
    AssemblerRegister64 InReg(int d, AssemblerRegister64 temp)
    {
        var v = View(d);
        if (v.Kind == K.Reg) return Pool[v.R];
        LoadTo(temp, d);
        return temp;
    }

    enum Alu { Add, Sub, And, Or, Xor, Cmp, Imul }

    static bool Commutes(Alu op) => op is Alu.Add or Alu.And or Alu.Or or Alu.Xor or Alu.Imul;

    static void AluRR(Assembler a, Alu op, AssemblerRegister64 d, AssemblerRegister64 s)
    {
        switch (op)
        {
            case Alu.Add: a.add(d, s); break;
            case Alu.Sub: a.sub(d, s); break;
            case Alu.And: a.and(d, s); break;
            case Alu.Or: a.or(d, s); break;
            case Alu.Xor: a.xor(d, s); break;
            case Alu.Cmp: a.cmp(d, s); break;
            case Alu.Imul: a.imul(d, s); break;
        }
    }

    static void AluRM(Assembler a, Alu op, AssemblerRegister64 d, AssemblerMemoryOperand s)
    {
        switch (op)
        {
            case Alu.Add: a.add(d, s); break;
            case Alu.Sub: a.sub(d, s); break;
            case Alu.And: a.and(d, s); break;
            case Alu.Or: a.or(d, s); break;
            case Alu.Xor: a.xor(d, s); break;
            case Alu.Cmp: a.cmp(d, s); break;
            case Alu.Imul: a.imul(d, s); break;
        }
    }

    static void AluRI(Assembler a, Alu op, AssemblerRegister64 d, int imm)
    {
        switch (op)
        {
            case Alu.Add: a.add(d, imm); break;
            case Alu.Sub: a.sub(d, imm); break;
            case Alu.And: a.and(d, imm); break;
            case Alu.Or: a.or(d, imm); break;
            case Alu.Xor: a.xor(d, imm); break;
            case Alu.Cmp: a.cmp(d, imm); break;
            case Alu.Imul: a.imul(d, d, imm); break;
        }
    }

    /// <summary><c>dst op= entry d</c> (dst is a pool register or rax; rcx is the temporary for big constants).</summary>
    void AluWith(Alu op, AssemblerRegister64 dst, int d)
    {
        var v = View(d);
        switch (v.Kind)
        {
            case K.Const when v.C == (int)v.C: AluRI(_a, op, dst, (int)v.C); break;
            case K.Const: _a.mov(rcx, v.C); AluRR(_a, op, dst, rcx); break;
            case K.Local: AluRM(_a, op, dst, LocalMem(v.Loc)); break;
            case K.Reg: AluRR(_a, op, dst, Pool[v.R]); break;
            default: AluRM(_a, op, dst, SlotMem(d)); break;
        }
    }

    static long Fold(Alu op, long a, long b) => op switch
    {
        Alu.Add => unchecked(a + b),
        Alu.Sub => unchecked(a - b),
        Alu.And => a & b,
        Alu.Or => a | b,
        Alu.Xor => a ^ b,
        _ => unchecked(a * b),
    };

    void Binary(Alu op)
    {
        int db = _depth - 1, da = _depth - 2;
        if (_st[da].Kind == K.Const && _st[db].Kind == K.Const)
        {
            long r = Fold(op, _st[da].C, _st[db].C);
            Pop(); Pop(); Push(V.Const(r));
            return;
        }
        if (Commutes(op) && _st[db].Kind == K.Reg && _st[da].Kind != K.Reg)
        {
            int rb = _st[db].R;
            AluWith(op, Pool[rb], da);
            Pop(); Pop(); Push(V.Reg(rb));
            return;
        }
        int ra = OwnReg(da);
        AluWith(op, Pool[ra], db);
        Pop(); Pop(); Push(V.Reg(ra));
    }

    static Alu? AluOf(Op op) => op switch
    {
        Op.Add => Alu.Add, Op.Sub => Alu.Sub, Op.And => Alu.And, Op.Or => Alu.Or, Op.Xor => Alu.Xor, _ => null,
    };

    /// <summary><c>ldloc i; ...; op; stloc i</c> with local i in a home: the operation works on the home register
    /// (<c>add r13, rbp</c>), then writes it through, instead of copying it out and back.</summary>
    bool TryBinaryToHome(Alu op, in Instr st, HashSet<int> targets)
    {
        int da = _depth - 2, db = _depth - 1;
        if (st.Op != Op.StLoc || targets.Contains(st.Pc) || _st[da].Kind != K.Local || _st[da].Loc != (int)st.A) return false;
        int i = (int)st.A;
        if (HomeOf(i) is not (int h and >= 0)) return false;
        if (_st[db].Kind == K.Local && _st[db].Loc == i) return false;
        // Entries below that read local i take its old value first.
        for (int d = _memTop; d < da; d++)
            if (_st[d].Kind == K.Local && _st[d].Loc == i) Spill(d);
        if (!_hasPcLabel[st.Pc]) SetPcLabel(st.Pc, _pcLabels[_pc]);   // the store shares the operation's code
        AluWith(op, Pool[h], db);
        _a.mov(LocalMem(i), Pool[h]);
        _homeNonNil[h - NAlloc] = false;
        Pop(); Pop();
        return true;
    }

    /// <summary>Sets the flags for <c>a cmp b</c> (entries da, db) without changing any pool register.</summary>
    void CmpEntries(int da, int db)
    {
        var a = View(da);
        var b = View(db);
        if (a.Kind == K.Reg) { AluWith(Alu.Cmp, Pool[a.R], db); return; }
        if (a.Kind is K.Local or K.Mem)
        {
            var m = a.Kind == K.Local ? LocalMem(a.Loc) : SlotMem(da);
            if (b.Kind == K.Const && b.C == (int)b.C) { _a.cmp(m, (int)b.C); return; }
            if (b.Kind == K.Reg) { _a.cmp(m, Pool[b.R]); return; }
        }
        LoadTo(rax, da);
        AluWith(Alu.Cmp, rax, db);
    }

    // ---- the pass ----

    void Emit(int func)
    {
        var fd = M.Funcs[func];
        var code = fd.Code;
        var stackAt = _fi.Maps.StackAt;
        // The call entry (what the entry table holds): a compiled call pushed its return address on the machine
        // stack with a native `call`; it stays there for the callee's `ret`, and the prologue stores a copy as the
        // frame's continuation (docs/jit.md §convention).
        var callEntry = _callEntries[func] ?? _a.CreateLabel($"call{func}");
        Bind(ref callEntry);
        CallEntry = callEntry;
        EmitFramelessReturn(code);
        if (_testedAt < 0)               // (else the call entry ended with the leaf's ret: see EmitTestedEntry)
            _a.mov(EntryCont, __[rsp]);  // the continuation: the return address, which stays on the machine stack for ret
        var entry = _funcEntry[func];
        Bind(ref entry);
        _funcEntry[func] = entry;
        var targets = InstrCodec.BranchTargets(code, fd.DeferReturnPc);
        ChooseHomes(code, targets);
        EmitPrologue();
        ReloadHomes();
        Reset(0, spValid: false);
        _live = true;
        for (int pc = 0; pc < code.Length;)
        {
            var ins = InstrCodec.Decode(code, pc);
            _pc = pc;
            if (pc == _testedAt && !_live) EmitTestedEntry();
            bool reachable = stackAt[pc] != null;
            if (targets.Contains(pc))
            {
                if (_live) Flush();
                var l = PcLabel(pc);
                Bind(ref l);
                SetPcLabel(pc, l);
                if (reachable) Reset(stackAt[pc]!.Length, spValid: false);
                if (reachable && _homes.Length > 0)
                {
                    var stub = _a.CreateLabel($"entry{pc}");
                    var body = l;
                    int at = pc;
                    _slow.Add(() =>
                    {
                        Bind(ref stub);
                        _entryLabels[at] = stub;
                        _hasEntryLabel[at] = true;
                        ReloadHomes();
                        _a.jmp(body);
                    });
                }
                _live = reachable;
            }
            else
            {
                if (_a.Instructions.Count == _lastBindCount) SetPcLabel(pc, _lastBound);
                else { var l = _a.CreateLabel($"pc{pc}"); Bind(ref l); SetPcLabel(pc, l); }
                if (!_live && reachable) { Reset(stackAt[pc]!.Length, spValid: false); _live = true; }
            }
            if (!reachable || !_live) { _live = false; pc = ins.Next; continue; }

            if (ins.Next < code.Length && JccOf(ins.Op) != null)
            {
                var br = InstrCodec.Decode(code, ins.Next);
                if (br.Op is Op.BrTrue or Op.BrFalse && !targets.Contains(br.Pc))
                {
                    SetPcLabel(br.Pc, _pcLabels[pc]);   // shares the compare's code (one label per instruction)
                    EmitCompareBranch(ins.Op, br);
                    pc = br.Next;
                    continue;
                }
            }
            if (AluOf(ins.Op) is { } alu && ins.Next < code.Length && TryBinaryToHome(alu, InstrCodec.Decode(code, ins.Next), targets))
            {
                pc = InstrCodec.Decode(code, ins.Next).Next;
                continue;
            }
            if (Table[(int)ins.Op] is { } fn) fn(this, in ins);
            else InterpretExit();
            pc = ins.Next;
        }
        if (_slow.Count > 0)
        {
            var s = _a.CreateLabel("slow");
            Bind(ref s);
            SlowStart = s;
            _a.int3();
            foreach (var act in _slow) act();
        }
    }

    enum Cc { E, NE, L, GE, LE, G, B, AE, BE, A }

    static Cc Negate(Cc c) => c switch
    {
        Cc.E => Cc.NE, Cc.NE => Cc.E, Cc.L => Cc.GE, Cc.GE => Cc.L, Cc.LE => Cc.G, Cc.G => Cc.LE,
        Cc.B => Cc.AE, Cc.AE => Cc.B, Cc.BE => Cc.A, _ => Cc.BE,
    };

    /// <summary>The condition under which integer comparison <paramref name="op"/> holds; null for other opcodes.</summary>
    static Cc? JccOf(Op op) => op switch
    {
        Op.Eq or Op.PEq => Cc.E,
        Op.Ne or Op.PNe => Cc.NE,
        Op.Lt => Cc.L, Op.Ge => Cc.GE, Op.Le => Cc.LE, Op.Gt => Cc.G,
        Op.LtU => Cc.B, Op.GeU => Cc.AE, Op.LeU => Cc.BE, Op.GtU => Cc.A,
        _ => null,
    };

    static bool Holds(Cc c, long a, long b) => c switch
    {
        Cc.E => a == b, Cc.NE => a != b, Cc.L => a < b, Cc.GE => a >= b, Cc.LE => a <= b, Cc.G => a > b,
        Cc.B => (ulong)a < (ulong)b, Cc.AE => (ulong)a >= (ulong)b, Cc.BE => (ulong)a <= (ulong)b, _ => (ulong)a > (ulong)b,
    };

    void Jcc(Cc c, Label l)
    {
        switch (c)
        {
            case Cc.E: _a.je(l); break;
            case Cc.NE: _a.jne(l); break;
            case Cc.L: _a.jl(l); break;
            case Cc.GE: _a.jge(l); break;
            case Cc.LE: _a.jle(l); break;
            case Cc.G: _a.jg(l); break;
            case Cc.B: _a.jb(l); break;
            case Cc.AE: _a.jae(l); break;
            case Cc.BE: _a.jbe(l); break;
            default: _a.ja(l); break;
        }
    }

    void Setcc(Cc c, AssemblerRegister8 r)
    {
        switch (c)
        {
            case Cc.E: _a.sete(r); break;
            case Cc.NE: _a.setne(r); break;
            case Cc.L: _a.setl(r); break;
            case Cc.GE: _a.setge(r); break;
            case Cc.LE: _a.setle(r); break;
            case Cc.G: _a.setg(r); break;
            case Cc.B: _a.setb(r); break;
            case Cc.AE: _a.setae(r); break;
            case Cc.BE: _a.setbe(r); break;
            default: _a.seta(r); break;
        }
    }

    /// <summary>A comparison producing 0/1.</summary>
    void Compare(Cc c)
    {
        int db = _depth - 1, da = _depth - 2;
        if (_st[da].Kind == K.Const && _st[db].Kind == K.Const)
        {
            bool h = Holds(c, _st[da].C, _st[db].C);
            Pop(); Pop(); Push(V.Const(h ? 1 : 0));
            return;
        }
        int r = AllocReg();
        _a.xor(Pool32[r], Pool32[r]);
        CmpEntries(da, db);
        Setcc(c, Pool8[r]);
        Pop(); Pop(); Push(V.Reg(r));
    }

    // ---- branches and the back-edge poll ----

    /// <summary>At a backward branch: if the goroutine was asked to stop (<c>g.stackguard == StackPreempt</c>, whose
    /// top byte is 0x7f while a real guard is a user address), exit with <see cref="ExitReason.Poll"/> at
    /// <paramref name="branchPc"/> with the interpreter's state there. <paramref name="fused"/>: the condition of a
    /// fused compare+branch, pushed (0/1) so the interpreter re-executing the branch takes the same edge.</summary>
    void EmitPoll(int branchPc, Cc? fused)
    {
        _a.cmp(__byte_ptr[Registers.G + (Vm.Core.Abi.G.OffStackGuard + 7)], 0x7f);
        var path = _a.CreateLabel("poll");
        _a.je(path);
        var snap = Snapshot();
        _slow.Add(() =>
        {
            Bind(ref path);
            Restore(snap);
            if (fused is { } c)
            {
                _a.xor(eax, eax);
                CmpEntries(_depth - 2, _depth - 1);
                Setcc(c, al);
                Pop(); Pop();
                Flush();
                _a.mov(SlotMem(_depth), rax);
                Push(V.Mem());
            }
            Flush();
            _a.lea(Sp, __[Fp - (_fi.Region + 8 * _depth)]);
            StoreAndExit(ExitReason.Poll, branchPc, F);
        });
    }

    void EmitCompareBranch(Op cmp, in Instr br)
    {
        var holds = JccOf(cmp)!.Value;     // the comparison's value (what the interpreter pushes)
        var c = br.Op == Op.BrFalse ? Negate(holds) : holds;   // when the branch is taken
        int target = (int)br.A;
        bool back = target <= br.Pc;
        int db = _depth - 1, da = _depth - 2;
        if (_st[da].Kind == K.Const && _st[db].Kind == K.Const)
        {
            bool taken = Holds(c, _st[da].C, _st[db].C);
            if (!taken) { Pop(); Pop(); return; }
            // the interpreter's state at the branch: the condition (1 for brtrue, 0 for brfalse) on top
            Pop(); Pop();
            Push(V.Const(br.Op == Op.BrTrue ? 1 : 0));
            EmitBr(br.Pc, target, keepTop: true);
            return;
        }
        Flush(keep: 2);
        if (back) EmitPoll(br.Pc, holds);
        CmpEntries(da, db);
        Pop(); Pop();
        Jcc(c, PcLabel(target));
    }

    /// <summary>An unconditional transfer to <paramref name="target"/> (<paramref name="keepTop"/>: a known
    /// condition is on top, dropped at the jump).</summary>
    void EmitBr(int branchPc, int target, bool keepTop)
    {
        Flush();
        if (target <= branchPc) EmitPoll(branchPc, null);
        if (keepTop) Pop();
        _a.jmp(PcLabel(target));
        _live = false;
    }

    void EmitCondBranch(in Instr br)
    {
        int target = (int)br.A;
        bool onTrue = br.Op == Op.BrTrue;
        int d = _depth - 1;
        var v = View(d);
        if (v.Kind == K.Const)
        {
            if ((v.C != 0) == onTrue) EmitBr(br.Pc, target, keepTop: true);
            else Pop();
            return;
        }
        Flush(keep: 1);
        if (target <= br.Pc) EmitPoll(br.Pc, null);
        if (v.Kind == K.Reg) _a.test(Pool[v.R], Pool[v.R]);
        else _a.cmp(v.Kind == K.Local ? LocalMem(v.Loc) : SlotMem(d), 0);
        Pop();
        if (onTrue) _a.jne(PcLabel(target)); else _a.je(PcLabel(target));
    }

    // ---- slow paths: snapshots of the virtual stack ----

    readonly record struct Snap(V[] St, int Depth, int MemTop, LocalCache Cache);

    Snap Snapshot() => new((V[])_st.Clone(), _depth, _memTop, _cache.Clone());

    void Restore(Snap s)
    {
        _cache = s.Cache.Clone();
        _st = (V[])s.St.Clone();
        _depth = s.Depth;
        _memTop = s.MemTop;
        _spDepth = -1;
    }

    /// <summary>An out-of-line Interpret exit at the current instruction with the frame as it is when the code
    /// jumps there: the caller flushed it (FlushAll) and changed nothing yet, so the interpreter executes the
    /// instruction itself (the helpers' and bounds checks' slow paths).</summary>
    Label InterpretPath()
    {
        var l = _a.CreateLabel("interp");
        int pc = _pc;
        _slow.Add(() =>
        {
            Bind(ref l);
            StoreAndExit(ExitReason.Interpret, pc, F);
        });
        return l;
    }

    /// <summary>An out-of-line exit with the frame stopped before the current instruction, its operands (the
    /// virtual stack as it is now) flushed: a Go runtime error raised at this pc.</summary>
    Label PanicPath()
    {
        var l = _a.CreateLabel("panic");
        int pc = _pc;
        var snap = Snapshot();
        _slow.Add(() =>
        {
            Bind(ref l);
            Restore(snap);
            Flush();
            _a.lea(Sp, __[Fp - (_fi.Region + 8 * _depth)]);
            StoreAndExit(ExitReason.Panic, pc, F);
        });
        return l;
    }

    /// <summary>
    /// A guard clause a function can take without a frame (docs/jit.md §convention, "frameless return"): the function
    /// begins <c>ldloc p; ldi k; cmp; brtrue|brfalse</c> (p a parameter) and one successor of the branch is
    /// <c>ldloc q; ret</c> (q a parameter) or <c>ldi c; ret</c>, with one result. <see cref="When"/>: the condition
    /// (parameter P against K) under which that successor is taken. Nothing on that path can stop the goroutine,
    /// fault or be walked, so it needs no frame: the call entry decides it before the prologue, and a direct call
    /// from this unit decides it before calling.
    /// </summary>
    readonly record struct LeafGuard(int P, int K, Cc When, bool FromConst, long Value, int NParams, int OtherPc, bool OtherAfterLeaf)
    {
        /// <summary>Offset of parameter i from the caller's operand top (docs/abi.md §frame: argument 0 deepest).</summary>
        public int Param(long i) => 8 * (NParams - 1 - (int)i);
    }

    static LeafGuard? FindLeafGuard(FrameInfo fi, byte[] code)
    {
        if (fi.NResults != 1 || code.Length < 20) return null;
        var i0 = InstrCodec.Decode(code, 0);
        if (i0.Op != Op.LdLoc || i0.A >= fi.NParams) return null;
        var i1 = InstrCodec.Decode(code, i0.Next);
        if (i1.Op != Op.LdI || i1.A != (int)i1.A) return null;
        var i2 = InstrCodec.Decode(code, i1.Next);
        if (JccOf(i2.Op) is not { } holds || i2.Op is Op.PEq or Op.PNe) return null;
        var i3 = InstrCodec.Decode(code, i2.Next);
        if (i3.Op is not (Op.BrTrue or Op.BrFalse)) return null;
        var takenCc = i3.Op == Op.BrTrue ? holds : Negate(holds);
        (int Pc, Cc When)[] succ = [((int)i3.A, takenCc), (i3.Next, Negate(takenCc))];
        foreach (var (spc, when) in succ)
        {
            if (spc + 1 >= code.Length) continue;
            var v = InstrCodec.Decode(code, spc);
            if (v.Next >= code.Length || InstrCodec.Decode(code, v.Next).Op != Op.Ret) continue;
            bool fromParam = v.Op == Op.LdLoc && v.A < fi.NParams;
            bool fromConst = v.Op == Op.LdI && v.A == (int)v.A;
            if (!fromParam && !fromConst) continue;
            int other = spc == succ[0].Pc ? succ[1].Pc : succ[0].Pc;
            return new LeafGuard((int)i0.A, (int)i1.A, when, fromConst, v.A, fi.NParams, other,
                OtherAfterLeaf: other == InstrCodec.Decode(code, v.Next).Next);
        }
        return null;
    }

    /// <summary>The leaf's result written over the arguments and r12 moved to it, as a <c>ret</c> leaves them
    /// (r12 = the caller's operand top on entry).</summary>
    void EmitLeafResult(LeafGuard g)
    {
        var res = Pool[ResultReg];      // a return leaves its single result there too
        if (g.FromConst) { _a.mov(res, (int)g.Value); _a.mov(__qword_ptr[Sp + g.Param(0)], res); }
        else
        {
            _a.mov(res, __qword_ptr[Sp + g.Param(g.Value)]);
            if (g.Value != 0) _a.mov(__qword_ptr[Sp + g.Param(0)], res);
        }
        if (g.Param(0) != 0) _a.lea(Sp, __[Sp + g.Param(0)]);
    }

    /// <summary>At the call entry, before the return address is popped: the frameless return
    /// (<see cref="LeafGuard"/>) goes straight back with <c>ret</c> (the caller is compiled code: only native
    /// <c>call</c>s reach a call entry). The dispatcher's entry (funcEntry) runs the function's own code instead.</summary>
    /// <remarks>When the guard's other successor follows the leaf's <c>ret</c> in the code (fib's shape), the tested
    /// entry is placed right before it (<see cref="EmitTestedEntry"/>, a second copy of the prologue): a call past the
    /// guard then runs no compare of it at all and falls through into the function's real work.</remarks>
    void EmitFramelessReturn(byte[] code)
    {
        if (FindLeafGuard(_fi, code) is not { } g) return;
        var frame = _testedEntries[F] ?? _a.CreateLabel("frame");
        _a.cmp(__qword_ptr[Sp + g.Param(g.P)], g.K);
        Jcc(Negate(g.When), frame);
        EmitLeafResult(g);
        _a.ret();
        if (g.OtherAfterLeaf) { _testedAt = g.OtherPc; _testedLabel = frame; return; }
        Bind(ref frame);
        _testedEntries[F] = frame;
    }

    int _testedAt = -1;
    Label _testedLabel;

    /// <summary>The tested entry placed before the guard's other successor (nothing falls through into it: the
    /// leaf's ret precedes it): the return address as the continuation, the prologue, the homes.</summary>
    void EmitTestedEntry()
    {
        var l = _testedLabel;
        Bind(ref l);
        _testedEntries[F] = l;
        _a.mov(EntryCont, __[rsp]);
        EmitPrologue();
        ReloadHomes();
        Reset(0, spValid: false);
        _live = true;
    }

    /// <summary>A frame at most this deep checks the caller's sp against the guard itself (Go's StackSmall): it may
    /// end up to this many bytes below the guard, inside the stack's <see cref="GoroutineStack.GuardSlack"/>. A
    /// failed check implies the interpreter's exact one fails too, so morestack always has work to do.</summary>
    const int StackSmall = 128;

    // ---- the callee half of doCall (docs/abi.md §frame, "Entry") ----
    // In: Fp = caller's frame, Sp = the caller's operand top (our arguments), EntryCont, EntryCtx.
    void EmitPrologue()
    {
        var fi = _fi;
        int nfp = 8 * fi.NParams - 8 - 8 * fi.NSlots - (Frame.HeaderSize - 8);   // new fp from sp
        int bottom = nfp - (fi.Region + 8 * fi.MaxStack);                           // frame bottom from sp
        var more = _a.CreateLabel("morestack");
        if (-bottom <= StackSmall)
        {
            // sp <= guard, not <: under stackmove=1 the guard is the stack's top, where a goroutine's first frame
            // has its sp, and that check too must fail.
            _a.cmp(Sp, __qword_ptr[Registers.G + Vm.Core.Abi.G.OffStackGuard]);
            _a.jbe(more);
        }
        else
        {
            _a.lea(rcx, __[Sp + bottom]);
            _a.cmp(rcx, __qword_ptr[Registers.G + Vm.Core.Abi.G.OffStackGuard]);
            _a.jb(more);
        }
        // After morestack the dispatcher resumes here: the stack now has room (under GODEBUG=stackmove=1
        // the guard stays at the top, so re-running the check would move the stack forever), as the
        // interpreter's doCall builds the frame after MoreStack without a second check.
        var grown = _a.CreateLabel("grown");
        Bind(ref grown);
        _a.mov(__qword_ptr[Sp + (nfp + Frame.OffSavedFp)], Fp);
        _a.lea(Fp, __[Sp + nfp]);
        _a.mov(__qword_ptr[Fp + Frame.OffFunc], F);
        if (fi.ReadsCtx) _a.mov(__qword_ptr[Fp + Frame.OffCtx], EntryCtx);   // else nothing reads or scans it
        _a.mov(__qword_ptr[Fp + Frame.OffCont], EntryCont);
        // Zero the frame objects and the declared locals; the inline defer records are filled by defers.
        if (fi.ZeroFrom > 0 || fi.NLocals > 0) _a.xor(ecx, ecx);
        ZeroWords(Fp, -fi.ZeroFrom, fi.ZeroFrom / 8);
        ZeroWords(Fp, Frame.HeaderSize, fi.NLocals);
        var entryLabel = _funcEntry[F];
        _slow.Add(() =>
        {
            Bind(ref more);
            // Caller stopped at its call: Fp/Sp are the caller's; the dispatcher resumes after the check.
            _a.mov(__[State + JitStateLayout.Cont], EntryCont);
            _a.mov(__[State + JitStateLayout.Ctx], EntryCtx);
            _a.lea(rax, __[grown]);
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
        Bind(ref top);
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

    /// <summary>Exits with the frame stopped before the current instruction (the caller flushed). With
    /// <paramref name="resumeAt"/>, the dispatcher re-enters there.</summary>
    void ExitAt(ExitReason reason, Label? resumeAt)
    {
        if (resumeAt is { } r)
        {
            _a.lea(rax, __[r]);
            _a.mov(__[State + JitStateLayout.Resume], rax);
        }
        StoreAndExit(reason, _pc, F);
    }

    /// <summary>After an instruction emitted in memory form (operands read at r12, results written there): the
    /// model is all-memory at the next instruction's depth, r12 valid.</summary>
    void AfterMemoryForm(in Instr ins)
    {
        var next = _fi.Maps.StackAt;
        int depth = ins.Next < next.Length && next[ins.Next] is { } k ? k.Length : _depth;
        Reset(depth, spValid: true);
    }

    /// <summary>Emits an instruction the simple way: operands flushed to memory, the code works at r12.</summary>
    void MemoryForm(in Instr ins, Action body)
    {
        FlushAll();
        body();
        AfterMemoryForm(ins);
    }

    // ---- memory-form idioms (operands at [r12]) ----
    void MPush(AssemblerRegister64 r) { _a.sub(Sp, 8); _a.mov(__[Sp], r); }
    void MStoreTopAfterPop(AssemblerRegister64 r) { _a.add(Sp, 8); _a.mov(__[Sp], r); }

    /// <summary>The instruction is left to the interpreter: the frame stops before it, exactly as interpreted.</summary>
    void InterpretExit() { FlushAll(); ExitAt(ExitReason.Interpret, null); _live = false; }

    /// <summary>ldfn/gaddr/ldstr push addresses of the runtime's static objects: constants when the runtime
    /// gave them (<see cref="RuntimeStatics"/>), else an exit (the standalone runner has no runtime).</summary>
    void PushStatic(in Instr i)
    {
        if (_statics is not { } st) { InterpretExit(); return; }
        int k = (int)i.A;
        switch (i.Op)
        {
            case Op.LdFn: Push(V.Const(st.Funcvals[k])); break;
            case Op.GAddr: Push(V.Const(st.Globals[k])); break;
            default: Push(V.Const(st.StrPtr[k])); Push(V.Const(st.StrLen[k])); break;   // ldstr: data, then len on top
        }
    }

    /// <summary>Builds <see cref="Table"/> with index initialisers (<c>[Op.X] = routine</c>).</summary>
    sealed class OpTable
    {
        public readonly EmitFn?[] Fns = new EmitFn?[256];
        public EmitFn? this[Op op] { get => Fns[(int)op]; set => Fns[(int)op] = value; }
    }

    static EmitFn?[] BuildTable()
    {
        var t = new OpTable
        {
            [Op.Nop] = (e, in i) => { },
            [Op.LdI] = (e, in i) => e.Push(V.Const(i.A)),
            [Op.LdF] = (e, in i) => e.Push(V.Const(i.A)),
            [Op.LdNil] = (e, in i) => e.Push(V.Const(0)),
            [Op.LdType] = (e, in i) => e.Push(V.Const(Values.TypeWord((int)i.A))),
            [Op.Recover] = (e, in i) => e.EmitRecover(),
            [Op.LdFn] = (e, in i) => e.PushStatic(in i),
            [Op.GAddr] = (e, in i) => e.PushStatic(in i),
            [Op.LdStr] = (e, in i) => e.PushStatic(in i),
            [Op.Pop] = (e, in i) => e.Pop(),
            [Op.Dup] = (e, in i) => e.EmitDup(),
            [Op.Swap] = (e, in i) => e.EmitSwap(),
            // Slot i is at base - 8*i (docs/abi.md §frame); rule 3 bounds i.
            [Op.LdLoc] = (e, in i) => e.Push(V.Local((int)i.A)),
            [Op.StLoc] = (e, in i) => e.EmitStLoc((int)i.A),
            [Op.LdCtx] = (e, in i) => { int r = e.AllocReg(); e._a.mov(Pool[r], __qword_ptr[Fp + Frame.OffCtx]); e.Push(V.Reg(r)); },
            [Op.FObj] = (e, in i) => { int r = e.AllocReg(); e._a.lea(Pool[r], __[Fp - e._fi.ObjOff[(int)i.A]]); e.Push(V.Reg(r, nonNil: true)); },

            [Op.Add] = (e, in i) => e.Binary(Alu.Add),
            [Op.Sub] = (e, in i) => e.Binary(Alu.Sub),
            [Op.Mul] = (e, in i) => e.Binary(Alu.Imul),
            [Op.And] = (e, in i) => e.Binary(Alu.And),
            [Op.Or] = (e, in i) => e.Binary(Alu.Or),
            [Op.Xor] = (e, in i) => e.Binary(Alu.Xor),
            [Op.AndNot] = (e, in i) => e.MemoryForm(i, () => { e._a.mov(rcx, __[Sp]); e._a.not(rcx); e._a.mov(rax, __[Sp + 8]); e._a.and(rax, rcx); e.MStoreTopAfterPop(rax); }),
            [Op.Div] = (e, in i) => e.MemoryForm(i, () => e.EmitDiv(signed: true, rem: false)),
            [Op.Rem] = (e, in i) => e.MemoryForm(i, () => e.EmitDiv(signed: true, rem: true)),
            [Op.DivU] = (e, in i) => e.MemoryForm(i, () => e.EmitDiv(signed: false, rem: false)),
            [Op.RemU] = (e, in i) => e.MemoryForm(i, () => e.EmitDiv(signed: false, rem: true)),
            [Op.Shl] = (e, in i) => e.EmitShift(i, Op.Shl),
            [Op.Shr] = (e, in i) => e.EmitShift(i, Op.Shr),
            [Op.ShrU] = (e, in i) => e.EmitShift(i, Op.ShrU),
            [Op.Neg] = (e, in i) => e.Unary(r => e._a.neg(r), c => unchecked(-c)),
            [Op.Not] = (e, in i) => e.Unary(r => e._a.not(r), c => ~c),
            [Op.Sext8] = (e, in i) => e.Extend(i, (a, r, r8, r16, r32) => a.movsx(r, r8), c => (sbyte)c),
            [Op.Sext16] = (e, in i) => e.Extend(i, (a, r, r8, r16, r32) => a.movsx(r, r16), c => (short)c),
            [Op.Sext32] = (e, in i) => e.Extend(i, (a, r, r8, r16, r32) => a.movsxd(r, r32), c => (int)c),
            [Op.Zext8] = (e, in i) => e.Extend(i, (a, r, r8, r16, r32) => a.movzx(r32, r8), c => (byte)c),
            [Op.Zext16] = (e, in i) => e.Extend(i, (a, r, r8, r16, r32) => a.movzx(r32, r16), c => (ushort)c),
            [Op.Zext32] = (e, in i) => e.Extend(i, (a, r, r8, r16, r32) => a.mov(r32, r32), c => (uint)c),

            [Op.Eq] = (e, in i) => e.Compare(Cc.E),
            [Op.PEq] = (e, in i) => e.Compare(Cc.E),
            [Op.Ne] = (e, in i) => e.Compare(Cc.NE),
            [Op.PNe] = (e, in i) => e.Compare(Cc.NE),
            [Op.Lt] = (e, in i) => e.Compare(Cc.L),
            [Op.Le] = (e, in i) => e.Compare(Cc.LE),
            [Op.Gt] = (e, in i) => e.Compare(Cc.G),
            [Op.Ge] = (e, in i) => e.Compare(Cc.GE),
            [Op.LtU] = (e, in i) => e.Compare(Cc.B),
            [Op.LeU] = (e, in i) => e.Compare(Cc.BE),
            [Op.GtU] = (e, in i) => e.Compare(Cc.A),
            [Op.GeU] = (e, in i) => e.Compare(Cc.AE),

            [Op.FAdd] = (e, in i) => e.MemoryForm(i, () => e.FBinary((a, x) => a.addsd(xmm0, x))),
            [Op.FSub] = (e, in i) => e.MemoryForm(i, () => e.FBinary((a, x) => a.subsd(xmm0, x))),
            [Op.FMul] = (e, in i) => e.MemoryForm(i, () => e.FBinary((a, x) => a.mulsd(xmm0, x))),
            [Op.FDiv] = (e, in i) => e.MemoryForm(i, () => e.FBinary((a, x) => a.divsd(xmm0, x))),
            [Op.FNeg] = (e, in i) => e.Unary(r => { e._a.btc(r, 63); }, c => c ^ long.MinValue),
            [Op.FEq] = (e, in i) => e.MemoryForm(i, () => e.FCompare(swap: false, eq: true, ne: false, null)),
            [Op.FNe] = (e, in i) => e.MemoryForm(i, () => e.FCompare(swap: false, eq: false, ne: true, null)),
            // a < b is b > a; ucomisd reports unordered as CF=ZF=1, so seta/setae are false for NaN.
            [Op.FLt] = (e, in i) => e.MemoryForm(i, () => e.FCompare(swap: true, eq: false, ne: false, (a, r) => a.seta(r))),
            [Op.FLe] = (e, in i) => e.MemoryForm(i, () => e.FCompare(swap: true, eq: false, ne: false, (a, r) => a.setae(r))),
            [Op.FGt] = (e, in i) => e.MemoryForm(i, () => e.FCompare(swap: false, eq: false, ne: false, (a, r) => a.seta(r))),
            [Op.FGe] = (e, in i) => e.MemoryForm(i, () => e.FCompare(swap: false, eq: false, ne: false, (a, r) => a.setae(r))),
            [Op.I2F] = (e, in i) => e.MemoryForm(i, () => { e._a.cvtsi2sd(xmm0, __qword_ptr[Sp]); e._a.movsd(__qword_ptr[Sp], xmm0); }),
            [Op.U2F] = (e, in i) => e.MemoryForm(i, e.EmitU2F),
            // Out of range and NaN give 0x8000000000000000, the interpreter's F2I (long.MinValue).
            [Op.F2I] = (e, in i) => e.MemoryForm(i, () => { e._a.cvttsd2si(rax, __qword_ptr[Sp]); e._a.mov(__[Sp], rax); }),
            [Op.F2U] = (e, in i) => e.MemoryForm(i, e.EmitF2U),

            // Rule 2: label operands are instruction starts of this function.
            [Op.Br] = (e, in i) => e.EmitBr(i.Pc, (int)i.A, keepTop: false),
            [Op.BrTrue] = (e, in i) => e.EmitCondBranch(i),
            [Op.BrFalse] = (e, in i) => e.EmitCondBranch(i),
            [Op.Call] = (e, in i) => e.EmitCall(i),
            [Op.Ret] = (e, in i) => e.EmitRet(),

            [Op.LdI8] = (e, in i) => e.Load(i, (a, r, r32, m) => a.movsx(r, __byte_ptr[m])),
            [Op.LdU8] = (e, in i) => e.Load(i, (a, r, r32, m) => a.movzx(r32, __byte_ptr[m])),
            [Op.LdI16] = (e, in i) => e.Load(i, (a, r, r32, m) => a.movsx(r, __word_ptr[m])),
            [Op.LdU16] = (e, in i) => e.Load(i, (a, r, r32, m) => a.movzx(r32, __word_ptr[m])),
            [Op.LdI32] = (e, in i) => e.Load(i, (a, r, r32, m) => a.movsxd(r, __dword_ptr[m])),
            [Op.LdU32] = (e, in i) => e.Load(i, (a, r, r32, m) => a.mov(r32, __dword_ptr[m])),
            [Op.LdI64] = (e, in i) => e.Load(i, (a, r, r32, m) => a.mov(r, __qword_ptr[m])),
            [Op.LdF64] = (e, in i) => e.Load(i, (a, r, r32, m) => a.mov(r, __qword_ptr[m])),
            [Op.LdP] = (e, in i) => e.Load(i, (a, r, r32, m) => a.mov(r, __qword_ptr[m])),
            [Op.St8] = (e, in i) => e.Store(i, 1),
            [Op.St16] = (e, in i) => e.Store(i, 2),
            [Op.St32] = (e, in i) => e.Store(i, 4),
            [Op.St64] = (e, in i) => e.Store(i, 8),
            [Op.StF64] = (e, in i) => e.Store(i, 8),
            [Op.StP] = (e, in i) => e.Store(i, 8),
            [Op.NilChk] = (e, in i) => e.EmitNilChk(),
            [Op.Copy] = (e, in i) => e.EmitCopy(i),
            [Op.Zero] = (e, in i) => e.EmitZero(i),
            [Op.AIdx] = (e, in i) => e.EmitAIdx(i),
            [Op.SIdx] = (e, in i) => e.EmitSIdx(i),
            [Op.StrIdx] = (e, in i) => e.EmitStrIdx(),

            [Op.FnInit] = (e, in i) => e.EmitFnInit(i),
            [Op.DeferS] = (e, in i) => e.EmitDeferS(i),
            [Op.DeferH] = (e, in i) => e.EmitDeferH(i),
            [Op.New] = (e, in i) => e.EmitNew(i),
            [Op.CallInd] = (e, in i) => e.EmitCallInd(i),
            [Op.Send] = (e, in i) => e.EmitChan(i),
            [Op.SSlice] = (e, in i) => e.EmitSlice(i),
            [Op.StrSlice] = (e, in i) => e.EmitSlice(i),
            [Op.ASlice] = (e, in i) => e.EmitASlice(i),
            [Op.SlCopy] = (e, in i) => e.EmitSlCopy(i),
            [Op.Recv] = (e, in i) => e.EmitChan(i),
            [Op.Rt] = (e, in i) => e.EmitRt(i),
            [Op.Recv2] = (e, in i) => e.EmitChan(i),
            [Op.NewArr] = (e, in i) => e.EmitNew(i),
            [Op.DeferRet] = (e, in i) => e.EmitDeferRet(),

            [Op.Print] = (e, in i) =>
            {
                e.FlushAll();
                var resume = e._a.CreateLabel("resume");
                e.ExitAt(ExitReason.Service, resume);
                e.Bind(ref resume);
                e.ReloadHomes();
                e.AfterMemoryForm(i);
            },
        };
        return t.Fns;
    }

    // ---- stack shuffles and locals ----

    void EmitDup()
    {
        int d = _depth - 1;
        var v = _st[d];
        if (v.Kind is K.Const or K.Local) { Push(v); return; }
        int r = AllocReg();
        LoadTo(Pool[r], d);
        Push(V.Reg(r, v.NonNil));
    }

    void EmitSwap()
    {
        int d = _depth - 1;
        if (_st[d].Kind == K.Mem) OwnReg(d);
        if (_st[d - 1].Kind == K.Mem) OwnReg(d - 1);
        (_st[d], _st[d - 1]) = (_st[d - 1], _st[d]);
        _st[d].Clean = _st[d - 1].Clean = false;
        if (_memTop > d - 1) _memTop = d - 1;
    }

    void EmitStLoc(int i)
    {
        // Entries that still read local i must take its old value first.
        for (int d = _memTop; d < _depth - 1; d++)
            if (_st[d].Kind == K.Local && _st[d].Loc == i) Spill(d);
        int top = _depth - 1;
        var v = _st[top];
        if (v.Kind == K.Local && v.Loc == i) { Pop(); return; }
        if (HomeOf(i) is int h and >= 0)
        {
            // Written through: the register, then the slot (the frame in memory stays the interpreter's).
            bool nonNil = View(top).NonNil;
            if (v.Kind == K.Const && v.C == (int)v.C) { _a.mov(Pool[h], v.C); _a.mov(LocalMem(i), (int)v.C); }
            else { LoadTo(Pool[h], top); _a.mov(LocalMem(i), Pool[h]); }
            _homeNonNil[h - NAlloc] = nonNil;
            Pop();
            return;
        }
        _cache.RemoveLoc(i);
        switch (v.Kind)
        {
            case K.Const when v.C == (int)v.C: _a.mov(LocalMem(i), (int)v.C); break;
            case K.Reg:
                _a.mov(LocalMem(i), Pool[v.R]);
                _cache.Add(i, v.R, v.NonNil);   // the register keeps the value: a later ldloc i reads it
                break;
            default: LoadTo(rax, top); _a.mov(LocalMem(i), rax); break;
        }
        Pop();
    }

    void Unary(Action<AssemblerRegister64> op, Func<long, long> fold)
    {
        int d = _depth - 1;
        if (_st[d].Kind == K.Const) { long c = _st[d].C; Pop(); Push(V.Const(fold(c))); return; }
        int r = OwnReg(d);
        op(Pool[r]);
        _st[d] = V.Reg(r);
    }

    delegate void ExtendFn(Assembler a, AssemblerRegister64 r, AssemblerRegister8 r8, AssemblerRegister16 r16, AssemblerRegister32 r32);

    void Extend(in Instr ins, ExtendFn ext, Func<long, long> fold)
    {
        int d = _depth - 1;
        if (_st[d].Kind == K.Const) { long c = _st[d].C; Pop(); Push(V.Const(fold(c))); return; }
        int r = OwnReg(d);
        ext(_a, Pool[r], Pool8[r], Pool16[r], Pool32[r]);
        _st[d] = V.Reg(r);
    }

    // ---- integer division and shifts (memory form for the general case) ----

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
            Bind(ref normal);
            _a.cqo();
            _a.idiv(rcx);
            if (rem) _a.mov(rax, rdx);
            Bind(ref done);
            _a.nop();
        }
        else
        {
            _a.xor(edx, edx);
            _a.div(rcx);
            if (rem) _a.mov(rax, rdx);
        }
        MStoreTopAfterPop(rax);
    }

    void EmitShift(in Instr ins, Op op)
    {
        int db = _depth - 1, da = _depth - 2;
        if (_st[db].Kind == K.Const && _st[db].C >= 0)
        {
            long n = _st[db].C;
            if (_st[da].Kind == K.Const)
            {
                long a = _st[da].C;
                long r = op switch
                {
                    Op.Shl => n >= 64 ? 0 : a << (int)n,
                    Op.Shr => a >> (int)Math.Min(n, 63),
                    _ => n >= 64 ? 0 : (long)((ulong)a >> (int)n),
                };
                Pop(); Pop(); Push(V.Const(r));
                return;
            }
            Pop();
            int ra = OwnReg(da);
            if (op == Op.Shr) _a.sar(Pool[ra], (byte)Math.Min(n, 63));
            else if (n >= 64) _a.xor(Pool32[ra], Pool32[ra]);
            else if (op == Op.Shl) _a.shl(Pool[ra], (byte)n);
            else _a.shr(Pool[ra], (byte)n);
            _st[da] = V.Reg(ra);
            return;
        }
        MemoryForm(ins, () =>
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
            MStoreTopAfterPop(rax);
        });
    }

    // ---- floats (memory form) ----

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
        MStoreTopAfterPop(rcx);
    }

    /// <summary>float64(uint64 a): values with the top bit set are halved (keeping the low bit for rounding),
    /// converted and doubled, as compilers do.</summary>
    void EmitU2F()
    {
        var big = _a.CreateLabel();
        var done = _a.CreateLabel();
        _a.mov(rax, __[Sp]);
        _a.test(rax, rax);
        _a.js(big);
        _a.cvtsi2sd(xmm0, rax);
        _a.jmp(done);
        Bind(ref big);
        _a.mov(rcx, rax);
        _a.shr(rcx, 1);
        _a.and(eax, 1);
        _a.or(rcx, rax);
        _a.cvtsi2sd(xmm0, rcx);
        _a.addsd(xmm0, xmm0);
        Bind(ref done);
        _a.movsd(__qword_ptr[Sp], xmm0);
    }

    /// <summary>uint64(f), the interpreter's F2U: below 2^63 as F2I; otherwise F2I(f - 2^63) | MinInt64.
    /// F2I gives MinInt64 for NaN and out-of-range values, which is what cvttsd2si returns.</summary>
    void EmitF2U()
    {
        var big = _a.CreateLabel();
        var done = _a.CreateLabel();
        _a.movsd(xmm0, __qword_ptr[Sp]);
        _a.mov(rax, 0x43e0000000000000L);        // 2^63
        _a.movq(xmm1, rax);
        _a.ucomisd(xmm0, xmm1);
        _a.jae(big);                              // f >= 2^63 (NaN is unordered: CF=1, not taken)
        _a.cvttsd2si(rax, xmm0);
        _a.jmp(done);
        Bind(ref big);
        _a.subsd(xmm0, xmm1);
        _a.cvttsd2si(rax, xmm0);
        _a.bts(rax, 63);
        Bind(ref done);
        _a.mov(__[Sp], rax);
    }

    // ---- memory: loads, stores, element addresses ----

    /// <summary>Jumps to the panic path if entry d (a pointer) is nil; nothing if it is known not to be.</summary>
    void NilCheck(int d, Label panic)
    {
        var v = View(d);
        if (v.NonNil) return;
        switch (v.Kind)
        {
            case K.Const: if (v.C == 0) _a.jmp(panic); break;
            case K.Reg: _a.test(Pool[v.R], Pool[v.R]); _a.jz(panic); break;
            case K.Local: _a.cmp(LocalMem(v.Loc), 0); _a.je(panic); break;
            default: _a.cmp(SlotMem(d), 0); _a.je(panic); break;
        }
    }

    void EmitNilChk()
    {
        int d = _depth - 1;
        if (View(d).NonNil) return;
        if (_st[d].Kind == K.Const && _st[d].C != 0) return;
        NilCheck(d, PanicPath());
        _st[d].NonNil = true;
    }

    delegate void LoadFn(Assembler a, AssemblerRegister64 r, AssemblerRegister32 r32, AssemblerMemoryOperand m);

    void Load(in Instr ins, LoadFn load)
    {
        int d = _depth - 1;
        NilCheck(d, PanicPath());
        var v = View(d);
        if (v.Kind == K.Reg && _st[d].Kind != K.Reg)
        {
            // The address is a local's register (a home or the store cache): load straight from it.
            int rn = AllocReg();
            load(_a, Pool[rn], Pool32[rn], Pool[v.R] + (int)ins.A);
            _st[d] = V.Reg(rn);
            if (_memTop > d) _memTop = d;
            return;
        }
        int r = OwnReg(d);
        load(_a, Pool[r], Pool32[r], Pool[r] + (int)ins.A);
        _st[d] = V.Reg(r);
    }

    void Store(in Instr ins, int width)
    {
        int dv = _depth - 1, dp = _depth - 2;
        NilCheck(dp, PanicPath());
        var p = InReg(dp, rax);
        var m = p + (int)ins.A;
        var v = View(dv);
        if (v.Kind == K.Const && v.C == (int)v.C)
        {
            int c = (int)v.C;
            switch (width)
            {
                case 1: _a.mov(__byte_ptr[m], (byte)c); break;
                case 2: _a.mov(__word_ptr[m], (short)c); break;
                case 4: _a.mov(__dword_ptr[m], c); break;
                default: _a.mov(__qword_ptr[m], c); break;
            }
        }
        else
        {
            int ri = v.Kind == K.Reg ? v.R : -1;
            if (ri < 0) LoadTo(rcx, dv);
            switch (width)
            {
                case 1: _a.mov(__byte_ptr[m], ri >= 0 ? Pool8[ri] : cl); break;
                case 2: _a.mov(__word_ptr[m], ri >= 0 ? Pool16[ri] : cx); break;
                case 4: _a.mov(__dword_ptr[m], ri >= 0 ? Pool32[ri] : ecx); break;
                default: _a.mov(__qword_ptr[m], ri >= 0 ? Pool[ri] : rcx); break;
            }
        }
        Pop(); Pop();
    }

    /// <summary>copy T: (dst, src) -> (); both nil-checked, then T's bytes moved.</summary>
    void EmitCopy(in Instr ins)
    {
        long size = M.Types[(int)ins.A].Size;
        var panic = PanicPath();
        NilCheck(_depth - 2, panic);
        NilCheck(_depth - 1, panic);
        LoadTo(rax, _depth - 2);         // dst
        LoadTo(rdx, _depth - 1);         // src
        Pop(); Pop();
        Flush();                         // rep movs needs rsi, rdi, rcx
        _cache.Clear();
        _a.mov(rdi, rax);
        _a.mov(rsi, rdx);
        _a.mov(rcx, size);
        _a.rep.movsb();
    }

    /// <summary>zero T: (p) -> (); nil-checked, then T's bytes cleared.</summary>
    void EmitZero(in Instr ins)
    {
        long size = M.Types[(int)ins.A].Size;
        NilCheck(_depth - 1, PanicPath());
        LoadTo(rdx, _depth - 1);
        Pop();
        Flush();                         // rep stos needs rdi, rcx
        _cache.Clear();
        _a.mov(rdi, rdx);
        _a.xor(eax, eax);
        if (size % 8 == 0) { _a.mov(rcx, size / 8); _a.rep.stosq(); }
        else { _a.mov(rcx, size); _a.rep.stosb(); }
    }

    /// <summary>Element address p + i*es into entry dp's register (i = entry di, already bounds-checked).</summary>
    void ElemAddr(int dp, int di, long es)
    {
        var iv = _st[di];
        if (iv.Kind == K.Const)
        {
            long off = unchecked(iv.C * es);
            int r0 = OwnReg(dp);
            if (off == (int)off) { if (off != 0) _a.add(Pool[r0], (int)off); }
            else { _a.mov(rcx, off); _a.add(Pool[r0], rcx); }
            return;
        }
        var ri = InReg(di, rcx);
        int r = OwnReg(dp);
        if (es is 1 or 2 or 4 or 8) _a.lea(Pool[r], __[Pool[r] + ri * (int)es]);
        else
        {
            if (es == (int)es) _a.imul(rcx, ri, (int)es);
            else { _a.mov(rcx, es); _a.imul(rcx, ri); }
            _a.add(Pool[r], rcx);
        }
    }

    /// <summary>Unsigned compare of entry di against a bound (entry or constant), jumping to the panic when
    /// i &gt;= bound: Go's bounds check (a negative index is a huge unsigned one).</summary>
    void BoundsCheck(int di, long? constBound, int dBound, Label panic)
    {
        var iv = View(di);
        if (constBound is { } len)
        {
            if (iv.Kind == K.Const) { if ((ulong)iv.C >= (ulong)len) _a.jmp(panic); return; }
            var m = iv.Kind switch { K.Local => LocalMem(iv.Loc), K.Mem => SlotMem(di), _ => default };
            if (len == (int)len && len >= 0)
            {
                if (iv.Kind == K.Reg) _a.cmp(Pool[iv.R], (int)len); else _a.cmp(m, (int)len);
            }
            else
            {
                _a.mov(rcx, len);
                if (iv.Kind == K.Reg) _a.cmp(Pool[iv.R], rcx); else _a.cmp(m, rcx);
            }
            _a.jae(panic);
            return;
        }
        CmpEntries(di, dBound);
        _a.jae(panic);
    }

    /// <summary>aidx T: (p, i) -> (p + i*sizeof(elem)); nil p and i outside [0, len) panic.</summary>
    void EmitAIdx(in Instr ins)
    {
        var t = M.Types[(int)ins.A];
        long es = M.Types[t.Elem].Size;
        int di = _depth - 1, dp = _depth - 2;
        var panic = PanicPath();
        NilCheck(dp, panic);
        BoundsCheck(di, t.Len, -1, panic);
        ElemAddr(dp, di, es);
        Pop();
        _st[dp].NonNil = true;
    }

    /// <summary>sidx T: (p, len, cap, i) -> (p + i*sizeof(T)); i outside [0, len) panics.</summary>
    void EmitSIdx(in Instr ins)
    {
        long es = M.Types[(int)ins.A].Size;
        int di = _depth - 1, dlen = _depth - 3, dp = _depth - 4;
        var panic = PanicPath();
        BoundsCheck(di, null, dlen, panic);
        ElemAddr(dp, di, es);
        // (p, len, cap, i) -> (p'): move p' down over len, cap, i
        var pv = _st[dp];
        Pop(); Pop(); Pop();
        _st[dp] = pv;
        _st[dp].NonNil = true;
    }

    /// <summary>stridx: (p, len, i) -> (byte); i outside [0, len) panics.</summary>
    void EmitStrIdx()
    {
        int di = _depth - 1, dlen = _depth - 2, dp = _depth - 3;
        var panic = PanicPath();
        BoundsCheck(di, null, dlen, panic);
        var ri = InReg(di, rcx);
        int r = OwnReg(dp);
        _a.movzx(Pool32[r], __byte_ptr[Pool[r] + ri]);
        Pop(); Pop();
        _st[dp] = V.Reg(r);
    }

    // ---- slicing ----

    /// <summary>
    /// sslice T K (s[lo:hi] or s[lo:hi:max] of a slice) and strslice (s[lo:hi] of a string), in memory form: the
    /// bounds hold (unsigned: max &lt;= cap, hi &lt;= max, lo &lt;= hi; for a string hi &lt;= len, lo &lt;= hi) or the
    /// frame exits to the interpreter before anything changes, which raises Go's slice-bounds panic with its
    /// operands; the pointer moves by lo elements unless the result's capacity (a string's length) is 0, as the
    /// interpreter does.
    /// </summary>
    void EmitSlice(in Instr ins)
    {
        bool str = ins.Op == Op.StrSlice;
        long size = 1;
        if (!str)
        {
            if (_statics is not { } st || (int)ins.A >= st.TypeSize.Length || st.TypeSize[(int)ins.A] > int.MaxValue) { InterpretExit(); return; }
            size = st.TypeSize[(int)ins.A];
        }
        FlushAll();
        var exit = InterpretPath();
        var keep = _a.CreateLabel("slicekeep");
        // Operands from the top: slice: max hi lo cap len p; string: hi lo len p.
        int hiAt = str ? 0 : 8, loAt = str ? 8 : 16, capAt = str ? 16 : 24, pAt = str ? 24 : 40;
        bool full = !str && ins.B != 0;
        _a.mov(rax, __qword_ptr[Sp + (full ? 0 : capAt)]);          // max (a string: its length)
        if (full)
        {
            _a.cmp(rax, __qword_ptr[Sp + capAt]);
            _a.ja(exit);
        }
        _a.mov(rcx, __qword_ptr[Sp + hiAt]);
        _a.cmp(rcx, rax);
        _a.ja(exit);
        _a.mov(rdx, __qword_ptr[Sp + loAt]);
        _a.cmp(rdx, rcx);
        _a.ja(exit);
        _a.sub(rcx, rdx);                                             // hi - lo
        if (str)
        {
            _a.mov(__qword_ptr[Sp + 16], rcx);
            _a.test(rcx, rcx);
        }
        else
        {
            _a.mov(__qword_ptr[Sp + 32], rcx);
            _a.sub(rax, rdx);                                         // max - lo
            _a.mov(__qword_ptr[Sp + 24], rax);
        }
        _a.jz(keep);
        if (size != 1) _a.imul(rdx, rdx, (int)size);
        _a.add(__qword_ptr[Sp + pAt], rdx);
        Bind(ref keep);
        _a.add(Sp, str ? 16 : 24);
        AfterMemoryForm(ins);
    }

    /// <summary>
    /// aslice T K ((*[N]E)(p)[lo:hi] or [lo:hi:max]), in memory form: p is not nil and the bounds hold against the
    /// array's length N (unsigned: max &lt;= N, hi &lt;= max, lo &lt;= hi; the two-index form has max = N), or the frame
    /// exits before anything changes and the interpreter raises Go's panic; the pointer moves by lo elements unless
    /// the capacity is 0, as the interpreter does.
    /// </summary>
    void EmitASlice(in Instr ins)
    {
        var t = M.Types[(int)ins.A];
        long n = t.Len, es = M.Types[t.Elem].Size;
        if (n != (int)n || es != (int)es) { InterpretExit(); return; }
        bool full = ins.B != 0;
        FlushAll();
        var exit = InterpretPath();
        var keep = _a.CreateLabel("aslicekeep");
        // Operands from the top: max hi lo p.
        _a.mov(rax, __qword_ptr[Sp + 24]);
        _a.test(rax, rax);
        _a.jz(exit);
        if (full)
        {
            _a.mov(rcx, __qword_ptr[Sp]);
            _a.cmp(rcx, (int)n);
            _a.ja(exit);
        }
        else _a.mov(ecx, (int)n);
        _a.mov(rdx, __qword_ptr[Sp + 8]);
        _a.cmp(rdx, rcx);
        _a.ja(exit);
        _a.mov(r8, __qword_ptr[Sp + 16]);
        _a.cmp(r8, rdx);
        _a.ja(exit);
        _a.sub(rdx, r8);                  // len = hi - lo
        _a.mov(__qword_ptr[Sp + 16], rdx);
        _a.sub(rcx, r8);                  // cap = max - lo
        _a.mov(__qword_ptr[Sp + 8], rcx);
        _a.jz(keep);
        if (es != 1) _a.imul(r8, r8, (int)es);
        _a.add(rax, r8);
        Bind(ref keep);
        _a.mov(__qword_ptr[Sp + 24], rax);
        _a.add(Sp, 8);
        AfterMemoryForm(ins);
    }

    /// <summary>
    /// slcopy T (copy(dst, src) of slices of T: (dp, dlen, dcap, sp, slen, scap) -> (n)), in memory form, as the
    /// interpreter: n = min(dlen, slen); n * sizeof(T) bytes move like memmove (backwards when the destination
    /// starts inside the source), nothing when the pointers are equal.
    /// </summary>
    void EmitSlCopy(in Instr ins)
    {
        long size = M.Types[(int)ins.A].Size;
        if (size != (int)size) { InterpretExit(); return; }
        FlushAll();
        _cache.Clear();                   // rep movsb needs rsi, rdi, rcx
        var done = _a.CreateLabel("copydone");
        var forward = _a.CreateLabel("copyforward");
        _a.mov(rdi, __qword_ptr[Sp + 40]);            // dst
        _a.mov(rsi, __qword_ptr[Sp + 16]);            // src
        _a.mov(rcx, __qword_ptr[Sp + 8]);             // slen
        _a.mov(rax, __qword_ptr[Sp + 32]);            // dlen
        _a.cmp(rax, rcx);
        _a.cmovl(rcx, rax);                           // n
        _a.mov(__qword_ptr[Sp + 40], rcx);
        if (size != 1) _a.imul(rcx, rcx, (int)size);
        _a.test(rcx, rcx);
        _a.jle(done);
        _a.cmp(rdi, rsi);
        _a.je(done);
        _a.jb(forward);
        _a.lea(rax, __[rsi + rcx]);
        _a.cmp(rdi, rax);
        _a.jae(forward);
        // The destination starts inside the source: copy from the end.
        _a.lea(rsi, __[rsi + rcx - 1]);
        _a.lea(rdi, __[rdi + rcx - 1]);
        _a.std();
        _a.rep.movsb();
        _a.cld();
        _a.jmp(done);
        Bind(ref forward);
        _a.rep.movsb();
        Bind(ref done);
        _a.add(Sp, 40);
        AfterMemoryForm(ins);
    }

    // ---- allocation (docs/jit.md §helpers) ----

    /// <summary>
    /// new T / newarr T: a zeroed object from the P's cache through <see cref="JitHelpers.AllocAddress"/>, called with
    /// the operand stack flushed (the helper clobbers every value register). When the helper returns 0 (a
    /// collection is wanted, or no memory), when newarr's count is negative or large (n * size >= 2^31: the
    /// interpreter allocates those and raises makeslice's panic), or without a runtime (the standalone runner),
    /// an Interpret exit lets the interpreter execute the instruction at its safepoint, as it always did.
    /// </summary>
    void EmitNew(in Instr ins)
    {
        int t = (int)ins.A;
        if (_statics is not { } st || t >= st.TypeSize.Length || st.TypeSize[t] > int.MaxValue) { InterpretExit(); return; }
        long size = st.TypeSize[t];
        bool arr = ins.Op == Op.NewArr;
        FlushAll();
        _cache.Clear();
        var exit = InterpretPath();
        if (arr)
        {
            _a.mov(rsi, SlotMem(_depth - 1));             // the element count
            if (size > 0)
            {
                _a.mov(rax, (1L << 31) / size);
                _a.cmp(rsi, rax);
                _a.jae(exit);                              // unsigned: a negative count too
                if (size != 1) _a.imul(rsi, rsi, (int)size);
            }
            else
            {
                _a.test(rsi, rsi);
                _a.js(exit);
            }
        }
        else _a.mov(rsi, size);
        _a.mov(rdi, State);
        _a.mov(edx, st.TypeTid[t]);
        _a.mov(rax, (long)JitHelpers.AllocAddress);
        CallHelper();
        _a.test(rax, rax);
        _a.jz(exit);
        if (arr) Pop();
        int r = AllocReg();
        _a.mov(Pool[r], rax);
        Push(V.Reg(r, nonNil: true));
    }

    /// <summary>
    /// send / recv / recv2 (chan and element pointer on the stack): the runtime's helper
    /// (<see cref="RuntimeStatics.ChanSend"/>/<see cref="RuntimeStatics.ChanRecv"/>) completes the operation when it
    /// need not wait (a waiting partner, room or a value in the buffer, a closed channel to receive from), with the
    /// operand stack flushed; recv2 pushes ok (the helper's 1) . Otherwise the helper changes nothing and an
    /// Interpret exit lets the interpreter execute the instruction (park, or raise send's panic).
    /// </summary>
    void EmitChan(in Instr ins)
    {
        nint helper = _statics is { } st ? (ins.Op == Op.Send ? st.ChanSend : st.ChanRecv) : 0;
        if (helper == 0) { InterpretExit(); return; }
        FlushAll();
        _cache.Clear();
        var exit = InterpretPath();
        _a.mov(rsi, __qword_ptr[Sp + 8]);         // the channel
        // An operation that will wait goes straight to the interpreter (which parks), without the helper's call
        // (a transition into .NET and the channel's lock): Go's chanrecv/chansend peek the same way before locking.
        // The fields are read without the lock, so this is a hint: an operation that could complete after all is
        // completed by the interpreter under the lock. Nil channels are the interpreter's too. (docs/abi.md §chan)
        var call = _a.CreateLabel("chancall");
        _a.test(rsi, rsi);
        _a.jz(exit);
        if (ins.Op == Op.Send)
        {
            _a.cmp(__qword_ptr[rsi + Chan.OffRecvq], 0);            // a receiver waits: hand over
            _a.jne(call);
            _a.mov(rax, __qword_ptr[rsi + Chan.OffQcount]);
            _a.cmp(rax, __qword_ptr[rsi + Chan.OffDataqsiz]);       // room in the buffer
        }
        else
        {
            _a.cmp(__qword_ptr[rsi + Chan.OffSendq], 0);            // a sender waits
            _a.jne(call);
            _a.cmp(__qword_ptr[rsi + Chan.OffQcount], 0);           // a value in the buffer
        }
        _a.jne(call);
        _a.cmp(__dword_ptr[rsi + Chan.OffClosed], 0);               // closed: receive zero / send panics
        _a.je(exit);
        Bind(ref call);
        _a.mov(rdi, State);
        _a.mov(rdx, __qword_ptr[Sp]);             // the element pointer
        _a.mov(rax, (long)helper);
        CallHelper();
        _a.test(eax, eax);
        _a.jz(exit);
        Pop(); Pop();
        if (ins.Op == Op.Recv2)
        {
            int r = AllocReg();
            _a.xor(Pool32[r], Pool32[r]);
            _a.cmp(eax, 1);
            _a.sete(Pool8[r]);
            Push(V.Reg(r));
        }
    }

    // ---- runtime functions (rt N; Vm.Core/Bytecode/RuntimeFuncs.cs) ----

    /// <summary>
    /// rt N: the string and channel functions loops call all the time run here (docs/jit.md §rt): decoderune (range
    /// over a string; ASCII inline, other bytes through <see cref="JitHelpers"/>), eqstring and cmpstring (8 bytes
    /// at a time, then bytes), strhash (FNV-1a, as <see cref="RuntimeStrings.Hash"/>: a map built in one tier is read
    /// in the other), chanlen and chancap, concatstring and bytestostring (through the allocation helper),
    /// stringtobytes (a helper). The others (parking, formatting, rune conversions, os.Exit...) exit to the
    /// interpreter, which runs them.
    /// </summary>
    void EmitRt(in Instr ins)
    {
        var id = (RuntimeId)ins.A;
        if (id is not (RuntimeId.DecodeRune or RuntimeId.EqString or RuntimeId.CmpString or RuntimeId.StrHash
            or RuntimeId.ChanLen or RuntimeId.ChanCap or RuntimeId.ConcatString or RuntimeId.BytesToString or RuntimeId.StringToBytes)
            || (id is RuntimeId.ConcatString or RuntimeId.BytesToString or RuntimeId.StringToBytes && _statics is null))
        { InterpretExit(); return; }
        FlushAll();          // the operands in their slots at r12 (the helper reads them there); every pool register free
        _cache.Clear();
        var done = _a.CreateLabel("rtdone");
        switch (id)
        {
            case RuntimeId.DecodeRune:
            {
                // (p, len, k) -> (rune, next): rax = rune, rdx = next at rtdone.
                var slow = _a.CreateLabel("decoderune");
                _a.mov(rdx, __qword_ptr[Sp]);
                _a.mov(rcx, __qword_ptr[Sp + 8]);
                _a.mov(rax, __qword_ptr[Sp + 16]);
                _a.cmp(rdx, rcx);
                _a.jae(slow);                        // k outside the string (unsigned): U+FFFD, k + 1
                _a.movzx(eax, __byte_ptr[rax + rdx]);
                _a.cmp(eax, 0x80);
                _a.jae(slow);                        // a multi-byte sequence, or invalid
                _a.inc(rdx);
                Bind(ref done);
                var back = done;
                _slow.Add(() =>
                {
                    Bind(ref slow);
                    _a.mov(rdi, Sp);
                    _a.mov(rax, (long)JitHelpers.DecodeRuneAddress);
                    CallHelper();                    // the results where the interpreter leaves them: rune, next on top
                    _a.mov(rdx, __qword_ptr[Sp + 8]);
                    _a.mov(rax, __qword_ptr[Sp + 16]);
                    _a.jmp(back);
                });
                Pop(); Pop(); Pop();
                PushFrom(rax);
                PushFrom(rdx);
                return;
            }
            case RuntimeId.EqString:
            case RuntimeId.CmpString:
            {
                // (p1, l1, p2, l2) -> -1/0/+1 (cmpstring, bytewise unsigned) or 1/0 (eqstring), in rax.
                _a.mov(rcx, __qword_ptr[Sp]);        // l2
                _a.mov(rdx, __qword_ptr[Sp + 8]);    // p2
                _a.mov(rsi, __qword_ptr[Sp + 16]);   // l1
                _a.mov(rdi, __qword_ptr[Sp + 24]);   // p1
                var words = _a.CreateLabel("strwords");
                var bytes = _a.CreateLabel("strbytes");
                var differ = _a.CreateLabel("strdiffer");
                var same = _a.CreateLabel("strsame");
                if (id == RuntimeId.EqString)
                {
                    _a.xor(eax, eax);
                    _a.cmp(rsi, rcx);
                    _a.jne(done);                    // lengths differ
                    _a.mov(eax, 1);
                    _a.cmp(rdi, rdx);
                    _a.je(done);                     // the same bytes
                    _a.mov(r9, rsi);                 // r9 = bytes left
                }
                else
                {
                    _a.mov(r9, rsi);
                    _a.cmp(rcx, r9);
                    _a.cmovb(r9, rcx);               // r9 = min(l1, l2): the common prefix to compare
                }
                Bind(ref words);
                _a.cmp(r9, 8);
                _a.jb(bytes);
                _a.mov(r8, __qword_ptr[rdi]);
                _a.mov(r10, __qword_ptr[rdx]);
                _a.cmp(r8, r10);
                _a.jne(differ);
                _a.add(rdi, 8);
                _a.add(rdx, 8);
                _a.sub(r9, 8);
                _a.jmp(words);
                Bind(ref bytes);
                _a.test(r9, r9);
                _a.je(same);
                _a.movzx(r8d, __byte_ptr[rdi]);
                _a.movzx(r10d, __byte_ptr[rdx]);
                _a.cmp(r8, r10);
                _a.jne(differ);
                _a.inc(rdi);
                _a.inc(rdx);
                _a.dec(r9);
                _a.jmp(bytes);
                Bind(ref differ);
                if (id == RuntimeId.EqString) _a.xor(eax, eax);
                else
                {
                    // Big-endian order of the differing word (or byte) compares as the strings do.
                    _a.bswap(r8);
                    _a.bswap(r10);
                    _a.xor(eax, eax);
                    _a.cmp(r8, r10);
                    _a.seta(al);
                    _a.sbb(rax, 0);                  // +1 above, -1 below (CF from the cmp)
                }
                _a.jmp(done);
                Bind(ref same);
                if (id == RuntimeId.EqString) _a.mov(eax, 1);
                else
                {
                    _a.xor(eax, eax);                // equal prefixes: the shorter string is less
                    _a.cmp(rsi, rcx);
                    _a.seta(al);
                    _a.sbb(rax, 0);
                }
                Bind(ref done);
                Pop(); Pop(); Pop(); Pop();
                PushFrom(rax);
                return;
            }
            case RuntimeId.ConcatString:
            case RuntimeId.BytesToString:
            {
                // concatstring (p1, l1, p2, l2) -> (p, l): an empty side gives the other string itself; else a new
                // pointer-free object of l1 + l2 bytes from the P's cache (the allocation helper; 0 = a collection
                // is wanted: the interpreter does it), the bytes copied. bytestostring (p, len, cap) -> a copy of
                // the bytes ((0, 0) when empty), as the interpreter's NewString. Result: rax = p, rdx = l.
                bool concat = id == RuntimeId.ConcatString;
                var exit = InterpretPath();
                var alloc = _a.CreateLabel("stralloc");
                int o = concat ? 0 : 8;   // bytestostring: sp[0] = cap, then len, p
                if (concat)
                {
                    var first = _a.CreateLabel("strfirst");
                    _a.mov(rax, __qword_ptr[Sp + 8]);       // p2
                    _a.mov(rdx, __qword_ptr[Sp]);           // l2
                    _a.cmp(__qword_ptr[Sp + 16], 0);
                    _a.je(done);                            // l1 = 0: the second string
                    _a.test(rdx, rdx);
                    _a.jne(alloc);
                    Bind(ref first);                        // l2 = 0: the first string
                    _a.mov(rax, __qword_ptr[Sp + 24]);
                    _a.mov(rdx, __qword_ptr[Sp + 16]);
                    _a.jmp(done);
                    Bind(ref alloc);
                    _a.add(rdx, __qword_ptr[Sp + 16]);      // n = l1 + l2
                }
                else
                {
                    _a.xor(eax, eax);
                    _a.mov(rdx, __qword_ptr[Sp + o]);       // len
                    _a.test(rdx, rdx);
                    _a.je(done);                            // "" is (0, 0)
                }
                _a.mov(rsi, rdx);
                _a.mov(rdi, State);
                _a.mov(edx, Heap.NoScanType);
                _a.mov(rax, (long)JitHelpers.AllocAddress);
                CallHelper();
                _a.test(rax, rax);
                _a.jz(exit);
                _a.mov(rdi, rax);                           // rep movsb: rdi = destination, rsi = source, rcx = count
                _a.mov(rsi, __qword_ptr[Sp + (concat ? 24 : o + 8)]);
                _a.mov(rcx, __qword_ptr[Sp + (concat ? 16 : o)]);
                _a.mov(rdx, rcx);
                _a.rep.movsb();
                if (concat)
                {
                    _a.mov(rsi, __qword_ptr[Sp + 8]);
                    _a.mov(rcx, __qword_ptr[Sp]);
                    _a.add(rdx, rcx);
                    _a.rep.movsb();
                }
                Bind(ref done);
                for (int k = 0; k < (concat ? 4 : 3); k++) Pop();
                PushFrom(rax, nonNil: false);
                PushFrom(rdx);
                return;
            }
            case RuntimeId.StringToBytes:
            {
                // (p, len) -> (p', len, cap): the helper (the size-class rounding and the copy), results in the slots.
                var exit = InterpretPath();
                _a.mov(rdi, State);
                _a.mov(rsi, Sp);
                _a.mov(rax, (long)JitHelpers.StringToBytesAddress);
                CallHelper();
                _a.test(rax, rax);
                _a.jz(exit);                                // a collection is wanted: the interpreter converts
                _a.mov(rdx, __qword_ptr[Sp - 8]);           // cap (the new top, one slot below the old)
                _a.mov(rcx, __qword_ptr[Sp]);               // len
                _a.mov(rax, __qword_ptr[Sp + 8]);           // p'
                Pop(); Pop();
                PushFrom(rax, nonNil: true);
                PushFrom(rcx);
                PushFrom(rdx);
                return;
            }
            case RuntimeId.StrHash:
            {
                // (p, len) -> FNV-1a of the bytes, in rax.
                var loop = _a.CreateLabel("strhash");
                _a.mov(rcx, __qword_ptr[Sp]);
                _a.mov(rdx, __qword_ptr[Sp + 8]);
                _a.mov(rax, unchecked((long)RuntimeStrings.FnvOffset));
                _a.mov(r8, unchecked((long)RuntimeStrings.FnvPrime));
                Bind(ref loop);
                _a.test(rcx, rcx);
                _a.je(done);
                _a.movzx(r9d, __byte_ptr[rdx]);
                _a.xor(rax, r9);
                _a.imul(rax, r8);
                _a.inc(rdx);
                _a.dec(rcx);
                _a.jmp(loop);
                Bind(ref done);
                Pop(); Pop();
                PushFrom(rax);
                return;
            }
            default:
            {
                // chanlen / chancap (p) -> 0 for nil, else the count or the capacity (docs/abi.md §chan; len is read
                // without the lock, as Go's len(ch)).
                _a.mov(rax, __qword_ptr[Sp]);
                _a.test(rax, rax);
                _a.je(done);
                _a.mov(rax, __qword_ptr[rax + (id == RuntimeId.ChanLen ? Chan.OffQcount : Chan.OffDataqsiz)]);
                Bind(ref done);
                Pop();
                PushFrom(rax);
                return;
            }
        }
    }

    /// <summary>Pushes the value in a scratch register (rax, rcx, rdx) as a register entry of its own.</summary>
    void PushFrom(AssemblerRegister64 scratch, bool nonNil = false)
    {
        int r = AllocReg();
        _a.mov(Pool[r], scratch);
        Push(V.Reg(r, nonNil));
    }

    // ---- closures and defer (must match docs/abi.md §_defer and the interpreter's DeferS/DeferRet) ----

    /// <summary>fninit F: (p) -> (); p's word 0 = F's function word; nil p panics.</summary>
    void EmitFnInit(in Instr ins)
    {
        int d = _depth - 1;
        NilCheck(d, PanicPath());
        var p = InReg(d, rax);
        _a.mov(__qword_ptr[p], checked((int)Values.FuncWord((int)ins.A)));
        Pop();
    }

    /// <summary>Canonical signature index of every module function (the interpreter's FuncRt.Sig: the first
    /// signature equal to the function's), pinned for the life of the frame table: the defer-time signature check
    /// reads it.</summary>
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FrameTable, int[]> CanonSigs = new();

    int[] CanonSigTable() => CanonSigs.GetValue(_frames, ft =>
    {
        var m = ft.Module;
        var canon = new Dictionary<Signature, int>();
        var sigCanon = new int[m.Sigs.Count];
        for (int s = 0; s < m.Sigs.Count; s++)
        {
            if (!canon.TryGetValue(m.Sigs[s], out int c)) canon[m.Sigs[s]] = c = s;
            sigCanon[s] = c;
        }
        var t = GC.AllocateArray<int>(Math.Max(1, m.Funcs.Count), pinned: true);
        for (int f = 0; f < m.Funcs.Count; f++) t[f] = sigCanon[m.Funcs[f].Sig];
        return t;
    });

    /// <summary>
    /// The closure checks every indirect call shares (the interpreter's callind, defers/deferh, deferret): with the
    /// closure in <paramref name="fv"/>, a nil closure or function word jumps to <paramref name="nil"/>; else
    /// <paramref name="idx"/> = the function's index, and an index out of range or a <paramref name="table"/> entry
    /// (pinned, one int per function) other than the expected value (<paramref name="expect"/>, or the register
    /// <paramref name="expectReg"/>) jumps to <paramref name="bad"/>. <paramref name="tmp"/> is clobbered.
    /// </summary>
    void CheckFuncWord(AssemblerRegister64 fv, AssemblerRegister64 idx, AssemblerRegister64 tmp, Label nil, Label bad,
        int[] table, int expect, AssemblerRegister32? expectReg = null)
    {
        _a.test(fv, fv);
        _a.jz(nil);
        _a.mov(idx, __qword_ptr[fv]);                  // the function word: index + 1
        _a.test(idx, idx);
        _a.jz(nil);
        _a.dec(idx);
        _a.cmp(idx, table.Length);
        _a.jae(bad);
        unsafe
        {
            fixed (int* tp = table) _a.mov(tmp, (long)tp);
        }
        if (expectReg is { } r) _a.cmp(__dword_ptr[tmp + idx * 4], r);
        else _a.cmp(__dword_ptr[tmp + idx * 4], expect);
        _a.jne(bad);
    }

    Dictionary<long, int>? _staticFuncs;

    /// <summary>The function whose static funcval (ldfn's constant, <see cref="RuntimeStatics.Funcvals"/>) is at
    /// <paramref name="addr"/>, or -1.</summary>
    int StaticFunc(long addr)
    {
        if (_statics is not { } st || addr == 0) return -1;
        if (_staticFuncs == null)
        {
            _staticFuncs = [];
            for (int f = 0; f < st.Funcvals.Length; f++) _staticFuncs[st.Funcvals[f]] = f;
        }
        return _staticFuncs.TryGetValue(addr, out int k) ? k : -1;
    }

    int CanonSig(int sig)
    {
        var m = M;
        for (int s = 0; s < m.Sigs.Count; s++) if (m.Sigs[s].Equals(m.Sigs[sig])) return s;
        return sig;
    }

    /// <summary>
    /// defers R S (deferprocStack, inline): pops the closure and S's arguments, fills this frame's record R
    /// (siz, started = heap = 0, sp = fp, pc, fn, _panic = 0, args) and links it at g._defer, exactly as the
    /// interpreter's DeferS.
    /// </summary>
    void EmitDeferS(in Instr ins)
    {
        // Remember which function this site defers when ldfn gave it (deferret calls it directly).
        int rec = (int)ins.A;
        var fv = _st[_depth - 1];
        long known = fv.Kind == K.Const && StaticFunc(fv.C) >= 0 ? fv.C : 0;
        _ownFn[rec] = _ownFnSet[rec] && _ownFn[rec] != known ? 0 : known;
        _ownFnSet[rec] = true;
        EmitDefer((int)ins.B, _fi.DeferOff[rec]);
    }

    /// <summary>Per stack record of this function: the static funcval (ldfn's constant) its defers site stores,
    /// or 0 when unknown (another value, or sites that disagree).</summary>
    readonly long[] _ownFn;
    readonly bool[] _ownFnSet;

    /// <summary>
    /// deferh S (deferproc, inline when the P's pool has a record of S's class): pops a record from the pool
    /// (<see cref="JitState.DeferItems"/>, docs/abi.md §_defer pools), fills it (siz, heap = 1, the rest as defers)
    /// and links it, as the interpreter's DeferH with a pool hit. An empty class, an unpooled size or no pool (the
    /// standalone runner) exits to the interpreter before anything changes, which refills, allocates or collects.
    /// </summary>
    void EmitDeferH(in Instr ins)
    {
        int nargs = M.Sigs[(int)ins.A].Params.Length;
        if (Defer.Class(8 * nargs) >= Defer.PoolClasses) { InterpretExit(); return; }
        EmitDefer((int)ins.A, -1);
    }

    /// <summary>
    /// The two defer instructions: record at fp - <paramref name="off"/> (defers) or from the P's pool (off &lt; 0,
    /// deferh). A closure whose function does not have signature <paramref name="sig"/> (only a forged module)
    /// leaves through an Interpret exit before anything is written, so the interpreter raises its fatal error.
    /// </summary>
    void EmitDefer(int sig, int off)
    {
        bool heap = off < 0;
        int nargs = M.Sigs[sig].Params.Length;
        int dfn = _depth - 1, darg0 = _depth - 1 - nargs;
        var fv = _st[dfn];
        var interp = _a.CreateLabel("deferinterp");
        bool exits = false;
        // The signature check (the interpreter's: fv != 0 && w != 0 && (w-1 out of range || sig differs) is fatal).
        int known = fv.Kind == K.Const ? StaticFunc(fv.C) : -1;
        if (known >= 0)
        {
            // ldfn's funcval: its function is known here, and so is the check's outcome.
            if (CanonSigTable()[known] != CanonSig(sig)) { _a.jmp(interp); exits = true; }
        }
        else if (!(fv.Kind == K.Const && fv.C == 0))
        {
            var ok = _a.CreateLabel("sigok");
            var f = InReg(dfn, rax);
            if (f != rax) _a.mov(rax, f);
            CheckFuncWord(rax, rax, rcx, ok, interp, CanonSigTable(), CanonSig(sig));   // nil: checked when run
            Bind(ref ok);
            exits = true;
        }
        AssemblerRegister64 b = Fp;
        int disp = -off;
        if (heap)
        {
            // newdefer's pool hit: n = counts[sc]; if n == 0 exit; d = items[sc * Capacity + n - 1].
            int sc = Defer.Class(8 * nargs);
            _a.mov(rdx, __qword_ptr[State + JitStateLayout.DeferCounts]);
            _a.test(rdx, rdx);
            _a.jz(interp);
            _a.mov(eax, __dword_ptr[rdx + 4 * sc]);
            _a.test(eax, eax);
            _a.jz(interp);
            _a.dec(eax);
            _a.mov(__dword_ptr[rdx + 4 * sc], eax);
            _a.mov(rdx, __qword_ptr[State + JitStateLayout.DeferItems]);
            _a.mov(rcx, __qword_ptr[rdx + rax * 8 + 8 * sc * Defer.PoolCapacity]);
            b = rcx;
            disp = 0;
            exits = true;
        }
        if (exits)
        {
            int pc = _pc;
            var snap = Snapshot();
            _slow.Add(() =>
            {
                Bind(ref interp);
                Restore(snap);
                Flush();
                _a.lea(Sp, __[Fp - (_fi.Region + 8 * _depth)]);
                StoreAndExit(ExitReason.Interpret, pc, F);
            });
        }
        for (int k = 0; k < nargs; k++)
        {
            int d = darg0 + k;
            var dst = __qword_ptr[b + (Defer.OffArgs + 8 * k + disp)];
            var v = _st[d];
            if (v.Kind == K.Const && v.C == (int)v.C) _a.mov(dst, (int)v.C);
            else _a.mov(dst, InReg(d, rax));
        }
        // siz, started = 0, heap (and the padding) in one store, as the interpreter
        if (heap)
        {
            _a.mov(rax, 8L * nargs | 1L << (8 * Defer.OffHeap));
            _a.mov(__qword_ptr[b + (Defer.OffSiz + disp)], rax);
        }
        else _a.mov(__qword_ptr[b + (Defer.OffSiz + disp)], 8 * nargs);
        _a.mov(__qword_ptr[b + (Defer.OffSp + disp)], Fp);
        _a.mov(__qword_ptr[b + (Defer.OffPc + disp)], _pc);
        if (fv.Kind == K.Const && fv.C == (int)fv.C) _a.mov(__qword_ptr[b + (Defer.OffFn + disp)], (int)fv.C);
        else _a.mov(__qword_ptr[b + (Defer.OffFn + disp)], InReg(dfn, rax));
        _a.mov(__qword_ptr[b + (Defer.OffPanic + disp)], 0);
        _a.mov(rax, __qword_ptr[Registers.G + Vm.Core.Abi.G.OffDefer]);
        _a.mov(__qword_ptr[b + (Defer.OffLink + disp)], rax);
        if (heap) _a.mov(__qword_ptr[Registers.G + Vm.Core.Abi.G.OffDefer], b);
        else
        {
            _a.lea(rax, __[Fp + disp]);
            _a.mov(__qword_ptr[Registers.G + Vm.Core.Abi.G.OffDefer], rax);
        }
        // RuntimeCounters.StackDefers / HeapDefers (and DeferPoolHits), as the interpreter counts
        _a.inc(__qword_ptr[State + (heap ? JitStateLayout.HeapDefers : JitStateLayout.StackDefers)]);
        for (int k = 0; k <= nargs; k++) Pop();
    }

    /// <summary>recover (gorecover, inline): the newest panic's value if it is not yet recovered and this frame is
    /// the deferred call it runs directly (p.argp == fp), marking it recovered; else nil. As the interpreter.</summary>
    void EmitRecover()
    {
        FlushAll();
        int rt = AllocReg(); Push(V.Reg(rt));
        int rd = AllocReg(); Push(V.Reg(rd));
        var type = Pool[rt];
        var data = Pool[rd];
        var none = _a.CreateLabel("norecover");
        _a.xor(type, type);
        _a.xor(data, data);
        _a.mov(rax, __qword_ptr[Registers.G + Vm.Core.Abi.G.OffPanic]);
        _a.test(rax, rax);
        _a.jz(none);
        _a.cmp(__byte_ptr[rax + Panic.OffRecovered], 0);
        _a.jne(none);
        _a.cmp(__qword_ptr[rax + Panic.OffArgp], Fp);
        _a.jne(none);
        _a.mov(__byte_ptr[rax + Panic.OffRecovered], 1);
        _a.mov(type, __qword_ptr[rax + Panic.OffArgType]);
        _a.mov(data, __qword_ptr[rax + Panic.OffArgData]);
        Bind(ref none);
    }

    /// <summary>Parameter count of every module function (the interpreter's FuncRt.NParams), pinned for the life of
    /// the frame table: deferret's check of a record's function reads it.</summary>
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FrameTable, int[]> NParamsTables = new();

    int[] NParamsTable() => NParamsTables.GetValue(_frames, ft =>
    {
        var t = GC.AllocateArray<int>(Math.Max(1, ft.Funcs.Length), pinned: true);
        for (int f = 0; f < ft.Funcs.Length; f++) t[f] = ft.Funcs[f].NParams;
        return t;
    });

    /// <summary>
    /// deferret (deferreturn, inline): nothing to run unless g._defer is a record of this frame (its sp is this
    /// fp). Such a record is run here, as the interpreter's DeferRet does: unlink it, clear its fn, push its
    /// arguments, free it (a heap record goes back to the P's pool, <see cref="JitState.DeferItems"/>), call its
    /// closure through the entry table with this instruction as the continuation (the call's return address maps
    /// back to this pc: <see cref="SlowCalls"/>), then test again. A heap record whose pool class is full or not
    /// pooled, no pool (the standalone runner), and every record the interpreter would fault on (nil fn, a
    /// function word out of range, a parameter count that is not the record's) leave through an Interpret exit
    /// before anything is changed, so the interpreter runs that record (spilling, raising its errors).
    /// </summary>
    void EmitDeferRet()
    {
        FlushAll();                               // rule 8: the stack is empty here
        _cache.Clear();                           // the deferred calls clobber every register
        var top = _a.CreateLabel("deferret");
        var run = _a.CreateLabel("deferrun");
        var skip = _a.CreateLabel("nodefer");
        Bind(ref top);
        _a.mov(rax, __qword_ptr[Registers.G + Vm.Core.Abi.G.OffDefer]);
        _a.test(rax, rax);
        _a.jz(skip);
        _a.cmp(__qword_ptr[rax + Defer.OffSp], Fp);
        _a.je(run);
        Bind(ref skip);
        int pc = _pc;
        var nparams = NParamsTable();
        long table = (long)_entryTable;
        int region = _fi.Region;
        _slow.Add(() =>
        {
            var interp = _a.CreateLabel("deferinterp");
            var copy = _a.CreateLabel("defercopy");
            var call = _a.CreateLabel("defercall");
            var copied = _a.CreateLabel("defercopied");
            Bind(ref run);
            // This function's own stack records have a known place and argument count (the seed's point: the
            // compiler laid the record out): each gets a straight-line run, the general one below serves the rest.
            var recs = M.Funcs[F].DeferRecords;
            var own = new Label[recs.Count];
            for (int k = 0; k < recs.Count; k++)
            {
                own[k] = _a.CreateLabel($"deferown{k}");
                _a.lea(rcx, __[Fp - _fi.DeferOff[k]]);
                _a.cmp(rax, rcx);
                _a.je(own[k]);
            }
            var general = _a.CreateLabel("defergeneral");
            Bind(ref general);
            _a.mov(r9d, __dword_ptr[rax + Defer.OffSiz]);
            _a.shr(r9d, 3);                                    // the record's argument words
            _a.mov(rcx, __qword_ptr[rax + Defer.OffFn]);       // fv
            CheckFuncWord(rcx, r8, r10, interp, interp, nparams, 0, r9d);
            // A heap record goes back to the P's pool (freedefer): its class must be pooled and not full there
            // (r10 = class, r11 = the counts, esi = the class's count).
            var commit = _a.CreateLabel("defercommit");
            _a.cmp(__byte_ptr[rax + Defer.OffHeap], 0);
            _a.je(commit);
            _a.mov(r10d, __dword_ptr[rax + Defer.OffSiz]);
            _a.add(r10d, 15);
            _a.shr(r10d, 4);                                   // Defer.Class
            _a.cmp(r10d, Defer.PoolClasses);
            _a.jae(interp);
            _a.mov(r11, __qword_ptr[State + JitStateLayout.DeferCounts]);
            _a.test(r11, r11);
            _a.jz(interp);
            _a.mov(esi, __dword_ptr[r11 + r10 * 4]);
            _a.cmp(esi, Defer.PoolCapacity);
            _a.jae(interp);
            Bind(ref commit);
            // Commit: unlink, clear fn, push the arguments (argument 0 deepest, as the interpreter).
            _a.mov(rdi, __qword_ptr[rax + Defer.OffLink]);
            _a.mov(__qword_ptr[Registers.G + Vm.Core.Abi.G.OffDefer], rdi);
            _a.mov(__qword_ptr[rax + Defer.OffFn], 0);
            _a.lea(Sp, __[Fp - region]);
            _a.lea(rdi, __[rax + Defer.OffArgs]);
            _a.test(r9d, r9d);
            _a.jz(copied);
            Bind(ref copy);
            _a.mov(rdx, __qword_ptr[rdi]);
            _a.add(rdi, 8);
            _a.sub(Sp, 8);
            _a.mov(__qword_ptr[Sp], rdx);
            _a.dec(r9d);
            _a.jnz(copy);
            Bind(ref copied);
            _a.cmp(__byte_ptr[rax + Defer.OffHeap], 0);
            _a.je(call);
            // freedefer: every header field but heap cleared, then pushed: items[class * Capacity + n] = d.
            _a.mov(rdx, 1L << (8 * Defer.OffHeap));
            _a.mov(__qword_ptr[rax + Defer.OffSiz], rdx);
            _a.xor(edx, edx);
            _a.mov(__qword_ptr[rax + Defer.OffSp], rdx);
            _a.mov(__qword_ptr[rax + Defer.OffPc], rdx);
            _a.mov(__qword_ptr[rax + Defer.OffPanic], rdx);
            _a.mov(__qword_ptr[rax + Defer.OffLink], rdx);
            _a.imul(edx, r10d, Defer.PoolCapacity);
            _a.add(edx, esi);
            _a.mov(rdi, __qword_ptr[State + JitStateLayout.DeferItems]);
            _a.mov(__qword_ptr[rdi + rdx * 8], rax);
            _a.inc(esi);
            _a.mov(__dword_ptr[r11 + r10 * 4], esi);
            _a.inc(__qword_ptr[State + JitStateLayout.DeferRecordsFreed]);
            Bind(ref call);
            _a.mov(rdx, rcx);                                  // EntryCtx: the closure
            _a.mov(rcx, table);
            _a.lea(r8, __[rcx + r8 * 8]);                      // the CallInterpreted stub finds the callee from r8
            _a.call(__qword_ptr[r8]);
            BackFromDeferredCall();
            for (int k = 0; k < recs.Count; k++)
            {
                int n = M.Sigs[recs[k]].Params.Length;   // the verifier: defers R S has S = R's signature
                Bind(ref own[k]);
                // rax = this record, at a fixed place in the frame: its fields are addressed from fp, so these
                // loads do not wait for the load of g._defer (only the branch that chose this path does).
                int rec = -_fi.DeferOff[k];
                _a.mov(rcx, __qword_ptr[Fp + (rec + Defer.OffFn)]);
                int fn = -1;
                if (_ownFn[k] is long kfv and not 0)
                {
                    // Filled from ldfn's constant (its signature checked at defers): if the record still holds
                    // it, its function is known; anything else takes the general path.
                    fn = StaticFunc(kfv);
                    _a.mov(rdx, kfv);
                    _a.cmp(rcx, rdx);
                    _a.jne(general);
                }
                else CheckFuncWord(rcx, r8, r10, interp, interp, nparams, n);
                _a.mov(rdi, __qword_ptr[Fp + (rec + Defer.OffLink)]);
                _a.mov(__qword_ptr[Registers.G + Vm.Core.Abi.G.OffDefer], rdi);
                _a.mov(__qword_ptr[Fp + (rec + Defer.OffFn)], 0);
                for (int i = 0; i < n; i++)
                {
                    _a.mov(rdx, __qword_ptr[Fp + (rec + Defer.OffArgs + 8 * i)]);
                    _a.mov(__qword_ptr[Fp - (region + 8 * (i + 1))], rdx);
                }
                _a.lea(Sp, __[Fp - (region + 8 * n)]);
                _a.mov(rdx, rcx);                              // EntryCtx: the closure
                if (fn >= 0 && _callEntries[fn] is { } direct) _a.call(direct);
                else
                {
                    if (fn >= 0) _a.mov(r8, table + 8L * fn);
                    else
                    {
                        _a.mov(rcx, table);
                        _a.lea(r8, __[rcx + r8 * 8]);
                    }
                    _a.call(__qword_ptr[r8]);
                }
                BackFromDeferredCall(M.Sigs[recs[k]].Results.Length);
            }
            Bind(ref interp);
            StoreAndExit(ExitReason.Interpret, pc, F);

            // Back from a deferred call (its results, if any, are dropped; its return address maps to this
            // deferret): the homes again, then the next record.
            void BackFromDeferredCall(int results = -1)
            {
                var back = _a.CreateLabel("deferback");
                Bind(ref back);
                AddSlowCall(back, pc);
                if (results >= 0) FpFromSp(results);   // the general path does not know the callee's results
                ReloadHomes();
                _a.lea(Sp, __[Fp - region]);
                _a.jmp(top);
            }
        });
    }

    // ---- calls and returns (docs/jit.md §convention) ----

    /// <summary>Calls the helper at <c>rax</c> (SysV) on the thread's stack: compiled code runs on the machine
    /// stack (<see cref="MachineStack"/>), helpers are .NET code and run where the entry stub left the thread.</summary>
    void CallHelper()
    {
        _a.mov(__[State + JitStateLayout.MachineRsp], rsp);
        _a.mov(rsp, __[State + JitStateLayout.ThreadRsp]);
        _a.call(rax);
        _a.mov(rsp, __[State + JitStateLayout.MachineRsp]);
    }

    void EmitCall(in Instr ins)
    {
        int callee = (int)ins.A;
        var cf = _frames.Funcs[callee];
        // A callee of this unit with a frameless guard: decide it here and skip the call when it leads to the leaf
        // (the callee's code is fixed for the unit's lifetime, so its guard is too).
        var leaf = _callEntries[callee] is not null ? FindLeafGuard(cf, M.Funcs[callee].Code) : null;
        var guardArg = leaf is { } lg0 ? View(_depth - cf.NParams + lg0.P) : default;
        FlushAll();
        var ret = _a.CreateLabel("ret");
        Label? join = null;
        if (leaf is { } lg)
        {
            join = _homes.Length == 0 ? ret : _a.CreateLabel("leafjoin");
            bool inPlace = !lg.FromConst && lg.Value == 0 && lg.Param(0) == 0;   // the result is the argument
            if (inPlace)
            {
                // The argument (P = 0) into the result register, as a return would leave it (FlushAll only
                // stored: a register entry still holds its value; every pool register is free now).
                if (guardArg.Kind == K.Reg) { if (guardArg.R != ResultReg) _a.mov(Pool[ResultReg], Pool[guardArg.R]); }
                else _a.mov(Pool[ResultReg], __qword_ptr[Sp]);
                _a.cmp(Pool[ResultReg], lg.K);
                Jcc(lg.When, join.Value);
            }
            else
            {
                if (guardArg.Kind == K.Reg) _a.cmp(Pool[guardArg.R], lg.K);
                else _a.cmp(__qword_ptr[Sp + lg.Param(lg.P)], lg.K);
                var fix = _a.CreateLabel("leaf");
                Jcc(lg.When, fix);
                var back = join.Value;
                _slow.Add(() =>
                {
                    Bind(ref fix);
                    EmitLeafResult(lg);
                    _a.jmp(back);
                });
            }
        }
        if (cf.ReadsCtx) _a.xor(edx, edx);   // EntryCtx: a static call has no closure (only ldctx would see it)
        if (leaf is not null)
            _a.call(_testedEntries[callee]!.Value);   // past the guard, which failed here
        else if (_callEntries[callee] is { } direct)
            _a.call(direct);             // compiled in this unit: its code is there for the unit's lifetime
        else
        {
            _a.mov(r8, (long)_entryTable + 8L * callee);   // the CallInterpreted stub finds the callee from r8
            _a.call(__qword_ptr[r8]);    // the return address stays on the machine stack for the callee's ret
        }
        FpFromSp(_depth - cf.NParams + cf.NResults);   // the return address (a skipped call joins below: fp intact)
        Bind(ref ret);
        ReloadHomes();                   // the callee (or the dispatcher returning here) used the home registers
        if (join is { } j && _homes.Length > 0) Bind(ref j);  // the skipped call: the homes never left their registers
        // The callee's ret left r12 at its results, in place over the arguments.
        Reset(_depth - cf.NParams + cf.NResults, spValid: true);
        ResultInRegister(cf.NResults);
    }

    /// <summary>
    /// At a return address: <c>fp</c> again, from <c>sp</c> (the caller knows its operand depth there, <paramref
    /// name="depth"/>, so fp = sp + region + 8 depth; docs/jit.md §convention). The callee's <c>ret</c> restored fp
    /// from its header too, but that load reads a word the callee's prologue stored a few instructions earlier:
    /// a store-forwarded load (~7 cycles here), and with fp the base of everything the caller does next, one such
    /// load per call level sat on the critical path of call-heavy code. This lea makes fp depend on sp alone,
    /// which every frame computes from fp with register arithmetic.
    /// </summary>
    void FpFromSp(int depth) => _a.lea(Fp, __[Sp + (_fi.Region + 8 * depth)]);

    /// <summary>Pool register in which a return leaves a single result (docs/jit.md §convention): rsi.</summary>
    const int ResultReg = 0;

    /// <summary>After a call's return (Reset at the new depth): a single result is in <see cref="ResultReg"/> as
    /// well as in its slot, so the code after the call uses the register without waiting for the callee's store.</summary>
    void ResultInRegister(int nresults)
    {
        if (nresults != 1) return;
        int d = _depth - 1;
        _st[d] = V.Reg(ResultReg);
        _st[d].Clean = true;
        _memTop = d;
    }

    /// <summary>
    /// callind S: pops the closure and calls its function through the entry table (<c>rdx</c> = the closure, the
    /// callee's context), as <see cref="EmitCall"/> does for a static callee. A nil closure or function word, a
    /// word out of range or a function whose signature is not S leaves through an Interpret exit with the frame as
    /// before the instruction (closure back on the stack), so the interpreter raises the nil dereference or its
    /// fatal error.
    /// </summary>
    void EmitCallInd(in Instr ins)
    {
        int sig = (int)ins.A;
        var s = M.Sigs[sig];
        var table = CanonSigTable();
        var f = InReg(_depth - 1, rcx);
        if (f != rcx) _a.mov(rcx, f);
        Pop();
        FlushAll();                      // the arguments in their slots, r12 at the first (spills use rax only)
        var exit = _a.CreateLabel("callindexit");
        CheckFuncWord(rcx, r8, rax, exit, exit, table, CanonSig(sig));
        _a.mov(rdx, rcx);                // EntryCtx: the closure
        _a.mov(rax, (long)_entryTable);
        _a.lea(r8, __[rax + r8 * 8]);    // the CallInterpreted stub finds the callee from r8
        _a.call(__qword_ptr[r8]);
        FpFromSp(_depth - s.Params.Length + s.Results.Length);
        ReloadHomes();
        int depth = _depth, pc = _pc;
        _slow.Add(() =>
        {
            Bind(ref exit);
            _a.mov(__qword_ptr[Fp - (_fi.Region + 8 * (depth + 1))], rcx);
            _a.lea(Sp, __[Fp - (_fi.Region + 8 * (depth + 1))]);
            StoreAndExit(ExitReason.Interpret, pc, F);
        });
        Reset(_depth - s.Params.Length + s.Results.Length, spValid: true);
        ResultInRegister(s.Results.Length);
    }

    void EmitRet()
    {
        int n = _fi.NResults;
        int top = _depth - n;
        // Result k goes to slot k (docs/abi.md §frame); a result that reads a local another result overwrites
        // takes its value first.
        for (int j = 0; j < n; j++)
            if (_st[top + j].Kind == K.Local && _st[top + j].Loc < n && _st[top + j].Loc != j) Spill(top + j);
        // With more results than slots the result slots overlap the header: read it first then.
        bool overlap = n > _fi.NSlots;
        if (overlap)
        {
            _a.mov(rax, __[Fp + Frame.OffCont]);
            _a.mov(rdx, __[Fp + Frame.OffSavedFp]);
        }
        for (int k = 0; k < n; k++)
        {
            int d = top + k;
            var v = View(d);
            if (n == 1)
            {
                // A single result is also returned in ResultReg (the caller uses it without reloading it).
                var res = Pool[ResultReg];
                if (v.Kind == K.Reg) { if (v.R != ResultReg) _a.mov(res, Pool[v.R]); }
                else LoadTo(res, d);
                if (!(_st[d].Kind == K.Local && _st[d].Loc == 0)) _a.mov(LocalMem(0), res);
                continue;
            }
            if (_st[d].Kind == K.Local && _st[d].Loc == k) continue;
            var dst = LocalMem(k);
            switch (v.Kind)
            {
                case K.Const when v.C == (int)v.C: _a.mov(dst, (int)v.C); break;
                case K.Reg: _a.mov(dst, Pool[v.R]); break;
                default: LoadTo(rcx, d); _a.mov(dst, rcx); break;
            }
        }
        _a.lea(Sp, __[Fp + (SlotsFromFp - 8 * (n - 1))]);
        if (overlap) _a.mov(Fp, rdx);
        else _a.mov(Fp, __[Fp + Frame.OffSavedFp]);
        // The machine stack holds this frame's return address if a native call made it since the last entry;
        // otherwise ret lands in the entry's return trampoline, which finds the continuation (JitState.TrampFrame).
        if (overlap)
        {
            // The results overwrote the header's continuation, which the trampoline would read: test the machine
            // stack here instead (the trampoline's address there never equals a continuation) and otherwise go on
            // where the trampoline goes once it has the continuation.
            _a.cmp(rax, __[rsp]);
            _a.jne(_returnTail);
        }
        _a.ret();
        _live = false;
    }
}
