/*
 * arena.c - bump allocation over a list of chunks (see arena.h).
 *
 * Chunks are kept in a singly linked list, newest first. A request larger than
 * a quarter of the chunk size gets a chunk of its own, so big grids do not
 * waste the rest of a chunk. Reset keeps the standard chunks on a spare
 * list to avoid malloc churn and page faults between evaluations.
 */
#include "tessera/arena.h"

#include "tessera/fault.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ta_chunk {
  ta_chunk *next;
  size_t size;
  _Alignas(16) unsigned char data[];
};

#define ALIGN 16
static _Alignas(16) unsigned char spare[1 << 16];

void ta_arena_init(ta_arena *a, size_t chunk_size) {
  memset(a, 0, sizeof *a);
  a->chunk_size = chunk_size ? chunk_size : (1u << 20);
}

static ta_chunk *new_chunk(size_t size) {
  ta_chunk *c = malloc(sizeof(ta_chunk) + size);
  if (c) c->size = size;
  return c;
}

void *ta_alloc(ta_arena *a, size_t size) {
  size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (size == 0) size = ALIGN;
  if (tc_fault_hit()) goto fail;
  a->total += size;
  if (a->head && a->used + size <= a->head->size) {
    void *p = a->head->data + a->used;
    a->used += size;
    return p;
  }
  if (size > a->chunk_size / 4) {
    /* Dedicated chunk, linked behind the head so the head keeps filling. */
    ta_chunk *c = new_chunk(size);
    if (!c) goto fail;
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
  ta_chunk *c = a->spare;
  if (c) {
    a->spare = c->next;
  } else {
    c = new_chunk(a->chunk_size);
    if (!c) goto fail;
  }
  c->next = a->head;
  a->head = c;
  a->used = size;
  return c->data;
fail:
  a->failed = true;
  return size <= sizeof spare ? spare : NULL;
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
  void *moved = ta_alloc(a, grown * elem);
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
  a->failed = false;
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
