/*
 * constants.c - the named constants of arc-dsl's constants.py: booleans,
 * small integers and the direction/shape vectors. Immediates only, so the
 * table is plain data and needs no arena.
 */
#include <string.h>

#include "tessera/prims.h"

typedef struct named_constant {
  const char *name;
  int kind; /* 0 int, 1 bool, 2 pair */
  int a, b;
} named_constant;

static const named_constant constants[] = {
    {"F", 1, 0, 0},          {"T", 1, 1, 0},          {"ZERO", 0, 0, 0},
    {"ONE", 0, 1, 0},        {"TWO", 0, 2, 0},        {"THREE", 0, 3, 0},
    {"FOUR", 0, 4, 0},       {"FIVE", 0, 5, 0},       {"SIX", 0, 6, 0},
    {"SEVEN", 0, 7, 0},      {"EIGHT", 0, 8, 0},      {"NINE", 0, 9, 0},
    {"TEN", 0, 10, 0},       {"NEG_ONE", 0, -1, 0},   {"NEG_TWO", 0, -2, 0},
    {"DOWN", 2, 1, 0},       {"RIGHT", 2, 0, 1},      {"UP", 2, -1, 0},
    {"LEFT", 2, 0, -1},      {"ORIGIN", 2, 0, 0},     {"UNITY", 2, 1, 1},
    {"NEG_UNITY", 2, -1, -1}, {"UP_RIGHT", 2, -1, 1}, {"DOWN_LEFT", 2, 1, -1},
    {"ZERO_BY_TWO", 2, 0, 2}, {"TWO_BY_ZERO", 2, 2, 0}, {"TWO_BY_TWO", 2, 2, 2},
    {"THREE_BY_THREE", 2, 3, 3},
};

#define N_CONSTANTS (sizeof constants / sizeof constants[0])

static tv_val constant_value(const named_constant *c) {
  switch (c->kind) {
    case 1: return tv_bool(c->a != 0);
    case 2: return tv_pair_imm(c->a, c->b);
    default: return tv_int(c->a);
  }
}

bool tv_constant_lookup(const char *name, tv_val *out) {
  for (size_t i = 0; i < N_CONSTANTS; i++) {
    if (strcmp(constants[i].name, name) == 0) {
      *out = constant_value(&constants[i]);
      return true;
    }
  }
  return false;
}

size_t tv_constant_count(void) { return N_CONSTANTS; }
const char *tv_constant_name(size_t i) { return i < N_CONSTANTS ? constants[i].name : NULL; }
