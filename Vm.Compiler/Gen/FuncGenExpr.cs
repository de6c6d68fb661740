using System.Numerics;
using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Bytecode;

namespace Vm.Compiler.Gen;

public enum CallMode { Normal, Go, DeferStack, DeferHeap }

public sealed partial class FuncGen
{
    // ------------------------------------------------------------------ constants and zero values

    void EmitConst(ConstVal c, GoType t)
    {
        switch (t.Under)
        {
            case BasicType b when b.Kind == BasicKind.String:
                var bytes = c.Str;
                if (bytes.Length == 0) { B.Emit(Op.LdNil); B.Emit(Op.LdI, 0); }
                else { B.Emit(Op.LdStr, M.InternString(bytes)); }
                return;
            case BasicType b when b.Kind is BasicKind.Float64 or BasicKind.UntypedFloat:
                B.EmitF(Op.LdF, c.Float);
                return;
            case BasicType b when b.Kind == BasicKind.Bool:
                B.Emit(Op.LdI, c.Bool ? 1 : 0);
                return;
            case BasicType:
            {
                var v = c.ToInt;
                B.Emit(Op.LdI, (long)(ulong)(v & ulong.MaxValue));
                return;
            }
            case InterfaceType:
                throw new InvalidOperationException("constant of interface type");
        }
        throw new InvalidOperationException($"constant of type {t}");
    }

    void EmitZero(GoType t)
    {
        switch (t.Under)
        {
            case BasicType b when b.Kind == BasicKind.String: B.Emit(Op.LdNil); B.Emit(Op.LdI, 0); break;
            case BasicType b when b.Kind is BasicKind.Float64 or BasicKind.UntypedFloat: B.EmitF(Op.LdF, 0); break;
            case BasicType: B.Emit(Op.LdI, 0); break;
            case PointerType or FuncType or ChanType or MapType: B.Emit(Op.LdNil); break;
            case SliceType: B.Emit(Op.LdNil); B.Emit(Op.LdI, 0); B.Emit(Op.LdI, 0); break;
            case InterfaceType: B.Emit(Op.LdI, 0); B.Emit(Op.LdNil); break;
            default:
                foreach (var (_, ld, _) in LeavesOf(t))
                {
                    if (ld == Op.LdP) B.Emit(Op.LdNil);
                    else if (ld == Op.LdF64) B.EmitF(Op.LdF, 0);
                    else B.Emit(Op.LdI, 0);
                }
                break;
        }
    }

    /// <summary>Truncates an integer result to its type's width (values live sign- or zero-extended in 64-bit slots).</summary>
    void Wrap(GoType t)
    {
        switch (Types.Kind(t))
        {
            case BasicKind.Int8: B.Emit(Op.Sext8); break;
            case BasicKind.Int16: B.Emit(Op.Sext16); break;
            case BasicKind.Int32: B.Emit(Op.Sext32); break;
            case BasicKind.Uint8: B.Emit(Op.Zext8); break;
            case BasicKind.Uint16: B.Emit(Op.Zext16); break;
            case BasicKind.Uint32: B.Emit(Op.Zext32); break;
        }
    }

    // ------------------------------------------------------------------ values

    /// <summary>Pushes e's value converted to t (boxing into interface{}, typed nil).</summary>
    void EmitValueAs(Expr e, GoType t)
    {
        var x = e.Info!;
        if (x.Mode == Mode.Nil) { EmitZero(t); return; }
        if (t.Under is InterfaceType && e.Type.Under is not InterfaceType)
        {
            Box(e);
            return;
        }
        Emit(e);
    }

    /// <summary>Converts the value on the stack from type <paramref name="from"/> to <paramref name="to"/> (boxing only).</summary>
    void ConvertTop(GoType from, GoType to)
    {
        if (to.Under is InterfaceType && from.Under is not InterfaceType) BoxTop(from);
    }

    void NoteBoxed(GoType t)
    {
        G.Boxed.Add(t);
    }

    /// <summary>interface{}(e): (type word, data). Pointer-shaped values are the data word; others are boxed in a new heap object.</summary>
    void Box(Expr e)
    {
        var t = e.Type;
        if (Types.IsAggregate(t))
        {
            NoteBoxed(t);
            var src = PlaceOf(e);
            var box = HeapObj(t, temp: true);
            CopyInto(box, src);
            B.Emit(Op.LdType, G.TypeIdx(t));
            EmitBase(box);
            return;
        }
        Emit(e);
        BoxTop(t);
    }

