using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;

namespace Vm.Compiler.Gen;

// Methods, interfaces, equality, hashing and maps (docs/compiler.md "Methods and interfaces", "Maps").
public sealed partial class FuncGen
{
    // ------------------------------------------------------------------ receivers

    /// <summary>Follows an embedded-field path from the object at <paramref name="p"/> (embedded pointers are loaded and
    /// nil-checked, since the next step dereferences them). With <paramref name="ptrRecv"/> (the path leads to a
    /// pointer-receiver method's receiver) the last embedded pointer is not checked: it is the receiver itself, and
    /// a nil one is passed as it is (Go: <c>e.M()</c> with a nil embedded <c>*T</c> calls <c>(*T).M(nil)</c>).</summary>
    Place WalkPath(Place p, List<int> path, bool ptrRecv = false)
    {
        for (int i = 0; i < path.Count; i++)
        {
            var st = (StructType)p.Type.Under;
            var f = st.Fields[path[i]];
            var sub = p.Sub(f.Type, CodeGen.FieldOffset(st, path[i]));
            if (f.Type is not NamedType && f.Type.Under is PointerType fp)
            {
                Load(sub);
                if (!(ptrRecv && i == path.Count - 1)) B.Emit(Op.NilChk);
                p = PtrPlace(fp.Elem);
            }
            else p = sub;
        }
        return p;
    }

    /// <summary>Pushes the receiver found at place <paramref name="p"/> (the object the method's receiver type names)
    /// and returns the function to call: the method itself, or an interface dispatcher.</summary>
    int PushReceiver(Place p, MethodInfo? m, IMethod? im)
    {
        if (im != null)
        {
            Load(p);
            return G.IfaceMethodFunc(im);
        }
        if (m!.PtrRecv)
        {
            if (p.IsLocal) throw new InvalidOperationException("pointer method on a value in locals");
            EmitAddr(p);
        }
        else
        {
            CheckLeaves(p.Type, Fn.Pos);
            Load(p);
        }
        return m.Fn.Index;
    }

    /// <summary>The place of the object a selector's receiver path starts from (x itself, or *x for a pointer).</summary>
    Place RecvBase(SelectorExpr s)
    {
        var xt = s.X.Type;
        if (xt is not NamedType && xt.Under is PointerType pt)
        {
            Emit(s.X);
            return PtrPlace(pt.Elem);
        }
        return PlaceOf(s.X);
    }

    List<GoType> EmitMethodCall(CallExpr call, SelectorExpr ms, CallMode mode)
    {
        var ft = (FuncType)call.Fun.Type.Under;
        var recvPlace = WalkPath(RecvBase(ms), ms.Path, ms.Method is { PtrRecv: true });
        int target = PushReceiver(recvPlace, ms.Method, ms.IfaceMethod);
        // go/defer i.M(): Go evaluates i.M at the statement, so a nil i panics there, not when the call runs.
        if (mode != CallMode.Normal && ms.IfaceMethod != null) EmitIfaceNilCheck();
        EmitArgs(call, ft);
        B.Line(call.Pos.Line);
        if (mode == CallMode.Normal)
        {
            B.Emit(Op.Call, target);
            return ft.Results;
        }
        int sig = M.Funcs[target].Sig;
        B.Emit(Op.LdFn, target);
        switch (mode)
        {
            case CallMode.Go: B.Emit(Op.Go, sig); break;
            case CallMode.DeferStack:
                Def.DeferRecords.Add(sig);
                B.Emit(Op.DeferS, Def.DeferRecords.Count - 1, sig);
                break;
            default: B.Emit(Op.DeferH, sig); break;
        }
        return [];
    }

