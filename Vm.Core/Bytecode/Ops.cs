using static Vm.Core.Bytecode.OperandKind;
using TypeOp = Vm.Core.Bytecode.OperandKind;
using static Vm.Core.Bytecode.OpFlags;
using R = Vm.Core.Bytecode.StackRule;

namespace Vm.Core.Bytecode;

/// <summary>
/// Opcode byte values. The meaning of each lives in exactly one place: its row in <see cref="Ops"/>.
/// Values are part of the <c>.gobc</c> format (docs/gobc-format.md); never renumber, only append.
/// </summary>
public enum Op : byte
{
    Nop = 0x00, LdI = 0x01, LdF = 0x02, LdNil = 0x03, LdStr = 0x04, LdFn = 0x05, LdType = 0x06,
    Pop = 0x07, Dup = 0x08, Swap = 0x09,

    LdLoc = 0x10, StLoc = 0x11, GAddr = 0x12, FObj = 0x13, LdCtx = 0x14,

    Add = 0x20, Sub = 0x21, Mul = 0x22, Div = 0x23, DivU = 0x24, Rem = 0x25, RemU = 0x26,
    And = 0x27, Or = 0x28, Xor = 0x29, AndNot = 0x2a, Shl = 0x2b, Shr = 0x2c, ShrU = 0x2d,
    Neg = 0x2e, Not = 0x2f,
    Sext8 = 0x30, Sext16 = 0x31, Sext32 = 0x32, Zext8 = 0x33, Zext16 = 0x34, Zext32 = 0x35,

    Eq = 0x38, Ne = 0x39, Lt = 0x3a, Le = 0x3b, Gt = 0x3c, Ge = 0x3d, LtU = 0x3e, LeU = 0x3f,
    GtU = 0x40, GeU = 0x41, PEq = 0x42, PNe = 0x43,

    FAdd = 0x48, FSub = 0x49, FMul = 0x4a, FDiv = 0x4b, FNeg = 0x4c,
    FEq = 0x4d, FNe = 0x4e, FLt = 0x4f, FLe = 0x50, FGt = 0x51, FGe = 0x52,
    I2F = 0x53, U2F = 0x54, F2I = 0x55, F2U = 0x56,

    Br = 0x58, BrTrue = 0x59, BrFalse = 0x5a,

    Call = 0x60, CallInd = 0x61, Ret = 0x62,

    LdI8 = 0x68, LdU8 = 0x69, LdI16 = 0x6a, LdU16 = 0x6b, LdI32 = 0x6c, LdU32 = 0x6d, LdI64 = 0x6e,
    LdF64 = 0x6f, LdP = 0x70,
    St8 = 0x71, St16 = 0x72, St32 = 0x73, St64 = 0x74, StF64 = 0x75, StP = 0x76,
    Copy = 0x77, Zero = 0x78, NilChk = 0x79,

    AIdx = 0x80, SIdx = 0x81, StrIdx = 0x82, ASlice = 0x83, SSlice = 0x84, StrSlice = 0x85,

    New = 0x88, NewArr = 0x89, FnInit = 0x8a, Grow = 0x8b, SlCopy = 0x8c,

    DeferS = 0x90, DeferH = 0x91, DeferRet = 0x92, Panic = 0x93, Recover = 0x94,

    Go = 0x98, MakeChan = 0x99, Send = 0x9a, Recv = 0x9b, Recv2 = 0x9c, Close = 0x9d, Select = 0x9e,

    Print = 0xa0, Rt = 0xa1,
}

/// <summary>
/// The opcode table: one row per instruction, the single source the assembler, disassembler,
/// verifier, interpreter and JIT work from (docs: CONTRIBUTING.md "Adding an opcode").
/// Operand kinds fix the encoding; pops/pushes (bottom first) give the stack effect for
/// <see cref="StackRule.Fixed"/> rows; flags say which instructions are safepoints.
/// </summary>
/// <remarks>
/// Notes on the irregular rows:
/// <list type="bullet">
/// <item>Locals: slot indices cover the parameters first (they live in the caller's argument area,
/// Go style), then the function's declared locals. Frames are zeroed at entry, so a Ptr local is
/// always nil or a valid pointer.</item>
/// <item>Calls: arguments are pushed in order, so the last argument is on top; for callind, defers,
/// deferh and go the closure goes on top of the arguments. Results replace the arguments in place.</item>
/// <item>defers fills the frame's stack <c>_defer</c> record R (deferprocStack's work) and is not a
/// safepoint: nothing may scan the frame between filling and linking the record (the seed's nosplit).
/// The verifier requires that it lies on no cycle of the control-flow graph.</item>
/// <item>deferret runs the deferred calls of this frame; the stack must be empty there. The function's
/// header names one deferret as its deferreturn point, where a recovered panic resumes.</item>
/// <item>Channel operations take a pointer to the element (Go's chansend/chanrecv shape): the element
/// type comes from the channel. A nil destination discards a received value.</item>
/// <item>Backward branches are safepoints (the preemption poll) though their rows do not say so.</item>
/// </list>
/// </remarks>
public static class Ops
{
    static readonly OperandKind[] None = [];

