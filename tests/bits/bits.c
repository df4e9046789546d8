/* bits: the outputs that must be the same bits on every machine, whatever
 * the copy of a kernel that runs, the compiler or the optimisation.
 * tests/bits/run-bits.sh builds this with gcc and clang, at -O0 and -O2,
 * for the plain x86-64 and for x86-64-v3 and -v4 without the run-time
 * copies, and with them (the processor's best), and compares what each
 * prints. One line per output: its name, a 64-bit FNV-1a hash of the
 * doubles' bytes, their count, and a number to read.
 *   tutorial   the classic tutorial's run: moons 200 (noise 0.2, seed 0),
 *              2-3-2 tanh from seed 0, 20000 passes of lr 0.01, reg 0.01:
 *              W1, b1, W2, b2 and the loss
 *   mlp        a 784-128-10 net on a batch of 256: every stage of the
 *              staged pass, forward and backward, and the training pass's
 *              gradients; run with every kernel of the matrix product the
 *              processor has, which must agree here (exit 1 if not)
 *   vmath      exp, tanh, the sigmoid, relu and the gates over a grid of
 *              [-760, 760] with the edges and NaN, inf
 *   act        the mlp's pass again with sigmoid and relu */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "matmul.h"
#include "net.h"
#include "trainer.h"
#include "vmath.h"

