using System.Diagnostics;
using System.Numerics;
using System.Text;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Interpreter;

/// <summary>
/// Where the compiler put a test package's runner (Vm.Compiler TestPackage, docs/compiler.md "Tests"):
/// testing.tRunner / testing.bRunner (functions () -> ()), the globals holding the func value of the
/// test or benchmark to run, and the globals testing.t / testing.b (b.N at offset 0).
/// </summary>
public sealed record TestHarness(int TRunner, int BRunner, int CurTest, int CurBench, int TObject, int BObject);

/// <summary>
/// The state of the running test or benchmark, shared between the runtime's testing functions
/// (rt testlog / testctl / testname) and the go test driver (Vm.Cli/GoTest.cs), as Go's testing.common.
/// </summary>
public sealed class TestState
{
    /// <summary>-short and -v.</summary>
    public bool Short { get; set; }
    public bool Verbose { get; set; }
    /// <summary>Name of the running test or benchmark (t.Name()).</summary>
    public string Name { get; set; } = "";
    public bool Failed { get; set; }
    public bool Skipped { get; set; }
    /// <summary>FailNow or SkipNow ended the test (Go's common.finished).</summary>
    public bool Finished { get; set; }
    /// <summary>Log lines, decorated as Go's testing does ("    file.go:12: msg\n"); in verbose mode they
    /// are printed at once instead, with the program's own output.</summary>
    public StringBuilder Output { get; } = new();
    /// <summary>Called when the test panics, before the panic is printed: returns what go test prints
    /// first ("--- FAIL: TestX (0.00s)" and the test's log).</summary>
    public Func<string>? OnPanic { get; set; }

    // benchmark timer (Go's B.timerOn, start, duration, netAllocs, netBytes, showAllocResult)
    public bool TimerOn { get; internal set; }
    public long DurationNs { get; internal set; }
    public long Allocs { get; internal set; }
    public long AllocBytes { get; internal set; }
    public bool ShowAllocs { get; set; }
    internal long StartTicks, StartAllocs, StartBytes;
    internal readonly HashSet<int> Helpers = [];
}

// govm test's runtime side (docs/compiler.md "Tests"): the rt functions behind testing.T/B and
// the entry points the go test driver calls. Touches the interpreter only through its saved
// state: a test is one Machine.Call of testing.tRunner, so tests run one after another on
// goroutine 1, each on a fresh stack.
public sealed unsafe partial class Machine
{
    // Shared by every P (the test goroutine may move between them).
    TestHarness? _harness { get => _s.Harness; set => _s.Harness = value; }
    TestState? _test { get => _s.Test; set => _s.Test = value; }

    /// <summary>Prepares this machine to run tests: the harness from the compiler, the shared state, and
    /// GOMAXPROCS as go test sets it (the -N suffix of benchmark names).</summary>
    public void ConfigureTesting(TestHarness harness, TestState state, int gomaxprocs)
    {
        _harness = harness;
        _test = state;
        _gomaxprocs = Math.Max(1, gomaxprocs);
    }

    TestState Test => _test ?? throw new InvalidOperationException("ConfigureTesting first");

    /// <summary>Runs test function <paramref name="func"/> (func(*testing.T)) through testing.tRunner with
    /// fresh per-test state. Returns 0, or the exit status of a panic or fatal error (the machine is then
    /// dead, as Go's test binary is after a test panics).</summary>
    public int RunTest(int func, string name)
    {
        var st = Test;
        st.Name = name;
        st.Failed = st.Skipped = st.Finished = false;
        st.Output.Clear();
        st.Helpers.Clear();
        *(nint*)_globals[_harness!.CurTest] = _funcvals[func];
        return CallTestRunner(_harness.TRunner);
    }

    /// <summary>Go's B.runN: b.N = n, timer reset and started, the benchmark function through
    /// testing.bRunner, timer stopped. State (failed, log) carries over between runs of one benchmark,
    /// as in Go; call <see cref="ResetBenchmark"/> before its first run.</summary>
    public int RunBenchmark(int func, long n)
    {
        var st = Test;
        *(long*)_globals[_harness!.BObject] = n; // B.N at offset 0 (Vm.Compiler CheckTesting.TestingType)
        *(nint*)_globals[_harness.CurBench] = _funcvals[func];
        st.Helpers.Clear();
        st.DurationNs = 0; st.Allocs = 0; st.AllocBytes = 0;
        st.TimerOn = false;
        StartTimer();
        int status = CallTestRunner(_harness.BRunner);
        StopTimer();
        return status;
    }

    /// <summary>Fresh state for a benchmark about to run its first iteration.</summary>
    public void ResetBenchmark(string name)
    {
        var st = Test;
        st.Name = name;
        st.Failed = st.Skipped = st.Finished = false;
        st.ShowAllocs = false;
        st.Output.Clear();
    }

    int CallTestRunner(int runner)
    {
        _goexiting = false;
        int status = Call(runner);
        if (status == 0)
        {
            // A Goexit may leave the panics it abandoned; the next test starts clean.
            _s.Main.G->Panic = 0;
            _s.Main.G->Defer = 0;
            _s.Main.Sig = false;
        }
        return status;
    }

    // ---- timers (Go's B.StartTimer / StopTimer / ResetTimer) ----

    void StartTimer()
    {
        var st = Test;
        if (st.TimerOn) return;
        st.TimerOn = true;
        st.StartTicks = Stopwatch.GetTimestamp();
        st.StartAllocs = _heap.Mallocs;
        st.StartBytes = _heap.BytesAllocated;
    }

    void StopTimer()
    {
        var st = Test;
        if (!st.TimerOn) return;
        st.DurationNs += TicksToNs(Stopwatch.GetTimestamp() - st.StartTicks);
        st.Allocs += _heap.Mallocs - st.StartAllocs;
        st.AllocBytes += _heap.BytesAllocated - st.StartBytes;
        st.TimerOn = false;
    }

    void ResetTimer()
    {
        var st = Test;
        if (st.TimerOn)
        {
            st.StartTicks = Stopwatch.GetTimestamp();
            st.StartAllocs = _heap.Mallocs;
            st.StartBytes = _heap.BytesAllocated;
        }
        st.DurationNs = 0; st.Allocs = 0; st.AllocBytes = 0;
    }

