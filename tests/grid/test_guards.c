/*
 * test_guards.c - the guards that act inside one primitive: the work budget
 * is charged before a result whose size is known is built (so a refused
 * result costs no memory), the memory guard (an arena limit) refuses the
 * allocation that would pass it, and a deadline stops power() loops.
 */
#include <time.h>

#include "harness.h"
#include "tessera/prims.h"

typedef struct guarded {
  ta_arena arena;
  tv_ctx ctx;
} guarded;

static void start(guarded *g, uint64_t budget, size_t memory) {
  ta_arena_init(&g->arena, 1 << 16);
  ta_arena_set_limit(&g->arena, memory);
  tv_ctx_init(&g->ctx, &g->arena, budget);
}

/* A call of a two-argument primitive. */
static tv_val call(tv_ctx *ctx, const char *name, tv_val a, tv_val b) {
  tv_val args[2] = {a, b};
  return tv_prim_call(ctx, tv_prim_lookup(name), args);
}

static tv_val prim(const char *name) { return tv_func_of_prim(tv_prim_lookup(name)); }

static tv_val small_grid(tv_ctx *ctx) {
  tv_val g = tv_grid_new(ctx, 30, 30);
  return tv_grid_seal(g);
}

static bool says(tv_val v, const char *message) {
  return tv_is_error(v) && strcmp(tv_error_message(v), message) == 0;
}

/* What a refused call may leave in the arena: its error and index arrays
 * of at most one grid side each (a few KB), never the result it refused. */
#define NOTHING_BUILT (2 * (TV_GRID_MAX_SIDE + 1) * sizeof(int) + 1024)

/* Calls `name` with a fresh work count; true when the budget refused it and
 * the arena grew by no more than NOTHING_BUILT. */
static bool refused_before_building(guarded *g, const char *name, const tv_val *args) {
  size_t before = g->arena.total;
  g->ctx.work = 0;
  tv_val out = tv_prim_call(&g->ctx, tv_prim_lookup(name), args);
  return says(out, "work budget exhausted") && g->arena.total - before <= NOTHING_BUILT;
}

TEST(guard_budget_is_charged_before_the_result_is_built) {
  guarded g;
  start(&g, 1000, 0);
  tv_val grid = small_grid(&g.ctx);
  tv_val range_args[3] = {tv_int(0), tv_int(900), tv_int(1)};
  tv_val range = tv_prim_call(&g.ctx, tv_prim_lookup("interval"), range_args);
  CHECK_INT(tv_len(range), 900);
  CHECK(refused_before_building(&g, "repeat", (tv_val[]){grid, tv_int(16000000)}));
  CHECK(refused_before_building(&g, "canvas", (tv_val[]){tv_int(3), tv_pair(&g.ctx, 1024, 1024)}));
  CHECK(refused_before_building(&g, "upscale", (tv_val[]){grid, tv_int(34)}));
  CHECK(refused_before_building(&g, "hupscale", (tv_val[]){grid, tv_int(34)}));
  CHECK(refused_before_building(&g, "vupscale", (tv_val[]){grid, tv_int(34)}));
  CHECK(refused_before_building(&g, "interval", (tv_val[]){tv_int(0), tv_int(16000000), tv_int(1)}));
  CHECK(refused_before_building(&g, "product", (tv_val[]){range, range}));
  ta_arena_free(&g.arena);
}

TEST(guard_memory_limit_stops_repeat_inside_the_primitive) {
  guarded g;
  start(&g, 0, 100u << 20); /* repeat(I, 16000000) needs 128 MB at once */
  tv_val out = call(&g.ctx, "repeat", small_grid(&g.ctx), tv_int(16000000));
  CHECK(says(out, "memory limit exceeded"));
  CHECK(ta_arena_over_limit(&g.arena));
  CHECK(g.ctx.error == out);
  ta_arena_free(&g.arena);
}

TEST(guard_memory_limit_stops_power_of_upscale_without_budget) {
  guarded g;
  start(&g, 0, 16u << 20);
  tv_val up = call(&g.ctx, "rbind", prim("upscale"), tv_int(1));
  tv_val runaway = call(&g.ctx, "power", up, tv_int(1000000000));
  tv_val out = tv_call1(&g.ctx, runaway, small_grid(&g.ctx));
  CHECK(says(out, "memory limit exceeded"));
  CHECK(g.arena.total <= 16u << 20);
  ta_arena_free(&g.arena);
}

TEST(guard_deadline_stops_a_power_loop_that_allocates_nothing) {
  guarded g;
  start(&g, 0, 0);
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  g.ctx.deadline = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 - 1; /* already past */
  tv_val runaway = call(&g.ctx, "power", prim("identity"), tv_int((int64_t)1 << 50));
  CHECK(says(tv_call1(&g.ctx, runaway, tv_int(7)), "time limit exceeded"));
  g.ctx.deadline = 0; /* no deadline: short loops are unaffected */
  tv_val ten = call(&g.ctx, "power", prim("increment"), tv_int(10));
  CHECK(tv_eq(tv_call1(&g.ctx, ten, tv_int(0)), tv_int(10)));
  ta_arena_free(&g.arena);
}
