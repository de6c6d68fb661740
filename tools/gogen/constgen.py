"""gogen's const mode: programs that stress Go's constant rules (imported by gogen.py).

Every constant expression is evaluated here exactly (ints, fractions.Fraction for floats) so that the
generator only writes programs Go accepts: untyped integers stay below 512 bits, float constants keep
their numerator and denominator below 4000 bits (go/constant keeps such values as exact fractions) and
round to finite float64 values away from the subnormal range, typed constants fit their type. Floats
are printed with fmt.Println, whose shortest representation shows every bit of a float64.
"""
from fractions import Fraction

INT_TYPES = ["int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"]
BITS = {"int": 64, "int8": 8, "int16": 16, "int32": 32, "int64": 64,
        "uint": 64, "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64}


def signed(t):
    return not t.startswith("u")


def fits(v, t):
    b = BITS[t]
    return -(1 << (b - 1)) <= v < (1 << (b - 1)) if signed(t) else 0 <= v < (1 << b)


def wrap(v, t):
    b = BITS[t]
    v &= (1 << b) - 1
    return v - (1 << b) if signed(t) and v >= 1 << (b - 1) else v


def small_frac(f):
    return abs(f.numerator).bit_length() < 4000 and f.denominator.bit_length() < 4000


def float_ok(f):
    """A float constant that rounds to a finite, normal float64 (or is 0)."""
    return f == 0 or Fraction(1, 10 ** 300) < abs(f) < Fraction(10 ** 300)


class ConstGen:
    def __init__(self, r, seed):
        self.r = r
        self.seed = seed
        self.n = 0
        self.out = []
        self.funcs = []

    def fresh(self, p):
        self.n += 1
        return f"{p}{self.n}"

    def pick(self, xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    def emit(self, line):
        self.out.append("\t" + line)

    # ----- constant expressions, with their exact values -----
    def int_const(self, d):
        if d <= 0 or self.chance(0.25):
            v = self.pick([0, 1, 2, 3, 5, 7, 10, 16, 100, 255, 256, 1000, 65535, 1 << 32, 1 << 40, 99999999999,
                           10 ** 18, (1 << 63) - 1, 1 << 63, (1 << 64) - 1, -1, -5, -128, -(1 << 63)])
            return (f"({v})" if v < 0 else str(v)), v
        a, va = self.int_const(d - 1)
        b, vb = self.int_const(d - 1)
        op = self.pick(["+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "&^", "*", "<<"])
        if op in ("/", "%"):
            if vb == 0:
                return a, va
            q = abs(va) // abs(vb) * (1 if (va >= 0) == (vb >= 0) else -1)  # Go truncates toward zero
            return f"({a} {op} {b})", (q if op == "/" else va - q * vb)
        if op in ("<<", ">>"):
            k = abs(vb) % 200
            v = va << k if op == "<<" else va >> k
            if v.bit_length() > 500:
                return a, va
            return f"({a} {op} {k})", v
        v = {"+": va + vb, "-": va - vb, "*": va * vb, "&": va & vb, "|": va | vb, "^": va ^ vb, "&^": va & ~vb}[op]
        if v.bit_length() > 500:
            return a, va
        return f"({a} {op} {b})", v

    FLOAT_LITS = [("0.1", Fraction(1, 10)), ("0.2", Fraction(1, 5)), ("0.3", Fraction(3, 10)), ("1.5", Fraction(3, 2)),
                  ("3.0", Fraction(3)), ("7.0", Fraction(7)), ("1e10", Fraction(10 ** 10)), ("1e-10", Fraction(1, 10 ** 10)),
                  ("1e300", Fraction(10 ** 300)), ("1e-300", Fraction(1, 10 ** 300)), ("2.5e-3", Fraction(1, 400)),
                  ("123456789.125", Fraction(987654313, 8)), ("0x1p-3", Fraction(1, 8)), ("0x1.8p4", Fraction(24)),
                  ("1e23", Fraction(10 ** 23)), ("9007199254740993.0", Fraction(9007199254740993)), ("0x1p70", Fraction(1 << 70)),
                  ("1e308", Fraction(10 ** 308)), ("4.9e-324", Fraction(49, 10 ** 325))]

    def float_const(self, d):
        if d <= 0 or self.chance(0.3):
            return self.pick(self.FLOAT_LITS)
        a, va = self.float_const(d - 1)
        b, vb = self.float_const(d - 1)
        op = self.pick(["+", "-", "*", "/"])
        if op == "/" and vb == 0:
            return a, va
        v = {"+": va + vb, "-": va - vb, "*": va * vb, "/": va / vb if vb else 0}[op]
        if not small_frac(v):
            return a, va
        return f"({a} {op} {b})", v

    def good_float(self, d):
        for _ in range(20):
            t, v = self.float_const(d)
            if float_ok(v):
                return t, v
        return "0.5", Fraction(1, 2)

    # ----- sections -----
    def sec_ints(self):
        for _ in range(self.r.randrange(3, 6)):
            c = self.fresh("c")
            text, v = self.int_const(4)
            self.emit(f"const {c} = {text}")
            if -(1 << 63) <= v < (1 << 63):
                self.emit(f"fmt.Println(\"{c}\", {c}, {c}/7, {c}%7, float64({c}))")
            elif 0 <= v < (1 << 64):
                self.emit(f"fmt.Println(\"{c}\", uint64({c}), {c}>>3, float64({c}))")
            else:
                k = max(0, v.bit_length() - 62)
                self.emit(f"fmt.Println(\"{c} big\", {c}>>{k}, {c}%1000000007, float64({c}>>{k}), {c} > 0)")
                if v.bit_length() <= 1000:
                    self.emit(f"fmt.Println(\"{c} float\", float64({c}), {c}*1.0/(1<<{k}))")
            t = self.pick(INT_TYPES)
            mask = (1 << (BITS[t] - 1)) - 1
            step = "+1" if fits((v & mask) + 1, t) else "-1"
            self.emit(f"fmt.Println(\"{c} {t}\", {t}({c}&{mask}), {t}({c}&{mask}){step}, ^{t}({c}&{mask}))")

    def sec_floats(self):
        for _ in range(self.r.randrange(3, 6)):
            c = self.fresh("f")
            text, v = self.good_float(4)
            self.emit(f"const {c} = {text}")
            self.emit(f"fmt.Println(\"{c}\", {c}, {c}*2, -{c}, {c} == {c}+0, {c} > 1)")
            self.emit(f"{c}v := {c}")
            self.emit(f"fmt.Println(\"{c} var\", {c}v, {c}v/3, {c}v*{c}v > 1)")
            if v.denominator == 1 and abs(v) < (1 << 63):
                self.emit(f"fmt.Println(\"{c} int\", int64({c}), {c}/2)")
            elif v.denominator != 1 and abs(v) < (1 << 62):
                k = self.r.randrange(1, 20)
                # an integer part: Go truncates the exact value only through a typed float64 at run time
                self.emit(f"fmt.Println(\"{c} trunc\", int64({c}v), int64({c}v*{k}))")
        a, va = self.good_float(2)
        b, vb = self.good_float(2)
        self.emit(f"fmt.Println(\"cmp\", {a} < {b}, {a} == {b}, {a} >= {b})")

    def sec_shift(self):
        self.emit("var s uint")
        for _ in range(self.r.randrange(4, 8)):
            t = self.pick(INT_TYPES)
            k = self.r.randrange(0, BITS[t] + 2)
            form = self.r.randrange(7)
            bases = [("1", 1), ("3", 3), ("0xff", 255), ("1.0", 1), ("'a'", 97), ("7", 7)]
            # the constant must be representable in the type the context gives it (Go checks that);
            # 1.0 << s alone would be a float64 shift, an error
            bases = [b for b in bases if fits(b[1], t) and not (form == 6 and b[0] == "1.0")]
            base, bv = self.pick(bases)
            self.emit(f"s = {k}")
            v = self.fresh("v")
            if form == 0:
                self.emit(f"var {v} {t} = {base} << s")
                self.emit(f"fmt.Println(\"{v}\", {v})")
            elif form == 1:
                self.emit(f"fmt.Println(\"{v}\", {t}({base}<<s), {t}({base}<<s)>>1)")
            elif form == 2:
                x = self.fresh("x")
                self.emit(f"var {x} {t} = 1")
                self.emit(f"fmt.Println(\"{v}\", {x} == {base}<<s, {x}+{base}<<s, {x}|{base}<<s)")
            elif form == 3:
                f = self.fresh("id")
                self.funcs.append(f"func {f}(x {t}) {t} {{\n\treturn x\n}}")
                self.emit(f"fmt.Println(\"{v}\", {f}({base}<<s))")
            elif form == 4:
                f = self.fresh("sh")
                self.funcs.append(f"func {f}(s uint) {t} {{\n\treturn {base} << s\n}}")
                self.emit(f"fmt.Println(\"{v}\", {f}(s))")
            elif form == 5:
                self.emit(f"{v} := []{t}{{{base} << s, {base}<<s - 1}}")
                self.emit(f"fmt.Println(\"{v}\", {v})")
            else:
                self.emit(f"{v} := {base} << (s % 60)")
                self.emit(f"fmt.Printf(\"{v} %T %v\\n\", {v}, {v})")

    def sec_typed(self):
        for _ in range(self.r.randrange(3, 6)):
            t = self.pick(INT_TYPES)
            c = self.fresh("t")
            v = self.r.randrange(0, 1 << (BITS[t] - 1)) if self.chance(0.5) else self.pick([0, 1, 7, 100, 127])
            if signed(t) and self.chance(0.4):
                v = -v
            self.emit(f"const {c} {t} = {v}")
            exprs = []
            for _ in range(3):
                op = self.pick(["+", "-", "*", "/", "%", "&", "|", "^", "&^", ">>", "<<"])
                k = self.pick([1, 2, 3, 7, 100, 5])
                r = {"+": v + k, "-": v - k, "*": v * k, "/": int(v / k) if v >= 0 else -((-v) // k), "%": v - k * (int(v / k) if v >= 0 else -((-v) // k)),
                     "&": v & k, "|": v | k, "^": v ^ k, "&^": v & ~k, ">>": v >> k, "<<": v << k}[op]
                if fits(r, t):
                    exprs.append(f"{c} {op} {k}")
            exprs.append(f"^{c}" if not signed(t) or fits(~v, t) else f"{c}")
            self.emit(f"fmt.Println(\"{c}\", {', '.join(exprs)})")
            self.emit(f"fmt.Printf(\"{c} %T\\n\", {c}+0)")
        ft = self.fresh("ft")
        text, v = self.good_float(2)
        self.emit(f"const {ft} float64 = {text}")
        self.emit(f"fmt.Println(\"{ft}\", {ft}, {ft}*3, {ft}/7)")

    def sec_iota(self):
        t = self.pick(INT_TYPES)
        name = self.fresh("K")
        self.emit("const (")
        lines = [f"\t{name}a {t} = iota * {self.r.randrange(1, 5)}", f"\t{name}b", "\t_", f"\t{name}c"]
        names = [f"{name}a", f"{name}b", f"{name}c"]
        self.out += ["\t" + l for l in lines]
        self.emit(")")
        e = self.pick(["1 << (10 * iota)", "iota*iota - 3", "(iota + 1) * 1000", "1 << iota >> 1", "100 - iota*iota"])
        self.emit("const (")
        self.emit(f"\t{name}d = {e}")
        self.emit(f"\t{name}e")
        self.emit(f"\t{name}f, {name}g = iota, iota * 10")
        self.emit(f"\t{name}h, {name}i")
        self.emit(f"\t{name}j = \"s\"")
        self.emit(f"\t{name}k")
        self.emit(f"\t{name}l = iota")
        self.emit(")")
        names += [f"{name}{x}" for x in "defghijkl"]
        self.emit(f"fmt.Println({', '.join(names)})")
        self.emit(f"fmt.Printf(\"%T %T\\n\", {name}a, {name}d)")

    def sec_conv(self):
        for _ in range(self.r.randrange(3, 6)):
            k = self.r.randrange(6)
            if k == 0:
                v = self.pick([65, 0x4e16, 0x10FFFF, -1, 0xD800, 0x110000, 97, 0x7f])
                self.emit(f"fmt.Println(\"rune\", string(rune({v})), len(string(rune({v}))))")
            elif k == 1:
                s = self.pick(["\"héllo\"", "\"\"", "\"go\" + \"vm\"", "\"日本語\""])
                c = self.fresh("sl")
                self.emit(f"const {c} = len({s})")
                self.emit(f"var {c}a [{c}]int")
                self.emit(f"fmt.Println(\"{c}\", {c}, len({c}a))")
            elif k == 2:
                v = self.pick(["1<<64 - 1", "1<<63 + 1", "1<<53 + 1", "1<<53 + 3", "1<<62 - 1", "1<<60 + 1<<7 + 1", "-(1<<63 - 1)"])
                self.emit(f"fmt.Println(\"tofloat\", float64({v}), float64({v}) == {v})")
            elif k == 3:
                v = self.pick(["1e18", "1.5e3", "0x1p62", "123456789e2", "2.0 * 3", "1e2 / 4"])
                t = self.pick(["int64", "uint64", "int"])
                self.emit(f"fmt.Println(\"toint\", {t}({v}))")
            elif k == 4:
                self.emit(f"fmt.Println(\"math\", math.MaxInt64, math.MinInt64, uint64(math.MaxUint64), math.MaxInt32, math.MaxUint16)")
                self.emit(f"fmt.Println(\"math\", math.Pi, math.E, math.Pi*1e10, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Ln2*math.Log2E)")
            else:
                arr = self.fresh("arr")
                n = self.r.randrange(1, 6)
                self.emit(f"var {arr} [{n}]int")
                self.emit(f"const {arr}n = len({arr}) * 2")
                self.emit(f"fmt.Println(\"{arr}\", {arr}n, cap({arr}), [{arr}n]int{{}})")

    def program(self):
        secs = [self.sec_ints, self.sec_floats, self.sec_shift, self.sec_typed, self.sec_iota, self.sec_conv]
        chosen = self.r.sample(secs, 4)
        bodies = []
        for i, sec in enumerate(chosen):
            self.out = []
            sec()
            name = f"part{i}"
            bodies.append((name, self.out))
        src = [f"// Code generated by tools/gogen/gogen.py {self.seed} --mode const; DO NOT EDIT.", "",
               "package main", "", "import (", "\t\"fmt\"", "\t\"math\"", ")", "", "var _ = math.Pi", ""]
        for f in self.funcs:
            src += [f, ""]
        for name, body in bodies:
            src += [f"func {name}() {{"] + body + ["}", ""]
        src += ["func main() {"] + [f"\t{name}()" for name, _ in bodies] + ["}"]
        return "\n".join(src) + "\n"
