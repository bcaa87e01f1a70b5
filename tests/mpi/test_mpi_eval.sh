#!/usr/bin/env bash
# test_mpi_eval.sh - `tessera arc eval --mpi` under mpirun gives the bytes of
# a single process. Runs `mpirun --allow-run-as-root --oversubscribe -np 3`
# on this machine and compares with `--jobs 1`: the JSON report (less its
# timings), every table of the store but the runs log, the solver file
# exported from the store and the submission predicted from it. Also: one
# rank (no mpirun), more ranks than tasks, a rank that cannot load its
# files, ranks that loaded different tasks, and --mpi refused by a build
# without MPI. `tessera --mpi` runs tessera-mpi, the build with libmpi. Under a sanitizer build the ranks run with leak checks
# (Open MPI's own allocations suppressed, lsan.supp) on fewer tasks.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
case $T in /*) ;; *) T=$PWD/$T ;; esac
BUILD=$(dirname "$T")
ROOT=$PWD
SOLVERS=$ROOT/data/solvers/tessera.py
TASKS=$ROOT/data/arc-agi-1/training
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$BUILD/tessera-mpi" ]; then
  # Built without MPI: --mpi is refused clearly, nothing else changes.
  expect_exit 2 "--mpi without MPI support" -- "$T" arc eval --mpi --no-store "$SOLVERS" --tasks "$TASKS"
  expect_grep "built without MPI" "$(e2e_err)" "--mpi names the missing build option"
  echo "note: $T was built without MPI; the distributed runs were not tested"
  e2e_summary
  exit $?
fi
if ldd "$T" | grep -q libmpi; then bad "$T links libmpi (every command would pay for loading it)"; else ok; fi
if ! command -v mpirun >/dev/null; then
  bad "tessera links libmpi but mpirun is missing (install openmpi-bin: make deps)"
  e2e_summary
  exit 1
fi

# One machine, shared memory only (containers often lack the ptrace right
# that single-copy transfers need); the ranks may outnumber the cores.
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
IDS=()
if grep -q '^SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
  # Full stacks so that Open MPI's leaks match its libraries in lsan.supp
  # (mpirun passes its environment to every rank on this machine).
  export ASAN_OPTIONS=fast_unwind_on_malloc=0
  export LSAN_OPTIONS=suppressions=$ROOT/tests/mpi/lsan.supp:print_suppressions=0
  IDS=(--task "$(ls "$TASKS" | head -n 60 | sed 's/\.json$//' | paste -sd, -)")
fi

# dump DB: every table but the runs log, in a fixed order (Python's sqlite3).
dump() {
  /usr/bin/python3 - "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("select name from sqlite_master where type = 'table' order by name"):
    if name == "runs":
        continue
    print("table", name)
    for row in db.execute("select * from %s order by 1, 2" % name):
        print(repr(row))
EOF
}
runs() { /usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from runs where finished is not null").fetchone()[0])' "$1"; }

cd "$TMP"
EVAL=(arc eval --cross --jobs 1 --json "$SOLVERS" --tasks "$TASKS" "${IDS[@]}")
expect_exit 0 "single process" -- "$T" "${EVAL[@]}" --store one.db
grep -v '"seconds"' "$(e2e_out)" >one.json
expect_exit 0 "mpirun -np 3" -- "${MPIRUN[@]}" -np 3 "$T" "${EVAL[@]}" --mpi --store three.db
grep -v '"seconds"' "$(e2e_out)" >three.json
if [ -s one.json ] && cmp -s one.json three.json; then ok; else bad "JSON reports differ"; diff one.json three.json | head -5; fi
if grep -q '"tasks_solved": [1-9]' one.json; then ok; else bad "the reference run solved nothing"; fi
dump one.db >one.dump
dump three.db >three.dump
if [ "$(grep -c . one.dump)" -gt 100 ] && cmp -s one.dump three.dump; then ok; else bad "stores differ"; diff one.dump three.dump | head -5; fi
if [ "$(runs three.db)" = 1 ]; then ok; else bad "the MPI store does not hold one finished run"; fi
"$T" arc store export --store one.db >one.py 2>/dev/null
"$T" arc store export --store three.db >three.py 2>/dev/null
if [ -s one.py ] && cmp -s one.py three.py; then ok; else bad "exported solvers differ"; fi
"$T" arc predict --tasks "$TASKS" --store one.db --out one.sub.json >/dev/null 2>&1
"$T" arc predict --tasks "$TASKS" --store three.db --out three.sub.json >/dev/null 2>&1
if [ -s one.sub.json ] && cmp -s one.sub.json three.sub.json; then ok; else bad "submissions differ"; fi

# solve_<id> only, text report: the same lines but the timing.
PLAIN=(arc eval --jobs 1 --no-store "$SOLVERS" --tasks "$TASKS" "${IDS[@]}")
"$T" "${PLAIN[@]}" | sed 's/ in [0-9.]* s (.*//' >plain1.txt
expect_exit 0 "mpirun -np 2 text report" -- "${MPIRUN[@]}" -np 2 "$T" "${PLAIN[@]}" --mpi
sed 's/ in [0-9.]* s (.*//' "$(e2e_out)" >plain2.txt
if [ -s plain1.txt ] && cmp -s plain1.txt plain2.txt; then ok; else bad "text reports differ"; diff plain1.txt plain2.txt | head; fi

# One rank without mpirun, and more ranks than tasks.
expect_exit 0 "--mpi as a single process" -- "$T" "${EVAL[@]}" --mpi --no-store
grep -v '"seconds"' "$(e2e_out)" >single.json
if cmp -s one.json single.json; then ok; else bad "one rank differs from no MPI"; fi
TWO=(arc eval --cross --jobs 1 --json --no-store "$SOLVERS" --tasks "$TASKS" --task 67a3c6ac,68b16354)
"$T" "${TWO[@]}" | grep -v '"seconds"' >two1.json
expect_exit 0 "more ranks than tasks" -- "${MPIRUN[@]}" -np 3 "$T" "${TWO[@]}" --mpi
grep -v '"seconds"' "$(e2e_out)" >two3.json
if [ -s two1.json ] && cmp -s two1.json two3.json; then ok; else bad "3 ranks on 2 tasks differ"; fi

# A rank that cannot read its files stops every rank; rank 0 says which.
expect_exit 2 "a rank without the solver file" -- "${MPIRUN[@]}" -np 1 "$T" arc eval --mpi --store bad.db "$SOLVERS" --tasks "$TASKS" \
  : -np 2 "$T" arc eval --mpi --store bad.db "$TMP/missing.py" --tasks "$TASKS"
expect_grep "rank 1: .*missing.py" "$(e2e_err)" "rank 0 reports rank 1's message"
if [ ! -e bad.db ]; then ok; else bad "a store was created for a run that never started"; fi
expect_exit 2 "ranks with different tasks" -- "${MPIRUN[@]}" -np 1 "$T" arc eval --mpi --no-store "$SOLVERS" --tasks "$TASKS" \
  : -np 1 "$T" arc eval --mpi --no-store "$SOLVERS" --tasks "$TASKS" --task 67a3c6ac
expect_grep "rank 1 loaded other programs or tasks" "$(e2e_err)" "different inputs are refused"

expect_exit 2 "--mpi with --profile" -- "$T" arc eval --mpi --profile --no-store "$SOLVERS" --tasks "$TASKS"
expect_exit 0 "--help" -- "$T" arc eval --help
expect_grep "--mpi" "$(e2e_out)" "--help lists --mpi"

cd "$ROOT"
e2e_summary
