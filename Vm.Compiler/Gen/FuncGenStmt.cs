using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;

namespace Vm.Compiler.Gen;

public sealed partial class FuncGen
{
    void EmitStmts(List<Stmt> stmts)
    {
        foreach (var s in stmts) EmitStmt(s);
    }

    void EmitStmt(Stmt s)
    {
        var mark = TempMark();
        if (s is not Block) B.Line(s.Pos.Line);
        switch (s)
        {
            case EmptyStmt: break;
            case Block b: EmitStmts(b.Stmts); break;
            case ExprStmt es: EmitDiscard(es.X); break;
            case SendStmt ss: EmitSend(ss.Chan, ss.Value); break;
            case IncDecStmt ids:
            {
                var p = LvalPlace(ids.X);
                Load(p);
                var t = ids.X.Type;
                if (Types.IsFloat(t)) { B.EmitF(Op.LdF, 1.0); B.Emit(ids.Inc ? Op.FAdd : Op.FSub); }
                else { B.Emit(Op.LdI, 1); B.Emit(ids.Inc ? Op.Add : Op.Sub); Wrap(t); }
                StoreTop(p);
                break;
            }
            case AssignStmt a: EmitAssign(a); break;
            case GoStmt g: EmitCall(g.Call, CallMode.Go); break;
            case DeferStmt d: EmitCall(d.Call, d.InLoop ? CallMode.DeferHeap : CallMode.DeferStack); break;
            case ReturnStmt r: EmitReturn(r); break;
            case BranchStmt br: EmitBranch(br); break;
            case LabeledStmt ls:
            {
                B.Bind(GotoLabel(ls.Label.Name));
                _pendingLabelStmt = ls.Stmt;
                EmitStmt(ls.Stmt);
                break;
            }
            case DeclStmt ds: EmitDecl((GenDecl)ds.Decl); break;
            case IfStmt i:
            {
                if (i.Init != null) EmitStmt(i.Init);
                var els = B.NewLabel();
                var end = B.NewLabel();
                EmitCond(i.Cond, els, false);
                EmitStmts(i.Then.Stmts);
                if (i.Else != null)
                {
                    B.Emit(Op.Br, end);
                    B.Bind(els);
                    EmitStmt(i.Else);
                }
                else B.Bind(els);
                B.Bind(end);
                break;
            }
            case ForStmt f: EmitFor(f); break;
            case RangeStmt r: EmitRange(r); break;
            case SwitchStmt sw: EmitSwitch(sw); break;
            case TypeSwitchStmt ts: EmitTypeSwitch(ts); break;
            case SelectStmt sel: EmitSelect(sel); break;
            default: throw Unsupported(s.Pos, s.GetType().Name);
        }
        ReleaseTemps(mark);
    }

    Stmt? _pendingLabelStmt;

    int GotoLabel(string name)
    {
        if (!_gotoLabels.TryGetValue(name, out var l)) { l = B.NewLabel(); _gotoLabels[name] = l; }
        return l;
    }

    void EmitBranch(BranchStmt br)
    {
        switch (br.Tok)
        {
            case T.Goto: B.Emit(Op.Br, GotoLabel(br.Label!.Name)); break;
            case T.Fallthrough: B.Emit(Op.Br, _fallthroughTarget); break;
            case T.Break:
            case T.Continue:
                foreach (var (stmt, brk, cont) in Enumerable.Reverse(_targets))
                    if (stmt == br.Target) { B.Emit(Op.Br, br.Tok == T.Break ? brk : cont); return; }
                throw new InvalidOperationException("branch target not found");
        }
    }

    int _fallthroughTarget = -1;

