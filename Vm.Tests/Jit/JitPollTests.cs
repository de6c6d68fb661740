using System.Runtime.InteropServices;
using System.Text;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Verification;
using Vm.Gc;
using Vm.Interpreter;
using Vm.Jit;

namespace Vm.Tests.Jit;

/// <summary>The backward-branch poll (issue 8, docs/jit.md §exits): with <c>g.stackguard = StackPreempt</c> a
/// backward branch exits with <see cref="ExitReason.Poll"/>, the frame stopped AT the branch in the interpreter's
/// state there; the dispatcher can then take the branch as the interpreter would and re-enter compiled code at the
/// loop header (a branch target: on-stack replacement), and the program ends as the interpreter's does.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Platform("Linux")]
public unsafe class JitPollTests
{
    ExecutableMemory _mem = null!;

    [OneTimeSetUp] public void Setup() => _mem = new ExecutableMemory(16L << 20);
    [OneTimeTearDown] public void TearDown() => _mem.Dispose();

    /// <summary>A loop printing 0..4; <paramref name="tail"/> is the loop's backward branch (and what computes its
    /// condition); local 0 is the counter.</summary>
    static string Loop(string tail) => $"""
        .func main.main () -> ()
            .file "poll.gobs"
            .maxstack 3
            .locals ii
            ldi 0
            stloc 0
        top:
            ldloc 0
            print 0
            print 6
            ldloc 0
            ldi 1
            add
            stloc 0
        {tail}
        done:
            ldi 99
            print 0
            print 6
            ret
        .end
        .entry main.main
        """;

    public static IEnumerable<TestCaseData> Branches()
    {
        // fused compare + branch: the poll exit pushes the condition it computed
        yield return new TestCaseData("    ldloc 0\n    ldi 5\n    lt\n    brtrue top\n", 1L).SetName("FusedCompareAndBranch");
        yield return new TestCaseData("    ldloc 0\n    ldi 5\n    ge\n    brfalse top\n", 0L).SetName("FusedCompareAndBrFalse");
        // a plain brtrue: the condition is a register value
        yield return new TestCaseData("    ldloc 0\n    ldi 5\n    lt\n    stloc 1\n    ldloc 1\n    ldi 0\n    or\n    brtrue top\n", 1L).SetName("BrTrueOnARegister");
        // an unconditional br (the loop leaves by a forward branch)
        yield return new TestCaseData("    ldloc 0\n    ldi 5\n    ge\n    brtrue done\n    br top\n", null).SetName("UnconditionalBr");
    }

    [TestCaseSource(nameof(Branches))]
    public void ABackwardBranchExitsWithPollInTheInterpretersStateAndResumesAtTheLoopHeader(string tail, long? cond)
    {
        var vm = Verifier.Verify(Vm.Core.Text.Assembler.Assemble(Loop(tail), "poll.gobs"));
        var err = new StringWriter();
        Assert.That(Vm.Interpreter.Interpreter.Run(vm, new RunOptions(), new StringWriter(), err), Is.EqualTo(0));

        var fn = vm.Module.Funcs[vm.Module.Entry];
        var maps = vm.Funcs[vm.Module.Entry];
        // the backward branch: the last branch instruction whose target is <= its pc
        Instr branch = default;
        for (int pc = 0; pc < fn.Code.Length;)
        {
            var ins = InstrCodec.Decode(fn.Code, pc);
            if (ins.Info.Is(OpFlags.Branch) && ins.A <= pc) branch = ins;
            pc = ins.Next;
        }
        Assert.That(branch.Info, Is.Not.Null);

        var jit = JitModule.Compile(vm, _mem);
        var stack = new GoroutineStack(1 << 20);
        var g = (G*)NativeMemory.AllocZeroed((nuint)sizeof(G));
        var st = (JitState*)NativeMemory.AllocZeroed((nuint)sizeof(JitState));
        using var machineStack = new MachineStack(1 << 20);
        machineStack.AttachTo(st);
        try
        {
            g->StackLo = stack.Lo; g->StackHi = stack.Hi; g->StackGuard = stack.Guard; g->Goid = 1;
            st->G = (nint)g; st->Fp = 0; st->Sp = stack.Hi; st->Cont = Continuation.Exit;
            st->Target = jit.FuncEntry[vm.Module.Entry];
            var enter = (delegate* unmanaged<JitState*, void>)jit.EnterStub;
            var output = new StringBuilder();
            int polls = 0;
            var fi = jit.Frames.Funcs[vm.Module.Entry];
            for (int steps = 0; ; steps++)
            {
                Assert.That(steps, Is.LessThan(1000));
                enter(st);
                var reason = (ExitReason)st->Reason;
                if (reason == ExitReason.Return) { Assert.That(st->Cont, Is.EqualTo(Continuation.Exit)); break; }
                if (reason == ExitReason.Service)
                {
                    var ins = InstrCodec.Decode(fn.Code, st->Pc);
                    long* sp = (long*)st->Sp;
                    if ((PrintKind)ins.A == PrintKind.Int)
                    {
                        output.Append(sp[0]);
                        // the counter printed 3: ask the goroutine to stop at its next poll
                        if (sp[0] == 3 && polls == 0) g->StackGuard = unchecked((nint)Vm.Core.Abi.G.StackPreempt);
                        st->Sp = (nint)(sp + 1);
                    }
                    else output.Append('\n');
                    st->Target = st->Resume;
                    continue;
                }
                Assert.That(reason, Is.EqualTo(ExitReason.Poll));
                polls++;
                // Stopped AT the branch, in the interpreter's state there.
                Assert.That(st->Pc, Is.EqualTo(branch.Pc));
                Assert.That(st->Func, Is.EqualTo(vm.Module.Entry));
                int depth = maps.StackAt[branch.Pc]!.Length;
                Assert.That(st->Sp, Is.EqualTo(st->Fp - fi.Region - 8 * depth));
                long* top = (long*)st->Sp;
                long* slots = (long*)(st->Fp + Frame.BaseFromFp(fi.NSlots));
                Assert.That(slots[0], Is.EqualTo(4), "the counter, stored before the branch");
                if (cond is { } c) Assert.That(top[0], Is.EqualTo(c), "the branch's condition");
                // The dispatcher's stop is over: take the branch as the interpreter would and re-enter compiled
                // code at the target through the dispatcher's entry map (which loads the locals the loop keeps
                // in registers), with only fp and sp (a branch target assumes nothing else).
                g->StackGuard = stack.Guard;
                bool taken = branch.Op switch
                {
                    Op.BrTrue => top[0] != 0,
                    Op.BrFalse => top[0] == 0,
                    _ => true,
                };
                long* nsp = branch.Op == Op.Br ? top : top + 1;
                int next = taken ? (int)branch.A : branch.Next;
                st->Sp = (nint)nsp;
                st->Target = jit.EntryAt(vm.Module.Entry, next);
            }
            Assert.That(polls, Is.EqualTo(1));
            Assert.That(output.ToString(), Is.EqualTo(err.ToString()));
            Assert.That(output.ToString(), Is.EqualTo("0\n1\n2\n3\n4\n99\n"));
        }
        finally
        {
            stack.Dispose();
            NativeMemory.Free(g);
            NativeMemory.Free(st);
            _mem.Free(jit.Block);
        }
    }
}
