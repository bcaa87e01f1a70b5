/*
 * cmd_arc_solve.c - `tessera arc solve`: program search over a task set
 * (the driver is arc_solve_tasks, include/tessera/arc_solve.h; the search
 * itself is the search layer, search.h).
 *
 * Order of work: options, library files (read whole; the driver compiles
 * them and reports "file:line:col"), tasks, store (read for each task's
 * earlier programs), the search, then the outputs: the submission (whole or
 * not at all, cli_output), the store (one transaction), the per-task report
 * on stdout (text, or one JSON object per line), --explain, and the summary.
 *
 * Determinism. stdout in --json mode and the submission depend only on the
 * tasks and options, never on --jobs or the clock: the summary with its
 * wall time goes to stderr in --json mode, progress only to a terminal.
 *
 * Store. With --store DB the programs found are stored (created when
 * missing) and read back by later runs. A store that cannot be written (a
 * 0444 file, a read-only mount) is opened read-only: its programs are used,
 * and a note says the new ones were not stored.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_arc.h"
#include "cli_mpi.h"
#include "commands.h"
#include "tessera/arc_limits.h"
#include "tessera/arc_solve.h"
#include "tessera/clock.h"
#include "tessera/fault.h"
#include "tessera/readfile.h"
#include "tessera/text.h"

#define CMD "arc solve"

typedef struct solve_args {
  const char *tasks_path, *solutions_path, *store_path, *out_path;
  cli_strlist library, only_ids, explain;
  long jobs, memory_mb;
  uint64_t budget;
  double task_seconds;
  unsigned disable;
  bool json, quiet, mpi;
} solve_args;

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_BUDGET, OPT_LIBRARY, OPT_STORE, OPT_JSON, OPT_EXPLAIN,
       OPT_MEMORY, OPT_TASK_SECONDS, OPT_DISABLE, OPT_TASK, OPT_QUIET, OPT_MPI };

static void print_usage(FILE *out) {
  fprintf(out,
          "Usage: tessera arc solve --tasks PATH [OPTIONS]\n"
          "\n"
          "Searches arc-dsl programs for every task of PATH (right on every demo pair\n"
          "if it can), prints one line per task and a summary, and with --out writes\n"
          "the Kaggle submission: the two best distinct predictions per test input.\n"
          "\n"
          "Options:\n"
          "  --tasks PATH        folder of <id>.json tasks, one task file, or a Kaggle\n"
          "                      challenges file (required)\n"
          "  --solutions FILE    Kaggle solutions file: the score is printed when the\n"
          "                      test outputs are known (from here or the task files)\n"
          "  --task ID           search only task ID (repeatable; comma-separated)\n"
          "  -o, --out FILE      write the submission (whole or not at all)\n"
          "  --budget W          work units per task, >= 1 (default %llu)\n"
          "  -j, --jobs N        worker threads, 1..%d (default: number of cores)\n"
          "  --library FILE...   solver files whose programs are tried first and\n"
          "                      used as seeds (repeatable; FILE operands too)\n"
          "  --store DB          read earlier programs from DB and store the new ones\n"
          "                      (created when missing; read-only when not writable)\n"
          "  --json              one JSON object per task on stdout (summary to stderr)\n"
          "  -q, --quiet         print only the summary line (no line per task)\n"
          "  --explain ID        print task ID's programs with every intermediate value\n"
          "                      on every demo pair (searches only the explained tasks\n"
          "                      unless --task is given; repeatable)\n"
          "  --memory-mb M       memory cap per task in MiB (default %d)\n"
          "  --task-seconds S    wall-clock safety limit per task (default %.0f, 0 = none)\n"
          "  --disable PART,...  switch parts of the search off (ablations): size,\n"
          "                      normalise, compose, ext, depth3, library, dedup,\n"
          "                      objects, neighbours, libseeds, lambdas\n"
          "  --mpi               under mpirun: spread the tasks over the ranks; rank 0\n"
          "                      writes the same outputs as one process (docs/SCALE.md)\n"
          "  -h, --help          print this help\n"
          "\n"
          "Exit status: 0 when the search ran (whatever it solved), 1 when a write\n"
          "failed or memory ran out, 2 for bad options, task, library or store files.\n",
          (unsigned long long)TS_DEFAULT_BUDGET, ARC_MAX_JOBS, TS_DEFAULT_MEMORY_MB, ARC_DEFAULT_TASK_SECONDS);
}

static int parse_disable(solve_args *a, const char *arg) {
  if (!cli_has_list_item(arg)) return cli_usage_error(CMD, "--disable: expected a part name, got '%s'", arg);
  arc_error err;
  unsigned bits;
  if (!arc_solve_parse_parts(arg, &bits, &err)) return cli_usage_error(CMD, "--disable: %s", err.message);
  a->disable |= bits;
  return -1;
}

static int push(cli_strlist *list, const char *s, bool split) {
  bool ok = split ? cli_strlist_push_split(list, s) : cli_strlist_push(list, s);
  return ok ? -1 : cli_fail(CLI_EXIT_FAILURE, CMD, "out of memory");
}

static int parse_option(solve_args *a, int opt, const char *arg) {
  switch (opt) {
  case OPT_TASKS: a->tasks_path = arg; return -1;
  case OPT_SOLUTIONS: a->solutions_path = arg; return -1;
  case OPT_STORE: a->store_path = arg; return -1;
  case 'o': a->out_path = arg; return -1;
  case OPT_JSON: a->json = true; return -1;
  case OPT_MPI: a->mpi = true; return -1;
  case 'q': a->quiet = true; return -1;
  case 'j': return cli_jobs_option(CMD, arg, &a->jobs);
  case OPT_BUDGET: {
    long v;
    int st = cli_number_option(CMD, "--budget", arg, 1, LONG_MAX, "a number of work units >= 1", &v);
    if (st < 0) a->budget = (uint64_t)v;
    return st;
  }
  case OPT_MEMORY: return cli_number_option(CMD, "--memory-mb", arg, 1, 1 << 20, "a size in MiB, 1..1048576", &a->memory_mb);
  case OPT_TASK_SECONDS: return cli_task_seconds_option(CMD, arg, &a->task_seconds);
  case OPT_DISABLE: return parse_disable(a, arg);
  case OPT_LIBRARY: return push(&a->library, arg, false);
  case OPT_TASK:
  case OPT_EXPLAIN:
    if (!cli_has_list_item(arg))
      return cli_usage_error(CMD, "%s: expected a task ID, got '%s'", opt == OPT_TASK ? "--task" : "--explain", arg);
    return push(opt == OPT_TASK ? &a->only_ids : &a->explain, arg, true);
  }
  return CLI_EXIT_USAGE;
}

/* Returns -1 when the arguments are fine, else the exit status. */
static int parse_args(int argc, char **argv, solve_args *a) {
  static const struct option options[] = {
      {"tasks", required_argument, NULL, OPT_TASKS},     {"solutions", required_argument, NULL, OPT_SOLUTIONS},
      {"task", required_argument, NULL, OPT_TASK},       {"out", required_argument, NULL, 'o'},
      {"budget", required_argument, NULL, OPT_BUDGET},   {"jobs", required_argument, NULL, 'j'},
      {"library", required_argument, NULL, OPT_LIBRARY}, {"store", required_argument, NULL, OPT_STORE},
      {"json", no_argument, NULL, OPT_JSON},             {"explain", required_argument, NULL, OPT_EXPLAIN},
      {"memory-mb", required_argument, NULL, OPT_MEMORY},
      {"task-seconds", required_argument, NULL, OPT_TASK_SECONDS},
      {"disable", required_argument, NULL, OPT_DISABLE}, {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},                  {"mpi", no_argument, NULL, OPT_MPI},
      {NULL, 0, NULL, 0},
  };
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "hqo:j:", options);
  int opt;
  while ((opt = tc_opt_next(&p)) != -1) {
    if (opt == 'h') {
      print_usage(stdout);
      return CLI_EXIT_OK;
    }
    if (opt == '?') return cli_bad_option(CMD, &p);
    int status = parse_option(a, opt, p.arg);
    if (status >= 0) return status;
  }
  int first = tc_opt_operands(&p);
  if (first < argc && !a->library.count) return cli_usage_error(CMD, "unexpected argument '%s'", argv[first]);
  for (int i = first; i < argc; i++)
    if (push(&a->library, argv[i], false) >= 0) return CLI_EXIT_FAILURE;
  if (!a->tasks_path) return cli_usage_error(CMD, "--tasks PATH is required");
  return -1;
}

