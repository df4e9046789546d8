/* csv: CSV files of numbers in the dialects of numpy, pandas and
 * spreadsheets. See csv.h. */
#include "csv.h"
#include "files.h"
#include "paths.h"
#include "repr.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN 300

/* the whole file in a NUL-terminated buffer *buf, through the policy:
 * 0, -1 with err, or ST_STOPPED */
static int slurp(const struct file_policy *pol, const char *path, char **buf, size_t *len, char *err,
                 size_t errlen, stop_flag *stop)
{
    int rc = file_read_until(pol, path, CSV_MAX_BYTES, buf, len, err, errlen, stop);
    if (rc == 1) {
        char shown[SHOWN];
        text_fail(err, errlen, "'%s' is larger than %zu MiB", text_shown(shown, sizeof shown, path),
                  CSV_MAX_BYTES >> 20);
    }
    return rc == 2 ? ST_STOPPED : rc == 0 ? 0 : -1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* ------------------------------------------------------------------ */
/* a line's fields                                                      */

/* what a field holds */
enum field { FIELD_NUMBER, FIELD_WORD, FIELD_EMPTY, FIELD_RANGE, FIELD_NAN };

/* parse one number field (surrounding blanks allowed) into *v; a field
 * that reads as a number but is not finite is FIELD_RANGE (1e400) or
 * FIELD_NAN (nan, inf; -inf too unless neg_inf), anything else not a
 * number FIELD_WORD */
static enum field parse_field(const char *s, const char *end, int neg_inf, double *v)
{
    while (s < end && is_blank(*s))
        s++;
    while (end > s && is_blank(end[-1]))
        end--;
    if (s == end)
        return FIELD_EMPTY;
    if (end - s > 64)
        return FIELD_WORD;
    char tmp[72];
    memcpy(tmp, s, (size_t)(end - s));
    tmp[end - s] = '\0';
    char *stop;
    errno = 0;
    double x = strtod(tmp, &stop);
    if (*stop != '\0' || stop == tmp)
        return FIELD_WORD;
    if (errno == ERANGE && fabs(x) > 1.0)
        return FIELD_RANGE;
    if (!isfinite(x) && !(neg_inf && x == -INFINITY))
        return FIELD_NAN;
    *v = x;
    return FIELD_NUMBER;
}

/* The content of a line, [s, end): up to a '#' outside double quotes.
 * 0, or -1 when a quote is left open at the end of the line. */
static int content_end(char *s, char *end, char **cend)
{
    int quoted = 0;
    for (char *c = s; c < end; c++) {
        if (*c == '"')
            quoted = !quoted;           /* "" inside quotes turns it off and on again */
        else if (*c == '#' && !quoted) {
            *cend = c;
            return 0;
        }
    }
    *cend = end;
    return quoted ? -1 : 0;
}

/* the file's delimiter, from its first line with content: ';', else a
 * tab, else ',' (outside quotes), else ' ' for runs of blanks */
static char find_delim(const char *s, const char *end)
{
    int quoted = 0, semi = 0, tab = 0, comma = 0;
    for (const char *c = s; c < end; c++) {
        if (*c == '"')
            quoted = !quoted;
        else if (!quoted) {
            semi |= *c == ';';
            tab |= *c == '\t';
            comma |= *c == ',';
        }
    }
    return semi ? ';' : tab ? '\t' : comma ? ',' : ' ';
}

/* walking the fields of a line's content */
struct fields {
    char *p, *end;
    char delim;
    int done;
};

/* the next field into [*fs, *fe) (inside its quotes, if quoted); *junk
 * when text follows its closing quote. 1, or 0 when there is none. */
static int field_next(struct fields *it, char **fs, char **fe, int *junk)
{
    char *c = it->p, *end = it->end;
    char d = it->delim;
    *junk = 0;
    if (it->done)
        return 0;
    while (c < end && is_blank(*c) && (d == ' ' || *c != d))
        c++;
    if (d == ' ' && c == end)
        return 0;                       /* blanks: no field after the last */
    if (c < end && *c == '"') {
        char *q = c + 1;
        while (q < end && !(*q == '"' && !(q + 1 < end && q[1] == '"')))
            q += *q == '"' ? 2 : 1;
        *fs = c + 1;
        *fe = q;
        c = q < end ? q + 1 : end;
        while (c < end && is_blank(*c) && (d == ' ' || *c != d))
            c++;
        if (d == ' ' ? c < end && !is_blank(*c) : c < end && *c != d) {
            *junk = 1;
            while (c < end && (d == ' ' ? !is_blank(*c) : *c != d))
                c++;
        }
    } else {
        char *e = c;
        while (e < end && (d == ' ' ? !is_blank(*e) : *e != d))
            e++;
        *fs = c;
        *fe = e;
        c = e;
    }
    if (d != ' ') {
        if (c < end)
            c++;                        /* past the delimiter: another field follows */
        else
            it->done = 1;
    }
    it->p = c;
    return 1;
}

/* ------------------------------------------------------------------ */
/* reading                                                              */

/* the first field of a line that is not a number */
struct badfield {
    int no;
    enum field kind;
    char *f, *end;
};

struct reader {
    char shown[SHOWN];
    char *err;
    size_t errlen;
    double *v;                  /* the numbers, row-major, grown */
    size_t n, cap;
    int rows, cols;
    int index_ok;               /* every first field so far is its row's number */
    int neg_inf;                /* -inf is a number (csv_options) */
    stop_flag *stop;
    struct csv_info info;
};

static int push(struct reader *r, double x)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 1024;
        if (nc > TENSOR_MAX_ELEMS)
            nc = TENSOR_MAX_ELEMS;
        if (r->n >= nc)
            return ST_TOO_BIG;
        double *nv = realloc(r->v, nc * sizeof *nv);
        if (!nv)
            return status_nomem(nc * sizeof *nv);
        r->v = nv;
        r->cap = nc;
    }
    r->v[r->n++] = x;
    return 0;
}

