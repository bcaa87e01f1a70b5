#!/usr/bin/env bash
# End-to-end check of the guards that act inside one primitive (issue 7,
# "Why" 3 and 4): a runaway program is stopped by the work budget before it
# allocates, by the memory guard (--memory-mb, an arena limit) at the
# allocation that would pass it, or by --task-seconds inside power(), and a
# failed allocation is an error of the program, never a crash. Address-space limits (ulimit -v) are skipped under
# ASan, which reserves terabytes of shadow memory.
cd "$(dirname "$0")/../.."
. tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp tests/arc/data/tasks/flip02.json "$dir/"
solver() { # NAME BODY-LINES...
  local name=$1; shift
  { echo "def solve_flip02(I):"; for line in "$@"; do echo "    $line"; done; } >"$dir/$name.py"
}
solver repeat "O = repeat(I, 16000000)" "return O"
solver upscale "x1 = power(rbind(upscale, ONE), 1000000000)" "O = x1(I)" "return O"
solver dmirror "x1 = power(dmirror, 1000000000)" "O = x1(I)" "return O"
solver identity "x1 = power(identity, 100000000000000)" "O = x1(I)" "return O"
solver folded "x1 = power(rbind(upscale, ONE), 1000000000)" "x2 = canvas(ZERO, (2, 2))" \
  "O = x1(x2)" "return O"
asan=0
grep -qa __asan_init "$T" && asan=1
limit_memory() { [ "$asan" = 1 ] || ulimit -v "$1"; }

# repeat(I, 16000000) asks for 128 MB at once: under a 150 MB address space
# the allocation fails and the pair reports it (it used to segfault).
if [ "$asan" = 0 ]; then
  expect_exit 0 "repeat under ulimit -v" -- \
    bash -c "ulimit -v 150000; exec \"$T\" arc run \"$dir/repeat.py\" --tasks \"$dir/flip02.json\" -j 1"
  expect_grep 'train\[0\]: error: .*repeat: out of memory' "$(e2e_out)" "repeat names the failed allocation"
fi
# The budget is charged before the result is built: a small budget refuses
# it without touching memory, so even a tight address space is not reached.
expect_exit 0 "repeat with a small budget" -- \
  bash -c "$(declare -f limit_memory); asan=$asan; limit_memory 150000; exec \"$T\" arc run \"$dir/repeat.py\" --tasks \"$dir/flip02.json\" -j 1 --budget 100000"
expect_grep 'train\[0\]: error: work budget exhausted' "$(e2e_out)" "repeat stopped by the budget"

# --budget 0 (no work limit): the memory guard still stops power(...upscale)
# inside the primitive, and the run goes on (a safety limit, not a failure).
for s in upscale dmirror folded; do
  expect_exit 0 "$s with --budget 0 and --memory-mb 64" -- \
    bash -c "$(declare -f limit_memory); asan=$asan; limit_memory 1000000; exec timeout 60 \"$T\" arc eval \"$dir/$s.py\" --tasks \"$dir/flip02.json\" --no-store -j 1 --budget 0 --memory-mb 64"
  expect_grep '1 tasks hit a safety limit' "$(e2e_out)" "$s stopped by the memory guard"
done
# A huge budget does not help dmirror either.
expect_exit 0 "dmirror with a huge budget" -- \
  timeout 60 "$T" arc eval "$dir/dmirror.py" --tasks "$dir/flip02.json" --no-store -j 1 \
  --budget 100000000000000 --memory-mb 64
expect_grep '1 tasks hit a safety limit' "$(e2e_out)" "dmirror stopped by the memory guard"
# A loop that allocates nothing and has no work limit: only the wall clock
# (--task-seconds) can stop it, and it now does inside power().
expect_exit 0 "power(identity, 10^14) with --budget 0 --task-seconds 1" -- \
  timeout 60 "$T" arc eval "$dir/identity.py" --tasks "$dir/flip02.json" --no-store -j 1 \
  --budget 0 --task-seconds 1
expect_grep '1 tasks hit a safety limit' "$(e2e_out)" "identity loop stopped by the deadline"
e2e_summary
