/*
 * blueprint.c - reading, validating and writing blueprints (SPEC section 1).
 *
 * Validation walks the whole document and records every problem as
 * "path: message" instead of stopping at the first, so a designer sees the
 * full list at once. Known fields become typed members of the immutable
 * component records; unknown keys are kept as jansson values and written
 * back unchanged. Output uses a fixed key order (known keys first, then the
 * unknown ones in input order) so the same model always gives the same bytes.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <xxhash.h>

#include "design/design_internal.h"
#include "tessera/fault.h"
#include "tessera/json.h"

static const char *const TYPE_NAMES[CT_COUNT] = {
    "header", "navbar", "hero", "title", "subtitle", "heading", "text", "description",
    "label", "list", "button", "link", "image", "icon", "product_card", "card",
    "container", "section", "input", "select", "divider", "footer"};

const char *design_comp_type_name(int type) {
  return type >= 0 && type < CT_COUNT ? TYPE_NAMES[type] : "unknown";
}

int design_comp_type_from_name(const char *name) {
  for (int i = 0; i < CT_COUNT; i++)
    if (strcmp(TYPE_NAMES[i], name) == 0) return i;
  return -1;
}

bool design_comp_type_is_text_like(int t) {
  return t == CT_TITLE || t == CT_SUBTITLE || t == CT_HEADING || t == CT_TEXT ||
         t == CT_DESCRIPTION || t == CT_LABEL || t == CT_LINK || t == CT_LIST;
}

bool design_comp_type_is_container(int t) {
  return t == CT_HERO || t == CT_CARD || t == CT_PRODUCT_CARD || t == CT_CONTAINER ||
         t == CT_SECTION || t == CT_FOOTER || t == CT_NAVBAR || t == CT_HEADER;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct loader {
  design_blueprint *bp;
  design_problems *problems;
  bool ok;
} loader;

static void problem(loader *L, const char *path, const char *message) {
  L->ok = false;
  design_problems_add(L->problems, "%s: %s", path, message);
}

/* A size: a JSON number or a string such as "28px" or "28", finite and
 * within the documented limit (DESIGN_MAX_NUMBER), since edits compute with
 * it and a result beyond a double's range could not be written back. */
static bool read_size(const json_t *v, double *out) {
  double d;
  if (json_is_number(v)) d = json_number_value(v);
  else if (json_is_string(v)) {
    const char *s = json_string_value(v);
    char *end;
    d = strtod(s, &end);
    if (end == s || (strcmp(end, "px") != 0 && *end)) return false;
  } else return false;
  if (!(fabs(d) <= DESIGN_MAX_NUMBER)) return false;
  *out = d;
  return true;
}

#define NUMBER_RANGE "between -1000000000 and 1000000000"

static bool read_color(loader *L, const json_t *v, const char *path, rgb_t *out) {
  const char *s = json_string_value(v);
  if (s && design_color_parse_hex(s, strlen(s), out)) return true;
  char msg[160];
  snprintf(msg, sizeof msg, "must be a colour #RRGGBB");
  problem(L, path, msg);
  return false;
}

static const char *arena_copy(loader *L, const char *s) { return design_strdup(&L->bp->arena, s); }

/* Unknown keys are kept in their own object (jansson's memory: running out
 * unwinds like the arena; the object is already linked where the handler
 * frees it). */
static void keep_unknown(json_t **extra, const char *key, json_t *value) {
  if (!*extra) *extra = design_need(json_object());
  if (json_object_set(*extra, key, value) != 0) design_oom_fail();
}

static bool key_in(const char *key, const char *const *list) {
  for (; *list; list++)
    if (strcmp(key, *list) == 0) return true;
  return false;
}

