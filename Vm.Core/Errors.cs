namespace Vm.Core;

/// <summary>
/// Base of every "bad input" error: a malformed module, a verifier rejection, an assembly or
/// compile error. The CLI prints <see cref="Exception.Message"/> (one line, no stack trace) and
/// exits 1. Anything else that escapes is a VM bug.
/// </summary>
public abstract class BadInputException(string message) : Exception(message);

/// <summary>A malformed <c>.gobc</c> file. <see cref="Offset"/> is the byte offset of the fault.</summary>
public sealed class GobcFormatException(long offset, string reason)
    : BadInputException($"malformed module: offset 0x{offset:x}: {reason}")
{
    public long Offset { get; } = offset;
    public string Reason { get; } = reason;
}

/// <summary>A module the verifier rejects: which function, which pc, why.</summary>
public sealed class VerifyException(string function, int pc, string reason)
    : BadInputException(pc >= 0 ? $"verify: func {function}: pc {pc}: {reason}" : $"verify: func {function}: {reason}")
{
    public string Function { get; } = function;
    /// <summary>Byte offset of the instruction in the function's code, or -1 for a function-level fault.</summary>
    public int Pc { get; } = pc;
    public string Reason { get; } = reason;
}

/// <summary>A module-level verifier rejection that belongs to no function (entry point, tables).</summary>
public sealed class ModuleVerifyException(string reason) : BadInputException($"verify: module: {reason}")
{
    public string Reason { get; } = reason;
}

/// <summary>A <c>.gobs</c> assembly error in Go's position form: <c>file:line:col: message</c>.</summary>
public sealed class AsmException(string file, int line, int col, string reason)
    : BadInputException($"{file}:{line}:{col}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Col { get; } = col;
    public string Reason { get; } = reason;
}
