package sqlfront

// rewritten reports whether an earlier rewrite dropped or replaced any of
// the tokens i through j.
func (r *rewriter) rewritten(i, j int) bool {
	for m := i; m <= j; m++ {
		if _, ok := r.out[m]; ok || r.dropped[m] {
			return true
		}
	}
	return false
}
