using Vm.Core.Bytecode;

namespace Vm.Tests.Core;

/// <summary>Pins the opcode table as the single source: every opcode has exactly one well-formed row.</summary>
public class OpTableTests
{
    [Test]
    public void EveryOpcodeEnumMemberHasExactlyOneRow()
    {
        foreach (Op op in Enum.GetValues<Op>())
            Assert.That(Ops.All.Count(r => r.Op == op), Is.EqualTo(1), op.ToString());
        Assert.That(Ops.All, Has.Count.EqualTo(Enum.GetValues<Op>().Length));
    }

    [Test]
    public void MnemonicsAreUnique()
    {
        Assert.That(Ops.All.Select(r => r.Name), Is.Unique);
    }

    [Test]
    public void BranchRowsHaveExactlyOneLabelOperand()
    {
        foreach (var r in Ops.All)
        {
            int labels = r.Operands.Count(k => k == OperandKind.Label);
            Assert.That(labels, Is.EqualTo(r.Is(OpFlags.Branch) ? 1 : 0), r.Name);
        }
    }

    [Test]
    public void RuntimeTableIsIndexedById()
    {
        for (int i = 0; i < RuntimeFuncs.Table.Length; i++)
            Assert.That((int)RuntimeFuncs.Table[i].Id, Is.EqualTo(i), RuntimeFuncs.Table[i].Name);
        Assert.That(RuntimeFuncs.Table, Has.Length.EqualTo(Enum.GetValues<RuntimeId>().Length));
    }

    [Test]
    public void CodeBuilderResolvesForwardAndBackwardLabels()
    {
        var b = new CodeBuilder();
        int top = b.NewLabel(), end = b.NewLabel();
        b.Bind(top);
        b.Emit(Op.LdI, 1);
        b.Emit(Op.BrTrue, end);
        b.Emit(Op.Br, top);
        b.Bind(end);
        b.Emit(Op.Nop);
        var code = b.Finish(out _);
        var brtrue = InstrCodec.Decode(code, 9);
        var br = InstrCodec.Decode(code, brtrue.Next);
        Assert.Multiple(() =>
        {
            Assert.That(brtrue.Op, Is.EqualTo(Op.BrTrue));
            Assert.That(brtrue.A, Is.EqualTo(br.Next));
            Assert.That(br.A, Is.EqualTo(0));
        });
    }
}
