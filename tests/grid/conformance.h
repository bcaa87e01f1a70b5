/*
 * conformance.h - the conformance cases of test_conformance.c, shared with
 * the allocation-failure sweep (test_fault_sweep.c).
 *
 * The case file is loaded once and owned by test_conformance.c (never
 * freed: the test process ends). Decoded values live in the ctx's arena.
 */
#ifndef TESSERA_TEST_CONFORMANCE_H
#define TESSERA_TEST_CONFORMANCE_H

#include <jansson.h>
#include <stdbool.h>

#include "tessera/prims.h"

/* Every case object, or NULL when the case file cannot be read. */
json_t *conformance_cases(void);
/* The primitive of case c and its arguments decoded into argv (room for 4).
 * False when the case names no primitive or an argument does not decode
 * (such cases are not run). */
bool conformance_decode_call(tv_ctx *ctx, const json_t *c, const tv_prim **prim, tv_val *argv);

#endif
