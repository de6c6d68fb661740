using Vm.Core.Modules;
using Vm.Tests.Support;

namespace Vm.Tests.Format;

/// <summary>Pins the canonical round trip: Read(Write(m)) equals m, Write(Read(b)) reproduces b.</summary>
public class GobcRoundTripTests
{
    static IEnumerable<TestCaseData> Samples() => SampleModules.All().Select(s => new TestCaseData(s.Name).SetName($"{{m}}({s.Name})"));

    static Module Sample(string name) => SampleModules.All().Single(s => s.Name == name).Module;

    [TestCaseSource(nameof(Samples))]
    public void ReadingWhatWasWrittenGivesAnEqualModule(string name)
    {
        var m = Sample(name);
        ModuleAssert.Equal(m, GobcReader.Read(GobcWriter.Write(m)));
    }

    [TestCaseSource(nameof(Samples))]
    public void WritingWhatWasReadReproducesTheBytes(string name)
    {
        var bytes = GobcWriter.Write(Sample(name));
        Assert.That(GobcWriter.Write(GobcReader.Read(bytes)), Is.EqualTo(bytes));
    }

    [TestCaseSource(nameof(Samples))]
    public void WritingIsDeterministic(string name)
    {
        Assert.That(GobcWriter.Write(Sample(name)), Is.EqualTo(GobcWriter.Write(Sample(name))));
    }

    [Test]
    public void EmptyModuleIsTheHeaderAndSixEmptySections()
    {
        byte[] expected =
        [
            (byte)'G', (byte)'O', (byte)'B', (byte)'C', Module.FormatVersion & 0xff, Module.FormatVersion >> 8,
            1, 1, 0, 2, 1, 0, 3, 1, 0, 4, 1, 0, 5, 1, 0,
            6, 2, 1, 1, // entry -1, init -1 (zigzag 1)
        ];
        Assert.That(GobcWriter.Write(SampleModules.Empty()), Is.EqualTo(expected));
    }

    [Test]
    public void FullSampleUsesEveryTableAndField()
    {
        var m = SampleModules.Full();
        Assert.Multiple(() =>
        {
            Assert.That(m.Types.Select(t => t.Kind).Distinct(), Is.EquivalentTo(Enum.GetValues<TypeKind>()));
            Assert.That(m.Types.Any(t => t.Kind == TypeKind.Array && m.Types[t.Elem].Kind == TypeKind.Struct), "array of structs");
            Assert.That(m.Types.Any(t => t.Kind == TypeKind.Struct && t.Fields.Any(f => m.Types[f.Type].Kind == TypeKind.Struct)), "nested struct");
            Assert.That(m.Types.Any(t => t.Kind == TypeKind.Closure && t.Fields.Count > 0), "closure with captures");
            Assert.That(m.Types.Any(t => t.Name == ""), "unnamed type");
            Assert.That(m.Strings.Any(s => s.Length == 0), "empty string");
            Assert.That(m.Strings.Any(s => !System.Text.Unicode.Utf8.IsValid(s)), "non-UTF-8 string");
            Assert.That(m.Globals, Is.Not.Empty);
            Assert.That(m.Funcs.Any(f => f.Locals.Count > 0 && f.FrameObjects.Count > 0 && f.DeferRecords.Count > 0 && f.DeferReturnPc >= 0 && f.Lines.Count > 1));
            Assert.That(m.Funcs.Any(f => f.Lines.Count == 0 && f.File == ""), "function without debug info");
            Assert.That(m.Entry, Is.GreaterThanOrEqualTo(0));
            Assert.That(m.Init, Is.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public void ReadModuleDoesNotShareMemoryWithTheInput()
    {
        var bytes = GobcWriter.Write(SampleModules.Full());
        var m = GobcReader.Read(bytes);
        var before = GobcWriter.Write(m);
        Array.Fill(bytes, (byte)0xee);
        Assert.That(GobcWriter.Write(m), Is.EqualTo(before));
    }

    [Test]
    public void ModuleAssertNamesTheFirstDifference()
    {
        var a = SampleModules.Full();
        var b = SampleModules.Full();
        b.Funcs[2].Code[1] ^= 1;
        b.Init = -1;
        Assert.That(ModuleAssert.FirstDifference(a, b), Does.StartWith("Funcs[2].Code[1]: expected"));
        Assert.That(ModuleAssert.FirstDifference(a, SampleModules.Full()), Is.Null);
    }
}
