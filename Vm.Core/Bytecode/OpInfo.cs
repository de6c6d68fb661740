namespace Vm.Core.Bytecode;

/// <summary>
/// The kind of an instruction operand. Every operand is fixed-width little-endian, so an
/// instruction's size is known from its opcode alone (<see cref="OpInfo.Size"/>).
/// </summary>
public enum OperandKind : byte
{
    /// <summary>u16: index into the function's slot space (parameters first, then declared locals).</summary>
    Local,
    /// <summary>u32: index into the module's global table.</summary>
    Global,
    /// <summary>u32: index into the module's function table.</summary>
    Func,
    /// <summary>u32: index into the module's type table.</summary>
    Type,
    /// <summary>u32: index into the module's signature table.</summary>
    Sig,
    /// <summary>u32: index into the module's string-constant table.</summary>
    Str,
    /// <summary>u32: absolute byte offset of the target instruction within the function's code.</summary>
    Label,
    /// <summary>u16: index into the function's frame-object table (stack objects).</summary>
    FrameObj,
    /// <summary>u16: index into the function's stack-defer-record table.</summary>
    DeferRec,
    /// <summary>i32: byte offset added to a pointer by loads and stores.</summary>
    Offset,
    /// <summary>u8: a small immediate whose meaning the opcode defines (print kind, slice form, flags).</summary>
    Imm8,
    /// <summary>u16: a count (select cases).</summary>
    Count,
    /// <summary>u16: index into <see cref="RuntimeFuncs.Table"/>.</summary>
    Runtime,
    /// <summary>i64: an integer immediate.</summary>
    I64,
    /// <summary>f64: a float immediate, stored as its IEEE-754 bits.</summary>
    F64,
}

/// <summary>How the verifier computes an instruction's stack effect.</summary>
public enum StackRule : byte
{
    /// <summary><see cref="OpInfo.Pops"/> and <see cref="OpInfo.Pushes"/> say it all.</summary>
    Fixed,
    /// <summary>pop: one slot of any kind.</summary>
    Pop,
    /// <summary>dup: copy the top slot, any kind.</summary>
    Dup,
    /// <summary>swap: exchange the two top slots, any kinds.</summary>
    Swap,
    /// <summary>ldloc: push one slot of the local's kind.</summary>
    LoadLocal,
    /// <summary>stloc: pop one slot of the local's kind.</summary>
    StoreLocal,
    /// <summary>call F: pop F's parameters, push F's results.</summary>
    Call,
    /// <summary>callind S: pop the closure (p, on top), then S's parameters; push S's results.</summary>
    CallInd,
    /// <summary>ret: pop the function's results (the stack must then be empty).</summary>
    Ret,
    /// <summary>defers R S / deferh S / go S: pop the closure (p, on top), then S's parameters.</summary>
    ClosureArgs,
    /// <summary>select N F: pop N cases of (ch p, elem p, dir i); push (index i, recvOK i).</summary>
    Select,
    /// <summary>print K: pop what print kind K takes (see <see cref="PrintKind"/>).</summary>
    Print,
    /// <summary>rt N: pop and push per the runtime function's signature.</summary>
    Runtime,
}

[Flags]
public enum OpFlags : ushort
{
    None = 0,
    /// <summary>Unconditional transfer: control never falls through to the next instruction.</summary>
    Terminator = 1 << 0,
    /// <summary>Has a Label operand: a possible transfer to it.</summary>
    Branch = 1 << 1,
    /// <summary>The runtime may stop the goroutine here (GC, stack copy, park): the verifier
    /// emits a stack map. Backward branches are safepoints too, whatever their opcode.</summary>
    Safepoint = 1 << 2,
    /// <summary>The instruction's popped operands become a callee's argument area, so the stack map
    /// at this safepoint covers only the slots below them (the callee's argument map covers the rest).</summary>
    ArgsToCallee = 1 << 3,
    /// <summary>May raise a Go panic (nil dereference, bounds, divide by zero...).</summary>
    MayPanic = 1 << 4,
    /// <summary>May allocate from the VM heap.</summary>
    Allocates = 1 << 5,
    /// <summary>Defer machinery: fills or runs <c>_defer</c> records.</summary>
    Defer = 1 << 6,
    /// <summary>Calls VM code (the callee may grow or copy the stack).</summary>
    Calls = 1 << 7,
}