/* The fields of the line's content [s, end), their numbers pushed: their
 * number into *nf; how many are not numbers is returned, how many of
 * those are words (not even number-like) in *words, the first in *bf.
 * ST_TOO_BIG or ST_NO_MEMORY (status.h) when the numbers do not fit. */
static int line_fields(struct reader *r, char *s, char *end, int *nf, int *words, struct badfield *bf)
{
    struct fields it = { s, end, r->info.delim, 0 };
    char *fs, *fe;
    int junk, bad = 0;
    *nf = *words = 0;
    while (field_next(&it, &fs, &fe, &junk)) {
        double v = 0;
        enum field k = junk ? FIELD_WORD : parse_field(fs, fe, r->neg_inf, &v);
        if (k != FIELD_NUMBER) {
            if (!bad) {
                bf->no = *nf + 1;
                bf->kind = k;
                bf->f = fs;
                bf->end = junk ? it.p : fe;
            }
            bad++;
            *words += k == FIELD_WORD || k == FIELD_EMPTY;
        } else {
            int rc = push(r, v);
            if (rc < 0)
                return rc;
        }
        (*nf)++;
    }
    return bad;
}

/* a field like 1,5: a decimal comma */
static int decimal_comma(const char *f, const char *e)
{
    const char *c = f;
    c += c < e && (*c == '-' || *c == '+');
    const char *d0 = c;
    while (c < e && *c >= '0' && *c <= '9')
        c++;
    if (c == d0 || c == e || *c != ',')
        return 0;
    const char *d1 = ++c;
    while (c < e && *c >= '0' && *c <= '9')
        c++;
    return c == e && c > d1;
}

