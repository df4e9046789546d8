/* Unit tests of rng.c, data.c, tensor.c, vmath.c and literal.c: numpy's
 * legacy generator bit for bit, scikit-learn's data sets, CSV files, the
 * matrix product against the plain definition, the vectorised exp and
 * tanh against libm, and the literal parser's errors. */
#include <unistd.h>
#include <sys/stat.h>

#include "check.h"
#include "data.h"
#include "literal.h"
#include "rng.h"
#include "vmath.h"

static void test_rng_matches_numpy(void **state)
{
    (void)state;
    int seeds[] = { 0, 1, 12345 };
    for (int k = 0; k < 3; k++) {
        char name[32];
        struct rng r;
        snprintf(name, sizeof name, "uniform_%d", seeds[k]);
        tensor u = fixture_get("random.txt", name);
        rng_seed(&r, (uint32_t)seeds[k]);
        for (int i = 0; i < u.cols; i++)
            assert_true(rng_double(&r) == u.data[i]);       /* bit for bit */
        snprintf(name, sizeof name, "gauss_%d", seeds[k]);
        tensor g = fixture_get("random.txt", name);
        rng_seed(&r, (uint32_t)seeds[k]);
        for (int i = 0; i < g.cols; i++)
            assert_close(rng_gauss(&r), g.data[i], 0);      /* odd count: the cache too */
        tensor_release(&u);
        tensor_release(&g);
    }
}

static void check_dataset(const struct dataset *d, const char *xname, const char *yname)
{
    tensor X = fixture_get("random.txt", xname), y = fixture_get("random.txt", yname);
    assert_int_equal(d->X.rows, X.rows);
    for (int i = 0; i < X.rows; i++)
        assert_int_equal(d->labels[i], (int)y.data[i]);     /* the shuffle: exact */
    /* the draws are numpy's; numpy's SIMD sin/cos may round the circle
     * points differently from the C library in the last bit */
    assert_tensor_close(&d->X, &X, 0, 1e-15);
    tensor_release(&X);
    tensor_release(&y);
}

static void test_datasets_match_sklearn(void **state)
{
    (void)state;
    struct rng r;
    struct dataset d;
    memset(&d, 0, sizeof d);
    rng_seed(&r, 0);
    assert_int_equal(data_moons(&d, 200, 0.2, &r), 0);
    check_dataset(&d, "moons_X", "moons_y");
    rng_seed(&r, 3);
    assert_int_equal(data_circles(&d, 100, 0.05, 0.8, &r), 0);
    check_dataset(&d, "circles_X", "circles_y");
    rng_seed(&r, 0);
    assert_int_equal(data_spiral(&d, 300, 3, &r), 0);
    assert_int_equal(d.X.rows, 300);
    assert_int_equal(d.n_classes, 3);
    assert_int_equal(data_xor(&d, 4, 0, &r), 0);
    assert_int_equal(d.labels[1] + d.labels[2] - d.labels[0] - d.labels[3], 2);
    dataset_release(&d);
}

