// Package echo describes user-supplied values and names for error messages
// without ever quoting a secret: the kernel's DSN parser and the ADBC option
// table (adbcdriver/options) share it.
package echo

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxValue is the longest value an error message quotes. Databricks
// personal access tokens, OAuth client secrets and Azure tokens are all
// longer, so a value that holds one (a token pasted into the wrong
// parameter, a DSN with a stray '?') is described by its length instead.
const MaxValue = 16

// Value describes a user-supplied value for an error message: quoted
// when it is short enough that it cannot hold a token or secret, else by
// its length only.
func Value(v string) string {
	if len(v) <= MaxValue {
		return strconv.Quote(v)
	}
	return fmt.Sprintf("a value of %d bytes (not shown)", len(v))
}

// Name describes a parameter or option name for an error message. A
// name can be a misplaced secret too ("?dapi…" with the key forgotten), so
// it is quoted only when it looks like a name: letters, digits and ._-, and
// either at most 16 bytes or, up to 64, without digits (tokens and secrets
// carry digits; names such as cloudFetchMemoryBudget do not). Otherwise it
// is described by its length.
func Name(name string) string {
	if IsName(name) && (len(name) <= MaxValue || (len(name) <= 64 && !strings.ContainsAny(name, "0123456789"))) {
		return strconv.Quote(name)
	}
	return fmt.Sprintf("a name of %d bytes (not shown)", len(name))
}

// MayBeSecret reports whether s could be a token or client secret, which
// no error message may quote: longer than MaxValue (up to 200 bytes),
// made of the URL-safe bytes tokens use (name bytes and ~), with a digit
// among them — dapi tokens, OAuth secrets and JWTs all are. The DSN and
// option fuzz tests plant such values and check no error text holds one.
func MayBeSecret(s string) bool {
	if len(s) <= MaxValue || len(s) > 200 || !strings.ContainsAny(s, "0123456789") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) && s[i] != '~' {
			return false
		}
	}
	return true
}

// IsName reports whether s is made of name bytes (letters, digits, ._-).
func IsName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) {
			return false
		}
	}
	return true
}

// nameByte reports whether c can be part of a parameter or option name.
func nameByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return c == '.' || c == '_' || c == '-'
}
