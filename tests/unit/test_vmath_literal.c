/* Unit tests of the building blocks: vmath.c (vectorised exp and tanh
 * against libm, in ulps), tensor.c (matmul with each transpose flag against
 * a naive loop, sum_rows, add_row, limits) and literal.c (numpy-like
 * literals and their error messages). */
#include "check.h"
#include <float.h>
#include "tensor.h"
#include "vmath.h"
#include "literal.h"

/* ---------------------------------------------------------------- */
/* vmath                                                             */

/* distance in units in the last place: doubles mapped to integers that
 * are ordered as the doubles are (so adjacent doubles differ by 1) */
static int64_t ordered(double x)
{
    int64_t i;
    memcpy(&i, &x, sizeof i);
    return i < 0 ? INT64_MIN - i : i;
}

static double ulps(double a, double b)
{
    if (a == b)
        return 0;       /* also +0 == -0 */
    /* subtract as integers: as doubles, numbers near 2^62 keep only 53 bits */
    int64_t d = ordered(a) - ordered(b);
    return d < 0 ? -(double)d : (double)d;
}

#define GRID 1000001

/* x over [-750, 750] on a fixed grid (stepping irrational-looking
 * amounts so that the points are not all round numbers), then tiny
 * values around 0 and the subnormal range */
static double *make_grid(size_t *n)
{
    size_t m = GRID + 2000;
    double *x = malloc(m * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < GRID; i++)
        x[i] = -750.0 + 1500.0 * (double)i / (GRID - 1) + 1e-7 * sin((double)i);
    for (int k = 0; k < 1000; k++) {
        x[GRID + 2 * k] = ldexp(1.0 + k / 1000.0, -k);        /* 2^0 .. 2^-999 */
        x[GRID + 2 * k + 1] = -x[GRID + 2 * k];
    }
    *n = m;
    return x;
}

/* the header promises exp within 1 ulp and tanh within 3 ulp of libm.
 * Measured on this grid (x86-64, glibc 2.36), for both the AVX2+FMA copy
 * and the default SSE2 copy (built without target_clones): exp 1 ulp
 * (worst near x = -708, where exp approaches the subnormals), tanh 3 ulp
 * (worst near x = -0.97). 4 ulp is the brief's bound, a margin of one. */
#define ULP_BOUND 4.0

static void test_exp_and_tanh_within_ulps(void **state)
{
    (void)state;
    size_t n;
    double *x = make_grid(&n), *y = malloc(n * sizeof *y);
    assert_non_null(y);
    double worst_exp = 0, worst_tanh = 0, at_exp = 0, at_tanh = 0;
    vec_exp(x, y, n);
    for (size_t i = 0; i < n; i++) {
        double want = exp(x[i]);
        double u = ulps(y[i], want);   /* subnormal results included */
        if (u > worst_exp) {
            worst_exp = u;
            at_exp = x[i];
        }
    }
    vec_tanh(x, y, n);
    for (size_t i = 0; i < n; i++) {
        double u = ulps(y[i], tanh(x[i]));
        if (u > worst_tanh) {
            worst_tanh = u;
            at_tanh = x[i];
        }
    }
    printf("    vec_exp: worst %.0f ulp (x = %.17g); vec_tanh: worst %.0f ulp (x = %.17g)\n",
           worst_exp, at_exp, worst_tanh, at_tanh);
    assert_true(worst_exp <= ULP_BOUND);
    assert_true(worst_tanh <= ULP_BOUND);
    free(x);
    free(y);
}

static void test_exp_and_tanh_special_values(void **state)
{
    (void)state;
    double x[10] = { -1000, -746, 710, 1000, INFINITY, -INFINITY, NAN, 0.0, -0.0, 1e-310 };
    double y[10];
    vec_exp(x, y, 10);
    assert_true(y[0] == 0.0 && !signbit(y[0]));     /* underflow: exactly +0 */
    assert_true(y[1] == 0.0);
    assert_true(isinf(y[2]) && y[2] > 0);           /* exp(710) > DBL_MAX */
    assert_true(isinf(y[3]) && y[3] > 0);
    assert_true(isinf(y[4]) && y[4] > 0);
    assert_true(y[5] == 0.0);
    assert_true(isnan(y[6]));
    assert_true(y[7] == 1.0 && y[8] == 1.0);
    assert_true(y[9] == 1.0);
    double t[10] = { 40, -40, 1e300, -1e300, INFINITY, -INFINITY, NAN, 0.0, -0.0, 1e-310 };
    double u[10];
    vec_tanh(t, u, 10);
    assert_true(u[0] == 1.0 && u[1] == -1.0);
    assert_true(u[2] == 1.0 && u[3] == -1.0);
    assert_true(u[4] == 1.0 && u[5] == -1.0);
    assert_true(isnan(u[6]));
    assert_true(u[7] == 0.0 && !signbit(u[7]));
    assert_true(u[8] == 0.0 && signbit(u[8]));      /* tanh(-0) = -0 */
    assert_true(u[9] == 1e-310);                    /* tanh(x) = x for tiny x */
    /* in place */
    double w[3] = { 0.5, -0.25, 2 };
    vec_tanh(w, w, 3);
    assert_true(w[0] == tanh(0.5) || ulps(w[0], tanh(0.5)) <= ULP_BOUND);
    /* n = 0 touches nothing */
    double guard = 7;
    vec_exp(&guard, &guard, 0);
    assert_true(guard == 7);
}

