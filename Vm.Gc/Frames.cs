using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Verification;

namespace Vm.Gc;

/// <summary>
/// One function's frame geometry (docs/abi.md §frame) and pointer maps, the one place both the
/// interpreter (which builds frames) and the collector and stack copier (which scan and move them)
/// take them from.
/// </summary>
public sealed class FrameInfo
{
    public int Index;
    public int NParams, NResults, NSlots, NLocals, MaxStack;
    /// <summary>The function has an <c>ldctx</c>: only then is its frame's closure-context word meaningful
    /// (docs/abi.md §frame). Otherwise the word may be stale: compiled code does not write it, and the collector
    /// and the stack copier do not visit it.</summary>
    public bool ReadsCtx;
    /// <summary>Bytes of inline defer records and frame objects below the header, rounded to 8.</summary>
    public int Region;
    /// <summary>Per stack defer record: its distance below fp.</summary>
    public int[] DeferOff = [];
    /// <summary>Per frame object: its distance below fp.</summary>
    public int[] ObjOff = [];
    /// <summary>Per frame object: its module type.</summary>
    public int[] ObjTypes = [];
    /// <summary>Bytes zeroed at entry below fp (the frame objects).</summary>
    public int ZeroFrom;
    /// <summary>Argument slots holding pointers (bit i: parameter i).</summary>
    public ulong[] ArgPtrs = [];
    /// <summary>Declared locals holding pointers (bit j: slot NParams + j).</summary>
    public ulong[] LocalPtrs = [];
    public FunctionMaps Maps = null!;
    /// <summary>By continuation pc: the stack map that holds while a call made there runs. For a
    /// call/callind at P the continuation is P+5 and the map is the call's (arguments excluded: they
    /// are the callee's); for a deferret at Q (the continuation of the deferred calls it runs) it is
    /// deferret's own (empty operand stack).</summary>
    public StackMap?[] ContMaps = [];
    /// <summary>The map of a frame stopped by a panic (Go's continpc): the deferreturn point's map,
    /// where recovery resumes it, or null if the frame can never resume (nothing on its operand
    /// stack is live).</summary>
    public StackMap? PanicMap;
}

/// <summary>Frame infos of every function of a verified module, and the pointer maps of its types.</summary>
public sealed class FrameTable
{
    public FrameInfo[] Funcs { get; }
    public Module Module { get; }

    /// <summary>The JIT's code, when compiled frames may be on a stack: it maps a compiled caller's
    /// native return address to the bytecode continuation of its call (docs/jit.md §convention).</summary>
    public INativeCode? Native { get; set; }

    /// <summary>The bytecode continuation a frame's continuation word stands for: a compiled caller's
    /// return address becomes the pc after its call instruction (so its ContMaps entry, line table and
    /// traceback apply); every other value is returned as it is.</summary>
    public long BytecodeCont(long cont)
    {
        if (!Continuation.IsNative(cont) || Native is not { } n) return cont;
        Interlocked.Increment(ref NativeContinuationsResolved);
        return n.BytecodeContinuation(cont);
    }

    /// <summary>Compiled callers met by <see cref="BytecodeCont"/> (walks, tracebacks): diagnostics.</summary>
    public long NativeContinuationsResolved;

    public FrameTable(VerifiedModule vm)
    {
        Module = vm.Module;
        Funcs = new FrameInfo[vm.Module.Funcs.Count];
        for (int i = 0; i < Funcs.Length; i++) Funcs[i] = Build(vm, i);
    }

    static ulong[] Words(Bitmap b) => b.Words.ToArray();

    static FrameInfo Build(VerifiedModule vm, int i)
    {
        var m = vm.Module;
        var f = m.Funcs[i];
        var sig = m.Sigs[f.Sig];
        var maps = vm.Funcs[i];
        var r = new FrameInfo
        {
            Index = i, NParams = sig.Params.Length, NResults = sig.Results.Length, NLocals = f.Locals.Count,
            MaxStack = f.MaxStack, Maps = maps, ArgPtrs = Words(maps.ArgPtrs), LocalPtrs = Words(maps.LocalPtrs),
            ObjTypes = [.. f.FrameObjects],
        };
        r.NSlots = r.NParams + r.NLocals;
        for (int pc = 0; pc < f.Code.Length && !r.ReadsCtx;)
        {
            var ins = InstrCodec.Decode(f.Code, pc);
            r.ReadsCtx = ins.Op == Op.LdCtx;
            pc = ins.Next;
        }

        // Region below the header, laid out upward from its bottom: defer records, then frame objects.
        var offs = new List<long>();
        long at = 0;
        foreach (int s in f.DeferRecords)
        {
            offs.Add(at);
            at += Defer.InlineBytes(m.Sigs[s].Params.Length);
        }
        long deferBytes = at;
        foreach (int t in f.FrameObjects)
        {
            var td = m.Types[t];
            at = TypeLayout.AlignUp(at, Math.Clamp(td.Align, 1, 8));
            offs.Add(at);
            at += td.Size;
        }
        long region = TypeLayout.AlignUp(at, 8);
        if (region + 8L * f.MaxStack + 8L * r.NSlots + Frame.HeaderSize > int.MaxValue / 2)
            throw new Vm.Core.VerifyException(f.Name, -1, "frame too large");
        r.Region = (int)region;
        r.DeferOff = new int[f.DeferRecords.Count];
        r.ObjOff = new int[f.FrameObjects.Count];
        for (int k = 0; k < f.DeferRecords.Count; k++) r.DeferOff[k] = (int)(region - offs[k]);
        for (int k = 0; k < f.FrameObjects.Count; k++) r.ObjOff[k] = (int)(region - offs[f.DeferRecords.Count + k]);
        r.ZeroFrom = (int)(region - deferBytes);

        r.ContMaps = new StackMap?[f.Code.Length + 1];
        for (int pc = 0; pc < f.Code.Length;)
        {
            if (InstrCodec.TryDecode(f.Code, pc, out var ins) != InstrCodec.DecodeError.None) break;
            if (ins.Op is Op.Call or Op.CallInd && maps.MapAt(pc) is { } cm) r.ContMaps[ins.Next] = cm;
            pc = ins.Next;
        }
        for (int pc = 0; pc < f.Code.Length;)
        {
            if (InstrCodec.TryDecode(f.Code, pc, out var ins) != InstrCodec.DecodeError.None) break;
            // A call followed by deferret: both maps are empty there (rule 8), either will do.
            if (ins.Op == Op.DeferRet && r.ContMaps[pc] == null) r.ContMaps[pc] = maps.MapAt(pc);
            pc = ins.Next;
        }
        r.PanicMap = f.DeferReturnPc >= 0 ? maps.MapAt(f.DeferReturnPc) : null;
        return r;
    }
}

/// <summary>What the collector, the copier and tracebacks need from the JIT (Vm.Jit implements it).</summary>
public interface INativeCode
{
    /// <summary>The bytecode pc at which the call whose native return address is
    /// <paramref name="nativeCont"/> (a native return address) continues, i.e. the pc of the
    /// instruction after that call.</summary>
    int BytecodeContinuation(long nativeCont);
}
