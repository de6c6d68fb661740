using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Vm.Tests.Interpreter;

/// <summary>Builds small modules in C# for tests that need exact control over code shape
/// (the program corpus in Vm.Tests/Programs uses .gobs text instead).</summary>
sealed class ModuleKit
{
    public readonly Module M = new();

    public int Sig(string pars, string results)
    {
        static SlotKind[] K(string s) => s.Select(c => SlotKinds.TryParse(c, out var k) ? k : throw new ArgumentException(s)).ToArray();
        return M.InternSig(new Signature(K(pars), K(results)));
    }

    public int Type(TypeDef t)
    {
        M.Types.Add(t);
        TypeLayout.ComputeAll(M.Types, M.Sigs.Count);
        return M.Types.Count - 1;
    }

    /// <summary>Declares a function (so calls can name it before its body exists).</summary>
    public int Declare(string name, string pars, string results, string locals = "")
    {
        M.Funcs.Add(new FunctionDef
        {
            Name = name, Sig = Sig(pars, results), File = "test.go",
            Locals = locals.Select(c => SlotKinds.TryParse(c, out var k) ? k : throw new ArgumentException(locals)).ToList(),
        });
        return M.Funcs.Count - 1;
    }

    public void Define(int f, int maxStack, Action<CodeBuilder> body, Func<CodeBuilder, int>? deferReturn = null)
    {
        var b = new CodeBuilder();
        b.Line(1);
        body(b);
        var fd = M.Funcs[f];
        fd.Code = b.Finish(out var lines);
        fd.Lines = lines;
        fd.MaxStack = maxStack;
    }

    public VerifiedModule Verify() => Verifier.Verify(M);

    public (int Status, string Stderr) Run(RunOptions? options = null)
    {
        var err = new StringWriter();
        int st = Vm.Interpreter.Interpreter.Run(Verify(), options ?? new RunOptions { StackSize = 16 << 20 }, new StringWriter(), err);
        return (st, err.ToString());
    }
}
