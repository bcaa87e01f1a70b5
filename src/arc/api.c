/*
 * api.c - the flat entry points of arc_api.h: thin wrappers that run the
 * ordinary task, runner and battery code and write the results as JSON text
 * (core's tc_text, so a failed append anywhere shows up once, at the end, as
 * an out-of-memory error instead of truncated output).
 */
#include "tessera/arc_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/arc_solve.h"
#include "tessera/battery.h"
#include "tessera/fault.h"
#include "tessera/json.h"
#include "tessera/text.h"

/* Arena chunk for one arc_api_run_grid call. */
#define API_ARENA_CHUNK (1u << 20)

static char *finish(tc_text *t, arc_error *err) {
  char *s = tc_text_take(t);
  if (!s && err) snprintf(err->message, sizeof err->message, "out of memory");
  return s;
}

/* A grid of colour bytes (tv_colour_byte) as [[c, ...], ...]; 0x0 is []. */
static void put_grid(tc_text *t, int h, int w, const uint8_t *cells) {
  tc_text_puts(t, "[");
  for (int i = 0; i < h; i++) {
    tc_text_puts(t, i ? ", [" : "[");
    for (int j = 0; j < w; j++)
      tc_text_printf(t, j ? ", %d" : "%d", tv_byte_colour(cells[(size_t)i * (size_t)w + (size_t)j]));
    tc_text_puts(t, "]");
  }
  tc_text_puts(t, "]");
}

static void put_grid_value(tc_text *t, tv_val g) {
  int h = 0, w = 0;
  const uint8_t *cells = NULL;
  if (g && tv_as_grid(g, &h, &w, &cells)) put_grid(t, h, w, cells);
  else tc_text_puts(t, "null");
}

/* ---- tasks ------------------------------------------------------------------ */

static void put_pairs(tc_text *t, const arc_pair *pairs, size_t n) {
  tc_text_puts(t, "[");
  for (size_t k = 0; k < n; k++) {
    tc_text_puts(t, k ? ", {\"input\": " : "{\"input\": ");
    put_grid_value(t, pairs[k].input);
    if (pairs[k].output) {
      tc_text_puts(t, ", \"output\": ");
      put_grid_value(t, pairs[k].output);
    }
    tc_text_puts(t, "}");
  }
  tc_text_puts(t, "]");
}

arc_taskset *arc_api_load_tasks(const char *path, const char *solutions_path, arc_error *err) {
  arc_load_options opts = {.solutions_path = solutions_path};
  return arc_taskset_load(path, &opts, err);
}

char *arc_api_tasks_json(const arc_taskset *set) {
  tc_text t = {0};
  tc_text_puts(&t, "{");
  for (size_t i = 0; i < set->count; i++) {
    const arc_task *task = &set->tasks[i];
    tc_text_puts(&t, i ? ",\n" : "\n");
    tc_json_string(&t, task->id);
    tc_text_puts(&t, ": {\"train\": ");
    put_pairs(&t, task->train, task->n_train);
    tc_text_puts(&t, ", \"test\": ");
    put_pairs(&t, task->test, task->n_test);
    tc_text_puts(&t, "}");
  }
  tc_text_puts(&t, set->count ? "\n}" : "}");
  return finish(&t, NULL);
}

/* ---- one grid --------------------------------------------------------------- */

static tv_val input_grid(tv_ctx *ctx, int h, int w, const int8_t *cells) {
  if (h == 0) return TV_EMPTY_TUPLE;
  tv_val g = tv_grid_new(ctx, h, w);
  if (tv_is_error(g)) return g;
  uint8_t *out = tv_grid_cells(g);
  for (size_t k = 0; k < (size_t)h * (size_t)w; k++) out[k] = tv_colour_byte(cells[k]);
  return tv_grid_seal(g);
}

/* A value as tagged JSON (see arc_api.h): grids and tuples keep their
 * Python kinds without a parser on the other side. */
