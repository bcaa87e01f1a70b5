#!/usr/bin/env bash
# End-to-end tests of the battery commands: `tessera arc eval`, `arc store`,
# `arc predict` and `arc score`, driving the real binary ($TESSERA).
# Expected results come from the hand-written tasks and solvers in
# tests/arc/data/battery (see the comments there) and, when the public
# reference solvers are present at /tmp/arc-dsl/solvers.py, from `arc run`.
set -u
cd "$(dirname "$0")/../.."
TESSERA=${TESSERA:-$PWD/build/tessera}
. tests/e2e_lib.sh
DATA=tests/arc/data/battery
TRAINING=data/arc-agi-1/training
REFERENCE=/tmp/arc-dsl/solvers.py
TMP=$(mktemp -d)
KILLED_PID=
trap '[ -n "$KILLED_PID" ] && kill -9 "$KILLED_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)

# check_py DESCRIPTION PYTHON-CODE ARGS...: the code must exit 0.
check_py() {
  local what=$1 code=$2; shift 2
  if python3 -c "$code" "$@" 2>"$TMP/py.err"; then ok; else bad "$what"; head -5 "$TMP/py.err" | sed 's/^/    /'; fi
}

# The independent submission checker of the competition's format rules:
# every task id of the challenges present, one entry per test input in
# order, attempt_1 and attempt_2 both present, each a non-empty rectangular
# list of lists of ints 0..9. argv: submission, tasks folder or Kaggle
# challenges file.
FORMAT_CHECK='
import json, os, sys
sub = json.load(open(sys.argv[1]))
assert isinstance(sub, dict), "submission is not an object"
source = sys.argv[2]
if os.path.isdir(source):
    ids = sorted(f[:-5] for f in os.listdir(source) if f.endswith(".json"))
    challenges = {i: json.load(open(os.path.join(source, i + ".json"))) for i in ids}
else:
    challenges = json.load(open(source))
    ids = sorted(challenges)
assert sorted(sub) == ids, "task ids differ"
def is_grid(g):
    return (isinstance(g, list) and len(g) > 0 and all(isinstance(r, list) for r in g)
            and len(g[0]) > 0 and all(len(r) == len(g[0]) for r in g)
            and all(type(v) is int and 0 <= v <= 9 for r in g for v in r))
for i in ids:
    tests = challenges[i]["test"]
    entries = sub[i]
    assert isinstance(entries, list) and len(entries) == len(tests), i + ": entry count"
    for e in entries:
        assert isinstance(e, dict) and set(e) >= {"attempt_1", "attempt_2"}, i + ": attempts"
        assert is_grid(e["attempt_1"]) and is_grid(e["attempt_2"]), i + ": not a grid"
'

# ---- eval: default mode and --cross ---------------------------------------------------
expect_exit 0 "eval default mode" -- "$TESSERA" arc eval "$DATA/solvers.py" --tasks "$DATA/tasks" --store "$TMP/a.db"
expect_grep '^1 of 3 tasks solved' "$OUT" "default mode solves only grow3"
expect_exit 0 "eval --cross" -- "$TESSERA" arc eval --programs "$DATA/solvers.py" --tasks "$DATA/tasks" --cross --store "$TMP/a.db" --json --timing
check_py "cross JSON: solvers found for tasks they were not written for" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["tasks_solved"] == 3 and r["pairs_evaluated"] == 9, r
assert isinstance(r["seconds"], float) and "timing" in r and "cache" in r
t = {x["id"]: x for x in r["tasks"]}
assert len(t["mirror1"]["solved_by"]) == 1 and t["mirror1"]["best"]["name"] == "solve_swap2"
assert t["swap2"]["best"]["name"] == "solve_mirror1" and t["swap2"]["best"]["status"] == "solved"
' "$OUT"

