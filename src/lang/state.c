/* state: a session's values as pieces. See state.h. */
#include "state.h"

#include <stdlib.h>
#include <string.h>

#include "cmd_lab.h"
#include "rng.h"

const char *const state_part_names[PART_COUNT] = {
    "z", "W1", "b1", "W2", "b2", "x", "y", "data", "labels", "curve",
};

int state_part_group(int part)
{
    switch (part) {
    case PART_Z:
        return GROUP_LOGITS;
    case PART_DATA:
    case PART_LABELS:
        return GROUP_DATA;
    case PART_CURVE:
        return GROUP_CURVE;
    default:
        return GROUP_NET;
    }
}

void state_get_scalars(const struct session *S, struct state_scalars *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->seed = S->seed;
    sc->has_logits = S->has_logits;
    if (S->has_net) {
        const struct net *n = &S->net;
        sc->has_net = 1;
        sc->D = n->n_in;
        sc->H = n->n_hidden;
        sc->K = n->n_out;
        sc->act = (int)n->act;
        sc->reduce = (int)n->reduce;
        sc->stage = n->stage;
        sc->reg = n->reg;
    }
    if (S->has_data) {
        sc->has_data = 1;
        sc->n_classes = S->data.n_classes;
        snprintf(sc->data_name, sizeof sc->data_name, "%s", S->data.name);
        /* field by field: the zeroed padding stays zero */
        const struct data_from *f = &S->data_from;
        sc->data_from.kind = f->kind;
        sc->data_from.n = f->n;
        sc->data_from.k = f->k;
        sc->data_from.noise = f->noise;
        sc->data_from.factor = f->factor;
        sc->data_from.seed = f->seed;
    }
}

int state_scalars_differ(const struct state_scalars *a, const struct state_scalars *b)
{
    int g = 0;
    if (a->seed != b->seed)
        g |= GROUP_SEED;
    if (a->has_logits != b->has_logits)
        g |= GROUP_LOGITS;
    if (a->has_net != b->has_net || a->D != b->D || a->H != b->H || a->K != b->K || a->act != b->act ||
        a->reduce != b->reduce || a->stage != b->stage || memcmp(&a->reg, &b->reg, sizeof a->reg))
        g |= GROUP_NET;
    const struct data_from *fa = &a->data_from, *fb = &b->data_from;
    if (a->has_data != b->has_data || a->n_classes != b->n_classes || strcmp(a->data_name, b->data_name) ||
        fa->kind != fb->kind || fa->n != fb->n || fa->k != fb->k || fa->seed != fb->seed ||
        memcmp(&fa->noise, &fb->noise, sizeof fa->noise) || memcmp(&fa->factor, &fb->factor, sizeof fa->factor))
        g |= GROUP_DATA;
    return g;
}

static void view_tensor(struct state_piece *out, const tensor *t)
{
    out->rows = t->rows;
    out->cols = t->cols;
    out->bytes = tensor_size(t) * sizeof(double);
    out->data = t->data;
}

void state_piece_view(const struct session *S, int k, struct state_piece *out)
{
    memset(out, 0, sizeof *out);
    const struct net *n = &S->net;
    const tensor *net_parts[] = { &n->W1, &n->b1, &n->W2, &n->b2, &n->x, &n->y };
    if (k == PART_Z && S->has_logits)
        view_tensor(out, &S->z);
    else if (k >= PART_W1 && k <= PART_Y && S->has_net)
        view_tensor(out, net_parts[k - PART_W1]);
    else if (k == PART_DATA && S->has_data)
        view_tensor(out, &S->data.X);
    else if (k == PART_LABELS && S->has_data) {
        out->rows = 1;
        out->cols = S->data.X.rows;
        out->bytes = (size_t)out->cols * sizeof(int);
        out->data = S->data.labels;
    } else if (k == PART_CURVE && S->curve.rows > 0)
        view_tensor(out, &S->curve);
}

int state_piece_equal(const struct state_piece *a, const struct state_piece *b)
{
    return a->rows == b->rows && a->cols == b->cols && a->bytes == b->bytes &&
           (a->bytes == 0 || a->data == b->data || memcmp(a->data, b->data, a->bytes) == 0);
}

int state_piece_copy(struct state_piece *dst, const struct state_piece *src)
{
    memset(dst, 0, sizeof *dst);
    if (src->bytes) {
        dst->data = malloc(src->bytes);
        if (!dst->data)
            return status_nomem(src->bytes);
        memcpy(dst->data, src->data, src->bytes);
    }
    dst->rows = src->rows;
    dst->cols = src->cols;
    dst->bytes = src->bytes;
    return 0;
}

