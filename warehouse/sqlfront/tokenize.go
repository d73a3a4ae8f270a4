package sqlfront

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/sealane/sealane/internal/sqlmarkers"
)

// tokenKind is the lexical class of a token.
type tokenKind uint8

const (
	tokSpace         tokenKind = iota // run of whitespace
	tokLineComment                    // -- up to (not including) the end of the line
	tokBlockComment                   // /* ... */, possibly nested
	tokString                         // '...' or "..." with Spark backslash escapes
	tokRawString                      // r'...' or r"...": no escape processing
	tokQuotedIdent                    // a DuckDB "..." identifier (never lexed: Spark reads "..." as a string)
	tokBacktickIdent                  // `...` with `` for a backtick
	tokNumber                         // numeric literal, including Spark suffixes such as 1L
	tokWord                           // identifier or keyword
	tokPositional                     // ?
	tokNamed                          // :name
	tokPunct                          // any other single byte
)

// MaxTextBytes is the longest text Classify and Translate accept; offsets
// are stored in 32 bits so that a token costs 12 bytes.
const MaxTextBytes = math.MaxInt32

// lexeme is the stored form of a token: its kind and where its text lies
// in the input. A statement of n bytes holds at most n lexemes, so the
// front end's memory stays a small multiple of its input.
type lexeme struct {
	pos, end int32
	kind     tokenKind
}

// tokenList is an input and its lexemes, in order; the concatenation of the
// texts of all of them is the input itself.
type tokenList struct {
	src string
	lx  []lexeme
}

// len returns the number of tokens.
func (l tokenList) len() int { return len(l.lx) }

// at returns token i.
func (l tokenList) at(i int) token { return view(l.src, l.lx[i]) }

// view returns the token lx of src.
func view(src string, lx lexeme) token {
	return token{kind: lx.kind, text: src[lx.pos:lx.end], pos: int(lx.pos)}
}

// token is one lexeme as the rewrites see it: built on demand from a
// lexeme, its text a substring of the input (no copy).
type token struct {
	kind tokenKind
	text string // exact source text
	pos  int    // byte offset of text in the input
}

// value returns the token's decoded value: the contents of a string
// literal, the name of an identifier or :name marker, the text for the
// rest. Only string literals with escapes and identifiers with doubled
// quotes allocate.
func (t token) value() string {
	switch t.kind {
	case tokString:
		return decodeString(t.text)
	case tokRawString:
		return t.text[2 : len(t.text)-1]
	case tokQuotedIdent, tokBacktickIdent:
		q := t.text[:1]
		inner := t.text[1 : len(t.text)-1]
		if !strings.Contains(inner, q) {
			return inner
		}
		return strings.ReplaceAll(inner, q+q, q)
	case tokNamed:
		return t.text[1:]
	}
	return t.text
}

// end returns the offset just past the token.
func (t token) end() int { return t.pos + len(t.text) }

// significant reports whether the token is neither whitespace nor a comment.
func (t token) significant() bool { return t.kind.significant() }

// significant reports whether the kind is neither whitespace nor a comment.
func (k tokenKind) significant() bool {
	return k != tokSpace && k != tokLineComment && k != tokBlockComment
}

// isIdent reports whether the token can name something: a word, a
// double-quoted identifier or a backtick identifier.
func (t token) isIdent() bool { return t.kind.isIdent() }

func (k tokenKind) isIdent() bool {
	return k == tokWord || k == tokQuotedIdent || k == tokBacktickIdent
}

// isKeyword reports whether the token is the bare word kw, ignoring case.
func (t token) isKeyword(kw string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

// isPunct reports whether the token is the punctuation byte c.
func (t token) isPunct(c byte) bool {
	return t.kind == tokPunct && t.text[0] == c
}

// isStringLit reports whether the token is a string literal (escaped or raw).
func (t token) isStringLit() bool {
	return t.kind == tokString || t.kind == tokRawString
}

// tokenize splits src into tokens. It fails, wrapping ErrSyntax, only on an
// unterminated string, identifier or block comment, and wrapping ErrTooLong
// on text longer than MaxTextBytes.
//
// It lexes twice, first counting and then storing, so that the lexemes take
// exactly 12 bytes each and nothing is allocated but their slice.
func tokenize(src string) (tokenList, error) {
	if len(src) > MaxTextBytes {
		return tokenList{}, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLong, len(src), MaxTextBytes)
	}
	n := 0
	if err := lexTokens(src, func(tokenKind, int, int) { n++ }); err != nil {
		return tokenList{}, err
	}
	lx := make([]lexeme, 0, n)
	_ = lexTokens(src, func(kind tokenKind, start, end int) {
		lx = append(lx, lexeme{pos: int32(start), end: int32(end), kind: kind})
	})
	return tokenList{src: src, lx: lx}, nil
}

