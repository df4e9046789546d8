/* assign: NAME = value. See assign.h.
 *
 * Each setter checks the value against the network first, keeps what it
 * replaces, and recomputes the net up to the stage it was at; when that
 * overflows it puts the old value back, so a failed assignment changes
 * nothing. */
#include "assign.h"

#include <math.h>
#include <string.h>

#include "cmd_lab.h"
#include "cmd_train.h"
#include "literal.h"
#include "print.h"
#include "values.h"

/* recompute the net up to the stage it was at after name[row][col]
 * changed (net_rerun: only what that entry reaches; name NULL: all of
 * it); on a non-finite value report it and return -1 (the caller
 * restores what it changed); when stopped, ST_STOPPED with the stage
 * none (see stopped) */
static int recompute_after(struct session *S, const char *name, long row, long col)
{
    int st = S->net.stage;
    int rc = net_rerun(&S->net, name, (int)row, (int)col);
    if (rc == ST_STOPPED)
        return rc;
    if (rc < 0) {
        int bad = S->net.stage + 1;
        S->net.stage = st;
        return session_error(S, "'%s' overflows (a value is not finite): the weights or inputs are too large",
                             stage_names[bad]);
    }
    return 0;
}

/* the same for a change of the whole */
static int recompute(struct session *S)
{
    return recompute_after(S, NULL, 0, 0);
}

/* the message when the recompute after setting name was stopped (the
 * caller has put name back): the stages it cut short are gone */