/// <summary>Immediate of <c>print</c>: what the builtin print/println prints next.</summary>
public enum PrintKind : byte
{
    /// <summary>i: signed decimal.</summary>
    Int = 0,
    /// <summary>i: unsigned decimal.</summary>
    Uint = 1,
    /// <summary>f: Go's print format for floats (+1.500000e+000).</summary>
    Float = 2,
    /// <summary>i: true/false.</summary>
    Bool = 3,
    /// <summary>p i: the string's bytes.</summary>
    String = 4,
    /// <summary>p: hexadecimal address.</summary>
    Pointer = 5,
    /// <summary>nothing: a newline.</summary>
    Newline = 6,
    /// <summary>nothing: a space.</summary>
    Space = 7,
    /// <summary>i p: an interface as (type,data), as Go's print does.</summary>
    Eface = 8,
    /// <summary>p i i: a slice as [len/cap]0xptr.</summary>
    Slice = 9,
}

/// <summary>Immediate of the slicing instructions: which form of slice expression was written,
/// so that bounds-failure messages are Go's exactly.</summary>
[Flags]
public enum SliceForm : byte
{
    /// <summary>a[lo:hi]</summary>
    Simple = 0,
    /// <summary>a[lo:hi:max]</summary>
    Full = 1,
}

/// <summary>
/// One row of the opcode table: everything the assembler, disassembler, verifier, interpreter
/// and JIT need to know about an instruction. See <see cref="Ops"/> for the table itself.
/// </summary>
public sealed class OpInfo
{
    public Op Op { get; }
    /// <summary>Mnemonic used by <c>.gobs</c> and <c>govm dis</c>.</summary>
    public string Name { get; }
    public OperandKind[] Operands { get; }
    /// <summary>Kinds popped, bottom first (for <see cref="StackRule.Fixed"/>).</summary>
    public SlotKind[] Pops { get; }
    /// <summary>Kinds pushed, bottom first (for <see cref="StackRule.Fixed"/>).</summary>
    public SlotKind[] Pushes { get; }
    public StackRule Rule { get; }
    public OpFlags Flags { get; }
    /// <summary>One-line semantics, Lua style.</summary>
    public string Doc { get; }
    /// <summary>Encoded size in bytes: opcode byte plus operands.</summary>
    public int Size { get; }

    internal OpInfo(Op op, string name, OperandKind[] operands, string pops, string pushes, StackRule rule, OpFlags flags, string doc)
    {
        Op = op;
        Name = name;
        Operands = operands;
        Pops = ParseKinds(pops);
        Pushes = ParseKinds(pushes);
        Rule = rule;
        Flags = flags;
        Doc = doc;
        int size = 1;
        foreach (var k in operands) size += OperandSize(k);
        Size = size;
    }

    public bool Is(OpFlags f) => (Flags & f) != 0;

    public static int OperandSize(OperandKind k) => k switch
    {
        OperandKind.Imm8 => 1,
        OperandKind.Local or OperandKind.FrameObj or OperandKind.DeferRec or OperandKind.Count or OperandKind.Runtime => 2,
        OperandKind.Global or OperandKind.Func or OperandKind.Type or OperandKind.Sig or OperandKind.Str
            or OperandKind.Label or OperandKind.Offset => 4,
        OperandKind.I64 or OperandKind.F64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    static SlotKind[] ParseKinds(string s)
    {
        var r = new SlotKind[s.Length];
        for (int i = 0; i < s.Length; i++)
            if (!SlotKinds.TryParse(s[i], out r[i])) throw new ArgumentException($"bad slot kind '{s[i]}' in opcode table");
        return r;
    }

    public override string ToString() => Name;
}
