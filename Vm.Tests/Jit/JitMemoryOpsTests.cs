using System.Text;
using Vm.Compiler;
using Vm.Core.Verification;
using Vm.Interpreter;
using Vm.Jit;

namespace Vm.Tests.Jit;

/// <summary>The ops a sieve and typical loops need, compiled inline (issue 8): element addresses with Go's
/// bounds-check panics, copy, zero, u2f, f2u; each differential against the interpreter, with the index or
/// value coming from a constant, a local or a register.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Platform("Linux")]
public class JitMemoryOpsTests
{
    ExecutableMemory _mem = null!;

    [OneTimeSetUp] public void Setup() => _mem = new ExecutableMemory(64L << 20);
    [OneTimeTearDown] public void TearDown() => _mem.Dispose();

    static VerifiedModule FromGobs(string gobs) => Verifier.Verify(Vm.Core.Text.Assembler.Assemble(gobs, "test.gobs"));

    static (int Status, string Stderr) Interpret(VerifiedModule vm)
    {
        var err = new StringWriter();
        int st = Vm.Interpreter.Interpreter.Run(vm, new RunOptions { StackSize = 16 << 20 }, new StringWriter(), err);
        return (st, err.ToString());
    }

    /// <summary>The interpreter's stderr up to and including the "panic: ..." line (the traceback follows).</summary>
    static string UpToPanicLine(string err)
    {
        int p = err.IndexOf("panic: ", StringComparison.Ordinal);
        if (p < 0) return err;
        return err[..(err.IndexOf('\n', p) + 1)];
    }

