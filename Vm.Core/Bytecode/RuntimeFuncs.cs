namespace Vm.Core.Bytecode;

/// <summary>Runtime function ids for the <c>rt</c> instruction. Values are part of the .gobc format: only append.</summary>
public enum RuntimeId : ushort
{
    GC = 0, Gosched = 1, NumGoroutine = 2, ConcatString = 3, CmpString = 4, EqString = 5,
    IntString = 6, BytesToString = 7, StringToBytes = 8, ChanLen = 9, ChanCap = 10,
    GoMaxProcs = 11, NanoTime = 12, Exit = 13, DecodeRune = 14,
    // govm test's testing package (docs/compiler.md "Tests"; Vm.Interpreter/Machine.Testing.cs)
    TestLog = 15, TestCtl = 16, TestName = 17,
    // the everyday language and its library (docs/language.md; Vm.Interpreter/Machine.Lang.cs)
    StrHash = 18, FmtSprintf = 19, FmtSprintln = 20, Write = 21, WallTime = 22, Sleep = 23, FmtFloat = 24, ParseFloat = 25, StringToRunes = 26, RunesToString = 27, PanicText = 28, EfaceAs = 29, SliceLen = 30, SliceSwap = 31,
    // sync and sync/atomic (docs/scheduler.md "Timers, semaphores, atomics"; Vm.Interpreter/Machine.Sched.cs)
    SemAcquire = 32, SemRelease = 33, Atomic32 = 34, Atomic64 = 35, AtomicU32 = 36, AtomicU64 = 37, Fatal = 38,
}

/// <summary>The operation of <c>rt atomic32</c>/<c>atomic64</c>/<c>atomicu32</c>/<c>atomicu64</c> (p, op, a, b) -> (r):
/// one sequentially consistent operation on the 4- or 8-byte word at p. Values are part of the .gobc format: only append.</summary>
public enum AtomicOp : long
{
    /// <summary>*p += a; r = the new value.</summary>
    Add = 0,
    /// <summary>r = *p; *p = a.</summary>
    Swap = 1,
    /// <summary>if *p == a { *p = b; r = 1 } else { r = 0 }.</summary>
    Cas = 2,
    /// <summary>r = *p.</summary>
    Load = 3,
    /// <summary>*p = a; r = 0.</summary>
    Store = 4,
}

/// <summary>
/// The operation of <c>rt testctl</c> (anchor p, self i, t p, op i) -> (i). The anchor is the address of
/// frame object 0 of the calling function <c>self</c> (a generated testing method), from which the
/// runtime finds that function's frame: its caller for Helper, its own return for Goexit.
/// Values are part of the .gobc format: only append.
/// </summary>
public enum TestOp : long
{
    /// <summary>t.Helper(): mark the caller of the testing method as a helper (log lines skip it).</summary>
    Helper = 0,
    /// <summary>t.Fail(): mark the test failed.</summary>
    Fail = 1,
    /// <summary>The end of FailNow/SkipNow: runtime.Goexit for the test — run every pending deferred call
    /// (recover() returns nil in them), then end the test's call; the calling method must <c>ret</c> next.</summary>
    Goexit = 2,
    /// <summary>t.SkipNow()'s mark (skipped); Goexit follows.</summary>
    Skip = 3,
    /// <summary>t.Failed() -> bool.</summary>
    Failed = 4,
    /// <summary>t.Skipped() -> bool.</summary>
    Skipped = 5,
    /// <summary>testing.Short() -> bool (anchor, self and t unused).</summary>
    Short = 6,
    /// <summary>testing.Verbose() -> bool (anchor, self and t unused).</summary>
    Verbose = 7,
    /// <summary>The test panicked (tRunner's deferred function, before it panics again): report the test as failed.</summary>
    Panicked = 8,
    /// <summary>b.ResetTimer(), b.StartTimer(), b.StopTimer(), b.ReportAllocs().</summary>
    ResetTimer = 9, StartTimer = 10, StopTimer = 11, ReportAllocs = 12,
}

