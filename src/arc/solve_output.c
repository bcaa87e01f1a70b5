/*
 * solve_output.c - what arc solve writes (arc_solve.h): the Kaggle
 * submission of the attempts, one JSON object per task, and --explain.
 *
 * The submission has the layout arc predict writes (predict.c): one task
 * per line, tasks in id order, attempts in test-input order, so the two
 * commands' files can be compared and scored by the same `arc score`.
 *
 * --explain evaluates a program statement by statement through the lang
 * layer: for statement k it loads "the statements up to k, then return
 * its variable" as program k of one source. The DAG is hash-consed, so the
 * prefixes share their nodes and tl_eval_roots computes each statement once
 * per demo input; the values printed are exactly what `arc run` computes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arc/store_internal.h"
#include "tessera/arc_solve.h"
#include "tessera/fault.h"
#include "tessera/grow.h"
#include "tessera/json.h"

/* ---- the submission -------------------------------------------------------------- */

bool arc_solve_write_submission(const arc_solve_result *r, FILE *out, arc_error *err) {
  tc_text text = {0};
  tc_text_append(&text, "{", 1);
  for (size_t k = 0; k < r->count; k++) {
    const arc_solve_task *t = &r->tasks[k];
    tc_text_append(&text, k ? ",\n" : "\n", k ? 2 : 1);
    tc_json_string(&text, t->task->id);
    tc_text_append(&text, ": [", 3);
    for (size_t i = 0; i < t->task->n_test; i++) {
      tc_text_append(&text, i ? ", {" : "{", i ? 3 : 1);
      for (int a = 0; a < 2; a++) {
        const arc_grid *g = &t->attempts[i][a];
        tc_text_printf(&text, a ? ", \"attempt_2\": " : "\"attempt_1\": ");
        arc_text_grid(&text, g->h, g->w, g->cells);
      }
      tc_text_append(&text, "}", 1);
    }
    tc_text_append(&text, "]", 1);
  }
  tc_text_append(&text, "\n}\n", 3);
  if (text.failed) {
    tc_text_free(&text);
    return arc_fail(err, ARC_ERR_FAILED, "out of memory");
  }
  bool ok = fwrite(text.s, 1, text.len, out) == text.len;
  int why = errno;
  tc_text_free(&text);
  return ok || arc_fail(err, ARC_ERR_FAILED, "cannot write the submission: %s", strerror(why));
}

/* ---- JSON per task ----------------------------------------------------------------- */

static const char *yes(bool b) { return b ? "true" : "false"; }

void arc_solve_task_json(tc_text *out, const arc_solve_task *t) {
  tc_text_puts(out, "{\"id\": ");
  tc_json_string(out, t->task->id);
  tc_text_printf(out, ", \"status\": \"%s\", \"error\": ", t->failed ? "nothing" : ts_status_name(t->status));
  if (t->failed) tc_json_string(out, t->error);
  else tc_text_puts(out, "null");
  tc_text_printf(out, ", \"demo_pairs\": %zu, \"test_inputs\": %zu, \"programs\": [", t->task->n_train,
                 t->task->n_test);
  for (size_t k = 0; k < t->n_programs; k++) {
    const arc_solve_program *p = &t->programs[k];
    tc_text_printf(out, "%s{\"rank\": %zu, \"text\": ", k ? ", " : "", k + 1);
    tc_json_string(out, p->text);
    tc_text_printf(out, ", \"demos_right\": %zu, \"demo_score\": %.4f, \"cost\": %llu, \"origin\": ",
                   p->demos_right, p->demo_score, (unsigned long long)p->cost);
    tc_json_string(out, p->origin);
    tc_text_puts(out, ", \"predictions\": [");
    for (size_t i = 0; i < t->task->n_test; i++) {
      if (i) tc_text_puts(out, ", ");
      arc_text_grid(out, p->predictions[i].h, p->predictions[i].w, p->predictions[i].cells);
    }
    tc_text_puts(out, "]}");
  }
  tc_text_printf(out,
                 "], \"work\": %llu, \"candidates\": %llu, \"evaluations\": %llu, \"peak_bytes\": %zu,"
                 " \"caps_hit\": {\"budget\": %s, \"memory\": %s, \"deadline\": %s}, \"stored\": %zu",
                 (unsigned long long)t->work, (unsigned long long)t->candidates,
                 (unsigned long long)t->evaluations, t->peak_bytes, yes(t->hit_budget), yes(t->hit_memory),
                 yes(t->hit_deadline), t->stored);
  if (t->tests_known) tc_text_printf(out, ", \"tests_known\": %zu, \"tests_right\": %zu}", t->tests_known, t->tests_right);
  else tc_text_puts(out, ", \"tests_known\": 0, \"tests_right\": null}");
}

