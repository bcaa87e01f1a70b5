/*
 * task_fast.c - strict single-pass reader for plain ARC JSON (see task_fast.h).
 *
 * Why: jansson allocates a json_t per integer, which made loading the 400
 * training tasks cost more than solving them. This reader walks the text
 * once, collecting a grid's digits into a scratch buffer while it checks the
 * shape, then copies them into one TV_GRID. Every function returns false on
 * the first thing it does not expect; nothing here produces messages,
 * because a false simply hands the document to the jansson loader.
 */
#include "tessera/fault.h"
#include "task_fast.h"
#include "tessera/grow.h"

#include <stdlib.h>
#include <string.h>

#define FAST_FIRST_PAIRS 8

typedef struct fast_reader {
  const char *p, *end;
  tv_ctx *ctx;      /* builds the grids (in ctx->arena) */
  uint8_t *scratch; /* digits of the grid being read (malloc'd) */
  size_t scratch_cap;
} fast_reader;

/* A key as it appears in the text (no escapes, so no copy is needed). */
typedef struct fast_key {
  const char *s;
  size_t n;
} fast_key;

/* ---- lexical level ---------------------------------------------------------- */

static inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static void skip_space(fast_reader *R) {
  while (R->p < R->end && is_space(*R->p)) R->p++;
}

/* Skips white space and consumes `c` when it comes next. */
static bool take(fast_reader *R, char c) {
  skip_space(R);
  if (R->p < R->end && *R->p == c) {
    R->p++;
    return true;
  }
  return false;
}

static bool next_is(fast_reader *R, char c) {
  skip_space(R);
  return R->p < R->end && *R->p == c;
}

/* A string of printable ASCII without escapes. */
static bool read_string(fast_reader *R, fast_key *key) {
  if (!take(R, '"')) return false;
  key->s = R->p;
  while (R->p < R->end && *R->p != '"') {
    unsigned char c = (unsigned char)*R->p;
    if (c < 0x20 || c >= 0x7f || c == '\\') return false;
    R->p++;
  }
  if (R->p >= R->end) return false;
  key->n = (size_t)(R->p - key->s);
  R->p++;
  return true;
}

/* A key: a plain string, then ':'. */
static bool read_key(fast_reader *R, fast_key *key) { return read_string(R, key) && take(R, ':'); }

static bool key_is(const fast_key *key, const char *word) {
  return key->n == strlen(word) && memcmp(key->s, word, key->n) == 0;
}

static bool take_null(fast_reader *R) {
  skip_space(R);
  if (R->end - R->p < 4 || memcmp(R->p, "null", 4) != 0) return false;
  R->p += 4;
  return true;
}

/* ---- grids ------------------------------------------------------------------ */

static bool scratch_room(fast_reader *R, size_t need) {
  if (need <= R->scratch_cap) return true;
  size_t cap = R->scratch_cap ? R->scratch_cap * 2 : 4096;
  while (cap < need) cap *= 2;
  uint8_t *grown = tc_realloc(R->scratch, cap);
  if (!grown) return false;
  R->scratch = grown;
  R->scratch_cap = cap;
  return true;
}

/* One row "[d, d, ...]" of single digits appended to the scratch buffer at
 * `at`; `width` is the row length (0 on entry for the first row). After a
 * digit only space, ',' or ']' may follow, so "10", "01", "1.0" and "1e0"
 * all defer. This loop is the loader's hot spot, hence the local cursor. */
static bool read_row(fast_reader *R, size_t at, size_t *width) {
  if (!take(R, '[')) return false;
  size_t limit = *width ? *width : TV_GRID_MAX_SIDE, n = 0;
  if (!scratch_room(R, at + limit)) return false;
  uint8_t *cells = R->scratch + at;
  const char *p = R->p, *end = R->end;
  for (;;) {
    while (p < end && is_space(*p)) p++;
    if (p >= end || *p < '0' || *p > '9' || n == limit) return false;
    cells[n++] = (uint8_t)(*p++ - '0');
    while (p < end && is_space(*p)) p++;
    if (p >= end) return false;
    if (*p == ']') break;
    if (*p++ != ',') return false;
  }
  R->p = p + 1;
  if (*width == 0) *width = n;
  return n == *width;
}

/* A grid; builds it into *out unless out is NULL (checked, not kept). */
static bool read_grid(fast_reader *R, tv_val *out) {
  if (!take(R, '[')) return false;
  size_t h = 0, w = 0;
  do {
    if (h >= TV_GRID_MAX_SIDE || !read_row(R, h * w, &w)) return false;
    h++;
  } while (take(R, ','));
  if (!take(R, ']')) return false;
  if (!out) return true;
  tv_val g = tv_grid_new(R->ctx, (int)h, (int)w);
  if (tv_is_error(g)) return false;
  memcpy(tv_grid_cells(g), R->scratch, h * w);
  *out = tv_grid_seal(g);
  return true;
}

/* ---- pairs and tasks ---------------------------------------------------------- */

/* {"input": grid, "output": grid} in either order; a test pair may lack the
 * output or have null there. */
