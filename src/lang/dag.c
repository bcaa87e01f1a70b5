/*
 * dag.c - the library object: the hash-consed node store, the programs, and
 * the dsl namespace.
 *
 * Nodes are interned through an open-addressing index keyed by a 64-bit
 * xxhash of (op, primitive, value, child ids), so an expression that occurs
 * anywhere in the library is stored once and later occurrences reuse its id.
 * Ids are assigned in creation order, and children always exist before their
 * parent, which makes id order a topological order. A file that fails to load
 * is rolled back by truncating the arrays and rebuilding the index (errors
 * are rare, so rollback favours simplicity over speed).
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "tessera/fault.h"
#include "lang/lang_internal.h"

#define NO_NODE UINT32_MAX
#define MAX_NODES ((size_t)1 << 31)

static bool grow_array(void **items, size_t *cap, size_t need, size_t item_size) {
  if (need <= *cap) return true;
  size_t cap2 = *cap ? *cap : 64;
  while (cap2 < need) cap2 *= 2;
  void *p = tc_realloc(*items, cap2 * item_size);
  if (!p) return false;
  *items = p;
  *cap = cap2;
  return true;
}

/* False only when memory runs out (a name known twice is kept once). */
static bool add_global(tl_library *lib, const tv_prim *prim, tv_val value, const char *name) {
  if (!name || tl_global_find(lib, name, strlen(name))) return true;
  tl_global *g = &lib->globals[lib->n_globals];
  *g = (tl_global){prim, value, name};
  if (!tl_strmap_put(&lib->global_names, name, strlen(name), (uint32_t)lib->n_globals))
    return false;
  lib->n_globals++;
  return true;
}

static bool load_globals(tl_library *lib) {
  size_t n_prims = tv_prim_count(), n_consts = tv_constant_count();
  lib->globals = tc_calloc(n_prims + n_consts + 1, sizeof *lib->globals);
  if (!lib->globals) return false;
  for (size_t i = 0; i < n_prims; i++) {
    const tv_prim *p = tv_prim_at(i);
    if (p && p->name && !add_global(lib, p, tv_func_of_prim(p), p->name)) return false;
  }
  for (size_t i = 0; i < n_consts; i++) {
    const char *name = tv_constant_name(i);
    tv_val v;
    if (name && tv_constant_lookup(name, &v) && !add_global(lib, NULL, v, name)) return false;
  }
  return true;
}

tl_library *tl_library_new(void) {
  tl_library *lib = tc_calloc(1, sizeof *lib);
  if (!lib) return NULL;
  ta_arena_init(&lib->strings, 16 * 1024);
  ta_arena_init(&lib->fold_arena, 64 * 1024);
  if (!load_globals(lib)) {
    tl_library_free(lib);
    return NULL;
  }
  return lib;
}

void tl_library_free(tl_library *lib) {
  if (!lib) return;
  for (size_t i = 0; i < lib->n_programs; i++) free(lib->programs[i].needed);
  free(lib->programs);
  free(lib->nodes);
  free(lib->args);
  free(lib->node_index);
  free(lib->globals);
  free(lib->folded);
  free(lib->marks);
  tl_strmap_free(&lib->program_names);
  tl_strmap_free(&lib->global_names);
  ta_arena_free(&lib->strings);
  ta_arena_free(&lib->fold_arena);
  free(lib);
}

const tl_global *tl_global_find(const tl_library *lib, const char *key, size_t len) {
  uint32_t i;
  return tl_strmap_get(&lib->global_names, key, len, &i) ? &lib->globals[i] : NULL;
}

const char *tl_constant_name_of(const tl_library *lib, tv_val v) {
  for (size_t i = 0; i < lib->n_globals; i++)
    if (!lib->globals[i].prim && lib->globals[i].value == v) return lib->globals[i].name;
  return NULL;
}

/* ---- node interning ----------------------------------------------------- */

static uint64_t node_hash(tl_op op, const tv_prim *prim, tv_val value, size_t nargs,
                          const uint32_t *args) {
  uint64_t head[3] = {(uint64_t)op | ((uint64_t)nargs << 8), (uint64_t)(uintptr_t)prim, value};
  uint64_t h = XXH3_64bits(head, sizeof head);
  return nargs ? XXH3_64bits_withSeed(args, nargs * sizeof *args, h) : h;
}

