namespace Vm.Tests.Sched;

/// <summary>
/// The seed's TestDeferHeapAndStack (Vm.Tests/GoTests/deferheapstack_test.go: P=4 goroutines, each
/// running deferHeapAndStack(D) N times, results collected over a channel) through <c>govm test</c>,
/// with GOMAXPROCS=1 and 2: at the short size by default and at full size (N=10000, D=200) under
/// GOVM_STRESS=full, with no switch and with GOGC=1; at the short size under every GC stress switch.
/// </summary>
[NonParallelizable]
public class SeedDeferHeapAndStackTests
{
    static bool Full => Environment.GetEnvironmentVariable("GOVM_STRESS") == "full";

    /// <summary>Runs <c>govm test [-short] deferheapstack_test.go</c> with the given environment.</summary>
    static (int Code, string Stdout) GovmTest(bool shortMode, int procs, string? gogc, string? godebug)
    {
        var saved = new[] { "GOMAXPROCS", "GOGC", "GODEBUG" }.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("GOMAXPROCS", procs.ToString());
            Environment.SetEnvironmentVariable("GOGC", gogc);
            Environment.SetEnvironmentVariable("GODEBUG", godebug);
            var args = shortMode ? new[] { "-short", "-v", "deferheapstack_test.go" } : ["-v", "deferheapstack_test.go"];
            var (code, stdout, _) = Vm.Tests.GoTests.GoTestGoldenTests.GovmTest(args);
            return (code, stdout);
        }
        finally
        {
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
        }
    }

    static void AssertPassed(int code, string stdout)
    {
        Assert.That(code, Is.EqualTo(0), stdout);
        Assert.That(stdout, Does.Contain("--- PASS: TestDeferHeapAndStack"));
        Assert.That(stdout, Does.Contain("ok  \tcommand-line-arguments\t"));
    }

    [Category("Stress")]
    [TestCase(1, null)]
    [TestCase(2, null)]
    [TestCase(1, "1")]
    [TestCase(2, "1")]
    public void PassesWithGomaxprocsAndGogc(int procs, string? gogc)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout) = GovmTest(!Full, procs, gogc, null);
        AssertPassed(code, stdout);
        TestContext.Out.WriteLine($"{(Full ? "full" : "short")} GOMAXPROCS={procs} GOGC={gogc ?? "100"}: {sw.ElapsedMilliseconds} ms");
    }

    [TestCase(1, "gcstress=1")]
    [TestCase(2, "gcstress=1")]
    [TestCase(1, "stackmove=1")]
    [TestCase(2, "stackmove=1")]
    [TestCase(1, "poison=1")]
    [TestCase(2, "poison=1")]
    [TestCase(1, "gcverify=1")]
    [TestCase(2, "gcverify=1")]
    [TestCase(2, "poison=1,gcverify=1,gcstress=50")]
    [TestCase(2, "gcstress=3,stackmove=1,poison=1,gcverify=1")]
    public void PassesShortUnderEveryStressSwitch(int procs, string godebug)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout) = GovmTest(true, procs, null, godebug + ",gctrace=1");
        AssertPassed(code, stdout);
        // The switch must act: collections happen (gctrace lines in the verbose output), one per allocation under gcstress.
        int cycles = stdout.Split('\n').Count(l => l.StartsWith("gc ", StringComparison.Ordinal));
        Assert.That(cycles, Is.GreaterThan(godebug.Contains("gcstress") ? 1000 : 0));
        TestContext.Out.WriteLine($"short GOMAXPROCS={procs} GODEBUG={godebug}: {sw.ElapsedMilliseconds} ms, {cycles} collections");
    }
}