static void read_visual(loader *L, design_component *c, json_t *visual, const char *base) {
  static const char *const KNOWN[] = {"bg_color", "text_color", "font_size", "font_weight", "font_style",
                                      "text_decoration", "text_transform", "aspect_ratio", NULL};
  char path[256];
  c->has_visual = true;
  const char *key;
  json_t *v;
  json_object_foreach(visual, key, v) {
    snprintf(path, sizeof path, "%s.visual.%s", base, key);
    if (!key_in(key, KNOWN)) {
      keep_unknown(&c->visual_extra, key, v);
    } else if (strcmp(key, "bg_color") == 0) {
      c->has_bg = read_color(L, v, path, &c->bg_color);
    } else if (strcmp(key, "text_color") == 0) {
      c->has_text_color = read_color(L, v, path, &c->text_color);
    } else if (strcmp(key, "font_size") == 0) {
      if (read_size(v, &c->font_size) && c->font_size > 0) c->has_font_size = true;
      else problem(L, path, "must be a positive number, at most 1000000000");
    } else if (strcmp(key, "aspect_ratio") == 0) {
      if (json_is_number(v)) { c->has_aspect = true; c->aspect_ratio = json_number_value(v); }
      else problem(L, path, "must be a number");
    } else if (strcmp(key, "font_weight") == 0 && json_is_number(v)) {
      c->font_weight_is_number = true;
      c->font_weight_number = json_number_value(v);
      c->font_weight = "";
    } else if (json_is_string(v)) {
      const char *s = arena_copy(L, json_string_value(v));
      if (strcmp(key, "font_weight") == 0) c->font_weight = s;
      else if (strcmp(key, "font_style") == 0) c->font_style = s;
      else if (strcmp(key, "text_decoration") == 0) c->text_decoration = s;
      else c->text_transform = s;
    } else {
      problem(L, path, "must be a string");
    }
  }
}

static void read_bbox(loader *L, design_component *c, json_t *bbox, const char *base, bool xyxy) {
  char path[256];
  snprintf(path, sizeof path, "%s.bbox", base);
  double v[4];
  if (!json_is_array(bbox) || json_array_size(bbox) != 4) {
    problem(L, path, "must be an array of 4 numbers");
    return;
  }
  for (int i = 0; i < 4; i++) {
    if (!read_size(json_array_get(bbox, (size_t)i), &v[i])) {
      problem(L, path, "must be an array of 4 numbers " NUMBER_RANGE);
      return;
    }
  }
  if (xyxy) {
    v[2] -= v[0];
    v[3] -= v[1];
    if (!(v[2] <= DESIGN_MAX_NUMBER && v[3] <= DESIGN_MAX_NUMBER)) {
      problem(L, path, "width and height must be at most 1000000000");
      return;
    }
  }
  c->x = v[0];
  c->y = v[1];
  c->w = v[2];
  c->h = v[3];
  if (!(c->w > 0)) problem(L, path, "width must be greater than 0");
  if (!(c->h > 0)) problem(L, path, "height must be greater than 0");
}

static void read_component_field(loader *L, design_component *c, const char *key, json_t *v,
                                 const char *base, bool xyxy) {
  char path[256];
  snprintf(path, sizeof path, "%s.%s", base, key);
  if (strcmp(key, "id") == 0 || strcmp(key, "type") == 0) return; /* read first */
  if (strcmp(key, "bbox") == 0) {
    read_bbox(L, c, v, base, xyxy);
  } else if (strcmp(key, "role") == 0) {
    if (json_is_string(v)) c->role = arena_copy(L, json_string_value(v));
    else if (!json_is_null(v)) problem(L, path, "must be a string");
  } else if (strcmp(key, "text") == 0) {
    if (json_is_null(v)) c->text_state = TEXT_NULL;
    else if (json_is_string(v)) { c->text_state = TEXT_STRING; c->text = arena_copy(L, json_string_value(v)); }
    else problem(L, path, "must be a string or null");
  } else if (strcmp(key, "confidence") == 0) {
    if (json_is_number(v)) { c->has_confidence = true; c->confidence = json_number_value(v); }
    else problem(L, path, "must be a number");
  } else if (strcmp(key, "hidden") == 0) {
    if (json_is_boolean(v)) { c->has_hidden = true; c->hidden = json_is_true(v); }
    else problem(L, path, "must be true or false");
  } else if (strcmp(key, "visual") == 0) {
    if (json_is_object(v)) read_visual(L, c, v, base);
    else if (!json_is_null(v)) problem(L, path, "must be an object");
  } else {
    keep_unknown(&c->extra, key, v);
  }
}

