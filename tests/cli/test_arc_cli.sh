#!/usr/bin/env bash
# End-to-end tests of `tessera --help/version`, `tessera arc run` and
# `tessera arc show`, driving the real binary ($TESSERA). Expected results
# come from the fixture task files in tests/arc/data and from ARC training
# tasks (see the comments in the solver files there).
set -u
cd "$(dirname "$0")/../.."
TESSERA=${TESSERA:-$PWD/build/tessera}
. tests/e2e_lib.sh
DATA=tests/arc/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)

# expect_same FILE TEXT DESCRIPTION: FILE's content is exactly TEXT.
expect_same() {
  if [ "$(cat "$1")" = "$2" ]; then ok; else bad "$3"; diff <(printf '%s\n' "$2") "$1" | head -10 | sed 's/^/    /'; fi
}
# check_py DESCRIPTION PYTHON-CODE: runs the code with the output file as argv[1].
check_py() {
  local what=$1; shift
  if python3 -c "$1" "$OUT" 2>"$TMP/py.err"; then ok; else bad "$what"; head -5 "$TMP/py.err" | sed 's/^/    /'; fi
}

# ---- help and version ----------------------------------------------------------
expect_exit 0 "tessera --help" -- "$TESSERA" --help
expect_grep '^Usage: tessera' "$OUT" "tessera --help usage"
expect_grep '^  arc ' "$OUT" "tessera --help lists arc"
expect_exit 0 "tessera --version" -- "$TESSERA" --version
expect_grep '^tessera [0-9]+\.[0-9]+' "$OUT" "--version output"
expect_exit 0 "tessera version" -- "$TESSERA" version
expect_grep '^tessera [0-9]+\.[0-9]+' "$OUT" "version output"
expect_exit 0 "tessera version --help" -- "$TESSERA" version --help
expect_exit 0 "tessera arc --help" -- "$TESSERA" arc --help
expect_grep '^  run ' "$OUT" "arc --help lists run"
expect_grep '^  show ' "$OUT" "arc --help lists show"
expect_exit 0 "tessera arc run --help" -- "$TESSERA" arc run --help
expect_grep '^Usage: tessera arc run FILE\.\.\. --tasks PATH' "$OUT" "arc run --help usage"
expect_grep '--jobs N' "$OUT" "arc run --help documents --jobs"
expect_exit 0 "tessera arc show --help" -- "$TESSERA" arc show --help
expect_grep '^Usage: tessera arc show ID --tasks PATH' "$OUT" "arc show --help usage"

# ---- usage errors: exit 2 and a message on stderr ----------------------------------
expect_exit 2 "no command" -- "$TESSERA"
expect_exit 2 "unknown command" -- "$TESSERA" frobnicate
expect_grep "unknown command 'frobnicate'" "$ERR" "unknown command message"
expect_exit 2 "unknown arc command" -- "$TESSERA" arc frobnicate
expect_exit 2 "arc run without files" -- "$TESSERA" arc run --tasks $DATA/tasks
expect_grep 'no solver FILE given' "$ERR" "no solver file message"
expect_exit 2 "arc run without --tasks" -- "$TESSERA" arc run $DATA/solvers.py
expect_grep '--tasks PATH is required' "$ERR" "missing --tasks message"
expect_exit 2 "bad --jobs" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --jobs 0
expect_grep "--jobs: expected a number of threads 1..256, got '0'" "$ERR" "bad --jobs message"
expect_exit 2 "bad --budget" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --budget -5
expect_exit 2 "unknown option" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --bogus
expect_grep "unrecognized option '--bogus'" "$ERR" "unknown option message"
expect_exit 2 "option without argument" -- "$TESSERA" arc run $DATA/solvers.py --tasks
expect_grep "option '--tasks' requires an argument" "$ERR" "missing argument message"

# ---- arc run on the fixture tasks --------------------------------------------------
expect_exit 0 "arc run fixtures" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks
sed -E 's/in [0-9]+\.[0-9]{3} s$/in T s/' "$OUT" >"$TMP/run.txt"
expect_same "$TMP/run.txt" "flip02: failed
  train[0]: wrong output: expected 3x2, got 3x2 (4 of 6 cells differ)
  test[0]: wrong output: expected 2x1, got 2x1 (2 of 2 cells differ)
  test[1]: wrong output: expected 1x2, got 1x2 (2 of 2 cells differ)