    static long TicksToNs(long ticks) => (long)(ticks * (1e9 / Stopwatch.Frequency));

    // ---- rt testlog / testctl / testname (Vm.Core/Bytecode/RuntimeFuncs.cs) ----

    /// <summary>The frame of a generated testing method, from the address of its frame object 0.</summary>
    byte* TestingFrame(long anchor, long self) => (byte*)anchor + _funcs[(int)self].ObjOff[0];

    /// <summary>rt testlog (anchor p, self i, t p, format p i, args p i i, formatted i) -> ().</summary>
    long* TestLog(long* sp)
    {
        long formatted = sp[0], argCap = sp[1], argLen = sp[2], argP = sp[3], fmtLen = sp[4], fmtP = sp[5];
        long self = sp[7], anchor = sp[8];
        _ = argCap;
        var args = new (long Type, nint Data)[argLen];
        for (int i = 0; i < args.Length; i++)
            args[i] = (*(long*)(argP + 16 * i), *(nint*)(argP + 16 * i + 8));
        var f = new GoFmt(_m);
        byte[] text = formatted != 0
            ? f.Sprintf(new ReadOnlySpan<byte>((void*)fmtP, (int)fmtLen), args)
            : f.Sprintln(args);
        var (file, line) = LogCaller(TestingFrame(anchor, self));
        var line8 = Decorate(file, line, text);
        if (Test.Verbose) lock (_out) _out.AddRange(line8);
        else Test.Output.Append(Encoding.UTF8.GetString(line8));
        return sp + 9;
    }

    /// <summary>Go's common.frameSkip: the file:line of the testing method's caller, skipping functions
    /// marked by t.Helper() (but not past the test function itself).</summary>
    (string File, int Line) LogCaller(byte* fp)
    {
        long cont = _frames.BytecodeCont(*(long*)(fp + Frame.OffCont));
        byte* cfp = *(byte**)(fp + Frame.OffSavedFp);
        for (int depth = 0; ; depth++)
        {
            if (cont == Continuation.Panic) return ("panic.go", 884); // a deferred call run by gopanic
            if (cont < 0 || cfp == null) return ("???", 1);
            int fn = *(int*)(cfp + Frame.OffFunc);
            var def = _m.Funcs[fn];
            if ((uint)cont < (uint)def.Code.Length && def.Code[cont] == (byte)Op.DeferRet && _goexiting)
                return ("panic.go", 522); // a deferred call run by Goexit
            long ncont = _frames.BytecodeCont(*(long*)(cfp + Frame.OffCont));
            byte* ncfp = *(byte**)(cfp + Frame.OffSavedFp);
            bool nextIsRunner = ncfp != null && ncont >= 0 && *(int*)(ncfp + Frame.OffFunc) is var nf
                && (nf == _harness!.TRunner || nf == _harness.BRunner);
            if (Test.Helpers.Contains(fn) && !nextIsRunner && depth < 50) { cont = ncont; cfp = ncfp; continue; }
            int line = def.LineAt((int)Math.Max(0, cont - 1));
            return (def.File, line == 0 ? 1 : line);
        }
    }

    /// <summary>Go's common.decorate: "    file:line: " and the text, later lines indented 8 spaces.</summary>
    static byte[] Decorate(string file, int line, byte[] text)
    {
        int slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
        if (slash >= 0) file = file[(slash + 1)..];
        if (file.Length == 0) file = "???";
        var o = new List<byte>(text.Length + 32);
        o.AddRange(Encoding.UTF8.GetBytes($"    {file}:{line}: "));
        int n = text.Length;
        if (n > 0 && text[n - 1] == '\n') n--; // a trailing newline ends the last line
        for (int i = 0; i < n; i++)
        {
            if (text[i] == '\n') { o.AddRange("\n        "u8.ToArray()); continue; }
            o.Add(text[i]);
        }
        o.Add((byte)'\n');
        return [.. o];
    }

    /// <summary>rt testctl (anchor p, self i, t p, op i) -> (i).</summary>
    long* TestCtl(long* sp)
    {
        long op = sp[0], self = sp[2], anchor = sp[3];
        long result = 0;
        var st = Test;
        switch ((TestOp)op)
        {
            case TestOp.Helper:
            {
                byte* fp = TestingFrame(anchor, self);
                byte* cfp = *(byte**)(fp + Frame.OffSavedFp);
                if (cfp != null && *(long*)(fp + Frame.OffCont) >= 0) st.Helpers.Add(*(int*)(cfp + Frame.OffFunc));
                break;
            }
            case TestOp.Fail: st.Failed = true; break;
            case TestOp.Skip: st.Skipped = true; break;
            case TestOp.Goexit: st.Finished = true; Goexit(TestingFrame(anchor, self)); break;
            case TestOp.Failed: result = st.Failed ? 1 : 0; break;
            case TestOp.Skipped: result = st.Skipped ? 1 : 0; break;
            case TestOp.Short: result = st.Short ? 1 : 0; break;
            case TestOp.Verbose: result = st.Verbose ? 1 : 0; break;
            case TestOp.Panicked:
                st.Failed = true;
                if (st.OnPanic != null) lock (_out) _out.AddRange(Encoding.UTF8.GetBytes(st.OnPanic()));
                break;
            case TestOp.ResetTimer: ResetTimer(); break;
            case TestOp.StartTimer: StartTimer(); break;
            case TestOp.StopTimer: StopTimer(); break;
            case TestOp.ReportAllocs: st.ShowAllocs = true; break;
        }
        sp += 3;
        sp[0] = result;
        return sp;
    }

    /// <summary>rt testname (t p) -> (p i).</summary>
    long* TestName(long* sp)
    {
        var (p, len) = NewString(Encoding.UTF8.GetBytes(Test.Name));
        sp -= 1;
        sp[1] = p;
        sp[0] = len;
        return sp;
    }

