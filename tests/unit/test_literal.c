/* Unit tests of literal.c: numpy-like literals (scalars, vectors,
 * matrices, -inf where allowed) and their error messages, each rejection
 * leaving the target tensor untouched. */
#include "check.h"
#include "literal.h"
#include "paste.h"

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

/* what numpy and PyTorch print reads as the literal inside */
static void test_literal_pastes(void **state)
{
    (void)state;
    double m[4] = { 0.1, -0.2, 0.3, 0.4 }, one[1] = { 0.5 }, v[2] = { 1, 2 };
    check_parse("array([[ 0.1, -0.2],\n       [ 0.3,  0.4]])", 0, 2, 2, 2, m);
    check_parse("np.array([[ 0.1, -0.2], [ 0.3,  0.4]], dtype=float32)", 0, 2, 2, 2, m);
    check_parse("tensor([[ 0.1000, -0.2000],\n        [ 0.3000,  0.4000]], dtype=torch.float64)", 0, 2, 2, 2, m);
    check_parse("Parameter containing:\ntensor([[ 0.1, -0.2], [ 0.3, 0.4]], requires_grad=True)", 0, 2, 2, 2, m);
    check_parse("[[ 0.1 -0.2]\n [ 0.3  0.4]]", 0, 2, 2, 2, m);
    check_parse("np.float64(0.5)", 0, 0, 1, 1, one);
    check_parse("tensor(0.5000, grad_fn=<SumBackward0>)", 0, 0, 1, 1, one);
    check_parse("array([1, 2])", 0, 1, 1, 2, v);
    check_reject("array([0., 0., ..., 0.])", 0, 0, "summarised");
    check_reject("foo([1, 2])", 0, 0, "not a value gradlab reads");
    check_reject("array([1, 2]", 0, 0, "missing ')'");
    check_reject("array([1, 2], dtype=complex128)", 0, 0, "complex");
    check_reject("array([1, 2]) x", 0, 0, "after ')'");
}

/* the half unit of each number: at the finest decimals of its kind, as
 * numpy prints every entry of an array to the same decimals */
static void test_literal_half_units(void **state)
{
    (void)state;
    tensor t = TENSOR_INIT, r = TENSOR_INIT;
    int d;
    char err[128];
    assert_int_equal(literal_parse_res("[0.5, 0.12345679, 0.]", &t, &r, &d, 0, 0, err, sizeof err), 0);
    for (int k = 0; k < 3; k++)
        assert_close(r.data[k], 0.5e-8, 1e-15);
    assert_int_equal(literal_parse_res("[1.5000e-05, 2.0000e+00, 0x1p-3, 7]", &t, &r, &d, 0, 0, err, sizeof err), 0);
    assert_close(r.data[0], 0.5e-9, 1e-15);
    assert_close(r.data[1], 0.5e-4, 1e-15);
    assert_close(r.data[2], 0.0, 0);
    assert_close(r.data[3], 0.5, 1e-15);
    tensor_release(&t);
    tensor_release(&r);
}

/* lines pasted until their brackets close; a new command or the end ends
 * a paste of several lines with an error, a single open line runs as is */
static void test_paste_lines(void **state)
{
    (void)state;
    struct paste_lines p = PASTE_LINES_INIT;
    const char *run;
    char err[200];
    assert_int_equal(paste_feed(&p, "W1 = array([[ 0.1, -0.2],", &run, err, sizeof err), PASTE_MORE);
    assert_int_equal(paste_feed(&p, "       [ 0.3,  0.4]])", &run, err, sizeof err), PASTE_RUN);
    assert_string_equal(run, "W1 = array([[ 0.1, -0.2],        [ 0.3,  0.4]])");
    assert_int_equal(paste_feed(&p, "logits 1 2 # [", &run, err, sizeof err), PASTE_RUN);
    assert_int_equal(paste_open("x = [[1, 2], [3", err, sizeof err), 2);
    assert_string_equal(err, "]]");
    assert_int_equal(paste_feed(&p, "x = [[1,", &run, err, sizeof err), PASTE_MORE);
    assert_int_equal(paste_feed(&p, "[2,", &run, err, sizeof err), PASTE_MORE);
    assert_int_equal(paste_feed(&p, "step", &run, err, sizeof err), PASTE_FLUSH);
    assert_null(run);
    assert_non_null(strstr(err, "missing ']]]'"));
    assert_int_equal(paste_feed(&p, "logits [1 2", &run, err, sizeof err), PASTE_MORE);
    assert_int_equal(paste_feed(&p, "", &run, err, sizeof err), PASTE_FLUSH);
    assert_string_equal(run, "logits [1 2");
    assert_int_equal(paste_feed(&p, "x = [[1,", &run, err, sizeof err), PASTE_MORE);
    assert_int_equal(paste_feed(&p, " 2]", &run, err, sizeof err), PASTE_MORE);
    assert_int_equal(paste_end(&p, &run, err, sizeof err), 1);
    assert_null(run);
    assert_non_null(strstr(err, "the input ended inside a value: missing ']'"));
    assert_int_equal(paste_end(&p, &run, err, sizeof err), 0);
    paste_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_accepts),
        cmocka_unit_test(test_literal_rejects),
        cmocka_unit_test(test_literal_pastes),
        cmocka_unit_test(test_literal_half_units),
        cmocka_unit_test(test_paste_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
