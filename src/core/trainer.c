/* trainer: full-batch gradient descent, laid out for speed. See trainer.h.
 *
 * The staged pass (net.c) works on row-major (N x H) matrices, the layout a
 * student reads; with the lessons' tiny layers (2-3-2) its inner loops are
 * two or three long and the time goes to loop overhead. The trainer instead
 * keeps the batch column-major, one row of N values per unit (x^T, a1^T,
 * delta3^T), so that every inner loop runs over the examples: long,
 * contiguous, and vectorised by the compiler for whichever instruction set
 * runs it. The maths is the same as net.c's.
 *
 * Sums over the examples (the gradients) are taken in LANES = 16
 * interleaved partial sums: lane c adds up the examples n = c, c + 16,
 * c + 32, ... in that order, and the 16 lanes are then added in a fixed
 * tree. The order is the same on every instruction set (two AVX-512
 * registers hold the lanes, or four AVX2 ones, or eight SSE2 ones); it is
 * not the staged pass's order (one running sum), so the last bits can
 * differ from it (the tests allow 1e-12 relative).
 *
 * Wide layers go another way to the same bits. Looping over the examples
 * a unit at a time reads all of x^T once per hidden unit (63 MB for
 * 784-128-10 on 10000 rows): memory-bound. There the products go through
 * the blocked kernels of matmul.c, which keep each sum's order: a unit's
 * value is its bias, then + w_0 x_0, + w_1 x_1, ... (matmul_add_until
 * starts from the bias), as in weighted_row. For the sums over the
 * examples, trainer_prepare stores the examples lane by lane: the columns
 * of x^T and y^T hold examples 0, 16, 32, ..., then 1, 17, 33, ..., up to
 * 15, 31, ...; the forward and backward steps work example by example
 * and do not care, and lane c's partial sum of dW = in . d^T is then a
 * product over one contiguous stretch of columns, summed in the lane's
 * order by the blocked kernel; the 16 products are added in the tree of
 * lanes_total. tests/unit/test_net.c holds the two ways to the same bits.
 *
 * No allocation in a pass: the buffers come from trainer_prepare. */
/* before the includes, so that the inline helpers of the headers
 * (net_add_reg) are compiled here with these options too
 * (GCC's; clang has no optimize pragma) */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("O3", "tree-vectorize", "no-trapping-math", "fp-contract=off")
#endif

#include "trainer.h"

#include <math.h>
#include <string.h>

#include "dispatch.h"
#include "matmul.h"
#include "pool.h"
#include "vmath.h"

/* where the build allows it, also an AVX-512 and an AVX2 copy, picked at
 * run time (kernels/dispatch.h): no contraction (the pragma above,
 * -ffp-contract=off in the Makefile) and no reassociation, so the same
 * bits as the plain copy (tests/bits) */
#define FAST_CLONES KERNEL_CLONES

/* The stop flag's poll, kept out of line: inlined, its load stops GCC
 * from vectorising the pass's loops (37 loops vectorised instead of 186;
 * the tutorial's training took twice as long). A call per row or block
 * costs nothing next to the work between two polls. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int poll(stop_flag *stop)
{
    return stop_requested(stop);
}

/* The helpers are inlined into trainer_gradients, so that each of its
 * copies compiles their loops for its own instructions: a helper left out
 * of line would run the plain copy's loops in all three. */
#if defined(__GNUC__)
#define INLINE static inline __attribute__((always_inline))
#else
#define INLINE static inline
#endif

/* row i of a column-major (rows, N) buffer */
INLINE double *row(double *buf, int i, int N)
{
    return buf + (size_t)i * N;
}

/* out[n] = bias + sum_i w[i * w_step] in_i[n] for every example n, where
 * in_i is row i of inT (count >= 1 rows): one unit of a layer (w is a
 * column of its weights), or in the backward pass the sum over the units
 * a unit feeds (w is a row). The first input's pass writes bias + its
 * term, each further input adds its own: every output written count times,
 * with no pass to clear it or to add the bias. */
