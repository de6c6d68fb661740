using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Vm.Tests.Sched;

/// <summary>Compiles, verifies and runs a Go program with scheduler and GC options; returns what it did.</summary>
static class SchedRun
{
    public sealed record Result(int Status, string Stdout, string Stderr, RuntimeCounters Counters, TimeSpan Elapsed);

    public static string Source(string name) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Sched", "Programs", name));

    public static VerifiedModule Compile(string source) =>
        Verifier.Verify(GoCompiler.Compile([new SourceFile("prog.go", source)], new CompileOptions()));

    public static Result Go(string source, int procs, string? godebug = null, string? gogc = "100") => Run(Compile(source), procs, godebug, gogc);

    public static Result Run(VerifiedModule vm, int procs, string? godebug = null, string? gogc = "100")
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var counters = new RuntimeCounters();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int st = Vm.Interpreter.Interpreter.Run(vm, new RunOptions
        {
            Godebug = godebug ?? "", Gogc = gogc ?? "", Counters = counters, GoMaxProcs = procs,
        }, stdout, stderr);
        return new Result(st, stdout.ToString(), stderr.ToString(), counters, sw.Elapsed);
    }
}
