/* command: the command language. One table of commands drives dispatch,
 * help, completion and the lesson player. See command.h.
 *
 * Every handler checks all of its input before it changes the session,
 * so a command that fails leaves the state exactly as it was. */
#include "command.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "explain.h"
#include "lesson.h"
#include "literal.h"
#include "mistake.h"
#include "print.h"
#include "record.h"
#include "rng.h"
#include "termheat.h"
#include "softmax.h"
#include "traincmd.h"
#include "values.h"
#include "viewcmd.h"

#define MAX_ARGS 64
#define FD_STEP_J 1e-6          /* central-difference step for the Jacobian */
#define FD_STEP_NET 1e-5        /* ... and for the network's parameters */

/* ---------------------------------------------------------------- */
/* small helpers                                                      */

/* "key=value" arguments: the value when argv[i] starts with key=, else NULL */
static const char *kv(const char *arg, const char *key)
{
    size_t n = strlen(key);
    return strncmp(arg, key, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

static int parse_double(struct session *S, const char *what, const char *text, double *v)
{
    char err[200];
    if (literal_number(text, v, 0, err, sizeof err) < 0)
        return session_error(S, "%s: %s", what, err);
    return 0;
}

/* an integer in [lo, hi] */
static int parse_int(struct session *S, const char *what, const char *text, long lo, long hi, long *v)
{
    char *end;
    if (!*text)
        return session_error(S, "%s: missing number", what);
    long x = strtol(text, &end, 10);
    if (*end || end == text)
        return session_error(S, "%s: '%s' is not a whole number", what, text);
    if (x < lo || x > hi)
        return session_error(S, "%s: %s is out of range (%ld to %ld)", what, text, lo, hi);
    *v = x;
    return 0;
}

static int need_net(struct session *S)
{
    if (!S->has_net)
        return session_error(S, "no network yet: type 'net 2 3 2' first");
    return 0;
}

static int no_args(struct session *S, int argc, char **argv)
{
    if (argc > 1)
        return session_error(S, "'%s' takes no arguments (got '%s')", argv[0], argv[1]);
    return 0;
}

/* the caption of a stage in pretty output: "[3/11] z2 = a1·W2 + b2" */
static void stage_caption(struct session *S, int st)
{
    if (S->format != FORMAT_PRETTY)
        return;
    const char *f = stage_formula(st, S->net.act, S->net.reg != 0.0);
    fprintf(S->out, "[%d/%d] %s\n", st, STAGE_LAST, f ? f : stage_names[st]);
}

static void show_stage(struct session *S, int st)
{
    struct value v;
    stage_caption(S, st);
    if (value_get(S, stage_names[st], &v) == 0)
        value_print(S, &v);
}

/* ---------------------------------------------------------------- */
/* the logits lab                                                     */

/* set z (1 x n); computes s and J; the old values stay on any error */
static int set_logits(struct session *S, const tensor *z)
{
    if (z->rows != 1)
        return session_error(S, "logits must be one row (got %d×%d)", z->rows, z->cols);
    if (z->cols > LOGITS_MAX)
        return session_error(S, "too many logits (%d; the limit is %d)", z->cols, LOGITS_MAX);
    tensor nz = TENSOR_INIT, ns = TENSOR_INIT, nJ = TENSOR_INIT;
    if (tensor_copy(&nz, z) || tensor_init(&ns, 1, z->cols) || tensor_init(&nJ, z->cols, z->cols)) {
        tensor_release(&nz);
        tensor_release(&ns);
        return session_error(S, "out of memory for %d logits", z->cols);
    }
    if (softmax(nz.data, ns.data, z->cols) < 0) {
        tensor_release(&nz);
        tensor_release(&ns);
        tensor_release(&nJ);
        return session_error(S, "every logit is -inf: softmax needs at least one finite logit");
    }
    softmax_jacobian(ns.data, nJ.data, z->cols);
    tensor_move(&S->z, &nz);
    tensor_move(&S->s, &ns);
    tensor_move(&S->J, &nJ);
    S->has_logits = 1;
    tensor_release(&S->mistake_J);      /* it belonged to the old logits */
    return 0;
}

static int show_names(struct session *S, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        struct value v;
        if (value_get(S, names[i], &v) < 0)
            return -1;
        value_print(S, &v);
    }
    return 0;
}

static int cmd_logits(struct session *S, int argc, char **argv)
{
    static const char *const zs[] = { "z", "s", NULL };
    if (argc < 2)
        return show_names(S, zs);
    /* the arguments are one literal: "2 1 0.1" or "[2, 1, 0.1]" */
    size_t len = 0;
    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *text = malloc(len + 1), err[200];
    if (!text)
        return session_error(S, "out of memory");
    text[0] = '\0';
    for (int i = 1; i < argc; i++) {
        strcat(text, argv[i]);
        strcat(text, " ");
    }
    tensor z = TENSOR_INIT;
    int dims;
    int rc = literal_parse(text, &z, &dims, LIT_NEG_INF, LOGITS_MAX, err, sizeof err);
    free(text);
    if (rc < 0)
        return session_error(S, "logits: %s", err);
    rc = set_logits(S, &z);
    tensor_release(&z);
    if (rc < 0)
        return -1;
    session_changed(S);
    return show_names(S, zs);
}

static int cmd_jacobian(struct session *S, int argc, char **argv)
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
    tensor fd = TENSOR_INIT;
    double *scratch = malloc((size_t)3 * n * sizeof *scratch);
    double *g = malloc((size_t)2 * n * sizeof *g);
    if (!scratch || !g || tensor_init(&fd, n, n) < 0) {
        free(scratch);
        free(g);
        return session_error(S, "out of memory");
    }
    softmax_jacobian_fd(S->z.data, fd.data, n, FD_STEP_J, scratch);
    double err_fd = tensor_max_abs_diff(&S->J, &fd);
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
    char a[48], b[48];
    print_number(a, sizeof a, err_fd, 3);
    print_number(b, sizeof b, err_jvp, 3);
    fprintf(S->out, "max |J − J_fd| = %s  (central differences, h = 1e-06): %s\n", a,
            err_fd < 1e-8 ? "ok" : "MISMATCH");
    fprintf(S->out, "max |Jᵀg − s ⊙ (g − g·s)| = %s  (the vector form, g = 1..%d): %s\n", b, n,
            err_jvp < 1e-12 * n * n ? "ok" : "MISMATCH");
    tensor_release(&fd);
    free(scratch);
    free(g);
    return 0;
}

