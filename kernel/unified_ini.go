package kernel

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// iniFile is a parsed INI file: section name → lower-case key → value.
type iniFile struct {
	sections map[string]map[string]string
	order    []string // section names as they appear
}

// parseINI reads the subset of INI that ~/.databrickscfg uses: [section]
// headers, "key = value" (or "key: value") lines, and comment lines
// starting with ';' or '#'. Keys are lower-cased; values are trimmed and
// lose one pair of matching surrounding quotes. Keys before the first
// header belong to DEFAULT. A repeated section merges; a repeated key
// keeps the last value. Sections do not inherit from DEFAULT.
func parseINI(r io.Reader) (*iniFile, error) {
	f := &iniFile{sections: map[string]map[string]string{}}
	section := func(name string) map[string]string {
		s, ok := f.sections[name]
		if !ok {
			s = map[string]string{}
			f.sections[name] = s
			f.order = append(f.order, name)
		}
		return s
	}
	cur := section(defaultProfile)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff") // a BOM
		}
		switch {
		case line == "", line[0] == ';', line[0] == '#':
			continue
		case line[0] == '[':
			name, ok := strings.CutSuffix(line, "]")
			name = strings.TrimSpace(name[1:])
			if !ok || name == "" {
				return nil, fmt.Errorf("line %d: malformed section header", n)
			}
			cur = section(name)
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i <= 0 {
			// The line may hold a secret: report its number only.
			return nil, fmt.Errorf("line %d: want key = value", n)
		}
		key := strings.ToLower(strings.TrimSpace(line[:i]))
		val := strings.TrimSpace(line[i+1:])
		if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
			val = val[1 : len(val)-1]
		}
		cur[key] = val
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(f.sections[defaultProfile]) == 0 {
		delete(f.sections, defaultProfile)
		f.order = f.order[1:]
	}
	return f, nil
}
