using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Vm.Tests.Jit;

/// <summary>
/// The JIT inside the runtime (docs/jit.md §dispatcher): interpreted and compiled frames on one goroutine
/// stack, moved by the stack copier, scanned by the collector and unwound by panics, with the output real
/// Go gives the same program (Vm.Tests/Jit/Programs, goldens from Go 1.19).
/// </summary>
public class MixedModeTests
{
    static string ProgramPath(string name) => Path.Combine(TestPaths.RepoRoot, "Vm.Tests", "Jit", "Programs", name);

    static (int Code, string Stdout, string Stderr, RuntimeCounters Counters) Run(string name, JitMode mode, int threshold = 1000, string godebug = "")
    {
        var src = File.ReadAllText(ProgramPath(name + ".go"));
        var vm = Verifier.Verify(GoCompiler.Compile([new SourceFile(name + ".go", src)], new CompileOptions()));
        var counters = new RuntimeCounters();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Vm.Interpreter.Interpreter.Run(vm, new RunOptions
        {
            Jit = mode, JitThreshold = threshold, Godebug = godebug, Gogc = "100", GoMaxProcs = 1, Counters = counters,
        }, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString(), counters);
    }

    static void AssertLikeGo(string name, (int Code, string Stdout, string Stderr, RuntimeCounters _) r)
    {
        Assert.That(r.Code, Is.EqualTo(int.Parse(File.ReadAllText(ProgramPath(name + ".exit")).Trim())), "exit status; stderr: " + r.Stderr);
        Assert.That(r.Stdout, Is.EqualTo(File.ReadAllText(ProgramPath(name + ".stdout"))), "stdout");
        Assert.That(r.Stderr, Is.EqualTo(File.ReadAllText(ProgramPath(name + ".stderr"))), "stderr");
    }

