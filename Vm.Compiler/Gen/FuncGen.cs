using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Compiler.Gen;

/// <summary>
/// Where a value lives: in locals (register-class values: 1-3 slots each) or in memory reached
/// through a cheap, side-effect-free base (fobj K, ldloc L holding a pointer, gaddr G) plus a
/// constant offset. Aggregates (structs, arrays) always live in memory.
/// </summary>
public sealed class Place
{
    public GoType Type = null!;
    public int Local = -1;
    public Op BaseOp;
    public long BaseArg;
    public long Offset;
    /// <summary>Size of the object the base points to (bounds the interior-pointer trick).</summary>
    public long ContainerSize;
    /// <summary>A map element m[k]: the map pointer and the boxed key (two slots) in locals.</summary>
    public int MapLocal = -1, MapKey = -1;
    public bool IsMap => MapLocal >= 0;
    public bool IsLocal => Local >= 0;

    public static Place InLocals(GoType t, int first) => new() { Type = t, Local = first };
    public static Place InMem(GoType t, Op op, long arg, long off, long container) => new() { Type = t, BaseOp = op, BaseArg = arg, Offset = off, ContainerSize = container };
    public Place Sub(GoType t, long off) => new() { Type = t, BaseOp = BaseOp, BaseArg = BaseArg, Offset = Offset + off, ContainerSize = ContainerSize };
}

/// <summary>Generates one function's code (docs/compiler.md, "Code generation").</summary>
public sealed partial class FuncGen
{
    readonly CodeGen G;
    readonly FuncInfo Fn;
    readonly FunctionDef Def;
    CodeBuilder B = null!;
    readonly int _paramSlots;
    readonly Dictionary<VarObj, Place> _store = [];
    readonly Dictionary<SlotKind, Stack<int>> _free = new() { [SlotKind.Int] = new(), [SlotKind.Float] = new(), [SlotKind.Ptr] = new() };
    readonly List<int> _tempStack = [];
    int _epilogue = -1;
    readonly List<(Stmt stmt, int brk, int cont)> _targets = [];
    readonly Dictionary<string, int> _gotoLabels = [];
    int _wrapCount;

    Module M => G.M;

    public FuncGen(CodeGen g, FuncInfo fn, FunctionDef def)
    {
        G = g;
        Fn = fn;
        Def = def;
        _paramSlots = M.Sigs[def.Sig].Params.Length;
    }

    public void Run(Action<FuncGen> body)
    {
        B = new CodeBuilder();
        body(this);
        Def.Code = B.Finish(out var lines);
        Def.Lines = lines;
    }

    CompileException Unsupported(Pos p, string what) => G.C.Err(p, "unsupported: " + what);

    // ------------------------------------------------------------------ locals and temps

    int NewLocal(SlotKind k)
    {
        Def.Locals.Add(k);
        return _paramSlots + Def.Locals.Count - 1;
    }

    /// <summary>A temporary local, released at the end of the enclosing statement.</summary>
    int Temp(SlotKind k)
    {
        int i = _free[k].Count > 0 ? _free[k].Pop() : NewLocal(k);
        _tempStack.Add(i);
        return i;
    }

    int TempMark() => _tempStack.Count;

    void ReleaseTemps(int mark)
    {
        for (int i = _tempStack.Count - 1; i >= mark; i--)
        {
            int t = _tempStack[i];
            _free[KindOf(t)].Push(t);
        }
        _tempStack.RemoveRange(mark, _tempStack.Count - mark);
    }

    SlotKind KindOf(int slot) => slot < _paramSlots ? M.Sigs[Def.Sig].Params[slot] : Def.Locals[slot - _paramSlots];

    /// <summary>A frame object of type t (stack object), returned as a place.</summary>
    Place FrameObj(GoType t)
    {
        Def.FrameObjects.Add(G.TypeIdx(t));
        int k = Def.FrameObjects.Count - 1;
        return Place.InMem(t, Op.FObj, k, 0, CodeGen.SizeOf(t));
    }