    /// <summary>x.M as a value (a closure bound to the receiver) or T.M / (*T).M (a function).</summary>
    void EmitMethodValue(SelectorExpr s)
    {
        var ft = (FuncType)s.Type.Under;
        if (s.MethodExpr)
        {
            var recvT = ft.Params[0];
            if (s.IfaceMethod != null && s.Path.Count == 0) { B.Emit(Op.LdFn, G.IfaceMethodFunc(s.IfaceMethod)); return; }
            if (s.Method != null && s.Path.Count == 0 && s.Method.PtrRecv == (recvT.Under is PointerType && recvT is not NamedType)) { B.Emit(Op.LdFn, s.Method.Fn.Index); return; }
            // a thunk: receiver as the first parameter, then the method's
            var fi = new FuncInfo { Name = $"{Fn.Name}.mexpr{++_wrapCount}", Type = ft, File = Fn.File, Pos = s.Pos };
            var def = G.NewFunc(fi);
            var (path, m, im) = (s.Path, s.Method, s.IfaceMethod);
            G.Pending.Add((def, fg => fg.EmitMethodThunk(recvT, path, m, im, ft), fi));
            B.Emit(Op.LdFn, fi.Index);
            return;
        }
        // bound method value: the receiver is evaluated (and copied for a value method) now
        var recvPlace = WalkPath(RecvBase(s), s.Path, s.Method is { PtrRecv: true });
        GoType boxT;
        int box = Temp(SlotKind.Ptr);
        if (s.Method is { PtrRecv: true })
        {
            EmitAddr(recvPlace);
            B.Emit(Op.StLoc, box);
            boxT = new PointerType(recvPlace.Type);
        }
        else
        {
            boxT = new PointerType(recvPlace.Type);
            B.Emit(Op.New, G.TypeIdx(recvPlace.Type));
            B.Emit(Op.StLoc, box);
            CopyPlace(Place.InMem(recvPlace.Type, Op.LdLoc, box, 0, CodeGen.SizeOf(recvPlace.Type)), recvPlace);
        }
        if (s.IfaceMethod != null)
        {
            // Evaluating i.M with a nil i panics (Go's spec: "calling or evaluating x.f" of a nil interface).
            B.Emit(Op.LdLoc, box);
            B.Emit(Op.LdI64, 0);
            B.Emit(Op.LdLoc, box);
            B.Emit(Op.LdI64, 8);
            EmitIfaceNilCheck();
            B.Emit(Op.Pop);
            B.Emit(Op.Pop);
        }
        var wi = new FuncInfo { Name = $"{MethodFuncName(s)}-fm", Type = ft, File = Fn.File, Pos = s.Pos };
        var wdef = G.NewFunc(wi);
        var (mm, imm) = (s.Method, s.IfaceMethod);
        var elemT = recvPlace.Type;
        G.Pending.Add((wdef, fg => fg.EmitBoundWrapper(elemT, mm, imm, ft), wi));
        int ct = G.BoundClosureType(wi, boxT);
        int obj = Temp(SlotKind.Ptr);
        B.Emit(Op.New, ct);
        B.Emit(Op.StLoc, obj);
        B.Emit(Op.LdLoc, obj);
        B.Emit(Op.FnInit, wi.Index);
        B.Emit(Op.LdLoc, obj);
        B.Emit(Op.LdLoc, box);
        B.Emit(Op.StP, 8);
        B.Emit(Op.LdLoc, obj);
    }

    /// <summary>With an interface value (type word, data) on top of the stack, left there: a nil interface (type word
    /// 0) raises the nil dereference Go's call through a nil itab does.</summary>
    void EmitIfaceNilCheck()
    {
        var ok = B.NewLabel();
        B.Emit(Op.Swap);
        B.Emit(Op.Dup);
        B.Emit(Op.LdI, 0);
        B.Emit(Op.Ne);
        B.Emit(Op.BrTrue, ok);
        B.Emit(Op.LdNil);
        B.Emit(Op.LdI64, 0);
        B.Emit(Op.Pop);
        B.Bind(ok);
        B.Emit(Op.Swap);
    }

    static string MethodFuncName(SelectorExpr s) => s.Method != null ? s.Method.Fn.Name : "go.itab." + s.IfaceMethod!.Name;

