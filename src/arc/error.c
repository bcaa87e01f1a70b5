/* error.c - filling the arc layer's error type (arc_error.h). */
#include "tessera/arc_error.h"

#include <stdarg.h>
#include <stdio.h>

bool arc_fail(arc_error *err, arc_error_kind kind, const char *fmt, ...) {
  if (!err) return false;
  err->kind = kind;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return false;
}
