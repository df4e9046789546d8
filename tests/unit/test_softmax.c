/* Unit tests of softmax.c: the stable softmax, log-softmax, cross-entropy,
 * the Jacobian and its two independent partners (the vector form and
 * central differences), against numpy's values. */
#include "check.h"
#include "softmax.h"

/* one ulp of a number near 1 is 2.2e-16; a sum of n roundings a few of them */
#define TIGHT 1e-15

static void test_sums_to_one_and_matches_direct_formula(void **state)
{
    (void)state;
    double z[5] = { 0.3, -1.2, 2.5, 0.0, 1.7 }, s[5], e[5], sum = 0;
    assert_int_equal(softmax(z, s, 5), 0);
    for (int i = 0; i < 5; i++) {
        e[i] = exp(z[i]);   /* the naive formula is safe for small z: a second path */
        sum += e[i];
    }
    double total = 0;
    for (int i = 0; i < 5; i++) {
        assert_close(s[i], e[i] / sum, 4 * TIGHT);
        total += s[i];
    }
    assert_close(total, 1.0, 4 * TIGHT);
}

static void test_shift_invariance(void **state)
{
    (void)state;
    double z[4] = { 1, 2, 3, 4 }, w[4], s[4], t[4];
    for (int i = 0; i < 4; i++)
        w[i] = z[i] + 700.0;        /* exp(704) overflows a naive softmax */
    softmax(z, s, 4);
    softmax(w, t, 4);
    for (int i = 0; i < 4; i++)
        assert_close(s[i], t[i], 1e-13);    /* z + 700 loses ~10 bits of z */
}

static void test_hard_inputs(void **state)
{
    (void)state;
    double s[3];
    double big[3] = { 1000, 0, -1000 };
    assert_int_equal(softmax(big, s, 3), 0);
    assert_close(s[0], 1.0, 0);
    assert_close(s[1], exp(-1000.0), 0);   /* underflows to exactly 0 */
    double low[2] = { -1000, -1000 };      /* exp(-1000) alone underflows */
    assert_int_equal(softmax(low, s, 2), 0);
    assert_close(s[0], 0.5, 0);
    assert_close(s[1], 0.5, 0);
    double ls3[3];
    assert_int_equal(log_softmax(big, ls3, 3), 0);
    assert_close(ls3[0], 0.0, 0);          /* log(1 + e^-1000 + e^-2000) = 0 */
    assert_close(ls3[1], -1000.0, 0);
    assert_close(ls3[2], -2000.0, 0);
    double huge[2] = { 1e300, -1e300 };
    assert_int_equal(softmax(huge, s, 2), 0);
    assert_close(s[0], 1.0, 0);
    assert_close(s[1], 0.0, 0);
    double ninf[3] = { 3, -INFINITY, 1 };
    assert_int_equal(softmax(ninf, s, 3), 0);
    assert_true(s[1] == 0.0);
    assert_close(s[0], 1 / (1 + exp(-2.0)), TIGHT);
    double one[1] = { 42 }, J[1];
    assert_int_equal(softmax(one, s, 1), 0);
    assert_close(s[0], 1.0, 0);
    softmax_jacobian(s, J, 1);
    assert_close(J[0], 0.0, 0);
    double bad1[2] = { -INFINITY, -INFINITY }, bad2[2] = { NAN, 1 }, bad3[2] = { INFINITY, 1 };
    assert_int_equal(softmax(bad1, s, 2), -1);
    assert_int_equal(softmax(bad2, s, 2), -1);
    assert_int_equal(softmax(bad3, s, 2), -1);
    assert_int_equal(log_softmax(bad1, s, 2), -1);
}

static void test_log_softmax_and_cross_entropy(void **state)
{
    (void)state;
    double z[4] = { 0.5, -1, 2, 0.25 }, s[4], ls[4];
    softmax(z, s, 4);
    log_softmax(z, ls, 4);
    for (int i = 0; i < 4; i++)
        assert_close(ls[i], log(s[i]), 4 * TIGHT);
    double y[4] = { 0, 0, 1, 0 };
    assert_close(cross_entropy(z, y, 4), -log(s[2]), 4 * TIGHT);
    /* the true class has probability e^-1000: log-softmax keeps it finite */
    double zz[2] = { 1000, 0 }, yy[2] = { 0, 1 };
    assert_close(cross_entropy(zz, yy, 2), 1000.0, 1e-12);
    double l2[2];
    log_softmax(zz, l2, 2);
    assert_close(l2[1], -1000.0, 1e-12);
    /* a class of probability 0 with target 0 adds 0, not NaN */
    double zi[2] = { 1, -INFINITY }, yi[2] = { 1, 0 };
    assert_close(cross_entropy(zi, yi, 2), 0.0, 0);
}

