package main

// Slicing in compiled code (sslice, strslice): every form, empty results at the end of the backing array,
// and each bounds failure recovered with Go's message.

func try(f func()) (msg string) {
	defer func() {
		if e := recover(); e != nil {
			msg = e.(error).Error()
		}
	}()
	f()
	return "ok"
}

func main() {
	s := make([]int, 10, 16)
	for i := range s {
		s[i] = i * i
	}
	sum := 0
	for i := 0; i < 10000; i++ {
		a := s[i%5 : 5+i%5]
		b := s[1:3:4]
		c := s[:0]
		d := s[10:]
		e := s[i%10:]
		sum += len(a) + cap(a) + a[0] + len(b) + cap(b) + b[1] + len(c) + cap(c) + len(d) + cap(d) + len(e) + cap(e)
	}
	str := "hello, compiled world"
	n := 0
	for i := 0; i < 10000; i++ {
		t := str[i%7 : 7+i%7]
		u := str[len(str):]
		n += len(t) + int(t[0]) + len(u)
	}
	println("sums:", sum, n)
	lo, hi, max := 3, 2, 20
	println(try(func() { _ = s[lo:hi] }))
	println(try(func() { _ = s[:max] }))
	println(try(func() { _ = s[1:2:max] }))
	println(try(func() { _ = s[1:max:12] }))
	println(try(func() { _ = s[lo:hi:12] }))
	println(try(func() { _ = str[lo:hi] }))
	println(try(func() { _ = str[:max+10] }))

	// Slicing arrays (aslice): both forms, an empty capacity, and each bounds panic.
	var arr [12]int
	for i := range arr {
		arr[i] = 3 * i
	}
	pa := &arr
	m := 0
	for i := 0; i < 10000; i++ {
		f := arr[i%6 : 6+i%6]
		g := pa[2:5:7]
		h := arr[12:]
		k := arr[:i%12]
		m += len(f) + cap(f) + f[0] + len(g) + cap(g) + g[2] + len(h) + cap(h) + len(k) + cap(k)
	}
	println("array sums:", m)
	println(try(func() { _ = arr[lo:hi] }))
	println(try(func() { _ = arr[:max] }))
	println(try(func() { _ = arr[1:2:max] }))
	println(try(func() { _ = arr[1:max:12] }))
	println(try(func() { _ = arr[lo:hi:12] }))
	var np *[12]int
	println(try(func() { _ = np[1:2] }))
}
