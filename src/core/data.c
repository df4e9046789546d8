/* data: data set generators (numpy/scikit-learn compatible) and data set
 * files (CSV: csv.c; .npy: npy.c). See data.h. */
#include "data.h"
#include "csv.h"
#include "npy.h"
#include "paths.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GL_PI 3.141592653589793   /* the double nearest pi, as numpy.pi */

_Static_assert(CSV_MAX_ROWS == DATA_MAX_ROWS, "a CSV file holds a data set's rows");


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

/* the end of moons and circles (sklearn's order): two classes, the rows
 * shuffled, then the noise; t moves into d. 0, or -1 (t released) */
static int two_classes(struct dataset *d, struct dataset *t, double noise, struct rng *r)
{
    t->n_classes = 2;
    if (shuffle_rows(t, r) < 0) {
        dataset_release(t);
        return -1;
    }
    if (noise > 0.0)
        add_noise(t, noise, r);
    dataset_move(d, t);
    return 0;
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
    return two_classes(d, &t, noise, r);
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
    return two_classes(d, &t, noise, r);
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
/* files                                                              */

int data_from_matrix(struct dataset *d, const tensor *m, const char *path, char *err, size_t errlen,
                     stop_flag *stop)
{
    char shown[300];
    text_shown(shown, sizeof shown, path);
    if (m->cols < 2)
        return text_fail(err, errlen, "'%s' needs at least 2 columns (features..., label)", shown);
    /* the name shown for the data set: the file's name, escaped */
    const char *base = strrchr(path, '/');
    char name[sizeof d->name];
    text_shown(name, sizeof name, base ? base + 1 : path);
    struct dataset t;
    int rc = dataset_alloc(&t, m->rows, m->cols - 1, name);
    if (rc == ST_NO_MEMORY)
        return text_fail(err, errlen, "out of memory reading '%s' (needed %zu MiB)", shown,
                         (status_nomem_bytes() + ((size_t)1 << 20) - 1) >> 20);
    if (rc < 0)
        return text_fail(err, errlen, "'%s' is too large", shown);
    for (int i = 0; i < m->rows; i++) {
        if (i % 64 == 0 && stop_requested(stop)) {
            dataset_release(&t);
            return ST_STOPPED;
        }
        for (int j = 0; j < m->cols - 1; j++)
            if (!isfinite(T_AT(m, i, j))) {
                dataset_release(&t);
                return text_fail(err, errlen, "'%s' row %d: feature %d is %s: data must be finite", shown, i + 1,
                                 j + 1, isnan(T_AT(m, i, j)) ? "nan" : T_AT(m, i, j) > 0 ? "inf" : "-inf");
            }
        double lab = T_AT(m, i, m->cols - 1);
        if (!(lab >= 0 && lab < DATA_MAX_CLASSES && lab == floor(lab))) {
            dataset_release(&t);
            return text_fail(err, errlen, "'%s' row %d: label %g is not a class number 0..%d",
                        shown, i + 1, lab, DATA_MAX_CLASSES - 1);
        }
        t.labels[i] = (int)lab;
        if (t.labels[i] + 1 > t.n_classes)
            t.n_classes = t.labels[i] + 1;
        memcpy(&T_AT(&t.X, i, 0), &T_AT(m, i, 0), (size_t)(m->cols - 1) * sizeof(double));
    }
    dataset_move(d, &t);
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
    if (rc == 0)
        rc = data_from_matrix(d, &m, path, err, errlen, stop);
    tensor_release(&m);
    return rc;
}

int data_save_npy(const struct file_policy *pol, const char *path, const struct dataset *d, char *err,
                  size_t errlen)
{
    tensor m = TENSOR_INIT;
    if (tensor_init(&m, d->X.rows, d->X.cols + 1) < 0)
        return text_fail(err, errlen, "out of memory");
    for (int i = 0; i < m.rows; i++) {
        memcpy(&T_AT(&m, i, 0), &T_AT(&d->X, i, 0), (size_t)d->X.cols * sizeof(double));
        T_AT(&m, i, m.cols - 1) = d->labels[i];
    }
    int rc = npy_write(pol, path, &m, 2, err, errlen);
    tensor_release(&m);
    return rc;
}

int data_save_csv(const struct file_policy *pol, const char *path, const struct dataset *d, char *err,
                  size_t errlen)
{
    return csv_write(pol, path, &d->X, d->labels, NULL, err, errlen);
}
