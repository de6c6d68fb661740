using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Interpreter;

/// <summary>
/// Superinstructions for the interpreter only (Lua's and wasm3's fused dispatch, CPython's "quickening"): common
/// sequences of a function's code are rewritten in the interpreter's private copy of it (<c>FuncRt.Code</c>) so
/// that one dispatch runs the whole sequence. Only the FIRST byte of a sequence changes, to an opcode the table does not
/// use (0xE0 and up) (docs/bytecode.md: these are never in a .gobc and the verifier never sees them); every other byte stays,
/// so an instruction inside a sequence still decodes and runs as itself when something starts there (the JIT's
/// Interpret exits, a return point) and every pc keeps its meaning (stack maps, line tables, tracebacks). A
/// sequence is fused only if no branch targets an instruction inside it, and only if it holds no safepoint: locals,
/// constants, integer compares and arithmetic, and a FORWARD branch (a backward one polls for preemption).
/// </summary>
public static class Quicken
{
    // ldloc a; ldi k; <cmp>; brtrue|brfalse L      (18 bytes; L forward)
    public const byte LocConstEqBr = 0xE0, LocConstNeBr = 0xE1, LocConstLtBr = 0xE2, LocConstLeBr = 0xE3,
        LocConstGtBr = 0xE4, LocConstGeBr = 0xE5;
    // ldloc a; ldloc b; <cmp>; brtrue|brfalse L    (12 bytes; L forward)
    public const byte LocLocEqBr = 0xE6, LocLocNeBr = 0xE7, LocLocLtBr = 0xE8, LocLocLeBr = 0xE9,
        LocLocGtBr = 0xEA, LocLocGeBr = 0xEB;
    // ldloc a; ldi k; add|sub; stloc b             (16 bytes)
    public const byte LocConstAddSt = 0xEC, LocConstSubSt = 0xED;
    // ldloc a; ldloc b; add; stloc c               (10 bytes)
    public const byte LocLocAddSt = 0xEE;

    // ldi k; ldi k2 [; ldi k3 ...]: the run of constant pushes, to the first instruction that is not an ldi
    public const byte LdIRun = 0xEF;

    // ldfn F; defers R S | deferh S: `defer f(...)` of a static function, the push then the defer without a dispatch
    public const byte LdFnDeferS = 0xF0, LdFnDeferH = 0xF1;

    // recover; pop; brtrue|brfalse L: `if recover() != nil` (the compiler branches on the interface's type word; L forward)
    public const byte RecoverBr = 0xF2;

    // ldi k ...; ldfn F; defers R S | deferh S: `defer f(k, ...)`, the constants, the push and the defer in one dispatch
    // (the ldfn is fused as LdFnDeferS/H too, for code entered there)
    public const byte LdIRunFnDeferS = 0xF3, LdIRunFnDeferH = 0xF4;

    // ldi k1 ... ldi kn; ldfn F; defers R S with n = S's parameter count: `defer f(k1, ..., kn)` with a stack record,
    // the constants stored straight into the frame's record, as the seed's compiler stores a stack record's
    // arguments (a heap record's deferproc copies them, here as the unfused deferh does). Earlier ldi of the run
    // stay an LdIRun.
    public const byte ConstDeferS = 0xF5;

    // Not written into code: the loop's entries to defers/deferh AFTER the check that the closure's function has the
    // defer's signature. The `ldfn F; defer` fusions above are made only when F has it (checked here, once), so they
    // enter there; an unfused defer checks at run time (untrusted bytecode may defer any closure).
    public const byte DeferSChecked = 0xFE, DeferHChecked = 0xFF;

    /// <summary>The first fused opcode; everything from here up is the interpreter's own.</summary>
    public const byte First = 0xE0;

    static int CmpIndex(Op op) => op switch
    {
        Op.Eq => 0, Op.Ne => 1, Op.Lt => 2, Op.Le => 3, Op.Gt => 4, Op.Ge => 5, _ => -1,
    };

