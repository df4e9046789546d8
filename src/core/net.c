/* net: the 3-layer network, forward and backward one named stage at a
 * time, and the prediction (the gradient check is gradcheck.c). See net.h
 * for the formulas and the shapes. */
#include "net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layer.h"
#include "matmul.h"
#include "pool.h"
#include "softmax.h"
#include "vmath.h"

/* ---------------------------------------------------------------- */
/* building and releasing                                             */

/* the per-batch buffers, in one place so that set_batch can swap them */
struct batch {
    tensor x, y, z1, a1, z2, a2, delta3, delta2;
};

static void batch_release(struct batch *b)
{
    tensor *all[] = { &b->x, &b->y, &b->z1, &b->a1, &b->z2, &b->a2, &b->delta3, &b->delta2 };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        tensor_release(all[i]);
}

/* 0, or ST_TOO_BIG (N over NET_MAX_ROWS, or a matrix over the limit) or
 * ST_NO_MEMORY (for the whole batch), b left empty */
static int batch_init(struct batch *b, int N, int D, int H, int K)
{
    memset(b, 0, sizeof *b);
    if (N < 1 || N > NET_MAX_ROWS)
        return N < 1 ? ST_FAILED : ST_TOO_BIG;
    int rc;
    if ((rc = tensor_init(&b->x, N, D)) || (rc = tensor_init(&b->y, N, K)) ||
        (rc = tensor_init(&b->z1, N, H)) || (rc = tensor_init(&b->a1, N, H)) ||
        (rc = tensor_init(&b->z2, N, K)) || (rc = tensor_init(&b->a2, N, K)) ||
        (rc = tensor_init(&b->delta3, N, K)) || (rc = tensor_init(&b->delta2, N, H))) {
        batch_release(b);
        return rc == ST_NO_MEMORY ? status_nomem(net_batch_bytes(N, D, H, K)) : rc;
    }
    return 0;
}

/* hand the batch buffers to the net (the net's old ones go back in b) */
static void batch_swap(struct net *n, struct batch *b)
{
    tensor *mine[] = { &n->x, &n->y, &n->z1, &n->a1, &n->z2, &n->a2, &n->delta3, &n->delta2 };
    tensor *theirs[] = { &b->x, &b->y, &b->z1, &b->a1, &b->z2, &b->a2, &b->delta3, &b->delta2 };
    for (size_t i = 0; i < sizeof mine / sizeof *mine; i++) {
        tensor t = *mine[i];
        *mine[i] = *theirs[i];
        *theirs[i] = t;
    }
    n->n_rows = n->x.rows;
}

size_t net_batch_bytes(int N, int D, int H, int K)
{
    /* x, y, z1, a1, z2, a2, delta3, delta2 */
    return (size_t)N * ((size_t)D + 3 * (size_t)H + 4 * (size_t)K) * sizeof(double);
}

/* blocks of values and bands of rows, as layer.c works on them */
#define BLOCK LAYER_BLOCK
#define BAND LAYER_BAND

/* dst[0..n) = src[0..n) in blocks; 0 or ST_STOPPED */
static int copy_until(double *dst, const double *src, size_t n, stop_flag *stop)
{
    for (size_t i = 0; i < n; i += BLOCK) {
        if (stop_requested(stop))
            return ST_STOPPED;
        memcpy(dst + i, src + i, (n - i < BLOCK ? n - i : BLOCK) * sizeof *dst);
    }
    return 0;
}

/* a number that no batch had before (in this run of the program) */
static unsigned long new_batch_id(void)
{
    static unsigned long last;
    return ++last;
}

const char *const reduce_names[REDUCE_COUNT] = { "sum", "mean" };

int net_init(struct net *n, int D, int H, int K, enum act act, struct rng *r)
{
    return net_init_until(n, D, H, K, act, r, 0.0, NULL);
}

