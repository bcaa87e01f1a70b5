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

/* The program search (arc_solve.h, `tessera arc solve --json`) over `set`
 * with `budget` work units per task (0: TS_DEFAULT_BUDGET), `jobs` threads
 * and the TS_PART_* bits of `disable`; no library:
 *   {"tasks": [{...one object of arc solve --json..., "attempts": [[G, G], ...]}, ...],
 *    "solved": N, "total": N, "work": N, "scored_tasks": N, "score": X|null,
 *    "tests_known": N, "tests_right": N}
 * "attempts" holds attempt_1 and attempt_2 per test input. NULL (err set)
 * when memory runs out. */
char *arc_api_solve_json(const arc_taskset *set, uint64_t budget, int jobs, unsigned disable, arc_error *err);

#endif