    void BoxTop(GoType t)
    {
        NoteBoxed(t);
        if (IsDirect(t))
        {
            B.Emit(Op.LdType, G.TypeIdx(t));
            B.Emit(Op.Swap);
            return;
        }
        if (Types.IsAggregate(t))
        {
            // leaves on the stack
            var box0 = HeapObj(t, temp: true);
            StoreTop(box0);
            B.Emit(Op.LdType, G.TypeIdx(t));
            EmitBase(box0);
            return;
        }
        int p = Temp(SlotKind.Ptr);
        B.Emit(Op.New, G.TypeIdx(t));
        B.Emit(Op.StLoc, p);
        var box = Place.InMem(t, Op.LdLoc, p, 0, CodeGen.SizeOf(t));
        StoreTop(box);
        B.Emit(Op.LdType, G.TypeIdx(t));
        B.Emit(Op.LdLoc, p);
    }

    /// <summary>Pushes the value of e (all slots; aggregates as their leaves).</summary>
    void Emit(Expr e)
    {
        var x = e.Info!;
        if (x.Const is { } c && x.Mode == Mode.Const)
        {
            EmitConst(c, Types.IsUntyped(x.Type) ? Types.Default(x.Type) : x.Type);
            return;
        }
        if (Types.IsAggregate(e.Type))
        {
            CheckLeaves(e.Type, e.Pos);
            Load(PlaceOf(e));
            return;
        }
        switch (e)
        {
            case ParenExpr p: Emit(p.X); return;
            case Ident id: EmitIdent(id); return;
            case FuncLit fl: EmitFuncLit(fl); return;
            case CompositeLit cl: EmitCompositeValue(cl); return;
            case SelectorExpr { X: Ident { Ref: PkgObj } } qs: EmitIdent(qs.Sel); return;
            case SelectorExpr sm when sm.Method != null || sm.IfaceMethod != null:
                EmitMethodValue(sm);
                return;
            case SelectorExpr or StarExpr:
            {
                Load(LvalPlace(e));
                return;
            }
            case IndexExpr ix: EmitIndex(ix); return;
            case SliceExpr sl: EmitSlice(sl); return;
            case TypeAssertExpr ta: EmitAssert(ta, false); return;
            case CallExpr call:
            {
                var types = EmitCall(call, CallMode.Normal);
                if (types.Count != 1) throw new InvalidOperationException("call used as a single value");
                return;
            }
            case UnaryExpr u: EmitUnary(u); return;
            case BinaryExpr b: EmitBinary(b); return;
        }
        throw Unsupported(e.Pos, $"expression {e.GetType().Name}");
    }

    void EmitIdent(Ident id)
    {
        switch (id.Ref)
        {
            case VarObj v: Load(VarPlace(v, id.Pos)); return;
            case FuncObj f: B.Emit(Op.LdFn, f.Fn.Index); return;
            case NilObj: EmitZero(id.Type); return;
        }
        throw new InvalidOperationException($"identifier {id.Name}");
    }

    /// <summary>Evaluates e for its side effects only.</summary>
    void EmitDiscard(Expr e)
    {
        var inner = Unparen(e);
        if (inner is CallExpr call)
        {
            var types = EmitCall(call, CallMode.Normal);
            foreach (var t in Enumerable.Reverse(types)) PopValue(t);
            return;
        }
        if (inner is UnaryExpr { Op: T.Arrow } u)
        {
            Emit(u.X);
            B.Emit(Op.LdNil);
            B.Line(u.Pos.Line);
            B.Emit(Op.Recv);
            return;
        }
        if (e.Info!.Mode == Mode.Const) return;
        if (Types.IsAggregate(e.Type)) { PlaceOf(e); return; }
        Emit(e);
        PopValue(e.Type);
    }

    void EmitDiscardAs(Expr e, GoType t) => EmitDiscard(e);

    /// <summary>Pushes the n values of a multi-value expression; returns their types.</summary>
    List<GoType> EmitMulti(Expr e, int n)
    {
        var inner = Unparen(e);
        switch (inner)
        {
            case CallExpr call:
                return EmitCall(call, CallMode.Normal);
            case UnaryExpr { Op: T.Arrow } u:
            {
                var et = ((ChanType)u.X.Type.Under).Elem;
                var tmp = TempPlace(et);
                Emit(u.X);
                EmitAddr(tmp);
                B.Line(u.Pos.Line);
                B.Emit(Op.Recv2);
                int ok = Temp(SlotKind.Int);
                B.Emit(Op.StLoc, ok);
                Load(tmp);
                B.Emit(Op.LdLoc, ok);
                return [et, Types.Bool];
            }
            case TypeAssertExpr ta:
                EmitAssert(ta, true);
                return [ta.Type, Types.Bool];
            case IndexExpr mix when mix.X.Type.Under is MapType:
            {
                var p = MapSlot(mix);
                LoadMapSlot(p);
                B.Emit(Op.LdLoc, _mapOk);
                return [p.Type, Types.Bool];
            }
        }
        throw new InvalidOperationException("multi-value expression");
    }