/* J's properties on a fixed vector of n logits */
static void check_jacobian_properties(int n)
{
    double *z = malloc(n * sizeof *z), *s = malloc(n * sizeof *s), *J = malloc((size_t)n * n * sizeof *J);
    for (int i = 0; i < n; i++)
        z[i] = sin(1.7 * i) * 3.0;
    softmax(z, s, n);
    softmax_jacobian(s, J, n);
    for (int i = 0; i < n; i++) {
        double row = 0;
        for (int j = 0; j < n; j++) {
            row += J[i * n + j];
            assert_true(J[i * n + j] == J[j * n + i]);              /* symmetric */
            assert_true(J[i * n + j] >= -0.25 && J[i * n + j] <= 0.25);
        }
        assert_close(row, 0.0, 4 * TIGHT);                          /* rows sum to 0 */
        assert_close(J[i * n + i], s[i] * (1 - s[i]), TIGHT);      /* the diagonal */
    }
    free(z);
    free(s);
    free(J);
}

static void test_jacobian_properties(void **state)
{
    (void)state;
    int sizes[] = { 1, 2, 3, 10, 257 };
    for (int k = 0; k < 5; k++)
        check_jacobian_properties(sizes[k]);
}

/* three independent paths to J^T g: the explicit matrix, the vector form
 * s (.) (g - g.s), and central differences of softmax */
static void test_three_paths_agree(void **state)
{
    (void)state;
    int sizes[] = { 1, 2, 3, 10, 257 };
    for (int k = 0; k < 5; k++) {
        int n = sizes[k];
        double *z = malloc(n * sizeof(double)), *s = malloc(n * sizeof(double)), *g = malloc(n * sizeof(double));
        double *v = malloc(n * sizeof(double)), *J = malloc((size_t)n * n * sizeof(double));
        double *F = malloc((size_t)n * n * sizeof(double)), *scratch = malloc(4 * n * sizeof(double));
        for (int i = 0; i < n; i++) {
            z[i] = cos(0.9 * i) * 2.0;
            g[i] = 0.5 - (i % 7) * 0.3;
        }
        softmax(z, s, n);
        softmax_jacobian(s, J, n);
        softmax_jvp(s, g, v, n);
        softmax_jacobian_fd(z, F, NULL, n, 1e-6, scratch);
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < n; j++) {
                acc += J[j * n + i] * g[j];
                /* central differences: truncation h^2 ~ 1e-12, rounding
                 * eps/h ~ 1e-10 */
                assert_close(F[i * n + j], J[i * n + j], 1e-9);
            }
            assert_close(v[i], acc, 1e-15 * n);
        }
        free(z); free(s); free(g); free(v); free(J); free(F); free(scratch);
    }
}

/* J^T g when one class dominates: s_m (g_m - g.s) would lose the digits
 * that cancel in g_m - g.s (logits 30 0, g = (-1, 0): -9.348e-14). The
 * references are 256-bit (mpmath) values of s (.) (g - g.s), s the exact
 * softmax of the same doubles. */
