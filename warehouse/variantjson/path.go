package variantjson

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrPath is the cause of a path that is not a VARIANT path ($, .key,
// ['key'], [index]).
var ErrPath = errors.New("variantjson: invalid variant path")

// ErrShape is the cause of an edit whose path meets a value of the wrong
// kind (a key into an array, an index into a scalar) or an insert where a
// value already is.
var ErrShape = errors.New("variantjson: path does not fit the value")

// step is one segment of a path: an object key or an array index.
type step struct {
	key   string
	index int
	isKey bool
}

// parsePath reads $ followed by .key, ['key'], ["key"] or [n] segments.
func parsePath(p string) ([]step, error) {
	if !strings.HasPrefix(p, "$") {
		return nil, fmt.Errorf("%w: %q", ErrPath, p)
	}
	var out []step
	for i := 1; i < len(p); {
		switch p[i] {
		case '.':
			j := i + 1
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i+1 {
				return nil, fmt.Errorf("%w: %q", ErrPath, p)
			}
			out = append(out, step{key: p[i+1 : j], isKey: true})
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("%w: %q", ErrPath, p)
			}
			in := p[i+1 : i+end]
			switch {
			case len(in) >= 2 && (in[0] == '\'' || in[0] == '"') && in[len(in)-1] == in[0]:
				out = append(out, step{key: in[1 : len(in)-1], isKey: true})
			default:
				n, err := strconv.Atoi(in)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("%w: %q", ErrPath, p)
				}
				out = append(out, step{index: n})
			}
			i += end + 1
		default:
			return nil, fmt.Errorf("%w: %q", ErrPath, p)
		}
	}
	return out, nil
}
