using System.Diagnostics;
using Vm.Core;
using Vm.Core.Modules;
using Vm.Tests.Support;

namespace Vm.Tests.Format;

/// <summary>
/// Pins the reader's contract on arbitrary input: every mutated file is either accepted (and then
/// written back byte for byte) or rejected with <see cref="GobcFormatException"/>; nothing else
/// escapes and no file takes long. Short form by default, 200000 mutations with GOVM_STRESS=full.
/// </summary>
[Category("Stress")]
public class GobcMutationTests
{
    const int Seed = 0x60bc;

    static int Iterations => Environment.GetEnvironmentVariable("GOVM_STRESS") == "full" ? 200_000 : 5_000;

    [Test]
    public void MutatedFilesAreReadCanonicallyOrRejectedWithGobcFormatException()
    {
        var originals = SampleModules.All().Select(s => GobcWriter.Write(s.Module)).ToList();
        int perFile = Iterations / originals.Count + 1;
        int accepted = 0, rejected = 0;
        var slowest = TimeSpan.Zero;
        string slowestWhat = "";
        var total = Stopwatch.StartNew();
        for (int k = 0; k < originals.Count; k++)
        {
            int seed = Seed + k;
            int i = 0;
            foreach (var (what, bytes) in Mutator.Mutate(originals[k], originals, seed, perFile))
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    var m = GobcReader.Read(bytes);
                    var again = GobcWriter.Write(m);
                    if (!again.AsSpan().SequenceEqual(bytes))
                        Assert.Fail($"seed {seed}, iteration {i}, mutation {what}: accepted but not canonical (rewritten as {again.Length} bytes, read {bytes.Length})");
                    accepted++;
                }
                catch (GobcFormatException e)
                {
                    if (e.Offset < 0 || e.Offset > bytes.Length)
                        Assert.Fail($"seed {seed}, iteration {i}, mutation {what}: offset 0x{e.Offset:x} outside the {bytes.Length}-byte file ({e.Message})");
                    rejected++;
                }
                catch (Exception e) when (e is not AssertionException)
                {
                    Assert.Fail($"seed {seed}, iteration {i}, mutation {what}: {e.GetType().Name} escaped the reader: {e}");
                }
                if (sw.Elapsed > slowest) (slowest, slowestWhat) = (sw.Elapsed, $"seed {seed}, iteration {i}, {what}");
                i++;
            }
        }
        TestContext.Out.WriteLine($"{accepted + rejected} mutations in {total.Elapsed.TotalSeconds:F2} s: {accepted} accepted, {rejected} rejected; slowest read {slowest.TotalMilliseconds:F1} ms ({slowestWhat})");
        Assert.Multiple(() =>
        {
            Assert.That(rejected, Is.GreaterThan(0), "no mutation was rejected: the mutator is not mutating");
            Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(2)), $"slowest read: {slowestWhat}");
        });
    }

    [Test]
    public void MutatorIsDeterministicAndChangesTheInput()
    {
        var original = GobcWriter.Write(SampleModules.Full());
        var a = Mutator.Mutate(original, [original], 7, 200).ToList();
        var b = Mutator.Mutate(original, [original], 7, 200).ToList();
        Assert.That(a.Select(x => x.What), Is.EqualTo(b.Select(x => x.What)));
        Assert.That(a.Zip(b).All(p => p.First.Bytes.AsSpan().SequenceEqual(p.Second.Bytes)));
        Assert.That(a.Count(x => !x.Bytes.AsSpan().SequenceEqual(original)), Is.GreaterThan(190));
        Assert.That(a.Select(x => x.What.Split(' ')[0]).Distinct(), Is.SupersetOf(new[] { "flip", "set", "truncate", "splice", "insert", "delete", "copy" }));
    }
}
