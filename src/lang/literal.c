/* literal: numpy-like numeric literals. See literal.h. */
#include "literal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paste.h"
#include "paths.h"

/* a short quoted excerpt of a token for messages */
static const char *excerpt(const char *s, size_t n, char *buf, size_t size)
{
    if (n > 24) {
        snprintf(buf, size, "%.20s...", s);
    } else {
        snprintf(buf, size, "%.*s", (int)n, s);
    }
    for (char *p = buf; *p; p++)
        if (!isprint((unsigned char)*p) && !((unsigned char)*p & 0x80))
            *p = '?';
    return buf;
}

int literal_number(const char *tok, double *v, int flags, char *err, size_t errlen)
{
    char shown[40];
    size_t n = strlen(tok);
    excerpt(tok, n, shown, sizeof shown);
    if (n == 0)
        return text_fail(err, errlen, "missing number");
    /* strtod also reads "nan", "inf" and hex floats: catch the first two
     * by name so the message says why */
    char *end;
    errno = 0;
    double x = strtod(tok, &end);
    if (end == tok || *end != '\0')
        return text_fail(err, errlen, "malformed number '%s'", shown);
    if (!isfinite(x) && errno != ERANGE && (flags & LIT_NONFINITE)) {
        *v = x;
        return 0;
    }
    if (isnan(x))
        return text_fail(err, errlen, "'%s' is not allowed (NaN is not a number)", shown);
    if (isinf(x) && !(errno == ERANGE)) {
        if (x < 0 && (flags & LIT_NEG_INF)) {
            *v = x;
            return 0;
        }
        return text_fail(err, errlen, "'%s' is not allowed here (only finite numbers%s)", shown,
                    (flags & LIT_NEG_INF) ? " and -inf" : "");
    }
    if (errno == ERANGE && fabs(x) > 1.0)
        return text_fail(err, errlen, "'%s' is out of range (larger than a double can hold)", shown);
    *v = x;         /* an underflow reads as 0 or a subnormal, as numpy does */
    return 0;
}

/* the parser's cursor and what it has read so far */
struct lit {
    const char *p;
    int flags;
    size_t max;
    double *vals;
    double *res;                /* each number's exponent, then its half unit (when want_res) */
    unsigned char *kind;        /* each number's kind (written) */
    long dec[3];                /* the finest decimals of each kind */
    int want_res;
    size_t n, cap;
    char *err;
    size_t errlen;
};

static void skip_space(struct lit *L)
{
    while (*L->p == ' ' || *L->p == '\t' || *L->p == '\r' || *L->p == '\n')
        L->p++;
}

/* How finely tok was written: its kind (0: exact, a hex float, inf or
 * nan; 1: fixed notation; 2: scientific), its decimals after the point
 * (of the mantissa) and its exponent. numpy and PyTorch print every entry
 * of an array to the same number of decimals (numpy drops trailing
 * zeros: "0.5" beside "0.12345679" is 0.5 to 8 decimals), so an entry's
 * half unit is taken at the finest decimals of its kind in the literal. */
static int written(const char *tok, long *dec, long *ex)
{
    const char *p = tok + (*tok == '+' || *tok == '-');
    if ((p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) || !(isdigit((unsigned char)*p) || *p == '.'))
        return 0;
    const char *e = strpbrk(p, "eE"), *dot = strchr(p, '.');
    *dec = dot && (!e || dot < e) ? (long)((e ? e : p + strlen(p)) - dot - 1) : 0;
    *ex = e ? strtol(e + 1, NULL, 10) : 0;
    return e ? 2 : 1;
}

static int push(struct lit *L, double v, const char *tok)
{
    if (L->n >= L->max)
        return text_fail(L->err, L->errlen, "too many values (the limit is %zu)", L->max);
    if (L->n == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : 16;
        double *nv = realloc(L->vals, cap * sizeof *nv);
        if (!nv)
            return text_fail(L->err, L->errlen, "out of memory");
        L->vals = nv;
        if (L->want_res) {
            double *nr = realloc(L->res, cap * sizeof *nr);
            if (nr)
                L->res = nr;
            unsigned char *nk = realloc(L->kind, cap);
            if (nk)
                L->kind = nk;
            if (!nr || !nk)
                return text_fail(L->err, L->errlen, "out of memory");
        }
        L->cap = cap;
    }
    if (L->want_res) {
        long dec = 0, ex = 0;
        int k = written(tok, &dec, &ex);
        L->kind[L->n] = (unsigned char)k;
        L->res[L->n] = (double)ex;
        if (dec > L->dec[k])
            L->dec[k] = dec;
    }
    L->vals[L->n++] = v;
    return 0;
}

/* one number token at the cursor */
static int number(struct lit *L)
{
    const char *s = L->p;
    while (*L->p && !strchr(" \t\r\n,[]", *L->p))
        L->p++;
    size_t n = (size_t)(L->p - s);
    if (n == 0) {
        char shown[40];
        if (!*s)
            return text_fail(L->err, L->errlen, "the literal ends too early");
        return text_fail(L->err, L->errlen, "unexpected '%s'", excerpt(s, 1, shown, sizeof shown));
    }
    if (n > 64) {
        char shown[40];
        return text_fail(L->err, L->errlen, "malformed number '%s'", excerpt(s, n, shown, sizeof shown));
    }
    char tok[72];
    memcpy(tok, s, n);
    tok[n] = '\0';
    double v;
    if (literal_number(tok, &v, L->flags, L->err, L->errlen) < 0)
        return -1;
    return push(L, v, tok);
}

/* numbers up to the closing bracket (or the end, when bare); returns how
 * many were read, or -1 */
