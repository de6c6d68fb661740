package x

import "testing"

func BenchmarkLoop(b *testing.B) {
	s := 0
	for i := 0; i < b.N; i++ {
		s += i
	}
	if s < 0 {
		b.Fatal("overflow")
	}
}

func BenchmarkLog(b *testing.B) {
	b.Logf("N=%d", b.N)
	for i := 0; i < b.N; i++ {
	}
}

func BenchmarkAllocs(b *testing.B) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
	}
}

func BenchmarkSkipped(b *testing.B) {
	b.Skip("not today")
}

func BenchmarkFails(b *testing.B) {
	b.Error("broken at N =", b.N)
}

func TestInBenchFile(t *testing.T) {
	t.Log("ran")
}
