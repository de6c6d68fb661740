using System.Text.RegularExpressions;

namespace Vm.Tests.GoTests;

/// <summary>
/// <c>govm test</c> against real <c>go test</c> (Go 1.19): each NAME.args in Vm.Tests/GoTests holds go test's
/// arguments (run in that directory) and NAME.stdout / NAME.stderr / NAME.exit what go test printed
/// and returned (golden.sh regenerates them). Timings, ns/op figures, the cpu line, machine addresses,
/// goroutine numbers, the traceback below the "goroutine N [running]:" line and the absolute directory
/// are masked; everything else must match byte for byte.
/// </summary>
public class GoTestGoldenTests
{
    static string Dir => Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "GoTests");

    static IEnumerable<TestCaseData> Cases() =>
        Directory.GetFiles(Path.Combine(FindRoot(), "Vm.Tests", "GoTests"), "*.args").OrderBy(p => p)
            .Select(p => new TestCaseData(Path.GetFileNameWithoutExtension(p)).SetName("GoTest_" + Path.GetFileNameWithoutExtension(p)));

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "vm.sln"))) return d.FullName;
        throw new InvalidOperationException("vm.sln not found");
    }

    internal static (int Code, string Stdout, string Stderr) GovmTest(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Vm.Cli.Govm.Run(["test", .. args], o, e, Dir);
        return (code, o.ToString(), e.ToString());
    }

    [TestCaseSource(nameof(Cases))]
    public void PrintsAndExitsAsGoTest(string name)
    {
        var args = File.ReadAllText(Path.Combine(Dir, name + ".args")).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var (code, stdout, stderr) = GovmTest(args);
        Assert.That(Normalize(stdout), Is.EqualTo(Normalize(Golden(name + ".stdout"))), "stdout");
        Assert.That(Normalize(stderr), Is.EqualTo(Normalize(Golden(name + ".stderr"))), "stderr");
        Assert.That(code, Is.EqualTo(int.Parse(Golden(name + ".exit").Trim())), "exit status");
    }

    static string Golden(string file) => File.ReadAllText(Path.Combine(Dir, file));

    internal static string Normalize(string s)
    {
        var lines = s.Split('\n');
        var keep = new List<string>();
        bool inTrace = false;
        foreach (var l in lines)
        {
            if (inTrace)
            {
                if (!l.StartsWith("FAIL\t", StringComparison.Ordinal) && !l.StartsWith("ok  \t", StringComparison.Ordinal)
                    && !l.StartsWith("exit status", StringComparison.Ordinal)) continue;
                inTrace = false;
            }
            if (Regex.IsMatch(l, @"^goroutine \d+ \[running\]:$")) { keep.Add("goroutine N [running]:"); inTrace = true; continue; }
            keep.Add(l);
        }
        s = string.Join('\n', keep);
        s = Regex.Replace(s, @"\(\d+\.\d\ds\)", "(T)");
        s = Regex.Replace(s, @"\t\d+\.\d{3}s", "\tT");
        s = Regex.Replace(s, @"(?m)^cpu: .*$", "cpu: CPU");
        s = Regex.Replace(s, @"\t *[0-9.]+ ns/op", "\tX ns/op");
        s = Regex.Replace(s, @"0x[0-9a-f]+", "0xADDR");
        s = Regex.Replace(s, @"\S*/Vm\.Tests/GoTests/", "$DIR/");
        return s;
    }
}
