using System.Text;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Core.Text;

/// <summary>
/// The <c>.gobs</c> disassembler: <see cref="Module"/> -> text that <see cref="Assembler"/> turns back
/// into a structurally identical module (every table in the same order, names, locals, line tables,
/// DeferReturnPc, entry and init). It prints any module, also ones the verifier rejects: operands that
/// cannot be named (out-of-range indices, branches into the middle of an instruction) print as raw
/// numbers (<c>#N</c>, <c>@N</c>), undecodable bytes as <c>.bytes</c>, irregular line tables as
/// <c>.linetable</c>. Operands print per <see cref="OperandKind"/>, from the opcode table.
/// </summary>
public static class Disassembler
{
    public static string Disassemble(Module m) => new DisRun(m).Run();
}

sealed class DisRun(Module m)
{
    readonly StringBuilder _sb = new();
    readonly Dictionary<Signature, int> _firstSig = [];
    readonly Dictionary<string, int> _firstStr = [];
    Dictionary<string, int> _typeNames = [], _funcNames = [], _globalNames = [];

    static string StrKey(byte[] b) => Convert.ToHexString(b);

    static Dictionary<string, int> CountNames(IEnumerable<string> names)
    {
        var d = new Dictionary<string, int>();
        foreach (var n in names) d[n] = d.GetValueOrDefault(n) + 1;
        return d;
    }

    public string Run()
    {
        for (int i = 0; i < m.Sigs.Count; i++) _firstSig.TryAdd(m.Sigs[i], i);
        for (int i = 0; i < m.Strings.Count; i++) _firstStr.TryAdd(StrKey(m.Strings[i]), i);
        _typeNames = CountNames(m.Types.Select(t => t.Name));
        _funcNames = CountNames(m.Funcs.Select(f => f.Name));
        _globalNames = CountNames(m.Globals.Select(g => g.Name));

        // Signatures and strings first, so every later use finds its own entry and the tables keep their order.
        foreach (var s in m.Sigs) _sb.Append(".sig ").Append(s).Append('\n');
        foreach (var s in m.Strings) _sb.Append(".string ").Append(Lexer.QuoteBytes(s)).Append('\n');
        if (m.Sigs.Count + m.Strings.Count > 0) _sb.Append('\n');

        for (int i = 0; i < m.Types.Count; i++)
            _sb.Append(".type ").Append(Decl(m.Types[i].Name, "$t", i)).Append(' ').Append(TypeExpr(m.Types[i])).Append('\n');
        for (int i = 0; i < m.Globals.Count; i++)
            _sb.Append(".global ").Append(Decl(m.Globals[i].Name, "$g", i)).Append(' ').Append(TypeRef(m.Globals[i].Type)).Append('\n');
        if (m.Entry != -1) _sb.Append(".entry ").Append(FuncRef(m.Entry)).Append('\n');
        if (m.Init != -1) _sb.Append(".init ").Append(FuncRef(m.Init)).Append('\n');

        for (int i = 0; i < m.Funcs.Count; i++)
        {
            _sb.Append('\n');
            Func(i, m.Funcs[i]);
        }
        return _sb.ToString();
    }

    // ---------------------------------------------------------------- names

    static string Decl(string name, string prefix, int i) => name.Length == 0 ? $"{prefix}{i}" : Syntax.Name(name);

    static string Ref(string? name, Dictionary<string, int> counts, string prefix, int i)
    {
        if (name == null || (name.Length > 0 && counts[name] > 1)) return $"#{i}";
        return Decl(name, prefix, i);
    }

    string TypeRef(int i) => Ref((uint)i < (uint)m.Types.Count ? m.Types[i].Name : null, _typeNames, "$t", i);
    string FuncRef(int i) => Ref((uint)i < (uint)m.Funcs.Count ? m.Funcs[i].Name : null, _funcNames, "$f", i);
    string GlobalRef(int i) => Ref((uint)i < (uint)m.Globals.Count ? m.Globals[i].Name : null, _globalNames, "$g", i);

    /// <summary>A signature as written if writing it finds this very entry, else its index.</summary>
    string SigRef(long i) =>
        i >= 0 && i < m.Sigs.Count && _firstSig[m.Sigs[(int)i]] == i ? m.Sigs[(int)i].ToString() : $"#{i}";

    string StrRef(long i) =>
        i >= 0 && i < m.Strings.Count && _firstStr[StrKey(m.Strings[(int)i])] == i ? Lexer.QuoteBytes(m.Strings[(int)i]) : $"#{i}";

    // ---------------------------------------------------------------- types

    string TypeExpr(TypeDef t)
    {
        if (Syntax.ScalarKeywords.TryGetValue(t.Kind, out var kw)) return kw;
        return t.Kind switch
        {
            TypeKind.Ptr => "*" + TypeRef(t.Elem),
            TypeKind.Array => $"[{t.Len}]" + TypeRef(t.Elem),
            TypeKind.Slice => "[]" + TypeRef(t.Elem),
            TypeKind.Chan => "chan " + TypeRef(t.Elem),
            TypeKind.Struct => "struct " + Fields(t),
            TypeKind.Func => "func " + SigRef(t.Sig),
            TypeKind.Closure => "closure " + SigRef(t.Sig) + " " + Fields(t),
            // Not a kind the format knows: printed so a reader sees it; the assembler rejects it.
            _ => $"kind{(int)t.Kind}",
        };
    }

    string Fields(TypeDef t) =>
        t.Fields.Count == 0 ? "{}" : "{ " + string.Join("; ", t.Fields.Select(f => Syntax.Name(f.Name) + " " + TypeRef(f.Type))) + " }";

    // ---------------------------------------------------------------- functions

