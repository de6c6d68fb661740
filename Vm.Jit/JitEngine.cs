using System.Diagnostics;
using System.Runtime.InteropServices;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Gc;

// Every member that reaches the Linux-only ExecutableMemory runs only after the constructor checked
// JitEngine.Supported (Linux on x64), so the platform analyzer's warning does not apply here.
#pragma warning disable CA1416

namespace Vm.Jit;

/// <summary>How a run uses the JIT (<c>govm run --jit=...</c>, docs/jit.md §tiering).</summary>
public enum JitMode
{
    /// <summary>Interpreter only.</summary>
    Off,
    /// <summary>A function is compiled when its budget of calls and backward branches runs out
    /// (the threshold); a hot loop enters compiled code at its header (on-stack replacement).</summary>
    Tiered,
    /// <summary>Every function is compiled before the program starts.</summary>
    Eager,
}

/// <summary>
/// The JIT as the runtime sees it: compiles functions of one program on demand, keeps the code, answers
/// "where does bytecode pc P of function F start in native code" (entries for calls and on-stack
/// replacement) and "which bytecode continuation is this native return address" (the stack walker,
/// tracebacks: <see cref="INativeCode"/>). One engine per program, shared by every P; compilation
/// takes a lock, lookups of published code do not.
/// </summary>
public sealed unsafe class JitEngine : INativeCode, IDisposable
{
    /// <summary>True where the JIT can run: Linux (mmap/mprotect) on x64.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>Default tiering threshold: calls plus backward branches a function runs interpreted.</summary>
    public const int DefaultThreshold = 1000;

    public JitMode Mode { get; }
    public int Threshold { get; }
    public FrameTable Frames { get; }
    /// <summary>Where <c>GODEBUG=jittrace=1</c> lines go (null: off).</summary>
    public Action<string>? Trace { get; init; }

    readonly ExecutableMemory _mem = new();
    readonly object _lock = new();
    // Published code: one unit per compilation, sorted by start address for return-address lookups.
    volatile Unit[] _units = [];
    readonly Unit?[] _byFunc;
    bool _disposed;

    sealed class Unit
    {
        public required JitModule Jit;
        public nint Start, End;
    }

    readonly RuntimeStatics? _statics;

    public JitEngine(FrameTable frames, JitMode mode, int threshold = DefaultThreshold, RuntimeStatics? statics = null)
    {
        _statics = statics;
        if (!Supported) throw new PlatformNotSupportedException("the govm JIT needs Linux on x64; run with --jit=off");
        if (mode == JitMode.Off) throw new ArgumentException("JitMode.Off has no engine", nameof(mode));
        Frames = frames;
        Mode = mode;
        Threshold = Math.Max(1, threshold);
        _byFunc = new Unit?[frames.Funcs.Length];
        _table = GC.AllocateArray<nint>(Math.Max(1, frames.Funcs.Length), pinned: true);
    }

    /// <summary>The entry stub, <c>void Enter(JitState*)</c> (docs/jit.md §exits); 0 before the first compilation.</summary>
    public nint EnterStub { get; private set; }

    /// <summary>Native entry of compiled function <paramref name="func"/>, or 0.</summary>
    public nint EntryOf(int func) => CodeOf(func) is { } j ? j.FuncEntry[func] : 0;

    // The entry table every compiled call jumps through (docs/jit.md §convention), shared by all units:
    // publishing a function is one store into its slot.
    readonly nint[] _table;

