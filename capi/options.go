package main

// #include "sealane_adbc.h"
import "C"

import (
	"strconv"
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
)

// The option functions serve databases, connections and statements alike:
// the C shim passes the address of the object's private_data. Before Init,
// options are collected as strings (typed values formatted) and handed to
// the driver at Init; afterwards they go to the Go object's
// adbc.GetSetOptions methods.

// optionTarget resolves priv for an option call: either the pending map
// (before Init) or the live object's option interface.
func optionTarget(priv *unsafe.Pointer, e *C.struct_AdbcError, fn string) (*base, adbc.GetSetOptions, C.AdbcStatusCode) {
	o := lookup(priv)
	if o == nil {
		return nil, nil, failf(e, adbc.StatusInvalidState, "%s: the object is not allocated (call New first)", fn)
	}
	b := o.core()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pending != nil {
		return b, nil, C.ADBC_STATUS_OK
	}
	opts, ok := b.live.(adbc.GetSetOptions)
	if !ok {
		return nil, nil, failf(e, adbc.StatusNotImplemented, "%s: options are not supported", fn)
	}
	return nil, opts, C.ADBC_STATUS_OK
}

// setPending records an option set before Init.
func setPending(b *base, key, value string) C.AdbcStatusCode {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pending != nil {
		b.pending[key] = value
	}
	return C.ADBC_STATUS_OK
}

// getPending reads an option set before Init.
func getPending(b *base, key string, e *C.struct_AdbcError) (string, C.AdbcStatusCode) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.pending[key]
	if !ok {
		return "", failf(e, adbc.StatusNotFound, "option %q is not set", key)
	}
	return v, C.ADBC_STATUS_OK
}

// setTyped applies one typed option: kept as text before Init, handed to
// the object's typed setter afterwards.
func setTyped[T any](priv *unsafe.Pointer, e *C.struct_AdbcError, fn, key string, v T,
	text func(T) string, set func(adbc.GetSetOptions, string, T) error) C.AdbcStatusCode {
	b, opts, code := optionTarget(priv, e, fn)
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		return setPending(b, key, text(v))
	}
	return fail(e, set(opts, key, v))
}

// getTyped reads one typed option: parsed from its text before Init, from
// the object's typed getter afterwards. what names the type in errors.
func getTyped[T any](priv *unsafe.Pointer, e *C.struct_AdbcError, fn, key, what string,
	parse func(string) (T, error), get func(adbc.GetSetOptions, string) (T, error)) (T, C.AdbcStatusCode) {
	var zero T
	b, opts, code := optionTarget(priv, e, fn)
	switch {
	case code != C.ADBC_STATUS_OK:
		return zero, code
	case b != nil:
		s, code := getPending(b, key, e)
		if code != C.ADBC_STATUS_OK {
			return zero, code
		}
		v, err := parse(s)
		if err != nil {
			return zero, failf(e, adbc.StatusInvalidState, "option %q is not %s: %q", key, what, s)
		}
		return v, C.ADBC_STATUS_OK
	}
	v, err := get(opts, key)
	if err != nil {
		return zero, fail(e, err)
	}
	return v, C.ADBC_STATUS_OK
}

func identity(s string) string                                  { return s }
func parseString(s string) (string, error)                      { return s, nil }
func parseBytes(s string) ([]byte, error)                       { return []byte(s), nil }
func parseInt(s string) (int64, error)                          { return strconv.ParseInt(s, 10, 64) }
func parseDouble(s string) (float64, error)                     { return strconv.ParseFloat(s, 64) }
func formatInt(v int64) string                                  { return strconv.FormatInt(v, 10) }
func formatDouble(v float64) string                             { return strconv.FormatFloat(v, 'g', -1, 64) }
func setString(o adbc.GetSetOptions, k, v string) error         { return o.SetOption(k, v) }
func setBytes(o adbc.GetSetOptions, k string, v []byte) error   { return o.SetOptionBytes(k, v) }
func setInt(o adbc.GetSetOptions, k string, v int64) error      { return o.SetOptionInt(k, v) }
func setDouble(o adbc.GetSetOptions, k string, v float64) error { return o.SetOptionDouble(k, v) }
func getString(o adbc.GetSetOptions, k string) (string, error)  { return o.GetOption(k) }
func getBytes(o adbc.GetSetOptions, k string) ([]byte, error)   { return o.GetOptionBytes(k) }
func getInt(o adbc.GetSetOptions, k string) (int64, error)      { return o.GetOptionInt(k) }
func getDouble(o adbc.GetSetOptions, k string) (float64, error) { return o.GetOptionDouble(k) }

