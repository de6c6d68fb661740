namespace Vm.Core.Bytecode;

/// <summary>
/// What an 8-byte slot (a local, a parameter, an operand-stack entry) holds. The verifier tracks
/// one kind per slot; stack maps mark the <see cref="Ptr"/> slots. Aggregates take several slots:
/// string = (Ptr data, Int len), slice = (Ptr data, Int len, Int cap), interface = (Int type, Ptr data).
/// The layouts live in docs/abi.md.
/// </summary>
public enum SlotKind : byte
{
    /// <summary>Any integer, bool or type word: 64 bits, never traced.</summary>
    Int = 1,
    /// <summary>An IEEE-754 float64.</summary>
    Float = 2,
    /// <summary>A VM pointer (heap, stack, static data or nil): traced by the GC, adjusted by the stack copier.</summary>
    Ptr = 3,
}

public static class SlotKinds
{
    /// <summary>The one-letter spelling used in <c>.gobs</c> signatures and in messages: i, f, p.</summary>
    public static char Letter(SlotKind k) => k switch
    {
        SlotKind.Int => 'i',
        SlotKind.Float => 'f',
        SlotKind.Ptr => 'p',
        _ => '?',
    };

    public static bool TryParse(char c, out SlotKind k)
    {
        switch (c)
        {
            case 'i': k = SlotKind.Int; return true;
            case 'f': k = SlotKind.Float; return true;
            case 'p': k = SlotKind.Ptr; return true;
            default: k = 0; return false;
        }
    }

    public static bool IsValid(byte b) => b is >= 1 and <= 3;

    public static string Spell(ReadOnlySpan<SlotKind> kinds)
    {
        var chars = new char[kinds.Length];
        for (int i = 0; i < kinds.Length; i++) chars[i] = Letter(kinds[i]);
        return new string(chars);
    }
}