/* The record joins the table before its fields are read, so the jansson
 * values it keeps are released by design_blueprint_free even when reading
 * stops half-way (out of memory). */
static void read_component(loader *L, json_t *obj, size_t index, bool xyxy) {
  char base[64], path[128];
  snprintf(base, sizeof base, "components[%zu]", index);
  if (!json_is_object(obj)) {
    problem(L, base, "must be an object");
    return;
  }
  design_component *c = design_alloc_zero(&L->bp->arena, sizeof *c);
  c->key = (int)index;
  L->bp->comps[L->bp->count++] = c;
  json_t *id = json_object_get(obj, "id"), *type = json_object_get(obj, "type");
  snprintf(path, sizeof path, "%s.id", base);
  if (!id) problem(L, path, "is required");
  else if (!json_is_string(id) || !*json_string_value(id)) problem(L, path, "must be a non-empty string");
  else c->id = arena_copy(L, json_string_value(id));
  snprintf(path, sizeof path, "%s.type", base);
  if (!type) problem(L, path, "is required");
  else if (!json_is_string(type)) problem(L, path, "must be a string");
  else if (strcmp(json_string_value(type), "cta") == 0) c->type = CT_BUTTON;
  else if (design_comp_type_from_name(json_string_value(type)) < 0) {
    char msg[200];
    snprintf(msg, sizeof msg, "unknown type \"%.100s\"", json_string_value(type));
    problem(L, path, msg);
  } else c->type = (unsigned char)design_comp_type_from_name(json_string_value(type));
  if (!json_object_get(obj, "bbox")) {
    snprintf(path, sizeof path, "%s.bbox", base);
    problem(L, path, "is required");
  }
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) read_component_field(L, c, key, v, base, xyxy);
  if (json_is_string(type) && strcmp(json_string_value(type), "cta") == 0 && !c->role) c->role = "cta";
}

static void read_tokens(loader *L, json_t *tokens) {
  design_tokens *t = &L->bp->tokens;
  t->font_body = 16;
  t->spacing = 16;
  static const char *const KNOWN[] = {"primary_color", "accent_color", "text_color", "background_color",
                                      "base_spacing", "border_radius", "font_scale", "colors", NULL};
  const char *key;
  json_t *v;
  char path[256];
  json_object_foreach(tokens, key, v) {
    snprintf(path, sizeof path, "tokens.%s", key);
    if (!key_in(key, KNOWN)) keep_unknown(&t->extra, key, v);
    else if (strcmp(key, "primary_color") == 0) t->has_primary = read_color(L, v, path, &t->primary);
    else if (strcmp(key, "accent_color") == 0) t->has_accent = read_color(L, v, path, &t->accent);
    else if (strcmp(key, "text_color") == 0) t->has_text = read_color(L, v, path, &t->text);
    else if (strcmp(key, "background_color") == 0) t->has_background = read_color(L, v, path, &t->background);
    else if (strcmp(key, "base_spacing") == 0) {
      if (read_size(v, &t->spacing) && t->spacing >= 0) t->has_spacing = true;
      else { problem(L, path, "must be a non-negative number, at most 1000000000"); t->spacing = 16; }
    } else if (strcmp(key, "border_radius") == 0) {
      if (read_size(v, &t->radius) && t->radius >= 0) t->has_radius = true;
      else problem(L, path, "must be a non-negative number, at most 1000000000");
    } else if (strcmp(key, "font_scale") == 0) {
      if (!json_is_object(v)) { problem(L, path, "must be an object"); continue; }
      t->font_scale = v;
      double body;
      if (read_size(json_object_get(v, "body"), &body) && body > 0) t->font_body = body;
    } else {
      if (!json_is_object(v)) { problem(L, path, "must be an object of colours"); continue; }
      t->colors_raw = v;
      t->palette = design_alloc_zero(&L->bp->arena, (json_object_size(v) + 1) * sizeof *t->palette);
      const char *name;
      json_t *c;
      json_object_foreach(v, name, c) {
        char cpath[300];
        snprintf(cpath, sizeof cpath, "tokens.colors.%s", name);
        palette_entry *e = &t->palette[t->palette_count];
        if (!read_color(L, c, cpath, &e->color)) continue;
        e->name = arena_copy(L, name);
        e->lower = design_arena_lower(&L->bp->arena, name, strlen(name));
        t->palette_count++;
      }
    }
  }
  if (!t->has_background) t->background = 0xFFFFFF;
}

