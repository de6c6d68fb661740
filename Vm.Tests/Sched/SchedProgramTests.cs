using System.Text.RegularExpressions;

namespace Vm.Tests.Sched;

/// <summary>
/// The scheduler's Go programs (Vm.Tests/Sched/Programs: ping-pong, producer/consumer, select fairness,
/// close waking every receiver, deadlock, spinning goroutines, channel panics and semantics, pointers over
/// channels while collecting) against real Go 1.19's output (golden.sh), each with GOMAXPROCS=1 and 2.
/// </summary>
public class SchedProgramTests
{
    static IEnumerable<TestCaseData> Programs() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Sched", "Programs"), "*.go").OrderBy(p => p)
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Where(n => n != "parked_many") // SchedulerTests measures it
            .SelectMany(n => new[] { 1, 2 }.Select(p => new TestCaseData(n, p).SetName($"{n}_P{p}")));

    static string Golden(string file) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Sched", "Programs", file));

    /// <summary>What govm promises to match (as GoProgramTests): everything up to the first "goroutine N [...]:" line.</summary>
    internal static string Normalize(string s)
    {
        int g = s.IndexOf("goroutine ", StringComparison.Ordinal);
        if (g >= 0)
        {
            int nl = s.IndexOf('\n', g);
            s = nl >= 0 ? s[..(nl + 1)] : s;
        }
        return Regex.Replace(s, @"0x[0-9a-f]+", "0xADDR");
    }

    [TestCaseSource(nameof(Programs))]
    public void RunsLikeGo(string name, int procs)
    {
        var r = SchedRun.Go(SchedRun.Source(name + ".go"), procs);
        Assert.That(r.Status, Is.EqualTo(int.Parse(Golden(name + ".exit").Trim())), r.Stderr);
        Assert.That(r.Stdout, Is.EqualTo(Golden(name + ".stdout")), "stdout");
        Assert.That(Normalize(r.Stderr), Is.EqualTo(Normalize(Golden(name + ".stderr"))), "stderr");
    }

    [Test]
    public void DeadlockListsEveryWaitingGoroutineWithItsWaitReason()
    {
        var r = SchedRun.Go(SchedRun.Source("deadlock_many.go"), 2);
        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive (nil chan)]:\nmain.main()\n"));
        Assert.That(r.Stderr, Does.Contain("[chan send]:\nmain.main.func1()"));
        Assert.That(r.Stderr, Does.Contain("[select]:\nmain.main.func2()"));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void GoroutinesRunInParallelOnGomaxprocsPs(int procs)
    {
        var r = SchedRun.Go(SchedRun.Source("prodcons.go"), procs);
        Assert.That(r.Status, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Counters.Procs, Is.EqualTo(procs));
        Assert.That(r.Counters.Goroutines, Is.EqualTo(6));
    }

    [Test]
    public void PointersSentOverChannelsSurviveCollectionsUnderEveryStressSwitch()
    {
        var src = SchedRun.Source("gc_pointers.go").Replace("go producer(id, 400, c)", "go producer(id, 60, c)");
        foreach (var sw in new[] { "gcstress=7", "stackmove=1", "poison=1,gcstress=13", "gcverify=1,gcstress=29" })
        {
            var r = SchedRun.Go(src, 2, godebug: sw);
            Assert.That(r.Status, Is.EqualTo(0), sw + ": " + r.Stderr);
            Assert.That(r.Stderr, Is.EqualTo("received 240 bad 0\n"), sw);
            Assert.That(r.Counters.NumGC + r.Counters.StackCopies, Is.GreaterThan(10), sw + ": the switch must fire");
        }
    }
}