/* the error for a field that is not a number */
static int field_error(struct reader *r, int line, const struct badfield *bf)
{
    char field[100];
    if (bf->kind == FIELD_EMPTY)
        return text_fail(r->err, r->errlen, "'%s' line %d: field %d is empty", r->shown, line, bf->no);
    const char *f = bf->f, *e = bf->end;
    while (f < e && is_blank(*f))
        f++;
    while (e > f && is_blank(e[-1]))
        e--;
    size_t w = (size_t)(e - f) > 20 ? 20 : (size_t)(e - f);
    text_escape(field, sizeof field, f, w);
    if (bf->kind == FIELD_NAN)
        return text_fail(r->err, r->errlen, "'%s' line %d, field %d: '%s' is not a finite number (%s)", r->shown,
                         line, bf->no, field,
                         r->neg_inf ? "nan and inf are not accepted, -inf is" : "nan, inf and -inf are not accepted");
    return text_fail(r->err, r->errlen, "'%s' line %d: '%s' %s%s", r->shown, line, field,
                     bf->kind == FIELD_RANGE ? "is out of range" : "is not a number",
                     r->info.delim != ',' && decimal_comma(f, e) ? " (a decimal comma? gradlab reads 1.5, not 1,5)"
                                                                 : "");
}

/* pandas' header of a frame with numbered columns: an empty first field,
 * then 0, 1, ..., nf-2 (the numbers just pushed) */
static int pandas_numbers(const struct reader *r, int nf, int bad, const struct badfield *bf)
{
    if (nf < 2 || bad != 1 || bf->no != 1 || bf->kind != FIELD_EMPTY)
        return 0;
    for (int j = 0; j < nf - 1; j++)
        if (r->v[r->n - (size_t)(nf - 1) + (size_t)j] != j)
            return 0;
    return 1;
}

/* One line with content (the line-th of the file): a header, a row, or an
 * error. 0 or -1. */
static int take_line(struct reader *r, char *s, char *end, int line)
{
    struct badfield bf = { 0, FIELD_NUMBER, NULL, NULL };
    int nf, words, bad = line_fields(r, s, end, &nf, &words, &bf);
    if (bad == ST_TOO_BIG)
        return text_fail(r->err, r->errlen, "'%s' is too large (more than %zu numbers)", r->shown, TENSOR_MAX_ELEMS);
    if (bad == ST_NO_MEMORY)
        return text_fail(r->err, r->errlen, "out of memory reading '%s' (needed %zu MiB)", r->shown,
                         (status_nomem_bytes() + ((size_t)1 << 20) - 1) >> 20);
    int first = r->rows == 0 && !r->info.header;
    if (first && bad && (words == nf || pandas_numbers(r, nf, bad, &bf))) {
        /* a header: no field is a number, or pandas' numbered columns */
        r->n -= (size_t)(nf - bad);
        r->info.header = 1;
        r->index_ok = nf >= 2 && bf.no == 1 && bf.kind == FIELD_EMPTY;
        return 0;
    }
    if (bad)
        return field_error(r, line, &bf);
    if (r->cols >= 0 && nf != r->cols)
        return text_fail(r->err, r->errlen, "'%s' line %d: %d fields, expected %d", r->shown, line, nf, r->cols);
    if (r->rows + 1 > CSV_MAX_ROWS)
        return text_fail(r->err, r->errlen, "'%s' has more than %d rows", r->shown, CSV_MAX_ROWS);
    r->index_ok = r->index_ok && r->v[r->n - (size_t)nf] == r->rows;
    r->cols = nf;
    r->rows++;
    return 0;
}

/* every line of the text p: 0, -1, or ST_STOPPED */
static int take_lines(struct reader *r, char *p)
{
    int line = 0;
    for (char *s = p; *s;) {
        if (stop_requested(r->stop))
            return ST_STOPPED;
        char *eol = strchr(s, '\n');
        char *end = eol ? eol : s + strlen(s);
        char *next = eol ? eol + 1 : end, *cend;
        line++;
        if (end > s && end[-1] == '\r')
            end--;
        if (content_end(s, end, &cend) < 0)
            return text_fail(r->err, r->errlen, "'%s' line %d: a quote is not closed on its line", r->shown, line);
        char *q = s;
        while (q < cend && is_blank(*q))
            q++;
        if (q == cend) {                /* a blank line, or only a comment */
            r->info.comments += cend < end;
            s = next;
            continue;
        }
        if (!r->info.delim)
            r->info.delim = find_delim(q, cend);
        if (take_line(r, q, cend, line) < 0)
            return -1;
        s = next;
    }
    return 0;
}