1 test pair without an expected output
2 of 3 tasks solved in T s" "arc run fixture report"
expect_grep '^2 of 3 tasks solved in [0-9]+\.[0-9]{3} s$' "$OUT" "summary line format"

expect_exit 0 "arc run --task" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --task mirror01
expect_grep '^1 of 1 tasks solved in ' "$OUT" "--task restricts the run"
expect_exit 0 "arc run --task list" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --task mirror01,flip02
expect_grep '^1 of 2 tasks solved in ' "$OUT" "comma-separated --task"
expect_exit 2 "arc run --task unknown" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --task zzz
expect_grep "no task 'zzz'" "$ERR" "unknown --task message"

# ---- JSON output -------------------------------------------------------------------
expect_exit 0 "arc run --json" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --json
check_py "JSON shape and values" '
import json, sys
r = json.load(open(sys.argv[1]))
assert sorted(r) == ["seconds", "solved", "tasks", "total"], sorted(r)
assert r["solved"] == 2 and r["total"] == 3, r
assert isinstance(r["seconds"], float)
assert [t["id"] for t in r["tasks"]] == ["flip02", "mirror01", "open03"]
for t in r["tasks"]:
    assert sorted(t) == ["id", "pairs", "solved"], sorted(t)
    for p in t["pairs"]:
        assert sorted(p) == ["error", "index", "kind", "ok", "output"], sorted(p)
        assert p["kind"] in ("train", "test") and isinstance(p["index"], int)
        assert p["error"] is None or isinstance(p["error"], str)
flip, mirror, open_ = r["tasks"]
assert flip["solved"] is False and mirror["solved"] is True and open_["solved"] is True
assert [(p["kind"], p["index"], p["ok"]) for p in flip["pairs"]] == [
    ("train", 0, False), ("test", 0, False), ("test", 1, False)]
assert flip["pairs"][0]["output"] == [[1, 1], [2, 2], [3, 3]]
assert mirror["pairs"][1]["output"] == [[0, 0, 5]]
assert mirror["pairs"][2] == {"kind": "test", "index": 0, "ok": True,
                              "output": [[8, 7], [6, 9]], "error": None}
assert open_["pairs"][1] == {"kind": "test", "index": 0, "ok": None,
                             "output": [[2, 1, 3]], "error": None}
'

# Same bytes (except "seconds") for one and two worker threads, and across runs.
"$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --json --jobs 1 | sed -E 's/"seconds": [0-9.]+/"seconds": S/' >"$TMP/j1"
"$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --json --jobs 2 | sed -E 's/"seconds": [0-9.]+/"seconds": S/' >"$TMP/j2"
"$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --json -j 2 | sed -E 's/"seconds": [0-9.]+/"seconds": S/' >"$TMP/j3"
if [ -s "$TMP/j1" ] && cmp -s "$TMP/j1" "$TMP/j2" && cmp -s "$TMP/j1" "$TMP/j3"; then ok; else bad "--jobs 1 and --jobs 2 differ"; fi

# Errors raised by a solver are reported with the program and line.
cat >"$TMP/raise.py" <<'EOF'
def solve_mirror01(I):
    x1 = divide(ONE, ZERO)
    O = crop(I, ORIGIN, x1)
    return O
EOF
expect_exit 0 "arc run with a failing solver" -- "$TESSERA" arc run "$TMP/raise.py" --tasks $DATA/tasks
expect_grep "^  train\[0\]: error: .*raise.py:2: solve_mirror01: " "$OUT" "solver error names file, line, program"
expect_grep '^0 of 1 tasks solved in ' "$OUT" "failing solver summary"
expect_exit 0 "arc run with a tiny budget" -- "$TESSERA" arc run $DATA/solvers.py --tasks $DATA/tasks --budget 1 --task open03
expect_grep '^  train\[0\]: error: .*budget' "$OUT" "budget exhaustion is reported"

