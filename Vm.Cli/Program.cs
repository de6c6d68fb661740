namespace Vm.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // Buffered writers: a program printing in a loop must not pay a system call per print.
        // Both are flushed before the process exits, whatever the exit path.
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
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
