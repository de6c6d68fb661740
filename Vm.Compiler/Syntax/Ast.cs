using System.Numerics;
using Vm.Compiler.Semantics;

namespace Vm.Compiler.Syntax;

public abstract class Node
{
    public Pos Pos;
}

// ---------------------------------------------------------------- expressions

public abstract class Expr : Node
{
    /// <summary>Set by the checker.</summary>
    public Operand? Info;
    public GoType Type => Info!.Type;
}

public sealed class Ident : Expr
{
    public string Name = "";
    /// <summary>What the name refers to, set by the checker.</summary>
    public Obj? Ref;
}

public sealed class BasicLit : Expr
{
    public T Kind;
    public Token Tok = null!;
}

public sealed class FuncLit : Expr
{
    public FuncTypeExpr Sig = null!;
    public Block Body = null!;
    /// <summary>Set by the checker.</summary>
    public FuncInfo Fn = null!;
}

public sealed class CompositeLit : Expr
{
    public Expr? TypeExpr;        // null for elided types inside another literal
    public List<Expr> Elts = [];  // KeyValue for keyed elements
    public Pos Rbrace;
}

public sealed class KeyValue : Expr
{
    public Expr Key = null!;
    public Expr Value = null!;
    /// <summary>Where the ':' is (Go reports a non-constant array index there).</summary>
    public Pos Colon;
}

public sealed class ParenExpr : Expr { public Expr X = null!; }

public sealed class SelectorExpr : Expr
{
    public Expr X = null!;
    public Ident Sel = null!;
    /// <summary>Set by the checker for field selections: the path of fields (embedded fields first).</summary>
    public List<int> Path = [];
    /// <summary>Set by the checker for a call of a method of testing.T or testing.B (docs/compiler.md, "Tests").</summary>
    public string? TestingMethod;
    /// <summary>Set by the checker when the selector denotes a method (x.M): the method of a named type, or
    /// <see cref="IfaceMethod"/> for a method of an interface value. <see cref="Path"/> leads to the receiver.</summary>
    public MethodInfo? Method;
    public IMethod? IfaceMethod;
    /// <summary>The receiver's type after <see cref="Path"/> (the named type, a pointer to it, or an interface).</summary>
    public GoType? RecvType;
    /// <summary>A method expression T.M or (*T).M (X is a type).</summary>
    public bool MethodExpr;
}

public sealed class IndexExpr : Expr
{
    public Expr X = null!;
    public Expr Index = null!;
}

public sealed class SliceExpr : Expr
{
    public Expr X = null!;
    public Expr? Lo, Hi, Max;
    public bool Full;
}

public sealed class TypeAssertExpr : Expr
{
    public Expr X = null!;
    public Expr? TypeExpr; // null for x.(type)
}

public sealed class CallExpr : Expr
{
    public Expr Fun = null!;
    public List<Expr> Args = [];
    public bool HasDots;
    public Pos Rparen;
}

public sealed class StarExpr : Expr { public Expr X = null!; }

public sealed class UnaryExpr : Expr
{
    public T Op;
    public Expr X = null!;
}

public sealed class BinaryExpr : Expr
{
    public T Op;
    public Expr X = null!, Y = null!;
    public Pos OpPos;
}

// type expressions (parsed as expressions; the checker decides)
public sealed class ArrayTypeExpr : Expr { public Expr? Len; public bool Dots; public Expr Elem = null!; } // Len null and !Dots: slice
public sealed class StructTypeExpr : Expr { public List<FieldDecl> Fields = []; }
public sealed class FieldDecl : Node { public List<Ident> Names = []; public Expr Type = null!; public bool Embedded; }
public sealed class FuncTypeExpr : Expr { public List<FieldDecl> Params = []; public List<FieldDecl> Results = []; public bool Variadic; }
public sealed class InterfaceTypeExpr : Expr
{
    public bool Empty;
    public List<(Ident Name, FuncTypeExpr Sig)> Methods = [];
    public List<Expr> Embeds = [];
}
public sealed class ChanTypeExpr : Expr { public ChanDir Dir; public Expr Elem = null!; }
public sealed class MapTypeExpr : Expr { public Expr Key = null!, Value = null!; }

public enum ChanDir { Both, Send, Recv }

// ---------------------------------------------------------------- statements

public abstract class Stmt : Node { }

public sealed class Block : Stmt
{
    public List<Stmt> Stmts = [];
    public Pos Rbrace;
}

public sealed class ExprStmt : Stmt { public Expr X = null!; }
public sealed class SendStmt : Stmt { public Expr Chan = null!, Value = null!; }
public sealed class IncDecStmt : Stmt { public Expr X = null!; public bool Inc; }

public sealed class AssignStmt : Stmt
{
    public List<Expr> Lhs = [];
    public T Op;                 // Assign, Define, or an op-assign token
    public List<Expr> Rhs = [];
    public Pos OpPos;
    /// <summary>For Define: which Lhs identifiers declare new variables (set by the checker).</summary>
    public bool[] IsNew = [];
}