    // ------------------------------------------------------------------ places

    /// <summary>The place of an addressable expression (variables, *p, fields, array and slice elements).</summary>
    Place LvalPlace(Expr e)
    {
        switch (e)
        {
            case ParenExpr p: return LvalPlace(p.X);
            case Ident { Ref: VarObj v } id: return VarPlace(v, id.Pos);
            case SelectorExpr { X: Ident { Ref: PkgObj }, Sel: { Ref: VarObj qv } qid }: return VarPlace(qv, qid.Pos);
            case StarExpr st:
            {
                Emit(st.X);
                B.Line(st.Pos.Line);
                return PtrPlace(st.Type);
            }
            case SelectorExpr s: return FieldPlace(s);
            case IndexExpr ix:
            {
                var xt = ix.X.Type.Under;
                if (xt is MapType) return MapSlot(ix);
                if (xt is SliceType sl)
                {
                    Emit(ix.X);
                    EmitValueAs(ix.Index, Types.Int);
                    B.Line(ix.Pos.Line);
                    B.Emit(Op.SIdx, G.TypeIdx(sl.Elem));
                    return PtrPlace(sl.Elem);
                }
                if (xt is PointerType { Elem.Under: ArrayType pa } ptr)
                {
                    Emit(ix.X);
                    EmitValueAs(ix.Index, Types.Int);
                    B.Emit(Op.AIdx, G.TypeIdx(ptr.Elem));
                    return PtrPlace(pa.Elem);
                }
                if (xt is ArrayType at)
                {
                    var arr = PlaceOf(ix.X);
                    if (ix.Index.Info!.Const is { } ci)
                    {
                        long i = (long)ci.ToInt;
                        return arr.Sub(at.Elem, i * CodeGen.SizeOf(at.Elem));
                    }
                    EmitAddr(arr);
                    EmitValueAs(ix.Index, Types.Int);
                    B.Line(ix.Pos.Line);
                    B.Emit(Op.AIdx, G.TypeIdx(arr.Type));
                    return PtrPlace(at.Elem);
                }
                break;
            }
        }
        return PlaceOf(e);
    }

    Place FieldPlace(SelectorExpr s)
    {
        var t = s.X.Type;
        Place cur;
        if (t.Under is PointerType pt)
        {
            Emit(s.X);
            cur = PtrPlace(pt.Elem);
        }
        else cur = PlaceOf(s.X);
        for (int k = 0; k < s.Path.Count; k++)
        {
            var st = (StructType)cur.Type.Under;
            var f = st.Fields[s.Path[k]];
            var next = cur.Sub(f.Type, CodeGen.FieldOffset(st, s.Path[k]));
            if (k < s.Path.Count - 1 && f.Type.Under is PointerType fp)
            {
                Load(next);
                cur = PtrPlace(fp.Elem);
            }
            else cur = next;
        }
        return cur;
    }

    /// <summary>The place holding e's value: the variable itself when addressable, else a temporary.</summary>
    Place PlaceOf(Expr e)
    {
        var inner = Unparen(e);
        switch (inner)
        {
            case Ident { Ref: VarObj }:
            case StarExpr:
            case SelectorExpr:
                return LvalPlace(inner);
            case IndexExpr mx when mx.X.Type.Under is MapType:
            {
                var ms = MapSlot(mx);
                var tmp = Types.IsAggregate(ms.Type) ? FrameObj(ms.Type) : TempPlaceFor(ms.Type);
                LoadMapSlot(ms);
                StoreTop(tmp);
                return tmp;
            }
            case IndexExpr ix when ix.X.Type.Under is not BasicType:
                return LvalPlace(inner);
            case CompositeLit cl when Types.IsAggregate(cl.Type):
            {
                var tmp = FrameObj(cl.Type);
                EmitCompositeInto(cl, tmp);
                return tmp;
            }
        }
        // any other value: compute it into a temporary
        var t = e.Type;
        if (Types.IsAggregate(t))
        {
            var tmp = FrameObj(t);
            if (inner is CallExpr call)
            {
                EmitCall(call, CallMode.Normal);
                StoreTop(tmp);
                return tmp;
            }
            if (inner is TypeAssertExpr ta)
            {
                EmitAssert(ta, false);
                StoreTop(tmp);
                return tmp;
            }
            if (inner is UnaryExpr { Op: T.Arrow } u)
            {
                B.Emit(Op.FObj, tmp.BaseArg);
                B.Emit(Op.Zero, G.TypeIdx(t));
                Emit(u.X);
                EmitAddr(tmp);
                B.Emit(Op.Recv);
                return tmp;
            }
            throw Unsupported(e.Pos, $"aggregate expression {inner.GetType().Name}");
        }
        var p = TempPlaceFor(t);
        Emit(e);
        StoreTop(p);
        return p;
    }