    /// <summary>A fresh heap object of type t, its pointer kept in a new local.</summary>
    Place HeapObj(GoType t, bool temp)
    {
        int p = temp ? Temp(SlotKind.Ptr) : NewLocal(SlotKind.Ptr);
        B.Emit(Op.New, G.TypeIdx(t));
        B.Emit(Op.StLoc, p);
        return Place.InMem(t, Op.LdLoc, p, 0, CodeGen.SizeOf(t));
    }

    Place TempPlace(GoType t)
    {
        var p = FrameObj(t);
        EmitBase(p);
        B.Emit(Op.Zero, G.TypeIdx(t));
        return p;
    }

    // ------------------------------------------------------------------ variables

    /// <summary>Creates the storage of a variable at its declaration and zeroes it (Go: each execution of a declaration makes a new variable).</summary>
    Place DeclareVar(VarObj v, bool zero = true)
    {
        if (v.Name == "_" && !v.Captured) { var t = TempPlaceFor(v.Type); _store[v] = t; return t; }
        bool boxed = v.Captured || v.AddrTaken || Types.IsAggregate(v.Type);
        Place p;
        if (!boxed)
        {
            var slots = Types.Slots(v.Type);
            int first = -1;
            foreach (var k in slots) { int i = NewLocal(k); if (first < 0) first = i; }
            if (first < 0) first = NewLocal(SlotKind.Int); // zero-size values: a dummy slot keeps the place local
            p = Place.InLocals(v.Type, first);
            if (zero) { EmitZero(v.Type); StoreTop(p); }
        }
        else if (v.Escapes)
        {
            p = HeapObj(v.Type, temp: false); // new zeroes
        }
        else
        {
            p = FrameObj(v.Type);
            if (zero) { EmitBase(p); B.Emit(Op.Zero, G.TypeIdx(v.Type)); }
        }
        _store[v] = p;
        return p;
    }

    Place TempPlaceFor(GoType t)
    {
        if (Types.IsAggregate(t)) return TempPlace(t);
        var slots = Types.Slots(t);
        int first = -1;
        foreach (var k in slots) { int i = NewLocal(k); if (first < 0) first = i; }
        if (first < 0) first = NewLocal(SlotKind.Int);
        return Place.InLocals(t, first);
    }

    Place VarPlace(VarObj v, Pos pos)
    {
        if (v.IsGlobal)
        {
            if (v.Global < 0) throw new InvalidOperationException($"global {v.Name} has no storage");
            return Place.InMem(v.Type, Op.GAddr, v.Global, 0, CodeGen.SizeOf(v.Type));
        }
        if (_store.TryGetValue(v, out var p)) return p;
        throw new InvalidOperationException($"internal compiler error: variable {v.Name} at {pos.Line}:{pos.Col} has no storage in {Fn.Name}");
    }

    // ------------------------------------------------------------------ memory access

    void EmitBase(Place p) => B.Emit(p.BaseOp, p.BaseArg);

    /// <summary>Pushes the address of a memory place (an interior pointer for a nonzero offset).</summary>
    void EmitAddr(Place p)
    {
        if (p.IsMap) throw new InvalidOperationException("address of a map element");
        if (p.IsLocal) throw new InvalidOperationException("address of a local place");
        EmitBase(p);
        if (p.Offset != 0)
        {
            B.Emit(Op.LdI, p.Offset);
            B.Emit(Op.AIdx, G.ByteArray(Math.Max(p.ContainerSize, p.Offset + 1)));
        }
    }

