// panels.js - the editor's side panels: the properties form of the selected
// component, the step-by-step result of a command, violations, versions and
// layers. Each function rebuilds its panel from data; none keeps state.

import { describe, isTextLike, readingOrder } from './canvas.js';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
export { el };

// The editable fields: [label, getter, setter, input type].
const FIELDS = [
  ['Text', (c) => c.text ?? '', (c, v) => { c.text = v; }, 'text'],
  ['X', (c) => c.bbox[0], (c, v) => { c.bbox[0] = Number(v); }, 'number'],
  ['Y', (c) => c.bbox[1], (c, v) => { c.bbox[1] = Number(v); }, 'number'],
  ['Width', (c) => c.bbox[2], (c, v) => { c.bbox[2] = Number(v); }, 'number'],
  ['Height', (c) => c.bbox[3], (c, v) => { c.bbox[3] = Number(v); }, 'number'],
  ['Background', (c) => (c.visual || {}).bg_color ?? '', (c, v) => setVisual(c, 'bg_color', v), 'color-text'],
  ['Text colour', (c) => (c.visual || {}).text_color ?? '', (c, v) => setVisual(c, 'text_color', v), 'color-text'],
  ['Font size', (c) => (c.visual || {}).font_size ?? '', (c, v) => setVisual(c, 'font_size', v === '' ? '' : Number(v)), 'number'],
  ['Hidden', (c) => !!c.hidden, (c, v) => { c.hidden = v; }, 'checkbox'],
];

function setVisual(c, key, value) {
  c.visual = c.visual || {};
  if (value === '' || value === null) delete c.visual[key];
  else c.visual[key] = value;
}

// Fills the properties form; onApply(updatedComponent) is called on submit.
export function showProperties(form, comp, readOnly, onApply) {
  form.replaceChildren();
  if (!comp) {
    form.append(el('p', { id: 'props-empty' }, 'Select a component on the canvas or in the layers list.'));
    return;
  }
  form.append(el('p', { class: 'props-id' }, el('strong', {}, comp.id), ` (${comp.type}${comp.role ? ', role ' + comp.role : ''})`));
  const inputs = [];
  FIELDS.forEach(([label, get, , type], i) => {
    const id = `prop-${i}`;
    const input = type === 'checkbox'
      ? el('input', { id, type: 'checkbox', disabled: readOnly })
      : el('input', { id, type: type === 'color-text' ? 'text' : type, disabled: readOnly,
                      pattern: type === 'color-text' ? '#[0-9A-Fa-f]{6}' : undefined,
                      step: type === 'number' ? 'any' : undefined });
    if (type === 'checkbox') input.checked = get(comp);
    else input.value = get(comp);
    inputs.push(input);
    form.append(el('div', { class: 'field' }, el('label', { for: id }, label), input));
  });
  if (!isTextLike(comp.type) && comp.text === undefined) inputs[0].placeholder = '(no text)';
  const apply = el('button', { type: 'submit', id: 'apply-props', disabled: readOnly }, 'Apply properties');
  form.append(apply);
  form.onsubmit = (ev) => {
    ev.preventDefault();
    const updated = structuredClone(comp);
    FIELDS.forEach(([, , set, type], i) => set(updated, type === 'checkbox' ? inputs[i].checked : inputs[i].value));
    if (updated.text === '' && comp.text === undefined) delete updated.text;
    onApply(updated);
  };
}

function changeText(ch) {
  const show = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return `${ch.id ?? 'tokens'} ${ch.path}: ${show(ch.from)} → ${show(ch.to)}`;
}

// The SPEC result of an edit or fix: status, message, steps, changes.
export function showResult(section, result, stored) {
  section.replaceChildren();
  if (!result) return;
  section.append(el('p', { class: `result-status status-${result.status}` },
    el('strong', {}, result.status), ' — ', result.message || '',
    stored === undefined ? '' : stored ? ' (stored as a new version)' : ' (nothing stored)'));
  if (result.steps && result.steps.length) {
    const steps = el('ol', { class: 'steps', 'aria-label': 'Steps' });
    for (const s of result.steps) {
      const changes = el('ul', { class: 'changes' });
      for (const ch of s.changes || []) changes.append(el('li', {}, changeText(ch)));
      for (const n of s.notes || []) changes.append(el('li', { class: 'note' }, `note: ${n}`));
      steps.append(el('li', { class: `step step-${s.status}` },
        el('span', { class: 'step-text' }, `“${s.text}”`), ` ${s.intent || ''} `,
        (s.targets || []).join(', '), ` — ${s.status}`, changes));
    }
    section.append(steps);
  }
  const all = result.changes || [];
  const list = el('ul', { class: 'all-changes', 'aria-label': 'All changes' });
  for (const ch of all) list.append(el('li', {}, changeText(ch)));
  section.append(el('h3', {}, `Changes (${all.length})`), list);
  if (result.violations && result.violations.length) {
    const v = el('ul', { class: 'new-violations' });
    for (const x of result.violations) v.append(el('li', {}, `${x.rule}: ${x.message}`));
    section.append(el('h3', {}, 'New violations'), v);
  }
}

export function showViolations(list, violations, onSelect) {
  list.replaceChildren();
  if (!violations.length) list.append(el('li', { class: 'none' }, 'None'));
  for (const v of violations) {
    list.append(el('li', {}, el('button', { type: 'button', class: 'link', onclick: () => onSelect(v.id) },
      `${v.rule}: ${v.message}`)));
  }
}

export function showLayers(list, components, selected, onSelect) {
  list.replaceChildren();
  for (const c of readingOrder(components)) {
    list.append(el('li', {}, el('button', { type: 'button', class: 'link layer', 'data-id': c.id,
      'aria-current': c.id === selected ? 'true' : undefined, onclick: () => onSelect(c.id) },
      describe(c) + (c.hidden ? ' (hidden)' : ''))));
  }
}

export function showVersions(list, info, viewing, onView) {
  list.replaceChildren();
  for (const v of info.versions.slice().reverse()) {
    const label = `v${v.version} ${v.source}${v.command ? ': ' + v.command : ''}`;
    const current = v.version === info.version;
    list.append(el('li', { class: current ? 'current' : '' },
      el('button', { type: 'button', class: 'link version', 'data-version': v.version,
        'aria-current': current ? 'true' : undefined, 'aria-pressed': String(v.version === viewing),
        onclick: () => onView(v.version) }, label + (current ? ' (current)' : ''))));
  }
}
