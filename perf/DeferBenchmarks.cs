using BenchmarkDotNet.Attributes;
using Vm.Core.Modules;
using Vm.Core.Text;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Perf;

/// <summary>
/// The seed's BenchmarkDefer shape on the interpreter: a call whose single defer takes three ints
/// and whose deferred function calls recover (and checks its arguments). <see cref="StackRecord"/>
/// defers from straight-line code (<c>defers</c>: the record is inline in the frame, the
/// deferprocStack path); <see cref="HeapRecord"/> defers the same call from inside a one-iteration
/// loop (<c>deferh</c>: a pooled heap record, the deferproc path). The seed measured 52.2 ns ->
/// 36.2 ns (-30.7%) for the same change in Go. Results: docs/performance.md. All three figures move by
/// ~25% with where .NET happens to place the interpreter loop's dispatch block (whether it straddles a
/// 64-byte line: docs/performance.md, issue 3, "Session 4"), so compare runs of one placement.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class DeferBenchmarks
{
    const int Calls = 10_000;

    Machine _machine = null!;
    int _stackLoop, _heapLoop, _heapStraightLoop;

    [GlobalSetup]
    public void Setup()
    {
        var m = BuildModule(out _stackLoop, out _heapLoop);
        _heapStraightLoop = m.FindFunc("main.loopHeapStraight");
        _machine = new Machine(Verifier.Verify(m), new RunOptions { StackSize = 1 << 20, Jit = Vm.Jit.JitMode.Off }, TextWriter.Null, TextWriter.Null);   // the interpreter (JitDeferBenchmarks: both tiers)
    }

    [GlobalCleanup]
    public void Cleanup() => _machine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int StackRecord() => _machine.Call(_stackLoop);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int HeapRecord() => _machine.Call(_heapLoop);

    /// <summary>For information: a heap record from straight-line code (deferh outside any loop, which
    /// the bytecode allows), so only the record's kind differs from <see cref="StackRecord"/>, as in
    /// the seed's before/after comparison.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int HeapRecordStraightLine() => _machine.Call(_heapStraightLoop);

    /// <summary>The module, as .gobs text (the Go it stands for is in the comments).</summary>
    public static Module BuildModule(out int loopStack, out int loopHeap)
    {
        var m = Assembler.Assemble($$"""
            // func d(x, y, z int) { if recover() != nil || x != 1 || y != 2 || z != 3 { panic(nil) } }
            .func main.d (x i, y i, z i) -> ()
                .file "bench.go"
                .maxstack 2
                recover
                pop
                brtrue bad
                ldloc x
                ldi 1
                ne
                brtrue bad
                ldloc y
                ldi 2
                ne
                brtrue bad
                ldloc z
                ldi 3
                ne
                brtrue bad
                ret
            bad:
                ldi 0
                ldnil
                panic
            .end

            // func deferStack() { defer d(1, 2, 3) }: a stack record in the frame
            .func main.deferStack () -> ()
                .file "bench.go"
                .maxstack 4
                .deferrec r (iii) -> ()
                .deferreturn exit
                ldi 1
                ldi 2
                ldi 3
                ldfn main.d
                defers r (iii) -> ()
            exit:
                deferret
                ret
            .end

            // func deferHeap() { for i := 0; i < 1; i++ { defer d(1, 2, 3) } }: a pooled heap record
            .func main.deferHeap () -> ()
                .file "bench.go"
                .maxstack 4
                .local i i
                .deferreturn exit
            top:
                ldloc i
                ldi 1
                lt
                brfalse exit
                ldi 1
                ldi 2
                ldi 3
                ldfn main.d
                deferh (iii) -> ()
                ldloc i
                ldi 1
                add
                stloc i
                br top
            exit:
                deferret
                ret
            .end

            // func deferHeapStraight() { defer d(1, 2, 3) } compiled with a heap record
            .func main.deferHeapStraight () -> ()
                .file "bench.go"
                .maxstack 4
                .deferreturn exit
                ldi 1
                ldi 2
                ldi 3
                ldfn main.d
                deferh (iii) -> ()
            exit:
                deferret
                ret
            .end

            .func main.loopHeapStraight () -> ()
                .file "bench.go"
                .maxstack 2
                .local i i
            top:
                ldloc i
                ldi {{Calls}}
                lt
                brfalse done
                call main.deferHeapStraight
                ldloc i
                ldi 1
                add
                stloc i
                br top
            done:
                ret
            .end

            .func main.loopStack () -> ()
                .file "bench.go"
                .maxstack 2
                .local i i
            top:
                ldloc i
                ldi {{Calls}}
                lt
                brfalse done
                call main.deferStack
                ldloc i
                ldi 1
                add
                stloc i
                br top
            done:
                ret
            .end

            .func main.loopHeap () -> ()
                .file "bench.go"
                .maxstack 2
                .local i i
            top:
                ldloc i
                ldi {{Calls}}
                lt
                brfalse done
                call main.deferHeap
                ldloc i
                ldi 1
                add
                stloc i
                br top
            done:
                ret
            .end
            """, "bench.gobs");
        loopStack = m.FindFunc("main.loopStack");
        loopHeap = m.FindFunc("main.loopHeap");
        return m;
    }
}
