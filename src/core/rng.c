/* rng: MT19937 and numpy's legacy RandomState distributions, written from
 * their published descriptions (Matsumoto & Nishimura, "Mersenne Twister",
 * ACM TOMACS 1998; numpy's documentation of the legacy random_sample and
 * standard_normal). See rng.h. */
#include "rng.h"

#include <math.h>

#define MT_N 624
#define MT_M 397
#define MT_MATRIX_A 0x9908b0dfU
#define MT_UPPER 0x80000000U
#define MT_LOWER 0x7fffffffU

void rng_seed(struct rng *r, uint32_t seed)
{
    /* the reference init_genrand: x_i = 1812433253 (x_{i-1} ^ (x_{i-1} >> 30)) + i */
    r->mt[0] = seed;
    for (int i = 1; i < MT_N; i++)
        r->mt[i] = 1812433253U * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
    r->pos = MT_N;              /* regenerate on the first draw */
    r->has_gauss = 0;
    r->gauss = 0.0;
}

/* refill the whole state: the twist of the recurrence */
static void mt_generate(struct rng *r)
{
    for (int i = 0; i < MT_N; i++) {
        uint32_t y = (r->mt[i] & MT_UPPER) | (r->mt[(i + 1) % MT_N] & MT_LOWER);
        uint32_t v = r->mt[(i + MT_M) % MT_N] ^ (y >> 1);
        if (y & 1U)
            v ^= MT_MATRIX_A;
        r->mt[i] = v;
    }
    r->pos = 0;
}

uint32_t rng_u32(struct rng *r)
{
    if (r->pos >= MT_N)
        mt_generate(r);
    uint32_t y = r->mt[r->pos++];
    /* tempering */
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    return y;
}

double rng_double(struct rng *r)
{
    /* 53 random bits: the top 27 bits of one draw and the top 26 of the
     * next, as a / 2^26 + b, scaled by 2^-53 */
    uint32_t a = rng_u32(r) >> 5, b = rng_u32(r) >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

double rng_gauss(struct rng *r)
{
    /* the polar Box-Muller method: each accepted pair gives two normals;
     * the second is cached for the next call */
    if (r->has_gauss) {
        r->has_gauss = 0;
        return r->gauss;
    }
    double x1, x2, r2;
    do {
        x1 = 2.0 * rng_double(r) - 1.0;
        x2 = 2.0 * rng_double(r) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = sqrt(-2.0 * log(r2) / r2);
    r->gauss = f * x1;
    r->has_gauss = 1;
    return f * x2;
}
