using System.Diagnostics;
using Vm.Cli;

namespace Vm.Tests.Cli;

/// <summary>
/// Pins the govm command's contract with users: exit statuses (0 ok, 1 bad input, 2 usage), one-line
/// error messages that name the file (and function/pc or byte offset), and no .NET stack traces.
/// </summary>
public class GovmCliTests
{
    static string Root => TestPaths.RepoRoot;
    static string Example(string name) => Path.Combine(Root, "examples", name);

    static (int code, string stdout, string stderr) Govm(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Vm.Cli.Govm.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    string _tmp = "";

    [SetUp]
    public void MakeTemp() => _tmp = Directory.CreateTempSubdirectory("govm-cli-").FullName;

    [TearDown]
    public void RemoveTemp() => Directory.Delete(_tmp, recursive: true);

    [Test]
    public void NoArgumentsPrintsUsageAndExits2()
    {
        var (code, _, err) = Govm();
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("govm <command> [arguments]"));
    }

    [Test]
    public void UnknownCommandExits2WithGoStyleMessage()
    {
        var (code, _, err) = Govm("frobnicate");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.StartWith("govm frobnicate: unknown command"));
    }

    [TestCase("asm")]
    [TestCase("dis")]
    [TestCase("verify")]
    public void HelpFlagDescribesTheCommandAndExits0(string cmd)
    {
        var (code, stdout, _) = Govm(cmd, "--help");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.StartWith($"usage: govm {cmd} "));
    }

    [Test]
    public void UndefinedFlagIsAUsageError()
    {
        var (code, _, err) = Govm("verify", "-bogus", "x.gobc");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.StartWith("flag provided but not defined: -bogus"));
    }

    [Test]
    public void MissingFileIsOneLineAndExits1()
    {
        var (code, _, err) = Govm("verify", Path.Combine(_tmp, "nope.gobc"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.TrimEnd(), Is.EqualTo($"open {Path.Combine(_tmp, "nope.gobc")}: no such file or directory"));
    }

    [Test]
    public void AsmWritesAModuleThatDisassemblesToTextThatAssemblesToTheSameBytes()
    {
        string gobc = Path.Combine(_tmp, "fib.gobc");
        Assert.That(Govm("asm", Example("fib.gobs"), "-o", gobc).code, Is.EqualTo(0));
        var (code, text, _) = Govm("dis", gobc);
        Assert.That(code, Is.EqualTo(0));
        string gobs2 = Path.Combine(_tmp, "again.gobs"), gobc2 = Path.Combine(_tmp, "again.gobc");
        File.WriteAllText(gobs2, text);
        Assert.That(Govm("asm", gobs2, "-o", gobc2).code, Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(gobc2), Is.EqualTo(File.ReadAllBytes(gobc)));
    }

    [Test]
    public void MalformedModuleNamesFileAndOffset()
    {
        string bad = Path.Combine(_tmp, "bad.gobc");
        File.WriteAllBytes(bad, [0x47, 0x4f, 0x42]);
        var (code, _, err) = Govm("verify", bad);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith($"{bad}: malformed module: offset 0x"));
        Assert.That(err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void VerifierRejectionNamesFileFunctionAndPc()
    {
        string src = Path.Combine(_tmp, "confused.gobs");
        File.WriteAllText(src, """
            .entry main
            .func main () -> ()
              .maxstack 2
              ldnil
              ldi 1
              add
              pop
              ret
            .end
            """);
        var (code, _, err) = Govm("verify", src);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Is.EqualTo($"{src}: verify: func main: pc 10: add: operand 1 is p, want i\n"));
        Assert.That(err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void AsmSyntaxErrorIsFileLineColumn()
    {
        string src = Path.Combine(_tmp, "typo.gobs");
        File.WriteAllText(src, ".entry main\n.func main () -> ()\n  .maxstack 1\n  ldx 1\n  ret\n.end\n");
        var (code, _, err) = Govm("asm", src);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith($"{src}:4:3: "));
    }

    [TestCase("run")]
    [TestCase("build")]
    public void GoSourceWithInvalidUtf8IsGosCompileErrorAtItsByteColumn(string cmd)
    {
        var src = Path.Combine(_tmp, "bad.go");
        File.WriteAllBytes(src, [.. "package main\n\nfunc main() {\n\ts := \"a"u8, 0xff, .. "b\"\n\tprintln(s)\n}\n"u8]);
        var (code, stdout, err) = Govm(cmd, src);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(err, Is.EqualTo($"{src}:4:9: invalid UTF-8 encoding\n"));   // Go: the same position and words
    }

    [Test]
    public void VerifyMapsPrintsSafepointsOfTheDeferExample()
    {
        var (code, stdout, _) = Govm("verify", "-maps", Example("defer.gobs"));
        Assert.That(code, Is.EqualTo(0));
        // Stack-record sites show as the frame's records (defers is no safepoint); the heap site is a safepoint.
        Assert.That(stdout, Does.Contain("deferrec 0 (pii) -> ()"));
        Assert.That(stdout, Does.Match(@"pc \d+\s+deferh\s+stack p\.\.p"));
        Assert.That(stdout, Does.Match(@"pc \d+\s+br back-edge"));
    }

    [Test]
    public void GovmProcessOnGarbageInputPrintsNoDotNetStackTrace()
    {
        string bad = Path.Combine(_tmp, "garbage.gobc");
        File.WriteAllBytes(bad, Enumerable.Range(0, 200).Select(i => (byte)(i * 37)).ToArray());
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(TestContext.CurrentContext.TestDirectory, "govm.dll"), "dis", bad])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(1));
        Assert.That(err, Does.Not.Contain("   at "));
        Assert.That(err, Does.Contain("malformed module"));
    }
}