    static OpInfo Row(Op op, string name, OperandKind[] operands, string pops, string pushes, OpFlags flags, string doc)
        => new(op, name, operands, pops, pushes, R.Fixed, flags, doc);

    static OpInfo Var(Op op, string name, OperandKind[] operands, StackRule rule, OpFlags flags, string doc)
        => new(op, name, operands, "", "", rule, flags, doc);

    static readonly OpInfo[] Rows =
    [
        //  op            mnemonic    operands          pops     pushes  flags                          semantics
        Row(Op.Nop,       "nop",      None,             "",      "",     0,                             "do nothing"),
        Row(Op.LdI,       "ldi",      [I64],            "",      "i",    0,                             "push imm"),
        Row(Op.LdF,       "ldf",      [F64],            "",      "f",    0,                             "push imm"),
        Row(Op.LdNil,     "ldnil",    None,             "",      "p",    0,                             "push nil"),
        Row(Op.LdStr,     "ldstr",    [Str],            "",      "pi",   0,                             "push string constant S as (data, len)"),
        Row(Op.LdFn,      "ldfn",     [Func],           "",      "p",    0,                             "push the static funcval of F (a closure with no captures)"),
        Row(Op.LdType,    "ldtype",   [TypeOp.Type],           "",      "i",    0,                             "push the type word of T (interface type slot)"),
        Var(Op.Pop,       "pop",      None,             R.Pop,           0,                             "drop top"),
        Var(Op.Dup,       "dup",      None,             R.Dup,           0,                             "x -> x x"),
        Var(Op.Swap,      "swap",     None,             R.Swap,          0,                             "a b -> b a"),

        Var(Op.LdLoc,     "ldloc",    [Local],          R.LoadLocal,     0,                             "push L"),
        Var(Op.StLoc,     "stloc",    [Local],          R.StoreLocal,    0,                             "L = pop"),
        Row(Op.GAddr,     "gaddr",    [Global],         "",      "p",    0,                             "push &G"),
        Row(Op.FObj,      "fobj",     [FrameObj],       "",      "p",    0,                             "push the address of frame object K (a stack object)"),
        Row(Op.LdCtx,     "ldctx",    None,             "",      "p",    0,                             "push this call's closure (nil for a static call)"),

        Row(Op.Add,       "add",      None,             "ii",    "i",    0,                             "a + b (wraps)"),
        Row(Op.Sub,       "sub",      None,             "ii",    "i",    0,                             "a - b (wraps)"),
        Row(Op.Mul,       "mul",      None,             "ii",    "i",    0,                             "a * b (wraps)"),
        Row(Op.Div,       "div",      None,             "ii",    "i",    MayPanic,                      "a / b signed, truncated; b == 0 panics; MinInt64/-1 == MinInt64"),
        Row(Op.DivU,      "divu",     None,             "ii",    "i",    MayPanic,                      "a / b unsigned; b == 0 panics"),
        Row(Op.Rem,       "rem",      None,             "ii",    "i",    MayPanic,                      "a % b signed (sign of a); b == 0 panics"),
        Row(Op.RemU,      "remu",     None,             "ii",    "i",    MayPanic,                      "a % b unsigned; b == 0 panics"),
        Row(Op.And,       "and",      None,             "ii",    "i",    0,                             "a & b"),
        Row(Op.Or,        "or",       None,             "ii",    "i",    0,                             "a | b"),
        Row(Op.Xor,       "xor",      None,             "ii",    "i",    0,                             "a ^ b"),
        Row(Op.AndNot,    "andnot",   None,             "ii",    "i",    0,                             "a &^ b"),
        Row(Op.Shl,       "shl",      None,             "ii",    "i",    MayPanic,                      "a << b; b >= 64 gives 0; b < 0 (signed) panics"),
        Row(Op.Shr,       "shr",      None,             "ii",    "i",    MayPanic,                      "a >> b arithmetic; b >= 64 gives sign fill; b < 0 panics"),
        Row(Op.ShrU,      "shru",     None,             "ii",    "i",    MayPanic,                      "a >> b logical; b >= 64 gives 0; b < 0 panics"),
        Row(Op.Neg,       "neg",      None,             "i",     "i",    0,                             "-a (wraps)"),
        Row(Op.Not,       "not",      None,             "i",     "i",    0,                             "^a (bitwise)"),
        Row(Op.Sext8,     "sext8",    None,             "i",     "i",    0,                             "int64(int8(a))"),
        Row(Op.Sext16,    "sext16",   None,             "i",     "i",    0,                             "int64(int16(a))"),
        Row(Op.Sext32,    "sext32",   None,             "i",     "i",    0,                             "int64(int32(a))"),
        Row(Op.Zext8,     "zext8",    None,             "i",     "i",    0,                             "int64(uint8(a))"),
        Row(Op.Zext16,    "zext16",   None,             "i",     "i",    0,                             "int64(uint16(a))"),
        Row(Op.Zext32,    "zext32",   None,             "i",     "i",    0,                             "int64(uint32(a))"),

        Row(Op.Eq,        "eq",       None,             "ii",    "i",    0,                             "a == b"),
        Row(Op.Ne,        "ne",       None,             "ii",    "i",    0,                             "a != b"),
        Row(Op.Lt,        "lt",       None,             "ii",    "i",    0,                             "a < b signed"),
        Row(Op.Le,        "le",       None,             "ii",    "i",    0,                             "a <= b signed"),
        Row(Op.Gt,        "gt",       None,             "ii",    "i",    0,                             "a > b signed"),
        Row(Op.Ge,        "ge",       None,             "ii",    "i",    0,                             "a >= b signed"),
        Row(Op.LtU,       "ltu",      None,             "ii",    "i",    0,                             "a < b unsigned"),
        Row(Op.LeU,       "leu",      None,             "ii",    "i",    0,                             "a <= b unsigned"),
        Row(Op.GtU,       "gtu",      None,             "ii",    "i",    0,                             "a > b unsigned"),
        Row(Op.GeU,       "geu",      None,             "ii",    "i",    0,                             "a >= b unsigned"),
        Row(Op.PEq,       "peq",      None,             "pp",    "i",    0,                             "a == b pointers"),
        Row(Op.PNe,       "pne",      None,             "pp",    "i",    0,                             "a != b pointers"),

        Row(Op.FAdd,      "fadd",     None,             "ff",    "f",    0,                             "a + b"),
        Row(Op.FSub,      "fsub",     None,             "ff",    "f",    0,                             "a - b"),
        Row(Op.FMul,      "fmul",     None,             "ff",    "f",    0,                             "a * b"),
        Row(Op.FDiv,      "fdiv",     None,             "ff",    "f",    0,                             "a / b (IEEE: no panic)"),
        Row(Op.FNeg,      "fneg",     None,             "f",     "f",    0,                             "-a"),
        Row(Op.FEq,       "feq",      None,             "ff",    "i",    0,                             "a == b (NaN != NaN)"),
        Row(Op.FNe,       "fne",      None,             "ff",    "i",    0,                             "a != b"),
        Row(Op.FLt,       "flt",      None,             "ff",    "i",    0,                             "a < b"),
        Row(Op.FLe,       "fle",      None,             "ff",    "i",    0,                             "a <= b"),
        Row(Op.FGt,       "fgt",      None,             "ff",    "i",    0,                             "a > b"),
        Row(Op.FGe,       "fge",      None,             "ff",    "i",    0,                             "a >= b"),
        Row(Op.I2F,       "i2f",      None,             "i",     "f",    0,                             "float64(int64 a)"),
        Row(Op.U2F,       "u2f",      None,             "i",     "f",    0,                             "float64(uint64 a)"),
        Row(Op.F2I,       "f2i",      None,             "f",     "i",    0,                             "int64(a), truncated (out of range: implementation-defined, as Go)"),
        Row(Op.F2U,       "f2u",      None,             "f",     "i",    0,                             "uint64(a), truncated"),

        Row(Op.Br,        "br",       [Label],          "",      "",     Branch | Terminator,           "goto T"),
        Row(Op.BrTrue,    "brtrue",   [Label],          "i",     "",     Branch,                        "if pop != 0 goto T"),
        Row(Op.BrFalse,   "brfalse",  [Label],          "i",     "",     Branch,                        "if pop == 0 goto T"),

        Var(Op.Call,      "call",     [Func],           R.Call,          Safepoint | ArgsToCallee | Calls | MayPanic, "results = F(args)"),
        Var(Op.CallInd,   "callind",  [Sig],            R.CallInd,       Safepoint | ArgsToCallee | Calls | MayPanic, "results = closure(args); nil closure panics; callee signature must be S"),
        Var(Op.Ret,       "ret",      None,             R.Ret,           Terminator,                    "return results to the caller's argument area"),

        Row(Op.LdI8,      "ld.i8",    [Offset],         "p",     "i",    MayPanic,                      "push int8 at p+off"),
        Row(Op.LdU8,      "ld.u8",    [Offset],         "p",     "i",    MayPanic,                      "push uint8 at p+off"),
        Row(Op.LdI16,     "ld.i16",   [Offset],         "p",     "i",    MayPanic,                      "push int16 at p+off"),
        Row(Op.LdU16,     "ld.u16",   [Offset],         "p",     "i",    MayPanic,                      "push uint16 at p+off"),
        Row(Op.LdI32,     "ld.i32",   [Offset],         "p",     "i",    MayPanic,                      "push int32 at p+off"),
        Row(Op.LdU32,     "ld.u32",   [Offset],         "p",     "i",    MayPanic,                      "push uint32 at p+off"),
        Row(Op.LdI64,     "ld.i64",   [Offset],         "p",     "i",    MayPanic,                      "push int64 at p+off"),
        Row(Op.LdF64,     "ld.f64",   [Offset],         "p",     "f",    MayPanic,                      "push float64 at p+off"),
        Row(Op.LdP,       "ld.p",     [Offset],         "p",     "p",    MayPanic,                      "push pointer at p+off"),
        Row(Op.St8,       "st.8",     [Offset],         "pi",    "",     MayPanic,                      "*(uint8*)(p+off) = v"),
        Row(Op.St16,      "st.16",    [Offset],         "pi",    "",     MayPanic,                      "*(uint16*)(p+off) = v"),
        Row(Op.St32,      "st.32",    [Offset],         "pi",    "",     MayPanic,                      "*(uint32*)(p+off) = v"),
        Row(Op.St64,      "st.64",    [Offset],         "pi",    "",     MayPanic,                      "*(int64*)(p+off) = v"),
        Row(Op.StF64,     "st.f64",   [Offset],         "pf",    "",     MayPanic,                      "*(float64*)(p+off) = v"),
        Row(Op.StP,       "st.p",     [Offset],         "pp",    "",     MayPanic,                      "*(ptr*)(p+off) = v"),
        Row(Op.Copy,      "copy",     [TypeOp.Type],           "pp",    "",     MayPanic,                      "*dst = *src for a value of type T (dst below src)"),
        Row(Op.Zero,      "zero",     [TypeOp.Type],           "p",     "",     MayPanic,                      "*p = zero value of T"),
        Row(Op.NilChk,    "nilchk",   None,             "p",     "p",    MayPanic,                      "panic if p is nil, else leave it"),

        Row(Op.AIdx,      "aidx",     [TypeOp.Type],           "pi",    "p",    MayPanic,                      "&(*[N]E)(p)[i] for array type T; bounds-checked"),
        Row(Op.SIdx,      "sidx",     [TypeOp.Type],           "piii",  "p",    MayPanic,                      "&s[i] for slice s=(p,len,cap) of element type T; bounds-checked"),
        Row(Op.StrIdx,    "stridx",   None,             "pii",   "i",    MayPanic,                      "s[i] for string s=(p,len); bounds-checked"),
        Row(Op.ASlice,    "aslice",   [TypeOp.Type, Imm8],     "piii",  "pii",  MayPanic,                      "(*[N]E)(p)[lo:hi:max] for array type T -> slice; form K"),
        Row(Op.SSlice,    "sslice",   [TypeOp.Type, Imm8],     "piiiii","pii",  MayPanic,                      "s[lo:hi:max] for slice s of element type T; form K"),
        Row(Op.StrSlice,  "strslice", None,             "piii",  "pi",   MayPanic,                      "s[lo:hi] for string s"),

        Row(Op.New,       "new",      [TypeOp.Type],           "",      "p",    Safepoint | Allocates,         "push a new zeroed heap object of type T"),
        Row(Op.NewArr,    "newarr",   [TypeOp.Type],           "i",     "p",    Safepoint | Allocates | MayPanic, "push a new zeroed heap array of n elements of type T; n < 0 panics"),
        Row(Op.FnInit,    "fninit",   [Func],           "p",     "",     MayPanic,                      "word 0 of closure object p = F (its captures follow)"),
        Row(Op.Grow,      "grow",     [TypeOp.Type],           "piii",  "pii",  Safepoint | Allocates | MayPanic, "make room: slice of element type T with cap >= newlen (append's growslice)"),
        Row(Op.SlCopy,    "slcopy",   [TypeOp.Type],           "piipii","i",    MayPanic,                      "copy(dst, src) for element type T; push count"),

        Var(Op.DeferS,    "defers",   [DeferRec, Sig],  R.ClosureArgs,   Defer,                         "fill this frame's stack _defer record R with closure and args, link it (deferprocStack)"),
        Var(Op.DeferH,    "deferh",   [Sig],            R.ClosureArgs,   Safepoint | Defer | Allocates, "take a heap _defer record from the P pool, fill it, link it (deferproc)"),
        Row(Op.DeferRet,  "deferret", None,             "",      "",     Safepoint | Defer | Calls | MayPanic, "run this frame's deferred calls, newest first (deferreturn)"),
        Row(Op.Panic,     "panic",    None,             "ip",    "",     Safepoint | Terminator | MayPanic | Calls, "panic(e) with interface value e"),
        Row(Op.Recover,   "recover",  None,             "",      "ip",   0,                             "push recover()"),

        Var(Op.Go,        "go",       [Sig],            R.ClosureArgs,   Safepoint | Allocates,         "start a goroutine running closure(args)"),
        Row(Op.MakeChan,  "makechan", [TypeOp.Type],           "i",     "p",    Safepoint | Allocates | MayPanic, "make(chan T, n)"),
        Row(Op.Send,      "send",     None,             "pp",    "",     Safepoint | MayPanic,          "ch <- *elem"),
        Row(Op.Recv,      "recv",     None,             "pp",    "",     Safepoint,                     "*dst = <-ch (dst may be nil)"),
        Row(Op.Recv2,     "recv2",    None,             "pp",    "i",    Safepoint,                     "*dst, ok = <-ch; push ok"),
        Row(Op.Close,     "close",    None,             "p",     "",     Safepoint | MayPanic,          "close(ch)"),
        Var(Op.Select,    "select",   [Count, Imm8],    R.Select,        Safepoint | MayPanic,          "select over N cases (ch, elem, dir 0=recv 1=send); imm bit 0: has default; push (index or -1, recvOK)"),

        Var(Op.Print,     "print",    [Imm8],           R.Print,         0,                             "builtin print of one value of print kind K, to stderr"),
        Var(Op.Rt,        "rt",       [Runtime],        R.Runtime,       Safepoint | Calls | MayPanic | Allocates, "call runtime function N"),
    ];

    static readonly OpInfo?[] ByByte = BuildIndex();
    static readonly Dictionary<string, OpInfo> ByName = Rows.ToDictionary(r => r.Name);

    static OpInfo?[] BuildIndex()
    {
        var t = new OpInfo?[256];
        foreach (var r in Rows)
        {
            if (t[(byte)r.Op] != null) throw new InvalidOperationException($"opcode table: duplicate row for {r.Op}");
            t[(byte)r.Op] = r;
        }
        return t;
    }

    /// <summary>Every row, in table order.</summary>
    public static IReadOnlyList<OpInfo> All => Rows;

    /// <summary>The row for an opcode byte, or null for a byte that is no opcode.</summary>
    public static OpInfo? Get(byte b) => ByByte[b];

    public static OpInfo Get(Op op) => ByByte[(byte)op] ?? throw new ArgumentOutOfRangeException(nameof(op));

    public static bool TryGet(string name, out OpInfo info) => ByName.TryGetValue(name, out info!);
}
