#!/usr/bin/env bash
# test_design_qa3.sh - third QA pass on `tessera design` through the real
# binary ($TESSERA): factors and ordinals that name nothing, relative font
# sizes (tests/design/data/variants_qa3.jsonl, expectations by hand), and
# the command-line findings of that pass (messages, help, corpus checks,
# generated folders, JSON output, size at scale).
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
BP=data/design/blueprints
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)

# factors <= 0, ordinals 0 / negative / huge, font-size amounts
expect_exit 0 "QA3 phrasings" -- "$T" design test tests/design/data/variants_qa3.jsonl --blueprints "$BP"
expect_grep '^25 passed, 0 failed$' "$OUT" "QA3 phrasings summary"
grep '^FAIL' "$OUT" | head -20
expect_exit 1 "0 times bigger is refused" -- "$T" design edit "$BP/about.json" "make the photo 0 times bigger"
expect_grep '"status": "failed"' "$OUT" "0 times: failed"

# design check on 2,000 buttons on one spot: 1,999,000 overlaps, 1,000 listed, the rest counted
python3 - "$WORK/stack.json" <<'PY'
import json, sys
comps = [{"id": "b_%d" % i, "type": "button", "bbox": [16 + i % 7, 16 + i % 5, 100, 60]} for i in range(2000)]
json.dump({"screen_id": "stack", "tokens": {}, "components": comps}, open(sys.argv[1], "w"))
PY
expect_exit 1 "check of an overlapping stack" -- "$T" design check "$WORK/stack.json"
expect_grep '"violations_unlisted": 1998000' "$OUT" "the rest is counted"
expect_grep '1999000 problems found; the first 1000 are listed' "$OUT" "check message"
if [ "$(grep -c '"rule": "overlap"' "$OUT")" = 1000 ]; then ok; else bad "check lists 1000 overlaps"; fi
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" 2>/dev/null && ok || bad "check output is JSON"
expect_exit 0 "edit on an overlapping stack" -- "$T" design edit "$WORK/stack.json" "make b_7 red"
expect_grep '"existing_violations_unlisted": 1998000' "$OUT" "existing overlaps counted"

# design test: every expectation line is checked first, FILE:LINE named, exit 2, nothing run
good='{"id": "ok", "blueprint": "storefront.json", "command": "make the button red", "expect": {"status": "success"}}'
corpus_case() { # NAME LINE PATTERN
  printf '%s\n%s\n' "$good" "$2" >"$WORK/c.jsonl"
  expect_exit 2 "corpus: $1" -- "$T" design test "$WORK/c.jsonl" --blueprints "$BP"
  expect_grep "c.jsonl:2: .*$3" "$ERR" "corpus: $1 names the line"
  if grep -q 'passed' "$OUT"; then bad "corpus: $1 ran cases"; else ok; fi
}
corpus_case "not JSON" 'this is not json' 'not a JSON object'
corpus_case "truncated JSON" '{"id": "x", "blueprint": "storefront.json"' 'not a JSON object'
corpus_case "an array" '[1, 2]' 'a case must be a JSON object'
corpus_case "missing command" '{"id": "x", "blueprint": "storefront.json", "expect": {"status": "success"}}' 'missing "command"'
corpus_case "command a number" '{"blueprint": "storefront.json", "command": 7, "expect": {"status": "success"}}' '"command" must be a string'
corpus_case "missing expect" '{"blueprint": "storefront.json", "command": "hide the footer"}' 'missing "expect"'
corpus_case "unknown status" '{"blueprint": "storefront.json", "command": "x", "expect": {"status": "succes"}}' 'expect.status must be one of'
corpus_case "checks not a list" '{"blueprint": "storefront.json", "command": "x", "expect": {"checks": {"a": 1}}}' 'expect.checks must be an array'
corpus_case "unknown op" '{"blueprint": "storefront.json", "command": "x", "expect": {"checks": [["message", "===", "a"]]}}' 'expect.checks\[0\]: unknown OP "==="'
corpus_case "check too short" '{"blueprint": "storefront.json", "command": "x", "expect": {"checks": [["message"]]}}' 'expect.checks\[0\]: must be \[PATH, OP\]'
corpus_case "number op on a string" '{"blueprint": "storefront.json", "command": "x", "expect": {"checks": [["steps.length", ">", "2"]]}}' 'VALUE must be a number'
corpus_case "== without value" '{"blueprint": "storefront.json", "command": "x", "expect": {"checks": [["message", "=="]]}}' 'needs a VALUE'
corpus_case "partial not boolean" '{"blueprint": "storefront.json", "command": "x", "options": {"partial": "yes"}, "expect": {"status": "failed"}}' 'options.partial must be true or false'
corpus_case "unknown option" '{"blueprint": "storefront.json", "command": "x", "options": {"parital": true}, "expect": {"status": "failed"}}' 'unknown option "parital"'
corpus_case "nothing expected" '{"blueprint": "storefront.json", "command": "x", "expect": {}}' 'it would test nothing'
corpus_case "id a number" '{"id": 3, "blueprint": "storefront.json", "command": "x", "expect": {"status": "failed"}}' '"id" must be a string'
printf '%s\n\n%s\n' "$good" '{"blueprint": "storefront.json", "command": "hide the footer", "expect": {"status": "success", "checks": [["components[id=footer_1].hidden", "exists"]]}, "note": "kept"}' >"$WORK/c.jsonl"
expect_exit 1 "a well-formed corpus still runs (one case fails on its merits)" -- "$T" design test "$WORK/c.jsonl" --blueprints "$BP"
expect_grep '^1 passed, 1 failed$' "$OUT" "well-formed corpus summary"

