#!/usr/bin/env bash
# End-to-end tests of `tessera arc solve` (the program search over a task
# set), driving the real binary ($TESSERA).
#
# tests/arc/data/solve holds twelve ARC training tasks (copied from
# data/arc-agi-1/training, with their test outputs) of different kinds:
# rigid maps (6150a2bd rot180, 9dfd6313 dmirror, 68b16354 hmirror), a crop
# (1cf80156), colour changes (b1948b0a, 0d3d703e), size changes (9172f3a0
# upscale, 4c4377d9 mirror and stack), fills (a5313dff, d037b0a7),
# composition of halves (dae9d2b5) and colour normalisation (007bbfb7). The
# search must solve each with the library off. Nothing here trusts the
# search's own verdict: every program it writes is run by `tessera arc run`
# (which checks the demo pairs and test outputs against the task file) and
# the submission is scored by `tessera arc score`.
set -u
cd "$(dirname "$0")/../.."
TESSERA=${TESSERA:-$PWD/build/tessera}
. tests/e2e_lib.sh
DATA=tests/arc/data/solve
TMP=$(mktemp -d)
chmod 0755 "$TMP"
trap 'rm -rf "$TMP"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)
ROOT=0
[ "$(id -u)" = 0 ] && ROOT=1
N_TASKS=$(ls $DATA/*.json | wc -l)

# check_py DESCRIPTION PYTHON-CODE ARGS...: the code gets ARGS as sys.argv[1:].
check_py() {
  local what=$1 code=$2; shift 2
  if python3 -c "$code" "$@" 2>"$TMP/py.err"; then ok; else bad "$what"; head -5 "$TMP/py.err" | sed 's/^/    /'; fi
}
same_file() { if cmp -s "$1" "$2"; then ok; else bad "$3"; diff "$1" "$2" | head -5 | sed 's/^/    /'; fi; }

# ---- help and usage errors ----------------------------------------------------------
expect_exit 0 "arc solve --help" -- "$TESSERA" arc solve --help
expect_grep '^Usage: tessera arc solve --tasks PATH' "$OUT" "help usage line"
expect_grep '--disable PART' "$OUT" "help documents --disable"
expect_exit 0 "arc --help lists solve" -- "$TESSERA" arc --help
expect_grep '^  solve ' "$OUT" "arc --help lists solve"
expect_exit 2 "no --tasks" -- "$TESSERA" arc solve
expect_grep '--tasks PATH is required' "$ERR" "missing --tasks message"
expect_exit 2 "unknown option" -- "$TESSERA" arc solve --tasks $DATA --bogus
expect_grep "unrecognized option '--bogus'" "$ERR" "unknown option message"
expect_exit 2 "bad --budget" -- "$TESSERA" arc solve --tasks $DATA --budget 12x
expect_grep "--budget: expected a number of work units >= 1, got '12x'" "$ERR" "bad --budget message"
expect_exit 2 "--budget 0" -- "$TESSERA" arc solve --tasks $DATA --budget 0
expect_exit 2 "bad --jobs" -- "$TESSERA" arc solve --tasks $DATA --jobs 0
expect_grep "--jobs: expected a number of threads" "$ERR" "bad --jobs message"
expect_exit 2 "bad --memory-mb" -- "$TESSERA" arc solve --tasks $DATA --memory-mb -3
expect_grep "--memory-mb: expected a size in MiB" "$ERR" "bad --memory-mb message"
expect_exit 2 "bad --task-seconds" -- "$TESSERA" arc solve --tasks $DATA --task-seconds nan
expect_exit 2 "unknown --disable part" -- "$TESSERA" arc solve --tasks $DATA --disable size,frobnicate
expect_grep "--disable: unknown part 'frobnicate'" "$ERR" "unknown part message"
expect_exit 2 "stray operand" -- "$TESSERA" arc solve --tasks $DATA extra.py
expect_grep "unexpected argument 'extra.py'" "$ERR" "stray operand message"
expect_exit 2 "unknown --task" -- "$TESSERA" arc solve --tasks $DATA --task 00000000
expect_grep "00000000" "$ERR" "unknown task names the id"
expect_exit 2 "--explain outside --task" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --explain 9dfd6313
expect_grep "--explain 9dfd6313" "$ERR" "--explain outside --task message"
mkdir -p "$TMP/badtasks"
printf '{"train": [{"input": [[1, 2]], "output": [[1]]}],\n "test": [{"input": [[1, 2], [3]]}]}\n' >"$TMP/badtasks/bad.json"
expect_exit 2 "bad task file" -- "$TESSERA" arc solve --tasks "$TMP/badtasks"
expect_grep 'bad\.json: test\[0\]\.input\[1\]' "$ERR" "bad task file names the place"
printf 'def solve_x(I):\n    O = rot90(I\n    return O\n' >"$TMP/bad.py"
expect_exit 2 "bad library file" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --library "$TMP/bad.py"
expect_grep 'bad\.py:[0-9]+:[0-9]+: ' "$ERR" "bad library file names file:line:col"
expect_exit 2 "missing library file" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --library "$TMP/none.py"
expect_grep 'none\.py' "$ERR" "missing library file named"

# ---- the search solves the twelve tasks; --jobs 1 and 2 give the same bytes -----------
# the default budget, as --help states it (work stays within it, give or take the last step)
DEFAULT_BUDGET=$("$TESSERA" arc solve --help | sed -n 's/.*--budget W .*(default \([0-9]*\)).*/\1/p')
[ -n "$DEFAULT_BUDGET" ] && ok || { bad "no default budget in --help"; DEFAULT_BUDGET=1; }
expect_exit 0 "solve, --jobs 1" -- "$TESSERA" arc solve --tasks $DATA --jobs 1 --json --out "$TMP/sub1.json"
cp "$OUT" "$TMP/solve1.jsonl"
expect_exit 0 "solve, --jobs 2" -- "$TESSERA" arc solve --tasks $DATA --jobs 2 --json --out "$TMP/sub2.json"
cp "$OUT" "$TMP/solve2.jsonl"
cp "$ERR" "$TMP/solve2.err"
same_file "$TMP/sub1.json" "$TMP/sub2.json" "submission identical for --jobs 1 and 2"
same_file "$TMP/solve1.jsonl" "$TMP/solve2.jsonl" "--json identical for --jobs 1 and 2"
expect_grep "^$N_TASKS tasks, [0-9]+ solved on demos, score" "$TMP/solve2.err" "summary line on stderr with --json"
check_py "one JSON object per task, every task solved on its demos" '
import json, sys, os
rows = [json.loads(line) for line in open(sys.argv[1])]
ids = sorted(f[:-5] for f in os.listdir(sys.argv[2]) if f.endswith(".json"))
budget = int(sys.argv[3])
assert [r["id"] for r in rows] == ids, [r["id"] for r in rows]
for r in rows:
    assert r["status"] == "solved", (r["id"], r["status"])
    assert r["programs"] and r["programs"][0]["demos_right"] == r["demo_pairs"], r["id"]
    for key in ("work", "evaluations", "peak_bytes", "caps_hit", "stored"):
        assert key in r, key
    assert r["stored"] == 0
    assert 0 < r["work"] <= budget + budget // 4, (r["id"], r["work"], budget)
' "$TMP/solve1.jsonl" $DATA "$DEFAULT_BUDGET"
expect_exit 0 "arc score of the submission" -- "$TESSERA" arc score "$TMP/sub1.json" --tasks $DATA
expect_grep "^score $N_TASKS\.000 of $N_TASKS tasks" "$OUT" "every test output right by attempt_1 or attempt_2"

# Every program the search wrote, run by `arc run` on its task: right on every
# demo pair when the search says so, and the same test outputs it predicted.
python3 - "$TMP/solve1.jsonl" "$TMP/programs" <<'EOF'
import json, os, sys
os.makedirs(sys.argv[2], exist_ok=True)
for line in open(sys.argv[1]):
    r = json.loads(line)
    for p in r["programs"]:
        text = p["text"].replace("def solve(I):", "def solve_%s(I):" % r["id"])
        name = "%s/%s_%d" % (sys.argv[2], r["id"], p["rank"])
        open(name + ".py", "w").write(text)
        json.dump({"demos_right": p["demos_right"], "demo_pairs": r["demo_pairs"],
                   "predictions": p["predictions"]}, open(name + ".want", "w"))
EOF
programs=0
for py in "$TMP"/programs/*.py; do
  programs=$((programs + 1))
  id=$(basename "$py" .py); id=${id%_*}
  if ! "$TESSERA" arc run "$py" --tasks $DATA --task "$id" --json >"$TMP/run.json" 2>"$TMP/run.err"; then
    bad "arc run of $(basename "$py") failed"; head -3 "$TMP/run.err"; continue
  fi
  check_py "$(basename "$py") run by arc run reproduces the search's verdict and predictions" '
import json, sys
run = json.load(open(sys.argv[1]))["tasks"][0]
want = json.load(open(sys.argv[2]))
train = [p for p in run["pairs"] if p["kind"] == "train"]
test = [p for p in run["pairs"] if p["kind"] == "test"]
assert sum(p["ok"] is True for p in train) == want["demos_right"], "demos right differ"
assert [p["output"] for p in test] == want["predictions"], "test outputs differ from the predictions"
' "$TMP/run.json" "${py%.py}.want"
done
[ "$programs" -ge "$N_TASKS" ] && ok || bad "only $programs programs written for $N_TASKS tasks"

# Text mode: one line per task and the summary with the score.
expect_exit 0 "solve, text report" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd,1cf80156
expect_grep '^1cf80156: solved, ' "$OUT" "text line per task"
expect_grep '^2 tasks, 2 solved on demos, score 2\.00 of 2 tasks \(100\.0%, top-2\), 2 of 2 test outputs, [0-9]+ work units, ' "$OUT" "summary line"
# --solutions: a Kaggle challenges file without outputs plus its solutions.
python3 - $DATA "$TMP/kaggle" <<'EOF'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
challenges, solutions = {}, {}
for f in sorted(os.listdir(src)):
    t = json.load(open(os.path.join(src, f)))
    challenges[f[:-5]] = {"train": t["train"], "test": [{"input": p["input"]} for p in t["test"]]}
    solutions[f[:-5]] = [p["output"] for p in t["test"]]
json.dump(challenges, open(out + "_challenges.json", "w"))
json.dump(solutions, open(out + "_solutions.json", "w"))
EOF
expect_exit 0 "solve a challenges file without outputs" -- "$TESSERA" arc solve --tasks "$TMP/kaggle_challenges.json" --task 9172f3a0
expect_grep '^1 task, 1 solved on demos, [0-9]+ work units' "$OUT" "no score without known outputs"
expect_exit 0 "solve with --solutions" -- "$TESSERA" arc solve --tasks "$TMP/kaggle_challenges.json" --solutions "$TMP/kaggle_solutions.json" --task 9172f3a0
expect_grep 'score 1\.00 of 1 tasks \(100\.0%, top-2\), 1 of 1 test outputs' "$OUT" "score with --solutions"

# ---- --explain ------------------------------------------------------------------------
expect_exit 0 "--explain" -- "$TESSERA" arc solve --tasks $DATA --explain 4c4377d9
expect_grep '^task 4c4377d9: solved' "$OUT" "explain header"
expect_grep '^program 1: 4 of 4 demos right' "$OUT" "explain program line"
expect_grep '^  demo 3:' "$OUT" "explain covers every demo"
expect_grep '^    I = grid 3x4' "$OUT" "explain shows the input"
expect_grep '^    x1 = grid' "$OUT" "explain shows an intermediate value"
expect_grep '^    right$' "$OUT" "explain verdict"
expect_grep '^1 task, 1 solved' "$OUT" "explain searches only the explained task"

# ---- a tiny budget degrades gracefully ---------------------------------------------------
expect_exit 0 "--budget 1000" -- "$TESSERA" arc solve --tasks $DATA --budget 1000 --jobs 2 --out "$TMP/tiny.json" --json
cp "$OUT" "$TMP/tiny.jsonl"
check_py "tiny budget: both attempts present for every test input" '
import json, sys, os
sub = json.load(open(sys.argv[1]))
rows = [json.loads(line) for line in open(sys.argv[3])]
for f in os.listdir(sys.argv[2]):
    task = json.load(open(os.path.join(sys.argv[2], f)))
    entries = sub[f[:-5]]
    assert len(entries) == len(task["test"])
    for e in entries:
        for k in ("attempt_1", "attempt_2"):
            g = e[k]
            assert g and all(len(row) == len(g[0]) and all(0 <= c <= 9 for c in row) for row in g), k
' "$TMP/tiny.json" $DATA "$TMP/tiny.jsonl"
check_py "tiny budget: a task whose work reached the budget reports the budget cap" '
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
over = [r["id"] for r in rows if r["work"] >= 1000 and not r["caps_hit"]["budget"]]
assert not over, "work >= --budget 1000 without caps_hit.budget: %s" % over
' "$TMP/tiny.jsonl"
expect_exit 0 "arc score accepts the tiny-budget submission" -- "$TESSERA" arc score "$TMP/tiny.json" --tasks $DATA

# ---- --disable maps to the search's parts --------------------------------------------------
expect_exit 0 "--disable every part" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --disable size,normalise,compose --disable ext,depth3,library,dedup --disable objects,neighbours,libseeds,lambdas --json
expect_grep '"id": "6150a2bd"' "$OUT" "ablation run reports the task"
expect_exit 0 "--disable compose,normalise" -- "$TESSERA" arc solve --tasks $DATA --task 007bbfb7 --disable compose,normalise --json
check_py "without composition and normalisation 007bbfb7 has no such program" '
import json, sys
r = json.loads(open(sys.argv[1]).readline())
assert all("composition" not in p["origin"] and "normalised" not in p["origin"] for p in r["programs"]), r["programs"]
' "$OUT"

# ---- output errors ------------------------------------------------------------------------
expect_exit 1 "--out /dev/full" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --out /dev/full
expect_grep '/dev/full: cannot write: No space left on device' "$ERR" "write error names the reason"
echo '{"keep": "me"}' >"$TMP/old.json"
cp "$TMP/old.json" "$TMP/old.before"
(ulimit -f 1; trap '' XFSZ; "$TESSERA" arc solve --tasks $DATA --out "$TMP/old.json" >"$OUT" 2>"$ERR")
rc=$?
[ "$rc" = 1 ] && ok || bad "file-size limit: exit $rc, wanted 1"
expect_grep 'old\.json: cannot write: File too large' "$ERR" "file-size limit reported"
same_file "$TMP/old.before" "$TMP/old.json" "a failed write leaves the old submission intact"
[ -z "$(ls "$TMP" | grep '\.tmp-')" ] && ok || bad "temporary file left behind"
expect_exit 1 "--out into a missing folder" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --out "$TMP/no/such/sub.json"

# ---- the store: programs found are stored and start the next run ---------------------------
DB="$TMP/store/s.db"
mkdir -p "$TMP/store" && chmod 0755 "$TMP/store"
expect_exit 0 "solve into a new store" -- "$TESSERA" arc solve --tasks $DATA --task 9172f3a0,dae9d2b5 --store "$DB" --json
cp "$OUT" "$TMP/first.jsonl"
check_py "the store holds every program found, with task, cost and rank; schema 2" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT value FROM meta WHERE key=\"schema\"").fetchone()[0] == "2"
for line in open(sys.argv[2]):
    r = json.loads(line)
    rows = db.execute("SELECT text, cost, rank, demos_right FROM search_programs WHERE task=? ORDER BY rank", (r["id"],)).fetchall()
    assert [(p["text"], p["cost"], p["rank"], p["demos_right"]) for p in r["programs"]] == rows, (r["id"], rows)
assert db.execute("SELECT COUNT(*) FROM runs WHERE finished IS NOT NULL AND arguments LIKE \"solve %\"").fetchone()[0] == 1
' "$DB" "$TMP/first.jsonl"
expect_exit 0 "second run reads the store" -- "$TESSERA" arc solve --tasks $DATA --task 9172f3a0,dae9d2b5 --store "$DB" --json
check_py "second run got the stored programs as library programs" '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    assert r["stored"] >= 1, (r["id"], r["stored"])
    assert r["status"] == "solved"
' "$OUT"
expect_exit 0 "the store still lists with arc store list" -- "$TESSERA" arc store list --store "$DB"
# A task whose file changed: its old programs are not offered.
mkdir -p "$TMP/changed"
python3 -c '
import json, sys
t = json.load(open(sys.argv[1])); t["train"] = t["train"][:1]
json.dump(t, open(sys.argv[2], "w"))' $DATA/9172f3a0.json "$TMP/changed/9172f3a0.json"
expect_exit 0 "changed task" -- "$TESSERA" arc solve --tasks "$TMP/changed" --store "$DB" --json
expect_grep '"stored": 0' "$OUT" "programs of a changed task are not offered"

# Read-only: a store this user cannot write (nobody, when we are root; else a
# 0444 file) is read, not written, and says so.
as_reader() {
  if [ "$ROOT" = 1 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}
RO="$TMP/ro/s.db"
mkdir -p "$TMP/ro" && cp "$DB" "$RO" && chmod 0444 "$RO" && chmod 0555 "$TMP/ro"
before=$(sha256sum "$RO" | cut -d' ' -f1)
expect_exit 0 "solve with a read-only store" -- as_reader "$TESSERA" arc solve --tasks $DATA --task dae9d2b5 --store "$RO" --json
expect_grep '"stored": [1-9]' "$OUT" "read-only store's programs are used"
expect_grep 'cannot be written; its programs are used, the new ones are not stored' "$ERR" "read-only store note"
after=$(sha256sum "$RO" | cut -d' ' -f1)
[ "$before" = "$after" ] && ok || bad "solve changed a read-only store"
expect_exit 0 "store list of the read-only store" -- as_reader "$TESSERA" arc store list --store "$RO"

# A store from before the search_programs table (schema 1) reads as having no
# programs and gets the table, in the opening transaction, when written.
V1="$TMP/store/v1.db"
cp "$DB" "$V1"
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TABLE search_programs"); db.execute("UPDATE meta SET value=\"1\" WHERE key=\"schema\"")
db.commit()' "$V1"
chmod 0444 "$V1"
expect_exit 0 "read-only solve on a schema-1 store" -- as_reader "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --store "$V1" --json
expect_grep '"stored": 0' "$OUT" "schema-1 store has no stored programs"
check_py "a read-only open never creates the table" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name=\"search_programs\"").fetchone()[0] == 0
' "$V1"
chmod 0644 "$V1"
expect_exit 0 "writing solve migrates a schema-1 store" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --store "$V1"
check_py "the migrated store has the table, the new programs and schema 2" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT value FROM meta WHERE key=\"schema\"").fetchone()[0] == "2"
assert db.execute("SELECT COUNT(*) FROM search_programs WHERE task=\"6150a2bd\"").fetchone()[0] >= 1
' "$V1"
printf 'not a database at all, just text that is long enough to be looked at by sqlite\n' >"$TMP/store/junk.db"
expect_exit 2 "a file that is not a store" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --store "$TMP/store/junk.db"

# ---- library files ------------------------------------------------------------------------
printf 'def solve_6150a2bd(I):\n    x1 = rot90(I)\n    O = rot90(x1)\n    return O\n' >"$TMP/lib.py"
expect_exit 0 "--library FILE" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --library "$TMP/lib.py" --json
expect_grep '"status": "solved"' "$OUT" "library run solves"
expect_exit 0 "--library FILE FILE (operands)" -- "$TESSERA" arc solve --tasks $DATA --task 6150a2bd --library "$TMP/lib.py" "$TMP/lib.py"

e2e_summary
