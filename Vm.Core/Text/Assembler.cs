using System.Text;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Core.Text;

/// <summary>
/// The <c>.gobs</c> assembler: text -> <see cref="Module"/>. The syntax is docs/gobs-syntax.md.
/// Instructions are parsed from the opcode table (<see cref="Ops"/>): each operand is read according
/// to its <see cref="OperandKind"/>, so a new opcode needs no change here.
/// </summary>
public static class Assembler
{
    /// <summary>
    /// Assembles <paramref name="text"/>. Any fault raises <see cref="AsmException"/> at its
    /// <c>file:line:col</c>; the first fault found wins (declarations are checked in a first pass over
    /// the whole file, references and encodings in a second).
    /// </summary>
    public static Module Assemble(string text, string fileName) => new AsmRun(text, fileName).Run();
}

/// <summary>One assembly: a first pass declares every name (so references may point forward),
/// a second pass resolves references and encodes code with <see cref="CodeBuilder"/>.</summary>
sealed class AsmRun(string text, string file)
{
    readonly Module _m = new();

    /// <summary>One non-empty line: its tokens, the labels defined at its start, and where the rest begins.</summary>
    sealed class Stmt(int line, List<Token> toks, int pos)
    {
        public int Line { get; } = line;
        public List<Token> Toks { get; } = toks;
        public int Pos { get; } = pos;
        public bool HasRest => Pos < Toks.Count;
        public Token Head => Toks[Pos];
    }

    /// <summary>Names of one module table. Real names may repeat (a reference must then use #index);
    /// generated names (<c>$x</c>) stand for nameless entries and exist only in the text.</summary>
    sealed class NameTable(string what)
    {
        public string What { get; } = what;
        public Dictionary<string, List<int>> Real { get; } = [];
        public Dictionary<string, int> Alias { get; } = [];
        public int Count { get; set; }
    }

    /// <summary>A parsed signature: either written out, or a raw table index (<c>#N</c>).</summary>
    readonly record struct SigSpec(Signature? Sig, long Raw, Token At);

    sealed class FuncSrc(int index, Stmt header, Token nameTok)
    {
        public int Index { get; } = index;
        public Stmt Header { get; } = header;
        public Token NameTok { get; } = nameTok;
        public SigSpec Sig { get; set; }
        public List<Stmt> Body { get; } = [];
        public Dictionary<string, Token> Labels { get; } = [];
        /// <summary>Local names: parameters by position, declared locals by ordinal among the declared ones.</summary>
        public Dictionary<string, (bool Param, int Ordinal)> LocalNames { get; } = [];
        public Dictionary<string, int> FrameObjs { get; } = [];
        public Dictionary<string, int> DeferRecs { get; } = [];
        public bool HasMaxStack { get; set; }
    }

    readonly NameTable _types = new("type"), _funcs = new("function"), _globals = new("global");
    readonly List<(Stmt Stmt, FuncSrc? Func)> _order = [];
    readonly List<(Stmt Stmt, Token NameTok)> _typeDecls = [];

    // Interning with the semantics of Module.InternSig / InternString (first equal entry, else append),
    // indexed so that large files do not intern in quadratic time.
    readonly Dictionary<Signature, int> _sigIndex = [];
    readonly Dictionary<string, int> _strIndex = [];

    int AppendSig(Signature s)
    {
        _m.Sigs.Add(s);
        _sigIndex.TryAdd(s, _m.Sigs.Count - 1);
        return _m.Sigs.Count - 1;
    }

    int InternSig(Signature s) => _sigIndex.TryGetValue(s, out int i) ? i : AppendSig(s);

    int AppendString(byte[] b)
    {
        _m.Strings.Add(b);
        _strIndex.TryAdd(Convert.ToHexString(b), _m.Strings.Count - 1);
        return _m.Strings.Count - 1;
    }

    int InternString(byte[] b) => _strIndex.TryGetValue(Convert.ToHexString(b), out int i) ? i : AppendString(b);

    AsmException Err(int line, Token t, string msg) => new(file, line, t.Col, msg);
    AsmException Err(Stmt s, Token t, string msg) => new(file, s.Line, t.Col, msg);

