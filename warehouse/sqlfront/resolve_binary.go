package sqlfront

import "strconv"

// This file types the string functions Spark also defines on BINARY
// values (length, startswith, left, substr, lpad, reverse, btrim, …): DuckDB
// has no BLOB form of most of them, so the generator writes them on the
// bytes' hex digits, two a byte, and turns the result back into bytes with
// unhex. It also tells arrays and maps from strings where DuckDB's form
// differs (reverse of an array, size of a map).

// binaryCalls are the functions typed here, which the generator writes
// wherever they stand (see nodeInfo.standalone).
var binaryCalls = map[string]bool{}

func init() {
	for _, name := range []string{"length", "len", "char_length", "character_length", "octet_length", "bit_length",
		"startswith", "endswith", "contains", "left", "substr", "substring", "lpad", "rpad",
		"reverse", "btrim", "size", "cardinality", "overlay"} {
		binaryCalls[name] = true
	}
	typedCalls["array"] = func(*resolver, *callExpr) sparkType { return sparkType{kind: tArray} }
	typedCalls["map"] = func(*resolver, *callExpr) sparkType { return sparkType{kind: tMap} }
	typedCalls["reverse"] = func(rv *resolver, c *callExpr) sparkType {
		if len(c.args) == 1 && (rv.isBinaryArg(c, 0) || rv.typeOf(c.args[0]).kind == tArray) {
			return rv.typeOf(c.args[0])
		}
		return unknownType
	}
	typedCalls["btrim"] = func(rv *resolver, c *callExpr) sparkType {
		for i := range c.args {
			if !rv.isBinaryArg(c, i) {
				return unknownType
			}
		}
		if len(c.args) == 1 || len(c.args) == 2 {
			return stringType // Spark trims the bytes as UTF-8 text
		}
		return unknownType
	}
	sizeType := func(rv *resolver, c *callExpr) sparkType {
		if len(c.args) == 1 && rv.typeOf(c.args[0]).kind == tMap {
			return intType
		}
		return unknownType
	}
	typedCalls["size"], typedCalls["cardinality"] = sizeType, sizeType
	typedCalls["overlay"] = func(rv *resolver, c *callExpr) sparkType {
		if len(c.args) < 3 || len(c.args) > 4 || !rv.isBinaryArg(c, 0) || !rv.isBinaryArg(c, 1) {
			return unknownType
		}
		for _, a := range c.args[2:] {
			if _, ok := intLiteral(a); !ok {
				return unknownType
			}
		}
		if pos, _ := intLiteral(c.args[2]); pos < 1 {
			return unknownType
		}
		return sparkType{kind: tBinary}
	}
	for _, name := range []string{"length", "len", "char_length", "character_length", "octet_length", "bit_length"} {
		typedCalls[name] = binaryLengthType
	}
	for _, name := range []string{"startswith", "endswith", "contains"} {
		typedCalls[name] = binaryPredicateType
	}
	for _, name := range []string{"left", "substr", "substring", "lpad", "rpad"} {
		typedCalls[name] = binaryPartType
	}
	typedCalls["encode"] = func(rv *resolver, c *callExpr) sparkType {
		if len(c.args) == 2 {
			return sparkType{kind: tBinary}
		}
		return unknownType
	}
	typedCalls["unhex"] = func(rv *resolver, c *callExpr) sparkType {
		if len(c.args) == 1 {
			return sparkType{kind: tBinary}
		}
		return unknownType
	}
}

// isBinaryArg tells whether argument i of c is a BINARY value.
func (rv *resolver) isBinaryArg(c *callExpr, i int) bool {
	return i < len(c.args) && rv.typeOf(c.args[i]).kind == tBinary
}

// binaryLengthType: the lengths of a BINARY value are INT.
func binaryLengthType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) == 1 && rv.isBinaryArg(c, 0) {
		return intType
	}
	return unknownType
}

// binaryPredicateType: startswith, endswith and contains of two BINARY
// values, and contains of a string and a NULL, which DuckDB cannot choose
// an overload for, are BOOLEAN.
func binaryPredicateType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) != 2 {
		return unknownType
	}
	a, b := rv.typeOf(c.args[0]), rv.typeOf(c.args[1])
	switch {
	case a.kind == tBinary && b.kind == tBinary:
		return booleanType
	case c.name == "contains" && (a.kind == tString || a.kind == tVoid) && (b.kind == tString || b.kind == tVoid) && a != b:
		return booleanType
	}
	return unknownType
}