/* ---------------------------------------------------------------- */
/* the network                                                        */

static int cmd_net(struct session *S, int argc, char **argv)
{
    long size[3];
    enum act act = ACT_TANH;
    int nsize = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = kv(argv[i], "act");
        if (a) {
            int found = -1;
            for (int k = 0; k < ACT_COUNT; k++)
                if (!strcmp(a, act_names[k]))
                    found = k;
            if (found < 0)
                return session_error(S, "net: unknown activation '%s' (tanh, sigmoid or relu)", a);
            act = (enum act)found;
            continue;
        }
        if (nsize == 3)
            return session_error(S, "usage: net INPUTS HIDDEN CLASSES [act=tanh|sigmoid|relu]");
        static const char *const what[] = { "net: inputs", "net: hidden units", "net: classes" };
        if (parse_int(S, what[nsize], argv[i], 1, NET_MAX_UNITS, &size[nsize]) < 0)
            return -1;
        nsize++;
    }
    if (nsize != 3)
        return session_error(S, "usage: net INPUTS HIDDEN CLASSES [act=tanh|sigmoid|relu]");
    struct rng r;
    rng_seed(&r, S->seed);
    struct net n;
    if (net_init(&n, (int)size[0], (int)size[1], (int)size[2], act, &r) < 0)
        return session_error(S, "net: out of memory for %ld-%ld-%ld", size[0], size[1], size[2]);
    if (S->has_net)
        net_release(&S->net);
    S->net = n;
    S->has_net = 1;
    int on_data = train_use_data(S);
    session_changed(S);
    if (S->format == FORMAT_PRETTY)
        fprintf(S->out, "net %ld-%ld-%ld (%s): W1 = randn(%ld, %ld)/√%ld, W2 = randn(%ld, %ld)/√%ld "
                "from seed %u, zero biases; %s\n",
                size[0], size[1], size[2], act_names[act], size[0], size[1], size[0],
                size[1], size[2], size[1], (unsigned)S->seed,
                on_data ? "x and y are the data set" : "x = 0, y = class 0");
    static const char *const params[] = { "W1", "b1", "W2", "b2", NULL };
    return show_names(S, params);
}

static int cmd_seed(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        fprintf(S->out, "seed = %u\n", (unsigned)S->seed);
        return 0;
    }
    long v;
    if (argc > 2)
        return session_error(S, "usage: seed N");
    if (parse_int(S, "seed", argv[1], 0, 4294967295L, &v) < 0)
        return -1;
    S->seed = (uint32_t)v;
    if (S->format == FORMAT_PRETTY)
        fprintf(S->out, "seed = %u\n", (unsigned)S->seed);
    return 0;
}

/* recompute the net up to the stage it was at; on a non-finite value
 * report it (the caller restores what it changed) */
static int recompute(struct session *S)
{
    int st = S->net.stage;
    S->net.stage = STAGE_NONE;
    if (net_run_to(&S->net, (enum stage)st) < 0) {
        int bad = S->net.stage + 1;
        S->net.stage = st;
        return session_error(S, "'%s' overflows (a value is not finite): the weights or inputs are too large",
                             stage_names[bad]);
    }
    return 0;
}

/* labels (a vector of class numbers, one per row) or target rows -> y */
static int make_targets(struct session *S, const tensor *lit, int dims, int rows, tensor *y)
{
    int K = S->net.n_out;
    if (dims == 2) {
        if (lit->rows != rows || lit->cols != K)
            return session_error(S, "y: expected %d×%d target rows (one per row of x), got %d×%d",
                                 rows, K, lit->rows, lit->cols);
        for (size_t i = 0; i < tensor_size(lit); i++)
            if (lit->data[i] < 0)
                return session_error(S, "y: targets must not be negative");
        return tensor_copy(y, lit) < 0 ? session_error(S, "out of memory") : 0;
    }
    if (lit->cols != rows)
        return session_error(S, "y: x has %d row%s, so give %d class label%s (got %d)%s", rows,
                             rows == 1 ? "" : "s", rows, rows == 1 ? "" : "s", lit->cols,
                             rows == 1 ? "; a one-hot row is written [[0, 1]]" : "");
    if (tensor_init(y, rows, K) < 0)
        return session_error(S, "out of memory");
    for (int i = 0; i < rows; i++) {
        double c = lit->data[i];
        if (c != floor(c) || c < 0 || c >= K) {
            tensor_release(y);
            return session_error(S, "y: class %g is not one of 0..%d", c, K - 1);
        }
        T_AT(y, i, (int)c) = 1.0;
    }
    return 0;
}

