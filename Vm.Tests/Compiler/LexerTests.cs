using Vm.Compiler;
using Vm.Compiler.Syntax;

namespace Vm.Tests.Compiler;

public class LexerTests
{
    static List<Token> Lex(string s) => new Lexer(s, 0, (p, m) => new CompileException("x.go", p.Line, p.Col, m)).All();

    static string Kinds(string s) => string.Join(" ", Lex(s).Select(t => t.Kind == T.Semicolon && t.AutoSemi ? "⏎" : t.ToString()));

    [Test]
    public void SemicolonIsInsertedAfterLineEndingInIdentifierLiteralOrCloser()
    {
        Assert.That(Kinds("x\n1\n\"s\"\n)\n]\n}\nreturn\nbreak\ni++\n"), Is.EqualTo("x ⏎ literal ⏎ literal ⏎ ) ⏎ ] ⏎ } ⏎ return ⏎ break ⏎ i ++ ⏎ EOF"));
    }

    [Test]
    public void NoSemicolonAfterOperatorsOpenersOrKeywordsThatContinue()
    {
        Assert.That(Kinds("a +\nb (\nc {\nif\nfunc\n"), Is.EqualTo("a + b ( c { if func EOF"));
    }

    [Test]
    public void SemicolonAtEofAndAfterMultilineCommentWithNewline()
    {
        Assert.That(Kinds("x /* a\nb */ y"), Is.EqualTo("x ⏎ y ⏎ EOF"));
        Assert.That(Kinds("x /* one line */ y // c"), Is.EqualTo("x y ⏎ EOF"));
    }

    [Test]
    public void IntegerLiteralsInEveryBase()
    {
        var t = Lex("0x1F 0b101 0o17 017 1_000 42").Where(x => x.Kind == T.Int).Select(x => (long)x.IntVal).ToList();
        Assert.That(t, Is.EqualTo(new long[] { 31, 5, 15, 15, 1000, 42 }));
    }

    [Test]
    public void FloatLiteralsAreExactRationals()
    {
        var t = Lex("0.1 1e-3 0x1p-2 0x1.8p1 1_000.5 1e400");
        Assert.That(t[0].FloatVal, Is.EqualTo(new Vm.Compiler.Syntax.Rat(1, 10)));
        Assert.That(t[1].FloatVal, Is.EqualTo(new Vm.Compiler.Syntax.Rat(1, 1000)));
        Assert.That(t[2].FloatVal, Is.EqualTo(new Vm.Compiler.Syntax.Rat(1, 4)));
        Assert.That(t[3].FloatVal, Is.EqualTo(new Vm.Compiler.Syntax.Rat(3)));
        Assert.That(t[4].FloatVal, Is.EqualTo(new Vm.Compiler.Syntax.Rat(2001, 2)));
        Assert.That(t[5].FloatVal, Is.EqualTo(new Vm.Compiler.Syntax.Rat(System.Numerics.BigInteger.Pow(10, 400))));
    }

    [Test]
    public void FloatRuneAndStringLiteralsDecodeEscapes()
    {
        var t = Lex("1.5e2 'a' '\\n' '\\u4e16' \"a\\tb\\x41\\u00e9\" `raw\\n`");
        Assert.That(t[0].FloatVal, Is.EqualTo(new Vm.Compiler.Syntax.Rat(150)));
        Assert.That((int)t[1].IntVal, Is.EqualTo('a'));
        Assert.That((int)t[2].IntVal, Is.EqualTo('\n'));
        Assert.That((int)t[3].IntVal, Is.EqualTo(0x4e16));
        Assert.That(t[4].StrVal, Is.EqualTo(new byte[] { (byte)'a', 9, (byte)'b', 0x41, 0xc3, 0xa9 }));
        Assert.That(System.Text.Encoding.UTF8.GetString(t[5].StrVal), Is.EqualTo("raw\\n"));
    }

    [Test]
    public void PositionsAreLineAndByteColumn()
    {
        var t = Lex("package main\n\tx := 1");
        var x = t.First(k => k.Text == "x");
        Assert.That((x.Pos.Line, x.Pos.Col), Is.EqualTo((2, 2)));
    }

    [TestCase("x := \"abc\ny", "x.go:1:10: newline in string")]
    [TestCase("x := \"abc", "x.go:1:6: string literal not terminated")]
    [TestCase("/* never closed", "x.go:1:1: comment not terminated")]
    [TestCase("x := @", "x.go:1:6: invalid character U+0040 '@'")]
    [TestCase("x := 'ab'", "x.go:1:6: more than one character in rune literal")]
    [TestCase("x := 1i", "x.go:1:6: unsupported: complex numbers")]
    public void LexicalErrorsAreReportedWithPosition(string src, string msg)
    {
        var e = Assert.Throws<CompileException>(() => Lex(src));
        Assert.That(e!.Message, Is.EqualTo(msg));
    }
}
