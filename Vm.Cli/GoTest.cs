using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Vm.Compiler;
using Vm.Interpreter;

namespace Vm.Cli;

/// <summary>Flags of <c>govm test</c>, as go test names them.</summary>
public sealed class GoTestOptions
{
    public bool Short { get; init; }
    public bool Verbose { get; init; }
    /// <summary>-run: tests whose name matches (unanchored, Go's regexp); null runs all.</summary>
    public string? Run { get; init; }
    /// <summary>-bench: benchmarks to run; null or empty runs none.</summary>
    public string? Bench { get; init; }
    /// <summary>-benchtime: a duration ("1s", "500ms") or a count ("100x").</summary>
    public string BenchTime { get; init; } = "1s";
    /// <summary>Directory relative file names are resolved against and compile errors are shown relative to
    /// (go's ShortPath); the process's current directory when null.</summary>
    public string? WorkDir { get; init; }
    /// <summary>-jit / -jitthreshold: how the test binary runs (docs/jit.md §tiering).</summary>
    public Vm.Interpreter.RunOptions RunOptions { get; init; } = new();
    /// <summary>GOMAXPROCS for the run (the -N suffix of benchmark names); the GOMAXPROCS environment
    /// variable or the number of CPUs when null.</summary>
    public int? Procs { get; init; }
}

/// <summary>
/// <c>govm test FILE_test.go...</c>: compiles the files as one test package, runs the tests matching -run
/// and the benchmarks matching -bench in go test's order, and prints what <c>go test</c> prints for
/// file arguments (package <c>command-line-arguments</c>), with its exit status: 0 ok, 1 a test failed
/// or panicked, 2 the package did not build (docs/compiler.md "Tests").
/// </summary>
public static class GoTest
{
    const string Pkg = "command-line-arguments";

