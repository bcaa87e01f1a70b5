#!/usr/bin/env bash
# test_design_cli.sh - end-to-end checks of `tessera design` through the real
# binary ($TESSERA): the acceptance corpus, exit codes, -o / -i, check, fix,
# bench output, invalid blueprints and byte-identical reruns.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
BP=data/design/blueprints
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
OUT=$(e2e_out)

# the corpus and our phrasing variants
expect_exit 0 "acceptance corpus" -- "$T" design test data/design/acceptance.jsonl --blueprints "$BP"
expect_grep '^30 passed, 0 failed$' "$OUT" "corpus summary"
expect_exit 0 "phrasing variants" -- "$T" design test tests/design/data/variants.jsonl --blueprints "$BP"
expect_grep '^[0-9]+ passed, 0 failed$' "$OUT" "variants summary"
printf '%s\n' '{"id": "x", "blueprint": "storefront.json", "command": "make the button red", "expect": {"status": "failed", "checks": []}}' >"$WORK/bad.jsonl"
expect_exit 1 "failing corpus exits 1" -- "$T" design test "$WORK/bad.jsonl" --blueprints "$BP"
expect_grep '^FAIL x: ' "$OUT" "failure is printed"
expect_grep '^0 passed, 1 failed$' "$OUT" "failing summary"
expect_exit 2 "corpus without --blueprints" -- "$T" design test data/design/acceptance.jsonl

# edit: exit codes by status, result JSON on stdout whatever the status
expect_exit 0 "success" -- "$T" design edit "$BP/storefront.json" "make the button red"
expect_grep '"status": "success"' "$OUT" "success status"
expect_exit 1 "failed" -- "$T" design edit "$BP/storefront.json" "make the footer red"
expect_grep '"status": "failed"' "$OUT" "failed status printed"
expect_exit 1 "ambiguous" -- "$T" design edit "$BP/storefront.json" "make the card bigger"
expect_grep '"candidates": \["product_card_1", "product_card_2"\]' "$OUT" "ambiguity lists candidates"
expect_exit 1 "conflict" -- "$T" design edit "$BP/storefront.json" "delete the header and make it bigger"
expect_grep '"status": "conflict"' "$OUT" "conflict status"
expect_exit 1 "partial" -- "$T" design edit "$BP/storefront.json" "make the button bigger and make the footer red" --partial
expect_grep '"status": "partial"' "$OUT" "partial status"
expect_exit 2 "empty command" -- "$T" design edit "$BP/storefront.json" ""
expect_exit 2 "missing blueprint" -- "$T" design edit "$WORK/none.json" "make it red"
expect_grep '"status": "invalid"' "$OUT" "missing file still prints a result"
expect_exit 2 "no arguments" -- "$T" design edit
expect_exit 2 "unknown option" -- "$T" design edit "$BP/storefront.json" "x" --frobnicate
expect_exit 2 "-o with -i" -- "$T" design edit "$BP/storefront.json" "x" -o "$WORK/a.json" -i
expect_exit 2 "unknown subcommand" -- "$T" design frob

# invalid blueprints: every problem listed, exit 2
printf '%s' '{"tokens": {}, "components": [{"id": "a", "type": "button", "bbox": [0, 0, 0, 10]}, {"id": "a", "type": "nope", "bbox": [0, 0, 5, 5]}]}' >"$WORK/invalid.json"
expect_exit 2 "invalid blueprint" -- "$T" design edit "$WORK/invalid.json" "make the button red"
expect_grep '"status": "invalid"' "$OUT" "invalid status"
expect_grep 'screen_id: is required' "$OUT" "missing screen_id listed"
expect_grep 'components\[0\].bbox: width must be greater than 0' "$OUT" "zero width listed"
expect_grep 'components\[1\].type: unknown type' "$OUT" "unknown type listed"
expect_grep 'components\[1\].id: duplicate id' "$OUT" "duplicate id listed"
printf 'not json' >"$WORK/garbage.json"
expect_exit 2 "not JSON" -- "$T" design edit "$WORK/garbage.json" "make the button red"
expect_exit 2 "check on invalid" -- "$T" design check "$WORK/invalid.json"

# byte-identical reruns
"$T" design edit "$BP/catalog.json" "make the title bigger and change its color to navy" >"$WORK/r1.json"
"$T" design edit "$BP/catalog.json" "make the title bigger and change its color to navy" >"$WORK/r2.json"
if cmp -s "$WORK/r1.json" "$WORK/r2.json"; then ok; else bad "reruns differ"; fi

