#!/usr/bin/env bash
# test_mpi_solve.sh - `tessera arc solve --mpi` under mpirun gives the bytes
# of a single process. Runs `mpirun --allow-run-as-root --oversubscribe -np 3`
# on this machine and compares with `--jobs 1` on ten training tasks and the
# twelve tasks of tests/arc/data/solve with a small budget: the --json lines,
# the submission, every table of the store but the runs log, and a second
# run that reads the programs stored by the first. Also: the text report on
# two ranks, one rank (no mpirun), more ranks than tasks, a rank that cannot
# read its library file, ranks that loaded different tasks, and --mpi
# refused by a build without MPI. Under a sanitizer build the ranks run with
# leak checks (Open MPI's own allocations suppressed, lsan.supp).
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
case $T in /*) ;; *) T=$PWD/$T ;; esac
BUILD=$(dirname "$T")
ROOT=$PWD
TRAINING=$ROOT/data/arc-agi-1/training
SOLVE=$ROOT/tests/arc/data/solve
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$BUILD/tessera-mpi" ]; then
  expect_exit 2 "--mpi without MPI support" -- "$T" arc solve --mpi --tasks "$SOLVE"
  expect_grep "built without MPI" "$(e2e_err)" "--mpi names the missing build option"
  echo "note: $T was built without MPI; the distributed runs were not tested"
  e2e_summary
  exit $?
fi
if ! command -v mpirun >/dev/null; then
  bad "tessera-mpi was built but mpirun is missing (install openmpi-bin: make deps)"
  e2e_summary
  exit 1
fi

export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
if grep -q '^SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
  export ASAN_OPTIONS=fast_unwind_on_malloc=0
  export LSAN_OPTIONS=suppressions=$ROOT/tests/mpi/lsan.supp:print_suppressions=0
fi

dump() {
  /usr/bin/python3 - "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("select name from sqlite_master where type = 'table' order by name"):
    if name == "runs":
        continue
    print("table", name)
    cols = [r[1] for r in db.execute("pragma table_info(%s)" % name)]
    keep = [c for c in cols if c not in ("run", "run_id", "created", "seconds")]
    for row in db.execute("select %s from %s order by 1, 2" % (", ".join(keep), name)):
        print(repr(row))
EOF
}

cd "$TMP"
# Ten training tasks of different sizes (the first ten ids), and the
# fixture tasks the search is meant to solve.
TEN=$(ls "$TRAINING" | head -n 10 | sed 's/\.json$//' | paste -sd, -)
for set in training solve; do
  if [ $set = training ]; then ARGS=(--tasks "$TRAINING" --task "$TEN"); else ARGS=(--tasks "$SOLVE"); fi
  SOLVEARGS=(arc solve "${ARGS[@]}" --budget 300000 --json)
  expect_exit 0 "$set: single process" -- "$T" "${SOLVEARGS[@]}" --jobs 1 --out one.sub --store one.db
  cp "$(e2e_out)" one.json
  expect_exit 0 "$set: mpirun -np 3" -- "${MPIRUN[@]}" -np 3 "$T" "${SOLVEARGS[@]}" --jobs 1 --mpi --out three.sub --store three.db
  cp "$(e2e_out)" three.json
  if [ "$(grep -c '"id"' one.json)" -ge 10 ] && cmp -s one.json three.json; then ok; else bad "$set: --json lines differ"; diff one.json three.json | head -5; fi
  if [ -s one.sub ] && cmp -s one.sub three.sub; then ok; else bad "$set: submissions differ"; fi
  dump one.db >one.dump
  dump three.db >three.dump
  if [ "$(grep -c . one.dump)" -gt 10 ] && cmp -s one.dump three.dump; then ok; else bad "$set: stores differ"; diff one.dump three.dump | head -5; fi
  # Second runs read the programs the first ones stored.
  expect_exit 0 "$set: single process, stored programs" -- "$T" "${SOLVEARGS[@]}" --jobs 1 --store one.db
  cp "$(e2e_out)" one2.json
  expect_exit 0 "$set: mpirun -np 2, stored programs" -- "${MPIRUN[@]}" -np 2 "$T" "${SOLVEARGS[@]}" --jobs 2 --mpi --store three.db
  cp "$(e2e_out)" three2.json
  if grep -q '"stored": [1-9]' one2.json && cmp -s one2.json three2.json; then ok; else bad "$set: runs over stored programs differ"; diff one2.json three2.json | head -5; fi
  rm -f one.db three.db
done
if grep -q '"status": "solved"' one.json; then ok; else bad "the reference run solved nothing"; fi

# Text report on two ranks: the same lines; the summary but its time.
PLAIN=(arc solve --tasks "$SOLVE" --budget 300000)
"$T" "${PLAIN[@]}" --jobs 1 | sed 's/, [0-9.]* s$//' >plain1.txt
expect_exit 0 "mpirun -np 2 text report" -- "${MPIRUN[@]}" -np 2 "$T" "${PLAIN[@]}" --mpi
sed 's/, [0-9.]* s$//' "$(e2e_out)" >plain2.txt
if [ "$(wc -l <plain1.txt)" -ge 13 ] && cmp -s plain1.txt plain2.txt; then ok; else bad "text reports differ"; diff plain1.txt plain2.txt | head; fi

# One rank without mpirun, and more ranks than tasks.
expect_exit 0 "--mpi as a single process" -- "$T" "${PLAIN[@]}" --json --mpi
if cmp -s "$(e2e_out)" <("$T" "${PLAIN[@]}" --json --jobs 1 2>/dev/null); then ok; else bad "one rank differs from no MPI"; fi
TWO=(arc solve --tasks "$SOLVE" --task 4c4377d9,6150a2bd --budget 300000 --json)
"$T" "${TWO[@]}" --jobs 1 >two1.json 2>/dev/null
expect_exit 0 "more ranks than tasks" -- "${MPIRUN[@]}" -np 3 "$T" "${TWO[@]}" --mpi --out two3.sub
if [ -s two1.json ] && cmp -s two1.json "$(e2e_out)"; then ok; else bad "3 ranks on 2 tasks differ"; fi
if [ "$(grep -c attempt_1 two3.sub)" = 2 ]; then ok; else bad "the submission of 3 ranks on 2 tasks"; fi

# A rank that cannot read its library file stops every rank; rank 0 says which.
echo 'def solve_4c4377d9(I):
    O = hmirror(I)
    return O' >lib.py
expect_exit 2 "a rank without the library file" -- "${MPIRUN[@]}" -np 1 "$T" arc solve --mpi --store bad.db --out bad.sub --library lib.py --tasks "$SOLVE" \
  : -np 2 "$T" arc solve --mpi --store bad.db --out bad.sub --library "$TMP/missing.py" --tasks "$SOLVE"
expect_grep "rank 1: .*missing.py" "$(e2e_err)" "rank 0 reports rank 1's message"
if [ ! -e bad.sub ]; then ok; else bad "a submission was written for a run that never started"; fi
expect_exit 2 "ranks with different tasks" -- "${MPIRUN[@]}" -np 1 "$T" arc solve --mpi --tasks "$SOLVE" --budget 1000 \
  : -np 1 "$T" arc solve --mpi --tasks "$SOLVE" --task 4c4377d9 --budget 1000
expect_grep "rank 1 loaded other tasks" "$(e2e_err)" "different inputs are refused"
expect_exit 2 "ranks with different budgets" -- "${MPIRUN[@]}" -np 1 "$T" arc solve --mpi --tasks "$SOLVE" --budget 1000 \
  : -np 1 "$T" arc solve --mpi --tasks "$SOLVE" --budget 2000
expect_grep "rank 1 loaded other tasks, library files or options" "$(e2e_err)" "different options are refused"

expect_exit 0 "--help" -- "$T" arc solve --help
expect_grep "--mpi" "$(e2e_out)" "--help lists --mpi"

cd "$ROOT"
e2e_summary
