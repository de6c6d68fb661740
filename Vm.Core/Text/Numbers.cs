using System.Globalization;
using System.Text.RegularExpressions;

namespace Vm.Core.Text;

/// <summary>Integer and float literals of <c>.gobs</c>: parsing, and printing that parses back to the same bits.</summary>
static partial class Numbers
{
    /// <summary>The bits of Go's <c>math.NaN()</c>, spelled <c>nan</c>. Other NaNs print as <c>nan(0x...)</c>.</summary>
    public const long GoNaNBits = 0x7FF8000000000001;

    /// <summary>
    /// Parses an integer literal: optional sign, then decimal, <c>0x</c> hex, <c>0o</c> octal or <c>0b</c> binary
    /// digits, with optional <c>_</c> separators. The value may be anything in [-2^63, 2^64-1]; false if the text is
    /// not a number, <paramref name="overflow"/> if it is one but outside that range.
    /// </summary>
    public static bool TryParseInt(string text, out Int128 value, out bool overflow)
    {
        value = 0;
        overflow = false;
        int i = 0;
        bool neg = false;
        if (i < text.Length && text[i] is '+' or '-') { neg = text[i] == '-'; i++; }
        int radix = 10;
        if (i + 1 < text.Length && text[i] == '0' && char.ToLowerInvariant(text[i + 1]) is 'x' or 'o' or 'b')
        {
            radix = char.ToLowerInvariant(text[i + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            i += 2;
        }
        if (i >= text.Length) return false;
        Int128 v = 0;
        bool any = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '_') continue;
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (d < 0 || d >= radix) return false;
            any = true;
            if (!overflow)
            {
                v = v * radix + d;
                if (v > ulong.MaxValue) overflow = true;
            }
        }
        if (!any) return false;
        if (overflow) return true;
        value = neg ? -v : v;
        if (value < long.MinValue) overflow = true;
        return true;
    }

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex DecimalFloat();

    /// <summary>Parses a decimal float literal (<c>1.5</c>, <c>-2e-3</c>, <c>7</c>), <c>inf</c>, <c>+inf</c>, <c>-inf</c>.
    /// NaNs are handled by the caller (they may carry a payload). False if not a float; <paramref name="overflow"/>
    /// if a finite literal is too large for float64.</summary>
    public static bool TryParseFloat(string text, out double value, out bool overflow)
    {
        value = 0;
        overflow = false;
        string t = text.ToLowerInvariant();
        if (t is "inf" or "+inf") { value = double.PositiveInfinity; return true; }
        if (t == "-inf") { value = double.NegativeInfinity; return true; }
        if (!DecimalFloat().IsMatch(text)) return false;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        if (double.IsInfinity(value)) overflow = true;
        return true;
    }

    /// <summary>Prints float64 bits so that <see cref="TryParseFloat"/> (or the <c>nan</c> forms) gives the same bits.</summary>
    public static string FormatFloat(long bits)
    {
        double d = BitConverter.Int64BitsToDouble(bits);
        if (double.IsNaN(d)) return bits == GoNaNBits ? "nan" : $"nan(0x{bits:x16})";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        string s = d.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        if (!s.Contains('.') && !s.Contains('e')) s += ".0";
        return s;
    }
}
