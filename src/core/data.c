/* data: data set generators (numpy/scikit-learn compatible) and CSV files.
 * See data.h. */
#include "data.h"
#include "files.h"
#include "paths.h"
#include "repr.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSV_MAX_BYTES ((size_t)256 << 20)
#define GL_PI 3.141592653589793   /* the double nearest pi, as numpy.pi */


void dataset_release(struct dataset *d)
{
    tensor_release(&d->X);
    free(d->labels);
    d->labels = NULL;
    d->n_classes = 0;
    d->name[0] = '\0';
}

void dataset_move(struct dataset *dst, struct dataset *src)
{
    if (dst == src)
        return;
    dataset_release(dst);
    *dst = *src;
    memset(src, 0, sizeof *src);
}

/* a fresh data set of n rows and dim features, all zero */
/* 0, or -1 (sizes), ST_TOO_BIG, ST_NO_MEMORY (status.h) */
static int dataset_alloc(struct dataset *d, int n, int dim, const char *name)
{
    memset(d, 0, sizeof *d);
    if (n < 1 || n > DATA_MAX_ROWS)
        return -1;
    int rc = tensor_init(&d->X, n, dim);
    if (rc < 0)
        return rc;
    d->labels = calloc((size_t)n, sizeof *d->labels);
    if (!d->labels) {
        tensor_release(&d->X);
        return status_nomem((size_t)n * sizeof *d->labels);
    }
    snprintf(d->name, sizeof d->name, "%s", name);
    return 0;
}

/* ---------------------------------------------------------------- */
/* generators                                                         */

/* numpy's linspace(start, stop, num, endpoint): i * step + start, with
 * step = (stop - start) / div, and the last value exactly stop when the
 * endpoint is included */
static double linspace_at(double start, double stop, int num, int endpoint, int i)
{
    int div = endpoint ? num - 1 : num;
    if (div <= 0)
        return start;
    double step = (stop - start) / div;
    if (endpoint && i == num - 1)
        return stop;
    return i * step + start;
}

/* a uniform integer in [0, max], as numpy's legacy random_interval: draw
 * 32 bits masked to the smallest all-ones mask >= max, reject if > max */
static uint32_t rng_interval(struct rng *r, uint32_t max)
{
    if (max == 0)
        return 0;
    uint32_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    uint32_t v;
    while ((v = (rng_u32(r) & mask)) > max)
        ;
    return v;
}

/* scikit-learn's shuffle of the rows (X and labels together): a
 * permutation from RandomState.shuffle of arange(n), the Fisher-Yates
 * walk from the last index down, then the rows are taken in that order */
static int shuffle_rows(struct dataset *d, struct rng *r)
{
    int n = d->X.rows, dim = d->X.cols;
    int *idx = malloc((size_t)n * sizeof *idx);
    struct dataset out;
    if (!idx || dataset_alloc(&out, n, dim, d->name) < 0) {
        free(idx);
        return -1;
    }
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_interval(r, (uint32_t)i);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    for (int i = 0; i < n; i++) {
        memcpy(&T_AT(&out.X, i, 0), &T_AT(&d->X, idx[i], 0), (size_t)dim * sizeof(double));
        out.labels[i] = d->labels[idx[i]];
    }
    out.n_classes = d->n_classes;
    free(idx);
    dataset_move(d, &out);
    return 0;
}

/* X += noise * standard normal, drawn row by row */
static void add_noise(struct dataset *d, double noise, struct rng *r)
{
    for (size_t i = 0; i < tensor_size(&d->X); i++)
        d->X.data[i] += noise * rng_gauss(r);
}

int data_moons(struct dataset *d, int n, double noise, struct rng *r)
{
    struct dataset t;
    if (n < 2 || dataset_alloc(&t, n, 2, "moons") < 0)
        return -1;
    /* the upper moon: a half circle of radius 1 around (0, 0); the lower
     * one: the same, turned over and moved to (1, 0.5) */
    int n_out = n / 2, n_in = n - n_out;
    for (int i = 0; i < n_out; i++) {
        double a = linspace_at(0.0, GL_PI, n_out, 1, i);
        T_AT(&t.X, i, 0) = cos(a);
        T_AT(&t.X, i, 1) = sin(a);
        t.labels[i] = 0;
    }
    for (int i = 0; i < n_in; i++) {
        double a = linspace_at(0.0, GL_PI, n_in, 1, i);
        T_AT(&t.X, n_out + i, 0) = 1.0 - cos(a);
        T_AT(&t.X, n_out + i, 1) = 1.0 - sin(a) - 0.5;
        t.labels[n_out + i] = 1;
    }
    t.n_classes = 2;
    if (shuffle_rows(&t, r) < 0) {
        dataset_release(&t);
        return -1;
    }
    if (noise > 0.0)
        add_noise(&t, noise, r);
    dataset_move(d, &t);
    return 0;
}

