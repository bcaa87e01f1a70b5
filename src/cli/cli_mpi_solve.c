/*
 * cli_mpi_solve.c - the program search over MPI ranks (cli_mpi_arc_solve,
 * see cli_mpi.h): `tessera arc solve --mpi` under mpirun.
 *
 * Steps, the same on every rank:
 *   1. check that every rank loaded the same tasks, library sources and
 *      search options (one hash, compared with rank 0's);
 *   2. search chunks of tasks as rank 0 hands them out (self-scheduling,
 *      as cli_mpi_sched.c does for arc eval), largest demo area first,
 *      each chunk with arc_solve_tasks on a view of the task set and this
 *      rank's --jobs threads;
 *   3. agree on failure, then gather the encoded results on rank 0, which
 *      places each task at its index and sums the totals in task order,
 *      exactly as arc_solve_tasks does (so the score has the same bits).
 * Handing out, not a fixed split: with one budget for every task the work
 * is bounded, but the search stops early on tasks it solves, so the cost
 * of a task is known only after it ran.
 *
 * Wire format (only between ranks of one build on one architecture): per
 * task its index, then the fields of arc_solve_task in declaration order,
 * fixed-width in the machine's byte order, strings as length + bytes,
 * grids as h, w, has-cells, cells. The reader checks every length against
 * the bytes left, so a damaged message fails instead of reading past it.
 * A program's origin is a static string of the search; on rank 0 it is
 * interned in a small table of this file (a few distinct names exist).
 *
 * Store: each rank reads the programs stored for its own tasks through its
 * own read-only handle (cmd_arc_solve.c opens them after rank 0 has opened,
 * created or migrated the file); only rank 0 writes, after the gathering.
 */
#include "cli_mpi.h"

#ifdef TESSERA_HAVE_MPI

#include <limits.h>
#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "cli_mpi_sched.h"
#include "tessera/fault.h"
#include "tessera/text.h"

enum { TAG_SOLVE = 12 }; /* and 13: cli_mpi_dispatch's two tags */

/* ---- 1. the same input everywhere ----------------------------------------------------- */

static uint64_t input_fingerprint(const arc_taskset *set, const arc_solve_options *o) {
  uint64_t opts[5] = {o->budget, o->memory_mb, o->disable, o->n_sources, set->count};
  uint64_t h = XXH3_64bits(opts, sizeof opts);
  for (size_t k = 0; k < o->n_sources; k++) h = XXH3_64bits_withSeed(o->sources[k].text, o->sources[k].len, h);
  for (size_t t = 0; t < set->count; t++) {
    char hash[33];
    arc_task_hash(&set->tasks[t], hash);
    h = XXH3_64bits_withSeed(set->tasks[t].id, strlen(set->tasks[t].id), h);
    h = XXH3_64bits_withSeed(hash, 32, h);
  }
  return h;
}