INLINE void weighted_row(double *out, double bias, const double *w, size_t w_step, double *inT,
                         int count, int N)
{
    const double *in = row(inT, 0, N);
    for (int n = 0; n < N; n++)
        out[n] = bias + w[0] * in[n];
    for (int i = 1; i < count; i++) {
        double wi = w[(size_t)i * w_step];
        in = row(inT, i, N);
        for (int n = 0; n < N; n++)
            out[n] += wi * in[n];
    }
}

#define LANES 16

/* the sum of the LANES partial sums s, added in a fixed tree: lane c + 8
 * onto lane c, then c + 4 onto c, c + 2 onto c, and lane 1 onto lane 0 */
INLINE double lanes_total(double s[LANES])
{
    for (int half = LANES / 2; half > 0; half /= 2)
        for (int c = 0; c < half; c++)
            s[c] += s[c + half];
    return s[0];
}

/* sum_n a[n] b[n] in LANES interleaved partial sums */
INLINE double lanes_dot(const double *a, const double *b, int N)
{
    double s[LANES] = { 0 };
    int n = 0;
    for (; n + LANES <= N; n += LANES)
        for (int c = 0; c < LANES; c++)
            s[c] += a[n + c] * b[n + c];
    for (int c = 0; n + c < N; c++)           /* the last N mod LANES */
        s[c] += a[n + c] * b[n + c];
    return lanes_total(s);
}

/* sum_n b[n] in LANES interleaved partial sums */
INLINE double lanes_sum(const double *b, int N)
{
    double s[LANES] = { 0 };
    int n = 0;
    for (; n + LANES <= N; n += LANES)
        for (int c = 0; c < LANES; c++)
            s[c] += b[n + c];
    for (int c = 0; n + c < N; c++)
        s[c] += b[n + c];
    return lanes_total(s);
}

/* the gradients of a layer's weights W (rows x cols) from the rows of its
 * inputs inT (one per row of W) and of its deltas dT (one per column):
 * dW[i][j] = scale sum_n in_i[n] d_j[n] (+ reg W[i][j]), db[j] = scale
 * sum_n d_j[n]. scale multiplies the data part only (1: the summed loss,
 * 1/N: the mean); the L2 part reg W is added whole. stop is polled
 * before each row of dW: 0, or 1 when it was raised. */
INLINE int layer_gradients(tensor *dW, tensor *db, const tensor *W, double reg, double scale, double *inT,
                           double *dT, int N, stop_flag *stop)
{
    for (int i = 0; i < W->rows; i++) {
        if (poll(stop))
            return 1;
        for (int j = 0; j < W->cols; j++)
            T_AT(dW, i, j) = scale * lanes_dot(row(inT, i, N), row(dT, j, N), N);
    }
    net_add_reg(dW, W, reg);
    for (int j = 0; j < W->cols; j++)
        db->data[j] = scale * lanes_sum(row(dT, j, N), N);
    return 0;
}

/* the values of the (rows, N) buffers are worked on elementwise in blocks
 * of this many (a multiple of vec_exp's block, so that the blocks do not
 * change how it groups the values), with a poll of the stop flag before
 * each */
#define BLOCK ((size_t)1 << 16)

/* delta3^T = a2^T - y^T in place, from the exps e^T of the logits (K, N)
 * in sT: m and hot are (N) scratch. 0, or ST_STOPPED. */
INLINE int delta3_rows(double *sT, double *yT, double *m, double *hot, int K, int N, stop_flag *stop)
{
    /* m = the sum over k, hot = the same over the classes whose target is
     * not 1 (all but the true class of a one-hot row) */
    for (int k = 0; k < K; k++) {
        if (poll(stop))
            return ST_STOPPED;
        const double *e = row(sT, k, N), *y = row(yT, k, N);
        for (int n = 0; n < N; n++) {
            double other = y[n] == 1.0 ? 0.0 : e[n];
            m[n] = k == 0 ? e[n] : m[n] + e[n];
            hot[n] = k == 0 ? other : hot[n] + other;
        }
    }
    /* m = 1 / sum: one division per example, then a product per class */
    for (int n = 0; n < N; n++)
        m[n] = 1.0 / m[n];
    /* delta3^T = a2^T - y^T, in place; where y is 1, a2 - 1 as minus the
     * other classes' probability, which keeps its digits (net_delta3) */
    for (int k = 0; k < K; k++) {
        if (poll(stop))
            return ST_STOPPED;
        double *s = row(sT, k, N);
        const double *y = row(yT, k, N);
        for (int n = 0; n < N; n++)
            s[n] = y[n] == 1.0 ? -(hot[n] * m[n]) : s[n] * m[n] - y[n];
    }
    return 0;
}

