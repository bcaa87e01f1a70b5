#!/usr/bin/env bash
# test_python.sh - the Python module's unittest suite (python/tests) with
# every interpreter found: Debian's /usr/bin/python3 (numpy from
# python3-numpy) and the python3 on PATH when it is another one (here a
# pyenv 3.11 without numpy), so both the numpy and the no-numpy paths run.
# The module loads the library built next to $TESSERA. With a sanitizer
# build the ASan runtime is preloaded into the interpreter (it must come
# first) and leaks are checked, Python's own allocations suppressed
# (lsan.supp). Prints "N passed, M failed"; skipped tests count as neither.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
T=${TESSERA:-build/tessera}
case $T in /*) ;; *) T=$ROOT/$T ;; esac
BUILD=$(dirname "$T")
PASS=0
FAIL=0

preload=
if grep -q '^SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
  preload=$(${CC:-cc} -print-file-name=libasan.so)
fi

interpreters=()
for py in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
  [ -n "$py" ] && [ -x "$py" ] || continue
  real=$("$py" -c 'import sys; print(sys.executable)' 2>/dev/null) || continue
  case " ${interpreters[*]:-} " in *" $real "*) ;; *) interpreters+=("$real") ;; esac
done
if [ ${#interpreters[@]} -eq 0 ]; then
  echo "FAIL no python3 found"
  echo "0 passed, 1 failed"
  exit 1
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for py in "${interpreters[@]}"; do
  (cd python/tests &&
   env PYTHONDONTWRITEBYTECODE=1 TESSERA="$T" TESSERA_LIBRARY="$BUILD/libtessera.so.0" PYTHONPATH="$ROOT/python:$ROOT/python/tests" \
       ${preload:+LD_PRELOAD="$preload" LSAN_OPTIONS="suppressions=$ROOT/tests/python/lsan.supp:print_suppressions=0"} \
       "$py" -m unittest discover -s . -t . >"$out" 2>&1)
  status=$?
  ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p' "$out" | tail -n 1)
  failures=$(grep -oE 'failures=[0-9]+' "$out" | tail -n 1 | cut -d= -f2)
  errors=$(grep -oE 'errors=[0-9]+' "$out" | tail -n 1 | cut -d= -f2)
  skipped=$(grep -oE 'skipped=[0-9]+' "$out" | tail -n 1 | cut -d= -f2)
  ran=${ran:-0} failures=${failures:-0} errors=${errors:-0} skipped=${skipped:-0}
  bad=$((failures + errors))
  if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi  # crash, leak or no tests
  if [ "$ran" -eq 0 ]; then bad=$((bad > 0 ? bad : 1)); fi
  good=$((ran - failures - errors - skipped))
  echo "$py: $ran tests, $good passed, $bad failed, $skipped skipped (exit $status)"
  if [ "$bad" -gt 0 ]; then grep -vE '^\.*s*\.*$' "$out" | tail -n 40; fi
  PASS=$((PASS + good))
  FAIL=$((FAIL + bad))
done
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
