using System.Numerics;
using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

public sealed partial class Checker
{
    // ------------------------------------------------------------------ types

    public GoType TypeOf(Expr e, bool allowIncomplete = false)
    {
        switch (e)
        {
            case Ident id:
            {
                var o = _scope.Lookup(id.Name) ?? throw Err(id.Pos, $"undefined: {id.Name}");
                id.Ref = o;
                if (o is BuiltinObj b && b.Name.StartsWith("type:")) throw Err(id.Pos, $"unsupported: type {b.Name[5..]}");
                if (o is not TypeObj t) throw Err(id.Pos, $"{id.Name} is not a type");
                Resolve(t);
                if (t.Type == Types.Invalid && !allowIncomplete) throw Err(id.Pos, $"invalid recursive type {id.Name}");
                e.Info = Operand.Of(Mode.Type, t.Type);
                return t.Type;
            }
            case ParenExpr p: return TypeOf(p.X, allowIncomplete);
            case SelectorExpr s when s.X is Ident pk && _scope.Lookup(pk.Name) is PkgObj po:
                if (po.Path == "testing" && s.Sel.Name is "T" or "B")
                {
                    po.Used = true;
                    pk.Ref = po;
                    var tt = TestingType(s.Sel.Name);
                    e.Info = Operand.Of(Mode.Type, tt);
                    return tt;
                }
                if (LibPackages.Contains(po.Path))
                {
                    po.Used = true;
                    pk.Ref = po;
                    var lo = LibObj(PkgName(po.Path), s.Sel.Name);
                    if (lo == null || !char.IsUpper(s.Sel.Name[0])) throw Err(s.Sel.Pos, lo == null ? $"unsupported: type {ExprString.Of(s)}" : $"{ExprString.Of(s)} not exported by package {PkgName(po.Path)}");
                    if (lo is not TypeObj lt) throw Err(s.Pos, $"{ExprString.Of(s)} is not a type");
                    Resolve(lt);
                    e.Info = Operand.Of(Mode.Type, lt.Type);
                    return lt.Type;
                }
                if (po.Path == "runtime" && s.Sel.Name == "Error")
                {
                    po.Used = true;
                    pk.Ref = po;
                    e.Info = Operand.Of(Mode.Type, Types.RuntimeError);
                    return Types.RuntimeError;
                }
                throw Err(s.Pos, $"unsupported: type {ExprString.Of(s)}");
            case StarExpr st: return new PointerType(TypeOf(st.X, true));
            case ArrayTypeExpr a:
            {
                if (a.Len == null && !a.Dots) return new SliceType(TypeOf(a.Elem, allowIncomplete));
                if (a.Dots) throw Err(a.Pos, "invalid use of [...] array (outside a composite literal)");
                var n = Expr(a.Len!);
                if (n.Mode != Mode.Const || !n.Const!.Value.IsIntegral)
                    throw Err(a.Len!.Pos, n.Mode == Mode.Const ? $"array length {ExprString.Of(a.Len!)} ({Describe(n)}) must be integer" : $"array length {ExprString.Of(a.Len!)} ({Describe(n)}) must be constant");
                var len = n.Const!.Value.ToInt;
                if (len < 0) throw Err(a.Len!.Pos, $"invalid array length {ExprString.Of(a.Len!)} ({Describe(n)})");
                if (len > (1L << 40)) throw Err(a.Len!.Pos, $"array length {ExprString.Of(a.Len!)} ({Describe(n)}) must be integer");
                var arr = new ArrayType((long)len, TypeOf(a.Elem, allowIncomplete));
                if (KnownSize(arr) > Vm.Core.Modules.TypeLayout.MaxSize)
                    throw Err(a.Pos, $"unsupported: type {arr} is larger than {Vm.Core.Modules.TypeLayout.MaxSize} bytes (govm's limit for one object)");
                return arr;
            }
            case StructTypeExpr st:
            {
                var fields = new List<Field>();
                var names = new HashSet<string>();
                foreach (var f in st.Fields)
                {
                    var ft = TypeOf(f.Type, allowIncomplete);
                    if (f.Embedded)
                    {
                        var nm = Unparen(f.Type) is StarExpr se ? ExprString.Of(se.X) : ExprString.Of(f.Type);
                        if (!names.Add(nm)) throw Err(f.Pos, $"{nm} redeclared");
                        fields.Add(new Field(nm, ft, true));
                    }
                    foreach (var n in f.Names)
                    {
                        if (n.Name != "_" && !names.Add(n.Name)) throw Err(n.Pos, $"{n.Name} redeclared");
                        fields.Add(new Field(n.Name, ft, false));
                    }
                }
                return new StructType(fields);
            }
            case FuncTypeExpr ft: return FuncTypeOf(ft);
            case InterfaceTypeExpr it:
            {
                if (it.Methods.Count == 0 && it.Embeds.Count == 0) return InterfaceType.Empty;
                var r = new InterfaceType();
                foreach (var (name, sig) in it.Methods)
                {
                    if (r.Find(name.Name) != null) throw Err(name.Pos, $"duplicate method {name.Name}");
                    r.Methods.Add(new IMethod(name.Name, FuncTypeOf(sig)));
                }
                foreach (var emb in it.Embeds)
                {
                    var et = TypeOf(emb, allowIncomplete);
                    if (et is NamedType { Underlying: null }) throw Err(emb.Pos, $"invalid recursive type {ExprString.Of(emb)}");
                    if (et.Under is not InterfaceType ei) throw Err(emb.Pos, $"cannot use {ExprString.Of(emb)} as interface");
                    foreach (var m in ei.Methods)
                    {
                        if (r.Find(m.Name) is { } dup) { if (!Types.Identical(dup.Sig, m.Sig)) throw Err(emb.Pos, $"duplicate method {m.Name}"); continue; }
                        r.Methods.Add(m);
                    }
                }
                r.Methods.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                return r;
            }
            case ChanTypeExpr ct: return new ChanType(ct.Dir, TypeOf(ct.Elem, allowIncomplete));
            case MapTypeExpr m:
            {
                var kt = TypeOf(m.Key, allowIncomplete);
                var vt = TypeOf(m.Value, allowIncomplete);
                if (kt is not NamedType { Underlying: null } && !Types.Comparable(kt)) throw Err(m.Key.Pos, $"invalid map key type {kt}");
                return new MapType(kt, vt);
            }
            default:
                throw Err(e.Pos, $"{ExprString.Of(e)} is not a type");
        }
    }

