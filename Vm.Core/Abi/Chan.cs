using System.Runtime.InteropServices;

namespace Vm.Core.Abi;

/// <summary>
/// A channel (Go's hchan): a VM heap object of <see cref="Size"/> bytes made by <c>makechan T n</c>.
/// Layout: docs/abi.md §chan. Word 2 (<c>buf</c>) is its only heap pointer: the ring buffer, a heap
/// array of <c>dataqsiz</c> elements typed by the element type, so the collector scans buffered
/// values by the element's pointer map. The wait queues hold native <see cref="Sudog"/> records
/// (not heap objects). <c>lock</c> is a spin lock taken by every operation but len/cap.
/// </summary>
/// <remarks>
/// Every place that depends on this layout says "must match docs/abi.md §chan": the channel
/// operations (Vm.Interpreter/Channels.cs), the heap type registered for channels
/// (Vm.Interpreter/Machine.cs, <c>_chanTid</c>: word 2 only) and <c>rt chanlen</c>/<c>rt chancap</c>.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct Chan
{
    public const int Size = 96;

    /// <summary>Elements in the buffer.</summary>
    [FieldOffset(0)] public long Qcount;
    /// <summary>Buffer capacity (cap(ch)); 0 for an unbuffered channel.</summary>
    [FieldOffset(8)] public long Dataqsiz;
    /// <summary>The ring buffer (a heap object), or 0 when there is no room to keep.</summary>
    [FieldOffset(16)] public nint Buf;
    /// <summary>Bytes per element.</summary>
    [FieldOffset(24)] public long ElemSize;
    /// <summary>Module type index of the element type.</summary>
    [FieldOffset(32)] public int ElemType;
    /// <summary>Non-zero once closed.</summary>
    [FieldOffset(36)] public int Closed;
    /// <summary>Ring indices.</summary>
    [FieldOffset(40)] public long Sendx;
    [FieldOffset(48)] public long Recvx;
    /// <summary>Goroutines parked in a receive: first, last (native sudogs).</summary>
    [FieldOffset(56)] public nint RecvqFirst;
    [FieldOffset(64)] public nint RecvqLast;
    /// <summary>Goroutines parked in a send: first, last.</summary>
    [FieldOffset(72)] public nint SendqFirst;
    [FieldOffset(80)] public nint SendqLast;
    /// <summary>Spin lock word: 0 free, 1 held.</summary>
    [FieldOffset(88)] public int Lock;

    public const int OffQcount = 0, OffDataqsiz = 8, OffBuf = 16, OffElemSize = 24, OffElemType = 32, OffClosed = 36,
        OffSendx = 40, OffRecvx = 48, OffRecvq = 56, OffSendq = 72, OffLock = 88;

    /// <summary>Word index of <c>buf</c>, the channel object's only heap pointer.</summary>
    public const int BufWord = OffBuf / 8;
}

/// <summary>
/// A wait record (Go's sudog): one goroutine waiting on one channel, in the channel's send or
/// receive queue and in its goroutine's <see cref="G.Waiting"/> list. Native memory, owned by
/// the runtime's per-P caches. Layout: docs/abi.md §sudog.
/// </summary>
/// <remarks>
/// <c>elem</c> usually points into the waiting goroutine's own stack (the element lives in its
/// frame): the stack copier adjusts it (Vm.Gc/StackCopier.cs, after the panic chain), the collector
/// marks it (Vm.Gc/Collector.cs), and the channel operations (Vm.Interpreter/Channels.cs) copy
/// through it. If you add a field: set it in Channels.cs, clear it when the record is freed,
/// and adjust it in the copier if it can point into a stack.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct Sudog
{
    public const int Size = 64;

    /// <summary>The waiting goroutine's descriptor.</summary>
    [FieldOffset(0)] public nint G;
    /// <summary>Neighbours in the channel's wait queue.</summary>
    [FieldOffset(8)] public nint Next;
    [FieldOffset(16)] public nint Prev;
    /// <summary>The element to send from or receive into (may point into the stack; 0: discard).</summary>
    [FieldOffset(24)] public nint Elem;
    /// <summary>Next record of the same goroutine (g.waiting list).</summary>
    [FieldOffset(32)] public nint WaitLink;
    /// <summary>The channel.</summary>
    [FieldOffset(40)] public nint C;
    /// <summary>Select case index (0 for a plain send or receive).</summary>
    [FieldOffset(48)] public int Case;
    /// <summary>Part of a select: a waker must win the goroutine's selectDone race first.</summary>
    [FieldOffset(52)] public byte IsSelect;
    /// <summary>Woken by a value passing (true) or by close (false).</summary>
    [FieldOffset(53)] public byte Success;
    /// <summary>1: a receive, 0: a send (select cases).</summary>
    [FieldOffset(54)] public byte IsRecv;
    /// <summary>Cache link while the record is free.</summary>
    [FieldOffset(56)] public nint FreeLink;

    public const int OffG = 0, OffNext = 8, OffPrev = 16, OffElem = 24, OffWaitLink = 32, OffC = 40, OffCase = 48,
        OffIsSelect = 52, OffSuccess = 53, OffIsRecv = 54, OffFreeLink = 56;
}