/* the tails, in place and out of place: x across -760..-700 and 700..720
 * (where exp is subnormal, 0 or inf beyond -708 and 709), mixed with
 * ordinary values so that a block holds both kinds, then +-inf and NaN.
 * In place was once wrong: the tails were patched from x after x had been
 * overwritten, so exp(-761.6) came out as exp(-708) = 3.3e-308. */
#define TAILS 12006

static void check_exp_tails(const double *x, const double *y, size_t n, const char *how)
{
    for (size_t i = 0; i < n; i++) {
        double want = exp(x[i]);
        if (isnan(want)) {
            if (!isnan(y[i]))
                fail_msg("vec_exp %s: exp(%.17g) = %.17g, want NaN", how, x[i], y[i]);
        } else if (want < DBL_MIN || isinf(want)) {
            /* subnormal, 0 or inf: the same bits as libm */
            if (!(y[i] == want))
                fail_msg("vec_exp %s: exp(%.17g) = %.17g, libm %.17g", how, x[i], y[i], want);
        } else if (ulps(y[i], want) > 1.0) {
            fail_msg("vec_exp %s: exp(%.17g) = %.17g, libm %.17g (%.0f ulp)", how, x[i], y[i], want,
                     ulps(y[i], want));
        }
    }
}

static void test_exp_and_tanh_tails_in_place(void **state)
{
    (void)state;
    static double x[TAILS], y[TAILS], w[TAILS];
    size_t n = 0;
    for (int i = 0; i < 4000; i++) {
        x[n++] = -760.0 + 60.0 * i / 3999 + 1e-9 * sin((double)i);
        x[n++] = 700.0 + 20.0 * i / 3999 + 1e-9 * cos((double)i);
        x[n++] = -3.0 + 6.0 * i / 3999;                   /* ordinary values between */
    }
    double special[] = { INFINITY, -INFINITY, NAN, -708.0, 709.0, -745.2 };
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        x[n++] = special[i];
    assert_int_equal(n, TAILS);

    vec_exp(x, y, n);
    check_exp_tails(x, y, n, "out of place");
    memcpy(w, x, sizeof x);
    vec_exp(w, w, n);
    check_exp_tails(x, w, n, "in place");

    /* tanh: in place gives the same bits as out of place, NaN included */
    vec_tanh(x, y, n);
    memcpy(w, x, sizeof x);
    vec_tanh(w, w, n);
    for (size_t i = 0; i < n; i++) {
        if (memcmp(&y[i], &w[i], sizeof y[i]) != 0)
            fail_msg("vec_tanh(%.17g): %.17g out of place, %.17g in place", x[i], y[i], w[i]);
        if (isnan(x[i]))
            assert_true(isnan(y[i]));
        else
            assert_true(ulps(y[i], tanh(x[i])) <= 3.0);
    }
}

/* ---------------------------------------------------------------- */
/* tensor                                                            */

/* out = op(a) op(b) by the definition */
static double naive_at(const tensor *a, int ta, const tensor *b, int tb, int i, int j)
{
    int kk = ta ? a->rows : a->cols;
    double s = 0;
    for (int k = 0; k < kk; k++)
        s += (ta ? T_AT(a, k, i) : T_AT(a, i, k)) * (tb ? T_AT(b, j, k) : T_AT(b, k, j));
    return s;
}

static void fill(tensor *t, double seed)
{
    for (size_t i = 0; i < tensor_size(t); i++)
        t->data[i] = sin(seed + 0.37 * (double)i) * 2.0;
}

