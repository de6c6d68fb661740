package x

func f() {}
