/* net: the 3-layer network of the lesson, forward and backward by named stage.
 *
 * x (N x D) -> z1, a1 (N x H) -> z2, a2 (N x K) -> loss, then back through
 * delta3, dW2, db2, delta2, dW1, db1: the stages, their shapes and their
 * formulas are the table of stages.h. The gradients are always those of
 * the summed loss  L = sum_n CE_n + reg/2 (|W1|^2 + |W2|^2)  (no 1/N, the
 * classic tutorial's), whatever the reduce mode; the loss shown (loss)
 * depends on the mode (enum reduce below).
 *
 * Ownership: struct net owns every tensor in it. net_init allocates the
 * parameters and a one-row batch; net_set_batch reallocates the per-batch
 * buffers (x, y and the activations) once; the stages never allocate.
 * net_release frees all. */
#ifndef GRADLAB_NET_H
#define GRADLAB_NET_H

#include "tensor.h"
#include "rng.h"
#include "stages.h"
#include "status.h"
#include "stop.h"
#include <signal.h>

#define NET_MAX_UNITS 4096      /* largest D, H or K */
#define NET_MAX_ROWS  1000000   /* largest batch N (also bounded by TENSOR_MAX_ELEMS) */

/* Which loss training descends and `loss` shows, with CE_n the cross-
 * entropy of row n and R = reg/2 (|W1|^2 + |W2|^2) (biases not
 * regularised):
 *   REDUCE_SUM   the classic tutorial: descend  sum_n CE_n + R  (gradient
 *                X^T delta + reg W), show it divided by N:  (sum_n CE_n + R) / N
 *   REDUCE_MEAN  cs231n and PyTorch: descend and show  (1/N) sum_n CE_n + R
 *                (gradient X^T delta / N + reg W: the L2 part is not divided) */
enum reduce { REDUCE_SUM, REDUCE_MEAN, REDUCE_COUNT };
/* "sum", "mean" */
extern const char *const reduce_names[REDUCE_COUNT];

struct net {
    int n_in, n_hidden, n_out;  /* D, H, K */
    int n_rows;                 /* N, rows of the batch x */
    enum act act;
    double reg;                 /* L2 strength in loss and dW (0: none) */
    enum reduce reduce;         /* the loss training descends and loss shows */
    int stage;                  /* last stage computed (STAGE_NONE: nothing) */

    tensor W1, b1;              /* (D, H), (1, H) */
    tensor W2, b2;              /* (H, K), (1, K) */
    tensor x, y;                /* (N, D) inputs, (N, K) targets (rows that
                                 * sum to 1: net_targets_bad_row) */

    tensor z1, a1;              /* (N, H) */
    tensor z2, a2;              /* (N, K) */
    double loss_sum;            /* set by STAGE_LOSS: sum_n CE_n + R, whose gradients are shown */
    double loss;                /* set by STAGE_LOSS: the loss of the reduce mode (see above) */
    tensor delta3;              /* (N, K) */
    tensor dW2, db2;            /* (H, K), (1, K) */
    tensor delta2;              /* (N, H) */
    tensor dW1, db1;            /* (D, H), (1, H) */

    /* a number no other batch had, new with every change of x or y
     * through net_init, net_set_batch or net_set_targets (a trainer holds
     * a copy of the batch and compares it) */
    unsigned long batch_id;

    /* the stop flag (stop.h) that the long work on this net polls: the
     * stages, net_set_batch, net_predict and the trainer (NULL: never stop) */
    stop_flag *stop;

    /* the values each stage has computed since net_init (entries of its
     * matrix, 1 for loss): what tests read to see which stages, and how
     * much of each, a change computed again (net_rerun) */
    unsigned long long computed[STAGE_COUNT];
};

/* A network with W1 = randn(D, H)/sqrt(D), W2 = randn(H, K)/sqrt(H) drawn
 * in that order from r (as the classic tutorial after np.random.seed),
 * zero biases, reg 0, reduce=sum, and a batch of one zero input with
 * label 0. Returns 0, or -1 for sizes outside 1..NET_MAX_UNITS or no
 * memory (n left empty and releasable). */
