using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Text;

namespace Vm.Tests.Text;

/// <summary>
/// Pins the round trip of the text format: assemble -> disassemble -> assemble gives a structurally
/// identical module (every table, name, local, line table, DeferReturnPc, entry and init), and the
/// disassembly is a fixed point. Covers every shipped example and modules the verifier would reject.
/// </summary>
public class RoundTripTests
{
    static string ExamplesDir => Path.Combine(TestPaths.RepoRoot, "examples");

    public static IEnumerable<string> Examples() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.gobs").Select(Path.GetFileName).Order()!;

    static void AssertRoundTrip(Module m)
    {
        string text = Disassembler.Disassemble(m);
        Module again;
        try { again = Assembler.Assemble(text, "dis.gobs"); }
        catch (Vm.Core.AsmException e) { Assert.Fail($"disassembly does not reassemble: {e.Message}\n{text}"); return; }
        Assert.That(ModuleDump.Of(again), Is.EqualTo(ModuleDump.Of(m)), text);
        Assert.That(Disassembler.Disassemble(again), Is.EqualTo(text));
    }

    [TestCaseSource(nameof(Examples))]
    public void ExampleRoundTripsThroughTheDisassembler(string name)
    {
        var m = Assembler.Assemble(File.ReadAllText(Path.Combine(ExamplesDir, name)), name);
        AssertRoundTrip(m);
    }

    [TestCaseSource(nameof(Examples))]
    public void ExampleStartsWithItsGoSourceAndHasExpectedOutput(string name)
    {
        var text = File.ReadAllText(Path.Combine(ExamplesDir, name));
        Assert.That(text, Does.StartWith("//"));
        Assert.That(text, Does.Contain("//\tpackage main"));
        var outFile = Path.Combine(ExamplesDir, Path.ChangeExtension(name, ".out"));
        Assert.That(File.Exists(outFile), Is.True, outFile);
        Assert.That(File.ReadAllText(outFile), Does.EndWith("\n").And.Not.Empty);
    }

    [TestCaseSource(nameof(Examples))]
    public void ExampleHasAnEntryWithNoParamsAndEveryFunctionNamedAndLined(string name)
    {
        var m = Assembler.Assemble(File.ReadAllText(Path.Combine(ExamplesDir, name)), name);
        Assert.That(m.Entry, Is.GreaterThanOrEqualTo(0));
        var sig = m.Sigs[m.Funcs[m.Entry].Sig];
        Assert.That(sig.Params, Is.Empty);
        Assert.That(sig.Results, Is.Empty);
        foreach (var f in m.Funcs)
        {
            Assert.That(f.Name, Does.StartWith("main."));
            Assert.That(f.File, Is.Not.Empty, f.Name);
            Assert.That(f.Lines, Is.Not.Empty, f.Name);
        }
    }

    [TestCaseSource(nameof(Examples))]
    public void ExamplePassesTheVerifier(string name)
    {
        var m = Assembler.Assemble(File.ReadAllText(Path.Combine(ExamplesDir, name)), name);
        Assert.DoesNotThrow(() => Vm.Core.Verification.Verifier.Verify(m));
    }

