using System.Text.RegularExpressions;
using Vm.Compiler;
using Vm.Core.Verification;

namespace Vm.Tests.Generated;

/// <summary>
/// Differential tests against real Go: the programs in Vm.Tests/Generated were written by
/// tools/gogen/gogen.py from seeds (gen_NNN: normal mode, panic_NNN: ends in a runtime error or a
/// panic) and run by Go 1.19, whose stdout, stderr and exit status are the golden files
/// (tools/gogen/corpus.sh, docs/testing.md). Each program must compile, verify and run under govm
/// with the same stdout, exit status and stderr up to the <c>goroutine N [running]:</c> line
/// (addresses masked). The minimal reproductions of each known disagreement live in
/// Vm.Tests/Generated/minimal and run the same way. Programs that disagree today are listed in
/// <see cref="KnownFailures"/> with the reason: that list is the bug report, and a listed program
/// that starts passing fails the test so that the entry gets removed.
/// </summary>
public class GeneratedProgramTests
{
    /// <summary>Program name (minimal/NAME for the reproductions) -> why govm disagrees with Go today.
    /// A program names the first difference it meets; it may hold others behind it. Empty: the constant
    /// bugs that filled it (inexact untyped floats, truncating int-to-float constant conversion, big
    /// constants converted to float64, untyped shift operands) are fixed; the minimal/const_* programs
    /// keep them pinned.</summary>
    static readonly Dictionary<string, string> KnownFailures = new();

    static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(30);

    static string Dir(string sub) => Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Generated", sub);

    static IEnumerable<TestCaseData> Programs() => Cases("");

    static IEnumerable<TestCaseData> MinimalPrograms() => Cases("minimal");

    static IEnumerable<TestCaseData> Cases(string sub)
    {
        string dir = Path.Combine(FindRoot(), "Vm.Tests", "Generated", sub);
        if (!Directory.Exists(dir)) yield break;
        foreach (var p in Directory.GetFiles(dir, "*.go").OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(p);
            yield return new TestCaseData(sub, name).SetName(sub == "" ? name : $"{sub}_{name}");
        }
    }

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "vm.sln"))) return d.FullName;
        throw new InvalidOperationException("vm.sln not found");
    }

    [TestCaseSource(nameof(Programs))]
    public void GeneratedProgramRunsLikeGo(string sub, string name) => Check(sub, name);

    [TestCaseSource(nameof(MinimalPrograms))]
    public void MinimalReproductionRunsLikeGo(string sub, string name) => Check(sub, name);

    [Test]
    public void CorpusHasGoldenOutputForEveryProgram()
    {
        var names = Cases("").Concat(Cases("minimal")).Select(c => ((string)c.Arguments[0]!, (string)c.Arguments[1]!)).ToList();
        Assert.That(names.Count(n => n.Item1 == ""), Is.GreaterThanOrEqualTo(200), "generated programs");
        foreach (var (sub, name) in names)
            foreach (var ext in new[] { ".stdout", ".stderr", ".exit" })
                Assert.That(File.Exists(Path.Combine(Dir(sub), name + ext)), Is.True, $"{sub}/{name}{ext} missing");
        foreach (var key in KnownFailures.Keys)
            Assert.That(names.Any(n => Key(n.Item1, n.Item2) == key), Is.True, $"KnownFailures names {key}, which is not in the corpus");
    }

    static string Key(string sub, string name) => sub == "" ? name : $"{sub}/{name}";

    static void Check(string sub, string name)
    {
        string key = Key(sub, name);
        string? why = KnownFailures.GetValueOrDefault(key);
        string? mismatch = Mismatch(sub, name);
        if (why != null)
        {
            if (mismatch == null) Assert.Fail($"{key} now runs like Go: remove it from KnownFailures (was: {why})");
            Assert.Ignore(why);
        }
        if (mismatch != null) Assert.Fail(mismatch);
    }

    /// <summary>Null when govm compiles, verifies and runs the program like Go; else what differs first.</summary>
    static string? Mismatch(string sub, string name)
    {
        string Golden(string ext) => File.ReadAllText(Path.Combine(Dir(sub), name + ext));
        VerifiedModule vm;
        try
        {
            vm = Verifier.Verify(GoCompiler.Compile([new SourceFile(name + ".go", Golden(".go"))], new CompileOptions()));
        }
        catch (Exception e)
        {
            return $"compile/verify: {e.GetType().Name}: {e.Message}";
        }
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = 0;
        Exception? crash = null;
        var thread = new Thread(() =>
        {
            try { code = Vm.Interpreter.Interpreter.Run(vm, new Vm.Interpreter.RunOptions(), stdout, stderr); }
            catch (Exception e) { crash = e; }
        }, 64 << 20) { IsBackground = true };
        thread.Start();
        if (!thread.Join(RunLimit)) return $"run: did not finish in {RunLimit.TotalSeconds} s (Go's run takes milliseconds)";
        if (crash != null) return $"run: {crash.GetType().Name}: {crash.Message}";
        int want = int.Parse(Golden(".exit").Trim());
        string got = stderr.ToString();
        if (stdout.ToString() != Golden(".stdout")) return $"stdout differs: {FirstDifference(Golden(".stdout"), stdout.ToString())}";
        if (Normalize(got) != Normalize(Golden(".stderr")))
            return $"stderr differs: {FirstDifference(Normalize(Golden(".stderr")), Normalize(got))}";
        if (code != want) return $"exit status {code}, Go's {want}";
        return null;
    }

    /// <summary>The first line where the outputs differ, Go's and govm's.</summary>
    static string FirstDifference(string want, string got)
    {
        var w = want.Split('\n');
        var g = got.Split('\n');
        for (int i = 0; i < Math.Max(w.Length, g.Length); i++)
        {
            string wl = i < w.Length ? w[i] : "<end>";
            string gl = i < g.Length ? g[i] : "<end>";
            if (wl != gl) return $"line {i + 1}: Go \"{wl}\", govm \"{gl}\"";
        }
        return "(line endings)";
    }

    /// <summary>As GoProgramTests.Normalize: everything up to and including the "goroutine N [running]:"
    /// line, with machine addresses (signal pc, boxed panic values) masked.</summary>
    static string Normalize(string s)
    {
        int g = s.IndexOf("goroutine ", StringComparison.Ordinal);
        if (g >= 0)
        {
            int nl = s.IndexOf('\n', g);
            s = nl >= 0 ? s[..(nl + 1)] : s;
        }
        return Regex.Replace(s, @"0x[0-9a-f]+", "0xADDR");
    }
}
