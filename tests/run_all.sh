#!/usr/bin/env bash
# Runs every test executable ($BUILD/test_*) and every end-to-end script
# (tests/*/*.sh, each given the tessera binary as $TESSERA), then prints the
# totals as "N passed, M failed". Exit status 1 when anything failed.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export TESSERA="$PWD/$BUILD/tessera"
export TESSERA_SOURCE_DIR="$PWD"
total_pass=0
total_fail=0
add_counts() { # reads a "N passed, M failed" line from $1
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    echo "  (no summary line: counted as one failure)"
    total_fail=$((total_fail + 1))
    return
  fi
  total_pass=$((total_pass + $(echo "$line" | awk '{print $1}')))
  total_fail=$((total_fail + $(echo "$line" | awk '{print $3}')))
}
out=$(mktemp)
for t in "$BUILD"/test_*; do
  [ -x "$t" ] || continue
  echo "== $(basename "$t")"
  "$t" >"$out" 2>&1
  grep -vE '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 60
  grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | sed 's/^/   /'
  add_counts "$out"
done
for s in tests/*/*.sh; do
  [ -f "$s" ] || continue
  echo "== $s"
  bash "$s" >"$out" 2>&1
  grep -vE '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 60
  grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | sed 's/^/   /'
  add_counts "$out"
done
rm -f "$out"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
