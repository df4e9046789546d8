/* cmd_train: data sets and full-batch gradient descent. See cmd_train.h.
 *
 * The classic tutorial's loop, pass i = 0, 1, ...: forward, backward,
 * W -= lr dW; after pass i, when i % every == 0, print "loss after
 * iteration i: L". The net's reduce mode (net.h) says which loss dW is the
 * gradient of and which loss L is:
 *   sum   dW = X^T delta + reg W,      L = (sum_n CE_n + reg/2 |W|^2) / N  (the tutorial)
 *   mean  dW = X^T delta / N + reg W,  L = (1/N) sum_n CE_n + reg/2 |W|^2  (cs231n, PyTorch)
 * with |W|^2 = |W1|^2 + |W2|^2 (biases not regularised). */
#include "cmd_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "io.h"
#include "data.h"
#include "literal.h"
#include "npy.h"
#include "paths.h"
#include "print.h"
#include "trainer.h"

/* one-hot rows for the labels of a data set, K classes */
static int one_hot(const struct dataset *d, int K, tensor *y)
{
    if (tensor_init(y, d->X.rows, K) < 0)
        return -1;
    for (int i = 0; i < d->X.rows; i++)
        T_AT(y, i, d->labels[i]) = 1.0;
    return 0;
}

int train_use_data(struct session *S, struct net *n, const struct dataset *d)
{
    (void)S;
    if (d->X.cols != n->n_in || d->n_classes > n->n_out)
        return ST_FAILED;
    if ((double)d->X.rows * n->n_hidden > TENSOR_MAX_ELEMS || (double)d->X.rows * n->n_out > TENSOR_MAX_ELEMS)
        return ST_TOO_BIG;
    tensor y = TENSOR_INIT;
    int rc = one_hot(d, n->n_out, &y);
    if (rc == ST_NO_MEMORY)
        status_nomem(net_batch_bytes(d->X.rows, n->n_in, n->n_hidden, n->n_out));
    if (rc == 0)
        rc = net_set_batch(n, &d->X, &y);
    tensor_release(&y);
    return rc;
}

int train_too_big(struct session *S, const char *what, const struct net *n, int rows)
{
    if (rows > NET_MAX_ROWS)
        return session_error(S, "%s: %d rows are over the limit of %d rows", what, rows, NET_MAX_ROWS);
    int wide = n->n_hidden > n->n_out ? n->n_hidden : n->n_out;
    return session_error(S, "%s: %d rows are too many for the %d-%d-%d network: %d×%d = %.0f values "
                         "in one matrix, over the limit of %zu (use fewer rows, or a narrower network)",
                         what, rows, n->n_in, n->n_hidden, n->n_out, rows, wide, (double)rows * wide,
                         (size_t)TENSOR_MAX_ELEMS);
}

static void summary(struct session *S)
{
    struct dataset *d = &S->data;
    int counts[8] = { 0 };
    for (int i = 0; i < d->X.rows; i++)
        if (d->labels[i] < 8)
            counts[d->labels[i]]++;
    if (print_json(S)) {                    /* every class's count */
        int *all = calloc((size_t)d->n_classes, sizeof *all);
        for (int i = 0; all && i < d->X.rows; i++)
            all[d->labels[i]]++;
        print_report(S, "data", "name:s rows:i features:i classes:i counts:a", d->name, d->X.rows, d->X.cols,
                     d->n_classes, all ? d->n_classes : 0, all);
        free(all);
        return;
    }
    fprintf(S->out, "data %s: %d row%s, %d feature%s, %d classes (", d->name, d->X.rows, d->X.rows == 1 ? "" : "s", d->X.cols,
            d->X.cols == 1 ? "" : "s", d->n_classes);
    for (int k = 0; k < d->n_classes && k < 8; k++)
        fprintf(S->out, "%s%d of class %d", k ? ", " : "", counts[k], k);
    fprintf(S->out, "%s)\n", d->n_classes > 8 ? ", ..." : "");
}

/* data load: a matrix from the file (CSV or a 2-d .npy array), then a
 * data set of it: 0, or -1 with the error said */
