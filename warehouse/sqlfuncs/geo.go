package sqlfuncs

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// Spatial values as Spark's st_* functions make them from WKB: here a
// BINARY of this package's own layout,
//
//	"SLG" | version 1 | 'M' (GEOMETRY) or 'G' (GEOGRAPHY) | SRID int32 LE | WKB
//
// with the WKB kept as given (checked when read in). st_asbinary writes
// it back in either byte order.

const geoMagic = "SLG\x01"

func init() {
	register(
		// sl_st_from_wkb(wkb, srid, 'geometry' | 'geography')
		Func{Name: "sl_st_from_wkb", Args: []string{"BLOB", "INTEGER", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			wkb := a[0].([]byte)
			if _, err := reencodeWKB(wkb, binary.LittleEndian); err != nil {
				return nil, err
			}
			kind := byte('M')
			if a[2].(string) == "geography" {
				kind = 'G'
			}
			out := append([]byte(geoMagic), kind)
			out = binary.LittleEndian.AppendUint32(out, uint32(a[1].(int32))) //nolint:gosec // bit pattern
			return append(out, wkb...), nil
		}},
		Func{Name: "sl_st_srid", Args: []string{"BLOB"}, Result: "INTEGER", Eval: func(a []any) (any, error) {
			_, srid, _, err := decodeGeo(a[0].([]byte))
			return srid, err
		}},
		Func{Name: "sl_st_setsrid", Args: []string{"BLOB", "INTEGER"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			b := a[0].([]byte)
			if _, _, _, err := decodeGeo(b); err != nil {
				return nil, err
			}
			out := append([]byte(nil), b...)
			binary.LittleEndian.PutUint32(out[len(geoMagic)+1:], uint32(a[1].(int32))) //nolint:gosec // bit pattern
			return out, nil
		}},
		// sl_st_asbinary(value, 'NDR' | 'XDR')
		Func{Name: "sl_st_asbinary", Args: []string{"BLOB", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			_, _, wkb, err := decodeGeo(a[0].([]byte))
			if err != nil {
				return nil, err
			}
			switch strings.ToUpper(a[1].(string)) {
			case "NDR":
				return reencodeWKB(wkb, binary.LittleEndian)
			case "XDR":
				return reencodeWKB(wkb, binary.BigEndian)
			}
			return nil, sparkErr("INVALID_PARAMETER_VALUE", "22023",
				"The value of parameter(s) `endianness` in `st_asbinary` is invalid: expected 'NDR' or 'XDR', got %q.", a[1])
		}},
	)
}

func decodeGeo(b []byte) (kind byte, srid int32, wkb []byte, err error) {
	if len(b) < len(geoMagic)+5 || string(b[:len(geoMagic)]) != geoMagic {
		return 0, 0, nil, sparkErr("INVALID_PARAMETER_VALUE", "22023",
			"The value is not a GEOMETRY or GEOGRAPHY made by this warehouse's st_ functions.")
	}
	n := len(geoMagic)
	return b[n], int32(binary.LittleEndian.Uint32(b[n+1:])), b[n+5:], nil //nolint:gosec // bit pattern
}

// byteOrder reads and appends in one byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func wkbErr(format string, args ...any) error {
	return sparkErr("WKB_PARSE_ERROR", "22023", "Error parsing WKB: %s", fmt.Sprintf(format, args...))
}

// reencodeWKB checks a WKB value (ISO Z/M dimensions included) and writes
// it in byte order to.
func reencodeWKB(b []byte, to byteOrder) ([]byte, error) {
	out, rest, err := wkbGeometry(b, to, nil, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, wkbErr("%d bytes after the geometry", len(rest))
	}
	return out, nil
}

func wkbGeometry(b []byte, to byteOrder, out []byte, depth int) ([]byte, []byte, error) {
	if depth > 32 {
		return nil, nil, wkbErr("geometries nested too deeply")
	}
	if len(b) < 5 {
		return nil, nil, wkbErr("unexpected end of input")
	}
	var from binary.ByteOrder
	switch b[0] {
	case 0:
		from = binary.BigEndian
	case 1:
		from = binary.LittleEndian
	default:
		return nil, nil, wkbErr("invalid byte order %d", b[0])
	}
	if to == byteOrder(binary.BigEndian) {
		out = append(out, 0)
	} else {
		out = append(out, 1)
	}
	typ := from.Uint32(b[1:])
	out = to.AppendUint32(out, typ)
	b = b[5:]
	dims := 2 + map[uint32]int{0: 0, 1: 1, 2: 1, 3: 2}[typ/1000]
	if typ/1000 > 3 {
		return nil, nil, wkbErr("unsupported geometry type %d", typ)
	}
	count := func() (int, error) {
		if len(b) < 4 {
			return 0, wkbErr("unexpected end of input")
		}
		n := from.Uint32(b)
		out = to.AppendUint32(out, n)
		b = b[4:]
		if int(n) > len(b) {
			return 0, wkbErr("count %d exceeds the input", n)
		}
		return int(n), nil
	}
	points := func(n int) error {
		if len(b) < n*dims*8 {
			return wkbErr("unexpected end of input")
		}
		for range n * dims {
			out = to.AppendUint64(out, from.Uint64(b))
			b = b[8:]
		}
		return nil
	}
	var err error
	switch typ % 1000 {
	case 1: // point
		err = points(1)
	case 2: // linestring
		var n int
		if n, err = count(); err == nil {
			err = points(n)
		}
	case 3: // polygon
		var rings int
		if rings, err = count(); err == nil {
			for range rings {
				var n int
				if n, err = count(); err != nil {
					break
				}
				if err = points(n); err != nil {
					break
				}
			}
		}
	case 4, 5, 6, 7: // multi-point, -linestring, -polygon, collection
		var n int
		if n, err = count(); err == nil {
			for range n {
				if out, b, err = wkbGeometry(b, to, out, depth+1); err != nil {
					break
				}
			}
		}
	default:
		err = wkbErr("unsupported geometry type %d", typ)
	}
	if err != nil {
		return nil, nil, err
	}
	return out, b, nil
}