/* the first and last column of lane c of N examples stored lane by lane
 * (lane c holds the examples n with n mod LANES = c, in order) */
INLINE int lane_start(int c, int N)
{
    int start = 0;
    for (int l = 0; l < c; l++)
        start += (N - l + LANES - 1) / LANES;
    return start;
}

/* the wide way's layer_gradients, for inputs and deltas stored lane by
 * lane: for a band of rows of dW, lane c's partial sums are the product
 * of lane c's columns of in^T and d^T (lanes holds the 16 of them), then
 * the tree of lanes_total adds them, element by element. The same bits as
 * layer_gradients. The rows of dW (and the columns of db) are shared
 * between the pool's threads in one job: each part takes its own rows,
 * with its own share of the scratch, and every element is still summed
 * by one thread in the same order (the bits of one thread). */
struct lane_job {
    struct trainer *t;
    tensor *dW, *db;
    const tensor *W;
    const double *inT, *dT;
    double reg, scale;
    int N, band, parts;
    stop_flag *stop;
    volatile int stopped[POOL_MAX_THREADS];
};

static void lane_part(void *arg, int part)
{
    struct lane_job *j = arg;
    int rows = j->W->rows, cols = j->W->cols, N = j->N, band = j->band;
    int lo = (int)((long)rows * part / j->parts), hi = (int)((long)rows * (part + 1) / j->parts);
    double *part_sums = j->t->lanes.data + (size_t)part * LANES * band * cols;
    for (int i0 = lo; i0 < hi; i0 += band) {
        int r = hi - i0 < band ? hi - i0 : band;
        size_t size = (size_t)r * cols;
        for (int c = 0; c < LANES; c++) {
            int s0 = lane_start(c, N), len = lane_start(c + 1, N) - s0;
            if (matmul_until(part_sums + c * size, cols, j->inT + (size_t)i0 * N + s0, N, 0, j->dT + s0, N, 1, r,
                             len, cols, j->stop)) {
                j->stopped[part] = 1;
                return;
            }
        }
        for (int half = LANES / 2; half > 0; half /= 2)
            for (int c = 0; c < half; c++)
                for (size_t e = 0; e < size; e++)
                    part_sums[c * size + e] += part_sums[(c + half) * size + e];
        double *dW = j->dW->data + (size_t)i0 * cols;
        const double *W = j->W->data + (size_t)i0 * cols;
        for (size_t e = 0; e < size; e++)
            dW[e] = j->scale * part_sums[e];
        net_add_reg(&(tensor){ r, cols, dW }, &(tensor){ r, cols, (double *)W }, j->reg);
    }
    /* db: this part's share of the columns */
    for (int col = cols * part / j->parts; col < cols * (part + 1) / j->parts; col++) {
        double sum[LANES];
        for (int c = 0; c < LANES; c++) {
            int s0 = lane_start(c, N), s1 = lane_start(c + 1, N);
            sum[c] = 0.0;
            for (int n = s0; n < s1; n++)
                sum[c] += j->dT[(size_t)col * N + n];
        }
        j->db->data[col] = j->scale * lanes_total(sum);
    }
}

static int lane_gradients(struct trainer *t, tensor *dW, tensor *db, const tensor *W, double reg, double scale,
                          const double *inT, const double *dT, int N, stop_flag *stop)
{
    /* the scratch holds a band's LANES partial sums for each of the
     * threads counted when it was made */
    int slots = t->lanes.rows / (LANES * t->band), parts = pool_available();
    parts = parts > slots ? slots : parts > W->rows ? W->rows : parts;
    struct lane_job j = { t, dW, db, W, inT, dT, reg, scale, N, t->band, parts, stop, { 0 } };
    pool_run(lane_part, &j, parts);
    for (int p = 0; p < parts; p++)
        if (j.stopped[p])
            return 1;
    return 0;
}

