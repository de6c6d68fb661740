using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Modules;

namespace Vm.Compiler;

/// <summary>A TestXxx or BenchmarkXxx function of a test package: its name and module function index.</summary>
public sealed record TestFunction(string Name, int Func);

/// <summary>
/// Test files compiled for <c>govm test</c> (docs/compiler.md "Tests"): the module, its tests and
/// benchmarks in go test's order, and the runner functions and globals the interpreter uses to run
/// one of them (Vm.Interpreter/Machine.Testing.cs).
/// </summary>
public sealed class TestPackage
{
    public required Module Module { get; init; }
    public required IReadOnlyList<TestFunction> Tests { get; init; }
    public required IReadOnlyList<TestFunction> Benchmarks { get; init; }
    /// <summary>testing.tRunner () -> (): calls the func(*testing.T) in global <see cref="CurTest"/> with &amp;global <see cref="TObject"/>.</summary>
    public required int TRunner { get; init; }
    /// <summary>testing.bRunner () -> (): calls the func(*testing.B) in global <see cref="CurBench"/> with &amp;global <see cref="BObject"/> (b.N at offset 0).</summary>
    public required int BRunner { get; init; }
    public required int CurTest { get; init; }
    public required int CurBench { get; init; }
    public required int TObject { get; init; }
    public required int BObject { get; init; }
}

/// <summary>
/// The Go-subset compiler: source files of package main to a bytecode module that the verifier
/// accepts. Pipeline: lexer (automatic semicolons) -> parser (AST) -> checker (types, constants,
/// escape decisions) -> code generator (docs/compiler.md).
/// </summary>
public static class GoCompiler
{
    public static Module Compile(IReadOnlyList<SourceFile> files, CompileOptions options) => Run(files, options).Gen.M;

    /// <summary>Compiles test files (any package names, treated as one package; <c>import "testing"</c>) for govm test.
    /// A TestXxx/BenchmarkXxx with the wrong signature raises <see cref="TestSetupException"/>.</summary>
    public static TestPackage CompileTests(IReadOnlyList<SourceFile> files, CompileOptions options)
    {
        var (checker, gen) = Run(files, new CompileOptions { DeferDiagnostics = options.DeferDiagnostics, Test = true });
        return new TestPackage
        {
            Module = gen.M,
            Tests = checker.Tests.Select(t => new TestFunction(t.Name, t.Fn.Index)).ToList(),
            Benchmarks = checker.Benchmarks.Select(t => new TestFunction(t.Name, t.Fn.Index)).ToList(),
            TRunner = gen.TRunner, BRunner = gen.BRunner, CurTest = gen.CurTest, CurBench = gen.CurBench,
            TObject = gen.TObject, BObject = gen.BObject,
        };
    }

    /// <summary>The path a library package's source is known by (tracebacks, FunctionDef.File).</summary>
    static string LibPath(string pkg) => "$GOROOT/src/" + pkg + "/" + Checker.PkgName(pkg) + ".go";

    static string LibSource(string pkg)
    {
        var name = "lib/" + pkg.Replace('/', '_') + ".go";
        using var st = typeof(GoCompiler).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"library source {name} missing");
        using var r = new StreamReader(st);
        return r.ReadToEnd();
    }

    static (Checker Checker, Gen.CodeGen Gen) Run(IReadOnlyList<SourceFile> files, CompileOptions options)
    {
        if (files.Count == 0) throw new CompileException("?", 0, 0, "no Go files");
        var asts = new List<FileNode>();
        var all = files.ToList();
        bool usesMaps = false;
        var loaded = new HashSet<string>();
        for (int i = 0; i < all.Count; i++)
        {
            int fi = i;
            Exception Err(Pos p, string msg) => new CompileException(all[fi].Path, p.Line, p.Col, msg);
            var toks = new Lexer(all[i].Text, i, Err).All();
            if (toks.Any(t => t.Kind == T.Map)) usesMaps = true;
            var ast = new Parser(toks, i, Err).ParseFile(all[i].Path);
            asts.Add(ast);
            // library packages this file imports (transitively), and the map runtime if maps are used
            var wanted = ast.Imports.SelectMany(g => g.Imports).Select(s => s.Path).Where(Checker.LibPackages.Contains).ToList();
            if (usesMaps) wanted.Add("maprt");
            foreach (var path in wanted)
                if (loaded.Add(path)) all.Add(new SourceFile(LibPath(path), LibSource(path)));
        }
        var checker = new Checker(all, asts) { TestMode = options.Test, LibStart = files.Count };
        checker.Check();
        foreach (var (d, _) in checker.Defers)
            options.DeferDiagnostics?.Invoke($"{files[d.Pos.File].Path}:{d.Pos.Line}:{d.Pos.Col}: {(d.InLoop ? "heap" : "stack")}-allocated defer");
        var gen = new Gen.CodeGen(checker, all);
        gen.Generate();
        return (checker, gen);
    }
}
