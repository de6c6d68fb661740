using System.Globalization;
using Iced.Intel;
using Vm.Jit;
using static Iced.Intel.AssemblerRegisters;

namespace Vm.Tests.Jit;

/// <summary>The JIT's executable memory: code assembled with Iced runs, pages are never writable and
/// executable at once, freed pages are reused, and pcs map back to their blocks.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Platform("Linux")]
public unsafe class ExecutableMemoryTests
{
    sealed class SpanWriter(byte[] buf) : CodeWriter
    {
        public int Length;
        public override void WriteByte(byte value) => buf[Length++] = value;
    }

    /// <summary>Assembles <paramref name="build"/> at the block's final address and copies it in.</summary>
    static CodeBlock Install(ExecutableMemory mem, Action<Assembler> build, object? owner = null)
    {
        return mem.Install(4096, (rip, dest) =>
        {
            var a = new Assembler(64);
            build(a);
            var buf = new byte[4096];
            var w = new SpanWriter(buf);
            a.Assemble(w, (ulong)rip);
            buf.AsSpan(0, w.Length).CopyTo(dest);
            return w.Length;
        }, owner);
    }

    /// <summary>Permissions of the mapping holding <paramref name="addr"/>, from /proc/self/maps ("r-xp"...).</summary>
    static string Permissions(nint addr)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var parts = line.Split(' ', 3);
            var range = parts[0].Split('-');
            ulong lo = ulong.Parse(range[0], NumberStyles.HexNumber), hi = ulong.Parse(range[1], NumberStyles.HexNumber);
            if ((ulong)addr >= lo && (ulong)addr < hi) return parts[1];
        }
        return "unmapped";
    }

    [Test]
    public void AssembledFunctionRunsWithTheSysVConvention()
    {
        using var mem = new ExecutableMemory(1 << 20);
        var b = Install(mem, a => { a.lea(rax, __[rdi + rsi * 2]); a.ret(); });
        var f = (delegate* unmanaged<long, long, long>)b.Start;
        Assert.That(f(5, 7), Is.EqualTo(19));
    }

    [Test]
    public void InstalledCodeIsExecutableButNotWritable()
    {
        using var mem = new ExecutableMemory(1 << 20);
        var b = Install(mem, a => { a.mov(eax, 42); a.ret(); });
        Assert.That(Permissions(b.Start), Is.EqualTo("r-xp"));
    }

    [Test]
    public void FreedPagesBecomeInaccessibleAndAreReused()
    {
        using var mem = new ExecutableMemory(1 << 20);
        var first = Install(mem, a => { a.mov(eax, 1); a.ret(); });
        nint where = first.Start;
        mem.Free(first);
        Assert.That(Permissions(where), Is.EqualTo("---p"));
        var second = Install(mem, a => { a.mov(eax, 2); a.ret(); });
        Assert.That(second.Start, Is.EqualTo(where), "the freed page is reused");
        Assert.That(((delegate* unmanaged<int>)second.Start)(), Is.EqualTo(2));
    }

    [Test]
    public void PcMapsBackToItsBlock()
    {
        using var mem = new ExecutableMemory(1 << 20);
        var a1 = Install(mem, a => { a.mov(eax, 1); a.ret(); }, owner: "f1");
        var a2 = Install(mem, a => { a.mov(eax, 2); a.ret(); }, owner: "f2");
        Assert.Multiple(() =>
        {
            Assert.That(mem.Find(a1.Start + 1)?.Owner, Is.EqualTo("f1"));
            Assert.That(mem.Find(a2.Start)?.Owner, Is.EqualTo("f2"));
            Assert.That(mem.Find(a2.Start + a2.Size), Is.Null, "past the code");
        });
    }

    [Test]
    public void EmitterFailureLeavesNoPageBehind()
    {
        using var mem = new ExecutableMemory(1 << 20);
        Assert.Throws<InvalidOperationException>(() => mem.Install(64, (_, _) => throw new InvalidOperationException("boom")));
        Assert.That(mem.BlockCount, Is.EqualTo(0));
        var b = Install(mem, a => { a.mov(eax, 3); a.ret(); });
        Assert.That(((delegate* unmanaged<int>)b.Start)(), Is.EqualTo(3));
    }

    [Test]
    public void FullRegionIsAnOutOfMemoryError()
    {
        using var mem = new ExecutableMemory(2 * Environment.SystemPageSize);
        Install(mem, a => a.ret());
        Install(mem, a => a.ret());
        Assert.Throws<OutOfMemoryException>(() => Install(mem, a => a.ret()));
    }
}
