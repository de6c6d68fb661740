using System.Numerics;
using Vm.Core.Abi;
using Vm.Core.Verification;

namespace Vm.Gc;

/// <summary>Where a stopped goroutine's innermost frame is (the state the interpreter saved).</summary>
public enum TopKind
{
    /// <summary>The innermost frame <see cref="StackTop.Fp"/> is stopped before the safepoint
    /// instruction at <see cref="StackTop.Pc"/>; its operand stack top is <see cref="StackTop.Sp"/>.</summary>
    AtPc,
    /// <summary>A call is being made (the prologue check failed): the caller <see cref="StackTop.Fp"/>
    /// (null for the goroutine's entry call) gave continuation <see cref="StackTop.Cont"/>, the
    /// callee's arguments are at <see cref="StackTop.Sp"/> and its closure is <see cref="StackTop.Ctx"/>.</summary>
    PendingCall,
    /// <summary>The innermost frame <see cref="StackTop.Fp"/> panicked; the newest panic record, the
    /// lowest thing on the stack, is at <see cref="StackTop.Sp"/>.</summary>
    Panicking,
}

/// <summary>The saved registers of a stopped goroutine. The stack copier adjusts Fp, Sp and Ctx.</summary>
public unsafe struct StackTop
{
    public TopKind Kind;
    public byte* Fp;
    public int Pc;
    public long Cont;
    public long* Sp;
    public int Callee;
    public nint Ctx;
}

/// <summary>What a walk does with each pointer slot it finds.</summary>
public unsafe interface IPtrVisitor
{
    /// <summary>A slot that may hold a pointer (heap, stack, static or nil).</summary>
    void Ptr(nint* slot);
    /// <summary>A saved frame pointer (always a stack address or 0).</summary>
    void FramePtr(nint* slot);
}

/// <summary>
/// Walks a goroutine's frames through the saved-fp chain (docs/abi.md §frame) and its defer and panic
/// chains, reporting every pointer slot by the verifier's maps (docs/verifier.md §Stack maps): the
/// argument area by the function's ArgPtrs, locals by LocalPtrs, frame objects by their types, the
/// closure context word, and the operand stack by the map of the point the frame is stopped at.
/// The collector marks with it, the copier adjusts with it, gcverify checks with it.
/// </summary>
public static unsafe class StackWalker
{
    /// <summary>Every frame, innermost first. Must match docs/abi.md §frame.</summary>
    public static void WalkFrames<V>(FrameTable ft, ref StackTop top, ref V v) where V : struct, IPtrVisitor
    {
        byte* fp = top.Fp;
        StackMap? map;
        switch (top.Kind)
        {
            case TopKind.AtPc:
            {
                var fi = ft.Funcs[*(int*)fp];
                map = fi.Maps.MapAt(top.Pc) ?? throw new GcFatalException($"no stack map at pc {top.Pc} in {fi.Maps.Func.Name}");
                break;
            }
            case TopKind.PendingCall:
            {
                var callee = ft.Funcs[top.Callee];
                byte* nbase = (byte*)top.Sp + 8 * callee.NParams - 8;
                VisitBits(callee.ArgPtrs, callee.NParams, nbase, ref v);
                if (callee.ReadsCtx) fixed (nint* ctx = &top.Ctx) v.Ptr(ctx);
                if (fp == null) return;
                map = OuterMap(ft, fp, ft.BytecodeCont(top.Cont));
                break;
            }
            default:
                map = ft.Funcs[*(int*)fp].PanicMap;
                break;
        }
        for (int n = 0; fp != null; n++)
        {
            var fi = ft.Funcs[*(int*)fp];
            ScanFrame(fp, fi, map, ft, ref v);
            long c = ft.BytecodeCont(*(long*)(fp + Frame.OffCont));
            if (c != Continuation.Panic && !Continuation.IsBytecode(c)) break;
            nint* saved = (nint*)(fp + Frame.OffSavedFp);
            v.FramePtr(saved);
            fp = (byte*)*saved;
            if (fp == null) break;
            map = OuterMap(ft, fp, c);
        }
    }

    /// <summary>The map of a caller frame given the continuation its callee holds.</summary>
    static StackMap? OuterMap(FrameTable ft, byte* fp, long cont)
    {
        var fi = ft.Funcs[*(int*)fp];
        if (cont == Continuation.Panic) return fi.PanicMap;
        if ((ulong)cont < (ulong)fi.ContMaps.Length && fi.ContMaps[cont] is { } m) return m;
        throw new GcFatalException($"no stack map for continuation {cont} in {fi.Maps.Func.Name}");
    }

    static void ScanFrame<V>(byte* fp, FrameInfo fi, StackMap? map, FrameTable ft, ref V v) where V : struct, IPtrVisitor
    {
        if (fi.ReadsCtx) v.Ptr((nint*)(fp + Frame.OffCtx));   // stale in other frames (FrameInfo.ReadsCtx)
        byte* nbase = fp + Frame.BaseFromFp(fi.NSlots);
        VisitBits(fi.ArgPtrs, fi.NParams, nbase, ref v);
        VisitBits(fi.LocalPtrs, fi.NLocals, nbase - 8 * fi.NParams, ref v);
        var types = ft.Module.Types;
        for (int k = 0; k < fi.ObjOff.Length; k++)
        {
            var td = types[fi.ObjTypes[k]];
            byte* obj = fp - fi.ObjOff[k];
            long words = td.Words;
            for (long w = 0; w < words; w++)
                if ((td.PtrMask[(int)(w >> 3)] & (1 << (int)(w & 7))) != 0) v.Ptr((nint*)(obj + 8 * w));
        }
        if (map == null) return;
        byte* bottom = fp - fi.Region - 8;   // operand slot 0
        var words2 = map.Stack.Words;
        for (int wi = 0; wi < words2.Length; wi++)
            for (ulong bits = words2[wi]; bits != 0; bits &= bits - 1)
            {
                int i = wi * 64 + BitOperations.TrailingZeroCount(bits);
                v.Ptr((nint*)(bottom - 8 * i));
            }
    }

    /// <summary>Slots at base - 8*i for each set bit i below <paramref name="n"/>.</summary>
    static void VisitBits<V>(ulong[] bits, int n, byte* nbase, ref V v) where V : struct, IPtrVisitor
    {
        for (int wi = 0; wi < bits.Length; wi++)
            for (ulong b = bits[wi]; b != 0; b &= b - 1)
            {
                int i = wi * 64 + BitOperations.TrailingZeroCount(b);
                if (i < n) v.Ptr((nint*)(nbase - 8 * i));
            }
    }

    /// <summary>A defer record's argument block by its deferred function's argument map (the seed's
    /// tracebackdefers). A nil or zeroed funcval has no map: the call will fault, its arguments are dead.</summary>
    public static void VisitDeferArgs<V>(Heap heap, Defer* d, ref V v) where V : struct, IPtrVisitor
    {
        var map = heap.ArgMapOfFuncval(d->Fn);
        if (map == null) return;
        int n = d->Siz >> 3;
        long* args = (long*)((byte*)d + Defer.OffArgs);
        for (int i = 0; i < n; i++)
            if ((i >> 6) < map.Length && (map[i >> 6] & (1UL << (i & 63))) != 0) v.Ptr((nint*)(args + i));
    }
}

/// <summary>A VM-internal impossible state found by the collector, the copier or gcverify (Go's throw):
/// the runtime prints "fatal error: " and the message, and exits 2.</summary>
public sealed class GcFatalException(string message) : Exception(message);