//export sealaneSetOption
func sealaneSetOption(priv *unsafe.Pointer, key, value *C.cchar_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOption", &code)
	return setTyped(priv, e, "SetOption", str(key), str(value), identity, setString)
}

//export sealaneSetOptionBytes
func sealaneSetOptionBytes(priv *unsafe.Pointer, key *C.cchar_t, value *C.cuint8_t, n C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOptionBytes", &code)
	v := C.GoBytes(unsafe.Pointer(value), C.int(n))
	return setTyped(priv, e, "SetOptionBytes", str(key), v, func(b []byte) string { return string(b) }, setBytes)
}

//export sealaneSetOptionInt
func sealaneSetOptionInt(priv *unsafe.Pointer, key *C.cchar_t, value C.int64_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOptionInt", &code)
	return setTyped(priv, e, "SetOptionInt", str(key), int64(value), formatInt, setInt)
}

//export sealaneSetOptionDouble
func sealaneSetOptionDouble(priv *unsafe.Pointer, key *C.cchar_t, value C.double, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOptionDouble", &code)
	return setTyped(priv, e, "SetOptionDouble", str(key), float64(value), formatDouble, setDouble)
}

//export sealaneGetOption
func sealaneGetOption(priv *unsafe.Pointer, key *C.cchar_t, out *C.char, n *C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "GetOption", &code)
	v, code := getTyped(priv, e, "GetOption", str(key), "a string", parseString, getString)
	if code != C.ADBC_STATUS_OK {
		return code
	}
	// ADBC: copy when it fits (with the NUL), always report the length.
	if need := C.size_t(len(v) + 1); need <= *n {
		dst := unsafe.Slice((*byte)(unsafe.Pointer(out)), need)
		copy(dst, v)
		dst[len(v)] = 0
	}
	*n = C.size_t(len(v) + 1)
	return C.ADBC_STATUS_OK
}

//export sealaneGetOptionBytes
func sealaneGetOptionBytes(priv *unsafe.Pointer, key *C.cchar_t, out *C.uint8_t, n *C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "GetOptionBytes", &code)
	v, code := getTyped(priv, e, "GetOptionBytes", str(key), "bytes", parseBytes, getBytes)
	if code != C.ADBC_STATUS_OK {
		return code
	}
	if C.size_t(len(v)) <= *n && len(v) > 0 {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(out)), len(v)), v)
	}
	*n = C.size_t(len(v))
	return C.ADBC_STATUS_OK
}

//export sealaneGetOptionInt
func sealaneGetOptionInt(priv *unsafe.Pointer, key *C.cchar_t, out *C.int64_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "GetOptionInt", &code)
	if str(key) == OptionStatementPrivateData {
		if _, ok := lookup(priv).(*statement); ok {
			*out = C.int64_t(uintptr(*priv))
			return C.ADBC_STATUS_OK
		}
	}
	v, code := getTyped(priv, e, "GetOptionInt", str(key), "an integer", parseInt, getInt)
	if code == C.ADBC_STATUS_OK {
		*out = C.int64_t(v)
	}
	return code
}

//export sealaneGetOptionDouble
func sealaneGetOptionDouble(priv *unsafe.Pointer, key *C.cchar_t, out *C.double, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "GetOptionDouble", &code)
	v, code := getTyped(priv, e, "GetOptionDouble", str(key), "a number", parseDouble, getDouble)
	if code == C.ADBC_STATUS_OK {
		*out = C.double(v)
	}
	return code
}