/* out (units, N) = bias + W^T in^T, W (count, units): the units of a layer
 * from the rows of its inputs, weighted_row for every unit (through the
 * blocked product when wide). 0, or 1 when stop was raised. */
INLINE int layer_forward(int wide, double *out, const tensor *bias, const tensor *W, double *inT, int N,
                         stop_flag *stop)
{
    int count = W->rows, units = W->cols;
    for (int j = 0; j < units; j++) {
        if (poll(stop))
            return 1;
        if (!wide) {
            weighted_row(row(out, j, N), bias->data[j], &T_AT(W, 0, j), (size_t)units, inT, count, N);
            continue;
        }
        double *o = row(out, j, N);
        for (int n = 0; n < N; n++)
            o[n] = bias->data[j];
    }
    return wide && matmul_add_until(out, N, W->data, units, 1, inT, N, 0, units, count, N, stop);
}

/* the wide way's first layer, z1^T = b1 + W1^T x^T, from the rows of x
 * as they are (N x D, the examples in order): z = b1 + x W1 through the
 * blocked product into scratch (N x H), then its transpose into zT, the
 * examples lane by lane. The same sums in the same order as
 * layer_forward's (the bias, then + x_0 w_0, + x_1 w_1, ...): the same
 * bits; but the product reads x's rows in place, where W1^T x^T reads
 * x^T's rows, 80 KB apart for 10000 examples, through copies. The pool's
 * threads take a band of examples each, all three steps of it (rows of z
 * do not depend on each other: the bits of one thread). */
struct first_job {
    double *zT, *scratch;
    const struct net *net;
    stop_flag *stop;
    volatile int stopped[POOL_MAX_THREADS];
};

static void first_part(void *arg, int part, size_t lo, size_t hi)
{
    struct first_job *j = arg;
    const struct net *net = j->net;
    int N = net->n_rows, D = net->n_in, H = net->n_hidden, start[LANES];
    double *scratch = j->scratch;
    for (size_t n = lo; n < hi; n++) {
        if (n % 256 == 0 && poll(j->stop))
            goto stopped;
        memcpy(scratch + n * H, net->b1.data, (size_t)H * sizeof *scratch);
    }
    if (matmul_add_until(scratch + lo * H, H, net->x.data + lo * D, D, 0, net->W1.data, H, 0, (int)(hi - lo), D, H,
                         j->stop))
        goto stopped;
    for (int c = 0; c < LANES; c++)
        start[c] = lane_start(c, N);
    /* in bands of 128 examples: the band's rows of z stay in the cache
     * while each row of zT gets its 128 values */
    for (size_t n0 = lo; n0 < hi; n0 += 128) {
        if (poll(j->stop))
            goto stopped;
        size_t n1 = hi - n0 < 128 ? hi : n0 + 128;
        for (int h = 0; h < H; h++) {
            double *zh = row(j->zT, h, N);
            for (size_t n = n0; n < n1; n++)
                zh[start[n % LANES] + n / LANES] = scratch[n * H + h];
        }
    }
    return;
stopped:
    j->stopped[part] = 1;
}

/* 0, or 1 when stop was raised */
static int first_layer_wide(double *zT, double *scratch, const struct net *net, int N, stop_flag *stop)
{
    struct first_job j = { zT, scratch, net, stop, { 0 } };
    int parts = pool_for(first_part, &j, (size_t)N, 128);
    for (int p = 0; p < parts; p++)
        if (j.stopped[p])
            return 1;
    return 0;
}

/* the elementwise steps of the hidden layer, shared between the pool's
 * threads by ranges of values or of units (each value is computed alone:
 * the bits of one thread) */
struct unit_job {
    double *zT, *aT, *sT;       /* (H, N) z1^T, a1^T, and (K, N) delta3^T */
    const tensor *W2;
    enum act act;
    int N, wide;
    stop_flag *stop;
    volatile int stopped[POOL_MAX_THREADS];
};

/* a1^T = act(z1^T) for values lo .. hi - 1; for tanh its slope f'(z1)
 * too, from the same exp, in z1's place (the backward step needs z1
 * only for it); for the others z1 stays */
