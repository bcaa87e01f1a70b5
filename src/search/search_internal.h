/*
 * search_internal.h - the contracts between the parts of the search layer.
 *
 * Each part lives in its own file and talks to the others only through the
 * types below:
 *   analysis.c   ts_analyse         facts about a task (colours, D8 map, ...)
 *   size.c       ts_predict_sizes   output-size prediction
 *   compose.c    ts_compose         greedy cover of demo outputs by pieces
 *   normalise.c  ts_normalise_*     colour normalisation and its inverse
 *   enumerate.c  the bottom-up enumerator (node pool, vocabulary, dedup)
 *   emit.c       arc-dsl text of a node
 *   solve.c      ts_solve: the pipeline of search.h
 *
 * Values. Every part receives the examples of one task as grids: demo
 * inputs first, then test inputs (ts_examples). All values are tv_val of the
 * grid layer; new values are built in the tv_ctx passed in (its arena and its
 * work budget). A part that runs out of budget or memory returns what it has
 * and says so; nothing here aborts.
 */
#ifndef TESSERA_SEARCH_INTERNAL_H
#define TESSERA_SEARCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/search.h"
#include "tessera/value.h"

/* The examples of one task: in[0..n_demo) are demo inputs with outputs
 * out[0..n_demo); in[n_demo..n) are test inputs (out[] unused there). */
typedef struct ts_examples {
  size_t n_demo, n;
  tv_val in[TS_MAX_EXAMPLES];
  tv_val out[TS_MAX_EXAMPLES];
} ts_examples;

/* ---- analysis.c ------------------------------------------------------------ */

typedef struct ts_analysis {
  int bg;                     /* background colour: most common over all inputs */
  uint16_t in_colours;        /* bit c: colour c occurs in some input */
  uint16_t out_colours;       /* bit c: colour c occurs in some demo output */
  uint16_t all_in_colours;    /* bit c: colour c occurs in every input */
  uint16_t appear;            /* in some output, in no demo input (c_zo) */
  uint16_t disappear;         /* in demo inputs, in no demo output (c_iz) */
  bool same_shape;            /* every demo output has its input's shape */
  int d8;                     /* rigid map 0..7 that turns every demo input into
                                 its output (0 identity, 1 rot90, 2 rot180,
                                 3 rot270, 4 hmirror, 5 vmirror, 6 dmirror,
                                 7 cmirror), or -1 */
  int n_colours_task;         /* popcount(in_colours | out_colours) */
} ts_analysis;

void ts_analyse(const ts_examples *ex, ts_analysis *out);

/* ---- size.c ------------------------------------------------------------------ */

/* A predicted output size for every example (demos included, so callers can
 * see it is right on them) with the rule's text for --explain. */
#define TS_MAX_SIZE_GUESSES 4
#define TS_SIZE_EXPR_CAP 1024
typedef struct ts_size_guess {
  int h[TS_MAX_EXAMPLES], w[TS_MAX_EXAMPLES]; /* per example */
  size_t demos_right;                         /* demos whose output has it */
  char rule[64];                              /* "input", "(3, 3)", else expr (shortened
                                                 with "..." to fit) */
  /* An arc-dsl expression over I giving (h, w) as a pair on every example,
   * e.g. "shape(I)", "multiply(shape(I), THREE)", "astuple(THREE, THREE)",
   * "shape(crop_content(I, ZERO))"; it may call extension primitives, so a
   * program using it needs "from tessera_ext import *". Empty when the rule
   * has no arc-dsl form. */
  char expr[TS_SIZE_EXPR_CAP];
} ts_size_guess;

typedef struct ts_sizes {
  size_t n;                           /* guesses, best first (0: none) */
  ts_size_guess guess[TS_MAX_SIZE_GUESSES];
} ts_sizes;

/* Predicts output sizes from the input sizes, sizes of objects and colour
 * regions, constants and simple arithmetic; guesses right on every demo come
 * first. Uses ctx for scratch values and charges its work. */
void ts_predict_sizes(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an,
                      ts_sizes *out);
/* Copies g->expr into buf (truncated to cap - 1 bytes, NUL-terminated when
 * cap > 0) and returns its full length; 0 when the guess has no arc-dsl form. */
size_t ts_size_expr(const ts_size_guess *g, char *buf, size_t cap);

/* ---- compose.c --------------------------------------------------------------- */

/* A piece: a candidate whose value has the target size on every demo (and
 * the predicted size on the tests). vals[k] for k < ex->n. */
typedef struct ts_piece {
  const tv_val *vals; /* ex->n grids */
  uint32_t id;        /* caller's id (a node id), reported back */
  uint32_t cost;
} ts_piece;