int data_circles(struct dataset *d, int n, double noise, double factor, struct rng *r)
{
    struct dataset t;
    if (n < 2 || dataset_alloc(&t, n, 2, "circles") < 0)
        return -1;
    /* two rings, the inner one factor times smaller; the angles leave out
     * the endpoint so the first point is not also the last */
    int n_out = n / 2, n_in = n - n_out;
    for (int i = 0; i < n_out; i++) {
        double a = linspace_at(0.0, 2.0 * GL_PI, n_out, 0, i);
        T_AT(&t.X, i, 0) = cos(a);
        T_AT(&t.X, i, 1) = sin(a);
    }
    for (int i = 0; i < n_in; i++) {
        double a = linspace_at(0.0, 2.0 * GL_PI, n_in, 0, i);
        T_AT(&t.X, n_out + i, 0) = cos(a) * factor;
        T_AT(&t.X, n_out + i, 1) = sin(a) * factor;
        t.labels[n_out + i] = 1;
    }
    t.n_classes = 2;
    if (shuffle_rows(&t, r) < 0) {
        dataset_release(&t);
        return -1;
    }
    if (noise > 0.0)
        add_noise(&t, noise, r);
    dataset_move(d, &t);
    return 0;
}

int data_spiral(struct dataset *d, int n, int k, struct rng *r)
{
    struct dataset t;
    if (k < 1 || k > DATA_MAX_CLASSES || n < k || dataset_alloc(&t, n - n % k, 2, "spiral") < 0)
        return -1;
    /* arm j: radius from 0 to 1, angle from 4j to 4(j+1) plus noise 0.2 */
    int per = n / k;
    for (int j = 0; j < k; j++) {
        for (int i = 0; i < per; i++) {
            int row = j * per + i;
            double rad = linspace_at(0.0, 1.0, per, 1, i);
            double ang = linspace_at(j * 4.0, (j + 1) * 4.0, per, 1, i) + rng_gauss(r) * 0.2;
            T_AT(&t.X, row, 0) = rad * sin(ang);
            T_AT(&t.X, row, 1) = rad * cos(ang);
            t.labels[row] = j;
        }
    }
    t.n_classes = k;
    dataset_move(d, &t);
    return 0;
}

int data_xor(struct dataset *d, int n, double noise, struct rng *r)
{
    struct dataset t;
    if (n < 1 || dataset_alloc(&t, n, 2, "xor") < 0)
        return -1;
    if (n == 4) {
        /* the four corners of the truth table */
        static const double pts[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
        for (int i = 0; i < 4; i++) {
            T_AT(&t.X, i, 0) = pts[i][0];
            T_AT(&t.X, i, 1) = pts[i][1];
            t.labels[i] = (i == 1 || i == 2);
        }
    } else {
        for (int i = 0; i < n; i++) {
            double a = 2.0 * rng_double(r) - 1.0, b = 2.0 * rng_double(r) - 1.0;
            T_AT(&t.X, i, 0) = a;
            T_AT(&t.X, i, 1) = b;
            t.labels[i] = (a > 0) != (b > 0);
        }
    }
    t.n_classes = 2;
    if (noise > 0.0)
        add_noise(&t, noise, r);
    dataset_move(d, &t);
    return 0;
}

/* ---------------------------------------------------------------- */
/* CSV                                                                */

/* the whole file in a NUL-terminated buffer *buf, through the policy:
 * 0, -1 with err, or ST_STOPPED */
static int slurp(const struct file_policy *pol, const char *path, char **buf, size_t *len, char *err,
                 size_t errlen, stop_flag *stop)
{
    int rc = file_read_until(pol, path, CSV_MAX_BYTES, buf, len, err, errlen, stop);
    if (rc == 1) {
        char shown[300];
        text_fail(err, errlen, "'%s' is larger than %zu MiB", text_shown(shown, sizeof shown, path),
             CSV_MAX_BYTES >> 20);
    }
    return rc == 2 ? ST_STOPPED : rc == 0 ? 0 : -1;
}

/* what a field holds */
enum field { FIELD_NUMBER, FIELD_WORD, FIELD_EMPTY, FIELD_RANGE, FIELD_NAN };

/* parse one number field (surrounding blanks allowed) into *v; a field
 * that reads as a number but is not finite is FIELD_RANGE (1e400) or
 * FIELD_NAN (nan, inf), anything else not a number FIELD_WORD */
static enum field parse_field(const char *s, const char *end, double *v)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
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
    if (!isfinite(x))
        return FIELD_NAN;
    *v = x;
    return FIELD_NUMBER;
}

