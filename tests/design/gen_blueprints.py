#!/usr/bin/env python3
"""gen_blueprints.py - random but plausible blueprints for the studio tests.

Each screen is what the editor itself lays out (SPEC section 2): a vertical
stack of rows with base_spacing between them, x = base_spacing and
w = W - 2 * base_spacing for content, full-width bars (navbar or header at
the top, hero, section, footer at the bottom), rows of two buttons, cards or
product cards, images, icons, fields, dividers and text blocks whose height
holds their lines. Colours are drawn from a fixed palette with a text colour
that passes WCAG contrast. The same --seed gives the same files.

Usage: gen_blueprints.py --count N --seed S --out DIR
"""
import argparse
import json
import os
import random

FILLS = ["#1D4ED8", "#B91C1C", "#047857", "#7C3AED", "#0F766E", "#C2410C", "#111827", "#F3F4F6",
         "#FEF3C7", "#DBEAFE", "#FCE7F3", "#ECFDF5", "#FFFFFF", "#F9FAFB", "#BE185D", "#374151"]
INKS = ["#111827", "#1F2937", "#374151", "#0F172A", "#7F1D1D", "#1E3A8A"]
WORDS = ("fast simple secure modern bright calm bold fresh smart quiet open clear warm light "
         "shop sale new best daily weekly plans team story about contact help start learn more "
         "price offer garden coffee travel music books studio design cloud data home").split()


def luminance(hex_colour):
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(rng, fill):
    good = [c for c in INKS + ["#FFFFFF", "#F9FAFB"] if contrast(c, fill) >= 4.5]
    return rng.choice(good) if good else ("#000000" if luminance(fill) > 0.18 else "#FFFFFF")


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize()