# ---- ARC training tasks ---------------------------------------------------------------
if [ -d data/arc-agi-1/training ]; then
  expect_exit 0 "arc run on ARC training" -- "$TESSERA" arc run $DATA/arc_training_solvers.py --tasks data/arc-agi-1/training
  expect_grep '^a416b8f3: failed$' "$OUT" "a416b8f3 fails"
  expect_grep '^  train\[0\]: wrong output: expected 3x6, got 3x3$' "$OUT" "a416b8f3 shape mismatch"
  expect_grep '^2 of 3 tasks solved in ' "$OUT" "ARC training summary"
fi

# ---- Kaggle format -----------------------------------------------------------------------
expect_exit 0 "arc run kaggle" -- "$TESSERA" arc run $DATA/kaggle/solvers.py --tasks $DATA/kaggle/challenges.json
expect_grep '^3 test pairs without an expected output$' "$OUT" "kaggle unknown outputs"
expect_grep '^2 of 2 tasks solved in ' "$OUT" "kaggle summary"
expect_exit 0 "arc run kaggle --solutions" -- "$TESSERA" arc run $DATA/kaggle/solvers.py --tasks $DATA/kaggle/challenges.json --solutions $DATA/kaggle/solutions.json --json
check_py "kaggle with solutions" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["solved"] == 2 and r["total"] == 2
k1 = r["tasks"][0]
assert k1["id"] == "k1" and [p["ok"] for p in k1["pairs"]] == [True, True, True]
assert k1["pairs"][2]["output"] == [[0, 0], [9, 9]]
'

# ---- malformed input: exit 2 and the exact message ----------------------------------------
expect_bad_tasks() { # FILE MESSAGE
  expect_exit 2 "bad task file $1" -- "$TESSERA" arc run $DATA/solvers.py --tasks "$1"
  expect_grep "^tessera arc run: $2\$" "$ERR" "message for $1"
}
expect_bad_tasks $DATA/bad/ragged.json "$DATA/bad/ragged.json: train\[1\]\.input\[2\]: row has 3 cells, expected 4"
expect_bad_tasks $DATA/bad/colour.json "$DATA/bad/colour.json: train\[0\]\.input\[1\]\[1\]: colour 12 is out of range 0\.\.9"
expect_bad_tasks $DATA/bad/notrain.json "$DATA/bad/notrain.json: missing key \"train\""
expect_bad_tasks $DATA/bad/empty.json "$DATA/bad/empty.json: train\[0\]\.output: grid is empty"
expect_bad_tasks $DATA/bad/syntax.json "$DATA/bad/syntax.json:2:[0-9]+: invalid JSON: .*"
expect_bad_tasks $DATA/bad "$DATA/bad/colour.json: train\[0\]\.input\[1\]\[1\]: colour 12 is out of range 0\.\.9"
expect_bad_tasks $DATA/missing "$DATA/missing: No such file or directory"
printf '[[1]]\n' >"$TMP/wrongtype.json"
expect_bad_tasks "$TMP/wrongtype.json" "$TMP/wrongtype.json: expected an object of tasks by id, got array"
printf '[1]\n' >"$TMP/sol.json"
expect_exit 2 "bad solutions file" -- "$TESSERA" arc run $DATA/kaggle/solvers.py --tasks $DATA/kaggle/challenges.json --solutions "$TMP/sol.json"
expect_grep "^tessera arc run: $TMP/sol.json: expected an object of test outputs by task id, got array$" "$ERR" "bad solutions message"

printf 'def solve_mirror01(I):\n    O = no_such_primitive(I)\n    return O\n' >"$TMP/badsolver.py"
expect_exit 2 "invalid solver file" -- "$TESSERA" arc run "$TMP/badsolver.py" --tasks $DATA/tasks
expect_grep "^$TMP/badsolver.py:2:[0-9]+: " "$ERR" "solver diagnostic is file:line:col"
expect_exit 2 "missing solver file" -- "$TESSERA" arc run "$TMP/nope.py" --tasks $DATA/tasks
expect_grep "nope.py" "$ERR" "missing solver file is named"

# ---- arc show -------------------------------------------------------------------------------
expect_exit 0 "arc show plain" -- "$TESSERA" arc show mirror01 --tasks $DATA/tasks
expect_same "$OUT" "task mirror01: 2 train, 1 test

train[0]: 2x2 -> 2x2
12  ->  21
34      43

train[1]: 1x3 -> 1x3
500  ->  005