static char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/gradlab-test-%d-%s", (int)getpid(), name);
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_csv(void **state)
{
    (void)state;
    char err[300];
    tensor m = TENSOR_INIT;
    /* a BOM, a header, CRLF, a blank line */
    char *p = write_file("ok.csv", "\xef\xbb\xbf" "a,b\r\n1.5,-2\r\n\r\n3,4e-1\r\n");
    assert_int_equal(csv_read_matrix(p, &m, err, sizeof err), 0);
    assert_int_equal(m.rows, 2);
    assert_int_equal(m.cols, 2);
    assert_close(T_AT(&m, 1, 1), 0.4, 0);
    unlink(p);
    p = write_file("bad.csv", "1,2\n3,x\n");
    assert_int_equal(csv_read_matrix(p, &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2: 'x' is not a number"));
    assert_int_equal(m.rows, 2);                             /* untouched */
    unlink(p);
    p = write_file("ragged.csv", "1,2\n3\n");
    assert_int_equal(csv_read_matrix(p, &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2: 1 fields, expected 2"));
    unlink(p);
    p = write_file("empty.csv", "");
    assert_int_equal(csv_read_matrix(p, &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "holds no numbers"));
    unlink(p);
    assert_int_equal(csv_read_matrix("/nonexistent/x.csv", &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot open"));
    assert_int_equal(csv_read_matrix("/tmp", &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "is a directory"));
    /* a round trip is exact, and leaves no temporary file behind */
    T_AT(&m, 0, 0) = 0.1;
    T_AT(&m, 0, 1) = 1.0 / 3.0;
    char out[256];
    snprintf(out, sizeof out, "/tmp/gradlab-test-%d-out.csv", (int)getpid());
    assert_int_equal(csv_write_matrix(out, &m, NULL, err, sizeof err), 0);
    tensor back = TENSOR_INIT;
    assert_int_equal(csv_read_matrix(out, &back, err, sizeof err), 0);
    assert_tensor_close(&back, &m, 0, 0);
    unlink(out);
    assert_int_equal(csv_write_matrix("/nonexistent/dir/x.csv", &m, NULL, err, sizeof err), -1);
    assert_int_equal(csv_write_matrix("/tmp", &m, NULL, err, sizeof err), -1);
    tensor_release(&m);
    tensor_release(&back);
}

/* the matrix product against the plain triple loop, every transpose */
static void test_matmul(void **state)
{
    (void)state;
    int dims[][3] = { { 4, 3, 2 }, { 5, 7, 3 }, { 6, 2, 9 }, { 1, 1, 1 }, { 3, 8, 4 } };
    for (int c = 0; c < 5; c++) {
        int n = dims[c][0], m = dims[c][1], p = dims[c][2];
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                tensor a = TENSOR_INIT, b = TENSOR_INIT, out = TENSOR_INIT, ref = TENSOR_INIT;
                tensor_init(&a, ta ? m : n, ta ? n : m);
                tensor_init(&b, tb ? p : m, tb ? m : p);
                tensor_init(&out, n, p);
                tensor_init(&ref, n, p);
                for (size_t i = 0; i < tensor_size(&a); i++)
                    a.data[i] = sin(i + 1.0);
                for (size_t i = 0; i < tensor_size(&b); i++)
                    b.data[i] = cos(i * 0.7);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < p; j++) {
                        double acc = 0;
                        for (int k = 0; k < m; k++)
                            acc += (ta ? T_AT(&a, k, i) : T_AT(&a, i, k)) * (tb ? T_AT(&b, j, k) : T_AT(&b, k, j));
                        T_AT(&ref, i, j) = acc;
                    }
                tensor_matmul(&out, &a, ta, &b, tb);
                /* the same order of summation: the same bits */
                assert_tensor_close(&out, &ref, 0, 0);
                tensor_release(&a); tensor_release(&b); tensor_release(&out); tensor_release(&ref);
            }
    }
    tensor t = TENSOR_INIT;
    assert_int_equal(tensor_init(&t, -1, 2), -1);
    assert_int_equal(tensor_init(&t, 1 << 20, 1 << 20), -1);
    assert_int_equal(tensor_init(&t, 3, 2), 0);
    for (int i = 0; i < 6; i++)
        t.data[i] = i;
    tensor s = TENSOR_INIT;
    tensor_init(&s, 1, 2);
    tensor_sum_rows(&s, &t);
    assert_close(s.data[0], 0 + 2 + 4, 0);
    assert_close(s.data[1], 1 + 3 + 5, 0);
    tensor_add_row(&t, &s);
    assert_close(T_AT(&t, 2, 1), 5 + 9, 0);
    tensor_release(&t);
    tensor_release(&s);
}

static double ulps(double a, double b)
{
    if (a == b)
        return 0;
    return fabs(a - b) / (nextafter(fabs(b), INFINITY) - fabs(b));
}

/* exp and tanh against libm over a million points (measured: exp within 1
 * ulp, tanh within 3; the test allows 2 and 4) */
static void test_vmath(void **state)
{
    (void)state;
    int n = 1000000;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    for (int i = 0; i < n; i++) {
        double u = (i + 0.5) / n;
        x[i] = i % 3 == 0 ? (u - 0.5) * 1400 : i % 3 == 1 ? (u - 0.5) * 40 : (u - 0.5) * 1e-3;
    }
    vec_exp(x, y, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
        double e = exp(x[i]);
        if (x[i] >= -708.0 && x[i] <= 709.0)
            worst = fmax(worst, ulps(y[i], e));
        else
            assert_true(y[i] == e);                 /* the tails go through libm */
    }
    assert_true(worst <= 2);
    vec_tanh(x, y, n);
    worst = 0;
    for (int i = 0; i < n; i++)
        worst = fmax(worst, ulps(y[i], tanh(x[i])));
    assert_true(worst <= 4);
    double edge[5] = { 40, -40, -0.0, NAN, INFINITY }, out[5];
    vec_tanh(edge, out, 5);
    assert_true(out[0] == 1 && out[1] == -1 && signbit(out[2]) && isnan(out[3]) && out[4] == 1);
    vec_exp(edge, out, 5);
    assert_true(isnan(out[3]) && isinf(out[4]));
    free(x);
    free(y);
}

static void test_literals(void **state)
{
    (void)state;
    char err[200];
    tensor t = TENSOR_INIT;
    int dims;
    assert_int_equal(literal_parse("2.5", &t, &dims, 0, 0, err, sizeof err), 0);
    assert_int_equal(dims, 0);
    assert_close(t.data[0], 2.5, 0);
    assert_int_equal(literal_parse("[2 1, 0.1]", &t, &dims, 0, 0, err, sizeof err), 0);
    assert_int_equal(dims, 1);
    assert_int_equal(t.cols, 3);
    assert_int_equal(literal_parse(" [[1,2],[3, 4]] ", &t, &dims, 0, 0, err, sizeof err), 0);
    assert_int_equal(dims, 2);
    assert_close(T_AT(&t, 1, 0), 3, 0);
    assert_int_equal(literal_parse("2 -inf 1", &t, &dims, LIT_NEG_INF, 0, err, sizeof err), 0);
    assert_true(isinf(t.data[1]));
    struct { const char *text, *msg; } bad[] = {
        { "nan", "NaN" }, { "[1, inf]", "not allowed" }, { "1e400", "out of range" },
        { "[[1,2],[3]]", "ragged" }, { "[1, 2", "missing ']'" }, { "[]", "empty" },
        { "[1] x", "unexpected" }, { "2 -inf", "not allowed" }, { "[1,,2]", "unexpected" },
        { "[[[1]]]", "too many brackets" }, { "", "missing value" }, { "1 2 3 4 5", "too many values" },
        { "0x", "malformed" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        assert_int_equal(literal_parse(bad[i].text, &t, &dims, 0, 4, err, sizeof err), -1);
        if (!strstr(err, bad[i].msg))
            print_error("literal '%s': got '%s', want '%s'\n", bad[i].text, err, bad[i].msg);
        assert_non_null(strstr(err, bad[i].msg));
    }
    assert_close(T_AT(&t, 0, 0), 2, 0);         /* untouched by the failures */
    tensor_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_matches_numpy),
        cmocka_unit_test(test_datasets_match_sklearn),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_matmul),
        cmocka_unit_test(test_vmath),
        cmocka_unit_test(test_literals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