static void put_value(tc_text *t, tv_val v) {
  switch (tv_kind_of(v)) {
    case TV_INT: tc_text_printf(t, "%lld", (long long)tv_num(v)); return;
    case TV_BOOL: tc_text_puts(t, tv_num(v) ? "true" : "false"); return;
    case TV_PAIR:
      tc_text_printf(t, "{\"t\": [%lld, %lld]}", (long long)tv_pair_a(v), (long long)tv_pair_b(v));
      return;
    case TV_CELL:
      tc_text_printf(t, "{\"t\": [%d, {\"t\": [%lld, %lld]}]}", tv_cell_color(v),
                     (long long)tv_cell_i(v), (long long)tv_cell_j(v));
      return;
    case TV_GRID:
      tc_text_puts(t, "{\"g\": ");
      put_grid(t, tv_grid_h(v), tv_grid_w(v), tv_grid_cells(v));
      tc_text_puts(t, "}");
      return;
    case TV_TUPLE:
    case TV_SET:
      tc_text_puts(t, tv_is_set(v) ? "{\"s\": [" : "{\"t\": [");
      for (size_t k = 0; k < tv_len(v); k++) {
        if (k) tc_text_puts(t, ", ");
        put_value(t, tv_items(v)[k]);
      }
      tc_text_puts(t, "]}");
      return;
    default: tc_text_puts(t, "{\"f\": null}"); return; /* a function: no Python value */
  }
}

char *arc_api_run_grid(const tl_library *lib, size_t program, int h, int w, const int8_t *cells,
                       uint64_t budget, bool *failed, uint64_t *work, arc_error *err) {
  if (h < 0 || w < 0 || h > TV_GRID_MAX_SIDE || w > TV_GRID_MAX_SIDE || (h == 0) != (w == 0)) {
    snprintf(err->message, sizeof err->message, "grid shape %dx%d is not 0x0 or 1..%d on each side",
             h, w, TV_GRID_MAX_SIDE);
    return NULL;
  }
  ta_arena arena;
  ta_arena_init(&arena, API_ARENA_CHUNK);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, budget);
  tv_val in = input_grid(&ctx, h, w, cells);
  tv_val out = tv_is_error(in) ? in : tl_run(lib, program, &ctx, in);
  *failed = tv_is_error(out);
  if (work) *work = ctx.work;
  char *text = NULL;
  if (*failed) {
    text = tc_strdup(tv_error_message(out));
  } else {
    tc_text t = {0};
    put_value(&t, out);
    text = tc_text_take(&t);
  }
  ta_arena_free(&arena);
  if (!text) arc_fail(err, ARC_ERR_FAILED, "out of memory");
  return text;
}

/* ---- arc_run ------------------------------------------------------------------ */