    void EmitDecl(GenDecl gd)
    {
        if (gd.Tok != T.Var) return; // constants and types generate no code
        foreach (var vs in gd.Values)
        {
            var vars = vs.Names.Select(n => (VarObj)n.Ref!).ToList();
            if (vs.Values.Count == 0)
            {
                foreach (var v in vars) if (v.Name != "_") DeclareVar(v);
                continue;
            }
            if (vs.Values.Count == vars.Count)
            {
                // evaluate every value before declaring (the new names are not in scope in the values)
                if (vars.Count == 1)
                {
                    if (vars[0].Name == "_") { EmitDiscardAs(vs.Values[0], vars[0].Type); continue; }
                    var p = DeclareVar(vars[0], zero: false);
                    StoreExpr(p, vs.Values[0], isFresh: true);
                    continue;
                }
                var temps = new List<Place>();
                for (int i = 0; i < vars.Count; i++) temps.Add(EvalToTemp(vs.Values[i], vars[i].Type));
                for (int i = 0; i < vars.Count; i++)
                {
                    if (vars[i].Name == "_") continue;
                    var p = DeclareVar(vars[i], zero: false);
                    CopyPlace(p, temps[i]);
                }
                continue;
            }
            var types = EmitMulti(vs.Values[0], vars.Count);
            var dst = new Place?[vars.Count];
            for (int i = vars.Count - 1; i >= 0; i--)
            {
                if (vars[i].Name == "_") { PopValue(types[i]); continue; }
                var tmp = TempPlaceFor(types[i]);
                StoreTopAggregateAware(tmp, types[i]);
                dst[i] = tmp;
            }
            for (int i = 0; i < vars.Count; i++)
            {
                if (dst[i] == null) continue;
                var p = DeclareVar(vars[i], zero: false);
                LoadConverted(dst[i]!, vars[i].Type);
                StoreTopAggregateAware(p, vars[i].Type);
            }
        }
    }

    void EmitReturn(ReturnStmt r)
    {
        var results = Fn.Type.Results;
        if (_epilogue < 0)
        {
            if (r.Results.Count == 0)
            {
                foreach (var v in Fn.Results) if (Fn.NamedResults) Load(VarPlace(v, v.Pos));
                B.Emit(Op.Ret);
                return;
            }
            if (r.Results.Count == 1 && results.Count > 1)
            {
                EmitMulti(r.Results[0], results.Count);
                B.Emit(Op.Ret);
                return;
            }
            for (int i = 0; i < results.Count; i++) EmitValueAs(r.Results[i], results[i]);
            B.Line(r.Pos.Line);
            B.Emit(Op.Ret);
            return;
        }
        // with defers: results go to their variables, the epilogue runs the deferred calls and returns them
        if (r.Results.Count > 0)
        {
            if (r.Results.Count == 1 && results.Count > 1)
            {
                var types = EmitMulti(r.Results[0], results.Count);
                for (int i = results.Count - 1; i >= 0; i--) StoreTopAggregateAware(VarPlace(Fn.Results[i], r.Pos), results[i]);
            }
            else if (results.Count == 1)
                StoreExpr(VarPlace(Fn.Results[0], r.Pos), r.Results[0], isFresh: false);
            else
            {
                var temps = new List<Place>();
                for (int i = 0; i < results.Count; i++) temps.Add(EvalToTemp(r.Results[i], results[i]));
                for (int i = 0; i < results.Count; i++) CopyPlace(VarPlace(Fn.Results[i], r.Pos), temps[i]);
            }
        }
        B.Emit(Op.Br, _epilogue);
    }

    // ------------------------------------------------------------------ assignment

