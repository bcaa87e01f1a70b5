// canvas.js - the blueprint drawn as positioned elements, one per visible
// component, at 1 CSS pixel per blueprint pixel: the same geometry as the
// generated HTML (absolute boxes at their bbox inside a viewport-wide
// screen), so what the editor shows is where the exported code puts it.
//
// Components are painted containers first (larger area first), so a card
// never hides the text inside it. Each is focusable and selectable by
// click, Enter or Space; the selection and violations are classes
// (outline only, so the geometry never changes).

const TEXT_LIKE = new Set(['title', 'subtitle', 'heading', 'text', 'description', 'label', 'link', 'list']);

export function isTextLike(type) {
  return TEXT_LIKE.has(type);
}

function px(n) {
  return `${n}px`;
}

function styleFor(c, tokens) {
  const v = c.visual || {};
  const s = {};
  const [x, y, w, h] = c.bbox;
  Object.assign(s, { left: px(x), top: px(y), width: px(w), height: px(h) });
  if (v.bg_color) s.backgroundColor = v.bg_color;
  s.color = v.text_color || tokens.text_color || '#000000';
  const size = v.font_size || (tokens.font_scale && tokens.font_scale.body) || 16;
  s.fontSize = px(size);
  if (v.font_weight) s.fontWeight = v.font_weight;
  if (v.font_style) s.fontStyle = v.font_style;
  if (v.text_decoration) s.textDecoration = v.text_decoration;
  if (v.text_transform) s.textTransform = v.text_transform;
  if (!isTextLike(c.type) && c.type !== 'divider' && tokens.border_radius !== undefined &&
      ['button', 'card', 'product_card', 'input', 'select', 'image'].includes(c.type))
    s.borderRadius = px(tokens.border_radius);
  return s;
}

function area(c) {
  return c.bbox[2] * c.bbox[3];
}

export function describe(c) {
  const text = c.text ? `: ${c.text}` : '';
  return `${c.type} ${c.id}${text}`;
}

// Draws `bp` into `stage`. `opts`: selected id, set of violating ids,
// onSelect(id). Returns nothing; the stage's children are replaced.
export function drawBlueprint(stage, bp, opts) {
  const tokens = bp.tokens || {};
  const vp = bp.viewport || { width: 375, height: 812 };
  const bottom = Math.max(vp.height, ...bp.components.filter((c) => !c.hidden).map((c) => c.bbox[1] + c.bbox[3]));
  stage.replaceChildren();
  stage.style.width = px(vp.width);
  stage.style.height = px(bottom);
  stage.style.backgroundColor = tokens.background_color || '#FFFFFF';
  const order = bp.components.filter((c) => !c.hidden).slice().sort((a, b) => area(b) - area(a));
  for (const c of order) {
    const el = document.createElement('div');
    el.className = `comp type-${c.type}`;
    el.dataset.id = c.id;
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', describe(c));
    el.setAttribute('aria-pressed', String(c.id === opts.selected));
    if (c.id === opts.selected) el.classList.add('selected');
    if (opts.violating && opts.violating.has(c.id)) el.classList.add('violation');
    Object.assign(el.style, styleFor(c, tokens));
    if (c.text) {
      const t = document.createElement('span');
      t.className = 'comp-text';
      t.textContent = c.text;
      el.append(t);
    }
    el.addEventListener('click', (ev) => {
      ev.stopPropagation();
      opts.onSelect(c.id);
    });
    el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        opts.onSelect(c.id);
      }
    });
    stage.append(el);
  }
}

// Reading order (top to bottom, then left to right), as the design agent counts.
export function readingOrder(components) {
  return components.slice().sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
}
