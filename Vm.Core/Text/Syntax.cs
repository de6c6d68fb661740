using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Core.Text;

/// <summary>
/// Spellings shared by the assembler and the disassembler, so that the two cannot drift apart:
/// type-kind keywords, the names of 8-bit immediates, and which names print bare.
/// The grammar is documented in docs/gobs-syntax.md; keep the two in step.
/// </summary>
static class Syntax
{
    /// <summary>Keywords of the scalar and fixed type kinds in <c>.type NAME KIND</c>.</summary>
    public static readonly IReadOnlyDictionary<TypeKind, string> ScalarKeywords = new Dictionary<TypeKind, string>
    {
        [TypeKind.Bool] = "bool", [TypeKind.Int] = "int", [TypeKind.Int8] = "int8", [TypeKind.Int16] = "int16",
        [TypeKind.Int32] = "int32", [TypeKind.Int64] = "int64", [TypeKind.Uint] = "uint", [TypeKind.Uint8] = "uint8",
        [TypeKind.Uint16] = "uint16", [TypeKind.Uint32] = "uint32", [TypeKind.Uint64] = "uint64",
        [TypeKind.Uintptr] = "uintptr", [TypeKind.Float64] = "float64", [TypeKind.String] = "string",
        [TypeKind.UnsafePointer] = "unsafe.Pointer", [TypeKind.Iface] = "iface",
    };

    public static readonly IReadOnlyDictionary<string, TypeKind> ScalarByKeyword =
        ScalarKeywords.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>
    /// Names of the 8-bit immediate of the few opcodes that give it a meaning (value = index in the array).
    /// The opcode table types these operands only as <see cref="OperandKind.Imm8"/>, so this is the one
    /// per-opcode table of the text format: print kinds (<see cref="PrintKind"/>), slice forms
    /// (<see cref="SliceForm"/>) and select flags (bit 0: has default). Values without a name print as numbers.
    /// </summary>
    static readonly Dictionary<Op, string[]> Imm8Names = new()
    {
        [Op.Print] = ["int", "uint", "float", "bool", "string", "pointer", "nl", "sp", "eface", "slice"],
        [Op.ASlice] = ["simple", "full"],
        [Op.SSlice] = ["simple", "full"],
        [Op.Select] = ["nodefault", "default"],
    };

    public static bool TryImm8Value(Op op, string name, out int value)
    {
        value = Imm8Names.TryGetValue(op, out var names) ? Array.IndexOf(names, name) : -1;
        return value >= 0;
    }

    public static string? Imm8Name(Op op, long value) =>
        Imm8Names.TryGetValue(op, out var names) && value >= 0 && value < names.Length ? names[value] : null;

    public static string Imm8Vocabulary(Op op) =>
        Imm8Names.TryGetValue(op, out var names) ? string.Join(", ", names) : "";

    /// <summary>True if <paramref name="s"/> lexes as one identifier that is not a generated name (<c>$...</c>).</summary>
    public static bool IsPlainIdent(string s)
    {
        if (s.Length == 0 || !Lexer.IsIdentStart(s[0]) || s[0] == '$') return false;
        foreach (char c in s) if (!Lexer.IsIdentChar(c)) return false;
        return true;
    }

    /// <summary>A declared name as written: bare if it is a plain identifier, else quoted.</summary>
    public static string Name(string s) => IsPlainIdent(s) ? s : Lexer.QuoteString(s);
}
