/* softmax: the stable softmax, log-softmax, cross-entropy, the Jacobian
 * and its vector form, and a central-difference Jacobian. See softmax.h. */
#include "softmax.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#ifdef __SSE2__
#include <emmintrin.h>                      /* non-temporal stores for a large J */
#endif

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

/* J larger than this is written with non-temporal stores: it is far larger
 * than the caches, so storing around them saves reading every line in
 * before it is overwritten */
#define JACOBIAN_STREAM_BYTES ((size_t)16 << 20)

/* row i of J: -s_i s_j, and d on the diagonal; with stream set, through
 * non-temporal stores where the machine has them (x86-64's SSE2) */
static void jacobian_row(double *row, const double *s, int n, int i, double d, int stream)
{
    double si = s[i];
#ifdef __SSE2__
    if (stream) {
        int j = 0;
        if (((uintptr_t)row & 15) != 0) {   /* _mm_stream_pd wants 16 bytes */
            row[0] = i == 0 ? d : -si * s[0];
            j = 1;
        }
        for (; j + 1 < n; j += 2) {
            double a = j == i ? d : -si * s[j], b = j + 1 == i ? d : -si * s[j + 1];
            _mm_stream_pd(row + j, _mm_set_pd(b, a));
        }
        if (j < n)
            row[j] = j == i ? d : -si * s[j];
        return;
    }
#else
    (void)stream;
#endif
    for (int j = 0; j < n; j++)
        row[j] = -si * s[j];
    row[i] = d;
}

void softmax_jacobian(const double *s, double *J, int n)
{
    /* J[i][j] = s_i (delta_ij - s_j): -s_i s_j off the diagonal.
     * The diagonal s_i (1 - s_i), with 1 - s_i computed as the sum of the
     * other probabilities, sum_{j != i} s_j (equal to it because s sums to
     * 1). s_i - s_i^2 would subtract two nearly equal numbers when s_i is
     * near 1 and lose every digit (logits 30 0: s_0 - s_0^2 = 9.348e-14
     * against 9.3576e-14); a sum of numbers >= 0 keeps them (its relative
     * error is below n ulp). The sum is the running sum of the entries
     * before i plus the running sum, from the end, of those after i (in
     * the order of softmax_others, which explain shows).
     * J is written in one pass, row after row: the sums after i are parked
     * in row 0 first, which is written last. */
    if (n < 1)
        return;
    double after = 0.0;
    for (int i = n - 1; i >= 0; i--) {
        J[i] = after;
        after += s[i];
    }
    int stream = (size_t)n * (size_t)n * sizeof *J > JACOBIAN_STREAM_BYTES;
    double before = 0.0 + s[0], after0 = J[0];
    for (int i = 1; i < n; i++) {
        jacobian_row(J + (long)i * n, s, n, i, s[i] * (before + J[i]), stream);
        before += s[i];
    }
    jacobian_row(J, s, n, 0, s[0] * (0.0 + after0), stream);
#ifdef __SSE2__
    if (stream)
        _mm_sfence();                       /* the streamed stores are done */
#endif
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
    /* J^T g = diag(s) g - s (s . g) = s (.) (g - g.s). When one s_m is
     * near 1, g.s is nearly g_m and g_m - g.s loses the digits that
     * s_m s_j g_m - s_m s_j g_j keep (logits 30 0, g = (-1, 0): -9.348e-14
     * against -9.3576e-14), as s_m - s_m^2 does on J's diagonal. So entry
     * m, the largest s, takes g_m - g.s as the sum over the others
     * sum_{j != m} s_j (g_m - g_j) (equal because s sums to 1), whose
     * terms do not cancel where g_m is the largest or smallest g. For
     * the other entries s_i <= 1/2 and g_i - g.s is well conditioned. */
    if (n < 1)
        return;
    int m = 0;
    for (int i = 1; i < n; i++)
        if (s[i] > s[m])
            m = i;
    double gs = 0.0, dm = 0.0;
    for (int i = 0; i < n; i++) {
        gs += g[i] * s[i];
        if (i != m)
            dm += s[i] * (g[m] - g[i]);
    }
    for (int i = 0; i < n; i++)
        out[i] = s[i] * (i == m ? dm : g[i] - gs);
}

/* the unit roundoff: a rounded operation is off by at most U of its result */
#define U (DBL_EPSILON / 2)

