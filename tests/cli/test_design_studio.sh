#!/usr/bin/env bash
# test_design_studio.sh - `tessera design render | generate | import` through
# the real binary ($TESSERA): outputs written, byte-identical reruns, exit
# codes and messages for bad blueprints, bad options and unwritable files,
# whole-or-nothing outputs. The browser checks of generated code are in
# tests/browser/, the import round trip in tests/design/test_import*.c.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e_lib.sh
T=${TESSERA:-build/tessera}
BP=data/design/blueprints
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT=$(e2e_out)
ERR=$(e2e_err)
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' "$1"; }

# ---- render
for b in storefront catalog landing about; do
  expect_exit 0 "render $b" -- "$T" design render "$BP/$b.json" --png "$WORK/$b.png"
  [ "$(head -c 8 "$WORK/$b.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && ok || bad "$b.png is a PNG"
done
[ "$(png_size "$WORK/storefront.png")" = "375 812" ] && ok || bad "storefront is the viewport's size"
[ "$(png_size "$WORK/catalog.png")" = "375 1501" ] && ok || bad "catalog is as tall as its footer's bottom"
"$T" design render "$BP/catalog.json" --png "$WORK/again.png"
cmp -s "$WORK/catalog.png" "$WORK/again.png" && ok || bad "render is byte-identical on a rerun"
expect_exit 0 "render --scale 2" -- "$T" design render "$BP/storefront.json" --png "$WORK/x2.png" --scale 2
[ "$(png_size "$WORK/x2.png")" = "750 1624" ] && ok || bad "scale 2 doubles both sides"
expect_exit 0 "render --violations --placeholders" -- "$T" design render "$BP/about.json" --png "$WORK/v.png" --violations --placeholders
cmp -s "$WORK/v.png" "$WORK/about.png" && bad "placeholders differ from the font" || ok
# A box far wider than any canvas: coordinates are clamped, never overflow.
printf '{"screen_id": "s", "tokens": {}, "components": [{"id": "b", "type": "button", "bbox": [-900000000, 0, 900000000, 20], "text": "Go"}]}' >"$WORK/huge.json"
expect_exit 0 "render a box wider than any canvas" -- "$T" design render "$WORK/huge.json" --png "$WORK/huge.png" --scale 3 --violations
expect_exit 0 "render --help" -- "$T" design render --help
expect_grep '^Usage: tessera design render' "$OUT" "render help"
expect_exit 2 "render without --png" -- "$T" design render "$BP/storefront.json"
expect_grep 'missing --png' "$ERR" "missing --png named"
expect_exit 2 "render --scale 0" -- "$T" design render "$BP/storefront.json" --png "$WORK/s.png" --scale 0
expect_exit 2 "render --scale nan" -- "$T" design render "$BP/storefront.json" --png "$WORK/s.png" --scale nan
expect_exit 2 "render unknown option" -- "$T" design render "$BP/storefront.json" --png "$WORK/s.png" --bogus
[ -e "$WORK/s.png" ] && bad "a refused render wrote a file" || ok
echo '{"screen_id": "x", "tokens": {}, "components": [{"id": "a", "type": "button", "bbox": [0, 0, 0, 10]}]}' >"$WORK/bad.json"
expect_exit 2 "render of an invalid blueprint" -- "$T" design render "$WORK/bad.json" --png "$WORK/bad.png"
expect_grep 'components\[0\]\.bbox' "$ERR" "the JSON path is named"
[ -e "$WORK/bad.png" ] && bad "an invalid blueprint wrote a file" || ok
echo '{"screen_id": "x", "viewport": {"width": 20000}, "tokens": {}, "components": []}' >"$WORK/wide.json"
expect_exit 2 "render of a too wide screen" -- "$T" design render "$WORK/wide.json" --png "$WORK/wide.png"
expect_grep 'viewport\.width' "$ERR" "the too-large path is named"
expect_exit 2 "render of a missing file" -- "$T" design render "$WORK/none.json" --png "$WORK/n.png"
cp "$WORK/storefront.png" "$WORK/keep.png"
mkdir "$WORK/ro" && chmod 555 "$WORK/ro"
if [ "$(id -u)" != 0 ]; then
  expect_exit 1 "render into a read-only folder" -- "$T" design render "$BP/storefront.json" --png "$WORK/ro/x.png"
fi
expect_exit 1 "render to a folder" -- "$T" design render "$BP/storefront.json" --png "$WORK"
expect_grep 'cannot write' "$ERR" "the write error has its reason"
expect_exit 1 "render to a full disk" -- "$T" design render "$BP/storefront.json" --png /dev/full
ls "$WORK" | grep -q 'tmp' && bad "a temporary file was left" || ok

# ---- generate
E=tests/browser/data/escape.json
expect_exit 0 "generate --html" -- "$T" design generate "$BP/catalog.json" --html "$WORK/c.html"
expect_grep 'data-id="product_8"' "$WORK/c.html" "ids as data-id"
"$T" design generate "$BP/catalog.json" --html "$WORK/c2.html"
cmp -s "$WORK/c.html" "$WORK/c2.html" && ok || bad "html is byte-identical on a rerun"
expect_exit 0 "generate --html of the escaping fixture" -- "$T" design generate "$E" --html "$WORK/e.html"
grep -q '<script>window' "$WORK/e.html" && bad "a blueprint <script> reached the HTML" || ok
grep -q '<img src=x' "$WORK/e.html" && bad "a blueprint <img> reached the HTML" || ok
grep -q 'javascript:' "$WORK/e.html" && bad "a javascript: URL reached the HTML" || ok
expect_grep '&lt;script&gt;window.__pwned=true&lt;/script&gt;' "$WORK/e.html" "text is escaped"
expect_exit 0 "generate --react" -- "$T" design generate "$BP/catalog.json" --react "$WORK/app"
for f in package.json index.html src/main.jsx src/App.jsx src/tokens.js src/styles.css \
         src/components/ProductCard.jsx src/components/Button.jsx; do
  [ -s "$WORK/app/$f" ] && ok || bad "react project has $f"
done
[ -e "$WORK/app/src/components/Hero.jsx" ] && bad "a component file for an unused type" || ok
expect_exit 0 "generate --react of the escaping fixture" -- "$T" design generate "$E" --react "$WORK/eapp"
grep -rq '<script>window' "$WORK/eapp" && bad "a blueprint <script> reached the React code" || ok
(cd "$WORK/app" && find . -type f | sort | xargs cat) >"$WORK/app.all"
expect_exit 1 "generate into a non-empty folder" -- "$T" design generate "$BP/catalog.json" --react "$WORK/app"
expect_grep 'not empty \(--force' "$ERR" "refusal says --force"
echo keep >"$WORK/app/mine.txt"
expect_exit 0 "generate --force" -- "$T" design generate "$BP/catalog.json" --react "$WORK/app" --force
# --force replaces the generated files only: the user's own file stays (third QA pass)
[ "$(cat "$WORK/app/mine.txt" 2>/dev/null)" = keep ] && ok || bad "--force removed a file it did not create"
(cd "$WORK/app" && find . -type f ! -name mine.txt | sort | xargs cat) >"$WORK/app2.all"
cmp -s "$WORK/app.all" "$WORK/app2.all" && ok || bad "react project is byte-identical on a rerun"
mkdir "$WORK/empty"
expect_exit 0 "generate into an empty folder" -- "$T" design generate "$BP/about.json" --react "$WORK/empty"
[ -s "$WORK/empty/src/App.jsx" ] && ok || bad "empty folder filled"
ln -s "$WORK/empty" "$WORK/link"
expect_exit 1 "generate to a symbolic link" -- "$T" design generate "$BP/about.json" --react "$WORK/link" --force
expect_grep 'symbolic link' "$ERR" "the link is named"
[ -s "$WORK/empty/src/App.jsx" ] && ok || bad "the link's folder is untouched"
expect_exit 1 "generate over a file" -- "$T" design generate "$BP/about.json" --react "$WORK/c.html" --force
expect_grep 'not a folder' "$ERR" "a file is not replaced"
expect_exit 1 "generate under a missing folder" -- "$T" design generate "$BP/about.json" --react "$WORK/no/such/app"
ls -a "$WORK" | grep -q '\.tmp-' && bad "a temporary folder was left" || ok
expect_exit 2 "generate with both outputs" -- "$T" design generate "$BP/about.json" --react "$WORK/x" --html "$WORK/x.html"
expect_exit 2 "generate with no output" -- "$T" design generate "$BP/about.json"
expect_exit 2 "generate of an invalid blueprint" -- "$T" design generate "$WORK/bad.json" --html "$WORK/bad.html"
expect_grep 'components\[0\]\.bbox' "$ERR" "the JSON path is named"
[ -e "$WORK/bad.html" ] && bad "an invalid blueprint wrote a file" || ok
expect_exit 0 "generate --help" -- "$T" design generate --help
expect_grep '^Usage: tessera design generate' "$OUT" "generate help"

# ---- import
expect_exit 0 "import a render" -- "$T" design import "$WORK/catalog.png"
expect_grep '"type": "product_card"' "$OUT" "product cards come back"
expect_grep '"screen_id": "imported"' "$OUT" "default screen id"
expect_exit 0 "import -o" -- "$T" design import "$WORK/catalog.png" -o "$WORK/imp.json" --screen-id cat
"$T" design check "$WORK/imp.json" >/dev/null 2>&1; [ $? -le 1 ] && ok || bad "the imported blueprint loads"
"$T" design import "$WORK/catalog.png" -o "$WORK/imp2.json" --screen-id cat
cmp -s "$WORK/imp.json" "$WORK/imp2.json" && ok || bad "import is byte-identical on a rerun"
expect_exit 0 "import --scale 2" -- "$T" design import "$WORK/x2.png" --scale 2
expect_grep '"width": 375' "$OUT" "scale 2 gives the blueprint width"
echo 'not a png' >"$WORK/fake.png"
expect_exit 2 "import of a non-PNG" -- "$T" design import "$WORK/fake.png" -o "$WORK/fake.json"
expect_grep 'fake.png: not a PNG' "$ERR" "the file and the problem are named"
[ -e "$WORK/fake.json" ] && bad "a bad image wrote a file" || ok
head -c 3000 "$WORK/catalog.png" >"$WORK/cut.png"
expect_exit 2 "import of a truncated PNG" -- "$T" design import "$WORK/cut.png"
expect_grep 'truncated|PNG' "$ERR" "truncation reported"
python3 -c '
import struct, zlib, sys
d = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + d + struct.pack(">I", zlib.crc32(b"IHDR" + d)))' >"$WORK/huge.png"
expect_exit 2 "import of a huge PNG" -- "$T" design import "$WORK/huge.png"
expect_grep 'at most 16384 per side' "$ERR" "the cap is named"
python3 -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read()); d[29] ^= 0xFF; open(sys.argv[2], "wb").write(d)' "$WORK/storefront.png" "$WORK/crc.png"
expect_exit 2 "import with a bad CRC" -- "$T" design import "$WORK/crc.png"
expect_exit 2 "import of a missing file" -- "$T" design import "$WORK/none.png"
expect_grep 'none.png: cannot open' "$ERR" "missing file named"
expect_exit 2 "import --scale 0" -- "$T" design import "$WORK/catalog.png" --scale 0
expect_exit 2 "import without an image" -- "$T" design import
expect_exit 1 "import to a full disk" -- "$T" design import "$WORK/storefront.png" -o /dev/full
expect_exit 0 "import --help" -- "$T" design import --help
expect_grep '^Usage: tessera design import' "$OUT" "import help"

e2e_summary
