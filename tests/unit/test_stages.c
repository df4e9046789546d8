/* Unit tests of stages.c, the one table of stages and activations: names
 * and ids agree, the REPL, help and the window show the table's formulas
 * for every stage, activation and reg, the shapes are the net's, and each
 * activation's f' is the slope of its f (central differences). */
#include "check.h"
#include <float.h>
#include "command.h"
#include "net.h"
#include "scene.h"
#include "session.h"
#include "values.h"

/* every stage's name leads back to its id, through the table and the net */
static void test_names_map_to_ids(void **state)
{
    (void)state;
    for (int st = STAGE_Z1; st < STAGE_COUNT; st++) {
        assert_int_equal(stage_of_name(stage_names[st]), st);
        assert_int_equal(net_stage_of(stage_names[st]), st);
        assert_non_null(stage_table[st].words);
        assert_non_null(stage_table[st].formula);
    }
    assert_int_equal(stage_of_name("none"), -1);
    assert_int_equal(stage_of_name("W1"), -1);
    assert_int_equal(stage_of_name("z3"), -1);
    assert_int_equal(net_stage_of("W1"), STAGE_NONE);
    assert_int_equal(net_stage_of("x"), STAGE_NONE);
    assert_int_equal(net_stage_of("nothing"), -1);
    assert_null(stage_formula(STAGE_NONE, ACT_TANH, 0));
    assert_null(stage_formula(STAGE_COUNT, ACT_TANH, 0));
    assert_null(stage_formula(STAGE_Z1, ACT_COUNT, 0));
    assert_null(stage_formula(STAGE_Z1, -1, 0));
}

/* the formulas name their value first, expand every placeholder, and
 * differ with reg exactly where the L2 term enters: loss, dW2, dW1; the
 * mode reduce=mean changes only the loss with reg (its L2 term is then
 * not divided by N) */
static void test_formulas(void **state)
{
    (void)state;
    for (int st = STAGE_Z1; st < STAGE_COUNT; st++)
        for (int act = 0; act < ACT_COUNT; act++) {
            const char *f = stage_formula(st, act, 0), *fr = stage_formula(st, act, 1);
            char head[32];
            snprintf(head, sizeof head, "%s = ", stage_names[st]);
            assert_int_equal(strncmp(f, head, strlen(head)), 0);
            assert_null(strchr(f, '{'));
            assert_null(strchr(fr, '{'));
            int with_reg = st == STAGE_LOSS || st == STAGE_DW2 || st == STAGE_DW1;
            assert_int_equal(strcmp(f, fr) != 0, with_reg);
            assert_int_equal(strstr(fr, "reg") != NULL, with_reg);
            assert_ptr_equal(stage_formula(st, act, FORMULA_MEAN), f);   /* no reg: the same loss */
            const char *fm = stage_formula(st, act, FORMULA_REG | FORMULA_MEAN);
            assert_int_equal(strcmp(fm, fr) != 0, st == STAGE_LOSS);
            assert_ptr_equal(stage_formula(st, act, 7), fm);    /* other bits ignored */
        }
    assert_string_equal(stage_formula(STAGE_A1, ACT_SIGMOID, 0), "a1 = sigmoid(z1) = 1 / (1 + exp(−z1))");
    assert_string_equal(stage_formula(STAGE_DELTA2, ACT_TANH, 0), "delta2 = delta3·W2ᵀ ⊙ (1 − a1²)");
    assert_string_equal(stage_formula(STAGE_DELTA2, ACT_SIGMOID, 1), "delta2 = delta3·W2ᵀ ⊙ a1 ⊙ (1 − a1)");
    assert_string_equal(stage_formula(STAGE_DELTA2, ACT_RELU, 0), "delta2 = delta3·W2ᵀ ⊙ [z1 > 0]");
    /* the loss shown is the mean, with the L2 term inside it when reg > 0
     * (reduce=sum), or added whole to the mean cross-entropy (reduce=mean) */
    assert_string_equal(stage_formula(STAGE_LOSS, ACT_TANH, FORMULA_REG),
                        "loss = (1/N)·(−Σ_n Σ_k y[n][k]·log a2[n][k] + reg/2·(‖W1‖² + ‖W2‖²))");
    assert_string_equal(stage_formula(STAGE_LOSS, ACT_TANH, FORMULA_REG | FORMULA_MEAN),
                        "loss = −(1/N) Σ_n Σ_k y[n][k]·log a2[n][k] + reg/2·(‖W1‖² + ‖W2‖²)");
    char buf[64];
    act_slope_text(buf, sizeof buf, ACT_TANH, "a1[0][1]");
    assert_string_equal(buf, "(1 − a1[0][1]²)");
    act_slope_text(buf, sizeof buf, ACT_SIGMOID, "0.5");
    assert_string_equal(buf, "0.5·(1 − 0.5)");
    act_slope_text(buf, sizeof buf, ACT_RELU, "z1[1][0]");
    assert_string_equal(buf, "[z1[1][0] > 0]");
}

/* what a command printed since the last call */
static char *take(struct session *S, char **buf, size_t *len)
{
    fflush(S->out);
    static size_t seen;
    char *s = *buf + seen;
    seen = *len;
    return s;
}

/* The REPL's step captions ("[3/11] z2 = a1·W2 + b2"), 'help NAME', the
 * formula explain shows and the flow view's caption are the table's, for
 * every stage, activation, reg and reduce mode. */