    public Module Run()
    {
        Declare();
        bool entrySeen = false, initSeen = false;
        foreach (var (st, fn) in _order)
        {
            if (fn != null) { AssembleFunc(fn); continue; }
            var c = new Cursor(this, st, st.Pos + 1);
            switch (st.Head.Text)
            {
                case ".sig":
                    AppendSig(ParseSigText(c, null));
                    break;
                case ".string":
                {
                    var t = c.Next("string literal");
                    if (t.Kind != TokKind.String) throw Err(st, t, $"expected string literal, found {t.Text}");
                    AppendString(t.Bytes);
                    break;
                }
                case ".type":
                    FillType(st, c);
                    break;
                case ".global":
                {
                    c.Next("global name");
                    int type = ParseLooseTypeRef(c);
                    int gi = _globalIndexByStmt[st];
                    _m.Globals[gi] = _m.Globals[gi] with { Type = type };
                    break;
                }
                case ".entry" or ".init":
                {
                    bool entry = st.Head.Text == ".entry";
                    if (entry ? entrySeen : initSeen) throw Err(st, st.Head, $"duplicate {st.Head.Text}");
                    int f = (int)ParseRef(c, _funcs, int.MinValue, int.MaxValue);
                    if (entry) { _m.Entry = f; entrySeen = true; } else { _m.Init = f; initSeen = true; }
                    break;
                }
            }
            c.ExpectEnd();
        }
        try
        {
            TypeLayout.ComputeAll(_m.Types, _m.Sigs.Count);
        }
        catch (TypeLayoutException e)
        {
            var (st, nameTok) = _typeDecls[e.Type];
            throw Err(st, nameTok, e.Reason);
        }
        return _m;
    }

    readonly Dictionary<Stmt, int> _globalIndexByStmt = [], _typeIndexByStmt = [];

    // ---------------------------------------------------------------- pass 1: declarations

    static readonly HashSet<string> ModuleDirectives = [".sig", ".string", ".type", ".global", ".entry", ".init"];
    static readonly HashSet<string> FuncDirectives =
        [".locals", ".local", ".frameobj", ".deferrec", ".maxstack", ".deferreturn", ".file", ".line", ".linetable", ".bytes"];

    void Declare()
    {
        FuncSrc? cur = null;
        var lines = text.Split('\n');
        for (int ln = 0; ln < lines.Length; ln++)
        {
            var toks = Lexer.Line(file, ln + 1, lines[ln]);
            if (toks.Count == 0) continue;
            int p = 0;
            while (p + 1 < toks.Count && toks[p].Kind == TokKind.Ident && toks[p + 1].Is(":"))
            {
                if (cur == null) throw Err(ln + 1, toks[p], $"label {toks[p].Text} outside .func");
                if (!cur.Labels.TryAdd(toks[p].Text, toks[p])) throw Err(ln + 1, toks[p], $"duplicate label {toks[p].Text}");
                p += 2;
            }
            var st = new Stmt(ln + 1, toks, p);
            if (!st.HasRest) { cur!.Body.Add(st); continue; }
            var head = st.Head;
            if (head.Kind == TokKind.Directive)
            {
                string d = head.Text;
                if (d == ".func")
                {
                    if (cur != null) throw Err(st, head, $"nested .func (missing .end for function {cur.NameTok.Text}?)");
                    cur = DeclareFunc(st);
                    _order.Add((st, cur));
                }
                else if (d == ".end")
                {
                    if (cur == null) throw Err(st, head, ".end outside .func");
                    if (p > 0) cur.Body.Add(new Stmt(st.Line, toks.GetRange(0, p), p));
                    new Cursor(this, st, p + 1).ExpectEnd();
                    if (!cur.HasMaxStack) throw Err(cur.Header, cur.Header.Head, $"missing .maxstack in function {cur.NameTok.Text}");
                    cur = null;
                }
                else if (ModuleDirectives.Contains(d))
                {
                    if (cur != null) throw Err(st, head, $"{d} inside function {cur.NameTok.Text} (missing .end?)");
                    DeclareModuleItem(st);
                    _order.Add((st, null));
                }
                else if (FuncDirectives.Contains(d))
                {
                    if (cur == null) throw Err(st, head, $"{d} outside .func");
                    DeclareInFunc(cur, st);
                    cur.Body.Add(st);
                }
                else throw Err(st, head, $"unknown directive {d}");
            }
            else if (head.Kind == TokKind.Ident)
            {
                if (cur == null) throw Err(st, head, $"instruction {head.Text} outside .func");
                if (!Ops.TryGet(head.Text, out _)) throw Err(st, head, $"unknown instruction {head.Text}");
                cur.Body.Add(st);
            }
            else throw Err(st, head, $"expected instruction, directive or label, found {head.Text}");
        }
        if (cur != null) throw Err(cur.Header, cur.Header.Head, $"missing .end for function {cur.NameTok.Text}");
    }

