using BenchmarkDotNet.Running;

namespace Perf;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["interleaved-jit", ..])
        {
            Interleaved.Programs(args.Length > 1 ? int.Parse(args[1]) : 11, args.Skip(2).ToArray());
            return;
        }
        if (args is ["interleaved-procs", ..])
        {
            Interleaved.Processes(args.Length > 1 ? int.Parse(args[1]) : 6, args.Length > 2 ? int.Parse(args[2]) : 200);
            return;
        }
        if (args is ["interleaved", ..])
        {
            Interleaved.Run(args.Length > 1 ? int.Parse(args[1]) : 400);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
