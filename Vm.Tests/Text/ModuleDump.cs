using System.Text;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Tests.Text;

/// <summary>
/// Every field of a module as plain text, written without the disassembler, so that two modules are
/// structurally identical exactly when their dumps are equal (and a failing test shows where they differ).
/// </summary>
public static class ModuleDump
{
    public static string Of(Module m)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"entry {m.Entry} init {m.Init}");
        for (int i = 0; i < m.Sigs.Count; i++) sb.AppendLine($"sig {i} {m.Sigs[i]}");
        for (int i = 0; i < m.Strings.Count; i++) sb.AppendLine($"string {i} {Convert.ToHexString(m.Strings[i])}");
        for (int i = 0; i < m.Types.Count; i++)
        {
            var t = m.Types[i];
            sb.AppendLine($"type {i} name=[{t.Name}] kind={t.Kind} size={t.Size} align={t.Align} elem={t.Elem} len={t.Len} sig={t.Sig} ptrmask={Convert.ToHexString(t.PtrMask)}");
            foreach (var f in t.Fields) sb.AppendLine($"  field [{f.Name}] type={f.Type} off={f.Offset}");
        }
        for (int i = 0; i < m.Globals.Count; i++) sb.AppendLine($"global {i} name=[{m.Globals[i].Name}] type={m.Globals[i].Type}");
        for (int i = 0; i < m.Funcs.Count; i++)
        {
            var f = m.Funcs[i];
            sb.AppendLine($"func {i} name=[{f.Name}] sig={f.Sig} maxstack={f.MaxStack} deferreturn={f.DeferReturnPc} file=[{f.File}]");
            sb.AppendLine($"  locals {SlotKinds.Spell(f.Locals.ToArray())}");
            sb.AppendLine($"  frameobjs {string.Join(",", f.FrameObjects)}");
            sb.AppendLine($"  deferrecs {string.Join(",", f.DeferRecords)}");
            sb.AppendLine($"  lines {string.Join(" ", f.Lines.Select(e => $"{e.Pc}:{e.Line}"))}");
            sb.AppendLine($"  code {Convert.ToHexString(f.Code)}");
        }
        return sb.ToString();
    }
}
