using Vm.Core;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Tests.Support;
using K = Vm.Core.Modules.TypeKind;

namespace Vm.Tests.Format;

/// <summary>
/// Pins one rejection class per test: the reader raises <see cref="GobcFormatException"/> with the
/// exact reason and the offset of the faulty byte. Where a test changes one field of a valid file,
/// it also checks that the valid variant is accepted, so the rejection is due to that field.
/// </summary>
public class GobcRejectionTests
{
    static readonly byte[] Ret = [(byte)Op.Ret];

    static void IntType(GobcBuilder s) => s.U(1).Type("t0", K.Int, 8, 8, [0x00], name: "int");
    static void UnitSig(GobcBuilder s) => s.U(1).Mark("sig0").U(0).Mark("sig0.results").U(0);
    static void MainFunc(GobcBuilder s) => s.U(1).Func("f0", "main", 0, Ret);
    static void EntryMain(GobcBuilder s) => s.S(0).S(-1);

    /// <summary>A valid file with one int type, one () -> () signature, one function "main" (the entry).</summary>
    static GobcBuilder Baseline() => GobcBuilder.File(IntType, UnitSig, null, null, MainFunc, EntryMain);

    static GobcFormatException Rejected(byte[] data) => Assert.Throws<GobcFormatException>(() => GobcReader.Read(data))!;

    static void AssertRejected(byte[] data, long offset, string reason)
    {
        var e = Rejected(data);
        Assert.Multiple(() =>
        {
            Assert.That(e.Reason, Is.EqualTo(reason));
            Assert.That(e.Offset, Is.EqualTo(offset), $"offset of: {e.Reason}");
        });
    }

    static void AssertRejected(GobcBuilder b, string mark, string reason, int plus = 0) => AssertRejected(b.Bytes, b[mark] + plus, reason);

    static void AssertAccepted(GobcBuilder b)
    {
        var bytes = b.Bytes;
        Assert.That(GobcWriter.Write(GobcReader.Read(bytes)), Is.EqualTo(bytes), "valid variant must be accepted canonically");
    }

    [Test]
    public void BaselineFileIsAccepted() => AssertAccepted(Baseline());

    // ---- header ----

    [Test]
    public void FileNotStartingWithGobcIsRejectedAsBadMagic()
    {
        var bytes = Baseline().Bytes;
        bytes[3] = (byte)'X';
        AssertRejected(bytes, 0, "bad magic: not a .gobc file (it must start with \"GOBC\")");
        AssertRejected([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1], 0, "bad magic: not a .gobc file (it must start with \"GOBC\")");
    }

    [Test]
    public void OtherFormatVersionIsRejectedAsUnsupported()
    {
        var bytes = Baseline().Bytes;
        bytes[4] = 2;
        AssertRejected(bytes, 4, "unsupported format version 2 (this govm reads version 1)");
        bytes[4] = 1;
        bytes[5] = 1;
        AssertRejected(bytes, 4, "unsupported format version 257 (this govm reads version 1)");
    }

    [Test]
    public void FileEndingInsideTheHeaderIsTruncated()
    {
        AssertRejected([], 0, "truncated header: the file ends inside the magic \"GOBC\"");
        AssertRejected("GO"u8.ToArray(), 2, "truncated header: the file ends inside the magic \"GOBC\"");
        AssertRejected([.. "GOBC"u8, 1], 5, "truncated header: the file ends inside the version");
    }

    static IEnumerable<TestCaseData> Samples() => SampleModules.All().Select(s => new TestCaseData(s.Name).SetName($"{{m}}({s.Name})"));

    [TestCaseSource(nameof(Samples))]
    public void EveryProperPrefixOfAValidFileIsRejected(string name)
    {
        var bytes = GobcWriter.Write(SampleModules.All().Single(s => s.Name == name).Module);
        for (int len = 0; len < bytes.Length; len++)
        {
            var e = Rejected(bytes[..len]);
            Assert.That(e.Offset, Is.InRange(0, len), $"prefix of {len} bytes: {e.Message}");
        }
    }

    // ---- varints ----

    [Test]
    public void NonMinimalVarintIsRejected()
    {
        AssertAccepted(GobcBuilder.File(types: s => s.Raw(0x00)));
        AssertRejected(GobcBuilder.File(types: s => s.Mark("n").Raw(0x80, 0x00)), "n", "type count: non-minimal varint encoding");
        var b = new GobcBuilder().Header().Raw(1).Mark("len").Raw(0x81, 0x00).Raw(0x00);
        AssertRejected(b, "len", "section types: length: non-minimal varint encoding");
    }

