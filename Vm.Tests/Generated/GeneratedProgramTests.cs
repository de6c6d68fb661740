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
    // The known bugs (docs/testing.md: "Known disagreements"), each reproduced by a program in minimal/.
    const string UntypedShift = "compiler: the untyped constant left operand of a non-constant shift gets type int instead of the type the context gives it (gen_106 and others; minimal/shift_untyped_const is fixed)";
    const string BigConstToFloat = "compiler: converting an untyped integer constant beyond int64 to float64 reports 'overflows int' (minimal/const_big_to_float)";
    const string ConstFloatTruncates = "compiler: an integer constant converted to float64 is truncated, not rounded to nearest (minimal/const_float_rounding)";
    const string InexactFloatConst = "compiler: untyped float constants are folded in float64 (inexact, overflow to Inf, -0) instead of exactly (minimal/const_float_exact)";

    /// <summary>Program name (minimal/NAME for the reproductions) -> why govm disagrees with Go today.
    /// A program names the first difference it meets; it may hold others behind it.</summary>
    static readonly Dictionary<string, string> KnownFailures = new()
    {
        ["gen_007"] = BigConstToFloat,
        ["gen_042"] = BigConstToFloat,
        ["gen_053"] = BigConstToFloat,
        ["gen_076"] = BigConstToFloat,
        ["gen_166"] = BigConstToFloat,
        ["minimal/const_big_to_float"] = BigConstToFloat,
        ["panic_026"] = BigConstToFloat,
        ["panic_034"] = BigConstToFloat,
        ["gen_006"] = ConstFloatTruncates,
        ["gen_018"] = ConstFloatTruncates,
        ["gen_020"] = ConstFloatTruncates,
        ["gen_022"] = ConstFloatTruncates,
        ["gen_023"] = ConstFloatTruncates,
        ["gen_029"] = ConstFloatTruncates,
        ["gen_051"] = ConstFloatTruncates,
        ["gen_052"] = ConstFloatTruncates,
        ["gen_057"] = ConstFloatTruncates,
        ["gen_060"] = ConstFloatTruncates,
        ["gen_078"] = ConstFloatTruncates,
        ["gen_081"] = ConstFloatTruncates,
        ["gen_090"] = ConstFloatTruncates,
        ["gen_092"] = ConstFloatTruncates,
        ["gen_098"] = ConstFloatTruncates,
        ["gen_099"] = ConstFloatTruncates,
        ["gen_102"] = ConstFloatTruncates,
        ["gen_107"] = ConstFloatTruncates,
        ["gen_111"] = ConstFloatTruncates,
        ["gen_114"] = ConstFloatTruncates,
        ["gen_121"] = ConstFloatTruncates,
        ["gen_136"] = ConstFloatTruncates,
        ["gen_142"] = ConstFloatTruncates,
        ["gen_143"] = ConstFloatTruncates,
        ["gen_147"] = ConstFloatTruncates,
        ["gen_157"] = ConstFloatTruncates,
        ["gen_159"] = ConstFloatTruncates,
        ["gen_171"] = ConstFloatTruncates,
        ["gen_177"] = ConstFloatTruncates,
        ["gen_186"] = ConstFloatTruncates,
        ["gen_190"] = ConstFloatTruncates,
        ["gen_197"] = ConstFloatTruncates,
        ["gen_199"] = ConstFloatTruncates,
        ["minimal/const_float_rounding"] = ConstFloatTruncates,
        ["panic_018"] = ConstFloatTruncates,
        ["panic_039"] = ConstFloatTruncates,
        ["panic_040"] = ConstFloatTruncates,
        ["panic_044"] = ConstFloatTruncates,
        ["gen_017"] = InexactFloatConst,
        ["gen_055"] = InexactFloatConst,
        ["gen_069"] = InexactFloatConst,
        ["gen_071"] = InexactFloatConst,
        ["gen_079"] = InexactFloatConst,
        ["gen_082"] = InexactFloatConst,
        ["gen_085"] = InexactFloatConst,
        ["gen_104"] = InexactFloatConst,
        ["gen_109"] = InexactFloatConst,
        ["gen_116"] = InexactFloatConst,
        ["gen_127"] = InexactFloatConst,
        ["gen_132"] = InexactFloatConst,
        ["gen_138"] = InexactFloatConst,
        ["gen_141"] = InexactFloatConst,
        ["gen_150"] = InexactFloatConst,
        ["gen_160"] = InexactFloatConst,
        ["gen_168"] = InexactFloatConst,
        ["gen_193"] = InexactFloatConst,
        ["minimal/const_float_exact"] = InexactFloatConst,
        ["panic_005"] = InexactFloatConst,
        ["panic_027"] = InexactFloatConst,
        ["panic_029"] = InexactFloatConst,
        ["gen_106"] = UntypedShift,
        ["gen_108"] = UntypedShift,
        ["gen_145"] = UntypedShift,
        ["gen_189"] = UntypedShift,
        ["gen_200"] = UntypedShift,
    };

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
