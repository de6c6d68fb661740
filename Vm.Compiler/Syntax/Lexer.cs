using System.Globalization;
using System.Numerics;
using System.Text;

namespace Vm.Compiler.Syntax;

/// <summary>A source position: file index into the compilation's file list, 1-based line and byte column (as Go counts).</summary>
public readonly record struct Pos(int File, int Line, int Col)
{
    public static readonly Pos None = new(-1, 0, 0);
}

public enum T
{
    EOF, Ident, Int, Float, Imag, Char, String,
    // operators
    Add, Sub, Mul, Quo, Rem, And, Or, Xor, Shl, Shr, AndNot,
    AddAssign, SubAssign, MulAssign, QuoAssign, RemAssign, AndAssign, OrAssign, XorAssign, ShlAssign, ShrAssign, AndNotAssign,
    LAnd, LOr, Arrow, Inc, Dec, Eql, Lss, Gtr, Assign, Not, Neq, Leq, Geq, Define, Ellipsis,
    LParen, LBrack, LBrace, Comma, Period, RParen, RBrack, RBrace, Semicolon, Colon, Tilde,
    // keywords
    Break, Case, Chan, Const, Continue, Default, Defer, Else, Fallthrough, For, Func, Go, Goto, If,
    Import, Interface, Map, Package, Range, Return, Select, Struct, Switch, Type, Var,
}

public sealed class Token
{
    public T Kind;
    public Pos Pos;
    /// <summary>Identifier name or the literal's source text.</summary>
    public string Text = "";
    /// <summary>For Int and Char: the value. For String: the bytes. For Float: the double.</summary>
    public BigInteger IntVal;
    public Rat FloatVal;
    public byte[] StrVal = [];
    /// <summary>True for a semicolon the lexer inserted at a newline or EOF.</summary>
    public bool AutoSemi;
    public override string ToString() => Kind == T.Ident ? Text : Lexer.Spell(Kind);
}

/// <summary>Go's tokenizer, with automatic semicolon insertion (the Go spec, "Semicolons").</summary>
public sealed class Lexer
{
    readonly byte[] _src;
    readonly int _file;
    readonly Func<Pos, string, Exception> _err;
    int _i, _line = 1, _lineStart;
    T _last = T.Semicolon;

    static readonly Dictionary<string, T> Keywords = new()
    {
        ["break"] = T.Break, ["case"] = T.Case, ["chan"] = T.Chan, ["const"] = T.Const, ["continue"] = T.Continue,
        ["default"] = T.Default, ["defer"] = T.Defer, ["else"] = T.Else, ["fallthrough"] = T.Fallthrough,
        ["for"] = T.For, ["func"] = T.Func, ["go"] = T.Go, ["goto"] = T.Goto, ["if"] = T.If, ["import"] = T.Import,
        ["interface"] = T.Interface, ["map"] = T.Map, ["package"] = T.Package, ["range"] = T.Range,
        ["return"] = T.Return, ["select"] = T.Select, ["struct"] = T.Struct, ["switch"] = T.Switch,
        ["type"] = T.Type, ["var"] = T.Var,
    };

