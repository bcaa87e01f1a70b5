/*
 * prims.c - the registry of all primitives: one ordered list built from the
 * three group tables, a name index, the static function value of each
 * primitive, and optional per-primitive timing for the benchmarks.
 *
 * The registry is built once before main (constructor) from constant tables,
 * so look-ups need no locking from worker threads.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "tessera/prims.h"

#define MAX_PRIMS 256

static const tv_prim *all_prims[MAX_PRIMS];
static size_t prim_total;
static _Alignas(16) tv_func prim_funcs[MAX_PRIMS];
static const tv_prim *by_name[MAX_PRIMS];
static tv_prim_stat stats[MAX_PRIMS];

static int cmp_by_name(const void *a, const void *b) {
  return strcmp((*(const tv_prim *const *)a)->name, (*(const tv_prim *const *)b)->name);
}

static void add_table(const tv_prim *table) {
  for (const tv_prim *p = table; p->name && prim_total < MAX_PRIMS; p++) {
    tv_func *f = &prim_funcs[prim_total];
    f->hdr.kind = TV_FUNC;
    f->op = TF_PRIM;
    f->arity = p->arity;
    f->prim = p;
    f->hdr.hash = XXH3_64bits_withSeed(p->name, strlen(p->name), TV_FUNC);
    all_prims[prim_total++] = p;
  }
}

__attribute__((constructor)) static void build_registry(void) {
  add_table(tv_prims_basic);
  add_table(tv_prims_geometry);
  add_table(tv_prims_transform);
  memcpy(by_name, all_prims, prim_total * sizeof *by_name);
  qsort(by_name, prim_total, sizeof *by_name, cmp_by_name);
}

const tv_prim *tv_prim_lookup(const char *name) {
  size_t lo = 0, hi = prim_total;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(by_name[mid]->name, name);
    if (c == 0) return by_name[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

size_t tv_prim_count(void) { return prim_total; }
const tv_prim *tv_prim_at(size_t i) { return i < prim_total ? all_prims[i] : NULL; }

size_t tv_prim_index(const tv_prim *p) {
  for (size_t i = 0; i < prim_total; i++)
    if (all_prims[i] == p) return i;
  return prim_total;
}

tv_val tv_func_of_prim(const tv_prim *p) {
  size_t i = tv_prim_index(p);
  return i < prim_total ? tv_from_obj(&prim_funcs[i]) : 0;
}

bool tv_prim_stats_flag;
void tv_prim_stats_enable(bool on) { tv_prim_stats_flag = on; }
tv_prim_stat *tv_prim_stats(void) { return stats; }

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

tv_val tv_prim_call(tv_ctx *ctx, const tv_prim *p, const tv_val *args) {
  for (int i = 0; i < p->arity; i++)
    if (tv_is_error(args[i])) return args[i];
  if (!tv_prim_stats_flag) return p->fn(ctx, args);
  /* Benchmarks only: single-threaded, so plain counters suffice. */
  size_t i = tv_prim_index(p);
  if (i >= MAX_PRIMS) return p->fn(ctx, args);
  uint64_t t0 = now_ns();
  tv_val r = p->fn(ctx, args);
  stats[i].nanos += now_ns() - t0;
  stats[i].calls++;
  return r;
}
