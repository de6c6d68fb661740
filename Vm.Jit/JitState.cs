using System.Runtime.InteropServices;

namespace Vm.Jit;

/// <summary>Why compiled code returned to the dispatcher (docs/jit.md §exits).</summary>
public enum ExitReason : int
{
    /// <summary>A <c>ret</c> found a continuation that is not a native return address (<see cref="JitState.Cont"/>): the
    /// goroutine's entry returned (-1), a panic's deferred call returned (-2), or an interpreted caller
    /// resumes at that bytecode pc. <see cref="JitState.Fp"/> is the caller's frame, <see cref="JitState.Sp"/>
    /// its operand-stack top with the results in place. Func and Pc are -1 (the return trampoline does not know
    /// which function returned).</summary>
    Return = 1,
    /// <summary>The instruction at (<see cref="JitState.Func"/>, <see cref="JitState.Pc"/>) is a service the
    /// dispatcher performs (print): it pops the operands, then re-enters at <see cref="JitState.Resume"/>.</summary>
    Service = 2,
    /// <summary>The instruction at (Func, Pc) raised a Go runtime error (divide by zero, negative shift, nil
    /// dereference); the frame is stopped at that pc with the instruction's operands still on its stack, as
    /// the interpreter's <c>raise</c> leaves it.</summary>
    Panic = 3,
    /// <summary>A prologue check failed: the caller <see cref="JitState.Fp"/> is stopped at its call with the
    /// callee <see cref="JitState.Func"/>'s arguments at <see cref="JitState.Sp"/>, continuation in
    /// <see cref="JitState.Cont"/>, closure in <see cref="JitState.Ctx"/>. After growing the stack the dispatcher
    /// re-enters at <see cref="JitState.Resume"/> (the callee's entry, which re-runs the check).</summary>
    MoreStack = 4,
    /// <summary>The instruction at (Func, Pc) is not compiled inline: the frame is exactly an interpreted
    /// frame stopped before it (operands on its stack), so the interpreter can continue it at Pc.</summary>
    Interpret = 5,
    /// <summary>A <c>call</c> to a function that has no compiled code: the arguments are at Sp, the caller's
    /// native return address in Cont; the interpreter builds the callee's frame (doCall) and runs it.</summary>
    CallInterpreted = 6,
    /// <summary>A backward branch found a stop request (<c>G.StackGuard == G.StackPreempt</c>): the frame is stopped
    /// AT the branch instruction (Func, Pc) in the interpreter's exact state there (a conditional branch's
    /// condition still on the operand stack); the dispatcher performs the stop and continues the frame in the
    /// interpreter at Pc (docs/jit.md §exits).</summary>
    Poll = 7,
}