    /// <summary>The size of a type as Gen.CodeGen.Layout computes it, saturating at long.MaxValue / 4
    /// instead of overflowing; 0 while a named type in it is still incomplete (the array is checked again
    /// where that type is complete).</summary>
    static long KnownSize(GoType t) => KnownLayout(t).size;

    static (long size, int align) KnownLayout(GoType t)
    {
        const long Sat = long.MaxValue / 4;
        if (t is NamedType { Underlying: null }) return (0, 1);
        switch (t.Under)
        {
            case ArrayType a:
            {
                var (e, ea) = KnownLayout(a.Elem);
                return (e != 0 && a.Len > Sat / e ? Sat : e * a.Len, ea);
            }
            case StructType st:
            {
                long off = 0;
                int align = 1;
                foreach (var f in st.Fields)
                {
                    var (fs, fa) = KnownLayout(f.Type);
                    off = Math.Min(Sat, Vm.Core.Modules.TypeLayout.AlignUp(off, fa) + fs);
                    align = Math.Max(align, fa);
                }
                return (Vm.Core.Modules.TypeLayout.AlignUp(off, align), align);
            }
            case BasicType or PointerType or FuncType or ChanType or MapType or SliceType or InterfaceType:
                return Gen.CodeGen.Layout(t);
            default: return (0, 1);
        }
    }

    FuncType FuncTypeOf(FuncTypeExpr ft)
    {
        var ps = new List<GoType>();
        foreach (var f in ft.Params)
        {
            var t = TypeOf(f.Type, true);
            if (f.Embedded) t = new SliceType(t); // ...T
            for (int i = 0; i < Math.Max(1, f.Names.Count); i++) ps.Add(t);
        }
        var rs = new List<GoType>();
        foreach (var f in ft.Results)
        {
            var t = TypeOf(f.Type, true);
            for (int i = 0; i < Math.Max(1, f.Names.Count); i++) rs.Add(t);
        }
        return new FuncType(ps, rs, ft.Variadic);
    }

    // ------------------------------------------------------------------ operands

    public string Describe(Operand x)
    {
        switch (x.Mode)
        {
            case Mode.NoValue: return "no value";
            case Mode.Builtin: return "built-in";
            case Mode.Type: return "type";
            case Mode.Nil: return "untyped nil";
            case Mode.Const:
                if (Types.IsUntyped(x.Type)) return $"{x.Type} constant";
                return $"constant {ExprString.Const(x.Const!.Value, x.Type)} of type {x.Type}";
            case Mode.Var: return $"variable of type {x.Type}";
            default: return $"value of type {x.Type}";
        }
    }

    /// <summary>Go's operand string: <c>expr (untyped int constant 300)</c>, <c>x (variable of type T)</c>;
    /// <paramref name="value"/> replaces the constant's printed value (Go prints an integral float converted
    /// to an integer type as the integer).</summary>
    string DescribeExpr(Expr e, string? value = null)
    {
        var x = e.Info!;
        var s = ExprString.Of(e);
        if (x.Mode == Mode.Nil) return "nil";
        if (x.Mode == Mode.Const)
        {
            var v = value ?? ExprString.Const(x.Const!.Value, x.Type);
            if (Types.IsUntyped(x.Type)) return v == s ? $"{s} ({x.Type} constant)" : $"{s} ({x.Type} constant {v})";
            return v == s ? $"{s} (constant of type {x.Type})" : $"{s} (constant {v} of type {x.Type})";
        }
        return $"{s} ({Describe(x)})";
    }

    /// <summary>One target, one call returning several values: Go's "assignment mismatch" wording.</summary>
    void SingleTarget(Expr e, Operand x, Pos lhsPos)
    {
        if (x.Type is TupleType tt && Unparen(e) is CallExpr c)
            throw Err(e.Pos, $"assignment mismatch: 1 variable but {ExprString.Of(c.Fun)} returns {tt.Types.Count} values");
    }

    void SingleValue(Expr e, Operand x)
    {
        if (x.Mode == Mode.NoValue) throw Err(e.Pos, $"{ExprString.Of(e)} (no value) used as value");
        if (x.Type is TupleType tt) throw Err(e.Pos, $"multiple-value {ExprString.Of(e)} (value of type {tt}) in single-value context");
        if (x.Mode == Mode.Type) throw Err(e.Pos, $"{ExprString.Of(e)} (type) is not an expression");
        if (x.Mode == Mode.Builtin) throw Err(e.Pos, $"{ExprString.Of(e)} (built-in) must be called");
        if (x.Mode == Mode.Pkg) throw Err(e.Pos, $"use of package {ExprString.Of(e)} without selector");
    }

    public bool AssignableTo(GoType v, GoType t)
    {
        if (Types.Identical(v, t)) return true;
        if (v == Types.Invalid || t == Types.Invalid) return true;
        if (Types.IsUntyped(v))
        {
            if (Types.IsNil(v)) return Types.IsNillable(t);
            if (t.Under is InterfaceType) return true;
            if (t.Under is not BasicType tb) return false;
            return Types.Kind(v) switch
            {
                BasicKind.UntypedBool => Types.IsBoolean(tb),
                BasicKind.UntypedString => Types.IsString(tb),
                BasicKind.UntypedInt or BasicKind.UntypedRune or BasicKind.UntypedFloat => Types.IsNumeric(tb),
                _ => false,
            };
        }
        if (t.Under is InterfaceType it) return v is not TupleType && MissingMethod(v, it) == null;
        if (Types.Identical(v.Under, t.Under) && (v is not NamedType || t is not NamedType) && v.Under is not BasicType) return true;
        if (v.Under is ChanType vc && t.Under is ChanType tc && vc.Dir == ChanDir.Both && Types.Identical(vc.Elem, tc.Elem) && (v is not NamedType || t is not NamedType)) return true;
        return false;
    }

    /// <summary>Checks that e (already checked) can be assigned to <paramref name="target"/> and fixes untyped operands.</summary>
    void Assign(Expr e, GoType target, string ctx)
    {
        var x = e.Info!;
        if (target == Types.Invalid) return;
        if (x.Mode == Mode.Nil)
        {
            if (!Types.IsNillable(target)) throw Err(e.Pos, $"cannot use nil as {target} value in {ctx}");
            x.Type = target;
            return;
        }
        if (Types.IsUntyped(x.Type))
        {
            if (target.Under is InterfaceType) { ConvertUntyped(e, Types.Default(x.Type), ctx); return; }
            if (!AssignableTo(x.Type, target)) throw Err(e.Pos, $"cannot use {DescribeExpr(e)} as {target} value in {ctx}");
            ConvertUntyped(e, target, ctx);
            return;
        }
        if (!AssignableTo(x.Type, target))
        {
            if (target.Under is InterfaceType ti && x.Type is not TupleType && MissingMethod(x.Type, ti) is { } why)
                throw Err(e.Pos, $"cannot use {DescribeExpr(e)} as type {target} in {ctx}:\n\t{x.Type} does not implement {target} {why}");
            throw Err(e.Pos, $"cannot use {DescribeExpr(e)} as type {target} in {ctx}"); // Go 1.19's wording for typed operands
        }
    }