/* ---- --explain ---------------------------------------------------------------------- */

#define EXPLAIN_REPR_MAX 300

/* One statement of a program: its line (without indentation) and variable. */
typedef struct statement {
  const char *line;
  size_t len;
  char var[32];
} statement;

/* Splits the text into the lines before the def line (imports), the def
 * line and the assignments; false when the shape is not the search's. */
static bool split_program(const char *text, size_t *header_len, statement **out, size_t *n) {
  *out = NULL;
  *n = 0;
  const char *def = strstr(text, "def ");
  if (!def || (def != text && def[-1] != '\n')) return false;
  *header_len = (size_t)(def - text);
  const char *at = strchr(def, '\n');
  size_t cap = 0;
  while (at && *++at) {
    const char *end = strchr(at, '\n');
    size_t len = end ? (size_t)(end - at) : strlen(at);
    const char *s = at;
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    at = end;
    if (!len || strncmp(s, "return", 6) == 0 || *s == '#') continue;
    const char *eq = memchr(s, '=', len);
    if (!eq) continue;
    size_t vlen = (size_t)(eq - s);
    while (vlen && s[vlen - 1] == ' ') vlen--;
    if (!vlen || vlen >= sizeof((statement *)0)->var) continue;
    statement *grown = tc_grow(*out, *n, &cap, sizeof **out, 16);
    if (!grown) return false;
    *out = grown;
    statement *st = &(*out)[(*n)++];
    st->line = s;
    st->len = len;
    memcpy(st->var, s, vlen);
    st->var[vlen] = 0;
  }
  return *n > 0;
}

/* "def step_k(I):" with statements 1..k, returning statement k's variable. */
static void prefix_programs(tc_text *src, const char *text, size_t header_len, const statement *st, size_t n) {
  tc_text_append(src, text, header_len);
  for (size_t k = 0; k < n; k++) {
    tc_text_printf(src, "def step_%zu(I):\n", k + 1);
    for (size_t i = 0; i <= k; i++) {
      tc_text_puts(src, "    ");
      tc_text_append(src, st[i].line, st[i].len);
      tc_text_puts(src, "\n");
    }
    tc_text_printf(src, "    return %s\n", st[k].var);
  }
}

static void print_value(FILE *out, tv_ctx *ctx, tv_val v) {
  int h, w;
  const uint8_t *cells;
  if (tv_is_grid(v) && tv_as_grid(v, &h, &w, &cells)) {
    fprintf(out, "grid %dx%d\n", h, w);
    for (int i = 0; i < h && i < 30; i++) {
      fputs("        ", out);
      for (int j = 0; j < w && j < 30; j++) fputc('0' + tv_byte_colour(cells[(size_t)i * (size_t)w + (size_t)j]) % 10, out);
      fputs(w > 30 ? " ...\n" : "\n", out);
    }
    if (h > 30) fputs("        ...\n", out);
    return;
  }
  if (tv_is_error(v)) {
    fprintf(out, "error: %s\n", tv_error_message(v));
    return;
  }
  if (tv_is_func(v)) {
    fputs("a function\n", out);
    return;
  }
  const char *r = tv_repr(ctx, v);
  if (!r) r = "(no memory to print it)";
  size_t len = strlen(r);
  if (tv_is_set(v) || tv_is_tuple(v)) fprintf(out, "%s of %zu: ", tv_kind_name(v), tv_len(v));
  if (len > EXPLAIN_REPR_MAX) fprintf(out, "%.*s ... (%zu characters)\n", EXPLAIN_REPR_MAX, r, len);
  else fprintf(out, "%s\n", r);
}

