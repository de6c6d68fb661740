using System.Buffers.Binary;

namespace Vm.Core.Bytecode;

/// <summary>
/// A decoded instruction: opcode row, position and up to two operands (no instruction has more).
/// F64 operands are carried as their IEEE-754 bits; use <see cref="F"/> to read one.
/// </summary>
public readonly struct Instr
{
    public readonly OpInfo Info;
    public readonly int Pc;
    public readonly long A;
    public readonly long B;

    public Instr(OpInfo info, int pc, long a, long b) { Info = info; Pc = pc; A = a; B = b; }

    public Op Op => Info.Op;
    public int Size => Info.Size;
    public int Next => Pc + Info.Size;
    public long Operand(int i) => i == 0 ? A : B;
    public double F => BitConverter.Int64BitsToDouble(A);

    public override string ToString() => $"{Pc}: {Info.Name} {A} {B}";
}

/// <summary>Fixed-width operand encoding and decoding, driven by the opcode table.</summary>
public static class InstrCodec
{
    public enum DecodeError { None, BadOpcode, Truncated }

    /// <summary>Decodes the instruction at <paramref name="pc"/>. Never throws on bad bytes.</summary>
    public static DecodeError TryDecode(ReadOnlySpan<byte> code, int pc, out Instr instr)
    {
        instr = default;
        if ((uint)pc >= (uint)code.Length) return DecodeError.Truncated;
        var info = Ops.Get(code[pc]);
        if (info is null) return DecodeError.BadOpcode;
        if (pc + info.Size > code.Length) return DecodeError.Truncated;
        long a = 0, b = 0;
        int off = pc + 1;
        for (int i = 0; i < info.Operands.Length; i++)
        {
            var k = info.Operands[i];
            long v = ReadOperand(code.Slice(off), k);
            off += OpInfo.OperandSize(k);
            if (i == 0) a = v; else b = v;
        }
        instr = new Instr(info, pc, a, b);
        return DecodeError.None;
    }

    /// <summary>Decodes an instruction the verifier already accepted (trusted code).</summary>
    public static Instr Decode(ReadOnlySpan<byte> code, int pc)
    {
        if (TryDecode(code, pc, out var i) != DecodeError.None)
            throw new InvalidOperationException($"bad instruction at pc {pc} in verified code");
        return i;
    }

    /// <summary>Instruction starts of verified code that control can reach other than by falling through: every
    /// branch's target and the function's deferreturn point (where a recovery resumes).</summary>
    public static HashSet<int> BranchTargets(ReadOnlySpan<byte> code, int deferReturnPc)
    {
        var t = new HashSet<int> { deferReturnPc };
        for (int pc = 0; pc < code.Length;)
        {
            var ins = Decode(code, pc);
            for (int o = 0; o < ins.Info.Operands.Length; o++)
                if (ins.Info.Operands[o] == OperandKind.Label) t.Add((int)ins.Operand(o));
            pc = ins.Next;
        }
        return t;
    }

    public static long ReadOperand(ReadOnlySpan<byte> s, OperandKind k) => k switch
    {
        OperandKind.Imm8 => s[0],
        OperandKind.Local or OperandKind.FrameObj or OperandKind.DeferRec or OperandKind.Count or OperandKind.Runtime
            => BinaryPrimitives.ReadUInt16LittleEndian(s),
        OperandKind.Global or OperandKind.Func or OperandKind.Type or OperandKind.Sig or OperandKind.Str or OperandKind.Label
            => BinaryPrimitives.ReadUInt32LittleEndian(s),
        OperandKind.Offset => BinaryPrimitives.ReadInt32LittleEndian(s),
        OperandKind.I64 or OperandKind.F64 => BinaryPrimitives.ReadInt64LittleEndian(s),
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    /// <summary>True if <paramref name="v"/> fits the operand's encoding.</summary>
    public static bool Fits(OperandKind k, long v) => k switch
    {
        OperandKind.Imm8 => v is >= 0 and <= byte.MaxValue,
        OperandKind.Local or OperandKind.FrameObj or OperandKind.DeferRec or OperandKind.Count or OperandKind.Runtime
            => v is >= 0 and <= ushort.MaxValue,
        OperandKind.Global or OperandKind.Func or OperandKind.Type or OperandKind.Sig or OperandKind.Str or OperandKind.Label
            => v is >= 0 and <= uint.MaxValue,
        OperandKind.Offset => v is >= int.MinValue and <= int.MaxValue,
        _ => true,
    };

    public static void WriteOperand(Span<byte> s, OperandKind k, long v)
    {
        switch (k)
        {
            case OperandKind.Imm8: s[0] = (byte)v; break;
            case OperandKind.Local or OperandKind.FrameObj or OperandKind.DeferRec or OperandKind.Count or OperandKind.Runtime:
                BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)v); break;
            case OperandKind.Global or OperandKind.Func or OperandKind.Type or OperandKind.Sig or OperandKind.Str or OperandKind.Label:
                BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)v); break;
            case OperandKind.Offset: BinaryPrimitives.WriteInt32LittleEndian(s, (int)v); break;
            case OperandKind.I64 or OperandKind.F64: BinaryPrimitives.WriteInt64LittleEndian(s, v); break;
            default: throw new ArgumentOutOfRangeException(nameof(k));
        }
    }
}