    /// <summary>Gives an untyped operand its final type, checking that a constant is representable.</summary>
    void ConvertUntyped(Expr e, GoType target, string? ctx)
    {
        var x = e.Info!;
        if (!Types.IsUntyped(x.Type)) return;
        if (x.Const is { } c)
        {
            var nv = Represent(e, c, target, ctx);
            x.Const = nv;
            x.Type = target;
            return;
        }
        x.Type = target;
        switch (e)
        {
            case ParenExpr p: ConvertUntyped(p.X, target, ctx); break;
            case UnaryExpr u: ConvertUntyped(u.X, target, ctx); break;
            case BinaryExpr { Op: T.Shl or T.Shr } b:
                // the untyped constant left operand of a non-constant shift takes the type the context
                // gives the shift (Go spec, Operators/shifts): that type must be an integer type
                if (!Types.IsUntyped(target) && !Types.IsInteger(target))
                    throw Err(e.Pos, $"invalid operation: {ExprString.Of(e)} (shift of type {target})");
                ConvertUntyped(b.X, target, ctx);
                break;
            case BinaryExpr b when !IsComparison(b.Op):
                ConvertUntyped(b.X, target, ctx);
                ConvertUntyped(b.Y, target, ctx);
                break;
        }
    }

    /// <summary>The value of constant c as a value of type <paramref name="target"/> (types2's
    /// representableConst): integers must fit, floats are rounded to float64 and must not overflow, an
    /// untyped float becomes an integer only when integral. Errors use Go 1.19's wording.</summary>
    ConstVal Represent(Expr e, ConstVal c, GoType target, string? ctx)
    {
        if (target.Under is InterfaceType) return c;
        var k = Types.Kind(target);
        string Fail(string why) => ctx != null
            ? $"cannot use {DescribeExpr(e)} as {target} value in {ctx} ({why})"
            : why == "truncated" ? $"{DescribeExpr(e)} truncated to {target}" : $"{DescribeExpr(e)} overflows {target}";
        switch (k)
        {
            case BasicKind.Float64:
            {
                if (!c.IsNumeric) break;
                var d = c.Float;
                if (double.IsInfinity(d)) throw Err(e.Pos, Fail("overflows"));
                return new ConstVal(Rat.FromDouble(d));
            }
            case BasicKind.UntypedFloat:
                if (!c.IsNumeric) break;
                return new ConstVal(c.Rat);
            case >= BasicKind.Int and <= BasicKind.Uintptr or BasicKind.UntypedInt or BasicKind.UntypedRune:
            {
                if (!c.IsNumeric) break;
                if (!c.IsIntegral) throw Err(e.Pos, Fail("truncated"));
                var iv = c.ToInt;
                // types2: a float that does not fit an integer type is "truncated" too
                if (k is not (BasicKind.UntypedInt or BasicKind.UntypedRune) && !Types.Representable(iv, k!.Value))
                    throw Err(e.Pos, Fail(Types.IsFloat(e.Info!.Type) ? "truncated" : "overflows"));
                return new ConstVal(iv);
            }
            case BasicKind.String or BasicKind.UntypedString:
                if (c.V is byte[]) return c;
                break;
            case BasicKind.Bool or BasicKind.UntypedBool:
                if (c.V is bool) return c;
                break;
        }
        throw Err(e.Pos, ctx != null ? $"cannot use {DescribeExpr(e)} as {target} value in {ctx}" : $"cannot convert {DescribeExpr(e)} to type {target}");
    }

    // ------------------------------------------------------------------ expressions

    public Operand Expr(Expr e, GoType? hint = null)
    {
        var x = ExprInner(e, hint);
        e.Info = x;
        return x;
    }

    Operand ExprInner(Expr e, GoType? hint)
    {
        switch (e)
        {
            case Ident id: return IdentExpr(id);
            case BasicLit b:
                return b.Kind switch
                {
                    T.Int => Operand.Of(Mode.Const, Types.UntypedInt, new ConstVal(b.Tok.IntVal)),
                    T.Char => Operand.Of(Mode.Const, Types.UntypedRune, new ConstVal(b.Tok.IntVal)),
                    T.Float => Operand.Of(Mode.Const, Types.UntypedFloat, new ConstVal(b.Tok.FloatVal)),
                    T.String => Operand.Of(Mode.Const, Types.UntypedString, new ConstVal(b.Tok.StrVal)),
                    _ => throw Err(b.Pos, "unsupported: complex numbers"),
                };
            case ParenExpr p:
            {
                var x = Expr(p.X, hint);
                return new Operand { Mode = x.Mode, Type = x.Type, Const = x.Const, Obj = x.Obj, CommaOk = x.CommaOk };
            }
            case FuncLit fl: return FuncLitExpr(fl);
            case CompositeLit cl: return CompositeExpr(cl, hint);
            case SelectorExpr s: return SelectorExprCheck(s);
            case IndexExpr ix: return IndexExprCheck(ix);
            case SliceExpr sl: return SliceExprCheck(sl);
            case TypeAssertExpr ta:
            {
                var x = Expr(ta.X);
                SingleValue(ta.X, x);
                if (!Types.IsInterface(x.Type)) throw Err(ta.X.Pos, $"invalid operation: {ExprString.Of(ta.X)} ({Describe(x)}) is not an interface");
                if (ta.TypeExpr == null) throw Err(ta.Pos, "invalid syntax tree: use of .(type) outside type switch");
                var t = TypeOf(ta.TypeExpr);
                return new Operand { Mode = Mode.Value, Type = t, CommaOk = true };
            }
            case CallExpr c: return CallCheck(c);
            case StarExpr st:
            {
                var x = Expr(st.X);
                if (x.Mode == Mode.Type) return Operand.Of(Mode.Type, new PointerType(x.Type));
                SingleValue(st.X, x);
                if (x.Mode == Mode.Nil) throw Err(st.Pos, "invalid operation: cannot indirect nil");
                if (x.Type.Under is not PointerType pt) throw Err(st.Pos, $"invalid operation: cannot indirect {DescribeExpr(st.X)}");
                return Operand.Of(Mode.Var, pt.Elem);
            }
            case UnaryExpr u: return UnaryCheck(u, hint);
            case BinaryExpr b: return Binary(b, b.X, b.Y, b.Op, false, hint);
            case KeyValue kv: throw Err(kv.Pos, "unexpected key:value expression");
            case ArrayTypeExpr or StructTypeExpr or FuncTypeExpr or InterfaceTypeExpr or ChanTypeExpr or MapTypeExpr:
                return Operand.Of(Mode.Type, TypeOf(e));
            default:
                throw Err(e.Pos, $"unsupported: expression {e.GetType().Name}");
        }
    }

