using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Perf;

/// <summary>
/// Issue 8's whole-runtime programs, binary-trees (allocation and collection) and channel ping-pong (goroutine
/// switches), three ways in one BenchmarkDotNet run: the interpreter, the JIT, and native Go built from the same
/// perf/EndToEnd source with <c>go build</c>. Unlike <see cref="JitVsNativeBenchmarks"/> (the standalone runner:
/// no heap, no scheduler), both govm columns are the full runtime: one <see cref="Machine"/> per column, made in
/// setup, whose <c>main.main</c> each iteration calls once (the JIT column's machine is <c>-jit=eager</c>, so every
/// function was compiled in setup and compilation is not timed; the heap and the machine's pools persist between
/// iterations, as they would in a longer program). Everything runs with one P (GOMAXPROCS=1, native Go too), so
/// the columns compare the same work. The native figure is the wall time of the binary as a process (start-up
/// included). Results: docs/performance.md.
/// </summary>
[SupportedOSPlatform("linux")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class JitProgramBenchmarks
{
    [Params("binarytrees", "pingpong")]
    public string Program { get; set; } = "";

    Machine _interp = null!, _jit = null!;
    StringWriter _interpOut = new(), _jitOut = new();
    int _main;
    NativeGo _native = null!;

    [GlobalSetup]
    public void Setup()
    {
        string path = Interleaved.ProgramPath(Program);
        string source = File.ReadAllText(path);
        var vm = Verifier.Verify(GoCompiler.Compile([new SourceFile(Program + ".go", source)], new CompileOptions()));
        _main = vm.Module.Entry;
        _interp = new Machine(vm, new RunOptions { Jit = JitMode.Off, GoMaxProcs = 1 }, TextWriter.Null, _interpOut);
        _jit = new Machine(vm, new RunOptions { Jit = JitMode.Eager, GoMaxProcs = 1 }, TextWriter.Null, _jitOut);
        foreach (var m in new[] { _interp, _jit })
            if (vm.Module.Init >= 0 && m.Call(vm.Module.Init) != 0) throw new InvalidOperationException("init failed");

        _native = new NativeGo(source, new() { ["GOMAXPROCS"] = "1" });

        // The three agree before anything is timed.
        if (Interpreted() != 0 || Compiled() != 0) throw new InvalidOperationException($"{Program} failed in govm");
        string native = _native.Run();
        if (_interpOut.ToString() != native || _jitOut.ToString() != native)
            throw new InvalidOperationException($"outputs differ: interpreter {_interpOut}, jit {_jitOut}, go {native}");
        _interpOut.GetStringBuilder().Clear();
        _jitOut.GetStringBuilder().Clear();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _interp.Dispose();
        _jit.Dispose();
        _native.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Interpreted() => _interp.Call(_main);

    [Benchmark]
    public int Compiled() => _jit.Call(_main);

    /// <summary>Process wall time of the native Go binary (start-up included).</summary>
    [Benchmark]
    public int NativeGoProcess() => _native.Run().Length;
}
