/*
 * cmd_arc_predict.c - `tessera arc predict`: writes the Kaggle submission
 * for a task set from the predictions kept in the store (see arc_predict in
 * include/tessera/store.h for the choice of attempts and the fallback).
 * A regular file is written to a unique temporary name and renamed, so a
 * failed run never leaves a half-written submission behind; a device or
 * pipe (--out /dev/stdout) is written in place.
 */
#include <getopt.h>
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

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_STORE, OPT_OUT, OPT_JSON };

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
      {"store", required_argument, NULL, OPT_STORE}, {"out", required_argument, NULL, OPT_OUT},
      {"json", no_argument, NULL, OPT_JSON},         {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  optind = 0;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
    switch (opt) {
      case 'h': print_usage(stdout); return CLI_EXIT_OK;
      case OPT_TASKS: a->tasks_path = optarg; break;
      case OPT_SOLUTIONS: a->solutions_path = optarg; break;
      case OPT_STORE: a->store_path = optarg; break;
      case OPT_OUT: case 'o': a->out_path = optarg; break;
      case OPT_JSON: a->json = true; break;
      case ':': return cli_usage_error("arc predict", "option '%s' requires an argument", argv[optind - 1]);
      default: return cli_usage_error("arc predict", "unrecognized option '%s'", argv[optind - 1]);
    }
  }
  if (optind < argc) return cli_usage_error("arc predict", "unexpected argument '%s'", argv[optind]);
  if (!a->tasks_path) return cli_usage_error("arc predict", "--tasks PATH is required");
  if (!a->out_path) return cli_usage_error("arc predict", "--out FILE is required");
  return -1;
}

static int write_submission(arc_store *s, const arc_taskset *set, const char *path, bool json) {
  cli_output out;
  char err[512] = "cannot write the submission";
  arc_predict_stats stats;
  bool ok = cli_output_open(&out, path) && arc_predict(s, set, out.f, &stats, err, sizeof err);
  ok = cli_output_close(&out, ok);
  if (!ok) return cli_fail(CLI_EXIT_FAILURE, "arc predict", "%s: %s", path, err);
  if (json)
    printf("{\"tasks\": %zu, \"test_inputs\": %zu, \"predicted\": %zu, \"second_distinct\": %zu}\n",
           stats.tasks, stats.test_inputs, stats.predicted, stats.second_distinct);
  else
    printf("%zu tasks, %zu test inputs: %zu predicted by a stored program, %zu with two distinct"
           " predictions; written to %s\n",
           stats.tasks, stats.test_inputs, stats.predicted, stats.second_distinct, path);
  return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

int cmd_arc_predict_main(int argc, char **argv) {
  predict_args a = {.store_path = ARC_STORE_DEFAULT_PATH};
  int status = parse_args(argc, argv, &a);
  if (status >= 0) return status;
  arc_load_options load = {.solutions_path = a.solutions_path};
  arc_error aerr;
  arc_taskset *set = arc_taskset_load(a.tasks_path, &load, &aerr);
  if (!set) return cli_fail(CLI_EXIT_USAGE, "arc predict", "%s", aerr.message);
  char err[512];
  arc_store *s = arc_store_open(a.store_path, true, err, sizeof err);
  status = s ? write_submission(s, set, a.out_path, a.json) : cli_fail(CLI_EXIT_USAGE, "arc predict", "%s", err);
  arc_store_close(s);
  arc_taskset_free(set);
  return status;
}
