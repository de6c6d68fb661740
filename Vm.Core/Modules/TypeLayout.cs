namespace Vm.Core.Modules;

/// <summary>A type-table fault found while laying types out: which type, and why.</summary>
public sealed class TypeLayoutException(int type, string reason) : Exception(reason)
{
    /// <summary>Index of the offending type in the module's type table.</summary>
    public int Type { get; } = type;
    public string Reason { get; } = reason;
}

/// <summary>
/// Go's layout rules for module types: size, alignment, field offsets and the pointer map (one bit
/// per 8-byte word). The single home of these rules: the <c>.gobc</c> reader checks stored layouts
/// against them, the assembler and compiler fill layouts in with them, the GC trusts the result.
/// </summary>
/// <remarks>
/// Word layouts of the built-in aggregates (must match docs/abi.md once it lands):
/// string = (data p, len i); slice = (data p, len i, cap i); interface{} = (type word i, data p);
/// func/chan/pointer/unsafe.Pointer = one p word; a closure object = (function word i, captures...).
/// </remarks>
public static class TypeLayout
{
    /// <summary>Largest type size accepted, in bytes. Bounds the pointer map at 16 MiB.</summary>
    public const long MaxSize = 1L << 30;

    /// <summary>
    /// Deepest by-value nesting accepted (arrays of arrays, structs in structs...). The layout walks
    /// recurse along such nesting, so a bound keeps a hostile type table from overflowing the stack.
    /// </summary>
    public const int MaxNesting = 1000;

    /// <summary>Size and alignment of the scalar kinds and of the fixed aggregates.</summary>
    public static (long Size, int Align)? Fixed(TypeKind k) => k switch
    {
        TypeKind.Bool or TypeKind.Int8 or TypeKind.Uint8 => (1, 1),
        TypeKind.Int16 or TypeKind.Uint16 => (2, 2),
        TypeKind.Int32 or TypeKind.Uint32 => (4, 4),
        TypeKind.Int or TypeKind.Int64 or TypeKind.Uint or TypeKind.Uint64 or TypeKind.Uintptr or TypeKind.Float64 => (8, 8),
        TypeKind.UnsafePointer or TypeKind.Ptr or TypeKind.Func or TypeKind.Chan => (8, 8),
        TypeKind.String or TypeKind.Iface => (16, 8),
        TypeKind.Slice => (24, 8),
        _ => null,
    };

    /// <summary>Pointer words of a fixed aggregate or pointer kind, as word indices.</summary>
    static ReadOnlySpan<int> FixedPtrWords(TypeKind k) => k switch
    {
        TypeKind.UnsafePointer or TypeKind.Ptr or TypeKind.Func or TypeKind.Chan or TypeKind.String or TypeKind.Slice => [0],
        TypeKind.Iface => [1],
        _ => [],
    };

    /// <summary>
    /// Checks the structure of every type (kinds, element, field and signature indices, no type
    /// containing itself by value) and computes each type's Size, Align and field offsets in place.
    /// Pointer maps are left alone: call <see cref="ComputePtrMask"/> once sizes are trusted.
    /// Throws <see cref="TypeLayoutException"/> on the first fault.
    /// </summary>
    public static void ComputeSizes(IReadOnlyList<TypeDef> types, int sigCount)
    {
        CheckNesting(types);
        var state = new byte[types.Count]; // 0 = not done, 1 = in progress, 2 = done
        for (int i = 0; i < types.Count; i++) Visit(types, sigCount, state, i);
    }

    /// <summary>Types nested by value directly in <paramref name="t"/> (in-range indices only; Visit reports the others).</summary>
    static IEnumerable<int> ByValue(IReadOnlyList<TypeDef> types, TypeDef t)
    {
        if (t.Kind == TypeKind.Array)
        {
            if ((uint)t.Elem < (uint)types.Count) yield return t.Elem;
        }
        else if (t.Kind is TypeKind.Struct or TypeKind.Closure)
        {
            foreach (var f in t.Fields)
                if ((uint)f.Type < (uint)types.Count) yield return f.Type;
        }
    }

