/* The .npy reader and writer (core/npy.c) against files numpy wrote:
 * tests/ref/npy/, made by tests/ref/make_npy.py, with expect.txt giving
 * each good file's values as the bits of each double, and each bad
 * file's error. Every value must come back bit for bit; gradlab's writer
 * must give np.save's bytes; every bad file is refused with its line and
 * leaves the tensor it was given as it was. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "npy.h"

#define DIR_REF "tests/ref/npy/"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 22);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 22, f);
    fclose(f);
    return buf;
}

/* gradlab's writer gives the fixture's bytes */
static void check_same_bytes(const char *path, const tensor *m, int ndim)
{
    char out[700];
    snprintf(out, sizeof out, "%s/same.npy", check_tmpdir());
    char err[400] = "";
    if (npy_write(NULL, out, m, ndim, err, sizeof err) != 0)
        fail_msg("%s: %s", path, err);
    size_t a, b;
    char *want = slurp(path, &a), *got = slurp(out, &b);
    if (a != b || memcmp(want, got, a) != 0)
        fail_msg("%s: gradlab's file (%zu bytes) differs from numpy's (%zu bytes)", path, b, a);
    free(want);
    free(got);
}

static void check_good(char *rest, int *count)
{
    char name[64];
    int ndim, rows, cols, same, used;
    assert_int_equal(sscanf(rest, "%63s %d %d %d %d%n", name, &ndim, &rows, &cols, &same, &used), 5);
    char path[200], err[400] = "";
    snprintf(path, sizeof path, DIR_REF "%s.npy", name);
    tensor m = TENSOR_INIT;
    struct npy_info info;
    if (npy_read(NULL, path, &m, &info, err, sizeof err, NULL) != 0)
        fail_msg("%s: %s", path, err);
    if (info.ndim != ndim || m.rows != rows || m.cols != cols)
        fail_msg("%s: %d-d %dx%d, expected %d-d %dx%d", path, info.ndim, m.rows, m.cols, ndim, rows, cols);
    check_bits_hex(path, &m, rest + used);
    if (same)
        check_same_bytes(path, &m, ndim);
    tensor_release(&m);
    ++*count;
}

static void check_bad(char *rest, int *count)
{
    char name[64];
    char *words = fixture_words(rest, name, sizeof name);
    char path[200], err[400] = "";
    snprintf(path, sizeof path, DIR_REF "%s.npy", name);
    double keep[2] = { 1.5, -2.5 };
    tensor m = { 1, 2, keep };
    if (npy_read(NULL, path, &m, NULL, err, sizeof err, NULL) == 0)
        fail_msg("%s was read (%dx%d)", path, m.rows, m.cols);
    if (!strstr(err, words))
        fail_msg("%s: said \"%s\", expected \"%s\"", path, err, words);
    char quoted[300];
    snprintf(quoted, sizeof quoted, "'%s", path);
    if (strncmp(err, quoted, strlen(quoted)) != 0 || strchr(err, '\n'))
        fail_msg("%s: \"%s\" is not one line naming the file", path, err);
    assert_true(m.rows == 1 && m.cols == 2 && m.data == keep && keep[0] == 1.5 && keep[1] == -2.5);
    ++*count;
}

static void test_fixtures(void **state)
{
    (void)state;
    FILE *f = fopen(DIR_REF "expect.txt", "r");
    assert_non_null(f);
    static char line[1 << 16];
    int good = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "good ", 5))
            check_good(line + 5, &good);
        else if (!strncmp(line, "bad ", 4))
            check_bad(line + 4, &bad);
    }
    fclose(f);
    assert_true(good >= 29);
    assert_true(bad >= 30);
}

/* what numpy cannot write for the fixtures: gradlab's own values out and
 * back, and a header numpy pads to a different length */
