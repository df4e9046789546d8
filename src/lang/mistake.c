/* mistake: one entry of the catalogue of mistakes (catalogue.h) computed
 * beside the right value, both measured against an independent reference
 * (central differences, or the softmax in long double), so a lesson can
 * show what a gradient check catches. See mistake.h. */
#include "mistake.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "catalogue.h"
#include "literal.h"
#include "print.h"
#include "session.h"
#include "softmax.h"

#define MISTAKE_MAX_PARAMS 20000     /* central differences stay instant */
#define MISTAKE_MAX_WORK 4e8          /* multiply-adds: well under a second */
#define TRACE_MAX_N 4                 /* the question's loop is traced step by step up to n = 4 */

/* max |a - ref| / max |ref| (NaN or inf in a, or another shape: inf) */
static double rel_err(const tensor *a, const tensor *ref)
{
    double worst = 0, scale = 0;
    if (!tensor_same_shape(a, ref))
        return INFINITY;
    for (size_t i = 0; i < tensor_size(ref); i++)
        scale = fmax(scale, fabs(ref->data[i]));
    if (scale < 1e-300)
        scale = 1e-300;
    for (size_t i = 0; i < tensor_size(a); i++) {
        double d = fabs(a->data[i] - ref->data[i]);
        if (!isfinite(d))
            return INFINITY;
        worst = fmax(worst, d / scale);
    }
    return worst;
}

/* keep the results (moved in) of entry e at target t; the window draws
 * them (view check; a mistake of the logits lab beside J) */
static void keep(struct session *S, int e, int t, tensor *wrong, tensor *right, const tensor *ref)
{
    S->err_wrong = rel_err(wrong, ref);
    S->err_right = rel_err(right, ref);
    tensor_move(&S->wrong, wrong);
    tensor_move(&S->right, right);
    S->has_mistake = 1;
    S->mistake_entry = e;
    S->mistake_target = t;
    session_check_release(S);
    S->check.kind = CHECK_MISTAKE;
    S->check.mistake = e;
    S->check.target = t;
    S->check.net_hash = session_net_hash(S);
    session_show(S, t == DT_J ? "jacobian" : "check");
    session_changed(S);
}

/* does every entry of a lie within its bound of ref? */
static int within(const tensor *a, const tensor *ref, const tensor *bound)
{
    for (size_t i = 0; i < tensor_size(a); i++)
        if (!(fabs(a->data[i] - ref->data[i]) <= bound->data[i]))
            return 0;
    return 1;
}

/* the verdicts: with bound, each entry against the reference's error
 * bound (bound is then released); else a relative error below 1e-6 */
static void verdict(struct session *S, const char *what, const tensor *ref, tensor *bound)
{
    int right_ok = bound ? within(&S->right, ref, bound) : S->err_right < 1e-6;
    int wrong_ok = bound ? within(&S->wrong, ref, bound) : S->err_wrong < 1e-6;
    char a[48], b[48], c[48] = "";
    print_number(a, sizeof a, S->err_right, 3);
    print_number(b, sizeof b, S->err_wrong, 3);
    if (bound) {
        /* the reference's own error, relative as err_* are */
        double most = 0, scale = 1e-300;
        for (size_t i = 0; i < tensor_size(ref); i++) {
            most = fmax(most, bound->data[i]);
            scale = fmax(scale, fabs(ref->data[i]));
        }
        print_number(c, sizeof c, most / scale, 2);
        tensor_release(bound);
    }
    print_text(S, "against %s:\n", what);
    if (c[0])
        print_text(S, "  (each entry against its own error bound, for the step and rounding: up to %s of max |J| "
                   "here)\n", c);
    print_text(S, "  right: relative error %s   %s\n  wrong: relative error %s   %s\n", a,
               right_ok ? "passes" : "FAILS", b,
               wrong_ok ? "passes (this mistake does not show here)" : "FAILS: the check catches it");
    print_text(S, "(values: wrong, right, err_wrong, err_right)\n");
}

void mistake_describe(struct session *S, int e, int t)
{
    int act = S->has_net ? (int)S->net.act : ACT_TANH, reg = S->has_net && S->net.reg != 0;
    int at = catalogue[e].enters > t ? t : catalogue[e].enters;
    char buf[256];
    const char *cw, *cr;
    catalogue_code(e, t, act, &cw, &cr);
    print_text(S, "mistake %s: %s\n  wrong: %s\n  right: %s\n", catalogue[e].name, catalogue[e].words,
               catalogue_wrong_formula(e, at, act, reg, buf, sizeof buf), catalogue_right_formula(at, act, reg));
    if (at != t)
        print_text(S, "  and %s = %s inherits it\n", diag_target_name(t),
                   strchr(catalogue_right_formula(t, act, reg), '=') + 2);
    print_text(S, "  the line:  %s\n  should be: %s\n", cw, cr);
}