static void test_jvp_when_one_class_dominates(void **state)
{
    (void)state;
    static const struct {
        int n;
        double z[4], g[4], want[4];
    } cases[] = {
        { 2, { 30, 0 }, { -1, 0 }, { -9.357622968838423e-14, 9.357622968838423e-14 } },
        { 3, { 36.7, 0, -1 }, { 1, 2, 3 }, { -1.9993181588069489e-16, 1.1518409493076124e-16, 8.474772094993363e-17 } },
        { 4, { 0, 25, -3, 1 }, { 0.5, -2, 3, 1 },
          { 3.471985965849007e-11, -1.514310960284041e-10, 3.457200053184478e-12, 1.1325403631672954e-10 } },
        { 4, { 0.2, 1.5, -0.3, 0.9 }, { 0.5, -2, 3, 1 },
          { 0.12514662828706044, -0.799204579077931, 0.28391816241470796, 0.39013978837616253 } },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double s[4], out[4];
        int n = cases[c].n;
        softmax(cases[c].z, s, n);
        softmax_jvp(s, cases[c].g, out, n);
        for (int i = 0; i < n; i++)
            assert_close(out[i], cases[c].want[i], 1e-14 * fabs(cases[c].want[i]));
    }
    /* the cross-entropy's g = -y / s at logits 30 0: s - y = (-s_1, s_1) */
    double z[2] = { 30, 0 }, s[2], g[2], out[2];
    softmax(z, s, 2);
    g[0] = -1.0 / s[0];
    g[1] = 0.0;
    softmax_jvp(s, g, out, 2);
    assert_close(out[0], -s[1], 1e-15 * s[1]);
    assert_close(out[1], s[1], 1e-15 * s[1]);
}

/* with cross-entropy, J^T (-y / s) collapses to s - y */
static void test_cross_entropy_collapse(void **state)
{
    (void)state;
    double z[4] = { 0.2, 1.5, -0.3, 0.9 }, s[4], g[4], out[4];
    softmax(z, s, 4);
    for (int c = 0; c < 4; c++) {
        for (int i = 0; i < 4; i++)
            g[i] = i == c ? -1.0 / s[i] : 0.0;
        softmax_jvp(s, g, out, 4);
        for (int i = 0; i < 4; i++)
            assert_close(out[i], s[i] - (i == c), 1e-15);
    }
}

/* the classic mistake, s_i (1 - z_i) on the diagonal, disagrees with
 * central differences: the comparison that the correct J passes fails */
static void test_classic_mistake_is_caught(void **state)
{
    (void)state;
    double z[3] = { 2, 1, 0.1 }, s[3], F[9], J[9], scratch[12];
    softmax(z, s, 3);
    softmax_jacobian(s, J, 3);
    softmax_jacobian_fd(z, F, NULL, 3, 1e-6, scratch);
    double worst_right = 0, worst_wrong = 0;
    for (int i = 0; i < 3; i++) {
        worst_right = fmax(worst_right, fabs(J[i * 3 + i] - F[i * 3 + i]));
        worst_wrong = fmax(worst_wrong, fabs(s[i] * (1 - z[i]) - F[i * 3 + i]));
    }
    /* the tolerance of test_three_paths_agree: the right diagonal passes
     * it, the wrong one misses by about 0.88 (at z = 2: s(1-z) = -0.66,
     * s(1-s) = 0.22) */
    assert_true(worst_right <= 1e-9);
    assert_true(worst_wrong > 1e-9);
    assert_true(worst_wrong > 0.5);
}

/* the diagonal s_i (1 - s_i) when one class takes nearly all the
 * probability: s_i - s_i^2 cancels (41 % off at logits 36.7 0 -1, 0 at
 * 88.7 0 -88.7); the reference values are s_i (1 - s_i) in 256-bit
 * arithmetic (python3-mpmath, mp.prec = 256), rounded to doubles */
static void test_jacobian_diagonal_when_one_class_dominates(void **state)
{
    (void)state;
    static const struct {
        int n;
        double z[3], diag[3];
    } cases[] = {
        { 2, { 30, 0 }, { 9.357622968838423e-14, 9.357622968838423e-14 } },
        { 3, { 36.7, 0, -1 }, { 1.5755795540572762e-16, 1.1518409493076092e-16, 4.23738604749667e-17 } },
        { 3, { 88.7, 0, -88.7 }, { 3.006626321563833e-39, 3.006626321563833e-39, 9.039801837520467e-78 } },
        { 2, { 12, 0 }, { 6.1441368513331755e-06, 6.1441368513331755e-06 } },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        int n = cases[c].n;
        double s[3], J[9];
        assert_int_equal(softmax(cases[c].z, s, n), 0);
        softmax_jacobian(s, J, n);
        for (int i = 0; i < n; i++) {
            /* a few roundings of s, and of the sum of the others */
            assert_close(J[i * n + i], cases[c].diag[i], 1e-15 * cases[c].diag[i]);
            /* the row sums to 0 up to the rounding of its largest entry */
            double row = 0;
            for (int j = 0; j < n; j++)
                row += J[i * n + j];
            assert_close(row, 0.0, 1e-15 * fabs(J[i * n + i]));
        }
    }
}

