#!/usr/bin/env python3
"""Python half of the typed-frames benchmark: Polars and PydanTable.

Runs the same five queries that the Go side runs against sealane's typed
frames (native DuckDB engine), on the same Parquet files, and reports one JSON
line per (engine, query).

Data (written by the Go side, or by any tool with the same schema):

  DIR/fact.parquet  id int64 (0..N-1), g int64 (0..999), k int64 (0..M-1),
                    x float64 (0..1), s string, ts timestamp[us] (naive)
  DIR/dim.parquet   k int64 (0..M-1), name string, w float64

Queries (same semantics in every engine; results fully materialised in memory
as a Polars/Arrow frame, except parquet_write, which writes a file):

  filter_with_columns  x > 0.5 AND g <> 7; y = x * 2.0 + 1.0, s_upper = upper(s);
                       all columns kept
  group_by_3aggs       group by g: sum(x) AS sx, mean(x) AS mx, max(ts) AS mts
  join                 fact INNER JOIN dim USING (k), all columns
  sort                 all of fact ORDER BY x DESC
  parquet_write        filter_with_columns written to a snappy Parquet file in a
                       fresh temp dir (the dir is removed after each run, outside
                       the timed region)

Engines and how each is run (threads left at their defaults):

  polars       Lazy API: pl.scan_parquet(...) -> filter/with_columns/group_by/
               join/sort -> LazyFrame.collect() (default in-memory engine),
               giving a pl.DataFrame. parquet_write uses LazyFrame.sink_parquet
               (streaming engine, compression="snappy"), so the filtered rows
               are never collected.

  pydantable   Typed DataFrameModel subclasses (pydantic field annotations are
               the schema); Model.read_parquet(path) is a lazy native
               ScanFileRoot (a Polars scan inside pydantable's own Rust
               extension, not the Python polars package). The plan is run by
               the default NativePolarsEngine and materialised with
               collect_batches(batch_size=huge), which returns the result as
               Polars DataFrame(s) without building Python lists: the fastest
               public columnar path. Collects use the default (non-streaming)
               engine. parquet_write uses DataFrameModel.write_parquet(path,
               streaming=True, write_kwargs={"compression": "snappy"}), i.e. the
               native sink_parquet of the lazy plan (streaming).
               Caveats of pydantable 1.19.x visible in its source:
                 * join() and group_by().agg() are EAGER: they execute
                   immediately inside the call with as_python_lists=True, so
                   the join result (N rows x 8 cols) is converted to Python
                   lists and then re-imported into the engine; collect_batches
                   afterwards only converts those lists back to columns. This
                   is the only public join path, so it is what we time.
                 * to_arrow()/to_polars()/to_dict()/collect() all go through
                   dict[str, list] of Python objects (to_arrow's docstring says
                   so); hence collect_batches for the default engine.

  pydantable_arrow
               Optional (not in the default --engines): the same plans as
               "pydantable" but materialised with the documented
               DataFrameModel.to_arrow() (Rust -> Python lists -> pyarrow.Table).
               Shows the cost of the list round-trip. parquet_write is
               identical to "pydantable".

Timing: time.perf_counter() around the whole query, from building the lazy scan
to the materialised result (or the closed Parquet file). Runs are interleaved:
rep 1 runs every engine x query, then rep 2, ... The result is dropped and
gc.collect() run between runs (outside the timed region). Peak RSS is the whole
process's ru_maxrss at the end (all engines share the process; run a single
engine per invocation for a per-engine peak). An (engine, query) slower than
--slow-s on a run is limited to --slow-reps runs in total.

If an operation is unavailable or fails, its JSON line carries "error" and the
run continues.

Usage (from the repo root):

  /tmp/fbvenv/bin/python bench/frames_py.py --data DIR --reps 5 \
      --engines polars,pydantable [--queries q1,q2,...] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import datetime  # module-level: DataFrameModel resolves string annotations here
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from typing import Any, Callable

QUERIES = ["filter_with_columns", "group_by_3aggs", "join", "sort", "parquet_write"]
ENGINES = ["polars", "pydantable", "pydantable_arrow"]
HUGE_BATCH = 1 << 62  # collect_batches: one batch = the whole result


# --------------------------------------------------------------------------
# Polars
# --------------------------------------------------------------------------


def polars_queries(data: str) -> dict[str, Callable[[str | None], Any]]:
    import polars as pl

    fact_path = os.path.join(data, "fact.parquet")
    dim_path = os.path.join(data, "dim.parquet")

    def filtered() -> Any:
        lf = pl.scan_parquet(fact_path)
        return lf.filter((pl.col("x") > 0.5) & (pl.col("g") != 7)).with_columns(
            y=pl.col("x") * 2.0 + 1.0,
            s_upper=pl.col("s").str.to_uppercase(),
        )

    def filter_with_columns(_: str | None) -> Any:
        return filtered().collect()

    def group_by_3aggs(_: str | None) -> Any:
        return (
            pl.scan_parquet(fact_path)
            .group_by("g")
            .agg(
                sx=pl.col("x").sum(),
                mx=pl.col("x").mean(),
                mts=pl.col("ts").max(),
            )
            .collect()
        )

    def join(_: str | None) -> Any:
        return (
            pl.scan_parquet(fact_path)
            .join(pl.scan_parquet(dim_path), on="k", how="inner")
            .collect()
        )

    def sort(_: str | None) -> Any:
        return pl.scan_parquet(fact_path).sort("x", descending=True).collect()

    def parquet_write(out: str | None) -> Any:
        filtered().sink_parquet(out, compression="snappy")
        return None

    return {
        "filter_with_columns": filter_with_columns,
        "group_by_3aggs": group_by_3aggs,
        "join": join,
        "sort": sort,
        "parquet_write": parquet_write,
    }


# --------------------------------------------------------------------------
# PydanTable
# --------------------------------------------------------------------------


def pydantable_queries(
    data: str, *, materialize: str
) -> dict[str, Callable[[str | None], Any]]:
    from pydantable import DataFrameModel

    class Fact(DataFrameModel):
        id: int
        g: int
        k: int
        x: float
        s: str
        ts: datetime.datetime

    class Dim(DataFrameModel):
        k: int
        name: str
        w: float

    fact_path = os.path.join(data, "fact.parquet")
    dim_path = os.path.join(data, "dim.parquet")

    if materialize == "batches":
        import polars as pl

        def done(frame: Any) -> Any:
            batches = frame.collect_batches(batch_size=HUGE_BATCH)
            if len(batches) == 1:
                return batches[0]
            return pl.concat(batches, rechunk=False)

    elif materialize == "arrow":

        def done(frame: Any) -> Any:
            return frame.to_arrow()

    else:  # pragma: no cover
        raise ValueError(materialize)

    def filtered() -> Any:
        f = Fact.read_parquet(fact_path)
        return f.filter((f.x > 0.5) & (f.g != 7)).with_columns(
            y=f.x * 2.0 + 1.0,
            s_upper=f.s.upper(),
        )

    def filter_with_columns(_: str | None) -> Any:
        return done(filtered())

    def group_by_3aggs(_: str | None) -> Any:
        f = Fact.read_parquet(fact_path)
        # Eager: agg() executes the aggregation here (1000 rows of output).
        return done(
            f.group_by("g").agg(sx=("sum", "x"), mx=("mean", "x"), mts=("max", "ts"))
        )

    def join(_: str | None) -> Any:
        f = Fact.read_parquet(fact_path)
        d = Dim.read_parquet(dim_path)
        # Eager: join() executes here and hands the result back as Python lists.
        return done(f.join(d, on="k", how="inner"))

    def sort(_: str | None) -> Any:
        return done(Fact.read_parquet(fact_path).sort("x", descending=True))

    def parquet_write(out: str | None) -> Any:
        filtered().write_parquet(
            out, streaming=True, write_kwargs={"compression": "snappy"}
        )
        return None

    return {
        "filter_with_columns": filter_with_columns,
        "group_by_3aggs": group_by_3aggs,
        "join": join,
        "sort": sort,
        "parquet_write": parquet_write,
    }


# --------------------------------------------------------------------------
# Harness
# --------------------------------------------------------------------------


def result_rows(res: Any, out: str | None) -> int:
    if res is None:
        import pyarrow.parquet as pq

        return pq.read_metadata(out).num_rows
    if hasattr(res, "num_rows"):  # pyarrow.Table
        return int(res.num_rows)
    return int(res.height)  # polars.DataFrame


def peak_rss_mib() -> float:
    # Linux: ru_maxrss in KiB; macOS: bytes.
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


def versions() -> dict[str, str]:
    out: dict[str, str] = {"python": platform.python_version()}
    for mod in ("polars", "pydantable", "pyarrow"):
        try:
            out[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001
            pass
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="dir with fact.parquet, dim.parquet")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--engines", default="polars,pydantable")
    ap.add_argument("--queries", default=",".join(QUERIES))
    ap.add_argument("--json-out", default=None)
    ap.add_argument("--slow-s", type=float, default=60.0,
                    help="a run slower than this limits that pair to --slow-reps")
    ap.add_argument("--slow-reps", type=int, default=3)
    args = ap.parse_args()

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    queries = [q.strip() for q in args.queries.split(",") if q.strip()]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"unknown engine {e!r}; choose from {ENGINES}")
    for q in queries:
        if q not in QUERIES:
            ap.error(f"unknown query {q!r}; choose from {QUERIES}")

    builders = {
        "polars": lambda: polars_queries(args.data),
        "pydantable": lambda: pydantable_queries(args.data, materialize="batches"),
        "pydantable_arrow": lambda: pydantable_queries(args.data, materialize="arrow"),
    }
    fns: dict[str, dict[str, Callable[[str | None], Any]]] = {}
    setup_err: dict[str, str] = {}
    for e in engines:
        try:
            fns[e] = builders[e]()
        except Exception as exc:  # noqa: BLE001
            setup_err[e] = f"{type(exc).__name__}: {exc}"

    times: dict[tuple[str, str], list[float]] = {(e, q): [] for e in engines for q in queries}
    rows: dict[tuple[str, str], int | None] = {(e, q): None for e in engines for q in queries}
    errors: dict[tuple[str, str], str] = {}
    cap: dict[tuple[str, str], int] = {}

    for rep in range(1, args.reps + 1):
        for e in engines:
            for q in queries:
                key = (e, q)
                if e in setup_err:
                    errors[key] = setup_err[e]
                    continue
                if key in errors or len(times[key]) >= cap.get(key, args.reps):
                    continue
                tmpdir = None
                out = None
                if q == "parquet_write":
                    tmpdir = tempfile.mkdtemp(prefix="frames_py_")
                    out = os.path.join(tmpdir, "out.parquet")
                res = None
                try:
                    t0 = time.perf_counter()
                    res = fns[e][q](out)
                    dt_s = time.perf_counter() - t0
                    n = result_rows(res, out)
                except Exception as exc:  # noqa: BLE001
                    errors[key] = f"{type(exc).__name__}: {exc}".strip()[:2000]
                    print(f"[rep {rep}] {e:16s} {q:20s} ERROR {errors[key]}",
                          file=sys.stderr)
                    traceback.print_exc(file=sys.stderr)
                    continue
                finally:
                    res = None
                    if tmpdir:
                        shutil.rmtree(tmpdir, ignore_errors=True)
                    gc.collect()
                times[key].append(dt_s)
                if rows[key] is not None and rows[key] != n:
                    print(f"warning: {e}/{q} row count changed {rows[key]} -> {n}",
                          file=sys.stderr)
                rows[key] = n
                if dt_s > args.slow_s:
                    cap[key] = min(cap.get(key, args.reps), args.slow_reps)
                print(f"[rep {rep}] {e:16s} {q:20s} {dt_s:9.3f}s rows={n}",
                      file=sys.stderr, flush=True)

    rss = round(peak_rss_mib(), 1)
    ver = versions()
    lines = []
    for e in engines:
        for q in queries:
            key = (e, q)
            ts = times[key]
            rec: dict[str, Any] = {
                "engine": e,
                "query": q,
                "runs": len(ts),
                "median_s": round(statistics.median(ts), 6) if ts else None,
                "min_s": round(min(ts), 6) if ts else None,
                "max_s": round(max(ts), 6) if ts else None,
                "rows": rows[key],
                "peak_rss_mib": rss,
                "times_s": [round(t, 6) for t in ts],
                "data": os.path.abspath(args.data),
                "versions": ver,
            }
            if key in errors:
                rec["error"] = errors[key]
            lines.append(json.dumps(rec))
    for line in lines:
        print(line, flush=True)
    if args.json_out:
        with open(args.json_out, "w") as fh:
            fh.write("\n".join(lines) + "\n")

    # Cross-engine row-count check (stderr, informational).
    for q in queries:
        counts = {e: rows[(e, q)] for e in engines if rows[(e, q)] is not None}
        if len(set(counts.values())) > 1:
            print(f"warning: row counts differ for {q}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
