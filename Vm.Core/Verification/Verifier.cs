using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Core.Verification;

/// <summary>
/// The bytecode verifier (BRIEF section 4; the rules are numbered in docs/verifier.md). Every module
/// is verified before anything runs it. It checks, for each function: that the code decodes into
/// whole instructions, branch targets, operand indices, slot kinds and stack depths on every path,
/// call signatures, the stack-defer rule and the deferreturn rule; and computes the stack maps the
/// GC and the stack copier use. Rejections are <see cref="VerifyException"/> (function, pc, reason)
/// or <see cref="ModuleVerifyException"/>; nothing else escapes for any input.
/// </summary>
public static class Verifier
{
    public static VerifiedModule Verify(Module m)
    {
        CheckModule(m);
        var maps = new FunctionMaps[m.Funcs.Count];
        for (int i = 0; i < m.Funcs.Count; i++) maps[i] = new FunctionVerifier(m, i).Run();
        return new VerifiedModule(m, maps);
    }

    /// <summary>Module-level rules (rule 0): tables that code relies on, entry and init.</summary>
    static void CheckModule(Module m)
    {
        for (int s = 0; s < m.Sigs.Count; s++)
        {
            var sig = m.Sigs[s];
            if (!AllValid(sig.Params) || !AllValid(sig.Results)) throw new ModuleVerifyException($"signature {s}: bad slot kind");
        }
        for (int g = 0; g < m.Globals.Count; g++)
            if ((uint)m.Globals[g].Type >= (uint)m.Types.Count) throw new ModuleVerifyException($"global {m.Globals[g].Name}: type index {m.Globals[g].Type} out of range");
        CheckStart(m, m.Entry, "entry");
        CheckStart(m, m.Init, "init");
    }

    static void CheckStart(Module m, int f, string what)
    {
        if (f == -1) return;
        if ((uint)f >= (uint)m.Funcs.Count) throw new ModuleVerifyException($"{what} function index {f} out of range (have {m.Funcs.Count})");
        var fn = m.Funcs[f];
        if ((uint)fn.Sig < (uint)m.Sigs.Count && (m.Sigs[fn.Sig].Params.Length != 0 || m.Sigs[fn.Sig].Results.Length != 0))
            throw new ModuleVerifyException($"{what} function {fn.Name} has signature {m.Sigs[fn.Sig]}, want () -> ()");
    }

    internal static bool AllValid(IEnumerable<SlotKind> kinds) => kinds.All(k => k is SlotKind.Int or SlotKind.Float or SlotKind.Ptr);
}

/// <summary>Verifies one function. See docs/verifier.md for the rules, numbered as in the comments.</summary>
sealed class FunctionVerifier
{
    readonly Module _m;
    readonly int _index;
    readonly FunctionDef _f;
    readonly string _name;
    readonly byte[] _code;
    SlotKind[] _slots = [];
    int _paramCount;
    Signature _sig = null!;

    // Decoding (rule 1).
    readonly List<Instr> _instrs = [];
    int[] _instrAt = [];          // pc -> index into _instrs, -1 if no instruction starts there

    // Dataflow (rules 4-6, 8).
    SlotKind[]?[] _stackAt = [];  // per instruction index: kinds before it; null = not reached yet
    bool[] _pending = [];         // per instruction index: a defer may be registered and not yet run
    int _maxDepth;
    long _stateSlots;             // sum of the stored states' depths, bounded by MaxStateSlots

    /// <summary>Bound on the verifier's memory for one function (the stored per-instruction stack
    /// kinds), so a hostile module cannot make verification quadratic in time and space.</summary>
    public const long MaxStateSlots = 1 << 24;

    public FunctionVerifier(Module m, int index)
    {
        _m = m;
        _index = index;
        _f = m.Funcs[index];
        _name = _f.Name.Length > 0 ? _f.Name : $"#{index}";
        _code = _f.Code ?? [];
    }

