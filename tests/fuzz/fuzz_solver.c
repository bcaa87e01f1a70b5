/*
 * fuzz_solver.c - fuzz target for solver files: the lexer and parser, the
 * compiler into the shared DAG, canonical text and the interpreter (and
 * through it every primitive), on a small fixed task with a small budget.
 *
 * Input: the text of one solver file ("fuzz.py").
 *
 * Besides crashes, leaks, undefined behaviour and hangs, the target checks
 * what lang.h promises:
 *   - a refused file gets a message "fuzz.py:line:col: ..." and adds nothing;
 *   - each program gives the same result through tl_run and through
 *     tl_eval_each (the battery's entry point), unless the budget or the
 *     memory guard stopped either;
 *   - the canonical text of every program loads again and computes the same
 *     values (errors stay errors).
 * A broken promise aborts, so libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/lang.h"

#define BUDGET 20000          /* work units per program and input */
#define MEMORY (8u << 20)     /* the memory guard of one evaluation */
#define MAX_PROGRAMS 64

static tv_val inputs[2];
static ta_arena input_arena;

static tv_val grid_of(tv_ctx *ctx, int h, int w, const char *cells) {
  tv_val g = tv_grid_new(ctx, h, w);
  for (int k = 0; k < h * w; k++) tv_grid_cells(g)[k] = (uint8_t)(cells[k] - '0');
  return tv_grid_seal(g);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  ta_arena_init(&input_arena, 4096);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &input_arena, 0);
  inputs[0] = grid_of(&ctx, 3, 3, "012340567");
  inputs[1] = grid_of(&ctx, 4, 5, "00100" "02220" "00100" "30003");
  return 0;
}

static void broken(const char *what, const char *detail) {
  fprintf(stderr, "fuzz_solver: %s: %s\n", what, detail);
  abort();
}

/* A result that does not say anything about the program itself. */
static bool stopped(const tv_ctx *ctx, tv_val v) {
  tv_ctx probe = *ctx;
  return v == tv_budget_error(&probe) || ta_arena_failed(ctx->arena) ||
         (tv_is_error(v) && strstr(tv_error_message(v), "memory"));
}

static bool same_outcome(tv_val a, tv_val b) {
  if (tv_is_error(a) || tv_is_error(b)) return tv_is_error(a) && tv_is_error(b);
  return tv_eq(a, b);
}

static void fresh_ctx(tv_ctx *ctx, ta_arena *arena) {
  ta_arena_reset(arena);
  tv_ctx_init(ctx, arena, BUDGET);
}

/* tl_run on each input, with tl_eval_each on the same input as a check. */
static void run_all(const tl_library *lib, size_t n, tv_val results[][2], bool known[][2]) {
  ta_arena arena, each_arena;
  ta_arena_init(&arena, 1u << 16);
  ta_arena_init(&each_arena, 1u << 16);
  ta_arena_set_limit(&arena, MEMORY);
  ta_arena_set_limit(&each_arena, 4 * MEMORY);
  size_t programs[MAX_PROGRAMS];
  tv_val each[MAX_PROGRAMS];
  for (size_t i = 0; i < n; i++) programs[i] = i;
  for (int k = 0; k < 2; k++) {
    tv_ctx ectx;
    fresh_ctx(&ectx, &each_arena);
    tl_eval_each(lib, &ectx, inputs[k], programs, n, BUDGET, each, NULL);
    for (size_t i = 0; i < n; i++) {
      tv_ctx ctx;
      fresh_ctx(&ctx, &arena);
      tv_val v = tl_run(lib, i, &ctx, inputs[k]);
      known[i][k] = !stopped(&ctx, v);
      /* Keep only what the check below needs past this arena's reset. */
      results[i][k] = tv_is_error(v) ? TV_TRUE : tv_hash(v) | 1;
      if (known[i][k] && !stopped(&ectx, each[i]) && !same_outcome(v, each[i]))
        broken("tl_run and tl_eval_each disagree", tl_program_name(lib, i));
    }
  }
  ta_arena_free(&arena);
  ta_arena_free(&each_arena);
}

/* The canonical text of program i loads and computes what program i did. */
static void check_canonical(const tl_library *lib, size_t i, tv_val results[2], bool known[2]) {
  char *text = tl_program_canonical(lib, i);
  if (!text) broken("no canonical text", tl_program_name(lib, i));
  tl_library *again = tl_library_new();
  tl_diag diag;
  if (!again) abort();
  if (tl_library_add_source(again, "canonical.py", text, strlen(text), &diag) != 1) {
    fprintf(stderr, "%s\n", text);
    broken("canonical text does not load", diag.message);
  }
  tv_val reloaded[1][2];
  bool reknown[1][2];
  run_all(again, 1, reloaded, reknown);
  for (int k = 0; k < 2; k++)
    if (known[k] && reknown[0][k] && results[k] != reloaded[0][k]) {
      fprintf(stderr, "%s\n", text);
      broken("canonical text computes something else", tl_program_name(lib, i));
    }
  tl_library_free(again);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tl_library *lib = tl_library_new();
  if (!lib) abort();
  tl_diag diag;
  int added = tl_library_add_source(lib, "fuzz.py", (const char *)data, size, &diag);
  if (added < 0) {
    int line = 0, col = 0;
    if (sscanf(diag.message, "fuzz.py:%d:%d: ", &line, &col) != 2 || line < 1 || col < 1)
      broken("message without file:line:col", diag.message);
    if (tl_library_count(lib) != 0) broken("a refused file added programs", diag.message);
  }
  size_t n = tl_library_count(lib);
  if (n > MAX_PROGRAMS) n = MAX_PROGRAMS;
  tv_val results[MAX_PROGRAMS][2];
  bool known[MAX_PROGRAMS][2];
  run_all(lib, n, results, known);
  for (size_t i = 0; i < n; i++) check_canonical(lib, i, results[i], known[i]);
  tl_library_free(lib);
  return 0;
}
