/*
 * extras.h - the search parts that build candidates as arc-dsl text and run
 * them with the lang layer, instead of enumerating nodes:
 *   objects.c   ts_object_maps        per-object maps, filters and pickers over
 *                                     objects() (templates, "object map")
 *   library.c   ts_library_neighbours variants of library programs with task
 *                                     constants swapped in ("library neighbour")
 *               ts_library_seeds      grid-valued sub-expressions of library
 *                                     programs, as seed nodes of the enumerator
 *
 * Every candidate is a whole program text; its values are the ones the lang
 * layer computes from that very text, so the text reproduces them by
 * construction. Candidates right on every demo are handed to the caller
 * through a ts_cand_sink (solve.c's add_cand with the part's origin).
 *
 * Budgets: each part gets a work sub-budget and charges what it used to the
 * ctx passed in. The candidates' runs on the demos stop at the sub-budget
 * (plus at most one primitive's charge); the few demo-exact programs handed
 * over are then run on every example, each under its own cap of 2M units
 * (textrun.c), so a found program is never lost to an exhausted budget. The
 * examples and library belong to the caller.
 */
#ifndef TESSERA_SEARCH_EXTRAS_H
#define TESSERA_SEARCH_EXTRAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search/enumerate.h"
#include "search/search_internal.h"
#include "tessera/lang.h"

/* Receives one candidate: text (malloc'd, ownership passes to the sink),
 * vals[k] for every example k < ex->n (copied by the sink), its cost. */
typedef void (*ts_cand_sink)(void *user, char *text, const tv_val *vals, uint64_t cost);

/* What one of these parts did (for the bench and tests). */
typedef struct ts_extra_stats {
  size_t generated; /* candidate programs written */
  size_t compiled;  /* of them, loaded by the lang layer */
  size_t solved;    /* right on every demo (handed to the sink, at most a few) */
  uint64_t work;    /* work units charged */
  bool hit_budget;
} ts_extra_stats;

/* At most this many demo-exact candidates are handed over per part. */
#define TS_EXTRA_MAX_FOUND 4

/* Object maps (objects.c): templates over objects(I, univalued, diagonal,
 * without_bg), evaluated in one lang library per task. When lib is not NULL
 * its Callable sub-expressions (ts_library_lambdas) are tried as keys,
 * predicates and maps too. Deterministic. */
void ts_object_maps(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an,
                    const tl_library *lib, const char *skip, uint64_t budget, ts_cand_sink sink,
                    void *user, ts_extra_stats *stats);

/* Callable sub-expressions of lib's programs (library.c): statements whose
 * right-hand side is rbind/lbind/compose/fork/matcher/chain(...), inlined
 * into one expression over I, as written and with each colour-like constant
 * (ZERO..NINE) replaced by each of the first two of `colours`; distinct, in
 * library order, at most max. Returns the number written to out. */
#define TS_LAMBDA_CAP 400
size_t ts_library_lambdas(const tl_library *lib, const char *skip, const int *colours,
                          size_t n_colours, char (*out)[TS_LAMBDA_CAP], size_t max);

/* Library neighbours (library.c): for each program of lib (in order), its
 * variants with colour constants replaced by task colours, rigid maps swapped
 * among the 8, integer constants nudged by one and objects() flags toggled;
 * each variant run on the demos. `skip`, when not NULL, is a program name
 * that is left out (leave-one-out measurements). Deterministic. */
void ts_library_neighbours(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an,
                           const tl_library *lib, const char *skip, uint64_t budget,
                           ts_cand_sink sink, void *user, ts_extra_stats *stats);

/* Library seeds (library.c): grid-valued sub-expressions of lib's programs
 * (input-dependent, not the input itself), evaluated on every example and
 * added to e as expression nodes (ts_enum_add_expr), at most max_seeds, those
 * with the demo outputs' shapes first, then library order. Returns the number
 * added. solve.c adds them after the enumeration levels, so they are answers
 * and composer pieces (nodes added before ts_enum_run would be expanded). */
size_t ts_library_seeds(ts_enum *e, const tl_library *lib, const char *skip, uint64_t budget,
                        size_t max_seeds);

#endif