    /// <summary>The scalar leaves of a type: offset and load/store instructions, in slot order.</summary>
    static void Leaves(GoType t, long off, List<(long off, Op ld, Op st)> into)
    {
        switch (t.Under)
        {
            case BasicType b:
                switch (b.Kind)
                {
                    case BasicKind.Bool or BasicKind.Uint8: into.Add((off, Op.LdU8, Op.St8)); break;
                    case BasicKind.Int8: into.Add((off, Op.LdI8, Op.St8)); break;
                    case BasicKind.Int16: into.Add((off, Op.LdI16, Op.St16)); break;
                    case BasicKind.Uint16: into.Add((off, Op.LdU16, Op.St16)); break;
                    case BasicKind.Int32: into.Add((off, Op.LdI32, Op.St32)); break;
                    case BasicKind.Uint32: into.Add((off, Op.LdU32, Op.St32)); break;
                    case BasicKind.Float64: into.Add((off, Op.LdF64, Op.StF64)); break;
                    case BasicKind.String: into.Add((off, Op.LdP, Op.StP)); into.Add((off + 8, Op.LdI64, Op.St64)); break;
                    default: into.Add((off, Op.LdI64, Op.St64)); break;
                }
                break;
            case PointerType or FuncType or ChanType or MapType: into.Add((off, Op.LdP, Op.StP)); break;
            case SliceType: into.Add((off, Op.LdP, Op.StP)); into.Add((off + 8, Op.LdI64, Op.St64)); into.Add((off + 16, Op.LdI64, Op.St64)); break;
            case InterfaceType: into.Add((off, Op.LdI64, Op.St64)); into.Add((off + 8, Op.LdP, Op.StP)); break;
            case ArrayType a:
            {
                long es = CodeGen.SizeOf(a.Elem);
                for (long i = 0; i < a.Len; i++) Leaves(a.Elem, off + i * es, into);
                break;
            }
            case StructType st:
                for (int i = 0; i < st.Fields.Count; i++) Leaves(st.Fields[i].Type, off + CodeGen.FieldOffset(st, i), into);
                break;
        }
    }

    static List<(long off, Op ld, Op st)> LeavesOf(GoType t) { var l = new List<(long, Op, Op)>(); Leaves(t, 0, l); return l; }

    static SlotKind LeafKind(Op ld) => ld switch { Op.LdP => SlotKind.Ptr, Op.LdF64 => SlotKind.Float, _ => SlotKind.Int };

    const int MaxLeaves = 64;

    void CheckLeaves(GoType t, Pos pos)
    {
        if (Types.SlotCount(t) > MaxLeaves) throw Unsupported(pos, $"passing a value of type {t} ({Types.SlotCount(t)} words) by value; use a pointer");
    }

    /// <summary>Pushes the value held by a place (all its slots).</summary>
    void Load(Place p)
    {
        if (p.IsMap) { LoadMapSlot(p); return; }
        if (p.IsLocal)
        {
            int n = Types.SlotCount(p.Type);
            for (int i = 0; i < n; i++) B.Emit(Op.LdLoc, p.Local + i);
            return;
        }
        foreach (var (off, ld, _) in LeavesOf(p.Type))
        {
            EmitBase(p);
            B.Emit(ld, p.Offset + off);
        }
    }

    /// <summary>Pops a value of the place's type (all its slots) into the place.</summary>
    void StoreTop(Place p)
    {
        if (p.IsMap) { StoreMapSlot(p); return; }
        int n = Types.SlotCount(p.Type);
        if (p.IsLocal)
        {
            for (int i = n - 1; i >= 0; i--) B.Emit(Op.StLoc, p.Local + i);
            return;
        }
        var leaves = LeavesOf(p.Type);
        if (leaves.Count == 1)
        {
            EmitBase(p);
            B.Emit(Op.Swap);
            B.Emit(leaves[0].st, p.Offset + leaves[0].off);
            return;
        }
        var temps = new int[leaves.Count];
        for (int i = leaves.Count - 1; i >= 0; i--) { temps[i] = Temp(LeafKind(leaves[i].ld)); B.Emit(Op.StLoc, temps[i]); }
        for (int i = 0; i < leaves.Count; i++)
        {
            EmitBase(p);
            B.Emit(Op.LdLoc, temps[i]);
            B.Emit(leaves[i].st, p.Offset + leaves[i].off);
        }
    }