    /// <summary>Body of x.M's closure: the captured receiver (word 1 of the closure: a pointer to it) and the arguments.</summary>
    public void EmitBoundWrapper(GoType recvT, MethodInfo? m, IMethod? im, FuncType ft)
    {
        B.Line(Fn.Pos.Line);
        int rp = NewLocal(SlotKind.Ptr);
        B.Emit(Op.LdCtx);
        B.Emit(Op.LdP, 8);
        B.Emit(Op.StLoc, rp);
        var place = Place.InMem(recvT, Op.LdLoc, rp, 0, CodeGen.SizeOf(recvT));
        int target = PushReceiver(place, m, im);
        int n = Types.SlotCount(new TupleType(ft.Params));
        for (int i = 0; i < n; i++) B.Emit(Op.LdLoc, i);
        B.Emit(Op.Call, target);
        B.Emit(Op.Ret);
    }

    /// <summary>Body of a method expression thunk: parameter 0 is the receiver (T or *T), then the method's parameters.</summary>
    public void EmitMethodThunk(GoType recvT, List<int> path, MethodInfo? m, IMethod? im, FuncType ft)
    {
        B.Line(Fn.Pos.Line);
        Place start;
        if (recvT is not NamedType && recvT.Under is PointerType pt)
        {
            B.Emit(Op.LdLoc, 0);
            start = PtrPlace(pt.Elem);
        }
        else if (Types.IsAggregate(recvT))
        {
            start = FrameObj(recvT);
            for (int i = 0; i < Types.SlotCount(recvT); i++) B.Emit(Op.LdLoc, i);
            StoreTop(start);
        }
        else start = Place.InLocals(recvT, 0);
        var place = WalkPath(start, path, m is { PtrRecv: true });
        int target = PushReceiver(place, m, im);
        int first = Types.SlotCount(recvT), n = Types.SlotCount(new TupleType(ft.Params));
        for (int i = first; i < n; i++) B.Emit(Op.LdLoc, i);
        B.Emit(Op.Call, target);
        B.Emit(Op.Ret);
    }

    // ------------------------------------------------------------------ generated dispatch

    /// <summary>The member of boxed type t that implements method m, if t's method set has it.</summary>
    Member? MethodOf(GoType t, string name, FuncType sig)
    {
        var mem = G.C.LookupMember(t, name, out bool amb);
        if (mem == null || amb || mem.FieldType != null) return null;
        var msig = mem.Method?.Sig ?? mem.IMethod!.Sig;
        if (!Types.Identical(msig, sig)) return null;
        if (mem.Method is { PtrRecv: true } && !mem.Indirect) return null;
        return mem;
    }

    /// <summary>Where a boxed value of type t starts: the object the data word points to (or holds, for *T).</summary>
    Place? BoxedObject(GoType t, int dataSlot)
    {
        if (t is not NamedType && t.Under is PointerType pt)
        {
            B.Emit(Op.LdLoc, dataSlot);
            return PtrPlace(pt.Elem);
        }
        if (FuncGen.IsDirect(t)) return null;
        return Place.InMem(t, Op.LdLoc, dataSlot, 0, CodeGen.SizeOf(t));
    }

