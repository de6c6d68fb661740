using System.Runtime.InteropServices;
using System.Text;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Verification;
using Vm.Gc;
using Vm.Interpreter;
using Vm.Jit;

namespace Vm.Tests.Jit;

/// <summary>Stack defers compiled inline (deferprocStack's work, docs/abi.md §_defer) write the record the
/// interpreter writes, byte for byte; deferret's inline test skips when g._defer is not this frame's and, when it
/// is, runs the stack records' calls itself, newest first (heap records and faulty ones exit to the interpreter).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Platform("Linux")]
public unsafe class JitDeferTests
{
    ExecutableMemory _mem = null!;

    [OneTimeSetUp] public void Setup() => _mem = new ExecutableMemory(16L << 20);
    [OneTimeTearDown] public void TearDown() => _mem.Dispose();

    static VerifiedModule FromGobs(string gobs) => Verifier.Verify(Vm.Core.Text.Assembler.Assemble(gobs, "d.gobs"));

    static string InterpretedOutput(VerifiedModule vm)
    {
        var err = new StringWriter();
        Assert.That(Vm.Interpreter.Interpreter.Run(vm, new RunOptions(), new StringWriter(), err), Is.EqualTo(0), err.ToString());
        return err.ToString();
    }

    /// <summary>Runs the entry function compiled until it returns or exits to the interpreter; performs print
    /// (int, space, newline). Returns the output and the exit (reason, function, pc).</summary>
    (string Output, ExitReason Reason, int Func, int Pc) RunCompiled(VerifiedModule vm)
    {
        var jit = JitModule.Compile(vm, _mem);
        var stack = new GoroutineStack(1 << 20);
        var g = (G*)NativeMemory.AllocZeroed((nuint)sizeof(G));
        var st = (JitState*)NativeMemory.AllocZeroed((nuint)sizeof(JitState));
        using var machineStack = new MachineStack(1 << 20);
        machineStack.AttachTo(st);
        try
        {
            g->StackLo = stack.Lo; g->StackHi = stack.Hi; g->StackGuard = stack.Guard; g->Goid = 1;
            st->G = (nint)g; st->Fp = 0; st->Sp = stack.Hi; st->Cont = Continuation.Exit;
            st->Target = jit.FuncEntry[vm.Module.Entry];
            var enter = (delegate* unmanaged<JitState*, void>)jit.EnterStub;
            var output = new StringBuilder();
            for (;;)
            {
                enter(st);
                var reason = (ExitReason)st->Reason;
                if (reason != ExitReason.Service) return (output.ToString(), reason, st->Func, st->Pc);
                var ins = InstrCodec.Decode(vm.Module.Funcs[st->Func].Code, st->Pc);
                long* sp = (long*)st->Sp;
                switch ((PrintKind)ins.A)
                {
                    case PrintKind.Int: output.Append(sp[0]); st->Sp = (nint)(sp + 1); break;
                    case PrintKind.Space: output.Append(' '); break;
                    default: output.Append('\n'); break;
                }
                st->Target = st->Resume;
            }
        }
        finally
        {
            stack.Dispose();
            NativeMemory.Free(g);
            NativeMemory.Free(st);
            _mem.Free(jit.Block);
        }
    }

    const string Decls = """
        .type int64 int64
        .type C closure (ii) -> () { }
        .func main.show (ii) -> ()
            .file "d.gobs"
            .maxstack 1
            ldloc 0
            print 0
            print 7
            ldloc 1
            print 0
            print 6
            ret
        .end
        """;

    const string Frame0 = """
            .maxstack 4
            .locals i
            .frameobj k int64
            .frameobj c C
            .deferrec d0 (ii) -> ()

        """;

    const string Frame1 = Frame0 + """
            .deferreturn done
        """;

    const string Frame = Frame0 + """
            .deferrec d1 (ii) -> ()
            .deferreturn done
        """;

    /// <summary>Prints every word of record <paramref name="rec"/> through frame object k (loads at a negative
    /// offset: the records lie below the frame objects). Address words are printed relative to k, so they are the
    /// same in both tiers: sp (word 1), fn (word 3) and, when <paramref name="linked"/>, link (word 5).</summary>
    static string Dump(int delta, int nargs, bool linked)
    {
        var sb = new StringBuilder();
        for (int w = 0; w < 6 + nargs; w++)
        {
            sb.Append($"    fobj k\n    ld.i64 {delta + 8 * w}\n");
            if (w is 1 or 3 || (w == 5 && linked)) sb.Append("    fobj k\n    ld.i64 0\n    sub\n");   // k holds its own address
            sb.Append("    print 0\n    print 6\n");
        }
        return sb.ToString();
    }