static int stopped(struct session *S, const char *name)
{
    S->net.stage = STAGE_NONE;
    session_changed(S);
    return session_error(S, "%s stopped (interrupted): %s is as it was; the stages are to compute again "
                         "(type 'forward')", name, name);
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
        double sum;
        int bad = net_targets_bad_row(lit, &sum);
        if (bad >= 0) {
            char s[48];
            print_repr(s, sizeof s, sum);
            return session_error(S, "y: row %d sums to %s, not 1: each row of targets is a distribution "
                                 "over the classes (one-hot, or soft targets summing to 1 within %g)", bad, s,
                                 NET_TARGET_TOL);
        }
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

/* z = ...: the logits lab's z (a row) */
static int assign_z(struct session *S, const tensor *val, int dims)
{
    if (dims == 2 && val->rows != 1)
        return session_error(S, "z: logits must be one row (got %d×%d)", val->rows, val->cols);
    if (lab_set_logits(S, val) < 0)
        return -1;
    session_changed(S);
    static const char *const zs[] = { "z", "s", NULL };
    return value_show_all(S, zs);
}

static int assign_reg(struct session *S, const tensor *val, int dims)
{
    struct net *n = &S->net;
    if (dims != 0)
        return session_error(S, "reg: expected one number");
    if (val->data[0] < 0)
        return session_error(S, "reg: must be 0 or more (got %g)", val->data[0]);
    double old = n->reg;
    n->reg = val->data[0];
    int rc = recompute(S);
    if (rc == ST_STOPPED) {
        n->reg = old;
        return stopped(S, "reg");
    }
    if (rc < 0) {
        n->reg = old;
        recompute(S);
        return -1;
    }
    value_show(S, "reg");
    session_changed(S);
    return 0;
}

/* x = ...: a new batch; y stays when the number of rows does, else every
 * row is class 0 */
static int assign_x(struct session *S, const tensor *val)
{
    struct net *n = &S->net;
    if (val->cols != n->n_in)
        return session_error(S, "x: the network has %d input%s, got rows of %d", n->n_in,
                             n->n_in == 1 ? "" : "s", val->cols);
    if ((double)val->rows * n->n_hidden > TENSOR_MAX_ELEMS || (double)val->rows * n->n_out > TENSOR_MAX_ELEMS)
        return train_too_big(S, "x", n, val->rows);
    tensor y = TENSOR_INIT;
    int keep_y = val->rows == n->n_rows;
    int rc = keep_y ? tensor_copy(&y, &n->y) : tensor_init(&y, val->rows, n->n_out);
    if (rc < 0)
        return session_status(S, "x", rc);
    if (!keep_y)
        for (int i = 0; i < val->rows; i++)
            T_AT(&y, i, 0) = 1.0;
    tensor ox = TENSOR_INIT, oy = TENSOR_INIT;
    int st = n->stage;
    if ((rc = tensor_copy_until(&ox, &n->x, n->stop)) || (rc = tensor_copy_until(&oy, &n->y, n->stop)) ||
        (rc = net_set_batch(n, val, &y))) {
        rc = rc == ST_TOO_BIG ? train_too_big(S, "x", n, val->rows) : session_status(S, "x", rc);
    } else {
        n->stage = st;
        if ((rc = recompute(S)) != 0) {
            /* the old batch back, whatever the flag says */
            stop_flag *stop = n->stop;
            n->stop = NULL;
            net_set_batch(n, &ox, &oy);
            n->stop = stop;
            n->stage = st;
            if (rc == ST_STOPPED)
                rc = stopped(S, "x");
            else
                recompute(S);
            rc = -1;
        }
    }
    tensor_release(&ox);
    tensor_release(&oy);
    tensor_release(&y);
    if (rc < 0)
        return -1;
    value_show(S, "x");
    if (!keep_y && S->format == FORMAT_PRETTY)
        fprintf(S->out, "y was reset to class 0 for all %d rows: set it with y = [...]\n", val->rows);
    session_changed(S);
    return 0;
}

/* y = val; row >= 0 when only that row of targets changed */
static int assign_y(struct session *S, const tensor *val, int dims, long row)
{
    struct net *n = &S->net;
    tensor y = TENSOR_INIT;
    if (make_targets(S, val, dims, n->n_rows, &y) < 0)
        return -1;
    tensor old = TENSOR_INIT;
    int st = n->stage, rc = tensor_copy(&old, &n->y);
    if (rc < 0 || net_set_targets(n, &y) < 0) {
        rc = rc < 0 ? session_status(S, "y", rc) : session_error(S, "y: the targets do not fit the batch");
    } else {
        n->stage = st;
        if ((rc = recompute_after(S, row >= 0 ? "y" : NULL, row, 0)) != 0) {
            net_set_targets(n, &old);
            n->stage = st;
            if (rc == ST_STOPPED)
                rc = stopped(S, "y");
            else
                recompute(S);
            rc = -1;
        }
    }
    tensor_release(&old);
    tensor_release(&y);
    if (rc < 0)
        return -1;
    value_show(S, "y");
    session_changed(S);
    return 0;
}

/* after name's entries from off on (n of them, whose old values are in
 * old) changed in p: the stages again (n = 1: only what that entry
 * reaches); on a failure the old values back */
static int param_settle(struct session *S, const char *name, tensor *p, const double *old, size_t off, size_t n)
{
    long row = (long)(off / (size_t)p->cols), col = (long)(off % (size_t)p->cols);
    int rc = n == 1 ? recompute_after(S, name, row, col) : recompute(S);
    if (rc != 0) {
        memcpy(p->data + off, old, n * sizeof *old);
        if (rc == ST_STOPPED)
            rc = stopped(S, name);
        else
            recompute(S);
    }
    if (rc < 0)
        return -1;
    value_show(S, name);
    session_changed(S);
    return 0;
}

/* a parameter: the shape must match exactly (a bias may be a vector) */
static int assign_param(struct session *S, const char *name, const tensor *val, int dims)
{
    tensor *p = net_tensor(&S->net, name);
    int is_bias = name[0] == 'b';
    if (val->rows != p->rows || val->cols != p->cols || (is_bias && dims == 0 && p->cols != 1)) {
        if (is_bias && val->rows == 1)
            return session_error(S, "%s: expected %d value%s, got %d", name, p->cols, p->cols == 1 ? "" : "s",
                                 val->cols);
        return session_error(S, "%s: expected %d×%d, got %d×%d", name, p->rows, p->cols, val->rows, val->cols);
    }
    tensor old = TENSOR_INIT;
    int rc = tensor_copy(&old, p);
    if (rc < 0)
        return session_status(S, name, rc);
    memcpy(p->data, val->data, tensor_size(val) * sizeof *val->data);
    rc = param_settle(S, name, p, old.data, 0, tensor_size(&old));
    tensor_release(&old);
    return rc;
}

/* name[r][c] = v for a parameter of the network or an input x: in place,
 * with no copy of the whole (8 MiB for W1 at 1024×1024, on every frame
 * of a drag), and only the stages' parts that the entry reaches computed
 * again */
static int assign_param_entry(struct session *S, const char *name, long r, long c, double v)
{
    if (session_need_net(S) < 0)
        return -1;
    tensor *p = net_tensor(&S->net, name);
    size_t off = (size_t)r * (size_t)p->cols + (size_t)c;
    double old = p->data[off];
    p->data[off] = v;
    return param_settle(S, name, p, &old, off, 1);
}

/* curve = [[pass, loss], ...]: the loss curve as train records it */
static int assign_curve(struct session *S, const tensor *val, int dims)
{
    if (dims != 2 || val->cols != 2)
        return session_error(S, "curve: expected rows [pass, loss], got %d×%d", val->rows, val->cols);
    if (val->rows > TRAIN_CURVE_POINTS + 2)
        return session_error(S, "curve: at most %d points (got %d)", TRAIN_CURVE_POINTS + 2, val->rows);
    for (int i = 0; i < val->rows; i++) {
        double it = T_AT(val, i, 0), L = T_AT(val, i, 1);
        if (it != floor(it) || it < 0 || it > 1e9 || (i > 0 && !(it > T_AT(val, i - 1, 0))))
            return session_error(S, "curve: row %d: the passes are whole numbers from 0 up, increasing", i);
        if (!isfinite(L))
            return session_error(S, "curve: row %d: the loss is not finite", i);
    }
    tensor c = TENSOR_INIT;
    int rc = tensor_copy(&c, val);
    if (rc < 0)
        return session_status(S, "curve", rc);
    tensor_move(&S->curve, &c);
    session_changed(S);
    return value_show(S, "curve");
}

static int unknown_name(struct session *S, const char *name)
{
    const char *guess = names_suggest(name);
    return guess ? session_error(S, "unknown name '%s' (did you mean '%s'?)", name, guess)
                 : session_error(S, "unknown name '%s'", name);
}

int assign_value(struct session *S, const char *name, const tensor *val, int dims)
{
    if (!strcmp(name, "z"))
        return assign_z(S, val, dims);
    if (!value_known(name))
        return unknown_name(S, name);
    if (!strcmp(name, "curve"))
        return assign_curve(S, val, dims);
    if (strcmp(name, "x") && strcmp(name, "y") && strcmp(name, "reg") &&
        strcmp(name, "W1") && strcmp(name, "b1") && strcmp(name, "W2") && strcmp(name, "b2"))
        return session_error(S, "'%s' is computed, not set: assign x, y, W1, b1, W2, b2, reg, curve or z", name);
    if (session_need_net(S) < 0)
        return -1;
    if (!strcmp(name, "reg"))
        return assign_reg(S, val, dims);
    if (!strcmp(name, "x"))
        return assign_x(S, val);
    if (!strcmp(name, "y"))
        return assign_y(S, val, dims, -1);
    return assign_param(S, name, val, dims);
}

/* the value an entry of name belongs to, as it is now (NULL with S->err
 * when it cannot be set or is not there yet) */
static const tensor *settable(struct session *S, const char *name)
{
    static const char *const ok[] = { "z", "x", "y", "W1", "b1", "W2", "b2", "curve", NULL };
    int found = 0;
    for (int i = 0; ok[i]; i++)
        found |= !strcmp(ok[i], name);
    if (!found) {
        if (!strcmp(name, "reg"))
            session_error(S, "'reg' is a single number: write reg = 0.01");
        else if (value_known(name))
            session_error(S, "'%s' is computed, not set: set an entry of z, x, y, W1, b1, W2 or b2", name);
        else
            unknown_name(S, name);
        return NULL;
    }
    struct value v;
    return value_get(S, name, &v) < 0 ? NULL : v.t;
}

/* y[i] = c: row i of the targets becomes class c (one-hot) */
static int label_row(struct session *S, tensor *y, long i, double c)
{
    if (c != floor(c) || c < 0 || c >= y->cols)
        return session_error(S, "y[%ld]: class %g is not one of 0..%d", i, c, y->cols - 1);
    for (int j = 0; j < y->cols; j++)
        T_AT(y, i, j) = j == (int)c ? 1.0 : 0.0;
    return 0;
}

int assign_entry(struct session *S, const char *ref, const char *text)
{
    char name[32];
    long idx[2] = { 0, 0 };
    int k = value_parse_ref(ref, name, sizeof name, idx);
    if (k < 1)
        return session_error(S, "cannot set '%s' (write NAME[i] = NUMBER or NAME[i][j] = NUMBER)", ref);
    const tensor *cur = settable(S, name);
    if (!cur)
        return -1;
    char err[200];
    tensor val = TENSOR_INIT;
    int dims;
    if (literal_parse(text, &val, &dims, !strcmp(name, "z") ? LIT_NEG_INF : 0, 1, err, sizeof err) < 0)
        return session_error(S, "%s: %s", ref, strstr(err, "too many") ? "one number, please" : err);
    double v = val.data[0];
    tensor_release(&val);
    if (dims != 0)
        return session_error(S, "%s: one number, please (the whole value is set with %s = [...])", ref, name);
    int is_y = !strcmp(name, "y");
    long r = idx[0], c = idx[1];
    if (k == 1 && !is_y) {              /* an entry of a row: z[2], b1[0] */
        if (cur->rows != 1)
            return session_error(S, "'%s' is %d×%d: give a row and a column, %s[i][j]", name, cur->rows,
                                 cur->cols, name);
        c = r;
        r = 0;
    }
    if (k == 1 && (is_y ? r >= cur->rows : c >= cur->cols))
        return session_error(S, "index %ld is out of range for %s (0..%d)", is_y ? r : c, name,
                             (is_y ? cur->rows : cur->cols) - 1);
    if (k == 2 && (r >= cur->rows || c >= cur->cols))
        return session_error(S, "index [%ld][%ld] is out of range for %s (%d×%d)", r, c, name, cur->rows,
                             cur->cols);
    if (name[0] == 'W' || name[0] == 'b' || name[0] == 'x')
        return assign_param_entry(S, name, r, c, v);
    /* the whole value with the entry changed, set as a whole value is */
    tensor nv = TENSOR_INIT;
    int rc = tensor_copy(&nv, cur);
    if (rc < 0)
        return session_status(S, ref, rc);
    if (is_y && k == 1)
        rc = label_row(S, &nv, r, v);
    else
        T_AT(&nv, r, c) = v;
    if (rc == 0 && is_y)
        rc = assign_y(S, &nv, 2, r);
    else if (rc == 0)
        rc = assign_value(S, name, &nv, nv.rows == 1 && (name[0] == 'z' || name[0] == 'b') ? 1 : 2);
    tensor_release(&nv);
    return rc;
}

int assign_text(struct session *S, const char *name, const char *text)
{
    char err[200];
    tensor val = TENSOR_INIT;
    int dims;
    int flags = !strcmp(name, "z") ? LIT_NEG_INF : 0;
    size_t max = !strcmp(name, "z") ? LOGITS_MAX : TENSOR_MAX_ELEMS;
    if (literal_parse(text, &val, &dims, flags, max, err, sizeof err) < 0)
        return session_error(S, "%s: %s", name, err);
    int rc = assign_value(S, name, &val, dims);
    tensor_release(&val);
    return rc;
}
