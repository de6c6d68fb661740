using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Verification;

namespace Vm.Compiler.Gen;

/// <summary>
/// Module-level code generation: the type and signature tables, one function per Go function and
/// literal, globals and their initialiser (main.init), the entry point (main.main).
/// </summary>
public sealed partial class CodeGen
{
    internal readonly Checker C;
    internal readonly IReadOnlyList<SourceFile> Files;
    internal readonly Module M = new();
    readonly Dictionary<string, int> _types = [];
    readonly Dictionary<FuncInfo, int> _closureTypes = [];
    readonly Dictionary<long, int> _byteArrays = [];
    internal readonly List<(FunctionDef def, Action<FuncGen> body, FuncInfo? fn)> Pending = [];
    /// <summary>Types converted to interface{} somewhere (for type names in assertion failures).</summary>
    internal readonly List<GoType> Boxed = [];
    internal int TypeNameFunc = -1;

    public CodeGen(Checker c, IReadOnlyList<SourceFile> files)
    {
        C = c;
        Files = files;
    }

    public Module Generate()
    {
        // Function indices first, so calls can refer to any function.
        foreach (var f in C.Funcs) Declare(f);
        foreach (var g in C.Globals)
        {
            if (g.Name == "_" && !C.GlobalInits.Any(i => i.Vars.Contains(g))) continue;
            g.Global = M.Globals.Count;
            M.Globals.Add(new GlobalDef(C.Prefix(Math.Max(0, g.Pos.File)) + "." + g.Name, TypeIdx(g.Type)));
        }
        M.Entry = C.Main?.Index ?? -1;
        if (C.TestMode) DeclareTesting();
        // main.init: global initialisers in Go's order, then the init functions.
        if (C.GlobalInits.Count > 0 || C.InitFuncs.Count > 0)
        {
            var init = new FuncInfo { Name = C.Prefix(0) + ".init", Type = new FuncType([], [], false), File = 0, Pos = new Pos(0, 1, 1) };
            init.Lits.AddRange(C.Glob.Lits);
            var def = NewFunc(init);
            M.Init = init.Index;
            Pending.Add((def, fg => fg.EmitInit(), init));
        }
        foreach (var f in C.Funcs)
        {
            var ff = f;
            if (C.Intrinsics.Contains(f)) Pending.Add((M.Funcs[f.Index], fg => fg.EmitIntrinsic(), ff));
            else Pending.Add((M.Funcs[f.Index], fg => fg.EmitBody(), ff));
        }
        for (int i = 0; i < Pending.Count; i++)
        {
            var (def, body, fn) = Pending[i];
            var fg = new FuncGen(this, fn!, def);
            fg.Run(body);
        }
        for (int i = 0; i < Late.Count; i++)
        {
            var (def, body, fn) = Late[i];
            new FuncGen(this, fn, def).Run(body);
        }
        if (TypeNameFunc >= 0) EmitTypeNameFunc();
        var expected = M.Types.Select(t => (t.Size, t.Fields.Select(f => f.Offset).ToArray())).ToList();
        TypeLayout.ComputeAll(M.Types, M.Sigs.Count);
        CheckLayouts(expected);
        // maxstack: verify with the largest value, then keep the deepest stack the verifier found.
        foreach (var f in M.Funcs) f.MaxStack = ushort.MaxValue;
        VerifiedModule vm;
        try { vm = Verifier.Verify(M); }
        catch (Vm.Core.BadInputException e) { throw new InvalidOperationException("internal compiler error: " + e.Message, e); }
        for (int i = 0; i < M.Funcs.Count; i++) M.Funcs[i].MaxStack = vm.Funcs[i].MaxDepth;
        return M;
    }

    readonly HashSet<string> _funcNames = [];

    internal FunctionDef NewFunc(FuncInfo f)
    {
        // Function names are unique in a module (docs/gobc-format.md; the reader rejects duplicates): a second
        // go.implements (another interface), go.itab.M (another signature) or T.M-fm gets a numeric suffix.
        string name = f.Name;
        for (int n = 2; _funcNames.Contains(name); n++) name = f.Name + "." + n;
        _funcNames.Add(name);
        var def = new FunctionDef { Name = name, Sig = SigOf(f.Type), File = Files[Math.Max(0, f.File)].Path };
        f.Index = M.Funcs.Count;
        M.Funcs.Add(def);
        return def;
    }

    void Declare(FuncInfo f) => NewFunc(f);

    // ------------------------------------------------------------------ signatures

