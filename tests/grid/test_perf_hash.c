/* test_perf_hash.c - hashes of heap values are computed on first use: they
 * must agree with equality whenever they are asked for, equality must not
 * depend on whether a hash was computed yet, and two threads hashing one
 * shared value must both get the value a private copy gets. */
#include <pthread.h>

#include "harness.h"
#include "tessera/prims.h"

typedef struct fixture {
  ta_arena arena;
  tv_ctx ctx;
} fixture;

static void fixture_open(fixture *f) {
  ta_arena_init(&f->arena, 1 << 16);
  tv_ctx_init(&f->ctx, &f->arena, 0);
}

static tv_val pairs_set(tv_ctx *ctx, const int *coords, size_t n) {
  tv_val items[16];
  for (size_t k = 0; k < n; k++) items[k] = tv_pair_imm(coords[2 * k], coords[2 * k + 1]);
  return tv_set(ctx, n, items);
}

TEST(perf_hash_equal_values_hash_alike_in_any_order_of_asking) {
  fixture f;
  fixture_open(&f);
  const int ab[] = {0, 1, 2, 3, 4, 5}, ba[] = {4, 5, 0, 1, 2, 3, 0, 1};
  tv_val a = pairs_set(&f.ctx, ab, 3), b = pairs_set(&f.ctx, ba, 4);
  CHECK(tv_eq(a, b)); /* neither hashed yet */
  uint64_t ha = tv_hash(a);
  CHECK(tv_eq(a, b)); /* one hashed */
  CHECK(tv_hash(b) == ha);
  CHECK(tv_eq(b, a)); /* both hashed */
  /* A tuple holding heap values hashes through its elements. */
  tv_val ta[2] = {a, tv_int(7)}, tb[2] = {b, tv_int(7)};
  tv_val x = tv_tuple(&f.ctx, 2, ta), y = tv_tuple(&f.ctx, 2, tb);
  CHECK(tv_eq(x, y));
  CHECK(tv_hash(x) == tv_hash(y));
  ta_arena_free(&f.arena);
}

TEST(perf_hash_unequal_values_stay_unequal_before_and_after_hashing) {
  fixture f;
  fixture_open(&f);
  const int p[] = {0, 1, 2, 3}, q[] = {0, 1, 2, 4};
  tv_val a = pairs_set(&f.ctx, p, 2), b = pairs_set(&f.ctx, q, 2);
  CHECK(!tv_eq(a, b));
  tv_hash(a);
  CHECK(!tv_eq(a, b));
  CHECK(!tv_eq(b, a));
  tv_hash(b);
  CHECK(!tv_eq(a, b));
  CHECK(tv_cmp(a, b) < 0); /* (2, 3) < (2, 4) */
  tv_val g = tv_grid_seal(tv_grid_new(&f.ctx, 2, 2)), h = tv_grid_new(&f.ctx, 2, 2);
  tv_grid_cells(h)[3] = 5;
  tv_grid_seal(h);
  CHECK(!tv_eq(g, h));
  CHECK(tv_hash(g) != 0);
  ta_arena_free(&f.arena);
}

TEST(perf_hash_closures_hash_by_what_they_capture) {
  fixture f;
  fixture_open(&f);
  const int p[] = {3, 3, 1, 2};
  tv_val sfilter = tv_func_of_prim(tv_prim_lookup("sfilter"));
  tv_val c1[2] = {sfilter, pairs_set(&f.ctx, p, 2)}, c2[2] = {sfilter, pairs_set(&f.ctx, p, 2)};
  tv_val a = tv_func_new(&f.ctx, TF_LBIND, 2, c1), b = tv_func_new(&f.ctx, TF_LBIND, 2, c2);
  CHECK(tv_eq(a, b));
  CHECK(tv_hash(a) == tv_hash(b));
  CHECK(tv_cmp(a, b) == 0);
  /* Closures over different primitives order by their hashes, the same way
   * whichever is hashed first. */
  tv_val mfilter = tv_func_of_prim(tv_prim_lookup("mfilter"));
  tv_val c3[2] = {mfilter, c1[1]};
  tv_val m = tv_func_new(&f.ctx, TF_LBIND, 2, c3);
  int order = tv_cmp(a, m);
  CHECK(order != 0);
  CHECK(tv_cmp(m, a) == -order);
  ta_arena_free(&f.arena);
}

typedef struct hash_job {
  tv_val shared;
  uint64_t got;
} hash_job;

static void *hash_in_thread(void *arg) {
  hash_job *job = arg;
  job->got = tv_hash(job->shared);
  return NULL;
}

TEST(perf_hash_shared_value_hashed_by_two_threads) {
  fixture f;
  fixture_open(&f);
  for (int round = 0; round < 20; round++) {
    tv_val g = tv_grid_new(&f.ctx, 3, 4 + round);
    for (int k = 0; k < 3 * (4 + round); k++) tv_grid_cells(g)[k] = (uint8_t)((k * 7 + round) % 10);
    tv_grid_seal(g);
    tv_val copy = tv_grid_new(&f.ctx, 3, 4 + round);
    for (int k = 0; k < 3 * (4 + round); k++) tv_grid_cells(copy)[k] = tv_grid_cells(g)[k];
    tv_grid_seal(copy);
    hash_job jobs[2] = {{g, 0}, {g, 0}};
    pthread_t t;
    bool started = pthread_create(&t, NULL, hash_in_thread, &jobs[0]) == 0;
    hash_in_thread(&jobs[1]);
    if (started) pthread_join(t, NULL);
    CHECK(started);
    CHECK(jobs[0].got == tv_hash(copy));
    CHECK(jobs[1].got == tv_hash(copy));
  }
  ta_arena_free(&f.arena);
}