    static readonly Dictionary<T, string> Spellings = new()
    {
        [T.Add] = "+", [T.Sub] = "-", [T.Mul] = "*", [T.Quo] = "/", [T.Rem] = "%", [T.And] = "&", [T.Or] = "|",
        [T.Xor] = "^", [T.Shl] = "<<", [T.Shr] = ">>", [T.AndNot] = "&^", [T.AddAssign] = "+=", [T.SubAssign] = "-=",
        [T.MulAssign] = "*=", [T.QuoAssign] = "/=", [T.RemAssign] = "%=", [T.AndAssign] = "&=", [T.OrAssign] = "|=",
        [T.XorAssign] = "^=", [T.ShlAssign] = "<<=", [T.ShrAssign] = ">>=", [T.AndNotAssign] = "&^=", [T.LAnd] = "&&",
        [T.LOr] = "||", [T.Arrow] = "<-", [T.Inc] = "++", [T.Dec] = "--", [T.Eql] = "==", [T.Lss] = "<", [T.Gtr] = ">",
        [T.Assign] = "=", [T.Not] = "!", [T.Neq] = "!=", [T.Leq] = "<=", [T.Geq] = ">=", [T.Define] = ":=",
        [T.Ellipsis] = "...", [T.LParen] = "(", [T.LBrack] = "[", [T.LBrace] = "{", [T.Comma] = ",", [T.Period] = ".",
        [T.RParen] = ")", [T.RBrack] = "]", [T.RBrace] = "}", [T.Semicolon] = ";", [T.Colon] = ":", [T.Tilde] = "~",
        [T.EOF] = "EOF", [T.Ident] = "name", [T.Int] = "literal", [T.Float] = "literal", [T.Imag] = "literal",
        [T.Char] = "literal", [T.String] = "literal",
    };

    public static string Spell(T k)
    {
        if (Spellings.TryGetValue(k, out var s)) return s;
        foreach (var kv in Keywords) if (kv.Value == k) return kv.Key;
        return k.ToString();
    }

    public Lexer(string text, int file, Func<Pos, string, Exception> err)
    {
        _src = Encoding.UTF8.GetBytes(text);
        _file = file;
        _err = err;
    }

    Pos PosAt(int i) => new(_file, _line, i - _lineStart + 1);

    public List<Token> All()
    {
        var r = new List<Token>();
        while (true)
        {
            var t = Next();
            r.Add(t);
            if (t.Kind == T.EOF) return r;
        }
    }

    bool NeedsSemi => _last is T.Ident or T.Int or T.Float or T.Imag or T.Char or T.String or T.Break or T.Continue
        or T.Fallthrough or T.Return or T.Inc or T.Dec or T.RParen or T.RBrack or T.RBrace;

    Token Next()
    {
        var t = Scan();
        _last = t.Kind;
        return t;
    }

    Token Semi(int at) => new() { Kind = T.Semicolon, Pos = PosAt(at), Text = "newline", AutoSemi = true };

