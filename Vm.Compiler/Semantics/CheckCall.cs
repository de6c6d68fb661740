using System.Numerics;
using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

public sealed partial class Checker
{
    /// <summary>Set by go/defer-in-loop statements: their function literal does not stay in the frame.</summary>
    CallExpr? _heapCall;

    Operand CallCheck(CallExpr c)
    {
        if (Unparen(c.Fun) is FuncLit fl && _heapCall != c) _litKindHint.Add(fl);
        _calleeSel = Unparen(c.Fun) as SelectorExpr;
        var f = Expr(c.Fun);
        switch (f.Mode)
        {
            case Mode.Type: return Conversion(c, f.Type);
            case Mode.Builtin: return BuiltinCall(c, ((BuiltinObj)f.Obj!).Name);
        }
        SingleValue(c.Fun, f);
        if (f.Type.Under is not FuncType ft) throw Err(c.Pos, $"invalid operation: cannot call non-function {DescribeExpr(c.Fun)}");
        CheckArgs(c, ft, ExprString.Of(c.Fun));
        if (ft.Results.Count == 0) return Operand.Of(Mode.NoValue, Types.NoValue);
        if (ft.Results.Count == 1) return Operand.Of(Mode.Value, ft.Results[0]);
        return Operand.Of(Mode.Value, new TupleType(ft.Results));
    }

    void CheckArgs(CallExpr c, FuncType ft, string name)
    {
        var pars = ft.Params;
        // f(g()) with a multi-value g
        if (c.Args.Count == 1 && !c.HasDots)
        {
            var x0 = Expr(c.Args[0], pars.Count > 0 ? pars[0] : null);
            if (x0.Type is TupleType tt)
            {
                var n = tt.Types.Count;
                if (ft.Variadic ? n < pars.Count - 1 : n != pars.Count) throw ArgCount(c, tt.Types.Select(t => t.ToString()).ToList(), ft, name, n > pars.Count);
                for (int i = 0; i < n; i++)
                {
                    var want = ft.Variadic && i >= pars.Count - 1 ? ((SliceType)pars[^1]).Elem : pars[i];
                    if (!AssignableTo(tt.Types[i], want)) throw Err(c.Args[0].Pos, $"cannot use {ExprString.Of(c.Args[0])} (value of type {tt}) as {want} value in argument to {name}");
                }
                return;
            }
        }
        var ops = new List<Operand>();
        for (int i = 0; i < c.Args.Count; i++)
        {
            GoType? hint = i < pars.Count ? (ft.Variadic && i >= pars.Count - 1 && !c.HasDots ? ((SliceType)pars[^1]).Elem : pars[i]) : null;
            var x = c.Args[i].Info != null && i == 0 && c.Args.Count == 1 && !c.HasDots ? c.Args[i].Info! : Expr(c.Args[i], hint);
            SingleValue(c.Args[i], x);
            ops.Add(x);
        }
        if (c.HasDots)
        {
            if (!ft.Variadic) throw Err(c.Args[^1].Pos, $"have (...) but function is not variadic: {name}".Replace("have (...) but function is not variadic: ", "cannot use ... in call to non-variadic "));
            if (c.Args.Count != pars.Count) throw ArgCount(c, ops.Select(o => TypeName(o)).ToList(), ft, name, c.Args.Count > pars.Count);
            for (int i = 0; i < c.Args.Count; i++) Assign(c.Args[i], pars[i], $"argument to {name}");
            return;
        }
        int fixedN = ft.Variadic ? pars.Count - 1 : pars.Count;
        if (c.Args.Count < fixedN || (!ft.Variadic && c.Args.Count > fixedN))
            throw ArgCount(c, ops.Select(o => TypeName(o)).ToList(), ft, name, c.Args.Count > fixedN);
        for (int i = 0; i < c.Args.Count; i++)
        {
            var want = i < fixedN ? pars[i] : ((SliceType)pars[^1]).Elem;
            Assign(c.Args[i], want, $"argument to {name}");
        }
    }

    static string TypeName(Operand o) => o.Mode == Mode.Const && Types.IsUntyped(o.Type) ? "number" : o.Mode == Mode.Nil ? "nil" : o.Type.ToString();

