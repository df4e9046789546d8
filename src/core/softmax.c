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
    /* J[i][j] = s_i (delta_ij - s_j): the diagonal is s_i (1 - s_i),
     * everything else -s_i s_j. The diagonal is computed as s_i - s_i s_i,
     * term by term what diag(s) - s s^T does, so it agrees with numpy's
     * np.diag(s) - np.outer(s, s) to the last bit. */
    for (int i = 0; i < n; i++) {
        double *row = J + (long)i * n;
        for (int j = 0; j < n; j++)
            row[j] = -s[i] * s[j];
        row[i] = s[i] - s[i] * s[i];
    }
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