    static string Program(int delta0, int delta1) => $"""
        {Decls}
        .func main.main () -> ()
            .file "d.gobs"
        {Frame}
            fobj k
            fobj k
            st.p 0
            fobj c
            fninit main.show
            ldi 11
            ldi -22
            fobj c
            defers d0 (ii) -> ()
        {Dump(delta0, 2, linked: false)}
            ldi 5
            stloc 0
            ldloc 0
            ldloc 0
            ldi 1
            add
            fobj c
            defers d1 (ii) -> ()
        {Dump(delta1, 2, linked: true)}
            br done
        done:
            deferret
            ret
        .end
        .entry main.main
        """;

    [Test]
    public void InlineStackDeferWritesTheInterpretersRecordAndDeferretRunsTheCallsNewestFirst()
    {
        // The frame layout does not depend on the code: take the offsets from a first assembly.
        var probe = new FrameTable(FromGobs(Program(0, 0)));
        var fi = probe.Funcs[probe.Module.FindFunc("main.main")];
        int k = fi.ObjOff[0];
        var vm = FromGobs(Program(k - fi.DeferOff[0], k - fi.DeferOff[1]));
        string interpreted = InterpretedOutput(vm);
        var (output, reason, _, _) = RunCompiled(vm);

        // Both records dumped, then compiled deferret found this frame's records and ran their calls, newest
        // first, without leaving compiled code: main returned to the runtime.
        Assert.That(reason, Is.EqualTo(ExitReason.Return));
        Assert.That(output, Is.EqualTo(interpreted));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(18));
        Assert.That(lines[16..], Is.EqualTo(new[] { "5 6", "11 -22" }));
        // A sanity reading of record d1: siz 16 (started = heap = 0), sp = fp, the defers pc, args 5, 6.
        Assert.That(lines[8], Is.EqualTo("16"));
        Assert.That(long.Parse(lines[9]), Is.EqualTo(k));
        Assert.That((lines[14], lines[15]), Is.EqualTo(("5", "6")));
    }

    [Test]
    public void DeferretSkipsWhenTheNewestRecordBelongsToAnotherFrame()
    {
        // main links a record, then calls g, whose own defer is not taken: g's deferret must see main's record
        // at g._defer, skip it and return; main's deferret then runs it.
        var vm = FromGobs($$"""
            {{Decls}}
            .func main.g (i) -> ()
                .file "d.gobs"
                .maxstack 3
                .frameobj c C
                .deferrec d0 (ii) -> ()
                .deferreturn done
                ldloc 0
                brfalse done
                fobj c
                fninit main.show
                ldi 1
                ldi 2
                fobj c
                defers d0 (ii) -> ()
            done:
                deferret
                ldi 7
                print 0
                print 6
                ret
            .end
            .func main.main () -> ()
                .file "d.gobs"
            {{Frame1}}
                fobj c
                fninit main.show
                ldi 3
                ldi 4
                fobj c
                defers d0 (ii) -> ()
                ldi 0
                call main.g
                ldi 8
                print 0
                print 6
                br done
            done:
                deferret
                ret
            .end
            .entry main.main
            """);
        string interpreted = InterpretedOutput(vm);
        var (output, reason, _, _) = RunCompiled(vm);
        Assert.That(output, Is.EqualTo("7\n8\n3 4\n"));
        Assert.That(reason, Is.EqualTo(ExitReason.Return));
        Assert.That(interpreted, Is.EqualTo(output));
    }

    [Test]
    public void DeferretWithNoRecordsRunsToTheEndCompiled()
    {
        var vm = FromGobs($$"""
            {{Decls}}
            .func main.main () -> ()
                .file "d.gobs"
            {{Frame1}}
                ldi 0
                brfalse done
                fobj c
                fninit main.show
                ldi 3
                ldi 4
                fobj c
                defers d0 (ii) -> ()
            done:
                deferret
                ldi 9
                print 0
                print 6
                ret
            .end
            .entry main.main
            """);
        Assert.That(InterpretedOutput(vm), Is.EqualTo("9\n"));
        var r = StandaloneRunner.Run(vm, _mem);
        Assert.That((r.Status, r.Stderr), Is.EqualTo((0, "9\n")));
    }
}
