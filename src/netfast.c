/* netfast: the training pass of the network, laid out for speed.
 *
 * The staged pass (net.c) works on row-major (N x H) matrices, the layout a
 * student reads; with the lessons' tiny layers (2-3-2) its inner loops are
 * two or three long and the time goes to loop overhead. Training instead
 * keeps the batch column-major, one row of N values per unit (x^T, a1^T,
 * a2^T), so that every inner loop runs over the N examples: long,
 * contiguous, and vectorised by the compiler. The maths is the same; sums
 * over the examples are taken in four interleaved partial sums, so the last
 * bits can differ from the staged pass (the tests allow 1e-12 relative).
 * No allocation: the buffers come from net_train_prepare. */
#include "netfast.h"

#include <math.h>

#include "vmath.h"

#pragma GCC optimize("O3", "tree-vectorize", "no-trapping-math", "fp-contract=fast")

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define FAST_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define FAST_CLONES
#endif

/* sum_n a[n] b[n] in four interleaved partial sums (a fixed order, so the
 * result does not depend on the instruction set) */
static inline double dot(const double *a, const double *b, int N)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int n = 0;
    for (; n + 4 <= N; n += 4) {
        s0 += a[n] * b[n];
        s1 += a[n + 1] * b[n + 1];
        s2 += a[n + 2] * b[n + 2];
        s3 += a[n + 3] * b[n + 3];
    }
    for (; n < N; n++)
        s0 += a[n] * b[n];
    return (s0 + s1) + (s2 + s3);
}

static inline double sum(const double *a, int N)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int n = 0;
    for (; n + 4 <= N; n += 4) {
        s0 += a[n];
        s1 += a[n + 1];
        s2 += a[n + 2];
        s3 += a[n + 3];
    }
    for (; n < N; n++)
        s0 += a[n];
    return (s0 + s1) + (s2 + s3);
}

FAST_CLONES
void netfast_gradients(struct net *net)
{
    int N = net->n_rows, D = net->n_in, H = net->n_hidden, K = net->n_out;
    double *xT = net->xT.data, *yT = net->yT.data;     /* (D, N), (K, N) */
    double *aT = net->hT.data, *sT = net->kT.data;     /* (H, N), (K, N) */

    /* z1^T[j] = sum_d W1[d][j] x^T[d] + b1[j]; then a1^T = act(z1^T) */
    for (int j = 0; j < H; j++) {
        double *a = aT + (size_t)j * N;
        for (int n = 0; n < N; n++)
            a[n] = 0.0;
        for (int d = 0; d < D; d++) {
            double w = T_AT(&net->W1, d, j);
            const double *x = xT + (size_t)d * N;
            for (int n = 0; n < N; n++)
                a[n] += w * x[n];
        }
        double b = net->b1.data[j];
        for (int n = 0; n < N; n++)
            a[n] += b;
    }
    if (net->act == ACT_TANH) {
        vec_tanh(aT, aT, (size_t)H * N);
    } else if (net->act == ACT_SIGMOID) {
        for (size_t i = 0; i < (size_t)H * N; i++)
            aT[i] = -aT[i];
        vec_exp(aT, aT, (size_t)H * N);
        for (size_t i = 0; i < (size_t)H * N; i++)
            aT[i] = 1.0 / (1.0 + aT[i]);
    } else {
        for (size_t i = 0; i < (size_t)H * N; i++)
            aT[i] = aT[i] > 0.0 ? aT[i] : 0.0;
    }

    /* z2^T[k] = sum_j W2[j][k] a1^T[j] + b2[k] */
    for (int k = 0; k < K; k++) {
        double *s = sT + (size_t)k * N;
        for (int n = 0; n < N; n++)
            s[n] = 0.0;
        for (int j = 0; j < H; j++) {
            double w = T_AT(&net->W2, j, k);
            const double *a = aT + (size_t)j * N;
            for (int n = 0; n < N; n++)
                s[n] += w * a[n];
        }
        double b = net->b2.data[k];
        for (int n = 0; n < N; n++)
            s[n] += b;
    }
    /* a2 = softmax over k for each example: subtract the max, exp, divide
     * by the sum; the delta2 buffer holds the max and then the sum */
    double *m = net->gT.data;                          /* (1, N) scratch */
    for (int n = 0; n < N; n++)
        m[n] = sT[n];
    for (int k = 1; k < K; k++) {
        const double *s = sT + (size_t)k * N;
        for (int n = 0; n < N; n++)
            m[n] = s[n] > m[n] ? s[n] : m[n];
    }
    for (int k = 0; k < K; k++) {
        double *s = sT + (size_t)k * N;
        for (int n = 0; n < N; n++)
            s[n] -= m[n];
    }
    vec_exp(sT, sT, (size_t)K * N);
    for (int n = 0; n < N; n++)
        m[n] = sT[n];
    for (int k = 1; k < K; k++) {
        const double *s = sT + (size_t)k * N;
        for (int n = 0; n < N; n++)
            m[n] += s[n];
    }
    /* delta3^T = a2^T - y^T, in place */
    for (int k = 0; k < K; k++) {
        double *s = sT + (size_t)k * N;
        const double *y = yT + (size_t)k * N;
        for (int n = 0; n < N; n++)
            s[n] = s[n] / m[n] - y[n];
    }

    /* dW2[j][k] = sum_n a1[n][j] delta3[n][k] (+ reg W2); db2[k] = sum_n delta3[n][k] */
    for (int j = 0; j < H; j++)
        for (int k = 0; k < K; k++)
            T_AT(&net->dW2, j, k) = dot(aT + (size_t)j * N, sT + (size_t)k * N, N) + net->reg * T_AT(&net->W2, j, k);
    for (int k = 0; k < K; k++)
        net->db2.data[k] = sum(sT + (size_t)k * N, N);

    /* delta2^T[j] = (sum_k W2[j][k] delta3^T[k]) (.) act'(z1), in place over a1^T */
    for (int j = 0; j < H; j++) {
        double *a = aT + (size_t)j * N, *g = m;
        for (int n = 0; n < N; n++)
            g[n] = 0.0;
        for (int k = 0; k < K; k++) {
            double w = T_AT(&net->W2, j, k);
            const double *s = sT + (size_t)k * N;
            for (int n = 0; n < N; n++)
                g[n] += w * s[n];
        }
        if (net->act == ACT_TANH)
            for (int n = 0; n < N; n++)
                a[n] = g[n] * (1.0 - a[n] * a[n]);
        else if (net->act == ACT_SIGMOID)
            for (int n = 0; n < N; n++)
                a[n] = g[n] * (a[n] * (1.0 - a[n]));
        else
            for (int n = 0; n < N; n++)
                a[n] = a[n] > 0.0 ? g[n] : 0.0;
    }
    /* dW1[d][j] = sum_n x[n][d] delta2[n][j] (+ reg W1); db1[j] = sum_n delta2[n][j] */
    for (int d = 0; d < D; d++)
        for (int j = 0; j < H; j++)
            T_AT(&net->dW1, d, j) = dot(xT + (size_t)d * N, aT + (size_t)j * N, N) + net->reg * T_AT(&net->W1, d, j);
    for (int j = 0; j < H; j++)
        net->db1.data[j] = sum(aT + (size_t)j * N, N);
}
