namespace Vm.Tests.Support;

/// <summary>
/// Deterministic byte-level mutations of a file, for fuzzing readers and the verifier: bit flips,
/// random and boundary bytes, truncation, splicing with another file, inserted and deleted runs,
/// duplicated ranges, and stacks of several of these. The same arguments give the same sequence.
/// </summary>
public static class Mutator
{
    static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x03, 0x7f, 0x80, 0x81, 0xfe, 0xff];

    public static IEnumerable<(string What, byte[] Bytes)> Mutate(byte[] original, IReadOnlyList<byte[]> others, int seed, int count)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int kind = rng.Next(8);
            if (kind == 7)
            {
                // A stack of 2..4 single mutations.
                var bytes = original;
                var what = new List<string>();
                int n = 2 + rng.Next(3);
                for (int j = 0; j < n; j++)
                {
                    var (w, b) = One(rng, rng.Next(7), bytes, others);
                    what.Add(w);
                    bytes = b;
                }
                yield return (string.Join(", then ", what), bytes);
            }
            else yield return One(rng, kind, original, others);
        }
    }

    static (string, byte[]) One(Random rng, int kind, byte[] src, IReadOnlyList<byte[]> others)
    {
        if (src.Length == 0) kind = 4; // only insertion makes sense on nothing
        switch (kind)
        {
            case 0:
            {
                var b = (byte[])src.Clone();
                int at = rng.Next(b.Length), bit = rng.Next(8);
                b[at] ^= (byte)(1 << bit);
                return ($"flip bit {bit} at 0x{at:x}", b);
            }
            case 1:
            {
                var b = (byte[])src.Clone();
                int at = rng.Next(b.Length);
                byte v = rng.Next(2) == 0 ? Interesting[rng.Next(Interesting.Length)] : (byte)rng.Next(256);
                b[at] = v;
                return ($"set 0x{at:x} to 0x{v:x2}", b);
            }
            case 2:
            {
                int len = rng.Next(src.Length);
                return ($"truncate to {len} bytes", src[..len]);
            }
            case 3:
            {
                var other = others.Count > 0 ? others[rng.Next(others.Count)] : src;
                int a = rng.Next(src.Length + 1), o = rng.Next(other.Length + 1);
                return ($"splice 0x{a:x} with another file from 0x{o:x}", [.. src[..a], .. other[o..]]);
            }
            case 4:
            {
                int at = rng.Next(src.Length + 1), len = 1 + rng.Next(16);
                var run = new byte[len];
                if (rng.Next(2) == 0) rng.NextBytes(run);
                else Array.Fill(run, Interesting[rng.Next(Interesting.Length)]);
                return ($"insert {len} bytes at 0x{at:x}", [.. src[..at], .. run, .. src[at..]]);
            }
            case 5:
            {
                int at = rng.Next(src.Length), len = 1 + rng.Next(Math.Min(16, src.Length - at));
                return ($"delete {len} bytes at 0x{at:x}", [.. src[..at], .. src[(at + len)..]]);
            }
            default:
            {
                int a = rng.Next(src.Length), len = 1 + rng.Next(Math.Min(32, src.Length - a));
                int to = rng.Next(src.Length + 1);
                return ($"copy 0x{a:x}+{len} to 0x{to:x}", [.. src[..to], .. src[a..(a + len)], .. src[to..]]);
            }
        }
    }
}
