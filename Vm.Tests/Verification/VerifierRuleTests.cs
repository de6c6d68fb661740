using Vm.Core;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Verification;

namespace Vm.Tests.Verification;

/// <summary>
/// One test per verifier rule (docs/verifier.md): each builds a program that is valid except for
/// exactly one fault and checks the rejection names the function, the pc and the reason.
/// </summary>
public class VerifierRuleTests
{
    static VerifyException Rejects(TestModule t) => Assert.Throws<VerifyException>(() => Verifier.Verify(t.M))!;

    static void AssertRejects(TestModule t, string func, int pc, string reasonPart)
    {
        var e = Rejects(t);
        Assert.Multiple(() =>
        {
            Assert.That(e.Function, Is.EqualTo(func));
            Assert.That(e.Pc, Is.EqualTo(pc), e.Message);
            Assert.That(e.Reason, Does.Contain(reasonPart));
        });
    }

    /// <summary>main: print 1+2; the valid baseline the faulty programs start from.</summary>
    static TestModule Valid(Action<CodeBuilder>? body = null, string locals = "", int maxStack = 2)
    {
        var t = new TestModule();
        t.Func("main", "", "", locals, maxStack, body ?? (c =>
        {
            c.Emit(Op.LdI, 1); c.Emit(Op.LdI, 2); c.Emit(Op.Add);
            c.Emit(Op.Print, (long)PrintKind.Int); c.Emit(Op.Print, (long)PrintKind.Newline);
            c.Emit(Op.Ret);
        }));
        t.M.Entry = 0;
        return t;
    }

    [Test]
    public void ValidBaselineIsAccepted()
    {
        var v = Verifier.Verify(Valid().M);
        Assert.That(v.Funcs[0].MaxDepth, Is.EqualTo(2));
    }

    // Rule 0: module and function tables.

    [Test]
    public void EntryWithParametersIsRejected()
    {
        var t = new TestModule();
        t.Func("main", "i", "", "", 1, c => c.Emit(Op.Ret));
        t.M.Entry = 0;
        var e = Assert.Throws<ModuleVerifyException>(() => Verifier.Verify(t.M))!;
        Assert.That(e.Message, Is.EqualTo("verify: module: entry function main has signature (i) -> (), want () -> ()"));
    }

    [Test]
    public void FrameObjectWithBadTypeIndexIsRejected()
    {
        var t = Valid();
        t.M.Funcs[0].FrameObjects.Add(7);
        AssertRejects(t, "main", -1, "frame object 0: type index 7 out of range");
    }

    // Rule 1: whole instructions, no falling off the end.

    [Test]
    public void UnknownOpcodeIsRejected()
    {
        var t = Valid();
        t.M.Funcs[0].Code = [(byte)Op.Nop, 0xff, (byte)Op.Ret];
        AssertRejects(t, "main", 1, "bad opcode 0xff");
    }

    [Test]
    public void TruncatedInstructionIsRejected()
    {
        var t = Valid();
        t.M.Funcs[0].Code = [(byte)Op.Nop, (byte)Op.LdI, 1, 0, 0];
        AssertRejects(t, "main", 1, "truncated instruction ldi: needs 9 bytes, 4 left");
    }

