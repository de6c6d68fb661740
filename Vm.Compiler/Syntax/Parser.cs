namespace Vm.Compiler.Syntax;

/// <summary>Recursive-descent parser for the Go subset (the grammar of the Go spec; composite
/// literals in statement headers follow Go's exprLev rule). Reports the first error.</summary>
public sealed class Parser
{
    readonly List<Token> _toks;
    readonly Func<Pos, string, Exception> _err;
    int _p;
    int _exprLev;
    readonly int _file;

    public Parser(List<Token> toks, int file, Func<Pos, string, Exception> err)
    {
        _toks = toks;
        _file = file;
        _err = err;
    }

    Token Tok => _toks[_p];
    T K => _toks[_p].Kind;
    Pos P => _toks[_p].Pos;
    Token Advance() => _toks[_p < _toks.Count - 1 ? _p++ : _p];

    bool Got(T k) { if (K == k) { Advance(); return true; } return false; }

    static string Describe(Token t) => t.Kind switch
    {
        T.Semicolon when t.AutoSemi => t.Text,
        T.Ident => t.Text,
        T.Int or T.Float or T.Char or T.String or T.Imag => $"literal {t.Text}",
        T.EOF => "EOF",
        _ => Lexer.Spell(t.Kind),
    };

    Exception SyntaxError(string want) => _err(P, $"syntax error: unexpected {Describe(Tok)}{want}");

    Token Want(T k, string? ctx = null)
    {
        if (K == k) return Advance();
        throw SyntaxError(ctx ?? $", expecting {Lexer.Spell(k)}");
    }

    Ident ParseIdent()
    {
        if (K != T.Ident) throw SyntaxError(", expecting name");
        var t = Advance();
        return new Ident { Pos = t.Pos, Name = t.Text };
    }

    // ------------------------------------------------------------ file

    public FileNode ParseFile(string path)
    {
        var f = new FileNode { Index = _file, Path = path };
        if (K != T.Package) throw _err(P, "syntax error: package statement must be first");
        Advance();
        f.Package = ParseIdent();
        WantSemi();
        while (K == T.Import)
        {
            f.Imports.Add(ParseGenDecl(T.Import));
            WantSemi();
        }
        while (K != T.EOF)
        {
            switch (K)
            {
                case T.Func: f.Decls.Add(ParseFuncDecl()); break;
                case T.Var or T.Const or T.Type: f.Decls.Add(ParseGenDecl(K)); break;
                case T.Import: throw _err(P, "syntax error: imports must appear before other declarations");
                default: throw _err(P, "syntax error: non-declaration statement outside function body");
            }
            if (K != T.EOF) WantSemi("after top level declaration");
        }
        return f;
    }

    void WantSemi(string? after = null)
    {
        if (K == T.Semicolon) { Advance(); return; }
        if (K is T.RParen or T.RBrace) return;
        throw _err(P, $"syntax error: unexpected {Describe(Tok)}{(after != null ? " " + after : ", expecting semicolon or newline")}");
    }

    FuncDecl ParseFuncDecl()
    {
        var pos = Want(T.Func).Pos;
        var d = new FuncDecl { Pos = pos };
        if (K == T.LParen)
        {
            var rp = ParseParams(out _);
            d.Recv = rp.Count > 0 ? rp[0] : null;
            if (d.Recv == null) throw _err(pos, "method has no receiver");
        }
        d.Name = ParseIdent();
        if (K == T.LBrack) throw _err(P, "unsupported: type parameters");
        d.Sig = ParseSignature(pos);
        if (K == T.LBrace)
        {
            _exprLev++;
            d.Body = ParseBlock();
            _exprLev--;
        }
        return d;
    }

    FuncTypeExpr ParseSignature(Pos pos)
    {
        var ft = new FuncTypeExpr { Pos = pos };
        ft.Params = ParseParams(out ft.Variadic);
        if (K == T.LParen) ft.Results = ParseParams(out bool v, results: true);
        else if (StartsType())
        {
            var t = ParseType();
            ft.Results = [new FieldDecl { Pos = t.Pos, Type = t }];
        }
        return ft;
    }

