/* Unit tests of kernels/pool.c and of the products split between its
 * threads: the parts run side by side on other threads, and a product
 * split by rows or by columns gives the bits of one thread. */
#include <pthread.h>
#include <signal.h>

#include "check.h"
#include "matmul.h"
#include "pool.h"
#include "rng.h"

struct seen {
    pthread_t who[POOL_MAX_THREADS];
    int runs[POOL_MAX_THREADS];
    int blocked[POOL_MAX_THREADS];     /* SIGINT blocked on that thread */
};

static void note(void *arg, int part)
{
    struct seen *s = arg;
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    s->who[part] = pthread_self();
    s->runs[part]++;
    s->blocked[part] = sigismember(&mask, SIGINT);
}

/* every part runs once; parts 1.. on helper threads, each its own, which
 * block the signals (the handlers run on the main thread); many jobs in a
 * row, with fewer parts than threads too */
static void test_pool_runs_parts_on_helpers(void **state)
{
    (void)state;
    int was = pool_threads(3);
    for (int job = 0; job < 200; job++) {
        int parts = 1 + job % 3;
        struct seen s = { 0 };
        pool_run(note, &s, parts);
        for (int p = 0; p < parts; p++)
            assert_int_equal(s.runs[p], 1);
        assert_true(pthread_equal(s.who[0], pthread_self()));
        assert_int_equal(s.blocked[0], 0);
        for (int p = 1; p < parts; p++) {
            assert_false(pthread_equal(s.who[p], pthread_self()));
            assert_int_equal(s.blocked[p], 1);
            for (int q = 1; q < p; q++)
                assert_false(pthread_equal(s.who[p], s.who[q]));
        }
    }
    pool_threads(was);
    assert_int_equal(pool_size(), was);
}

static void fill(double *x, size_t n, struct rng *r)
{
    for (size_t i = 0; i < n; i++)
        x[i] = ldexp(1.0 + rng_double(r), (int)(rng_u32(r) % 11) - 5) * (rng_u32(r) & 1 ? -1 : 1);
}

/* large products (split by rows when out has many, by columns when it
 * has few), plain and adding onto c, transposed or not, on 1 to 4
 * threads: memcmp-equal to one thread */
static void test_split_products_same_bits(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 9);
    int shapes[][3] = { { 131, 200, 77 }, { 10, 300, 1000 }, { 3, 500, 700 }, { 640, 64, 40 },
                        { 270, 300, 140 }, { 9, 40, 1100 } };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int t = 0; t < 3; t++)
            for (int add = 0; add < 2; add++) {
                int n = shapes[s][0], m = shapes[s][1], p = shapes[s][2], ta = t == 1, tb = t == 2;
                size_t na = (size_t)n * m, nb = (size_t)m * p, nc = (size_t)n * p;
                double *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b), *c0 = malloc(nc * sizeof *c0);
                double *want = malloc(nc * sizeof *want), *got = malloc(nc * sizeof *got);
                assert_non_null(a && b && c0 && want && got);
                fill(a, na, &r);
                fill(b, nb, &r);
                fill(c0, nc, &r);
                for (int threads = 1; threads <= 4; threads++) {
                    int was = pool_threads(threads);
                    double *out = threads == 1 ? want : got;
                    memcpy(out, c0, nc * sizeof *out);
                    int (*f)(double *, ptrdiff_t, const double *, ptrdiff_t, int, const double *, ptrdiff_t, int,
                             int, int, int, stop_flag *) = add ? matmul_add_until : matmul_until;
                    assert_int_equal(f(out, p, a, ta ? n : m, ta, b, tb ? m : p, tb, n, m, p, NULL), 0);
                    pool_threads(was);
                    if (threads > 1 && memcmp(got, want, nc * sizeof *got) != 0)
                        fail_msg("%dx%dx%d ta %d tb %d add %d: %d threads differ from one", n, m, p, ta, tb, add,
                                 threads);
                }
                free(a);
                free(b);
                free(c0);
                free(want);
                free(got);
            }
}

/* a raised stop flag ends every part: 1, as on one thread */
static void test_split_product_stops(void **state)
{
    (void)state;
    static volatile sig_atomic_t flag = 1;
    int n = 200, m = 300, p = 200;
    double *a = calloc((size_t)n * m, sizeof *a), *b = calloc((size_t)m * p, sizeof *b);
    double *c = calloc((size_t)n * p, sizeof *c);
    assert_non_null(a && b && c);
    int was = pool_threads(2);
    assert_int_equal(matmul_until(c, p, a, m, 0, b, p, 0, n, m, p, &flag), 1);
    pool_threads(was);
    free(a);
    free(b);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_runs_parts_on_helpers),
        cmocka_unit_test(test_split_products_same_bits),
        cmocka_unit_test(test_split_product_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