void mistake_formula(struct session *S, int right)
{
    if (!S->has_mistake)
        return;
    int e = S->mistake_entry, t = S->mistake_target;
    if (right) {
        int act = S->has_net ? (int)S->net.act : ACT_TANH, reg = S->has_net && S->net.reg != 0;
        print_text(S, "%s   (the right one, beside mistake %s)\n", catalogue_right_formula(t, act, reg),
                   catalogue[e].name);
    } else {
        mistake_describe(S, e, t);
        if (!strcmp(catalogue[e].name, "logits"))
            print_text(S, "  wrong = diag(gradient): the vector put in J's place, as a matrix\n");
    }
}

/* the softmax without subtracting the max */
static int naive(struct session *S)
{
    if (!S->has_logits)
        return session_error(S, "mistake naive: no logits yet: type 'logits 1000 999 998'");
    int n = S->z.cols;
    tensor w = TENSOR_INIT, r = TENSOR_INIT, ref = TENSOR_INIT;
    if (catalogue_value(S, catalogue_find("naive"), DT_S, NULL, 0, &w) < 0 || tensor_copy(&r, &S->s) < 0 ||
        tensor_init(&ref, 1, n) < 0) {
        tensor_release(&w);
        tensor_release(&r);
        return session_error(S, "out of memory");
    }
    /* the reference: in long double, shifted by the max */
    long double mx = -INFINITY, tot = 0;
    for (int i = 0; i < n; i++)
        if (S->z.data[i] > mx)
            mx = S->z.data[i];
    for (int i = 0; i < n; i++)
        tot += expl((long double)S->z.data[i] - mx);
    for (int i = 0; i < n; i++)
        ref.data[i] = (double)(expl((long double)S->z.data[i] - mx) / tot);
    print_text(S, "the naive softmax, exp(z_i) / Σ_j exp(z_j), with no max subtracted:\n");
    print_tensor(S, "wrong", &w, 1);
    if (!tensor_all_finite(&w))
        print_text(S, "exp overflows past z ≈ 709.78: the sum is inf, and inf/inf is nan\n");
    print_text(S, "the stable softmax, exp(z_i − max z) / Σ_j exp(z_j − max z): "
                  "the same maths, no overflow\n");
    print_tensor(S, "right", &r, 1);
    keep(S, catalogue_find("naive"), DT_S, &w, &r, &ref);
    verdict(S, "the softmax in long double", &ref, NULL);
    tensor_release(&ref);
    return 0;
}

/* v as the maths writes it: a true minus sign, in parentheses when paren */
static const char *math_num(char *buf, size_t size, double v, int precision, int paren)
{
    char b[48];
    print_number(b, sizeof b, fabs(v), precision);
    if (v < 0)
        snprintf(buf, size, paren ? "(−%s)" : "−%s", b);
    else
        snprintf(buf, size, "%s", b);
    return buf;
}

/* the question's loop, step by step: what it writes at each (i, j) */
static void trace_loop(struct session *S)
{
    int n = S->z.cols, p = S->precision;
    const double *z = S->z.data, *s = S->s.data;
    if (n > TRACE_MAX_N) {
        print_text(S, "(its %d steps are shown one by one for at most %d logits)\n", n * n, TRACE_MAX_N);
        return;
    }
    print_text(S, "step by step (no else: the second line runs at every j, after the first when i == j):\n");
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            char a[64], b[64], c[64], at[32];
            snprintf(at, sizeof at, "i=%d j=%d", i, j);
            math_num(a, sizeof a, s[i], p, 1);
            if (i == j) {
                math_num(b, sizeof b, z[i], p, 1);
                math_num(c, sizeof c, s[i] * (1 - z[i]), p, 0);
                print_text(S, "  %-8s  gradient[%d] = s%d·(1 − z%d) = %s·(1 − %s) = %s\n", at, i, i, i, a, b,
                           c);
                snprintf(at, sizeof at, "   then");
            }
            math_num(b, sizeof b, z[j], p, 1);
            math_num(c, sizeof c, -s[i] * z[j], p, 0);
            print_text(S, "  %-8s  gradient[%d] = −s%d·z%d = −%s·%s = %s\n", at, i, i, j, a, b, c);
        }
}

