#!/usr/bin/env bash
# QA end-to-end tests of the ARC commands, from using them as a demanding
# user would: odd files, odd option values, determinism, conventions. Every
# check here failed before the fix it guards (see "QA findings" in
# docs/BATTERY.md); expected values come from the documentation and the
# fixture files, never from our own output.
set -u
cd "$(dirname "$0")/../.."
TESSERA=${TESSERA:-$PWD/build/tessera}
. tests/e2e_lib.sh
DATA=tests/arc/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)

# A one-task folder whose task hmirror solves (2 rows swap).
mkdir -p "$TMP/one"
printf '{"train": [{"input": [[1], [2]], "output": [[2], [1]]}], "test": [{"input": [[3], [4]], "output": [[4], [3]]}]}' \
  >"$TMP/one/qa1.json"
printf 'def solve_qa1(I):\n    O = hmirror(I)\n    return O\n' >"$TMP/qa1.py"

# ---- task files ---------------------------------------------------------------------
# A UTF-8 byte-order mark carries no content: the task still loads.
mkdir -p "$TMP/bom"
printf '\xef\xbb\xbf' >"$TMP/bom/qa1.json"
cat "$TMP/one/qa1.json" >>"$TMP/bom/qa1.json"
expect_exit 0 "task file with a UTF-8 BOM" -- "$TESSERA" arc run "$TMP/qa1.py" --tasks "$TMP/bom"
expect_grep '^1 of 1 tasks solved' "$OUT" "BOM task solved"
# An empty file: positions count from 1 (was "1:0").
mkdir -p "$TMP/empty"
: >"$TMP/empty/qa1.json"
expect_exit 2 "empty task file" -- "$TESSERA" arc run "$TMP/qa1.py" --tasks "$TMP/empty"
expect_grep 'qa1\.json:1:1: invalid JSON' "$ERR" "empty file names line 1 column 1"
# A folder named like a task file: the real reason, not "Input/output error".
mkdir -p "$TMP/sub/qa1.json"
expect_exit 2 "folder named x.json" -- "$TESSERA" arc run "$TMP/qa1.py" --tasks "$TMP/sub"
expect_grep 'qa1\.json: cannot read: Is a directory' "$ERR" "directory read message"
# A Kaggle challenges file without any task is bad input like an empty folder.
printf '{}' >"$TMP/nochallenges.json"
expect_exit 2 "empty challenges file" -- "$TESSERA" arc run "$TMP/qa1.py" --tasks "$TMP/nochallenges.json"
expect_grep 'nochallenges\.json: no tasks in this file' "$ERR" "empty challenges message"

# A Latin-1 file name made an id that is not UTF-8, so reports and
# submissions were not valid JSON; it is refused, naming the id.
mkdir -p "$TMP/latin1"
cp "$TMP/one/qa1.json" "$TMP/latin1/$(printf 'caf\xe9').json"
expect_exit 2 "file name that is not UTF-8" -- "$TESSERA" arc eval "$TMP/qa1.py" --tasks "$TMP/latin1" --cross --no-store
expect_grep "task id 'caf\\\\xe9' \(from a file name\) is not valid UTF-8" "$ERR" "non-UTF-8 id message"

# ---- ids that are not identifiers: predict, export ----------------------------------
# Kaggle keys may hold any text. The submission must still be JSON with the
# same keys, and export must only write functions `arc run` can read.
printf '%s' '{"my-task": {"train": [{"input": [[1], [2]], "output": [[2], [1]]}], "test": [{"input": [[3], [4]]}]},' \
  ' "q\"uote\nline": {"train": [{"input": [[1], [2]], "output": [[2], [1]]}], "test": [{"input": [[3], [4]]}]},' \
  ' "qa1": {"train": [{"input": [[1], [2]], "output": [[2], [1]]}], "test": [{"input": [[3], [4]]}]}}' \
  >"$TMP/odd_ids.json"
