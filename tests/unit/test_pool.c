/* Unit tests of kernels/pool.c and of the work split between its
 * threads: the parts run side by side on other threads, a job within a
 * part runs there, ranges cover their values once; a product split by
 * rows or by columns, the staged pass and the training pass (both ways)
 * give the bits of one thread; and the batch of 256 on two threads is
 * really shared. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#include "check.h"
#include "randnet.h"
#include "matmul.h"
#include "net.h"
#include "pool.h"
#include "rng.h"
#include "trainer.h"

struct seen {
    pthread_t who[POOL_MAX_THREADS];
    atomic_int runs[POOL_MAX_THREADS];
    int blocked[POOL_MAX_THREADS];     /* SIGINT blocked on that thread */
    int parts;                          /* with wait: part 0 waits for the others */
};

static void note(void *arg, int part)
{
    struct seen *s = arg;
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    s->who[part] = pthread_self();
    s->blocked[part] = sigismember(&mask, SIGINT);
    atomic_fetch_add(&s->runs[part], 1);
    /* part 0 (the caller's) waits up to 10 s for the helpers to have
     * taken theirs, which the caller would otherwise run itself */
    for (int p = 1, i = 0; part == 0 && p < s->parts && i < 100000; i += !atomic_load(&s->runs[p]))
        if (atomic_load(&s->runs[p]))
            p++;
        else
            nanosleep(&(struct timespec){ 0, 100000 }, NULL);
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
        struct seen s = { .parts = parts };
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

/* with the helpers held (pool_hold), the caller claims and runs every
 * part itself, each once, and the job still counts as handed out */
static void test_pool_caller_takes_late_parts(void **state)
{
    (void)state;
    int was = pool_threads(3);
    pool_hold(1);
    for (int job = 0; job < 50; job++) {
        struct seen s = { .parts = 0 };
        unsigned long handed = pool_handed();
        pool_run(note, &s, 3);
        assert_int_equal(pool_handed(), handed + 2);
        for (int p = 0; p < 3; p++) {
            assert_int_equal(s.runs[p], 1);
            assert_true(pthread_equal(s.who[p], pthread_self()));
        }
    }
    pool_hold(0);
    pool_threads(was);
}

/* no parts: nothing runs and nothing is handed out; more parts than
 * there can be helpers: each runs once, those past the helpers on the
 * caller */
static atomic_int counted[3 * POOL_MAX_THREADS];

static void count_part(void *arg, int part)
{
    (void)arg;
    atomic_fetch_add(&counted[part], 1);
}

static void test_pool_odd_part_counts(void **state)
{
    (void)state;
    int was = pool_threads(POOL_MAX_THREADS);
    const int counts[] = { 0, 1, 2, POOL_MAX_THREADS, POOL_MAX_THREADS + 1, 3 * POOL_MAX_THREADS };
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        for (int p = 0; p < 3 * POOL_MAX_THREADS; p++)
            atomic_store(&counted[p], 0);
        unsigned long handed = pool_handed();
        pool_run(count_part, NULL, counts[c]);
        for (int p = 0; p < 3 * POOL_MAX_THREADS; p++)
            if (atomic_load(&counted[p]) != (p < counts[c]))
                fail_msg("%d parts: part %d ran %d times", counts[c], p, atomic_load(&counted[p]));
        unsigned long more = pool_handed() - handed;
        assert_true(more <= (unsigned long)(counts[c] > POOL_MAX_THREADS ? POOL_MAX_THREADS - 1
                                            : counts[c] > 1 ? counts[c] - 1 : 0));
    }
    pool_threads(was);
}

/* a job started within a part runs there, all its parts in turn, and
 * hands nothing to the helpers (pool_run is not reentered) */
struct nested {
    struct seen inner[POOL_MAX_THREADS];
    int available[POOL_MAX_THREADS];
};

static void nest(void *arg, int part)
{
    struct nested *n = arg;
    n->available[part] = pool_available();
    pool_run(note, &n->inner[part], 2);
}

static void test_pool_job_within_a_part(void **state)
{
    (void)state;
    int was = pool_threads(2);
    assert_int_equal(pool_available(), 2);
    struct nested n = { 0 };
    unsigned long handed = pool_handed();
    pool_run(nest, &n, 2);
    assert_int_equal(pool_handed(), handed + 1);        /* the outer job's part 1 only */
    for (int p = 0; p < 2; p++) {
        assert_int_equal(n.available[p], 1);
        assert_int_equal(n.inner[p].runs[0], 1);
        assert_int_equal(n.inner[p].runs[1], 1);
        assert_true(pthread_equal(n.inner[p].who[0], n.inner[p].who[1]));
    }
    assert_int_equal(pool_available(), 2);
    pool_threads(was);
}

