#!/usr/bin/env bash
# test_codegen_layout.sh - the code generators checked in a real browser:
# for each sample blueprint, tests/browser/data/*.json and generated
# blueprints, `tessera design generate --html` and `--react` (the React
# project built with its own `npm run build`, i.e. the pinned esbuild), then
# layout.mjs loads every page in headless Chromium and compares each
# component's box and colours with the blueprint.
# npm packages come from package-lock.json (npm ci) when node_modules is
# missing; Chromium is Debian's (make deps installs it).
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
HERE=tests/browser
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -d "$HERE/node_modules/esbuild" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >"$WORK/npm.log" 2>&1 ||
    { bad "npm ci in $HERE"; tail -5 "$WORK/npm.log"; e2e_summary; exit 1; }
fi
[ -x /usr/bin/chromium ] || { bad "/usr/bin/chromium is missing (make deps installs it)"; e2e_summary; exit 1; }

# the generated project pins the versions this test installs
for p in react react-dom esbuild; do
  want=$(node -e "console.log(require('./$HERE/package.json').devDependencies['$p'])")
  "$T" design generate data/design/blueprints/storefront.json --react "$WORK/pin" --force >/dev/null 2>&1
  got=$(node -e "const j=require('$WORK/pin/package.json'); console.log((j.dependencies||{})['$p']||(j.devDependencies||{})['$p'])")
  [ "$want" = "$got" ] && ok || bad "generated package.json pins $p $got, the test uses $want"
done

blueprints=(data/design/blueprints/*.json "$HERE"/data/*.json)
python3 tests/design/gen_blueprints.py --count 6 --seed 7 --out "$WORK/gen" && blueprints+=("$WORK"/gen/*.json) || bad "generating blueprints"
pages=()
for bp in "${blueprints[@]}"; do
  name=$(basename "$bp" .json)
  expect_exit 0 "generate --html $name" -- "$T" design generate "$bp" --html "$WORK/$name.html"
  expect_exit 0 "generate --react $name" -- "$T" design generate "$bp" --react "$WORK/$name-react"
  ln -s "$PWD/$HERE/node_modules" "$WORK/$name-react/node_modules"
  if (cd "$WORK/$name-react" && npm run --silent build) >"$WORK/build.log" 2>&1; then ok; else
    bad "npm run build of $name"; tail -5 "$WORK/build.log"; fi
  pages+=("$bp" "$WORK/$name.html" "$bp" "$WORK/$name-react/index.html")
done
mkdir -p "$WORK/shots"
if node "$HERE/layout.mjs" --shots "$WORK/shots" "${pages[@]}" >"$WORK/layout.log" 2>&1; then ok; else bad "browser layout checks"; fi
grep -v '^[0-9]* passed' "$WORK/layout.log" | head -40
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$WORK/layout.log" | tail -1)
echo "browser checks: ${line:-none}"
if [ -n "$line" ]; then
  PASS=$((PASS + $(echo "$line" | awk '{print $1}')))
  FAIL=$((FAIL + $(echo "$line" | awk '{print $3}')))
fi

# Chromium's screenshots of the generated HTML pages, imported back: a
# picture the renderer did not draw (the browser's own text and
# anti-aliased corners). Every import must succeed with a valid blueprint;
# the match is reported (docs/DESIGN.md), not held to a figure.
if python3 tests/design/roundtrip.py --tessera "$T" --work "$WORK/import" --images "$WORK/shots" --require 0 \
     --confusions "${blueprints[@]}" >"$WORK/import.log" 2>&1; then ok; else
  bad "import of a browser screenshot failed"; grep -E '^(FAIL|  )' "$WORK/import.log" | head; fi
echo "screenshots imported: $(grep '^total:' "$WORK/import.log")"
e2e_summary