    /// <summary>One printed piece of code: a decoded instruction, or bytes that do not decode.</summary>
    readonly record struct Piece(int Pc, Instr? Instr, int RawLen);

    void Func(int index, FunctionDef f)
    {
        var code = f.Code;
        var pieces = new List<Piece>();
        for (int pc = 0; pc < code.Length;)
        {
            switch (InstrCodec.TryDecode(code, pc, out var ins))
            {
                case InstrCodec.DecodeError.None:
                    pieces.Add(new Piece(pc, ins, 0));
                    pc = ins.Next;
                    break;
                case InstrCodec.DecodeError.BadOpcode:
                    pieces.Add(new Piece(pc, null, 1));
                    pc++;
                    break;
                default: // truncated: the rest of the code
                    pieces.Add(new Piece(pc, null, code.Length - pc));
                    pc = code.Length;
                    break;
            }
        }
        var starts = new HashSet<int>(pieces.Select(p => p.Pc)) { code.Length };

        // Labels: every branch target and the deferreturn point that lies on a piece boundary.
        var labels = new SortedSet<int>();
        foreach (var p in pieces)
        {
            if (p.Instr is not { } ins) continue;
            for (int k = 0; k < ins.Info.Operands.Length; k++)
                if (ins.Info.Operands[k] == OperandKind.Label && ins.Operand(k) <= int.MaxValue && starts.Contains((int)ins.Operand(k)))
                    labels.Add((int)ins.Operand(k));
        }
        if (f.DeferReturnPc != -1 && starts.Contains(f.DeferReturnPc)) labels.Add(f.DeferReturnPc);

        // The line table prints as .line directives when re-emitting them reproduces it exactly
        // (CodeBuilder.Line merges equal neighbours and keeps only pcs inside the code).
        bool canonical = true;
        for (int i = 0; i < f.Lines.Count; i++)
        {
            var e = f.Lines[i];
            if (e.Pc >= code.Length || !starts.Contains(e.Pc)) canonical = false;
            if (i > 0 && (e.Pc <= f.Lines[i - 1].Pc || e.Line == f.Lines[i - 1].Line)) canonical = false;
        }

        _sb.Append(".func ").Append(Decl(f.Name, "$f", index)).Append(' ').Append(SigRef(f.Sig)).Append('\n');
        if (f.File.Length > 0) _sb.Append("    .file ").Append(Lexer.QuoteString(f.File)).Append('\n');
        _sb.Append("    .maxstack ").Append(f.MaxStack).Append('\n');
        if (f.Locals.Count > 0) _sb.Append("    .locals ").Append(SlotKinds.Spell(f.Locals.ToArray())).Append('\n');
        for (int i = 0; i < f.FrameObjects.Count; i++)
            _sb.Append("    .frameobj k").Append(i).Append(' ').Append(TypeRef(f.FrameObjects[i])).Append('\n');
        for (int i = 0; i < f.DeferRecords.Count; i++)
            _sb.Append("    .deferrec d").Append(i).Append(' ').Append(SigRef(f.DeferRecords[i])).Append('\n');
        if (f.DeferReturnPc != -1)
            _sb.Append("    .deferreturn ").Append(labels.Contains(f.DeferReturnPc) ? $"L{f.DeferReturnPc}" : $"@{f.DeferReturnPc}").Append('\n');
        if (!canonical && f.Lines.Count > 0)
            _sb.Append("    .linetable ").Append(string.Join(' ', f.Lines.Select(e => $"{e.Pc}:{e.Line}"))).Append('\n');

        int li = 0;
        foreach (var p in pieces)
        {
            if (labels.Contains(p.Pc)) _sb.Append('L').Append(p.Pc).Append(":\n");
            if (canonical && li < f.Lines.Count && f.Lines[li].Pc == p.Pc)
                _sb.Append("    .line ").Append(f.Lines[li++].Line).Append('\n');
            _sb.Append("    ");
            if (p.Instr is { } ins) Instruction(f, ins, labels);
            else _sb.Append(".bytes ").Append(string.Join(' ', code.Skip(p.Pc).Take(p.RawLen).Select(b => $"0x{b:x2}")));
            _sb.Append('\n');
        }
        if (labels.Contains(code.Length)) _sb.Append('L').Append(code.Length).Append(":\n");
        _sb.Append(".end\n");
    }

    void Instruction(FunctionDef f, Instr ins, SortedSet<int> labels)
    {
        var info = ins.Info;
        _sb.Append(info.Name);
        for (int k = 0; k < info.Operands.Length; k++)
        {
            long v = ins.Operand(k);
            _sb.Append(' ').Append(info.Operands[k] switch
            {
                OperandKind.Global => v <= int.MaxValue ? GlobalRef((int)v) : $"#{v}",
                OperandKind.Func => v <= int.MaxValue ? FuncRef((int)v) : $"#{v}",
                OperandKind.Type => v <= int.MaxValue ? TypeRef((int)v) : $"#{v}",
                OperandKind.Sig => SigRef(v),
                OperandKind.Str => StrRef(v),
                OperandKind.Label => v <= int.MaxValue && labels.Contains((int)v) ? $"L{v}" : $"@{v}",
                OperandKind.FrameObj => v < f.FrameObjects.Count ? $"k{v}" : v.ToString(),
                OperandKind.DeferRec => v < f.DeferRecords.Count ? $"d{v}" : v.ToString(),
                OperandKind.Imm8 => Syntax.Imm8Name(info.Op, v) ?? v.ToString(),
                OperandKind.Runtime => RuntimeFuncs.Get((int)v)?.Name ?? $"#{v}",
                OperandKind.F64 => Numbers.FormatFloat(v),
                _ => v.ToString(), // Local, Offset, Count, I64
            });
        }
    }
}
