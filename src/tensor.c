/* tensor: small dense row-major matrices of double. See tensor.h. */
#include "tensor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int tensor_init(tensor *t, int rows, int cols)
{
    tensor_release(t);
    if (rows < 0 || cols < 0)
        return -1;
    size_t n = (size_t)rows * (size_t)cols;
    if (n > TENSOR_MAX_ELEMS)
        return -1;
    if (n > 0) {
        t->data = calloc(n, sizeof *t->data);
        if (!t->data)
            return -1;
    }
    t->rows = rows;
    t->cols = cols;
    return 0;
}

void tensor_release(tensor *t)
{
    free(t->data);
    t->data = NULL;
    t->rows = t->cols = 0;
}

int tensor_copy(tensor *dst, const tensor *src)
{
    if (dst == src)
        return 0;
    tensor tmp = TENSOR_INIT;
    if (tensor_init(&tmp, src->rows, src->cols) < 0)
        return -1;
    if (tensor_size(src))
        memcpy(tmp.data, src->data, tensor_size(src) * sizeof *src->data);
    tensor_move(dst, &tmp);
    return 0;
}

void tensor_move(tensor *dst, tensor *src)
{
    if (dst == src)
        return;
    tensor_release(dst);
    *dst = *src;
    src->data = NULL;
    src->rows = src->cols = 0;
}

size_t tensor_size(const tensor *t)
{
    return (size_t)t->rows * (size_t)t->cols;
}

int tensor_same_shape(const tensor *a, const tensor *b)
{
    return a->rows == b->rows && a->cols == b->cols;
}

void tensor_fill(tensor *t, double v)
{
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i++)
        t->data[i] = v;
}

/* The kernels below are written once, for a width p known only at run
 * time (P = p) or fixed at compile time (P = 1..4, the tiny layers of the
 * lessons: there the compiler unrolls the inner loop completely). Each
 * element is summed over the inner index in increasing order, starting
 * from 0, whatever the transposes and the width, so every variant gives
 * the same bits. */

/* out (n x P) = a (n x m) . b (m x P): a row of out gathers rows of b */
#define KERNEL_AB(P)                                                        \
    for (int i = 0; i < n; i++) {                                           \
        double *o = &T_AT(out, i, 0);                                       \
        const double *ai = &T_AT(a, i, 0);                                  \
        for (int j = 0; j < (P); j++)                                       \
            o[j] = 0.0;                                                     \
        for (int k = 0; k < m; k++) {                                       \
            double aik = ai[k];                                             \
            const double *bk = &T_AT(b, k, 0);                              \
            for (int j = 0; j < (P); j++)                                   \
                o[j] += aik * bk[j];                                        \
        }                                                                   \
    }

/* out (n x P) = a^T . b with a (m x n), b (m x P): row k of a and row k
 * of b update all of out */
#define KERNEL_ATB(P)                                                       \
    for (size_t e = 0; e < (size_t)n * (P); e++)                            \
        out->data[e] = 0.0;                                                 \
    for (int k = 0; k < m; k++) {                                           \
        const double *ak = &T_AT(a, k, 0), *bk = &T_AT(b, k, 0);            \
        for (int i = 0; i < n; i++) {                                       \
            double aki = ak[i];                                             \
            double *o = &T_AT(out, i, 0);                                   \
            for (int j = 0; j < (P); j++)                                   \
                o[j] += aki * bk[j];                                        \
        }                                                                   \
    }

/* out (n x p) = a (n x M) . b^T with b (p x M): dot products of rows */
#define KERNEL_ABT(M)                                                       \
    for (int i = 0; i < n; i++) {                                           \
        const double *ai = &T_AT(a, i, 0);                                  \
        for (int j = 0; j < p; j++) {                                       \
            const double *bj = &T_AT(b, j, 0);                              \
            double acc = 0.0;                                               \
            for (int k = 0; k < (M); k++)                                   \
                acc += ai[k] * bj[k];                                       \
            T_AT(out, i, j) = acc;                                          \
        }                                                                   \
    }

/* run KERNEL with its width fixed when it is 1 to 4 */
#define BY_WIDTH(KERNEL, W)                                                 \
    switch (W) {                                                            \
    case 1: { KERNEL(1) } break;                                            \
    case 2: { KERNEL(2) } break;                                            \
    case 3: { KERNEL(3) } break;                                            \
    case 4: { KERNEL(4) } break;                                            \
    default: { KERNEL(W) } break;                                           \
    }

void tensor_matmul(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b)
{
    int n = trans_a ? a->cols : a->rows;    /* rows of op(a) */
    int m = trans_a ? a->rows : a->cols;    /* inner dimension */
    int p = trans_b ? b->rows : b->cols;    /* cols of op(b) */
    if (trans_a && trans_b) {
        /* not used by the network; the plain definition */
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) {
                double acc = 0.0;
                for (int k = 0; k < m; k++)
                    acc += T_AT(a, k, i) * T_AT(b, j, k);
                T_AT(out, i, j) = acc;
            }
    } else if (trans_b) {
        BY_WIDTH(KERNEL_ABT, m)
    } else if (trans_a) {
        BY_WIDTH(KERNEL_ATB, p)
    } else {
        BY_WIDTH(KERNEL_AB, p)
    }
}

void tensor_add_row(tensor *out, const tensor *v)
{
    for (int i = 0; i < out->rows; i++) {
        double *o = &T_AT(out, i, 0);
        for (int j = 0; j < out->cols; j++)
            o[j] += v->data[j];
    }
}

void tensor_sum_rows(tensor *out, const tensor *a)
{
    tensor_fill(out, 0.0);
    for (int i = 0; i < a->rows; i++) {
        const double *r = &T_AT(a, i, 0);
        for (int j = 0; j < a->cols; j++)
            out->data[j] += r[j];
    }
}

double tensor_sum_sq(const tensor *t)
{
    double acc = 0.0;
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i++)
        acc += t->data[i] * t->data[i];
    return acc;
}

double tensor_max_abs_diff(const tensor *a, const tensor *b)
{
    double m = 0.0;
    size_t n = tensor_size(a);
    for (size_t i = 0; i < n; i++) {
        double d = fabs(a->data[i] - b->data[i]);
        if (d > m || d != d)
            m = d;
    }
    return m;
}

int tensor_all_finite(const tensor *t)
{
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t->data[i]))
            return 0;
    return 1;
}