/* the upstream gradient g of `mistake logits g=[...]`: by default the
 * cross-entropy's for class 0, g = −y ⊘ s with y = e0 (then Jᵀg = s − y) */
static int upstream(struct session *S, const char *text, tensor *g)
{
    int n = S->z.cols, dims;
    char err[200];
    if (!text) {
        if (tensor_init(g, 1, n) < 0)
            return session_error(S, "out of memory");
        g->data[0] = -1.0 / S->s.data[0];
        return 0;
    }
    if (literal_parse(text, g, &dims, 0, LOGITS_MAX, err, sizeof err) < 0)
        return session_error(S, "mistake logits: g: %s", err);
    if (g->rows != 1 || g->cols != n) {
        int r = g->rows, c = g->cols;
        tensor_release(g);
        return session_error(S, "mistake logits: g: the upstream gradient needs %d numbers, one per logit "
                             "(got %d×%d)", n, r, c);
    }
    return 0;
}

/* the question's backward pass, exactly, beside J and Jᵀg */
static int logits(struct session *S, const char *gtext)
{
    if (!S->has_logits)
        return session_error(S, "mistake logits: no logits yet: type 'logits 2 1 0.1'");
    int n = S->z.cols;
    if (n > 1024)
        return session_error(S, "mistake logits: at most 1024 logits (got %d)", n);
    tensor g = TENSOR_INIT, v = TENSOR_INIT, w = TENSOR_INIT, r = TENSOR_INIT, ref = TENSOR_INIT;
    tensor jg = TENSOR_INIT, wg = TENSOR_INIT, bound = TENSOR_INIT;
    if (upstream(S, gtext, &g) < 0)
        return -1;
    int e = catalogue_find("logits");
    double *scratch = malloc(4 * (size_t)n * sizeof *scratch);
    if (!scratch || catalogue_value(S, e, DT_J, NULL, 1, &v) || catalogue_value(S, e, DT_J, NULL, 0, &w) ||
        catalogue_value(S, e, DT_DZ, &g, 0, &wg) || catalogue_right(S, DT_DZ, &g, &jg) ||
        tensor_copy(&r, &S->J) || tensor_init(&ref, n, n) || tensor_init(&bound, n, n)) {
        free(scratch);
        tensor *all[] = { &g, &v, &w, &r, &ref, &jg, &wg, &bound };
        for (size_t k = 0; k < sizeof all / sizeof *all; k++)
            tensor_release(all[k]);
        return session_error(S, "out of memory");
    }
    softmax_jacobian_fd(S->z.data, ref.data, bound.data, n, 1e-5, scratch);
    free(scratch);
    print_text(S, "the question's backward pass, exactly (self.value = s = softmax(z), self.input = z):\n"
                  "    for i in range(len(self.value)):\n"
                  "        for j in range(len(self.input)):\n"
                  "            if i == j:\n"
                  "                self.gradient[i] = self.value[i] * (1-self.input[i])\n"
                  "            self.gradient[i] = -self.value[i]*self.input[j]\n");
    trace_loop(S);
    print_text(S, "what it returns: gradient[i] = −s_i·z%d (the last j overwrites the rest), one number "
               "per class:\n", n - 1);
    print_tensor(S, "gradient", &v, 1);
    print_text(S, "two mistakes: z where s belongs (s_i(1 − z_i), −s_i·z_j for s_i(1 − s_i), −s_i·s_j), and one\n"
                  "vector where the n×n Jacobian J[i][j] = ∂s_i/∂z_j is needed. "
                  "The right one, J = diag(s) − s sᵀ:\n");
    print_tensor(S, "J", &r, 0);
    if (gtext)
        print_text(S, "for the upstream gradient g = ∂L/∂s given:\n");
    else
        print_text(S, "for an upstream gradient g = ∂L/∂s (here the cross-entropy's for class 0, g = −y ⊘ s; "
                      "choose one with g=[...]):\n");
    print_tensor(S, "g", &g, 1);
    print_text(S, "the gradient with respect to z is Jᵀg = s ⊙ (g − g·s):\n");
    print_tensor(S, "dz", &jg, 1);
    print_text(S, "a vector in J's place can only scale g entry by entry, gradient ⊙ g, "
                  "which is diag(gradient)ᵀg:\n");
    print_tensor(S, "gradient ⊙ g", &wg, 1);
    tensor_release(&S->mistake_J);
    tensor_copy(&S->mistake_J, &w);
    keep(S, e, DT_J, &w, &r, &ref);
    verdict(S, "the Jacobian by central differences (wrong = diag(gradient))", &ref, &bound);
    tensor *done[] = { &g, &v, &ref, &jg, &wg };
    for (size_t k = 0; k < sizeof done / sizeof *done; k++)
        tensor_release(done[k]);
    session_changed(S);
    return 0;
}

