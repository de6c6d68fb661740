using Vm.Compiler;
using Vm.Core.Verification;

namespace Vm.Tests.Pipeline;

/// <summary>The shipped Go examples (examples/*.go) run like Go: NAME.out holds what Go 1.19 printed to stderr.</summary>
public class GoExampleTests
{
    public static IEnumerable<string> Examples() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.go").Order().Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Examples))]
    public void GoExampleRunsLikeGo(string name)
    {
        string path = Path.Combine(TestPaths.RepoRoot, "examples", name);
        var m = GoCompiler.Compile([new SourceFile(name, File.ReadAllText(path))], new CompileOptions());
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Vm.Interpreter.Interpreter.Run(Verifier.Verify(m), new Vm.Interpreter.RunOptions(), stdout, stderr);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout.ToString(), Is.Empty);
        Assert.That(stderr.ToString(), Is.EqualTo(File.ReadAllText(Path.ChangeExtension(path, ".out"))));
    }
}
