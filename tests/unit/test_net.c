/* Unit tests of net.c and trainer.c: every stage of the forward and
 * backward passes against numpy (tests/ref/make_ref.py), the gradient check
 * and an independent central-difference check written here, one update
 * step, stepping back and forth, and the limits. */
#include "check.h"
#include "randnet.h"
#include "pool.h"
#include <float.h>
#include "net.h"
#include "trainer.h"
#include "softmax.h"

/* numpy's BLAS may sum in another order and our exp/tanh are within a few
 * ulp: values agree to about 1e-15 relative; 1e-12 leaves room for the
 * cancellation in small gradients (an absolute floor of 1e-14) */
#define REL 1e-12
#define ABS 1e-14

static enum act act_of(const char *file)
{
    return strstr(file, "sigmoid") ? ACT_SIGMOID : strstr(file, "relu") ? ACT_RELU : ACT_TANH;
}

/* a net with the fixture's weights and batch */
static void load_net(struct net *n, const char *file)
{
    tensor x = fixture_get(file, "x"), y = fixture_get(file, "y");
    tensor W1 = fixture_get(file, "W1"), W2 = fixture_get(file, "W2");
    tensor b1 = fixture_get(file, "b1"), b2 = fixture_get(file, "b2"), reg = fixture_get(file, "reg");
    struct rng r;
    rng_seed(&r, 0);
    assert_int_equal(net_init(n, x.cols, W1.cols, y.cols, act_of(file), &r), 0);
    assert_int_equal(net_set_batch(n, &x, &y), 0);
    tensor_copy(&n->W1, &W1);
    tensor_copy(&n->W2, &W2);
    tensor_copy(&n->b1, &b1);
    tensor_copy(&n->b2, &b2);
    n->reg = reg.data[0];
    tensor *all[] = { &x, &y, &W1, &W2, &b1, &b2, &reg };
    for (int i = 0; i < 7; i++)
        tensor_release(all[i]);
}

static void check_stage(struct net *n, const char *file, const char *name)
{
    tensor ref = fixture_get(file, name);
    assert_tensor_close(net_tensor(n, name), &ref, REL, ABS);
    tensor_release(&ref);
}

static void check_case(const char *file)
{
    struct net n;
    load_net(&n, file);
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    const char *names[] = { "z1", "a1", "z2", "a2", "delta3", "dW2", "db2", "delta2", "dW1", "db1" };
    for (int i = 0; i < 10; i++)
        check_stage(&n, file, names[i]);
    tensor ls = fixture_get(file, "loss_sum"), lm = fixture_get(file, "loss_mean");
    tensor lmm = fixture_get(file, "loss_reduce_mean");
    assert_int_equal(n.reduce, REDUCE_SUM);
    assert_close(n.loss_sum, ls.data[0], REL * fabs(ls.data[0]));
    assert_close(n.loss, lm.data[0], REL * fabs(lm.data[0]));
    /* reduce=mean shows the mean cross-entropy plus the whole L2 term; the
     * summed loss (whose gradients are shown) stays */
    n.reduce = REDUCE_MEAN;
    assert_close(net_loss(&n), lmm.data[0], REL * fabs(lmm.data[0]));
    assert_close(n.loss_sum, ls.data[0], REL * fabs(ls.data[0]));
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    check_stage(&n, file, "dW2");
    check_stage(&n, file, "dW1");
    /* its training gradients: the data part / N, reg W whole */
    struct trainer tm;
    trainer_init(&tm);
    assert_int_equal(trainer_prepare(&tm, &n), 0);
    trainer_gradients(&tm, &n, trainer_scale(&n));
    trainer_release(&tm);
    const char *mean_names[] = { "dW2_mean", "db2_mean", "dW1_mean", "db1_mean" };
    tensor *mean_of[] = { &n.dW2, &n.db2, &n.dW1, &n.db1 };
    for (int i = 0; i < 4; i++) {
        tensor ref = fixture_get(file, mean_names[i]);
        assert_tensor_close(mean_of[i], &ref, REL, ABS);
        tensor_release(&ref);
    }
    n.reduce = REDUCE_SUM;
    n.stage = STAGE_NONE;
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    assert_close(n.loss, lm.data[0], REL * fabs(lm.data[0]));
    tensor_release(&ls);
    tensor_release(&lm);
    tensor_release(&lmm);

    /* the column-major training pass gives the same gradients */
    tensor keep[4] = { TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT };
    tensor_copy(&keep[0], &n.dW1); tensor_copy(&keep[1], &n.db1);
    tensor_copy(&keep[2], &n.dW2); tensor_copy(&keep[3], &n.db2);
    /* one update step with the fixture's lr equals numpy's W - lr dW */
    tensor lr = fixture_get(file, "lr");
    struct trainer tr;
    trainer_init(&tr);
    assert_int_equal(trainer_step(&tr, &n, lr.data[0], 1.0), 0);
    trainer_release(&tr);
    assert_tensor_close(&n.dW1, &keep[0], REL, ABS);
    assert_tensor_close(&n.db1, &keep[1], REL, ABS);
    assert_tensor_close(&n.dW2, &keep[2], REL, ABS);
    assert_tensor_close(&n.db2, &keep[3], REL, ABS);
    const char *next[] = { "W1_next", "b1_next", "W2_next", "b2_next" };
    tensor *p[] = { &n.W1, &n.b1, &n.W2, &n.b2 };
    for (int i = 0; i < 4; i++) {
        tensor ref = fixture_get(file, next[i]);
        assert_tensor_close(p[i], &ref, REL, ABS);
        tensor_release(&ref);
        tensor_release(&keep[i]);
    }
    tensor_release(&lr);
    net_release(&n);
}

static void test_232_tanh(void **state) { (void)state; check_case("net_232.txt"); }
static void test_232_tanh_reg(void **state) { (void)state; check_case("net_232_reg.txt"); }
static void test_574_tanh(void **state) { (void)state; check_case("net_574.txt"); }
static void test_574_sigmoid_reg(void **state) { (void)state; check_case("net_574_sigmoid.txt"); }
static void test_574_relu(void **state) { (void)state; check_case("net_574_relu.txt"); }

