using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Perf;

/// <summary>
/// One program three ways in the same BenchmarkDotNet run: the interpreter, the JIT's compiled code run by the
/// standalone dispatcher (compilation done once in setup), and native Go built from the same source with
/// <c>go build</c> (Go 1.19 at /usr/bin/go). The native figure is the wall time of running the prebuilt binary as a
/// process (start-up included, nothing subtracted). Each iteration is one whole run of main. Results:
/// docs/jit.md §performance and docs/performance.md "JIT (issue 8)".
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class JitVsNativeBenchmarks
{
    protected abstract string Source { get; }
    protected abstract long StackBytes { get; }

    VerifiedModule _vm = null!;
    ExecutableMemory _mem = null!;
    JitModule _jit = null!;
    NativeGo _native = null!;

    [GlobalSetup]
    public void Setup()
    {
        _vm = Verifier.Verify(GoCompiler.Compile([new SourceFile("prog.go", Source)], new CompileOptions()));
        _mem = new ExecutableMemory(16 << 20);
        _jit = JitModule.Compile(_vm, _mem);
        _native = new NativeGo(Source);
        // The three agree before anything is timed.
        var interp = new StringWriter();
        Interpreter.Run(_vm, new RunOptions { StackSize = StackBytes, Jit = JitMode.Off }, TextWriter.Null, interp);
        using var r = new StandaloneRunner(_jit, StackBytes);
        string jit = r.RunProgram().Stderr;
        string native = _native.Run();
        if (interp.ToString() != jit || jit != native)
            throw new InvalidOperationException($"outputs differ: interpreter {interp}, jit {jit}, go {native}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mem.Dispose();
        _native.Dispose();
    }

    [Benchmark(Baseline = true)]
    // Jit = Off: RunOptions' default is the tiered JIT (GOVM_JIT), which would make this column compiled code too.
    public int Interpreted() => Interpreter.Run(_vm, new RunOptions { StackSize = StackBytes, Jit = JitMode.Off }, TextWriter.Null, TextWriter.Null);

    [Benchmark]
    public int Compiled()
    {
        using var r = new StandaloneRunner(_jit, StackBytes);
        return r.RunProgram().Status;
    }

    /// <summary>Process wall time of the native Go binary (start-up included).</summary>
    [Benchmark]
    public int NativeGoProcess() => _native.Run().Length;
}

/// <summary>Recursive fib(30): 2.69 million VM calls and returns, a compare, a branch and three arithmetic ops
/// per call.</summary>
[SupportedOSPlatform("linux")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class JitFibBenchmarks : JitVsNativeBenchmarks
{
    protected override long StackBytes => 1 << 20;

    protected override string Source => """
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
}

/// <summary>Sieve of Eratosthenes over a 2,000,000-element frame array (zeroing, bounds-checked element
/// addresses, byte loads and stores, nested loops with back-edge polls): primes below 2,000,000.</summary>
[SupportedOSPlatform("linux")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class JitSieveBenchmarks : JitVsNativeBenchmarks
{
    protected override long StackBytes => 4 << 20;

    protected override string Source => """
        package main

        func main() {
            var composite [2000000]bool
            n := len(composite)
            count := 0
            for i := 2; i < n; i++ {
                if !composite[i] {
                    count++
                    for j := i * i; j < n; j += i {
                        composite[j] = true
                    }
                }
            }
            println(count)
        }
        """;
}