/// <summary>One row of the runtime-function table: the <c>rt N</c> instruction's stack effect.</summary>
public sealed record RuntimeFunc(RuntimeId Id, string Name, SlotKind[] Params, SlotKind[] Results, string Doc);

/// <summary>
/// The functions <c>rt N</c> calls: runtime services with a fixed signature that need no type
/// operand. Like the opcode table, this is the single source for the assembler, verifier and tiers.
/// </summary>
public static class RuntimeFuncs
{
    static RuntimeFunc F(RuntimeId id, string name, string pars, string results, string doc)
    {
        static SlotKind[] K(string s) => s.Select(c => SlotKinds.TryParse(c, out var k) ? k : throw new ArgumentException(s)).ToArray();
        return new RuntimeFunc(id, name, K(pars), K(results), doc);
    }

    /// <summary>One row per id, in id order: <see cref="Get"/> indexes the table (Vm.Tests/Lang/LangRuntimeTests.cs pins it).</summary>
    public static readonly RuntimeFunc[] Table =
    [
        F(RuntimeId.GC,            "gc",            "",     "",    "runtime.GC(): a full collection"),
        F(RuntimeId.Gosched,       "gosched",       "",     "",    "runtime.Gosched(): yield the processor"),
        F(RuntimeId.NumGoroutine,  "numgoroutine",  "",     "i",   "runtime.NumGoroutine()"),
        F(RuntimeId.ConcatString,  "concatstring",  "pipi", "pi",  "a + b for strings"),
        F(RuntimeId.CmpString,     "cmpstring",     "pipi", "i",   "-1, 0 or +1 comparing strings bytewise"),
        F(RuntimeId.EqString,      "eqstring",      "pipi", "i",   "a == b for strings"),
        F(RuntimeId.IntString,     "intstring",     "i",    "pi",  "string(rune(v)): UTF-8 encoding, U+FFFD if invalid"),
        F(RuntimeId.BytesToString, "bytestostring", "pii",  "pi",  "string(b) for b []byte (copies)"),
        F(RuntimeId.StringToBytes, "stringtobytes", "pi",   "pii", "[]byte(s) (copies)"),
        F(RuntimeId.ChanLen,       "chanlen",       "p",    "i",   "len(ch); 0 for nil"),
        F(RuntimeId.ChanCap,       "chancap",       "p",    "i",   "cap(ch); 0 for nil"),
        F(RuntimeId.GoMaxProcs,    "gomaxprocs",    "i",    "i",   "runtime.GOMAXPROCS(n): set if n > 0, return the previous value"),
        F(RuntimeId.NanoTime,      "nanotime",      "",     "i",   "monotonic time in nanoseconds"),
        F(RuntimeId.Exit,          "exit",          "i",    "",    "os.Exit(code): end the program now, without running defers"),
        F(RuntimeId.DecodeRune,    "decoderune",    "pii",  "ii",  "for range over a string: (s, k) -> (rune at byte k, k + its length); U+FFFD and length 1 for invalid UTF-8 (Go's decoderune)"),
        F(RuntimeId.TestLog,       "testlog",       "pippipiii", "", "govm test: (anchor, self, t, format, args []interface{}, formatted) log a line decorated with the caller's file:line, formatted as fmt.Sprintf (formatted != 0) or fmt.Sprintln"),
        F(RuntimeId.TestCtl,       "testctl",       "pipi", "i",   "govm test: (anchor, self, t, op) -> result; op is a TestOp (Fail, Goexit, Helper, Short...)"),
        F(RuntimeId.TestName,      "testname",      "p",    "pi",  "govm test: t.Name()"),
        F(RuntimeId.StrHash,       "strhash",       "pi",   "i",   "a hash of the bytes of string s (map keys)"),
        F(RuntimeId.FmtSprintf,    "fmtsprintf",    "pipiipii", "pi", "fmt.Sprintf(format, args []interface{}, methods []fmt.mtext): Go's fmt over the interface words; methods[i] {s string; ok bool} is args[i]'s Error()/String() text when ok"),
        F(RuntimeId.FmtSprintln,   "fmtsprintln",   "piipiii", "pi", "(args []interface{}, methods []fmt.mtext, mode) -> string: fmt.Sprintln (mode 1) or fmt.Sprint (mode 0)"),
        F(RuntimeId.Write,         "write",         "ipi",  "",    "(fd, s string): write s to standard output (fd 1) or standard error (fd 2)"),
        F(RuntimeId.WallTime,      "walltime",      "",     "i",   "wall-clock time: nanoseconds since 1970-01-01 UTC"),
        F(RuntimeId.Sleep,         "sleep",         "i",    "",    "time.Sleep(ns): block the goroutine for ns nanoseconds"),
        F(RuntimeId.FmtFloat,      "fmtfloat",      "fiii", "pi",  "strconv.FormatFloat(f, fmt byte, prec, 64)"),
        F(RuntimeId.ParseFloat,    "parsefloat",    "pi",   "fi",  "strconv.ParseFloat(s, 64) -> (f, r): r = 1 parsed, 0 invalid syntax (f = 0), 2 out of range (f = +-Inf); decimal and hexadecimal (0x1.8p1) forms, inf, nan"),
        F(RuntimeId.StringToRunes, "stringtorunes", "pi",   "pii", "[]rune(s): decodes UTF-8 (U+FFFD for invalid bytes) into a new []int32"),
        F(RuntimeId.RunesToString, "runestostring", "pii",  "pi",  "string(r) for r []rune: UTF-8 encoding, U+FFFD for invalid runes"),
        F(RuntimeId.PanicText,     "panictext",     "ippi", "",    "(v interface{}, text): the text a panic with value v prints (v's Error() or String(), Go's printpanicval)"),
        F(RuntimeId.EfaceAs,       "efaceas",       "ipip", "i",   "errors.As's assignment: (target interface{} holding a *T, v interface{}) -> stores v into *target and returns true if v's dynamic type is T"),
        F(RuntimeId.SliceLen,      "slicelen",      "ip",   "i",   "sort.Slice: len of the slice held by interface value x (-1 if x holds no slice)"),
        F(RuntimeId.SliceSwap,     "sliceswap",     "ipii", "",    "sort.Slice: swap elements i and j of the slice held by interface value x (bounds-checked by the caller)"),
        F(RuntimeId.SemAcquire,    "semacquire",    "p",    "",    "Go's runtime_Semacquire(p *uint32): wait until *p > 0, then decrement it (the goroutine parks, keyed by p)"),
        F(RuntimeId.SemRelease,    "semrelease",    "p",    "",    "Go's runtime_Semrelease(p *uint32): hand the unit to the first goroutine waiting on p, else *p++"),
        F(RuntimeId.Atomic32,      "atomic32",      "piii", "i",   "(p *int32, op AtomicOp, a, b) -> r: an atomic operation on an int32 (r sign-extended)"),
        F(RuntimeId.Atomic64,      "atomic64",      "piii", "i",   "(p *int64, op AtomicOp, a, b) -> r: an atomic operation on an int64"),
        F(RuntimeId.AtomicU32,     "atomicu32",     "piii", "i",   "(p *uint32, op AtomicOp, a, b) -> r: an atomic operation on a uint32 (r zero-extended)"),
        F(RuntimeId.AtomicU64,     "atomicu64",     "piii", "i",   "(p *uint64, op AtomicOp, a, b) -> r: an atomic operation on a uint64"),
        F(RuntimeId.Fatal,         "fatal",         "pi",   "",    "Go's fatal(s) (sync: unlock of unlocked mutex...): print \"fatal error: s\" and the goroutine's traceback, exit 2; not recoverable"),
    ];

    static readonly Dictionary<string, RuntimeFunc> ByName = Table.ToDictionary(f => f.Name);

    public static RuntimeFunc? Get(int id) => (uint)id < (uint)Table.Length ? Table[id] : null;

    public static bool TryGet(string name, out RuntimeFunc f) => ByName.TryGetValue(name, out f!);
}