static int row(struct lit *L, int bracketed)
{
    int count = 0;
    for (;;) {
        skip_space(L);
        if (bracketed && *L->p == ']') {
            L->p++;
            return count;
        }
        if (!bracketed && *L->p == '\0')
            return count;
        if (count > 0 && *L->p == ',') {
            L->p++;
            skip_space(L);
        }
        if (*L->p == '[')
            return text_fail(L->err, L->errlen, "too many brackets: only vectors and matrices are supported");
        if (*L->p == ']')
            return text_fail(L->err, L->errlen, bracketed ? "a comma with no number after it"
                                                     : "unbalanced brackets: an extra ']'");
        if (*L->p == '\0')
            return text_fail(L->err, L->errlen, "unbalanced brackets: missing ']'");
        if (number(L) < 0)
            return -1;
        count++;
    }
}

/* each number's half unit (written), at the finest decimals of its kind */
static int half_units(struct lit *L, tensor *res, int rows, int cols)
{
    tensor r = TENSOR_INIT;
    if (tensor_init(&r, rows, cols) < 0)
        return text_fail(L->err, L->errlen, "out of memory");
    for (size_t k = 0; k < L->n; k++)
        r.data[k] = L->kind[k] ? 0.5 * pow(10.0, L->res[k] - (double)L->dec[L->kind[k]]) : 0.0;
    tensor_move(res, &r);
    return 0;
}

/* text, a literal, into *t (and each number's half unit into *res when
 * res is not NULL) */
static int parse(const char *text, tensor *t, tensor *res, int *dims, int flags, size_t max_elems,
                 char *err, size_t errlen)
{
    struct lit L = { text, flags, max_elems ? max_elems : TENSOR_MAX_ELEMS, NULL, NULL, NULL, { 0, 0, 0 },
                     res != NULL, 0, 0, err, errlen };
    int rows = 1, cols = 0, d = 1, rc = -1;
    skip_space(&L);
    if (*L.p == '\0') {
        text_fail(err, errlen, "missing value");
        goto done;
    }
    if (*L.p != '[') {
        /* a bare scalar or list */
        if ((cols = row(&L, 0)) < 0)
            goto done;
        d = cols == 1 ? 0 : 1;
    } else {
        L.p++;
        skip_space(&L);
        if (*L.p != '[') {
            if ((cols = row(&L, 1)) < 0)
                goto done;
            if (cols == 0) {
                text_fail(err, errlen, "empty vector '[]'");
                goto done;
            }
        } else {
            /* a matrix: rows in brackets, separated by commas */
            d = 2;
            rows = 0;
            for (;;) {
                skip_space(&L);
                if (*L.p != '[') {
                    text_fail(err, errlen, *L.p ? "expected '[' to start row %d" : "unbalanced brackets: missing ']'", rows + 1);
                    goto done;
                }
                L.p++;
                int c = row(&L, 1);
                if (c < 0)
                    goto done;
                if (c == 0) {
                    text_fail(err, errlen, "row %d is empty", rows + 1);
                    goto done;
                }
                if (rows == 0)
                    cols = c;
                else if (c != cols) {
                    text_fail(err, errlen, "ragged matrix: row %d has %d value%s, row 1 has %d", rows + 1, c, c == 1 ? "" : "s", cols);
                    goto done;
                }
                rows++;
                skip_space(&L);
                if (*L.p == ',' || *L.p == '[') {     /* print(a) writes no commas between rows */
                    L.p += *L.p == ',';
                    continue;
                }
                if (*L.p == ']') {
                    L.p++;
                    break;
                }
                text_fail(err, errlen, *L.p ? "expected ',' or ']' after row %d" : "unbalanced brackets: missing ']'", rows);
                goto done;
            }
        }
        skip_space(&L);
        if (*L.p) {
            char shown[40];
            size_t n = strlen(L.p);
            while (n > 0 && (L.p[n - 1] == ' ' || L.p[n - 1] == '\t'))
                n--;
            text_fail(err, errlen, "unexpected '%s' after the literal", excerpt(L.p, n, shown, sizeof shown));
            goto done;
        }
    }
    if (cols == 0) {
        text_fail(err, errlen, "missing value");
        goto done;
    }
    tensor out = TENSOR_INIT;
    if (tensor_init(&out, rows, cols) < 0) {
        text_fail(err, errlen, "too many values");
        goto done;
    }
    memcpy(out.data, L.vals, L.n * sizeof *L.vals);
    if (res && half_units(&L, res, rows, cols) < 0) {
        tensor_release(&out);
        goto done;
    }
    tensor_move(t, &out);
    *dims = d;
    rc = 0;
done:
    free(L.vals);
    free(L.res);
    free(L.kind);
    return rc;
}

int literal_parse_res(const char *text, tensor *t, tensor *res, int *dims, int flags, size_t max_elems,
                      char *err, size_t errlen)
{
    const char *lit;
    size_t len;
    if (paste_unwrap(text, &lit, &len, err, errlen) < 0)
        return -1;
    if (lit == text)
        return parse(text, t, res, dims, flags, max_elems, err, errlen);
    char *inner = malloc(len + 1);
    if (!inner)
        return text_fail(err, errlen, "out of memory");
    memcpy(inner, lit, len);
    inner[len] = '\0';
    int rc = parse(inner, t, res, dims, flags, max_elems, err, errlen);
    free(inner);
    return rc;
}

int literal_parse(const char *text, tensor *t, int *dims, int flags, size_t max_elems, char *err, size_t errlen)
{
    return literal_parse_res(text, t, NULL, dims, flags, max_elems, err, errlen);
}
