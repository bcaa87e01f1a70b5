/*
 * cli_mpi_eval.c - the battery evaluator over MPI ranks (cli_mpi_arc_eval,
 * see cli_mpi.h).
 *
 * Steps, the same on every rank:
 *   1. check that every rank loaded the same battery and tasks (a hash of
 *      program hashes and task hashes, compared with rank 0's);
 *   2. evaluate chunks of tasks as rank 0 hands them out, largest expected
 *      cost first (cli_mpi_sched.h), each with arc_eval on a view of the
 *      task set and this rank's --jobs threads;
 *   3. agree on failure, then gather the encoded results (cli_mpi_wire.h)
 *      and the totals on rank 0, which places each task at its index and
 *      calls on_task in task order, as arc_eval does.
 * Handing out, not a fixed split: the cost of a task is known only roughly
 * before it runs (one public task takes a third of the bundled solvers'
 * whole evaluation), and a fixed split measured 61/39 on two ranks.
 */
#include "cli_mpi.h"

#ifdef TESSERA_HAVE_MPI

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "cli_mpi_sched.h"
#include "cli_mpi_wire.h"
#include "tessera/fault.h"

typedef struct ranks {
  int rank, size;
} ranks;

/* ---- 1. the same input everywhere ------------------------------------------------- */

/* Chained XXH3 over every program hash and every task id and content
 * hash (no allocation, so it cannot fail). */
static uint64_t input_fingerprint(const arc_battery *b, const arc_taskset *set) {
  uint64_t h = arc_battery_count(b) ^ ((uint64_t)set->count << 32);
  for (size_t i = 0; i < arc_battery_count(b); i++)
    h = XXH3_64bits_withSeed(arc_battery_program(b, i)->hash, 32, h);
  for (size_t t = 0; t < set->count; t++) {
    char hash[33];
    arc_task_hash(&set->tasks[t], hash);
    h = XXH3_64bits_withSeed(set->tasks[t].id, strlen(set->tasks[t].id), h);
    h = XXH3_64bits_withSeed(hash, 32, h);
  }
  return h;
}