/* a bound on the relative error of entry k of softmax computed at logits
 * p with max M: u |p_k - M| from rounding the shift (exp multiplies it),
 * 2u from exp, (n - 1)u + n u/e + 2u from the sum (e_k |p_k - M| <= 1/e),
 * u from the division; rounded up. far = |p_k - M|. */
static double softmax_rel_err(double far, int n)
{
    return U * (far + 1.5 * n + 5.0);
}

/* rel * v, where v = 0 (a class of a -inf logit, rel = inf) gives 0 */
static double of(double rel, double v)
{
    return v == 0.0 ? 0.0 : rel * v;
}

/* a bound on the rounding error of softmax_others(s, n, i), the sum of
 * the other entries of s (computed at logits zs = z - max z): each s_k
 * off by its relative error, and the n - 1 additions */
static double others_err(const double *s, const double *zs, int n, int i)
{
    double err = 0.0, sum = 0.0;
    for (int k = 0; k < n; k++)
        if (k != i) {
            err += of(softmax_rel_err(fabs(zs[k]), n), s[k]);
            sum += s[k];
        }
    return err + n * U * sum;
}

void softmax_jacobian_fd(const double *z, double *J, double *bound, int n, double h, double *scratch)
{
    double *zp = scratch, *sp = scratch + n, *sm = scratch + 2 * n, *s0 = scratch + 3 * n;
    /* shift by the max: z' = z - max z has the same softmax and the same
     * J, and its largest entry is 0, where a step of h is resolved
     * however large z is (1e300 + 1e-6 is 1e300) */
    double m = -INFINITY;
    for (int i = 0; i < n; i++)
        m = z[i] > m ? z[i] : m;
    for (int i = 0; i < n; i++)
        zp[i] = z[i] - m;
    softmax(zp, s0, n);
    for (int j = 0; j < n; j++) {
        double zj = zp[j];
        if (zj == -INFINITY) {
            /* s_j = 0 whatever the other logits: column j is 0 */
            for (int i = 0; i < n; i++) {
                J[(long)i * n + j] = 0.0;
                if (bound)
                    bound[(long)i * n + j] = DBL_TRUE_MIN;
            }
            continue;
        }
        /* column j: how every s_i moves when z_j moves, with a step
         * relative to |z'_j|, divided by the step that was taken: the
         * representable difference of the two points (exact, as they are
         * within a factor of 2 of each other) */
        double hj = h * fmax(1.0, fabs(zj));
        double up = zj + hj, down = zj - hj, step = up - down;
        zp[j] = up;
        softmax(zp, sp, n);
        zp[j] = down;
        softmax(zp, sm, n);
        zp[j] = zj;
        for (int i = 0; i < n; i++) {
            double fd = (sp[i] - sm[i]) / step;
            J[(long)i * n + j] = fd;
            if (!bound)
                continue;
            /* the largest logit of either point is within hj of 0 */
            double far = fabs(zp[i]) + 3.0 * hj;
            /* rounding: the two softmax entries, their difference, the
             * division (subnormal entries are off by their spacing) */
            double round = (of(softmax_rel_err(far, n), sp[i] + sm[i]) + U * fabs(sp[i] - sm[i]) +
                            4.0 * DBL_TRUE_MIN) / step + U * fabs(fd);
            /* truncation: the Taylor remainder hj^2/6 |d^3 s_i/dz_j^3|,
             * where |d^3 s_i/dz_j^3| <= |J[i][j]| at the same point (it is
             * J[i][j] times (1 - 6 s_j + 6 s_j^2), within [-1/2, 1]),
             * and J[i][j] grows by at most e^(2 hj) over the step */
            double Jij = i == j ? s0[i] * softmax_others(s0, n, i) : s0[i] * s0[j];
            double rel_i = softmax_rel_err(fabs(zp[i]), n), rel_j = softmax_rel_err(fabs(zj), n);
            double trunc = hj * hj / 6.0 * exp(2.0 * hj) * (Jij + of(rel_i + rel_j + n * U, Jij) + DBL_TRUE_MIN);
            /* softmax_jacobian's own rounding: that of s_i and s_j (or
             * of the sum of the other s_k) and of the product */
            double own = of(rel_i + rel_j + (n + 1) * U, Jij) + DBL_TRUE_MIN;
            if (i == j)
                own += s0[i] * others_err(s0, zp, n, i);
            /* first order in u; doubled for the rest */
            bound[(long)i * n + j] = 2.0 * (round + trunc + own);
        }
    }
}