/* seed 0, then net 2 3 2: the classic tutorial's initial weights, bit for bit */
static void test_tutorial_initial_weights(void **state)
{
    (void)state;
    struct rng r;
    struct net n;
    rng_seed(&r, 0);
    assert_int_equal(net_init(&n, 2, 3, 2, ACT_TANH, &r), 0);
    tensor W1 = fixture_get("random.txt", "tutorial_W1"), W2 = fixture_get("random.txt", "tutorial_W2");
    assert_tensor_close(&n.W1, &W1, 0, 0);
    assert_tensor_close(&n.W2, &W2, 0, 0);
    for (int j = 0; j < 3; j++)
        assert_true(n.b1.data[j] == 0.0);
    tensor_release(&W1);
    tensor_release(&W2);
    net_release(&n);
}

/* seed 0, then net 2 100 3 init=0.01: cs231n's W = 0.01 * np.random.randn(D, h)
 * and W2 = 0.01 * np.random.randn(h, K) after np.random.seed(0), bit for bit */
static void test_scaled_initial_weights(void **state)
{
    (void)state;
    struct rng r;
    struct net n;
    rng_seed(&r, 0);
    assert_int_equal(net_init_scaled(&n, 2, 100, 3, ACT_RELU, &r, 0.01), 0);
    tensor W1 = fixture_get("random.txt", "cs231n_W1"), W2 = fixture_get("random.txt", "cs231n_W2");
    assert_tensor_close(&n.W1, &W1, 0, 0);
    assert_tensor_close(&n.W2, &W2, 0, 0);
    for (int j = 0; j < 100; j++)
        assert_true(n.b1.data[j] == 0.0);
    assert_true(n.reg == 0.0 && n.reduce == REDUCE_SUM);
    tensor_release(&W1);
    tensor_release(&W2);
    net_release(&n);
}

/* net_gradcheck, and a central-difference check written here through
 * net_loss_sum with the weights themselves perturbed */
static void check_gradients(const char *file)
{
    struct net n;
    load_net(&n, file);
    struct gradcheck_row rows[4];
    assert_int_equal(net_gradcheck(&n, 1e-5, rows, NULL, NULL, NULL), 0);
    for (int i = 0; i < 4; i++) {
        /* relu's kink can sit within h of a unit only by bad luck; these
         * fixtures keep away from it */
        assert_true(rows[i].max_rel_err < 1e-6);
        assert_true(rows[i].max_abs_grad > 1e-3);   /* the guard: not all zero */
    }
    net_run_to(&n, STAGE_DB1);
    tensor *p[] = { &n.W1, &n.b1, &n.W2, &n.b2 };
    tensor *d[] = { &n.dW1, &n.db1, &n.dW2, &n.db2 };
    double h = 1e-5, biggest = 0;
    for (int t = 0; t < 4; t++) {
        tensor analytic = TENSOR_INIT;
        tensor_copy(&analytic, d[t]);
        for (size_t i = 0; i < tensor_size(p[t]); i++) {
            double w = p[t]->data[i];
            p[t]->data[i] = w + h;
            double lp = net_loss_sum(&n);
            p[t]->data[i] = w - h;
            double lm = net_loss_sum(&n);
            p[t]->data[i] = w;
            double num = (lp - lm) / (2 * h);
            /* truncation h^2 ~ 1e-10, rounding eps |L| / h ~ 1e-10 */
            assert_close(analytic.data[i], num, 1e-7 + 1e-6 * fabs(num));
            biggest = fmax(biggest, fabs(num));
        }
        tensor_release(&analytic);
    }
    assert_true(biggest > 1e-2);
    net_release(&n);
}

static void test_gradients_by_central_differences(void **state)
{
    (void)state;
    check_gradients("net_232.txt");
    check_gradients("net_232_reg.txt");
    check_gradients("net_574.txt");
    check_gradients("net_574_sigmoid.txt");
    check_gradients("net_574_relu.txt");
}

/* a wrong gradient is caught: the classic "missing act'(z1)" mistake,
 * dW1 = x^T (delta3 W2^T) without the (.) (1 - a1^2), fails the same
 * central-difference comparison that the right dW1 passes */
static void test_wrong_gradient_is_caught(void **state)
{
    (void)state;
    struct net n;
    load_net(&n, "net_232.txt");
    net_run_to(&n, STAGE_DB1);
    tensor back = TENSOR_INIT, wrong = TENSOR_INIT, right = TENSOR_INIT;
    tensor_init(&back, n.n_rows, n.n_hidden);
    tensor_init(&wrong, n.n_in, n.n_hidden);
    tensor_matmul(&back, &n.delta3, 0, &n.W2, 1);
    tensor_matmul(&wrong, &n.x, 1, &back, 0);
    tensor_copy(&right, &n.dW1);
    double h = 1e-5, worst_right = 0, worst_wrong = 0;
    for (size_t i = 0; i < tensor_size(&n.W1); i++) {
        double w = n.W1.data[i];
        n.W1.data[i] = w + h;
        double lp = net_loss_sum(&n);
        n.W1.data[i] = w - h;
        double lm = net_loss_sum(&n);
        n.W1.data[i] = w;
        double num = (lp - lm) / (2 * h);
        worst_right = fmax(worst_right, fabs(right.data[i] - num) / (1e-7 + 1e-6 * fabs(num)));
        worst_wrong = fmax(worst_wrong, fabs(wrong.data[i] - num) / (1e-7 + 1e-6 * fabs(num)));
    }
    /* in units of the tolerance of check_gradients: the right one within
     * it, the wrong one far outside */
    assert_true(worst_right <= 1.0);
    assert_true(worst_wrong > 1e3);
    tensor_release(&back);
    tensor_release(&wrong);
    tensor_release(&right);
    net_release(&n);
}