    /// <summary>
    /// runtime.Goexit for the test, called by the generated FailNow/SkipNow (frame <paramref name="fp"/>)
    /// just before it returns. Records a panic or deferreturn already started are dropped (as Go's
    /// Goexit does) and the panics forgotten, so recover() returns nil from here on. Then the returns
    /// are rewired: the method returns into the deferreturn point of the newest frame with pending
    /// deferred calls, that frame returns into the next one's, and the last one returns out of the
    /// test's Call (docs/compiler.md "Tests"). Every frame in between is abandoned, as Goexit does.
    /// A deferred call that panics starts an ordinary panic; if a deferred call recovers it, its frame
    /// resumes at its deferreturn point and the rewired return continues the Goexit.
    /// </summary>
    void Goexit(byte* fp)
    {
        G* g = _g;
        _goexiting = true;
        while (g->Defer != 0 && ((Defer*)g->Defer)->Started != 0)
        {
            Defer* d = (Defer*)g->Defer;
            if (d->Panic != 0) ((Panic*)d->Panic)->Aborted = 1;
            d->Panic = 0;
            d->Fn = 0;
            g->Defer = d->Link;
            _pool.Return((nint)d);
        }
        g->Panic = 0;
        _sig = false;
        byte* prev = fp;
        nint last = 0;
        for (Defer* d = (Defer*)g->Defer; d != null; d = (Defer*)d->Link)
        {
            if (d->Sp == last) continue;
            last = d->Sp;
            byte* f = (byte*)d->Sp;
            int drp = _m.Funcs[*(int*)(f + Frame.OffFunc)].DeferReturnPc;
            if (drp < 0) continue; // cannot happen for compiled code: a frame with records has a deferreturn point
            *(long*)(prev + Frame.OffCont) = drp;
            *(byte**)(prev + Frame.OffSavedFp) = f;
            prev = f;
        }
        *(long*)(prev + Frame.OffCont) = Continuation.Exit;
    }

    /// <summary>
    /// Go's fmt (Sprintf and Sprintln, Go 1.19's output) over VM values: interface words (type word =
    /// type index + 1, data = the value for pointer-shaped kinds, else a pointer to a boxed copy;
    /// docs/abi.md §values) and the module's type table. Verbs v d s t q x X c f F e E g G p o O b U T
    /// and %%, flags + - # space 0, width and precision (also *), argument indexes, and Go's error
    /// forms (%!d(string=x), %!d(MISSING), %!(EXTRA ...), %!(NOVERB)).
    /// </summary>
    sealed partial class GoFmt(Module m)
    {
        readonly List<byte> _b = [];
        bool _plus, _minus, _sharp, _space, _zero, _plusV, _sharpV, _widPresent, _precPresent;
        int _wid, _prec;
        const string LDigits = "0123456789abcdefx", UDigits = "0123456789ABCDEFX";

        void ClearFlags()
        {
            _plus = _minus = _sharp = _space = _zero = _plusV = _sharpV = _widPresent = _precPresent = false;
            _wid = _prec = 0;
        }

        void Write(string s) { foreach (char c in s) _b.Add((byte)c); }
        void WriteUtf8(string s) => _b.AddRange(Encoding.UTF8.GetBytes(s));

        public byte[] Sprintln((long Type, nint Data)[] args)
        {
            for (int i = 0; i < args.Length; i++)
            {
                if (i > 0) _b.Add((byte)' ');
                ClearFlags();
                PrintArg(args[i], 'v');
            }
            _b.Add((byte)'\n');
            return [.. _b];
        }

        public byte[] Sprintf(ReadOnlySpan<byte> format, (long Type, nint Data)[] a)
        {
            int end = format.Length, argNum = 0, i = 0;
            bool reordered = false;
            while (i < end)
            {
                bool goodArgNum = true;
                int lasti = i;
                while (i < end && format[i] != '%') i++;
                for (int k = lasti; k < i; k++) _b.Add(format[k]);
                if (i >= end) break;
                i++;
                ClearFlags();
                bool simple = false;
                for (; i < end; i++)
                {
                    byte c = format[i];
                    if (c == '#') _sharp = true;
                    else if (c == '0') _zero = !_minus;
                    else if (c == '+') _plus = true;
                    else if (c == '-') { _minus = true; _zero = false; }
                    else if (c == ' ') _space = true;
                    else
                    {
                        if (c >= 'a' && c <= 'z' && argNum < a.Length)
                        {
                            if (c == 'v') { _sharpV = _sharp; _sharp = false; _plusV = _plus; _plus = false; }
                            PrintArg(a[argNum], c);
                            argNum++;
                            i++;
                            simple = true;
                        }
                        break;
                    }
                }
                if (simple) continue;

                bool afterIndex;
                (argNum, i, afterIndex) = ArgNumber(argNum, format, i, a.Length, ref reordered, ref goodArgNum);
                if (i < end && format[i] == '*')
                {
                    i++;
                    (_wid, _widPresent, argNum) = IntFromArg(a, argNum);
                    if (!_widPresent) Write("%!(BADWIDTH)");
                    if (_wid < 0) { _wid = -_wid; _minus = true; _zero = false; }
                    afterIndex = false;
                }
                else
                {
                    (_wid, _widPresent, i) = ParseNum(format, i, end);
                    if (afterIndex && _widPresent) goodArgNum = false;
                }
                if (i + 1 < end && format[i] == '.')
                {
                    i++;
                    if (afterIndex) goodArgNum = false;
                    (argNum, i, afterIndex) = ArgNumber(argNum, format, i, a.Length, ref reordered, ref goodArgNum);
                    if (i < end && format[i] == '*')
                    {
                        i++;
                        (_prec, _precPresent, argNum) = IntFromArg(a, argNum);
                        if (_prec < 0) { _prec = 0; _precPresent = false; }
                        if (!_precPresent) Write("%!(BADPREC)");
                        afterIndex = false;
                    }
                    else
                    {
                        (_prec, _precPresent, i) = ParseNum(format, i, end);
                        if (!_precPresent) { _prec = 0; _precPresent = true; }
                    }
                }
                if (!afterIndex) (argNum, i, afterIndex) = ArgNumber(argNum, format, i, a.Length, ref reordered, ref goodArgNum);
                if (i >= end) { Write("%!(NOVERB)"); break; }
                int verb = format[i], size = 1;
                if (verb >= 0x80)
                {
                    System.Buffers.OperationStatus s = Rune.DecodeFromUtf8(format[i..], out var r, out size);
                    verb = s == System.Buffers.OperationStatus.Done ? r.Value : 0xFFFD;
                    if (size == 0) size = 1;
                }
                i += size;
                if (verb == '%') _b.Add((byte)'%');
                else if (!goodArgNum) BadArg(verb, "BADINDEX");
                else if (argNum >= a.Length) BadArg(verb, "MISSING");
                else
                {
                    if (verb == 'v') { _sharpV = _sharp; _sharp = false; _plusV = _plus; _plus = false; }
                    PrintArg(a[argNum], verb);
                    argNum++;
                }
            }
            if (!reordered && argNum < a.Length)
            {
                ClearFlags();
                Write("%!(EXTRA ");
                for (int k = argNum; k < a.Length; k++)
                {
                    if (k > argNum) Write(", ");
                    if (a[k].Type == 0) Write("<nil>");
                    else { WriteUtf8(TypeName(a[k].Type)); _b.Add((byte)'='); PrintArg(a[k], 'v'); }
                }
                _b.Add((byte)')');
            }
            return [.. _b];
        }