void state_piece_release(struct state_piece *p)
{
    free(p->data);
    memset(p, 0, sizeof *p);
}

tensor state_piece_tensor(const struct state_piece *p)
{
    tensor t = { p->rows, p->cols, p->data };
    return t;
}

int state_capture(const struct session *S, struct state *st)
{
    memset(st, 0, sizeof *st);
    state_get_scalars(S, &st->sc);
    for (int k = 0; k < PART_COUNT; k++) {
        struct state_piece v;
        state_piece_view(S, k, &v);
        if (state_piece_copy(&st->p[k], &v) < 0) {
            state_release(st);
            return ST_NO_MEMORY;
        }
    }
    return 0;
}

void state_release(struct state *st)
{
    for (int k = 0; k < PART_COUNT; k++)
        state_piece_release(&st->p[k]);
}

size_t state_bytes(const struct session *S)
{
    size_t total = 0;
    for (int k = 0; k < PART_COUNT; k++) {
        struct state_piece v;
        state_piece_view(S, k, &v);
        total += v.bytes;
    }
    return total;
}

/* ------------------------------------------------------------------ */
/* data sets and batches                                               */

int state_generate(const struct data_from *from, struct dataset *d)
{
    struct rng r;
    memset(d, 0, sizeof *d);
    if (from->n < 1 || from->n > DATA_MAX_ROWS)
        return -1;
    rng_seed(&r, from->seed);
    switch (from->kind) {
    case DATA_FROM_MOONS:
        return data_moons(d, (int)from->n, from->noise, &r) < 0 ? -1 : 0;
    case DATA_FROM_CIRCLES:
        return data_circles(d, (int)from->n, from->noise, from->factor, &r) < 0 ? -1 : 0;
    case DATA_FROM_SPIRAL:
        if (from->k < 1 || from->k > 100)
            return -1;
        return data_spiral(d, (int)from->n, (int)from->k, &r) < 0 ? -1 : 0;
    case DATA_FROM_XOR:
        return data_xor(d, (int)from->n, from->noise, &r) < 0 ? -1 : 0;
    default:
        return -1;
    }
}

int state_data_generated(const struct state *st)
{
    if (!st->sc.has_data || st->sc.data_from.kind == DATA_FROM_NONE)
        return 0;
    struct dataset d;
    if (state_generate(&st->sc.data_from, &d) < 0)
        return 0;
    struct state_piece X = { d.X.rows, d.X.cols, tensor_size(&d.X) * sizeof(double), d.X.data };
    struct state_piece L = { 1, d.X.rows, (size_t)d.X.rows * sizeof(int), d.labels };
    int same = state_piece_equal(&X, &st->p[PART_DATA]) && state_piece_equal(&L, &st->p[PART_LABELS]) &&
               d.n_classes == st->sc.n_classes && !strcmp(d.name, st->sc.data_name);
    dataset_release(&d);
    return same;
}

int state_batch_is_data(const struct state *st)
{
    const struct state_piece *X = &st->p[PART_DATA], *x = &st->p[PART_X], *y = &st->p[PART_Y];
    if (!st->sc.has_net || !st->sc.has_data || X->cols != st->sc.D || st->sc.n_classes > st->sc.K ||
        !state_piece_equal(X, x) || y->rows != X->rows || y->cols != st->sc.K)
        return 0;
    const int *labels = st->p[PART_LABELS].data;
    const double *yd = y->data;
    for (int i = 0; i < y->rows; i++)
        for (int k = 0; k < y->cols; k++) {
            double want = k == labels[i] ? 1.0 : 0.0, got = yd[(size_t)i * y->cols + k];
            if (memcmp(&want, &got, sizeof got))
                return 0;
        }
    return 1;
}

/* ------------------------------------------------------------------ */
/* putting a state back                                                */

/* the groups in which S differs from t */
static int groups_differ(const struct session *S, const struct state *t)
{
    struct state_scalars now;
    state_get_scalars(S, &now);
    int g = state_scalars_differ(&now, &t->sc);
    for (int k = 0; k < PART_COUNT; k++) {
        struct state_piece v;
        state_piece_view(S, k, &v);
        if (!state_piece_equal(&v, &t->p[k]))
            g |= state_part_group(k);
    }
    return g;
}