    /// <summary>Writes to a buffer and, when go test streams the output, to the real stdout as well.</summary>
    sealed class TeeWriter(TextWriter? stream) : TextWriter
    {
        public readonly StringBuilder Text = new();
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) { Text.Append(value); stream?.Write(value); }
        public override void Write(string? value) { Text.Append(value); stream?.Write(value); }
        public override void Write(char[] buffer, int index, int count) { Text.Append(buffer, index, count); stream?.Write(buffer, index, count); }
        public override void Flush() => stream?.Flush();
    }

    public static int Run(IReadOnlyList<string> files, GoTestOptions o, TextWriter stdout, TextWriter stderr)
    {
        var cwd = o.WorkDir ?? Directory.GetCurrentDirectory();
        if (files.Count == 0) throw new UsageException("no test files given");
        if (files.Any(f => !f.EndsWith(".go", StringComparison.Ordinal))) throw new UsageException("test takes Go source files (.go)");
        var paths = files.Select(f => Path.GetFullPath(f, cwd)).ToList();
        var sources = paths.Select(p => SourceFile.FromBytes(p, ModuleLoader.ReadBytes(p))).ToList();
        if (!paths.Any(p => p.EndsWith("_test.go", StringComparison.Ordinal)))
        {
            stdout.WriteLine($"?   \t{Pkg}\t[no test files]");
            return 0;
        }

        TestPackage pkg;
        try
        {
            pkg = GoCompiler.CompileTests(sources, new CompileOptions());
        }
        catch (CompileException e)
        {
            stderr.WriteLine($"# {Pkg} [{Pkg}.test]");
            stderr.WriteLine($"{ShortFile(e.File, cwd)}:{e.Line}:{e.Col}: {e.Reason}");
            stdout.WriteLine($"FAIL\t{Pkg} [build failed]");
            stdout.WriteLine("FAIL");
            return 2;
        }
        catch (TestSetupException e)
        {
            stderr.WriteLine($"# {Pkg}");
            stderr.WriteLine(e.Message);
            stdout.WriteLine($"FAIL\t{Pkg} [setup failed]");
            stdout.WriteLine("FAIL");
            return 1;
        }
        var verified = ModuleLoader.VerifyFile(paths[0], pkg.Module);

        bool benching = !string.IsNullOrEmpty(o.Bench);
        // go test streams the test binary's output with -bench or -v (one package); otherwise it keeps it
        // and shows it only if the package fails.
        var bin = new TeeWriter(benching || o.Verbose ? stdout : null);
        var clock = Stopwatch.StartNew();
        int binExit = RunBinary(pkg, verified, o, bin);
        string elapsed = clock.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) + "s";
        string output = bin.Text.ToString();
        if (binExit == 0)
        {
            string norun = "";
            const string warn = "testing: warning: no tests to run\n";
            if (!benching && (output.StartsWith(warn, StringComparison.Ordinal) || output.Contains("\n" + warn, StringComparison.Ordinal)))
                norun = " [no tests to run]";
            if (benching && output.Length > 0 && !output.EndsWith('\n')) stdout.Write('\n');
            stdout.WriteLine($"ok  \t{Pkg}\t{elapsed}{norun}");
            return 0;
        }
        if (!benching && !o.Verbose) stdout.Write(output);
        // With -bench the output went straight to stdout, so go test saw none and names the exit status.
        if (benching || output.Length == 0) stdout.WriteLine($"exit status {binExit}");
        else if (!output.EndsWith('\n')) stdout.Write('\n');
        stdout.WriteLine($"FAIL\t{Pkg}\t{elapsed}");
        stdout.WriteLine("FAIL");
        return 1;
    }

    /// <summary>go's ShortPath for a compile error: the file's directory relative to the working directory
    /// when that is shorter ("./x_test.go" in it).</summary>
    static string ShortFile(string file, string cwd)
    {
        var dir = Path.GetDirectoryName(file) ?? "";
        var rel = Path.GetRelativePath(cwd, dir);
        if (rel.Length >= dir.Length) return file;
        return (rel == "." ? "." : rel) + "/" + Path.GetFileName(file);
    }

    /// <summary>What the test binary does (testing.M.Run): returns its exit status (0, 1 failed, 2 died).</summary>
    static int RunBinary(TestPackage pkg, Vm.Core.Verification.VerifiedModule verified, GoTestOptions o, TextWriter w)
    {
        // Flags are parsed when the binary starts, as the testing package does.
        long benchN = 0;
        long benchD = 0;
        if (!ParseBenchTime(o.BenchTime, out benchN, out benchD))
        {
            // Go then prints the test binary's flag usage, which govm does not have.
            w.WriteLine($"invalid value \"{o.BenchTime}\" for flag -test.benchtime: {(o.BenchTime.EndsWith('x') ? "invalid count" : "invalid duration")}");
            return 2;
        }
        int procs = o.Procs ?? DefaultProcs();
        var harness = new TestHarness(pkg.TRunner, pkg.BRunner, pkg.CurTest, pkg.CurBench, pkg.TObject, pkg.BObject);
        var state = new TestState { Short = o.Short, Verbose = o.Verbose };
        using var machine = new Machine(verified, o.RunOptions, w, w);
        machine.ConfigureTesting(harness, state, procs);
        if (pkg.Module.Init >= 0)
        {
            int st = machine.Call(pkg.Module.Init);
            if (st != 0) return st;
        }

        // runTests
        bool ok = true, ran = false;
        var tests = pkg.Tests;
        if (o.Run != null)
        {
            if (Matcher(o.Run, "-test.run", w) is not { } runRe) return 1;
            tests = tests.Where(t => runRe.IsMatch(t.Name)).ToList();
        }
        foreach (var t in tests)
        {
            ran = true;
            if (o.Verbose) w.Write($"=== RUN   {t.Name}\n");
            var sw = Stopwatch.StartNew();
            state.OnPanic = () => $"--- FAIL: {t.Name} ({Dur(sw)})\n" + (o.Verbose ? "" : state.Output.ToString());
            int st = machine.RunTest(t.Func, t.Name);
            if (st != 0) return st; // the panic and traceback are printed; the binary dies
            string d = Dur(sw);
            if (state.Failed) { w.Write($"--- FAIL: {t.Name} ({d})\n{state.Output}"); ok = false; }
            else if (o.Verbose) w.Write($"--- {(state.Skipped ? "SKIP" : "PASS")}: {t.Name} ({d})\n{state.Output}");
        }
        if (!ran && string.IsNullOrEmpty(o.Bench)) w.Write("testing: warning: no tests to run\n");

        // runBenchmarks
        if (!string.IsNullOrEmpty(o.Bench))
        {
            if (Matcher(o.Bench, "-test.bench", w) is not { } benchRe) return 1;
            var bs = pkg.Benchmarks.Where(b => benchRe.IsMatch(b.Name)).ToList();
            int extLen = BenchName("", procs).Length;
            int maxLen = 0;
            foreach (var b in bs) maxLen = Math.Max(maxLen, BenchName(b.Name, procs).Length + extLen + 1);
            bool labels = false;
            void Labels()
            {
                if (labels) return;
                labels = true;
                w.Write($"goos: {GoOs()}\ngoarch: {GoArch()}\n");
                if (CpuName() is { Length: > 0 } cpu) w.Write($"cpu: {cpu}\n");
            }
            foreach (var b in bs)
            {
                if (o.Verbose) { Labels(); w.Write(b.Name + "\n"); }
                // run1
                machine.ResetBenchmark(b.Name);
                int st = machine.RunBenchmark(b.Func, 1);
                if (st != 0) return st;
                if (state.Failed) { w.Write($"--- FAIL: {b.Name}\n{state.Output}"); ok = false; continue; }
                if (state.Finished)
                {
                    if (o.Verbose && (state.Output.Length > 0 || state.Finished))
                        w.Write($"--- {(state.Skipped ? "SKIP" : "BENCH")}: {b.Name}\n{TrimOutput(state.Output.ToString())}");
                    continue;
                }
                // run, processBench
                Labels();
                string name = BenchName(b.Name, procs);
                if (!o.Verbose) w.Write(name.PadRight(maxLen) + "\t");
                long n = 1;
                if (benchN > 0)
                {
                    if (benchN > 1) { n = benchN; st = machine.RunBenchmark(b.Func, n); }
                }
                else
                {
                    while (!state.Failed && state.DurationNs < benchD && n < 1_000_000_000)
                    {
                        long last = n;
                        long prevns = Math.Max(state.DurationNs, 1);
                        n = (long)((decimal)benchD * last / prevns);
                        n += n / 5;
                        n = Math.Min(n, 100 * last);
                        n = Math.Max(n, last + 1);
                        n = Math.Min(n, 1_000_000_000);
                        st = machine.RunBenchmark(b.Func, n);
                        if (st != 0) break;
                    }
                }
                if (st != 0) return st;
                if (state.Failed) { w.Write($"--- FAIL: {name}\n{state.Output}"); ok = false; continue; }
                string results = Results(n, state.DurationNs);
                if (o.Verbose) w.Write(name.PadRight(maxLen) + "\t");
                if (state.ShowAllocs) results += "\t" + $"{state.AllocBytes / n,8} B/op\t{state.Allocs / n,8} allocs/op";
                w.Write(results + "\n");
                if (state.Output.Length > 0) w.Write($"--- BENCH: {name}\n{TrimOutput(state.Output.ToString())}");
            }
        }
        w.Write(ok ? "PASS\n" : "FAIL\n");
        w.Flush();
        return ok ? 0 : 1;
    }

    static string Dur(Stopwatch sw) => sw.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + "s";

    static string BenchName(string name, int procs) => procs != 1 ? $"{name}-{procs}" : name;

    /// <summary>BenchmarkResult.String: "%8d" N, then "\t" and ns/op in prettyPrint's format.</summary>
    static string Results(long n, long durationNs)
    {
        var sb = new StringBuilder($"{n,8}");
        double ns = (double)durationNs / n;
        if (ns != 0) sb.Append('\t').Append(PrettyPrint(ns, "ns/op"));
        return sb.ToString();
    }

    static string PrettyPrint(double x, string unit)
    {
        double y = Math.Abs(x);
        var (width, prec) = y == 0 || y >= 999.95 ? (10, 0) : y >= 99.995 ? (12, 1) : y >= 9.9995 ? (13, 2) : y >= 0.99995 ? (14, 3)
            : y >= 0.099995 ? (15, 4) : y >= 0.0099995 ? (16, 5) : y >= 0.00099995 ? (17, 6) : (18, 7);
        return x.ToString("F" + prec, CultureInfo.InvariantCulture).PadLeft(width) + " " + unit;
    }

    /// <summary>B.trimOutput: at most 10 lines of a benchmark's log.</summary>
    static string TrimOutput(string s)
    {
        int nl = 0;
        for (int j = 0; j < s.Length; j++)
            if (s[j] == '\n' && ++nl >= 10) return s[..j] + "\n\t... [output truncated]\n";
        return s;
    }

    /// <summary>Go's -test.benchtime: "Nx" (N > 0) or a positive time.ParseDuration value.</summary>
    public static bool ParseBenchTime(string s, out long n, out long ns)
    {
        n = 0; ns = 0;
        if (s.EndsWith('x'))
            return long.TryParse(s[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out n) && n > 0;
        var m = Regex.Match(s, @"^\+?((?:\d+\.?\d*|\.\d+)(?:ns|us|µs|ms|s|m|h))+$");
        if (!m.Success) return false;
        double total = 0;
        foreach (Match part in Regex.Matches(s, @"(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)"))
        {
            double v = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += v * part.Groups[2].Value switch { "ns" => 1, "us" or "µs" => 1e3, "ms" => 1e6, "s" => 1e9, "m" => 60e9, _ => 3600e9 };
        }
        ns = (long)total;
        return ns > 0;
    }

    /// <summary>The testing package's matcher for -run/-bench: element 0 of the pattern (split at '/'),
    /// unanchored. A pattern Go's regexp rejects prints Go's message and the binary exits 1.</summary>
    static Regex? Matcher(string pattern, string flag, TextWriter w)
    {
        var elem = pattern.Split('/')[0];
        if (GoRegexpError(elem) is { } err)
        {
            w.Write($"testing: invalid regexp for element 0 of {flag} (\"{elem}\"): error parsing regexp: {err}\n");
            return null;
        }
        try
        {
            return new Regex(elem, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            w.Write($"testing: invalid regexp for element 0 of {flag} (\"{elem}\"): error parsing regexp: invalid syntax: `{elem}`\n");
            return null;
        }
    }

    /// <summary>The common syntax errors of Go's regexp/syntax, in its words; null if none found.</summary>
    public static string? GoRegexpError(string re)
    {
        int depth = 0;
        bool canRepeat = false;
        for (int i = 0; i < re.Length; i++)
        {
            char c = re[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= re.Length) return "trailing backslash at end of expression: ``";
                    i++;
                    canRepeat = true;
                    break;
                case '[':
                {
                    int j = i + 1;
                    if (j < re.Length && re[j] == '^') j++;
                    if (j < re.Length && re[j] == ']') j++;
                    while (j < re.Length && re[j] != ']') { if (re[j] == '\\') j++; j++; }
                    if (j >= re.Length) return $"missing closing ]: `{re[i..]}`";
                    i = j;
                    canRepeat = true;
                    break;
                }
                case '(':
                    if (i + 1 < re.Length && re[i + 1] == '?' && !(i + 2 < re.Length && (re[i + 2] is ':' or 'P' or 'i' or 'm' or 's' or 'U' or '-')))
                        return $"invalid or unsupported Perl syntax: `{re.Substring(i, Math.Min(3, re.Length - i))}`";
                    depth++;
                    canRepeat = false;
                    break;
                case ')':
                    if (depth == 0) return $"unexpected ): `{re}`";
                    depth--;
                    canRepeat = true;
                    break;
                case '|':
                    canRepeat = false;
                    break;
                case '*' or '+' or '?':
                {
                    int start = i;
                    if (i + 1 < re.Length && re[i + 1] == '?') i++; // non-greedy
                    if (!canRepeat)
                    {
                        if (start > 0 && re[start - 1] is '*' or '+' or '?')
                            return $"invalid nested repetition operator: `{re.Substring(start - 1, i - start + 2)}`";
                        return $"missing argument to repetition operator: `{re.Substring(start, i - start + 1)}`";
                    }
                    canRepeat = false;
                    break;
                }
                default:
                    canRepeat = true;
                    break;
            }
        }
        if (depth > 0) return $"missing closing ): `{re}`";
        return null;
    }

    static int DefaultProcs()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("GOMAXPROCS"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p > 0) return p;
        return Environment.ProcessorCount;
    }

    static string GoOs() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsFreeBSD() ? "freebsd" : RuntimeInformation.OSDescription.ToLowerInvariant();

    static string GoArch() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        var a => a.ToString().ToLowerInvariant(),
    };

    /// <summary>The CPU's brand string from CPUID leaves 0x80000002-4, as Go's internal/cpu.Name reads it
    /// (leading spaces trimmed, cut at the first NUL); empty where CPUID is not available.</summary>
    static string CpuName()
    {
        if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported) return "";
        var (max, _, _, _) = System.Runtime.Intrinsics.X86.X86Base.CpuId(unchecked((int)0x80000000), 0);
        if ((uint)max < 0x80000004) return "";
        var bytes = new List<byte>();
        for (uint leaf = 0x80000002; leaf <= 0x80000004; leaf++)
        {
            var (a, b, c, d) = System.Runtime.Intrinsics.X86.X86Base.CpuId(unchecked((int)leaf), 0);
            foreach (int r in new[] { a, b, c, d }) bytes.AddRange(BitConverter.GetBytes(r));
        }
        int start = 0;
        while (start < bytes.Count && bytes[start] == ' ') start++;
        int end = bytes.IndexOf(0, start);
        if (end < 0) end = bytes.Count;
        return Encoding.ASCII.GetString(bytes.GetRange(start, end - start).ToArray());
    }
}
