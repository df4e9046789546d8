/* Unit tests of rng.c and data.c: numpy's legacy RandomState bit for bit,
 * scikit-learn's moons and circles, the other generators' properties, and
 * CSV files (headers, CRLF, a BOM, blank lines, errors, atomic writes). */
#include "check.h"
#include "rng.h"
#include "csv.h"
#include "data.h"

/* ---------------------------------------------------------------- */
/* the generator                                                     */

/* random_sample() and randn() after np.random.seed(S): the same bits */
static void test_rng_matches_numpy(void **state)
{
    (void)state;
    unsigned seeds[] = { 0, 1, 12345 };
    for (int k = 0; k < 3; k++) {
        char name[32];
        struct rng r;
        snprintf(name, sizeof name, "uniform_%u", seeds[k]);
        tensor u = fixture_get("random.txt", name);
        rng_seed(&r, seeds[k]);
        for (int i = 0; i < u.cols; i++) {
            double v = rng_double(&r);
            assert_close(v, u.data[i], 0);
            assert_true(v >= 0.0 && v < 1.0);
        }
        snprintf(name, sizeof name, "gauss_%u", seeds[k]);
        tensor g = fixture_get("random.txt", name);
        rng_seed(&r, seeds[k]);
        for (int i = 0; i < g.cols; i++)    /* 11: odd, so the cached value is used too */
            assert_close(rng_gauss(&r), g.data[i], 0);
        tensor_release(&u);
        tensor_release(&g);
    }
}

/* seeding forgets the cached second Gaussian, as np.random.seed does */
static void test_reseed_forgets_cached_gauss(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 7);
    double first = rng_gauss(&r);       /* the polar method caches a second value */
    rng_seed(&r, 7);
    assert_close(rng_gauss(&r), first, 0);
    rng_seed(&r, 7);
    uint32_t a = rng_u32(&r);
    rng_seed(&r, 7);
    assert_true(rng_u32(&r) == a);
}

/* ---------------------------------------------------------------- */
/* data sets                                                         */

/* make_moons / make_circles after np.random.seed(S): labels equal exactly;
 * coordinates to 1e-15 absolute, because numpy's SIMD sin/cos may differ
 * from glibc's in the last bit (values are at most ~2, one ulp 4.4e-16) */
static void check_dataset(const struct dataset *d, const char *xname, const char *yname)
{
    tensor X = fixture_get("random.txt", xname), y = fixture_get("random.txt", yname);
    assert_tensor_close(&d->X, &X, 0, 1e-15);
    assert_int_equal(y.cols, d->X.rows);
    for (int i = 0; i < y.cols; i++)
        assert_int_equal(d->labels[i], (int)y.data[i]);
    assert_int_equal(d->n_classes, 2);
    tensor_release(&X);
    tensor_release(&y);
}

static void test_moons_and_circles_match_sklearn(void **state)
{
    (void)state;
    struct rng r;
    struct dataset d;
    memset(&d, 0, sizeof d);
    rng_seed(&r, 0);
    assert_int_equal(data_moons(&d, 200, 0.2, &r), 0);
    check_dataset(&d, "moons_X", "moons_y");
    dataset_release(&d);
    rng_seed(&r, 3);
    assert_int_equal(data_circles(&d, 100, 0.05, 0.8, &r), 0);
    check_dataset(&d, "circles_X", "circles_y");
    dataset_release(&d);
}

