// arc.js - the ARC tab: the tasks of the server's --tasks folder as grids,
// running an arc-dsl program on the selected one, and the program search
// (POST /arc/tasks/{id}/solve): its programs, each of which can be put in
// the program box as solve_<id> and run, and its two attempts per test.

import * as api from './api.js';
import { el } from './panels.js';

// The standard ARC palette (the same colours as `tessera arc show --png`).
const PALETTE = ['#000000', '#0074D9', '#FF4136', '#2ECC40', '#FFDC00',
                 '#AAAAAA', '#F012BE', '#FF851B', '#7FDBFF', '#870C25'];

export function gridElement(grid, label) {
  const h = grid.length, w = grid[0] ? grid[0].length : 0;
  const g = el('div', { class: 'grid', role: 'img', 'aria-label': `${label}: ${h} by ${w} grid` });
  g.style.gridTemplateColumns = `repeat(${w}, var(--cell))`;
  for (const row of grid) {
    for (const v of row) {
      const cell = el('span', { class: 'cell', 'data-v': v });
      cell.style.backgroundColor = PALETTE[v] || '#777777';
      g.append(cell);
    }
  }
  return g;
}

function pairRow(kind, i, pair) {
  const out = pair.output ? gridElement(pair.output, `${kind} ${i + 1} output`)
                          : el('div', { class: 'grid unknown' }, '?');
  return el('div', { class: 'pair' }, el('span', { class: 'pair-label' }, `${kind} ${i + 1}`),
            gridElement(pair.input, `${kind} ${i + 1} input`), el('span', { 'aria-hidden': 'true' }, '→'), out);
}

export function initArc(ui, say) {
  let tasks = [];
  let current = null;

  function showList() {
    const f = ui.filter.value.trim().toLowerCase();
    ui.list.replaceChildren();
    for (const t of tasks.filter((t) => t.id.includes(f)).slice(0, 500)) {
      ui.list.append(el('li', {}, el('button', { type: 'button', class: 'link task', 'data-id': t.id,
        'aria-current': current && current.id === t.id ? 'true' : undefined,
        onclick: () => openTask(t.id) }, `${t.id} (${t.train}+${t.test})`)));
    }
  }

  async function openTask(id) {
    try {
      const { data } = await api.getTask(id);
      current = data;
      ui.title.textContent = `Task ${id}`;
      ui.pairs.replaceChildren();
      data.train.forEach((p, i) => ui.pairs.append(pairRow('train', i, p)));
      data.test.forEach((p, i) => ui.pairs.append(pairRow('test', i, p)));
      if (!ui.program.value.includes(`solve_${id}`))
        ui.program.value = `def solve_${id}(I):\n    O = I\n    return O\n`;
      ui.run.disabled = false;
      ui.solve.disabled = false;
      ui.result.replaceChildren();
      showList();
    } catch (e) {
      say(`Cannot open task ${id}: ${e.message}`);
    }
  }

  ui.filter.addEventListener('input', showList);
  ui.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!current) return;
    try {
      const { data } = await api.runProgram(current.id, ui.program.value, Number(ui.budget.value) || undefined);
      ui.result.replaceChildren(el('p', {}, `${data.solved ? 'Solved' : 'Not solved'} — work ${data.work} of ${data.budget}`));
      for (const p of data.pairs) {
        ui.result.append(el('div', { class: `pair run-${p.status}` },
          el('span', { class: 'pair-label' }, `${p.kind} ${p.index + 1}: ${p.status}`),
          p.output ? gridElement(p.output, `${p.kind} ${p.index + 1} result`) : el('span', {}, p.error || '')));
      }
    } catch (e) {
      ui.result.replaceChildren(el('p', { class: 'error' }, `${e.code}: ${e.message}`));
    }
  });

  // The search's text defines solve(I); the run endpoint wants solve_<id>.
  const asTaskProgram = (text, id) => text.replace(/^def solve\(I\):/m, `def solve_${id}(I):`);

  function showSolve(data) {
    const budget = Math.min(Number(ui.budget.value) || 0, 20000000);
    ui.result.replaceChildren(el('p', { class: 'solve-status' },
      `Search: ${data.status} — ${data.programs.length} program${data.programs.length === 1 ? '' : 's'}, ` +
      `work ${data.work} of ${data.budget || budget}`));
    for (const p of data.programs) {
      ui.result.append(el('div', { class: 'found' },
        el('span', { class: 'pair-label' }, `#${p.rank}: ${p.demos_right}/${data.demo_pairs} demos, cost ${p.cost}, ${p.origin}`),
        el('button', { type: 'button', class: 'use-program', onclick: () => {
          ui.program.value = asTaskProgram(p.text, data.id);
          ui.program.focus();
        } }, 'Use this program'),
        el('pre', { class: 'found-program' }, p.text)));
    }
    data.attempts.forEach((pair, i) => {
      ui.result.append(el('div', { class: 'pair attempts' }, el('span', { class: 'pair-label' }, `test ${i + 1} attempts`),
        ...pair.map((g, k) => (g ? gridElement(g, `test ${i + 1} attempt ${k + 1}`) : el('span', {}, '-')))));
    });
  }

  ui.solve.addEventListener('click', async () => {
    if (!current) return;
    const id = current.id;
    ui.solve.disabled = true;
    ui.result.replaceChildren(el('p', {}, `Searching task ${id}…`));
    try {
      const budget = Math.min(Number(ui.budget.value) || 0, 20000000) || undefined;
      const { data } = await api.solveTask(id, budget);
      if (current && current.id === id) showSolve(data);
    } catch (e) {
      ui.result.replaceChildren(el('p', { class: 'error' }, `${e.code}: ${e.message}`));
    } finally {
      ui.solve.disabled = false;
    }
  });

  return {
    async load() {
      try {
        tasks = (await api.listTasks()).data.tasks;
        showList();
      } catch (e) {
        ui.list.replaceChildren(el('li', {}, e.status === 404 ? 'The server was started without --tasks.' : e.message));
      }
    },
  };
}
