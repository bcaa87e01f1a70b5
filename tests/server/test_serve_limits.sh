#!/usr/bin/env bash
# test_serve_limits.sh - `tessera serve`'s defences, end to end on
# 127.0.0.1 over raw sockets (tests/server/serve_limits.py): a --bind that
# is not a numeric address of this machine exits 2 creating nothing, clients that
# trickle bytes are cut at the request deadline while others are served,
# chunked bodies over --max-body get 413, a store file that cannot be
# written (0444 in a 0555 folder) is served read-only with writes refused,
# and connections are capped per client address.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e_lib.sh
TESSERA=${TESSERA:-build/tessera}
LIMITS="python3 tests/server/serve_limits.py"
export TESSERA_SOURCE_DIR=${TESSERA_SOURCE_DIR:-$PWD}
work=$(mktemp -d /tmp/tessera-limits.XXXXXX)
pids=()
AS_USER=() # a command prefix for start (setpriv ...), exec'ing the server
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# start NAME ARGS...: runs the server in the background, waits for its
# startup line, sets PORT and PID.
start() {
  local name=$1
  shift
  "${AS_USER[@]}" "$TESSERA" serve --port 0 --web none "$@" >"$work/$name.out" 2>"$work/$name.err" &
  PID=$!
  pids+=("$PID")
  PORT=""
  for _ in $(seq 1 200); do
    PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/$name.out")
    [ -n "$PORT" ] && return 0
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.05
  done
  return 1
}

# add_checks FILE: adds the "checks: P F" line of a serve_limits.py run
add_checks() {
  grep '^FAIL' "$1"
  local line
  line=$(grep '^checks:' "$1")
  if [ -n "$line" ]; then
    PASS=$((PASS + $(echo "$line" | awk '{print $2}')))
    FAIL=$((FAIL + $(echo "$line" | awk '{print $3}')))
  else
    bad "$1: the client did not finish"
    tail -5 "$1"
  fi
}

# stop PID: SIGTERM, wait, the exit status must be 0.
stop() {
  kill -TERM "$1"
  wait "$1"
  local status=$?
  [ "$status" -eq 0 ] && ok || bad "exit status $status after SIGTERM"
}

# --- --bind: a numeric address of this machine, else exit 2 --------------
for addr in localhost example.org "[::1]" 1.2.3 "" 127.0.0.1:80 192.0.2.1; do
  expect_exit 2 "--bind '$addr'" -- "$TESSERA" serve --port 0 --web none --store "$work/bind.db" --bind "$addr"
  grep -qF "invalid value '$addr' for --bind" "$(e2e_err)" && ok || bad "--bind '$addr': the message does not name it"
done
[ ! -e "$work/bind.db" ] && ok || bad "a bad --bind created the store"
"$TESSERA" serve --port 0 --web none --store "$work/bind.db" --bind 0.0.0.0 >"$work/bind4.out" 2>&1 &
PID=$!
pids+=("$PID")
for _ in $(seq 1 100); do grep -q "listening" "$work/bind4.out" && break; sleep 0.05; done
grep -q "listening on http://0.0.0.0:" "$work/bind4.out" && ok || bad "--bind 0.0.0.0: $(cat "$work/bind4.out")"
stop "$PID"

# --- slow clients: a request deadline, not only an idle timeout -----------
expect_exit 2 "bad request timeout" -- "$TESSERA" serve --request-timeout 0
expect_exit 2 "bad per-ip limit" -- "$TESSERA" serve --max-per-ip x
"$TESSERA" serve --help | grep -q -- "--request-timeout" && ok || bad "help lists --request-timeout"
if start slow --store "$work/slow.db" --idle-timeout 3 --request-timeout 4 --threads 2; then
  $LIMITS trickle "$PORT" 4 >"$work/trickle.txt" 2>&1
  add_checks "$work/trickle.txt"
  stop "$PID"
else
  bad "server did not start"
  cat "$work/slow.err"
fi

# --- chunked bodies over --max-body: 413 however long they go on ---------
if start chunked --store "$work/chunked.db" --max-body 65536; then
  $LIMITS chunked "$PORT" 65536 >"$work/chunked.txt" 2>&1
  add_checks "$work/chunked.txt"
  stop "$PID"
else
  bad "server did not start"
  cat "$work/chunked.err"
fi