    // ------------------------------------------------------------------ composite literals

    void EmitCompositeInto(CompositeLit cl, Place dst)
    {
        var t = dst.Type;
        EmitAddr(dst);
        B.Emit(Op.Zero, G.TypeIdx(t));
        switch (t.Under)
        {
            case StructType st:
                for (int i = 0; i < cl.Elts.Count; i++)
                {
                    int fi; Expr v;
                    if (cl.Elts[i] is KeyValue kv) { fi = (int)kv.Key.Info!.Const!.Value.Int; v = kv.Value; }
                    else { fi = i; v = cl.Elts[i]; }
                    var fp = dst.Sub(st.Fields[fi].Type, CodeGen.FieldOffset(st, fi));
                    StoreElem(fp, v);
                }
                break;
            case ArrayType at:
            {
                long idx = 0, es = CodeGen.SizeOf(at.Elem);
                foreach (var e in cl.Elts)
                {
                    var v = e;
                    if (e is KeyValue kv) { idx = (long)kv.Key.Info!.Const!.Value.Int; v = kv.Value; }
                    StoreElem(dst.Sub(at.Elem, idx * es), v);
                    idx++;
                }
                break;
            }
        }
    }

    void StoreElem(Place p, Expr v)
    {
        if (Unparen(v) is CompositeLit inner && _elidedPtr(inner))
        {
            // {...} standing for &T{...}
            Emit(inner);
            StoreTop(p);
            return;
        }
        StoreExpr(p, v, isFresh: true);
    }

    bool _elidedPtr(CompositeLit cl) => G.C._elidedPtr.Contains(cl);

    /// <summary>A slice literal (or &amp;T{...} / elided pointer literal) as a value.</summary>
    void EmitCompositeValue(CompositeLit cl)
    {
        var t = cl.Type;
        if (_elidedPtr(cl))
        {
            if (t.Under is PointerType ept) t = ept.Elem;
            var box = HeapObj(t, temp: true);
            EmitCompositeInto(cl, box);
            EmitBase(box);
            return;
        }
        if (t.Under is MapType) { EmitMapLiteral(cl); return; }
        if (t.Under is SliceType sl)
        {
            long n = 0, idx = 0;
            foreach (var e in cl.Elts)
            {
                if (e is KeyValue kv) idx = (long)kv.Key.Info!.Const!.Value.Int;
                idx++;
                n = Math.Max(n, idx);
            }
            int p = Temp(SlotKind.Ptr);
            B.Emit(Op.LdI, n);
            B.Emit(Op.NewArr, G.TypeIdx(sl.Elem));
            B.Emit(Op.StLoc, p);
            long es = CodeGen.SizeOf(sl.Elem);
            idx = 0;
            var arrT = new ArrayType(n, sl.Elem);
            foreach (var e in cl.Elts)
            {
                var v = e;
                if (e is KeyValue kv) { idx = (long)kv.Key.Info!.Const!.Value.Int; v = kv.Value; }
                StoreElem(Place.InMem(sl.Elem, Op.LdLoc, p, idx * es, CodeGen.SizeOf(arrT)), v);
                idx++;
            }
            B.Emit(Op.LdLoc, p);
            B.Emit(Op.LdI, n);
            B.Emit(Op.LdI, n);
            return;
        }
        throw new InvalidOperationException("composite value");
    }

    // ------------------------------------------------------------------ closures

    void EmitFuncLit(FuncLit fl)
    {
        var fn = fl.Fn;
        if (fn.Kind == LitKind.Static || fn.Captures.Count == 0) { B.Emit(Op.LdFn, fn.Index); return; }
        int ct = G.ClosureTypeIdx(fn);
        Place obj;
        if (fn.Kind == LitKind.Frame)
        {
            Def.FrameObjects.Add(ct);
            obj = Place.InMem(fn.Type, Op.FObj, Def.FrameObjects.Count - 1, 0, 8 + 8L * fn.Captures.Count);
        }
        else
        {
            int p = Temp(SlotKind.Ptr);
            B.Emit(Op.New, ct);
            B.Emit(Op.StLoc, p);
            obj = Place.InMem(fn.Type, Op.LdLoc, p, 0, 8 + 8L * fn.Captures.Count);
        }
        EmitBase(obj);
        B.Emit(Op.FnInit, fn.Index);
        for (int i = 0; i < fn.Captures.Count; i++)
        {
            var v = fn.Captures[i];
            EmitBase(obj);
            var vp = VarPlace(v, fl.Pos);
            EmitAddr(vp);
            B.Emit(Op.StP, 8 + 8L * i);
        }
        EmitBase(obj);
    }

