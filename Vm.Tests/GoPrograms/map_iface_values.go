package main

import (
	"errors"
	"fmt"
)

type Animal interface{ Sound() string }
type Cat struct{}
type Cow struct{ name string }

func (Cat) Sound() string  { return "meow" }
func (c Cow) Sound() string { return c.name + " moo" }

func main() {
	zoo := map[string]Animal{"cat": Cat{}, "cow": Cow{"bessie"}}
	fmt.Println(zoo["cat"].Sound(), zoo["cow"].Sound(), zoo["dog"] == nil)
	errs := map[string]error{"a": errors.New("boom"), "b": nil}
	fmt.Println(errs["a"], errs["b"], errs["c"])
	v, ok := errs["b"]
	fmt.Println(v, ok)
	data := map[string]interface{}{"n": 1, "s": "two", "f": 3.0, "l": []int{4}}
	fmt.Println(data)
	for _, k := range []string{"n", "s", "f", "l"} {
		switch x := data[k].(type) {
		case int:
			fmt.Println(k, "int", x)
		case string:
			fmt.Println(k, "string", x)
		default:
			fmt.Printf("%s %T %v\n", k, x, x)
		}
	}
}
