package sqlfront

// width_bucket of intervals: DuckDB divides no intervals, so the value and
// the bounds are compared as their lengths (sl_interval_length: months for
// a year-month interval, seconds for a day-time one; Spark lets only one
// kind meet).

func init() {
	higherOrder["width_bucket"] = widthBucketOfIntervals
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
