using System.Text;
using Vm.Core.Modules;

namespace Vm.Tests.Support;

/// <summary>
/// Hand-assembles <c>.gobc</c> bytes for reader tests, following docs/gobc-format.md, with named
/// marks so a test can say "the fault is at the size field" without counting bytes. Sections get
/// their length computed (optionally off by <c>lengthDelta</c>); marks inside sections resolve to
/// absolute file offsets.
/// </summary>
public sealed class GobcBuilder
{
    readonly List<byte> _bytes = [];
    readonly Dictionary<string, int> _marks = [];

    public byte[] Bytes => _bytes.ToArray();
    public int Length => _bytes.Count;

    /// <summary>Absolute offset of a mark.</summary>
    public int this[string mark] => _marks[mark];

    public GobcBuilder Mark(string name) { _marks[name] = _bytes.Count; return this; }
    public GobcBuilder Raw(params byte[] b) { _bytes.AddRange(b); return this; }
    public GobcBuilder U(ulong v) { Varint.Write(_bytes, v); return this; }
    public GobcBuilder S(long v) => U(Varint.ZigZag(v));
    public GobcBuilder Blob(byte[] b) { U((ulong)b.Length); return Raw(b); }
    public GobcBuilder Str(string s) => Blob(Encoding.UTF8.GetBytes(s));

    public GobcBuilder Header(ushort version = Module.FormatVersion)
        => Raw("GOBC"u8.ToArray()).Raw((byte)version, (byte)(version >> 8));

    public GobcBuilder Section(byte id, Action<GobcBuilder> content, int lengthDelta = 0)
    {
        var inner = new GobcBuilder();
        content(inner);
        Mark($"section{id}");
        _bytes.Add(id);
        Mark($"section{id}.length");
        U((ulong)(inner.Length + lengthDelta));
        int start = _bytes.Count;
        foreach (var (k, v) in inner._marks) _marks[k] = start + v;
        _bytes.AddRange(inner._bytes);
        return this;
    }

    /// <summary>
    /// A whole file: header and the six sections in order. A null section gets its empty content
    /// (count 0; entry and init -1 for the start section).
    /// </summary>
    public static GobcBuilder File(
        Action<GobcBuilder>? types = null, Action<GobcBuilder>? sigs = null, Action<GobcBuilder>? strings = null,
        Action<GobcBuilder>? globals = null, Action<GobcBuilder>? funcs = null, Action<GobcBuilder>? start = null)
    {
        var b = new GobcBuilder().Header();
        b.Section(1, types ?? Empty);
        b.Section(2, sigs ?? Empty);
        b.Section(3, strings ?? Empty);
        b.Section(4, globals ?? Empty);
        b.Section(5, funcs ?? Empty);
        b.Section(6, start ?? (s => s.S(-1).S(-1)));
        return b;
        static void Empty(GobcBuilder s) => s.U(0);
    }

    /// <summary>
    /// A type entry: kind, name, elem, len, sig, fields, size, align, mask. Marks are prefixed with
    /// <paramref name="tag"/>: .kind .elem .len .sig .fields .f{j}.type .f{j}.offset .size .align .mask.
    /// </summary>
    public GobcBuilder Type(string tag, TypeKind kind, long size, long align, byte[] mask, int elem = -1, long len = 0, int sig = -1,
        string name = "", (string Name, int Type, long Offset)[]? fields = null)
    {
        Mark(tag).Mark(tag + ".kind").Raw((byte)kind).Str(name);
        Mark(tag + ".elem").S(elem).Mark(tag + ".len").U((ulong)len).Mark(tag + ".sig").S(sig);
        Mark(tag + ".fields").U((ulong)(fields?.Length ?? 0));
        for (int j = 0; j < (fields?.Length ?? 0); j++)
            Str(fields![j].Name).Mark($"{tag}.f{j}.type").U((ulong)fields[j].Type).Mark($"{tag}.f{j}.offset").U((ulong)fields[j].Offset);
        Mark(tag + ".size").U((ulong)size).Mark(tag + ".align").U((ulong)align);
        return Mark(tag + ".mask").Blob(mask);
    }

    /// <summary>
    /// A function entry with the given pieces; marks: tag, tag.sig, tag.locals, tag.maxstack,
    /// tag.deferreturn, tag.code, tag.lines.
    /// </summary>
    public GobcBuilder Func(string tag, string name, int sig, byte[] code, byte[]? locals = null, int[]? frameObjects = null,
        int[]? deferRecords = null, long maxStack = 0, long deferReturn = -1, (long Pc, long Line)[]? lines = null, string file = "")
    {
        Mark(tag).Str(name).Mark(tag + ".sig").U((ulong)sig);
        Mark(tag + ".locals").Blob(locals ?? []);
        Mark(tag + ".frameobjects").U((ulong)(frameObjects?.Length ?? 0));
        foreach (int k in frameObjects ?? []) U((ulong)k);
        Mark(tag + ".deferrecords").U((ulong)(deferRecords?.Length ?? 0));
        foreach (int k in deferRecords ?? []) U((ulong)k);
        Mark(tag + ".maxstack").U((ulong)maxStack);
        Mark(tag + ".deferreturn").S(deferReturn);
        Str(file);
        Mark(tag + ".code").Blob(code);
        Mark(tag + ".lines").U((ulong)(lines?.Length ?? 0));
        for (int i = 0; i < (lines?.Length ?? 0); i++)
            Mark($"{tag}.line{i}").U((ulong)lines![i].Pc).Mark($"{tag}.line{i}.line").U((ulong)lines[i].Line);
        return this;
    }
}