/* one step of gradient descent through the staged pass: every stage to
 * db1, then P -= lr dP */
static void staged_step(struct net *n, double lr)
{
    n->stage = STAGE_NONE;
    assert_int_equal(net_run_to(n, STAGE_DB1), 0);
    tensor *p[] = { &n->W1, &n->b1, &n->W2, &n->b2 };
    tensor *d[] = { &n->dW1, &n->db1, &n->dW2, &n->db2 };
    for (int t = 0; t < 4; t++)
        for (size_t i = 0; i < tensor_size(p[t]); i++)
            p[t]->data[i] -= lr * d[t]->data[i];
    n->stage = STAGE_NONE;
}

/* trainer_step(lr, 1) (the column-major pass of trainer.c) takes the
 * staged pass's step: after five steps the weights agree to REL. A trainer
 * kept over the steps and a new one for each step (as 'update' makes)
 * give the same bits. */
static void test_train_step_equals_update(void **state)
{
    (void)state;
    const char *files[] = { "net_232_reg.txt", "net_574.txt", "net_574_sigmoid.txt", "net_574_relu.txt" };
    for (int f = 0; f < 4; f++) {
        struct net a, b, c;
        load_net(&a, files[f]);
        load_net(&b, files[f]);
        load_net(&c, files[f]);
        struct trainer kept;
        trainer_init(&kept);
        for (int it = 0; it < 5; it++) {
            staged_step(&a, 0.05);
            assert_int_equal(trainer_step(&kept, &b, 0.05, 1.0), 0);
            struct trainer fresh;
            trainer_init(&fresh);
            assert_int_equal(trainer_step(&fresh, &c, 0.05, 1.0), 0);
            trainer_release(&fresh);
            assert_int_equal(b.stage, STAGE_NONE);
            assert_int_equal(c.stage, STAGE_NONE);
        }
        trainer_release(&kept);
        tensor *pa[] = { &a.W1, &a.b1, &a.W2, &a.b2 };
        tensor *pb[] = { &b.W1, &b.b1, &b.W2, &b.b2 };
        tensor *pc[] = { &c.W1, &c.b1, &c.W2, &c.b2 };
        for (int t = 0; t < 4; t++) {
            assert_tensor_close(pb[t], pa[t], REL, ABS);
            assert_tensor_close(pc[t], pb[t], 0, 0);
        }
        net_release(&a);
        net_release(&b);
        net_release(&c);
    }
}

/* a trainer holds a copy of the batch: when the net's targets or inputs
 * change (net_set_targets, net_set_batch of the same shape), or it moves
 * to another net, its next step uses the new ones, as a new trainer would */
static void test_trainer_follows_the_batch(void **state)
{
    (void)state;
    struct net n, m;
    load_net(&n, "net_574.txt");
    load_net(&m, "net_574.txt");
    struct trainer kept, fresh;
    trainer_init(&kept);
    trainer_init(&fresh);
    assert_int_equal(trainer_step(&kept, &n, 0.05, 1.0), 0);
    assert_int_equal(trainer_step(&fresh, &m, 0.05, 1.0), 0);
    for (int change = 0; change < 3; change++) {
        tensor y = TENSOR_INIT, x = TENSOR_INIT;
        assert_int_equal(tensor_copy(&y, &n.y), 0);
        assert_int_equal(tensor_copy(&x, &n.x), 0);
        for (int i = 0; i < y.rows; i++) {      /* every label moves one class on */
            double last = T_AT(&y, i, y.cols - 1);
            memmove(&T_AT(&y, i, 1), &T_AT(&y, i, 0), (size_t)(y.cols - 1) * sizeof(double));
            T_AT(&y, i, 0) = last;
        }
        x.data[0] += 1.0;
        struct net *which[2] = { &n, &m };
        for (int w = 0; w < 2; w++) {
            if (change == 0)
                assert_int_equal(net_set_targets(which[w], &y), 0);
            else if (change == 1)
                assert_int_equal(net_set_batch(which[w], &x, &which[w]->y), 0);
        }
        trainer_release(&fresh);
        trainer_init(&fresh);
        struct net *kn = change == 2 ? &m : &n;    /* at last: the kept trainer on the other net */
        assert_int_equal(trainer_step(&kept, kn, 0.05, 1.0), 0);
        assert_int_equal(trainer_step(&fresh, change == 2 ? &n : &m, 0.05, 1.0), 0);
        tensor *pn[] = { &n.W1, &n.b1, &n.W2, &n.b2 }, *pm[] = { &m.W1, &m.b1, &m.W2, &m.b2 };
        for (int t = 0; t < 4; t++)
            assert_tensor_close(pn[t], pm[t], 0, 0);
        tensor_release(&x);
        tensor_release(&y);
    }
    trainer_release(&kept);
    trainer_release(&fresh);
    net_release(&n);
    net_release(&m);
}

/* stepping back to any stage and forward again recomputes the same bits */
static void test_back_and_forth(void **state)
{
    (void)state;
    const char *names[] = { "z1", "a1", "z2", "a2", "delta3", "dW2", "db2", "delta2", "dW1", "db1" };
    struct net n;
    load_net(&n, "net_574_sigmoid.txt");
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    tensor keep[10];
    for (int i = 0; i < 10; i++) {
        keep[i] = (tensor)TENSOR_INIT;
        tensor_copy(&keep[i], net_tensor(&n, names[i]));
    }
    double loss = n.loss_sum;
    for (int back = STAGE_NONE; back < STAGE_LAST; back++) {
        assert_int_equal(net_run_to(&n, (enum stage)back), 0);
        assert_int_equal(n.stage, back);
        assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
        assert_int_equal(n.stage, STAGE_DB1);
        for (int i = 0; i < 10; i++)
            assert_tensor_close(net_tensor(&n, names[i]), &keep[i], 0, 0);
        assert_true(n.loss_sum == loss);
    }
    for (int i = 0; i < 10; i++)
        tensor_release(&keep[i]);
    net_release(&n);
}

