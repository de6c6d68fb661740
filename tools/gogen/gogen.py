#!/usr/bin/env python3
"""gogen: a seeded generator of small, deterministic, terminating Go programs in govm's subset.

usage:
  gogen.py SEED [--mode normal|panic|const]      print one program to stdout
  gogen.py --corpus DIR [--count N] [--panic-count M] [--const-count C] [--first SEED] [--avoid A,B]
                                                 write DIR/gen_SEED.go (normal), DIR/panic_SEED.go and
                                                 DIR/const_SEED.go (const mode: tools/gogen/constgen.py)

The same seed and mode always give the same program (random.Random(seed), no other input).
Programs use only what docs/compiler.md lists as supported: no maps, methods, fmt or generics.
Every value worth checking is printed with println (stderr). Constructs whose output Go leaves
unspecified are avoided: append growth (cap after a growing append), float->int conversions of
out-of-range values, map order. The "panic" mode ends the program with a runtime error or a
panic of a value, to compare Go's messages and exit status.
"""
import random
import subprocess
import sys

INT_TYPES = ["int", "int8", "int16", "int32", "int64",
             "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"]
SIGNED = {"int", "int8", "int16", "int32", "int64"}
BITS = {"int": 64, "int8": 8, "int16": 16, "int32": 32, "int64": 64,
        "uint": 64, "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64, "uintptr": 64}
SCALARS = INT_TYPES + ["float64", "bool", "string"]
WORDS = ["a", "go", "vm", "xyz", "Q", "defer", "ok", "zz", "+-", "0"]


def is_int(t):
    return t in BITS


class Expr:
    """A generated expression: its Go text and whether Go would treat it as a constant
    (constants are never combined with constants, so no constant can overflow)."""

    def __init__(self, text, const=False):
        self.text = text
        self.const = const


class Gen:
    def __init__(self, seed, mode="normal", attempt=0, avoid=()):
        self.avoid = set(avoid)  # construct names to leave out (to look past a known bug); see AVOIDABLE
        self.r = random.Random((seed * 2 + (1 if mode == "panic" else 0)) * 1000 + attempt)
        self.seed = seed
        self.mode = mode
        self.n = 0
        self.globals = []       # (name, type)
        self.scopes = [[]]      # locals: (name, type, assignable)
        self.funcs = []         # top-level function texts
        self.out = []           # current function body lines
        self.indent = 1
        self.loop_depth = 0
        self.structs = []       # (name, [(field, type)])

    # ----- helpers -----
    def fresh(self, p):
        self.n += 1
        return f"{p}{self.n}"

    def emit(self, line):
        self.out.append("\t" * self.indent + line)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def vars_of(self, t, assignable=False):
        vs = [n for n, ty in self.globals if ty == t]
        for sc in self.scopes:
            vs += [n for n, ty, a in sc if ty == t and (a or not assignable)]
        return vs

    def declare(self, name, t, assignable=True):
        self.scopes[-1].append((name, t, assignable))

    def push(self):
        self.scopes.append([])
        self.indent += 1

    def pop(self):
        self.scopes.pop()
        self.indent -= 1

    def lit(self, t):
        if is_int(t):
            if t in SIGNED:
                v = self.pick([0, 1, -1, 2, 3, 7, -5, 100, -100, 127, -128, 42]) if BITS[t] == 8 or self.chance(0.7) \
                    else self.pick([1000, -32768, 65535, 1 << 31, -(1 << 31), (1 << 62) + 5, -(1 << 63)])
                if BITS[t] == 16 and abs(v) > 32767:
                    v = 300
                if BITS[t] == 32 and not (-(1 << 31) <= v < (1 << 31)):
                    v = -70000
            else:
                v = self.pick([0, 1, 2, 3, 7, 100, 200, 255]) if BITS[t] == 8 or self.chance(0.7) \
                    else self.pick([1000, 65535, 1 << 31, (1 << 32) - 1, (1 << 64) - 1, 1 << 63])
                if v >= (1 << BITS[t]):
                    v = (1 << BITS[t]) - 1
            return Expr(f"({v})" if v < 0 else str(v), True)
        if t == "float64":
            v = self.pick(["1.5", "0.25", "(-2.75)", "1e10", "3.0", "(-0.5)", "1e-3", "123456.789"])
            return Expr(v, True)
        if t == "bool":
            return Expr(self.pick(["true", "false"]), True)
        if t == "string":
            return Expr('"' + self.pick(WORDS) + '"', True)
        raise ValueError(t)

    def var(self, t):
        vs = self.vars_of(t)
        loc = [n for sc in self.scopes for n, ty, _ in sc if ty == t]
        if loc and self.chance(0.6):
            return Expr(self.pick(loc))  # locals first: they are what the sections compute
        return Expr(self.pick(vs)) if vs else None

    # ----- expressions -----
    def expr(self, t, d=2):
        """An expression of type t; nonconst=True is guaranteed at d<=0 only if a variable exists."""
        if d <= 0 or self.chance(0.25):
            v = self.var(t)
            if v is not None and (self.chance(0.8) or d <= 0):
                return v
            return self.lit(t) if d > 0 or v is None else v
        if is_int(t):
            return self.int_expr(t, d)
        if t == "float64":
            return self.float_expr(d)
        if t == "bool":
            return self.bool_expr(d)
        return self.string_expr(d)

    def nonconst(self, t, d):
        for _ in range(6):
            e = self.expr(t, d)
            if not e.const:
                return e
        v = self.var(t)
        if v is not None:
            return v
        it = self.pick([x for x in INT_TYPES if self.vars_of(x)])
        return Expr(f"{t}({self.pick(self.vars_of(it))})") if is_int(t) or t == "float64" else self.lit(t)

    def pair(self, t, d):
        a = self.expr(t, d - 1)
        b = self.nonconst(t, d - 1) if a.const else self.expr(t, d - 1)
        return a, b

    def shift_count(self, const_ok=True):
        k = self.r.randrange(0 if const_ok else 1, 6)
        if k == 5:  # a signed count (Go 1.13), never negative here
            st = self.pick(["int", "int8", "int16", "int32", "int64"])
            return f"({self.pick(self.vars_of(st))} & {self.pick([7, 63, 127])})"
        if k == 0:
            return str(self.pick([0, 1, 3, 7, 8, 15, 16, 31, 32, 63, 64, 65, 70]))
        ut = self.pick(["uint", "uint8", "uint16", "uint32", "uint64", "uintptr"])
        v = self.vars_of(ut)
        if k == 1 and v:
            return self.pick(v)  # raw unsigned count: often >= width
        it = self.pick([x for x in INT_TYPES if self.vars_of(x)])
        return f"(uint({self.pick(self.vars_of(it))}) % {self.pick([8, 16, 33, 65, 80])})"

    def int_expr(self, t, d):
        k = self.r.randrange(11)
        if k <= 3:
            a, b = self.pair(t, d)
            op = self.pick(["+", "-", "*", "&", "|", "^", "&^", "+", "-", "*"])
            return Expr(f"({a.text} {op} {b.text})")
        if k == 4:
            op = self.pick(["/", "%"])
            a = self.expr(t, d - 1)
            if a.const or self.chance(0.5):
                b = self.nonconst(t, d - 1)
                a = a if not a.const or not self.chance(0.5) else self.nonconst(t, d - 1)
                return Expr(f"({a.text} {op} ({b.text} | 1))")
            lits = [1, 3, 7, 16, 100] + ([-1, -3, -7] if t in SIGNED else [])
            if BITS[t] == 8 and t not in SIGNED:
                lits = [1, 3, 7, 16, 100]
            return Expr(f"({a.text} {op} {self.pick(lits)})")
        if k == 5:
            op = self.pick(["<<", ">>"])
            if self.chance(0.15) and "untyped-shift" not in self.avoid:
                return Expr(f"({self.pick(['1', '3', '5'])} {op} {self.shift_count(const_ok=False)})", True)
            a = self.nonconst(t, d - 1)
            return Expr(f"({a.text} {op} {self.shift_count()})")
        if k == 6:
            other = self.pick([x for x in INT_TYPES if x != t])
            a = self.nonconst(other, d - 1)
            return Expr(f"{t}({a.text})")
        if k == 7:
            a = self.nonconst(t, d - 1)
            return Expr(f"({self.pick(['-', '^'])}{a.text})")
        if k == 8:
            s = self.vars_of("string")
            if s and t == "int":
                return Expr(f"len({self.pick(s)})")
            if s and t == "uint8":
                sv = self.pick(s)
                it = self.pick([x for x in INT_TYPES if self.vars_of(x)])
                return Expr(f"{sv}[uint({self.pick(self.vars_of(it))})%uint(len({sv}))]")
        if k == 9:
            fe = self.nonconst("float64", d - 1)
            # float -> int only through the clamping helper: out-of-range conversions are unspecified in Go
            return Expr(f"{t}(clamp({fe.text}, {0 if t not in SIGNED else -100}))")
        v = self.var(t)
        return v if v else self.lit(t)

    def float_expr(self, d):
        k = self.r.randrange(6)
        if k <= 1:
            a, b = self.pair("float64", d)
            op = self.pick(["+", "-", "*"])
            return Expr(f"({a.text} {op} {b.text})")
        if k == 2:
            a = self.expr("float64", d - 1)
            if a.const:
                return Expr(f"({a.text} / {self.nonconst('float64', d - 1).text})")
            return Expr(f"({a.text} / {self.expr('float64', d - 1).text})" if self.chance(0.5)
                        else f"({a.text} / {self.pick(['3.0', '0.1', '(-8.0)'])})")
        if k <= 4:
            it = self.pick(INT_TYPES)
            return Expr(f"float64({self.nonconst(it, d - 1).text})")
        return Expr(f"(-{self.nonconst('float64', d - 1).text})")

    def bool_expr(self, d):
        k = self.r.randrange(6)
        if k <= 2:
            t = self.pick(INT_TYPES + ["float64", "string", "int"])
            a, b = self.pair(t, d)
            return Expr(f"({a.text} {self.pick(['==', '!=', '<', '<=', '>', '>='])} {b.text})")
        if k == 3:
            a, b = self.pair("bool", d)
            return Expr(f"({a.text} {self.pick(['&&', '||', '==', '!='])} {b.text})")
        if k == 4:
            return Expr(f"!{self.nonconst('bool', d - 1).text}")
        v = self.var("bool")
        return v if v else self.lit("bool")

    def string_expr(self, d):
        k = self.r.randrange(5)
        if k <= 1:
            a = self.expr("string", d - 1)
            b = self.lit("string") if not a.const and self.chance(0.5) else self.nonconst("string", d - 1)
            return Expr(f"({a.text} + {b.text})")
        if k == 2:
            it = self.pick(INT_TYPES)
            return Expr(f"(\"r\" + string(rune(65+uint8({self.nonconst(it, d - 1).text})%26)))")
        if k == 3:
            s = self.vars_of("string")
            if s:
                sv = self.pick(s)
                it = self.pick([x for x in INT_TYPES if self.vars_of(x)])
                return Expr(f"(\"<\" + {sv}[uint({self.pick(self.vars_of(it))})%uint(len({sv})):])")
        v = self.var("string")
        return v if v else self.lit("string")

    # ----- statements -----
    def pr(self, label, *names):
        self.emit(f'println("{label}", {", ".join(names)})')

    def decl(self, t=None):
        t = t or self.pick(SCALARS + INT_TYPES)
        name = self.fresh("v")
        e = self.expr(t, self.r.randrange(1, 4))
        if e.const or self.chance(0.5):
            self.emit(f"var {name} {t} = {e.text}")
        else:
            self.emit(f"{name} := {t}({e.text})")
        self.declare(name, t)
        self.pr(name, name)
        return name

    def assign(self):
        cands = [(n, t) for sc in self.scopes for n, t, a in sc if a] + list(self.globals)
        name, t = self.pick(cands)
        if is_int(t):
            k = self.r.randrange(5)
            if k == 0:
                self.emit(f"{name}{self.pick(['++', '--'])}")
            elif k == 1:
                self.emit(f"{name} {self.pick(['<<=', '>>='])} {self.shift_count()}")
            elif k == 2:
                self.emit(f"{name} {self.pick(['+=', '-=', '*=', '|=', '^=', '&^='])} {self.nonconst(t, 2).text}")
            elif k == 3:
                self.emit(f"{name} {self.pick(['/=', '%='])} ({self.nonconst(t, 1).text} | 1)")
            else:
                self.emit(f"{name} = {self.expr(t, 3).text}")
        elif t == "string":
            self.emit(f"{name} += {self.expr('string', 2).text}")
            self.emit(f"if len({name}) > 24 {{")
            self.emit(f"\t{name} = {name}[len({name})-12:]")
            self.emit("}")
        elif t == "float64":
            self.emit(f"{name} {self.pick(['=', '+=', '*=', '-='])} {self.expr('float64', 2).text}")
        else:
            self.emit(f"{name} = {self.expr(t, 2).text}")
        self.pr(name, name)

    def stmt(self, depth):
        k = self.r.randrange(10)
        if depth <= 0 or k <= 3:
            if self.chance(0.2):  # an expression printed as it is (untyped constants print as their default type)
                t = self.pick(SCALARS + INT_TYPES)
                e = self.expr(t, 3)
                return self.emit(f'println("e{self.n}", {t + "(" + e.text + ")" if e.const else e.text})')
            return self.decl() if self.chance(0.5) else self.assign()
        if k <= 5:
            return self.if_stmt(depth)
        if k <= 7:
            return self.for_stmt(depth)
        return self.switch_stmt(depth)

    def block(self, depth, n):
        for _ in range(n):
            self.stmt(depth - 1)

    def if_stmt(self, depth):
        self.emit(f"if {self.nonconst('bool', 2).text} {{")
        self.push()
        self.block(depth, self.r.randrange(1, 3))
        self.pop()
        if self.chance(0.5):
            self.emit("} else {")
            self.push()
            self.block(depth, self.r.randrange(1, 3))
            self.pop()
        self.emit("}")

    def for_stmt(self, depth):
        i = self.fresh("i")
        n = self.r.randrange(1, 5)
        form = self.r.randrange(3)
        if form == 0:
            self.emit(f"for {i} := 0; {i} < {n}; {i}++ {{")
        elif form == 1:
            self.emit(f"for {i} := {n}; {i} > 0; {i} -= {self.pick([1, 2])} {{")
        else:
            self.emit(f"{i} := 0")
            self.emit("for {")
            self.emit(f"\tif {i} >= {n} {{")
            self.emit("\t\tbreak")
            self.emit("\t}")
            self.emit(f"\t{i}++")
        self.push()
        self.declare(i, "int", assignable=False)
        self.loop_depth += 1
        self.pr(i, i)
        if self.chance(0.4):
            self.emit(f"if {self.nonconst('bool', 1).text} {{")
            self.emit("\t" + self.pick(["continue", "break"]))
            self.emit("}")
        self.block(depth, self.r.randrange(1, 3))
        self.loop_depth -= 1
        self.pop()
        self.emit("}")

    def switch_stmt(self, depth):
        t = self.pick(INT_TYPES)
        e = self.nonconst(t, 2)
        vals = self.r.sample(range(0, 8), 3)
        self.emit(f"switch {e.text} % 4 {{" if self.chance(0.5) else f"switch {e.text} {{")
        for j, v in enumerate(vals):
            self.emit(f"case {v}:" if j else f"case {v}, {v + 10}:")
            self.push()
            self.block(depth, 1)
            if j == 0 and self.chance(0.3):
                self.emit("fallthrough")
            self.pop()
        if self.chance(0.6):
            self.emit("default:")
            self.push()
            self.block(depth, 1)
            self.pop()
        self.emit("}")
        if self.chance(0.4):
            self.emit("switch {")
            self.emit(f"case {self.nonconst('bool', 1).text}:")
            self.push()
            self.block(depth, 1)
            self.pop()
            self.emit("default:")
            self.push()
            self.block(depth, 1)
            self.pop()
            self.emit("}")

    # ----- functions -----
    def func(self, name, params, results, body, named=False):
        """Wraps a body generator into a top-level function."""
        saved = (self.out, self.scopes, self.indent)
        self.out, self.scopes, self.indent = [], [[]], 1
        for p, t in params:
            self.declare(p, t)
        if named:
            for p, t in results:
                self.declare(p, t)
        body()
        ps = ", ".join(f"{p} {t}" for p, t in params)
        if not results:
            rs = ""
        elif named:
            rs = " (" + ", ".join(f"{p} {t}" for p, t in results) + ")"
        else:
            rs = " " + results[0][1] if len(results) == 1 else " (" + ", ".join(t for _, t in results) + ")"
        text = [f"func {name}({ps}){rs} {{"] + self.out + ["}"]
        self.out, self.scopes, self.indent = saved
        self.funcs.append("\n".join(text))

    def sec_straight(self, name):
        self.func(name, [], [], lambda: [self.stmt(2) for _ in range(self.r.randrange(3, 7))])

    def sec_named_defer(self, name):
        t1, t2 = self.pick(INT_TYPES), self.pick([x for x in SCALARS if x != "string"])  # "" would break the non-empty invariant
        pa, pb = self.pick(INT_TYPES), self.pick(["int", "string", "float64"])

        def body():
            self.pr(name + " in", "a", "b")
            self.emit("defer func() {")
            self.emit(f"\tr1 = r1*2 + {self.lit(t1).text}")
            self.emit(f'\tprintln("{name} defer1", r1)')
            self.emit("}()")
            if self.chance(0.6):
                self.emit(f"for i := 0; i < {self.r.randrange(1, 4)}; i++ {{")
                self.emit(f"\tdefer func(k int) {{")
                self.emit(f"\t\tr1 += {t1}(k)")
                self.emit(f'\t\tprintln("{name} loop defer", k, r1)')
                self.emit("\t}(i)")
                self.emit("}")
            self.emit(f'defer println("{name} defer arg", a)')
            self.push()
            self.block(2, 2)
            self.pop()
            self.emit(f"if {self.nonconst('bool', 2).text} {{")
            self.emit(f"\tr1 = {self.nonconst(t1, 2).text}")
            self.emit("\treturn")
            self.emit("}")
            self.emit(f"return {self.expr(t1, 2).text}, {self.expr(t2, 2).text}")
        self.func(name, [("a", pa), ("b", pb)], [("r1", t1), ("r2", t2)], body, named=True)
        return f"x, y := {name}({self.nonconst(pa, 1).text}, {self.expr(pb, 1).text})", ["x", "y"]

    def sec_closure(self, name):
        t = self.pick(INT_TYPES)

        def body():
            self.emit(f"var acc {t} = {self.lit(t).text}")
            self.emit(f"add := func(d {t}) {t} {{")
            self.emit(f"\tacc = acc*3 + d")
            self.emit("\treturn acc")
            self.emit("}")
            self.declare("acc", t)
            for _ in range(self.r.randrange(1, 4)):
                self.emit(f'println("{name} add", add({self.expr(t, 2).text}), acc)')
            self.emit("var fs []func() int")
            self.emit(f"for i := 0; i < {self.r.randrange(2, 5)}; i++ {{")
            self.emit("\tj := i * i")
            self.emit("\tfs = append(fs, func() int { return i*100 + j })")
            self.emit("}")
            self.emit("for _, f := range fs {")
            self.emit(f'\tprintln("{name} fs", f())')
            self.emit("}")
            self.emit(f"mk := func(base {t}) func() {t} {{")
            self.emit("\treturn func() " + t + " {")
            self.emit(f"\t\tbase += {self.lit(t).text}")
            self.emit("\t\treturn base")
            self.emit("\t}")
            self.emit("}")
            self.emit(f"c1, c2 := mk(acc), mk({self.lit(t).text})")
            self.emit(f'println("{name} mk", c1(), c1(), c2(), c1())')
            self.emit("return acc")
        self.func(name, [], [("", t)], body)
        return f"x := {name}()", ["x"]

    def sec_arrays(self, name):
        t = self.pick(INT_TYPES)
        n = self.r.randrange(2, 6)

        def body():
            self.emit(f"var a [{n}]{t}")
            self.emit("for i := range a {")
            self.emit(f"\ta[i] = {t}(i)*{self.nonconst(t, 1).text} + {self.lit(t).text}")
            self.emit("}")
            self.emit("b := a")
            self.emit(f"b[{self.r.randrange(n)}] = {self.expr(t, 2).text}")
            self.emit("p := &a")
            self.emit(f"p[{self.r.randrange(n)}] += 5")
            self.emit(f'println("{name} a", a[0], a[{n - 1}], len(a))')
            self.emit(f'println("{name} b", b[0], b[{n - 1}])')
            self.emit(f"s := make([]{t}, {self.r.randrange(0, 3)}, {self.r.randrange(3, 7)})")
            self.emit(f"s = append(s, a[:]...)")
            self.emit(f"s = append(s, {self.expr(t, 1).text}, b[1])")
            self.emit(f'println("{name} s", len(s), s[0], s[len(s)-1])')
            self.emit("w := s[1:3]")
            self.emit(f"w[0] = {self.expr(t, 1).text}")
            self.emit(f'println("{name} w", len(w), cap(w) > 1, s[1], w[0], w[1])')
            self.emit(f"c := make([]{t}, {self.r.randrange(1, 5)})")
            self.emit("k := copy(c, s)")
            self.emit(f'println("{name} copy", k, c[0], c[len(c)-1])')
            self.emit(f"z := s[{self.r.randrange(0, 2)}:2:3]")
            self.emit(f'println("{name} 3idx", len(z), cap(z))')
            self.emit(f"var sum {t}")
            self.emit("for _, x := range s {")
            self.emit("\tsum = sum*7 + x")
            self.emit("}")
            self.emit(f'println("{name} sum", sum)')
            self.emit("var m [2][3]int8")
            self.emit("m[1][2] = int8(sum)")
            self.emit("m2 := m")
            self.emit("m2[1][2]++")
            self.emit(f'println("{name} m", m[1][2], m2[1][2])')
            self.emit("bs := []byte(\"" + self.pick(WORDS) + "\")")
            self.emit("bs = append(bs, byte(sum))")
            self.emit("bs[0] = 'W'")
            self.emit(f'println("{name} bs", len(bs), bs[len(bs)-1], string(bs[:1]))')
        self.func(name, [], [], body)

    def sec_structs(self, name):
        t1, t2 = self.pick(INT_TYPES), self.pick(["int", "string", "float64", "bool"])
        st = self.fresh("S")
        self.funcs.append(f"type {st} struct {{\n\tn {t1}\n\ts {t2}\n\tarr [3]{t1}\n\tnext *{st}\n}}")

        def body():
            self.emit(f"v := {st}{{n: {self.expr(t1, 1).text}, s: {self.expr(t2, 1).text}}}")
            self.emit("w := v")
            self.emit(f"w.n = {self.nonconst(t1, 2).text}")
            self.emit(f"w.arr[1] = {self.expr(t1, 1).text}")
            self.emit(f'println("{name} v", v.n, v.s, v.arr[1], v.next == nil)')
            self.emit(f'println("{name} w", w.n, w.arr[1])')
            self.emit("p := &w")
            self.emit("p.n++")
            self.emit(f"p.next = &{st}{{n: w.n * 2}}")
            self.emit("q := p.next")
            self.emit("q.arr[2] = q.n")
            self.emit(f'println("{name} p", w.n, w.next.n, w.next.arr[2], p == &w)')
            self.emit(f"head := new({st})")
            self.emit(f"for i := 0; i < {self.r.randrange(2, 6)}; i++ {{")
            self.emit(f"\thead = &{st}{{n: {t1}(i) + head.n, next: head}}")
            self.emit("}")
            self.emit("cnt := 0")
            self.emit("for x := head; x != nil; x = x.next {")
            self.emit("\tcnt++")
            self.emit(f'\tprintln("{name} list", cnt, x.n)')
            self.emit("}")
            self.emit(f"ip := &v.arr[{self.r.randrange(3)}]")
            self.emit(f"*ip = {self.expr(t1, 2).text}")
            self.emit(f'println("{name} ip", *ip, v.arr[0], v.arr[1], v.arr[2])')
            self.emit(f"{name}mod(v, &w)")
            self.emit(f'println("{name} after", v.n, w.n)')
        self.func(name + "mod", [("a", st), ("b", "*" + st)], [], lambda: (
            self.emit("a.n += 10"), self.emit("b.n += a.n"), self.emit(f'println("{name}mod", a.n, b.n)')))
        self.func(name, [], [], body)

    def sec_recover(self, name):
        t = self.pick(["int", "string", "int8", "float64", "bool"])

        def body():
            self.emit("defer func() {")
            self.emit("\te := recover()")
            self.emit("\tswitch x := e.(type) {")
            self.emit("\tcase nil:")
            self.emit(f'\t\tprintln("{name} no panic")')
            self.emit("\tcase int:")
            self.emit("\t\tr = x * 2")
            self.emit(f"\tcase {t}:" if t != "int" else "\tcase uint:")
            self.emit(f'\t\tprintln("{name} recovered", x)')
            self.emit("\t\tr = -1")
            self.emit("\tdefault:")
            self.emit(f'\t\tprintln("{name} other", e != nil)')
            self.emit("\t\tr = -2")
            self.emit("\t}")
            self.emit("}()")
            self.emit("r = k")
            self.emit(f"if k%3 == 0 {{")
            self.emit(f"\tpanic({self.expr(t, 1).text})")
            self.emit("}")
            self.emit("if k%3 == 1 {")
            self.emit("\tpanic(k + 1000)")
            self.emit("}")
            self.emit("if k%5 == 2 {")
            self.emit("\tvar z []int")
            self.emit("\tr = z[k]")
            self.emit("}")
            self.emit("if k%7 == 5 {")
            self.emit("\tzero := k - k")
            self.emit("\tr = k / zero")
            self.emit("}")
            self.emit("return r + 1")
        self.func(name, [("k", "int")], [("r", "int")], body, named=True)
        return (f"for i := 0; i < {self.r.randrange(4, 9)}; i++ {{\n\tprintln(\"{name}\", i, {name}(i))\n}}", [])

    def sec_recursion(self, name):
        t = self.pick(["int", "int32", "uint16", "int64"])

        def body():
            self.emit("if n <= 1 {")
            self.emit(f"\treturn {t}(n) + acc, 1")
            self.emit("}")
            self.emit(f"a, c1 := {name}(n-1, acc*3+{t}(n))")
            self.emit(f"b, c2 := {name}(n-2, acc^{t}(n))")
            self.emit("return a - b*2, c1 + c2 + 1")
        self.func(name, [("n", "int"), ("acc", t)], [("", t), ("", "int")], body)
        return f"x, y := {name}({self.r.randrange(3, 12)}, {self.expr(t, 1).text})", ["x", "y"]

    def sec_strings(self, name):
        def body():
            w = self.pick(["héllo, 世界", "abc", "日本語", "go\\u00e9"])
            self.emit(f's := "{w}"')
            self.emit(f'println("{name}", len(s), s)')
            bad = self.pick(["x\\xff\\xc3y", "\\xe4\\xb8", "ok"])  # invalid UTF-8 decodes to U+FFFD, one byte at a time
            self.emit('for i, r := range "' + bad + '" + s {')
            self.emit(f'\tprintln("{name} r", i, r)')
            self.emit("}")
            self.emit("t := s + " + self.expr("string", 2).text)
            self.emit(f'println("{name} t", t, len(t), t[0], t[len(t)-1], t > s, t[1:] == s[1:])')
            self.emit("b := []byte(t)")
            self.emit("b[0] ^= 0x20")
            self.emit(f'println("{name} b", b[0], len(b))')
            self.emit("u := \"\"")
            self.emit(f"for i := 0; i < {self.r.randrange(1, 6)}; i++ {{")
            self.emit(f"\tu += string(rune('a'+i)) + string(rune(0x4e00+i))")
            self.emit("}")
            self.emit(f'println("{name} u", u, len(u), u < t)')
        self.func(name, [], [], body)

    def sec_convert(self, name):
        def body():
            for _ in range(self.r.randrange(3, 7)):
                a, b = self.pick(INT_TYPES), self.pick(INT_TYPES)
                self.emit(f'println("{name}", {b}({self.nonconst(a, 1).text}), float64({self.nonconst(a, 1).text}))')
            self.emit(f"f := float64({self.nonconst('int64', 1).text}) * {self.pick(['1.5', '0.001', '(-3.25)'])}")
            self.emit(f'println("{name} f", f, int64(clamp(f, -100)), uint8(clamp(f, 0)), f == f, f > 0)')
            self.emit(f"u := uint64(1<<63) + uint64({self.nonconst('uint8', 1).text})")
            self.emit(f'println("{name} u", u, float64(u), int64(u), int32(u), uint8(u>>56))')
        self.func(name, [], [], body)

    def const_int(self, d):
        """An untyped integer constant expression and its exact value (Go's constant arithmetic)."""
        if d <= 0 or self.chance(0.3):
            v = self.pick([0, 1, 2, 3, 7, 10, 255, 1000, 1 << 40, 99999999999, -5, -128])
            return (f"({v})" if v < 0 else str(v)), v
        a, va = self.const_int(d - 1)
        b, vb = self.const_int(d - 1)
        op = self.pick(["+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "&^"])
        if op in ("/", "%"):
            if vb == 0:
                return a, va
            q = abs(va) // abs(vb) * (1 if (va >= 0) == (vb >= 0) else -1)  # truncated toward zero
            return f"({a} {op} {b})", (q if op == "/" else va - q * vb)
        if op in ("<<", ">>"):
            k = vb % 70
            return f"({a} {op} {k})", (va << k if op == "<<" else va >> k)
        val = {"+": va + vb, "-": va - vb, "*": va * vb, "&": va & vb, "|": va | vb, "^": va ^ vb, "&^": va & ~vb}[op]
        if abs(val) > 1 << 200:
            return a, va
        return f"({a} {op} {b})", val

    def sec_consts(self, name):
        def body():
            self.emit("const (")
            self.emit(f"\tk0 = iota * {self.r.randrange(1, 9)}")
            self.emit("\tk1")
            self.emit(f"\tk2 int8 = 1 << iota")
            self.emit("\tk3")
            self.emit(f"\tk4, k5 = iota - {self.r.randrange(9)}, -iota")
            self.emit(")")
            self.emit(f'println("{name} iota", k0, k1, k2, k3, k4, k5)')
            for _ in range(self.r.randrange(3, 7)):
                c = self.fresh("c")
                text, v = self.const_int(3)
                self.emit(f"const {c} = {text}")
                if -(1 << 63) <= v < (1 << 63):
                    self.emit(f'println("{c}", {c}, {c}/3.0)')
                else:
                    k = v.bit_length() - 60
                    self.emit(f'println("{c} big", {c}>>{k}, {c}%1000)')
                    if "big-const-float" not in self.avoid:
                        self.emit(f'println("{c} float", float64({c}))')
                t = self.pick(INT_TYPES)
                if t in SIGNED:
                    self.emit(f'println("{c} {t}", {t}({c}%100), {self.nonconst(t, 1).text}+{c}%100)')
                else:
                    self.emit(f'println("{c} {t}", {t}({c}&255), {self.nonconst(t, 1).text}^({c}&255))')
            fs = ["1.0 / 3", "2.5e-3 * 4", "1e300 * 1e-299", "(7 / 2) * 2.0", "7 / 2.0", "1 << 62 * 1.5"]
            if "exact-float-const" not in self.avoid:
                fs += ["0.1 + 0.2 - 0.3", "1e308 * 10 / 1e10", "-0.0", "1e400 / 1e399"]
            f = self.pick(fs)
            self.emit(f"const {name}f = {f}")
            self.emit(f'println("{name} f", {name}f, {name}f*1000, {name}f > 1)')
        self.func(name, [], [], body)

    def sec_floats(self, name):
        vals = ["0.1", "0.2", "1.0 / 3", "2.0 / 3", "1e-310", "5e-324", "1.7976931348623157e308", "123456789012345678",
                "0.5", "9.9999995", "9.99999949", "99999995", "1e23", "3.0000000000000004", "-0", "1e100", "0.000123456789",
                "4.9999999999e-5", "9.5", "12345.6789e10", "1.5e-7"]

        def body():
            self.emit("zero := 0.0")
            self.emit("one := zero + 1")
            for v in self.r.sample(vals, 6):
                x = self.fresh("f")
                self.emit(f"{x} := one * ({v})")
                self.emit(f'println("{x}", {x}, -{x}, {x}*{x}, {x}+0.1, {x}/3)')
            self.emit(f'println("{name} special", one/zero, -one/zero, zero/zero, -zero, zero*(-1), one/zero-one/zero)')
            self.emit(f"g := {self.nonconst('float64', 2).text}")
            self.emit(f'println("{name} g", g, g == g, g < one, g >= one, g != g)')
            self.emit(f"big := float64(uint64(1<<64-1)) * one" if "const-float-round" not in self.avoid else "big := float64(uint64(1<<64-2048)) * one")
            self.emit(f'println("{name} big", big, float64(int64(-1<<63)), float64(uint32(1<<32-1)), uint64(big/4))')
            self.emit(f"h := one")
            self.emit(f"for i := 0; i < {self.r.randrange(5, 40)}; i++ {{")
            self.emit(f"\th = h*{self.pick(['1.7', '-2.3', '0.31', '10', '1e-30'])} + float64(i)")
            self.emit("}")
            self.emit(f'println("{name} h", h, int64(clamp(h, -100)))')
        self.func(name, [], [], body)

    def sec_misc(self, name):
        t = self.pick(INT_TYPES)
        self.funcs.append(f"type {name}B struct {{\n\tx {t}\n\ty string\n}}\n\ntype {name}E struct {{\n\t{name}B\n\tz [2]{name}B\n}}")
        self.func(name + "sum", [("base", t), ("xs", "..." + t)], [("", t), ("", "int")], lambda: (
            self.emit("for _, x := range xs {"), self.emit("\tbase = base*3 + x"), self.emit("}"),
            self.emit("return base, len(xs)")))
        self.func(name + "apply", [("f", f"func({t}) {t}"), ("v", t), ("n", "int")], [("", t)], lambda: (
            self.emit("for i := 0; i < n; i++ {"), self.emit("\tv = f(v)"), self.emit("}"), self.emit("return v")))

        def body():
            a, b = self.nonconst(t, 1).text, self.nonconst(t, 1).text
            self.emit(f"x, y := {a}, {b}")
            self.emit("x, y = y, x+y")
            self.emit(f'println("{name} swap", x, y)')
            self.emit(f"arr := [3]{t}{{x, y, x ^ y}}")
            self.emit("i := 0")
            self.emit("i, arr[i] = 2, arr[2]+1")
            self.emit(f'println("{name} order", i, arr[0], arr[1], arr[2])')
            self.emit(f"r, n := {name}sum({self.nonconst(t, 1).text}, arr[:]...)")
            self.emit(f"r2, n2 := {name}sum(x)")
            self.emit(f"r3, _ := {name}sum(y, 1, 2, {self.expr(t, 1).text})")
            self.emit(f'println("{name} variadic", r, n, r2, n2, r3)')
            self.emit(f"dbl := func(v {t}) {t} {{ return v*2 + 1 }}")
            self.emit(f'println("{name} apply", {name}apply(dbl, x, {self.r.randrange(1, 70)}), {name}apply(func(v {t}) {t} {{ return v >> 1 }}, y, 3))')
            self.emit(f"e := {name}E{{{name}B: {name}B{{x: x, y: {self.expr('string', 1).text}}}}}")
            self.emit("e.z[1].x = e.x + 1")
            self.emit("e.z[0] = e." + name + "B")
            self.emit("e.y += \"!\"")
            self.emit(f'println("{name} embed", e.x, e.y, e.z[0].y, e.z[1].x, len(e.z))')
            self.emit(f"ps := []*{name}B{{&e.{name}B, &e.z[1], new({name}B)}}")
            self.emit("for k, p := range ps {")
            self.emit(f"\tp.x += {t}(k)")
            self.emit("}")
            self.emit(f'println("{name} ptrs", e.x, e.z[1].x, ps[2].x)')
            self.emit("cnt := 0")
            self.emit("outer:")
            self.emit(f"for a := 0; a < {self.r.randrange(2, 5)}; a++ {{")
            self.emit(f"\tfor b := 0; b < {self.r.randrange(2, 5)}; b++ {{")
            self.emit(f"\t\tif b > a {{")
            self.emit("\t\t\tcontinue outer")
            self.emit("\t\t}")
            self.emit(f"\t\tif a*b == {self.r.randrange(1, 7)} {{")
            self.emit("\t\t\tbreak outer")
            self.emit("\t\t}")
            self.emit("\t\tcnt += a*10 + b")
            self.emit("\t}")
            self.emit("}")
            self.emit("j := 0")
            self.emit("loop:")
            self.emit("if j < 5 {")
            self.emit("\tj += 2")
            self.emit("\tgoto loop")
            self.emit("}")
            self.emit(f'println("{name} labels", cnt, j)')
            self.emit(f"switch v := {self.nonconst(t, 1).text} % 3; {{")
            self.emit("case v == 0:")
            self.emit(f'\tprintln("{name} zero")')
            self.emit("\tfallthrough")
            self.emit("case v == 1:")
            self.emit(f'\tprintln("{name} one or fell", v)')
            self.emit("default:")
            self.emit(f'\tprintln("{name} other", v)')
            self.emit("}")
        self.func(name, [], [], body)

    def sec_divs(self, name):
        t = self.pick(["int", "int8", "int16", "int32", "int64"])
        u = self.pick(["uint", "uint8", "uint16", "uint32", "uint64", "uintptr"])
        bits = BITS[t]

        def body():
            self.emit(f"var mn {t} = {-(1 << (bits - 1))}")
            self.emit(f"m1 := {t}(-1)")
            self.emit(f"one := {t}(1)")
            self.emit(f'println("{name} min", mn/m1, mn%m1, mn*m1, -mn, mn-one, mn/(m1*2), mn%(-one*7))')
            self.emit(f"var um {u} = {(1 << BITS[u]) - 1}")
            self.emit(f'println("{name} umax", um/3, um%10, um+1, um*um, um>>1, -um, um/(um-1))')
            for _ in range(self.r.randrange(3, 6)):
                a, b = self.nonconst(t, 2).text, self.nonconst(t, 2).text
                self.emit(f"if d := {b}; d != 0 {{")
                self.emit(f'\tprintln("{name} div", {a}/d, {a}%d, {a}<<(d&63), {a}>>(d&63))')
                self.emit("}")
            self.emit(f"s := {self.nonconst('uint', 1).text}")
            self.emit(f'println("{name} shifts", mn>>s, mn<<s, um>>s, um<<s, one<<(s%{bits}+{bits}), mn>>{bits - 1}, uint8(255)>>s)')
        self.func(name, [], [], body)

    def sec_panic_end(self, name):
        """The runtime error or panic that ends a 'panic' mode program."""
        k = self.r.randrange(21)
        if k >= 16:
            self.funcs.append(f"type {name}E int\n\ntype {name}S struct {{\n\ta int\n\tb string\n}}")

        def body():
            self.emit(f'defer println("{name} deferred runs first")')
            self.emit(f"n := int(uint8({self.nonconst('int', 1).text})) % 5")
            self.emit(f'println("{name} n", n)')
            if k == 0:
                self.emit("s := make([]int, n+1)")
                self.emit("println(s[n+2+n*0])")
            elif k == 1:
                self.emit("var a [4]int16")
                self.emit("i := n + 4")
                self.emit("a[i%8+4*(1-i%8/4)] = 1")  # an index >= 4
                self.emit("println(a[0])")
            elif k == 2:
                self.funcs.append("type PT struct {\n\ta, b int\n}")
                self.emit("var p *PT")
                self.emit("if n > 100 {")
                self.emit("\tp = &PT{}")
                self.emit("}")
                self.emit("println(p.b)")
            elif k == 3:
                t = self.pick(INT_TYPES)
                self.emit(f"z := {t}(n - n)")
                self.emit(f"println({t}(7) / z)")
            elif k == 4:
                self.emit("s := []int{1, 2, 3}")
                self.emit("println(len(s[n%2 : 5+n]))")
            elif k == 5:
                self.emit(f"panic({self.expr(self.pick(['int', 'string', 'float64', 'bool', 'int8', 'uint']), 2).text})")
            elif k == 6:
                self.emit("defer func() {")
                self.emit('\tpanic("second")')
                self.emit("}()")
                self.emit("panic(n)")
            elif k == 7:
                self.emit("defer func() {")
                self.emit("\tr := recover()")
                self.emit('\tprintln("recovered", r.(int))')
                self.emit('\tpanic("again")')
                self.emit("}()")
                self.emit("panic(n)")
            elif k == 8:
                self.emit("var e interface{} = n")
                self.emit("println(e.(string))")
            elif k == 9:
                self.emit("sh := -1 - n")
                self.emit("println(1 << sh)")
            elif k == 10:
                self.emit("s := \"abc\"")
                self.emit("println(s[n+3])")
            elif k == 11:
                self.emit("s := []int{1, 2, 3, 4}")
                self.emit("lo := n%2 + 3")
                self.emit("println(len(s[lo:2]))")
            elif k == 12:
                self.emit("var f func(int) int")
                self.emit("if n > 100 {")
                self.emit("\tf = func(x int) int { return x }")
                self.emit("}")
                self.emit("println(f(n))")
            elif k == 13:
                self.emit("var e interface{} = n")
                self.emit("println(e.(int8))")
            elif k == 14:
                self.emit("var a *[3]int")
                self.emit("println(a[n%3])")
            elif k == 15:
                self.emit('s := "hello"')
                self.emit("println(s[n+4 : n+9])")
            elif k == 16:
                self.emit(f"panic({name}E(n - 7))")
            elif k == 17:
                self.emit(f"panic({name}S{{a: n, b: \"x\"}})")
            elif k == 18:
                self.emit("if n >= 0 {")
                self.emit("\tpanic(nil)")
                self.emit("}")
            elif k == 19:
                self.emit("defer func() {")
                self.emit("\tprintln(\"recover in nested call\", nested() == nil)")
                self.emit("}()")
                self.funcs.append("func nested() interface{} {\n\treturn recover()\n}")
                self.emit("panic(\"not recovered by a nested call\")")
            else:
                self.funcs.append("func exit(code int) {\n\tos.Exit(code)\n}")
                self.emit("exit(n + 3)")
        self.func(name, [], [], body)

    # ----- program -----
    def program(self):
        for t in SCALARS + self.r.sample(SCALARS, 3):
            self.globals.append((self.fresh("g"), t))
        gl = []
        for g, t in self.globals:
            gl.append(f"var {g} {t} = {self.lit(t).text}")
        sections = [self.sec_straight, self.sec_named_defer, self.sec_closure, self.sec_arrays,
                    self.sec_structs, self.sec_recover, self.sec_recursion, self.sec_strings,
                    self.sec_convert, self.sec_straight, self.sec_consts, self.sec_floats, self.sec_misc,
                    self.sec_divs]
        chosen = self.r.sample(sections, 3 if self.mode == "normal" else 2)
        calls = []
        for sec in chosen:
            name = self.fresh("s")
            res = sec(name)
            if res is None:
                calls.append(f"{name}()")
            else:
                stmt, names = res
                calls.append("{\n" + stmt + ("\nprintln(\"" + name + "\", " + ", ".join(names) + ")" if names else "") + "\n}")
        if self.mode == "panic":
            name = self.fresh("s")
            self.sec_panic_end(name)
            calls.append(f"{name}()")
        imports = ["import \"os\"", ""] if any(f.startswith("func exit(") for f in self.funcs) else []
        src = [f"// Code generated by tools/gogen/gogen.py {self.seed}{' --mode panic' if self.mode == 'panic' else ''}; DO NOT EDIT.",
               "", "package main", ""] + imports + gl + ["",
               "// clamp keeps a float in a range every integer type holds: Go leaves out-of-range conversions unspecified.",
               "func clamp(f float64, lo float64) float64 {",
               "\tif f != f || f < lo {", "\t\treturn lo", "\t}", "\tif f > 100 {", "\t\treturn 100", "\t}", "\treturn f", "}", ""]
        for f in self.funcs:
            src += [f, ""]
        src += ["func main() {"]
        for c in calls:
            src += ["\t" + l for l in c.split("\n")]
        src += ["\t" + f'println("globals", {", ".join(g for g, _ in self.globals)})', "}"]
        return "\n".join(src) + "\n"


MAX_LINES = 150


# Constructs that --avoid can leave out, each the trigger of a known govm bug (docs/testing.md).
AVOIDABLE = ["untyped-shift", "big-const-float", "const-float-round", "exact-float-const"]


def generate(seed, mode="normal", avoid=()):
    """The program for (seed, mode): the first of the seed's attempts that stays under MAX_LINES."""
    if mode == "const":
        import os
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from constgen import ConstGen
        text = ConstGen(random.Random(seed * 1000 + 7), seed).program()
        return gofmt(text)
    for attempt in range(100):
        text = Gen(seed, mode, attempt, avoid).program()
        if text.count("\n") < MAX_LINES - 5:
            break
    return gofmt(text)


def gofmt(text):
    try:
        p = subprocess.run(["gofmt"], input=text, capture_output=True, text=True)
        if p.returncode == 0:
            return p.stdout
        sys.stderr.write(p.stderr)
    except FileNotFoundError:
        pass
    return text


def main(argv):
    mode = "normal"
    if "--mode" in argv:
        mode = argv[argv.index("--mode") + 1]
    avoid = argv[argv.index("--avoid") + 1].split(",") if "--avoid" in argv else []
    for a in avoid:
        if a not in AVOIDABLE:
            sys.exit(f"gogen: --avoid {a}: not one of {','.join(AVOIDABLE)}")
    if "--corpus" in argv:
        import os
        d = argv[argv.index("--corpus") + 1]
        count = int(argv[argv.index("--count") + 1]) if "--count" in argv else 200
        pcount = int(argv[argv.index("--panic-count") + 1]) if "--panic-count" in argv else 50
        ccount = int(argv[argv.index("--const-count") + 1]) if "--const-count" in argv else 0
        first = int(argv[argv.index("--first") + 1]) if "--first" in argv else 1
        os.makedirs(d, exist_ok=True)
        for s in range(first, first + count):
            with open(os.path.join(d, f"gen_{s:03d}.go"), "w") as f:
                f.write(generate(s, "normal", avoid))
        for s in range(first, first + pcount):
            with open(os.path.join(d, f"panic_{s:03d}.go"), "w") as f:
                f.write(generate(s, "panic", avoid))
        for s in range(first, first + ccount):
            with open(os.path.join(d, f"const_{s:03d}.go"), "w") as f:
                f.write(generate(s, "const", avoid))
        return 0
    print(generate(int(argv[1]), mode, avoid), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