INLINE void activate_part(void *arg, int part, size_t lo, size_t hi)
{
    struct unit_job *u = arg;
    for (size_t i = lo; i < hi; i += BLOCK) {
        if (poll(u->stop)) {
            u->stopped[part] = 1;
            return;
        }
        size_t len = hi - i < BLOCK ? hi - i : BLOCK;
        if (u->act == ACT_TANH)
            vec_tanh_slope(u->zT + i, u->aT + i, u->zT + i, len);
        else
            act_table[u->act].apply(u->zT + i, u->aT + i, len);
    }
}

/* delta2^T[j] = (sum_k W2[j][k] delta3^T[k]) (.) f'(z1^T[j]) for units
 * lo .. hi - 1, over a1^T[j] (the table's gate, from z1; for tanh the
 * slope kept, the same bits); the wide way has the sums there already,
 * the narrow one makes them there (a1 is not needed after dW2) */
INLINE void gate_part(void *arg, int part, size_t lo, size_t hi)
{
    struct unit_job *u = arg;
    int N = u->N, K = u->W2->cols;
    for (size_t j = lo; j < hi; j++) {
        if (poll(u->stop)) {
            u->stopped[part] = 1;
            return;
        }
        double *d = row(u->aT, (int)j, N);
        const double *zs = row(u->zT, (int)j, N);
        if (!u->wide)
            weighted_row(d, 0.0, &T_AT(u->W2, j, 0), 1, u->sT, K, N);
        if (u->act == ACT_TANH)
            for (int n = 0; n < N; n++)
                d[n] *= zs[n];
        else
            act_table[u->act].gate_z(zs, d, d, N);
    }
}

/* values of elementwise work worth sharing between threads (about 10
 * microseconds of tanh) */
#define SHARED_WORK 16384

/* fn over count values (or units of `per_unit` values each) in parts of
 * whole units on the pool's threads, when there are SHARED_WORK values
 * (else on this one); 1 when a part saw stop raised */