    Operand IdentExpr(Ident id)
    {
        if (id.Name == "_") throw Err(id.Pos, "cannot use _ as value");
        var o = _scope.Lookup(id.Name) ?? throw Err(id.Pos, $"undefined: {id.Name}");
        id.Ref = o;
        return IdentObj(id, o);
    }

    Operand IdentObj(Ident id, Obj o)
    {
        switch (o)
        {
            case VarObj v:
                Resolve(v);
                v.Used = true;
                if (v.IsGlobal) _curDeps?.Add(v);
                if (!v.IsGlobal && v.Owner != _fn && v.Owner != null) Capture(v);
                return new Operand { Mode = Mode.Var, Type = v.Type, Obj = v };
            case ConstObj c:
                if (c.Name == "iota" && _universe.LookupLocal("iota") == c)
                {
                    if (_iota < 0) throw Err(id.Pos, "cannot use iota outside constant declaration");
                    return Operand.Of(Mode.Const, Types.UntypedInt, new ConstVal(new BigInteger(_iota)));
                }
                Resolve(c);
                c.Used = true;
                return new Operand { Mode = Mode.Const, Type = c.Type, Const = c.Val, Obj = c };
            case TypeObj t:
                Resolve(t);
                return new Operand { Mode = Mode.Type, Type = t.Type, Obj = t };
            case FuncObj f:
                _curDeps?.Add(f);
                return new Operand { Mode = Mode.Value, Type = f.Fn.Type ?? throw Err(id.Pos, $"undefined: {id.Name}"), Obj = f };
            case BuiltinObj b:
                if (b.Name.StartsWith("type:")) throw Err(id.Pos, $"unsupported: type {b.Name[5..]}");
                return new Operand { Mode = Mode.Builtin, Type = Types.Invalid, Obj = b };
            case NilObj: return new Operand { Mode = Mode.Nil, Type = Types.UntypedNil };
            case PkgObj p:
                p.Used = true;
                return new Operand { Mode = Mode.Pkg, Type = Types.Invalid, Obj = p };
        }
        throw Err(id.Pos, $"undefined: {id.Name}");
    }

    /// <summary>A variable of an enclosing function used in a literal: every literal between the
    /// use and the owner captures it; any heap literal on the way makes it escape.</summary>
    void Capture(VarObj v)
    {
        v.Captured = true;
        for (var f = _fn; f != null && f != v.Owner; f = f.Parent)
        {
            f.CaptureIndex(v);
            if (f.Kind == LitKind.Heap) v.Escapes = true;
        }
    }

    Operand FuncLitExpr(FuncLit fl)
    {
        var outer = _fn ?? Glob;
        var top = outer;
        var fn = new FuncInfo
        {
            Parent = _fn,
            IsLiteral = true,
            Pos = fl.Pos,
            File = _curFile,
            Body = fl.Body,
            Kind = _litKindHint.Remove(fl) ? LitKind.Frame : LitKind.Heap,
        };
        outer.LitCount++;
        fn.Name = outer.IsLiteral ? $"{outer.Name}.{outer.LitCount}" : $"{outer.Name}.func{outer.LitCount}";
        if (outer == Glob) fn.Name = $"{Glob.Name}.func{outer.LitCount}";
        fl.Fn = fn;
        fn.Type = FuncTypeOf(fl.Sig);
        fn.NamedResults = fl.Sig.Results.Any(r => r.Names.Count > 0);
        outer.Lits.Add(fl);
        // the body is checked in the enclosing scope, with a fresh label/loop context
        var saveLabels = (_labels, _usedLabels, _breakable.ToList(), _pendingLabel, _fallthroughOk, _inSwitchClause);
        _breakable.Clear();
        var saveIota = _iota;
        _iota = -1;
        var parentDeps = _curDeps;
        CheckBody(fn, fl.Sig, fl.Body, fl.Pos);
        if (parentDeps != null && _deps.TryGetValue(fn, out var d)) parentDeps.UnionWith(d);
        _iota = saveIota;
        (_labels, _usedLabels, var br, _pendingLabel, _fallthroughOk, _inSwitchClause) = saveLabels;
        _breakable.AddRange(br);
        if (fn.Captures.Count == 0) fn.Kind = LitKind.Static;
        return Operand.Of(Mode.Value, fn.Type);
    }

    /// <summary>Function literals the enclosing statement calls in place or defers outside loops.</summary>
    readonly HashSet<FuncLit> _litKindHint = [];