    /// <summary>Declares a table entry's name: an identifier or quoted string is the real name, a
    /// generated name (<c>$x</c>) declares a nameless entry. Returns the real name.</summary>
    string DeclareName(Stmt st, Token t, NameTable table, int index)
    {
        if (t.Kind == TokKind.Ident && t.Text.StartsWith('$'))
        {
            if (!table.Alias.TryAdd(t.Text, index)) throw Err(st, t, $"duplicate {table.What} {t.Text}");
            return "";
        }
        string name;
        if (t.Kind == TokKind.Ident) name = t.Text;
        else if (t.Kind == TokKind.String) name = Encoding.UTF8.GetString(t.Bytes);
        else throw Err(st, t, $"expected {table.What} name, found {t.Text}");
        if (!table.Real.TryGetValue(name, out var list)) table.Real[name] = list = [];
        list.Add(index);
        return name;
    }

    void DeclareModuleItem(Stmt st)
    {
        var c = new Cursor(this, st, st.Pos + 1);
        switch (st.Head.Text)
        {
            case ".type":
            {
                var t = c.Next("type name");
                int idx = _types.Count++;
                _m.Types.Add(new TypeDef { Name = DeclareName(st, t, _types, idx) });
                _typeDecls.Add((st, t));
                _typeIndexByStmt[st] = idx;
                break;
            }
            case ".global":
            {
                var t = c.Next("global name");
                int idx = _globals.Count++;
                _m.Globals.Add(new GlobalDef(DeclareName(st, t, _globals, idx), -1));
                _globalIndexByStmt[st] = idx;
                break;
            }
        }
    }

    FuncSrc DeclareFunc(Stmt st)
    {
        var c = new Cursor(this, st, st.Pos + 1);
        var nameTok = c.Next("function name");
        int idx = _funcs.Count++;
        var fd = new FunctionDef { Name = DeclareName(st, nameTok, _funcs, idx) };
        _m.Funcs.Add(fd);
        var f = new FuncSrc(idx, st, nameTok);
        var names = new List<Token>();
        f.Sig = ParseSigSpec(c, names);
        c.ExpectEnd();
        for (int i = 0; i < names.Count; i++)
            if (!f.LocalNames.TryAdd(names[i].Text, (true, i))) throw Err(st, names[i], $"duplicate parameter {names[i].Text}");
        return f;
    }

    void DeclareInFunc(FuncSrc f, Stmt st)
    {
        var c = new Cursor(this, st, st.Pos + 1);
        var fd = _m.Funcs[f.Index];
        switch (st.Head.Text)
        {
            case ".locals":
            {
                var t = c.Next("slot kinds");
                foreach (var k in ParseKindLetters(st, t)) fd.Locals.Add(k);
                c.ExpectEnd();
                break;
            }
            case ".local":
            {
                var n = c.Next("local name");
                if (n.Kind != TokKind.Ident) throw Err(st, n, $"expected local name, found {n.Text}");
                var t = c.Next("slot kind");
                var kinds = ParseKindLetters(st, t);
                if (kinds.Length != 1) throw Err(st, t, $"bad slot kind '{t.Text}' (want i, f or p)");
                if (!f.LocalNames.TryAdd(n.Text, (false, fd.Locals.Count))) throw Err(st, n, $"duplicate local {n.Text}");
                fd.Locals.Add(kinds[0]);
                c.ExpectEnd();
                break;
            }
            case ".frameobj" or ".deferrec":
            {
                var n = c.Next("name");
                if (n.Kind != TokKind.Ident) throw Err(st, n, $"expected name, found {n.Text}");
                var table = st.Head.Text == ".frameobj" ? f.FrameObjs : f.DeferRecs;
                string what = st.Head.Text == ".frameobj" ? "frame object" : "defer record";
                if (!table.TryAdd(n.Text, table.Count)) throw Err(st, n, $"duplicate {what} {n.Text}");
                break;
            }
            case ".maxstack":
                if (f.HasMaxStack) throw Err(st, st.Head, "duplicate .maxstack");
                f.HasMaxStack = true;
                break;
        }
    }

    // ---------------------------------------------------------------- pass 2: module items

