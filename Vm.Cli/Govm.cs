using Vm.Core;
using Vm.Core.Modules;
using Vm.Core.Text;
using Vm.Core.Verification;

namespace Vm.Cli;

/// <summary>
/// The govm command. Each subcommand parses Go-style flags, does its work and returns the exit
/// status: 0 success, 1 bad input (one clear message, never a stack trace), 2 usage errors and
/// (for run) Go panics and fatal errors, as the go command and Go programs do.
/// </summary>
public static class Govm
{
    sealed record Command(string Name, string Args, string Summary, string Details,
        Action<FlagSet> DefineFlags, Func<FlagSet, TextWriter, TextWriter, int> Run);

    static readonly Command[] Commands =
    [
        new("asm", "[-o out.gobc] [-noverify] file.gobs",
            "assemble a .gobs text module into a .gobc bytecode module",
            "Asm assembles the text module, verifies it and writes the binary module to the -o file\n" +
            "(default: the input name with the extension .gobc).",
            f =>
            {
                f.String("o", "write the module to `file`");
                f.Bool("noverify", "write the module even if the verifier rejects it (for testing the verifier)");
            },
            Asm),
        new("build", "[-o out.gobc] [-d=defer] file.go...",
            "compile Go source files into a .gobc bytecode module",
            "Build compiles the Go source files (one package main) with the Go-subset compiler, verifies the\n" +
            "module and writes it to the -o file (default: the first file's name with the extension .gobc).\n" +
            "-d=defer prints, for each defer statement, whether its record is stack- or heap-allocated,\n" +
            "as Go's -gcflags=-d=defer does, then a summary count.",
            f =>
            {
                f.String("o", "write the module to `file`");
                f.String("d", "debug `flags`: defer (report each defer's allocation)");
            },
            Build),
        new("run", "[-d=defer] [-jit=off|tiered|eager] [-jitthreshold=n] file.go...|file.gobc|file.gobs",
            "compile if needed, verify and run a program",
            "Run runs main.main of the program on goroutine 1. The program is Go source\n" +
            "(one or more .go files of package main, compiled in memory), a .gobc module or .gobs text.\n" +
            "print/println write to standard error as in Go. A panic or fatal error prints as Go prints it\n" +
            "and exits 2; os.Exit(n) exits n.\n" +
            "-jit chooses the tiers: off (interpreter only), tiered (default: a function is compiled to amd64\n" +
            "after -jitthreshold calls plus loop iterations, a hot loop switches to compiled code at its header)\n" +
            "or eager (every function compiled before main runs). GOVM_JIT and GOVM_JIT_THRESHOLD set the\n" +
            "defaults; GODEBUG=jittrace=1 prints each compilation.",
            f =>
            {
                f.String("d", "debug `flags`: defer (report each defer's allocation, Go source only)");
                JitFlags(f);
            },
            RunProgram),
        new("test", "[-short] [-run regexp] [-bench regexp] [-benchtime d] [-v] file_test.go...",
            "compile Go test files and run their tests and benchmarks like go test",
            "Test compiles the Go files (test files may use any package name; they are treated as one package)\n" +
            "and runs, in source order, each func TestXxx(t *testing.T) whose name matches -run, then each\n" +
            "func BenchmarkXxx(b *testing.B) matching -bench, printing what `go test file_test.go` prints\n" +
            "(package command-line-arguments) and exiting as it does: 0 ok, 1 a test failed or panicked,\n" +
            "2 the package did not build. -benchtime is a duration (1s, 500ms) or a count of iterations (100x).",
            f =>
            {
                f.Bool("short", "tell long-running tests to shorten their run time (testing.Short)");
                f.String("run", "run only tests matching `regexp`");
                f.String("bench", "run only benchmarks matching `regexp`");
                f.String("benchtime", "run each benchmark for duration `d` or N times (Nx)", "1s");
                f.Bool("v", "verbose: print every test's name, result and log");
                f.String("vet", "accepted for go test compatibility and ignored: govm runs no vet checks");
                JitFlags(f);
            },
            TestFiles),
        new("dis", "[-jit func] file.gobc|file.gobs|file.go...",
            "print a module as .gobs text, or a function's machine code",
            "Dis prints the module as .gobs assembly text that `govm asm` turns back into the same module.\n" +
            "With -jit, it compiles the program with the JIT and prints function func (its full name, e.g.\n" +
            "main.fib) as amd64 code: the prologue, each bytecode instruction followed by the machine code\n" +
            "it became, then the out-of-line slow paths.",
            f => f.String("jit", "print the machine code of function `func`"),
            Dis),
        new("verify", "[-maps] file.gobc|file.gobs...",
            "check modules with the bytecode verifier",
            "Verify reads each module and runs the verifier: types and stack depths on every path,\n" +
            "branch targets, indices, call signatures and the stack-defer rule. It prints nothing for a\n" +
            "module it accepts unless -maps is given, which prints every function's stack maps.",
            f => f.Bool("maps", "print the stack maps (pointer slots at every safepoint)"),
            Verify),
    ];