    Operand SelectorExprCheck(SelectorExpr s)
    {
        bool called = s == _calleeSel;
        _calleeSel = null;
        if (s.X is Ident pid && _scope.Lookup(pid.Name) is PkgObj pkg)
        {
            pkg.Used = true;
            pid.Ref = pkg;
            pid.Info = Operand.Of(Mode.Pkg, Types.Invalid);
            var full = pkg.Path + "." + s.Sel.Name;
            if (full is "runtime.GC" or "runtime.Gosched" or "runtime.NumGoroutine" or "runtime.GOMAXPROCS" or "os.Exit" or "testing.Short" or "testing.Verbose")
                return new Operand { Mode = Mode.Builtin, Obj = new BuiltinObj(full) };
            if (full is "testing.T" or "testing.B")
                return Operand.Of(Mode.Type, TestingType(s.Sel.Name));
            if (LibPackages.Contains(pkg.Path))
            {
                var lo = LibObj(PkgName(pkg.Path), s.Sel.Name);
                if (lo == null || !char.IsUpper(s.Sel.Name[0]))
                {
                    // a name of Go's package that govm's library does not have says so by name
                    throw Err(s.Sel.Pos, lo == null ? $"unsupported: {pkg.Name}.{s.Sel.Name}" : $"{pkg.Name}.{s.Sel.Name} not exported by package {PkgName(pkg.Path)}");
                }
                var save = _scope;
                s.Sel.Ref = lo;
                var r = IdentObj(s.Sel, lo);
                s.Sel.Info = r;
                if (r.Obj is FuncObj) _curDeps?.Add(r.Obj);
                return r;
            }
            throw Err(s.Sel.Pos, $"unsupported: {pkg.Name}.{s.Sel.Name}");
        }
        var x = Expr(s.X);
        if (x.Mode == Mode.Type) return MethodSelector(s, x)!;
        SingleValue(s.X, x);
        if (TestMode && TestingSelector(s, x, called) is { } method) return method;
        if (MethodSelector(s, x) is { } mop) return mop;
        var t = x.Type;
        bool viaPtr = false;
        if (t.Under is PointerType pt && pt.Elem.Under is StructType) { t = pt.Elem; viaPtr = true; }
        if (t.Under is StructType st)
        {
            var path = FindField(st, s.Sel.Name);
            if (path != null)
            {
                s.Path = path;
                GoType ft = t;
                bool anyPtr = viaPtr;
                foreach (var i in path)
                {
                    var stt = (StructType)(ft.Under is PointerType pp ? pp.Elem.Under : ft.Under);
                    if (ft.Under is PointerType) anyPtr = true;
                    ft = stt.Fields[i].Type;
                }
                var mode = anyPtr || x.Mode == Mode.Var ? Mode.Var : Mode.Value;
                return Operand.Of(mode, ft);
            }
        }
        throw Err(s.Sel.Pos, $"{ExprString.Of(s)} undefined (type {x.Type} has no field or method {s.Sel.Name})");
    }

    /// <summary>Breadth-first field lookup through embedded structs (Go's depth rule; ambiguity is an error).</summary>
    List<int>? FindField(StructType st, string name)
    {
        var level = new List<(StructType t, List<int> path)> { (st, []) };
        var seen = new HashSet<StructType>();
        while (level.Count > 0)
        {
            List<int>? found = null;
            int count = 0;
            var next = new List<(StructType, List<int>)>();
            foreach (var (t, path) in level)
            {
                if (!seen.Add(t)) continue;
                for (int i = 0; i < t.Fields.Count; i++)
                {
                    var f = t.Fields[i];
                    if (f.Name == name) { found = [.. path, i]; count++; }
                    if (f.Embedded)
                    {
                        var ft = f.Type.Under is PointerType p ? p.Elem.Under : f.Type.Under;
                        if (ft is StructType est) next.Add((est, [.. path, i]));
                    }
                }
            }
            if (count > 1) return null;
            if (found != null) return found;
            level = next;
        }
        return null;
    }

    Operand IndexExprCheck(IndexExpr ix)
    {
        var x = Expr(ix.X);
        SingleValue(ix.X, x);
        var t = x.Type.Under;
        bool viaPtr = false;
        if (t is PointerType { Elem.Under: ArrayType pa }) { t = pa; viaPtr = true; }
        long? length = null;
        GoType elem;
        Mode mode;
        switch (t)
        {
            case BasicType b when Types.IsString(b):
                elem = Types.Byte;
                mode = Mode.Value;
                if (x.Const is { } sc) length = sc.Str.Length;
                break;
            case ArrayType a: elem = a.Elem; mode = viaPtr || x.Mode == Mode.Var ? Mode.Var : Mode.Value; length = a.Len; break;
            case SliceType s: elem = s.Elem; mode = Mode.Var; break;
            case MapType mt:
            {
                var k = Expr(ix.Index, mt.Key);
                SingleValue(ix.Index, k);
                Assign(ix.Index, mt.Key, "map index");
                return new Operand { Mode = Mode.Var, Type = mt.Value, CommaOk = true };
            }
            default: throw Err(ix.Pos, $"invalid operation: cannot index {DescribeExpr(ix.X)}");
        }
        var i = CheckIndex(ix.Index, length, "index");
        if (x.Const is { } strc && i is { } ci && Types.IsString(x.Type))
        {
            // indexing a constant string is not a constant, but the value is known
        }
        return Operand.Of(mode, elem);
    }

    /// <summary>Checks an index operand: integer, non-negative, in range of a known length.</summary>
    long? CheckIndex(Expr e, long? length, string what, bool allowEqual = false)
    {
        var x = Expr(e);
        SingleValue(e, x);
        // types2: an untyped constant index is first given type int (1.5: "truncated to int")
        if (Types.IsUntyped(x.Type) && x.Const is { IsNumeric: true }) ConvertUntyped(e, Types.Int, null);
        if (!Types.IsInteger(x.Type))
            throw Err(e.Pos, $"invalid argument: {what} {DescribeExpr(e)} must be integer");
        if (Types.IsUntyped(x.Type)) ConvertUntyped(e, Types.Int, null);
        if (x.Const is { } c)
        {
            var v = c.ToInt;
            if (v < 0) throw Err(e.Pos, $"invalid argument: {what} {ExprString.Of(e)} (constant of type int) must not be negative");
            if (length is { } n && (allowEqual ? v > n : v >= n)) throw Err(e.Pos, $"invalid argument: {what} {ExprString.Of(e)} out of bounds [0:{n + (allowEqual ? 1 : 0)}]");
            return (long)v;
        }
        return null;
    }

    Operand SliceExprCheck(SliceExpr sl)
    {
        var x = Expr(sl.X);
        SingleValue(sl.X, x);
        var t = x.Type.Under;
        long? cap = null;
        GoType result;
        switch (t)
        {
            case BasicType b when Types.IsString(b):
                if (sl.Full) throw Err(sl.Pos, $"invalid operation: 3-index slice of string");
                result = Types.IsUntyped(x.Type) ? Types.String : x.Type;
                if (x.Const is { } sc) cap = sc.Str.Length;
                break;
            case ArrayType a:
                if (x.Mode != Mode.Var) throw Err(sl.Pos, $"invalid operation: {ExprString.Of(sl.X)} (slice of unaddressable value)");
                MarkAddrTaken(sl.X);
                result = new SliceType(a.Elem);
                cap = a.Len;
                break;
            case PointerType { Elem.Under: ArrayType pa }:
                result = new SliceType(pa.Elem);
                cap = pa.Len;
                break;
            case SliceType: result = x.Type; break;
            default: throw Err(sl.Pos, $"cannot slice {DescribeExpr(sl.X)}");
        }
        var idx = new List<long?>();
        foreach (var e in new[] { sl.Lo, sl.Hi, sl.Max })
            idx.Add(e == null ? null : CheckIndex(e, cap, "index", allowEqual: true));
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
                if (idx[i] is { } a2 && idx[j] is { } b2 && a2 > b2)
                    throw Err((new[] { sl.Lo, sl.Hi, sl.Max })[j]!.Pos, $"invalid slice indices: {b2} < {a2}");
        return Operand.Of(Mode.Value, result);
    }

