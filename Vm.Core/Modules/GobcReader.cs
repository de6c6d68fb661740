using System.Buffers;
using System.Text;
using Vm.Core.Bytecode;

namespace Vm.Core.Modules;

/// <summary>
/// Decodes and validates a <c>.gobc</c> file (docs/gobc-format.md; must match <see cref="GobcWriter"/>).
/// Everything that does not need code decoding is checked here: the container (magic, version,
/// section order and lengths, canonical varints, no trailing bytes), every table index, slot kinds,
/// UTF-8 names, type layouts and pointer maps against <see cref="TypeLayout"/>, line tables, frame
/// limits. The verifier checks the code. Any fault raises <see cref="GobcFormatException"/> with the
/// byte offset of the fault, and nothing else escapes, whatever the input.
/// </summary>
/// <remarks>
/// Allocation is bounded by the input: every count and length is compared with the bytes left in
/// its section before anything is allocated for it, and a type's pointer map is computed only after
/// its stored length matched the size, so a tiny file cannot make the reader allocate much or spin.
/// </remarks>
public static class GobcReader
{
    /// <summary>Largest MaxStack: operand stack depths are u16 in stack maps.</summary>
    public const int MaxStackLimit = 65535;
    /// <summary>Largest slot space (parameters + locals), frame-object and defer-record count: their operands are u16.</summary>
    public const int MaxU16Index = 65536;

    static readonly string[] SectionNames = ["", "types", "signatures", "strings", "globals", "functions", "start"];

    public static Module Read(ReadOnlySpan<byte> data)
    {
        var p = new Parser(data);
        return p.ReadModule();
    }

    /// <summary>Where each checked-later field of a type sits in the file.</summary>
    struct TypeSpots
    {
        public int Start, Sig, Size, Align, MaskLen, Mask;
        public int[] FieldOffsets;
        public long StoredSize, StoredAlign;
        public long[] StoredFieldOffsets;
    }