/* another mistake of the logits lab: its "Jacobian" beside J */
static int lab_mistake(struct session *S, int e)
{
    if (!S->has_logits)
        return session_error(S, "mistake %s: no logits yet: type 'logits 2 1 0.1'", catalogue[e].name);
    int n = S->z.cols;
    if (n > 1024)
        return session_error(S, "mistake %s: at most 1024 logits (got %d)", catalogue[e].name, n);
    tensor w = TENSOR_INIT, r = TENSOR_INIT, ref = TENSOR_INIT, bound = TENSOR_INIT;
    double *scratch = malloc(4 * (size_t)n * sizeof *scratch);
    if (!scratch || catalogue_value(S, e, DT_J, NULL, 0, &w) || tensor_copy(&r, &S->J) || tensor_init(&ref, n, n) ||
        tensor_init(&bound, n, n)) {
        free(scratch);
        tensor_release(&w);
        tensor_release(&r);
        tensor_release(&ref);
        return session_error(S, "out of memory");
    }
    softmax_jacobian_fd(S->z.data, ref.data, bound.data, n, 1e-5, scratch);
    free(scratch);
    mistake_describe(S, e, DT_J);
    print_tensor(S, "wrong", &w, 0);
    print_tensor(S, "right", &r, 0);
    tensor_release(&S->mistake_J);
    tensor_copy(&S->mistake_J, &w);
    keep(S, e, DT_J, &w, &r, &ref);
    verdict(S, "the Jacobian by central differences", &ref, &bound);
    tensor_release(&ref);
    session_changed(S);
    return 0;
}

/* central differences of the summed loss for the parameter P of the net:
 * 0, -1 (out of memory) or ST_STOPPED (P as it was) */
static int numeric_grad(struct session *S, tensor *P, tensor *out)
{
    struct net *n = &S->net;
    if (tensor_init(out, P->rows, P->cols) < 0)
        return -1;
    double h = 1e-5;
    for (size_t i = 0; i < tensor_size(P); i++) {
        double w = P->data[i];
        P->data[i] = w + h;
        double lp = net_loss_sum(n);
        P->data[i] = w - h;
        double lm = net_loss_sum(n);
        P->data[i] = w;
        if (session_interrupted(S)) {
            tensor_release(out);
            return ST_STOPPED;
        }
        out->data[i] = (lp - lm) / (2 * h);
    }
    return 0;
}

/* the net's stages again up to stage, after the central differences ran
 * forward passes on its buffers: one pass, bounded by small_enough, done
 * whatever the stop flag says (it puts back what was there) */
static void restage(struct net *n, int stage)
{
    stop_flag *stop = n->stop;
    n->stop = NULL;
    n->stage = STAGE_NONE;
    net_run_to(n, (enum stage)stage);
    n->stop = stop;
}

/* why a mistake of the net does not show in this state, and what to do */
static const char *hidden_why(const struct session *S, const char *name)
{
    const struct net *n = &S->net;
    if (!strcmp(name, "reg") || !strcmp(name, "reg-double"))
        return "reg is 0, so the L2 term changes nothing: set it, reg = 0.1";
    if (!strcmp(name, "reg-bias"))
        return n->reg == 0 ? "reg is 0: set it, reg = 0.1" : "the biases are 0, so reg·b is 0: set b1 or b2";
    if (!strcmp(name, "batch") || !strcmp(name, "batch-data") || !strcmp(name, "db-first-row"))
        return "one example: N = 1 hides it; use a batch (data moons 20)";
    if (!strcmp(name, "transposed"))
        return "W2 is not square (H ≠ K): delta3·W2 has the wrong shape and numpy refuses it; try net 2 3 3";
    if (!strcmp(name, "gate-z1") && n->act == ACT_RELU)
        return "relu's slope [z1 > 0] is [a1 > 0]: the same either way";
    if (!strncmp(name, "gate-", 5) && strcmp(name, "gate-z1") && !strcmp(name + 5, act_names[n->act]))
        return "that is the net's own activation: the slope is right";
    return "with these values it gives the right numbers";
}

static tensor *param_of(struct net *n, int t)
{
    return t == DT_DW1 ? &n->W1 : t == DT_DB1 ? &n->b1 : t == DT_DB2 ? &n->b2 : &n->W2;
}

