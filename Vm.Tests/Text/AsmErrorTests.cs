using Vm.Core;
using Vm.Core.Text;

namespace Vm.Tests.Text;

/// <summary>
/// Pins the assembler's error reporting: every kind of bad text raises only <see cref="AsmException"/>
/// with Go's <c>file:line:col: message</c> position (1-based) and the message below.
/// </summary>
public class AsmErrorTests
{
    /// <summary>Lines of a file; a function header so instruction tests need only their body.</summary>
    static string Src(params string[] lines) => string.Join("\n", lines) + "\n";

    static string InFunc(params string[] body) =>
        Src([".type int int", ".func main.main (n i) -> ()", "    .maxstack 4", .. body, "    ret", ".end"]);

    static void AssertError(string src, string expected)
    {
        var e = Assert.Throws<AsmException>(() => Assembler.Assemble(src, "t.gobs"));
        Assert.That(e!.Message, Is.EqualTo(expected));
        Assert.That(e.File, Is.EqualTo("t.gobs"));
    }

    [Test]
    public void UnknownMnemonicIsReportedAtTheMnemonic() =>
        AssertError(InFunc("    lodi 1"), "t.gobs:4:5: unknown instruction lodi");

    [Test]
    public void UnknownDirectiveIsReportedAtTheDirective() =>
        AssertError(Src(".typo x"), "t.gobs:1:1: unknown directive .typo");

    [Test]
    public void TooFewOperandsIsReportedAtTheMnemonic() =>
        AssertError(InFunc("    ldi"), "t.gobs:4:5: ldi: too few operands (want 1)");

    [Test]
    public void TooManyOperandsIsReportedAtTheFirstExtraOperand() =>
        AssertError(InFunc("    ldloc n 3"), "t.gobs:4:13: ldloc: too many operands (want 1)");

    [Test]
    public void OperandOfANoOperandInstructionIsTooMany() =>
        AssertError(InFunc("    add 1"), "t.gobs:4:9: add: too many operands (want 0)");

    [Test]
    public void BadNumberIsReportedAtTheNumber() =>
        AssertError(InFunc("    ldi 12z4"), "t.gobs:4:9: bad number 12z4");

    [Test]
    public void BadHexNumberIsReportedAtTheNumber() =>
        AssertError(InFunc("    ldi 0xfg"), "t.gobs:4:9: bad number 0xfg");

    [Test]
    public void IntegerBeyondSixtyFourBitsIsOutOfRange() =>
        AssertError(InFunc("    ldi 18446744073709551616"), "t.gobs:4:9: number 18446744073709551616 out of range (64 bits)");

    [Test]
    public void OffsetBeyondThirtyTwoBitsIsOutOfRangeForItsKind() =>
        AssertError(InFunc("    ldnil", "    ld.i8 2147483648"), "t.gobs:5:11: 2147483648 out of range for i32 offset");

    [Test]
    public void Imm8BeyondAByteIsOutOfRangeForItsKind() =>
        AssertError(InFunc("    print 256"), "t.gobs:4:11: 256 out of range for u8 immediate");

    [Test]
    public void NegativeLocalIndexIsOutOfRangeForItsKind() =>
        AssertError(InFunc("    ldloc -1"), "t.gobs:4:11: -1 out of range for u16 local index");

    [Test]
    public void UnknownPrintKindNamesTheVocabulary() =>
        AssertError(InFunc("    print str"),
            "t.gobs:4:11: print: unknown immediate str (want int, uint, float, bool, string, pointer, nl, sp, eface, slice or a number)");

    [Test]
    public void FloatTooLargeForFloat64IsOutOfRange() =>
        AssertError(InFunc("    ldf 1e400"), "t.gobs:4:9: float 1e400 out of range for float64");

    [Test]
    public void BadFloatIsReported() =>
        AssertError(InFunc("    ldf 1.5.2"), "t.gobs:4:9: bad float 1.5.2");

    [Test]
    public void UndefinedLabelIsReportedAtTheUse() =>
        AssertError(InFunc("    br nowhere"), "t.gobs:4:8: undefined label nowhere");

    [Test]
    public void DuplicateLabelIsReportedAtTheSecondDefinition() =>
        AssertError(InFunc("top:", "    nop", "top: nop"), "t.gobs:6:1: duplicate label top");

    [Test]
    public void UndefinedFunctionIsReportedAtTheOperand() =>
        AssertError(InFunc("    call main.missing"), "t.gobs:4:10: undefined function main.missing");

    [Test]
    public void UndefinedTypeIsReportedAtTheOperand() =>
        AssertError(InFunc("    new T"), "t.gobs:4:9: undefined type T");

    [Test]
    public void UndefinedTypeInsideATypeIsReportedAtTheReference() =>
        AssertError(Src(".type p *missing"), "t.gobs:1:10: undefined type missing");

    [Test]
    public void UndefinedGlobalIsReportedAtTheOperand() =>
        AssertError(InFunc("    gaddr counter"), "t.gobs:4:11: undefined global counter");

    [Test]
    public void UndefinedLocalIsReportedAtTheOperand() =>
        AssertError(InFunc("    ldloc m"), "t.gobs:4:11: undefined local m");

