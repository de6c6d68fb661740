using System.Numerics;
using System.Text;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;

namespace Vm.Compiler.Semantics;

public enum BasicKind
{
    Bool, Int, Int8, Int16, Int32, Int64, Uint, Uint8, Uint16, Uint32, Uint64, Uintptr, Float64, String,
    UntypedBool, UntypedInt, UntypedRune, UntypedFloat, UntypedString, UntypedNil, Invalid,
}

/// <summary>A Go type of the subset. Unnamed types are compared structurally (<see cref="Types.Identical"/>).</summary>
public abstract class GoType
{
    /// <summary>The underlying type (itself for everything but <see cref="NamedType"/>).</summary>
    public virtual GoType Under => this;
    public abstract override string ToString();
}

public sealed class BasicType(BasicKind kind, string name) : GoType
{
    public BasicKind Kind { get; } = kind;
    public string Name { get; } = name;
    public override string ToString() => Name;
    public bool IsUntyped => Kind >= BasicKind.UntypedBool && Kind <= BasicKind.UntypedNil;
}

public sealed class NamedType(string name, int id) : GoType
{
    public string Name { get; } = name;
    public int Id { get; } = id;
    /// <summary>Name of the declaring package, as Go's runtime type names show it (main.T, x.T, testing.T).</summary>
    public string Pkg { get; init; } = "main";
    /// <summary>Declared in another package (testing.T): compile errors qualify its name, as Go's do.</summary>
    public bool Imported { get; init; }
    public GoType? Underlying;
    public readonly List<MethodInfo> Methods = [];
    public MethodInfo? FindMethod(string name) => Methods.FirstOrDefault(m => m.Name == name);
    public override GoType Under => Underlying!.Under;
    public override string ToString() => Imported && Pkg.Length > 0 ? Pkg + "." + Name : Name;
}

public sealed class PointerType(GoType elem) : GoType
{
    public GoType Elem { get; } = elem;
    public override string ToString() => "*" + Elem;
}

public sealed class ArrayType(long len, GoType elem) : GoType
{
    public long Len { get; } = len;
    public GoType Elem { get; } = elem;
    public override string ToString() => $"[{Len}]{Elem}";
}

public sealed class SliceType(GoType elem) : GoType
{
    public GoType Elem { get; } = elem;
    public override string ToString() => "[]" + Elem;
}

public sealed record Field(string Name, GoType Type, bool Embedded);

public sealed class StructType(List<Field> fields) : GoType
{
    public List<Field> Fields { get; } = fields;
    public override string ToString() => "struct{" + string.Join("; ", Fields.Select(f => f.Embedded ? f.Type.ToString() : $"{f.Name} {f.Type}")) + "}";
}

public sealed class FuncType(List<GoType> pars, List<GoType> results, bool variadic) : GoType
{
    public List<GoType> Params { get; } = pars;
    public List<GoType> Results { get; } = results;
    public bool Variadic { get; } = variadic;
    public override string ToString()
    {
        var sb = new StringBuilder("func(");
        for (int i = 0; i < Params.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            if (Variadic && i == Params.Count - 1) sb.Append("...").Append(((SliceType)Params[i]).Elem);
            else sb.Append(Params[i]);
        }
        sb.Append(')');
        if (Results.Count == 1) sb.Append(' ').Append(Results[0]);
        else if (Results.Count > 1) sb.Append(" (").Append(string.Join(", ", Results)).Append(')');
        return sb.ToString();
    }
}

/// <summary>A method of an interface (sorted by name; embedded interfaces flattened).</summary>
public sealed record IMethod(string Name, FuncType Sig);

public sealed class InterfaceType : GoType
{
    public static readonly InterfaceType Empty = new();
    public List<IMethod> Methods { get; } = [];
    public bool IsEmpty => Methods.Count == 0;
    public IMethod? Find(string name) => Methods.FirstOrDefault(m => m.Name == name);
    public override string ToString() => Methods.Count == 0 ? "interface{}" : "interface{" + string.Join("; ", Methods.Select(m => m.Name + m.Sig.ToString()[4..])) + "}";
}

/// <summary>map[Key]Value: one pointer to the runtime's map (package maprt, Vm.Compiler/Lib/maprt.go).</summary>
public sealed class MapType(GoType key, GoType value) : GoType
{
    public GoType Key { get; } = key;
    public GoType Value { get; } = value;
    public override string ToString() => $"map[{Key}]{Value}";
}