    void FillType(Stmt st, Cursor c)
    {
        var td = _m.Types[_typeIndexByStmt[st]];
        c.Next("type name");
        var t = c.Next("type");
        if (t.Is("*")) { td.Kind = TypeKind.Ptr; td.Elem = ParseTypeRef(c); return; }
        if (t.Is("["))
        {
            if (c.Peek is { } p && p.Is("]"))
            {
                c.Next("]");
                td.Kind = TypeKind.Slice;
            }
            else
            {
                var n = c.Next("array length");
                var v = IntLit(st, n);
                if (v < 0) throw Err(st, n, $"negative array length {n.Text}");
                if (v > long.MaxValue) throw Err(st, n, $"array length {n.Text} out of range");
                td.Kind = TypeKind.Array;
                td.Len = (long)v;
                c.Expect("]");
            }
            td.Elem = ParseTypeRef(c);
            return;
        }
        if (t.Kind != TokKind.Ident) throw Err(st, t, $"expected type kind, found {t.Text}");
        if (Syntax.ScalarByKeyword.TryGetValue(t.Text, out var kind)) { td.Kind = kind; return; }
        switch (t.Text)
        {
            case "chan":
                td.Kind = TypeKind.Chan;
                td.Elem = ParseTypeRef(c);
                return;
            case "struct":
                td.Kind = TypeKind.Struct;
                ParseFields(c, td);
                return;
            case "func":
                td.Kind = TypeKind.Func;
                td.Sig = SigIndexForTable(c);
                return;
            case "closure":
                td.Kind = TypeKind.Closure;
                td.Sig = SigIndexForTable(c);
                if (c.Peek is { } b && b.Is("{")) ParseFields(c, td);
                return;
            default:
                throw Err(st, t, $"unknown type kind {t.Text}");
        }
    }

    int SigIndexForTable(Cursor c)
    {
        var s = ParseSigSpec(c, null);
        if (s.Sig != null) return InternSig(s.Sig);
        if (s.Raw < 0 || s.Raw > int.MaxValue) throw Err(c.Stmt, s.At, $"signature index {s.Raw} out of range");
        return (int)s.Raw;
    }

    void ParseFields(Cursor c, TypeDef td)
    {
        c.Expect("{");
        while (true)
        {
            var t = c.Next("field name or }");
            if (t.Is("}")) break;
            string name;
            if (t.Kind == TokKind.Ident) name = t.Text;
            else if (t.Kind == TokKind.String) name = Encoding.UTF8.GetString(t.Bytes);
            else throw Err(c.Stmt, t, $"expected field name, found {t.Text}");
            int type = ParseTypeRef(c);
            td.Fields.Add(new FieldDef(name, type, 0));
            var sep = c.Next("; or }");
            if (sep.Is("}")) break;
            if (!sep.Is(";") && !sep.Is(",")) throw Err(c.Stmt, sep, $"expected ; or }} after field, found {sep.Text}");
        }
    }

    /// <summary>A type reference inside the type table: must name an existing type (layouts depend on it).</summary>
    int ParseTypeRef(Cursor c) => (int)ParseRef(c, _types, 0, _types.Count - 1, structural: true);

    /// <summary>The type of a global or frame object: <c>#N</c> may be any index (the verifier checks it),
    /// so that modules it rejects still round-trip through text.</summary>
    int ParseLooseTypeRef(Cursor c) => (int)ParseRef(c, _types, int.MinValue, int.MaxValue);

    /// <summary>
    /// A reference to a table entry: a plain name, a quoted name, a generated name (<c>$x</c>) or a raw
    /// index (<c>#N</c>, which must lie in [<paramref name="min"/>, <paramref name="max"/>]).
    /// </summary>
    long ParseRef(Cursor c, NameTable table, long min, long max, bool structural = false)
    {
        var t = c.Next($"{table.What} name");
        var st = c.Stmt;
        if (t.Is("#"))
        {
            var n = c.Next("index");
            var v = IntLit(st, n);
            if (v < min || v > max)
                throw Err(st, n, structural ? $"{table.What} index {n.Text} out of range (have {table.Count})" : $"{table.What} index {n.Text} out of range");
            return (long)v;
        }
        if (t.Kind == TokKind.Ident && t.Text.StartsWith('$'))
            return table.Alias.TryGetValue(t.Text, out int a) ? a : throw Err(st, t, $"undefined {table.What} {t.Text}");
        string name;
        if (t.Kind == TokKind.Ident) name = t.Text;
        else if (t.Kind == TokKind.String) name = Encoding.UTF8.GetString(t.Bytes);
        else throw Err(st, t, $"expected {table.What} name, found {t.Text}");
        if (!table.Real.TryGetValue(name, out var list)) throw Err(st, t, $"undefined {table.What} {t.Text}");
        if (list.Count > 1) throw Err(st, t, $"ambiguous {table.What} {t.Text} (declared {list.Count} times): refer to it as #index");
        return list[0];
    }