    // ------------------------------------------------------------------ index, slice, assertions

    void EmitIndex(IndexExpr ix)
    {
        var xt = ix.X.Type.Under;
        if (xt is BasicType)
        {
            Emit(ix.X);
            EmitValueAs(ix.Index, Types.Int);
            B.Line(ix.Pos.Line);
            B.Emit(Op.StrIdx);
            return;
        }
        Load(LvalPlace(ix));
    }

    void EmitSlice(SliceExpr sl)
    {
        var xt = sl.X.Type.Under;
        var form = sl.Full ? SliceForm.Full : SliceForm.Simple;
        void Idx(Expr? e, Action dflt)
        {
            if (e == null) dflt(); else EmitValueAs(e, Types.Int);
        }
        switch (xt)
        {
            case BasicType:
            {
                int p = Temp(SlotKind.Ptr), n = Temp(SlotKind.Int);
                Emit(sl.X);
                B.Emit(Op.StLoc, n);
                B.Emit(Op.StLoc, p);
                B.Emit(Op.LdLoc, p);
                B.Emit(Op.LdLoc, n);
                Idx(sl.Lo, () => B.Emit(Op.LdI, 0));
                Idx(sl.Hi, () => B.Emit(Op.LdLoc, n));
                B.Line(sl.Pos.Line);
                B.Emit(Op.StrSlice);
                return;
            }
            case SliceType st:
            {
                int p = Temp(SlotKind.Ptr), n = Temp(SlotKind.Int), c = Temp(SlotKind.Int);
                Emit(sl.X);
                B.Emit(Op.StLoc, c);
                B.Emit(Op.StLoc, n);
                B.Emit(Op.StLoc, p);
                B.Emit(Op.LdLoc, p);
                B.Emit(Op.LdLoc, n);
                B.Emit(Op.LdLoc, c);
                Idx(sl.Lo, () => B.Emit(Op.LdI, 0));
                Idx(sl.Hi, () => B.Emit(Op.LdLoc, n));
                Idx(sl.Max, () => B.Emit(Op.LdLoc, c));
                B.Line(sl.Pos.Line);
                B.Emit(Op.SSlice, G.TypeIdx(st.Elem), (long)form);
                return;
            }
            case ArrayType at:
            {
                var arr = PlaceOf(sl.X);
                EmitAddr(arr);
                Idx(sl.Lo, () => B.Emit(Op.LdI, 0));
                Idx(sl.Hi, () => B.Emit(Op.LdI, at.Len));
                Idx(sl.Max, () => B.Emit(Op.LdI, at.Len));
                B.Line(sl.Pos.Line);
                B.Emit(Op.ASlice, G.TypeIdx(arr.Type), (long)form);
                return;
            }
            case PointerType { Elem.Under: ArrayType pa } pt:
            {
                Emit(sl.X);
                B.Emit(Op.NilChk);
                Idx(sl.Lo, () => B.Emit(Op.LdI, 0));
                Idx(sl.Hi, () => B.Emit(Op.LdI, pa.Len));
                Idx(sl.Max, () => B.Emit(Op.LdI, pa.Len));
                B.Line(sl.Pos.Line);
                B.Emit(Op.ASlice, G.TypeIdx(pt.Elem), (long)form);
                return;
            }
        }
        throw Unsupported(sl.Pos, "slice expression");
    }