/* ---- library files ------------------------------------------------------------- */

typedef struct sources {
  arc_solve_source *items;
  size_t n;
} sources;

static void sources_free(sources *s) {
  for (size_t k = 0; s->items && k < s->n; k++) free((char *)s->items[k].text);
  free(s->items);
}

static int read_sources(const cli_strlist *files, sources *out) {
  out->items = tc_calloc(files->count ? files->count : 1, sizeof *out->items);
  if (!out->items) return cli_fail(CLI_EXIT_FAILURE, CMD, "out of memory");
  for (size_t k = 0; k < files->count; k++) {
    char why[1024];
    size_t len = 0;
    char *text = tc_read_file(files->items[k], 0, &len, why, sizeof why);
    if (!text) return cli_fail(errno == ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE, CMD, "%s", why);
    out->items[out->n++] = (arc_solve_source){.name = files->items[k], .text = text, .len = len};
  }
  return -1;
}

/* ---- store ------------------------------------------------------------------------ */

/* A store this user may write is opened for writing (created when
 * missing). One it cannot write - a 0444 file, a read-only mount, a folder
 * where the WAL files cannot be made - is read: its programs still start the
 * search, and a note says the new ones are not stored. */
static arc_store *open_store(const char *path, bool *writable, int *status) {
  arc_error err = {0};
  bool exists = access(path, F_OK) == 0;
  bool may_write = !exists || access(path, W_OK) == 0;
  arc_store *s = may_write ? arc_store_open(path, ARC_STORE_WRITE, &err) : NULL;
  *writable = s != NULL;
  if (!s && exists && (!may_write || err.kind == ARC_ERR_FAILED)) {
    arc_error rerr = {0};
    s = arc_store_open(path, ARC_STORE_READ, &rerr);
    if (s) cli_warn(CMD, "%s: cannot be written; its programs are used, the new ones are not stored", path);
    else if (!may_write) err = rerr;
  }
  if (!s) *status = cli_arc_error(CMD, &err);
  return s;
}

