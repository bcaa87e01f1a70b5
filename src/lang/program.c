/*
 * program.c - per-program metadata and the read-only accessors of a library.
 *
 * A program is a root node plus the sorted list of nodes that root needs
 * (found once at load time with an explicit-stack walk, so deep programs
 * cannot overflow the C stack). Each needed node carries the line of the
 * first statement of this program that computed it: a node shared between
 * programs may sit on different lines in each, so the line lives with the
 * program, not with the node.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"
#include "lang/lang_internal.h"

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Sorts ids ascending: a program needs a few dozen nodes, where insertion
 * sort beats qsort's callback per comparison. */
static void sort_ids(uint32_t *ids, size_t n) {
  if (n > 64) {
    qsort(ids, n, sizeof *ids, cmp_u32);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    uint32_t v = ids[i];
    size_t j = i;
    for (; j > 0 && ids[j - 1] > v; j--) ids[j] = ids[j - 1];
    ids[j] = v;
  }
}

/* Collects the nodes reachable from root into a malloc'd sorted array. */
static uint32_t *collect_needed(tl_library *lib, uint32_t root, uint32_t *count) {
  if (!tl_marks_begin(lib)) return NULL;
  size_t cap = 16, n = 0, top = 0;
  uint32_t *out = tc_malloc(cap * sizeof *out), *stack = tc_malloc(cap * sizeof *stack);
  if (!out || !stack) goto fail;
  stack[top++] = root;
  lib->marks[root] = lib->mark_gen;
  while (top) {
    uint32_t id = stack[--top];
    const tl_node *node = &lib->nodes[id];
    if (n + 1 + node->nargs > cap || top + node->nargs > cap) {
      size_t cap2 = (cap + node->nargs) * 2;
      uint32_t *o = tc_realloc(out, cap2 * sizeof *o);
      if (o) out = o;
      uint32_t *s = tc_realloc(stack, cap2 * sizeof *s);
      if (s) stack = s;
      if (!o || !s) goto fail;
      cap = cap2;
    }
    out[n++] = id;
    const uint32_t *args = tl_node_args(lib, node);
    for (uint32_t k = 0; k < node->nargs; k++) {
      if (lib->marks[args[k]] == lib->mark_gen) continue;
      lib->marks[args[k]] = lib->mark_gen;
      stack[top++] = args[k];
    }
  }
  free(stack);
  sort_ids(out, n);
  *count = (uint32_t)n;
  return out;
fail:
  free(out);
  free(stack);
  return NULL;
}

/* Index of the first of sorted ids[0..n) that is >= id (n if none); inline
 * rather than bsearch, which calls back per step and showed in load times. */
static uint32_t lower_bound(const uint32_t *ids, uint32_t n, uint32_t id) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Position in `needed` of every argument of every needed node, in order
 * (arguments of a needed node are needed). A table from id to position,
 * written only where needed, answers each argument without a search.
 * False when memory runs out. */
static bool fill_arg_slots(const tl_library *lib, const uint32_t *needed, uint32_t n_needed,
                           uint32_t *out) {
  if (n_needed == 0) return true;
  uint32_t *position = tc_malloc(((size_t)needed[n_needed - 1] + 1) * sizeof *position);
  if (!position) return false;
  for (uint32_t k = 0; k < n_needed; k++) position[needed[k]] = k;
  for (uint32_t k = 0; k < n_needed; k++) {
    const tl_node *node = &lib->nodes[needed[k]];
    const uint32_t *args = tl_node_args(lib, node);
    for (uint32_t a = 0; a < node->nargs; a++) *out++ = position[args[a]];
  }
  free(position);
  return true;
}

