/* layer: the elementwise work and the sums of a layer's rows, in blocks,
 * shared between the pool's threads. See layer.h. */
#include "layer.h"

#include <math.h>

#include "softmax.h"
#include "vmath.h"

#define BLOCK LAYER_BLOCK
#define BAND LAYER_BAND

/* a2 = softmax of each row of z2 (finite, checked by STAGE_Z2): subtract
 * the row's max for stability, exp of a band of rows in one vectorised
 * call, then divide each row by its sum. 0 or ST_STOPPED. */
int layer_softmax(const tensor *z2, tensor *a2, stop_flag *stop)
{
    int K = z2->cols;
    for (int i0 = 0; i0 < z2->rows; i0 += BAND) {
        if (stop_requested(stop))
            return ST_STOPPED;
        int i1 = z2->rows - i0 < BAND ? z2->rows : i0 + BAND;
        for (int i = i0; i < i1; i++) {
            const double *z = &T_AT(z2, i, 0);
            double *a = &T_AT(a2, i, 0);
            double m = z[0];
            for (int k = 1; k < K; k++)
                m = z[k] > m ? z[k] : m;
            for (int k = 0; k < K; k++)
                a[k] = z[k] - m;
        }
        vec_exp(&T_AT(a2, i0, 0), &T_AT(a2, i0, 0), (size_t)(i1 - i0) * K);
        for (int i = i0; i < i1; i++) {
            double *a = &T_AT(a2, i, 0);
            double sum = 0.0;
            for (int k = 0; k < K; k++)
                sum += a[k];
            for (int k = 0; k < K; k++)
                a[k] /= sum;
        }
    }
    return 0;
}

/* rows of the summed cross-entropy at a time: each row's own on the
 * threads, then their sum in the order of the rows */
enum { CE_CHUNK = 1024 };

struct ce_job {
    const tensor *z, *y;
    int r0;
    double ce[CE_CHUNK];
    stop_flag *stop;
    volatile int rc[POOL_MAX_THREADS];
};

/* ce[i] = the cross-entropy of row r0 + i, for i = lo .. hi - 1 */
static void ce_part(void *arg, int part, size_t lo, size_t hi)
{
    struct ce_job *j = arg;
    for (size_t i = lo; i < hi; i++) {
        if (i % BAND == 0 && stop_requested(j->stop)) {
            j->rc[part] = ST_STOPPED;
            return;
        }
        int r = j->r0 + (int)i;
        j->ce[i] = cross_entropy(&T_AT(j->z, r, 0), &T_AT(j->y, r, 0), j->z->cols);
    }
}

/* 0 when every value of t is finite, -1 when one is not, or ST_STOPPED */
int layer_finite(const tensor *t, stop_flag *stop)
{
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i += BLOCK) {
        if (stop_requested(stop))
            return ST_STOPPED;
        if (!vec_all_finite(t->data + i, n - i < BLOCK ? n - i : BLOCK))
            return -1;
    }
    return 0;
}

/* out[i][j] += v[0][j] for every row i, then layer_finite(out) */
int layer_add_bias(tensor *out, const tensor *v, stop_flag *stop)
{
    for (int i = 0; i < out->rows; i++) {
        if (i % BAND == 0 && stop_requested(stop))
            return ST_STOPPED;
        double *o = &T_AT(out, i, 0);
        for (int j = 0; j < out->cols; j++)
            o[j] += v->data[j];
    }
    return layer_finite(out, stop);
}

/* An activation or its gate over a whole layer, and the check that the
 * results are finite, shared between the pool's threads by ranges of
 * values when there are enough (each value is computed alone: the bits of
 * one thread). The ranges are cut at multiples of vmath's block
 * (VEC_BLOCK), so that they do not change how it groups the values. */

struct layer_job {
    int act, gate;
    const double *z;
    double *a;
    stop_flag *stop;
    volatile int rc[POOL_MAX_THREADS];
};