static void test_limits_and_bad_shapes(void **state)
{
    (void)state;
    struct rng r;
    struct net n;
    rng_seed(&r, 0);
    assert_int_equal(net_init(&n, 0, 3, 2, ACT_TANH, &r), -1);
    net_release(&n);
    assert_int_equal(net_init(&n, 2, NET_MAX_UNITS + 1, 2, ACT_TANH, &r), -1);
    net_release(&n);
    assert_int_equal(net_init(&n, 2, 3, 0, ACT_TANH, &r), -1);
    net_release(&n);
    assert_int_equal(net_init(&n, NET_MAX_UNITS + 1, 3, 2, ACT_TANH, &r), -1);
    net_release(&n);
    assert_int_equal(net_init(&n, 2, -3, 2, ACT_TANH, &r), -1);
    net_release(&n);
    /* a 4096-wide hidden layer initialises and runs */
    assert_int_equal(net_init(&n, 2, NET_MAX_UNITS, 2, ACT_TANH, &r), 0);
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    assert_true(isfinite(n.loss_sum));
    net_release(&n);
    load_net(&n, "net_232.txt");
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    tensor_init(&x, 3, 5);
    tensor_init(&y, 3, 2);
    net_run_to(&n, STAGE_Z2);
    tensor x0 = TENSOR_INIT, z2 = TENSOR_INIT;
    tensor_copy(&x0, &n.x);
    tensor_copy(&z2, &n.z2);
    assert_int_equal(net_set_batch(&n, &x, &y), -1);     /* 5 inputs, not 2 */
    tensor_release(&y);
    tensor_init(&y, 3, 3);
    tensor_release(&x);
    tensor_init(&x, 3, 2);
    assert_int_equal(net_set_batch(&n, &x, &y), -1);     /* 3 classes, not 2 */
    tensor_init(&y, 2, 2);
    assert_int_equal(net_set_batch(&n, &x, &y), -1);     /* 2 rows of y, 3 of x */
    assert_int_equal(n.n_rows, 4);
    assert_int_equal(n.stage, STAGE_Z2);
    assert_tensor_close(&n.x, &x0, 0, 0);
    assert_tensor_close(&n.z2, &z2, 0, 0);
    assert_int_equal(net_set_targets(&n, &y), -1);       /* 2 rows, not 4 */
    assert_int_equal(n.stage, STAGE_Z2);
    tensor_release(&x0);
    tensor_release(&z2);
    /* weights of 1e300 overflow: the stage stops before z1 */
    for (size_t i = 0; i < tensor_size(&n.W1); i++)
        n.W1.data[i] = 1e300;
    n.x.data[0] = 1e300;
    n.stage = STAGE_NONE;
    assert_int_equal(net_run_to(&n, STAGE_LOSS), -1);
    assert_int_equal(n.stage, STAGE_NONE);
    /* training: tanh saturates (a1 = 1), but logits of 3e308 overflow and
     * the step refuses, leaving the weights as they were */
    for (size_t i = 0; i < tensor_size(&n.W2); i++)
        n.W2.data[i] = 1e308;
    double w = n.W2.data[0];
    struct trainer tr;
    trainer_init(&tr);
    assert_int_equal(trainer_step(&tr, &n, 0.1, 1.0), -1);
    trainer_release(&tr);
    assert_true(n.W2.data[0] == w);
    tensor_release(&x);
    tensor_release(&y);
    net_release(&n);
}

/* The column-major pass (trainer.c) against the staged one on random nets
 * of many shapes: N on either side of the 16 lanes of its sums (1, 15, 16,
 * 17, 203, ...), layers of width 1 and wider ones, every activation, with
 * random biases and L2. The gradients agree to REL (the sums over the
 * examples are taken in another order), and are not trivially zero. */
static void check_trainer_shape(int D, int H, int K, int N, enum act act, uint32_t seed)
{
    struct net n;
    random_net(&n, D, H, K, N, act, seed);
    n.reg = 0.01;

    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    tensor *d[] = { &n.dW1, &n.db1, &n.dW2, &n.db2 };
    tensor staged[4] = { TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT };
    for (int t = 0; t < 4; t++)
        assert_int_equal(tensor_copy(&staged[t], d[t]), 0);
    struct trainer tr;
    trainer_init(&tr);
    assert_int_equal(trainer_prepare(&tr, &n), 0);
    trainer_gradients(&tr, &n, 1.0);
    double biggest = 0;
    for (int t = 0; t < 4; t++) {
        assert_tensor_close(d[t], &staged[t], REL, ABS);
        for (size_t i = 0; i < tensor_size(d[t]); i++)
            biggest = fmax(biggest, fabs(d[t]->data[i]));
    }
    assert_true(biggest > 1e-3);
    /* reduce=mean: the staged gradient's data part (dW - reg W, db) over
     * N, plus reg W whole */
    n.reduce = REDUCE_MEAN;
    trainer_gradients(&tr, &n, trainer_scale(&n));
    trainer_release(&tr);
    const tensor *W[] = { &n.W1, NULL, &n.W2, NULL };
    for (int t = 0; t < 4; t++) {
        for (size_t i = 0; i < tensor_size(d[t]); i++) {
            double wr = W[t] ? n.reg * W[t]->data[i] : 0.0;
            staged[t].data[i] = (staged[t].data[i] - wr) / N + wr;
        }
        assert_tensor_close(d[t], &staged[t], REL, ABS);
        tensor_release(&staged[t]);
    }
    net_release(&n);
}

