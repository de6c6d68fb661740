package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

func render(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return strconv.Quote(x)
	case []interface{}:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case map[string]interface{}:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ":" + render(x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("\"<%T>\"", v)
}

func main() {
	doc := map[string]interface{}{
		"name":  "govm",
		"ok":    true,
		"count": 3,
		"ratio": 0.25,
		"tags":  []interface{}{"vm", "go", nil, 1},
		"inner": map[string]interface{}{"z": 1, "a": []interface{}{}},
		"odd":   struct{}{},
	}
	fmt.Println(render(doc))
}
