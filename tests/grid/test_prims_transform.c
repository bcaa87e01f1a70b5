/*
 * test_prims_transform.c - the transform primitives (tv_prims_transform).
 *
 * Expected values are the results of the Python arc-dsl functions of the
 * same name, written out by hand; sets are written in our canonical order
 * (pairs by (i, j), cells by (i, j, colour)). Inputs are built from short
 * strings: grids "012/345", pair sets "0 0, 1 2", cell sets "3 0 0, 4 1 2"
 * (colour, i, j).
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

#define SETUP                          \
  ta_arena arena_;                     \
  tv_ctx ctx_;                         \
  ta_arena_init(&arena_, 1 << 16);     \
  tv_ctx_init(&ctx_, &arena_, 0);      \
  tv_ctx *ctx = &ctx_
#define TEARDOWN ta_arena_free(&arena_)

/* Grid from rows of digits separated by '/'; "" is the empty tuple. */
static tv_val grid_from_rows(tv_ctx *ctx, const char *rows) {
  if (!*rows) return TV_EMPTY_TUPLE;
  int h = 1, w = 0;
  for (const char *s = rows; *s; s++) h += *s == '/';
  while (rows[w] && rows[w] != '/') w++;
  tv_val g = tv_grid_new(ctx, h, w);
  uint8_t *cells = tv_grid_cells(g);
  for (const char *s = rows; *s; s++)
    if (*s != '/') *cells++ = (uint8_t)(*s - '0');
  return tv_grid_seal(g);
}

/* Reads up to `max` integers (signed) from s. */
static int read_ints(const char *s, long *out, int max) {
  int n = 0;
  char *end;
  while (*s && n < max) {
    long v = strtol(s, &end, 10);
    if (end == s) {
      s++;
      continue;
    }
    out[n++] = v;
    s = end;
  }
  return n;
}

/* Set of index pairs "i j, i j, ...". */
static tv_val pairs(tv_ctx *ctx, const char *text) {
  long v[256];
  int n = read_ints(text, v, 256);
  tv_val items[128];
  for (int k = 0; k + 1 < n; k += 2) items[k / 2] = tv_pair(ctx, v[k], v[k + 1]);
  return tv_set(ctx, (size_t)n / 2, items);
}

/* Set of cells "colour i j, ...". */
static tv_val cells(tv_ctx *ctx, const char *text) {
  long v[384];
  int n = read_ints(text, v, 384);
  tv_val items[128];
  for (int k = 0; k + 2 < n; k += 3) items[k / 3] = tv_cell(ctx, v[k], v[k + 1], v[k + 2]);
  return tv_set(ctx, (size_t)n / 3, items);
}

static const tv_prim *prim(const char *name) {
  for (const tv_prim *p = tv_prims_transform; p->name; p++)
    if (strcmp(p->name, name) == 0) return p;
  return NULL;
}

/* Calls a transform primitive directly (arguments beyond its arity are ignored). */
static tv_val call3(tv_ctx *ctx, const char *name, tv_val a, tv_val b, tv_val c) {
  const tv_prim *p = prim(name);
  if (!p) return tv_error(ctx, "no primitive %s", name);
  tv_val args[3] = {a, b, c};
  return p->fn(ctx, args);
}
#define call1(ctx, name, a) call3(ctx, name, a, 0, 0)
#define call2(ctx, name, a, b) call3(ctx, name, a, b, 0)

/* repr of a primitive's result, e.g. R1("rot90", g). */
#define R1(name, a) tv_repr(ctx, call1(ctx, name, a))
#define R2(name, a, b) tv_repr(ctx, call2(ctx, name, a, b))
#define R3(name, a, b, c) tv_repr(ctx, call3(ctx, name, a, b, c))
#define G(rows) grid_from_rows(ctx, rows)
#define P(text) pairs(ctx, text)
#define O(text) cells(ctx, text)
#define I(n) tv_int(n)
#define PAIR(a, b) tv_pair(ctx, a, b)
#define IS_ERROR(v) tv_is_error(v)

TEST(transform_table_is_complete_and_in_order) {
  static const char *names[] = {
      "rot90", "rot180", "rot270", "hmirror", "vmirror", "dmirror", "cmirror", "fill", "paint",
      "underfill", "underpaint", "hupscale", "vupscale", "upscale", "downscale", "hconcat",
      "vconcat", "subgrid", "hsplit", "vsplit", "cellwise", "replace", "switch", "center",
      "position", "index", "canvas", "corners", "connect", "cover", "trim", "move", "tophalf",
      "bottomhalf", "lefthalf", "righthalf", "vfrontier", "hfrontier", "backdrop", "delta",
      "gravitate", "inbox", "outbox", "box", "shoot", "occurrences", "frontiers", "compress",
      "hperiod", "vperiod"};
  size_t n = sizeof names / sizeof *names;
  CHECK_INT(n, 50);
  for (size_t k = 0; k < n; k++) {
    CHECK_STR(tv_prims_transform[k].name, names[k]);
    CHECK(tv_prims_transform[k].fn != NULL);
    CHECK(tv_prims_transform[k].arity >= 1 && tv_prims_transform[k].arity <= 3);
  }
  CHECK(tv_prims_transform[n].name == NULL);
}

/* ---- rotations and mirrors ----------------------------------------------- */

TEST(transform_rotations) {
  SETUP;
  tv_val g = G("012/345");
  CHECK_STR(R1("rot90", g), "((3, 0), (4, 1), (5, 2))");
  CHECK_STR(R1("rot180", g), "((5, 4, 3), (2, 1, 0))");
  CHECK_STR(R1("rot270", g), "((2, 5), (1, 4), (0, 3))");
  CHECK_STR(R1("rot90", G("")), "()");
  CHECK_STR(R1("rot270", G("")), "()");
  /* zip(*rows) of empty rows is (), but rot180 keeps the empty rows */
  tv_val empty_rows = tv_grid_seal(tv_grid_new(ctx, 2, 0));
  CHECK_STR(R1("rot90", empty_rows), "()");
  CHECK_STR(R1("rot180", empty_rows), "((), ())");
  CHECK(IS_ERROR(call1(ctx, "rot90", P("0 0"))));
  CHECK(IS_ERROR(call1(ctx, "rot90", I(3))));
  TEARDOWN;
}

