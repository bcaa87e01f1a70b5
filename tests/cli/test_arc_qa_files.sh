#!/usr/bin/env bash
# QA end-to-end tests of how the ARC commands treat the files they are
# given (second QA pass, docs/BATTERY.md "QA findings"): file-size limits,
# damaged, odd (devices, FIFOs, folders) and read-only stores, outputs
# that would overwrite an input, oversized inputs, unknown ids, --json and
# memory guards. Every check failed before the fix it guards; expected
# values come from docs/CLI.md, never from our own output.
set -u
cd "$(dirname "$0")/../.."
TESSERA=${TESSERA:-$PWD/build/tessera}
. tests/e2e_lib.sh
DATA=tests/arc/data
TMP=$(mktemp -d)
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)
cp "$DATA/tasks/flip02.json" "$TMP/"
printf 'def solve_flip02(I):\n    O = hmirror(I)\n    return O\n' >"$TMP/ok.py"
"$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/flip02.json" --store "$TMP/good.db" -j 1 >/dev/null 2>&1 \
  || bad "fixture store could not be made"

# ---- writes past RLIMIT_FSIZE: "File too large", exit 1, not SIGXFSZ -----------------
# A 30x30 task draws to more than the 1 KiB that `ulimit -f 1` allows.
python3 -c '
import json
g = [[(i * j) % 10 for j in range(30)] for i in range(30)]
print(json.dumps({"train": [{"input": g, "output": g[::-1]}], "test": [{"input": g, "output": g[::-1]}]}))' \
  >"$TMP/big30.json"
printf 'old' >"$TMP/big.png"
expect_exit 1 "PNG past ulimit -f" -- bash -c "ulimit -f 1; exec \"$TESSERA\" arc show big30 --tasks \"$TMP/big30.json\" --png \"$TMP/big.png\""
expect_grep 'big\.png: cannot write: File too large' "$ERR" "PNG failure names the file and EFBIG"
[ "$(cat "$TMP/big.png")" = old ] && ok || bad "the old PNG is intact"
expect_exit 1 "stdout past ulimit -f" -- bash -c "ulimit -f 1; exec \"$TESSERA\" arc show big30 --tasks \"$TMP/big30.json\" --color=never >\"$TMP/show.txt\""
expect_grep 'cannot write the output: File too large' "$ERR" "stdout failure reported"
expect_exit 1 "store creation past ulimit -f" -- bash -c "ulimit -f 1; exec \"$TESSERA\" arc eval \"$TMP/ok.py\" --tasks \"$TMP/flip02.json\" --store \"$TMP/fsize.db\" -j 1"
expect_grep 'fsize\.db: .*(File too large|disk I/O error)' "$ERR" "store write failure names the store"

# ---- memory guard in arc run / arc show (--memory-mb, as in eval) ------------------------
# Under --budget 0 nothing but the arena limit stops power(dmirror, ...): it
# used to grow to the machine's memory (19 GB). ulimit -v keeps a failing
# tree from taking the machine down (skipped under ASan).
printf 'def solve_flip02(I):\n    x1 = power(dmirror, 1000000000)\n    O = x1(I)\n    return O\n' >"$TMP/dmirror.py"
printf 'def solve_flip02(I):\n    x1 = power(rbind(upscale, ONE), 1000000000)\n    O = x1(I)\n    return O\n' >"$TMP/upscale.py"
asan=0
grep -qa __asan_init "$TESSERA" && asan=1
vlimit() { [ "$asan" = 1 ] && echo true || echo "ulimit -v $1"; }
for s in dmirror upscale; do
  expect_exit 0 "arc run $s --budget 0 --memory-mb 64" -- bash -c "$(vlimit 2000000); exec timeout 60 \"$TESSERA\" arc run \"$TMP/$s.py\" --tasks \"$TMP/flip02.json\" -j 1 --budget 0 --memory-mb 64"
  expect_grep 'train\[0\]: error: .*memory limit exceeded \(limit 64 MB\)' "$OUT" "arc run $s stopped by the 64 MB guard, naming it"
done
expect_exit 0 "arc show --program dmirror --budget 0 --memory-mb 64" -- bash -c "$(vlimit 2000000); exec timeout 60 \"$TESSERA\" arc show flip02 --tasks \"$TMP/flip02.json\" --program \"$TMP/dmirror.py\" --budget 0 --memory-mb 64 --color=never"
expect_grep 'memory limit exceeded \(limit 64 MB\)' "$OUT" "arc show names the guard"
expect_exit 2 "arc run --memory-mb junk" -- "$TESSERA" arc run "$TMP/ok.py" --tasks "$TMP/flip02.json" --memory-mb lots
expect_grep 'memory-mb: expected megabytes' "$ERR" "bad --memory-mb is a usage error"
for c in run show; do
  expect_exit 0 "arc $c --help" -- "$TESSERA" arc $c --help
  expect_grep 'memory-mb M .*default 3072' "$OUT" "arc $c --help documents the default guard"
