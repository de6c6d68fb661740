using Vm.Gc;
using Vm.Jit;

namespace Vm.Interpreter;

/// <summary>How to run a program.</summary>
public sealed class RunOptions
{
    /// <summary>Initial bytes of goroutine 1's stack (rounded up to a power of two, at least 8 KiB).
    /// Stacks grow by copying, twice as large each time (docs/gc.md).</summary>
    public long StackSize { get; init; } = GoroutineStack.DefaultSize;

    /// <summary>Largest stack a goroutine may grow to (Go's maxstacksize, 1 GB); beyond it the
    /// program dies with "fatal error: stack overflow" (exit 2).</summary>
    public long MaxStackSize { get; init; } = GoroutineStack.MaxSize;

    /// <summary>GOGC for this run ("100", "off", ...); null: the GOGC environment variable.</summary>
    public string? Gogc { get; init; }

    /// <summary>GODEBUG for this run ("gctrace=1,gcstress=1,stackmove=1,poison=1,gcverify=1");
    /// null: the GODEBUG environment variable (docs/gc.md §Stress switches).</summary>
    public string? Godebug { get; init; }

    /// <summary>GOMAXPROCS for this run (Ps running goroutines in parallel); null: the GOMAXPROCS
    /// environment variable, else the number of CPUs.</summary>
    public int? GoMaxProcs { get; init; }

    /// <summary>JIT mode (docs/jit.md §tiering); null: the GOVM_JIT environment variable
    /// (off|tiered|eager), else <see cref="JitMode.Tiered"/>. Where the JIT cannot run (not Linux x64)
    /// the default falls back to the interpreter; an explicit tiered/eager is an error there.</summary>
    public JitMode? Jit { get; init; }

    /// <summary>Tiering threshold: calls plus backward branches a function runs interpreted before it is
    /// compiled; null: GOVM_JIT_THRESHOLD, else <see cref="JitEngine.DefaultThreshold"/>.</summary>
    public int? JitThreshold { get; init; }

    /// <summary>The JIT mode this run uses (options, then environment, then the default).</summary>
    public JitMode EffectiveJit(out bool explicitly)
    {
        explicitly = true;
        if (Jit is { } m) return m;
        if (ParseJitMode(Environment.GetEnvironmentVariable("GOVM_JIT")) is { } e) return e;
        explicitly = false;
        return JitEngine.Supported ? JitMode.Tiered : JitMode.Off;
    }

    /// <summary>The tiering threshold this run uses.</summary>
    public int EffectiveJitThreshold() =>
        JitThreshold ?? (int.TryParse(Environment.GetEnvironmentVariable("GOVM_JIT_THRESHOLD"), out int t) && t > 0 ? t : JitEngine.DefaultThreshold);

    /// <summary>"off", "tiered" or "eager" (case-insensitive); null for anything else.</summary>
    public static JitMode? ParseJitMode(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "off" => JitMode.Off,
        "tiered" => JitMode.Tiered,
        "eager" => JitMode.Eager,
        _ => null,
    };

    /// <summary>Test only: a deliberate mistake in the stack copier, to prove the stress runs catch it.</summary>
    public GcFault GcFault { get; init; }

    /// <summary>If set, filled with the runtime's counters when the run ends.</summary>
    public RuntimeCounters? Counters { get; init; }
}