# --- a store that cannot be written: read-only, served, writes refused ---
# As root every file is writable, so the server runs as nobody there.
as_user=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else echo "note: root without setpriv: the read-only store checks are skipped"; fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  chmod 0755 "$work"
  mkdir "$work/ro"
  CLIENT="python3 tests/cli/serve_client.py"
  python3 -c 'import json,sys; print(json.dumps({"blueprint": json.load(open(sys.argv[1]))}))' \
    data/design/blueprints/catalog.json >"$work/create.json"
  if start rw --store "$work/ro/studio.db"; then
    $CLIENT call "$PORT" POST /blueprints "$(cat "$work/create.json")" | head -1 | grep -q '^201$' && ok || bad "create"
    $CLIENT call "$PORT" POST /blueprints/1/edit '{"command": "make the subscribe button red"}' | head -1 | grep -q '^200$' && ok || bad "edit"
    stop "$PID"
  else
    bad "server did not start"
  fi
  chmod 0444 "$work/ro/studio.db"
  chmod 0555 "$work/ro"
  ls "$work/ro" >"$work/ro-before.txt"
  ro_checks() { # NAME: the server started as NAME serves reads and refuses writes
    expect_grep "read-only" "$work/$1.out" "$1: startup line says read-only"
    $CLIENT call "$PORT" GET /blueprints/1 >"$work/$1-get.txt"
    expect_grep '^\{"id": 1, "name": "catalog", "version": 2,' "$work/$1-get.txt" "$1: the last version (2) is served"
    for path in /blueprints /blueprints/1 /blueprints/1/versions /blueprints/1/versions/1 /blueprints/1/check \
                "/blueprints/1/render" "/blueprints/1/generate?target=html"; do
      $CLIENT call "$PORT" GET "$path" | head -1 | grep -q '^200$' && ok || bad "$1: GET $path"
    done
    $CLIENT call "$PORT" POST /check "{\"blueprint\": $(cat data/design/blueprints/catalog.json)}" | head -1 |
      grep -q '^200$' && ok || bad "$1: POST /check (no write) is served"
    while read -r method path body; do
      $CLIENT call "$PORT" "$method" "$path" "$body" >"$work/$1-w.txt"
      if head -1 "$work/$1-w.txt" | grep -q '^403$' && grep -q '"code": "read_only"' "$work/$1-w.txt"; then ok
      else bad "$1: $method $path: $(head -c 200 "$work/$1-w.txt")"; fi
    done <<WRITES
POST /blueprints $(cat "$work/create.json" | tr -d '\n')
POST /blueprints/1/edit {"command": "make the subscribe button navy"}
PUT /blueprints/1 $(cat "$work/create.json" | tr -d '\n')
POST /blueprints/1/undo {}
POST /blueprints/1/fix {}
DELETE /blueprints/1 {}
WRITES
  }
  AS_USER=("${as_user[@]}")
  for mode in auto flag; do
    flag=()
    [ "$mode" = flag ] && flag=(--read-only)
    if start "ro-$mode" --store "$work/ro/studio.db" "${flag[@]}"; then
      ro_checks "ro-$mode"
      stop "$PID"
    else
      bad "ro-$mode: a store in a read-only folder does not start"
      cat "$work/ro-$mode.err"
    fi
  done
  AS_USER=()
  ls "$work/ro" >"$work/ro-after.txt"
  cmp -s "$work/ro-before.txt" "$work/ro-after.txt" && ok || bad "files appeared in the read-only folder"
  # a log with changes that cannot be read there: refused with a clear message, not served stale
  chmod 0755 "$work/ro"
  chmod 0644 "$work/ro/studio.db"
  rm -f "$work/ro/studio.db-shm"
  printf 'not a real log, but not empty' >"$work/ro/studio.db-wal"
  chmod 0555 "$work/ro"
  expect_exit 2 "log that cannot be read" -- "${as_user[@]}" "$TESSERA" serve --port 0 --web none --read-only \
    --store "$work/ro/studio.db"
  expect_grep "studio.db-wal" "$(e2e_err)" "the message names the log"
  chmod 0755 "$work/ro"
fi

# --- connections per client address ---------------------------------------
if start perip --store "$work/perip.db" --max-per-ip 4; then
  $LIMITS per_ip "$PORT" 4 >"$work/perip.txt" 2>&1
  add_checks "$work/perip.txt"
  stop "$PID"
else
  bad "server did not start"
  cat "$work/perip.err"
fi

e2e_summary