INLINE int shared(pool_range_fn *fn, struct unit_job *u, size_t count, size_t unit, size_t per_unit)
{
    int parts = 1;
    if (count * per_unit >= SHARED_WORK)
        parts = pool_for(fn, u, count, unit);
    else
        fn(u, 0, 0, count);
    for (int p = 0; p < parts; p++)
        if (u->stopped[p])
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- */
/* the pass                                                           */

FAST_CLONES
int trainer_gradients(struct trainer *t, struct net *net, double scale)
{
    int N = net->n_rows, H = net->n_hidden, K = net->n_out;
    double *xT = t->xT.data, *yT = t->yT.data;         /* (D, N), (K, N) */
    double *zT = t->zT.data, *aT = t->hT.data;         /* (H, N), (H, N) */
    double *sT = t->kT.data;                           /* (K, N) */
    double *m = t->gT.data, *hot = m + N;              /* (2, N) scratch */
    stop_flag *stop = net->stop;

    /* z1^T[j] = b1[j] + sum_d W1[d][j] x^T[d]; then a1^T = act(z1^T)
     * (and tanh's slope, activate_part), in parts of whole VEC_BLOCKs */
    int wide = t->wide;
    if (wide ? first_layer_wide(zT, aT, net, N, stop) : layer_forward(wide, zT, &net->b1, &net->W1, xT, N, stop))
        return ST_STOPPED;
    struct unit_job u = { zT, aT, sT, &net->W2, net->act, N, wide, stop, { 0 } };
    if (shared(activate_part, &u, (size_t)H * N, VEC_BLOCK, 1))
        return ST_STOPPED;

    /* the logits z2^T[k] = b2[k] + sum_j W2[j][k] a1^T[j], and m = their
     * largest value over k for each example */
    if (layer_forward(wide, sT, &net->b2, &net->W2, aT, N, stop))
        return ST_STOPPED;
    for (int k = 0; k < K; k++) {
        const double *s = row(sT, k, N);
        for (int n = 0; n < N; n++)
            m[n] = k == 0 || s[n] > m[n] ? s[n] : m[n];
    }
    /* a2 = softmax: exp(z2 - m) (the shift leaves softmax as it is, and
     * exp of a value <= 0 cannot overflow), divided by its sum over k */
    for (int k = 0; k < K; k++) {
        if (poll(stop))
            return ST_STOPPED;
        double *s = row(sT, k, N);
        for (int n = 0; n < N; n++)
            s[n] -= m[n];
    }
    for (size_t i = 0; i < (size_t)K * N; i += BLOCK) {
        if (poll(stop))
            return ST_STOPPED;
        vec_exp(sT + i, sT + i, (size_t)K * N - i < BLOCK ? (size_t)K * N - i : BLOCK);
    }
    if (delta3_rows(sT, yT, m, hot, K, N, stop))
        return ST_STOPPED;

    /* dW2[j][k] = scale sum_n a1[n][j] delta3[n][k] (+ reg W2);
     * db2[k] = scale sum_n delta3[n][k] */
    if (wide ? lane_gradients(t, &net->dW2, &net->db2, &net->W2, net->reg, scale, aT, sT, N, stop)
             : layer_gradients(&net->dW2, &net->db2, &net->W2, net->reg, scale, aT, sT, N, stop))
        return ST_STOPPED;

    /* delta2^T[j] = (sum_k W2[j][k] delta3^T[k]) (.) f'(z1^T[j]) over
     * a1^T (gate_part; the wide way's sums by the blocked product) */
    if (wide && matmul_until(aT, N, net->W2.data, K, 0, sT, N, 0, H, K, N, stop))
        return ST_STOPPED;
    if (shared(gate_part, &u, (size_t)H, 1, (size_t)N))
        return ST_STOPPED;

    /* dW1[d][j] = scale sum_n x[n][d] delta2[n][j] (+ reg W1);
     * db1[j] = scale sum_n delta2[n][j] */
    if (wide ? lane_gradients(t, &net->dW1, &net->db1, &net->W1, net->reg, scale, xT, aT, N, stop)
             : layer_gradients(&net->dW1, &net->db1, &net->W1, net->reg, scale, xT, aT, N, stop))
        return ST_STOPPED;
    return 0;
}

/* the rest, which is not the pass, with the options of the command line */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

/* ---------------------------------------------------------------- */
/* the trainer's scratch and the step                                 */

void trainer_init(struct trainer *t)
{
    memset(t, 0, sizeof *t);
}

void trainer_release(struct trainer *t)
{
    tensor *all[] = { &t->xT, &t->yT, &t->zT, &t->hT, &t->kT, &t->gT, &t->lanes };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        tensor_release(all[i]);
    t->batch = 0;
}

/* dst (cols x rows) = src^T, its columns in the examples' order, or with
 * lanes, lane by lane (row i of src in column lane_start(i mod LANES) +
 * i / LANES); 0, or ST_STOPPED when stop was raised */
static int transpose(tensor *dst, const tensor *src, int lanes, stop_flag *stop)
{
    int start[LANES], N = src->rows;
    for (int c = 0; c < LANES; c++)
        start[c] = lanes ? lane_start(c, N) : c;
    for (int i = 0; i < N; i++) {
        if (i % 64 == 0 && poll(stop))
            return ST_STOPPED;
        int col = start[i % LANES] + (lanes ? i / LANES : i - i % LANES);
        for (int j = 0; j < src->cols; j++)
            T_AT(dst, j, col) = T_AT(src, i, j);
    }
    return 0;
}

/* the wide way's scratch: 4 MiB of partial sums at most for each thread
 * of the pool (pool_size, when the batch is prepared), for bands of at
 * least one row of dW */
#define LANE_BYTES ((size_t)4 << 20)

/* which way the pass takes for n (set t->way to force one): the wide one
 * where the first layer has many weights and the batch some examples.
 * Measured (CPU time per pass, narrow / wide): 784-128-10 on 10000 rows
 * 620 / 108 ms, on 256 rows 8.3 / 3.9 ms; 32-32-4 on 1000 rows 0.40 /
 * 0.23 ms, 8-128-3 0.69 / 0.63 ms; but 2-64-2 on 10000 rows 3.4 / 4.0 ms
 * (two inputs: nothing to block) and the lessons' 2-3-2 on 200 rows 2 / 5
 * microseconds. */
static int wide_way(const struct trainer *t, const struct net *n)
{
    if (t->way != TRAINER_AUTO)
        return t->way == TRAINER_WIDE;
    return n->n_in >= 8 && (size_t)n->n_in * n->n_hidden >= 512 && n->n_rows >= 32;
}

/* t (rows x cols), keeping its buffer when it has that shape; 0 or -1 */
static int fit(tensor *t, int rows, int cols)
{
    return t->rows == rows && t->cols == cols ? 0 : tensor_init(t, rows, cols);
}

int trainer_prepare(struct trainer *t, const struct net *n)
{
    int N = n->n_rows, rc, cols = n->n_hidden > n->n_out ? n->n_hidden : n->n_out;
    int rows = n->n_in > n->n_hidden ? n->n_in : n->n_hidden;
    size_t band = LANE_BYTES / (LANES * sizeof(double) * (size_t)cols);
    band = band < 1 ? 1 : band > (size_t)rows ? (size_t)rows : band;
    t->band = (int)band;
    t->batch = 0;
    t->wide = wide_way(t, n);
    if ((rc = fit(&t->xT, n->n_in, N)) || (rc = fit(&t->yT, n->n_out, N)) || (rc = fit(&t->zT, n->n_hidden, N)) ||
        (rc = fit(&t->hT, n->n_hidden, N)) || (rc = fit(&t->kT, n->n_out, N)) || (rc = fit(&t->gT, 2, N)) ||
        (rc = t->wide ? fit(&t->lanes, LANES * (int)band * pool_size(), cols) : 0)) {
        trainer_release(t);
        if (rc == ST_NO_MEMORY)
            rc = status_nomem((size_t)N * ((size_t)n->n_in + 2 * (size_t)n->n_hidden + 2 * (size_t)n->n_out + 2) *
                              sizeof(double));
        return rc;
    }
    if ((rc = transpose(&t->xT, &n->x, t->wide, n->stop)) || (rc = transpose(&t->yT, &n->y, t->wide, n->stop)))
        return rc;
    t->batch = n->batch_id;
    return 0;
}

double trainer_scale(const struct net *n)
{
    return n->reduce == REDUCE_MEAN ? 1.0 / n->n_rows : 1.0;
}

/* 1 when every value of t is finite, 0 when one is not, ST_STOPPED */
static int finite_until(const tensor *t, stop_flag *stop)
{
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i += BLOCK) {
        if (poll(stop))
            return ST_STOPPED;
        if (!vec_all_finite(t->data + i, n - i < BLOCK ? n - i : BLOCK))
            return 0;
    }
    return 1;
}

