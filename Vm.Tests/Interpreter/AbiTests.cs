using System.Runtime.InteropServices;
using Vm.Core.Abi;

namespace Vm.Tests.Interpreter;

/// <summary>Pins the sizes and offsets docs/abi.md documents: the constants the JIT and the runtime
/// use must be the struct's real layout, and the pool size classes must be the seed's deferclass.</summary>
public class AbiTests
{
    static int Off<T>(string field) => (int)Marshal.OffsetOf<T>(field);

    [Test]
    public void DeferRecordHasTheSeedsLayout()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Marshal.SizeOf<Defer>(), Is.EqualTo(Defer.Size).And.EqualTo(48));
            Assert.That(Off<Defer>(nameof(Defer.Siz)), Is.EqualTo(Defer.OffSiz).And.EqualTo(0));
            Assert.That(Off<Defer>(nameof(Defer.Started)), Is.EqualTo(Defer.OffStarted).And.EqualTo(4));
            Assert.That(Off<Defer>(nameof(Defer.Heap)), Is.EqualTo(Defer.OffHeap).And.EqualTo(5));
            Assert.That(Off<Defer>(nameof(Defer.Sp)), Is.EqualTo(Defer.OffSp).And.EqualTo(8));
            Assert.That(Off<Defer>(nameof(Defer.Pc)), Is.EqualTo(Defer.OffPc).And.EqualTo(16));
            Assert.That(Off<Defer>(nameof(Defer.Fn)), Is.EqualTo(Defer.OffFn).And.EqualTo(24));
            Assert.That(Off<Defer>(nameof(Defer.Panic)), Is.EqualTo(Defer.OffPanic).And.EqualTo(32));
            Assert.That(Off<Defer>(nameof(Defer.Link)), Is.EqualTo(Defer.OffLink).And.EqualTo(40));
            Assert.That(Defer.OffArgs, Is.EqualTo(48));
        });
    }

    [Test]
    public void PanicRecordAndGDescriptorMatchTheirConstants()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Marshal.SizeOf<Panic>(), Is.EqualTo(Panic.Size));
            Assert.That(Off<Panic>(nameof(Panic.Argp)), Is.EqualTo(Panic.OffArgp));
            Assert.That(Off<Panic>(nameof(Panic.ArgType)), Is.EqualTo(Panic.OffArgType));
            Assert.That(Off<Panic>(nameof(Panic.ArgData)), Is.EqualTo(Panic.OffArgData));
            Assert.That(Off<Panic>(nameof(Panic.Link)), Is.EqualTo(Panic.OffLink));
            Assert.That(Off<Panic>(nameof(Panic.Fp)), Is.EqualTo(Panic.OffFp));
            Assert.That(Off<Panic>(nameof(Panic.Pc)), Is.EqualTo(Panic.OffPc));
            Assert.That(Off<Panic>(nameof(Panic.Recovered)), Is.EqualTo(Panic.OffRecovered));
            Assert.That(Off<Panic>(nameof(Panic.Aborted)), Is.EqualTo(Panic.OffAborted));
            Assert.That(Off<G>(nameof(G.StackLo)), Is.EqualTo(G.OffStackLo));
            Assert.That(Off<G>(nameof(G.StackHi)), Is.EqualTo(G.OffStackHi));
            Assert.That(Off<G>(nameof(G.StackGuard)), Is.EqualTo(G.OffStackGuard));
            Assert.That(Off<G>(nameof(G.Defer)), Is.EqualTo(G.OffDefer));
            Assert.That(Off<G>(nameof(G.Panic)), Is.EqualTo(G.OffPanic));
            Assert.That(Off<G>(nameof(G.Goid)), Is.EqualTo(G.OffGoid));
        });
    }

    [TestCase(0, 0)]
    [TestCase(8, 1)]
    [TestCase(16, 1)]
    [TestCase(17, 2)]
    [TestCase(24, 2)]
    [TestCase(48, 3)]
    [TestCase(64, 4)]
    [TestCase(65, 5)]
    public void DeferSizeClassRoundsArgumentBytesUpTo16(int siz, int cls)
    {
        Assert.That(Defer.Class(siz), Is.EqualTo(cls));
        if (cls < Defer.PoolClasses) Assert.That(Defer.ClassSize(cls), Is.GreaterThanOrEqualTo(Defer.TotalSize(siz)));
    }

    [Test]
    public void SlotZeroIsAboveTheHeaderAndTheLastLocalJustAboveTheContinuation()
    {
        // docs/abi.md §frame: slot i at base - 8*i, slot S-1 at fp + 32, continuation at fp + 24.
        const int slots = 5;
        long baseOff = Frame.BaseFromFp(slots);
        Assert.That(baseOff - 8 * (slots - 1), Is.EqualTo(Frame.HeaderSize));
        Assert.That(Frame.OffCont, Is.EqualTo(Frame.HeaderSize - 8));
    }
}