    void AssertSameAsInterpreter(VerifiedModule vm, int expectStatus)
    {
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(expectStatus), err);
        Assert.That(r.Status, Is.EqualTo(st));
        Assert.That(r.Stderr, Is.EqualTo(UpToPanicLine(err)));
    }

    /// <summary>Pushes index <paramref name="i"/> as a constant, from local 0, or as a register value.</summary>
    static string Index(string form, long i) => form switch
    {
        "const" => $"    ldi {i}\n",
        "local" => $"    ldi {i}\n    stloc 0\n    ldloc 0\n",
        _ => $"    ldi {i}\n    stloc 0\n    ldloc 0\n    ldi 0\n    add\n",
    };

    static readonly string[] IndexForms = ["const", "local", "reg"];

    static IEnumerable<TestCaseData> IndexCases()
    {
        foreach (var form in IndexForms)
            foreach (long bad in new long[] { 10, 11, -1, long.MinValue, 1L << 40 })
                yield return new TestCaseData(form, bad);
    }

    [TestCaseSource(nameof(IndexCases))]
    public void ArrayIndexStoresLoadsAndPanicsLikeTheInterpreter(string form, long bad)
    {
        var rnd = new Random(7);
        var body = new StringBuilder();
        var idx = Enumerable.Range(0, 40).Select(_ => (long)rnd.Next(10)).Append(bad).ToList();
        foreach (long i in idx)
        {
            body.Append("    fobj k\n").Append(Index(form, i)).Append("    aidx A\n");
            body.Append($"    ldi {i * 1000 + 7}\n    st.64 0\n");
            body.Append("    fobj k\n").Append(Index(form, i)).Append("    aidx A\n    ld.i64 0\n    print 0\n    print 6\n");
        }
        var vm = FromGobs($"""
            .type int64 int64
            .type A [10]int64
            .func main.main () -> ()
                .file "a.gobs"
                .maxstack 3
                .locals i
                .frameobj k A
            {body}    ret
            .end
            .entry main.main
            """);
        AssertSameAsInterpreter(vm, 2);
    }

    [TestCaseSource(nameof(IndexCases))]
    public void SliceAndStringIndexPanicLikeTheInterpreter(string form, long bad)
    {
        // A slice (p, len 7, cap 10) and a string (p, len 7) over a frame array of 10 int64.
        var body = new StringBuilder();
        foreach (long i in new long[] { 0, 3, 6, 2, bad })
        {
            body.Append("    fobj k\n    ldi 7\n    ldi 10\n").Append(Index(form, i)).Append("    sidx int64\n");
            body.Append($"    ldi {i + 100}\n    st.64 0\n");
            body.Append("    fobj k\n    ldi 7\n").Append(Index(form, i)).Append("    stridx\n    print 0\n    print 6\n");
        }
        var vm = FromGobs($"""
            .type int64 int64
            .type A [10]int64
            .func main.main () -> ()
                .file "s.gobs"
                .maxstack 5
                .locals i
                .frameobj k A
            {body}    ret
            .end
            .entry main.main
            """);
        AssertSameAsInterpreter(vm, 2);
    }

    [Test]
    public void ArrayIndexThroughANilPointerPanicsLikeTheInterpreter()
    {
        var vm = FromGobs("""
            .type int64 int64
            .type A [10]int64
            .func main.main () -> ()
                .file "n.gobs"
                .maxstack 2
                .locals p
                ldi 1
                print 0
                ldloc 0
                ldi 3
                aidx A
                ld.i64 0
                print 0
                ret
            .end
            .entry main.main
            """);
        AssertSameAsInterpreter(vm, 2);
    }

    [Test]
    public void CopyAndZeroOfStructsMatchTheInterpreter()
    {
        var vm = FromGobs("""
            .type int8 int8
            .type int64 int64
            .type S struct { a int64; b int8; c int64; d int8 }
            .func main.show (p) -> ()
                .file "c.gobs"
                .maxstack 2
                ldloc 0
                ld.i64 0
                print 0
                print 7
                ldloc 0
                ld.i8 8
                print 0
                print 7
                ldloc 0
                ld.i64 16
                print 0
                print 7
                ldloc 0
                ld.i8 24
                print 0
                print 6
                ret
            .end
            .func main.main () -> ()
                .file "c.gobs"
                .maxstack 3
                .frameobj x S
                .frameobj y S
                fobj x
                ldi -5
                st.64 0
                fobj x
                ldi 300
                st.8 8
                fobj x
                ldi 1234567890123
                st.64 16
                fobj x
                ldi -3
                st.8 24
                fobj y
                fobj x
                copy S
                fobj y
                call main.show
                fobj x
                zero S
                fobj x
                call main.show
                fobj y
                call main.show
                fobj y
                ldnil
                copy S
                ret
            .end
            .entry main.main
            """);
        AssertSameAsInterpreter(vm, 2);
    }

    static string FloatLiteral(double d) => double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf"
        : double.IsNegativeInfinity(d) ? "-inf" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void UnsignedConversionsMatchTheInterpreterOnEdgeAndRandomValues()
    {
        var rnd = new Random(11);
        var body = new StringBuilder();
        long[] ints = [0, 1, -1, long.MaxValue, long.MinValue, long.MinValue + 1, 1L << 53, (1L << 53) + 1, -(1L << 11), 12345];
        foreach (long v in ints.Concat(Enumerable.Range(0, 100).Select(_ => rnd.NextInt64(long.MinValue, long.MaxValue))))
            // the float's bits, through a frame object
            body.Append($"    fobj k\n    ldi {v}\n    stloc 0\n    ldloc 0\n    u2f\n    st.f64 0\n    fobj k\n    ld.i64 0\n    print 0\n    print 6\n");
        double[] floats = [0, -0.0, 1, 0.5, -1, 9.2233720368547758e18, 9.3e18, 1.8446744073709552e19, 1.9e19, -9.3e18,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 4.5e15];
        foreach (double f in floats.Concat(Enumerable.Range(0, 100).Select(_ => rnd.NextDouble() * Math.Pow(2, rnd.Next(0, 66)))))
            body.Append($"    ldf {FloatLiteral(f)}\n    f2u\n    print 1\n    print 6\n");
        var vm = FromGobs($"""
            .type int64 int64
            .func main.main () -> ()
                .file "u.gobs"
                .maxstack 2
                .locals i
                .frameobj k int64
            {body}    ret
            .end
            .entry main.main
            """);
        AssertSameAsInterpreter(vm, 0);
    }

    [Test]
    public void SieveOverAFrameArrayGivesTheInterpretersOutput()
    {
        var vm = Verifier.Verify(GoCompiler.Compile([new SourceFile("sieve.go", """
            package main

            func main() {
                var composite [100000]bool
                n := len(composite)
                count := 0
                last := 0
                for i := 2; i < n; i++ {
                    if !composite[i] {
                        count++
                        last = i
                        for j := i * i; j < n; j += i {
                            composite[j] = true
                        }
                    }
                }
                println(count, last)
            }
            """)], new CompileOptions()));
        var (st, err) = Interpret(vm);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((st, err)));
        Assert.That(err, Is.EqualTo("9592 99991\n"));
    }
}