# generate --react --force: only the generated files are replaced, each whole; nothing else removed
expect_exit 0 "react project" -- "$T" design generate "$BP/catalog.json" --react "$WORK/app"
mkdir -p "$WORK/app/notes" && echo mine >"$WORK/app/notes/todo.md" && echo mine >"$WORK/app/LICENSE"
echo "user edit" >"$WORK/app/src/App.jsx"
chmod 600 "$WORK/app/src/tokens.js"
expect_exit 1 "non-empty folder refused without --force" -- "$T" design generate "$BP/catalog.json" --react "$WORK/app"
expect_grep 'keeping the others' "$ERR" "refusal says what --force does"
expect_exit 0 "react --force" -- "$T" design generate "$BP/about.json" --react "$WORK/app" --force
[ "$(cat "$WORK/app/notes/todo.md")" = mine ] && [ "$(cat "$WORK/app/LICENSE")" = mine ] && ok || bad "--force touched user files"
grep -q 'user edit' "$WORK/app/src/App.jsx" && bad "--force did not replace a generated file" || ok
[ -e "$WORK/app/src/components/ProductCard.jsx" ] && ok || bad "--force removed a file of the earlier run"
[ "$(stat -c %a "$WORK/app/src/tokens.js")" = 600 ] && ok || bad "--force changed a replaced file's mode"
ls -aR "$WORK/app" | grep -q 'tmp-' && bad "a temporary file was left" || ok
expect_exit 0 "about project for comparison" -- "$T" design generate "$BP/about.json" --react "$WORK/fresh"
for f in $(cd "$WORK/fresh" && find . -type f); do cmp -s "$WORK/fresh/$f" "$WORK/app/$f" || bad "--force wrote $f differently"; done; ok
# a symbolic link where a generated folder goes: refused, nothing written outside
mkdir -p "$WORK/outside" "$WORK/app2" && echo mine >"$WORK/app2/x.txt" && ln -s "$WORK/outside" "$WORK/app2/src"
expect_exit 1 "symbolic link inside the folder" -- "$T" design generate "$BP/about.json" --react "$WORK/app2" --force
expect_grep 'symbolic link' "$ERR" "the link is named"
[ -z "$(ls -A "$WORK/outside")" ] && ok || bad "wrote through a symbolic link"
[ -e "$WORK/app2/package.json" ] && bad "wrote some files before refusing" || ok
# a read-only folder: the reason, exit 1, the folder as it was
mkdir -p "$WORK/ro" && echo mine >"$WORK/ro/x.txt" && chmod 555 "$WORK/ro"
if [ "$(id -u)" != 0 ]; then
  expect_exit 1 "read-only folder" -- "$T" design generate "$BP/about.json" --react "$WORK/ro" --force
  expect_grep 'Permission denied' "$ERR" "read-only reason"
