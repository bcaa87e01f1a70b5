/*
 * design.h - the design agent: natural-language edits of UI blueprints
 * (docs/DESIGN.md, contract in data/design/SPEC.md).
 *
 * A blueprint is loaded once into an immutable model (design_blueprint_load)
 * and never modified afterwards; edits produce a new component table that
 * shares every unchanged component record with the input.
 *
 * Ownership:
 *  - design_blueprint_load returns a heap object the caller frees with
 *    design_blueprint_free. It owns a copy of the parsed JSON.
 *  - design_problems holds heap strings; free with design_problems_free.
 *  - design_engine (design_engine_new / design_engine_free) owns a scratch
 *    arena and the plan cache. A result returned by design_edit or
 *    design_fix lives in that arena: it stays valid until the next call on
 *    the same engine, and refers to (so must not outlive) its blueprint.
 *  - design_result_json and design_blueprint_json return malloc'd strings the
 *    caller frees.
 * Not thread-safe: one engine per thread. Blueprints may be shared read-only.
 */
#ifndef TESSERA_DESIGN_H
#define TESSERA_DESIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct design_blueprint design_blueprint;
typedef struct design_engine design_engine;
typedef struct design_result design_result;

/* ---- errors: the one error type of the design layer ----------------------
 * A function that fails returns false or NULL and says why in a
 * design_error: whose fault it is (the input, its size, the machine), the
 * JSON path concerned when there is one, and a one-line message. Loading a
 * blueprint lists every problem (SPEC section 1), so its report is a
 * design_problems: the same code, with each problem as "path: message";
 * design_problems_error gives the first as a design_error. An edit that is
 * refused is no error: it is a result with a status (design_status). */
typedef enum design_error_code {
  DESIGN_ERR_NONE = 0,
  DESIGN_ERR_INPUT,     /* malformed or invalid input: its fault (exit 2; HTTP 400/422) */
  DESIGN_ERR_TOO_LARGE, /* over a documented size cap (413) */
  DESIGN_ERR_MEMORY     /* out of memory: no fault of the input (exit 1; 500) */
} design_error_code;

typedef struct design_error {
  design_error_code code;
  char path[128];    /* JSON path ("viewport.width", "components[3].bbox") or "" */
  char message[256]; /* one line, no trailing newline */
} design_error;
/* "none", "invalid_input", "too_large", "out_of_memory" (for JSON documents). */
const char *design_error_code_name(design_error_code code);

/* Every problem found in an invalid blueprint, each as "path: message". */
typedef struct design_problems {
  char **items;
  size_t count, cap;
  design_error_code code; /* DESIGN_ERR_MEMORY: memory ran out, the list may be incomplete */
} design_problems;
void design_problems_free(design_problems *p);
/* The first problem as a design_error (code, path, message); false when none. */
bool design_problems_error(const design_problems *p, design_error *err);

/* Parses and validates blueprint JSON text. Returns NULL when invalid, with
 * every problem appended to `problems` (which may be NULL). */
design_blueprint *design_blueprint_load(const char *json_text, size_t len,
                                        design_problems *problems);
void design_blueprint_free(design_blueprint *bp);
/* Number of components in a loaded blueprint. */
size_t design_blueprint_component_count(const design_blueprint *bp);
/* The blueprint as JSON (pretty-printed, deterministic). Caller frees. */
char *design_blueprint_json(const design_blueprint *bp);

typedef enum design_status {
  DESIGN_SUCCESS,
  DESIGN_PARTIAL,
  DESIGN_FAILED,
  DESIGN_CONFLICT,
  DESIGN_AMBIGUOUS,
  DESIGN_INVALID
} design_status;
const char *design_status_name(design_status s);
/* Command-line exit code for a status: 0 success, 1 refused, 2 invalid. */
int design_status_exit_code(design_status s);

typedef struct design_edit_options {
  bool partial; /* keep the steps that succeeded before the first failure */
} design_edit_options;

/* cache_capacity 0 turns the plan cache off. NULL when out of memory. */
design_engine *design_engine_new(size_t cache_capacity);
void design_engine_free(design_engine *e);
void design_engine_cache_stats(const design_engine *e, uint64_t *hits, uint64_t *misses);

/* Runs one command on `bp` (never modified). `options` may be NULL. */
const design_result *design_edit(design_engine *e, const design_blueprint *bp,
                                 const char *command, const design_edit_options *options);
/* Autocorrect (SPEC section 4): the corrected blueprint and its changes. */
const design_result *design_fix(design_engine *e, const design_blueprint *bp);
/* Every violation of the blueprint itself (the `check` command). */
const design_result *design_check(design_engine *e, const design_blueprint *bp);

design_status design_result_status(const design_result *r);
size_t design_result_violation_count(const design_result *r);
/* True when the call ran out of memory: status failed, message "out of
 * memory", the input unchanged, no steps (an edit, check or fix never
 * returns a half-made result). The command line exits 1. */
bool design_result_out_of_memory(const design_result *r);
/* The result document of SPEC section 3 (pretty JSON). Caller frees. */
char *design_result_json(const design_result *r);
/* Only the resulting blueprint as JSON (for -o / -i). Caller frees. */
char *design_result_blueprint_json(const design_result *r);

/* The result JSON for input that could not be loaded: status "invalid",
 * the problems listed, the input echoed when it is JSON. Caller frees. */
char *design_invalid_result_json(const char *json_text, size_t len,
                                 const design_problems *problems, const char *message);

/* Acceptance corpus (SPEC section 5). Runs every line of `corpus_text`,
 * reading blueprints from `blueprint_dir`; each failure is reported through
 * `report` (may be NULL). Returns false when the corpus itself is unreadable. */
typedef void (*design_report_fn)(void *ctx, const char *line);
typedef struct design_corpus_totals {
  int passed, failed;
} design_corpus_totals;
bool design_corpus_run(design_engine *e, const char *corpus_text, const char *blueprint_dir,
                       design_report_fn report, void *ctx, design_corpus_totals *totals);

/* A valid blueprint of exactly n components with no violations: a header,
 * then blocks of a filled section holding a heading and a text, a row of two
 * product cards, a button and an image. For measuring at scale; the same n
 * always gives the same bytes. Caller frees; NULL when out of memory. */
char *design_generate_blueprint(size_t n);

/* Bytes the engine's last call took from its arena (the edit's working
 * memory, reset at the next call): for benchmarks and the scale tests. */
size_t design_engine_last_bytes(const design_engine *e);

#endif