        void BadArg(int verb, string what) { Write("%!"); WriteRune(verb); Write("(" + what + ")"); }

        void WriteRune(int r)
        {
            Span<byte> tmp = stackalloc byte[4];
            if (!Rune.TryCreate(r, out var rune)) rune = Rune.ReplacementChar;
            int n = rune.EncodeToUtf8(tmp);
            for (int k = 0; k < n; k++) _b.Add(tmp[k]);
        }

        static (int Num, bool Ok, int NewI) ParseNum(ReadOnlySpan<byte> s, int start, int end)
        {
            if (start >= end) return (0, false, end);
            int num = 0, i = start;
            bool ok = false;
            for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
            {
                if (num > 1_000_000) return (0, false, end); // Go's tooLarge
                num = num * 10 + (s[i] - '0');
                ok = true;
            }
            return (num, ok, i);
        }

        (int ArgNum, int I, bool Found) ArgNumber(int argNum, ReadOnlySpan<byte> format, int i, int numArgs, ref bool reordered, ref bool goodArgNum)
        {
            if (format.Length <= i || format[i] != '[') return (argNum, i, false);
            reordered = true;
            var rest = format[i..];
            int index = 0, wid = 1;
            bool ok = false;
            if (rest.Length >= 3)
            {
                for (int k = 1; k < rest.Length; k++)
                {
                    if (rest[k] != ']') continue;
                    var (n, nok, newi) = ParseNum(rest, 1, k);
                    if (!nok || newi != k) { index = 0; wid = k + 1; ok = false; }
                    else { index = n - 1; wid = k + 1; ok = true; }
                    break;
                }
            }
            if (ok && index >= 0 && index < numArgs) return (index, i + wid, true);
            goodArgNum = false;
            return (argNum, i + wid, ok);
        }

        (int Num, bool Ok, int ArgNum) IntFromArg((long Type, nint Data)[] a, int argNum)
        {
            if (argNum >= a.Length) return (0, false, argNum);
            var (t, d) = a[argNum];
            int num = 0;
            bool ok = false;
            if (t > 0 && t - 1 < m.Types.Count)
            {
                var td = m.Types[(int)(t - 1)];
                if (IsInteger(td.Kind))
                {
                    long v = ReadInt(td.Kind, d);
                    ok = v >= -1_000_000 && v <= 1_000_000;
                    num = ok ? (int)v : 0;
                }
            }
            return (num, ok, argNum + 1);
        }

        string TypeName(long type)
        {
            if (type == Values.RuntimeErrorType) return "runtime.Error";
            if (type <= 0 || type - 1 >= m.Types.Count) return "?";
            return TypeName((int)(type - 1));
        }

        string TypeName(int ti) => m.Types[ti].Name;

        static bool IsInteger(TypeKind k) => k is >= TypeKind.Int and <= TypeKind.Uintptr;
        static bool IsSigned(TypeKind k) => k is TypeKind.Int or TypeKind.Int8 or TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64;
        static bool IsPointerShaped(TypeKind k) => k is TypeKind.Ptr or TypeKind.Chan or TypeKind.Func or TypeKind.Closure or TypeKind.UnsafePointer;

        static long ReadInt(TypeKind k, nint p) => k switch
        {
            TypeKind.Int8 => *(sbyte*)p,
            TypeKind.Int16 => *(short*)p,
            TypeKind.Int32 => *(int*)p,
            TypeKind.Uint8 => *(byte*)p,
            TypeKind.Uint16 => *(ushort*)p,
            TypeKind.Uint32 => *(uint*)p,
            _ => *(long*)p,
        };

        // ---- printArg / printValue ----

        void PrintArg((long Type, nint Data) arg, int verb)
        {
            var (type, data) = arg;
            if (type == 0)
            {
                if (verb is 'T' or 'v') PadString("<nil>"u8);
                else BadVerbNil(verb);
                return;
            }
            if (verb == 'T') { FmtS(Encoding.UTF8.GetBytes(TypeName(type))); return; }
            if (MethodText(type, data, verb)) return; // Machine.Lang.cs: Error()/String() texts of fmt's arguments
            if (type == Values.RuntimeErrorType)
            {
                var text = new ReadOnlySpan<byte>((void*)*(nint*)data, (int)*(long*)(data + 8)).ToArray();
                if (verb is 'v' or 's' or 'x' or 'X' or 'q') FmtString(text, verb, -1, 0);
                else { Write("%!"); WriteRune(verb); Write("(runtime.Error="); _b.AddRange(text); _b.Add((byte)')'); }
                return;
            }
            if (type - 1 >= m.Types.Count) { Write("?"); return; }
            int ti = (int)(type - 1);
            if (IsPointerShaped(m.Types[ti].Kind))
            {
                long word = data;
                if (verb == 'p') { FmtPointer(ti, word, 'p'); return; }
                PrintValue(ti, (nint)(&word), verb, 0);
                return;
            }
            if (verb == 'p') { FmtPointer(ti, 0, 'p'); return; }
            PrintValue(ti, data, verb, 0);
        }

