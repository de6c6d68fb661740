using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

public sealed partial class Checker
{
    readonly HashSet<LabeledStmt> _loopingLabels = [];
    Dictionary<string, LabeledStmt> _labels = [];
    HashSet<string> _usedLabels = [];
    readonly List<(Stmt stmt, string? label)> _breakable = [];

    /// <summary>Finds labels that a later goto jumps back to: Go counts them as loops for defers.</summary>
    void MarkLoopingLabels(Block body)
    {
        _labels = [];
        _usedLabels = [];
        var seen = new HashSet<string>();
        void Walk(Stmt? s)
        {
            switch (s)
            {
                case null: return;
                case LabeledStmt l:
                    if (_labels.ContainsKey(l.Label.Name)) throw Err(l.Label.Pos, $"label {l.Label.Name} already defined");
                    _labels[l.Label.Name] = l;
                    seen.Add(l.Label.Name);
                    Walk(l.Stmt);
                    break;
                case BranchStmt { Tok: T.Goto } g:
                    if (seen.Contains(g.Label!.Name)) _loopingLabels.Add(_labels[g.Label.Name]);
                    break;
                case Block b: foreach (var x in b.Stmts) Walk(x); break;
                case IfStmt i: Walk(i.Init); Walk(i.Then); Walk(i.Else); break;
                case ForStmt f: Walk(f.Init); Walk(f.Post); Walk(f.Body); break;
                case RangeStmt r: Walk(r.Body); break;
                case SwitchStmt sw: Walk(sw.Init); foreach (var c in sw.Clauses) foreach (var x in c.Body) Walk(x); break;
                case TypeSwitchStmt ts: Walk(ts.Init); foreach (var c in ts.Clauses) foreach (var x in c.Body) Walk(x); break;
                case SelectStmt se: foreach (var c in se.Clauses) foreach (var x in c.Body) Walk(x); break;
            }
        }
        Walk(body);
    }

    void OpenScope() => _scope = new Scope(_scope, _fn);

    void CloseScope()
    {
        CheckUnused(_scope);
        _scope = _scope.Parent!;
    }

    void CheckStmts(List<Stmt> stmts)
    {
        int saveLoop = _loopDepth;
        for (int i = 0; i < stmts.Count; i++) CheckStmt(stmts[i], i == stmts.Count - 1);
        _loopDepth = saveLoop;
    }

    void CheckBlock(Block b)
    {
        OpenScope();
        CheckStmts(b.Stmts);
        CloseScope();
    }