static void test_trainer_matches_staged(void **state)
{
    (void)state;
    int shapes[][4] = {     /* D, H, K, N */
        { 1, 1, 2, 1 }, { 2, 3, 2, 15 }, { 2, 3, 2, 16 }, { 2, 3, 2, 17 }, { 2, 3, 2, 200 },
        { 2, 3, 2, 203 }, { 3, 5, 4, 33 }, { 4, 1, 3, 7 }, { 1, 6, 5, 64 }, { 7, 9, 2, 100 },
        { 5, 40, 3, 31 }, { 2, 2, 9, 48 },
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int act = 0; act < ACT_COUNT; act++)
            check_trainer_shape(shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], (enum act)act,
                                (uint32_t)(10 * s + (size_t)act));
}

/* the trainer's two ways, narrow (a unit at a time) and wide (the blocked
 * products, the examples stored lane by lane), give the same bits: every
 * gradient compared with memcmp, for N on either side of the 16 lanes
 * (fewer examples than lanes: empty lanes), products cut at the tiles'
 * edges, dW in several bands (H = 2048: 16 rows of dW1 a band), every
 * activation, L2 on, the summed and the mean loss, and after three steps
 * the weights too; the wide way on two threads (its products split) */
static void check_ways_same_bits(int D, int H, int K, int N, enum act act, uint32_t seed)
{
    struct net n[2];
    struct trainer tr[2];
    int threads = pool_threads(1);
    for (int w = 0; w < 2; w++) {
        pool_threads(w ? 2 : 1);
        random_net(&n[w], D, H, K, N, act, seed);
        n[w].reg = 0.01;
        trainer_init(&tr[w]);
        tr[w].way = w ? TRAINER_WIDE : TRAINER_NARROW;
        assert_int_equal(trainer_prepare(&tr[w], &n[w]), 0);
        assert_int_equal(tr[w].wide, w);
        assert_int_equal(trainer_gradients(&tr[w], &n[w], 1.0), 0);
    }
    for (int step = 0; step < 4; step++) {
        tensor *a[] = { &n[0].dW1, &n[0].db1, &n[0].dW2, &n[0].db2, &n[0].W1, &n[0].W2 };
        tensor *b[] = { &n[1].dW1, &n[1].db1, &n[1].dW2, &n[1].db2, &n[1].W1, &n[1].W2 };
        for (int t = 0; t < 6; t++)
            for (size_t i = 0; i < tensor_size(a[t]); i++)
                if (memcmp(&a[t]->data[i], &b[t]->data[i], sizeof(double)) != 0)
                    fail_msg("%d-%d-%d, N = %d, act %d, step %d: tensor %d [%zu] narrow %.17g wide %.17g", D, H,
                             K, N, (int)act, step, t, i, a[t]->data[i], b[t]->data[i]);
        for (int w = 0; w < 2 && step < 3; w++) {
            pool_threads(w ? 2 : 1);
            n[w].reduce = REDUCE_MEAN;
            assert_int_equal(trainer_step(&tr[w], &n[w], 0.5, trainer_scale(&n[w])), 0);
        }
    }
    pool_threads(threads);
    for (int w = 0; w < 2; w++) {
        trainer_release(&tr[w]);
        net_release(&n[w]);
    }
}

static void test_trainer_ways_same_bits(void **state)
{
    (void)state;
    int shapes[][4] = {     /* D, H, K, N */
        { 1, 1, 2, 1 }, { 2, 3, 2, 15 }, { 2, 3, 2, 203 }, { 3, 17, 4, 16 }, { 9, 20, 3, 33 },
        { 33, 40, 10, 100 }, { 64, 64, 2, 257 }, { 40, 2048, 3, 21 }, { 130, 9, 11, 5 },
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int act = 0; act < ACT_COUNT; act++)
            check_ways_same_bits(shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], (enum act)act,
                                 (uint32_t)(7 * s + (size_t)act));
}

/* a probability far below DBL_MIN: net 2-1-2, x = [1, 0], a1 = tanh(w1),
 * logits +-w2 a1, so a2[1] = exp(-2 w2 a1) exactly (1 + a2[1] rounds to 1).
 * Both passes exp their logits in place; a2[1] once came out as exp(-708)
 * = 3.3e-308 instead of 0 or a subnormal. The staged pass shows a2, the
 * column-major one db2[1] = a2[1] - 0 (one example of class 0). */
static void test_softmax_tail_in_place(void **state)
{
    (void)state;
    double cases[][2] = { { 1, 500 }, { 3, 370 } };     /* w1, w2: exp(-761.6) = 0, exp(-736.3) subnormal */
    for (int c = 0; c < 2; c++) {
        struct rng r;
        struct net n;
        rng_seed(&r, 0);
        assert_int_equal(net_init(&n, 2, 1, 2, ACT_TANH, &r), 0);
        tensor x = TENSOR_INIT, y = TENSOR_INIT;
        tensor_init(&x, 1, 2);
        tensor_init(&y, 1, 2);
        x.data[0] = 1.0;
        y.data[0] = 1.0;
        assert_int_equal(net_set_batch(&n, &x, &y), 0);
        n.W1.data[0] = cases[c][0];
        n.W1.data[1] = 0.0;
        n.W2.data[0] = cases[c][1];
        n.W2.data[1] = -cases[c][1];
        assert_int_equal(net_run_to(&n, STAGE_A2), 0);
        double want = exp(T_AT(&n.z2, 0, 1) - T_AT(&n.z2, 0, 0));
        assert_true(want < DBL_MIN);
        assert_close(T_AT(&n.a2, 0, 0), 1.0, 0);
        assert_close(T_AT(&n.a2, 0, 1), want, 0);
        struct trainer tr;
        trainer_init(&tr);
        assert_int_equal(trainer_prepare(&tr, &n), 0);
        trainer_gradients(&tr, &n, 1.0);
        trainer_release(&tr);
        assert_close(n.db2.data[1], want, 0);
        tensor_release(&x);
        tensor_release(&y);
        net_release(&n);
    }
}

/* net_predict is the staged pass's forward stages: its probabilities are
 * the staged a2, bit for bit, for every activation and shapes that take
 * both the small and the blocked matrix products */
