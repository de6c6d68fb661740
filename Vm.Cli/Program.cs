namespace Vm.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // Buffered writers: a program printing in a loop must not pay a system call per print. They take the
        // program's output as bytes (Go strings may hold invalid UTF-8, which Go writes as it is).
        // Both are flushed before the process exits, whatever the exit path.
        var stdout = new Vm.Interpreter.ByteTextWriter(Console.OpenStandardOutput());
        var stderr = new Vm.Interpreter.ByteTextWriter(Console.OpenStandardError());
        try
        {
            return Govm.Run(args, stdout, stderr);
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }
}