/* softmax_jacobian writes J in one pass (plain stores for a small J,
 * non-temporal ones past 16 MiB, rows that start off a 16-byte boundary
 * included): every entry is written, with the bits of the definition,
 * -s_i s_j off the diagonal and s_i * softmax_others(s, n, i) on it */
static void check_jacobian_bits(int n, int offset)
{
    double *z = malloc(n * sizeof(double)), *s = malloc(n * sizeof(double));
    double *buf = malloc(((size_t)n * n + 1) * sizeof(double)), *J = buf + offset;
    assert_non_null(z);
    assert_non_null(s);
    assert_non_null(buf);
    for (int i = 0; i < n; i++)
        z[i] = sin(0.7 * i) * 3 + (i == n / 3 ? 9 : 0);
    assert_int_equal(softmax(z, s, n), 0);
    for (size_t k = 0; k < (size_t)n * n; k++)
        J[k] = NAN;                          /* an entry not written stays NaN */
    softmax_jacobian(s, J, n);
    size_t bad = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double want = i == j ? s[i] * softmax_others(s, n, i) : -s[i] * s[j];
            if (memcmp(&J[(size_t)i * n + j], &want, sizeof want) != 0 && bad++ < 5)
                print_error("n = %d: J[%d][%d] = %.17g, the definition %.17g\n", n, i, j,
                            J[(size_t)i * n + j], want);
        }
    assert_int_equal(bad, 0);
    free(z);
    free(s);
    free(buf);
}

static void test_jacobian_one_pass_bits(void **state)
{
    (void)state;
    static const int sizes[] = { 1, 2, 3, 7, 64, 1449, 1450 };    /* 1449^2 doubles > 16 MiB */
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
        for (int offset = 0; offset < 2; offset++)
            check_jacobian_bits(sizes[k], offset);
}

/* the central differences' error bound holds for J (every entry of J
 * within it) on logits of every scale, -inf included, and is tight
 * enough to catch a wrong entry: J with one entry moved by twice its
 * bound is caught, and at moderate logits the bound is below 1e-9 */
static void check_fd_bound(const double *z, int n, double h, double tight)
{
    double *s = malloc(n * sizeof(double)), *J = malloc((size_t)n * n * sizeof(double));
    double *F = malloc((size_t)n * n * sizeof(double)), *B = malloc((size_t)n * n * sizeof(double));
    double *scratch = malloc(4 * n * sizeof(double));
    assert_int_equal(softmax(z, s, n), 0);
    softmax_jacobian(s, J, n);
    softmax_jacobian_fd(z, F, B, n, h, scratch);
    double worst = 0;
    for (int k = 0; k < n * n; k++) {
        if (!(fabs(J[k] - F[k]) <= B[k]))
            print_error("z[0] = %g, n = %d: entry %d: J %.17g, J_fd %.17g, bound %.3g\n", z[0], n, k, J[k], F[k],
                        B[k]);
        assert_true(fabs(J[k] - F[k]) <= B[k]);
        worst = fmax(worst, B[k]);
    }
    if (tight > 0)
        assert_true(worst <= tight);
    free(s); free(J); free(F); free(B); free(scratch);
}