class Screen:
    def __init__(self, rng, index):
        self.rng = rng
        self.W = rng.choice([375, 390, 360])
        self.S = rng.choice([16, 16, 8, 24])
        self.y = 0
        self.comps = []
        self.counts = {}
        self.bg = rng.choice(["#FFFFFF", "#FFFFFF", "#F9FAFB", "#FFFBEB"])
        self.ink = rng.choice(INKS)
        self.primary = rng.choice(FILLS[:7])
        self.index = index

    def new_id(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}_{self.counts[kind]}"

    def add(self, kind, x, y, w, h, text=None, visual=None, hidden=False):
        c = {"id": self.new_id(kind), "type": kind, "bbox": [x, y, w, h]}
        if text is not None:
            c["text"] = text
        if visual:
            c["visual"] = visual
        if hidden:
            c["hidden"] = True
        self.comps.append(c)
        return c

    def filled(self, kind, x, y, w, h, text, size, bold=False, fill=None):
        fill = fill or self.rng.choice(FILLS)
        vis = {"bg_color": fill, "text_color": text_on(self.rng, fill), "font_size": size}
        if bold:
            vis["font_weight"] = "bold"
        return self.add(kind, x, y, w, h, text, vis)

    def row(self, h):
        top = self.y + (self.S if self.comps else 0)
        self.y = top + h
        return top

    # ---- row kinds
    def bar(self, kind, h, size):
        y = self.row(h)
        self.filled(kind, 0, y, self.W, h, words(self.rng, 1, 2), size, bold=self.rng.random() < 0.6)

    def text_block(self, kind, size, lines, bold=False):
        h = max(24, round(size * 1.25 * lines + self.rng.choice([0, 4, 8])))
        y = self.row(h)
        n = 3 if kind == "list" else 1
        longest = 2 if size >= 24 else 5  # a title fits one line
        text = "\n".join(words(self.rng, 1, 2) for _ in range(n)) if kind == "list" else words(self.rng, 1, longest)
        vis = {"text_color": self.ink, "font_size": size}
        if bold:
            vis["font_weight"] = "bold"
        if kind == "list":
            h = max(h, round(size * 1.25 * 3 + 4))
            self.y = y + h
        self.add(kind, self.S, y, self.W - 2 * self.S, h, text, vis)

    def pair(self, kind, h):
        y = self.row(h)
        w = (self.W - 3 * self.S) // 2
        for k in range(2):
            x = self.S + k * (w + self.S)
            if kind == "button":
                self.filled("button", x, y, w, h, words(self.rng, 1, 2), 16, bold=True,
                            fill=self.primary if k == 0 else None)
            elif kind == "product_card":
                fill = self.rng.choice(["#FFFFFF", "#F3F4F6", "#FEF3C7", "#ECFDF5"])
                self.add("product_card", x, y, w, h, words(self.rng, 1, 2),
                         {"bg_color": fill, "text_color": text_on(self.rng, fill), "font_size": 14,
                          "price": f"${self.rng.randint(5, 99)}.00", "aspect_ratio": 1.0})
            else:
                self.filled("card", x, y, w, h, words(self.rng, 1, 2), 16)

    def wide(self, kind, h, size=16):
        y = self.row(h)
        if kind == "image":
            self.add("image", self.S, y, self.W - 2 * self.S, h, None, {"image_url": "/img.jpg"})
        elif kind == "divider":
            self.add("divider", self.S, y, self.W - 2 * self.S, 1, None, {"bg_color": "#E5E7EB"})
        elif kind in ("input", "select"):
            fill = self.rng.choice(["#F3F4F6", "#FFFFFF", "#F9FAFB"])
            self.add(kind, self.S, y, self.W - 2 * self.S, h, words(self.rng, 1, 3),
                     {"bg_color": fill, "text_color": "#374151", "font_size": size})
        else:
            self.filled(kind, self.S, y, self.W - 2 * self.S, h, words(self.rng, 1, 3), size, bold=kind == "button",
                        fill=self.primary if kind == "button" else None)

    def icon_row(self):
        y = self.row(32)
        self.add("icon", self.S, y, 32, 32, None, {"image_url": "/icon.svg"})
        self.add("label", self.S + 48, y, self.W - 2 * self.S - 48, 32, words(self.rng, 1, 2),
                 {"text_color": self.ink, "font_size": 13})

    def build(self):
        r = self.rng
        if r.random() < 0.5:
            self.bar("navbar", 56, 18)
        else:
            self.bar("header", r.choice([88, 100, 120]), r.choice([24, 28]))
        self.text_block("title", r.choice([26, 28, 32]), 1, bold=True)
        steps = [lambda: self.text_block("text", 16, r.randint(1, 3)),
                 lambda: self.text_block("subtitle", 18, 1),
                 lambda: self.text_block("heading", 20, 1, bold=True),
                 lambda: self.text_block("list", 16, 3),
                 lambda: self.text_block("description", 14, 2),
                 lambda: self.pair("button", 48),
                 lambda: self.pair("card", r.choice([80, 96, 120])),
                 lambda: self.pair("product_card", r.choice([200, 220])),
                 lambda: self.wide("image", r.choice([120, 160, 200])),
                 lambda: self.wide("input", 44),
                 lambda: self.wide("select", 44),
                 lambda: self.wide("button", r.choice([48, 52, 56]), 18),
                 lambda: self.wide("card", r.choice([80, 96])),
                 lambda: self.wide("divider", 1),
                 lambda: self.bar("hero", r.choice([160, 200, 240]), 30),
                 lambda: self.icon_row()]
        for _ in range(r.randint(5, 9)):
            r.choice(steps)()
        if r.random() < 0.7:
            self.bar("footer", 80, 14)
        if self.comps and r.random() < 0.3:  # hidden ones must not come back from a render
            c = r.choice(self.comps[1:])
            c["hidden"] = True

    def blueprint(self):
        return {"screen_id": f"gen_{self.index}", "screen_type": "generated",
                "viewport": {"width": self.W, "height": 812},
                "tokens": {"primary_color": self.primary, "accent_color": "#F59E0B", "text_color": self.ink,
                           "background_color": self.bg, "base_spacing": self.S, "border_radius": r_radius(self),
                           "font_scale": {"h1": 28, "h2": 20, "body": 16}},
                "components": self.comps, "meta": {"source": "gen_blueprints.py"}}


def r_radius(screen):
    return screen.rng.choice([0, 4, 8, 12])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        s = Screen(random.Random(a.seed * 1000 + i), i)
        s.build()
        with open(os.path.join(a.out, f"gen_{i:02d}.json"), "w") as f:
            json.dump(s.blueprint(), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