    public void EmitDispatcher(IMethod im)
    {
        B.Line(1);
        int nargs = Types.SlotCount(new TupleType(im.Sig.Params));
        foreach (var t in G.BoxedTypes())
        {
            var mem = MethodOf(t, im.Name, im.Sig);
            if (mem == null) continue;
            var next = B.NewLabel();
            B.Emit(Op.LdLoc, 0);
            B.Emit(Op.LdType, G.TypeIdx(t));
            B.Emit(Op.Ne);
            B.Emit(Op.BrTrue, next);
            int target;
            var obj = BoxedObject(t, 1);
            if (obj == null) { B.Emit(Op.LdLoc, 1); target = mem.Method!.Fn.Index; }
            else target = PushReceiver(WalkPath(obj, mem.Path, mem.Method is { PtrRecv: true }), mem.Method, mem.IMethod);
            for (int i = 0; i < nargs; i++) B.Emit(Op.LdLoc, 2 + i);
            B.Emit(Op.Call, target);
            B.Emit(Op.Ret);
            B.Bind(next);
        }
        if (im.Name == "Error" && im.Sig.Params.Count == 0 && im.Sig.Results.Count == 1 && Types.IsString(im.Sig.Results[0]))
        {
            // a runtime error (type word -1): the data word points to the Error() text
            var next = B.NewLabel();
            B.Emit(Op.LdLoc, 0); B.Emit(Op.LdI, -1); B.Emit(Op.Ne); B.Emit(Op.BrTrue, next);
            B.Emit(Op.LdLoc, 1); B.Emit(Op.LdP, 0);
            B.Emit(Op.LdLoc, 1); B.Emit(Op.LdI64, 8);
            B.Emit(Op.Ret);
            B.Bind(next);
        }
        if (im.Name == "RuntimeError" && im.Sig.Params.Count == 0 && im.Sig.Results.Count == 0)
        {
            var next = B.NewLabel();
            B.Emit(Op.LdLoc, 0); B.Emit(Op.LdI, -1); B.Emit(Op.Ne); B.Emit(Op.BrTrue, next);
            B.Emit(Op.Ret);
            B.Bind(next);
        }
        // a nil interface: a nil dereference, as Go's call through a nil itab
        B.Emit(Op.LdNil);
        B.Emit(Op.LdI64, 0);
        B.Emit(Op.Pop);
        foreach (var r in im.Sig.Results) EmitZero(r);
        B.Emit(Op.Ret);
    }

    static bool RuntimeErrorImplements(InterfaceType it) =>
        it.Methods.All(m => m.Name == "Error" && m.Sig.Params.Count == 0 && m.Sig.Results.Count == 1 && Types.IsString(m.Sig.Results[0])
            || m.Name == "RuntimeError" && m.Sig.Params.Count == 0 && m.Sig.Results.Count == 0);

    public void EmitImplements(InterfaceType it)
    {
        B.Line(1);
        var yes = B.NewLabel();
        foreach (var t in G.BoxedTypes())
        {
            if (G.C.MissingMethod(t, it) != null) continue;
            B.Emit(Op.LdLoc, 0);
            B.Emit(Op.LdType, G.TypeIdx(t));
            B.Emit(Op.Eq);
            B.Emit(Op.BrTrue, yes);
        }
        if (RuntimeErrorImplements(it))
        {
            B.Emit(Op.LdLoc, 0); B.Emit(Op.LdI, -1); B.Emit(Op.Eq); B.Emit(Op.BrTrue, yes);
        }
        B.Emit(Op.LdI, 0);
        B.Emit(Op.Ret);
        B.Bind(yes);
        B.Emit(Op.LdI, 1);
        B.Emit(Op.Ret);
    }

    /// <summary>Panics with a runtime error value (type word -1) whose Error() is <paramref name="msg"/>.</summary>
    void EmitRuntimePanic(string msg)
    {
        int p = Temp(SlotKind.Ptr);
        B.Emit(Op.New, G.TypeIdx(Types.String));
        B.Emit(Op.StLoc, p);
        B.Emit(Op.LdStr, M.InternString(msg));
        StoreTop(Place.InMem(Types.String, Op.LdLoc, p, 0, 16));
        B.Emit(Op.LdI, -1);
        B.Emit(Op.LdLoc, p);
        B.Emit(Op.Panic);
    }

