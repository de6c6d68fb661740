using Vm.Interpreter;

namespace Vm.Tests.Interpreter;

/// <summary>
/// Pins the seed's record management through the runtime counters: stack records never touch a
/// pool; heap records are reused from the P's pool once warm; a P pool that overflows spills half
/// to the central pool, and an empty P pool refills from it before anything is allocated.
/// </summary>
public class DeferPoolTests
{
    /// <summary>main calls f `calls` times; f defers g `perCall` times from a loop (deferh), or once
    /// from straight-line code (defers) when <paramref name="stack"/> is set.</summary>
    static RuntimeCounters RunDefers(int calls, int perCall, bool stack)
    {
        string body = stack
            ? """
                  ldfn main.g
                  defers r () -> ()
              """
            : $"""
              top:
                  ldloc i
                  ldi {perCall}
                  lt
                  brfalse exit
                  ldfn main.g
                  deferh () -> ()
                  ldloc i
                  ldi 1
                  add
                  stloc i
                  br top
              """;
        var gobs = $"""
            .func main.g () -> ()
                .file "pool.go"
                .maxstack 0
                ret
            .end
            .func main.f () -> ()
                .file "pool.go"
                .maxstack 2
                .local i i
                .deferrec r () -> ()
                .deferreturn exit
            {body}
            exit:
                deferret
                ret
            .end
            .func main.main () -> ()
                .file "pool.go"
                .maxstack 2
                .local i i
            top:
                ldloc i
                ldi {calls}
                lt
                brfalse done
                call main.f
                ldloc i
                ldi 1
                add
                stloc i
                br top
            done:
                ret
            .end
            .entry main.main
            """;
        if (!stack) gobs = gobs.Replace("    .deferrec r () -> ()\n", "");
        var counters = new RuntimeCounters();
        var (st, err) = ModuleKit.Run(gobs, new RunOptions { StackSize = 1 << 20, Counters = counters });
        Assert.That((st, err), Is.EqualTo((0, "")));
        return counters;
    }

    [Test]
    public void AMillionHeapDefersAfterWarmUpAllocateNoNewRecords()
    {
        var warm = RunDefers(calls: 10, perCall: 1, stack: false);
        var million = RunDefers(calls: 1_000_000, perCall: 1, stack: false);
        Assert.Multiple(() =>
        {
            Assert.That(million.HeapDefers, Is.EqualTo(1_000_000));
            Assert.That(million.DeferRecordsAllocated, Is.EqualTo(warm.DeferRecordsAllocated));
            Assert.That(million.DeferRecordsAllocated, Is.EqualTo(1));
            Assert.That(million.DeferPoolHits, Is.EqualTo(1_000_000 - 1));
            Assert.That(million.DeferRecordsFreed, Is.EqualTo(1_000_000));
        });
    }

    [Test]
    public void StackRecordsNeverTouchAPoolOrTheHeap()
    {
        var c = RunDefers(calls: 1000, perCall: 1, stack: true);
        Assert.Multiple(() =>
        {
            Assert.That(c.StackDefers, Is.EqualTo(1000));
            Assert.That(c.HeapDefers, Is.EqualTo(0));
            Assert.That(c.DeferRecordsAllocated, Is.EqualTo(0));
            Assert.That(c.DeferPoolHits, Is.EqualTo(0));
            Assert.That(c.DeferRecordsFreed, Is.EqualTo(0));
            Assert.That(c.HeapObjects, Is.EqualTo(0));
        });
    }

    [Test]
    public void AnOverflowingPPoolSpillsToTheCentralPoolWhichRefillsItLater()
    {
        // One call defers 100 records: all allocated (both pools empty). Freeing them at return fills
        // the P pool (capacity 32) and spills half to the central pool each time it is full. The
        // second call takes 100 again: what the P pool kept, then refills from the central pool,
        // and allocates nothing.
        var one = RunDefers(calls: 1, perCall: 100, stack: false);
        var two = RunDefers(calls: 2, perCall: 100, stack: false);
        Assert.Multiple(() =>
        {
            Assert.That(one.DeferRecordsAllocated, Is.EqualTo(100));
            Assert.That(one.CentralSpills, Is.EqualTo(5)); // pool full at frees 33, 49, 65, 81, 97
            Assert.That(one.CentralRefills, Is.EqualTo(0));
            Assert.That(two.DeferRecordsAllocated, Is.EqualTo(100));
            Assert.That(two.CentralRefills, Is.EqualTo(5)); // 20 kept by the P, then 5 x 16 from the central pool
            Assert.That(two.DeferPoolHits, Is.EqualTo(100));
        });
    }
}
