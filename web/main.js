// main.js - the editor's state and wiring. State is one object: the open
// blueprint (id, head version, content), the version being previewed (if
// any), the selection and the violations. Every change goes through the
// server, which answers with the new head; the page then redraws from it.
// The URL keeps ?blueprint=ID so a reload reopens the same document.

import * as api from './api.js';
import { initArc } from './arc.js';
import { drawBlueprint } from './canvas.js';
import { el, showLayers, showProperties, showResult, showVersions, showViolations } from './panels.js';

const $ = (id) => document.getElementById(id);

const state = {
  id: null,          // open blueprint id
  version: null,     // its head version
  name: '',
  blueprint: null,   // head content
  preview: null,     // {version, blueprint} while viewing an older version
  selected: null,
  violations: [],
  canUndo: false,
  canRedo: false,
};

function say(text) {
  $('status').textContent = text;
}

function shown() {
  return state.preview ? state.preview.blueprint : state.blueprint;
}

function render() {
  const bp = shown();
  const open = !!bp;
  $('doc-title').textContent = open ? `${state.name} (#${state.id}, version ${state.version})` : 'No blueprint open';
  for (const id of ['command', 'run-command', 'fix', 'export-html', 'export-react'])
    $(id).disabled = !open || !!state.preview;
  $('undo').disabled = !open || !state.canUndo || !!state.preview;
  $('redo').disabled = !open || !state.canRedo || !!state.preview;
  $('preview-banner').hidden = !state.preview;
  if (state.preview) $('preview-text').textContent = `Viewing version ${state.preview.version} (read-only).`;
  if (!open) return;
  const violating = new Set(state.violations.flatMap((v) => [v.id, v.other].filter(Boolean)));
  drawBlueprint($('stage'), bp, { selected: state.selected, violating, onSelect: select });
  showLayers($('layers'), bp.components, state.selected, select);
  const comp = bp.components.find((c) => c.id === state.selected) || null;
  showProperties($('props'), comp, !!state.preview, applyProperties);
  showViolations($('violations'), state.violations, select);
}

function select(id) {
  state.selected = id;
  render();
  const node = document.querySelector(`#stage [data-id="${CSS.escape(id)}"]`);
  if (node) node.focus();
}

// Takes a blueprint document answer ({id, name, version, blueprint, can_undo, can_redo}).
async function adopt(doc) {
  if (doc.id !== state.id) {
    state.selected = null;
    showResult($('result'), null);
  }
  state.id = doc.id;
  state.version = doc.version;
  state.name = doc.name;
  state.blueprint = doc.blueprint;
  state.canUndo = doc.can_undo;
  state.canRedo = doc.can_redo;
  state.preview = null;
  if (state.selected && !doc.blueprint.components.some((c) => c.id === state.selected)) state.selected = null;
  const url = new URL(location.href);
  url.searchParams.set('blueprint', doc.id);
  history.replaceState(null, '', url);
  try {
    state.violations = (await api.check(doc.id)).data.violations || [];
  } catch (_) {
    state.violations = [];
  }
  render();
  await refreshVersions();
  await refreshList();
}

async function refreshVersions() {
  if (!state.id) return;
  const info = (await api.versions(state.id)).data;
  showVersions($('versions'), info, state.preview && state.preview.version, viewVersion);
}

async function refreshList() {
  const { data } = await api.listBlueprints();
  const list = $('blueprint-list');
  list.replaceChildren();
  for (const b of data.blueprints) {
    list.append(el('li', {}, el('button', { type: 'button', class: 'link', 'data-id': b.id,
      'aria-current': b.id === state.id ? 'true' : undefined, onclick: () => open(b.id) },
      `${b.name} (#${b.id}, v${b.version})`)));
  }
}

async function open(id) {
  try {
    await adopt((await api.getBlueprint(id)).data);
    say(`Opened blueprint ${id}.`);
  } catch (e) {
    say(`Cannot open blueprint ${id}: ${e.message}`);
  }
}

// Runs a write; a stale version reloads the head so the user sees what changed.
async function write(what, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e.code === 'stale_version') {
      say(`${what}: someone else changed this blueprint; reloaded version shown.`);
      await open(state.id);
    } else {
      say(`${what}: ${e.message}${e.path ? ' (at ' + e.path + ')' : ''}`);
    }
    return null;
  }
}

async function runCommand(ev) {
  ev.preventDefault();
  const command = $('command').value.trim();
  if (!command || !state.id) return;
  const r = await write('Edit', () => api.editBlueprint(state.id, command, state.version, $('partial').checked));
  if (!r) return;
  showResult($('result'), r.data, r.stored);
  say(`${r.data.status}: ${r.data.message}`);
  await open(state.id);
}