    VerifyException Fail(int pc, string reason) => new(_name, pc, reason);

    public FunctionMaps Run()
    {
        CheckHeader();
        Decode();
        foreach (var ins in _instrs) CheckOperands(ins);
        CheckDeferReturn();
        Flow();
        CheckStackDefers();
        return BuildMaps();
    }

    // Rule 0: the function's own tables.
    void CheckHeader()
    {
        if ((uint)_f.Sig >= (uint)_m.Sigs.Count) throw Fail(-1, $"signature index {_f.Sig} out of range (have {_m.Sigs.Count})");
        _sig = _m.Sigs[_f.Sig];
        if (!Verifier.AllValid(_f.Locals)) throw Fail(-1, "bad slot kind among the locals");
        _paramCount = _sig.Params.Length;
        if (_paramCount + _f.Locals.Count > ushort.MaxValue + 1) throw Fail(-1, $"{_paramCount + _f.Locals.Count} parameter and local slots, more than {ushort.MaxValue + 1}");
        _slots = _m.SlotsOf(_f);
        if (_f.MaxStack is < 0 or > ushort.MaxValue) throw Fail(-1, $"maxstack {_f.MaxStack} out of range 0..{ushort.MaxValue}");
        for (int k = 0; k < _f.FrameObjects.Count; k++)
            if ((uint)_f.FrameObjects[k] >= (uint)_m.Types.Count) throw Fail(-1, $"frame object {k}: type index {_f.FrameObjects[k]} out of range");
        for (int r = 0; r < _f.DeferRecords.Count; r++)
            if ((uint)_f.DeferRecords[r] >= (uint)_m.Sigs.Count) throw Fail(-1, $"defer record {r}: signature index {_f.DeferRecords[r]} out of range");
        if (_code.Length == 0) throw Fail(-1, "empty code");
    }

    // Rule 1: the code is a sequence of whole instructions.
    void Decode()
    {
        _instrAt = new int[_code.Length];
        Array.Fill(_instrAt, -1);
        int pc = 0;
        while (pc < _code.Length)
        {
            switch (InstrCodec.TryDecode(_code, pc, out var ins))
            {
                case InstrCodec.DecodeError.BadOpcode: throw Fail(pc, $"bad opcode 0x{_code[pc]:x2}");
                case InstrCodec.DecodeError.Truncated: throw Fail(pc, $"truncated instruction {Ops.Get(_code[pc])!.Name}: needs {Ops.Get(_code[pc])!.Size} bytes, {_code.Length - pc} left");
            }
            _instrAt[pc] = _instrs.Count;
            _instrs.Add(ins);
            pc = ins.Next;
        }
    }

    // Rules 2 and 3: branch targets and operand indices, checked on every instruction, reachable or not.
    void CheckOperands(Instr ins)
    {
        var info = ins.Info;
        for (int i = 0; i < info.Operands.Length; i++)
        {
            long v = ins.Operand(i);
            string? bad = info.Operands[i] switch
            {
                OperandKind.Local => Range(v, _slots.Length, "local"),
                OperandKind.Global => Range(v, _m.Globals.Count, "global"),
                OperandKind.Func => Range(v, _m.Funcs.Count, "function"),
                OperandKind.Type => Range(v, _m.Types.Count, "type"),
                OperandKind.Sig => Range(v, _m.Sigs.Count, "signature"),
                OperandKind.Str => Range(v, _m.Strings.Count, "string"),
                OperandKind.FrameObj => Range(v, _f.FrameObjects.Count, "frame object"),
                OperandKind.DeferRec => Range(v, _f.DeferRecords.Count, "defer record"),
                OperandKind.Runtime => Range(v, RuntimeFuncs.Table.Length, "runtime function"),
                OperandKind.Label => v < _code.Length && _instrAt[v] >= 0 ? null : $"branch target {v} is not the start of an instruction",
                OperandKind.Imm8 => info.Op switch
                {
                    Op.Print => v <= (long)PrintKind.Slice ? null : $"print kind {v} out of range 0..{(int)PrintKind.Slice}",
                    Op.ASlice or Op.SSlice => v <= (long)SliceForm.Full ? null : $"slice form {v} out of range 0..1",
                    Op.Select => v <= 1 ? null : $"select flags {v}: only bit 0 (has default) is defined",
                    _ => null,
                },
                _ => null,
            };
            if (bad != null) throw Fail(ins.Pc, $"{info.Name}: {bad}");
        }
        if (info.Op is Op.AIdx or Op.ASlice && _m.Types[(int)ins.A].Kind != TypeKind.Array)
            throw Fail(ins.Pc, $"{info.Name}: type {TypeName((int)ins.A)} is not an array type");
    }