    void MarkAddrTaken(Expr e)
    {
        // &x, &x.f, &x[i] (x an array), x[:] for an array x: x lives in memory and escapes
        switch (Unparen(e))
        {
            case Ident { Ref: VarObj v }:
                v.AddrTaken = true;
                v.Escapes = true;
                break;
            case SelectorExpr s when s.X.Info != null && s.X.Info.Type.Under is not PointerType: MarkAddrTaken(s.X); break;
            case IndexExpr ix when ix.X.Info != null && ix.X.Info.Type.Under is ArrayType: MarkAddrTaken(ix.X); break;
        }
    }

    Operand UnaryCheck(UnaryExpr u, GoType? hint)
    {
        if (u.Op == T.And)
        {
            if (Unparen(u.X) is CompositeLit cl)
            {
                var cx = Expr(cl, hint is PointerType hp ? hp.Elem : null);
                return Operand.Of(Mode.Value, new PointerType(cx.Type));
            }
            var x = Expr(u.X);
            SingleValue(u.X, x);
            if (x.Mode != Mode.Var || Unparen(u.X) is IndexExpr { X.Info.Type.Under: MapType }) throw Err(u.Pos, $"invalid operation: cannot take address of {DescribeExpr(u.X)}");
            MarkAddrTaken(u.X);
            return Operand.Of(Mode.Value, new PointerType(x.Type));
        }
        if (u.Op == T.Arrow)
        {
            var x = Expr(u.X);
            SingleValue(u.X, x);
            if (x.Type.Under is not ChanType ct) throw Err(u.Pos, $"invalid operation: cannot receive from non-channel {DescribeExpr(u.X)}");
            if (ct.Dir == ChanDir.Send) throw Err(u.Pos, $"invalid operation: cannot receive from send-only channel {DescribeExpr(u.X)}");
            return new Operand { Mode = Mode.Value, Type = ct.Elem, CommaOk = true };
        }
        var y = Expr(u.X, hint);
        SingleValue(u.X, y);
        bool ok = u.Op switch
        {
            T.Add or T.Sub => Types.IsNumeric(y.Type),
            T.Not => Types.IsBoolean(y.Type),
            T.Xor => Types.IsInteger(y.Type),
            _ => false,
        };
        if (!ok) throw Err(u.Pos, $"invalid operation: operator {Lexer.Spell(u.Op)} not defined on {DescribeExpr(u.X)}");
        if (y.Const is { } c)
        {
            object v = u.Op switch
            {
                T.Add => c.V,
                T.Sub => c.IsInt ? -c.Int : (object)(-c.Rat),
                T.Not => !c.Bool,
                _ => BitNot(c.Int, y.Type),
            };
            var r = CheckTypedConst(u, new ConstVal(v), y.Type);
            if (u.Op == T.Xor) CheckUntypedSize(u.Pos, r, y.Type, "bitwise complement");
            return Operand.Of(Mode.Const, y.Type, r);
        }
        return Operand.Of(Mode.Value, y.Type);
    }

    static BigInteger BitNot(BigInteger v, GoType t)
    {
        if (Types.IsUnsigned(t))
        {
            var (bits, _) = Types.IntInfo(Types.Kind(t)!.Value);
            return ((BigInteger.One << bits) - 1) ^ v;
        }
        return -v - 1;
    }

    /// <summary>The result of a typed constant operation must be representable in its type (Go: typed
    /// constant expressions never wrap); a float64 result is rounded to float64.</summary>
    ConstVal CheckTypedConst(Expr e, ConstVal c, GoType t)
    {
        if (Types.IsUntyped(t)) return c;
        var k = Types.Kind(t);
        if (c.IsInt && k is >= BasicKind.Int and <= BasicKind.Uintptr && !Types.Representable(c.Int, k.Value))
            throw Err(e.Pos, $"{ExprString.Of(e)} (constant {c.Int} of type {t}) overflows {t}");
        if (k == BasicKind.Float64 && c.IsNumeric)
        {
            var d = c.Float;
            if (double.IsInfinity(d)) throw Err(e.Pos, $"{ExprString.Of(e)} (constant {c.Rat.GoString()} of type {t}) overflows {t}");
            return new ConstVal(Rat.FromDouble(d));
        }
        return c;
    }

    /// <summary>Untyped integer constants are limited to 512 bits, as in types2 (Checker.overflow):
    /// "constant addition overflow" at the operator.</summary>
    void CheckUntypedSize(Pos opPos, ConstVal c, GoType t, string opName)
    {
        if (Types.IsUntyped(t) && c.IsInt && !c.Int.IsZero && BigInteger.Abs(c.Int).GetBitLength() > 512)
            throw Err(opPos, opName == "" ? "constant overflow" : $"constant {opName} overflow");
    }

    static string OpName(T op) => op switch
    {
        T.Add => "addition", T.Sub => "subtraction", T.Mul => "multiplication", T.Xor => "bitwise XOR", T.Shl => "shift", _ => "",
    };

    static bool IsComparison(T op) => op is T.Eql or T.Neq or T.Lss or T.Leq or T.Gtr or T.Geq;

