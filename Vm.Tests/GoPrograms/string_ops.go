package main

import (
	"fmt"
	"strings"
)

func main() {
	a, b := "apple", "banana"
	fmt.Println(a < b, a > b, a == "apple", a+b, a[1:3], len(a+b))
	s := ""
	for i := 0; i < 5; i++ {
		s += string(rune('a' + i))
	}
	fmt.Println(s)
	fmt.Println(strings.HasPrefix(s, "ab"), strings.HasSuffix(s, "de"), strings.Count("cheese", "e"))
	fmt.Println(strings.LastIndex("go gopher", "go"), strings.IndexByte("golang", 'l'), strings.TrimLeft("xxhixx", "x"))
	fmt.Println(strings.Title("hello world"), strings.ToLower("MiXeD"), strings.TrimSuffix("a.go", ".go"))
	fmt.Printf("%q\n", strings.Split("a b c", " "))
	fmt.Printf("%q\n", strings.SplitN("a,b,c,d", ",", 2))
	fmt.Printf("%q\n", strings.Fields("  foo bar  baz   "))
	fmt.Println(strings.Map(func(r rune) rune {
		if r == 'a' {
			return 'A'
		}
		return r
	}, "banana"))
	before, after, found := strings.Cut("key=value", "=")
	fmt.Println(before, after, found)
	fmt.Println(strings.EqualFold("Go", "GO"), strings.Compare("a", "b"), strings.ContainsAny("hello", "xyz"))
	fmt.Println(strings.ReplaceAll("aaaa", "a", "b"), strings.TrimFunc("123abc456", func(r rune) bool { return r >= '0' && r <= '9' }))
	var sb strings.Builder
	for i := 3; i > 0; i-- {
		fmt.Fprintf(&sb, "%d...", i)
	}
	sb.WriteString("ignition")
	sb.WriteByte('!')
	sb.WriteRune('🚀')
	fmt.Println(sb.String(), sb.Len())
}
