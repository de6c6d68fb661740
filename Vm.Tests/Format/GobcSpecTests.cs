using System.Globalization;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Tests.Support;

namespace Vm.Tests.Format;

/// <summary>Pins docs/gobc-format.md to the code: its worked example is exactly what the writer produces and the reader accepts.</summary>
public class GobcSpecTests
{
    /// <summary>The module the worked example describes.</summary>
    static Module ExampleModule()
    {
        var m = new Module();
        m.Types.Add(new TypeDef { Kind = TypeKind.Int, Name = "int" });
        TypeLayout.ComputeAll(m.Types, 0);
        m.Sigs.Add(new Signature([], []));
        m.Strings.Add("hi"u8.ToArray());
        m.Globals.Add(new GlobalDef("n", 0));
        var b = new CodeBuilder();
        b.Line(3);
        b.Emit(Op.LdI, 1);
        b.Emit(Op.LdI, 2);
        b.Emit(Op.Add);
        b.Emit(Op.Print, (long)PrintKind.Int);
        b.Emit(Op.Print, (long)PrintKind.Newline);
        b.Emit(Op.Ret);
        var code = b.Finish(out var lines);
        m.Funcs.Add(new FunctionDef { Name = "main", Sig = 0, MaxStack = 2, Code = code, File = "a.go", Lines = lines });
        m.Entry = 0;
        return m;
    }

    /// <summary>The bytes of the annotated hex dump: on each line, the hex before the first double space.</summary>
    static byte[] ExampleBytesFromSpec()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "gobc-format.md"));
        int begin = text.IndexOf("<!-- example-hex-begin -->", StringComparison.Ordinal);
        int end = text.IndexOf("<!-- example-hex-end -->", StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0).And.LessThan(end), "example markers in docs/gobc-format.md");
        var bytes = new List<byte>();
        foreach (var raw in text[begin..end].Split('\n'))
        {
            var line = raw.TrimStart();
            if (line.Length == 0 || line.StartsWith("<!--") || line.StartsWith("```")) continue;
            int cut = line.IndexOf("  ", StringComparison.Ordinal);
            foreach (var tok in (cut < 0 ? line : line[..cut]).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                for (int i = 0; i < tok.Length; i += 2)
                    bytes.Add(byte.Parse(tok.AsSpan(i, 2), NumberStyles.HexNumber));
        }
        return bytes.ToArray();
    }

    [Test]
    public void WorkedExampleIsWhatTheWriterProduces()
    {
        var spec = ExampleBytesFromSpec();
        Assert.That(spec, Has.Length.EqualTo(90), "the spec says 90 bytes");
        Assert.That(Convert.ToHexString(GobcWriter.Write(ExampleModule())), Is.EqualTo(Convert.ToHexString(spec)));
    }

    [Test]
    public void WorkedExampleReadsAsItsModule()
    {
        ModuleAssert.Equal(ExampleModule(), GobcReader.Read(ExampleBytesFromSpec()));
    }
}
