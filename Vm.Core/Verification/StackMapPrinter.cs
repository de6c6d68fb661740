using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Core.Verification;

/// <summary>
/// Prints a verified module's stack maps (<c>govm verify -maps</c>). Pointer bitmaps print one
/// character per slot, bottom first: <c>p</c> a pointer, <c>.</c> anything else. Format:
/// <code>
/// func f (ip) -> (i)
///     args   .p
///     locals p.
///     pc 0      entry            stack
///     pc 12     call g           stack p.
/// </code>
/// </summary>
public static class StackMapPrinter
{
    public static void Print(Module m, VerifiedModule v, TextWriter w)
    {
        foreach (var fm in v.Funcs)
        {
            var f = fm.Func;
            w.WriteLine($"func {f.Name} {m.Sigs[f.Sig]}");
            w.WriteLine($"    args   {fm.ArgPtrs}".TrimEnd());
            w.WriteLine($"    locals {fm.LocalPtrs}".TrimEnd());
            for (int k = 0; k < f.DeferRecords.Count; k++)
                w.WriteLine($"    deferrec {k} {m.Sigs[f.DeferRecords[k]]}");
            foreach (var sp in fm.Safepoints)
            {
                string what = Describe(m, f, sp.Pc);
                w.WriteLine($"    pc {sp.Pc,-6} {what,-16} stack {sp.Stack}".TrimEnd());
            }
        }
    }

    static string Describe(Module m, FunctionDef f, int pc)
    {
        if (InstrCodec.TryDecode(f.Code, pc, out var ins) != InstrCodec.DecodeError.None) return "entry";
        bool safepoint = ins.Info.Is(OpFlags.Safepoint) || (ins.Info.Is(OpFlags.Branch) && ins.A <= pc);
        if (pc == 0 && !safepoint) return "entry";
        return ins.Op switch
        {
            Op.Call => $"call {m.Funcs[(int)ins.A].Name}",
            Op.Rt => $"rt {RuntimeFuncs.Table[ins.A].Name}",
            Op.New or Op.NewArr or Op.MakeChan or Op.Grow => $"{ins.Info.Name} {TypeName(m, (int)ins.A)}",
            _ when ins.Info.Is(OpFlags.Branch) => $"{ins.Info.Name} back-edge",
            _ => ins.Info.Name,
        };
    }

    static string TypeName(Module m, int t) => m.Types[t].Name.Length > 0 ? m.Types[t].Name : $"#{t}";
}