    bool StartsType() => K is T.Ident or T.LBrack or T.Struct or T.Mul or T.Func or T.Interface or T.Map or T.Chan or T.LParen or T.Arrow;

    /// <summary>Parses a parameter list "(a, b int, c string)" or "(int, string)".</summary>
    List<FieldDecl> ParseParams(out bool variadic, bool results = false)
    {
        variadic = false;
        Want(T.LParen);
        var entries = new List<(Ident? name, Expr? type, Pos pos, bool dots)>();
        while (K != T.RParen)
        {
            var pos = P;
            bool dots = Got(T.Ellipsis);
            if (!dots && K == T.Ident)
            {
                var id = ParseIdent();
                if (K == T.Period)
                {
                    // qualified type name
                    Advance();
                    var sel = ParseIdent();
                    entries.Add((null, new SelectorExpr { Pos = id.Pos, X = id, Sel = sel }, pos, false));
                }
                else if (K is T.Comma or T.RParen)
                    entries.Add((null, id, pos, false)); // a name or a type; decided below
                else
                {
                    bool d2 = Got(T.Ellipsis);
                    var t = ParseType();
                    entries.Add((id, t, pos, d2));
                }
            }
            else
            {
                var t = ParseType();
                entries.Add((null, t, pos, dots));
            }
            if (!Got(T.Comma)) { if (K != T.RParen) throw SyntaxError(", expecting comma or )"); break; }
        }
        Want(T.RParen);
        var r = new List<FieldDecl>();
        bool named = entries.Any(e => e.name != null);
        if (!named)
        {
            foreach (var e in entries) r.Add(new FieldDecl { Pos = e.pos, Type = e.type!, Embedded = e.dots });
        }
        else
        {
            // "a, b int, c string": bare identifiers take the type of the next typed entry
            var pending = new List<Ident>();
            foreach (var e in entries)
            {
                if (e.name == null)
                {
                    if (e.type is Ident id) { pending.Add(id); continue; }
                    throw _err(e.pos, "syntax error: mixed named and unnamed parameters");
                }
                pending.Add(e.name);
                r.Add(new FieldDecl { Pos = pending[0].Pos, Names = [.. pending], Type = e.type!, Embedded = e.dots });
                pending.Clear();
            }
            if (pending.Count > 0) throw _err(pending[^1].Pos, "syntax error: mixed named and unnamed parameters");
        }
        for (int i = 0; i < r.Count; i++)
            if (r[i].Embedded)
            {
                if (results || i != r.Count - 1 || r[i].Names.Count > 1) throw _err(r[i].Pos, "can only use ... with final parameter in list");
                variadic = true;
            }
        return r;
    }

    GenDecl ParseGenDecl(T kind)
    {
        var d = new GenDecl { Pos = Advance().Pos, Tok = kind };
        if (Got(T.LParen))
        {
            int iota = 0;
            ValueSpec? prev = null;
            while (K != T.RParen)
            {
                ParseSpec(d, kind, iota, ref prev);
                iota++;
                WantSemi();
            }
            Want(T.RParen);
        }
        else
        {
            ValueSpec? prev = null;
            ParseSpec(d, kind, 0, ref prev);
        }
        return d;
    }

