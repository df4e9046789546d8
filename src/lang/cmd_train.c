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
#include "data.h"
#include "literal.h"
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

int train_use_data(struct session *S)
{
    if (!S->has_data || !S->has_net)
        return 0;
    struct net *n = &S->net;
    if (S->data.X.cols != n->n_in || S->data.n_classes > n->n_out)
        return 0;
    tensor y = TENSOR_INIT;
    if (one_hot(&S->data, n->n_out, &y) < 0)
        return 0;
    int ok = net_set_batch(n, &S->data.X, &y) == 0;
    tensor_release(&y);
    return ok;
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
    struct dataset d;
    memset(&d, 0, sizeof d);
    if (!strcmp(kind, "save")) {
        if (argc != 3)
            return session_error(S, "usage: data save FILE.csv");
        if (!S->has_data)
            return session_error(S, "no data to save: try 'data moons 200 noise=0.2'");
        if (data_save_csv(S->policy, argv[2], &S->data, err, sizeof err) < 0)
            return session_error(S, "data save: %s", err);
        if (!print_report(S, "data save", "rows:i file:s", S->data.X.rows, argv[2]))
            fprintf(S->out, "saved %d row(s) to '%s'\n", S->data.X.rows, argv[2]);
        return 0;
    }
    if (!strcmp(kind, "load")) {
        if (argc != 3)
            return session_error(S, "usage: data load FILE.csv");
        if (data_load_csv(S->policy, argv[2], &d, err, sizeof err) < 0)
            return session_error(S, "data load: %s", err);
    } else {
        /* generated: positional sizes, then key=value options */
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
        int rc;
        if (!strcmp(kind, "moons"))
            rc = data_moons(&d, n < 0 ? 200 : (int)n, noise < 0 ? 0 : noise, &r);
        else if (!strcmp(kind, "circles"))
            rc = data_circles(&d, n < 0 ? 200 : (int)n, noise < 0 ? 0 : noise, factor, &r);
        else if (!strcmp(kind, "spiral"))
            rc = data_spiral(&d, n < 0 ? 100 * (int)(k < 0 ? 3 : k) : (int)n, k < 0 ? 3 : (int)k, &r);
        else if (!strcmp(kind, "xor"))
            rc = data_xor(&d, n < 0 ? 4 : (int)n, noise < 0 ? 0 : noise, &r);
        else
            return session_error(S, "data: unknown kind '%s' (moons, circles, spiral, xor, load, save)", kind);
        if (rc < 0)
            return session_error(S, "data %s: cannot make %ld rows", kind, n);
    }
    dataset_move(&S->data, &d);
    S->has_data = 1;
    summary(S);
    if (S->has_net) {
        if (train_use_data(S))
            print_text(S, "the network now sees this data: x is %d×%d, y holds the labels\n",
                       S->net.n_rows, S->net.n_in);
        else
            print_text(S, "the network (%d inputs, %d classes) does not fit this data: make one with 'net %d H %d'\n",
                    S->net.n_in, S->net.n_out, S->data.X.cols, S->data.n_classes < 2 ? 2 : S->data.n_classes);
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

int cmd_train(struct session *S, int argc, char **argv)
{
    struct train_args a;
    if (train_args(S, argc, argv, &a) < 0 || session_need_net(S) < 0)
        return -1;
    long epochs = a.epochs, every = a.every;
    double lr = a.lr, reg = a.reg;
    struct net *n = &S->net;
    double old_reg = n->reg;
    enum reduce old_reduce = n->reduce;
    if (reg >= 0)
        n->reg = reg;
    if (a.reduce >= 0)
        n->reduce = (enum reduce)a.reduce;
    if (!isfinite(net_loss(n))) {
        n->reg = old_reg;
        n->reduce = old_reduce;
        n->stage = STAGE_NONE;
        return session_error(S, "train: the loss is not finite with these weights");
    }
    /* record up to TRAIN_CURVE_POINTS points of the loss curve, in
     * S->curve as they come, so the window can draw it while it grows */
    long stride = epochs / TRAIN_CURVE_POINTS + 1;
    tensor curve = TENSOR_INIT;
    if (tensor_init(&curve, (int)(epochs / stride + 2), 2) < 0) {
        n->reg = old_reg;
        n->reduce = old_reduce;
        return session_error(S, "out of memory");
    }
    int cap = curve.rows;
    curve.rows = 0;
    tensor_move(&S->curve, &curve);
    double scale = trainer_scale(n);
    /* poll for Ctrl-C and the window every pass of a large net, every 16th
     * of a small one */
    double work = (double)n->n_rows * (n->n_in + n->n_out) * n->n_hidden;
    long mask = work < 1e5 ? 15 : 0;
    long i;
    int stopped = 0, diverged = 0;
    struct trainer tr;          /* the fast pass's scratch, for this command */
    trainer_init(&tr);
    for (i = 0; i < epochs; i++) {
        if (trainer_step(&tr, n, lr, scale) < 0) {
            diverged = 1;
            break;
        }
        int report = every > 0 && i % every == 0;
        int record = i % stride == 0 || i == epochs - 1;   /* at most cap points */
        if (report || record) {
            double L = net_loss(n);
            if (!isfinite(L)) {
                diverged = 1;
                break;
            }
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
                stopped = 1;
                break;
            }
        }
    }
    trainer_release(&tr);
    if (S->fe.progress_done)
        S->fe.progress_done(S->fe.ud);
    n->stage = STAGE_NONE;
    session_changed(S);
    if (diverged) {
        n->stage = STAGE_NONE;
        return session_error(S, "train: diverged at pass %ld (a value is not finite; lr %g too large?); "
                             "the weights of pass %ld are kept", i, lr, i - 1);
    }
    double L = net_loss(n);
    n->stage = STAGE_NONE;
    if (print_report(S, "train", "passes:l of:l stopped:b loss:n", stopped ? i + 1 : epochs, epochs, stopped, L))
        return 0;
    if (stopped)
        fprintf(S->out, "stopped after %ld of %ld passes (Ctrl-C); what was learned is kept\n", i + 1, epochs);
    fprintf(S->out, "trained %ld pass%s: loss %f\n", stopped ? i + 1 : epochs, epochs == 1 ? "" : "es", L);
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
    if (net_predict(n, &n->x, &p) < 0)
        return session_error(S, "accuracy: the forward pass overflows with these weights");
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
    if (net_predict(&S->net, &x, &p) < 0) {
        tensor_release(&x);
        return session_error(S, "predict: the forward pass overflows for this input");
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
