package main

func bubble(a []int) {
	for i := 0; i < len(a); i++ {
		for j := 0; j < len(a)-1-i; j++ {
			if a[j] > a[j+1] {
				a[j], a[j+1] = a[j+1], a[j]
			}
		}
	}
}

func quick(a []int) {
	if len(a) < 2 {
		return
	}
	p := a[len(a)/2]
	i, j := 0, len(a)-1
	for i <= j {
		for a[i] < p {
			i++
		}
		for a[j] > p {
			j--
		}
		if i <= j {
			a[i], a[j] = a[j], a[i]
			i++
			j--
		}
	}
	quick(a[:j+1])
	quick(a[i:])
}

func main() {
	a := []int{5, 2, 9, 1, 5, 6, -3, 0}
	b := make([]int, len(a))
	copy(b, a)
	bubble(a)
	quick(b)
	for i := range a {
		print(a[i], " ")
	}
	println()
	for _, v := range b {
		print(v, " ")
	}
	println()
}
