using Vm.Compiler;
using Vm.Core.Bytecode;
using Vm.Core.Text;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Vm.Tests.Jit;

/// <summary>The baseline JIT: every opcode is compiled inline or exits to the interpreter; programs made of
/// the compiled opcodes give the interpreter's output; arithmetic edge cases match the interpreter.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Platform("Linux")]
public class JitTests
{
    ExecutableMemory _mem = null!;

    [OneTimeSetUp] public void Setup() => _mem = new ExecutableMemory(64L << 20);
    [OneTimeTearDown] public void TearDown() => _mem.Dispose();

    static VerifiedModule FromGo(string src)
        => Verifier.Verify(GoCompiler.Compile([new SourceFile("prog.go", src)], new CompileOptions()));

    static VerifiedModule FromGobs(string gobs) => Verifier.Verify(Vm.Core.Text.Assembler.Assemble(gobs, "test.gobs"));

    static (int Status, string Stderr) Interpret(VerifiedModule vm)
    {
        var err = new StringWriter();
        int st = Vm.Interpreter.Interpreter.Run(vm, new RunOptions { StackSize = 16 << 20 }, new StringWriter(), err);
        return (st, err.ToString());
    }

    /// <summary>Prewarm drops every error, so a warm-up module that stopped verifying or compiling would silently warm
    /// nothing: it verifies, compiles, and runs to completion compiled and interpreted.</summary>
    [Test]
    public void TheJitWarmUpModuleVerifiesCompilesAndRuns()
    {
        var vm = Verifier.Verify(JitEngine.WarmUpModule());
        Assert.That(StandaloneRunner.Run(vm, _mem), Is.EqualTo(new JitRunResult(0, "", null)));
        Assert.That(Interpret(vm), Is.EqualTo((0, "")));
    }

    const string Fib = """
        package main

        func fib(n int) int {
            if n < 2 {
                return n
            }
            return fib(n-1) + fib(n-2)
        }

        func main() {
            println(fib(25))
        }
        """;

    const string Sum = """
        package main

        func main() {
            s := 0
            for i := 0; i < 100000; i++ {
                s += i * 3 % 7
            }
            println(s, s/3, s>>2)
        }
        """;

    [Test]
    public void EveryOpcodeIsCompiledOrListedAsAnInterpreterExit()
    {
        var compiled = Emitter.Compiled.ToHashSet();
        foreach (Op op in Enum.GetValues<Op>())
        {
            bool c = compiled.Contains(op), i = Emitter.Interpreted.Contains(op);
            Assert.That(c ^ i, Is.True, $"{op}: compiled={c}, interpreted={i} (exactly one must hold)");
        }
    }

    [Test]
    public void RecursiveFibGivesTheInterpretersOutput()
    {
        var vm = FromGo(Fib);
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(r.Status, Is.EqualTo(st));
        Assert.That(r.Stderr, Is.EqualTo(err));
        Assert.That(r.Stderr, Is.EqualTo("75025\n"));
    }

