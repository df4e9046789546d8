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
/* out (n) = J^T g = s (.) (g - g.s); J is symmetric, so also J g */
void softmax_jvp(const double *s, const double *g, double *out, int n);
/* J (n x n) by central differences of softmax at z with step h:
 * J[i][j] = (softmax(z + h e_j)_i - softmax(z - h e_j)_i) / 2h.
 * scratch must hold 3n doubles. */
void softmax_jacobian_fd(const double *z, double *J, int n, double h, double *scratch);

#endif
