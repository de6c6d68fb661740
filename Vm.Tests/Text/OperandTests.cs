using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Core.Text;

namespace Vm.Tests.Text;

/// <summary>
/// Pins how operands are written and read: float immediates keep their exact bits (NaN payloads,
/// signed zero, subnormals), strings keep arbitrary bytes, integers take every spelling, names
/// resolve forward, and signature/string tables keep the order .sig/.string pin.
/// </summary>
public class OperandTests
{
    static Module Asm(params string[] body) =>
        Assembler.Assemble(string.Join("\n", [".func main.main (n i) -> ()", "    .maxstack 8", .. body, "    ret", ".end"]) + "\n", "t.gobs");

    static List<Instr> Code(Module m, int func = 0)
    {
        var code = m.Funcs[func].Code;
        var r = new List<Instr>();
        for (int pc = 0; pc < code.Length;)
        {
            var i = InstrCodec.Decode(code, pc);
            r.Add(i);
            pc = i.Next;
        }
        return r;
    }

    static Module OneInstr(Op op, long a = 0, long b = 0)
    {
        var m = new Module();
        m.Sigs.Add(new Signature([], []));
        var cb = new CodeBuilder();
        cb.Emit(op, a, b);
        cb.Emit(Op.Ret);
        m.Funcs.Add(new FunctionDef { Name = "f", Sig = 0, MaxStack = 1, Code = cb.Finish(out var lines), Lines = lines });
        return m;
    }

    static readonly ulong[] FloatBits =
    [
        0x3FB999999999999A, // 0.1
        0x8000000000000000, // -0
        0x0000000000000000, // +0
        0x0000000000000001, // smallest subnormal
        0x000FFFFFFFFFFFFF, // largest subnormal
        0x7FEFFFFFFFFFFFFF, // MaxValue
        0x3FF0000000000001, // 1 + ulp
        0x444B1AE4D6E2EF50, // 1e21
        0x7FF0000000000000, // +Inf
        0xFFF0000000000000, // -Inf
        0x7FF8000000000001, // Go's NaN
        0xFFF8000000000000, // .NET's NaN
        0x7FF0000000000001, // signalling NaN
        0xFFFFFFFFFFFFFFFF, // negative NaN, all payload bits
    ];

    [TestCaseSource(nameof(FloatBits))]
    public void FloatImmediateKeepsItsExactBitsThroughText(ulong bits)
    {
        var m = OneInstr(Op.LdF, (long)bits);
        var text = Disassembler.Disassemble(m);
        var again = Assembler.Assemble(text, "t.gobs");
        Assert.That((ulong)Code(again)[0].A, Is.EqualTo(bits), text);
    }

    [TestCase("0.1", 0.1)]
    [TestCase("1", 1.0)]
    [TestCase("-2.5e-3", -2.5e-3)]
    [TestCase("1E+300", 1e300)]
    [TestCase(".5", 0.5)]
    [TestCase("-0.0", -0.0)]
    [TestCase("inf", double.PositiveInfinity)]
    [TestCase("+Inf", double.PositiveInfinity)]
    [TestCase("-inf", double.NegativeInfinity)]
    public void FloatLiteralParsesToTheNearestFloat64(string lit, double want)
    {
        var m = Asm($"    ldf {lit}", "    pop");
        Assert.That(Code(m)[0].A, Is.EqualTo(BitConverter.DoubleToInt64Bits(want)));
    }

    [Test]
    public void NaNSpellingsGiveGoNaNOrTheWrittenPayload()
    {
        var m = Asm("    ldf nan", "    pop", "    ldf NaN(0x7ff4000000000000)", "    pop");
        var code = Code(m);
        Assert.That(code[0].A, Is.EqualTo(0x7FF8000000000001));
        Assert.That(code[2].A, Is.EqualTo(0x7FF4000000000000));
    }

    [Test]
    public void FloatsPrintInTheirShortestExactForm()
    {
        string Dis(double d) => Disassembler.Disassemble(OneInstr(Op.LdF, BitConverter.DoubleToInt64Bits(d))).Split('\n').First(l => l.Contains("ldf")).Trim();
        Assert.Multiple(() =>
        {
            Assert.That(Dis(0.1), Is.EqualTo("ldf 0.1"));
            Assert.That(Dis(2), Is.EqualTo("ldf 2.0"));
            Assert.That(Dis(-0.0), Is.EqualTo("ldf -0.0"));
            Assert.That(Dis(1e300), Is.EqualTo("ldf 1e+300"));
            Assert.That(Dis(double.NegativeInfinity), Is.EqualTo("ldf -inf"));
            Assert.That(Dis(BitConverter.Int64BitsToDouble(0x7FF8000000000001)), Is.EqualTo("ldf nan"));
            Assert.That(Dis(double.NaN), Is.EqualTo("ldf nan(0xfff8000000000000)"));
        });
    }