/* The composition found: answer = overlay of pieces in order, each piece
 * painting its non-`transparent` cells over the previous ones (the first
 * piece paints every cell).
 *
 * As arc-dsl text (what the engine emits; ts_compose_apply computes exactly
 * this, calling the `overlay` extension primitive itself): with L0..Lk the
 * expressions of layer[0..n_layers) and t the integer `transparent`,
 *     from tessera_ext import *
 *     def solve(I):
 *         x1 = overlay(L0, L1, t)
 *         x2 = overlay(x1, L2, t)
 *         ...
 *         O = overlay(x(k-1), Lk, t)
 *         return O
 * i.e. overlay(...overlay(overlay(L0, L1, t), L2, t)..., Lk, t); overlay's
 * argument order is (base, top, bg): `top` painted over `base` where `top`
 * is not bg. One layer is just L0 (no overlay). An error of a layer on an
 * example is the program's error there, as for the text. */
#define TS_MAX_LAYERS 10
typedef struct ts_composition {
  size_t n_layers;
  uint32_t layer[TS_MAX_LAYERS]; /* piece ids, first painted first */
  int transparent;               /* colour that later layers do not paint */
  size_t cells_right, cells_total; /* over all demo outputs */
  /* Layer forms (additive, s-compose2): recolour[l] == 0 is the piece as
   * is; recolour[l] == c + 1 is the piece's non-`transparent` cells painted
   * colour c (icecuber's colShape), i.e. layer expression Ll is
   *     recolor_fg(Pl, c, t)
   * with Pl the piece's expression (one extra statement in the text). A
   * zeroed composition has every layer as is. */
  uint8_t recolour[TS_MAX_LAYERS];
} ts_composition;

/* Greedy cover over bitsets of demo output cells: picks layers so that the
 * overlay is right on as many demo cells as possible, preferring pieces that
 * cover many still-wrong cells and break none. Returns true and fills *out
 * when the overlay is right on every demo cell; false otherwise (*out then
 * holds the best partial composition, n_layers 0 when there is none).
 * Cost grows linearly with the number of pieces times the demo cells
 * (bitsets), never quadratically in pieces; work is charged to ctx and a
 * spent budget stops it with what it has (compose.c: the greedy from the top
 * layer down, transparent colours bg, 0, then common output colours (three),
 * recoloured forms, per-demo focus runs). Pieces
 * whose demo values are not grids of the outputs' shapes are ignored.
 * Scratch memory is malloc'd and freed before returning. */
bool ts_compose(tv_ctx *ctx, const ts_examples *ex, const ts_piece *pieces, size_t n_pieces,
                int bg, ts_composition *out);

/* The same search, keeping up to `cap` distinct compositions (additive,
 * s-compose2): out[0] is what ts_compose gives; then the other runs'
 * compositions right on every demo (a second attempt), then compositions
 * right on every demo but one (each demo left out in turn: icecuber's demo
 * subsets), best first. Returns how many were written; *solved is whether
 * out[0] is right everywhere. */
size_t ts_compose_many(tv_ctx *ctx, const ts_examples *ex, const ts_piece *pieces,
                       size_t n_pieces, int bg, ts_composition *out, size_t cap, bool *solved);

/* Builds the composed value on every example (out[k] for k < ex->n), in
 * ctx's arena; layers are found among pieces[] by id. Values are what the
 * text above gives: the overlay primitive's result or error. */
void ts_compose_apply(tv_ctx *ctx, const ts_examples *ex, const ts_piece *pieces,
                      size_t n_pieces, const ts_composition *c, tv_val *out);

/* ---- normalise.c -------------------------------------------------------------- */

/* Colour normalisation as in prims_ext_colour.c: map[k] = role_map(in[k],
 * keep, order) for every example; the examples are rewritten with
 * permute_colors(., map[k]) (outputs with their input's map). Returns false
 * when normalising changes nothing or fails (budget, memory). */
typedef struct ts_normalisation {
  int keep;                      /* bitmask of colours kept (role_map's keep) */
  int order;                     /* role_map's order */
  tv_val map[TS_MAX_EXAMPLES];   /* per example */
  tv_val inverse[TS_MAX_EXAMPLES];
} ts_normalisation;

bool ts_normalise(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an, int order,
                  ts_normalisation *norm, ts_examples *out);
/* Undoes the normalisation of example k on a value (grids; others as is). */
tv_val ts_denormalise(tv_ctx *ctx, const ts_normalisation *norm, size_t k, tv_val v);

#endif