static void test_matmul_each_transpose(void **state)
{
    (void)state;
    /* sizes that exercise the kernels for tiny widths and the general path */
    int shapes[][3] = { { 1, 1, 1 }, { 4, 2, 3 }, { 5, 3, 2 }, { 7, 5, 4 }, { 33, 17, 9 }, { 3, 64, 65 } };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int n = shapes[s][0], k = shapes[s][1], m = shapes[s][2];
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                tensor a = TENSOR_INIT, b = TENSOR_INIT, out = TENSOR_INIT;
                assert_int_equal(tensor_init(&a, ta ? k : n, ta ? n : k), 0);
                assert_int_equal(tensor_init(&b, tb ? m : k, tb ? k : m), 0);
                assert_int_equal(tensor_init(&out, n, m), 0);
                fill(&a, 0.1 * s + ta);
                fill(&b, 1.3 + tb);
                tensor_fill(&out, 99);     /* must be overwritten, not added to */
                tensor_matmul(&out, &a, ta, &b, tb);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < m; j++) {
                        /* sums of k products of |x| <= 2: the order of the
                         * additions may differ, k * 4 * eps bounds it */
                        assert_close(T_AT(&out, i, j), naive_at(&a, ta, &b, tb, i, j), k * 4.0 * 2.3e-16 * 4);
                    }
                tensor_release(&a);
                tensor_release(&b);
                tensor_release(&out);
            }
    }
}

static void test_rows_and_limits(void **state)
{
    (void)state;
    tensor a = TENSOR_INIT, v = TENSOR_INIT;
    assert_int_equal(tensor_init(&a, 3, 2), 0);
    double vals[6] = { 1, 2, 3, 4, 5, 6.5 };
    memcpy(a.data, vals, sizeof vals);
    assert_int_equal(tensor_init(&v, 1, 2), 0);
    tensor_fill(&v, 99);
    tensor_sum_rows(&v, &a);
    assert_close(v.data[0], 9.0, 0);
    assert_close(v.data[1], 12.5, 0);
    v.data[0] = 0.5;
    v.data[1] = -1;
    tensor_add_row(&a, &v);
    double want[6] = { 1.5, 1, 3.5, 3, 5.5, 5.5 };
    for (int i = 0; i < 6; i++)
        assert_close(a.data[i], want[i], 0);
    assert_close(tensor_sum_sq(&v), 1.25, 0);

    /* limits: a failed init leaves an empty tensor */
    assert_int_equal(tensor_init(&a, -1, 3), -1);
    assert_int_equal(a.rows, 0);
    assert_null(a.data);
    assert_int_equal(tensor_init(&a, 3, -1), -1);
    assert_int_equal(tensor_init(&a, 1, (int)TENSOR_MAX_ELEMS + 1), -1);
    assert_int_equal(tensor_init(&a, 1 << 16, 1 << 16), -1);    /* 2^32: no int overflow */
    assert_int_equal(tensor_init(&a, 1, (int)TENSOR_MAX_ELEMS), 0);
    tensor_release(&a);
    assert_int_equal(tensor_init(&a, 0, 0), 0);     /* empty is allowed */
    tensor_release(&a);

    /* copy, move, finiteness */
    tensor b = TENSOR_INIT;
    assert_int_equal(tensor_copy(&b, &v), 0);
    assert_true(tensor_same_shape(&b, &v));
    assert_close(tensor_max_abs_diff(&b, &v), 0, 0);
    tensor_move(&a, &b);
    assert_null(b.data);
    assert_true(tensor_all_finite(&a));
    a.data[1] = INFINITY;
    assert_false(tensor_all_finite(&a));
    tensor_release(&a);
    tensor_release(&v);
}

/* ---------------------------------------------------------------- */
/* literal                                                           */

static void check_parse(const char *text, int flags, int dims, int rows, int cols, const double *want)
{
    tensor t = TENSOR_INIT;
    char err[128] = "";
    int d = -1;
    if (literal_parse(text, &t, &d, flags, 0, err, sizeof err) != 0)
        fail_msg("'%s' rejected: %s", text, err);
    assert_int_equal(d, dims);
    assert_int_equal(t.rows, rows);
    assert_int_equal(t.cols, cols);
    for (int i = 0; i < rows * cols; i++)
        assert_close(t.data[i], want[i], 0);
    tensor_release(&t);
}

