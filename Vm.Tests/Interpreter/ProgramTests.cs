using System.Text.RegularExpressions;
using Vm.Core.Text;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Vm.Tests.Interpreter;

/// <summary>
/// Runs the program corpus: every Vm.Tests/Programs/NAME.gobs (the equivalent Go program is NAME.go)
/// is assembled, verified and interpreted, and its stdout, stderr and exit status are compared with
/// what real Go printed (NAME.stdout, NAME.stderr, NAME.exit; gen_golden.sh made them). Go's
/// tracebacks carry machine addresses, so for a program that crashes the comparison covers the
/// panic lines, the signal line up to its pc, the fatal-error lines, the "goroutine 1 [running]:"
/// line and the order of the main.* frames; docs/abi.md §_panic describes what govm prints.
/// The shipped examples (examples/NAME.gobs with NAME.out) run the same way.
/// </summary>
public class ProgramTests
{
    static string ProgramsDir => Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Programs");

    public static IEnumerable<TestCaseData> Programs() =>
        Directory.GetFiles(Path.Combine(RootForDiscovery(), "Vm.Tests", "Programs"), "*.gobs")
            .Order().Select(p => new TestCaseData(Path.GetFileNameWithoutExtension(p)).SetName($"Program_{Path.GetFileNameWithoutExtension(p)}_MatchesGo"));

    public static IEnumerable<TestCaseData> Examples() =>
        Directory.GetFiles(Path.Combine(RootForDiscovery(), "examples"), "*.gobs")
            .Order().Select(p => new TestCaseData(Path.GetFileNameWithoutExtension(p)).SetName($"Example_{Path.GetFileNameWithoutExtension(p)}_PrintsItsExpectedOutput"));

    /// <summary>The repository root, found from the test assembly's folder (test cases are listed
    /// before any TestContext exists).</summary>
    static string RootForDiscovery()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "vm.sln"))) return d.FullName;
        throw new InvalidOperationException("vm.sln not found above the test assembly");
    }

    static (int Status, string Stdout, string Stderr) Run(string path)
    {
        var module = Assembler.Assemble(File.ReadAllText(path), Path.GetFileName(path));
        var verified = Verifier.Verify(module);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int status = Vm.Interpreter.Interpreter.Run(verified, new RunOptions { StackSize = 16 << 20 }, stdout, stderr);
        return (status, stdout.ToString(), stderr.ToString());
    }

    [TestCaseSource(nameof(Programs))]
    public void ProgramMatchesGo(string name)
    {
        var (status, stdout, stderr) = Run(Path.Combine(ProgramsDir, name + ".gobs"));
        string Golden(string ext) => File.ReadAllText(Path.Combine(ProgramsDir, $"{name}.{ext}"));
        int wantStatus = int.Parse(Golden("exit").Trim());
        string wantErr = Golden("stderr");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(wantStatus), "exit status");
            Assert.That(stdout, Is.EqualTo(Golden("stdout")), "stdout");
            if (wantErr.Contains("\ngoroutine 1 [running]:\n"))
            {
                Assert.That(Head(stderr), Is.EqualTo(Head(wantErr)), "stderr up to the traceback");
                if (wantErr.Contains("\npanic: ") || wantErr.StartsWith("panic: "))
                    Assert.That(MainFrames(stderr), Is.EqualTo(MainFrames(wantErr)), "main.* frames of the traceback");
            }
            else Assert.That(stderr, Is.EqualTo(wantErr), "stderr");
        });
    }

    [TestCaseSource(nameof(Examples))]
    public void ExamplePrintsItsExpectedOutput(string name)
    {
        var dir = Path.Combine(TestPaths.RepoRoot, "examples");
        var (status, stdout, stderr) = Run(Path.Combine(dir, name + ".gobs"));
        Assert.That((status, stdout, stderr), Is.EqualTo((0, "", File.ReadAllText(Path.Combine(dir, name + ".out")))));
    }

    /// <summary>stderr up to and including the "goroutine 1 [running]:" line, with machine-specific
    /// numbers (signal pc, stack addresses) blanked, and Go's "runtime stack:" section dropped.</summary>
    static string Head(string s)
    {
        int g = s.IndexOf("\ngoroutine 1 [running]:\n", StringComparison.Ordinal);
        s = s[..(g + "\ngoroutine 1 [running]:\n".Length)];
        int rs = s.IndexOf("\nruntime stack:\n", StringComparison.Ordinal);
        if (rs >= 0) s = s[..rs] + "\ngoroutine 1 [running]:\n";
        s = Regex.Replace(s, @" pc=0x[0-9a-f]+\]", " pc=PC]");
        s = Regex.Replace(s, @"runtime: sp=0x[0-9a-f]+ stack=\[0x[0-9a-f]+, 0x[0-9a-f]+\]", "runtime: sp=SP stack=[LO, HI]");
        return s;
    }

    /// <summary>The function names of the main.* frames of the first goroutine's traceback, innermost first.</summary>
    static List<string> MainFrames(string s)
    {
        int g = s.IndexOf("\ngoroutine 1 [running]:\n", StringComparison.Ordinal);
        return s[g..].Split('\n').Where(l => l.StartsWith("main.")).Select(l => l[..l.IndexOf('(')]).ToList();
    }
}
