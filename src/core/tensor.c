/* tensor: small dense row-major matrices of double. See tensor.h. */
#include "tensor.h"

#include "matmul.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* a * b + c stays a multiply and an add everywhere in this file (the
 * definition of the matrix product): the Makefile passes -ffp-contract=off
 * to every compiler, and this keeps it so for GCC under any flags. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

int tensor_init(tensor *t, int rows, int cols)
{
    tensor_release(t);
    if (rows < 0 || cols < 0)
        return ST_FAILED;
    size_t n = (size_t)rows * (size_t)cols;
    if (n > TENSOR_MAX_ELEMS)
        return ST_TOO_BIG;
    if (n > 0) {
        t->data = calloc(n, sizeof *t->data);
        if (!t->data)
            return status_nomem(n * sizeof *t->data);
    }
    t->rows = rows;
    t->cols = cols;
    return 0;
}

void tensor_release(tensor *t)
{
    status_free(t->data, tensor_size(t) * sizeof *t->data);
    t->data = NULL;
    t->rows = t->cols = 0;
}

int tensor_copy(tensor *dst, const tensor *src)
{
    return tensor_copy_until(dst, src, NULL);
}

int tensor_copy_until(tensor *dst, const tensor *src, stop_flag *stop)
{
    if (dst == src)
        return 0;
    tensor tmp = TENSOR_INIT;
    int rc = tensor_init(&tmp, src->rows, src->cols);
    if (rc < 0)
        return rc;
    /* in blocks: the first touch of new memory takes its time */
    const size_t block = (size_t)1 << 16;
    for (size_t i = 0, n = tensor_size(src); i < n; i += block) {
        if (stop_requested(stop)) {
            tensor_release(&tmp);
            return ST_STOPPED;
        }
        memcpy(tmp.data + i, src->data + i, (n - i < block ? n - i : block) * sizeof *src->data);
    }
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

/* ---------------------------------------------------------------- */
/* matrix product                                                     */

/* out = op(a) op(b) by the definition: each element one sum over the
 * inner index k, in increasing order from 0.0, the product rounded before
 * it is added (this file keeps multiplies and adds apart). */
static void matmul_definition(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b)
{
    int m = trans_a ? a->rows : a->cols;    /* inner dimension */
    for (int i = 0; i < out->rows; i++)
        for (int j = 0; j < out->cols; j++) {
            double acc = 0.0;
            for (int k = 0; k < m; k++)
                acc += (trans_a ? T_AT(a, k, i) : T_AT(a, i, k)) * (trans_b ? T_AT(b, j, k) : T_AT(b, k, j));
            T_AT(out, i, j) = acc;
        }
}

/* The definition above computes the small products; the larger ones go
 * to the kernels of src/kernels/matmul.c, which give the same bits in
 * blocked, vectorised loops. */
enum { MATMUL_SMALL = 512 };    /* multiply-adds: below this, the loop's own overhead is the time */

int tensor_matmul_until(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b,
                        stop_flag *stop)
{
    int n = trans_a ? a->cols : a->rows;    /* rows of op(a) */
    int m = trans_a ? a->rows : a->cols;    /* inner dimension */
    int p = trans_b ? b->rows : b->cols;    /* cols of op(b) */
    if ((double)n * m * p < MATMUL_SMALL || (trans_a && trans_b)) {
        matmul_definition(out, a, trans_a, b, trans_b);
        return 0;
    }
    return matmul_until(out->data, out->cols, a->data, a->cols, trans_a, b->data, b->cols, trans_b, n, m, p,
                        stop) ? ST_STOPPED : 0;
}

void tensor_matmul(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b)
{
    tensor_matmul_until(out, a, trans_a, b, trans_b, NULL);
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