    [Test]
    public void FibExampleAssemblesToTheExpectedTables()
    {
        var m = Assembler.Assemble(File.ReadAllText(Path.Combine(ExamplesDir, "fib.gobs")), "fib.gobs");
        Assert.That(m.Funcs.Select(f => f.Name), Is.EqualTo(new[] { "main.fib", "main.main" }));
        Assert.That(m.Sigs.Select(s => s.ToString()), Is.EqualTo(new[] { "(i) -> (i)", "() -> ()" }));
        var fib = m.Funcs[0];
        Assert.That(fib.MaxStack, Is.EqualTo(3));
        Assert.That(fib.Lines.Select(e => e.Line), Is.EqualTo(new[] { 4, 5, 7 }));
        // first instruction: ldloc 0 (the parameter n)
        var first = InstrCodec.Decode(fib.Code, 0);
        Assert.That((first.Op, first.A), Is.EqualTo((Op.LdLoc, 0L)));
        // brfalse recurse jumps to the instruction after "ret"
        var br = InstrCodec.Decode(fib.Code, InstrCodec.Decode(fib.Code, InstrCodec.Decode(fib.Code, first.Next).Next).Next);
        Assert.That(br.Op, Is.EqualTo(Op.BrFalse));
        var ret = InstrCodec.Decode(fib.Code, InstrCodec.Decode(fib.Code, br.Next).Next);
        Assert.That(ret.Op, Is.EqualTo(Op.Ret));
        Assert.That(br.A, Is.EqualTo(ret.Next));
        Assert.That(m.Entry, Is.EqualTo(1));
    }

    /// <summary>A module no verifier would accept and no assembler source would produce directly.</summary>
    static Module Malformed()
    {
        var m = new Module();
        m.Sigs.Add(new Signature([], []));
        m.Sigs.Add(new Signature([SlotKind.Int], [SlotKind.Int]));
        m.Sigs.Add(new Signature([], []));                        // duplicate signature
        m.Strings.Add([0xff, 0xfe, (byte)'a', 0x00, (byte)'"']);  // not UTF-8
        m.Strings.Add([0xff, 0xfe, (byte)'a', 0x00, (byte)'"']);  // duplicate string
        m.Strings.Add("héllo\n\u2028"u8.ToArray());
        m.Types.Add(new TypeDef { Name = "", Kind = TypeKind.Int });
        m.Types.Add(new TypeDef { Name = "", Kind = TypeKind.Ptr, Elem = 2 });   // forward, nameless
        m.Types.Add(new TypeDef { Name = "node", Kind = TypeKind.Struct, Fields = [new("next", 1, 0), new("", 0, 0), new("a b", 3, 0)] });
        m.Types.Add(new TypeDef { Name = "node", Kind = TypeKind.Array, Elem = 0, Len = 3 });  // duplicate name
        m.Types.Add(new TypeDef { Name = "weird name", Kind = TypeKind.Closure, Sig = 2, Fields = [new("x", 0, 0)] });
        m.Types.Add(new TypeDef { Name = "$t0", Kind = TypeKind.Func, Sig = 1 });  // a real name that looks generated
        m.Types.Add(new TypeDef { Name = "ch", Kind = TypeKind.Chan, Elem = 5 });
        TypeLayout.ComputeAll(m.Types, m.Sigs.Count);
        m.Globals.Add(new GlobalDef("", 2));
        m.Globals.Add(new GlobalDef("g", 0));
        m.Globals.Add(new GlobalDef("g", 1));
        m.Globals.Add(new GlobalDef("bad", 1000));                 // type out of range

        var b = new CodeBuilder();
        b.Line(7);
        b.Emit(Op.LdI, 1);                    // pc 0
        b.Emit(Op.Call, 99);                  // pc 9: function out of range
        b.Emit(Op.Call, 1);                   // pc 14: duplicate function name -> #1
        b.Emit(Op.LdStr, 1);                  // pc 19: duplicate string -> #1
        b.Emit(Op.LdStr, 0);
        b.Emit(Op.CallInd, 2);                // duplicate signature -> #2
        b.Emit(Op.GAddr, 1);                  // duplicate global name -> #1
        b.Emit(Op.GAddr, 0);                  // nameless global
        b.Emit(Op.FObj, 5);                   // frame object out of range
        b.Emit(Op.Rt, 300);                   // runtime function out of range
        b.Emit(Op.Print, 200);                // print kind without a name
        b.Emit(Op.ASlice, 3, 1);
        b.Emit(Op.Select, 2, 1);
        b.Emit(Op.LdType, 5);
        b.Emit(Op.LdI8, -16);
        b.EmitF(Op.LdF, double.NaN);
        b.Emit(Op.LdStr, 7);                  // string out of range
        var code = b.Finish(out _).ToList();
        int brAt = code.Count;
        code.AddRange([(byte)Op.Br, 1, 0, 0, 0]);           // into the middle of "ldi"
        code.AddRange([(byte)Op.Br, 0xff, 0xff, 0xff, 0xff]); // far beyond the end
        code.Add(0xee);                                      // not an opcode
        code.Add(0x00);                                      // nop
        code.AddRange([(byte)Op.LdI, 1, 2]);                 // truncated
        var f0 = new FunctionDef
        {
            Name = "f", Sig = 1, Locals = [SlotKind.Int, SlotKind.Ptr, SlotKind.Float], FrameObjects = [0, 2, -5],
            DeferRecords = [2, 0], MaxStack = 70000, DeferReturnPc = 3, Code = code.ToArray(), File = "dir/ü \"x\".go",
            Lines = [new(0, 7), new(4, 7), new(brAt, -2)],     // mid-instruction pc, repeated line
        };
        var f1 = new FunctionDef { Name = "f", Sig = 0, MaxStack = 0, Code = [(byte)Op.Ret], Lines = [new(0, 1)], DeferReturnPc = 0 };
        var f2 = new FunctionDef { Name = "", Sig = 2, Code = [] };
        var f3 = new FunctionDef { Name = "main.(*T).M", Sig = 77, Code = [(byte)Op.Br, 0, 0, 0, 0, (byte)Op.Br, 10, 0, 0, 0] };
        m.Funcs.AddRange([f0, f1, f2, f3]);
        m.Entry = 2;
        m.Init = 42;
        return m;
    }

