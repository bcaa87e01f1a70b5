// editor.test.mjs - the web editor end to end in Debian's headless Chromium
// (driven by playwright-core), against a running `tessera serve`.
//
//   node editor.test.mjs BASE_URL [SCREENSHOT_DIR]
//
// Opens the page, opens a blueprint file through the page, checks that every
// visible component sits at its bbox with its colour, selects by click and
// by keyboard, types "make the button red and move it to the top" and checks
// the canvas, the result panel and the stored version, undoes and redoes
// (buttons and keys), edits a property, sees a violation highlighted, walks
// the version history, downloads the code (HTML and a React zip), uploads a
// rendered PNG and gets a new blueprint, and browses an ARC task as grids. Every request the
// page makes must go to the server under test. Ends with "N passed, M failed".
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.argv[2];
const shots = process.argv[3];
const root = process.env.TESSERA_SOURCE_DIR || join(import.meta.dirname || '.', '../..');
let passed = 0, failed = 0;
function check(cond, what) {
  if (cond) passed++;
  else { failed++; console.log(`FAIL ${what}`); }
}

async function api(path) {
  const r = await fetch(base + path);
  return r.json();
}

const storefrontPath = join(root, 'data/design/blueprints/storefront.json');
const storefront = JSON.parse(readFileSync(storefrontPath, 'utf8'));
const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1000 },
  acceptDownloads: true,
});
const foreign = [];
const page = context.pages()[0] || await context.newPage();
await page.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.origin === new URL(base).origin || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
  foreign.push(url.href);
  return route.abort();
});
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

// Where each component is drawn, relative to the stage, and its colours.
async function drawn() {
  return page.evaluate(() => {
    const stage = document.getElementById('stage').getBoundingClientRect();
    const out = {};
    for (const e of document.querySelectorAll('#stage .comp')) {
      const r = e.getBoundingClientRect();
      const cs = getComputedStyle(e);
      out[e.dataset.id] = { x: r.left - stage.left, y: r.top - stage.top, w: r.width, h: r.height,
                            bg: cs.backgroundColor, color: cs.color, text: e.textContent,
                            classes: e.className };
    }
    return out;
  });
}

function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

function sameGeometry(bp, got, what) {
  let bad = 0;
  for (const c of bp.components.filter((c) => !c.hidden)) {
    const g = got[c.id];
    const [x, y, w, h] = c.bbox;
    if (!g || Math.abs(g.x - x) > 1 || Math.abs(g.y - y) > 1 || Math.abs(g.w - w) > 1 || Math.abs(g.h - h) > 1) {
      bad++;
      console.log(`  ${what}: ${c.id} drawn at ${g ? [g.x, g.y, g.w, g.h].join(',') : 'nowhere'}, bbox ${c.bbox}`);
    }
    if (g && c.visual && c.visual.bg_color && g.bg !== rgb(c.visual.bg_color)) {
      bad++;
      console.log(`  ${what}: ${c.id} background ${g.bg}, blueprint ${c.visual.bg_color}`);
    }
  }
  check(bad === 0, `${what}: every visible component at its bbox with its colour`);
  check(Object.keys(got).length === bp.components.filter((c) => !c.hidden).length, `${what}: one element per visible component`);
}

