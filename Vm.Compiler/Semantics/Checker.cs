using System.Numerics;
using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

/// <summary>
/// The type checker: resolves names, computes types and constant values (Go's untyped-constant
/// rules), checks statements (missing return, unused variables and imports), and makes the
/// escape decisions the code generator needs: which variables are captured or address-taken,
/// which function literals stay in the frame, which defers sit in a loop.
/// </summary>
public sealed partial class Checker
{
    readonly IReadOnlyList<SourceFile> _src;
    readonly List<FileNode> _files;
    readonly Scope _universe = Scope.Universe();
    readonly Scope _pkg;
    readonly Dictionary<int, Scope> _fileScopes = [];
    Scope _scope;
    FuncInfo? _fn;
    int _loopDepth;
    int _namedIds;
    int _curFile;

    /// <summary>Every function to compile, top-level functions and literals.</summary>
    public readonly List<FuncInfo> Funcs = [];
    /// <summary>Package-level variables in declaration order.</summary>
    public readonly List<VarObj> Globals = [];
    /// <summary>Global initialisers in Go's initialisation order.</summary>
    public readonly List<(ValueSpec Spec, List<VarObj> Vars, FuncInfo Ctx)> GlobalInits = [];
    public readonly List<FuncInfo> InitFuncs = [];
    public FuncInfo? Main;
    /// <summary>Pseudo-function holding the literals of global initialisers (main.glob.).</summary>
    public readonly FuncInfo Glob = new() { Name = "main.glob.", Type = new FuncType([], [], false) };
    /// <summary>Every defer statement, in source order, with its function.</summary>
    public readonly List<(DeferStmt Stmt, FuncInfo Fn)> Defers = [];

    // lazy package-level resolution
    readonly Dictionary<Obj, (GenDecl decl, ValueSpec? vs, TypeSpec? ts, int index, int file)> _pending = [];
    readonly HashSet<Obj> _resolving = [];
    readonly Dictionary<VarObj, (ValueSpec spec, List<VarObj> vars, int file)> _globalSpec = [];
    readonly Dictionary<object, HashSet<Obj>> _deps = [];
    HashSet<Obj>? _curDeps;
    int _iota = -1;

    public Checker(IReadOnlyList<SourceFile> src, List<FileNode> files)
    {
        _src = src;
        _files = files;
        _pkg = new Scope(_universe, null) { IsPkg = true };
        _scope = _pkg;
    }

    /// <summary>Files of the embedded library (Vm.Compiler/Lib) start at this index; user files come first.</summary>
    public int LibStart { get; init; } = int.MaxValue;
    public bool IsLib(int file) => file >= LibStart;
    readonly Dictionary<string, Scope> _libScopes = [];
    readonly List<(FuncDecl Fd, int File)> _methodDecls = [];

    /// <summary>The package scope of a file: package main's (or the test package's), or a library package's.</summary>
    Scope PkgScope(int file)
    {
        if (!IsLib(file)) return _pkg;
        var name = _files[file].Package.Name;
        if (!_libScopes.TryGetValue(name, out var sc)) _libScopes[name] = sc = new Scope(_universe, null) { IsPkg = true };
        return sc;
    }

    /// <summary>A package-level object of a library package (by package name), or null.</summary>
    public Obj? LibObj(string pkg, string name) => _libScopes.TryGetValue(pkg, out var sc) ? sc.LookupLocal(name) : null;
    public FuncInfo LibFunc(string pkg, string name) => ((FuncObj)(LibObj(pkg, name) ?? throw new InvalidOperationException($"library function {pkg}.{name} missing"))).Fn;
    public GoType LibType(string pkg, string name) => ((TypeObj)(LibObj(pkg, name) ?? throw new InvalidOperationException($"library type {pkg}.{name} missing"))).Type;

    public CompileException Err(Pos p, string msg)
    {
        string file = p.File >= 0 ? _src[p.File].Path : _src.Count > 0 ? _src[0].Path : "?";
        return new CompileException(file, p.Line, p.Col, msg);
    }

    // ------------------------------------------------------------------ package level

