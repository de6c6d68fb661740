using System.Globalization;
using System.Text;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Gc;

namespace Vm.Interpreter;

// Runtime support for the everyday language and its library (docs/language.md): string hashing for
// maps, fmt over the native formatter of Machine.Testing.cs, writes to standard output, time and
// float conversions. Everything else of the library is Go source compiled with the program
// (Vm.Compiler/Lib), so maps and strings.Builder are ordinary heap objects the collector scans.
unsafe partial class Machine
{
    readonly Decoder _stdoutDecoder = Encoding.UTF8.GetDecoder();
    /// <summary>Texts registered by rt panictext for the most recent panic values (Go's preprintpanics).</summary>
    readonly List<(long Type, nint Data, byte[] Text)> _panicTexts = [];

    bool PanicText(long type, nint data)
    {
        foreach (var (t, d, text) in _panicTexts)
            if (t == type && d == data) { _out.AddRange(text); return true; }
        return false;
    }

    /// <summary>Go's hexadecimal float (after "0x"): hex digits with at most one '.', at least one digit, then a
    /// mandatory p exponent (decimal, signed). The mantissa rounds to the nearest double, then scales by 2^exp.</summary>
    static bool ParseHexFloat(string s, bool negative, out double d)
    {
        d = 0;
        int pi = s.IndexOf('p');
        if (pi < 0) return false;
        string mant = s[..pi], exps = s[(pi + 1)..];
        string digitsOfExp = exps.Length > 0 && exps[0] is '+' or '-' ? exps[1..] : exps;
        if (digitsOfExp.Length == 0 || !digitsOfExp.All(char.IsAsciiDigit)) return false;
        // An exponent beyond any double is clamped: the scaling gives 0 or +-Inf either way.
        long exp = digitsOfExp.Length > 9 ? 1_000_000_000 : long.Parse(digitsOfExp, CultureInfo.InvariantCulture);
        if (exps[0] == '-') exp = -exp;
        var m = System.Numerics.BigInteger.Zero;
        int digits = 0, frac = 0;
        bool dot = false;
        foreach (char c in mant)
        {
            if (c == '.') { if (dot) return false; dot = true; continue; }
            if (!char.IsAsciiHexDigit(c)) return false;
            m = m * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            digits++;
            if (dot) frac++;
        }
        if (digits == 0) return false;
        d = Math.ScaleB((double)m, (int)Math.Clamp(exp - 4L * frac, -100000, 100000));
        if (negative) d = -d;
        return true;
    }

