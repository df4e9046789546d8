/* vmath: exp, tanh, the logistic sigmoid and relu over arrays, written so the
 * compiler vectorises them.
 *
 * The network's forward pass spends nearly all its time in tanh and exp;
 * their loops have no branches and no calls (but for the rare inputs where
 * exp is subnormal, 0 or inf), so gcc turns them into SIMD code.
 * Accuracy: exp within 1 ulp and tanh within 3 ulp of libm over millions
 * of points (tests/unit). The x86-64 build also carries an AVX-512 and an
 * AVX2 copy picked at run time. No copy fuses a multiply and an add, and
 * all do the same operations in the same order, so every copy, built by
 * gcc or clang at any optimisation, gives the same bits (tests/bits).
 * Inputs may be any double; NaN gives NaN. In and out may be the same array. */
#ifndef GRADLAB_VMATH_H
#define GRADLAB_VMATH_H

#include <stddef.h>

/* vec_exp, the gates and vec_tanh_slope work through an array in blocks
 * of this many values; callers that cut an array into parts (threads,
 * blocks with a poll between them) cut it at multiples of it, so that
 * the parts group the values as one call would */
#define VEC_BLOCK 64

void vec_exp(const double *x, double *y, size_t n);
void vec_tanh(const double *x, double *y, size_t n);
/* y = 1 / (1 + exp(-x)), through vec_exp */
void vec_sigmoid(const double *x, double *y, size_t n);
/* y = max(0, x) (NaN gives 0) */
void vec_relu(const double *x, double *y, size_t n);

/* The gates of the backward pass: out[i] = g[i] * f'(z[i]), f' computed
 * from z without cancellation (tanh: E (1 + tanh|z|)^2 = 4E/(1 + E)^2,
 * E = exp(-2|z|); the
 * sigmoid: E/(1 + E)^2, E = exp(-|z|); relu: [z > 0], 0 at the kink).
 * Within 6 ulp of the exact slope, also where f(z) is within an ulp
 * of its limit and 1 - a^2 or a (1 - a) of the rounded a would be all
 * rounding. A NaN z gives that same NaN. out may be g. */
void vec_tanh_gate(const double *z, const double *g, double *out, size_t n);
void vec_sigmoid_gate(const double *z, const double *g, double *out, size_t n);
void vec_relu_gate(const double *z, const double *g, double *out, size_t n);
/* a = vec_tanh's tanh(z) and slope = tanh'(z), the slope vec_tanh_gate
 * multiplies by, to the same bits, from one exp for both (the training
 * pass's forward step keeps the slope for its backward step). a and
 * slope may each be z. */
void vec_tanh_slope(const double *z, double *a, double *slope, size_t n);

/* 1 when every x[i] is finite (neither an infinity nor a NaN), else 0 */
int vec_all_finite(const double *x, size_t n);

#endif
