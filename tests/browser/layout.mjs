// layout.mjs - loads pages made by `tessera design generate` in headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core) and checks
// every component against its blueprint: a visible component's
// getBoundingClientRect() equals its bbox within 1 px, its computed
// background-color and color equal the blueprint's (or the documented
// defaults), a hidden one is not displayed, its data-id and text are the
// blueprint's exactly (so escaping kept `<script>` as text), and no script
// from a blueprint string ran.
//
// Usage: node layout.mjs [--shots DIR] BLUEPRINT.json PAGE.html [BLUEPRINT.json PAGE.html ...]
// With --shots, each page is also saved as DIR/<page name>.png, a full-page
// screenshot at the blueprint's width (the import test reads them back).
// Prints one line per failed check and ends with "N passed, M failed".
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const IMAGE_FILL = "#E5E7EB", DIVIDER_FILL = "#E5E7EB";
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else { failed++; console.log("FAIL " + what); }
}

function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

function bboxOf(c, xyxy) {
  const [a, b, c2, d] = c.bbox.map(v => typeof v === "string" ? parseFloat(v) : v);
  return xyxy ? [a, b, c2 - a, d - b] : [a, b, c2, d];
}

// What the page must show for one component (docs/DESIGN.md, "Studio").
function expected(bp, c) {
  const v = c.visual || {}, type = c.type === "cta" ? "button" : c.type;
  let bg = v.bg_color;
  if (!bg && (type === "image" || type === "icon")) bg = IMAGE_FILL;
  if (!bg && type === "divider") bg = DIVIDER_FILL;
  const text = v.text_color || (bp.tokens && bp.tokens.text_color) || "#000000";
  return { bg: bg ? rgb(bg.toUpperCase()) : "rgba(0, 0, 0, 0)", color: rgb(text.toUpperCase()) };
}

async function checkPage(context, bpPath, pagePath, shots) {
  const bp = JSON.parse(readFileSync(bpPath, "utf8"));
  const page = await context.newPage();
  const width = (bp.viewport && bp.viewport.width) || 375;
  await page.setViewportSize({ width: Math.round(width), height: (bp.viewport && bp.viewport.height) || 812 });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await page.goto(pathToFileURL(resolve(pagePath)).href);
  await page.waitForSelector(".screen", { state: "attached", timeout: 10000 });
  const seen = await page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll("[data-id]")) {
      const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
      out[el.getAttribute("data-id")] = {
        rect: [r.x, r.y, r.width, r.height], bg: cs.backgroundColor, color: cs.color,
        shown: cs.display !== "none", text: el.tagName === "INPUT" ? el.placeholder : el.textContent,
        tag: el.tagName,
      };
    }
    return { out, pwned: window.__pwned === true, scripts: document.scripts.length };
  });
  const label = `${bpPath} in ${pagePath}`;
  check(errors.length === 0, `${label}: page errors ${errors.join("; ")}`);
  check(!seen.pwned, `${label}: a script from the blueprint ran`);
  const xyxy = bp.bbox_format === "xyxy";
  for (const c of bp.components) {
    const got = seen.out[c.id];
    check(got !== undefined, `${label}: no element with data-id ${JSON.stringify(c.id)}`);
    if (!got) continue;
    if (c.hidden === true) {
      check(!got.shown, `${label}: hidden ${c.id} is shown`);
      continue;
    }
    const want = bboxOf(c, xyxy), exp = expected(bp, c);
    const off = want.map((v, i) => Math.abs(v - got.rect[i]));
    check(Math.max(...off) <= 1, `${label}: ${c.id} at [${got.rect}] instead of [${want}]`);
    check(got.bg === exp.bg, `${label}: ${c.id} background ${got.bg} instead of ${exp.bg}`);
    check(got.color === exp.color, `${label}: ${c.id} colour ${got.color} instead of ${exp.color}`);
    const wantText = typeof c.text === "string" ? c.text : "";
    const type = c.type;
    if (type === "list") check(got.text === wantText.split("\n").join(""), `${label}: ${c.id} list text`);
    else if (type === "product_card") {
      const price = (c.visual && c.visual.price) || "";
      check(got.text === wantText + price, `${label}: ${c.id} text ${JSON.stringify(got.text)}`);
    } else if (!["image", "icon", "divider"].includes(type))
      check(got.text === wantText, `${label}: ${c.id} text ${JSON.stringify(got.text)} instead of ${JSON.stringify(wantText)}`);
  }
  if (shots) {
    const parts = pagePath.split("/"), file = parts[parts.length - 1];
    const name = file === "index.html" ? parts[parts.length - 2] : file.replace(/\.html$/, "");
    await page.screenshot({ path: join(shots, name + ".png"), fullPage: true });
  }
  await page.close();
}

let args = process.argv.slice(2), shots = null;
if (args[0] === "--shots") {
  shots = args[1];
  args = args.slice(2);
}
const profile = mkdtempSync(join(tmpdir(), "tessera-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  for (let i = 0; i + 1 < args.length; i += 2) await checkPage(context, args[i], args[i + 1], shots);
} catch (e) {
  check(false, "browser: " + e.message.split("\n")[0]);
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