    void EmitAssign(AssignStmt a)
    {
        if (a.Op is not (T.Assign or T.Define))
        {
            var p = LvalPlace(a.Lhs[0]);
            var t = a.Lhs[0].Type;
            Load(p);
            EmitBinaryOp(Checkerless(a.Op), t, a.Rhs[0], a.Pos);
            StoreTop(p);
            return;
        }
        int n = a.Lhs.Count;
        if (a.Rhs.Count == 1 && n > 1)
        {
            // v1, v2 = f() / v, ok = <-c / v, ok = x.(T)
            var places = new Place?[n];
            for (int i = 0; i < n; i++) places[i] = TargetPlace(a, i);
            var types = EmitMulti(a.Rhs[0], n);
            for (int i = n - 1; i >= 0; i--)
            {
                if (places[i] == null) { PopValue(types[i]); continue; }
                var tmp = TempPlaceFor(types[i]);
                StoreTopAggregateAware(tmp, types[i]);
                places[i] = places[i]!.Type == Types.Invalid ? null : places[i];
                _pendingStores.Add((i, tmp, types[i]));
            }
            foreach (var (i, tmp, t) in _pendingStores.OrderBy(x => x.i))
                if (places[i] != null) { LoadConverted(tmp, places[i]!.Type); StoreTopAggregateAware(places[i]!, places[i]!.Type); }
            _pendingStores.Clear();
            return;
        }
        if (n == 1)
        {
            var p = TargetPlace(a, 0);
            if (p == null) { EmitDiscardAs(a.Rhs[0], a.Rhs[0].Type); return; }
            StoreExpr(p, a.Rhs[0], isFresh: a.Op == T.Define && a.IsNew[0]);
            return;
        }
        // parallel assignment: operands of the left, then every value, then the stores left to right
        var lhs = new Place?[n];
        for (int i = 0; i < n; i++) lhs[i] = TargetPlace(a, i);
        var vals = new List<Place?>();
        for (int i = 0; i < n; i++)
        {
            if (lhs[i] == null) { EmitDiscard(a.Rhs[i]); vals.Add(null); continue; }
            vals.Add(EvalToTemp(a.Rhs[i], lhs[i]!.Type));
        }
        for (int i = 0; i < n; i++) if (lhs[i] != null) CopyPlace(lhs[i]!, vals[i]!);
    }

    readonly List<(int i, Place tmp, GoType t)> _pendingStores = [];

    /// <summary>The place an assignment writes; new variables of := are declared here. Null for _.</summary>
    Place? TargetPlace(AssignStmt a, int i)
    {
        var e = a.Lhs[i];
        if (e is Ident { Name: "_" }) return null;
        if (a.Op == T.Define && a.IsNew.Length > i && a.IsNew[i]) return DeclareVar((VarObj)((Ident)e).Ref!, zero: false);
        return LvalPlace(e);
    }

    static T Checkerless(T op) => op switch
    {
        T.AddAssign => T.Add, T.SubAssign => T.Sub, T.MulAssign => T.Mul, T.QuoAssign => T.Quo, T.RemAssign => T.Rem,
        T.AndAssign => T.And, T.OrAssign => T.Or, T.XorAssign => T.Xor, T.ShlAssign => T.Shl, T.ShrAssign => T.Shr,
        T.AndNotAssign => T.AndNot, _ => op,
    };

    /// <summary>Evaluates e converted to t into a fresh temporary place.</summary>
    Place EvalToTemp(Expr e, GoType t)
    {
        if (Types.IsAggregate(t))
        {
            var tmp = FrameObj(t);
            StoreExpr(tmp, e, isFresh: true);
            return tmp;
        }
        EmitValueAs(e, t);
        var p = TempPlaceFor(t);
        StoreTop(p);
        return p;
    }

    void CopyPlace(Place dst, Place src)
    {
        if (Types.IsAggregate(dst.Type)) { CopyInto(dst, src); return; }
        Load(src);
        StoreTop(dst);
    }

    /// <summary>Stores the value on the stack (type t, aggregates as leaves) into a place.</summary>
    void StoreTopAggregateAware(Place p, GoType t) => StoreTop(p);

    /// <summary>Loads a place's value converted to type t (interface boxing).</summary>
    void LoadConverted(Place src, GoType t)
    {
        Load(src);
        ConvertTop(src.Type, t);
    }

    void StoreConverted(Place dst, GoType from)
    {
        ConvertTop(from, dst.Type);
        StoreTop(dst);
    }