    /// <summary>x.(T): pushes the T (and ok when <paramref name="commaOk"/>); a failed single-value assertion panics as Go's does.</summary>
    void EmitAssert(TypeAssertExpr ta, bool commaOk)
    {
        var t = ta.Type;
        var x = EvalToTemp(ta.X, ta.X.Type);
        int tw = x.Local, data = x.Local + 1;
        var ok = B.NewLabel();
        var end = B.NewLabel();
        var result = TempPlaceFor(t);
        var ti = t.Under as InterfaceType;
        B.Emit(Op.LdLoc, tw);
        if (ti == null) { B.Emit(Op.LdType, G.TypeIdx(t)); B.Emit(Op.Eq); }
        else if (ti.IsEmpty) { B.Emit(Op.LdI, 0); B.Emit(Op.Ne); }
        else B.Emit(Op.Call, G.ImplementsFunc(ti));
        B.Emit(Op.BrTrue, ok);
        if (commaOk)
        {
            if (Types.IsAggregate(t)) { EmitAddr(result); B.Emit(Op.Zero, G.TypeIdx(t)); }
            else { EmitZero(t); StoreTop(result); }
            Load(result);
            B.Emit(Op.LdI, 0);
            B.Emit(Op.Br, end);
        }
        else
        {
            // panic(interface conversion: interface {} is X, not T)
            if (G.TypeNameFunc < 0)
            {
                var fi = new FuncInfo { Name = "runtime.typestring", Type = new FuncType([Types.Int], [Types.String], false) };
                G.TypeNameFunc = G.NewFunc(fi).Sig >= 0 ? fi.Index : -1;
            }
            var isNil = B.NewLabel();
            var msg = B.NewLabel();
            var srcName = CodeGen.GoName(ta.X.Type);
            if (ti != null)
            {
                // interface conversion: T is not I: missing method M  /  interface conversion: interface is nil, not I
                B.Emit(Op.LdStr, M.InternString("interface conversion: "));
                B.Emit(Op.LdLoc, tw);
                B.Emit(Op.BrFalse, isNil);
                B.Emit(Op.LdLoc, tw);
                B.Emit(Op.Call, G.TypeNameFunc);
                B.Emit(Op.LdStr, M.InternString($" is not {CodeGen.GoName(t)}: missing method {ti.Methods[0].Name}"));
                B.Emit(Op.Rt, (long)RuntimeId.ConcatString);
                B.Emit(Op.Br, msg);
                B.Bind(isNil);
                B.Emit(Op.LdStr, M.InternString($"interface is nil, not {CodeGen.GoName(t)}"));
                B.Bind(msg);
                B.Emit(Op.Rt, (long)RuntimeId.ConcatString);
            }
            else
            {
                B.Emit(Op.LdStr, M.InternString($"interface conversion: {srcName} is "));
                B.Emit(Op.LdLoc, tw);
                B.Emit(Op.BrFalse, isNil);
                B.Emit(Op.LdLoc, tw);
                B.Emit(Op.Call, G.TypeNameFunc);
                B.Emit(Op.Br, msg);
                B.Bind(isNil);
                B.Emit(Op.LdStr, M.InternString("nil"));
                B.Bind(msg);
                B.Emit(Op.Rt, (long)RuntimeId.ConcatString);
                B.Emit(Op.LdStr, M.InternString(", not " + CodeGen.GoName(t)));
                B.Emit(Op.Rt, (long)RuntimeId.ConcatString);
            }
            BoxTop(Types.String);
            B.Line(ta.Pos.Line);
            B.Emit(Op.Panic);
        }
        B.Bind(ok);
        if (ti != null) { B.Emit(Op.LdLoc, tw); B.Emit(Op.LdLoc, data); StoreTop(result); }
        else
        {
            B.Emit(Op.LdLoc, data);
            Unbox(t, result);
        }
        Load(result);
        if (commaOk) B.Emit(Op.LdI, 1);
        B.Bind(end);
    }

    // ------------------------------------------------------------------ operators

    void EmitUnary(UnaryExpr u)
    {
        switch (u.Op)
        {
            case T.And:
            {
                if (Unparen(u.X) is CompositeLit cl)
                {
                    var box = HeapObj(cl.Type, temp: true);
                    if (Types.IsAggregate(cl.Type)) EmitCompositeInto(cl, box);
                    else { Emit(cl); StoreTop(box); }
                    EmitBase(box);
                    return;
                }
                var p = LvalPlace(u.X);
                if (p.IsLocal) throw new InvalidOperationException($"address of a variable in locals ({ExprString.Of(u.X)})");
                EmitAddr(p);
                if (p.Offset == 0 && p.BaseOp == Op.LdLoc) B.Emit(Op.NilChk);
                return;
            }
            case T.Arrow:
            {
                var et = u.Type;
                var tmp = TempPlace(et);
                Emit(u.X);
                EmitAddr(tmp);
                B.Line(u.Pos.Line);
                B.Emit(Op.Recv);
                Load(tmp);
                return;
            }
            case T.Add: Emit(u.X); return;
            case T.Sub:
                Emit(u.X);
                if (Types.IsFloat(u.Type)) B.Emit(Op.FNeg);
                else { B.Emit(Op.Neg); Wrap(u.Type); }
                return;
            case T.Xor: Emit(u.X); B.Emit(Op.Not); Wrap(u.Type); return;
            case T.Not: Emit(u.X); B.Emit(Op.LdI, 0); B.Emit(Op.Eq); return;
        }
        throw Unsupported(u.Pos, $"operator {Lexer.Spell(u.Op)}");
    }

    static bool IsCmp(T op) => op is T.Eql or T.Neq or T.Lss or T.Leq or T.Gtr or T.Geq;