static bool explain_program(const arc_solve_task *t, size_t rank, const arc_solve_program *p, uint64_t budget,
                            FILE *out, arc_error *err) {
  const arc_task *task = t->task;
  fprintf(out, "program %zu: %zu of %zu demos right, cost %llu, from %s\n", rank, p->demos_right, task->n_train,
          (unsigned long long)p->cost, p->origin);
  fputs(p->text, out);
  if (!*p->text || p->text[strlen(p->text) - 1] != '\n') fputc('\n', out);
  size_t header_len, n;
  statement *st;
  if (!split_program(p->text, &header_len, &st, &n)) {
    free(st);
    fputs("  (no statements to explain)\n", out);
    return true;
  }
  tc_text src = {0};
  prefix_programs(&src, p->text, header_len, st, n);
  tl_library *lib = src.failed ? NULL : tl_library_new();
  tl_diag diag = {{0}};
  bool ok = lib && tl_library_add_source(lib, "explain", src.s, src.len, &diag) >= 0;
  if (!ok) {
    arc_fail(err, lib ? ARC_ERR_INPUT : ARC_ERR_FAILED, "task %s program %zu does not load: %s", task->id, rank,
             lib ? diag.message : "out of memory");
  }
  size_t *programs = ok ? tc_calloc(n, sizeof *programs) : NULL;
  tv_val *values = ok ? tc_calloc(n, sizeof *values) : NULL;
  if (ok && (!programs || !values)) ok = arc_fail(err, ARC_ERR_FAILED, "out of memory");
  for (size_t k = 0; ok && k < n; k++) programs[k] = k;
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  for (size_t d = 0; ok && d < task->n_train; d++) {
    tv_ctx ctx;
    tv_ctx_init(&ctx, &arena, 0);
    fprintf(out, "  demo %zu:\n    I = ", d);
    print_value(out, &ctx, task->train[d].input);
    tl_eval_each(lib, &ctx, task->train[d].input, programs, n, budget, values, NULL);
    for (size_t k = 0; k < n; k++) {
      fprintf(out, "    %s = ", st[k].var);
      print_value(out, &ctx, values[k]);
    }
    bool right = tv_eq(values[n - 1], task->train[d].output);
    fprintf(out, "    %s\n", right ? "right" : "WRONG (differs from the expected output)");
    ta_arena_reset(&arena);
  }
  ta_arena_free(&arena);
  free(programs);
  free(values);
  tl_library_free(lib);
  tc_text_free(&src);
  free(st);
  return ok;
}

bool arc_solve_explain(const arc_solve_task *t, size_t max_programs, uint64_t budget, FILE *out, arc_error *err) {
  fprintf(out, "task %s: %s, %zu program%s\n", t->task->id, t->failed ? "nothing" : ts_status_name(t->status),
          t->n_programs, t->n_programs == 1 ? "" : "s");
  if (t->failed) fprintf(out, "  the search refused it: %s\n", t->error);
  for (size_t k = 0; k < t->n_programs && k < max_programs; k++)
    if (!explain_program(t, k + 1, &t->programs[k], budget, out, err)) return false;
  if (fflush(out) != 0 || ferror(out)) return arc_fail(err, ARC_ERR_FAILED, "cannot write: %s", strerror(errno));
  return true;
}
