package sqlfront

import "strconv"

// Functions of interval literals DuckDB has no interval form of: they are
// written over the intervals' lengths (sl_interval_length: months for a
// year-month interval, seconds for a day-time one; Spark lets only one kind
// meet). width_bucket compares them; sign and signum are the length's sign;
// abs negates a negative interval.

func init() {
	higherOrder["width_bucket"] = widthBucketOfIntervals
	higherOrder["sign"] = signOfInterval
	higherOrder["signum"] = signOfInterval
	higherOrder["abs"] = absOfInterval
	higherOrder["time_bucket"] = timeBucketOfMonths
}

// timeBucketOfMonths writes time_bucket(width, ts, origin) for a width of
// whole months (a year-month literal): the start of ts's bucket counted in
// whole months from origin, day and time of day kept (DuckDB's buckets of
// months start on the first of a month whatever the origin).
func timeBucketOfMonths(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 3 {
		return "", false
	}
	iv, n, ok := parseInterval(func(j int) token { return r.sigTok(args[0][0] + j) })
	if !ok || !iv.ym || iv.months <= 0 || args[0][0]+n-1 != args[0][1] {
		return "", false
	}
	t, o := "("+r.text(args[1][0], args[1][1])+")", "("+r.text(args[2][0], args[2][1])+")"
	m := "datediff('month', " + o + ", " + t + ")"
	whole := "(CASE WHEN " + o + " + to_months(CAST(" + m + " AS INTEGER)) > " + t + " THEN " + m + " - 1 ELSE " + m + " END)"
	w := strconv.FormatInt(iv.months, 10)
	return o + " + to_months(CAST(floor(" + whole + " / " + w + ") * " + w + " AS INTEGER))", true
}

// signOfInterval writes sign(i) of an interval literal as a DOUBLE.
func signOfInterval(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 1 || !r.sigTok(args[0][0]).isKeyword("INTERVAL") {
		return "", false
	}
	return "CAST(sign(sl_interval_length(" + r.text(args[0][0], args[0][1]) + ")) AS DOUBLE)", true
}

// absOfInterval writes abs(i) of an interval literal.
func absOfInterval(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 1 || !r.sigTok(args[0][0]).isKeyword("INTERVAL") {
		return "", false
	}
	i := "(" + r.text(args[0][0], args[0][1]) + ")"
	return "CASE WHEN sl_interval_length(" + i + ") < 0 THEN " + i + " * -1 ELSE " + i + " END", true
}

// widthBucketOfIntervals writes width_bucket(v, lo, hi, n) over the lengths
// when the value or a bound is an interval literal; other calls are the
// catalog's.
func widthBucketOfIntervals(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 4 {
		return "", false
	}
	interval := false
	for _, a := range args[:3] {
		interval = interval || r.sigTok(a[0]).isKeyword("INTERVAL")
	}
	if !interval {
		return "", false
	}
	a := r.argText(args)
	return "sl_width_bucket(sl_interval_length(" + a[0] + "), sl_interval_length(" + a[1] + "), sl_interval_length(" + a[2] +
		"), " + a[3] + ")", true
}