        void BadVerbNil(int verb) { Write("%!"); WriteRune(verb); Write("(<nil>)"); }

        void BadVerb(int verb, int ti, nint p)
        {
            Write("%!");
            WriteRune(verb);
            _b.Add((byte)'(');
            WriteUtf8(TypeName(ti));
            _b.Add((byte)'=');
            PrintValue(ti, p, 'v', 0);
            _b.Add((byte)')');
        }

        void PrintValue(int ti, nint p, int verb, int depth)
        {
            var t = m.Types[ti];
            switch (t.Kind)
            {
                case TypeKind.Bool:
                    if (verb is 't' or 'v') PadString(*(byte*)p != 0 ? "true"u8 : "false"u8);
                    else BadVerb(verb, ti, p);
                    return;
                case var k when IsInteger(k):
                {
                    long v = ReadInt(k, p);
                    FmtIntegerVerb((ulong)v, IsSigned(k), verb, ti, p);
                    return;
                }
                case TypeKind.Float64:
                {
                    double v = *(double*)p;
                    switch (verb)
                    {
                        case 'v': FmtFloat(v, 'g', -1); break;
                        case 'b' or 'g' or 'G' or 'x' or 'X': FmtFloat(v, (char)verb, -1); break;
                        case 'f' or 'e' or 'E': FmtFloat(v, (char)verb, 6); break;
                        case 'F': FmtFloat(v, 'f', 6); break;
                        default: BadVerb(verb, ti, p); break;
                    }
                    return;
                }
                case TypeKind.String:
                {
                    var s = new ReadOnlySpan<byte>((void*)*(nint*)p, (int)*(long*)(p + 8)).ToArray();
                    FmtString(s, verb, ti, p);
                    return;
                }
                case TypeKind.Struct:
                    if (_sharpV) WriteUtf8(TypeName(ti));   // %#v: Go syntax, main.P{A:1, B:"x"}
                    _b.Add((byte)'{');
                    for (int i = 0; i < t.Fields.Count; i++)
                    {
                        if (i > 0) { if (_sharpV) _b.Add((byte)','); _b.Add((byte)' '); }
                        if ((_plusV || _sharpV) && t.Fields[i].Name.Length > 0) { WriteUtf8(t.Fields[i].Name); _b.Add((byte)':'); }
                        PrintValue(t.Fields[i].Type, p + (nint)t.Fields[i].Offset, verb, depth + 1);
                    }
                    _b.Add((byte)'}');
                    return;
                case TypeKind.Iface:
                {
                    long type = *(long*)p;
                    nint data = *(nint*)(p + 8);
                    if (type == 0)
                    {
                        if (_sharpV) { WriteUtf8(TypeName(ti)); Write("(nil)"); }   // interface {}(nil)
                        else Write("<nil>");
                        return;
                    }
                    if (type == Values.RuntimeErrorType || type - 1 >= m.Types.Count) { PrintArg((type, data), verb); return; }
                    int et = (int)(type - 1);
                    if (IsPointerShaped(m.Types[et].Kind)) { long word = data; PrintValue(et, (nint)(&word), verb, depth + 1); }
                    else PrintValue(et, data, verb, depth + 1);
                    return;
                }
                case TypeKind.Array or TypeKind.Slice:
                {
                    nint basep; long n;
                    if (t.Kind == TypeKind.Array) { basep = p; n = t.Len; }
                    else { basep = *(nint*)p; n = *(long*)(p + 8); }
                    int et = t.Elem;
                    long es = m.Types[et].Size;
                    if (verb is 's' or 'q' or 'x' or 'X' && m.Types[et].Kind == TypeKind.Uint8)
                    {
                        var bytes = new ReadOnlySpan<byte>((void*)basep, (int)n).ToArray();
                        if (verb == 's') FmtS(bytes);
                        else if (verb == 'q') FmtQ(bytes);
                        else FmtSbx(bytes, verb == 'x' ? LDigits : UDigits);
                        return;
                    }
                    if (_sharpV)
                    {
                        // Go syntax: []int{1, 2}, [2]bool{true, false}, []int(nil)
                        WriteUtf8(TypeName(ti));
                        if (t.Kind == TypeKind.Slice && basep == 0) { Write("(nil)"); return; }
                        _b.Add((byte)'{');
                        for (long i = 0; i < n; i++)
                        {
                            if (i > 0) { _b.Add((byte)','); _b.Add((byte)' '); }
                            PrintValue(et, basep + (nint)(i * es), verb, depth + 1);
                        }
                        _b.Add((byte)'}');
                        return;
                    }
                    _b.Add((byte)'[');
                    for (long i = 0; i < n; i++)
                    {
                        if (i > 0) _b.Add((byte)' ');
                        PrintValue(et, basep + (nint)(i * es), verb, depth + 1);
                    }
                    _b.Add((byte)']');
                    return;
                }
                case TypeKind.Ptr:
                {
                    if (PrintMap(t, p, verb, depth)) return; // Machine.Lang.cs
                    nint v = *(nint*)p;
                    if (depth == 0 && v != 0 && t.Elem >= 0 && m.Types[t.Elem].Kind is TypeKind.Array or TypeKind.Slice or TypeKind.Struct)
                    {
                        _b.Add((byte)'&');
                        PrintValue(t.Elem, v, verb, depth + 1);
                        return;
                    }
                    if (_sharpV)
                    {
                        // (*main.P)(nil), (*int)(0xc000012345)
                        _b.Add((byte)'(');
                        WriteUtf8(TypeName(ti));
                        Write(")(");
                        if (v == 0) Write("nil"); else Fmt0x64((ulong)v, true);
                        _b.Add((byte)')');
                        return;
                    }
                    FmtPointer(ti, v, verb);
                    return;
                }
                default: // chan, func, closure, unsafe.Pointer
                    FmtPointer(ti, *(nint*)p, verb);
                    return;
            }
        }

