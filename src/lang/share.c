/* share: a session as one URL-safe line. See share.h for the format. */
#include "share.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "growbuf.h"
#include "net.h"

enum {
    F_LOGITS = 1, F_NET = 2, F_DATA = 4, F_GENERATED = 8, F_BATCH_DATA = 16, F_CURVE = 32,
};
#define SHARE_VERSION 1
#define CURVE_MAX (TRAIN_CURVE_POINTS + 2)

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

uint32_t share_crc32(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

static void put(struct growbuf *o, const void *src, size_t n)
{
    growbuf_put(o, src, n);
}

static void put_uint(struct growbuf *o, uint64_t v, int bytes)
{
    unsigned char b[8];
    for (int i = 0; i < bytes; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    put(o, b, (size_t)bytes);
}

static void put_f64(struct growbuf *o, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_uint(o, bits, 8);
}

static void put_piece(struct growbuf *o, const struct state_piece *p)
{
    const double *d = p->data;
    for (size_t i = 0; i < (size_t)p->rows * (size_t)p->cols; i++)
        put_f64(o, d[i]);
}

static void put_data(struct growbuf *o, const struct state *st, int generated)
{
    const struct state_scalars *sc = &st->sc;
    size_t nl = strlen(sc->data_name);
    put_uint(o, nl, 1);
    put(o, sc->data_name, nl);
    if (generated) {
        const struct data_from *f = &sc->data_from;
        put_uint(o, (uint64_t)f->kind, 1);
        put_uint(o, (uint64_t)f->n, 4);
        put_uint(o, (uint64_t)f->k, 4);
        put_f64(o, f->noise);
        put_f64(o, f->factor);
        put_uint(o, f->seed, 4);
        return;
    }
    const struct state_piece *X = &st->p[PART_DATA];
    const int *labels = st->p[PART_LABELS].data;
    put_uint(o, (uint64_t)X->rows, 4);
    put_uint(o, (uint64_t)X->cols, 2);
    put_piece(o, X);
    for (int i = 0; i < X->rows; i++)
        put_uint(o, (uint64_t)labels[i], 2);
}

static void put_net(struct growbuf *o, const struct state *st, int batch_data)
{
    const struct state_scalars *sc = &st->sc;
    put_uint(o, (uint64_t)sc->D, 2);
    put_uint(o, (uint64_t)sc->H, 2);
    put_uint(o, (uint64_t)sc->K, 2);
    put_uint(o, (uint64_t)sc->act, 1);
    put_uint(o, (uint64_t)sc->reduce, 1);
    put_uint(o, (uint64_t)sc->stage, 1);
    put_f64(o, sc->reg);
    for (int k = PART_W1; k <= PART_B2; k++)
        put_piece(o, &st->p[k]);
    if (batch_data)
        return;
    put_uint(o, (uint64_t)st->p[PART_X].rows, 4);
    put_piece(o, &st->p[PART_X]);
    put_piece(o, &st->p[PART_Y]);
}

/* what takes the most room in a line: its name and characters */
static const char *largest(const struct state *st, int generated, int batch_data, size_t *chars)
{
    const char *name = "the settings";
    size_t best = 0;
    for (int k = 0; k < PART_COUNT; k++) {
        if ((k == PART_DATA || k == PART_LABELS) && generated)
            continue;
        if ((k == PART_X || k == PART_Y) && batch_data)
            continue;
        size_t n = (size_t)st->p[k].rows * st->p[k].cols * (k == PART_LABELS ? 2 : 8) * 4 / 3;
        if (n > best) {
            best = n;
            name = k == PART_DATA || k == PART_LABELS ? "the data set" : state_part_names[k];
        }
    }
    *chars = best;
    return name;
}

int share_encode(const struct state *st, const char *settings, char **line, size_t *len, char *err,
                 size_t errlen)
{
    const struct state_scalars *sc = &st->sc;
    int generated = state_data_generated(st) && st->sc.data_from.n <= SHARE_MAX_MADE_ROWS;
    int batch_data = state_batch_is_data(st);
    size_t sl = settings ? strlen(settings) : 0;
    if (sl > SHARE_SETTINGS_MAX) {
        snprintf(err, errlen, "the view and lesson settings are too long for a line");
        return -1;
    }
    int flags = (sc->has_logits ? F_LOGITS : 0) | (sc->has_net ? F_NET : 0) | (sc->has_data ? F_DATA : 0) |
                (generated ? F_GENERATED : 0) | (batch_data ? F_BATCH_DATA : 0) |
                (st->p[PART_CURVE].rows > 0 ? F_CURVE : 0);
    struct growbuf o = { 0 };
    put_uint(&o, SHARE_VERSION, 1);
    put_uint(&o, (uint64_t)flags, 1);
    put_uint(&o, sc->seed, 4);
    if (flags & F_LOGITS) {
        put_uint(&o, (uint64_t)st->p[PART_Z].cols, 2);
        put_piece(&o, &st->p[PART_Z]);
    }
    if (flags & F_DATA)
        put_data(&o, st, generated);
    if (flags & F_NET)
        put_net(&o, st, batch_data);
    if (flags & F_CURVE) {
        put_uint(&o, (uint64_t)st->p[PART_CURVE].rows, 2);
        put_piece(&o, &st->p[PART_CURVE]);
    }
    put_uint(&o, sl, 2);
    put(&o, settings, sl);
    put_uint(&o, share_crc32((const unsigned char *)o.p, o.len), 4);
    size_t n = strlen(SHARE_PREFIX) + (o.len * 4 + 2) / 3;
    *len = n;
    if (o.fail) {
        free(o.p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (n > SHARE_MAX_CHARS) {
        size_t big;
        const char *what = largest(st, generated, batch_data, &big);
        snprintf(err, errlen, "%s takes about %zu of them", what, big);
        free(o.p);
        return 1;
    }
    char *s = malloc(n + 1), *q = s;
    if (!s) {
        free(o.p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    q += sprintf(q, "%s", SHARE_PREFIX);
    for (size_t i = 0; i < o.len; i += 3) {
        const unsigned char *u = (const unsigned char *)o.p;
        uint32_t v = (uint32_t)u[i] << 16 | (i + 1 < o.len ? (uint32_t)u[i + 1] << 8 : 0) |
                     (i + 2 < o.len ? u[i + 2] : 0);
        int chars = o.len - i >= 3 ? 4 : (int)(o.len - i) + 1;
        for (int k = 0; k < chars; k++)
            *q++ = b64[(v >> (18 - 6 * k)) & 63];
    }
    *q = '\0';
    free(o.p);
    *line = s;
    return 0;
}

/* ------------------------------------------------------------------ */
/* reading                                                             */

struct in {
    const unsigned char *p;
    size_t len, at;
    const char *bad;            /* what went wrong first */
};

static int fail(struct in *r, const char *why)
{
    if (!r->bad)
        r->bad = why;
    return -1;
}

static uint64_t get_uint(struct in *r, int bytes)
{
    if (r->bad || r->len - r->at < (size_t)bytes) {
        fail(r, "it ends too soon (a part of it is missing)");
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)r->p[r->at + i] << (8 * i);
    r->at += (size_t)bytes;
    return v;
}

static double get_f64(struct in *r)
{
    uint64_t bits = get_uint(r, 8);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* a count read as bytes, in lo..hi */
static long get_count(struct in *r, int bytes, long lo, long hi, const char *what)
{
    uint64_t v = get_uint(r, bytes);
    if (!r->bad && (v < (uint64_t)lo || v > (uint64_t)hi))
        fail(r, what);
    return r->bad ? 0 : (long)v;
}

/* a piece of rows x cols doubles, each finite (neg_inf: or -inf) */
static int get_piece(struct in *r, struct state_piece *p, long rows, long cols, int neg_inf)
{
    if (r->bad)
        return -1;
    size_t n = (size_t)rows * (size_t)cols;
    if (n > (r->len - r->at) / 8)
        return fail(r, "it ends too soon (a part of it is missing)");
    double *d = malloc(n ? n * sizeof *d : 1);
    if (!d)
        return fail(r, "out of memory");
    for (size_t i = 0; i < n; i++) {
        d[i] = get_f64(r);
        if (!isfinite(d[i]) && !(neg_inf && d[i] == -INFINITY)) {
            free(d);
            return fail(r, "it holds a number that is not finite");
        }
    }
    p->rows = (int)rows;
    p->cols = (int)cols;
    p->bytes = n * sizeof *d;
    p->data = d;
    return 0;
}

static int name_ok(const char *s, size_t n)
{
    static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(ok, s[i]))
            return 0;
    return 1;
}

/* the data set's pieces from a generator's settings */
static int generated_pieces(struct in *r, struct state *st)
{
    struct dataset d;
    if (state_generate(&st->sc.data_from, &d) < 0)
        return fail(r, "its data set's generator settings are out of range");
    st->sc.n_classes = d.n_classes;
    st->p[PART_DATA] = (struct state_piece){ d.X.rows, d.X.cols, tensor_size(&d.X) * sizeof(double), d.X.data };
    st->p[PART_LABELS] = (struct state_piece){ 1, d.X.rows, (size_t)d.X.rows * sizeof(int), d.labels };
    if (strcmp(st->sc.data_name, d.name))
        fail(r, "its data set's name is not its generator's");
    return r->bad ? -1 : 0;
}

static int get_data(struct in *r, struct state *st, int generated)
{
    struct state_scalars *sc = &st->sc;
    size_t nl = (size_t)get_count(r, 1, 0, 63, "its data set's name is too long");
    if (r->bad || r->len - r->at < nl || !name_ok((const char *)r->p + r->at, nl))
        return fail(r, "its data set's name is not letters, digits, '.', '_' or '-'");
    memcpy(sc->data_name, r->p + r->at, nl);
    sc->data_name[nl] = '\0';
    r->at += nl;
    sc->has_data = 1;
    if (generated) {
        struct data_from *f = &sc->data_from;
        f->kind = (int)get_count(r, 1, 1, DATA_FROM_COUNT - 1, "its data set's generator is not known");
        f->n = get_count(r, 4, 1, SHARE_MAX_MADE_ROWS, "its data set has too many rows");
        f->k = get_count(r, 4, 0, 100, "its spiral has too many arms");
        f->noise = get_f64(r);
        f->factor = get_f64(r);
        f->seed = (uint32_t)get_uint(r, 4);
        if (!r->bad && !(f->noise >= 0 && f->noise <= 10 && f->factor >= 0 && f->factor <= 1))
            return fail(r, "its data set's generator settings are out of range");
        return r->bad ? -1 : generated_pieces(r, st);
    }
    long N = get_count(r, 4, 1, DATA_MAX_ROWS, "its data set has no rows, or too many");
    long D = get_count(r, 2, 1, 65535, "its data set has no features");
    if (get_piece(r, &st->p[PART_DATA], N, D, 0) < 0)
        return -1;
    if ((size_t)N > (r->len - r->at) / 2)
        return fail(r, "it ends too soon (a part of it is missing)");
    int *labels = malloc((size_t)N * sizeof *labels);
    if (!labels)
        return fail(r, "out of memory");
    st->p[PART_LABELS] = (struct state_piece){ 1, (int)N, (size_t)N * sizeof *labels, labels };
    for (long i = 0; i < N; i++) {
        labels[i] = (int)get_count(r, 2, 0, DATA_MAX_CLASSES - 1, "a label of its data set is too large");
        if (labels[i] + 1 > sc->n_classes)
            sc->n_classes = labels[i] + 1;
    }
    return r->bad ? -1 : 0;
}

/* y = the data set's labels one-hot (K classes) */
static int one_hot(struct in *r, struct state *st)
{
    const struct state_piece *X = &st->p[PART_DATA];
    const int *labels = st->p[PART_LABELS].data;
    int K = st->sc.K;
    if (!st->sc.has_data || st->sc.n_classes > K || X->cols != st->sc.D)
        return fail(r, "its batch is said to be the data set's, which does not fit the network");
    if (state_piece_copy(&st->p[PART_X], X) < 0)
        return fail(r, "out of memory");
    double *y = calloc((size_t)X->rows * K, sizeof *y);
    if (!y)
        return fail(r, "out of memory");
    for (int i = 0; i < X->rows; i++)
        y[(size_t)i * K + labels[i]] = 1.0;
    st->p[PART_Y] = (struct state_piece){ X->rows, K, (size_t)X->rows * K * sizeof *y, y };
    return 0;
}

static int get_net(struct in *r, struct state *st, int batch_data)
{
    struct state_scalars *sc = &st->sc;
    sc->has_net = 1;
    sc->D = (int)get_count(r, 2, 1, NET_MAX_UNITS, "its network's size is out of range");
    sc->H = (int)get_count(r, 2, 1, NET_MAX_UNITS, "its network's size is out of range");
    sc->K = (int)get_count(r, 2, 1, NET_MAX_UNITS, "its network's size is out of range");
    sc->act = (int)get_count(r, 1, 0, ACT_COUNT - 1, "its network's activation is not known");
    sc->reduce = (int)get_count(r, 1, 0, REDUCE_COUNT - 1, "its network's reduce is not known");
    sc->stage = (int)get_count(r, 1, 0, STAGE_LAST, "its network's stage is not known");
    sc->reg = get_f64(r);
    if (!r->bad && !(sc->reg >= 0 && isfinite(sc->reg)))
        return fail(r, "its reg is not a number of 0 or more");
    long shape[4][2] = { { sc->D, sc->H }, { 1, sc->H }, { sc->H, sc->K }, { 1, sc->K } };
    for (int k = PART_W1; k <= PART_B2; k++)
        if (get_piece(r, &st->p[k], shape[k - PART_W1][0], shape[k - PART_W1][1], 0) < 0)
            return -1;
    if (batch_data)
        return one_hot(r, st);
    long N = get_count(r, 4, 1, NET_MAX_ROWS, "its batch has no rows, or too many");
    if (get_piece(r, &st->p[PART_X], N, sc->D, 0) < 0 || get_piece(r, &st->p[PART_Y], N, sc->K, 0) < 0)
        return -1;
    return 0;
}

/* the base64url text (blanks skipped) into bytes: the count, or -1 */
static long unbase64(const char *s, size_t len, unsigned char *out)
{
    uint32_t acc = 0;
    int bits = 0;
    long n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            continue;
        const char *c = s[i] ? strchr(b64, s[i]) : NULL;
        if (!c)
            return -1;
        acc = (acc << 6) | (uint32_t)(c - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    /* what is left must be padding bits of zero, fewer than a byte's */
    if (bits >= 6 || (acc & ((1u << bits) - 1)))
        return -1;
    return n;
}

static int settings_ok(const char *s, size_t n)
{
    static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._=-\n";
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(ok, s[i]))
            return 0;
    return 1;
}

static int decode_record(struct in *r, struct state *st, char *settings, size_t n)
{
    if (r->len < 4 + 6 || share_crc32(r->p, r->len - 4) != (uint32_t)(r->p[r->len - 4] | r->p[r->len - 3] << 8 |
                                                                       r->p[r->len - 2] << 16 |
                                                                       (uint32_t)r->p[r->len - 1] << 24))
        return fail(r, "its checksum does not match (a character was changed or lost)");
    r->len -= 4;
    if (get_uint(r, 1) != SHARE_VERSION)
        return fail(r, "it is of another version of gradlab");
    int flags = (int)get_count(r, 1, 0, 63, "it has flags this version does not know");
    st->sc.seed = (uint32_t)get_uint(r, 4);
    if ((flags & F_GENERATED && !(flags & F_DATA)) || (flags & F_BATCH_DATA && !(flags & F_NET)))
        return fail(r, "its flags contradict each other");
    if (flags & F_LOGITS) {
        st->sc.has_logits = 1;
        long z = get_count(r, 2, 1, LOGITS_MAX, "it has no logits, or too many");
        if (get_piece(r, &st->p[PART_Z], 1, z, 1) < 0)
            return -1;
    }
    if ((flags & F_DATA) && get_data(r, st, flags & F_GENERATED) < 0)
        return -1;
    if ((flags & F_NET) && get_net(r, st, flags & F_BATCH_DATA) < 0)
        return -1;
    if (flags & F_CURVE) {
        long rows = get_count(r, 2, 1, CURVE_MAX, "its loss curve has too many points");
        if (get_piece(r, &st->p[PART_CURVE], rows, 2, 0) < 0)
            return -1;
    }
    size_t sl = (size_t)get_count(r, 2, 0, SHARE_SETTINGS_MAX, "its settings are too long");
    if (r->bad || r->len - r->at < sl || sl >= n || !settings_ok((const char *)r->p + r->at, sl))
        return fail(r, "its settings are not view, theme, autoscale, example or lesson words");
    memcpy(settings, r->p + r->at, sl);
    settings[sl] = '\0';
    r->at += sl;
    if (r->at != r->len)
        return fail(r, "it has bytes left over at its end");
    return 0;
}

int share_decode(const char *line, size_t len, struct state *st, char *settings, size_t n, char *err,
                 size_t errlen)
{
    memset(st, 0, sizeof *st);
    size_t pre = strlen(SHARE_PREFIX);
    while (len > 0 && (*line == ' ' || *line == '\t' || *line == '\n' || *line == '\r'))
        line++, len--;
    if (len < pre || memcmp(line, SHARE_PREFIX, pre) != 0) {
        snprintf(err, errlen, "not a shared session (it starts with '%s')", SHARE_PREFIX);
        return -1;
    }
    if (len > SHARE_MAX_CHARS + 1024) {
        snprintf(err, errlen, "the line is longer than a shared session can be (%d characters)",
                 SHARE_MAX_CHARS);
        return -1;
    }
    unsigned char *bytes = malloc(len);
    if (!bytes) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    long nb = unbase64(line + pre, len - pre, bytes);
    struct in r = { bytes, nb > 0 ? (size_t)nb : 0, 0, NULL };
    if (nb < 0)
        fail(&r, "it holds a character that is not one of A-Z a-z 0-9 - _ (or was cut)");
    else
        decode_record(&r, st, settings, n);
    free(bytes);
    if (r.bad) {
        state_release(st);
        memset(st, 0, sizeof *st);
        snprintf(err, errlen, "the shared line is damaged: %s", r.bad);
        return -1;
    }
    return 0;
}
