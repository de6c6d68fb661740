package main

import "fmt"

type Expr interface {
	Eval(env map[string]float64) float64
	String() string
}

type Num float64
type Var string
type Bin struct {
	Op   byte
	L, R Expr
}

func (n Num) Eval(map[string]float64) float64   { return float64(n) }
func (n Num) String() string                    { return fmt.Sprint(float64(n)) }
func (v Var) Eval(env map[string]float64) float64 { return env[string(v)] }
func (v Var) String() string                    { return string(v) }
func (b Bin) Eval(env map[string]float64) float64 {
	l, r := b.L.Eval(env), b.R.Eval(env)
	switch b.Op {
	case '+':
		return l + r
	case '-':
		return l - r
	case '*':
		return l * r
	case '/':
		return l / r
	}
	panic(fmt.Sprintf("bad op %c", b.Op))
}
func (b Bin) String() string { return fmt.Sprintf("(%v %c %v)", b.L, b.Op, b.R) }

func main() {
	e := Bin{'+', Num(2), Bin{'*', Var("x"), Bin{'-', Var("y"), Num(0.5)}}}
	env := map[string]float64{"x": 3, "y": 4}
	fmt.Println(e, "=", e.Eval(env))
	env["y"] = 1
	fmt.Printf("%v = %.2f\n", e, e.Eval(env))
	var exprs []Expr = []Expr{Num(1), Var("x"), e}
	for _, x := range exprs {
		fmt.Printf("%T %s\n", x, x)
	}
	defer func() { fmt.Println("recovered:", recover()) }()
	Bin{'%', Num(1), Num(2)}.Eval(nil)
}