    static string? Range(long v, int count, string what) => v < count ? null : $"{what} index {v} out of range (have {count})";

    string TypeName(int t) => _m.Types[t].Name.Length > 0 ? _m.Types[t].Name : t.ToString();

    // Rules 4, 5, 6 and 8: abstract interpretation over slot kinds, one state per instruction.
    void Flow()
    {
        int n = _instrs.Count;
        _stackAt = new SlotKind[]?[n];
        _pending = new bool[n];
        var work = new Stack<int>();
        _stackAt[0] = [];
        work.Push(0);
        // A recovered panic resumes the frame at its deferreturn point with an empty operand stack:
        // a second entry, so a function whose every path panics still has a typed deferret.
        if (_f.DeferReturnPc > 0)
        {
            int d = _instrAt[_f.DeferReturnPc];
            _stackAt[d] = [];
            work.Push(d);
        }
        var stack = new List<SlotKind>(_f.MaxStack);
        while (work.Count > 0)
        {
            int idx = work.Pop();
            var ins = _instrs[idx];
            stack.Clear();
            stack.AddRange(_stackAt[idx]!);
            bool pending = _pending[idx];
            Step(ins, stack, ref pending);

            var info = ins.Info;
            if (!info.Is(OpFlags.Terminator))
            {
                if (ins.Next >= _code.Length) throw Fail(ins.Pc, $"{info.Name}: control falls off the end of the function");
                Merge(ins, _instrAt[ins.Next], stack, pending, work);
            }
            if (info.Is(OpFlags.Branch)) Merge(ins, _instrAt[(int)ins.A], stack, pending, work);
        }
    }

    void Merge(Instr from, int to, List<SlotKind> stack, bool pending, Stack<int> work)
    {
        var have = _stackAt[to];
        int toPc = _instrs[to].Pc;
        if (have == null)
        {
            _stateSlots += stack.Count;
            if (_stateSlots > MaxStateSlots)
                throw Fail(toPc, $"function too large to verify: more than {MaxStateSlots} operand-stack slots summed over its instructions");
            _stackAt[to] = stack.ToArray();
            _pending[to] = pending;
            work.Push(to);
            return;
        }
        if (have.Length != stack.Count)
            throw Fail(toPc, $"stack depth {stack.Count} on the path from pc {from.Pc}, {have.Length} on another path");
        for (int i = 0; i < have.Length; i++)
            if (have[i] != stack[i])
                throw Fail(toPc, $"stack slot {i} is {SlotKinds.Letter(stack[i])} on the path from pc {from.Pc}, {SlotKinds.Letter(have[i])} on another path");
        if (pending && !_pending[to])
        {
            _pending[to] = true;
            work.Push(to);
        }
    }