        void FmtPointer(int ti, long u, int verb)
        {
            var k = m.Types[ti].Kind;
            if (!(IsPointerShaped(k) || k == TypeKind.Slice)) { Write("%!"); WriteRune(verb); Write("(" + TypeName(ti) + "=?)"); return; }
            switch (verb)
            {
                case 'v':
                    if (u == 0) PadString("<nil>"u8);
                    else Fmt0x64((ulong)u, !_sharp);
                    break;
                case 'p': Fmt0x64((ulong)u, !_sharp); break;
                case 'b' or 'o' or 'd' or 'x' or 'X': FmtIntegerVerb((ulong)u, false, verb, ti, 0); break;
                default: Write("%!"); WriteRune(verb); Write("(" + TypeName(ti) + "="); Fmt0x64((ulong)u, true); Write(")"); break;
            }
        }

        void Fmt0x64(ulong v, bool leading0x)
        {
            bool sharp = _sharp;
            _sharp = leading0x;
            FmtInteger(v, 16, false, 'v', LDigits);
            _sharp = sharp;
        }

        void FmtIntegerVerb(ulong v, bool signed, int verb, int ti, nint p)
        {
            switch (verb)
            {
                case 'v':
                    if (_sharpV && !signed) Fmt0x64(v, true);
                    else FmtInteger(v, 10, signed, verb, LDigits);
                    break;
                case 'd': FmtInteger(v, 10, signed, verb, LDigits); break;
                case 'b': FmtInteger(v, 2, signed, verb, LDigits); break;
                case 'o' or 'O': FmtInteger(v, 8, signed, verb, LDigits); break;
                case 'x': FmtInteger(v, 16, signed, verb, LDigits); break;
                case 'X': FmtInteger(v, 16, signed, verb, UDigits); break;
                case 'c': Pad(RuneBytes(v > 0x10FFFF ? 0xFFFD : (int)v)); break;
                case 'q': Pad(QuoteRune(v > 0x10FFFF ? 0xFFFD : (int)v, _plus)); break;
                case 'U': FmtUnicode(v); break;
                default:
                    if (p != 0) BadVerb(verb, ti, p);
                    else { Write("%!"); WriteRune(verb); Write("(" + TypeName(ti) + "="); FmtInteger(v, 10, signed, 'v', LDigits); Write(")"); }
                    break;
            }
        }

        void FmtInteger(ulong u, int b, bool isSigned, int verb, string digits)
        {
            bool negative = isSigned && (long)u < 0;
            if (negative) u = unchecked(0 - u);
            var buf = new byte[68 + (_widPresent ? _wid : 0) + (_precPresent ? _prec : 0)];
            int prec = 0;
            if (_precPresent)
            {
                prec = _prec;
                if (prec == 0 && u == 0)
                {
                    bool oldZero = _zero;
                    _zero = false;
                    WritePadding(_wid);
                    _zero = oldZero;
                    return;
                }
            }
            else if (_zero && _widPresent)
            {
                prec = _wid;
                if (negative || _plus || _space) prec--;
            }
            int i = buf.Length;
            do { buf[--i] = (byte)digits[(int)(u % (ulong)b)]; u /= (ulong)b; } while (u != 0);
            while (i > 0 && prec > buf.Length - i) buf[--i] = (byte)'0';
            if (_sharp)
            {
                switch (b)
                {
                    case 2: buf[--i] = (byte)'b'; buf[--i] = (byte)'0'; break;
                    case 8: if (buf[i] != '0') buf[--i] = (byte)'0'; break;
                    case 16: buf[--i] = (byte)digits[16]; buf[--i] = (byte)'0'; break;
                }
            }
            if (verb == 'O') { buf[--i] = (byte)'o'; buf[--i] = (byte)'0'; }
            if (negative) buf[--i] = (byte)'-';
            else if (_plus) buf[--i] = (byte)'+';
            else if (_space) buf[--i] = (byte)' ';
            bool oz = _zero;
            _zero = false;
            Pad(buf.AsSpan(i));
            _zero = oz;
        }

        void FmtUnicode(ulong u)
        {
            int prec = 4;
            if (_precPresent && _prec > 4) prec = _prec;
            var hex = u.ToString("X");
            var s = "U+" + hex.PadLeft(prec, '0');
            if (_sharp && u <= 0x10FFFF && IsPrint((int)u)) s += " '" + char.ConvertFromUtf32((int)u) + "'";
            bool oz = _zero;
            _zero = false;
            Pad(Encoding.UTF8.GetBytes(s));
            _zero = oz;
        }

        // ---- strings ----

        void FmtString(byte[] s, int verb, int ti, nint p)
        {
            switch (verb)
            {
                case 'v': if (_sharpV) FmtQ(s); else FmtS(s); break;
                case 's': FmtS(s); break;
                case 'x': FmtSbx(s, LDigits); break;
                case 'X': FmtSbx(s, UDigits); break;
                case 'q': FmtQ(s); break;
                default:
                    if (ti >= 0) BadVerb(verb, ti, p);
                    else { Write("%!"); WriteRune(verb); Write("(runtime.Error="); _b.AddRange(s); Write(")"); }
                    break;
            }
        }

        byte[] Truncate(byte[] s)
        {
            if (!_precPresent) return s;
            int n = _prec, i = 0;
            while (i < s.Length)
            {
                n--;
                if (n < 0) return s[..i];
                Rune.DecodeFromUtf8(s.AsSpan(i), out _, out int w);
                i += Math.Max(1, w);
            }
            return s;
        }

        void FmtS(byte[] s) => Pad(Truncate(s));

        void FmtSbx(byte[] s, string digits)
        {
            int length = s.Length;
            if (_precPresent && _prec < length) length = _prec;
            int width = 2 * length;
            if (width > 0)
            {
                if (_space) { if (_sharp) width *= 2; width += length - 1; }
                else if (_sharp) width += 2;
            }
            else
            {
                if (_widPresent) WritePadding(_wid);
                return;
            }
            if (_widPresent && _wid > width && !_minus) WritePadding(_wid - width);
            if (_sharp) { _b.Add((byte)'0'); _b.Add((byte)digits[16]); }
            for (int i = 0; i < length; i++)
            {
                if (_space && i > 0)
                {
                    _b.Add((byte)' ');
                    if (_sharp) { _b.Add((byte)'0'); _b.Add((byte)digits[16]); }
                }
                _b.Add((byte)digits[s[i] >> 4]);
                _b.Add((byte)digits[s[i] & 0xF]);
            }
            if (_widPresent && _wid > width && _minus) WritePadding(_wid - width);
        }