    void CheckStmt(Stmt s, bool last = false)
    {
        switch (s)
        {
            case EmptyStmt: break;
            case Block b: CheckBlock(b); break;
            case ExprStmt es:
            {
                var x = Expr(es.X);
                var inner = Unparen(es.X);
                if (inner is CallExpr call)
                {
                    if (x.Mode == Mode.Type) throw Err(es.X.Pos, $"{ExprString.Of(es.X)} ({Describe(x)}) is not used");
                    if (call.Fun.Info?.Mode == Mode.Builtin && call.Fun.Info.Obj is BuiltinObj bo
                        && bo.Name is "append" or "cap" or "len" or "make" or "new")
                        throw Err(es.X.Pos, $"{ExprString.Of(es.X)} ({Describe(x)}) is not used");
                    break;
                }
                if (inner is UnaryExpr { Op: T.Arrow }) break;
                throw Err(es.X.Pos, $"{ExprString.Of(es.X)} ({Describe(x)}) is not used");
            }
            case SendStmt ss:
            {
                var c = Expr(ss.Chan);
                SingleValue(ss.Chan, c);
                if (c.Type.Under is not ChanType ct) throw Err(ss.Pos, $"invalid operation: cannot send to non-channel {ExprString.Of(ss.Chan)} ({Describe(c)})");
                if (ct.Dir == ChanDir.Recv) throw Err(ss.Pos, $"invalid operation: cannot send to receive-only channel {ExprString.Of(ss.Chan)} ({Describe(c)})");
                var v = Expr(ss.Value, ct.Elem);
                SingleValue(ss.Value, v);
                Assign(ss.Value, ct.Elem, "send");
                break;
            }
            case IncDecStmt ids:
            {
                var x = Expr(ids.X);
                if (!Types.IsNumeric(x.Type)) throw Err(ids.X.Pos, $"invalid operation: {ExprString.Of(ids.X)}{(ids.Inc ? "++" : "--")} (non-numeric type {x.Type})");
                CheckAssignable(ids.X, x);
                break;
            }
            case AssignStmt a: CheckAssign(a); break;
            case GoStmt g:
                CheckCallStmt(g.Call, "go", heap: true);
                break;
            case DeferStmt d:
                d.InLoop = _loopDepth > 0;
                _fn!.HasDefer = true;
                Defers.Add((d, _fn));
                CheckCallStmt(d.Call, "defer", heap: d.InLoop);
                break;
            case ReturnStmt r: CheckReturn(r); break;
            case BranchStmt br: CheckBranch(br, last); break;
            case LabeledStmt ls:
                if (_loopingLabels.Contains(ls)) _loopDepth++;
                if (ls.Stmt is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt)
                {
                    _pendingLabel = ls.Label.Name;
                }
                CheckStmt(ls.Stmt, last);
                break;
            case DeclStmt ds: CheckLocalDecl(ds.Decl); break;
            case IfStmt i:
            {
                OpenScope();
                if (i.Init != null) CheckStmt(i.Init);
                var c = Expr(i.Cond);
                SingleValue(i.Cond, c);
                if (!Types.IsBoolean(c.Type)) throw Err(i.Cond.Pos, $"non-boolean condition in if statement");
                Assign(i.Cond, Types.Default(c.Type), "if");
                CheckBlock(i.Then);
                if (i.Else != null) CheckStmt(i.Else);
                CloseScope();
                break;
            }
            case ForStmt f:
            {
                var label = TakeLabel();
                OpenScope();
                if (f.Init != null) CheckStmt(f.Init);
                if (f.Cond != null)
                {
                    var c = Expr(f.Cond);
                    SingleValue(f.Cond, c);
                    if (!Types.IsBoolean(c.Type)) throw Err(f.Cond.Pos, "non-boolean condition in for statement");
                    Assign(f.Cond, Types.Default(c.Type), "for");
                }
                if (f.Post != null) CheckStmt(f.Post);
                _breakable.Add((f, label));
                _loopDepth++;
                CheckBlock(f.Body);
                _loopDepth--;
                _breakable.RemoveAt(_breakable.Count - 1);
                CloseScope();
                break;
            }
            case RangeStmt r: CheckRange(r); break;
            case SwitchStmt sw: CheckSwitch(sw); break;
            case TypeSwitchStmt ts: CheckTypeSwitch(ts); break;
            case SelectStmt sel: CheckSelect(sel); break;
            default: throw Err(s.Pos, $"unsupported: statement {s.GetType().Name}");
        }
    }

    string? _pendingLabel;
    string? TakeLabel() { var l = _pendingLabel; _pendingLabel = null; return l; }

    static Expr Unparen(Expr e) { while (e is ParenExpr p) e = p.X; return e; }

    void CheckCallStmt(CallExpr call, string what, bool heap)
    {
        _heapCall = heap ? call : null;
        var x = Expr(call);
        _heapCall = null;
        if (call.Fun.Info!.Mode == Mode.Type) throw Err(call.Pos, $"{what} requires function call, not conversion");
        if (call.Fun.Info.Mode == Mode.Builtin && call.Fun.Info.Obj is BuiltinObj b
            && b.Name is "append" or "cap" or "len" or "make" or "new")
            throw Err(call.Pos, $"{what} discards result of {ExprString.Of(call)}");
        _ = x;
    }

    void CheckBranch(BranchStmt br, bool last)
    {
        switch (br.Tok)
        {
            case T.Goto:
                if (!_labels.ContainsKey(br.Label!.Name)) throw Err(br.Label.Pos, $"label {br.Label.Name} not defined");
                _usedLabels.Add(br.Label.Name);
                break;
            case T.Fallthrough:
                if (!_fallthroughOk || !last) throw Err(br.Pos, _fallthroughOk || !_inSwitchClause ? "fallthrough statement out of place" : "cannot fallthrough final case in switch");
                break;
            default:
            {
                string word = br.Tok == T.Break ? "break" : "continue";
                if (br.Label != null)
                {
                    if (!_labels.ContainsKey(br.Label.Name)) throw Err(br.Label.Pos, $"{word} label not defined: {br.Label.Name}");
                    _usedLabels.Add(br.Label.Name);
                    for (int i = _breakable.Count - 1; i >= 0; i--)
                        if (_breakable[i].label == br.Label.Name)
                        {
                            if (br.Tok == T.Continue && _breakable[i].stmt is not (ForStmt or RangeStmt))
                                throw Err(br.Label.Pos, $"invalid continue label {br.Label.Name}");
                            br.Target = _breakable[i].stmt;
                            return;
                        }
                    throw Err(br.Label.Pos, $"invalid {word} label {br.Label.Name}");
                }
                for (int i = _breakable.Count - 1; i >= 0; i--)
                {
                    var st = _breakable[i].stmt;
                    if (br.Tok == T.Continue && st is not (ForStmt or RangeStmt)) continue;
                    br.Target = st;
                    return;
                }
                throw Err(br.Pos, $"{word} is not in a loop{(br.Tok == T.Break ? ", switch, or select" : "")}");
            }
        }
    }

