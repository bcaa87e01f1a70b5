/*
 * cli_mpi_wire.c - encoding battery results for MPI messages (see
 * cli_mpi_wire.h). Fields are written in declaration order of battery.h;
 * a count is always written before what it counts, so the reader can check
 * it against the bytes left before allocating.
 */
#include "cli_mpi_wire.h"

#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"

/* ---- writing ------------------------------------------------------------------- */

static void put(tc_text *t, const void *p, size_t n) { tc_text_append(t, (const char *)p, n); }
static void put_u64(tc_text *t, uint64_t v) { put(t, &v, sizeof v); }
static void put_u32(tc_text *t, uint32_t v) { put(t, &v, sizeof v); }
static void put_f64(tc_text *t, double v) { put(t, &v, sizeof v); }

static void put_grid(tc_text *t, const arc_grid *g) {
  put_u32(t, (uint32_t)g->h);
  put_u32(t, (uint32_t)g->w);
  put_u32(t, g->cells != NULL);
  if (g->cells) put(t, g->cells, (size_t)g->h * (size_t)g->w);
}

static void put_program_result(tc_text *t, const arc_program_result *r) {
  put_u32(t, r->program);
  put_u32(t, (uint32_t)r->status);
  put_u32(t, r->matches);
  put_u32(t, r->evaluated);
  put_u32(t, r->train_pairs);
  for (int s = 0; s < ARC_SCORER_COUNT; s++) put_f64(t, r->scores[s]);
  put_f64(t, r->score);
  put_u64(t, r->work);
  put_u64(t, r->n_predictions);
  for (size_t k = 0; k < r->n_predictions; k++) put_grid(t, &r->predictions[k]);
}

void cli_wire_put_eval_task(tc_text *t, uint64_t index, const arc_eval_task *task) {
  put_u64(t, index);
  put(t, task->task_hash, sizeof task->task_hash);
  put_u64(t, task->n_kept);
  for (size_t k = 0; k < task->n_kept; k++) put_program_result(t, &task->kept[k]);
  put_u64(t, task->n_solved_by);
  for (size_t k = 0; k < task->n_solved_by; k++) put_u32(t, task->solved_by[k]);
  put_u64(t, task->programs_run);
  put_u64(t, task->demo_evaluations);
  put_u64(t, task->nodes_computed);
  put_u64(t, task->memo_hits);
  put_u64(t, task->nodes_reused);
  put_f64(t, task->seconds);
  put_u32(t, task->timed_out);
}

/* ---- reading ------------------------------------------------------------------- */

static bool get(cli_wire_reader *r, void *p, size_t n) {
  if (r->failed || (size_t)(r->end - r->at) < n) return !(r->failed = true);
  memcpy(p, r->at, n);
  r->at += n;
  return true;
}

static uint64_t get_u64(cli_wire_reader *r) {
  uint64_t v = 0;
  get(r, &v, sizeof v);
  return v;
}

static uint32_t get_u32(cli_wire_reader *r) {
  uint32_t v = 0;
  get(r, &v, sizeof v);
  return v;
}

static double get_f64(cli_wire_reader *r) {
  double v = 0;
  get(r, &v, sizeof v);
  return v;
}

/* A count of items of at least `min_bytes` each that the bytes left can
 * hold; 0 and failed otherwise (so a damaged count never allocates much). */
static size_t get_count(cli_wire_reader *r, size_t min_bytes) {
  uint64_t n = get_u64(r);
  if (n > (uint64_t)(r->end - r->at) / min_bytes) {
    r->failed = true;
    return 0;
  }
  return (size_t)n;
}

static void *alloc_items(cli_wire_reader *r, size_t n, size_t size) {
  void *p = n ? tc_calloc(n, size) : NULL;
  if (n && !p) r->failed = true;
  return p;
}

static void get_grid(cli_wire_reader *r, arc_grid *g) {
  uint32_t h = get_u32(r), w = get_u32(r), has_cells = get_u32(r);
  if (h > 1024 || w > 1024 || has_cells > 1) r->failed = true;
  if (r->failed || !has_cells) return;
  size_t n = (size_t)h * w;
  uint8_t *cells = tc_malloc(n ? n : 1);
  if (!cells || !get(r, cells, n)) {
    free(cells);
    r->failed = true;
    return;
  }
  *g = (arc_grid){.h = (int)h, .w = (int)w, .cells = cells};
}

static void get_program_result(cli_wire_reader *r, size_t programs, arc_program_result *p) {
  p->program = get_u32(r);
  p->status = (arc_eval_status)get_u32(r);
  p->matches = get_u32(r);
  p->evaluated = get_u32(r);
  p->train_pairs = get_u32(r);
  for (int s = 0; s < ARC_SCORER_COUNT; s++) p->scores[s] = get_f64(r);
  p->score = get_f64(r);
  p->work = get_u64(r);
  if (p->program >= programs || p->status > ARC_EVAL_TIMEOUT) r->failed = true;
  size_t n = get_count(r, 3 * sizeof(uint32_t));
  p->predictions = alloc_items(r, n, sizeof *p->predictions);
  if (p->predictions) p->n_predictions = n;
  for (size_t k = 0; k < p->n_predictions && !r->failed; k++) get_grid(r, &p->predictions[k]);
}

bool cli_wire_next_index(cli_wire_reader *r, size_t count, uint64_t *index) {
  if (r->failed || r->at == r->end) return false;
  *index = get_u64(r);
  if (*index >= count) r->failed = true;
  return !r->failed;
}

bool cli_wire_get_eval_task(cli_wire_reader *r, const arc_task *task, size_t programs,
                            arc_eval_task *out) {
  out->task = task;
  get(r, out->task_hash, sizeof out->task_hash);
  out->task_hash[sizeof out->task_hash - 1] = '\0';
  size_t n = get_count(r, 8 * sizeof(uint32_t));
  out->kept = alloc_items(r, n, sizeof *out->kept);
  if (out->kept) out->n_kept = n;
  for (size_t k = 0; k < out->n_kept && !r->failed; k++)
    get_program_result(r, programs, &out->kept[k]);
  n = r->failed ? 0 : get_count(r, sizeof(uint32_t));
  out->solved_by = alloc_items(r, n, sizeof *out->solved_by);
  if (out->solved_by) out->n_solved_by = n;
  for (size_t k = 0; k < out->n_solved_by && !r->failed; k++)
    if ((out->solved_by[k] = get_u32(r)) >= programs) r->failed = true;
  out->programs_run = (size_t)get_u64(r);
  out->demo_evaluations = get_u64(r);
  out->nodes_computed = get_u64(r);
  out->memo_hits = get_u64(r);
  out->nodes_reused = get_u64(r);
  out->seconds = get_f64(r);
  out->timed_out = get_u32(r) != 0;
  return !r->failed;
}
