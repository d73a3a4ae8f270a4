package sqlfront

import "sort"

// SparkFunctionNames lists, sorted, the Spark built-in function names the
// front end knows (those whose calls it names as Spark does).
func SparkFunctionNames() []string {
	out := make([]string, 0, len(sparkFuncs))
	for name := range sparkFuncs {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Translates reports whether the front end rewrites calls of the function
// (lower-case name) into the engine's SQL, so that the engine need not have
// a function of that name.
func Translates(name string) bool {
	_, ok := catalog[name]
	return ok
}
