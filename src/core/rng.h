/* rng: the deterministic random number generator, bit for bit numpy's legacy
 * RandomState (MT19937 seeded as np.random.seed(int), doubles of 53 bits,
 * the polar Box-Muller Gaussian that caches its second value).
 * Written from the published descriptions of MT19937 (Matsumoto & Nishimura
 * 1998) and of numpy's legacy distributions. No allocation. */
#ifndef GRADLAB_RNG_H
#define GRADLAB_RNG_H

#include <stdint.h>

struct rng {
    uint32_t mt[624];
    int pos;
    int has_gauss;
    double gauss;
};

/* as np.random.seed(seed) for 0 <= seed < 2^32 */
void rng_seed(struct rng *r, uint32_t seed);
uint32_t rng_u32(struct rng *r);
/* uniform in [0, 1), as np.random.random_sample() */
double rng_double(struct rng *r);
/* standard normal, as np.random.randn() / standard_normal() (legacy) */
double rng_gauss(struct rng *r);

#endif
