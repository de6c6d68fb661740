using System.Diagnostics;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Perf;

/// <summary>
/// <c>dotnet run -c Release -- interleaved [rounds]</c>: the BenchmarkDefer shape of <see cref="DeferBenchmarks"/>
/// (stack record vs heap record), in both tiers, with the two variants ALTERNATING in one process: round after round
/// of one 10,000-call invocation each. This machine's two vCPUs change speed by up to 1.5x over seconds (another
/// tenant on the host: docs/performance.md, "Session 6"), which BenchmarkDotNet's one-method-after-the-other runs
/// turn into differences between the methods; the ratio of two neighbouring invocations is immune to that drift.
/// Prints per variant the median and minimum ns per deferring call, and the median of the per-round ratios.
/// <c>interleaved-jit [rounds] [programs...]</c> does the same for whole programs of perf/EndToEnd (default fib and
/// sieve) run in-process by the interpreter and by the JIT (eager), alternating (issue 8's 10x bars).
/// </summary>
public static class Interleaved
{
    public static void Run(int rounds)
    {
        foreach (var mode in new[] { JitMode.Off, JitMode.Eager })
        {
            var m = DeferBenchmarks.BuildModule(out int stackLoop, out int heapLoop);
            using var machine = new Machine(Verifier.Verify(m), new RunOptions { StackSize = 1 << 20, Jit = mode },
                TextWriter.Null, TextWriter.Null);
            const int calls = 10_000;
            for (int w = 0; w < 50; w++) { machine.Call(stackLoop); machine.Call(heapLoop); }
            var stack = new double[rounds];
            var heap = new double[rounds];
            var ratio = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                if (machine.Call(stackLoop) != 0) throw new InvalidOperationException("stack loop failed");
                long t1 = Stopwatch.GetTimestamp();
                if (machine.Call(heapLoop) != 0) throw new InvalidOperationException("heap loop failed");
                long t2 = Stopwatch.GetTimestamp();
                stack[r] = (t1 - t0) * 1e9 / Stopwatch.Frequency / calls;
                heap[r] = (t2 - t1) * 1e9 / Stopwatch.Frequency / calls;
                ratio[r] = stack[r] / heap[r];
            }
            double Median(double[] a) { var s = a.Order().ToArray(); return s[s.Length / 2]; }
            Console.WriteLine($"{(mode == JitMode.Off ? "interpreter" : "JIT eager"),-12} stack record median {Median(stack),6:F2} ns (min {stack.Min(),6:F2})" +
                $"  heap record median {Median(heap),6:F2} ns (min {heap.Min(),6:F2})" +
                $"  stack/heap: median of rounds {Median(ratio):F3} -> {100 * (1 - Median(ratio)):F1}% cheaper");
        }
    }

    /// <summary><c>interleaved-procs [processes] [rounds]</c>: <see cref="Run"/> in that many fresh processes, one after
    /// the other, and the median of their ratios. Where .NET places the interpreter's dispatch code differs between
    /// processes of one binary and moves the interpreter's figures by up to ~10% (docs/performance.md "Session 7":
    /// one process in fourteen measured the stack record 22% cheaper, the others ~30%), so a bar on the interpreter
    /// is judged over several processes.</summary>
    public static void Processes(int processes, int rounds)
    {
        var ratios = new Dictionary<string, List<double>>();
        string self = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        bool viaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "") == "dotnet";
        for (int i = 0; i < processes; i++)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            if (viaDotnet) psi.ArgumentList.Add(self);
            psi.ArgumentList.Add("interleaved");
            psi.ArgumentList.Add(rounds.ToString());
            using var p = Process.Start(psi)!;
            foreach (var line in p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Console.WriteLine($"process {i + 1}: {line}");
                var m = System.Text.RegularExpressions.Regex.Match(line, @"^(\S+(?: eager)?)\s.*-> ([0-9.]+)% cheaper");
                if (m.Success)
                {
                    if (!ratios.TryGetValue(m.Groups[1].Value, out var l)) ratios[m.Groups[1].Value] = l = [];
                    l.Add(double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"process {i + 1} exited {p.ExitCode}");
        }
        foreach (var (tier, l) in ratios)
        {
            var o = l.Order().ToArray();
            Console.WriteLine($"{tier,-12} stack record cheaper than heap record over {o.Length} processes: median {o[o.Length / 2]:F1}%" +
                $" (min {o[0]:F1}%, max {o[^1]:F1}%)");
        }
    }

    public static void Programs(int rounds, string[] names)
    {
        if (names.Length == 0) names = ["fib", "sieve"];
        foreach (var name in names)
        {
            string path = ProgramPath(name);
            var vm = Verifier.Verify(GoCompiler.Compile([new SourceFile(name + ".go", File.ReadAllText(path))], new CompileOptions()));
            double Once(JitMode mode)
            {
                long t0 = Stopwatch.GetTimestamp();
                int code = Vm.Interpreter.Interpreter.Run(vm, new RunOptions { Jit = mode, GoMaxProcs = 1 }, TextWriter.Null, TextWriter.Null);
                if (code != 0) throw new InvalidOperationException($"{name} exited {code} under {mode}");
                return (Stopwatch.GetTimestamp() - t0) * 1e3 / Stopwatch.Frequency;
            }
            Once(JitMode.Off); Once(JitMode.Eager);
            var off = new double[rounds];
            var on = new double[rounds];
            var ratio = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                off[r] = Once(JitMode.Off);
                on[r] = Once(JitMode.Eager);
                ratio[r] = off[r] / on[r];
            }
            double Median(double[] a) { var o = a.Order().ToArray(); return o[o.Length / 2]; }
            Console.WriteLine($"{name,-8} interpreter median {Median(off),8:F1} ms (min {off.Min(),8:F1})  JIT eager median {Median(on),7:F1} ms" +
                $" (min {on.Min(),7:F1})  speed-up: median of rounds {Median(ratio):F2}x, min/min {off.Min() / on.Min():F2}x");
        }
    }

    /// <summary>perf/EndToEnd/NAME.go, found from the current directory (the repo or perf/) or above the binary.</summary>
    internal static string ProgramPath(string name)
    {
        foreach (var dir in new[] { Path.Combine("perf", "EndToEnd"), "EndToEnd" })
            if (File.Exists(Path.Combine(dir, name + ".go"))) return Path.Combine(dir, name + ".go");
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "perf", "EndToEnd", name + ".go"))) return Path.Combine(d.FullName, "perf", "EndToEnd", name + ".go");
        throw new FileNotFoundException($"perf/EndToEnd/{name}.go not found");
    }
}