static void test_spiral_and_xor_properties(void **state)
{
    (void)state;
    struct rng r;
    struct dataset d;
    memset(&d, 0, sizeof d);
    rng_seed(&r, 0);
    assert_int_equal(data_spiral(&d, 300, 3, &r), 0);
    assert_int_equal(d.X.rows, 300);
    assert_int_equal(d.X.cols, 2);
    assert_int_equal(d.n_classes, 3);
    int count[3] = { 0, 0, 0 };
    for (int i = 0; i < 300; i++) {
        assert_in_range(d.labels[i], 0, 2);
        count[d.labels[i]]++;
        /* the cs231n spiral: radius in [0, 1] */
        assert_true(hypot(T_AT(&d.X, i, 0), T_AT(&d.X, i, 1)) <= 1.0 + 1e-12);
    }
    for (int c = 0; c < 3; c++)
        assert_int_equal(count[c], 100);
    dataset_release(&d);

    rng_seed(&r, 1);
    assert_int_equal(data_xor(&d, 500, 0.0, &r), 0);
    assert_int_equal(d.X.rows, 500);
    for (int i = 0; i < 500; i++) {
        double a = T_AT(&d.X, i, 0), b = T_AT(&d.X, i, 1);
        assert_true(a >= -1 && a < 1 && b >= -1 && b < 1);
        assert_int_equal(d.labels[i], (a > 0) != (b > 0));
    }
    dataset_release(&d);

    /* the same seed gives the same points */
    struct dataset e;
    memset(&e, 0, sizeof e);
    rng_seed(&r, 5);
    assert_int_equal(data_moons(&d, 50, 0.1, &r), 0);
    rng_seed(&r, 5);
    assert_int_equal(data_moons(&e, 50, 0.1, &r), 0);
    assert_tensor_close(&d.X, &e.X, 0, 0);
    dataset_release(&d);
    dataset_release(&e);
}

/* ---------------------------------------------------------------- */
/* CSV                                                               */

static const char *tmpdir;      /* check_tmpdir(), for the CSV files */

static int make_tmpdir(void **state)
{
    (void)state;
    tmpdir = check_tmpdir();
    return 0;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    check_tmpdir_remove();
    return 0;
}

/* write bytes to tmpdir/name; the path in path */
static void put_file(const char *name, const char *bytes, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(bytes, f);
    fclose(f);
}

static void test_csv_read_tolerates(void **state)
{
    (void)state;
    char path[256], err[256] = "";
    tensor m = TENSOR_INIT;
    /* a BOM, a header, CRLF, blank lines (also trailing), blanks round fields */
    put_file("ok.csv", "\xEF\xBB\xBFx0,x1,label\r\n1.5,-2,0\r\n\r\n 3e-3 , 4,1\r\n\n\n", path, sizeof path);
    assert_int_equal(csv_read_matrix(NULL, path, &m, err, sizeof err), 0);
    assert_int_equal(m.rows, 2);
    assert_int_equal(m.cols, 3);
    double want[6] = { 1.5, -2, 0, 3e-3, 4, 1 };
    for (int i = 0; i < 6; i++)
        assert_close(m.data[i], want[i], 0);
    /* no header, no final newline */
    put_file("plain.csv", "1,2\n3,4", path, sizeof path);
    assert_int_equal(csv_read_matrix(NULL, path, &m, err, sizeof err), 0);
    assert_int_equal(m.rows, 2);
    assert_close(T_AT(&m, 1, 1), 4.0, 0);
    tensor_release(&m);
}

/* every failure leaves m as it was and names the file and line */
static void check_csv_error(const char *name, const char *bytes, const char *want)
{
    char path[256], err[256] = "";
    tensor m = TENSOR_INIT;
    tensor_init(&m, 1, 1);
    m.data[0] = 42;
    if (bytes)
        put_file(name, bytes, path, sizeof path);
    else
        snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    assert_int_equal(csv_read_matrix(NULL, path, &m, err, sizeof err), -1);
    if (!strstr(err, want)) {
        print_error("error '%s' does not contain '%s'\n", err, want);
        fail();
    }
    assert_int_equal(m.rows, 1);
    assert_close(m.data[0], 42.0, 0);
    tensor_release(&m);
}