static int data_read(struct session *S, const char *path, struct io_read *io, struct dataset *d)
{
    char err[400];
    tensor m = TENSOR_INIT;
    int rc = io_read_value(S->policy, path, &m, io, err, sizeof err, S->interrupt);
    if (rc == 0 && io->ndim >= 0 && io->ndim != 2) {
        char shown[300];
        tensor_release(&m);
        return session_error(S, "data load: '%s' holds a %d-d array: a data set is 2-d, one row per point "
                             "(features..., label)", text_shown(shown, sizeof shown, path), io->ndim);
    }
    if (rc == 0)
        rc = data_from_matrix(d, &m, path, err, sizeof err, S->interrupt);
    tensor_release(&m);
    if (rc == ST_STOPPED)
        return session_status(S, "data load", rc);
    return rc < 0 ? session_error(S, "data load: %s", err) : 0;
}

/* data KIND [N] [noise=F] [seed=S] ...: a generated data set into d, and
 * how it was made into from; 0, or -1 with S->err */
static int generate(struct session *S, int argc, char **argv, struct dataset *d, struct data_from *from)
{
    const char *kind = argv[1];
    /* positional sizes, then key=value options */
    long n = -1, k = -1, seed = S->seed;
    double noise = -1, factor = 0.8;
    for (int i = 2; i < argc; i++) {
        const char *v;
        if ((v = args_kv(argv[i], "noise"))) {
            if (args_double(S, "data: noise", v, 0, 10, &noise) < 0)
                return -1;
        } else if ((v = args_kv(argv[i], "seed"))) {
            if (args_int(S, "data: seed", v, 0, 4294967295L, &seed) < 0)
                return -1;
        } else if ((v = args_kv(argv[i], "factor")) && !strcmp(kind, "circles")) {
            if (args_double(S, "data: factor", v, 0, 1, &factor) < 0)
                return -1;
        } else if (!strcmp(kind, "spiral") && k < 0) {
            if (args_int(S, "data spiral: classes", argv[i], 1, 100, &k) < 0)
                return -1;
        } else if (n < 0) {
            if (args_int(S, "data: rows", argv[i], 1, DATA_MAX_ROWS, &n) < 0)
                return -1;
        } else {
            return session_error(S, "data: unexpected '%s' (type 'help data')", argv[i]);
        }
    }
    struct rng r;
    rng_seed(&r, (uint32_t)seed);
    /* the defaults: 200 points (100 per arm of a spiral, 4 corners of
     * xor), no noise, 3 arms */
    k = k < 0 ? 3 : k;
    n = n >= 0 ? n : !strcmp(kind, "spiral") ? 100 * k : !strcmp(kind, "xor") ? 4 : 200;
    noise = noise < 0 ? 0 : noise;
    static const char *const kinds[] = { "", "moons", "circles", "spiral", "xor" };
    for (int i = 1; i < DATA_FROM_COUNT; i++)
        if (!strcmp(kind, kinds[i]))
            *from = (struct data_from){ i, n, i == DATA_FROM_SPIRAL ? k : 0, i == DATA_FROM_SPIRAL ? 0 : noise,
                                       i == DATA_FROM_CIRCLES ? factor : 0, (uint32_t)seed };
    int rc;
    if (!strcmp(kind, "moons"))
        rc = data_moons(d, (int)n, noise, &r);
    else if (!strcmp(kind, "circles"))
        rc = data_circles(d, (int)n, noise, factor, &r);
    else if (!strcmp(kind, "spiral"))
        rc = data_spiral(d, (int)n, (int)k, &r);
    else if (!strcmp(kind, "xor"))
        rc = data_xor(d, (int)n, noise, &r);
    else
        return session_error(S, "data: unknown kind '%s' (moons, circles, spiral, xor, load, save)", kind);
    if (rc < 0)
        return session_error(S, "data %s: cannot make %ld rows", kind, n);
    return 0;
}

