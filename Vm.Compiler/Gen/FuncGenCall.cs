using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;

namespace Vm.Compiler.Gen;

public sealed partial class FuncGen
{
    /// <summary>Emits a call (or conversion, or builtin). For a normal call returns the types of the pushed results.</summary>
    List<GoType> EmitCall(CallExpr call, CallMode mode)
    {
        var f = call.Fun.Info!;
        if (f.Mode == Mode.Type)
        {
            EmitConversion(call);
            return [call.Type];
        }
        if (f.Mode == Mode.Builtin)
        {
            var name = ((BuiltinObj)f.Obj!).Name;
            if (mode != CallMode.Normal) { EmitDeferredBuiltin(call, name, mode); return []; }
            return EmitBuiltin(call, name);
        }
        if (Unparen(call.Fun) is SelectorExpr { TestingMethod: { } method } tsel) return EmitTestingCall(call, tsel, method, mode);
        if (Unparen(call.Fun) is SelectorExpr { MethodExpr: false } ms && (ms.Method != null || ms.IfaceMethod != null)) return EmitMethodCall(call, ms, mode);
        var ft = (FuncType)call.Fun.Type.Under;
        var fun = Unparen(call.Fun);
        if (fun is SelectorExpr { X: Ident { Ref: PkgObj } } qf) fun = qf.Sel;
        // the function value: static functions and literals are pushed after the arguments;
        // any other value is evaluated first (Go's order) into a temp
        int fnTemp = -1;
        bool isStatic = fun is Ident { Ref: FuncObj } || fun is FuncLit { Fn.Kind: LitKind.Static };
        bool pure = isStatic || fun is FuncLit || fun is Ident { Ref: VarObj };
        if (!pure)
        {
            Emit(call.Fun);
            fnTemp = Temp(SlotKind.Ptr);
            B.Emit(Op.StLoc, fnTemp);
        }
        EmitArgs(call, ft);
        B.Line(call.Pos.Line);
        int sig = G.SigOf(ft);
        if (mode == CallMode.Normal && isStatic)
        {
            int idx = fun is Ident { Ref: FuncObj fo } ? fo.Fn.Index : ((FuncLit)fun).Fn.Index;
            B.Emit(Op.Call, idx);
            return ft.Results;
        }
        if (fnTemp >= 0) B.Emit(Op.LdLoc, fnTemp);
        else if (fun is FuncLit fl) EmitFuncLit(fl);
        else Emit(fun);
        B.Line(call.Pos.Line);
        switch (mode)
        {
            case CallMode.Normal:
                B.Emit(Op.CallInd, sig);
                return ft.Results;
            case CallMode.Go: B.Emit(Op.Go, sig); break;
            case CallMode.DeferStack:
                Def.DeferRecords.Add(sig);
                B.Emit(Op.DeferS, Def.DeferRecords.Count - 1, sig);
                break;
            case CallMode.DeferHeap: B.Emit(Op.DeferH, sig); break;
        }
        return [];
    }

    /// <summary>Pushes the arguments, converted to the parameter types; packs variadic extras into a new slice.</summary>
    void EmitArgs(CallExpr call, FuncType ft)
    {
        var pars = ft.Params;
        if (call.Args.Count == 1 && call.Args[0].Type is TupleType tt)
        {
            // f(g()): g's results become f's arguments
            EmitCall((CallExpr)Unparen(call.Args[0]), CallMode.Normal);
            if (!ft.Variadic)
            {
                // convert in place where needed (boxing)
                if (tt.Types.Select((t, i) => (t, i)).Any(x => pars[x.i].Under is InterfaceType && x.t.Under is not InterfaceType))
                {
                    var temps = new List<Place>();
                    for (int i = tt.Types.Count - 1; i >= 0; i--) { var p = TempPlaceFor(tt.Types[i]); StoreTop(p); temps.Insert(0, p); }
                    for (int i = 0; i < tt.Types.Count; i++) LoadConverted(temps[i], pars[i]);
                }
                return;
            }
            var vt = ((SliceType)pars[^1]).Elem;
            int fixedN = pars.Count - 1;
            var tmps = new List<Place>();
            for (int i = tt.Types.Count - 1; i >= 0; i--) { var p = TempPlaceFor(tt.Types[i]); StoreTop(p); tmps.Insert(0, p); }
            for (int i = 0; i < fixedN; i++) LoadConverted(tmps[i], pars[i]);
            PackVariadic(vt, tmps.Count - fixedN, k => LoadConverted(tmps[fixedN + k], vt));
            return;
        }
        if (!ft.Variadic || call.HasDots)
        {
            for (int i = 0; i < call.Args.Count; i++)
            {
                CheckLeaves(pars[i], call.Args[i].Pos);
                EmitValueAs(call.Args[i], pars[i]);
            }
            return;
        }
        int nfixed = pars.Count - 1;
        for (int i = 0; i < nfixed; i++) EmitValueAs(call.Args[i], pars[i]);
        var et = ((SliceType)pars[^1]).Elem;
        int extra = call.Args.Count - nfixed;
        if (extra == 0) { B.Emit(Op.LdNil); B.Emit(Op.LdI, 0); B.Emit(Op.LdI, 0); return; }
        PackVariadic(et, extra, k => EmitValueAs(call.Args[nfixed + k], et));
    }

