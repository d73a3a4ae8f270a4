package sqlfront

import (
	"fmt"
	"strings"
)

// rewriteBinaryLiterals turns the Databricks binary literals X'0A0B' and
// X"0A0B" (hex digits; an odd count gets a leading 0) into DuckDB BLOB
// literals, CAST('\x0A\x0B' AS BLOB). A literal holding anything but hex
// digits fails with ErrSyntax, as on Databricks.
func (r *rewriter) rewriteBinaryLiterals() error {
	for i := 0; i+1 < len(r.toks); i++ {
		t, lit := r.tok(i), r.tok(i+1)
		if !t.isKeyword("X") || (lit.kind != tokString && lit.kind != tokQuotedIdent) {
			continue
		}
		digits := lit.text[1 : len(lit.text)-1]
		if !isHexRun(digits, 0, len(digits)) {
			return fmt.Errorf("%w: invalid binary literal %s%s at offset %d: only hexadecimal digits are allowed",
				ErrSyntax, t.text, lit.text, t.pos)
		}
		if len(digits)%2 == 1 {
			digits = "0" + digits
		}
		var b strings.Builder
		b.WriteString(`CAST('`)
		for j := 0; j < len(digits); j += 2 {
			b.WriteString(`\x`)
			b.WriteString(strings.ToUpper(digits[j : j+2]))
		}
		b.WriteString(`' AS BLOB)`)
		r.out[i] = b.String()
		r.dropped[i+1] = true
		i++
	}
	return nil
}