/// <summary>A method declared on a named type.</summary>
public sealed class MethodInfo(string name, FuncInfo fn, bool ptrRecv)
{
    public string Name { get; } = name;
    public FuncInfo Fn { get; } = fn;
    public bool PtrRecv { get; } = ptrRecv;
    /// <summary>The method's type without the receiver.</summary>
    public FuncType Sig = null!;
}

public sealed class ChanType(ChanDir dir, GoType elem) : GoType
{
    public ChanDir Dir { get; } = dir;
    public GoType Elem { get; } = elem;
    public override string ToString() => Dir switch { ChanDir.Send => "chan<- ", ChanDir.Recv => "<-chan ", _ => "chan " } + Elem;
}

/// <summary>The type of a multi-value call.</summary>
public sealed class TupleType(List<GoType> types) : GoType
{
    public List<GoType> Types { get; } = types;
    public override string ToString() => "(" + string.Join(", ", Types) + ")";
}

public static class Types
{
    public static readonly BasicType Bool = new(BasicKind.Bool, "bool");
    public static readonly BasicType Int = new(BasicKind.Int, "int");
    public static readonly BasicType Int8 = new(BasicKind.Int8, "int8");
    public static readonly BasicType Int16 = new(BasicKind.Int16, "int16");
    public static readonly BasicType Int32 = new(BasicKind.Int32, "int32");
    public static readonly BasicType Int64 = new(BasicKind.Int64, "int64");
    public static readonly BasicType Uint = new(BasicKind.Uint, "uint");
    public static readonly BasicType Uint8 = new(BasicKind.Uint8, "uint8");
    public static readonly BasicType Uint16 = new(BasicKind.Uint16, "uint16");
    public static readonly BasicType Uint32 = new(BasicKind.Uint32, "uint32");
    public static readonly BasicType Uint64 = new(BasicKind.Uint64, "uint64");
    public static readonly BasicType Uintptr = new(BasicKind.Uintptr, "uintptr");
    public static readonly BasicType Float64 = new(BasicKind.Float64, "float64");
    public static readonly BasicType String = new(BasicKind.String, "string");
    public static readonly BasicType UntypedBool = new(BasicKind.UntypedBool, "untyped bool");
    public static readonly BasicType UntypedInt = new(BasicKind.UntypedInt, "untyped int");
    public static readonly BasicType UntypedRune = new(BasicKind.UntypedRune, "untyped rune");
    public static readonly BasicType UntypedFloat = new(BasicKind.UntypedFloat, "untyped float");
    public static readonly BasicType UntypedString = new(BasicKind.UntypedString, "untyped string");
    public static readonly BasicType UntypedNil = new(BasicKind.UntypedNil, "untyped nil");
    public static readonly BasicType Invalid = new(BasicKind.Invalid, "invalid type");
    /// <summary>byte and rune are aliases of uint8 and int32 (identical types), printed by the name written, as Go does.</summary>
    public static readonly BasicType Byte = new(BasicKind.Uint8, "byte");
    public static readonly BasicType Rune = new(BasicKind.Int32, "rune");
    public static readonly TupleType NoValue = new([]);
    /// <summary>The predeclared error type: interface { Error() string }.</summary>
    public static readonly NamedType Error = MakeError();
    /// <summary>runtime.Error: interface { error; RuntimeError() } (the runtime's error values, type word -1).</summary>
    public static readonly NamedType RuntimeError = MakeRuntimeError();

    static NamedType MakeRuntimeError()
    {
        var it = new InterfaceType();
        it.Methods.Add(new IMethod("Error", new FuncType([], [String], false)));
        it.Methods.Add(new IMethod("RuntimeError", new FuncType([], [], false)));
        return new NamedType("Error", -1) { Pkg = "runtime", Imported = true, Underlying = it };
    }

    static NamedType MakeError()
    {
        var it = new InterfaceType();
        it.Methods.Add(new IMethod("Error", new FuncType([], [String], false)));
        return new NamedType("error", 0) { Pkg = "", Underlying = it };
    }