/// <summary>
/// The one block of state the dispatcher and compiled code share (native memory, pinned by construction).
/// The entry stub loads the VM registers from it; every exit stores them back (docs/jit.md §exits).
/// Offsets known to the JIT: the emitter reads them through <see cref="JitStateLayout"/>, never literals.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct JitState
{
    /// <summary>VM frame pointer (rbx in compiled code).</summary>
    public nint Fp;
    /// <summary>Operand-stack top (r12).</summary>
    public nint Sp;
    /// <summary>The goroutine's G (r14).</summary>
    public nint G;
    /// <summary>Native address the entry stub jumps to.</summary>
    public nint Target;
    /// <summary>Continuation handed to a function entry (rax at entry), or the one a ret found.</summary>
    public long Cont;
    /// <summary>Closure context handed to a function entry (rdx at entry).</summary>
    public nint Ctx;
    /// <summary>Native address at which the exiting code continues (service exits, morestack).</summary>
    public nint Resume;
    /// <summary>An <see cref="ExitReason"/>.</summary>
    public int Reason;
    /// <summary>Bytecode pc of the exiting instruction.</summary>
    public int Pc;
    /// <summary>Function index of the exiting instruction (the callee for MoreStack/CallInterpreted).</summary>
    public int Func;
    int _pad;
    /// <summary>Stack-record defers compiled code executed on this state's P (RuntimeCounters.StackDefers).</summary>
    public long StackDefers;
    /// <summary>Heap-record defers compiled code executed (RuntimeCounters.HeapDefers); each took its record from the
    /// P's pool (RuntimeCounters.DeferPoolHits).</summary>
    public long HeapDefers;
    /// <summary>Heap records compiled deferret returned to the P's pool (RuntimeCounters.DeferRecordsFreed).</summary>
    public long DeferRecordsFreed;
    /// <summary>This P's defer pool (Vm.Interpreter's DeferPool): the records, <c>Capacity</c> slots per size class,
    /// and the per-class counts (int32). Compiled deferh pops a record when its class has one, compiled deferret
    /// pushes one back when its class is not full; everything else exits to the interpreter.</summary>
    public nint DeferItems, DeferCounts;
    /// <summary>GCHandle of this P's <see cref="AllocContext"/> (the allocation helper's heap and cache), or 0.</summary>
    public nint AllocCtx;
    /// <summary>GCHandle of the runtime's object for this P (Vm.Interpreter's Machine), for the runtime's own helpers
    /// (<see cref="RuntimeStatics.ChanSend"/>, <see cref="RuntimeStatics.ChanRecv"/>), or 0.</summary>
    public nint Runtime;
    /// <summary>The machine stack compiled code runs on (<see cref="MachineStack"/>): the address of its base slot,
    /// where the entry stub puts <c>rsp</c> (the slot holds the module's return trampoline).</summary>
    public nint MachineBase;
    /// <summary>The thread's <c>rsp</c> inside the entry stub (16-byte aligned): the exit stub returns there, helper
    /// calls run there.</summary>
    public nint ThreadRsp;
    /// <summary>The machine stack's <c>rsp</c> saved across a helper call.</summary>
    public nint MachineRsp;
    /// <summary>The return trampoline's frame: set by the entry stub to <see cref="Fp"/>, then by the trampoline to
    /// the frame it returned into. The next frame to return through the trampoline is this one (its continuation is
    /// in its header) or, if its saved frame pointer IS this one, the frame the entry built on top of it (a call
    /// entered from the dispatcher: its continuation is <see cref="Cont"/>).</summary>
    public nint TrampFrame;
    /// <summary>Loaded into <c>rsi</c> by the entry stub: when the dispatcher enters a compiled caller at a return
    /// address (an interpreted callee returned), its single result, which compiled code expects there as well as in
    /// place (docs/jit.md §convention).</summary>
    public long Result;
}

/// <summary>Field offsets of <see cref="JitState"/>, derived from the struct itself.</summary>
public static class JitStateLayout
{
    public static readonly int Fp = Off(nameof(JitState.Fp)), Sp = Off(nameof(JitState.Sp)), G = Off(nameof(JitState.G)),
        Target = Off(nameof(JitState.Target)), Cont = Off(nameof(JitState.Cont)), Ctx = Off(nameof(JitState.Ctx)),
        Resume = Off(nameof(JitState.Resume)), Reason = Off(nameof(JitState.Reason)), Pc = Off(nameof(JitState.Pc)),
        Func = Off(nameof(JitState.Func)),
        StackDefers = Off(nameof(JitState.StackDefers)), HeapDefers = Off(nameof(JitState.HeapDefers)),
        DeferRecordsFreed = Off(nameof(JitState.DeferRecordsFreed)),
        DeferItems = Off(nameof(JitState.DeferItems)), DeferCounts = Off(nameof(JitState.DeferCounts)),
        AllocCtx = Off(nameof(JitState.AllocCtx)), Runtime = Off(nameof(JitState.Runtime)),
        MachineBase = Off(nameof(JitState.MachineBase)), ThreadRsp = Off(nameof(JitState.ThreadRsp)),
        MachineRsp = Off(nameof(JitState.MachineRsp)), Result = Off(nameof(JitState.Result)),
        TrampFrame = Off(nameof(JitState.TrampFrame));

    static int Off(string f) => (int)Marshal.OffsetOf<JitState>(f);
}