    public static IEnumerable<byte[]> ByteStrings() =>
    [
        [],
        [0xff],
        [0xc3, 0x28],                    // invalid UTF-8 sequence
        [0xed, 0xa0, 0x80],              // an encoded surrogate: not valid UTF-8
        [0xc0, 0x80],                    // overlong NUL
        [0, 1, 7, 8, 9, 10, 11, 12, 13, 27, 0x7f],
        "héllo, 世界 🙂"u8.ToArray(),
        "\"\\'`\u00a0\u200b\u2028\ufeff"u8.ToArray(),
        [0xf0, 0x9f, 0x99],              // truncated 4-byte sequence
    ];

    [TestCaseSource(nameof(ByteStrings))]
    public void StringConstantKeepsItsExactBytesThroughText(byte[] bytes)
    {
        var m = OneInstr(Op.LdStr, 0);
        m.Strings.Add(bytes);
        var text = Disassembler.Disassemble(m);
        var again = Assembler.Assemble(text, "t.gobs");
        Assert.That(again.Strings, Has.Count.EqualTo(1), text);
        Assert.That(again.Strings[0], Is.EqualTo(bytes), text);
        Assert.That(text.Split('\n').All(l => l.All(c => c >= ' ' || c == '\t')), Is.True, "no raw control characters in the text");
    }

    [Test]
    public void StringEscapesGiveGoBytes()
    {
        var m = Asm("    ldstr \"a\\x00\\xff\\377\\u00e9\\U0001F642\\n\\t\\\\\\\"\"", "    pop", "    pop", "    ldstr `raw\\n`", "    pop", "    pop");
        Assert.That(m.Strings[0], Is.EqualTo(new byte[] { (byte)'a', 0, 0xff, 0xff, 0xc3, 0xa9, 0xf0, 0x9f, 0x99, 0x82, 10, 9, (byte)'\\', (byte)'"' }));
        Assert.That(m.Strings[1], Is.EqualTo("raw\\n"u8.ToArray()));
    }

    [Test]
    public void LdStrInternsEqualStrings()
    {
        var m = Asm("    ldstr \"x\"", "    pop", "    pop", "    ldstr \"\\x78\"", "    pop", "    pop");
        Assert.That(m.Strings, Has.Count.EqualTo(1));
        Assert.That(Code(m)[3].A, Is.EqualTo(0));
    }

    [Test]
    public void NegativeOffsetsAreEncodedAndPrintedSigned()
    {
        var m = Asm("    ldnil", "    ld.i64 -8", "    pop", "    ldnil", "    ld.p -0x80000000", "    pop");
        var code = Code(m);
        Assert.That(code[1].A, Is.EqualTo(-8));
        Assert.That(code[4].A, Is.EqualTo(int.MinValue));
        var text = Disassembler.Disassemble(m);
        Assert.That(text, Does.Contain("ld.i64 -8\n"));
        Assert.That(text, Does.Contain("ld.p -2147483648\n"));
    }

    [TestCase("-9223372036854775808", long.MinValue)]
    [TestCase("9223372036854775807", long.MaxValue)]
    [TestCase("0xffffffffffffffff", -1L)]
    [TestCase("18446744073709551615", -1L)]
    [TestCase("-0x10", -16L)]
    [TestCase("0b1010", 10L)]
    [TestCase("0o17", 15L)]
    [TestCase("1_000_000", 1000000L)]
    [TestCase("'a'", 97L)]
    [TestCase("'\\n'", 10L)]
    [TestCase("'\\x41'", 65L)]
    [TestCase("'世'", 0x4e16L)]
    public void IntegerImmediateAcceptsEverySpelling(string lit, long want)
    {
        var m = Asm($"    ldi {lit}", "    pop");
        Assert.That(Code(m)[0].A, Is.EqualTo(want));
    }

    [Test]
    public void LocalsAreNamedOrIndexedParametersFirst()
    {
        var m = Assembler.Assemble("""
            .func f (a i, b p) -> ()
                .maxstack 1
                .local x f
                .locals ip
                .local y i
                ldloc a
                stloc y
                ldloc b
                stloc 3
                ldloc x
                stloc 2
                ret
            .end
            """, "t.gobs");
        Assert.That(m.Funcs[0].Locals, Is.EqualTo(new[] { SlotKind.Float, SlotKind.Int, SlotKind.Ptr, SlotKind.Int }));
        Assert.That(Code(m).Take(6).Select(i => i.A), Is.EqualTo(new long[] { 0, 5, 1, 3, 2, 2 }));
    }