static bool read_pair(fast_reader *R, bool is_test, bool keep, arc_pair *pair) {
  bool have_input = false, have_output = false;
  pair->input = pair->output = 0;
  if (!take(R, '{')) return false;
  do {
    fast_key key;
    if (!read_key(R, &key)) return false;
    if (key_is(&key, "input") && !have_input) {
      have_input = true;
      if (!read_grid(R, keep ? &pair->input : NULL)) return false;
    } else if (key_is(&key, "output") && !have_output) {
      have_output = true;
      if (!(is_test && take_null(R)) && !read_grid(R, keep ? &pair->output : NULL)) return false;
    } else {
      return false;
    }
  } while (take(R, ','));
  return take(R, '}') && have_input && (have_output || is_test);
}

/* A non-empty list of pairs, kept in an arena array grown by doubling. */
static bool read_pairs(fast_reader *R, bool is_test, bool keep, arc_pair **pairs, size_t *n) {
  ta_arena *arena = R->ctx->arena;
  size_t cap = 0;
  arc_pair scratch_pair, *list = NULL;
  *n = 0;
  if (!take(R, '[')) return false;
  do {
    if (keep) { /* out of memory defers too: the jansson loader then says so */
      arc_pair *grown = ta_grow(arena, list, *n, &cap, sizeof *grown, FAST_FIRST_PAIRS);
      if (!grown) return false;
      list = grown;
    }
    if (!read_pair(R, is_test, keep, keep ? &list[*n] : &scratch_pair)) return false;
    (*n)++;
  } while (take(R, ','));
  *pairs = list;
  return take(R, ']');
}

/* {"train": [...], "test": [...]} in any order, nothing else but a
 * "name" string (two of the 400 training files have one; jansson ignores it). */
static bool read_task(fast_reader *R, bool keep, arc_task *task) {
  bool have_train = false, have_test = false, have_name = false;
  if (!take(R, '{')) return false;
  do {
    fast_key key;
    if (!read_key(R, &key)) return false;
    if (key_is(&key, "train") && !have_train) {
      have_train = true;
      if (!read_pairs(R, false, keep, &task->train, &task->n_train)) return false;
    } else if (key_is(&key, "test") && !have_test) {
      have_test = true;
      if (!read_pairs(R, true, keep, &task->test, &task->n_test)) return false;
    } else if (key_is(&key, "name") && !have_name) {
      fast_key ignored;
      have_name = true;
      if (!read_string(R, &ignored)) return false;
    } else {
      return false;
    }
  } while (take(R, ','));
  return take(R, '}') && have_train && have_test;
}

/* ---- documents ------------------------------------------------------------------ */

static bool selected(const arc_load_options *opts, const char *id, size_t n) {
  if (!opts || !opts->only_ids) return true;
  for (size_t i = 0; i < opts->n_only_ids; i++)
    if (strlen(opts->only_ids[i]) == n && memcmp(opts->only_ids[i], id, n) == 0) return true;
  return false;
}

static bool push_task(arc_fast_tasks *out, const arc_task *task) {
  arc_task *grown = tc_grow(out->items, out->count, &out->cap, sizeof *grown, 16);
  if (!grown) return false;
  out->items = grown;
  out->items[out->count++] = *task;
  return true;
}

void arc_fast_tasks_free(arc_fast_tasks *tasks) {
  free(tasks->items);
  memset(tasks, 0, sizeof *tasks);
}

