/* gradcheck: every gradient of the net against central differences of
 * the summed loss, each entry judged against an error bound. See net.h.
 *
 * The central difference of parameter p is
 *     (L(p + h) - L(p - h)) / 2h,   L the summed loss,
 * off from dL/dp by the step's truncation error h^2/6 |L'''| and by the
 * rounding of the two losses, divided by 2h. An entry passes when
 *     |analytic - numeric| <= GRADCHECK_TOL max(|analytic|, |numeric|) + noise
 * where noise is a bound, computed here for each entry, of that rounding
 * error, and GRADCHECK_TOL = 1e-5 leaves room for the truncation error
 * (h = 1e-5: h^2/6 = 1.7e-11 times |L'''|/|L'|). */
#include "net.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "softmax.h"

/* the unit roundoff: a rounded operation is off by at most U of its result */
#define U (DBL_EPSILON / 2)

/* The check's moved losses are the staged pass's loss with one parameter
 * moved, recomputed only where the move reaches: W1[i][j] or b1[j] moves
 * z1[:, j] only, so a1[:, j] changes by f(z1') - a1, and z2 by that times
 * W2[j][:]; W2[j][k] or b2[k] moves z2[:, k] only. Each row's loss is the
 * loss stage's cross_entropy of its logits. f is the table's reference
 * (libm) f: the differences of a few ulp between it and the vectorised f
 * of a1 are the same on both sides and cancel, while the noise of a less
 * accurate f would be divided by h.
 * The difference L(p + h) - L(p - h) is summed row by row, each row's
 * two losses subtracted first: the sum then rounds relative to the
 * differences, not to the loss (which can be 10^4 times larger). */
struct gc {
    struct net *n;
    double h;
    double *zp, *zm;    /* (K) a row of logits, moved up and down */
    double noise;       /* the rounding bound of the last difference */
    int kink_row;       /* the last difference crossed relu's kink in this row (-1: none) */
    int kink_on;        /* ... with z1 exactly 0 there */
    stop_flag *stop;    /* polled every 64 rows of a difference */
    int stopped;        /* it was raised: the check ends */
};

/* 1 when the check must end (polled before row i of a difference) */
static int gc_stop(struct gc *g, int i)
{
    if (i % 64 == 0 && stop_requested(g->stop))
        g->stopped = 1;
    return g->stopped;
}

/* a bound on the rounding error of cross_entropy of one row of K logits,
 * with targets summing to 1, whose value is loss (>= 0: each term
 * y_k (lse - (z_k - max)) is >= 0, and their sum is the loss): the shift,
 * exp, the sum of K terms and log give lse within u (2.4 K + 1 + lse); the
 * terms and their sum add u (K + 2) loss */
static double ce_err(double loss, int K)
{
    return U * ((K + 3) * loss + 2.5 * K + 2);
}

/* one row's two losses: add their difference to *sum and |it| to *abs,
 * and their rounding to g->noise; in is the error bound of the moved
 * logits, whose effect on the loss is at most twice it (the slopes
 * |a2_k - y_k| of a row sum to at most 2) */
static void row_diff(struct gc *g, const double *y, double in, double *sum, double *abs)
{
    int K = g->n->n_out;
    double lp = cross_entropy(g->zp, y, K), lm = cross_entropy(g->zm, y, K), d = lp - lm;
    *sum += d;
    *abs += fabs(d);
    g->noise += ce_err(fabs(lp), K) + ce_err(fabs(lm), K) + 4.0 * in + U * fabs(d);
}

/* sum over the rows of the loss with z2[:, k] moved by +-h col[:] (col
 * NULL: by +-h), minus the loss moved down; its rounding bound in
 * g->noise */