    long* LangRuntime(RuntimeId id, long* sp)
    {
        switch (id)
        {
            case RuntimeId.StrHash:
            {
                long len = sp[0], p = sp[1];
                sp += 1;
                sp[0] = RuntimeStrings.Hash(new ReadOnlySpan<byte>((void*)p, (int)len));
                return sp;
            }
            case RuntimeId.FmtSprintf:
            {
                long mlen = sp[1], mp = sp[2], alen = sp[4], ap = sp[5], flen = sp[6], fp = sp[7];
                var f = NewFmt(ap, alen, mp, mlen, out var args);
                var text = f.Sprintf(new ReadOnlySpan<byte>((void*)fp, (int)flen), args);
                var (np, nl) = NewString(text);
                sp += 6;
                sp[1] = np; sp[0] = nl;
                return sp;
            }
            case RuntimeId.FmtSprintln:
            {
                long mode = sp[0], mlen = sp[2], mp = sp[3], alen = sp[5], ap = sp[6];
                var f = NewFmt(ap, alen, mp, mlen, out var args);
                var text = mode != 0 ? f.Sprintln(args) : f.Sprint(args);
                var (np, nl) = NewString(text);
                sp += 5;
                sp[1] = np; sp[0] = nl;
                return sp;
            }
            case RuntimeId.Write:
            {
                long len = sp[0], p = sp[1], fd = sp[2];
                var span = new ReadOnlySpan<byte>((void*)p, (int)len);
                if (fd == 2) { foreach (var b in span) _out.Add(b); MaybeFlush(); }
                else
                {
                    Flush();
                    if (_stdout is IByteWriter raw) raw.WriteBytes(span);   // Go's bytes as they are (invalid UTF-8 too)
                    else
                    {
                        var chars = new char[_stdoutDecoder.GetCharCount(span, flush: false)];
                        _stdoutDecoder.GetChars(span, chars, flush: false);
                        _stdout.Write(chars);
                    }
                }
                return sp + 3;
            }
            case RuntimeId.WallTime:
                *--sp = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
                return sp;
            case RuntimeId.FmtFloat:
            {
                long prec = sp[1], fmt = sp[2];
                double v = *(double*)(sp + 3);
                var text = GoFmt.FormatFloat(v, (char)fmt, (int)prec);
                var (np, nl) = NewString(text);
                sp += 2;
                sp[1] = np; sp[0] = nl;
                return sp;
            }
            case RuntimeId.ParseFloat:
            {
                long len = sp[0], p = sp[1];
                var s = Encoding.UTF8.GetString(new ReadOnlySpan<byte>((void*)p, (int)len)).Replace("_", "");
                var l = s.TrimStart('+', '-').ToLowerInvariant();
                bool ok, explicitInf = false;
                double d;
                if (l is "inf" or "infinity") { d = s.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity; ok = explicitInf = true; }
                else if (l == "nan") { d = double.NaN; ok = true; }
                else if (l.StartsWith("0x")) ok = ParseHexFloat(l[2..], s.StartsWith('-'), out d);
                else ok = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d);
                *(double*)(sp + 1) = ok ? d : 0;
                // Go: a finite literal beyond the float64 range gives +-Inf and ErrRange (strconv.go maps 2)
                sp[0] = !ok ? 0 : double.IsInfinity(d) && !explicitInf ? 2 : 1;
                return sp;
            }
            case RuntimeId.PanicText:
            {
                long len = sp[0], p = sp[1], data = sp[2], type = sp[3];
                var text = new ReadOnlySpan<byte>((void*)p, (int)len).ToArray();
                _panicTexts.RemoveAll(x => x.Type == type && x.Data == (nint)data);
                _panicTexts.Add((type, (nint)data, text));
                if (_panicTexts.Count > 8) _panicTexts.RemoveAt(0);
                return sp + 4;
            }
            case RuntimeId.EfaceAs:
            {
                // (target tw, target p, v tw, v data) -> ok: target holds a *T; v's dynamic type is T?
                long vdata = sp[0], vtype = sp[1], tp = sp[2], ttype = sp[3];
                long ok = 0;
                if (ttype > 0 && ttype - 1 < _m.Types.Count && tp != 0)
                {
                    var pt = _m.Types[(int)ttype - 1];
                    if (pt.Kind == TypeKind.Ptr && pt.Elem >= 0 && pt.Elem + 1 == vtype)
                    {
                        var et = _m.Types[pt.Elem];
                        if (et.Kind is TypeKind.Ptr or TypeKind.Chan or TypeKind.Func or TypeKind.Closure or TypeKind.UnsafePointer) *(long*)tp = vdata;
                        else Buffer.MemoryCopy((void*)vdata, (void*)tp, et.Size, et.Size);
                        ok = 1;
                    }
                }
                sp += 3;
                sp[0] = ok;
                return sp;
            }
            case RuntimeId.SliceLen:
            {
                long data = sp[0], type = sp[1];
                long n = -1;
                if (type > 0 && type - 1 < _m.Types.Count && _m.Types[(int)type - 1].Kind == TypeKind.Slice && data != 0) n = *(long*)(data + 8);
                sp += 1;
                sp[0] = n;
                return sp;
            }
            case RuntimeId.SliceSwap:
            {
                long j = sp[0], i = sp[1], data = sp[2], type = sp[3];
                if (type > 0 && type - 1 < _m.Types.Count && _m.Types[(int)type - 1].Kind == TypeKind.Slice && data != 0)
                {
                    long n = *(long*)(data + 8);
                    if ((ulong)i < (ulong)n && (ulong)j < (ulong)n && i != j)
                    {
                        long es = _m.Types[_m.Types[(int)type - 1].Elem].Size;
                        byte* b = *(byte**)data;
                        var a = new Span<byte>(b + i * es, (int)es);
                        var c = new Span<byte>(b + j * es, (int)es);
                        Span<byte> tmp = es <= 256 ? stackalloc byte[(int)es] : new byte[es];
                        a.CopyTo(tmp); c.CopyTo(a); tmp.CopyTo(c);
                    }
                }
                return sp + 4;
            }
            case RuntimeId.StringToRunes:
            {
                long len = sp[0], p = sp[1];
                var src = new ReadOnlySpan<byte>((void*)p, (int)len);
                var runes = new List<int>();
                for (int i = 0; i < src.Length;)
                {
                    var st = Rune.DecodeFromUtf8(src[i..], out var r, out int w);
                    if (st != System.Buffers.OperationStatus.Done) { r = Rune.ReplacementChar; w = 1; }
                    runes.Add(r.Value);
                    i += w;
                }
                long cap = runes.Count == 0 ? 0 : SizeClasses.RoundUp(4L * runes.Count) / 4;
                nint np = runes.Count == 0 ? 0 : _heap.Alloc(_cache, 4 * cap, Heap.NoScanType);
                for (int i = 0; i < runes.Count; i++) ((int*)np)[i] = runes[i];
                sp -= 1;
                sp[2] = np; sp[1] = runes.Count; sp[0] = cap;
                return sp;
            }
            case RuntimeId.RunesToString:
            {
                long len = sp[1], p = sp[2];
                var o = new List<byte>();
                Span<byte> buf = stackalloc byte[4];
                for (long i = 0; i < len; i++)
                {
                    int v = ((int*)p)[i];
                    if (!Rune.TryCreate(v, out var r)) r = Rune.ReplacementChar;
                    int n = r.EncodeToUtf8(buf);
                    for (int k = 0; k < n; k++) o.Add(buf[k]);
                }
                var (np, nl) = NewString(o.ToArray());
                sp += 1;
                sp[1] = np; sp[0] = nl;
                return sp;
            }
        }
        Fatal($"bad runtime function {(int)id}", false);
        return null;
    }

    /// <summary>A formatter for fmt's arguments: interface words from a []interface{} and the Error()/String()
    /// texts fmt computed for them (a []struct{s string; ok bool} parallel to the arguments).</summary>
    GoFmt NewFmt(long ap, long alen, long mp, long mlen, out (long Type, nint Data)[] args)
    {
        args = new (long Type, nint Data)[alen];
        for (int i = 0; i < args.Length; i++) args[i] = (*(long*)(ap + 16 * i), *(nint*)(ap + 16 * i + 8));
        var f = new GoFmt(_m);
        for (int i = 0; i < Math.Min(alen, mlen); i++)
        {
            nint e = (nint)(mp + 24 * i);
            if (*(byte*)(e + 16) == 0) continue;
            var text = new ReadOnlySpan<byte>((void*)*(nint*)e, (int)*(long*)(e + 8)).ToArray();
            (f.Methods ??= [])[args[i]] = text;
        }
        return f;
    }

    sealed partial class GoFmt
    {
        /// <summary>Texts of Error() or String() for argument words, as fmt's handleMethods uses them.</summary>
        public Dictionary<(long, nint), byte[]>? Methods;

        bool MethodText(long type, nint data, int verb)
        {
            if (Methods == null || _sharpV || verb is not ('v' or 's' or 'x' or 'X' or 'q')) return false;
            if (!Methods.TryGetValue((type, data), out var text)) return false;
            FmtString(text, verb, -1, 0);
            return true;
        }

        /// <summary>fmt.Sprint: spaces between operands when neither side is a string.</summary>
        public byte[] Sprint((long Type, nint Data)[] args)
        {
            bool prevString = false;
            for (int i = 0; i < args.Length; i++)
            {
                bool isString = args[i].Type > 0 && args[i].Type - 1 < m.Types.Count && m.Types[(int)args[i].Type - 1].Kind == TypeKind.String;
                if (i > 0 && !isString && !prevString) _b.Add((byte)' ');
                ClearFlags();
                PrintArg(args[i], 'v');
                prevString = isString;
            }
            return [.. _b];
        }

        /// <summary>A map (a pointer to maprt.Map, Vm.Compiler/Lib/maprt.go): map[k:v ...] with keys sorted as fmt sorts them.</summary>
        bool PrintMap(TypeDef t, nint p, int verb, int depth)
        {
            if (t.Elem < 0 || m.Types[t.Elem].Name != "maprt.Map") return false; // map types, named or not
            var mt = m.Types[t.Elem];
            nint map = *(nint*)p;
            if (_sharpV)
            {
                // Go syntax: map[string]int{"a":1, "b":2}, map[string]int(nil)
                WriteUtf8(t.Name);
                if (map == 0) { Write("(nil)"); return true; }
                _b.Add((byte)'{');
            }
            else Write("map[");
            if (map != 0)
            {
                long orderOff = mt.Fields.First(f => f.Name == "order").Offset;
                nint order = *(nint*)(map + (nint)orderOff);
                long n = *(long*)(map + (nint)orderOff + 8);
                var entries = new List<(long kt, nint kd, long vt, nint vd)>();
                for (long i = 0; i < n; i++)
                {
                    nint e = *(nint*)(order + (nint)(8 * i));
                    if (*(byte*)(e + 48) != 0) continue; // dead
                    entries.Add((*(long*)e, *(nint*)(e + 8), *(long*)(e + 16), *(nint*)(e + 24)));
                }
                var sorted = Enumerable.Range(0, entries.Count).ToList();
                sorted.Sort((a, b) => CompareKeys(entries[a].kt, entries[a].kd, entries[b].kt, entries[b].kd) is var c && c != 0 ? c : a.CompareTo(b));
                entries = sorted.Select(i => entries[i]).ToList();
                for (int i = 0; i < entries.Count; i++)
                {
                    if (i > 0) { if (_sharpV) _b.Add((byte)','); _b.Add((byte)' '); }
                    PrintWords(entries[i].kt, entries[i].kd, verb, depth + 1);
                    _b.Add((byte)':');
                    PrintWords(entries[i].vt, entries[i].vd, verb, depth + 1);
                }
            }
            _b.Add(_sharpV ? (byte)'}' : (byte)']');
            return true;
        }

        void PrintWords(long type, nint data, int verb, int depth)
        {
            if (type == 0) { Write("<nil>"); return; }
            if (type < 0 || type - 1 >= m.Types.Count) { PrintArg((type, data), verb); return; }
            int et = (int)(type - 1);
            if (IsPointerShaped(m.Types[et].Kind)) { long word = data; PrintValue(et, (nint)(&word), verb, depth); }
            else PrintValue(et, data, verb, depth);
        }

        /// <summary>internal/fmtsort's order for the common key kinds: numbers, strings, bools; others keep their order.</summary>
        int CompareKeys(long at, nint ad, long bt, nint bd)
        {
            if (at != bt || at <= 0 || at - 1 >= m.Types.Count) return at.CompareTo(bt) is var c && c != 0 ? c : 0;
            var k = m.Types[(int)at - 1].Kind;
            if (IsInteger(k))
            {
                long x = ReadInt(k, ad), y = ReadInt(k, bd);
                return IsSigned(k) ? x.CompareTo(y) : ((ulong)x).CompareTo((ulong)y);
            }
            switch (k)
            {
                case TypeKind.Float64: return (*(double*)ad).CompareTo(*(double*)bd);
                case TypeKind.String:
                    return new ReadOnlySpan<byte>((void*)*(nint*)ad, (int)*(long*)(ad + 8))
                        .SequenceCompareTo(new ReadOnlySpan<byte>((void*)*(nint*)bd, (int)*(long*)(bd + 8)));
                case TypeKind.Bool: return (*(byte*)ad).CompareTo(*(byte*)bd);
                default: return 0;
            }
        }
    }
}
