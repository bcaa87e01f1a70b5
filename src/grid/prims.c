/*
 * prims.c - the registry of all primitives: one ordered list built from the
 * three arc-dsl group tables followed by the extension tables (prims_ext.h),
 * a name index for each of the two sets, an address index (for
 * tv_prim_index and tv_prim_is_ext), the static function value of each
 * primitive, and optional per-primitive timing for the benchmarks.
 *
 * The arc-dsl set comes first, so its indices 0..159 never move; extension
 * indices follow it. The registry is built once before main (constructor)
 * from constant tables, so look-ups need no locking from worker threads.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "grid/prims_ext_internal.h"
#include "tessera/prims.h"
#include "tessera/prims_ext.h"

#define MAX_PRIMS 512

static const tv_prim *all_prims[MAX_PRIMS];
static size_t prim_total; /* arc-dsl and extensions */
static size_t core_total; /* arc-dsl only: all_prims[0..core_total) */
static _Alignas(16) tv_func prim_funcs[MAX_PRIMS];
/* by_name[0..core_total) sorts the arc-dsl set, the rest the extensions. */
static const tv_prim *by_name[MAX_PRIMS];
static struct addr_entry {
  const tv_prim *prim;
  size_t index; /* in all_prims */
} by_addr[MAX_PRIMS];
static tv_prim_stat stats[MAX_PRIMS];

static int cmp_by_name(const void *a, const void *b) {
  return strcmp((*(const tv_prim *const *)a)->name, (*(const tv_prim *const *)b)->name);
}

static int cmp_by_addr(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const struct addr_entry *)a)->prim;
  uintptr_t y = (uintptr_t)((const struct addr_entry *)b)->prim;
  return (x > y) - (x < y);
}

static void add_prim(const tv_prim *p) {
  if (prim_total == MAX_PRIMS) return;
  tv_func *f = &prim_funcs[prim_total];
  f->hdr.kind = TV_FUNC;
  f->op = TF_PRIM;
  f->arity = p->arity;
  f->prim = p;
  f->hdr.hash = XXH3_64bits_withSeed(p->name, strlen(p->name), TV_FUNC);
  all_prims[prim_total++] = p;
}

static void add_table(const tv_prim *table) {
  for (const tv_prim *p = table; p->name; p++) add_prim(p);
}

__attribute__((constructor)) static void build_registry(void) {
  add_table(tv_prims_basic);
  add_table(tv_prims_geometry);
  add_table(tv_prims_transform);
  core_total = prim_total;
  for (const tv_prim_ext *const *t = tv_prims_ext_tables; *t; t++)
    for (const tv_prim_ext *e = *t; e->prim.name; e++) add_prim(&e->prim);
  memcpy(by_name, all_prims, prim_total * sizeof *by_name);
  qsort(by_name, core_total, sizeof *by_name, cmp_by_name);
  qsort(by_name + core_total, prim_total - core_total, sizeof *by_name, cmp_by_name);
  for (size_t i = 0; i < prim_total; i++) by_addr[i] = (struct addr_entry){all_prims[i], i};
  qsort(by_addr, prim_total, sizeof *by_addr, cmp_by_addr);
}

static const tv_prim *find_name(const tv_prim *const *sorted, size_t n, const char *name) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(sorted[mid]->name, name);
    if (c == 0) return sorted[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

const tv_prim *tv_prim_lookup(const char *name) {
  return name ? find_name(by_name, core_total, name) : NULL;
}

const tv_prim *tv_prim_ext_lookup(const char *name) {
  return name ? find_name(by_name + core_total, prim_total - core_total, name) : NULL;
}

size_t tv_prim_count(void) { return core_total; }
const tv_prim *tv_prim_at(size_t i) { return i < core_total ? all_prims[i] : NULL; }
size_t tv_prim_ext_count(void) { return prim_total - core_total; }
const tv_prim *tv_prim_ext_at(size_t i) {
  return i < prim_total - core_total ? all_prims[core_total + i] : NULL;
}

/* Position of p in all_prims (prim_total when p is not registered). */
static size_t registry_index(const tv_prim *p) {
  size_t lo = 0, hi = prim_total;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (by_addr[mid].prim == p) return by_addr[mid].index;
    if ((uintptr_t)by_addr[mid].prim < (uintptr_t)p) lo = mid + 1;
    else hi = mid;
  }
  return prim_total;
}

size_t tv_prim_index(const tv_prim *p) { return registry_index(p); }

bool tv_prim_is_ext(const tv_prim *p) {
  size_t i = registry_index(p);
  return i >= core_total && i < prim_total;
}

const tv_prim_ext *tv_prim_ext_info(const tv_prim *p) {
  return tv_prim_is_ext(p) ? (const tv_prim_ext *)p : NULL;
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
