using System.Text.RegularExpressions;
using Vm.Compiler;
using Vm.Core.Verification;

namespace Vm.Tests.GoTests;

/// <summary>govm test behaviour that golden files cannot pin (timing-dependent growth of b.N, GOMAXPROCS,
/// Go's flag usage text) and the compiler's test mode.</summary>
public class GoTestBehaviourTests
{
    static string Dir => Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "GoTests");

    static TestPackage CompileFile(string file, Action<string>? deferDiagnostics = null) =>
        GoCompiler.CompileTests([new SourceFile(Path.Combine(Dir, file), File.ReadAllText(Path.Combine(Dir, file)))],
            new CompileOptions { DeferDiagnostics = deferDiagnostics });

    static TestPackage CompileText(string text) =>
        GoCompiler.CompileTests([new SourceFile("x_test.go", text)], new CompileOptions());

    [Test]
    public void BadBenchtimeFailsTheRunAsGoTestDoes()
    {
        var (code, stdout, _) = GoTestGoldenTests.GovmTest("-bench", ".", "-benchtime", "100", "pass_test.go");
        var lines = stdout.Split('\n');
        Assert.That(lines[0], Is.EqualTo("invalid value \"100\" for flag -test.benchtime: invalid duration"));
        Assert.That(lines[1], Is.EqualTo("exit status 2"));
        Assert.That(lines[2], Does.StartWith("FAIL\tcommand-line-arguments\t"));
        Assert.That(lines[3], Is.EqualTo("FAIL"));
        Assert.That(code, Is.EqualTo(1));
    }

    [TestCase("1s", 0L, 1_000_000_000L)]
    [TestCase("250ms", 0L, 250_000_000L)]
    [TestCase("1m30s", 0L, 90_000_000_000L)]
    [TestCase("1.5us", 0L, 1_500L)]
    [TestCase("100x", 100L, 0L)]
    public void BenchtimeIsADurationOrACount(string flag, long n, long ns)
    {
        Assert.That(Vm.Cli.GoTest.ParseBenchTime(flag, out var gotN, out var gotNs), Is.True);
        Assert.That((gotN, gotNs), Is.EqualTo((n, ns)));
    }

    [TestCase("100")]
    [TestCase("0x")]
    [TestCase("-1s")]
    [TestCase("x")]
    [TestCase("1sec")]
    public void BenchtimeRejectsWhatGoRejects(string flag) =>
        Assert.That(Vm.Cli.GoTest.ParseBenchTime(flag, out _, out _), Is.False);

    [Test]
    public void BenchmarkNGrowsUntilTheRunTakesTheBenchtime()
    {
        var (code, stdout, _) = GoTestGoldenTests.GovmTest("-bench", "Loop", "-benchtime", "50ms", "-run", "XXX", "bench_test.go");
        Assert.That(code, Is.EqualTo(0), stdout);
        var m = Regex.Match(stdout, @"(?m)^BenchmarkLoop(-\d+)? *\t *(\d+)\t *([0-9.]+) ns/op$");
        Assert.That(m.Success, Is.True, stdout);
        long n = long.Parse(m.Groups[2].Value);
        double nsPerOp = double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(n, Is.GreaterThan(100), "b.N grows past the 100x cap of the first step");
        Assert.That(n * nsPerOp, Is.GreaterThanOrEqualTo(50e6 * 0.9), "the final run lasts about -benchtime");
    }

    [Test]
    public void BenchmarkNamesCarryGomaxprocsUnlessItIsOne()
    {
        string Run(int procs)
        {
            var o = new StringWriter();
            int code = Vm.Cli.GoTest.Run(["bench_test.go"], new Vm.Cli.GoTestOptions { Bench = "Loop", BenchTime = "10x", Run = "XXX", WorkDir = Dir, Procs = procs },
                o, new StringWriter());
            Assert.That(code, Is.EqualTo(0));
            return o.ToString();
        }
        Assert.That(Run(1), Does.Contain("\nBenchmarkLoop \t      10\t"));
        Assert.That(Run(4), Does.Contain("\nBenchmarkLoop-4   \t      10\t"));
    }

    [Test]
    public void SeedDeferHeapAndStackCompilesAndVerifiesAsATest()
    {
        var pkg = CompileFile("deferheapstack_test.go");
        Assert.DoesNotThrow(() => Verifier.Verify(pkg.Module));
        Assert.That(pkg.Tests.Select(t => t.Name), Is.EqualTo(new[] { "TestDeferHeapAndStack" }));
        Assert.That(pkg.Module.Funcs[pkg.Tests[0].Func].Name, Is.EqualTo("command-line-arguments_test.TestDeferHeapAndStack"));
    }

    [Test]
    public void SeedDeferHeapAndStackHasTwoStackAndOneHeapDeferInTestMode()
    {
        var lines = new List<string>();
        CompileFile("deferheapstack_test.go", lines.Add);
        Assert.That(lines.Select(l => l[(l.LastIndexOf(':') + 2)..]),
            Is.EqualTo(new[] { "heap-allocated defer", "stack-allocated defer", "stack-allocated defer" }));
    }

    [Test]
    public void SeedDeferHeapAndStackPassesUnderShort()
    {
        var (code, stdout, _) = GoTestGoldenTests.GovmTest("-short", "deferheapstack_test.go");
        Assert.That(code, Is.EqualTo(0), stdout);
        Assert.That(stdout, Does.StartWith("ok  \tcommand-line-arguments\t"));
    }

    [Test]
    public void RuntimeBenchmarkDeferRunsUnchanged()
    {
        var pkg = CompileFile("defer_test.go");
        Assert.That(pkg.Benchmarks.Select(b => b.Name), Is.EqualTo(new[] { "BenchmarkDefer" }));
        var (code, stdout, _) = GoTestGoldenTests.GovmTest("-bench", "Defer", "-benchtime", "1000x", "-run", "XXX", "defer_test.go");
        Assert.That(code, Is.EqualTo(0), stdout);
        Assert.That(stdout, Does.Match(@"(?m)^BenchmarkDefer(-\d+)? *\t *1000\t *[0-9.]+ ns/op$"));
    }

    [Test]
    public void TestsAndBenchmarksAreFoundInSourceOrderByGoRules()
    {
        var pkg = CompileText("""
            package x
            import "testing"
            func TestB(t *testing.T) {}
            func Testlower(t *testing.T) {}
            func Test(t *testing.T) {}
            func TestA(t *testing.T) {}
            func BenchmarkZ(b *testing.B) {}
            func Benchmark_x(b *testing.B) {}
            func helper(t *testing.T) {}
            """);
        Assert.That(pkg.Tests.Select(t => t.Name), Is.EqualTo(new[] { "TestB", "Test", "TestA" }));
        Assert.That(pkg.Benchmarks.Select(t => t.Name), Is.EqualTo(new[] { "BenchmarkZ", "Benchmark_x" }));
    }

    [Test]
    public void ATestWithTheWrongSignatureIsASetupFailure()
    {
        var e = Assert.Throws<TestSetupException>(() => CompileText("package x\nimport \"testing\"\nfunc TestX(t *testing.B) {}\n"))!;
        Assert.That(e.Message, Is.EqualTo("x_test.go:3:1: wrong signature for TestX, must be: func TestX(t *testing.T)"));
    }

    [TestCase("f := t.Log; f()", "unsupported: method values")]
    [TestCase("t.Run(\"x\", nil)", "unsupported: (*testing.T).Run")]
    [TestCase("t.Foo()", "t.Foo undefined (type *testing.T has no field or method Foo)")]
    [TestCase("var b testing.B; b.ResetTimer()", "unsupported: calling methods of testing.B on a value (use *testing.B)")]
    [TestCase("t.ResetTimer()", "t.ResetTimer undefined (type *testing.T has no field or method ResetTimer)")]
    public void TestingMethodsOutsideTheSubsetSaySo(string stmt, string message)
    {
        var e = Assert.Throws<CompileException>(() => CompileText($"package x\nimport \"testing\"\nfunc TestX(t *testing.T) {{\n\t{stmt}\n}}\n"))!;
        Assert.That(e.Reason, Is.EqualTo(message));
    }

    [Test]
    public void TestingIsNotImportableOutsideTests()
    {
        var e = Assert.Throws<CompileException>(() => GoCompiler.Compile([new SourceFile("m.go", "package main\nimport \"testing\"\nfunc main() { _ = testing.Short() }\n")], new CompileOptions()))!;
        Assert.That(e.Reason, Is.EqualTo("unsupported: import \"testing\""));
    }

    [Test]
    public void OutputBeforeAPanicKeepsItsOrder()
    {
        // println output, the test's log and the panic report share one stream, as in go test.
        var (code, stdout, _) = GoTestGoldenTests.GovmTest("-v", "-run", "TestNil", "nilderef_test.go");
        Assert.That(code, Is.EqualTo(1));
        int log = stdout.IndexOf("nilderef_test.go:11: before", StringComparison.Ordinal);
        int fail = stdout.IndexOf("--- FAIL: TestNil", StringComparison.Ordinal);
        int panic = stdout.IndexOf("panic: runtime error", StringComparison.Ordinal);
        Assert.That(log, Is.GreaterThan(0));
        Assert.That(fail, Is.GreaterThan(log));
        Assert.That(panic, Is.GreaterThan(fail));
    }
}