int cmd_data(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        if (!S->has_data)
            return session_error(S, "no data yet: try 'data moons 200 noise=0.2'");
        summary(S);
        return 0;
    }
    const char *kind = argv[1];
    char err[400];
    struct data_from from = { DATA_FROM_NONE, 0, 0, 0, 0, 0 };
    struct dataset d;
    memset(&d, 0, sizeof d);
    if (!strcmp(kind, "save")) {
        if (argc != 3)
            return session_error(S, "usage: data save FILE.csv|FILE.npy");
        if (!S->has_data)
            return session_error(S, "no data to save: try 'data moons 200 noise=0.2'");
        if ((npy_path(argv[2]) ? data_save_npy : data_save_csv)(S->policy, argv[2], &S->data, err, sizeof err) < 0)
            return session_error(S, "data save: %s", err);
        if (!print_report(S, "data save", "rows:i file:s", S->data.X.rows, argv[2]))
            fprintf(S->out, "saved %d row(s) to '%s'\n", S->data.X.rows, argv[2]);
        return 0;
    }
    struct io_read io = { 0, -1, { 0, 0, 0, 0, 0, 0 }, 0 };
    if (!strcmp(kind, "load")) {
        if (argc != 3 && argc != 4)
            return session_error(S, "usage: data load FILE.csv|FILE.npy [index=keep]");
        if (argc == 4 && io_read_option(S, "data load", argv[2], argv[3], &io) < 0)
            return -1;
        if (data_read(S, argv[2], &io, &d) != 0)
            return -1;
    } else if (generate(S, argc, argv, &d, &from) < 0) {
        return -1;
    }
    /* the batch is the last step that can fail: the data set is kept only
     * when the net took it (or cannot, by its shape or size) */
    int used = S->has_net ? train_use_data(S, &S->net, &d) : ST_FAILED;
    if (used == ST_NO_MEMORY || used == ST_STOPPED) {
        dataset_release(&d);
        return session_status(S, "data", used);
    }
    dataset_move(&S->data, &d);
    S->has_data = 1;
    S->data_from = from;
    session_show(S, "data");
    summary(S);
    if (!strcmp(kind, "load"))
        io_say_dropped(S, argv[2], &io);
    if (S->has_net) {
        struct net *n = &S->net;
        if (used == 0)
            print_text(S, "the network now sees this data: x is %d×%d, y holds the labels\n", n->n_rows, n->n_in);
        else if (used == ST_TOO_BIG)
            print_text(S, "the network keeps its batch: %d rows of this data are too many for the %d-%d-%d "
                       "network (%d×%d values in one matrix; the limit is %zu): use fewer rows, or a narrower "
                       "network\n", S->data.X.rows, n->n_in, n->n_hidden, n->n_out, S->data.X.rows,
                       n->n_hidden > n->n_out ? n->n_hidden : n->n_out, (size_t)TENSOR_MAX_ELEMS);
        else
            print_text(S, "the network (%d inputs, %d classes) does not fit this data: make one with 'net %d H %d'\n",
                       n->n_in, n->n_out, S->data.X.cols, S->data.n_classes < 2 ? 2 : S->data.n_classes);
    }
    session_changed(S);
    return 0;
}

/* the reduce mode called word, or -1 */
static int reduce_of(const char *word)
{
    for (int k = 0; k < REDUCE_COUNT; k++)
        if (!strcmp(word, reduce_names[k]))
            return k;
    return -1;
}

int cmd_reduce(struct session *S, int argc, char **argv)
{
    if (argc > 2)
        return session_error(S, "usage: reduce [sum|mean]");
    int mode = argc == 2 ? reduce_of(argv[1]) : 0;
    if (mode < 0)
        return session_error(S, "reduce: sum or mean (got '%s')", argv[1]);
    if (session_need_net(S) < 0)
        return -1;
    struct net *n = &S->net;
    if (argc == 2 && n->reduce != (enum reduce)mode) {
        n->reduce = (enum reduce)mode;
        /* the loss shown follows the mode: compute it again */
        if (n->stage >= STAGE_LOSS) {
            int st = n->stage;
            n->stage = STAGE_NONE;
            net_run_to(n, (enum stage)st);
        }
        session_changed(S);
    }
    if (print_report(S, "reduce", "reduce:s", reduce_names[n->reduce]))
        return 0;
    fprintf(S->out, "reduce = %s: %s\n", reduce_names[n->reduce],
            n->reduce == REDUCE_MEAN ? "train and update descend, and loss shows, (1/N)·Σ_n CE_n + reg/2·(‖W1‖² + ‖W2‖²)"
                                     : "train and update descend Σ_n CE_n + reg/2·(‖W1‖² + ‖W2‖²); loss shows it divided by N");
    return 0;
}

/* train's arguments */
struct train_args {
    long epochs, every;
    double lr, reg;         /* reg < 0: keep the net's */
    int reduce;             /* -1: keep the net's */
};