    /// <summary>Stores expression e (converted to the place's type) into a place.</summary>
    void StoreExpr(Place dst, Expr e, bool isFresh)
    {
        var t = dst.Type;
        if (Types.IsAggregate(t))
        {
            var inner = Unparen(e);
            if (inner is CompositeLit cl && isFresh) { EmitCompositeInto(cl, dst); return; }
            var src = PlaceOf(e);
            CopyInto(dst, src);
            return;
        }
        if (dst.IsLocal || dst.IsMap) { EmitValueAs(e, t); StoreTop(dst); return; }
        var leaves = LeavesOf(t);
        if (leaves.Count == 1)
        {
            EmitBase(dst);
            EmitValueAs(e, t);
            B.Emit(leaves[0].st, dst.Offset + leaves[0].off);
            return;
        }
        EmitValueAs(e, t);
        StoreTop(dst);
    }

    void PopValue(GoType t)
    {
        int n = Types.SlotCount(t);
        for (int i = 0; i < n; i++) B.Emit(Op.Pop);
    }

    // ------------------------------------------------------------------ loops

    void EmitFor(ForStmt f)
    {
        if (f.Init != null) EmitStmt(f.Init);
        var top = B.NewLabel();
        var cont = B.NewLabel();
        var end = B.NewLabel();
        var cond = B.NewLabel();
        // condition at the bottom: one branch per iteration
        B.Emit(Op.Br, cond);
        B.Bind(top);
        _targets.Add((f, end, cont));
        EmitStmts(f.Body.Stmts);
        _targets.RemoveAt(_targets.Count - 1);
        B.Bind(cont);
        if (f.Post != null) EmitStmt(f.Post);
        B.Bind(cond);
        if (f.Cond != null)
        {
            B.Line(f.Cond.Pos.Line);
            EmitCond(f.Cond, top, true);
        }
        else B.Emit(Op.Br, top);
        B.Bind(end);
    }