expect_exit 0 "eval over odd ids" -- "$TESSERA" arc eval "$TMP/qa1.py" --tasks "$TMP/odd_ids.json" --cross --store "$TMP/odd.db" --jobs 1
expect_exit 0 "predict over odd ids" -- "$TESSERA" arc predict --tasks "$TMP/odd_ids.json" --store "$TMP/odd.db" --out "$TMP/odd_sub.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(d) == sorted(["my-task", "q\"uote\nline", "qa1"]), sorted(d)
for k in d: assert d[k] == [{"attempt_1": [[4], [3]], "attempt_2": [[4], [3]]}], d[k]
' "$TMP/odd_sub.json" 2>"$TMP/py.err"; then ok; else bad "submission with odd ids is valid JSON with the ids as keys"; head -3 "$TMP/py.err"; fi
expect_exit 0 "export over odd ids" -- "$TESSERA" arc store export --store "$TMP/odd.db" -o "$TMP/odd_export.py"
expect_grep "^# task 'my-task' skipped" "$TMP/odd_export.py" "export notes the skipped id"
expect_grep "^# task 'q\"uote\?line' skipped" "$TMP/odd_export.py" "a newline in an id stays inside the comment"
expect_grep '^def solve_qa1\(I\):' "$TMP/odd_export.py" "export keeps the identifier id"
expect_exit 0 "exported file runs" -- "$TESSERA" arc run "$TMP/odd_export.py" --tasks "$TMP/odd_ids.json"
expect_grep '^1 of 1 tasks solved' "$OUT" "exported program solves its task"

# ---- store show: hash syntax is bad usage (2), any case accepted ----------------------
expect_exit 2 "store show with a non-hash" -- "$TESSERA" arc store show xyzw --store "$TMP/odd.db"
expect_grep "'xyzw' is not a program hash" "$ERR" "non-hash message"
HASH=$(sed -n 's/^# qa1: .* program \([0-9a-f]*\)$/\1/p' "$TMP/odd_export.py")
UPPER=$(printf '%s' "${HASH:0:8}" | tr a-f A-F)
expect_exit 0 "store show with an upper-case prefix" -- "$TESSERA" arc store show "$UPPER" --store "$TMP/odd.db"
expect_grep "^program $HASH " "$OUT" "upper-case prefix finds the program"

# ---- score: malformed submissions name file and JSON path; missing tasks ------------
K=$DATA/kaggle
score_bad() { # FILE-TEXT EXPECTED-MESSAGE DESCRIPTION
  printf '%s' "$1" >"$TMP/sub.json"
  expect_exit 2 "$3" -- "$TESSERA" arc score "$TMP/sub.json" --tasks $K/challenges.json --solutions $K/solutions.json
  expect_grep "$2" "$ERR" "$3 message"
}
score_bad '[]' 'sub\.json: expected an object of entries by task id, got list' "submission not an object"
score_bad '{"k1": [5, 5]}' 'sub\.json: k1\[0\]: expected an object with attempt_1 and attempt_2, got integer' "entry not an object"
score_bad '{"k1": [{"attempt_1": [[8]]}, {}]}' 'sub\.json: k1\[0\]: missing key "attempt_2"' "missing attempt"
score_bad '{"k1": [{"attempt_1": [[8]], "attempt_2": [[12]]}, {}]}' 'sub\.json: k1\[0\]\.attempt_2: not a grid' "colour out of range"
score_bad '{"k1": [{"attempt_1": [[8]], "attempt_2": [[8]]}]}' 'sub\.json: k1: expected 2 entries \(one per test input\), got 1' "wrong entry count"
score_bad '{"k2": [], "k2": []}' 'sub\.json:1:[0-9]+: invalid JSON: duplicate object key' "duplicate task id"
expect_exit 2 "missing submission file" -- "$TESSERA" arc score "$TMP/none.json" --tasks $K/challenges.json --solutions $K/solutions.json
expect_grep 'none\.json: cannot open: No such file or directory' "$ERR" "missing file message (no -1:-1)"
# k1 (2 test inputs) missing: it scores 0 and its inputs still count in the total.
printf '{"k2": [{"attempt_1": [[1]], "attempt_2": [[5, 4]]}]}' >"$TMP/sub.json"
expect_exit 0 "submission missing a task" -- "$TESSERA" arc score "$TMP/sub.json" --tasks $K/challenges.json --solutions $K/solutions.json
expect_grep '^score 1\.000 of 2 tasks \(50\.00%\); 1 of 3 test inputs correct; 1 tasks missing' "$OUT" "missing task counted"