TEST(transform_rotation_properties) {
  SETUP;
  tv_val g = G("0123/4567/8901");
  tv_val r = g;
  for (int k = 0; k < 4; k++) r = call1(ctx, "rot90", r);
  CHECK(tv_eq(r, g));
  CHECK(tv_eq(call1(ctx, "rot180", g), call1(ctx, "rot90", call1(ctx, "rot90", g))));
  CHECK(tv_eq(call1(ctx, "rot270", g), call1(ctx, "rot90", call1(ctx, "rot180", g))));
  CHECK(tv_eq(call1(ctx, "hmirror", call1(ctx, "hmirror", g)), g));
  CHECK(tv_eq(call1(ctx, "vmirror", call1(ctx, "vmirror", g)), g));
  CHECK(tv_eq(call1(ctx, "dmirror", call1(ctx, "dmirror", g)), g));
  CHECK(tv_eq(call1(ctx, "cmirror", call1(ctx, "cmirror", g)), g));
  /* cmirror is a vertical, diagonal, vertical mirror, on grids and patches */
  tv_val o = O("7 1 2, 8 2 4, 9 3 3");
  tv_val vdv = call1(ctx, "vmirror", call1(ctx, "dmirror", call1(ctx, "vmirror", o)));
  CHECK(tv_eq(call1(ctx, "cmirror", o), vdv));
  tv_val gvdv = call1(ctx, "vmirror", call1(ctx, "dmirror", call1(ctx, "vmirror", g)));
  CHECK(tv_eq(call1(ctx, "cmirror", g), gvdv));
  TEARDOWN;
}

TEST(transform_mirrors_of_grids_and_tuples) {
  SETUP;
  tv_val g = G("012/345");
  CHECK_STR(R1("hmirror", g), "((3, 4, 5), (0, 1, 2))");
  CHECK_STR(R1("vmirror", g), "((2, 1, 0), (5, 4, 3))");
  CHECK_STR(R1("dmirror", g), "((0, 3), (1, 4), (2, 5))");
  CHECK_STR(R1("cmirror", g), "((5, 2), (4, 1), (3, 0))");
  /* hmirror reverses any tuple; vmirror needs rows */
  CHECK_STR(R1("hmirror", PAIR(1, 2)), "(2, 1)");
  CHECK_STR(R1("hmirror", tv_cell(ctx, 3, 1, 2)), "((1, 2), 3)");
  CHECK_STR(R1("hmirror", G("")), "()");
  CHECK(IS_ERROR(call1(ctx, "vmirror", PAIR(1, 2))));
  /* a tuple of tuples holding a non-colour is mirrored like a grid */
  tv_val row_a[2] = {I(-1), I(2)}, row_b[2] = {I(3), I(300)};
  tv_val rows[2] = {tv_tuple(ctx, 2, row_a), tv_tuple(ctx, 2, row_b)};
  tv_val odd = tv_tuple(ctx, 2, rows);
  CHECK_STR(R1("vmirror", odd), "((2, -1), (300, 3))");
  CHECK_STR(R1("dmirror", odd), "((-1, 3), (2, 300))");
  TEARDOWN;
}

TEST(transform_mirrors_of_patches) {
  SETUP;
  CHECK_STR(R1("hmirror", P("0 0, 1 2, 3 1")), "frozenset({(0, 1), (2, 2), (3, 0)})");
  CHECK_STR(R1("hmirror", O("5 0 0, 6 2 1")), "frozenset({(5, (2, 0)), (6, (0, 1))})");
  CHECK_STR(R1("vmirror", P("0 0, 1 2, 3 1")), "frozenset({(0, 2), (1, 0), (3, 1)})");
  CHECK_STR(R1("vmirror", O("5 0 1, 6 2 3")), "frozenset({(5, (0, 3)), (6, (2, 1))})");
  CHECK_STR(R1("dmirror", P("1 2, 1 3, 2 5")), "frozenset({(1, 2), (2, 2), (4, 3)})");
  CHECK_STR(R1("dmirror", O("7 1 2, 8 2 4")), "frozenset({(7, (1, 2)), (8, (3, 3))})");
  CHECK_STR(R1("cmirror", P("1 2, 1 3, 2 5")), "frozenset({(1, 2), (3, 3), (4, 3)})");
  CHECK_STR(R1("cmirror", O("7 1 2, 8 2 4, 9 3 3")),
            "frozenset({(7, (3, 4)), (8, (1, 3)), (9, (2, 2))})");
  /* ulcorner of an empty patch has no [0]: Python raises */
  CHECK(IS_ERROR(call1(ctx, "hmirror", TV_EMPTY_SET)));
  CHECK(IS_ERROR(call1(ctx, "dmirror", TV_EMPTY_SET)));
  tv_val mixed_items[2] = {tv_pair(ctx, 0, 0), tv_cell(ctx, 1, 2, 2)};
  CHECK(IS_ERROR(call1(ctx, "vmirror", tv_set(ctx, 2, mixed_items))));
  /* a mirror keeps the bounding box */
  tv_val o = O("1 -2 3, 2 0 5, 3 4 4");
  CHECK(tv_eq(call1(ctx, "hmirror", call1(ctx, "hmirror", o)), o));
  TEARDOWN;
}

/* ---- painting ------------------------------------------------------------ */

TEST(transform_fill) {
  SETUP;
  tv_val g = G("000/010");
  CHECK_STR(R3("fill", g, I(5), P("0 0, 1 1, 5 5, -1 0")), "((5, 0, 0), (0, 5, 0))");
  /* an object is filled at its indices, colours ignored */
  CHECK_STR(R3("fill", g, I(5), O("3 0 2, 4 1 0")), "((0, 0, 5), (5, 1, 0))");
  CHECK(tv_eq(call3(ctx, "fill", g, I(5), TV_EMPTY_SET), g));
  /* a value that is no colour gives a tuple of tuples */
  CHECK_STR(R3("fill", G("00/01"), I(-1), P("0 0")), "((-1, 0), (0, 1))");
  /* True is 1 */
  CHECK_STR(R3("fill", G("00/01"), TV_TRUE, P("0 0")), "((1, 0), (0, 1))");
  /* len(grid[0]) of () raises */
  CHECK(IS_ERROR(call3(ctx, "fill", G(""), I(5), P("0 0"))));
  CHECK(IS_ERROR(call3(ctx, "fill", g, I(5), I(3))));
  TEARDOWN;
}