/* NAME = value, for a tensor value already parsed; shared by '=' and load */
static int assign(struct session *S, const char *name, const tensor *val, int dims)
{
    if (!strcmp(name, "z")) {
        if (dims == 2 && val->rows != 1)
            return session_error(S, "z: logits must be one row (got %d×%d)", val->rows, val->cols);
        if (set_logits(S, val) < 0)
            return -1;
        session_changed(S);
        static const char *const zs[] = { "z", "s", NULL };
        return show_names(S, zs);
    }
    if (!value_known(name)) {
        const char *guess = command_suggest(name);
        return guess ? session_error(S, "unknown name '%s' (did you mean '%s'?)", name, guess)
                     : session_error(S, "unknown name '%s'", name);
    }
    if (strcmp(name, "x") && strcmp(name, "y") && strcmp(name, "reg") &&
        strcmp(name, "W1") && strcmp(name, "b1") && strcmp(name, "W2") && strcmp(name, "b2"))
        return session_error(S, "'%s' is computed, not set: assign x, y, W1, b1, W2, b2, reg or z", name);
    if (need_net(S) < 0)
        return -1;
    struct net *n = &S->net;

    if (!strcmp(name, "reg")) {
        if (dims != 0)
            return session_error(S, "reg: expected one number");
        if (val->data[0] < 0)
            return session_error(S, "reg: must be 0 or more (got %g)", val->data[0]);
        double old = n->reg;
        n->reg = val->data[0];
        if (recompute(S) < 0) {
            n->reg = old;
            recompute(S);
            return -1;
        }
        struct value v;
        value_get(S, "reg", &v);
        value_print(S, &v);
        session_changed(S);
        return 0;
    }

    if (!strcmp(name, "x")) {
        if (val->cols != n->n_in)
            return session_error(S, "x: the network has %d input%s, got rows of %d", n->n_in,
                                 n->n_in == 1 ? "" : "s", val->cols);
        tensor y = TENSOR_INIT;
        int keep_y = val->rows == n->n_rows;
        if (keep_y ? tensor_copy(&y, &n->y) : tensor_init(&y, val->rows, n->n_out))
            return session_error(S, "x: too many rows (%d)", val->rows);
        if (!keep_y)
            for (int i = 0; i < val->rows; i++)
                T_AT(&y, i, 0) = 1.0;
        tensor ox = TENSOR_INIT, oy = TENSOR_INIT;
        int st = n->stage;
        if (tensor_copy(&ox, &n->x) || tensor_copy(&oy, &n->y) || net_set_batch(n, val, &y) < 0) {
            tensor_release(&ox);
            tensor_release(&oy);
            tensor_release(&y);
            return session_error(S, "x: out of memory for %d rows", val->rows);
        }
        n->stage = st;
        if (recompute(S) < 0) {
            net_set_batch(n, &ox, &oy);
            n->stage = st;
            recompute(S);
            tensor_release(&ox);
            tensor_release(&oy);
            tensor_release(&y);
            return -1;
        }
        tensor_release(&ox);
        tensor_release(&oy);
        tensor_release(&y);
        print_tensor(S, "x", &n->x, 0);
        if (!keep_y && S->format == FORMAT_PRETTY)
            fprintf(S->out, "y was reset to class 0 for all %d rows: set it with y = [...]\n", val->rows);
        session_changed(S);
        return 0;
    }

    if (!strcmp(name, "y")) {
        tensor y = TENSOR_INIT;
        if (make_targets(S, val, dims, n->n_rows, &y) < 0)
            return -1;
        tensor old = TENSOR_INIT;
        int st = n->stage;
        if (tensor_copy(&old, &n->y) < 0 || net_set_targets(n, &y) < 0) {
            tensor_release(&old);
            tensor_release(&y);
            return session_error(S, "out of memory");
        }
        n->stage = st;
        if (recompute(S) < 0) {
            net_set_targets(n, &old);
            n->stage = st;
            recompute(S);
            tensor_release(&old);
            tensor_release(&y);
            return -1;
        }
        tensor_release(&old);
        tensor_release(&y);
        print_tensor(S, "y", &n->y, 0);
        session_changed(S);
        return 0;
    }

    /* a parameter: the shape must match exactly (a bias may be a vector) */
    tensor *p = net_tensor(n, name);
    int is_bias = name[0] == 'b';
    if (val->rows != p->rows || val->cols != p->cols || (is_bias && dims == 0 && p->cols != 1)) {
        if (is_bias && val->rows == 1)
            return session_error(S, "%s: expected %d value%s, got %d", name, p->cols, p->cols == 1 ? "" : "s",
                                 val->cols);
        return session_error(S, "%s: expected %d×%d, got %d×%d", name, p->rows, p->cols, val->rows, val->cols);
    }
    tensor old = TENSOR_INIT;
    if (tensor_copy(&old, p) < 0)
        return session_error(S, "out of memory");
    memcpy(p->data, val->data, tensor_size(val) * sizeof *val->data);
    if (recompute(S) < 0) {
        memcpy(p->data, old.data, tensor_size(&old) * sizeof *old.data);
        recompute(S);
        tensor_release(&old);
        return -1;
    }
    tensor_release(&old);
    print_tensor(S, name, p, is_bias);
    session_changed(S);
    return 0;
}

static int run_assignment(struct session *S, const char *name, const char *text)
{
    char err[200];
    tensor val = TENSOR_INIT;
    int dims;
    int flags = !strcmp(name, "z") ? LIT_NEG_INF : 0;
    size_t max = !strcmp(name, "z") ? LOGITS_MAX : TENSOR_MAX_ELEMS;
    if (literal_parse(text, &val, &dims, flags, max, err, sizeof err) < 0)
        return session_error(S, "%s: %s", name, err);
    int rc = assign(S, name, &val, dims);
    tensor_release(&val);
    return rc;
}