static void test_repl_shows_the_table(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    struct session S;
    session_init(&S, open_memstream(&buf, &len));
    const char *reg_of[2] = { "0", "0.01" };
    for (int act = 0; act < ACT_COUNT; act++)
        for (int variant = 0; variant < 4; variant++) {
            int reg = variant & FORMULA_REG;
            char line[160];
            snprintf(line, sizeof line, "net 2 3 2 act=%s; x = [[0.5, -1.2], [1, 0.3]]; y = [1, 0]; reg = %s; "
                     "reduce %s", act_names[act], reg_of[reg], variant & FORMULA_MEAN ? "mean" : "sum");
            assert_int_equal(command_run(&S, line), 0);
            assert_int_equal(net_formula_variant(&S.net), variant);
            take(&S, &buf, &len);
            for (int st = STAGE_Z1; st <= STAGE_LAST; st++) {
                const char *f = stage_formula(st, act, variant);
                char want[1024];
                assert_int_equal(command_run(&S, "step"), 0);
                snprintf(want, sizeof want, "[%d/%d] %s\n", st, STAGE_LAST, f);
                assert_int_equal(strncmp(take(&S, &buf, &len), want, strlen(want)), 0);
                snprintf(line, sizeof line, "help %s", stage_names[st]);
                assert_int_equal(command_run(&S, line), 0);
                snprintf(want, sizeof want, "%s: %s\n  %s\n", stage_names[st], stage_table[st].words, f);
                assert_string_equal(take(&S, &buf, &len), want);
                assert_ptr_equal(value_formula(&S, stage_names[st]), f);
                assert_ptr_equal(value_words(stage_names[st]), stage_table[st].words);
                assert_ptr_equal(scene_stage_formula(st, act, variant), f);
            }
        }
    session_release(&S);
    fclose(S.out);
    free(buf);
}

/* the shape of each stage's value is the net's tensor's */
static void test_shapes_are_the_nets(void **state)
{
    (void)state;
    int D = 2, H = 5, K = 3, N = 4, rows, cols;
    struct rng r;
    struct net n;
    rng_seed(&r, 1);
    assert_int_equal(net_init(&n, D, H, K, ACT_TANH, &r), 0);
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    tensor_init(&x, N, D);
    tensor_init(&y, N, K);
    assert_int_equal(net_set_batch(&n, &x, &y), 0);
    for (int st = STAGE_Z1; st < STAGE_COUNT; st++) {
        assert_int_equal(stage_shape(st, N, D, H, K, &rows, &cols), 0);
        const tensor *t = net_tensor(&n, stage_names[st]);
        if (st == STAGE_LOSS) {
            assert_null(t);
            assert_true(rows == 1 && cols == 1);
            continue;
        }
        assert_non_null(t);
        assert_int_equal(t->rows, rows);
        assert_int_equal(t->cols, cols);
    }
    assert_int_equal(stage_shape(STAGE_NONE, N, D, H, K, &rows, &cols), -1);
    tensor_release(&x);
    tensor_release(&y);
    net_release(&n);
}

/* f' from a (and from z, act_gate) against the central difference (f(z+h) - f(z-h)) / 2h
 * of the table's own f, at points away from relu's kink; f of a value in
 * place equals f of it out of place */
static void test_slopes_are_central_differences(void **state)
{
    (void)state;
    const double zs[] = { -6.0, -2.5, -1.0, -0.3, -0.01, 0.02, 0.4, 1.0, 1.7, 3.0, 7.5 };
    const double h = 1e-6;
    for (int act = 0; act < ACT_COUNT; act++) {
        const struct act_info *f = &act_table[act];
        for (size_t i = 0; i < sizeof zs / sizeof *zs; i++) {
            double z = zs[i], zp = z + h, zm = z - h, a, ap, am, inplace = z;
            f->apply(&z, &a, 1);
            f->apply(&zp, &ap, 1);
            f->apply(&zm, &am, 1);
            f->apply(&inplace, &inplace, 1);
            assert_true(inplace == a);
            double slope = act_slope(act, a);
            double num = (ap - am) / (2 * h);
            /* truncation ~h^2 |f'''|, rounding ~eps / h */
            assert_close(slope, num, 1e-9 + 1e-8 * fabs(num));
            /* act_gate multiplies what is there by f'(z), from z (more
             * digits than 1 - a^2 where |a| is near 1: test_vmath) */
            double d = -2.5;
            act_gate(act, &d, &z, 1);
            assert_close(d, -2.5 * num, 2.5 * (1e-9 + 1e-8 * fabs(num)));
        }
    }
    /* the slopes are not all alike: 1 - a^2 at 0 is 1, a (1 - a) is 1/4 */
    double z = 0.0, a;
    act_table[ACT_SIGMOID].apply(&z, &a, 1);
    assert_close(act_slope(ACT_SIGMOID, a), 0.25, 0);
    act_table[ACT_TANH].apply(&z, &a, 1);
    assert_close(act_slope(ACT_TANH, a), 1.0, 0);
}

/* the vectorised f (apply) and the libm one (ref) agree to a few ulp on
 * 20001 points of [-40, 40] (relu exactly), in place and out of place */
static void test_apply_near_ref(void **state)
{
    (void)state;
    enum { M = 20001 };
    static double z[M], a[M], b[M];
    for (int i = 0; i < M; i++)
        z[i] = -40.0 + 80.0 * i / (M - 1);
    for (int act = 0; act < ACT_COUNT; act++) {
        act_table[act].apply(z, a, M);
        memcpy(b, z, sizeof b);
        act_table[act].apply(b, b, M);
        assert_memory_equal(a, b, sizeof a);
        for (int i = 0; i < M; i++) {
            double r = act_table[act].ref(z[i]);
            assert_close(a[i], r, act == ACT_RELU ? 0 : 4 * DBL_EPSILON * fabs(r));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_map_to_ids),
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_repl_shows_the_table),
        cmocka_unit_test(test_shapes_are_the_nets),
        cmocka_unit_test(test_slopes_are_central_differences),
        cmocka_unit_test(test_apply_near_ref),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