        void FmtQ(byte[] s)
        {
            s = Truncate(s);
            if (_sharp && CanBackquote(s)) { Pad([(byte)'`', .. s, (byte)'`']); return; }
            Pad(Quote(s, _plus));
        }

        static bool CanBackquote(byte[] s)
        {
            int i = 0;
            while (i < s.Length)
            {
                var st = Rune.DecodeFromUtf8(s.AsSpan(i), out var r, out int w);
                if (st != System.Buffers.OperationStatus.Done) return false;
                i += w;
                if (w > 1) { if (r.Value == 0xFEFF) return false; continue; }
                if (r.Value == 0xFFFD) return false;
                if ((r.Value < ' ' && r.Value != '\t') || r.Value == '`' || r.Value == 0x7F) return false;
            }
            return true;
        }

        /// <summary>Go's strconv.IsPrint, by Unicode category.</summary>
        static bool IsPrint(int r)
        {
            if (r == ' ') return true;
            if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return false;
            var c = Rune.GetUnicodeCategory(new Rune(r));
            return c switch
            {
                System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse
                    or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.SpaceSeparator
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator => false,
                _ => true,
            };
        }

        static void AppendEscapedRune(List<byte> o, int r, byte quote, bool asciiOnly)
        {
            if (r == quote || r == '\\') { o.Add((byte)'\\'); o.Add((byte)r); return; }
            if (asciiOnly ? r < 0x80 && IsPrint(r) : IsPrint(r)) { o.AddRange(RuneBytes(r)); return; }
            switch (r)
            {
                case '\a': o.AddRange("\\a"u8.ToArray()); return;
                case '\b': o.AddRange("\\b"u8.ToArray()); return;
                case '\f': o.AddRange("\\f"u8.ToArray()); return;
                case '\n': o.AddRange("\\n"u8.ToArray()); return;
                case '\r': o.AddRange("\\r"u8.ToArray()); return;
                case '\t': o.AddRange("\\t"u8.ToArray()); return;
                case '\v': o.AddRange("\\v"u8.ToArray()); return;
            }
            if (r < ' ' || r == 0x7F) { o.AddRange(Encoding.ASCII.GetBytes($"\\x{r:x2}")); return; }
            if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
            o.AddRange(Encoding.ASCII.GetBytes(r < 0x10000 ? $"\\u{r:x4}" : $"\\U{r:x8}"));
        }

        static byte[] Quote(byte[] s, bool asciiOnly)
        {
            var o = new List<byte> { (byte)'"' };
            int i = 0;
            while (i < s.Length)
            {
                var st = Rune.DecodeFromUtf8(s.AsSpan(i), out var r, out int w);
                if (st != System.Buffers.OperationStatus.Done)
                {
                    o.AddRange(Encoding.ASCII.GetBytes($"\\x{s[i]:x2}"));
                    i++;
                    continue;
                }
                AppendEscapedRune(o, r.Value, (byte)'"', asciiOnly);
                i += w;
            }
            o.Add((byte)'"');
            return [.. o];
        }

