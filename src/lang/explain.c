/* explain: formulas with the numbers put in. See explain.h. */
#include "explain.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mistake.h"
#include "print.h"
#include "softmax.h"
#include "values.h"

#define SHOW_TERMS 4        /* a sum of more terms shows the first few and "…" */

/* a line under construction */
struct line {
    char buf[2048];
    size_t n;
};

static void add(struct line *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct line *L, const char *fmt, ...)
{
    if (L->n >= sizeof L->buf - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(L->buf + L->n, sizeof L->buf - L->n, fmt, ap);
    va_end(ap);
    if (w > 0)
        L->n += (size_t)w < sizeof L->buf - L->n ? (size_t)w : sizeof L->buf - L->n - 1;
}

/* a number as a student writes it: the session's digits, a real minus
 * sign, and parentheses around a negative factor when paren is set */
static void num(struct line *L, const struct session *S, double v, int paren)
{
    char b[48];
    print_number(b, sizeof b, fabs(v), S->precision);
    if (v < 0 || (v == 0 && signbit(v) && 0))
        add(L, paren ? "(−%s)" : "−%s", b);
    else
        add(L, "%s", b);
}

static void emit(struct session *S, struct line *L)
{
    print_text(S, "%s\n", L->buf);
    L->n = 0;
    L->buf[0] = '\0';
}

/* at term k of n: past SHOW_TERMS of more than SHOW_TERMS + 1, the rest
 * is said as " + … (n terms)" and 1 returned, else 0 */
static int terms_cut(struct line *L, int k, int n)
{
    if (k != SHOW_TERMS || n <= SHOW_TERMS + 1)
        return 0;
    add(L, " + … (%d terms)", n);
    return 1;
}

/* "a·b + c·d + …" over n terms a[k*sa]·b[k*sb]; without b, "a + c + …" */
static void dot_terms(struct line *L, const struct session *S, const double *a, size_t sa,
                      const double *b, size_t sb, int n)
{
    for (int k = 0; k < n; k++) {
        if (terms_cut(L, k, n))
            return;
        if (k)
            add(L, " + ");
        num(L, S, a[k * sa], 1);
        if (b) {
            add(L, "·");
            num(L, S, b[k * sb], 1);
        }
    }
}

/* "exp(z0 − m) + exp(z1 − m) + …" over n logits z */
static void exp_terms(struct line *L, const struct session *S, const double *z, int n, double m)
{
    for (int j = 0; j < n; j++) {
        if (terms_cut(L, j, n))
            return;
        add(L, "%sexp(", j ? " + " : "");
        num(L, S, z[j] - m, 0);
        add(L, ")");
    }
}

/* The formula of one computed entry, row r, column c, with its numbers,
 * up to the " = " before the value: one writer per value */

static void entry_J(struct line *L, const struct session *S, int st, int r, int c)
{
    (void)st;
    if (r != c) {
        add(L, "J[%d][%d] = s%d·(0 − s%d) = ", r, c, r, c);
        num(L, S, S->s.data[r], 0);
        add(L, "·(0 − ");
        num(L, S, S->s.data[c], 0);
        add(L, ") = ");
        return;
    }
    /* 1 − s_r as the program computes it, the sum of the other s_j: a
     * number of its own, so that the factors shown make the product
     * even when s_r rounds to 1 at the digits shown */
    add(L, "J[%d][%d] = s%d·(1 − s%d) = s%d·Σ_{j≠%d} s_j = ", r, c, r, r, r, r);
    num(L, S, S->s.data[r], 0);
    add(L, "·");
    num(L, S, softmax_others(S->s.data, S->s.cols, r), 0);
    add(L, " = ");
}

static void entry_s(struct line *L, const struct session *S, int st, int r, int c)
{
    (void)st;
    (void)r;
    double m = -INFINITY;
    for (int j = 0; j < S->z.cols; j++)
        if (S->z.data[j] > m)
            m = S->z.data[j];
    add(L, "s%d = exp(z%d − max z) / Σ_j exp(z_j − max z) = exp(", c, c);
    num(L, S, S->z.data[c] - m, 0);
    add(L, ") / (");
    exp_terms(L, S, S->z.data, S->z.cols, m);
    add(L, ") = ");
}

/* z1 or z2 */
static void entry_z(struct line *L, const struct session *S, int st, int r, int c)
{
    const struct net *n = &S->net;
    int first = st == STAGE_Z1;
    const tensor *in = first ? &n->x : &n->a1, *W = first ? &n->W1 : &n->W2, *b = first ? &n->b1 : &n->b2;
    const char *iname = first ? "x" : stage_names[STAGE_A1], *wname = first ? "W1" : "W2";
    const char *bname = first ? "b1" : "b2";
    add(L, "%s[%d][%d] = Σ_k %s[%d][k]·%s[k][%d] + %s[%d] = ", stage_names[st], r, c, iname, r, wname, c,
        bname, c);
    dot_terms(L, S, &T_AT(in, r, 0), 1, &T_AT(W, 0, c), (size_t)W->cols, in->cols);
    add(L, " + ");
    num(L, S, b->data[c], 1);
    add(L, " = ");
}

static void entry_a1(struct line *L, const struct session *S, int st, int r, int c)
{
    (void)st;
    const struct net *n = &S->net;
    add(L, "a1[%d][%d] = %s(z1[%d][%d]) = %s(", r, c, act_names[n->act], r, c, act_names[n->act]);
    num(L, S, T_AT(&n->z1, r, c), 0);
    add(L, ") = ");
}

static void entry_a2(struct line *L, const struct session *S, int st, int r, int c)
{
    (void)st;
    const struct net *n = &S->net;
    const double *z = &T_AT(&n->z2, r, 0);
    double m = z[0];
    for (int k = 1; k < n->n_out; k++)
        m = z[k] > m ? z[k] : m;
    add(L, "a2[%d][%d] = exp(z2[%d][%d] − max) / Σ_k exp(z2[%d][k] − max) = exp(", r, c, r, c, r);
    num(L, S, z[c] - m, 0);
    add(L, ") / (");
    exp_terms(L, S, z, n->n_out, m);
    add(L, ") = ");
}

static void entry_delta3(struct line *L, const struct session *S, int st, int r, int c)
{
    (void)st;
    add(L, "delta3[%d][%d] = a2[%d][%d] − y[%d][%d] = ", r, c, r, c, r, c);
    num(L, S, T_AT(&S->net.a2, r, c), 0);
    add(L, " − ");
    num(L, S, T_AT(&S->net.y, r, c), 1);
    add(L, " = ");
}

/* dW2 or dW1 */
static void entry_dW(struct line *L, const struct session *S, int st, int r, int c)
{
    const struct net *n = &S->net;
    int two = st == STAGE_DW2;
    const tensor *in = two ? &n->a1 : &n->x, *d = two ? &n->delta3 : &n->delta2, *W = two ? &n->W2 : &n->W1;
    const char *iname = two ? stage_names[STAGE_A1] : "x", *dname = stage_names[two ? STAGE_DELTA3 : STAGE_DELTA2];
    add(L, "%s[%d][%d] = Σ_n %s[n][%d]·%s[n][%d]", stage_names[st], r, c, iname, r, dname, c);
    if (n->reg != 0)
        add(L, " + reg·%s[%d][%d]", two ? "W2" : "W1", r, c);
    add(L, " = ");
    dot_terms(L, S, &T_AT(in, 0, r), (size_t)in->cols, &T_AT(d, 0, c), (size_t)d->cols, n->n_rows);
    if (n->reg != 0) {
        add(L, " + ");
        num(L, S, n->reg, 0);
        add(L, "·");
        num(L, S, T_AT(W, r, c), 1);
    }
    add(L, " = ");
}

/* db2 or db1 */
static void entry_db(struct line *L, const struct session *S, int st, int r, int c)
{
    (void)r;
    const struct net *n = &S->net;
    int two = st == STAGE_DB2;
    const tensor *d = two ? &n->delta3 : &n->delta2;
    add(L, "%s[%d] = Σ_n %s[n][%d] = ", stage_names[st], c, stage_names[two ? STAGE_DELTA3 : STAGE_DELTA2], c);
    dot_terms(L, S, &T_AT(d, 0, c), (size_t)d->cols, NULL, 0, n->n_rows);
    add(L, " = ");
}

static void entry_delta2(struct line *L, const struct session *S, int st, int r, int c)
{
    (void)st;
    const struct net *n = &S->net;
    double back = 0.0;
    for (int k = 0; k < n->n_out; k++)
        back += T_AT(&n->delta3, r, k) * T_AT(&n->W2, c, k);
    /* the gate f'(z1[r][c]) as the pass computes it, from z1 (the table's
     * gate), written as the lessons write it, from a1[r][c] (relu's from
     * z1) */
    const struct act_info *f = &act_table[n->act];
    double a = T_AT(&n->a1, r, c), z = T_AT(&n->z1, r, c), gate = 1.0;
    act_gate(n->act, &gate, &z, 1);
    char entry[48], slope[160];
    snprintf(entry, sizeof entry, "%s[%d][%d]", stage_names[f->slope_of_z ? STAGE_Z1 : STAGE_A1], r, c);
    act_slope_text(slope, sizeof slope, n->act, entry);
    add(L, "delta2[%d][%d] = (Σ_k delta3[%d][k]·W2[%d][k]) · %s = (", r, c, r, c, slope);
    dot_terms(L, S, &T_AT(&n->delta3, r, 0), 1, &T_AT(&n->W2, c, 0), 1, n->n_out);
    struct line at_num = { .n = 0 };
    num(&at_num, S, f->slope_of_z ? z : a, !f->slope_of_z);
    act_slope_text(slope, sizeof slope, n->act, at_num.buf);
    /* a1 at the digits shown must give the slope shown: near a1 = ±1 (or
     * 0, 1 for the sigmoid) it does not, and the slope is written f′(z1) */
    char shown[48];
    print_number(shown, sizeof shown, a, S->precision);
    double as_shown = act_slope(n->act, strtod(shown, NULL));
    if (!f->slope_of_z && !(fabs(as_shown - gate) <= 5 * pow(10, -S->precision) * fabs(gate))) {
        at_num.n = 0;
        num(&at_num, S, z, 0);
        snprintf(slope, sizeof slope, "%s′(%.40s)", act_names[n->act], at_num.buf);
    }
    add(L, ") · %s = ", slope);
    num(L, S, back, 1);
    add(L, " · ");
    num(L, S, gate, 1);
    add(L, " = ");
}

typedef void entry_writer(struct line *L, const struct session *S, int st, int r, int c);

/* the writer of each computed stage's entries (the loss has none: a number) */
static entry_writer *const stage_writers[STAGE_COUNT] = {
    [STAGE_Z1] = entry_z, [STAGE_A1] = entry_a1, [STAGE_Z2] = entry_z, [STAGE_A2] = entry_a2,
    [STAGE_DELTA3] = entry_delta3, [STAGE_DW2] = entry_dW, [STAGE_DB2] = entry_db,
    [STAGE_DELTA2] = entry_delta2, [STAGE_DW1] = entry_dW, [STAGE_DB1] = entry_db,
};

/* wrong and right: the formulas of the last mistake */
static void mistake_of(struct session *S, const char *name)
{
    if (!strcmp(name, "wrong") || !strcmp(name, "right"))
        mistake_formula(S, name[0] == 'r');
}

/* one entry of a value: row r, column c of t */
static int explain_entry(struct session *S, const char *name, const tensor *t, int r, int c)
{
    struct line L = { .n = 0 };
    double v = T_AT(t, r, c);
    int st = stage_of_name(name);
    entry_writer *write = !strcmp(name, "J") ? entry_J : !strcmp(name, "s") ? entry_s
                        : st > STAGE_NONE ? stage_writers[st] : NULL;
    if (write) {
        write(&L, S, st, r, c);
        num(&L, S, v, 0);
        emit(S, &L);
        return 0;
    }
    /* an input or a parameter */
    int vec = t->rows == 1 && (name[0] == 'b' || name[0] == 'd' ? name[1] == 'b' || name[0] == 'b' : 0);
    char at[48];
    if (!strcmp(name, "z") || vec || !strcmp(name, "b1") || !strcmp(name, "b2"))
        snprintf(at, sizeof at, "[%d]", c);
    else
        snprintf(at, sizeof at, "[%d][%d]", r, c);
    add(&L, "%s%s = ", name, at);
    num(&L, S, v, 0);
    emit(S, &L);
    const char *w = value_words(name);
    const char *kind = !strcmp(name, "z") ? "a logit you set"
                     : !strcmp(name, "x") || !strcmp(name, "y") ? "an input you set"
                     : strchr("Wb", name[0]) && strchr("12", name[1]) && !name[2] ?
                       "a parameter (from net and the seed, or set with NAME = [...], changed by update and train)"
                     : NULL;
    if (kind)
        print_text(S, "  %s: %s\n", kind, w ? w : "");
    else if (w)
        print_text(S, "  %s\n", w);
    mistake_of(S, name);
    return 0;
}

/* the whole value: formula, words, the pieces, the value */
static int explain_value(struct session *S, const char *name)
{
    struct value v;
    if (value_get(S, name, &v) < 0)
        return -1;
    const char *f = value_formula(S, name), *w = value_words(name);
    if (f)
        print_text(S, "%s\n", f);
    if (w)
        print_text(S, "  %s\n", w);
    mistake_of(S, name);
    if (stage_of_name(name) == STAGE_DELTA2) {
        /* the two factors, shown separately */
        struct net *n = &S->net;
        tensor back = TENSOR_INIT, gate = TENSOR_INIT;
        if (tensor_init(&back, n->n_rows, n->n_hidden) || tensor_init(&gate, n->n_rows, n->n_hidden)) {
            tensor_release(&back);
            return session_error(S, "out of memory");
        }
        tensor_matmul(&back, &n->delta3, 0, &n->W2, 1);
        tensor_fill(&gate, 1.0);
        act_gate(n->act, gate.data, n->z1.data, tensor_size(&gate));
        print_tensor(S, "delta3·W2ᵀ", &back, 0);
        print_tensor(S, act_table[n->act].slope, &gate, 0);
        tensor_release(&back);
        tensor_release(&gate);
    }
    if (stage_of_name(name) == STAGE_LOSS && S->format == FORMAT_PRETTY) {
        /* the terms y[n][k]·log a2[n][k] with y[n][k] != 0 (one a row for
         * one-hot targets, more for soft ones), the first few rows */
        struct net *n = &S->net;
        struct line L = { .n = 0 };
        add(&L, "  = −(1/%d)(", n->n_rows);
        int terms = 0;
        for (int i = 0; i < n->n_rows; i++) {
            if (i == SHOW_TERMS && n->n_rows > SHOW_TERMS + 1) {
                add(&L, " + … (%d rows)", n->n_rows);
                break;
            }
            for (int k = 0; k < n->n_out; k++)
                if (T_AT(&n->y, i, k) != 0) {
                    add(&L, "%s", terms++ ? " + " : "");
                    if (T_AT(&n->y, i, k) != 1) {
                        num(&L, S, T_AT(&n->y, i, k), 1);
                        add(&L, "·");
                    }
                    add(&L, "log ");
                    num(&L, S, T_AT(&n->a2, i, k), 0);
                }
        }
        add(&L, ")");
        if (n->reg != 0) {
            /* the L2 term with its numbers: reg/(2N) (reduce=sum) or reg/2 (mean) */
            add(&L, " + ");
            num(&L, S, n->reg, 0);
            if (n->reduce == REDUCE_MEAN)
                add(&L, "/2·(");
            else
                add(&L, "/(2·%d)·(", n->n_rows);
            num(&L, S, tensor_sum_sq(&n->W1), 0);
            add(&L, " + ");
            num(&L, S, tensor_sum_sq(&n->W2), 0);
            add(&L, ")   (‖W1‖² + ‖W2‖²)");
        }
        emit(S, &L);
    }
    if (!strcmp(name, "J") && S->format == FORMAT_PRETTY) {
        struct value sv;
        value_get(S, "s", &sv);
        value_print(S, &sv);
    }
    value_print(S, &v);
    return 0;
}

int explain_run(struct session *S, const char *arg)
{
    char name[32];
    long idx[2] = { 0, 0 };
    int k = value_parse_ref(arg, name, sizeof name, idx);
    if (k < 0)
        return session_error(S, "explain: cannot read '%s' (write NAME, NAME[i] or NAME[i,j])", arg);
    if (k == 0)
        return explain_value(S, name);
    double dummy;
    if (value_entry(S, arg, &dummy) < 0) {
        char why[sizeof S->err];
        snprintf(why, sizeof why, "%s", S->err);
        return session_error(S, "explain: %s", why);
    }
    struct value v;
    if (value_get(S, name, &v) < 0)
        return -1;
    long r = k == 1 ? 0 : idx[0], c = k == 1 ? idx[0] : idx[1];
    return explain_entry(S, name, v.t, (int)r, (int)c);
}