    ref struct Parser
    {
        readonly ReadOnlySpan<byte> _d;
        int _pos;
        int _end;          // end of the current section
        byte _section;     // current section id
        string? _ctx;      // "type", "func", ... for messages
        int _ctxIndex;

        public Parser(ReadOnlySpan<byte> data) { _d = data; _pos = 0; _end = data.Length; _section = 0; _ctx = null; _ctxIndex = 0; }

        // ---- errors ----

        readonly string Prefix => _ctx is null ? "" : $"{_ctx} {_ctxIndex}: ";

        readonly GobcFormatException Fail(int at, string reason) => new(at, Prefix + reason);

        // ---- primitives ----

        readonly int Left => _end - _pos;

        /// <summary>An unsigned varint; <paramref name="what"/> + <paramref name="suffix"/> names it in messages.</summary>
        ulong U(string what, string suffix = "")
        {
            int at = _pos;
            var err = Varint.TryRead(_d[_pos.._end], out ulong v, out int n);
            if (err == Varint.Error.Truncated)
                throw Fail(at, $"{what}{suffix}: varint runs past the end of section {SectionNames[_section]}");
            if (err != Varint.Error.None) throw Fail(at, $"{what}{suffix}: {Varint.Describe(err)}");
            _pos += n;
            return v;
        }

        long S(string what)
        {
            return Varint.UnZigZag(U(what));
        }

        /// <summary>An unsigned value in [0, max].</summary>
        long UpTo(string what, long max)
        {
            int at = _pos;
            ulong v = U(what);
            if (v > (ulong)max) throw Fail(at, $"{what} {v} out of range (at most {max})");
            return (long)v;
        }

        /// <summary>
        /// An index into a table of <paramref name="count"/> entries, -1 allowed if <paramref name="allowNone"/>.
        /// <paramref name="field"/> &gt;= 0 names a struct field's type ("field 2 type").
        /// </summary>
        int Index(string what, int count, string table, bool allowNone, int field = -1)
        {
            int at = _pos;
            string Name() => field >= 0 ? $"field {field} type" : what;
            long v;
            if (allowNone)
            {
                v = S(what);
                if (v < -1 || v >= count) throw Fail(at, $"{Name()} index {v} out of range (-1 or below {count} {table})");
            }
            else
            {
                ulong u = U(what);
                if (u >= (ulong)count) throw Fail(at, $"{Name()} index {u} out of range (have {count} {table})");
                v = (long)u;
            }
            return (int)v;
        }

        /// <summary>A count of items that take at least <paramref name="minBytes"/> each, checked against the bytes left.</summary>
        int Count(string what, int minBytes = 1)
        {
            int at = _pos;
            ulong v = U(what, " count");
            if (v > (ulong)(Left / minBytes))
                throw Fail(at, $"{what} count {v} exceeds what the {Left} bytes left in section {SectionNames[_section]} can hold");
            return (int)v;
        }

        byte Byte(string what)
        {
            if (_pos >= _end) throw Fail(_pos, $"{what}: runs past the end of section {SectionNames[_section]}");
            return _d[_pos++];
        }

        ReadOnlySpan<byte> Bytes(string what)
        {
            int at = _pos;
            ulong n = U(what, " length");
            if (n > (ulong)Left)
                throw Fail(at, $"{what} length {n} exceeds the {Left} bytes left in section {SectionNames[_section]}");
            var b = _d.Slice(_pos, (int)n);
            _pos += (int)n;
            return b;
        }

        string Name(string what)
        {
            var b = Bytes(what);
            int dataStart = _pos - b.Length;
            int i = 0;
            while (i < b.Length)
            {
                if (Rune.DecodeFromUtf8(b[i..], out _, out int used) != OperationStatus.Done)
                    throw Fail(dataStart + i, $"{what} is not valid UTF-8");
                i += used;
            }
            return Encoding.UTF8.GetString(b);
        }

        SlotKind Kind(string what)
        {
            int at = _pos;
            byte b = Byte(what);
            if (!SlotKinds.IsValid(b)) throw Fail(at, $"{what}: bad slot kind {b} (want 1 int, 2 float or 3 ptr)");
            return (SlotKind)b;
        }

        SlotKind[] Kinds(string what)
        {
            int n = Count(what);
            var r = new SlotKind[n];
            for (int i = 0; i < n; i++) r[i] = Kind(what);
            return r;
        }

        // ---- sections ----

        void BeginSection(byte id)
        {
            _ctx = null;
            _section = 0;
            _end = _d.Length;
            int at = _pos;
            if (_pos >= _d.Length) throw Fail(at, $"missing section {id} ({SectionNames[id]}): the file ends");
            byte got = _d[_pos];
            if (got != id) throw Fail(at, $"expected section {id} ({SectionNames[id]}), found section id {got}");
            _pos++;
            int lenAt = _pos;
            var err = Varint.TryRead(_d[_pos..], out ulong len, out int n);
            if (err == Varint.Error.Truncated) throw Fail(lenAt, $"section {SectionNames[id]}: length runs past the end of the file");
            if (err != Varint.Error.None) throw Fail(lenAt, $"section {SectionNames[id]}: length: {Varint.Describe(err)}");
            _pos += n;
            if (len > (ulong)(_d.Length - _pos))
                throw Fail(lenAt, $"section {SectionNames[id]}: length {len} exceeds the {_d.Length - _pos} bytes left in the file");
            _section = id;
            _end = _pos + (int)len;
        }

        void EndSection()
        {
            _ctx = null;
            if (_pos != _end)
                throw Fail(_pos, $"section {SectionNames[_section]}: {_end - _pos} bytes left over after its content");
            _end = _d.Length;
        }

        void Enter(string ctx, int index) { _ctx = ctx; _ctxIndex = index; }

        public Module ReadModule()
        {
            var m = new Module();
            var magic = GobcWriter.Magic;
            for (int i = 0; i < magic.Length; i++)
            {
                if (i >= _d.Length) throw Fail(i, "truncated header: the file ends inside the magic \"GOBC\"");
                if (_d[i] != magic[i]) throw Fail(0, "bad magic: not a .gobc file (it must start with \"GOBC\")");
            }
            if (_d.Length < 6) throw Fail(_d.Length, "truncated header: the file ends inside the version");
            int version = _d[4] | _d[5] << 8;
            if (version != Module.FormatVersion)
                throw Fail(4, $"unsupported format version {version} (this govm reads version {Module.FormatVersion})");
            _pos = 6;

            var spots = ReadTypes(m);
            ReadSigs(m);
            CheckTypeSigs(m, spots);
            CheckLayouts(m, spots);
            ReadStrings(m);
            ReadGlobals(m);
            ReadFuncs(m);
            ReadStart(m);

            if (_pos != _d.Length) throw Fail(_pos, $"{_d.Length - _pos} trailing bytes after the last section");
            return m;
        }

        TypeSpots[] ReadTypes(Module m)
        {
            BeginSection(GobcWriter.SecTypes);
            // kind, name, elem, len, sig, field count, size, align, mask length: at least 9 bytes.
            int n = Count("type", 9);
            var spots = new TypeSpots[n];
            for (int i = 0; i < n; i++)
            {
                Enter("type", i);
                ref var sp = ref spots[i];
                sp.Start = _pos;
                var t = new TypeDef();
                int kindAt = _pos;
                byte kind = Byte("kind");
                if (kind < (byte)TypeKind.Bool || kind > (byte)TypeKind.Closure)
                    throw Fail(kindAt, $"bad type kind {kind}");
                t.Kind = (TypeKind)kind;
                t.Name = Name("name");
                t.Elem = Index("element type", n, "types", allowNone: true);
                t.Len = UpTo("array length", long.MaxValue);
                sp.Sig = _pos;
                long sig = S("signature");
                if (sig < -1 || sig > int.MaxValue) throw Fail(sp.Sig, $"signature index {sig} out of range");
                t.Sig = (int)sig;
                int nf = Count("field", 3); // name, type, offset
                sp.FieldOffsets = nf == 0 ? [] : new int[nf];
                sp.StoredFieldOffsets = nf == 0 ? [] : new long[nf];
                for (int j = 0; j < nf; j++)
                {
                    string fname = Name("field name");
                    int ft = Index("field type", n, "types", allowNone: false, j);
                    sp.FieldOffsets[j] = _pos;
                    sp.StoredFieldOffsets[j] = UpTo("field offset", long.MaxValue);
                    t.Fields.Add(new FieldDef(fname, ft, 0));
                }
                sp.Size = _pos;
                sp.StoredSize = UpTo("size", long.MaxValue);
                sp.Align = _pos;
                sp.StoredAlign = UpTo("alignment", int.MaxValue);
                sp.MaskLen = _pos;
                var mask = Bytes("pointer mask");
                sp.Mask = _pos - mask.Length;
                t.PtrMask = mask.Length == 0 ? [] : mask.ToArray();
                m.Types.Add(t);
            }
            EndSection();
            return spots;
        }

        void ReadSigs(Module m)
        {
            BeginSection(GobcWriter.SecSigs);
            int n = Count("signature", 2);
            for (int i = 0; i < n; i++)
            {
                Enter("signature", i);
                var ps = Kinds("parameter");
                var rs = Kinds("result");
                m.Sigs.Add(new Signature(ps, rs));
            }
            EndSection();
        }

        readonly void CheckTypeSigs(Module m, TypeSpots[] spots)
        {
            for (int i = 0; i < m.Types.Count; i++)
            {
                int sig = m.Types[i].Sig;
                if (sig >= m.Sigs.Count)
                    throw new GobcFormatException(spots[i].Sig, $"type {i}: signature index {sig} out of range (-1 or below {m.Sigs.Count} signatures)");
            }
        }

        /// <summary>
        /// Recomputes every layout with <see cref="TypeLayout"/> (the single home of the rules) and
        /// compares: first sizes, alignments and field offsets, and only once those are trusted the
        /// pointer maps, whose computation is bounded by their stored length.
        /// </summary>
        readonly void CheckLayouts(Module m, TypeSpots[] spots)
        {
            var types = m.Types;
            try
            {
                TypeLayout.ComputeSizes(types, m.Sigs.Count);
            }
            catch (TypeLayoutException e)
            {
                throw new GobcFormatException(spots[e.Type].Start, e.Reason);
            }
            for (int i = 0; i < types.Count; i++)
            {
                var t = types[i];
                ref var sp = ref spots[i];
                if (sp.StoredSize != t.Size)
                    throw new GobcFormatException(sp.Size, $"type {i}: stored size {sp.StoredSize}, layout gives {t.Size}");
                if (sp.StoredAlign != t.Align)
                    throw new GobcFormatException(sp.Align, $"type {i}: stored alignment {sp.StoredAlign}, layout gives {t.Align}");
                for (int j = 0; j < t.Fields.Count; j++)
                    if (sp.StoredFieldOffsets[j] != t.Fields[j].Offset)
                        throw new GobcFormatException(sp.FieldOffsets[j], $"type {i}: field {j} stored offset {sp.StoredFieldOffsets[j]}, layout gives {t.Fields[j].Offset}");
            }
            for (int i = 0; i < types.Count; i++)
            {
                var t = types[i];
                ref var sp = ref spots[i];
                long want = (t.Size + 63) / 64;
                if (t.PtrMask.Length != want)
                    throw new GobcFormatException(sp.MaskLen, $"type {i}: pointer mask has {t.PtrMask.Length} bytes, size {t.Size} needs {want}");
                byte[] mask;
                try { mask = TypeLayout.ComputePtrMask(types, i); }
                catch (TypeLayoutException e) { throw new GobcFormatException(spots[e.Type].Start, e.Reason); }
                for (int k = 0; k < mask.Length; k++)
                    if (mask[k] != t.PtrMask[k])
                        throw new GobcFormatException(sp.Mask + k, $"type {i}: pointer mask byte {k} is 0x{t.PtrMask[k]:x2}, layout gives 0x{mask[k]:x2}");
            }
        }

        void ReadStrings(Module m)
        {
            BeginSection(GobcWriter.SecStrings);
            int n = Count("string");
            for (int i = 0; i < n; i++)
            {
                Enter("string", i);
                m.Strings.Add(Bytes("string").ToArray());
            }
            EndSection();
        }

        void ReadGlobals(Module m)
        {
            BeginSection(GobcWriter.SecGlobals);
            int n = Count("global", 2);
            for (int i = 0; i < n; i++)
            {
                Enter("global", i);
                string name = Name("name");
                int type = Index("type", m.Types.Count, "types", allowNone: false);
                m.Globals.Add(new GlobalDef(name, type));
            }
            EndSection();
        }

        void ReadFuncs(Module m)
        {
            BeginSection(GobcWriter.SecFuncs);
            // name, sig, locals, frame objects, defer records, max stack, deferreturn, file, code, lines.
            int n = Count("function", 10);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                Enter("func", i);
                var f = new FunctionDef();
                int nameAt = _pos;
                f.Name = Name("name");
                if (!names.Add(f.Name)) throw Fail(nameAt, $"duplicate function name \"{f.Name}\"");
                f.Sig = Index("signature", m.Sigs.Count, "signatures", allowNone: false);
                int paramSlots = m.Sigs[f.Sig].Params.Length;

                int localsAt = _pos;
                int nl = Count("local");
                if ((long)paramSlots + nl > MaxU16Index)
                    throw Fail(localsAt, $"{paramSlots} parameter slots + {nl} locals exceed {MaxU16Index} slots");
                var locals = new List<SlotKind>(nl);
                for (int j = 0; j < nl; j++) locals.Add(Kind("local"));
                f.Locals = locals;

                int foAt = _pos;
                int nfo = Count("frame object");
                if (nfo > MaxU16Index) throw Fail(foAt, $"{nfo} frame objects exceed {MaxU16Index}");
                var fos = new List<int>(nfo);
                for (int j = 0; j < nfo; j++) fos.Add(Index("frame object type", m.Types.Count, "types", allowNone: false));
                f.FrameObjects = fos;

                int drAt = _pos;
                int ndr = Count("defer record");
                if (ndr > MaxU16Index) throw Fail(drAt, $"{ndr} defer records exceed {MaxU16Index}");
                var drs = new List<int>(ndr);
                for (int j = 0; j < ndr; j++) drs.Add(Index("defer record signature", m.Sigs.Count, "signatures", allowNone: false));
                f.DeferRecords = drs;

                f.MaxStack = (int)UpTo("max stack", MaxStackLimit);
                int drpAt = _pos;
                long drp = S("deferreturn pc");
                f.File = Name("file name");
                f.Code = Bytes("code").ToArray();
                if (drp < -1 || drp >= f.Code.Length)
                    throw Fail(drpAt, $"deferreturn pc {drp} is neither -1 nor inside the {f.Code.Length} bytes of code");
                f.DeferReturnPc = (int)drp;

                int nlines = Count("line table entry", 2);
                var lines = new List<LineEntry>(nlines);
                int prev = -1;
                for (int j = 0; j < nlines; j++)
                {
                    int pcAt = _pos;
                    long pc = UpTo("line table pc", int.MaxValue);
                    if (pc <= prev) throw Fail(pcAt, $"line table entry {j}: pc {pc} does not follow pc {prev}");
                    if (pc >= f.Code.Length) throw Fail(pcAt, $"line table entry {j}: pc {pc} is outside the {f.Code.Length} bytes of code");
                    int lineAt = _pos;
                    long line = UpTo("line table line", int.MaxValue);
                    if (line < 1) throw Fail(lineAt, $"line table entry {j}: line {line} (lines start at 1)");
                    lines.Add(new LineEntry((int)pc, (int)line));
                    prev = (int)pc;
                }
                f.Lines = lines;
                m.Funcs.Add(f);
            }
            EndSection();
        }

        void ReadStart(Module m)
        {
            BeginSection(GobcWriter.SecStart);
            m.Entry = Index("entry function", m.Funcs.Count, "functions", allowNone: true);
            m.Init = Index("init function", m.Funcs.Count, "functions", allowNone: true);
            EndSection();
        }
    }
}
