namespace Vm.Tests.Interpreter;

/// <summary>Pins the core of the interpreter on small programs: calls with results written back in
/// place, recursion, multiple results, closures through callind, runtime errors as Go panics.</summary>
public class SmokeTests
{
    [Test]
    public void RecursiveFibonacciReturnsItsResultThroughTheArgumentArea()
    {
        var (st, err) = ModuleKit.Run("""
            .func main.fib (n i) -> (i)
                .file "fib.go"
                .maxstack 3
                ldloc n
                ldi 2
                lt
                brfalse rec
                ldloc n
                ret
            rec:
                ldloc n
                ldi 1
                sub
                call main.fib
                ldloc n
                ldi 2
                sub
                call main.fib
                add
                ret
            .end
            .func main.main () -> ()
                .file "fib.go"
                .maxstack 1
                ldi 25
                call main.fib
                print int
                print nl
                ret
            .end
            .entry main.main
            """);
        Assert.That((st, err), Is.EqualTo((0, "75025\n")));
    }

    [Test]
    public void AFunctionWithMoreResultsThanParametersReturnsAllOfThemInOrder()
    {
        var (st, err) = ModuleKit.Run("""
            .func main.three () -> (iif)
                .file "r.go"
                .maxstack 3
                .local a i
                ldi 7
                stloc a
                ldi 1
                ldloc a
                ldf 2.5
                ret
            .end
            .func main.main () -> ()
                .file "r.go"
                .maxstack 4
                ldi 99
                call main.three
                print float
                print sp
                print int
                print sp
                print int
                print sp
                print int
                print nl
                ret
            .end
            .entry main.main
            """);
        Assert.That((st, err), Is.EqualTo((0, "+2.500000e+000 7 1 99\n")));
    }

    [Test]
    public void ACallThroughAClosureWithTheWrongSignatureIsAFatalError()
    {
        var (st, err) = ModuleKit.Run("""
            .func main.g (x i) -> ()
                .file "c.go"
                .maxstack 0
                ret
            .end
            .func main.main () -> ()
                .file "c.go"
                .maxstack 1
                ldfn main.g
                callind () -> ()
                ret
            .end
            .entry main.main
            """);
        Assert.That(st, Is.EqualTo(2));
        Assert.That(err, Does.StartWith("fatal error: callind: closure's function does not have the call's signature\n"));
    }

    [Test]
    public void DivisionByZeroIsAGoPanicWithGosMessageAndExitStatus2()
    {
        var (st, err) = ModuleKit.Run("""
            .func main.main () -> ()
                .file "d.go"
                .maxstack 2
                .local z i
                .line 3
                ldi 7
                ldloc z
                div
                print int
                ret
            .end
            .entry main.main
            """);
        Assert.That(st, Is.EqualTo(2));
        Assert.That(err, Is.EqualTo("panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\nmain.main()\n\td.go:3\n"));
    }

    [Test]
    public void MakechanWithANegativeSizePanicsAsGoDoes()
    {
        var (st, err) = ModuleKit.Run("""
            .type int int
            .func main.main () -> ()
                .file "ch.go"
                .maxstack 1
                ldi -1
                makechan int
                pop
                ret
            .end
            .entry main.main
            """);
        Assert.That(st, Is.EqualTo(2));
        Assert.That(err, Does.StartWith("panic: makechan: size out of range\n\ngoroutine 1 [running]:\n"));
    }

    [Test]
    public void AnAllocationTheHostCannotSatisfyIsGosOutOfMemoryFatalError()
    {
        // A 1 TiB array: refused by the host unless it overcommits memory unconditionally.
        Assume.That(File.Exists("/proc/sys/vm/overcommit_memory") && File.ReadAllText("/proc/sys/vm/overcommit_memory").Trim() == "1", Is.False);
        var (st, err) = ModuleKit.Run("""
            .type int int
            .func main.main () -> ()
                .file "oom.go"
                .maxstack 1
                ldi 137438953472
                newarr int
                pop
                ret
            .end
            .entry main.main
            """);
        Assert.That((st, err), Is.EqualTo((2, "fatal error: runtime: out of memory\n")));
    }
}