/* pool_for: every value in exactly one range, ranges of whole units but
 * the last, no more parts than threads, one part for one unit */
struct ranges {
    int hits[1000];
    size_t lo[POOL_MAX_THREADS], hi[POOL_MAX_THREADS];
    int parts_seen[POOL_MAX_THREADS];
};

static void mark(void *arg, int part, size_t lo, size_t hi)
{
    struct ranges *r = arg;
    r->lo[part] = lo;
    r->hi[part] = hi;
    r->parts_seen[part]++;
    for (size_t i = lo; i < hi; i++)
        r->hits[i]++;
}

static void test_pool_for_ranges(void **state)
{
    (void)state;
    int was = pool_threads(1);
    size_t counts[] = { 0, 1, 63, 64, 65, 128, 129, 999, 1000 };
    size_t units[] = { 0, 1, 7, 64 };      /* 0: taken as 1 */
    for (int threads = 1; threads <= 4; threads++)
        for (size_t c = 0; c < sizeof counts / sizeof *counts; c++)
            for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
                pool_threads(threads);
                struct ranges *r = calloc(1, sizeof *r);
                assert_non_null(r);
                size_t count = counts[c], unit = units[u];
                int parts = pool_for(mark, r, count, unit);
                unit = unit ? unit : 1;
                size_t whole = (count + unit - 1) / unit;
                assert_true(parts >= 1 && parts <= threads);
                assert_true(parts == 1 || (size_t)parts <= whole);
                if (whole >= 2 && threads >= 2)
                    assert_true(parts >= 2);
                for (size_t i = 0; i < count; i++)
                    assert_int_equal(r->hits[i], 1);
                for (int p = 0; p < parts; p++) {
                    assert_int_equal(r->parts_seen[p], 1);
                    if (p + 1 < parts) {
                        assert_int_equal(r->lo[p + 1], r->hi[p]);
                        assert_int_equal(r->hi[p] % unit, 0);
                    }
                }
                free(r);
            }
    pool_threads(was);
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

/* run t of a comparison: 1, 2 or 3 threads, or (t = 3) 2 threads with
 * the helper held, so that the caller runs its parts too */
static void use_threads(int t)
{
    pool_threads(t == 3 ? 2 : t + 1);
    pool_hold(t == 3);
}

static const char *const staged_names[] = { "z1", "a1", "z2", "a2", "delta3", "dW2", "db2", "delta2", "dW1", "db1" };
enum { STAGED_VALUES = sizeof staged_names / sizeof *staged_names };

/* the staged pass (every stage, forward and backward) of a net on 1 to 3
 * threads, and on 2 with the helper held: memcmp-equal values and loss. Shapes on either side of the
 * products' split and of the shared elementwise work (16384 values),
 * every activation. */
static void test_staged_pass_same_bits(void **state)
{
    (void)state;
    int shapes[][4] = {     /* D, H, K, N */
        { 2, 3, 2, 200 }, { 784, 128, 10, 256 }, { 64, 256, 10, 64 }, { 20, 129, 3, 127 },
        { 300, 40, 7, 513 }, { 5, 1000, 2, 17 }, { 33, 64, 12, 1000 },
    };
    int was = pool_threads(1);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (int act = 0; act < ACT_COUNT; act++) {
            struct net n[4];
            for (int t = 0; t < 4; t++) {
                use_threads(t);
                random_net(&n[t], shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], (enum act)act,
                           (uint32_t)(11 * s + (size_t)act));
                n[t].reg = 0.01;
                assert_int_equal(net_run_to(&n[t], STAGE_DB1), 0);
            }
            pool_hold(0);
            for (int t = 1; t < 4; t++) {
                if (memcmp(&n[t].loss_sum, &n[0].loss_sum, sizeof(double)) != 0)
                    fail_msg("shape %zu act %d: the loss on %d threads differs", s, act, t + 1);
                for (int v = 0; v < STAGED_VALUES; v++) {
                    const tensor *a = net_tensor(&n[0], staged_names[v]), *b = net_tensor(&n[t], staged_names[v]);
                    if (memcmp(a->data, b->data, tensor_size(a) * sizeof(double)) != 0)
                        fail_msg("%d-%d-%d, N = %d, act %d: %s on %d threads differs from one", shapes[s][0],
                                 shapes[s][1], shapes[s][2], shapes[s][3], act, staged_names[v], t + 1);
                }
            }
            for (int t = 0; t < 4; t++)
                net_release(&n[t]);
        }
    pool_threads(was);
}

