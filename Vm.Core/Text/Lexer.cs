using System.Text;

namespace Vm.Core.Text;

/// <summary>Kinds of <c>.gobs</c> tokens (docs/gobs-syntax.md, "Lexical elements").</summary>
enum TokKind : byte
{
    /// <summary>Name, mnemonic or keyword: <c>[A-Za-z_$][A-Za-z0-9_.$]*</c>.</summary>
    Ident,
    /// <summary>A directive: <c>.</c> followed by an identifier.</summary>
    Directive,
    /// <summary>A number-like word: optional sign, then digits, letters, '.', '_' (and an exponent sign).
    /// Also <c>-inf</c> / <c>+inf</c>. Its value is parsed by the operand that wants it.</summary>
    Number,
    /// <summary>A string literal ("..." or `...`); <see cref="Token.Bytes"/> holds its bytes.</summary>
    String,
    /// <summary>A rune literal ('x'); <see cref="Token.Value"/> holds its code point.</summary>
    Char,
    /// <summary>One of <c>( ) { } [ ] * ; , : @ # =</c> or the arrow <c>-&gt;</c>.</summary>
    Punct,
}

/// <summary>One token with its 1-based column.</summary>
sealed class Token(TokKind kind, string text, int col)
{
    public TokKind Kind { get; } = kind;
    /// <summary>The token's source text (for strings: the literal with its quotes).</summary>
    public string Text { get; } = text;
    public int Col { get; } = col;
    public byte[] Bytes { get; init; } = [];
    public long Value { get; init; }

    public bool Is(string punct) => Kind == TokKind.Punct && Text == punct;
    public override string ToString() => Text;
}

