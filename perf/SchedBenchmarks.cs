using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Perf;

/// <summary>
/// The scheduler end to end (docs/scheduler.md): 1,000,000 messages passed back and forth between two
/// goroutines over unbuffered channels (every message parks one goroutine and readies the other), and
/// the seed's TestDeferHeapAndStack shape with its P=4 goroutines at full size (N=10000, D=200),
/// each with GOMAXPROCS=1 and 2. One invocation is one whole program run. Results: docs/performance.md.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SchedBenchmarks
{
    VerifiedModule _pingPong = null!, _seedP4 = null!;

    [Params(1, 2)]
    public int Procs { get; set; } = 1;

    static string Source(string name)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "vm.sln"))) root = Path.GetDirectoryName(root)!;
        return File.ReadAllText(Path.Combine(root, "Vm.Tests", "Sched", "Programs", name));
    }

    static VerifiedModule Compile(string src) =>
        Verifier.Verify(GoCompiler.Compile([new SourceFile("prog.go", src)], new CompileOptions()));

    /// <summary>pingpong.go with 1,000,000 messages; the seed shape with N=10000, D=200.</summary>
    public static string PingPongSource => Source("pingpong.go").Replace("20000", "1000000");
    public static string SeedP4Source => Source("defer_heap_and_stack_p4.go").Replace("N := 100", "N := 10000").Replace("D := 20", "D := 200");

    [GlobalSetup]
    public void Setup()
    {
        _pingPong = Compile(PingPongSource);
        _seedP4 = Compile(SeedP4Source);
    }

    // Jit = Off: the interpreter, as the figures in docs/performance.md were measured (RunOptions defaults to the tiered JIT).
    [Benchmark]
    public int PingPongMillion() =>
        Interpreter.Run(_pingPong, new RunOptions { GoMaxProcs = Procs, Gogc = "100", Godebug = "", Jit = Vm.Jit.JitMode.Off }, TextWriter.Null, TextWriter.Null);

    [Benchmark]
    public int SeedDeferHeapAndStackP4Full() =>
        Interpreter.Run(_seedP4, new RunOptions { GoMaxProcs = Procs, Gogc = "100", Godebug = "", Jit = Vm.Jit.JitMode.Off }, TextWriter.Null, TextWriter.Null);
}
