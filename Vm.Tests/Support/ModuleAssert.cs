using Vm.Core.Modules;

namespace Vm.Tests.Support;

/// <summary>Structural equality of modules, failing with the path of the first difference ("Funcs[2].Lines[0].Pc: ...").</summary>
public static class ModuleAssert
{
    public static void Equal(Module expected, Module actual)
    {
        var diff = FirstDifference(expected, actual);
        if (diff != null) Assert.Fail($"modules differ at {diff}");
    }

    /// <summary>The path and values of the first difference, or null if the modules are structurally equal.</summary>
    public static string? FirstDifference(Module e, Module a)
    {
        return List("Types", e.Types, a.Types, Type)
            ?? List("Sigs", e.Sigs, a.Sigs, (p, x, y) =>
                   Seq($"{p}.Params", x.Params, y.Params) ?? Seq($"{p}.Results", x.Results, y.Results))
            ?? List("Strings", e.Strings, a.Strings, (p, x, y) => Seq(p, x, y))
            ?? List("Globals", e.Globals, a.Globals, (p, x, y) => Val($"{p}.Name", x.Name, y.Name) ?? Val($"{p}.Type", x.Type, y.Type))
            ?? List("Funcs", e.Funcs, a.Funcs, Func)
            ?? Val("Entry", e.Entry, a.Entry)
            ?? Val("Init", e.Init, a.Init);
    }

    static string? Type(string p, TypeDef x, TypeDef y) =>
        Val($"{p}.Name", x.Name, y.Name)
        ?? Val($"{p}.Kind", x.Kind, y.Kind)
        ?? Val($"{p}.Size", x.Size, y.Size)
        ?? Val($"{p}.Align", x.Align, y.Align)
        ?? Val($"{p}.Elem", x.Elem, y.Elem)
        ?? Val($"{p}.Len", x.Len, y.Len)
        ?? Val($"{p}.Sig", x.Sig, y.Sig)
        ?? List($"{p}.Fields", x.Fields, y.Fields, (q, f, g) =>
               Val($"{q}.Name", f.Name, g.Name) ?? Val($"{q}.Type", f.Type, g.Type) ?? Val($"{q}.Offset", f.Offset, g.Offset))
        ?? Seq($"{p}.PtrMask", x.PtrMask, y.PtrMask);

    static string? Func(string p, FunctionDef x, FunctionDef y) =>
        Val($"{p}.Name", x.Name, y.Name)
        ?? Val($"{p}.Sig", x.Sig, y.Sig)
        ?? Seq($"{p}.Locals", x.Locals, y.Locals)
        ?? Seq($"{p}.FrameObjects", x.FrameObjects, y.FrameObjects)
        ?? Seq($"{p}.DeferRecords", x.DeferRecords, y.DeferRecords)
        ?? Val($"{p}.MaxStack", x.MaxStack, y.MaxStack)
        ?? Val($"{p}.DeferReturnPc", x.DeferReturnPc, y.DeferReturnPc)
        ?? Val($"{p}.File", x.File, y.File)
        ?? Seq($"{p}.Code", x.Code, y.Code)
        ?? Seq($"{p}.Lines", x.Lines, y.Lines);

    static string? Val<T>(string path, T x, T y) =>
        EqualityComparer<T>.Default.Equals(x, y) ? null : $"{path}: expected {Show(x)}, got {Show(y)}";

    static string? Seq<T>(string path, IReadOnlyList<T> x, IReadOnlyList<T> y)
    {
        for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            var d = Val($"{path}[{i}]", x[i], y[i]);
            if (d != null) return d;
        }
        return Val($"{path}.Count", x.Count, y.Count);
    }

    static string? List<T>(string path, IReadOnlyList<T> x, IReadOnlyList<T> y, Func<string, T, T, string?> item)
    {
        for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            var d = item($"{path}[{i}]", x[i], y[i]);
            if (d != null) return d;
        }
        return Val($"{path}.Count", x.Count, y.Count);
    }

    static string Show<T>(T v) => v switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => v.ToString() ?? "",
    };
}