    bool _fallthroughOk, _inSwitchClause;

    void CheckReturn(ReturnStmt r)
    {
        var fn = _fn!;
        var want = fn.Type.Results;
        if (r.Results.Count == 0)
        {
            if (want.Count > 0 && !fn.NamedResults) throw Err(r.Pos, $"not enough return values\n\thave ()\n\twant {Tuple(want)}");
            if (fn.NamedResults)
                foreach (var v in fn.Results)
                    if (_scope.Lookup(v.Name) is { } o && o != v) throw Err(r.Pos, $"result parameter {v.Name} not in scope at return\n\tinner declaration of {v.Name}");
            return;
        }
        if (r.Results.Count == 1 && want.Count > 1)
        {
            var x = Expr(r.Results[0]);
            if (x.Type is TupleType tt)
            {
                if (tt.Types.Count != want.Count) throw ReturnCount(r, [.. tt.Types], want);
                for (int i = 0; i < want.Count; i++)
                    if (!AssignableTo(tt.Types[i], want[i])) throw Err(r.Results[0].Pos, $"cannot use {ExprString.Of(r.Results[0])} (value of type {tt}) as {want[i]} value in return statement");
                return;
            }
            throw ReturnCount(r, [x.Type], want);
        }
        var have = new List<Operand>();
        foreach (var e in r.Results) { var x = Expr(e, r.Results.Count == want.Count ? want[r.Results.IndexOf(e)] : null); have.Add(x); }
        if (r.Results.Count != want.Count) throw ReturnCount(r, have.Select(h => h.Type).ToList(), want, have);
        for (int i = 0; i < want.Count; i++)
        {
            SingleValue(r.Results[i], have[i]);
            Assign(r.Results[i], want[i], "return statement");
        }
    }

    CompileException ReturnCount(ReturnStmt r, List<GoType> have, List<GoType> want, List<Operand>? ops = null)
    {
        string H(int i) => ops != null && ops[i].Mode == Mode.Const && Types.IsUntyped(ops[i].Type) ? "number" : have[i].ToString();
        var h = "(" + string.Join(", ", Enumerable.Range(0, have.Count).Select(H)) + ")";
        bool tooMany = have.Count > want.Count;
        var pos = tooMany ? r.Results[Math.Min(want.Count, r.Results.Count - 1)].Pos : r.Results[^1].Pos;
        if (r.Results.Count == 1) pos = r.Results[0].Pos;
        return Err(pos, $"{(tooMany ? "too many" : "not enough")} return values\n\thave {h}\n\twant {Tuple(want)}");
    }

    static string Tuple(List<GoType> ts) => "(" + string.Join(", ", ts) + ")";

    void CheckLocalDecl(Decl d)
    {
        var gd = (GenDecl)d;
        switch (gd.Tok)
        {
            case T.Var:
                foreach (var vs in gd.Values)
                {
                    var vars = vs.Names.Select(n => new VarObj(n.Name, n.Pos, Types.Invalid) { Owner = _fn }).ToList();
                    for (int i = 0; i < vars.Count; i++) vs.Names[i].Ref = vars[i];
                    CheckVarSpec(vs, vars, isGlobal: false);
                    foreach (var v in vars) Declare(_scope, v, v.Pos);
                    foreach (var v in vars) if (v.Name == "_") v.Used = true;
                }
                break;
            case T.Const:
                foreach (var vs in gd.Values)
                {
                    _iota = vs.Iota;
                    for (int i = 0; i < vs.Names.Count; i++)
                    {
                        var c = new ConstObj(vs.Names[i].Name, vs.Names[i].Pos, Types.Invalid, default);
                        CheckConstSpec(vs, i, c);
                        Declare(_scope, c, vs.Names[i].Pos);
                    }
                    _iota = -1;
                }
                break;
            case T.Type:
                foreach (var ts in gd.Types)
                {
                    var obj = new TypeObj(ts.Name.Name, ts.Name.Pos, Types.Invalid);
                    if (!ts.Alias)
                    {
                        var nt = new NamedType(ts.Name.Name, ++_namedIds);
                        obj.Type = nt;
                        Declare(_scope, obj, ts.Name.Pos);
                        nt.Underlying = TypeOf(ts.Type, allowIncomplete: true).Under;
                        CheckRecursion(nt, [], ts.Name.Pos);
                    }
                    else
                    {
                        obj.Type = TypeOf(ts.Type);
                        Declare(_scope, obj, ts.Name.Pos);
                    }
                }
                break;
        }
    }

