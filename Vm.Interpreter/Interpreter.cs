using Vm.Core.Verification;

namespace Vm.Interpreter;

/// <summary>The interpreter tier's entry point.</summary>
public static class Interpreter
{
    /// <summary>
    /// Runs a verified module: its init function, then its entry function (main.main), on
    /// goroutine 1. print/println write to <paramref name="stderr"/> as Go's builtins do. Returns the
    /// process exit status: 0 when main returns, 2 after an unrecovered panic or a fatal error
    /// (stack overflow, unsupported operation), or the code given to os.Exit (<c>rt exit</c>).
    /// </summary>
    public static int Run(VerifiedModule m, RunOptions options, TextWriter stdout, TextWriter stderr)
    {
        using var machine = new Machine(m, options, stdout, stderr);
        return machine.RunProgram();
    }
}
