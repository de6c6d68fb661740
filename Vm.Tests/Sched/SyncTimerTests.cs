using System.Diagnostics;

namespace Vm.Tests.Sched;

/// <summary>
/// Timers, semaphores and atomics (docs/scheduler.md "Timers, semaphores, atomics") beyond the golden
/// programs of Vm.Tests/Sched/Programs (which SchedProgramTests runs with GOMAXPROCS 1 and 2): repeated
/// runs of the contended programs on several Ps, and sleeping without spinning.
/// </summary>
public class SyncTimerTests
{
    [Test]
    public void MutexCounterIsExactOnTwoPsEveryRun()
    {
        var vm = SchedRun.Compile(SchedRun.Source("mutex_counter.go"));
        var want = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Sched", "Programs", "mutex_counter.stdout"));
        for (int i = 0; i < 4; i++)
        {
            var r = SchedRun.Run(vm, 2);
            Assert.That(r.Status, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout, Is.EqualTo(want), $"run {i}");
        }
    }

    [Test]
    public void AtomicCountersAreExactOnFourPsEveryRun()
    {
        var vm = SchedRun.Compile(SchedRun.Source("atomic_counter.go"));
        var want = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Sched", "Programs", "atomic_counter.stdout"));
        for (int i = 0; i < 4; i++)
        {
            var r = SchedRun.Run(vm, 4);
            Assert.That(r.Stdout, Is.EqualTo(want), $"run {i}");
        }
    }

    [Test]
    public void ParkedMutexWaitersSurviveStackMovesAndCollections()
    {
        var src = SchedRun.Source("mutex_counter.go").Replace("j < 10000", "j < 1500");
        foreach (var sw in new[] { "stackmove=1", "gcstress=7", "poison=1,gcstress=13", "gcverify=1,gcstress=29" })
        {
            var r = SchedRun.Go(src, 2, godebug: sw);
            Assert.That(r.Status, Is.EqualTo(0), sw + ": " + r.Stderr);
            Assert.That(r.Stdout, Does.StartWith("round 0 count 12000\nround 1 count 12000\nround 2 count 12000\nrw count 4000 0\n"), sw);
        }
    }

    [Test]
    public void SleepingProgramUsesLittleCpu()
    {
        const string src = """
            package main

            import "time"

            func main() {
            	done := make(chan bool)
            	go func() { time.Sleep(400 * time.Millisecond); done <- true }()
            	time.Sleep(300 * time.Millisecond)
            	<-done
            }
            """;
        var vm = SchedRun.Compile(src);
        SchedRun.Run(vm, 4); // the interpreter's one-time costs (JIT) are paid before measuring
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var r = SchedRun.Run(vm, 4);
        proc.Refresh();
        var cpu = proc.TotalProcessorTime - cpu0;
        Assert.That(r.Status, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390)));
        // Spinning Ps would burn about 4 x 400 ms; idle Ps sleep on their semaphores.
        Assert.That(cpu, Is.LessThan(TimeSpan.FromMilliseconds(250)), $"cpu {cpu.TotalMilliseconds} ms over {r.Elapsed.TotalMilliseconds} ms");
    }

    [Test]
    public void SleepingGoroutinesAreListedNowhereButDoNotCountAsDeadlocked()
    {
        // Goroutine 1 waits on a channel, one goroutine sleeps long, another waits forever: no deadlock
        // while the sleeper sleeps; when it wakes and ends, the deadlock is reported.
        const string src = """
            package main

            import "time"

            func main() {
            	go func() { select {} }()
            	go func() { time.Sleep(100 * time.Millisecond) }()
            	var c chan int
            	c <- 1
            }
            """;
        var r = SchedRun.Go(src, 2);
        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(r.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(95)));
        Assert.That(r.Stderr, Does.StartWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send (nil chan)]:\n"));
        Assert.That(r.Stderr, Does.Contain("[select (no cases)]:"));
        Assert.That(r.Stderr, Does.Not.Contain("[sleep]"));
    }

    [Test]
    public void IdlePStealsTheRunnextOfAPWhoseGoroutineKeepsRunning()
    {
        // main makes a goroutine (it goes to runnext of main's P) and spins until it has run: with two Ps
        // the idle one steals it at once (Go's stealRunNextG; median ~0.1-1 ms here) instead of it waiting for
        // main's time slice (measured 28-136 ms under load before).
        const string src = """
            package main

            import (
            	"fmt"
            	"sort"
            	"sync/atomic"
            	"time"
            )

            func main() {
            	var lat []int
            	for i := 0; i < 21; i++ {
            		var flag int32
            		start := time.Now()
            		go func() { atomic.StoreInt32(&flag, 1) }()
            		for atomic.LoadInt32(&flag) == 0 {
            		}
            		lat = append(lat, int(time.Since(start)/time.Microsecond))
            		time.Sleep(time.Millisecond)
            	}
            	sort.Ints(lat)
            	fmt.Println(lat[10])
            }
            """;
        var r = SchedRun.Go(src, 2);
        Assert.That(r.Status, Is.EqualTo(0), r.Stderr);
        Assert.That(int.Parse(r.Stdout.Trim()), Is.LessThan(15000), "median µs until the new goroutine ran");
    }
}
