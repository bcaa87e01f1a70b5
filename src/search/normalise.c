/*
 * normalise.c - colour normalisation of a task and its inverse
 * (ts_normalise, ts_denormalise; search_internal.h).
 *
 * Why: in many tasks the colours of the input play roles ("the colour of the
 * big object", "the rarest colour") that change from example to example, so
 * no program with colour constants fits every demo. Renaming the colours of
 * each example by their role makes those tasks look constant-coloured; a
 * program found on the renamed examples is then wrapped as
 *     x1 = role_map(I, KEEP, ORDER)
 *     ... the program on permute_colors(I, x1) ...
 *     O = permute_colors(y, invert_map(x1))
 * so the whole thing stays one arc-dsl program. The maps here are computed by
 * calling those very primitives, so the wrapper gives the same values.
 *
 * Which colours keep their number (the role_map `keep` mask), the choice:
 *   - the background (most common colour over all inputs);
 *   - colours present in every input (demo and test): they are constant
 *     across examples already, and programs may name them;
 *   - colours that appear in demo outputs but in no demo input (a program
 *     writes them as constants), and colours present in every demo output
 *     (the same, for colours that are also in some inputs).
 * Every other colour is ranked per example by `order` (role_map: 0 most
 * cells first, 1 fewest first, 2 first seen) and renamed onto the free
 * numbers. Outputs are renamed with their input's map (an output colour its
 * input lacks goes where role_map sends absent colours), so the map of an
 * example is a permutation of 0..9 and is undone exactly.
 */
#include <string.h>

#include "search/search_internal.h"
#include "tessera/prims_ext.h"

static tv_val call_ext(tv_ctx *ctx, const char *name, size_t argc, const tv_val *args) {
  const tv_prim *p = tv_prim_ext_lookup(name);
  if (!p || p->arity != argc) return tv_error(ctx, "search: extension %s missing", name);
  return tv_prim_call(ctx, p, args);
}

static uint16_t palette(tv_val g) {
  uint16_t mask = 0;
  if (!tv_is_grid(g)) return 0;
  const uint8_t *c = tv_grid_cells(g);
  size_t n = (size_t)tv_grid_h(g) * (size_t)tv_grid_w(g);
  for (size_t k = 0; k < n; k++) {
    int col = tv_byte_colour(c[k]);
    if (col >= 0 && col <= 9) mask |= (uint16_t)(1u << col);
  }
  return mask;
}

bool ts_normalise(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an, int order,
                  ts_normalisation *norm, ts_examples *out) {
  memset(norm, 0, sizeof *norm);
  if (ex->n == 0 || ex->n > TS_MAX_EXAMPLES || order < 0 || order > 2) return false;
  uint16_t all_out = ex->n_demo ? 0x3FF : 0;
  for (size_t k = 0; k < ex->n_demo; k++) all_out &= palette(ex->out[k]);
  int keep = (an->bg >= 0 && an->bg <= 9 ? 1 << an->bg : 0) | an->all_in_colours | an->appear |
             all_out;
  keep &= 0x3FF;
  norm->keep = keep;
  norm->order = order;
  *out = *ex;
  bool changed = false;
  for (size_t k = 0; k < ex->n; k++) {
    tv_val args[3] = {ex->in[k], tv_int(keep), tv_int(order)};
    tv_val map = call_ext(ctx, "role_map", 3, args);
    if (tv_is_error(map)) return false;
    tv_val inv = call_ext(ctx, "invert_map", 1, &map);
    if (tv_is_error(inv)) return false;
    norm->map[k] = map;
    norm->inverse[k] = inv;
    tv_val pa[2] = {ex->in[k], map};
    out->in[k] = call_ext(ctx, "permute_colors", 2, pa);
    if (tv_is_error(out->in[k])) return false;
    if (!tv_eq(out->in[k], ex->in[k])) changed = true;
    if (k < ex->n_demo) {
      tv_val po[2] = {ex->out[k], map};
      out->out[k] = call_ext(ctx, "permute_colors", 2, po);
      if (tv_is_error(out->out[k])) return false;
      if (!tv_eq(out->out[k], ex->out[k])) changed = true;
    }
  }
  return changed;
}

tv_val ts_denormalise(tv_ctx *ctx, const ts_normalisation *norm, size_t k, tv_val v) {
  if (!tv_is_grid(v) || k >= TS_MAX_EXAMPLES || !norm->inverse[k]) return v;
  tv_val args[2] = {v, norm->inverse[k]};
  return call_ext(ctx, "permute_colors", 2, args);
}
