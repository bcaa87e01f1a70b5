#!/usr/bin/env bash
# test_design_qa.sh - the customer's view of `tessera design`: phrasings
# written independently from SPEC section 2 (tests/design/data/variants_qa.jsonl,
# expectations worked out by hand), plus the exit codes of SPEC section 3
# and the autocorrect of SPEC section 4, all through the real binary ($TESSERA).
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
BP=data/design/blueprints
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
OUT=$(e2e_out)

# every phrasing case
expect_exit 0 "QA phrasings" -- "$T" design test tests/design/data/variants_qa.jsonl --blueprints "$BP"
expect_grep '^[0-9]+ passed, 0 failed$' "$OUT" "QA phrasings summary"
grep '^FAIL' "$OUT" | head -20
expect_exit 0 "second QA pass (issue 7)" -- "$T" design test tests/design/data/variants_qa2.jsonl --blueprints "$BP"
expect_grep '^180 passed, 0 failed$' "$OUT" "second QA pass summary"
grep '^FAIL' "$OUT" | head -20

# exit codes by status: 0 success, 1 refused, 2 bad input or usage
expect_exit 0 "polite success" -- "$T" design edit "$BP/storefront.json" "Could you please make the CTA button red?"
expect_exit 1 "ambiguous exits 1" -- "$T" design edit "$BP/storefront.json" "Please make the product card blue"
expect_grep '"status": "ambiguous"' "$OUT" "ambiguous status"
expect_grep '"product_card_1"' "$OUT" "ambiguous names a candidate"
expect_exit 1 "conflict exits 1" -- "$T" design edit "$BP/storefront.json" "make the button red, then make it blue"
expect_grep '"status": "conflict"' "$OUT" "conflict status"
expect_exit 1 "unknown colour exits 1" -- "$T" design edit "$BP/storefront.json" "make the header bluish"
expect_grep 'bluish' "$OUT" "unknown colour is named"
expect_exit 1 "partial exits 1" -- "$T" design edit "$BP/storefront.json" "make the header blue, then make the footer red" --partial
expect_grep '"status": "partial"' "$OUT" "partial status"
expect_exit 1 "contrast refusal exits 1" -- "$T" design edit "$BP/about.json" "make the intro text yellow"
expect_exit 2 "blank command" -- "$T" design edit "$BP/storefront.json" "   "

# a refused edit writes nothing with -o
expect_exit 1 "refused with -o" -- "$T" design edit "$BP/storefront.json" "make the footer red" -o "$WORK/never.json"
if [ -e "$WORK/never.json" ]; then bad "refused edit wrote its output"; else ok; fi

# the automatic text-colour switch says so in the step notes
expect_exit 0 "switch note" -- "$T" design edit "$BP/storefront.json" "make the button white"
expect_grep 'text colour switched to #000000' "$OUT" "switch is reported"

# result format (SPEC section 3) for a multi-step edit, and the input file untouched
cp "$BP/storefront.json" "$WORK/input.json"
"$T" design edit "$WORK/input.json" "make the header smaller and change its colour to blue" >"$WORK/result.json"
python3 - "$WORK/result.json" >"$WORK/formatcheck.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
steps = r.get("steps", [])
checks = [
  ("top-level keys", all(k in r for k in ["status", "blueprint", "steps", "changes", "violations", "message", "confidence"])),
  ("status success", r["status"] == "success"),
  ("two steps", len(steps) == 2),
  ("step keys", all(all(k in s for k in ["text", "intent", "targets", "status", "changes", "notes"]) for s in steps)),
  ("intents", [s["intent"] for s in steps] == ["resize", "colour"]),
  ("step texts", [s["text"] for s in steps] == ["make the header smaller", "change its colour to blue"]),
  ("change records", all(set(["id", "path", "from", "to"]) <= set(c) for c in r["changes"])),
  ("all changes in order", r["changes"] == [c for s in steps for c in s["changes"]]),
  ("height change recorded", {"id": "header_1", "path": "bbox[3]", "from": 100, "to": 80} in r["changes"]),
  ("confidence in 0..1", 0 <= r["confidence"] <= 1),
  ("message is one line", "\n" not in r["message"]),
  ("colours upper-case", r["blueprint"]["components"][0]["visual"]["bg_color"] == "#0000FF"),
]
for name, good in checks: print(("ok " if good else "bad ") + name)
PY
while read -r verdict name; do
  if [ "$verdict" = ok ]; then ok; else bad "format: $name"; fi
