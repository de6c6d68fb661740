using Vm.Compiler;
using Vm.Core.Text;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Vm.Tests.Gc;

/// <summary>Compiles (or assembles), verifies and runs a program with GC options; returns what it did.</summary>
static class GcRun
{
    public sealed record Result(int Status, string Stdout, string Stderr, RuntimeCounters Counters);

    public static string Source(string name) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Gc", "Programs", name));

    public static Result Go(string source, string? godebug = null, string? gogc = "100", Vm.Gc.GcFault fault = Vm.Gc.GcFault.None,
        long maxStack = Vm.Gc.GoroutineStack.MaxSize)
        => Run(Verifier.Verify(GoCompiler.Compile([new SourceFile("prog.go", source)], new CompileOptions())), godebug, gogc, fault, maxStack);

    public static Result Gobs(string gobs, string? godebug = null, string? gogc = "100", Vm.Gc.GcFault fault = Vm.Gc.GcFault.None)
        => Run(Verifier.Verify(Assembler.Assemble(gobs, "test.gobs")), godebug, gogc, fault, Vm.Gc.GoroutineStack.MaxSize);

    static Result Run(VerifiedModule vm, string? godebug, string? gogc, Vm.Gc.GcFault fault, long maxStack)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var counters = new RuntimeCounters();
        int st = Vm.Interpreter.Interpreter.Run(vm, new RunOptions
        {
            Godebug = godebug ?? "", Gogc = gogc ?? "", GcFault = fault, Counters = counters, MaxStackSize = maxStack,
        }, stdout, stderr);
        return new Result(st, stdout.ToString(), stderr.ToString(), counters);
    }

    /// <summary>The seed's loop program with N and D set.</summary>
    public static string DeferHeapAndStack(int n, int d) =>
        Source("defer_heap_and_stack_loop.go").Replace("const N = 1000", $"const N = {n}").Replace("const D = 20", $"const D = {d}");
}
