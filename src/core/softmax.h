/* softmax: the stable softmax and everything around it, on one row of n logits.
 *
 * Pure maths, no allocation: every output buffer is the caller's.
 *   s = softmax(z),  s_i = exp(z_i - max z) / sum_j exp(z_j - max z)
 *   J = diag(s) - s s^T,  J[i][j] = ds_i/dz_j = s_i (delta_ij - s_j)
 *   J^T g = s (.) (g - g.s)   (the vector form, no n x n matrix) */
#ifndef GRADLAB_SOFTMAX_H
#define GRADLAB_SOFTMAX_H

/* s (n) = softmax(z); z may hold -inf (that class gets 0) but not NaN or +inf.
 * Returns 0, or -1 when the row has no finite maximum (all -inf, NaN, +inf). */
int softmax(const double *z, double *s, int n);
/* ls (n) = log softmax(z) = z - max - log sum exp(z - max); same contract */
int log_softmax(const double *z, double *ls, int n);
/* cross-entropy -sum_i y_i log softmax(z)_i, computed through log-softmax so
 * it stays finite for logits like +-1000. A class with y_i = 0 contributes 0
 * even when its probability is 0. */
double cross_entropy(const double *z, const double *y, int n);
/* J (n x n, row-major) = diag(s) - s s^T, its diagonal s_i (1 - s_i)
 * computed as s_i times the sum of the other entries of s (well
 * conditioned when s_i is near 1; s must sum to 1) */
void softmax_jacobian(const double *s, double *J, int n);
/* 1 - s_i as the diagonal of softmax_jacobian computes it: the sum of
 * the other entries of s, so that J[i][i] = s_i * softmax_others(s, n, i)
 * to the last bit */
double softmax_others(const double *s, int n, int i);
/* out (n) = J^T g = s (.) (g - g.s); J is symmetric, so also J g. The
 * entry of the largest s_m is s_m sum_{j != m} s_j (g_m - g_j), which does
 * not cancel when s_m is near 1 */
void softmax_jvp(const double *s, const double *g, double *out, int n);
/* J (n x n) by central differences of softmax, an independent path to
 * softmax_jacobian's J:
 *     J[i][j] = (softmax(z' + h_j e_j)_i - softmax(z' - h_j e_j)_i) / (2 h_j)
 * taken at z' = z - max z (the same softmax and the same J, and a point
 * where a small step is resolved however large z is), with the step
 * relative to the logit, h_j = h max(1, |z'_j|), and 2 h_j replaced by
 * the step actually taken, (z'_j + h_j) - (z'_j - h_j). A column of a
 * -inf logit is 0. h must be below 1/3 (1e-6 to 1e-4 suit).
 * bound (n x n, or NULL): for each entry an upper bound of
 * |J_fd - J_exact| + |J - J_exact|, J being softmax_jacobian's: the
 * step's truncation error and the rounding of both computations. An
 * entry of a candidate Jacobian farther from J_fd than its bound is
 * wrong; softmax_jacobian's J is always within it.
 * scratch must hold 4n doubles. */
void softmax_jacobian_fd(const double *z, double *J, double *bound, int n, double h, double *scratch);

#endif