done

# ---- damaged stores: "damaged", with the path, exit 2, in every store command -----------
# Page 3 of a real store overwritten: the table list still reads, so the
# store used to be called "not a tessera store (the database holds other tables)".
cp "$TMP/good.db" "$TMP/damaged.db"
dd if=/dev/urandom of="$TMP/damaged.db" bs=4096 seek=2 count=1 conv=notrunc 2>/dev/null
cp "$TMP/damaged.db" "$TMP/damaged.orig"
expect_exit 2 "eval --store onto a damaged store" -- "$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/flip02.json" --store "$TMP/damaged.db" -j 1
expect_grep 'damaged\.db: .*the store is damaged' "$ERR" "eval says damaged"
for c in list export; do
  expect_exit 2 "store $c on a damaged store" -- "$TESSERA" arc store $c --store "$TMP/damaged.db"
  expect_grep 'damaged\.db: .*the store is damaged' "$ERR" "store $c says damaged"
done
expect_exit 2 "predict on a damaged store" -- "$TESSERA" arc predict --tasks "$TMP/flip02.json" --store "$TMP/damaged.db" --out "$TMP/sub.json"
expect_grep 'damaged\.db: .*the store is damaged' "$ERR" "predict says damaged"
printf 'this is a text file, not a database\n' >"$TMP/text.db"
expect_exit 2 "eval --store onto a text file" -- "$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/flip02.json" --store "$TMP/text.db" -j 1
expect_grep 'text\.db: .*(damaged|not a tessera store)' "$ERR" "text file: damaged or not a store"
cmp -s "$TMP/damaged.db" "$TMP/damaged.orig" && ok || bad "the damaged store was left as it was"

# ---- stores that are not regular files: refused before SQLite opens them -------------
mkfifo "$TMP/fifo.db"
for c in "arc eval $TMP/ok.py --tasks $TMP/flip02.json -j 1" "arc store list" "arc predict --tasks $TMP/flip02.json --out $TMP/sub.json"; do
  # shellcheck disable=SC2086
  expect_exit 2 "$c --store FIFO (used to hang or fail with an I/O error)" -- timeout 20 "$TESSERA" $c --store "$TMP/fifo.db"
  expect_grep 'fifo\.db: .*FIFO.*not a store' "$ERR" "$c names the FIFO"
done
journal_before=0
[ -e /dev/null-journal ] && journal_before=1
for c in "arc eval $TMP/ok.py --tasks $TMP/flip02.json -j 1" "arc store list"; do
  # shellcheck disable=SC2086
  expect_exit 2 "$c --store /dev/null" -- timeout 20 "$TESSERA" $c --store /dev/null
  expect_grep '/dev/null: .*device.*not a store' "$ERR" "$c names the device"
done
ln -s /dev/null "$TMP/null-link.db"
expect_exit 2 "eval --store LINK-to-/dev/null" -- "$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/flip02.json" --store "$TMP/null-link.db" -j 1
if [ "$journal_before" = 0 ]; then
  [ ! -e /dev/null-journal ] && ok || bad "a /dev/null-journal file was created"
fi
[ -z "$(ls "$TMP" | grep -E 'null-link\.db-|fifo\.db-')" ] && ok || bad "no file created beside a refused store"
mkdir "$TMP/dir.db"
expect_exit 2 "eval --store DIR" -- "$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/flip02.json" --store "$TMP/dir.db" -j 1
expect_grep 'dir\.db: is a directory, not a store' "$ERR" "eval names the folder"

# ---- read-only stores: "read-only" with the path, exit 1 (like any write that fails) ----
cp "$TMP/good.db" "$TMP/ro.db"
chmod 0444 "$TMP/ro.db"
cp "$TMP/ro.db" "$TMP/ro.orig"
expect_exit 1 "eval --store onto a 0444 store" -- "$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/flip02.json" --store "$TMP/ro.db" -j 1
expect_grep 'ro\.db: the store is read-only' "$ERR" "eval says read-only"
cmp -s "$TMP/ro.db" "$TMP/ro.orig" && ok || bad "a 0444 store was modified (root ignores the mode)"
expect_exit 0 "store list still reads a 0444 store" -- "$TESSERA" arc store list --store "$TMP/ro.db"