static void read_viewport(loader *L, json_t *vp) {
  design_blueprint *bp = L->bp;
  if (!vp) return;
  if (!json_is_object(vp)) {
    problem(L, "viewport", "must be an object");
    return;
  }
  const char *key;
  json_t *v;
  json_object_foreach(vp, key, v) {
    if (strcmp(key, "width") == 0 || strcmp(key, "height") == 0) {
      double d;
      char path[64];
      snprintf(path, sizeof path, "viewport.%s", key);
      if (!read_size(v, &d) || d <= 0) problem(L, path, "must be a positive number, at most 1000000000");
      else if (key[0] == 'w') bp->viewport_w = d;
      else bp->viewport_h = d;
    } else {
      keep_unknown(&bp->viewport_extra, key, v);
    }
  }
}

/* Ids by a hash set: a page of 50,000 components must not compare every
 * pair. The set is kept for the planner (free ids) and the checks. */
static void check_unique_ids(loader *L) {
  design_blueprint *bp = L->bp;
  bp->id_set = design_strset_new(&bp->arena, bp->count);
  for (size_t i = 0; i < bp->count; i++) {
    const design_component *c = bp->comps[i];
    int first;
    if (!c->id || design_strset_add(bp->id_set, c->id, (int)i, &first)) continue;
    char path[64], msg[200];
    snprintf(path, sizeof path, "components[%d].id", c->key);
    snprintf(msg, sizeof msg, "duplicate id \"%.100s\" (also components[%d])", c->id,
             first >= 0 ? bp->comps[first]->key : -1);
    problem(L, path, msg);
  }
}

static void read_components(loader *L, json_t *list, bool xyxy) {
  design_blueprint *bp = L->bp;
  size_t n = json_array_size(list);
  bp->comps = design_alloc_zero(&bp->arena, (n + 1) * sizeof *bp->comps);
  for (size_t i = 0; i < n; i++) read_component(L, json_array_get(list, i), i, xyxy);
  check_unique_ids(L);
}

static bool read_bbox_format(loader *L, json_t *root) {
  json_t *fmt = json_object_get(root, "bbox_format");
  if (!fmt) return false;
  const char *s = json_string_value(fmt);
  if (s && strcmp(s, "xyxy") == 0) return true;
  if (!s || strcmp(s, "xywh") != 0) problem(L, "bbox_format", "must be \"xywh\" or \"xyxy\"");
  return false;
}

static void read_root(loader *L, json_t *root) {
  design_blueprint *bp = L->bp;
  json_t *sid = json_object_get(root, "screen_id");
  if (!sid) problem(L, "screen_id", "is required");
  else if (!json_is_string(sid)) problem(L, "screen_id", "must be a string");
  else bp->screen_id = arena_copy(L, json_string_value(sid));
  bool xyxy = read_bbox_format(L, root);
  read_viewport(L, json_object_get(root, "viewport"));
  json_t *tokens = json_object_get(root, "tokens");
  if (!tokens) problem(L, "tokens", "is required");
  else if (!json_is_object(tokens)) problem(L, "tokens", "must be an object");
  else read_tokens(L, tokens);
  if (!tokens || !json_is_object(tokens)) {
    bp->tokens.font_body = 16;
    bp->tokens.spacing = 16;
    bp->tokens.background = 0xFFFFFF;
  }
  json_t *comps = json_object_get(root, "components");
  if (!comps) problem(L, "components", "is required");
  else if (!json_is_array(comps)) problem(L, "components", "must be an array");
  else read_components(L, comps, xyxy);
}

