package conformance

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

var (
	goldenDir = flag.String("conformance.golden", "testdata", "directory of the golden files (make conformance points it at a fresh recording)")
	update    = flag.Bool("conformance.update", false, "rewrite testdata/expected_failures.txt with today's failures")
	report    = flag.String("conformance.report", "", "write the per-family pass rates (Markdown) to this file")
)

// golden is one recorded corpus.
type golden struct {
	Oracle string  `json:"oracle"`
	Cases  []gcase `json:"cases"`
}

// gcase is one statement and Spark's answer to it.
type gcase struct {
	ID       string    `json:"id"`
	Family   string    `json:"family"`
	Function string    `json:"function"`
	SQL      string    `json:"sql"`
	Setup    bool      `json:"setup"`
	Columns  []gcolumn `json:"columns"`
	Rows     [][]any   `json:"rows"`
	Error    *gerror   `json:"error"`
	Skip     string    `json:"skip"`
}

type gcolumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type gerror struct {
	Class    string `json:"class"`
	SQLState string `json:"sqlstate"`
}

func load(t *testing.T, name string) *golden {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(*goldenDir, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var g golden
	require.NoError(t, dec.Decode(&g))
	return &g
}

// outcome is how one case went: "" when it answered like Spark.
type outcome struct {
	id, family, diff string
}

// TestConformance replays every golden corpus and checks the result against
// the expected-failure list.
func TestConformance(t *testing.T) {
	corpora := map[string]*golden{}
	for _, name := range []string{"functions", "statements"} {
		if g := load(t, name+".json"); g != nil {
			corpora[name] = g
		}
	}
	require.NotEmpty(t, corpora, "no golden files in testdata: run `make conformance-golden`")
	overridden := applyOverrides(t, corpora)
	t.Logf("%d cases answered as Databricks documents instead of as Spark (%s)", overridden, overridesFile)
	expected := readExpected(t)

	conn := connect(t)
	var all []outcome
	for _, name := range []string{"statements", "functions"} {
		g := corpora[name]
		if g == nil {
			continue
		}
		t.Logf("%s: %d cases recorded from %s", name, len(g.Cases), g.Oracle)
		for _, c := range g.Cases {
			if c.Skip != "" {
				continue
			}
			o := outcome{id: c.ID, family: name + "/" + c.Family, diff: run(t, conn, c)}
			if c.Setup || isSet.MatchString(c.SQL) || volatile.MatchString(c.SQL) {
				continue // run for its effect (or its answer changes by the day): not compared
			}
			all = append(all, o)
		}
	}

	if *update {
		writeExpected(t, all)
	}
	for _, o := range all {
		_, listed := expected[o.id]
		switch {
		case o.diff != "" && !listed:
			t.Errorf("%s: answers unlike Spark (a regression, or a new case): %s", o.id, o.diff)
		case o.diff == "" && listed:
			t.Errorf("%s: now answers like Spark: remove it from testdata/expected_failures.txt", o.id)
		}
	}
	summarize(t, all, overridden)
}

// connect starts the warehouse in-process and connects the kernel to it.
func connect(t *testing.T) *kernel.Conn {
	t.Helper()
	ctx := context.Background()
	eng, err := duckengine.Open(ctx, duckengine.Config{Threads: 2})
	require.NoError(t, err)
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{"dapi-conformance"}})
	hs := httptest.NewServer(srv.Handler())
	conn, err := kernel.Connect(ctx, kernel.NewConfig(kernel.WithHost(hs.URL),
		kernel.WithHTTPPath(srv.Config().HTTPPath()), kernel.WithAccessToken("dapi-conformance")))
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = conn.Close()
		hs.Close()
		_ = srv.Close()
		_ = eng.Close()
	})
	return conn
}

