package sqlfuncs

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Spark's xpath functions over a subset of XPath 1.0: location paths of
// child steps (name, *, text(), @name, . and ..), absolute or relative to
// the document, with // for descendants; wrapped at most once in sum(),
// count(), string(), number(), boolean() or not(). Anything else fails
// with UNSUPPORTED_FEATURE rather than answering differently.

// xnode is a node of a parsed document.
type xnode struct {
	kind     byte // 'd' document, 'e' element, 't' text, 'a' attribute
	order    int  // position in document order
	name     string
	text     string // of a text or attribute node
	parent   *xnode
	children []*xnode // elements and text, in order
	attrs    []*xnode
}

// stringValue is XPath's string-value: the text of every text descendant.
func (n *xnode) stringValue() string {
	if n.kind == 't' || n.kind == 'a' {
		return n.text
	}
	var sb strings.Builder
	for _, c := range n.children {
		sb.WriteString(c.stringValue())
	}
	return sb.String()
}

func parseXML(s string) (*xnode, error) {
	doc := &xnode{kind: 'd'}
	cur := doc
	order := 0
	next := func() int { order++; return order }
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, sparkErr("INVALID_XML", "22023", "Invalid XML: %s", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &xnode{kind: 'e', name: t.Name.Local, parent: cur, order: next()}
			for _, a := range t.Attr {
				e.attrs = append(e.attrs, &xnode{kind: 'a', name: a.Name.Local, text: a.Value, parent: e, order: next()})
			}
			cur.children = append(cur.children, e)
			cur = e
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			if cur != doc {
				cur.children = append(cur.children, &xnode{kind: 't', text: string(t), parent: cur, order: next()})
			}
		}
	}
	return doc, nil
}

func xpathUnsupported(path string) error {
	return sparkErr("UNSUPPORTED_FEATURE", "0A000",
		"The feature is not supported: the XPath expression %q (the local warehouse evaluates location paths, optionally in sum, count, string, number, boolean or not).", path)
}

// selectPath evaluates a location path from the document.
func selectPath(doc *xnode, path string) ([]*xnode, error) {
	p := strings.TrimSpace(path)
	if p == "/" {
		return []*xnode{doc}, nil
	}
	if p == "" {
		return nil, xpathUnsupported(path)
	}
	nodes := []*xnode{doc}
	for first := true; p != ""; first = false {
		descendants := false
		switch {
		case strings.HasPrefix(p, "//"):
			descendants, p = true, p[2:]
		case strings.HasPrefix(p, "/"):
			p = p[1:]
		case !first:
			return nil, xpathUnsupported(path)
		}
		i := strings.IndexByte(p, '/')
		if i < 0 {
			i = len(p)
		}
		step := strings.TrimSpace(p[:i])
		p = p[i:]
		if step == "" {
			return nil, xpathUnsupported(path)
		}
		if descendants {
			var all []*xnode
			for _, n := range nodes {
				all = appendSelfAndDescendants(all, n)
			}
			nodes = all
		}
		var err error
		if nodes, err = applyStep(nodes, step, path); err != nil {
			return nil, err
		}
		// A node set is in document order, each node once.
		slices.SortFunc(nodes, func(a, b *xnode) int { return a.order - b.order })
		nodes = slices.CompactFunc(nodes, func(a, b *xnode) bool { return a == b })
	}
	return nodes, nil
}

func appendSelfAndDescendants(out []*xnode, n *xnode) []*xnode {
	out = append(out, n)
	for _, c := range n.children {
		if c.kind == 'e' {
			out = appendSelfAndDescendants(out, c)
		}
	}
	return out
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		later := i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9')
		if !letter && !later {
			return false
		}
	}
	return true
}

func applyStep(nodes []*xnode, step, path string) ([]*xnode, error) {
	var out []*xnode
	for _, n := range nodes {
		switch {
		case step == ".":
			out = append(out, n)
		case step == "..":
			if n.parent != nil {
				out = append(out, n.parent)
			}
		case step == "text()":
			for _, c := range n.children {
				if c.kind == 't' {
					out = append(out, c)
				}
			}
		case step == "*" || isName(step):
			for _, c := range n.children {
				if c.kind == 'e' && (step == "*" || c.name == step) {
					out = append(out, c)
				}
			}
		case strings.HasPrefix(step, "@") && (step == "@*" || isName(step[1:])):
			for _, a := range n.attrs {
				if step == "@*" || a.name == step[1:] {
					out = append(out, a)
				}
			}
		default:
			return nil, xpathUnsupported(path)
		}
	}
	return out, nil
}