    // ---------------------------------------------------------------- signatures

    /// <summary><c>(kinds) -&gt; (kinds)</c> or <c>#N</c>. With <paramref name="paramNames"/>, parameters may be
    /// written named: <c>(n i, s p)</c>.</summary>
    SigSpec ParseSigSpec(Cursor c, List<Token>? paramNames)
    {
        var t = c.Peek;
        if (t != null && t.Is("#"))
        {
            c.Next("#");
            var n = c.Next("signature index");
            var v = IntLit(c.Stmt, n);
            if (v < 0 || v > uint.MaxValue) throw Err(c.Stmt, n, $"signature index {n.Text} out of range");
            return new SigSpec(null, (long)v, n);
        }
        var at = c.Peek ?? c.EndToken;
        return new SigSpec(ParseSigText(c, paramNames), 0, at);
    }

    Signature ParseSigText(Cursor c, List<Token>? paramNames)
    {
        var open = c.Next("signature");
        if (!open.Is("(")) throw Err(c.Stmt, open, $"expected signature like (ip) -> (i), found {open.Text}");
        var ps = ParseKindList(c, paramNames);
        SlotKind[] rs = [];
        if (c.Peek is { } arrow && arrow.Is("->"))
        {
            c.Next("->");
            c.Expect("(");
            rs = ParseKindList(c, null);
        }
        return new Signature(ps, rs);
    }

    /// <summary>After '(': kinds up to and including ')'.</summary>
    SlotKind[] ParseKindList(Cursor c, List<Token>? names)
    {
        var st = c.Stmt;
        var t = c.Next("slot kinds or )");
        if (t.Is(")")) return [];
        if (t.Kind != TokKind.Ident) throw Err(st, t, $"expected slot kinds (i, f, p), found {t.Text}");
        if (names != null && c.Peek is { Kind: TokKind.Ident })
        {
            var kinds = new List<SlotKind>();
            while (true)
            {
                names.Add(t);
                var k = c.Next("slot kind");
                var one = ParseKindLetters(st, k);
                if (one.Length != 1) throw Err(st, k, $"bad slot kind '{k.Text}' in signature (want i, f or p)");
                kinds.Add(one[0]);
                var sep = c.Next(", or )");
                if (sep.Is(")")) return kinds.ToArray();
                if (!sep.Is(",")) throw Err(st, sep, $"expected , or ) in parameter list, found {sep.Text}");
                t = c.Next("parameter name");
                if (t.Kind != TokKind.Ident) throw Err(st, t, $"expected parameter name, found {t.Text}");
            }
        }
        var r = ParseKindLetters(st, t);
        c.Expect(")");
        return r;
    }

    SlotKind[] ParseKindLetters(Stmt st, Token t)
    {
        if (t.Kind != TokKind.Ident) throw Err(st, t, $"expected slot kinds (i, f, p), found {t.Text}");
        var r = new SlotKind[t.Text.Length];
        for (int i = 0; i < t.Text.Length; i++)
            if (!SlotKinds.TryParse(t.Text[i], out r[i]))
                throw new AsmException(file, st.Line, t.Col + i, $"bad slot kind '{t.Text[i]}' in signature (want i, f or p)");
        return r;
    }

    // ---------------------------------------------------------------- numbers

    Int128 IntLit(Stmt st, Token t)
    {
        if (t.Kind == TokKind.Char) return t.Value;
        if (t.Kind != TokKind.Number) throw Err(st, t, $"expected number, found {t.Text}");
        if (!Numbers.TryParseInt(t.Text, out var v, out bool overflow)) throw Err(st, t, $"bad number {t.Text}");
        if (overflow) throw Err(st, t, $"number {t.Text} out of range (64 bits)");
        return v;
    }

    static string KindDesc(OperandKind k) => k switch
    {
        OperandKind.Imm8 => "u8 immediate",
        OperandKind.Count => "u16 count",
        OperandKind.Offset => "i32 offset",
        OperandKind.Local => "u16 local index",
        OperandKind.FrameObj => "u16 frame object index",
        OperandKind.DeferRec => "u16 defer record index",
        OperandKind.Runtime => "u16 runtime function index",
        OperandKind.Label => "u32 code offset",
        OperandKind.I64 => "i64 immediate",
        _ => $"u32 {k.ToString().ToLowerInvariant()} index",
    };

