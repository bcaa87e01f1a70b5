#!/usr/bin/env bash
# End-to-end check of our example solvers (data/solvers/*.py) through
# `tessera arc run --json`: one pass per task solved, one failure (with the
# failing pairs and errors) per task not solved, plus checks that the command
# exits 0 and that its summary reports every task solved. When the Python
# reference arc-dsl is present ($ARC_DSL_DIR, default /tmp/arc-dsl) the same
# files are also checked against it. Needs $TESSERA (the binary) and python3.
set -u
cd "${TESSERA_SOURCE_DIR:-$(dirname "$0")/../..}" || exit 1
. tests/e2e_lib.sh

TESSERA=${TESSERA:-build/tessera}
solver_files=(data/solvers/*.py)
tasks_dir=data/arc-agi-1/training

if ! command -v python3 >/dev/null 2>&1; then
  bad "python3 is needed to read the JSON report"
  e2e_summary
  exit
fi

# The reference check skips itself (exit 0) when the reference is absent.
expect_exit 0 "Python reference run of the example solvers" -- \
  python3 tools/check_solvers_python.py --dsl "${ARC_DSL_DIR:-/tmp/arc-dsl}" \
  --tasks "$tasks_dir" "${solver_files[@]}"

if [ ! -x "$TESSERA" ]; then
  bad "tessera binary not found at $TESSERA"
  e2e_summary
  exit
fi

report=$(e2e_out)
"$TESSERA" arc run "${solver_files[@]}" --tasks "$tasks_dir" --json >"$report" 2>"$(e2e_err)"
status=$?
if [ "$status" -eq 0 ]; then ok; else
  bad "tessera arc run exited with $status"
  sed 's/^/    /' "$(e2e_err)" | head -5
fi

# The Python reader prints one line per task ("pass ID" or "fail ID ...")
# followed by "summary SOLVED TOTAL", or "error ..." when the JSON is bad.
verdicts=$(python3 - "$report" <<'PY'
import json, sys
try:
    with open(sys.argv[1]) as handle:
        report = json.load(handle)
    tasks = report["tasks"]
except (OSError, ValueError, KeyError, TypeError) as error:
    print("error report is not the expected JSON: %s" % error)
    sys.exit(0)
for task in tasks:
    if task.get("solved") is True:
        print("pass %s" % task.get("id"))
        continue
    problems = []
    for pair in task.get("pairs", []):
        if pair.get("ok") is True:
            continue
        where = "%s %s" % (pair.get("kind"), pair.get("index"))
        if pair.get("error"):
            problems.append("%s: error %s" % (where, pair["error"]))
        else:
            problems.append("%s: wrong output %s" % (where, json.dumps(pair.get("output"))[:200]))
    print("fail %s %s" % (task.get("id"), "; ".join(problems) or "(no failing pair reported)"))
print("summary %s %s" % (report.get("solved"), report.get("total")))
PY
)

expected_tasks=$(grep -ho '^def solve_[0-9a-f]*' "${solver_files[@]}" | sort -u | wc -l)
summary_seen=no
while read -r verdict rest; do
  case "$verdict" in
    pass) ok ;;
    fail) bad "task $rest" ;;
    error) bad "$rest" ;;
    summary)
      summary_seen=yes
      read -r solved total <<<"$rest"
      if [ "$solved" = "$total" ] && [ "$total" = "$expected_tasks" ]; then ok; else
        bad "summary says $solved of $total tasks solved, wanted all $expected_tasks"
      fi ;;
  esac
done <<<"$verdicts"
[ "$summary_seen" = yes ] || bad "no summary in the JSON report"

e2e_summary
