package sqlfront

import "strings"

// rewriteNames quotes the schema name default and maps catalog names through
// the catalog map; see Translate for the rules.
func (r *rewriter) rewriteNames() {
	for k, i := range r.sig {
		t := r.toks[i]
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
		if mapped, ok := r.opts.CatalogMap[strings.ToLower(t.value)]; ok {
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
