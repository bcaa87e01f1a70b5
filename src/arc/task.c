/*
 * task.c - ARC task loading (see arc_task.h).
 *
 * JSON is parsed with jansson, then walked while a "JSON path" string
 * (e.g. "train[1].input[2]") is kept up to date, so every validation error can
 * say exactly where it is. Grids are checked completely (shape first, then
 * colours) before any TV_GRID is built. Files are read into memory by us
 * rather than by jansson so that I/O errors get a proper strerror message.
 *
 * Every document is first offered to the strict fast reader (task_fast.c);
 * jansson runs only when that reader defers, which is always the case for a
 * malformed file, so the messages below are the only ones users ever see.
 */
#include "tessera/arc_task.h"
#include "task_fast.h"
#include "tessera/fault.h"
#include "tessera/grow.h"
#include "tessera/json.h"
#include "tessera/arc_limits.h"
#include "tessera/readfile.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ARC_MAX_COLOUR 9

typedef struct loader {
  arc_taskset *set;
  const char *file; /* source name used in messages */
  arc_error *err;
  char path[512];   /* JSON path of the value being checked */
  size_t path_len;
} loader;

/* ---- messages and JSON paths --------------------------------------------- */

/* Bad input (the file's fault): exit status 2. */
static void set_error(arc_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(arc_error *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  err->kind = ARC_ERR_INPUT;
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

/* Out of memory while loading `what`: not the file's fault. */
static bool out_of_memory(arc_error *err, const char *what) {
  return arc_fail(err, ARC_ERR_FAILED, "%s: out of memory", what);
}

/* Records "file: path: message" (or "file: message" at the root); returns false
 * so callers can `return fail(...)`. */
static bool fail(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(loader *L, const char *fmt, ...) {
  char what[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (L->path_len)
    set_error(L->err, "%s: %s: %s", L->file, L->path, what);
  else
    set_error(L->err, "%s: %s", L->file, what);
  return false;
}

static size_t path_push(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static size_t path_push(loader *L, const char *fmt, ...) {
  size_t saved = L->path_len;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(L->path + saved, sizeof L->path - saved, fmt, ap);
  va_end(ap);
  if (n > 0) L->path_len = saved + (size_t)n < sizeof L->path ? saved + (size_t)n : sizeof L->path - 1;
  return saved;
}

static size_t path_key(loader *L, const char *key) {
  return path_push(L, L->path_len ? ".%s" : "%s", key);
}

static size_t path_index(loader *L, size_t i) { return path_push(L, "[%zu]", i); }

static void path_pop(loader *L, size_t saved) {
  L->path_len = saved;
  L->path[saved] = '\0';
}

static const char *json_kind(const json_t *j) {
  switch (json_typeof(j)) {
  case JSON_OBJECT: return "object";
  case JSON_ARRAY: return "array";
  case JSON_STRING: return "string";
  case JSON_INTEGER: return "integer";
  case JSON_REAL: return "number";
  case JSON_TRUE:
  case JSON_FALSE: return "boolean";
  case JSON_NULL: return "null";
  }
  return "value";
}

/* ---- grids ---------------------------------------------------------------- */

/* Checks that `j` is a non-empty rectangle of rows; sets its shape. */
static bool check_grid_shape(loader *L, const json_t *j, size_t *h, size_t *w) {
  if (!json_is_array(j)) return fail(L, "expected a grid (list of rows), got %s", json_kind(j));
  *h = json_array_size(j);
  if (*h == 0) return fail(L, "grid is empty");
  if (*h > TV_GRID_MAX_SIDE)
    return fail(L, "grid has %zu rows, at most %d allowed", *h, TV_GRID_MAX_SIDE);
  for (size_t i = 0; i < *h; i++) {
    const json_t *row = json_array_get(j, i);
    size_t saved = path_index(L, i);
    if (!json_is_array(row)) return fail(L, "expected a row (list of colours), got %s", json_kind(row));
    size_t n = json_array_size(row);
    if (n == 0) return fail(L, "row is empty");
    if (n > TV_GRID_MAX_SIDE) return fail(L, "row has %zu cells, at most %d allowed", n, TV_GRID_MAX_SIDE);
    if (i == 0) *w = n;
    if (n != *w) return fail(L, "row has %zu cell%s, expected %zu", n, n == 1 ? "" : "s", *w);
    path_pop(L, saved);
  }
  return true;
}

static bool check_colour(loader *L, const json_t *cell, size_t i, size_t j, uint8_t *out) {
  if (json_is_integer(cell)) {
    json_int_t c = json_integer_value(cell);
    if (c >= 0 && c <= ARC_MAX_COLOUR) {
      *out = (uint8_t)c;
      return true;
    }
  }
  size_t saved = path_index(L, i);
  path_index(L, j);
  if (!json_is_integer(cell)) return fail(L, "expected a colour 0..9, got %s", json_kind(cell));
  fail(L, "colour %lld is out of range 0..9", (long long)json_integer_value(cell));
  path_pop(L, saved);
  return false;
}

static bool parse_grid(loader *L, const json_t *j, tv_val *out) {
  size_t h = 0, w = 0;
  if (!check_grid_shape(L, j, &h, &w)) return false;
  tv_val g = tv_grid_new(&L->set->ctx, (int)h, (int)w);
  if (tv_is_error(g)) return out_of_memory(L->err, L->file); /* the shape was checked */
  uint8_t *cells = tv_grid_cells(g);
  for (size_t i = 0; i < h; i++) {
    const json_t *row = json_array_get(j, i);
    for (size_t k = 0; k < w; k++)
      if (!check_colour(L, json_array_get(row, k), i, k, &cells[i * w + k])) return false;
  }
  *out = tv_grid_seal(g);
  return true;
}

/* ---- pairs and tasks ------------------------------------------------------ */

static bool parse_pair(loader *L, const json_t *j, bool output_required, arc_pair *pair) {
  if (!json_is_object(j))
    return fail(L, "expected an object with \"input\" and \"output\", got %s", json_kind(j));
  const json_t *input = json_object_get(j, "input");
  const json_t *output = json_object_get(j, "output");
  if (!input) return fail(L, "missing key \"input\"");
  if (!output && output_required) return fail(L, "missing key \"output\"");
  size_t saved = path_key(L, "input");
  if (!parse_grid(L, input, &pair->input)) return false;
  path_pop(L, saved);
  pair->output = 0;
  if (output && !(json_is_null(output) && !output_required)) {
    path_key(L, "output");
    if (!parse_grid(L, output, &pair->output)) return false;
    path_pop(L, saved);
  }
  return true;
}

static bool parse_pairs(loader *L, const json_t *task, const char *key, bool output_required,
                        arc_pair **pairs, size_t *n) {
  const json_t *list = json_object_get(task, key);
  if (!list) return fail(L, "missing key \"%s\"", key);
  size_t saved = path_key(L, key);
  if (!json_is_array(list)) return fail(L, "expected a list of pairs, got %s", json_kind(list));
  *n = json_array_size(list);
  if (*n == 0) return fail(L, "expected at least one pair");
  *pairs = ta_alloc_array(&L->set->arena, *n, sizeof **pairs);
  if (!*pairs) return out_of_memory(L->err, L->file);
  memset(*pairs, 0, *n * sizeof **pairs);
  for (size_t i = 0; i < *n; i++) {
    size_t at = path_index(L, i);
    if (!parse_pair(L, json_array_get(list, i), output_required, &(*pairs)[i])) return false;
    path_pop(L, at);
  }
  path_pop(L, saved);
  return true;
}

static bool parse_task(loader *L, const json_t *j, const char *id, arc_task *task) {
  if (!json_is_object(j))
    return fail(L, "expected an object with \"train\" and \"test\", got %s", json_kind(j));
  task->id = ta_strdup(&L->set->arena, id);
  if (!task->id) return out_of_memory(L->err, L->file);
  return parse_pairs(L, j, "train", true, &task->train, &task->n_train) &&
         parse_pairs(L, j, "test", false, &task->test, &task->n_test);
}

/* ---- the task set ---------------------------------------------------------- */

static arc_taskset *taskset_new(void) {
  arc_taskset *set = tc_calloc(1, sizeof *set);
  if (!set) return NULL;
  ta_arena_init(&set->arena, 1u << 20);
  tv_ctx_init(&set->ctx, &set->arena, 0);
  return set;
}

void arc_taskset_free(arc_taskset *set) {
  if (!set) return;
  free(set->tasks);
  ta_arena_free(&set->arena);
  free(set);
}

/* Appends an empty task; NULL when out of memory. */
static arc_task *taskset_push(arc_taskset *set, size_t *cap) {
  arc_task *tasks = tc_grow(set->tasks, set->count, cap, sizeof *tasks, 16);
  if (!tasks) return NULL;
  set->tasks = tasks;
  arc_task *task = &set->tasks[set->count++];
  memset(task, 0, sizeof *task);
  return task;
}

static int task_by_id(const void *a, const void *b) {
  return strcmp(((const arc_task *)a)->id, ((const arc_task *)b)->id);
}

const arc_task *arc_taskset_find(const arc_taskset *set, const char *id) {
  arc_task key = {.id = id};
  if (!set || set->count == 0) return NULL;
  return bsearch(&key, set->tasks, set->count, sizeof key, task_by_id);
}

static bool id_selected(const arc_load_options *opts, const char *id) {
  if (!opts || !opts->only_ids) return true;
  for (size_t i = 0; i < opts->n_only_ids; i++)
    if (strcmp(opts->only_ids[i], id) == 0) return true;
  return false;
}

/* Every requested id must have been loaded. */
static bool check_requested(const arc_taskset *set, const arc_load_options *opts, const char *source,
                            arc_error *err) {
  if (!opts || !opts->only_ids || opts->missing_ids_ok) return true;
  for (size_t i = 0; i < opts->n_only_ids; i++) {
    if (!arc_taskset_find(set, opts->only_ids[i])) {
      set_error(err, "%s: no task '%s'", source, opts->only_ids[i]);
      return false;
    }
  }
  return true;
}

/* ---- reading JSON ----------------------------------------------------------- */

/* Reads a whole file (core's reader: one message style for every loader). */
static char *read_file(const char *path, size_t *size, arc_error *err) {
  char why[sizeof err->message];
  char *text = tc_read_file(path, ARC_INPUT_FILE_LIMIT, size, why, sizeof why);
  if (!text) arc_fail(err, errno == ENOMEM ? ARC_ERR_FAILED : ARC_ERR_INPUT, "%s", why);
  return text;
}

/* The shared JSON rule (tessera/json.h): BOM skipped, duplicate keys refused. */
static json_t *parse_json(const char *label, const char *text, size_t len, arc_error *err) {
  char why[sizeof err->message];
  json_t *root = tc_json_parse(label, text, len, why, sizeof why);
  if (!root) arc_fail(err, ARC_ERR_INPUT, "%s", why);
  return root;
}

static bool fast_allowed(const arc_load_options *opts) { return !opts || !opts->json_only; }

/* "dir/abc.json" -> "abc" in `out`. */
static void id_from_label(const char *label, char *out, size_t size) {
  const char *base = strrchr(label, '/');
  base = base ? base + 1 : label;
  size_t n = strlen(base);
  if (n > 5 && strcmp(base + n - 5, ".json") == 0) n -= 5;
  if (n >= size) n = size - 1;
  memcpy(out, base, n);
  out[n] = '\0';
}

/* A file whose top level has "train" or "test" is one task, not a collection. */
static bool is_single_task(const json_t *root) {
  return json_is_object(root) &&
         (json_object_get(root, "train") != NULL || json_object_get(root, "test") != NULL);
}

static bool add_task(arc_taskset *set, size_t *cap, const char *file, const char *prefix,
                     const json_t *j, const char *id, arc_error *err) {
  loader L = {.set = set, .file = file, .err = err};
  if (prefix) path_push(&L, "%s", prefix);
  arc_task *task = taskset_push(set, cap);
  if (!task) {
    out_of_memory(err, file);
    return false;
  }
  return parse_task(&L, j, id, task);
}

/* Kaggle challenges: {"<id>": task, ...}. */
static bool add_collection(arc_taskset *set, size_t *cap, const char *file, const json_t *root,
                           const arc_load_options *opts, arc_error *err) {
  if (!json_is_object(root)) {
    set_error(err, "%s: expected an object of tasks by id, got %s", file, json_kind(root));
    return false;
  }
  if (json_object_size(root) == 0) {
    set_error(err, "%s: no tasks in this file", file);
    return false;
  }
  const char *id;
  json_t *value;
  json_object_foreach((json_t *)root, id, value) {
    if (!id_selected(opts, id)) continue;
    if (!add_task(set, cap, file, id, value, id, err)) return false;
  }
  return true;
}

static bool add_from_json(arc_taskset *set, size_t *cap, const char *label, const json_t *root,
                          const arc_load_options *opts, arc_error *err) {
  if (!is_single_task(root)) return add_collection(set, cap, label, root, opts, err);
  char id[256];
  id_from_label(label, id, sizeof id);
  if (!id_selected(opts, id)) return true;
  return add_task(set, cap, label, NULL, root, id, err);
}

/* Moves the fast reader's tasks into the set. */
static bool adopt_fast_tasks(arc_taskset *set, size_t *cap, arc_fast_tasks *fast, const char *label,
                             arc_error *err) {
  bool ok = true;
  for (size_t i = 0; ok && i < fast->count; i++) {
    arc_task *task = taskset_push(set, cap);
    if (task) *task = fast->items[i];
    else out_of_memory(err, label);
    ok = task != NULL;
  }
  arc_fast_tasks_free(fast);
  return ok;
}

/* A whole document: the fast reader first, jansson when it defers. A
 * folder member (`folder_id` set) is always one task with that id; any
 * other document is one task named after `label` or a Kaggle collection. */
static bool add_from_text(arc_taskset *set, size_t *cap, const char *label, const char *folder_id,
                          const char *text, size_t len, const arc_load_options *opts,
                          arc_error *err) {
  tc_skip_bom(&text, &len);
  char label_id[256];
  id_from_label(label, label_id, sizeof label_id);
  const char *id = folder_id ? folder_id : label_id;
  arc_fast_tasks fast = {0};
  if (fast_allowed(opts) && arc_fast_read_tasks(&set->ctx, text, len, id, !folder_id, opts, &fast))
    return adopt_fast_tasks(set, cap, &fast, label, err);
  arc_fast_tasks_free(&fast);
  json_t *root = parse_json(label, text, len, err);
  if (!root) return false;
  /* checking everything means adding everything; drop_unselected trims */
  bool check_all = opts && opts->check_unselected;
  bool ok = folder_id ? add_task(set, cap, label, NULL, root, folder_id, err)
                      : add_from_json(set, cap, label, root, check_all ? NULL : opts, err);
  json_decref(root);
  return ok;
}

/* Reads a file and adds its tasks (see add_from_text). */
static bool add_file(arc_taskset *set, size_t *cap, const char *file, const char *folder_id,
                     const arc_load_options *opts, arc_error *err) {
  size_t len = 0;
  char *text = read_file(file, &len, err);
  if (!text) return false;
  bool ok = add_from_text(set, cap, file, folder_id, text, len, opts, err);
  free(text);
  return ok;
}

/* ---- solutions ------------------------------------------------------------ */

/* Kaggle solutions: {"<id>": [grid, ...]} fills the test outputs of the tasks
 * present in the set; other ids are ignored (the set may be filtered). */
static bool apply_solutions(arc_taskset *set, const char *file, const json_t *root, arc_error *err) {
  if (!json_is_object(root)) {
    set_error(err, "%s: expected an object of test outputs by task id, got %s", file, json_kind(root));
    return false;
  }
  for (size_t t = 0; t < set->count; t++) {
    arc_task *task = &set->tasks[t];
    const json_t *outputs = json_object_get(root, task->id);
    if (!outputs) continue;
    loader L = {.set = set, .file = file, .err = err};
    path_push(&L, "%s", task->id);
    if (!json_is_array(outputs)) return fail(&L, "expected a list of grids, got %s", json_kind(outputs));
    if (json_array_size(outputs) != task->n_test)
      return fail(&L, "expected %zu test output%s, got %zu", task->n_test,
                  task->n_test == 1 ? "" : "s", json_array_size(outputs));
    for (size_t i = 0; i < task->n_test; i++) {
      size_t saved = path_index(&L, i);
      if (!parse_grid(&L, json_array_get(outputs, i), &task->test[i].output)) return false;
      path_pop(&L, saved);
    }
  }
  return true;
}

static void sort_tasks(arc_taskset *set) {
  if (set->count > 1) qsort(set->tasks, set->count, sizeof set->tasks[0], task_by_id);
}

/* Solutions text (NULL: none) onto the sorted set: fast reader, else jansson. */
/* Where solution ids that no task has are reported: only when the whole
 * task set was loaded (with --task, the others are simply not loaded). */
typedef struct unknown_ids {
  const char *label;
  const arc_load_options *opts;
} unknown_ids;

static void warn_unknown_id(void *user, const char *id, size_t n) {
  const unknown_ids *u = user;
  char message[700];
  snprintf(message, sizeof message, "%s: no task '%.*s' in the task set; its outputs are ignored",
           u->label, (int)(n < 300 ? n : 300), id);
  u->opts->warn(u->opts->warn_user, message);
}

static void warn_unknown_ids(const arc_taskset *set, const json_t *root, unknown_ids *u) {
  const char *id;
  const json_t *value;
  json_object_foreach((json_t *)root, id, value)
    if (!arc_taskset_find(set, id)) warn_unknown_id(u, id, strlen(id));
}

static bool add_solutions(arc_taskset *set, const char *label, const char *text, size_t len,
                          const arc_load_options *opts, arc_error *err) {
  if (!text) return true;
  tc_skip_bom(&text, &len);
  unknown_ids u = {label, opts};
  bool report = opts && opts->warn && !opts->only_ids;
  if (fast_allowed(opts) && arc_fast_apply_solutions(set, text, len, report ? warn_unknown_id : NULL, &u))
    return true;
  json_t *root = parse_json(label, text, len, err);
  bool ok = root && apply_solutions(set, label, root, err);
  if (ok && report) warn_unknown_ids(set, root, &u);
  json_decref(root);
  return ok;
}

arc_taskset *arc_taskset_from_text(const char *label, const char *text,
                                   const char *solutions_label, const char *solutions_text,
                                   arc_error *err) {
  arc_taskset *set = taskset_new();
  if (!set) {
    out_of_memory(err, label);
    return NULL;
  }
  size_t cap = 0;
  bool ok = add_from_text(set, &cap, label, NULL, text, strlen(text), NULL, err);
  if (ok) sort_tasks(set);
  ok = ok && add_solutions(set, solutions_label, solutions_text,
                           solutions_text ? strlen(solutions_text) : 0, NULL, err);
  if (ok) return set;
  arc_taskset_free(set);
  return NULL;
}

/* ---- an answer key alone ------------------------------------------------------ */

/* A 1x1 grid of colour 0 stands for every input of an answer key. */
static tv_val placeholder_grid(arc_taskset *set) {
  tv_val g = tv_grid_new(&set->ctx, 1, 1);
  if (tv_is_error(g)) return 0;
  tv_grid_cells(g)[0] = 0;
  return tv_grid_seal(g);
}

/* A task with placeholder inputs and one test per listed output (one when
 * the list is not a list: apply_solutions then words the problem). */
static bool add_answer_task(arc_taskset *set, size_t *cap, const char *id, const json_t *outputs,
                            tv_val blank, arc_error *err, const char *file) {
  size_t n = json_is_array(outputs) && json_array_size(outputs) ? json_array_size(outputs) : 1;
  arc_task *task = taskset_push(set, cap);
  arc_pair *pairs = task ? ta_alloc_array(&set->arena, n + 1, sizeof *pairs) : NULL;
  if (!pairs || !(task->id = ta_strdup(&set->arena, id))) return out_of_memory(err, file);
  for (size_t k = 0; k <= n; k++) pairs[k] = (arc_pair){.input = blank, .output = k == 0 ? blank : 0};
  *task = (arc_task){.id = task->id, .train = pairs, .n_train = 1, .test = pairs + 1, .n_test = n};
  return true;
}

arc_taskset *arc_taskset_load_answers(const char *path, arc_error *err) {
  size_t len = 0, cap = 0;
  char *text = read_file(path, &len, err);
  json_t *root = text ? parse_json(path, text, len, err) : NULL;
  arc_taskset *set = root ? taskset_new() : NULL;
  tv_val blank = set ? placeholder_grid(set) : 0;
  bool ok = blank != 0 || (root && out_of_memory(err, path));
  if (ok && !json_is_object(root))
    ok = (set_error(err, "%s: expected an object of test outputs by task id, got %s", path, json_kind(root)), false);
  if (ok && json_object_size(root) == 0) ok = (set_error(err, "%s: no tasks in this file", path), false);
  const char *id;
  json_t *outputs;
  if (ok) json_object_foreach(root, id, outputs) {
    if (!(ok = add_answer_task(set, &cap, id, outputs, blank, err, path))) break;
  }
  if (ok) sort_tasks(set);
  ok = ok && apply_solutions(set, path, root, err);
  json_decref(root);
  free(text);
  if (ok) return set;
  arc_taskset_free(set);
  return NULL;
}

/* ---- folders ----------------------------------------------------------------- */

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_json_suffix(const char *name) {
  size_t n = strlen(name);
  return n > 5 && name[0] != '.' && strcmp(name + n - 5, ".json") == 0;
}

/* The sorted "<id>.json" names of a folder (malloc'd array of arena strings). */
static char **list_task_files(arc_taskset *set, const char *dir, size_t *count, arc_error *err) {
  DIR *d = opendir(dir);
  if (!d) {
    set_error(err, "%s: cannot open folder: %s", dir, strerror(errno));
    return NULL;
  }
  size_t cap = 0;
  char **names = NULL;
  *count = 0;
  bool ok = true;
  for (struct dirent *e; ok && (e = readdir(d)) != NULL;) {
    if (!has_json_suffix(e->d_name)) continue;
    char **grown = tc_grow(names, *count, &cap, sizeof *names, 64);
    char *name = grown ? ta_strdup(&set->arena, e->d_name) : NULL;
    if (grown) names = grown;
    if ((ok = name != NULL)) names[(*count)++] = name;
  }
  closedir(d);
  if (!ok || (!names && !(names = tc_malloc(sizeof *names)))) {
    free(names);
    out_of_memory(err, dir);
    return NULL;
  }
  qsort(names, *count, sizeof *names, by_string);
  return names;
}

/* Whether folder member `name` is read at all; its task id into `id`. */
static bool wanted(const arc_load_options *opts, const char *name, char id[256]) {
  id_from_label(name, id, 256);
  return id_selected(opts, id) || (opts && opts->check_unselected);
}

/* "dir/name" in the set's arena (NULL when memory ran out). */
static char *folder_file(arc_taskset *set, const char *dir, const char *name) {
  size_t dir_len = strlen(dir);
  while (dir_len > 1 && dir[dir_len - 1] == '/') dir_len--;
  return ta_printf(&set->arena, "%.*s/%s", (int)dir_len, dir, name);
}

static bool load_folder(arc_taskset *set, size_t *cap, const char *dir,
                        const arc_load_options *opts, arc_error *err) {
  size_t n = 0;
  char **names = list_task_files(set, dir, &n, err);
  if (!names) return false;
  bool ok = true;
  for (size_t i = 0; ok && i < n; i++) {
    char id[256];
    if (!wanted(opts, names[i], id)) continue;
    const char *file = folder_file(set, dir, names[i]);
    ok = file ? add_file(set, cap, file, id, opts, err) : out_of_memory(err, dir);
  }
  free(names);
  if (ok && n == 0) {
    set_error(err, "%s: no task files (*.json) in this folder", dir);
    ok = false;
  }
  return ok;
}

static bool load_path(arc_taskset *set, size_t *cap, const char *path,
                      const arc_load_options *opts, arc_error *err) {
  struct stat st;
  if (stat(path, &st) != 0) {
    set_error(err, "%s: %s", path, strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) return load_folder(set, cap, path, opts, err);
  return add_file(set, cap, path, NULL, opts, err);
}

/* With check_unselected, the jansson path keeps every task it checked. */
static void drop_unselected(arc_taskset *set, const arc_load_options *opts) {
  if (!opts || !opts->check_unselected) return;
  size_t kept = 0;
  for (size_t t = 0; t < set->count; t++)
    if (id_selected(opts, set->tasks[t].id)) set->tasks[kept++] = set->tasks[t];
  set->count = kept;
}

/* True when s is well-formed UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF). */
static bool valid_utf8(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    size_t n = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC2 ? 2 : 0;
    if (n == 0 || *p > 0xF4) return false;
    for (size_t k = 1; k < n; k++)
      if ((p[k] & 0xC0) != 0x80) return false;
    if ((n == 3 && p[0] == 0xE0 && p[1] < 0xA0) || (n == 3 && p[0] == 0xED && p[1] >= 0xA0) ||
        (n == 4 && p[0] == 0xF0 && p[1] < 0x90) || (n == 4 && p[0] == 0xF4 && p[1] >= 0x90))
      return false;
    p += n;
  }
  return true;
}

/* Ids end up in JSON output (reports, submissions, the store), which must be
 * UTF-8; only a file name can bring other bytes (JSON keys are text). */
static bool check_ids_are_text(const arc_taskset *set, const char *path, arc_error *err) {
  for (size_t t = 0; t < set->count; t++) {
    if (valid_utf8(set->tasks[t].id)) continue;
    char shown[256 * 4 + 1], *at = shown;
    for (const unsigned char *c = (const unsigned char *)set->tasks[t].id; *c && at < shown + sizeof shown - 5; c++)
      at += *c >= 0x20 && *c < 0x7f ? sprintf(at, "%c", *c) : sprintf(at, "\\x%02x", *c);
    *at = '\0';
    set_error(err, "%s: task id '%s' (from a file name) is not valid UTF-8; rename the file", path, shown);
    return false;
  }
  return true;
}

arc_taskset *arc_taskset_load(const char *path, const arc_load_options *opts, arc_error *err) {
  arc_taskset *set = taskset_new();
  if (!set) {
    out_of_memory(err, path);
    return NULL;
  }
  size_t cap = 0, len = 0;
  char *solutions = NULL;
  const char *solutions_path = opts ? opts->solutions_path : NULL;
  bool ok = load_path(set, &cap, path, opts, err);
  if (ok) drop_unselected(set, opts);
  ok = ok && check_ids_are_text(set, path, err);
  if (ok && solutions_path) ok = (solutions = read_file(solutions_path, &len, err)) != NULL;
  if (ok) sort_tasks(set);
  ok = ok && add_solutions(set, solutions_path, solutions, len, opts, err) &&
       check_requested(set, opts, path, err);
  free(solutions);
  if (ok) return set;
  arc_taskset_free(set);
  return NULL;
}
