using System.Diagnostics;
using Vm.Core;
using Vm.Core.Modules;
using Vm.Core.Verification;

namespace Vm.Tests.Verification;

/// <summary>
/// Seeded mutation of valid functions' code and headers: the verifier either accepts the result or
/// rejects it with VerifyException/ModuleVerifyException — never another exception, never a hang.
/// 20,000 mutations by default; GOVM_STRESS=full runs 500,000.
/// </summary>
[Category("Stress")]
public class VerifierMutationTests
{
    static int Count => Environment.GetEnvironmentVariable("GOVM_STRESS") == "full" ? 500_000 : 20_000;

    static IEnumerable<Module> Bases()
    {
        yield return StackMapTests.DeferFunction().M;
        yield return VerifierRuleTests.WithStackDefer(inLoop: false).M;
    }

    [Test]
    public void MutatedCodeIsAcceptedOrRejectedWithAVerifierError()
    {
        const int seed = 20261125;
        var rng = new Random(seed);
        var bases = Bases().ToList();
        foreach (var m in bases) Verifier.Verify(m); // the bases are valid
        int accepted = 0, rejected = 0;
        var sw = Stopwatch.StartNew();
        for (int iter = 0; iter < Count; iter++)
        {
            var m = bases[rng.Next(bases.Count)];
            var f = m.Funcs[rng.Next(m.Funcs.Count)];
            var (code, maxStack, drp, locals, recs) = (f.Code, f.MaxStack, f.DeferReturnPc, f.Locals.ToList(), f.DeferRecords.ToList());
            string what = Mutate(rng, m, f);
            try
            {
                Verifier.Verify(m);
                accepted++;
            }
            catch (Exception e) when (e is VerifyException or ModuleVerifyException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} iteration {iter} ({what}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            finally
            {
                (f.Code, f.MaxStack, f.DeferReturnPc, f.Locals, f.DeferRecords) = (code, maxStack, drp, locals, recs);
            }
        }
        TestContext.Out.WriteLine($"{Count} mutations in {sw.ElapsedMilliseconds} ms: {accepted} accepted, {rejected} rejected");
        Assert.That(rejected, Is.GreaterThan(Count / 2), "most mutations must break a rule");
    }

    static string Mutate(Random rng, Module m, FunctionDef f)
    {
        var code = (byte[])f.Code.Clone();
        switch (rng.Next(9))
        {
            case 0:
            {
                int i = rng.Next(code.Length);
                code[i] ^= (byte)(1 << rng.Next(8));
                f.Code = code;
                return $"flip bit at {i}";
            }
            case 1:
            {
                int i = rng.Next(code.Length);
                code[i] = (byte)rng.Next(256);
                f.Code = code;
                return $"set byte {i}";
            }
            case 2:
            {
                int n = rng.Next(code.Length + 1);
                f.Code = code[..n];
                return $"truncate to {n}";
            }
            case 3:
            {
                int i = rng.Next(code.Length + 1), n = rng.Next(1, 8);
                var ins = new byte[n];
                rng.NextBytes(ins);
                f.Code = [.. code[..i], .. ins, .. code[i..]];
                return $"insert {n} at {i}";
            }
            case 4:
            {
                int i = rng.Next(code.Length), n = rng.Next(1, Math.Min(8, code.Length - i) + 1);
                f.Code = [.. code[..i], .. code[(i + n)..]];
                return $"delete {n} at {i}";
            }
            case 5:
                f.MaxStack = rng.Next(-2, 6);
                return $"maxstack {f.MaxStack}";
            case 6:
                f.DeferReturnPc = rng.Next(-3, code.Length + 3);
                return $"deferreturn {f.DeferReturnPc}";
            case 7:
                if (f.Locals.Count > 0 && rng.Next(2) == 0) f.Locals.RemoveAt(rng.Next(f.Locals.Count));
                else f.Locals.Add((Vm.Core.Bytecode.SlotKind)rng.Next(0, 5));
                return "locals";
            default:
                if (f.DeferRecords.Count > 0 && rng.Next(2) == 0) f.DeferRecords.RemoveAt(0);
                else f.DeferRecords.Add(rng.Next(-1, m.Sigs.Count + 2));
                return "defer records";
        }
    }
}
