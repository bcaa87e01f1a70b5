#!/usr/bin/env bash
# test_import_roundtrip.sh - the sketch importer measured by a round trip
# (tests/design/roundtrip.py): the sample blueprints and 24 generated ones
# (tests/design/gen_blueprints.py, fixed seed) are rendered, imported and
# compared - components matched by IoU >= 0.9, types exact, colours exact.
# At least 90% of the components must come back with the right type, with
# the font, with placeholder text, and at scale 2. docs/DESIGN.md has the
# figures.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 tests/design/gen_blueprints.py --count 24 --seed 1 --out "$WORK/gen" && ok || bad "generating blueprints"
set -- data/design/blueprints/*.json "$WORK"/gen/*.json
for mode in font placeholders scale2; do
  case $mode in
    font) opts=() ;;
    placeholders) opts=(--placeholders) ;;
    scale2) opts=(--scale 2) ;;
  esac
  if python3 tests/design/roundtrip.py --tessera "$T" --work "$WORK/$mode" --confusions "${opts[@]}" "$@" >"$WORK/$mode.log" 2>&1; then
    ok
  else
    bad "round trip ($mode) below 90% right type"
    grep -E '^(FAIL|  )' "$WORK/$mode.log" | head -20
  fi
  echo "$mode: $(grep '^total:' "$WORK/$mode.log")"
done
e2e_summary