/* Under --mpi, ranks other than 0 only read the programs stored for their
 * own tasks, after rank 0 opened the file (so it exists and has the
 * current schema); only rank 0 writes. */
static arc_store *open_rank_store(const char *path, int *status) {
  arc_error err;
  arc_store *s = arc_store_open(path, ARC_STORE_READ, &err);
  if (!s) *status = cli_arc_error(CMD, &err);
  return s;
}

static char *joined_arguments(int argc, char **argv) {
  tc_text t = {0};
  for (int i = 0; i < argc; i++) tc_text_printf(&t, "%s%s", i ? " " : "", argv[i]);
  return tc_text_take(&t);
}

static int store_results(arc_store *s, const arc_solve_result *r, int argc, char **argv) {
  arc_error err;
  char *args = joined_arguments(argc, argv);
  int64_t run = arc_store_begin_run(s, args ? args : "arc solve", &err);
  free(args);
  if (run < 0) return cli_arc_error(CMD, &err);
  if (!arc_store_put_search(s, run, r, &err)) return cli_arc_error(CMD, &err);
  size_t programs = 0;
  uint64_t pairs = 0;
  for (size_t k = 0; k < r->count; k++) programs += r->tasks[k].n_programs, pairs += r->tasks[k].task->n_train;
  arc_store_totals totals = {.programs = programs, .tasks = r->count, .solved = r->solved, .pairs = pairs,
                             .seconds = r->seconds};
  return arc_store_end_run(s, run, &totals, &err) ? -1 : cli_arc_error(CMD, &err);
}