static int train_args(struct session *S, int argc, char **argv, struct train_args *a)
{
    *a = (struct train_args){ -1, 0, 0.01, -1, -1 };
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = args_kv(argv[i], "lr"))) {
            if (args_double(S, "train: lr", v, 1e-12, 1e6, &a->lr) < 0)
                return -1;
        } else if ((v = args_kv(argv[i], "reg"))) {
            if (args_double(S, "train: reg", v, 0, 1e6, &a->reg) < 0)
                return -1;
        } else if ((v = args_kv(argv[i], "every"))) {
            if (args_int(S, "train: every", v, 0, 1000000000L, &a->every) < 0)
                return -1;
        } else if ((v = args_kv(argv[i], "reduce"))) {
            if ((a->reduce = reduce_of(v)) < 0)
                return session_error(S, "train: reduce is sum or mean (got '%s')", v);
        } else if (a->epochs < 0) {
            if (args_int(S, "train: passes", argv[i], 1, 100000000L, &a->epochs) < 0)
                return -1;
        } else {
            return session_error(S, "train: unexpected '%s' (type 'help train')", argv[i]);
        }
    }
    if (a->epochs < 0)
        return session_error(S, "usage: train PASSES [lr=0.01] [reg=R] [every=1000] [reduce=sum|mean]");
    return 0;
}

/* the settings of a run, to put back when it changes nothing */
struct train_was {
    double reg;
    enum reduce reduce;
    int stage;
};

/* the loss before training, with the reg and reduce of the run: the
 * forward pass from the stage the net is at (cut back to a2 when they
 * change, as the loss depends on them); 0, or -1 with the message (the
 * net is then as it was, w) */
static int train_start(struct session *S, const struct train_args *a, struct train_was *w)
{
    struct net *n = &S->net;
    *w = (struct train_was){ n->reg, n->reduce, n->stage };
    if (a->reg >= 0)
        n->reg = a->reg;
    if (a->reduce >= 0)
        n->reduce = (enum reduce)a->reduce;
    if ((n->reg != w->reg || n->reduce != w->reduce) && n->stage > STAGE_A2)
        n->stage = STAGE_A2;
    int rc = n->stage >= STAGE_LOSS ? 0 : net_run_to(n, STAGE_LOSS);
    if (rc == 0 && isfinite(n->loss))
        return 0;
    n->reg = w->reg;
    n->reduce = w->reduce;
    n->stage = w->stage;
    if (rc == ST_STOPPED)
        return session_status(S, "train", rc);
    return session_error(S, "train: the loss is not finite with these weights");
}

/* how a run of passes ended */
enum train_end { TRAIN_DONE, TRAIN_STOPPED, TRAIN_DIVERGED, TRAIN_FAILED };

/* the passes of cmd_train; *done: how many passes completed (their
 * weights are the net's); the failure's status in *rc */
static enum train_end train_passes(struct session *S, const struct train_args *a, long *done, int *rc,
                                   double last[4])
{
    struct net *n = &S->net;
    long epochs = a->epochs, every = a->every, stride = epochs / TRAIN_CURVE_POINTS + 1;
    int cap = S->curve.rows;
    S->curve.rows = 0;
    double scale = trainer_scale(n);
    /* poll for Ctrl-C and the window every pass of a large net, every 16th
     * of a small one (the passes poll too, inside) */
    double work = (double)n->n_rows * (n->n_in + n->n_out) * n->n_hidden;
    long mask = work < 1e5 ? 15 : 0;
    enum train_end end = TRAIN_DONE;
    struct trainer tr;          /* the fast pass's scratch, for this command */
    trainer_init(&tr);
    for (long i = *done = 0; i < epochs; i++) {
        if ((*rc = trainer_step(&tr, n, a->lr, scale)) != 0) {
            end = *rc == ST_STOPPED ? TRAIN_STOPPED : *rc == -1 ? TRAIN_DIVERGED : TRAIN_FAILED;
            break;
        }
        *done = i + 1;
        int report = every > 0 && i % every == 0;
        int record = i % stride == 0 || i == epochs - 1;   /* at most cap points */
        int tail = i >= epochs - 4;                         /* for trainer_two_cycle */
        if (report || record || tail) {
            double L = net_loss(n);
            if (!isfinite(L)) {
                end = session_interrupted(S) ? TRAIN_STOPPED : TRAIN_DIVERGED;
                break;
            }
            if (tail)
                last[i - (epochs - 4)] = L;
            if (record && S->curve.rows < cap) {
                T_AT(&S->curve, S->curve.rows, 0) = (double)i;
                T_AT(&S->curve, S->curve.rows, 1) = L;
                S->curve.rows++;
            }
            if (report) {
                if (S->fe.progress_done)
                    S->fe.progress_done(S->fe.ud);
                if (!print_report(S, "train", "iteration:l loss:n", i, L))
                    fprintf(S->out, "loss after iteration %ld: %f\n", i, L);
                fflush(S->out);
            }
        }
        if ((i & mask) == 0) {
            if (S->fe.progress)
                S->fe.progress(S->fe.ud, (double)i / epochs, "train");
            if (S->fe.busy)
                S->fe.busy(S->fe.ud, i + 1, epochs);
            if (session_interrupted(S)) {
                end = i + 1 < epochs ? TRAIN_STOPPED : TRAIN_DONE;
                break;
            }
        }
    }
    trainer_release(&tr);
    if (S->fe.progress_done)
        S->fe.progress_done(S->fe.ud);
    return end;
}