# -o writes the new blueprint, the input stays as it was
cp "$BP/storefront.json" "$WORK/in.json"
expect_exit 0 "edit -o" -- "$T" design edit "$WORK/in.json" "make the header smaller" -o "$WORK/out.json"
if cmp -s "$BP/storefront.json" "$WORK/in.json"; then ok; else bad "-o modified the input"; fi
expect_grep '"bbox": \[0, 0, 375, 80\]' "$WORK/out.json" "-o holds the edit"
expect_exit 0 "output reloads" -- "$T" design check "$WORK/out.json"
# a refused edit writes nothing
expect_exit 1 "refused -o" -- "$T" design edit "$WORK/in.json" "make the footer red" -o "$WORK/none-written.json"
if [ ! -e "$WORK/none-written.json" ]; then ok; else bad "refused edit wrote -o"; fi

# -i replaces the input atomically
expect_exit 0 "edit -i" -- "$T" design edit "$WORK/in.json" "make the button red" -i
expect_grep '"bg_color": "#FF0000"' "$WORK/in.json" "-i wrote the edit"
if ls "$WORK"/in.json.tmp.* >/dev/null 2>&1; then bad "temporary file left behind"; else ok; fi
cp "$WORK/in.json" "$WORK/before.json"
expect_exit 1 "refused -i" -- "$T" design edit "$WORK/in.json" "make the footer red" -i
if cmp -s "$WORK/in.json" "$WORK/before.json"; then ok; else bad "refused -i changed the file"; fi

# check: 0 when clean, 1 with violations
expect_exit 0 "check clean" -- "$T" design check "$BP/storefront.json"
printf '%s' '{"screen_id": "s", "tokens": {"base_spacing": 12}, "components": [{"id": "b", "type": "button", "bbox": [16, 0, 100, 30], "visual": {"font_size": 10}}]}' >"$WORK/dirty.json"
expect_exit 1 "check dirty" -- "$T" design check "$WORK/dirty.json"
expect_grep '"rule": "min_height"' "$OUT" "violation listed"

# fix, then the fixed blueprint checks clean
expect_exit 0 "fix -o" -- "$T" design fix "$WORK/dirty.json" -o "$WORK/fixed.json"
expect_grep '"path": "tokens.base_spacing"' "$OUT" "fix lists its changes"
expect_exit 0 "fixed is clean" -- "$T" design check "$WORK/fixed.json"
expect_grep '"base_spacing": 16' "$WORK/fixed.json" "spacing snapped"
cp "$WORK/dirty.json" "$WORK/dirty2.json"
expect_exit 0 "fix -i" -- "$T" design fix "$WORK/dirty2.json" -i
expect_grep '"font_size": 12' "$WORK/dirty2.json" "fix -i wrote"

# bench output format
printf '%s\n' "make the title bigger and change its color to navy" "hide the banner and make the search field smaller" >"$WORK/cmds.txt"
expect_exit 0 "bench" -- "$T" design bench "$BP/catalog.json" --commands "$WORK/cmds.txt" --repeat 20 --no-cache
expect_grep '^ *[0-9]+\.[0-9]+ us +success +make the title bigger' "$OUT" "per-command median line"
if tail -n 1 "$OUT" | grep -qE '^median_us=[0-9]+\.[0-9]+$'; then ok; else bad "last line is not median_us=X"; fi
expect_grep 'cache=off' "$OUT" "--no-cache reported"
expect_exit 0 "bench with cache" -- "$T" design bench "$BP/catalog.json" --commands "$WORK/cmds.txt" --repeat 20
expect_grep 'cache=on json=off hits=[1-9]' "$OUT" "cache hits counted"
expect_exit 2 "bench without commands" -- "$T" design bench "$BP/catalog.json"
expect_exit 2 "bench bad repeat" -- "$T" design bench "$BP/catalog.json" --commands "$WORK/cmds.txt" --repeat 0

# --help on every design command
for sub in edit check fix test bench generate; do
  expect_exit 0 "design $sub --help" -- "$T" design "$sub" --help
  expect_grep "Usage: tessera design" "$OUT" "design $sub --help prints the usage"
done

# -o through a symbolic link writes the file it points to and keeps the link
: >"$WORK/real.json"
ln -s "$WORK/real.json" "$WORK/link.json"
expect_exit 0 "edit -o to a symlink" -- "$T" design edit "$BP/catalog.json" "make the title bigger" -o "$WORK/link.json"
if [ -L "$WORK/link.json" ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/real.json"; then ok; else bad "-o replaced the symlink or wrote nothing through it"; fi
if ls "$WORK" | grep -q '\.tmp'; then bad "a temporary file was left behind"; else ok; fi

e2e_summary
