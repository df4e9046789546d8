/* randnet: a random network and batch for the unit tests of the passes
 * (test_net.c, test_pool.c). Needs check.h (cmocka) first. */
#ifndef GRADLAB_RANDNET_H
#define GRADLAB_RANDNET_H

#include "net.h"
#include "rng.h"

/* a random D-H-K net with random biases and a random batch of N rows */
static inline void random_net(struct net *n, int D, int H, int K, int N, enum act act, uint32_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    assert_int_equal(net_init(n, D, H, K, act, &r), 0);
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    assert_int_equal(tensor_init(&x, N, D), 0);
    assert_int_equal(tensor_init(&y, N, K), 0);
    for (size_t i = 0; i < tensor_size(&x); i++)
        x.data[i] = 2.0 * rng_gauss(&r);
    for (int i = 0; i < N; i++)
        T_AT(&y, i, (int)(rng_u32(&r) % (uint32_t)K)) = 1.0;
    assert_int_equal(net_set_batch(n, &x, &y), 0);
    for (int j = 0; j < H; j++)
        n->b1.data[j] = 0.5 * rng_gauss(&r);
    for (int k = 0; k < K; k++)
        n->b2.data[k] = 0.5 * rng_gauss(&r);
    tensor_release(&x);
    tensor_release(&y);
}

#endif