static void test_round_trip(void **state)
{
    (void)state;
    char path[700], err[400] = "";
    snprintf(path, sizeof path, "%s/rt.npy", check_tmpdir());
    double v[6] = { -0.0, 5e-324, 1e308, -1.0 / 3.0, 0.1, 4.9406564584124654e-324 * 3 };
    for (int ndim = 0; ndim <= 2; ndim++) {
        tensor m = { ndim == 0 ? 1 : ndim == 1 ? 1 : 2, ndim == 0 ? 1 : ndim == 1 ? 6 : 3, v };
        assert_int_equal(npy_write(NULL, path, &m, ndim, err, sizeof err), 0);
        tensor back = TENSOR_INIT;
        struct npy_info info;
        assert_int_equal(npy_read(NULL, path, &back, &info, err, sizeof err, NULL), 0);
        assert_int_equal(info.ndim, ndim);
        assert_int_equal(info.major, 1);
        assert_int_equal(back.rows, m.rows);
        assert_int_equal(back.cols, m.cols);
        assert_memory_equal(back.data, v, tensor_size(&m) * sizeof *v);
        tensor_release(&back);
        /* the header: version 1.0, the data at a multiple of 64 bytes */
        size_t len;
        char *buf = slurp(path, &len);
        size_t hlen = (unsigned char)buf[8] | (size_t)(unsigned char)buf[9] << 8;
        assert_int_equal((10 + hlen) % 64, 0);
        assert_int_equal(len, 10 + hlen + tensor_size(&m) * 8);
        assert_int_equal(buf[10 + hlen - 1], '\n');
        free(buf);
    }
    /* a wide matrix: the first axis's digits change numpy's padding */
    tensor w = TENSOR_INIT;
    assert_int_equal(tensor_init(&w, 12345, 2), 0);
    assert_int_equal(npy_write(NULL, path, &w, 2, err, sizeof err), 0);
    size_t len;
    char *buf = slurp(path, &len);
    assert_memory_equal(buf + 10, "{'descr': '<f8', 'fortran_order': False, 'shape': (12345, 2), }", 63);
    free(buf);
    tensor_release(&w);
}

/* a FIFO or a folder is not read (and never blocks); a confined policy's
 * rules hold for .npy files as for every file */
static void test_not_files(void **state)
{
    (void)state;
    char fifo[700], err[400] = "";
    snprintf(fifo, sizeof fifo, "%s/pipe.npy", check_tmpdir());
    assert_int_equal(mkfifo(fifo, 0600), 0);
    tensor m = TENSOR_INIT;
    assert_int_equal(npy_read(NULL, fifo, &m, NULL, err, sizeof err, NULL), -1);
    assert_non_null(strstr(err, "is not a regular file (a FIFO)"));
    assert_int_equal(npy_read(NULL, check_tmpdir(), &m, NULL, err, sizeof err, NULL), -1);
    assert_non_null(strstr(err, "is a directory"));
    struct file_policy pol;
    file_policy_confine(&pol, "a lesson", check_tmpdir(), check_tmpdir());
    assert_int_equal(npy_read(&pol, "../x.npy", &m, NULL, err, sizeof err, NULL), -1);
    assert_non_null(strstr(err, "goes up a folder"));
    assert_null(m.data);
}

/* a raised stop flag ends the read (C-order float64 straight in, and a
 * converted dtype), the tensor given left as it was */
static void test_stop(void **state)
{
    (void)state;
    static volatile sig_atomic_t raised = 1;
    const char *files[2] = { DIR_REF "f8_1000.npy", DIR_REF "i4.npy" };
    for (int k = 0; k < 2; k++) {
        char err[400] = "";
        tensor m = TENSOR_INIT;
        assert_int_equal(npy_read(NULL, files[k], &m, NULL, err, sizeof err, &raised), ST_STOPPED);
        assert_null(m.data);
        assert_int_equal(npy_read(NULL, files[k], &m, NULL, err, sizeof err, NULL), 0);
        tensor_release(&m);
    }
}

static void test_path(void **state)
{
    (void)state;
    assert_true(npy_path("a.npy"));
    assert_true(npy_path("dir/A.NPY"));
    assert_false(npy_path(".npy"));
    assert_false(npy_path("a.npz"));
    assert_false(npy_path("a.csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_not_files),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