static uint64_t fnv(uint64_t h, const double *x, size_t n)
{
    const unsigned char *p = (const unsigned char *)x;
    for (size_t i = 0; i < n * sizeof *x; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define FNV0 14695981039346656037ULL

static uint64_t hash_tensors(tensor *const t[], int n, size_t *count)
{
    uint64_t h = FNV0;
    *count = 0;
    for (int i = 0; i < n; i++) {
        h = fnv(h, t[i]->data, tensor_size(t[i]));
        *count += tensor_size(t[i]);
    }
    return h;
}

static void tutorial(void)
{
    struct rng r;
    struct dataset d;
    memset(&d, 0, sizeof d);
    rng_seed(&r, 0);
    if (data_moons(&d, 200, 0.2, &r) < 0)
        exit(2);
    rng_seed(&r, 0);
    struct net n;
    tensor y = TENSOR_INIT;
    if (net_init(&n, 2, 3, 2, ACT_TANH, &r) < 0 || tensor_init(&y, 200, 2) < 0)
        exit(2);
    for (int i = 0; i < 200; i++)
        T_AT(&y, i, d.labels[i]) = 1.0;
    net_set_batch(&n, &d.X, &y);
    n.reg = 0.01;
    struct trainer tr;
    trainer_init(&tr);
    for (int i = 0; i < 20000; i++)
        if (trainer_step(&tr, &n, 0.01, 1.0) < 0)
            exit(2);
    trainer_release(&tr);
    double loss = net_loss_sum(&n) / 200;
    tensor L = { 1, 1, &loss };
    tensor *t[] = { &n.W1, &n.b1, &n.W2, &n.b2, &L };
    size_t count;
    uint64_t h = hash_tensors(t, 5, &count);
    printf("tutorial %016llx %zu loss %.17g\n", (unsigned long long)h, count, loss);
    net_release(&n);
    tensor_release(&y);
    dataset_release(&d);
}

/* a D-H-K net with random weights, biases, a batch of N random inputs
 * and one-hot targets, from seed */
static void random_net(struct net *n, int D, int H, int K, int N, enum act act, uint32_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    if (net_init(n, D, H, K, act, &r) < 0 || tensor_init(&x, N, D) < 0 || tensor_init(&y, N, K) < 0)
        exit(2);
    for (size_t i = 0; i < tensor_size(&x); i++)
        x.data[i] = rng_gauss(&r);
    for (int i = 0; i < N; i++)
        T_AT(&y, i, (int)(rng_u32(&r) % (uint32_t)K)) = 1.0;
    for (int j = 0; j < H; j++)
        n->b1.data[j] = 0.1 * rng_gauss(&r);
    for (int k = 0; k < K; k++)
        n->b2.data[k] = 0.1 * rng_gauss(&r);
    n->reg = 0.001;
    net_set_batch(n, &x, &y);
    tensor_release(&x);
    tensor_release(&y);
}

/* the staged pass to db1 and the trainer's gradients; the hash of all */
static uint64_t mlp_pass(struct net *n, size_t *count, double *loss)
{
    n->stage = STAGE_NONE;
    if (net_run_to(n, STAGE_DB1) < 0)
        exit(2);
    *loss = n->loss_sum;
    tensor L = { 1, 1, loss };
    tensor staged[11] = { n->z1, n->a1, n->z2, n->a2, L, n->delta3, n->dW2, n->db2, n->delta2, n->dW1, n->db1 };
    tensor *all[15];
    tensor copies[11];
    for (int i = 0; i < 11; i++) {
        copies[i] = (tensor)TENSOR_INIT;
        if (tensor_copy(&copies[i], &staged[i]) < 0)
            exit(2);
        all[i] = &copies[i];
    }
    struct trainer tr;
    trainer_init(&tr);
    if (trainer_prepare(&tr, n) < 0)
        exit(2);
    trainer_gradients(&tr, n, 1.0);
    all[11] = &n->dW1;
    all[12] = &n->db1;
    all[13] = &n->dW2;
    all[14] = &n->db2;
    uint64_t h = hash_tensors(all, 15, count);
    trainer_release(&tr);
    for (int i = 0; i < 11; i++)
        tensor_release(&copies[i]);
    return h;
}

static int mlp(const char *name, enum act act)
{
    struct net n;
    random_net(&n, 784, 128, 10, 256, act, 7);
    static const int kernels[] = { MATMUL_KERNEL_PORTABLE, MATMUL_KERNEL_AVX2, MATMUL_KERNEL_AVX512 };
    static const char *const names[] = { "portable", "avx2", "avx512" };
    size_t count = 0;
    double loss = 0;
    uint64_t h = mlp_pass(&n, &count, &loss);
    int bad = 0;
    for (int k = 0; k < 3; k++) {
        /* a kernel the processor or the build lacks falls back to one it
         * has: the same bits asked of it again */
        int was = matmul_kernel(kernels[k]);
        size_t c;
        double l;
        uint64_t hk = mlp_pass(&n, &c, &l);
        matmul_kernel(was);
        if (hk != h) {
            fprintf(stderr, "%s: the %s kernel of the matrix product gives %016llx, the best %016llx\n", name,
                    names[k], (unsigned long long)hk, (unsigned long long)h);
            bad = 1;
        }
    }
    printf("%s %016llx %zu loss %.17g\n", name, (unsigned long long)h, count, loss);
    net_release(&n);
    return bad;
}

static void vmath(void)
{
    enum { G = 200000, EXTRA = 8 };
    size_t n = G + EXTRA;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *s = malloc(n * sizeof *s);
    double *g = malloc(n * sizeof *g);
    if (!x || !y || !s || !g)
        exit(2);
    for (size_t i = 0; i < G; i++) {
        x[i] = -760.0 + 1520.0 * (double)i / (G - 1) + 1e-7 * sin((double)i);
        g[i] = 1.0 + 1e-3 * (double)(i % 97);
    }
    double edge[EXTRA] = { INFINITY, -INFINITY, NAN, 0.0, -0.0, 5e-324, -708.0, 709.0 };
    for (int i = 0; i < EXTRA; i++) {
        x[G + i] = edge[i];
        g[G + i] = 1.0;
    }
    /* one line each, so that a difference names its function */
    static const char *const names[] = { "exp", "tanh", "sigmoid", "relu", "tanh-gate", "sigmoid-gate",
                                         "relu-gate", "tanh-slope" };
    for (int f = 0; f < 8; f++) {
        switch (f) {
        case 0: vec_exp(x, y, n); break;
        case 1: vec_tanh(x, y, n); break;
        case 2: vec_sigmoid(x, y, n); break;
        case 3: vec_relu(x, y, n); break;
        case 4: vec_tanh_gate(x, g, y, n); break;
        case 5: vec_sigmoid_gate(x, g, y, n); break;
        case 6: vec_relu_gate(x, g, y, n); break;
        default: vec_tanh_slope(x, s, y, n); break;
        }
        uint64_t h = fnv(FNV0, y, n);
        if (f == 7)
            h = fnv(h, s, n);
        printf("vmath-%s %016llx %zu at 0.5: %.17g\n", names[f], (unsigned long long)h, n, y[G / 2 + 66]);
    }
    free(x);
    free(y);
    free(s);
    free(g);
}

int main(void)
{
    tutorial();
    int bad = mlp("mlp", ACT_TANH);
    bad |= mlp("mlp-sigmoid", ACT_SIGMOID);
    bad |= mlp("mlp-relu", ACT_RELU);
    vmath();
    return bad;
}
