package main

import "fmt"

type Level uint8

const (
	Debug Level = iota + 1
	Info
	Warn
	Error
)

var levelNames = [...]string{Debug: "DEBUG", Info: "INFO", Warn: "WARN", Error: "ERROR"}

func (l Level) String() string {
	if int(l) < len(levelNames) && levelNames[l] != "" {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
	TB
)

func main() {
	fmt.Println(Debug, Info, Warn, Error, Level(9))
	fmt.Printf("%v %d %s\n", Warn, Warn, Error)
	fmt.Println(KB, MB, GB, TB/GB)
	const mask = 0xF0
	fmt.Println(0xAB&mask, 0xAB&^mask, mask>>4)
	const s = "const" + "ant"
	fmt.Println(s, len(s), s[0])
	const f = 1 / 3.0
	fmt.Printf("%.4f %v\n", f, f*3 == 1)
}