    void ParseSpec(GenDecl d, T kind, int iota, ref ValueSpec? prev)
    {
        switch (kind)
        {
            case T.Import:
            {
                var s = new ImportSpec { Pos = P };
                if (K == T.Ident) s.Name = ParseIdent();
                else if (K == T.Period) throw _err(P, "unsupported: dot imports");
                if (K != T.String) throw SyntaxError(", expecting import path");
                var t = Advance();
                s.PathPos = t.Pos;
                s.Path = System.Text.Encoding.UTF8.GetString(t.StrVal);
                d.Imports.Add(s);
                break;
            }
            case T.Type:
            {
                var s = new TypeSpec { Pos = P, Name = ParseIdent() };
                if (K == T.LBrack && _toks[_p + 1].Kind == T.Ident && _toks[_p + 2].Kind != T.RBrack) throw _err(P, "unsupported: type parameters");
                s.Alias = Got(T.Assign);
                s.Type = ParseType();
                d.Types.Add(s);
                break;
            }
            default:
            {
                var s = new ValueSpec { Pos = P, Iota = iota };
                s.Names.Add(ParseIdent());
                while (Got(T.Comma)) s.Names.Add(ParseIdent());
                if (K != T.Assign && K != T.Semicolon && K != T.RParen) s.Type = ParseType();
                if (Got(T.Assign)) s.Values = ParseExprList();
                if (kind == T.Const)
                {
                    if (s.Values.Count == 0)
                    {
                        if (s.Type != null || prev == null) throw _err(s.Pos, "missing init expr for const declaration");
                        s.Type = prev.Type;
                        s.Values = prev.Values; // re-checked with this spec's iota
                        s.Inherited = true;
                    }
                    else prev = s;
                }
                d.Values.Add(s);
                break;
            }
        }
    }

    // ------------------------------------------------------------ types

    public Expr ParseType()
    {
        var pos = P;
        switch (K)
        {
            case T.Ident:
            {
                var id = ParseIdent();
                if (K == T.Period)
                {
                    Advance();
                    return new SelectorExpr { Pos = pos, X = id, Sel = ParseIdent() };
                }
                if (K == T.LBrack && _exprLev >= 0 && false) return id;
                return id;
            }
            case T.LBrack:
            {
                Advance();
                if (Got(T.RBrack)) return new ArrayTypeExpr { Pos = pos, Elem = ParseType() };
                var a = new ArrayTypeExpr { Pos = pos };
                if (Got(T.Ellipsis)) a.Dots = true;
                else { _exprLev++; a.Len = ParseExpr(); _exprLev--; }
                Want(T.RBrack);
                a.Elem = ParseType();
                return a;
            }
            case T.Mul:
                Advance();
                return new StarExpr { Pos = pos, X = ParseType() };
            case T.Struct: return ParseStructType();
            case T.Func:
                Advance();
                return ParseSignature(pos);
            case T.Interface:
            {
                Advance();
                Want(T.LBrace);
                var it = new InterfaceTypeExpr { Pos = pos, Empty = K == T.RBrace };
                while (K != T.RBrace)
                {
                    if (K == T.EOF) throw SyntaxError(", expecting }");
                    if (K == T.Ident && _toks[_p + 1].Kind == T.LParen)
                    {
                        var name = ParseIdent();
                        it.Methods.Add((name, ParseSignature(name.Pos)));
                    }
                    else it.Embeds.Add(ParseType());
                    if (K != T.RBrace) WantSemi();
                }
                Want(T.RBrace);
                return it;
            }
            case T.Map:
            {
                Advance();
                Want(T.LBrack);
                var k = ParseType();
                Want(T.RBrack);
                return new MapTypeExpr { Pos = pos, Key = k, Value = ParseType() };
            }
            case T.Chan:
            {
                Advance();
                var dir = Got(T.Arrow) ? ChanDir.Send : ChanDir.Both;
                return new ChanTypeExpr { Pos = pos, Dir = dir, Elem = ParseType() };
            }
            case T.Arrow:
            {
                Advance();
                Want(T.Chan);
                return new ChanTypeExpr { Pos = pos, Dir = ChanDir.Recv, Elem = ParseType() };
            }
            case T.LParen:
            {
                Advance();
                var t = ParseType();
                Want(T.RParen);
                return new ParenExpr { Pos = pos, X = t };
            }
            default:
                throw SyntaxError(", expecting type");
        }
    }

