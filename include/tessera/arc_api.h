/*
 * arc_api.h - flat entry points of the ARC layer for callers that reach the
 * library through a foreign-function interface (the Python module in
 * python/tessera uses them through ctypes; see docs/PYTHON.md).
 *
 * Everything crosses the boundary as scalars, byte buffers and NUL-terminated
 * JSON text, so a caller needs no struct layout beyond the
 * ones it already passes around as opaque pointers (tl_library, arc_taskset)
 * and the fixed-size message buffers (tl_diag, arc_error). The structured
 * results are documented per function; their JSON follows the field names of
 * `tessera arc run --json` and `tessera arc eval --json`.
 *
 * Errors follow the layer: NULL is returned and err->message says why, in
 * the same words the command line uses (file:line:col for programs, a JSON
 * path for tasks). A program that fails at run time is a result, not an API
 * error: its message ("file:line: program: message") is part of the output.
 *
 * Ownership: every char * returned is malloc'd and owned by the caller, who
 * releases it with free() (from Python: the C library's free through
 * ctypes). Inputs are only read, and never kept after the call returns.
 * Thread safety: as the functions they wrap (arc_run, arc_eval); the library
 * must not be changed while a call runs.
 */
#ifndef TESSERA_ARC_API_H
#define TESSERA_ARC_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/arc_runner.h"
#include "tessera/arc_task.h"
#include "tessera/lang.h"

/* arc_taskset_load with only a solutions file as option (NULL: none), so a
 * caller needs no arc_load_options layout. Free with arc_taskset_free. */
arc_taskset *arc_api_load_tasks(const char *path, const char *solutions_path, arc_error *err);

/* Every task of `set` in id order:
 *   {"<id>": {"train": [{"input": G, "output": G}, ...],
 *             "test": [{"input": G, "output": G}, ...]}, ...}
 * where G is a list of rows of colours and "output" is left out when the
 * expected output is unknown. NULL only when memory runs out. */
char *arc_api_tasks_json(const arc_taskset *set);

/* Runs program `program` (an index of `lib`) on one grid of h rows and w
 * columns given row-major in `cells` (colours -128..127; h == 0 means the
 * empty grid), under `budget` work units (0: unlimited). Returns the value
 * as tagged JSON, or, with *failed set, the error message. The tags keep
 * Python's kinds: an int is a number, a bool true/false, a grid
 * {"g": [[c, ...], ...]}, any other tuple (pairs and cells too)
 * {"t": [items]}, a frozenset {"s": [items in set order]}, a function
 * {"f": null}. *work (may be NULL) gets the work units used. NULL (err set)
 * only for a shape outside 0..TV_GRID_MAX_SIDE or when memory runs out. */
char *arc_api_run_grid(const tl_library *lib, size_t program, int h, int w, const int8_t *cells,
                       uint64_t budget, bool *failed, uint64_t *work, arc_error *err);

/* arc_run over `set` (solve_<id> per task, or `program` on every task when
 * not NULL) with `budget` work units per task and `jobs` threads:
 *   {"tasks": [{"id": "<id>", "solved": bool, "work": N,
 *               "pairs": [{"kind": "train"|"test", "index": N,
 *                          "status": "ok"|"wrong"|"error"|"unknown",
 *                          "output": G|null, "error": "..."|null}, ...]}, ...],
 *    "solved": N, "total": N}
 * Tasks without a program are left out, as in `tessera arc run`. */
char *arc_api_run_json(const tl_library *lib, const arc_taskset *set, const char *program,
                       uint64_t budget, int jobs, arc_error *err);

/* Options of arc_api_evaluate_json; see arc_eval_options in battery.h. */
typedef struct arc_api_eval_options {
  bool cross;      /* every program on every task (else solve_<id>) */
  bool partial;    /* every demo pair, no early stop */
  uint64_t budget; /* work units per program per task; 0 = unlimited */
  int jobs;        /* worker threads */
  size_t keep;     /* results kept per task; 0 = ARC_DEFAULT_KEEP */
} arc_api_eval_options;

/* The battery evaluator (battery.h) over `set`:
 *   {"tasks_solved": N, "tasks_total": N, "programs": N,
 *    "pairs_evaluated": N, "demo_evaluations": N,
 *    "program_texts": {"<hash>": {"name": "...", "text": "..."}, ...},
 *    "tasks": [{"id": "<id>", "task_hash": "...", "solved_by": ["<hash>", ...],
 *               "programs_run": N, "timed_out": bool,
 *               "results": [{"hash": "...", "name": "...", "status": "solved"|...,
 *                            "matches": N, "evaluated": N, "train_pairs": N,
 *                            "score": x, "scores": {"exact": x, ...}, "work": N,
 *                            "predictions": [G|null, ...]}, ...]}, ...]}
 * "results" are the kept results, best first; "program_texts" holds the
 * canonical text of every program named in some result. */
char *arc_api_evaluate_json(const tl_library *lib, const arc_taskset *set,
                            const arc_api_eval_options *options, arc_error *err);

/* Options of arc_api_solve_json; see arc_solve_options in arc_solve.h. */
typedef struct arc_api_solve_options {
  uint64_t budget;     /* work units per task; 0 = TS_DEFAULT_BUDGET */
  int jobs;            /* worker threads (<= 0: one) */
  size_t memory_mb;    /* memory cap per task; 0 = TS_DEFAULT_MEMORY_MB */
  const char *disable; /* parts switched off, comma-separated names as
                          `arc solve --disable` takes them ("size,compose"), or NULL */
  size_t n_library;    /* solver sources tried first and used as seeds: */
  const char *const *library_names; /* the name each is given in messages */
  const char *const *library_texts; /* its NUL-terminated text */
} arc_api_solve_options;

/* The program search (arc_solve_tasks, arc_solve.h) over `set`:
 *   {"tasks": [T, ...], "solved": N, "total": N, "work": N,
 *    "scored_tasks": N, "score": x, "tests_known": N, "tests_right": N}
 * where each T is the object `tessera arc solve --json` prints for the
 * task (id, status, error, programs with text, demos_right, demo_score,
 * cost, origin and predictions, work, candidates, evaluations, peak_bytes,
 * caps_hit, stored, tests_known, tests_right) plus "attempts": one
 * [attempt_1, attempt_2] pair of grids per test input, as the submission
 * has them. NULL with err set: a bad disable name (ARC_ERR_INPUT, "disable:
 * unknown part 'x' ..."), a library source that does not load
 * (ARC_ERR_INPUT, "name:line:col: ..."), or memory. */
char *arc_api_solve_json(const arc_taskset *set, const arc_api_solve_options *options, arc_error *err);

#endif
