package sqlfront

import (
	"regexp"
	"strings"
)

// macroCalls finds the calls of sl_ macros in SQL text.
var macroCalls = regexp.MustCompile(`\bsl_[a-z0-9_]+\(`)

// macroIndex maps a macro's name to its position in macros, and macroDeps
// lists, per macro, the positions of the macros its body calls.
var macroIndex, macroDeps = indexMacros()

func indexMacros() (map[string]int, [][]int) {
	index := make(map[string]int, len(macros))
	deps := make([][]int, len(macros))
	for i, m := range macros {
		index[m[0]] = i
		for _, call := range macroCalls.FindAllString(m[1], -1) {
			if j, ok := index[strings.TrimSuffix(call, "(")]; ok {
				deps[i] = append(deps[i], j)
			}
		}
	}
	return index, deps
}

// MacrosFor returns the names of the macros the translated SQL text calls,
// together with those they call, in the order they must be created; nil
// when it calls none. Creating them costs about a millisecond each, so the
// warehouse creates a session's macros as its statements first need them.
func MacrosFor(sql string) []string {
	if !strings.Contains(sql, "sl_") {
		return nil
	}
	need := make([]bool, len(macros))
	found := false
	for _, call := range macroCalls.FindAllString(sql, -1) {
		if i, ok := macroIndex[strings.TrimSuffix(call, "(")]; ok {
			need[i], found = true, true
		}
	}
	if !found {
		return nil
	}
	for i := len(macros) - 1; i >= 0; i-- { // callers come after their callees
		if need[i] {
			for _, j := range macroDeps[i] {
				need[j] = true
			}
		}
	}
	var out []string
	for i, m := range macros {
		if need[i] {
			out = append(out, m[0])
		}
	}
	return out
}

// MacroSQL returns the statement creating the named macro as a temporary
// macro of the session ("" for a name that is not one).
func MacroSQL(name string) string {
	i, ok := macroIndex[name]
	if !ok {
		return ""
	}
	return "CREATE OR REPLACE TEMP MACRO " + macros[i][0] + macros[i][1]
}