static double diff_out(struct gc *g, int k, const double *col)
{
    struct net *n = g->n;
    int K = n->n_out;
    double sum = 0.0, abs = 0.0;
    g->noise = 0.0;
    for (int i = 0; i < n->n_rows && !gc_stop(g, i); i++) {
        const double *z = &T_AT(&n->z2, i, 0);
        double dz = col ? g->h * col[(size_t)i * n->n_hidden] : g->h;
        memcpy(g->zp, z, (size_t)K * sizeof *z);
        memcpy(g->zm, z, (size_t)K * sizeof *z);
        g->zp[k] += dz;
        g->zm[k] -= dz;
        /* z2 + dz and dz rounded */
        row_diff(g, &T_AT(&n->y, i, 0), U * (fabs(z[k]) + 2.0 * fabs(dz)), &sum, &abs);
    }
    g->noise += (n->n_rows - 1) * U * abs;
    return sum;
}

/* the same for the pre-activation of hidden unit j moved by +-h in[:]
 * (in NULL: by +-h, for b1); notes in g a step that crosses relu's kink */
static double diff_hidden(struct gc *g, int j, const double *in, int in_stride)
{
    struct net *n = g->n;
    double (*f)(double) = act_table[n->act].ref;
    int K = n->n_out;
    double sum = 0.0, abs = 0.0, wmax = 0.0;
    for (int k = 0; k < K; k++)
        wmax = fmax(wmax, fabs(T_AT(&n->W2, j, k)));
    g->noise = 0.0;
    g->kink_row = -1;
    for (int i = 0; i < n->n_rows && !gc_stop(g, i); i++) {
        double z = T_AT(&n->z1, i, j), a = T_AT(&n->a1, i, j);
        double dz = in ? g->h * in[(size_t)i * in_stride] : g->h;
        double up = z + dz, down = z - dz;
        double dap = f(up) - a, dam = f(down) - a;
        const double *z2 = &T_AT(&n->z2, i, 0);
        double zmax = 0.0;
        for (int k = 0; k < K; k++) {
            g->zp[k] = z2[k] + dap * T_AT(&n->W2, j, k);
            g->zm[k] = z2[k] + dam * T_AT(&n->W2, j, k);
            zmax = fmax(zmax, fabs(z2[k]) + fmax(fabs(dap), fabs(dam)) * wmax);
        }
        /* the moved logits: z2 + da W2 rounded (u |z2'|, u |da W2|), da
         * off by f's rounding (libm: within 2 ulp), the rounding of the
         * moved z1 and of dz (|f'| <= 1), and the subtraction */
        double da = fmax(fabs(dap), fabs(dam));
        double da_err = U * (4.0 * (fabs(a) + da) + fabs(z) + 2.0 * fabs(dz) + da);
        row_diff(g, &T_AT(&n->y, i, 0), U * zmax + wmax * (da_err + U * da), &sum, &abs);
        /* relu's kink: the two points on either side of z1 = 0, or on it */
        if (n->act == ACT_RELU && g->kink_row < 0 && dz != 0.0 && (z == 0.0 || (up > 0.0) != (down > 0.0))) {
            g->kink_row = i;
            g->kink_on = z == 0.0;
        }
    }
    g->noise += (n->n_rows - 1) * U * abs;
    return sum;
}

/* judge one entry: analytic a, numeric from the difference diff of the
 * losses and the reg term's; noise from g */