    public void Check()
    {
        // Declare every package-level name.
        if (_files.Count > 0) Glob.Name = Prefix(0) + ".glob.";
        foreach (var f in _files)
        {
            if (!TestMode && !IsLib(f.Index) && f.Package.Name != "main") throw Err(f.Package.Pos, $"unsupported: package {f.Package.Name} (only package main)");
            var fs = new Scope(PkgScope(f.Index), null);
            _fileScopes[f.Index] = fs;
            foreach (var imp in f.Imports)
                foreach (var s in imp.Imports)
                {
                    if (s.Path is not "runtime" && !(TestMode && s.Path == "testing") && !LibPackages.Contains(s.Path))
                        throw Err(s.PathPos, $"unsupported: import \"{s.Path}\"");
                    var name = s.Name?.Name ?? s.Path[(s.Path.LastIndexOf('/') + 1)..];
                    if (name == "_") continue;
                    if (fs.Names.ContainsKey(name)) throw Err(s.Pos, $"{name} redeclared in this block");
                    fs.Names[name] = new PkgObj(name, s.PathPos, s.Path);
                }
        }
        foreach (var f in _files)
        {
            _curFile = f.Index;
            var _pkg = PkgScope(f.Index);
            foreach (var d in f.Decls)
            {
                switch (d)
                {
                    case FuncDecl fd:
                    {
                        var fn = new FuncInfo { Name = Prefix(f.Index) + "." + fd.Name.Name, Pos = fd.Pos, File = f.Index, Body = fd.Body };
                        fd.Fn = fn;
                        if (fd.Body == null && !IsLib(f.Index)) throw Err(fd.Name.Pos, "missing function body");
                        if (fd.Recv != null) { _methodDecls.Add((fd, f.Index)); continue; }
                        if (fd.Name.Name == "init")
                        {
                            if (fd.Sig.Params.Count > 0 || fd.Sig.Results.Count > 0) throw Err(fd.Name.Pos, "func init must have no arguments and no return values");
                            fn.Name = $"{Prefix(f.Index)}.init.{InitFuncs.Count}";
                            InitFuncs.Add(fn);
                            continue;
                        }
                        if (fd.Name.Name == "main" && !TestMode)
                        {
                            if (fd.Sig.Params.Count > 0 || fd.Sig.Results.Count > 0) throw Err(fd.Name.Pos, "func main must have no arguments and no return values");
                            Main = fn;
                        }
                        if (fd.Name.Name != "_") Declare(_pkg, new FuncObj(fd.Name.Name, fd.Name.Pos, fn), fd.Name.Pos);
                        break;
                    }
                    case GenDecl gd:
                        for (int i = 0; i < gd.Types.Count; i++)
                        {
                            var ts = gd.Types[i];
                            var obj = new TypeObj(ts.Name.Name, ts.Name.Pos, Types.Invalid);
                            if (!ts.Alias) obj.Type = new NamedType(ts.Name.Name, ++_namedIds) { Pkg = TestMode || IsLib(f.Index) ? f.Package.Name : "main", Imported = IsLib(f.Index) };
                            _pending[obj] = (gd, null, ts, i, f.Index);
                            Declare(_pkg, obj, ts.Name.Pos);
                        }
                        foreach (var vs in gd.Values)
                        {
                            if (gd.Tok == T.Const)
                            {
                                for (int i = 0; i < vs.Names.Count; i++)
                                {
                                    var c = new ConstObj(vs.Names[i].Name, vs.Names[i].Pos, Types.Invalid, default);
                                    _pending[c] = (gd, vs, null, i, f.Index);
                                    if (vs.Names[i].Name != "_") Declare(_pkg, c, vs.Names[i].Pos);
                                }
                            }
                            else
                            {
                                var vars = new List<VarObj>();
                                foreach (var n in vs.Names)
                                {
                                    var v = new VarObj(n.Name, n.Pos, Types.Invalid) { IsGlobal = true, Used = true };
                                    n.Ref = v;
                                    vars.Add(v);
                                    Globals.Add(v);
                                    if (n.Name != "_") Declare(_pkg, v, n.Pos);
                                }
                                foreach (var v in vars) { _pending[v] = (gd, vs, null, vars.IndexOf(v), f.Index); _globalSpec[v] = (vs, vars, f.Index); }
                            }
                        }
                        break;
                }
            }
        }
        if (Main == null && !TestMode) throw new CompileException(_src.Count > 0 ? _src[0].Path : "?", 0, 0, "function main is undeclared in the main package");

        // Resolve types, then signatures, then constants and global variables in source order.
        foreach (var f in _files)
        {
            _curFile = f.Index;
            _scope = _fileScopes[f.Index];
            foreach (var d in f.Decls)
                if (d is GenDecl gd)
                    foreach (var ts in gd.Types) Resolve(PkgScope(f.Index).LookupLocal(ts.Name.Name)!);
        }
        foreach (var sc in _libScopes.Values.Prepend(_pkg))
            foreach (var o in sc.Names.Values)
                if (o is TypeObj { Type: NamedType nt0 }) CheckRecursion(nt0, [], o.Pos);
        foreach (var (fd, file) in _methodDecls) DeclareMethod(fd, file);
        foreach (var f in _files)
        {
            _curFile = f.Index;
            _scope = _fileScopes[f.Index];
            foreach (var d in f.Decls) if (d is FuncDecl fd) ResolveSignature(fd);
        }
        foreach (var f in _files)
        {
            _curFile = f.Index;
            _scope = _fileScopes[f.Index];
            foreach (var d in f.Decls)
            {
                if (d is GenDecl gd)
                {
                    foreach (var ts in gd.Types) Resolve(PkgScope(f.Index).LookupLocal(ts.Name.Name)!);
                    foreach (var vs in gd.Values)
                        foreach (var n in vs.Names)
                        {
                            var o = gd.Tok == T.Var ? n.Ref! : _pending.Keys.FirstOrDefault(k => k.Pos == n.Pos && k is ConstObj);
                            if (o != null) Resolve(o);
                        }
                }
            }
        }
        // Function bodies.
        foreach (var f in _files)
        {
            _curFile = f.Index;
            _scope = _fileScopes[f.Index];
            foreach (var d in f.Decls)
                if (d is FuncDecl fd)
                {
                    if (fd.Body == null) { if (!Funcs.Contains(fd.Fn)) Funcs.Add(fd.Fn); Intrinsics.Add(fd.Fn); continue; }
                    var sig = fd.Recv == null ? fd.Sig : new FuncTypeExpr { Pos = fd.Sig.Pos, Params = [fd.Recv, .. fd.Sig.Params], Results = fd.Sig.Results, Variadic = fd.Sig.Variadic };
                    CheckBody(fd.Fn, sig, fd.Body!, fd.Pos);
                }
        }
        // Unused imports.
        foreach (var f in _files)
            foreach (var o in _fileScopes[f.Index].Names.Values)
                if (o is PkgObj p && !p.Used) throw Err(p.Pos, $"imported and not used: \"{p.Path}\"");
        OrderGlobals();
        if (TestMode) FindTests();
    }