// binaryPartType: left, substr, substring, lpad and rpad of a BINARY value
// with literal positions and lengths are BINARY.
func binaryPartType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) < 2 || len(c.args) > 3 || !rv.isBinaryArg(c, 0) {
		return unknownType
	}
	if _, ok := intLiteral(c.args[1]); !ok {
		return unknownType
	}
	switch c.name {
	case "left":
		if len(c.args) != 2 {
			return unknownType
		}
	case "substr", "substring":
		if pos, _ := intLiteral(c.args[1]); pos < 1 {
			return unknownType // Spark counts 0 and negative positions otherwise
		}
		if len(c.args) == 3 {
			if _, ok := intLiteral(c.args[2]); !ok {
				return unknownType
			}
		}
	case "lpad", "rpad":
		if len(c.args) == 3 && !rv.isBinaryArg(c, 2) {
			return unknownType
		}
	}
	return sparkType{kind: tBinary}
}

// binaryCall writes the calls typed in this file; ok is false for the
// other calls.
func (g *sqlGen) binaryCall(c *callExpr) (string, bool) {
	hex := func(i int) string { return "hex(" + g.gen(c.args[i]) + ")" }
	lit := func(i int) int { v, _ := intLiteral(c.args[i]); return v }
	switch c.name {
	case "length", "len", "char_length", "character_length", "octet_length":
		return "CAST(octet_length(" + g.gen(c.args[0]) + ") AS INT)", true
	case "bit_length":
		return "CAST(octet_length(" + g.gen(c.args[0]) + ") * 8 AS INT)", true
	case "startswith":
		return "starts_with(" + hex(0) + ", " + hex(1) + ")", true
	case "endswith":
		return "ends_with(" + hex(0) + ", " + hex(1) + ")", true
	case "contains":
		if g.rv.isBinaryArg(c, 0) {
			// At a byte boundary: an even number of hex digits before.
			return "regexp_matches(" + hex(0) + ", '^(..)*' || " + hex(1) + ")", true
		}
		return "contains(" + g.as(c.args[0], stringType) + ", " + g.as(c.args[1], stringType) + ")", true
	case "left":
		return "unhex(substr(" + hex(0) + ", 1, " + strconv.Itoa(2*max(lit(1), 0)) + "))", true
	case "substr", "substring":
		from := strconv.Itoa(2*lit(1) - 1)
		if len(c.args) == 3 {
			return "unhex(substr(" + hex(0) + ", " + from + ", " + strconv.Itoa(2*max(lit(2), 0)) + "))", true
		}
		return "unhex(substr(" + hex(0) + ", " + from + "))", true
	case "reverse":
		if g.rv.isBinaryArg(c, 0) {
			return "unhex(array_to_string(list_reverse(regexp_extract_all(" + hex(0) + ", '..')), ''))", true
		}
		return "list_reverse(" + g.gen(c.args[0]) + ")", true
	case "btrim":
		if len(c.args) == 2 {
			return "trim(decode(" + g.gen(c.args[0]) + "), decode(" + g.gen(c.args[1]) + "))", true
		}
		return "trim(decode(" + g.gen(c.args[0]) + "))", true
	case "overlay":
		// The bytes before pos, the replacement, the bytes after the
		// len replaced (the replacement's length when len is negative).
		pos, n := lit(2), -1
		if len(c.args) == 4 {
			n = lit(3)
		}
		skip := strconv.Itoa(2*(pos-1)) + " + 2 * " + strconv.Itoa(n) + " + 1"
		if n < 0 {
			skip = strconv.Itoa(2*(pos-1)) + " + length(" + hex(1) + ") + 1"
		}
		return "unhex(substr(" + hex(0) + ", 1, " + strconv.Itoa(2*(pos-1)) + ") || " + hex(1) +
			" || substr(" + hex(0) + ", " + skip + "))", true
	case "size", "cardinality":
		return "CAST(cardinality(" + g.gen(c.args[0]) + ") AS INT)", true
	case "lpad", "rpad":
		pad := "'00'" // Spark pads BINARY with zero bytes
		if len(c.args) == 3 {
			pad = hex(2)
		}
		return "unhex(" + c.name + "(" + hex(0) + ", " + strconv.Itoa(2*max(lit(1), 0)) + ", " + pad + "))", true
	}
	return "", false
}