    // ------------------------------------------------------------------ assignment

    void CheckAssign(AssignStmt a)
    {
        if (a.Op == T.Define) { CheckDefine(a); return; }
        if (a.Op != T.Assign)
        {
            // x op= y
            var bin = new BinaryExpr { Pos = a.Pos, Op = OpOfAssign(a.Op), X = a.Lhs[0], Y = a.Rhs[0], OpPos = a.Pos };
            var x = Expr(a.Lhs[0]);
            CheckAssignable(a.Lhs[0], x);
            var r = Binary(bin, a.Lhs[0], a.Rhs[0], bin.Op, lhsAlreadyChecked: true, hint: a.Lhs[0].Info?.Type);
            if (!AssignableTo(r.Type, x.Type)) throw Err(a.Pos, $"cannot use {ExprString.Of(bin)} as {x.Type} value in assignment");
            return;
        }
        if (a.Rhs.Count == 1 && a.Lhs.Count > 1)
        {
            var lts = a.Lhs.Select(LhsType).ToList();
            var x = Expr(a.Rhs[0]);
            var types = MultiValue(a.Rhs[0], x, a.Lhs.Count, a.Rhs[0].Pos, isAssign: true, lhsPos: a.Lhs[0].Pos);
            for (int i = 0; i < a.Lhs.Count; i++)
                if (lts[i] != null && !AssignableTo(types[i], lts[i]!))
                    throw Err(a.Rhs[0].Pos, $"cannot use {ExprString.Of(a.Rhs[0])} (value of type {types[i]}) as {lts[i]} value in assignment");
            return;
        }
        if (a.Lhs.Count != a.Rhs.Count)
            throw Err(a.Lhs[0].Pos, $"assignment mismatch: {a.Lhs.Count} variable{(a.Lhs.Count > 1 ? "s" : "")} but {a.Rhs.Count} value{(a.Rhs.Count > 1 ? "s" : "")}");
        var lt = a.Lhs.Select(LhsType).ToList();
        for (int i = 0; i < a.Rhs.Count; i++)
        {
            var x = Expr(a.Rhs[i], lt[i]);
            if (a.Lhs.Count == 1) SingleTarget(a.Rhs[i], x, a.Lhs[0].Pos);
            SingleValue(a.Rhs[i], x);
            if (lt[i] != null) Assign(a.Rhs[i], lt[i]!, "assignment");
            else
            {
                if (x.Mode == Mode.Nil) throw Err(a.Rhs[i].Pos, "use of untyped nil in assignment");
                Assign(a.Rhs[i], Types.Default(x.Type), "assignment to _ identifier");
            }
        }
    }

    /// <summary>Checks an assignment target; null for the blank identifier.</summary>
    GoType? LhsType(Expr e)
    {
        if (e is Ident { Name: "_" } id) { id.Info = Operand.Of(Mode.Var, Types.Invalid); return null; }
        bool wasUsed = e is Ident id2 && _scope.Lookup(id2.Name) is VarObj v0 && v0.Used;
        var x = Expr(e);
        // assigning to a variable is not a use of it
        if (e is Ident id3 && id3.Ref is VarObj v && !wasUsed) v.Used = false;
        CheckAssignable(e, x);
        return x.Type;
    }

    void CheckAssignable(Expr e, Operand x)
    {
        if (x.Mode == Mode.Var) return;
        if (Unparen(e) is SelectorExpr or IndexExpr && x.Mode == Mode.Value)
            throw Err(e.Pos, $"cannot assign to {ExprString.Of(e)} (neither addressable nor a map index expression)");
        throw Err(e.Pos, $"cannot assign to {ExprString.Of(e)} ({Describe(x)})");
    }