done <"$WORK/formatcheck.txt"
if cmp -s "$BP/storefront.json" "$WORK/input.json"; then ok; else bad "edit without -o/-i changed its input"; fi
"$T" design edit "$WORK/input.json" "make the header smaller and change its colour to blue" >"$WORK/result2.json"
if cmp -s "$WORK/result.json" "$WORK/result2.json"; then ok; else bad "same input, different bytes"; fi

# violations already in the input are reported but do not block an edit
cat >"$WORK/overlapping.json" <<'JSON'
{"screen_id": "o", "tokens": {"primary_color": "#1D4ED8", "text_color": "#111827", "background_color": "#FFFFFF",
 "base_spacing": 16},
 "components": [
  {"id": "a", "type": "image", "bbox": [16, 16, 200, 100]},
  {"id": "b", "type": "image", "bbox": [100, 50, 200, 100]},
  {"id": "go", "type": "button", "bbox": [16, 200, 200, 48], "text": "Go",
   "visual": {"bg_color": "#1D4ED8", "text_color": "#FFFFFF", "font_size": 16}}
 ]}
JSON
expect_exit 0 "existing overlap does not block" -- "$T" design edit "$WORK/overlapping.json" "make the button green"
expect_grep '"existing_violations": \[' "$OUT" "existing violations reported"
expect_grep '"rule": "overlap"' "$OUT" "the overlap is named"
expect_grep '"violations": \[\]' "$OUT" "no new violations"
expect_exit 1 "a new overlap blocks" -- "$T" design edit "$WORK/overlapping.json" "move the button up 100px"
expect_grep '"status": "failed"' "$OUT" "new overlap refused"

# fix (SPEC section 4) on a blueprint with every kind of problem
cat >"$WORK/broken.json" <<'JSON'
{"screen_id": "s", "tokens": {"primary_color": "#1D4ED8", "text_color": "#111827", "background_color": "#FFFFFF",
 "base_spacing": 20},
 "components": [
  {"id": "go", "type": "button", "bbox": [16, 16, 200, 40], "text": "Go",
   "visual": {"bg_color": "#1D4ED8", "text_color": "#FFFFFF", "font_size": 16}},
  {"id": "p", "type": "product_card", "bbox": [16, 72, 160, 160], "text": "P",
   "visual": {"bg_color": "#FFFFFF", "text_color": "#EEEEEE", "font_size": 10}},
  {"id": "note", "type": "text", "bbox": [16, 248, 300, 24], "text": "n",
   "visual": {"text_color": "#FFFF00", "font_size": 14}}
 ]}
JSON
expect_exit 0 "fix runs" -- "$T" design fix "$WORK/broken.json" -o "$WORK/fixed.json"
python3 - "$WORK/fixed.json" >"$WORK/fixcheck.txt" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in b["components"]}
checks = [
  ("spacing snapped", b["tokens"]["base_spacing"] == 24),
  ("button 44 high", c["go"]["bbox"] == [16, 16, 200, 44]),
  ("reflow below the button", c["p"]["bbox"][1] == 76 and c["note"]["bbox"][1] == 252),
  ("product card aspect ratio", c["p"]["visual"].get("aspect_ratio") == 1),
  ("font raised to 12", c["p"]["visual"]["font_size"] == 12),
  ("card text colour readable", c["p"]["visual"]["text_color"] == "#000000"),
  ("text colour readable", c["note"]["visual"]["text_color"] == "#000000"),
]
for name, good in checks: print(("ok " if good else "bad ") + name)
PY
while read -r verdict name; do
  if [ "$verdict" = ok ]; then ok; else bad "fix: $name"; fi
done <"$WORK/fixcheck.txt"
[ -s "$WORK/fixcheck.txt" ] || bad "fix output unreadable"

e2e_summary