    StructTypeExpr ParseStructType()
    {
        var st = new StructTypeExpr { Pos = Want(T.Struct).Pos };
        Want(T.LBrace);
        while (K != T.RBrace)
        {
            var f = new FieldDecl { Pos = P };
            if (K == T.Mul) { f.Embedded = true; f.Type = ParseType(); }
            else
            {
                var id = ParseIdent();
                if (K is T.Semicolon or T.RBrace or T.String or T.Period)
                {
                    f.Embedded = true;
                    f.Type = id;
                    if (K == T.Period) { Advance(); f.Type = new SelectorExpr { Pos = id.Pos, X = id, Sel = ParseIdent() }; }
                }
                else
                {
                    f.Names.Add(id);
                    while (Got(T.Comma)) f.Names.Add(ParseIdent());
                    f.Type = ParseType();
                }
            }
            if (K == T.String) Advance(); // tag
            st.Fields.Add(f);
            WantSemi();
        }
        Want(T.RBrace);
        return st;
    }

    // ------------------------------------------------------------ statements

    Block ParseBlock()
    {
        var b = new Block { Pos = Want(T.LBrace).Pos };
        b.Stmts = ParseStmtList();
        b.Rbrace = Want(T.RBrace).Pos;
        return b;
    }

    List<Stmt> ParseStmtList()
    {
        var list = new List<Stmt>();
        while (K is not (T.RBrace or T.EOF or T.Case or T.Default))
        {
            if (K == T.Semicolon) { Advance(); continue; }
            list.Add(ParseStmt());
            if (K is T.RBrace or T.Case or T.Default) break;
            if (K == T.Semicolon) Advance();
            else throw _err(P, $"syntax error: unexpected {Describe(Tok)} at end of statement");
        }
        return list;
    }

    Stmt ParseStmt()
    {
        var pos = P;
        switch (K)
        {
            case T.Var or T.Const or T.Type: return new DeclStmt { Pos = pos, Decl = ParseGenDecl(K) };
            case T.LBrace: return ParseBlock();
            case T.If: return ParseIf();
            case T.For: return ParseFor();
            case T.Switch: return ParseSwitch();
            case T.Select: return ParseSelect();
            case T.Return:
            {
                Advance();
                var r = new ReturnStmt { Pos = pos };
                if (K is not (T.Semicolon or T.RBrace)) r.Results = ParseExprList();
                return r;
            }
            case T.Go or T.Defer:
            {
                bool isGo = K == T.Go;
                Advance();
                var x = ParseExpr();
                if (Unparen(x) is not CallExpr call) throw _err(x.Pos, $"expression in {(isGo ? "go" : "defer")} must be function call");
                if (x is ParenExpr) throw _err(x.Pos, $"expression in {(isGo ? "go" : "defer")} must not be parenthesized");
                return isGo ? new GoStmt { Pos = pos, Call = call } : new DeferStmt { Pos = pos, Call = call };
            }
            case T.Break or T.Continue or T.Goto or T.Fallthrough:
            {
                var k = Advance().Kind;
                var b = new BranchStmt { Pos = pos, Tok = k };
                if (k != T.Fallthrough && K == T.Ident) b.Label = ParseIdent();
                if (k == T.Goto && b.Label == null) throw SyntaxError(", expecting name");
                return b;
            }
            case T.Semicolon: return new EmptyStmt { Pos = pos };
            case T.Func when _toks[_p + 1].Kind == T.Ident: throw _err(pos, "syntax error: unexpected name, expecting (");
            default:
                if (K == T.Ident && _toks[_p + 1].Kind == T.Colon)
                {
                    var label = ParseIdent();
                    Advance();
                    if (K == T.RBrace) return new LabeledStmt { Pos = pos, Label = label, Stmt = new EmptyStmt { Pos = P } };
                    return new LabeledStmt { Pos = pos, Label = label, Stmt = ParseStmt() };
                }
                return ParseSimpleStmt(false, out _);
        }
    }