    [SetUp]
    public void NeedsJit()
    {
        if (!JitEngine.Supported) Assert.Ignore("the JIT needs Linux on x64");
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "gcverify=1")]
    [TestCase(JitMode.Eager, 1, "stackmove=1,poison=1")]
    [TestCase(JitMode.Tiered, 2, "gcverify=1")]
    public void InterleavedFramesAreCopiedScannedAndUnwoundByAPanicACompiledFrameRecovers(JitMode mode, int threshold, string godebug)
    {
        var r = Run("mixed", mode, threshold, godebug);
        AssertLikeGo("mixed", r);
        var c = r.Counters;
        Assert.Multiple(() =>
        {
            Assert.That(c.JitFunctions, Is.GreaterThan(0), "functions compiled");
            Assert.That(c.NativeEntries, Is.GreaterThan(0), "entries into compiled code");
            // Compiled callers were on the stack while it was scanned (runtime.GC at the bottom) and copied.
            Assert.That(c.CompiledCallersWalked, Is.GreaterThan(0), "compiled caller frames walked");
            Assert.That(c.NumGC, Is.GreaterThan(0), "collections");
            Assert.That(c.StackGrowths, Is.GreaterThan(0), "stack growth by copying");
        });
    }

    [TestCase(JitMode.Off, 1, "")]
    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "gcverify=1")]
    [TestCase(JitMode.Eager, 1, "stackmove=1,poison=1")]
    [TestCase(JitMode.Tiered, 2, "gcverify=1")]
    public void DeferredCallsRunByCompiledDeferreturnBehaveAsInGo(JitMode mode, int threshold, string godebug)
    {
        // Stack records run by compiled deferret: arguments, named results, several sites newest first, a deferred
        // call growing the stack and collecting, panicking (recovered by an older record), deferring its own calls.
        var r = Run("deferret", mode, threshold, godebug);
        AssertLikeGo("deferret", r);
        Assert.That(r.Counters.StackDefers, Is.GreaterThanOrEqualTo(10_000));
        if (mode == JitMode.Eager && godebug == "")
        {
            Assert.That(r.Counters.StackGrowths, Is.GreaterThan(0), "the deferred call grew the stack");
            // 10,000 stack records and 3,000 pooled heap records that compiled defers/deferh filled and compiled
            // deferret ran: had each left compiled code, the dispatcher would have entered compiled code again at
            // least as often.
            Assert.That(r.Counters.HeapDefers, Is.GreaterThanOrEqualTo(3_000 + 300));
            Assert.That(r.Counters.NativeEntries, Is.LessThan(1_000), "entries into compiled code");
            // many(100): more records than a P's pool holds, through the central pool both ways.
            Assert.That(r.Counters.CentralRefills, Is.GreaterThan(0), "central refills");
            Assert.That(r.Counters.CentralSpills, Is.GreaterThan(0), "central spills");
            Assert.That(r.Counters.DeferRecordsAllocated, Is.LessThan(200), "records allocated (the rest reused)");
        }
    }

    [TestCase(JitMode.Eager, 1)]
    [TestCase(JitMode.Tiered, 2)]
    public void APanicInADeferredCallRunByCompiledDeferreturnTracesBackAsInTheInterpreter(JitMode mode, int threshold)
    {
        var jit = Run("deferret_panic", mode, threshold);
        var interp = Run("deferret_panic", JitMode.Off);
        // Go's text up to "goroutine 1 [running]:" (its traceback lines carry paths and offsets govm does not print).
        string go = File.ReadAllText(ProgramPath("deferret_panic.stderr"));
        go = go[..(go.IndexOf("[running]:\n", StringComparison.Ordinal) + "[running]:\n".Length)];
        Assert.That(interp.Code, Is.EqualTo(2));
        Assert.That(interp.Stdout, Is.EqualTo(File.ReadAllText(ProgramPath("deferret_panic.stdout"))));
        Assert.That(interp.Stderr, Does.StartWith(go));
        // The compiled deferring frame maps its deferred call's return address back to its deferreturn point.
        Assert.That((jit.Code, jit.Stdout, jit.Stderr), Is.EqualTo((interp.Code, interp.Stdout, interp.Stderr)));
        Assert.That(jit.Stderr, Does.Contain("main.cleanup(...)\n\tdeferret_panic.go:8\nmain.work(...)\n\tdeferret_panic.go:"));
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "gcverify=1")]
    [TestCase(JitMode.Eager, 1, "gcstress=50")]
    [TestCase(JitMode.Tiered, 2, "")]
    public void CompiledNewAndNewarrAllocateThroughTheHelperAndCollectAtTheInterpretersSafepoint(JitMode mode, int threshold, string godebug)
    {
        var r = Run("alloc", mode, threshold, godebug);
        AssertLikeGo("alloc", r);
        var c = r.Counters;
        Assert.That(c.NumGC, Is.GreaterThan(0), "collections");
        Assert.That(c.HeapObjects, Is.GreaterThan(300 * 2047), "objects allocated");
        if (godebug == "")
            // ~600,000 allocations made by compiled code: had each left it, the dispatcher would have entered
            // compiled code again as often; a wanted collection costs one exit.
            Assert.That(c.NativeEntries, Is.LessThan(c.HeapObjects / 100), "entries into compiled code");
    }

    [TestCase(JitMode.Eager, 1)]
    [TestCase(JitMode.Tiered, 2)]
    public void ClosureAndInterfaceCallsStayInCompiledCodeAndANilFuncPanicsAsInGo(JitMode mode, int threshold)
    {
        var r = Run("callind", mode, threshold);
        AssertLikeGo("callind", r);
        if (mode == JitMode.Eager)
            // 40,000 calls through closures and interface dispatchers: had each left compiled code, the dispatcher
            // would have entered compiled code again as often.
            Assert.That(r.Counters.NativeEntries, Is.LessThan(1_000), "entries into compiled code");
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "stackmove=1")]
    [TestCase(JitMode.Tiered, 2, "")]
    public void ChannelOperationsThatNeedNotWaitCompleteInCompiledCode(JitMode mode, int threshold, string godebug)
    {
        var r = Run("chans", mode, threshold, godebug);
        AssertLikeGo("chans", r);
        if (mode == JitMode.Eager && godebug == "")
            // 50,000 buffered pairs and 1,000 receives from a closed channel: had every operation left compiled
            // code, the dispatcher would have entered it again at least 51,000 times; only those that wait (a
            // full or empty buffer, the unbuffered hand-offs) leave.
            Assert.That(r.Counters.NativeEntries, Is.LessThan(20_000), "entries into compiled code");
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "stackmove=1,gcstress=1")]
    [TestCase(JitMode.Tiered, 2, "")]
    public void RangeOverStringsStringComparesAndStringKeysStayInCompiledCode(JitMode mode, int threshold, string godebug)
    {
        var r = Run("strings", mode, threshold, godebug);
        AssertLikeGo("strings", r);
        if (mode == JitMode.Eager && godebug == "")
            // 146,000 runes decoded (22,000 of them multi-byte or invalid: the helper), 40,000 string compares,
            // 20,000 string hashes, 60,000 len/cap, 80,000 concatenations, 40,000 string(b) and 20,000 []byte(s): had each left
            // compiled code (rt exits, before session 8), the dispatcher would have entered compiled code again as
            // often.
            Assert.That(r.Counters.NativeEntries, Is.LessThan(1_000), "entries into compiled code");
    }

    [TestCase(JitMode.Eager, 1)]
    [TestCase(JitMode.Tiered, 2)]
    public void CompiledSlicingMatchesGoIncludingEachBoundsPanic(JitMode mode, int threshold)
    {
        var r = Run("slices", mode, threshold);
        AssertLikeGo("slices", r);
        if (mode == JitMode.Eager)
            // 110,000 slice expressions of slices, strings and arrays: had each left compiled code, the dispatcher
            // would have entered it as often.
            Assert.That(r.Counters.NativeEntries, Is.LessThan(1_000), "entries into compiled code");
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "gcverify=1")]
    [TestCase(JitMode.Tiered, 2, "")]
    public void CompiledCopyMovesLikeMemmoveAsInGo(JitMode mode, int threshold, string godebug)
    {
        var r = Run("copies", mode, threshold, godebug);
        AssertLikeGo("copies", r);
        if (mode == JitMode.Eager && godebug == "")
            // 20,000 copies in one loop: had each left compiled code, the dispatcher would have entered it as often.
            Assert.That(r.Counters.NativeEntries, Is.LessThan(1_000), "entries into compiled code");
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "stackmove=1,poison=1")]
    [TestCase(JitMode.Eager, 1, "gcverify=1")]
    [TestCase(JitMode.Tiered, 2, "stackmove=1")]
    [TestCase(JitMode.Tiered, 50, "")]
    public void LoopLocalsKeptInRegistersFollowStackMovesCallsPanicsAndLoopEntry(JitMode mode, int threshold, string godebug)
    {
        // A pointer into the frame read in a loop whose calls move the stack, counters across calls and prints,
        // panics recovered inside a loop, a list walk, nested loops; tiered/50 enters the loops hot from the
        // interpreter at their headers (the entry stubs load the registers).
        var r = Run("homes", mode, threshold, godebug);
        AssertLikeGo("homes", r);
        if (godebug.Contains("stackmove")) Assert.That(r.Counters.StackGrowths, Is.GreaterThan(0), "the stack moved");
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void TheHottestLoopLocalsLiveInTheHomeRegisters()
    {
        var src = File.ReadAllText(ProgramPath("homes.go"));
        var vm = Verifier.Verify(GoCompiler.Compile([new SourceFile("homes.go", src)], new CompileOptions()));
        using var mem = new ExecutableMemory(4 << 20);
        var jit = JitModule.Compile(vm, mem);
        string Dis(string name) => JitDisassembler.Disassemble(jit, vm.Module.FindFunc(name));
        // nested: i and j are read in the inner loop, each kept in a callee-saved home (r13, rbp): `add r13, ...`
        // works on the register and writes it through to the slot.
        var nested = Dis("main.nested");
        Assert.That(nested, Does.Match(@"add r13,|add rbp,"), nested);
        Assert.That(nested, Does.Contain("mov r13,[rbx"), "loaded from the slot (prologue, entry stubs)");
        // grow has no loop: nothing is kept in a register across instructions, so it never touches them.
        Assert.That(Dis("main.grow"), Does.Not.Contain("r13").And.Not.Contain("rbp"));
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "stackmove=1,gcverify=1")]
    [TestCase(JitMode.Tiered, 2, "")]
    [TestCase(JitMode.Tiered, 30, "")]
    public void GuardClausesReturnWithoutAFrameAsInGo(JitMode mode, int threshold, string godebug)
    {
        // Parameters and constants returned by guards under each comparison, from compiled and interpreted
        // callers, and as goroutine entry functions (their continuation returns to the runtime).
        var r = Run("frameless", mode, threshold, godebug);
        AssertLikeGo("frameless", r);
    }

    [TestCase(JitMode.Eager, 1, "")]
    [TestCase(JitMode.Eager, 1, "stackmove=1,gcverify=1")]
    [TestCase(JitMode.Tiered, 2, "")]
    [TestCase(JitMode.Tiered, 5, "")]
    public void ReturnsReachTheirCallersInEveryShapeAsInGo(JitMode mode, int threshold, string godebug)
    {
        // Single results (also in rsi), results over the frame header, returns into interpreted callers and from
        // frames resumed after an exit (through the entry's trampoline: JitState.TrampFrame).
        var r = Run("returns", mode, threshold, godebug);
        AssertLikeGo("returns", r);
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void AGuardClauseIsDecidedBeforeTheFrameIsBuilt()
    {
        var src = File.ReadAllText(ProgramPath("frameless.go"));
        var vm = Verifier.Verify(GoCompiler.Compile([new SourceFile("frameless.go", src)], new CompileOptions()));
        using var mem = new ExecutableMemory(4 << 20);
        var jit = JitModule.Compile(vm, mem);
        var fib = JitDisassembler.Disassemble(jit, vm.Module.FindFunc("main.fib"));
        // The call entry compares the argument where the caller left it (r12), before the return address is read
        // and before any prologue, and returns with a plain ret.
        var lines = fib.Split('\n').Select(l => l.Trim()).ToArray();
        int prologue = Array.FindIndex(lines, l => l.StartsWith(';') && l.EndsWith("prologue"));
        var entry = lines[..prologue];
        Assert.That(entry.Any(l => l.EndsWith("cmp qword [r12],2")), fib);
        Assert.That(entry.Any(l => l.EndsWith(" ret")), fib);
        Assert.That(entry.Any(l => l.Contains("[rsp]")), Is.False, fib);
        // Past the guard: the tested entry reads the return address, runs the prologue's stack check and goes on
        // with the function's work without testing the guard again.
        var code = lines.Where(l => !l.StartsWith(';')).ToArray();
        int tested = Array.FindIndex(code, l => l.EndsWith("mov rax,[rsp]"));
        Assert.That(tested, Is.GreaterThan(0), fib);
        Assert.That(code[tested + 1], Does.EndWith("cmp r12,[r14+10h]"), fib);
        string testedAddr = code[tested].Split(' ')[0].TrimStart('0').ToUpperInvariant();
        // Its recursive calls (one compiled unit) decide the guard themselves: each native call of fib is preceded
        // by the comparison with 2 and a jump over it, and enters fib at the tested entry.
        var calls = Enumerable.Range(0, code.Length).Where(k => System.Text.RegularExpressions.Regex.IsMatch(code[k], @"\scall\s")).ToArray();
        Assert.That(calls, Has.Length.EqualTo(2), fib);
        Assert.That(code[tested..calls[0]].Any(l => l.Contains("[rbx+20h],2")), Is.False, "the guard is not tested again\n" + fib);
        foreach (int k in calls)
        {
            Assert.That(code[k - 2], Does.EndWith(",2"), fib);
            Assert.That(code[k - 1], Does.Contain(" jl "), fib);
            Assert.That(code[k], Does.EndWith(testedAddr + "h"), fib);
        }
    }

    [TestCase(JitMode.Eager, "")]
    [TestCase(JitMode.Eager, "gcverify=1")]
    [TestCase(JitMode.Tiered, "")]
    public void RecursionToTheStackLimitStaysWithinTheMachineStack(JitMode mode, string godebug)
    {
        // The smallest frame there is (no parameters, locals or operands: the 32-byte header), recursing natively
        // until the goroutine stack reaches its limit: the machine stack holds one return address per frame and is
        // reserved for exactly that bound (docs/jit.md §convention, "machine stack"), so the program ends with Go's
        // stack overflow, not a fault.
        const string src = """
            package main

            func f() {
            	f()
            }

            func main() {
            	f()
            }
            """;
        var vm = Verifier.Verify(GoCompiler.Compile([new SourceFile("deep.go", src)], new CompileOptions()));
        var stderr = new StringWriter();
        var counters = new RuntimeCounters();
        int code = Vm.Interpreter.Interpreter.Run(vm, new RunOptions { Jit = mode, JitThreshold = 2, Godebug = godebug, Counters = counters,
            MaxStackSize = 4 << 20 }, TextWriter.Null, stderr);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.StartWith("runtime: goroutine stack exceeds 4194304-byte limit\n"));
        Assert.That(stderr.ToString(), Does.Contain("\nfatal error: stack overflow\n"));
        Assert.That(counters.JitFunctions, Is.GreaterThan(0));
        Assert.That(vm.Module.Funcs[vm.Module.FindFunc("main.f")].Code.Length, Is.LessThan(16), "f is one call and a return");
    }

    [Test]
    public void WithTheJitOffNothingIsCompiled()
    {
        var r = Run("mixed", JitMode.Off);
        AssertLikeGo("mixed", r);
        Assert.That(r.Counters.JitFunctions, Is.Zero);
        Assert.That(r.Counters.NativeEntries, Is.Zero);
        Assert.That(r.Counters.CompiledCallersWalked, Is.Zero);
    }
}
