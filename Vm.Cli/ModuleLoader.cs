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
        if (path.EndsWith(".go", StringComparison.Ordinal))
            throw new InputFileException($"{path}: compiling Go source is not supported yet (the Go-subset compiler has not landed); use a .gobs or .gobc module");
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