    Token Scan()
    {
        // skip whitespace and comments, inserting a semicolon at a newline when the last token asks for one
        while (true)
        {
            if (_i >= _src.Length)
            {
                if (NeedsSemi) return new Token { Kind = T.Semicolon, Pos = PosAt(_i), Text = "EOF", AutoSemi = true };
                return new Token { Kind = T.EOF, Pos = PosAt(_i) };
            }
            byte c = _src[_i];
            if (c == '\n')
            {
                if (NeedsSemi) { var s = Semi(_i); NewLine(); return s; }
                NewLine();
                continue;
            }
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r') { _i++; continue; }
            if (c == '/' && _i + 1 < _src.Length && _src[_i + 1] == '/')
            {
                while (_i < _src.Length && _src[_i] != '\n') _i++;
                continue;
            }
            if (c == '/' && _i + 1 < _src.Length && _src[_i + 1] == '*')
            {
                var start = PosAt(_i);
                _i += 2;
                bool hadNewline = false;
                int nlAt = -1;
                while (true)
                {
                    if (_i + 1 >= _src.Length) throw _err(start, "comment not terminated");
                    if (_src[_i] == '*' && _src[_i + 1] == '/') { _i += 2; break; }
                    if (_src[_i] == '\n') { if (!hadNewline) nlAt = _i; hadNewline = true; NewLine(); continue; }
                    _i++;
                }
                if (hadNewline && NeedsSemi) return new Token { Kind = T.Semicolon, Pos = start, Text = "newline", AutoSemi = true };
                _ = nlAt;
                continue;
            }
            break;
        }

        int st = _i;
        var pos = PosAt(st);
        byte ch = _src[_i];
        if (IsLetterStart(ch))
        {
            while (_i < _src.Length && IsLetterPart(_src[_i])) _i++;
            var name = Encoding.UTF8.GetString(_src, st, _i - st);
            if (Keywords.TryGetValue(name, out var kw)) return new Token { Kind = kw, Pos = pos, Text = name };
            return new Token { Kind = T.Ident, Pos = pos, Text = name };
        }
        if (IsDigit(ch) || (ch == '.' && _i + 1 < _src.Length && IsDigit(_src[_i + 1]))) return Number(pos);
        if (ch == '"') return InterpretedString(pos);
        if (ch == '`') return RawString(pos);
        if (ch == '\'') return RuneLit(pos);

        _i++;
        T k;
        switch ((char)ch)
        {
            case '(': k = T.LParen; break;
            case ')': k = T.RParen; break;
            case '[': k = T.LBrack; break;
            case ']': k = T.RBrack; break;
            case '{': k = T.LBrace; break;
            case '}': k = T.RBrace; break;
            case ',': k = T.Comma; break;
            case ';': k = T.Semicolon; break;
            case '~': k = T.Tilde; break;
            case '.':
                if (Peek('.') && PeekAt(1, '.')) { _i += 2; k = T.Ellipsis; } else k = T.Period;
                break;
            case ':': k = Eat('=') ? T.Define : T.Colon; break;
            case '+': k = Eat('+') ? T.Inc : Eat('=') ? T.AddAssign : T.Add; break;
            case '-': k = Eat('-') ? T.Dec : Eat('=') ? T.SubAssign : T.Sub; break;
            case '*': k = Eat('=') ? T.MulAssign : T.Mul; break;
            case '/': k = Eat('=') ? T.QuoAssign : T.Quo; break;
            case '%': k = Eat('=') ? T.RemAssign : T.Rem; break;
            case '^': k = Eat('=') ? T.XorAssign : T.Xor; break;
            case '=': k = Eat('=') ? T.Eql : T.Assign; break;
            case '!': k = Eat('=') ? T.Neq : T.Not; break;
            case '&':
                if (Eat('&')) k = T.LAnd;
                else if (Eat('^')) k = Eat('=') ? T.AndNotAssign : T.AndNot;
                else k = Eat('=') ? T.AndAssign : T.And;
                break;
            case '|': k = Eat('|') ? T.LOr : Eat('=') ? T.OrAssign : T.Or; break;
            case '<':
                if (Eat('-')) k = T.Arrow;
                else if (Eat('<')) k = Eat('=') ? T.ShlAssign : T.Shl;
                else k = Eat('=') ? T.Leq : T.Lss;
                break;
            case '>':
                if (Eat('>')) k = Eat('=') ? T.ShrAssign : T.Shr;
                else k = Eat('=') ? T.Geq : T.Gtr;
                break;
            default:
                _i = st;
                var r = DecodeRune(out int n);
                throw _err(pos, r < 0 ? $"invalid UTF-8 encoding" : $"invalid character U+{r:X4}{(r >= 32 && r != 0x7f ? $" '{char.ConvertFromUtf32(r)}'" : "")}");
        }
        return new Token { Kind = k, Pos = pos, Text = Spell(k) };
    }

    void NewLine() { _i++; _line++; _lineStart = _i; }

    bool Peek(char c) => _i < _src.Length && _src[_i] == c;
    bool PeekAt(int d, char c) => _i + d < _src.Length && _src[_i + d] == c;
    bool Eat(char c) { if (Peek(c)) { _i++; return true; } return false; }