/* The first rank whose input differs from rank 0's, or -1 (none). */
static int first_different_rank(uint64_t mine, int rank) {
  uint64_t root = mine;
  MPI_Bcast(&root, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  int differs = mine != root ? rank : INT_MAX, first = INT_MAX;
  MPI_Allreduce(&differs, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return first == INT_MAX ? -1 : first;
}

/* ---- 2. and 3. are cli_mpi_sched.c ------------------------------------------------- */

/* Every rank learns whether some rank failed; rank 0 gets the first
 * failing rank's message. Returns true when all succeeded. */
static bool all_succeeded(bool ok, int rank, arc_error *err) {
  int mine = ok, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (all) return true;
  int first = ok ? INT_MAX : rank, worst = INT_MAX;
  MPI_Allreduce(&first, &worst, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  arc_error theirs = ok ? (arc_error){0} : *err;
  MPI_Bcast(&theirs, (int)sizeof theirs, MPI_BYTE, worst, MPI_COMM_WORLD);
  if (worst == 0) *err = theirs;
  else arc_fail(err, theirs.kind, "rank %d: %.900s", worst, theirs.message);
  return false;
}

/* ---- 4. gathering ---------------------------------------------------------------- */

static bool encode_share(const cli_mpi_share *share, tc_text *bytes) {
  for (size_t k = 0; k < share->r.count; k++)
    cli_wire_put_eval_task(bytes, share->index[k], &share->r.tasks[k]);
  return !bytes->failed;
}

static bool decode_rank(const uint8_t *bytes, int len, const arc_battery *b, const arc_taskset *set,
                        arc_eval_result *out, bool *filled) {
  cli_wire_reader rd = {bytes, bytes + len, false};
  uint64_t t;
  while (cli_wire_next_index(&rd, set->count, &t)) {
    if (filled[t]) return false;
    filled[t] = true;
    if (!cli_wire_get_eval_task(&rd, &set->tasks[t], arc_battery_count(b), &out->tasks[t])) return false;
  }
  return !rd.failed;
}

static void add_totals(const arc_eval_result *local, arc_eval_result *out) {
  uint64_t mine[9] = {local->solved, local->program_task_pairs, local->demo_evaluations,
                      local->nodes_computed, local->memo_hits, local->nodes_reused,
                      local->timeouts, (uint64_t)local->jobs_asked, (uint64_t)local->threads};
  uint64_t sum[9] = {0};
  MPI_Reduce(mine, sum, 9, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  double times[2] = {local->fold_seconds, local->evaluate_seconds}, longest[2] = {0};
  MPI_Reduce(times, longest, 2, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  double score = 0;
  MPI_Reduce(&local->score_seconds, &score, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  out->solved = (size_t)sum[0];
  out->program_task_pairs = sum[1];
  out->demo_evaluations = sum[2];
  out->nodes_computed = sum[3];
  out->memo_hits = sum[4];
  out->nodes_reused = sum[5];
  out->timeouts = (size_t)sum[6];
  out->jobs_asked = (int)sum[7];
  out->threads = (int)sum[8];
  out->constants_folded = local->constants_folded;
  out->fold_seconds = longest[0];
  out->evaluate_seconds = longest[1];
  out->score_seconds = score;
}

/* Rank 0: the whole result from every rank's bytes. */
static bool assemble(const uint8_t *all, const int *counts, const int *offsets, int size,
                     const arc_battery *b, const arc_taskset *set, arc_eval_result *out) {
  out->tasks = tc_calloc(set->count + 1, sizeof *out->tasks);
  bool *filled = tc_calloc(set->count + 1, sizeof *filled);
  bool ok = out->tasks && filled;
  if (ok) out->count = set->count;
  for (int r = 0; ok && r < size; r++) ok = decode_rank(all + offsets[r], counts[r], b, set, out, filled);
  for (size_t t = 0; ok && t < set->count; t++) ok = filled[t];
  free(filled);
  return ok;
}

/* Rank 0: room for every rank's size, count and offset; NULL elsewhere. */
typedef struct sizes {
  uint64_t *bytes;
  int *counts, *offsets;
  size_t total;
} sizes;

/* Rank 0 checks the gathered sizes (UINT64_MAX: that rank could not encode)
 * and lays them out in one buffer of at most INT_MAX bytes. */
static bool lay_out(sizes *z, int size, arc_error *err) {
  for (int r = 0; r < size; r++) {
    if (z->bytes[r] == UINT64_MAX)
      return arc_fail(err, ARC_ERR_FAILED, "rank %d: out of memory while sending its results", r);
    if (z->bytes[r] > (uint64_t)INT_MAX - z->total)
      return arc_fail(err, ARC_ERR_FAILED, "the results exceed 2 GiB, more than one MPI message");
    z->counts[r] = (int)z->bytes[r];
    z->offsets[r] = (int)z->total;
    z->total += z->bytes[r];
  }
  return true;
}

static int gather(const arc_battery *b, const arc_taskset *set, const cli_mpi_share *share,
                  const ranks *s, arc_eval_result *out, arc_error *err) {
  bool root = s->rank == 0;
  tc_text bytes = {0};
  uint64_t mine = encode_share(share, &bytes) ? bytes.len : UINT64_MAX;
  sizes z = {0};
  if (root) {
    z.bytes = tc_calloc((size_t)s->size, sizeof *z.bytes);
    z.counts = tc_calloc((size_t)s->size, sizeof *z.counts);
    z.offsets = tc_calloc((size_t)s->size, sizeof *z.offsets);
  }
  bool room = !root || (z.bytes && z.counts && z.offsets);
  if (!room) arc_fail(err, ARC_ERR_FAILED, "out of memory");
  bool ok = all_succeeded(room, s->rank, err);
  if (ok) MPI_Gather(&mine, 1, MPI_UINT64_T, z.bytes, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  uint8_t *all = NULL;
  if (ok && root && lay_out(&z, s->size, err) && !(all = tc_malloc(z.total + 1)))
    arc_fail(err, ARC_ERR_FAILED, "out of memory");
  ok = ok && all_succeeded(!root || all, s->rank, err);
  if (ok) {
    MPI_Gatherv(bytes.s ? bytes.s : "", (int)bytes.len, MPI_BYTE, all, z.counts, z.offsets,
                MPI_BYTE, 0, MPI_COMM_WORLD);
    add_totals(&share->r, out);
  }
  if (ok && root && !assemble(all, z.counts, z.offsets, s->size, b, set, out))
    ok = arc_fail(err, ARC_ERR_FAILED, "the results of the ranks do not fit together (out of memory, or a damaged message)");
  tc_text_free(&bytes);
  free(all);
  free(z.bytes);
  free(z.counts);
  free(z.offsets);
  return ok ? 0 : -1;
}

/* ---- the whole ------------------------------------------------------------------- */

int cli_mpi_arc_eval(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
                     arc_eval_result *out, arc_error *err) {
  *out = (arc_eval_result){0};
  *err = (arc_error){0};
  ranks s = {0};
  MPI_Comm_rank(MPI_COMM_WORLD, &s.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &s.size);
  int different = first_different_rank(input_fingerprint(b, set), s.rank);
  if (different >= 0) {
    return arc_fail(err, ARC_ERR_INPUT, "rank %d loaded other programs or tasks than rank 0"
                    " (every rank must read the same files)", different), -1;
  }
  cli_mpi_share share;
  bool ran = cli_mpi_eval_share(b, set, opts, &share, err);
  int rc = all_succeeded(ran, s.rank, err) ? gather(b, set, &share, &s, out, err) : -1;
  cli_mpi_share_free(&share);
  if (rc != 0) {
    arc_eval_result_free(out);
    return -1;
  }
  for (size_t t = 0; s.rank == 0 && opts->on_task && t < out->count; t++)
    opts->on_task(opts->user, &out->tasks[t], t, out->count);
  return 0;
}

#else /* built without MPI: cli_mpi_start refuses --mpi, so this is one process */

int cli_mpi_arc_eval(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
                     arc_eval_result *out, arc_error *err) {
  return arc_eval(b, set, opts, out, err);
}

#endif