static int first_different_rank(uint64_t mine, int rank) {
  uint64_t root = mine;
  MPI_Bcast(&root, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  int differs = mine != root ? rank : INT_MAX, first = INT_MAX;
  MPI_Allreduce(&differs, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return first == INT_MAX ? -1 : first;
}

/* Every rank learns whether some rank failed; rank 0 gets the first
 * failing rank's message. */
static bool all_succeeded(bool ok, int rank, arc_error *err) {
  int mine = ok, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (all) return true;
  int first = ok ? INT_MAX : rank, worst = INT_MAX;
  MPI_Allreduce(&first, &worst, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  arc_error theirs = ok ? (arc_error){0} : *err;
  MPI_Bcast(&theirs, (int)sizeof theirs, MPI_BYTE, worst, MPI_COMM_WORLD);
  if (worst == 0) *err = theirs;
  else arc_fail(err, theirs.kind, "rank %d: %.900s", worst, theirs.message);
  return false;
}

/* ---- the wire ------------------------------------------------------------------------ */

static void put(tc_text *t, const void *p, size_t n) { tc_text_append(t, (const char *)p, n); }
static void put_u64(tc_text *t, uint64_t v) { put(t, &v, sizeof v); }
static void put_f64(tc_text *t, double v) { put(t, &v, sizeof v); }

static void put_str(tc_text *t, const char *s) {
  size_t n = s ? strlen(s) : 0;
  put_u64(t, n);
  put(t, s ? s : "", n);
}

static void put_grid(tc_text *t, const arc_grid *g) {
  put_u64(t, (uint64_t)g->h);
  put_u64(t, (uint64_t)g->w);
  put_u64(t, g->cells != NULL);
  if (g->cells) put(t, g->cells, (size_t)g->h * (size_t)g->w);
}

static void put_task(tc_text *t, uint64_t index, const arc_solve_task *s) {
  size_t n_test = s->task->n_test;
  put_u64(t, index);
  put_u64(t, s->failed);
  put_str(t, s->error);
  put_u64(t, (uint64_t)s->status);
  put_u64(t, s->n_programs);
  for (size_t k = 0; k < s->n_programs; k++) {
    const arc_solve_program *p = &s->programs[k];
    put_str(t, p->text);
    put_u64(t, p->demos_right);
    put_f64(t, p->demo_score);
    put_u64(t, p->cost);
    put_str(t, p->origin);
    for (size_t i = 0; i < n_test; i++) put_grid(t, &p->predictions[i]);
  }
  for (size_t i = 0; i < n_test; i++) put_grid(t, &s->attempts[i][0]), put_grid(t, &s->attempts[i][1]);
  uint64_t nums[10] = {s->work, s->candidates, s->evaluations, s->peak_bytes, s->hit_budget, s->hit_memory,
                       s->hit_deadline, s->stored, s->tests_known, s->tests_right};
  put(t, nums, sizeof nums);
  put_f64(t, s->seconds);
}

typedef struct reader {
  const uint8_t *at, *end;
  bool failed;
} reader;

static bool get(reader *r, void *p, size_t n) {
  if (r->failed || (size_t)(r->end - r->at) < n) return !(r->failed = true);
  memcpy(p, r->at, n);
  r->at += n;
  return true;
}

static uint64_t get_u64(reader *r) {
  uint64_t v = 0;
  get(r, &v, sizeof v);
  return v;
}

static double get_f64(reader *r) {
  double v = 0;
  get(r, &v, sizeof v);
  return v;
}

/* A malloc'd NUL-terminated copy of the next string (NULL: failed). */
static char *get_str(reader *r) {
  uint64_t n = get_u64(r);
  if (r->failed || n > (uint64_t)(r->end - r->at)) return (r->failed = true), NULL;
  char *s = tc_malloc((size_t)n + 1);
  if (!s) return (r->failed = true), NULL;
  memcpy(s, r->at, (size_t)n);
  s[n] = '\0';
  r->at += n;
  return s;
}

static void get_grid(reader *r, arc_grid *g) {
  uint64_t h = get_u64(r), w = get_u64(r), has = get_u64(r);
  if (h > 1024 || w > 1024 || has > 1) r->failed = true;
  if (r->failed || !has) return;
  size_t n = (size_t)(h * w);
  uint8_t *cells = tc_malloc(n ? n : 1);
  if (!cells || !get(r, cells, n)) {
    free(cells);
    r->failed = true;
    return;
  }
  *g = (arc_grid){.h = (int)h, .w = (int)w, .cells = cells};
}

/* The origin names met so far (rank 0 only; the search has a handful). */
static const char *intern_origin(const char *s) {
  static char names[16][64];
  static size_t n;
  for (size_t k = 0; k < n; k++)
    if (strcmp(names[k], s) == 0) return names[k];
  if (n == sizeof names / sizeof names[0] || strlen(s) >= sizeof names[0]) return "search";
  snprintf(names[n], sizeof names[n], "%s", s);
  return names[n++];
}

/* Reads one task's result into `out` (zeroed, task set), leaving it
 * consistent for arc_solve_result_free even when the bytes are damaged. */
static bool get_task(reader *r, arc_solve_task *out) {
  size_t n_test = out->task->n_test;
  out->failed = get_u64(r) != 0;
  char *error = get_str(r);
  if (error) snprintf(out->error, sizeof out->error, "%s", error);
  free(error);
  uint64_t status = get_u64(r), n = get_u64(r);
  if (status > TS_SOLVED || n > TS_MAX_PROGRAMS) r->failed = true;
  out->status = (ts_status)status;
  if (r->failed) return false;
  out->programs = tc_calloc(n ? n : 1, sizeof *out->programs);
  if (!out->programs) return !(r->failed = true);
  for (size_t k = 0; k < n && !r->failed; k++) {
    arc_solve_program *p = &out->programs[k];
    out->n_programs = k + 1;
    p->text = get_str(r);
    p->demos_right = (size_t)get_u64(r);
    p->demo_score = get_f64(r);
    p->cost = get_u64(r);
    char *origin = get_str(r);
    p->origin = intern_origin(origin ? origin : "search");
    free(origin);
    p->predictions = tc_calloc(n_test ? n_test : 1, sizeof *p->predictions);
    if (!p->predictions) r->failed = true;
    for (size_t i = 0; i < n_test && !r->failed; i++) get_grid(r, &p->predictions[i]);
  }
  out->attempts = r->failed ? NULL : tc_calloc(n_test ? n_test : 1, sizeof *out->attempts);
  if (!out->attempts) return !(r->failed = true);
  for (size_t i = 0; i < n_test && !r->failed; i++) get_grid(r, &out->attempts[i][0]), get_grid(r, &out->attempts[i][1]);
  uint64_t nums[10] = {0};
  get(r, nums, sizeof nums);
  out->work = nums[0], out->candidates = nums[1], out->evaluations = nums[2], out->peak_bytes = (size_t)nums[3];
  out->hit_budget = nums[4], out->hit_memory = nums[5], out->hit_deadline = nums[6];
  out->stored = (size_t)nums[7], out->tests_known = (size_t)nums[8], out->tests_right = (size_t)nums[9];
  out->seconds = get_f64(r);
  return !r->failed;
}

/* ---- 2. handing out chunks ------------------------------------------------------------- */

typedef struct share {
  arc_solve_task *tasks; /* tasks[k] is task index[k] of the set */
  size_t *index;
  size_t count, cap;
  int jobs_asked, threads;
} share;

typedef struct sched {
  const arc_taskset *set;
  const arc_solve_options *opts;
  size_t *order;
  share *mine;
  bool failed;
  arc_error *err;
} sched;

typedef struct costed {
  size_t task;
  uint64_t cells;
} costed;

static int by_cells_desc(const void *a, const void *b) {
  const costed *x = a, *y = b;
  if (x->cells != y->cells) return x->cells < y->cells ? 1 : -1;
  return (x->task > y->task) - (x->task < y->task);
}

/* Demo cells in and out: what every candidate program is run on. */
static bool make_order(sched *S) {
  size_t n = S->set->count;
  costed *c = tc_calloc(n + 1, sizeof *c);
  S->order = tc_calloc(n + 1, sizeof *S->order);
  if (!c || !S->order) return free(c), false;
  for (size_t t = 0; t < n; t++) {
    const arc_task *task = &S->set->tasks[t];
    uint64_t cells = 1;
    for (size_t k = 0; k < task->n_train; k++) {
      cells += (uint64_t)tv_grid_h(task->train[k].input) * (uint64_t)tv_grid_w(task->train[k].input);
      if (task->train[k].output)
        cells += (uint64_t)tv_grid_h(task->train[k].output) * (uint64_t)tv_grid_w(task->train[k].output);
    }
    c[t] = (costed){t, cells};
  }
  qsort(c, n, sizeof *c, by_cells_desc);
  for (size_t k = 0; k < n; k++) S->order[k] = c[k].task;
  free(c);
  return true;
}

static bool reserve(share *sh, size_t more) {
  if (sh->count + more <= sh->cap) return true;
  size_t cap = sh->cap * 2 > sh->count + more ? sh->cap * 2 : sh->count + more + 64;
  arc_solve_task *tasks = tc_realloc(sh->tasks, cap * sizeof *tasks);
  if (tasks) sh->tasks = tasks;
  size_t *index = tasks ? tc_realloc(sh->index, cap * sizeof *index) : NULL;
  if (index) sh->index = index;
  if (!tasks || !index) return false;
  sh->cap = cap;
  return true;
}

static void run_chunk(sched *S, size_t start, size_t end) {
  if (S->failed) return; /* keep taking part, search nothing */
  arc_taskset view = {0}; /* arc_solve_tasks reads only tasks and count */
  view.tasks = tc_calloc(end - start, sizeof *view.tasks);
  if (!view.tasks || !reserve(S->mine, end - start)) {
    free(view.tasks);
    S->failed = !arc_fail(S->err, ARC_ERR_FAILED, "out of memory");
    return;
  }
  for (size_t k = start; k < end; k++) view.tasks[view.count++] = S->set->tasks[S->order[k]];
  arc_solve_options o = *S->opts;
  o.progress = NULL; /* rank 0 reports once all are in */
  arc_solve_result r;
  if (arc_solve_tasks(&view, &o, &r, S->err) != 0) {
    S->failed = true;
  } else {
    share *sh = S->mine;
    for (size_t k = 0; k < r.count; k++) {
      sh->index[sh->count] = S->order[start + k];
      sh->tasks[sh->count] = r.tasks[k];
      sh->tasks[sh->count++].task = &S->set->tasks[S->order[start + k]]; /* not the view's copy */
    }
    if (r.jobs_asked - r.threads >= sh->jobs_asked - sh->threads) sh->jobs_asked = r.jobs_asked, sh->threads = r.threads;
    free(r.tasks); /* the results moved; only the array is left */
  }
  free(view.tasks);
}

static void solve_chunk(void *user, size_t start, size_t end) { run_chunk(user, start, end); }

static void share_free(share *sh) {
  arc_solve_result r = {.tasks = sh->tasks, .count = sh->count};
  arc_solve_result_free(&r);
  free(sh->index);
  *sh = (share){0};
}

static bool search_share(const arc_taskset *set, const arc_solve_options *opts, share *mine,
                         arc_error *err) {
  sched S = {.set = set, .opts = opts, .mine = mine, .err = err};
  if (!make_order(&S)) S.failed = !arc_fail(err, ARC_ERR_FAILED, "out of memory");
  cli_mpi_dispatch(set->count, opts->jobs, TAG_SOLVE, solve_chunk, &S);
  free(S.order);
  return !S.failed;
}

/* ---- 3. gathering ------------------------------------------------------------------------ */

/* Rank 0: every rank's bytes into `out`, each task once. */
static bool assemble(const uint8_t *all, const int *counts, const int *offsets, int size, const arc_taskset *set,
                     arc_solve_result *out) {
  out->tasks = tc_calloc(set->count + 1, sizeof *out->tasks);
  bool *filled = tc_calloc(set->count + 1, sizeof *filled);
  bool ok = out->tasks && filled;
  if (ok) out->count = set->count;
  for (size_t t = 0; ok && t < set->count; t++) {
    out->tasks[t].task = &set->tasks[t];
    arc_task_hash(&set->tasks[t], out->tasks[t].task_hash);
  }
  for (int r = 0; ok && r < size; r++) {
    reader rd = {all + offsets[r], all + offsets[r] + counts[r], false};
    while (ok && rd.at != rd.end) {
      uint64_t t = get_u64(&rd);
      if (rd.failed || t >= set->count || filled[t]) {
        ok = false;
        break;
      }
      filled[t] = true;
      ok = get_task(&rd, &out->tasks[t]);
    }
  }
  for (size_t t = 0; ok && t < set->count; t++) ok = filled[t];
  free(filled);
  return ok;
}

/* The totals of arc_solve_tasks (solve.c), summed in task order. */
static void tally(arc_solve_result *out) {
  for (size_t k = 0; k < out->count; k++) {
    const arc_solve_task *t = &out->tasks[k];
    out->solved += t->status == TS_SOLVED;
    out->work += t->work;
    out->tests_known += t->tests_known;
    out->tests_right += t->tests_right;
    if (t->task->n_test && t->tests_known == t->task->n_test) {
      out->scored_tasks++;
      out->score += (double)t->tests_right / (double)t->task->n_test;
    }
  }
}

static bool gather(const arc_taskset *set, const share *mine, int rank, int size, arc_solve_result *out,
                   arc_error *err) {
  bool root = rank == 0;
  tc_text bytes = {0};
  for (size_t k = 0; k < mine->count; k++) put_task(&bytes, mine->index[k], &mine->tasks[k]);
  uint64_t len = bytes.failed ? UINT64_MAX : bytes.len;
  uint64_t *lens = root ? tc_calloc((size_t)size, sizeof *lens) : NULL;
  int *counts = root ? tc_calloc((size_t)size, sizeof *counts) : NULL;
  int *offsets = root ? tc_calloc((size_t)size, sizeof *offsets) : NULL;
  bool room = !root || (lens && counts && offsets);
  if (!room) arc_fail(err, ARC_ERR_FAILED, "out of memory");
  bool ok = all_succeeded(room, rank, err);
  if (ok) MPI_Gather(&len, 1, MPI_UINT64_T, lens, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  uint8_t *all = NULL;
  bool laid = true;
  if (ok && root) {
    size_t total = 0;
    for (int r = 0; laid && r < size; r++) {
      if (lens[r] == UINT64_MAX) laid = arc_fail(err, ARC_ERR_FAILED, "rank %d: out of memory while sending its results", r);
      else if (lens[r] > (uint64_t)INT_MAX - total) laid = arc_fail(err, ARC_ERR_FAILED, "the results exceed 2 GiB, more than one MPI message");
      else counts[r] = (int)lens[r], offsets[r] = (int)total, total += lens[r];
    }
    if (laid && !(all = tc_malloc(total + 1))) laid = arc_fail(err, ARC_ERR_FAILED, "out of memory");
  }
  ok = ok && all_succeeded(laid, rank, err);
  if (ok) {
    MPI_Gatherv(bytes.s ? bytes.s : "", (int)bytes.len, MPI_BYTE, all, counts, offsets, MPI_BYTE, 0, MPI_COMM_WORLD);
    int pair[2] = {mine->jobs_asked, mine->threads}, sums[2] = {0};
    MPI_Reduce(pair, sums, 2, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    out->jobs_asked = sums[0], out->threads = sums[1];
  }
  if (ok && root && !assemble(all, counts, offsets, size, set, out))
    ok = arc_fail(err, ARC_ERR_FAILED, "the results of the ranks do not fit together (out of memory, or a damaged message)");
  tc_text_free(&bytes);
  free(all);
  free(lens);
  free(counts);
  free(offsets);
  return ok;
}

/* ---- the whole -------------------------------------------------------------------------- */

int cli_mpi_arc_solve(const arc_taskset *set, const arc_solve_options *opts, arc_solve_result *out,
                      arc_error *err) {
  *out = (arc_solve_result){0};
  *err = (arc_error){0};
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double start = MPI_Wtime();
  int different = first_different_rank(input_fingerprint(set, opts), rank);
  if (different >= 0)
    return arc_fail(err, ARC_ERR_INPUT, "rank %d loaded other tasks, library files or options than rank 0"
                    " (every rank must read the same files)", different), -1;
  share mine = {0};
  bool ran = search_share(set, opts, &mine, err);
  bool ok = all_succeeded(ran, rank, err) && gather(set, &mine, rank, size, out, err);
  share_free(&mine);
  if (!ok) {
    arc_solve_result_free(out);
    return -1;
  }
  if (rank == 0) {
    tally(out);
    out->seconds = MPI_Wtime() - start;
    for (size_t t = 0; opts->progress && t < out->count; t++)
      opts->progress(opts->progress_user, &out->tasks[t], t + 1, out->count);
  }
  return 0;
}

#else /* built without MPI: cli_mpi_start refuses --mpi, so this is one process */

int cli_mpi_arc_solve(const arc_taskset *set, const arc_solve_options *opts, arc_solve_result *out,
                      arc_error *err) {
  return arc_solve_tasks(set, opts, out, err);
}

#endif
