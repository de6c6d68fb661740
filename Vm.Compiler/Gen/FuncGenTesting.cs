using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;

namespace Vm.Compiler.Gen;

// Test mode code (docs/compiler.md "Tests"): calls of testing.T/B methods and the bodies of the
// generated testing functions. Must match Vm.Interpreter/Machine.Testing.cs.
public sealed partial class FuncGen
{
    /// <summary>t.M(args): the receiver pointer, the arguments as for any call, then a call of the
    /// generated method function (or a defer/go of it).</summary>
    List<GoType> EmitTestingCall(CallExpr call, SelectorExpr sel, string method, CallMode mode)
    {
        var ft = (FuncType)call.Fun.Type.Under;
        int fidx = G.TestingMethodFunc(method, ft);
        Emit(sel.X);
        EmitArgs(call, ft);
        B.Line(call.Pos.Line);
        int sig = M.Funcs[fidx].Sig;
        switch (mode)
        {
            case CallMode.Normal:
                B.Emit(Op.Call, fidx);
                return ft.Results;
            case CallMode.Go: B.Emit(Op.LdFn, fidx); B.Emit(Op.Go, sig); break;
            case CallMode.DeferStack:
                B.Emit(Op.LdFn, fidx);
                Def.DeferRecords.Add(sig);
                B.Emit(Op.DeferS, Def.DeferRecords.Count - 1, sig);
                break;
            case CallMode.DeferHeap: B.Emit(Op.LdFn, fidx); B.Emit(Op.DeferH, sig); break;
        }
        return [];
    }

    /// <summary>testing.Short() / testing.Verbose(): rt testctl with no frame.</summary>
    void EmitTestingQuery(TestOp op)
    {
        B.Emit(Op.LdNil);
        B.Emit(Op.LdI, 0);
        B.Emit(Op.LdNil);
        B.Emit(Op.LdI, (long)op);
        B.Emit(Op.Rt, (long)RuntimeId.TestCtl);
    }

    /// <summary>testing.tRunner: defer the recovering func1, then testing.cur(&amp;testing.t).</summary>
    public void EmitTRunner(int func1, int tObject, int curTest, int sigT)
    {
        B.Line(1);
        int voidSig = M.InternSig(new Vm.Core.Modules.Signature([], []));
        B.Emit(Op.LdFn, func1);
        Def.DeferRecords.Add(voidSig);
        B.Emit(Op.DeferS, 0, voidSig);
        B.Emit(Op.GAddr, tObject);
        B.Emit(Op.GAddr, curTest);
        B.Emit(Op.LdP, 0);
        B.Emit(Op.CallInd, sigT);
        Def.DeferReturnPc = B.Pc;
        B.Emit(Op.DeferRet);
        B.Emit(Op.Ret);
    }

    /// <summary>testing.tRunner.func1: if the test panicked, report it (--- FAIL) and panic again with
    /// the same value, so the program dies as Go's test binary does ("panic: v [recovered]").</summary>
    public void EmitTRunnerRecover()
    {
        B.Line(1);
        int ty = NewLocal(SlotKind.Int), data = NewLocal(SlotKind.Ptr);
        var done = B.NewLabel();
        B.Emit(Op.Recover);
        B.Emit(Op.StLoc, data);
        B.Emit(Op.StLoc, ty);
        B.Emit(Op.LdLoc, ty);
        B.Emit(Op.BrFalse, done);
        EmitTestingQuery(TestOp.Panicked);
        B.Emit(Op.Pop);
        B.Emit(Op.LdLoc, ty);
        B.Emit(Op.LdLoc, data);
        B.Emit(Op.Panic);
        B.Bind(done);
        B.Emit(Op.Ret);
    }

    /// <summary>testing.bRunner: testing.curb(&amp;testing.b).</summary>
    public void EmitBRunner(int bObject, int curBench, int sigB)
    {
        B.Line(1);
        B.Emit(Op.GAddr, bObject);
        B.Emit(Op.GAddr, curBench);
        B.Emit(Op.LdP, 0);
        B.Emit(Op.CallInd, sigB);
        B.Emit(Op.Ret);
    }

    /// <summary>The body of a generated testing method (slot 0: the receiver; then the method's parameters).
    /// Frame object 0 is the anchor through which the runtime finds this frame.</summary>
    public void EmitTestingMethod(string name)
    {
        B.Line(1);
        Def.FrameObjects.Add(G.TypeIdx(Types.Int));
        void Anchor() { B.Emit(Op.FObj, 0); B.Emit(Op.LdI, Fn.Index); }
        void Ctl(TestOp op) { Anchor(); B.Emit(Op.LdLoc, 0); B.Emit(Op.LdI, (long)op); B.Emit(Op.Rt, (long)RuntimeId.TestCtl); }
        void Log(bool formatted)
        {
            Anchor();
            B.Emit(Op.LdLoc, 0);
            if (formatted) for (int s = 1; s <= 5; s++) B.Emit(Op.LdLoc, s);
            else
            {
                B.Emit(Op.LdStr, M.InternString(""));
                for (int s = 1; s <= 3; s++) B.Emit(Op.LdLoc, s);
            }
            B.Emit(Op.LdI, formatted ? 1 : 0);
            B.Emit(Op.Rt, (long)RuntimeId.TestLog);
        }
        void Goexit() { Ctl(TestOp.Goexit); B.Emit(Op.Pop); } // the runtime redirects the ret that follows
        switch (name)
        {
            case "Log": Log(false); break;
            case "Logf": Log(true); break;
            case "Error": Log(false); Ctl(TestOp.Fail); B.Emit(Op.Pop); break;
            case "Errorf": Log(true); Ctl(TestOp.Fail); B.Emit(Op.Pop); break;
            case "Fatal": Log(false); Ctl(TestOp.Fail); B.Emit(Op.Pop); Goexit(); break;
            case "Fatalf": Log(true); Ctl(TestOp.Fail); B.Emit(Op.Pop); Goexit(); break;
            case "Skip": Log(false); Ctl(TestOp.Skip); B.Emit(Op.Pop); Goexit(); break;
            case "Skipf": Log(true); Ctl(TestOp.Skip); B.Emit(Op.Pop); Goexit(); break;
            case "SkipNow": Ctl(TestOp.Skip); B.Emit(Op.Pop); Goexit(); break;
            case "FailNow": Ctl(TestOp.Fail); B.Emit(Op.Pop); Goexit(); break;
            case "Fail": Ctl(TestOp.Fail); B.Emit(Op.Pop); break;
            case "Helper": Ctl(TestOp.Helper); B.Emit(Op.Pop); break;
            case "Failed": Ctl(TestOp.Failed); B.Emit(Op.Ret); return;
            case "Skipped": Ctl(TestOp.Skipped); B.Emit(Op.Ret); return;
            case "Name": B.Emit(Op.LdLoc, 0); B.Emit(Op.Rt, (long)RuntimeId.TestName); B.Emit(Op.Ret); return;
            case "ResetTimer": Ctl(TestOp.ResetTimer); B.Emit(Op.Pop); break;
            case "StartTimer": Ctl(TestOp.StartTimer); B.Emit(Op.Pop); break;
            case "StopTimer": Ctl(TestOp.StopTimer); B.Emit(Op.Pop); break;
            case "ReportAllocs": Ctl(TestOp.ReportAllocs); B.Emit(Op.Pop); break;
            default: throw new InvalidOperationException($"internal compiler error: testing method {name}");
        }
        B.Emit(Op.Ret);
    }
}
