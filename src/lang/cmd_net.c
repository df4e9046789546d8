/* cmd_net: the network's commands. See cmd_net.h. */
#include "cmd_net.h"

#include <math.h>
#include <string.h>

#include "args.h"
#include "cmd_train.h"
#include "explain.h"
#include "print.h"
#include "rng.h"
#include "trainer.h"
#include "values.h"

#define FD_STEP_NET 1e-5        /* central-difference step for the parameters */

/* the caption of a stage in pretty output: "[3/11] z2 = a1·W2 + b2" */
static void stage_caption(struct session *S, int st)
{
    if (S->format != FORMAT_PRETTY)
        return;
    const char *f = stage_formula(st, S->net.act, net_formula_variant(&S->net));
    fprintf(S->out, "[%d/%d] %s\n", st, STAGE_LAST, f ? f : stage_names[st]);
}

static void show_stage(struct session *S, int st)
{
    stage_caption(S, st);
    value_show(S, stage_names[st]);
}


/* ---------------------------------------------------------------- */
/* making one                                                         */

int cmd_net(struct session *S, int argc, char **argv)
{
    static const char *const usage = "usage: net INPUTS HIDDEN CLASSES [act=tanh|sigmoid|relu] [init=SCALE]";
    long size[3];
    enum act act = ACT_TANH;
    double init = 0;            /* 0: the tutorial's randn/sqrt(fan-in) */
    int nsize = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = args_kv(argv[i], "act");
        if (a) {
            int found = -1;
            for (int k = 0; k < ACT_COUNT; k++)
                if (!strcmp(a, act_names[k]))
                    found = k;
            if (found < 0)
                return session_error(S, "net: unknown activation '%s' (tanh, sigmoid or relu)", a);
            act = (enum act)found;
            continue;
        }
        if ((a = args_kv(argv[i], "init"))) {
            if (args_double(S, "net: init", a, 0, 1e6, &init) < 0)
                return -1;
            if (!(init > 0))
                return session_error(S, "net: init is the scale of the weights, W = init·randn: it must be "
                                     "positive (got %g)", init);
            continue;
        }
        if (nsize == 3)
            return session_error(S, "%s", usage);
        static const char *const what[] = { "net: inputs", "net: hidden units", "net: classes" };
        if (args_int(S, what[nsize], argv[i], 1, NET_MAX_UNITS, &size[nsize]) < 0)
            return -1;
        nsize++;
    }
    if (nsize != 3)
        return session_error(S, "%s", usage);
    struct rng r;
    rng_seed(&r, S->seed);
    struct net n;
    int rc = net_init_until(&n, (int)size[0], (int)size[1], (int)size[2], act, &r, init, S->interrupt);
    if (rc < 0 || rc == ST_STOPPED)
        return session_status(S, "net", rc);
    /* the data set as its batch, before the net replaces the old one */
    int on_data = S->has_data ? train_use_data(S, &n, &S->data) : ST_FAILED;
    if (on_data == ST_NO_MEMORY || on_data == ST_STOPPED) {
        net_release(&n);
        return session_status(S, "net", on_data);
    }
    if (S->has_net)
        net_release(&S->net);
    S->net = n;
    S->has_net = 1;
    session_changed(S);
    session_show(S, on_data == 0 ? "data" : "flow");
    if (S->format == FORMAT_PRETTY) {
        char w1[64], w2[64], scale[48];
        if (init > 0) {
            print_repr(scale, sizeof scale, init);
            snprintf(w1, sizeof w1, "%s·randn(%ld, %ld)", scale, size[0], size[1]);
            snprintf(w2, sizeof w2, "%s·randn(%ld, %ld)", scale, size[1], size[2]);
        } else {
            snprintf(w1, sizeof w1, "randn(%ld, %ld)/√%ld", size[0], size[1], size[0]);
            snprintf(w2, sizeof w2, "randn(%ld, %ld)/√%ld", size[1], size[2], size[1]);
        }
        fprintf(S->out, "net %ld-%ld-%ld (%s): W1 = %s, W2 = %s from seed %u, zero biases; %s\n",
                size[0], size[1], size[2], act_names[act], w1, w2, (unsigned)S->seed,
                on_data == 0 ? "x and y are the data set" : "x = 0, y = class 0");
        if (on_data == ST_TOO_BIG)
            fprintf(S->out, "the data set (%d rows) is too big a batch for this network (%d×%d values in one "
                    "matrix; the limit is %zu): x is one row\n", S->data.X.rows, S->data.X.rows,
                    (int)(size[1] > size[2] ? size[1] : size[2]), (size_t)TENSOR_MAX_ELEMS);
    }
    static const char *const params[] = { "W1", "b1", "W2", "b2", NULL };
    return value_show_all(S, params);
}