static void test_csv_read_errors(void **state)
{
    (void)state;
    check_csv_error("field.csv", "a,b\n1,2\n3,x\n", "line 3: 'x' is not a number");
    check_csv_error("ragged.csv", "1,2\r\n3,4\r\n5\r\n", "line 3: 1 fields, expected 2");
    check_csv_error("nan.csv", "1,2\n3,nan\n",
                    "line 2, field 2: 'nan' is not a finite number (nan, inf and -inf are not accepted)");
    check_csv_error("inf.csv", "1,2\n-inf,3\n", "line 2, field 1: '-inf' is not a finite number");
    check_csv_error("infs.csv", "nan,inf\n", "line 1, field 1: 'nan' is not a finite number");
    check_csv_error("big.csv", "1,2\n3,1e400\n", "line 2: '1e400' is out of range");
    /* a first line with numbers is data: a bad field in it is an error */
    check_csv_error("head1.csv", "1e400,2\n3,4\n", "line 1: '1e400' is out of range");
    check_csv_error("head2.csv", "1,2,\n3,4,5\n", "line 1: field 3 is empty");
    check_csv_error("head3.csv", "x,2\n3,4\n", "line 1: 'x' is not a number");
    check_csv_error("head4.csv", "1, nan\n3,4\n", "line 1, field 2: 'nan' is not a finite number");
    /* a field's bytes are escaped in the message */
    check_csv_error("esc.csv", "1,2\n3,\033[2J\n", "line 2: '\\x1b[2J' is not a number");
    check_csv_error("empty.csv", "", "holds no numbers");
    check_csv_error("missing.csv", NULL, "cannot open");
    check_csv_error("missing.csv", NULL, "missing.csv");
    check_csv_error(".", NULL, "is a directory");
}

static void test_csv_write_round_trips(void **state)
{
    (void)state;
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/out.csv", tmpdir);
    tensor m = TENSOR_INIT, back = TENSOR_INIT;
    tensor_init(&m, 3, 4);
    double vals[12] = { 0.1, 1.0 / 3.0, -2.5e-300, 1.7976931348623157e308,
                        4.9406564584124654e-324, -0.0, 123456789.123456789, 1e-17,
                        3.141592653589793, -2.718281828459045, 2.0 / 7.0, 1e22 };
    memcpy(m.data, vals, sizeof vals);
    assert_int_equal(csv_write_matrix(NULL, path, &m, "a,b,c,d", err, sizeof err), 0);
    assert_int_equal(csv_read_matrix(NULL, path, &back, err, sizeof err), 0);
    assert_int_equal(back.rows, 3);
    assert_int_equal(back.cols, 4);
    for (int i = 0; i < 12; i++)
        assert_memory_equal(&back.data[i], &vals[i], sizeof(double));   /* %.17g: exact, -0 too */
    /* overwrite in place; only out.csv in the directory (no temporary left) */
    assert_int_equal(csv_write_matrix(NULL, path, &m, NULL, err, sizeof err), 0);
    DIR *dir = opendir(tmpdir);
    assert_non_null(dir);
    struct dirent *e;
    while ((e = readdir(dir)))
        if (strstr(e->d_name, "tmp"))
            fail_msg("temporary file left: %s", e->d_name);
    closedir(dir);
    /* writing onto a directory fails */
    assert_int_equal(csv_write_matrix(NULL, tmpdir, &m, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "is a directory"));
    tensor_release(&m);
    tensor_release(&back);
}

static void test_dataset_csv_round_trip(void **state)
{
    (void)state;
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/moons.csv", tmpdir);
    struct rng r;
    struct dataset d, e;
    memset(&d, 0, sizeof d);
    memset(&e, 0, sizeof e);
    rng_seed(&r, 0);
    assert_int_equal(data_moons(&d, 40, 0.2, &r), 0);
    assert_int_equal(data_save_csv(NULL, path, &d, err, sizeof err), 0);
    assert_int_equal(data_load_csv(NULL, path, &e, err, sizeof err), 0);
    assert_tensor_close(&e.X, &d.X, 0, 0);
    for (int i = 0; i < 40; i++)
        assert_int_equal(e.labels[i], d.labels[i]);
    assert_int_equal(e.n_classes, 2);
    dataset_release(&e);
    /* a label that is not a class number */
    put_file("badlabel.csv", "0.5,1\n0.2,1.5\n", path, sizeof path);
    assert_int_equal(data_load_csv(NULL, path, &e, err, sizeof err), -1);
    assert_non_null(strstr(err, "row 2"));
    dataset_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_matches_numpy),
        cmocka_unit_test(test_reseed_forgets_cached_gauss),
        cmocka_unit_test(test_moons_and_circles_match_sklearn),
        cmocka_unit_test(test_spiral_and_xor_properties),
        cmocka_unit_test(test_csv_read_tolerates),
        cmocka_unit_test(test_csv_read_errors),
        cmocka_unit_test(test_csv_write_round_trips),
        cmocka_unit_test(test_dataset_csv_round_trip),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