int net_init_scaled(struct net *n, int D, int H, int K, enum act act, struct rng *r, double scale)
{
    return net_init_until(n, D, H, K, act, r, scale, NULL);
}

/* W[i] = randn(r) * mul / div for each value of W, in blocks with a poll
 * of stop before each; 0 or ST_STOPPED */
static int draw_weights(tensor *W, struct rng *r, double mul, double div, stop_flag *stop)
{
    for (size_t i = 0; i < tensor_size(W); i++) {
        if (i % BLOCK == 0 && stop_requested(stop))
            return ST_STOPPED;
        W->data[i] = mul * rng_gauss(r) / div;
    }
    return 0;
}

int net_init_until(struct net *n, int D, int H, int K, enum act act, struct rng *r, double scale,
                   stop_flag *stop)
{
    memset(n, 0, sizeof *n);
    if (D < 1 || H < 1 || K < 1 || D > NET_MAX_UNITS || H > NET_MAX_UNITS ||
        K > NET_MAX_UNITS || (unsigned)act >= ACT_COUNT)
        return -1;
    n->n_in = D;
    n->n_hidden = H;
    n->n_out = K;
    n->act = act;
    n->stage = STAGE_NONE;
    struct batch b;
    int rc;
    if ((rc = tensor_init(&n->W1, D, H)) || (rc = tensor_init(&n->b1, 1, H)) ||
        (rc = tensor_init(&n->W2, H, K)) || (rc = tensor_init(&n->b2, 1, K)) ||
        (rc = tensor_init(&n->dW1, D, H)) || (rc = tensor_init(&n->db1, 1, H)) ||
        (rc = tensor_init(&n->dW2, H, K)) || (rc = tensor_init(&n->db2, 1, K)) ||
        (rc = batch_init(&b, 1, D, H, K))) {
        net_release(n);
        /* the parameters and their gradients, and a batch of one row */
        size_t params = ((size_t)D * H + H + (size_t)H * K + K) * 2 * sizeof(double);
        return rc == ST_NO_MEMORY ? status_nomem(params + net_batch_bytes(1, D, H, K)) : rc;
    }
    batch_swap(n, &b);
    batch_release(&b);
    T_AT(&n->y, 0, 0) = 1.0;        /* one example of class 0 */
    n->batch_id = new_batch_id();

    /* W1 = randn(D, H) / sqrt(D), W2 = randn(H, K) / sqrt(H): row-major
     * draws in this order, divided (not multiplied by 1/sqrt), exactly as
     * numpy evaluates the classic tutorial's initialisation; with a scale,
     * W = scale * randn, as cs231n's 0.01 * np.random.randn(D, h) (a
     * multiply by 1 and a divide by 1 change no bit) */
    double m1 = scale > 0 ? scale : 1.0, d1 = scale > 0 ? 1.0 : sqrt((double)D);
    double m2 = scale > 0 ? scale : 1.0, d2 = scale > 0 ? 1.0 : sqrt((double)H);
    if (r && (draw_weights(&n->W1, r, m1, d1, stop) || draw_weights(&n->W2, r, m2, d2, stop))) {
        net_release(n);
        return ST_STOPPED;
    }
    n->stop = stop;
    return 0;
}

void net_release(struct net *n)
{
    tensor *all[] = { &n->W1, &n->b1, &n->W2, &n->b2, &n->dW1, &n->db1, &n->dW2, &n->db2 };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        tensor_release(all[i]);
    struct batch b;
    memset(&b, 0, sizeof b);
    batch_swap(n, &b);
    batch_release(&b);
    n->n_rows = 0;
    n->stage = STAGE_NONE;
}

