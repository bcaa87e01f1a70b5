/*
 * cmd_arc_predict.c - `tessera arc predict`: writes the Kaggle submission
 * for a task set from the predictions kept in the store (see arc_predict in
 * include/tessera/store.h for the choice of attempts and the fallback).
 * The submission is written whole or not at all (cli_output, see
 * tessera/outfile.h): a failed or killed run leaves the old file as it was;
 * a device or pipe (--out /dev/stdout) is written in place. The store is
 * opened read-only and never modified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/store.h"

typedef struct predict_args {
  const char *tasks_path, *solutions_path, *store_path, *out_path;
  bool json;
} predict_args;

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_STORE, OPT_JSON };

static void print_usage(FILE *out) {
  fprintf(out,
          "Usage: tessera arc predict --tasks PATH --out FILE [--store DB] [--json]\n"
          "\n"
          "Writes the ARC Prize (Kaggle) submission for every task of PATH:\n"
          "{\"<task id>\": [{\"attempt_1\": grid, \"attempt_2\": grid}, ...], ...}, one\n"
          "entry per test input. attempt_1 is the prediction of the best stored\n"
          "program, attempt_2 the next distinct one; without predictions attempt_1\n"
          "is the test input itself and attempt_2 repeats attempt_1.\n"
          "\n"
          "Options:\n"
          "  --tasks PATH       folder of <id>.json, one task file, or Kaggle challenges\n"
          "  --store DB         the store written by 'arc eval' (default ./%s)\n"
          "  -o, --out FILE     the submission file (e.g. submission.json)\n"
          "  --solutions FILE   Kaggle solutions file (accepted for symmetry with score)\n"
          "  --json             print the counts as JSON\n"
          "  -h, --help         print this help\n",
          ARC_STORE_DEFAULT_PATH);
}

static int parse_args(int argc, char **argv, predict_args *a) {
  static const struct option options[] = {
      {"tasks", required_argument, NULL, OPT_TASKS}, {"solutions", required_argument, NULL, OPT_SOLUTIONS},
      {"store", required_argument, NULL, OPT_STORE}, {"out", required_argument, NULL, 'o'},
      {"json", no_argument, NULL, OPT_JSON},         {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "ho:", options);
  int opt;
  while ((opt = tc_opt_next(&p)) != -1) {
    switch (opt) {
      case 'h': print_usage(stdout); return CLI_EXIT_OK;
      case OPT_TASKS: a->tasks_path = p.arg; break;
      case OPT_SOLUTIONS: a->solutions_path = p.arg; break;
      case OPT_STORE: a->store_path = p.arg; break;
      case 'o': a->out_path = p.arg; break;
      case OPT_JSON: a->json = true; break;
      default: return cli_bad_option("arc predict", &p);
    }
  }
  int first = tc_opt_operands(&p);
  if (first < argc) return cli_usage_error("arc predict", "unexpected argument '%s'", argv[first]);
  if (!a->tasks_path) return cli_usage_error("arc predict", "--tasks PATH is required");
  if (!a->out_path) return cli_usage_error("arc predict", "--out FILE is required");
  return -1;
}

static int write_submission(arc_store *s, const arc_taskset *set, const char *path, bool json) {
  cli_output out;
  if (!cli_output_open(&out, path)) return cli_output_failed("arc predict", &out);
  arc_predict_stats stats;
  arc_error err;
  bool ok = arc_predict(s, set, out.f, &stats, cli_arc_warning, "arc predict", &err);
  if (!cli_output_close(&out, ok) && ok) return cli_output_failed("arc predict", &out);
  if (!ok) return cli_arc_error("arc predict", &err);
  if (json)
    printf("{\"tasks\": %zu, \"test_inputs\": %zu, \"predicted\": %zu, \"second_distinct\": %zu,"
           " \"unanswered\": %zu}\n",
           stats.tasks, stats.test_inputs, stats.predicted, stats.second_distinct, stats.unanswered);
  else
    printf("%zu tasks, %zu test inputs: %zu predicted by a stored program, %zu with two distinct"
           " predictions; written to %s\n",
           stats.tasks, stats.test_inputs, stats.predicted, stats.second_distinct, path);
  return CLI_EXIT_OK;
}

int cmd_arc_predict_main(int argc, char **argv) {
  predict_args a = {.store_path = ARC_STORE_DEFAULT_PATH};
  int status = parse_args(argc, argv, &a);
  if (status >= 0) return status;
  const cli_input inputs[] = {{a.store_path, "store"}, {a.tasks_path, "tasks"}, {a.solutions_path, "solutions"}};
  status = cli_check_output("arc predict", a.out_path, inputs, sizeof inputs / sizeof inputs[0]);
  if (status >= 0) return status;
  arc_load_options load = {.solutions_path = a.solutions_path, .warn = cli_arc_warning, .warn_user = "arc predict"};
  arc_error err;
  arc_taskset *set = arc_taskset_load(a.tasks_path, &load, &err);
  if (!set) return cli_arc_error("arc predict", &err);
  arc_store *s = arc_store_open(a.store_path, ARC_STORE_READ, &err);
  status = s ? write_submission(s, set, a.out_path, a.json) : cli_arc_error("arc predict", &err);
  arc_store_close(s);
  arc_taskset_free(set);
  return status;
}