# ---- an output that is one of the inputs: refused, exit 2, the input intact -------------
cp "$TMP/good.db" "$TMP/s.db"
cp "$TMP/s.db" "$TMP/s.orig"
cp "$TMP/flip02.json" "$TMP/flip02.orig"
cp "$TMP/ok.py" "$TMP/ok.orig"
ln -s s.db "$TMP/s-link.db"
same() { # WHAT ORIG COPY
  cmp -s "$2" "$3" && ok || bad "$1: the input was destroyed"
}
expect_exit 2 "predict --out onto the store" -- "$TESSERA" arc predict --tasks "$TMP/flip02.json" --store "$TMP/s.db" --out "$TMP/s.db"
expect_grep 's\.db: is the same file as the store' "$ERR" "predict names the clash"
same "predict --out STORE" "$TMP/s.orig" "$TMP/s.db"
expect_exit 2 "predict --out onto the store through a link" -- "$TESSERA" arc predict --tasks "$TMP/flip02.json" --store "$TMP/s.db" --out "$TMP/s-link.db"
same "predict --out LINK-to-STORE" "$TMP/s.orig" "$TMP/s.db"
expect_exit 2 "predict --out onto the task file" -- "$TESSERA" arc predict --tasks "$TMP/flip02.json" --store "$TMP/s.db" --out "$TMP/./flip02.json"
expect_grep 'is the same file as the tasks' "$ERR" "predict names the task file"
same "predict --out TASKS" "$TMP/flip02.orig" "$TMP/flip02.json"
expect_exit 2 "store export -o onto the store" -- "$TESSERA" arc store export --store "$TMP/s.db" -o "$TMP/s.db"
expect_grep 's\.db: is the same file as the store' "$ERR" "export names the clash"
same "export -o STORE" "$TMP/s.orig" "$TMP/s.db"
expect_exit 2 "show --png onto the task file" -- "$TESSERA" arc show flip02 --tasks "$TMP/flip02.json" --png "$TMP/flip02.json"
same "show --png TASKS" "$TMP/flip02.orig" "$TMP/flip02.json"
expect_exit 2 "show --png onto the program file" -- "$TESSERA" arc show flip02 --tasks "$TMP/flip02.json" --program "$TMP/ok.py" --png "$TMP/ok.py"
expect_grep 'ok\.py: is the same file as the program' "$ERR" "show names the program"
same "show --png PROGRAM" "$TMP/ok.orig" "$TMP/ok.py"
: >"$TMP/empty.json"
expect_exit 2 "eval --store onto the solver file" -- "$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/flip02.json" --store "$TMP/ok.py" -j 1
same "eval --store PROGRAM" "$TMP/ok.orig" "$TMP/ok.py"
expect_exit 0 "predict --out a new file still works" -- "$TESSERA" arc predict --tasks "$TMP/flip02.json" --store "$TMP/s.db" --out "$TMP/new.json"

# ---- oversized inputs: "too large (limit N MB)", exit 2, refused by size, unread ------------
# Sparse files: huge to stat, nothing on disk. Under a 300 MB address space
# a reader that read up to the old 1 GiB limit ran out of memory (exit 1).
truncate -s 2G "$TMP/huge.json"
truncate -s 100M "$TMP/huge.py"
mkdir -p "$TMP/hugedir"
truncate -s 300M "$TMP/hugedir/flip02.json"
for c in "arc run $TMP/ok.py --tasks $TMP/huge.json" "arc run $TMP/ok.py --tasks $TMP/hugedir" \
         "arc eval $TMP/ok.py --no-store --tasks $TMP/huge.json" \
         "arc run $TMP/ok.py --tasks $TMP/flip02.json --solutions $TMP/huge.json" \
         "arc score $TMP/huge.json --tasks $TMP/flip02.json" \
         "arc predict --tasks $TMP/huge.json --store $TMP/good.db --out $TMP/p.json"; do
  expect_exit 2 "$c" -- bash -c "$(vlimit 300000); exec timeout 20 \"$TESSERA\" $c"
  expect_grep 'huge(dir/flip02)?\.json: too large \(limit 256 MB\)' "$ERR" "$c: too large, with the limit"
