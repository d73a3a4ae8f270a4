package typemap

import "strings"

// SimpleString spells a Databricks type text ("STRUCT<x: DOUBLE, m:
// MAP<STRING, INT>>", "DECIMAL(10,2)") as Spark's DataType.simpleString,
// which DESCRIBE TABLE shows: lower case, no spaces, struct field names kept
// as written ("struct<x:double,m:map<string,int>>").
func SimpleString(typeText string) string {
	var b strings.Builder
	var stack []bool // per open '<': whether it opened a STRUCT
	name := false    // in a struct field name
	for i := 0; i < len(typeText); i++ {
		c := typeText[i]
		switch {
		case name:
			if c == ':' {
				name = false
				b.WriteByte(':')
				for i+1 < len(typeText) && typeText[i+1] == ' ' {
					i++
				}
				continue
			}
			b.WriteByte(c)
		case c == '<':
			stack = append(stack, strings.HasSuffix(strings.ToUpper(typeText[:i]), "STRUCT"))
			b.WriteByte(c)
			name = stack[len(stack)-1]
		case c == '>':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			b.WriteByte(c)
		case c == ',':
			b.WriteByte(c)
			for i+1 < len(typeText) && typeText[i+1] == ' ' {
				i++
			}
			name = len(stack) > 0 && stack[len(stack)-1]
		case c == ' ':
			if strings.HasSuffix(b.String(), "interval") || strings.HasSuffix(b.String(), "to") ||
				i+1 < len(typeText) && strings.HasPrefix(strings.ToUpper(typeText[i+1:]), "TO ") {
				b.WriteByte(' ') // interval day to second keeps its spaces
			}
		default:
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}
