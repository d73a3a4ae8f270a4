package sqlfront

// mode(x, deterministic): with true, the smallest of the most frequent
// values, which is mode() WITHIN GROUP (ORDER BY x) (Spark prints it so);
// with false, any of them, which is DuckDB's mode(x).

func init() {
	higherOrder["mode"] = modeCall
}

// modeCall writes mode(x, true|false); other forms are left as they are.
func modeCall(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 || args[1][0] != args[1][1] {
		return "", false
	}
	x := r.text(args[0][0], args[0][1])
	switch t := r.sigTok(args[1][0]); {
	case t.isKeyword("true"):
		return "mode() WITHIN GROUP (ORDER BY " + x + ")", true
	case t.isKeyword("false"):
		return "mode(" + x + ")", true
	}
	return "", false
}

// modeName prints mode(x, true|false) as Spark does and reports whether it
// did.
func (n *namer) modeName(c *callExpr) bool {
	if len(c.args) != 2 || c.over != nil || c.filter != nil || c.distinct {
		return false
	}
	b, ok := litOf(c.args[1], litBool)
	if !ok {
		return false
	}
	if b.pretty == "true" {
		n.w("mode() WITHIN GROUP (ORDER BY ")
		n.print(c.args[0])
		n.w(" DESC)")
		return true
	}
	n.plainCall(&callExpr{name: c.name, args: c.args[:1]}, sparkFunc{})
	return true
}
