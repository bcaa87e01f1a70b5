/*
 * cmd_arc_store.c - `tessera arc store list|show HASH|export`: browsing the
 * solver store written by `arc eval` (formats in docs/BATTERY.md). The store
 * must exist; these commands never create or modify one.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/store.h"

typedef struct store_args {
  const char *store_path, *task_id, *output;
  bool json;
} store_args;

enum { OPT_STORE = 256, OPT_TASK, OPT_JSON };

static void print_usage(FILE *out) {
  fprintf(out,
          "Usage: tessera arc store list [--task ID] [--json] [--store DB]\n"
          "       tessera arc store show HASH [--json] [--store DB]\n"
          "       tessera arc store export [--task ID] [-o FILE] [--store DB]\n"
          "\n"
          "Browses the solver store of 'tessera arc eval'.\n"
          "  list     runs, totals and the best program of every task\n"
          "  show     one program (hash or unambiguous prefix) and its results\n"
          "  export   the best program per task as a solver file in arc-dsl syntax\n"
          "           that 'tessera arc run' accepts\n"
          "\n"
          "Options:\n"
          "  --store DB     the store (default ./%s)\n"
          "  --task ID      only this task\n"
          "  -o FILE        export to FILE instead of standard output\n"
          "  --json         JSON output (list, show)\n"
          "  -h, --help     print this help\n",
          ARC_STORE_DEFAULT_PATH);
}

static int parse_args(int argc, char **argv, store_args *a) {
  static const struct option options[] = {
      {"store", required_argument, NULL, OPT_STORE}, {"task", required_argument, NULL, OPT_TASK},
      {"json", no_argument, NULL, OPT_JSON},         {"output", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0},
  };
  optind = 0;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
    switch (opt) {
      case 'h': print_usage(stdout); return CLI_EXIT_OK;
      case OPT_STORE: a->store_path = optarg; break;
      case OPT_TASK: a->task_id = optarg; break;
      case OPT_JSON: a->json = true; break;
      case 'o': a->output = optarg; break;
      case ':': return cli_usage_error("arc store", "option '%s' requires an argument", argv[optind - 1]);
      default: return cli_usage_error("arc store", "unrecognized option '%s'", argv[optind - 1]);
    }
  }
  return -1;
}

static int run_export(arc_store *s, const store_args *a) {
  FILE *out = a->output ? fopen(a->output, "w") : stdout;
  if (!out) return cli_fail(CLI_EXIT_FAILURE, "arc store", "cannot write %s", a->output);
  char err[512];
  size_t count = 0;
  bool ok = arc_store_export(s, a->task_id, out, &count, err, sizeof err);
  if (a->output && fclose(out) != 0) ok = false, snprintf(err, sizeof err, "cannot write %s", a->output);
  if (!ok) return cli_fail(CLI_EXIT_FAILURE, "arc store", "%s", err);
  if (a->output) fprintf(stderr, "exported %zu program%s to %s\n", count, count == 1 ? "" : "s", a->output);
  if (a->task_id && count == 0)
    return cli_fail(CLI_EXIT_FAILURE, "arc store", "no stored program for task %s", a->task_id);
  return CLI_EXIT_OK;
}

static int run_action(arc_store *s, const char *action, const char *hash, const store_args *a) {
  char err[512];
  bool ok;
  if (strcmp(action, "export") == 0) return run_export(s, a);
  if (strcmp(action, "list") == 0) ok = arc_store_print_list(s, a->task_id, a->json, stdout, err, sizeof err);
  else ok = arc_store_print_show(s, hash, a->json, stdout, err, sizeof err);
  return ok ? CLI_EXIT_OK : cli_fail(CLI_EXIT_FAILURE, "arc store", "%s", err);
}

/* A hash prefix as typed (hex digits of either case, as copied from any
 * tool) into the store's lowercase form; false when it cannot be one. */
static bool normalise_hash(const char *text, char out[33]) {
  size_t n = strlen(text);
  if (n < 4 || n > 32 || strspn(text, "0123456789abcdefABCDEF") != n) return false;
  for (size_t k = 0; k <= n; k++) out[k] = (char)tolower((unsigned char)text[k]);
  return true;
}

int cmd_arc_store_main(int argc, char **argv) {
  store_args a = {.store_path = ARC_STORE_DEFAULT_PATH};
  int status = parse_args(argc, argv, &a);
  if (status >= 0) return status;
  int rest = argc - optind;
  const char *action = rest > 0 ? argv[optind] : NULL;
  if (!action) return cli_usage_error("arc store", "expected list, show HASH or export");
  bool is_show = strcmp(action, "show") == 0;
  if (!is_show && strcmp(action, "list") != 0 && strcmp(action, "export") != 0)
    return cli_usage_error("arc store", "unknown action '%s'", action);
  if (rest != (is_show ? 2 : 1))
    return cli_usage_error("arc store", is_show ? "show takes one HASH" : "unexpected argument '%s'",
                           is_show ? "" : argv[optind + 1]);
  char hash[33] = "";
  if (is_show && !normalise_hash(argv[optind + 1], hash))
    return cli_usage_error("arc store", "'%s' is not a program hash (4 to 32 hex digits)",
                           argv[optind + 1]);
  char err[512];
  arc_store *s = arc_store_open(a.store_path, true, err, sizeof err);
  if (!s) return cli_fail(CLI_EXIT_USAGE, "arc store", "%s", err);
  status = run_action(s, action, is_show ? hash : NULL, &a);
  arc_store_close(s);
  return status;
}
