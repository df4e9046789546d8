/* values: named values, their formulas and their words. See values.h. */
#include "values.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

int value_known(const char *name)
{
    const char *const *names = value_names();
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* a value shown as a vector: z, s, the biases and the stages of one row
 * (db1, db2) */
static int is_vector_name(const char *name)
{
    static const char *const vec[] = { "z", "s", "b1", "b2" };
    for (size_t i = 0; i < sizeof vec / sizeof *vec; i++)
        if (strcmp(vec[i], name) == 0)
            return 1;
    int st = stage_of_name(name);
    return st > STAGE_NONE && stage_table[st].rows == '1' && stage_table[st].cols != '1';
}

int value_get(struct session *S, const char *name, struct value *v)
{
    memset(v, 0, sizeof *v);
    v->name = name;
    v->vector = is_vector_name(name);
    if (!strcmp(name, "z") || !strcmp(name, "s") || !strcmp(name, "J")) {
        if (!S->has_logits)
            return session_error(S, "'%s' is not set yet: type 'logits 2 1 0.1' first", name);
        v->t = !strcmp(name, "z") ? &S->z : !strcmp(name, "s") ? &S->s : &S->J;
        return 0;
    }
    if (!strcmp(name, "wrong") || !strcmp(name, "right") || !strcmp(name, "err_wrong") ||
        !strcmp(name, "err_right")) {
        if (!S->has_mistake)
            return session_error(S, "'%s' comes from a mistake: type 'mistake' first", name);
        if (!strcmp(name, "wrong") || !strcmp(name, "right"))
            v->t = !strcmp(name, "wrong") ? &S->wrong : &S->right;
        else
            v->scalar = !strcmp(name, "err_wrong") ? S->err_wrong : S->err_right;
        return 0;
    }
    if (!strcmp(name, "yours") || !strcmp(name, "diag_err")) {
        if (!S->diag.has)
            return session_error(S, "'%s' comes from a diagnosis: type 'diagnose NAME = VALUE' first", name);
        if (!strcmp(name, "yours"))
            v->t = &S->diag.yours;
        else
            v->scalar = S->diag.max_rel;
        return 0;
    }
    if (!strcmp(name, "curve")) {
        if (S->curve.rows == 0)
            return session_error(S, "'curve' is empty: 'train' records the loss curve");
        v->t = &S->curve;
        return 0;
    }
    if (!value_known(name)) {
        const char *guess = names_suggest(name);
        if (guess)
            return session_error(S, "unknown name '%s' (did you mean '%s'?)", name, guess);
        return session_error(S, "unknown name '%s' (type 'help' for the names)", name);
    }
    if (session_need_net(S) < 0)
        return -1;
    if (!strcmp(name, "reg")) {
        v->scalar = S->net.reg;
        return 0;
    }
    int st = net_stage_of(name);
    if (st > S->net.stage)
        return session_error(S, "'%s' is not computed yet (stage: %s); type 'step' or '%s'", name,
                             stage_names[S->net.stage], st <= STAGE_LAST_FORWARD ? "forward" : "backward");
    if (st == STAGE_LOSS) {
        v->scalar = S->net.loss;
        return 0;
    }
    v->t = net_tensor(&S->net, name);
    return 0;
}

void value_print(struct session *S, const struct value *v)
{
    if (S->quiet)
        return;
    if (v->t) {
        print_tensor(S, v->name, v->t, v->vector);
        return;
    }
    print_scalar(S, v->name, v->scalar);
    const struct net *n = &S->net;
    if (stage_of_name(v->name) == STAGE_LOSS && print_json(S))     /* the summary of pretty's line */
        print_report(S, stage_names[STAGE_LOSS], "rows:i reduce:s reg:n summed:n", n->n_rows,
                     reduce_names[n->reduce], n->reg, n->loss_sum);
    if (stage_of_name(v->name) == STAGE_LOSS && S->format == FORMAT_PRETTY) {
        char num[48];
        print_number(num, sizeof num, n->loss_sum, S->precision);
        const char *rows = n->n_rows == 1 ? "" : "s";
        if (n->reg == 0.0)
            fprintf(S->out, "  (the mean over %d row%s; summed: %s)\n", n->n_rows, rows, num);
        else if (n->reduce == REDUCE_MEAN)
            fprintf(S->out, "  (reduce=mean: the mean over %d row%s of the cross-entropy + reg/2·(‖W1‖² + ‖W2‖²); "
                    "the summed loss Σ_n CE_n + reg/2·(‖W1‖² + ‖W2‖²), whose gradients are shown: %s)\n",
                    n->n_rows, rows, num);
        else
            fprintf(S->out, "  (reduce=sum: the summed loss Σ_n CE_n + reg/2·(‖W1‖² + ‖W2‖²) = %s, "
                    "divided by N = %d)\n", num, n->n_rows);
    }
}

int value_show(struct session *S, const char *name)
{
    struct value v;
    if (value_get(S, name, &v) < 0)
        return -1;
    value_print(S, &v);
    return 0;
}

int value_show_all(struct session *S, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (value_show(S, names[i]) < 0)
            return -1;
    return 0;
}

const char *value_formula(const struct session *S, const char *name)
{
    int st = stage_of_name(name);
    if (st > STAGE_NONE)
        return stage_formula(st, S->has_net ? (int)S->net.act : ACT_TANH,
                             S->has_net ? net_formula_variant(&S->net) : 0);
    if (!strcmp(name, "s"))
        return "s = softmax(z),  s_i = exp(z_i − max z) / Σ_j exp(z_j − max z)";
    if (!strcmp(name, "J"))
        return "J = diag(s) − s sᵀ,  J[i][j] = ∂s_i/∂z_j = s_i·(δ_ij − s_j)";
    return NULL;
}

const char *value_words(const char *name)
{
    /* the stages' values have theirs in the table of stages */
    static const struct { const char *name, *words; } w[] = {
        { "z", "the logits: one per class, any real number or −inf" },
        { "s", "the softmax of z: each in [0, 1] (0 only for a −inf logit, or one so far below the "
               "largest that exp underflows), summing to 1; a larger logit gets a larger share" },
        { "J", "the softmax Jacobian: how each s_i moves when z_j moves; symmetric, its rows and columns "
               "sum to 0" },
        { "x", "the inputs: one row per example (N×D)" },
        { "y", "the targets: a row per example (N×K), one-hot, or soft: entries ≥ 0 summing to 1 (within 1e-9); "
               "set with class labels, y = [0, 1], or with rows, y = [[0.25, 0.75]]" },
        { "W1", "the first layer's weights (D×H)" },
        { "b1", "the first layer's biases (H)" },
        { "W2", "the second layer's weights (H×K)" },
        { "b2", "the second layer's biases (K)" },
        { "reg", "the L2 regularisation strength: the summed loss L gains reg/2·(‖W1‖² + ‖W2‖²) and dW1, dW2 "
                 "gain reg·W1, reg·W2 (biases are not regularised); the loss shown gains reg/(2N)·(‖W1‖² + "
                 "‖W2‖²) with reduce=sum, reg/2·(‖W1‖² + ‖W2‖²) with reduce=mean" },
        { "curve", "the loss curve of the last 'train': a row (pass, loss) per recorded pass" },
        { "wrong", "the mistaken result of the last 'mistake'" },
        { "right", "the right result, beside 'wrong'" },
        { "err_wrong", "how far 'wrong' is from the independent reference (relative)" },
        { "err_right", "how far 'right' is from the independent reference (relative)" },
        { "yours", "the value you gave the last 'diagnose'" },
        { "diag_err", "the largest error of 'yours' relative to the largest right entry (inf: another shape)" },
    };
    int st = stage_of_name(name);
    if (st > STAGE_NONE)
        return stage_table[st].words;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (!strcmp(w[i].name, name))
            return w[i].words;
    return NULL;
}

int value_parse_ref(const char *arg, char *name, size_t size, long idx[2])
{
    size_t n = 0;
    while (arg[n] && (isalnum((unsigned char)arg[n]) || arg[n] == '_'))
        n++;
    if (n == 0 || n >= size)
        return -1;
    memcpy(name, arg, n);
    name[n] = '\0';
    const char *p = arg + n;
    int k = 0;
    while (*p) {
        if (*p != '[' || k == 2)
            return -1;
        p++;
        for (;;) {
            while (*p == ' ')
                p++;
            char *end;
            if (!isdigit((unsigned char)*p))
                return -1;
            idx[k++] = strtol(p, &end, 10);
            p = end;
            while (*p == ' ')
                p++;
            if (*p == ',' && k < 2) {
                p++;
                continue;
            }
            if (*p != ']')
                return -1;
            p++;
            break;
        }
    }
    return k;
}

int value_entry(struct session *S, const char *ref, double *out)
{
    char name[32];
    long idx[2] = { 0, 0 };
    int k = value_parse_ref(ref, name, sizeof name, idx);
    if (k < 0)
        return session_error(S, "cannot read '%s' (write NAME, NAME[i] or NAME[i][j])", ref);
    struct value v;
    if (value_get(S, name, &v) < 0)
        return -1;
    if (!v.t) {
        if (k > 0)
            return session_error(S, "'%s' is a single number: write %s", name, name);
        *out = v.scalar;
        return 0;
    }
    long r = idx[0], c = idx[1];
    if (k == 0) {
        if (v.t->rows * v.t->cols != 1)
            return session_error(S, "'%s' is %d×%d: name one entry, %s[i][j]", name, v.t->rows, v.t->cols, name);
        r = c = 0;
    } else if (k == 1) {
        if (v.t->rows != 1)
            return session_error(S, "'%s' is %d×%d: give a row and a column, %s[i][j]", name, v.t->rows,
                                 v.t->cols, name);
        c = r;
        r = 0;
    }
    if (r >= v.t->rows || c >= v.t->cols) {
        if (v.t->rows == 1)
            return session_error(S, "index %ld is out of range for %s (0..%d)", c, name, v.t->cols - 1);
        return session_error(S, "index [%ld][%ld] is out of range for %s (%d×%d)", r, c, name, v.t->rows,
                             v.t->cols);
    }
    *out = T_AT(v.t, r, c);
    return 0;
}