    static T OpOfAssign(T op) => op switch
    {
        T.AddAssign => T.Add, T.SubAssign => T.Sub, T.MulAssign => T.Mul, T.QuoAssign => T.Quo, T.RemAssign => T.Rem,
        T.AndAssign => T.And, T.OrAssign => T.Or, T.XorAssign => T.Xor, T.ShlAssign => T.Shl, T.ShrAssign => T.Shr,
        T.AndNotAssign => T.AndNot, _ => op,
    };

    void CheckDefine(AssignStmt a)
    {
        var idents = new List<Ident>();
        foreach (var e in a.Lhs)
        {
            if (e is not Ident id) throw Err(e.Pos, $"non-name {ExprString.Of(e)} on left side of :=");
            idents.Add(id);
        }
        a.IsNew = new bool[idents.Count];
        List<GoType> rtypes;
        if (a.Rhs.Count == 1 && idents.Count > 1)
        {
            var x = Expr(a.Rhs[0]);
            rtypes = MultiValue(a.Rhs[0], x, idents.Count, a.Rhs[0].Pos, isAssign: true, lhsPos: a.Lhs[0].Pos);
        }
        else
        {
            if (idents.Count != a.Rhs.Count)
                throw Err(a.Lhs[0].Pos, $"assignment mismatch: {idents.Count} variable{(idents.Count > 1 ? "s" : "")} but {a.Rhs.Count} value{(a.Rhs.Count > 1 ? "s" : "")}");
            rtypes = [];
            for (int i = 0; i < a.Rhs.Count; i++)
            {
                // an existing variable on the left gives its type as context
                GoType? hint = _scope.LookupLocal(idents[i].Name) is VarObj ev ? ev.Type : null;
                var x = Expr(a.Rhs[i], hint);
                if (idents.Count == 1) SingleTarget(a.Rhs[i], x, a.Lhs[0].Pos);
                SingleValue(a.Rhs[i], x);
                if (x.Mode == Mode.Nil && hint == null) throw Err(a.Rhs[i].Pos, "use of untyped nil in assignment");
                if (x.Mode == Mode.NoValue) throw Err(a.Rhs[i].Pos, $"{ExprString.Of(a.Rhs[i])} (no value) used as value");
                rtypes.Add(hint ?? Types.Default(x.Type));
            }
        }
        bool anyNew = false;
        var seen = new HashSet<string>();
        for (int i = 0; i < idents.Count; i++)
        {
            var id = idents[i];
            if (id.Name != "_" && !seen.Add(id.Name)) throw Err(id.Pos, $"{id.Name} repeated on left side of :=");
            if (id.Name == "_") { id.Info = Operand.Of(Mode.Var, Types.Invalid); continue; }
            if (_scope.LookupLocal(id.Name) is { } existing)
            {
                if (existing is not VarObj ev) throw Err(id.Pos, $"cannot assign to {id.Name}");
                id.Ref = ev;
                id.Info = new Operand { Mode = Mode.Var, Type = ev.Type, Obj = ev };
                if (a.Rhs.Count == idents.Count) Assign(a.Rhs[i], ev.Type, "assignment");
                else if (!AssignableTo(rtypes[i], ev.Type)) throw Err(a.Rhs[0].Pos, $"cannot use {ExprString.Of(a.Rhs[0])} (value of type {rtypes[i]}) as {ev.Type} value in assignment");
                continue;
            }
            anyNew = true;
            a.IsNew[i] = true;
        }
        if (!anyNew) throw Err(a.OpPos, "no new variables on left side of :=");
        for (int i = 0; i < idents.Count; i++)
        {
            if (!a.IsNew[i]) continue;
            var id = idents[i];
            var t = rtypes[i];
            if (a.Rhs.Count == idents.Count) { Assign(a.Rhs[i], t, "assignment"); t = a.Rhs[i].Type; }
            var v = new VarObj(id.Name, id.Pos, t) { Owner = _fn };
            id.Ref = v;
            id.Info = new Operand { Mode = Mode.Var, Type = t, Obj = v };
            Declare(_scope, v, id.Pos);
        }
    }

