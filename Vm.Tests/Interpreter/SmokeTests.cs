using Vm.Core.Bytecode;

namespace Vm.Tests.Interpreter;

/// <summary>Pins the core of the interpreter on hand-built modules: calls with results, recursion,
/// print formats, runtime errors.</summary>
public class SmokeTests
{
    [Test]
    public void RecursiveFibonacciReturnsItsResultThroughTheArgumentArea()
    {
        var k = new ModuleKit();
        int fib = k.Declare("main.fib", "i", "i");
        int main = k.Declare("main.main", "", "");
        k.Define(fib, 3, b =>
        {
            int rec = b.NewLabel();
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 2); b.Emit(Op.Lt); b.Emit(Op.BrFalse, rec);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.Ret);
            b.Bind(rec);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 1); b.Emit(Op.Sub); b.Emit(Op.Call, fib);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 2); b.Emit(Op.Sub); b.Emit(Op.Call, fib);
            b.Emit(Op.Add); b.Emit(Op.Ret);
        });
        k.Define(main, 1, b =>
        {
            b.Emit(Op.LdI, 25); b.Emit(Op.Call, fib); b.Emit(Op.Print, (long)PrintKind.Int);
            b.Emit(Op.Print, (long)PrintKind.Newline); b.Emit(Op.Ret);
        });
        k.M.Entry = main;
        var (st, err) = k.Run();
        Assert.That((st, err), Is.EqualTo((0, "75025\n")));
    }

    [Test]
    public void DivisionByZeroIsAGoPanicWithGosMessageAndExitStatus2()
    {
        var k = new ModuleKit();
        int main = k.Declare("main.main", "", "", "i");
        k.Define(main, 2, b =>
        {
            b.Emit(Op.LdI, 7); b.Emit(Op.LdLoc, 0); b.Emit(Op.Div); b.Emit(Op.Print, (long)PrintKind.Int); b.Emit(Op.Ret);
        });
        k.M.Entry = main;
        var (st, err) = k.Run();
        Assert.That(st, Is.EqualTo(2));
        Assert.That(err, Does.StartWith("panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\nmain.main()\n\ttest.go:1\n"));
    }
}
