/* diagnose: the user's derivative against the right one and the catalogue
 * of mistakes. See diagnose.h. */
#include "diagnose.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "catalogue.h"
#include "io.h"
#include "literal.h"
#include "mistake.h"
#include "print.h"
#include "session.h"

#define RIGHT_REL 1e-9          /* the verdict "right": within this, relative */
#define MATCH_REL 1e-6          /* a catalogue entry matches within this, relative */
#define MAX_ENTRIES 32
#define LAB_MAX_N 1024          /* J is n×n: the catalogue computes 20 of them */
#define SHOW_DIFFS 3            /* step 3 shows the first entries that differ */

/* what the user asked, and what is computed for it */
struct work {
    int t;                      /* the target (DT_) */
    char *gtext, *value, *file; /* g=[...] (dz), the literal, or the file */
    tensor g, u, res, right;    /* upstream gradient; yours; half units; right */
    int vector;                 /* J given as one number per class */
    tensor cand[MAX_ENTRIES];   /* each entry's value (have[e] = 1) */
    int have[MAX_ENTRIES];
    double scale;               /* max |right| (never 0) */
    int stage;                  /* the net's stage before, put back after */
};

static void work_release(struct work *w)
{
    free(w->gtext);
    tensor_release(&w->g);
    tensor_release(&w->u);
    tensor_release(&w->res);
    tensor_release(&w->right);
    for (int e = 0; e < MAX_ENTRIES; e++)
        tensor_release(&w->cand[e]);
}

static double maxabs(const tensor *t)
{
    double m = 0;
    for (size_t i = 0; i < tensor_size(t); i++)
        m = fmax(m, fabs(t->data[i]));
    return m;
}

/* NAME[i][j] (NAME[j] for a row) of entry k of a value of cols columns */
static void entry_name(char *buf, size_t size, const char *name, int rows, int cols, size_t k)
{
    if (rows == 1)
        snprintf(buf, size, "%s[%zu]", name, k);
    else
        snprintf(buf, size, "%s[%zu][%zu]", name, k / (size_t)cols, k % (size_t)cols);
}

/* ---------------------------------------------------------------- */
/* the request                                                        */

/* NAME [g=[...]] = VALUE  |  NAME [g=[...]] FILE */
static int parse_request(struct session *S, char *text, struct work *w)
{
    char *p = text;
    while (*p == ' ')
        p++;
    char name[48];
    size_t len = 0;
    while (*p && *p != ' ' && *p != '=')
        p++, len++;
    snprintf(name, sizeof name, "%.*s", (int)(len < 40 ? len : 40), p - len);
    w->t = diag_target_of(name);
    if (w->t < 0)
        return session_error(S, "diagnose: no derivative '%s' to judge (J, dz, s, delta3, dW2, db2, delta2, "
                             "dW1, db1)", name);
    while (*p == ' ')
        p++;
    if (!strncmp(p, "g=", 2)) {
        char *q = p + 2;
        int depth = 0;
        do {
            depth += (*q == '[') - (*q == ']');
            q++;
        } while (*q && depth > 0);
        w->gtext = malloc((size_t)(q - p));
        if (!w->gtext)
            return session_error(S, "out of memory");
        memcpy(w->gtext, p + 2, (size_t)(q - p - 2));
        w->gtext[q - p - 2] = '\0';
        for (p = q; *p == ' ';)
            p++;
    }
    if (*p == '=') {
        w->value = p + 1;
        while (*w->value == ' ')
            w->value++;
    } else if (*p) {
        w->file = p;
        for (char *e = p + strlen(p); e > p && e[-1] == ' ';)
            *--e = '\0';
    }
    if ((!w->value || !*w->value) && !w->file)
        return session_error(S, "diagnose: give your value: diagnose %s = [...] (or numpy's output, or a FILE.csv or FILE.npy)",
                             name);
    if (w->t == DT_DZ && !w->gtext)
        return session_error(S, "diagnose dz: give the upstream gradient g = ∂L/∂s: diagnose dz g=[...] = VALUE");
    if (w->t != DT_DZ && w->gtext)
        return session_error(S, "diagnose %s: g=[...] is the upstream gradient of dz only", name);
    return 0;
}

