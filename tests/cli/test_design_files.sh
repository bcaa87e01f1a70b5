#!/usr/bin/env bash
# test_design_files.sh - `tessera design` and the files it reads and writes,
# through the real binary ($TESSERA): -i and -o whole or not at all (a
# symbolic link stays a link and gets the content, a 0600 file stays 0600,
# a run killed while writing leaves the old file and nothing else), write
# errors with their reason and exit 1, NUL bytes and byte-order marks in
# command and corpus files, and the generator used for the scale benchmark.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
BP=data/design/blueprints
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)
leftovers() { find "$WORK" -name '*.tmp*' | grep -q . && echo yes || echo no; }

# -i through a symbolic link: the link stays, its target gets the edit
cp "$BP/storefront.json" "$WORK/real.json"
ln -s real.json "$WORK/link.json"
expect_exit 0 "edit -i on a symlink" -- "$T" design edit "$WORK/link.json" "make the button red" -i
if [ -L "$WORK/link.json" ]; then ok; else bad "-i replaced the symlink by a file"; fi
expect_grep '"bg_color": "#FF0000"' "$WORK/real.json" "-i wrote through the link"
expect_exit 0 "fix -i on a symlink" -- "$T" design fix "$WORK/link.json" -i
if [ -L "$WORK/link.json" ]; then ok; else bad "fix -i replaced the symlink"; fi
expect_exit 0 "the target still loads" -- "$T" design check "$WORK/real.json"

# the mode of a replaced file is kept
cp "$BP/storefront.json" "$WORK/private.json"
chmod 600 "$WORK/private.json"
expect_exit 0 "edit -i on a 0600 file" -- "$T" design edit "$WORK/private.json" "make the header smaller" -i
if [ "$(stat -c %a "$WORK/private.json")" = 600 ]; then ok; else bad "-i changed the mode to $(stat -c %a "$WORK/private.json")"; fi
expect_exit 0 "fix -i on a 0600 file" -- "$T" design fix "$WORK/private.json" -i
if [ "$(stat -c %a "$WORK/private.json")" = 600 ]; then ok; else bad "fix -i changed the mode"; fi
expect_grep '"bbox": \[0, 0, 375, 80\]' "$WORK/private.json" "the 0600 file holds the edit"
if [ "$(leftovers)" = no ]; then ok; else bad "temporary files left behind"; fi

# stopped while writing by the file-size limit half-way (SIGXFSZ is ignored
# since the qa-arc pass, so the write fails with EFBIG and is reported, exit
# 1): the old file stays whole, nothing else is left
"$T" design generate 20000 -o "$WORK/big.json"
cp "$WORK/big.json" "$WORK/big.before"
{ (ulimit -f 512; exec "$T" design edit "$WORK/big.json" "make all buttons bigger" -i >/dev/null 2>"$ERR"); } 2>/dev/null
rc=$?
if [ "$rc" = 1 ]; then ok; else bad "the failed write was not exit 1 (exit $rc)"; fi
expect_grep 'big\.json: cannot write: File too large' "$ERR" "the file-size limit is reported"
if cmp -s "$WORK/big.json" "$WORK/big.before"; then ok; else bad "a killed -i changed the file"; fi
{ (ulimit -f 512; exec "$T" design fix "$WORK/big.json" -o "$WORK/big-out.json" >/dev/null 2>"$ERR"); } 2>/dev/null
if [ ! -e "$WORK/big-out.json" ]; then ok; else bad "a killed -o left a partial file"; fi
if [ "$(leftovers)" = no ]; then ok; else bad "a killed run left temporary files: $(find "$WORK" -name '*.tmp*')"; fi

# write errors: the reason, exit 1, the result still on stdout
if [ -w /dev/full ]; then
  expect_exit 1 "edit -o /dev/full" -- "$T" design edit "$BP/storefront.json" "make the button red" -o /dev/full
  expect_grep 'No space left on device' "$ERR" "-o /dev/full says why"
  expect_grep '"status": "success"' "$OUT" "the result is printed anyway"
  if [ -c /dev/full ]; then ok; else bad "/dev/full is no longer a device"; fi
  expect_exit 1 "generate -o /dev/full" -- "$T" design generate 10 -o /dev/full