    void Step(Instr ins, List<SlotKind> st, ref bool pending)
    {
        var info = ins.Info;
        switch (info.Rule)
        {
            case StackRule.Fixed:
                PopKinds(ins, st, info.Pops, info.Name);
                Push(ins, st, info.Pushes);
                break;
            case StackRule.Pop:
                Need(ins, st, 1);
                st.RemoveAt(st.Count - 1);
                break;
            case StackRule.Dup:
                Need(ins, st, 1);
                Push(ins, st, [st[^1]]);
                break;
            case StackRule.Swap:
                Need(ins, st, 2);
                (st[^1], st[^2]) = (st[^2], st[^1]);
                break;
            case StackRule.LoadLocal:
                Push(ins, st, [_slots[ins.A]]);
                break;
            case StackRule.StoreLocal:
                PopKinds(ins, st, [_slots[ins.A]], info.Name);
                break;
            case StackRule.Call:
            {
                var callee = _m.Funcs[(int)ins.A];
                if ((uint)callee.Sig >= (uint)_m.Sigs.Count) throw Fail(ins.Pc, $"call: function {callee.Name} has a bad signature index");
                CallEffect(ins, st, _m.Sigs[callee.Sig], $"call {callee.Name}");
                break;
            }
            case StackRule.CallInd:
                PopKinds(ins, st, [SlotKind.Ptr], "callind closure");
                CallEffect(ins, st, _m.Sigs[(int)ins.A], "callind");
                break;
            case StackRule.Ret:
                if (st.Count != _sig.Results.Length)
                    throw Fail(ins.Pc, $"ret: stack holds {st.Count} slots, function returns {_sig.Results.Length}");
                PopKinds(ins, st, _sig.Results, "ret");
                if (pending) throw Fail(ins.Pc, "ret: a deferred call registered on some path to here is not run (no deferret since the defer)");
                break;
            case StackRule.ClosureArgs:
            {
                int sigIdx = (int)(info.Op == Op.DeferS ? ins.B : ins.A);
                var s = _m.Sigs[sigIdx];
                PopKinds(ins, st, [SlotKind.Ptr], $"{info.Name} closure");
                PopKinds(ins, st, s.Params, info.Name);
                if (info.Op == Op.DeferS && !_m.Sigs[_f.DeferRecords[(int)ins.A]].Equals(s))
                    throw Fail(ins.Pc, $"defers: record {ins.A} holds a call of signature {_m.Sigs[_f.DeferRecords[(int)ins.A]]}, instruction says {s}");
                break;
            }
            case StackRule.Select:
            {
                for (int c = (int)ins.A - 1; c >= 0; c--)
                    PopKinds(ins, st, [SlotKind.Ptr, SlotKind.Ptr, SlotKind.Int], $"select case {c}");
                Push(ins, st, [SlotKind.Int, SlotKind.Int]);
                break;
            }
            case StackRule.Print:
                PopKinds(ins, st, PrintOperands((PrintKind)ins.A), $"print {(PrintKind)ins.A}");
                break;
            case StackRule.Runtime:
            {
                var rt = RuntimeFuncs.Table[ins.A];
                PopKinds(ins, st, rt.Params, $"rt {rt.Name}");
                Push(ins, st, rt.Results);
                break;
            }
            default:
                throw new InvalidOperationException($"verifier: no rule for {info.Rule}");
        }
        if (info.Op is Op.DeferS or Op.DeferH) pending = true;
        if (info.Op == Op.DeferRet)
        {
            if (st.Count != 0) throw Fail(ins.Pc, $"deferret: stack must be empty, holds {st.Count} slots");
            pending = false;
        }
    }

    /// <summary>Rule 6: the arguments become the callee's argument area, which must fit the frame's operand stack.</summary>
    void CallEffect(Instr ins, List<SlotKind> st, Signature s, string what)
    {
        PopKinds(ins, st, s.Params, what);
        int area = st.Count + s.ArgAreaSlots;
        if (area > _f.MaxStack) throw Fail(ins.Pc, $"{what}: argument area needs {area} operand slots, maxstack is {_f.MaxStack}");
        Push(ins, st, s.Results);
    }