/* ---------------------------------------------------------------- */
/* stepping                                                           */

static int run_to(struct session *S, int target)
{
    int from = S->net.stage;
    if (net_run_to(&S->net, (enum stage)target) < 0)
        return session_error(S, "'%s' overflows (a value is not finite): the weights or inputs are too large",
                             stage_names[S->net.stage + 1]);
    session_changed(S);
    for (int st = from + 1; st <= target; st++)
        show_stage(S, st);
    return 0;
}

static int cmd_step(struct session *S, int argc, char **argv)
{
    if (no_args(S, argc, argv) < 0 || need_net(S) < 0)
        return -1;
    if (S->net.stage == STAGE_LAST)
        return session_error(S, "already at db1, the end of the backward pass: type 'back' or 'reset'");
    return run_to(S, S->net.stage + 1);
}

static int cmd_back(struct session *S, int argc, char **argv)
{
    /* typed during a lesson: back in the lesson */
    if (argc == 1 && S->take_back && S->take_back(S) > 0)
        return 0;
    if (no_args(S, argc, argv) < 0 || need_net(S) < 0)
        return -1;
    if (S->net.stage == STAGE_NONE)
        return session_error(S, "already at the start: nothing is computed yet");
    S->net.stage--;
    session_changed(S);
    if (S->net.stage == STAGE_NONE) {
        fprintf(S->out, "[0/%d] at the start: nothing computed\n", STAGE_LAST);
        return 0;
    }
    show_stage(S, S->net.stage);
    return 0;
}

static int cmd_forward(struct session *S, int argc, char **argv)
{
    if (no_args(S, argc, argv) < 0 || need_net(S) < 0)
        return -1;
    if (S->net.stage >= STAGE_LAST_FORWARD)
        return session_error(S, "the forward pass is done (stage: %s): type 'backward', or 'reset' to start again",
                             stage_names[S->net.stage]);
    return run_to(S, STAGE_LAST_FORWARD);
}

static int cmd_backward(struct session *S, int argc, char **argv)
{
    if (no_args(S, argc, argv) < 0 || need_net(S) < 0)
        return -1;
    if (S->net.stage == STAGE_LAST)
        return session_error(S, "the backward pass is done: type 'reset' to start again");
    return run_to(S, STAGE_LAST);
}

static int cmd_reset(struct session *S, int argc, char **argv)
{
    if (no_args(S, argc, argv) < 0 || need_net(S) < 0)
        return -1;
    S->net.stage = STAGE_NONE;
    session_changed(S);
    fprintf(S->out, "[0/%d] at the start: nothing computed\n", STAGE_LAST);
    return 0;
}

static int cmd_show(struct session *S, int argc, char **argv)
{
    if (argc < 2)
        return session_error(S, "usage: show NAME [NAME...]");
    /* check every name first, so that nothing is half shown */
    struct value v;
    for (int i = 1; i < argc; i++)
        if (value_get(S, argv[i], &v) < 0)
            return -1;
    for (int i = 1; i < argc; i++) {
        value_get(S, argv[i], &v);
        value_print(S, &v);
    }
    return 0;
}

static int cmd_status(struct session *S, int argc, char **argv)
{
    if (no_args(S, argc, argv) < 0)
        return -1;
    FILE *f = S->out;
    if (S->has_logits)
        fprintf(f, "logits: %d classes\n", S->z.cols);
    else
        fprintf(f, "logits: none (logits 2 1 0.1)\n");
    if (S->has_net) {
        struct net *n = &S->net;
        fprintf(f, "net: %d-%d-%d (%s), reg = %g, batch of %d row%s\n", n->n_in, n->n_hidden, n->n_out,
                act_names[n->act], n->reg, n->n_rows, n->n_rows == 1 ? "" : "s");
        fprintf(f, "stage: %s (%d/%d)\n", stage_names[n->stage], n->stage, STAGE_LAST);
    } else {
        fprintf(f, "net: none (net 2 3 2)\n");
    }
    fprintf(f, "seed %u, format %s, precision %d\n", (unsigned)S->seed, format_names[S->format], S->precision);
    return 0;
}

static int cmd_explain(struct session *S, int argc, char **argv)
{
    if (argc != 2)
        return session_error(S, "usage: explain NAME  or  explain NAME[i,j]");
    return explain_run(S, argv[1]);
}

/* ---------------------------------------------------------------- */
/* gradients                                                          */

static void gc_progress(double frac, void *ud)
{
    struct session *S = ud;
    if (S->fe.progress)
        S->fe.progress(S->fe.ud, frac, "gradcheck");
}