    void EmitBinary(BinaryExpr b)
    {
        if (b.Op is T.LAnd or T.LOr)
        {
            var f = B.NewLabel();
            var end = B.NewLabel();
            EmitCond(b, f, false);
            B.Emit(Op.LdI, 1);
            B.Emit(Op.Br, end);
            B.Bind(f);
            B.Emit(Op.LdI, 0);
            B.Bind(end);
            return;
        }
        if (IsCmp(b.Op))
        {
            bool xNil = b.X.Info!.Mode == Mode.Nil, yNil = b.Y.Info!.Mode == Mode.Nil;
            var t = xNil ? b.Y.Type : b.X.Type;
            if (!xNil && !yNil && b.Y.Type.Under is InterfaceType && t.Under is not InterfaceType) t = b.Y.Type;
            if (!xNil && !yNil && Types.IsAggregate(t) && b.Op is T.Eql or T.Neq)
            {
                var pa = PlaceOf(b.X);
                var pb = PlaceOf(b.Y);
                EmitAddr(pa);
                EmitAddr(pb);
                B.Emit(Op.Call, G.TypeEqFunc(t));
                if (b.Op == T.Neq) { B.Emit(Op.LdI, 0); B.Emit(Op.Eq); }
                return;
            }
            if ((xNil || yNil) && t.Under is InterfaceType)
            {
                // x == nil for an interface: its type word against 0 (the data word is dropped)
                Emit(xNil ? b.Y : b.X);
                B.Emit(Op.Pop);
                B.Emit(Op.LdI, 0);
                B.Emit(b.Op == T.Eql ? Op.Eq : Op.Ne);
                return;
            }
            if (xNil) { Emit(b.Y); EmitZero(t); }
            else
            {
                EmitValueAs(b.X, t);
                EmitValueAs(b.Y, t);
            }
            EmitCompare(b.Op, t, xNil || yNil);
            return;
        }
        Emit(b.X);
        EmitBinaryOp(b.Op, b.Type, b.Y, b.OpPos);
    }

    /// <summary>Left operand on the stack; evaluates the right one and applies op for operand type t.</summary>
    void EmitBinaryOp(T op, GoType t, Expr y, Pos pos)
    {
        if (op is T.Shl or T.Shr)
        {
            EmitValueAs(y, y.Type.Under is BasicType ? Types.IsUntyped(y.Type) ? Types.Uint : y.Type : y.Type);
            if (Types.IsUnsigned(y.Type) && y.Info!.Const == null)
            {
                // an unsigned count >= 2^63 reads as negative: clamp to 64 (the result is the same)
                var okL = B.NewLabel();
                B.Emit(Op.Dup); B.Emit(Op.LdI, 0); B.Emit(Op.Ge); B.Emit(Op.BrTrue, okL);
                B.Emit(Op.Pop); B.Emit(Op.LdI, 64);
                B.Bind(okL);
            }
            B.Line(pos.Line);
            if (op == T.Shl) { B.Emit(Op.Shl); Wrap(t); }
            else B.Emit(Types.IsUnsigned(t) ? Op.ShrU : Op.Shr);
            return;
        }
        EmitValueAs(y, t);
        if (Types.IsString(t))
        {
            B.Emit(Op.Rt, (long)RuntimeId.ConcatString);
            return;
        }
        if (Types.IsFloat(t))
        {
            B.Emit(op switch { T.Add => Op.FAdd, T.Sub => Op.FSub, T.Mul => Op.FMul, T.Quo => Op.FDiv, _ => throw Unsupported(pos, "float operator") });
            return;
        }
        bool u = Types.IsUnsigned(t);
        B.Line(pos.Line);
        switch (op)
        {
            case T.Add: B.Emit(Op.Add); Wrap(t); break;
            case T.Sub: B.Emit(Op.Sub); Wrap(t); break;
            case T.Mul: B.Emit(Op.Mul); Wrap(t); break;
            case T.Quo: B.Emit(u ? Op.DivU : Op.Div); Wrap(t); break;
            case T.Rem: B.Emit(u ? Op.RemU : Op.Rem); Wrap(t); break;
            case T.And: B.Emit(Op.And); break;
            case T.Or: B.Emit(Op.Or); break;
            case T.Xor: B.Emit(Op.Xor); Wrap(t); break;
            case T.AndNot: B.Emit(Op.AndNot); Wrap(t); break;
            default: throw Unsupported(pos, $"operator {Lexer.Spell(op)}");
        }
    }