    internal int SigOf(FuncType ft)
    {
        var ps = new List<SlotKind>();
        foreach (var p in ft.Params) Types.Slots(p, ps);
        var rs = new List<SlotKind>();
        foreach (var r in ft.Results) Types.Slots(r, rs);
        return M.InternSig(new Signature([.. ps], [.. rs]));
    }

    // ------------------------------------------------------------------ types

    /// <summary>Go's spelling of a type in runtime messages (panic values, type names).</summary>
    internal static string GoName(GoType t) => t switch
    {
        NamedType n => n.Pkg.Length == 0 ? n.Name : n.Pkg + "." + n.Name,
        MapType mt => "map[" + GoName(mt.Key) + "]" + GoName(mt.Value),
        InterfaceType { Methods.Count: > 0 } it => "interface { " + string.Join("; ", it.Methods.Select(m => m.Name + GoName(m.Sig)[4..])) + " }",
        BasicType b => b.Kind switch { BasicKind.Uint8 => "uint8", BasicKind.Int32 => "int32", _ => b.Name },
        PointerType p => "*" + GoName(p.Elem),
        SliceType s => "[]" + GoName(s.Elem),
        ArrayType a => $"[{a.Len}]" + GoName(a.Elem),
        ChanType c => (c.Dir switch { ChanDir.Send => "chan<- ", ChanDir.Recv => "<-chan ", _ => "chan " }) + GoName(c.Elem),
        InterfaceType => "interface {}",
        StructType st => st.Fields.Count == 0 ? "struct {}" : "struct { " + string.Join("; ", st.Fields.Select(f => f.Embedded ? GoName(f.Type) : $"{f.Name} {GoName(f.Type)}")) + " }",
        FuncType f => "func(" + string.Join(", ", f.Params.Select((p, i) => f.Variadic && i == f.Params.Count - 1 ? "..." + GoName(((SliceType)p).Elem) : GoName(p))) + ")"
            + (f.Results.Count == 1 ? " " + GoName(f.Results[0]) : f.Results.Count > 1 ? " (" + string.Join(", ", f.Results.Select(GoName)) + ")" : ""),
        _ => t.ToString(),
    };

    internal int TypeIdx(GoType t)
    {
        var key = Types.Key(t);
        if (_types.TryGetValue(key, out var i)) return i;
        var def = new TypeDef { Name = GoName(t) };
        i = M.Types.Count;
        M.Types.Add(def);
        _types[key] = i;
        var u = t.Under;
        switch (u)
        {
            case BasicType b:
                def.Kind = b.Kind switch
                {
                    BasicKind.Bool => TypeKind.Bool, BasicKind.Int => TypeKind.Int, BasicKind.Int8 => TypeKind.Int8,
                    BasicKind.Int16 => TypeKind.Int16, BasicKind.Int32 => TypeKind.Int32, BasicKind.Int64 => TypeKind.Int64,
                    BasicKind.Uint => TypeKind.Uint, BasicKind.Uint8 => TypeKind.Uint8, BasicKind.Uint16 => TypeKind.Uint16,
                    BasicKind.Uint32 => TypeKind.Uint32, BasicKind.Uint64 => TypeKind.Uint64, BasicKind.Uintptr => TypeKind.Uintptr,
                    BasicKind.Float64 => TypeKind.Float64, BasicKind.String => TypeKind.String,
                    _ => throw new InvalidOperationException($"no module type for {t}"),
                };
                break;
            case PointerType p: def.Kind = TypeKind.Ptr; def.Elem = TypeIdx(p.Elem); break;
            case SliceType s: def.Kind = TypeKind.Slice; def.Elem = TypeIdx(s.Elem); break;
            case ArrayType a: def.Kind = TypeKind.Array; def.Elem = TypeIdx(a.Elem); def.Len = a.Len; break;
            case ChanType c: def.Kind = TypeKind.Chan; def.Elem = TypeIdx(c.Elem); break;
            case MapType: def.Kind = TypeKind.Ptr; def.Elem = TypeIdx(MapObjType); break;
            case InterfaceType: def.Kind = TypeKind.Iface; break;
            case FuncType f: def.Kind = TypeKind.Func; def.Sig = SigOf(f); break;
            case StructType st:
                def.Kind = TypeKind.Struct;
                var fields = new List<FieldDef>();
                for (int k = 0; k < st.Fields.Count; k++)
                    fields.Add(new FieldDef(st.Fields[k].Name, TypeIdx(st.Fields[k].Type), FieldOffset(st, k)));
                def.Fields = fields;
                break;
            default: throw new InvalidOperationException($"no module type for {t}");
        }
        var (size, align) = Layout(t);
        def.Size = size;
        def.Align = align;
        return i;
    }

