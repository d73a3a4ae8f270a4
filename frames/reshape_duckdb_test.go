package frames_test

import (
	"context"
	"testing"

	"github.com/sealane/sealane/frames"
)

func TestDuckDBReshapeAndFill(t *testing.T) {
	ctx := context.Background()
	src := frames.FromRows(team())
	defer src.Release()
	C := frames.Col

	type piv struct {
		Dept string   `frame:"dept"`
		A45  *float64 `frame:"45"`
		A31  *float64 `frame:"31"`
	}
	p, err := frames.Collect[piv](ctx, src.Pivot([]string{"dept"}, "age", []any{45, 31}, "score", frames.AggMax).Sort("dept"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p) != 2 || *p[0].A45 != 9.25 || *p[0].A31 != 8.5 || *p[1].A45 != 6 || p[1].A31 != nil {
		t.Fatalf("pivot %+v", p)
	}

	type melted struct {
		ID       int64   `frame:"id"`
		Variable string  `frame:"variable"`
		Value    *string `frame:"value"`
	}
	m, err := frames.Collect[melted](ctx, src.Melt([]string{"id"}, []string{"name", "dept"}, "", "").Filter(C("id").Eq(3)).Sort("variable"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || m[0].Variable != "dept" || *m[0].Value != "eng" || m[1].Variable != "name" || m[1].Value != nil {
		t.Fatalf("melt %+v", m)
	}

	type filled struct {
		ID    int64    `frame:"id"`
		Name  *string  `frame:"name"`
		Score *float64 `frame:"score"`
	}
	fl, err := frames.Collect[filled](ctx, src.FillNull(0).FillNull("nobody").Select("id", "name", "score").Sort("id"))
	if err != nil {
		t.Fatal(err)
	}
	if *fl[2].Name != "nobody" || *fl[2].Score != 0 || *fl[0].Score != 8.5 {
		t.Fatalf("fill_null %+v %+v", *fl[2].Name, *fl[2].Score)
	}

	n, err := src.Unique(frames.KeepAny, "dept").Count(ctx)
	if err != nil || n != 2 {
		t.Fatalf("unique count %d, %v", n, err)
	}
	n, err = frames.ConcatVertical(src, src).Select("dept").Union(src.Select("dept")).Count(ctx)
	if err != nil || n != 2 {
		t.Fatalf("union count %d, %v", n, err)
	}
	n, err = src.Tail(2).Filter(C("id").Ge(4)).Count(ctx)
	if err != nil || n != 2 {
		t.Fatalf("tail count %d, %v", n, err)
	}
}
