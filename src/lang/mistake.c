/* mistake: the classic wrong versions of the derivatives, computed beside
 * the right ones and both measured against an independent reference, so a
 * lesson can show what a gradient check catches. See mistake.h. */
#include "mistake.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"
#include "session.h"
#include "softmax.h"

#define MISTAKE_MAX_PARAMS 20000     /* central differences stay instant */
#define MISTAKE_MAX_WORK 4e8          /* multiply-adds: well under a second */

const char *const mistake_words[] = { "naive", "logits", "gate", "reg", "batch", NULL };

/* max |a - ref| / max |ref| (NaN or inf in a: inf) */
static double rel_err(const tensor *a, const tensor *ref)
{
    double worst = 0, scale = 0;
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

/* keep the results (moved in) */
static void keep(struct session *S, tensor *wrong, tensor *right, const tensor *ref)
{
    S->err_wrong = rel_err(wrong, ref);
    S->err_right = rel_err(right, ref);
    tensor_move(&S->wrong, wrong);
    tensor_move(&S->right, right);
    S->has_mistake = 1;
}

static void verdict(struct session *S, const char *what)
{
    char a[48], b[48];
    print_number(a, sizeof a, S->err_right, 3);
    print_number(b, sizeof b, S->err_wrong, 3);
    fprintf(S->out, "against %s:\n  right: relative error %s   %s\n  wrong: relative error %s   %s\n",
            what, a, S->err_right < 1e-6 ? "passes" : "FAILS", b,
            S->err_wrong < 1e-6 ? "passes (this mistake does not show here)" : "FAILS: the check catches it");
    fputs("(values: wrong, right, err_wrong, err_right)\n", S->out);
}

/* the softmax without subtracting the max */
static int naive(struct session *S)
{
    if (!S->has_logits)
        return session_error(S, "mistake naive: no logits yet: type 'logits 1000 999 998'");
    int n = S->z.cols;
    tensor w = TENSOR_INIT, r = TENSOR_INIT, ref = TENSOR_INIT;
    if (tensor_init(&w, 1, n) || tensor_init(&r, 1, n) || tensor_init(&ref, 1, n)) {
        tensor_release(&w);
        tensor_release(&r);
        return session_error(S, "out of memory");
    }
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += w.data[i] = exp(S->z.data[i]);
    for (int i = 0; i < n; i++)
        w.data[i] /= sum;
    memcpy(r.data, S->s.data, (size_t)n * sizeof *r.data);
    /* the reference: in long double, shifted by the max */
    long double mx = -INFINITY, tot = 0;
    for (int i = 0; i < n; i++)
        if (S->z.data[i] > mx)
            mx = S->z.data[i];
    for (int i = 0; i < n; i++)
        tot += expl((long double)S->z.data[i] - mx);
    for (int i = 0; i < n; i++)
        ref.data[i] = (double)(expl((long double)S->z.data[i] - mx) / tot);
    fputs("the naive softmax, exp(z_i) / Σ_j exp(z_j), with no max subtracted:\n", S->out);
    print_tensor(S, "wrong", &w, 1);
    if (!isfinite(sum))
        fputs("exp overflows past z ≈ 709.78: the sum is inf, and inf/inf is nan\n", S->out);
    fputs("the stable softmax, exp(z_i − max z) / Σ_j exp(z_j − max z): the same maths, no overflow\n",
          S->out);
    print_tensor(S, "right", &r, 1);
    keep(S, &w, &r, &ref);
    tensor_release(&ref);
    verdict(S, "the softmax in long double");
    return 0;
}

/* the question's backward pass: the logits where s belongs, and a number
 * where the n x n Jacobian is needed, overwritten in its loop */
static int logits(struct session *S)
{
    if (!S->has_logits)
        return session_error(S, "mistake logits: no logits yet: type 'logits 2 1 0.1'");
    int n = S->z.cols;
    if (n > 1024)
        return session_error(S, "mistake logits: at most 1024 logits (got %d)", n);
    tensor w = TENSOR_INIT, r = TENSOR_INIT, ref = TENSOR_INIT;
    double *scratch = malloc(3 * (size_t)n * sizeof *scratch);
    if (!scratch || tensor_init(&w, n, n) || tensor_init(&r, n, n) || tensor_init(&ref, n, n)) {
        free(scratch);
        tensor_release(&w);
        tensor_release(&r);
        tensor_release(&ref);
        return session_error(S, "out of memory");
    }
    double grad = 0;
    for (int i = 0; i < n; i++)
        grad = S->z.data[i] * (1 - S->z.data[i]);      /* overwritten: only the last survives */
    for (int i = 0; i < n; i++)
        T_AT(&w, i, i) = grad;                          /* used as grad ⊙ g: grad·I */
    memcpy(r.data, S->J.data, tensor_size(&r) * sizeof *r.data);
    softmax_jacobian_fd(S->z.data, ref.data, n, 1e-5, scratch);
    free(scratch);
    fputs("the mistaken backward pass (from the classic question):\n"
          "    for i in range(len(z)):\n"
          "        grad = z[i] * (1 - z[i])    # logits, not s; and overwritten each time\n"
          "    return grad * g                 # a number times g: grad·I, not J\n", S->out);
    print_tensor(S, "wrong", &w, 0);
    fputs("the right one: J = diag(s) − s sᵀ, with s = softmax(z), and Jᵀg for g\n", S->out);
    print_tensor(S, "right", &r, 0);
    tensor_release(&S->mistake_J);
    tensor_copy(&S->mistake_J, &w);
    keep(S, &w, &r, &ref);
    tensor_release(&ref);
    verdict(S, "the Jacobian by central differences");
    session_changed(S);
    return 0;
}

/* central differences of the summed loss for the parameter P of the net */
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
        out->data[i] = (lp - lm) / (2 * h);
    }
    return 0;
}

