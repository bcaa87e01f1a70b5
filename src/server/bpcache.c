/*
 * bpcache.c - loaded blueprints kept by content, so that a blueprint the
 * server has seen is not parsed again (struct srv_bpcache).
 *
 * Why: parsing and validating a stored blueprint (design_blueprint_load)
 * is most of the cost of a request on a stored blueprint - about 100 us of
 * the 240 us an edit of the 20-component catalog took (docs/PERFORMANCE.md)
 * - while the design work itself is a few microseconds. Edits, checks,
 * fixes, undo and redo all start from a head that was usually loaded a
 * moment ago by the request before.
 *
 * How: entries are keyed by the XXH3-128 hash of the canonical JSON and
 * the bytes are compared on a hit, so a hit is exactly the same document.
 * Loaded blueprints are immutable and may be read by several threads
 * (design.h), so a hit hands out the same object with its reference count
 * raised; an evicted entry is freed when its last reader releases it. The
 * table is small and replaced least-recently-used; one mutex guards it
 * (held for a lookup or insert, never during a parse).
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "server/server_internal.h"
#include "tessera/fault.h"

typedef struct bp_entry {
  XXH128_hash_t hash;
  char *json;
  size_t len;
  design_blueprint *bp;
  int refs;          /* readers holding bp, plus one while in the table */
  uint64_t used;     /* tick of the last hit, for LRU */
} bp_entry;

struct srv_bpcache {
  pthread_mutex_t lock;
  bp_entry *slots[SRV_BPCACHE_SLOTS];
  uint64_t tick;
  uint64_t hits, misses;
};

srv_bpcache *srv_bpcache_new(void) {
  srv_bpcache *c = tc_calloc(1, sizeof *c);
  if (c) pthread_mutex_init(&c->lock, NULL);
  return c;
}

static void entry_unref(bp_entry *e) {
  if (--e->refs > 0) return;
  design_blueprint_free(e->bp);
  free(e->json);
  free(e);
}

void srv_bpcache_free(srv_bpcache *c) {
  if (!c) return;
  for (int i = 0; i < SRV_BPCACHE_SLOTS; i++)
    if (c->slots[i]) entry_unref(c->slots[i]);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

static bp_entry *find(srv_bpcache *c, XXH128_hash_t h, const char *json, size_t len) {
  for (int i = 0; i < SRV_BPCACHE_SLOTS; i++) {
    bp_entry *e = c->slots[i];
    if (e && XXH128_isEqual(e->hash, h) && e->len == len && memcmp(e->json, json, len) == 0) return e;
  }
  return NULL;
}

static void insert(srv_bpcache *c, bp_entry *e) {
  int victim = 0;
  for (int i = 0; i < SRV_BPCACHE_SLOTS; i++) {
    if (!c->slots[i]) {
      victim = i;
      break;
    }
    if (c->slots[i]->used < c->slots[victim]->used) victim = i;
  }
  if (c->slots[victim]) entry_unref(c->slots[victim]);
  c->slots[victim] = e;
}

const design_blueprint *srv_bpcache_load(srv_bpcache *c, const char *json, size_t len, srv_bp_ref *ref) {
  XXH128_hash_t h = XXH3_128bits(json, len);
  pthread_mutex_lock(&c->lock);
  bp_entry *e = find(c, h, json, len);
  if (e) {
    e->refs++;
    e->used = ++c->tick;
    c->hits++;
  } else {
    c->misses++;
  }
  pthread_mutex_unlock(&c->lock);
  if (e) {
    *ref = e;
    return e->bp;
  }
  /* parse outside the lock; a racing thread may parse the same document,
   * in which case the first one inserted is kept and the other is dropped */
  e = tc_calloc(1, sizeof *e);
  if (e) e->json = tc_malloc(len + 1);
  if (e && e->json) e->bp = design_blueprint_load(json, len, NULL);
  if (!e || !e->json || !e->bp) {
    if (e) free(e->json);
    free(e);
    *ref = NULL;
    return NULL;
  }
  memcpy(e->json, json, len);
  e->json[len] = 0;
  e->len = len;
  e->hash = h;
  e->refs = 2; /* the table's and the caller's */
  pthread_mutex_lock(&c->lock);
  bp_entry *other = find(c, h, json, len);
  if (other) {
    other->refs++;
    e->refs = 1;
  } else {
    e->used = ++c->tick;
    insert(c, e);
  }
  pthread_mutex_unlock(&c->lock);
  if (other) {
    entry_unref(e);
    e = other;
  }
  *ref = e;
  return e->bp;
}

void srv_bpcache_release(srv_bpcache *c, srv_bp_ref ref) {
  if (!ref) return;
  pthread_mutex_lock(&c->lock);
  entry_unref(ref);
  pthread_mutex_unlock(&c->lock);
}

void srv_bpcache_stats(srv_bpcache *c, uint64_t *hits, uint64_t *misses) {
  pthread_mutex_lock(&c->lock);
  *hits = c->hits;
  *misses = c->misses;
  pthread_mutex_unlock(&c->lock);
}