    [Test]
    public void FallingOffTheEndIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.Nop); c.Emit(Op.Nop); });
        AssertRejects(t, "main", 1, "control falls off the end");
    }

    // Rule 2: branch targets.

    [Test]
    public void JumpIntoTheMiddleOfAnInstructionIsRejected()
    {
        var t = Valid();
        // br 1: pc 1 is inside the br's own operand.
        var code = new byte[] { (byte)Op.Br, 1, 0, 0, 0, (byte)Op.Ret };
        t.M.Funcs[0].Code = code;
        AssertRejects(t, "main", 0, "br: branch target 1 is not the start of an instruction");
    }

    [Test]
    public void JumpPastTheEndIsRejected()
    {
        var t = Valid();
        t.M.Funcs[0].Code = [(byte)Op.Br, 99, 0, 0, 0, (byte)Op.Ret];
        AssertRejects(t, "main", 0, "branch target 99 is not the start of an instruction");
    }

    // Rule 3: operand indices.

    [TestCase(Op.LdLoc, "local index 3 out of range (have 1)")]
    [TestCase(Op.GAddr, "global index 3 out of range (have 0)")]
    [TestCase(Op.LdStr, "string index 3 out of range (have 0)")]
    [TestCase(Op.LdFn, "function index 3 out of range (have 1)")]
    [TestCase(Op.New, "type index 3 out of range (have 0)")]
    [TestCase(Op.FObj, "frame object index 3 out of range (have 0)")]
    [TestCase(Op.Rt, "runtime function index 300 out of range")]
    public void OperandIndexOutOfRangeIsRejected(Op op, string reason)
    {
        long operand = op == Op.Rt ? 300 : 3;
        var t = Valid(c => { c.Emit(Op.Nop); c.Emit(op, operand); c.Emit(Op.Ret); }, locals: "i");
        AssertRejects(t, "main", 1, reason);
    }

    [Test]
    public void PrintKindOutOfRangeIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.Print, 10); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 0, "print kind 10 out of range");
    }

    [Test]
    public void ArrayIndexingANonArrayTypeIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdNil); c.Emit(Op.LdI, 0); c.Emit(Op.AIdx, 0); c.Emit(Op.Pop); c.Emit(Op.Ret); });
        t.Type("int", TypeKind.Int);
        AssertRejects(t, "main", 10, "aidx: type int is not an array type");
    }

    // Rule 4: stack depths.

    [Test]
    public void StackUnderflowIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdI, 1); c.Emit(Op.Add); c.Emit(Op.Pop); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 9, "add: stack underflow: needs 2 operands, has 1");
    }

    [Test]
    public void ExceedingMaxStackIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdI, 1); c.Emit(Op.LdI, 2); c.Emit(Op.LdI, 3); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 18, "ldi: stack depth 3 exceeds maxstack 2");
    }

    [Test]
    public void DifferentDepthsAtAMergeAreRejected()
    {
        // if x { push 1 } ; join: pop -> depth 0 or 1 at join
        var t = Valid(c =>
        {
            var join = c.NewLabel();
            c.Emit(Op.LdI, 1);                 // 0
            c.Emit(Op.BrFalse, join);          // 9
            c.Emit(Op.LdI, 7);                 // 14
            c.Bind(join);
            c.Emit(Op.Ret);                    // 23
        });
        AssertRejects(t, "main", 23, "stack depth 1 on the path from pc 14, 0 on another path");
    }

    [Test]
    public void CallArgumentAreaBeyondMaxStackIsRejected()
    {
        // g takes nothing and returns three ints: the call reserves three slots, maxstack is 2.
        var t = Valid(c => { c.Emit(Op.Call, 1); c.Emit(Op.Pop); c.Emit(Op.Pop); c.Emit(Op.Pop); c.Emit(Op.Ret); });
        t.Func("g", "", "iii", "", 3, c => { c.Emit(Op.LdI, 1); c.Emit(Op.Dup); c.Emit(Op.Dup); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 0, "call g: argument area needs 3 operand slots, maxstack is 2");
    }

    // Rule 5: slot kinds.

    [Test]
    public void IntegerUsedAsPointerIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdI, 0x1000); c.Emit(Op.LdI64, 0); c.Emit(Op.Pop); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 9, "ld.i64: operand 1 is i, want p");
    }

    [Test]
    public void PointerUsedInArithmeticIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdNil); c.Emit(Op.LdI, 1); c.Emit(Op.Add); c.Emit(Op.Pop); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 10, "add: operand 1 is p, want i");
    }

    [Test]
    public void DifferentKindsAtAMergeAreRejected()
    {
        var t = Valid(c =>
        {
            var other = c.NewLabel(); var join = c.NewLabel();
            c.Emit(Op.LdI, 1);                 // 0
            c.Emit(Op.BrFalse, other);         // 9
            c.Emit(Op.LdI, 7);                 // 14
            c.Emit(Op.Br, join);               // 23
            c.Bind(other);
            c.Emit(Op.LdNil);                  // 28
            c.Bind(join);
            c.Emit(Op.Pop);                    // 29
            c.Emit(Op.Ret);
        });
        AssertRejects(t, "main", 29, "stack slot 0 is i on the path from pc 23, p on another path");
    }

    [Test]
    public void StoringAPointerIntoAnIntegerLocalIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdNil); c.Emit(Op.StLoc, 0); c.Emit(Op.Ret); }, locals: "i");
        AssertRejects(t, "main", 1, "stloc: operand 1 is p, want i");
    }

    // Rule 6: calls and returns.

    [Test]
    public void CallWithWrongArgumentKindsIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdI, 1); c.Emit(Op.Call, 1); c.Emit(Op.Ret); });
        t.Func("g", "p", "", "", 0, c => c.Emit(Op.Ret));
        AssertRejects(t, "main", 9, "call g: operand 1 is i, want p");
    }

    [Test]
    public void ReturnWithTheWrongNumberOfResultsIsRejected()
    {
        var t = Valid();
        t.Func("g", "", "ii", "", 2, c => { c.Emit(Op.LdI, 1); c.Emit(Op.Ret); });
        AssertRejects(t, "g", 9, "ret: stack holds 1 slots, function returns 2");
    }

    [Test]
    public void IndirectCallWithoutAClosureIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdI, 1); c.Emit(Op.CallInd, (long)0); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 9, "callind closure: operand 1 is i, want p");
    }

    // Rule 7: the stack-defer rule.

    /// <summary>main defers g() with a stack record, optionally inside a loop.</summary>
    internal static TestModule WithStackDefer(bool inLoop, int records = 1, int sites = 1, string recordSig = "")
    {
        var t = new TestModule();
        var f = t.Declare("main", "", "", "i", 2);
        var g = t.Func("g", "", "", "", 0, c => c.Emit(Op.Ret));
        int sig = t.Sig("", "");
        for (int r = 0; r < records; r++) f.DeferRecords.Add(r == 0 ? t.Sig(recordSig, "") : sig);
        TestModule.Fill(f, c =>
        {
            var top = c.NewLabel(); var done = c.NewLabel();
            c.Bind(top);
            for (int s = 0; s < sites; s++) { c.Emit(Op.LdFn, 1); c.Emit(Op.DeferS, 0, sig); }
            if (inLoop)
            {
                c.Emit(Op.LdLoc, 0); c.Emit(Op.BrTrue, done);
                c.Emit(Op.LdI, 1); c.Emit(Op.StLoc, 0);
                c.Emit(Op.Br, top);
            }
            c.Bind(done);
            f.DeferReturnPc = c.Pc;
            c.Emit(Op.DeferRet);
            c.Emit(Op.Ret);
        });
        t.M.Entry = 0;
        return t;
    }

    [Test]
    public void StackDeferOutsideLoopsIsAccepted()
    {
        Assert.DoesNotThrow(() => Verifier.Verify(WithStackDefer(inLoop: false).M));
    }

    [Test]
    public void StackDeferInALoopIsRejected()
    {
        AssertRejects(WithStackDefer(inLoop: true), "main", 5, "a stack-record defer lies on a loop of the control-flow graph");
    }

    [Test]
    public void TwoSitesSharingOneRecordAreRejected()
    {
        AssertRejects(WithStackDefer(inLoop: false, sites: 2), "main", 17, "defer record 0 is already used by the defers at pc 5");
    }

    [Test]
    public void UnusedStackRecordIsRejected()
    {
        AssertRejects(WithStackDefer(inLoop: false, records: 2), "main", -1, "defer record 1 is used by no defers instruction");
    }

    [Test]
    public void RecordOfAnotherSignatureIsRejected()
    {
        AssertRejects(WithStackDefer(inLoop: false, recordSig: "i"), "main", 5, "defers: record 0 holds a call of signature (i) -> (), instruction says () -> ()");
    }

    // Rule 8: deferreturn.

    [Test]
    public void DeferWithoutDeferReturnPointIsRejected()
    {
        var t = WithStackDefer(inLoop: false);
        t.M.Funcs[0].DeferReturnPc = -1;
        AssertRejects(t, "main", -1, "function has defers but no deferreturn point");
    }

    [Test]
    public void DeferReturnPointOnAnotherInstructionIsRejected()
    {
        var t = WithStackDefer(inLoop: false);
        t.M.Funcs[0].DeferReturnPc += 1; // the ret after deferret
        AssertRejects(t, "main", -1, "is ret, want deferret");
    }

    [Test]
    public void DeferRetWithNonEmptyStackIsRejected()
    {
        var t = Valid(c => { c.Emit(Op.LdI, 1); c.Emit(Op.DeferRet); c.Emit(Op.Pop); c.Emit(Op.Ret); });
        AssertRejects(t, "main", 9, "deferret: stack must be empty, holds 1 slots");
    }

    [Test]
    public void ReturnThatSkipsDeferredCallsIsRejected()
    {
        // defer g(); if x { return }  (without deferret on that path); deferret; return
        var t = new TestModule();
        var f = t.Declare("main", "", "", "i", 2);
        t.Func("g", "", "", "", 0, c => c.Emit(Op.Ret));
        int sig = t.Sig("", "");
        TestModule.Fill(f, c =>
        {
            var normal = c.NewLabel();
            c.Emit(Op.LdFn, 1);        // 0
            c.Emit(Op.DeferH, sig);    // 5
            c.Emit(Op.LdLoc, 0);       // 10
            c.Emit(Op.BrFalse, normal);// 13
            c.Emit(Op.Ret);            // 18
            c.Bind(normal);
            f.DeferReturnPc = c.Pc;
            c.Emit(Op.DeferRet);
            c.Emit(Op.Ret);
        });
        t.M.Entry = 0;
        AssertRejects(t, "main", 18, "ret: a deferred call registered on some path to here is not run");
    }

    [Test]
    public void FunctionWhoseEveryPathPanicsIsValidWithItsDeferReturnPointAsAnEntry()
    {
        // func f() { defer g(); panic(nil) } — the deferret is reached only by a recovered panic.
        var t = new TestModule();
        var f = t.Declare("main", "", "", "", 3);
        t.Func("g", "", "", "", 0, c => c.Emit(Op.Ret));
        int sig = t.Sig("", "");
        f.DeferRecords.Add(sig);
        TestModule.Fill(f, c =>
        {
            c.Emit(Op.LdFn, 1);
            c.Emit(Op.DeferS, 0, sig);
            c.Emit(Op.LdI, 0);
            c.Emit(Op.LdNil);
            c.Emit(Op.Panic);
            f.DeferReturnPc = c.Pc;
            c.Emit(Op.DeferRet);
            c.Emit(Op.Ret);
        });
        t.M.Entry = 0;
        var fm = Verifier.Verify(t.M).Funcs[0];
        Assert.That(fm.MapAt(f.DeferReturnPc), Is.Not.Null, "the deferreturn point is a typed safepoint");
    }
}