    [Test]
    public void ForwardReferencesResolveToLaterDeclarations()
    {
        var m = Assembler.Assemble("""
            .type list struct { next "*list"; v int }
            .type "*list" *list
            .type int int
            .global head "*list"
            .entry main.main
            .func main.main () -> ()
                .maxstack 1
                .frameobj l list
                call later
                gaddr head
                pop
                br done
            done:
                ret
            .end
            .func later () -> ()
                .maxstack 0
                ret
            .end
            """, "t.gobs");
        Assert.That(m.Types[0].Fields.Select(f => f.Type), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(m.Types[0].Size, Is.EqualTo(16));
        Assert.That(m.Types[0].PtrMask, Is.EqualTo(new byte[] { 1 }));
        Assert.That(m.Globals[0].Type, Is.EqualTo(1));
        Assert.That(m.Funcs[0].FrameObjects, Is.EqualTo(new[] { 0 }));
        Assert.That(m.Entry, Is.EqualTo(0));
        Assert.That(Code(m)[0].A, Is.EqualTo(1));
    }

    [Test]
    public void SigAndStringDirectivesPinTableOrder()
    {
        var m = Assembler.Assemble("""
            .sig (p) -> ()
            .sig () -> ()
            .string "second"
            .string "first"
            .func main.main () -> ()
                .maxstack 2
                ldstr "first"
                pop
                pop
                ldnil
                ldnil
                callind (p) -> ()
                ret
            .end
            """, "t.gobs");
        Assert.That(m.Sigs.Select(s => s.ToString()), Is.EqualTo(new[] { "(p) -> ()", "() -> ()" }));
        Assert.That(m.Funcs[0].Sig, Is.EqualTo(1));
        Assert.That(m.Strings.Select(s => System.Text.Encoding.UTF8.GetString(s)), Is.EqualTo(new[] { "second", "first" }));
        Assert.That(Code(m)[0].A, Is.EqualTo(1));
        Assert.That(Code(m)[5].A, Is.EqualTo(0));
    }

    [Test]
    public void EveryTypeKindAssemblesWithItsLayout()
    {
        var m = Assembler.Assemble("""
            .type b bool
            .type i8 int8
            .type i16 int16
            .type i32 int32
            .type i64 int64
            .type u uint
            .type u8 uint8
            .type u16 uint16
            .type u32 uint32
            .type u64 uint64
            .type up uintptr
            .type f float64
            .type s string
            .type unsafe unsafe.Pointer
            .type pi *i64
            .type arr [3]s
            .type sl []u8
            .type st struct { a b; x i64; "" i16 }
            .type fn func (ip) -> (f)
            .type ch chan st
            .type e iface
            .type clo closure () -> () { cap pi, n i32 }
            .type empty struct {}
            .type $t23 int
            """, "t.gobs");
        var kinds = m.Types.Select(t => t.Kind).ToArray();
        Assert.That(kinds, Is.EqualTo(new[]
        {
            TypeKind.Bool, TypeKind.Int8, TypeKind.Int16, TypeKind.Int32, TypeKind.Int64, TypeKind.Uint, TypeKind.Uint8,
            TypeKind.Uint16, TypeKind.Uint32, TypeKind.Uint64, TypeKind.Uintptr, TypeKind.Float64, TypeKind.String,
            TypeKind.UnsafePointer, TypeKind.Ptr, TypeKind.Array, TypeKind.Slice, TypeKind.Struct, TypeKind.Func,
            TypeKind.Chan, TypeKind.Iface, TypeKind.Closure, TypeKind.Struct, TypeKind.Int,
        }));
        Assert.Multiple(() =>
        {
            Assert.That(m.Types[15].Size, Is.EqualTo(48));                       // [3]string
            Assert.That(m.Types[15].PtrMask, Is.EqualTo(new byte[] { 0b010101 }));
            Assert.That(m.Types[17].Fields.Select(f => f.Offset), Is.EqualTo(new long[] { 0, 8, 16 }));
            Assert.That(m.Types[17].Size, Is.EqualTo(24));
            Assert.That(m.Types[21].Fields.Select(f => f.Offset), Is.EqualTo(new long[] { 8, 16 }));
            Assert.That(m.Types[21].PtrMask, Is.EqualTo(new byte[] { 0b010 }));
            Assert.That(m.Sigs[m.Types[18].Sig].ToString(), Is.EqualTo("(ip) -> (f)"));
            Assert.That(m.Types[23].Name, Is.EqualTo(""), "a generated name declares a nameless type");
        });
    }

    [Test]
    public void NamedImmediatesPrintAndParseByName()
    {
        var m = Asm("    ldnil", "    ldi 0", "    ldi 0", "    ldi 0", "    ldi 0", "    ldi 0", "    sslice #0 full",
            "    print slice", "    ldi 1", "    print bool", "    print nl", "    print sp", "    rt gosched");
        Assert.That(Code(m).Select(i => (i.Op, i.B)).Where(p => p.Op == Op.SSlice).Single().B, Is.EqualTo(1));
        Assert.That(Code(m).Where(i => i.Op == Op.Print).Select(i => i.A), Is.EqualTo(new long[] { 9, 3, 6, 7 }));
        var text = Disassembler.Disassemble(m);
        Assert.That(text, Does.Contain("print slice\n").And.Contain("print bool\n").And.Contain("rt gosched\n"));
    }
}
