using BenchmarkDotNet.Attributes;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Perf;

/// <summary>
/// The seed's BenchmarkDefer shape (the module of <see cref="DeferBenchmarks"/>: a call whose single defer takes
/// three ints and whose deferred function calls recover and checks its arguments), run by the machine with the
/// interpreter only (<see cref="JitMode.Off"/>) and with every function compiled before the first call
/// (<see cref="JitMode.Eager"/>), so that the stack-record / heap-record comparison (issues 3 and 8: the stack
/// record at least 30% cheaper) is measured in both tiers. One invocation = one call of a loop function making
/// 10,000 deferring calls, as in <see cref="DeferBenchmarks"/>, so ns/op is per deferring call, deferred call
/// included. Results: docs/performance.md "JIT in govm run (issue 8)".
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class JitDeferBenchmarks
{
    const int Calls = 10_000;

    [Params(JitMode.Off, JitMode.Eager)]
    public JitMode Jit { get; set; }

    Machine _machine = null!;
    int _stackLoop, _heapLoop, _heapStraightLoop;

    [GlobalSetup]
    public void Setup()
    {
        var m = DeferBenchmarks.BuildModule(out _stackLoop, out _heapLoop);
        _heapStraightLoop = m.FindFunc("main.loopHeapStraight");
        var counters = new RuntimeCounters();
        _machine = new Machine(Verifier.Verify(m), new RunOptions { StackSize = 1 << 20, Jit = Jit, Counters = counters },
            TextWriter.Null, TextWriter.Null);
        // Each loop runs to completion before anything is timed (a deferred call that fails its check panics:
        // status 2).
        foreach (int f in new[] { _stackLoop, _heapLoop, _heapStraightLoop })
            if (_machine.Call(f) != 0)
                throw new InvalidOperationException($"loop {m.Funcs[f].Name} failed under -jit={Jit}");
        if (counters.HeapDefers != 2 * Calls)
            throw new InvalidOperationException($"expected {2 * Calls} heap defers, counted {counters.HeapDefers}");
        if (counters.StackDefers != Calls)
            throw new InvalidOperationException($"expected {Calls} stack defers, counted {counters.StackDefers}");
        if ((counters.JitFunctions > 0) != (Jit == JitMode.Eager))
            throw new InvalidOperationException($"-jit={Jit} compiled {counters.JitFunctions} functions");
    }

    [GlobalCleanup]
    public void Cleanup() => _machine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int StackRecord() => _machine.Call(_stackLoop);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int HeapRecord() => _machine.Call(_heapLoop);

    /// <summary>For information: a heap record from straight-line code, so that only the record's kind differs from
    /// <see cref="StackRecord"/>.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int HeapRecordStraightLine() => _machine.Call(_heapStraightLoop);
}