typedef struct id_pair {
  const char *lower, *id;
} id_pair;

static int compare_pair(const void *a, const void *b) {
  return strcmp(((const id_pair *)a)->lower, ((const id_pair *)b)->lower);
}

/* Sorted lower-case ids so the parser can look words up by bisection. */
static void index_ids(design_blueprint *bp) {
  id_pair *pairs = design_alloc(&bp->arena, (bp->count + 1) * sizeof *pairs);
  for (size_t i = 0; i < bp->count; i++)
    pairs[i] = (id_pair){design_arena_lower(&bp->arena, bp->comps[i]->id, strlen(bp->comps[i]->id)), bp->comps[i]->id};
  qsort(pairs, bp->count, sizeof *pairs, compare_pair);
  bp->ids_lower = design_alloc(&bp->arena, (bp->count + 1) * sizeof *bp->ids_lower);
  bp->ids_by_lower = design_alloc(&bp->arena, (bp->count + 1) * sizeof *bp->ids_by_lower);
  for (size_t i = 0; i < bp->count; i++) {
    bp->ids_lower[i] = pairs[i].lower;
    bp->ids_by_lower[i] = pairs[i].id;
  }
}

static void hash_str(XXH3_state_t *h, const char *s) {
  if (s) XXH3_128bits_update(h, s, strlen(s) + 1);
  else XXH3_128bits_update(h, "\xff", 1);
}

/* Everything command parsing and planning read: ids, types, roles, texts,
 * geometry, hidden flags, colour tokens and the palette, the viewport. */
static void compute_fingerprint(design_blueprint *bp) {
  XXH3_state_t *h = design_need(XXH3_createState());
  XXH3_128bits_reset(h);
  for (size_t i = 0; i < bp->count; i++) {
    const design_component *c = bp->comps[i];
    hash_str(h, c->id);
    hash_str(h, c->role);
    hash_str(h, c->text_state == TEXT_STRING ? c->text : NULL);
    double geo[5] = {c->x, c->y, c->w, c->h, c->hidden};
    XXH3_128bits_update(h, geo, sizeof geo);
    XXH3_128bits_update(h, &c->type, 1);
  }
  const design_tokens *t = &bp->tokens;
  rgb_t colors[4] = {t->has_primary ? t->primary : 0x1000000, t->has_accent ? t->accent : 0x1000000,
                     t->has_text ? t->text : 0x1000000, t->background};
  XXH3_128bits_update(h, colors, sizeof colors);
  double nums[3] = {t->spacing, t->font_body, bp->viewport_w};
  XXH3_128bits_update(h, nums, sizeof nums);
  for (size_t i = 0; i < t->palette_count; i++) {
    hash_str(h, t->palette[i].lower);
    XXH3_128bits_update(h, &t->palette[i].color, sizeof(rgb_t));
  }
  XXH128_hash_t d = XXH3_128bits_digest(h);
  XXH3_freeState(h);
  bp->plan_fingerprint[0] = d.low64;
  bp->plan_fingerprint[1] = d.high64;
}

/* jansson's memory goes through the fault hook too, so the allocation
 * sweep reaches the parser. Process-wide, set once; tc_malloc is malloc
 * when the hook is disarmed, and memory is still released with free.
 * jansson words a failed allocation as a syntax error ("invalid token"),
 * so a failure is also noted here, per thread, for design_json_ran_out. */
static _Thread_local bool json_memory_failed;

static void *json_malloc(size_t n) {
  void *p = tc_malloc(n);
  if (!p) json_memory_failed = true;
  return p;
}

void design_json_watch(void) { json_memory_failed = false; }
bool design_json_ran_out(void) { return json_memory_failed; }
static void route_json_allocations(void) { json_set_alloc_funcs(json_malloc, free); }

void design_json_alloc_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, route_json_allocations);
}

/* The JSON path of the value being read at byte `stop` of `text`, for
 * naming the place of a duplicate key ("components[2].visual.bg_color"). A
 * small scanner: containers on a stack, each object with its last key,
 * each array with its index. The text is valid JSON up to `stop`. */
