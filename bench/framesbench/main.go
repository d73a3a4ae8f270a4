// Command framesbench measures sealane's typed frames on the native DuckDB
// engine against the same queries written directly in DuckDB SQL (same
// DuckDB build, same settings, results drained as Arrow in both cases), and
// optionally runs bench/frames_py.py (Polars, PydanTable) on the same files
// in the same run. It also measures typed ingest (FromRows of Go structs).
//
//	go run ./bench/framesbench -data bench/out/frames -rows 10000000 -dim 1000000 -reps 5 \
//	    -python /path/to/venv/bin/python
//
// It prints a Markdown table for bench/RESULTS.md.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

type timing struct {
	query, who string
	secs       []float64
	rows       int64
}

func (t *timing) median() float64 {
	s := slices.Clone(t.secs)
	slices.Sort(s)
	return s[len(s)/2]
}

func main() {
	dir := flag.String("data", "bench/out/frames", "directory for the generated Parquet inputs")
	rows := flag.Int64("rows", 10_000_000, "fact rows")
	dimRows := flag.Int64("dim", 1_000_000, "dimension rows")
	reps := flag.Int("reps", 5, "repetitions per cell (median reported)")
	only := flag.String("queries", "", "comma-separated subset of queries")
	ingest := flag.Int("ingest", 10_000_000, "Go structs for the typed-ingest measurement (0 skips)")
	python := flag.String("python", "", "a Python with polars and pydantable: also run bench/frames_py.py")
	flag.Parse()
	if err := run(*dir, *rows, *dimRows, *reps, *only, *ingest, *python); err != nil {
		fmt.Fprintln(os.Stderr, "framesbench:", err)
		os.Exit(1)
	}
}

func run(dir string, rows, dimRows int64, reps int, only string, ingestRows int, python string) error {
	ctx := context.Background()
	raw, err := openRaw(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = raw.Close() }()
	if err := generate(ctx, raw, dir, rows, dimRows); err != nil {
		return err
	}
	fr, err := newFramesRunner(ctx, dir)
	if err != nil {
		return err
	}
	defer fr.close()
	out, err := os.MkdirTemp("", "framesbench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(out) }()

	var timings []*timing
	cell := map[string]*timing{}
	get := func(q, who string) *timing {
		k := q + "/" + who
		if cell[k] == nil {
			cell[k] = &timing{query: q, who: who}
			timings = append(timings, cell[k])
		}
		return cell[k]
	}
	for rep := 0; rep < reps; rep++ {
		for _, q := range queries {
			if only != "" && !slices.Contains(strings.Split(only, ","), q.name) {
				continue
			}
			// Alternate who goes first so neither always meets a warm cache.
			order := []string{"frames", "duckdb-sql"}
			if rep%2 == 1 {
				slices.Reverse(order)
			}
			for _, who := range order {
				start := time.Now()
				var n int64
				switch who {
				case "frames":
					n, err = fr.run(ctx, q.name, filepath.Join(out, "f.parquet"))
				default:
					n, err = runRaw(ctx, raw, dir, q.name, filepath.Join(out, "r.parquet"))
				}
				if err != nil {
					return fmt.Errorf("%s %s: %w", who, q.name, err)
				}
				t := get(q.name, who)
				t.secs = append(t.secs, time.Since(start).Seconds())
				if q.name == "parquet_write" {
					p := filepath.Join(out, map[string]string{"frames": "f.parquet", "duckdb-sql": "r.parquet"}[who])
					if n, err = countParquet(ctx, raw, p); err != nil {
						return err
					}
					_ = os.Remove(p)
				}
				t.rows = n
			}
		}
	}
	fmt.Printf("\n| query | frames (native DuckDB) | DuckDB SQL | frames overhead | rows |\n|---|---|---|---|---|\n")
	for _, q := range queries {
		f, s := cell[q.name+"/frames"], cell[q.name+"/duckdb-sql"]
		if f == nil || s == nil {
			continue
		}
		if f.rows != s.rows {
			return fmt.Errorf("%s: frames returned %d rows, DuckDB SQL %d", q.name, f.rows, s.rows)
		}
		fmt.Printf("| %s | %.3f s | %.3f s | %+.1f %% | %d |\n", q.name, f.median(), s.median(),
			100*(f.median()/s.median()-1), f.rows)
	}
	if ingestRows > 0 {
		if err := measureIngest(ctx, ingestRows, reps); err != nil {
			return err
		}
	}
	if python != "" {
		cmd := exec.CommandContext(ctx, python, "bench/frames_py.py", "--data", dir, "--reps", fmt.Sprint(reps))
		if only != "" {
			cmd.Args = append(cmd.Args, "--queries", only)
		}
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		fmt.Println("\nPolars and PydanTable on the same files (bench/frames_py.py):")
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("frames_py.py: %w", err)
		}
	}
	return nil
}

// query is one benchmark query; each has a frames form (frames.go) and a
// SQL form (raw.go) with the same result.
type query struct{ name string }

var queries = []query{
	{"filter_with_columns"}, {"group_by_3aggs"}, {"join"}, {"sort"}, {"parquet_write"},
}

// countParquet counts the rows of a written Parquet file.
func countParquet(ctx context.Context, db *sql.DB, path string) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet('"+sqlString(path)+"')").Scan(&n)
	return n, err
}