    /// <summary>What builtin print pops for each print kind (see <see cref="PrintKind"/>).</summary>
    public static SlotKind[] PrintOperands(PrintKind k) => k switch
    {
        PrintKind.Int or PrintKind.Uint or PrintKind.Bool => [SlotKind.Int],
        PrintKind.Float => [SlotKind.Float],
        PrintKind.String => [SlotKind.Ptr, SlotKind.Int],
        PrintKind.Pointer => [SlotKind.Ptr],
        PrintKind.Eface => [SlotKind.Int, SlotKind.Ptr],
        PrintKind.Slice => [SlotKind.Ptr, SlotKind.Int, SlotKind.Int],
        _ => [],
    };

    void Need(Instr ins, List<SlotKind> st, int n)
    {
        if (st.Count < n) throw Fail(ins.Pc, $"{ins.Info.Name}: stack underflow: needs {n} operands, has {st.Count}");
    }

    /// <summary>Pops <paramref name="want"/> (bottom first), checking each kind (rules 4, 5).</summary>
    void PopKinds(Instr ins, List<SlotKind> st, SlotKind[] want, string what)
    {
        if (st.Count < want.Length) throw Fail(ins.Pc, $"{what}: stack underflow: needs {want.Length} operands, has {st.Count}");
        int baseIdx = st.Count - want.Length;
        for (int i = 0; i < want.Length; i++)
            if (st[baseIdx + i] != want[i])
                throw Fail(ins.Pc, $"{what}: operand {i + 1} is {SlotKinds.Letter(st[baseIdx + i])}, want {SlotKinds.Letter(want[i])}");
        st.RemoveRange(baseIdx, want.Length);
    }

    void Push(Instr ins, List<SlotKind> st, SlotKind[] kinds)
    {
        if (st.Count + kinds.Length > _f.MaxStack)
            throw Fail(ins.Pc, $"{ins.Info.Name}: stack depth {st.Count + kinds.Length} exceeds maxstack {_f.MaxStack}");
        st.AddRange(kinds);
        _maxDepth = Math.Max(_maxDepth, st.Count);
    }

    // Rule 7: a stack-record defer lies on no cycle of the control-flow graph (executed at most once
    // per call, the seed's condition for deferprocStack), and owns its record alone.
    void CheckStackDefers()
    {
        var user = new int[_f.DeferRecords.Count];
        Array.Fill(user, -1);
        bool any = false;
        foreach (var ins in _instrs)
        {
            if (ins.Op != Op.DeferS) continue;
            any = true;
            int r = (int)ins.A;
            if (user[r] >= 0) throw Fail(ins.Pc, $"defers: defer record {r} is already used by the defers at pc {user[r]}; each stack-record defer site owns one record");
            user[r] = ins.Pc;
        }
        for (int r = 0; r < user.Length; r++)
            if (user[r] < 0) throw Fail(-1, $"defer record {r} is used by no defers instruction");
        if (!any) return;

        var comp = StronglyConnected(out var compSize);
        foreach (var ins in _instrs)
        {
            if (ins.Op != Op.DeferS) continue;
            int i = _instrAt[ins.Pc];
            if (_stackAt[i] == null) continue; // unreachable: never executed
            int c = comp[i];
            bool selfLoop = Successors(i).Contains(i);
            if (compSize[c] > 1 || selfLoop)
                throw Fail(ins.Pc, "defers: a stack-record defer lies on a loop of the control-flow graph (it could run more than once per call); use deferh");
        }
    }

    /// <summary>Successors of a reachable instruction, by instruction index.</summary>
    IEnumerable<int> Successors(int i)
    {
        var ins = _instrs[i];
        if (!ins.Info.Is(OpFlags.Terminator)) yield return _instrAt[ins.Next];
        if (ins.Info.Is(OpFlags.Branch)) yield return _instrAt[(int)ins.A];
    }

