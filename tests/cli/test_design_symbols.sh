#!/usr/bin/env bash
# test_design_symbols.sh - the design library exports only design_* names
# (one prefix per layer, TEAM.md), so files added to src/design and other
# layers linked with it cannot collide with its internals. Reads the symbol
# table of the built static library next to $TESSERA.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
LIB="$(dirname "$T")/libtessera_design.a"

if [ -f "$LIB" ]; then ok; else bad "no design library at $LIB"; fi
exported=$(nm -g --defined-only "$LIB" 2>/dev/null | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u)
if [ -n "$exported" ]; then ok; else bad "nm found no exported symbols in $LIB"; fi
stray=$(printf '%s\n' "$exported" | grep -v '^design_' || true)
if [ -z "$stray" ]; then ok; else bad "exported without the design_ prefix: $(echo $stray)"; fi
# the public API is among them (so the check reads the right table)
for f in design_blueprint_load design_edit design_result_json; do
  if printf '%s\n' "$exported" | grep -qx "$f"; then ok; else bad "$f is not exported"; fi
done

e2e_summary
