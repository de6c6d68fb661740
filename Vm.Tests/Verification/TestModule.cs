using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Tests.Verification;

/// <summary>Builds small modules in code for verifier tests: signatures from kind strings, functions from CodeBuilder bodies.</summary>
sealed class TestModule
{
    public Module M { get; } = new();

    public static SlotKind[] K(string s) => s.Select(c => SlotKinds.TryParse(c, out var k) ? k : throw new ArgumentException(s)).ToArray();

    public int Sig(string pars, string results) => M.InternSig(new Signature(K(pars), K(results)));

    public int Type(string name, TypeKind kind, int elem = -1, long len = 0)
    {
        M.Types.Add(new TypeDef { Name = name, Kind = kind, Elem = elem, Len = len });
        TypeLayout.ComputeAll(M.Types, M.Sigs.Count);
        return M.Types.Count - 1;
    }

    /// <summary>Adds a function; <paramref name="body"/> emits its code. Returns the function.</summary>
    public FunctionDef Func(string name, string pars, string results, string locals, int maxStack, Action<CodeBuilder> body)
    {
        var f = Declare(name, pars, results, locals, maxStack);
        var cb = new CodeBuilder();
        body(cb);
        f.Code = cb.Finish(out var lines);
        f.Lines = lines;
        return f;
    }

    /// <summary>Adds a function whose code is set later (raw bytes or a forward-referenced body).</summary>
    public FunctionDef Declare(string name, string pars, string results, string locals, int maxStack)
    {
        var f = new FunctionDef { Name = name, Sig = Sig(pars, results), Locals = [.. K(locals)], MaxStack = maxStack };
        M.Funcs.Add(f);
        return f;
    }

    public static void Fill(FunctionDef f, Action<CodeBuilder> body)
    {
        var cb = new CodeBuilder();
        body(cb);
        f.Code = cb.Finish(out var lines);
        f.Lines = lines;
    }
}
