#!/usr/bin/env bash
# test_serve.sh - `tessera serve` end to end on 127.0.0.1: options and
# startup line, the API and every kind of bad request over real sockets
# (tests/cli/serve_client.py), a request in flight finishing across SIGTERM
# with its edit stored, two servers on one store, a read-only server, and a
# restart after SIGKILL keeping every committed version.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e_lib.sh
TESSERA=${TESSERA:-build/tessera}
CLIENT="python3 tests/cli/serve_client.py"
export TESSERA_SOURCE_DIR=${TESSERA_SOURCE_DIR:-$PWD}
work=$(mktemp -d /tmp/tessera-serve.XXXXXX)
pids=()
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
  "$TESSERA" serve --port 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
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

# stop PID [SIGNAL]: SIGTERM (or SIGNAL) and wait; sets STATUS.
stop() {
  kill -"${2:-TERM}" "$1"
  wait "$1"
  STATUS=$?
}

# --- options -------------------------------------------------------------
expect_exit 0 "serve --help" -- "$TESSERA" serve --help
expect_grep "max-body" "$(e2e_out)" "help lists --max-body"
expect_exit 2 "unknown option" -- "$TESSERA" serve --prot 1
expect_grep "unrecognized option" "$(e2e_err)" "unknown option named"
expect_exit 2 "bad port" -- "$TESSERA" serve --port 70000
expect_exit 2 "bad max-body" -- "$TESSERA" serve --max-body 12k
expect_exit 2 "operand" -- "$TESSERA" serve extra
expect_exit 2 "store is a folder" -- "$TESSERA" serve --port 0 --store "$work"
expect_grep "$work" "$(e2e_err)" "store error names the path"
expect_exit 2 "missing web folder" -- "$TESSERA" serve --port 0 --store "$work/x.db" --web "$work/nope"
expect_exit 2 "bad bind address" -- "$TESSERA" serve --port 0 --store "$work/x.db" --bind example.org
"$TESSERA" --help | grep -q "serve" && ok || bad "tessera --help lists serve"

# --- the API and bad requests over sockets --------------------------------
if start main --store "$work/studio.db" --max-body 65536 --idle-timeout 2 --tasks data/arc-agi-1/training; then
  ok
  expect_grep "^tessera serve: listening on http://127.0.0.1:$PORT/ \(store $work/studio.db; web .*; 400 tasks" \
    "$work/main.out" "startup line"
  expect_exit 1 "port in use" -- "$TESSERA" serve --port "$PORT" --store "$work/other.db"
  expect_grep "cannot listen" "$(e2e_err)" "port in use message"
  $CLIENT abuse "$PORT" 65536 2 >"$work/abuse.txt" 2>&1
  grep '^FAIL' "$work/abuse.txt"
  line=$(grep '^checks:' "$work/abuse.txt")
  if [ -n "$line" ]; then
    PASS=$((PASS + $(echo "$line" | awk '{print $2}')))
    FAIL=$((FAIL + $(echo "$line" | awk '{print $3}')))
  else
    bad "abuse client did not finish"
    tail -5 "$work/abuse.txt"
  fi

  # a request in flight when SIGTERM arrives is answered, and its edit stored
  $CLIENT call "$PORT" GET /blueprints/1 >"$work/get.txt"
  version=$(sed 1d "$work/get.txt" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
  $CLIENT inflight "$PORT" 1 "$version" "$work/go" >"$work/inflight.txt" 2>&1 &
  client=$!
  for _ in $(seq 1 100); do grep -q ready "$work/inflight.txt" && break; sleep 0.05; done
  kill -TERM "$PID"
  touch "$work/go"
  wait "$client"
  wait "$PID"
  STATUS=$?
  expect_grep "^200 $((version + 1))$" "$work/inflight.txt" "in-flight edit answered across SIGTERM"
  [ "$STATUS" -eq 0 ] && ok || bad "exit status after SIGTERM: $STATUS"
  expect_grep "stopped, store closed" "$work/main.err" "shutdown message"
  [ ! -e "$work/studio.db-wal" ] && ok || bad "WAL left behind after a clean stop"
else
  bad "server did not start"
  cat "$work/main.err"
fi

# --- the store after a restart; two servers on one store; read-only -------
if start a --store "$work/studio.db" --web none; then
  PA=$PORT A=$PID
  $CLIENT call "$PA" GET /blueprints/1 >"$work/after.txt"
  expect_grep '"bg_color": "#008000"' "$work/after.txt" "the in-flight edit survived the restart"
  if start b --store "$work/studio.db" --web none; then
    PB=$PORT B=$PID
    $CLIENT call "$PA" POST /blueprints/1/edit '{"command": "make the title italic"}' >"$work/ea.txt"
    $CLIENT call "$PB" GET /blueprints/1/versions >"$work/vb.txt"
    expect_grep '"command": "make the title italic"' "$work/vb.txt" "server B sees server A's edit"
    $CLIENT call "$PB" POST /blueprints/1/edit '{"command": "make the title uppercase"}' >"$work/eb.txt"
    expect_grep '^200$' "$work/eb.txt" "server B edits the same store"
    stop "$B" INT
    [ "$STATUS" -eq 0 ] && ok || bad "exit status after SIGINT: $STATUS"
    expect_grep "SIGINT received" "$work/b.err" "SIGINT stops the server"
  else
    bad "second server did not start"
  fi
  if start ro --store "$work/studio.db" --web none --read-only; then
    $CLIENT call "$PORT" POST /blueprints/1/undo >"$work/ro.txt"
    expect_grep '^403$' "$work/ro.txt" "read-only server refuses writes"
    $CLIENT call "$PORT" GET /blueprints/1/versions >"$work/ro2.txt"
    expect_grep '"command": "make the title uppercase"' "$work/ro2.txt" "read-only server serves reads"
    expect_grep "read-only" "$work/ro.out" "startup line says read-only"
    stop "$PID"
  else
    bad "read-only server did not start"
  fi
  # SIGKILL in the middle of a run of edits: every answered edit is there after a restart
  for c in red blue green red blue; do
    $CLIENT call "$PA" POST /blueprints/1/edit "{\"command\": \"make the button $c\"}" >/dev/null
  done
  $CLIENT call "$PA" GET /blueprints/1 >"$work/before.txt"
  kill -KILL "$A"
  wait "$A" 2>/dev/null
  if start c --store "$work/studio.db" --web none; then
    $CLIENT call "$PORT" GET /blueprints/1 >"$work/killed.txt"
    cmp -s "$work/before.txt" "$work/killed.txt" && ok || bad "state after SIGKILL differs"
    stop "$PID"
  else
    bad "restart after SIGKILL failed"
  fi
else
  bad "restart did not start"
  cat "$work/a.err"
fi

e2e_summary
