package repl

import "strings"

// Splitter cuts typed or piped SQL into statements. A statement ends at a
// semicolon outside string literals, quoted identifiers and comments, so
// `SELECT ';'` and `-- a; comment` do not end one. It keeps what follows
// the last semicolon for the next call.
type Splitter struct {
	pending strings.Builder
	state   scanState
}

// scanState is where the scanner stands between two inputs: inside a
// quote or a block comment a statement cannot end.
type scanState struct {
	quote        byte // ', " or ` while inside a quoted token
	blockComment bool
	lineComment  bool
}

// Feed adds input (one or more lines; newlines included) and returns the
// statements it completed, trimmed, without their semicolons; empty
// statements (a lone ";") are dropped.
func (s *Splitter) Feed(input string) []string {
	var done []string
	st := &s.state
	start := 0
	for i := 0; i < len(input); i++ {
		c := input[i]
		switch {
		case st.lineComment:
			if c == '\n' {
				st.lineComment = false
			}
		case st.blockComment:
			if c == '*' && i+1 < len(input) && input[i+1] == '/' {
				st.blockComment = false
				i++
			}
		case st.quote != 0:
			switch {
			case c == '\\' && st.quote != '`':
				i++ // Databricks SQL strings take backslash escapes
			case c == st.quote:
				st.quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			st.quote = c
		case c == '-' && i+1 < len(input) && input[i+1] == '-':
			st.lineComment = true
			i++
		case c == '/' && i+1 < len(input) && input[i+1] == '*':
			st.blockComment = true
			i++
		case c == ';':
			s.pending.WriteString(input[start:i])
			if stmt := strings.TrimSpace(s.pending.String()); stmt != "" && !onlyComments(stmt) {
				done = append(done, stmt)
			}
			s.pending.Reset()
			start = i + 1
		}
	}
	s.pending.WriteString(input[start:])
	return done
}

// Pending is the text of the statement not yet ended, trimmed.
func (s *Splitter) Pending() string { return strings.TrimSpace(s.pending.String()) }

// InStatement reports whether a statement has begun and not ended: the
// prompt changes to say so.
func (s *Splitter) InStatement() bool {
	p := s.Pending()
	return p != "" && !onlyComments(p) || s.state.quote != 0 || s.state.blockComment
}

// Reset drops the unfinished statement (Ctrl-C at the prompt).
func (s *Splitter) Reset() {
	s.pending.Reset()
	s.state = scanState{}
}

// onlyComments reports whether sql holds nothing but comments and space,
// which a server would refuse as an empty statement.
func onlyComments(sql string) bool {
	for len(sql) > 0 {
		sql = strings.TrimLeft(sql, " \t\r\n")
		switch {
		case sql == "":
			return true
		case strings.HasPrefix(sql, "--"):
			nl := strings.IndexByte(sql, '\n')
			if nl < 0 {
				return true
			}
			sql = sql[nl+1:]
		case strings.HasPrefix(sql, "/*"):
			end := strings.Index(sql, "*/")
			if end < 0 {
				return true
			}
			sql = sql[end+2:]
		default:
			return false
		}
	}
	return true
}