int net_init(struct net *n, int D, int H, int K, enum act act, struct rng *r);
/* The same with W1 = scale randn(D, H), W2 = scale randn(H, K) (cs231n's
 * 0.01 * np.random.randn) when scale > 0; scale 0 is net_init's. */
int net_init_scaled(struct net *n, int D, int H, int K, enum act act, struct rng *r, double scale);
/* net_init_scaled polling stop while it draws the weights: ST_STOPPED (n
 * left empty) when it was raised, ST_TOO_BIG or ST_NO_MEMORY (status.h),
 * -1 for bad sizes; on success n->stop = stop. r NULL: no draws, every
 * weight 0 (a net whose parameters the caller copies in) */
int net_init_until(struct net *n, int D, int H, int K, enum act act, struct rng *r, double scale,
                   stop_flag *stop);
void net_release(struct net *n);

/* Replace the batch: x (N x D) and y (N x K). Copies both; resets the stage
 * to none. 0, or (n unchanged) -1 on a shape mismatch, ST_TOO_BIG (N over
 * NET_MAX_ROWS or N x H, N x K over TENSOR_MAX_ELEMS), ST_NO_MEMORY, or
 * ST_STOPPED. */
int net_set_batch(struct net *n, const tensor *x, const tensor *y);
/* the bytes of a batch of N rows for a D-H-K net (x, y and the stages) */
size_t net_batch_bytes(int N, int D, int H, int K);

/* d (N x K) = a2 - y, the delta3 stage. Where a target is 1 (a one-hot
 * row), a2 - 1 is computed as minus the sum of the other classes'
 * probabilities, the same number as a2 sums to 1: a2 - 1 itself would
 * lose every digit when the network is confident (a2 near 1). */
void net_delta3(tensor *d, const tensor *a2, const tensor *y);

/* Compute the stages after n->stage up to target (inclusive). A target
 * at or below the current stage only moves the stage back: values past
 * it are then treated as not computed. Returns 0, or -1 when a stage gave
 * a non-finite value (overflow from huge weights): the stage is then left
 * at the last one that was finite; or ST_STOPPED when n->stop was raised:
 * the stage is then the one it was at (the values up to it untouched). */
int net_run_to(struct net *n, enum stage target);

/* After one entry of an input or a parameter was changed in place (name
 * "x", "W1", "b1", "W2" or "b2" and its [row][col], a bias's row 0; or
 * "y" and a row of targets), the stages up to n->stage computed again to
 * the very bits net_run_to gives from none, but only the part of each
 * that the entry reaches (a window's drag, at every frame):
 *   x[r][i]      z1, a1, z2, a2 and delta2: row r only
 *   W1[i][j], b1[j]   z1, a1: column j only
 *   W2[i][k], b2[k]   z1, a1: nothing; z2: column k only
 *   y[r]         z1 to a2: nothing; delta3 and delta2: row r only
 * and the rest whole (loss, dW2, db2, dW1 and db1 sum over every row;
 * past a column, every entry of a row depends on the whole row). Each
 * entry is computed as the whole stage computes it (the same product,
 * the same order of terms), so which part is computed changes no bit.
 * A change of x or y is a new batch (batch_id). name NULL, or another
 * name, computes every stage again. Returns what net_run_to returns (the
 * stage is none after ST_STOPPED). */
int net_rerun(struct net *n, const char *name, int row, int col);

/* the loss summed over rows (+ reg/2 (|W1|^2 + |W2|^2)) of a fresh forward
 * pass; leaves the stage at STAGE_LOSS at least; NaN when a value is not
 * finite, or when n->stop was raised (the stage is then none) */
double net_loss_sum(struct net *n);
/* the loss of n's reduce mode (n->loss) of a fresh forward pass; leaves
 * the stage at STAGE_LOSS */
double net_loss(struct net *n);

/* An entry passes the gradient check when |analytic - numeric| is at most
 * GRADCHECK_TOL max(|analytic|, |numeric|) (room for the step's truncation
 * error) plus the entry's rounding bound (gradcheck.c). */
#define GRADCHECK_TOL 1e-5