TEST(transform_paint) {
  SETUP;
  tv_val g = G("000/010");
  CHECK_STR(R2("paint", g, O("3 0 2, 4 1 0, 7 2 2")), "((0, 0, 3), (4, 1, 0))");
  CHECK(tv_eq(call2(ctx, "paint", g, TV_EMPTY_SET), g));
  /* indices have no colour to unpack */
  CHECK(IS_ERROR(call2(ctx, "paint", g, P("0 2, 1 0"))));
  CHECK(IS_ERROR(call2(ctx, "paint", G(""), O("1 0 0"))));
  /* a tuple of cells is painted like a set */
  tv_val items[2] = {tv_cell(ctx, 3, 0, 2), tv_cell(ctx, 4, 1, 0)};
  CHECK_STR(R2("paint", g, tv_tuple(ctx, 2, items)), "((0, 0, 3), (4, 1, 0))");
  TEARDOWN;
}

TEST(transform_underfill_underpaint) {
  SETUP;
  tv_val g = G("001/011/222");
  /* background is 0 (3 cells, ties with 1 and 2) */
  CHECK_STR(R3("underfill", g, I(7), P("0 0, 0 2, 2 0, 1 1")), "((7, 0, 1), (0, 1, 1), (2, 2, 2))");
  CHECK_STR(R2("underpaint", g, O("3 0 0, 4 0 2, 5 1 2, 6 2 2")),
            "((3, 0, 1), (0, 1, 1), (2, 2, 2))");
  /* a tie for the most common colour goes to the smallest colour */
  CHECK_STR(R3("underfill", G("12/21"), I(7), P("0 0, 0 1")), "((7, 2), (2, 1))");
  CHECK(IS_ERROR(call2(ctx, "underpaint", g, P("0 0"))));
  CHECK(IS_ERROR(call3(ctx, "underfill", G(""), I(1), P("0 0"))));
  TEARDOWN;
}

TEST(transform_cover_and_move) {
  SETUP;
  CHECK_STR(R2("cover", G("12/22"), O("3 0 0, 4 1 1")), "((2, 2), (2, 2))");
  CHECK_STR(R2("cover", G("12/22"), P("0 0")), "((2, 2), (2, 2))");
  CHECK(IS_ERROR(call2(ctx, "cover", G(""), P("0 0"))));
  CHECK_STR(R3("move", G("000/030/000"), O("3 1 1"), PAIR(1, 1)), "((0, 0, 0), (0, 0, 0), (0, 0, 3))");
  CHECK_STR(R3("move", G("000/033/000"), O("3 1 1, 3 1 2"), PAIR(0, -1)),
            "((0, 0, 0), (3, 3, 0), (0, 0, 0))");
  CHECK_STR(R3("move", G("000/033/000"), O("3 1 1, 3 1 2"), PAIR(5, 5)),
            "((0, 0, 0), (0, 0, 0), (0, 0, 0))");
  /* dsl.py: moving an empty object leaves the grid; indices cannot be painted */
  CHECK_STR(R3("move", G("000/033/000"), TV_EMPTY_SET, PAIR(5, 5)),
            "((0, 0, 0), (0, 3, 3), (0, 0, 0))");
  /* shift() returns the empty object before it unpacks the offset */
  CHECK_STR(R3("move", G("12"), TV_EMPTY_SET, I(7)), "((1, 2),)");
  CHECK(IS_ERROR(call3(ctx, "move", G("000/033/000"), P("1 1"), PAIR(0, 1))));
  CHECK(IS_ERROR(call3(ctx, "move", G("000/033/000"), O("3 1 1"), I(1))));
  TEARDOWN;
}

/* ---- scaling, concatenation, cropping ------------------------------------ */

TEST(transform_hupscale_vupscale) {
  SETUP;
  tv_val g = G("12/34");
  CHECK_STR(R2("hupscale", g, I(2)), "((1, 1, 2, 2), (3, 3, 4, 4))");
  CHECK_STR(R2("hupscale", g, I(0)), "((), ())");
  CHECK_STR(R2("hupscale", G(""), I(3)), "()");
  CHECK_STR(R2("vupscale", g, I(2)), "((1, 2), (1, 2), (3, 4), (3, 4))");
  CHECK_STR(R2("vupscale", g, I(-1)), "()");
  CHECK(tv_eq(call2(ctx, "vupscale", g, TV_TRUE), g));
  CHECK(IS_ERROR(call2(ctx, "hupscale", g, I(5000))));
  CHECK(IS_ERROR(call2(ctx, "hupscale", g, PAIR(1, 1))));
  TEARDOWN;
}

TEST(transform_upscale) {
  SETUP;
  CHECK_STR(R2("upscale", G("12/34"), I(2)),
            "((1, 1, 2, 2), (1, 1, 2, 2), (3, 3, 4, 4), (3, 3, 4, 4))");
  CHECK_STR(R2("upscale", G("12/34"), I(0)), "()");
  /* objects grow from their upper-left corner */
  CHECK_STR(R2("upscale", O("5 1 1, 6 1 2"), I(2)),
            "frozenset({(5, (1, 1)), (5, (1, 2)), (5, (2, 1)), (5, (2, 2)), (6, (1, 3)), "
            "(6, (1, 4)), (6, (2, 3)), (6, (2, 4))})");
  CHECK_STR(R2("upscale", TV_EMPTY_SET, I(2)), "frozenset()");
  /* a factor <= 0 leaves no cells (shift of frozenset() is frozenset());
   * indices have no colour to unpack, even then */
  CHECK_STR(R2("upscale", O("5 1 1"), I(0)), "frozenset()");
  CHECK_STR(R2("upscale", O("5 1 1"), I(-2)), "frozenset()");
  CHECK(IS_ERROR(call2(ctx, "upscale", P("1 1"), I(0))));
  /* Python loops over the rows before it uses the factor */
  CHECK_STR(R2("upscale", TV_EMPTY_TUPLE, TV_EMPTY_SET), "()");
  CHECK_STR(R2("upscale", TV_EMPTY_SET, PAIR(2, 1)), "frozenset()");
  CHECK_STR(R2("hupscale", TV_EMPTY_TUPLE, PAIR(0, 5)), "()");
  CHECK_STR(R2("vupscale", TV_EMPTY_TUPLE, TV_EMPTY_TUPLE), "()");
  CHECK(IS_ERROR(call2(ctx, "hupscale", G("12"), PAIR(0, 5))));
  CHECK(IS_ERROR(call2(ctx, "upscale", P("1 1"), I(2))));
  TEARDOWN;
}