    [Test]
    public void ElevenByteVarintIsRejected()
    {
        AssertRejected(GobcBuilder.File(types: s => s.Mark("n").Raw([.. Enumerable.Repeat((byte)0x80, 10), 0x00])), "n", "type count: varint longer than 10 bytes");
    }

    [Test]
    public void VarintAbove64BitsIsRejected()
    {
        AssertRejected(GobcBuilder.File(types: s => s.Mark("n").Raw([.. Enumerable.Repeat((byte)0xff, 9), 0x02])), "n", "type count: varint overflows 64 bits");
    }

    // ---- indices ----

    /// <summary>A file whose index into <paramref name="table"/> is <paramref name="index"/>, the mark of that index, and the reason when it is out of range.</summary>
    static (GobcBuilder File, string Mark, int Plus, string Reason) IndexCase(string table, int index) => table switch
    {
        "type element" => (GobcBuilder.File(types: s => s.U(2).Type("t0", K.Int, 8, 8, [0]).Type("t1", K.Ptr, 8, 8, [1], elem: index)),
            "t1.elem", 0, $"type 1: element type index {index} out of range (-1 or below 2 types)"),
        "field type" => (GobcBuilder.File(types: s => s.U(2).Type("t0", K.Int, 8, 8, [0]).Type("t1", K.Struct, 8, 8, [0], fields: [("a", index, 0)])),
            "t1.f0.type", 0, $"type 1: field 0 type index {index} out of range (have 2 types)"),
        "type signature" => (GobcBuilder.File(types: s => s.U(1).Type("t0", K.Func, 8, 8, [1], sig: index), sigs: UnitSig),
            "t0.sig", 0, $"type 0: signature index {index} out of range (-1 or below 1 signatures)"),
        "global type" => (GobcBuilder.File(types: IntType, globals: s => s.U(1).Str("g").Mark("g0.type").U((ulong)index)),
            "g0.type", 0, $"global 0: type index {index} out of range (have 1 types)"),
        "function signature" => (GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Func("f0", "main", index, Ret)),
            "f0.sig", 0, $"func 0: signature index {index} out of range (have 1 signatures)"),
        "frame object type" => (GobcBuilder.File(IntType, UnitSig, funcs: s => s.U(1).Func("f0", "main", 0, Ret, frameObjects: [index])),
            "f0.frameobjects", 1, $"func 0: frame object type index {index} out of range (have 1 types)"),
        "defer record signature" => (GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Func("f0", "main", 0, Ret, deferRecords: [index])),
            "f0.deferrecords", 1, $"func 0: defer record signature index {index} out of range (have 1 signatures)"),
        "entry" => (GobcBuilder.File(sigs: UnitSig, funcs: MainFunc, start: s => s.Mark("entry").S(index).S(-1)),
            "entry", 0, $"entry function index {index} out of range (-1 or below 1 functions)"),
        "init" => (GobcBuilder.File(sigs: UnitSig, funcs: MainFunc, start: s => s.S(-1).Mark("init").S(index)),
            "init", 0, $"init function index {index} out of range (-1 or below 1 functions)"),
        _ => throw new ArgumentException(table),
    };

    [TestCase("type element", 1, 2)]
    [TestCase("field type", 0, 2)]
    [TestCase("type signature", 0, 1)]
    [TestCase("global type", 0, 1)]
    [TestCase("function signature", 0, 1)]
    [TestCase("frame object type", 0, 1)]
    [TestCase("defer record signature", 0, 1)]
    [TestCase("entry", 0, 1)]
    [TestCase("entry", -1, -2)]
    [TestCase("init", 0, 1)]
    [TestCase("init", -1, -2)]
    public void IndexOutOfRangeOfItsTableIsRejected(string table, int good, int bad)
    {
        AssertAccepted(IndexCase(table, good).File);
        var (file, mark, plus, reason) = IndexCase(table, bad);
        AssertRejected(file, mark, reason, plus);
    }

    // ---- sections ----

    [Test]
    public void SectionLengthShorterThanItsContentIsRejected()
    {
        static GobcBuilder F(int delta) => new GobcBuilder().Header().Section(1, s => s.U(0))
            .Section(2, s => s.U(1).U(1).Raw(1).Mark("results").U(0), lengthDelta: delta)
            .Section(3, s => s.U(0)).Section(4, s => s.U(0)).Section(5, s => s.U(0)).Section(6, s => s.S(-1).S(-1));
        AssertAccepted(F(0));
        AssertRejected(F(-1), "results", "signature 0: result count: varint runs past the end of section signatures");
    }

    [Test]
    public void SectionLengthLongerThanItsContentIsRejected()
    {
        var longer = new GobcBuilder().Header().Section(1, s => s.U(0)).Section(2, UnitSig, lengthDelta: 1)
            .Section(3, s => s.U(0)).Section(4, s => s.U(0)).Section(5, s => s.U(0)).Section(6, s => s.S(-1).S(-1));
        AssertRejected(longer, "section3", "section signatures: 1 bytes left over after its content");
    }

    [Test]
    public void SectionLengthBeyondTheEndOfTheFileIsRejected()
    {
        var b = new GobcBuilder().Header().Section(1, s => s.U(0)).Section(2, s => s.U(0))
            .Section(3, s => s.U(0)).Section(4, s => s.U(0)).Section(5, s => s.U(0)).Section(6, s => s.S(-1).S(-1), lengthDelta: 3);
        AssertRejected(b, "section6.length", "section start: length 5 exceeds the 2 bytes left in the file");
    }

    [Test]
    public void SectionsOutOfOrderAreRejected()
    {
        var b = new GobcBuilder().Header().Section(1, s => s.U(0)).Section(3, s => s.U(0));
        AssertRejected(b, "section3", "expected section 2 (signatures), found section id 3");
    }

    [Test]
    public void MissingLastSectionIsRejected()
    {
        var b = new GobcBuilder().Header().Section(1, s => s.U(0)).Section(2, s => s.U(0))
            .Section(3, s => s.U(0)).Section(4, s => s.U(0)).Section(5, s => s.U(0));
        AssertRejected(b.Bytes, b.Length, "missing section 6 (start): the file ends");
    }

    [Test]
    public void TrailingBytesAfterTheLastSectionAreRejected()
    {
        var b = Baseline().Mark("end").Raw(0x00);
        AssertRejected(b, "end", "1 trailing bytes after the last section");
    }

    // ---- slot kinds ----

    [TestCase((byte)0)]
    [TestCase((byte)4)]
    [TestCase((byte)0xff)]
    public void BadSlotKindIsRejected(byte kind)
    {
        string why = $"bad slot kind {kind} (want 1 int, 2 float or 3 ptr)";
        AssertRejected(GobcBuilder.File(sigs: s => s.U(1).U(1).Mark("p").Raw(kind).U(0)), "p", $"signature 0: parameter: {why}");
        AssertRejected(GobcBuilder.File(sigs: s => s.U(1).U(0).U(2).Raw(1).Mark("r").Raw(kind)), "r", $"signature 0: result: {why}");
        AssertRejected(GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Func("f0", "main", 0, Ret, locals: [3, kind])), "f0.locals", $"func 0: local: {why}", 2);
        AssertAccepted(GobcBuilder.File(sigs: s => s.U(1).U(3).Raw(1, 2, 3).U(1).Raw(3)));
    }

    // ---- type layouts ----

    [Test]
    public void BadTypeKindIsRejected()
    {
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", 0, 8, 8, [0])), "t0.kind", "type 0: bad type kind 0");
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", (K)24, 8, 8, [0])), "t0.kind", "type 0: bad type kind 24");
    }

    [Test]
    public void PointerMaskDisagreeingWithTheLayoutIsRejected()
    {
        static GobcBuilder PtrToSelf(byte[] mask) => GobcBuilder.File(types: s => s.U(1).Type("t0", K.Ptr, 8, 8, mask, elem: 0, name: "*T"));
        AssertAccepted(PtrToSelf([0x01]));
        AssertRejected(PtrToSelf([0x00]), "t0.mask", "type 0: pointer mask byte 0 is 0x00, layout gives 0x01", 1);
        AssertRejected(PtrToSelf([0x03]), "t0.mask", "type 0: pointer mask byte 0 is 0x03, layout gives 0x01", 1);
    }

    [Test]
    public void PointerMaskOfTheWrongLengthIsRejected()
    {
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", K.Int, 8, 8, [])), "t0.mask", "type 0: pointer mask has 0 bytes, size 8 needs 1");
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", K.Int, 8, 8, [0, 0])), "t0.mask", "type 0: pointer mask has 2 bytes, size 8 needs 1");
    }

    [Test]
    public void StoredSizeOrAlignmentDisagreeingWithTheLayoutIsRejected()
    {
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", K.Int, 4, 8, [0])), "t0.size", "type 0: stored size 4, layout gives 8");
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", K.Int, 8, 4, [0])), "t0.align", "type 0: stored alignment 4, layout gives 8");
    }

    [Test]
    public void StoredFieldOffsetDisagreeingWithTheLayoutIsRejected()
    {
        static GobcBuilder Pair(long offsetOfB) => GobcBuilder.File(types: s => s.U(3)
            .Type("t0", K.Int8, 1, 1, [0]).Type("t1", K.Int64, 8, 8, [0])
            .Type("t2", K.Struct, 16, 8, [0], name: "P", fields: [("a", 0, 0), ("b", 1, offsetOfB)]));
        AssertAccepted(Pair(8));
        AssertRejected(Pair(1), "t2.f1.offset", "type 2: field 1 stored offset 1, layout gives 8");
    }

    [Test]
    public void TypeContainingItselfIsRejected()
    {
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", K.Struct, 0, 1, [], name: "S", fields: [("s", 0, 0)])),
            "t0", "type 0 (S) contains itself");
        AssertRejected(GobcBuilder.File(types: s => s.U(2).Type("t0", K.Array, 0, 1, [], elem: 1, len: 1, name: "A")
                .Type("t1", K.Struct, 0, 1, [], name: "B", fields: [("a", 0, 0)])),
            "t0", "type 0 (A) contains itself");
    }

    [Test]
    public void FieldsOnAKindWithoutThemAreRejected()
    {
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", K.Int, 8, 8, [0], elem: 0, name: "int")),
            "t0", "type 0 (int): a Int has no element type");
        AssertRejected(GobcBuilder.File(types: s => s.U(1).Type("t0", K.Int, 8, 8, [0], len: 2, name: "int")),
            "t0", "type 0 (int): only arrays have a length");
    }

    /// <summary>Types 0..n-2 are [1] of the next, type n-1 is int: type 0 is nested n levels deep.</summary>
    static GobcBuilder NestedArrays(int n) => GobcBuilder.File(types: s =>
    {
        s.U((ulong)n);
        for (int i = 0; i < n - 1; i++) s.Type($"t{i}", K.Array, 8, 8, [0], elem: i + 1, len: 1);
        s.Type($"t{n - 1}", K.Int, 8, 8, [0]);
    });

    [Test]
    public void TypeNestedDeeperThanTheLimitIsRejected()
    {
        AssertAccepted(NestedArrays(TypeLayout.MaxNesting));
        AssertRejected(NestedArrays(TypeLayout.MaxNesting + 1), "t0", $"type 0: nested more than {TypeLayout.MaxNesting} levels deep");
    }

    [Test]
    public void VeryDeepNestingIsRejectedWithoutExhaustingTheStack()
    {
        var e = Rejected(NestedArrays(100_000).Bytes);
        Assert.That(e.Reason, Does.EndWith($"nested more than {TypeLayout.MaxNesting} levels deep"));
    }

    [Test]
    public void SharedZeroSizeStructsDoNotTakeExponentialTime()
    {
        // T0 = struct{}, Tk = struct{a, b T(k-1)}: 2^64 paths through a 64-type table.
        const int n = 64;
        var b = GobcBuilder.File(types: s =>
        {
            s.U(n).Type("t0", K.Struct, 0, 1, []);
            for (int i = 1; i < n; i++) s.Type($"t{i}", K.Struct, 0, 1, [], fields: [("a", i - 1, 0), ("b", i - 1, 0)]);
        });
        var sw = System.Diagnostics.Stopwatch.StartNew();
        AssertAccepted(b);
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    // ---- counts and sizes ----

    [TestCase("types")]
    [TestCase("strings")]
    [TestCase("string length")]
    [TestCase("code length")]
    [TestCase("locals")]
    public void HugeCountInATinyFileFailsFast(string where)
    {
        const ulong huge = 1UL << 40;
        var (b, reason) = where switch
        {
            "types" => (GobcBuilder.File(types: s => s.Mark("x").U(huge)), $"type count {huge} exceeds what the 0 bytes left in section types can hold"),
            "strings" => (GobcBuilder.File(strings: s => s.Mark("x").U(huge)), $"string count {huge} exceeds what the 0 bytes left in section strings can hold"),
            "string length" => (GobcBuilder.File(strings: s => s.U(1).Mark("x").U(huge)), $"string 0: string length {huge} exceeds the 0 bytes left in section strings"),
            "code length" => (GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Str("main").U(0).U(0).U(0).U(0).U(0).S(-1).Str("").Mark("x").U(huge).U(0)),
                $"func 0: code length {huge} exceeds the 1 bytes left in section functions"),
            _ => (GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Str("main").U(0).Mark("x").U(huge)), $"func 0: local count {huge} exceeds what the 0 bytes left in section functions can hold"),
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(b, "x", reason);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
    }

    [Test]
    public void MaxStackAboveU16IsRejected()
    {
        static GobcBuilder F(long maxStack) => GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Func("f0", "main", 0, Ret, maxStack: maxStack));
        AssertAccepted(F(65535));
        AssertRejected(F(65536), "f0.maxstack", "func 0: max stack 65536 out of range (at most 65535)");
    }

    [Test]
    public void SlotSpaceAboveU16IsRejected()
    {
        static GobcBuilder F(int locals) => GobcBuilder.File(sigs: s => s.U(1).U(1).Raw(1).U(0),
            funcs: s => s.U(1).Func("f0", "main", 0, Ret, locals: Enumerable.Repeat((byte)1, locals).ToArray()));
        AssertAccepted(F(65535));
        AssertRejected(F(65536), "f0.locals", "func 0: 1 parameter slots + 65536 locals exceed 65536 slots");
    }

    [Test]
    public void MoreFrameObjectsOrDeferRecordsThanU16CanIndexAreRejected()
    {
        static GobcBuilder F(int n, bool defers) => GobcBuilder.File(IntType, UnitSig, funcs: s => s.U(1).Func("f0", "main", 0, Ret,
            frameObjects: defers ? null : new int[n], deferRecords: defers ? new int[n] : null));
        AssertAccepted(F(65536, false));
        AssertAccepted(F(65536, true));
        AssertRejected(F(65537, false), "f0.frameobjects", "func 0: 65537 frame objects exceed 65536");
        AssertRejected(F(65537, true), "f0.deferrecords", "func 0: 65537 defer records exceed 65536");
    }

    // ---- functions ----

    [TestCase(new byte[] { 0x66, 0xff }, 1)]
    [TestCase(new byte[] { 0xc0, 0x80 }, 0)]        // overlong NUL
    [TestCase(new byte[] { 0x61, 0xed, 0xa0, 0x80 }, 1)] // UTF-16 surrogate
    [TestCase(new byte[] { 0xe4, 0xb8 }, 0)]        // cut sequence
    public void NameThatIsNotUtf8IsRejected(byte[] name, int badAt)
    {
        var b = GobcBuilder.File(types: IntType, globals: s => s.U(1).U((ulong)name.Length).Mark("name").Raw(name).U(0));
        AssertRejected(b, "name", "global 0: name is not valid UTF-8", badAt);
    }

    [Test]
    public void DuplicateFunctionNamesAreRejected()
    {
        var b = GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(2).Func("f0", "main", 0, Ret).Func("f1", "main", 0, Ret));
        AssertRejected(b, "f1", "func 1: duplicate function name \"main\"");
        AssertAccepted(GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(2).Func("f0", "main", 0, Ret).Func("f1", "main.f", 0, Ret)));
    }

    static readonly byte[] ThreeBytes = [(byte)Op.Nop, (byte)Op.Nop, (byte)Op.Ret];

    static GobcBuilder WithLines(params (long Pc, long Line)[] lines)
        => GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Func("f0", "main", 0, ThreeBytes, lines: lines, file: "main.go"));

    [Test]
    public void LineTableWithPcsNotIncreasingIsRejected()
    {
        AssertAccepted(WithLines((0, 5), (1, 4), (2, 5)));
        AssertRejected(WithLines((1, 1), (1, 2)), "f0.line1", "func 0: line table entry 1: pc 1 does not follow pc 1");
        AssertRejected(WithLines((2, 1), (1, 2)), "f0.line1", "func 0: line table entry 1: pc 1 does not follow pc 2");
    }

    [Test]
    public void LineTablePcOutsideTheCodeIsRejected()
    {
        AssertRejected(WithLines((3, 1)), "f0.line0", "func 0: line table entry 0: pc 3 is outside the 3 bytes of code");
    }

    [Test]
    public void LineNumberBelowOneOrAboveInt32IsRejected()
    {
        AssertRejected(WithLines((0, 0)), "f0.line0.line", "func 0: line table entry 0: line 0 (lines start at 1)");
        AssertAccepted(WithLines((0, int.MaxValue)));
        AssertRejected(WithLines((0, 1L << 31)), "f0.line0.line", "func 0: line table line 2147483648 out of range (at most 2147483647)");
    }

    [TestCase(-2)]
    [TestCase(3)]
    [TestCase(int.MaxValue)]
    public void DeferReturnPcOutsideTheCodeIsRejected(long pc)
    {
        static GobcBuilder F(long pc) => GobcBuilder.File(sigs: UnitSig, funcs: s => s.U(1).Func("f0", "main", 0, ThreeBytes, deferReturn: pc));
        AssertAccepted(F(-1));
        AssertAccepted(F(2));
        AssertRejected(F(pc), "f0.deferreturn", $"func 0: deferreturn pc {pc} is neither -1 nor inside the 3 bytes of code");
    }
}