/* the state the target needs: logits, or the net's backward pass */
static int prepare(struct session *S, struct work *w)
{
    const char *name = diag_target_name(w->t);
    if (diag_target_is_lab(w->t)) {
        if (!S->has_logits)
            return session_error(S, "diagnose %s: no logits yet: type 'logits 2 1 0.1' first", name);
        if (S->z.cols > LAB_MAX_N)
            return session_error(S, "diagnose %s: at most %d logits (got %d)", name, LAB_MAX_N, S->z.cols);
        if (w->gtext) {
            int dims;
            char err[200];
            if (literal_parse(w->gtext, &w->g, &dims, 0, LOGITS_MAX, err, sizeof err) < 0)
                return session_error(S, "diagnose dz: g: %s", err);
            if (w->g.rows != 1 || w->g.cols != S->z.cols)
                return session_error(S, "diagnose dz: g needs %d numbers, one per logit (got %d×%d)", S->z.cols,
                                     w->g.rows, w->g.cols);
        }
        return 0;
    }
    if (session_need_net(S) < 0)
        return -1;
    w->stage = S->net.stage;
    if (net_run_to(&S->net, STAGE_DB1) < 0) {
        S->net.stage = STAGE_NONE;
        net_run_to(&S->net, w->stage);
        return session_error(S, "diagnose %s: the backward pass overflows with these weights", name);
    }
    return 0;
}

/* the naive softmax overflows somewhere in this state (the logits, or a
 * row of z2) */
static int naive_overflows(const struct session *S, int t)
{
    const tensor *z = diag_target_is_lab(t) ? &S->z : &S->net.z2;
    for (int i = 0; i < z->rows; i++) {
        double sum = 0;
        for (int j = 0; j < z->cols; j++)
            sum += exp(T_AT(z, i, j));
        if (!isfinite(sum) || sum == 0)
            return 1;
    }
    return 0;
}

/* yours, from the literal or the file, as a row when a row is right */
static int read_yours(struct session *S, struct work *w)
{
    const char *name = diag_target_name(w->t);
    char err[400];
    int dims;
    if (w->value) {
        if (literal_parse_res(w->value, &w->u, &w->res, &dims, LIT_NONFINITE, 0, err, sizeof err) < 0)
            return session_error(S, "diagnose %s: %s", name, err);
    } else {
        int rc = io_read_matrix(S->policy, w->file, &w->u, err, sizeof err, S->interrupt);
        if (rc == ST_STOPPED)
            return session_status(S, "diagnose", rc);
        if (rc < 0)
            return session_error(S, "diagnose %s: %s", name, err);
        if ((rc = tensor_init(&w->res, w->u.rows, w->u.cols)) < 0)
            return session_status(S, "diagnose", rc);
    }
    for (size_t k = 0; k < tensor_size(&w->u); k++)
        if (!isfinite(w->u.data[k])) {
            char at[64], num[48];
            entry_name(at, sizeof at, name, w->u.rows, w->u.cols, k);
            print_number(num, sizeof num, w->u.data[k], 4);
            return session_error(S, "diagnose %s: yours holds %s at %s: nothing to compare%s", name, num, at,
                                 naive_overflows(S, w->t) ? "; a softmax without the max subtracted gives that "
                                 "here (the mistake 'naive': mistake naive)" : "");
        }
    if (catalogue_right(S, w->t, &w->g, &w->right) < 0)
        return session_error(S, "out of memory");
    if (w->right.rows == 1 && w->u.cols == 1 && w->u.rows == w->right.cols) {
        w->u.cols = w->u.rows;              /* a column where a row is right: the same numbers */
        w->u.rows = w->res.rows = 1;
        w->res.cols = w->u.cols;
    }
    w->vector = w->t == DT_J && w->u.rows == 1 && w->u.cols == S->z.cols && S->z.cols > 1;
    w->scale = maxabs(&w->right);
    if (!(w->scale > 0))
        w->scale = maxabs(&w->u) > 0 ? maxabs(&w->u) : 1;
    return 0;
}