public sealed class GoStmt : Stmt { public CallExpr Call = null!; }

public sealed class DeferStmt : Stmt
{
    public CallExpr Call = null!;
    /// <summary>Set by the checker: true for a defer inside a loop (Go's loop depth > 1).</summary>
    public bool InLoop;
}

public sealed class ReturnStmt : Stmt { public List<Expr> Results = []; }

public sealed class BranchStmt : Stmt
{
    public T Tok;            // Break, Continue, Goto, Fallthrough
    public Ident? Label;
    /// <summary>Set by the checker: the statement it leaves or continues (break/continue).</summary>
    public Stmt? Target;
}

public sealed class LabeledStmt : Stmt
{
    public Ident Label = null!;
    public Stmt Stmt = null!;
}

public sealed class DeclStmt : Stmt { public Decl Decl = null!; }
public sealed class EmptyStmt : Stmt { }

public sealed class IfStmt : Stmt
{
    public Stmt? Init;
    public Expr Cond = null!;
    public Block Then = null!;
    public Stmt? Else;
}

public sealed class CaseClause : Node
{
    public List<Expr>? List; // null: default
    public List<Stmt> Body = [];
    /// <summary>Type switch: the clause's implicit variable, if any.</summary>
    public VarObj? Implicit;
}

public sealed class SwitchStmt : Stmt
{
    public Stmt? Init;
    public Expr? Tag;
    public List<CaseClause> Clauses = [];
}

public sealed class TypeSwitchStmt : Stmt
{
    public Stmt? Init;
    public Ident? Bind;       // x in x := y.(type)
    public Expr X = null!;    // y
    public List<CaseClause> Clauses = [];
}

public sealed class CommClause : Node
{
    public Stmt? Comm;        // SendStmt, ExprStmt(<-c), AssignStmt(v[, ok] = / := <-c); null: default
    public List<Stmt> Body = [];
}

public sealed class SelectStmt : Stmt { public List<CommClause> Clauses = []; }

public sealed class ForStmt : Stmt
{
    public Stmt? Init;
    public Expr? Cond;
    public Stmt? Post;
    public Block Body = null!;
}

public sealed class RangeStmt : Stmt
{
    public Expr? Key, Value;
    public bool Define;
    public Expr X = null!;
    public Block Body = null!;
    public VarObj? KeyObj, ValueObj;
}

// ---------------------------------------------------------------- declarations

public abstract class Decl : Node { }

public sealed class ValueSpec : Node
{
    public List<Ident> Names = [];
    public Expr? Type;
    public List<Expr> Values = [];
    public int Iota;
    /// <summary>A constant spec without values, repeating the previous spec's (Go's implicit repetition).</summary>
    public bool Inherited;
}

public sealed class GenDecl : Decl
{
    public T Tok; // Var, Const, Type, Import
    public List<ValueSpec> Values = [];
    public List<TypeSpec> Types = [];
    public List<ImportSpec> Imports = [];
}

public sealed class TypeSpec : Node { public Ident Name = null!; public Expr Type = null!; public bool Alias; }
public sealed class ImportSpec : Node { public Ident? Name; public string Path = ""; public Pos PathPos; }

public sealed class FuncDecl : Decl
{
    public Ident Name = null!;
    public FieldDecl? Recv;
    public FuncTypeExpr Sig = null!;
    public Block? Body;
    public FuncInfo Fn = null!;
    /// <summary>For a method: its receiver's named type and whether the receiver is a pointer (set by the checker).</summary>
    public (NamedType? Type, bool Ptr) Method;
}

public sealed class FileNode
{
    public int Index;
    public string Path = "";
    public Ident Package = null!;
    public List<GenDecl> Imports = [];
    public List<Decl> Decls = [];
}

/// <summary>A constant value: BigInteger for integers and runes, <see cref="Rat"/> (exact) for floats, bool,
/// or byte[] for strings.</summary>
public readonly record struct ConstVal(object V)
{
    public bool IsInt => V is BigInteger;
    public bool IsFloat => V is Syntax.Rat;
    public bool IsNumeric => V is BigInteger or Syntax.Rat;
    public BigInteger Int => (BigInteger)V;
    /// <summary>The exact value of a numeric constant as a rational.</summary>
    public Syntax.Rat Rat => V is Syntax.Rat r ? r : new Syntax.Rat((BigInteger)V);
    /// <summary>The value rounded to the nearest float64 (±Inf beyond its range).</summary>
    public double Float => Rat.ToDouble();
    /// <summary>An integer or an integral float.</summary>
    public bool IsIntegral => V is BigInteger || V is Syntax.Rat r && r.IsInteger;
    /// <summary>The integer value of an integral numeric constant.</summary>
    public BigInteger ToInt => V is Syntax.Rat r ? r.Truncate() : (BigInteger)V;
    public bool Bool => (bool)V;
    public byte[] Str => (byte[])V;
}