# ---- option values ------------------------------------------------------------------
# "--task ," used to select nothing, which means every task: refuse it.
expect_exit 2 "run --task with only commas" -- "$TESSERA" arc run "$TMP/qa1.py" --tasks "$TMP/one" --task ,,
expect_grep "--task: expected a task ID, got ',,'" "$ERR" "run empty --task message"
expect_exit 2 "eval --task=" -- "$TESSERA" arc eval "$TMP/qa1.py" --tasks "$TMP/one" --no-store --task=
expect_grep "--task: expected a task ID, got ''" "$ERR" "eval empty --task message"
expect_exit 2 "eval --task-seconds nan" -- "$TESSERA" arc eval "$TMP/qa1.py" --tasks "$TMP/one" --no-store --task-seconds nan
expect_grep "--task-seconds: expected seconds \(0 = none\), got 'nan'" "$ERR" "nan message"
# The same id twice is one task, reported once (the note used to repeat).
printf 'def solve_other(I):\n    O = hmirror(I)\n    return O\n' >"$TMP/other.py"
expect_exit 0 "run with a repeated --task" -- "$TESSERA" arc run "$TMP/other.py" --tasks "$TMP/one" --task qa1 --task qa1,qa1
if [ "$(grep -c 'note: no solver solve_qa1' "$ERR")" = 1 ]; then ok; else bad "repeated --task noted once"; cat "$ERR"; fi

# ---- predict --json -------------------------------------------------------------------
expect_exit 0 "predict --json" -- "$TESSERA" arc predict --tasks "$TMP/odd_ids.json" --store "$TMP/odd.db" -o "$TMP/odd_sub2.json" --json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d == {"tasks": 3, "test_inputs": 3, "predicted": 3, "second_distinct": 0, "unanswered": 0}, d' "$OUT" 2>"$TMP/py.err"
then ok; else bad "predict --json counts"; head -3 "$OUT" "$TMP/py.err"; fi

# ---- score against a Kaggle solutions file alone ---------------------------------------
# The issue: "tessera arc score submission.json --tasks PATH (or --solutions FILE)".
# k1 expects [[8],[7]] then [[0,0],[9,9]]; k2 expects [[5,4]] (fixture files).
printf '{"k1": [{"attempt_1": [[8],[7]], "attempt_2": [[1]]}, {"attempt_1": [[1]], "attempt_2": [[1]]}], "k2": [{"attempt_1": [[1]], "attempt_2": [[5, 4]]}]}' >"$TMP/sub.json"
expect_exit 0 "score with --solutions only" -- "$TESSERA" arc score "$TMP/sub.json" --solutions $K/solutions.json
expect_grep '^score 1\.500 of 2 tasks \(75\.00%\); 2 of 3 test inputs correct; 0 tasks missing' "$OUT" "score from the solutions file"
printf '{"k1": [[[8], [7]]], "k2": [[[5, 4]]]}' >"$TMP/short_solutions.json"
expect_exit 2 "entry count follows the solutions file" -- "$TESSERA" arc score "$TMP/sub.json" --solutions "$TMP/short_solutions.json"
expect_grep 'sub\.json: k1: expected 1 entry \(one per test input\), got 2' "$ERR" "entry count message"
printf '{"k1": [[[8], [7]], [[0, 0], [9, 12]]]}' >"$TMP/bad_solutions.json"
expect_exit 2 "bad solutions file alone" -- "$TESSERA" arc score "$TMP/sub.json" --solutions "$TMP/bad_solutions.json"
expect_grep 'bad_solutions\.json: k1\[1\]\[1\]\[1\]: colour 12 is out of range 0\.\.9' "$ERR" "bad solutions message"
expect_exit 2 "score without --tasks or --solutions" -- "$TESSERA" arc score "$TMP/sub.json"

# ---- eval memory: one input's values at a time ------------------------------------------
# 2,000,000 hmirrors (an even number: the identity) on each of 6 demo pairs;
# each pair leaves ~190 MB of intermediate grids. They used to pile up until
# the task ended (out of memory under a 700 MB limit); now each input's
# values are freed before the next. Sanitizer builds reserve terabytes of
# address space, so the limit can only be tested without them.
mkdir -p "$TMP/heavy"
printf '{"train": [' >"$TMP/heavy/hv.json"
for k in 1 2 3 4 5 6; do
  printf '%s{"input": [[1, 2], [3, %d]], "output": [[1, 2], [3, %d]]}' "$([ $k = 1 ] || echo ,)" $k $k >>"$TMP/heavy/hv.json"
