/* Unit tests of tensor_matmul and of the kernels of src/kernels/matmul.c
 * against the definition, bit for bit.
 *
 * tensor.c promises that every element of a product is the sum
 *     acc = 0.0;  for k = 0 .. m-1:  acc = acc + a_ik * b_kj
 * in that order, with the product rounded before the add (no fused
 * multiply-add), whatever the transposes, the shape, the tile kernel and
 * the instruction set. So the reference below is that loop, and results
 * are compared with memcmp (which also tells +0.0 from -0.0).
 *
 * The inputs have mixed magnitudes (2^-5 .. 2^6, both signs, 53 random
 * bits), so that summing in another order changes the last bits of most
 * elements, and fusing a multiply and an add those of many; test_inputs_tell_orders_apart checks that
 * the inputs really have that power. */
#include "check.h"
#include "rng.h"
#include "tensor.h"
#include "matmul.h"

/* ---------------------------------------------------------------- */
/* the reference and the inputs                                      */

/* out = op(a) op(b) by the definition: k in increasing order from 0.0
 * (-std=c11 keeps the multiply and the add apart) */
static void ref_matmul(tensor *out, const tensor *a, int ta, const tensor *b, int tb)
{
    int m = ta ? a->rows : a->cols;
    for (int i = 0; i < out->rows; i++)
        for (int j = 0; j < out->cols; j++) {
            double acc = 0.0;
            for (int k = 0; k < m; k++)
                acc += (ta ? T_AT(a, k, i) : T_AT(a, i, k)) * (tb ? T_AT(b, j, k) : T_AT(b, k, j));
            T_AT(out, i, j) = acc;
        }
}

/* a double of either sign with 53 random bits and a magnitude 2^-5 to
 * 2^6: sums of such terms round differently in every order (a wider
 * range lets the largest terms swallow the rounding of the others) */
static double mixed(struct rng *r)
{
    double v = ldexp(1.0 + rng_double(r), (int)(rng_u32(r) % 11) - 5);
    return rng_u32(r) & 1 ? -v : v;
}

static void fill_mixed(tensor *t, struct rng *r)
{
    for (size_t i = 0; i < tensor_size(t); i++)
        t->data[i] = mixed(r);
}

/* one product to check: out = op(a) . op(b) */
struct product {
    tensor a, b, out;
    int ta, tb;
};

/* the operands of an (n x m) . (m x p) product with the given transposes,
 * filled, and out (n x p) filled with NaN (it must be overwritten) */
static void product_make(struct product *pr, int n, int m, int p, int ta, int tb, struct rng *r)
{
    *pr = (struct product){ TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, ta, tb };
    assert_int_equal(tensor_init(&pr->a, ta ? m : n, ta ? n : m), 0);
    assert_int_equal(tensor_init(&pr->b, tb ? p : m, tb ? m : p), 0);
    assert_int_equal(tensor_init(&pr->out, n, p), 0);
    fill_mixed(&pr->a, r);
    fill_mixed(&pr->b, r);
    tensor_fill(&pr->out, NAN);
}

static void product_release(struct product *pr)
{
    tensor_release(&pr->a);
    tensor_release(&pr->b);
    tensor_release(&pr->out);
}

/* op(a)(i, k) and op(b)(k, j), to write */
static double *a_at(struct product *pr, int i, int k)
{
    return pr->ta ? &T_AT(&pr->a, k, i) : &T_AT(&pr->a, i, k);
}

static double *b_at(struct product *pr, int k, int j)
{
    return pr->tb ? &T_AT(&pr->b, j, k) : &T_AT(&pr->b, k, j);
}

/* tensor_matmul with the given kernel overwrites every element of out
 * (NaN before) with exactly the bits of the reference */