    /// <summary>Compares the values at two places of type t component by component; jumps to <paramref name="ne"/> on a difference.</summary>
    void EmitEqParts(Place a, Place b, GoType t, int ne)
    {
        switch (t.Under)
        {
            case StructType st:
                for (int i = 0; i < st.Fields.Count; i++)
                {
                    if (st.Fields[i].Name == "_") continue;
                    long off = CodeGen.FieldOffset(st, i);
                    EmitEqParts(a.Sub(st.Fields[i].Type, off), b.Sub(st.Fields[i].Type, off), st.Fields[i].Type, ne);
                }
                return;
            case ArrayType at:
            {
                long es = CodeGen.SizeOf(at.Elem);
                for (long i = 0; i < at.Len; i++) EmitEqParts(a.Sub(at.Elem, i * es), b.Sub(at.Elem, i * es), at.Elem, ne);
                return;
            }
        }
        Load(a);
        Load(b);
        EmitCompare(T.Eql, t, false);
        B.Emit(Op.BrFalse, ne);
    }

    public void EmitTypeEq(GoType t)
    {
        B.Line(1);
        var ne = B.NewLabel();
        var size = CodeGen.SizeOf(t);
        EmitEqParts(Place.InMem(t, Op.LdLoc, 0, 0, size), Place.InMem(t, Op.LdLoc, 1, 0, size), t, ne);
        B.Emit(Op.LdI, 1);
        B.Emit(Op.Ret);
        B.Bind(ne);
        B.Emit(Op.LdI, 0);
        B.Emit(Op.Ret);
    }

    public void EmitEfaceEq()
    {
        B.Line(1);
        var yes = B.NewLabel();
        var no = B.NewLabel();
        B.Emit(Op.LdLoc, 0); B.Emit(Op.LdLoc, 2); B.Emit(Op.Ne); B.Emit(Op.BrTrue, no);
        B.Emit(Op.LdLoc, 0); B.Emit(Op.BrFalse, yes);
        foreach (var t in G.BoxedTypes())
        {
            var next = B.NewLabel();
            B.Emit(Op.LdLoc, 0); B.Emit(Op.LdType, G.TypeIdx(t)); B.Emit(Op.Ne); B.Emit(Op.BrTrue, next);
            if (!Types.Comparable(t)) EmitRuntimePanic("runtime error: comparing uncomparable type " + CodeGen.GoName(t));
            else if (IsDirect(t)) { B.Emit(Op.LdLoc, 1); B.Emit(Op.LdLoc, 3); B.Emit(Op.PEq); B.Emit(Op.Ret); }
            else if (Types.IsAggregate(t)) { B.Emit(Op.LdLoc, 1); B.Emit(Op.LdLoc, 3); B.Emit(Op.Call, G.TypeEqFunc(t)); B.Emit(Op.Ret); }
            else
            {
                var size = CodeGen.SizeOf(t);
                EmitEqParts(Place.InMem(t, Op.LdLoc, 1, 0, size), Place.InMem(t, Op.LdLoc, 3, 0, size), t, no);
                B.Emit(Op.Br, yes);
            }
            B.Bind(next);
        }
        // runtime errors and anything else: identity of the data word
        B.Emit(Op.LdLoc, 1); B.Emit(Op.LdLoc, 3); B.Emit(Op.PEq); B.Emit(Op.Ret);
        B.Bind(yes);
        B.Emit(Op.LdI, 1); B.Emit(Op.Ret);
        B.Bind(no);
        B.Emit(Op.LdI, 0); B.Emit(Op.Ret);
    }