/* a run that ended in a 2-cycle, in words: why its last loss is not the
 * log's (the log of every=1000 shows even iterations only) */
static void cycle_words(struct session *S, long last, double lr)
{
    fprintf(S->out,
            "  the loss now alternates from pass to pass: %f after even iterations, %f after odd ones\n"
            "  (the last, %ld, is %s). Each step jumps across a valley of the loss and the next jumps back:\n"
            "  a 2-cycle; with lr %g the steps overshoot its bottom instead of settling in it\n",
            S->cycle[0], S->cycle[1], last, last % 2 ? "odd" : "even", lr);
}

int cmd_train(struct session *S, int argc, char **argv)
{
    struct train_args a;
    if (train_args(S, argc, argv, &a) < 0 || session_need_net(S) < 0)
        return -1;
    struct net *n = &S->net;
    struct train_was was;
    if (train_start(S, &a, &was) < 0)
        return -1;
    /* record up to TRAIN_CURVE_POINTS points of the loss curve, in
     * S->curve as they come, so the window can draw it while it grows */
    long stride = a.epochs / TRAIN_CURVE_POINTS + 1;
    tensor curve = TENSOR_INIT;
    int rc = tensor_init(&curve, (int)(a.epochs / stride + 2), 2);
    if (rc < 0) {
        n->reg = was.reg;
        n->reduce = was.reduce;
        n->stage = was.stage;
        return session_status(S, "train", rc);
    }
    tensor old_curve = TENSOR_INIT;
    tensor_move(&old_curve, &S->curve);
    tensor_move(&S->curve, &curve);
    if (S->has_data && S->data.X.cols == n->n_in && S->data.n_classes <= n->n_out)
        session_show(S, "data");        /* the curve grows there while it runs */
    long done;
    double last[4] = { NAN, NAN, NAN, NAN };
    S->has_cycle = 0;
    enum train_end end = train_passes(S, &a, &done, &rc, last);
    n->stage = STAGE_NONE;
    session_changed(S);
    if ((end == TRAIN_FAILED || end == TRAIN_STOPPED) && done == 0) {
        /* out of memory for the pass's scratch, or stopped in the first
         * pass: nothing was learned, nothing changed */
        n->reg = was.reg;
        n->reduce = was.reduce;
        n->stage = was.stage;
        tensor_move(&S->curve, &old_curve);
        return session_status(S, "train", end == TRAIN_STOPPED ? ST_STOPPED : rc);
    }
    tensor_release(&old_curve);
    if (end == TRAIN_FAILED)
        return session_status(S, "train", rc);
    if (end == TRAIN_DIVERGED && done == 0)
        return session_error(S, "train: diverged at pass 0 (a value is not finite; lr %g too large?); "
                             "the weights are as they were", a.lr);
    if (end == TRAIN_DIVERGED)
        return session_error(S, "train: diverged at pass %ld (a value is not finite; lr %g too large?); "
                             "the weights of pass %ld are kept", done, a.lr, done - 1);
    if (end == TRAIN_STOPPED)
        return session_error(S, "train stopped after %ld of %ld passes (interrupted); what was learned is kept",
                             done, a.epochs);
    double L = net_loss(n);
    n->stage = STAGE_NONE;
    if (!isfinite(L) && session_interrupted(S))
        return session_error(S, "train stopped after its %ld passes (interrupted), before the last loss; "
                             "what was learned is kept", a.epochs);
    if (trainer_two_cycle(last)) {
        S->has_cycle = 1;
        S->cycle[a.epochs % 2] = last[2];       /* iteration epochs - 2 */
        S->cycle[(a.epochs - 1) % 2] = last[3];
    }
    if (print_report(S, "train", "passes:l of:l stopped:b loss:n", a.epochs, a.epochs, 0, L))
        return 0;
    fprintf(S->out, "trained %ld pass%s: loss %f\n", a.epochs, a.epochs == 1 ? "" : "es", L);
    if (S->has_cycle)
        cycle_words(S, a.epochs - 1, a.lr);
    return 0;
}