    long Operand(Stmt st, Token t, Int128 v, OperandKind k)
    {
        if (k == OperandKind.I64) return v < 0 ? (long)v : (long)(ulong)v; // IntLit keeps v in [-2^63, 2^64-1]
        if (v < long.MinValue || v > long.MaxValue || !InstrCodec.Fits(k, (long)v))
            throw Err(st, t, $"{t.Text} out of range for {KindDesc(k)}");
        return (long)v;
    }

    long ParseF64(Cursor c)
    {
        var st = c.Stmt;
        var t = c.Next("float");
        if (t.Kind == TokKind.Ident && t.Text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            if (c.Peek is not { } open || !open.Is("(")) return Numbers.GoNaNBits;
            c.Next("(");
            var b = c.Next("NaN bits");
            var v = IntLit(st, b);
            c.Expect(")");
            long bits = v < 0 ? (long)v : (long)(ulong)v;
            if (!double.IsNaN(BitConverter.Int64BitsToDouble(bits))) throw Err(st, b, $"nan({b.Text}): bits are not a NaN");
            return bits;
        }
        if (t.Kind is not (TokKind.Number or TokKind.Ident)) throw Err(st, t, $"expected float, found {t.Text}");
        if (!Numbers.TryParseFloat(t.Text, out double d, out bool overflow)) throw Err(st, t, $"bad float {t.Text}");
        if (overflow) throw Err(st, t, $"float {t.Text} out of range for float64");
        return BitConverter.DoubleToInt64Bits(d);
    }

    // ---------------------------------------------------------------- functions

    void AssembleFunc(FuncSrc f)
    {
        var fd = _m.Funcs[f.Index];
        var sig = f.Sig;
        if (sig.Sig != null) fd.Sig = InternSig(sig.Sig);
        else
        {
            if (sig.Raw > int.MaxValue) throw Err(f.Header, sig.At, $"signature index {sig.Raw} out of range");
            fd.Sig = (int)sig.Raw;
        }
        int paramCount = fd.Sig < _m.Sigs.Count ? _m.Sigs[fd.Sig].Params.Length : 0;

        var cb = new CodeBuilder();
        int anyBound = cb.NewLabel();   // stands in for raw (@N) label operands, patched after Finish
        cb.Bind(anyBound);
        var labelIds = new Dictionary<string, int>();
        foreach (var name in f.Labels.Keys) labelIds[name] = cb.NewLabel();
        var labelPcs = new Dictionary<string, int>();
        var patches = new List<(int At, OperandKind Kind, long Value)>();
        List<LineEntry>? explicitLines = null;
        Token? lineTok = null;
        (Token Tok, string? Label, long Raw)? deferReturn = null;
        bool fileSeen = false;

        foreach (var st in f.Body)
        {
            for (int i = 0; i < st.Pos; i += 2)
            {
                cb.Bind(labelIds[st.Toks[i].Text]);
                labelPcs[st.Toks[i].Text] = cb.Pc;
            }
            if (!st.HasRest) continue;
            var head = st.Head;
            var c = new Cursor(this, st, st.Pos + 1);
            if (head.Kind == TokKind.Ident)
            {
                EncodeInstr(f, st, c, cb, labelIds, anyBound, patches, paramCount);
                continue;
            }
            switch (head.Text)
            {
                case ".locals" or ".local":
                    continue; // done in pass 1
                case ".frameobj":
                    c.Next("name");
                    fd.FrameObjects.Add(ParseLooseTypeRef(c));
                    break;
                case ".deferrec":
                    c.Next("name");
                    fd.DeferRecords.Add(SigIndexForTable(c));
                    break;
                case ".maxstack":
                {
                    var n = c.Next("stack size");
                    var v = IntLit(st, n);
                    if (v < 0 || v > int.MaxValue) throw Err(st, n, $".maxstack {n.Text} out of range");
                    fd.MaxStack = (int)v;
                    break;
                }
                case ".deferreturn":
                {
                    if (deferReturn != null) throw Err(st, head, "duplicate .deferreturn");
                    var t = c.Next("label");
                    if (t.Is("@"))
                    {
                        var n = c.Next("code offset");
                        var v = IntLit(st, n);
                        if (v < int.MinValue || v > int.MaxValue) throw Err(st, n, $"code offset {n.Text} out of range");
                        deferReturn = (n, null, (long)v);
                    }
                    else if (t.Kind == TokKind.Ident)
                    {
                        if (!labelIds.ContainsKey(t.Text)) throw Err(st, t, $"undefined label {t.Text}");
                        deferReturn = (t, t.Text, 0);
                    }
                    else throw Err(st, t, $"expected label, found {t.Text}");
                    break;
                }
                case ".file":
                {
                    if (fileSeen) throw Err(st, head, "duplicate .file");
                    fileSeen = true;
                    var t = c.Next("file name");
                    if (t.Kind != TokKind.String) throw Err(st, t, $"expected quoted file name, found {t.Text}");
                    fd.File = Encoding.UTF8.GetString(t.Bytes);
                    break;
                }
                case ".line":
                {
                    if (explicitLines != null) throw Err(st, head, "cannot mix .line and .linetable in one function");
                    var n = c.Next("line number");
                    var v = IntLit(st, n);
                    if (v < int.MinValue || v > int.MaxValue) throw Err(st, n, $"line number {n.Text} out of range");
                    cb.Line((int)v);
                    lineTok = head;
                    break;
                }
                case ".linetable":
                {
                    if (lineTok != null) throw Err(st, head, "cannot mix .line and .linetable in one function");
                    explicitLines ??= [];
                    while (!c.AtEnd)
                    {
                        var pcTok = c.Next("pc");
                        var pc = IntLit(st, pcTok);
                        c.Expect(":");
                        var lnTok = c.Next("line");
                        var line = IntLit(st, lnTok);
                        if (pc < int.MinValue || pc > int.MaxValue) throw Err(st, pcTok, $"pc {pcTok.Text} out of range");
                        if (line < int.MinValue || line > int.MaxValue) throw Err(st, lnTok, $"line number {lnTok.Text} out of range");
                        explicitLines.Add(new LineEntry((int)pc, (int)line));
                    }
                    break;
                }
                case ".bytes":
                {
                    if (c.AtEnd) throw Err(st, head, ".bytes needs at least one byte");
                    while (!c.AtEnd)
                    {
                        var n = c.Next("byte");
                        var v = IntLit(st, n);
                        if (v < 0 || v > 255) throw Err(st, n, $"{n.Text} out of range for a byte");
                        patches.Add((cb.Pc, OperandKind.Imm8, (long)v));
                        cb.Emit(Op.Nop); // placeholder byte, overwritten below
                    }
                    break;
                }
            }
            c.ExpectEnd();
        }

        var code = cb.Finish(out var lines);
        foreach (var (at, kind, value) in patches) InstrCodec.WriteOperand(code.AsSpan(at), kind, value);
        fd.Code = code;
        fd.Lines = explicitLines ?? lines;
        if (deferReturn is { } dr) fd.DeferReturnPc = dr.Label != null ? labelPcs[dr.Label] : (int)dr.Raw;
    }