static void check_product(struct product *pr, int kernel)
{
    const tensor *a = &pr->a, *b = &pr->b;
    tensor *out = &pr->out;
    int n = out->rows, p = out->cols;
    tensor want = TENSOR_INIT;
    assert_int_equal(tensor_init(&want, n, p), 0);
    ref_matmul(&want, a, pr->ta, b, pr->tb);
    /* through tensor_matmul (the definition's loop for small products),
     * then straight through the kernels, whatever the size */
    for (int direct = 0; direct < 2; direct++) {
        if (direct && pr->ta && pr->tb)
            break;              /* the kernels leave that to the definition */
        tensor_fill(out, NAN);
        matmul_kernel(kernel);
        if (direct)
            matmul(out->data, out->cols, a->data, a->cols, pr->ta, b->data, b->cols, pr->tb, n,
                   pr->ta ? a->rows : a->cols, p);
        else
            tensor_matmul(out, a, pr->ta, b, pr->tb);
        matmul_kernel(MATMUL_KERNEL_BEST);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
                if (memcmp(&T_AT(out, i, j), &T_AT(&want, i, j), sizeof(double)) != 0)
                    fail_msg("kernel %d%s, %dx%d . %dx%d (ta %d, tb %d): out[%d][%d] = %.17g, the definition %.17g",
                             kernel, direct ? " (direct)" : "", n, pr->ta ? a->rows : a->cols,
                             pr->tb ? b->cols : b->rows, p, pr->ta, pr->tb, i, j, T_AT(out, i, j),
                             T_AT(&want, i, j));
    }
    tensor_release(&want);
}

/* the same with each kernel: the best, then each one asked for (on a
 * processor without AVX-512 or AVX2 those fall back, and pass again) */
static void check_every_kernel(struct product *pr)
{
    for (int kernel = MATMUL_KERNEL_BEST; kernel <= MATMUL_KERNEL_AVX512; kernel++)
        check_product(pr, kernel);
}

/* one random product of that shape and those transposes */
static void check_one(int n, int m, int p, int ta, int tb, struct rng *r)
{
    struct product pr;
    product_make(&pr, n, m, p, ta, tb, r);
    check_every_kernel(&pr);
    product_release(&pr);
}

/* ... in each transpose mode */
static void check_shape(int n, int m, int p, struct rng *r)
{
    for (int t = 0; t < 4; t++)
        check_one(n, m, p, t & 1, t >> 1, r);
}

/* ---------------------------------------------------------------- */
/* tests                                                              */

/* the inputs are worth testing with: for most elements the sum taken
 * backwards, and for many the sum with fused multiply-adds, has other
 * bits than the definition, so a kernel that did either would fail below */
static void test_inputs_tell_orders_apart(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 7);
    int n = 20, m = 37, p = 20, backwards = 0, fused = 0;
    struct product pr;
    product_make(&pr, n, m, p, 0, 0, &r);
    ref_matmul(&pr.out, &pr.a, 0, &pr.b, 0);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double back = 0.0, fma_acc = 0.0;
            for (int k = m - 1; k >= 0; k--)
                back += *a_at(&pr, i, k) * *b_at(&pr, k, j);
            for (int k = 0; k < m; k++)
                fma_acc = fma(*a_at(&pr, i, k), *b_at(&pr, k, j), fma_acc);
            backwards += back != T_AT(&pr.out, i, j);
            fused += fma_acc != T_AT(&pr.out, i, j);
        }
    if (backwards < n * p / 2 || fused < n * p / 4)
        fail_msg("only %d (backwards) and %d (fused) of %d elements differ", backwards, fused, n * p);
    product_release(&pr);
}

/* random shapes 1..70 in each dimension (tile edges, odd sizes, rows
 * and columns of one), plus the edges themselves */
