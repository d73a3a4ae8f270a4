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

//export sealaneSetOption
func sealaneSetOption(priv *unsafe.Pointer, key, value *C.cchar_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOption", &code)
	b, opts, code := optionTarget(priv, e, "SetOption")
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		return setPending(b, str(key), str(value))
	}
	return fail(e, opts.SetOption(str(key), str(value)))
}

//export sealaneSetOptionBytes
func sealaneSetOptionBytes(priv *unsafe.Pointer, key *C.cchar_t, value *C.cuint8_t, n C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOptionBytes", &code)
	b, opts, code := optionTarget(priv, e, "SetOptionBytes")
	v := C.GoBytes(unsafe.Pointer(value), C.int(n))
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		return setPending(b, str(key), string(v))
	}
	return fail(e, opts.SetOptionBytes(str(key), v))
}

//export sealaneSetOptionInt
func sealaneSetOptionInt(priv *unsafe.Pointer, key *C.cchar_t, value C.int64_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOptionInt", &code)
	b, opts, code := optionTarget(priv, e, "SetOptionInt")
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		return setPending(b, str(key), strconv.FormatInt(int64(value), 10))
	}
	return fail(e, opts.SetOptionInt(str(key), int64(value)))
}

//export sealaneSetOptionDouble
func sealaneSetOptionDouble(priv *unsafe.Pointer, key *C.cchar_t, value C.double, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SetOptionDouble", &code)
	b, opts, code := optionTarget(priv, e, "SetOptionDouble")
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		return setPending(b, str(key), strconv.FormatFloat(float64(value), 'g', -1, 64))
	}
	return fail(e, opts.SetOptionDouble(str(key), float64(value)))
}

//export sealaneGetOption
func sealaneGetOption(priv *unsafe.Pointer, key *C.cchar_t, out *C.char, n *C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "GetOption", &code)
	b, opts, code := optionTarget(priv, e, "GetOption")
	var v string
	var err error
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		if v, code = getPending(b, str(key), e); code != C.ADBC_STATUS_OK {
			return code
		}
	default:
		if v, err = opts.GetOption(str(key)); err != nil {
			return fail(e, err)
		}
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
	b, opts, code := optionTarget(priv, e, "GetOptionBytes")
	var v []byte
	var err error
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		s, code := getPending(b, str(key), e)
		if code != C.ADBC_STATUS_OK {
			return code
		}
		v = []byte(s)
	default:
		if v, err = opts.GetOptionBytes(str(key)); err != nil {
			return fail(e, err)
		}
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
	b, opts, code := optionTarget(priv, e, "GetOptionInt")
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		s, code := getPending(b, str(key), e)
		if code != C.ADBC_STATUS_OK {
			return code
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return failf(e, adbc.StatusInvalidState, "option %q is not an integer: %q", str(key), s)
		}
		*out = C.int64_t(v)
		return C.ADBC_STATUS_OK
	}
	v, err := opts.GetOptionInt(str(key))
	if err != nil {
		return fail(e, err)
	}
	*out = C.int64_t(v)
	return C.ADBC_STATUS_OK
}

//export sealaneGetOptionDouble
func sealaneGetOptionDouble(priv *unsafe.Pointer, key *C.cchar_t, out *C.double, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "GetOptionDouble", &code)
	b, opts, code := optionTarget(priv, e, "GetOptionDouble")
	switch {
	case code != C.ADBC_STATUS_OK:
		return code
	case b != nil:
		s, code := getPending(b, str(key), e)
		if code != C.ADBC_STATUS_OK {
			return code
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return failf(e, adbc.StatusInvalidState, "option %q is not a number: %q", str(key), s)
		}
		*out = C.double(v)
		return C.ADBC_STATUS_OK
	}
	v, err := opts.GetOptionDouble(str(key))
	if err != nil {
		return fail(e, err)
	}
	*out = C.double(v)
	return C.ADBC_STATUS_OK
}