    static Expr Unparen(Expr e) { while (e is ParenExpr p) e = p.X; return e; }

    /// <summary>A simple statement; with <paramref name="rangeOk"/>, also "k, v := range x" (returned as a RangeStmt without body).</summary>
    Stmt ParseSimpleStmt(bool rangeOk, out bool isRange)
    {
        isRange = false;
        var pos = P;
        if (rangeOk && K == T.Range)
        {
            Advance();
            isRange = true;
            return new RangeStmt { Pos = pos, X = ParseExpr() };
        }
        var lhs = ParseExprList();
        switch (K)
        {
            case T.Assign or T.Define:
            {
                var opPos = P;
                var op = Advance().Kind;
                if (rangeOk && K == T.Range)
                {
                    Advance();
                    isRange = true;
                    if (lhs.Count > 2) throw _err(lhs[0].Pos, "range clause permits at most two iteration variables");
                    return new RangeStmt { Pos = pos, Key = lhs[0], Value = lhs.Count > 1 ? lhs[1] : null, Define = op == T.Define, X = ParseExpr() };
                }
                var a = new AssignStmt { Pos = pos, Lhs = lhs, Op = op, Rhs = ParseExprList(), OpPos = opPos };
                return a;
            }
            case T.AddAssign or T.SubAssign or T.MulAssign or T.QuoAssign or T.RemAssign or T.AndAssign or T.OrAssign
                or T.XorAssign or T.ShlAssign or T.ShrAssign or T.AndNotAssign:
            {
                var op = Advance().Kind;
                if (lhs.Count > 1) throw _err(pos, $"syntax error: unexpected {Lexer.Spell(op)}, expecting := or = or comma");
                return new AssignStmt { Pos = pos, Lhs = lhs, Op = op, Rhs = [ParseExpr()] };
            }
            case T.Inc or T.Dec:
            {
                bool inc = Advance().Kind == T.Inc;
                if (lhs.Count > 1) throw SyntaxError(", expecting := or = or comma");
                return new IncDecStmt { Pos = pos, X = lhs[0], Inc = inc };
            }
            case T.Arrow:
            {
                Advance();
                if (lhs.Count > 1) throw SyntaxError(", expecting := or = or comma");
                return new SendStmt { Pos = pos, Chan = lhs[0], Value = ParseExpr() };
            }
            default:
                if (lhs.Count > 1) throw SyntaxError(", expecting := or = or comma");
                return new ExprStmt { Pos = pos, X = lhs[0] };
        }
    }

    static string StmtString(Stmt s) => s is AssignStmt a
        ? $"{string.Join(", ", a.Lhs.Select(Semantics.ExprString.Of))} {Lexer.Spell(a.Op)} {string.Join(", ", a.Rhs.Select(Semantics.ExprString.Of))}"
        : "statement";

    IfStmt ParseIf()
    {
        var s = new IfStmt { Pos = Want(T.If).Pos };
        int old = _exprLev;
        _exprLev = -1;
        if (K == T.LBrace) throw _err(P, "missing condition in if statement");
        Stmt? init = null;
        Expr? cond = null;
        if (K != T.Semicolon) init = ParseSimpleStmt(false, out _);
        if (Got(T.Semicolon))
        {
            if (K == T.LBrace) throw _err(P, "missing condition in if statement");
            var c = ParseSimpleStmt(false, out _);
            cond = c is ExprStmt es ? es.X : throw _err(c.Pos, "cannot use assignment as value");
        }
        else
        {
            cond = init is ExprStmt es ? es.X : throw _err(init is AssignStmt asg ? asg.OpPos : init!.Pos, $"syntax error: cannot use {StmtString(init!)} as value");
            init = null;
        }
        _exprLev = old;
        s.Init = init;
        s.Cond = cond;
        s.Then = ParseBlock();
        if (Got(T.Else))
        {
            if (K == T.If) s.Else = ParseIf();
            else if (K == T.LBrace) s.Else = ParseBlock();
            else throw _err(P, "else must be followed by if or statement block");
        }
        return s;
    }

