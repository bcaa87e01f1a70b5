/* test_perf_objects.c - objects labels components with a two-pass
 * union-find. It must give dsl.py's objects for every combination of
 * univalued / diagonal / without_bg: here the expected set is built the
 * way dsl.py builds it, by growing each object from an unvisited seed over
 * neighbours that qualify (same colour as the seed when univalued, not the
 * background otherwise), with mostcolor as the background. */
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

enum { SIDE = 12 };

/* Most frequent colour; ties go to the smallest, which is what dsl.py's
 * max(set(values), key=values.count) gives for colours 0..9 (CPython
 * iterates a set of small ints in ascending order). */
static int most_colour(const uint8_t *cells, int n) {
  int count[256] = {0}, best = 0;
  for (int k = 0; k < n; k++) count[cells[k]]++;
  for (int c = 0; c < 256; c++)
    if (count[c] > count[best]) best = c;
  return best;
}

static bool qualifies(int v, int seed, bool univalued, int bg) {
  return univalued ? v == seed : v != bg;
}

static tv_val reference_objects(tv_ctx *ctx, const uint8_t *cells, int h, int w, bool univalued,
                                bool diagonal, bool without_bg) {
  int bg = without_bg ? most_colour(cells, h * w) : -1;
  bool occupied[SIDE * SIDE] = {false};
  int queue[SIDE * SIDE];
  tv_val objs[SIDE * SIDE], members[SIDE * SIDE];
  size_t nobjs = 0;
  for (int seed = 0; seed < h * w; seed++) {
    if (occupied[seed] || cells[seed] == bg) continue;
    size_t head = 0, tail = 0, n = 0;
    queue[tail++] = seed;
    occupied[seed] = true;
    while (head < tail) {
      int p = queue[head++], i = p / w, j = p % w;
      members[n++] = tv_cell_imm(cells[p], i, j);
      for (int di = -1; di <= 1; di++)
        for (int dj = -1; dj <= 1; dj++) {
          int ni = i + di, nj = j + dj, q = ni * w + nj;
          if ((di == 0 && dj == 0) || (!diagonal && di != 0 && dj != 0)) continue;
          if (ni < 0 || ni >= h || nj < 0 || nj >= w || occupied[q]) continue;
          if (!qualifies(cells[q], cells[seed], univalued, bg)) continue;
          occupied[q] = true;
          queue[tail++] = q;
        }
    }
    objs[nobjs++] = tv_set(ctx, n, members);
  }
  return tv_set(ctx, nobjs, objs);
}

TEST(perf_objects_match_seed_growing_for_every_flag_combination) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 20);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  const tv_prim *objects = tv_prim_lookup("objects");
  unsigned seed = 99;
  for (int round = 0; round < 120; round++) {
    int h = 1 + rand_r(&seed) % SIDE, w = 1 + rand_r(&seed) % SIDE, colours = 2 + round % 3;
    tv_val g = tv_grid_new(&ctx, h, w);
    for (int k = 0; k < h * w; k++) tv_grid_cells(g)[k] = (uint8_t)(rand_r(&seed) % colours);
    tv_grid_seal(g);
    for (int flags = 0; flags < 8; flags++) {
      bool univalued = flags & 1, diagonal = flags & 2, without_bg = flags & 4;
      tv_val args[4] = {g, tv_bool(univalued), tv_bool(diagonal), tv_bool(without_bg)};
      tv_val got = tv_prim_call(&ctx, objects, args);
      CHECK(tv_eq(got, reference_objects(&ctx, tv_grid_cells(g), h, w, univalued, diagonal,
                                         without_bg)));
    }
    ta_arena_reset(&arena);
  }
  ta_arena_free(&arena);
}

TEST(perf_objects_u_shape_joins_late) {
  /* The two arms of a U meet only on the bottom row: a raster scan sees
   * them as separate until then, and they must end as one object. */
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  const char *rows = "10001"
                     "10001"
                     "11111";
  tv_val g = tv_grid_new(&ctx, 3, 5);
  for (int k = 0; k < 15; k++) tv_grid_cells(g)[k] = (uint8_t)(rows[k] - '0');
  tv_grid_seal(g);
  tv_val args[4] = {g, TV_TRUE, TV_FALSE, TV_FALSE};
  tv_val objs = tv_prim_call(&ctx, tv_prim_lookup("objects"), args);
  /* One U of 1s (9 cells) and one block of 0s (6 cells). */
  CHECK_INT(tv_len(objs), 2);
  size_t sizes = 0;
  for (size_t k = 0; k < tv_len(objs); k++) sizes = sizes * 100 + tv_len(tv_items(objs)[k]);
  CHECK(sizes == 609 || sizes == 906);
  ta_arena_free(&arena);
}
