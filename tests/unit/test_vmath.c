/* Unit tests of vmath.c: the vectorised exp and tanh against libm, in ulps,
 * over a million points, their special values, and their under- and
 * overflowing tails in place and out of place. */
#include "check.h"
#include <float.h>
#include "vmath.h"

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

/* the gates' slopes from z, where the textbook 1 - a^2 and a (1 - a) of
 * a rounded a lose their digits (|z| large: a within an ulp of its
 * limit): against sech^2 z and s(z) s(-z) in long double, written as
 * 4 e^-2|z| / (1 + e^-2|z|)^2 and e^-|z| / (1 + e^-|z|)^2 (no
 * cancellation), within 6 ulp (measured: tanh's 5, the sigmoid's 4, over
 * 2 million points of [-60, 60]) at these points and on a grid; out in
 * place of g too; tanh's slope from vec_tanh_slope the same bits, its
 * tanh vec_tanh's */
#define GATE_ULPS 6.0
#define GATE_GRID 200001

static void test_gates_keep_their_digits(void **state)
{
    (void)state;
    const double zs[] = { 0.0, -1e-9, 0.3, -0.97, 2.0, 9.16, -12.5, 20.2, 36.0, -200.0, 354.0, 371.5, 700.0, -745.0 };
    enum { NZ = sizeof zs / sizeof *zs };
    double g[NZ], t[NZ], s[NZ], r[NZ];
    double *gz = malloc(GATE_GRID * sizeof *gz), *gt = malloc(GATE_GRID * sizeof *gt);
    double *ga = malloc(GATE_GRID * sizeof *ga), *gs = malloc(GATE_GRID * sizeof *gs);
    double *one = malloc(GATE_GRID * sizeof *one), *th = malloc(GATE_GRID * sizeof *th);
    assert_true(gz && gt && ga && gs && one && th);
    for (int i = 0; i < GATE_GRID; i++) {
        gz[i] = -60.0 + 120.0 * i / (GATE_GRID - 1) + 1e-7 * sin((double)i);
        one[i] = 1.0;
    }
    vec_tanh_gate(gz, one, gt, GATE_GRID);
    vec_tanh_slope(gz, ga, gs, GATE_GRID);
    vec_tanh(gz, th, GATE_GRID);
    assert_memory_equal(gs, gt, GATE_GRID * sizeof *gs);
    assert_memory_equal(ga, th, GATE_GRID * sizeof *ga);
    vec_sigmoid_gate(gz, one, gs, GATE_GRID);
    for (int i = 0; i < GATE_GRID; i++) {
        long double a = fabsl((long double)gz[i]), e2 = expl(-2 * a), e1 = expl(-a);
        assert_true(ulps(gt[i], (double)(4 * e2 / ((1 + e2) * (1 + e2)))) <= GATE_ULPS);
        assert_true(ulps(gs[i], (double)(e1 / ((1 + e1) * (1 + e1)))) <= GATE_ULPS);
    }
    free(gz); free(gt); free(ga); free(gs); free(one); free(th);
    for (int i = 0; i < NZ; i++)
        g[i] = 1.0 + i;
    vec_tanh_gate(zs, g, t, NZ);
    vec_sigmoid_gate(zs, g, s, NZ);
    memcpy(r, g, sizeof r);
    vec_relu_gate(zs, r, r, NZ);
    for (int i = 0; i < NZ; i++) {
        long double a = fabsl((long double)zs[i]), e2 = expl(-2 * a), e1 = expl(-a);
        double tanh_slope = (double)(4 * e2 / ((1 + e2) * (1 + e2))) * g[i];
        double sig_slope = (double)(e1 / ((1 + e1) * (1 + e1))) * g[i];
        /* subnormal slopes keep their absolute spacing, DBL_TRUE_MIN */
        int t_ok = ulps(t[i], tanh_slope) <= GATE_ULPS + 1 || fabs(t[i] - tanh_slope) <= 8 * g[i] * DBL_TRUE_MIN;
        int s_ok = ulps(s[i], sig_slope) <= GATE_ULPS + 1 || fabs(s[i] - sig_slope) <= 8 * g[i] * DBL_TRUE_MIN;
        if (!t_ok || !s_ok)
            print_error("z = %g: tanh gate %.17g (want %.17g), sigmoid %.17g (want %.17g)\n", zs[i], t[i],
                        tanh_slope, s[i], sig_slope);
        assert_true(t_ok);
        assert_true(s_ok);
        assert_true(r[i] == (zs[i] > 0 ? g[i] : 0.0));
    }
    /* at z = 20.2, tanh(z) rounds to 1 and 1 - a^2 is 0; the slope is not */
    assert_true(t[7] > 0 && t[7] < 1e-16 * g[7]);
    /* in place */
    memcpy(r, g, sizeof r);
    vec_tanh_gate(zs, r, r, NZ);
    assert_memory_equal(r, t, sizeof r);
}

/* vec_all_finite: 0 as soon as one value anywhere is an infinity or a NaN
 * (of either sign, any payload), 1 for every finite value, the largest,
 * the subnormals and -0.0 included; lengths around a vector's width */
static void test_all_finite(void **state)
{
    (void)state;
    double finite[] = { 0.0, -0.0, 1.0, -2.5, DBL_MAX, -DBL_MAX, DBL_MIN, 5e-324, -5e-324, 1e300, 0x1.fffffffffffffp1023 };
    double bad[] = { INFINITY, -INFINITY, NAN, -NAN };
    uint64_t payload = 0x7ff0000000000001u;     /* a NaN with the least payload */
    double nan1;
    memcpy(&nan1, &payload, sizeof nan1);
    enum { NMAX = 37 };
    double x[NMAX] = { 0.0 };
    assert_int_equal(vec_all_finite(x, 0), 1);
    for (size_t n = 1; n <= NMAX; n++) {
        for (size_t i = 0; i < n; i++)
            x[i] = finite[(i * 7 + n) % (sizeof finite / sizeof *finite)];
        assert_int_equal(vec_all_finite(x, n), 1);
        for (size_t at = 0; at < n; at++) {
            double keep = x[at];
            for (size_t b = 0; b <= sizeof bad / sizeof *bad; b++) {
                x[at] = b < sizeof bad / sizeof *bad ? bad[b] : nan1;
                if (vec_all_finite(x, n) != 0)
                    fail_msg("n %zu, value %zu at %zu: called finite", n, b, at);
            }
            x[at] = keep;
        }
        /* a bad value just past the end is not looked at */
        if (n < NMAX) {
            x[n] = INFINITY;
            assert_int_equal(vec_all_finite(x, n), 1);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gates_keep_their_digits),
        cmocka_unit_test(test_exp_and_tanh_within_ulps),
        cmocka_unit_test(test_exp_and_tanh_special_values),
        cmocka_unit_test(test_exp_and_tanh_tails_in_place),
        cmocka_unit_test(test_all_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
