namespace Vm.Tests.Sched;

/// <summary>
/// 100,000 goroutines parked on channels at once (Vm.Tests/Sched/Programs/parked_many.go): they all exist,
/// they are all released, and what each costs while parked — resident memory growth per goroutine,
/// sampled from /proc/self/statm during the run — stays under the bar of 8 KiB (Go 1.19: ~2.7 KiB).
/// </summary>
public class ParkedGoroutinesTests
{
    static long RssBytes()
    {
        var f = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(f[1]) * Environment.SystemPageSize;
    }

    [Test]
    public void HundredThousandParkedGoroutinesFitInTheMemoryBar()
    {
        Assume.That(File.Exists("/proc/self/statm"), "needs /proc/self/statm (Linux)");
        const int n = 100_000;
        var vm = SchedRun.Compile(SchedRun.Source("parked_many.go"));
        GC.Collect();
        long baseline = RssBytes(), peak = baseline;
        long managedBefore = GC.GetTotalAllocatedBytes(true);
        using var stop = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!stop.Wait(1)) peak = Math.Max(peak, RssBytes());
        }) { IsBackground = true };
        sampler.Start();
        var r = SchedRun.Run(vm, 2);
        stop.Set();
        sampler.Join();
        long managed = GC.GetTotalAllocatedBytes(true) - managedBefore;
        Assert.That(r.Status, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Is.EqualTo("parked 100000\nreleased 4999950000\n"));
        Assert.That(r.Counters.MaxLiveGoroutines, Is.GreaterThanOrEqualTo(n));
        double perG = (peak - baseline) / (double)n;
        TestContext.Out.WriteLine($"{n} parked goroutines: peak RSS growth {(peak - baseline) >> 20} MiB = {perG / 1024:F2} KiB per goroutine; " +
            $"managed allocation {managed / (double)n:F0} B per goroutine; stack reserved 8 KiB each; {r.Elapsed.TotalMilliseconds:F0} ms");
        Assert.That(perG, Is.LessThan(8 * 1024), "resident bytes per parked goroutine");
    }
}
