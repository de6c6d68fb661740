package main

import (
	"fmt"
	"time"
)

func main() {
	ds := []time.Duration{0, 1, 999, 1500 * time.Microsecond, 2 * time.Second, 90 * time.Minute, -3 * time.Millisecond,
		26*time.Hour + 3*time.Minute + 4*time.Second + 5*time.Millisecond}
	for _, d := range ds {
		fmt.Println(d, d.Seconds(), d.Milliseconds())
	}
	start := time.Now()
	time.Sleep(2 * time.Millisecond)
	el := time.Since(start)
	fmt.Println(el >= 2*time.Millisecond, el < 5*time.Second)
	fmt.Printf("%v %s %d\n", time.Second, time.Minute, time.Millisecond)
	t2 := start.Add(time.Hour)
	fmt.Println(t2.Sub(start), t2.After(start), start.Before(t2))
}
