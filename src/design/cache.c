/*
 * cache.c - an LRU cache of plans (parsed and planned steps).
 *
 * The key is the command text together with the blueprint's plan
 * fingerprint (a 128-bit hash of everything parsing and planning read), so
 * a hit is only possible when a fresh plan would be identical. Lookups hash
 * both into a bucket, then compare the fingerprint and the full command, so
 * a hash collision can never return the wrong plan. Each entry owns a small
 * arena holding its deep copy of the plan.
 */
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"
#include "tessera/fault.h"

typedef struct cache_entry {
  char *command;
  uint64_t fp[2];
  uint64_t hash;
  plan *value;
  ta_arena arena;
  int prev, next;      /* LRU list, most recent first */
  int bucket_next;     /* chain in its bucket */
  bool used;
} cache_entry;

struct plan_cache {
  cache_entry *entries;
  int *buckets;
  size_t capacity, bucket_count, size;
  int head, tail;
  uint64_t hits, misses;
};

plan_cache *design_plan_cache_new(size_t capacity) {
  plan_cache *c = tc_calloc(1, sizeof *c);
  if (!c) return NULL;
  c->capacity = capacity;
  c->bucket_count = 1;
  while (c->bucket_count < capacity * 2) c->bucket_count *= 2;
  c->entries = tc_calloc(capacity, sizeof *c->entries);
  c->buckets = tc_calloc(c->bucket_count, sizeof *c->buckets);
  if (!c->entries || !c->buckets) {
    design_plan_cache_free(c);
    return NULL;
  }
  for (size_t i = 0; i < c->bucket_count; i++) c->buckets[i] = -1;
  c->head = c->tail = -1;
  return c;
}

void design_plan_cache_free(plan_cache *c) {
  if (!c) return;
  for (size_t i = 0; c->entries && i < c->capacity; i++) {
    if (!c->entries[i].used) continue;
    free(c->entries[i].command);
    ta_arena_free(&c->entries[i].arena);
  }
  free(c->entries);
  free(c->buckets);
  free(c);
}

void design_plan_cache_stats(const plan_cache *c, uint64_t *hits, uint64_t *misses) {
  *hits = c->hits;
  *misses = c->misses;
}

static uint64_t key_hash(const char *command, const uint64_t fp[2]) {
  return design_hash_bytes(command, strlen(command), fp[0] ^ (fp[1] * 0x9E3779B97F4A7C15ull));
}

static void unlink_lru(plan_cache *c, int i) {
  cache_entry *e = &c->entries[i];
  if (e->prev >= 0) c->entries[e->prev].next = e->next; else c->head = e->next;
  if (e->next >= 0) c->entries[e->next].prev = e->prev; else c->tail = e->prev;
}

static void push_front(plan_cache *c, int i) {
  cache_entry *e = &c->entries[i];
  e->prev = -1;
  e->next = c->head;
  if (c->head >= 0) c->entries[c->head].prev = i;
  c->head = i;
  if (c->tail < 0) c->tail = i;
}

static int find(const plan_cache *c, const char *command, const uint64_t fp[2], uint64_t h) {
  for (int i = c->buckets[h & (c->bucket_count - 1)]; i >= 0; i = c->entries[i].bucket_next) {
    const cache_entry *e = &c->entries[i];
    if (e->hash == h && e->fp[0] == fp[0] && e->fp[1] == fp[1] && strcmp(e->command, command) == 0) return i;
  }
  return -1;
}

const plan *design_plan_cache_get(plan_cache *c, const char *command, const uint64_t fp[2]) {
  uint64_t h = key_hash(command, fp);
  int i = find(c, command, fp, h);
  if (i < 0) {
    c->misses++;
    return NULL;
  }
  c->hits++;
  unlink_lru(c, i);
  push_front(c, i);
  return c->entries[i].value;
}

static void remove_from_bucket(plan_cache *c, int i) {
  int *link = &c->buckets[c->entries[i].hash & (c->bucket_count - 1)];
  while (*link >= 0 && *link != i) link = &c->entries[*link].bucket_next;
  if (*link == i) *link = c->entries[i].bucket_next;
}

static int take_slot(plan_cache *c) {
  if (c->size < c->capacity) return (int)c->size++;
  int victim = c->tail;
  unlink_lru(c, victim);
  remove_from_bucket(c, victim);
  cache_entry *e = &c->entries[victim];
  free(e->command);
  ta_arena_free(&e->arena);
  e->used = false;
  return victim;
}

/* A copy of the plan in `a`, or NULL when memory ran out (the guard is
 * here, away from the caller's locals, which longjmp would clobber). */
static plan *clone_or_null(ta_arena *a, const plan *p) {
  design_oom_guard guard;
  design_oom_push(&guard);
  if (setjmp(guard.at)) return NULL;
  plan *q = design_plan_clone(a, p);
  design_oom_pop(&guard);
  return q;
}

/* Copies the plan into a fresh entry. Running out of memory here only
 * leaves the plan uncached: the copy is released and the slot given back,
 * and the edit goes on with its own plan. */
void design_plan_cache_put(plan_cache *c, const char *command, const uint64_t fp[2], const plan *p) {
  uint64_t h = key_hash(command, fp);
  if (find(c, command, fp, h) >= 0) return;
  char *copy = tc_strdup(command);
  if (!copy) return;
  int i = take_slot(c);
  cache_entry *e = &c->entries[i];
  memset(e, 0, sizeof *e);
  ta_arena_init(&e->arena, 4096);
  e->value = clone_or_null(&e->arena, p);
  if (!e->value) {
    ta_arena_free(&e->arena);
    free(copy);
    e->used = false;
    if ((size_t)i == c->size - 1) c->size--;
    return;
  }
  e->command = copy;
  e->fp[0] = fp[0];
  e->fp[1] = fp[1];
  e->hash = h;
  e->used = true;
  size_t b = h & (c->bucket_count - 1);
  e->bucket_next = c->buckets[b];
  c->buckets[b] = i;
  push_front(c, i);
}
