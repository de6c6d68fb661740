using System.Text;
using Vm.Core.Bytecode;
using Vm.Core.Modules;

namespace Vm.Tests.Support;

/// <summary>
/// Valid modules built in code. Together they use every table and every field of the format:
/// types of every <see cref="TypeKind"/> (nested structs, arrays of structs, closures), signatures,
/// strings (empty, non-UTF-8), globals, functions with locals, frame objects, defer records, line
/// tables, a deferreturn pc, and entry and init functions. Their code is plausible (it should pass
/// the verifier once that lands).
/// </summary>
public static class SampleModules
{
    /// <summary>Every sample, by name (fresh instances on each call).</summary>
    public static IEnumerable<(string Name, Module Module)> All()
    {
        yield return ("empty", Empty());
        yield return ("hello", Hello());
        yield return ("full", Full());
    }

    /// <summary>No types, functions or anything else; no entry, no init.</summary>
    public static Module Empty() => new();

    /// <summary><c>func main() { println(1 + 2) }</c>: one signature, one function, the entry.</summary>
    public static Module Hello()
    {
        var m = new Module();
        int sig = m.InternSig(new Signature([], []));
        var b = new CodeBuilder();
        b.Line(1);
        b.Emit(Op.LdI, 1);
        b.Emit(Op.LdI, 2);
        b.Emit(Op.Add);
        b.Emit(Op.Print, (long)PrintKind.Int);
        b.Emit(Op.Print, (long)PrintKind.Newline);
        b.Emit(Op.Ret);
        var code = b.Finish(out var lines);
        m.Funcs.Add(new FunctionDef { Name = "main", Sig = sig, MaxStack = 2, Code = code, File = "hello.go", Lines = lines });
        m.Entry = 0;
        return m;
    }

    // Type indices of Full().
    public const int TInt = 1, TInt8 = 2, TInt16 = 3, TInt64 = 5, TString = 13, TPtrInt = 15, TArrInt16 = 16,
        TSliceString = 17, TPoint = 18, TFunc = 19, TChanInt = 20, TIface = 21, TClosure = 22, TArrPoint = 23,
        TOuter = 24, TEmpty = 25, TArr0Ptr = 26, TChanPoint = 27;