int cmd_seed(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        if (!print_report(S, "seed", "seed:l", (long)S->seed))
            fprintf(S->out, "seed = %u\n", (unsigned)S->seed);
        return 0;
    }
    long v;
    if (argc > 2)
        return session_error(S, "usage: seed N");
    if (args_int(S, "seed", argv[1], 0, 4294967295L, &v) < 0)
        return -1;
    S->seed = (uint32_t)v;
    if (S->format == FORMAT_PRETTY)
        fprintf(S->out, "seed = %u\n", (unsigned)S->seed);
    return 0;
}


/* ---------------------------------------------------------------- */
/* stepping and showing                                               */

static int run_to(struct session *S, int target, const char *what)
{
    int from = S->net.stage;
    int rc = net_run_to(&S->net, (enum stage)target);
    if (rc == ST_STOPPED)
        return session_status(S, what, rc);
    if (rc < 0)
        return session_error(S, "'%s' overflows (a value is not finite): the weights or inputs are too large",
                             stage_names[S->net.stage + 1]);
    session_changed(S);
    session_show(S, "flow");
    for (int st = from + 1; st <= target; st++)
        show_stage(S, st);
    return 0;
}

int cmd_step(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0 || session_need_net(S) < 0)
        return -1;
    if (S->net.stage == STAGE_LAST)
        return session_error(S, "already at db1, the end of the backward pass: type 'back' or 'reset'");
    return run_to(S, S->net.stage + 1, "step");
}

int cmd_back(struct session *S, int argc, char **argv)
{
    /* typed during a lesson: back in the lesson */
    if (argc == 1 && S->take_back && S->take_back(S) > 0)
        return 0;
    if (args_none(S, argc, argv) < 0 || session_need_net(S) < 0)
        return -1;
    if (S->net.stage == STAGE_NONE)
        return session_error(S, "already at the start: nothing is computed yet");
    S->net.stage--;
    session_changed(S);
    session_show(S, "flow");
    if (S->net.stage == STAGE_NONE) {
        if (!print_report(S, "back", "stage:i of:i", 0, STAGE_LAST))
            fprintf(S->out, "[0/%d] at the start: nothing computed\n", STAGE_LAST);
        return 0;
    }
    show_stage(S, S->net.stage);
    return 0;
}

int cmd_forward(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0 || session_need_net(S) < 0)
        return -1;
    if (S->net.stage >= STAGE_LAST_FORWARD)
        return session_error(S, "the forward pass is done (stage: %s): type 'backward', or 'reset' to start again",
                             stage_names[S->net.stage]);
    return run_to(S, STAGE_LAST_FORWARD, "forward");
}

int cmd_backward(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0 || session_need_net(S) < 0)
        return -1;
    if (S->net.stage == STAGE_LAST)
        return session_error(S, "the backward pass is done: type 'reset' to start again");
    return run_to(S, STAGE_LAST, "backward");
}

int cmd_reset(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0 || session_need_net(S) < 0)
        return -1;
    S->net.stage = STAGE_NONE;
    session_changed(S);
    session_show(S, "flow");
    if (!print_report(S, "reset", "stage:i of:i", 0, STAGE_LAST))
        fprintf(S->out, "[0/%d] at the start: nothing computed\n", STAGE_LAST);
    return 0;
}

int cmd_show(struct session *S, int argc, char **argv)
{
    if (argc < 2)
        return session_error(S, "usage: show NAME [NAME...]");
    /* check every name first, so that nothing is half shown */
    struct value v;
    for (int i = 1; i < argc; i++)
        if (value_get(S, argv[i], &v) < 0)
            return -1;
    for (int i = 1; i < argc; i++)
        value_show(S, argv[i]);
    return 0;
}

