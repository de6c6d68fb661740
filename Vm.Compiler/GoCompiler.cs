using Vm.Compiler.Semantics;
using Vm.Compiler.Syntax;
using Vm.Core.Modules;

namespace Vm.Compiler;

/// <summary>
/// The Go-subset compiler: source files of package main to a bytecode module that the verifier
/// accepts. Pipeline: lexer (automatic semicolons) -> parser (AST) -> checker (types, constants,
/// escape decisions) -> code generator (docs/compiler.md).
/// </summary>
public static class GoCompiler
{
    public static Module Compile(IReadOnlyList<SourceFile> files, CompileOptions options)
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
        var checker = new Checker(files, asts);
        checker.Check();
        foreach (var (d, _) in checker.Defers)
            options.DeferDiagnostics?.Invoke($"{files[d.Pos.File].Path}:{d.Pos.Line}:{d.Pos.Col}: {(d.InLoop ? "heap" : "stack")}-allocated defer");
        return new Gen.CodeGen(checker, files).Generate();
    }
}
