/*
 * cmd_arc_store.c - `tessera arc store list|show HASH|export`: browsing the
 * solver store written by `arc eval` (formats in docs/BATTERY.md). The store
 * must exist; these commands never create or modify one.
 */
#include <ctype.h>
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
          "  --task ID      only this task (list, export)\n"
          "  -o FILE        export to FILE instead of standard output\n"
          "  --json         JSON output (list, show)\n"
          "  -h, --help     print this help\n",
          ARC_STORE_DEFAULT_PATH);
}

static int parse_args(int argc, char **argv, store_args *a, int *operands) {
  static const struct option options[] = {
      {"store", required_argument, NULL, OPT_STORE}, {"task", required_argument, NULL, OPT_TASK},
      {"json", no_argument, NULL, OPT_JSON},         {"output", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0},
  };
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "ho:", options);
  int opt;
  while ((opt = tc_opt_next(&p)) != -1) {
    switch (opt) {
      case 'h': print_usage(stdout); return CLI_EXIT_OK;
      case OPT_STORE: a->store_path = p.arg; break;
      case OPT_TASK: a->task_id = p.arg; break;
      case OPT_JSON: a->json = true; break;
      case 'o': a->output = p.arg; break;
      default: return cli_bad_option("arc store", &p);
    }
  }
  *operands = tc_opt_operands(&p);
  return -1;
}

/* The solver file goes to standard output, or whole or not at all to -o. */
static int run_export(arc_store *s, const store_args *a) {
  cli_output out = {.f = stdout};
  if (a->output && !cli_output_open(&out, a->output)) return cli_output_failed("arc store", &out);
  arc_error err;
  size_t count = 0;
  bool ok = arc_store_export(s, a->task_id, out.f, &count, &err);
  bool empty = ok && a->task_id && count == 0; /* a negative result: nothing to write */
  if (a->output && !cli_output_close(&out, ok && !empty) && ok && !empty)
    return cli_output_failed("arc store", &out);
  if (!ok) return cli_arc_error("arc store", &err);
  if (empty) return cli_fail(CLI_EXIT_FAILURE, "arc store", "no stored program for task %s", a->task_id);
  if (a->output) fprintf(stderr, "exported %zu program%s to %s\n", count, count == 1 ? "" : "s", a->output);
  return CLI_EXIT_OK;
}

static int run_action(arc_store *s, const char *action, const char *hash, const store_args *a) {
  arc_error err;
  bool ok;
  if (strcmp(action, "export") == 0) return run_export(s, a);
  if (strcmp(action, "list") == 0) ok = arc_store_print_list(s, a->task_id, a->json, stdout, &err);
  else ok = arc_store_print_show(s, hash, a->json, stdout, &err);
  return ok ? CLI_EXIT_OK : cli_arc_error("arc store", &err);
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
  int first = 0, status = parse_args(argc, argv, &a, &first);
  if (status >= 0) return status;
  int rest = argc - first;
  const char *action = rest > 0 ? argv[first] : NULL;
  if (!action) return cli_usage_error("arc store", "expected list, show HASH or export");
  bool is_show = strcmp(action, "show") == 0;
  if (!is_show && strcmp(action, "list") != 0 && strcmp(action, "export") != 0)
    return cli_usage_error("arc store", "unknown action '%s'", action);
  if (rest != (is_show ? 2 : 1))
    return cli_usage_error("arc store", is_show ? "show takes one HASH" : "unexpected argument '%s'",
                           is_show ? "" : argv[first + 1]);
  /* Options an action does not take are refused, not ignored: `export
   * --json` printed a solver file to a script expecting JSON. */
  bool is_export = strcmp(action, "export") == 0;
  if (is_export && a.json)
    return cli_usage_error("arc store", "--json is for list and show (export writes a solver file)");
  if (!is_export && a.output) return cli_usage_error("arc store", "-o FILE is for export only");
  if (is_show && a.task_id) return cli_usage_error("arc store", "--task is for list and export (show takes a HASH)");
  char hash[33] = "";
  if (is_show && !normalise_hash(argv[first + 1], hash))
    return cli_usage_error("arc store", "'%s' is not a program hash (4 to 32 hex digits)", argv[first + 1]);
  const cli_input store = {a.store_path, "store"};
  if (a.output && (status = cli_check_output("arc store", a.output, &store, 1)) >= 0) return status;
  arc_error err;
  arc_store *s = arc_store_open(a.store_path, ARC_STORE_READ, &err);
  if (!s) return cli_arc_error("arc store", &err);
  status = run_action(s, action, is_show ? hash : NULL, &a);
  arc_store_close(s);
  return status;
}
