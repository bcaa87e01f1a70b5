/*
 * oom.c - what the design layer does when memory runs out.
 *
 * The core contract (arena.h) is that a failed allocation returns NULL and
 * the caller checks. The design code makes some 160 arena allocations, most
 * of them small records, strings and lists written at once, deep inside
 * parsing, planning, execution and checking; a NULL test after each, passed
 * up through every caller, would bury the logic. So the check lives in one
 * place: the design_alloc family below tests each result and, on NULL,
 * unwinds with longjmp to the innermost guard, which every public entry
 * point (load, edit, check, fix, writing results) sets up around its work.
 * The guard turns the failure into that call's clear error ("out of
 * memory": a refused load, an edit that failed, a NULL result text) and
 * releases what the call held.
 *
 * What may be unwound: only arena memory is allocated between a guard and
 * the places that can fail, apart from jansson values and heap strings that
 * are linked into a structure the guard's handler frees (the blueprint
 * being loaded, the problems list, a cache entry). Nothing outside the
 * design layer is ever jumped over.
 *
 * Guards nest (a cache insertion inside an edit has its own, so a failed
 * copy only leaves the plan uncached) and are per thread, like engines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

_Thread_local design_oom_guard *design_oom_innermost;

_Noreturn void design_oom_fail(void) {
  design_oom_guard *g = design_oom_innermost;
  if (!g) { /* a caller that set up no guard: a bug of the design layer itself */
    fputs("tessera design: out of memory outside a guarded call\n", stderr);
    abort();
  }
  design_oom_innermost = g->outer;
  longjmp(g->at, 1);
}

void *design_need(void *p) {
  if (!p) design_oom_fail();
  return p;
}

void *design_alloc(ta_arena *a, size_t size) { return design_need(ta_alloc(a, size)); }
void *design_alloc_zero(ta_arena *a, size_t size) { return design_need(ta_alloc_zero(a, size)); }
void *design_memdup(ta_arena *a, const void *src, size_t size) { return design_need(ta_memdup(a, src, size)); }
char *design_strdup(ta_arena *a, const char *s) { return design_need(ta_strdup(a, s)); }

void *design_grow(ta_arena *a, void *items, size_t count, size_t *cap, size_t elem, size_t first_cap) {
  return design_need(ta_grow(a, items, count, cap, elem, first_cap));
}

char *design_printf(ta_arena *a, const char *fmt, ...) {
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *out = ta_alloc(a, n > 0 ? (size_t)n + 1 : 1);
  if (out && n > 0) vsnprintf(out, (size_t)n + 1, fmt, again);
  else if (out) out[0] = 0;
  va_end(again); /* before unwinding, which would skip it */
  return design_need(out);
}