    Operand Binary(Expr whole, Expr xe, Expr ye, T op, bool lhsAlreadyChecked, GoType? hint = null)
    {
        if (op is T.LAnd or T.LOr)
        {
            var a = lhsAlreadyChecked ? xe.Info! : Expr(xe);
            var b = Expr(ye);
            SingleValue(xe, a);
            SingleValue(ye, b);
            if (!Types.IsBoolean(a.Type)) throw Err(xe.Pos, $"invalid operation: operator {Lexer.Spell(op)} not defined on {DescribeExpr(xe)}");
            if (!Types.IsBoolean(b.Type)) throw Err(ye.Pos, $"invalid operation: operator {Lexer.Spell(op)} not defined on {DescribeExpr(ye)}");
            MatchTypes(whole, xe, ye, op);
            if (a.Const is { } ca && b.Const is { } cb)
                return Operand.Of(Mode.Const, a.Type, new ConstVal(op == T.LAnd ? ca.Bool && cb.Bool : ca.Bool || cb.Bool));
            return Operand.Of(Mode.Value, Types.IsUntyped(a.Type) ? b.Type : a.Type);
        }
        if (op is T.Shl or T.Shr) return Shift(whole, xe, ye, op, lhsAlreadyChecked, hint);
        var x = lhsAlreadyChecked ? xe.Info! : Expr(xe, hint);
        // an untyped operand (1 << n among them) takes the other operand's type
        var y = Expr(ye, IsComparison(op) ? (Types.IsUntyped(x.Type) ? null : x.Type) : Types.IsUntyped(x.Type) ? hint : x.Type);
        SingleValue(xe, x);
        SingleValue(ye, y);
        if (IsComparison(op))
        {
            CheckComparison(whole, xe, ye, op);
            if (x.Const is { } c1 && y.Const is { } c2)
                return Operand.Of(Mode.Const, Types.UntypedBool, new ConstVal(CompareConst(c1, c2, op)));
            // the operands are materialised: untyped ones (1 << s == 8) take their default type
            foreach (var oe in new[] { xe, ye })
                if (oe.Info!.Mode != Mode.Nil && Types.IsUntyped(oe.Info.Type)) ConvertUntyped(oe, Types.Default(oe.Info.Type), null);
            return Operand.Of(Mode.Value, Types.UntypedBool);
        }
        MatchTypes(whole, xe, ye, op);
        x = xe.Info!;
        y = ye.Info!;
        var t = x.Type;
        bool ok = op switch
        {
            T.Add => Types.IsNumeric(t) || Types.IsString(t),
            T.Sub or T.Mul or T.Quo => Types.IsNumeric(t),
            T.Rem or T.And or T.Or or T.Xor or T.AndNot => Types.IsInteger(t),
            _ => false,
        };
        if (!ok)
        {
            var bad = xe;
            throw Err(whole is BinaryExpr be ? be.OpPos.Line > 0 ? xe.Pos : whole.Pos : whole.Pos,
                $"invalid operation: operator {Lexer.Spell(op)} not defined on {DescribeExpr(bad)}");
        }
        if (op is T.Quo or T.Rem && y.Const is { IsNumeric: true } yc && yc.Rat.Sign == 0 && (Types.IsInteger(t) || x.Const != null))
            throw Err(ye.Pos, "invalid operation: division by zero");
        if (x.Const is { } a1 && y.Const is { } b1)
        {
            var r = CheckTypedConst(whole, ConstBinary(whole, a1, b1, op, t), t);
            CheckUntypedSize(whole is BinaryExpr ob ? ob.OpPos : whole.Pos, r, t, OpName(op));
            return Operand.Of(Mode.Const, t, r);
        }
        return Operand.Of(Mode.Value, t);
    }

