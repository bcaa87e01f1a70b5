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

# design check on 2,000 buttons on one spot: 1,999,000 overlaps, 1,000 listed, the rest counted
python3 - "$WORK/stack.json" <<'PY'
import json, sys
comps = [{"id": "b_%d" % i, "type": "button", "bbox": [16 + i % 7, 16 + i % 5, 100, 60]} for i in range(2000)]
json.dump({"screen_id": "stack", "tokens": {}, "components": comps}, open(sys.argv[1], "w"))
PY
expect_exit 1 "check of an overlapping stack" -- "$T" design check "$WORK/stack.json"
expect_grep '"violations_unlisted": 1998000' "$OUT" "the rest is counted"
expect_grep '1999000 problems found; the first 1000 are listed' "$OUT" "check message"
if [ "$(grep -c '"rule": "overlap"' "$OUT")" = 1000 ]; then ok; else bad "check lists 1000 overlaps"; fi
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" 2>/dev/null && ok || bad "check output is JSON"
expect_exit 0 "edit on an overlapping stack" -- "$T" design edit "$WORK/stack.json" "make b_7 red"
expect_grep '"existing_violations_unlisted": 1998000' "$OUT" "existing overlaps counted"

e2e_summary
