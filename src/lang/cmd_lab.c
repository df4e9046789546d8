/* cmd_lab: the logits lab's commands. See cmd_lab.h. */
#include "cmd_lab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "literal.h"
#include "print.h"
#include "softmax.h"
#include "termheat.h"
#include "values.h"

#define FD_STEP_J 1e-6          /* central-difference step for the Jacobian */

int lab_set_logits(struct session *S, const tensor *z)
{
    if (z->rows != 1)
        return session_error(S, "logits must be one row (got %d×%d)", z->rows, z->cols);
    if (z->cols > LOGITS_MAX)
        return session_error(S, "too many logits (%d; the limit is %d)", z->cols, LOGITS_MAX);
    /* J keeps its buffer when n is unchanged: 128 MiB at n = 4096, whose
     * fresh pages would cost more than computing J */
    int n = z->cols, keep_J = S->J.rows == n && S->J.cols == n;
    tensor nz = TENSOR_INIT, ns = TENSOR_INIT, nJ = TENSOR_INIT;
    if (tensor_copy(&nz, z) || tensor_init(&ns, 1, n) || (!keep_J && tensor_init(&nJ, n, n))) {
        tensor_release(&nz);
        tensor_release(&ns);
        return session_error(S, "out of memory for %d logits", n);
    }
    if (softmax(nz.data, ns.data, n) < 0) {
        tensor_release(&nz);
        tensor_release(&ns);
        tensor_release(&nJ);
        return session_error(S, "every logit is -inf: softmax needs at least one finite logit");
    }
    /* nothing fails from here on: the old J may be overwritten */
    if (!keep_J)
        tensor_move(&S->J, &nJ);
    softmax_jacobian(ns.data, S->J.data, n);
    tensor_move(&S->z, &nz);
    tensor_move(&S->s, &ns);
    S->has_logits = 1;
    tensor_release(&S->mistake_J);      /* it belonged to the old logits */
    session_show(S, "jacobian");
    return 0;
}

int cmd_logits(struct session *S, int argc, char **argv)
{
    static const char *const zs[] = { "z", "s", NULL };
    if (argc < 2)
        return value_show_all(S, zs);
    /* the arguments are one literal: "2 1 0.1" or "[2, 1, 0.1]" */
    char *text = args_join(argc, argv, 1), err[200];
    if (!text)
        return session_error(S, "out of memory");
    tensor z = TENSOR_INIT;
    int dims;
    int rc = literal_parse(text, &z, &dims, LIT_NEG_INF, LOGITS_MAX, err, sizeof err);
    free(text);
    if (rc < 0)
        return session_error(S, "logits: %s", err);
    rc = lab_set_logits(S, &z);
    tensor_release(&z);
    if (rc < 0)
        return -1;
    session_changed(S);
    return value_show_all(S, zs);
}

int cmd_jacobian(struct session *S, int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && strcmp(argv[1], "check") != 0))
        return session_error(S, "usage: jacobian [check]");
    struct value v;
    if (value_get(S, "J", &v) < 0)
        return -1;
    if (argc == 1) {
        if (S->format == FORMAT_PRETTY)
            fprintf(S->out, "J = diag(s) − s sᵀ   (J[i][j] = ∂s_i/∂z_j; rows sum to 0)\n");
        value_print(S, &v);
        /* on a colour terminal, the heatmap too (the window's map, ±0.25) */
        enum termheat_mode mode = S->format == FORMAT_PRETTY ? termheat_mode(S->out) : TERMHEAT_NONE;
        if (mode != TERMHEAT_NONE)
            termheat_print(S->out, &S->J, 0.25, mode, 32);
        return 0;
    }
    /* the check: central differences of softmax, and the vector form */
    int n = S->z.cols;
    if (n > 1024)
        return session_error(S, "jacobian check: %d logits is too many to check (the limit is 1024)", n);
    tensor fd = TENSOR_INIT, bound = TENSOR_INIT;
    double *scratch = malloc((size_t)4 * n * sizeof *scratch);
    double *g = malloc((size_t)2 * n * sizeof *g);
    if (!scratch || !g || tensor_init(&fd, n, n) < 0 || tensor_init(&bound, n, n) < 0) {
        free(scratch);
        free(g);
        tensor_release(&fd);
        return session_error(S, "out of memory");
    }
    softmax_jacobian_fd(S->z.data, fd.data, bound.data, n, FD_STEP_J, scratch);
    /* every entry within the error bound of the comparison; the worst
     * one, as a fraction of its bound */
    double err_fd = 0.0, ratio = 0.0;
    int worst = 0;
    for (size_t k = 0; k < tensor_size(&fd); k++) {
        double d = fabs(S->J.data[k] - fd.data[k]);
        err_fd = fmax(err_fd, d);
        if (!(d <= ratio * bound.data[k])) {
            ratio = d / bound.data[k];
            worst = (int)k;
        }
    }
    /* J g two ways, for g = (1, 2, ..., n): the matrix, and s (.) (g - g.s) */
    double err_jvp = 0.0;
    for (int i = 0; i < n; i++)
        g[i] = i + 1;
    softmax_jvp(S->s.data, g, g + n, n);
    for (int i = 0; i < n; i++) {
        double acc = 0.0;
        for (int j = 0; j < n; j++)
            acc += T_AT(&S->J, j, i) * g[j];
        double d = fabs(acc - g[n + i]);
        if (d > err_jvp)
            err_jvp = d;
    }
    print_tensor(S, "J_fd", &fd, 0);
    char a[48], b[48], r[48];
    print_number(a, sizeof a, err_fd, 3);
    print_number(b, sizeof b, err_jvp, 3);
    print_number(r, sizeof r, ratio, 2);
    print_text(S, "J_fd: central differences at z − max z (the same s and J), steps 1e-06·max(1, |z_j|)\n");
    int worst_at[2] = { worst / n, worst % n }, ok_jvp = err_jvp < 1e-12 * n * n;
    if (print_report(S, "jacobian check", "against:s max_abs_err:n max_bound_ratio:n worst:a ok:b",
                     "central differences", err_fd, ratio, 2, worst_at, ratio <= 1.0))
        ;
    else if (ratio <= 1.0)
        fprintf(S->out, "max |J − J_fd| = %s, at most %s of each entry's error bound (step and rounding): ok\n",
                a, r);
    else
        fprintf(S->out, "max |J − J_fd| = %s; J[%d][%d] is off by %s times its error bound: MISMATCH\n", a,
                worst_at[0], worst_at[1], r);
    if (!print_report(S, "jacobian check", "against:s max_abs_err:n ok:b", "vector form, g = 1..n", err_jvp,
                      ok_jvp))
        fprintf(S->out, "max |Jᵀg − s ⊙ (g − g·s)| = %s  (the vector form, g = 1..%d): %s\n", b, n,
                ok_jvp ? "ok" : "MISMATCH");
    /* the window draws J, J_fd and their difference */
    session_check_release(S);
    if (tensor_copy(&S->check.z, &S->z) == 0) {
        tensor_move(&S->check.fd, &fd);
        S->check.kind = CHECK_JACOBIAN;
        S->check.ok = ratio <= 1.0;
        session_show(S, "check");
        session_changed(S);
    }
    tensor_release(&fd);
    tensor_release(&bound);
    free(scratch);
    free(g);
    return 0;
}