/* a = f(z), or with gate a = a (.) f'(z), for values lo .. hi - 1 */
static void layer_part(void *arg, int part, size_t lo, size_t hi)
{
    struct layer_job *j = arg;
    for (size_t i = lo; i < hi; i += BLOCK) {
        if (stop_requested(j->stop)) {
            j->rc[part] = ST_STOPPED;
            return;
        }
        size_t len = hi - i < BLOCK ? hi - i : BLOCK;
        if (j->gate)
            act_gate(j->act, j->a + i, j->z + i, len);
        else
            act_table[j->act].apply(j->z + i, j->a + i, len);
        if (!vec_all_finite(j->a + i, len))
            j->rc[part] = -1;
    }
}

/* what the parts of a job say together: ST_STOPPED when one was stopped,
 * else -1 when one found a value not finite, else 0 */
int layer_parts_rc(const volatile int rc[], int parts)
{
    int worst = 0;
    for (int p = 0; p < parts; p++)
        worst = rc[p] == ST_STOPPED || worst == ST_STOPPED ? ST_STOPPED : rc[p] < 0 ? -1 : worst;
    return worst;
}

/* fn over count things in parts of whole units on the pool's threads
 * when they are worth sharing (work: LAYER_SHARED_WORK or more), else at once
 * here; the number of parts */
int layer_share(pool_range_fn *fn, void *job, size_t count, size_t unit, double work)
{
    if (work >= LAYER_SHARED_WORK)
        return pool_for(fn, job, count, unit);
    fn(job, 0, 0, count);
    return 1;
}

/* layer_part over all n values; 0, -1 (a value not finite) or ST_STOPPED */
int layer_values(int act, int gate, const double *z, double *a, size_t n, stop_flag *stop)
{
    struct layer_job j = { act, gate, z, a, stop, { 0 } };
    return layer_parts_rc(j.rc, layer_share(layer_part, &j, n, VEC_BLOCK, (double)n));
}

/* a = f(z) elementwise for the activation act; 0, -1 (not finite) or
 * ST_STOPPED */
int layer_activate(enum act act, const tensor *z, tensor *a, stop_flag *stop)
{
    return layer_values(act, 0, z->data, a->data, tensor_size(z), stop);
}

struct sum_job {
    tensor *out;
    const tensor *a;
    stop_flag *stop;
    volatile int rc[POOL_MAX_THREADS];
};

/* columns lo .. hi - 1 of layer_sum_rows */
static void sum_part(void *arg, int part, size_t lo, size_t hi)
{
    struct sum_job *j = arg;
    double *out = j->out->data;
    for (size_t c = lo; c < hi; c++)
        out[c] = 0.0;
    for (int i = 0; i < j->a->rows; i++) {
        if (i % BAND == 0 && stop_requested(j->stop)) {
            j->rc[part] = ST_STOPPED;
            return;
        }
        const double *r = &T_AT(j->a, i, 0);
        for (size_t c = lo; c < hi; c++)
            out[c] += r[c];
    }
}

/* out (1 x cols) = the sum of the rows of a, row after row (the order of
 * tensor_sum_rows), the columns shared between the threads (8 at least
 * each: a cache line of out); 0 or ST_STOPPED */
int layer_sum_rows(tensor *out, const tensor *a, stop_flag *stop)
{
    struct sum_job j = { out, a, stop, { 0 } };
    return layer_parts_rc(j.rc, layer_share(sum_part, &j, (size_t)a->cols, 8, (double)tensor_size(a)));
}

/* *sum = the summed cross-entropy of the rows of logits z (N x K) against
 * y, row after row; 0 or ST_STOPPED */
int layer_ce_sum(const tensor *z, const tensor *y, double *sum, stop_flag *stop)
{
    struct ce_job j = { .z = z, .y = y, .stop = stop };
    *sum = 0.0;
    for (j.r0 = 0; j.r0 < z->rows; j.r0 += CE_CHUNK) {
        int rows = z->rows - j.r0 < CE_CHUNK ? z->rows - j.r0 : CE_CHUNK;
        /* a row's log-sum-exp through libm: about 6 ns a class */
        if (layer_parts_rc(j.rc, layer_share(ce_part, &j, (size_t)rows, BAND, 6.0 * rows * z->cols)) == ST_STOPPED)
            return ST_STOPPED;
        for (int i = 0; i < rows; i++)
            *sum += j.ce[i];
    }
    return 0;
}
