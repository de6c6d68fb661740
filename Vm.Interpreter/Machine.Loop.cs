using System.Runtime.CompilerServices;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Gc;

namespace Vm.Interpreter;

// The interpreter loop: one method, a switch on the opcode byte, pc/sp/fp and the frame's function row in
// locals, unsafe pointers into the goroutine stack. VM calls and returns never recurse in C#:
// a call builds the callee's frame on the goroutine stack (docs/abi.md §frame) and continues in
// this same invocation; a return pops it (Lua's "goto startfunc"/"goto returning"). Rare work lives
// in out-of-line services; before calling one that can panic, call VM code or end the run, the loop
// saves its registers (SaveRegs: _fp/_pc/_sp) and afterwards reloads them through `dispatch`
// ("Protect" in Lua's words): after a panic or a recovery the current frame is a different one.
//
// Operands are trusted: the verifier (docs/verifier.md) has checked decoding (rule 1), branch
// targets (2), operand indices (3), stack depths (4) and slot kinds (5), so the loop reads them
// without checks. Each place that relies on a rule says which.
public sealed unsafe partial class Machine
{
    // Saved registers for out-of-line services.
    byte* _fp;
    long* _sp;
    int _pc;
    // A call the services ask the loop to make (deferred calls run by deferreturn or a panic).
    int _callee;
    nint _ctx;
    long _cont;

