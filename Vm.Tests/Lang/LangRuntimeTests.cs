using Vm.Core.Bytecode;
using Vm.Tests.Compiler;

namespace Vm.Tests.Lang;

/// <summary>The runtime functions the language's library uses, and what the compiler generates for it.</summary>
public class LangRuntimeTests
{
    [Test]
    public void RuntimeFunctionTableIsInIdOrder()
    {
        for (int i = 0; i < RuntimeFuncs.Table.Length; i++)
            Assert.That((int)RuntimeFuncs.Table[i].Id, Is.EqualTo(i), RuntimeFuncs.Table[i].Name);
    }

    [Test]
    public void EveryRuntimeIdHasARow()
    {
        foreach (RuntimeId id in Enum.GetValues<RuntimeId>())
            Assert.That(RuntimeFuncs.Get((int)id)?.Id, Is.EqualTo(id));
    }

    [Test]
    public void InterfaceMethodCallsGoThroughOneDispatcherPerMethod()
    {
        var m = GoSource.Compile(GoSource.Program("\tvar s S = T{}\n\tprintln(s.M(), s.M())",
            "type S interface{ M() int }\ntype T struct{}\n\nfunc (T) M() int { return 1 }"));
        Assert.That(m.Funcs.Count(f => f.Name == "go.itab.M"), Is.EqualTo(1));
    }

    [Test]
    public void ProgramsWithoutMapsDoNotCarryTheMapRuntime()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(1)"));
        Assert.That(m.Funcs.Any(f => f.Name.StartsWith("maprt.")), Is.False);
    }

    [Test]
    public void MapsPullInTheMapRuntime()
    {
        var m = GoSource.Compile(GoSource.Program("\tm := map[int]int{1: 2}\n\tprintln(m[1])"));
        Assert.That(m.FindFunc("maprt.Lookup"), Is.GreaterThanOrEqualTo(0));
        Assert.That(m.FindFunc("go.efacehash"), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void MethodsAreNamedAsGoTracebacksNameThem()
    {
        var m = GoSource.Compile(GoSource.Program("\tvar t T\n\tt.V()\n\tt.P()",
            "type T struct{ x int }\n\nfunc (t T) V()  {}\nfunc (t *T) P() {}"));
        Assert.That(m.FindFunc("main.T.V"), Is.GreaterThanOrEqualTo(0));
        Assert.That(m.FindFunc("main.(*T).P"), Is.GreaterThanOrEqualTo(0));
    }
}
