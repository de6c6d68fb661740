using System.Globalization;
using System.Numerics;
using Vm.Compiler.Syntax;

namespace Vm.Tests.Compiler;

/// <summary>The exact rationals behind float constants: parsing, rounding to float64 (nearest, ties to
/// even, subnormals, overflow to infinity) and go/constant's way of printing them.</summary>
public class RatTests
{
    [Test]
    public void RoundingToFloat64MatchesCorrectlyRoundedParsing()
    {
        var r = new Random(7);
        var samples = new List<string> { "0.1", "0.2", "0.3", "1e23", "9007199254740993", "9007199254740995", "4.9e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "2.2250738585072011e-308", "123456789012345678901234567890" };
        for (int i = 0; i < 2000; i++)
        {
            string digits = string.Concat(Enumerable.Range(0, r.Next(1, 25)).Select(_ => (char)('0' + r.Next(10))));
            samples.Add($"{digits}e{r.Next(-340, 300)}");
        }
        foreach (var s in samples)
            Assert.That(Rat.Parse(s).ToDouble(), Is.EqualTo(double.Parse(s, CultureInfo.InvariantCulture)), s);
    }

    [Test]
    public void BeyondFloat64IsInfinityAndBelowHalfTheSmallestSubnormalIsZero()
    {
        Assert.That(Rat.Parse("1e400").ToDouble(), Is.EqualTo(double.PositiveInfinity));
        Assert.That((-Rat.Parse("1e400")).ToDouble(), Is.EqualTo(double.NegativeInfinity));
        Assert.That(new Rat(BigInteger.One << 1024).ToDouble(), Is.EqualTo(double.PositiveInfinity));
        Assert.That(Rat.Parse("1e-400").ToDouble(), Is.EqualTo(0.0));
        Assert.That(new Rat(BigInteger.One, BigInteger.One << 1075).ToDouble(), Is.EqualTo(0.0)); // a tie: to even (0)
        Assert.That(new Rat(3, BigInteger.One << 1076).ToDouble(), Is.EqualTo(double.Epsilon)); // 0.75 ulp
    }

    [Test]
    public void FromDoubleIsExactAndHasNoNegativeZero()
    {
        foreach (var d in new[] { 0.1, -2.5, double.MaxValue, double.Epsilon, 1e23, -1e-310 })
            Assert.That(Rat.FromDouble(d).ToDouble(), Is.EqualTo(d));
        Assert.That(Rat.FromDouble(0.1), Is.EqualTo(new Rat(3602879701896397, BigInteger.One << 55)));
        Assert.That(Rat.FromDouble(-0.0).Sign, Is.EqualTo(0));
    }

    [Test]
    public void ArithmeticIsExact()
    {
        var tenth = Rat.Parse("0.1");
        Assert.That(tenth + Rat.Parse("0.2"), Is.EqualTo(Rat.Parse("0.3")));
        Assert.That(Rat.Parse("1e308") * new Rat(10) / new Rat(100), Is.EqualTo(Rat.Parse("1e307")));
        Assert.That((new Rat(1) / new Rat(3) * new Rat(3)).IsInteger, Is.True);
        Assert.That(new Rat(-7, 2).Truncate(), Is.EqualTo(new BigInteger(-3)));
        Assert.That(Rat.Parse("0x1.8p1"), Is.EqualTo(new Rat(3)));
        Assert.That(Rat.Parse("0x.8p-1"), Is.EqualTo(new Rat(1, 4)));
    }

    [TestCase("0.333333333", "0.333333")]
    [TestCase("1e20", "1e+20")]
    [TestCase("100000", "100000")]
    [TestCase("1000000", "1e+06")]
    [TestCase("123456789", "1.23457e+08")]
    [TestCase("0.0001", "0.0001")]
    [TestCase("0.00001", "1e-05")]
    [TestCase("1.5", "1.5")]
    [TestCase("-2.75", "-2.75")]
    [TestCase("999999.5", "1e+06")]
    [TestCase("1e400", "1e+400")]
    [TestCase("-1.5e-400", "-1.5e-400")]
    [TestCase("1e1000", "1e+1000")]
    public void PrintsAsGoConstantString(string lit, string go)
    {
        var r = lit.StartsWith('-') ? -Rat.Parse(lit[1..]) : Rat.Parse(lit);
        Assert.That(r.GoString(), Is.EqualTo(go));
    }
}
