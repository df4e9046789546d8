/* Unit tests of tensor.c beyond the product's bits (test_matmul.c): matmul
 * with each transpose flag against a naive loop, sum_rows, add_row, the
 * size limits, copy, move and finiteness. */
#include "check.h"
#include "tensor.h"

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
    assert_int_equal(tensor_init(&a, 1, (int)TENSOR_MAX_ELEMS + 1), ST_TOO_BIG);
    assert_int_equal(tensor_init(&a, 1 << 16, 1 << 16), ST_TOO_BIG);    /* 2^32: no int overflow */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matmul_each_transpose),
        cmocka_unit_test(test_rows_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