    void EmitRange(RangeStmt r)
    {
        var x = r.X;
        var xt = x.Type.Under;
        var top = B.NewLabel();
        var cont = B.NewLabel();
        var end = B.NewLabel();
        var cond = B.NewLabel();
        bool keyUsed = r.Key != null && r.Key is not Ident { Name: "_" };
        bool valUsed = r.Value != null && r.Value is not Ident { Name: "_" };
        Place? keyPlace = null, valPlace = null;
        void DeclareIterVars()
        {
            if (r.Define)
            {
                if (keyUsed) keyPlace = DeclareVar(r.KeyObj!);
                if (valUsed) valPlace = DeclareVar(r.ValueObj!);
            }
        }
        void AssignKey(Action push, GoType t)
        {
            if (!keyUsed) return;
            var p = r.Define ? keyPlace! : LvalPlace(r.Key!);
            push();
            ConvertTop(t, p.Type);
            StoreTop(p);
        }

        if (xt is ChanType ct)
        {
            int ch = Temp(SlotKind.Ptr);
            Emit(x);
            B.Emit(Op.StLoc, ch);
            DeclareIterVars();
            var elem = TempPlace(ct.Elem);
            B.Bind(top);
            B.Emit(Op.LdLoc, ch);
            EmitAddr(elem);
            B.Emit(Op.Recv2);
            B.Emit(Op.BrFalse, end);
            if (keyUsed)
            {
                var p = r.Define ? keyPlace! : LvalPlace(r.Key!);
                CopyPlace(p, elem);
            }
            _targets.Add((r, end, top));
            EmitStmts(r.Body.Stmts);
            _targets.RemoveAt(_targets.Count - 1);
            B.Emit(Op.Br, top);
            B.Bind(end);
            return;
        }

        if (xt is MapType mt)
        {
            int it = Temp(SlotKind.Ptr);
            Emit(x);
            B.Emit(Op.Call, G.MapFunc("Range"));
            B.Emit(Op.StLoc, it);
            DeclareIterVars();
            int ktw = Temp(SlotKind.Int), kd = Temp(SlotKind.Ptr), vtw = Temp(SlotKind.Int), vd = Temp(SlotKind.Ptr), okm = Temp(SlotKind.Int);
            B.Bind(top);
            B.Emit(Op.LdLoc, it);
            B.Emit(Op.Call, G.MapFunc("Next"));
            B.Emit(Op.StLoc, okm); B.Emit(Op.StLoc, vd); B.Emit(Op.StLoc, vtw); B.Emit(Op.StLoc, kd); B.Emit(Op.StLoc, ktw);
            B.Emit(Op.LdLoc, okm);
            B.Emit(Op.BrFalse, end);
            AssignKey(() => PushUnboxed(mt.Key, ktw, kd, okm), mt.Key);
            if (valUsed)
            {
                var p = r.Define ? valPlace! : LvalPlace(r.Value!);
                PushUnboxed(mt.Value, vtw, vd, okm);
                ConvertTop(mt.Value, p.Type);
                StoreTop(p);
            }
            _targets.Add((r, end, top));
            EmitStmts(r.Body.Stmts);
            _targets.RemoveAt(_targets.Count - 1);
            B.Emit(Op.Br, top);
            B.Bind(end);
            return;
        }
        int i = Temp(SlotKind.Int), n = Temp(SlotKind.Int);
        if (xt is BasicType bt && Types.IsInteger(bt))
        {
            // for i := range n (Go 1.22)
            EmitValueAs(x, Types.Int);
            B.Emit(Op.StLoc, n);
            B.Emit(Op.LdI, 0);
            B.Emit(Op.StLoc, i);
            DeclareIterVars();
            B.Emit(Op.Br, cond);
            B.Bind(top);
            AssignKey(() => B.Emit(Op.LdLoc, i), x.Type);
            _targets.Add((r, end, cont));
            EmitStmts(r.Body.Stmts);
            _targets.RemoveAt(_targets.Count - 1);
            B.Bind(cont);
            B.Emit(Op.LdLoc, i); B.Emit(Op.LdI, 1); B.Emit(Op.Add); B.Emit(Op.StLoc, i);
            B.Bind(cond);
            B.Emit(Op.LdLoc, i); B.Emit(Op.LdLoc, n); B.Emit(Op.Lt); B.Emit(Op.BrTrue, top);
            B.Bind(end);
            return;
        }
        if (xt is BasicType { Kind: BasicKind.String })
        {
            int sp = Temp(SlotKind.Ptr), next = Temp(SlotKind.Int), rn = Temp(SlotKind.Int);
            Emit(x);
            B.Emit(Op.StLoc, n);
            B.Emit(Op.StLoc, sp);
            B.Emit(Op.LdI, 0);
            B.Emit(Op.StLoc, next);
            DeclareIterVars();
            B.Emit(Op.Br, cond);
            B.Bind(top);
            B.Emit(Op.LdLoc, sp); B.Emit(Op.LdLoc, n); B.Emit(Op.LdLoc, i);
            B.Emit(Op.Rt, (long)RuntimeId.DecodeRune);
            B.Emit(Op.StLoc, next);
            B.Emit(Op.StLoc, rn);
            AssignKey(() => B.Emit(Op.LdLoc, i), Types.Int);
            if (valUsed)
            {
                var p = r.Define ? valPlace! : LvalPlace(r.Value!);
                B.Emit(Op.LdLoc, rn);
                ConvertTop(Types.Rune, p.Type);
                StoreTop(p);
            }
            _targets.Add((r, end, cont));
            EmitStmts(r.Body.Stmts);
            _targets.RemoveAt(_targets.Count - 1);
            B.Bind(cont);
            B.Bind(cond);
            B.Emit(Op.LdLoc, next); B.Emit(Op.StLoc, i);
            B.Emit(Op.LdLoc, i); B.Emit(Op.LdLoc, n); B.Emit(Op.Lt); B.Emit(Op.BrTrue, top);
            B.Bind(end);
            return;
        }
        // arrays, pointers to arrays, slices
        GoType elemT;
        Action pushElemAddr;
        if (xt is SliceType st)
        {
            elemT = st.Elem;
            int p = Temp(SlotKind.Ptr), c = Temp(SlotKind.Int);
            Emit(x);
            B.Emit(Op.StLoc, c); B.Emit(Op.StLoc, n); B.Emit(Op.StLoc, p);
            pushElemAddr = () => { B.Emit(Op.LdLoc, p); B.Emit(Op.LdLoc, n); B.Emit(Op.LdLoc, c); B.Emit(Op.LdLoc, i); B.Emit(Op.SIdx, G.TypeIdx(elemT)); };
        }
        else if (xt is PointerType { Elem.Under: ArrayType pa })
        {
            elemT = pa.Elem;
            int p = Temp(SlotKind.Ptr);
            Emit(x);
            B.Emit(Op.StLoc, p);
            B.Emit(Op.LdI, pa.Len); B.Emit(Op.StLoc, n);
            var arrT = x.Type.Under is PointerType pt ? pt.Elem : pa;
            pushElemAddr = () => { B.Emit(Op.LdLoc, p); B.Emit(Op.LdLoc, i); B.Emit(Op.AIdx, G.TypeIdx(arrT)); };
            if (!valUsed) pushElemAddr = () => { };
        }
        else
        {
            var at = (ArrayType)xt;
            elemT = at.Elem;
            Place arr;
            if (valUsed)
            {
                // the range expression is evaluated once: the array is copied
                arr = FrameObj(x.Type);
                StoreExpr(arr, x, isFresh: true);
            }
            else arr = PlaceOf(x);
            B.Emit(Op.LdI, at.Len); B.Emit(Op.StLoc, n);
            var arrPlace = arr;
            pushElemAddr = () => { EmitAddr(arrPlace); B.Emit(Op.LdLoc, i); B.Emit(Op.AIdx, G.TypeIdx(arrPlace.Type)); };
        }
        B.Emit(Op.LdI, 0);
        B.Emit(Op.StLoc, i);
        DeclareIterVars();
        B.Emit(Op.Br, cond);
        B.Bind(top);
        AssignKey(() => B.Emit(Op.LdLoc, i), Types.Int);
        if (valUsed)
        {
            var dst = r.Define ? valPlace! : LvalPlace(r.Value!);
            pushElemAddr();
            var src = PtrPlace(elemT);
            LoadOrCopy(dst, src);
        }
        _targets.Add((r, end, cont));
        EmitStmts(r.Body.Stmts);
        _targets.RemoveAt(_targets.Count - 1);
        B.Bind(cont);
        B.Emit(Op.LdLoc, i); B.Emit(Op.LdI, 1); B.Emit(Op.Add); B.Emit(Op.StLoc, i);
        B.Bind(cond);
        B.Emit(Op.LdLoc, i); B.Emit(Op.LdLoc, n); B.Emit(Op.Lt); B.Emit(Op.BrTrue, top);
        B.Bind(end);
    }