    /// <summary>The types of a multi-value expression assigned to n targets (call results, or v, ok forms).</summary>
    List<GoType> MultiValue(Expr e, Operand x, int n, Pos pos, bool isAssign, Pos lhsPos)
    {
        if (x.Type is TupleType tt)
        {
            if (tt.Types.Count != n) throw Err(lhsPos, $"assignment mismatch: {n} variable{(n > 1 ? "s" : "")} but {ExprString.Of(e)} returns {tt.Types.Count} value{(tt.Types.Count > 1 ? "s" : "")}");
            return tt.Types;
        }
        if (x.CommaOk && n == 2)
        {
            x.TwoValue = true;
            return [x.Type, Types.Bool];
        }
        throw Err(lhsPos, $"assignment mismatch: {n} variable{(n > 1 ? "s" : "")} but 1 value");
    }

    // ------------------------------------------------------------------ range, switch, select

    void CheckRange(RangeStmt r)
    {
        var label = TakeLabel();
        OpenScope();
        var x = Expr(r.X);
        SingleValue(r.X, x);
        GoType? kt, vt;
        var u = x.Type.Under;
        if (u is PointerType { Elem.Under: ArrayType pa }) u = pa;
        switch (u)
        {
            case BasicType b when Types.IsString(b): kt = Types.Int; vt = Types.Rune; Assign(r.X, Types.Default(x.Type), "range"); break;
            case BasicType b when Types.IsInteger(b):
                // range over an integer (Go 1.22)
                if (Types.IsUntyped(x.Type)) ConvertUntyped(r.X, Types.Int, null);
                kt = r.X.Type; vt = null;
                if (r.Value != null) throw Err(r.Value.Pos, $"range over {ExprString.Of(r.X)} permits only one iteration variable");
                break;
            case ArrayType a: kt = Types.Int; vt = a.Elem; break;
            case SliceType s: kt = Types.Int; vt = s.Elem; break;
            case MapType mt: kt = mt.Key; vt = mt.Value; break;
            case ChanType c:
                if (c.Dir == ChanDir.Send) throw Err(r.X.Pos, $"invalid operation: range {ExprString.Of(r.X)} receive from send-only channel");
                kt = c.Elem; vt = null;
                if (r.Value != null) throw Err(r.Value.Pos, $"range over {ExprString.Of(r.X)} permits only one iteration variable");
                break;
            default: throw Err(r.X.Pos, $"cannot range over {ExprString.Of(r.X)} ({Describe(x)})");
        }
        if (r.Define)
        {
            if (r.Key is not Ident kid) throw Err(r.Key!.Pos, $"non-name {ExprString.Of(r.Key)} on left side of :=");
            Ident? vid = null;
            if (r.Value != null) vid = r.Value as Ident ?? throw Err(r.Value.Pos, $"non-name {ExprString.Of(r.Value)} on left side of :=");
            var kv = new VarObj(kid.Name, kid.Pos, kt) { Owner = _fn };
            kid.Ref = kv;
            kid.Info = new Operand { Mode = Mode.Var, Type = kt, Obj = kv };
            r.KeyObj = kv;
            if (vid != null)
            {
                var vv = new VarObj(vid.Name, vid.Pos, vt!) { Owner = _fn };
                vid.Ref = vv;
                vid.Info = new Operand { Mode = Mode.Var, Type = vt!, Obj = vv };
                r.ValueObj = vv;
            }
            if (kid.Name != "_") Declare(_scope, kv, kid.Pos);
            if (vid != null && vid.Name != "_") Declare(_scope, r.ValueObj!, vid.Pos);
            if (vid != null && kid.Name == vid.Name && kid.Name != "_") throw Err(vid.Pos, $"{vid.Name} repeated on left side of :=");
        }
        else
        {
            if (r.Key != null)
            {
                var lt = LhsType(r.Key);
                if (lt != null && !AssignableTo(kt, lt)) throw Err(r.Key.Pos, $"cannot use {ExprString.Of(r.Key)} (value of type {kt}) as {lt} value in range");
            }
            if (r.Value != null)
            {
                var lt = LhsType(r.Value);
                if (lt != null && !AssignableTo(vt!, lt)) throw Err(r.Value.Pos, $"cannot use {ExprString.Of(r.Value)} (value of type {vt}) as {lt} value in range");
            }
        }
        _breakable.Add((r, label));
        _loopDepth++;
        CheckBlock(r.Body);
        _loopDepth--;
        _breakable.RemoveAt(_breakable.Count - 1);
        CloseScope();
    }