    void PackVariadic(GoType et, int n, Action<int> pushElem)
    {
        if (n == 0) { B.Emit(Op.LdNil); B.Emit(Op.LdI, 0); B.Emit(Op.LdI, 0); return; }
        int p = Temp(SlotKind.Ptr);
        B.Emit(Op.LdI, n);
        B.Emit(Op.NewArr, G.TypeIdx(et));
        B.Emit(Op.StLoc, p);
        long es = CodeGen.SizeOf(et);
        for (int k = 0; k < n; k++)
        {
            pushElem(k);
            StoreTop(Place.InMem(et, Op.LdLoc, p, k * es, es * n));
        }
        B.Emit(Op.LdLoc, p);
        B.Emit(Op.LdI, n);
        B.Emit(Op.LdI, n);
    }

    void EmitDeferredBuiltin(CallExpr call, string name, CallMode mode)
    {
        // arguments are evaluated now; a wrapper function runs the builtin later
        var types = new List<GoType>();
        foreach (var a in call.Args)
        {
            var t = name == "panic" ? InterfaceType.Empty : a.Type;
            if (name is "runtime.GOMAXPROCS" or "os.Exit") t = Types.Int;
            if (t is TupleType) throw Unsupported(a.Pos, "multi-value argument to a deferred builtin");
            EmitValueAs(a, t);
            types.Add(t);
        }
        if (name is "append" or "copy" or "len" or "cap" or "make" or "new") throw Unsupported(call.Pos, $"{name} in a go or defer statement");
        int w = BuiltinWrapper(name, types, call.Pos);
        B.Emit(Op.LdFn, w);
        B.Line(call.Pos.Line);
        int sig = M.Funcs[w].Sig;
        switch (mode)
        {
            case CallMode.Go: B.Emit(Op.Go, sig); break;
            case CallMode.DeferStack:
                Def.DeferRecords.Add(sig);
                B.Emit(Op.DeferS, Def.DeferRecords.Count - 1, sig);
                break;
            default: B.Emit(Op.DeferH, sig); break;
        }
    }