/* gate, reg, batch: a wrong gradient of the network beside the right one */
static int net_mistake(struct session *S, const char *kind)
{
    if (session_need_net(S) < 0)
        return -1;
    struct net *n = &S->net;
    int gate = !strcmp(kind, "gate"), reg = !strcmp(kind, "reg");
    tensor *P = gate ? &n->W1 : &n->W2;
    if (tensor_size(P) > MISTAKE_MAX_PARAMS)
        return session_error(S, "mistake %s: the net is too big for an instant check (%zu weights; at most %d)",
                             kind, tensor_size(P), MISTAKE_MAX_PARAMS);
    /* central differences: two forward passes per weight */
    double work = 2.0 * (double)tensor_size(P) * n->n_rows *
                  ((double)n->n_in * n->n_hidden + (double)n->n_hidden * n->n_out);
    if (work > MISTAKE_MAX_WORK)
        return session_error(S, "mistake %s: %zu weights × %d rows is too much for an instant check "
                             "(use a smaller net or batch)", kind, tensor_size(P), n->n_rows);
    if (reg && n->reg == 0)
        return session_error(S, "mistake reg: reg is 0, so leaving it out changes nothing: set it, reg = 0.1");
    if (!strcmp(kind, "batch") && n->n_rows < 2)
        return session_error(S, "mistake batch: one example: N = 1 hides it; use a batch (data moons 20)");
    int stage = n->stage;
    if (net_run_to(n, STAGE_DB1) < 0) {
        net_run_to(n, stage);
        return session_error(S, "mistake %s: the backward pass overflows with these weights", kind);
    }
    tensor w = TENSOR_INIT, r = TENSOR_INIT, ref = TENSOR_INIT, back = TENSOR_INIT;
    int rc = -1;
    const char *formula = "";
    if (tensor_copy(&r, gate ? &n->dW1 : &n->dW2) < 0 || tensor_init(&w, P->rows, P->cols) < 0)
        goto done;
    if (gate) {
        /* dW1 = xᵀ·(delta3·W2ᵀ) + reg·W1: the ⊙ act'(z1) forgotten */
        if (tensor_init(&back, n->n_rows, n->n_hidden) < 0)
            goto done;
        tensor_matmul(&back, &n->delta3, 0, &n->W2, 1);
        tensor_matmul(&w, &n->x, 1, &back, 0);
        for (size_t i = 0; i < tensor_size(&w); i++)
            w.data[i] += n->reg * n->W1.data[i];
        formula = "dW1 = xᵀ·(delta3·W2ᵀ) + reg·W1   (the ⊙ (1 − a1²) forgotten)";
    } else if (reg) {
        for (size_t i = 0; i < tensor_size(&w); i++)
            w.data[i] = r.data[i] - n->reg * n->W2.data[i];
        formula = "dW2 = a1ᵀ·delta3   (the + reg·W2 of the L2 term forgotten)";
    } else {
        for (size_t i = 0; i < tensor_size(&w); i++)
            w.data[i] = r.data[i] / n->n_rows;
        formula = "dW2 / N: the gradient of the mean loss, used where the summed loss is checked";
    }
    if (numeric_grad(S, P, &ref) < 0)
        goto done;
    rc = 0;
done:
    /* the central differences ran forward passes: compute the stages again */
    n->stage = STAGE_NONE;
    net_run_to(n, stage);
    tensor_release(&back);
    if (rc < 0) {
        tensor_release(&w);
        tensor_release(&r);
        tensor_release(&ref);
        return session_error(S, "out of memory");
    }
    fprintf(S->out, "the mistake: %s\n", formula);
    print_tensor(S, "wrong", &w, 0);
    fprintf(S->out, "the right %s:\n", stage_names[gate ? STAGE_DW1 : STAGE_DW2]);
    print_tensor(S, "right", &r, 0);
    if (!strcmp(kind, "batch")) {
        char num[48];
        print_number(num, sizeof num, (double)n->n_rows, S->precision);
        fprintf(S->out, "right / wrong = N = %s, entry by entry\n", num);
    }
    keep(S, &w, &r, &ref);
    tensor_release(&ref);
    verdict(S, "central differences of the summed loss");
    return 0;
}

int cmd_mistake(struct session *S, int argc, char **argv)
{
    if (argc != 2)
        return session_error(S, "usage: mistake naive|logits|gate|reg|batch");
    const char *k = argv[1];
    if (!strcmp(k, "naive"))
        return naive(S);
    if (!strcmp(k, "logits"))
        return logits(S);
    if (!strcmp(k, "gate") || !strcmp(k, "reg") || !strcmp(k, "batch"))
        return net_mistake(S, k);
    return session_error(S, "mistake: no mistake '%s' (naive, logits, gate, reg, batch)", k);
}
