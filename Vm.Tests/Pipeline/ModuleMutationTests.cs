using System.Diagnostics;
using Vm.Core;
using Vm.Core.Modules;
using Vm.Core.Text;
using Vm.Core.Verification;
using Vm.Tests.Support;

namespace Vm.Tests.Pipeline;

/// <summary>
/// The loader's whole gate on untrusted bytes: seeded mutations (bit flips, random bytes,
/// truncations, splices, insertions, deletions) of valid modules — the sample modules and every
/// shipped example — go through the reader and then the verifier. Each step either accepts or
/// raises its documented error (GobcFormatException, VerifyException, ModuleVerifyException);
/// nothing else, no hang. 5,000 mutations by default, 200,000 with GOVM_STRESS=full.
/// </summary>
[Category("Stress")]
public class ModuleMutationTests
{
    static int Count => Environment.GetEnvironmentVariable("GOVM_STRESS") == "full" ? 200_000 : 5_000;

    static List<byte[]> ValidModules()
    {
        var list = SampleModules.All().Select(s => s.Module).ToList();
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.gobs").Order())
            list.Add(Assembler.Assemble(File.ReadAllText(path), Path.GetFileName(path)));
        var bytes = new List<byte[]>();
        foreach (var m in list)
        {
            bytes.Add(GobcWriter.Write(m));
        }
        return bytes;
    }

    [Test]
    public void MutatedModulesAreReadAndVerifiedOrRejectedWithADocumentedError()
    {
        const int seed = 7;
        var originals = ValidModules();
        int readFails = 0, verifyFails = 0, accepted = 0, n = 0;
        var sw = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        for (int k = 0; k < originals.Count; k++)
        {
            foreach (var (what, bytes) in Mutator.Mutate(originals[k], originals, seed + k, Count / originals.Count))
            {
                n++;
                var t0 = sw.Elapsed;
                try
                {
                    var m = GobcReader.Read(bytes);
                    Verifier.Verify(m);
                    accepted++;
                }
                catch (GobcFormatException) { readFails++; }
                catch (Exception e) when (e is VerifyException or ModuleVerifyException) { verifyFails++; }
                catch (Exception e)
                {
                    Assert.Fail($"module {k}, seed {seed + k}, mutation {what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
                var dt = sw.Elapsed - t0;
                if (dt > slowest) slowest = dt;
            }
        }
        TestContext.Out.WriteLine($"{n} mutations of {originals.Count} modules in {sw.ElapsedMilliseconds} ms (slowest {slowest.TotalMilliseconds:F1} ms): " +
            $"{readFails} rejected by the reader, {verifyFails} by the verifier, {accepted} accepted");
        Assert.That(verifyFails, Is.GreaterThan(0), "some mutations must reach the verifier and fail there");
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(5)), "no input may make loading hang");
    }
}