# ---- bad input never crashes -----------------------------------------------------------
expect_exit 2 "eval without --tasks" -- "$TESSERA" arc eval "$DATA/solvers.py"
expect_exit 2 "eval with a missing program file" -- "$TESSERA" arc eval "$TMP/none.py" --tasks "$DATA/tasks"
expect_exit 2 "eval with a bad budget" -- "$TESSERA" arc eval "$DATA/solvers.py" --tasks "$DATA/tasks" --budget lots
expect_exit 2 "store list of a missing store" -- "$TESSERA" arc store list --store "$TMP/none.db"
expect_exit 2 "store show of an unknown hash" -- "$TESSERA" arc store show abcdef12 --store "$TMP/a.db"
expect_exit 2 "score of a malformed submission" -- "$TESSERA" arc score "$DATA/solvers.py" --tasks "$DATA/tasks"

# ---- store: identical programs, list, show, export --------------------------------------
expect_exit 0 "eval of two spellings of one program" -- "$TESSERA" arc eval "$DATA/same.py" --tasks "$DATA/tasks" --cross --store "$TMP/same.db"
expect_exit 0 "store list" -- "$TESSERA" arc store list --store "$TMP/same.db" --json
check_py "identical programs share one store row" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["programs"] == 1, r["programs"]
assert len(r["runs"]) == 1 and r["runs"][0]["finished"] is not None
' "$OUT"
expect_exit 0 "store list text" -- "$TESSERA" arc store list --store "$TMP/a.db"
expect_grep '^mirror1 +[0-9a-f]{32} +solved' "$OUT" "list shows the best program per task"
hash=$(grep -E '^mirror1 ' "$OUT" | awk '{print $2}')
expect_exit 0 "store show by prefix" -- "$TESSERA" arc store show "${hash:0:8}" --store "$TMP/a.db"
expect_grep 'vmirror\(I\)' "$OUT" "show prints the program text"
expect_exit 0 "store export" -- "$TESSERA" arc store export --store "$TMP/a.db" -o "$TMP/export.py"
expect_exit 0 "arc run accepts the export" -- "$TESSERA" arc run "$TMP/export.py" --tasks "$DATA/tasks"
expect_grep '^3 of 3 tasks solved' "$OUT" "the exported solvers solve every task"

# ---- budgets ----------------------------------------------------------------------------
expect_exit 0 "explosive program with a small budget" -- "$TESSERA" arc eval "$DATA/explode.py" --tasks "$DATA/tasks" --budget 10000 --no-store --json
check_py "the budget stops the explosive program" '
import json, sys
t = {x["id"]: x for x in json.load(open(sys.argv[1]))["tasks"]}
assert t["grow3"]["solved_by"] == [] and t["grow3"]["best"] is None, t["grow3"]
assert len(t["swap2"]["solved_by"]) == 1
' "$OUT"
expect_exit 0 "explosive program unlimited" -- "$TESSERA" arc eval "$DATA/explode.py" --tasks "$DATA/tasks" --budget 0 --no-store
expect_grep '^2 of 3 tasks solved' "$OUT" "without a budget it solves grow3"

# ---- several files may define the same solve_<id> ------------------------------------------
printf 'def solve_3c9b0459(I):\n    O = rot90(I)\n    return O\n' >"$TMP/first.py"
printf 'def solve_3c9b0459(I):\n    O = rot180(I)\n    return O\n' >"$TMP/second.py"
expect_exit 0 "eval of two libraries sharing a name" -- "$TESSERA" arc eval "$TMP/first.py" "$TMP/second.py" --tasks "$TRAINING" --task 3c9b0459 --no-store --json
check_py "both definitions run on the task, the second solves it" '
import json, sys
t = json.load(open(sys.argv[1]))["tasks"][0]
assert t["programs_run"] == 2 and len(t["solved_by"]) == 1, t
' "$OUT"
expect_exit 0 "arc run with a shadowed solver" -- "$TESSERA" arc run "$TMP/first.py" "$TMP/second.py" --tasks "$TRAINING"
expect_grep "second.py:1 is not run; .*first.py:1 defines it first" "$ERR" "arc run says which definition it skips"

# ---- the memory guard: a last resort, reported like a timeout ------------------------------
cat >"$TMP/hog.py" <<'EOF_HOG'
def solve_007bbfb7(I):
    x1 = upscale(I, 30)
    x2 = hupscale(x1, TEN)
    x3 = vupscale(x2, TEN)
    x4 = rot90(x3)
    O = rot180(x4)
    return O