static int cmd_gradcheck(struct session *S, int argc, char **argv)
{
    if (no_args(S, argc, argv) < 0 || need_net(S) < 0)
        return -1;
    struct gradcheck_row rows[4];
    int rc = net_gradcheck(&S->net, FD_STEP_NET, rows, S->interrupt, gc_progress, S);
    if (S->fe.progress_done)
        S->fe.progress_done(S->fe.ud);
    if (rc < 0)
        return session_error(S, "gradcheck: the forward pass overflows with these weights");
    if (rc == 1)
        return session_error(S, "gradcheck stopped (interrupted); nothing was changed");
    /* an entry passes when its relative error is small, or its absolute
     * error is within the rounding noise of the loss itself */
    double loss = fabs(S->net.loss_sum), biggest = 0.0;
    double tol_abs = 1e-9 * (loss > 1.0 ? loss : 1.0);
    int bad = 0;
    FILE *f = S->out;
    if (S->format == FORMAT_JSON) {
        fputs("{\"name\":\"gradcheck\",\"rows\":[", f);
    } else {
        fprintf(f, "gradcheck: analytic gradients vs central differences of the summed loss (h = 1e-05)\n");
        fprintf(f, "param  max abs err  max rel err   max |grad|  worst at\n");
    }
    for (int i = 0; i < 4; i++) {
        struct gradcheck_row *r = &rows[i];
        int ok = r->max_rel_err < 1e-5 || r->max_abs_err < tol_abs;
        bad += !ok;
        if (r->max_abs_grad > biggest)
            biggest = r->max_abs_grad;
        if (S->format == FORMAT_JSON) {
            char a[48], b[48], c[48];
            print_repr(a, sizeof a, r->max_abs_err);
            print_repr(b, sizeof b, r->max_rel_err);
            print_repr(c, sizeof c, r->max_abs_grad);
            fprintf(f, "%s{\"param\":\"%s\",\"max_abs_err\":%s,\"max_rel_err\":%s,\"max_abs_grad\":%s,\"ok\":%s}",
                    i ? "," : "", r->name, a, b, c, ok ? "true" : "false");
        } else {
            char at[32];
            if (r->name[0] == 'b')
                snprintf(at, sizeof at, "%s[%d]", r->name, r->worst_j);
            else
                snprintf(at, sizeof at, "%s[%d][%d]", r->name, r->worst_i, r->worst_j);
            fprintf(f, "%-5s  %11.2e  %11.2e  %11.4g  %-10s %s\n", r->name, r->max_abs_err, r->max_rel_err,
                    r->max_abs_grad, at, ok ? "ok" : "MISMATCH");
        }
    }
    if (S->format == FORMAT_JSON) {
        fprintf(f, "],\"ok\":%s}\n", bad ? "false" : "true");
    } else if (biggest < 1e-10) {
        fprintf(f, "warning: every gradient is 0, so this check proves nothing: try other weights or inputs\n");
    } else if (bad) {
        fprintf(f, "MISMATCH: %d parameter%s disagree with central differences\n", bad, bad == 1 ? "" : "s");
    } else {
        fprintf(f, "every gradient matches (relative error < 1e-05)\n");
    }
    return 0;
}

static int cmd_update(struct session *S, int argc, char **argv)
{
    double lr = 0.01;
    for (int i = 1; i < argc; i++) {
        const char *v = kv(argv[i], "lr");
        if (!v)
            return session_error(S, "usage: update [lr=0.01]");
        if (parse_double(S, "update: lr", v, &lr) < 0)
            return -1;
        if (lr <= 0)
            return session_error(S, "update: lr must be positive (got %g)", lr);
    }
    if (need_net(S) < 0)
        return -1;
    struct net *n = &S->net;
    int st = n->stage;
    /* keep the parameters, so that an update that overflows changes nothing */
    tensor keep[4] = { TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT };
    tensor *p[4] = { &n->W1, &n->b1, &n->W2, &n->b2 };
    for (int i = 0; i < 4; i++)
        if (tensor_copy(&keep[i], p[i]) < 0) {
            for (int k = 0; k < 4; k++)
                tensor_release(&keep[k]);
            return session_error(S, "out of memory");
        }
    double before = net_loss_sum(n) / n->n_rows;
    int bad = !isfinite(before) || net_train_step(n, lr, 1.0) < 0;
    double after = bad ? NAN : net_loss_sum(n) / n->n_rows;
    if (bad || !isfinite(after)) {
        for (int i = 0; i < 4; i++)
            memcpy(p[i]->data, keep[i].data, tensor_size(p[i]) * sizeof(double));
    }
    for (int k = 0; k < 4; k++)
        tensor_release(&keep[k]);
    n->stage = STAGE_NONE;
    net_run_to(n, (enum stage)st);
    if (bad || !isfinite(after))
        return session_error(S, "update: the step overflows (lr %g is too large?); nothing was changed", lr);
    session_changed(S);
    char a[48], b[48], c[48];
    print_number(a, sizeof a, lr, S->precision);
    print_number(b, sizeof b, before, S->precision);
    print_number(c, sizeof c, after, S->precision);
    fprintf(S->out, "W -= %s·dW for W1, b1, W2, b2 (the summed loss's gradient): loss %s -> %s\n", a, b, c);
    return 0;
}

/* ---------------------------------------------------------------- */
/* files                                                              */

static int cmd_save(struct session *S, int argc, char **argv)
{
    if (argc != 3)
        return session_error(S, "usage: save NAME FILE.csv");
    struct value v;
    if (value_get(S, argv[1], &v) < 0)
        return -1;
    tensor one = { 1, 1, &v.scalar };
    char err[400];
    if (csv_write_matrix(argv[2], v.t ? v.t : &one, NULL, err, sizeof err) < 0)
        return session_error(S, "save: %s", err);
    const tensor *t = v.t ? v.t : &one;
    fprintf(S->out, "saved %s (%d×%d) to '%s'\n", argv[1], t->rows, t->cols, argv[2]);
    return 0;
}

