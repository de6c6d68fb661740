package main

// Start-up only: .NET runtime, compile, verify (and the JIT's own set-up under -jit=eager/tiered).
func main() {
}