/* status as one report: logits is the number of classes (0: none set),
 * net null when there is none (and then no fields of a net) */
static void status_json(struct session *S)
{
    int classes = S->has_logits ? S->z.cols : 0;
    const struct net *n = &S->net;
    if (!S->has_net) {
        print_report(S, "status", "logits:i net:s seed:l format:s precision:i", classes, NULL, (long)S->seed,
                     format_names[S->format], S->precision);
        return;
    }
    char shape[64];
    snprintf(shape, sizeof shape, "%d-%d-%d", n->n_in, n->n_hidden, n->n_out);
    print_report(S, "status", "logits:i net:s act:s reg:n reduce:s rows:i stage:s stage_index:i stages:i "
                 "seed:l format:s precision:i", classes, shape, act_names[n->act], n->reg,
                 reduce_names[n->reduce], n->n_rows, stage_names[n->stage], n->stage, STAGE_LAST, (long)S->seed,
                 format_names[S->format], S->precision);
}

int cmd_status(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0)
        return -1;
    if (print_json(S)) {
        status_json(S);
        return 0;
    }
    FILE *f = S->out;
    if (S->has_logits)
        fprintf(f, "logits: %d classes\n", S->z.cols);
    else
        fprintf(f, "logits: none (logits 2 1 0.1)\n");
    if (S->has_net) {
        struct net *n = &S->net;
        fprintf(f, "net: %d-%d-%d (%s), reg = %g, reduce = %s, batch of %d row%s\n", n->n_in, n->n_hidden,
                n->n_out, act_names[n->act], n->reg, reduce_names[n->reduce], n->n_rows, n->n_rows == 1 ? "" : "s");
        fprintf(f, "stage: %s (%d/%d)\n", stage_names[n->stage], n->stage, STAGE_LAST);
    } else {
        fprintf(f, "net: none (net 2 3 2)\n");
    }
    fprintf(f, "seed %u, format %s, precision %d\n", (unsigned)S->seed, format_names[S->format], S->precision);
    return 0;
}

int cmd_explain(struct session *S, int argc, char **argv)
{
    if (argc != 2)
        return session_error(S, "usage: explain NAME  or  explain NAME[i,j]");
    return explain_run(S, argv[1]);
}


/* ---------------------------------------------------------------- */
/* gradients                                                          */

static void gc_progress(double frac, void *ud)
{
    struct session *S = ud;
    if (S->fe.progress)
        S->fe.progress(S->fe.ud, frac, "gradcheck");
}

/* for a parameter that failed where relu's kink was crossed: say that
 * the loss is not differentiable there, or not across the step */
static void gc_kink(struct session *S, const struct gradcheck_row *r)
{
    char at[32];
    if (r->name[0] == 'b')
        snprintf(at, sizeof at, "%s[%d]", r->name, r->kink_j);
    else
        snprintf(at, sizeof at, "%s[%d][%d]", r->name, r->kink_i, r->kink_j);
    if (r->kink_on)
        fprintf(S->out, "%s: z1[%d][%d] = 0 is relu's kink, where the loss is not differentiable in %s (its "
                "slopes from the left and the right differ); central differences take their mean, the "
                "backward pass the slope [z1 > 0] = 0%s\n", at, r->kink_row, r->kink_j, at,
                r->kink_fails > 1 ? "; the same for other entries" : "");
    else
        fprintf(S->out, "%s: the step moves z1[%d][%d] across relu's kink at 0, where the loss is not "
                "differentiable: the central difference does not measure the slope at this point%s\n", at,
                r->kink_row, r->kink_j, r->kink_fails > 1 ? "; the same for other entries" : "");
}