static int cmd_load(struct session *S, int argc, char **argv)
{
    if (argc != 3)
        return session_error(S, "usage: load NAME FILE.csv");
    const char *name = argv[1];
    if (!value_known(name))
        return session_error(S, "load: unknown name '%s' (x, y, W1, b1, W2, b2, reg or z)", name);
    char err[400];
    tensor m = TENSOR_INIT;
    if (csv_read_matrix(argv[2], &m, err, sizeof err) < 0)
        return session_error(S, "load: %s", err);
    /* a one-row file is a vector; a 1x1 file a scalar; labels for y come
     * as a column (one per row) or a row */
    int dims = 2;
    if (m.rows == 1 && m.cols == 1)
        dims = 0;
    else if (m.rows == 1)
        dims = 1;
    if (!strcmp(name, "y") && m.cols == 1 && m.rows > 1) {
        m.cols = m.rows;
        m.rows = 1;
        dims = 1;
    }
    int rc = assign(S, name, &m, dims);
    tensor_release(&m);
    return rc;
}

/* ---------------------------------------------------------------- */
/* settings and help                                                  */

static const char *const format_words[] = { "pretty", "json", "csv", "latex", NULL };

static int cmd_format(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        fprintf(S->out, "format %s\n", format_names[S->format]);
        return 0;
    }
    if (argc > 2)
        return session_error(S, "usage: format pretty|json|csv|latex");
    for (int i = 0; i < FORMAT_COUNT; i++)
        if (!strcmp(argv[1], format_names[i])) {
            S->format = (enum format)i;
            return 0;
        }
    return session_error(S, "format: unknown format '%s' (pretty, json, csv or latex)", argv[1]);
}

static int cmd_precision(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        fprintf(S->out, "precision %d\n", S->precision);
        return 0;
    }
    long v;
    if (argc > 2)
        return session_error(S, "usage: precision N");
    if (parse_int(S, "precision", argv[1], 1, 17, &v) < 0)
        return -1;
    S->precision = (int)v;
    return 0;
}

static int cmd_quit(struct session *S, int argc, char **argv)
{
    if (no_args(S, argc, argv) < 0)
        return -1;
    int taken = S->take_quit ? S->take_quit(S) : 0;     /* the lesson first, then gradlab */
    if (taken)
        return taken < 0 ? -1 : 0;
    S->quit = 1;
    return 0;
}

static int cmd_help(struct session *S, int argc, char **argv);

static const char *const jacobian_words[] = { "check", NULL };
static const char *const data_words[] = { "moons", "circles", "spiral", "xor", "load", "save", NULL };
static const char *const act_words[] = { "act=tanh", "act=sigmoid", "act=relu", NULL };

