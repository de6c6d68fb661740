using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

/// <summary>What a selector x.name denotes: a field (path of field indices) or a method (the path leads to
/// the embedded field that is the receiver).</summary>
public sealed record Member(List<int> Path, GoType? FieldType, MethodInfo? Method, IMethod? IMethod, GoType RecvType, bool Indirect);

// Methods, method sets and interface satisfaction (docs/compiler.md "Methods and interfaces").
public sealed partial class Checker
{
    public static string PkgName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Go's selector rule: the shallowest field or method named <paramref name="name"/> reachable
    /// through embedded fields of t (t itself, or what t points to); null if none; an error if ambiguous.</summary>
    public Member? LookupMember(GoType t, string name, out bool ambiguous)
    {
        ambiguous = false;
        bool indirect = false;
        if (t is not NamedType && t.Under is PointerType p0) { t = p0.Elem; indirect = true; }
        else if (t is NamedType { Underlying: PointerType }) return null;
        var level = new List<(GoType t, List<int> path, bool ind)> { (t, [], indirect) };
        var seen = new HashSet<GoType>();
        while (level.Count > 0)
        {
            Member? found = null;
            int count = 0;
            var next = new List<(GoType, List<int>, bool)>();
            foreach (var (ty, path, ind) in level)
            {
                if (ty is NamedType nt0 && !seen.Add(nt0)) continue;
                if (ty is NamedType nt && nt.FindMethod(name) is { } m) { found = new Member(path, null, m, null, ty, ind); count++; }
                switch (ty.Under)
                {
                    case StructType st:
                        for (int i = 0; i < st.Fields.Count; i++)
                        {
                            var f = st.Fields[i];
                            if (f.Name == name) { found = new Member([.. path, i], f.Type, null, null, ty, ind); count++; }
                            if (f.Embedded)
                            {
                                var ft = f.Type;
                                bool fi = ind;
                                if (ft.Under is PointerType fp && ft is not NamedType) { ft = fp.Elem; fi = true; }
                                next.Add((ft, [.. path, i], fi));
                            }
                        }
                        break;
                    case InterfaceType it when it.Find(name) is { } im:
                        found = new Member(path, null, null, im, ty, ind);
                        count++;
                        break;
                }
            }
            if (count > 1) { ambiguous = true; return null; }
            if (found != null) return found;
            level = next;
        }
        return null;
    }

    /// <summary>Why v does not implement it (Go 1.19's parenthesised reason), or null if it does.</summary>
    public string? MissingMethod(GoType v, InterfaceType it)
    {
        if (it.Methods.Count == 0) return null;
        if (v.Under is InterfaceType vi)
        {
            foreach (var m in it.Methods)
            {
                var have = vi.Find(m.Name);
                if (have == null) return $"(missing {m.Name} method)";
                if (!Types.Identical(have.Sig, m.Sig)) return $"(wrong type for {m.Name} method)\n\t\thave {m.Name}{have.Sig.ToString()[4..]}\n\t\twant {m.Name}{m.Sig.ToString()[4..]}";
            }
            return null;
        }
        foreach (var m in it.Methods)
        {
            var mem = LookupMember(v, m.Name, out _);
            FuncType? sig = mem?.Method?.Sig ?? mem?.IMethod?.Sig;
            if (mem == null || sig == null) return $"(missing {m.Name} method)";
            if (!Types.Identical(sig, m.Sig)) return $"(wrong type for {m.Name} method)\n\t\thave {m.Name}{sig.ToString()[4..]}\n\t\twant {m.Name}{m.Sig.ToString()[4..]}";
            if (mem.Method is { PtrRecv: true } && !InMethodSet(v, mem)) return $"({m.Name} method has pointer receiver)";
        }
        return null;
    }

    /// <summary>A pointer method is in the method set of v when v is a pointer or the path to the receiver goes through an embedded pointer.</summary>
    static bool InMethodSet(GoType v, Member mem) => mem.Method is not { PtrRecv: true } || mem.Indirect;

    /// <summary>x.M for a method (x a value) or T.M / (*T).M for a method expression.</summary>
    Operand? MethodSelector(SelectorExpr s, Operand x)
    {
        var name = s.Sel.Name;
        if (x.Mode == Mode.Type)
        {
            var mem0 = LookupMember(x.Type, name, out _);
            if (mem0 == null || mem0.FieldType != null) throw Err(s.Sel.Pos, $"{ExprString.Of(s)} undefined (type {x.Type} has no method {name})");
            if (mem0.IMethod != null)
            {
                s.IfaceMethod = mem0.IMethod; s.Path = mem0.Path; s.RecvType = mem0.RecvType; s.MethodExpr = true;
                return Operand.Of(Mode.Value, new FuncType([x.Type, .. mem0.IMethod.Sig.Params], mem0.IMethod.Sig.Results, mem0.IMethod.Sig.Variadic));
            }
            var mi = mem0.Method!;
            if (mi.PtrRecv && !mem0.Indirect) throw Err(s.Sel.Pos, $"invalid method expression {ExprString.Of(s)} (needs pointer receiver (*{x.Type}).{name})");
            s.Method = mi; s.Path = mem0.Path; s.RecvType = mem0.RecvType; s.MethodExpr = true;
            return Operand.Of(Mode.Value, new FuncType([x.Type, .. mi.Sig.Params], mi.Sig.Results, mi.Sig.Variadic));
        }
        var mem = LookupMember(x.Type, name, out bool amb);
        if (amb) throw Err(s.Sel.Pos, $"ambiguous selector {ExprString.Of(s)}");
        if (mem == null) return null;
        if (mem.FieldType != null) return null; // a field: the caller's path
        s.Path = mem.Path;
        s.RecvType = mem.RecvType;
        if (mem.IMethod != null)
        {
            s.IfaceMethod = mem.IMethod;
            return Operand.Of(Mode.Value, mem.IMethod.Sig);
        }
        var m = mem.Method!;
        s.Method = m;
        if (m.PtrRecv && !mem.Indirect)
        {
            if (x.Mode != Mode.Var) throw Err(s.Pos, $"cannot call pointer method {name} on {x.Type}");
            MarkAddrTaken(s.X);
        }
        return Operand.Of(Mode.Value, m.Sig);
    }
}