    void CheckSwitch(SwitchStmt sw)
    {
        var label = TakeLabel();
        OpenScope();
        if (sw.Init != null) CheckStmt(sw.Init);
        GoType tagType = Types.Bool;
        if (sw.Tag != null)
        {
            var t = Expr(sw.Tag);
            SingleValue(sw.Tag, t);
            if (t.Mode == Mode.Nil) throw Err(sw.Tag.Pos, "use of untyped nil in switch expression");
            Assign(sw.Tag, Types.Default(t.Type), "switch expression");
            tagType = sw.Tag.Type;
            if (!Types.Comparable(tagType)) throw Err(sw.Tag.Pos, $"cannot switch on {ExprString.Of(sw.Tag)} ({Describe(sw.Tag.Info!)})");
        }
        bool seenDefault = false;
        var seenCases = new Dictionary<(object, string), Pos>();
        _breakable.Add((sw, label));
        for (int ci = 0; ci < sw.Clauses.Count; ci++)
        {
            var c = sw.Clauses[ci];
            if (c.List == null)
            {
                if (seenDefault) throw Err(c.Pos, "multiple defaults in switch");
                seenDefault = true;
            }
            else
                foreach (var e in c.List)
                {
                    if (sw.Tag == null)
                    {
                        var x = Expr(e, Types.Bool);
                        SingleValue(e, x);
                        if (!Types.IsBoolean(x.Type)) throw Err(e.Pos, $"invalid case {ExprString.Of(e)} in switch (mismatched types {x.Type} and bool)");
                        Assign(e, Types.Bool, "switch case");
                    }
                    else
                    {
                        var x = Expr(e, tagType);
                        SingleValue(e, x);
                        CheckComparison(e, sw.Tag, e, T.Eql);
                        if (Types.IsUntyped(x.Type)) Assign(e, tagType, "switch case");
                        // types2's caseValues: equal constant cases (numbers, strings) of identical types
                        if (e.Info!.Mode == Mode.Const && ConstKey(e.Info.Const!.Value) is { } key)
                        {
                            var k = (key, Types.Key(e.Info.Type));
                            if (seenCases.TryGetValue(k, out var prev))
                                throw Err(e.Pos, $"duplicate case {DescribeExpr(e)} in expression switch\n\t{Err(prev, "previous case").Message}");
                            seenCases[k] = e.Pos;
                        }
                    }
                }
            OpenScope();
            var (sf, si) = (_fallthroughOk, _inSwitchClause);
            _inSwitchClause = true;
            _fallthroughOk = ci < sw.Clauses.Count - 1;
            CheckStmts(c.Body);
            (_fallthroughOk, _inSwitchClause) = (sf, si);
            CloseScope();
        }
        _breakable.RemoveAt(_breakable.Count - 1);
        CloseScope();
    }

    void CheckTypeSwitch(TypeSwitchStmt ts)
    {
        var label = TakeLabel();
        OpenScope();
        if (ts.Init != null) CheckStmt(ts.Init);
        var x = Expr(ts.X);
        SingleValue(ts.X, x);
        if (!Types.IsInterface(x.Type)) throw Err(ts.X.Pos, $"{ExprString.Of(ts.X)} ({Describe(x)}) is not an interface");
        _breakable.Add((ts, label));
        bool seenDefault = false;
        var implicits = new List<VarObj>();
        foreach (var c in ts.Clauses)
        {
            GoType? single = null;
            if (c.List == null)
            {
                if (seenDefault) throw Err(c.Pos, "multiple defaults in switch");
                seenDefault = true;
            }
            else
            {
                foreach (var e in c.List)
                {
                    if (e is Ident { Name: "nil" }) { e.Info = Operand.Of(Mode.Nil, Types.UntypedNil); continue; }
                    var t = TypeOf(e);
                    e.Info = Operand.Of(Mode.Type, t);
                }
                if (c.List.Count == 1 && c.List[0].Info!.Mode == Mode.Type) single = c.List[0].Info!.Type;
            }
            OpenScope();
            if (ts.Bind != null && ts.Bind.Name != "_")
            {
                var v = new VarObj(ts.Bind.Name, ts.Bind.Pos, single ?? x.Type) { Owner = _fn };
                c.Implicit = v;
                _scope.Names[v.Name] = v;
                implicits.Add(v);
            }
            var (sf, si) = (_fallthroughOk, _inSwitchClause);
            _fallthroughOk = false;
            _inSwitchClause = false;
            CheckStmts(c.Body);
            (_fallthroughOk, _inSwitchClause) = (sf, si);
            CloseScope();
        }
        if (ts.Bind != null && ts.Bind.Name != "_" && implicits.Count > 0 && implicits.All(v => !v.Used))
            throw Err(ts.Bind.Pos, $"{ts.Bind.Name} declared but not used");
        if (ts.Bind != null && implicits.Count == 0 && ts.Bind.Name != "_")
            throw Err(ts.Bind.Pos, $"{ts.Bind.Name} declared but not used");
        _breakable.RemoveAt(_breakable.Count - 1);
        CloseScope();
    }

