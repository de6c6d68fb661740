package main

func main() {
	const k = 0.1 + 0.2 - 0.3  // untyped constants are exact: 0
	const h = 1e308 * 10 / 100 // 1e307: no intermediate overflow
	x := -0.0                  // exact 0 has no sign
	var y float64 = h
	println(k, y, x)
}