// Polled from here: the page's CSP forbids the eval that waitForFunction needs.
async function waitVersion(n) {
  for (let i = 0; i < 200; i++) {
    if ((await page.textContent('#doc-title')).includes(`version ${n})`)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`the page never showed version ${n}: ${await page.textContent('#doc-title')}`);
}

try {
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="true"]');
  check(await page.title() === 'Tessera studio', 'page title');

  // open a blueprint file through the page
  await page.setInputFiles('#open-json', storefrontPath);
  await waitVersion(1);
  const id = Number(new URL(page.url()).searchParams.get('blueprint'));
  check(id > 0, 'the URL names the new blueprint');
  sameGeometry(storefront, await drawn(), 'opened');
  if (shots) await page.screenshot({ path: join(shots, 'editor-opened.png') });

  // select by click: the properties panel shows the component
  const button = storefront.components.find((c) => c.type === 'button' && c.role === 'cta') ||
                 storefront.components.find((c) => c.type === 'button');
  await page.click(`#stage [data-id="${button.id}"]`);
  check((await page.textContent('#props')).includes(button.id), 'click selects: properties show the id');
  check((await page.getAttribute(`#stage [data-id="${button.id}"]`, 'aria-pressed')) === 'true', 'selected element is pressed');

  // select by keyboard: focus another component, Enter
  const other = storefront.components.find((c) => !c.hidden && c.id !== button.id);
  await page.focus(`#stage [data-id="${other.id}"]`);
  await page.keyboard.press('Enter');
  check((await page.textContent('#props')).includes(other.id), 'Enter selects the focused component');

  // the command
  await page.fill('#command', 'make the button red and move it to the top');
  await page.press('#command', 'Enter');
  await waitVersion(2);
  const result = await page.textContent('#result');
  check(/success/i.test(result), 'result panel says success');
  check((await page.$$('#result .steps > li')).length === 2, 'result panel lists two steps');
  check((await page.$$('#result .all-changes li')).length > 0, 'result panel lists the changes');
  const stored = await api(`/blueprints/${id}`);
  check(stored.version === 2, 'stored version is 2');
  const storedButton = stored.blueprint.components.find((c) => c.id === button.id);
  check(storedButton.visual.bg_color === '#FF0000', 'stored button is red');
  const topmost = Math.min(...stored.blueprint.components.map((c) => c.bbox[1]));
  check(storedButton.bbox[1] === topmost, 'stored button is in the first row');
  const after = await drawn();
  sameGeometry(stored.blueprint, after, 'after the command');
  check(after[button.id].bg === 'rgb(255, 0, 0)', 'canvas: the button is red');
  check(Math.abs(after[button.id].y - topmost) <= 1, 'canvas: the button is at the top');
  if (shots) await page.screenshot({ path: join(shots, 'editor-command.png') });

  // undo with the button, redo with the keyboard, undo again with the keyboard
  await page.click('#undo');
  await waitVersion(1);
  check((await drawn())[button.id].bg !== 'rgb(255, 0, 0)', 'undo: the button is not red any more');
  check((await api(`/blueprints/${id}`)).version === 1, 'undo: stored head is version 1');
  await page.click('#stage');
  await page.keyboard.press('Control+Shift+Z');
  await waitVersion(2);
  check((await drawn())[button.id].bg === 'rgb(255, 0, 0)', 'redo (Ctrl+Shift+Z): red again');
  await page.keyboard.press('Control+Z');
  await waitVersion(1);

  // a property edit stores a version and shows on the canvas
  await page.click(`#stage [data-id="${button.id}"]`);
  await page.fill('#prop-0', 'Buy now <b>');
  await page.click('#apply-props');
  await waitVersion(3);
  check((await drawn())[button.id].text === 'Buy now <b>', 'property edit: text shown as text');
  check((await api(`/blueprints/${id}`)).blueprint.components.find((c) => c.id === button.id).text === 'Buy now <b>',
        'property edit stored');

  // a violation is highlighted on the canvas and listed
  const text = storefront.components.find((c) => !c.hidden && c.id !== button.id && c.visual && c.visual.font_size);
  await page.click(`#stage [data-id="${text.id}"]`);
  await page.fill('#prop-7', '8');
  await page.click('#apply-props');
  await waitVersion(4);
  await page.waitForSelector(`#stage [data-id="${text.id}"].violation`, { timeout: 5000 });
  check((await page.textContent('#violations')).includes('font_size'), 'violation listed');
  if (shots) await page.screenshot({ path: join(shots, 'editor-violation.png') });

  // version history: four versions, the first one previews read-only and restores
  check((await page.$$('#versions li')).length === 4, 'four versions listed');
  await page.click('#versions [data-version="1"]');
  await page.waitForSelector('#preview-banner:not([hidden])');
  check(await page.isDisabled('#command'), 'preview is read-only');
  await page.click('#restore');
  await waitVersion(5);
  sameGeometry(storefront, await drawn(), 'restored version 1');

  // export code: a single HTML file and a React project as a zip
  const [html] = await Promise.all([page.waitForEvent('download'), page.click('#export-html')]);
  const htmlText = readFileSync(await html.path(), 'utf8');
  check(html.suggestedFilename().endsWith('.html'), 'HTML export has an .html name');
  check(htmlText.includes(`data-id="${button.id}"`), 'exported HTML holds the button');
  const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#export-react')]);
  const zipBytes = readFileSync(await zip.path());
  check(zipBytes.subarray(0, 4).toString('latin1') === 'PK\x03\x04', 'React export is a zip');
  check(zipBytes.includes(Buffer.from('src/App.jsx')), 'the zip holds src/App.jsx');

  // import: a rendered PNG of this blueprint, uploaded, becomes a new blueprint
  const png = Buffer.from(await (await fetch(`${base}/blueprints/${id}/render`)).arrayBuffer());
  const pngPath = join(profile, 'screen.png');
  writeFileSync(pngPath, png);
  await page.setInputFiles('#import-png', pngPath);
  for (let i = 0; i < 200 && Number(new URL(page.url()).searchParams.get('blueprint')) === id; i++)
    await page.waitForTimeout(50);
  const imported = Number(new URL(page.url()).searchParams.get('blueprint'));
  check(imported > id, 'import opened a new blueprint');
  const got = await api(`/blueprints/${imported}`);
  check(got.blueprint && got.blueprint.components.length >= 3, 'the imported blueprint has components');
  const importedDrawn = await drawn();
  check(Object.keys(importedDrawn).length === got.blueprint.components.filter((c) => !c.hidden).length,
        'the imported blueprint is drawn');
  if (shots) await page.screenshot({ path: join(shots, 'editor-imported.png') });

  // ARC tab, by keyboard: ArrowRight on the tab list
  await page.focus('#tab-design');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#task-list .task');
  await page.click('#task-list [data-id="007bbfb7"]');
  await page.waitForSelector('#task-pairs .grid');
  const task = await api('/arc/tasks/007bbfb7');
  const cells = await page.$$eval('#task-pairs .pair:first-child .grid:first-of-type .cell', (e) => e.length);
  check(cells === task.train[0].input.length * task.train[0].input[0].length, 'ARC: first grid has every cell');
  check((await page.$$('#task-pairs .pair')).length === task.train.length + task.test.length, 'ARC: one row per pair');
  await page.fill('#program', 'def solve_007bbfb7(I):\n    x1 = hupscale(I, THREE)\n    O = vupscale(x1, THREE)\n    return O\n');
  await page.click('#run-program');
  await page.waitForSelector('#run-result .pair');
  check((await page.textContent('#run-result')).includes('Not solved'), 'ARC: program run reported');
  if (shots) await page.screenshot({ path: join(shots, 'editor-arc.png') });

  // The program search: its status as the API gives it; a program found is
  // put in the box as solve_<id>, and the run endpoint judges it.
  await page.fill('#budget', '1000000');
  await page.click('#solve-task');
  await page.waitForSelector('#run-result .solve-status');
  const solved = await (await fetch(base + '/arc/tasks/007bbfb7/solve', { method: 'POST', body: '{"budget": 1000000}' })).json();
  const status = await page.textContent('#run-result .solve-status');
  check(status.startsWith(`Search: ${solved.status} — ${solved.programs.length} program`), `ARC: search status shown (${status})`);
  check((await page.$$('#run-result .found-program')).length === solved.programs.length, 'ARC: one block per program found');
  check((await page.$$('#run-result .attempts .grid')).length === 2 * solved.attempts.length, 'ARC: two attempts per test input');
  if (solved.status === 'solved') {
    await page.click('#run-result .use-program');
    check((await page.inputValue('#program')).includes('def solve_007bbfb7(I):'), 'ARC: the program found is put in the box');
    await page.click('#run-program');
    await page.waitForSelector('#run-result .pair');
    check((await page.textContent('#run-result')).includes('Solved'), 'ARC: the program found solves the task when run');
  } else {
    check(false, `ARC: the search did not solve 007bbfb7 at budget 1000000 (${solved.status})`);
  }
  if (shots) await page.screenshot({ path: join(shots, 'editor-arc-solve.png') });

  check(foreign.length === 0, `no request left the server: ${foreign.join(' ')}`);
  check(consoleErrors.length === 0, `no console errors: ${consoleErrors.join(' | ')}`);
} catch (e) {
  check(false, `exception: ${e.stack || e}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