// lexTokens calls emit with the kind and extent of each token of src in order.
func lexTokens(src string, emit func(kind tokenKind, start, end int)) error {
	lastKind, lastEnd := tokSpace, -1
	markers := markerCursor{s: sqlmarkers.NewScanner(src)}
	for i := 0; i < len(src); {
		start := i
		c := src[i]
		kind := tokPunct
		var err error
		switch {
		case isSpace(c):
			for i < len(src) && isSpace(src[i]) {
				i++
			}
			kind = tokSpace
		case c == '-' && peekByte(src, i+1) == '-':
			if n := strings.IndexByte(src[i:], '\n'); n >= 0 {
				i += n
			} else {
				i = len(src)
			}
			kind = tokLineComment
		case c == '/' && peekByte(src, i+1) == '*':
			i, err = scanBlockComment(src, i)
			kind = tokBlockComment
		case c == '\'' || c == '"':
			// Spark (without spark.sql.ansi.doubleQuotedIdentifiers, as on
			// Databricks SQL) reads "..." as a string literal, like '...'.
			i, err = scanString(src, i)
			kind = tokString
		case (c == 'r' || c == 'R') && (peekByte(src, i+1) == '\'' || peekByte(src, i+1) == '"'):
			// Words are consumed whole, so this r starts a word: a raw string.
			i, err = scanRawString(src, i)
			kind = tokRawString
		case c == '`':
			i, err = scanDoubled(src, i, '`', "backtick identifier")
			kind = tokBacktickIdent
		case isDigit(c) || (c == '.' && isDigit(peekByte(src, i+1)) && !followsName(src, lastKind, lastEnd, i)):
			i = scanNumber(src, i)
			kind = tokNumber
		case isWordStart(c):
			for i < len(src) && isWordByte(src[i]) {
				i++
			}
			kind = tokWord
		case c == '?' || c == ':':
			// The kernel's lexer decides what is a marker.
			if m, ok := markers.at(i); ok {
				i, kind = m.End, tokPositional
				if m.Named() {
					kind = tokNamed
				}
			} else {
				i++
			}
		default:
			i++
		}
		if err != nil {
			return err
		}
		emit(kind, start, i)
		lastKind, lastEnd = kind, i
	}
	return nil
}

// markerCursor walks the markers internal/sqlmarkers finds in a statement
// (the kernel's lexer) alongside the tokenizer.
type markerCursor struct {
	s    *sqlmarkers.Scanner
	next sqlmarkers.Marker
	ok   bool
	read bool
}

// at returns the marker starting at offset i, if there is one; i only grows
// from call to call.
func (c *markerCursor) at(i int) (sqlmarkers.Marker, bool) {
	if !c.read {
		c.next, c.ok = c.s.Next()
		c.read = true
	}
	for c.ok && c.next.Pos < i {
		c.next, c.ok = c.s.Next()
	}
	return c.next, c.ok && c.next.Pos == i
}

// scanBlockComment returns the offset just past the (possibly nested) block
// comment starting at i.
func scanBlockComment(src string, i int) (int, error) {
	depth := 0
	for j := i; j < len(src); {
		switch {
		case src[j] == '/' && peekByte(src, j+1) == '*':
			depth++
			j += 2
		case src[j] == '*' && peekByte(src, j+1) == '/':
			depth--
			j += 2
			if depth == 0 {
				return j, nil
			}
		default:
			n := strings.IndexAny(src[j+1:], "/*")
			if n < 0 {
				j = len(src)
			} else {
				j += 1 + n
			}
		}
	}
	return 0, &PositionError{Pos: i, Msg: "unterminated block comment"}
}

// scanString returns the offset just past the Spark string literal
// starting at the quote (' or ") at i; a doubled quote stands for one. A
// backslash escapes the byte after it (the longer escapes of decodeEscape
// continue with hex or octal digits, never a quote).
func scanString(src string, i int) (int, error) {
	q := src[i]
	for j := i + 1; j < len(src); {
		switch c := src[j]; {
		case c == q && peekByte(src, j+1) == q:
			j += 2
		case c == q:
			return j + 1, nil
		case c == '\\' && j+1 < len(src):
			j += 2
		default:
			j++
		}
	}
	return 0, &PositionError{Pos: i, Msg: "unterminated string literal"}
}

// decodeString returns the value of the complete Spark string literal lit
// (quotes included); it allocates only when lit holds an escape or a
// doubled quote.
func decodeString(lit string) string {
	q := lit[0]
	inner := lit[1 : len(lit)-1]
	if strings.IndexByte(inner, '\\') < 0 && strings.IndexByte(inner, q) < 0 {
		return inner
	}
	var b strings.Builder
	b.Grow(len(inner))
	for j := 0; j < len(inner); {
		switch c := inner[j]; {
		case c == q:
			b.WriteByte(q) // doubled: the lexer saw to it
			j += 2
		case c == '\\' && j+1 < len(inner):
			j += decodeEscape(&b, inner, j)
		default:
			b.WriteByte(c)
			j++
		}
	}
	return b.String()
}

