using System.Text.RegularExpressions;
using Vm.Gc;

namespace Vm.Tests.Gc;

/// <summary>
/// Pins what the collector must keep alive (objects reachable only from a defer record's arguments,
/// from a heap closure in <c>d.fn</c>, a heap record reachable only through a stack record's link,
/// a panic value in flight), what the stack copier must adjust (frame closures and stack pointers
/// in defer argument blocks after many moves), and the collector's observable behaviour: freeing
/// and reuse, pacing (GOGC, GOGC=off), gctrace, stack growth, shrinking and the 1 GB limit.
/// </summary>
public class GcTests
{
    const string AllSwitches = "gcstress=1,stackmove=1,poison=1,gcverify=1";

    static string FrameClosureGobs => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Gc", "FrameClosure.gobs.txt"));

    [TestCase("poison=1,gcverify=1")]
    [TestCase(AllSwitches)]
    public void ObjectReachableOnlyFromAHeapDeferArgumentBlockSurvives(string godebug)
    {
        var r = GcRun.Go(GcRun.Source("defer_arg_only.go"), godebug);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "arg ok 42\n")));
        Assert.That(r.Counters.NumForcedGC, Is.GreaterThan(0));
    }

    [TestCase("poison=1,gcverify=1")]
    [TestCase(AllSwitches)]
    public void HeapClosureReachableOnlyFromDeferFnAndHeapRecordOnlyThroughLinkSurvive(string godebug)
    {
        var r = GcRun.Go(GcRun.Source("defer_fn_only.go"), godebug);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "stack record first\nfn ok 42\n")));
        Assert.That(r.Counters.NumForcedGC, Is.EqualTo(2));
    }

    [TestCase("")]
    [TestCase("stackmove=1,gcverify=1")]
    [TestCase(AllSwitches)]
    public void FrameClosureCapturingAFrameVariableIsCalledCorrectlyAfterManyStackMoves(string godebug)
    {
        var r = GcRun.Gobs(FrameClosureGobs, godebug);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(r.Counters.StackCopies, Is.GreaterThan(0));
        if (godebug.Contains("stackmove")) Assert.That(r.Counters.StackCopies, Is.GreaterThan(20 * 300));
    }

    [Test]
    public void StressRunFailsWhenTheCopierAdjustsArgumentBlocksBeforeTheRecords()
    {
        var r = GcRun.Gobs(FrameClosureGobs, "stackmove=1,gcverify=1", fault: GcFault.DeferArgsFirst);
        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("fatal error: gcverify: stack copy: defer arguments"));
    }

    const string PanicOutput = "deferred 5000\npanic: boom!!!\n\ngoroutine 1 [running]:\n";

    [TestCase("")]
    [TestCase("stackmove=1,gcverify=1")]
    [TestCase(AllSwitches)]
    public void PanicValueSurvivesCollectionsAndStackGrowthWhileInFlight(string godebug)
    {
        var r = GcRun.Go(GcRun.Source("panic_in_flight.go"), godebug);
        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith(PanicOutput));
        Assert.That(r.Counters.StackGrowths, Is.GreaterThan(0), "deep(5000) in the deferred call grows the stack");
        Assert.That(r.Counters.NumForcedGC, Is.EqualTo(1));
    }

    [Test]
    public void StressRunFailsWhenTheCopierSkipsDeferPanic()
    {
        var r = GcRun.Go(GcRun.Source("panic_in_flight.go"), "stackmove=1,gcverify=1", fault: GcFault.SkipDeferPanic);
        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("fatal error: gcverify: stack copy: defer record"));
    }

    const string Churn = """
        package main

        var sink *[128]int

        func main() {
        	for i := 0; i < 100000; i++ {
        		sink = new([128]int)
        		sink[5] = i
        	}
        	println(sink[5])
        }
        """;

    [Test]
    public void GarbageIsFreedAndItsMemoryReused()
    {
        var r = GcRun.Go(Churn, "", "100");
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "99999\n")));
        Assert.That(r.Counters.HeapObjects, Is.GreaterThanOrEqualTo(100000));
        Assert.That(r.Counters.NumGC, Is.GreaterThan(5), "100 MB through a 4 MB goal");
        Assert.That(r.Counters.HeapFrees, Is.GreaterThan(90000));
        Assert.That(r.Counters.PeakHeapInUse, Is.LessThan(16L << 20), "freed slots are reused: the heap stays near the goal");
    }

    [Test]
    public void GogcOffNeverCollects()
    {
        var r = GcRun.Go(Churn, "", "off");
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "99999\n")));
        Assert.That(r.Counters.NumGC, Is.EqualTo(0));
        Assert.That(r.Counters.HeapFrees, Is.EqualTo(0));
        Assert.That(r.Counters.PeakHeapInUse, Is.GreaterThanOrEqualTo(100000L * 1024), "nothing was freed");
    }

    [Test]
    public void GctracePrintsOneLinePerCycleInGosShape()
    {
        var r = GcRun.Go("""
            package main

            import "runtime"

            var sink *[128]int

            func main() {
            	for i := 0; i < 20000; i++ {
            		sink = new([128]int)
            	}
            	runtime.GC()
            	println("done")
            }
            """, "gctrace=1", "100");
        Assert.That(r.Status, Is.EqualTo(0));
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^1], Is.EqualTo("done"));
        var trace = lines[..^1];
        Assert.That(trace, Has.Length.EqualTo(r.Counters.NumGC));
        var shape = new Regex(@"^gc (\d+) @\d+\.\d{3}s: \d+\.\d{3} ms pause, \d+->\d+ KB, \d+ KB goal, \d+ objects freed, 1 P( \(forced\))?$");
        for (int i = 0; i < trace.Length; i++)
        {
            var m = shape.Match(trace[i]);
            Assert.That(m.Success, Is.True, trace[i]);
            Assert.That(int.Parse(m.Groups[1].Value), Is.EqualTo(i + 1));
        }
        Assert.That(trace[^1], Does.EndWith("(forced)"));
        Assert.That(trace[0], Does.Not.EndWith("(forced)"));
    }

    const string Deep = """
        package main

        import "runtime"

        func fib(n int, depth int) int {
        	if depth == 0 {
        		return n
        	}
        	return fib(n+1, depth-1)
        }

        func main() {
        	println(fib(0, 100000))
        	for i := 0; i < 20; i++ {
        		runtime.GC()
        	}
        }
        """;

    [Test]
    public void DeepRecursionGrowsTheStackAndCollectionsShrinkItBack()
    {
        var r = GcRun.Go(Deep, "", "100");
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "100000\n")));
        Assert.That(r.Counters.StackGrowths, Is.GreaterThanOrEqualTo(8), "from 8 KiB to megabytes by doubling");
        Assert.That(r.Counters.PeakStackSize, Is.GreaterThanOrEqualTo(4L << 20));
        Assert.That(r.Counters.StackShrinks, Is.GreaterThan(0));
        Assert.That(r.Counters.StackSize, Is.EqualTo(GoroutineStack.MinSize), "halved at each collection down to the minimum");
    }

    [Test]
    public void GrowingBeyondTheLimitIsGosStackOverflow()
    {
        var r = GcRun.Go("""
            package main

            func f(n int) int {
            	return f(n+1) + 1
            }

            func main() {
            	println(f(0))
            }
            """, "", "100", maxStack: 1 << 20);
        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("runtime: goroutine stack exceeds 1048576-byte limit\nruntime: sp=0x"));
        Assert.That(r.Stderr, Does.Contain("\nfatal error: stack overflow\n\ngoroutine 1 [running]:\nmain.f(...)\n"));
        Assert.That(r.Counters.PeakStackSize, Is.EqualTo(1L << 20));
    }
    /// <summary>Big stacks get the heap arenas' transparent-huge-page advice (Stack.cs): aligned to 2 MiB, and on
    /// Linux with THP the mapping carries the kernel's "hg" flag (MADV_HUGEPAGE); small ones are neither.</summary>
    [Test]
    public void AStackOfTwoMebibytesOrMoreIsHugePageAlignedAndAdvised()
    {
        using var big = new GoroutineStack(4 << 20);
        using var small = new GoroutineStack(64 << 10);
        Assert.That((long)big.Lo % (2 << 20), Is.Zero);
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage")) return;
        Assert.That(VmFlagsOf(big.Lo), Does.Contain(" hg"), "advised for huge pages");
        Assert.That(VmFlagsOf(small.Lo), Does.Not.Contain(" hg"));
    }

    /// <summary>The VmFlags line of the /proc/self/smaps mapping holding <paramref name="addr"/>.</summary>
    static string VmFlagsOf(nint addr)
    {
        bool inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var m = Regex.Match(line, "^([0-9a-f]+)-([0-9a-f]+) ");
            if (m.Success)
            {
                ulong lo = Convert.ToUInt64(m.Groups[1].Value, 16), hi = Convert.ToUInt64(m.Groups[2].Value, 16);
                inside = (ulong)addr >= lo && (ulong)addr < hi;
            }
            else if (inside && line.StartsWith("VmFlags:")) return line;
        }
        throw new InvalidOperationException($"no mapping holds 0x{addr:x}");
    }
}
