/*
 * label.c - connected components in two raster passes of union-find
 * (label.h). The first pass links each cell to the neighbours already
 * visited (left, above, and the two upper diagonals when asked), keeping
 * the smallest cell index as every root; the second numbers the roots in
 * reading order and gives each cell its root's label.
 */
#include "tessera/label.h"

/* Root of k's component, halving the path on the way. */
static inline uint32_t component_root(uint32_t *parent, uint32_t k) {
  while (parent[k] != k) {
    parent[k] = parent[parent[k]];
    k = parent[k];
  }
  return k;
}

/* Joins two components; the root is always the smallest cell index. */
static inline void join_components(uint32_t *parent, uint32_t a, uint32_t b) {
  uint32_t ra = component_root(parent, a), rb = component_root(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/* Labels connected components in two raster passes (union-find). A cell is
 * linked to the neighbours already visited (left, above, and the two upper
 * diagonals when `diagonal`) when both belong to objects: same colour
 * (univalued) or neither is background; bg < 0 means there is no
 * background. Labels are numbered by each component's first cell in reading
 * order, the order in which a flood fill from every unlabelled cell would
 * find them. `parent` is scratch of h * w entries. */
size_t tc_label_components(const uint8_t *cells, int h, int w, bool univalued, bool diagonal, int bg,
                           uint32_t *labels, uint32_t *parent) {
  size_t nlabels = 0;
  for (int i = 0; i < h; i++) {
    const uint8_t *row = cells + (size_t)i * (size_t)w, *above = row - w;
    uint32_t base = (uint32_t)i * (uint32_t)w;
    for (int j = 0; j < w; j++) {
      uint32_t k = base + (uint32_t)j;
      int c = row[j];
      parent[k] = k;
      if (c == bg) continue;
#define LINK(cond, colour, other)                                                    \
  do {                                                                               \
    if ((cond) && (univalued ? (colour) == c : (colour) != bg)) join_components(parent, k, other); \
  } while (0)
      LINK(j > 0, row[j - 1], k - 1);
      if (i > 0) {
        LINK(true, above[j], k - (uint32_t)w);
        if (diagonal) {
          LINK(j > 0, above[j - 1], k - (uint32_t)w - 1);
          LINK(j + 1 < w, above[j + 1], k - (uint32_t)w + 1);
        }
      }
#undef LINK
    }
  }
  size_t n = (size_t)h * (size_t)w;
  for (uint32_t k = 0; k < n; k++) {
    if (cells[k] == bg) {
      labels[k] = 0;
      continue;
    }
    uint32_t root = component_root(parent, k);
    labels[k] = root == k ? (uint32_t)++nlabels : labels[root];
  }
  return nlabels;
}