async function applyProperties(updated) {
  const bp = structuredClone(state.blueprint);
  bp.components = bp.components.map((c) => (c.id === updated.id ? updated : c));
  const r = await write('Properties', () => api.replaceBlueprint(state.id, bp, state.version));
  if (r) {
    await adopt(r.data);
    say(`Properties of ${updated.id} applied (version ${r.data.version}).`);
  }
}

async function undoRedo(kind) {
  const r = await write(kind, () => (kind === 'Undo' ? api.undo : api.redo)(state.id, state.version));
  if (r) {
    await adopt(r.data);
    say(`${kind}: now at version ${r.data.version}.`);
  }
}

async function autocorrect() {
  const r = await write('Autocorrect', () => api.fix(state.id, state.version));
  if (!r) return;
  showResult($('result'), r.data, r.stored);
  await open(state.id);
}

async function viewVersion(n) {
  if (n === state.version) {
    state.preview = null;
  } else {
    const { data } = await api.versionBlueprint(state.id, n);
    state.preview = { version: n, blueprint: data };
  }
  render();
  await refreshVersions();
}

async function restore() {
  const bp = state.preview.blueprint;
  const r = await write('Restore', () => api.replaceBlueprint(state.id, bp, state.version));
  if (r) {
    await adopt(r.data);
    say(`Restored as version ${r.data.version}.`);
  }
}

async function createFrom(blueprint, name) {
  const r = await write('Create', () => api.createBlueprint(blueprint, name));
  if (r) {
    await adopt(r.data);
    say(`Created blueprint ${r.data.id}.`);
  }
}

function emptyBlueprint() {
  return {
    screen_id: 'new_screen',
    viewport: { width: 375, height: 812 },
    tokens: { primary_color: '#2563EB', accent_color: '#F59E0B', text_color: '#111827',
              background_color: '#FFFFFF', base_spacing: 16, border_radius: 8,
              font_scale: { h1: 28, h2: 20, body: 16 } },
    components: [],
  };
}

async function openJsonFile(ev) {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  try {
    await createFrom(JSON.parse(await file.text()), file.name.replace(/\.json$/, ''));
  } catch (e) {
    say(`Cannot read ${file.name}: ${e.message}`);
  }
}

async function importImage(ev) {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  const r = await write('Import', () => api.importPng(file));
  if (r) await createFrom(r.data.blueprint || r.data, file.name.replace(/\.png$/i, ''));
}

async function exportCode(target, format) {
  const resp = await write('Export', () => api.generate(state.id, target, format));
  if (!resp) return;
  const blob = await resp.blob();
  const a = el('a', { href: URL.createObjectURL(blob),
                      download: format === 'zip' ? `${state.name}-react.zip` : `${state.name}.html` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  say(`Exported ${target}.`);
}

function initTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const activate = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
    tab.focus();
    if (tab.id === 'tab-arc') arc.load();
  };
  for (const t of tabs) {
    t.addEventListener('click', () => activate(t));
    t.addEventListener('keydown', (ev) => {
      const i = tabs.indexOf(t);
      if (ev.key === 'ArrowRight') activate(tabs[(i + 1) % tabs.length]);
      if (ev.key === 'ArrowLeft') activate(tabs[(i + tabs.length - 1) % tabs.length]);
    });
  }
}

function initKeys() {
  document.addEventListener('keydown', (ev) => {
    const typing = ['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName);
    if (typing || !(ev.ctrlKey || ev.metaKey) || ev.key.toLowerCase() !== 'z' || !state.id) return;
    ev.preventDefault();
    undoRedo(ev.shiftKey ? 'Redo' : 'Undo');
  });
}

const arc = initArc({ list: $('task-list'), filter: $('task-filter'), title: $('task-title'), pairs: $('task-pairs'),
                      form: $('program-form'), program: $('program'), budget: $('budget'),
                      run: $('run-program'), solve: $('solve-task'), result: $('run-result') }, say);

$('command-form').addEventListener('submit', runCommand);
$('undo').addEventListener('click', () => undoRedo('Undo'));
$('redo').addEventListener('click', () => undoRedo('Redo'));
$('fix').addEventListener('click', autocorrect);
$('restore').addEventListener('click', restore);
$('back-current').addEventListener('click', () => viewVersion(state.version));
$('new-blueprint').addEventListener('click', () => createFrom(emptyBlueprint(), 'new screen'));
$('open-json').addEventListener('change', openJsonFile);
$('import-png').addEventListener('change', importImage);
$('export-html').addEventListener('click', () => exportCode('html', 'file'));
$('export-react').addEventListener('click', () => exportCode('react', 'zip'));
initTabs();
initKeys();

const start = new URL(location.href).searchParams.get('blueprint');
refreshList().then(() => (start ? open(Number(start)) : null)).then(() => {
  document.body.dataset.ready = 'true';
});