    /// <summary>Brings both operands of a binary operation to one type (untyped ones follow the typed one).</summary>
    void MatchTypes(Expr whole, Expr xe, Expr ye, T op)
    {
        var x = xe.Info!;
        var y = ye.Info!;
        bool xu = Types.IsUntyped(x.Type), yu = Types.IsUntyped(y.Type);
        if (xu && !yu) { ConvertOperand(whole, xe, y.Type, ye, op); return; }
        if (yu && !xu) { ConvertOperand(whole, ye, x.Type, xe, op); return; }
        if (xu && yu)
        {
            if (x.Mode == Mode.Nil || y.Mode == Mode.Nil) return;
            // both untyped: the larger numeric kind wins
            var kx = Types.Kind(x.Type); var ky = Types.Kind(y.Type);
            bool nx = Types.IsNumeric(x.Type), ny = Types.IsNumeric(y.Type);
            if (nx && ny)
            {
                var k = (BasicKind)Math.Max((int)kx!, (int)ky!);
                var t = k switch { BasicKind.UntypedFloat => Types.UntypedFloat, BasicKind.UntypedRune => Types.UntypedRune, _ => Types.UntypedInt };
                if (x.Const is { } cx) x.Const = t == Types.UntypedFloat ? new ConstVal(cx.Rat) : cx;
                if (y.Const is { } cy) y.Const = t == Types.UntypedFloat ? new ConstVal(cy.Rat) : cy;
                x.Type = t; y.Type = t;
                return;
            }
            if (kx != ky) throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} (mismatched types {x.Type} and {y.Type})");
            return;
        }
        if (!Types.Identical(x.Type, y.Type))
            throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} (mismatched types {x.Type} and {y.Type})");
    }

    void ConvertOperand(Expr whole, Expr e, GoType target, Expr other, T op)
    {
        var x = e.Info!;
        if (x.Mode == Mode.Nil)
        {
            if (!Types.IsNillable(target)) throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} (mismatched types {(e == whole ? "" : "")}{(IsLeft(whole, e) ? $"untyped nil and {target}" : $"{target} and untyped nil")})");
            x.Type = target;
            return;
        }
        if (target.Under is InterfaceType) { ConvertUntyped(e, Types.Default(x.Type), null); return; }
        if (target.Under is not BasicType tb || !AssignableTo(x.Type, target))
        {
            var (l, r) = IsLeft(whole, e) ? (x.Type, target) : (target, x.Type);
            throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} (mismatched types {l} and {r})");
        }
        ConvertUntyped(e, target, null);
    }

    static bool IsLeft(Expr whole, Expr e) => whole is BinaryExpr b ? b.X == e : false;

    void CheckComparison(Expr whole, Expr xe, Expr ye, T op, Pos? pos = null, bool isCase = false)
    {
        {
            // an interface value compared with a value of a type that implements it
            var xi = xe.Info!; var yi = ye.Info!;
            if (op is T.Eql or T.Neq && xi.Mode != Mode.Nil && yi.Mode != Mode.Nil && !Types.IsUntyped(xi.Type) && !Types.IsUntyped(yi.Type)
                && !Types.Identical(xi.Type, yi.Type) && (xi.Type.Under is InterfaceType || yi.Type.Under is InterfaceType))
            {
                var (it, other) = xi.Type.Under is InterfaceType ? (xi.Type, yi.Type) : (yi.Type, xi.Type);
                if (AssignableTo(other, it))
                {
                    if (!Types.Comparable(other)) throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} (operator {Lexer.Spell(op)} not defined on {DescribeExpr(xi.Type == other ? xe : ye).Split(' ')[0]} ({Describe(xi.Type == other ? xi : yi)}))");
                    return;
                }
            }
        }
        MatchTypes(whole, xe, ye, op);
        var x = xe.Info!;
        var y = ye.Info!;
        var t = x.Mode == Mode.Nil ? y.Type : x.Type;
        if (x.Mode == Mode.Nil && y.Mode == Mode.Nil) throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} (operator {Lexer.Spell(op)} not defined on nil)");
        if (op is T.Eql or T.Neq)
        {
            bool nilCmp = x.Mode == Mode.Nil || y.Mode == Mode.Nil;
            if (!nilCmp && !Types.Comparable(t))
            {
                var what = t.Under switch { SliceType => "slice", FuncType => "func", MapType => "map", _ => "struct containing uncomparable field" };
                throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} ({what} can only be compared to nil)");
            }
            return;
        }
        if (!(Types.IsNumeric(t) || Types.IsString(t)))
            throw Err(whole.Pos, $"invalid operation: {ExprString.Of(whole)} (operator {Lexer.Spell(op)} not defined on {DescribeExpr(xe).Split(' ')[0]} ({Describe(x)}))");
    }

    Operand Shift(Expr whole, Expr xe, Expr ye, T op, bool lhsAlreadyChecked, GoType? hint)
    {
        var x = lhsAlreadyChecked ? xe.Info! : Expr(xe);
        var y = Expr(ye);
        SingleValue(xe, x);
        SingleValue(ye, y);
        string? countDesc = null; // the count as Go prints it: before its conversion to uint
        if (y.Const is { } yc)
        {
            countDesc = DescribeExpr(ye);
            if (!Types.IsNumeric(y.Type)) throw Err(ye.Pos, $"invalid operation: shift count {DescribeExpr(ye)} must be integer");
            if (!yc.IsIntegral) throw Err(ye.Pos, $"{DescribeExpr(ye)} truncated to uint");
            var n = yc.ToInt;
            if (n < 0) throw Err(ye.Pos, $"invalid operation: negative shift count {DescribeExpr(ye)}");
            if (Types.IsUntyped(y.Type)) ConvertUntyped(ye, Types.Uint, null);
        }
        else
        {
            if (!Types.IsInteger(y.Type)) throw Err(ye.Pos, $"invalid operation: shift count {DescribeExpr(ye)} must be integer");
            if (Types.IsUntyped(y.Type)) ConvertUntyped(ye, Types.Uint, null);
        }
        if (x.Const is { } xc && Types.IsUntyped(x.Type) && y.Const != null)
        {
            // a constant shift of an untyped constant is an integer constant (1.0 << 3 is untyped int 8)
            if (xc.IsNumeric && !xc.IsIntegral) throw Err(xe.Pos, $"invalid operation: shifted operand {DescribeExpr(xe)} must be integer");
            if (xc.IsFloat)
            {
                x.Const = new ConstVal(xc.ToInt);
                x.Type = Types.UntypedInt;
            }
        }
        if (x.Const is { } a && y.Const is { } b)
        {
            if (!Types.IsInteger(x.Type)) throw Err(xe.Pos, $"invalid operation: shifted operand {DescribeExpr(xe)} must be integer");
            const int shiftBound = 1023 - 1 + 52; // types2: so that the smallest float64 can be written
            var nb = b.ToInt;
            if (nb > shiftBound) throw Err(ye.Pos, $"invalid operation: invalid shift count {countDesc}");
            int n = (int)nb;
            var r = CheckTypedConst(whole, new ConstVal(op == T.Shl ? a.Int << n : a.Int >> n), x.Type);
            CheckUntypedSize(whole is BinaryExpr sb ? sb.OpPos : whole.Pos, r, x.Type, "shift");
            return Operand.Of(Mode.Const, x.Type, r);
        }
        if (Types.IsUntyped(x.Type) && x.Const != null)
        {
            // A non-constant shift of an untyped constant: the constant takes the type the shift expression
            // would have if it were the constant alone (Go spec). The shift stays untyped until its context
            // converts it (ConvertUntyped, which rejects non-integer types); an integral float constant
            // becomes an integer there.
            if (x.Const.Value.IsNumeric && !x.Const.Value.IsIntegral)
                throw Err(xe.Pos, $"invalid operation: shifted operand {DescribeExpr(xe)} must be integer");
            if (!Types.IsNumeric(x.Type)) throw Err(xe.Pos, $"invalid operation: shifted operand {DescribeExpr(xe)} must be integer");
            return Operand.Of(Mode.Value, x.Type);
        }
        if (!Types.IsInteger(x.Type)) throw Err(xe.Pos, $"invalid operation: shifted operand {DescribeExpr(xe)} must be integer");
        return Operand.Of(Mode.Value, x.Type);
    }

    static bool CompareConst(ConstVal a, ConstVal b, T op)
    {
        int c;
        if (a.V is byte[] sa && b.V is byte[] sb) c = sa.AsSpan().SequenceCompareTo(sb);
        else if (a.V is bool ba && b.V is bool bb) c = ba == bb ? 0 : 1;
        else if (a.IsInt && b.IsInt) c = a.Int.CompareTo(b.Int);
        else c = a.Rat.CompareTo(b.Rat);
        return op switch
        {
            T.Eql => c == 0, T.Neq => c != 0, T.Lss => c < 0, T.Leq => c <= 0, T.Gtr => c > 0, _ => c >= 0,
        };
    }

    ConstVal ConstBinary(Expr e, ConstVal a, ConstVal b, T op, GoType t)
    {
        if (a.V is byte[] sa && b.V is byte[] sb) return new ConstVal(sa.Concat(sb).ToArray());
        bool isFloat = Types.IsFloat(t) || a.IsFloat || b.IsFloat;
        if (isFloat && !Types.IsInteger(t))
        {
            // exact: rounded to float64 only when the result is typed (CheckTypedConst)
            Rat x = a.Rat, y = b.Rat;
            return new ConstVal(op switch { T.Add => x + y, T.Sub => x - y, T.Mul => x * y, _ => x / y });
        }
        BigInteger i = a.ToInt, j = b.ToInt;
        var r = op switch
        {
            T.Add => i + j,
            T.Sub => i - j,
            T.Mul => i * j,
            T.Quo => BigInteger.Divide(i, j),
            T.Rem => BigInteger.Remainder(i, j),
            T.And => i & j,
            T.Or => i | j,
            T.Xor => i ^ j,
            T.AndNot => i & BitNot(j, Types.IsUnsigned(t) ? t : Types.Int64),
            _ => throw Err(e.Pos, "bad constant operation"),
        };
        if (op == T.AndNot && !Types.IsUnsigned(t)) r = i & (-j - 1);
        return new ConstVal(r);
    }
}
