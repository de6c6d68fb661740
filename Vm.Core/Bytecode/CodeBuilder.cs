namespace Vm.Core.Bytecode;

/// <summary>
/// Emits a function's code with forward and backward labels, and records its line table. Used by
/// the <c>.gobs</c> assembler and the compiler, so both encode instructions the same way.
/// </summary>
public sealed class CodeBuilder
{
    readonly List<byte> _code = [];
    readonly List<int> _labelPcs = [];              // -1 until bound
    readonly List<(int at, int label)> _fixups = [];
    readonly List<Modules.LineEntry> _lines = [];

    public int Pc => _code.Count;

    public int NewLabel() { _labelPcs.Add(-1); return _labelPcs.Count - 1; }

    public void Bind(int label)
    {
        if (_labelPcs[label] >= 0) throw new InvalidOperationException($"label {label} bound twice");
        _labelPcs[label] = Pc;
    }

    public bool IsBound(int label) => _labelPcs[label] >= 0;

    /// <summary>Marks that instructions from here on come from source line <paramref name="line"/>.</summary>
    public void Line(int line)
    {
        if (_lines.Count > 0 && _lines[^1].Line == line) return;
        if (_lines.Count > 0 && _lines[^1].Pc == Pc) _lines[^1] = new(Pc, line);
        else _lines.Add(new(Pc, line));
        // Merge back if the replacement made two neighbours equal.
        if (_lines.Count > 1 && _lines[^2].Line == _lines[^1].Line) _lines.RemoveAt(_lines.Count - 1);
    }

    /// <summary>Emits an instruction. For a Label operand pass the label id (from <see cref="NewLabel"/>).</summary>
    public void Emit(Op op, long a = 0, long b = 0)
    {
        var info = Ops.Get(op);
        Span<byte> buf = stackalloc byte[8];
        _code.Add((byte)op);
        for (int i = 0; i < info.Operands.Length; i++)
        {
            var k = info.Operands[i];
            long v = i == 0 ? a : b;
            if (k == OperandKind.Label) { _fixups.Add((Pc, (int)v)); v = 0; }
            else if (!InstrCodec.Fits(k, v)) throw new ArgumentOutOfRangeException(nameof(a), $"{info.Name}: operand {v} does not fit {k}");
            int n = OpInfo.OperandSize(k);
            InstrCodec.WriteOperand(buf, k, v);
            for (int j = 0; j < n; j++) _code.Add(buf[j]);
        }
    }

    public void EmitF(Op op, double f) => Emit(op, BitConverter.DoubleToInt64Bits(f));

    /// <summary>Resolves labels and returns the code. Throws if a used label was never bound.</summary>
    public byte[] Finish(out List<Modules.LineEntry> lines)
    {
        var code = _code.ToArray();
        foreach (var (at, label) in _fixups)
        {
            int target = _labelPcs[label];
            if (target < 0) throw new InvalidOperationException($"label {label} used but never bound");
            InstrCodec.WriteOperand(code.AsSpan(at), OperandKind.Label, target);
        }
        lines = _lines.Where(e => e.Pc < code.Length).ToList();
        return code;
    }
}
