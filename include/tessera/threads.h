/*
 * threads.h - starting worker threads with a modest, explicit stack.
 *
 * A thread's default stack is the process's stack limit (8 MiB on most
 * systems), reserved as address space. Under an address-space limit
 * (ulimit -v, a container's memory cap) those reservations are what made
 * worker threads fail to start long before memory was actually short.
 * Workers evaluate programs whose recursion is bounded (call depth 256,
 * jansson's nesting limit), which needs far less: TC_THREAD_STACK is that
 * need with a wide margin (measured in docs/PERFORMANCE.md).
 *
 * Starting may still fail part-way; callers get the number started and
 * decide (the calling thread can always do the work itself).
 */
#ifndef TESSERA_THREADS_H
#define TESSERA_THREADS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define TC_THREAD_STACK ((size_t)2 << 20)

/* Starts up to n threads running fn(arg); returns how many started (their
 * handles are threads[0..result-1]). */
int tc_threads_start(pthread_t *threads, int n, void *(*fn)(void *), void *arg);
/* Joins threads[0..n-1]. */
void tc_threads_join(pthread_t *threads, int n);

#endif
