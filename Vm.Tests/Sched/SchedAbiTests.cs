using System.Runtime.InteropServices;
using Vm.Core.Abi;

namespace Vm.Tests.Sched;

/// <summary>Pins the layouts docs/abi.md documents for the scheduler: G's wait-record and handle words,
/// the channel (§chan) and the wait record (§sudog).</summary>
public class SchedAbiTests
{
    static int Off<T>(string field) => (int)Marshal.OffsetOf<T>(field);

    [Test]
    public void GCarriesItsWaitRecordsAndHandleInItsLastWords()
    {
        Assert.That(Marshal.SizeOf<G>(), Is.EqualTo(64));
        Assert.That(Off<G>(nameof(G.Waiting)), Is.EqualTo(G.OffWaiting).And.EqualTo(48));
        Assert.That(Off<G>(nameof(G.Handle)), Is.EqualTo(G.OffHandle).And.EqualTo(56));
        Assert.That(G.StackPreempt, Is.GreaterThan(0x7fff_0000_0000_0000L), "above every user address");
    }

    [Test]
    public void ChanLayoutMatchesTheDocumentedOffsets()
    {
        Assert.That(Marshal.SizeOf<Chan>(), Is.EqualTo(Chan.Size).And.EqualTo(96));
        Assert.That(Off<Chan>(nameof(Chan.Qcount)), Is.EqualTo(Chan.OffQcount).And.EqualTo(0));
        Assert.That(Off<Chan>(nameof(Chan.Dataqsiz)), Is.EqualTo(Chan.OffDataqsiz).And.EqualTo(8));
        Assert.That(Off<Chan>(nameof(Chan.Buf)), Is.EqualTo(Chan.OffBuf).And.EqualTo(16));
        Assert.That(Chan.BufWord, Is.EqualTo(2));
        Assert.That(Off<Chan>(nameof(Chan.ElemSize)), Is.EqualTo(Chan.OffElemSize).And.EqualTo(24));
        Assert.That(Off<Chan>(nameof(Chan.ElemType)), Is.EqualTo(Chan.OffElemType).And.EqualTo(32));
        Assert.That(Off<Chan>(nameof(Chan.Closed)), Is.EqualTo(Chan.OffClosed).And.EqualTo(36));
        Assert.That(Off<Chan>(nameof(Chan.Sendx)), Is.EqualTo(Chan.OffSendx).And.EqualTo(40));
        Assert.That(Off<Chan>(nameof(Chan.Recvx)), Is.EqualTo(Chan.OffRecvx).And.EqualTo(48));
        Assert.That(Off<Chan>(nameof(Chan.RecvqFirst)), Is.EqualTo(Chan.OffRecvq).And.EqualTo(56));
        Assert.That(Off<Chan>(nameof(Chan.RecvqLast)), Is.EqualTo(64));
        Assert.That(Off<Chan>(nameof(Chan.SendqFirst)), Is.EqualTo(Chan.OffSendq).And.EqualTo(72));
        Assert.That(Off<Chan>(nameof(Chan.SendqLast)), Is.EqualTo(80));
        Assert.That(Off<Chan>(nameof(Chan.Lock)), Is.EqualTo(Chan.OffLock).And.EqualTo(88));
    }

    [Test]
    public void SudogLayoutMatchesTheDocumentedOffsets()
    {
        Assert.That(Marshal.SizeOf<Sudog>(), Is.EqualTo(Sudog.Size).And.EqualTo(64));
        Assert.That(Off<Sudog>(nameof(Sudog.G)), Is.EqualTo(Sudog.OffG).And.EqualTo(0));
        Assert.That(Off<Sudog>(nameof(Sudog.Next)), Is.EqualTo(Sudog.OffNext).And.EqualTo(8));
        Assert.That(Off<Sudog>(nameof(Sudog.Prev)), Is.EqualTo(Sudog.OffPrev).And.EqualTo(16));
        Assert.That(Off<Sudog>(nameof(Sudog.Elem)), Is.EqualTo(Sudog.OffElem).And.EqualTo(24));
        Assert.That(Off<Sudog>(nameof(Sudog.WaitLink)), Is.EqualTo(Sudog.OffWaitLink).And.EqualTo(32));
        Assert.That(Off<Sudog>(nameof(Sudog.C)), Is.EqualTo(Sudog.OffC).And.EqualTo(40));
        Assert.That(Off<Sudog>(nameof(Sudog.Case)), Is.EqualTo(Sudog.OffCase).And.EqualTo(48));
        Assert.That(Off<Sudog>(nameof(Sudog.IsSelect)), Is.EqualTo(Sudog.OffIsSelect).And.EqualTo(52));
        Assert.That(Off<Sudog>(nameof(Sudog.Success)), Is.EqualTo(Sudog.OffSuccess).And.EqualTo(53));
        Assert.That(Off<Sudog>(nameof(Sudog.IsRecv)), Is.EqualTo(Sudog.OffIsRecv).And.EqualTo(54));
        Assert.That(Off<Sudog>(nameof(Sudog.FreeLink)), Is.EqualTo(Sudog.OffFreeLink).And.EqualTo(56));
    }
}