fi
mkdir "$WORK/dir.json"
expect_exit 1 "-o a directory" -- "$T" design edit "$BP/storefront.json" "make the button red" -o "$WORK/dir.json"
expect_grep 'dir.json' "$ERR" "the directory is named"
expect_exit 2 "a directory as blueprint" -- "$T" design check "$WORK/dir.json"
expect_grep 'Is a directory' "$ERR" "reading a directory says so"

# NUL bytes: refused with their line, never a silent end of the file
printf 'make the title bigger\nhide the banner\0\nmake the promo red\n' >"$WORK/nul.txt"
expect_exit 2 "bench commands with a NUL byte" -- "$T" design bench "$BP/catalog.json" --commands "$WORK/nul.txt" --repeat 1
expect_grep 'nul.txt:2: contains a NUL byte' "$ERR" "the line of the NUL byte"
head -n 2 data/design/acceptance.jsonl >"$WORK/nul.jsonl"
printf '\0\n' >>"$WORK/nul.jsonl"
expect_exit 2 "corpus with a NUL byte" -- "$T" design test "$WORK/nul.jsonl" --blueprints "$BP"
expect_grep 'nul.jsonl:3: contains a NUL byte' "$ERR" "the corpus line of the NUL byte"

# byte-order marks: skipped, as for tasks
printf '\xEF\xBB\xBF' >"$WORK/bom.json"
cat "$BP/storefront.json" >>"$WORK/bom.json"
expect_exit 0 "blueprint with a byte-order mark" -- "$T" design check "$WORK/bom.json"
printf '\xEF\xBB\xBFmake the title bigger\n' >"$WORK/bom.txt"
expect_exit 0 "commands with a byte-order mark" -- "$T" design bench "$BP/catalog.json" --commands "$WORK/bom.txt" --repeat 2
expect_grep 'success +make the title bigger$' "$OUT" "the first command is read without the mark"
printf '\xEF\xBB\xBF' >"$WORK/bom.jsonl"
head -n 3 data/design/acceptance.jsonl >>"$WORK/bom.jsonl"
expect_exit 0 "corpus with a byte-order mark" -- "$T" design test "$WORK/bom.jsonl" --blueprints "$BP"
expect_grep '^3 passed, 0 failed$' "$OUT" "every corpus line ran"

# duplicate keys: refused, with the JSON path
printf '%s' '{"screen_id": "s", "tokens": {"base_spacing": 8, "base_spacing": 16}, "components": []}' >"$WORK/dup.json"
expect_exit 2 "blueprint with a duplicate key" -- "$T" design check "$WORK/dup.json"
expect_grep 'tokens.base_spacing: duplicate key' "$ERR" "the duplicate's path"

# the generator: valid, clean, and the same bytes for the same size
expect_exit 0 "generate" -- "$T" design generate 700 -o "$WORK/g1.json"
expect_exit 0 "a generated blueprint has no violations" -- "$T" design check "$WORK/g1.json"
"$T" design generate 700 >"$WORK/g2.json"
if cmp -s "$WORK/g1.json" "$WORK/g2.json"; then ok; else bad "generate is not deterministic"; fi
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(len(d["components"]) != 700)' "$WORK/g1.json" && ok || bad "generate 700 did not give 700 components"
expect_exit 2 "generate without N" -- "$T" design generate
expect_exit 2 "generate with a bad N" -- "$T" design generate 12x
expect_exit 0 "bench --generate" -- "$T" design bench --generate 300 --commands data/design/bench_scale_commands.txt --repeat 2 --no-cache
expect_grep '^components=300 peak_rss_kb=[0-9]+ max_edit_bytes=[0-9]+$' "$OUT" "bench reports size and memory"
expect_grep 'success +make all buttons bigger$' "$OUT" "a plural reflow on the generated page"
if tail -n 1 "$OUT" | grep -qE '^median_us=[0-9]+\.[0-9]+$'; then ok; else bad "last line is not median_us=X"; fi
expect_exit 2 "bench with both a file and --generate" -- "$T" design bench "$BP/catalog.json" --generate 10 --commands data/design/bench_commands.txt
expect_exit 2 "check does not take -o" -- "$T" design check "$BP/catalog.json" -o "$WORK/x.json"

e2e_summary