const struct command commands[] = {
    { "logits", "logits Z0 Z1 ...", "set a logit vector z; show z and s = softmax(z)",
      "Also written z = [2, 1, 0.1]. A logit may be -inf (probability 0). Up to 4096 logits.",
      "logits 2 1 0.1", cmd_logits, COMPLETE_NONE, NULL },
    { "jacobian", "jacobian [check]", "show J = diag(s) − s sᵀ; 'check' compares it with central differences",
      "J[i][j] = ∂s_i/∂z_j = s_i·(δ_ij − s_j). 'jacobian check' also compares J·g with the vector "
      "form s ⊙ (g − g·s).", "jacobian check", cmd_jacobian, COMPLETE_WORDS, jacobian_words },
    { "net", "net INPUTS HIDDEN CLASSES [act=tanh|sigmoid|relu]", "build a 3-layer network",
      "W1 = randn(D, H)/√D and W2 = randn(H, K)/√H from the seed (numpy's legacy generator, so "
      "'seed 0' then 'net 2 3 2' gives the classic tutorial's weights), zero biases. Sizes up to 4096.",
      "net 2 3 2", cmd_net, COMPLETE_WORDS, act_words },
    { "seed", "seed N", "set the seed all randomness derives from (0 to 4294967295)", NULL,
      "seed 0", cmd_seed, COMPLETE_NONE, NULL },
    { "step", "step", "compute the next stage: z1 a1 z2 a2 loss delta3 dW2 db2 delta2 dW1 db1", NULL,
      "step", cmd_step, COMPLETE_NONE, NULL },
    { "back", "back", "go back one stage (in a lesson: back to its previous part)", NULL, "back", cmd_back,
      COMPLETE_NONE, NULL },
    { "forward", "forward", "run the forward pass to the loss", NULL, "forward", cmd_forward, COMPLETE_NONE, NULL },
    { "backward", "backward", "run the backward pass to db1 (the forward pass first if needed)", NULL,
      "backward", cmd_backward, COMPLETE_NONE, NULL },
    { "reset", "reset", "go back to the start: nothing computed", NULL, "reset", cmd_reset, COMPLETE_NONE, NULL },
    { "show", "show NAME [NAME...]", "print named values (a bare NAME does the same)",
      "Names: z s J x y W1 b1 z1 a1 W2 b2 z2 a2 loss delta3 dW2 db2 delta2 dW1 db1 reg.",
      "show W1 b1", cmd_show, COMPLETE_NAME, NULL },
    { "explain", "explain NAME | NAME[i,j]", "the formula of a value, with the current numbers put in",
      "explain J[0][1] gives J[0][1] = s0·(0 − s1) with the numbers; explain delta2 gives "
      "delta3·W2ᵀ ⊙ (1 − a1²) with its values.", "explain J[0][1]", cmd_explain, COMPLETE_NAME, NULL },
    { "gradcheck", "gradcheck", "compare every gradient with central differences of the summed loss",
      "Ctrl-C stops a long check.", "gradcheck", cmd_gradcheck, COMPLETE_NONE, NULL },
    { "update", "update [lr=0.01]", "one step of gradient descent: W -= lr·dW", NULL,
      "update lr=0.5", cmd_update, COMPLETE_NONE, NULL },
    { "save", "save NAME FILE.csv", "write a value to a CSV file (17 significant digits)",
      "The file is written whole or not at all.", "save J j.csv", cmd_save, COMPLETE_NAME, NULL },
    { "load", "load NAME FILE.csv", "read a value from a CSV file (x, y, W1, b1, W2, b2, z)",
      "A header line, CRLF line ends and a UTF-8 BOM are accepted.", "load W1 w1.csv", cmd_load,
      COMPLETE_NAME, NULL },
    { "data", "data moons|circles|spiral|xor [N] [noise=F] [seed=S] | data load|save FILE.csv",
      "make or load a data set (features..., label per row); the network trains on it",
      "moons and circles are scikit-learn's make_moons/make_circles with numpy's legacy generator: "
      "'seed 0' then 'data moons 200 noise=0.2' gives the tutorial's points. spiral K: K arms (cs231n). "
      "xor: the 4 corners, or N random points. 'data' alone summarises.",
      "data moons 200 noise=0.2", cmd_data, COMPLETE_WORDS, data_words },
    { "train", "train PASSES [lr=0.01] [reg=R] [every=1000] [reduce=sum|mean]",
      "full-batch gradient descent; prints 'loss after iteration I: L' every 'every' passes",
      "reduce=sum (the tutorial's way) descends the loss summed over the examples plus reg/2·‖W‖²; "
      "reduce=mean divides the gradient by N. Ctrl-C stops early and keeps what was learned.",
      "train 20000 lr=0.01 reg=0.01 every=1000", cmd_train, COMPLETE_NONE, NULL },
    { "accuracy", "accuracy", "the fraction of rows of x whose most likely class is y's", NULL,
      "accuracy", cmd_accuracy, COMPLETE_NONE, NULL },
    { "predict", "predict X0 X1 ... | predict [[...], ...]", "the network's probabilities for new inputs",
      "Does not change x, y or the stage.", "predict 0.5 -1.2", cmd_predict, COMPLETE_NONE, NULL },
    VIEW_COMMAND_ROWS,
    { "status", "status", "what is set: logits, network, stage, settings", NULL, "status", cmd_status,
      COMPLETE_NONE, NULL },
    { "format", "format pretty|json|csv|latex", "how values print",
      "json prints one line per value: {\"name\":\"J\",\"shape\":[3,3],\"data\":[...]}.",
      "format json", cmd_format, COMPLETE_WORDS, format_words },
    { "precision", "precision N", "significant digits shown (1 to 17; 17 round-trips)", NULL,
      "precision 6", cmd_precision, COMPLETE_NONE, NULL },
    { "help", "help [COMMAND|NAME]", "list the commands, or explain one", NULL, "help explain", cmd_help,
      COMPLETE_COMMAND, NULL },
    { "mistake", "mistake naive|logits|gate|reg|batch", "a classic wrong derivative beside the right one",
      "Computes the mistake and the right result and checks both against an independent reference "
      "(central differences): naive = softmax without subtracting the max; logits = the backward "
      "pass that uses z where s belongs and a number where the n×n Jacobian is needed; gate = dW1 "
      "without (1 − a1²); reg = dW2 without reg·W2; batch = the gradient off by the batch size N. "
      "The results are the values wrong, right, err_wrong and err_right.",
      "mistake logits", cmd_mistake, COMPLETE_WORDS, mistake_words },
    { "lesson", "lesson [NAME]", "list the lessons, or start one",
      "Lessons walk you through the maths with the numbers on screen: narration, commands, "
      "questions, checks. 'next' (or Enter) goes on, 'back' and 'again' replay, 'quit' leaves the "
      "lesson; your progress is kept in $XDG_STATE_HOME/gradlab/lessons. The format is in "
      "lessons/README.md.",
      "lesson softmax", cmd_lesson, COMPLETE_NONE, NULL },
    { "next", "next", "go on in the lesson (Enter on an empty line, Space in the window)", NULL, "next",
      cmd_next, COMPLETE_NONE, NULL },
    { "again", "again", "play the lesson's current part again", NULL, "again", cmd_again, COMPLETE_NONE,
      NULL },
    { "answer", "answer NUMBER", "answer the lesson's question (a bare number does too)", NULL, "answer 0.659",
      cmd_answer, COMPLETE_NONE, NULL },
    { "record", "record FILE.md | record off", "write the session (commands and outputs) as Markdown",
      "Every line you type from now on, and what it printed, goes into FILE.md as a code block: a "
      "hand-out. The file is rewritten after each line (atomically), so it is complete whenever you stop.",
      "record session.md", cmd_record, COMPLETE_FILE, NULL },
    { "quit", "quit", "leave gradlab (Ctrl-D too); in a lesson: leave the lesson", NULL, "quit", cmd_quit,
      COMPLETE_NONE, NULL },
};
const int n_commands = sizeof commands / sizeof *commands;

