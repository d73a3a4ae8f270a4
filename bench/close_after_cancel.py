#!/usr/bin/env python3
"""How long a client takes to let go after a query is cancelled (issue 11).

Against a running `sealane serve --latency 20ms` (every API call 20 ms late),
with a statement that never ends on its own (SELECT count(*) FROM
range(1e12)), cancelled while its execute is still held by the server's
direct-results wait (10 s): 300 ms after it was sent (python), 1 s after
the process started (cli, whose start-up takes part of that):

  python  the sealane package: SIGINT to the process during execute() (as
          Ctrl-C in a shell), KeyboardInterrupt caught; only conn.close() is
          timed.
  cli     `sealane query`: SIGINT to the process; the time from the signal
          to the process's exit.

Each run uses a fresh connection (python) or process (cli); the medians of
--runs runs are printed.

Usage (from the repo root, with the server started first):

  bin/sealane serve --addr 127.0.0.1:18931 --latency 20ms --no-auth --no-console &
  SEALANE_DRIVER_LIB=$PWD/bin/libadbc_driver_sealane.so PYTHONPATH=python/src \\
    .venv/bin/python bench/close_after_cancel.py --url http://127.0.0.1:18931 --runs 15
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENDLESS = "SELECT count(*) FROM range(1000000000000)"
HTTP_PATH = "/sql/1.0/warehouses/local"
DELAY_S = 0.3  # python: from execute() to SIGINT
CLI_DELAY_S = 1.0  # cli: from the process start to SIGINT


def python_close(url: str) -> float:
    import sealane

    conn = sealane.connect(url, HTTP_PATH, "unused")
    timer = threading.Timer(DELAY_S, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        conn.execute(ENDLESS).fetch_all_arrow()
        raise SystemExit("the query ended by itself")
    except KeyboardInterrupt:
        pass
    finally:
        timer.join()
    t0 = time.perf_counter()
    conn.close()
    return time.perf_counter() - t0


def cli_exit(url: str) -> float:
    proc = subprocess.Popen(
        [
            os.path.join(REPO, "bin", "sealane"),
            "query",
            "--host",
            url,
            "--http-path",
            HTTP_PATH,
            "--token",
            "unused",
            "--quiet",
            ENDLESS,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(CLI_DELAY_S)
    if proc.poll() is not None:
        raise SystemExit(f"sealane query exited early ({proc.returncode})")
    t0 = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--only", choices=["python", "cli"])
    args = ap.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name, fn in (("python conn.close() after Ctrl-C", python_close), ("cli exit after SIGINT", cli_exit)):
        if args.only and not name.startswith(args.only):
            continue
        times = [fn(args.url) for _ in range(args.runs)]
        ms = sorted(t * 1000 for t in times)
        print(
            f"{name}: median {statistics.median(ms):.1f} ms, min {ms[0]:.1f}, max {ms[-1]:.1f} "
            f"({args.runs} runs): {', '.join(f'{m:.0f}' for m in ms)}",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
