using Vm.Gc;

namespace Vm.Tests.Gc;

/// <summary>
/// The seed's GC stress test (runtime/stack_test.go TestDeferHeapAndStack) as a Go program:
/// deferHeapAndStack(D) — heap defers in a loop at even depths, stack defers at odd depths, a
/// recursion to depth D and a 1 KiB allocation at every level — must return 2*D on every one of N
/// iterations, at the short size under each stress switch and all of them together, and at full size
/// (D=200, N=10000) with and without GOGC=1. One goroutine until the scheduler lands (the seed uses P=4).
/// Each run also checks that its switch actually fired.
/// </summary>
public class DeferHeapAndStackTests
{
    const int ShortN = 1000, ShortD = 20, FullN = 10000, FullD = 200;

    [TestCase("")]
    [TestCase("gcstress=1")]
    [TestCase("stackmove=1")]
    [TestCase("poison=1")]
    [TestCase("gcverify=1")]
    [TestCase("gcstress=1,stackmove=1,poison=1,gcverify=1")]
    public void ShortSizeReturnsTwiceTheDepthEveryTime(string godebug)
    {
        var r = GcRun.Go(GcRun.DeferHeapAndStack(ShortN, ShortD), godebug);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "ok\n")));
        Assert.That(r.Counters.HeapDefers, Is.EqualTo((long)ShortN * ShortD), "two heap defers at each of D/2 even levels");
        Assert.That(r.Counters.StackDefers, Is.EqualTo((long)ShortN * ShortD), "two stack defers at each of D/2 odd levels");
        Assert.That(r.Counters.NumGC, Is.GreaterThan(0), "1 KiB per level must reach the 4 MB goal");
        if (godebug.Contains("gcstress=1"))
            Assert.That(r.Counters.NumGC, Is.GreaterThanOrEqualTo((long)ShortN * ShortD), "a collection before every allocation");
        if (godebug.Contains("stackmove=1"))
            Assert.That(r.Counters.StackCopies, Is.GreaterThan((long)ShortN * ShortD), "a stack move at every call");
    }

    static bool Full => Environment.GetEnvironmentVariable("GOVM_STRESS") == "full";

    [Category("Stress")]
    [TestCase("100")]
    [TestCase("1")]
    public void SeedSizeReturnsTwiceTheDepthEveryTime(string gogc)
    {
        int n = Full ? FullN : ShortN, d = Full ? FullD : ShortD;
        var r = GcRun.Go(GcRun.DeferHeapAndStack(n, d), "", gogc);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "ok\n")));
        Assert.That(r.Counters.NumGC, Is.GreaterThan(0));
        TestContext.Out.WriteLine($"N={n} D={d} GOGC={gogc}: {r.Counters.NumGC} collections, pause {r.Counters.GcPause.TotalMilliseconds:F0} ms, peak heap {r.Counters.PeakHeapInUse >> 10} KiB, stack {r.Counters.PeakStackSize >> 10} KiB");
    }

    /// <summary>The stress run catches a copier that skips one adjustment of the seed's adjustdefers:
    /// the stack record chain then points into the old stack after a move.</summary>
    [TestCase(GcFault.SkipDeferLink)]
    [TestCase(GcFault.SkipDeferSp)]
    [TestCase(GcFault.SkipDeferFn)]
    public void StressRunFailsWhenTheCopierSkipsADeferField(GcFault fault)
    {
        var good = GcRun.Go(GcRun.DeferHeapAndStack(10, ShortD), "stackmove=1,gcverify=1");
        Assert.That((good.Status, good.Stderr), Is.EqualTo((0, "ok\n")));
        var r = GcRun.Go(GcRun.DeferHeapAndStack(10, ShortD), "stackmove=1,gcverify=1", fault: fault);
        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("fatal error: gcverify: stack copy: defer record"));
    }
}
