using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Verification;
using Vm.Gc;

namespace Vm.Jit;

/// <summary>Outcome of a standalone JIT run: the status (0, or 2 after a runtime error), what print wrote,
/// and the panic message if a runtime error ended the run.</summary>
public sealed record JitRunResult(int Status, string Stderr, string? Panic);

/// <summary>
/// A small dispatcher for tests and benchmarks (docs/jit.md §dispatcher): runs a module made only of
/// compiled code on one goroutine stack, without the interpreter. It enters compiled code through the entry
/// stub, performs service exits (print) and stops at anything that needs the full runtime: an exit to the
/// interpreter, a call into interpreted code, or stack growth (the stack is allocated large instead).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class StandaloneRunner : IDisposable
{
    readonly JitModule _jit;
    readonly GoroutineStack _stack;
    readonly G* _g;
    readonly JitState* _st;
    readonly MachineStack _machineStack;
    readonly StringBuilder _out = new();

    /// <summary>Called at each service exit with the stopped frame's (fp, sp), before the service runs:
    /// lets tests inspect the goroutine stack compiled code built.</summary>
    public Action<nint, nint>? OnService { get; set; }

    public StandaloneRunner(JitModule jit, long stackSize = 64 << 20)
    {
        _jit = jit;
        _stack = new GoroutineStack(stackSize);
        _g = (G*)NativeMemory.AllocZeroed((nuint)sizeof(G));
        _g->StackLo = _stack.Lo;
        _g->StackHi = _stack.Hi;
        _g->StackGuard = _stack.Guard;
        _g->Goid = 1;
        _st = (JitState*)NativeMemory.AllocZeroed((nuint)sizeof(JitState));
        _machineStack = new MachineStack(stackSize);
        _machineStack.AttachTo(_st);
    }

    /// <summary>Compiles <paramref name="vm"/> and runs its init and entry functions.</summary>
    public static JitRunResult Run(VerifiedModule vm, ExecutableMemory mem)
    {
        var jit = JitModule.Compile(vm, mem);
        try
        {
            using var r = new StandaloneRunner(jit);
            return r.RunProgram();
        }
        finally { mem.Free(jit.Block); }
    }

    public JitRunResult RunProgram()
    {
        var m = _jit.Frames.Module;
        foreach (int f in new[] { m.Init, m.Entry })
        {
            if (f < 0) continue;
            string? panic = Call(f);
            if (panic != null)
            {
                _out.Append("panic: ").Append(panic).Append('\n');
                return new JitRunResult(2, _out.ToString(), panic);
            }
        }
        return new JitRunResult(0, _out.ToString(), null);
    }

    /// <summary>Runs function <paramref name="func"/> (no parameters) on the goroutine until it returns;
    /// returns null, or the runtime error's message.</summary>
    public string? Call(int func)
    {
        var fi = _jit.Frames.Funcs[func];
        if (fi.NParams != 0) throw new ArgumentException("Call needs a function without parameters", nameof(func));
        _st->G = (nint)_g;
        _st->Fp = 0;
        _st->Sp = _stack.Hi;
        _st->Cont = Continuation.Exit;
        _st->Ctx = 0;
        _st->Target = _jit.FuncEntry[func];
        var enter = (delegate* unmanaged<JitState*, void>)_jit.EnterStub;
        for (;;)
        {
            enter(_st);
            switch ((ExitReason)_st->Reason)
            {
                case ExitReason.Return when _st->Cont == Continuation.Exit:
                    return null;
                case ExitReason.Service:
                    OnService?.Invoke(_st->Fp, _st->Sp);
                    Print();
                    _st->Target = _st->Resume;
                    continue;
                case ExitReason.Panic:
                    return PanicMessage();
                default:
                    throw new InvalidOperationException(
                        $"jit: the standalone runner cannot handle exit {(ExitReason)_st->Reason} at {_jit.Frames.Module.Funcs[_st->Func].Name} pc {_st->Pc} (needs the interpreter or the runtime)");
            }
        }
    }

    Instr ExitInstr() => InstrCodec.Decode(_jit.Frames.Module.Funcs[_st->Func].Code, _st->Pc);

    void Print()
    {
        var ins = ExitInstr();
        long* sp = (long*)_st->Sp;
        switch ((PrintKind)ins.A)
        {
            case PrintKind.Int: _out.Append(sp[0].ToString(CultureInfo.InvariantCulture)); sp += 1; break;
            case PrintKind.Uint: _out.Append(((ulong)sp[0]).ToString(CultureInfo.InvariantCulture)); sp += 1; break;
            case PrintKind.Bool: _out.Append(sp[0] != 0 ? "true" : "false"); sp += 1; break;
            case PrintKind.Pointer: _out.Append("0x").Append(((ulong)sp[0]).ToString("x", CultureInfo.InvariantCulture)); sp += 1; break;
            case PrintKind.String: _out.Append(Encoding.UTF8.GetString((byte*)sp[1], (int)sp[0])); sp += 2; break;
            case PrintKind.Newline: _out.Append('\n'); break;
            case PrintKind.Space: _out.Append(' '); break;
            default:
                throw new InvalidOperationException($"jit: the standalone runner does not print kind {(PrintKind)ins.A}");
        }
        _st->Sp = (nint)sp;
    }

    /// <summary>The runtime error the interpreter raises for the instruction the frame is stopped at, its operands
    /// on the stack (must match Vm.Interpreter/Machine.Services.cs RuntimeErrorText).</summary>
    string PanicMessage()
    {
        var ins = ExitInstr();
        long* sp = (long*)_st->Sp;
        const string nil = "runtime error: invalid memory address or nil pointer dereference";
        switch (ins.Op)
        {
            case Op.Div or Op.DivU or Op.Rem or Op.RemU: return "runtime error: integer divide by zero";
            case Op.Shl or Op.Shr or Op.ShrU: return "runtime error: negative shift amount";
            case Op.AIdx: return sp[1] == 0 ? nil : IndexError(sp[0], _jit.Frames.Module.Types[(int)ins.A].Len);
            case Op.SIdx: return IndexError(sp[0], sp[2]);
            case Op.StrIdx: return IndexError(sp[0], sp[1]);
            default: return nil;
        }
    }

    /// <summary>Go's boundsError text for an index (boundsNegErrorFmt when it is negative).</summary>
    static string IndexError(long i, long len) => i < 0
        ? $"runtime error: index out of range [{i}]"
        : $"runtime error: index out of range [{i}] with length {len}";

    public void Dispose()
    {
        _stack.Dispose();
        _machineStack.Dispose();
        NativeMemory.Free(_g);
        NativeMemory.Free(_st);
    }
}
