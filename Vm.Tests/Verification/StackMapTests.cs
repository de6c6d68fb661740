using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Verification;

namespace Vm.Tests.Verification;

/// <summary>Stack maps checked against maps computed by hand (the pcs are in the comments).</summary>
public class StackMapTests
{
    static string Maps(FunctionMaps fm) => string.Join(" ", fm.Safepoints.Select(s => $"{s.Pc}:[{s.Stack}]"));

    /// <summary>
    /// func h(p *T, n int) (r int) with locals q *T, k int:
    ///   defer g(p, n)        // stack record 0
    ///   for-loop-like heap site: defer g(p, 7)  (deferh)
    ///   q = new(T); k = g2(n + 1) ... ; deferreturn; return k
    /// </summary>
    internal static (Module M, int H) DeferFunction()
    {
        var t = new TestModule();
        int T = t.Type("T", TypeKind.Int);
        var h = t.Declare("h", "pi", "i", "pi", 3);
        t.Func("g", "pi", "", "", 0, c => c.Emit(Op.Ret));
        t.Func("g2", "i", "i", "", 1, c => { c.Emit(Op.LdLoc, 0); c.Emit(Op.Ret); });
        int gsig = t.Sig("pi", "");
        h.DeferRecords.Add(gsig);
        TestModule.Fill(h, c =>
        {
            c.Emit(Op.LdLoc, 0);          // 0   [p]
            c.Emit(Op.LdLoc, 1);          // 3   [p i]
            c.Emit(Op.LdFn, 1);           // 6   [p i p]
            c.Emit(Op.DeferS, 0, gsig);   // 11  [] (not a safepoint)
            c.Emit(Op.LdLoc, 0);          // 18  [p]
            c.Emit(Op.LdI, 7);            // 21  [p i]
            c.Emit(Op.LdFn, 1);           // 30  [p i p]
            c.Emit(Op.DeferH, gsig);      // 35  safepoint: p.p
            c.Emit(Op.New, T);            // 40  safepoint: (empty)
            c.Emit(Op.StLoc, 2);          // 45
            c.Emit(Op.LdLoc, 2);          // 48  [p]
            c.Emit(Op.LdLoc, 1);          // 51  [p i]
            c.Emit(Op.LdI, 1);            // 54  [p i i]
            c.Emit(Op.Call, 2);           // 63  safepoint: p. (the argument goes to g2's frame)
            c.Emit(Op.Add);               // 68  [p i]
            c.Emit(Op.StLoc, 3);          // 69  [p]
            c.Emit(Op.Pop);               // 72  []
            h.DeferReturnPc = c.Pc;
            c.Emit(Op.DeferRet);          // 73  safepoint: (empty)
            c.Emit(Op.LdLoc, 3);          // 74
            c.Emit(Op.Ret);               // 77
        });
        return (t.M, 0);
    }

    [Test]
    public void MapsOfAFunctionWithStackAndHeapDefersMatchHandComputedOnes()
    {
        var (m, h) = DeferFunction();
        var fm = Verifier.Verify(m).Funcs[h];
        Assert.Multiple(() =>
        {
            Assert.That(m.Funcs[h].DeferReturnPc, Is.EqualTo(73));
            Assert.That(Maps(fm), Is.EqualTo("0:[] 35:[p.p] 40:[] 63:[p.] 73:[]"));
            Assert.That(fm.ArgPtrs.ToString(), Is.EqualTo("p."));
            Assert.That(fm.LocalPtrs.ToString(), Is.EqualTo("p."));
            Assert.That(fm.MaxDepth, Is.EqualTo(3));
            Assert.That(fm.MapAt(11), Is.Null, "defers is not a safepoint: nothing may scan the frame while its record is half filled");
            Assert.That(fm.MapAt(63)!.Depth, Is.EqualTo(2));
            Assert.That(SlotKinds.Spell(fm.StackAt[68]!), Is.EqualTo("pii"), "kinds before add");
            Assert.That(SlotKinds.Spell(fm.StackAt[69]!), Is.EqualTo("pi"), "kinds after add");
        });
    }

    [Test]
    public void ArgumentMapOfTheDeferredFunctionDescribesItsRecordsArgumentBlock()
    {
        var (m, _) = DeferFunction();
        var g = Verifier.Verify(m).Funcs[1];
        Assert.That(g.ArgPtrs.ToString(), Is.EqualTo("p."));
    }

    [Test]
    public void BackwardBranchIsASafepointWithTheStackBeforeIt()
    {
        var t = new TestModule();
        t.Func("loop", "i", "", "", 2, c =>
        {
            var head = c.NewLabel();
            c.Emit(Op.LdNil);             // 0  [p]
            c.Bind(head);
            c.Emit(Op.LdLoc, 0);          // 1  [p i]
            c.Emit(Op.BrTrue, head);      // 4  back-edge: p.
            c.Emit(Op.Pop);               // 9
            c.Emit(Op.Ret);               // 10
        });
        var fm = Verifier.Verify(t.M).Funcs[0];
        Assert.That(Maps(fm), Is.EqualTo("0:[] 4:[p.]"));
    }

    [Test]
    public void IndirectCallMapExcludesTheClosureAndArguments()
    {
        var t = new TestModule();
        int sig = t.Sig("p", "i");
        t.Func("f", "p", "", "", 3, c =>
        {
            c.Emit(Op.LdLoc, 0);          // 0 [p]
            c.Emit(Op.LdLoc, 0);          // 3 [p p]
            c.Emit(Op.LdLoc, 0);          // 6 [p p p]  closure on top
            c.Emit(Op.CallInd, sig);      // 9 safepoint: p
            c.Emit(Op.Pop);
            c.Emit(Op.Pop);
            c.Emit(Op.Ret);
        });
        var fm = Verifier.Verify(t.M).Funcs[0];
        Assert.That(Maps(fm), Is.EqualTo("0:[] 9:[p]"));
    }

    [Test]
    public void PrinterShowsEveryFunctionsMaps()
    {
        var (m, _) = DeferFunction();
        var w = new StringWriter();
        StackMapPrinter.Print(m, Verifier.Verify(m), w);
        var text = w.ToString();
        Assert.That(text, Does.Contain("func h (pi) -> (i)"));
        Assert.That(text, Does.Contain("deferrec 0 (pi) -> ()"));
        Assert.That(text, Does.Match(@"pc 35\s+deferh\s+stack p\.p"));
        Assert.That(text, Does.Match(@"pc 63\s+call g2\s+stack p\."));
    }
}