static void gc_compare(struct gc *g, struct gradcheck_row *row, double a, double diff, double reg_w, int i, int j)
{
    double num = diff / (2.0 * g->h) + reg_w;
    /* the difference's rounding over 2h, the division and the addition */
    double noise = 2.0 * (g->noise / (2.0 * g->h) + U * (fabs(num) + fabs(reg_w)));
    double err = fabs(a - num);
    /* relative error |a - n| / max(|a|, |n|), with a floor of 1e-7 on the
     * denominator so that two entries that are both ~0 do not divide 0 by 0 */
    double rel = err / fmax(fmax(fabs(a), fabs(num)), 1e-7);
    double allow = GRADCHECK_TOL * fmax(fabs(a), fabs(num)) + noise;
    double ratio = allow > 0 ? err / allow : err > 0 ? INFINITY : 0.0;
    row->max_abs_err = fmax(row->max_abs_err, err);
    row->max_rel_err = fmax(row->max_rel_err, rel);
    row->max_abs_grad = fmax(row->max_abs_grad, fabs(num));
    if (row->checked++ == 0 || ratio > row->worst_ratio) {
        row->worst_ratio = ratio;
        row->worst_i = i;
        row->worst_j = j;
        row->noise = noise;
    }
    if (ratio > 1.0) {
        row->fails++;
        if (g->kink_row >= 0 && row->kink_fails++ == 0) {
            row->kink_i = i;
            row->kink_j = j;
            row->kink_row = g->kink_row;
            row->kink_on = g->kink_on;
        }
    }
}

static void progress_at(void (*progress)(double, void *), void *ud, double done, double total)
{
    if (progress)
        progress(done / total, ud);
}

int net_gradcheck(struct net *n, double h, struct gradcheck_row rows[4],
                  volatile const sig_atomic_t *stop,
                  void (*progress)(double frac, void *ud), void *ud)
{
    static const char *const names[4] = { "W1", "b1", "W2", "b2" };
    for (int r = 0; r < 4; r++) {
        memset(&rows[r], 0, sizeof rows[r]);
        rows[r].name = names[r];
    }
    int saved = n->stage;
    struct gc g = { n, h, malloc(2 * (size_t)n->n_out * sizeof(double)), NULL, 0, -1, 0, stop, 0 };
    if (!g.zp)
        return status_nomem(2 * (size_t)n->n_out * sizeof(double));
    g.zm = g.zp + n->n_out;
    /* the analytic gradients and the forward values the moves start from:
     * the backward pass from the stage the net is at, whose values are
     * those of its parameters */
    int rc = net_run_to(n, STAGE_DB1);
    if (rc != 0) {
        free(g.zp);
        n->stage = saved;
        return rc == ST_STOPPED ? 1 : -1;
    }
    int D = n->n_in, H = n->n_hidden, K = n->n_out;
    double total = (double)D * H + H + (double)H * K + K, done = 0;

    /* W1[i][j] moves z1[:, j] by h x[:, i]. The L2 term reg/2 w^2 adds
     * reg w to the central difference, exactly (a quadratic's central
     * difference has no truncation error). */
    for (int i = 0; i < D && !g.stopped; i++) {
        for (int j = 0; j < H && !g.stopped; j++) {
            double d = diff_hidden(&g, j, &T_AT(&n->x, 0, i), D);
            gc_compare(&g, &rows[0], T_AT(&n->dW1, i, j), d, n->reg * T_AT(&n->W1, i, j), i, j);
        }
        progress_at(progress, ud, done += H, total);
    }
    for (int j = 0; j < H && !g.stopped; j++)
        gc_compare(&g, &rows[1], n->db1.data[j], diff_hidden(&g, j, NULL, 0), 0.0, 0, j);
    done += H;
    /* W2[j][k] moves z2[:, k] by h a1[:, j] */
    g.kink_row = -1;
    for (int j = 0; j < H && !g.stopped; j++) {
        for (int k = 0; k < K && !g.stopped; k++) {
            double d = diff_out(&g, k, &T_AT(&n->a1, 0, j));
            gc_compare(&g, &rows[2], T_AT(&n->dW2, j, k), d, n->reg * T_AT(&n->W2, j, k), j, k);
        }
        progress_at(progress, ud, done += K, total);
    }
    for (int k = 0; k < K && !g.stopped; k++)
        gc_compare(&g, &rows[3], n->db2.data[k], diff_out(&g, k, NULL), 0.0, 0, k);
    free(g.zp);
    n->stage = saved;
    return g.stopped ? 1 : 0;
}