    /// <summary>Two values of type t on the stack; pushes the comparison's bool.</summary>
    void EmitCompare(T op, GoType t, bool withNil)
    {
        switch (t.Under)
        {
            case BasicType b when b.Kind == BasicKind.String:
                if (op is T.Eql or T.Neq)
                {
                    B.Emit(Op.Rt, (long)RuntimeId.EqString);
                    if (op == T.Neq) { B.Emit(Op.LdI, 0); B.Emit(Op.Eq); }
                    return;
                }
                B.Emit(Op.Rt, (long)RuntimeId.CmpString);
                B.Emit(Op.LdI, 0);
                B.Emit(op switch { T.Lss => Op.Lt, T.Leq => Op.Le, T.Gtr => Op.Gt, _ => Op.Ge });
                return;
            case BasicType b when b.Kind is BasicKind.Float64 or BasicKind.UntypedFloat:
                B.Emit(op switch { T.Eql => Op.FEq, T.Neq => Op.FNe, T.Lss => Op.FLt, T.Leq => Op.FLe, T.Gtr => Op.FGt, _ => Op.FGe });
                return;
            case BasicType b:
                bool u = Types.IsUnsigned(b);
                B.Emit(op switch
                {
                    T.Eql => Op.Eq, T.Neq => Op.Ne,
                    T.Lss => u ? Op.LtU : Op.Lt, T.Leq => u ? Op.LeU : Op.Le,
                    T.Gtr => u ? Op.GtU : Op.Gt, _ => u ? Op.GeU : Op.Ge,
                });
                return;
            case PointerType or ChanType or FuncType or MapType:
                B.Emit(op == T.Eql ? Op.PEq : Op.PNe);
                return;
            case SliceType:
            {
                // s == nil: compare the data pointers
                int tmp = Temp(SlotKind.Ptr);
                B.Emit(Op.Pop); B.Emit(Op.Pop); B.Emit(Op.StLoc, tmp);
                B.Emit(Op.Pop); B.Emit(Op.Pop);
                B.Emit(Op.LdLoc, tmp);
                B.Emit(op == T.Eql ? Op.PEq : Op.PNe);
                return;
            }
            case InterfaceType when !withNil:
                B.Emit(Op.Call, G.EfaceEqFunc());
                if (op == T.Neq) { B.Emit(Op.LdI, 0); B.Emit(Op.Eq); }
                return;
            case InterfaceType:
            {
                // x == nil: compare the type words
                int tmp = Temp(SlotKind.Int);
                B.Emit(Op.Pop); B.Emit(Op.StLoc, tmp);
                B.Emit(Op.Pop);
                B.Emit(Op.LdLoc, tmp);
                B.Emit(op == T.Eql ? Op.Eq : Op.Ne);
                return;
            }
        }
        throw new InvalidOperationException($"compare {t}");
    }

    /// <summary>Branches to <paramref name="label"/> when cond == jumpIf (short-circuit for &amp;&amp;, ||, !).</summary>
    void EmitCond(Expr cond, int label, bool jumpIf)
    {
        var e = Unparen(cond);
        if (e.Info!.Const is { } c && e.Info.Mode == Mode.Const)
        {
            if (c.Bool == jumpIf) B.Emit(Op.Br, label);
            return;
        }
        switch (e)
        {
            case UnaryExpr { Op: T.Not } n:
                EmitCond(n.X, label, !jumpIf);
                return;
            case BinaryExpr { Op: T.LAnd } a:
                if (jumpIf)
                {
                    var skip = B.NewLabel();
                    EmitCond(a.X, skip, false);
                    EmitCond(a.Y, label, true);
                    B.Bind(skip);
                }
                else
                {
                    EmitCond(a.X, label, false);
                    EmitCond(a.Y, label, false);
                }
                return;
            case BinaryExpr { Op: T.LOr } o:
                if (jumpIf)
                {
                    EmitCond(o.X, label, true);
                    EmitCond(o.Y, label, true);
                }
                else
                {
                    var skip = B.NewLabel();
                    EmitCond(o.X, skip, true);
                    EmitCond(o.Y, label, false);
                    B.Bind(skip);
                }
                return;
            case BinaryExpr { Op: T.Eql or T.Neq } cmp when (cmp.X.Info!.Mode == Mode.Nil) != (cmp.Y.Info!.Mode == Mode.Nil)
                                                          && (cmp.X.Info.Mode == Mode.Nil ? cmp.Y : cmp.X).Type.Under is InterfaceType:
                // if x != nil for an interface: branch on its type word (`recover() != nil` is recover; pop; brtrue)
                Emit(cmp.X.Info.Mode == Mode.Nil ? cmp.Y : cmp.X);
                B.Emit(Op.Pop);
                B.Emit((cmp.Op == T.Neq) == jumpIf ? Op.BrTrue : Op.BrFalse, label);
                return;
        }
        Emit(e);
        B.Emit(jumpIf ? Op.BrTrue : Op.BrFalse, label);
    }

    // ------------------------------------------------------------------ channels

    void EmitSend(Expr ch, Expr v)
    {
        var et = ((ChanType)ch.Type.Under).Elem;
        Emit(ch);
        var tmp = FrameObj(et);
        StoreExpr(tmp, v, isFresh: true);
        EmitAddr(tmp);
        B.Line(ch.Pos.Line);
        B.Emit(Op.Send);
    }
}