    void Declare(Scope s, Obj o, Pos p)
    {
        if (o.Name == "_") return;
        if (s.Names.TryGetValue(o.Name, out var prev) && (!s.IsPkg || prev is not BuiltinObj))
            throw Err(p, $"{o.Name} redeclared in this block");
        s.Names[o.Name] = o;
        if (o is VarObj v && !s.IsPkg) s.Vars.Add(v);
    }

    /// <summary>Resolves a package-level object on first use (types, constants, global variables).</summary>
    void Resolve(Obj o)
    {
        if (!_pending.TryGetValue(o, out var p)) return;
        if (_resolving.Contains(o) && o is TypeObj { Type: NamedType }) return; // checked for invalid recursion later
        if (_resolving.Contains(o))
        {
            if (o is TypeObj) throw Err(o.Pos, $"invalid recursive type {o.Name}");
            throw Err(o.Pos, $"initialization cycle or invalid reference to {o.Name}");
        }
        _resolving.Add(o);
        var (saveScope, saveFn, saveIota, saveFile, saveDeps, saveLoop) = (_scope, _fn, _iota, _curFile, _curDeps, _loopDepth);
        _scope = _fileScopes[p.file];
        _curFile = p.file;
        _fn = null;
        _loopDepth = 0;
        try
        {
            switch (o)
            {
                case TypeObj t:
                {
                    var ut = TypeOf(p.ts!.Type, allowIncomplete: true);
                    if (t.Type is NamedType nt) nt.Underlying = ut.Under;
                    else t.Type = ut;
                    break;
                }
                case ConstObj c:
                    _iota = p.vs!.Iota;
                    CheckConstSpec(p.vs, p.index, c);
                    break;
                case VarObj v:
                {
                    var (spec, vars, _) = _globalSpec[v];
                    _fn = Glob;
                    var deps = new HashSet<Obj>();
                    _curDeps = deps;
                    CheckVarSpec(spec, vars, isGlobal: true);
                    foreach (var x in vars) { _pending.Remove(x); _resolving.Remove(x); }
                    _deps[spec] = deps;
                    if (spec.Values.Count > 0) GlobalInits.Add((spec, vars, Glob));
                    break;
                }
            }
        }
        finally
        {
            (_scope, _fn, _iota, _curFile, _curDeps, _loopDepth) = (saveScope, saveFn, saveIota, saveFile, saveDeps, saveLoop);
        }
        _pending.Remove(o);
        _resolving.Remove(o);
    }