const struct command *command_find(const char *name)
{
    for (int i = 0; i < n_commands; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static int cmd_help(struct session *S, int argc, char **argv)
{
    FILE *f = S->out;
    if (argc > 2)
        return session_error(S, "usage: help [COMMAND|NAME]");
    if (argc == 1) {
        fprintf(f, "commands (help COMMAND for more):\n");
        for (int i = 0; i < n_commands; i++)
            fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
        fprintf(f, "values: NAME shows one, NAME = [...] sets x y W1 b1 W2 b2 z reg\n  ");
        for (int i = 0; value_names[i]; i++)
            fprintf(f, "%s%s", value_names[i], value_names[i + 1] ? " " : "\n");
        return 0;
    }
    const struct command *c = command_find(argv[1]);
    if (c) {
        fprintf(f, "usage: %s\n  %s\n", c->usage, c->summary);
        if (c->help)
            fprintf(f, "  %s\n", c->help);
        fprintf(f, "example: %s\n", c->example);
        return 0;
    }
    if (value_known(argv[1])) {
        const char *formula = value_formula(S, argv[1]);
        fprintf(f, "%s: %s\n", argv[1], value_words(argv[1]));
        if (formula)
            fprintf(f, "  %s\n", formula);
        return 0;
    }
    const char *guess = command_suggest(argv[1]);
    if (guess)
        return session_error(S, "help: no command or value '%s' (did you mean '%s'?)", argv[1], guess);
    return session_error(S, "help: no command or value '%s'", argv[1]);
}

/* ---------------------------------------------------------------- */
/* the parser                                                         */

/* edit distance, for "did you mean" (short words only) */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    int d[32][32];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            /* a swap of two neighbours counts as one */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    return d[la][lb];
}

const char *command_suggest(const char *word)
{
    const char *best = NULL;
    int bd = 99;
    size_t len = strlen(word);
    if (!isalpha((unsigned char)word[0]))
        return NULL;
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    for (int i = 0; i < n_commands; i++) {
        int d = distance(word, commands[i].name);
        if (d < bd) {
            bd = d;
            best = commands[i].name;
        }
    }
    for (int i = 0; value_names[i]; i++) {
        int d = distance(word, value_names[i]);
        if (d < bd) {
            bd = d;
            best = value_names[i];
        }
    }
    return bd <= limit && bd > 0 ? best : NULL;
}

/* split one command into words: blanks separate, except inside brackets */
int command_words(char *s, char **argv, int max)
{
    int argc = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            return argc;
        if (argc == max)
            return -1;
        argv[argc++] = s;
        int depth = 0;
        while (*s && (depth > 0 || (*s != ' ' && *s != '\t'))) {
            if (*s == '[')
                depth++;
            else if (*s == ']' && depth > 0)
                depth--;
            s++;
        }
        if (*s)
            *s++ = '\0';
    }
}

static int split_words(struct session *S, char *s, char **argv)
{
    int argc = command_words(s, argv, MAX_ARGS);
    if (argc < 0)
        return session_error(S, "too many words (the limit is %d)", MAX_ARGS);
    return argc;
}

static int is_name(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

/* one command (no ';' in it) */
static int run_one(struct session *S, char *cmd)
{
    /* NAME = LITERAL */
    char *eq = strchr(cmd, '=');
    if (eq) {
        char *a = cmd;
        while (*a == ' ' || *a == '\t')
            a++;
        char *b = eq;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (is_name(a, (size_t)(b - a))) {
            char name[32];
            if ((size_t)(b - a) >= sizeof name)
                return session_error(S, "unknown name '%.20s...'", a);
            memcpy(name, a, (size_t)(b - a));
            name[b - a] = '\0';
            if (!command_find(name))
                return run_assignment(S, name, eq + 1);
        }
    }
    char *argv[MAX_ARGS + 1];
    int argc = split_words(S, cmd, argv);
    if (argc < 0)
        return -1;
    if (argc == 0)
        return 0;
    argv[argc] = NULL;
    const struct command *c = command_find(argv[0]);
    if (c)
        return c->run(S, argc, argv);
    if (value_known(argv[0])) {
        if (argc > 1)
            return session_error(S, "'%s' is a value: to set it write %s = [...]", argv[0], argv[0]);
        char *show[] = { (char *)"show", argv[0], NULL };
        return cmd_show(S, 2, show);
    }
    /* a bare entry, s[0] or J[0][1]: its number */
    char name[32];
    long idx[2];
    if (argc == 1 && value_parse_ref(argv[0], name, sizeof name, idx) > 0 && value_known(name)) {
        double x;
        if (value_entry(S, argv[0], &x) < 0)
            return -1;
        char num[48];
        print_number(num, sizeof num, x, S->precision);
        fprintf(S->out, "%s = %s\n", argv[0], num);
        return 0;
    }
    char shown[48];
    snprintf(shown, sizeof shown, "%s", argv[0]);
    for (char *p = shown; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    const char *guess = command_suggest(argv[0]);
    if (guess)
        return session_error(S, "unknown command '%s' (did you mean '%s'?)", shown, guess);
    return session_error(S, "unknown command '%s' (type 'help' for the list)", shown);
}

static int run_line(struct session *S, const char *line);

int command_run(struct session *S, const char *line)
{
    if (S->depth > 8)
        return session_error(S, "commands nested too deep");
    S->depth++;
    int rc = run_line(S, line);
    S->depth--;
    return rc;
}

static int run_line(struct session *S, const char *line)
{
    size_t len = strlen(line);
    if (len > LINE_MAX_BYTES)
        return session_error(S, "line too long (%zu bytes; the limit is %d)", len, LINE_MAX_BYTES);
    char *buf = malloc(len + 1);
    if (!buf)
        return session_error(S, "out of memory");
    memcpy(buf, line, len + 1);
    /* cut the comment; split at ';' outside brackets */
    int depth = 0, rc = 0;
    char *start = buf;
    for (char *p = buf;; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && depth > 0)
            depth--;
        if (*p == '#' && depth == 0)
            *p = '\0';
        if (*p == '\0' || (*p == ';' && depth == 0)) {
            int end = *p == '\0';
            *p = '\0';
            if (run_one(S, start) < 0) {
                rc = -1;
                break;
            }
            if (end || S->quit)
                break;
            start = p + 1;
        }
    }
    free(buf);
    return rc;
}
