namespace Vm.Gc;

/// <summary>
/// Go's malloc size classes (runtime/sizeclasses.go): allocation sizes round up to one of these,
/// and append's growslice rounds a new capacity up the same way, so cap() after append matches Go.
/// </summary>
public static class SizeClasses
{
    static readonly int[] Sizes =
    [
        0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
        288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408,
        1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912,
        8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760,
        24576, 27264, 28672, 32768,
    ];

    public const int MaxSmallSize = 32768;
    public const int PageSize = 8192;
    public const int PageShift = 13;

    /// <summary>Number of size classes, class 0 (large objects) included.</summary>
    public static int Count => Sizes.Length;

    /// <summary>Object size of class <paramref name="c"/> (0 for class 0, the large objects).</summary>
    public static int SizeOf(int c) => Sizes[c];

    // Go's size_to_class8 / size_to_class128: class lookup without a search.
    static readonly byte[] Class8 = BuildClass(0, 1024, 8);
    static readonly byte[] Class128 = BuildClass(1024, MaxSmallSize, 128);
    static readonly int[] Pages = BuildPages();

    static byte[] BuildClass(int from, int to, int step)
    {
        var t = new byte[(to - from) / step + 1];
        for (int i = 0; i < t.Length; i++)
        {
            int size = from + i * step;
            int c = 1;
            while (Sizes[c] < size) c++;
            t[i] = (byte)c;
        }
        return t;
    }

    /// <summary>Pages per span of each class: the fewest pages whose tail waste is at most 1/8
    /// (the rule behind Go's class_to_allocnpages).</summary>
    static int[] BuildPages()
    {
        var t = new int[Sizes.Length];
        for (int c = 1; c < Sizes.Length; c++)
        {
            int n = 1;
            while ((n * PageSize) % Sizes[c] > n * PageSize / 8) n++;
            t[c] = n;
        }
        return t;
    }

    /// <summary>The size class of a small object (1 ≤ size ≤ <see cref="MaxSmallSize"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int ClassOf(long size) => size <= 1024 ? Class8[(size + 7) >> 3] : Class128[(size - 1024 + 127) >> 7];

    /// <summary>Pages of one span of class <paramref name="c"/>.</summary>
    public static int PagesOf(int c) => Pages[c];

    /// <summary>Go's roundupsize: the size of the block malloc would use for <paramref name="size"/> bytes.</summary>
    public static long RoundUp(long size)
    {
        if (size <= MaxSmallSize)
        {
            int lo = 0, hi = Sizes.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (Sizes[mid] >= size) hi = mid; else lo = mid + 1;
            }
            return Sizes[lo];
        }
        if (size > long.MaxValue - PageSize) return size;
        return (size + PageSize - 1) & ~(long)(PageSize - 1);
    }
}