/* argmax of row i of t */
static int argmax_row(const tensor *t, int i)
{
    int best = 0;
    for (int k = 1; k < t->cols; k++)
        if (T_AT(t, i, k) > T_AT(t, i, best))
            best = k;
    return best;
}

int train_accuracy(struct session *S, double *acc, int *right_out)
{
    if (session_need_net(S) < 0)
        return -1;
    struct net *n = &S->net;
    tensor p = TENSOR_INIT;
    int rc = net_predict(n, &n->x, &p);
    if (rc == -1)
        return session_error(S, "accuracy: the forward pass overflows with these weights");
    if (rc != 0)
        return session_status(S, "accuracy", rc);
    int right = 0;
    for (int i = 0; i < n->n_rows; i++)
        right += argmax_row(&p, i) == argmax_row(&n->y, i);
    tensor_release(&p);
    *acc = (double)right / n->n_rows;
    if (right_out)
        *right_out = right;
    return 0;
}

int cmd_accuracy(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0)
        return -1;
    double acc;
    int right;
    if (train_accuracy(S, &acc, &right) < 0)
        return -1;
    if (print_report(S, "accuracy", "accuracy:n right:i rows:i", acc, right, S->net.n_rows))
        return 0;
    char num[48];
    print_number(num, sizeof num, acc, S->precision);
    fprintf(S->out, "accuracy = %s  (%d of %d rows classified right)\n", num, right, S->net.n_rows);
    return 0;
}

int cmd_predict(struct session *S, int argc, char **argv)
{
    if (argc < 2)
        return session_error(S, "usage: predict X0 X1 ...  or  predict [[...], [...]]");
    if (session_need_net(S) < 0)
        return -1;
    char *text = args_join(argc, argv, 1), err[200];
    if (!text)
        return session_error(S, "out of memory");
    tensor x = TENSOR_INIT, p = TENSOR_INIT;
    int dims;
    int rc = literal_parse(text, &x, &dims, 0, TENSOR_MAX_ELEMS, err, sizeof err);
    free(text);
    if (rc < 0)
        return session_error(S, "predict: %s", err);
    if (x.cols != S->net.n_in) {
        int c = x.cols;
        tensor_release(&x);
        return session_error(S, "predict: the network has %d inputs, got rows of %d", S->net.n_in, c);
    }
    rc = net_predict(&S->net, &x, &p);
    if (rc != 0) {
        int rows = x.rows;
        tensor_release(&x);
        if (rc == -1)
            return session_error(S, "predict: the forward pass overflows for this input");
        if (rc == ST_TOO_BIG)
            return train_too_big(S, "predict", &S->net, rows);
        return session_status(S, "predict", rc);
    }
    print_tensor(S, stage_names[STAGE_A2], &p, 0);
    int *cls = print_json(S) ? malloc((size_t)p.rows * sizeof *cls) : NULL;
    if (cls) {                              /* the most likely class of each row */
        for (int i = 0; i < p.rows; i++)
            cls[i] = argmax_row(&p, i);
        print_report(S, "predict", "class:a", p.rows, cls);
        free(cls);
    }
    if (S->format == FORMAT_PRETTY) {
        fprintf(S->out, "class:");
        for (int i = 0; i < p.rows; i++)
            fprintf(S->out, " %d", argmax_row(&p, i));
        fputc('\n', S->out);
    }
    tensor_release(&x);
    tensor_release(&p);
    return 0;
}
