package sqlfront

import "strings"

// Fields of an interval literal: extract(f FROM INTERVAL …) and date_part
// ('f', INTERVAL …) are typed by the field as Spark types them (a DAY or
// YEAR INT, an HOUR, MINUTE or MONTH TINYINT, SECONDS DECIMAL(8,6) with
// the fraction). The source is known to be an interval only when it is an
// interval literal; other sources keep the catalog's forms.

func init() {
	higherOrder["extract"] = extractPart // date_part and datepart: datePartOf, in structural.go
	// The origin defaults to the epoch, and shows in the name.
	sparkFuncs["time_bucket"] = sparkFunc{first: 2, defaults: []string{"TIMESTAMP '1970-01-01 00:00:00'"}}
}

// intervalFields maps Spark's field names to DuckDB's part and the type
// Spark gives the part of an interval.
var intervalFields = map[string][2]string{
	"YEAR": {"year", "INTEGER"}, "Y": {"year", "INTEGER"}, "YEARS": {"year", "INTEGER"}, "YR": {"year", "INTEGER"}, "YRS": {"year", "INTEGER"},
	"MONTH": {"month", "TINYINT"}, "MON": {"month", "TINYINT"}, "MONS": {"month", "TINYINT"}, "MONTHS": {"month", "TINYINT"},
	"DAY": {"day", "INTEGER"}, "D": {"day", "INTEGER"}, "DAYS": {"day", "INTEGER"},
	"HOUR": {"hour", "TINYINT"}, "H": {"hour", "TINYINT"}, "HOURS": {"hour", "TINYINT"}, "HR": {"hour", "TINYINT"}, "HRS": {"hour", "TINYINT"},
	"MINUTE": {"minute", "TINYINT"}, "M": {"minute", "TINYINT"}, "MIN": {"minute", "TINYINT"}, "MINS": {"minute", "TINYINT"}, "MINUTES": {"minute", "TINYINT"},
	"SECOND": {"second", ""}, "S": {"second", ""}, "SEC": {"second", ""}, "SECONDS": {"second", ""}, "SECS": {"second", ""},
}

// intervalPart writes field f of the interval text src.
func intervalPart(f, src string) (string, bool) {
	part, ok := intervalFields[strings.ToUpper(f)]
	if !ok {
		return "", false
	}
	if part[1] == "" {
		return "CAST(date_part('microseconds', " + src + ") / 1000000 AS DECIMAL(8,6))", true
	}
	return "CAST(date_part('" + part[0] + "', " + src + ") AS " + part[1] + ")", true
}

// extractPart writes extract(f FROM INTERVAL …), and extract(SECONDS FROM
// t) of other sources with the fraction (as secondsPart).
func extractPart(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 1 || args[0][1]-args[0][0] < 2 || !r.sigTok(args[0][0]+1).isKeyword("FROM") ||
		r.sigTok(args[0][0]).kind != tokWord {
		return "", false
	}
	f, src := r.sigTok(args[0][0]).text, r.text(args[0][0]+2, args[0][1])
	if r.sigTok(args[0][0] + 2).isKeyword("INTERVAL") {
		return intervalPart(f, src)
	}
	if part, ok := intervalFields[strings.ToUpper(f)]; ok && part[1] == "" {
		return "CAST(date_part('microseconds', CAST(" + src + " AS TIMESTAMP)) / 1000000 AS DECIMAL(8,6))", true
	}
	return "", false
}

// datePartOf writes date_part('f', INTERVAL …), and the seconds of other
// sources (secondsPart).
func datePartOf(r *rewriter, args [][2]int) (string, bool) {
	if len(args) == 2 && r.sigTok(args[1][0]).isKeyword("INTERVAL") {
		if f, ok := r.stringArg(args[0]); ok {
			return intervalPart(f, r.text(args[1][0], args[1][1]))
		}
	}
	return secondsPart(r, args)
}