    /// <summary>Adds the hash of the value at place p (type t, in memory) into local h.</summary>
    void EmitHashParts(Place p, GoType t, int h)
    {
        switch (t.Under)
        {
            case StructType st:
                for (int i = 0; i < st.Fields.Count; i++)
                    if (st.Fields[i].Name != "_") EmitHashParts(p.Sub(st.Fields[i].Type, CodeGen.FieldOffset(st, i)), st.Fields[i].Type, h);
                return;
            case ArrayType at:
            {
                long es = CodeGen.SizeOf(at.Elem);
                for (long i = 0; i < at.Len; i++) EmitHashParts(p.Sub(at.Elem, i * es), at.Elem, h);
                return;
            }
        }
        B.Emit(Op.LdLoc, h);
        B.Emit(Op.LdI, 1000003);
        B.Emit(Op.Mul);
        switch (t.Under)
        {
            case BasicType { Kind: BasicKind.String }:
                Load(p);
                B.Emit(Op.Rt, (long)RuntimeId.StrHash);
                break;
            case BasicType { Kind: BasicKind.Float64 }:
            {
                // +0 and -0 are equal: hash them alike
                var bits = B.NewLabel();
                var done = B.NewLabel();
                Load(p); B.EmitF(Op.LdF, 0); B.Emit(Op.FNe); B.Emit(Op.BrTrue, bits);
                B.Emit(Op.LdI, 0); B.Emit(Op.Br, done);
                B.Bind(bits);
                EmitBase(p); B.Emit(Op.LdI64, p.Offset);
                B.Bind(done);
                break;
            }
            case InterfaceType:
                Load(p);
                B.Emit(Op.Call, G.EfaceHashFunc());
                break;
            case PointerType or ChanType or FuncType or MapType:
                EmitBase(p); B.Emit(Op.LdI64, p.Offset); // the address as an integer
                break;
            default:
                Load(p);
                break;
        }
        B.Emit(Op.Add);
        B.Emit(Op.StLoc, h);
    }

    public void EmitTypeHash(GoType t)
    {
        B.Line(1);
        int h = NewLocal(SlotKind.Int);
        EmitHashParts(Place.InMem(t, Op.LdLoc, 0, 0, CodeGen.SizeOf(t)), t, h);
        B.Emit(Op.LdLoc, h);
        B.Emit(Op.Ret);
    }

    public void EmitEfaceHash()
    {
        B.Line(1);
        int h = NewLocal(SlotKind.Int);
        var ret = B.NewLabel();
        foreach (var t in G.BoxedTypes())
        {
            var next = B.NewLabel();
            B.Emit(Op.LdLoc, 0); B.Emit(Op.LdType, G.TypeIdx(t)); B.Emit(Op.Ne); B.Emit(Op.BrTrue, next);
            if (!Types.Comparable(t)) EmitRuntimePanic("runtime error: hash of unhashable type " + CodeGen.GoName(t));
            else if (IsDirect(t))
            {
                var cell = FrameObj(new PointerType(Types.Uint8));
                EmitBase(cell); B.Emit(Op.LdLoc, 1); B.Emit(Op.StP, 0);
                EmitBase(cell); B.Emit(Op.LdI64, 0); B.Emit(Op.StLoc, h);
                B.Emit(Op.Br, ret);
            }
            else if (Types.IsAggregate(t)) { B.Emit(Op.LdLoc, 1); B.Emit(Op.Call, G.TypeHashFunc(t)); B.Emit(Op.StLoc, h); B.Emit(Op.Br, ret); }
            else
            {
                EmitHashParts(Place.InMem(t, Op.LdLoc, 1, 0, CodeGen.SizeOf(t)), t, h);
                B.Emit(Op.Br, ret);
            }
            B.Bind(next);
        }
        B.Bind(ret);
        B.Emit(Op.LdLoc, h);
        B.Emit(Op.LdLoc, 0);
        B.Emit(Op.Xor);
        B.Emit(Op.Ret);
    }

    static readonly InterfaceType Stringer = MakeStringer();
    static InterfaceType MakeStringer()
    {
        var it = new InterfaceType();
        it.Methods.Add(new IMethod("String", new FuncType([], [Types.String], false)));
        return it;
    }

