using Vm.Core.Bytecode;

namespace Vm.Core.Modules;

/// <summary>Go kind of a module type. Values are part of the .gobc format (docs/gobc-format.md).</summary>
public enum TypeKind : byte
{
    Bool = 1, Int = 2, Int8 = 3, Int16 = 4, Int32 = 5, Int64 = 6,
    Uint = 7, Uint8 = 8, Uint16 = 9, Uint32 = 10, Uint64 = 11, Uintptr = 12,
    Float64 = 13, String = 14, UnsafePointer = 15,
    /// <summary>*Elem</summary>
    Ptr = 16,
    /// <summary>[Len]Elem</summary>
    Array = 17,
    /// <summary>[]Elem</summary>
    Slice = 18,
    /// <summary>struct { Fields }</summary>
    Struct = 19,
    /// <summary>A function value: one pointer to a closure (funcval). Sig names its signature.</summary>
    Func = 20,
    /// <summary>chan Elem</summary>
    Chan = 21,
    /// <summary>interface{}: (type word, data pointer)</summary>
    Iface = 22,
    /// <summary>A closure object: word 0 is the function, the captured variables follow as Fields.</summary>
    Closure = 23,
}

/// <summary>A struct (or closure) field.</summary>
public sealed record FieldDef(string Name, int Type, long Offset);

/// <summary>
/// A type of the module: its Go kind, size, alignment, structure and pointer map. The pointer map
/// has one bit per 8-byte word (bit i of byte i/8 set: word i holds a pointer); the GC scans heap
/// objects, globals and frame objects with it. The reader checks it against the structure.
/// </summary>
public sealed class TypeDef
{
    public string Name { get; set; } = "";
    public TypeKind Kind { get; set; }
    public long Size { get; set; }
    public int Align { get; set; } = 8;
    /// <summary>Element type for Ptr, Array, Slice, Chan; -1 otherwise.</summary>
    public int Elem { get; set; } = -1;
    /// <summary>Array length; 0 otherwise.</summary>
    public long Len { get; set; }
    /// <summary>Signature for Func and Closure; -1 otherwise.</summary>
    public int Sig { get; set; } = -1;
    public List<FieldDef> Fields { get; set; } = [];
    /// <summary>One bit per 8-byte word, ceil(words/8) bytes.</summary>
    public byte[] PtrMask { get; set; } = [];

    public long Words => (Size + 7) / 8;
    public bool HasPointers => PtrMask.Any(b => b != 0);
    public bool IsPtrWord(long word) => word < Words && (PtrMask[word >> 3] & (1 << (int)(word & 7))) != 0;
}

/// <summary>A function signature at slot level: what the caller pushes and what comes back.</summary>
public sealed class Signature : IEquatable<Signature>
{
    public SlotKind[] Params { get; }
    public SlotKind[] Results { get; }

    public Signature(SlotKind[] @params, SlotKind[] results) { Params = @params; Results = results; }

    /// <summary>Slots the call site reserves for the callee's argument area: max(params, results).</summary>
    public int ArgAreaSlots => Math.Max(Params.Length, Results.Length);

    public bool Equals(Signature? o) => o is not null && Params.AsSpan().SequenceEqual(o.Params) && Results.AsSpan().SequenceEqual(o.Results);
    public override bool Equals(object? obj) => Equals(obj as Signature);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var k in Params) h.Add(k);
        h.Add(-1);
        foreach (var k in Results) h.Add(k);
        return h.ToHashCode();
    }

    /// <summary>The <c>.gobs</c> spelling: <c>(ip) -&gt; (i)</c>.</summary>
    public override string ToString() => $"({SlotKinds.Spell(Params)}) -> ({SlotKinds.Spell(Results)})";
}

public sealed record GlobalDef(string Name, int Type);

/// <summary>One line-table row: instructions from <see cref="Pc"/> up to the next row's pc are on <see cref="Line"/>.</summary>
public readonly record struct LineEntry(int Pc, int Line);

/// <summary>A function: signature, frame shape, code and debug tables.</summary>
public sealed class FunctionDef
{
    public string Name { get; set; } = "";
    public int Sig { get; set; }
    /// <summary>Kinds of the declared locals. Slot index space: the signature's parameters first, then these.</summary>
    public List<SlotKind> Locals { get; set; } = [];
    /// <summary>Frame objects (stack objects: non-escaping closures, address-taken variables), by type index.</summary>
    public List<int> FrameObjects { get; set; } = [];
    /// <summary>Stack <c>_defer</c> records in this frame, one per stack-record defer site: the deferred call's signature index.</summary>
    public List<int> DeferRecords { get; set; } = [];
    /// <summary>Operand stack slots the frame reserves.</summary>
    public int MaxStack { get; set; }
    /// <summary>Pc of the deferret instruction where a recovered panic resumes; -1 if the function has none.</summary>
    public int DeferReturnPc { get; set; } = -1;
    public byte[] Code { get; set; } = [];
    /// <summary>Source file name for tracebacks ("" if unknown).</summary>
    public string File { get; set; } = "";
    /// <summary>Strictly increasing pcs, each inside the code.</summary>
    public List<LineEntry> Lines { get; set; } = [];

    /// <summary>Line of the instruction at <paramref name="pc"/>, 0 if unknown.</summary>
    public int LineAt(int pc)
    {
        int line = 0;
        foreach (var e in Lines)
        {
            if (e.Pc > pc) break;
            line = e.Line;
        }
        return line;
    }

    public override string ToString() => Name;
}

/// <summary>
/// A bytecode module: the in-memory form of a <c>.gobc</c> file (docs/gobc-format.md). Indices in
/// code and tables refer to these lists; the reader checks every one, the verifier checks the code.
/// </summary>
public sealed class Module
{
    public const ushort FormatVersion = 1;

    public List<TypeDef> Types { get; } = [];
    public List<Signature> Sigs { get; } = [];
    /// <summary>String constants for ldstr. Go strings are byte sequences, not necessarily UTF-8.</summary>
    public List<byte[]> Strings { get; } = [];
    public List<GlobalDef> Globals { get; } = [];
    public List<FunctionDef> Funcs { get; } = [];
    /// <summary>Function run to start the program (Go's main.main), -1 if none.</summary>
    public int Entry { get; set; } = -1;
    /// <summary>Function run before Entry (package initialisers), -1 if none.</summary>
    public int Init { get; set; } = -1;

    public int FindFunc(string name) => Funcs.FindIndex(f => f.Name == name);

    /// <summary>Kinds of a function's whole slot space: parameters, then declared locals.</summary>
    public SlotKind[] SlotsOf(FunctionDef f)
    {
        var p = Sigs[f.Sig].Params;
        var r = new SlotKind[p.Length + f.Locals.Count];
        p.CopyTo(r, 0);
        f.Locals.CopyTo(r, p.Length);
        return r;
    }

    /// <summary>Index of an equal signature, adding it if new.</summary>
    public int InternSig(Signature s)
    {
        int i = Sigs.IndexOf(s);
        if (i >= 0) return i;
        Sigs.Add(s);
        return Sigs.Count - 1;
    }

    /// <summary>Index of an equal string constant, adding it if new.</summary>
    public int InternString(byte[] s)
    {
        int i = Strings.FindIndex(x => x.AsSpan().SequenceEqual(s));
        if (i >= 0) return i;
        Strings.Add(s);
        return Strings.Count - 1;
    }

    /// <summary>Index of the UTF-8 encoding of <paramref name="s"/> in the string constants, adding it if new.</summary>
    public int InternString(string s) => InternString(System.Text.Encoding.UTF8.GetBytes(s));
}