static bool node_matches(const tl_library *lib, const tl_node *n, tl_op op, const tv_prim *prim,
                         tv_val value, size_t nargs, const uint32_t *args) {
  return n->op == op && n->prim == prim && n->value == value && n->nargs == nargs &&
         (nargs == 0 || memcmp(tl_node_args(lib, n), args, nargs * sizeof *args) == 0);
}

static void index_insert(tl_library *lib, uint32_t id) {
  size_t mask = lib->index_cap - 1;
  size_t i = (size_t)lib->nodes[id].hash & mask;
  while (lib->node_index[i] != NO_NODE) i = (i + 1) & mask;
  lib->node_index[i] = id;
}

static bool index_rebuild(tl_library *lib, size_t cap) {
  uint32_t *index = tc_malloc(cap * sizeof *index);
  if (!index) return false;
  memset(index, 0xFF, cap * sizeof *index);
  free(lib->node_index);
  lib->node_index = index;
  lib->index_cap = cap;
  for (size_t id = 0; id < lib->n_nodes; id++) index_insert(lib, (uint32_t)id);
  return true;
}

static bool any_input_dependent(const tl_library *lib, size_t nargs, const uint32_t *args) {
  for (size_t k = 0; k < nargs; k++)
    if (lib->nodes[args[k]].input_dep) return true;
  return false;
}

uint32_t tl_dag_intern(tl_library *lib, tl_op op, const tv_prim *prim, tv_val value,
                       tv_type type, size_t nargs, const uint32_t *args) {
  uint64_t h = node_hash(op, prim, value, nargs, args);
  if (lib->index_cap) {
    size_t mask = lib->index_cap - 1;
    for (size_t i = (size_t)h & mask; lib->node_index[i] != NO_NODE; i = (i + 1) & mask) {
      const tl_node *n = &lib->nodes[lib->node_index[i]];
      if (n->hash == h && node_matches(lib, n, op, prim, value, nargs, args))
        return lib->node_index[i];
    }
  }
  if (lib->n_nodes + 1 >= MAX_NODES) return NO_NODE;
  if (!grow_array((void **)&lib->nodes, &lib->cap_nodes, lib->n_nodes + 1, sizeof(tl_node)) ||
      !grow_array((void **)&lib->args, &lib->cap_args, lib->n_args + nargs, sizeof(uint32_t)))
    return NO_NODE;
  if ((lib->n_nodes + 1) * 2 > lib->index_cap &&
      !index_rebuild(lib, lib->index_cap ? lib->index_cap * 2 : 1024))
    return NO_NODE;
  uint32_t id = (uint32_t)lib->n_nodes++;
  tl_node *n = &lib->nodes[id];
  *n = (tl_node){(uint8_t)op, 0, type, (uint32_t)nargs, (uint32_t)lib->n_args, prim, value, h};
  if (nargs) memcpy(lib->args + lib->n_args, args, nargs * sizeof *args);
  lib->n_args += nargs;
  n->input_dep = op == TL_OP_INPUT || any_input_dependent(lib, nargs, args);
  index_insert(lib, id);
  return id;
}

void tl_dag_truncate(tl_library *lib, size_t n_nodes, size_t n_args) {
  if (n_nodes >= lib->n_nodes) return;
  if (lib->folded && n_nodes < lib->n_folded)
    memset(lib->folded + n_nodes, 0, (lib->n_folded - n_nodes) * sizeof *lib->folded);
  lib->n_nodes = n_nodes;
  lib->n_args = n_args;
  if (!index_rebuild(lib, lib->index_cap ? lib->index_cap : 1024)) {
    /* Without an index every lookup misses; interning still works (it just
     * stops sharing), so keep going with an empty index. */
    lib->index_cap = 0;
  }
}

bool tl_marks_begin(tl_library *lib) {
  size_t old_cap = lib->cap_marks;
  if (!grow_array((void **)&lib->marks, &lib->cap_marks, lib->n_nodes, sizeof(uint32_t)))
    return false;
  /* New slots must not look marked by the current generation. */
  memset(lib->marks + old_cap, 0, (lib->cap_marks - old_cap) * sizeof *lib->marks);
  if (++lib->mark_gen == 0) { /* wrapped: clear old generations */
    memset(lib->marks, 0, lib->cap_marks * sizeof *lib->marks);
    lib->mark_gen = 1;
  }
  return true;
}
