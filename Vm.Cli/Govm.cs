namespace Vm.Cli;

/// <summary>The govm command: dispatches subcommands. Placeholder until the CLI lands.</summary>
public static class Govm
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine("usage: govm <command> [arguments]");
        return 2;
    }
}
