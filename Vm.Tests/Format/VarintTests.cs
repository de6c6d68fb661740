using Vm.Core.Modules;

namespace Vm.Tests.Format;

/// <summary>Pins the integer encoding: minimal unsigned LEB128 of at most 10 bytes, zigzag for signed values.</summary>
public class VarintTests
{
    static readonly ulong[] Boundaries = [0, 1, 0x7f, 0x80, 0x3fff, 0x4000, uint.MaxValue, 1UL << 56, (1UL << 63) - 1, 1UL << 63, ulong.MaxValue];

    [Test]
    public void BoundaryValuesRoundTripInTheirMinimalSize()
    {
        Span<byte> buf = stackalloc byte[Varint.MaxBytes];
        foreach (ulong v in Boundaries)
        {
            int n = Varint.Write(buf, v);
            Assert.That(n, Is.EqualTo(Varint.Size(v)), $"size of {v}");
            Assert.That(n, Is.EqualTo(Math.Max(1, (64 - System.Numerics.BitOperations.LeadingZeroCount(v) + 6) / 7)), $"minimal size of {v}");
            Assert.That(Varint.TryRead(buf[..n], out ulong back, out int used), Is.EqualTo(Varint.Error.None));
            Assert.That((back, used), Is.EqualTo((v, n)));
        }
    }

    [Test]
    public void NonMinimalEncodingsAreRejected()
    {
        Assert.That(Varint.TryRead([0x80, 0x00], out _, out _), Is.EqualTo(Varint.Error.NonMinimal));
        Assert.That(Varint.TryRead([0xff, 0x80, 0x00], out _, out _), Is.EqualTo(Varint.Error.NonMinimal));
        Assert.That(Varint.TryRead([0x00], out _, out int n), Is.EqualTo(Varint.Error.None));
        Assert.That(n, Is.EqualTo(1));
    }

    [Test]
    public void ElevenByteEncodingIsRejectedAsTooLong()
    {
        byte[] b = [.. Enumerable.Repeat((byte)0x80, 10), 0x01];
        Assert.That(Varint.TryRead(b, out _, out _), Is.EqualTo(Varint.Error.TooLong));
    }

    [Test]
    public void TenthByteAboveOneOverflows()
    {
        byte[] max = [.. Enumerable.Repeat((byte)0xff, 9), 0x01];
        Assert.That(Varint.TryRead(max, out ulong v, out _), Is.EqualTo(Varint.Error.None));
        Assert.That(v, Is.EqualTo(ulong.MaxValue));
        byte[] over = [.. Enumerable.Repeat((byte)0xff, 9), 0x02];
        Assert.That(Varint.TryRead(over, out _, out _), Is.EqualTo(Varint.Error.Overflow));
    }

    [Test]
    public void MissingFinalByteIsTruncated()
    {
        Assert.That(Varint.TryRead([], out _, out _), Is.EqualTo(Varint.Error.Truncated));
        Assert.That(Varint.TryRead([0x80, 0x80], out _, out _), Is.EqualTo(Varint.Error.Truncated));
    }

    [Test]
    public void ZigZagInterleavesSignsAndInverts()
    {
        Assert.That(new[] { 0L, -1, 1, -2, 2 }.Select(Varint.ZigZag), Is.EqualTo(new ulong[] { 0, 1, 2, 3, 4 }));
        foreach (long v in new[] { 0L, -1, 1, long.MinValue, long.MaxValue, int.MinValue, 12345 })
            Assert.That(Varint.UnZigZag(Varint.ZigZag(v)), Is.EqualTo(v));
        Assert.That(Varint.ZigZag(long.MinValue), Is.EqualTo(ulong.MaxValue));
    }
}
