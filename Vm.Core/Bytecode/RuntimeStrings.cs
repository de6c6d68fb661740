using System.Text;

namespace Vm.Core.Bytecode;

/// <summary>
/// The semantics of the string runtime functions (<see cref="RuntimeFuncs"/>) that both tiers run: the interpreter
/// calls these, compiled code inlines their common cases (ASCII bytes, the byte loops; Vm.Jit/Emitter.cs EmitRt)
/// and calls these through Vm.Jit's helpers for the rest, so there is one definition of each result.
/// </summary>
public static class RuntimeStrings
{
    /// <summary><c>rt decoderune</c>: the rune at byte <paramref name="k"/> of the string (<paramref name="p"/>,
    /// <paramref name="len"/>) and the index after it. Invalid or truncated UTF-8 decodes as U+FFFD with width 1, as
    /// Go's decoderune; so does a <paramref name="k"/> outside the string (compiled Go keeps 0 &lt;= k &lt; len; a
    /// forged module gets U+FFFD rather than a read outside the string).</summary>
    public static unsafe int DecodeRune(byte* p, long len, long k, out long next)
    {
        var status = System.Buffers.OperationStatus.InvalidData;
        Rune rune = Rune.ReplacementChar;
        int width = 1;
        if ((ulong)k < (ulong)len)
            status = Rune.DecodeFromUtf8(new ReadOnlySpan<byte>(p + k, (int)Math.Min(len - k, 4)), out rune, out width);
        if (status != System.Buffers.OperationStatus.Done) { rune = Rune.ReplacementChar; width = 1; }
        next = k + width;
        return rune.Value;
    }

    /// <summary><c>rt strhash</c>: FNV-1a over the string's bytes (map keys; both tiers must agree, a map built in one
    /// is read in the other).</summary>
    public static long Hash(ReadOnlySpan<byte> s)
    {
        ulong h = FnvOffset;
        foreach (var b in s) { h ^= b; h *= FnvPrime; }
        return (long)h;
    }

    public const ulong FnvOffset = 14695981039346656037UL, FnvPrime = 1099511628211UL;
}