int net_set_batch(struct net *n, const tensor *x, const tensor *y)
{
    if (x->cols != n->n_in || y->cols != n->n_out || x->rows != y->rows)
        return ST_FAILED;
    struct batch b;
    int rc = batch_init(&b, x->rows, n->n_in, n->n_hidden, n->n_out);
    if (rc)
        return rc;
    /* the copies touch the new memory first: that takes its time */
    if (copy_until(b.x.data, x->data, tensor_size(x), n->stop) ||
        copy_until(b.y.data, y->data, tensor_size(y), n->stop)) {
        batch_release(&b);
        return ST_STOPPED;
    }
    batch_swap(n, &b);
    batch_release(&b);
    n->stage = STAGE_NONE;
    n->batch_id = new_batch_id();
    return 0;
}

int net_targets_bad_row(const tensor *y, double *sum)
{
    for (int i = 0; i < y->rows; i++) {
        double total = 0.0;
        int bad = 0;
        for (int k = 0; k < y->cols; k++) {
            double v = T_AT(y, i, k);
            bad |= !(v >= 0.0 && isfinite(v));
            total += v;
        }
        *sum = total;
        if (bad || !(fabs(total - 1.0) <= NET_TARGET_TOL))
            return i;
    }
    return -1;
}

int net_set_targets(struct net *n, const tensor *y)
{
    if (!tensor_same_shape(y, &n->y))
        return -1;
    memcpy(n->y.data, y->data, tensor_size(y) * sizeof *y->data);
    n->stage = STAGE_NONE;
    n->batch_id = new_batch_id();
    return 0;
}

/* ---------------------------------------------------------------- */
/* the stages                                                         */

void net_delta3(tensor *d, const tensor *a2, const tensor *y)
{
    int K = a2->cols;
    for (int i = 0; i < a2->rows; i++) {
        const double *a = &T_AT(a2, i, 0), *t = &T_AT(y, i, 0);
        double *o = &T_AT(d, i, 0);
        /* the probability of every class whose target is not 1, summed
         * in the order of k */
        double others = 0.0;
        for (int k = 0; k < K; k++)
            others += t[k] == 1.0 ? 0.0 : a[k];
        for (int k = 0; k < K; k++)
            o[k] = t[k] == 1.0 ? -others : a[k] - t[k];
    }
}

/* the regularisation term reg/2 (|W1|^2 + |W2|^2) */
static double reg_term(const struct net *n)
{
    if (n->reg == 0.0)
        return 0.0;
    return 0.5 * n->reg * (tensor_sum_sq(&n->W1) + tensor_sum_sq(&n->W2));
}

/* ---------------------------------------------------------------- */
/* the stages                                                         */

/* The buffers of a forward pass: the net's own (the staged pass), or
 * scratch ones (net_predict, where a1 may share z1's buffer). */
struct forward {
    const tensor *x;        /* (N, D) */
    tensor *z1, *a1;        /* (N, H) */
    tensor *z2, *a2;        /* (N, K) */
};

/* compute forward stage st (z1 to a2) of n's parameters into the buffers
 * of f; 0, -1 when it is not finite, or ST_STOPPED */
static int forward_stage(const struct net *n, const struct forward *f, enum stage st)
{
    switch (st) {
    case STAGE_Z1:
        /* z1 = x.W1 + b1: each row of x through the first layer */
        if (tensor_matmul_until(f->z1, f->x, 0, &n->W1, 0, n->stop))
            return ST_STOPPED;
        return layer_add_bias(f->z1, &n->b1, n->stop);
    case STAGE_A1:
        /* a1 = f(z1), elementwise */
        return layer_activate(n->act, f->z1, f->a1, n->stop);
    case STAGE_Z2:
        /* z2 = a1.W2 + b2: the logits */
        if (tensor_matmul_until(f->z2, f->a1, 0, &n->W2, 0, n->stop))
            return ST_STOPPED;
        return layer_add_bias(f->z2, &n->b2, n->stop);
    case STAGE_A2:
        return layer_softmax(f->z2, f->a2, n->stop);
    default:
        return 0;
    }
}

