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
