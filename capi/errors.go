package main

// #include <stdlib.h>
// #include <string.h>
// #include "sealane_adbc.h"
//
// static void sealaneCallRelease(struct AdbcError* e) { if (e->release) e->release(e); }
import "C"

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
)

// fail writes err into e (when e is not NULL) and returns its status: the
// adbc.Error's code, or ADBC_STATUS_UNKNOWN for other errors. A nil err is
// ADBC_STATUS_OK and leaves e alone.
func fail(e *C.struct_AdbcError, err error) C.AdbcStatusCode {
	if err == nil {
		return C.ADBC_STATUS_OK
	}
	var ae adbc.Error
	if !errors.As(err, &ae) {
		ae = adbc.Error{Code: adbc.StatusUnknown, Msg: err.Error()}
	}
	if ae.Code == adbc.StatusOK {
		ae.Code = adbc.StatusUnknown
	}
	writeError(e, ae)
	return C.AdbcStatusCode(ae.Code)
}

// failf writes a formatted error with the status into e.
func failf(e *C.struct_AdbcError, code adbc.Status, format string, args ...any) C.AdbcStatusCode {
	return fail(e, adbc.Error{Code: code, Msg: "sealane adbc: " + fmt.Sprintf(format, args...)})
}

// writeError fills e: message, SQLSTATE, vendor code and, when the caller
// asked for ADBC 1.1.0 errors, the details (behind private_data).
func writeError(e *C.struct_AdbcError, ae adbc.Error) {
	if e == nil {
		return
	}
	C.sealaneCallRelease(e)
	e.message = C.CString(ae.Msg)
	for i := range 5 {
		e.sqlstate[i] = C.char(ae.SqlState[i])
	}
	e.release = (*[0]byte)(C.sealaneReleaseError)
	if e.vendor_code != C.ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA {
		// An ADBC 1.0.0 error: private_data may not even exist.
		if ae.VendorCode != C.ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA {
			e.vendor_code = C.int32_t(ae.VendorCode)
		}
		return
	}
	e.private_data = nil
	if len(ae.Details) > 0 {
		e.private_data = unsafe.Pointer(newDetails(ae.Details))
	}
}

// newDetails copies the details into C memory, freed by sealaneReleaseError.
func newDetails(details []adbc.ErrorDetail) *C.struct_SealaneErrorDetails {
	n := len(details)
	d := (*C.struct_SealaneErrorDetails)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_SealaneErrorDetails{}))))
	d.count = C.int(n)
	ptr := C.size_t(unsafe.Sizeof(uintptr(0)))
	d.keys = (**C.char)(C.calloc(C.size_t(n), ptr))
	d.values = (**C.uint8_t)(C.calloc(C.size_t(n), ptr))
	d.lengths = (*C.size_t)(C.calloc(C.size_t(n), C.size_t(unsafe.Sizeof(C.size_t(0)))))
	keys := unsafe.Slice(d.keys, n)
	values := unsafe.Slice(d.values, n)
	lengths := unsafe.Slice(d.lengths, n)
	for i, det := range details {
		keys[i] = C.CString(det.Key())
		b, err := det.Serialize()
		if err != nil {
			b = []byte(err.Error())
		}
		values[i] = (*C.uint8_t)(C.CBytes(b))
		lengths[i] = C.size_t(len(b))
	}
	return d
}