/* dW = a^T.d (+ reg W): summed over the rows; 0, -1 or ST_STOPPED */
static int weight_gradient(tensor *dW, const tensor *a, const tensor *d, const tensor *W, double reg,
                           stop_flag *stop)
{
    if (tensor_matmul_until(dW, a, 1, d, 0, stop))
        return ST_STOPPED;
    net_add_reg(dW, W, reg);
    return layer_finite(dW, stop);
}

/* delta3 = dL/dz2 = a2 - y for rows r0 .. r0 + nr - 1: softmax and
 * cross-entropy together (J^T (-y / s) collapses to s - y); 0 or
 * ST_STOPPED */
static int delta3_rows(struct net *n, int r0, int nr)
{
    for (int i0 = r0; i0 < r0 + nr; i0 += BAND) {
        if (stop_requested(n->stop))
            return ST_STOPPED;
        int r = r0 + nr - i0 < BAND ? r0 + nr - i0 : BAND, K = n->n_out;
        tensor d = { r, K, &T_AT(&n->delta3, i0, 0) }, a = { r, K, &T_AT(&n->a2, i0, 0) };
        tensor y = { r, K, &T_AT(&n->y, i0, 0) };
        net_delta3(&d, &a, &y);
    }
    return 0;
}

/* delta2 = delta3.W2^T (.) f'(z1) for rows r0 .. r0 + nr - 1 (for tanh
 * f' = 1 - a1^2); 0, -1 when it is not finite, or ST_STOPPED */
static int delta2_rows(struct net *n, int r0, int nr)
{
    int H = n->n_hidden, K = n->n_out;
    tensor d2 = { nr, H, &T_AT(&n->delta2, r0, 0) }, d3 = { nr, K, &T_AT(&n->delta3, r0, 0) };
    const double *z1 = &T_AT(&n->z1, r0, 0);
    if (tensor_matmul_until(&d2, &d3, 0, &n->W2, 1, n->stop))
        return ST_STOPPED;
    return layer_values(n->act, 1, z1, d2.data, tensor_size(&d2), n->stop);
}

/* compute stage st from the ones before it, for the rows r0 .. r0 + nr -
 * 1 of those computed row by row (z1 to a2, delta3, delta2: a row of
 * them depends on that row alone), whole for the others; 0, -1 when it
 * is not finite, or ST_STOPPED */
static int run_rows(struct net *n, enum stage st, int r0, int nr)
{
    int N = n->n_rows, D = n->n_in, H = n->n_hidden, K = n->n_out;
    stop_flag *stop = n->stop;
    switch (st) {
    case STAGE_Z1:
    case STAGE_A1:
    case STAGE_Z2:
    case STAGE_A2: {
        tensor x = { nr, D, &T_AT(&n->x, r0, 0) }, z1 = { nr, H, &T_AT(&n->z1, r0, 0) };
        tensor a1 = { nr, H, &T_AT(&n->a1, r0, 0) }, z2 = { nr, K, &T_AT(&n->z2, r0, 0) };
        tensor a2 = { nr, K, &T_AT(&n->a2, r0, 0) };
        return forward_stage(n, &(struct forward){ &x, &z1, &a1, &z2, &a2 }, st);
    }
    case STAGE_LOSS: {
        /* the cross-entropy -sum y log a2 over all rows (through
         * log-softmax of z2, so a probability that underflows to 0 still
         * has a finite log); the summed loss adds the L2 term whole, and
         * the loss shown is the reduce mode's (net.h) */
        double ce;
        if (layer_ce_sum(&n->z2, &n->y, &ce, stop))
            return ST_STOPPED;
        double r = reg_term(n);
        n->loss_sum = ce + r;
        n->loss = n->reduce == REDUCE_MEAN ? ce / N + r : n->loss_sum / N;
        return isfinite(n->loss_sum) && isfinite(n->loss) ? 0 : -1;
    }
    case STAGE_DELTA3:
        return delta3_rows(n, r0, nr);
    case STAGE_DW2:
        /* dW2 = a1^T.delta3 (+ reg W2): summed over the rows */
        return weight_gradient(&n->dW2, &n->a1, &n->delta3, &n->W2, n->reg, stop);
    case STAGE_DB2:
        /* db2 = sum over rows of delta3 */
        return layer_sum_rows(&n->db2, &n->delta3, stop);
    case STAGE_DELTA2:
        return delta2_rows(n, r0, nr);
    case STAGE_DW1:
        /* dW1 = x^T.delta2 (+ reg W1) */
        return weight_gradient(&n->dW1, &n->x, &n->delta2, &n->W1, n->reg, stop);
    case STAGE_DB1:
        /* db1 = sum over rows of delta2 */
        return layer_sum_rows(&n->db1, &n->delta2, stop);
    default:
        return 0;
    }
}

