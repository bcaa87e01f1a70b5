/*
 * cmd_arc_score.c - `tessera arc score`: the ARC Prize score of a
 * submission file against the test outputs of a task set (rule in
 * arc_score_submission, include/tessera/store.h).
 *
 * The expected outputs come from --tasks (with --solutions for a Kaggle
 * challenges file) or from a Kaggle solutions file alone: scoring needs only
 * the ids and the test outputs, so a solutions file is turned into tasks
 * with placeholder inputs and read by the ordinary loader, which keeps its
 * checks and its messages (they name the solutions file).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/store.h"

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_JSON };

static void print_usage(FILE *out) {
  fputs("Usage: tessera arc score SUBMISSION --tasks PATH [--solutions FILE] [--json]\n"
        "       tessera arc score SUBMISSION --solutions FILE [--json]\n"
        "\n"
        "Scores a Kaggle submission: a test input is correct when attempt_1 or\n"
        "attempt_2 equals its expected output; each task scores the fraction of\n"
        "its test inputs that are correct; the score is the sum over tasks with\n"
        "known outputs (a missing task scores 0), also given as a percentage.\n"
        "\n"
        "Options:\n"
        "  --tasks PATH       folder of <id>.json with test outputs, or Kaggle challenges\n"
        "  --solutions FILE   Kaggle solutions file giving the test outputs; alone,\n"
        "                     it is the whole answer key\n"
        "  --json             JSON output\n"
        "  -h, --help         print this help\n",
        out);
}

/* The whole file as a NUL-terminated malloc'd string, or NULL with err set. */
static char *read_text(const char *path, arc_error *err) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  size_t len = 0, cap = 0;
  while (f) {
    if (len + 1 >= cap) {
      char *grown = realloc(text, cap = cap ? 2 * cap : 65536);
      if (!grown) break;
      text = grown;
    }
    size_t got = fread(text + len, 1, cap - len - 1, f);
    len += got;
    if (got == 0) break;
  }
  int failed = !f ? errno : ferror(f) ? (errno ? errno : EIO) : 0;
  if (f) fclose(f);
  if (!failed && text) {
    text[len] = '\0';
    return text;
  }
  snprintf(err->message, sizeof err->message, "%s: cannot read: %s", path,
           failed ? strerror(failed) : "out of memory");
  free(text);
  return NULL;
}

/* {"<id>": task, ...} with one placeholder test input per expected output. */
static char *placeholder_challenges(const json_t *solutions) {
  json_t *tasks = json_object();
  const char *id;
  json_t *outputs;
  json_object_foreach((json_t *)solutions, id, outputs) {
    size_t n = json_is_array(outputs) && json_array_size(outputs) ? json_array_size(outputs) : 1;
    json_t *tests = json_array();
    for (size_t t = 0; t < n; t++) json_array_append_new(tests, json_pack("{s:[[i]]}", "input", 0));
    json_object_set_new(tasks, id, json_pack("{s:[{s:[[i]],s:[[i]]}],s:o}", "train", "input", 0,
                                             "output", 0, "test", tests));
  }
  char *text = json_dumps(tasks, JSON_COMPACT);
  json_decref(tasks);
  return text;
}

/* A task set holding only ids and test outputs, from a solutions file. */
static arc_taskset *tasks_from_solutions(const char *path, arc_error *err) {
  char *text = read_text(path, err);
  if (!text) return NULL;
  const char *body = strncmp(text, "\xef\xbb\xbf", 3) == 0 ? text + 3 : text; /* as the loader */
  json_error_t jerr;
  json_t *root = json_loads(body, JSON_REJECT_DUPLICATES, &jerr);
  char *challenges = json_is_object(root) ? placeholder_challenges(root) : NULL;
  arc_taskset *set = NULL;
  if (challenges) set = arc_taskset_from_text(path, challenges, path, body, err);
  else if (!root)
    snprintf(err->message, sizeof err->message, "%s:%d:%d: invalid JSON: %s", path,
             jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1, jerr.text);
  else
    snprintf(err->message, sizeof err->message,
             json_is_object(root) ? "%s: out of memory" : "%s: expected an object of test outputs by task id", path);
  free(challenges);
  json_decref(root);
  free(text);
  return set;
}

int cmd_arc_score_main(int argc, char **argv) {
  static const struct option options[] = {
      {"tasks", required_argument, NULL, OPT_TASKS}, {"solutions", required_argument, NULL, OPT_SOLUTIONS},
      {"json", no_argument, NULL, OPT_JSON},         {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *tasks = NULL, *solutions = NULL;
  bool json = false;
  optind = 0;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
    switch (opt) {
      case 'h': print_usage(stdout); return CLI_EXIT_OK;
      case OPT_TASKS: tasks = optarg; break;
      case OPT_SOLUTIONS: solutions = optarg; break;
      case OPT_JSON: json = true; break;
      case ':': return cli_usage_error("arc score", "option '%s' requires an argument", argv[optind - 1]);
      default: return cli_usage_error("arc score", "unrecognized option '%s'", argv[optind - 1]);
    }
  }
  if (optind + 1 != argc) return cli_usage_error("arc score", "expected one SUBMISSION file");
  if (!tasks && !solutions) return cli_usage_error("arc score", "--tasks PATH or --solutions FILE is required");
  arc_load_options load = {.solutions_path = solutions};
  arc_error aerr;
  arc_taskset *set = tasks ? arc_taskset_load(tasks, &load, &aerr) : tasks_from_solutions(solutions, &aerr);
  if (!set) return cli_fail(CLI_EXIT_USAGE, "arc score", "%s", aerr.message);
  arc_submission_score sc;
  char err[512];
  bool ok = arc_score_submission(argv[optind], set, &sc, err, sizeof err);
  arc_taskset_free(set);
  if (!ok) return cli_fail(CLI_EXIT_USAGE, "arc score", "%s", err);
  if (sc.tasks == 0)
    return cli_fail(CLI_EXIT_USAGE, "arc score", "no task of %s has known test outputs"
                    " (give them with --solutions FILE)", tasks ? tasks : solutions);
  double pct = sc.tasks ? 100.0 * sc.score / (double)sc.tasks : 0.0;
  if (json)
    printf("{\"score\": %.6f, \"tasks\": %zu, \"percent\": %.4f, \"tasks_correct\": %zu,"
           " \"test_inputs\": %zu, \"test_correct\": %zu, \"missing_tasks\": %zu}\n",
           sc.score, sc.tasks, pct, sc.tasks_correct, sc.test_inputs, sc.test_correct,
           sc.missing_tasks);
  else
    printf("score %.3f of %zu tasks (%.2f%%); %zu of %zu test inputs correct; %zu tasks missing\n",
           sc.score, sc.tasks, pct, sc.test_correct, sc.test_inputs, sc.missing_tasks);
  return CLI_EXIT_OK;
}