    CompileException ArgCount(CallExpr c, List<string> have, FuncType ft, string name, bool tooMany)
    {
        var want = "(" + string.Join(", ", ft.Params.Select((p, i) => ft.Variadic && i == ft.Params.Count - 1 ? "..." + ((SliceType)p).Elem : p.ToString())) + ")";
        var pos = tooMany ? c.Args[Math.Min(ft.Params.Count, c.Args.Count - 1)].Pos : c.Args.Count > 0 ? c.Args[^1].Pos : c.Rparen;
        return Err(pos, $"{(tooMany ? "too many" : "not enough")} arguments in call to {name}\n\thave ({string.Join(", ", have)})\n\twant {want}");
    }

    Operand Conversion(CallExpr c, GoType t)
    {
        if (c.Args.Count != 1)
            throw Err(c.Args.Count == 0 ? c.Rparen : c.Args[1].Pos, c.Args.Count == 0 ? $"missing argument in conversion to {t}" : $"too many arguments in conversion to {t}");
        if (c.HasDots) throw Err(c.Pos, $"invalid use of ... in conversion to {t}");
        var e = c.Args[0];
        var x = Expr(e, t);
        SingleValue(e, x);
        if (x.Mode == Mode.Const && t.Under is BasicType tb)
        {
            var cv = x.Const!.Value;
            // constant conversions
            if (Types.IsString(tb) && Types.IsInteger(x.Type) && cv.IsInt)
            {
                var r = cv.Int;
                string s = r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000) ? "\uFFFD" : char.ConvertFromUtf32((int)r);
                if (Types.IsUntyped(x.Type)) SetConstType(e, Types.Default(x.Type), cv);
                return Operand.Of(Mode.Const, t, new ConstVal(System.Text.Encoding.UTF8.GetBytes(s)));
            }
            if (Types.IsNumeric(tb) && Types.IsNumeric(x.Type))
            {
                // types2's constant conversion: the exact value must be representable in T (an integral
                // float converts to an integer type and is then printed as the integer; a float64 result is
                // rounded to nearest); the untyped operand takes type T
                ConstVal r;
                if (Types.IsInteger(tb))
                {
                    if (!cv.IsIntegral) throw Err(e.Pos, $"cannot convert {DescribeExpr(e)} to type {t}");
                    var iv = cv.ToInt;
                    if (!Types.Representable(iv, tb.Kind)) throw Err(e.Pos, $"cannot convert {DescribeExpr(e, iv.ToString())} to type {t}");
                    r = new ConstVal(iv);
                }
                else
                {
                    var d = cv.Float;
                    if (double.IsInfinity(d)) throw Err(e.Pos, $"cannot convert {DescribeExpr(e)} to type {t}");
                    r = new ConstVal(Rat.FromDouble(d));
                }
                if (Types.IsUntyped(x.Type)) SetConstType(e, t, r);
                return Operand.Of(Mode.Const, t, r);
            }
            if (Types.IsString(tb) && Types.IsString(x.Type) || Types.IsBoolean(tb) && Types.IsBoolean(x.Type))
            {
                ConvertUntyped(e, Types.Default(x.Type), null);
                return Operand.Of(Mode.Const, t, cv);
            }
        }
        if (!Convertible(x, t)) throw Err(e.Pos, $"cannot convert {DescribeExpr(e)} to type {t}");
        if (x.Mode == Mode.Nil) x.Type = t;
        else if (Types.IsUntyped(x.Type)) ConvertUntyped(e, Types.IsNumeric(t) && Types.IsNumeric(x.Type) ? t : Types.Default(x.Type), null);
        return Operand.Of(Mode.Value, t);
    }

    /// <summary>A constant's value for duplicate detection (types2's goVal): numbers as exact fractions
    /// (1 and 1.0 are equal), strings; null for bools, which Go does not compare.</summary>
    static object? ConstKey(ConstVal c) => c.V switch
    {
        System.Numerics.BigInteger or Rat => c.Rat,
        byte[] b => Convert.ToBase64String(b),
        _ => null,
    };

    /// <summary>An untyped constant operand of a conversion takes the conversion's type (through parentheses).</summary>
    static void SetConstType(Expr e, GoType t, ConstVal v)
    {
        for (var p = e; ; p = ((ParenExpr)p).X)
        {
            p.Info!.Type = t;
            p.Info.Const = v;
            if (p is not ParenExpr) break;
        }
    }

    bool Convertible(Operand x, GoType t)
    {
        var v = x.Type;
        if (x.Mode == Mode.Nil) return Types.IsNillable(t);
        if (AssignableTo(v, t)) return true;
        var vu = v.Under; var tu = t.Under;
        if (Types.Identical(vu, tu)) return true;
        if (vu is PointerType vp && tu is PointerType tp && Types.Identical(vp.Elem.Under, tp.Elem.Under)) return true;
        if (Types.IsNumeric(v) && Types.IsNumeric(t)) return true;
        if (Types.IsString(t) && (Types.IsInteger(v) || vu is SliceType { Elem.Under: BasicType { Kind: BasicKind.Uint8 } })) return true;
        if (Types.IsString(v) && tu is SliceType { Elem.Under: BasicType { Kind: BasicKind.Uint8 } }) return true;
        if ((Types.IsString(v) && tu is SliceType { Elem.Under: BasicType { Kind: BasicKind.Int32 } }) || (Types.IsString(t) && vu is SliceType { Elem.Under: BasicType { Kind: BasicKind.Int32 } }))
            return true;
        return false;
    }

    Operand BuiltinCall(CallExpr c, string name)
    {
        var args = c.Args;
        void Count(int min, int max)
        {
            if (args.Count < min) throw Err(c.Rparen, $"not enough arguments for {ExprString.Of(c)} (expected {min}, found {args.Count})");
            if (args.Count > max) throw Err(args[max].Pos, $"too many arguments for {ExprString.Of(c)} (expected {max}, found {args.Count})");
        }
        if (c.HasDots && name != "append") throw Err(c.Pos, $"invalid operation: invalid use of ... with built-in {name}");
        Operand Arg(int i, GoType? hint = null)
        {
            var x = Expr(args[i], hint);
            SingleValue(args[i], x);
            return x;
        }
        switch (name)
        {
            case "len" or "cap":
            {
                Count(1, 1);
                var x = Arg(0);
                var t = x.Type.Under;
                if (t is PointerType { Elem.Under: ArrayType pa }) t = pa;
                bool ok = t switch
                {
                    BasicType b => name == "len" && Types.IsString(b),
                    MapType => name == "len",
                    ArrayType or SliceType or ChanType => true,
                    _ => false,
                };
                if (!ok) throw Err(args[0].Pos, $"invalid argument: {DescribeExpr(args[0])} for {name}");
                if (x.Const is { } sc && sc.V is byte[] bytes) { ConvertUntyped(args[0], Types.String, null); return Operand.Of(Mode.Const, Types.Int, new ConstVal(new BigInteger(bytes.Length))); }
                if (t is ArrayType at && !ContainsCallOrRecv(args[0])) return Operand.Of(Mode.Const, Types.Int, new ConstVal(new BigInteger(at.Len)));
                if (Types.IsUntyped(x.Type)) ConvertUntyped(args[0], Types.String, null);
                return Operand.Of(Mode.Value, Types.Int);
            }
            case "append":
            {
                if (args.Count == 0) throw Err(c.Rparen, "not enough arguments for append() (expected 1, found 0)");
                var s = Arg(0);
                if (s.Mode == Mode.Nil) throw Err(args[0].Pos, "first argument to append must be a typed slice; found untyped nil");
                if (s.Type.Under is not SliceType st) throw Err(args[0].Pos, $"invalid argument: {DescribeExpr(args[0])} is not a slice");
                if (c.HasDots)
                {
                    if (args.Count != 2) throw Err(c.Pos, $"can only use ... with final argument in list");
                    var y = Arg(1, s.Type);
                    if (y.Mode == Mode.Nil) { y.Type = s.Type; return Operand.Of(Mode.Value, s.Type); }
                    if (Types.IsString(y.Type) && st.Elem.Under is BasicType { Kind: BasicKind.Uint8 })
                    {
                        ConvertUntyped(args[1], Types.String, null);
                        return Operand.Of(Mode.Value, s.Type);
                    }
                    Assign(args[1], new SliceType(st.Elem), "append");
                    return Operand.Of(Mode.Value, s.Type);
                }
                for (int i = 1; i < args.Count; i++)
                {
                    Arg(i, st.Elem);
                    Assign(args[i], st.Elem, "argument to append");
                }
                return Operand.Of(Mode.Value, s.Type);
            }
            case "copy":
            {
                Count(2, 2);
                var d = Arg(0);
                var s = Arg(1);
                if (d.Type.Under is not SliceType ds) throw Err(c.Pos, $"invalid argument: copy expects slice arguments; found {DescribeExpr(args[0])} and {DescribeExpr(args[1])}");
                if (Types.IsString(s.Type) && ds.Elem.Under is BasicType { Kind: BasicKind.Uint8 })
                {
                    ConvertUntyped(args[1], Types.String, null);
                    return Operand.Of(Mode.Value, Types.Int);
                }
                if (s.Type.Under is not SliceType ss) throw Err(c.Pos, $"invalid argument: copy expects slice arguments; found {DescribeExpr(args[0])} and {DescribeExpr(args[1])}");
                if (!Types.Identical(ds.Elem, ss.Elem)) throw Err(c.Pos, $"invalid argument: arguments to copy {DescribeExpr(args[0])} and {DescribeExpr(args[1])} have different element types {ds.Elem} and {ss.Elem}");
                return Operand.Of(Mode.Value, Types.Int);
            }
            case "make":
            {
                if (args.Count == 0) throw Err(c.Rparen, "not enough arguments for make() (expected 1, found 0)");
                var t = TypeOf(args[0]);
                args[0].Info = Operand.Of(Mode.Type, t);
                int min;
                switch (t.Under)
                {
                    case SliceType: min = 2; break;
                    case ChanType or MapType: min = 1; break;
                    default: throw Err(args[0].Pos, $"invalid argument: cannot make {ExprString.Of(args[0])}; type must be slice, map, or channel");
                }
                if (args.Count < min) throw Err(c.Pos, $"invalid operation: {ExprString.Of(c)} expects {min} or {min + 1} arguments; found {args.Count}");
                if (args.Count > 3 || (min == 1 && args.Count > 2)) throw Err(c.Pos, $"invalid operation: {ExprString.Of(c)} expects {min} or {min + 1} arguments; found {args.Count}");
                long? len = null;
                for (int i = 1; i < args.Count; i++)
                {
                    var v = CheckIndex(args[i], null, i == 1 ? "index" : "index");
                    if (i == 1) len = v;
                    else if (len is { } l && v is { } cp && l > cp) throw Err(args[1].Pos, $"invalid argument: length and capacity swapped");
                }
                return Operand.Of(Mode.Value, t);
            }
            case "new":
            {
                Count(1, 1);
                var t = TypeOf(args[0]);
                args[0].Info = Operand.Of(Mode.Type, t);
                return Operand.Of(Mode.Value, new PointerType(t));
            }
            case "panic":
            {
                Count(1, 1);
                var x = Arg(0, InterfaceType.Empty);
                Assign(args[0], InterfaceType.Empty, "argument to panic");
                return Operand.Of(Mode.NoValue, Types.NoValue);
            }
            case "print" or "println":
                if (args.Count == 1 && Expr(args[0]) is { Type: TupleType } multi)
                    return Operand.Of(Mode.NoValue, Types.NoValue); // println(f()) with a multi-value f
                for (int i = 0; i < args.Count; i++)
                {
                    var x = Arg(i);
                    if (x.Mode == Mode.Nil) throw Err(args[i].Pos, "use of untyped nil in argument to built-in " + name);
                    if (Types.IsUntyped(x.Type)) ConvertUntyped(args[i], Types.Default(x.Type), "argument to " + name);
                    if (x.Type.Under is StructType or ArrayType)
                        throw Err(args[i].Pos, $"illegal types for operand: {name}\n\t{x.Type}");
                }
                return Operand.Of(Mode.NoValue, Types.NoValue);
            case "delete":
            {
                Count(2, 2);
                var m = Arg(0);
                if (m.Type.Under is not MapType mt) throw Err(args[0].Pos, $"invalid argument: {DescribeExpr(args[0])} is not a map");
                Arg(1, mt.Key);
                Assign(args[1], mt.Key, "argument to delete");
                return Operand.Of(Mode.NoValue, Types.NoValue);
            }
            case "recover":
                Count(0, 0);
                return Operand.Of(Mode.Value, InterfaceType.Empty);
            case "close":
            {
                Count(1, 1);
                var x = Arg(0);
                if (x.Type.Under is not ChanType ct) throw Err(args[0].Pos, $"invalid operation: cannot close non-channel {DescribeExpr(args[0])}");
                if (ct.Dir == ChanDir.Recv) throw Err(args[0].Pos, $"invalid operation: cannot close receive-only channel {DescribeExpr(args[0])}");
                return Operand.Of(Mode.NoValue, Types.NoValue);
            }
            case "runtime.GC" or "runtime.Gosched":
                Count(0, 0);
                return Operand.Of(Mode.NoValue, Types.NoValue);
            case "runtime.NumGoroutine":
                Count(0, 0);
                return Operand.Of(Mode.Value, Types.Int);
            case "runtime.GOMAXPROCS":
                Count(1, 1);
                Arg(0, Types.Int);
                Assign(args[0], Types.Int, "argument to runtime.GOMAXPROCS");
                return Operand.Of(Mode.Value, Types.Int);
            case "testing.Short" or "testing.Verbose":
                Count(0, 0);
                return Operand.Of(Mode.Value, Types.Bool);
            case "os.Exit":
                Count(1, 1);
                Arg(0, Types.Int);
                Assign(args[0], Types.Int, "argument to os.Exit");
                return Operand.Of(Mode.NoValue, Types.NoValue);
            default:
                throw Err(c.Fun.Pos, $"unsupported: builtin {name}");
        }
    }

    static bool ContainsCallOrRecv(Expr e) => e switch
    {
        CallExpr => true,
        UnaryExpr { Op: T.Arrow } => true,
        ParenExpr p => ContainsCallOrRecv(p.X),
        SelectorExpr s => ContainsCallOrRecv(s.X),
        IndexExpr i => ContainsCallOrRecv(i.X) || ContainsCallOrRecv(i.Index),
        StarExpr s => ContainsCallOrRecv(s.X),
        UnaryExpr u => ContainsCallOrRecv(u.X),
        BinaryExpr b => ContainsCallOrRecv(b.X) || ContainsCallOrRecv(b.Y),
        _ => false,
    };

    // ------------------------------------------------------------------ composite literals

    Operand CompositeExpr(CompositeLit cl, GoType? hint)
    {
        GoType t;
        if (cl.TypeExpr == null)
        {
            if (hint == null) throw Err(cl.Pos, "invalid composite literal type: missing type");
            t = hint;
        }
        else if (cl.TypeExpr is ArrayTypeExpr { Dots: true } ad)
        {
            var elem = TypeOf(ad.Elem);
            long n = 0, idx = 0;
            foreach (var e in cl.Elts)
            {
                if (e is KeyValue kv) { idx = CheckIndex(kv.Key, null, "index") ?? throw Err(kv.Colon, $"index {ExprString.Of(kv.Key)} must be integer constant"); }
                idx++;
                n = Math.Max(n, idx);
            }
            t = new ArrayType(n, elem);
        }
        else t = TypeOf(cl.TypeExpr);
        if (cl.TypeExpr != null) cl.TypeExpr.Info = Operand.Of(Mode.Type, t);
        var u = t.Under;
        if (u is PointerType pt && cl.TypeExpr == null) { u = pt.Elem.Under; t = pt.Elem; cl.Info = null; _elidedPtr.Add(cl); }
        switch (u)
        {
            case StructType st:
            {
                if (cl.Elts.Count == 0) break;
                if (cl.Elts[0] is KeyValue)
                {
                    var seen = new HashSet<string>();
                    foreach (var e in cl.Elts)
                    {
                        if (e is not KeyValue kv) throw Err(e.Pos, "mixture of field:value and value elements in struct literal");
                        if (kv.Key is not Ident fid) throw Err(kv.Key.Pos, $"invalid field name {ExprString.Of(kv.Key)} in struct literal");
                        int fi = st.Fields.FindIndex(f => f.Name == fid.Name);
                        if (fi < 0) throw Err(fid.Pos, $"unknown field {fid.Name} in struct literal of type {t}");
                        if (!seen.Add(fid.Name)) throw Err(fid.Pos, $"duplicate field name {fid.Name} in struct literal");
                        kv.Key.Info = Operand.Of(Mode.Value, Types.Int, new ConstVal(new BigInteger(fi)));
                        Elem(kv.Value, st.Fields[fi].Type, "struct literal");
                    }
                }
                else
                {
                    for (int i = 0; i < cl.Elts.Count; i++)
                    {
                        if (cl.Elts[i] is KeyValue) throw Err(cl.Elts[i].Pos, "mixture of field:value and value elements in struct literal");
                        if (i >= st.Fields.Count) throw Err(cl.Elts[i].Pos, $"too many values in struct literal of type {t}");
                        Elem(cl.Elts[i], st.Fields[i].Type, "struct literal");
                    }
                    if (cl.Elts.Count < st.Fields.Count) throw Err(cl.Rbrace, $"too few values in struct literal of type {t}");
                }
                break;
            }
            case ArrayType at: IndexedElts(cl, at.Elem, at.Len, "array or slice literal"); break;
            case MapType mt:
            {
                var seenKeys = new HashSet<(object, string)>();
                foreach (var e in cl.Elts)
                {
                    if (e is not KeyValue kv) throw Err(e.Pos, "missing key in map literal");
                    Elem(kv.Key, mt.Key, "map literal");
                    // types2: a constant key equal to an earlier one (of an identical type, for interface keys)
                    if (kv.Key.Info is { Mode: Mode.Const } ki && ConstKey(ki.Const!.Value) is { } key
                        && !seenKeys.Add((key, mt.Key.Under is InterfaceType ? Types.Key(ki.Type) : "")))
                        throw Err(kv.Key.Pos, $"duplicate key {ExprString.Const(ki.Const!.Value, ki.Type)} in map literal");
                    Elem(kv.Value, mt.Value, "map literal");
                }
                break;
            }
            case SliceType sl: IndexedElts(cl, sl.Elem, null, "array or slice literal"); break;
            default: throw Err(cl.Pos, $"invalid composite literal type {t}");
        }
        return Operand.Of(Mode.Value, t);
    }

    /// <summary>Composite literals whose elided type was a pointer (&amp;T{...} written as {...}).</summary>
    public readonly HashSet<CompositeLit> _elidedPtr = [];

    void IndexedElts(CompositeLit cl, GoType elem, long? len, string ctx)
    {
        long idx = 0;
        var seen = new HashSet<long>();
        foreach (var e in cl.Elts)
        {
            var v = e;
            if (e is KeyValue kv)
            {
                var i = CheckIndex(kv.Key, len, "index") ?? throw Err(kv.Colon, $"index {ExprString.Of(kv.Key)} must be integer constant");
                idx = i;
                v = kv.Value;
            }
            else if (len is { } n && idx >= n) throw Err(e.Pos, $"index {idx} is out of bounds (>= {n})".Replace($"index {idx} is out of bounds (>= {n})", $"array index {idx} out of bounds [0:{n}]"));
            if (!seen.Add(idx)) throw Err(e.Pos, $"duplicate index {idx} in array or slice literal");
            Elem(v, elem, ctx);
            idx++;
        }
    }

    void Elem(Expr e, GoType t, string ctx)
    {
        var x = Expr(e, t);
        if (e is CompositeLit cl && _elidedPtr.Contains(cl)) { x.Type = t; e.Info = x; return; }
        SingleValue(e, x);
        Assign(e, t, ctx);
    }
}
