using Vm.Compiler.Syntax;

namespace Vm.Compiler.Semantics;

/// <summary>A test or benchmark function found in a _test.go file (source order).</summary>
public sealed record TestFuncInfo(string Name, FuncInfo Fn);

// Test mode (govm test, docs/compiler.md "Tests"): any package name, the testing package with
// *testing.T and *testing.B, and the discovery of TestXxx / BenchmarkXxx functions.
public sealed partial class Checker
{
    /// <summary>Compile test files: any package name, <c>import "testing"</c>, no main required.</summary>
    public bool TestMode { get; init; }

    public readonly List<TestFuncInfo> Tests = [];
    public readonly List<TestFuncInfo> Benchmarks = [];

    NamedType? _testingT, _testingB;
    /// <summary>The selector being called by the call expression under check (set by CallCheck).</summary>
    SelectorExpr? _calleeSel;

    /// <summary>The prefix of the names of functions and globals declared in file <paramref name="file"/>:
    /// <c>main</c>, or in test mode Go's import path for files named on the command line
    /// (<c>command-line-arguments</c>, <c>command-line-arguments_test</c> for an external test package).</summary>
    public string Prefix(int file)
    {
        if (IsLib(file)) return _files[file].Package.Name;
        if (!TestMode) return "main";
        var pkg = (uint)file < (uint)_files.Count ? _files[file].Package.Name : "main";
        return pkg.EndsWith("_test", StringComparison.Ordinal) ? "command-line-arguments_test" : "command-line-arguments";
    }

    /// <summary>testing.T or testing.B: structs the runtime fills (B.N is a real field at offset 0;
    /// the other words belong to the runtime). Must match Vm.Interpreter/Machine.Testing.cs.</summary>
    public NamedType TestingType(string name)
    {
        if (name == "T")
            return _testingT ??= new NamedType("T", ++_namedIds) { Pkg = "testing", Imported = true, Underlying = new StructType([new Field("·id", Types.Int, false)]) };
        return _testingB ??= new NamedType("B", ++_namedIds)
        {
            Pkg = "testing",
            Imported = true,
            Underlying = new StructType([new Field("N", Types.Int, false), new Field("·id", Types.Int, false)]),
        };
    }

    static readonly SliceType AnyArgs = new(InterfaceType.Empty);

    /// <summary>The methods of testing.T and testing.B that govm supports, as func types without the receiver.</summary>
    static FuncType? TestingMethodType(bool isB, string name) => name switch
    {
        "Log" or "Error" or "Fatal" or "Skip" => new FuncType([AnyArgs], [], true),
        "Logf" or "Errorf" or "Fatalf" or "Skipf" => new FuncType([Types.String, AnyArgs], [], true),
        "SkipNow" or "FailNow" or "Fail" or "Helper" => new FuncType([], [], false),
        "Failed" or "Skipped" => new FuncType([], [Types.Bool], false),
        "Name" => new FuncType([], [Types.String], false),
        "ResetTimer" or "StartTimer" or "StopTimer" or "ReportAllocs" when isB => new FuncType([], [], false),
        _ => null,
    };

    static bool IsUnsupportedTestingMethod(string name) => name is "Run" or "Parallel" or "Cleanup" or "Setenv" or "TempDir"
        or "Deadline" or "SetBytes" or "ReportMetric" or "RunParallel" or "SetParallelism";

    /// <summary>t.M / b.M for a method of testing.T/B: only calls are supported (methods in general are issue 7).</summary>
    Operand? TestingSelector(SelectorExpr s, Operand x, bool called)
    {
        var recv = x.Type is PointerType p ? p.Elem : x.Type;
        if (recv is not NamedType nt || (nt != _testingT && nt != _testingB)) return null;
        var name = s.Sel.Name;
        var ft = TestingMethodType(nt == _testingB, name);
        if (ft == null)
        {
            if (IsUnsupportedTestingMethod(name)) throw Err(s.Sel.Pos, $"unsupported: (*testing.{nt.Name}).{name}");
            return null;
        }
        if (!called) throw Err(s.Sel.Pos, "unsupported: method values");
        if (x.Type is not PointerType) throw Err(s.Sel.Pos, $"unsupported: calling methods of testing.{nt.Name} on a value (use *testing.{nt.Name})");
        s.TestingMethod = name;
        return Operand.Of(Mode.Value, ft);
    }

    static bool IsTestName(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        if (name.Length == prefix.Length) return true;
        return !char.IsLower(name, prefix.Length); // Go's isTest: the rune after the prefix is not lower case
    }

    /// <summary>go test's discovery: func TestXxx(t *testing.T) and func BenchmarkXxx(b *testing.B) in
    /// _test.go files, in file order then source order; a wrong signature fails as Go's setup does.</summary>
    void FindTests()
    {
        // Go lists the package's own test files before the external (package x_test) ones.
        var order = _files.Where(f => !f.Package.Name.EndsWith("_test", StringComparison.Ordinal))
            .Concat(_files.Where(f => f.Package.Name.EndsWith("_test", StringComparison.Ordinal)));
        foreach (var f in order)
        {
            if (!_src[f.Index].Path.EndsWith("_test.go", StringComparison.Ordinal)) continue;
            foreach (var d in f.Decls)
            {
                if (d is not FuncDecl { Recv: null } fd) continue;
                var name = fd.Name.Name;
                if (name == "TestMain") throw Err(fd.Pos, "unsupported: TestMain");
                bool test = IsTestName(name, "Test"), bench = IsTestName(name, "Benchmark");
                if (!test && !bench) continue;
                var want = test ? TestingType("T") : TestingType("B");
                var ft = fd.Fn.Type;
                if (ft.Params.Count != 1 || ft.Results.Count != 0 || ft.Variadic || ft.Params[0] is not PointerType pt || pt.Elem != want)
                    throw new TestSetupException(_src[f.Index].Path, fd.Pos.Line, fd.Pos.Col,
                        $"wrong signature for {name}, must be: func {name}({(test ? "t *testing.T" : "b *testing.B")})");
                (test ? Tests : Benchmarks).Add(new TestFuncInfo(name, fd.Fn));
            }
        }
    }
}
