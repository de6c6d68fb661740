using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

/// <summary>A named entity: variable, constant, type, function, builtin, package or label.</summary>
public abstract class Obj(string name, Pos pos)
{
    public string Name { get; } = name;
    public Pos Pos { get; } = pos;
}

public sealed class VarObj(string name, Pos pos, GoType type) : Obj(name, pos)
{
    public GoType Type { get; set; } = type;
    public bool IsGlobal;
    public FuncInfo? Owner;
    public bool Used;
    /// <summary>Referenced from a function literal other than its owner.</summary>
    public bool Captured;
    /// <summary>Its address is taken (&amp;x, slicing an array variable).</summary>
    public bool AddrTaken;
    /// <summary>Must live on the heap: address taken, or captured by a closure that escapes.</summary>
    public bool Escapes;
    /// <summary>Index among the module globals (IsGlobal).</summary>
    public int Global = -1;
    public override string ToString() => Name;
}

public sealed class ConstObj(string name, Pos pos, GoType type, ConstVal val) : Obj(name, pos)
{
    public GoType Type { get; set; } = type;
    public ConstVal Val { get; set; } = val;
    public bool Used;
}

public sealed class TypeObj(string name, Pos pos, GoType type) : Obj(name, pos)
{
    public GoType Type { get; set; } = type;
}

public sealed class FuncObj(string name, Pos pos, FuncInfo fn) : Obj(name, pos)
{
    public FuncInfo Fn { get; } = fn;
}

public sealed class BuiltinObj(string name) : Obj(name, Pos.None) { }

public sealed class PkgObj(string name, Pos pos, string path) : Obj(name, pos)
{
    public string Path { get; } = path;
    public bool Used;
}

public sealed class NilObj() : Obj("nil", Pos.None) { }

public enum LitKind
{
    /// <summary>A top-level function, or a literal without captures: a static funcval (ldfn).</summary>
    Static,
    /// <summary>A literal only called in place or deferred outside every loop: closure object in the frame.</summary>
    Frame,
    /// <summary>Any other literal: closure object on the heap.</summary>
    Heap,
}

/// <summary>A function being compiled: a top-level function or a function literal.</summary>
public sealed class FuncInfo
{
    public string Name = "";
    public FuncType Type = null!;
    public FuncInfo? Parent;
    public List<VarObj> Params = [];
    public List<VarObj> Results = [];
    public bool NamedResults;
    public Block? Body;
    public Pos Pos;
    public int File;
    public LitKind Kind = LitKind.Static;
    public bool IsLiteral;
    /// <summary>Captured variables of enclosing functions, in order of first reference.</summary>
    public List<VarObj> Captures = [];
    public int LitCount;
    public bool HasDefer;
    public List<FuncLit> Lits = [];
    /// <summary>Module function index (set by the code generator).</summary>
    public int Index = -1;

    public int CaptureIndex(VarObj v)
    {
        int i = Captures.IndexOf(v);
        if (i < 0) { Captures.Add(v); i = Captures.Count - 1; }
        return i;
    }

    public override string ToString() => Name;
}

public enum Mode { NoValue, Value, Var, Const, Type, Builtin, Pkg, Nil }

/// <summary>What the checker knows about an expression.</summary>
public sealed class Operand
{
    public Mode Mode;
    public GoType Type = Types.Invalid;
    public ConstVal? Const;
    /// <summary>Receive or type assertion: may yield (v, ok) in a two-value assignment.</summary>
    public bool CommaOk;
    /// <summary>The expression was used in a two-value (v, ok) form.</summary>
    public bool TwoValue;
    public Obj? Obj;

    public static Operand Of(Mode m, GoType t, ConstVal? c = null) => new() { Mode = m, Type = t, Const = c };
}