/* The stages computed row by row are shared between the pool's threads
 * in bands of rows, one job a stage: each thread its rows' product, bias,
 * activation or gate, and check (a row depends on its own row alone: the
 * bits of one thread). The rough time of a row of each, in nanoseconds
 * on one core (a multiply-add in the blocked product about 0.025, an
 * exp or tanh of the vectorised loops about 1), decides whether a stage
 * is worth sharing (LAYER_SHARED_WORK); 0: not computed row by row. */
static double row_ns(const struct net *n, enum stage st)
{
    double D = n->n_in, H = n->n_hidden, K = n->n_out;
    switch (st) {
    case STAGE_Z1:
        return 0.025 * D * H + 0.3 * H;
    case STAGE_A1:
        return 0.8 * H;
    case STAGE_Z2:
        return 0.03 * H * K + 0.3 * K;
    case STAGE_A2:
        return 2.3 * K;
    case STAGE_DELTA3:
        return K;
    case STAGE_DELTA2:
        return 0.03 * K * H + 1.3 * H;
    default:
        return 0.0;
    }
}

struct stage_job {
    struct net *n;
    enum stage st;
    volatile int rc[POOL_MAX_THREADS];
};

static void stage_part(void *arg, int part, size_t lo, size_t hi)
{
    struct stage_job *j = arg;
    j->rc[part] = run_rows(j->n, j->st, (int)lo, (int)(hi - lo));
}

/* stage st whole (in bands of BAND rows on the threads when it is worth
 * it); 0, -1 when it is not finite, or ST_STOPPED */
static int run_stage(struct net *n, enum stage st)
{
    double work = row_ns(n, st) * n->n_rows;
    if (work == 0.0)
        return run_rows(n, st, 0, n->n_rows);
    struct stage_job j = { n, st, { 0 } };
    return layer_parts_rc(j.rc, layer_share(stage_part, &j, (size_t)n->n_rows, BAND, work));
}

/* the part of a stage's value that a change reaches */
enum reach { REACH_NONE, REACH_ROW, REACH_COL, REACH_ALL };

static tensor *stage_tensor(struct net *n, int st);

/* n->computed[st] += the values of that part of stage st */
static void count(struct net *n, int st, enum reach reach)
{
    const tensor *t = stage_tensor(n, st);
    size_t size = !t ? 1 : reach == REACH_ROW ? (size_t)t->cols : reach == REACH_COL ? (size_t)t->rows
                                                                                     : tensor_size(t);
    n->computed[st] += reach == REACH_NONE ? 0 : size;
}

int net_run_to(struct net *n, enum stage target)
{
    if ((int)target <= n->stage) {
        n->stage = target;
        return 0;
    }
    int from = n->stage;
    for (int st = n->stage + 1; st <= (int)target; st++) {
        int rc = run_stage(n, (enum stage)st);
        if (rc == ST_STOPPED) {
            n->stage = from;        /* the stages past it are "not computed" */
            return ST_STOPPED;
        }
        if (rc < 0)
            return -1;
        n->stage = st;
        count(n, st, REACH_ALL);
    }
    return 0;
}