    /// <summary>Compiles <paramref name="func"/> if it has no code yet (under the lock): alone with --jit=tiered,
    /// with every other function with --jit=eager. Returns the functions that got code (to publish), or an
    /// empty list.</summary>
    public IReadOnlyList<int> Compile(int func)
    {
        if (Volatile.Read(ref _byFunc[func]) != null) return [];
        lock (_lock)
        {
            if (_disposed || _byFunc[func] != null) return [];
            long t0 = Stopwatch.GetTimestamp();
            int[] funcs = [func];
            if (Mode == JitMode.Eager)
            {
                var all = new List<int>();
                for (int f = 0; f < _byFunc.Length; f++) if (_byFunc[f] == null) all.Add(f);
                funcs = all.ToArray();
            }
            var jit = JitModule.CompileSome(Frames, _mem, _statics, funcs, _table);
            var unit = new Unit { Jit = jit, Start = jit.Block.Start, End = jit.Block.Start + jit.Block.Size };
            // The units in address order (a new array: readers use the old one without the lock).
            var units = new Unit[_units.Length + 1];
            int at = 0;
            while (at < _units.Length && _units[at].Start < unit.Start) { units[at] = _units[at]; at++; }
            units[at] = unit;
            Array.Copy(_units, at, units, at + 1, _units.Length - at);
            _units = units;
            if (EnterStub == 0)
            {
                EnterStub = jit.EnterStub;
                for (int f = 0; f < _table.Length; f++) if (_table[f] == 0) _table[f] = jit.CallInterpretedStub;
            }
            foreach (int f in funcs)
            {
                Volatile.Write(ref _byFunc[f], unit);
                Volatile.Write(ref _table[f], jit.CallEntry[f]);
            }
            _compiledCount += funcs.Length;
            if (Trace is { } tr)
            {
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                string what = funcs.Length == 1 ? Frames.Module.Funcs[func].Name : $"{funcs.Length} functions";
                tr($"jit: {what}: {jit.Block.Size} bytes in {ms:F2} ms\n");
            }
            return funcs;
        }
    }

    int _compiledCount;

    /// <summary>The unit holding compiled function <paramref name="func"/>, or null.</summary>
    public JitModule? CodeOf(int func) => Volatile.Read(ref _byFunc[func])?.Jit;

    /// <summary>Where the dispatcher enters compiled function <paramref name="func"/> at bytecode instruction
    /// <paramref name="pc"/> (<see cref="JitModule.EntryAt"/>), or 0 if it has none.</summary>
    public nint NativePc(int func, int pc) => CodeOf(func)?.EntryAt(func, pc) ?? 0;

    /// <inheritdoc/>
    public int BytecodeContinuation(long nativeCont)
    {
        nint addr = (nint)nativeCont;
        var units = _units;
        foreach (var u in units)
        {
            if (addr <= u.Start || addr > u.End) continue;
            int f = u.Jit.FuncAt(addr - 1);
            if (f < 0) break;
            foreach (var (ret, cont) in u.Jit.SlowCalls[f])
                if (ret == addr) return cont;
            var map = u.Jit.PcMap[f];
            // The instruction whose native range holds the return address - 1 is the call.
            int callPc = -1;
            foreach (var (pc, a) in map)
            {
                if (a > addr - 1) break;
                callPc = pc;
            }
            if (callPc < 0) break;
            return InstrCodec.Decode(Frames.Module.Funcs[f].Code, callPc).Next;
        }
        throw new GcFatalException($"jit: no compiled call returns to 0x{(long)addr:x}");
    }

    /// <summary>Reserves a machine stack (<see cref="MachineStack"/>) for goroutine stacks of at most
    /// <paramref name="maxGoroutineStack"/> bytes and attaches it to <paramref name="st"/>; the caller disposes it
    /// when the state is no longer used.</summary>
    public IDisposable AttachMachineStack(JitState* st, long maxGoroutineStack)
    {
        var m = new MachineStack(maxGoroutineStack);
        m.AttachTo(st);
        return m;
    }