int trainer_step(struct trainer *t, struct net *n, double lr, double scale)
{
    n->stage = STAGE_NONE;
    int rc;
    if (t->batch != n->batch_id && (rc = trainer_prepare(t, n)) != 0)
        return rc;
    if ((rc = trainer_gradients(t, n, scale)) != 0)
        return rc;
    tensor *d[] = { &n->dW1, &n->db1, &n->dW2, &n->db2 };
    for (int k = 0; k < 4; k++)
        if ((rc = finite_until(d[k], n->stop)) != 1)
            return rc == ST_STOPPED ? rc : -1;
    /* P -= lr * dP for every parameter */
    tensor *p[] = { &n->W1, &n->b1, &n->W2, &n->b2 };
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < tensor_size(p[k]); i++)
            p[k]->data[i] -= lr * d[k]->data[i];
    return 0;
}

int trainer_two_cycle(const double last[4])
{
    for (int k = 0; k < 4; k++)
        if (!isfinite(last[k]))
            return 0;
    double jump = fabs(last[3] - last[2]);
    if (!(jump > 1e-9 * fabs(last[3])))
        return 0;                               /* settled (or a jump lost in rounding) */
    if ((last[3] - last[2]) * (last[2] - last[1]) >= 0 || (last[2] - last[1]) * (last[1] - last[0]) >= 0)
        return 0;                               /* not back and forth */
    return fabs(last[3] - last[1]) <= 0.01 * jump && fabs(last[2] - last[0]) <= 0.01 * jump;
}
