/*
 * reflow.c - the vertical positions of the working table while a step moves
 * "everything at or below a line" many times: a plural resize (each target
 * reflows the page before the next, SPEC section 2), a plural delete, the
 * button heights of autocorrect.
 *
 * Applying every shift to every component below it costs O(n) per shift and
 * records one change per shift; thousands of targets on a long page make
 * that quadratic in time and memory. Here the components are kept in order
 * of their top edge in a segment tree with lazy additions: a shift is one
 * addition over a suffix, the row of a target is a maximum of bottoms over a
 * prefix, and "the first component at or below y" is a descent, each
 * O(log n). The order stays valid because a reflow never changes the
 * vertical order of the components left on the page (a component is moved
 * up at most to the line the reflow frees, see the callers), so "at or below
 * y" is always a suffix. Positions are written back once, by
 * design_reflow_commit, so a moved component gets one change however many
 * shifts it took.
 *
 * A screen's worth of components (up to SMALL_REFLOW) is kept as plain
 * arrays in the same order, where a scan costs less than keeping a tree.
 *
 * Node values: top[k] / bottom[k] are the maxima over the live leaves under
 * node k, including the additions pending at k and below but not those of
 * its ancestors; add[k] is the addition pending at k. Removed leaves hold
 * -infinity, which no addition changes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

/* Reading order of the slots; insertion sort for a screen's worth (where
 * qsort's set-up costs more than the sort), qsort above. */
static void sort_reading(int *slots, size_t n, work_state *s) {
  if (n > 32) {
    design_sort(slots, n, sizeof *slots, design_compare_slots_reading, s);
    return;
  }
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && design_compare_slots_reading(&slots[j - 1], &slots[j], s) > 0; j--) {
      int t = slots[j];
      slots[j] = slots[j - 1];
      slots[j - 1] = t;
    }
}

#define SMALL_REFLOW 32

static void pull(design_reflow *r, size_t k) {
  r->top[k] = fmax(r->top[2 * k], r->top[2 * k + 1]) + r->add[k];
  r->bottom[k] = fmax(r->bottom[2 * k], r->bottom[2 * k + 1]) + r->add[k];
}

void design_reflow_init(design_reflow *r, work_state *s) {
  memset(r, 0, sizeof *r);
  ta_arena *a = s->arena;
  r->n = s->count;
  r->small = r->n <= SMALL_REFLOW;
  r->size = 1;
  while (!r->small && r->size < r->n) r->size *= 2;
  r->slot_at = design_alloc(a, (r->n + 1) * sizeof *r->slot_at);
  r->pos_of = design_alloc(a, (r->n + 1) * sizeof *r->pos_of);
  for (size_t i = 0; i < r->n; i++) r->slot_at[i] = (int)i;
  sort_reading(r->slot_at, r->n, s);
  r->height = design_alloc(a, (r->n + 1) * sizeof *r->height);
  size_t nodes = r->small ? r->n + 1 : 2 * r->size;
  r->top = design_alloc(a, nodes * sizeof *r->top);
  r->bottom = design_alloc(a, nodes * sizeof *r->bottom);
  if (!r->small) r->add = design_alloc_zero(a, nodes * sizeof *r->add);
  size_t base = r->small ? 0 : r->size, leaves = r->small ? r->n : r->size;
  for (size_t i = 0; i < leaves; i++) {
    double top = -INFINITY, height = 0;
    if (i < r->n) {
      const design_component *c = s->comps[r->slot_at[i]];
      r->pos_of[r->slot_at[i]] = i;
      top = c->y;
      height = c->h;
      r->height[i] = height;
    }
    r->top[base + i] = top;
    r->bottom[base + i] = top + height;
  }
  if (!r->small)
    for (size_t k = r->size - 1; k >= 1; k--) pull(r, k);
}

/* The leaf of a position (in small mode the arrays are the leaves). */
static size_t leaf(const design_reflow *r, size_t pos) { return r->small ? pos : r->size + pos; }

double design_reflow_top(const design_reflow *r, size_t pos) {
  size_t k = leaf(r, pos);
  double v = r->top[k];
  if (!r->small)
    for (k /= 2; k >= 1; k /= 2) v += r->add[k];
  return v;
}

