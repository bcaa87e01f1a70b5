/*
 * cmd_arc_predict.c - `tessera arc predict`: writes the Kaggle submission
 * for a task set from the predictions kept in the store (see ts_predict in
 * include/tessera/store.h for the choice of attempts and the fallback).
 * A regular file is written to a unique temporary name and renamed, so a
 * failed run never leaves a half-written submission behind; a device or
 * pipe (--out /dev/stdout) is written in place.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
          TS_DEFAULT_PATH);
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

/* Where the submission goes: a regular file (or a new one) is written under
 * a unique temporary name in the same folder and renamed over it, so a failed
 * run never leaves half a file; anything else (a symbolic link such as
 * /dev/stdout, a device, a pipe) is written in place, since renaming over it
 * would replace the link or device itself. Returns the stream and sets *tmp to the temporary name (malloc'd)
 * or NULL. */
static FILE *open_output(const char *path, char **tmp) {
  struct stat st;
  *tmp = NULL;
  if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) return fopen(path, "w");
  size_t n = strlen(path) + 16;
  if (!(*tmp = malloc(n))) return NULL;
  snprintf(*tmp, n, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(*tmp);
  FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (fd >= 0 && !out) close(fd);
  if (!out) {
    if (fd >= 0) remove(*tmp);
    free(*tmp);
    *tmp = NULL;
  } else if (fchmod(fd, 0644) != 0) { /* mkstemp makes it private; a submission is not */
    fclose(out);
    remove(*tmp);
    free(*tmp);
    *tmp = NULL;
    return NULL;
  }
  return out;
}

static int write_submission(ts_store *s, const arc_taskset *set, const char *path, bool json) {
  char *tmp = NULL;
  FILE *out = open_output(path, &tmp);
  char err[512] = "cannot write the submission";
  ts_predict_stats stats;
  bool ok = out && ts_predict(s, set, out, &stats, err, sizeof err);
  if (out && fclose(out) != 0) ok = false;
  if (ok && tmp && rename(tmp, path) != 0) ok = false;
  if (!ok && tmp) remove(tmp);
  free(tmp);
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
  predict_args a = {.store_path = TS_DEFAULT_PATH};
  int status = parse_args(argc, argv, &a);
  if (status >= 0) return status;
  arc_load_options load = {.solutions_path = a.solutions_path};
  arc_error aerr;
  arc_taskset *set = arc_taskset_load(a.tasks_path, &load, &aerr);
  if (!set) return cli_fail(CLI_EXIT_USAGE, "arc predict", "%s", aerr.message);
  char err[512];
  ts_store *s = ts_store_open(a.store_path, true, err, sizeof err);
  status = s ? write_submission(s, set, a.out_path, a.json) : cli_fail(CLI_EXIT_USAGE, "arc predict", "%s", err);
  ts_store_close(s);
  arc_taskset_free(set);
  return status;
}