var (
	// isSet matches the SET statements that some function examples start
	// with: they change the session for the next example.
	isSet = regexp.MustCompile(`(?i)^\s*SET\s`)
	// volatile matches calls whose answer depends on the day, the machine,
	// the user or chance: their golden answers cannot be compared.
	volatile = regexp.MustCompile(`(?i)\b(current_date|current_timestamp|current_time|curdate|now|localtimestamp|` +
		`rand|randn|random|uniform|randstr|uuid|shuffle|current_user|session_user|user|current_timezone|version|` +
		`spark_partition_id|input_file_name|input_file_block_start|input_file_block_length|` +
		`monotonically_increasing_id|aes_encrypt|try_aes_decrypt|reflect|java_method|try_reflect)\s*\(|` +
		`\bcurrent_(date|timestamp|time|user)\b`)
)

// typeOnly are the cases compared by their columns' names and types and
// their number of rows, not by value, each with the reason: their answer is
// the time of the run although no call the volatile pattern knows shows in
// their text, so a value compared would differ on every run (and the
// expected-failure list with it).
var typeOnly = map[string]string{
	"unix_timestamp#0": "unix_timestamp() with no argument is unix_timestamp(current_timestamp())",
}

// statementID matches the statement ids in error texts, which differ on
// every run and would make the expected-failure list churn.
var statementID = regexp.MustCompile(` ?\[statement [0-9a-fA-F-]{36}\]`)

var errorClass = regexp.MustCompile(`\[([A-Z][A-Z0-9_]*)(?:\.[A-Z0-9_]+)?\]`)

// run executes one case and describes how its answer differs from Spark's.
func run(t *testing.T, conn *kernel.Conn, c gcase) string {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cols, rows, err := query(ctx, conn, c.SQL)
	if c.Error != nil {
		if err == nil {
			return fmt.Sprintf("Spark fails with %s (%s); we answer %d rows", c.Error.Class, c.Error.SQLState, len(rows))
		}
		var ke *kernel.Error
		class, state := "", ""
		if errors.As(err, &ke) {
			state = ke.SQLState
			if m := errorClass.FindStringSubmatch(ke.Message); m != nil {
				class = m[1]
			}
		}
		if class != c.Error.Class || state != c.Error.SQLState {
			return fmt.Sprintf("error %s (%s), Spark %s (%s)", class, state, c.Error.Class, c.Error.SQLState)
		}
		return ""
	}
	if err != nil {
		msg := statementID.ReplaceAllString(err.Error(), "")
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		return "fails: " + msg
	}
	if len(c.Columns) == 0 && deltaDML(c.SQL, cols) {
		// Spark's file sources (no Delta) report nothing for DML; a
		// Databricks SQL warehouse writes Delta and reports the counts
		// (num_affected_rows, num_inserted_rows), which the warehouse
		// follows — see shapeCommandResult and sea-protocol.md.
		return ""
	}
	if len(cols) != len(c.Columns) {
		return fmt.Sprintf("%d columns, Spark %d", len(cols), len(c.Columns))
	}
	for i, col := range c.Columns {
		if cols[i].Name != col.Name {
			return fmt.Sprintf("column %d named %q, Spark %q", i, cols[i].Name, col.Name)
		}
		if !sameType(col.Type, cols[i].Type) {
			return fmt.Sprintf("column %q typed %s, Spark %s", col.Name, cols[i].Type, col.Type)
		}
	}
	if len(rows) != len(c.Rows) {
		return fmt.Sprintf("%d rows, Spark %d", len(rows), len(c.Rows))
	}
	if typeOnly[c.ID] != "" {
		return ""
	}
	rows = inSparkOrder(c.SQL, rows, c.Rows)
	for r := range c.Rows {
		for i := range c.Rows[r] {
			if !sameValue(c.Rows[r][i], rows[r][i]) {
				w, _ := json.Marshal(c.Rows[r][i])
				g, _ := json.Marshal(rows[r][i])
				return fmt.Sprintf("row %d column %q is %s, Spark %s", r, c.Columns[i].Name, g, w)
			}
		}
	}
	return ""
}