    void LoadOrCopy(Place dst, Place src)
    {
        if (Types.IsAggregate(src.Type)) { CopyInto(dst, src); return; }
        Load(src);
        ConvertTop(src.Type, dst.Type);
        StoreTop(dst);
    }

    // ------------------------------------------------------------------ switch and select

    void EmitSwitch(SwitchStmt sw)
    {
        if (sw.Init != null) EmitStmt(sw.Init);
        Place? tag = null;
        if (sw.Tag != null) tag = EvalToTemp(sw.Tag, sw.Tag.Type);
        var end = B.NewLabel();
        var bodies = sw.Clauses.Select(_ => B.NewLabel()).ToList();
        int dflt = -1;
        for (int ci = 0; ci < sw.Clauses.Count; ci++)
        {
            var c = sw.Clauses[ci];
            if (c.List == null) { dflt = ci; continue; }
            foreach (var e in c.List)
            {
                B.Line(e.Pos.Line);
                if (tag == null) EmitCond(e, bodies[ci], true);
                else
                {
                    EmitEquality(tag, e);
                    B.Emit(Op.BrTrue, bodies[ci]);
                }
            }
        }
        B.Emit(Op.Br, dflt >= 0 ? bodies[dflt] : end);
        _targets.Add((sw, end, -1));
        for (int ci = 0; ci < sw.Clauses.Count; ci++)
        {
            B.Bind(bodies[ci]);
            var saveFt = _fallthroughTarget;
            _fallthroughTarget = ci + 1 < bodies.Count ? bodies[ci + 1] : end;
            EmitStmts(sw.Clauses[ci].Body);
            _fallthroughTarget = saveFt;
            B.Emit(Op.Br, end);
        }
        _targets.RemoveAt(_targets.Count - 1);
        B.Bind(end);
    }

