using Vm.Core.Bytecode;

namespace Vm.Tests.Compiler;

/// <summary>Go's escape decision for defer records (the seed: loop depth 1 -> stack record) and the -d=defer lines.</summary>
public class DeferDiagnosticsTests
{
    // The seed's TestDeferHeapAndStack helpers, unchanged (runtime/stack_test.go).
    const string Seed = """
        package main

        // deferHeapAndStack(n) computes 2*n
        func deferHeapAndStack(n int) (r int) {
        	if n == 0 {
        		return 0
        	}
        	if n%2 == 0 {
        		// heap-allocated defers
        		for i := 0; i < 2; i++ {
        			defer func() {
        				r++
        			}()
        		}
        	} else {
        		// stack-allocated defers
        		defer func() {
        			r++
        		}()
        		defer func() {
        			r++
        		}()
        	}
        	r = deferHeapAndStack(n - 1)
        	escapeMe(new([1024]byte)) // force some GCs
        	return
        }

        // Pass a value to escapeMe to force it to escape.
        var escapeMe = func(x interface{}) {}

        func main() {
        	println(deferHeapAndStack(10))
        }
        """;

    [Test]
    public void SeedStraightLineDefersAreStackAllocatedAndTheLoopDeferHeapAllocated()
    {
        var lines = new List<string>();
        GoSource.Compile(Seed, "stack_test.go", lines);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "stack_test.go:11:4: heap-allocated defer",
            "stack_test.go:17:3: stack-allocated defer",
            "stack_test.go:20:3: stack-allocated defer",
        }));
    }

    [Test]
    public void SeedFunctionUsesTwoStackRecordsAndOneHeapDefer()
    {
        var m = GoSource.Compile(Seed, "stack_test.go");
        var f = GoSource.Func(m, "main.deferHeapAndStack");
        var ops = GoSource.Ops(f);
        Assert.That(ops.Count(o => o == Op.DeferS), Is.EqualTo(2));
        Assert.That(ops.Count(o => o == Op.DeferH), Is.EqualTo(1));
        Assert.That(f.DeferRecords, Has.Count.EqualTo(2));
        Assert.That(f.DeferReturnPc, Is.GreaterThanOrEqualTo(0));
        Assert.That(Ops(f, f.DeferReturnPc), Is.EqualTo(Op.DeferRet));
    }

    [Test]
    public void SeedResultCapturedByTheHeapClosureLivesOnTheHeap()
    {
        // r is captured by the loop's func literal, which escapes: r is moved to the heap (Go: "moved to heap: r")
        var m = GoSource.Compile(Seed, "stack_test.go");
        var ops = GoSource.Ops(GoSource.Func(m, "main.deferHeapAndStack"));
        Assert.That(ops, Does.Contain(Op.New));
        Assert.That(m.FindFunc("main.deferHeapAndStack.func1"), Is.GreaterThanOrEqualTo(0));
        Assert.That(m.FindFunc("main.glob..func1"), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void BackwardGotoCountsAsALoop()
    {
        var lines = new List<string>();
        GoSource.Compile(GoSource.Program("\ti := 0\nagain:\n\tdefer println(i)\n\ti++\n\tif i < 3 {\n\t\tgoto again\n\t}\n\tdefer println(\"last\")"), "g.go", lines);
        Assert.That(lines, Is.EqualTo(new[] { "g.go:8:2: heap-allocated defer", "g.go:13:2: heap-allocated defer" }));
    }

    [Test]
    public void ForwardGotoDoesNotMakeALoop()
    {
        var lines = new List<string>();
        GoSource.Compile(GoSource.Program("\tgoto skip\nskip:\n\tdefer println(1)"), "g.go", lines);
        Assert.That(lines, Is.EqualTo(new[] { "g.go:8:2: stack-allocated defer" }));
    }

    [Test]
    public void DeferInsideAFunctionLiteralInALoopIsAtItsOwnLoopDepth()
    {
        var lines = new List<string>();
        GoSource.Compile(GoSource.Program("\tfor i := 0; i < 2; i++ {\n\t\tfunc() {\n\t\t\tdefer println(i)\n\t\t}()\n\t}"), "g.go", lines);
        Assert.That(lines, Is.EqualTo(new[] { "g.go:8:4: stack-allocated defer" }));
    }

    static Op Ops(Vm.Core.Modules.FunctionDef f, int pc) => InstrCodec.Decode(f.Code, pc).Op;
}
