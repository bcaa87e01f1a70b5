/*
 * analysis.c - facts about one task that the rest of the search uses to
 * choose constants and shortcuts (ts_analyse, search_internal.h).
 *
 * Everything is read straight from the grid bytes of the examples: colour
 * counts over all inputs (demo and test, so the background and the colours
 * "in every input" are the same for the program on every example), palettes
 * of the demo outputs, and the one rigid map (of the 8 of D8) that turns
 * every demo input into its output, if there is one. Nothing is allocated
 * and no work is charged: the cost is one pass over the cells of every
 * example plus at most 8 passes over each demo output.
 */
#include <string.h>

#include "search/search_internal.h"

/* Colours 0..9 only: grids of ARC tasks hold nothing else, and the bit masks
 * of ts_analysis are 16 bits wide. Other byte values are ignored. */
static uint16_t palette_of(tv_val g, uint64_t *counts) {
  uint16_t mask = 0;
  if (!tv_is_grid(g)) return 0;
  const uint8_t *c = tv_grid_cells(g);
  size_t n = (size_t)tv_grid_h(g) * (size_t)tv_grid_w(g);
  for (size_t k = 0; k < n; k++) {
    int col = tv_byte_colour(c[k]);
    if (col < 0 || col > 9) continue;
    mask |= (uint16_t)(1u << col);
    if (counts) counts[col]++;
  }
  return mask;
}

/* Cell (i, j) of rigid map m applied to grid a, for an output of shape
 * (oh, ow); m numbered as in ts_analysis.d8. */
static void d8_source(int m, int h, int w, int i, int j, int *si, int *sj) {
  switch (m) {
    case 0: *si = i; *sj = j; break;                 /* identity */
    case 1: *si = h - 1 - j; *sj = i; break;         /* rot90 (clockwise) */
    case 2: *si = h - 1 - i; *sj = w - 1 - j; break; /* rot180 */
    case 3: *si = j; *sj = w - 1 - i; break;         /* rot270 */
    case 4: *si = h - 1 - i; *sj = j; break;         /* hmirror: upside down */
    case 5: *si = i; *sj = w - 1 - j; break;         /* vmirror: left-right */
    case 6: *si = j; *sj = i; break;                 /* dmirror: transpose */
    default: *si = h - 1 - j; *sj = w - 1 - i; break; /* cmirror: anti-transpose */
  }
}

/* Whether rigid map m turns grid a into grid b. */
static bool d8_maps(int m, tv_val a, tv_val b) {
  int h = tv_grid_h(a), w = tv_grid_w(a);
  bool swap = m == 1 || m == 3 || m == 6 || m == 7;
  int oh = swap ? w : h, ow = swap ? h : w;
  if (tv_grid_h(b) != oh || tv_grid_w(b) != ow) return false;
  const uint8_t *ac = tv_grid_cells(a), *bc = tv_grid_cells(b);
  for (int i = 0; i < oh; i++)
    for (int j = 0; j < ow; j++) {
      int si, sj;
      d8_source(m, h, w, i, j, &si, &sj);
      if (bc[(size_t)i * (size_t)ow + (size_t)j] != ac[(size_t)si * (size_t)w + (size_t)sj])
        return false;
    }
  return true;
}

void ts_analyse(const ts_examples *ex, ts_analysis *out) {
  memset(out, 0, sizeof *out);
  uint64_t counts[10] = {0};
  uint16_t demo_in = 0;
  out->all_in_colours = 0x3FF;
  out->same_shape = ex->n_demo > 0;
  for (size_t k = 0; k < ex->n; k++) {
    uint16_t p = palette_of(ex->in[k], counts);
    out->in_colours |= p;
    out->all_in_colours &= p;
    if (k < ex->n_demo) demo_in |= p;
  }
  if (ex->n == 0) out->all_in_colours = 0;
  for (size_t k = 0; k < ex->n_demo; k++) {
    out->out_colours |= palette_of(ex->out[k], NULL);
    tv_val a = ex->in[k], b = ex->out[k];
    if (!tv_is_grid(a) || !tv_is_grid(b) || tv_grid_h(a) != tv_grid_h(b) ||
        tv_grid_w(a) != tv_grid_w(b))
      out->same_shape = false;
  }
  /* Most common input colour; ties to the smaller colour (as the
   * extension primitives break ties). */
  out->bg = 0;
  for (int c = 1; c < 10; c++)
    if (counts[c] > counts[out->bg]) out->bg = c;
  out->appear = (uint16_t)(out->out_colours & ~demo_in);
  out->disappear = (uint16_t)(demo_in & ~out->out_colours);
  out->n_colours_task = __builtin_popcount((unsigned)(out->in_colours | out->out_colours));
  out->d8 = -1;
  if (ex->n_demo == 0) return;
  for (int m = 0; m < 8 && out->d8 < 0; m++) {
    bool all = true;
    for (size_t k = 0; k < ex->n_demo && all; k++)
      all = tv_is_grid(ex->in[k]) && tv_is_grid(ex->out[k]) && d8_maps(m, ex->in[k], ex->out[k]);
    if (all) out->d8 = m;
  }
}
