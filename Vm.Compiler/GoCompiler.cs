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

    static (Checker Checker, Gen.CodeGen Gen) Run(IReadOnlyList<SourceFile> files, CompileOptions options)
    {
        if (files.Count == 0) throw new CompileException("?", 0, 0, "no Go files");
        var asts = new List<FileNode>();
        for (int i = 0; i < files.Count; i++)
        {
            int fi = i;
            Exception Err(Pos p, string msg) => new CompileException(files[fi].Path, p.Line, p.Col, msg);
            var toks = new Lexer(files[i].Text, i, Err).All();
            asts.Add(new Parser(toks, i, Err).ParseFile(files[i].Path));
        }
        var checker = new Checker(files, asts) { TestMode = options.Test };
        checker.Check();
        foreach (var (d, _) in checker.Defers)
            options.DeferDiagnostics?.Invoke($"{files[d.Pos.File].Path}:{d.Pos.Line}:{d.Pos.Col}: {(d.InLoop ? "heap" : "stack")}-allocated defer");
        var gen = new Gen.CodeGen(checker, files);
        gen.Generate();
        return (checker, gen);
    }
}