static void test_central_differences_at_every_scale(void **state)
{
    (void)state;
    double hard[][3] = {
        { 1e8, 1e8, 0 }, { 1e300, 1e300, 0 }, { -1e300, 1e300, 0 }, { 1000, 0, -1000 },
        { 30, 0, 0 }, { 36.7, 0, -1 }, { 88.7, 0, -88.7 }, { 3, -INFINITY, 1 }, { 12, 0, 0 },
        { 1e8 + 3, 1e8, 1e8 - 2 }, { 700, 699, -700 },
    };
    for (size_t c = 0; c < sizeof hard / sizeof *hard; c++)
        for (int n = 2; n <= 3; n++)
            for (int k = 0; k < 2; k++)
                check_fd_bound(hard[c], n, k ? 1e-5 : 1e-6, 0);
    /* equal huge logits: the same J as equal small ones, 1/4 and -1/4,
     * where a step added to 1e8 or 1e300 itself was not resolved */
    double big[2] = { 1e300, 1e300 }, F[4], B[4], scratch[8];
    softmax_jacobian_fd(big, F, B, 2, 1e-6, scratch);
    assert_close(F[0], 0.25, 1e-9);
    assert_close(F[1], -0.25, 1e-9);
    double e8[2] = { 1e8, 1e8 };
    softmax_jacobian_fd(e8, F, B, 2, 1e-6, scratch);
    assert_close(F[0], 0.25, 1e-9);
    /* random logits of moderate size: a bound below 5e-9 (the errors seen are about 1e-10) */
    int sizes[] = { 1, 2, 5, 40, 257 };
    for (int k = 0; k < 5; k++) {
        int n = sizes[k];
        double *z = malloc(n * sizeof(double));
        for (int i = 0; i < n; i++)
            z[i] = 3.0 * sin(1.7 * i + n);
        check_fd_bound(z, n, 1e-6, 5e-9);
        free(z);
    }
}

/* a wrong entry, off by more than its bound, is caught: J with one entry
 * moved fails the comparison that J passes */
static void test_fd_bound_catches_a_wrong_entry(void **state)
{
    (void)state;
    double z[3] = { 12, 0, -3 }, s[3], J[9], F[9], B[9], scratch[12];
    softmax(z, s, 3);
    softmax_jacobian(s, J, 3);
    softmax_jacobian_fd(z, F, B, 3, 1e-5, scratch);
    for (int k = 0; k < 9; k++) {
        assert_true(fabs(J[k] - F[k]) <= B[k]);
        /* the bound is a small part of the entry where J is not tiny */
        if (fabs(J[k]) > 1e-8)
            assert_true(B[k] < 1e-3 * fabs(J[k]));
    }
    /* s_0 (1 - s_0) = 6.1e-6 computed as s_0 - s_0^2 would be 1.2e-6
     * relative off, far within this bound: the cancellation is not what
     * central differences see; the classic mistake's 0 diagonal is */
    J[0] = 0.0;
    assert_false(fabs(J[0] - F[0]) <= B[0]);
}

static void test_against_numpy(void **state)
{
    (void)state;
    const char *cases[] = { "a", "b" };
    for (int k = 0; k < 2; k++) {
        char name[16];
        snprintf(name, sizeof name, "z_%s", cases[k]);
        tensor z = fixture_get("softmax.txt", name);
        snprintf(name, sizeof name, "s_%s", cases[k]);
        tensor sref = fixture_get("softmax.txt", name);
        snprintf(name, sizeof name, "J_%s", cases[k]);
        tensor Jref = fixture_get("softmax.txt", name);
        tensor s = TENSOR_INIT, J = TENSOR_INIT;
        tensor_init(&s, 1, z.cols);
        tensor_init(&J, z.cols, z.cols);
        softmax(z.data, s.data, z.cols);
        softmax_jacobian(s.data, J.data, z.cols);
        /* numpy's exp may round differently in the last bit: 1e-15 */
        assert_tensor_close(&s, &sref, 0, 1e-15);
        assert_tensor_close(&J, &Jref, 0, 1e-15);
        tensor_release(&z); tensor_release(&sref); tensor_release(&Jref);
        tensor_release(&s); tensor_release(&J);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sums_to_one_and_matches_direct_formula),
        cmocka_unit_test(test_shift_invariance),
        cmocka_unit_test(test_hard_inputs),
        cmocka_unit_test(test_log_softmax_and_cross_entropy),
        cmocka_unit_test(test_jacobian_properties),
        cmocka_unit_test(test_three_paths_agree),
        cmocka_unit_test(test_cross_entropy_collapse),
        cmocka_unit_test(test_classic_mistake_is_caught),
        cmocka_unit_test(test_jacobian_diagonal_when_one_class_dominates),
        cmocka_unit_test(test_jacobian_one_pass_bits),
        cmocka_unit_test(test_central_differences_at_every_scale),
        cmocka_unit_test(test_fd_bound_catches_a_wrong_entry),
        cmocka_unit_test(test_against_numpy),
        cmocka_unit_test(test_jvp_when_one_class_dominates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