/* drop the first column (pandas' index) */
static void drop_first_column(struct reader *r)
{
    size_t c = (size_t)r->cols;
    for (size_t i = 0; i < (size_t)r->rows; i++)
        memmove(r->v + i * (c - 1), r->v + i * c + 1, (c - 1) * sizeof *r->v);
    r->cols--;
    r->n = (size_t)r->rows * (size_t)r->cols;
}

int csv_read(const struct file_policy *pol, const char *path, const struct csv_options *opt, tensor *m,
             struct csv_info *info, char *err, size_t errlen, stop_flag *stop)
{
    size_t len;
    char *buf;
    int rc = slurp(pol, path, &buf, &len, err, errlen, stop);
    if (rc != 0)
        return rc;
    struct reader r;
    memset(&r, 0, sizeof r);
    r.stop = stop;
    text_shown(r.shown, sizeof r.shown, path);
    r.err = err;
    r.errlen = errlen;
    r.cols = -1;
    r.neg_inf = opt && opt->neg_inf;
    char *p = buf;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    rc = memchr(buf, '\0', len) ? text_fail(err, errlen, "'%s' is not a text file", r.shown) : take_lines(&r, p);
    status_free(buf, len);
    if (rc == 0 && r.rows == 0)
        rc = text_fail(err, errlen, "'%s' holds no numbers", r.shown);
    if (rc != 0) {
        status_free(r.v, r.cap * sizeof *r.v);
        return rc;
    }
    if (r.index_ok && r.cols >= 2) {
        r.info.index = 1;
        if (!(opt && opt->keep_index)) {
            drop_first_column(&r);
            r.info.index_dropped = 1;
        }
    }
    /* the numbers become the tensor's (tensor.h: its data is malloc'd) */
    tensor out = { r.rows, r.cols, r.v };
    tensor_move(m, &out);
    r.info.rows = r.rows;
    if (info)
        *info = r.info;
    return 0;
}

int csv_read_matrix(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen)
{
    return csv_read(pol, path, NULL, m, NULL, err, errlen, NULL);
}

int csv_read_until(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen,
                   stop_flag *stop)
{
    return csv_read(pol, path, NULL, m, NULL, err, errlen, stop);
}

/* ------------------------------------------------------------------ */
/* writing                                                              */

struct rows_job {
    const tensor *m;
    const int *labels;
    const char *header;
};

/* the rows through fp; the label column appended when labels is set */
static int write_rows(FILE *fp, void *ctx)
{
    const struct rows_job *j = ctx;
    const tensor *m = j->m;
    if (j->header && fprintf(fp, "%s\n", j->header) < 0)
        return -1;
    for (int i = 0; i < m->rows; i++) {
        for (int c = 0; c < m->cols; c++) {
            char num[REPR_MAX + 1];
            num[0] = ',';
            repr_format(num + 1, T_AT(m, i, c));       /* reads back exactly */
            if (fputs(num + !c, fp) == EOF)
                return -1;
        }
        if (j->labels && fprintf(fp, ",%d", j->labels[i]) < 0)
            return -1;
        if (fputc('\n', fp) == EOF)
            return -1;
    }
    return 0;
}

int csv_write(const struct file_policy *pol, const char *path, const tensor *m, const int *labels,
              const char *header, char *err, size_t errlen)
{
    struct rows_job j = { m, labels, header };
    return file_write_atomic(pol, path, write_rows, &j, err, errlen);
}

int csv_write_matrix(const struct file_policy *pol, const char *path, const tensor *m, const char *header,
                     char *err, size_t errlen)
{
    return csv_write(pol, path, m, NULL, header, err, errlen);
}
