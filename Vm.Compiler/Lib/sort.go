// Package sort: sorting slices and user-defined collections, in Go.
package sort

type Interface interface {
	Len() int
	Less(i, j int) bool
	Swap(i, j int)
}

func insertionSort(data Interface, a, b int) {
	for i := a + 1; i < b; i++ {
		for j := i; j > a && data.Less(j, j-1); j-- {
			data.Swap(j, j-1)
		}
	}
}

func siftDown(data Interface, lo, hi, first int) {
	root := lo
	for {
		child := 2*root + 1
		if child >= hi {
			return
		}
		if child+1 < hi && data.Less(first+child, first+child+1) {
			child++
		}
		if !data.Less(first+root, first+child) {
			return
		}
		data.Swap(first+root, first+child)
		root = child
	}
}

func heapSort(data Interface, a, b int) {
	first := a
	lo := 0
	hi := b - a
	for i := (hi - 1) / 2; i >= 0; i-- {
		siftDown(data, i, hi, first)
	}
	for i := hi - 1; i >= 0; i-- {
		data.Swap(first, first+i)
		siftDown(data, lo, i, first)
	}
}

// Sort sorts data (not stable).
func Sort(data Interface) {
	n := data.Len()
	if n < 12 {
		insertionSort(data, 0, n)
		return
	}
	heapSort(data, 0, n)
}

// Stable sorts data keeping the order of equal elements (insertion sort).
func Stable(data Interface) { insertionSort(data, 0, data.Len()) }

func IsSorted(data Interface) bool {
	n := data.Len()
	for i := n - 1; i > 0; i-- {
		if data.Less(i, i-1) {
			return false
		}
	}
	return true
}

type reverse struct{ Interface }

func (r reverse) Less(i, j int) bool { return r.Interface.Less(j, i) }

func Reverse(data Interface) Interface { return &reverse{data} }

type IntSlice []int

func (x IntSlice) Len() int           { return len(x) }
func (x IntSlice) Less(i, j int) bool { return x[i] < x[j] }
func (x IntSlice) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }
func (x IntSlice) Sort()              { Sort(x) }

type StringSlice []string

func (x StringSlice) Len() int           { return len(x) }
func (x StringSlice) Less(i, j int) bool { return x[i] < x[j] }
func (x StringSlice) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }
func (x StringSlice) Sort()              { Sort(x) }

type Float64Slice []float64

func (x Float64Slice) Len() int           { return len(x) }
func (x Float64Slice) Less(i, j int) bool { return x[i] < x[j] }
func (x Float64Slice) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }

func Ints(x []int)         { Sort(IntSlice(x)) }
func Strings(x []string)   { Sort(StringSlice(x)) }
func Float64s(x []float64) { Sort(Float64Slice(x)) }

func IntsAreSorted(x []int) bool       { return IsSorted(IntSlice(x)) }
func StringsAreSorted(x []string) bool { return IsSorted(StringSlice(x)) }

// Search uses binary search to find the smallest index i in [0, n) at which f(i) is true.
func Search(n int, f func(int) bool) int {
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if !f(h) {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}

func SearchInts(a []int, x int) int { return Search(len(a), func(i int) bool { return a[i] >= x }) }
func SearchStrings(a []string, x string) int {
	return Search(len(a), func(i int) bool { return a[i] >= x })
}

func slicelen(x interface{}) int
func sliceswap(x interface{}, i, j int)

type funcSorter struct {
	x    interface{}
	n    int
	less func(i, j int) bool
}

func (f *funcSorter) Len() int           { return f.n }
func (f *funcSorter) Less(i, j int) bool { return f.less(i, j) }
func (f *funcSorter) Swap(i, j int)      { sliceswap(f.x, i, j) }

func sliceSorter(x interface{}, less func(i, j int) bool) *funcSorter {
	n := slicelen(x)
	if n < 0 {
		panic("sort: Slice called with a non-slice value")
	}
	return &funcSorter{x, n, less}
}

// Slice sorts the slice x given the provided less function (not stable).
func Slice(x interface{}, less func(i, j int) bool) { Sort(sliceSorter(x, less)) }

// SliceStable sorts x keeping equal elements in their original order.
func SliceStable(x interface{}, less func(i, j int) bool) { Stable(sliceSorter(x, less)) }

// SliceIsSorted reports whether x is sorted according to less.
func SliceIsSorted(x interface{}, less func(i, j int) bool) bool { return IsSorted(sliceSorter(x, less)) }
