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

    /// <summary>Runs module <paramref name="gobs"/> in the interpreter alone (its quickened code): status and stderr.</summary>
    static (int Status, string Stderr) Interpret(string gobs) =>
        ModuleKit.Run(gobs, new RunOptions { StackSize = 1 << 20, Jit = Vm.Jit.JitMode.Off });

    /// <summary>Function <paramref name="name"/> (default: the entry) of module <paramref name="gobs"/>: its code, the
    /// interpreter's quickened copy of it, and its instructions.</summary>
    static (byte[] Src, byte[] Quick, List<Instr> Ins) Rewrite(string gobs = Func, string? name = null)
    {
        var m = ModuleKit.Verify(gobs).Module;
        var f = m.Funcs[name == null ? m.Entry : m.FindFunc(name)];
        var quick = (byte[])f.Code.Clone();
        unsafe { fixed (byte* p = quick) Quicken.Apply(m, f, p); }
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
        var (_, quick, _) = Rewrite(Defers);
        // ldi 1 (9 bytes), ldfn (5), defers (7), ldi 2, ldfn, deferh
        Assert.That(quick[0], Is.EqualTo(Quicken.ConstDeferS), "the constant goes straight into the stack record");
        Assert.That(quick[9], Is.EqualTo(Quicken.LdFnDeferS), "the ldfn, for code entered there");
        Assert.That(quick[9 + 5 + 7], Is.EqualTo((byte)Op.LdI), "a heap record's arguments are copied by deferh");
        Assert.That(quick[9 + 5 + 7 + 9], Is.EqualTo(Quicken.LdFnDeferH));
        var (st, err) = Interpret(Defers);
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
        byte[] Quick(string name) => Rewrite(Recovers, name).Quick;
        Assert.That(Quick("main.d")[0], Is.EqualTo(Quicken.RecoverBr), "recover; pop; brtrue (forward)");
        var fq = Quick("main.f");
        Assert.That(fq[0], Is.EqualTo(Quicken.ConstDeferS), "ldi 1; ldi 2; ldfn; defers: the constants into the record");
        Assert.That(fq[18], Is.EqualTo(Quicken.LdFnDeferS), "the ldfn, for code entered there");
        // f(1) panics with an int64 and d recovers it: the branch is taken, d prints y; f(0) returns normally: recover
        // gives nil, d prints x.
        var (st, err) = Interpret(Recovers);
        Assert.That(st, Is.EqualTo(0), err);
        Assert.That(err, Is.EqualTo("21"));
    }

    [Test]
    public void TheRewrittenCodeComputesWhatTheOriginalDoes()
    {
        // x counts to 5, y grows by 2 per round (by either path to mid), then 7 + 8 + 9.
        var (st, err) = Interpret(Func);
        Assert.That(st, Is.EqualTo(0), err);
        Assert.That(err, Is.EqualTo("51024"));
    }
    // main.main: constants before a defer's arguments stay pushes (5, then 6 7 8 below the call's 3 4), and the
    // arguments of a defer that a branch enters between them are pushed.
    const string ConstDefers = """
        .func main.d (x i, y i) -> ()
            .file "q.go"
            .maxstack 1
            ldloc x
            print 0
            ldloc y
            print 0
            ret
        .end
        .func main.main () -> ()
            .file "q.go"
            .maxstack 6
            .local c i
            .deferrec r (ii) -> ()
            .deferrec s (ii) -> ()
            .deferrec t (ii) -> ()
            .deferreturn exit
            ldi 5
            ldi 1
            ldi 2
            ldfn main.d
            defers r (ii) -> ()
            print 0
            ldi 6
            ldi 7
            ldi 8
            ldi 3
            ldi 4
            ldfn main.d
            defers s (ii) -> ()
            print 0
            print 0
            print 0
            ldloc c
            brfalse first
            ldi 11
            br second
        first:
            ldi 9
        second:
            ldi 10
            ldfn main.d
            defers t (ii) -> ()
        exit:
            deferret
            ret
        .end
        .entry main.main
        """;

    [Test]
    public void ConstantArgumentsOfAStackDeferGoStraightIntoTheRecordAndEarlierConstantsStayPushes()
    {
        var (_, quick, ins) = Rewrite(ConstDefers);
        Assert.Multiple(() =>
        {
            Assert.That(quick[ins[0].Pc], Is.EqualTo((byte)Op.LdI), "ldi 5 before the arguments: itself");
            Assert.That(quick[ins[1].Pc], Is.EqualTo(Quicken.ConstDeferS), "ldi 1; ldi 2; ldfn; defers");
            Assert.That(quick[ins[3].Pc], Is.EqualTo(Quicken.LdFnDeferS));
            Assert.That(quick[ins[6].Pc], Is.EqualTo(Quicken.LdIRun), "ldi 6; ldi 7; ldi 8 before the arguments");
            Assert.That(quick[ins[9].Pc], Is.EqualTo(Quicken.ConstDeferS), "ldi 3; ldi 4; ldfn; defers");
            Assert.That(quick[ins[18].Pc], Is.EqualTo((byte)Op.LdI), "ldi 11; br: nothing to fuse");
            Assert.That(quick[ins[20].Pc], Is.EqualTo(Quicken.LdIRunFnDeferS), "ldi 9; ldi 10: a branch enters at the second argument, so pushes");
            Assert.That(quick[ins[21].Pc], Is.EqualTo((byte)Op.LdI), "ldi 10, entered by the branch: itself");
        });
        // Printed: 5, then 8 7 6; the deferred calls newest first: d(9, 10), d(3, 4), d(1, 2).
        var (st, err) = Interpret(ConstDefers);
        Assert.That((st, err), Is.EqualTo((0, "5876910341" + "2")));
    }
    const string Mismatch = """
        .func main.one (x i) -> ()
            .file "q.go"
            .maxstack 1
            ret
        .end
        .func main.main () -> ()
            .file "q.go"
            .maxstack 3
            .deferrec r (ii) -> ()
            .deferreturn exit
            ldi 1
            ldi 2
            ldfn main.one
            defers r (ii) -> ()
        exit:
            deferret
            ret
        .end
        .entry main.main
        """;

    [Test]
    public void ADeferOfAFunctionOfAnotherSignatureIsNotFusedAndStaysAFatalError()
    {
        var (_, quick, _) = Rewrite(Mismatch);
        Assert.That(quick[0], Is.EqualTo(Quicken.LdIRun), "the constants are pushed");
        Assert.That(quick[18], Is.EqualTo((byte)Op.LdFn), "ldfn; defers stay apart: defers checks at run time");
        var (st, err) = Interpret(Mismatch);
        Assert.That(st, Is.EqualTo(2));
        Assert.That(err, Does.StartWith("fatal error: defer: closure's function does not have the defer's signature\n"));
    }
}