    /// <summary>Tarjan's algorithm, iterative, over reachable instructions: component id per instruction.</summary>
    int[] StronglyConnected(out int[] compSize)
    {
        int n = _instrs.Count;
        var index = new int[n];
        var low = new int[n];
        var comp = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        Array.Fill(comp, -1);
        var sccStack = new Stack<int>();
        var call = new Stack<(int node, IEnumerator<int> succ)>();
        var sizes = new List<int>();
        int next = 0;
        for (int root = 0; root < n; root++)
        {
            if (index[root] >= 0 || _stackAt[root] == null) continue;
            index[root] = low[root] = next++;
            sccStack.Push(root); onStack[root] = true;
            call.Push((root, Successors(root).GetEnumerator()));
            while (call.Count > 0)
            {
                var (v, it) = call.Peek();
                if (it.MoveNext())
                {
                    int w = it.Current;
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = next++;
                        sccStack.Push(w); onStack[w] = true;
                        call.Push((w, Successors(w).GetEnumerator()));
                    }
                    else if (onStack[w]) low[v] = Math.Min(low[v], index[w]);
                    continue;
                }
                call.Pop();
                if (call.Count > 0) { var p = call.Peek().node; low[p] = Math.Min(low[p], low[v]); }
                if (low[v] == index[v])
                {
                    int id = sizes.Count, size = 0, w;
                    do { w = sccStack.Pop(); onStack[w] = false; comp[w] = id; size++; } while (w != v);
                    sizes.Add(size);
                }
            }
        }
        compSize = sizes.ToArray();
        return comp;
    }

    // Rule 8: a function with defers names its deferreturn point, a deferret (an entry of its own: see Flow).
    void CheckDeferReturn()
    {
        bool hasDefers = _instrs.Any(i => i.Op is Op.DeferS or Op.DeferH);
        int drp = _f.DeferReturnPc;
        if (!hasDefers)
        {
            if (drp != -1) throw Fail(-1, $"deferreturn point {drp} given, but the function has no defers");
            return;
        }
        if (drp == -1) throw Fail(-1, "function has defers but no deferreturn point");
        if (drp < 0 || drp >= _code.Length || _instrAt[drp] < 0) throw Fail(-1, $"deferreturn point {drp} is not the start of an instruction");
        int i = _instrAt[drp];
        if (_instrs[i].Op != Op.DeferRet) throw Fail(-1, $"deferreturn point {drp} is {_instrs[i].Info.Name}, want deferret");
    }

    FunctionMaps BuildMaps()
    {
        var maps = new List<StackMap> { new(0, Bitmap.Empty) }; // function entry: the prologue check
        var stackAtPc = new SlotKind[]?[_code.Length];
        for (int i = 0; i < _instrs.Count; i++)
        {
            var kinds = _stackAt[i];
            if (kinds == null) continue;
            var ins = _instrs[i];
            stackAtPc[ins.Pc] = kinds;
            bool backEdge = ins.Info.Is(OpFlags.Branch) && ins.A <= ins.Pc;
            if (!ins.Info.Is(OpFlags.Safepoint) && !backEdge) continue;
            int live = kinds.Length;
            if (ins.Info.Is(OpFlags.ArgsToCallee))
            {
                var s = ins.Op == Op.Call ? _m.Sigs[_m.Funcs[(int)ins.A].Sig] : _m.Sigs[(int)ins.A];
                live -= s.Params.Length + (ins.Op == Op.CallInd ? 1 : 0);
            }
            var map = new StackMap(ins.Pc, Bitmap.OfPtrs(kinds.AsSpan(0, live)));
            if (ins.Pc == 0) maps[0] = map; else maps.Add(map);
        }
        return new FunctionMaps
        {
            Index = _index,
            Func = _f,
            Slots = _slots,
            ParamSlots = _paramCount,
            ArgPtrs = Bitmap.OfPtrs(_sig.Params),
            LocalPtrs = Bitmap.OfPtrs(_f.Locals.ToArray()),
            Safepoints = maps.ToArray(),
            MaxDepth = _maxDepth,
            StackAt = stackAtPc,
        };
    }
}
