package sqlfront

import "sort"

// InformationSchemaViews lists, sorted, the information_schema views the
// warehouse answers (in every catalog and in system.information_schema).
func InformationSchemaViews() []string {
	out := make([]string, 0, len(infoSchemaViews))
	for v := range infoSchemaViews {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