/* The comma-separated fields of the line [s, end): their number into
 * *nf; how many are not numbers is returned, and how many of those are
 * words (not even number-like) in *words; the first of them is field
 * *badno, [*badf, *badend), of kind *badkind. With out, the numbers of the
 * first cols fields go to out[0..cols-1]. */
struct badfield {
    int words, no;
    enum field kind;
    char *f, *end;
};

static int line_fields(char *s, char *end, double *out, int cols, int *nf, struct badfield *bf)
{
    int bad = 0;
    *nf = 0;
    bf->words = 0;
    for (char *f = s; ; ) {
        char *comma = memchr(f, ',', (size_t)(end - f));
        char *fe = comma ? comma : end;
        double v;
        enum field k = parse_field(f, fe, &v);
        if (k != FIELD_NUMBER) {
            if (!bad) {
                bf->f = f;
                bf->end = fe;
                bf->no = *nf + 1;
                bf->kind = k;
            }
            bad++;
            bf->words += k == FIELD_WORD || k == FIELD_EMPTY;
        } else if (out && *nf < cols) {
            out[*nf] = v;
        }
        (*nf)++;
        if (!comma)
            break;
        f = comma + 1;
    }
    return bad;
}

/* the error for a field that is not a number */
static int field_error(const char *path, int line, const struct badfield *bf, char *err, size_t errlen)
{
    char shown[300], field[100];
    text_shown(shown, sizeof shown, path);
    if (bf->kind == FIELD_EMPTY)
        return text_fail(err, errlen, "'%s' line %d: field %d is empty", shown, line, bf->no);
    const char *f = bf->f, *e = bf->end;
    while (f < e && (*f == ' ' || *f == '\t'))
        f++;
    size_t w = (size_t)(e - f) > 20 ? 20 : (size_t)(e - f);
    text_escape(field, sizeof field, f, w);
    return text_fail(err, errlen, "'%s' line %d: '%s' %s", shown, line, field,
                bf->kind == FIELD_RANGE ? "is out of range" : "is not a number");
}

int csv_read_matrix(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen)
{
    return csv_read_until(pol, path, m, err, errlen, NULL);
}

int csv_read_until(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen,
                   stop_flag *stop)
{
    size_t len;
    char *buf;
    int rc = slurp(pol, path, &buf, &len, err, errlen, stop);
    if (rc != 0)
        return rc;
    char shown[300];
    text_shown(shown, sizeof shown, path);
    if (memchr(buf, '\0', len)) {
        free(buf);
        return text_fail(err, errlen, "'%s' is not a text file", shown);
    }
    char *p = buf;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;

    /* two passes: count rows and check every field, then fill */
    tensor out = TENSOR_INIT;
    int cols = -1, rows = 0;
    for (int pass = 0; pass < 2; pass++) {
        int line = 0, row = 0;
        for (char *s = p; *s; ) {
            if (stop_requested(stop)) {
                status_free(buf, len);
                tensor_release(&out);
                return ST_STOPPED;
            }
            char *eol = strchr(s, '\n');
            char *end = eol ? eol : s + strlen(s);
            char *next = eol ? eol + 1 : end;
            line++;
            if (end > s && end[-1] == '\r')
                end--;
            char *q = s;
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            if (q == end) {             /* a blank line */
                s = next;
                continue;
            }
            /* count fields, and check that every one is a number */
            struct badfield bf = { 0, 0, FIELD_NUMBER, NULL, NULL };
            int nf, bad = line_fields(s, end, pass == 1 ? &T_AT(&out, row, 0) : NULL, cols, &nf, &bf);
            if (bad && line == 1 && bf.words == nf) {
                /* a header: the first line, where no field is a number */
                s = next;
                continue;
            }
            rc = 0;
            if (bad)
                rc = field_error(path, line, &bf, err, errlen);
            else if (cols >= 0 && nf != cols)
                rc = text_fail(err, errlen, "'%s' line %d: %d fields, expected %d", shown, line, nf, cols);
            else if (pass == 0 && row + 1 > DATA_MAX_ROWS)
                rc = text_fail(err, errlen, "'%s' has more than %d rows", shown, DATA_MAX_ROWS);
            if (rc < 0) {
                free(buf);
                tensor_release(&out);
                return -1;
            }
            cols = nf;
            row++;
            s = next;
        }
        if (pass == 0) {
            rows = row;
            rc = rows == 0 ? ST_FAILED : tensor_init(&out, rows, cols);
            if (rows == 0)
                text_fail(err, errlen, "'%s' holds no numbers", shown);
            else if (rc == ST_NO_MEMORY)
                text_fail(err, errlen, "out of memory reading '%s' (needed %zu MiB for %d x %d numbers)", shown,
                          (status_nomem_bytes() + ((size_t)1 << 20) - 1) >> 20, rows, cols);
            else if (rc < 0)
                text_fail(err, errlen, "'%s' is too large (%d x %d)", shown, rows, cols);
            if (rc < 0) {
                free(buf);
                return -1;
            }
        }
    }
    free(buf);
    tensor_move(m, &out);
    return 0;
}

