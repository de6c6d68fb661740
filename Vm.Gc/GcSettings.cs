namespace Vm.Gc;

/// <summary>
/// A deliberate mistake in the stack copier, for tests only: proves that the stress runs catch a
/// missing adjustment (docs/gc.md §Stress switches). Never set outside tests.
/// </summary>
public enum GcFault
{
    None,
    /// <summary>Do not adjust <c>_defer.link</c>.</summary>
    SkipDeferLink,
    /// <summary>Do not adjust <c>_defer.sp</c>.</summary>
    SkipDeferSp,
    /// <summary>Do not adjust <c>_defer.fn</c>.</summary>
    SkipDeferFn,
    /// <summary>Do not adjust <c>_defer._panic</c>.</summary>
    SkipDeferPanic,
    /// <summary>Adjust the argument blocks before the records (the order the seed fixed).</summary>
    DeferArgsFirst,
}

/// <summary>
/// The collector's and stack's switches, parsed from <c>GOGC</c> and <c>GODEBUG</c> as Go spells them
/// (docs/gc.md): <c>GOGC=N|off</c>; <c>GODEBUG=gctrace=1,gcstress=N,stackmove=1,poison=1,gcverify=1</c>.
/// Unknown GODEBUG keys are ignored, as Go ignores them.
/// </summary>
public sealed class GcSettings
{
    /// <summary>GOGC: collect when the heap grows by this percentage over the live heap; -1 = off.</summary>
    public int GcPercent { get; set; } = 100;
    /// <summary>gctrace=1: one line per cycle on stderr.</summary>
    public bool Trace { get; set; }
    /// <summary>gcstress=N: collect every N allocations (0: off).</summary>
    public int StressEvery { get; set; }
    /// <summary>stackmove=1: move the stack at every prologue check.</summary>
    public bool StackMove { get; set; }
    /// <summary>poison=1: fill freed objects (0xfa) and abandoned stacks (0xfc) with a fixed pattern,
    /// and the unused part of a new stack with 0xfd.</summary>
    public bool Poison { get; set; }
    /// <summary>gcverify=1: check heap invariants after each cycle and stack invariants after each copy.</summary>
    public bool Verify { get; set; }
    /// <summary>jittrace=1: print a line per JIT compilation (function, code size, time); docs/jit.md.
    /// Parsed here with the other GODEBUG switches, used by the runtime's JIT.</summary>
    public bool JitTrace { get; set; }
    /// <summary>Test-only fault injection in the copier.</summary>
    public GcFault Fault { get; set; }

    /// <summary>Parses GOGC and GODEBUG values (null or empty: defaults).</summary>
    public static GcSettings Parse(string? gogc, string? godebug)
    {
        var s = new GcSettings();
        if (!string.IsNullOrWhiteSpace(gogc))
        {
            var g = gogc.Trim();
            if (g.Equals("off", StringComparison.OrdinalIgnoreCase)) s.GcPercent = -1;
            else if (int.TryParse(g, out int pct)) s.GcPercent = pct < 0 ? -1 : pct;
        }
        if (!string.IsNullOrWhiteSpace(godebug))
        {
            foreach (var part in godebug.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0) continue;
                var key = part[..eq];
                if (!int.TryParse(part[(eq + 1)..], out int v)) continue;
                switch (key)
                {
                    case "gctrace": s.Trace = v != 0; break;
                    case "gcstress": s.StressEvery = Math.Max(0, v); break;
                    case "stackmove": s.StackMove = v != 0; break;
                    case "poison": s.Poison = v != 0; break;
                    case "gcverify": s.Verify = v != 0; break;
                    case "jittrace": s.JitTrace = v != 0; break;
                }
            }
        }
        return s;
    }
}