/* Every ancestor of a changed leaf is recomputed. */
static void pull_up(design_reflow *r, size_t pos) {
  if (r->small) return;
  for (size_t k = (r->size + pos) / 2; k >= 1; k /= 2) pull(r, k);
}

void design_reflow_set_height(design_reflow *r, size_t pos, double h) {
  size_t k = leaf(r, pos);
  r->height[pos] = h;
  r->bottom[k] = r->top[k] + h;
  pull_up(r, pos);
}

void design_reflow_remove(design_reflow *r, size_t pos) {
  size_t k = leaf(r, pos);
  r->top[k] = r->bottom[k] = -INFINITY;
  pull_up(r, pos);
}

static void add_range(design_reflow *r, size_t k, size_t lo, size_t hi, size_t from, double dy) {
  if (hi <= from) return;
  if (lo >= from) {
    r->top[k] += dy;
    r->bottom[k] += dy;
    r->add[k] += dy;
    return;
  }
  size_t mid = lo + (hi - lo) / 2;
  add_range(r, 2 * k, lo, mid, from, dy);
  add_range(r, 2 * k + 1, mid, hi, from, dy);
  pull(r, k);
}

void design_reflow_shift(design_reflow *r, size_t from, double dy) {
  if (dy == 0 || from >= r->n) return;
  if (!r->small) {
    add_range(r, 1, 0, r->size, from, dy);
    return;
  }
  for (size_t i = from; i < r->n; i++) {
    r->top[i] += dy;
    r->bottom[i] += dy;
  }
}

size_t design_reflow_first_at_or_below(const design_reflow *r, double y) {
  if (r->small) {
    for (size_t i = 0; i < r->n; i++)
      if (r->top[i] >= y) return i;
    return r->n;
  }
  size_t k = 1, lo = 0, hi = r->size;
  double above = 0; /* additions pending at the ancestors of k */
  if (r->top[1] < y) return r->n;
  while (hi - lo > 1) {
    above += r->add[k];
    size_t mid = lo + (hi - lo) / 2;
    if (r->top[2 * k] + above >= y) { k = 2 * k; hi = mid; }
    else { k = 2 * k + 1; lo = mid; }
  }
  return lo < r->n ? lo : r->n;
}

static double max_bottom(const design_reflow *r, size_t k, size_t lo, size_t hi, size_t from, size_t to) {
  if (to <= lo || hi <= from) return -INFINITY;
  if (from <= lo && hi <= to) return r->bottom[k];
  size_t mid = lo + (hi - lo) / 2;
  return fmax(max_bottom(r, 2 * k, lo, mid, from, to), max_bottom(r, 2 * k + 1, mid, hi, from, to)) + r->add[k];
}

double design_reflow_max_bottom(const design_reflow *r, size_t from, size_t to) {
  if (from >= to) return -INFINITY;
  if (!r->small) return max_bottom(r, 1, 0, r->size, from, to);
  double best = -INFINITY;
  for (size_t i = from; i < to && i < r->n; i++)
    if (r->bottom[i] > best) best = r->bottom[i];
  return best;
}

static void commit_top(const design_reflow *r, work_state *s, step_result *res, size_t pos, double y) {
  if (y == -INFINITY) return; /* removed */
  size_t slot = (size_t)r->slot_at[pos];
  if (y != s->comps[slot]->y) design_comp_set_bbox(s, slot, 1, y, res);
}

/* Every top in one walk of the tree, the pending additions summed on the
 * way down: O(n), not a walk up from each leaf. */
static void commit_range(const design_reflow *r, work_state *s, step_result *res, size_t k, size_t lo, size_t hi,
                         double above) {
  if (lo >= r->n) return;
  if (hi - lo == 1) {
    commit_top(r, s, res, lo, r->top[k] + above);
    return;
  }
  size_t mid = lo + (hi - lo) / 2;
  commit_range(r, s, res, 2 * k, lo, mid, above + r->add[k]);
  commit_range(r, s, res, 2 * k + 1, mid, hi, above + r->add[k]);
}

void design_reflow_commit(const design_reflow *r, work_state *s, step_result *res) {
  if (r->small) {
    for (size_t pos = 0; pos < r->n; pos++) commit_top(r, s, res, pos, r->top[pos]);
    return;
  }
  commit_range(r, s, res, 1, 0, r->size, 0);
}
