/*
 * vocab.c - the transform vocabulary of the enumerator: grid-to-grid (and
 * grid-to-parts, parts-to-grid) instances, each a primitive with all
 * arguments but one bound to task constants (enumerate.h, ts_inst).
 *
 * Sources, in this order (the order is the enumeration order, so the cheap
 * and common transforms come first):
 *   1. arc-dsl rigid maps, halves, compress/trim, integer scalings;
 *   2. the extension primitives (prims_ext.h) with every parameter bound by
 *      its role: COLOR to each task colour, BG to the background, DIMS to
 *      each size node; GRID or PARTS is the free slot. Primitives with a
 *      second grid (overlay, masks) are the enumerator's binary operations;
 *      colour maps and role_map/invert_map belong to normalisation;
 *   3. arc-dsl list makers (objects, partitions, splits) and colour
 *      replacement per pair of task colours.
 * The vocabulary owns its instance array (malloc'd).
 */
#include <stdlib.h>
#include <string.h>

#include "search/enumerate.h"
#include "tessera/prims_ext.h"

static bool push(ts_vocab *v, const tv_prim *p, size_t nargs, size_t slot, int in_type,
                 int out_type, unsigned node_args, const tv_val *arg) {
  if (!p) return true;
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 256;
    ts_inst *ni = realloc(v->inst, cap * sizeof *ni);
    if (!ni) return false;
    v->inst = ni;
    v->cap = cap;
  }
  ts_inst *in = &v->inst[v->n++];
  memset(in, 0, sizeof *in);
  in->prim = p;
  in->nargs = (uint8_t)nargs;
  in->slot = (uint8_t)slot;
  in->in_type = (uint8_t)in_type;
  in->out_type = (uint8_t)out_type;
  in->node_args = (uint8_t)node_args;
  for (size_t i = 0; i < nargs; i++) in->arg[i] = i == slot ? 0 : arg[i];
  return true;
}

static bool dsl1(ts_vocab *v, const char *name, int out_type) {
  tv_val a[1] = {0};
  return push(v, tv_prim_lookup(name), 1, 0, TS_T_GRID, out_type, 0, a);
}

static bool dsl2i(ts_vocab *v, const char *name, int k, int out_type) {
  tv_val a[2] = {0, tv_int(k)};
  return push(v, tv_prim_lookup(name), 2, 0, TS_T_GRID, out_type, 0, a);
}

/* One extension with its bound parameters: the cartesian product over the
 * roles' constants, first parameter varying slowest. */
static bool ext_instances(ts_vocab *v, const tv_prim_ext *x, const ts_vocab_consts *c) {
  const tv_prim *p = &x->prim;
  int slot = -1, in_type = 0;
  size_t choices[4] = {1, 1, 1, 1};
  for (size_t i = 0; i < p->arity; i++) {
    switch (x->roles[i]) {
      case TV_ROLE_GRID:
      case TV_ROLE_PARTS:
        if (slot >= 0) return true; /* two node arguments: a binary operation */
        slot = (int)i;
        in_type = x->roles[i] == TV_ROLE_GRID ? TS_T_GRID : TS_T_PARTS;
        break;
      case TV_ROLE_COLOR: choices[i] = c->n_colours; break;
      case TV_ROLE_BG: choices[i] = c->n_bgs ? c->n_bgs : 1; break;
      case TV_ROLE_DIMS: choices[i] = c->n_dims; break;
      default: return true; /* colour maps, options without a role */
    }
  }
  if (slot < 0) return true;
  int out_type = (p->result & TT_GRID) ? TS_T_GRID
                 : (p->result & (TT_TUPLE | TT_SET)) ? TS_T_PARTS
                                                     : 0;
  if (!out_type) return true;
  size_t total = 1;
  for (size_t i = 0; i < p->arity; i++) total *= choices[i];
  for (size_t t = 0; t < total; t++) {
    tv_val arg[4] = {0};
    unsigned node_args = 0;
    size_t rest = t;
    for (size_t i = p->arity; i-- > 0;) {
      size_t ch = rest % choices[i];
      rest /= choices[i];
      switch (x->roles[i]) {
        case TV_ROLE_COLOR: arg[i] = tv_int(c->colours[ch]); break;
        case TV_ROLE_BG: arg[i] = tv_int(c->n_bgs ? c->bgs[ch] : c->bg); break;
        case TV_ROLE_DIMS:
          if (c->dims_is_node[ch]) {
            arg[i] = c->dims[ch];
            node_args |= 1u << i;
          } else {
            arg[i] = c->dims[ch];
          }
          break;
        default: break;
      }
    }
    if (!push(v, p, p->arity, (size_t)slot, in_type, out_type, node_args, arg)) return false;
  }
  return true;
}

