/* vmath: vectorisable exp and tanh. See vmath.h.
 *
 * exp(x) = 2^k exp(r) with k = round(x / ln 2) and r = x - k ln 2, so
 * |r| <= ln2 / 2; exp(r) - 1 is a polynomial in r (the Taylor series to
 * r^13, whose truncation error is below 2^-60 on that interval); 2^k is
 * built directly in the exponent bits of a double.
 * tanh(|x|) = -e / (2 + e) with e = expm1(-2|x|): no cancellation for small
 * |x| because expm1 keeps its relative accuracy near 0. */
#include "vmath.h"

#include "dispatch.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* no contraction: a * b + c stays a multiply and an add in every copy
 * (the Makefile passes -ffp-contract=off too; GCC's optimize pragma would
 * otherwise set its own), so every copy gives the same bits */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3", "tree-vectorize", "no-trapping-math", "fp-contract=off")
#endif

/* where the build allows it (dispatch.h), also an AVX-512 and an AVX2
 * copy of each loop, picked at run time when the processor has it (8 or
 * 4 doubles at a time instead of 2): the same operations in the same
 * order, no multiply and add fused, so the same bits (tests/bits) */
#define VMATH_CLONES KERNEL_CLONES

static const double LN2_HI = 6.93147180369123816490e-01;   /* ln 2, upper bits (k * LN2_HI is exact) */
static const double LN2_LO = 1.90821492927058770002e-10;   /* ln 2 - LN2_HI */
static const double LOG2E = 1.44269504088896338700e+00;
static const double SHIFTER = 6755399441055744.0;            /* 1.5 * 2^52: adding it rounds to an integer */

static inline double bits_to_double(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static inline uint64_t double_to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* expm1(r) for |r| <= ln2/2 + a little: r + r^2/2! + ... + r^13/13!,
 * that is r + r^2 P(r) with P(r) = sum_k r^k / (k + 2)!, k = 0..11.
 * P is evaluated by Estrin's scheme, pairs of terms first, then pairs of
 * pairs with r^2 and r^4: four levels of a multiply and an add instead
 * of Horner's twelve, each rounded twice (no fused multiply-add in any
 * copy, so that every copy gives the same bits), so the chain of
 * dependent operations is short. */
static inline double expm1_poly(double r)
{
    double r2 = r * r, r4 = r2 * r2;
    double q0 = 0.5 + r * (1.0 / 6.0);                          /* 1/2!, 1/3! */
    double q1 = 1.0 / 24.0 + r * (1.0 / 120.0);                 /* 1/4!, 1/5! */
    double q2 = 1.0 / 720.0 + r * (1.0 / 5040.0);               /* 1/6!, 1/7! */
    double q3 = 1.0 / 40320.0 + r * (1.0 / 362880.0);           /* 1/8!, 1/9! */
    double q4 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);       /* 1/10!, 1/11! */
    double q5 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);   /* 1/12!, 1/13! */
    double s0 = q0 + r2 * q1, s1 = q2 + r2 * q3, s2 = q4 + r2 * q5;
    double p = s0 + r4 * (s1 + r4 * s2);
    return r + r2 * p;
}

/* split x (already clamped to [-708, 709]) into k and r; returns expm1(r)
 * and sets *scale = 2^k */
static inline double reduce(double x, double *scale)
{
    /* k = round(x / ln 2) with the shifter trick: the integer lands in
     * the low mantissa bits of kd_shifted */
    double kd_shifted = x * LOG2E + SHIFTER;
    double k = kd_shifted - SHIFTER;
    double r = (x - k * LN2_HI) - k * LN2_LO;
    /* 2^k: the low bits of kd_shifted hold k; add the exponent bias and
     * move them into the exponent field */
    *scale = bits_to_double((double_to_bits(kd_shifted) + 1023) << 52);
    return expm1_poly(r);
}

/* exp(x) for x in [-708, 709], where 2^k is a normal double: 2^k (expm1(r) + 1) */
static inline double exp_in_range(double x)
{
    double scale;
    double em = reduce(x, &scale);
    return scale * em + scale;
}

