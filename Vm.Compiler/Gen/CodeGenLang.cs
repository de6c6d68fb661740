using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Modules;

namespace Vm.Compiler.Gen;

// Functions the compiler generates after every user function (docs/compiler.md "Methods and
// interfaces"): interface method dispatchers, interface satisfaction checks, equality and hashing
// of interface values and of struct and array types. They switch on the type word over every type
// the program converts to an interface (Boxed), so they are emitted once all other code exists.
public sealed partial class CodeGen
{
    internal readonly List<(FunctionDef def, Action<FuncGen> body, FuncInfo fn)> Late = [];
    readonly Dictionary<string, int> _lateFuncs = [];

    int LateFunc(string key, string name, FuncType type, Action<FuncGen> body)
    {
        if (_lateFuncs.TryGetValue(key, out var i)) return i;
        var fi = new FuncInfo { Name = name, Type = type, File = 0, Pos = new Pos(0, 1, 1) };
        var def = NewFunc(fi);
        _lateFuncs[key] = fi.Index;
        Late.Add((def, body, fi));
        return fi.Index;
    }

    /// <summary>go.itab.M (type word, data, args...) -> results: calls method M of the dynamic type.</summary>
    internal int IfaceMethodFunc(IMethod m) =>
        LateFunc("itab." + m.Name + Types.Key(m.Sig), "go.itab." + m.Name, new FuncType([InterfaceType.Empty, .. m.Sig.Params], m.Sig.Results, m.Sig.Variadic), fg => fg.EmitDispatcher(m));

    /// <summary>go.implements.I (type word) -> bool: the dynamic type implements I.</summary>
    internal int ImplementsFunc(InterfaceType it) =>
        LateFunc("impl." + Types.Key(it), "go.implements", new FuncType([Types.Int], [Types.Bool], false), fg => fg.EmitImplements(it));

    /// <summary>go.efaceeq (a, b interface{}) -> bool: Go's == on interface values (panics on uncomparable dynamic types).</summary>
    internal int EfaceEqFunc() =>
        LateFunc("efaceeq", "go.efaceeq", new FuncType([InterfaceType.Empty, InterfaceType.Empty], [Types.Bool], false), fg => fg.EmitEfaceEq());

    /// <summary>go.efacehash (k interface{}) -> uint: a hash consistent with efaceeq (maps).</summary>
    internal int EfaceHashFunc() =>
        LateFunc("efacehash", "go.efacehash", new FuncType([InterfaceType.Empty], [Types.Uint], false), fg => fg.EmitEfaceHash());

    /// <summary>go.eq.T (p, q *T) -> bool for a struct or array type.</summary>
    internal int TypeEqFunc(GoType t) =>
        LateFunc("eq." + Types.Key(t), "go.eq." + GoName(t), new FuncType([new PointerType(t), new PointerType(t)], [Types.Bool], false), fg => fg.EmitTypeEq(t));

    /// <summary>go.hash.T (p *T) -> uint for a struct or array type.</summary>
    internal int TypeHashFunc(GoType t) =>
        LateFunc("hash." + Types.Key(t), "go.hash." + GoName(t), new FuncType([new PointerType(t)], [Types.Uint], false), fg => fg.EmitTypeHash(t));

    /// <summary>The closure object of a bound method value: word 0 the wrapper, word 1 a pointer to the receiver.</summary>
    internal int BoundClosureType(FuncInfo wrapper, GoType recvPtr)
    {
        var def = new TypeDef { Name = wrapper.Name + ".closure", Kind = TypeKind.Closure, Sig = SigOf(wrapper.Type), Fields = [new FieldDef("R", TypeIdx(recvPtr), 8)], Size = 16, Align = 8 };
        M.Types.Add(def);
        return M.Types.Count - 1;
    }

    /// <summary>The distinct types converted to interfaces anywhere in the program.</summary>
    internal List<GoType> BoxedTypes() => Boxed.DistinctBy(Types.Key).ToList();

    /// <summary>The runtime's map object type (maprt.Map).</summary>
    internal GoType MapObjType => C.LibType("maprt", "Map");
    internal int MapFunc(string name) => C.LibFunc("maprt", name).Index;
}