static void check_reject(const char *text, int flags, size_t max, const char *want)
{
    tensor t = TENSOR_INIT;
    tensor_init(&t, 1, 1);
    t.data[0] = 42;
    char err[128] = "";
    int d = -1;
    assert_int_equal(literal_parse(text, &t, &d, flags, max, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("'%s': error '%s' does not contain '%s'", text, err, want);
    assert_int_equal(t.rows, 1);        /* untouched */
    assert_close(t.data[0], 42.0, 0);
    tensor_release(&t);
}

static void test_literal_accepts(void **state)
{
    (void)state;
    double one[1] = { 2.5 }, v[3] = { 2, 1, 0.1 }, m[4] = { 1, 2, 3, 4 };
    check_parse("2.5", 0, 0, 1, 1, one);
    check_parse("  2.5  ", 0, 0, 1, 1, one);
    check_parse("[2, 1, 0.1]", 0, 1, 1, 3, v);
    check_parse("[2 1 0.1]", 0, 1, 1, 3, v);
    check_parse("[ 2,1 , 0.1 ]", 0, 1, 1, 3, v);
    check_parse("2 1 0.1", 0, 1, 1, 3, v);
    check_parse("[[1,2],[3,4]]", 0, 2, 2, 2, m);
    check_parse("[ [1, 2], [3, 4] ]", 0, 2, 2, 2, m);
    double col[2] = { 1, 3 };
    check_parse("[[1],[3]]", 0, 2, 2, 1, col);
    double e[3] = { -1e-3, 1.5e10, 0 };
    check_parse("[-1e-3, 1.5E10, -0]", 0, 1, 1, 3, e);
    double tiny[1] = { 0 };
    check_parse("1e-400", 0, 0, 1, 1, tiny);    /* underflow reads as 0, as numpy */
    double ni[2] = { -INFINITY, 1 };
    check_parse("[-inf, 1]", LIT_NEG_INF, 1, 1, 2, ni);
    double x;
    char err[64];
    assert_int_equal(literal_number("0.1", &x, 0, err, sizeof err), 0);
    assert_true(x == 0.1);
}

static void test_literal_rejects(void **state)
{
    (void)state;
    check_reject("nan", 0, 0, "NaN");
    check_reject("[1, NaN]", LIT_NEG_INF, 0, "NaN");
    check_reject("inf", 0, 0, "only finite numbers");
    check_reject("[1, -inf]", 0, 0, "'-inf' is not allowed");
    check_reject("+inf", LIT_NEG_INF, 0, "only finite numbers and -inf");
    check_reject("1e400", 0, 0, "out of range");
    check_reject("[-1e400]", LIT_NEG_INF, 0, "out of range");
    check_reject("[[1,2],[3]]", 0, 0, "ragged matrix: row 2 has 1 value, row 1 has 2");
    check_reject("[[1,2],[3,4,5]]", 0, 0, "row 2 has 3 values");
    check_reject("[1, 2", 0, 0, "missing ']'");
    check_reject("[[1,2],[3,4]", 0, 0, "missing ']'");
    check_reject("[1, 2]]", 0, 0, "unexpected ']'");
    check_reject("1, 2]", 0, 0, "extra ']'");
    check_reject("[]", 0, 0, "empty vector '[]'");
    check_reject("[[1],[]]", 0, 0, "row 2 is empty");
    check_reject("[1, 2] x", 0, 0, "unexpected 'x' after the literal");
    check_reject("[1, 2x]", 0, 0, "malformed number '2x'");
    check_reject("[1,,2]", 0, 0, "");
    check_reject("[[[1]]]", 0, 0, "too many brackets");
    check_reject("", 0, 0, "missing value");
    check_reject("   ", 0, 0, "missing value");
    check_reject("[1 2 3 4 5]", 0, 4, "too many values");
    check_reject("1 2 3 4 5", 0, 4, "too many values");
    double x = 7;
    char err[64];
    assert_int_equal(literal_number("", &x, 0, err, sizeof err), -1);
    assert_int_equal(literal_number("1.5 ", &x, 0, err, sizeof err), -1);
    assert_int_equal(literal_number("-inf", &x, 0, err, sizeof err), -1);
    assert_true(x == 7);
    assert_int_equal(literal_number("-inf", &x, LIT_NEG_INF, err, sizeof err), 0);
    assert_true(isinf(x) && x < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exp_and_tanh_within_ulps),
        cmocka_unit_test(test_exp_and_tanh_special_values),
        cmocka_unit_test(test_exp_and_tanh_tails_in_place),
        cmocka_unit_test(test_matmul_each_transpose),
        cmocka_unit_test(test_rows_and_limits),
        cmocka_unit_test(test_literal_accepts),
        cmocka_unit_test(test_literal_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