/* the work of central differences for P is small enough to answer at once */
static int small_enough(struct session *S, const char *name, const tensor *P)
{
    const struct net *n = &S->net;
    if (tensor_size(P) > MISTAKE_MAX_PARAMS)
        return session_error(S, "mistake %s: the net is too big for an instant check (%zu weights; at most %d)",
                             name, tensor_size(P), MISTAKE_MAX_PARAMS);
    double work = 2.0 * (double)tensor_size(P) * n->n_rows *
                  ((double)n->n_in * n->n_hidden + (double)n->n_hidden * n->n_out);
    if (work > MISTAKE_MAX_WORK)
        return session_error(S, "mistake %s: %zu weights × %d rows is too much for an instant check "
                             "(use a smaller net or batch)", name, tensor_size(P), n->n_rows);
    return 0;
}

/* a mistake of the network's backward pass beside the right gradient */
static int net_mistake(struct session *S, int e)
{
    if (session_need_net(S) < 0)
        return -1;
    struct net *n = &S->net;
    const char *name = catalogue[e].name;
    int t = catalogue[e].shown;
    tensor *P = param_of(n, t);
    if (small_enough(S, name, P) < 0)
        return -1;
    int stage = n->stage, ran = net_run_to(n, STAGE_DB1);
    if (ran == ST_STOPPED)
        return session_status(S, "mistake", ran);
    if (ran < 0) {
        net_run_to(n, stage);
        return session_error(S, "mistake %s: the backward pass overflows with these weights", name);
    }
    tensor w = TENSOR_INIT, r = TENSOR_INIT, ref = TENSOR_INIT;
    int got = catalogue_value(S, e, t, NULL, 0, &w), rc = -1;
    if (got == 0 && catalogue_right(S, t, NULL, &r) == 0) {
        if (tensor_same_shape(&w, &r) && tensor_max_abs_diff(&w, &r) == 0)
            got = 1;
        else
            rc = numeric_grad(S, P, &ref);
    }
    restage(n, stage);
    if (rc == ST_STOPPED) {
        tensor_release(&w);
        tensor_release(&r);
        return session_status(S, "mistake", rc);
    }
    if (rc < 0) {
        tensor_release(&w);
        tensor_release(&r);
        tensor_release(&ref);
        if (got == 1)
            return session_error(S, "mistake %s: %s", name, hidden_why(S, name));
        return session_error(S, "out of memory");
    }
    mistake_describe(S, e, t);
    print_tensor(S, "wrong", &w, 0);
    print_text(S, "the right %s:\n", diag_target_name(t));
    print_tensor(S, "right", &r, 0);
    if (!tensor_same_shape(&w, &r))
        print_text(S, "the shapes differ (%d×%d where %s is %d×%d): the update cannot use it\n", w.rows, w.cols,
                   diag_target_name(t), r.rows, r.cols);
    if (!strcmp(name, "batch")) {
        char num[48];
        print_number(num, sizeof num, (double)n->n_rows, S->precision);
        print_text(S, "right / wrong = N = %s, entry by entry\n", num);
    }
    keep(S, e, t, &w, &r, &ref);
    verdict(S, "central differences of the summed loss", &ref, NULL);
    tensor_release(&ref);
    return 0;
}

int cmd_mistake(struct session *S, int argc, char **argv)
{
    const char *g = argc == 3 ? args_kv(argv[2], "g") : NULL;
    if (argc < 2 || argc > 3 || (argc == 3 && (!g || strcmp(argv[1], "logits"))))
        return session_error(S, "usage: mistake NAME (logits [g=[...]], gate, reg, batch, ...: 'help mistake')");
    int e = catalogue_find(argv[1]);
    if (e < 0) {
        const char *guess = NULL;
        int best = 3;
        for (int k = 0; k < catalogue_count; k++) {
            int d = args_distance(argv[1], catalogue[k].name);
            if (d < best) {
                best = d;
                guess = catalogue[k].name;
            }
        }
        if (guess)
            return session_error(S, "mistake: no mistake '%s' (did you mean '%s'?)", argv[1], guess);
        return session_error(S, "mistake: no mistake '%s' ('help mistake' lists them)", argv[1]);
    }
    if (!strcmp(argv[1], "naive"))
        return naive(S);
    if (!strcmp(argv[1], "logits"))
        return logits(S, g);
    if (diag_target_is_lab(catalogue[e].shown))
        return lab_mistake(S, e);
    return net_mistake(S, e);
}