EOF_HOG
expect_exit 0 "a program holding megabytes, guard at 1 MB" -- "$TESSERA" arc eval "$TMP/hog.py" --tasks "$TRAINING" --task 007bbfb7 --no-store --memory-mb 1 --json
check_py "the memory guard stops the task and reports it" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["timeouts"] == 1 and r["tasks"][0]["timed_out"] is True, r
' "$OUT"
expect_exit 0 "the same program under the default guard" -- "$TESSERA" arc eval "$TMP/hog.py" --tasks "$TRAINING" --task 007bbfb7 --no-store --json
check_py "the default guard leaves it alone" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["timeouts"] == 0 and r["tasks"][0]["timed_out"] is False, r
' "$OUT"
expect_exit 2 "--memory-mb needs a number" -- "$TESSERA" arc eval "$TMP/hog.py" --tasks "$TRAINING" --memory-mb lots

# ---- results do not depend on --jobs or the memo ---------------------------------------
SUBSET="--task 3c9b0459,6150a2bd,67a3c6ac,68b16354,74dd1130,9dfd6313,a416b8f3,c8f0f002,d511f180,ed36ccf7,f25ffba3,25ff71a9"
for variant in "--jobs 1" "--jobs 4" "--jobs 1 --no-memo" "--jobs 4 --no-memo" "--jobs 4 --partial" "--jobs 1 --partial --no-memo"; do
  name=$(echo "$variant" | tr -d ' -')
  # shellcheck disable=SC2086
  "$TESSERA" arc eval data/solvers/tessera.py --tasks "$TRAINING" $SUBSET --cross --budget 300000 --no-store --json $variant >"$TMP/$name.json" 2>/dev/null
done
check_py "identical results for --jobs 1/4 and memo on/off" '
import json, sys
def load(p):
    r = json.load(open(p)); r.pop("seconds"); return r
a, b, c, d = (load(p) for p in sys.argv[1:5])
assert a == b == c == d
assert a["tasks_solved"] >= 11, a["tasks_solved"]
e, f = load(sys.argv[5]), load(sys.argv[6])
assert e == f
' "$TMP/jobs1.json" "$TMP/jobs4.json" "$TMP/jobs1nomemo.json" "$TMP/jobs4nomemo.json" "$TMP/jobs4partial.json" "$TMP/jobs1partialnomemo.json"

# ---- predict and score --------------------------------------------------------------------
expect_exit 0 "predict" -- "$TESSERA" arc predict --tasks "$DATA/tasks" --store "$TMP/a.db" --out "$TMP/sub.json"
check_py "submission passes the format check" "$FORMAT_CHECK" "$TMP/sub.json" "$DATA/tasks"
expect_exit 0 "score" -- "$TESSERA" arc score "$TMP/sub.json" --tasks "$DATA/tasks"
expect_grep '^score 3.000 of 3 tasks' "$OUT" "the cross store scores every task"
expect_exit 0 "predict from a default-mode store" -- "$TESSERA" arc predict --tasks "$DATA/tasks" --store "$TMP/same.db" --out "$TMP/sub2.json"
check_py "fallback submission passes the format check" "$FORMAT_CHECK" "$TMP/sub2.json" "$DATA/tasks"

# ---- a Kaggle challenges file without test outputs ------------------------------------------
KAGGLE=tests/arc/data/kaggle
expect_exit 0 "eval of a Kaggle challenges file" -- "$TESSERA" arc eval "$KAGGLE/solvers.py" --tasks "$KAGGLE/challenges.json" --cross --store "$TMP/k.db"
expect_exit 0 "predict for the challenges" -- "$TESSERA" arc predict --tasks "$KAGGLE/challenges.json" --store "$TMP/k.db" --out "$TMP/k.json"
check_py "Kaggle submission passes the format check" "$FORMAT_CHECK" "$TMP/k.json" "$KAGGLE/challenges.json"
expect_exit 2 "score without known outputs" -- "$TESSERA" arc score "$TMP/k.json" --tasks "$KAGGLE/challenges.json"
expect_exit 0 "score with --solutions" -- "$TESSERA" arc score "$TMP/k.json" --tasks "$KAGGLE/challenges.json" --solutions "$KAGGLE/solutions.json"
expect_grep '^score 2.000 of 2 tasks' "$OUT" "both Kaggle tasks scored"