    /// <summary>A named type may not contain itself by value (through fields or array elements).</summary>
    void CheckRecursion(GoType t, HashSet<NamedType> path, Pos pos)
    {
        switch (t)
        {
            case NamedType n:
                if (!path.Add(n)) throw Err(pos, $"invalid recursive type {n.Name}");
                if (n.Underlying != null) CheckRecursion(n.Underlying, path, pos);
                path.Remove(n);
                break;
            case ArrayType a: CheckRecursion(a.Elem, path, pos); break;
            case StructType st: foreach (var f in st.Fields) CheckRecursion(f.Type, path, pos); break;
        }
    }

    /// <summary>Library functions declared without a body: the code generator supplies it (Gen/Intrinsics.cs).</summary>
    public readonly HashSet<FuncInfo> Intrinsics = [];

    /// <summary>Library packages importable by name (embedded Go sources, Vm.Compiler/Lib).</summary>
    public static readonly HashSet<string> LibPackages = ["fmt", "errors", "strings", "strconv", "sort", "unicode", "maprt", "sync", "time", "math", "unicode/utf8", "os", "io", "sync/atomic"];

    void DeclareMethod(FuncDecl fd, int file)
    {
        _curFile = file;
        var rt = Unparen(fd.Recv!.Type);
        bool ptr = false;
        if (rt is StarExpr se) { ptr = true; rt = Unparen(se.X); }
        if (rt is not Ident rid) throw Err(fd.Recv.Type.Pos, $"invalid receiver type {ExprString.Of(fd.Recv.Type)}");
        var o = _fileScopes[file].Lookup(rid.Name) ?? throw Err(rid.Pos, $"undefined: {rid.Name}");
        rid.Ref = o;
        if (o is not TypeObj to || to.Type is not NamedType nt || PkgScope(file).LookupLocal(rid.Name) != o)
            throw Err(rid.Pos, o is TypeObj tb && tb.Type is BasicType ? $"cannot define new methods on non-local type {tb.Type}" : $"invalid receiver type {rid.Name}");
        if (nt.Under is PointerType or InterfaceType) throw Err(rid.Pos, $"invalid receiver type {rid.Name} (pointer or interface type)");
        var name = fd.Name.Name;
        var fn = fd.Fn;
        fn.Name = $"{Prefix(file)}.{(ptr ? $"(*{nt.Name})" : nt.Name)}.{name}";
        if (name != "_")
        {
            if (nt.FindMethod(name) is { } prev)
                throw Err(fd.Name.Pos, $"{nt.Name}.{name} redeclared in this block");
            if (nt.Under is StructType st && st.Fields.Any(f => f.Name == name))
                throw Err(fd.Name.Pos, $"field and method with the same name {name}");
            nt.Methods.Add(new MethodInfo(name, fn, ptr));
        }
        fd.Method = (nt, ptr);
    }

    void ResolveSignature(FuncDecl fd)
    {
        var fn = fd.Fn;
        fn.Type = FuncTypeOf(fd.Sig);
        if (fd.Method is var (nt, ptr) && nt != null)
        {
            var mi = nt.FindMethod(fd.Name.Name);
            if (mi != null && mi.Fn == fn) mi.Sig = fn.Type;
            GoType recv = ptr ? new PointerType(nt) : nt;
            fn.Type = new FuncType([recv, .. fn.Type.Params], fn.Type.Results, fn.Type.Variadic);
        }
        fn.NamedResults = fd.Sig.Results.Any(r => r.Names.Count > 0);
    }