typedef struct path_frame {
  bool object, want_key;
  size_t index;
  const char *key;
  size_t key_len;
} path_frame;

static size_t skip_string(const char *text, size_t i, size_t stop) {
  for (i++; i < stop && text[i] != '"'; i++)
    if (text[i] == '\\') i++;
  return i;
}

#define PATH_DEPTH 64 /* deeper levels are counted but not named */

static void json_path_at(const char *text, size_t stop, char *out, size_t cap) {
  path_frame stack[PATH_DEPTH];
  int depth = 0;
  for (size_t i = 0; i < stop; i++) {
    char ch = text[i];
    path_frame *top = depth > 0 && depth <= PATH_DEPTH ? &stack[depth - 1] : NULL;
    if (ch == '{' || ch == '[') {
      if (depth < PATH_DEPTH) stack[depth] = (path_frame){ch == '{', ch == '{', 0, NULL, 0};
      depth++;
    } else if ((ch == '}' || ch == ']') && depth) depth--;
    else if (ch == ',' && top) {
      if (top->object) top->want_key = true;
      else top->index++;
    } else if (ch == '"') {
      size_t end = skip_string(text, i, stop);
      if (top && top->object && top->want_key) {
        top->key = text + i + 1;
        top->key_len = end - i - 1;
        top->want_key = false;
      }
      i = end;
    }
  }
  size_t n = 0;
  out[0] = 0;
  for (int d = 0; d < depth && d < PATH_DEPTH && n + 1 < cap; d++) {
    const path_frame *f = &stack[d];
    int key_len = (int)(f->key_len < 100 ? f->key_len : 100), w = 0;
    if (!f->object) w = snprintf(out + n, cap - n, "[%zu]", f->index);
    else if (f->key) w = snprintf(out + n, cap - n, "%s%.*s", n ? "." : "", key_len, f->key);
    if (w > 0) n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
  }
  if (!n) snprintf(out, cap, "blueprint");
}

bool design_text_is_utf16(const char *t, size_t n) {
  const unsigned char *u = (const unsigned char *)t;
  if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) return true; /* byte-order mark */
  /* no mark: an ASCII character next to a NUL byte at the start ("{\0" or "\0{") */
  return n >= 2 && ((u[0] && u[0] < 0x80 && !u[1]) || (!u[0] && u[1] && u[1] < 0x80));
}

/* The project's rule for input documents (tc_json_parse: a byte-order mark
 * skipped, a key given twice refused), with the JSON path of a duplicate
 * key named as for every other problem. A refusal is read again with
 * jansson to tell its kind: out of memory is no fault of the document. */
