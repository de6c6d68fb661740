using Vm.Tests.Compiler;

namespace Vm.Tests.Lang;

/// <summary>Compile errors of methods, interfaces and maps, with the whole message go build 1.19 prints.</summary>
public class LangErrorTests
{
    const string Shape = "package main\n\ntype Shape interface{ Area() float64 }\n\ntype T struct{}\n\n";

    [Test]
    public void MissingMethodNamesTheMethod()
    {
        var msg = GoSource.Error(Shape + "func main() {\n\tvar s Shape = T{}\n\t_ = s\n}\n");
        Assert.That(msg, Is.EqualTo("prog.go:8:16: cannot use T{} (value of type T) as type Shape in variable declaration:\n\tT does not implement Shape (missing Area method)"));
    }

    [Test]
    public void PointerReceiverMethodIsNotInTheValueMethodSet()
    {
        var msg = GoSource.Error(Shape + "func (t *T) Area() float64 { return 0 }\n\nfunc main() {\n\tvar s Shape = T{}\n\t_ = s\n}\n");
        Assert.That(msg, Is.EqualTo("prog.go:10:16: cannot use T{} (value of type T) as type Shape in variable declaration:\n\tT does not implement Shape (Area method has pointer receiver)"));
    }

    [Test]
    public void PointerToTheTypeImplementsThroughAPointerReceiver()
    {
        var m = GoSource.Compile(Shape + "func (t *T) Area() float64 { return 0 }\n\nfunc main() {\n\tvar s Shape = &T{}\n\t_ = s\n}\n");
        Assert.That(m.FindFunc("main.(*T).Area"), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void UncomparableMapKeyIsRejected()
    {
        Assert.That(GoSource.Error("package main\n\nfunc main() {\n\tm := map[[]int]string{}\n\t_ = m\n}\n"), Is.EqualTo("prog.go:4:11: invalid map key type []int"));
    }

    [Test]
    public void AmbiguousSelectorIsRejected()
    {
        var src = "package main\n\ntype A struct{ X int }\ntype B struct{ X int }\ntype C struct {\n\tA\n\tB\n}\n\nfunc main() {\n\tvar c C\n\tprintln(c.X)\n}\n";
        Assert.That(GoSource.Error(src), Is.EqualTo("prog.go:12:12: ambiguous selector c.X"));
    }
}

public class LangUnsupportedTests
{
    [TestCase("import \"strings\"", "\t_ = strings.NewReader(\"x\")", "prog.go:7:14: unsupported: strings.NewReader")]
    [TestCase("import \"fmt\"", "\tvar n int\n\tfmt.Sscan(\"1\", &n)", "prog.go:8:6: unsupported: fmt.Sscan")]
    [TestCase("import \"sync\"", "\tvar c sync.Map\n\t_ = c", "prog.go:7:13: unsupported: type sync.Map")]
    [TestCase("import \"net/http\"", "\t_ = http.Get", "prog.go:3:8: unsupported: import \"net/http\"")]
    [TestCase("", "\tvar f float32\n\t_ = f", "prog.go:7:8: unsupported: type float32")]
    public void LibraryGapsSaySoByName(string import, string body, string want)
    {
        var src = $"package main\n\n{import}\n\nfunc main() {{\n\n{body}\n}}\n";
        Assert.That(GoSource.Error(src), Is.EqualTo(want));
    }
}