int data_load_csv(const struct file_policy *pol, const char *path, struct dataset *d, char *err, size_t errlen)
{
    return data_load_until(pol, path, d, err, errlen, NULL);
}

int data_load_until(const struct file_policy *pol, const char *path, struct dataset *d, char *err,
                    size_t errlen, stop_flag *stop)
{
    tensor m = TENSOR_INIT;
    int rc = csv_read_until(pol, path, &m, err, errlen, stop);
    if (rc != 0)
        return rc;
    char shown[300];
    text_shown(shown, sizeof shown, path);
    if (m.cols < 2) {
        tensor_release(&m);
        return text_fail(err, errlen, "'%s' needs at least 2 columns (features..., label)", shown);
    }
    /* the name shown for the data set: the file's name, escaped */
    const char *base = strrchr(path, '/');
    char name[sizeof d->name];
    text_shown(name, sizeof name, base ? base + 1 : path);
    struct dataset t;
    if ((rc = dataset_alloc(&t, m.rows, m.cols - 1, name)) < 0) {
        tensor_release(&m);
        if (rc == ST_NO_MEMORY)
            return text_fail(err, errlen, "out of memory reading '%s' (needed %zu MiB)", shown,
                             (status_nomem_bytes() + ((size_t)1 << 20) - 1) >> 20);
        return text_fail(err, errlen, "'%s' is too large", shown);
    }
    for (int i = 0; i < m.rows; i++) {
        if (i % 64 == 0 && stop_requested(stop)) {
            tensor_release(&m);
            dataset_release(&t);
            return ST_STOPPED;
        }
        double lab = T_AT(&m, i, m.cols - 1);
        if (lab < 0 || lab >= DATA_MAX_CLASSES || lab != floor(lab)) {
            tensor_release(&m);
            dataset_release(&t);
            return text_fail(err, errlen, "'%s' row %d: label %g is not a class number 0..%d",
                        shown, i + 1, lab, DATA_MAX_CLASSES - 1);
        }
        t.labels[i] = (int)lab;
        if (t.labels[i] + 1 > t.n_classes)
            t.n_classes = t.labels[i] + 1;
        memcpy(&T_AT(&t.X, i, 0), &T_AT(&m, i, 0), (size_t)(m.cols - 1) * sizeof(double));
    }
    tensor_release(&m);
    dataset_move(d, &t);
    return 0;
}

/* write rows through fp; the label column is appended when labels is set */
static int write_rows(FILE *fp, const tensor *m, const int *labels, const char *header)
{
    if (header && fprintf(fp, "%s\n", header) < 0)
        return -1;
    for (int i = 0; i < m->rows; i++) {
        for (int j = 0; j < m->cols; j++) {
            char num[REPR_MAX + 1];
            num[0] = ',';
            repr_format(num + 1, T_AT(m, i, j));       /* reads back exactly */
            if (fputs(num + !j, fp) == EOF)
                return -1;
        }
        if (labels && fprintf(fp, ",%d", labels[i]) < 0)
            return -1;
        if (fputc('\n', fp) == EOF)
            return -1;
    }
    return 0;
}

struct rows_job {
    const tensor *m;
    const int *labels;
    const char *header;
};

static int write_job(FILE *fp, void *ctx)
{
    const struct rows_job *j = ctx;
    return write_rows(fp, j->m, j->labels, j->header);
}

static int write_atomic(const struct file_policy *pol, const char *path, const tensor *m, const int *labels,
                        const char *header, char *err, size_t errlen)
{
    struct rows_job j = { m, labels, header };
    return file_write_atomic(pol, path, write_job, &j, err, errlen);
}

int csv_write_matrix(const struct file_policy *pol, const char *path, const tensor *m, const char *header,
                     char *err, size_t errlen)
{
    return write_atomic(pol, path, m, NULL, header, err, errlen);
}

int data_save_csv(const struct file_policy *pol, const char *path, const struct dataset *d, char *err,
                  size_t errlen)
{
    return write_atomic(pol, path, &d->X, d->labels, NULL, err, errlen);
}