    void CheckBody(FuncInfo fn, FuncTypeExpr sig, Block body, Pos pos)
    {
        var save = (_fn, _scope, _loopDepth, _curDeps);
        _fn = fn;
        _loopDepth = 0;
        var deps = new HashSet<Obj>();
        _curDeps = deps;
        _deps[fn] = deps;
        var s = new Scope(_scope, fn);
        _scope = s;
        if (!Funcs.Contains(fn)) Funcs.Add(fn);
        // parameters and results
        int pi = 0;
        foreach (var f in sig.Params)
        {
            if (f.Names.Count == 0) { fn.Params.Add(new VarObj("_", f.Pos, fn.Type.Params[pi++]) { Owner = fn, Used = true }); continue; }
            foreach (var n in f.Names)
            {
                var v = new VarObj(n.Name, n.Pos, fn.Type.Params[pi++]) { Owner = fn, Used = true };
                n.Ref = v;
                fn.Params.Add(v);
                Declare(s, v, n.Pos);
            }
        }
        int ri = 0;
        foreach (var f in sig.Results)
        {
            if (f.Names.Count == 0) { fn.Results.Add(new VarObj("", f.Pos, fn.Type.Results[ri++]) { Owner = fn, Used = true }); continue; }
            foreach (var n in f.Names)
            {
                var v = new VarObj(n.Name, n.Pos, fn.Type.Results[ri++]) { Owner = fn, Used = true };
                n.Ref = v;
                fn.Results.Add(v);
                Declare(s, v, n.Pos);
            }
        }
        MarkLoopingLabels(body);
        CheckStmts(body.Stmts);
        foreach (var (name, ls) in _labels)
            if (!_usedLabels.Contains(name)) throw Err(ls.Label.Pos, $"label {name} defined and not used");
        CheckUnused(s);
        if (fn.Type.Results.Count > 0 && !IsTerminatingList(body.Stmts))
            throw Err(body.Rbrace, "missing return");
        (_fn, _scope, _loopDepth, _curDeps) = save;
    }

    void CheckUnused(Scope s)
    {
        foreach (var v in s.Vars)
            if (!v.Used && v.Name != "_") throw Err(v.Pos, $"{v.Name} declared but not used");
    }

    /// <summary>Go's package initialisation order: a variable is initialised after every variable its
    /// initialiser depends on (through functions too), otherwise in declaration order.</summary>
    void OrderGlobals()
    {
        var inits = GlobalInits.ToList();
        // transitive dependencies on global variables
        HashSet<VarObj> VarDeps(object key)
        {
            var result = new HashSet<VarObj>();
            var seen = new HashSet<object>();
            var work = new Stack<object>();
            work.Push(key);
            while (work.Count > 0)
            {
                var k = work.Pop();
                if (!seen.Add(k) || !_deps.TryGetValue(k, out var ds)) continue;
                foreach (var d in ds)
                {
                    if (d is VarObj v && v.IsGlobal) { result.Add(v); if (_globalSpec.TryGetValue(v, out var gs)) work.Push(gs.spec); }
                    else if (d is FuncObj fo) work.Push(fo.Fn);
                }
            }
            return result;
        }
        // order by source position of the spec (declaration order across files: file index, then position)
        inits.Sort((a, b) => (a.Spec.Pos.File, a.Spec.Pos.Line, a.Spec.Pos.Col).CompareTo((b.Spec.Pos.File, b.Spec.Pos.Line, b.Spec.Pos.Col)));
        var deps = inits.ToDictionary(i => i.Spec, i => VarDeps(i.Spec));
        foreach (var i in inits)
            foreach (var v in i.Vars)
                if (deps[i.Spec].Contains(v)) throw Err(v.Pos, $"initialization cycle or invalid reference to {v.Name}");
        var done = new HashSet<VarObj>(Globals.Where(g => !_globalSpec.TryGetValue(g, out var gs) || gs.spec.Values.Count == 0));
        var ordered = new List<(ValueSpec, List<VarObj>, FuncInfo)>();
        var left = inits.ToList();
        while (left.Count > 0)
        {
            int k = left.FindIndex(i => deps[i.Spec].All(d => done.Contains(d) || i.Vars.Contains(d)));
            if (k < 0) throw Err(left[0].Spec.Pos, "initialization cycle");
            ordered.Add(left[k]);
            foreach (var v in left[k].Vars) done.Add(v);
            left.RemoveAt(k);
        }
        GlobalInits.Clear();
        GlobalInits.AddRange(ordered);
    }