/* column j of z (N x cols) = in.W[:, j] + b[j]: each entry the sum the
 * whole product takes (over k in order, from 0.0: matmul.h), then the
 * bias; 0, -1 when one is not finite, or ST_STOPPED */
static int column_through(tensor *z, const tensor *in, const tensor *W, const tensor *b, int j, stop_flag *stop)
{
    if (matmul_until(&T_AT(z, 0, j), z->cols, in->data, in->cols, 0, &T_AT(W, 0, j), W->cols, 0, z->rows,
                     in->cols, 1, stop))
        return ST_STOPPED;
    int finite = 1;
    for (int i = 0; i < z->rows; i++) {
        T_AT(z, i, j) += b->data[j];
        finite &= isfinite(T_AT(z, i, j));
    }
    return finite ? 0 : -1;
}

/* column j of stage st (z1, a1 or z2) from the ones before it */
static int run_column(struct net *n, enum stage st, int j)
{
    if (st == STAGE_Z1)
        return column_through(&n->z1, &n->x, &n->W1, &n->b1, j, n->stop);
    if (st == STAGE_Z2)
        return column_through(&n->z2, &n->a1, &n->W2, &n->b2, j, n->stop);
    /* a1 = f(z1), one entry at a time */
    int finite = 1;
    for (int i = 0; i < n->n_rows; i++) {
        act_table[n->act].apply(&T_AT(&n->z1, i, j), &T_AT(&n->a1, i, j), 1);
        finite &= isfinite(T_AT(&n->a1, i, j));
    }
    return finite ? 0 : -1;
}

/* the inputs and parameters, in the order of input_names (below) */
enum { IN_X, IN_Y, IN_W1, IN_B1, IN_W2, IN_B2 };
static int input_of_name(const char *name);

/* reach[st]: the part of stage st that a change of input in reaches
 * (net_rerun's table) */
static void reach_of(int in, enum reach reach[STAGE_COUNT])
{
    for (int st = 0; st < STAGE_COUNT; st++)
        reach[st] = REACH_ALL;
    reach[STAGE_NONE] = REACH_NONE;
    static const int forward[] = { STAGE_Z1, STAGE_A1, STAGE_Z2, STAGE_A2 };
    for (int f = 0; f < 4; f++) {
        int st = forward[f], first_layer = st <= STAGE_A1;
        if (in == IN_X)
            reach[st] = REACH_ROW;
        else if (in == IN_Y)
            reach[st] = REACH_NONE;
        else if (in == IN_W1 || in == IN_B1)
            reach[st] = first_layer ? REACH_COL : REACH_ALL;
        else
            reach[st] = first_layer ? REACH_NONE : st == STAGE_Z2 ? REACH_COL : REACH_ALL;
    }
    /* delta3 and delta2 follow their row: of x (through z1 and a2) or y */
    if (in == IN_X || in == IN_Y)
        reach[STAGE_DELTA3] = reach[STAGE_DELTA2] = REACH_ROW;
}

int net_rerun(struct net *n, const char *name, int row, int col)
{
    int target = n->stage, in = name ? input_of_name(name) : -1;
    if (in == IN_X || in == IN_Y)
        n->batch_id = new_batch_id();
    /* the row (of x or y) or column (of z1 or z2) the change reaches */
    int bad = in == IN_X || in == IN_Y ? row < 0 || row >= n->n_rows
              : col < 0 || col >= (in == IN_W1 || in == IN_B1 ? n->n_hidden : n->n_out);
    if (in < 0 || bad) {
        n->stage = STAGE_NONE;
        return net_run_to(n, (enum stage)target);
    }
    enum reach reach[STAGE_COUNT];
    reach_of(in, reach);
    for (int st = STAGE_Z1; st <= target; st++) {
        int rc = reach[st] == REACH_NONE ? 0
                 : reach[st] == REACH_ROW ? run_rows(n, (enum stage)st, row, 1)
                 : reach[st] == REACH_COL ? run_column(n, (enum stage)st, col)
                                          : run_stage(n, (enum stage)st);
        if (rc == ST_STOPPED) {
            n->stage = STAGE_NONE;  /* some stages are half done */
            return ST_STOPPED;
        }
        if (rc < 0) {
            n->stage = st - 1;
            return -1;
        }
        count(n, st, reach[st]);
    }
    return 0;
}