static void test_predict_matches_forward(void **state)
{
    (void)state;
    int shapes[][4] = {     /* D, H, K, N */
        { 2, 3, 2, 1 }, { 2, 3, 2, 200 }, { 1, 1, 2, 7 }, { 5, 40, 3, 31 }, { 30, 64, 10, 100 },
        { 3, 17, 9, 33 },
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int act = 0; act < ACT_COUNT; act++) {
            struct net n;
            random_net(&n, shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], (enum act)act,
                       (uint32_t)(100 + 10 * s + (size_t)act));
            assert_int_equal(net_run_to(&n, STAGE_A2), 0);
            tensor p = TENSOR_INIT;
            assert_int_equal(net_predict(&n, &n.x, &p), 0);
            assert_int_equal(n.stage, STAGE_A2);
            assert_true(tensor_same_shape(&p, &n.a2));
            assert_memory_equal(p.data, n.a2.data, tensor_size(&p) * sizeof *p.data);
            tensor_release(&p);
            net_release(&n);
        }
}

/* The gradient check's numbers, bit for bit: its loss with one parameter
 * moved by +-h is recomputed only where the move reaches (gradcheck.c),
 * through the table's reference f (libm), row by row, the two losses of
 * a row subtracted before the rows are summed. Written out here the long
 * way, one parameter at a time, for a tanh net with reg and a relu net. */
static double moved_row(const struct net *n, int which, int i, int j, int r, double dz)
{
    double (*f)(double) = act_table[n->act].ref;
    int K = n->n_out;
    double zrow[16];
    memcpy(zrow, &T_AT(&n->z2, r, 0), (size_t)K * sizeof *zrow);
    if (which <= 1) {       /* W1[i][j] or b1[j]: hidden unit j */
        double z = T_AT(&n->z1, r, j) + (which == 0 ? dz * T_AT(&n->x, r, i) : dz);
        double da = f(z) - T_AT(&n->a1, r, j);
        for (int k = 0; k < K; k++)
            zrow[k] += da * T_AT(&n->W2, j, k);
    } else {                /* W2[i][j] or b2[j]: class j */
        zrow[j] += which == 2 ? dz * T_AT(&n->a1, r, i) : dz;
    }
    return cross_entropy(zrow, &T_AT(&n->y, r, 0), K);
}

static double moved_diff(const struct net *n, int which, int i, int j, double h)
{
    double sum = 0.0;
    for (int r = 0; r < n->n_rows; r++)
        sum += moved_row(n, which, i, j, r, h) - moved_row(n, which, i, j, r, -h);
    return sum;
}

/* takes the net over, and releases it */
static void check_gradcheck_bits(struct net *np)
{
    struct net n = *np;
    struct gradcheck_row rows[4];
    double h = 1e-5;
    assert_int_equal(net_gradcheck(&n, h, rows, NULL, NULL, NULL), 0);
    assert_int_equal(n.stage, STAGE_NONE);
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    const tensor *P[4] = { &n.W1, &n.b1, &n.W2, &n.b2 }, *G[4] = { &n.dW1, &n.db1, &n.dW2, &n.db2 };
    for (int w = 0; w < 4; w++) {
        double abs_max = 0, rel_max = 0, grad_max = 0;
        for (int i = 0; i < P[w]->rows; i++)
            for (int j = 0; j < P[w]->cols; j++) {
                /* the L2 term's central difference is reg w, exactly */
                double num = moved_diff(&n, w, i, j, h) / (2.0 * h);
                if (w == 0 || w == 2)
                    num += n.reg * T_AT(P[w], i, j);
                double an = T_AT(G[w], i, j), err = fabs(an - num);
                double rel = err / fmax(fmax(fabs(an), fabs(num)), 1e-7);
                abs_max = fmax(abs_max, err);
                grad_max = fmax(grad_max, fabs(num));
                rel_max = fmax(rel_max, rel);
            }
        assert_true(rows[w].max_abs_err == abs_max);
        assert_true(rows[w].max_rel_err == rel_max);
        assert_true(rows[w].max_abs_grad == grad_max);
        assert_int_equal(rows[w].checked, (int)tensor_size(P[w]));
        assert_int_equal(rows[w].fails, 0);
        assert_true(grad_max > 1e-2);
    }
    net_release(&n);
}

static void test_gradcheck_numbers(void **state)
{
    (void)state;
    const char *files[] = { "net_232_reg.txt", "net_574_relu.txt", "net_574_sigmoid.txt" };
    struct net n;
    for (int f = 0; f < 3; f++) {
        load_net(&n, files[f]);
        check_gradcheck_bits(&n);
    }
    /* more rows, so that every way of computing f shows its last bits */
    for (int act = 0; act < ACT_COUNT; act++) {
        random_net(&n, 3, 6, 4, 60, (enum act)act, (uint32_t)(7 + act));
        n.reg = 0.01;
        check_gradcheck_bits(&n);
    }
}

/* ---------------------------------------------------------------- */
/* one entry changed: only what it reaches computed again (net_rerun)  */

static const char *const rerun_inputs[] = { "x", "y", "W1", "b1", "W2", "b2" };
static const char *const rerun_stages[] = { "z1", "a1", "z2", "a2", "loss", "delta3", "dW2", "db2", "delta2",
                                            "dW1", "db1" };

/* the values of stage st (1..STAGE_DB1) as bytes: its matrix, or the
 * two losses */
static void stage_bytes(struct net *n, int st, const void **p, size_t *len)
{
    const tensor *t = net_tensor(n, rerun_stages[st - 1]);
    *p = t ? (const void *)t->data : (const void *)&n->loss_sum;
    *len = t ? tensor_size(t) * sizeof(double) : 2 * sizeof(double);
}

/* entry (row, col) of input `in` of n changed as the test changes it: a
 * weight, bias or input moved by 0.75, a row of y to the next class */
