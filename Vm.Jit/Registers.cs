using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Vm.Jit;

/// <summary>
/// Register assignment of compiled code (docs/jit.md §registers). The VM registers live in callee-saved
/// SysV registers, so a helper call (a later slice) preserves them; scratch registers are caller-saved.
/// </summary>
public static class Registers
{
    /// <summary>VM frame pointer: the frame header's address (docs/abi.md §frame).</summary>
    public static readonly AssemblerRegister64 Fp = rbx;
    /// <summary>Operand-stack top: points at the top slot; the stack grows down.</summary>
    public static readonly AssemblerRegister64 Sp = r12;
    /// <summary>The goroutine's G.</summary>
    public static readonly AssemblerRegister64 G = r14;
    /// <summary>The dispatcher's <see cref="JitState"/> (later also the helper table base).</summary>
    public static readonly AssemblerRegister64 State = r15;
    /// <summary>At a function entry: the continuation to store in the new frame.</summary>
    public static readonly AssemblerRegister64 EntryCont = rax;
    /// <summary>At a function entry: the closure context to store in the new frame.</summary>
    public static readonly AssemblerRegister64 EntryCtx = rdx;
    // r13 and rbp: the homes of loop locals kept in registers (Emitter.ChooseHomes; docs/jit.md §registers).
}
