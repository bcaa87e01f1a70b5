/*
 * lang_internal.h - shared state of the lang layer (not a public header).
 *
 * The library is a set of growable malloc'd arrays: nodes, their argument
 * ids, programs, and two string maps (program names; primitive and constant
 * names). Strings (file and program names) live in the library's arena.
 * Everything here is owned by the tl_library and freed by tl_library_free.
 */
#ifndef TESSERA_LANG_INTERNAL_H
#define TESSERA_LANG_INTERNAL_H

#include "tessera/arena.h"
#include "tessera/lang.h"

/* ---- string -> uint32 map (keys are not copied) ------------------------- */

typedef struct tl_strmap_slot {
  const char *key; /* NULL = empty */
  uint32_t len;
  uint32_t value;
  uint64_t hash;
} tl_strmap_slot;

typedef struct tl_strmap {
  tl_strmap_slot *slots;
  size_t cap; /* power of two, or 0 */
  size_t count;
} tl_strmap;

void tl_strmap_clear(tl_strmap *m);
void tl_strmap_free(tl_strmap *m);
/* Value for key[0..len), or false. */
bool tl_strmap_get(const tl_strmap *m, const char *key, size_t len, uint32_t *value);
/* Inserts or overwrites; the key memory must outlive the map entry.
 * Returns false only when memory runs out. */
bool tl_strmap_put(tl_strmap *m, const char *key, size_t len, uint32_t value);

/* ---- the DAG ------------------------------------------------------------ */

typedef struct tl_node {
  uint8_t op;        /* tl_op */
  uint8_t input_dep; /* depends on the input */
  uint16_t type;     /* tv_type mask */
  uint32_t nargs;
  uint32_t args;     /* offset of the first child id in lib->args */
  const tv_prim *prim;
  tv_val value;
  uint64_t hash;
} tl_node;

typedef struct tl_program {
  const char *name;    /* library arena */
  const char *file;    /* library arena, shared by a file's programs */
  int line;            /* line of the def */
  uint32_t root;
  uint32_t n_needed;
  uint32_t *needed;    /* sorted ascending node ids the root needs */
  int *needed_line;    /* statement line that introduced needed[k] */
  uint32_t *arg_slots; /* for each needed[k] in turn, the position in needed
                          of each of its arguments (so tl_run finds children
                          without searching); same block as needed */
} tl_program;

/* A name of the dsl namespace: a primitive or a constant. */
typedef struct tl_global {
  const tv_prim *prim; /* NULL for a constant */
  tv_val value;        /* constant value, or the primitive's function value */
  const char *name;
} tl_global;

struct tl_library {
  tl_node *nodes;
  size_t n_nodes, cap_nodes;
  uint32_t *args;
  size_t n_args, cap_args;
  uint32_t *node_index; /* open-addressing hash of node ids (UINT32_MAX = empty) */
  size_t index_cap;
  tl_program *programs;
  size_t n_programs, cap_programs;
  tl_strmap program_names;
  tl_global *globals;
  size_t n_globals;
  tl_strmap global_names;
  tv_val *folded;       /* per node: folded value or 0; NULL before folding */
  size_t n_folded;      /* length of folded (nodes added later are not folded) */
  ta_arena strings;     /* names */
  ta_arena fold_arena;  /* folded values */
  uint32_t *marks;      /* scratch for traversals: generation per node */
  size_t cap_marks;
  uint32_t mark_gen;
};

/* Interns a node; returns its id, or UINT32_MAX when memory runs out. */
uint32_t tl_dag_intern(tl_library *lib, tl_op op, const tv_prim *prim, tv_val value,
                       tv_type type, size_t nargs, const uint32_t *args);
/* Drops every node with id >= n_nodes (and args beyond n_args). */
void tl_dag_truncate(tl_library *lib, size_t n_nodes, size_t n_args);
/* The child ids of n; NULL for a node without children (lib->args is NULL
 * until some node has children, and NULL + 0 is undefined in C). */
static inline const uint32_t *tl_node_args(const tl_library *lib, const tl_node *n) {
  return n->nargs ? lib->args + n->args : NULL;
}
/* A fresh generation for lib->marks, sized for every node; false on OOM. */
bool tl_marks_begin(tl_library *lib);

/* The primitive or constant named key[0..len), or NULL. */
const tl_global *tl_global_find(const tl_library *lib, const char *key, size_t len);
/* The constants.py name of an immediate constant value, or NULL. */
const char *tl_constant_name_of(const tl_library *lib, tv_val v);

/* Adds a compiled program: computes its needed nodes from the root and the
 * (node, line) pairs recorded while compiling. false on OOM. */
bool tl_program_add(tl_library *lib, const char *name, const char *file, int line,
                    uint32_t root, const uint32_t *line_nodes, const int *line_of,
                    size_t n_line_nodes);
/* Position of node in p's sorted needed list (p->n_needed if absent). */
size_t tl_program_needed_position(const tl_program *p, uint32_t node);
/* Removes programs with index >= n (rolling back a failed file). */
void tl_program_truncate(tl_library *lib, size_t n);

/* Human-readable description of a type mask: "grid", "integer or tuple". */
void tl_type_describe(tv_type t, char *buf, size_t size);

#endif
