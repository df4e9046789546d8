/* points: editing the data set. See points.h. */
#include "points.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmd_train.h"
#include "literal.h"
#include "print.h"

int points_word(const char *word)
{
    return !strcmp(word, "=") || !strcmp(word, "add") || !strcmp(word, "move") || !strcmp(word, "del");
}

int points_batch_is(const struct session *S, const struct dataset *d)
{
    const struct net *n = &S->net;
    if (!S->has_net || n->n_rows != d->X.rows || n->n_in != d->X.cols ||
        memcmp(n->x.data, d->X.data, tensor_size(&d->X) * sizeof(double)))
        return 0;
    for (int i = 0; i < n->n_rows; i++)
        for (int k = 0; k < n->n_out; k++)
            if (T_AT(&n->y, i, k) != (k == d->labels[i] ? 1.0 : 0.0))
                return 0;
    return 1;
}

/* a data set of rows rows and dim features (labels and X zero) */
static int alloc_set(struct session *S, struct dataset *d, int rows, int dim, const char *name)
{
    memset(d, 0, sizeof *d);
    int rc = tensor_init(&d->X, rows, dim);
    if (rc == 0 && !(d->labels = calloc((size_t)rows + 1, sizeof *d->labels))) {
        tensor_release(&d->X);
        rc = ST_NO_MEMORY;
    }
    if (rc != 0)
        return session_status(S, "data", rc);
    snprintf(d->name, sizeof d->name, "%s", name);
    return 0;
}

static void count_classes(struct dataset *d)
{
    d->n_classes = 0;
    for (int i = 0; i < d->X.rows; i++)
        if (d->labels[i] + 1 > d->n_classes)
            d->n_classes = d->labels[i] + 1;
}

/* d becomes the data set (nothing fails after the net took it); the batch
 * follows when it was the old set. 0, or -1 with d released */
static int replace(struct session *S, struct dataset *d)
{
    int follow = S->has_data && points_batch_is(S, &S->data) && d->X.rows > 0;
    struct net *n = &S->net;
    int st = S->has_net ? n->stage : STAGE_NONE, rc = follow ? train_use_data(S, n, d) : 0;
    if (rc == ST_FAILED || rc == ST_TOO_BIG)
        rc = 0;                 /* the net cannot take them: it keeps its batch, as 'data' does */
    else if (follow && rc == 0 && (rc = net_run_to(n, (enum stage)st)) != 0) {
        /* the stages overflow with the new points: the old batch back */
        stop_flag *stop = n->stop;
        n->stop = NULL;
        train_use_data(S, n, &S->data);
        net_run_to(n, (enum stage)st);
        n->stop = stop;
    }
    if (rc != 0) {
        dataset_release(d);
        if (rc == -1)
            return session_error(S, "data: the stages overflow with these points (a value is not finite)");
        return session_status(S, "data", rc);
    }
    if (d->X.rows == 0) {
        dataset_release(d);
        dataset_release(&S->data);
        S->has_data = 0;
    } else {
        dataset_move(&S->data, d);
        S->has_data = 1;
    }
    memset(&S->data_from, 0, sizeof S->data_from);
    session_changed(S);
    return 0;
}

/* the class of a point: a whole number 0..DATA_MAX_CLASSES-1 */
static int read_class(struct session *S, const char *what, double c, int *out)
{
    if (!(c == floor(c) && c >= 0 && c < DATA_MAX_CLASSES))
        return session_error(S, "%s: the class must be a whole number from 0 to %d (got %g)", what,
                             DATA_MAX_CLASSES - 1, c);
    *out = (int)c;
    return 0;
}

/* data = [[x0, x1, label], ...] [name=NAME] */
static int set_whole(struct session *S, int argc, char **argv)
{
    const char *name = "points";
    if (argc < 3 || argc > 4 || (argc == 4 && !(name = args_kv(argv[3], "name"))))
        return session_error(S, "usage: data = [[x0, x1, label], ...] [name=NAME]");
    size_t len = strlen(name);
    if (len == 0 || len > 63 || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len)
        return session_error(S, "data: a name is 1 to 63 letters, digits, '.', '_' or '-'");
    tensor lit = TENSOR_INIT;
    int dims;
    char err[200];
    if (literal_parse(argv[2], &lit, &dims, 0, TENSOR_MAX_ELEMS, err, sizeof err) < 0)
        return session_error(S, "data: %s", err);
    struct dataset d;
    int rc = -1;
    if (dims != 2 || lit.cols < 2)
        session_error(S, "data: expected rows [features..., label] (at least 2 numbers each)");
    else if (lit.rows > DATA_MAX_ROWS)
        session_error(S, "data: %d rows are over the limit of %d", lit.rows, DATA_MAX_ROWS);
    else if (alloc_set(S, &d, lit.rows, lit.cols - 1, name) == 0) {
        rc = 0;
        for (int i = 0; i < lit.rows && rc == 0; i++) {
            memcpy(&T_AT(&d.X, i, 0), &T_AT(&lit, i, 0), (size_t)d.X.cols * sizeof(double));
            char what[40];
            snprintf(what, sizeof what, "data: row %d", i);
            rc = read_class(S, what, T_AT(&lit, i, lit.cols - 1), &d.labels[i]);
        }
        count_classes(&d);
        if (rc != 0)
            dataset_release(&d);
    }
    tensor_release(&lit);
    if (rc != 0 || replace(S, &d) < 0)
        return -1;
    if (!print_report(S, "data", "name:s rows:i features:i classes:i", S->data.name, S->data.X.rows,
                      S->data.X.cols, S->data.n_classes))
        fprintf(S->out, "data %s: %d row%s, %d feature%s, %d classes\n", S->data.name, S->data.X.rows,
                S->data.X.rows == 1 ? "" : "s", S->data.X.cols, S->data.X.cols == 1 ? "" : "s",
                S->data.n_classes);
    return 0;
}