    /// <summary>The closure object type of a literal: word 0 the function, then one pointer per captured variable.</summary>
    internal int ClosureTypeIdx(FuncInfo f)
    {
        if (_closureTypes.TryGetValue(f, out var i)) return i;
        var fields = f.Captures.Select(v => new FieldDef(v.Name, TypeIdx(new PointerType(v.Type)), 8 + 8L * f.Captures.IndexOf(v))).ToList();
        var def = new TypeDef { Name = f.Name + ".closure", Kind = TypeKind.Closure, Sig = SigOf(f.Type), Fields = fields, Size = 8 + 8L * fields.Count, Align = 8 };
        i = M.Types.Count;
        M.Types.Add(def);
        _closureTypes[f] = i;
        return i;
    }

    /// <summary>[n]uint8: used with aidx to form an interior pointer p+off (bounds: off &lt; n).</summary>
    internal int ByteArray(long n)
    {
        if (_byteArrays.TryGetValue(n, out var i)) return i;
        i = TypeIdx(new ArrayType(n, Types.Uint8));
        _byteArrays[n] = i;
        return i;
    }

    /// <summary>Size and alignment by Go's rules (must match Vm.Core/Modules/TypeLayout.cs; checked after ComputeAll).</summary>
    internal static (long size, int align) Layout(GoType t)
    {
        switch (t.Under)
        {
            case BasicType b:
                return b.Kind switch
                {
                    BasicKind.Bool or BasicKind.Int8 or BasicKind.Uint8 => (1, 1),
                    BasicKind.Int16 or BasicKind.Uint16 => (2, 2),
                    BasicKind.Int32 or BasicKind.Uint32 => (4, 4),
                    BasicKind.String => (16, 8),
                    _ => (8, 8),
                };
            case PointerType or FuncType or ChanType or MapType: return (8, 8);
            case SliceType: return (24, 8);
            case InterfaceType: return (16, 8);
            case ArrayType a:
            {
                var (es, ea) = Layout(a.Elem);
                return (es * a.Len, ea);
            }
            case StructType st:
            {
                long off = 0;
                int align = 1;
                foreach (var f in st.Fields)
                {
                    var (fs, fa) = Layout(f.Type);
                    off = TypeLayout.AlignUp(off, fa) + fs;
                    align = Math.Max(align, fa);
                }
                return (TypeLayout.AlignUp(off, align), align);
            }
            default: throw new InvalidOperationException($"no layout for {t}");
        }
    }

    internal static long SizeOf(GoType t) => Layout(t).size;

    internal static long FieldOffset(StructType st, int index)
    {
        long off = 0;
        for (int i = 0; i <= index; i++)
        {
            var (fs, fa) = Layout(st.Fields[i].Type);
            off = TypeLayout.AlignUp(off, fa);
            if (i == index) return off;
            off += fs;
        }
        return off;
    }

    /// <summary>The offsets the code uses must be the ones TypeLayout computes (the single home of the rules).</summary>
    void CheckLayouts(List<(long Size, long[] Offsets)> expected)
    {
        for (int i = 0; i < M.Types.Count; i++)
        {
            var d = M.Types[i];
            if (d.Size != expected[i].Size || !d.Fields.Select(f => f.Offset).SequenceEqual(expected[i].Offsets))
                throw new InvalidOperationException($"internal compiler error: layout of {d.Name} differs from TypeLayout");
        }
    }

    /// <summary>main.typestring(type word) string: the name of a dynamic type, for assertion failures.</summary>
    void EmitTypeNameFunc()
    {
        var def = M.Funcs[TypeNameFunc];
        var b = new CodeBuilder();
        foreach (var t in Boxed.DistinctBy(Types.Key))
        {
            var next = b.NewLabel();
            b.Emit(Op.LdLoc, 0);
            b.Emit(Op.LdType, TypeIdx(t));
            b.Emit(Op.Ne);
            b.Emit(Op.BrTrue, next);
            b.Emit(Op.LdStr, M.InternString(GoName(t)));
            b.Emit(Op.Ret);
            b.Bind(next);
        }
        b.Emit(Op.LdStr, M.InternString("?"));
        b.Emit(Op.Ret);
        def.Code = b.Finish(out var lines);
        def.Lines = lines;
    }
}