// dml matches the DML statements whose result layout Databricks (Delta)
// and Spark without Delta disagree on.
var dml = regexp.MustCompile(`(?i)^\s*(INSERT|UPDATE|DELETE|MERGE)\s`)

// deltaDML reports whether sql is DML answered with Databricks' counts.
func deltaDML(sql string, cols []gcolumn) bool {
	if !dml.MatchString(sql) || len(cols) == 0 || cols[0].Name != "num_affected_rows" {
		return false
	}
	return len(cols) == 1 || len(cols) == 2 && cols[1].Name == "num_inserted_rows"
}

// query runs sql through the kernel and renders the result canonically.
func query(ctx context.Context, conn *kernel.Conn, sql string) ([]gcolumn, [][]any, error) {
	rdr, err := conn.Query(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	defer rdr.Release()
	var cols []gcolumn
	variant := map[int]bool{}
	for i, f := range rdr.Schema().Fields() {
		cols = append(cols, gcolumn{Name: f.Name, Type: sparkType(f.Type)})
		if isVariant(f) {
			cols[i].Type, variant[i] = "variant", true
		}
	}
	var rows [][]any
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			row := make([]any, rec.NumCols())
			for c := range row {
				row[c] = cell(rec.Column(c), r)
				if s, ok := row[c].(string); ok && variant[c] {
					row[c] = map[string]any{"variant": s}
				}
			}
			rows = append(rows, row)
		}
	}
	return cols, rows, rdr.Err()
}

const expectedPath = "testdata/expected_failures.txt"

// readExpected reads the expected-failure list: one case id per line, a
// tab, and the difference seen when it was listed.
func readExpected(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	f, err := os.Open(expectedPath)
	if errors.Is(err, os.ErrNotExist) {
		return out
	}
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, why, _ := strings.Cut(line, "\t")
		out[id] = why
	}
	require.NoError(t, sc.Err())
	return out
}

func writeExpected(t *testing.T, all []outcome) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Cases of the golden corpora that do not answer like Spark yet, with the\n")
	b.WriteString("# difference seen. This list may only shrink: TestConformance fails on a\n")
	b.WriteString("# case listed here that now passes, and on a failing case not listed.\n")
	for _, o := range all {
		if o.diff != "" {
			diff := statementID.ReplaceAllString(strings.ReplaceAll(o.diff, "\n", " "), "")
			b.WriteString(o.id + "\t" + diff + "\n")
		}
	}
	require.NoError(t, os.WriteFile(expectedPath, []byte(b.String()), 0o644))
}

// summarize logs (and with -conformance.report writes) pass rates per family.
func summarize(t *testing.T, all []outcome, overridden int) {
	t.Helper()
	type tally struct{ pass, total int }
	by := map[string]*tally{}
	corpus := map[string]*tally{}
	count := func(m map[string]*tally, key string, pass bool) {
		if m[key] == nil {
			m[key] = &tally{}
		}
		m[key].total++
		if pass {
			m[key].pass++
		}
	}
	for _, o := range all {
		name, _, _ := strings.Cut(o.family, "/")
		count(corpus, name, o.diff == "")
		count(by, o.family, o.diff == "")
	}
	var b strings.Builder
	b.WriteString("| corpus / family | pass | cases | rate |\n|---|---:|---:|---:|\n")
	for _, m := range []map[string]*tally{corpus, by} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := m[k]
			fmt.Fprintf(&b, "| %s | %d | %d | %.1f %% |\n", k, v.pass, v.total, 100*float64(v.pass)/float64(v.total))
		}
	}
	fmt.Fprintf(&b, "\n%d cases are compared with a documented Databricks answer instead of Spark's (testdata/%s).\n", overridden, overridesFile)
	t.Log("\n" + b.String())
	if *report != "" {
		require.NoError(t, os.WriteFile(*report, []byte(b.String()), 0o644))
	}
}