    [Test]
    public void SummingLoopGivesTheInterpretersOutput()
    {
        var vm = FromGo(Sum);
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((st, err)));
        Assert.That(st, Is.EqualTo(0));
    }

    static readonly string[] IntBinaryOps =
        ["add", "sub", "mul", "div", "divu", "rem", "remu", "and", "or", "xor", "andnot", "shl", "shr", "shru",
         "eq", "ne", "lt", "le", "gt", "ge", "ltu", "leu", "gtu", "geu"];

    static readonly string[] IntUnaryOps = ["neg", "not", "sext8", "sext16", "sext32", "zext8", "zext16", "zext32"];

    static long Interesting(Random rnd)
    {
        long[] edges = [0, 1, -1, 2, -2, 63, 64, 65, 127, 128, 255, 256, 32767, 32768, 65535, 65536,
            int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, long.MinValue + 1];
        return rnd.Next(3) switch
        {
            0 => edges[rnd.Next(edges.Length)],
            1 => rnd.NextInt64(-300, 300),
            _ => rnd.NextInt64(long.MinValue, long.MaxValue),
        };
    }

    /// <summary>How the operands reach the instruction under test: the compiled code differs for each (constants
    /// fold at compile time; locals are memory operands; registers hold computed values; "mem" values were
    /// flushed to the operand stack by a branch target; a constant on either side is an immediate).</summary>
    public static readonly string[] Forms = ["const", "locals", "regs", "mem", "immright", "immleft"];

    /// <summary>The instructions that push a and b (or just a) in <paramref name="form"/>, ending with the operator.</summary>
    static string Operands(string form, long a, long b, bool unary, string op, int k)
    {
        string set = $"    ldi {a}\n    stloc 0\n    ldi {b}\n    stloc 1\n";
        return form switch
        {
            "const" => $"    ldi {a}\n" + (unary ? "" : $"    ldi {b}\n") + $"    {op}\n",
            "locals" => set + "    ldloc 0\n" + (unary ? "" : "    ldloc 1\n") + $"    {op}\n",
            "regs" => set + "    ldloc 0\n    ldi 0\n    add\n" + (unary ? "" : "    ldloc 1\n    ldi 0\n    xor\n") + $"    {op}\n",
            "mem" => set + "    ldloc 0\n" + (unary ? "" : "    ldloc 1\n") + $"    br m{k}\nm{k}:\n    {op}\n",
            "immright" => set + "    ldloc 0\n" + (unary ? "" : $"    ldi {b}\n") + $"    {op}\n",
            _ => set + (unary ? "    ldloc 0\n" : $"    ldi {a}\n    ldloc 1\n") + $"    {op}\n",
        };
    }

    /// <summary>A main that prints <c>a op b</c> for each pair (straight-line code, no loops).</summary>
    static string ProgramOver(string op, IEnumerable<(long A, long B)> pairs, bool unary, string form = "const")
    {
        var body = new System.Text.StringBuilder();
        int k = 0;
        foreach (var (a, b) in pairs)
        {
            body.Append(Operands(form, a, b, unary, op, k++));
            body.Append("    print 0\n    print 6\n");
        }
        return $"""
            .func main.main () -> ()
                .file "ops.gobs"
                .maxstack 3
                .locals ii
            {body}    ret
            .end
            .entry main.main
            """;
    }

    static IEnumerable<TestCaseData> BinaryOpsInEveryForm()
    {
        foreach (var op in IntBinaryOps)
            foreach (var form in Forms)
                yield return new TestCaseData(op, form);
    }

    [TestCaseSource(nameof(BinaryOpsInEveryForm))]
    public void BinaryOpMatchesTheInterpreterOnRandomOperands(string op, string form)
    {
        var rnd = new Random(op.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        bool divides = op is "div" or "divu" or "rem" or "remu";
        bool shifts = op is "shl" or "shr" or "shru";
        var pairs = new List<(long, long)>();
        while (pairs.Count < 300)
        {
            long a = Interesting(rnd), b = Interesting(rnd);
            if (divides && b == 0) continue;                 // a zero divisor panics: tested below
            if (shifts) b = rnd.Next(4) == 0 ? b & long.MaxValue : rnd.NextInt64(0, 130);
            pairs.Add((a, b));
        }
        var vm = FromGobs(ProgramOver(op, pairs, unary: false, form));
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(0));
        Assert.That(r.Stderr, Is.EqualTo(err));
    }

    static IEnumerable<TestCaseData> CompareBranches()
    {
        foreach (var op in new[] { "eq", "ne", "lt", "le", "gt", "ge", "ltu", "leu", "gtu", "geu" })
            foreach (var br in new[] { "brtrue", "brfalse" })
                foreach (var form in Forms)
                    yield return new TestCaseData(op, br, form);
    }

    [TestCaseSource(nameof(CompareBranches))]
    public void ComparisonFusedWithABranchTakesTheInterpretersPath(string op, string br, string form)
    {
        var rnd = new Random((op + br).GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        var body = new System.Text.StringBuilder();
        for (int k = 0; k < 150; k++)
        {
            long a = Interesting(rnd), b = rnd.Next(4) == 0 ? a : Interesting(rnd);
            body.Append(Operands(form, a, b, unary: false, op, k));
            body.Append($"    {br} t{k}\n    ldi 0\n    print 0\n    br j{k}\n");
            body.Append($"t{k}:\n    ldi 1\n    print 0\nj{k}:\n    print 6\n");
        }
        var vm = FromGobs($"""
            .func main.main () -> ()
                .file "cb.gobs"
                .maxstack 3
                .locals ii
            {body}    ret
            .end
            .entry main.main
            """);
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(0));
        Assert.That(err, Does.Contain("0\n").And.Contain("1\n"));
        Assert.That(r.Stderr, Is.EqualTo(err));
    }

    static IEnumerable<TestCaseData> UnaryOpsInEveryForm()
    {
        foreach (var op in IntUnaryOps)
            foreach (var form in Forms)
                yield return new TestCaseData(op, form);
    }

    [TestCaseSource(nameof(UnaryOpsInEveryForm))]
    public void UnaryOpMatchesTheInterpreterOnRandomOperands(string op, string form)
    {
        var rnd = new Random(op.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        var vals = Enumerable.Range(0, 300).Select(_ => (Interesting(rnd), 0L)).ToList();
        var vm = FromGobs(ProgramOver(op, vals, unary: true, form));
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(0));
        Assert.That(r.Stderr, Is.EqualTo(err));
    }

    static readonly string[] FloatOps = ["fadd", "fsub", "fmul", "fdiv", "feq", "fne", "flt", "fle", "fgt", "fge", "fneg", "i2f"];

    static string FloatLiteral(double d) => double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf"
        : double.IsNegativeInfinity(d) ? "-inf" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [TestCaseSource(nameof(FloatOps))]
    public void FloatOpMatchesTheInterpreterIncludingNaNAndInfinities(string op)
    {
        var rnd = new Random(op.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        double[] edges = [0.0, -0.0, 1, -1, 0.5, 1e300, -1e300, 9.3e18, -9.3e18, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 5e-324];
        double Pick() => rnd.Next(2) == 0 ? edges[rnd.Next(edges.Length)] : (rnd.NextDouble() - 0.5) * Math.Pow(10, rnd.Next(-5, 25));
        bool compare = op is "feq" or "fne" or "flt" or "fle" or "fgt" or "fge";
        var body = new System.Text.StringBuilder();
        for (int k = 0; k < 300; k++)
        {
            if (op == "i2f") body.Append($"    ldi {Interesting(rnd)}\n    i2f\n");
            else
            {
                body.Append($"    ldf {FloatLiteral(Pick())}\n");
                if (op != "fneg") body.Append($"    ldf {FloatLiteral(Pick())}\n");
                body.Append($"    {op}\n");
            }
            // A float result is checked as (r == r, f2i(r)): NaN-ness and the integer conversion.
            body.Append(compare ? "    print 3\n" : "    dup\n    dup\n    feq\n    print 3\n    f2i\n    print 0\n");
            body.Append("    print 6\n");
        }
        var vm = FromGobs($"""
            .func main.main () -> ()
                .file "f.gobs"
                .maxstack 3
            {body}    ret
            .end
            .entry main.main
            """);
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(0));
        Assert.That(r.Stderr, Is.EqualTo(err));
    }

    [TestCase("div", 7, 0, "integer divide by zero")]
    [TestCase("rem", 7, 0, "integer divide by zero")]
    [TestCase("divu", 7, 0, "integer divide by zero")]
    [TestCase("remu", -7, 0, "integer divide by zero")]
    [TestCase("shl", 1, -1, "negative shift amount")]
    [TestCase("shr", 1, -64, "negative shift amount")]
    [TestCase("shru", 1, long.MinValue, "negative shift amount")]
    public void RuntimeErrorsPanicLikeTheInterpreter(string op, long a, long b, string message)
    {
        foreach (var form in Forms)
        {
            var vm = FromGobs(ProgramOver(op, [(5, 3), (a, b)], unary: false, form));
            var (st, err) = Interpret(vm);
            var r = StandaloneRunner.Run(vm, _mem);
            Assert.That(r.Status, Is.EqualTo(st), form);
            Assert.That(st, Is.EqualTo(2));
            Assert.That(r.Panic, Is.EqualTo("runtime error: " + message), form);
            Assert.That(r.Stderr, Is.EqualTo(UpToPanicLine(err)), form);
        }
    }

    /// <summary>The interpreter's stderr up to and including the "panic: ..." line (the traceback follows).</summary>
    static string UpToPanicLine(string err)
    {
        int p = err.IndexOf("panic: ", StringComparison.Ordinal);
        Assert.That(p, Is.GreaterThanOrEqualTo(0), err);
        return err[..(err.IndexOf('\n', p) + 1)];
    }

    [Test]
    public void NilLoadPanicsLikeTheInterpreter()
    {
        var vm = FromGobs("""
            .func main.main () -> ()
                .file "nil.gobs"
                .maxstack 1
                ldi 1
                print 0
                ldnil
                ld.i64 8
                print 0
                ret
            .end
            .entry main.main
            """);
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That((r.Status, st), Is.EqualTo((2, 2)));
        Assert.That(r.Stderr, Is.EqualTo(UpToPanicLine(err)));
        Assert.That(r.Panic, Is.EqualTo("runtime error: invalid memory address or nil pointer dereference"));
    }

    [TestCase(-70000)]
    [TestCase(300)]
    [TestCase(long.MinValue + 0x1234_5678_9abc)]
    public void StoresAndLoadsOfEveryWidthThroughAFrameObjectMatchTheInterpreter(long v)
    {
        // fill(p, v) stores v at each width into a frame object of main; main loads each field back,
        // signed and unsigned.
        var vm = FromGobs($$"""
            .type int8 int8
            .type int16 int16
            .type int32 int32
            .type int64 int64
            .type P struct { a int8; b int16; c int32; d int64 }
            .func main.fill (pi) -> ()
                .file "w.gobs"
                .maxstack 2
                ldloc 0
                ldloc 1
                st.8 0
                ldloc 0
                ldloc 1
                st.16 2
                ldloc 0
                ldloc 1
                st.32 4
                ldloc 0
                ldloc 1
                st.64 8
                ret
            .end
            .func main.main () -> ()
                .file "w.gobs"
                .maxstack 2
                .frameobj o P
                fobj o
                ldi {{v}}
                call main.fill
                fobj o
                ld.i8 0
                print 0
                fobj o
                ld.u8 0
                print 0
                fobj o
                ld.i16 2
                print 0
                fobj o
                ld.u16 2
                print 0
                fobj o
                ld.i32 4
                print 0
                fobj o
                ld.u32 4
                print 0
                fobj o
                ld.i64 8
                print 0
                print 6
                ret
            .end
            .entry main.main
            """);
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(0));
        Assert.That((r.Status, r.Stderr), Is.EqualTo((st, err)));
    }

    [Test]
    public void MultipleResultsAndLocalsSurviveCallsBetweenCompiledFunctions()
    {
        var vm = FromGo("""
            package main

            func divmod(a, b int) (int, int) {
                q := a / b
                r := a % b
                return q, r
            }

            func main() {
                t := 0
                for i := 1; i < 50; i++ {
                    q, r := divmod(1000003*i, i+7)
                    t += q*31 + r
                }
                println(t)
            }
            """);
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(0));
        Assert.That((r.Status, r.Stderr), Is.EqualTo((st, err)));
    }

    [Test]
    public unsafe void CompiledFramesHaveTheAbiLayoutWithNativeReturnAddressesAsContinuations()
    {
        var vm = FromGobs("""
            .func main.g (i) -> ()
                .file "fr.gobs"
                .maxstack 1
                .local x i
                ldloc 0
                print 0
                ret
            .end
            .func main.f (ii) -> (i)
                .file "fr.gobs"
                .maxstack 2
                ldi 3
                call main.g
                ldloc 0
                ldloc 1
                add
                ret
            .end
            .func main.main () -> ()
                .file "fr.gobs"
                .maxstack 2
                ldi 7
                ldi 8
                call main.f
                pop
                ret
            .end
            .entry main.main
            """);
        var m = vm.Module;
        int gi = m.FindFunc("main.g"), fi = m.FindFunc("main.f"), mi = m.FindFunc("main.main");
        var jit = JitModule.Compile(vm, _mem);
        try
        {
            using var r = new StandaloneRunner(jit, 1 << 20);
            var seen = new List<string>();
            r.OnService = (fpG, sp) =>
            {
                byte* g = (byte*)fpG;
                long SlotOf(byte* fp, int func, int i) => *(long*)(fp + Vm.Core.Abi.Frame.BaseFromFp(jit.Frames.Funcs[func].NSlots) - 8 * i);
                // The innermost frame: g's, parameter 3, declared local zeroed, the top of stack = the printed value.
                Assert.That(*(long*)(g + Vm.Core.Abi.Frame.OffFunc), Is.EqualTo(gi));
                // g has no ldctx: its closure-context word is not written (FrameInfo.ReadsCtx).
                Assert.That(jit.Frames.Funcs[gi].ReadsCtx, Is.False);
                Assert.That(SlotOf(g, gi, 0), Is.EqualTo(3));
                Assert.That(SlotOf(g, gi, 1), Is.EqualTo(0));
                Assert.That(*(long*)sp, Is.EqualTo(3));
                Assert.That(sp, Is.EqualTo(fpG - jit.Frames.Funcs[gi].Region - 8));
                // Its continuation is a native return address inside f, just after f's call instruction.
                long cg = *(long*)(g + Vm.Core.Abi.Frame.OffCont);
                Assert.That(Vm.Core.Abi.Continuation.IsNative(cg), Is.True);
                nint retAddr = (nint)cg;
                Assert.That(jit.FuncAt(retAddr), Is.EqualTo(fi));
                int callPc = jit.PcMap[fi].Last(e => e.Addr < retAddr).Pc;
                Assert.That(Vm.Core.Bytecode.InstrCodec.Decode(m.Funcs[fi].Code, callPc).Op, Is.EqualTo(Vm.Core.Bytecode.Op.Call));
                // f's frame: its arguments 7, 8 are main's operand slots; main's frame ends the chain.
                byte* f = *(byte**)(g + Vm.Core.Abi.Frame.OffSavedFp);
                Assert.That(*(long*)(f + Vm.Core.Abi.Frame.OffFunc), Is.EqualTo(fi));
                Assert.That((SlotOf(f, fi, 0), SlotOf(f, fi, 1)), Is.EqualTo((7L, 8L)));
                Assert.That(jit.FuncAt((nint)(*(long*)(f + Vm.Core.Abi.Frame.OffCont))), Is.EqualTo(mi));
                byte* mainFp = *(byte**)(f + Vm.Core.Abi.Frame.OffSavedFp);
                Assert.That(*(long*)(mainFp + Vm.Core.Abi.Frame.OffFunc), Is.EqualTo(mi));
                Assert.That(*(long*)(mainFp + Vm.Core.Abi.Frame.OffSavedFp), Is.EqualTo(0));
                Assert.That(*(long*)(mainFp + Vm.Core.Abi.Frame.OffCont), Is.EqualTo(Vm.Core.Abi.Continuation.Exit));
                // f's slot 0 is main's deepest operand slot (arguments are the callee's parameters in place).
                Assert.That((nint)(f + Vm.Core.Abi.Frame.BaseFromFp(jit.Frames.Funcs[fi].NSlots)),
                    Is.EqualTo((nint)(mainFp - jit.Frames.Funcs[mi].Region - 8)));
                seen.Add("g");
            };
            var res = r.RunProgram();
            Assert.That((res.Status, res.Stderr), Is.EqualTo((0, "3")));
            Assert.That(seen, Is.EqualTo(new[] { "g" }));
        }
        finally { _mem.Free(jit.Block); }
    }

    const string TwoCallees = """
        .func main.a () -> (i)
            .file "t.gobs"
            .maxstack 1
            ldi 11
            ret
        .end
        .func main.b () -> (i)
            .file "t.gobs"
            .maxstack 1
            ldi 22
            ret
        .end
        .func main.main () -> ()
            .file "t.gobs"
            .maxstack 1
            call main.a
            print 0
            print 6
            ret
        .end
        .entry main.main
        """;

    /// <summary>main.main compiled in a unit of its own (as tiering does), main.a and main.b in another, one shared
    /// entry table: main's calls go through the table.</summary>
    (JitModule Main, JitModule Callees, nint[] Table) CompileInTwoUnits(VerifiedModule vm)
    {
        var frames = new Vm.Gc.FrameTable(vm);
        int a = vm.Module.FindFunc("main.a"), b = vm.Module.FindFunc("main.b");
        var table = GC.AllocateArray<nint>(vm.Module.Funcs.Count, pinned: true);
        var callees = JitModule.CompileSome(frames, _mem, null, [a, b], table);
        var main = JitModule.CompileSome(frames, _mem, null, [vm.Module.Entry], table);
        table[a] = callees.CallEntry[a];
        table[b] = callees.CallEntry[b];
        table[vm.Module.Entry] = main.CallEntry[vm.Module.Entry];
        return (main, callees, table);
    }

    [Test]
    public unsafe void CallsBetweenUnitsJumpThroughTheEntryTableSoPatchingAnEntryRedirectsEveryCaller()
    {
        var vm = FromGobs(TwoCallees);
        var (main, callees, table) = CompileInTwoUnits(vm);
        try
        {
            int a = vm.Module.FindFunc("main.a"), b = vm.Module.FindFunc("main.b");
            using (var r = new StandaloneRunner(main, 1 << 20))
                Assert.That(r.RunProgram().Stderr, Is.EqualTo("11\n"));
            table[a] = callees.CallEntry[b];
            using (var r = new StandaloneRunner(main, 1 << 20))
                Assert.That(r.RunProgram().Stderr, Is.EqualTo("22\n"));
        }
        finally { _mem.Free(main.Block); _mem.Free(callees.Block); }
    }

    [Test]
    public unsafe void CallsWithinOneUnitAreDirectAndDoNotReadTheTable()
    {
        var vm = FromGobs(TwoCallees);
        var jit = JitModule.Compile(vm, _mem);
        try
        {
            int a = vm.Module.FindFunc("main.a"), b = vm.Module.FindFunc("main.b");
            Assert.That(jit.EntryTable[a], Is.EqualTo(jit.CallEntry[a]));
            jit.EntryTable[a] = jit.CallEntry[b];            // nobody in the unit reads it
            using var r = new StandaloneRunner(jit, 1 << 20);
            Assert.That(r.RunProgram().Stderr, Is.EqualTo("11\n"));
            Assert.That(JitDisassembler.Disassemble(jit, vm.Module.Entry), Does.Not.Contain("call qword [r8]"));
        }
        finally { _mem.Free(jit.Block); }
    }

    [Test]
    public unsafe void ACallToAFunctionWithoutCompiledCodeExitsThroughTheSharedStubWithTheCallee()
    {
        var vm = FromGobs(TwoCallees);
        var (main, callees, table) = CompileInTwoUnits(vm);
        try
        {
            int a = vm.Module.FindFunc("main.a");
            table[a] = main.CallInterpretedStub;
            using var r = new StandaloneRunner(main, 1 << 20);
            var ex = Assert.Throws<InvalidOperationException>(() => r.RunProgram());
            Assert.That(ex!.Message, Does.Contain("exit CallInterpreted at main.a pc -1"));
        }
        finally { _mem.Free(main.Block); _mem.Free(callees.Block); }
    }

    [Test]
    public void DisassemblyInterleavesBytecodeAndMachineCode()
    {
        var vm = FromGo(Fib);
        var jit = JitModule.Compile(vm, _mem);
        try
        {
            int fib = vm.Module.FindFunc("main.fib");
            string text = JitDisassembler.Disassemble(jit, fib);
            TestContext.Out.WriteLine(text);
            Assert.That(text, Does.Contain(": call " + fib + "\n"));
            Assert.That(text, Does.Contain(": ret\n"));
            Assert.That(text, Does.StartWith("; main.fib\n;   call entry\n"));
            Assert.That(text, Does.Match(@"call 0*[0-9A-F]+h\n"), "fib calls itself directly (one unit)");
            // A return is a native ret: the call's return address is on the machine stack.
            Assert.That(text, Does.Match(@": ret\n(\s+[0-9a-f]+\s+[^\n]*\n)*?\s+[0-9a-f]+\s+ret\n"));
            Assert.That(text, Does.Not.Contain("push rax"));
            // n < 2 on the delayed operand stack: one compare of the parameter's slot with the constant.
            Assert.That(text, Does.Contain("cmp qword [rbx+20h],2"));
            Assert.That(jit.FuncAt(jit.PcMap[fib][0].Addr), Is.EqualTo(fib));
        }
        finally { _mem.Free(jit.Block); }
    }
}
