using System.Text;
using Vm.Interpreter;

namespace Vm.Tests.Interpreter;

/// <summary>govm's output writers (Vm.Cli/Program.cs): the CLI's text and the program's raw bytes in one buffer.</summary>
public class ByteTextWriterTests
{
    [Test]
    public void TextAndRawBytesKeepTheirOrderAndInvalidUtf8PassesThrough()
    {
        var ms = new MemoryStream();
        using (var w = new ByteTextWriter(ms, bufferSize: 16))
        {
            w.Write("é=");
            w.WriteBytes([0xff, 0xe2, 0x82]);
            w.Write('|');
            w.WriteBytes(Encoding.UTF8.GetBytes(new string('x', 40)));   // larger than the buffer
            w.WriteLine("日本");
        }
        byte[] want = [.. Encoding.UTF8.GetBytes("é="), 0xff, 0xe2, 0x82, (byte)'|', .. Encoding.UTF8.GetBytes(new string('x', 40) + "日本\n")];
        Assert.That(ms.ToArray(), Is.EqualTo(want));
    }

    [Test]
    public void ASurrogatePairSplitAcrossWritesIsOneCharacterAndALoneOneBecomesTheReplacementCharacter()
    {
        var ms = new MemoryStream();
        using (var w = new ByteTextWriter(ms))
        {
            string smile = "😀";
            w.Write(smile[0]);
            w.Write(smile[1]);
            w.Write(smile[0]);          // lone high surrogate, then raw bytes
            w.WriteBytes([0x41]);
        }
        Assert.That(ms.ToArray(), Is.EqualTo((byte[])[0xf0, 0x9f, 0x98, 0x80, 0xef, 0xbf, 0xbd, 0x41]));
    }

    [Test]
    public void NothingReachesTheStreamBeforeFlush()
    {
        var ms = new MemoryStream();
        var w = new ByteTextWriter(ms);
        w.Write("abc");
        w.WriteBytes([1, 2]);
        Assert.That(ms.Length, Is.EqualTo(0));
        w.Flush();
        Assert.That(ms.ToArray(), Is.EqualTo((byte[])[(byte)'a', (byte)'b', (byte)'c', 1, 2]));
    }
}
