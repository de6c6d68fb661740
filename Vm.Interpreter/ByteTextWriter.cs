using System.Text;

namespace Vm.Interpreter;

/// <summary>A writer a running program's output can go to as bytes: Go strings are bytes, and writing one through a
/// <see cref="TextWriter"/> (UTF-8 decoded to chars and encoded back) turns every invalid sequence into U+FFFD, where
/// Go writes the bytes as they are.</summary>
public interface IByteWriter
{
    void WriteBytes(ReadOnlySpan<byte> bytes);
}

/// <summary>
/// A buffered UTF-8 <see cref="TextWriter"/> over a stream that also takes raw bytes (<see cref="IByteWriter"/>), in
/// one buffer, so text the CLI writes and bytes the program writes keep their order. <c>govm</c>'s standard output
/// and error are these (Vm.Cli/Program.cs); nothing reaches the stream before <see cref="Flush"/> or a full buffer.
/// </summary>
public sealed class ByteTextWriter(Stream stream, int bufferSize = 1 << 16) : TextWriter, IByteWriter
{
    readonly byte[] _buf = new byte[Math.Max(bufferSize, 16)];
    int _n;
    readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();

    public override Encoding Encoding => Encoding.UTF8;

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        FlushEncoder();
        if (bytes.Length > _buf.Length - _n)
        {
            FlushBuffer();
            if (bytes.Length >= _buf.Length) { stream.Write(bytes); return; }
        }
        bytes.CopyTo(_buf.AsSpan(_n));
        _n += bytes.Length;
    }

    public override void Write(char value) => Write(new ReadOnlySpan<char>(ref value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            if (_buf.Length - _n < 16) FlushBuffer();
            _encoder.Convert(chars, _buf.AsSpan(_n), flush: false, out int used, out int written, out _);
            _n += written;
            chars = chars[used..];
        }
    }

    /// <summary>A lone high surrogate the encoder holds is written as U+FFFD before raw bytes follow it.</summary>
    void FlushEncoder()
    {
        if (_buf.Length - _n < 16) FlushBuffer();
        _encoder.Convert(ReadOnlySpan<char>.Empty, _buf.AsSpan(_n), flush: true, out _, out int written, out _);
        _n += written;
    }

    void FlushBuffer()
    {
        if (_n == 0) return;
        stream.Write(_buf, 0, _n);
        _n = 0;
    }

    public override void Flush()
    {
        FlushEncoder();
        FlushBuffer();
        stream.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}
