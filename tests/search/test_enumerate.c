/* test_enumerate.c - the enumerator's node pool: observational equivalence,
 * rejection of demo errors, emission of node text, the vocabulary. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "search/enumerate.h"
#include "search_test.h"
#include "tessera/lang.h"
#include "tessera/prims_ext.h"

static const char *const square_task[] = {"12/34", "31/42", "56/78", "75/86", "90/12"};

TEST(enumerate_equal_tuples_are_one_node) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  ts_examples ex;
  st_examples(ctx, &ex, 2, 1, square_task);
  ts_enum e;
  CHECK(ts_enum_init(&e, ctx, &ex, true));
  CHECK_INT(ts_enum_add_input(&e), 0);
  const tv_prim *rot90 = tv_prim_lookup("rot90"), *rot270 = tv_prim_lookup("rot270");
  const tv_prim *hmirror = tv_prim_lookup("hmirror"), *cmirror = tv_prim_lookup("cmirror");
  tv_val a0[1] = {0};
  long r90 = ts_enum_add(&e, rot90, 1, a0, 1u, TS_T_GRID, 1);
  CHECK_INT(r90, 1);
  /* rot90 again: the same tuple */
  CHECK_INT(ts_enum_add(&e, rot90, 1, a0, 1u, TS_T_GRID, 1), -1);
  CHECK_INT(e.last_dup, 1);
  /* rot270(rot90(I)) is I itself: a duplicate of the input node */
  tv_val a1[1] = {(tv_val)r90};
  CHECK_INT(ts_enum_add(&e, rot270, 1, a1, 1u, TS_T_GRID, 2), -1);
  CHECK_INT(e.last_dup, 0);
  /* a different expression with the same values on these examples is one
   * node too: on 2x2 grids cmirror(hmirror(x)) and rot90 ... differ, but
   * hmirror(hmirror(I)) is I */
  long hm = ts_enum_add(&e, hmirror, 1, a0, 1u, TS_T_GRID, 1);
  CHECK(hm > 1);
  tv_val ahm[1] = {(tv_val)hm};
  CHECK_INT(ts_enum_add(&e, hmirror, 1, ahm, 1u, TS_T_GRID, 2), -1);
  CHECK_INT(e.last_dup, 0);
  long cm = ts_enum_add(&e, cmirror, 1, a0, 1u, TS_T_GRID, 1);
  CHECK(cm > hm);
  CHECK_INT(e.n, 4);
  /* the solution is rot90: it was recognised when added */
  CHECK_INT(e.n_solutions, 1);
  CHECK_INT(e.solutions[0], 1);
  ts_enum_free(&e);

  /* without dedup the duplicates are kept */
  CHECK(ts_enum_init(&e, ctx, &ex, false));
  ts_enum_add_input(&e);
  CHECK(ts_enum_add(&e, rot90, 1, a0, 1u, TS_T_GRID, 1) == 1);
  CHECK(ts_enum_add(&e, rot90, 1, a0, 1u, TS_T_GRID, 1) == 2);
  ts_enum_free(&e);
  st_close(&f);
}

TEST(enumerate_drops_demo_errors_keeps_test_errors) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  ts_examples ex;
  /* downscale by 2 works on the 2x2 demos; the test input is 1x3 */
  static const char *const t[] = {"11/11", "1", "22/22", "2", "333"};
  st_examples(ctx, &ex, 2, 1, t);
  ts_enum e;
  CHECK(ts_enum_init(&e, ctx, &ex, true));
  ts_enum_add_input(&e);
  tv_val a[2] = {0, tv_int(2)};
  long id = ts_enum_add(&e, tv_prim_lookup("downscale"), 2, a, 1u, TS_T_GRID, 1);
  CHECK(id > 0);
  CHECK(id > 0 && e.nodes[id].test_error == false); /* 1x3 -> 1x2: a grid */
  /* a parts list is not a grid: rejected as a grid node */
  tv_val b[2] = {0, tv_int(0)};
  CHECK_INT(ts_enum_add(&e, tv_prim_ext_lookup("split_colors"), 2, b, 1u, TS_T_GRID, 1), -1);
  CHECK(ts_enum_add(&e, tv_prim_ext_lookup("split_colors"), 2, b, 1u, TS_T_PARTS, 1) > 0);
  /* vsplit(I, 2) fails on a 1-row test input only: kept, marked */
  static const char *const t2[] = {"11/22", "11", "33/44", "33", "5"};
  ts_examples ex2;
  st_examples(ctx, &ex2, 2, 1, t2);
  ts_enum e2;
  CHECK(ts_enum_init(&e2, ctx, &ex2, true));
  ts_enum_add_input(&e2);
  long th = ts_enum_add(&e2, tv_prim_lookup("tophalf"), 1, a, 1u, TS_T_GRID, 1);
  CHECK(th > 0);
  CHECK(th > 0 && e2.nodes[th].test_error);
  CHECK_INT(e2.n_solutions, 1);
  ts_enum_free(&e2);
  ts_enum_free(&e);
  st_close(&f);
}

