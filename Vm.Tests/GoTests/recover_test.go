package x

import "testing"

var trace []string

func note(s string) { trace = append(trace, s) }

// A recovered panic inside the test does not fail it.
func TestRecovered(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Logf("recovered: %v", r)
		}
	}()
	var a []int
	_ = a[3]
}

// FailNow runs the deferred calls of every frame, newest first, and recover() cannot stop it.
func TestFailNowUnwinds(t *testing.T) {
	defer func() {
		note("test")
		if r := recover(); r != nil {
			t.Error("recover stopped FailNow")
		}
		t.Logf("trace %v", trace)
	}()
	level1(t)
	t.Error("unreached")
}

func level1(t *testing.T) {
	defer note("level1")
	level2(t)
	note("after level2")
}

func level2(t *testing.T) {
	defer note("level2a")
	defer note("level2b")
	t.FailNow()
}

// The next test runs normally after a FailNow.
func TestNextRuns(t *testing.T) {
	if t.Failed() {
		t.Error("fresh test starts failed")
	}
	t.Logf("name %s skipped %v", t.Name(), t.Skipped())
}

func TestSkipNow(t *testing.T) {
	defer t.Log("deferred after SkipNow")
	t.SkipNow()
}