    [ThreadStatic] static string? t_workDir;

    /// <summary>Runs govm as if started in directory <paramref name="workDir"/> (for <c>test</c>: where relative
    /// files are found and what compile errors are shown relative to), for tests that run it in-process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workDir)
    {
        var save = t_workDir;
        t_workDir = workDir;
        try { return Run(args, stdout, stderr); }
        finally { t_workDir = save; }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "-help" or "--help")
        {
            if (args.Length >= 2 && Find(args[1]) is { } c) { PrintHelp(c, stdout); return 0; }
            PrintUsage(args.Length == 0 ? stderr : stdout);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] is "version" or "-version" or "--version")
        {
            stdout.WriteLine($"govm version {typeof(Govm).Assembly.GetName().Version} (.gobc format {Module.FormatVersion})");
            return 0;
        }
        var cmd = Find(args[0]);
        if (cmd is null)
        {
            stderr.WriteLine($"govm {args[0]}: unknown command");
            stderr.WriteLine("Run 'govm help' for usage.");
            return 2;
        }
        var flags = new FlagSet();
        cmd.DefineFlags(flags);
        try
        {
            if (!flags.Parse(args[1..])) { PrintHelp(cmd, stdout); return 0; }
        }
        catch (UsageException e)
        {
            stderr.WriteLine(e.Message);
            stderr.WriteLine($"usage: govm {cmd.Name} {cmd.Args}");
            stderr.WriteLine($"Run 'govm help {cmd.Name}' for details.");
            return 2;
        }
        try
        {
            return cmd.Run(flags, stdout, stderr);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"govm {cmd.Name}: {e.Message}");
            stderr.WriteLine($"usage: govm {cmd.Name} {cmd.Args}");
            return 2;
        }
        catch (BadInputException e)
        {
            stderr.WriteLine(e.Message);
            return 1;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"govm {cmd.Name}: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"govm {cmd.Name}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("GOVMDEBUG") != "1")
        {
            // A VM bug, not a user error: say so briefly; GOVMDEBUG=1 shows the .NET trace.
            stderr.WriteLine($"govm {cmd.Name}: internal error: {e.GetType().Name}: {e.Message}");
            stderr.WriteLine("(this is a bug in govm; run with GOVMDEBUG=1 for details)");
            return 3;
        }
    }

    static Command? Find(string name) => Array.Find(Commands, c => c.Name == name);

    static void PrintUsage(TextWriter w)
    {
        w.WriteLine("Govm runs Go programs compiled to bytecode on .NET.");
        w.WriteLine();
        w.WriteLine("Usage:");
        w.WriteLine();
        w.WriteLine("\tgovm <command> [arguments]");
        w.WriteLine();
        w.WriteLine("The commands are:");
        w.WriteLine();
        foreach (var c in Commands) w.WriteLine($"\t{c.Name,-10} {c.Summary}");
        w.WriteLine($"\t{"version",-10} print the govm version");
        w.WriteLine();
        w.WriteLine("Use \"govm help <command>\" for more information about a command.");
    }

    static void PrintHelp(Command c, TextWriter w)
    {
        w.WriteLine($"usage: govm {c.Name} {c.Args}");
        w.WriteLine();
        w.WriteLine(c.Details);
        var f = new FlagSet();
        c.DefineFlags(f);
        var sw = new StringWriter();
        f.PrintDefaults(sw);
        if (sw.ToString().Length > 0)
        {
            w.WriteLine();
            w.WriteLine("Flags:");
            w.Write(sw.ToString());
        }
    }

    static string OneArg(FlagSet f, string what)
    {
        if (f.Args.Count != 1) throw new UsageException(f.Args.Count == 0 ? $"no {what} given" : $"expected one {what}, got {f.Args.Count}");
        return f.Args[0];
    }

    static int Asm(FlagSet f, TextWriter stdout, TextWriter stderr)
    {
        string input = OneArg(f, ".gobs file");
        var module = ModuleLoader.Load(input.EndsWith(".gobs", StringComparison.Ordinal) ? input : throw new UsageException($"{input}: not a .gobs file"));
        if (!f.GetBool("noverify")) ModuleLoader.VerifyFile(input, module);
        string output = f.Get("o") ?? Path.ChangeExtension(input, ".gobc");
        File.WriteAllBytes(output, GobcWriter.Write(module));
        return 0;
    }

    /// <summary>The -d flag's debug keys; only "defer" exists. Returns the diagnostics sink (prints to stderr) or null.</summary>
    static (Action<string>? Sink, Func<string>? Summary) DebugFlags(FlagSet f, TextWriter stderr)
    {
        var d = f.Get("d");
        if (d is null) return (null, null);
        foreach (var key in d.Split(',', StringSplitOptions.RemoveEmptyEntries))
            if (key != "defer") throw new UsageException($"-d: unknown debug key {key} (known: defer)");
        int stack = 0, heap = 0;
        return (line =>
        {
            if (line.EndsWith("stack-allocated defer", StringComparison.Ordinal)) stack++; else heap++;
            stderr.WriteLine(line);
        }, () => $"# {stack} stack-allocated defer{(stack == 1 ? "" : "s")}, {heap} heap-allocated defer{(heap == 1 ? "" : "s")}");
    }

    static int Build(FlagSet f, TextWriter stdout, TextWriter stderr)
    {
        if (f.Args.Count == 0) throw new UsageException("no .go files given");
        if (f.Args.Any(a => !a.EndsWith(".go", StringComparison.Ordinal))) throw new UsageException("build takes Go source files (.go)");
        var (sink, summary) = DebugFlags(f, stderr);
        var module = ModuleLoader.LoadProgram(f.Args, sink);
        if (summary != null) stderr.WriteLine(summary());
        ModuleLoader.VerifyFile(f.Args[0], module);
        string output = f.Get("o") ?? Path.ChangeExtension(f.Args[0], ".gobc");
        File.WriteAllBytes(output, GobcWriter.Write(module));
        return 0;
    }

    static int RunProgram(FlagSet f, TextWriter stdout, TextWriter stderr)
    {
        var options = RunOptionsFrom(f);
        Vm.Interpreter.Machine.PrepareLoop();   // while we compile and verify
        if (options.EffectiveJit(out _) != Vm.Jit.JitMode.Off) Vm.Jit.JitEngine.Prewarm();
        var (sink, summary) = DebugFlags(f, stderr);
        var module = ModuleLoader.LoadProgram(f.Args, sink);
        if (summary != null) stderr.WriteLine(summary());
        var verified = ModuleLoader.VerifyFile(f.Args[0], module);
        stdout.Flush();
        stderr.Flush();
        return Vm.Interpreter.Interpreter.Run(verified, options, stdout, stderr);
    }

    static void JitFlags(FlagSet f)
    {
        f.String("jit", "JIT `mode`: off, tiered (default) or eager");
        f.String("jitthreshold", "tiering threshold: calls plus loop iterations before a function is compiled (`n`)");
    }

    /// <summary>The run's JIT mode and threshold from -jit/-jitthreshold (unset: the environment's defaults).</summary>
    internal static Vm.Interpreter.RunOptions RunOptionsFrom(FlagSet f)
    {
        Vm.Jit.JitMode? mode = null;
        if (f.Get("jit") is { } m)
        {
            mode = Vm.Interpreter.RunOptions.ParseJitMode(m) ?? throw new UsageException($"-jit={m}: want off, tiered or eager");
            if (mode != Vm.Jit.JitMode.Off && !Vm.Jit.JitEngine.Supported)
                throw new UsageException($"-jit={m}: the JIT needs Linux on x64");
        }
        int? threshold = null;
        if (f.Get("jitthreshold") is { } t)
        {
            if (!int.TryParse(t, out int n) || n < 1) throw new UsageException($"-jitthreshold={t}: want a positive integer");
            threshold = n;
        }
        return new Vm.Interpreter.RunOptions { Jit = mode, JitThreshold = threshold };
    }

    static int TestFiles(FlagSet f, TextWriter stdout, TextWriter stderr)
    {
        var options = RunOptionsFrom(f);
        Vm.Interpreter.Machine.PrepareLoop();   // while we compile and verify
        if (options.EffectiveJit(out _) != Vm.Jit.JitMode.Off) Vm.Jit.JitEngine.Prewarm();
        return GoTest.Run(f.Args, new GoTestOptions
        {
            Short = f.GetBool("short"),
            Verbose = f.GetBool("v"),
            Run = f.Get("run"),
            Bench = f.Get("bench"),
            BenchTime = f.Get("benchtime")!,
            WorkDir = t_workDir,
            RunOptions = options,
        }, stdout, stderr);
    }

    static int Dis(FlagSet f, TextWriter stdout, TextWriter stderr)
    {
        if (f.Get("jit") is { } func) return DisJit(f, func, stdout);
        string input = OneArg(f, "module");
        stdout.Write(Disassembler.Disassemble(ModuleLoader.Load(input)));
        return 0;
    }

    static int Verify(FlagSet f, TextWriter stdout, TextWriter stderr)
    {
        if (f.Args.Count == 0) throw new UsageException("no module given");
        foreach (var input in f.Args)
        {
            var (module, verified) = ModuleLoader.LoadVerified(input);
            if (f.GetBool("maps")) StackMapPrinter.Print(module, verified, stdout);
        }
        return 0;
    }

    /// <summary><c>govm dis -jit func prog</c>: the function's machine code, interleaved with its bytecode.</summary>
    static int DisJit(FlagSet f, string func, TextWriter stdout)
    {
        if (f.Args.Count == 0) throw new UsageException("no program given");
        if (!Vm.Jit.JitEngine.Supported) throw new UsageException("-jit: the JIT needs Linux on x64");
        var module = f.Args[0].EndsWith(".go", StringComparison.Ordinal)
            ? ModuleLoader.LoadProgram(f.Args, null)
            : ModuleLoader.Load(OneArg(f, "module"));
        var verified = ModuleLoader.VerifyFile(f.Args[0], module);
        int index = module.Funcs.FindIndex(x => x.Name == func);
        if (index < 0)
            throw new UsageException($"-jit {func}: no such function (have: {string.Join(", ", module.Funcs.Select(x => x.Name).Take(12))}{(module.Funcs.Count > 12 ? ", ..." : "")})");
        // Compiled as `govm run` compiles it: with the runtime's static addresses (ldfn, gaddr, ldstr constants).
        using var machine = new Vm.Interpreter.Machine(verified, new Vm.Interpreter.RunOptions { Jit = Vm.Jit.JitMode.Off }, TextWriter.Null, TextWriter.Null);
        stdout.Write(machine.DisassembleCompiled(index));
        return 0;
    }
}
