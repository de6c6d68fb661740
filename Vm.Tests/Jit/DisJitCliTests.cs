using Vm.Jit;

namespace Vm.Tests.Jit;

/// <summary><c>govm dis -jit FUNC prog</c> and <c>govm run -jit=...</c> as a user types them.</summary>
public class DisJitCliTests
{
    static (int Code, string Out, string Err) Govm(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Vm.Cli.Govm.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    static string Program()
    {
        string p = Path.Combine(Path.GetTempPath(), $"govm-disjit-{Environment.ProcessId}.go");
        File.WriteAllText(p, "package main\n\nfunc fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\n\nfunc main() {\n\tprintln(\"fib\", fib(20))\n}\n");
        return p;
    }

    [Test]
    public void DisJitPrintsTheFunctionsMachineCodeInterleavedWithItsBytecode()
    {
        if (!JitEngine.Supported) Assert.Ignore("the JIT needs Linux on x64");
        var (code, text, err) = Govm("dis", "-jit", "main.fib", Program());
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(text, Does.StartWith("; main.fib\n"));
        Assert.That(text, Does.Contain(";   prologue"));
        Assert.That(text, Does.Match(@";   \d{4}: ldloc 0"), "bytecode lines");
        // fib is compiled in one unit with itself: the recursive calls are direct (docs/jit.md §convention).
        Assert.That(text, Does.Match(@"call 0*[0-9A-F]+h\n"), "the recursive calls are direct calls");
    }

    [Test]
    public void DisJitOfAnUnknownFunctionIsAUsageError()
    {
        var (code, _, err) = Govm("dis", "-jit", "main.nope", Program());
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("-jit main.nope: no such function"));
    }

    [TestCase("off")]
    [TestCase("eager")]
    [TestCase("tiered")]
    public void RunGivesTheSameOutputInEveryJitMode(string mode)
    {
        if (mode != "off" && !JitEngine.Supported) Assert.Ignore("the JIT needs Linux on x64");
        var (code, _, err) = Govm("run", "-jit=" + mode, "-jitthreshold=2", Program());
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(err, Is.EqualTo("fib 6765\n"));
    }

    [Test]
    public void AnUnknownJitModeIsAUsageError()
    {
        var (code, _, err) = Govm("run", "-jit=fast", Program());
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("-jit=fast: want off, tiered or eager"));
    }
}
