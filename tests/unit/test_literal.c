/* Unit tests of literal.c: numpy-like literals (scalars, vectors,
 * matrices, -inf where allowed) and their error messages, each rejection
 * leaving the target tensor untouched. */
#include "check.h"
#include "literal.h"

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
        cmocka_unit_test(test_literal_accepts),
        cmocka_unit_test(test_literal_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