    Stmt ParseFor()
    {
        var pos = Want(T.For).Pos;
        int old = _exprLev;
        _exprLev = -1;
        Stmt? init = null, post = null;
        Expr? cond = null;
        RangeStmt? range = null;
        if (K != T.LBrace)
        {
            if (K != T.Semicolon)
            {
                var s = ParseSimpleStmt(true, out bool isRange);
                if (isRange) range = (RangeStmt)s;
                else init = s;
            }
            if (range == null && K == T.Semicolon)
            {
                Advance();
                if (K != T.Semicolon)
                {
                    var c = ParseSimpleStmt(false, out _);
                    cond = c is ExprStmt es ? es.X : throw _err(c.Pos, "cannot use assignment as value");
                }
                Want(T.Semicolon, ", expecting semicolon or newline");
                if (K != T.LBrace) post = ParseSimpleStmt(false, out _);
                if (post is AssignStmt { Op: T.Define }) throw _err(post.Pos, "cannot declare in post statement of for loop");
            }
            else if (range == null)
            {
                cond = init is ExprStmt es ? es.X : throw _err(init!.Pos, "expected for loop condition");
                init = null;
            }
        }
        _exprLev = old;
        var body = ParseBlock();
        if (range != null) { range.Body = body; range.Pos = pos; return range; }
        return new ForStmt { Pos = pos, Init = init, Cond = cond, Post = post, Body = body };
    }

    Stmt ParseSwitch()
    {
        var pos = Want(T.Switch).Pos;
        int old = _exprLev;
        _exprLev = -1;
        Stmt? init = null, tag = null;
        if (K != T.LBrace)
        {
            if (K != T.Semicolon) tag = ParseSimpleStmt(false, out _);
            if (Got(T.Semicolon))
            {
                init = tag;
                tag = null;
                if (K != T.LBrace) tag = ParseSimpleStmt(false, out _);
            }
        }
        _exprLev = old;
        // type switch?
        TypeSwitchStmt? ts = null;
        if (tag is AssignStmt { Op: T.Define, Lhs.Count: 1, Rhs.Count: 1 } a && a.Rhs[0] is TypeAssertExpr { TypeExpr: null } ta && a.Lhs[0] is Ident bind)
            ts = new TypeSwitchStmt { Pos = pos, Init = init, Bind = bind, X = ta.X };
        else if (tag is ExprStmt { X: TypeAssertExpr { TypeExpr: null } ta2 })
            ts = new TypeSwitchStmt { Pos = pos, Init = init, X = ta2.X };
        else if (tag != null && tag is not ExprStmt) throw _err(tag.Pos, "switch expression must be an expression");
        Want(T.LBrace);
        var clauses = new List<CaseClause>();
        while (K is T.Case or T.Default)
        {
            var c = new CaseClause { Pos = P };
            if (Advance().Kind == T.Case)
            {
                c.List = ts != null ? ParseTypeList() : ParseExprList();
            }
            Want(T.Colon);
            c.Body = ParseStmtList();
            clauses.Add(c);
        }
        if (K != T.RBrace) throw SyntaxError(", expecting case or default or }");
        Advance();
        if (ts != null) { ts.Clauses = clauses; return ts; }
        return new SwitchStmt { Pos = pos, Init = init, Tag = (tag as ExprStmt)?.X, Clauses = clauses };
    }

    List<Expr> ParseTypeList()
    {
        var r = new List<Expr> { ParseType() };
        while (Got(T.Comma)) r.Add(ParseType());
        return r;
    }

    SelectStmt ParseSelect()
    {
        var s = new SelectStmt { Pos = Want(T.Select).Pos };
        Want(T.LBrace);
        while (K is T.Case or T.Default)
        {
            var c = new CommClause { Pos = P };
            if (Advance().Kind == T.Case) c.Comm = ParseSimpleStmt(false, out _);
            Want(T.Colon);
            c.Body = ParseStmtList();
            s.Clauses.Add(c);
        }
        Want(T.RBrace);
        return s;
    }

