# e2e_lib.sh - helpers for end-to-end shell tests (source it; not a test).
# Each check increments PASS or FAIL; call e2e_summary at the end.
PASS=0
FAIL=0
ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
# expect_exit CODE DESCRIPTION -- command...
expect_exit() {
  local want=$1 what=$2; shift 3
  "$@" >/tmp/e2e.$$.out 2>/tmp/e2e.$$.err
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; sed 's/^/    /' /tmp/e2e.$$.err | head -5; fi
}
# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
  if grep -qE -- "$1" "$2"; then ok; else bad "$3: /$1/ not in output"; head -5 "$2" | sed 's/^/    /'; fi
}
e2e_out() { echo /tmp/e2e.$$.out; }
e2e_err() { echo /tmp/e2e.$$.err; }
e2e_summary() { rm -f /tmp/e2e.$$.*; echo "$PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; }