    /// <summary>panic(v) with (tw, data) on the stack. If v (static type <paramref name="t"/>) may be an error or a Stringer,
    /// its Error()/String() text is handed to the runtime first, which prints it as Go's printpanicval does.</summary>
    void EmitPanic(GoType t)
    {
        bool mayHaveMethods = t.Under is InterfaceType || t is NamedType { Methods.Count: > 0 } || t.Under is PointerType { Elem: NamedType { Methods.Count: > 0 } };
        if (mayHaveMethods)
        {
            int tw = Temp(SlotKind.Int), d = Temp(SlotKind.Ptr);
            B.Emit(Op.StLoc, d);
            B.Emit(Op.StLoc, tw);
            var notErr = B.NewLabel();
            var done = B.NewLabel();
            var errT = (InterfaceType)Types.Error.Under;
            B.Emit(Op.LdLoc, tw); B.Emit(Op.Call, G.ImplementsFunc(errT)); B.Emit(Op.BrFalse, notErr);
            B.Emit(Op.LdLoc, tw); B.Emit(Op.LdLoc, d);
            B.Emit(Op.LdLoc, tw); B.Emit(Op.LdLoc, d); B.Emit(Op.Call, G.IfaceMethodFunc(errT.Methods[0]));
            B.Emit(Op.Rt, (long)RuntimeId.PanicText);
            B.Emit(Op.Br, done);
            B.Bind(notErr);
            B.Emit(Op.LdLoc, tw); B.Emit(Op.Call, G.ImplementsFunc(Stringer)); B.Emit(Op.BrFalse, done);
            B.Emit(Op.LdLoc, tw); B.Emit(Op.LdLoc, d);
            B.Emit(Op.LdLoc, tw); B.Emit(Op.LdLoc, d); B.Emit(Op.Call, G.IfaceMethodFunc(Stringer.Methods[0]));
            B.Emit(Op.Rt, (long)RuntimeId.PanicText);
            B.Bind(done);
            B.Emit(Op.LdLoc, tw);
            B.Emit(Op.LdLoc, d);
        }
        B.Emit(Op.Panic);
    }

    // ------------------------------------------------------------------ intrinsics (bodiless library functions)

    public void EmitIntrinsic()
    {
        B.Line(Fn.Pos.Line);
        int n = M.Sigs[Def.Sig].Params.Length;
        void Args() { for (int i = 0; i < n; i++) B.Emit(Op.LdLoc, i); }
        var pkg = Fn.Name[..Fn.Name.IndexOf('.')];
        var name = Fn.Name[(Fn.Name.IndexOf('.') + 1)..];
        switch (name)
        {
            case "efacehash": Args(); B.Emit(Op.Call, G.EfaceHashFunc()); break;
            case "efaceeq": Args(); B.Emit(Op.Call, G.EfaceEqFunc()); break;
            case "runtimeError":
            {
                int p = NewLocal(SlotKind.Ptr);
                B.Emit(Op.New, G.TypeIdx(Types.String));
                B.Emit(Op.StLoc, p);
                Args();
                StoreTop(Place.InMem(Types.String, Op.LdLoc, p, 0, 16));
                B.Emit(Op.LdI, -1);
                B.Emit(Op.LdLoc, p);
                break;
            }
            default:
                if (!RuntimeFuncs.TryGet(name.ToLowerInvariant(), out var rf)) throw new InvalidOperationException($"no intrinsic {pkg}.{name}");
                Args();
                B.Emit(Op.Rt, (long)rf.Id);
                break;
        }
        B.Emit(Op.Ret);
    }

    // ------------------------------------------------------------------ maps

    /// <summary>Evaluates m and k of m[k] into temporaries: the place of a map element.</summary>
    Place MapSlot(IndexExpr ix)
    {
        var mt = (MapType)ix.X.Type.Under;
        int m = Temp(SlotKind.Ptr);
        Emit(ix.X);
        B.Emit(Op.StLoc, m);
        var k = TempPlaceFor(InterfaceType.Empty);
        EmitValueAs(ix.Index, InterfaceType.Empty);
        if (!Types.IsInterface(ix.Index.Type)) { } 
        StoreTop(k);
        return new Place { Type = mt.Value, MapLocal = m, MapKey = k.Local };
    }

