using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Tests.Compiler;

/// <summary>Each construct compiles to a module the verifier accepts (GoSource.Compile verifies), with the code shape the design asks for.</summary>
public class CompileVerifyTests
{
    static IEnumerable<TestCaseData> Constructs()
    {
        (string name, string body, string decls)[] cases =
        [
            ("ints", "\tvar a int8 = 1\n\tvar b uint16 = 2\n\tvar c int32 = 3\n\tvar d uint64 = 4\n\tvar e uintptr = 5\n\ta++\n\tb <<= 3\n\tc %= 2\n\td &^= 1\n\te--\n\tprintln(a, b, c, d, e)", ""),
            ("floats", "\tx := 1.5\n\tx *= 2\n\tprintln(x/3, int(x), float64(7)/2, x > 1)", ""),
            ("strings", "\ts := \"a\" + \"b\"\n\ts += \"c\"\n\tprintln(s, len(s), s[1], s[1:], s < \"b\", s == \"abc\")\n\tfor i, r := range s {\n\t\tprintln(i, r)\n\t}", ""),
            ("conversions", "\tb := []byte(\"hi\")\n\ts := string(b)\n\tr := string(rune(65))\n\tprintln(s, r, uint8(300&0xff), int(2.0))", ""),
            ("consts", "\tconst k = 1 << 10\n\tconst f = k / 3.0\n\tprintln(k, f, C, D)", "const (\n\tC = iota * 2\n\tD\n)"),
            ("arrays", "\tvar a [3]int\n\ta[1] = 2\n\tb := a\n\tfor i, v := range b {\n\t\tprintln(i, v)\n\t}\n\tprintln(len(a), a[1:])", ""),
            ("slices", "\ts := make([]int, 2, 5)\n\ts = append(s, 1, 2)\n\tt := append(s[:1], s...)\n\tn := copy(t, s)\n\tprintln(len(t), cap(s), n, s[1:3:4])", ""),
            ("structs", "\tp := P{1, \"x\"}\n\tq := &p\n\tq.A = 2\n\tr := []P{{3, \"y\"}}\n\tprintln(p.A, r[0].B, mk().A)", "type P struct {\n\tA int\n\tB string\n}\n\nfunc mk() P { return P{A: 9} }"),
            ("embedded", "\tvar o Outer\n\to.X = 1\n\to.Inner.Y = 2\n\tprintln(o.X + o.Y)", "type Inner struct{ X, Y int }\ntype Outer struct {\n\tInner\n\tZ int\n}"),
            ("pointers", "\tx := 1\n\tp := &x\n\t*p = 2\n\tpp := &p\n\t**pp++\n\tn := new(int)\n\tprintln(x, *n, p == nil)", ""),
            ("multiple results", "\ta, b := two()\n\ta, b = b, a\n\t_, c := two()\n\tprintln(a, b, c, add(two()))", "func two() (int, int) { return 1, 2 }\nfunc add(a, b int) int { return a + b }"),
            ("named results", "\ta, b := nr(3)\n\tprintln(a, b)", "func nr(x int) (y int, err bool) {\n\ty = x * 2\n\tif y > 4 {\n\t\terr = true\n\t\treturn\n\t}\n\treturn y, false\n}"),
            ("variadic", "\tprintln(sum(), sum(1, 2), sum([]int{3}...))", "func sum(xs ...int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}"),
            ("closures", "\tc := 0\n\tinc := func() { c++ }\n\tinc()\n\tfunc() { c += 10 }()\n\tf := adder(5)\n\tprintln(c, f(1))", "func adder(n int) func(int) int {\n\treturn func(x int) int { return x + n }\n}"),
            ("nested closures", "\tx := 1\n\tf := func() func() int {\n\t\treturn func() int { x++; return x }\n\t}\n\tprintln(f()())", ""),
            ("switch", "\tx := 2\n\tswitch x {\n\tcase 1, 2:\n\t\tprintln(\"a\")\n\t\tfallthrough\n\tcase 3:\n\t\tprintln(\"b\")\n\tdefault:\n\t}\n\tswitch {\n\tcase x > 1:\n\t}", ""),
            ("type switch", "\tvar e interface{} = 3\n\tswitch v := e.(type) {\n\tcase int:\n\t\tprintln(v + 1)\n\tcase string, bool:\n\t\tprintln(v != nil)\n\t}", ""),
            ("loops and labels", "\tn := 0\nouter:\n\tfor i := 0; i < 3; i++ {\n\t\tfor j := range 4 {\n\t\t\tif j == i {\n\t\t\t\tcontinue outer\n\t\t\t}\n\t\t\tn += j\n\t\t\tif n > 5 {\n\t\t\t\tbreak outer\n\t\t\t}\n\t\t}\n\t}\n\tfor n > 0 {\n\t\tn--\n\t}\n\tfor {\n\t\tbreak\n\t}", ""),
            ("goto", "\ti := 0\nl:\n\ti++\n\tif i < 3 {\n\t\tgoto l\n\t}", ""),
            ("interfaces", "\tvar e interface{}\n\tprintln(e == nil)\n\te = P{}\n\tp, ok := e.(P)\n\tvar q interface{} = &p\n\tprintln(ok, q != nil, e.(P).A)", "type P struct{ A int }"),
            ("defer recover", "\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tprintln(\"recovered\")\n\t\t}\n\t}()\n\tpanic(\"x\")", ""),
            ("defer builtins", "\tdefer println(\"a\", 1)\n\tdefer panic(\"p\")\n\tdefer recover()\n\tfor i := 0; i < 2; i++ {\n\t\tdefer print(i)\n\t}", ""),
            ("defer args", "\tx := 1\n\tdefer show(x, P{x})\n\tx = 2", "type P struct{ A int }\nfunc show(a int, p P) { println(a, p.A) }"),
            ("globals", "\tprintln(g1, g2, len(g3))\n\tg1++", "var g1 = g2 * 2\nvar g2 = 21\nvar g3 = []string{\"a\"}\nfunc init() { g2++ }"),
            ("channels", "\tc := make(chan int, 1)\n\tc <- 1\n\tv := <-c\n\tv, ok := <-c\n\tclose(c)\n\tfor x := range c {\n\t\tprintln(x)\n\t}\n\tprintln(v, ok, len(c), cap(c))", ""),
            ("select", "\tc := make(chan int)\n\td := make(chan string, 1)\n\tselect {\n\tcase v := <-c:\n\t\tprintln(v)\n\tcase d <- \"x\":\n\tcase s, ok := <-d:\n\t\tprintln(s, ok)\n\tdefault:\n\t}", ""),
            ("goroutines", "\tc := make(chan bool)\n\tgo func() { c <- true }()\n\tgo worker(c, 1)\n\tgo println(\"x\")\n\t<-c\n\t<-c", "func worker(c chan bool, n int) { c <- n > 0 }"),
            ("runtime", "\truntime.GC()\n\truntime.Gosched()\n\tprintln(runtime.NumGoroutine(), runtime.GOMAXPROCS(0))", ""),
        ];
        foreach (var (name, body, decls) in cases)
        {
            var src = name == "runtime" ? "package main\n\nimport \"runtime\"\n\nfunc main() {\n" + body + "\n}\n" : GoSource.Program(body, decls);
            yield return new TestCaseData(src).SetName("CompilesAndVerifies_" + name.Replace(' ', '_'));
        }
    }