    // ------------------------------------------------------------ expressions

    List<Expr> ParseExprList()
    {
        var r = new List<Expr> { ParseExpr() };
        while (Got(T.Comma)) r.Add(ParseExpr());
        return r;
    }

    public Expr ParseExpr() => ParseBinary(1);

    static int Prec(T k) => k switch
    {
        T.LOr => 1,
        T.LAnd => 2,
        T.Eql or T.Neq or T.Lss or T.Leq or T.Gtr or T.Geq => 3,
        T.Add or T.Sub or T.Or or T.Xor => 4,
        T.Mul or T.Quo or T.Rem or T.Shl or T.Shr or T.And or T.AndNot => 5,
        _ => 0,
    };

    Expr ParseBinary(int prec)
    {
        var x = ParseUnary();
        while (true)
        {
            int p = Prec(K);
            if (p < prec) return x;
            var opTok = Advance();
            var y = ParseBinary(p + 1);
            x = new BinaryExpr { Pos = x.Pos, Op = opTok.Kind, X = x, Y = y, OpPos = opTok.Pos };
        }
    }

    Expr ParseUnary()
    {
        var pos = P;
        switch (K)
        {
            case T.Add or T.Sub or T.Not or T.Xor or T.And:
            {
                var op = Advance().Kind;
                return new UnaryExpr { Pos = pos, Op = op, X = ParseUnary() };
            }
            case T.Arrow:
            {
                Advance();
                if (K == T.Chan)
                {
                    // <-chan T
                    Advance();
                    var elem = ParseType();
                    return ParsePrimarySuffix(new ChanTypeExpr { Pos = pos, Dir = ChanDir.Recv, Elem = elem });
                }
                return new UnaryExpr { Pos = pos, Op = T.Arrow, X = ParseUnary() };
            }
            case T.Mul:
                Advance();
                return new StarExpr { Pos = pos, X = ParseUnary() };
        }
        return ParsePrimarySuffix(ParseOperand());
    }

    Expr ParseOperand()
    {
        var pos = P;
        switch (K)
        {
            case T.Ident: return ParseIdent();
            case T.Int or T.Float or T.Char or T.String or T.Imag:
            {
                var t = Advance();
                return new BasicLit { Pos = pos, Kind = t.Kind, Tok = t };
            }
            case T.LParen:
            {
                Advance();
                _exprLev++;
                var x = K is T.LBrack or T.Struct or T.Map or T.Chan or T.Interface || K == T.Func ? ParseTypeOrExpr() : ParseExpr();
                _exprLev--;
                Want(T.RParen, ", expecting )");
                return new ParenExpr { Pos = pos, X = x };
            }
            case T.Func:
            {
                Advance();
                var sig = ParseSignature(pos);
                if (K == T.LBrace)
                {
                    _exprLev++;
                    var body = ParseBlock();
                    _exprLev--;
                    return new FuncLit { Pos = pos, Sig = sig, Body = body };
                }
                return sig;
            }
            case T.LBrack or T.Struct or T.Map or T.Chan or T.Interface:
                return ParseType();
            default:
                throw SyntaxError(", expecting expression");
        }
    }

    Expr ParseTypeOrExpr()
    {
        var t = ParseType();
        if (t is FuncTypeExpr ft && K == T.LBrace)
        {
            _exprLev++;
            var body = ParseBlock();
            _exprLev--;
            return ParsePrimarySuffix(new FuncLit { Pos = ft.Pos, Sig = ft, Body = body });
        }
        return ParsePrimarySuffix(t);
    }

    static bool IsLiteralType(Expr x) => x switch
    {
        Ident => true,
        SelectorExpr { X: Ident } => true,
        ArrayTypeExpr or StructTypeExpr or MapTypeExpr => true,
        _ => false,
    };