    /// <summary>A pointer on the operand stack: pops it and pushes the value of type t it points to.</summary>
    void LoadThroughPtr(GoType t)
    {
        var leaves = LeavesOf(t);
        if (leaves.Count == 1) { B.Emit(leaves[0].ld, leaves[0].off); return; }
        if (Types.IsAggregate(t)) throw new InvalidOperationException("aggregate load through a pointer");
        int tp = Temp(SlotKind.Ptr);
        B.Emit(Op.StLoc, tp);
        Load(Place.InMem(t, Op.LdLoc, tp, 0, CodeGen.SizeOf(t)));
    }

    /// <summary>A pointer on the operand stack: pops it into a temp and returns the place it points to.</summary>
    Place PtrPlace(GoType t)
    {
        int tp = Temp(SlotKind.Ptr);
        B.Emit(Op.StLoc, tp);
        return Place.InMem(t, Op.LdLoc, tp, 0, CodeGen.SizeOf(t));
    }

    void CopyInto(Place dst, Place src)
    {
        if (dst.IsMap || src.IsMap) { Load(src); StoreTop(dst); return; }
        if (dst.BaseOp == src.BaseOp && dst.BaseArg == src.BaseArg && dst.Offset == src.Offset && !dst.IsLocal && !src.IsLocal) return;
        EmitAddr(dst);
        EmitAddr(src);
        B.Emit(Op.Copy, G.TypeIdx(dst.Type));
    }

    // ------------------------------------------------------------------ function bodies

    public void EmitBody()
    {
        B.Line(Fn.Pos.Line);
        // closure captures: pointers to the captured variables, loaded once
        for (int i = 0; i < Fn.Captures.Count; i++)
        {
            var v = Fn.Captures[i];
            int p = NewLocal(SlotKind.Ptr);
            B.Emit(Op.LdCtx);
            B.Emit(Op.LdP, 8 + 8L * i);
            B.Emit(Op.StLoc, p);
            _store[v] = Place.InMem(v.Type, Op.LdLoc, p, 0, CodeGen.SizeOf(v.Type));
        }
        // parameters: used in place unless they must live in memory
        int slot = 0;
        foreach (var v in Fn.Params)
        {
            int n = Types.SlotCount(v.Type);
            bool boxed = v.Captured || v.AddrTaken || Types.IsAggregate(v.Type);
            if (!boxed) _store[v] = Place.InLocals(v.Type, slot);
            else
            {
                var pl = DeclareVar(v, zero: false);
                for (int k = 0; k < n; k++) B.Emit(Op.LdLoc, slot + k);
                StoreTop(pl);
            }
            slot += n;
        }
        if (Fn.HasDefer || Fn.NamedResults)
            foreach (var r in Fn.Results) DeclareVar(r);
        if (Fn.HasDefer)
        {
            // The verifier treats the deferreturn point as an entry of its own (docs/verifier.md rule 8),
            // so it needs no normal path even when every path panics.
            _epilogue = B.NewLabel();
        }
        EmitStmts(Fn.Body!.Stmts);
        B.Line(Fn.Body.Rbrace.Line);
        if (Fn.HasDefer)
        {
            B.Bind(_epilogue);
            Def.DeferReturnPc = B.Pc;
            B.Emit(Op.DeferRet);
            foreach (var r in Fn.Results) Load(VarPlace(r, r.Pos));
            B.Emit(Op.Ret);
        }
        else if (Fn.NamedResults)
        {
            foreach (var r in Fn.Results) Load(VarPlace(r, r.Pos));
            B.Emit(Op.Ret);
        }
        else
        {
            // functions with results end in a terminating statement (checked); this return is unreachable then
            foreach (var t in Fn.Type.Results) EmitZero(t);
            B.Emit(Op.Ret);
        }
    }