    public static BasicKind? Kind(GoType t) => t.Under is BasicType b ? b.Kind : null;
    public static bool IsUntyped(GoType t) => t is BasicType { IsUntyped: true };
    public static bool IsInteger(GoType t) => Kind(t) is >= BasicKind.Int and <= BasicKind.Uintptr or BasicKind.UntypedInt or BasicKind.UntypedRune;
    public static bool IsUnsigned(GoType t) => Kind(t) is >= BasicKind.Uint and <= BasicKind.Uintptr;
    public static bool IsFloat(GoType t) => Kind(t) is BasicKind.Float64 or BasicKind.UntypedFloat;
    public static bool IsNumeric(GoType t) => IsInteger(t) || IsFloat(t);
    public static bool IsString(GoType t) => Kind(t) is BasicKind.String or BasicKind.UntypedString;
    public static bool IsBoolean(GoType t) => Kind(t) is BasicKind.Bool or BasicKind.UntypedBool;
    public static bool IsInterface(GoType t) => t.Under is InterfaceType;
    public static bool IsNil(GoType t) => t is BasicType { Kind: BasicKind.UntypedNil };

    /// <summary>Types that may be nil: pointers, slices, funcs, chans, interfaces.</summary>
    public static bool IsNillable(GoType t) => t.Under is PointerType or SliceType or FuncType or ChanType or InterfaceType or MapType;

    public static bool Identical(GoType a, GoType b)
    {
        if (ReferenceEquals(a, b)) return true;
        switch (a)
        {
            case BasicType ba: return b is BasicType bb && ba.Kind == bb.Kind;
            case NamedType: return false;
            case PointerType pa: return b is PointerType pb && Identical(pa.Elem, pb.Elem);
            case SliceType sa: return b is SliceType sb && Identical(sa.Elem, sb.Elem);
            case ArrayType aa: return b is ArrayType ab && aa.Len == ab.Len && Identical(aa.Elem, ab.Elem);
            case ChanType ca: return b is ChanType cb && ca.Dir == cb.Dir && Identical(ca.Elem, cb.Elem);
            case InterfaceType ia:
                if (b is not InterfaceType ib || ia.Methods.Count != ib.Methods.Count) return false;
                for (int i = 0; i < ia.Methods.Count; i++)
                    if (ia.Methods[i].Name != ib.Methods[i].Name || !Identical(ia.Methods[i].Sig, ib.Methods[i].Sig)) return false;
                return true;
            case MapType ma: return b is MapType mb && Identical(ma.Key, mb.Key) && Identical(ma.Value, mb.Value);
            case StructType sa2:
                if (b is not StructType sb2 || sa2.Fields.Count != sb2.Fields.Count) return false;
                for (int i = 0; i < sa2.Fields.Count; i++)
                    if (sa2.Fields[i].Name != sb2.Fields[i].Name || sa2.Fields[i].Embedded != sb2.Fields[i].Embedded || !Identical(sa2.Fields[i].Type, sb2.Fields[i].Type)) return false;
                return true;
            case FuncType fa:
                if (b is not FuncType fb || fa.Variadic != fb.Variadic || fa.Params.Count != fb.Params.Count || fa.Results.Count != fb.Results.Count) return false;
                for (int i = 0; i < fa.Params.Count; i++) if (!Identical(fa.Params[i], fb.Params[i])) return false;
                for (int i = 0; i < fa.Results.Count; i++) if (!Identical(fa.Results[i], fb.Results[i])) return false;
                return true;
            case TupleType ta:
                if (b is not TupleType tb || ta.Types.Count != tb.Types.Count) return false;
                for (int i = 0; i < ta.Types.Count; i++) if (!Identical(ta.Types[i], tb.Types[i])) return false;
                return true;
        }
        return false;
    }

    /// <summary>A canonical spelling: equal for identical types (named types carry their id).</summary>
    public static string Key(GoType t) => t switch
    {
        NamedType n => $"{n.Name}#{n.Id}",
        BasicType b => b.Kind.ToString(),
        PointerType p => "*" + Key(p.Elem),
        SliceType s => "[]" + Key(s.Elem),
        ArrayType a => $"[{a.Len}]" + Key(a.Elem),
        ChanType c => c.Dir switch { ChanDir.Send => "chan<- ", ChanDir.Recv => "<-chan ", _ => "chan " } + Key(c.Elem),
        InterfaceType it => "interface{" + string.Join(";", it.Methods.Select(m => m.Name + Key(m.Sig))) + "}",
        MapType mt => "map[" + Key(mt.Key) + "]" + Key(mt.Value),
        StructType st => "struct{" + string.Join(";", st.Fields.Select(f => (f.Embedded ? "!" : "") + f.Name + " " + Key(f.Type))) + "}",
        FuncType f => "func(" + string.Join(",", f.Params.Select(Key)) + (f.Variadic ? "..." : "") + ")(" + string.Join(",", f.Results.Select(Key)) + ")",
        TupleType tu => "(" + string.Join(",", tu.Types.Select(Key)) + ")",
        _ => "?",
    };

