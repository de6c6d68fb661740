// run

// Test basic map operations, in the style of Go's test/map.go.

package main

import (
	"fmt"
	"strconv"
)

const count = 100

func P(a []string) string {
	s := "{"
	for i := 0; i < len(a); i++ {
		if i > 0 {
			s += ","
		}
		s += `"` + a[i] + `"`
	}
	s += "}"
	return s
}

func main() {
	mib := make(map[int]bool)
	mii := make(map[int]int)
	mfi := make(map[float64]int)
	mif := make(map[int]float64)
	msi := make(map[string]int)
	mis := make(map[int]string)
	mss := make(map[string]string)
	mspa := make(map[string][]string)
	type T struct {
		i int64
		f float64
	}
	mipT := make(map[int]*T)
	mpTi := make(map[*T]int)
	mit := make(map[int]T)
	mti := make(map[T]int)

	for i := 0; i < count; i++ {
		s := strconv.Itoa(i)
		s10 := strconv.Itoa(i * 10)
		f := float64(i)
		t := T{int64(i), f}
		apT := new(T)
		apT.i = int64(i)
		apT.f = f
		as := []string{s, s10}
		mib[i] = (i != 0)
		mii[i] = 10 * i
		mfi[float64(i)] = 10 * i
		mif[i] = 10.0 * f
		mis[i] = s
		msi[s] = i
		mss[s] = s10
		mspa[s] = as
		mipT[i] = apT
		mpTi[apT] = i
		mti[t] = i
		mit[i] = t
	}
	if len(mib) != count || len(mii) != count || len(mfi) != count || len(mif) != count || len(msi) != count ||
		len(mis) != count || len(mss) != count || len(mspa) != count || len(mipT) != count || len(mpTi) != count ||
		len(mti) != count || len(mit) != count {
		panic("len")
	}
	for i := 0; i < count; i++ {
		s := strconv.Itoa(i)
		s10 := strconv.Itoa(i * 10)
		f := float64(i)
		t := T{int64(i), f}
		if mib[i] != (i != 0) {
			panic(fmt.Sprintf("mib[%d] = %t", i, mib[i]))
		}
		if mii[i] != 10*i || mfi[f] != 10*i || mif[i] != 10.0*f || mis[i] != s || msi[s] != i || mss[s] != s10 {
			panic(fmt.Sprintf("entry %d", i))
		}
		if mspa[s][1] != s10 || mipT[i].i != int64(i) || mti[t] != i || mit[i].f != f {
			panic(fmt.Sprintf("entry2 %d", i))
		}
		if mpTi[mipT[i]] != i {
			panic("mpTi")
		}
	}
	for i := 0; i < count; i++ {
		s := strconv.Itoa(i)
		if _, ok := msi[s]; !ok {
			panic("msi missing " + s)
		}
		if _, ok := msi[s+"x"]; ok {
			panic("msi has " + s + "x")
		}
	}
	for i := 0; i < count; i += 2 {
		delete(mii, i)
		delete(msi, strconv.Itoa(i))
	}
	fmt.Println(len(mii), len(msi), P(mspa["7"]))
	println("PASS")
}
