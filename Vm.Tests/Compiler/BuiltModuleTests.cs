using Vm.Compiler;
using Vm.Core.Modules;
using Vm.Core.Verification;

namespace Vm.Tests.Compiler;

/// <summary>What `govm build` writes must be what `govm run prog.gobc` reads: every corpus program's
/// module survives the .gobc writer and reader (unique function names, canonical encoding).</summary>
public class BuiltModuleTests
{
    static IEnumerable<TestCaseData> Programs() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "GoPrograms"), "*.go").OrderBy(p => p)
            .Select(p => new TestCaseData(p).SetName("Built_" + Path.GetFileNameWithoutExtension(p)));

    [TestCaseSource(nameof(Programs))]
    public void ModuleWrittenByBuildReadsBackAndVerifies(string path)
    {
        var m = GoCompiler.Compile([new SourceFile(Path.GetFileName(path), File.ReadAllText(path))], new CompileOptions());
        var bytes = GobcWriter.Write(m);
        var back = GobcReader.Read(bytes);
        Assert.That(back.Funcs.Select(f => f.Name).Distinct().Count(), Is.EqualTo(back.Funcs.Count), "function names unique");
        Assert.DoesNotThrow(() => Verifier.Verify(back));
        Assert.That(GobcWriter.Write(back), Is.EqualTo(bytes), "canonical");
    }
}
