using Vm.Core.Bytecode;
using Vm.Interpreter;

namespace Vm.Tests.Interpreter;

/// <summary>The interpreter's superinstructions (Vm.Interpreter/Quicken.cs): which sequences are rewritten in its
/// copy of the code, and that the rewritten code runs as the original. (The whole Go corpus runs through them
/// too: Vm.Tests/GoPrograms/fused.go exercises every form against Go's output.)</summary>
public class QuickenTests
{
    const string Func = """
        .func main.main () -> ()
            .file "q.go"
            .maxstack 3
            .local x i
            .local y i
        top:
            ldloc x
            ldi 5
            lt
            brfalse done
            ldloc x
            ldi 1
            add
            stloc x
            ldloc y
            ldloc x
            ldloc y
            ge
            brtrue mid
            pop
            ldloc y
        mid:
            ldi 2
            add
            stloc y
            ldloc x
            ldi 100
            lt
            brtrue top
        done:
            ldloc x
            print 0
            ldloc y
            print 0
            ldi 7
            ldi 8
            ldi 9
            add
            add
            print 0
            ret
        .end
        .entry main.main
        """;

    static (byte[] Src, byte[] Quick, List<Instr> Ins) Rewrite()
    {
        var m = ModuleKit.Verify(Func).Module;
        var f = m.Funcs[m.Entry];
        var quick = (byte[])f.Code.Clone();
        unsafe { fixed (byte* p = quick) Quicken.Apply(f.Code, f.DeferReturnPc, p); }
        var ins = new List<Instr>();
        for (int pc = 0; pc < f.Code.Length; pc = ins[^1].Next) ins.Add(InstrCodec.Decode(f.Code, pc));
        return (f.Code, quick, ins);
    }

    [Test]
    public void FusedOpcodesAreNotInTheOpcodeTable()
    {
        foreach (Op op in Enum.GetValues<Op>())
            Assert.That((int)op, Is.LessThan(Quicken.First), op.ToString());
    }

    [Test]
    public void OnlyTheFirstByteOfASequenceChangesAndOnlyWhereNoBranchEntersIt()
    {
        var (src, quick, ins) = Rewrite();
        var changed = Enumerable.Range(0, src.Length).Where(i => src[i] != quick[i]).ToList();
        int At(int k) => ins[k].Pc;
        Assert.Multiple(() =>
        {
            Assert.That(quick[At(0)], Is.EqualTo(Quicken.LocConstLtBr), "ldloc; ldi; lt; brfalse (forward)");
            Assert.That(quick[At(4)], Is.EqualTo(Quicken.LocConstAddSt), "ldloc; ldi; add; stloc");
            // ldloc x; ldloc y; ge; brtrue mid: fused; then ldloc y; [mid:] ldi 2; add; stloc y is entered by the
            // branch at its second instruction, so it stays as it is.
            Assert.That(quick[At(8)], Is.EqualTo((byte)Op.LdLoc), "ldloc y; ldloc x; ldloc y; ge: no pattern");
            Assert.That(quick[At(9)], Is.EqualTo(Quicken.LocLocGeBr));
            Assert.That(quick[At(14)], Is.EqualTo((byte)Op.LdLoc), "a branch enters this sequence");
            // ldloc x; ldi 100; lt; brtrue top: a backward branch polls, not fused.
            Assert.That(quick[At(18)], Is.EqualTo((byte)Op.LdLoc), "backward branch");
            Assert.That(quick[At(26)], Is.EqualTo(Quicken.LdIRun), "ldi 7; ldi 8; ldi 9");
            Assert.That(changed, Is.EquivalentTo(new[] { At(0), At(4), At(9), At(26) }), "one byte per fused sequence");
        });
    }

