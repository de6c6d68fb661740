using System.Globalization;
using System.Numerics;
using System.Text;

namespace Vm.Compiler.Syntax;

/// <summary>
/// An exact rational number (numerator over a positive denominator, in lowest terms): the value of an
/// untyped or typed floating-point constant. Go keeps untyped float constants exact (go/constant uses
/// big.Rat while the parts stay below 4096 bits, then 512-bit floats); govm keeps them exact always and
/// rounds to float64 only where Go does: when a constant gets the type float64 (roundFloat64 in types2).
/// -0 does not exist, as in Go's constants.
/// </summary>
public readonly struct Rat : IEquatable<Rat>, IComparable<Rat>
{
    public BigInteger Num { get; }
    readonly BigInteger _den; // 0 in default(Rat) means 1
    public BigInteger Den => _den.IsZero ? BigInteger.One : _den;

    public Rat(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException();
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsOne && !g.IsZero) { num /= g; den /= g; }
        if (num.IsZero) den = BigInteger.One;
        Num = num;
        _den = den;
    }

    public Rat(BigInteger i) { Num = i; _den = BigInteger.One; }

    public static readonly Rat Zero = new(BigInteger.Zero);

    public int Sign => Num.Sign;
    public bool IsInteger => Den.IsOne;

    /// <summary>The value truncated toward zero.</summary>
    public BigInteger Truncate() => BigInteger.Divide(Num, Den);

    public static Rat operator +(Rat a, Rat b) => new(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
    public static Rat operator -(Rat a, Rat b) => new(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den);
    public static Rat operator *(Rat a, Rat b) => new(a.Num * b.Num, a.Den * b.Den);
    public static Rat operator /(Rat a, Rat b) => new(a.Num * b.Den, a.Den * b.Num);
    public static Rat operator -(Rat a) => new(-a.Num, a.Den);

    public int CompareTo(Rat o) => (Num * o.Den).CompareTo(o.Num * Den);
    public bool Equals(Rat o) => Num == o.Num && Den == o.Den;
    public override bool Equals(object? obj) => obj is Rat r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(Num, Den);

    /// <summary>The exact value of a finite double (-0 becomes 0).</summary>
    public static Rat FromDouble(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d)) throw new ArgumentException("not finite", nameof(d));
        if (d == 0) return Zero;
        long bits = BitConverter.DoubleToInt64Bits(d);
        bool neg = bits < 0;
        int exp = (int)((bits >> 52) & 0x7FF);
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) exp = 1; else mant |= 1L << 52;
        exp -= 1075;
        BigInteger m = neg ? -mant : mant;
        return exp >= 0 ? new Rat(m << exp) : new Rat(m, BigInteger.One << -exp);
    }

    static int BitLen(BigInteger v) => v.IsZero ? 0 : (int)v.GetBitLength();

    /// <summary>floor(log2(|x|)) for x != 0.</summary>
    int Log2()
    {
        var n = BigInteger.Abs(Num);
        int p = BitLen(n) - BitLen(Den);
        // 2^p <= n/d  <=>  n >= d*2^p
        bool ge = p >= 0 ? n >= Den << p : n << -p >= Den;
        return ge ? p : p - 1;
    }

    /// <summary>The nearest double (ties to even), ±Infinity beyond float64's range: Go's rounding of a
    /// constant to float64.</summary>
    public double ToDouble()
    {
        if (Num.IsZero) return 0;
        var n = BigInteger.Abs(Num);
        var d = Den;
        int p = Log2();
        if (p > 1023) return Num.Sign < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        int lsb = Math.Max(p - 52, -1074);
        // m = round(|x| / 2^lsb)
        BigInteger num = lsb <= 0 ? n << -lsb : n, den = lsb <= 0 ? d : d << lsb;
        var q = BigInteger.DivRem(num, den, out var rem);
        int c = (rem << 1).CompareTo(den);
        if (c > 0 || c == 0 && !q.IsEven) q += 1;
        double r = Math.ScaleB((double)q, lsb);
        return Num.Sign < 0 ? -r : r;
    }

    /// <summary>The value of a Go floating-point literal (decimal, or hexadecimal with a p exponent),
    /// underscores already removed.</summary>
    public static Rat Parse(string s)
    {
        if (s.Length > 1 && s[0] == '0' && (s[1] | 0x20) == 'x')
        {
            int pi = s.IndexOfAny(['p', 'P']);
            string mant = s[2..pi];
            int e2 = int.Parse(s[(pi + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            BigInteger m = 0;
            foreach (char ch in mant)
            {
                if (ch == '.') continue;
                m = m * 16 + (ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
            }
            int dot = mant.IndexOf('.');
            if (dot >= 0) e2 -= 4 * (mant.Length - dot - 1);
            return e2 >= 0 ? new Rat(m << e2) : new Rat(m, BigInteger.One << -e2);
        }
        int ei = s.IndexOfAny(['e', 'E']);
        string digits = ei >= 0 ? s[..ei] : s;
        long e10 = ei >= 0 ? long.Parse(s[(ei + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        int dp = digits.IndexOf('.');
        if (dp >= 0) { e10 -= digits.Length - dp - 1; digits = digits.Remove(dp, 1); }
        var v = BigInteger.Parse("0" + digits, CultureInfo.InvariantCulture);
        if (v.IsZero) return Zero;
        if (e10 > 1_000_000 || e10 < -1_000_000) throw new OverflowException("exponent too large");
        return e10 >= 0 ? new Rat(v * BigInteger.Pow(10, (int)e10)) : new Rat(v, BigInteger.Pow(10, (int)-e10));
    }

    /// <summary>Go's go/constant String for a float value: fmt's %.6g of the float64 value, or a %.6g
    /// mantissa with a decimal exponent beyond float64's range.</summary>
    public string GoString()
    {
        double d = ToDouble();
        if (!double.IsInfinity(d) && (d == 0) == Num.IsZero) return Format6g(d);
        // out of float64's range: 6 significant digits and a decimal exponent
        var a = new Rat(BigInteger.Abs(Num), Den);
        int e = (int)Math.Floor(BigInteger.Log10(BigInteger.Abs(Num)) - BigInteger.Log10(Den));
        // adjust so that 1 <= a/10^e < 10
        Rat Scale(int k) => k >= 0 ? a / new Rat(BigInteger.Pow(10, k)) : a * new Rat(BigInteger.Pow(10, -k));
        var m = Scale(e);
        if (m.CompareTo(new Rat(1)) < 0) { e--; m = Scale(e); }
        else if (m.CompareTo(new Rat(10)) >= 0) { e++; m = Scale(e); }
        string ms = Format6g(m.ToDouble());
        if (ms == "10") { ms = "1"; e++; }
        return (Num.Sign < 0 ? "-" : "") + ms + "e" + (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Go's fmt %.6g of a finite double.</summary>
    public static string Format6g(double d)
    {
        if (d == 0) return "0";
        // six significant digits, correctly rounded
        string es = Math.Abs(d).ToString("E5", CultureInfo.InvariantCulture); // d.ddddd E+xxx
        int ei = es.IndexOf('E');
        string digs = es[..ei].Replace(".", "").TrimEnd('0');
        if (digs.Length == 0) digs = "0";
        int exp = int.Parse(es[(ei + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        if (d < 0) sb.Append('-');
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digs[0]);
            if (digs.Length > 1) sb.Append('.').Append(digs, 1, digs.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            int ae = Math.Abs(exp);
            if (ae < 10) sb.Append('0');
            sb.Append(ae.ToString(CultureInfo.InvariantCulture));
        }
        else if (exp < 0)
        {
            sb.Append("0.").Append('0', -exp - 1).Append(digs);
        }
        else
        {
            int dp = exp + 1;
            if (digs.Length <= dp) sb.Append(digs).Append('0', dp - digs.Length);
            else sb.Append(digs, 0, dp).Append('.').Append(digs, dp, digs.Length - dp);
        }
        return sb.ToString();
    }

    public override string ToString() => IsInteger ? Num.ToString() : $"{Num}/{Den}";
}