/// <summary>Random straight-line programs over many locals and a deep operand stack: the delayed operand stack
/// (descriptors, registers, locals held in registers after stloc, spills when registers run out, flushes at
/// labels) must compute what the interpreter computes.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Platform("Linux")]
public class JitRandomProgramTests
{
    ExecutableMemory _mem = null!;

    [OneTimeSetUp] public void Setup() => _mem = new ExecutableMemory(64L << 20);
    [OneTimeTearDown] public void TearDown() => _mem.Dispose();

    static string RandomProgram(int seed)
    {
        var rnd = new Random(seed);
        const int locals = 8, maxStack = 8;
        var body = new StringBuilder();
        int depth = 0, label = 0;
        string[] bin = ["add", "sub", "mul", "and", "or", "xor", "andnot", "lt", "eq", "geu"];
        for (int n = 0; n < 400; n++)
        {
            int k = rnd.Next(100);
            if (depth < maxStack && k < 22) { body.Append($"    ldloc {rnd.Next(locals)}\n"); depth++; }
            else if (depth < maxStack && k < 34) { body.Append($"    ldi {(rnd.Next(3) == 0 ? rnd.NextInt64(long.MinValue, long.MaxValue) : rnd.Next(-50, 50))}\n"); depth++; }
            else if (depth > 0 && k < 50) { body.Append($"    stloc {rnd.Next(locals)}\n"); depth--; }
            else if (depth > 1 && k < 70) { body.Append($"    {bin[rnd.Next(bin.Length)]}\n"); depth--; }
            else if (depth > 0 && k < 74) body.Append(rnd.Next(2) == 0 ? "    neg\n" : "    not\n");
            else if (depth > 0 && depth < maxStack && k < 77) body.Append($"    ldi {rnd.Next(0, 70)}\n    {(rnd.Next(2) == 0 ? "shl" : "shr")}\n");
            else if (depth > 0 && depth < maxStack && k < 81) { body.Append("    dup\n"); depth++; }
            else if (depth > 1 && k < 85) body.Append("    swap\n");
            else if (depth > 0 && k < 88) { body.Append("    pop\n"); depth--; }
            else if (depth > 0 && k < 93) { body.Append("    print 0\n    print 6\n"); depth--; }
            else if (k < 97) { body.Append($"    br l{label}\nl{label}:\n"); label++; }
        }
        for (; depth > 0; depth--) body.Append("    print 0\n    print 6\n");
        for (int i = 0; i < locals; i++) body.Append($"    ldloc {i}\n    print 0\n    print 6\n");
        return $"""
            .func main.main () -> ()
                .file "r.gobs"
                .maxstack {maxStack}
                .locals {new string('i', locals)}
            {body}    ret
            .end
            .entry main.main
            """;
    }

    [TestCaseSource(nameof(Seeds))]
    public void RandomStraightLineProgramGivesTheInterpretersOutput(int seed)
    {
        var vm = Verifier.Verify(Vm.Core.Text.Assembler.Assemble(RandomProgram(seed), "r.gobs"));
        var err = new StringWriter();
        int st = Vm.Interpreter.Interpreter.Run(vm, new RunOptions(), new StringWriter(), err);
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That(st, Is.EqualTo(0));
        Assert.That(r.Stderr, Is.EqualTo(err.ToString()));
    }

    static IEnumerable<int> Seeds() => Enumerable.Range(1, 40);
}
