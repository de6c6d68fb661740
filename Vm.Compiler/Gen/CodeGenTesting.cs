using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Compiler.Gen;

// Test mode: the testing package's runtime side in bytecode (docs/compiler.md "Tests").
// The runner (Vm.Interpreter/Machine.Testing.cs) stores the test function's funcval in
// testing.cur (testing.curb for a benchmark) and calls testing.tRunner (testing.bRunner), which
// calls it with &testing.t (&testing.b). Methods of T and B are generated functions that end in
// rt testlog / testctl / testname.
public sealed partial class CodeGen
{
    internal int TRunner = -1, BRunner = -1, CurTest = -1, CurBench = -1, TObject = -1, BObject = -1;
    readonly Dictionary<string, int> _testingMethods = [];

    int AddGlobal(string name, GoType t)
    {
        M.Globals.Add(new GlobalDef(name, TypeIdx(t)));
        return M.Globals.Count - 1;
    }

    FuncInfo TestingFunc(string name, FuncType type) => new() { Name = name, Type = type, File = 0, Pos = new Pos(0, 1, 1) };

    FunctionDef NewTestingFunc(FuncInfo f)
    {
        var def = NewFunc(f);
        def.File = "testing.go";
        return def;
    }

    void DeclareTesting()
    {
        var tT = C.TestingType("T");
        var tB = C.TestingType("B");
        var ptrT = new PointerType(tT);
        var ptrB = new PointerType(tB);
        TObject = AddGlobal("testing.t", tT);
        BObject = AddGlobal("testing.b", tB);
        CurTest = AddGlobal("testing.cur", new FuncType([ptrT], [], false));
        CurBench = AddGlobal("testing.curb", new FuncType([ptrB], [], false));

        var voidFn = new FuncType([], [], false);
        var run = TestingFunc("testing.tRunner", voidFn);
        var runDef = NewTestingFunc(run);
        TRunner = run.Index;
        var func1 = TestingFunc("testing.tRunner.func1", voidFn);
        var func1Def = NewTestingFunc(func1);
        var brun = TestingFunc("testing.bRunner", voidFn);
        var brunDef = NewTestingFunc(brun);
        BRunner = brun.Index;
        int f1 = func1.Index, tobj = TObject, cur = CurTest, bobj = BObject, curb = CurBench;
        int sigT = SigOf(new FuncType([ptrT], [], false)), sigB = SigOf(new FuncType([ptrB], [], false));
        Pending.Add((runDef, fg => fg.EmitTRunner(f1, tobj, cur, sigT), run));
        Pending.Add((func1Def, fg => fg.EmitTRunnerRecover(), func1));
        Pending.Add((brunDef, fg => fg.EmitBRunner(bobj, curb, sigB), brun));
    }

    /// <summary>The generated function for method <paramref name="name"/> of testing.T/B (receiver first).</summary>
    internal int TestingMethodFunc(string name, FuncType methodType)
    {
        if (_testingMethods.TryGetValue(name, out int i)) return i;
        var recv = new PointerType(C.TestingType("T"));
        var ft = new FuncType([recv, .. methodType.Params], methodType.Results, methodType.Variadic);
        var f = TestingFunc($"testing.(*common).{name}", ft);
        var def = NewTestingFunc(f);
        Pending.Add((def, fg => fg.EmitTestingMethod(name), f));
        _testingMethods[name] = f.Index;
        return f.Index;
    }
}
