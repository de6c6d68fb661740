using Vm.Core.Bytecode;

namespace Vm.Tests.Interpreter;

/// <summary>Every opcode of the table has a case in the interpreter loop (the C# stand-in for a
/// build that fails when a Visit method is missing).</summary>
public class OpcodeCoverageTests
{
    [Test]
    public void TheInterpreterLoopHasACaseForEveryOpcode()
    {
        var src = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Interpreter", "Machine.Loop.cs"));
        var missing = Ops.All.Where(r => !src.Contains($"case (byte)Op.{r.Op}:")).Select(r => r.Name).ToList();
        Assert.That(missing, Is.Empty);
    }
}
