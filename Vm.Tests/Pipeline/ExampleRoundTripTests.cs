using Vm.Core.Modules;
using Vm.Core.Text;
using Vm.Core.Verification;
using Vm.Tests.Support;

namespace Vm.Tests.Pipeline;

/// <summary>Round trip of every shipped .gobs at byte level: .gobs -> .gobc -> disassembly -> .gobc gives identical bytes.</summary>
public class ExampleRoundTripTests
{
    public static IEnumerable<string> Examples() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.gobs").Order().Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Examples))]
    public void AssembleDisassembleReassembleGivesIdenticalBytes(string name)
    {
        var first = GobcWriter.Write(Assembler.Assemble(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", name)), name));
        var read = GobcReader.Read(first);
        var text = Disassembler.Disassemble(read);
        var second = GobcWriter.Write(Assembler.Assemble(text, name + ".dis"));
        Assert.That(second, Is.EqualTo(first), "bytes after dis + asm");
    }

    [TestCaseSource(nameof(Examples))]
    public void ReadModuleVerifiesWithTheSameMapsAsTheAssembledOne(string name)
    {
        var m = Assembler.Assemble(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", name)), name);
        var again = GobcReader.Read(GobcWriter.Write(m));
        ModuleAssert.Equal(m, again);
        var a = Verifier.Verify(m);
        var b = Verifier.Verify(again);
        for (int i = 0; i < a.Funcs.Length; i++)
            Assert.That(b.Funcs[i].Safepoints.Select(s => (s.Pc, s.Stack.ToString())),
                Is.EqualTo(a.Funcs[i].Safepoints.Select(s => (s.Pc, s.Stack.ToString()))), m.Funcs[i].Name);
    }
}