TEST(enumerate_emitted_text_reproduces_values) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  ts_examples ex;
  st_examples(ctx, &ex, 2, 1, square_task);
  ts_enum e;
  CHECK(ts_enum_init(&e, ctx, &ex, true));
  ts_enum_add_input(&e);
  tv_val a0[2] = {0, tv_int(3)};
  long up = ts_enum_add(&e, tv_prim_lookup("upscale"), 2, a0, 1u, TS_T_GRID, 1);
  tv_val a1[3] = {(tv_val)up, tv_int(5), tv_int(0)};
  long kc = ts_enum_add(&e, tv_prim_ext_lookup("keep_color"), 3, a1, 1u, TS_T_GRID, 2);
  CHECK(up > 0 && kc > up);
  uint32_t names[8] = {0}, root = (uint32_t)kc;
  unsigned next = 1;
  bool ext = false;
  ts_text t = {0};
  ts_text_addf(&t, "from tessera_ext import *\ndef solve(I):\n");
  ts_emit_nodes(&e, &root, 1, "I", names, &next, &t, &ext);
  ts_text_addf(&t, "    O = x%u\n    return O\n", names[root]);
  CHECK(ext);
  CHECK(!t.failed);
  CHECK(strstr(t.s, "x1 = upscale(I, THREE)") != NULL);
  CHECK(strstr(t.s, "x2 = keep_color(x1, FIVE, ZERO)") != NULL);
  tl_library *lib = tl_library_new();
  tl_diag d;
  CHECK_INT(tl_library_add_source(lib, "t", t.s, strlen(t.s), &d), 1);
  for (size_t k = 0; k < ex.n; k++) {
    tv_val v = tl_run(lib, 0, ctx, ex.in[k]);
    CHECK(tv_eq(v, e.nodes[kc].vals[k]));
  }
  tl_library_free(lib);
  free(t.s);
  ts_enum_free(&e);
  st_close(&f);
}

TEST(vocab_binds_roles) {
  ts_vocab_consts c;
  memset(&c, 0, sizeof c);
  c.bg = 0;
  c.colours[0] = 0;
  c.colours[1] = 3;
  c.n_colours = 2;
  c.in_colours = 1u | (1u << 3);
  c.dims[0] = tv_pair_imm(3, 3);
  c.n_dims = 1;
  c.ext = true;
  ts_vocab v;
  CHECK(ts_vocab_build(&v, &c));
  size_t keep = 0, embed = 0, picks = 0, bad = 0;
  for (size_t i = 0; i < v.n; i++) {
    const ts_inst *in = &v.inst[i];
    const char *n = in->prim->name;
    if (!strcmp(n, "keep_color")) keep++;
    if (!strcmp(n, "embed")) embed++, bad += in->arg[1] != tv_pair_imm(3, 3);
    if (!strncmp(n, "pick_", 5)) picks++, bad += in->in_type != TS_T_PARTS;
    if (!strcmp(n, "permute_colors") || !strcmp(n, "role_map") || !strcmp(n, "overlay")) bad++;
  }
  CHECK_INT(keep, 2);
  CHECK_INT(embed, 1);
  CHECK(picks >= 20);
  CHECK_INT(bad, 0);
  ts_vocab_free(&v);
  c.ext = false;
  CHECK(ts_vocab_build(&v, &c));
  for (size_t i = 0; i < v.n; i++) CHECK(!tv_prim_is_ext(v.inst[i].prim));
  ts_vocab_free(&v);
}