/* out = t's network with its stages computed: 0, or a status */
static int build_net(struct session *S, const struct state *t, struct net *out)
{
    const struct state_scalars *sc = &t->sc;
    int rc = net_init_until(out, sc->D, sc->H, sc->K, (enum act)sc->act, NULL, 0, S->interrupt);
    if (rc != 0)
        return rc < 0 && rc != ST_NO_MEMORY && rc != ST_TOO_BIG ? ST_FAILED : rc;
    tensor *dst[] = { &out->W1, &out->b1, &out->W2, &out->b2 };
    for (int k = PART_W1; k <= PART_B2; k++) {
        if (t->p[k].bytes != tensor_size(dst[k - PART_W1]) * sizeof(double)) {
            net_release(out);
            return ST_FAILED;
        }
        memcpy(dst[k - PART_W1]->data, t->p[k].data, t->p[k].bytes);
    }
    out->reg = sc->reg;
    out->reduce = (enum reduce)sc->reduce;
    tensor x = state_piece_tensor(&t->p[PART_X]), y = state_piece_tensor(&t->p[PART_Y]);
    if ((rc = net_set_batch(out, &x, &y)) == 0)
        rc = net_run_to(out, (enum stage)sc->stage);
    if (rc != 0)
        net_release(out);
    return rc;
}

/* out = t's data set: 0, or ST_NO_MEMORY */
static int build_data(const struct state *t, struct dataset *out)
{
    memset(out, 0, sizeof *out);
    tensor X = state_piece_tensor(&t->p[PART_DATA]);
    int rc = tensor_copy(&out->X, &X);
    if (rc < 0)
        return rc;
    out->labels = malloc(t->p[PART_LABELS].bytes ? t->p[PART_LABELS].bytes : 1);
    if (!out->labels) {
        tensor_release(&out->X);
        return ST_NO_MEMORY;
    }
    memcpy(out->labels, t->p[PART_LABELS].data, t->p[PART_LABELS].bytes);
    out->n_classes = t->sc.n_classes;
    snprintf(out->name, sizeof out->name, "%s", t->sc.data_name);
    return 0;
}

/* the values of the groups g of t, made aside: everything that can fail */
struct rebuilt {
    struct net net;
    struct dataset data;
    tensor curve;
};

static int rebuild(struct session *S, const struct state *t, int g, struct rebuilt *r)
{
    int rc = 0;
    memset(r, 0, sizeof *r);
    if ((g & GROUP_NET) && t->sc.has_net)
        rc = build_net(S, t, &r->net);
    if (rc == 0 && (g & GROUP_DATA) && t->sc.has_data && (rc = build_data(t, &r->data)) != 0 &&
        (g & GROUP_NET) && t->sc.has_net)
        net_release(&r->net);
    if (rc == 0 && (g & GROUP_CURVE)) {
        tensor c = state_piece_tensor(&t->p[PART_CURVE]);
        if ((rc = tensor_copy(&r->curve, &c)) != 0) {
            if ((g & GROUP_NET) && t->sc.has_net)
                net_release(&r->net);
            dataset_release(&r->data);
        }
    }
    return rc;
}

static void rebuilt_release(struct rebuilt *r, int g, const struct state *t)
{
    if ((g & GROUP_NET) && t->sc.has_net)
        net_release(&r->net);
    dataset_release(&r->data);
    tensor_release(&r->curve);
}

int state_apply(struct session *S, const struct state *t, const char *what)
{
    int g = groups_differ(S, t);
    if (!g)
        return 0;
    struct rebuilt r;
    int rc = rebuild(S, t, g, &r);
    if (rc != 0)
        return session_status(S, what, rc);
    /* the logits last of what can fail: lab_set_logits changes S only
     * when it succeeds */
    if ((g & GROUP_LOGITS) && t->sc.has_logits) {
        tensor z = state_piece_tensor(&t->p[PART_Z]);
        if (lab_set_logits(S, &z) < 0) {
            rebuilt_release(&r, g, t);
            return -1;
        }
    } else if (g & GROUP_LOGITS) {
        tensor_release(&S->z);
        tensor_release(&S->s);
        tensor_release(&S->J);
        tensor_release(&S->mistake_J);
        S->has_logits = 0;
    }
    /* nothing fails from here on */
    if (g & GROUP_NET) {
        if (S->has_net)
            net_release(&S->net);
        S->has_net = t->sc.has_net;
        if (S->has_net)
            S->net = r.net;
    }
    if (g & GROUP_DATA) {
        dataset_release(&S->data);
        S->has_data = t->sc.has_data;
        if (S->has_data)
            dataset_move(&S->data, &r.data);
        S->data_from = t->sc.data_from;
    }
    if (g & GROUP_CURVE)
        tensor_move(&S->curve, &r.curve);
    S->seed = t->sc.seed;
    session_changed(S);
    return 0;
}