/* per-parameter result of a gradient check */
struct gradcheck_row {
    const char *name;       /* "W1", "b1", "W2", "b2" */
    double max_abs_err;     /* max |analytic - numeric| */
    double max_rel_err;     /* max |a - n| / max(|a|, |n|, 1e-7) */
    double max_abs_grad;    /* max |numeric|: guards against an all-zero check */
    double worst_ratio;     /* max |a - n| / what the entry may be off by (> 1: fails) */
    int worst_i, worst_j;   /* where that is */
    double noise;           /* the rounding bound of the central difference there */
    int checked, fails;     /* entries checked, and failed */
    /* failed entries whose step crossed relu's kink at z1 = 0 (W1, b1),
     * the first of them, the row n of z1[n][j] that crossed, and whether
     * z1[n][j] is exactly 0 (where the loss is not differentiable) */
    int kink_fails, kink_i, kink_j, kink_row, kink_on;
};

/* Check dW1, db1, dW2, db2 (of the summed loss) against central differences
 * with step h, each entry against GRADCHECK_TOL and its rounding bound.
 * rows[4] receives W1, b1, W2, b2 in that order. stop, when not NULL, is
 * polled every few rows of each moved loss: when it becomes nonzero the
 * check ends early and returns 1. progress, when not NULL, is called with
 * the fraction done. Returns 0 when complete, -1 when the backward pass
 * overflows, ST_NO_MEMORY. The net's stage is kept as it was (its
 * backward pass is computed from there, with n->stop). */
int net_gradcheck(struct net *n, double h, struct gradcheck_row rows[4],
                  volatile const sig_atomic_t *stop,
                  void (*progress)(double frac, void *ud), void *ud);

/* How far a row of targets may sum from 1 (the rounding of a typed or
 * computed distribution over up to 4096 classes stays far below it). */
#define NET_TARGET_TOL 1e-9

/* Every row of targets y must be a probability distribution (one-hot, or
 * soft): entries finite and >= 0, summing to 1 within NET_TARGET_TOL.
 * delta3 = a2 - y is the gradient of the cross-entropy only then (in
 * general it is a2 (sum_k y_k) - y). Returns the first row that is not,
 * with its sum in *sum, or -1 when all are. */
int net_targets_bad_row(const tensor *y, double *sum);

/* Replace the targets y (N x K, same shape); resets the stage to none.
 * 0, or -1 on a shape mismatch / no memory (n unchanged). */
int net_set_targets(struct net *n, const tensor *y);

/* probs (N x K) = the forward pass of the net on inputs x (N x D), without
 * touching the net's batch or stage. Allocates probs; 0, or -1 (shape, or
 * a non-finite value), ST_TOO_BIG (N x H or N x K over TENSOR_MAX_ELEMS),
 * ST_NO_MEMORY, ST_STOPPED (n->stop). */
int net_predict(const struct net *n, const tensor *x, tensor *probs);
/* net_predict into the caller's buffers, which must have their shapes: z1
 * (N, H) and z2 (N, K) scratch, probs (N, K); the same bits, and nothing
 * allocated (a window's frame over and over) */
int net_predict_into(const struct net *n, const tensor *x, tensor *z1, tensor *z2, tensor *probs);

/* the variant of the stage formulas (stages.h) for n: FORMULA_REG when
 * reg > 0, FORMULA_MEAN when reduce=mean */
static inline int net_formula_variant(const struct net *n)
{
    return (n->reg != 0.0 ? FORMULA_REG : 0) | (n->reduce == REDUCE_MEAN ? FORMULA_MEAN : 0);
}

/* dW += reg W, the gradient of the L2 term reg/2 |W|^2 (nothing when reg
 * is 0). Inline, so that each pass compiles it with its own options (the
 * trainer's vectorised copies); never fused into one rounding. */
static inline void net_add_reg(tensor *dW, const tensor *W, double reg)
{
    if (reg == 0.0)
        return;
    for (size_t i = 0; i < (size_t)dW->rows * (size_t)dW->cols; i++)
        dW->data[i] += reg * W->data[i];
}

/* the tensor of a stage/parameter by name ("W1", "z1", "delta3", ...), or
 * NULL; loss is not a tensor (see net_stage_of) */
tensor *net_tensor(struct net *n, const char *name);
/* the stage that computes the value called name, or STAGE_NONE for
 * parameters and inputs (always available), or -1 when not a net name */
int net_stage_of(const char *name);

#endif
