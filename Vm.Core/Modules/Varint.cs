namespace Vm.Core.Modules;

/// <summary>
/// The integer encoding of <c>.gobc</c> files (docs/gobc-format.md §Integers): unsigned LEB128,
/// at most 10 bytes, minimal encodings only; signed values go through zigzag first. Decoding never
/// throws: it reports what is wrong, and the reader turns that into a <see cref="GobcFormatException"/>.
/// </summary>
public static class Varint
{
    /// <summary>Longest encoding of a 64-bit value.</summary>
    public const int MaxBytes = 10;

    public enum Error
    {
        None,
        /// <summary>The data ends before the byte without the continuation bit.</summary>
        Truncated,
        /// <summary>The continuation bit is still set on the 10th byte.</summary>
        TooLong,
        /// <summary>The 10th byte carries bits beyond bit 63.</summary>
        Overflow,
        /// <summary>The last byte is 0x00 after at least one other byte: a shorter encoding exists.</summary>
        NonMinimal,
    }

    /// <summary>One-line description of a decoding error, used in reader messages.</summary>
    public static string Describe(Error e) => e switch
    {
        Error.Truncated => "truncated varint",
        Error.TooLong => "varint longer than 10 bytes",
        Error.Overflow => "varint overflows 64 bits",
        Error.NonMinimal => "non-minimal varint encoding",
        _ => "no error",
    };

    /// <summary>
    /// Decodes an unsigned varint at the start of <paramref name="s"/>: the value and the number of
    /// bytes it took. Rejects encodings that are not minimal, longer than 10 bytes or above 2^64-1.
    /// </summary>
    public static Error TryRead(ReadOnlySpan<byte> s, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        for (int i = 0; i < MaxBytes; i++)
        {
            if (i >= s.Length) return Error.Truncated;
            byte b = s[i];
            if (i == MaxBytes - 1 && (b & 0x7f) > 1)
                return (b & 0x80) != 0 ? Error.TooLong : Error.Overflow;
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0) { value = 0; return Error.NonMinimal; }
                length = i + 1;
                return Error.None;
            }
        }
        value = 0;
        return Error.TooLong;
    }

    /// <summary>Bytes the minimal encoding of <paramref name="v"/> takes (1..10).</summary>
    public static int Size(ulong v)
    {
        int n = 1;
        while (v >= 0x80) { v >>= 7; n++; }
        return n;
    }

    /// <summary>Writes the minimal encoding of <paramref name="v"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> dst, ulong v)
    {
        int n = 0;
        while (v >= 0x80)
        {
            dst[n++] = (byte)(v | 0x80);
            v >>= 7;
        }
        dst[n++] = (byte)v;
        return n;
    }

    /// <summary>Appends the minimal encoding of <paramref name="v"/>.</summary>
    public static void Write(List<byte> dst, ulong v)
    {
        Span<byte> buf = stackalloc byte[MaxBytes];
        int n = Write(buf, v);
        for (int i = 0; i < n; i++) dst.Add(buf[i]);
    }

    /// <summary>Zigzag: 0, -1, 1, -2, 2... map to 0, 1, 2, 3, 4...</summary>
    public static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    public static long UnZigZag(ulong u) => (long)(u >> 1) ^ -(long)(u & 1);
}
