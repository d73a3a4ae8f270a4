package tcli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/thrift/lib/go/thrift"
)

// The codec maps Go structs to Thrift structs by field tags:
//
//	Field T `thrift:"ID"`      written always (required fields, and
//	                           optional scalars carrying a value)
//	Field T `thrift:"ID,opt"`  written only when not nil (pointers,
//	                           slices, maps)
//
// Go kinds map to Thrift types: bool BOOL, int8 BYTE, int16 I16, int32 (and
// named int32 enums) I32, int64 I64, float64 DOUBLE, string STRING, []byte
// STRING (binary), struct or *struct STRUCT, slice LIST, map MAP. A pointer
// to a scalar is an optional scalar. Unions are structs whose fields are
// all pointers. Reading skips fields the type does not declare, and fields
// whose wire type differs from the declared one, as Thrift readers do.

// ErrDecode marks a message the codec could not read.
var ErrDecode = errors.New("tcli: decode")

// maxDepth bounds nesting while reading, as Thrift's Skip does.
const maxDepth = 64

type fieldInfo struct {
	id    int16
	index int
	opt   bool
	ttype thrift.TType
}

type structInfo struct {
	fields []fieldInfo
	// byID maps an id to the positions in fields declaring it: one id may
	// be declared once per wire type (a request type shared by several
	// calls whose field 5 is a string in one and a list in another).
	byID map[int16][]int
}

var infos sync.Map // reflect.Type → *structInfo

var bytesType = reflect.TypeFor[[]byte]()

func ttypeOf(t reflect.Type) thrift.TType {
	if t == bytesType {
		return thrift.STRING
	}
	switch t.Kind() {
	case reflect.Bool:
		return thrift.BOOL
	case reflect.Int8:
		return thrift.BYTE
	case reflect.Int16:
		return thrift.I16
	case reflect.Int32:
		return thrift.I32
	case reflect.Int64:
		return thrift.I64
	case reflect.Float64:
		return thrift.DOUBLE
	case reflect.String:
		return thrift.STRING
	case reflect.Struct:
		return thrift.STRUCT
	case reflect.Pointer:
		return ttypeOf(t.Elem())
	case reflect.Slice:
		return thrift.LIST
	case reflect.Map:
		return thrift.MAP
	}
	panic(fmt.Sprintf("tcli: no Thrift type for %s", t))
}

func infoOf(t reflect.Type) *structInfo {
	if v, ok := infos.Load(t); ok {
		return v.(*structInfo)
	}
	si := &structInfo{byID: map[int16][]int{}}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("thrift")
		if !ok {
			continue
		}
		idText, rest, _ := strings.Cut(tag, ",")
		id, err := strconv.ParseInt(idText, 0, 16)
		if err != nil {
			panic(fmt.Sprintf("tcli: %s.%s: bad field id %q", t, f.Name, idText))
		}
		fi := fieldInfo{id: int16(id), index: i, opt: rest == "opt" || f.Type.Kind() == reflect.Pointer, ttype: ttypeOf(f.Type)}
		si.byID[fi.id] = append(si.byID[fi.id], len(si.fields))
		si.fields = append(si.fields, fi)
	}
	v, _ := infos.LoadOrStore(t, si)
	return v.(*structInfo)
}

// WriteStruct writes v, a struct or a pointer to one, as a Thrift struct.
func WriteStruct(ctx context.Context, p thrift.TProtocol, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	return writeStruct(ctx, p, rv)
}

func writeStruct(ctx context.Context, p thrift.TProtocol, rv reflect.Value) error {
	si := infoOf(rv.Type())
	if err := p.WriteStructBegin(ctx, rv.Type().Name()); err != nil {
		return err
	}
	for _, fi := range si.fields {
		fv := rv.Field(fi.index)
		if fi.opt && fv.IsNil() {
			continue
		}
		if err := p.WriteFieldBegin(ctx, "", fi.ttype, fi.id); err != nil {
			return err
		}
		if err := writeValue(ctx, p, fv); err != nil {
			return err
		}
		if err := p.WriteFieldEnd(ctx); err != nil {
			return err
		}
	}
	if err := p.WriteFieldStop(ctx); err != nil {
		return err
	}
	return p.WriteStructEnd(ctx)
}