    void CheckSelect(SelectStmt sel)
    {
        var label = TakeLabel();
        _breakable.Add((sel, label));
        bool seenDefault = false;
        foreach (var c in sel.Clauses)
        {
            OpenScope();
            switch (c.Comm)
            {
                case null:
                    if (seenDefault) throw Err(c.Pos, "multiple defaults in select");
                    seenDefault = true;
                    break;
                case SendStmt: CheckStmt(c.Comm); break;
                case ExprStmt { X: UnaryExpr { Op: T.Arrow } }: CheckStmt(c.Comm); break;
                case AssignStmt a when a.Rhs.Count == 1 && Unparen(a.Rhs[0]) is UnaryExpr { Op: T.Arrow } && a.Lhs.Count <= 2 && a.Op is T.Assign or T.Define:
                    CheckStmt(c.Comm);
                    break;
                default:
                    throw Err(c.Comm.Pos, "select case must be receive, send or assign recv");
            }
            CheckStmts(c.Body);
            CloseScope();
        }
        _breakable.RemoveAt(_breakable.Count - 1);
    }

    // ------------------------------------------------------------------ terminating statements (Go spec)

    bool IsTerminatingList(List<Stmt> l)
    {
        for (int i = l.Count - 1; i >= 0; i--)
        {
            if (l[i] is EmptyStmt) continue;
            return IsTerminating(l[i]);
        }
        return false;
    }

    bool IsTerminating(Stmt s) => s switch
    {
        ReturnStmt => true,
        BranchStmt { Tok: T.Goto or T.Fallthrough } => true,
        ExprStmt { X: CallExpr c } when c.Fun.Info?.Obj is BuiltinObj { Name: "panic" } => true,
        Block b => IsTerminatingList(b.Stmts),
        IfStmt i => i.Else != null && IsTerminatingList(i.Then.Stmts) && IsTerminating(i.Else),
        ForStmt f => f.Cond == null && !HasBreak(f.Body, f, true),
        LabeledStmt ls => IsTerminating(ls.Stmt),
        SwitchStmt sw => sw.Clauses.Any(c => c.List == null) && sw.Clauses.All(c => !c.Body.Any(x => HasBreak(x, sw, true))
            && (IsTerminatingList(c.Body) || c.Body.Count > 0 && c.Body[^1] is BranchStmt { Tok: T.Fallthrough })),
        TypeSwitchStmt ts => ts.Clauses.Any(c => c.List == null) && ts.Clauses.All(c => !c.Body.Any(x => HasBreak(x, ts, true)) && IsTerminatingList(c.Body)),
        SelectStmt se => se.Clauses.All(c => !c.Body.Any(x => HasBreak(x, se, true)) && IsTerminatingList(c.Body)),
        _ => false,
    };

    /// <summary>True if s contains a break that targets <paramref name="target"/>.</summary>
    static bool HasBreak(Stmt? s, Stmt target, bool top)
    {
        switch (s)
        {
            case null: return false;
            case BranchStmt { Tok: T.Break } b: return b.Target == target;
            case Block bl: return bl.Stmts.Any(x => HasBreak(x, target, top));
            case IfStmt i: return HasBreak(i.Then, target, top) || HasBreak(i.Else, target, top);
            case LabeledStmt l: return HasBreak(l.Stmt, target, top);
            case ForStmt f: return HasBreak(f.Body, target, false);
            case RangeStmt r: return HasBreak(r.Body, target, false);
            case SwitchStmt sw: return sw.Clauses.Any(c => c.Body.Any(x => HasBreak(x, target, false)));
            case TypeSwitchStmt ts: return ts.Clauses.Any(c => c.Body.Any(x => HasBreak(x, target, false)));
            case SelectStmt se: return se.Clauses.Any(c => c.Body.Any(x => HasBreak(x, target, false)));
            default: return false;
        }
    }
}