        static byte[] QuoteRune(int r, bool asciiOnly)
        {
            if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF) || r < 0) r = 0xFFFD;
            var o = new List<byte> { (byte)'\'' };
            AppendEscapedRune(o, r, (byte)'\'', asciiOnly);
            o.Add((byte)'\'');
            return [.. o];
        }

        static byte[] RuneBytes(int r)
        {
            if (!Rune.TryCreate(r, out var rune)) rune = Rune.ReplacementChar;
            var tmp = new byte[4];
            int n = rune.EncodeToUtf8(tmp);
            return tmp[..n];
        }

        // ---- padding ----

        static int RuneCount(ReadOnlySpan<byte> s)
        {
            int n = 0, i = 0;
            while (i < s.Length) { Rune.DecodeFromUtf8(s[i..], out _, out int w); i += Math.Max(1, w); n++; }
            return n;
        }

        void WritePadding(int n)
        {
            if (n <= 0) return;
            byte pad = _zero ? (byte)'0' : (byte)' ';
            for (int i = 0; i < n; i++) _b.Add(pad);
        }

        void Pad(ReadOnlySpan<byte> s)
        {
            if (!_widPresent || _wid == 0) { foreach (var c in s) _b.Add(c); return; }
            int width = _wid - RuneCount(s);
            if (!_minus) { WritePadding(width); foreach (var c in s) _b.Add(c); }
            else { foreach (var c in s) _b.Add(c); WritePadding(width); }
        }

        void PadString(ReadOnlySpan<byte> s) => Pad(s);

        // ---- floats (Go's strconv.FormatFloat and fmt's fmtFloat) ----

        void FmtFloat(double v, char verb, int prec)
        {
            if (_precPresent) prec = _prec;
            var num = new List<byte> { (byte)'+' };
            num.AddRange(FormatFloat(v, verb, prec));
            if (num[1] == '-' || num[1] == '+') num.RemoveAt(0);
            if (_space && num[0] == '+' && !_plus) num[0] = (byte)' ';
            if (num[1] == 'I' || num[1] == 'N')
            {
                bool oz = _zero;
                _zero = false;
                if (num[1] == 'N' && !_space && !_plus) num.RemoveAt(0);
                Pad(num.ToArray());
                _zero = oz;
                return;
            }
            if (_plus || num[0] != '+')
            {
                if (_zero && _widPresent && _wid > num.Count)
                {
                    _b.Add(num[0]);
                    WritePadding(_wid - num.Count);
                    for (int i = 1; i < num.Count; i++) _b.Add(num[i]);
                    return;
                }
                Pad(num.ToArray());
                return;
            }
            Pad(num.ToArray().AsSpan(1));
        }

        /// <summary>strconv.FormatFloat(v, fmt, prec, 64) for fmt e, E, f, g, G (others as g).</summary>
        internal static byte[] FormatFloat(double v, char fmt, int prec)
        {
            if (double.IsNaN(v)) return "NaN"u8.ToArray();
            if (double.IsPositiveInfinity(v)) return "+Inf"u8.ToArray();
            if (double.IsNegativeInfinity(v)) return "-Inf"u8.ToArray();
            if (fmt is not ('e' or 'E' or 'f' or 'g' or 'G')) fmt = 'g';
            bool neg = double.IsNegative(v);
            v = Math.Abs(v);
            string d; int dp;
            bool shortest = prec < 0;
            if (shortest)
            {
                (d, dp) = ShortestDigits(v);
                prec = fmt switch { 'e' or 'E' => Math.Max(d.Length - 1, 0), 'f' => Math.Max(d.Length - dp, 0), _ => d.Length };
            }
            else
            {
                (d, dp) = ExactDigits(v);
                switch (fmt)
                {
                    case 'e' or 'E': (d, dp) = Round(d, dp, prec + 1); break;
                    case 'f': (d, dp) = Round(d, dp, dp + prec); break;
                    default: if (prec == 0) prec = 1; (d, dp) = Round(d, dp, prec); break;
                }
            }
            var o = new List<byte>();
            switch (fmt)
            {
                case 'e' or 'E': FmtE(o, neg, d, dp, prec, fmt); break;
                case 'f': FmtF(o, neg, d, dp, prec); break;
                default:
                {
                    int eprec = prec;
                    if (eprec > d.Length && d.Length >= dp) eprec = d.Length;
                    if (shortest) eprec = 6;
                    int exp = dp - 1;
                    if (exp < -4 || exp >= eprec)
                    {
                        if (prec > d.Length) prec = d.Length;
                        FmtE(o, neg, d, dp, prec - 1, fmt == 'g' ? 'e' : 'E');
                    }
                    else
                    {
                        if (prec > dp) prec = d.Length;
                        FmtF(o, neg, d, dp, Math.Max(prec - dp, 0));
                    }
                    break;
                }
            }
            return [.. o];
        }

        static (string Digits, int Dp) ShortestDigits(double v)
        {
            if (v == 0) return ("", 0);
            var r = v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            int e = 0;
            int ei = r.IndexOfAny(['E', 'e']);
            if (ei >= 0) { e = int.Parse(r[(ei + 1)..], System.Globalization.CultureInfo.InvariantCulture); r = r[..ei]; }
            int dot = r.IndexOf('.');
            string digits = dot >= 0 ? r.Remove(dot, 1) : r;
            int dp = (dot >= 0 ? dot : r.Length) + e;
            int lead = 0;
            while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
            digits = digits[lead..];
            dp -= lead;
            digits = digits.TrimEnd('0');
            return (digits, dp);
        }

        /// <summary>The exact decimal expansion of a finite non-negative double: digits (no trailing
        /// zeros) and the decimal point position (value = 0.digits x 10^dp).</summary>
        static (string Digits, int Dp) ExactDigits(double v)
        {
            if (v == 0) return ("", 0);
            long bits = BitConverter.DoubleToInt64Bits(v);
            int bexp = (int)((bits >> 52) & 0x7FF);
            long mant = bits & ((1L << 52) - 1);
            if (bexp == 0) bexp = 1; else mant |= 1L << 52;
            int e2 = bexp - 1075;
            string d; int dp;
            if (e2 >= 0)
            {
                d = (new BigInteger(mant) << e2).ToString();
                dp = d.Length;
            }
            else
            {
                d = (new BigInteger(mant) * BigInteger.Pow(5, -e2)).ToString();
                dp = d.Length + e2;
            }
            return (d.TrimEnd('0'), dp);
        }

        /// <summary>Rounds to nd digits as Go's decimal.Round does (ties to even).</summary>
        static (string Digits, int Dp) Round(string d, int dp, int nd)
        {
            if (nd < 0 || nd >= d.Length) return (d, dp);
            bool up;
            if (d[nd] == '5' && nd + 1 == d.Length) up = nd > 0 && (d[nd - 1] - '0') % 2 == 1;
            else up = d[nd] >= '5';
            if (!up) return (d[..nd].TrimEnd('0'), dp);
            var c = d[..nd].ToCharArray();
            int i = nd - 1;
            while (i >= 0 && c[i] == '9') i--;
            if (i < 0) return ("1", dp + 1);
            c[i]++;
            return (new string(c, 0, i + 1), dp);
        }

        static void FmtE(List<byte> o, bool neg, string d, int dp, int prec, char fmt)
        {
            if (neg) o.Add((byte)'-');
            o.Add(d.Length != 0 ? (byte)d[0] : (byte)'0');
            if (prec > 0)
            {
                o.Add((byte)'.');
                int i = 1;
                int mm = Math.Min(d.Length, prec + 1);
                for (; i < mm; i++) o.Add((byte)d[i]);
                for (; i <= prec; i++) o.Add((byte)'0');
            }
            o.Add((byte)fmt);
            int exp = d.Length == 0 ? 0 : dp - 1;
            o.Add(exp < 0 ? (byte)'-' : (byte)'+');
            exp = Math.Abs(exp);
            if (exp < 10) { o.Add((byte)'0'); o.Add((byte)('0' + exp)); }
            else if (exp < 100) { o.Add((byte)('0' + exp / 10)); o.Add((byte)('0' + exp % 10)); }
            else { o.Add((byte)('0' + exp / 100)); o.Add((byte)('0' + exp / 10 % 10)); o.Add((byte)('0' + exp % 10)); }
        }

        static void FmtF(List<byte> o, bool neg, string d, int dp, int prec)
        {
            if (neg) o.Add((byte)'-');
            if (dp > 0)
            {
                int mm = Math.Min(d.Length, dp);
                for (int i = 0; i < mm; i++) o.Add((byte)d[i]);
                for (; mm < dp; mm++) o.Add((byte)'0');
            }
            else o.Add((byte)'0');
            if (prec > 0)
            {
                o.Add((byte)'.');
                for (int i = 1; i <= prec; i++)
                {
                    int j = dp + i - 1;
                    o.Add(j >= 0 && j < d.Length ? (byte)d[j] : (byte)'0');
                }
            }
        }
    }
}
