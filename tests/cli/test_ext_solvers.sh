#!/usr/bin/env bash
# End-to-end check of extension primitives in solver files through the real
# binary: a file with `from tessera_ext import *` runs under `tessera arc run`
# and solves its hand-made tasks (tests/cli/data/ext/tasks); the same
# program without the import is refused (exit 2) with the hint naming the
# import line and the place.
set -u
cd "${TESSERA_SOURCE_DIR:-$(dirname "$0")/../..}" || exit 1
. tests/e2e_lib.sh

TESSERA=${TESSERA:-build/tessera}
data=tests/cli/data/ext
if [ ! -x "$TESSERA" ]; then
  bad "tessera binary not found at $TESSERA"
  e2e_summary
  exit
fi

expect_exit 0 "arc run of a solver file that imports tessera_ext" -- \
  "$TESSERA" arc run "$data/solvers_ext.py" --tasks "$data/tasks"
tasks=$(ls "$data"/tasks/*.json | wc -l)
expect_grep "^$tasks of $tasks tasks solved" "$(e2e_out)" "every extension task solved"

expect_exit 0 "arc run --profile of the extension solvers" -- \
  "$TESSERA" arc run "$data/solvers_ext.py" --tasks "$data/tasks" --profile
expect_grep "^profile: prim gravity_down +3 " "$(e2e_err)" "the profile lists extension primitives"

expect_exit 2 "arc run of the same program without the import" -- \
  "$TESSERA" arc run "$data/solvers_no_import.py" --tasks "$data/tasks"
expect_grep "solvers_no_import.py:4:9: unknown name 'crop_content': it is a tessera extension" \
  "$(e2e_err)" "the refusal names the place"
expect_grep "add the line 'from tessera_ext import \*'" "$(e2e_err)" "the refusal gives the hint"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_exit 0 "arc eval of the extension solvers into a store" -- \
  "$TESSERA" arc eval "$data/solvers_ext.py" --tasks "$data/tasks" --store "$tmp/s.db"
expect_exit 0 "arc store export" -- "$TESSERA" arc store export --store "$tmp/s.db" -o "$tmp/out.py"
expect_grep "^from tessera_ext import \*$" "$tmp/out.py" "the export imports the extensions"
expect_exit 0 "arc run of the exported file" -- "$TESSERA" arc run "$tmp/out.py" --tasks "$data/tasks"
expect_grep "^$tasks of $tasks tasks solved" "$(e2e_out)" "the exported programs solve every task"

e2e_summary