    /// <summary>The default type of an untyped constant kind.</summary>
    public static GoType Default(GoType t) => t is BasicType b ? b.Kind switch
    {
        BasicKind.UntypedBool => Bool,
        BasicKind.UntypedInt => Int,
        BasicKind.UntypedRune => Int32,
        BasicKind.UntypedFloat => Float64,
        BasicKind.UntypedString => String,
        _ => t,
    } : t;

    /// <summary>Memory-class types live in memory and are handled through their address; others are values of 1-3 slots.</summary>
    public static bool IsAggregate(GoType t) => t.Under is StructType or ArrayType;

    /// <summary>Slot kinds of a value of type t, flattened (aggregates field by field).</summary>
    public static void Slots(GoType t, List<SlotKind> into)
    {
        switch (t.Under)
        {
            case BasicType b:
                if (b.Kind == BasicKind.String) { into.Add(SlotKind.Ptr); into.Add(SlotKind.Int); }
                else if (b.Kind is BasicKind.Float64 or BasicKind.UntypedFloat) into.Add(SlotKind.Float);
                else into.Add(SlotKind.Int);
                break;
            case PointerType or FuncType or ChanType or MapType: into.Add(SlotKind.Ptr); break;
            case SliceType: into.Add(SlotKind.Ptr); into.Add(SlotKind.Int); into.Add(SlotKind.Int); break;
            case InterfaceType: into.Add(SlotKind.Int); into.Add(SlotKind.Ptr); break;
            case ArrayType a: for (long i = 0; i < a.Len; i++) Slots(a.Elem, into); break;
            case StructType s: foreach (var f in s.Fields) Slots(f.Type, into); break;
            case TupleType tu: foreach (var x in tu.Types) Slots(x, into); break;
            default: throw new InvalidOperationException($"no slots for {t}");
        }
    }

    public static List<SlotKind> Slots(GoType t) { var l = new List<SlotKind>(); Slots(t, l); return l; }

    public static int SlotCount(GoType t) => t.Under switch
    {
        BasicType { Kind: BasicKind.String } => 2,
        BasicType => 1,
        PointerType or FuncType or ChanType or MapType => 1,
        SliceType => 3,
        InterfaceType => 2,
        ArrayType a => (int)Math.Min(a.Len * SlotCount(a.Elem), int.MaxValue / 2),
        StructType s => s.Fields.Sum(f => SlotCount(f.Type)),
        TupleType tu => tu.Types.Sum(SlotCount),
        _ => 0,
    };

    /// <summary>Go's comparable types (== allowed).</summary>
    public static bool Comparable(GoType t) => t.Under switch
    {
        SliceType or FuncType or MapType => false,
        StructType s => s.Fields.All(f => Comparable(f.Type)),
        ArrayType a => Comparable(a.Elem),
        _ => true,
    };

    /// <summary>Bits of an integer kind and whether it is signed.</summary>
    public static (int bits, bool signed) IntInfo(BasicKind k) => k switch
    {
        BasicKind.Int8 => (8, true), BasicKind.Int16 => (16, true), BasicKind.Int32 => (32, true),
        BasicKind.Int or BasicKind.Int64 => (64, true),
        BasicKind.Uint8 => (8, false), BasicKind.Uint16 => (16, false), BasicKind.Uint32 => (32, false),
        BasicKind.Uint or BasicKind.Uint64 or BasicKind.Uintptr => (64, false),
        _ => (64, true),
    };

    public static bool Representable(BigInteger v, BasicKind k)
    {
        var (bits, signed) = IntInfo(k);
        if (signed) return v >= -(BigInteger.One << (bits - 1)) && v < (BigInteger.One << (bits - 1));
        return v >= 0 && v < (BigInteger.One << bits);
    }
}
