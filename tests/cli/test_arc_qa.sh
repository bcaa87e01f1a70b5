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

e2e_summary