static void test_matmul_random_shapes(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 1);
    for (int s = 0; s < 150; s++) {
        int n = 1 + (int)(rng_u32(&r) % 70), m = 1 + (int)(rng_u32(&r) % 70), p = 1 + (int)(rng_u32(&r) % 70);
        check_shape(n, m, p, &r);
    }
    int edges[] = { 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 33 };
    int ne = sizeof edges / sizeof edges[0];
    for (int i = 0; i < ne; i++)
        for (int j = 0; j < ne; j++) {
            check_shape(edges[i], 64, edges[j], &r);       /* n x p tiles and their edges */
            check_shape(edges[i], edges[j], 40, &r);       /* short and long inner sums */
            check_shape(40, edges[i], edges[j], &r);
        }
}

/* the network's products in bench mlp (784-128-10 on a batch of 256), reset_kernel),
 * and inner sizes on both sides of the k blocks (256) */
static void test_matmul_large(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 2);
    int shapes[][5] = {
        /* n, m, p, ta, tb */
        { 256, 784, 128, 0, 0 },    /* z1 = x.W1 */
        { 256, 128, 10, 0, 0 },     /* z2 = a1.W2 */
        { 128, 256, 10, 1, 0 },     /* dW2 = a1^T.delta3 */
        { 256, 10, 128, 0, 1 },     /* delta2 = delta3.W2^T */
        { 784, 256, 128, 1, 0 },    /* dW1 = x^T.delta2 */
        { 9, 255, 17, 0, 0 },  { 9, 256, 17, 1, 0 },  { 9, 257, 17, 0, 1 },
        { 17, 513, 9, 0, 0 },  { 17, 513, 9, 1, 0 },  { 17, 513, 9, 0, 1 },
        { 1, 600, 130, 0, 0 }, { 130, 600, 1, 1, 0 }, { 70, 1000, 70, 0, 1 },
        { 11, 30, 300, 0, 0 }, { 11, 30, 300, 1, 0 }, { 11, 30, 300, 0, 1 },
        { 9, 300, 529, 0, 0 }, { 9, 300, 529, 1, 0 }, { 9, 300, 529, 0, 1 },
        /* several blocks of out's rows (128) and columns (128) and of k
         * (256), each cut inside a tile, and rows of b too far apart to
         * read in place (more than 1024 doubles: b is copied) */
        { 263, 521, 149, 0, 0 }, { 263, 521, 149, 1, 0 }, { 263, 521, 149, 0, 1 },
        { 11, 67, 1031, 0, 0 }, { 11, 67, 1031, 1, 0 },
        /* a.b^T for fewer rows than a tile, taken as its transpose: the
         * flow view's delta3.W2^T on a batch of 4 through 1024 x 1024,
         * one row, and out^T cut in blocks and inside a tile; a.b of 4
         * rows or fewer in short tiles: the flow view's a1.W2, and cut */
        { 4, 1024, 1024, 0, 1 }, { 1, 700, 300, 0, 1 }, { 7, 8, 8, 0, 1 }, { 3, 90, 517, 0, 1 },
        { 4, 1024, 1024, 0, 0 }, { 3, 300, 45, 0, 0 }, { 2, 9, 1030, 0, 0 },
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        check_one(shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], shapes[s][4], &r);
}

/* sums start from +0.0: products that are all -0.0 (a zero row of op(a)
 * times a negative op(b)) give +0.0, as 0.0 + -0.0 does, not -0.0 (a sum
 * that started from its first term would); an infinity and a NaN go where
 * the definition puts them */
static void test_matmul_zeros_and_specials(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 3);
    for (int t = 0; t < 3; t++) {
        int m = 45;
        struct product pr;
        product_make(&pr, 19, m, 21, t == 1, t == 2, &r);
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < 21; j++)
                *b_at(&pr, k, j) = -fabs(*b_at(&pr, k, j));
            *a_at(&pr, 3, k) = 0.0;             /* row 3 of op(a): zeros */
        }
        *a_at(&pr, 8, 7) = INFINITY;
        *a_at(&pr, 10, 9) = NAN;
        *b_at(&pr, 7, 11) = 0.0;                /* inf * 0 = NaN there */
        for (int kernel = MATMUL_KERNEL_BEST; kernel <= MATMUL_KERNEL_AVX512; kernel++) {
            check_product(&pr, kernel);
            const tensor *out = &pr.out;
            assert_true(T_AT(out, 3, 4) == 0.0 && !signbit(T_AT(out, 3, 4)));
            assert_true(isinf(T_AT(out, 8, 0)));
            assert_true(isnan(T_AT(out, 8, 11)));
            assert_true(isnan(T_AT(out, 10, 0)));
            assert_true(isfinite(T_AT(out, 0, 0)));
        }
        product_release(&pr);
    }
}

