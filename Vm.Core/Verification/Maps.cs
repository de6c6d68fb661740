using System.Numerics;
using System.Text;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Core.Verification;

/// <summary>A fixed-length bit set: which slots of a group hold pointers.</summary>
public sealed class Bitmap : IEquatable<Bitmap>
{
    readonly ulong[] _words;

    public int Length { get; }

    public Bitmap(int length) { Length = length; _words = new ulong[(length + 63) / 64]; }

    public static readonly Bitmap Empty = new(0);

    /// <summary>A bitmap with bit i set where <paramref name="kinds"/>[i] is <see cref="SlotKind.Ptr"/>.</summary>
    public static Bitmap OfPtrs(ReadOnlySpan<SlotKind> kinds)
    {
        var b = new Bitmap(kinds.Length);
        for (int i = 0; i < kinds.Length; i++) if (kinds[i] == SlotKind.Ptr) b._words[i >> 6] |= 1UL << i;
        return b;
    }

    public bool this[int i] => (uint)i < (uint)Length && (_words[i >> 6] & (1UL << i)) != 0;

    /// <summary>The raw words, bit i of word i/64 for slot i (for fast scanning).</summary>
    public ReadOnlySpan<ulong> Words => _words;

    public int Count { get { int n = 0; foreach (var w in _words) n += BitOperations.PopCount(w); return n; } }

    public bool Equals(Bitmap? o) => o is not null && o.Length == Length && _words.AsSpan().SequenceEqual(o._words);
    public override bool Equals(object? obj) => Equals(obj as Bitmap);
    public override int GetHashCode() => HashCode.Combine(Length, _words.Length > 0 ? _words[0] : 0);

    /// <summary>One character per slot, bottom first: <c>p</c> for a pointer, <c>.</c> otherwise.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Length);
        for (int i = 0; i < Length; i++) sb.Append(this[i] ? 'p' : '.');
        return sb.ToString();
    }
}

/// <summary>
/// The stack map of one safepoint: which operand slots of the frame hold pointers while the
/// goroutine is stopped at <see cref="Pc"/> (before the instruction executes). For an instruction
/// whose operands become a callee's argument area (<see cref="OpFlags.ArgsToCallee"/>), those
/// operands are not included: the callee's <see cref="FunctionMaps.ArgPtrs"/> covers them.
/// Locals are described per function (<see cref="FunctionMaps.LocalPtrs"/>): frames are zeroed at
/// entry and a local's kind never changes, so a pointer local is always nil or valid.
/// </summary>
public sealed class StackMap(int pc, Bitmap stack)
{
    public int Pc { get; } = pc;
    /// <summary>Operand slots live in the frame at this safepoint (bottom of the operand stack = 0).</summary>
    public int Depth => Stack.Length;
    /// <summary>Bit i: operand slot i holds a pointer.</summary>
    public Bitmap Stack { get; } = stack;
}

/// <summary>What the verifier learned about one function: slot kinds, pointer maps, safepoints.</summary>
public sealed class FunctionMaps
{
    public required int Index { get; init; }
    public required FunctionDef Func { get; init; }
    /// <summary>Kinds of the whole slot space: parameters, then declared locals.</summary>
    public required SlotKind[] Slots { get; init; }
    public required int ParamSlots { get; init; }
    /// <summary>Pointer slots of the argument area as the callee receives it (the parameters). Used for
    /// argument areas of frames and for the argument blocks of <c>_defer</c> records and new goroutines.</summary>
    public required Bitmap ArgPtrs { get; init; }
    /// <summary>Pointer slots among the declared locals (bit j: local slot ParamSlots + j).</summary>
    public required Bitmap LocalPtrs { get; init; }
    /// <summary>Every safepoint of the function, sorted by pc.</summary>
    public required StackMap[] Safepoints { get; init; }
    /// <summary>Deepest operand stack reached on any path (at most the declared MaxStack).</summary>
    public required int MaxDepth { get; init; }
    /// <summary>Operand stack kinds (bottom first) before each reachable instruction, indexed by pc; null
    /// for bytes that start no reachable instruction.</summary>
    public required SlotKind[]?[] StackAt { get; init; }

    /// <summary>The stack map of the safepoint at <paramref name="pc"/>, or null if it is no safepoint.</summary>
    public StackMap? MapAt(int pc)
    {
        int lo = 0, hi = Safepoints.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            int p = Safepoints[mid].Pc;
            if (p == pc) return Safepoints[mid];
            if (p < pc) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    public override string ToString() => Func.Name;
}

/// <summary>A module the verifier accepted, with its per-function maps. Only verified modules run.</summary>
public sealed class VerifiedModule(Module module, FunctionMaps[] funcs)
{
    public Module Module { get; } = module;
    /// <summary>Maps of each function, indexed like <see cref="Module.Funcs"/>.</summary>
    public FunctionMaps[] Funcs { get; } = funcs;
}