    void EncodeInstr(FuncSrc f, Stmt st, Cursor c, CodeBuilder cb, Dictionary<string, int> labelIds, int anyBound,
        List<(int, OperandKind, long)> patches, int paramCount)
    {
        var head = st.Head;
        Ops.TryGet(head.Text, out var info);
        Span<long> vals = stackalloc long[2];
        int at = cb.Pc + 1;
        for (int i = 0; i < info.Operands.Length; i++)
        {
            var k = info.Operands[i];
            if (c.AtEnd)
                throw Err(st, head, $"{info.Name}: too few operands (want {info.Operands.Length})");
            vals[i] = ParseOperand(f, st, c, info, k, labelIds, anyBound, patches, paramCount, at);
            at += OpInfo.OperandSize(k);
        }
        if (!c.AtEnd) throw Err(st, c.Peek!, $"{info.Name}: too many operands (want {info.Operands.Length})");
        cb.Emit(info.Op, vals[0], vals[1]);
    }

    long ParseOperand(FuncSrc f, Stmt st, Cursor c, OpInfo info, OperandKind k, Dictionary<string, int> labelIds, int anyBound,
        List<(int, OperandKind, long)> patches, int paramCount, int at)
    {
        switch (k)
        {
            case OperandKind.Local:
            {
                var t = c.Next("local");
                if (t.Kind == TokKind.Ident)
                {
                    if (!f.LocalNames.TryGetValue(t.Text, out var l)) throw Err(st, t, $"undefined local {t.Text}");
                    long slot = l.Param ? l.Ordinal : paramCount + (long)l.Ordinal;
                    if (!InstrCodec.Fits(k, slot)) throw Err(st, t, $"local {t.Text} is slot {slot}, out of range for {KindDesc(k)}");
                    return slot;
                }
                return Operand(st, t, IntLit(st, t), k);
            }
            case OperandKind.FrameObj or OperandKind.DeferRec:
            {
                var t = c.Next(k == OperandKind.FrameObj ? "frame object" : "defer record");
                if (t.Kind == TokKind.Ident)
                {
                    var table = k == OperandKind.FrameObj ? f.FrameObjs : f.DeferRecs;
                    if (!table.TryGetValue(t.Text, out int idx))
                        throw Err(st, t, $"undefined {(k == OperandKind.FrameObj ? "frame object" : "defer record")} {t.Text}");
                    if (!InstrCodec.Fits(k, idx)) throw Err(st, t, $"{t.Text} is number {idx}, out of range for {KindDesc(k)}");
                    return idx;
                }
                return Operand(st, t, IntLit(st, t), k);
            }
            case OperandKind.Global:
                return ParseRef(c, _globals, 0, uint.MaxValue);
            case OperandKind.Func:
                return ParseRef(c, _funcs, 0, uint.MaxValue);
            case OperandKind.Type:
                return ParseRef(c, _types, 0, uint.MaxValue);
            case OperandKind.Sig:
            {
                var s = ParseSigSpec(c, null);
                return s.Sig != null ? InternSig(s.Sig) : s.Raw;
            }
            case OperandKind.Str:
            {
                var t = c.Next("string");
                if (t.Kind == TokKind.String) return InternString(t.Bytes);
                if (t.Is("#"))
                {
                    var n = c.Next("string index");
                    return Operand(st, n, IntLit(st, n), k);
                }
                throw Err(st, t, $"expected string literal, found {t.Text}");
            }
            case OperandKind.Label:
            {
                var t = c.Next("label");
                if (t.Is("@"))
                {
                    var n = c.Next("code offset");
                    long v = Operand(st, n, IntLit(st, n), k);
                    patches.Add((at, k, v));
                    return anyBound;
                }
                if (t.Kind != TokKind.Ident) throw Err(st, t, $"expected label, found {t.Text}");
                return labelIds.TryGetValue(t.Text, out int id) ? id : throw Err(st, t, $"undefined label {t.Text}");
            }
            case OperandKind.Imm8:
            {
                var t = c.Next("immediate");
                if (t.Kind == TokKind.Ident)
                {
                    if (Syntax.TryImm8Value(info.Op, t.Text, out int v)) return v;
                    string vocab = Syntax.Imm8Vocabulary(info.Op);
                    throw Err(st, t, vocab.Length > 0 ? $"{info.Name}: unknown immediate {t.Text} (want {vocab} or a number)" : $"expected number, found {t.Text}");
                }
                return Operand(st, t, IntLit(st, t), k);
            }
            case OperandKind.Runtime:
            {
                var t = c.Next("runtime function");
                if (t.Is("#"))
                {
                    var n = c.Next("runtime function index");
                    return Operand(st, n, IntLit(st, n), k);
                }
                if (t.Kind != TokKind.Ident) throw Err(st, t, $"expected runtime function name, found {t.Text}");
                return RuntimeFuncs.TryGet(t.Text, out var rf) ? (long)rf.Id : throw Err(st, t, $"undefined runtime function {t.Text}");
            }
            case OperandKind.F64:
                return ParseF64(c);
            default: // Offset, Count, I64: integers
            {
                var t = c.Next("number");
                return Operand(st, t, IntLit(st, t), k);
            }
        }
    }

    // ---------------------------------------------------------------- token cursor

    /// <summary>Reads a statement's tokens left to right; every "expected X" error carries a position.</summary>
    sealed class Cursor(AsmRun a, Stmt st, int pos)
    {
        int _pos = pos;
        public Stmt Stmt => st;
        public bool AtEnd => _pos >= st.Toks.Count;
        public Token? Peek => AtEnd ? null : st.Toks[_pos];

        /// <summary>A zero-width token just after the last one, for "expected X at end of line" errors.</summary>
        public Token EndToken
        {
            get
            {
                var last = st.Toks[^1];
                return new Token(TokKind.Punct, "", last.Col + last.Text.Length);
            }
        }

        public Token Next(string expected)
        {
            if (AtEnd) throw a.Err(st, EndToken, $"expected {expected}, found end of line");
            return st.Toks[_pos++];
        }

        public void Expect(string punct)
        {
            var t = Next(punct);
            if (!t.Is(punct)) throw a.Err(st, t, $"expected {punct}, found {t.Text}");
        }

        public void ExpectEnd()
        {
            if (!AtEnd) throw a.Err(st, st.Toks[_pos], $"unexpected {st.Toks[_pos].Text} after {st.Head.Text}");
        }
    }
}
