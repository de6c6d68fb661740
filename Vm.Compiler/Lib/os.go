// Package os: Exit (a builtin of the compiler), Stdout and Stderr for fmt.Fprint*, Args.
package os

// File is an open file descriptor; only standard output and standard error exist.
type File struct {
	fd int
}

func write(fd int, s string)

func (f *File) Fd() uintptr { return uintptr(f.fd) }

func (f *File) WriteString(s string) (n int, err error) {
	write(f.fd, s)
	return len(s), nil
}

func (f *File) Write(b []byte) (n int, err error) {
	write(f.fd, string(b))
	return len(b), nil
}

var (
	Stdin  = &File{0}
	Stdout = &File{1}
	Stderr = &File{2}
)

// Args holds the command-line arguments: the program name only.
var Args = []string{"prog"}
