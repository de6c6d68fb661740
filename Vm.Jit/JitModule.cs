using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using Iced.Intel;
using Vm.Core.Verification;
using Vm.Gc;
using static Iced.Intel.AssemblerRegisters;
using static Vm.Jit.Registers;

namespace Vm.Jit;

/// <summary>
/// A verified module compiled to amd64 in one code block: the entry and exit stubs (docs/jit.md §stubs),
/// then every function (<see cref="Emitter"/>). Assembled with Iced at the block's final address, which
/// <see cref="ExecutableMemory.Install"/> hands over; the (bytecode pc -> native address) table of each
/// function is kept for disassembly and, later, for the stack walker.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class JitModule
{
    /// <summary>The frame geometry both tiers share.</summary>
    public FrameTable Frames { get; }
    public CodeBlock Block { get; }
    /// <summary>The entry stub: <c>void Enter(JitState*)</c> (SysV).</summary>
    public nint EnterStub { get; }
    /// <summary>Native entry (prologue) of each function.</summary>
    public nint[] FuncEntry { get; }
    /// <summary>Per function: (bytecode pc, native address) of each instruction, in pc order.</summary>
    public (int Pc, nint Addr)[][] PcMap { get; }
    /// <summary>Per function with register homes: (bytecode pc, the stub at that branch target that loads the
    /// homes before jumping to its code; <see cref="Emitter.TryEntryLabel"/>), in pc order; empty for the others.</summary>
    readonly (int Pc, nint Addr)[][] _entryStubs;
    /// <summary>Per function: (return address, bytecode continuation) of each call made from a slow path
    /// (<see cref="Emitter.SlowCall"/>); the PcMap rule "the instruction holding ret - 1" does not apply there.</summary>
    public (nint Ret, int Cont)[][] SlowCalls { get; }
    /// <summary>Per function: native end of its code (slow paths included).</summary>
    public nint[] FuncEnd { get; }
    /// <summary>Per function: start of its out-of-line slow paths (= FuncEnd when it has none).</summary>
    public nint[] SlowStart { get; }
    /// <summary>The function entry table every compiled <c>call</c> jumps through (docs/jit.md §convention): entry i
    /// is function i's native entry, or <see cref="CallInterpretedStub"/> when it has no compiled code. Pinned,
    /// so its address is fixed for the module's lifetime; patching an entry switches every caller at once.</summary>
    public nint* EntryTable => (nint*)Unsafe.AsPointer(ref _entryTable[0]);
    /// <summary>The shared stub that exits with <see cref="ExitReason.CallInterpreted"/> (Func = callee).</summary>
    public nint CallInterpretedStub { get; }
    /// <summary>Per function: its call entry, the address the entry table holds for a compiled function (it pops
    /// the return address a compiled caller's native <c>call</c> pushed, then runs <see cref="FuncEntry"/>'s code).</summary>
    public nint[] CallEntry { get; }

    readonly nint[] _entryTable;

    sealed class BufWriter : CodeWriter
    {
        public byte[] Bytes = new byte[4096];
        public int Count;

        public override void WriteByte(byte value)
        {
            if (Count == Bytes.Length)
            {
                var grown = new byte[2 * Count];
                Buffer.BlockCopy(Bytes, 0, grown, 0, Count);
                Bytes = grown;
            }
            Bytes[Count++] = value;
        }
    }

    /// <summary>Compiles every function of <paramref name="vm"/> into <paramref name="mem"/>.</summary>
    public static JitModule Compile(VerifiedModule vm, ExecutableMemory mem) => new(new FrameTable(vm), mem, null, null, null);

    /// <summary>Compiles every function of <paramref name="frames"/>' module (the runtime's own frame table); with
    /// <paramref name="statics"/>, ldfn/gaddr/ldstr become constants.</summary>
    public static JitModule Compile(FrameTable frames, ExecutableMemory mem, RuntimeStatics? statics = null) => new(frames, mem, statics, null, null);

    /// <summary>Compiles only <paramref name="funcs"/>, calling through <paramref name="sharedTable"/> (pinned, one
    /// slot per module function, owned by the caller: the JIT engine's tiering). The module's own slots are
    /// NOT patched: the caller publishes <see cref="CallEntry"/> when it is ready.</summary>
    public static JitModule CompileSome(FrameTable frames, ExecutableMemory mem, RuntimeStatics? statics, IReadOnlyCollection<int> funcs, nint[] sharedTable)
        => new(frames, mem, statics, funcs, sharedTable);

    /// <summary>The functions this module holds code for.</summary>
    public IReadOnlyList<int> Funcs { get; }

    JitModule(FrameTable frames, ExecutableMemory mem, RuntimeStatics? statics, IReadOnlyCollection<int>? funcs, nint[]? sharedTable)
    {
        Frames = frames;
        int n = frames.Funcs.Length;
        var list = new int[funcs?.Count ?? n];
        if (funcs is null) for (int f = 0; f < n; f++) list[f] = f;
        else
        {
            int k = 0;
            foreach (int f in funcs) list[k++] = f;
            Array.Sort(list);
        }
        Funcs = list;
        FuncEntry = new nint[n];
        PcMap = new (int, nint)[n][];
        for (int f = 0; f < n; f++) PcMap[f] = [];
        _entryStubs = new (int, nint)[n][];
        for (int f = 0; f < n; f++) _entryStubs[f] = [];
        FuncEnd = new nint[n];
        SlowCalls = new (nint, int)[n][];
        for (int f = 0; f < n; f++) SlowCalls[f] = [];
        SlowStart = new nint[n];
        CallEntry = new nint[n];
        _entryTable = sharedTable ?? GC.AllocateArray<nint>(Math.Max(1, n), pinned: true);
        nint table = (nint)EntryTable;

        // Pass 1 at address 0 measures; the code refers to nothing outside the block, so its size does
        // not depend on the address. Pass 2 assembles at the final address.
        int size = new Assembly(frames, table, 0, statics, list).W.Count;
        Block = mem.Install(size + 64, (rip, dest) =>
        {
            var asm = new Assembly(frames, table, (ulong)rip, statics, list);
            var w = asm.W;
            var result = asm.Result;
            w.Bytes.AsSpan(0, w.Count).CopyTo(dest);
            EnterStubTmp = (nint)result.GetLabelRIP(asm.Enter);
            CallInterpTmp = (nint)result.GetLabelRIP(asm.CallInterp);
            foreach (int f in list)
            {
                var e = asm.Emitters[f]!;
                FuncEntry[f] = (nint)result.GetLabelRIP(asm.Entries[f]);
                CallEntry[f] = (nint)result.GetLabelRIP(e.CallEntry);
                PcMap[f] = LabelTable(e.TryPcLabel, M(f).Code.Length, result);
                _entryStubs[f] = LabelTable(e.TryEntryLabel, M(f).Code.Length, result);
                var calls = new (nint, int)[e.SlowCallCount];
                for (int k = 0; k < calls.Length; k++)
                {
                    var ret = e.SlowCall(k, out int cont);
                    calls[k] = ((nint)result.GetLabelRIP(ret), cont);
                }
                SlowCalls[f] = calls;
                SlowStart[f] = e.SlowStart is { } s ? (nint)result.GetLabelRIP(s) : 0;
            }
            for (int k = 0; k < list.Length; k++)
            {
                int f = list[k];
                FuncEnd[f] = k + 1 < list.Length ? CallEntry[list[k + 1]] : rip + w.Count;
                if (SlowStart[f] == 0) SlowStart[f] = FuncEnd[f];
            }
            return w.Count;
        }, this);

        Vm.Core.Modules.FunctionDef M(int f) => frames.Module.Funcs[f];
        EnterStub = EnterStubTmp;
        CallInterpretedStub = CallInterpTmp;
        if (sharedTable is null)
            for (int f = 0; f < n; f++) _entryTable[f] = CallEntry[f] != 0 ? CallEntry[f] : CallInterpretedStub;
    }

    nint EnterStubTmp, CallInterpTmp;

    /// <summary>Where the dispatcher enters function <paramref name="func"/> at branch target <paramref name="pc"/>
    /// (on-stack replacement): the stub that loads its register homes, if it has homes, else the instruction's code
    /// (<see cref="PcMap"/>); 0 if there is none.</summary>
    public nint EntryAt(int func, int pc)
    {
        if (Find(_entryStubs[func], pc) is not 0 and var stub) return stub;
        return Find(PcMap[func], pc);
    }

    /// <summary>The address of <paramref name="pc"/> in a table in pc order, or 0.</summary>
    static nint Find((int Pc, nint Addr)[] map, int pc)
    {
        int lo = 0, hi = map.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (map[mid].Pc == pc) return map[mid].Addr;
            if (map[mid].Pc < pc) lo = mid + 1; else hi = mid - 1;
        }
        return 0;
    }

    delegate bool PcLabels(int pc, out Label label);

    /// <summary>(pc, address) of every pc up to <paramref name="codeLength"/> that <paramref name="labels"/> has, in pc order.</summary>
    static (int Pc, nint Addr)[] LabelTable(PcLabels labels, int codeLength, AssemblerResult result)
    {
        int n = 0;
        for (int pc = 0; pc <= codeLength; pc++) if (labels(pc, out _)) n++;
        var table = new (int, nint)[n];
        n = 0;
        for (int pc = 0; pc <= codeLength; pc++)
            if (labels(pc, out var l)) table[n++] = (pc, (nint)result.GetLabelRIP(l));
        return table;
    }

    /// <summary>One assembly of the module's stubs and functions at <c>rip</c>: the bytes and the labels' places.</summary>
    sealed class Assembly
    {
        public readonly BufWriter W = new();
        public readonly AssemblerResult Result;
        public readonly Label[] Entries;
        public readonly Emitter?[] Emitters;
        public readonly Label Enter, CallInterp;

        public Assembly(FrameTable frames, nint entryTable, ulong rip, RuntimeStatics? statics, int[] funcs)
        {
            var a = new Assembler(64);
            Enter = a.CreateLabel("enter");
            var exit = a.CreateLabel("exit");
            CallInterp = a.CreateLabel("callinterp");
            var returnTail = a.CreateLabel("returntail");
            EmitStubs(a, ref Enter, ref exit, ref returnTail);
            Emitter.EmitCallInterpretedStub(a, ref CallInterp, exit, entryTable);
            int n = frames.Funcs.Length;
            Entries = new Label[n];
            for (int f = 0; f < n; f++) Entries[f] = a.CreateLabel($"f{f}");
            Emitters = new Emitter?[n];
            var callEntries = new Label?[n];
            var testedEntries = new Label?[n];
            foreach (int f in funcs) { callEntries[f] = a.CreateLabel($"call{f}"); testedEntries[f] = a.CreateLabel($"tested{f}"); }
            foreach (int f in funcs) Emitters[f] = Emitter.EmitFunction(a, frames, f, Entries, callEntries, testedEntries, exit, returnTail, entryTable, statics);
            if (!a.TryAssemble(W, rip, out string? error, out Result, BlockEncoderOptions.ReturnNewInstructionOffsets))
                throw new InvalidOperationException("jit: assembling failed: " + error);
        }
    }

    /// <summary>
    /// The entry stub (<c>void Enter(JitState* st)</c>, SysV): saves the callee-saved registers and the thread's
    /// <c>rsp</c>, moves <c>rsp</c> to the base of the P's machine stack (<see cref="MachineStack"/>) whose slot it
    /// points at the return trampoline, loads the VM registers from the state and jumps to <c>st->Target</c> with
    /// the function-entry registers (continuation, closure) set. The exit stub undoes it: compiled code stores its
    /// registers and reason, then jumps here, from any machine-stack depth. The thread's depth is fixed:
    /// dispatcher -> Enter -> compiled code (on the machine stack) -> helper (back on the thread's stack).
    ///
    /// The return trampoline is where a <c>ret</c> lands in a frame the dispatcher entered (resumed, on-stack
    /// replacement, called from the interpreter): its continuation is not on the machine stack, and <c>ret</c> does
    /// not load it. The trampoline finds it from <see cref="JitState.TrampFrame"/> (see there): the entered frame's
    /// header, or <see cref="JitState.Cont"/> for a frame the entry built. A native continuation is jumped to
    /// (<c>rsp</c> back at the base, which keeps the trampoline), any other (a bytecode pc,
    /// <c>Continuation.Exit</c>/<c>Panic</c>) exits with <see cref="ExitReason.Return"/>.
    /// </summary>
    /// <paramref name="returnTail"/>: the trampoline's second half (continuation in <c>rax</c>, <c>rsp</c> at the base
    /// slot), which a return that found its continuation itself also takes (Emitter.EmitRet).
    static void EmitStubs(Assembler a, ref Label enter, ref Label exit, ref Label returnTail)
    {
        var tramp = a.CreateLabel("tramp");
        a.Label(ref enter);
        a.push(rbp);
        a.mov(rbp, rsp);
        a.push(rbx); a.push(r12); a.push(r13); a.push(r14); a.push(r15);
        a.sub(rsp, 8);                   // 16-byte alignment for helper calls
        a.mov(State, rdi);
        a.mov(__[State + JitStateLayout.ThreadRsp], rsp);
        a.mov(rsp, __[State + JitStateLayout.MachineBase]);
        a.lea(rax, __[tramp]);
        a.mov(__[rsp], rax);
        a.mov(Fp, __[State + JitStateLayout.Fp]);
        a.mov(__[State + JitStateLayout.TrampFrame], Fp);
        a.mov(Sp, __[State + JitStateLayout.Sp]);
        a.mov(G, __[State + JitStateLayout.G]);
        a.mov(EntryCont, __[State + JitStateLayout.Cont]);
        a.mov(EntryCtx, __[State + JitStateLayout.Ctx]);
        a.mov(rsi, __[State + JitStateLayout.Result]);   // a single result, at a return address (Emitter.ResultInRegister)
        a.jmp(__qword_ptr[State + JitStateLayout.Target]);

        a.Label(ref exit);
        a.mov(rsp, __[State + JitStateLayout.ThreadRsp]);
        a.add(rsp, 8);
        a.pop(r15); a.pop(r14); a.pop(r13); a.pop(r12); a.pop(rbx);
        a.pop(rbp);
        a.ret();

        a.Label(ref tramp);
        var toRuntime = a.CreateLabel();
        var entered = a.CreateLabel();
        a.sub(rsp, 8);                   // the base slot again
        a.lea(rcx, __[tramp]);
        a.mov(__[rsp], rcx);
        a.mov(rcx, __[State + JitStateLayout.TrampFrame]);
        a.cmp(rcx, Fp);                  // ret restored Fp = the returning frame's caller
        a.je(entered);
        a.mov(rax, __[rcx + Vm.Core.Abi.Frame.OffCont]);   // the frame the dispatcher entered returned
        a.jmp(returnTail);
        a.Label(ref entered);
        a.mov(rax, __[State + JitStateLayout.Cont]);       // the frame the entry built on top of TrampFrame returned
        a.Label(ref returnTail);
        a.mov(__[State + JitStateLayout.TrampFrame], Fp);  // its caller returns through here next
        a.cmp(rax, (int)Vm.Core.Abi.Continuation.MaxBytecode);
        a.jle(toRuntime);                // signed: the runtime's negative continuations too
        a.jmp(rax);
        a.Label(ref toRuntime);
        a.mov(__[State + JitStateLayout.Cont], rax);
        a.mov(__[State + JitStateLayout.Fp], Fp);
        a.mov(__[State + JitStateLayout.Sp], Sp);
        a.mov(__dword_ptr[State + JitStateLayout.Reason], (int)ExitReason.Return);
        a.mov(__dword_ptr[State + JitStateLayout.Pc], -1);     // not known here (ExitReason.Return)
        a.mov(__dword_ptr[State + JitStateLayout.Func], -1);
        a.jmp(exit);
    }

    /// <summary>The function whose code holds <paramref name="addr"/>, or -1.</summary>
    public int FuncAt(nint addr)
    {
        foreach (int f in Funcs)
            if (addr >= FuncEntry[f] && addr < FuncEnd[f]) return f;
        return -1;
    }
}

/// <summary>Addresses of the runtime's static objects, fixed when a program is loaded (Vm.Interpreter's
/// Machine owns them): each function's funcval (ldfn), each global (gaddr), each string constant's bytes
/// and length (ldstr), each type's size and heap type descriptor (new, newarr). Compiled code embeds them as
/// constants.</summary>
public sealed class RuntimeStatics
{
    public required nint[] Funcvals { get; init; }
    public required nint[] Globals { get; init; }
    public required nint[] StrPtr { get; init; }
    public required long[] StrLen { get; init; }
    /// <summary>Per module type: its size in bytes and the heap's type descriptor (new, newarr).</summary>
    public long[] TypeSize { get; init; } = [];
    public int[] TypeTid { get; init; } = [];
    /// <summary>The runtime's helpers (docs/jit.md §helpers), <c>[UnmanagedCallersOnly]</c> SysV functions of
    /// (JitState*, chan, element pointer): <c>int ChanSend</c> (1 done, 0 the interpreter must do it) and
    /// <c>int ChanRecv</c> (1 a value, 2 closed, 0 the interpreter must do it); 0: none (an Interpret exit).</summary>
    public nint ChanSend { get; init; }
    public nint ChanRecv { get; init; }
}
