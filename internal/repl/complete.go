package repl

import (
	"sort"
	"strings"
	"sync"
	"unicode"
)

// keywords are the Databricks SQL words offered by tab completion besides
// the names of catalogs, schemas, tables and columns.
var keywords = strings.Fields(`SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT OFFSET JOIN LEFT RIGHT
FULL OUTER INNER CROSS ANTI SEMI ON USING AS AND OR NOT NULL IS IN LIKE ILIKE BETWEEN CASE WHEN
THEN ELSE END DISTINCT UNION ALL INTERSECT EXCEPT WITH INSERT INTO OVERWRITE VALUES UPDATE SET
DELETE MERGE MATCHED CREATE REPLACE TABLE VIEW SCHEMA DATABASE CATALOG DROP ALTER ADD COLUMN
RENAME TO IF EXISTS SHOW TABLES SCHEMAS CATALOGS COLUMNS FUNCTIONS DESCRIBE EXTENDED EXPLAIN
CAST TRUE FALSE ASC DESC NULLS FIRST LAST PARTITION OVER WINDOW QUALIFY PIVOT UNPIVOT LATERAL
TABLESAMPLE COMMENT TBLPROPERTIES USE`)

// Completer completes the word before the cursor from SQL keywords and
// the names it was given (catalogs, schemas, tables, columns; dotted
// names complete part by part). It is safe for concurrent use: names
// arrive from a background metadata load while the user types.
type Completer struct {
	mu    sync.RWMutex
	names []string // sorted, deduplicated
}

// SetNames replaces the names offered besides the keywords.
func (c *Completer) SetNames(names []string) {
	set := make(map[string]struct{}, len(names))
	for _, n := range names {
		if n != "" {
			set[n] = struct{}{}
		}
	}
	sorted := make([]string, 0, len(set))
	for n := range set {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	c.mu.Lock()
	c.names = sorted
	c.mu.Unlock()
}

// Complete completes the word ending at byte offset pos of line. With one
// candidate the word is replaced by it (and a space follows); with several
// it is extended to their longest common prefix, and matches lists them
// so the caller can show them. ok is false when nothing matches.
func (c *Completer) Complete(line string, pos int) (newLine string, newPos int, matches []string, ok bool) {
	if pos < 0 || pos > len(line) {
		return line, pos, nil, false
	}
	start := pos
	for start > 0 && isWordByte(line[start-1]) {
		start--
	}
	word := line[start:pos]
	if word == "" {
		return line, pos, nil, false
	}
	matches = c.candidates(word)
	if len(matches) == 0 {
		return line, pos, nil, false
	}
	replacement := commonPrefix(matches)
	if len(matches) == 1 {
		replacement = matches[0]
		if !strings.HasSuffix(replacement, ".") {
			replacement += " "
		}
	}
	if len(replacement) < len(word) {
		replacement = word // candidates differ in case only: keep what was typed
	}
	return line[:start] + replacement + line[pos:], start + len(replacement), matches, true
}

// candidates are the keywords and names that begin with word, ignoring
// case; a keyword takes the case the user typed it in. A dotted word
// completes the part after its last dot among names with the same
// qualifier; a name's own qualifier parts are offered as "part." too.
func (c *Completer) candidates(word string) []string {
	lower := strings.ToLower(word)
	seen := map[string]struct{}{}
	var out []string
	add := func(s string) {
		if _, dup := seen[s]; !dup {
			seen[s] = struct{}{}
			out = append(out, s)
		}
	}
	if !strings.Contains(word, ".") {
		for _, k := range keywords {
			if strings.HasPrefix(strings.ToLower(k), lower) {
				if isLower(word) {
					k = strings.ToLower(k)
				}
				add(k)
			}
		}
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	depth := strings.Count(word, ".")
	for _, n := range c.names {
		if !strings.HasPrefix(strings.ToLower(n), lower) {
			continue
		}
		parts := strings.Split(n, ".")
		if len(parts) <= depth {
			continue
		}
		// Offer the name up to the part being typed; deeper parts end in a
		// dot so completion goes on from there.
		cand := strings.Join(parts[:depth+1], ".")
		if len(parts) > depth+1 {
			cand += "."
		}
		add(cand)
	}
	sort.Strings(out)
	return out
}

func isWordByte(b byte) bool {
	return b == '_' || b == '.' || b >= 0x80 || unicode.IsLetter(rune(b)) || unicode.IsDigit(rune(b))
}

func isLower(s string) bool { return strings.ToLower(s) == s && strings.ToUpper(s) != s }

// commonPrefix is the longest prefix all of words share, ignoring case
// (taken from the first word).
func commonPrefix(words []string) string {
	p := words[0]
	for _, w := range words[1:] {
		n := 0
		for n < len(p) && n < len(w) && unicode.ToLower(rune(p[n])) == unicode.ToLower(rune(w[n])) {
			n++
		}
		p = p[:n]
	}
	return p
}