static int by_key(const void *a, const void *b) {
  const fast_key *x = a, *y = b;
  size_t n = x->n < y->n ? x->n : y->n;
  int c = memcmp(x->s, y->s, n);
  return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* True when no two keys are equal (jansson rejects duplicates). Sorts keys. */
static bool keys_unique(fast_key *keys, size_t n) {
  qsort(keys, n, sizeof *keys, by_key);
  for (size_t i = 1; i < n; i++)
    if (by_key(&keys[i - 1], &keys[i]) == 0) return false;
  return true;
}

/* Appends keys[n] (a malloc'd array grown by doubling). */
static bool push_key(fast_key **keys, size_t *n, size_t *cap, fast_key key) {
  fast_key *grown = tc_grow(*keys, *n, cap, sizeof *grown, 64);
  if (!grown) return false;
  *keys = grown;
  (*keys)[(*n)++] = key;
  return true;
}

/* {"<id>": task, ...}: no id may be "train" or "test" (that would make
 * the jansson loader read the file as a single task). */
static bool read_collection(fast_reader *R, const arc_load_options *opts, arc_fast_tasks *out) {
  fast_key *keys = NULL;
  size_t n_keys = 0, cap = 0;
  bool ok = take(R, '{');
  while (ok) {
    fast_key key;
    ok = read_key(R, &key) && !key_is(&key, "train") && !key_is(&key, "test") &&
         push_key(&keys, &n_keys, &cap, key);
    if (!ok) break;
    bool keep = selected(opts, key.s, key.n);
    arc_task task = {0};
    if (keep) {
      char *id = ta_alloc(R->ctx->arena, key.n + 1);
      if (!(ok = id != NULL)) break;
      memcpy(id, key.s, key.n);
      id[key.n] = '\0';
      task.id = id;
    }
    ok = read_task(R, keep, &task) && (!keep || push_task(out, &task));
    if (!ok || !take(R, ',')) break;
  }
  ok = ok && take(R, '}') && keys_unique(keys, n_keys);
  free(keys);
  return ok;
}

/* Which layout: the first key of the top-level object tells. */
static bool starts_single_task(fast_reader *R) {
  fast_reader probe = *R;
  fast_key key;
  return take(&probe, '{') && read_key(&probe, &key) && (key_is(&key, "train") || key_is(&key, "test"));
}

bool arc_fast_read_tasks(tv_ctx *ctx, const char *text, size_t len, const char *single_id,
                         bool collection_ok, const arc_load_options *opts, arc_fast_tasks *out) {
  fast_reader R = {.p = text, .end = text + len, .ctx = ctx};
  size_t had = out->count;
  bool ok;
  if (starts_single_task(&R)) {
    bool keep = selected(opts, single_id, strlen(single_id));
    arc_task task = {.id = keep ? ta_strdup(ctx->arena, single_id) : NULL};
    ok = (!keep || task.id) && read_task(&R, keep, &task) && (!keep || push_task(out, &task));
  } else {
    ok = collection_ok && read_collection(&R, opts, out);
  }
  skip_space(&R);
  ok = ok && R.p == R.end;
  free(R.scratch);
  if (!ok) out->count = had;
  return ok;
}

/* ---- solutions ---------------------------------------------------------------------- */

typedef struct fast_outputs {
  fast_key id;
  arc_task *task; /* the task of the set it completes, or NULL */
  tv_val *grids;  /* arena array of n grids (NULL when task is NULL) */
  size_t n;
} fast_outputs;

/* Orders a key against a task by id, as strcmp orders the set. */
static int key_vs_task(const void *key, const void *task) {
  const fast_key *k = key;
  const char *id = ((const arc_task *)task)->id;
  int c = strncmp(k->s, id, k->n);
  return c ? c : (id[k->n] == '\0' ? 0 : -1);
}

static arc_task *task_named(arc_taskset *set, const fast_key *id) {
  if (set->count == 0) return NULL;
  return bsearch(id, set->tasks, set->count, sizeof set->tasks[0], key_vs_task);
}

/* [grid, ...] for one id; the list may be empty. Keeps the grids only for a
 * task of the set, and only as many as it has tests. */
static bool read_outputs(fast_reader *R, fast_outputs *o) {
  if (!take(R, '[')) return false;
  size_t room = o->task ? o->task->n_test : 0;
  o->grids = room ? ta_alloc(R->ctx->arena, room * sizeof *o->grids) : NULL;
  o->n = 0;
  if (take(R, ']')) return true;
  do {
    if (!read_grid(R, o->n < room ? &o->grids[o->n] : NULL)) return false;
    o->n++;
  } while (take(R, ','));
  return take(R, ']');
}

static bool push_outputs(fast_outputs **list, size_t *n, size_t *cap, const fast_outputs *o) {
  fast_outputs *grown = tc_grow(*list, *n, cap, sizeof *grown, 64);
  if (!grown) return false;
  *list = grown;
  (*list)[(*n)++] = *o;
  return true;
}

static bool ids_unique(const fast_outputs *list, size_t n) {
  fast_key *keys = tc_malloc((n ? n : 1) * sizeof *keys);
  if (!keys) return false;
  for (size_t i = 0; i < n; i++) keys[i] = list[i].id;
  bool unique = keys_unique(keys, n);
  free(keys);
  return unique;
}

/* Every named task gets exactly its number of tests (else the jansson
 * loader reports the mismatch). */
static bool counts_match(const fast_outputs *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (list[i].task && list[i].n != list[i].task->n_test) return false;
  return true;
}

bool arc_fast_apply_solutions(arc_taskset *set, const char *text, size_t len,
                              void (*unknown)(void *user, const char *id, size_t n), void *user) {
  fast_reader R = {.p = text, .end = text + len, .ctx = &set->ctx};
  fast_outputs *list = NULL;
  size_t n = 0, cap = 0;
  bool ok = take(&R, '{') && !next_is(&R, '}');
  while (ok) {
    fast_outputs o = {0};
    ok = read_key(&R, &o.id);
    if (!ok) break;
    o.task = task_named(set, &o.id);
    ok = read_outputs(&R, &o) && push_outputs(&list, &n, &cap, &o);
    if (!ok || !take(&R, ',')) break;
  }
  ok = ok && take(&R, '}');
  skip_space(&R);
  ok = ok && R.p == R.end && ids_unique(list, n) && counts_match(list, n);
  for (size_t i = 0; ok && i < n; i++)
    for (size_t t = 0; list[i].task && t < list[i].n; t++) list[i].task->test[t].output = list[i].grids[t];
  for (size_t i = 0; ok && unknown && i < n; i++)
    if (!list[i].task) unknown(user, list[i].id.s, list[i].id.n);
  free(list);
  free(R.scratch);
  return ok;
}