    static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
    static bool IsLetterStart(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_' or >= 0x80;
    static bool IsLetterPart(byte c) => IsLetterStart(c) || IsDigit(c);

    int DecodeRune(out int n)
    {
        n = 1;
        var s = _src.AsSpan(_i);
        if (System.Text.Rune.DecodeFromUtf8(s, out var rune, out n) != System.Buffers.OperationStatus.Done) { n = Math.Max(1, n); return -1; }
        return rune.Value;
    }

    Token Number(Pos pos)
    {
        int st = _i;
        // Go reports a malformed number where the scan stopped (an invalid digit: at the digit)
        Pos At(int k) => new(pos.File, pos.Line, pos.Col + (k - st));
        bool isFloat = false;
        int radix = 10;
        if (_src[_i] == '0' && _i + 1 < _src.Length && (_src[_i + 1] | 0x20) is (byte)'x' or (byte)'b' or (byte)'o')
        {
            radix = (_src[_i + 1] | 0x20) switch { (byte)'x' => 16, (byte)'b' => 2, _ => 8 };
            _i += 2;
            while (_i < _src.Length && (IsHex(_src[_i]) || _src[_i] == '_')) _i++;
            if (radix == 16 && _i < _src.Length && (_src[_i] == '.' || (_src[_i] | 0x20) == 'p'))
            {
                isFloat = true;
                if (_src[_i] == '.') { _i++; while (_i < _src.Length && (IsHex(_src[_i]) || _src[_i] == '_')) _i++; }
                if (_i >= _src.Length || (_src[_i] | 0x20) != 'p') throw _err(At(_i), "hexadecimal mantissa requires a 'p' exponent");
                _i++;
                if (_i < _src.Length && (_src[_i] == '+' || _src[_i] == '-')) _i++;
                if (_i >= _src.Length || !IsDigit(_src[_i])) throw _err(At(_i), "exponent has no digits");
                while (_i < _src.Length && IsDigit(_src[_i])) _i++;
            }
        }
        else
        {
            while (_i < _src.Length && (IsDigit(_src[_i]) || _src[_i] == '_')) _i++;
            if (_i < _src.Length && _src[_i] == '.') { isFloat = true; _i++; while (_i < _src.Length && (IsDigit(_src[_i]) || _src[_i] == '_')) _i++; }
            if (_i < _src.Length && (_src[_i] | 0x20) == 'e')
            {
                isFloat = true;
                _i++;
                if (_i < _src.Length && (_src[_i] == '+' || _src[_i] == '-')) _i++;
                if (_i >= _src.Length || !IsDigit(_src[_i])) throw _err(At(_i), "exponent has no digits");
                while (_i < _src.Length && IsDigit(_src[_i])) _i++;
            }
        }
        var text = Encoding.ASCII.GetString(_src, st, _i - st);
        if (_i < _src.Length && _src[_i] == 'i') { _i++; throw _err(pos, "unsupported: complex numbers"); }
        var clean = text.Replace("_", "");
        if (isFloat)
        {
            Rat r;
            try { r = Rat.Parse(clean); }
            catch (Exception ex) when (ex is FormatException or OverflowException) { throw _err(pos, $"invalid floating-point literal {text}"); }
            return new Token { Kind = T.Float, Pos = pos, Text = text, FloatVal = r };
        }
        BigInteger v = 0;
        string digits = radix == 10 ? clean : clean[2..];
        if (radix == 10 && digits.Length > 1 && digits[0] == '0') radix = 8; // legacy octal 0777
        if (digits.Length == 0) throw _err(At(_i), $"{(radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary")} literal has no digits");
        foreach (char c in digits)
        {
            int dv = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            if (dv >= radix) throw _err(At(st + text.IndexOf(c, radix == 8 && text.Length > 1 && (text[1] | 0x20) != 'o' ? 1 : 2)), $"invalid digit '{c}' in {(radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : radix == 2 ? "binary" : "decimal")} literal");
            v = v * radix + dv;
        }
        return new Token { Kind = T.Int, Pos = pos, Text = text, IntVal = v };
    }

    static bool IsHex(byte c) => IsDigit(c) || (c | 0x20) is >= (byte)'a' and <= (byte)'f';