    List<GoType> EmitBuiltin(CallExpr call, string name)
    {
        var args = call.Args;
        switch (name)
        {
            case "len" or "cap":
            {
                if (call.Info!.Const is { } c) { EmitConst(c, Types.Int); return [Types.Int]; }
                var t = args[0].Type.Under;
                switch (t)
                {
                    case BasicType:
                        Emit(args[0]); B.Emit(Op.Swap); B.Emit(Op.Pop);
                        break;
                    case SliceType:
                        Emit(args[0]);
                        if (name == "len") { B.Emit(Op.Pop); B.Emit(Op.Swap); B.Emit(Op.Pop); }
                        else { B.Emit(Op.Swap); B.Emit(Op.Pop); B.Emit(Op.Swap); B.Emit(Op.Pop); }
                        break;
                    case ChanType:
                        Emit(args[0]);
                        B.Emit(Op.Rt, (long)(name == "len" ? RuntimeId.ChanLen : RuntimeId.ChanCap));
                        break;
                    case MapType:
                        Emit(args[0]);
                        B.Emit(Op.Call, G.MapFunc("Len"));
                        break;
                    case ArrayType at:
                        EmitDiscard(args[0]);
                        B.Emit(Op.LdI, at.Len);
                        break;
                    case PointerType { Elem.Under: ArrayType pa }:
                        EmitDiscard(args[0]);
                        B.Emit(Op.LdI, pa.Len);
                        break;
                    default: throw Unsupported(call.Pos, $"{name} of {t}");
                }
                return [Types.Int];
            }
            case "append": return [EmitAppend(call)];
            case "copy":
            {
                var dt = (SliceType)args[0].Type.Under;
                Emit(args[0]);
                Emit(args[1]);
                if (Types.IsString(args[1].Type)) B.Emit(Op.Dup); // a string (p, len) as a slice (p, len, len)
                B.Line(call.Pos.Line);
                B.Emit(Op.SlCopy, G.TypeIdx(dt.Elem));
                return [Types.Int];
            }
            case "make":
            {
                var t = args[0].Info!.Type;
                if (t.Under is MapType) { EmitMakeMap(args.Count > 1 ? args[1] : null); return [t]; }
                if (t.Under is ChanType ct)
                {
                    if (args.Count > 1) EmitValueAs(args[1], Types.Int); else B.Emit(Op.LdI, 0);
                    B.Line(call.Pos.Line);
                    B.Emit(Op.MakeChan, G.TypeIdx(ct.Elem));
                    return [t];
                }
                var st = (SliceType)t.Under;
                int n = Temp(SlotKind.Int), c = Temp(SlotKind.Int);
                EmitValueAs(args[1], Types.Int);
                B.Emit(Op.StLoc, n);
                if (args.Count > 2) { EmitValueAs(args[2], Types.Int); B.Emit(Op.StLoc, c); }
                else { B.Emit(Op.LdLoc, n); B.Emit(Op.StLoc, c); }
                if (args.Count > 2)
                {
                    // len > cap panics like Go's makeslice: newarr of a negative count
                    var okL = B.NewLabel();
                    B.Emit(Op.LdLoc, n); B.Emit(Op.LdLoc, c); B.Emit(Op.LeU); B.Emit(Op.BrTrue, okL);
                    B.Emit(Op.LdI, -1); B.Emit(Op.StLoc, c);
                    B.Bind(okL);
                }
                B.Emit(Op.LdLoc, c);
                B.Line(call.Pos.Line);
                B.Emit(Op.NewArr, G.TypeIdx(st.Elem));
                B.Emit(Op.LdLoc, n);
                B.Emit(Op.LdLoc, c);
                return [t];
            }
            case "new":
                B.Line(call.Pos.Line);
                B.Emit(Op.New, G.TypeIdx(args[0].Info!.Type));
                return [call.Type];
            case "panic":
                EmitValueAs(args[0], InterfaceType.Empty);
                B.Line(call.Pos.Line);
                EmitPanic(args[0].Info!.Mode == Mode.Nil ? InterfaceType.Empty : args[0].Type);
                return [];
            case "print" or "println" when args.Count == 1 && args[0].Type is TupleType tt:
            {
                var types = EmitCall((CallExpr)Unparen(args[0]), CallMode.Normal);
                var temps = new List<Place>();
                for (int i = types.Count - 1; i >= 0; i--) { var p = TempPlaceFor(types[i]); StoreTop(p); temps.Insert(0, p); }
                for (int i = 0; i < types.Count; i++)
                {
                    if (name == "println" && i > 0) B.Emit(Op.Print, (long)PrintKind.Space);
                    Load(temps[i]);
                    B.Emit(Op.Print, (long)PrintKindOf(types[i]));
                }
                if (name == "println") B.Emit(Op.Print, (long)PrintKind.Newline);
                return [];
            }
            case "print" or "println":
            {
                // Go evaluates every operand before printing any (println("x", f()) prints what f
                // prints first), so with several operands they go to temporaries first.
                var temps = new List<Place>();
                if (args.Count > 1)
                    foreach (var a in args) { Emit(a); var p = TempPlaceFor(a.Type); StoreTop(p); temps.Add(p); }
                for (int i = 0; i < args.Count; i++)
                {
                    if (name == "println" && i > 0) B.Emit(Op.Print, (long)PrintKind.Space);
                    if (temps.Count > 0) Load(temps[i]); else Emit(args[i]);
                    B.Emit(Op.Print, (long)PrintKindOf(args[i].Type));
                }
                if (name == "println") B.Emit(Op.Print, (long)PrintKind.Newline);
                return [];
            }
            case "delete":
                Emit(args[0]);
                EmitValueAs(args[1], ((MapType)args[0].Type.Under).Key);
                ConvertTop(((MapType)args[0].Type.Under).Key, InterfaceType.Empty);
                B.Emit(Op.Call, G.MapFunc("Delete"));
                return [];
            case "recover":
                B.Emit(Op.Recover);
                return [InterfaceType.Empty];
            case "close":
                Emit(args[0]);
                B.Line(call.Pos.Line);
                B.Emit(Op.Close);
                return [];
            case "runtime.GC": B.Emit(Op.Rt, (long)RuntimeId.GC); return [];
            case "runtime.Gosched": B.Emit(Op.Rt, (long)RuntimeId.Gosched); return [];
            case "runtime.NumGoroutine": B.Emit(Op.Rt, (long)RuntimeId.NumGoroutine); return [Types.Int];
            case "runtime.GOMAXPROCS": EmitValueAs(args[0], Types.Int); B.Emit(Op.Rt, (long)RuntimeId.GoMaxProcs); return [Types.Int];
            case "os.Exit": EmitValueAs(args[0], Types.Int); B.Emit(Op.Rt, (long)RuntimeId.Exit); return [];
            case "testing.Short": EmitTestingQuery(TestOp.Short); return [Types.Bool];
            case "testing.Verbose": EmitTestingQuery(TestOp.Verbose); return [Types.Bool];
        }
        throw Unsupported(call.Pos, $"builtin {name}");
    }

