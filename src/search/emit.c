/*
 * emit.c - arc-dsl text of enumerator nodes (enumerate.h).
 *
 * A node is emitted as straight-line statements in the solver-file format
 * ("    x1 = prim(args)"), one per node it needs, in node-id order (ids are
 * topological, so every argument is defined before use). Constants are
 * written by their constants.py names where one exists (ZERO..TEN, NEG_ONE,
 * T, F, ORIGIN, UNITY, ...), other integers and pairs as literals. The
 * caller (solve.c) writes the def line, the final "O = ..." and the return,
 * and checks that the text reproduces the values by loading and running it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/enumerate.h"
#include "tessera/prims_ext.h"

void ts_text_addf(ts_text *t, const char *fmt, ...) {
  if (t->failed) return;
  va_list ap;
  for (;;) {
    size_t room = t->cap - t->n;
    va_start(ap, fmt);
    int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? room : 0, fmt, ap);
    va_end(ap);
    if (k < 0) {
      t->failed = true;
      return;
    }
    if (t->s && (size_t)k < room) {
      t->n += (size_t)k;
      return;
    }
    size_t cap = t->cap ? t->cap : 256;
    while (cap - t->n <= (size_t)k) cap *= 2;
    char *s = realloc(t->s, cap);
    if (!s) {
      t->failed = true;
      return;
    }
    t->s = s;
    t->cap = cap;
  }
}

void ts_emit_const(ts_text *t, tv_val v) {
  static const char *const ints[] = {"ZERO", "ONE", "TWO",   "THREE", "FOUR", "FIVE",
                                     "SIX",  "SEVEN", "EIGHT", "NINE",  "TEN"};
  if (tv_is_bool(v)) {
    ts_text_addf(t, "%s", tv_num(v) ? "T" : "F");
    return;
  }
  if (tv_is_int(v)) {
    int64_t i = tv_num(v);
    if (i >= 0 && i <= 10) ts_text_addf(t, "%s", ints[i]);
    else if (i == -1) ts_text_addf(t, "NEG_ONE");
    else if (i == -2) ts_text_addf(t, "NEG_TWO");
    else ts_text_addf(t, "%lld", (long long)i);
    return;
  }
  if (tv_is_pair(v)) {
    for (size_t c = 0; c < tv_constant_count(); c++) {
      tv_val cv;
      const char *name = tv_constant_name(c);
      if (tv_constant_lookup(name, &cv) && tv_is_pair(cv) && cv == v) {
        ts_text_addf(t, "%s", name);
        return;
      }
    }
    ts_text_addf(t, "(%lld, %lld)", (long long)tv_pair_a(v), (long long)tv_pair_b(v));
    return;
  }
  t->failed = true; /* no other constants are bound by the vocabulary */
}

static void mark(const ts_enum *e, uint32_t id, bool *need) {
  if (need[id]) return;
  need[id] = true;
  const ts_node *nd = &e->nodes[id];
  for (size_t i = 0; i < nd->nargs; i++)
    if (nd->node_args & (1u << i)) mark(e, (uint32_t)nd->arg[i], need);
}

void ts_emit_nodes(const ts_enum *e, const uint32_t *roots, size_t n_roots, const char *input_name,
                   uint32_t *names, unsigned *next_var, ts_text *t, bool *uses_ext) {
  uint32_t top = 0;
  for (size_t r = 0; r < n_roots; r++)
    if (roots[r] > top) top = roots[r];
  bool *need = calloc((size_t)top + 1, sizeof *need);
  if (!need) {
    t->failed = true;
    return;
  }
  for (size_t r = 0; r < n_roots; r++) mark(e, roots[r], need);
  for (uint32_t id = 0; id <= top; id++) {
    if (!need[id]) continue;
    const ts_node *nd = &e->nodes[id];
    if (!nd->prim && !nd->expr) {
      names[id] = 0;
      continue;
    }
    if (!nd->prim) {
      /* a size rule: written over the task's input I (sizes do not change
       * under colour normalisation); it may call extensions */
      if (uses_ext) *uses_ext = true;
      names[id] = (*next_var)++;
      ts_text_addf(t, "    x%u = %s\n", names[id], nd->expr);
      continue;
    }
    if (tv_prim_is_ext(nd->prim) && uses_ext) *uses_ext = true;
    names[id] = (*next_var)++;
    ts_text_addf(t, "    x%u = %s(", names[id], nd->prim->name);
    for (size_t i = 0; i < nd->nargs; i++) {
      if (i) ts_text_addf(t, ", ");
      if (nd->node_args & (1u << i)) {
        uint32_t a = (uint32_t)nd->arg[i];
        if (names[a] == 0) ts_text_addf(t, "%s", input_name);
        else ts_text_addf(t, "x%u", names[a]);
      } else {
        ts_emit_const(t, nd->arg[i]);
      }
    }
    ts_text_addf(t, ")\n");
  }
  free(need);
}
