/*
 * api_solve.c - arc_api_solve_json (arc_api.h): the program search over a
 * task set as one JSON text, for the Python module and other callers that
 * speak JSON. The task objects are arc solve --json's (arc_solve_task_json)
 * with the attempts added, so the two cannot drift apart.
 */
#include <stdio.h>
#include <stdlib.h>

#include "arc/store_internal.h"
#include "tessera/arc_api.h"
#include "tessera/arc_solve.h"

char *arc_api_solve_json(const arc_taskset *set, uint64_t budget, int jobs, unsigned disable, arc_error *err) {
  arc_solve_options o = {.budget = budget, .jobs = jobs, .disable = disable};
  arc_solve_result r;
  if (arc_solve_tasks(set, &o, &r, err) != 0) return NULL;
  tc_text t = {0};
  tc_text_puts(&t, "{\"tasks\": [");
  for (size_t k = 0; k < r.count; k++) {
    const arc_solve_task *task = &r.tasks[k];
    if (k) tc_text_puts(&t, ", ");
    size_t start = t.len;
    arc_solve_task_json(&t, task);
    if (t.failed || t.len <= start) break;
    t.len--; /* reopen the object for the attempts */
    tc_text_puts(&t, ", \"attempts\": [");
    for (size_t i = 0; i < task->task->n_test; i++) {
      tc_text_puts(&t, i ? ", [" : "[");
      arc_text_grid(&t, task->attempts[i][0].h, task->attempts[i][0].w, task->attempts[i][0].cells);
      tc_text_puts(&t, ", ");
      arc_text_grid(&t, task->attempts[i][1].h, task->attempts[i][1].w, task->attempts[i][1].cells);
      tc_text_puts(&t, "]");
    }
    tc_text_puts(&t, "]}");
  }
  tc_text_printf(&t, "], \"solved\": %zu, \"total\": %zu, \"work\": %llu, \"scored_tasks\": %zu, \"score\": ",
                 r.solved, r.count, (unsigned long long)r.work, r.scored_tasks);
  if (r.scored_tasks) tc_text_printf(&t, "%.4f", r.score);
  else tc_text_puts(&t, "null");
  tc_text_printf(&t, ", \"tests_known\": %zu, \"tests_right\": %zu}", r.tests_known, r.tests_right);
  arc_solve_result_free(&r);
  char *s = tc_text_take(&t);
  if (!s) arc_fail(err, ARC_ERR_FAILED, "out of memory");
  return s;
}