test[0]: 2x2 -> 2x2
78  ->  87
96      69" "arc show plain text"
expect_exit 0 "arc show unknown output" -- "$TESSERA" arc show open03 --tasks $DATA/tasks
expect_grep '^312  ->  \?$' "$OUT" "unknown output drawn as ?"
expect_exit 0 "arc show --color=always" -- "$TESSERA" arc show mirror01 --tasks $DATA/tasks --color=always
if grep -q $'\x1b\[48;5;[0-9]*m' "$OUT"; then ok; else bad "--color=always uses ANSI 256-colour backgrounds"; fi
expect_exit 2 "arc show unknown task" -- "$TESSERA" arc show zzz --tasks $DATA/tasks
expect_grep "no task 'zzz'" "$ERR" "arc show unknown task message"
expect_exit 2 "arc show without id" -- "$TESSERA" arc show --tasks $DATA/tasks
expect_exit 2 "arc show bad file" -- "$TESSERA" arc show ragged --tasks $DATA/bad/ragged.json
expect_grep "row has 3 cells, expected 4" "$ERR" "arc show reports bad task files"

expect_exit 0 "arc show --png" -- "$TESSERA" arc show mirror01 --tasks $DATA/tasks --png "$TMP/m.png"
if python3 - "$TMP/m.png" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "signature"
assert data[12:16] == b"IHDR", "IHDR chunk"
width, height = struct.unpack(">II", data[16:24])
# 16 px cells + 1 px lines: widest input/output 3 cells = 52 px; margins 16,
# arrow gap 48 -> 16+52+48+52+16 = 184. Rows: 2-row (35) and 1-row (18)
# train pairs, a separator, a 2-row test pair: 16+51+34+16+51 = 168.
assert (width, height) == (184, 168), (width, height)
EOF
then ok; else bad "--png writes a valid PNG of the expected size"; fi
expect_exit 1 "arc show --png to an unwritable path" -- "$TESSERA" arc show mirror01 --tasks $DATA/tasks --png "$TMP/no/such/dir/m.png"
expect_grep "cannot write: No such file or directory" "$ERR" "unwritable PNG message"

# ---- arc show --program: the program's answer next to the expected one ---------------
# a416b8f3 needs hconcat(I, I); the vmirror solver of arc_training_solvers.py
# gives 3x3 for 3x6 (wrong shape, nothing marked); 68b16354 is solved.
TRAINING=data/arc-agi-1/training
expect_exit 0 "show --program, wrong shapes" -- "$TESSERA" arc show a416b8f3 --tasks $TRAINING --program $DATA/arc_training_solvers.py --color=never
expect_grep '^train\[0\]: 3x3 -> 3x6, program: wrong output: expected 3x6, got 3x3$' "$OUT" "show labels the wrong shape"
expect_grep '^050  ->  050050  \|  050$' "$OUT" "show draws input, expected and the program's grid"
expect_exit 0 "show --program, solved" -- "$TESSERA" arc show 68b16354 --tasks $TRAINING --program $DATA/arc_training_solvers.py --color=never
expect_grep '^test\[0\]: 7x7 -> 7x7, program: ok$' "$OUT" "show says ok for a right answer"
printf 'def solve_flip02(I):\n    O = vmirror(I)\n    return O\n' >"$TMP/flip.py"
expect_exit 0 "show --program, some cells wrong" -- "$TESSERA" arc show flip02 --tasks $DATA/tasks --program "$TMP/flip.py" --color=never
expect_grep 'program: wrong output: expected 3x2, got 3x2 \([0-9]+ of 6 cells differ\)$' "$OUT" "show counts the differing cells"
expect_grep '  \|  [.x]+$' "$OUT" "plain show adds the grid of marks"
expect_exit 0 "show --program --png" -- "$TESSERA" arc show flip02 --tasks $DATA/tasks --program "$TMP/flip.py" --png "$TMP/flip.png"
if python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); assert d[:8] == b"\x89PNG\r\n\x1a\n"' "$TMP/flip.png"; then ok; else bad "show --program --png writes a PNG"; fi
expect_exit 2 "show --program without solve_ID" -- "$TESSERA" arc show mirror01 --tasks $DATA/tasks --program "$TMP/flip.py"
expect_grep "flip\.py: no program solve_mirror01" "$ERR" "show names the missing program"

e2e_summary