    /// <summary>
    /// Rejects by-value nesting deeper than <see cref="MaxNesting"/>, without recursion (an explicit
    /// stack), so that the recursive walks below stay shallow. Cycles are left to <see cref="Visit"/>,
    /// which reports them as a type containing itself.
    /// </summary>
    static void CheckNesting(IReadOnlyList<TypeDef> types)
    {
        var height = new int[types.Count];   // 0 = not visited, -1 = on the stack, else 1 + deepest child
        var stack = new Stack<(int Type, IEnumerator<int> Next, int Height)>();
        for (int root = 0; root < types.Count; root++)
        {
            if (height[root] != 0) continue;
            height[root] = -1;
            stack.Push((root, ByValue(types, types[root]).GetEnumerator(), 1));
            while (stack.Count > 0)
            {
                var (t, next, h) = stack.Pop();
                if (next.MoveNext())
                {
                    int c = next.Current;
                    if (height[c] > 0) h = Math.Max(h, height[c] + 1);
                    stack.Push((t, next, h));
                    if (height[c] == 0)
                    {
                        height[c] = -1;
                        stack.Push((c, ByValue(types, types[c]).GetEnumerator(), 1));
                    }
                    continue;
                }
                if (h > MaxNesting) throw new TypeLayoutException(t, $"type {Describe(types, t)}: nested more than {MaxNesting} levels deep");
                height[t] = h;
                if (stack.Count > 0)
                {
                    var (pt, pn, ph) = stack.Pop();
                    stack.Push((pt, pn, Math.Max(ph, h + 1)));
                }
            }
        }
    }

    static void Visit(IReadOnlyList<TypeDef> types, int sigCount, byte[] state, int i)
    {
        if (state[i] == 2) return;
        if (state[i] == 1) throw new TypeLayoutException(i, $"type {Describe(types, i)} contains itself");
        state[i] = 1;
        var t = types[i];
        void CheckType(int idx, string what)
        {
            if ((uint)idx >= (uint)types.Count) throw new TypeLayoutException(i, $"type {Describe(types, i)}: {what} type index {idx} out of range (have {types.Count})");
        }
        bool wantsElem = t.Kind is TypeKind.Ptr or TypeKind.Array or TypeKind.Slice or TypeKind.Chan;
        if (wantsElem) CheckType(t.Elem, "element");
        else if (t.Elem != -1) throw new TypeLayoutException(i, $"type {Describe(types, i)}: a {t.Kind} has no element type");
        bool wantsSig = t.Kind is TypeKind.Func or TypeKind.Closure;
        if (wantsSig && (uint)t.Sig >= (uint)sigCount) throw new TypeLayoutException(i, $"type {Describe(types, i)}: signature index {t.Sig} out of range (have {sigCount})");
        if (!wantsSig && t.Sig != -1) throw new TypeLayoutException(i, $"type {Describe(types, i)}: a {t.Kind} has no signature");
        if (t.Kind != TypeKind.Array && t.Len != 0) throw new TypeLayoutException(i, $"type {Describe(types, i)}: only arrays have a length");
        if (t.Kind is not (TypeKind.Struct or TypeKind.Closure) && t.Fields.Count != 0) throw new TypeLayoutException(i, $"type {Describe(types, i)}: a {t.Kind} has no fields");

        if (Fixed(t.Kind) is { } f)
        {
            (t.Size, t.Align) = f;
        }
        else switch (t.Kind)
        {
            case TypeKind.Array:
            {
                if (t.Len < 0) throw new TypeLayoutException(i, $"type {Describe(types, i)}: negative array length {t.Len}");
                Visit(types, sigCount, state, t.Elem);
                var e = types[t.Elem];
                if (e.Size != 0 && t.Len > MaxSize / e.Size) throw new TypeLayoutException(i, $"type {Describe(types, i)}: larger than {MaxSize} bytes");
                t.Size = e.Size * t.Len;
                t.Align = e.Align;
                break;
            }
            case TypeKind.Struct:
            case TypeKind.Closure:
            {
                long off = t.Kind == TypeKind.Closure ? 8 : 0; // closure word 0: the function
                int align = t.Kind == TypeKind.Closure ? 8 : 1;
                for (int j = 0; j < t.Fields.Count; j++)
                {
                    var fd = t.Fields[j];
                    CheckType(fd.Type, $"field {j}");
                    Visit(types, sigCount, state, fd.Type);
                    var ft = types[fd.Type];
                    off = AlignUp(off, ft.Align);
                    t.Fields[j] = fd with { Offset = off };
                    off += ft.Size;
                    if (off > MaxSize) throw new TypeLayoutException(i, $"type {Describe(types, i)}: larger than {MaxSize} bytes");
                    align = Math.Max(align, ft.Align);
                }
                t.Align = align;
                t.Size = AlignUp(off, align);
                break;
            }
            default:
                throw new TypeLayoutException(i, $"type {i}: bad kind {(int)t.Kind}");
        }
        state[i] = 2;
    }

