package sqlfront

import (
	"fmt"
	"strings"
)

// parser is a cursor over the significant tokens of one statement, used by
// Classify. A trailing run of ';' is not part of the statement.
type parser struct {
	src  string
	toks []lexeme // significant tokens
	pos  int      // index of the current token
}

// newParser returns a parser over the significant tokens of all, which it
// takes over: they are filtered in place, so that all is no longer usable.
func newParser(src string, all tokenList) *parser {
	p := &parser{src: src, toks: all.lx[:0]}
	for _, lx := range all.lx {
		if lx.kind.significant() {
			p.toks = append(p.toks, lx)
		}
	}
	for len(p.toks) > 0 && p.tok(len(p.toks)-1).isPunct(';') {
		p.toks = p.toks[:len(p.toks)-1]
	}
	return p
}

// tok returns significant token i.
func (p *parser) tok(i int) token { return view(p.src, p.toks[i]) }

// at returns the token n places ahead of the cursor, or a zero token (which
// matches no keyword, punctuation or name) past the end.
func (p *parser) at(n int) token {
	if i := p.pos + n; i >= 0 && i < len(p.toks) {
		return p.tok(i)
	}
	return token{kind: tokSpace, pos: len(p.src)}
}

func (p *parser) atEnd() bool { return p.pos >= len(p.toks) }

// keywordsAt reports whether the tokens starting n places ahead are the
// given keywords.
func (p *parser) keywordsAt(n int, kws ...string) bool {
	for i, kw := range kws {
		if !p.at(n + i).isKeyword(kw) {
			return false
		}
	}
	return true
}

// accept consumes the given keywords if they come next.
func (p *parser) accept(kws ...string) bool {
	if !p.keywordsAt(0, kws...) {
		return false
	}
	p.pos += len(kws)
	return true
}

// skipWhile consumes tokens as long as each is one of the given keywords.
func (p *parser) skipWhile(kws ...string) {
	for p.acceptAny(kws...) {
		continue
	}
}

// acceptAny consumes the next token if it is one of the given keywords.
func (p *parser) acceptAny(kws ...string) bool {
	for _, kw := range kws {
		if p.accept(kw) {
			return true
		}
	}
	return false
}

// rest returns the source text from the current token to the end of the
// statement, and moves the cursor to the end.
func (p *parser) rest() string {
	if p.atEnd() {
		return ""
	}
	s := p.src[p.at(0).pos:p.tok(len(p.toks)-1).end()]
	p.pos = len(p.toks)
	return s
}

// errorf returns an error wrapping ErrSyntax that names the current token
// and its offset.
func (p *parser) errorf(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if p.atEnd() {
		return fmt.Errorf("%w: %s at end of statement (offset %d)", ErrSyntax, msg, len(p.src))
	}
	t := p.at(0)
	return fmt.Errorf("%w: %s at %q (offset %d)", ErrSyntax, msg, t.text, t.pos)
}

// expectEnd fails unless the statement is complete.
func (p *parser) expectEnd(what string) error {
	if p.atEnd() {
		return nil
	}
	return p.errorf("unexpected text after %s", what)
}

// startsName reports whether the token n places ahead can start a name.
func (p *parser) startsName(n int) bool {
	t := p.at(n)
	return t.isIdent() || t.kind == tokNumber
}

// namePart consumes one part of a name: a quoted identifier, or a word glued
// to whatever follows it without a space up to a '.' (drivers paste names
// such as my-catalog unquoted).
func (p *parser) namePart() (string, bool) {
	t := p.at(0)
	switch {
	case t.kind == tokQuotedIdent || t.kind == tokBacktickIdent ||
		(t.kind == tokString && t.text[0] == '"'):
		// Drivers send "..." names in commands; Spark would refuse them,
		// but a name is all they can mean here.
		p.pos++
		return t.value(), true
	case t.kind != tokWord && t.kind != tokNumber:
		return "", false
	}
	start, end := t.pos, t.end()
	p.pos++
	for !p.atEnd() && p.at(0).pos == end && glues(p.at(0)) {
		end = p.at(0).end()
		p.pos++
	}
	return p.src[start:end], true
}

// glues reports whether t, written right after a bare name part, continues it.
func glues(t token) bool {
	switch t.kind {
	case tokWord, tokNumber:
		return true
	case tokPunct:
		return !strings.ContainsAny(t.text, ".;,()=")
	}
	return false
}

// qualifiedName consumes a dotted name of 1 to max parts.
func (p *parser) qualifiedName(what string, max int) ([]string, error) {
	var parts []string
	for {
		part, ok := p.namePart()
		if !ok {
			return nil, p.errorf("expected %s", what)
		}
		parts = append(parts, part)
		if !p.at(0).isPunct('.') {
			break
		}
		p.pos++
	}
	if len(parts) > max {
		return nil, fmt.Errorf("%w: %s %q has %d parts, at most %d allowed",
			ErrSyntax, what, strings.Join(parts, "."), len(parts), max)
	}
	return parts, nil
}

// stringLit consumes a string literal (escaped, raw or double-quoted, which
// Spark reads as a string) and returns its value.
func (p *parser) stringLit() (string, bool) {
	t := p.at(0)
	if !t.isStringLit() && t.kind != tokQuotedIdent {
		return "", false
	}
	p.pos++
	return t.value(), true
}

// likeClause consumes "LIKE 'p'" (or a bare 'p' when bareOK) and returns the
// pattern; ok is false when no such clause comes next.
func (p *parser) likeClause(bareOK bool) (pattern string, ok bool, err error) {
	if p.accept("LIKE") {
		s, ok := p.stringLit()
		if !ok {
			return "", false, p.errorf("expected a string pattern after LIKE")
		}
		return s, true, nil
	}
	if !bareOK {
		return "", false, nil
	}
	s, ok := p.stringLit()
	return s, ok, nil
}

// prefixedLike consumes "<kw> LIKE 'p'" and returns the pattern.
func (p *parser) prefixedLike(kw string) (pattern string, ok bool, err error) {
	if !p.keywordsAt(0, kw, "LIKE") {
		return "", false, nil
	}
	p.pos++
	return p.likeClause(false)
}
