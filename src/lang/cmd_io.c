/* cmd_io: values in and out of files, and how values print. See cmd_io.h. */
#include "cmd_io.h"

#include <math.h>
#include <string.h>

#include "args.h"
#include "assign.h"
#include "csv.h"
#include "io.h"
#include "npy.h"
#include "paths.h"
#include "print.h"
#include "values.h"

/* the number of dimensions a value is saved with: a scalar 0, a vector
 * (z, s, b1...) 1, a matrix 2 */
static int value_ndim(const struct value *v)
{
    return !v->t ? 0 : v->vector ? 1 : 2;
}

int cmd_save(struct session *S, int argc, char **argv)
{
    if (argc != 3)
        return session_error(S, "usage: save NAME FILE.csv|FILE.npy");
    struct value v;
    if (value_get(S, argv[1], &v) < 0)
        return -1;
    tensor one = { 1, 1, &v.scalar };
    const tensor *t = v.t ? v.t : &one;
    char err[400];
    int rc = npy_path(argv[2]) ? npy_write(S->policy, argv[2], t, value_ndim(&v), err, sizeof err)
                               : csv_write_matrix(S->policy, argv[2], t, NULL, err, sizeof err);
    if (rc < 0)
        return session_error(S, "save: %s", err);
    if (!print_report(S, "save", "name:s rows:i cols:i file:s", argv[1], t->rows, t->cols, argv[2]))
        fprintf(S->out, "saved %s (%d×%d) to '%s'\n", argv[1], t->rows, t->cols, argv[2]);
    return 0;
}

/* every entry finite (and -inf too, for the logits): 0, or -1 with an
 * error naming the first that is not */
static int load_finite(struct session *S, const char *name, const char *path, const tensor *m, int ndim)
{
    int neg_inf = !strcmp(name, "z");
    for (size_t k = 0, n = tensor_size(m); k < n; k++) {
        double d = m->data[k];
        if (isfinite(d) || (neg_inf && d == -INFINITY))
            continue;
        char shown[300], at[64];
        text_shown(shown, sizeof shown, path);
        if (ndim == 1 || (ndim < 0 && m->rows == 1))
            snprintf(at, sizeof at, "[%zu]", k);
        else
            snprintf(at, sizeof at, "[%zu, %zu]", k / (size_t)m->cols, k % (size_t)m->cols);
        return session_error(S, "load: '%s' holds %s at %s: %s takes finite numbers%s", shown,
                             isnan(d) ? "nan" : d > 0 ? "inf" : "-inf", at, name, neg_inf ? " and -inf" : "");
    }
    return 0;
}

int cmd_load(struct session *S, int argc, char **argv)
{
    if (argc != 3 && argc != 4)
        return session_error(S, "usage: load NAME FILE.csv|FILE.npy [index=keep]");
    const char *name = argv[1];
    if (!value_known(name))
        return session_error(S, "load: unknown name '%s' (x, y, W1, b1, W2, b2, reg or z)", name);
    struct io_read io = { 0, -1, { 0, 0, 0, 0, 0, 0 }, 0 };
    if (argc == 4 && io_read_option(S, "load", argv[2], argv[3], &io) < 0)
        return -1;
    io.neg_inf = !strcmp(name, "z");    /* a masked logit, as load_finite lets through */
    char err[400];
    tensor m = TENSOR_INIT;
    int rc = io_read_value(S->policy, argv[2], &m, &io, err, sizeof err, S->interrupt);
    if (rc == ST_STOPPED)
        return session_status(S, "load", rc);
    if (rc < 0)
        return session_error(S, "load: %s", err);
    if (load_finite(S, name, argv[2], &m, io.ndim) < 0) {
        tensor_release(&m);
        return -1;
    }
    /* a .npy array has the dimensions it says; a one-row CSV file is a
     * vector. One number is a scalar; labels for y come as a column (one
     * per row) or a row */
    int dims = io.ndim >= 0 ? io.ndim : m.rows == 1 ? 1 : 2;
    if (m.rows == 1 && m.cols == 1)
        dims = 0;
    if (!strcmp(name, "y") && m.cols == 1 && m.rows > 1) {
        m.cols = m.rows;
        m.rows = 1;
        dims = 1;
    }
    rc = assign_value(S, name, &m, dims);
    tensor_release(&m);
    if (rc == 0)
        io_say_dropped(S, argv[2], &io);
    return rc;
}

int cmd_format(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        if (!print_report(S, "format", "format:s", format_names[S->format]))
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

int cmd_precision(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        if (!print_report(S, "precision", "precision:i", S->precision))
            fprintf(S->out, "precision %d\n", S->precision);
        return 0;
    }
    long v;
    if (argc > 2)
        return session_error(S, "usage: precision N");
    if (args_int(S, "precision", argv[1], 1, 17, &v) < 0)
        return -1;
    S->precision = (int)v;
    return 0;
}