done
expect_exit 2 "arc run with a 100 MB solver file" -- bash -c "$(vlimit 300000); exec timeout 20 \"$TESSERA\" arc run \"$TMP/huge.py\" --tasks \"$TMP/flip02.json\""
expect_grep 'huge\.py:1:1: too large \(limit 64 MB\)' "$ERR" "solver file: too large, with the limit"
# A FIFO with no writer as the task file: an empty file, not a hang.
mkfifo "$TMP/tasks-fifo.json"
expect_exit 2 "--tasks FIFO without a writer" -- timeout 20 "$TESSERA" arc run "$TMP/ok.py" --tasks "$TMP/tasks-fifo.json"
# ... while a pipe with a writer is read as usual.
expect_exit 0 "--tasks <(cat task)" -- bash -c "exec \"$TESSERA\" arc run \"$TMP/ok.py\" --tasks <(cat \"$TMP/flip02.json\")"

# ---- ids: unknown = exit 2 with the message before any output; known without
# a program = export's negative result (exit 1), also with nothing printed ------------
mkdir -p "$TMP/two"
cp "$DATA/tasks/flip02.json" "$DATA/tasks/mirror01.json" "$TMP/two/"
"$TESSERA" arc eval "$TMP/ok.py" --tasks "$TMP/two" --store "$TMP/two.db" -j 1 >/dev/null 2>&1
for c in "arc store list --task nope --store $TMP/two.db" "arc store list --task nope --json --store $TMP/two.db" \
         "arc store export --task nope --store $TMP/two.db" "arc run $TMP/ok.py --tasks $TMP/two --task nope" \
         "arc run $TMP/ok.py --tasks $TMP/two --task nope --json" "arc eval $TMP/ok.py --tasks $TMP/two --task nope --no-store"; do
  # shellcheck disable=SC2086
  expect_exit 2 "$c" -- "$TESSERA" $c
  expect_grep "no task 'nope'" "$ERR" "$c names the id"
  [ ! -s "$OUT" ] && ok || bad "$c printed output before failing"
done
expect_exit 1 "store export --task of a task without a program" -- "$TESSERA" arc store export --task mirror01 --store "$TMP/two.db"
expect_grep 'no stored program for task mirror01' "$ERR" "export says why"
[ ! -s "$OUT" ] && ok || bad "export printed the file header before failing"

# ---- --json: every arc command that documents it prints one valid document; options
# an action does not take are refused instead of silently ignored -------------------------
HASH=$("$TESSERA" arc store list --store "$TMP/good.db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["best"][0]["program"])')
"$TESSERA" arc predict --tasks "$TMP/flip02.json" --store "$TMP/good.db" --out "$TMP/sub.json" >/dev/null 2>&1
for c in "arc run $TMP/ok.py --tasks $TMP/two --json" "arc run $TMP/ok.py --tasks $TMP/two --json --profile" \
         "arc eval $TMP/ok.py --tasks $TMP/two --json --no-store" "arc eval $TMP/ok.py --tasks $TMP/two --json --timing --no-store" \
         "arc store list --store $TMP/two.db --json" "arc store list --store $TMP/two.db --json --task flip02" \
         "arc store show $HASH --store $TMP/good.db --json" \
         "arc predict --tasks $TMP/flip02.json --store $TMP/good.db --out $TMP/sub2.json --json" \
         "arc score $TMP/sub.json --tasks $TMP/flip02.json --json"; do
  # shellcheck disable=SC2086
  expect_exit 0 "$c" -- "$TESSERA" $c
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" 2>/dev/null && ok || bad "$c: stdout is not one JSON document"
done
expect_exit 2 "store export --json (export writes a solver file)" -- "$TESSERA" arc store export --store "$TMP/good.db" --json
expect_grep 'json.*(list|show)' "$ERR" "export --json says which actions take it"
expect_exit 2 "store list -o FILE (only export writes a file)" -- "$TESSERA" arc store list --store "$TMP/good.db" -o "$TMP/list.out"
[ ! -e "$TMP/list.out" ] && ok || bad "store list -o wrote a file"
expect_exit 2 "store show --task (show takes a hash)" -- "$TESSERA" arc store show "$HASH" --task flip02 --store "$TMP/good.db"

# ---- read-only outputs: refused like a read-only store (exit 1), even for root --------
printf 'keep me' >"$TMP/ro-out.json"
chmod 0444 "$TMP/ro-out.json"
for c in "arc predict --tasks $TMP/flip02.json --store $TMP/good.db --out" "arc store export --store $TMP/good.db -o" \
         "arc show flip02 --tasks $TMP/flip02.json --png"; do
  # shellcheck disable=SC2086
  expect_exit 1 "$c onto a 0444 file" -- "$TESSERA" $c "$TMP/ro-out.json"
  expect_grep 'ro-out\.json: cannot write: the file is read-only' "$ERR" "$c says read-only"
  [ "$(cat "$TMP/ro-out.json")" = "keep me" ] && ok || bad "$c replaced a 0444 file"
done

e2e_summary