    int _mapOk = -1;

    /// <summary>Pushes m[k] (the zero value if absent); the ok bool is left in local <see cref="_mapOk"/>.</summary>
    void LoadMapSlot(Place p)
    {
        var vt = p.Type;
        B.Emit(Op.LdLoc, p.MapLocal);
        B.Emit(Op.LdLoc, p.MapKey);
        B.Emit(Op.LdLoc, p.MapKey + 1);
        B.Emit(Op.Call, G.MapFunc("Lookup"));
        int ok = Temp(SlotKind.Int), d = Temp(SlotKind.Ptr), tw = Temp(SlotKind.Int);
        B.Emit(Op.StLoc, ok);
        B.Emit(Op.StLoc, d);
        B.Emit(Op.StLoc, tw);
        _mapOk = ok;
        PushUnboxed(vt, tw, d, ok);
    }

    /// <summary>Pushes the T held by interface words (tw, d) known to hold a T or nothing (ok == 0: the zero T).</summary>
    void PushUnboxed(GoType t, int tw, int d, int ok)
    {
        if (t.Under is InterfaceType) { B.Emit(Op.LdLoc, tw); B.Emit(Op.LdLoc, d); return; }
        if (IsDirect(t)) { B.Emit(Op.LdLoc, d); return; }
        var zero = B.NewLabel();
        var end = B.NewLabel();
        B.Emit(Op.LdLoc, ok);
        B.Emit(Op.BrFalse, zero);
        Load(Place.InMem(t, Op.LdLoc, d, 0, CodeGen.SizeOf(t)));
        B.Emit(Op.Br, end);
        B.Bind(zero);
        EmitZero(t);
        B.Bind(end);
    }

    /// <summary>Pops a value of the map's element type and stores it as m[k].</summary>
    void StoreMapSlot(Place p)
    {
        ConvertTop(p.Type, InterfaceType.Empty);
        int vt = Temp(SlotKind.Int), vd = Temp(SlotKind.Ptr);
        B.Emit(Op.StLoc, vd);
        B.Emit(Op.StLoc, vt);
        B.Emit(Op.LdLoc, p.MapLocal);
        B.Emit(Op.LdLoc, p.MapKey);
        B.Emit(Op.LdLoc, p.MapKey + 1);
        B.Emit(Op.LdLoc, vt);
        B.Emit(Op.LdLoc, vd);
        B.Emit(Op.Call, G.MapFunc("Store"));
    }

    void EmitMakeMap(Expr? hint)
    {
        if (hint != null) EmitValueAs(hint, Types.Int); else B.Emit(Op.LdI, 0);
        B.Emit(Op.Call, G.MapFunc("Make"));
    }

    void EmitMapLiteral(CompositeLit cl)
    {
        var mt = (MapType)cl.Type.Under;
        int m = Temp(SlotKind.Ptr);
        B.Emit(Op.LdI, cl.Elts.Count);
        B.Emit(Op.Call, G.MapFunc("Make"));
        B.Emit(Op.StLoc, m);
        foreach (KeyValue kv in cl.Elts)
        {
            B.Emit(Op.LdLoc, m);
            EmitElemAs(kv.Key, mt.Key);
            ConvertTop(mt.Key, InterfaceType.Empty);
            EmitElemAs(kv.Value, mt.Value);
            ConvertTop(mt.Value, InterfaceType.Empty);
            B.Emit(Op.Call, G.MapFunc("Store"));
        }
        B.Emit(Op.LdLoc, m);
    }

    /// <summary>A composite literal element converted to t (elided &amp;T{...} included).</summary>
    void EmitElemAs(Expr e, GoType t)
    {
        if (Unparen(e) is CompositeLit inner && _elidedPtr(inner)) { Emit(inner); return; }
        if (Types.IsAggregate(t) && e.Type.Under is not InterfaceType) { Load(PlaceOf(e)); return; }
        EmitValueAs(e, t);
    }
}
