/* trainer: full-batch gradient descent on a net, laid out for speed.
 *
 * The trainer computes the same maths as the staged pass of net.c (z1, a1,
 * z2, a2, delta3, then the gradients dW2, db2, delta2, dW1, db1 of the
 * summed loss, with the same f, f' and L2 term from stages.h and net.h),
 * but keeps the batch column-major, one row of N values per unit, so that
 * every inner loop runs over the examples and vectorises. Its sums over
 * the examples are taken in 16 interleaved partial sums, so its gradients
 * are not the staged pass's bits: they agree with them to 1e-12 relative,
 * on many shapes, every activation and reg (tests/unit/test_net.c,
 * test_trainer_matches_staged). Its own bits are the same in every copy
 * (plain, AVX2, AVX-512), with gcc and clang (no multiply and add fused,
 * the same order of operations: tests/bits); the transcripts, the numpy
 * training runs (tests/train) and the 256-bit reference (tests/ref) pin
 * them.
 *
 * Ownership: the trainer owns its scratch (the transposed batch and the
 * per-unit rows). trainer_init leaves it empty; trainer_prepare, called by
 * trainer_step when the net's batch is not the one it holds, allocates
 * it; the steps after that never allocate. trainer_release frees it. One
 * trainer may serve several nets one after the other. */
#ifndef GRADLAB_TRAINER_H
#define GRADLAB_TRAINER_H

#include "net.h"

/* The trainer's two ways through a pass, which give the same bits:
 * narrow (loops over the examples, a unit at a time: the tiny layers of
 * the lessons) and wide (the layers' products through the blocked matrix
 * kernels: layers of tens of units and more). AUTO picks by the shape; the
 * others are for the tests and benchmarks. */
enum { TRAINER_AUTO, TRAINER_NARROW, TRAINER_WIDE };

struct trainer {
    tensor xT, yT;          /* (D, N) x^T, (K, N) y^T: the batch, column-major */
    tensor zT, hT;          /* (H, N) z1^T and a1^T: a unit of the hidden layer a row */
    tensor kT, gT;          /* (K, N) a class a row, (2, N) */
    tensor lanes;           /* the wide way's partial sums of a band of dW, for each thread */
    int band;               /* the rows of dW in such a band */
    unsigned long batch;    /* the batch_id of the batch they hold (0: none) */
    int way;                /* TRAINER_AUTO (set by trainer_init) or one forced */
    int wide;               /* set by trainer_prepare: the way taken */
};

void trainer_init(struct trainer *t);
void trainer_release(struct trainer *t);

/* Size the scratch for n's batch and transpose it in. 0, or ST_NO_MEMORY,
 * ST_TOO_BIG (the trainer is then empty) or ST_STOPPED (n->stop: the
 * trainer then holds no batch). */
int trainer_prepare(struct trainer *t, const struct net *n);

/* dW1, db1, dW2, db2 into n's gradients, from the prepared batch: the data
 * part of each (the sum over the examples) times scale, plus the L2 part
 * reg W whole. scale 1 gives the gradients of the summed loss
 * sum_n CE_n + reg/2 (|W1|^2 + |W2|^2), the staged pass's; scale 1/N those
 * of the mean loss (1/N) sum_n CE_n + reg/2 (|W1|^2 + |W2|^2). The net's
 * stage is not changed. 0, or ST_STOPPED when n->stop was raised (polled
 * every unit of a layer: the gradients then mean nothing). */
int trainer_gradients(struct trainer *t, struct net *n, double scale);

/* the scale of n's reduce mode: 1 for REDUCE_SUM, 1/N for REDUCE_MEAN */
double trainer_scale(const struct net *n);

/* One pass of full-batch gradient descent, the classic tutorial's loop
 * body: forward to a2, backward to db1 (no loss), the gradients of
 * trainer_gradients with this scale, then every parameter P -= lr * dP.
 * scale = 1 descends the summed loss (the tutorial), 1/N the mean loss
 * (cs231n, PyTorch: the L2 term is then not divided by N; trainer_scale
 * gives the scale of the net's reduce mode). Prepares first when n's batch
 * changed. The stage is left at none. 0, or -1 when a gradient is not
 * finite, ST_NO_MEMORY, ST_TOO_BIG or ST_STOPPED (n->stop): the
 * parameters are then left as they were. */
int trainer_step(struct trainer *t, struct net *n, double lr, double scale);

/* 1 when the losses of a run's last four passes, in order, alternate
 * between two values: each step goes the other way from the one before,
 * and each loss equals the one two passes before it to within 1% of a
 * step (a 2-cycle, gradient descent jumping across a valley and back);
 * 0 when they settle, fall or wander */
int trainer_two_cycle(const double last[4]);

#endif