# ---- a run killed midway leaves a consistent store ------------------------------------------
# A slow run (one thread, every demo pair scored) is killed with SIGKILL once
# it has committed some tasks; the store must open and hold them.
programs=data/solvers/tessera.py
[ -f "$REFERENCE" ] && programs=$REFERENCE
"$TESSERA" arc eval "$programs" --tasks "$TRAINING" --cross --partial --no-memo --jobs 1 --store "$TMP/kill.db" >/dev/null 2>&1 &
KILLED_PID=$!
committed=0
for _ in $(seq 1 200); do
  committed=$(python3 -c '
import sqlite3, sys
try:
    db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=5)
    print(db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0])
except Exception:
    print(0)' "$TMP/kill.db")
  [ "$committed" -ge 16 ] && break
  sleep 0.1
done
if kill -0 "$KILLED_PID" 2>/dev/null; then
  kill -9 "$KILLED_PID"
  wait "$KILLED_PID" 2>/dev/null
  KILLED_PID=
  ok
else
  bad "the run ended before it could be killed (committed=$committed)"
fi
check_py "killed store is consistent and keeps its committed tasks" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
tasks = db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
assert 16 <= tasks < 400, tasks
assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] > 0
assert db.execute("SELECT COUNT(*) FROM runs WHERE finished IS NULL").fetchone()[0] == 1
orphans = db.execute("SELECT COUNT(*) FROM results WHERE program NOT IN (SELECT hash FROM programs)").fetchone()[0]
assert orphans == 0
' "$TMP/kill.db"
expect_exit 0 "store list after the kill" -- "$TESSERA" arc store list --store "$TMP/kill.db"
expect_grep 'interrupted' "$OUT" "the killed run shows as interrupted"
expect_exit 0 "a new run on the killed store" -- "$TESSERA" arc eval "$DATA/solvers.py" --tasks "$DATA/tasks" --store "$TMP/kill.db"

# ---- the public reference solvers (skipped when absent) -------------------------------------
if [ -f "$REFERENCE" ]; then
  "$TESSERA" arc run "$REFERENCE" --tasks "$TRAINING" >"$TMP/run.txt" 2>/dev/null
  own=$(grep -oE '^[0-9]+ of [0-9]+ tasks solved' "$TMP/run.txt" | awk '{print $1}')
  expect_exit 0 "reference solvers, default mode" -- "$TESSERA" arc eval "$REFERENCE" --tasks "$TRAINING" --store "$TMP/ref.db"
  expect_exit 0 "predict from the reference store" -- "$TESSERA" arc predict --tasks "$TRAINING" --store "$TMP/ref.db" --out "$TMP/ref.json"
  check_py "reference submission passes the format check" "$FORMAT_CHECK" "$TMP/ref.json" "$TRAINING"
  expect_exit 0 "score of the reference submission" -- "$TESSERA" arc score "$TMP/ref.json" --tasks "$TRAINING" --json
  check_py "predict+score matches the tasks arc run solves ($own)" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["tasks_correct"] == int(sys.argv[2]), (r, sys.argv[2])
' "$OUT" "$own"
else
  echo "note: $REFERENCE absent, reference-solver checks skipped"
fi

# ---- --profile (arc run and arc eval share the tables) -------------------------------
for cmd in run eval; do
  extra=(); [ "$cmd" = eval ] && extra=(--no-store)
  expect_exit 0 "$cmd --profile" -- "$TESSERA" arc "$cmd" "$DATA/solvers.py" --tasks "$DATA/tasks" --profile "${extra[@]}"
  expect_grep '^profile: prim NAME CALLS MS NS/CALL' "$ERR" "$cmd --profile: primitive table"
  expect_grep '^profile: prim (vmirror|hmirror|upscale) +[0-9]+ ' "$ERR" "$cmd --profile: a primitive that ran"
  expect_grep '^profile: task (grow3|mirror1|swap2) [0-9.]+ [0-9]+$' "$ERR" "$cmd --profile: slowest tasks"
  expect_grep '^profile: phases ms: ' "$ERR" "$cmd --profile: phases"
done

e2e_summary
