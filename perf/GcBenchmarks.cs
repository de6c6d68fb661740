using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Gc;
using Vm.Interpreter;

namespace Perf;

/// <summary>
/// The allocator's fast path (a 32-byte pointer-free object from the P's cache, amortised over a
/// sweep every 4096 objects) and the seed's GC stress program at full size (deferHeapAndStack(200),
/// 10000 times, one goroutine) with GOGC=100 and GOGC=1. Results: docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class GcAllocBenchmarks
{
    const int Batch = 4096;
    Heap _heap = null!;
    AllocCache _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        _heap = new Heap();
        _heap.SetGcPercent(-1);
        _cache = _heap.NewCache();
    }

    [GlobalCleanup]
    public void Cleanup() => _heap.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public nint Alloc32NoScan()
    {
        nint last = 0;
        for (int i = 0; i < Batch; i++) last = _heap.Alloc(_cache, 32, Heap.NoScanType);
        _heap.Flush();
        _heap.Sweep(); // nothing marked: every object is freed, the spans go back to the page pool
        return last;
    }
}

/// <summary>The seed's TestDeferHeapAndStack at full size (N=10000, D=200) on the interpreter.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class GcDeferHeapAndStackBenchmarks
{
    VerifiedModule _vm = null!;

    [Params("100", "1")]
    public string Gogc { get; set; } = "100";

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "vm.sln"))) root = Path.GetDirectoryName(root)!;
        var src = File.ReadAllText(Path.Combine(root, "Vm.Tests", "Gc", "Programs", "defer_heap_and_stack_loop.go"))
            .Replace("const N = 1000", "const N = 10000").Replace("const D = 20", "const D = 200");
        _vm = Verifier.Verify(GoCompiler.Compile([new SourceFile("dhs.go", src)], new CompileOptions()));
    }

    // Jit = Off: the interpreter, as the figures in docs/performance.md were measured (RunOptions defaults to the tiered JIT).
    [Benchmark]
    public int DeferHeapAndStackFull() =>
        Interpreter.Run(_vm, new RunOptions { Gogc = Gogc, Godebug = "", Jit = Vm.Jit.JitMode.Off }, TextWriter.Null, TextWriter.Null);
}
