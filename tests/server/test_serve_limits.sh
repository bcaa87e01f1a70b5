#!/usr/bin/env bash
# test_serve_limits.sh - `tessera serve`'s defences, end to end on
# 127.0.0.1 over raw sockets (tests/server/serve_limits.py): clients that
# trickle bytes are cut at the request deadline while others are served,
# chunked bodies over --max-body get 413, and connections are capped per
# client address.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e_lib.sh
TESSERA=${TESSERA:-build/tessera}
LIMITS="python3 tests/server/serve_limits.py"
export TESSERA_SOURCE_DIR=${TESSERA_SOURCE_DIR:-$PWD}
work=$(mktemp -d /tmp/tessera-limits.XXXXXX)
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
  "$TESSERA" serve --port 0 --web none "$@" >"$work/$name.out" 2>"$work/$name.err" &
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
