using Vm.Compiler;
using Vm.Core.Modules;
using Vm.Core.Verification;

namespace Vm.Tests.Compiler;

/// <summary>Compiles Go source text for tests; every compiled module is also run through the verifier.</summary>
static class GoSource
{
    public static Module Compile(string src, string file = "prog.go", List<string>? deferLines = null)
    {
        var m = GoCompiler.Compile([new SourceFile(file, src)], new CompileOptions { DeferDiagnostics = deferLines == null ? null : deferLines.Add });
        Verifier.Verify(m);
        return m;
    }

    /// <summary>The message of the compile error the source must produce.</summary>
    public static string Error(string src, string file = "prog.go")
    {
        var e = Assert.Throws<CompileException>(() => GoCompiler.Compile([new SourceFile(file, src)], new CompileOptions()));
        return e!.Message;
    }

    /// <summary>A Go program whose main body is <paramref name="body"/> (plus optional top-level declarations).</summary>
    public static string Program(string body, string decls = "") => $"package main\n\n{decls}\n\nfunc main() {{\n{body}\n}}\n";

    public static FunctionDef Func(Module m, string name) => m.Funcs[m.FindFunc(name)];

    /// <summary>The opcodes of a function's code, in order.</summary>
    public static List<Vm.Core.Bytecode.Op> Ops(FunctionDef f)
    {
        var r = new List<Vm.Core.Bytecode.Op>();
        for (int pc = 0; pc < f.Code.Length;)
        {
            var i = Vm.Core.Bytecode.InstrCodec.Decode(f.Code, pc);
            r.Add(i.Op);
            pc = i.Next;
        }
        return r;
    }
}