/// <summary>Counters the runtime keeps for diagnostics and tests (Jint-style pool counts).</summary>
public sealed class RuntimeCounters
{
    /// <summary>Stack-record defers executed (<c>defers</c>: no pool, no allocation).</summary>
    public long StackDefers { get; set; }
    /// <summary>Heap-record defers executed (<c>deferh</c>).</summary>
    public long HeapDefers { get; set; }
    /// <summary>Heap <c>_defer</c> records allocated from the VM heap (both pools were empty, or the class is not pooled).</summary>
    public long DeferRecordsAllocated { get; set; }
    /// <summary>Heap records taken from a P's pool.</summary>
    public long DeferPoolHits { get; set; }
    /// <summary>Times a P's pool refilled from the central pool.</summary>
    public long CentralRefills { get; set; }
    /// <summary>Times a full P pool spilled half its records to the central pool.</summary>
    public long CentralSpills { get; set; }
    /// <summary>Heap records returned to a P's pool.</summary>
    public long DeferRecordsFreed { get; set; }
    /// <summary>VM heap objects allocated (all kinds; Go's Mallocs).</summary>
    public long HeapObjects { get; set; }
    /// <summary>VM heap objects freed by sweeps (Go's Frees).</summary>
    public long HeapFrees { get; set; }
    /// <summary>Completed collections, and how many of them runtime.GC() asked for.</summary>
    public long NumGC { get; set; }
    public long NumForcedGC { get; set; }
    /// <summary>Bytes counted against the goal now; live bytes after the last sweep; the goal.</summary>
    public long HeapLive { get; set; }
    public long HeapMarked { get; set; }
    public long HeapGoal { get; set; }
    /// <summary>Bytes of heap pages in spans now, and the most there ever were.</summary>
    public long HeapInUse { get; set; }
    public long PeakHeapInUse { get; set; }
    public long SpansAllocated { get; set; }
    public long SpansReleased { get; set; }
    /// <summary>Total stop-the-world time of all collections.</summary>
    public TimeSpan GcPause { get; set; }
    /// <summary>Stack copies (growth, shrink, stackmove), growths and shrinks.</summary>
    public long StackCopies { get; set; }
    public long StackGrowths { get; set; }
    public long StackShrinks { get; set; }
    /// <summary>Goroutine 1's stack size at the end, and the largest it reached.</summary>
    public long StackSize { get; set; }
    public long PeakStackSize { get; set; }
    /// <summary>Goroutines created (goroutine 1 included), the most alive at once, and the Ps made.</summary>
    public long Goroutines { get; set; }
    public long MaxLiveGoroutines { get; set; }
    public int Procs { get; set; }
    /// <summary>JIT: functions compiled, bytes of executable memory, entries into compiled code from the
    /// dispatcher (calls, returns, loop headers, re-entries after a service), and caller frames the stack
    /// walker found to be compiled (a native continuation: docs/jit.md §convention).</summary>
    public long JitFunctions { get; set; }
    public long JitCodeBytes { get; set; }
    public long NativeEntries { get; set; }
    public long CompiledCallersWalked { get; set; }

    /// <summary>Adds another P's defer-pool counters (each P counts its own, without a lock).</summary>
    public void AddDefers(RuntimeCounters o)
    {
        StackDefers += o.StackDefers; HeapDefers += o.HeapDefers; DeferRecordsAllocated += o.DeferRecordsAllocated;
        DeferPoolHits += o.DeferPoolHits; CentralRefills += o.CentralRefills; CentralSpills += o.CentralSpills;
        DeferRecordsFreed += o.DeferRecordsFreed;
    }

    public void CopyFrom(RuntimeCounters o)
    {
        StackDefers = o.StackDefers; HeapDefers = o.HeapDefers; DeferRecordsAllocated = o.DeferRecordsAllocated;
        DeferPoolHits = o.DeferPoolHits; CentralRefills = o.CentralRefills; CentralSpills = o.CentralSpills;
        DeferRecordsFreed = o.DeferRecordsFreed; HeapObjects = o.HeapObjects;
        HeapFrees = o.HeapFrees; NumGC = o.NumGC; NumForcedGC = o.NumForcedGC; HeapLive = o.HeapLive;
        HeapMarked = o.HeapMarked; HeapGoal = o.HeapGoal; HeapInUse = o.HeapInUse; PeakHeapInUse = o.PeakHeapInUse;
        SpansAllocated = o.SpansAllocated; SpansReleased = o.SpansReleased; GcPause = o.GcPause;
        StackCopies = o.StackCopies; StackGrowths = o.StackGrowths; StackShrinks = o.StackShrinks;
        StackSize = o.StackSize; PeakStackSize = o.PeakStackSize;
        Goroutines = o.Goroutines; MaxLiveGoroutines = o.MaxLiveGoroutines; Procs = o.Procs;
        JitFunctions = o.JitFunctions; JitCodeBytes = o.JitCodeBytes; NativeEntries = o.NativeEntries;
        CompiledCallersWalked = o.CompiledCallersWalked;
    }

    public override string ToString() =>
        $"stack defers {StackDefers}, heap defers {HeapDefers}, records allocated {DeferRecordsAllocated}, pool hits {DeferPoolHits}, " +
        $"central refills {CentralRefills}, central spills {CentralSpills}, freed {DeferRecordsFreed}, heap objects {HeapObjects}, " +
        $"frees {HeapFrees}, gc {NumGC}, stack copies {StackCopies} (grow {StackGrowths}, shrink {StackShrinks})";
}