    /// <summary>
    /// Warms the JIT up on a background thread: compiles a small module once, so that Iced's tables and the
    /// emitter's code are initialised while the caller is still loading, compiling and verifying its program (a
    /// cold process otherwise spends tens of milliseconds in its first compilation: ~33 ms here, of which Iced's
    /// first assembly 12-16 and building the module, whose Vm.Core tables the caller's loading initialises at the
    /// same time, 10-18). Never fails the caller: any error is dropped here, and the real compilation will report it.
    /// </summary>
    public static void Prewarm()
    {
        if (!Supported) return;
        var t = new Thread(() =>
        {
            try
            {
                // Iced's tables first: they need nothing of the program, while the caller's loading and verifying
                // initialise Vm.Core's (which the module below needs too).
                var a = new Iced.Intel.Assembler(64);
                a.mov(Iced.Intel.AssemblerRegisters.rax, Iced.Intel.AssemblerRegisters.__[Iced.Intel.AssemblerRegisters.rbx + 8]);
                a.ret();
                a.Assemble(new NullCodeWriter(), 0x10000);
                var m = WarmUpModule();
                using var mem = new ExecutableMemory(1 << 20);
                JitModule.Compile(Vm.Core.Verification.Verifier.Verify(m), mem);
            }
            catch (Exception) { }   // warm-up only
        }) { IsBackground = true, Name = "govm jit warm-up" };
        t.Start();
    }

    sealed class NullCodeWriter : Iced.Intel.CodeWriter
    {
        public override void WriteByte(byte value) { }
    }

    /// <summary>The warm-up's module (public for its test: <see cref="Prewarm"/> drops every error), built with
    /// <see cref="CodeBuilder"/> (the text assembler's own first run costs more than the compilation it would
    /// warm): <c>func f(n int) int { if n &lt; 2 { return n }; return f(n - 1) }</c> and a <c>main</c> calling it
    /// in a loop, so that calls, returns, compares, branches, arithmetic, homes and the loop's poll are emitted
    /// once.</summary>
    public static Module WarmUpModule()
    {
        var m = new Module();
        int sigF = m.InternSig(new Signature([SlotKind.Int], [SlotKind.Int]));
        int sigMain = m.InternSig(new Signature([], []));
        var f = new CodeBuilder();
        int big = f.NewLabel();
        f.Emit(Op.LdLoc, 0); f.Emit(Op.LdI, 2); f.Emit(Op.Lt); f.Emit(Op.BrFalse, big);
        f.Emit(Op.LdLoc, 0); f.Emit(Op.Ret);
        f.Bind(big);
        f.Emit(Op.LdLoc, 0); f.Emit(Op.LdI, 1); f.Emit(Op.Sub); f.Emit(Op.Call, 0); f.Emit(Op.Ret);
        var main = new CodeBuilder();
        int top = main.NewLabel(), done = main.NewLabel();
        main.Bind(top);
        main.Emit(Op.LdLoc, 0); main.Emit(Op.LdI, 3); main.Emit(Op.Lt); main.Emit(Op.BrFalse, done);
        main.Emit(Op.LdLoc, 0); main.Emit(Op.Call, 0); main.Emit(Op.Pop);
        main.Emit(Op.LdLoc, 0); main.Emit(Op.LdI, 1); main.Emit(Op.Add); main.Emit(Op.StLoc, 0); main.Emit(Op.Br, top);
        main.Bind(done);
        main.Emit(Op.Ret);
        m.Funcs.Add(new FunctionDef { Name = "main.f", Sig = sigF, MaxStack = 2, Code = f.Finish(out _), File = "warm.go" });
        m.Funcs.Add(new FunctionDef { Name = "main.main", Sig = sigMain, MaxStack = 2, Locals = [SlotKind.Int], Code = main.Finish(out _), File = "warm.go" });
        m.Entry = 1;
        return m;
    }

    /// <summary>Functions with compiled code.</summary>
    public int CompiledFunctions => Volatile.Read(ref _compiledCount);

    /// <summary>Bytes of executable memory in use.</summary>
    public long CodeBytes => _mem.CommittedBytes;

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _mem.Dispose();
        }
    }
}
