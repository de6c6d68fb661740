using Vm.Core.Text;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Vm.Tests.Interpreter;

/// <summary>Assembles, verifies and runs small .gobs programs written inside tests.</summary>
static class ModuleKit
{
    public static VerifiedModule Verify(string gobs) => Verifier.Verify(Assembler.Assemble(gobs, "test.gobs"));

    public static (int Status, string Stderr) Run(string gobs, RunOptions? options = null)
    {
        var err = new StringWriter();
        int st = Vm.Interpreter.Interpreter.Run(Verify(gobs), options ?? new RunOptions { StackSize = 16 << 20 }, new StringWriter(), err);
        return (st, err.ToString());
    }
}
