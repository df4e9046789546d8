/* npy: numpy's .npy files, read and written. See npy.h. */
#include "npy.h"
#include "files.h"
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "\x93NUMPY"
#define MAGIC_LEN 6
#define ALIGN 64                /* numpy pads the header so the data starts on a multiple of this */
#define GROWTH_DIGITS 21        /* numpy leaves room after the header for a longer first axis */
#define MAX_DIMS 32             /* numpy's NPY_MAXDIMS */
#define CHUNK ((size_t)1 << 16) /* bytes read at a time when converting */
#define DIRECT ((size_t)8 << 20) /* bytes read at a time straight into the tensor */
#define SHOWN 300

int npy_path(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".npy");
}

static int host_little(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

/* ------------------------------------------------------------------ */
/* the header: a strict parser of numpy's dict literal                  */

enum kind { K_FLOAT, K_INT, K_UINT, K_BOOL };

struct header {
    enum kind kind;
    int size;                   /* bytes per number */
    int big;                    /* big-endian */
    int fortran;
    int ndim;
    unsigned long long dims[MAX_DIMS];
    char descr[24];             /* as written, for messages (escaped) */
    char shape[100];            /* the shape as written, for messages (escaped) */
};

struct cur {
    const char *p, *end;
};

static void skip_ws(struct cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* the next non-blank character is ch: take it */
static int eat(struct cur *c, char ch)
{
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* a Python string in single or double quotes, without escapes: its text
 * at *s, *n bytes */
static int read_string(struct cur *c, const char **s, size_t *n)
{
    skip_ws(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
        return -1;
    char q = *c->p++;
    const char *start = c->p;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || *c->p == '\n')
            return -1;
        c->p++;
    }
    if (c->p >= c->end)
        return -1;
    *s = start;
    *n = (size_t)(c->p - start);
    c->p++;
    return 0;
}

static int read_word(struct cur *c, const char *w)
{
    size_t n = strlen(w);
    skip_ws(c);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
        return 0;
    c->p += n;
    return 1;
}

/* a tuple of non-negative integers (Python 2's 3L too): (), (3,), (3, 4) */
static int read_shape(struct cur *c, struct header *h)
{
    if (!eat(c, '('))
        return -1;
    int commas = 0;
    h->ndim = 0;
    for (;;) {
        skip_ws(c);
        if (c->p < c->end && *c->p == ')') {
            c->p++;
            break;
        }
        if (h->ndim > commas || h->ndim == MAX_DIMS || c->p >= c->end || *c->p < '0' || *c->p > '9')
            return -1;
        unsigned long long v = 0;
        for (; c->p < c->end && *c->p >= '0' && *c->p <= '9'; c->p++)
            v = v > ULLONG_MAX / 20 ? ULLONG_MAX / 2 : v * 10 + (unsigned)(*c->p - '0');
        if (c->p < c->end && *c->p == 'L')
            c->p++;
        h->dims[h->ndim++] = v;
        if (eat(c, ','))
            commas++;
    }
    return h->ndim == 1 && commas == 0 ? -1 : 0;     /* (3) is a number, not a tuple */
}

/* what a descr that gradlab does not read holds, for the message */
static const char *descr_words(const char *d, size_t n)
{
    char k = n > 0 && strchr("<>|=", d[0]) ? (n > 1 ? d[1] : 0) : (n > 0 ? d[0] : 0);
    switch (k) {
    case 'O': return "Python objects";
    case 'U': case 'S': case 'a': return "text";
    case 'c': return "complex numbers";
    case 'M': case 'm': return "dates or times";
    case 'V': return "raw bytes";
    case 'f': return "floats of a size gradlab does not read";
    case 'i': case 'u': return "integers of a size gradlab does not read";
    default: return "a type gradlab does not know";
    }
}

/* '<f8', '>i4', '|b1'...: 0, or -1 with the reason in why */
static int parse_descr(const char *d, size_t n, struct header *h, const char **why)
{
    *why = NULL;
    if (n < 3 || n > 4 || !strchr("<>|", d[0]) || d[2] < '1' || d[2] > '9' || (n == 4 && (d[3] < '0' || d[3] > '9'))) {
        *why = n >= 2 && d[0] == '=' ? "no byte order ('=')" : descr_words(d, n);
        return -1;
    }
    int size = n == 4 ? (d[2] - '0') * 10 + d[3] - '0' : d[2] - '0';
    char k = d[1];
    h->big = d[0] == '>';
    h->size = size;
    if (k == 'f' && (size == 2 || size == 4 || size == 8))
        h->kind = K_FLOAT;
    else if (k == 'i' && (size == 1 || size == 2 || size == 4 || size == 8))
        h->kind = K_INT;
    else if (k == 'u' && (size == 1 || size == 2 || size == 4 || size == 8))
        h->kind = K_UINT;
    else if (k == 'b' && size == 1)
        h->kind = K_BOOL;
    else {
        *why = descr_words(d, n);
        return -1;
    }
    if (d[0] == '|' && size > 1) {
        *why = "no byte order ('|')";
        return -1;
    }
    return 0;
}

enum hdr_error { HDR_OK, HDR_SYNTAX, HDR_KEYS, HDR_STRUCTURED, HDR_DTYPE };

/* Parse {'descr': ..., 'fortran_order': ..., 'shape': (...), } with
 * blanks anywhere and the keys in any order, each once, no other key,
 * then only blanks. *at: where a syntax error is; *why: a dtype's reason. */
static enum hdr_error parse_header(const char *s, size_t n, struct header *h, const char **at, const char **why)
{
    struct cur c = { s, s + n };
    int seen = 0;                   /* bits: descr 1, fortran_order 2, shape 4 */
    memset(h, 0, sizeof *h);
    *why = NULL;
    if (!eat(&c, '{'))
        goto syntax;
    for (;;) {
        if (eat(&c, '}'))
            break;
        const char *k, *v;
        size_t kn, vn;
        if (read_string(&c, &k, &kn) < 0 || !eat(&c, ':'))
            goto syntax;
        int bit = kn == 5 && !memcmp(k, "descr", 5) ? 1
                : kn == 13 && !memcmp(k, "fortran_order", 13) ? 2
                : kn == 5 && !memcmp(k, "shape", 5) ? 4 : 0;
        if (!bit || (seen & bit))
            return HDR_KEYS;
        seen |= bit;
        if (bit == 1) {
            skip_ws(&c);
            if (c.p < c.end && *c.p == '[')
                return HDR_STRUCTURED;
            if (read_string(&c, &v, &vn) < 0)
                goto syntax;
            text_escape(h->descr, sizeof h->descr, v, vn);
            if (parse_descr(v, vn, h, why) < 0)
                return HDR_DTYPE;
        } else if (bit == 2) {
            if (read_word(&c, "True"))
                h->fortran = 1;
            else if (!read_word(&c, "False"))
                goto syntax;
        } else {
            skip_ws(&c);
            const char *v0 = c.p;
            if (read_shape(&c, h) < 0) {
                c.p = v0;               /* point at the whole shape */
                goto syntax;
            }
            text_escape(h->shape, sizeof h->shape, v0, (size_t)(c.p - v0));
        }
        if (!eat(&c, ',')) {
            if (eat(&c, '}'))
                break;
            goto syntax;
        }
    }
    skip_ws(&c);
    if (c.p != c.end)
        goto syntax;
    return seen == 7 ? HDR_OK : HDR_KEYS;
syntax:
    skip_ws(&c);
    *at = c.p;
    return HDR_SYNTAX;
}

/* ------------------------------------------------------------------ */
/* the numbers                                                          */

static const char *dtype_name(const struct header *h)
{
    static const char *const floats[] = { "float16", "float32", "float64" };
    static const char *const ints[] = { "int8", "int16", "int32", "int64" };
    static const char *const uints[] = { "uint8", "uint16", "uint32", "uint64" };
    int l = h->size == 1 ? 0 : h->size == 2 ? 1 : h->size == 4 ? 2 : 3;
    switch (h->kind) {
    case K_FLOAT: return floats[l - 1];
    case K_INT: return ints[l];
    case K_UINT: return uints[l];
    default: return "bool";
    }
}

static uint64_t load_bits(const unsigned char *b, int size, int big)
{
    uint64_t v = 0;
    if (big)
        for (int i = 0; i < size; i++)
            v = v << 8 | b[i];
    else
        for (int i = size - 1; i >= 0; i--)
            v = v << 8 | b[i];
    return v;
}

/* IEEE half precision: every value is a double exactly */
static double half_to_double(uint16_t u)
{
    int e = (u >> 10) & 31, f = u & 1023;
    double m = e == 0 ? ldexp(f, -24) : e == 31 ? (f ? NAN : INFINITY) : ldexp(f | 1024, e - 25);
    return u & 0x8000 ? -m : m;
}

/* one number of the file as a double: 0, or -1 when it is not exactly one
 * (an integer beyond 2^53, a bool byte other than 0 and 1) */
static int convert(const unsigned char *b, const struct header *h, double *out)
{
    uint64_t v = load_bits(b, h->size, h->big);
    switch (h->kind) {
    case K_FLOAT:
        if (h->size == 8) {
            memcpy(out, &v, sizeof *out);
        } else if (h->size == 4) {
            uint32_t w = (uint32_t)v;
            float f;
            memcpy(&f, &w, sizeof f);
            *out = f;
        } else {
            *out = half_to_double((uint16_t)v);
        }
        return 0;
    case K_INT: {
        int shift = 64 - 8 * h->size;
        int64_t s = (int64_t)(v << shift) >> shift;     /* sign-extended */
        double d = (double)s;
        *out = d;
        return d < 9223372036854775808.0 && (int64_t)d == s ? 0 : -1;
    }
    case K_UINT: {
        double d = (double)v;
        *out = d;
        return d < 18446744073709551616.0 && (uint64_t)d == v ? 0 : -1;
    }
    default:
        *out = (double)v;
        return v <= 1 ? 0 : -1;
    }
}

/* ------------------------------------------------------------------ */
/* reading                                                              */

struct reader {
    int fd;
    char shown[SHOWN];
    char *err;
    size_t errlen;
    stop_flag *stop;
};

/* n bytes into buf: how many were read before the end of the file, or -1 */
static ssize_t read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static int read_fail(struct reader *r, ssize_t got)
{
    if (got < 0)
        return text_fail(r->err, r->errlen, "cannot read '%s': %s", r->shown, strerror(errno));
    return text_fail(r->err, r->errlen, "'%s' ends before the data its header describes", r->shown);
}

/* the prefix and the header: parsed into h, the data's offset in *data_at */
static int read_header(struct reader *r, unsigned long long file_size, struct header *h, int *major,
                       size_t *data_at)
{
    unsigned char pre[12];
    ssize_t got = read_full(r->fd, pre, 10);
    if (got < 0)
        return read_fail(r, got);
    if (got < 10 || memcmp(pre, MAGIC, MAGIC_LEN) != 0)
        return text_fail(r->err, r->errlen, "'%s' is not a .npy file (it does not start with numpy's \\x93NUMPY)",
                         r->shown);
    *major = pre[6];
    if ((pre[6] < 1 || pre[6] > 3) || pre[7] != 0)
        return text_fail(r->err, r->errlen, "'%s' is .npy version %d.%d: gradlab reads 1.0, 2.0 and 3.0", r->shown,
                         pre[6], pre[7]);
    size_t hlen = pre[8] | (size_t)pre[9] << 8, prefix = 10;
    if (pre[6] > 1) {
        if ((got = read_full(r->fd, pre + 10, 2)) != 2)
            return read_fail(r, got < 0 ? -1 : 0);
        hlen |= (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
        prefix = 12;
    }
    if (prefix + hlen > file_size)
        return text_fail(r->err, r->errlen, "'%s' ends inside its header (%zu bytes announced, %llu there)",
                         r->shown, hlen, file_size - prefix);
    if (hlen > NPY_MAX_HEADER)
        return text_fail(r->err, r->errlen, "'%s': its header of %zu bytes is longer than %d (numpy's np.load "
                         "refuses it too)", r->shown, hlen, NPY_MAX_HEADER);
    char text[NPY_MAX_HEADER];
    if ((got = read_full(r->fd, text, hlen)) != (ssize_t)hlen)
        return got < 0 ? read_fail(r, got)
                       : text_fail(r->err, r->errlen, "'%s' ends inside its header (%zu bytes announced, %zd there)",
                                   r->shown, hlen, got);
    *data_at = prefix + hlen;
    const char *at = NULL, *why = NULL;
    char near[64];
    switch (parse_header(text, hlen, h, &at, &why)) {
    case HDR_OK:
        return 0;
    case HDR_KEYS:
        return text_fail(r->err, r->errlen, "'%s': its header does not hold exactly 'descr', 'fortran_order' and "
                         "'shape'", r->shown);
    case HDR_STRUCTURED:
        return text_fail(r->err, r->errlen, "'%s' holds a structured dtype (named fields): gradlab reads arrays of "
                         "plain numbers", r->shown);
    case HDR_DTYPE:
        return text_fail(r->err, r->errlen, "'%s' holds dtype '%s' (%s): gradlab reads float64, float32, float16, "
                         "int8..int64, uint8..uint64 and bool", r->shown, h->descr, why);
    default:
        text_escape(near, sizeof near, at, (size_t)(text + hlen - at) > 16 ? 16 : (size_t)(text + hlen - at));
        return text_fail(r->err, r->errlen, "'%s': its header is not numpy's dict (at byte %zu of it: '%s')",
                         r->shown, (size_t)(at - text), near);
    }
}

/* the shape in rows x cols, checked against gradlab's limits */
static int shape_fits(struct reader *r, const struct header *h, int *rows, int *cols)
{
    if (h->ndim > 2)
        return text_fail(r->err, r->errlen, "'%s' holds an array of %d dimensions %s: gradlab reads 0, 1 or 2",
                         r->shown, h->ndim, h->shape);
    unsigned long long rr = h->ndim == 2 ? h->dims[0] : 1, cc = h->ndim >= 1 ? h->dims[h->ndim - 1] : 1;
    if (rr == 0 || cc == 0)
        return text_fail(r->err, r->errlen, "'%s' holds no numbers (shape %s)", r->shown, h->shape);
    if (rr > TENSOR_MAX_ELEMS || cc > TENSOR_MAX_ELEMS || rr * cc > TENSOR_MAX_ELEMS)
        return text_fail(r->err, r->errlen, "'%s' has shape %s: more than %zu numbers", r->shown, h->shape,
                         TENSOR_MAX_ELEMS);
    *rows = (int)rr;
    *cols = (int)cc;
    return 0;
}

/* entry k of the file (in its order) named as numpy indexes it */
static int entry_fail(struct reader *r, const struct header *h, size_t k, int rows, int cols, double d)
{
    char at[64];
    size_t i = h->fortran ? k % (size_t)rows : k / (size_t)cols, j = h->fortran ? k / (size_t)rows : k % (size_t)cols;
    if (h->ndim == 2)
        snprintf(at, sizeof at, "[%zu, %zu]", i, j);
    else if (h->ndim == 1)
        snprintf(at, sizeof at, "[%zu]", j);
    else
        snprintf(at, sizeof at, "()");
    if (h->kind == K_BOOL)
        return text_fail(r->err, r->errlen, "'%s' entry %s of a bool array is the byte %.0f, not 0 or 1", r->shown,
                         at, d);
    return text_fail(r->err, r->errlen, "'%s' entry %s is an integer that is not exactly a double (%s): gradlab "
                     "does not round", r->shown, at, dtype_name(h));
}

/* the numbers into out (rows x cols), from the file's order and types */
static int read_data(struct reader *r, const struct header *h, tensor *out)
{
    size_t n = tensor_size(out), sz = (size_t)h->size;
    if (h->kind == K_FLOAT && h->size == 8 && h->big == !host_little() && !h->fortran) {
        /* the file's bytes are the doubles: straight in, a few MiB at a time */
        char *dst = (char *)out->data;
        for (size_t at = 0, all = n * sz; at < all; at += DIRECT) {
            if (stop_requested(r->stop))
                return ST_STOPPED;
            size_t take = all - at < DIRECT ? all - at : DIRECT;
            ssize_t got = read_full(r->fd, dst + at, take);
            if (got != (ssize_t)take)
                return read_fail(r, got);
        }
        return 0;
    }
    size_t per = CHUNK / sz < n ? CHUNK / sz : n, rows = (size_t)out->rows, cols = (size_t)out->cols;
    unsigned char *buf = malloc(per * sz);
    if (!buf)
        return text_fail(r->err, r->errlen, "out of memory reading '%s'", r->shown);
    for (size_t k0 = 0; k0 < n; k0 += per) {
        if (stop_requested(r->stop)) {
            free(buf);
            return ST_STOPPED;
        }
        size_t take = n - k0 < per ? n - k0 : per;
        ssize_t got = read_full(r->fd, buf, take * sz);
        if (got != (ssize_t)(take * sz)) {
            free(buf);
            return read_fail(r, got);
        }
        for (size_t t = 0; t < take; t++) {
            size_t k = k0 + t;
            double d;
            if (convert(buf + t * sz, h, &d) < 0) {
                free(buf);
                return entry_fail(r, h, k, out->rows, out->cols, d);
            }
            out->data[h->fortran ? (k % rows) * cols + k / rows : k] = d;
        }
    }
    free(buf);
    return 0;
}

int npy_read(const struct file_policy *pol, const char *path, tensor *m, struct npy_info *info, char *err,
             size_t errlen, stop_flag *stop)
{
    struct reader r = { -1, "", err, errlen, stop };
    text_shown(r.shown, sizeof r.shown, path);
    if ((r.fd = file_open_read(pol, path, err, errlen)) < 0)
        return -1;
    struct header h;
    struct stat st;
    tensor out = TENSOR_INIT;
    int major = 0, rows = 0, cols = 0, rc = -1;
    size_t data_at = 0;
    if (fstat(r.fd, &st) != 0)
        read_fail(&r, -1);
    else if (read_header(&r, (unsigned long long)st.st_size, &h, &major, &data_at) == 0 &&
             shape_fits(&r, &h, &rows, &cols) == 0) {
        unsigned long long need = (unsigned long long)rows * (unsigned long long)cols * (unsigned)h.size,
                           size = (unsigned long long)st.st_size, have = size > data_at ? size - data_at : 0;
        const char *shape = h.shape;
        if (have < need)
            text_fail(err, errlen, "'%s' is cut short: its header's shape %s of %s needs %llu bytes of data, it "
                      "holds %llu", r.shown, shape, dtype_name(&h), need, have);
        else if (have > need)
            text_fail(err, errlen, "'%s' holds %llu bytes after the data its header describes (shape %s of %s)",
                      r.shown, have - need, shape, dtype_name(&h));
        else if (tensor_init(&out, rows, cols) < 0)
            text_fail(err, errlen, "out of memory reading '%s' (shape %s: needed %zu MiB)", r.shown, shape,
                      (status_nomem_bytes() + ((size_t)1 << 20) - 1) >> 20);
        else
            rc = read_data(&r, &h, &out);
    }
    close(r.fd);
    if (rc != 0) {
        tensor_release(&out);
        return rc;
    }
    if (info) {
        info->ndim = h.ndim;
        info->major = major;
        info->fortran = h.fortran;
        snprintf(info->dtype, sizeof info->dtype, "%s", dtype_name(&h));
    }
    tensor_move(m, &out);
    return 0;
}

/* ------------------------------------------------------------------ */
/* writing                                                              */

/* the prefix and header numpy writes for a float64 C-order array of this
 * shape: into buf (at least 256 bytes); returns its length */
static size_t header_bytes(char *buf, const tensor *m, int ndim)
{
    char dict[160];
    int n;
    if (ndim == 0)
        n = snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
    else if (ndim == 1)
        n = snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }", m->cols);
    else
        n = snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", m->rows,
                     m->cols);
    if (ndim > 0) {
        /* numpy's room for the first axis to grow to GROWTH_DIGITS digits */
        char first[16];
        int digits = snprintf(first, sizeof first, "%d", ndim == 1 ? m->cols : m->rows);
        for (int i = digits; i < GROWTH_DIGITS; i++)
            dict[n++] = ' ';
    }
    size_t hlen = (size_t)n + 1, pad = ALIGN - (10 + hlen) % ALIGN;
    memcpy(buf, MAGIC, MAGIC_LEN);
    buf[6] = 1;                     /* version 1.0: the header is far below 65536 bytes */
    buf[7] = 0;
    buf[8] = (char)((hlen + pad) & 255);
    buf[9] = (char)((hlen + pad) >> 8);
    memcpy(buf + 10, dict, (size_t)n);
    memset(buf + 10 + n, ' ', pad);
    buf[10 + n + pad] = '\n';
    return 10 + hlen + pad;
}

int npy_write_stream(FILE *fp, const tensor *m, int ndim)
{
    char head[256];
    size_t hn = header_bytes(head, m, ndim), n = tensor_size(m);
    if (fwrite(head, 1, hn, fp) != hn)
        return -1;
    if (host_little())
        return fwrite(m->data, sizeof *m->data, n, fp) == n ? 0 : -1;
    for (size_t k = 0; k < n; k++) {
        uint64_t v;
        unsigned char b[8];
        memcpy(&v, &m->data[k], 8);
        for (int i = 0; i < 8; i++, v >>= 8)
            b[i] = (unsigned char)(v & 255);
        if (fwrite(b, 1, 8, fp) != 8)
            return -1;
    }
    return 0;
}

struct write_job {
    const tensor *m;
    int ndim;
};

static int write_job(FILE *fp, void *ctx)
{
    const struct write_job *j = ctx;
    return npy_write_stream(fp, j->m, j->ndim);
}

int npy_write(const struct file_policy *pol, const char *path, const tensor *m, int ndim, char *err,
              size_t errlen)
{
    struct write_job j = { m, ndim < 0 ? 0 : ndim > 2 ? 2 : ndim };
    if (j.ndim == 0 && tensor_size(m) != 1)
        j.ndim = 2;
    if (j.ndim == 1 && m->rows != 1)
        j.ndim = 2;
    return file_write_atomic(pol, path, write_job, &j, err, errlen);
}