TEST(transform_upscale_downscale_round_trip) {
  SETUP;
  tv_val g = G("1203/4567/8901");
  for (int f = 1; f <= 4; f++)
    CHECK(tv_eq(call2(ctx, "downscale", call2(ctx, "upscale", g, I(f)), I(f)), g));
  tv_val o = O("1 -2 3, 2 0 5, 3 4 4");
  tv_val big = call2(ctx, "upscale", o, I(3));
  CHECK_INT(tv_len(big), 27);
  TEARDOWN;
}

TEST(transform_downscale) {
  SETUP;
  CHECK_STR(R2("downscale", G("11223/11223/44556"), I(2)), "((1, 2, 3), (4, 5, 6))");
  /* j % -2 == 0 picks the same indices as j % 2 */
  CHECK_STR(R2("downscale", G("123/456"), I(-2)), "((1, 3),)");
  CHECK_STR(R2("downscale", G("123/456"), I(5)), "((1,),)");
  CHECK(IS_ERROR(call2(ctx, "downscale", G("123/456"), I(0))));
  CHECK(IS_ERROR(call2(ctx, "downscale", G(""), I(2))));
  TEARDOWN;
}

TEST(transform_hconcat_vconcat) {
  SETUP;
  tv_val g = G("12/34");
  CHECK_STR(R2("hconcat", g, G("5/6")), "((1, 2, 5), (3, 4, 6))");
  /* zip stops at the shorter grid */
  CHECK_STR(R2("hconcat", g, G("5")), "((1, 2, 5),)");
  CHECK_STR(R2("hconcat", g, G("")), "()");
  CHECK_STR(R2("vconcat", g, G("56")), "((1, 2), (3, 4), (5, 6))");
  /* rows of different lengths: a tuple that is no grid */
  CHECK_STR(R2("vconcat", g, G("5")), "((1, 2), (3, 4), (5,))");
  CHECK_STR(R2("vconcat", G(""), G("5")), "((5,),)");
  CHECK_STR(R2("vconcat", PAIR(1, 2), PAIR(3, 4)), "(1, 2, 3, 4)");
  CHECK(IS_ERROR(call2(ctx, "vconcat", g, P("0 0"))));
  CHECK(IS_ERROR(call2(ctx, "hconcat", g, I(1))));
  TEARDOWN;
}

TEST(transform_subgrid) {
  SETUP;
  tv_val g = G("123/456/789");
  CHECK_STR(R2("subgrid", P("1 1, 2 2"), g), "((5, 6), (8, 9))");
  CHECK_STR(R2("subgrid", O("5 0 1, 6 2 1"), g), "((2,), (5,), (8,))");
  /* Python slicing: a negative start counts from the end */
  CHECK_STR(R2("subgrid", P("-1 0, 0 1"), g), "()");
  CHECK_STR(R2("subgrid", P("-1 -1, 3 3"), g), "((9,),)");
  CHECK_STR(R2("subgrid", P("2 2, 3 3"), g), "((9,),)");
  CHECK_STR(R2("subgrid", P("5 5"), g), "()");
  CHECK(IS_ERROR(call2(ctx, "subgrid", TV_EMPTY_SET, g)));
  /* a 2-wide grid is a tuple of pairs: shape is (len, 2) */
  CHECK_STR(R2("subgrid", G("11/00"), g), "((1, 2), (4, 5))");
  TEARDOWN;
}

TEST(transform_hsplit_vsplit) {
  SETUP;
  /* a separator column is skipped when the width is not a multiple of n */
  CHECK_STR(R2("hsplit", G("12034/56078"), I(2)), "(((1, 2), (5, 6)), ((3, 4), (7, 8)))");
  CHECK_STR(R2("hsplit", G("1234/5678"), I(2)), "(((1, 2), (5, 6)), ((3, 4), (7, 8)))");
  CHECK_STR(R2("hsplit", G("12/34"), I(3)), "(((), ()), ((), ()), ((), ()))");
  CHECK_STR(R2("hsplit", G("12/34"), I(-1)), "()");
  CHECK(IS_ERROR(call2(ctx, "hsplit", G("12/34"), I(0))));
  CHECK(IS_ERROR(call2(ctx, "hsplit", G(""), I(2))));
  CHECK_STR(R2("vsplit", G("12/00/34"), I(2)), "(((1, 2),), ((3, 4),))");
  CHECK_STR(R2("vsplit", G("12/34"), I(3)), "((), (), ())");
  CHECK_STR(R2("vsplit", G("1/2/3"), I(3)), "(((1,),), ((2,),), ((3,),))");
  /* the parts put back together give the grid */
  tv_val g = G("1234/5678/9012/3456");
  tv_val halves = call2(ctx, "vsplit", g, I(2));
  CHECK(tv_eq(call2(ctx, "vconcat", tv_at(ctx, halves, 0), tv_at(ctx, halves, 1)), g));
  halves = call2(ctx, "hsplit", g, I(2));
  CHECK(tv_eq(call2(ctx, "hconcat", tv_at(ctx, halves, 0), tv_at(ctx, halves, 1)), g));
  TEARDOWN;
}

/* ---- colours ------------------------------------------------------------- */

TEST(transform_cellwise) {
  SETUP;
  tv_val a = G("12/34");
  CHECK_STR(R3("cellwise", a, G("10/30"), I(9)), "((1, 9), (3, 9))");
  /* a larger second grid is fine, a smaller one raises IndexError */
  CHECK_STR(R3("cellwise", a, G("105/305/777"), I(9)), "((1, 9), (3, 9))");
  CHECK(IS_ERROR(call3(ctx, "cellwise", a, G("10"), I(9))));
  CHECK(IS_ERROR(call3(ctx, "cellwise", G(""), a, I(9))));
  CHECK_STR(R3("cellwise", a, G("10/30"), I(-1)), "((1, -1), (3, -1))");
  CHECK(tv_eq(call3(ctx, "cellwise", a, a, I(0)), a));
  TEARDOWN;
}

