#!/usr/bin/env bash
# test_serve_memory.sh - memory of `tessera serve` over 100,000 requests of
# every kind, good and bad (tests/cli/test_serve_load.sh checks edits only).
# wrk sends tests/server/serve_mixed.lua's mix (edits, reads, bad JSON,
# duplicate keys, wrong types, stale versions, invalid blueprints, unknown
# routes and blueprints, path traversal, bad escapes, wrong methods, bad
# query parameters, a PNG that is not one, a URL over 8 KiB) from 8
# connections in rounds of 2 s until LOAD_REQUESTS are answered (100,000;
# 10,000 in the sanitizer build), checking every answer's status and error
# document; between rounds serve_limits.py bad_loop sends bodies over the
# limit (declared and chunked) and requests MHD refuses itself, each on a
# connection of its own. Checks: no wrong answer; the server's resident
# memory at the end within MEMORY_SLACK_KIB (2 MiB) of what it was after
# the first 20% (the warm-up: SQLite's page cache, the plan and content
# caches, malloc's arenas) - 100,000 requests leaking 24 bytes each would
# pass 2 MiB; and the server stops cleanly (in the sanitizer build that
# includes LeakSanitizer's report at exit, which is what judges leaks there).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e_lib.sh
TESSERA=${TESSERA:-build/tessera}
case "$TESSERA" in *sanitize*) default=10000 memory_check=0 ;; *) default=100000 memory_check=1 ;; esac
total=${LOAD_REQUESTS:-$default}
slack=${MEMORY_SLACK_KIB:-2048}
command -v wrk >/dev/null || { echo "FAIL wrk is not installed (make deps installs it)"; echo "0 passed, 1 failed"; exit 1; }
work=$(mktemp -d /tmp/tessera-memory.XXXXXX)
"$TESSERA" serve --port 0 --threads 2 --max-body 65536 --store "$work/studio.db" --web none >"$work/out" 2>"$work/err" &
server=$!
trap 'kill -KILL $server 2>/dev/null; rm -rf "$work"' EXIT
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/out")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] && ok || { bad "server did not start"; cat "$work/err"; e2e_summary; exit 1; }
python3 -c 'import json,sys; print(json.dumps({"blueprint": json.load(open(sys.argv[1]))}))' \
  data/design/blueprints/catalog.json >"$work/create.json"
python3 tests/cli/serve_client.py call "$port" POST /blueprints "$(cat "$work/create.json")" | head -1 |
  grep -q '^201$' && ok || bad "create"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
done_requests=0 warm_rss="" rounds=0 wrong=0 seen=""
while [ "$done_requests" -lt "$total" ] && [ "$rounds" -lt 200 ]; do
  rounds=$((rounds + 1))
  wrk -t1 -c8 -d2s --timeout 5s -s tests/server/serve_mixed.lua "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
  line=$(grep '^mixed:' "$work/wrk.txt")
  [ -n "$line" ] || { bad "round $rounds: wrk gave no count"; cat "$work/wrk.txt"; break; }
  n=$(echo "$line" | awk '{print $2}')
  w=$(echo "$line" | awk '{print $4}')
  done_requests=$((done_requests + n))
  [ "$w" -eq 0 ] || { wrong=$((wrong + w)); echo "round $rounds: $line"; }
  grep -q "Socket errors" "$work/wrk.txt" && bad "round $rounds: $(grep 'Socket errors' "$work/wrk.txt")"
  seen="$seen $(sed -n 's/^statuses: //p' "$work/wrk.txt")"
  python3 tests/server/serve_limits.py bad_loop "$port" 65536 20 >"$work/bad.txt" 2>&1
  grep -q '^checks: [0-9]* 0$' "$work/bad.txt" || { bad "round $rounds: bad loop"; grep FAIL "$work/bad.txt"; }
  if [ -z "$warm_rss" ] && [ "$done_requests" -ge $((total / 5)) ]; then warm_rss=$(rss); fi
done
end_rss=$(rss)
echo "memory: $done_requests mixed requests and $((rounds * 80)) bad connections in $rounds rounds; RSS after warm-up ${warm_rss} KiB, at the end ${end_rss} KiB"
[ "$done_requests" -ge "$total" ] && ok || bad "only $done_requests of $total requests answered"
[ "$wrong" -eq 0 ] && ok || bad "$wrong answers with a wrong status or not the JSON error document"
for st in 200 400 404 405 409 414 422; do
  case " $seen " in *" $st "*) ok ;; *) bad "no answer $st seen: the mix did not run" ;; esac
done
if [ "$memory_check" = 0 ]; then
  echo "note: memory not judged in the sanitizer build (ASan quarantine); LeakSanitizer judges at exit"
elif [ -n "$warm_rss" ] && [ $((end_rss - warm_rss)) -le "$slack" ]; then ok
else bad "memory grew from ${warm_rss} to ${end_rss} KiB (more than $slack KiB)"; fi
python3 tests/cli/serve_client.py call "$port" GET /health | head -1 | grep -q '^200$' && ok || bad "health after load"
kill -TERM "$server"
wait "$server"
status=$?
[ "$status" -eq 0 ] && ok || { bad "exit status $status after load"; tail -20 "$work/err"; }
e2e_summary