/* vec_exp works through the array in blocks of this many values */
#define EXP_BLOCK VEC_BLOCK

VMATH_CLONES
void vec_exp(const double *x, double *y, size_t n)
{
    for (size_t b = 0; b < n; b += EXP_BLOCK) {
        size_t m = n - b < EXP_BLOCK ? n - b : EXP_BLOCK;
        const double *xb = x + b;
        double *yb = y + b;
        /* is every input of the block inside [-708, 709]? (NaN is not)
         * Asked before anything is written, because x and y may be the
         * same array. */
        int all_in_range = 1;
        for (size_t i = 0; i < m; i++)
            all_in_range &= xb[i] >= -708.0 && xb[i] <= 709.0;
        if (all_in_range) {
            /* the usual case: one branch-free loop, vectorised */
            for (size_t i = 0; i < m; i++)
                yb[i] = exp_in_range(xb[i]);
        } else {
            /* some results are subnormal, 0 or inf, or some inputs NaN:
             * those go to libm, one value at a time; each x[i] is read
             * before y[i] is written */
            for (size_t i = 0; i < m; i++) {
                double xi = xb[i];
                yb[i] = xi >= -708.0 && xi <= 709.0 ? exp_in_range(xi) : exp(xi);
            }
        }
    }
}

VMATH_CLONES
void vec_tanh(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double xi = x[i];
        double a = fabs(xi);
        /* tanh(a) = 1 to double precision once a > 19.1; clamp so that
         * -2a stays far from underflow */
        double t = -2.0 * (a > 40.0 ? 40.0 : a);
        double scale;
        double em = reduce(t, &scale);
        /* expm1(t) = 2^k expm1(r) + (2^k - 1): exact when k = 0 */
        double e = scale * em + (scale - 1.0);
        double th = -e / (2.0 + e);
        /* NaN in gives the same NaN out (chosen here, in the one loop, so
         * that in place and out of place agree) */
        y[i] = isnan(xi) ? xi : copysign(th, xi);
    }
}

/* a = tanh(z) as vec_tanh computes it, and slope = tanh'(z), from one
 * exp and one division for both: with t = tanh|z| and E = exp(-2|z|),
 *     1 - t = E (1 + t)   (as 1 + t = 2 / (1 + E)),
 * so tanh' = (1 - t)(1 + t) = E (1 + t)^2: no difference of nearly equal
 * numbers, and 1 + t is 1 to 2. Where |z| <= 40 E is the exp of tanh's
 * own argument; a block with a larger |z| (or NaN) takes each value
 * alone (tanh is then 1 to the last bit, the slope 4E). a and slope may
 * each be z. */
static inline void tanh_and_slope(double zi, double *a, double *slope)
{
    double az = fabs(zi);
    double t = -2.0 * (az > 40.0 ? 40.0 : az);
    double scale;
    double em = reduce(t, &scale);
    double e = scale * em + (scale - 1.0);
    double E = az <= 40.0 ? scale * em + scale : -2.0 * az >= -708.0 ? exp_in_range(-2.0 * az) : exp(-2.0 * az);
    double th = -e / (2.0 + e);
    *a = isnan(zi) ? zi : copysign(th, zi);
    *slope = isnan(zi) ? zi : E * ((1.0 + th) * (1.0 + th));
}

VMATH_CLONES
void vec_tanh_slope(const double *z, double *a, double *slope, size_t n)
{
    for (size_t b = 0; b < n; b += EXP_BLOCK) {
        size_t m = n - b < EXP_BLOCK ? n - b : EXP_BLOCK;
        int all_small = 1;
        for (size_t i = 0; i < m; i++)
            all_small &= fabs(z[b + i]) <= 40.0;
        if (all_small) {
            /* the usual case, branch-free: the same operations as
             * tanh_and_slope where |z| <= 40 */
            for (size_t i = 0; i < m; i++) {
                double zi = z[b + i];
                double scale;
                double em = reduce(-2.0 * fabs(zi), &scale);
                double e = scale * em + (scale - 1.0);
                double E = scale * em + scale;
                double th = -e / (2.0 + e);
                a[b + i] = copysign(th, zi);
                slope[b + i] = E * ((1.0 + th) * (1.0 + th));
            }
        } else {
            for (size_t i = 0; i < m; i++)
                tanh_and_slope(z[b + i], &a[b + i], &slope[b + i]);
        }
    }
}

