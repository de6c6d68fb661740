using System.Numerics;
using System.Text;
using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

public sealed class Scope(Scope? parent, FuncInfo? fn)
{
    public Scope? Parent { get; } = parent;
    public FuncInfo? Fn { get; } = fn;
    public readonly Dictionary<string, Obj> Names = [];
    /// <summary>Variables declared here, in order (for the unused check).</summary>
    public readonly List<VarObj> Vars = [];
    /// <summary>A package block (package-level declarations).</summary>
    public bool IsPkg;

    public Obj? Lookup(string name)
    {
        for (var s = this; s != null; s = s.Parent)
            if (s.Names.TryGetValue(name, out var o)) return o;
        return null;
    }

    public Obj? LookupLocal(string name) => Names.TryGetValue(name, out var o) ? o : null;

    public static Scope Universe()
    {
        var u = new Scope(null, null);
        void Ty(BasicType t) => u.Names[t.Name] = new TypeObj(t.Name, Pos.None, t);
        foreach (var t in new[] { Types.Bool, Types.Int, Types.Int8, Types.Int16, Types.Int32, Types.Int64, Types.Uint, Types.Uint8,
                     Types.Uint16, Types.Uint32, Types.Uint64, Types.Uintptr, Types.Float64, Types.String, Types.Byte, Types.Rune })
            Ty(t);
        u.Names["true"] = new ConstObj("true", Pos.None, Types.UntypedBool, new ConstVal(true));
        u.Names["false"] = new ConstObj("false", Pos.None, Types.UntypedBool, new ConstVal(false));
        u.Names["iota"] = new ConstObj("iota", Pos.None, Types.UntypedInt, new ConstVal(BigInteger.Zero));
        u.Names["nil"] = new NilObj();
        foreach (var b in new[] { "append", "cap", "close", "copy", "len", "make", "new", "panic", "print", "println", "recover",
                     "delete", "complex", "real", "imag" })
            u.Names[b] = new BuiltinObj(b);
        foreach (var t in new[] { "float32", "complex64", "complex128" })
            u.Names[t] = new BuiltinObj("type:" + t);
        u.Names["error"] = new TypeObj("error", Pos.None, Types.Error);
        u.Names["any"] = new TypeObj("any", Pos.None, InterfaceType.Empty);
        return u;
    }
}

/// <summary>Renders expressions as Go's error messages quote them.</summary>
public static class ExprString
{
    public static string Of(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case Ident id: sb.Append(id.Name); break;
            case BasicLit b: sb.Append(b.Tok.Text); break;
            case ParenExpr p: sb.Append('('); Write(sb, p.X); sb.Append(')'); break;
            case SelectorExpr s: Write(sb, s.X); sb.Append('.').Append(s.Sel.Name); break;
            case IndexExpr ix: Write(sb, ix.X); sb.Append('['); Write(sb, ix.Index); sb.Append(']'); break;
            case SliceExpr sl:
                Write(sb, sl.X); sb.Append('[');
                if (sl.Lo != null) Write(sb, sl.Lo);
                sb.Append(':');
                if (sl.Hi != null) Write(sb, sl.Hi);
                if (sl.Full) { sb.Append(':'); if (sl.Max != null) Write(sb, sl.Max); }
                sb.Append(']');
                break;
            case TypeAssertExpr ta: Write(sb, ta.X); sb.Append(".("); if (ta.TypeExpr != null) Write(sb, ta.TypeExpr); else sb.Append("type"); sb.Append(')'); break;
            case CallExpr c:
                Write(sb, c.Fun); sb.Append('(');
                for (int i = 0; i < c.Args.Count; i++) { if (i > 0) sb.Append(", "); Write(sb, c.Args[i]); }
                if (c.HasDots) sb.Append("...");
                sb.Append(')');
                break;
            case StarExpr st: sb.Append('*'); Write(sb, st.X); break;
            case UnaryExpr u: sb.Append(Lexer.Spell(u.Op)); Write(sb, u.X); break;
            case BinaryExpr bi: Write(sb, bi.X); sb.Append(' ').Append(Lexer.Spell(bi.Op)).Append(' '); Write(sb, bi.Y); break;
            case FuncLit: sb.Append("(func() literal)"); break;
            case CompositeLit cl: if (cl.TypeExpr != null) Write(sb, cl.TypeExpr); sb.Append(cl.Elts.Count == 0 ? "{}" : "{…}"); break;
            case KeyValue kv: Write(sb, kv.Key); sb.Append(": "); Write(sb, kv.Value); break;
            case ArrayTypeExpr a:
                sb.Append('[');
                if (a.Dots) sb.Append("...");
                else if (a.Len != null) Write(sb, a.Len);
                sb.Append(']');
                Write(sb, a.Elem);
                break;
            case StructTypeExpr: sb.Append("struct{…}"); break;
            case FuncTypeExpr: sb.Append("func(…)"); break;
            case InterfaceTypeExpr it: sb.Append(it.Methods.Count == 0 && it.Embeds.Count == 0 ? "interface{}" : "interface{…}"); break;
            case ChanTypeExpr ch: sb.Append(ch.Dir switch { ChanDir.Send => "chan<- ", ChanDir.Recv => "<-chan ", _ => "chan " }); Write(sb, ch.Elem); break;
            case MapTypeExpr m: sb.Append("map["); Write(sb, m.Key); sb.Append(']'); Write(sb, m.Value); break;
            default: sb.Append('?'); break;
        }
    }

    public static string Const(ConstVal c, GoType t)
    {
        return c.V switch
        {
            BigInteger i => i.ToString(),
            Rat r => r.GoString(),
            bool b => b ? "true" : "false",
            byte[] s => Quote(s),
            _ => "?",
        };
    }

    public static string Quote(byte[] s)
    {
        var sb = new StringBuilder("\"");
        foreach (var r in Encoding.UTF8.GetString(s))
        {
            switch (r)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(r); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
