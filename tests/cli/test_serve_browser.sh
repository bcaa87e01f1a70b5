#!/usr/bin/env bash
# test_serve_browser.sh - the web editor end to end in Debian's headless
# Chromium (tests/browser-editor/editor.test.mjs, playwright-core pinned in
# tests/browser-editor/package-lock.json and installed here with `npm ci`
# when absent). Chromium, node and npm come from `make deps`; a missing one
# is a failure with its reason, never a silent skip.
# SCREENSHOTS=DIR also saves the editor's screenshots there (docs/ uses them).
set -u
cd "$(dirname "$0")/../.."
TESSERA=${TESSERA:-build/tessera}
export TESSERA_SOURCE_DIR=${TESSERA_SOURCE_DIR:-$PWD}
dir=tests/browser-editor
fail() { echo "FAIL $*"; echo "0 passed, 1 failed"; exit 1; }

command -v node >/dev/null || fail "node is not installed (make deps installs nodejs)"
command -v npm >/dev/null || fail "npm is not installed (make deps installs npm)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "chromium is not installed (make deps installs it)"
if [ ! -d "$dir/node_modules/playwright-core" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >/tmp/tessera-npm.$$ 2>&1 ||
    { cat /tmp/tessera-npm.$$; rm -f /tmp/tessera-npm.$$; fail "npm ci in $dir"; }
  rm -f /tmp/tessera-npm.$$
fi

work=$(mktemp -d /tmp/tessera-browser.XXXXXX)
"$TESSERA" serve --port 0 --store "$work/studio.db" --tasks data/arc-agi-1/training >"$work/out" 2>"$work/err" &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/out")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.05
done
[ -n "$port" ] || { cat "$work/err"; fail "the server did not start"; }
# the browser gets a minute; a hang is a failure, not a stuck suite
timeout 120 node "$dir/editor.test.mjs" "http://127.0.0.1:$port" ${SCREENSHOTS:+"$SCREENSHOTS"}
rc=$?
[ $rc -eq 124 ] && fail "the browser test timed out"
exit $rc