static json_t *parse_document(const char *text, size_t len, design_problems *problems) {
  char err[512];
  const char *body = text ? text : "";
  size_t body_len = text ? len : 0;
  if (design_text_is_utf16(body, body_len)) { /* jansson would say "unable to decode byte 0xff" */
    design_problems_add(problems, "blueprint: UTF-16 is not supported, save the file as UTF-8");
    return NULL;
  }
  design_json_watch();
  json_t *root = tc_json_parse("blueprint", body, body_len, err, sizeof err);
  if (root) return root;
  json_error_t jerr;
  if (!design_json_ran_out()) { /* where a duplicate key is: jansson's position */
    tc_skip_bom(&body, &body_len);
    root = json_loadb(body, body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (root) return root; /* cannot happen: the same text and rule */
  }
  if (design_json_ran_out()) {
    if (problems) problems->code = DESIGN_ERR_MEMORY;
    design_problems_add(problems, "blueprint: out of memory");
  } else if (json_error_code(&jerr) == json_error_duplicate_key && jerr.position >= 0 &&
             (size_t)jerr.position <= body_len) {
    char path[300];
    json_path_at(body, (size_t)jerr.position, path, sizeof path);
    design_problems_add(problems, "%s: duplicate key (%s)", path, err);
  } else {
    design_problems_add(problems, "%s", err);
  }
  return NULL;
}

/* Everything after parsing; runs under the caller's out-of-memory guard. */
static bool load_into(design_blueprint *bp, design_problems *problems) {
  loader L = {bp, problems, true};
  read_root(&L, bp->root);
  if (!L.ok) return false;
  layout_view view = {bp->viewport_w, &bp->tokens, bp->comps, bp->count};
  design_verify_collect(&bp->arena, &view, &bp->violations);
  bp->violation_set = design_violation_set(&bp->arena, &bp->violations);
  compute_fingerprint(bp);
  index_ids(bp);
  return true;
}

design_blueprint *design_blueprint_load(const char *text, size_t len, design_problems *problems) {
  design_json_alloc_init();
  json_t *root = parse_document(text, len, problems);
  if (!root) return NULL;
  if (!json_is_object(root)) {
    design_problems_add(problems, "blueprint: must be a JSON object");
    json_decref(root);
    return NULL;
  }
  design_blueprint *bp = tc_calloc(1, sizeof *bp);
  if (!bp) {
    json_decref(root);
    if (problems) problems->code = DESIGN_ERR_MEMORY;
    design_problems_add(problems, "blueprint: out of memory");
    return NULL;
  }
  ta_arena_init(&bp->arena, 1 << 16);
  bp->root = root;
  bp->viewport_w = 375;
  bp->viewport_h = 812;
  design_oom_guard guard;
  design_oom_push(&guard);
  if (setjmp(guard.at)) {
    if (problems) problems->code = DESIGN_ERR_MEMORY;
    design_problems_add(problems, "blueprint: out of memory");
    design_blueprint_free(bp);
    return NULL;
  }
  bool ok = load_into(bp, problems);
  design_oom_pop(&guard);
  if (!ok) {
    design_blueprint_free(bp);
    return NULL;
  }
  return bp;
}

size_t design_blueprint_component_count(const design_blueprint *bp) { return bp ? bp->count : 0; }

static void free_component_json(const design_component *c) {
  if (c->extra) json_decref(c->extra);
  if (c->visual_extra) json_decref(c->visual_extra);
}

void design_blueprint_free(design_blueprint *bp) {
  if (!bp) return;
  for (size_t i = 0; i < bp->count; i++) free_component_json(bp->comps[i]);
  if (bp->tokens.extra) json_decref(bp->tokens.extra);
  if (bp->viewport_extra) json_decref(bp->viewport_extra);
  json_decref(bp->root);
  ta_arena_free(&bp->arena);
  free(bp);
}

/* ---- writing ------------------------------------------------------------- */

static void write_extra(jw *w, const json_t *extra) {
  if (!extra) return;
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)extra, k, v) {
    design_jw_key(w, k);
    design_jw_json(w, v);
  }
}

static void write_opt_str(jw *w, const char *key, const char *value) {
  if (!value) return;
  design_jw_key(w, key);
  design_jw_str(w, value);
}

static void write_visual(jw *w, const design_component *c) {
  design_jw_key(w, "visual");
  design_jw_obj_begin(w);
  if (c->has_bg) { design_jw_key(w, "bg_color"); design_jw_color(w, c->bg_color); }
  if (c->has_text_color) { design_jw_key(w, "text_color"); design_jw_color(w, c->text_color); }
  if (c->has_font_size) { design_jw_key(w, "font_size"); design_jw_num(w, c->font_size); }
  if (c->font_weight_is_number) { design_jw_key(w, "font_weight"); design_jw_num(w, c->font_weight_number); }
  else write_opt_str(w, "font_weight", c->font_weight);
  write_opt_str(w, "font_style", c->font_style);
  write_opt_str(w, "text_decoration", c->text_decoration);
  write_opt_str(w, "text_transform", c->text_transform);
  if (c->has_aspect) { design_jw_key(w, "aspect_ratio"); design_jw_num(w, c->aspect_ratio); }
  write_extra(w, c->visual_extra);
  design_jw_obj_end(w);
}