// xvalue is the result of an expression: a node set or a number, string
// or boolean.
type xvalue struct {
	nodes []*xnode
	isSet bool
	num   float64
	str   string
	kind  byte // 'n' number, 's' string, 'b' boolean (in num: 0 or 1), 0 node set
}

func evalXPath(xmlText, path string) (xvalue, error) {
	doc, err := parseXML(xmlText)
	if err != nil {
		return xvalue{}, err
	}
	expr := strings.TrimSpace(path)
	fn, arg := "", expr
	if i := strings.IndexByte(expr, '('); i > 0 && strings.HasSuffix(expr, ")") && isName(expr[:i]) && expr[:i] != "text" {
		fn, arg = expr[:i], expr[i+1:len(expr)-1]
	}
	nodes, err := selectPath(doc, arg)
	if err != nil {
		return xvalue{}, err
	}
	set := xvalue{nodes: nodes, isSet: true}
	switch fn {
	case "":
		return set, nil
	case "sum":
		s := 0.0
		for _, n := range nodes {
			s += toXNumber(n.stringValue())
		}
		return xvalue{kind: 'n', num: s}, nil
	case "count":
		return xvalue{kind: 'n', num: float64(len(nodes))}, nil
	case "string":
		return xvalue{kind: 's', str: set.asString()}, nil
	case "number":
		return xvalue{kind: 'n', num: set.asNumber()}, nil
	case "boolean", "not":
		b := len(nodes) > 0
		if fn == "not" {
			b = !b
		}
		return xvalue{kind: 'b', num: map[bool]float64{true: 1}[b]}, nil
	}
	return xvalue{}, xpathUnsupported(path)
}

func toXNumber(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || strings.ContainsAny(s, "eEnNxX") && !strings.Contains(strings.ToLower(s), "infinity") {
		return math.NaN()
	}
	return f
}

func (v xvalue) asString() string {
	switch v.kind {
	case 'n':
		if v.num == math.Trunc(v.num) && !math.IsInf(v.num, 0) {
			return strconv.FormatFloat(v.num, 'f', -1, 64)
		}
		return strconv.FormatFloat(v.num, 'g', -1, 64)
	case 's':
		return v.str
	case 'b':
		return strconv.FormatBool(v.num != 0)
	}
	if len(v.nodes) == 0 {
		return ""
	}
	return v.nodes[0].stringValue()
}

func (v xvalue) asNumber() float64 {
	if v.kind == 'n' || v.kind == 'b' {
		return v.num
	}
	return toXNumber(v.asString())
}

func (v xvalue) asBool() bool {
	switch v.kind {
	case 'n', 'b':
		return v.num != 0 && v.num == v.num
	case 's':
		return v.str != ""
	}
	return len(v.nodes) > 0
}

// javaLong is Java's (long) of a double: NaN 0, truncated, saturated.
func javaLong(f float64) int64 {
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// javaInt is Java's (int) of a double.
func javaInt(f float64) int32 {
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}

func init() {
	xp := func(name, result string, conv func(v xvalue) any) Func {
		return Func{Name: name, Args: []string{"VARCHAR", "VARCHAR"}, Result: result, Eval: func(a []any) (any, error) {
			v, err := evalXPath(a[0].(string), a[1].(string))
			if err != nil {
				return nil, err
			}
			return conv(v), nil
		}}
	}
	register(
		xp("sl_xpath", "VARCHAR[]", func(v xvalue) any {
			if !v.isSet {
				return nil
			}
			out := make([]any, len(v.nodes))
			for i, n := range v.nodes {
				if n.kind == 't' || n.kind == 'a' {
					out[i] = n.text
				}
			}
			return out
		}),
		xp("sl_xpath_string", "VARCHAR", func(v xvalue) any { return v.asString() }),
		xp("sl_xpath_boolean", "BOOLEAN", func(v xvalue) any { return v.asBool() }),
		xp("sl_xpath_double", "DOUBLE", func(v xvalue) any { return v.asNumber() }),
		xp("sl_xpath_float", "FLOAT", func(v xvalue) any { return float32(v.asNumber()) }),
		xp("sl_xpath_long", "BIGINT", func(v xvalue) any { return javaLong(v.asNumber()) }),
		xp("sl_xpath_int", "INTEGER", func(v xvalue) any { return javaInt(v.asNumber()) }),
		// Java's (short) of the (int): wraps; the front end casts it.
		xp("sl_xpath_short", "INTEGER", func(v xvalue) any { return int32(int16(javaInt(v.asNumber()))) }), //nolint:gosec // Java's wrap
	)
}
