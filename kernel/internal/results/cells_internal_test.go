package results

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
)

func TestCellsToBatch(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	m := &sea.ResultManifest{Schema: sea.Schema{Columns: []sea.ColumnInfo{
		{Name: "ym", TypeText: "INTERVAL YEAR TO MONTH"},
		{Name: "dt", TypeText: "INTERVAL DAY TO SECOND"},
		{Name: "ts", TypeText: "TIMESTAMP"},
		{Name: "d", TypeText: "DOUBLE"},
		{Name: "b", TypeText: "BINARY"},
		{Name: "m", TypeText: "MAP<STRING, ARRAY<INT>>"},
		{Name: "s", TypeText: "STRUCT<a: DECIMAL(4,1), b: BOOLEAN>"},
	}}}
	schema, err := SchemaFromManifest(m, "")
	require.NoError(t, err)
	s := func(v string) *string { return &v }
	rec, err := cellsToBatch(mem, schema, [][]*string{
		{s("2-6"), s("3 12:30:15.250000000"), s("2024-01-02T03:04:05.5Z"), s("NaN"), s("abcd"), s(`{"z": [1, null], "a": []}`), s(`{"b": true, "a": 12.5}`)},
		{s("-1-2"), s("-0 00:00:01.000000000"), s("2024-01-02 03:04:05"), s("-Infinity"), s(""), s("{}"), s(`{"a": null}`)},
		{nil, nil, nil, nil, nil, nil, nil},
	})
	require.NoError(t, err)
	defer rec.Release()
	require.Equal(t, "[30 -14 (null)]", rec.Column(0).String())
	require.Equal(t, []int64{((3*24+12)*60+30)*60e6 + 15e6 + 250000, -1e6},
		[]int64{int64(rec.Column(1).(interface{ Value(int) arrow.Duration }).Value(0)), int64(rec.Column(1).(interface{ Value(int) arrow.Duration }).Value(1))})
	ts := rec.Column(2).(interface{ Value(int) arrow.Timestamp })
	require.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 5e8, time.UTC).UnixMicro(), int64(ts.Value(0)))
	require.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixMicro(), int64(ts.Value(1)))
	f := rec.Column(3).(interface{ Value(int) float64 })
	require.True(t, math.IsNaN(f.Value(0)))
	require.True(t, math.IsInf(f.Value(1), -1))
	require.Equal(t, `["\xab\xcd" "" (null)]`, rec.Column(4).String(), "hex")
	require.Equal(t, `[{["z" "a"] [[1 (null)] []]} {[] []} (null)]`, rec.Column(5).String(), "map order kept")
	require.Equal(t, `{[12.5 (null) (null)] [true (null) (null)]}`, rec.Column(6).String())
}

func TestCellsToBatchRejects(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := func(v string) *string { return &v }
	for text, cell := range map[string]string{
		"INT": "x", "DATE": "2024/01/02", "TIMESTAMP": "yesterday", "INTERVAL DAY TO SECOND": "3 days",
		"INTERVAL YEAR TO MONTH": "2", "ARRAY<INT>": `{"a": 1}`, "DECIMAL(3,1)": "12345.6", "BOOLEAN": "maybe",
	} {
		schema, err := SchemaFromManifest(&sea.ResultManifest{Schema: sea.Schema{Columns: []sea.ColumnInfo{{Name: "c", TypeText: text}}}}, "")
		require.NoError(t, err)
		_, err = cellsToBatch(mem, schema, [][]*string{{s(cell)}})
		require.Error(t, err, "%s %q", text, cell)
	}
	schema, _ := SchemaFromManifest(&sea.ResultManifest{Schema: sea.Schema{Columns: []sea.ColumnInfo{{Name: "c", TypeText: "INT"}}}}, "")
	_, err := cellsToBatch(mem, schema, [][]*string{{s("1"), s("2")}})
	require.ErrorContains(t, err, "row 0 has 2 cells, want 1")
}

func TestBackoff(t *testing.T) {
	cfg := Config{RetryMin: 100 * time.Millisecond, RetryMax: time.Second}.withDefaults()
	p := &pipeline{cfg: &cfg}
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 10: time.Second} {
		for range 20 {
			d := p.backoff(n, 0)
			require.GreaterOrEqual(t, d, want/2, "retry %d", n)
			require.LessOrEqual(t, d, want, "retry %d", n)
		}
	}
	require.Equal(t, time.Second, p.backoff(1, time.Minute), "Retry-After clamped to RetryMax")
	require.Equal(t, 100*time.Millisecond, p.backoff(1, time.Millisecond), "Retry-After clamped to RetryMin")

	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	require.Equal(t, 3*time.Second, retryAfter("3", now))
	require.Equal(t, 10*time.Second, retryAfter(now.Add(10*time.Second).Format(http.TimeFormat), now))
	require.Zero(t, retryAfter("soon", now))
}

func TestRedact(t *testing.T) {
	cfg := Config{}.withDefaults()
	p := &pipeline{cfg: &cfg, budget: newBudget(1)}
	buf := newChunkBuf(&p.stats, func() {}, &p.spares)
	res := p.attempt(t.Context(), sea.ExternalLink{ExternalLink: "http://127.0.0.1:1/x?sig=secret"}, buf)
	require.Equal(t, verdictRetry, res.verdict)
	require.Error(t, res.err)
	require.NotContains(t, res.err.Error(), "secret")
	require.Contains(t, res.err.Error(), "http://127.0.0.1:1/x")
}
