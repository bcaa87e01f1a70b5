/*
 * arc_error.h - the one error type of the arc layer.
 *
 * Every arc function that can fail (loading tasks, running, evaluating,
 * the store, predictions, scoring, drawing) returns false / NULL / -1 and
 * fills an arc_error: a message that names the place (file:line:col, a
 * JSON path, the store and the task) and a kind that says whose problem it
 * is, which is what the command line turns into its exit status:
 *
 *   ARC_ERR_INPUT   something the user gave is wrong: a malformed file, an
 *                   id that does not exist where it was looked for, a store
 *                   that is not a store or is damaged (exit status 2);
 *   ARC_ERR_FAILED  the work could not be carried out: out of memory, an
 *                   I/O error, a full disk, a store locked by another
 *                   process, a thread that would not start (exit status 1).
 *
 * Ownership: the caller owns the arc_error (usually on its stack); the
 * message is always NUL-terminated after a failure.
 */
#ifndef TESSERA_ARC_ERROR_H
#define TESSERA_ARC_ERROR_H

#include <stdbool.h>

typedef enum arc_error_kind {
  ARC_ERR_NONE = 0,
  ARC_ERR_INPUT,
  ARC_ERR_FAILED,
} arc_error_kind;

typedef struct arc_error {
  arc_error_kind kind;
  char message[1024];
} arc_error;

/* Receives a warning: something the user should know that did not stop
 * the work (an id in a solutions file that no task has, a solved task
 * without a prediction). `message` is only valid during the call. */
typedef void (*arc_warn_fn)(void *user, const char *message);

/* Sets kind and the formatted message; returns false (for `return
 * arc_fail(...)`). `err` may be NULL. */
bool arc_fail(arc_error *err, arc_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