    [TestCaseSource(nameof(Constructs))]
    public void ConstructCompilesToVerifiedCode(string src)
    {
        var m = GoSource.Compile(src);
        Assert.That(m.Entry, Is.EqualTo(m.FindFunc("main.main")));
    }

    [Test]
    public void FunctionsAreNamedAsGoTracebacksPrintThem()
    {
        var m = GoSource.Compile(GoSource.Program("\tf := func() {}\n\tf()\n\tg()", "func g() {\n\tfunc() {\n\t\tfunc() {}()\n\t}()\n}\nfunc init() {}"), "names.go");
        var names = m.Funcs.Select(f => f.Name).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "main.main", "main.main.func1", "main.g", "main.g.func1", "main.g.func1.1", "main.init", "main.init.0" }));
        Assert.That(m.Funcs.All(f => f.File == "names.go"), Is.True);
        Assert.That(m.Init, Is.EqualTo(m.FindFunc("main.init")));
    }

    [Test]
    public void LineTableFollowsSourceLines()
    {
        var m = GoSource.Compile("package main\n\nfunc main() {\n\tx := 1\n\n\tprintln(x)\n}\n");
        var f = GoSource.Func(m, "main.main");
        var lines = f.Lines.Select(l => l.Line).ToList();
        Assert.That(lines, Does.Contain(4));
        Assert.That(lines, Does.Contain(6));
        int printPc = FirstPc(f, Op.Print);
        Assert.That(f.LineAt(printPc), Is.EqualTo(6));
    }

    [Test]
    public void ClosureCalledInPlaceStaysInTheFrame()
    {
        var m = GoSource.Compile(GoSource.Program("\tx := 1\n\tfunc() { x++ }()\n\tprintln(x)"));
        var f = GoSource.Func(m, "main.main");
        Assert.That(GoSource.Ops(f), Does.Not.Contain(Op.New));
        Assert.That(f.FrameObjects.Count, Is.EqualTo(2)); // x and the closure object
        Assert.That(m.Types[f.FrameObjects[1]].Kind, Is.EqualTo(TypeKind.Closure));
    }

    [Test]
    public void EscapingClosureAndItsCapturesGoToTheHeap()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(counter()())", "func counter() func() int {\n\tc := 0\n\treturn func() int { c++; return c }\n}"));
        var f = GoSource.Func(m, "main.counter");
        Assert.That(GoSource.Ops(f).Count(o => o == Op.New), Is.EqualTo(2)); // c and the closure
        Assert.That(f.FrameObjects, Is.Empty);
    }

    [Test]
    public void LiteralWithoutCapturesIsAStaticFuncval()
    {
        var m = GoSource.Compile(GoSource.Program("\tf := func(a int) int { return a }\n\tprintln(f(1))"));
        var ops = GoSource.Ops(GoSource.Func(m, "main.main"));
        Assert.That(ops, Does.Contain(Op.LdFn));
        Assert.That(ops, Does.Not.Contain(Op.New));
        Assert.That(ops, Does.Not.Contain(Op.FnInit));
    }

    [Test]
    public void AddressTakenVariableEscapesToTheHeap()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(*f())", "func f() *int {\n\tx := 1\n\treturn &x\n}"));
        Assert.That(GoSource.Ops(GoSource.Func(m, "main.f")), Does.Contain(Op.New));
    }

    [Test]
    public void NamedResultsAreReturnedAfterDeferret()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(f())", "func f() (r int) {\n\tdefer func() { r *= 2 }()\n\treturn 21\n}"));
        var f = GoSource.Func(m, "main.f");
        var dr = InstrCodec.Decode(f.Code, f.DeferReturnPc);
        Assert.That(dr.Op, Is.EqualTo(Op.DeferRet));
        // after the deferreturn point: load r from its frame object, ret
        var next = InstrCodec.Decode(f.Code, dr.Next);
        Assert.That(next.Op, Is.EqualTo(Op.FObj));
        Assert.That(GoSource.Ops(f).Count(o => o == Op.Ret), Is.EqualTo(1));
    }

    [Test]
    public void FunctionWithoutDefersHasNoDeferReturnPoint()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(1)"));
        Assert.That(GoSource.Func(m, "main.main").DeferReturnPc, Is.EqualTo(-1));
    }

    [Test]
    public void PrintlnSeparatesOperandsWithSpacesAndEndsWithNewline()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(1, \"a\", true)"));
        var f = GoSource.Func(m, "main.main");
        var kinds = new List<PrintKind>();
        for (int pc = 0; pc < f.Code.Length;)
        {
            var i = InstrCodec.Decode(f.Code, pc);
            if (i.Op == Op.Print) kinds.Add((PrintKind)i.A);
            pc = i.Next;
        }
        Assert.That(kinds, Is.EqualTo(new[] { PrintKind.Int, PrintKind.Space, PrintKind.String, PrintKind.Space, PrintKind.Bool, PrintKind.Newline }));
    }

    [Test]
    public void PackageVariablesAreInitialisedInDependencyOrder()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(a, b)", "var a = b + 1\nvar b = 2"));
        var init = GoSource.Func(m, "main.init");
        // b's store (gaddr b) comes before a's
        var gaddrs = new List<long>();
        for (int pc = 0; pc < init.Code.Length;)
        {
            var i = InstrCodec.Decode(init.Code, pc);
            if (i.Op == Op.GAddr) gaddrs.Add(i.A);
            pc = i.Next;
        }
        int ai = m.Globals.FindIndex(g => g.Name == "main.a"), bi = m.Globals.FindIndex(g => g.Name == "main.b");
        Assert.That(gaddrs.First(), Is.EqualTo(bi));
        Assert.That(gaddrs, Does.Contain((long)ai));
    }

    [Test]
    public void SeveralFilesFormOnePackage()
    {
        var m = Vm.Compiler.GoCompiler.Compile(
            [new("a.go", "package main\n\nfunc main() { println(g(), v) }\n"), new("b.go", "package main\n\nvar v = 3\n\nfunc g() int { return v }\n")],
            new Vm.Compiler.CompileOptions());
        Vm.Core.Verification.Verifier.Verify(m);
        Assert.That(GoSource.Func(m, "main.g").File, Is.EqualTo("b.go"));
        Assert.That(GoSource.Func(m, "main.main").File, Is.EqualTo("a.go"));
    }

    [Test]
    public void MaxStackIsTheDeepestStackTheVerifierFinds()
    {
        var m = GoSource.Compile(GoSource.Program("\tprintln(f(1, 2, 3))", "func f(a, b, c int) int { return a + b*c }"));
        var maps = Vm.Core.Verification.Verifier.Verify(m);
        for (int i = 0; i < m.Funcs.Count; i++) Assert.That(m.Funcs[i].MaxStack, Is.EqualTo(maps.Funcs[i].MaxDepth));
    }

    static int FirstPc(FunctionDef f, Op op)
    {
        for (int pc = 0; pc < f.Code.Length;)
        {
            var i = InstrCodec.Decode(f.Code, pc);
            if (i.Op == op) return pc;
            pc = i.Next;
        }
        return -1;
    }
}