done
printf '], "test": [{"input": [[5], [6]]}]}' >>"$TMP/heavy/hv.json"
printf 'def solve_hv(I):\n    x1 = power(hmirror, 2000000)\n    O = x1(I)\n    return O\n' >"$TMP/heavy.py"
if bash -c 'ulimit -v 700000 && "$0" --version >/dev/null 2>&1 && echo yes' "$TESSERA" 2>/dev/null | grep -q yes; then
  expect_exit 0 "eval of a heavy program under 700 MB" -- bash -c 'ulimit -v 700000 && exec "$@"' _ \
    "$TESSERA" arc eval "$TMP/heavy.py" --tasks "$TMP/heavy" --no-store --jobs 1 --budget 200000000
  expect_grep '^1 of 1 tasks solved' "$OUT" "heavy program solves its task"
fi

# ---- predict --out: links, devices and neighbours -------------------------------------
# The submission was written to "FILE.tmp" and renamed over FILE: that
# replaced a symbolic link (or, as root, /dev/stdout itself) with a plain file
# and overwrote any user file called FILE.tmp.
ln -s "$TMP/real_sub.json" "$TMP/link_sub.json"
expect_exit 0 "predict into a symbolic link" -- "$TESSERA" arc predict --tasks "$TMP/odd_ids.json" --store "$TMP/odd.db" --out "$TMP/link_sub.json"
if [ -L "$TMP/link_sub.json" ] && grep -q '"qa1"' "$TMP/real_sub.json"; then ok; else bad "the link stays a link and its target gets the submission"; ls -la "$TMP"/*sub*.json; fi
printf 'mine\n' >"$TMP/plain_sub.json.tmp"
expect_exit 0 "predict next to a FILE.tmp" -- "$TESSERA" arc predict --tasks "$TMP/odd_ids.json" --store "$TMP/odd.db" --out "$TMP/plain_sub.json"
if [ "$(cat "$TMP/plain_sub.json.tmp")" = mine ] && grep -q '"qa1"' "$TMP/plain_sub.json"; then ok; else bad "FILE.tmp left alone"; fi
if [ -z "$(ls "$TMP" | grep 'plain_sub\.json\.tmp-')" ]; then ok; else bad "no temporary file left behind"; fi

# ---- output that cannot be written is a failure (exit 1), not success ----------------------
if [ -c /dev/full ]; then
  ln -s /dev/full "$TMP/full.json"
  expect_exit 1 "predict into a full device" -- "$TESSERA" arc predict --tasks "$TMP/odd_ids.json" --store "$TMP/odd.db" --out "$TMP/full.json"
  if [ -L "$TMP/full.json" ]; then ok; else bad "the link to /dev/full stays a link"; fi
  full_exit() { # DESCRIPTION command... : runs with stdout on /dev/full, wants exit 1
    local what=$1; shift
    "$@" >/dev/full 2>"$ERR"
    local got=$?
    if [ "$got" -eq 1 ] && grep -q 'cannot write' "$ERR"; then ok; else bad "$what: exit $got on a full disk"; head -3 "$ERR"; fi
  }
  full_exit "eval --json" "$TESSERA" arc eval "$TMP/qa1.py" --tasks "$TMP/one" --no-store --json
  full_exit "store list" "$TESSERA" arc store list --store "$TMP/odd.db"
  full_exit "store export" "$TESSERA" arc store export --store "$TMP/odd.db"
  full_exit "score" "$TESSERA" arc score "$TMP/sub.json" --solutions $K/solutions.json
  full_exit "--help" "$TESSERA" --help
fi

# ---- a solver file that matches no task says so ------------------------------------------
expect_exit 0 "run with no matching solver" -- "$TESSERA" arc run "$TMP/other.py" --tasks "$TMP/one"
expect_grep '^0 of 0 tasks solved' "$OUT" "nothing run"
expect_grep 'note: no program is named solve_<id> for a task of' "$ERR" "no-match note"

e2e_summary