    /// <summary>Rewrites the fusable sequences of function <paramref name="f"/>'s code in <paramref name="code"/>
    /// (the interpreter's copy of it).</summary>
    public static unsafe void Apply(Module m, FunctionDef f, byte* code)
    {
        byte[] src = f.Code;
        var targets = InstrCodec.BranchTargets(src, f.DeferReturnPc);
        // `ldfn F; defer... S` is fused only if F has signature S (defers: operands R, S; deferh: S).
        bool Known(Instr ldfn, Instr defer)
        {
            long fn = ldfn.A, sig = defer.Op == Op.DeferS ? defer.B : defer.A;
            return (ulong)fn < (ulong)m.Funcs.Count && (ulong)sig < (ulong)m.Sigs.Count && m.Sigs[m.Funcs[(int)fn].Sig].Equals(m.Sigs[(int)sig]);
        }
        var starts = new List<Instr>();
        for (int pc = 0; pc < src.Length; pc = starts[^1].Next) starts.Add(InstrCodec.Decode(src, pc));
        for (int k = 0; k + 1 < starts.Count; k++)
        {
            Instr a = starts[k], b = starts[k + 1];
            if (a.Op == Op.LdI && b.Op is Op.LdI or Op.LdFn)
            {
                // A run of constant pushes. The LdIRun handler pushes while the next opcode byte is ldi's, so the run
                // needs no length: an ldi that a branch targets still runs as itself when entered there.
                int first = k;
                while (k + 1 < starts.Count && starts[k + 1].Op == Op.LdI) k++;
                if (k > first) code[a.Pc] = LdIRun;
                // Followed by a fusable `ldfn; defer`, the run goes on into it without a dispatch.
                if (k + 2 < starts.Count && starts[k + 1].Op == Op.LdFn && starts[k + 2].Op is Op.DeferS or Op.DeferH
                    && !targets.Contains(starts[k + 1].Pc) && !targets.Contains(starts[k + 2].Pc) && Known(starts[k + 1], starts[k + 2]))
                {
                    Instr defer = starts[k + 2];
                    int nargs = defer.Op == Op.DeferS ? m.Sigs[(int)defer.B].Params.Length : 0;
                    int argStart = k + 1 - nargs;
                    if (nargs > 0 && argStart >= first && !Enumerable.Range(argStart + 1, nargs - 1).Any(j => targets.Contains(starts[j].Pc)))
                    {
                        // The last nargs constants are the arguments: they go into the record (an ldi of them that
                        // is a branch target would run as itself and push, so none may be). Before them, a run of
                        // two or more stays an LdIRun; a single ldi stays itself.
                        code[a.Pc] = argStart - first >= 2 ? LdIRun : (byte)Op.LdI;
                        code[starts[argStart].Pc] = ConstDeferS;
                    }
                    else if (k > first) code[a.Pc] = defer.Op == Op.DeferS ? LdIRunFnDeferS : LdIRunFnDeferH;
                }
                continue;
            }
            if (a.Op == Op.Recover && b.Op == Op.Pop && k + 2 < starts.Count && starts[k + 2] is { Op: Op.BrTrue or Op.BrFalse } br
                && br.A > br.Pc && !targets.Contains(b.Pc) && !targets.Contains(br.Pc))
            {
                code[a.Pc] = RecoverBr;
                k += 2;
                continue;
            }
            if (a.Op == Op.LdFn && b.Op is Op.DeferS or Op.DeferH && !targets.Contains(b.Pc) && Known(a, b))
            {
                code[a.Pc] = b.Op == Op.DeferS ? LdFnDeferS : LdFnDeferH;
                k += 1;
                continue;
            }
            if (k + 3 >= starts.Count) continue;
            Instr c = starts[k + 2], d = starts[k + 3];
            if (a.Op != Op.LdLoc || targets.Contains(b.Pc) || targets.Contains(c.Pc) || targets.Contains(d.Pc)) continue;
            byte fused = 0;
            if (d.Op is Op.BrTrue or Op.BrFalse && d.A > d.Pc && CmpIndex(c.Op) is int ci and >= 0)
            {
                if (b.Op == Op.LdI) fused = (byte)(LocConstEqBr + ci);
                else if (b.Op == Op.LdLoc) fused = (byte)(LocLocEqBr + ci);
            }
            else if (d.Op == Op.StLoc && c.Op is Op.Add or Op.Sub && b.Op == Op.LdI)
                fused = c.Op == Op.Add ? LocConstAddSt : LocConstSubSt;
            else if (d.Op == Op.StLoc && c.Op == Op.Add && b.Op == Op.LdLoc)
                fused = LocLocAddSt;
            if (fused == 0) continue;
            code[a.Pc] = fused;
            k += 3;
        }
    }
}
