namespace Vm.Interpreter;

/// <summary>Go's builtin print formats (runtime/print.go), written into a byte buffer.</summary>
static class GoFormat
{
    public static void Int(List<byte> o, long v)
    {
        if (v < 0) { o.Add((byte)'-'); Uint(o, unchecked((ulong)-v)); }
        else Uint(o, (ulong)v);
    }

    public static void Uint(List<byte> o, ulong v)
    {
        Span<byte> buf = stackalloc byte[20];
        int i = buf.Length;
        do { buf[--i] = (byte)('0' + v % 10); v /= 10; } while (v != 0);
        for (; i < buf.Length; i++) o.Add(buf[i]);
    }

    public static void Hex(List<byte> o, ulong v)
    {
        const string digits = "0123456789abcdef";
        Span<byte> buf = stackalloc byte[16];
        int i = buf.Length;
        do { buf[--i] = (byte)digits[(int)(v & 15)]; v >>= 4; } while (v != 0);
        o.Add((byte)'0'); o.Add((byte)'x');
        for (; i < buf.Length; i++) o.Add(buf[i]);
    }

    public static void Bool(List<byte> o, bool b) => Ascii(o, b ? "true" : "false");

    public static void Ascii(List<byte> o, string s)
    {
        foreach (char c in s) o.Add((byte)c);
    }

    /// <summary>Go's printfloat: seven significant digits, sign always shown, three-digit exponent
    /// (+1.500000e+000); NaN, +Inf, -Inf.</summary>
    public static void Float(List<byte> o, double v)
    {
        if (double.IsNaN(v)) { Ascii(o, "NaN"); return; }
        if (v + v == v && v > 0) { Ascii(o, "+Inf"); return; }
        if (v + v == v && v < 0) { Ascii(o, "-Inf"); return; }
        const int n = 7;
        Span<byte> buf = stackalloc byte[n + 7];
        buf[0] = (byte)'+';
        int e = 0;
        if (v == 0)
        {
            if (double.IsNegative(v)) buf[0] = (byte)'-';
        }
        else
        {
            if (v < 0) { v = -v; buf[0] = (byte)'-'; }
            while (v >= 10) { e++; v /= 10; }
            while (v < 1) { e--; v *= 10; }
            double h = 5.0;
            for (int i = 0; i < n; i++) h /= 10;
            v += h;
            if (v >= 10) { e++; v /= 10; }
        }
        for (int i = 0; i < n; i++)
        {
            int s = (int)v;
            buf[i + 2] = (byte)(s + '0');
            v -= s;
            v *= 10;
        }
        buf[1] = buf[2];
        buf[2] = (byte)'.';
        buf[n + 2] = (byte)'e';
        buf[n + 3] = (byte)'+';
        if (e < 0) { e = -e; buf[n + 3] = (byte)'-'; }
        buf[n + 4] = (byte)(e / 100 + '0');
        buf[n + 5] = (byte)(e / 10 % 10 + '0');
        buf[n + 6] = (byte)(e % 10 + '0');
        foreach (var b in buf) o.Add(b);
    }
}