    /// <summary>A module using every table and field; <c>main</c> defers a call, <c>main.init</c> sets a global.</summary>
    public static Module Full()
    {
        var m = new Module();
        // Signatures: 0 () -> (), 1 (i) -> (i), 2 (p i) -> (), 3 (f p) -> (i f).
        m.Sigs.Add(new Signature([], []));
        m.Sigs.Add(new Signature([SlotKind.Int], [SlotKind.Int]));
        m.Sigs.Add(new Signature([SlotKind.Ptr, SlotKind.Int], []));
        m.Sigs.Add(new Signature([SlotKind.Float, SlotKind.Ptr], [SlotKind.Int, SlotKind.Float]));

        TypeDef Basic(TypeKind k, string name) => new() { Kind = k, Name = name };
        m.Types.AddRange(
        [
            Basic(TypeKind.Bool, "bool"), Basic(TypeKind.Int, "int"), Basic(TypeKind.Int8, "int8"),
            Basic(TypeKind.Int16, "int16"), Basic(TypeKind.Int32, "int32"), Basic(TypeKind.Int64, "int64"),
            Basic(TypeKind.Uint, "uint"), Basic(TypeKind.Uint8, "uint8"), Basic(TypeKind.Uint16, "uint16"),
            Basic(TypeKind.Uint32, "uint32"), Basic(TypeKind.Uint64, "uint64"), Basic(TypeKind.Uintptr, "uintptr"),
            Basic(TypeKind.Float64, "float64"), Basic(TypeKind.String, "string"), Basic(TypeKind.UnsafePointer, "unsafe.Pointer"),
            new() { Kind = TypeKind.Ptr, Name = "*int", Elem = TInt },
            new() { Kind = TypeKind.Array, Name = "[3]int16", Elem = TInt16, Len = 3 },
            new() { Kind = TypeKind.Slice, Name = "[]string", Elem = TString },
            new()
            {
                Kind = TypeKind.Struct, Name = "main.Point",
                Fields = [new("X", TInt8, 0), new("Y", TInt64, 0), new("Label", TString, 0)],
            },
            new() { Kind = TypeKind.Func, Name = "func(int) int", Sig = 1 },
            new() { Kind = TypeKind.Chan, Name = "chan int", Elem = TInt },
            Basic(TypeKind.Iface, "interface {}"),
            new()
            {
                Kind = TypeKind.Closure, Name = "main.func1", Sig = 0,
                Fields = [new("n", TPtrInt, 0), new("pt", TPoint, 0)],
            },
            new() { Kind = TypeKind.Array, Name = "[2]main.Point", Elem = TPoint, Len = 2 },
            new()
            {
                // Unnamed: the empty name must survive too.
                Kind = TypeKind.Struct, Name = "",
                Fields =
                [
                    new("ok", 0, 0), new("pts", TArrPoint, 0), new("f", TFunc, 0), new("tag", TInt16, 0),
                    new("_", TEmpty, 0), new("none", TArr0Ptr, 0), new("e", TIface, 0), new("small", TArrInt16, 0),
                    new("c", TChanPoint, 0), new("ü", TSliceString, 0), new("raw", 14, 0), new("u8", 7, 0),
                ],
            },
            new() { Kind = TypeKind.Struct, Name = "struct {}" },
            new() { Kind = TypeKind.Array, Name = "[0]*int", Elem = TPtrInt, Len = 0 },
            new() { Kind = TypeKind.Chan, Name = "chan main.Point", Elem = TPoint },
        ]);
        TypeLayout.ComputeAll(m.Types, m.Sigs.Count);

        m.Strings.Add("hello, world"u8.ToArray());
        m.Strings.Add([]);
        m.Strings.Add([0xff, 0xfe, 0x00, 0x80, 0xc0]);
        m.Strings.Add(Encoding.UTF8.GetBytes("héllo, 世界"));

        m.Globals.Add(new("main.counter", TInt));
        m.Globals.Add(new("main.origin", TPoint));
        m.Globals.Add(new("main.names", TSliceString));
        m.Globals.Add(new("main.größe", TOuter));

        const int fMain = 0, fCleanup = 1, fInc = 2, fInit = 3;

        // func main() { x := 40 + 2; defer cleanup(); println(inc(x)); println("hello, world"); p := &Point{}; f := 1.5 }
        var b = new CodeBuilder();
        b.Line(3);
        b.Emit(Op.LdI, 40);
        b.Emit(Op.LdI, 2);
        b.Emit(Op.Add);
        b.Emit(Op.StLoc, 0);
        b.Line(4);
        b.Emit(Op.LdFn, fCleanup);
        b.Emit(Op.DeferS, 0, 0);
        b.Line(5);
        b.Emit(Op.LdLoc, 0);
        b.Emit(Op.Call, fInc);
        b.Emit(Op.Print, (long)PrintKind.Int);
        b.Emit(Op.Print, (long)PrintKind.Newline);
        b.Line(6);
        b.Emit(Op.LdStr, 0);
        b.Emit(Op.Print, (long)PrintKind.String);
        b.Emit(Op.Print, (long)PrintKind.Newline);
        b.Line(7);
        b.Emit(Op.FObj, 0);
        b.Emit(Op.StLoc, 1);
        b.Line(8);
        b.EmitF(Op.LdF, 1.5);
        b.Emit(Op.StLoc, 2);
        b.Line(9);
        int deferRet = b.Pc;
        b.Emit(Op.DeferRet);
        b.Emit(Op.Ret);
        var code = b.Finish(out var lines);
        m.Funcs.Add(new FunctionDef
        {
            Name = "main.main", Sig = 0, Locals = [SlotKind.Int, SlotKind.Ptr, SlotKind.Float],
            FrameObjects = [TPoint, TClosure], DeferRecords = [0], MaxStack = 2, DeferReturnPc = deferRet,
            Code = code, File = "main.go", Lines = lines,
        });

        // func cleanup() { println("", "\xff\xfe\x00\x80\xc0") }
        b = new CodeBuilder();
        b.Line(12);
        b.Emit(Op.LdStr, 1);
        b.Emit(Op.Print, (long)PrintKind.String);
        b.Emit(Op.LdStr, 2);
        b.Emit(Op.Print, (long)PrintKind.String);
        b.Line(13);
        b.Emit(Op.Print, (long)PrintKind.Newline);
        b.Emit(Op.Ret);
        code = b.Finish(out lines);
        m.Funcs.Add(new FunctionDef { Name = "main.cleanup", Sig = 0, MaxStack = 2, Code = code, File = "main.go", Lines = lines });

        // func inc(x int) int { return x + 1 } (no file, no line table)
        b = new CodeBuilder();
        b.Emit(Op.LdLoc, 0);
        b.Emit(Op.LdI, 1);
        b.Emit(Op.Add);
        b.Emit(Op.Ret);
        m.Funcs.Add(new FunctionDef { Name = "main.inc", Sig = 1, MaxStack = 2, Code = b.Finish(out _) });

        // func init() { counter = 7 }
        b = new CodeBuilder();
        b.Line(20);
        b.Emit(Op.GAddr, 0);
        b.Emit(Op.LdI, 7);
        b.Emit(Op.St64, 0);
        b.Emit(Op.Ret);
        code = b.Finish(out lines);
        m.Funcs.Add(new FunctionDef { Name = "main.init", Sig = 0, MaxStack = 2, Code = code, File = "main.go", Lines = lines });

        // func split(f float64, p unsafe.Pointer) (int, float64) { n := int(f); return n, f }
        b = new CodeBuilder();
        b.Line(30);
        b.Emit(Op.LdLoc, 0);
        b.Emit(Op.F2I);
        b.Emit(Op.StLoc, 2);
        b.Line(31);
        b.Emit(Op.LdLoc, 2);
        b.Emit(Op.LdLoc, 0);
        b.Emit(Op.Ret);
        code = b.Finish(out lines);
        m.Funcs.Add(new FunctionDef { Name = "main.split", Sig = 3, Locals = [SlotKind.Int], MaxStack = 2, Code = code, File = "split.go", Lines = lines });

        m.Entry = fMain;
        m.Init = fInit;
        return m;
    }
}
