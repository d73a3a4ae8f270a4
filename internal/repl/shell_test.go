package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is an Executor that records what it was given and fails the
// statements named in fail.
type recorder struct {
	got  []string
	fail map[string]bool
}

func (r *recorder) exec(_ context.Context, sql, format string, out io.Writer) error {
	r.got = append(r.got, format+": "+sql)
	if r.fail[sql] {
		return errors.New("boom")
	}
	fmt.Fprintf(out, "ran %s\n", sql)
	return nil
}

func TestRunScriptRunsStatementsInOrderAndStopsAtTheFirstError(t *testing.T) {
	r := &recorder{fail: map[string]bool{"SELECT 2": true}}
	sh, err := New(Config{Execute: r.exec, Formats: []string{"table", "csv"}})
	require.NoError(t, err)
	var out strings.Builder
	err = sh.RunScript(t.Context(), strings.NewReader("SELECT 1;\n\\format csv\nSELECT 2; SELECT 3;\n"), &out)
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 2, se.Statement)
	assert.Equal(t, []string{"table: SELECT 1", "csv: SELECT 2"}, r.got, "SELECT 3 never runs")
	assert.Contains(t, out.String(), "Format is csv.")
}

func TestRunScriptLastStatementMayOmitItsSemicolon(t *testing.T) {
	r := &recorder{}
	sh, err := New(Config{Execute: r.exec})
	require.NoError(t, err)
	require.NoError(t, sh.RunScript(t.Context(), strings.NewReader("SELECT 1;\nSELECT\n 2 -- last\n"), io.Discard))
	assert.Equal(t, []string{"table: SELECT 1", "table: SELECT\n 2 -- last"}, r.got)
}

func TestCommands(t *testing.T) {
	r := &recorder{}
	sh, err := New(Config{Execute: r.exec, Formats: []string{"table", "csv"}})
	require.NoError(t, err)
	var out strings.Builder
	err = sh.RunScript(t.Context(), strings.NewReader("\\timing\nSELECT 1;\n\\timing off\n\\format\n\\q\nSELECT 2;\n"), &out)
	require.NoError(t, err, "\\q ends the script without error")
	assert.Equal(t, []string{"table: SELECT 1"}, r.got, "nothing runs after \\q")
	assert.Regexp(t, `Timing is on\.\nran SELECT 1\nTime: \d+\.\d{3} s\nTiming is off\.\nFormat is table \(table, csv\)\.\n`, out.String())

	for _, bad := range []string{"\\format xml\n", "\\timing maybe\n", "\\nope\n"} {
		err := sh.RunScript(t.Context(), strings.NewReader(bad), io.Discard)
		assert.Error(t, err, bad)
	}
}

func TestNewNeedsAnExecutor(t *testing.T) {
	_, err := New(Config{})
	assert.Error(t, err)
}
