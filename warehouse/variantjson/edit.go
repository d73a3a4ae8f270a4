package variantjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// decode reads one JSON value, numbers kept as text.
func decode(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("variantjson: %w", err)
	}
	return v, nil
}

// encode writes v compactly, object keys sorted, no HTML escaping.
func encode(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("variantjson: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// mode is what an edit does at the end of its path.
type mode int

const (
	modeSet    mode = iota // replace or add
	modeInsert             // add; an existing key fails
	modeAppend             // append to the array there
	modeDelete             // remove
)

// edit applies one edit; create makes the objects and arrays a path needs
// (set without createIfMissing and delete/append leave a missing path alone).
type edit struct {
	mode   mode
	create bool
	value  any
}

// apply returns node with the edit made at steps; changed is false when
// the path led nowhere and nothing was done.
func (e edit) apply(node any, steps []step) (any, error) {
	if len(steps) == 0 {
		switch e.mode {
		case modeSet:
			return e.value, nil
		case modeAppend:
			arr, ok := node.([]any)
			if !ok {
				return nil, fmt.Errorf("%w: not an array", ErrShape)
			}
			return append(arr, e.value), nil
		}
		return nil, fmt.Errorf("%w: the whole value", ErrShape)
	}
	s, last := steps[0], len(steps) == 1
	if s.isKey {
		obj, ok := node.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: key %q of a non-object", ErrShape, s.key)
		}
		child, exists := obj[s.key]
		switch {
		case last && e.mode == modeDelete:
			delete(obj, s.key)
			return obj, nil
		case last && e.mode == modeInsert:
			if exists {
				return nil, fmt.Errorf("%w: key %q exists", ErrShape, s.key)
			}
			obj[s.key] = e.value
			return obj, nil
		case !exists && !e.create:
			return obj, nil
		case !exists:
			child = e.empty(steps[1:])
		}
		out, err := e.apply(child, steps[1:])
		if err != nil {
			return nil, err
		}
		obj[s.key] = out
		return obj, nil
	}
	arr, ok := node.([]any)
	if !ok {
		return nil, fmt.Errorf("%w: index %d of a non-array", ErrShape, s.index)
	}
	if last && e.mode == modeDelete {
		if s.index < len(arr) {
			arr = append(arr[:s.index], arr[s.index+1:]...)
		}
		return arr, nil
	}
	if last && e.mode == modeInsert {
		for len(arr) < s.index {
			arr = append(arr, nil)
		}
		arr = append(arr, nil)
		copy(arr[s.index+1:], arr[s.index:])
		arr[s.index] = e.value
		return arr, nil
	}
	if s.index >= len(arr) {
		if !e.create {
			return arr, nil
		}
		for len(arr) < s.index {
			arr = append(arr, nil)
		}
		arr = append(arr, e.empty(steps[1:]))
	}
	out, err := e.apply(arr[s.index], steps[1:])
	if err != nil {
		return nil, err
	}
	arr[s.index] = out
	return arr, nil
}

// empty is the container a missing element on the path starts as: an
// object before a key, an array before an index, nothing at the end.
func (e edit) empty(rest []step) any {
	switch {
	case len(rest) == 0:
		return nil
	case rest[0].isKey:
		return map[string]any{}
	}
	return []any{}
}

// run decodes v and value, makes the edit at path and encodes the result.
func run(v, path, value string, e edit) (string, error) {
	steps, err := parsePath(path)
	if err != nil {
		return "", err
	}
	node, err := decode(v)
	if err != nil {
		return "", err
	}
	if e.mode != modeDelete {
		if e.value, err = decode(value); err != nil {
			return "", err
		}
	}
	out, err := e.apply(node, steps)
	if err != nil {
		return "", err
	}
	return encode(out)
}

// Set is variant_set(v, path, value, createIfMissing): value (JSON) at
// path, replacing what is there; a missing path is made when create is
// set (objects, arrays padded with nulls), else v is returned unchanged.
func Set(v, path, value string, create bool) (string, error) {
	return run(v, path, value, edit{mode: modeSet, create: create})
}

// Insert is variant_insert(v, path, value): value added at path, an array
// element shifting the rest; a key that exists fails with ErrShape.
func Insert(v, path, value string) (string, error) {
	return run(v, path, value, edit{mode: modeInsert, create: true})
}

// ArrayAppend is variant_array_append(v, path, value): value appended to
// the array at path; v unchanged when the path leads nowhere, ErrShape
// when it leads to something else than an array.
func ArrayAppend(v, path, value string) (string, error) {
	return run(v, path, value, edit{mode: modeAppend})
}

// Delete is variant_delete(v, paths…): each path removed in turn; paths
// that lead nowhere are skipped.
func Delete(v string, paths []string) (string, error) {
	node, err := decode(v)
	if err != nil {
		return "", err
	}
	for _, p := range paths {
		steps, err := parsePath(p)
		if err != nil {
			return "", err
		}
		out, err := edit{mode: modeDelete}.apply(node, steps)
		if err != nil {
			continue // a path through a scalar leads nowhere
		}
		node = out
	}
	return encode(node)
}

// StripNulls is variant_strip_nulls(v, recursive): object fields and array
// elements that are JSON null removed, at every depth when recursive.
func StripNulls(v string, recursive bool) (string, error) {
	node, err := decode(v)
	if err != nil {
		return "", err
	}
	return encode(strip(node, recursive))
}

func strip(node any, recursive bool) any {
	switch n := node.(type) {
	case map[string]any:
		for k, c := range n {
			if c == nil {
				delete(n, k)
			} else if recursive {
				n[k] = strip(c, true)
			}
		}
	case []any:
		out := n[:0]
		for _, c := range n {
			if c == nil {
				continue
			}
			if recursive {
				c = strip(c, true)
			}
			out = append(out, c)
		}
		return out
	}
	return node
}