bool tl_program_add(tl_library *lib, const char *name, const char *file, int line,
                    uint32_t root, const uint32_t *line_nodes, const int *line_of,
                    size_t n_line_nodes) {
  if (lib->n_programs == lib->cap_programs) {
    size_t cap = lib->cap_programs ? lib->cap_programs * 2 : 64;
    tl_program *p = tc_realloc(lib->programs, cap * sizeof *p);
    if (!p) return false;
    lib->programs = p;
    lib->cap_programs = cap;
  }
  uint32_t n_needed = 0;
  uint32_t *needed = collect_needed(lib, root, &n_needed);
  if (!needed) return false;
  size_t n_args = 0;
  for (uint32_t k = 0; k < n_needed; k++) n_args += lib->nodes[needed[k]].nargs;
  /* One block: ids, lines, then argument positions. */
  uint32_t *block =
      tc_realloc(needed, n_needed * (sizeof(uint32_t) + sizeof(int)) + n_args * sizeof(uint32_t));
  if (!block) {
    free(needed);
    return false;
  }
  int *lines = (int *)(void *)(block + n_needed);
  uint32_t *arg_slots = (uint32_t *)(void *)(lines + n_needed);
  if (!fill_arg_slots(lib, block, n_needed, arg_slots)) {
    free(block);
    return false;
  }
  for (uint32_t k = 0; k < n_needed; k++) lines[k] = line;
  /* line_nodes are in statement order, so the first hit is the earliest
   * statement; walk backwards so the earliest one is written last. */
  for (size_t r = n_line_nodes; r-- > 0;) {
    uint32_t at = lower_bound(block, n_needed, line_nodes[r]);
    if (at < n_needed && block[at] == line_nodes[r]) lines[at] = line_of[r];
  }
  lib->programs[lib->n_programs] =
      (tl_program){name, file, line, root, n_needed, block, lines, arg_slots};
  uint32_t first; /* another file may define the name too: look-ups find the first */
  if (!tl_strmap_get(&lib->program_names, name, strlen(name), &first) &&
      !tl_strmap_put(&lib->program_names, name, strlen(name), (uint32_t)lib->n_programs)) {
    free(block);
    return false;
  }
  lib->n_programs++;
  return true;
}

void tl_program_truncate(tl_library *lib, size_t n) {
  if (n >= lib->n_programs) return;
  for (size_t i = n; i < lib->n_programs; i++) free(lib->programs[i].needed);
  lib->n_programs = n;
  tl_strmap_clear(&lib->program_names);
  for (size_t i = 0; i < n; i++) {
    const char *name = lib->programs[i].name;
    uint32_t first;
    if (!tl_strmap_get(&lib->program_names, name, strlen(name), &first))
      tl_strmap_put(&lib->program_names, name, strlen(name), (uint32_t)i);
  }
}

/* ---- accessors ---------------------------------------------------------- */

size_t tl_library_count(const tl_library *lib) { return lib ? lib->n_programs : 0; }

static const tl_program *program_at(const tl_library *lib, size_t i) {
  return lib && i < lib->n_programs ? &lib->programs[i] : NULL;
}

const char *tl_program_name(const tl_library *lib, size_t i) {
  const tl_program *p = program_at(lib, i);
  return p ? p->name : NULL;
}

const char *tl_program_file(const tl_library *lib, size_t i) {
  const tl_program *p = program_at(lib, i);
  return p ? p->file : NULL;
}

int tl_program_line(const tl_library *lib, size_t i) {
  const tl_program *p = program_at(lib, i);
  return p ? p->line : 0;
}

size_t tl_program_root(const tl_library *lib, size_t i) {
  const tl_program *p = program_at(lib, i);
  return p ? p->root : (size_t)-1;
}

size_t tl_program_node_count(const tl_library *lib, size_t i) {
  const tl_program *p = program_at(lib, i);
  return p ? p->n_needed : 0;
}

long tl_library_find(const tl_library *lib, const char *name) {
  uint32_t i;
  if (!lib || !name) return -1;
  return tl_strmap_get(&lib->program_names, name, strlen(name), &i) ? (long)i : -1;
}

size_t tl_library_node_count(const tl_library *lib) { return lib ? lib->n_nodes : 0; }

bool tl_node_get(const tl_library *lib, size_t id, tl_node_info *out) {
  if (!lib || id >= lib->n_nodes) return false;
  const tl_node *n = &lib->nodes[id];
  *out = (tl_node_info){(tl_op)n->op, n->prim, n->value, n->type, n->input_dep != 0,
                        n->nargs, tl_node_args(lib, n)};
  return true;
}

void tl_type_describe(tv_type t, char *buf, size_t size) {
  static const struct { tv_type bit; const char *name; } kinds[] = {
      {TT_INT, "integer"}, {TT_BOOL, "boolean"}, {TT_PAIR, "pair"}, {TT_CELL, "cell"},
      {TT_GRID, "grid"}, {TT_TUPLE, "tuple"}, {TT_SET, "set"}, {TT_FUNC, "function"},
  };
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    if (!(t & kinds[k].bit) || used >= size) continue;
    int w = snprintf(buf + used, size - used, "%s%s", used ? " or " : "", kinds[k].name);
    if (w > 0) used += (size_t)w;
  }
  if (!buf[0]) snprintf(buf, size, "nothing");
}

size_t tl_program_needed_position(const tl_program *p, uint32_t node) {
  size_t lo = 0, hi = p->n_needed;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->needed[mid] < node) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