VMATH_CLONES
void vec_sigmoid(const double *x, double *y, size_t n)
{
    /* y = exp(-x) in place, then 1 / (1 + y): three passes, each of them
     * vectorised */
    for (size_t i = 0; i < n; i++)
        y[i] = -x[i];
    vec_exp(y, y, n);
    for (size_t i = 0; i < n; i++)
        y[i] = 1.0 / (1.0 + y[i]);
}

VMATH_CLONES
void vec_relu(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] > 0.0 ? x[i] : 0.0;
}

/* A double is an infinity or a NaN when all 11 bits of its exponent are
 * set: that exponent plus 1 is 2^11, the others stay below. The flags are
 * or-ed over the whole array, without a branch (a loop that returned at
 * the first one would not vectorise; the checks guard results that are
 * nearly always finite). */
VMATH_CLONES
int vec_all_finite(const double *x, size_t n)
{
    uint64_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &x[i], sizeof bits);
        bad |= (((bits >> 52) & 0x7ff) + 1) >> 11;
    }
    return bad == 0;
}

/* out[i] = g[i] * slope(e[i]) for a block of m <= EXP_BLOCK values, where
 * e = exp(-c |z|) is computed first into the block's buffer: the gates of
 * tanh and the sigmoid. Each of the three loops vectorises. A NaN z gives
 * that NaN, chosen here: the sign and payload of a NaN computed from it
 * depend on how the compiler orders and negates. */
#define GATE_BLOCKS(C, SLOPE)                                               \
    for (size_t b = 0; b < n; b += EXP_BLOCK) {                             \
        size_t m = n - b < EXP_BLOCK ? n - b : EXP_BLOCK;                   \
        double e[EXP_BLOCK];                                                \
        for (size_t i = 0; i < m; i++)                                      \
            e[i] = -(C) * fabs(z[b + i]);                                   \
        vec_exp(e, e, m);                                                   \
        for (size_t i = 0; i < m; i++) {                                    \
            double E = e[i], zi = z[b + i];                                 \
            out[b + i] = isnan(zi) ? zi : g[b + i] * (SLOPE);               \
        }                                                                   \
    }

VMATH_CLONES
void vec_tanh_gate(const double *z, const double *g, double *out, size_t n)
{
    /* tanh'(z) = 1 - tanh(z)^2 = E (1 + tanh|z|)^2 with E = exp(-2|z|):
     * positive terms only, so no digit is lost when tanh(z) is near +-1
     * (1 - a^2 from a rounded a would lose them all); the slope of
     * vec_tanh_slope, to the same bits */
    for (size_t b = 0; b < n; b += EXP_BLOCK) {
        size_t m = n - b < EXP_BLOCK ? n - b : EXP_BLOCK;
        double a[EXP_BLOCK], slope[EXP_BLOCK];
        vec_tanh_slope(z + b, a, slope, m);
        for (size_t i = 0; i < m; i++)
            out[b + i] = isnan(z[b + i]) ? z[b + i] : g[b + i] * slope[i];
    }
}

VMATH_CLONES
void vec_sigmoid_gate(const double *z, const double *g, double *out, size_t n)
{
    /* sigmoid'(z) = s(z) s(-z) = E / (1 + E)^2 with E = exp(-|z|) */
    GATE_BLOCKS(1.0, E / ((1.0 + E) * (1.0 + E)))
}

VMATH_CLONES
void vec_relu_gate(const double *z, const double *g, double *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = z[i] > 0.0 ? g[i] : 0.0;
}