    public void EmitInit()
    {
        B.Line(1);
        foreach (var (spec, vars, _) in G.C.GlobalInits)
        {
            var mark = TempMark();
            B.Line(spec.Pos.Line);
            if (spec.Values.Count == vars.Count)
            {
                for (int i = 0; i < vars.Count; i++)
                {
                    if (vars[i].Global < 0) { EmitDiscard(spec.Values[i]); continue; }
                    StoreExpr(VarPlace(vars[i], vars[i].Pos), spec.Values[i], isFresh: false);
                }
            }
            else
            {
                var types = EmitMulti(spec.Values[0], vars.Count);
                for (int i = vars.Count - 1; i >= 0; i--)
                {
                    if (vars[i].Global < 0) { PopValue(types[i]); continue; }
                    StoreConverted(VarPlace(vars[i], vars[i].Pos), types[i]);
                }
            }
            ReleaseTemps(mark);
        }
        foreach (var f in G.C.InitFuncs) B.Emit(Op.Call, f.Index);
        B.Emit(Op.Ret);
    }

    /// <summary>A function that runs one builtin on its parameters: what `defer println(x)` and `go close(c)` call.</summary>
    public void EmitBuiltinWrapper(string name, List<GoType> args)
    {
        B.Line(Fn.Pos.Line);
        int slot = 0;
        var places = new List<Place>();
        foreach (var t in args) { places.Add(Place.InLocals(t, slot)); slot += Types.SlotCount(t); }
        switch (name)
        {
            case "print" or "println":
                for (int i = 0; i < args.Count; i++)
                {
                    if (name == "println" && i > 0) B.Emit(Op.Print, (long)PrintKind.Space);
                    Load(places[i]);
                    B.Emit(Op.Print, (long)PrintKindOf(args[i]));
                }
                if (name == "println") B.Emit(Op.Print, (long)PrintKind.Newline);
                break;
            case "panic": Load(places[0]); EmitPanic(InterfaceType.Empty); break;
            case "close": Load(places[0]); B.Emit(Op.Close); break;
            case "recover": break; // Go: a recover called directly by the runtime (defer recover()) recovers nothing
            case "runtime.GC": B.Emit(Op.Rt, (long)RuntimeId.GC); break;
            case "runtime.Gosched": B.Emit(Op.Rt, (long)RuntimeId.Gosched); break;
            case "runtime.NumGoroutine": B.Emit(Op.Rt, (long)RuntimeId.NumGoroutine); B.Emit(Op.Pop); break;
            case "runtime.GOMAXPROCS": Load(places[0]); B.Emit(Op.Rt, (long)RuntimeId.GoMaxProcs); B.Emit(Op.Pop); break;
            case "os.Exit": Load(places[0]); B.Emit(Op.Rt, (long)RuntimeId.Exit); break;
            case "copy": throw new InvalidOperationException("copy wrapper");
        }
        B.Emit(Op.Ret);
    }

    /// <summary>Declares a wrapper function for a deferred or go'd builtin call and returns its index.</summary>
    int BuiltinWrapper(string name, List<GoType> args, Pos pos)
    {
        _wrapCount++;
        var fi = new FuncInfo { Name = $"{Fn.Name}.{(name == "print" || name == "println" ? "deferwrap" : "deferwrap")}{_wrapCount}", Type = new FuncType(args, [], false), File = Fn.File, Pos = pos };
        var def = G.NewFunc(fi);
        G.Pending.Add((def, fg => fg.EmitBuiltinWrapper(name, args), fi));
        return fi.Index;
    }

    internal static PrintKind PrintKindOf(GoType t) => t.Under switch
    {
        BasicType b when b.Kind == BasicKind.Bool => PrintKind.Bool,
        BasicType b when b.Kind == BasicKind.String => PrintKind.String,
        BasicType b when b.Kind == BasicKind.Float64 => PrintKind.Float,
        BasicType b when Types.IsUnsigned(b) => PrintKind.Uint,
        BasicType => PrintKind.Int,
        PointerType or ChanType or FuncType or MapType => PrintKind.Pointer,
        SliceType => PrintKind.Slice,
        InterfaceType => PrintKind.Eface,
        _ => throw new InvalidOperationException($"print of {t}"),
    };
}