fi
chmod 755 "$WORK/ro"

# messages name the real file; UTF-16 is named as such; every subcommand has its own --help
printf '{"screen_id": "x", "tokens": {}, "components": [' >"$WORK/trunc.json"
expect_exit 2 "truncated blueprint" -- "$T" design check "$WORK/trunc.json"
expect_grep "^$WORK/trunc.json:1:[0-9]+: invalid JSON" "$ERR" "the file and line:col are named"
grep -q 'blueprint:1:' "$ERR" && bad "the message still says blueprint:L:C" || ok
python3 -c 'import sys; open(sys.argv[2], "wb").write(open(sys.argv[1]).read().encode("utf-16"))' "$BP/about.json" "$WORK/u16.json"
python3 -c 'import sys; open(sys.argv[2], "wb").write(open(sys.argv[1]).read().encode("utf-16-be"))' "$BP/about.json" "$WORK/u16be.json"
for f in u16.json u16be.json; do
  for sub in check "render --png $WORK/x.png" "generate --html $WORK/x.html"; do
    expect_exit 2 "UTF-16 $f: $sub" -- "$T" design $sub "$WORK/$f"
    expect_grep "$f: UTF-16 is not supported, save the file as UTF-8" "$ERR" "UTF-16 $f: $sub message"
  done
done
python3 -c 'import sys; open(sys.argv[1], "wb").write("make the button red\n".encode("utf-16"))' "$WORK/c16.txt"
expect_exit 2 "UTF-16 commands" -- "$T" design bench "$BP/about.json" --commands "$WORK/c16.txt" --repeat 1
expect_grep 'UTF-16 is not supported' "$ERR" "UTF-16 commands message"
for sub in edit check fix test bench render generate import; do
  expect_exit 0 "design $sub --help" -- "$T" design $sub --help
  expect_grep "^Usage: tessera design $sub " "$OUT" "design $sub --help is its own page"
done
expect_grep '--partial' <("$T" design edit --help) "edit --help lists --partial"
expect_grep '--blueprints DIR' <("$T" design test --help) "test --help lists --blueprints"
expect_grep '--no-cache' <("$T" design bench --help) "bench --help lists --no-cache"
expect_grep '--in-place' <("$T" design fix --help) "fix --help lists --in-place"

# bench --json: one valid JSON document with every command, escaped
printf 'make the button red\nchange the title text to "He said \\"hi\\""\nmake it \377 big\n' >"$WORK/bc.txt"
expect_exit 0 "bench --json" -- "$T" design bench "$BP/storefront.json" --commands "$WORK/bc.txt" --repeat 2 --json
python3 - "$OUT" <<'PY' && ok || bad "bench --json is not the documented JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert [c["status"] for c in d["commands"]] == ["success", "success", "failed"], d
assert d["commands"][1]["command"] == 'change the title text to "He said \\"hi\\""', d["commands"][1]
assert all(isinstance(c["median_us"], (int, float)) for c in d["commands"])
for k in ["repeat", "cache", "json", "hits", "misses", "components", "peak_rss_kb", "max_edit_bytes", "median_us"]:
    assert k in d, k
assert d["repeat"] == 2 and d["components"] == 4 and d["json"] is True
PY
expect_exit 0 "bench --generate --json" -- "$T" design bench --generate 50 --commands "$WORK/bc.txt" --repeat 1 --json
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" && ok || bad "bench --generate --json is JSON"

e2e_summary