static bool excluded(const char *name) {
  static const char *const skip[] = {"permute_colors", "role_map", "invert_map", NULL};
  for (size_t i = 0; skip[i]; i++)
    if (strcmp(skip[i], name) == 0) return true;
  return false;
}

bool ts_vocab_build(ts_vocab *v, const ts_vocab_consts *c) {
  memset(v, 0, sizeof *v);
  static const char *const unary[] = {"rot90",   "rot180",   "rot270",    "hmirror",   "vmirror",
                                      "dmirror", "cmirror",  "compress",  "trim",      "tophalf",
                                      "bottomhalf", "lefthalf", "righthalf", NULL};
  bool ok = true;
  for (size_t i = 0; unary[i]; i++) ok = ok && dsl1(v, unary[i], TS_T_GRID);
  for (int k = 2; k <= 4; k++) ok = ok && dsl2i(v, "upscale", k, TS_T_GRID);
  for (int k = 2; k <= 3; k++) {
    ok = ok && dsl2i(v, "downscale", k, TS_T_GRID);
    ok = ok && dsl2i(v, "hupscale", k, TS_T_GRID);
    ok = ok && dsl2i(v, "vupscale", k, TS_T_GRID);
  }
  if (c->ext) {
    for (size_t i = 0; i < tv_prim_ext_count() && ok; i++) {
      const tv_prim *p = tv_prim_ext_at(i);
      if (excluded(p->name)) continue;
      ok = ext_instances(v, tv_prim_ext_info(p), c);
    }
  }
  /* list makers of arc-dsl: pickers accept their sets and tuples of grids */
  const tv_prim *objects = tv_prim_lookup("objects");
  for (int u = 1; u >= 0 && ok; u--)
    for (int d = 0; d <= 1 && ok; d++) {
      tv_val a[4] = {0, tv_bool(u), tv_bool(d), TV_TRUE};
      ok = push(v, objects, 4, 0, TS_T_GRID, TS_T_PARTS, 0, a);
    }
  ok = ok && dsl1(v, "fgpartition", TS_T_PARTS) && dsl1(v, "partition", TS_T_PARTS);
  for (int k = 2; k <= 3; k++) {
    ok = ok && dsl2i(v, "hsplit", k, TS_T_PARTS);
    ok = ok && dsl2i(v, "vsplit", k, TS_T_PARTS);
  }
  /* colour replacement: input colours onto output colours */
  const tv_prim *replace = tv_prim_lookup("replace");
  for (size_t i = 0; i < c->n_colours && ok; i++) {
    int a = c->colours[i];
    if (!(c->in_colours & (1u << a))) continue;
    for (size_t j = 0; j < c->n_colours && ok; j++) {
      int b = c->colours[j];
      if (a == b || !(c->out_colours & (1u << b))) continue;
      tv_val arg[3] = {0, tv_int(a), tv_int(b)};
      ok = push(v, replace, 3, 0, TS_T_GRID, TS_T_GRID, 0, arg);
    }
  }
  if (!ok) {
    ts_vocab_free(v);
    return false;
  }
  /* instances on parts lists first (stable): a level tries them on every
   * list before the grid transforms, because a picker on a list is one of
   * the most common two-step answers and costs little */
  ts_inst *sorted = malloc((v->n ? v->n : 1) * sizeof *sorted);
  if (!sorted) {
    ts_vocab_free(v);
    return false;
  }
  size_t m = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < v->n; i++)
      if ((v->inst[i].in_type == TS_T_PARTS) == (pass == 0)) sorted[m++] = v->inst[i];
  free(v->inst);
  v->inst = sorted;
  v->cap = v->n;
  return true;
}

void ts_vocab_free(ts_vocab *v) {
  free(v->inst);
  memset(v, 0, sizeof *v);
}
