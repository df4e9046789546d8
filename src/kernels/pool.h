/* pool: a few threads that run the parts of one job side by side.
 *
 * The matrix kernels split a large product into parts by rows (or columns)
 * of the result, never within a sum: every element is still computed by
 * one thread in its defined order, so the bits are those of one thread
 * (matmul.h). pool_run runs part 0 on the calling thread and the others on
 * helper threads, started on first need and kept waiting between jobs
 * (a part whose helper is late runs on the caller: pool_handed); they
 * block every signal (handlers run on the main thread). One job at a
 * time, started from one thread only: a job started within a part runs
 * there, whole, on that part's thread (pool_available). */
#ifndef GRADLAB_POOL_H
#define GRADLAB_POOL_H

#include <stddef.h>

#define POOL_MAX_THREADS 8

/* how many threads the kernels may use (1: only the caller; clamped to
 * 1..POOL_MAX_THREADS); returns the number before the call */
int pool_threads(int threads);

/* the number set (1 until pool_threads is called) */
int pool_size(void);

/* run fn(arg, part) for part = 0 .. parts - 1 (parts <= pool_size() for
 * them to run side by side; none when parts < 1), and return when all
 * have returned. When a helper cannot be started, or parts is past
 * POOL_MAX_THREADS, the parts without one run on the caller: the same
 * results. */
typedef void pool_fn(void *arg, int part);
void pool_run(pool_fn *fn, void *arg, int parts);

/* the threads a job started here may use: pool_size(), or 1 within a
 * part (a job inside a part runs there, whole) */
int pool_available(void);

/* fn(arg, part, lo, hi) for the ranges [lo, hi) that cut 0 .. count - 1
 * into at most pool_available() parts of whole units (but the last),
 * side by side, as pool_run; one part (0, count) when count is one unit
 * or less (a unit of 0 counts as 1). Returns the number of parts. */
typedef void pool_range_fn(void *arg, int part, size_t lo, size_t hi);
int pool_for(pool_range_fn *fn, void *arg, size_t count, size_t unit);

/* how many parts have been handed to helper threads since the start
 * (the tests see by it that a job was shared). A helper runs a part
 * handed to it unless the caller, done with its own, has claimed it
 * first (the helper was late): each part runs once, on one thread. */
unsigned long pool_handed(void);

/* for the tests: with hold set, helpers claim no part, so that the caller
 * runs every part itself */
void pool_hold(int hold);

#endif