static void change_entry(struct net *n, int in, int row, int col)
{
    tensor *t = net_tensor(n, rerun_inputs[in]);
    if (in != 1) {
        T_AT(t, row, col) += 0.75;
        return;
    }
    int K = t->cols, was = 0;
    for (int k = 0; k < K; k++)
        if (T_AT(t, row, k) == 1.0)
            was = k;
    for (int k = 0; k < K; k++)
        T_AT(t, row, k) = k == (was + 1) % K ? 1.0 : 0.0;
}

/* the values each stage computes again after a change of input in (net.h,
 * written out here from the formulas): a row of z1 ... a2, delta3 and
 * delta2 for x[r] and y[r]; a column of z1 and a1 for W1 and b1, of z2
 * for W2 and b2, none before; the rest whole */
static size_t rerun_expected(const struct net *n, int in, int st)
{
    size_t N = (size_t)n->n_rows, D = (size_t)n->n_in, H = (size_t)n->n_hidden, K = (size_t)n->n_out;
    const size_t whole[STAGE_COUNT] = { 0, N * H, N * H, N * K, N * K, 1, N * K, H * K, K, N * H, D * H, H };
    const size_t row[STAGE_COUNT] = { 0, H, H, K, K, 1, K, H * K, K, H, D * H, H };
    if (in == 0 || (in == 1 && st > STAGE_A2))
        return row[st];
    if (in == 1)
        return 0;
    if (in <= 3 && st <= STAGE_A1)
        return N;
    if (in >= 4 && st <= STAGE_A1)
        return 0;
    if (in >= 4 && st == STAGE_Z2)
        return N;
    return whole[st];
}

/* a net of that shape stepped to stage `to`, entry (row, col) of input
 * in changed and net_rerun: every stage has the bits of the whole pass
 * run from none on a second net with the same values; only the parts the
 * entry reaches were computed again; each of those changed (so a stage
 * skipped wrongly would show) */
static void check_rerun_at(int D, int H, int K, int N, enum act act, int to, int in, uint32_t seed, int row,
                           int col, int strict)
{
    struct net a, b;
    random_net(&a, D, H, K, N, act, seed);
    random_net(&b, D, H, K, N, act, seed);
    a.reg = b.reg = 0.01;
    a.reduce = b.reduce = seed % 2 ? REDUCE_MEAN : REDUCE_SUM;
    assert_int_equal(net_run_to(&a, (enum stage)to), 0);
    void *before[STAGE_COUNT];
    for (int st = 1; st <= to; st++) {
        const void *p;
        size_t len;
        stage_bytes(&a, st, &p, &len);
        before[st] = malloc(len);
        memcpy(before[st], p, len);
    }
    unsigned long long was[STAGE_COUNT], batch = a.batch_id;
    memcpy(was, a.computed, sizeof was);
    change_entry(&a, in, row, col);
    change_entry(&b, in, row, col);
    assert_int_equal(net_rerun(&a, rerun_inputs[in], row, col), 0);
    assert_int_equal(a.stage, to);
    assert_true((a.batch_id != batch) == (in <= 1));
    assert_int_equal(net_run_to(&b, (enum stage)to), 0);
    for (int st = 1; st < STAGE_COUNT; st++) {
        size_t want = st <= to ? rerun_expected(&a, in, st) : 0;
        if (a.computed[st] - was[st] != want)
            fail_msg("%s[%d][%d] changed at stage %s: %s computed %llu values again, not %zu", rerun_inputs[in], row,
                     col, rerun_stages[to - 1], rerun_stages[st - 1], a.computed[st] - was[st], want);
        if (st > to)
            continue;
        const void *pa, *pb;
        size_t len;
        stage_bytes(&a, st, &pa, &len);
        stage_bytes(&b, st, &pb, &len);
        if (memcmp(pa, pb, len) != 0)
            fail_msg("%s[%d][%d] changed at stage %s (%s, %dx%dx%d, N %d): %s differs from the whole pass",
                     rerun_inputs[in], row, col, rerun_stages[to - 1], act_names[act], D, H, K, N,
                     rerun_stages[st - 1]);
        /* (relu may keep a row of a1 at zeros) */
        if (strict && want > 0 && act != ACT_RELU && memcmp(pa, before[st], len) == 0)
            fail_msg("%s[%d][%d]: %s did not change", rerun_inputs[in], row, col, rerun_stages[st - 1]);
        free(before[st]);
    }
    net_release(&a);
    net_release(&b);
}

/* check_rerun_at an entry picked by the seed, each stage that the entry
 * reaches seen to change */
static void check_rerun(int D, int H, int K, int N, enum act act, int to, int in, uint32_t seed)
{
    int rows = in <= 1 ? N : in == 2 ? D : in == 4 ? H : 1, cols = in == 0 ? D : in == 2 || in == 3 ? H : K;
    check_rerun_at(D, H, K, N, act, to, in, seed, (int)(seed % (uint32_t)rows), (int)(seed / 7 % (uint32_t)cols),
                   1);
}

/* every input, every stage to stop at, every activation; shapes whose
 * products take the kernels (wide, and a batch narrower and wider than a
 * tile) and the tutorial's tiny one */
static void test_rerun_same_bits(void **state)
{
    (void)state;
    const int shapes[][4] = { { 2, 3, 2, 3 }, { 40, 48, 36, 4 }, { 33, 20, 70, 9 }, { 17, 40, 12, 1 } };
    uint32_t seed = 1;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int act = 0; act < ACT_COUNT; act++)
            for (int in = 0; in < 6; in++)
                for (int to = STAGE_Z1; to <= STAGE_DB1; to++) {
                    /* a change of y reaches nothing before the loss */
                    if (in == 1 && to <= STAGE_A2)
                        continue;
                    /* nor one of W2 or b2 before z2 */
                    if (in >= 4 && to <= STAGE_A1)
                        continue;
                    check_rerun(shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], (enum act)act, to, in,
                                seed++);
                }
}

