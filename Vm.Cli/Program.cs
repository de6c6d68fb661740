namespace Vm.Cli;

public static class Program
{
    public static int Main(string[] args) => Govm.Run(args, Console.Out, Console.Error);
}
