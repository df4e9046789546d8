/* net: the 3-layer network, forward and backward one named stage at a
 * time, and the prediction (the gradient check is gradcheck.c). See net.h
 * for the formulas and the shapes. */
#include "net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static int batch_init(struct batch *b, int N, int D, int H, int K)
{
    memset(b, 0, sizeof *b);
    if (N < 1 || N > NET_MAX_ROWS)
        return -1;
    if (tensor_init(&b->x, N, D) || tensor_init(&b->y, N, K) ||
        tensor_init(&b->z1, N, H) || tensor_init(&b->a1, N, H) ||
        tensor_init(&b->z2, N, K) || tensor_init(&b->a2, N, K) ||
        tensor_init(&b->delta3, N, K) || tensor_init(&b->delta2, N, H)) {
        batch_release(b);
        return -1;
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

/* a number that no batch had before (in this run of the program) */
static unsigned long new_batch_id(void)
{
    static unsigned long last;
    return ++last;
}

const char *const reduce_names[REDUCE_COUNT] = { "sum", "mean" };

int net_init(struct net *n, int D, int H, int K, enum act act, struct rng *r)
{
    return net_init_scaled(n, D, H, K, act, r, 0.0);
}

int net_init_scaled(struct net *n, int D, int H, int K, enum act act, struct rng *r, double scale)
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
    if (tensor_init(&n->W1, D, H) || tensor_init(&n->b1, 1, H) ||
        tensor_init(&n->W2, H, K) || tensor_init(&n->b2, 1, K) ||
        tensor_init(&n->dW1, D, H) || tensor_init(&n->db1, 1, H) ||
        tensor_init(&n->dW2, H, K) || tensor_init(&n->db2, 1, K) ||
        batch_init(&b, 1, D, H, K)) {
        net_release(n);
        return -1;
    }
    batch_swap(n, &b);
    batch_release(&b);
    T_AT(&n->y, 0, 0) = 1.0;        /* one example of class 0 */
    n->batch_id = new_batch_id();

    /* W1 = randn(D, H) / sqrt(D), W2 = randn(H, K) / sqrt(H): row-major
     * draws in this order, divided (not multiplied by 1/sqrt), exactly as
     * numpy evaluates the classic tutorial's initialisation; with a scale,
     * W = scale * randn, as cs231n's 0.01 * np.random.randn(D, h) */
    if (scale > 0) {
        for (size_t i = 0; i < tensor_size(&n->W1); i++)
            n->W1.data[i] = scale * rng_gauss(r);
        for (size_t i = 0; i < tensor_size(&n->W2); i++)
            n->W2.data[i] = scale * rng_gauss(r);
        return 0;
    }
    double sd = sqrt((double)D), sh = sqrt((double)H);
    for (size_t i = 0; i < tensor_size(&n->W1); i++)
        n->W1.data[i] = rng_gauss(r) / sd;
    for (size_t i = 0; i < tensor_size(&n->W2); i++)
        n->W2.data[i] = rng_gauss(r) / sh;
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
        return -1;
    struct batch b;
    if (batch_init(&b, x->rows, n->n_in, n->n_hidden, n->n_out))
        return -1;
    memcpy(b.x.data, x->data, tensor_size(x) * sizeof *x->data);
    memcpy(b.y.data, y->data, tensor_size(y) * sizeof *y->data);
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

/* a2 = softmax of each row of z2 (finite, checked by STAGE_Z2): subtract
 * the row's max for stability, exp of the whole matrix in one vectorised
 * call, then divide each row by its sum */
static int softmax_rows(const tensor *z2, tensor *a2)
{
    int K = z2->cols;
    for (int i = 0; i < z2->rows; i++) {
        const double *z = &T_AT(z2, i, 0);
        double *a = &T_AT(a2, i, 0);
        double m = z[0];
        for (int k = 1; k < K; k++)
            m = z[k] > m ? z[k] : m;
        for (int k = 0; k < K; k++)
            a[k] = z[k] - m;
    }
    vec_exp(a2->data, a2->data, tensor_size(a2));
    for (int i = 0; i < z2->rows; i++) {
        double *a = &T_AT(a2, i, 0);
        double sum = 0.0;
        for (int k = 0; k < K; k++)
            sum += a[k];
        for (int k = 0; k < K; k++)
            a[k] /= sum;
    }
    return 0;
}

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

/* the summed cross-entropy of the rows of logits z (N x K) against y */
static double ce_sum(const tensor *z, const tensor *y)
{
    double sum = 0.0;
    for (int i = 0; i < z->rows; i++)
        sum += cross_entropy(&T_AT(z, i, 0), &T_AT(y, i, 0), z->cols);
    return sum;
}

/* The buffers of a forward pass: the net's own (the staged pass), or
 * scratch ones (net_predict, where a1 may share z1's buffer). */
struct forward {
    const tensor *x;        /* (N, D) */
    tensor *z1, *a1;        /* (N, H) */
    tensor *z2, *a2;        /* (N, K) */
};

/* compute forward stage st (z1 to a2) of n's parameters into the buffers
 * of f; 0, or -1 when it is not finite */
static int forward_stage(const struct net *n, const struct forward *f, enum stage st)
{
    switch (st) {
    case STAGE_Z1:
        /* z1 = x.W1 + b1: each row of x through the first layer */
        tensor_matmul(f->z1, f->x, 0, &n->W1, 0);
        tensor_add_row(f->z1, &n->b1);
        return tensor_all_finite(f->z1) ? 0 : -1;
    case STAGE_A1:
        /* a1 = f(z1), elementwise */
        act_table[n->act].apply(f->z1->data, f->a1->data, tensor_size(f->z1));
        return tensor_all_finite(f->a1) ? 0 : -1;
    case STAGE_Z2:
        /* z2 = a1.W2 + b2: the logits */
        tensor_matmul(f->z2, f->a1, 0, &n->W2, 0);
        tensor_add_row(f->z2, &n->b2);
        return tensor_all_finite(f->z2) ? 0 : -1;
    case STAGE_A2:
        return softmax_rows(f->z2, f->a2);
    default:
        return 0;
    }
}

/* compute one stage from the ones before it; 0, or -1 when it is not finite */
static int run_stage(struct net *n, enum stage st)
{
    int N = n->n_rows;
    switch (st) {
    case STAGE_Z1:
    case STAGE_A1:
    case STAGE_Z2:
    case STAGE_A2:
        return forward_stage(n, &(struct forward){ &n->x, &n->z1, &n->a1, &n->z2, &n->a2 }, st);
    case STAGE_LOSS: {
        /* the cross-entropy -sum y log a2 over all rows (through
         * log-softmax of z2, so a probability that underflows to 0 still
         * has a finite log); the summed loss adds the L2 term whole, and
         * the loss shown is the reduce mode's (net.h) */
        double ce = ce_sum(&n->z2, &n->y), r = reg_term(n);
        n->loss_sum = ce + r;
        n->loss = n->reduce == REDUCE_MEAN ? ce / N + r : n->loss_sum / N;
        return isfinite(n->loss_sum) && isfinite(n->loss) ? 0 : -1;
    }
    case STAGE_DELTA3:
        /* delta3 = dL/dz2 = a2 - y: softmax and cross-entropy together
         * (J^T (-y / s) collapses to s - y) */
        net_delta3(&n->delta3, &n->a2, &n->y);
        return 0;
    case STAGE_DW2:
        /* dW2 = a1^T.delta3 (+ reg W2): summed over the rows */
        tensor_matmul(&n->dW2, &n->a1, 1, &n->delta3, 0);
        net_add_reg(&n->dW2, &n->W2, n->reg);
        return tensor_all_finite(&n->dW2) ? 0 : -1;
    case STAGE_DB2:
        /* db2 = sum over rows of delta3 */
        tensor_sum_rows(&n->db2, &n->delta3);
        return 0;
    case STAGE_DELTA2:
        /* delta2 = delta3.W2^T (.) f'(z1); for tanh f' = 1 - a1^2 */
        tensor_matmul(&n->delta2, &n->delta3, 0, &n->W2, 1);
        act_gate(n->act, n->delta2.data, n->z1.data, tensor_size(&n->delta2));
        return tensor_all_finite(&n->delta2) ? 0 : -1;
    case STAGE_DW1:
        /* dW1 = x^T.delta2 (+ reg W1) */
        tensor_matmul(&n->dW1, &n->x, 1, &n->delta2, 0);
        net_add_reg(&n->dW1, &n->W1, n->reg);
        return tensor_all_finite(&n->dW1) ? 0 : -1;
    case STAGE_DB1:
        /* db1 = sum over rows of delta2 */
        tensor_sum_rows(&n->db1, &n->delta2);
        return 0;
    default:
        return 0;
    }
}

int net_run_to(struct net *n, enum stage target)
{
    if ((int)target <= n->stage) {
        n->stage = target;
        return 0;
    }
    for (int st = n->stage + 1; st <= (int)target; st++) {
        if (run_stage(n, (enum stage)st) < 0)
            return -1;
        n->stage = st;
    }
    return 0;
}

double net_loss_sum(struct net *n)
{
    n->stage = STAGE_NONE;
    if (net_run_to(n, STAGE_LOSS) < 0)
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
        return -1;
    tensor z1 = TENSOR_INIT, z2 = TENSOR_INIT, p = TENSOR_INIT;
    int rc = -1;
    if (tensor_init(&z1, x->rows, n->n_hidden) || tensor_init(&z2, x->rows, n->n_out) ||
        tensor_init(&p, x->rows, n->n_out))
        goto done;
    /* the staged pass's forward stages, on scratch buffers (a1 over z1) */
    struct forward f = { x, &z1, &z1, &z2, &p };
    for (int st = STAGE_Z1; st <= STAGE_A2; st++)
        if (forward_stage(n, &f, (enum stage)st) < 0)
            goto done;
    tensor_move(probs, &p);
    rc = 0;
done:
    tensor_release(&z1);
    tensor_release(&z2);
    tensor_release(&p);
    return rc;
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

/* the inputs and parameters: there before any stage */
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
