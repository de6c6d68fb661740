using Vm.Core;
using Vm.Core.Modules;
using Vm.Core.Text;

namespace Vm.Cli;

/// <summary>Thrown when an input file cannot be opened; printed as Go prints it (<c>open x: no such file or directory</c>).</summary>
public sealed class InputFileException(string message) : BadInputException(message);

/// <summary>Loads a module from a path: <c>.gobs</c> text is assembled, anything else is read as binary <c>.gobc</c>.</summary>
public static class ModuleLoader
{
    public static Module Load(string path)
    {
        if (path.EndsWith(".go", StringComparison.Ordinal)) return Compile([path], null);
        if (path.EndsWith(".gobs", StringComparison.Ordinal))
            return Assembler.Assemble(System.Text.Encoding.UTF8.GetString(ReadBytes(path)), path);
        try
        {
            return GobcReader.Read(ReadBytes(path));
        }
        catch (GobcFormatException e)
        {
            throw new InputFileException($"{path}: {e.Message}");
        }
    }

    /// <summary>
    /// Loads a program given as one module file or as one or more Go source files (compiled together,
    /// like <c>go run a.go b.go</c>). <paramref name="deferDiagnostics"/> receives <c>-d=defer</c> lines.
    /// </summary>
    public static Module LoadProgram(IReadOnlyList<string> paths, Action<string>? deferDiagnostics)
    {
        if (paths.Count == 0) throw new UsageException("no program given");
        bool allGo = paths.All(p => p.EndsWith(".go", StringComparison.Ordinal));
        if (allGo) return Compile(paths, deferDiagnostics);
        if (paths.Count > 1) throw new UsageException("several files are only allowed for Go source (.go)");
        if (deferDiagnostics != null) throw new UsageException("-d=defer applies to Go source only");
        return Load(paths[0]);
    }

    static Module Compile(IReadOnlyList<string> paths, Action<string>? deferDiagnostics)
    {
        var files = paths.Select(p => Vm.Compiler.SourceFile.FromBytes(p, ReadBytes(p))).ToList();
        return Vm.Compiler.GoCompiler.Compile(files, new Vm.Compiler.CompileOptions { DeferDiagnostics = deferDiagnostics });
    }

    /// <summary>Loads and verifies; a verifier rejection names the file too.</summary>
    public static (Module Module, Vm.Core.Verification.VerifiedModule Verified) LoadVerified(string path)
    {
        var m = Load(path);
        return (m, VerifyFile(path, m));
    }

    public static Vm.Core.Verification.VerifiedModule VerifyFile(string path, Module m)
    {
        try
        {
            return Vm.Core.Verification.Verifier.Verify(m);
        }
        catch (Exception e) when (e is VerifyException or ModuleVerifyException)
        {
            throw new InputFileException($"{path}: {e.Message}");
        }
    }

    public static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputFileException($"open {path}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputFileException($"open {path}: permission denied");
        }
        catch (IOException e)
        {
            throw new InputFileException($"read {path}: {e.Message}");
        }
    }
}
