/* Unit tests of gradcheck.c: each entry judged against its rounding bound
 * (no false MISMATCH for large logits, and a wrong gradient still caught),
 * and relu's kink named when a step crosses it. */
#include "check.h"
#include "net.h"
#include "rng.h"

/* a 1-1-2 net: x = 1, class 0, W1 = w1, W2 = [w2a, w2b], b2 = [b2a, 0] */
static void tiny_net(struct net *n, enum act act, double w1, double w2a, double w2b, double b2a)
{
    struct rng r;
    rng_seed(&r, 0);
    assert_int_equal(net_init(n, 1, 1, 2, act, &r), 0);
    n->x.data[0] = 1.0;
    n->W1.data[0] = w1;
    n->W2.data[0] = w2a;
    n->W2.data[1] = w2b;
    n->b2.data[0] = b2a;
}

static int fails(const struct gradcheck_row rows[4])
{
    return rows[0].fails + rows[1].fails + rows[2].fails + rows[3].fails;
}

/* logits near 7.6e6: the moved logit z2 + h a1 rounds to a step 1e-4
 * off, and the loss's rounding over 2h is 1e-5 of the gradient; the old
 * rule (1e-5 relative, or 1e-9 |loss| absolute) called it a MISMATCH. The
 * rounding bound of each entry covers it, and stays far below the
 * gradients at ordinary logits. */
static void test_large_logits_within_rounding(void **state)
{
    (void)state;
    struct net n;
    struct gradcheck_row rows[4];
    double scales[] = { 1, 1e3, 1e6, 1e7 };
    for (int s = 0; s < 4; s++) {
        tiny_net(&n, ACT_TANH, 1.0, scales[s], scales[s], 0.0);
        assert_int_equal(net_gradcheck(&n, 1e-5, rows, NULL, NULL, NULL), 0);
        assert_int_equal(fails(rows), 0);
        assert_true(rows[2].max_abs_grad > 0.3);
        if (s == 0)
            for (int i = 0; i < 4; i++)
                assert_true(rows[i].noise < 1e-9);
        net_release(&n);
    }
}

/* targets set past the check of net_targets_bad_row (a row summing to
 * 2): delta3 = a2 - y is then not the gradient, and every parameter's
 * entries fail, with the rounding bound far below the errors */
static void test_wrong_gradient_still_caught(void **state)
{
    (void)state;
    struct net n;
    struct gradcheck_row rows[4];
    tiny_net(&n, ACT_TANH, 0.7, 0.5, -0.3, 0.1);
    n.W2.data[0] = 1e6;             /* large logits: a large rounding bound */
    n.W2.data[1] = 1e6 - 1.0;
    n.y.data[1] = 1.0;
    assert_int_equal(net_gradcheck(&n, 1e-5, rows, NULL, NULL, NULL), 0);
    for (int i = 2; i < 4; i++) {
        assert_true(rows[i].fails > 0);
        assert_true(rows[i].worst_ratio > 10);
    }
    net_release(&n);
}

/* relu: z1 = 0 exactly is the kink, where the loss is not
 * differentiable in b1 and W1; z1 = 1e-6 is within the step h = 1e-5 of
 * it. Both fail, and the rows say where and which; away from the kink
 * nothing fails and nothing is said. */
static void test_relu_kink_named(void **state)
{
    (void)state;
    struct net n;
    struct gradcheck_row rows[4];
    double at[] = { 0.0, 1e-6, -4e-6, 0.5 };
    for (int c = 0; c < 4; c++) {
        tiny_net(&n, ACT_RELU, at[c], 1.0, -1.0, 0.0);
        assert_int_equal(net_gradcheck(&n, 1e-5, rows, NULL, NULL, NULL), 0);
        for (int i = 0; i < 2; i++) {
            if (c == 3) {
                assert_int_equal(rows[i].fails, 0);
                assert_int_equal(rows[i].kink_fails, 0);
                continue;
            }
            assert_int_equal(rows[i].fails, 1);
            assert_int_equal(rows[i].kink_fails, 1);
            assert_int_equal(rows[i].kink_row, 0);
            assert_int_equal(rows[i].kink_j, 0);
            assert_int_equal(rows[i].kink_on, c == 0);
        }
        /* W2 and b2 do not move z1: smooth */
        assert_int_equal(rows[2].fails + rows[3].fails, 0);
        assert_int_equal(rows[2].kink_fails + rows[3].kink_fails, 0);
        net_release(&n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_large_logits_within_rounding),
        cmocka_unit_test(test_wrong_gradient_still_caught),
        cmocka_unit_test(test_relu_kink_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
