/*
 * scorers.c - partial-credit scorers for one program output against the
 * expected grid of a demo pair (see battery.h and docs/BATTERY.md).
 *
 * Every scorer is a number in [0, 1] that is 1 for an exact match, so the
 * mean over a task's pairs is 1 everywhere exactly when the task is solved.
 * They work on plain colour arrays so that the store and the tests can use
 * them without an arena.
 */
#include <string.h>

#include "tessera/battery.h"

static const char *const scorer_names[ARC_SCORER_COUNT] = {"exact", "cells", "shape", "palette",
                                                          "counts"};

const char *arc_scorer_name(arc_scorer s) {
  return (unsigned)s < ARC_SCORER_COUNT ? scorer_names[s] : "unknown";
}

/* Colour histogram of a grid; colours above 255 cannot occur (bytes). */
static void histogram(const uint8_t *cells, size_t n, size_t counts[256]) {
  memset(counts, 0, 256 * sizeof counts[0]);
  for (size_t k = 0; k < n; k++) counts[cells[k]]++;
}

static double palette_jaccard(const size_t a[256], const size_t b[256]) {
  size_t both = 0, either = 0;
  for (int c = 0; c < 256; c++) {
    both += a[c] && b[c];
    either += a[c] || b[c];
  }
  return either ? (double)both / (double)either : 1.0;
}

static double count_overlap(const size_t a[256], const size_t b[256], size_t na, size_t nb) {
  size_t common = 0;
  for (int c = 0; c < 256; c++) common += a[c] < b[c] ? a[c] : b[c];
  size_t larger = na > nb ? na : nb;
  return larger ? (double)common / (double)larger : 1.0;
}

void arc_score_pair(int out_h, int out_w, const uint8_t *out_cells, int exp_h, int exp_w,
                   const uint8_t *exp_cells, double scores[ARC_SCORER_COUNT]) {
  for (int s = 0; s < ARC_SCORER_COUNT; s++) scores[s] = 0.0;
  size_t n_out = (size_t)out_h * (size_t)out_w, n_exp = (size_t)exp_h * (size_t)exp_w;
  if (out_h <= 0 || !exp_cells || exp_h <= 0 || (n_out && !out_cells)) return;
  bool same_shape = out_h == exp_h && out_w == exp_w;
  size_t equal = 0;
  if (same_shape)
    for (size_t k = 0; k < n_out; k++) equal += out_cells[k] == exp_cells[k];
  size_t out_counts[256], exp_counts[256];
  histogram(out_cells, n_out, out_counts);
  histogram(exp_cells, n_exp, exp_counts);
  scores[ARC_SCORE_SHAPE] = same_shape ? 1.0 : 0.0;
  scores[ARC_SCORE_CELLS] = same_shape ? (n_out ? (double)equal / (double)n_out : 1.0) : 0.0;
  scores[ARC_SCORE_EXACT] = same_shape && equal == n_out ? 1.0 : 0.0;
  scores[ARC_SCORE_PALETTE] = palette_jaccard(out_counts, exp_counts);
  scores[ARC_SCORE_COUNTS] = count_overlap(out_counts, exp_counts, n_out, n_exp);
}

double arc_combined_score(const double scores[ARC_SCORER_COUNT]) {
  double partial = (scores[ARC_SCORE_CELLS] + scores[ARC_SCORE_SHAPE] + scores[ARC_SCORE_PALETTE] +
                    scores[ARC_SCORE_COUNTS]) /
                   4.0;
  if (scores[ARC_SCORE_EXACT] >= 1.0) return 1.0;
  return 0.9 * scores[ARC_SCORE_EXACT] + 0.1 * partial;
}