/* the corners: the first and last row and column of every input, on
 * shapes with a side of 1 (one input, one hidden unit, one class, one
 * row: some stages then do not change at all) and a batch of three bands
 * of rows (the whole pass in bands, the changed row alone), each stage
 * to stop at, every activation, on one thread and on two (the whole pass
 * shared, the row or column here) */
static void test_rerun_corners(void **state)
{
    (void)state;
    const int shapes[][4] = { { 1, 1, 1, 1 }, { 1, 5, 3, 1 }, { 4, 1, 3, 7 }, { 3, 6, 1, 5 }, { 5, 7, 4, 130 },
                              { 20, 64, 12, 260 } };
    int was = pool_threads(1);
    uint32_t seed = 100;
    for (int threads = 1; threads <= 2; threads++)
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            for (int in = 0; in < 6; in++) {
                int D = shapes[s][0], H = shapes[s][1], K = shapes[s][2], N = shapes[s][3];
                int rows = in <= 1 ? N : in == 2 ? D : in == 4 ? H : 1;
                int cols = in == 0 ? D : in == 2 || in == 3 ? H : K;
                for (int corner = 0; corner < 4; corner++)
                    for (int act = 0; act < ACT_COUNT; act++)
                        for (int to = STAGE_Z1; to <= STAGE_DB1; to++) {
                            if ((in == 1 && to <= STAGE_A2) || (in >= 4 && to <= STAGE_A1))
                                continue;
                            pool_threads(threads);
                            check_rerun_at(D, H, K, N, (enum act)act, to, in, seed++, corner & 1 ? rows - 1 : 0,
                                           corner & 2 ? cols - 1 : 0, 0);
                        }
            }
    pool_threads(was);
}

/* a change that reaches nothing computed yet computes nothing; another
 * name, or an entry out of range, computes every stage again; a change
 * that overflows leaves the stage where the whole pass leaves it: at the
 * last finite one */
static void test_rerun_edges(void **state)
{
    (void)state;
    struct net n;
    random_net(&n, 3, 4, 2, 5, ACT_TANH, 3);
    assert_int_equal(net_run_to(&n, STAGE_A1), 0);
    unsigned long long was[STAGE_COUNT];
    memcpy(was, n.computed, sizeof was);
    T_AT(&n.W2, 1, 1) = 9.0;
    assert_int_equal(net_rerun(&n, "W2", 1, 1), 0);
    assert_memory_equal(was, n.computed, sizeof was);
    assert_int_equal(n.stage, STAGE_A1);
    assert_int_equal(net_rerun(&n, "W1", 0, 4), 0);         /* column 4 of 4: all */
    assert_int_equal(n.computed[STAGE_Z1] - was[STAGE_Z1], 5 * 4);
    assert_int_equal(net_rerun(&n, NULL, 0, 0), 0);
    assert_int_equal(n.computed[STAGE_A1] - was[STAGE_A1], 2 * 5 * 4);
    assert_int_equal(net_rerun(&n, "x", 5, 0), 0);          /* row 5 of 5: all */
    assert_int_equal(n.computed[STAGE_A1] - was[STAGE_A1], 3 * 5 * 4);
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    T_AT(&n.W2, 2, 0) = 1e308;
    assert_int_equal(net_rerun(&n, "W2", 2, 0), -1);
    int stage = n.stage;
    assert_true(stage >= STAGE_A1 && stage < STAGE_DB1);
    n.stage = STAGE_NONE;
    assert_int_equal(net_run_to(&n, STAGE_DB1), -1);
    assert_int_equal(n.stage, stage);
    net_release(&n);
}

/* trainer_two_cycle: back and forth between two values, and nothing else */
static void test_two_cycle(void **state)
{
    (void)state;
    const double cycle[4] = { 0.070758, 0.071316, 0.070758, 0.071316 };
    const double damped[4] = { 0.0700, 0.0720, 0.0701, 0.0719 };       /* drift 1e-4 of a 2e-3 step: 5% */
    const double nearly[4] = { 0.07000, 0.07200, 0.070001, 0.071999 };  /* 1e-6 of 2e-3 */
    const double falling[4] = { 0.0710, 0.0709, 0.0708, 0.0707 };
    const double settled[4] = { 0.07, 0.07, 0.07, 0.07 };
    const double zigzag_down[4] = { 0.0720, 0.0721, 0.0700, 0.0701 };  /* alternates, but falls */
    const double with_nan[4] = { 0.07, NAN, 0.07, 0.0713 };
    assert_true(trainer_two_cycle(cycle));
    assert_true(trainer_two_cycle(nearly));
    assert_false(trainer_two_cycle(damped));
    assert_false(trainer_two_cycle(falling));
    assert_false(trainer_two_cycle(settled));
    assert_false(trainer_two_cycle(zigzag_down));
    assert_false(trainer_two_cycle(with_nan));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_232_tanh),
        cmocka_unit_test(test_232_tanh_reg),
        cmocka_unit_test(test_574_tanh),
        cmocka_unit_test(test_574_sigmoid_reg),
        cmocka_unit_test(test_574_relu),
        cmocka_unit_test(test_tutorial_initial_weights),
        cmocka_unit_test(test_scaled_initial_weights),
        cmocka_unit_test(test_gradients_by_central_differences),
        cmocka_unit_test(test_wrong_gradient_is_caught),
        cmocka_unit_test(test_train_step_equals_update),
        cmocka_unit_test(test_back_and_forth),
        cmocka_unit_test(test_limits_and_bad_shapes),
        cmocka_unit_test(test_predict_matches_forward),
        cmocka_unit_test(test_gradcheck_numbers),
        cmocka_unit_test(test_softmax_tail_in_place),
        cmocka_unit_test(test_trainer_matches_staged),
        cmocka_unit_test(test_trainer_ways_same_bits),
        cmocka_unit_test(test_trainer_follows_the_batch),
        cmocka_unit_test(test_two_cycle),
        cmocka_unit_test(test_rerun_same_bits),
        cmocka_unit_test(test_rerun_corners),
        cmocka_unit_test(test_rerun_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