/* every entry of the catalogue for this state; the number that give a
 * value of yours's shape */
static int candidates(struct session *S, struct work *w)
{
    int n = 0;
    for (int e = 0; e < catalogue_count && e < MAX_ENTRIES; e++) {
        int rc = catalogue_value(S, e, w->t, &w->g, w->vector, &w->cand[e]);
        if (rc < 0)
            return session_error(S, "out of memory");
        w->have[e] = rc == 0;
        if (!w->have[e])
            continue;
        /* an entry that gives the right value here tells nothing */
        if (tensor_same_shape(&w->cand[e], &w->right) &&
            tensor_max_abs_diff(&w->cand[e], &w->right) <= RIGHT_REL * w->scale) {
            w->have[e] = 0;
            tensor_release(&w->cand[e]);
        }
        n += w->have[e] && tensor_same_shape(&w->cand[e], &w->u);
    }
    return n;
}

/* ---------------------------------------------------------------- */
/* the three steps                                                    */

/* step 1: yours against the right value; 1 when right */
static int judge(struct session *S, struct work *w, double *max_abs, double *max_rel)
{
    const char *name = diag_target_name(w->t);
    char a[48], b[48], c[48], at[64];
    int same = tensor_same_shape(&w->u, &w->right), right = same, p = S->precision;
    print_text(S, "diagnose %s: yours (%d×%d) against the right value (%d×%d)\n", name, w->u.rows, w->u.cols,
               w->right.rows, w->right.cols);
    if (!same) {
        print_text(S, "  the shapes differ: %s is %d×%d, yours is %d×%d\n", name, w->right.rows, w->right.cols,
                   w->u.rows, w->u.cols);
        *max_abs = *max_rel = INFINITY;
        print_text(S, "verdict: wrong\n");
        return 0;
    }
    size_t worst = 0;
    double big = -1, coarse = 0;
    for (size_t k = 0; k < tensor_size(&w->u); k++) {
        double d = fabs(w->u.data[k] - w->right.data[k]);
        if (d > big) {
            big = d;
            worst = k;
        }
        right &= d <= w->res.data[k] + RIGHT_REL * w->scale;
        coarse = fmax(coarse, w->res.data[k]);
    }
    *max_abs = big;
    *max_rel = big / w->scale;
    print_number(a, sizeof a, *max_abs, 3);
    print_number(b, sizeof b, *max_rel, 3);
    print_number(c, sizeof c, w->scale, p);
    print_text(S, "  largest error %s, %s relative to max |%s| = %s\n", a, b, name, c);
    entry_name(at, sizeof at, name, w->u.rows, w->u.cols, worst);
    print_number(a, sizeof a, w->u.data[worst], p);
    print_number(b, sizeof b, w->right.data[worst], p);
    print_text(S, "  worst at %s: yours %s, right %s\n", at, a, b);
    if (right && coarse > RIGHT_REL * w->scale)
        print_text(S, "verdict: right, to the digits given (every entry within half a unit of the last "
                      "decimal written)\n");
    else if (right)
        print_text(S, "verdict: right (every entry within 1e-9 relative)\n");
    else
        print_text(S, "verdict: wrong (right means within 1e-9 relative, or to the digits given)\n");
    return right;
}

/* how far entry e's value is from yours, relative to its largest entry
 * (inf when its shape is another); *match: within MATCH_REL or the digits */
static double distance(const struct work *w, int e, int *match)
{
    const tensor *c = &w->cand[e];
    *match = 0;
    if (!w->have[e] || !tensor_same_shape(c, &w->u))
        return INFINITY;
    double sc = maxabs(c), big = 0;
    if (!(sc > 0))
        sc = w->scale;
    int ok = 1;
    for (size_t k = 0; k < tensor_size(c); k++) {
        double d = fabs(w->u.data[k] - c->data[k]);
        big = fmax(big, d);
        ok &= d <= w->res.data[k] + MATCH_REL * sc;
    }
    *match = ok;
    return big / sc;
}

