package sqlfront

import "strings"

// rewriteNames quotes the schema name default and maps catalog names through
// the catalog map; see Translate for the rules.
func (r *rewriter) rewriteNames() {
	for k, i32 := range r.sig {
		i := int(i32)
		t := r.tok(i)
		if !t.isIdent() {
			continue
		}
		dotBefore, dotAfter := r.sigTok(k-1).isPunct('.'), r.sigTok(k+1).isPunct('.')
		if t.kind == tokWord && strings.EqualFold(t.text, "default") && (dotBefore || dotAfter) {
			r.out[i] = QuoteIdent("default")
		}
		if dotBefore || len(r.opts.CatalogMap) == 0 {
			continue // not the first part of a chain
		}
		parts := r.chainParts(k)
		var isCatalog bool
		switch {
		case parts >= 3:
			isCatalog = true
		case parts == 2:
			kw := r.keywordBefore(k)
			isCatalog = kw == "SCHEMA" || kw == "DATABASE" || kw == "NAMESPACE"
		default:
			isCatalog = r.keywordBefore(k) == "CATALOG"
		}
		if !isCatalog {
			continue
		}
		if mapped, ok := r.opts.CatalogMap[strings.ToLower(t.value())]; ok {
			r.out[i] = QuoteIdent(mapped)
		}
	}
}

// chainParts returns the number of parts of the dotted identifier chain whose
// first part is the k-th significant token.
func (r *rewriter) chainParts(k int) int {
	n := 1
	for r.sigTok(k+1).isPunct('.') && r.sigTok(k+2).isIdent() {
		n++
		k += 2
	}
	return n
}

// keywordBefore returns, in upper case, the word before the k-th significant
// token, skipping an IF [NOT] EXISTS; it returns "" if that token is not a word.
func (r *rewriter) keywordBefore(k int) string {
	k--
	if r.sigTok(k).isKeyword("EXISTS") {
		k--
		if r.sigTok(k).isKeyword("NOT") {
			k--
		}
		if !r.sigTok(k).isKeyword("IF") {
			return ""
		}
		k--
	}
	t := r.sigTok(k)
	if t.kind != tokWord {
		return ""
	}
	return strings.ToUpper(t.text)
}

// isKeywordIn reports whether word, in ASCII upper case, is a key of m (a
// keyword set with upper-case keys). It allocates nothing: the rewrites ask
// this of every word of a statement.
func isKeywordIn(m map[string]bool, word string) bool {
	ok := false
	withCase(word, 'a', func(b []byte) { ok = m[string(b)] })
	return ok
}

// lookupLower looks word up, in ASCII lower case, in m (whose keys are lower
// case) without allocating.
func lookupLower[V any](m map[string]V, word string) (V, bool) {
	var v V
	ok := false
	withCase(word, 'A', func(b []byte) { v, ok = m[string(b)] })
	return v, ok
}

// withCase calls f with word in one ASCII case: from is 'a' to upper-case
// it, 'A' to lower-case it. Words longer than any key (64 bytes) are not
// passed on, nor are non-ASCII ones: keys are ASCII keywords and names.
func withCase(word string, from byte, f func([]byte)) {
	var buf [64]byte
	if len(word) > len(buf) {
		return
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 0x80 {
			return
		}
		if from <= c && c <= from+25 {
			c ^= 0x20
		}
		buf[i] = c
	}
	f(buf[:len(word)])
}