int cmd_gradcheck(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0 || session_need_net(S) < 0)
        return -1;
    struct gradcheck_row rows[4];
    int rc = net_gradcheck(&S->net, FD_STEP_NET, rows, S->interrupt, gc_progress, S);
    if (S->fe.progress_done)
        S->fe.progress_done(S->fe.ud);
    if (rc == ST_NO_MEMORY)
        return session_status(S, "gradcheck", rc);
    if (rc < 0)
        return session_error(S, "gradcheck: the forward pass overflows with these weights");
    if (rc == 1)
        return session_error(S, "gradcheck stopped (interrupted); nothing was changed");
    /* the window draws each parameter's error against the threshold */
    session_check_release(S);
    S->check.kind = CHECK_GRAD;
    memcpy(S->check.rows, rows, sizeof rows);
    S->check.net_hash = session_net_hash(S);
    session_show(S, "check");
    session_changed(S);
    /* an entry passes when its error is within GRADCHECK_TOL relative
     * plus the rounding bound of its central difference (net.h) */
    double biggest = 0.0;
    int bad = 0;
    FILE *f = S->out;
    if (S->format == FORMAT_JSON) {
        fputs("{\"report\":\"gradcheck\",\"rows\":[", f);
    } else {
        fprintf(f, "gradcheck: analytic gradients vs central differences of the summed loss (h = 1e-05)\n");
        fprintf(f, "param  max abs err  max rel err   max |grad|  rounding  worst at\n");
    }
    for (int i = 0; i < 4; i++) {
        struct gradcheck_row *r = &rows[i];
        int ok = r->fails == 0;
        bad += !ok;
        if (r->max_abs_grad > biggest)
            biggest = r->max_abs_grad;
        if (S->format == FORMAT_JSON) {
            char a[48], b[48], c[48], d[48];
            print_json_number(a, r->max_abs_err);
            print_json_number(b, r->max_rel_err);
            print_json_number(c, r->max_abs_grad);
            print_json_number(d, r->noise);
            fprintf(f, "%s{\"param\":\"%s\",\"max_abs_err\":%s,\"max_rel_err\":%s,\"max_abs_grad\":%s,"
                    "\"rounding\":%s,\"worst\":[%d,%d],\"ok\":%s}", i ? "," : "", r->name, a, b, c, d,
                    r->name[0] == 'b' ? 0 : r->worst_i, r->worst_j, ok ? "true" : "false");
        } else {
            char at[32];
            if (r->name[0] == 'b')
                snprintf(at, sizeof at, "%s[%d]", r->name, r->worst_j);
            else
                snprintf(at, sizeof at, "%s[%d][%d]", r->name, r->worst_i, r->worst_j);
            fprintf(f, "%-5s  %11.2e  %11.2e  %11.4g  %8.1e  %-10s %s\n", r->name, r->max_abs_err, r->max_rel_err,
                    r->max_abs_grad, r->noise, at, ok ? "ok" : "MISMATCH");
        }
    }
    if (S->format == FORMAT_JSON) {
        /* all_zero: every gradient is 0, and the check proves nothing */
        fprintf(f, "],\"ok\":%s,\"all_zero\":%s}\n", bad ? "false" : "true", biggest < 1e-10 ? "true" : "false");
        return 0;
    }
    if (biggest < 1e-10) {
        fprintf(f, "warning: every gradient is 0, so this check proves nothing: try other weights or inputs\n");
    } else if (bad) {
        fprintf(f, "MISMATCH: %d parameter%s disagree%s with central differences\n", bad, bad == 1 ? "" : "s",
                bad == 1 ? "s" : "");
        for (int i = 0; i < 4; i++)
            if (rows[i].kink_fails)
                gc_kink(S, &rows[i]);
    } else {
        fprintf(f, "every gradient matches: each entry within 1e-05 relative, plus the rounding bound "
                "of its central difference\n");
    }
    return 0;
}

/* update's copies of what it may have to put back: the parameters, and
 * the gradients the step writes over when the stage had computed them */
struct kept {
    tensor t[8];
    tensor *of[8];
    int count;
};

static void kept_release(struct kept *k)
{
    for (int i = 0; i < 8; i++)
        tensor_release(&k->t[i]);
}

/* put everything kept back */
static void kept_restore(struct kept *k)
{
    for (int i = 0; i < k->count; i++)
        memcpy(k->of[i]->data, k->t[i].data, tensor_size(k->of[i]) * sizeof(double));
}

