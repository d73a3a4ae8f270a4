#!/usr/bin/env python3
"""Python clients side by side against a local `sealane serve`.

Measures, in one run and against one server:

  1. sealane                     (this repo's Python package, ADBC under the hood)
  2. databricks-sql-connector    (use_sea=True, the connector's SEA backend)
  3. databricks-sql-kernel       (the Rust kernel's Python binding), if installed

Query (fixed 5-column schema):

  SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third,
         'row_' || CAST(id % 1000 AS VARCHAR) AS label, id % 2 = 0 AS even
  FROM range(N)

for N in SIZES. Each client connects once (connect time excluded) and the
result is fully materialised as a pyarrow.Table (fetch_all_arrow /
fetchall_arrow). Runs are interleaved: every round runs each client once, with
the client order rotated per round; the reported figure is the median.

It also measures peak RSS of the sealane client streaming the result with
fetch_next_batch() in a fresh subprocess (ru_maxrss at the end).

Usage (from the repo root):

  .venv/bin/python bench/python_bench.py [--runs 7] [--sizes 1,10000,...]

SEALANE_BENCH_COMPRESSION=none makes the sealane clients ask for no LZ4, as
the Rust kernel does (bench/RESULTS.md).

The script starts `bin/sealane serve` itself (building it with `make build`
if the binary is missing) and stops it at the end.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "bin", "sealane")

QUERY = (
    "SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third, "
    "'row_' || CAST(id % 1000 AS VARCHAR) AS label, id % 2 = 0 AS even "
    "FROM range({n})"
)
SIZES = [1, 10_000, 500_000, 1_000_000, 10_000_000]
SLOW_RUN_S = 60.0  # a client slower than this per run gets SLOW_RUNS runs
SLOW_RUNS = 3

SERVE_ARGS = [
    "serve", "--addr", "127.0.0.1:0", "--json",  # serve generates the token it prints
    "--log-level", "off", "--latency", "20ms", "--download-latency", "20ms",
]


# --------------------------------------------------------------------------
# server


def start_server():
    if not os.path.exists(BIN):
        subprocess.run(["make", "build"], cwd=REPO, check=True)
    proc = subprocess.Popen([BIN, *SERVE_ARGS], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise SystemExit("sealane serve printed nothing")
    return proc, json.loads(line)


# --------------------------------------------------------------------------
# clients: each is (name, connect(info) -> handle, run(handle, n) -> rows,
#                   close(handle))


def sealane_client():
    import sealane

    def connect(info):
        # SEALANE_BENCH_COMPRESSION=none: no LZ4, as Databricks' Rust kernel
        # (bench/RESULTS.md, "Issue 15: the result build").
        return sealane.Connection(host=info["url"], http_path=info["http_path"],
                                  access_token=info["token"],
                                  result_compression=os.environ.get("SEALANE_BENCH_COMPRESSION"))

    def run(conn, n):
        return conn.execute(QUERY.format(n=n)).fetch_all_arrow().num_rows

    return "sealane", connect, run, lambda c: c.close()


def connector_client():
    from databricks import sql
    import warnings
    import logging

    warnings.filterwarnings("ignore")
    logging.getLogger("databricks").setLevel(logging.ERROR)

    def connect(info):
        conn = sql.connect(
            server_hostname="http://" + info["host"], _port=info["port"],
            http_path=info["http_path"], access_token=info["token"],
            use_sea=True, enable_telemetry=False,
            _retry_delay_max=1, _retry_stop_after_attempts_count=2,
        )
        return conn, conn.cursor()

    def run(h, n):
        cur = h[1]
        cur.execute(QUERY.format(n=n))
        return cur.fetchall_arrow().num_rows

    def close(h):
        h[1].close()
        h[0].close()

    return "databricks-sql-connector (SEA)", connect, run, close


def kernel_client():
    import databricks_sql_kernel as k

    def connect(info):
        return k.Session(host=info["url"], http_path=info["http_path"],
                         auth_type="pat", access_token=info["token"])

    def run(sess, n):
        st = sess.statement()
        st.set_sql(QUERY.format(n=n))
        ex = st.execute()
        rows = ex.fetch_all_arrow().num_rows
        ex.close()
        st.close()
        return rows

    return "databricks-sql-kernel", connect, run, lambda s: s.close()


def go_kernel_client():
    """The Go kernel itself (bench/kernelbench's child mode), for the
    Python-over-Go overhead: each run is a fresh process whose own timing
    covers Query + draining the reader, not process start or connect."""
    exe = os.path.join(REPO, "bin", "kernelbench")
    if not os.path.exists(exe):
        subprocess.run(["go", "build", "-o", exe, "./bench/kernelbench"], cwd=REPO, check=True,
                       env={**os.environ, "GOFLAGS": "-tags=duckdb_arrow"})

    def connect(info):
        return info

    def run(info, n):
        out = subprocess.run([exe, "-child", f"kernel:{n}:{info['url']}:{info['http_path']}"],
                             check=True, capture_output=True, text=True,
                             env={**os.environ, "SEALANE_BENCH_TOKEN": info["token"],
                                  "KERNELBENCH_COMPRESSION": os.environ.get("SEALANE_BENCH_COMPRESSION", "")})
        m = json.loads(out.stdout)
        return m["rows"], m["seconds"]

    return "Go kernel", connect, run, lambda _: None


# --------------------------------------------------------------------------
# peak RSS of sealane streaming (subprocess mode)


def rss_child(url, http_path, token, n):
    import sealane

    conn = sealane.Connection(host=url, http_path=http_path, access_token=token)
    conn.execute(QUERY.format(n=1)).fetch_all_arrow()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rs = conn.execute(QUERY.format(n=n))
    rows = batches = 0
    t0 = time.perf_counter()
    while (b := rs.fetch_next_batch()) is not None:
        rows += b.num_rows
        batches += 1
        del b
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    hwm = 0
    with open("/proc/self/status") as f:  # per-mm high-water mark (Linux)
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    conn.close()
    print(json.dumps({"rows": rows, "batches": batches, "seconds": dt,
                      "base_kib": base, "peak_kib": peak, "vmhwm_kib": hwm}))


def measure_rss(info, n):
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--rss-child", str(n),
         info["url"], info["http_path"], info["token"]],
        check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------


def fmt_s(x):
    if x is None:
        return "–"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--rss-child", nargs=4, metavar=("N", "URL", "PATH", "TOKEN"))
    ap.add_argument("--no-rss", action="store_true")
    args = ap.parse_args()
    if args.rss_child:
        n, url, path, token = args.rss_child
        rss_child(url, path, token, int(n))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    proc, info = start_server()
    notes = []
    try:
        # RSS first, while this process is still small: Linux carries the
        # parent's RSS high-water mark into a forked child's ru_maxrss.
        rss = {}
        if not args.no_rss:
            for n in (1_000_000, 10_000_000):
                rss[n] = measure_rss(info, n)
                print(f"# rss N={n}: {rss[n]}", file=sys.stderr)

        clients = []
        for factory in (sealane_client, connector_client, kernel_client, go_kernel_client):
            try:
                name, connect, run, close = factory()
            except ImportError as e:
                notes.append(f"{factory.__name__}: not installed ({e})")
                continue
            try:
                t0 = time.perf_counter()
                h = connect(info)
                ct = time.perf_counter() - t0
                warm = run(h, 1)  # warm-up, excluded
                assert (warm[0] if isinstance(warm, tuple) else warm) == 1
            except Exception as e:  # record why and skip
                notes.append(f"{name}: skipped: {type(e).__name__}: {e}")
                continue
            clients.append({"name": name, "h": h, "run": run, "close": close,
                            "connect_s": ct})
            print(f"# {name}: connected in {ct * 1000:.0f} ms", file=sys.stderr)

        results = {}  # (client, n) -> [seconds]
        short = {}  # (client, n) -> [row counts of short results]
        for n in sizes:
            runs_for = {c["name"]: args.runs for c in clients}
            for r in range(args.runs):
                order = clients[r % len(clients):] + clients[:r % len(clients)]
                for c in order:
                    times = results.setdefault((c["name"], n), [])
                    if len(times) + len(short.get((c["name"], n), ())) >= runs_for[c["name"]]:
                        continue
                    gc.collect()
                    t0 = time.perf_counter()
                    rows = c["run"](c["h"], n)
                    dt = time.perf_counter() - t0
                    if isinstance(rows, tuple):  # the client timed itself
                        rows, dt = rows
                    if rows != n:
                        # a short result is a client (or server) bug: record
                        # it, keep the run out of the median, carry on
                        short.setdefault((c["name"], n), []).append(rows)
                        print(f"# {c['name']} N={n}: SHORT RESULT {rows} rows",
                              file=sys.stderr)
                        continue
                    times.append(dt)
                    if dt > SLOW_RUN_S and runs_for[c["name"]] > SLOW_RUNS:
                        runs_for[c["name"]] = SLOW_RUNS
                        notes.append(f"{c['name']} at N={n}: {dt:.0f} s per run "
                                     f"(> {SLOW_RUN_S:.0f} s), runs reduced to {SLOW_RUNS}")
                    gc.collect()
                print(f"# N={n} round {r + 1}: " + ", ".join(
                    f"{c['name']}={results[(c['name'], n)][-1]:.3f}s" for c in order
                    if results.get((c['name'], n))), file=sys.stderr)

        for c in clients:
            try:
                c["close"](c["h"])
            except Exception:
                pass

    finally:
        proc.terminate()
        proc.wait(timeout=10)

    # ---- report
    names = [c["name"] for c in clients]
    base = names[0]
    hdr = ["rows"] + [f"{nm} median" for nm in names] + \
          [f"{nm} / sealane" for nm in names[1:]]
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for n in sizes:
        med = {nm: statistics.median(results[(nm, n)]) if results.get((nm, n)) else float("nan")
               for nm in names}
        cells = [f"{n:,}"] + [fmt_s(med[nm]) for nm in names] + \
                [f"{med[nm] / med[base]:.2f}×" for nm in names[1:]]
        print("| " + " | ".join(cells) + " |")
    print()
    print("Runs per cell: " + "; ".join(
        f"{nm}: " + ",".join(str(len(results.get((nm, n), []))) for n in sizes) for nm in names))
    print("Connect (excluded): " + ", ".join(
        f"{c['name']} {c['connect_s'] * 1000:.0f} ms" for c in clients))
    for n, r in rss.items():
        print(f"sealane fetch_next_batch streaming N={n:,}: peak RSS "
              f"{r['peak_kib'] / 1024:.0f} MiB (VmHWM {r['vmhwm_kib'] / 1024:.0f} MiB; "
              f"after connect + warm-up {r['base_kib'] / 1024:.0f} MiB), "
              f"{r['batches']} batches, {r['seconds']:.2f} s")
    for (nm, n), got in short.items():
        notes.append(f"{nm} at N={n}: {len(got)} short result(s) "
                     f"({', '.join(map(str, got))} rows of {n}); excluded from the median")
    for note in notes:
        print("Note: " + note)
    print("\nRaw seconds: " + json.dumps(
        {f"{k[0]}@{k[1]}": [round(x, 4) for x in v] for k, v in results.items()}))


if __name__ == "__main__":
    main()
