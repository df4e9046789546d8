/* layer: the elementwise work and the sums over the rows of a layer's
 * matrices, for the staged pass (net.c): in blocks of values and bands of
 * rows with a poll of the stop flag before each, and shared between the
 * threads of kernels/pool.c when there is enough of it. Every value is
 * computed by one thread in its own order (a sum over rows stays one
 * thread's, in the order of the rows), so the bits do not depend on the
 * number of threads (tests/unit/test_pool.c).
 *
 * The functions write only the caller's buffers; they return 0, -1 where
 * said (a value not finite), or ST_STOPPED when stop was raised (the
 * output then means nothing). */
#ifndef GRADLAB_LAYER_H
#define GRADLAB_LAYER_H

#include <stddef.h>

#include "pool.h"
#include "stages.h"
#include "status.h"
#include "stop.h"
#include "tensor.h"

/* the values of a large array are worked on in blocks of this many, with
 * a poll of the stop flag before each (a multiple of vec_exp's block, so
 * that the blocks do not change how it groups the values) */
#define LAYER_BLOCK ((size_t)1 << 16)
/* and the rows of a matrix in bands of this many */
#define LAYER_BAND 64
/* work worth sharing between threads: about 12 microseconds (values of
 * tanh, or nanoseconds) */
#define LAYER_SHARED_WORK 12288

/* a2 = softmax of each row of z2 (finite) */
int layer_softmax(const tensor *z2, tensor *a2, stop_flag *stop);
/* 0 when every value of t is finite, else -1 */
int layer_finite(const tensor *t, stop_flag *stop);
/* out[i][j] += v[0][j] for every row i, then layer_finite(out) */
int layer_add_bias(tensor *out, const tensor *v, stop_flag *stop);
/* a = f(z) for the activation act, or with gate a = a (.) f'(z), over n
 * values; -1 when a result is not finite */
int layer_values(int act, int gate, const double *z, double *a, size_t n, stop_flag *stop);
/* a = f(z) elementwise (layer_values) */
int layer_activate(enum act act, const tensor *z, tensor *a, stop_flag *stop);
/* out (1 x cols) = the sum of the rows of a, row after row */
int layer_sum_rows(tensor *out, const tensor *a, stop_flag *stop);
/* *sum = the summed cross-entropy of the rows of logits z against y, row
 * after row */
int layer_ce_sum(const tensor *z, const tensor *y, double *sum, stop_flag *stop);

/* fn over count things in parts of whole units on the pool's threads
 * (pool_for) when work >= LAYER_SHARED_WORK, else at once here; the
 * number of parts */
int layer_share(pool_range_fn *fn, void *job, size_t count, size_t unit, double work);
/* what the parts of a job say together (rc[p] of each): ST_STOPPED when
 * one was stopped, else -1 when one found a value not finite, else 0 */
int layer_parts_rc(const volatile int rc[], int parts);

#endif
