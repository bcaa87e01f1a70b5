/*
 * arena.c - bump allocation over a list of chunks (see arena.h).
 *
 * Chunks are kept in a singly linked list, newest first. A request larger than
 * a quarter of the chunk size gets a chunk of its own, so big grids do not
 * waste the rest of a chunk. Reset keeps the standard chunks on a spare
 * list to avoid malloc churn and page faults between evaluations.
 *
 * Every request passes the same three gates before any memory moves: the
 * size must not overflow, the fault hook must let it through, and it must
 * fit under the limit. A refused request changes nothing but the failure
 * flags, so `total` stays the bytes really handed out.
 */
#include "tessera/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"

struct ta_chunk {
  ta_chunk *next;
  size_t size;
  _Alignas(16) unsigned char data[];
};

#define ALIGN 16

void ta_arena_init(ta_arena *a, size_t chunk_size) {
  memset(a, 0, sizeof *a);
  a->chunk_size = chunk_size ? chunk_size : (1u << 20);
}

void ta_arena_set_limit(ta_arena *a, size_t bytes) { a->limit = bytes; }

static ta_chunk *new_chunk(size_t size) {
  if (size > SIZE_MAX - sizeof(ta_chunk)) return NULL;
  ta_chunk *c = malloc(sizeof(ta_chunk) + size);
  if (c) c->size = size;
  return c;
}

static void *fail(ta_arena *a, bool over_limit) {
  a->failed = true;
  a->over_limit = a->over_limit || over_limit;
  return NULL;
}

/* A chunk of its own for a big block, linked behind the head so the head
 * keeps filling. */
static void *alloc_dedicated(ta_arena *a, size_t size) {
  ta_chunk *c = new_chunk(size);
  if (!c) return NULL;
  if (a->head) {
    c->next = a->head->next;
    a->head->next = c;
  } else {
    c->next = NULL;
    a->head = c;
    a->used = size;
  }
  return c->data;
}

static void *alloc_in_new_head(ta_arena *a, size_t size) {
  ta_chunk *c = a->spare;
  if (c) {
    a->spare = c->next;
  } else {
    c = new_chunk(a->chunk_size);
    if (!c) return NULL;
  }
  c->next = a->head;
  a->head = c;
  a->used = size;
  return c->data;
}

void *ta_alloc(ta_arena *a, size_t size) {
  if (size > SIZE_MAX - ALIGN) return fail(a, false);
  size = size ? (size + ALIGN - 1) & ~(size_t)(ALIGN - 1) : ALIGN;
  if (tc_fault_hit()) return fail(a, false);
  if (a->limit && (size > a->limit || a->total > a->limit - size)) return fail(a, true);
  void *p;
  if (a->head && a->used + size <= a->head->size) {
    p = a->head->data + a->used;
    a->used += size;
  } else {
    p = size > a->chunk_size / 4 ? alloc_dedicated(a, size) : alloc_in_new_head(a, size);
    if (!p) return fail(a, false);
  }
  a->total += size;
  return p;
}

void *ta_alloc_array(ta_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return fail(a, false);
  return ta_alloc(a, n * size);
}

void *ta_alloc_zero(ta_arena *a, size_t size) {
  void *p = ta_alloc(a, size);
  if (p) memset(p, 0, size);
  return p;
}

void *ta_memdup(ta_arena *a, const void *src, size_t size) {
  void *p = ta_alloc(a, size);
  if (p && size) memcpy(p, src, size);
  return p;
}

void *ta_grow(ta_arena *a, void *items, size_t count, size_t *cap, size_t elem, size_t first_cap) {
  if (count < *cap) return items;
  size_t grown = *cap ? *cap * 2 : first_cap;
  if (grown <= *cap) return fail(a, false);
  void *moved = ta_alloc_array(a, grown, elem);
  if (!moved) return NULL;
  if (count) memcpy(moved, items, count * elem);
  *cap = grown;
  return moved;
}

char *ta_strdup(ta_arena *a, const char *s) {
  return ta_memdup(a, s, strlen(s) + 1);
}

char *ta_printf(ta_arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *out = ta_alloc(a, (size_t)n + 1);
  if (out) vsnprintf(out, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return out;
}

void ta_arena_reset(ta_arena *a) {
  ta_chunk *c = a->head;
  while (c) {
    ta_chunk *next = c->next;
    if (c->size == a->chunk_size) {
      c->next = a->spare;
      a->spare = c;
    } else {
      free(c);
    }
    c = next;
  }
  a->head = NULL;
  a->used = 0;
  a->total = 0;
  a->failed = a->over_limit = false;
}

static void free_list(ta_chunk *c) {
  while (c) {
    ta_chunk *next = c->next;
    free(c);
    c = next;
  }
}

void ta_arena_free(ta_arena *a) {
  free_list(a->head);
  free_list(a->spare);
  a->head = a->spare = NULL;
  a->used = 0;
  a->total = 0;
}