    GoType EmitAppend(CallExpr call)
    {
        var args = call.Args;
        var st = (SliceType)call.Type.Under;
        var et = st.Elem;
        int eIdx = G.TypeIdx(et);
        int p = Temp(SlotKind.Ptr), l = Temp(SlotKind.Int), c = Temp(SlotKind.Int);
        Emit(args[0]);
        B.Emit(Op.StLoc, c); B.Emit(Op.StLoc, l); B.Emit(Op.StLoc, p);
        if (call.HasDots)
        {
            // append(s, t...): grow to len(s)+len(t), then copy t after the old elements
            int tp = Temp(SlotKind.Ptr), tl = Temp(SlotKind.Int), tc = Temp(SlotKind.Int);
            if (args[1].Info!.Mode == Mode.Nil) { B.Emit(Op.LdNil); B.Emit(Op.LdI, 0); B.Emit(Op.LdI, 0); }
            else
            {
                Emit(args[1]);
                if (Types.IsString(args[1].Type)) B.Emit(Op.Dup);
            }
            B.Emit(Op.StLoc, tc); B.Emit(Op.StLoc, tl); B.Emit(Op.StLoc, tp);
            B.Emit(Op.LdLoc, p); B.Emit(Op.LdLoc, l); B.Emit(Op.LdLoc, c);
            B.Emit(Op.LdLoc, l); B.Emit(Op.LdLoc, tl); B.Emit(Op.Add);
            B.Line(call.Pos.Line);
            B.Emit(Op.Grow, eIdx);
            int np = Temp(SlotKind.Ptr), nl = Temp(SlotKind.Int), nc = Temp(SlotKind.Int);
            B.Emit(Op.StLoc, nc); B.Emit(Op.StLoc, nl); B.Emit(Op.StLoc, np);
            B.Emit(Op.LdLoc, np); B.Emit(Op.LdLoc, nl); B.Emit(Op.LdLoc, nc);
            B.Emit(Op.LdLoc, l); B.Emit(Op.LdLoc, nl); B.Emit(Op.LdLoc, nc);
            B.Emit(Op.SSlice, eIdx, (long)SliceForm.Simple);
            B.Emit(Op.LdLoc, tp); B.Emit(Op.LdLoc, tl); B.Emit(Op.LdLoc, tc);
            B.Emit(Op.SlCopy, eIdx);
            B.Emit(Op.Pop);
            B.Emit(Op.LdLoc, np); B.Emit(Op.LdLoc, nl); B.Emit(Op.LdLoc, nc);
            return call.Type;
        }
        int k = args.Count - 1;
        if (k == 0) { B.Emit(Op.LdLoc, p); B.Emit(Op.LdLoc, l); B.Emit(Op.LdLoc, c); return call.Type; }
        // the new elements are evaluated before the slice grows (Go's order)
        var vals = new List<Place>();
        for (int i = 1; i < args.Count; i++) vals.Add(EvalToTemp(args[i], et));
        B.Emit(Op.LdLoc, p); B.Emit(Op.LdLoc, l); B.Emit(Op.LdLoc, c);
        B.Emit(Op.LdLoc, l); B.Emit(Op.LdI, k); B.Emit(Op.Add);
        B.Line(call.Pos.Line);
        B.Emit(Op.Grow, eIdx);
        int gp = Temp(SlotKind.Ptr), gl = Temp(SlotKind.Int), gc = Temp(SlotKind.Int);
        B.Emit(Op.StLoc, gc); B.Emit(Op.StLoc, gl); B.Emit(Op.StLoc, gp);
        for (int i = 0; i < k; i++)
        {
            B.Emit(Op.LdLoc, gp); B.Emit(Op.LdLoc, gl); B.Emit(Op.LdLoc, gc);
            B.Emit(Op.LdLoc, l); B.Emit(Op.LdI, i); B.Emit(Op.Add);
            B.Emit(Op.SIdx, eIdx);
            var dst = PtrPlace(et);
            CopyPlace(dst, vals[i]);
        }
        B.Emit(Op.LdLoc, gp); B.Emit(Op.LdLoc, gl); B.Emit(Op.LdLoc, gc);
        return call.Type;
    }

