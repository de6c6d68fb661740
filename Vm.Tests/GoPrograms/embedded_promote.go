package main

import "fmt"

type Base struct {
	ID int
}

func (b Base) Describe() string {
	return fmt.Sprintf("Base with ID=%d", b.ID)
}

func (b *Base) SetID(id int) { b.ID = id }

type Container struct {
	Base
	Str string
}

type Logger struct{ prefix string }

func (l *Logger) Log(s string) { fmt.Println(l.prefix + s) }

type Service struct {
	*Logger
	Name string
}

type Describer interface{ Describe() string }

func main() {
	co := Container{Base: Base{ID: 1}, Str: "a string"}
	fmt.Printf("co={id: %v, str: %v}\n", co.ID, co.Str)
	fmt.Println("also id:", co.Base.ID)
	fmt.Println("describe:", co.Describe())
	co.SetID(42)
	fmt.Println(co.Describe())
	var d Describer = co
	fmt.Println("describer:", d.Describe())
	var dp Describer = &co
	fmt.Println("describer ptr:", dp.Describe())
	s := Service{&Logger{"[svc] "}, "x"}
	s.Log("started " + s.Name)
	fmt.Printf("%+v\n", co)
}
