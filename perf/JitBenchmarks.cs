using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Perf;

/// <summary>
/// Recursive fib(30) (2.69 million VM calls and returns, a compare, a branch and three arithmetic ops per
/// call): the interpreter against the baseline JIT's compiled code run by the standalone dispatcher.
/// The JIT's compilation is done once in setup; each iteration is one whole run of main.
/// Results: docs/jit.md §performance.
/// </summary>
[SupportedOSPlatform("linux")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class JitFibBenchmarks
{
    const string Source = """
        package main

        func fib(n int) int {
            if n < 2 {
                return n
            }
            return fib(n-1) + fib(n-2)
        }

        func main() {
            println(fib(30))
        }
        """;

    VerifiedModule _vm = null!;
    ExecutableMemory _mem = null!;
    JitModule _jit = null!;

    [GlobalSetup]
    public void Setup()
    {
        _vm = Verifier.Verify(GoCompiler.Compile([new SourceFile("fib.go", Source)], new CompileOptions()));
        _mem = new ExecutableMemory(16 << 20);
        _jit = JitModule.Compile(_vm, _mem);
    }

    [GlobalCleanup]
    public void Cleanup() => _mem.Dispose();

    [Benchmark(Baseline = true)]
    public int Interpreted() => Interpreter.Run(_vm, new RunOptions { StackSize = 1 << 20 }, TextWriter.Null, TextWriter.Null);

    [Benchmark]
    public int Compiled()
    {
        using var r = new StandaloneRunner(_jit, 1 << 20);
        return r.RunProgram().Status;
    }
}