static void write_component(jw *w, const design_component *c) {
  design_jw_obj_begin(w);
  design_jw_key(w, "id"); design_jw_str(w, c->id);
  design_jw_key(w, "type"); design_jw_str(w, design_comp_type_name(c->type));
  write_opt_str(w, "role", c->role);
  design_jw_key(w, "bbox");
  design_jw_arr_begin_inline(w);
  design_jw_num(w, c->x); design_jw_num(w, c->y); design_jw_num(w, c->w); design_jw_num(w, c->h);
  design_jw_arr_end(w);
  if (c->text_state == TEXT_STRING) { design_jw_key(w, "text"); design_jw_str(w, c->text); }
  else if (c->text_state == TEXT_NULL) { design_jw_key(w, "text"); design_jw_null(w); }
  if (c->has_confidence) { design_jw_key(w, "confidence"); design_jw_num(w, c->confidence); }
  if (c->has_hidden) { design_jw_key(w, "hidden"); design_jw_bool(w, c->hidden); }
  bool any_visual = c->has_visual || c->has_bg || c->has_text_color || c->has_font_size || c->font_weight ||
                    c->font_style || c->text_decoration || c->text_transform || c->has_aspect;
  if (any_visual) write_visual(w, c);
  write_extra(w, c->extra);
  design_jw_obj_end(w);
}

static void write_tokens(jw *w, const design_tokens *t) {
  design_jw_obj_begin(w);
  if (t->has_primary) { design_jw_key(w, "primary_color"); design_jw_color(w, t->primary); }
  if (t->has_accent) { design_jw_key(w, "accent_color"); design_jw_color(w, t->accent); }
  if (t->has_text) { design_jw_key(w, "text_color"); design_jw_color(w, t->text); }
  if (t->has_background) { design_jw_key(w, "background_color"); design_jw_color(w, t->background); }
  if (t->has_spacing) { design_jw_key(w, "base_spacing"); design_jw_num(w, t->spacing); }
  if (t->has_radius) { design_jw_key(w, "border_radius"); design_jw_num(w, t->radius); }
  if (t->font_scale) { design_jw_key(w, "font_scale"); design_jw_json(w, t->font_scale); }
  if (t->colors_raw) {
    design_jw_key(w, "colors");
    design_jw_obj_begin(w);
    for (size_t i = 0; i < t->palette_count; i++) {
      design_jw_key(w, t->palette[i].name);
      design_jw_color(w, t->palette[i].color);
    }
    design_jw_obj_end(w);
  }
  write_extra(w, t->extra);
  design_jw_obj_end(w);
}

static void write_viewport(jw *w, const design_blueprint *bp) {
  design_jw_obj_begin(w);
  design_jw_key(w, "width"); design_jw_num(w, bp->viewport_w);
  design_jw_key(w, "height"); design_jw_num(w, bp->viewport_h);
  write_extra(w, bp->viewport_extra);
  design_jw_obj_end(w);
}

void design_blueprint_write(jw *w, const design_blueprint *bp, const design_tokens *tokens,
                     const design_component *const *comps, size_t count) {
  design_jw_obj_begin(w);
  const char *key;
  json_t *v;
  json_object_foreach(bp->root, key, v) {
    if (strcmp(key, "bbox_format") == 0) continue; /* output is always x, y, w, h */
    design_jw_key(w, key);
    if (strcmp(key, "screen_id") == 0) design_jw_str(w, bp->screen_id);
    else if (strcmp(key, "viewport") == 0) write_viewport(w, bp);
    else if (strcmp(key, "tokens") == 0) write_tokens(w, tokens);
    else if (strcmp(key, "components") == 0) {
      design_jw_arr_begin(w);
      for (size_t i = 0; i < count; i++) write_component(w, comps[i]);
      design_jw_arr_end(w);
    } else design_jw_json(w, v);
  }
  design_jw_obj_end(w);
}

char *design_blueprint_json(const design_blueprint *bp) {
  if (!bp) return NULL;
  jw w;
  design_jw_init(&w, true);
  design_blueprint_write(&w, bp, &bp->tokens, bp->comps, bp->count);
  return design_jw_take(&w);
}
