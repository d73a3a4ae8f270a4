package sqlfuncs

import (
	"math"
	"slices"
	"unicode/utf16"
)

// approx_top_k's order. Spark counts items with Apache DataSketches'
// frequent-items sketch and lists them by count, equal counts in the order
// its hash table iterates. This file replays that table (linear probing on
// the MurmurHash3 finaliser of the item's Java hashCode, doubling from 8
// slots at a 0.75 load, iterated with a golden-ratio stride) over exact
// counts, so ties come out in Spark's order. It does not purge: past
// Spark's maxItemsTracked the counts here stay exact where Spark's become
// estimates.

func init() {
	// sl_topk_positions(list(item), k): [first position (1-based), count]
	// of the k most frequent items, NULLs skipped.
	register(Func{Name: "sl_topk_positions", Args: []string{"ANY", "INTEGER"}, Result: "BIGINT[][]",
		Eval: func(a []any) (any, error) {
			items, _ := a[0].([]any)
			return TopKPositions(items, int(a[1].(int32)))
		}})
}

// javaHashCode is the hashCode Java gives the boxed item.
func javaHashCode(v any) (int32, error) {
	switch x := v.(type) {
	case int8:
		return int32(x), nil
	case int16:
		return int32(x), nil
	case int32:
		return x, nil
	case int64:
		return int32(x ^ int64(uint64(x)>>32)), nil //nolint:gosec // Long.hashCode
	case bool:
		if x {
			return 1231, nil
		}
		return 1237, nil
	case float32:
		if x != x {
			return 0x7fc00000, nil
		}
		return int32(math.Float32bits(x)), nil //nolint:gosec // Float.hashCode
	case float64:
		b := math.Float64bits(x)
		if x != x {
			b = 0x7ff8000000000000
		}
		return int32(b ^ b>>32), nil //nolint:gosec // Double.hashCode
	case string:
		var h int32
		for _, u := range utf16.Encode([]rune(x)) {
			h = 31*h + int32(u)
		}
		return h, nil
	}
	return 0, typeErr("approx_top_k", v)
}

func fmix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	return k ^ k>>33
}

// topkTable is DataSketches' ReversePurgeItemHashMap, keyed by an item's
// index in the distinct items.
type topkTable struct {
	slots []int // item index + 1; 0 is empty
	hash  []int32
	n     int
}

func (t *topkTable) put(item int) {
	mask := len(t.slots) - 1
	i := int(fmix64(uint64(int64(t.hash[item])))) & mask //nolint:gosec // Java's (int) of the long, then & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = item + 1
	t.n++
	if t.n > len(t.slots)*3/4 {
		old := t.slots
		t.slots = make([]int, 2*len(old))
		t.n = 0
		for _, s := range old {
			if s != 0 {
				t.put(s - 1)
			}
		}
	}
}

// TopKPositions lists the k most frequent items as [first position, count]
// pairs, ties in the order Spark's sketch lists them.
func TopKPositions(items []any, k int) ([]any, error) {
	if k <= 0 {
		return nil, sparkErr("APPROX_TOP_K_NON_POSITIVE_ARG", "22023", "The value of k in approx_top_k must be positive, but got %d.", k)
	}
	index := map[any]int{}
	var first []int
	var counts []int64
	t := &topkTable{slots: make([]int, 8)}
	for pos, v := range items {
		if v == nil {
			continue
		}
		if b, ok := v.([]byte); ok {
			v = string(b) // comparable; hashed as a string
		}
		i, seen := index[v]
		if !seen {
			h, err := javaHashCode(v)
			if err != nil {
				return nil, err
			}
			i = len(first)
			index[v] = i
			first = append(first, pos+1)
			counts = append(counts, 0)
			t.hash = append(t.hash, h)
			t.put(i)
		}
		counts[i]++
	}
	stride := int(float64(len(t.slots))*((math.Sqrt(5)-1)/2)) | 1
	mask := len(t.slots) - 1
	order := make([]int, 0, len(first))
	for i, seen := -stride, 0; seen < len(first); {
		i = (i + stride) & mask
		if t.slots[i] != 0 {
			order = append(order, t.slots[i]-1)
			seen++
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case counts[a] > counts[b]:
			return -1
		case counts[a] < counts[b]:
			return 1
		}
		return 0
	})
	out := make([]any, 0, min(k, len(order)))
	for _, i := range order[:min(k, len(order))] {
		out = append(out, []any{int64(first[i]), counts[i]})
	}
	return out, nil
}
