#!/usr/bin/env bash
# test_serve_load.sh - correctness and memory of `tessera serve` under load
# (speed is measured in bench/serve_edits, never here). wrk sends edit
# requests for the 20-component catalog blueprint from 8 connections on
# 127.0.0.1, in rounds of a few seconds, until LOAD_REQUESTS have been
# answered (100,000; 10,000 in the sanitizer build, which is ten times
# slower). Checks: no error status and no socket error in any round; the
# server's resident memory after the last round within 16 MiB of what it was
# after the first 20% (the warm-up: SQLite's page cache, the plan caches,
# malloc's arenas); every stored version derives from the one before it,
# with no gap; and the server still answers and stops cleanly.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e_lib.sh
TESSERA=${TESSERA:-build/tessera}
# Under ASan freed memory sits in its quarantine (up to 256 MiB), so resident
# memory says nothing about leaks there: the sanitizer build checks
# correctness (and ASan itself reports leaks at exit), the normal build memory.
case "$TESSERA" in *sanitize*) default=10000 memory_check=0 ;; *) default=100000 memory_check=1 ;; esac
total=${LOAD_REQUESTS:-$default}
command -v wrk >/dev/null || { echo "FAIL wrk is not installed (make deps installs it)"; echo "0 passed, 1 failed"; exit 1; }
work=$(mktemp -d /tmp/tessera-load.XXXXXX)
"$TESSERA" serve --port 0 --threads 2 --store "$work/studio.db" --web none >"$work/out" 2>"$work/err" &
server=$!
trap 'kill -KILL $server 2>/dev/null; rm -rf "$work"' EXIT
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/out")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] && ok || { bad "server did not start"; cat "$work/err"; e2e_summary; exit 1; }
CLIENT="python3 tests/cli/serve_client.py"
python3 -c 'import json,sys; print(json.dumps({"blueprint": json.load(open(sys.argv[1]))}))' \
  data/design/blueprints/catalog.json >"$work/create.json"
$CLIENT call "$port" POST /blueprints "$(cat "$work/create.json")" | head -1 | grep -q '^201$' && ok || bad "create"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
done_requests=0
warm_rss=""
rounds=0
while [ "$done_requests" -lt "$total" ] && [ "$rounds" -lt 200 ]; do
  rounds=$((rounds + 1))
  wrk -t1 -c8 -d2s --timeout 5s -s tests/cli/serve_load.lua "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
  n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.txt")
  [ -n "$n" ] || { bad "wrk gave no count"; cat "$work/wrk.txt"; break; }
  done_requests=$((done_requests + n))
  if grep -qE "Non-2xx|Socket errors" "$work/wrk.txt"; then
    bad "round $rounds: $(grep -E 'Non-2xx|Socket errors' "$work/wrk.txt" | tr '\n' ' ')"
  fi
  if [ -z "$warm_rss" ] && [ "$done_requests" -ge $((total / 5)) ]; then warm_rss=$(rss); fi
done
end_rss=$(rss)
echo "load: $done_requests edit requests in $rounds rounds; RSS after warm-up ${warm_rss} KiB, at the end ${end_rss} KiB"
[ "$done_requests" -ge "$total" ] && ok || bad "only $done_requests of $total requests answered"
if [ "$memory_check" = 0 ]; then
  echo "note: memory not judged in the sanitizer build (ASan quarantine)"
elif [ -n "$warm_rss" ] && [ $((end_rss - warm_rss)) -le 16384 ]; then ok
else bad "memory grew from ${warm_rss} to ${end_rss} KiB"; fi

$CLIENT call "$port" GET /blueprints/1/versions >"$work/versions.txt"
sed 1d "$work/versions.txt" | python3 -c '
import json, sys
d = json.load(sys.stdin)
v = d["versions"]
ok = all(a["version"] == i + 1 for i, a in enumerate(v)) and all(b["parent"] == a["version"] for a, b in zip(v, v[1:]))
ok = ok and d["version"] == v[-1]["version"] and all(x["source"] == "edit" for x in v[1:])
print("linear" if ok else "broken", len(v))
' >"$work/linear.txt"
expect_grep "^linear" "$work/linear.txt" "every version derives from the one before it"
$CLIENT call "$port" GET /blueprints/1/check | head -1 | grep -q '^200$' && ok || bad "check after load"
kill -TERM "$server"
wait "$server"
status=$?
[ "$status" -eq 0 ] && ok || bad "exit status $status after load"
e2e_summary
