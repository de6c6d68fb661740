using System.Text;

namespace Vm.Core.Modules;

/// <summary>
/// Encodes a <see cref="Module"/> as a <c>.gobc</c> file: the layout is specified byte by byte in
/// docs/gobc-format.md and must match <see cref="GobcReader"/>. The encoding is canonical: one
/// module has exactly one file, and for every file the reader accepts, writing what it read
/// reproduces the file.
/// </summary>
/// <remarks>
/// The writer does not validate the module (the reader does). It refuses only values the format
/// cannot represent at all: negative numbers in unsigned fields and names that are not valid
/// UTF-16 (lone surrogates), with <see cref="ArgumentException"/>, since the module comes from
/// govm's own code, not from input.
/// </remarks>
public static class GobcWriter
{
    // Section ids, in file order (docs/gobc-format.md §Sections). Must match GobcReader.
    internal const byte SecTypes = 1, SecSigs = 2, SecStrings = 3, SecGlobals = 4, SecFuncs = 5, SecStart = 6;

    internal static ReadOnlySpan<byte> Magic => "GOBC"u8;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Write(Module m)
    {
        var file = new List<byte>(256);
        file.AddRange(Magic);
        file.Add((byte)(Module.FormatVersion & 0xff));
        file.Add((byte)(Module.FormatVersion >> 8));

        var s = new List<byte>();
        // 1: types
        U(s, (ulong)m.Types.Count);
        for (int i = 0; i < m.Types.Count; i++)
        {
            var t = m.Types[i];
            string at = $"type {i}";
            s.Add((byte)t.Kind);
            Name(s, t.Name, at);
            S(s, t.Elem);
            U(s, t.Len, at, "length");
            S(s, t.Sig);
            U(s, (ulong)t.Fields.Count);
            foreach (var f in t.Fields)
            {
                Name(s, f.Name, at);
                U(s, f.Type, at, "field type");
                U(s, f.Offset, at, "field offset");
            }
            U(s, t.Size, at, "size");
            U(s, t.Align, at, "alignment");
            Bytes(s, t.PtrMask);
        }
        Section(file, SecTypes, s);

        // 2: signatures
        U(s, (ulong)m.Sigs.Count);
        foreach (var sig in m.Sigs)
        {
            Kinds(s, sig.Params);
            Kinds(s, sig.Results);
        }
        Section(file, SecSigs, s);

        // 3: string constants (any bytes)
        U(s, (ulong)m.Strings.Count);
        foreach (var str in m.Strings) Bytes(s, str);
        Section(file, SecStrings, s);

        // 4: globals
        U(s, (ulong)m.Globals.Count);
        for (int i = 0; i < m.Globals.Count; i++)
        {
            var g = m.Globals[i];
            Name(s, g.Name, $"global {i}");
            U(s, g.Type, $"global {i}", "type");
        }
        Section(file, SecGlobals, s);

        // 5: functions
        U(s, (ulong)m.Funcs.Count);
        for (int i = 0; i < m.Funcs.Count; i++)
        {
            var f = m.Funcs[i];
            string at = $"func {i}";
            Name(s, f.Name, at);
            U(s, f.Sig, at, "signature");
            Kinds(s, f.Locals);
            U(s, (ulong)f.FrameObjects.Count);
            foreach (int k in f.FrameObjects) U(s, k, at, "frame object type");
            U(s, (ulong)f.DeferRecords.Count);
            foreach (int k in f.DeferRecords) U(s, k, at, "defer record signature");
            U(s, f.MaxStack, at, "max stack");
            S(s, f.DeferReturnPc);
            Name(s, f.File, at);
            Bytes(s, f.Code);
            U(s, (ulong)f.Lines.Count);
            foreach (var e in f.Lines)
            {
                U(s, e.Pc, at, "line table pc");
                U(s, e.Line, at, "line table line");
            }
        }
        Section(file, SecFuncs, s);

        // 6: start
        S(s, m.Entry);
        S(s, m.Init);
        Section(file, SecStart, s);

        return file.ToArray();
    }

    static void Section(List<byte> file, byte id, List<byte> content)
    {
        file.Add(id);
        Varint.Write(file, (ulong)content.Count);
        file.AddRange(content);
        content.Clear();
    }

    static void U(List<byte> s, ulong v) => Varint.Write(s, v);

    static void U(List<byte> s, long v, string at, string what)
    {
        if (v < 0) throw new ArgumentOutOfRangeException(nameof(v), $"{at}: {what} {v} is negative and cannot be encoded");
        Varint.Write(s, (ulong)v);
    }

    static void S(List<byte> s, long v) => Varint.Write(s, Varint.ZigZag(v));

    static void Bytes(List<byte> s, ReadOnlySpan<byte> b)
    {
        Varint.Write(s, (ulong)b.Length);
        foreach (byte x in b) s.Add(x);
    }

    static void Name(List<byte> s, string name, string at)
    {
        byte[] b;
        try { b = StrictUtf8.GetBytes(name); }
        catch (EncoderFallbackException) { throw new ArgumentException($"{at}: name {name} is not valid Unicode text", nameof(name)); }
        Bytes(s, b);
    }

    static void Kinds(List<byte> s, IReadOnlyList<Bytecode.SlotKind> kinds)
    {
        Varint.Write(s, (ulong)kinds.Count);
        foreach (var k in kinds) s.Add((byte)k);
    }
}
