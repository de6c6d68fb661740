using Vm.Core;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Text;

namespace Vm.Tests.Text;

/// <summary>
/// Pins robustness with seeded random inputs: mutated assembly text raises only <see cref="AsmException"/>
/// (and whatever does assemble still round-trips), and modules with random code bytes and operands
/// disassemble to text that reassembles to the same module.
/// </summary>
public class AsmFuzzTests
{
    static readonly string[] Pieces =
    [
        " ", "\n", "(", ")", "{", "}", "[", "]", "*", ";", ",", ":", "@", "#", "->", "\"", "'", "`", "\\", "$", ".",
        "-", "+", "0x", "9", "99999999999999999999", "nan", "inf", ".func", ".end", ".type", ".maxstack", ".line",
        "i", "p", "f", "ldi", "br", "call", "struct", "closure", "L0", "\\x", "\t", "//",
    ];

    [Test]
    public void MutatedExamplesRaiseOnlyAsmExceptions()
    {
        var rng = new Random(20240611);
        var files = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.gobs").Order().Select(File.ReadAllText).ToArray();
        int assembled = 0, rejected = 0;
        for (int iter = 0; iter < 1500; iter++)
        {
            var text = files[rng.Next(files.Length)].ToCharArray().ToList();
            int edits = 1 + rng.Next(4);
            for (int e = 0; e < edits; e++)
            {
                int at = rng.Next(text.Count + 1);
                switch (rng.Next(3))
                {
                    case 0 when at < text.Count: text.RemoveRange(at, Math.Min(1 + rng.Next(8), text.Count - at)); break;
                    case 1: text.InsertRange(at, Pieces[rng.Next(Pieces.Length)]); break;
                    default: if (at < text.Count) text[at] = (char)rng.Next(32, 127); break;
                }
            }
            var src = new string(text.ToArray());
            Module m;
            try
            {
                m = Assembler.Assemble(src, "fuzz.gobs");
            }
            catch (AsmException)
            {
                rejected++;
                continue;
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {iter}: {ex.GetType().Name}: {ex.Message}\n{src}");
                return;
            }
            assembled++;
            var dis = Disassembler.Disassemble(m);
            Assert.That(ModuleDump.Of(Assembler.Assemble(dis, "dis.gobs")), Is.EqualTo(ModuleDump.Of(m)), $"iteration {iter}\n{dis}");
        }
        TestContext.Out.WriteLine($"assembled {assembled}, rejected {rejected}");
        Assert.That(assembled, Is.GreaterThan(0));
        Assert.That(rejected, Is.GreaterThan(0));
    }

    [Test]
    public void RandomCodeBytesRoundTripThroughText()
    {
        var rng = new Random(7);
        for (int iter = 0; iter < 300; iter++)
        {
            var m = new Module();
            m.Sigs.Add(new Signature([], []));
            m.Sigs.Add(new Signature([SlotKind.Ptr], [SlotKind.Int]));
            m.Strings.Add([(byte)rng.Next(256)]);
            m.Types.Add(new TypeDef { Name = rng.Next(2) == 0 ? "" : "t", Kind = TypeKind.Int });
            TypeLayout.ComputeAll(m.Types, m.Sigs.Count);
            m.Globals.Add(new GlobalDef("g", 0));
            for (int fi = 0; fi < 2; fi++)
            {
                // Mostly real opcodes with random operand bytes, sometimes junk.
                var code = new List<byte>();
                int n = rng.Next(40);
                for (int k = 0; k < n; k++)
                {
                    var row = Ops.All[rng.Next(Ops.All.Count)];
                    code.Add(rng.Next(10) == 0 ? (byte)rng.Next(256) : (byte)row.Op);
                    for (int b = 1; b < row.Size; b++) code.Add(rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)rng.Next(3));
                }
                if (rng.Next(4) == 0 && code.Count > 0) code.RemoveAt(code.Count - 1);
                var lines = new List<LineEntry>();
                int pc = 0;
                while (code.Count > 0 && pc < code.Count && rng.Next(3) > 0)
                {
                    lines.Add(new LineEntry(pc, rng.Next(5)));
                    pc += 1 + rng.Next(10);
                }
                m.Funcs.Add(new FunctionDef
                {
                    Name = fi == 0 ? "f" : "", Sig = rng.Next(2), Locals = [SlotKind.Int], FrameObjects = [0], DeferRecords = [1],
                    MaxStack = rng.Next(10), Code = code.ToArray(), Lines = lines, DeferReturnPc = rng.Next(3) == 0 ? rng.Next(code.Count + 2) : -1,
                });
            }
            m.Entry = rng.Next(3) - 1;
            var dis = Disassembler.Disassemble(m);
            Module again;
            try { again = Assembler.Assemble(dis, "dis.gobs"); }
            catch (AsmException e) { Assert.Fail($"iteration {iter}: {e.Message}\n{dis}"); return; }
            Assert.That(ModuleDump.Of(again), Is.EqualTo(ModuleDump.Of(m)), $"iteration {iter}\n{dis}");
            Assert.That(Disassembler.Disassemble(again), Is.EqualTo(dis));
        }
    }
}
