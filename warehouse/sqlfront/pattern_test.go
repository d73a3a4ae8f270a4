package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPatternRegexp(t *testing.T) {
	tests := []struct {
		pattern string
		match   []string
		noMatch []string
	}{
		{"", []string{"", "anything", "A.b"}, nil},
		{"   ", []string{"", "x"}, nil},
		{"*", []string{"", "abc"}, nil},
		{"%", []string{"", "abc"}, nil},
		{"abc", []string{"abc", "ABC", "aBc"}, []string{"abcd", "xabc", "ab"}},
		{"a*", []string{"a", "abc", "A_B"}, []string{"ba"}},
		{"a%c", []string{"ac", "abbc"}, []string{"acb"}},
		{"def*|sam*", []string{"default", "sample", "SAM"}, []string{"xdefault", "sa"}},
		{"a|", []string{"a", ""}, []string{"b"}},
		{"a.c", []string{"abc", "a.c", "a\nc"}, []string{"ac", "abbc"}},
		{"a_c", []string{"a_c"}, []string{"abc"}},
		{`a\_c`, []string{"a_c"}, []string{"abc"}},
		{`a\.c`, []string{"a.c"}, []string{"abc"}},
		{`a\*`, []string{"a*"}, []string{"ab"}},
		{`a\%`, []string{"a%"}, []string{"ab"}},
		{`a\|b`, []string{"a|b"}, []string{"a", "b"}},
		{`a\\b`, []string{`a\b`}, []string{"ab"}},
		{"a+b(c)[d]{2}$^?", []string{"a+b(c)[d]{2}$^?"}, []string{"aab(c)[d]{2}$^?"}},
		{"  t1  ", []string{"t1"}, []string{"  t1  "}},
		{"Ünï*", []string{"ünïcode"}, []string{"unicode"}},
		{`\é`, []string{"é"}, []string{"e"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			re, err := PatternRegexp(tt.pattern)
			require.NoError(t, err)
			for _, s := range tt.match {
				require.True(t, re.MatchString(s), "%q should match %q", tt.pattern, s)
			}
			for _, s := range tt.noMatch {
				require.False(t, re.MatchString(s), "%q should not match %q", tt.pattern, s)
			}
		})
	}
}

func TestPatternRegexpErrors(t *testing.T) {
	tests := []struct {
		pattern string
		msg     string
	}{
		{`abc\`, `pattern "abc\\" ends with a lone backslash at offset 3`},
		{` ab\ `, `pattern "ab\\" ends with a lone backslash at offset 3`},
		{"a\xffb", "is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			_, err := PatternRegexp(tt.pattern)
			require.ErrorIs(t, err, ErrSyntax)
			require.ErrorContains(t, err, tt.msg)
		})
	}
}