/// <summary>Splits one line of <c>.gobs</c> text into tokens. Raises only <see cref="AsmException"/>.</summary>
static class Lexer
{
    public static bool IsIdentStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or '$';
    public static bool IsIdentChar(char c) => IsIdentStart(c) || c is (>= '0' and <= '9') or '.';
    static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static List<Token> Line(string file, int lineNo, string s)
    {
        var toks = new List<Token>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c is ' ' or '\t' or '\r' or '\f' or '\v') { i++; continue; }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/') break;
            int start = i;
            if (IsIdentStart(c))
            {
                while (i < s.Length && IsIdentChar(s[i])) i++;
                toks.Add(new Token(TokKind.Ident, s[start..i], start + 1));
            }
            else if (c == '.' && i + 1 < s.Length && IsIdentStart(s[i + 1]))
            {
                i++;
                while (i < s.Length && IsIdentChar(s[i])) i++;
                toks.Add(new Token(TokKind.Directive, s[start..i], start + 1));
            }
            else if (IsDigit(c) || ((c is '-' or '+') && i + 1 < s.Length && (IsDigit(s[i + 1]) || IsIdentStart(s[i + 1]) || s[i + 1] == '.'))
                     || (c == '.' && i + 1 < s.Length && IsDigit(s[i + 1])))
            {
                i++;
                bool hex = false;
                while (i < s.Length)
                {
                    char d = s[i];
                    if (IsIdentChar(d) && d != '$') { i++; if (d is 'x' or 'X' && i - start <= 3) hex = true; continue; }
                    // Exponent sign of a decimal float: 1e-5, 2.5E+10.
                    if (d is '+' or '-' && !hex && s[i - 1] is 'e' or 'E' && i + 1 < s.Length && IsDigit(s[i + 1])) { i++; continue; }
                    break;
                }
                toks.Add(new Token(TokKind.Number, s[start..i], start + 1));
            }
            else if (c == '"' || c == '`')
            {
                var (bytes, end) = ReadString(file, lineNo, s, i);
                toks.Add(new Token(TokKind.String, s[start..end], start + 1) { Bytes = bytes });
                i = end;
            }
            else if (c == '\'')
            {
                var (value, end) = ReadChar(file, lineNo, s, i);
                toks.Add(new Token(TokKind.Char, s[start..end], start + 1) { Value = value });
                i = end;
            }
            else if (c == '-' && i + 1 < s.Length && s[i + 1] == '>')
            {
                toks.Add(new Token(TokKind.Punct, "->", start + 1));
                i += 2;
            }
            else if ("(){}[]*;,:@#=".Contains(c))
            {
                toks.Add(new Token(TokKind.Punct, c.ToString(), start + 1));
                i++;
            }
            else
            {
                throw new AsmException(file, lineNo, start + 1, $"unexpected character {Quote(c)}");
            }
        }
        return toks;
    }

    static string Quote(char c) => c < ' ' || c == 0x7f ? $"U+{(int)c:X4}" : $"'{c}'";

    /// <summary>Reads a Go string literal starting at the quote; returns its bytes and the index after it.</summary>
    static (byte[] bytes, int end) ReadString(string file, int lineNo, string s, int start)
    {
        char q = s[start];
        var buf = new List<byte>();
        int i = start + 1;
        Span<byte> enc = stackalloc byte[4];
        while (true)
        {
            if (i >= s.Length) throw new AsmException(file, lineNo, start + 1, "unterminated string");
            char c = s[i];
            if (c == q) return (buf.ToArray(), i + 1);
            if (c == '\\' && q == '"')
            {
                int at = i;
                i++;
                if (i >= s.Length) throw new AsmException(file, lineNo, start + 1, "unterminated string");
                if (!ReadEscape(s, ref i, '"', out long v, out bool isByte))
                    throw new AsmException(file, lineNo, at + 1, $"bad escape {EscapeText(s, at)} in string");
                if (isByte) buf.Add((byte)v);
                else AppendRune(buf, (int)v, enc);
                continue;
            }
            // Literal text: the UTF-8 encoding of the characters as written.
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                AppendRune(buf, char.ConvertToUtf32(c, s[i + 1]), enc);
                i += 2;
            }
            else
            {
                AppendRune(buf, char.IsSurrogate(c) ? 0xFFFD : c, enc);
                i++;
            }
        }
    }

    static string EscapeText(string s, int at)
    {
        int end = Math.Min(s.Length, at + 2);
        return s[at..end];
    }

    static void AppendRune(List<byte> buf, int cp, Span<byte> enc)
    {
        int n = new Rune(cp).EncodeToUtf8(enc);
        for (int k = 0; k < n; k++) buf.Add(enc[k]);
    }

    /// <summary>
    /// Reads the escape after a backslash (i points just past the backslash). Go's escapes:
    /// \a \b \f \n \r \t \v \\ and the quote, \NNN octal and \xNN (one byte), \uXXXX and \UXXXXXXXX (a code point).
    /// </summary>
    static bool ReadEscape(string s, ref int i, char quote, out long v, out bool isByte)
    {
        v = 0;
        isByte = false;
        char c = s[i++];
        switch (c)
        {
            case 'a': v = 7; return true;
            case 'b': v = 8; return true;
            case 'f': v = 12; return true;
            case 'n': v = 10; return true;
            case 'r': v = 13; return true;
            case 't': v = 9; return true;
            case 'v': v = 11; return true;
            case '\\': v = '\\'; return true;
            case '\'' or '"': v = c; return c == quote;
            case 'x': isByte = true; return Digits(s, ref i, 2, 16, out v);
            case 'u': return Digits(s, ref i, 4, 16, out v) && Rune.IsValid((int)v);
            case 'U': return Digits(s, ref i, 8, 16, out v) && v <= 0x10FFFF && Rune.IsValid((int)v);
            case >= '0' and <= '7':
                i--;
                isByte = true;
                return Digits(s, ref i, 3, 8, out v) && v <= 255;
            default: return false;
        }
    }

    static bool Digits(string s, ref int i, int n, int radix, out long v)
    {
        v = 0;
        for (int k = 0; k < n; k++)
        {
            if (i >= s.Length) return false;
            int d = HexVal(s[i]);
            if (d < 0 || d >= radix) return false;
            v = v * radix + d;
            i++;
        }
        return true;
    }

    static int HexVal(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    static (long value, int end) ReadChar(string file, int lineNo, string s, int start)
    {
        int i = start + 1;
        if (i >= s.Length) throw new AsmException(file, lineNo, start + 1, "unterminated rune literal");
        long v;
        char c = s[i];
        if (c == '\'') throw new AsmException(file, lineNo, start + 1, "empty rune literal");
        if (c == '\\')
        {
            int at = i;
            i++;
            if (i >= s.Length) throw new AsmException(file, lineNo, start + 1, "unterminated rune literal");
            if (!ReadEscape(s, ref i, '\'', out v, out _))
                throw new AsmException(file, lineNo, at + 1, $"bad escape {EscapeText(s, at)} in rune literal");
        }
        else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            v = char.ConvertToUtf32(c, s[i + 1]);
            i += 2;
        }
        else
        {
            v = c;
            i++;
        }
        if (i >= s.Length || s[i] != '\'') throw new AsmException(file, lineNo, start + 1, "unterminated rune literal");
        return (v, i + 1);
    }

    /// <summary>
    /// Go-style quoted form of a byte string: printable UTF-8 as written, the usual escapes, \xNN for
    /// bytes that are not valid UTF-8, \u / \U for non-printable code points. Parsing it gives the same bytes.
    /// </summary>
    public static string QuoteBytes(ReadOnlySpan<byte> b)
    {
        var sb = new StringBuilder(b.Length + 2);
        sb.Append('"');
        int i = 0;
        while (i < b.Length)
        {
            var st = Rune.DecodeFromUtf8(b[i..], out var r, out int n);
            if (st != System.Buffers.OperationStatus.Done)
            {
                sb.Append($"\\x{b[i]:x2}");
                i++;
                continue;
            }
            AppendRuneQuoted(sb, r);
            i += n;
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Quoted form of a .NET string (names, file names), written as its UTF-8 text.</summary>
    public static string QuoteString(string s) => QuoteBytes(Encoding.UTF8.GetBytes(s));

    static void AppendRuneQuoted(StringBuilder sb, Rune r)
    {
        switch (r.Value)
        {
            case 7: sb.Append("\\a"); return;
            case 8: sb.Append("\\b"); return;
            case 12: sb.Append("\\f"); return;
            case 10: sb.Append("\\n"); return;
            case 13: sb.Append("\\r"); return;
            case 9: sb.Append("\\t"); return;
            case 11: sb.Append("\\v"); return;
            case '\\': sb.Append("\\\\"); return;
            case '"': sb.Append("\\\""); return;
        }
        if (r.Value < 0x80)
        {
            if (r.Value < 0x20 || r.Value == 0x7f) sb.Append($"\\x{r.Value:x2}");
            else sb.Append((char)r.Value);
            return;
        }
        var cat = Rune.GetUnicodeCategory(r);
        bool printable = cat is not (System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.OtherNotAssigned
            or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.LineSeparator
            or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.SpaceSeparator);
        if (printable) sb.Append(r.ToString());
        else if (r.Value <= 0xFFFF) sb.Append($"\\u{r.Value:x4}");
        else sb.Append($"\\U{r.Value:x8}");
    }
}
