using Vm.Core.Bytecode;
using Vm.Interpreter;

namespace Vm.Tests.Interpreter;

/// <summary>
/// Pins the seed's record management through the runtime counters: stack records never touch a
/// pool; heap records are reused from the P's pool once warm; a P pool that overflows spills half
/// to the central pool, and an empty P pool refills from it before anything is allocated.
/// </summary>
public class DeferPoolTests
{
    /// <summary>main calls f `calls` times; f defers a no-argument function `perCall` times, from a
    /// loop (deferh) or, with perCall == 1 and stack: true, from straight-line code (defers).</summary>
    static RuntimeCounters RunDefers(int calls, int perCall, bool stack)
    {
        var k = new ModuleKit();
        int g = k.Declare("main.g", "", "");
        int f = k.Declare("main.f", "", "", "i");
        int main = k.Declare("main.main", "", "", "i");
        k.Define(g, 0, b => b.Emit(Op.Ret));
        int drp = 0;
        k.Define(f, 2, b =>
        {
            if (stack)
            {
                k.M.Funcs[f].DeferRecords.Add(k.Sig("", ""));
                b.Emit(Op.LdFn, g);
                b.Emit(Op.DeferS, 0, k.Sig("", ""));
            }
            else
            {
                int top = b.NewLabel(), done = b.NewLabel();
                b.Bind(top);
                b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, perCall); b.Emit(Op.Lt); b.Emit(Op.BrFalse, done);
                b.Emit(Op.LdFn, g); b.Emit(Op.DeferH, k.Sig("", ""));
                b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 1); b.Emit(Op.Add); b.Emit(Op.StLoc, 0);
                b.Emit(Op.Br, top);
                b.Bind(done);
            }
            drp = b.Pc;
            b.Emit(Op.DeferRet);
            b.Emit(Op.Ret);
        });
        k.M.Funcs[f].DeferReturnPc = drp;
        k.Define(main, 2, b =>
        {
            int top = b.NewLabel(), done = b.NewLabel();
            b.Bind(top);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, calls); b.Emit(Op.Lt); b.Emit(Op.BrFalse, done);
            b.Emit(Op.Call, f);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 1); b.Emit(Op.Add); b.Emit(Op.StLoc, 0);
            b.Emit(Op.Br, top);
            b.Bind(done);
            b.Emit(Op.Ret);
        });
        k.M.Entry = main;
        var counters = new RuntimeCounters();
        var (st, err) = k.Run(new RunOptions { StackSize = 1 << 20, Counters = counters });
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