TEST(transform_replace_switch) {
  SETUP;
  tv_val g = G("12/21");
  CHECK_STR(R3("replace", g, I(2), I(5)), "((1, 5), (5, 1))");
  CHECK_STR(R3("replace", g, I(7), I(5)), "((1, 2), (2, 1))");
  CHECK_STR(R3("replace", G(""), I(7), I(5)), "()");
  CHECK_STR(R3("replace", g, I(1), I(-3)), "((-3, 2), (2, -3))");
  CHECK_STR(R3("replace", g, TV_TRUE, I(0)), "((0, 2), (2, 0))");
  tv_val h = G("123/213");
  CHECK_STR(R3("switch", h, I(1), I(2)), "((2, 1, 3), (1, 2, 3))");
  CHECK_STR(R3("switch", h, I(1), I(1)), "((1, 2, 3), (2, 1, 3))");
  CHECK_STR(R3("switch", h, I(3), I(9)), "((1, 2, 9), (2, 1, 9))");
  CHECK(tv_eq(call3(ctx, "switch", call3(ctx, "switch", h, I(1), I(3)), I(1), I(3)), h));
  CHECK(IS_ERROR(call3(ctx, "replace", P("0 0"), I(1), I(2))));
  TEARDOWN;
}

TEST(transform_index_and_canvas) {
  SETUP;
  tv_val g = G("12/34");
  CHECK_INT(tv_num(call2(ctx, "index", g, PAIR(1, 0))), 3);
  CHECK_INT(tv_num(call2(ctx, "index", g, PAIR(0, 1))), 2);
  /* Python returns None outside the grid; we have no None and return () */
  CHECK_STR(R2("index", g, PAIR(2, 0)), "()");
  CHECK_STR(R2("index", g, PAIR(-1, 0)), "()");
  CHECK(!tv_eq(call2(ctx, "index", g, PAIR(0, 2)), I(0)));
  CHECK(!tv_truthy(call2(ctx, "index", g, PAIR(0, 2))));
  CHECK(IS_ERROR(call2(ctx, "index", g, I(0))));
  CHECK_STR(R2("canvas", I(3), PAIR(2, 3)), "((3, 3, 3), (3, 3, 3))");
  CHECK_STR(R2("canvas", I(3), PAIR(0, 3)), "()");
  CHECK_STR(R2("canvas", I(3), PAIR(2, 0)), "((), ())");
  CHECK_STR(R2("canvas", I(-1), PAIR(1, 2)), "((-1, -1),)");
  CHECK(IS_ERROR(call2(ctx, "canvas", I(0), I(3))));
  CHECK(IS_ERROR(call2(ctx, "canvas", I(0), PAIR(2000, 2))));
  /* a cell as dimensions: (c, (i, j))[0] is c, so c <= 0 gives no rows */
  CHECK_STR(R2("canvas", I(5), tv_cell(ctx, 0, 0, 4)), "()");
  CHECK(IS_ERROR(call2(ctx, "canvas", I(5), tv_cell(ctx, 1, 0, 4))));
  /* index unpacks a cell as i = colour, j = (i, j): None (our ()) when row
   * i does not exist, a TypeError comparing j when it does */
  CHECK_STR(R2("index", G("800"), tv_cell(ctx, 8, 0, 0)), "()");
  CHECK(IS_ERROR(call2(ctx, "index", G("800"), tv_cell(ctx, 0, 0, 0))));
  /* Python reads dimensions[1] only for rows that exist: canvas(3, (0,)) is () */
  tv_val one[1] = {I(0)}, three[3] = {I(-1), I(2), I(5)};
  CHECK_STR(R2("canvas", I(3), tv_tuple(ctx, 1, one)), "()");
  CHECK_STR(R2("canvas", I(3), tv_tuple(ctx, 3, three)), "()");
  /* dimensions[2:] are never read */
  tv_val dims3[3] = {I(2), I(1), I(9)};
  CHECK_STR(R2("canvas", I(3), tv_tuple(ctx, 3, dims3)), "((3,), (3,))");
  three[0] = I(1);
  CHECK(IS_ERROR(call2(ctx, "canvas", I(3), tv_tuple(ctx, 1, three))));
  TEARDOWN;
}

/* ---- positions ----------------------------------------------------------- */

TEST(transform_center_position) {
  SETUP;
  CHECK_STR(R1("center", P("1 1, 3 4")), "(2, 3)");
  CHECK_STR(R1("center", O("5 0 0, 5 1 1")), "(1, 1)");
  CHECK_STR(R1("center", P("2 3")), "(2, 3)");
  /* a tuple patch has height len(tuple) and width 2 */
  CHECK_STR(R1("center", G("00/05")), "(1, 1)");
  CHECK(IS_ERROR(call1(ctx, "center", TV_EMPTY_SET)));
  CHECK_STR(R2("position", P("0 0"), P("0 5")), "(0, 1)");
  CHECK_STR(R2("position", P("0 5"), P("0 0")), "(0, -1)");
  CHECK_STR(R2("position", P("0 0"), P("4 0")), "(1, 0)");
  CHECK_STR(R2("position", P("4 0"), P("0 0")), "(-1, 0)");
  CHECK_STR(R2("position", P("0 0"), P("3 3")), "(1, 1)");
  CHECK_STR(R2("position", P("3 3"), P("0 5")), "(-1, 1)");
  CHECK_STR(R2("position", O("1 3 3"), O("2 5 1")), "(1, -1)");
  CHECK(IS_ERROR(call2(ctx, "position", TV_EMPTY_SET, P("0 0"))));
  TEARDOWN;
}

TEST(transform_corners) {
  SETUP;
  CHECK_STR(R1("corners", P("1 2, 3 0, 2 5")), "frozenset({(1, 0), (1, 5), (3, 0), (3, 5)})");
  CHECK_STR(R1("corners", O("4 1 1")), "frozenset({(1, 1)})");
  /* ulcorner() of nothing is the empty tuple */
  CHECK_STR(R1("corners", TV_EMPTY_SET), "frozenset({()})");
  CHECK(IS_ERROR(call1(ctx, "corners", I(1))));
  TEARDOWN;
}