    const string Defers = """
        .func main.d (x i) -> ()
            .file "q.go"
            .maxstack 1
            ldloc x
            print 0
            ret
        .end
        .func main.main () -> ()
            .file "q.go"
            .maxstack 2
            .deferrec r (i) -> ()
            .deferreturn exit
            ldi 1
            ldfn main.d
            defers r (i) -> ()
            ldi 2
            ldfn main.d
            deferh (i) -> ()
        exit:
            deferret
            ret
        .end
        .entry main.main
        """;

    [Test]
    public void DeferOfAStaticFunctionIsOneDispatchInBothRecordKindsAndRunsNewestFirst()
    {
        var m = ModuleKit.Verify(Defers).Module;
        var f = m.Funcs[m.Entry];
        var quick = (byte[])f.Code.Clone();
        unsafe { fixed (byte* p = quick) Quicken.Apply(f.Code, f.DeferReturnPc, p); }
        // ldi 1 (9 bytes), ldfn (5), defers (7), ldi 2, ldfn, deferh
        Assert.That(quick[9], Is.EqualTo(Quicken.LdFnDeferS));
        Assert.That(quick[9 + 5 + 7 + 9], Is.EqualTo(Quicken.LdFnDeferH));
        var (st, err) = ModuleKit.Run(Defers, new RunOptions { StackSize = 1 << 20, Jit = Vm.Jit.JitMode.Off });
        Assert.That(st, Is.EqualTo(0), err);
        Assert.That(err, Is.EqualTo("21"));
    }

    const string Recovers = """
        .type int64 int64
        .func main.d (x i, y i) -> ()
            .file "q.go"
            .maxstack 2
            recover
            pop
            brtrue got
            ldloc x
            print 0
            ret
        got:
            ldloc y
            print 0
            ret
        .end
        .func main.f (p i) -> ()
            .file "q.go"
            .maxstack 3
            .deferrec r (ii) -> ()
            .deferreturn exit
            ldi 1
            ldi 2
            ldfn main.d
            defers r (ii) -> ()
            ldloc p
            brfalse exit
            ldtype int64
            new int64
            panic
        exit:
            deferret
            ret
        .end
        .func main.main () -> ()
            .file "q.go"
            .maxstack 1
            ldi 1
            call main.f
            ldi 0
            call main.f
            ret
        .end
        .entry main.main
        """;

    [Test]
    public void RecoverThenBranchAndConstantArgumentsIntoADeferAreOneDispatchEach()
    {
        var m = ModuleKit.Verify(Recovers).Module;
        byte[] Quick(string name)
        {
            var f = m.Funcs[m.FindFunc(name)];
            var q = (byte[])f.Code.Clone();
            unsafe { fixed (byte* p = q) Quicken.Apply(f.Code, f.DeferReturnPc, p); }
            return q;
        }
        Assert.That(Quick("main.d")[0], Is.EqualTo(Quicken.RecoverBr), "recover; pop; brtrue (forward)");
        var fq = Quick("main.f");
        Assert.That(fq[0], Is.EqualTo(Quicken.LdIRunFnDeferS), "ldi 1; ldi 2; ldfn; defers");
        Assert.That(fq[18], Is.EqualTo(Quicken.LdFnDeferS), "the ldfn, for code entered there");
        // f(1) panics with an int64 and d recovers it: the branch is taken, d prints y; f(0) returns normally: recover
        // gives nil, d prints x.
        var (st, err) = ModuleKit.Run(Recovers, new RunOptions { StackSize = 1 << 20, Jit = Vm.Jit.JitMode.Off });
        Assert.That(st, Is.EqualTo(0), err);
        Assert.That(err, Is.EqualTo("21"));
    }

    [Test]
    public void TheRewrittenCodeComputesWhatTheOriginalDoes()
    {
        // x counts to 5, y grows by 2 per round (by either path to mid), then 7 + 8 + 9.
        var (st, err) = ModuleKit.Run(Func, new RunOptions { StackSize = 1 << 20, Jit = Vm.Jit.JitMode.Off });
        Assert.That(st, Is.EqualTo(0), err);
        Assert.That(err, Is.EqualTo("51024"));
    }
}