    /// <summary>The pointer map of a type whose size is known (see <see cref="ComputeSizes"/>).</summary>
    public static byte[] ComputePtrMask(IReadOnlyList<TypeDef> types, int type)
    {
        var t = types[type];
        var mask = new byte[(t.Size + 63) / 64];
        Mark(types, type, 0, mask);
        return mask;
    }

    /// <summary>Computes sizes, then pointer maps, for every type in place.</summary>
    public static void ComputeAll(IReadOnlyList<TypeDef> types, int sigCount)
    {
        ComputeSizes(types, sigCount);
        for (int i = 0; i < types.Count; i++) types[i].PtrMask = ComputePtrMask(types, i);
    }

    static void Mark(IReadOnlyList<TypeDef> types, int type, long byteOff, byte[] mask)
    {
        var t = types[type];
        if (!MayHavePointers(types, type)) return;
        switch (t.Kind)
        {
            case TypeKind.Array:
                var e = types[t.Elem];
                for (long k = 0; k < t.Len; k++) Mark(types, t.Elem, byteOff + k * e.Size, mask);
                break;
            case TypeKind.Struct:
            case TypeKind.Closure:
                foreach (var fd in t.Fields) Mark(types, fd.Type, byteOff + fd.Offset, mask);
                break;
            default:
                foreach (int w in FixedPtrWords(t.Kind))
                {
                    long word = byteOff / 8 + w; // pointer kinds are 8-aligned, so byteOff is a word boundary
                    mask[word >> 3] |= (byte)(1 << (int)(word & 7));
                }
                break;
        }
    }

    /// <summary>Cheap structural test so pointer-free arrays are not walked element by element.</summary>
    static bool MayHavePointers(IReadOnlyList<TypeDef> types, int type)
    {
        var t = types[type];
        // A zero-size type holds no pointer; stopping here keeps shared zero-size struct DAGs
        // (struct{a, b T} of struct{a, b T}...) from costing 2^depth calls.
        if (t.Size == 0) return false;
        return t.Kind switch
        {
            TypeKind.Array => t.Len > 0 && MayHavePointers(types, t.Elem),
            TypeKind.Struct or TypeKind.Closure => t.Fields.Any(f => MayHavePointers(types, f.Type)),
            _ => FixedPtrWords(t.Kind).Length > 0,
        };
    }

    public static long AlignUp(long n, int align) => (n + align - 1) & ~(long)(align - 1);

    static string Describe(IReadOnlyList<TypeDef> types, int i) => types[i].Name.Length > 0 ? $"{i} ({types[i].Name})" : i.ToString();
}