static int kept_init(struct kept *k, struct net *n, int grads, stop_flag *stop)
{
    *k = (struct kept){ .of = { &n->W1, &n->b1, &n->W2, &n->b2, &n->dW1, &n->db1, &n->dW2, &n->db2 } };
    for (int i = 0; i < 8; i++)
        k->t[i] = (tensor)TENSOR_INIT;
    k->count = grads ? 8 : 4;
    for (int i = 0; i < k->count; i++) {
        int rc = tensor_copy_until(&k->t[i], k->of[i], stop);
        if (rc < 0) {
            kept_release(k);
            return rc;
        }
    }
    return 0;
}

/* update's step, once the loss before it is known: 0 with the loss after
 * it, or the status of the failure with everything put back and the
 * stage as it was or (stopped after the step) none */
static int update_step(struct net *n, struct kept *k, int st, double lr, double *after)
{
    struct trainer tr;
    trainer_init(&tr);
    /* the step train takes: of the reduce mode's loss */
    int rc = trainer_step(&tr, n, lr, trainer_scale(n));
    trainer_release(&tr);
    if (rc != 0) {
        kept_restore(k);        /* the gradients it wrote over */
        n->stage = st;
        return rc;
    }
    /* the loss after it, and the stages up to where they were */
    int last = st > STAGE_LOSS ? st : STAGE_LOSS;
    rc = net_run_to(n, (enum stage)last);
    if (rc == 0 && isfinite(n->loss)) {
        *after = n->loss;
        n->stage = st;
        return 0;
    }
    kept_restore(k);
    n->stage = STAGE_NONE;
    if (rc != ST_STOPPED)
        net_run_to(n, (enum stage)st);
    return rc == ST_STOPPED ? rc : -1;
}

int cmd_update(struct session *S, int argc, char **argv)
{
    double lr = 0.01;
    for (int i = 1; i < argc; i++) {
        const char *v = args_kv(argv[i], "lr");
        if (!v)
            return session_error(S, "usage: update [lr=0.01]");
        if (args_double(S, "update: lr", v, -INFINITY, INFINITY, &lr) < 0)
            return -1;
        if (lr <= 0)
            return session_error(S, "update: lr must be positive (got %g)", lr);
    }
    if (session_need_net(S) < 0)
        return -1;
    struct net *n = &S->net;
    int st = n->stage;
    /* keep what the step changes, so that an update that overflows or is
     * stopped changes nothing */
    struct kept k;
    int rc = kept_init(&k, n, st >= STAGE_DW2, S->interrupt);
    if (rc != 0)
        return session_status(S, "update", rc);
    /* the loss before (the reduce mode's, which is shown): the forward
     * pass from the stage the net is at */
    rc = st >= STAGE_LOSS ? 0 : net_run_to(n, STAGE_LOSS);
    double before = rc == 0 ? n->loss : NAN, after = NAN;
    if (rc == 0 && isfinite(before))
        rc = update_step(n, &k, st, lr, &after);
    else
        n->stage = st;
    kept_release(&k);
    if (rc == ST_STOPPED && n->stage != st)
        return session_error(S, "update stopped (interrupted): the parameters are as they were; "
                             "the stages are to compute again (type 'forward')");
    if (rc == ST_STOPPED || rc == ST_NO_MEMORY || rc == ST_TOO_BIG)
        return session_status(S, "update", rc);
    if (rc < 0 || !isfinite(before))
        return session_error(S, "update: the step overflows (lr %g is too large?); nothing was changed", lr);
    session_changed(S);
    if (print_report(S, "update", "lr:n reduce:s loss_before:n loss_after:n", lr, reduce_names[n->reduce],
                     before, after))
        return 0;
    char a[48], b[48], c[48];
    print_number(a, sizeof a, lr, S->precision);
    print_number(b, sizeof b, before, S->precision);
    print_number(c, sizeof c, after, S->precision);
    if (n->reduce == REDUCE_MEAN)
        fprintf(S->out, "W -= %s·(the data part of dW / N + reg·W) for W1, b1, W2, b2 (reduce=mean: the mean "
                "loss's gradient): loss %s -> %s\n", a, b, c);
    else
        fprintf(S->out, "W -= %s·dW for W1, b1, W2, b2 (the summed loss's gradient): loss %s -> %s\n", a, b, c);
    return 0;
}