    [Test]
    public void MalformedModuleRoundTripsWithRawOperandsBytesAndLineTable()
    {
        var m = Malformed();
        var text = Disassembler.Disassemble(m);
        TestContext.Out.WriteLine(text);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("call #99"));
            Assert.That(text, Does.Contain(".global bad #1000\n"));
            Assert.That(text, Does.Contain(".frameobj k2 #-5\n"));
            Assert.That(text, Does.Contain("ldstr #1"));
            Assert.That(text, Does.Contain("callind #2"));
            Assert.That(text, Does.Contain("br @1"));
            Assert.That(text, Does.Contain("br @4294967295"));
            Assert.That(text, Does.Contain(".bytes 0xee"));
            Assert.That(text, Does.Contain(".bytes 0x01 0x01 0x02"));
            Assert.That(text, Does.Contain(".linetable"));
            Assert.That(text, Does.Contain(".deferreturn @3"));
            Assert.That(text, Does.Contain("print 200"));
            Assert.That(text, Does.Contain("aslice node full").Or.Contain("aslice #3 full"));
            Assert.That(text, Does.Contain("select 2 default"));
            Assert.That(text, Does.Contain("ld.i8 -16"));
            Assert.That(text, Does.Contain("\"\\xff\\xfea\\x00\\\"\""));
        });
        AssertRoundTrip(m);
    }

    [Test]
    public void BranchToTheEndOfTheCodeGetsALabel()
    {
        var text = """
            .func main.main () -> ()
                .maxstack 0
                br end
            end:
            .end
            """;
        var m = Assembler.Assemble(text, "t.gobs");
        Assert.That(InstrCodec.Decode(m.Funcs[0].Code, 0).A, Is.EqualTo(5));
        Assert.That(Disassembler.Disassemble(m), Does.Contain("br L5\nL5:\n.end"));
        AssertRoundTrip(m);
    }

    [Test]
    public void EmptyModuleRoundTrips()
    {
        var m = Assembler.Assemble("// nothing\n", "t.gobs");
        Assert.That(m.Funcs, Is.Empty);
        Assert.That(m.Entry, Is.EqualTo(-1));
        AssertRoundTrip(m);
    }
}