    void EmitConversion(CallExpr call)
    {
        var to = call.Type;
        var x = call.Args[0];
        if (call.Info!.Const is { } c && call.Info.Mode == Mode.Const) { EmitConst(c, to); return; }
        var from = x.Type;
        if (x.Info!.Mode == Mode.Nil) { EmitZero(to); return; }
        if (to.Under is InterfaceType) { EmitValueAs(x, to); return; }
        var fu = from.Under; var tu = to.Under;
        if (Types.IsString(to) && Types.IsInteger(from))
        {
            Emit(x);
            B.Emit(Op.Rt, (long)RuntimeId.IntString);
            return;
        }
        if (Types.IsString(to) && fu is SliceType fs)
        {
            Emit(x);
            B.Emit(Op.Rt, (long)(Types.Kind(fs.Elem) == BasicKind.Int32 ? RuntimeId.RunesToString : RuntimeId.BytesToString));
            return;
        }
        if (tu is SliceType ts && Types.IsString(from))
        {
            Emit(x);
            B.Emit(Op.Rt, (long)(Types.Kind(ts.Elem) == BasicKind.Int32 ? RuntimeId.StringToRunes : RuntimeId.StringToBytes));
            return;
        }
        if (Types.IsNumeric(to) && Types.IsNumeric(from))
        {
            Emit(x);
            bool fromF = Types.IsFloat(from), toF = Types.IsFloat(to);
            if (fromF && toF) return;
            if (!fromF && toF)
            {
                var k = Types.Kind(from);
                B.Emit(k is BasicKind.Uint or BasicKind.Uint64 or BasicKind.Uintptr ? Op.U2F : Op.I2F);
                return;
            }
            if (fromF && !toF)
            {
                var k = Types.Kind(to);
                B.Emit(k is BasicKind.Uint or BasicKind.Uint64 or BasicKind.Uintptr ? Op.F2U : Op.F2I);
                Wrap(to);
                return;
            }
            Wrap(to);
            return;
        }
        if (Types.IsAggregate(to)) { Load(PlaceOf(x)); return; }
        Emit(x);
    }
}
