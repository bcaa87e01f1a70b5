/*
 * canon.c - canonical text of a program.
 *
 * Statements are produced by a depth-first post-order walk from the root
 * (arguments left to right), one statement per computed node, so the text
 * depends only on the computation: variable names, aliases, nesting and
 * dead statements of the source do not show. The walk uses an explicit
 * stack and per-call scratch arrays (never library state), so it may run
 * concurrently with evaluations.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"
#include "lang/lang_internal.h"

typedef struct text {
  char *s;
  size_t len, cap;
  bool failed;
} text;

static void appendf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void appendf(text *t, const char *fmt, ...) {
  if (t->failed) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (w < 0) {
      t->failed = true;
      return;
    }
    if ((size_t)w < t->cap - t->len) {
      t->len += (size_t)w;
      return;
    }
    size_t cap = (t->cap + (size_t)w + 1) * 2;
    char *s = tc_realloc(t->s, cap);
    if (!s) {
      t->failed = true;
      return;
    }
    t->s = s;
    t->cap = cap;
  }
}

typedef struct canon {
  const tl_library *lib;
  const tl_program *prog;
  uint32_t *var;   /* per needed index: variable number, 0 = not a statement */
  uint32_t *order; /* needed indices of computed nodes in post-order */
  size_t n_order;
  text out;
} canon;


static bool is_computed(const tl_node *n) {
  return n->op == TL_OP_CALL || n->op == TL_OP_APPLY || n->op == TL_OP_TUPLE;
}

/* Numbers computed nodes in depth-first post-order from the root. */
static bool number_nodes(canon *c) {
  const tl_program *p = c->prog;
  uint32_t *stack = tc_malloc(p->n_needed * sizeof *stack);
  uint32_t *next_child = tc_calloc(p->n_needed, sizeof *next_child);
  uint8_t *seen = tc_calloc(p->n_needed, 1);
  bool ok = stack && next_child && seen;
  size_t top = 0;
  if (ok) stack[top++] = (uint32_t)tl_program_needed_position(p, p->root);
  while (ok && top) {
    uint32_t at = stack[top - 1];
    const tl_node *n = &c->lib->nodes[p->needed[at]];
    seen[at] = 1;
    if (next_child[at] < n->nargs) {
      uint32_t child = (uint32_t)tl_program_needed_position(p, tl_node_args(c->lib, n)[next_child[at]++]);
      if (!seen[child]) stack[top++] = child;
      continue;
    }
    top--;
    if (is_computed(n)) {
      c->order[c->n_order++] = at;
      c->var[at] = (uint32_t)c->n_order;
    }
  }
  free(stack);
  free(next_child);
  free(seen);
  return ok;
}

static void write_value(canon *c, tv_val v) {
  const char *name = tl_constant_name_of(c->lib, v);
  if (name) appendf(&c->out, "%s", name);
  else if (tv_is_bool(v)) appendf(&c->out, "%s", tv_num(v) ? "True" : "False");
  else if (tv_is_int(v)) appendf(&c->out, "%" PRId64, tv_num(v));
  else if (tv_is_pair(v)) appendf(&c->out, "(%" PRId64 ", %" PRId64 ")", tv_pair_a(v), tv_pair_b(v));
  else if (tv_is_cell(v))
    appendf(&c->out, "(%d, (%" PRId64 ", %" PRId64 "))", tv_cell_color(v), tv_cell_i(v),
            tv_cell_j(v));
  else if (v == TV_EMPTY_TUPLE) appendf(&c->out, "()");
  else appendf(&c->out, "<%s>", tv_kind_name(v));
}

static void write_operand(canon *c, uint32_t node) {
  const tl_node *n = &c->lib->nodes[node];
  size_t at = tl_program_needed_position(c->prog, node);
  if (n->op == TL_OP_INPUT) appendf(&c->out, "I");
  else if (n->op == TL_OP_CONST && n->prim) appendf(&c->out, "%s", n->prim->name);
  else if (n->op == TL_OP_CONST) write_value(c, n->value);
  else if (node == c->prog->root) appendf(&c->out, "O");
  else appendf(&c->out, "x%u", c->var[at]);
}

static void write_args(canon *c, const uint32_t *args, size_t n) {
  for (size_t k = 0; k < n; k++) {
    if (k) appendf(&c->out, ", ");
    write_operand(c, args[k]);
  }
}

static void write_statement(canon *c, uint32_t node) {
  const tl_node *n = &c->lib->nodes[node];
  const uint32_t *args = tl_node_args(c->lib, n);
  appendf(&c->out, "    ");
  write_operand(c, node);
  appendf(&c->out, " = ");
  if (n->op == TL_OP_CALL) {
    appendf(&c->out, "%s(", n->prim->name);
    write_args(c, args, n->nargs);
  } else if (n->op == TL_OP_APPLY) {
    write_operand(c, args[0]);
    appendf(&c->out, "(");
    write_args(c, args + 1, n->nargs - 1);
  } else {
    appendf(&c->out, "(");
    write_args(c, args, n->nargs);
    if (n->nargs == 1) appendf(&c->out, ",");
  }
  appendf(&c->out, ")\n");
}

char *tl_program_canonical(const tl_library *lib, size_t i) {
  if (!lib || i >= lib->n_programs) return NULL;
  canon c = {.lib = lib, .prog = &lib->programs[i]};
  c.out.cap = 256;
  c.out.s = tc_malloc(c.out.cap);
  c.out.failed = !c.out.s;
  c.var = tc_calloc(c.prog->n_needed + 1, sizeof *c.var);
  c.order = tc_calloc(c.prog->n_needed + 1, sizeof *c.order);
  bool ok = c.var && c.order && number_nodes(&c);
  if (ok) {
    appendf(&c.out, "def %s(I):\n", c.prog->name);
    for (size_t k = 0; k < c.n_order; k++) write_statement(&c, c.prog->needed[c.order[k]]);
    appendf(&c.out, "    return ");
    write_operand(&c, c.prog->root);
    appendf(&c.out, "\n");
  }
  free(c.var);
  free(c.order);
  if (!ok || c.out.failed) {
    free(c.out.s);
    return NULL;
  }
  return c.out.s;
}