TEST(transform_connect_shoot) {
  SETUP;
  CHECK_STR(R2("connect", PAIR(1, 1), PAIR(1, 4)), "frozenset({(1, 1), (1, 2), (1, 3), (1, 4)})");
  CHECK_STR(R2("connect", PAIR(3, 2), PAIR(0, 2)), "frozenset({(0, 2), (1, 2), (2, 2), (3, 2)})");
  CHECK_STR(R2("connect", PAIR(0, 0), PAIR(2, 2)), "frozenset({(0, 0), (1, 1), (2, 2)})");
  CHECK_STR(R2("connect", PAIR(2, 0), PAIR(0, 2)), "frozenset({(0, 2), (1, 1), (2, 0)})");
  CHECK_STR(R2("connect", PAIR(0, 0), PAIR(1, 2)), "frozenset()");
  CHECK_STR(R2("connect", PAIR(1, 1), PAIR(1, 1)), "frozenset({(1, 1)})");
  CHECK(IS_ERROR(call2(ctx, "connect", PAIR(1, 1), O("1 1 1"))));
  /* shoot goes 42 steps, so 43 positions */
  tv_val ray = call2(ctx, "shoot", PAIR(1, 1), PAIR(0, 1));
  CHECK_INT(tv_len(ray), 43);
  CHECK(tv_contains(ray, PAIR(1, 43)) && !tv_contains(ray, PAIR(1, 44)) && !tv_contains(ray, PAIR(1, 0)));
  tv_val diag = call2(ctx, "shoot", PAIR(1, 1), PAIR(1, -1));
  CHECK_INT(tv_len(diag), 43);
  CHECK(tv_contains(diag, PAIR(43, -41)) && tv_contains(diag, PAIR(2, 0)));
  CHECK_STR(R2("shoot", PAIR(1, 1), PAIR(0, 0)), "frozenset({(1, 1)})");
  CHECK_STR(R2("shoot", PAIR(1, 1), PAIR(1, 2)), "frozenset()");
  /* Python indexes the direction (extra items unused) but unpacks the start */
  tv_val dir3[3] = {I(0), I(1), I(7)}, start3[3] = {I(1), I(1), I(0)};
  CHECK_INT(tv_len(call2(ctx, "shoot", PAIR(1, 1), tv_tuple(ctx, 3, dir3))), 43);
  CHECK(IS_ERROR(call2(ctx, "shoot", tv_tuple(ctx, 3, start3), PAIR(0, 1))));
  TEARDOWN;
}

/* ---- halves and trim ----------------------------------------------------- */

TEST(transform_trim) {
  SETUP;
  CHECK_STR(R1("trim", G("123/456/789")), "((5,),)");
  CHECK_STR(R1("trim", G("12/34")), "()");
  CHECK_STR(R1("trim", G("123/456/789/111")), "((5,), (8,))");
  CHECK_STR(R1("trim", G("12/34/56")), "((),)");
  CHECK_STR(R1("trim", G("")), "()");
  TEARDOWN;
}

TEST(transform_halves) {
  SETUP;
  tv_val g = G("1/2/3");
  CHECK_STR(R1("tophalf", g), "((1,),)");
  CHECK_STR(R1("bottomhalf", g), "((3,),)");
  CHECK_STR(R1("tophalf", G("1")), "()");
  CHECK_STR(R1("bottomhalf", G("1")), "()");
  /* any tuple can be halved */
  CHECK_STR(R1("tophalf", PAIR(5, 6)), "(5,)");
  CHECK_STR(R1("bottomhalf", tv_cell(ctx, 3, 1, 2)), "((1, 2),)");
  CHECK(IS_ERROR(call1(ctx, "tophalf", P("0 0"))));
  tv_val h = G("123/456");
  CHECK_STR(R1("lefthalf", h), "((1,), (4,))");
  CHECK_STR(R1("righthalf", h), "((3,), (6,))");
  CHECK_STR(R1("lefthalf", G("1/2")), "()");
  CHECK_STR(R1("righthalf", G("1/2")), "()");
  CHECK_STR(R1("righthalf", G("1234")), "((3, 4),)");
  CHECK_STR(R1("lefthalf", G("")), "()");
  /* lefthalf is rot270(tophalf(rot90(g))) */
  tv_val big = G("12345/67890/13579/24680");
  CHECK(tv_eq(call1(ctx, "lefthalf", big),
              call1(ctx, "rot270", call1(ctx, "tophalf", call1(ctx, "rot90", big)))));
  CHECK(tv_eq(call1(ctx, "righthalf", big),
              call1(ctx, "rot270", call1(ctx, "bottomhalf", call1(ctx, "rot90", big)))));
  TEARDOWN;
}

TEST(transform_frontier_lines) {
  SETUP;
  tv_val v = call1(ctx, "vfrontier", PAIR(2, 3));
  tv_val h = call1(ctx, "hfrontier", PAIR(2, 3));
  CHECK_INT(tv_len(v), 30);
  CHECK_INT(tv_len(h), 30);
  CHECK(tv_contains(v, PAIR(0, 3)) && tv_contains(v, PAIR(29, 3)) && !tv_contains(v, PAIR(30, 3)));
  CHECK(tv_contains(h, PAIR(2, 0)) && tv_contains(h, PAIR(2, 29)) && !tv_contains(h, PAIR(3, 3)));
  /* loc[1] of a cell is its position: the result holds cells */
  tv_val odd = call1(ctx, "vfrontier", tv_cell(ctx, 5, 1, 2));
  CHECK_INT(tv_len(odd), 30);
  CHECK(tv_contains(odd, tv_cell(ctx, 29, 1, 2)));
  CHECK(IS_ERROR(call1(ctx, "vfrontier", I(3))));
  CHECK(IS_ERROR(call1(ctx, "hfrontier", P("1 1"))));
  TEARDOWN;
}

/* ---- boxes --------------------------------------------------------------- */

TEST(transform_backdrop_delta) {
  SETUP;
  CHECK_STR(R1("backdrop", P("1 1, 2 3")),
            "frozenset({(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)})");
  CHECK_STR(R1("backdrop", O("4 0 0")), "frozenset({(0, 0)})");
  /* toindices() returns a tuple of indices unchanged; frozenset - tuple raises */
  CHECK(IS_ERROR(call1(ctx, "delta", G("07"))));
  CHECK_STR(R1("backdrop", G("07")), "frozenset({(0, 7)})");
  /* dsl.py: the backdrop and delta of an empty patch are frozenset() */
  CHECK_STR(R1("backdrop", TV_EMPTY_SET), "frozenset()");
  CHECK_STR(R1("delta", P("1 1, 2 3")), "frozenset({(1, 2), (1, 3), (2, 1), (2, 2)})");
  CHECK_STR(R1("delta", O("4 0 0, 5 1 1")), "frozenset({(0, 1), (1, 0)})");
  CHECK_STR(R1("delta", P("0 0")), "frozenset()");
  CHECK_STR(R1("delta", TV_EMPTY_SET), "frozenset()");
  /* the patch and its delta partition the backdrop */
  tv_val p = P("0 0, 1 2, 3 1, 2 2");
  tv_val back = call1(ctx, "backdrop", p), d = call1(ctx, "delta", p);
  CHECK_INT(tv_len(back), tv_len(d) + tv_len(p));
  for (size_t k = 0; k < tv_len(p); k++) CHECK(!tv_contains(d, tv_at(ctx, p, k)));
  TEARDOWN;
}