    /// <summary>Pushes tag == e (a bool).</summary>
    void EmitEquality(Place tag, Expr e)
    {
        var t = tag.Type;
        if (Types.IsAggregate(t))
        {
            EmitAddr(tag);
            EmitAddr(PlaceOf(e));
            B.Emit(Op.Call, G.TypeEqFunc(t));
            return;
        }
        if (e.Info!.Mode != Mode.Nil && e.Type.Under is InterfaceType && t.Under is not InterfaceType)
        {
            LoadConverted(tag, e.Type);
            Emit(e);
            EmitCompare(T.Eql, e.Type, false);
            return;
        }
        Load(tag);
        EmitValueAs(e, t);
        EmitCompare(T.Eql, t, e.Info!.Mode == Mode.Nil);
    }

    void EmitTypeSwitch(TypeSwitchStmt ts)
    {
        if (ts.Init != null) EmitStmt(ts.Init);
        var x = EvalToTemp(ts.X, ts.X.Type); // (type word, data) in two locals
        int tw = x.Local, data = x.Local + 1;
        var end = B.NewLabel();
        var bodies = ts.Clauses.Select(_ => B.NewLabel()).ToList();
        int dflt = -1;
        for (int ci = 0; ci < ts.Clauses.Count; ci++)
        {
            var c = ts.Clauses[ci];
            if (c.List == null) { dflt = ci; continue; }
            foreach (var e in c.List)
            {
                B.Emit(Op.LdLoc, tw);
                if (e.Info!.Mode == Mode.Nil) B.Emit(Op.LdI, 0);
                else
                {
                    if (e.Info.Type.Under is InterfaceType eit)
                    {
                        if (eit.IsEmpty) { B.Emit(Op.LdI, 0); B.Emit(Op.Ne); }
                        else B.Emit(Op.Call, G.ImplementsFunc(eit));
                        B.Emit(Op.BrTrue, bodies[ci]);
                        continue;
                    }
                    B.Emit(Op.LdType, G.TypeIdx(e.Info.Type));
                }
                B.Emit(Op.Eq);
                B.Emit(Op.BrTrue, bodies[ci]);
            }
        }
        B.Emit(Op.Br, dflt >= 0 ? bodies[dflt] : end);
        _targets.Add((ts, end, -1));
        for (int ci = 0; ci < ts.Clauses.Count; ci++)
        {
            var c = ts.Clauses[ci];
            B.Bind(bodies[ci]);
            if (c.Implicit is { } v && v.Used)
            {
                var p = DeclareVar(v, zero: false);
                if (v.Type.Under is InterfaceType) { Load(x); StoreTop(p); }
                else { B.Emit(Op.LdLoc, data); Unbox(v.Type, p); }
            }
            EmitStmts(c.Body);
            B.Emit(Op.Br, end);
        }
        _targets.RemoveAt(_targets.Count - 1);
        B.Bind(end);
    }

    /// <summary>The data word of an interface holding a T is on the stack: store the T into dst.</summary>
    void Unbox(GoType t, Place dst)
    {
        if (IsDirect(t)) { StoreTop(dst); return; }
        var src = PtrPlace(t);
        if (Types.IsAggregate(t)) CopyInto(dst, src);
        else { Load(src); StoreTop(dst); }
    }

