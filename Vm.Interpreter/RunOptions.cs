using Vm.Gc;

namespace Vm.Interpreter;

/// <summary>How to run a program.</summary>
public sealed class RunOptions
{
    /// <summary>Bytes of goroutine 1's stack. Stacks do not grow yet, so overflowing it is
    /// Go's "fatal error: stack overflow" (exit 2).</summary>
    public long StackSize { get; init; } = GoroutineStack.DefaultSize;

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
    /// <summary>VM heap objects allocated (all kinds).</summary>
    public long HeapObjects { get; set; }

    public void CopyFrom(RuntimeCounters o)
    {
        StackDefers = o.StackDefers; HeapDefers = o.HeapDefers; DeferRecordsAllocated = o.DeferRecordsAllocated;
        DeferPoolHits = o.DeferPoolHits; CentralRefills = o.CentralRefills; CentralSpills = o.CentralSpills;
        DeferRecordsFreed = o.DeferRecordsFreed; HeapObjects = o.HeapObjects;
    }

    public override string ToString() =>
        $"stack defers {StackDefers}, heap defers {HeapDefers}, records allocated {DeferRecordsAllocated}, pool hits {DeferPoolHits}, " +
        $"central refills {CentralRefills}, central spills {CentralSpills}, freed {DeferRecordsFreed}, heap objects {HeapObjects}";
}