// decodeEscape decodes the escape sequence starting with the backslash at
// src[j] (which is followed by at least one byte), appends its value to b and
// returns the number of bytes consumed. It follows Spark's unescapeSQLString.
func decodeEscape(b *strings.Builder, src string, j int) int {
	c := src[j+1]
	switch {
	case c == 'u' && isHexRun(src, j+2, 4):
		b.WriteRune(hexRune(src[j+2 : j+6]))
		return 6
	case c == 'U' && isHexRun(src, j+2, 8):
		b.WriteRune(hexRune(src[j+2 : j+10]))
		return 10
	case (c == '0' || c == '1') && isOctal(peekByte(src, j+2)) && isOctal(peekByte(src, j+3)):
		b.WriteRune(rune(c-'0')<<6 | rune(src[j+2]-'0')<<3 | rune(src[j+3]-'0'))
		return 4
	}
	switch c {
	case '0':
		b.WriteByte(0)
	case 'b':
		b.WriteByte('\b')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'Z':
		b.WriteByte(0x1a)
	case '%', '_':
		b.WriteByte('\\') // kept escaped for LIKE, as Spark does
		b.WriteByte(c)
	default:
		b.WriteByte(c) // the rest of a multi-byte rune follows as plain bytes
	}
	return 2
}

// scanRawString returns the offset just past the raw string r'...' or
// r"..." starting at i. Raw strings have no escapes.
func scanRawString(src string, i int) (int, error) {
	quote := src[i+1]
	n := strings.IndexByte(src[i+2:], quote)
	if n < 0 {
		return 0, &PositionError{Pos: i, Msg: "unterminated raw string literal"}
	}
	return i + 3 + n, nil
}

// scanDoubled returns the offset just past the quoted identifier starting
// at i, in which a doubled quote stands for one.
func scanDoubled(src string, i int, quote byte, what string) (int, error) {
	for j := i + 1; j < len(src); j++ {
		if src[j] != quote {
			continue
		}
		if peekByte(src, j+1) != quote {
			return j + 1, nil
		}
		j++
	}
	return 0, &PositionError{Pos: i, Msg: "unterminated " + what}
}

// scanNumber returns the offset just past the numeric literal starting at i:
// digits, an optional fraction, an optional exponent and any suffix letters.
func scanNumber(src string, i int) int {
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	if peekByte(src, i) == '.' {
		i++
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if e := peekByte(src, i); e == 'e' || e == 'E' {
		j := i + 1
		if s := peekByte(src, j); s == '+' || s == '-' {
			j++
		}
		if isDigit(peekByte(src, j)) {
			i = j
			for i < len(src) && isDigit(src[i]) {
				i++
			}
		}
	}
	for i < len(src) && isWordByte(src[i]) {
		i++
	}
	return i
}

// followsName reports whether the last token (of kind lastKind, ending at
// lastEnd) ends exactly at offset i and is something a '.' can qualify, so
// that ".5" there is a dot and a number.
func followsName(src string, lastKind tokenKind, lastEnd, i int) bool {
	if lastEnd != i {
		return false
	}
	return lastKind.isIdent() || lastKind == tokNumber ||
		(lastKind == tokPunct && (src[i-1] == ')' || src[i-1] == ']'))
}

func peekByte(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isOctal(c byte) bool { return '0' <= c && c <= '7' }

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isIdentStart reports whether c can start an identifier (and so a :name
// marker). Bytes of multi-byte UTF-8 sequences count as letters.
func isIdentStart(c byte) bool { return isLetter(c) || c == '_' || c >= utf8.RuneSelf }

// isWordStart reports whether c starts a word; '$' does too, so that DuckDB
// markers such as $name read as one word.
func isWordStart(c byte) bool { return isIdentStart(c) || c == '$' }

// isWordByte reports whether c can continue a word.
func isWordByte(c byte) bool { return isWordStart(c) || isDigit(c) }

func isHexRun(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for _, c := range []byte(s[i : i+n]) {
		if !isDigit(c) && ('a' > c|0x20 || c|0x20 > 'f') {
			return false
		}
	}
	return true
}

func hexRune(h string) rune {
	var r rune
	for _, c := range []byte(h) {
		r <<= 4
		if isDigit(c) {
			r |= rune(c - '0')
		} else {
			r |= rune(c|0x20-'a') + 10
		}
	}
	return r
}

// CountTokens returns the number of significant tokens (neither whitespace
// nor comments) in sql, allocating nothing; the error is the one Translate
// would report for text that cannot be tokenized. The warehouse uses it to
// refuse statements whose parse would cost the engine more memory than it
// allows, before anything is built from their text.
func CountTokens(sql string) (int, error) {
	if len(sql) > MaxTextBytes {
		return 0, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLong, len(sql), MaxTextBytes)
	}
	n := 0
	err := lexTokens(sql, func(kind tokenKind, _, _ int) {
		if kind.significant() {
			n++
		}
	})
	return n, err
}