    internal static bool IsDirect(GoType t) => t.Under is PointerType or ChanType or FuncType or MapType;

    void EmitSelect(SelectStmt sel)
    {
        var cases = new List<(CommClause c, int idx)>();
        bool hasDefault = false;
        int dfltIdx = -1;
        var elemPlaces = new List<Place?>();
        // evaluate channels and send values in source order, push (ch, elem, dir) per case
        var pushes = new List<Action>();
        int k = 0;
        foreach (var c in sel.Clauses)
        {
            if (c.Comm == null) { hasDefault = true; dfltIdx = sel.Clauses.IndexOf(c); continue; }
            cases.Add((c, k++));
        }
        var chTemps = new List<int>();
        foreach (var (c, idx) in cases)
        {
            int ch = Temp(SlotKind.Ptr);
            chTemps.Add(ch);
            switch (c.Comm)
            {
                case SendStmt ss:
                {
                    Emit(ss.Chan);
                    B.Emit(Op.StLoc, ch);
                    var et = ((ChanType)ss.Chan.Type.Under).Elem;
                    var tmp = FrameObj(et);
                    StoreExpr(tmp, ss.Value, isFresh: true);
                    elemPlaces.Add(tmp);
                    break;
                }
                default:
                {
                    var recv = RecvOf(c.Comm!);
                    Emit(recv.X);
                    B.Emit(Op.StLoc, ch);
                    elemPlaces.Add(TempPlace(((ChanType)recv.X.Type.Under).Elem));
                    break;
                }
            }
        }
        for (int i = 0; i < cases.Count; i++)
        {
            B.Emit(Op.LdLoc, chTemps[i]);
            EmitAddr(elemPlaces[i]!);
            B.Emit(Op.LdI, cases[i].c.Comm is SendStmt ? 1 : 0);
        }
        B.Line(sel.Pos.Line);
        B.Emit(Op.Select, cases.Count, hasDefault ? 1 : 0);
        int okT = Temp(SlotKind.Int), idxT = Temp(SlotKind.Int);
        B.Emit(Op.StLoc, okT);
        B.Emit(Op.StLoc, idxT);
        var end = B.NewLabel();
        var bodies = sel.Clauses.Select(_ => B.NewLabel()).ToList();
        for (int i = 0; i < cases.Count; i++)
        {
            B.Emit(Op.LdLoc, idxT);
            B.Emit(Op.LdI, i);
            B.Emit(Op.Eq);
            B.Emit(Op.BrTrue, bodies[sel.Clauses.IndexOf(cases[i].c)]);
        }
        B.Emit(Op.Br, hasDefault ? bodies[dfltIdx] : end);
        _targets.Add((sel, end, -1));
        for (int ci = 0; ci < sel.Clauses.Count; ci++)
        {
            var c = sel.Clauses[ci];
            B.Bind(bodies[ci]);
            int caseNo = cases.FindIndex(x => x.c == c);
            if (c.Comm is AssignStmt a)
            {
                var elem = elemPlaces[caseNo]!;
                var p0 = TargetPlace(a, 0);
                if (p0 != null) LoadOrCopy(p0, elem);
                if (a.Lhs.Count > 1)
                {
                    var p1 = TargetPlace(a, 1);
                    if (p1 != null) { B.Emit(Op.LdLoc, okT); ConvertTop(Types.Bool, p1.Type); StoreTop(p1); }
                }
            }
            EmitStmts(c.Body);
            B.Emit(Op.Br, end);
        }
        _targets.RemoveAt(_targets.Count - 1);
        B.Bind(end);
    }

    static UnaryExpr RecvOf(Stmt s) => s switch
    {
        ExprStmt es => (UnaryExpr)Unparen(es.X),
        AssignStmt a => (UnaryExpr)Unparen(a.Rhs[0]),
        _ => throw new InvalidOperationException("select case"),
    };

    static Expr Unparen(Expr e) { while (e is ParenExpr p) e = p.X; return e; }
}
