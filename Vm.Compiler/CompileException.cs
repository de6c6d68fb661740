using Vm.Core;

namespace Vm.Compiler;

/// <summary>A Go source file to compile: the path is used in messages and tracebacks as given.</summary>
public sealed record SourceFile(string Path, string Text)
{
    /// <summary>A Go source file from its bytes. Go source is UTF-8: the first invalid sequence is Go's compile error
    /// <c>file:L:C: invalid UTF-8 encoding</c> (C counts bytes, as Go's), not a U+FFFD that would change a string
    /// literal's bytes.</summary>
    public static SourceFile FromBytes(string path, byte[] bytes)
    {
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            int line = 1, lineStart = 0;
            for (int i = 0; i < read; i++) if (bytes[i] == '\n') { line++; lineStart = i + 1; }
            throw new CompileException(path, line, read - lineStart + 1, "invalid UTF-8 encoding");
        }
        return new SourceFile(path, new string(chars, 0, written));
    }
}

/// <summary>Options of <see cref="GoCompiler.Compile"/>.</summary>
public sealed class CompileOptions
{
    /// <summary>Receives one line per defer site, as Go's <c>-gcflags=-d=defer</c> prints them:
    /// <c>file.go:L:C: stack-allocated defer</c> or <c>file.go:L:C: heap-allocated defer</c>, in source order.</summary>
    public Action<string>? DeferDiagnostics { get; init; }

    /// <summary>Compile Go test files (govm test): any package name, <c>import "testing"</c>, no main
    /// function needed; <see cref="GoCompiler.CompileTests"/> sets it.</summary>
    public bool Test { get; init; }
}

/// <summary>A compile error in Go's form, <c>file.go:L:C: message</c>. The compiler reports the first error.</summary>
public sealed class CompileException(string file, int line, int col, string reason)
    : BadInputException($"{file}:{line}:{col}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Col { get; } = col;
    public string Reason { get; } = reason;
}

/// <summary>A test file that compiles but cannot be run as go test would run it (a TestXxx or BenchmarkXxx
/// with the wrong signature): Go's "[setup failed]", <c>file.go:L:C: message</c>.</summary>
public sealed class TestSetupException(string file, int line, int col, string reason)
    : BadInputException($"{file}:{line}:{col}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Col { get; } = col;
    public string Reason { get; } = reason;
}