func writeValue(ctx context.Context, p thrift.TProtocol, v reflect.Value) error {
	if v.Type() == bytesType {
		return p.WriteBinary(ctx, v.Bytes())
	}
	switch v.Kind() {
	case reflect.Bool:
		return p.WriteBool(ctx, v.Bool())
	case reflect.Int8:
		return p.WriteByte(ctx, int8(v.Int()))
	case reflect.Int16:
		return p.WriteI16(ctx, int16(v.Int()))
	case reflect.Int32:
		return p.WriteI32(ctx, int32(v.Int()))
	case reflect.Int64:
		return p.WriteI64(ctx, v.Int())
	case reflect.Float64:
		return p.WriteDouble(ctx, v.Float())
	case reflect.String:
		return p.WriteString(ctx, v.String())
	case reflect.Struct:
		return writeStruct(ctx, p, v)
	case reflect.Pointer:
		if v.IsNil() {
			return writeValue(ctx, p, reflect.Zero(v.Type().Elem()))
		}
		return writeValue(ctx, p, v.Elem())
	case reflect.Slice:
		if err := p.WriteListBegin(ctx, ttypeOf(v.Type().Elem()), v.Len()); err != nil {
			return err
		}
		for i := range v.Len() {
			if err := writeValue(ctx, p, v.Index(i)); err != nil {
				return err
			}
		}
		return p.WriteListEnd(ctx)
	case reflect.Map:
		t := v.Type()
		if err := p.WriteMapBegin(ctx, ttypeOf(t.Key()), ttypeOf(t.Elem()), v.Len()); err != nil {
			return err
		}
		it := v.MapRange()
		for it.Next() {
			if err := writeValue(ctx, p, it.Key()); err != nil {
				return err
			}
			if err := writeValue(ctx, p, it.Value()); err != nil {
				return err
			}
		}
		return p.WriteMapEnd(ctx)
	}
	return fmt.Errorf("tcli: cannot write %s", v.Type())
}

// ReadStruct reads a Thrift struct into v, a pointer to a struct.
func ReadStruct(ctx context.Context, p thrift.TProtocol, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("tcli: ReadStruct needs a pointer to a struct, not %T", v)
	}
	if err := readStruct(ctx, p, rv.Elem(), maxDepth, newBudget(p)); err != nil {
		return fmt.Errorf("%w: %w", ErrDecode, err)
	}
	return nil
}

// A message's bytes bound what reading it may allocate. Without a bound,
// an element of a list costs one byte on the wire (an empty struct) and
// hundreds in memory (a Parameter), so a 64 MiB request would take tens of
// gigabytes. budget counts the Go values a read creates (list elements,
// map entries, optional values) against decodeFactor times the bytes left
// in the message when the read started, plus decodeSlack.
const (
	decodeFactor = 32
	decodeSlack  = 1 << 20
)

// errBudget reports a message whose decoded values outgrow its bytes.
var errBudget = errors.New("values larger than the message allows")

// budget is what a read may still allocate; nil when the transport does
// not know its length.
type budget struct{ left int64 }

func newBudget(p thrift.TProtocol) *budget {
	n := p.Transport().RemainingBytes()
	if n == ^uint64(0) || n > math.MaxInt64/decodeFactor {
		return nil
	}
	return &budget{left: int64(n)*decodeFactor + decodeSlack}
}

// spend charges n values of type t.
func (b *budget) spend(t reflect.Type, n int) error {
	if b == nil {
		return nil
	}
	if b.left -= int64(t.Size()) * int64(n); b.left < 0 {
		return errBudget
	}
	return nil
}

