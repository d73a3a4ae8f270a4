#!/bin/sh
# statement_rss.sh SEALANE_BIN FILE.json: peak RSS (VmHWM) of a fresh
# `sealane serve` that answers one execute request whose JSON body is FILE.json.
# Linux only (reads /proc). See bench/RESULTS.md.
set -e
BIN=$1
FILE=$2
"$BIN" serve --addr 127.0.0.1:18781 --no-auth --log-level off >/dev/null 2>&1 &
PID=$!
sleep 1.5
curl -s -X POST -H 'Content-Type: application/json' --data-binary @"$FILE" http://127.0.0.1:18781/api/2.0/sql/statements | head -c 400; echo
echo "$FILE: $(wc -c <"$FILE") bytes, $(grep VmHWM /proc/$PID/status)"
kill $PID; wait $PID 2>/dev/null || true
