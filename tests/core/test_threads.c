/* test_threads.c - worker threads start with the documented stack size and
 * all run; the caller learns how many started. */
#include <pthread.h>
#include <stdatomic.h>

#include "harness.h"
#include "tessera/threads.h"

static atomic_int ran;
static atomic_size_t smallest_stack = SIZE_MAX;

static void *count_and_measure(void *arg) {
  (void)arg;
  pthread_attr_t attr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
  }
  size_t seen = atomic_load(&smallest_stack);
  while (size < seen && !atomic_compare_exchange_weak(&smallest_stack, &seen, size)) {}
  atomic_fetch_add(&ran, 1);
  return NULL;
}

TEST(threads_start_join_and_get_the_stack_size) {
  pthread_t threads[4];
  int started = tc_threads_start(threads, 4, count_and_measure, NULL);
  CHECK_INT(started, 4);
  tc_threads_join(threads, started);
  CHECK_INT(atomic_load(&ran), 4);
  size_t stack = atomic_load(&smallest_stack);
  CHECK(stack >= TC_THREAD_STACK && stack < 2 * TC_THREAD_STACK);
  CHECK_INT(tc_threads_start(threads, 0, count_and_measure, NULL), 0);
}