TEST(transform_box_inbox_outbox) {
  SETUP;
  CHECK_STR(R1("inbox", P("0 0, 4 4")),
            "frozenset({(1, 1), (1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2), (3, 3)})");
  /* a flat patch: the inbox corners swap, giving a 3-row ring */
  CHECK_STR(R1("inbox", P("0 0, 0 4")),
            "frozenset({(-1, 1), (-1, 2), (-1, 3), (0, 1), (0, 3), (1, 1), (1, 2), (1, 3)})");
  CHECK_STR(R1("inbox", P("0 0, 1 1")), "frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})");
  CHECK_STR(R1("outbox", P("1 1, 2 2")),
            "frozenset({(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 3), (2, 0), (2, 3), (3, 0), "
            "(3, 1), (3, 2), (3, 3)})");
  CHECK_STR(R1("outbox", P("1 1")),
            "frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), (2, 2)})");
  CHECK_STR(R1("box", P("1 1, 3 4")),
            "frozenset({(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 4), (3, 1), (3, 2), (3, 3), "
            "(3, 4)})");
  CHECK_STR(R1("box", O("2 1 1")), "frozenset({(1, 1)})");
  /* dsl.py: box of an empty patch is that patch; inbox still raises */
  CHECK_STR(R1("box", TV_EMPTY_SET), "frozenset()");
  CHECK_STR(R1("box", TV_EMPTY_TUPLE), "()");
  CHECK(IS_ERROR(call1(ctx, "inbox", TV_EMPTY_SET)));
  CHECK(IS_ERROR(call1(ctx, "outbox", I(2))));
  /* box of a patch is the backdrop minus the inbox's backdrop, for big patches */
  tv_val p = P("0 0, 5 6");
  CHECK_INT(tv_len(call1(ctx, "box", p)), 2 * 6 + 2 * 7 - 4);
  TEARDOWN;
}

/* ---- gravitate ----------------------------------------------------------- */

TEST(transform_gravitate) {
  SETUP;
  CHECK_STR(R2("gravitate", P("0 0"), P("5 0")), "(4, 0)");
  CHECK_STR(R2("gravitate", P("5 0"), P("0 0")), "(-4, 0)");
  CHECK_STR(R2("gravitate", P("0 0"), P("0 5")), "(0, 4)");
  /* never adjacent: the loop stops after 42 steps */
  CHECK_STR(R2("gravitate", P("0 0"), P("5 5")), "(0, 42)");
  CHECK_STR(R2("gravitate", P("0 0"), P("0 100")), "(0, 42)");
  CHECK_STR(R2("gravitate", P("0 0"), P("0 1")), "(0, 0)");
  CHECK_STR(R2("gravitate", O("1 0 0, 1 1 0"), O("2 3 0, 2 3 1")), "(1, 0)");
  /* overlapping patches are at distance 0, so not adjacent */
  CHECK_STR(R2("gravitate", P("0 0"), P("0 0")), "(-1, 0)");
  CHECK_STR(R2("gravitate", P("0 0, 0 1"), P("3 1, 3 2")), "(2, 0)");
  CHECK(IS_ERROR(call2(ctx, "gravitate", TV_EMPTY_SET, P("0 0"))));
  TEARDOWN;
}

/* ---- grid analysis ------------------------------------------------------- */

TEST(transform_occurrences) {
  SETUP;
  tv_val g = G("1212/0120");
  /* the object is normalised first, so its position does not matter */
  CHECK_STR(R2("occurrences", g, O("1 5 5, 2 5 6")), "frozenset({(0, 0), (0, 2), (1, 1)})");
  CHECK_STR(R2("occurrences", g, O("1 0 0")), "frozenset({(0, 0), (0, 2), (1, 1)})");
  CHECK_STR(R2("occurrences", G("12/01"), O("1 0 0, 1 0 5")), "frozenset()");
  CHECK_STR(R2("occurrences", G("10/01"), O("1 0 0, 1 1 1")), "frozenset({(0, 0)})");
  /* indices fail only once a placement is tried */
  CHECK(IS_ERROR(call2(ctx, "occurrences", G("12/01"), P("0 0, 0 1"))));
  CHECK_STR(R2("occurrences", G("12/01"), P("0 0, 0 5")), "frozenset()");
  /* an empty object has shape (0, 0): it occurs at every (i, j) in 0..h x 0..w */
  CHECK_STR(R2("occurrences", G("12/01"), TV_EMPTY_SET),
            "frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)})");
  CHECK(IS_ERROR(call2(ctx, "occurrences", G(""), O("1 0 0"))));
  TEARDOWN;
}

TEST(transform_frontiers) {
  SETUP;
  CHECK_STR(R1("frontiers", G("111/232/444")),
            "frozenset({frozenset({(1, (0, 0)), (1, (0, 1)), (1, (0, 2))}), "
            "frozenset({(4, (2, 0)), (4, (2, 1)), (4, (2, 2))})})");
  CHECK_STR(R1("frontiers", G("12/13")), "frozenset({frozenset({(1, (0, 0)), (1, (1, 0))})})");
  /* the row and the column of a 1x1 grid are the same object */
  CHECK_STR(R1("frontiers", G("5")), "frozenset({frozenset({(5, (0, 0))})})");
  CHECK_STR(R1("frontiers", G("12/34")), "frozenset()");
  CHECK(IS_ERROR(call1(ctx, "frontiers", G(""))));
  TEARDOWN;
}

TEST(transform_compress) {
  SETUP;
  CHECK_STR(R1("compress", G("111/232/444")), "((2, 3, 2),)");
  CHECK_STR(R1("compress", G("102/304")), "((1, 2), (3, 4))");
  CHECK_STR(R1("compress", G("11/22")), "()");
  CHECK_STR(R1("compress", G("")), "()");
  CHECK_STR(R1("compress", G("5")), "()");
  /* compress leaves no frontier behind when none crosses another colour */
  tv_val g = G("10203/00000/40506");
  tv_val c = call1(ctx, "compress", g);
  CHECK_STR(tv_repr(ctx, c), "((1, 2, 3), (4, 5, 6))");
  CHECK_STR(R1("frontiers", c), "frozenset()");
  TEARDOWN;
}

