using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Iced.Intel;
using Vm.Core.Bytecode;

namespace Vm.Jit;

/// <summary>
/// Prints a compiled function's machine code (Iced's NasmFormatter) interleaved with the bytecode each
/// stretch came from: what <c>govm dis --jit FUNC</c> will print.
/// </summary>
[SupportedOSPlatform("linux")]
public static class JitDisassembler
{
    public static string Disassemble(JitModule jit, int func)
    {
        var sb = new StringBuilder();
        var fn = jit.Frames.Module.Funcs[func];
        var map = jit.PcMap[func];
        sb.Append("; ").Append(fn.Name).Append('\n');
        nint entry = jit.FuncEntry[func];
        nint first = map.Length > 0 ? map[0].Addr : jit.SlowStart[func];
        sb.Append(";   call entry\n");
        Native(sb, jit.CallEntry[func], entry);
        sb.Append(";   prologue\n");
        Native(sb, entry, first);
        for (int k = 0; k < map.Length; k++)
        {
            var ins = InstrCodec.Decode(fn.Code, map[k].Pc);
            sb.Append(";   ").Append(map[k].Pc.ToString("D4")).Append(": ").Append(ins.Info.Name);
            for (int o = 0; o < ins.Info.Operands.Length; o++) sb.Append(' ').Append(ins.Operand(o));
            sb.Append('\n');
            Native(sb, map[k].Addr, k + 1 < map.Length ? map[k + 1].Addr : jit.SlowStart[func]);
        }
        if (jit.SlowStart[func] < jit.FuncEnd[func])
        {
            sb.Append(";   slow paths\n");
            Native(sb, jit.SlowStart[func], jit.FuncEnd[func]);
        }
        return sb.ToString();
    }

    static unsafe void Native(StringBuilder sb, nint from, nint to)
    {
        if (to <= from) return;
        var bytes = new byte[to - from];
        Marshal.Copy(from, bytes, 0, bytes.Length);
        var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(bytes));
        decoder.IP = (ulong)from;
        var formatter = new NasmFormatter();
        var output = new StringOutput();
        while (decoder.IP < (ulong)to)
        {
            var instr = decoder.Decode();
            formatter.Format(instr, output);
            sb.Append("  ").Append(instr.IP.ToString("x16")).Append("  ").Append(output.ToStringAndReset()).Append('\n');
        }
    }
}
