/*
 * cli_mpi_wire.h - the bytes one MPI rank sends another: battery results of
 * finished tasks (arc_eval_task), encoded field by field.
 *
 * Format: fixed-width fields in the machine's own byte order and sizes (every
 * rank runs the same tessera build on the same architecture; docs/SCALE.md),
 * each task prefixed by its index in the task set. Doubles travel as their
 * bits, so scores arrive exactly as computed. A reader checks every length
 * against what is left and every index and count against the task set, so a
 * short or damaged message fails cleanly instead of reading past its end.
 *
 * Ownership: the writer appends to a caller's tc_text; a decoded task owns
 * malloc'd arrays exactly as arc_eval's own results do, so it is released by
 * arc_eval_result_free with the result it is placed in (also after a failed
 * decode, which leaves it consistent).
 */
#ifndef TESSERA_CLI_MPI_WIRE_H
#define TESSERA_CLI_MPI_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/battery.h"
#include "tessera/text.h"

typedef struct cli_wire_reader {
  const uint8_t *at, *end;
  bool failed; /* a read went past the end or met an impossible value */
} cli_wire_reader;

/* Appends task `index` of the set with its result. */
void cli_wire_put_eval_task(tc_text *t, uint64_t index, const arc_eval_task *task);

/* Reads the next task's index; false at a clean end of the bytes. */
bool cli_wire_next_index(cli_wire_reader *r, size_t count, uint64_t *index);
/* Reads that task's result into `out` (zeroed by the caller), with task
 * pointing to `task` and program indices checked below `programs`. False
 * (r->failed) when the bytes are not a result. */
bool cli_wire_get_eval_task(cli_wire_reader *r, const arc_task *task, size_t programs,
                            arc_eval_task *out);

#endif
