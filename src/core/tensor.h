/* tensor: small dense row-major matrices of double.
 *
 * Ownership: a tensor owns its data. tensor_init allocates (zeroed),
 * tensor_release frees and leaves an empty 0x0 tensor that may be reused.
 * A vector is a 1xn tensor (a row, as in numpy's convention for one example).
 * Functions that write an output never allocate: the caller sizes it. */
#ifndef GRADLAB_TENSOR_H
#define GRADLAB_TENSOR_H

#include <stddef.h>

#include "status.h"
#include "stop.h"

typedef struct tensor {
    int rows, cols;     /* shape (rows, cols); 0x0 when empty */
    double *data;       /* rows*cols values, row-major */
} tensor;

#define TENSOR_INIT { 0, 0, NULL }
#define T_AT(t, i, j) ((t)->data[(size_t)(i) * (size_t)(t)->cols + (size_t)(j)])

/* largest number of elements a tensor may hold (checked before allocating) */
#define TENSOR_MAX_ELEMS ((size_t)1 << 25)

/* allocate a zeroed rows x cols tensor; returns 0, or leaves t empty and
 * returns ST_FAILED (a negative size), ST_TOO_BIG (over TENSOR_MAX_ELEMS)
 * or ST_NO_MEMORY (status.h). Releases what t held before. */
int tensor_init(tensor *t, int rows, int cols);
void tensor_release(tensor *t);
/* dst = copy of src (reallocates dst); 0 or the status of tensor_init */
int tensor_copy(tensor *dst, const tensor *src);
/* the same, polling stop while it copies: ST_STOPPED (dst unchanged) when
 * it was raised */
int tensor_copy_until(tensor *dst, const tensor *src, stop_flag *stop);
/* give dst the contents of src and leave src empty (no allocation) */
void tensor_move(tensor *dst, tensor *src);
size_t tensor_size(const tensor *t);
int tensor_same_shape(const tensor *a, const tensor *b);
void tensor_fill(tensor *t, double v);

/* out (n x p) = op(a) (n x m) * op(b) (m x p), where op transposes when
 * the flag is set. Shapes must agree; out must not alias a or b. Each
 * element is summed over the inner index in increasing order from 0.0, a
 * multiply then an add (no FMA): the definition's loop in tensor.c, or
 * for larger products the kernels of matmul.h, which give the same bits. */
void tensor_matmul(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b);
/* the same, polling stop (stop.h): 0 when done, ST_STOPPED when stop was
 * raised first (out then holds nothing of meaning) */
int tensor_matmul_until(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b,
                        stop_flag *stop);
/* out[i][j] += v[0][j] for every row i (a 1 x cols bias) */
void tensor_add_row(tensor *out, const tensor *v);
/* out (1 x cols) = sum of the rows of a */
void tensor_sum_rows(tensor *out, const tensor *a);
/* sum of squares of all elements */
double tensor_sum_sq(const tensor *t);
/* largest |a - b| over elements (shapes must agree) */
double tensor_max_abs_diff(const tensor *a, const tensor *b);
/* 1 if every element is finite */
int tensor_all_finite(const tensor *t);

#endif
