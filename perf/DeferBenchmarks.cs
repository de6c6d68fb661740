using BenchmarkDotNet.Attributes;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Perf;

/// <summary>
/// The seed's BenchmarkDefer shape on the interpreter: a call whose single defer takes three ints
/// and whose deferred function calls recover (and checks its arguments). <see cref="StackRecord"/>
/// defers from straight-line code (<c>defers</c>: the record is inline in the frame, the
/// deferprocStack path); <see cref="HeapRecord"/> defers the same call from inside a one-iteration
/// loop (<c>deferh</c>: a pooled heap record, the deferproc path). The seed measured 52.2 ns ->
/// 36.2 ns (-30.7%) for the same change in Go. Results: docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class DeferBenchmarks
{
    const int Calls = 10_000;

    Machine _machine = null!;
    int _stackLoop, _heapLoop;

    [GlobalSetup]
    public void Setup()
    {
        var m = BuildModule(out _stackLoop, out _heapLoop);
        _machine = new Machine(Verifier.Verify(m), new RunOptions { StackSize = 1 << 20 }, TextWriter.Null, TextWriter.Null);
    }

    [GlobalCleanup]
    public void Cleanup() => _machine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int StackRecord() => _machine.Call(_stackLoop);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int HeapRecord() => _machine.Call(_heapLoop);

    /// <summary>
    /// <code>
    /// func d(x, y, z int) { if recover() != nil || x != 1 || y != 2 || z != 3 { panic(nil) } }
    /// func deferStack() { defer d(1, 2, 3) }
    /// func deferHeap()  { for i := 0; i &lt; 1; i++ { defer d(1, 2, 3) } }
    /// func loopStack()  { for i := 0; i &lt; Calls; i++ { deferStack() } }   // and loopHeap
    /// </code>
    /// </summary>
    public static Module BuildModule(out int loopStack, out int loopHeap)
    {
        var m = new Module();
        int v = m.InternSig(new Signature([], []));
        int iii = m.InternSig(new Signature([SlotKind.Int, SlotKind.Int, SlotKind.Int], []));
        int Func(string name, int sig, List<SlotKind> locals, int maxStack, Action<CodeBuilder> body, Func<int>? drp = null)
        {
            var b = new CodeBuilder();
            b.Line(1);
            body(b);
            var f = new FunctionDef { Name = name, Sig = sig, Locals = locals, MaxStack = maxStack, File = "bench.go" };
            f.Code = b.Finish(out var lines);
            f.Lines = lines;
            m.Funcs.Add(f);
            return m.Funcs.Count - 1;
        }

        int d = Func("main.d", iii, [], 2, b =>
        {
            int bad = b.NewLabel();
            b.Emit(Op.Recover); b.Emit(Op.Pop); b.Emit(Op.BrTrue, bad);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 1); b.Emit(Op.Ne); b.Emit(Op.BrTrue, bad);
            b.Emit(Op.LdLoc, 1); b.Emit(Op.LdI, 2); b.Emit(Op.Ne); b.Emit(Op.BrTrue, bad);
            b.Emit(Op.LdLoc, 2); b.Emit(Op.LdI, 3); b.Emit(Op.Ne); b.Emit(Op.BrTrue, bad);
            b.Emit(Op.Ret);
            b.Bind(bad);
            b.Emit(Op.LdI, 0); b.Emit(Op.LdNil); b.Emit(Op.Panic);
        });

        int drpStack = 0, drpHeap = 0;
        int deferStack = Func("main.deferStack", v, [], 4, b =>
        {
            b.Emit(Op.LdI, 1); b.Emit(Op.LdI, 2); b.Emit(Op.LdI, 3); b.Emit(Op.LdFn, d);
            b.Emit(Op.DeferS, 0, iii);
            drpStack = b.Pc;
            b.Emit(Op.DeferRet); b.Emit(Op.Ret);
        });
        m.Funcs[deferStack].DeferRecords.Add(iii);
        m.Funcs[deferStack].DeferReturnPc = drpStack;

        int deferHeap = Func("main.deferHeap", v, [SlotKind.Int], 4, b =>
        {
            int top = b.NewLabel(), done = b.NewLabel();
            b.Bind(top);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 1); b.Emit(Op.Lt); b.Emit(Op.BrFalse, done);
            b.Emit(Op.LdI, 1); b.Emit(Op.LdI, 2); b.Emit(Op.LdI, 3); b.Emit(Op.LdFn, d);
            b.Emit(Op.DeferH, iii);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 1); b.Emit(Op.Add); b.Emit(Op.StLoc, 0);
            b.Emit(Op.Br, top);
            b.Bind(done);
            drpHeap = b.Pc;
            b.Emit(Op.DeferRet); b.Emit(Op.Ret);
        });
        m.Funcs[deferHeap].DeferReturnPc = drpHeap;

        int Loop(string name, int callee) => Func(name, v, [SlotKind.Int], 2, b =>
        {
            int top = b.NewLabel(), done = b.NewLabel();
            b.Bind(top);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, Calls); b.Emit(Op.Lt); b.Emit(Op.BrFalse, done);
            b.Emit(Op.Call, callee);
            b.Emit(Op.LdLoc, 0); b.Emit(Op.LdI, 1); b.Emit(Op.Add); b.Emit(Op.StLoc, 0);
            b.Emit(Op.Br, top);
            b.Bind(done);
            b.Emit(Op.Ret);
        });
        loopStack = Loop("main.loopStack", deferStack);
        loopHeap = Loop("main.loopHeap", deferHeap);
        return m;
    }
}