/* step 2: the entry that matches best (or -1), and the closest in *close */
static int search(const struct work *w, int *close, double *close_d)
{
    int best = -1;
    double best_d = INFINITY;
    *close = -1;
    *close_d = INFINITY;
    for (int e = 0; e < catalogue_count && e < MAX_ENTRIES; e++) {
        int match;
        double d = distance(w, e, &match);
        if (d < *close_d) {
            *close_d = d;
            *close = e;
        }
        if (match && d < best_d) {
            best_d = d;
            best = e;
        }
    }
    return best;
}

/* the words for a constant factor c between yours and the right value */
static void factor_words(char *buf, size_t size, double c, int rows)
{
    static const struct { double v; const char *w; } named[] = {
        { -1, "−1: the sign flipped" }, { 2, "2" }, { 0.5, "½" }, { -2, "−2" }, { -0.5, "−½" },
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (fabs(c - named[i].v) <= MATCH_REL * fabs(c)) {
            snprintf(buf, size, "%s", named[i].w);
            return;
        }
    if (rows > 1 && fabs(c - rows) <= MATCH_REL * c) {
        snprintf(buf, size, "N = %d, the number of rows", rows);
        return;
    }
    if (rows > 1 && fabs(c * rows - 1) <= MATCH_REL) {
        snprintf(buf, size, "1/N, N = %d rows", rows);
        return;
    }
    char num[48];
    print_number(num, sizeof num, c, 6);
    snprintf(buf, size, "%s", num);
}

/* yours = c × right for one c over every entry: 1 with *c */
static int constant_factor(const struct work *w, double *c)
{
    int have = 0;
    for (size_t k = 0; k < tensor_size(&w->u); k++) {
        double r = w->right.data[k], u = w->u.data[k], tol = w->res.data[k] + MATCH_REL * w->scale;
        if (fabs(r) <= RIGHT_REL * w->scale) {
            if (fabs(u) > tol)
                return 0;
            continue;
        }
        if (!have) {
            *c = u / r;
            have = 1;
        } else if (fabs(u - *c * r) > w->res.data[k] + MATCH_REL * fabs(*c * r)) {
            return 0;
        }
    }
    return have && fabs(*c - 1) > MATCH_REL;
}

/* step 3: no entry matches: the closest, a constant factor, the first
 * entries that differ, and explain on the first */
static void analyse(struct session *S, const struct work *w, int close, double close_d)
{
    const char *name = diag_target_name(w->t);
    char a[48], b[48], c[48], at[64], first[64] = "";
    int rows = diag_target_is_lab(w->t) ? 1 : S->net.n_rows;
    print_number(a, sizeof a, close_d, 2);
    if (close >= 0)
        print_text(S, "no known mistake matches (to 1e-6 relative, or the digits given); the closest is '%s' "
                   "(%s relative): %s\n", catalogue[close].name, a, catalogue[close].words);
    else
        print_text(S, "no known mistake matches: none gives a %d×%d value here\n", w->u.rows, w->u.cols);
    if (!tensor_same_shape(&w->u, &w->right))
        return;
    double f = 1;
    if (constant_factor(w, &f)) {
        factor_words(c, sizeof c, f, rows);
        print_text(S, "yours is the right value times a constant factor, %s\n", c);
    }
    print_text(S, "the first entries that differ:\n");
    int shown = 0;
    for (size_t k = 0; k < tensor_size(&w->u) && shown < SHOW_DIFFS; k++) {
        double u = w->u.data[k], r = w->right.data[k];
        if (fabs(u - r) <= w->res.data[k] + RIGHT_REL * w->scale)
            continue;
        entry_name(at, sizeof at, name, w->u.rows, w->u.cols, k);
        if (!shown++)
            snprintf(first, sizeof first, "%s", at);
        print_number(a, sizeof a, u, S->precision);
        print_number(b, sizeof b, r, S->precision);
        if (r != 0) {
            print_number(c, sizeof c, u / r, 3);
            print_text(S, "  %s: yours %s, right %s (× %s)\n", at, a, b, c);
        } else {
            print_text(S, "  %s: yours %s, right %s\n", at, a, b);
        }
    }
    if (w->t == DT_DZ)
        print_text(S, "try: explain J (dz = Jᵀg)\n");
    else if (*first)
        print_text(S, "try: explain %s\n", first);
}

/* ---------------------------------------------------------------- */
/* the command                                                        */

/* keep the diagnosis for the window and the values yours, diag_err */
static int keep(struct session *S, struct work *w, int verdict, int match, double max_abs, double max_rel)
{
    struct diagnosis d = { 1, w->t, verdict, match, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT,
                           max_abs, max_rel };
    int same = tensor_same_shape(&w->u, &w->right);
    if (tensor_copy(&d.yours, &w->u) < 0 || tensor_copy(&d.right, &w->right) < 0 ||
        (match >= 0 && tensor_copy(&d.wrong, &w->cand[match]) < 0) ||
        tensor_init(&d.differ, w->u.rows, w->u.cols) < 0) {
        tensor_release(&d.yours);
        tensor_release(&d.right);
        tensor_release(&d.wrong);
        return session_error(S, "out of memory");
    }
    for (size_t k = 0; k < tensor_size(&d.differ); k++)
        d.differ.data[k] = !same || fabs(w->u.data[k] - w->right.data[k]) >
                                    w->res.data[k] + RIGHT_REL * w->scale;
    session_diag_release(S);
    S->diag = d;
    return 0;
}

/* judge, search, analyse: what is printed, and the diagnosis kept */
static int diagnose(struct session *S, struct work *w)
{
    int n = candidates(S, w);
    if (n < 0)
        return -1;
    if (!tensor_same_shape(&w->u, &w->right) && n == 0)
        return session_error(S, "diagnose %s: the right value is %d×%d, yours is %d×%d, and no known mistake "
                             "gives that shape", diag_target_name(w->t), w->right.rows, w->right.cols, w->u.rows,
                             w->u.cols);
    double max_abs, max_rel, close_d;
    if (judge(S, w, &max_abs, &max_rel))
        return keep(S, w, DIAG_RIGHT, -1, max_abs, max_rel);
    int close, best = search(w, &close, &close_d);
    if (best < 0) {
        analyse(S, w, close, close_d);
        return keep(S, w, DIAG_UNKNOWN, -1, max_abs, max_rel);
    }
    char num[48];
    print_number(num, sizeof num, close_d, 2);
    print_text(S, "it is a known mistake, to %s relative:\n", num);
    mistake_describe(S, best, w->t);
    for (int e = 0; e < catalogue_count && e < MAX_ENTRIES; e++) {
        int match;
        if (e == best || (distance(w, e, &match), !match))
            continue;
        if (tensor_max_abs_diff(&w->cand[e], &w->cand[best]) <= RIGHT_REL * w->scale)
            print_text(S, "('%s' gives the same values in this state)\n", catalogue[e].name);
        else
            print_text(S, "('%s' matches the digits given too: give more digits to tell them apart)\n",
                       catalogue[e].name);
    }
    return keep(S, w, DIAG_KNOWN, best, max_abs, max_rel);
}

int cmd_diagnose(struct session *S, int argc, char **argv)
{
    if (argc < 2)
        return session_error(S, "usage: diagnose NAME = VALUE | diagnose NAME FILE.csv|FILE.npy | diagnose dz g=[...] = VALUE");
    char *text = args_join(argc, argv, 1);
    if (!text)
        return session_error(S, "out of memory");
    struct work w;
    memset(&w, 0, sizeof w);
    w.stage = -1;
    int rc = parse_request(S, text, &w);
    if (rc == 0)
        rc = prepare(S, &w);
    if (rc == 0)
        rc = read_yours(S, &w);
    if (rc == 0)
        rc = diagnose(S, &w);
    if (w.stage >= 0) {                 /* the net's stage as it was */
        S->net.stage = STAGE_NONE;
        net_run_to(&S->net, w.stage);
    }
    work_release(&w);
    free(text);
    if (rc == 0) {
        session_show(S, "diagnose");
        session_changed(S);
    }
    return rc;
}
