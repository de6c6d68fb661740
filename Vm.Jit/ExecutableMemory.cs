using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Vm.Jit;

/// <summary>libc's mmap family (Linux x64 values).</summary>
[SupportedOSPlatform("linux")]
static partial class Libc
{
    public const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public const int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    public static readonly nint MAP_FAILED = -1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint addr, nuint len, int prot, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int mprotect(nint addr, nuint len, int prot);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint addr, nuint len);
}

/// <summary>A piece of installed machine code: where it is and who owns it.</summary>
public sealed record CodeBlock(nint Start, int Size, int Pages, object? Owner);

/// <summary>
/// The JIT's executable memory (BRIEF section 9; STYLE.md "Executable memory"). One region is
/// reserved up front (PROT_NONE, no commit charge); each installed block gets fresh pages that are
/// made read+write, filled, then made read+execute. A page is never writable and executable at
/// once, and a page holding live code is never made writable again: freed blocks return their pages
/// to PROT_NONE and to a free list, and only then can new code reuse them. Keeps a sorted block list
/// for pc -> block lookup (tracebacks and stack maps of compiled frames).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ExecutableMemory : IDisposable
{
    readonly object _lock = new();
    readonly nint _base;
    readonly nuint _size;
    readonly int _pageSize = Environment.SystemPageSize;
    int _nextPage;                                       // pages [0, _nextPage) have been handed out once
    int[] _freeFirst = new int[8], _freeLen = new int[8]; // freed runs of pages: first page, length (arrays, not
    int _freeCount;                                      // a collection of value types: Emitter's note on start-up)
    readonly List<CodeBlock> _blocks = [];               // sorted by Start
    bool _disposed;

    public ExecutableMemory(long reserveBytes = 256L << 20)
    {
        _size = (nuint)((reserveBytes + _pageSize - 1) / _pageSize * _pageSize);
        _base = Libc.mmap(0, _size, Libc.PROT_NONE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0);
        if (_base == Libc.MAP_FAILED) throw new InvalidOperationException($"jit: mmap of {_size} bytes failed: {Marshal.GetLastPInvokeErrorMessage()}");
        // A return address into this code must never read as a bytecode pc (Vm.Core.Abi.Continuation).
        if ((ulong)_base <= (ulong)Vm.Core.Abi.Continuation.MaxBytecode)
        {
            Libc.munmap(_base, _size);
            throw new InvalidOperationException($"jit: executable memory mapped at 0x{(long)_base:x}, below 2^31");
        }
    }

    /// <summary>Bytes of code currently installed (whole pages).</summary>
    public long CommittedBytes { get { lock (_lock) return _blocks.Sum(b => (long)b.Pages * _pageSize); } }

    public int BlockCount { get { lock (_lock) return _blocks.Count; } }

    /// <summary>
    /// Installs code that <paramref name="emit"/> writes for the address it is given (so rel32 calls to
    /// helpers and RIP-relative references can be resolved at the final address). <paramref name="size"/>
    /// is an upper bound; emit returns the bytes actually written.
    /// </summary>
    public unsafe CodeBlock Install(int size, Func<nint, Span<byte>, int> emit, object? owner = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int pages = (size + _pageSize - 1) / _pageSize;
            int first = TakePages(pages);
            nint start = _base + (nint)first * _pageSize;
            nuint len = (nuint)pages * (nuint)_pageSize;
            Check(Libc.mprotect(start, len, Libc.PROT_READ | Libc.PROT_WRITE), "mprotect RW");
            var span = new Span<byte>((void*)start, pages * _pageSize);
            int written;
            try
            {
                written = emit(start, span);
                if (written <= 0 || written > size) throw new InvalidOperationException($"jit: emitter wrote {written} bytes for a {size}-byte block");
                span[written..].Fill(0xcc); // int3 after the code
            }
            catch
            {
                Check(Libc.mprotect(start, len, Libc.PROT_NONE), "mprotect NONE");
                ReturnPages(first, pages);
                throw;
            }
            Check(Libc.mprotect(start, len, Libc.PROT_READ | Libc.PROT_EXEC), "mprotect RX");
            var block = new CodeBlock(start, written, pages, owner);
            int at = _blocks.FindIndex(b => b.Start > start);
            _blocks.Insert(at < 0 ? _blocks.Count : at, block);
            return block;
        }
    }

    /// <summary>Frees a block: its pages become inaccessible and reusable. The caller guarantees that no
    /// goroutine's continuation points into it any more.</summary>
    public void Free(CodeBlock block)
    {
        lock (_lock)
        {
            if (!_blocks.Remove(block)) throw new InvalidOperationException("jit: freeing a block that is not installed");
            Check(Libc.mprotect(block.Start, (nuint)block.Pages * (nuint)_pageSize, Libc.PROT_NONE), "mprotect NONE");
            ReturnPages((int)((block.Start - _base) / _pageSize), block.Pages);
        }
    }

    /// <summary>The block containing <paramref name="pc"/>, or null.</summary>
    public CodeBlock? Find(nint pc)
    {
        lock (_lock)
        {
            int lo = 0, hi = _blocks.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                var b = _blocks[mid];
                if (pc < b.Start) hi = mid - 1;
                else if (pc >= b.Start + b.Size) lo = mid + 1;
                else return b;
            }
            return null;
        }
    }

    int TakePages(int pages)
    {
        // Best fit among freed runs (the most recently freed of equal length), splitting a longer one; otherwise
        // fresh pages from the region.
        int best = -1;
        for (int k = 0; k < _freeCount; k++)
            if (_freeLen[k] >= pages && (best < 0 || _freeLen[k] <= _freeLen[best])) best = k;
        if (best >= 0)
        {
            int first = _freeFirst[best], len = _freeLen[best];
            _freeCount--;
            _freeFirst[best] = _freeFirst[_freeCount];
            _freeLen[best] = _freeLen[_freeCount];
            if (len > pages) AddFree(first + pages, len - pages);
            return first;
        }
        if ((long)(_nextPage + pages) * _pageSize > (long)_size)
            throw new OutOfMemoryException($"jit: executable region of {_size >> 20} MiB is full");
        int f = _nextPage;
        _nextPage += pages;
        return f;
    }

    void ReturnPages(int first, int pages) => AddFree(first, pages);

    void AddFree(int first, int pages)
    {
        if (_freeCount == _freeFirst.Length)
        {
            var f = new int[2 * _freeCount];
            var l = new int[2 * _freeCount];
            Array.Copy(_freeFirst, f, _freeCount);
            Array.Copy(_freeLen, l, _freeCount);
            (_freeFirst, _freeLen) = (f, l);
        }
        _freeFirst[_freeCount] = first;
        _freeLen[_freeCount++] = pages;
    }

    static void Check(int rc, string what)
    {
        if (rc != 0) throw new InvalidOperationException($"jit: {what} failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _blocks.Clear();
            Libc.munmap(_base, _size);
        }
    }
}
