using Vm.Compiler;

namespace Vm.Tests.Compiler;

/// <summary>One wrong program per common error; the expected first lines are what Go 1.19 prints for the same file
/// (go build), except for the constructs govm does not support, which say so by name.</summary>
public class CompileErrorTests
{
    static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(@"package main

func f(a, b int) int { return a + b }

func main() {
	println(f(1))
}
", @"prog.go:6:12: not enough arguments in call to f").SetName("CompileError_argcount");
        yield return new TestCaseData(@"package main

func f(a int) {}

func main() {
	f(1, 2)
}
", @"prog.go:6:7: too many arguments in call to f").SetName("CompileError_argcount2");
        yield return new TestCaseData(@"package main

func f() (int, int) { return 1, 2 }

func main() {
	x := f()
	println(x)
}
", @"prog.go:6:7: assignment mismatch: 1 variable but f returns 2 values").SetName("CompileError_assignmismatch");
        yield return new TestCaseData(@"package main

func main() {
	x := 1
	x = ""a""
	println(x)
}
", @"prog.go:5:6: cannot use ""a"" (untyped string constant) as int value in assignment").SetName("CompileError_assignstr");
        yield return new TestCaseData(@"package main

type P struct{ X int }

func main() {
	var p P
	println(p.Y)
}
", @"prog.go:7:12: p.Y undefined (type P has no field or method Y)").SetName("CompileError_badfield");
        yield return new TestCaseData(@"package main

func main() {
	break
}
", @"prog.go:4:2: break is not in a loop, switch, or select").SetName("CompileError_breakout");
        yield return new TestCaseData(@"package main

func main() {
	x := 1
	x()
}
", @"prog.go:5:2: invalid operation: cannot call non-function x (variable of type int)").SetName("CompileError_callnonfunc");
        yield return new TestCaseData(@"package main

func main() {
	x := 1
	println(x / 0)
}
", @"prog.go:5:14: invalid operation: division by zero").SetName("CompileError_divzero");
        yield return new TestCaseData(@"package main

import ""net/http""

func main() { http.Get(""x"") }
", @"prog.go:3:8: unsupported: import ""net/http""").SetName("CompileError_unsupportedimport");
        yield return new TestCaseData(@"package main

func main() {
	m := map[[]int]string{}
	_ = m
}
", @"prog.go:4:11: invalid map key type []int").SetName("CompileError_mapkey");
        yield return new TestCaseData(@"package main

type T struct{}

func (t T) M() {}
func (t T) M() {}

func main() {
}
", @"prog.go:6:12: T.M redeclared in this block").SetName("CompileError_methodredeclared");
        yield return new TestCaseData(@"package main

type Shape interface{ Area() float64 }

type T struct{}

func main() {
	var s Shape = T{}
	_ = s
}
", "prog.go:8:16: cannot use T{} (value of type T) as type Shape in variable declaration:").SetName("CompileError_missingmethod");
        yield return new TestCaseData(@"package main

type Shape interface{ Area() float64 }

type T struct{}

func (t *T) Area() float64 { return 0 }

func main() {
	var s Shape = T{}
	_ = s
}
", "prog.go:10:16: cannot use T{} (value of type T) as type Shape in variable declaration:").SetName("CompileError_pointerreceiver");
        yield return new TestCaseData(@"package main

func main() {
	a := 1
	b := ""s""
	println(a + b)
}
", @"prog.go:6:10: invalid operation: a + b (mismatched types int and string)").SetName("CompileError_mismatch");
        yield return new TestCaseData(@"package main

func f(x int) int {
	if x > 0 {
		return 1
	}
}

func main() { println(f(1)) }
", @"prog.go:7:1: missing return").SetName("CompileError_missingreturn");
        yield return new TestCaseData(@"package main

func main() {
	x := 1
	x := 2
	println(x)
}
", @"prog.go:5:4: no new variables on left side of :=").SetName("CompileError_noNew");
        yield return new TestCaseData(@"package main

func main() {
	x := 1
	if x {
	}
}
", @"prog.go:5:5: non-boolean condition in if statement").SetName("CompileError_nonbool");
        yield return new TestCaseData(@"package main

func main() {
	var x foo
	println(x)
}
", @"prog.go:4:8: undefined: foo").SetName("CompileError_notype");
        yield return new TestCaseData(@"package main

func main() {
	var b byte = 256
	println(b)
}
", @"prog.go:4:15: cannot use 256 (untyped int constant) as byte value in variable declaration (overflows)").SetName("CompileError_overflow");
        yield return new TestCaseData(@"package main

func f() {}
func f() {}

func main() {}
", @"prog.go:4:6: f redeclared in this block").SetName("CompileError_redecl");
        yield return new TestCaseData(@"package main

func f() int {
	return 1, 2
}

func main() { println(f()) }
", @"prog.go:4:12: too many return values").SetName("CompileError_retcount");
        yield return new TestCaseData(@"package main

func main() {
	var s string
	var i int
	s = i
	println(s)
}
", @"prog.go:6:6: cannot use i (variable of type int) as type string in assignment").SetName("CompileError_strint");
        yield return new TestCaseData(@"package main

func main() {
	x := (1 + 2
	println(x)
}
", @"prog.go:4:13: syntax error: unexpected newline, expecting )").SetName("CompileError_syntax1");
        yield return new TestCaseData(@"package main

func main() {
	x := y + 1
	println(x)
}
", @"prog.go:4:7: undefined: y").SetName("CompileError_undefined");
        yield return new TestCaseData(@"package main

func main() {
	println(""abc)
}
", @"prog.go:4:15: newline in string").SetName("CompileError_unterminated");
        yield return new TestCaseData(@"package main

import ""runtime""

func main() {
}
", @"prog.go:3:8: imported and not used: ""runtime""").SetName("CompileError_unusedimport");
        yield return new TestCaseData(@"package main

func main() {
	x := 1
}
", @"prog.go:4:2: x declared but not used").SetName("CompileError_unusedvar");
        yield return new TestCaseData(@"package main

func main() {
	var s string = 5
	println(s)
}
", @"prog.go:4:17: cannot use 5 (untyped int constant) as string value in variable declaration").SetName("CompileError_wrongtype");
    }

    [TestCaseSource(nameof(Cases))]
    public void ReportsTheErrorGoReports(string src, string want)
    {
        var msg = GoSource.Error(src.Replace("\r\n", "\n"));
        Assert.That(msg.Split('\n')[0], Is.EqualTo(want));
    }
}

public class CompileErrorDetailTests
{
    [Test]
    public void ArgumentCountErrorListsHaveAndWantLikeGo()
    {
        var msg = GoSource.Error("package main\n\nfunc f(a, b int) int { return a + b }\n\nfunc main() {\n\tprintln(f(1))\n}\n");
        Assert.That(msg, Is.EqualTo("prog.go:6:12: not enough arguments in call to f\n\thave (number)\n\twant (int, int)"));
    }

    [Test]
    public void ErrorNamesTheFileItIsIn()
    {
        var files = new[] { new SourceFile("a.go", "package main\n\nfunc main() { g() }\n"), new SourceFile("b.go", "package main\n\nfunc g() { x := 1 }\n") };
        var e = Assert.Throws<CompileException>(() => GoCompiler.Compile(files, new CompileOptions()));
        Assert.That(e!.Message, Is.EqualTo("b.go:3:12: x declared but not used"));
    }

    [TestCase("go func() {}", "prog.go:6:5: expression in go must be function call")]
    [TestCase("defer recover", "prog.go:6:8: expression in defer must be function call")]
    [TestCase("for i := 0; i < 3 {\n\t}", "prog.go:6:20: syntax error: unexpected {, expecting semicolon or newline")]
    [TestCase("x := 1 y", "prog.go:6:9: syntax error: unexpected y at end of statement")]
    [TestCase("x := (1 + 2\n\tprintln(x)", "prog.go:6:13: syntax error: unexpected newline, expecting )")]
    [TestCase("if x := 1 {\n\t}", "prog.go:6:7: syntax error: cannot use x := 1 as value")]
    public void SyntaxErrorsUseGoWording(string body, string want)
    {
        Assert.That(GoSource.Error(GoSource.Program("\t" + body)).Split('\n')[0], Is.EqualTo(want));
    }

    [TestCase("var c complex128", "unsupported: type complex128")]
    [TestCase("var f float32", "unsupported: type float32")]
    public void UnsupportedConstructsSaySoByName(string body, string want)
    {
        Assert.That(GoSource.Error(GoSource.Program("\t" + body)), Does.EndWith(want));
    }

    [Test]
    public void UnsupportedImportIsNamed()
    {
        Assert.That(GoSource.Error("package main\n\nimport \"net/http\"\n\nfunc main() {}\n"), Is.EqualTo("prog.go:3:8: unsupported: import \"net/http\""));
    }

    [Test]
    public void MissingMainIsAnError()
    {
        Assert.That(GoSource.Error("package main\n\nfunc f() {}\n"), Does.Contain("function main is undeclared in the main package"));
    }

    [Test]
    public void InvalidRecursiveTypeIsRejected()
    {
        Assert.That(GoSource.Error("package main\n\ntype T struct{ next T }\n\nfunc main() {}\n"), Is.EqualTo("prog.go:3:6: invalid recursive type T"));
    }
}