/* ---- progress and reports ------------------------------------------------------------ */

typedef struct progress_state {
  double start;
  size_t solved;
} progress_state;

static void show_progress(void *user, const arc_solve_task *t, size_t done, size_t total) {
  progress_state *P = user;
  P->solved += t->status == TS_SOLVED;
  double elapsed = tc_now_seconds() - P->start;
  double rate = elapsed > 0 ? (double)done / elapsed : 0;
  double eta = rate > 0 ? (double)(total - done) / rate : 0;
  fprintf(stderr, "\r\x1b[K[%zu/%zu] tasks, %zu solved on demos, %.2f tasks/s, ETA %.0f s", done, total, P->solved,
          rate, eta);
  if (done == total) fputs("\r\x1b[K", stderr);
  fflush(stderr);
}

static void print_task_line(const arc_solve_task *t) {
  printf("%s: %s", t->task->id, t->failed ? "nothing" : ts_status_name(t->status));
  if (t->failed) printf(" (%s)", t->error);
  if (t->n_programs) {
    const arc_solve_program *p = &t->programs[0];
    printf(", %zu program%s, best %zu/%zu demos, cost %llu, %s", t->n_programs, t->n_programs == 1 ? "" : "s",
           p->demos_right, t->task->n_train, (unsigned long long)p->cost, p->origin);
  }
  if (t->tests_known) printf(", test %zu/%zu", t->tests_right, t->task->n_test);
  if (t->hit_budget || t->hit_memory || t->hit_deadline)
    printf(", cap hit:%s%s%s", t->hit_budget ? " budget" : "", t->hit_memory ? " memory" : "",
           t->hit_deadline ? " deadline" : "");
  putchar('\n');
}

static void print_summary(FILE *out, const arc_solve_result *r) {
  fprintf(out, "%zu task%s, %zu solved on demos", r->count, r->count == 1 ? "" : "s", r->solved);
  if (r->scored_tasks)
    fprintf(out, ", score %.2f of %zu tasks (%.1f%%, top-2), %zu of %zu test outputs", r->score, r->scored_tasks,
            100.0 * r->score / (double)r->scored_tasks, r->tests_right, r->tests_known);
  fprintf(out, ", %llu work units, %.1f s\n", (unsigned long long)r->work, r->seconds);
}

static int print_report(const solve_args *a, const arc_solve_result *r) {
  for (size_t k = 0; k < r->count && !(a->quiet && !a->json); k++) {
    if (!a->json) {
      print_task_line(&r->tasks[k]);
      continue;
    }
    tc_text t = {0};
    arc_solve_task_json(&t, &r->tasks[k]);
    if (t.failed) {
      tc_text_free(&t);
      return cli_fail(CLI_EXIT_FAILURE, CMD, "out of memory");
    }
    puts(t.s);
    tc_text_free(&t);
  }
  for (size_t e = 0; e < a->explain.count; e++) {
    const arc_solve_task *t = NULL;
    for (size_t k = 0; k < r->count && !t; k++)
      if (strcmp(r->tasks[k].task->id, a->explain.items[e]) == 0) t = &r->tasks[k];
    arc_error err;
    if (t && !arc_solve_explain(t, TS_MAX_PROGRAMS, ARC_DEFAULT_BUDGET, a->json ? stderr : stdout, &err))
      return cli_arc_error(CMD, &err);
  }
  print_summary(a->json ? stderr : stdout, r);
  if (fflush(stdout) != 0 || ferror(stdout)) return cli_fail(CLI_EXIT_FAILURE, CMD, "cannot write the output: %s", strerror(errno));
  return -1;
}