/* an inner dimension of 0 gives zeros; matmul_kernel returns the
 * choice before and ignores values it does not know */
static void test_matmul_empty_and_choice(void **state)
{
    (void)state;
    tensor a = TENSOR_INIT, b = TENSOR_INIT, out = TENSOR_INIT;
    assert_int_equal(tensor_init(&a, 40, 0), 0);
    assert_int_equal(tensor_init(&b, 0, 40), 0);
    assert_int_equal(tensor_init(&out, 40, 40), 0);
    tensor_fill(&out, NAN);
    tensor_matmul(&out, &a, 0, &b, 0);
    for (size_t i = 0; i < tensor_size(&out); i++)
        assert_true(out.data[i] == 0.0 && !signbit(out.data[i]));

    assert_int_equal(matmul_kernel(MATMUL_KERNEL_PORTABLE), MATMUL_KERNEL_BEST);
    assert_int_equal(matmul_kernel(99), MATMUL_KERNEL_PORTABLE);
    assert_int_equal(matmul_kernel(-1), MATMUL_KERNEL_PORTABLE);
    assert_int_equal(matmul_kernel(MATMUL_KERNEL_BEST), MATMUL_KERNEL_PORTABLE);
    tensor_release(&a);
    tensor_release(&b);
    tensor_release(&out);
}

/* the kernels read and write through strides: a product of blocks inside
 * wider arrays (rows 5 doubles longer than the block) is the product of
 * the blocks alone, and the doubles beside the block of c stay as they were */
static void test_matmul_strides(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 4);
    int shapes[][3] = { { 3, 2, 3 }, { 200, 2, 3 }, { 40, 33, 17 }, { 9, 300, 20 }, { 64, 64, 64 } };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int t = 0; t < 3; t++) {
            int n = shapes[s][0], m = shapes[s][1], p = shapes[s][2], ta = t == 1, tb = t == 2;
            struct product pr;
            product_make(&pr, n, m, p, ta, tb, &r);
            ref_matmul(&pr.out, &pr.a, ta, &pr.b, tb);
            /* the same blocks, at an offset inside wider arrays */
            tensor A = TENSOR_INIT, Bw = TENSOR_INIT, C = TENSOR_INIT;
            assert_int_equal(tensor_init(&A, pr.a.rows + 2, pr.a.cols + 5), 0);
            assert_int_equal(tensor_init(&Bw, pr.b.rows + 2, pr.b.cols + 5), 0);
            assert_int_equal(tensor_init(&C, n + 2, p + 5), 0);
            fill_mixed(&A, &r);
            fill_mixed(&Bw, &r);
            tensor_fill(&C, -7.0);
            for (int i = 0; i < pr.a.rows; i++)
                memcpy(&T_AT(&A, i + 1, 2), &T_AT(&pr.a, i, 0), (size_t)pr.a.cols * sizeof(double));
            for (int i = 0; i < pr.b.rows; i++)
                memcpy(&T_AT(&Bw, i + 1, 2), &T_AT(&pr.b, i, 0), (size_t)pr.b.cols * sizeof(double));
            matmul(&T_AT(&C, 1, 2), C.cols, &T_AT(&A, 1, 2), A.cols, ta, &T_AT(&Bw, 1, 2), Bw.cols, tb, n, m, p);
            for (int i = 0; i < C.rows; i++)
                for (int j = 0; j < C.cols; j++) {
                    int inside = i >= 1 && i <= n && j >= 2 && j < p + 2;
                    double want = inside ? T_AT(&pr.out, i - 1, j - 2) : -7.0;
                    assert_memory_equal(&T_AT(&C, i, j), &want, sizeof want);
                }
            tensor_release(&A);
            tensor_release(&Bw);
            tensor_release(&C);
            product_release(&pr);
        }
}