    Token InterpretedString(Pos pos)
    {
        int st = _i;
        _i++;
        var buf = new List<byte>();
        while (true)
        {
            if (_i >= _src.Length) throw _err(pos, "string literal not terminated");
            if (_src[_i] == '\n') throw _err(PosAt(_i), "newline in string");
            byte c = _src[_i];
            if (c == '"') { _i++; break; }
            if (c == '\\') { Escape(buf, '"'); continue; }
            buf.Add(c);
            _i++;
        }
        return new Token { Kind = T.String, Pos = pos, Text = Encoding.UTF8.GetString(_src, st, _i - st), StrVal = buf.ToArray() };
    }

    Token RawString(Pos pos)
    {
        int st = _i;
        _i++;
        var buf = new List<byte>();
        while (true)
        {
            if (_i >= _src.Length) throw _err(pos, "string literal not terminated");
            byte c = _src[_i];
            if (c == '`') { _i++; break; }
            if (c == '\n') { buf.Add(c); NewLine(); continue; }
            if (c != '\r') buf.Add(c);
            _i++;
        }
        return new Token { Kind = T.String, Pos = pos, Text = "`...`", StrVal = buf.ToArray() };
    }

    Token RuneLit(Pos pos)
    {
        int st = _i;
        _i++;
        var buf = new List<byte>();
        long val;
        if (_i < _src.Length && _src[_i] == '\\')
        {
            val = Escape(buf, '\'');
        }
        else
        {
            if (_i >= _src.Length || _src[_i] == '\n' || _src[_i] == '\'') throw _err(pos, _i < _src.Length && _src[_i] == '\'' ? "empty rune literal or unescaped ' in rune literal" : "rune literal not terminated");
            val = DecodeRune(out int n);
            if (val < 0) throw _err(pos, "invalid UTF-8 encoding");
            _i += n;
        }
        if (_i >= _src.Length || _src[_i] != '\'') throw _err(pos, "more than one character in rune literal");
        _i++;
        return new Token { Kind = T.Char, Pos = pos, Text = Encoding.UTF8.GetString(_src, st, _i - st), IntVal = val };
    }

    /// <summary>Reads one escape at _i (a backslash); appends its bytes; returns its value (rune or byte).</summary>
    long Escape(List<byte> buf, char quote)
    {
        var pos = PosAt(_i);
        _i++;
        if (_i >= _src.Length) throw _err(pos, "escape sequence not terminated");
        char c = (char)_src[_i++];
        long v;
        switch (c)
        {
            case 'a': v = 7; break;
            case 'b': v = 8; break;
            case 'f': v = 12; break;
            case 'n': v = 10; break;
            case 'r': v = 13; break;
            case 't': v = 9; break;
            case 'v': v = 11; break;
            case '\\': v = '\\'; break;
            case '\'' or '"':
                if (c != quote) throw _err(pos, "unknown escape sequence");
                v = c;
                break;
            case >= '0' and <= '7':
                v = c - '0';
                for (int k = 0; k < 2; k++)
                {
                    if (_i >= _src.Length || _src[_i] is < (byte)'0' or > (byte)'7') throw _err(pos, "invalid character in escape sequence");
                    v = v * 8 + (_src[_i++] - '0');
                }
                if (v > 255) throw _err(pos, "octal escape value > 255: " + v);
                buf.Add((byte)v);
                return v;
            case 'x' or 'u' or 'U':
            {
                int n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                v = 0;
                for (int k = 0; k < n; k++)
                {
                    if (_i >= _src.Length || !IsHex(_src[_i])) throw _err(pos, "invalid character in escape sequence");
                    byte h = _src[_i++];
                    v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                }
                if (c == 'x') { buf.Add((byte)v); return v; }
                if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) throw _err(pos, "escape sequence is invalid Unicode code point");
                break;
            }
            default: throw _err(pos, "unknown escape sequence");
        }
        buf.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32((int)v)));
        return v;
    }
}