/* the training pass, each way, on 1 to 3 threads and on 2 held: the
 * gradients and, after three steps, the weights memcmp-equal (both ways'
 * elementwise work shared, the wide way's products and its dW in bands
 * of rows) */
static void test_trainer_same_bits(void **state)
{
    (void)state;
    int shapes[][4] = {     /* D, H, K, N */
        { 2, 64, 2, 1000 }, { 2, 3, 2, 200 }, { 784, 128, 10, 300 }, { 40, 300, 3, 99 }, { 9, 20, 3, 2000 },
    };
    int was = pool_threads(1);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (int way = TRAINER_NARROW; way <= TRAINER_WIDE; way++)
            for (int act = 0; act < ACT_COUNT; act++) {
                struct net n[4];
                struct trainer tr[4];
                for (int t = 0; t < 4; t++) {
                    use_threads(t);
                    random_net(&n[t], shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], (enum act)act,
                               (uint32_t)(13 * s + (size_t)act));
                    n[t].reg = 0.01;
                    n[t].reduce = REDUCE_MEAN;
                    trainer_init(&tr[t]);
                    tr[t].way = way;
                    for (int step = 0; step < 3; step++)
                        assert_int_equal(trainer_step(&tr[t], &n[t], 0.1, trainer_scale(&n[t])), 0);
                    assert_int_equal(trainer_gradients(&tr[t], &n[t], 1.0), 0);
                }
                pool_hold(0);
                for (int t = 1; t < 4; t++) {
                    const char *names[] = { "dW1", "db1", "dW2", "db2", "W1", "b1", "W2", "b2" };
                    for (int v = 0; v < 8; v++) {
                        const tensor *a = net_tensor(&n[0], names[v]), *b = net_tensor(&n[t], names[v]);
                        if (memcmp(a->data, b->data, tensor_size(a) * sizeof(double)) != 0)
                            fail_msg("%d-%d-%d, N = %d, way %d, act %d: %s on %d threads differs from one",
                                     shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], way, act, names[v],
                                     t + 1);
                    }
                }
                for (int t = 0; t < 4; t++) {
                    trainer_release(&tr[t]);
                    net_release(&n[t]);
                }
            }
    pool_threads(was);
}

/* 784-128-10 on a batch of 256 on two threads: its stages hand parts to
 * the helper (every stage but the softmax, delta3 and db2, which are too
 * small to share), and so does one training pass of it; on one thread
 * nothing is handed */
static void test_batch_256_shared(void **state)
{
    (void)state;
    struct net n;
    random_net(&n, 784, 128, 10, 256, ACT_TANH, 5);
    int was = pool_threads(1);
    unsigned long h0 = pool_handed();
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);
    assert_int_equal(pool_handed(), h0);
    pool_threads(2);
    n.stage = STAGE_NONE;
    unsigned long handed[STAGE_COUNT] = { 0 };
    for (int st = STAGE_Z1; st <= STAGE_DB1; st++) {
        unsigned long before = pool_handed();
        assert_int_equal(net_run_to(&n, (enum stage)st), 0);
        handed[st] = pool_handed() - before;
    }
    int shared[] = { STAGE_Z1, STAGE_A1, STAGE_Z2, STAGE_LOSS, STAGE_DW2, STAGE_DELTA2, STAGE_DW1, STAGE_DB1 };
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
        if (handed[shared[i]] != 1)
            fail_msg("stage %s of a batch of 256 on two threads handed %lu parts to the helper, not one job's",
                     stage_names[shared[i]], handed[shared[i]]);
    struct trainer tr;
    trainer_init(&tr);
    h0 = pool_handed();
    assert_int_equal(trainer_step(&tr, &n, 0.1, 1.0), 0);
    assert_true(pool_handed() - h0 >= 6);
    trainer_release(&tr);
    pool_threads(was);
    net_release(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_runs_parts_on_helpers),
        cmocka_unit_test(test_pool_caller_takes_late_parts),
        cmocka_unit_test(test_pool_odd_part_counts),
        cmocka_unit_test(test_pool_job_within_a_part),
        cmocka_unit_test(test_pool_for_ranges),
        cmocka_unit_test(test_split_products_same_bits),
        cmocka_unit_test(test_split_product_stops),
        cmocka_unit_test(test_staged_pass_same_bits),
        cmocka_unit_test(test_trainer_same_bits),
        cmocka_unit_test(test_batch_256_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
