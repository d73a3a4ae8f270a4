package sqlfront

import "strings"

// rewriteReferencesCatalog drops the catalog of a FOREIGN KEY's parent
// table (REFERENCES main.s.t) when it is the catalog of the table the
// statement creates or alters: Databricks accepts the three-part name,
// DuckDB refuses any catalog there ("cannot be defined cross-database").
// A parent in another catalog is left for the engine to refuse.
func (r *rewriter) rewriteReferencesCatalog() {
	verb := r.sigTok(0)
	if !verb.isKeyword("CREATE") && !verb.isKeyword("ALTER") {
		return
	}
	own := ""
	for k := 1; k < len(r.sig) && own == ""; k++ {
		if !r.sigTok(k).isKeyword("TABLE") {
			continue
		}
		j := k + 1
		for _, kw := range []string{"IF", "NOT", "EXISTS"} {
			r.accept(&j, kw)
		}
		if r.sigTok(j).isIdent() && r.sigTok(j+1).isPunct('.') && r.sigTok(j+2).isIdent() && r.sigTok(j+3).isPunct('.') {
			own = r.sigTok(j).value()
		} else if cur, ok := lookupLower(r.opts.Functions, "current_catalog"); ok {
			own = strings.Trim(cur, "'")
		}
		break
	}
	if own == "" {
		return
	}
	for k := 1; k+5 < len(r.sig); k++ {
		if !r.sigTok(k).isKeyword("REFERENCES") {
			continue
		}
		c := r.sigTok(k + 1)
		if c.isIdent() && r.sigTok(k+2).isPunct('.') && r.sigTok(k+3).isIdent() && r.sigTok(k+4).isPunct('.') &&
			r.sigTok(k+5).isIdent() && strings.EqualFold(c.value(), own) {
			r.dropRaw(r.si(k+1), r.si(k+2))
		}
	}
}