double net_loss_sum(struct net *n)
{
    n->stage = STAGE_NONE;
    if (net_run_to(n, STAGE_LOSS) != 0)
        return NAN;
    return n->loss_sum;
}

double net_loss(struct net *n)
{
    return isnan(net_loss_sum(n)) ? NAN : n->loss;
}

int net_predict(const struct net *n, const tensor *x, tensor *probs)
{
    if (x->cols != n->n_in)
        return ST_FAILED;
    tensor z1 = TENSOR_INIT, z2 = TENSOR_INIT, p = TENSOR_INIT;
    int rc;
    if ((rc = tensor_init(&z1, x->rows, n->n_hidden)) || (rc = tensor_init(&z2, x->rows, n->n_out)) ||
        (rc = tensor_init(&p, x->rows, n->n_out))) {
        if (rc == ST_NO_MEMORY)
            rc = status_nomem((size_t)x->rows * ((size_t)n->n_hidden + 2 * (size_t)n->n_out) * sizeof(double));
        goto done;
    }
    if ((rc = net_predict_into(n, x, &z1, &z2, &p)) == 0)
        tensor_move(probs, &p);
done:
    tensor_release(&z1);
    tensor_release(&z2);
    tensor_release(&p);
    return rc;
}

int net_predict_into(const struct net *n, const tensor *x, tensor *z1, tensor *z2, tensor *probs)
{
    if (x->cols != n->n_in || z1->rows != x->rows || z1->cols != n->n_hidden || z2->rows != x->rows ||
        z2->cols != n->n_out || probs->rows != x->rows || probs->cols != n->n_out)
        return ST_FAILED;
    /* the staged pass's forward stages, on scratch buffers (a1 over z1) */
    struct forward f = { x, z1, z1, z2, probs };
    for (int st = STAGE_Z1; st <= STAGE_A2; st++) {
        int rc = forward_stage(n, &f, (enum stage)st);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------- */
/* names                                                              */

/* the tensor a stage computes (NULL for none and loss) */
static tensor *stage_tensor(struct net *n, int st)
{
    tensor *of[STAGE_COUNT] = {
        [STAGE_Z1] = &n->z1, [STAGE_A1] = &n->a1, [STAGE_Z2] = &n->z2, [STAGE_A2] = &n->a2,
        [STAGE_DELTA3] = &n->delta3, [STAGE_DW2] = &n->dW2, [STAGE_DB2] = &n->db2,
        [STAGE_DELTA2] = &n->delta2, [STAGE_DW1] = &n->dW1, [STAGE_DB1] = &n->db1,
    };
    return st > STAGE_NONE && st < STAGE_COUNT ? of[st] : NULL;
}

/* the inputs and parameters: there before any stage (IN_X, ... above) */
static const char *const input_names[] = { "x", "y", "W1", "b1", "W2", "b2" };
enum { N_INPUTS = sizeof input_names / sizeof *input_names };

/* the index of an input or parameter in input_names, or -1 */
static int input_of_name(const char *name)
{
    for (int i = 0; i < N_INPUTS; i++)
        if (strcmp(input_names[i], name) == 0)
            return i;
    return -1;
}

tensor *net_tensor(struct net *n, const char *name)
{
    tensor *inputs[N_INPUTS] = { &n->x, &n->y, &n->W1, &n->b1, &n->W2, &n->b2 };
    int i = input_of_name(name);
    return i >= 0 ? inputs[i] : stage_tensor(n, stage_of_name(name));
}

int net_stage_of(const char *name)
{
    return input_of_name(name) >= 0 ? STAGE_NONE : stage_of_name(name);
}