static const char *pair_status_name(arc_pair_status s) {
  static const char *const names[] = {"ok", "wrong", "error", "unknown"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "error";
}

static void put_run_pair(tc_text *t, const arc_pair_result *p) {
  tc_text_printf(t, "{\"kind\": \"%s\", \"index\": %zu, \"status\": \"%s\", \"output\": ",
                 p->is_test ? "test" : "train", p->index, pair_status_name(p->status));
  if (p->has_output && (p->out_cells || p->out_h == 0)) put_grid(t, p->out_h, p->out_w, p->out_cells);
  else tc_text_puts(t, "null");
  tc_text_puts(t, ", \"error\": ");
  if (p->status == ARC_PAIR_ERROR) tc_json_string(t, p->error ? p->error : "out of memory");
  else tc_text_puts(t, "null");
  tc_text_puts(t, "}");
}

static void put_run_task(tc_text *t, const arc_task_result *r) {
  tc_text_puts(t, "{\"id\": ");
  tc_json_string(t, r->task->id);
  tc_text_printf(t, ", \"solved\": %s, \"work\": %llu, \"pairs\": [", r->solved ? "true" : "false",
                 (unsigned long long)r->work);
  for (size_t p = 0; p < r->n_pairs; p++) {
    if (p) tc_text_puts(t, ", ");
    put_run_pair(t, &r->pairs[p]);
  }
  tc_text_puts(t, "]}");
}

char *arc_api_run_json(const tl_library *lib, const arc_taskset *set, const char *program,
                       uint64_t budget, int jobs, arc_error *err) {
  arc_run_options opts = arc_run_options_default();
  opts.budget = budget;
  opts.jobs = jobs;
  opts.program = program;
  arc_run_result r;
  if (arc_run(lib, set, &opts, &r, err) != 0) return NULL;
  tc_text t = {0};
  tc_text_puts(&t, "{\"tasks\": [");
  for (size_t k = 0; k < r.count; k++) {
    tc_text_puts(&t, k ? ",\n  " : "\n  ");
    put_run_task(&t, &r.tasks[k]);
  }
  tc_text_printf(&t, "%s], \"solved\": %zu, \"total\": %zu}", r.count ? "\n" : "", r.solved, r.count);
  arc_run_result_free(&r);
  return finish(&t, err);
}

/* ---- the battery ---------------------------------------------------------------- */

static void put_result(tc_text *t, const arc_battery *b, const arc_program_result *r) {
  const arc_program *p = arc_battery_program(b, r->program);
  tc_text_printf(t, "{\"hash\": \"%s\", \"name\": ", p->hash);
  tc_json_string(t, p->name);
  tc_text_printf(t, ", \"status\": \"%s\", \"matches\": %u, \"evaluated\": %u, \"train_pairs\": %u,"
                 " \"score\": %.17g, \"scores\": {", arc_eval_status_name(r->status), r->matches,
                 r->evaluated, r->train_pairs, r->score);
  for (int s = 0; s < ARC_SCORER_COUNT; s++)
    tc_text_printf(t, "%s\"%s\": %.17g", s ? ", " : "", arc_scorer_name((arc_scorer)s), r->scores[s]);
  tc_text_printf(t, "}, \"work\": %llu, \"predictions\": [", (unsigned long long)r->work);
  for (size_t k = 0; k < r->n_predictions; k++) {
    const arc_grid *g = &r->predictions[k];
    if (k) tc_text_puts(t, ", ");
    if (g->cells) put_grid(t, g->h, g->w, g->cells);
    else tc_text_puts(t, "null"); /* no grid for this test input */
  }
  tc_text_puts(t, "]}");
}

static void put_eval_task(tc_text *t, const arc_battery *b, const arc_eval_task *r) {
  tc_text_puts(t, "{\"id\": ");
  tc_json_string(t, r->task->id);
  tc_text_printf(t, ", \"task_hash\": \"%s\", \"solved_by\": [", r->task_hash);
  for (size_t k = 0; k < r->n_solved_by; k++)
    tc_text_printf(t, "%s\"%s\"", k ? ", " : "", arc_battery_program(b, r->solved_by[k])->hash);
  tc_text_printf(t, "], \"programs_run\": %zu, \"timed_out\": %s, \"results\": [", r->programs_run,
                 r->timed_out ? "true" : "false");
  for (size_t k = 0; k < r->n_kept; k++) {
    tc_text_puts(t, k ? ",\n      " : "\n      ");
    put_result(t, b, &r->kept[k]);
  }
  tc_text_puts(t, "]}");
}

/* The canonical text of every program some task kept, each once. */
static bool put_program_texts(tc_text *t, const arc_battery *b, const arc_eval_result *r) {
  bool *named = calloc(arc_battery_count(b) + 1, sizeof *named);
  if (!named) return false;
  for (size_t k = 0; k < r->count; k++)
    for (size_t j = 0; j < r->tasks[k].n_kept; j++) named[r->tasks[k].kept[j].program] = true;
  tc_text_puts(t, "{");
  bool first = true;
  for (size_t i = 0; i < arc_battery_count(b); i++) {
    if (!named[i]) continue;
    const arc_program *p = arc_battery_program(b, i);
    tc_text_printf(t, "%s\n    \"%s\": {\"name\": ", first ? "" : ",", p->hash);
    tc_json_string(t, p->name);
    tc_text_puts(t, ", \"text\": ");
    tc_json_string(t, p->text);
    tc_text_puts(t, "}");
    first = false;
  }
  tc_text_puts(t, "}");
  free(named);
  return true;
}

static char *eval_json(const arc_battery *b, const arc_eval_result *r, arc_error *err) {
  tc_text t = {0};
  tc_text_printf(&t, "{\"tasks_solved\": %zu, \"tasks_total\": %zu, \"programs\": %zu,"
                 " \"pairs_evaluated\": %llu, \"demo_evaluations\": %llu,\n  \"program_texts\": ",
                 r->solved, r->count, arc_battery_count(b), (unsigned long long)r->program_task_pairs,
                 (unsigned long long)r->demo_evaluations);
  if (!put_program_texts(&t, b, r)) t.failed = true;
  tc_text_puts(&t, ",\n  \"tasks\": [");
  for (size_t k = 0; k < r->count; k++) {
    tc_text_puts(&t, k ? ",\n    " : "\n    ");
    put_eval_task(&t, b, &r->tasks[k]);
  }
  tc_text_puts(&t, r->count ? "\n  ]}" : "]}");
  return finish(&t, err);
}

char *arc_api_evaluate_json(const tl_library *lib, const arc_taskset *set,
                            const arc_api_eval_options *options, arc_error *err) {
  arc_battery *b = arc_battery_compile(lib, err);
  if (!b) return NULL;
  arc_eval_options opts = arc_eval_options_default();
  opts.cross = options->cross;
  opts.partial = options->partial;
  opts.budget = options->budget;
  opts.jobs = options->jobs;
  if (options->keep) opts.keep = options->keep;
  arc_eval_result r;
  char *json = NULL;
  if (arc_eval(b, set, &opts, &r, err) == 0) {
    json = eval_json(b, &r, err);
    arc_eval_result_free(&r);
  }
  arc_battery_free(b);
  return json;
}

/* ---- the program search ------------------------------------------------------------ */

/* "disable: unknown part ..." as the command says it. */
static bool parse_disable(const char *list, unsigned *bits, arc_error *err) {
  if (arc_solve_parse_parts(list, bits, err)) return true;
  char reason[sizeof err->message];
  snprintf(reason, sizeof reason, "%s", err->message);
  return arc_fail(err, ARC_ERR_INPUT, "disable: %s", reason);
}

static void put_solve_task(tc_text *t, const arc_solve_task *task) {
  arc_solve_task_json(t, task);
  if (t->failed || !t->len) return;
  t->s[--t->len] = '\0'; /* the closing brace: the attempts go in before it */
  tc_text_puts(t, ", \"attempts\": [");
  for (size_t i = 0; i < task->task->n_test; i++) {
    tc_text_puts(t, i ? ", [" : "[");
    for (int a = 0; a < 2; a++) {
      const arc_grid *g = &task->attempts[i][a];
      if (a) tc_text_puts(t, ", ");
      if (g->cells) put_grid(t, g->h, g->w, g->cells);
      else tc_text_puts(t, "null");
    }
    tc_text_puts(t, "]");
  }
  tc_text_puts(t, "]}");
}

char *arc_api_solve_json(const arc_taskset *set, const arc_api_solve_options *options, arc_error *err) {
  arc_solve_options o = {.budget = options->budget, .memory_mb = options->memory_mb, .jobs = options->jobs};
  if (!parse_disable(options->disable, &o.disable, err)) return NULL;
  arc_solve_source *src = tc_calloc(options->n_library + 1, sizeof *src);
  if (!src) return arc_fail(err, ARC_ERR_FAILED, "out of memory"), NULL;
  for (size_t k = 0; k < options->n_library; k++) {
    const char *text = options->library_texts[k] ? options->library_texts[k] : "";
    const char *name = options->library_names && options->library_names[k] ? options->library_names[k] : "<source>";
    src[k] = (arc_solve_source){.name = name, .text = text, .len = strlen(text)};
  }
  o.sources = src;
  o.n_sources = options->n_library;
  arc_solve_result r;
  int rc = arc_solve_tasks(set, &o, &r, err);
  free(src);
  if (rc != 0) return NULL;
  tc_text t = {0};
  tc_text_puts(&t, "{\"tasks\": [");
  for (size_t k = 0; k < r.count; k++) {
    tc_text_puts(&t, k ? ",\n  " : "\n  ");
    put_solve_task(&t, &r.tasks[k]);
  }
  tc_text_printf(&t, "%s], \"solved\": %zu, \"total\": %zu, \"work\": %llu, \"scored_tasks\": %zu,"
                 " \"score\": %.17g, \"tests_known\": %zu, \"tests_right\": %zu}",
                 r.count ? "\n" : "", r.solved, r.count, (unsigned long long)r.work, r.scored_tasks, r.score,
                 r.tests_known, r.tests_right);
  arc_solve_result_free(&r);
  return finish(&t, err);
}
