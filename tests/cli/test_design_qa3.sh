#!/usr/bin/env bash
# test_design_qa3.sh - third QA pass on `tessera design` through the real
# binary ($TESSERA): factors and ordinals that name nothing, relative font
# sizes (tests/design/data/variants_qa3.jsonl, expectations by hand), and
# the command-line findings of that pass (messages, help, corpus checks,
# generated folders, JSON output, size at scale).
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
BP=data/design/blueprints
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)

# factors <= 0, ordinals 0 / negative / huge, font-size amounts
expect_exit 0 "QA3 phrasings" -- "$T" design test tests/design/data/variants_qa3.jsonl --blueprints "$BP"
expect_grep '^20 passed, 0 failed$' "$OUT" "QA3 phrasings summary"
grep '^FAIL' "$OUT" | head -20
expect_exit 1 "0 times bigger is refused" -- "$T" design edit "$BP/about.json" "make the photo 0 times bigger"
expect_grep '"status": "failed"' "$OUT" "0 times: failed"

e2e_summary