    // ------------------------------------------------------------------ declarations

    void CheckConstSpec(ValueSpec vs, int index, ConstObj c)
    {
        // types2's arity check
        if (index >= vs.Values.Count)
            throw Err(vs.Names[index].Pos, vs.Values.Count == 0 && !vs.Inherited ? "missing init expr for const declaration" : $"missing init expr for {vs.Names[index].Name}");
        if (vs.Values.Count > vs.Names.Count && index == vs.Names.Count - 1)
        {
            var extra = vs.Values[vs.Names.Count];
            if (vs.Inherited) { var at = Err(extra.Pos, ""); throw Err(vs.Pos, $"extra init expr at {at.File}:{at.Line}:{at.Col}"); }
            throw Err(extra.Pos, $"extra init expr {ExprString.Of(extra)}");
        }
        if (vs.Inherited)
        {
            // types2 (constDecl): errors in an inherited expression are reported at the constant's name
            try { CheckConstValue(vs, index, c); }
            catch (CompileException ex) when (ex is not { Line: 0 }) { throw Err(vs.Names[index].Pos, ex.Reason); }
            return;
        }
        CheckConstValue(vs, index, c);
    }

    void CheckConstValue(ValueSpec vs, int index, ConstObj c)
    {
        GoType? t = vs.Type != null ? TypeOf(vs.Type) : null;
        var e = CloneForIota(vs.Values[index]);
        var x = Expr(e);
        if (x.Mode != Mode.Const) throw Err(e.Pos, $"{ExprString.Of(e)} ({Describe(x)}) is not constant");
        if (t != null)
        {
            if (t.Under is not BasicType) throw Err(vs.Type!.Pos, $"invalid constant type {t}");
            Assign(e, t, "constant declaration");
            x = e.Info!;
        }
        c.Type = x.Type;
        c.Val = x.Const!.Value;
    }

    /// <summary>Constant specs that repeat the previous spec's expressions share the AST: re-check a copy per iota.</summary>
    static Expr CloneForIota(Expr e) => e; // expressions are re-checked in place; Info is overwritten per use

    void CheckVarSpec(ValueSpec vs, List<VarObj> vars, bool isGlobal)
    {
        GoType? t = vs.Type != null ? TypeOf(vs.Type) : null;
        string ctx = "variable declaration";
        if (vs.Values.Count == 0)
        {
            foreach (var v in vars) v.Type = t!;
            return;
        }
        if (vs.Values.Count == 1 && vars.Count > 1)
        {
            var x = Expr(vs.Values[0]);
            var types = MultiValue(vs.Values[0], x, vars.Count, vs.Values[0].Pos, isAssign: false, lhsPos: vars[0].Pos);
            for (int i = 0; i < vars.Count; i++)
            {
                var vt = t ?? types[i];
                if (t != null && !AssignableTo(types[i], t)) throw Err(vs.Values[0].Pos, $"cannot use {ExprString.Of(vs.Values[0])} value of type {types[i]} as {t} value in {ctx}");
                vars[i].Type = vt;
            }
            return;
        }
        if (vs.Values.Count != vars.Count)
        {
            if (vs.Values.Count > vars.Count) throw Err(vs.Values[vars.Count].Pos, "extra init expr");
            throw Err(vars[vs.Values.Count].Pos, $"assignment mismatch: {vars.Count} variable{(vars.Count > 1 ? "s" : "")} but {vs.Values.Count} value{(vs.Values.Count > 1 ? "s" : "")}");
        }
        for (int i = 0; i < vars.Count; i++)
        {
            var e = vs.Values[i];
            var x = Expr(e, t);
            if (vars.Count == 1) SingleTarget(e, x, vars[0].Pos);
            SingleValue(e, x);
            if (t != null) Assign(e, t, ctx);
            else
            {
                if (x.Mode == Mode.Nil) throw Err(e.Pos, "use of untyped nil in variable declaration");
                Assign(e, Types.Default(x.Type), ctx);
            }
            vars[i].Type = t ?? e.Type;
        }
    }
}
