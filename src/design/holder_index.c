/*
 * holder_index.c - which filled box wholly holds a given box, for the
 * studio's under-colours and outlines (render_layout.c; studio_internal.h).
 *
 * Scanning every earlier box for every box is quadratic on a long page
 * (20,000 components: 2e8 containment tests). The candidate boxes are kept
 * sorted by top edge under a tree (heap layout) of each range's maximum
 * bottom, minimum left and maximum right edge, so a query visits only
 * ranges that may hold a box starting at or above it, ending at or below it
 * and spanning it sideways: O((k + 1) log m) for k candidates passing those
 * tests, which on a real page is the nesting depth; piles shifted only
 * sideways are cut off by the side edges. A pile of boxes spanning one
 * another every way (k close to m for every query) is still quadratic;
 * every visited node is counted and
 * the caller stops at a budget (`work`), so such a pile is refused with a
 * clear message instead of running for minutes.
 *
 * The answer is the same as the scan it replaces: among candidates earlier
 * in paint order (`pos` smaller) that hold the box, the smallest by area,
 * and of equal areas the latest in paint order.
 */
#include <math.h>
#include <stdlib.h>

#include "design/studio_internal.h"
#include "tessera/fault.h"

static int by_top(const void *pa, const void *pb) {
  const holder_box *a = pa, *b = pb;
  if (a->y != b->y) return a->y < b->y ? -1 : 1;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

bool design_holder_index_init(holder_index *x, holder_box *boxes, size_t count) {
  x->boxes = boxes;
  x->count = count;
  x->size = 1;
  x->work = 0;
  x->max_bottom = x->min_left = x->max_right = NULL;
  qsort(boxes, count, sizeof *boxes, by_top);
  while (x->size < count) x->size *= 2;
  x->max_bottom = tc_malloc(2 * x->size * sizeof *x->max_bottom);
  x->min_left = tc_malloc(2 * x->size * sizeof *x->min_left);
  x->max_right = tc_malloc(2 * x->size * sizeof *x->max_right);
  if (!x->max_bottom || !x->min_left || !x->max_right) {
    design_holder_index_free(x);
    return false;
  }
  for (size_t i = 0; i < x->size; i++) {
    x->max_bottom[x->size + i] = i < count ? boxes[i].bottom : -INFINITY;
    x->min_left[x->size + i] = i < count ? boxes[i].x : INFINITY;
    x->max_right[x->size + i] = i < count ? boxes[i].right : -INFINITY;
  }
  for (size_t k = x->size - 1; k >= 1; k--) {
    x->max_bottom[k] = fmax(x->max_bottom[2 * k], x->max_bottom[2 * k + 1]);
    x->min_left[k] = fmin(x->min_left[2 * k], x->min_left[2 * k + 1]);
    x->max_right[k] = fmax(x->max_right[2 * k], x->max_right[2 * k + 1]);
  }
  return true;
}

void design_holder_index_free(holder_index *x) {
  free(x->max_bottom);
  free(x->min_left);
  free(x->max_right);
  x->max_bottom = x->min_left = x->max_right = NULL;
}

typedef struct query {
  double x, y, right, bottom;
  size_t before;
  const holder_box *best;
} query;

static bool better(const holder_box *b, const holder_box *best) {
  return !best || b->area < best->area || (b->area == best->area && b->pos > best->pos);
}

static void visit(holder_index *x, size_t node, size_t lo, size_t hi, size_t limit, query *q) {
  x->work++;
  if (lo >= limit || x->max_bottom[node] < q->bottom || x->min_left[node] > q->x || x->max_right[node] < q->right)
    return;
  if (hi - lo == 1) {
    const holder_box *b = &x->boxes[lo];
    if (b->pos < q->before && b->x <= q->x && b->right >= q->right && better(b, q->best)) q->best = b;
    return;
  }
  size_t mid = lo + (hi - lo) / 2;
  visit(x, 2 * node, lo, mid, limit, q);
  visit(x, 2 * node + 1, mid, hi, limit, q);
}

const holder_box *design_holder_index_find(holder_index *x, double bx, double by, double bw, double bh, size_t before) {
  size_t lo = 0, hi = x->count; /* candidates starting at or above the box: [0, lo) */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x->boxes[mid].y <= by) lo = mid + 1;
    else hi = mid;
  }
  query q = {bx, by, bx + bw, by + bh, before, NULL};
  if (lo) visit(x, 1, 0, x->size, lo, &q);
  return q.best;
}