static int write_submission(const char *path, const arc_solve_result *r) {
  cli_output out;
  if (!cli_output_open(&out, path)) return cli_output_failed(CMD, &out);
  arc_error err;
  bool ok = arc_solve_write_submission(r, out.f, &err);
  if (!cli_output_close(&out, ok) && ok) return cli_output_failed(CMD, &out);
  if (!ok) return cli_fail(CLI_EXIT_FAILURE, CMD, "%s: %s", path, err.message);
  return -1;
}

/* ---- the command ----------------------------------------------------------------------- */

static int run(const solve_args *a, const arc_taskset *set, arc_store *store, bool writable, int argc,
               char **argv) {
  sources src = {0};
  int status = read_sources(&a->library, &src);
  progress_state P = {.start = tc_now_seconds()};
  arc_solve_options o = {.budget = a->budget, .memory_mb = (size_t)a->memory_mb, .disable = a->disable,
                         .task_seconds = a->task_seconds, .jobs = (int)a->jobs, .sources = src.items,
                         .n_sources = src.n, .store = store};
  if (cli_is_tty(stderr)) o.progress = show_progress, o.progress_user = &P;
  arc_solve_result r = {0};
  arc_error err;
  if (a->mpi) status = cli_mpi_agree(CMD, status); /* a rank without its library files stops all */
  if (status < 0 && a->mpi) o.progress = NULL;     /* rank 0 would show it only at the end */
  if (status < 0 && (a->mpi ? cli_mpi_arc_solve(set, &o, &r, &err) : arc_solve_tasks(set, &o, &r, &err)) != 0)
    status = cli_arc_error(CMD, &err);
  if (status < 0 && !cli_mpi_is_root()) { /* rank 0 writes and reports */
    arc_solve_result_free(&r);
    sources_free(&src);
    return -1;
  }
  if (status < 0) cli_note_threads(CMD, r.jobs_asked, r.threads);
  if (status < 0 && a->out_path) status = write_submission(a->out_path, &r);
  if (status < 0 && store && writable) status = store_results(store, &r, argc, argv);
  if (status < 0) status = print_report(a, &r);
  arc_solve_result_free(&r);
  sources_free(&src);
  return status;
}

int cmd_arc_solve_main(int argc, char **argv) {
  solve_args a = {.jobs = cli_default_jobs(), .budget = TS_DEFAULT_BUDGET, .memory_mb = TS_DEFAULT_MEMORY_MB,
                  .task_seconds = ARC_DEFAULT_TASK_SECONDS};
  int status = parse_args(argc, argv, &a);
  arc_taskset *set = NULL;
  arc_store *store = NULL;
  bool writable = false;
  const cli_strlist *ids = a.only_ids.count ? &a.only_ids : &a.explain;
  if (status < 0 && a.mpi) status = cli_mpi_start(CMD);
  if (status < 0) set = cli_load_tasks(CMD, a.tasks_path, a.solutions_path, ids, &status);
  for (size_t e = 0; status < 0 && a.only_ids.count && e < a.explain.count; e++)
    if (!arc_taskset_find(set, a.explain.items[e]))
      status = cli_usage_error(CMD, "--explain %s: the task is not among the --task tasks", a.explain.items[e]);
  if (a.mpi) status = cli_mpi_agree(CMD, status); /* a rank that could not load stops all */
  if (status < 0 && a.store_path && cli_mpi_is_root()) store = open_store(a.store_path, &writable, &status);
  if (a.mpi) status = cli_mpi_agree(CMD, status); /* rank 0 opened, created or migrated it */
  if (status < 0 && a.store_path && !cli_mpi_is_root()) store = open_rank_store(a.store_path, &status);
  if (a.mpi) status = cli_mpi_agree(CMD, status);
  if (status < 0) status = run(&a, set, store, writable, argc, argv);
  if (a.mpi) status = cli_mpi_finish(cli_mpi_agree(CMD, status));
  arc_store_close(store);
  arc_taskset_free(set);
  cli_strlist_free(&a.library);
  cli_strlist_free(&a.only_ids);
  cli_strlist_free(&a.explain);
  return status < 0 ? CLI_EXIT_OK : status;
}
