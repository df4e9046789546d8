/* softmax: the stable softmax, log-softmax, cross-entropy, the Jacobian
 * and its vector form, and a central-difference Jacobian. See softmax.h. */
#include "softmax.h"

#include <math.h>

/* the largest entry, or NAN when the row cannot be normalised: it holds a
 * NaN or +inf, or every entry is -inf */
static double row_max(const double *z, int n)
{
    double m = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (isnan(z[i]) || z[i] == INFINITY)
            return NAN;
        if (z[i] > m)
            m = z[i];
    }
    return m == -INFINITY ? NAN : m;
}

int softmax(const double *z, double *s, int n)
{
    /* subtract the max for numerical stability: exp(z_i - m) <= 1, so no
     * overflow, and the largest term is exactly 1, so the sum is >= 1 */
    double m = row_max(z, n);
    if (isnan(m))
        return -1;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        s[i] = exp(z[i] - m);       /* -inf - m = -inf, exp(-inf) = 0 */
        sum += s[i];
    }
    for (int i = 0; i < n; i++)
        s[i] /= sum;
    return 0;
}

int log_softmax(const double *z, double *ls, int n)
{
    /* log s_i = (z_i - m) - log sum_j exp(z_j - m): no exp of a large
     * number and no log of an underflowed probability */
    double m = row_max(z, n);
    if (isnan(m))
        return -1;
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += exp(z[i] - m);
    double lse = log(sum);
    for (int i = 0; i < n; i++)
        ls[i] = (z[i] - m) - lse;
    return 0;
}

double cross_entropy(const double *z, const double *y, int n)
{
    double m = row_max(z, n);
    if (isnan(m))
        return NAN;
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += exp(z[i] - m);
    double lse = log(sum);
    /* -sum_i y_i log s_i, skipping y_i = 0 so that a class of probability
     * zero (log s_i = -inf) adds 0, not 0 * -inf = NaN */
    double loss = 0.0;
    for (int i = 0; i < n; i++)
        if (y[i] != 0.0)
            loss -= y[i] * ((z[i] - m) - lse);
    return loss;
}

void softmax_jacobian(const double *s, double *J, int n)
{
    /* J[i][j] = s_i (delta_ij - s_j): -s_i s_j off the diagonal */
    for (int i = 0; i < n; i++) {
        double *row = J + (long)i * n;
        for (int j = 0; j < n; j++)
            row[j] = -s[i] * s[j];
    }
    /* The diagonal s_i (1 - s_i), with 1 - s_i computed as the sum of the
     * other probabilities, sum_{j != i} s_j (equal to it because s sums to
     * 1). s_i - s_i^2 would subtract two nearly equal numbers when s_i is
     * near 1 and lose every digit (logits 30 0: s_0 - s_0^2 = 9.348e-14
     * against 9.3576e-14); a sum of numbers >= 0 keeps them (its relative
     * error is below n ulp). The sums of
     * the entries before i and after i are running sums, so the diagonal
     * costs O(n): the first pass leaves sum_{j < i} s_j on the diagonal,
     * the second adds sum_{j > i} s_j and multiplies by s_i (in the order
     * of softmax_others, which explain shows). */
    double before = 0.0;
    for (int i = 0; i < n; i++) {
        J[(long)i * n + i] = before;
        before += s[i];
    }
    double after = 0.0;
    for (int i = n - 1; i >= 0; i--) {
        double *d = &J[(long)i * n + i];
        *d = s[i] * (*d + after);
        after += s[i];
    }
}

double softmax_others(const double *s, int n, int i)
{
    /* the two running sums of softmax_jacobian, in its order */
    double before = 0.0, after = 0.0;
    for (int j = 0; j < i; j++)
        before += s[j];
    for (int j = n - 1; j > i; j--)
        after += s[j];
    return before + after;
}

void softmax_jvp(const double *s, const double *g, double *out, int n)
{
    /* J^T g = diag(s) g - s (s . g) = s (.) (g - g.s) */
    double gs = 0.0;
    for (int i = 0; i < n; i++)
        gs += g[i] * s[i];
    for (int i = 0; i < n; i++)
        out[i] = s[i] * (g[i] - gs);
}

void softmax_jacobian_fd(const double *z, double *J, int n, double h, double *scratch)
{
    double *zp = scratch, *sp = scratch + n, *sm = scratch + 2 * n;
    for (int i = 0; i < n; i++)
        zp[i] = z[i];
    for (int j = 0; j < n; j++) {
        /* column j: how every s_i moves when z_j moves */
        zp[j] = z[j] + h;
        softmax(zp, sp, n);
        zp[j] = z[j] - h;
        softmax(zp, sm, n);
        zp[j] = z[j];
        for (int i = 0; i < n; i++)
            J[(long)i * n + j] = (sp[i] - sm[i]) / (2.0 * h);
    }
}