func readStruct(ctx context.Context, p thrift.TProtocol, rv reflect.Value, depth int, b *budget) error {
	if depth <= 0 {
		return errors.New("nesting too deep")
	}
	si := infoOf(rv.Type())
	if _, err := p.ReadStructBegin(ctx); err != nil {
		return err
	}
	for {
		_, wt, id, err := p.ReadFieldBegin(ctx)
		if err != nil {
			return err
		}
		if wt == thrift.STOP {
			break
		}
		k := -1
		for _, c := range si.byID[id] {
			if si.fields[c].ttype == wt {
				k = c
			}
		}
		if k < 0 {
			if err := thrift.Skip(ctx, p, wt, depth); err != nil {
				return err
			}
		} else if err := readValue(ctx, p, rv.Field(si.fields[k].index), depth-1, b); err != nil {
			return fmt.Errorf("%s field %d: %w", rv.Type().Name(), id, err)
		}
		if err := p.ReadFieldEnd(ctx); err != nil {
			return err
		}
	}
	return p.ReadStructEnd(ctx)
}

func readValue(ctx context.Context, p thrift.TProtocol, v reflect.Value, depth int, b *budget) error {
	if v.Type() == bytesType {
		b, err := p.ReadBinary(ctx)
		v.SetBytes(b)
		return err
	}
	switch v.Kind() {
	case reflect.Bool:
		b, err := p.ReadBool(ctx)
		v.SetBool(b)
		return err
	case reflect.Int8:
		n, err := p.ReadByte(ctx)
		v.SetInt(int64(n))
		return err
	case reflect.Int16:
		n, err := p.ReadI16(ctx)
		v.SetInt(int64(n))
		return err
	case reflect.Int32:
		n, err := p.ReadI32(ctx)
		v.SetInt(int64(n))
		return err
	case reflect.Int64:
		n, err := p.ReadI64(ctx)
		v.SetInt(n)
		return err
	case reflect.Float64:
		f, err := p.ReadDouble(ctx)
		v.SetFloat(f)
		return err
	case reflect.String:
		s, err := p.ReadString(ctx)
		v.SetString(s)
		return err
	case reflect.Struct:
		return readStruct(ctx, p, v, depth, b)
	case reflect.Pointer:
		if err := b.spend(v.Type().Elem(), 1); err != nil {
			return err
		}
		e := reflect.New(v.Type().Elem())
		if err := readValue(ctx, p, e.Elem(), depth, b); err != nil {
			return err
		}
		v.Set(e)
		return nil
	case reflect.Slice:
		et, n, err := p.ReadListBegin(ctx)
		if err != nil {
			return err
		}
		want := ttypeOf(v.Type().Elem())
		s := reflect.MakeSlice(v.Type(), 0, min(n, 1024))
		for range n {
			if et != want {
				if err := thrift.Skip(ctx, p, et, depth); err != nil {
					return err
				}
				continue
			}
			if err := b.spend(v.Type().Elem(), 4); err != nil { // 4: the element, and append copying as it grows
				return err
			}
			e := reflect.New(v.Type().Elem()).Elem()
			if err := readValue(ctx, p, e, depth, b); err != nil {
				return err
			}
			s = reflect.Append(s, e)
		}
		v.Set(s)
		return p.ReadListEnd(ctx)
	case reflect.Map:
		kt, vt, n, err := p.ReadMapBegin(ctx)
		if err != nil {
			return err
		}
		t := v.Type()
		ok := kt == ttypeOf(t.Key()) && vt == ttypeOf(t.Elem())
		m := reflect.MakeMapWithSize(t, min(n, 1024))
		for range n {
			if !ok {
				if err := thrift.Skip(ctx, p, kt, depth); err != nil {
					return err
				}
				if err := thrift.Skip(ctx, p, vt, depth); err != nil {
					return err
				}
				continue
			}
			if err := b.spend(t.Key(), 3); err != nil { // 3: the key, and the map growing
				return err
			}
			if err := b.spend(t.Elem(), 3); err != nil {
				return err
			}
			k := reflect.New(t.Key()).Elem()
			e := reflect.New(t.Elem()).Elem()
			if err := readValue(ctx, p, k, depth, b); err != nil {
				return err
			}
			if err := readValue(ctx, p, e, depth, b); err != nil {
				return err
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
		return p.ReadMapEnd(ctx)
	}
	return fmt.Errorf("cannot read %s", v.Type())
}
