namespace Vm.Tests;

/// <summary>Locates repository files from the test output directory.</summary>
public static class TestPaths
{
    /// <summary>The folder holding vm.sln.</summary>
    public static string RepoRoot { get; } = FindRoot();

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "vm.sln"))) return d.FullName;
        throw new InvalidOperationException("vm.sln not found above the test directory");
    }
}
