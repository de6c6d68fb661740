using System.Text.RegularExpressions;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;

namespace Vm.Tests.Gc;

/// <summary>
/// The Go corpus (Vm.Tests/GoPrograms, Vm.Tests/Programs) under the stress switches: a collection
/// before every allocation, a stack move at every prologue check, poisoning and heap verification
/// all at once, must still give Go's output. Also pins that the switches fired (a stress run
/// cannot pass vacuously).
/// </summary>
public class CorpusStressTests
{
    static readonly string[] Dirs = ["GoPrograms", "Programs"];

    /// <summary>Programs too slow under the switches for the default suite: stack_overflow grows a stack
    /// to 512 MB in ~10^7 calls, and stackmove=1 would copy it at every one of them; map_gc makes
    /// ~10^5 allocations over a large live map, and gcstress=1 marks all of it at each (~10 minutes).
    /// The GC tests and the seed's stress test cover the switches themselves.</summary>
    static readonly HashSet<string> Skip = ["stack_overflow", "map_gc"];

    static IEnumerable<TestCaseData> Programs() =>
        Dirs.SelectMany(d => Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", d), "*.go").OrderBy(p => p)
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Where(n => !Skip.Contains(n))
            .Select(n => new TestCaseData(d, n).SetName($"UnderAllStressSwitches_{d}_{n}")));

    static string Golden(string dir, string file) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", dir, file));

    [TestCaseSource(nameof(Programs))]
    public void RunsLikeGoUnderGcStressAndStackMove(string dir, string name)
    {
        var m = GoCompiler.Compile([new SourceFile(name + ".go", Golden(dir, name + ".go"))], new CompileOptions());
        var vm = Verifier.Verify(m);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var counters = new RuntimeCounters();
        int code = Vm.Interpreter.Interpreter.Run(vm, new RunOptions
        {
            Godebug = "gcstress=1,stackmove=1,poison=1,gcverify=1", Gogc = "100", Counters = counters,
        }, stdout, stderr);
        Assert.That(Normalize(stderr.ToString()), Is.EqualTo(Normalize(Golden(dir, name + ".stderr"))), "stderr");
        Assert.That(code, Is.EqualTo(int.Parse(Golden(dir, name + ".exit").Trim())), "exit status");
        Assert.That(stdout.ToString(), Is.EqualTo(Golden(dir, name + ".stdout")), "stdout");
        Assert.That(counters.StackCopies, Is.GreaterThan(0), "stackmove=1 moved no stack");
        // Runtime-error values are allocated where no stack map exists; the collection they ask for
        // runs at the next safepoint, which a short failing program may never reach.
        if (counters.HeapObjects > 10) Assert.That(counters.NumGC, Is.GreaterThan(0), "gcstress=1 ran no collection");
    }

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