/* the numbers argv[from..from+n) into v: 0, or -1 with S->err */
static int numbers(struct session *S, const char *what, char **argv, int from, double *v, int n)
{
    char err[200];
    for (int i = 0; i < n; i++)
        if (literal_number(argv[from + i], &v[i], 0, err, sizeof err) < 0)
            return session_error(S, "%s: %s", what, err);
    return 0;
}

/* the point index arg: 0, or -1 with S->err */
static int point_index(struct session *S, const char *what, const char *arg, long *i)
{
    if (!S->has_data)
        return session_error(S, "%s: no data yet: try 'data moons 200 noise=0.2'", what);
    if (args_long(arg, 0, (long)S->data.X.rows - 1, i) != 0)
        return session_error(S, "%s: no point '%s' (the points are 0..%d)", what, arg, S->data.X.rows - 1);
    return 0;
}

static void said(struct session *S, const char *what, long i)
{
    int rows = S->has_data ? S->data.X.rows : 0;
    if (!print_report(S, what, "point:l rows:i", i, rows))
        fprintf(S->out, "%s: point %ld; %d point%s\n", what, i, rows, rows == 1 ? "" : "s");
}

/* the arguments of add (X0 ... CLASS), move (I X0 ...) or del (I) into v
 * and *at; *label for add. 0, or -1 with S->err */
static int edit_args(struct session *S, int argc, char **argv, int dim, double *v, long *at, int *label)
{
    const char *op = argv[1];
    char what[16];
    snprintf(what, sizeof what, "data %s", op);
    if (!strcmp(op, "add")) {
        if (argc - 2 != dim + 1)
            return session_error(S, "usage: data add X0 ... CLASS (%d feature%s, then the class)", dim,
                                 dim == 1 ? "" : "s");
        if (S->has_data && S->data.X.rows >= DATA_MAX_ROWS)
            return session_error(S, "data add: the data set has the most rows it may (%d)", DATA_MAX_ROWS);
        return numbers(S, what, argv, 2, v, dim + 1) < 0 ? -1 : read_class(S, what, v[dim], label);
    }
    if (!strcmp(op, "move")) {
        if (argc - 3 != dim)
            return session_error(S, "usage: data move I X0 ... (%d feature%s)", dim, dim == 1 ? "" : "s");
        return point_index(S, what, argv[2], at) < 0 ? -1 : numbers(S, what, argv, 3, v, dim);
    }
    if (argc != 3)
        return session_error(S, "usage: data del I");
    return point_index(S, what, argv[2], at);
}

/* data add X0 ... CLASS | data move I X0 ... | data del I */
static int edit(struct session *S, int argc, char **argv)
{
    const char *op = argv[1];
    int add = !strcmp(op, "add"), del = !strcmp(op, "del");
    int dim = S->has_data ? S->data.X.cols : argc - 3, rows = S->has_data ? S->data.X.rows : 0;
    if (dim < 1)
        return session_error(S, "usage: data add X0 ... CLASS");
    double *v = malloc(((size_t)dim + 1) * sizeof *v);
    if (!v)
        return session_error(S, "out of memory");
    long at = rows;
    int label = 0;
    struct dataset d;
    if (edit_args(S, argc, argv, dim, v, &at, &label) < 0 ||
        alloc_set(S, &d, rows + add - del, dim, S->has_data ? S->data.name : "points") < 0) {
        free(v);
        return -1;
    }
    for (int i = 0, j = 0; i < rows; i++) {
        if (del && i == at)
            continue;
        memcpy(&T_AT(&d.X, j, 0), &T_AT(&S->data.X, i, 0), (size_t)dim * sizeof(double));
        d.labels[j++] = S->data.labels[i];
    }
    if (!del)
        memcpy(&T_AT(&d.X, at, 0), v, (size_t)dim * sizeof(double));
    if (add)
        d.labels[at] = label;
    free(v);
    count_classes(&d);
    if (replace(S, &d) < 0)
        return -1;
    said(S, add ? "data add" : del ? "data del" : "data move", at);
    return 0;
}

int cmd_points(struct session *S, int argc, char **argv)
{
    if (argc < 2 || !points_word(argv[1]))
        return cmd_data(S, argc, argv);     /* make, load, save, summarise */
    if (!strcmp(argv[1], "="))
        return set_whole(S, argc, argv);
    return edit(S, argc, argv);
}