    /// <summary>What the loop does next after an out-of-line service, and why it returns to the scheduler.</summary>
    enum Act
    {
        /// <summary>Continue at (_fp, _pc, _sp).</summary>
        Resume,
        /// <summary>Make the call in _callee/_ctx/_cont with arguments at _sp from frame _fp.</summary>
        Call,
        /// <summary>The same, but the prologue check is still to be done (a call stopped at its check).</summary>
        CallRetry,
        /// <summary>The program ends (unrecovered panic, fatal error, os.Exit): _exitCode says how.</summary>
        Exit,
        /// <summary>The goroutine parked or yielded; its registers are in its Top.</summary>
        Park,
        /// <summary>The goroutine's entry function returned.</summary>
        GoExit,
        /// <summary>The program is ending: leave the goroutine as it is.</summary>
        Stop,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] static ushort U16(byte* p) => Unsafe.ReadUnaligned<ushort>(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static int I32(byte* p) => Unsafe.ReadUnaligned<int>(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] static long I64(byte* p) => Unsafe.ReadUnaligned<long>(p);

    static long F2I(double v) => v >= -9223372036854775808.0 && v < 9223372036854775808.0 ? (long)v : long.MinValue;

    static long F2U(double v) => v < 9223372036854775808.0 ? F2I(v) : F2I(v - 9223372036854775808.0) | long.MinValue;

    /// <summary>
    /// Compiles the interpreter loop (<see cref="Run"/>) on a background thread. Run is [AggressiveOptimization], so
    /// ReadyToRun leaves it to the JIT, which spends tens of milliseconds on it at the first call; a command that
    /// is about to load, compile and verify a program calls this first so that the compilation happens meanwhile
    /// (with one CPU there is no meanwhile: nothing is started). Never fails the caller (a runtime without a JIT,
    /// or without the method's metadata, just skips it).
    /// </summary>
    public static void PrepareLoop()
    {
        if (Environment.ProcessorCount < 2) return;
        var t = new Thread(() =>
        {
            try
            {
                var run = typeof(Machine).GetMethod(nameof(Run), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
                if (run != null) RuntimeHelpers.PrepareMethod(run.MethodHandle);
            }
            catch (Exception) { }   // warm-up only
        }) { IsBackground = true, Name = "govm interpreter warm-up" };
        t.Start();
    }

    /// <summary>Runs the current goroutine from <paramref name="start"/> (with the registers in _fp/_pc/_sp or
    /// the pending call in _callee/_ctx/_cont) until it parks, yields, ends or ends the program.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    Act Run(Act start)
    {
        byte* fp = null;
        long* sp = null;
        byte* ip = null;
        long* slots = null;
        FuncRt* fi = null;
        FuncRt* f = null;
        nint ctx = 0;
        long cont = 0;
        Act act = start;
        goto dispatch;

    loop:
        for (;;)
        {
            switch (*ip)
            {
                case (byte)Op.Nop: ip += 1; continue;
                case (byte)Op.LdI: *--sp = I64(ip + 1); ip += 9; continue;
                case (byte)Op.LdF: *--sp = I64(ip + 1); ip += 9; continue;
                case (byte)Op.LdNil: *--sp = 0; ip += 1; continue;
                case (byte)Op.LdStr: { uint s = (uint)I32(ip + 1); sp -= 2; sp[1] = _strPtr[s]; sp[0] = _strLen[s]; ip += 5; continue; }
                case (byte)Op.LdFn: *--sp = _funcvals[I32(ip + 1)]; ip += 5; continue;
                case (byte)Op.LdType: *--sp = Values.TypeWord(I32(ip + 1)); ip += 5; continue;
                case (byte)Op.Pop: sp++; ip += 1; continue;
                case (byte)Op.Dup: sp[-1] = sp[0]; sp--; ip += 1; continue;
                case (byte)Op.Swap: { long t = sp[0]; sp[0] = sp[1]; sp[1] = t; ip += 1; continue; }

                // Slot i is at slot0 - 8*i (docs/abi.md §frame); rule 3 bounds i.
                case (byte)Op.LdLoc: *--sp = slots[-(int)U16(ip + 1)]; ip += 3; continue;
                case (byte)Op.StLoc: slots[-(int)U16(ip + 1)] = *sp++; ip += 3; continue;
                case (byte)Op.GAddr: *--sp = _globals[I32(ip + 1)]; ip += 5; continue;
                case (byte)Op.FObj: *--sp = (long)(fp - fi->ObjOff[U16(ip + 1)]); ip += 3; continue;
                case (byte)Op.LdCtx: *--sp = *(long*)(fp + Frame.OffCtx); ip += 1; continue;

                case (byte)Op.Add: sp[1] = unchecked(sp[1] + sp[0]); sp++; ip += 1; continue;
                case (byte)Op.Sub: sp[1] = unchecked(sp[1] - sp[0]); sp++; ip += 1; continue;
                case (byte)Op.Mul: sp[1] = unchecked(sp[1] * sp[0]); sp++; ip += 1; continue;
                case (byte)Op.Div:
                {
                    long b = sp[0];
                    if (b == 0) { _err = Err.Divide; goto raise; }
                    sp[1] = b == -1 ? unchecked(-sp[1]) : sp[1] / b; sp++; ip += 1; continue;
                }
                case (byte)Op.DivU:
                {
                    long b = sp[0];
                    if (b == 0) { _err = Err.Divide; goto raise; }
                    sp[1] = (long)((ulong)sp[1] / (ulong)b); sp++; ip += 1; continue;
                }
                case (byte)Op.Rem:
                {
                    long b = sp[0];
                    if (b == 0) { _err = Err.Divide; goto raise; }
                    sp[1] = b == -1 ? 0 : sp[1] % b; sp++; ip += 1; continue;
                }
                case (byte)Op.RemU:
                {
                    long b = sp[0];
                    if (b == 0) { _err = Err.Divide; goto raise; }
                    sp[1] = (long)((ulong)sp[1] % (ulong)b); sp++; ip += 1; continue;
                }
                case (byte)Op.And: sp[1] &= sp[0]; sp++; ip += 1; continue;
                case (byte)Op.Or: sp[1] |= sp[0]; sp++; ip += 1; continue;
                case (byte)Op.Xor: sp[1] ^= sp[0]; sp++; ip += 1; continue;
                case (byte)Op.AndNot: sp[1] &= ~sp[0]; sp++; ip += 1; continue;
                case (byte)Op.Shl:
                {
                    long b = sp[0];
                    if (b < 0) { _err = Err.Shift; goto raise; }
                    sp[1] = b >= 64 ? 0 : sp[1] << (int)b; sp++; ip += 1; continue;
                }
                case (byte)Op.Shr:
                {
                    long b = sp[0];
                    if (b < 0) { _err = Err.Shift; goto raise; }
                    sp[1] = sp[1] >> (int)Math.Min(b, 63); sp++; ip += 1; continue;
                }
                case (byte)Op.ShrU:
                {
                    long b = sp[0];
                    if (b < 0) { _err = Err.Shift; goto raise; }
                    sp[1] = b >= 64 ? 0 : (long)((ulong)sp[1] >> (int)b); sp++; ip += 1; continue;
                }
                case (byte)Op.Neg: sp[0] = unchecked(-sp[0]); ip += 1; continue;
                case (byte)Op.Not: sp[0] = ~sp[0]; ip += 1; continue;
                case (byte)Op.Sext8: sp[0] = (sbyte)sp[0]; ip += 1; continue;
                case (byte)Op.Sext16: sp[0] = (short)sp[0]; ip += 1; continue;
                case (byte)Op.Sext32: sp[0] = (int)sp[0]; ip += 1; continue;
                case (byte)Op.Zext8: sp[0] = (byte)sp[0]; ip += 1; continue;
                case (byte)Op.Zext16: sp[0] = (ushort)sp[0]; ip += 1; continue;
                case (byte)Op.Zext32: sp[0] = (uint)sp[0]; ip += 1; continue;

                case (byte)Op.Eq: case (byte)Op.PEq: sp[1] = sp[1] == sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.Ne: case (byte)Op.PNe: sp[1] = sp[1] != sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.Lt: sp[1] = sp[1] < sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.Le: sp[1] = sp[1] <= sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.Gt: sp[1] = sp[1] > sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.Ge: sp[1] = sp[1] >= sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.LtU: sp[1] = (ulong)sp[1] < (ulong)sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.LeU: sp[1] = (ulong)sp[1] <= (ulong)sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.GtU: sp[1] = (ulong)sp[1] > (ulong)sp[0] ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.GeU: sp[1] = (ulong)sp[1] >= (ulong)sp[0] ? 1 : 0; sp++; ip += 1; continue;

                case (byte)Op.FAdd: *(double*)(sp + 1) += *(double*)sp; sp++; ip += 1; continue;
                case (byte)Op.FSub: *(double*)(sp + 1) -= *(double*)sp; sp++; ip += 1; continue;
                case (byte)Op.FMul: *(double*)(sp + 1) *= *(double*)sp; sp++; ip += 1; continue;
                case (byte)Op.FDiv: *(double*)(sp + 1) /= *(double*)sp; sp++; ip += 1; continue;
                case (byte)Op.FNeg: *(double*)sp = -*(double*)sp; ip += 1; continue;
                case (byte)Op.FEq: sp[1] = *(double*)(sp + 1) == *(double*)sp ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.FNe: sp[1] = *(double*)(sp + 1) != *(double*)sp ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.FLt: sp[1] = *(double*)(sp + 1) < *(double*)sp ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.FLe: sp[1] = *(double*)(sp + 1) <= *(double*)sp ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.FGt: sp[1] = *(double*)(sp + 1) > *(double*)sp ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.FGe: sp[1] = *(double*)(sp + 1) >= *(double*)sp ? 1 : 0; sp++; ip += 1; continue;
                case (byte)Op.I2F: *(double*)sp = sp[0]; ip += 1; continue;
                case (byte)Op.U2F: *(double*)sp = (ulong)sp[0]; ip += 1; continue;
                case (byte)Op.F2I: sp[0] = F2I(*(double*)sp); ip += 1; continue;
                case (byte)Op.F2U: sp[0] = F2U(*(double*)sp); ip += 1; continue;

                // Rule 2: label operands are instruction starts of this function. A backward branch is a
                // safepoint (the verifier keeps a map there): it polls for a stop request before branching,
                // and spends the function's tiering budget (Machine.Jit.cs).
                // Superinstructions (Quicken.cs): one dispatch for ldloc; ldi|ldloc; cmp; brtrue|brfalse (forward),
                // the branch sense read from its own opcode byte; and for ldloc; ldi|ldloc; add|sub; stloc.
                case Quicken.LocConstEqBr:
                    ip = (slots[-(int)U16(ip + 1)] == I64(ip + 4)) == (ip[13] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 14) : ip + 18; continue;
                case Quicken.LocConstNeBr:
                    ip = (slots[-(int)U16(ip + 1)] != I64(ip + 4)) == (ip[13] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 14) : ip + 18; continue;
                case Quicken.LocConstLtBr:
                    ip = (slots[-(int)U16(ip + 1)] < I64(ip + 4)) == (ip[13] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 14) : ip + 18; continue;
                case Quicken.LocConstLeBr:
                    ip = (slots[-(int)U16(ip + 1)] <= I64(ip + 4)) == (ip[13] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 14) : ip + 18; continue;
                case Quicken.LocConstGtBr:
                    ip = (slots[-(int)U16(ip + 1)] > I64(ip + 4)) == (ip[13] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 14) : ip + 18; continue;
                case Quicken.LocConstGeBr:
                    ip = (slots[-(int)U16(ip + 1)] >= I64(ip + 4)) == (ip[13] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 14) : ip + 18; continue;
                case Quicken.LocLocEqBr:
                    ip = (slots[-(int)U16(ip + 1)] == slots[-(int)U16(ip + 4)]) == (ip[7] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 8) : ip + 12; continue;
                case Quicken.LocLocNeBr:
                    ip = (slots[-(int)U16(ip + 1)] != slots[-(int)U16(ip + 4)]) == (ip[7] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 8) : ip + 12; continue;
                case Quicken.LocLocLtBr:
                    ip = (slots[-(int)U16(ip + 1)] < slots[-(int)U16(ip + 4)]) == (ip[7] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 8) : ip + 12; continue;
                case Quicken.LocLocLeBr:
                    ip = (slots[-(int)U16(ip + 1)] <= slots[-(int)U16(ip + 4)]) == (ip[7] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 8) : ip + 12; continue;
                case Quicken.LocLocGtBr:
                    ip = (slots[-(int)U16(ip + 1)] > slots[-(int)U16(ip + 4)]) == (ip[7] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 8) : ip + 12; continue;
                case Quicken.LocLocGeBr:
                    ip = (slots[-(int)U16(ip + 1)] >= slots[-(int)U16(ip + 4)]) == (ip[7] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 8) : ip + 12; continue;
                case Quicken.LocConstAddSt: slots[-(int)U16(ip + 14)] = unchecked(slots[-(int)U16(ip + 1)] + I64(ip + 4)); ip += 16; continue;
                case Quicken.LocConstSubSt: slots[-(int)U16(ip + 14)] = unchecked(slots[-(int)U16(ip + 1)] - I64(ip + 4)); ip += 16; continue;
                case Quicken.LdIRun: do { *--sp = I64(ip + 1); ip += 9; } while (*ip == (byte)Op.LdI); continue;
                case Quicken.LdIRunFnDeferS: do { *--sp = I64(ip + 1); ip += 9; } while (*ip == (byte)Op.LdI); goto case Quicken.LdFnDeferS;
                case Quicken.LdIRunFnDeferH: do { *--sp = I64(ip + 1); ip += 9; } while (*ip == (byte)Op.LdI); goto case Quicken.LdFnDeferH;
                case Quicken.LdFnDeferS: *--sp = _funcvals[I32(ip + 1)]; ip += 5; goto case Quicken.DeferSChecked;
                case Quicken.LdFnDeferH: *--sp = _funcvals[I32(ip + 1)]; ip += 5; goto case Quicken.DeferHChecked;
                case Quicken.LocLocAddSt: slots[-(int)U16(ip + 8)] = unchecked(slots[-(int)U16(ip + 1)] + slots[-(int)U16(ip + 4)]); ip += 10; continue;

                case (byte)Op.Br:
                {
                    byte* t = fi->Code + (uint)I32(ip + 1);
                    if (t <= ip && (Volatile.Read(ref _preempt) != 0 || (_jitOn && --fi->Hot < 0))) goto poll;
                    ip = t; continue;
                }
                case (byte)Op.BrTrue:
                {
                    byte* t = fi->Code + (uint)I32(ip + 1);
                    if (t <= ip && (Volatile.Read(ref _preempt) != 0 || (_jitOn && --fi->Hot < 0))) goto poll;
                    ip = *sp++ != 0 ? t : ip + 5; continue;
                }
                case (byte)Op.BrFalse:
                {
                    byte* t = fi->Code + (uint)I32(ip + 1);
                    if (t <= ip && (Volatile.Read(ref _preempt) != 0 || (_jitOn && --fi->Hot < 0))) goto poll;
                    ip = *sp++ == 0 ? t : ip + 5; continue;
                }

                case (byte)Op.Call:
                    f = _funcs + I32(ip + 1); ctx = 0; cont = ip + 5 - fi->Code;
                    goto doCall;
                case (byte)Op.CallInd:
                {
                    nint fv = (nint)(*sp++);
                    if (fv == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    long w = *(long*)fv;
                    if (w == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    if ((ulong)(w - 1) >= (ulong)_nfuncs || (f = _funcs + (w - 1))->Sig != _sigCanon[I32(ip + 1)])
                    { _fatal = "callind: closure's function does not have the call's signature"; goto fatal; }
                    ctx = fv; cont = ip + 5 - fi->Code;
                    goto doCall;
                }
                case (byte)Op.Ret:
                {
                    long c = *(long*)(fp + Frame.OffCont);
                    byte* cfp = *(byte**)(fp + Frame.OffSavedFp);
                    int nres = fi->NResults;
                    // Results go back in place over the arguments (docs/abi.md §frame); the
                    // destination is above the source, so copy from the first (highest) down.
                    for (int k = 0; k < nres; k++) slots[-k] = sp[nres - 1 - k];
                    sp = slots - (nres - 1);
                    if ((ulong)c <= Continuation.MaxBytecode)
                    {
                        // An interpreted caller (a bytecode pc: 0 to Continuation.MaxBytecode).
                        fp = cfp;
                        fi = _funcs + *(int*)fp;
                        ip = fi->Code + c;
                        slots = (long*)(fp + fi->SlotsFromFp);
                        // A deferred call run by deferret returns to that deferret: run it without a dispatch.
                        if (*ip == (byte)Op.DeferRet) goto case (byte)Op.DeferRet;
                        continue;
                    }
                    if (c >= 0)
                    {
                        // A compiled caller (docs/jit.md §convention): it continues in compiled code.
                        _fp = cfp; _sp = sp; _cont = c;
                        act = NativeReturn(nres);
                        goto dispatch;
                    }
                    if (c == Continuation.Exit) return Act.GoExit;
                    _sp = sp;
                    act = AfterPanicDeferCall();
                    goto dispatch;
                }

                case (byte)Op.LdI8: { long p = sp[0]; if (p == 0) goto nilLoad; sp[0] = *(sbyte*)(p + I32(ip + 1)); ip += 5; continue; }
                case (byte)Op.LdU8: { long p = sp[0]; if (p == 0) goto nilLoad; sp[0] = *(byte*)(p + I32(ip + 1)); ip += 5; continue; }
                case (byte)Op.LdI16: { long p = sp[0]; if (p == 0) goto nilLoad; sp[0] = Unsafe.ReadUnaligned<short>((byte*)(p + I32(ip + 1))); ip += 5; continue; }
                case (byte)Op.LdU16: { long p = sp[0]; if (p == 0) goto nilLoad; sp[0] = Unsafe.ReadUnaligned<ushort>((byte*)(p + I32(ip + 1))); ip += 5; continue; }
                case (byte)Op.LdI32: { long p = sp[0]; if (p == 0) goto nilLoad; sp[0] = Unsafe.ReadUnaligned<int>((byte*)(p + I32(ip + 1))); ip += 5; continue; }
                case (byte)Op.LdU32: { long p = sp[0]; if (p == 0) goto nilLoad; sp[0] = Unsafe.ReadUnaligned<uint>((byte*)(p + I32(ip + 1))); ip += 5; continue; }
                case (byte)Op.LdI64:
                case (byte)Op.LdF64:
                case (byte)Op.LdP: { long p = sp[0]; if (p == 0) goto nilLoad; sp[0] = Unsafe.ReadUnaligned<long>((byte*)(p + I32(ip + 1))); ip += 5; continue; }
                case (byte)Op.St8: { long p = sp[1]; if (p == 0) goto nilLoad; *(byte*)(p + I32(ip + 1)) = (byte)sp[0]; sp += 2; ip += 5; continue; }
                case (byte)Op.St16: { long p = sp[1]; if (p == 0) goto nilLoad; Unsafe.WriteUnaligned((byte*)(p + I32(ip + 1)), (short)sp[0]); sp += 2; ip += 5; continue; }
                case (byte)Op.St32: { long p = sp[1]; if (p == 0) goto nilLoad; Unsafe.WriteUnaligned((byte*)(p + I32(ip + 1)), (int)sp[0]); sp += 2; ip += 5; continue; }
                case (byte)Op.St64:
                case (byte)Op.StF64:
                case (byte)Op.StP: { long p = sp[1]; if (p == 0) goto nilLoad; Unsafe.WriteUnaligned((byte*)(p + I32(ip + 1)), sp[0]); sp += 2; ip += 5; continue; }
                case (byte)Op.Copy:
                {
                    long src = sp[0], dst = sp[1];
                    if (dst == 0 || src == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    long size = _types[I32(ip + 1)].Size;
                    Buffer.MemoryCopy((void*)src, (void*)dst, size, size);
                    sp += 2; ip += 5; continue;
                }
                case (byte)Op.Zero:
                {
                    long p = sp[0];
                    if (p == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    new Span<byte>((void*)p, (int)_types[I32(ip + 1)].Size).Clear();
                    sp += 1; ip += 5; continue;
                }
                case (byte)Op.NilChk: if (sp[0] == 0) { _err = Err.Nil; _errX = 0; goto raise; } ip += 1; continue;

                case (byte)Op.AIdx:
                {
                    long i = sp[0], p = sp[1];
                    TypeRt* t = _types + I32(ip + 1); // rule 3: an array type
                    if (p == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    if ((ulong)i >= (ulong)t->Len) { _err = Err.Index; _errX = i; _errY = t->Len; goto raise; }
                    sp[1] = p + i * t->ElemSize; sp++; ip += 5; continue;
                }
                case (byte)Op.SIdx:
                {
                    long i = sp[0], len = sp[2], p = sp[3];
                    if ((ulong)i >= (ulong)len) { _err = Err.Index; _errX = i; _errY = len; goto raise; }
                    sp[3] = p + i * _types[I32(ip + 1)].Size; sp += 3; ip += 5; continue;
                }
                case (byte)Op.StrIdx:
                {
                    long i = sp[0], len = sp[1], p = sp[2];
                    if ((ulong)i >= (ulong)len) { _err = Err.Index; _errX = i; _errY = len; goto raise; }
                    sp[2] = *(byte*)(p + i); sp += 2; ip += 1; continue;
                }
                case (byte)Op.ASlice:
                {
                    long max = sp[0], hi = sp[1], lo = sp[2], p = sp[3];
                    TypeRt* t = _types + I32(ip + 1);
                    if (p == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    if (ip[5] == 0) max = t->Len; // a[lo:hi]: the capacity is the array's length
                    if (!CheckSlice(ip[5] != 0, false, lo, hi, max, t->Len)) goto raise;
                    sp[3] = max - lo == 0 ? p : p + lo * t->ElemSize; sp[2] = hi - lo; sp[1] = max - lo; sp++;
                    ip += 6; continue;
                }
                case (byte)Op.SSlice:
                {
                    long max = sp[0], hi = sp[1], lo = sp[2], cap = sp[3], p = sp[5];
                    bool full = ip[5] != 0;
                    if (!full) max = cap;
                    if (!CheckSlice(full, true, lo, hi, max, cap)) goto raise;
                    sp[5] = max - lo == 0 ? p : p + lo * _types[I32(ip + 1)].Size; sp[4] = hi - lo; sp[3] = max - lo; sp += 3;
                    ip += 6; continue;
                }
                case (byte)Op.StrSlice:
                {
                    long hi = sp[0], lo = sp[1], len = sp[2], p = sp[3];
                    if ((ulong)hi > (ulong)len) { _err = Err.SliceAlen; _errX = hi; _errY = len; goto raise; }
                    if ((ulong)lo > (ulong)hi) { _err = Err.SliceB; _errX = lo; _errY = hi; goto raise; }
                    sp[3] = hi - lo == 0 ? p : p + lo; sp[2] = hi - lo; sp += 2;
                    ip += 1; continue;
                }

                // Allocating instructions are safepoints: a due collection runs before the instruction,
                // while its operands are still on the stack as its stack map describes them (grow's old
                // slice stays alive to be copied). The allocation itself never collects.
                case (byte)Op.New:
                {
                    if (_heap.GcWanted) goto collect;
                    TypeRt* t = _types + I32(ip + 1);
                    *--sp = _heap.Alloc(_cache, t->Size, t->Tid); ip += 5; continue;
                }
                case (byte)Op.NewArr:
                {
                    if (_heap.GcWanted) goto collect;
                    TypeRt* t = _types + I32(ip + 1);
                    long n = sp[0], es = t->Size;
                    if (n < 0 || (es != 0 && n > MaxAlloc / es)) { _err = Err.MakeSlice; goto raise; }
                    sp[0] = _heap.Alloc(_cache, n * es, t->Tid); ip += 5; continue;
                }
                case (byte)Op.FnInit:
                {
                    long p = *sp++;
                    if (p == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    *(long*)p = Values.FuncWord(I32(ip + 1)); ip += 5; continue;
                }
                case (byte)Op.Grow:
                    if (_heap.GcWanted) goto collect;
                    if (!Grow(sp, _types + I32(ip + 1))) goto raise;
                    sp += 1; ip += 5; continue;
                case (byte)Op.SlCopy:
                {
                    long sl = sp[1], sptr = sp[2], dl = sp[4], dptr = sp[5];
                    long n = Math.Min(sl, dl), bytes = n * _types[I32(ip + 1)].Size;
                    if (bytes > 0 && sptr != dptr) Buffer.MemoryCopy((void*)sptr, (void*)dptr, bytes, bytes);
                    sp[5] = n; sp += 5; ip += 5; continue;
                }

                // ---- defer (must match docs/abi.md §_defer) ----
                // An unfused defer checks that the closure's function has the defer's signature (a nil closure is
                // deferred as it is and panics when run); the fused `ldfn F; defer` forms were checked when
                // quickened and enter after the check (Quicken.DeferSChecked/DeferHChecked: never in code).
                case (byte)Op.DeferS:
                    if (!ClosureHasSig(sp[0], I32(ip + 3))) goto badDeferSig;
                    goto case Quicken.DeferSChecked;
                case (byte)Op.DeferH:
                    if (!ClosureHasSig(sp[0], I32(ip + 1))) goto badDeferSig;
                    goto case Quicken.DeferHChecked;
                case Quicken.DeferSChecked:
                {
                    // deferprocStack: the record lives in this frame; fill every field, link it.
                    // Nothing between filling and linking may scan or move the frame (defers is no
                    // safepoint, the seed's nosplit): only stores happen here.
                    Defer* d = (Defer*)(fp - fi->DeferOff[U16(ip + 1)]);
                    nint fv = (nint)(*sp++);
                    int nargs = _sigParams[I32(ip + 3)];
                    // Argument 0 is deepest on the operand stack and first in the record.
                    long* args = (long*)((byte*)d + Defer.OffArgs);
                    for (long* a = sp + nargs; a != sp;) *args++ = *--a;
                    sp += nargs;
                    *(ulong*)d = (uint)(nargs * 8); // siz, started = 0, heap = 0 (and the padding) in one store
                    G* g = _g;
                    d->Sp = (nint)fp; d->Pc = (nint)(ip - fi->Code); d->Fn = fv; d->Panic = 0;
                    d->Link = g->Defer; g->Defer = (nint)d;
                    _counters.StackDefers++;
                    ip += 7; continue;
                }
                case Quicken.ConstDeferS:
                {
                    // ldi k1 ... ldi kn; ldfn F; defers R S (Quicken: n is S's parameter count, F has S): the seed's
                    // stack record filled by the defer site itself, the constants stored straight into it.
                    byte* q = ip;
                    do q += 9; while (*q == (byte)Op.LdI);   // q: the ldfn; q + 5: the defers
                    Defer* d = (Defer*)(fp - fi->DeferOff[U16(q + 6)]);
                    long* args = (long*)((byte*)d + Defer.OffArgs);
                    for (byte* k = ip; k != q; k += 9) *args++ = I64(k + 1);
                    *(ulong*)d = (uint)(_sigParams[I32(q + 8)] * 8);   // siz, started = 0, heap = 0
                    G* g = _g;
                    ip = q + 5;
                    d->Sp = (nint)fp; d->Pc = (nint)(ip - fi->Code); d->Fn = _funcvals[I32(q + 1)]; d->Panic = 0;
                    d->Link = g->Defer; g->Defer = (nint)d;
                    _counters.StackDefers++;
                    ip += 7; continue;
                }
                case Quicken.DeferHChecked:
                {
                    // deferproc: a record from this P's pool (newdefer), filled and linked.
                    if (_heap.GcWanted) goto collect;
                    nint fv = (nint)(*sp++);
                    int nargs = _sigParams[I32(ip + 1)];
                    Defer* d = (Defer*)_pool.Rent(nargs * 8);
                    long* args = (long*)((byte*)d + Defer.OffArgs);
                    for (long* a = sp + nargs; a != sp;) *args++ = *--a;
                    sp += nargs;
                    d->Started = 0;
                    G* g = _g;
                    d->Sp = (nint)fp; d->Pc = (nint)(ip - fi->Code); d->Fn = fv; d->Panic = 0;
                    d->Link = g->Defer; g->Defer = (nint)d;
                    _counters.HeapDefers++;
                    ip += 5; continue;
                }
                case (byte)Op.DeferRet:
                {
                    // deferreturn: run the newest record if it belongs to this frame, with this
                    // instruction as the continuation, so the deferred call's return comes back here
                    // for the next one (Go's jmpdefer re-executing CALL deferreturn). Rule 8: the stack
                    // is empty here, so resetting sp also drops a deferred call's results.
                    sp = (long*)(fp - fi->Region);
                    G* g = _g;
                    Defer* d = (Defer*)g->Defer;
                    if (d == null || d->Sp != (nint)fp)
                    {
                        // Nothing (more) to run: a function without results returns right after its deferret.
                        ip += 1;
                        if (*ip == (byte)Op.Ret) goto case (byte)Op.Ret;
                        continue;
                    }
                    nint fv = d->Fn;
                    int nargs = d->Siz >> 3;
                    long* args = (long*)((byte*)d + Defer.OffArgs);
                    for (long* end = args + nargs; args != end;) *--sp = *args++;
                    d->Fn = 0;
                    g->Defer = d->Link;
                    if (d->Heap != 0) _pool.Return((nint)d);
                    if (fv == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    long w = *(long*)fv;
                    if (w == 0) { _err = Err.Nil; _errX = 0; goto raise; }
                    if ((ulong)(w - 1) >= (ulong)_nfuncs || (f = _funcs + (w - 1))->NParams != nargs)
                    { _fatal = "deferreturn: bad deferred function"; goto fatal; }
                    ctx = fv; cont = ip - fi->Code;
                    goto doCall;
                }
                case (byte)Op.Panic:
                {
                    long data = sp[0], type = sp[1];
                    sp += 2;
                    SaveRegs(fp, (int)(ip - fi->Code), sp);
                    act = StartPanic(type, (nint)data);
                    goto dispatch;
                }
                case Quicken.RecoverBr:
                {
                    // recover; pop; brtrue|brfalse: the branch on the recovered value's type word (Op.Recover below).
                    Panic* p = (Panic*)_g->Panic;
                    long type = 0;
                    if (p != null && p->Recovered == 0 && p->Argp == (nint)fp) { p->Recovered = 1; type = p->ArgType; }
                    ip = (type != 0) == (ip[2] == (byte)Op.BrTrue) ? fi->Code + (uint)I32(ip + 3) : ip + 7;
                    continue;
                }
                case (byte)Op.Recover:
                {
                    // gorecover: only in the deferred call the newest panic runs directly (its frame is p.argp).
                    Panic* p = (Panic*)_g->Panic;
                    if (p != null && p->Recovered == 0 && p->Argp == (nint)fp)
                    {
                        p->Recovered = 1;
                        sp -= 2; sp[1] = p->ArgType; sp[0] = p->ArgData;
                    }
                    else { sp -= 2; sp[1] = 0; sp[0] = 0; }
                    ip += 1; continue;
                }

                // ---- goroutines and channels (Machine.Sched.cs, Channels.cs) ----
                case (byte)Op.Go:
                {
                    // newproc: closure on top, its arguments below, copied to the new goroutine's stack.
                    int sig = I32(ip + 1);
                    nint fv = (nint)sp[0];
                    int nargs = _sigParams[sig];
                    long w = fv == 0 ? 0 : *(long*)fv;
                    if (w == 0) { _fatal = "go of nil func value"; goto fatal; }
                    if ((ulong)(w - 1) >= (ulong)_nfuncs || _funcs[w - 1].Sig != _sigCanon[sig])
                    { _fatal = "go: closure's function does not have the go statement's signature"; goto fatal; }
                    NewProc(fv, (int)(w - 1), sp + 1, nargs);
                    sp += 1 + nargs; ip += 5; continue;
                }
                case (byte)Op.MakeChan:
                {
                    if (_heap.GcWanted) goto collect;
                    int et = I32(ip + 1);
                    long n = sp[0], es = _types[et].Size;
                    if (n < 0 || (es != 0 && n > MaxAlloc / es)) { _err = Err.MakeChan; goto raise; }
                    sp[0] = MakeChan(et, n); ip += 5; continue;
                }
                case (byte)Op.Send:
                    SaveRegs(fp, (int)(ip - fi->Code), sp);
                    act = ChanSend((Chan*)sp[1], (nint)sp[0]);
                    goto dispatch;
                case (byte)Op.Recv:
                case (byte)Op.Recv2:
                    SaveRegs(fp, (int)(ip - fi->Code), sp);
                    act = ChanRecv((Chan*)sp[1], (nint)sp[0], *ip == (byte)Op.Recv2);
                    goto dispatch;
                case (byte)Op.Close:
                    SaveRegs(fp, (int)(ip - fi->Code), sp);
                    act = ChanClose((Chan*)sp[0]);
                    goto dispatch;
                case (byte)Op.Select:
                    SaveRegs(fp, (int)(ip - fi->Code), sp);
                    act = Select(U16(ip + 1), (ip[3] & 1) != 0);
                    goto dispatch;

                case (byte)Op.Print: sp = DoPrint(ip[1], sp); ip += 2; continue;
                case (byte)Op.Rt:
                {
                    if (_heap.GcWanted || U16(ip + 1) == (ushort)RuntimeId.GC) goto collect;
                    if (IsSchedRt(U16(ip + 1)))
                    {
                        SaveRegs(fp, (int)(ip - fi->Code), sp);
                        act = RtSched(U16(ip + 1)); // Gosched, Sleep, semaphores, atomics, fatal (Machine.Sched.cs)
                        goto dispatch;
                    }
                    long* nsp = DoRuntime(U16(ip + 1), sp);
                    if (nsp == null) return Act.Exit;
                    sp = nsp; ip += 3; continue;
                }

                default:
                    _fatal = BadOpcode(*ip, (int)(ip - fi->Code)); goto fatal;
            }
        }

    nilLoad:
        _err = Err.Nil;
        _errX = I32(ip + 1);
    raise:
        SaveRegs(fp, (int)(ip - fi->Code), sp);
        act = RaiseRuntimeError();
        goto dispatch;

    badDeferSig:
        _fatal = "defer: closure's function does not have the defer's signature";
    fatal:
        SaveRegs(fp, (int)(ip - fi->Code), sp);
        act = Fatal(_fatal, true);
        goto dispatch;

    poll:
        if (Volatile.Read(ref _preempt) == 0) goto hotLoop;
        // A stop was requested (preemption, stop-the-world, program end): stop at this backward branch
        // (its map holds), maybe park, and continue from the saved top, which a collection may have moved.
        SaveRegs(fp, (int)(ip - fi->Code), sp);
        _gr.Top = new StackTop { Kind = TopKind.AtPc, Fp = fp, Pc = _pc, Sp = sp };
        act = Preempted();
        goto dispatch;

    hotLoop:
        {
            // The function's budget ran out at a backward branch (or it has compiled code): take the
            // branch here, then compile and/or continue the frame compiled at the loop header.
            byte* t = fi->Code + (uint)I32(ip + 1);
            if (*ip != (byte)Op.Br && (*sp++ != 0) != (*ip == (byte)Op.BrTrue)) { ip += 5; goto loop; }
            SaveRegs(fp, (int)(t - fi->Code), sp);
            act = NativeLoop();
            goto dispatch;
        }

    collect:
        // A collection at this safepoint (Protect: it may shrink, so move, the stack).
        SaveRegs(fp, (int)(ip - fi->Code), sp);
        act = CollectHere();
        goto dispatch;

    doCall:
        {
            // Build the frame of f below the caller's operand-stack top, where its arguments are
            // (docs/abi.md §frame; the geometry precomputed in FuncRt): prologue stack check, zeroed
            // locals and frame objects, header.
            if (_jitOn && (f->Native != 0 || --f->Hot < 0))
            {
                // Compiled (or due to be): the callee's compiled prologue builds the frame.
                // Whatever comes back, dispatch reloads the registers: an Act.Call may be this call made
                // interpreted (not compiled: its budget is reset, so the check passes) or a call compiled
                // code made to an interpreted function (CallInterpreted), with other registers.
                _fp = fp; _sp = sp; _callee = f->Index; _ctx = ctx; _cont = cont;
                act = NativeCall();
                goto dispatch;
            }
            if ((byte*)sp - f->StackNeed < (byte*)_g->StackGuard)
            {
                // morestack: grow (or, under stackmove=1, move) the stack, then build the frame on
                // the new one. Every register that may point into the stack comes back adjusted.
                act = MoreStack(fp, cont, f->Index, ctx, sp, (byte*)sp - f->FpFromSp, (byte*)sp - f->StackNeed);
                if (act != Act.Call) goto dispatch; // a stop at this check resumes with CallRetry
                fp = _fp; sp = _sp; ctx = _ctx;
            }
            byte* nfp = (byte*)sp - f->FpFromSp;
            if (f->ZeroAny != 0)
            {
                // Zero the frame objects and the declared locals (the header is written below); the inline
                // defer records below them are never read before defers fills them (docs/abi.md §frame).
                long* z = (long*)(nfp - f->ZeroFrom);
                for (int n = f->ZeroFrom >> 3; n > 0; n--) *z++ = 0;
                z = (long*)(nfp + Frame.HeaderSize);
                for (int n = f->NLocals; n > 0; n--) *z++ = 0;
            }
            *(long*)(nfp + Frame.OffFunc) = f->Index;
            *(nint*)(nfp + Frame.OffCtx) = ctx;
            *(byte**)(nfp + Frame.OffSavedFp) = fp;
            *(long*)(nfp + Frame.OffCont) = cont;
            fp = nfp; fi = f; ip = f->Code; sp = (long*)(nfp - f->Region); slots = (long*)(nfp + f->SlotsFromFp);
            goto loop;
        }

    dispatch:
        switch (act)
        {
            case Act.Resume:
                fp = _fp; fi = _funcs + *(int*)fp; ip = fi->Code + _pc; sp = _sp;
                slots = (long*)(fp + fi->SlotsFromFp);
                goto loop;
            case Act.Call:
            case Act.CallRetry:
                fp = _fp; sp = _sp; f = _funcs + _callee; ctx = _ctx; cont = _cont;
                goto doCall;
            default:
                return act;
        }
    }

    /// <summary>Whether closure <paramref name="fv"/> may be deferred with signature <paramref name="sig"/>: nil (it
    /// panics when run), or its function word names a function of that signature.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    bool ClosureHasSig(long fv, int sig)
    {
        if (fv == 0) return true;
        long w = *(long*)fv;
        return w == 0 || ((ulong)(w - 1) < (ulong)_nfuncs && _funcs[w - 1].Sig == _sigCanon[sig]);
    }

    static string BadOpcode(byte op, int pc) => $"bad opcode 0x{op:x2} at pc {pc}";

    void SaveRegs(byte* fp, int pc, long* sp) { _fp = fp; _pc = pc; _sp = sp; }

    /// <summary>A collection with the goroutine stopped at the saved safepoint (_fp, _pc, _sp), the world
    /// stopped (every P at a safepoint: Machine.Sched.cs). Stacks may shrink (move): the registers come back
    /// adjusted and the loop reloads them. After runtime.GC() (rt gc) execution continues after the
    /// instruction; it always runs a cycle of its own.</summary>
    Act CollectHere()
    {
        bool forced = _funcs[*(int*)_fp].Code[_pc] == (byte)Op.Rt && U16(_funcs[*(int*)_fp].Code + _pc + 1) == (ushort)RuntimeId.GC;
        _gr.Top = new StackTop { Kind = TopKind.AtPc, Fp = _fp, Pc = _pc, Sp = _sp };
        if (_gcs.Verify)
        {
            // The operand stack must be as deep as the safepoint's map says (docs/verifier.md).
            var fr = _frames.Funcs[*(int*)_fp];
            long depth = (_fp - fr.Region - (byte*)_sp) / 8;
            if (fr.Maps.MapAt(_pc) is { } m && m.Depth != depth)
                throw new GcFatalException($"gcverify: operand depth {depth} at pc {_pc} in {fr.Maps.Func.Name}, stack map says {m.Depth}");
        }
        for (;;)
        {
            bool ran = StopTheWorldAndRun(() =>
            {
                // Another P's collection may have run while this one waited: collect only if still due.
                if (!forced && !_heap.GcWanted) return;
                _central.Clear();
                var gs = _s.ScannableGs();
                _collector.Collect(gs, _globalRoots, MarkAllPools, forced, Math.Min(_s.AllPs.Count, _s.GoMaxProcs));
            });
            if (ran || !forced) break;
        }
        if (_s.Stopping) return Act.Stop;
        _fp = _gr.Top.Fp;
        _sp = _gr.Top.Sp;
        if (forced) _pc += 3;
        return Act.Resume;
    }

    /// <summary>Every P's pooled heap _defer records are roots (bounded, kept across cycles).</summary>
    void MarkAllPools(Heap h)
    {
        foreach (var p in _s.AllPs) p._pool.MarkPooled(h);
    }

    /// <summary>runtime.Gosched: the goroutine goes to the global queue and continues after the
    /// <c>rt</c> instruction when it runs again.</summary>
    Act Gosched()
    {
        _gr.Top = new StackTop { Kind = TopKind.AtPc, Fp = _fp, Pc = _pc, Sp = _sp };
        _gr.Completion = Completion.Skip;
        _gr.SkipBytes = 3;
        GlobalPut(_gr);
        return Act.Park;
    }

    /// <summary>
    /// Go's newstack, for a failed prologue check: the caller <paramref name="fp"/> is stopped at its call
    /// (continuation <paramref name="cont"/>), the callee's arguments are at <paramref name="sp"/> and
    /// its closure in <paramref name="ctx"/>. Grows the stack to twice its size (more if the frame
    /// needs it) or, under stackmove=1 with room enough, moves it to a segment of the same size; fatal
    /// stack overflow beyond the limit. Leaves the adjusted registers in _fp, _sp, _ctx.
    /// </summary>
    Act MoreStack(byte* fp, long cont, int callee, nint ctx, long* sp, byte* nfp, byte* bottom)
    {
        if (_g->StackGuard == unchecked((nint)G.StackPreempt) || Volatile.Read(ref _preempt) != 0)
        {
            // Not a real overflow (or not only): a stop request (Go's stackPreempt). Stop here with the
            // call pending; when the goroutine continues, the check runs again.
            _gr.Top = new StackTop { Kind = TopKind.PendingCall, Fp = fp, Cont = cont, Sp = sp, Callee = callee, Ctx = ctx };
            var a = Preempted();
            return a == Act.Resume ? Act.CallRetry : a;
        }
        var st = _gr.Stack;
        long need = (long)(st.Hi - (nint)bottom) + GoroutineStack.GuardSlack;
        long size = st.Size;
        if ((nint)bottom < st.Guard)
        {
            size *= 2;
            while (size < need) size *= 2;
            if (size > _copier.MaxSize) return StackOverflow(fp, cont, callee, (nint)nfp);
        }
        var top = new StackTop { Kind = TopKind.PendingCall, Fp = fp, Cont = cont, Sp = sp, Callee = callee, Ctx = ctx };
        _copier.Copy(_gr, size, ref top);
        _fp = top.Fp;
        _sp = top.Sp;
        _ctx = top.Ctx;
        return Act.Call;
    }

    /// <summary>Largest allocation accepted (Go's maxAlloc on amd64 is 2^48).</summary>
    const long MaxAlloc = 1L << 40;

}