TEST(transform_periods) {
  SETUP;
  CHECK_INT(tv_num(call1(ctx, "hperiod", O("1 0 0, 2 0 1, 1 0 2, 2 0 3"))), 2);
  CHECK_INT(tv_num(call1(ctx, "hperiod", O("1 0 0, 2 0 1, 1 0 2"))), 2);
  CHECK_INT(tv_num(call1(ctx, "hperiod", O("1 0 0, 2 0 1, 3 0 2"))), 3);
  CHECK_INT(tv_num(call1(ctx, "hperiod", O("1 3 5"))), 1);
  CHECK_INT(tv_num(call1(ctx, "hperiod", O("1 0 0, 1 0 2, 1 1 1"))), 2);
  /* a single column of indices never unpacks a colour */
  CHECK_INT(tv_num(call1(ctx, "hperiod", P("3 5"))), 1);
  CHECK(IS_ERROR(call1(ctx, "hperiod", P("3 5, 3 6"))));
  /* the width and height of normalize(frozenset()) are 0 */
  CHECK_INT(tv_num(call1(ctx, "hperiod", TV_EMPTY_SET)), 0);
  CHECK_INT(tv_num(call1(ctx, "vperiod", TV_EMPTY_SET)), 0);
  CHECK_INT(tv_num(call1(ctx, "vperiod", O("1 0 0, 2 1 0, 1 2 0, 2 3 0, 1 4 0"))), 2);
  CHECK_INT(tv_num(call1(ctx, "vperiod", O("1 2 0, 1 3 0, 1 4 1"))), 3);
  /* the period of a transposed object swaps */
  tv_val o = O("1 0 0, 2 0 1, 1 0 2, 2 0 3, 1 1 0, 2 1 1, 1 1 2, 2 1 3");
  CHECK_INT(tv_num(call1(ctx, "vperiod", call1(ctx, "dmirror", o))),
            tv_num(call1(ctx, "hperiod", o)));
  TEARDOWN;
}

/* ---- grids holding markers and values that are no colours --------------- */

TEST(transform_painting_with_negative_markers) {
  SETUP;
  /* the chain of solver af902bf9: underfill with -1, paint over it, replace -1 */
  tv_val marked = call3(ctx, "underfill", G("040/000/040"), I(-1), P("0 1, 1 1, 2 1"));
  CHECK_STR(tv_repr(ctx, marked), "((0, 4, 0), (0, -1, 0), (0, 4, 0))");
  tv_val filled = call3(ctx, "fill", marked, I(2), P("0 0"));
  CHECK_STR(tv_repr(ctx, filled), "((2, 4, 0), (0, -1, 0), (0, 4, 0))");
  CHECK_STR(R3("replace", filled, I(-1), I(0)), "((2, 4, 0), (0, 0, 0), (0, 4, 0))");
  CHECK_INT(tv_num(call2(ctx, "index", marked, PAIR(1, 1))), -1);
  /* the most common value may be negative */
  CHECK_STR(R2("cover", G("00/01"), P("0 0")), "((0, 0), (0, 1))");
  tv_val neg = call3(ctx, "fill", G("00/01"), I(-1), P("0 0, 0 1, 1 0"));
  CHECK_STR(R2("cover", neg, P("1 1")), "((-1, -1), (-1, -1))");
  CHECK_STR(R1("compress", neg), "((1,),)");
  TEARDOWN;
}

static tv_val tuple2x2(tv_ctx *ctx, tv_val a, tv_val b, tv_val c, tv_val d) {
  tv_val top[2] = {a, b}, bottom[2] = {c, d};
  tv_val rows[2] = {tv_tuple(ctx, 2, top), tv_tuple(ctx, 2, bottom)};
  return tv_tuple(ctx, 2, rows);
}

TEST(transform_painting_tuples_with_non_colours) {
  SETUP;
  /* 300 fits no grid byte: these are tuples of tuples, painted all the same */
  tv_val t = tuple2x2(ctx, I(0), I(300), I(5), I(5));
  CHECK(!tv_is_grid(t));
  CHECK_STR(R3("switch", t, I(300), I(5)), "((0, 5), (300, 300))");
  CHECK_STR(R3("replace", t, I(300), I(7)), "((0, 7), (5, 5))");
  CHECK(tv_is_grid(call3(ctx, "replace", t, I(300), I(7))));
  CHECK_STR(R3("cellwise", t, tuple2x2(ctx, I(0), I(300), I(5), I(4)), I(7)), "((0, 300), (5, 7))");
  CHECK_STR(R3("cellwise", G("12/34"), G("10/34"), I(300)), "((1, 300), (3, 4))");
  CHECK_INT(tv_num(call2(ctx, "index", t, PAIR(0, 1))), 300);
  CHECK_STR(R2("paint", t, O("3 0 0")), "((3, 300), (5, 5))");
  CHECK_STR(R3("fill", t, I(1), P("0 1")), "((0, 1), (5, 5))");
  CHECK_STR(R1("rot90", t), "((5, 0), (5, 300))");
  tv_val u = tuple2x2(ctx, I(300), I(300), I(5), I(0));
  CHECK_STR(R2("underpaint", u, O("3 0 0, 3 1 0")), "((3, 300), (5, 0))");
  CHECK_STR(R3("underfill", u, I(4), P("0 1, 1 1")), "((300, 4), (5, 0))");
  CHECK_STR(R2("cover", u, P("1 1")), "((300, 300), (5, 300))");
  CHECK_STR(R3("move", u, O("5 1 0"), PAIR(0, 1)), "((300, 300), (300, 5))");
  TEARDOWN;
}

/* ---- work budget --------------------------------------------------------- */

TEST(transform_budget_stops_big_work) {
  SETUP;
  tv_val big = call2(ctx, "canvas", I(1), PAIR(30, 30));
  tv_ctx tight;
  tv_ctx_init(&tight, &arena_, 50);
  CHECK(IS_ERROR(call1(&tight, "rot90", big)));
  tv_ctx_init(&tight, &arena_, 50);
  CHECK(IS_ERROR(call2(&tight, "backdrop", P("0 0, 29 29"), 0)));
  /* every call charges something, even on tiny inputs */
  uint64_t before = ctx->work;
  call2(ctx, "connect", PAIR(0, 0), PAIR(0, 1));
  CHECK(ctx->work > before);
  before = ctx->work;
  call1(ctx, "rot90", G(""));
  CHECK(ctx->work > before);
  TEARDOWN;
}
