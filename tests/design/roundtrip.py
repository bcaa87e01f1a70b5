#!/usr/bin/env python3
"""roundtrip.py - the sketch importer measured against the renderer.

Each blueprint is drawn (`tessera design render`), the PNG imported
(`tessera design import`) and the result compared with the original:
every visible original component is matched to the imported component of
the largest IoU, and counts as found at IoU >= 0.9, as found with the right
type when the types are also equal (exactly, no families), and its colours
are checked where the original names them: bg_color (fill-like), and
text_color when it shows text. Imported components matched to nothing are
counted as extra. Prints one line per blueprint, then the totals and the
closing "N passed, M failed" line; fails when fewer than --require of the
components are found with the right type.

With --images DIR the pictures are not rendered but read from
DIR/<blueprint name>.png (screenshots of the generated pages, taken by
tests/browser/layout.mjs --shots).

Usage: roundtrip.py --tessera BIN --work DIR [--placeholders] [--scale S]
                    [--images DIR] [--require 0.9] [--confusions] BLUEPRINT...
"""
import argparse
import collections
import json
import os
import subprocess
import sys

NO_TEXT = {"image", "icon", "divider"}


def bbox(c, xyxy=False):
    x, y, w, h = (float(v) for v in c["bbox"])
    return (x, y, w - x, h - y) if xyxy else (x, y, w, h)


def iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def kind(c):
    return "button" if c["type"] == "cta" else c["type"]


def compare(original, imported, confusions):
    xyxy = original.get("bbox_format") == "xyxy"
    visible = [c for c in original["components"] if c.get("hidden") is not True]
    got = imported["components"]
    used = set()
    s = collections.Counter()
    for c in visible:
        box = bbox(c, xyxy)
        best, best_iou = None, 0.0
        for k, g in enumerate(got):
            v = iou(box, bbox(g))
            if v > best_iou:
                best, best_iou = k, v
        s["components"] += 1
        if best is None or best_iou < 0.9:
            confusions[(kind(c), "(not found)")] += 1
            if os.environ.get("ROUNDTRIP_VERBOSE"):
                near = got[best]["bbox"] if best is not None else None
                print(f"  missed {c['id']} {kind(c)} {list(box)}: best IoU {best_iou:.2f} {near}")
            continue
        used.add(best)
        g = got[best]
        s["found"] += 1
        if kind(g) == kind(c):
            s["typed"] += 1
        confusions[(kind(c), kind(g))] += 1
        v, gv = c.get("visual") or {}, g.get("visual") or {}
        if "bg_color" in v and kind(c) not in ("image", "icon"):
            s["colours"] += 1
            s["colours_exact"] += gv.get("bg_color", "").upper() == v["bg_color"].upper()
        if "text_color" in v and isinstance(c.get("text"), str) and c["text"] and kind(c) not in NO_TEXT:
            s["colours"] += 1
            s["colours_exact"] += gv.get("text_color", "").upper() == v["text_color"].upper()
    s["extra"] = len(got) - len(used)
    return s


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tessera", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--placeholders", action="store_true")
    ap.add_argument("--scale", default="1")
    ap.add_argument("--require", type=float, default=0.9)
    ap.add_argument("--confusions", action="store_true")
    ap.add_argument("--images")
    ap.add_argument("blueprints", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    total = collections.Counter()
    confusions = collections.Counter()
    failures = 0
    for path in a.blueprints:
        name = os.path.splitext(os.path.basename(path))[0]
        png = os.path.join(a.images or a.work, name + ".png")
        out = os.path.join(a.work, name + ".imported.json")
        render = [a.tessera, "design", "render", path, "--png", png, "--scale", a.scale]
        if a.placeholders:
            render.append("--placeholders")
        try:
            if not a.images:
                run(render)
            run([a.tessera, "design", "import", png, "-o", out, "--scale", a.scale])
        except RuntimeError as e:
            print(f"FAIL {name}: {e}")
            failures += 1
            continue
        with open(path) as f:
            original = json.load(f)
        with open(out) as f:
            imported = json.load(f)
        s = compare(original, imported, confusions)
        total.update(s)
        print(f"{name}: {s['found']}/{s['components']} found, {s['typed']} with the right type, "
              f"colours {s['colours_exact']}/{s['colours']} exact, {s['extra']} extra")
    n = max(total["components"], 1)
    print(f"total: {total['components']} components in {len(a.blueprints)} blueprints: "
          f"found {total['found']} ({100.0 * total['found'] / n:.1f}%), "
          f"right type {total['typed']} ({100.0 * total['typed'] / n:.1f}%), "
          f"colours exact {total['colours_exact']}/{total['colours']}, extra {total['extra']}")
    if a.confusions:
        for (want, got), k in sorted(confusions.items()):
            if want != got:
                print(f"  {want} -> {got}: {k}")
    ok = total["typed"] >= a.require * total["components"] and failures == 0
    print(f"{1 if ok else 0} passed, {0 if ok else 1} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