/* matmul_add_until: each element starts from what c holds and adds its
 * terms in the definition's order, acc = c_ij; acc = acc + a_ik b_kj for
 * k = 0, 1, ... (the bias first, as the trainer's layers need), with
 * every kernel, the transposes and shapes small and blocked, m = 0
 * included (c then stays) */
static void test_matmul_add_starts_from_c(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 5);
    int shapes[][3] = { { 3, 2, 3 }, { 1, 7, 1 }, { 200, 2, 3 }, { 10, 128, 300 }, { 40, 33, 17 },
                        { 9, 300, 20 }, { 2, 600, 16 }, { 5, 0, 4 }, { 137, 300, 131 }, { 9, 70, 1030 },
                        /* fewer rows than a tile: a.b^T through its transpose in
                         * blocks of 256 columns (matmul_narrow), a.b in tiles of
                         * 4 rows (AVX-512) */
                        { 3, 40, 600 }, { 6, 300, 513 }, { 1, 9, 257 }, { 4, 300, 100 }, { 3, 520, 70 } };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int t = 0; t < 3; t++)
            for (int kernel = MATMUL_KERNEL_BEST; kernel <= MATMUL_KERNEL_AVX512; kernel++) {
                int n = shapes[s][0], m = shapes[s][1], p = shapes[s][2], ta = t == 1, tb = t == 2;
                struct product pr;
                product_make(&pr, n, m, p, ta, tb, &r);
                tensor want = TENSOR_INIT;
                assert_int_equal(tensor_init(&want, n, p), 0);
                fill_mixed(&pr.out, &r);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < p; j++) {
                        double acc = T_AT(&pr.out, i, j);
                        for (int k = 0; k < m; k++)
                            acc += *a_at(&pr, i, k) * *b_at(&pr, k, j);
                        T_AT(&want, i, j) = acc;
                    }
                matmul_kernel(kernel);
                assert_int_equal(matmul_add_until(pr.out.data, p, pr.a.data, pr.a.cols, ta, pr.b.data, pr.b.cols,
                                                  tb, n, m, p, NULL), 0);
                matmul_kernel(MATMUL_KERNEL_BEST);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < p; j++)
                        if (memcmp(&T_AT(&pr.out, i, j), &T_AT(&want, i, j), sizeof(double)) != 0)
                            fail_msg("kernel %d, %dx%dx%d (ta %d, tb %d): out[%d][%d] = %.17g, want %.17g", kernel,
                                     n, m, p, ta, tb, i, j, T_AT(&pr.out, i, j), T_AT(&want, i, j));
                tensor_release(&want);
                product_release(&pr);
            }
}

/* every test starts with the default kernel, even after one that failed
 * while it had asked for another */
static int reset_kernel(void **state)
{
    (void)state;
    matmul_kernel(MATMUL_KERNEL_BEST);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_inputs_tell_orders_apart, reset_kernel),
        cmocka_unit_test_setup(test_matmul_random_shapes, reset_kernel),
        cmocka_unit_test_setup(test_matmul_large, reset_kernel),
        cmocka_unit_test_setup(test_matmul_zeros_and_specials, reset_kernel),
        cmocka_unit_test_setup(test_matmul_empty_and_choice, reset_kernel),
        cmocka_unit_test_setup(test_matmul_strides, reset_kernel),
        cmocka_unit_test_setup(test_matmul_add_starts_from_c, reset_kernel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
