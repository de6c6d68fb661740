package main

func f(n int) (out []int) {
	for i := 0; i < n; i++ {
		defer func(v int) {
			out = append(out, v)
		}(i)
	}
	return nil
}

func main() {
	r := f(4)
	for _, v := range r {
		print(v, " ")
	}
	println(len(r))
}