    [Test]
    public void UndefinedRuntimeFunctionIsReportedAtTheOperand() =>
        AssertError(InFunc("    rt concat"), "t.gobs:4:8: undefined runtime function concat");

    [Test]
    public void UndefinedFrameObjectIsReportedAtTheOperand() =>
        AssertError(InFunc("    fobj buf"), "t.gobs:4:10: undefined frame object buf");

    [Test]
    public void AmbiguousFunctionNameMustBeReferencedByIndex() =>
        AssertError(Src(".func f () -> ()", "    .maxstack 0", "    call f", "    ret", ".end", ".func f () -> ()", "    .maxstack 0", "    ret", ".end"),
            "t.gobs:3:10: ambiguous function f (declared 2 times): refer to it as #index");

    [Test]
    public void BadStringEscapeIsReportedAtTheBackslash() =>
        AssertError(InFunc("    ldstr \"ab\\qc\""), "t.gobs:4:14: bad escape \\q in string");

    [Test]
    public void ShortHexEscapeIsABadEscape() =>
        AssertError(InFunc("    ldstr \"\\x4\""), "t.gobs:4:12: bad escape \\x in string");

    [Test]
    public void UnterminatedStringIsReportedAtItsOpeningQuote() =>
        AssertError(InFunc("    ldstr \"abc"), "t.gobs:4:11: unterminated string");

    [Test]
    public void StringEndingInABackslashIsUnterminated() =>
        AssertError(InFunc("    ldstr \"abc\\"), "t.gobs:4:11: unterminated string");

    [Test]
    public void MissingMaxStackIsReportedAtTheFunction() =>
        AssertError(Src("", ".func main.main () -> ()", "    ret", ".end"), "t.gobs:2:1: missing .maxstack in function main.main");

    [Test]
    public void DuplicateMaxStackIsReported() =>
        AssertError(Src(".func f () -> ()", "    .maxstack 1", "  .maxstack 2", "    ret", ".end"), "t.gobs:3:3: duplicate .maxstack");

    [Test]
    public void InstructionOutsideFuncIsReportedAtTheMnemonic() =>
        AssertError(Src(".type int int", "  ldi 1"), "t.gobs:2:3: instruction ldi outside .func");

    [Test]
    public void FunctionDirectiveOutsideFuncIsReported() =>
        AssertError(Src(".maxstack 3"), "t.gobs:1:1: .maxstack outside .func");

    [Test]
    public void MissingEndIsReportedAtTheFunction() =>
        AssertError(Src(".func f () -> ()", "    .maxstack 0", "    ret"), "t.gobs:1:1: missing .end for function f");

    [Test]
    public void NestedFuncIsReported() =>
        AssertError(Src(".func f () -> ()", "    .maxstack 0", ".func g () -> ()"), "t.gobs:3:1: nested .func (missing .end for function f?)");

    [Test]
    public void BadSlotKindInASignatureIsReportedAtTheLetter() =>
        AssertError(Src(".func f (ixp) -> ()", "    .maxstack 0", "    ret", ".end"), "t.gobs:1:11: bad slot kind 'x' in signature (want i, f or p)");

    [Test]
    public void BadSlotKindInANamedParameterIsReported() =>
        AssertError(Src(".func f (a i, b q) -> ()", "    .maxstack 0", "    ret", ".end"), "t.gobs:1:17: bad slot kind 'q' in signature (want i, f or p)");

    [Test]
    public void BadSlotKindInAnOperandSignatureIsReported() =>
        AssertError(InFunc("    ldnil", "    callind (p) -> (s)"), "t.gobs:5:21: bad slot kind 's' in signature (want i, f or p)");

    [Test]
    public void TypeThatContainsItselfIsReportedAtItsDeclaration() =>
        AssertError(Src(".type int int", ".type list struct { head int; tail pair }", ".type pair [2]list"),
            "t.gobs:2:7: type 1 (list) contains itself");

    [Test]
    public void UnknownTypeKindIsReported() =>
        AssertError(Src(".type x map"), "t.gobs:1:9: unknown type kind map");

    [Test]
    public void UnexpectedCharacterIsReported() =>
        AssertError(Src(".type x int ?"), "t.gobs:1:13: unexpected character '?'");

    [Test]
    public void ExtraTokensAfterADirectiveAreReported() =>
        AssertError(Src(".type x int int"), "t.gobs:1:13: unexpected int after .type");

    [Test]
    public void MissingOperandTokenInsideASignatureIsReportedAtTheEndOfTheLine() =>
        AssertError(InFunc("    ldnil", "    callind (p) ->"), "t.gobs:5:19: expected (, found end of line");

    [Test]
    public void FirstErrorInTheTextWinsWithinAPass()
    {
        // Two reference errors: the earlier line is reported.
        AssertError(InFunc("    call nope", "    new nothing"), "t.gobs:4:10: undefined function nope");
    }

    [Test]
    public void NonNaNBitsInANaNLiteralAreRejected() =>
        AssertError(InFunc("    ldf nan(0x3ff0000000000000)"), "t.gobs:4:13: nan(0x3ff0000000000000): bits are not a NaN");
}
