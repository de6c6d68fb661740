using Vm.Compiler;

namespace Vm.Tests.Compiler;

/// <summary>
/// Go's constant rules, the failing half: each program in Vm.Tests/GoPrograms/ConstErrors must fail to
/// compile with exactly the first error Go 1.19's <c>go build</c> reports for it (NAME.goerr, written by
/// golden.sh there): representability (<c>overflows</c>, <c>truncated</c>), typed constant overflow,
/// division by zero, the 512-bit limit of untyped integers, shift counts, and the type a non-constant
/// shift's untyped operand takes from its context. The position is Go's too.
/// </summary>
public class ConstantErrorTests
{
    static string Dir => Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "GoPrograms", "ConstErrors");

    static IEnumerable<TestCaseData> Programs()
    {
        string dir = Path.Combine(FindRoot(), "Vm.Tests", "GoPrograms", "ConstErrors");
        return Directory.GetFiles(dir, "*.go").OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new TestCaseData(Path.GetFileNameWithoutExtension(p)).SetName("ConstError_" + Path.GetFileNameWithoutExtension(p)));
    }

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "vm.sln"))) return d.FullName;
        throw new InvalidOperationException("vm.sln not found");
    }

    [TestCaseSource(nameof(Programs))]
    public void ConstantProgramFailsWithGosMessage(string name)
    {
        string src = File.ReadAllText(Path.Combine(Dir, name + ".go"));
        string want = File.ReadAllText(Path.Combine(Dir, name + ".goerr")).TrimEnd('\n');
        Assert.That(want, Is.Not.Empty, $"{name}.goerr: Go compiled the program");
        var e = Assert.Throws<CompileException>(() => GoCompiler.Compile([new SourceFile(name + ".go", src)], new CompileOptions()));
        Assert.That(e!.Message.Split('\n')[0], Is.EqualTo(want));
    }

    [Test]
    public void ArrayTypeBeyondOneObjectIsACompileErrorNotACrash()
    {
        // Go compiles [1e10]int and runs out of memory at run time; govm's objects are at most
        // TypeLayout.MaxSize bytes, so the checker names the limit instead of failing in code generation
        var msg = GoSource.Error(GoSource.Program("\tvar a [1e10]int\n\t_ = a"));
        Assert.That(msg, Is.EqualTo("prog.go:6:8: unsupported: type [10000000000]int is larger than 1073741824 bytes (govm's limit for one object)"));
    }

    [Test]
    public void EveryConstErrorProgramHasGoError()
    {
        var names = Programs().Select(c => (string)c.Arguments[0]!).ToList();
        Assert.That(names.Count, Is.GreaterThanOrEqualTo(50));
        foreach (var n in names)
            Assert.That(File.Exists(Path.Combine(Dir, n + ".goerr")), Is.True, $"{n}.goerr missing");
    }
}