    Expr ParsePrimarySuffix(Expr x)
    {
        while (true)
        {
            var pos = P;
            switch (K)
            {
                case T.Period:
                    Advance();
                    if (K == T.Ident) { x = new SelectorExpr { Pos = x.Pos, X = x, Sel = ParseIdent() }; break; }
                    if (K == T.LParen)
                    {
                        Advance();
                        if (Got(T.Type)) { Want(T.RParen); x = new TypeAssertExpr { Pos = x.Pos, X = x }; break; }
                        var t = ParseType();
                        Want(T.RParen);
                        x = new TypeAssertExpr { Pos = x.Pos, X = x, TypeExpr = t };
                        break;
                    }
                    throw SyntaxError(", expecting name or (");
                case T.LBrack:
                {
                    Advance();
                    _exprLev++;
                    Expr? lo = null, hi = null, max = null;
                    if (K != T.Colon) lo = ParseTypeOrExprInIndex();
                    if (Got(T.Colon))
                    {
                        bool full = false;
                        if (K is not (T.Colon or T.RBrack)) hi = ParseExpr();
                        if (Got(T.Colon))
                        {
                            full = true;
                            if (hi == null) throw _err(P, "middle index required in 3-index slice");
                            if (K == T.RBrack) throw _err(P, "final index required in 3-index slice");
                            max = ParseExpr();
                        }
                        _exprLev--;
                        Want(T.RBrack);
                        x = new SliceExpr { Pos = x.Pos, X = x, Lo = lo, Hi = hi, Max = max, Full = full };
                        break;
                    }
                    _exprLev--;
                    if (K == T.Comma) throw _err(P, "unsupported: type parameters");
                    Want(T.RBrack);
                    if (lo == null) throw _err(pos, "expected operand");
                    x = new IndexExpr { Pos = x.Pos, X = x, Index = lo };
                    break;
                }
                case T.LParen:
                {
                    Advance();
                    _exprLev++;
                    var call = new CallExpr { Pos = x.Pos, Fun = x };
                    while (K != T.RParen)
                    {
                        call.Args.Add(K is T.LBrack or T.Struct or T.Map or T.Chan or T.Interface or T.Func ? ParseTypeOrExpr() : ParseExpr());
                        if (Got(T.Ellipsis)) call.HasDots = true;
                        if (!Got(T.Comma)) { if (K != T.RParen) throw SyntaxError(" in argument list; possibly missing comma or )"); break; }
                    }
                    _exprLev--;
                    call.Rparen = Want(T.RParen).Pos;
                    x = call;
                    break;
                }
                case T.LBrace:
                {
                    if (!IsLiteralType(x) || (_exprLev < 0 && x is Ident or SelectorExpr)) return x;
                    x = ParseCompositeLit(x);
                    break;
                }
                default:
                    return x;
            }
        }
    }

    Expr ParseTypeOrExprInIndex() => K is T.LBrack or T.Struct or T.Map or T.Chan or T.Interface ? ParseTypeOrExpr() : ParseExpr();

    CompositeLit ParseCompositeLit(Expr? type)
    {
        var lit = new CompositeLit { Pos = type?.Pos ?? P, TypeExpr = type };
        Want(T.LBrace);
        _exprLev++;
        while (K != T.RBrace)
        {
            var e = ParseElement();
            var colon = P;
            if (Got(T.Colon))
            {
                var v = ParseElement();
                e = new KeyValue { Pos = e.Pos, Key = e, Value = v, Colon = colon };
            }
            lit.Elts.Add(e);
            if (!Got(T.Comma))
            {
                if (K != T.RBrace) throw SyntaxError(" in composite literal; possibly missing comma or }");
                break;
            }
        }
        _exprLev--;
        lit.Rbrace = Want(T.RBrace).Pos;
        return lit;
    }

    Expr ParseElement() => K == T.LBrace ? ParseCompositeLit(null) : ParseExpr();
}
