/* threads.c - worker threads with TC_THREAD_STACK-byte stacks (threads.h). */
#include "tessera/threads.h"

int tc_threads_start(pthread_t *threads, int n, void *(*fn)(void *), void *arg) {
  pthread_attr_t attr;
  bool sized = pthread_attr_init(&attr) == 0;
  if (sized) pthread_attr_setstacksize(&attr, TC_THREAD_STACK);
  int started = 0;
  while (started < n && pthread_create(&threads[started], sized ? &attr : NULL, fn, arg) == 0)
    started++;
  if (sized) pthread_attr_destroy(&attr);
  return started;
}

void tc_threads_join(pthread_t *threads, int n) {
  for (int i = 0; i < n; i++) pthread_join(threads[i], NULL);
}
