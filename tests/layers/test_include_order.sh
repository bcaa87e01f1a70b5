#!/usr/bin/env bash
# Checks that no file includes a higher layer (docs/ARCHITECTURE.md):
#   core < grid < lang < search < arc;  core < design;  server and cli on top.
# Every #include "..." of src/<layer>/, tests/<layer>/ and include/tessera/
# is resolved to a layer: "tessera/x.h" by the table below (or, for a header
# not in it, by the name prefix its functions use), "<layer>/x.h" is that
# layer's private header and "x.h" is a file of the same folder. A layer may
# include itself and the layers it is allowed to use; another layer's
# private headers are never allowed (tests may also include the shared
# files of tests/, such as harness.h). It first checks a small made-up tree
# with known violations, so the check itself is known to work.
# Prints "N passed, M failed" (one per file).
cd "$(dirname "$0")/../.."
exec python3 - "$@" <<'PY'
import os, re, sys, tempfile

USES = {  # layer -> layers it may use (besides itself)
    "core": set(),
    "grid": {"core"},
    "lang": {"grid", "core"},
    "search": {"lang", "grid", "core"},
    "arc": {"search", "lang", "grid", "core"},
    "design": {"core"},
    "server": {"arc", "search", "lang", "grid", "design", "core"},
    "cli": {"server", "arc", "search", "lang", "grid", "design", "core"},
}
# Test folders that are not a layer of src/ check as the layer they sit on.
TEST_AS = {"fuzz": "cli", "layers": "cli"}
PUBLIC = {  # include/tessera/<name>.h -> layer; others go by their names' prefix
    "arena": "core", "grow": "core", "fault": "core",
    "value": "grid", "prims": "grid",
    "lang": "lang",
    "arc_task": "arc", "arc_runner": "arc", "arc_render": "arc", "battery": "arc", "store": "arc",
    "design": "design",
}
PREFIX = [("ta_", "core"), ("tc_", "core"), ("tv_", "grid"), ("tl_", "lang"), ("ts_", "search"),
          ("arc_", "arc"), ("tb_", "arc"), ("design_", "design")]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

def header_layer(root, name):
    if name in PUBLIC:
        return PUBLIC[name]
    try:
        text = open(os.path.join(root, "include/tessera", name + ".h"), errors="replace").read()
    except OSError:
        return None
    text = re.sub(r"^\s*#\s*include.*$", "", text, flags=re.M)
    counts = {}
    for prefix, layer in PREFIX:
        found = re.findall(r"\b" + prefix + r"\w+", text, flags=re.I)
        counts[layer] = counts.get(layer, 0) + len(found)
    best = max(counts, key=counts.get)
    return best if counts[best] else None

def problems(root, path, layer):
    out = []
    text = open(os.path.join(root, path), errors="replace").read()
    for inc in INCLUDE.findall(text):
        parts = inc.split("/")
        if parts[0] == "tessera" and len(parts) == 2 and inc.endswith(".h"):
            target = header_layer(root, parts[1][:-2])
            if target is None:
                out.append(f'{path}: "{inc}": no such public header, or its layer is unknown')
            elif target != layer and target not in USES[layer]:
                out.append(f'{path}: "{inc}" is layer {target}, above {layer}')
        elif len(parts) == 2 and parts[0] in USES:
            if parts[0] != layer:
                out.append(f'{path}: "{inc}" is a private header of {parts[0]}')
        elif len(parts) == 1:
            here = os.path.exists(os.path.join(root, os.path.dirname(path), inc))
            shared = path.startswith("tests/") and os.path.exists(os.path.join(root, "tests", inc))
            if not here and not shared:
                out.append(f'{path}: "{inc}" is not a file of its own folder')
        else:
            out.append(f'{path}: "{inc}": not a layer path')
    return out

def files_of(root):
    for top in ("src", "tests"):
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        for folder in sorted(os.listdir(base)):
            layer = folder if folder in USES else TEST_AS.get(folder) if top == "tests" else None
            full = os.path.join(base, folder)
            if not os.path.isdir(full):
                continue
            for name in sorted(os.listdir(full)):
                if name.endswith((".c", ".h")):
                    yield os.path.join(top, folder, name), layer
    pub = os.path.join(root, "include/tessera")
    if os.path.isdir(pub):
        for name in sorted(os.listdir(pub)):
            if name.endswith(".h"):
                yield os.path.join("include/tessera", name), header_layer(root, name[:-2])

def check(root):
    passed, failed = 0, []
    for path, layer in files_of(root):
        found = [f"{path}: folder is no layer"] if layer is None else problems(root, path, layer)
        if found:
            failed += found
        else:
            passed += 1
    return passed, failed

def self_test():
    """A made-up tree: two good files, three violations the check must see."""
    with tempfile.TemporaryDirectory() as root:
        files = {
            "include/tessera/value.h": '#include "tessera/arena.h"\n',
            "include/tessera/arena.h": "",
            "include/tessera/lang.h": '#include "tessera/value.h"\n',
            "src/grid/ok.c": '#include "tessera/value.h"\n#include "grid/own.h"\n',
            "src/grid/own.h": "",
            "src/grid/up.c": '#include "tessera/lang.h"\n',
            "src/lang/peek.c": '#include "grid/own.h"\n',
            "src/design/up.c": '#include "tessera/value.h"\n',
        }
        for path, text in files.items():
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            open(os.path.join(root, path), "w").write(text)
        passed, failed = check(root)
        return passed == 5 and len(failed) == 3, failed

ok, seen = self_test()
passed, failed = check(".")
for line in failed:
    print("FAIL " + line)
if not ok:
    print("FAIL the check missed violations in its made-up tree: " + "; ".join(seen))
print(f"{passed + ok} passed, {len(failed) + (not ok)} failed")
sys.exit(1 if failed or not ok else 0)
PY
