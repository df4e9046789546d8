/* Long work stops when its stop flag is raised (kernels/stop.h), leaving
 * what was there: the flag raised before the work, and raised by a timer
 * signal in the middle of it (a real stop, as Ctrl-C gives). Also: a stop
 * keeps large blocks for after the prompt (status_free), the state folder
 * is never the current folder (#17 point 19: HOME unset). */
#include "check.h"
#include "matmul.h"
#include "net.h"
#include "paths.h"
#include "status.h"
#include "trainer.h"

#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t flag;

static void on_alarm(int sig)
{
    (void)sig;
    flag = 1;
}

/* the flag goes up after us microseconds (at least 1) */
static void raise_in(long us)
{
    flag = 0;
    signal(SIGALRM, on_alarm);
    us = us < 1 ? 1 : us;
    struct itimerval it = { { 0, 0 }, { us / 1000000, us % 1000000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* No test assumes that work takes some time: the work runs once to its
 * end first (ms: how long it took on this machine), then the flag is
 * raised at a third of that; work that ended before the flag came is run
 * again with the flag raised sooner (a quarter each time), and a test
 * fails only when the work never stops */
#define STOP_TRIES 12

static void timer_off(void)
{
    struct itimerval it = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

/* a net on a batch of rows */
static void big_net(struct net *n, int D, int H, int K, int N)
{
    struct rng r;
    rng_seed(&r, 1);
    assert_int_equal(net_init(n, D, H, K, ACT_TANH, &r), 0);
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    assert_int_equal(tensor_init(&x, N, D), 0);
    assert_int_equal(tensor_init(&y, N, K), 0);
    for (size_t i = 0; i < tensor_size(&x); i++)
        x.data[i] = sin(0.1 * (double)i);
    for (int i = 0; i < N; i++)
        T_AT(&y, i, i % K) = 1.0;
    assert_int_equal(net_set_batch(n, &x, &y), 0);
    tensor_release(&x);
    tensor_release(&y);
}

/* the products: raised before, they end at once; NULL never stops; the
 * bits are those of matmul */
static void test_matmul_stops(void **state)
{
    (void)state;
    tensor a = TENSOR_INIT, b = TENSOR_INIT, c1 = TENSOR_INIT, c2 = TENSOR_INIT;
    assert_int_equal(tensor_init(&a, 300, 200), 0);
    assert_int_equal(tensor_init(&b, 200, 100), 0);
    assert_int_equal(tensor_init(&c1, 300, 100), 0);
    assert_int_equal(tensor_init(&c2, 300, 100), 0);
    for (size_t i = 0; i < tensor_size(&a); i++)
        a.data[i] = cos(0.3 * (double)i);
    for (size_t i = 0; i < tensor_size(&b); i++)
        b.data[i] = sin(0.7 * (double)i);
    flag = 1;
    assert_int_equal(tensor_matmul_until(&c1, &a, 0, &b, 0, &flag), ST_STOPPED);
    assert_int_equal(matmul_until(c1.data, 100, a.data, 200, 0, b.data, 100, 0, 300, 200, 100, &flag), 1);
    flag = 0;
    assert_int_equal(tensor_matmul_until(&c1, &a, 0, &b, 0, &flag), 0);
    tensor_matmul(&c2, &a, 0, &b, 0);
    assert_memory_equal(c1.data, c2.data, tensor_size(&c1) * sizeof(double));
    tensor_release(&a);
    tensor_release(&b);
    tensor_release(&c1);
    tensor_release(&c2);
}

/* a staged pass stopped in the middle by a signal: ST_STOPPED within a
 * moment, the stage where it was, the values up to it as they were */
static void test_pass_stopped_by_a_signal(void **state)
{
    (void)state;
    struct net n;
    big_net(&n, 512, 512, 512, 512);
    assert_int_equal(net_run_to(&n, STAGE_A1), 0);
    double z1 = T_AT(&n.z1, 5, 7), a1 = T_AT(&n.a1, 511, 511);
    n.stop = &flag;
    struct timespec t0;
    flag = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(net_run_to(&n, STAGE_DB1), 0);        /* the whole pass */
    double whole = ms_since(&t0);
    long us = (long)(whole * 1e3 / 3);
    int rc = 0, tries = 0;
    double ms = 0, at = 0;
    while (rc != ST_STOPPED && tries++ < STOP_TRIES) {
        assert_int_equal(net_run_to(&n, STAGE_A1), 0);     /* back: nothing after a1 */
        at = (double)us / 1e3;
        raise_in(us);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = net_run_to(&n, STAGE_DB1);
        ms = ms_since(&t0);
        timer_off();
        us /= 4;
    }
    assert_int_equal(rc, ST_STOPPED);
    assert_int_equal(n.stage, STAGE_A1);
    assert_true(T_AT(&n.z1, 5, 7) == z1 && T_AT(&n.a1, 511, 511) == a1);
    print_message("stopped after %.1f ms, the flag at %.1f (the whole pass: %.1f ms; try %d)\n", ms, at, whole,
                  tries);
    assert_true(ms - at < 1000.0);                          /* soon after the flag */
    /* lowered again, it runs to its end */
    flag = 0;
    assert_int_equal(net_run_to(&n, STAGE_LOSS), 0);
    net_release(&n);
}

/* a training pass stopped in the middle: the parameters as they were */
static void test_train_pass_stopped(void **state)
{
    (void)state;
    struct net n;
    big_net(&n, 1024, 1024, 16, 2048);
    tensor w1 = TENSOR_INIT, w2 = TENSOR_INIT;
    n.stop = &flag;
    struct trainer tr;
    trainer_init(&tr);
    struct timespec t0;
    flag = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(trainer_step(&tr, &n, 0.1, 1.0), 0);  /* a whole pass */
    long us = (long)(ms_since(&t0) * 1e3 / 3);
    int rc = 0, tries = 0;
    while (rc != ST_STOPPED && tries++ < STOP_TRIES) {
        assert_int_equal(tensor_copy(&w1, &n.W1), 0);
        assert_int_equal(tensor_copy(&w2, &n.W2), 0);
        raise_in(us);
        rc = trainer_step(&tr, &n, 0.1, 1.0);
        timer_off();
        us /= 4;
    }
    assert_int_equal(rc, ST_STOPPED);
    assert_memory_equal(w1.data, n.W1.data, tensor_size(&w1) * sizeof(double));
    assert_memory_equal(w2.data, n.W2.data, tensor_size(&w2) * sizeof(double));
    trainer_release(&tr);
    tensor_release(&w1);
    tensor_release(&w2);
    net_release(&n);
}

/* net_init and net_set_batch stopped: nothing made, nothing replaced */
static void test_init_and_batch_stopped(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 1);
    struct net n;
    flag = 1;
    assert_int_equal(net_init_until(&n, 512, 512, 512, ACT_TANH, &r, 0.0, &flag), ST_STOPPED);
    assert_null(n.W1.data);
    flag = 0;
    assert_int_equal(net_init_until(&n, 8, 4, 2, ACT_TANH, &r, 0.0, &flag), 0);
    unsigned long id = n.batch_id;
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    assert_int_equal(tensor_init(&x, 10, 8), 0);
    assert_int_equal(tensor_init(&y, 10, 2), 0);
    flag = 1;
    assert_int_equal(net_set_batch(&n, &x, &y), ST_STOPPED);
    assert_int_equal(n.n_rows, 1);
    assert_true(n.batch_id == id);
    tensor_release(&x);
    tensor_release(&y);
    net_release(&n);
    /* a batch over the matrix limit is said to be so: 1000000 rows x 64
     * hidden units is 64 million values in z1 */
    flag = 0;
    assert_int_equal(net_init_until(&n, 1, 64, 2, ACT_TANH, &r, 0.0, &flag), 0);
    tensor big = TENSOR_INIT, by = TENSOR_INIT;
    assert_int_equal(tensor_init(&big, NET_MAX_ROWS, 1), 0);
    assert_int_equal(tensor_init(&by, NET_MAX_ROWS, 2), 0);
    assert_int_equal(net_set_batch(&n, &big, &by), ST_TOO_BIG);
    assert_int_equal(n.n_rows, 1);
    tensor_release(&big);
    tensor_release(&by);
    net_release(&n);
}

/* a stop keeps the large blocks it frees for after the prompt */
static void test_frees_after_a_stop(void **state)
{
    (void)state;
    status_defer_frees(&flag);
    tensor t = TENSOR_INIT;
    assert_int_equal(tensor_init(&t, 4096, 1024), 0);       /* 32 MiB */
    tensor small = TENSOR_INIT;
    assert_int_equal(tensor_init(&small, 16, 16), 0);
    flag = 1;
    tensor_release(&t);
    tensor_release(&small);             /* small blocks go at once */
    assert_null(t.data);
    assert_int_equal(status_deferred(), 1);
    flag = 0;
    status_reclaim();
    assert_int_equal(status_deferred(), 0);
    /* with the flag down, at once */
    assert_int_equal(tensor_init(&t, 4096, 1024), 0);
    tensor_release(&t);
    assert_int_equal(status_deferred(), 0);
    status_defer_frees(NULL);
}

/* the state folder without HOME: a full path, never the current folder */
static void test_state_path_without_home(void **state)
{
    (void)state;
    char buf[1100];
    unsetenv("XDG_STATE_HOME");
    unsetenv("HOME");
    state_path(buf, sizeof buf, "history");
    assert_true(buf[0] == '\0' || buf[0] == '/');
    setenv("HOME", "relative/folder", 1);
    state_path(buf, sizeof buf, "history");
    assert_true(buf[0] == '\0' || buf[0] == '/');
    setenv("HOME", "/home/someone", 1);
    state_path(buf, sizeof buf, "history");
    assert_string_equal(buf, "/home/someone/.local/state/gradlab/history");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matmul_stops),
        cmocka_unit_test(test_pass_stopped_by_a_signal),
        cmocka_unit_test(test_train_pass_stopped),
        cmocka_unit_test(test_init_and_batch_stopped),
        cmocka_unit_test(test_frees_after_a_stop),
        cmocka_unit_test(test_state_path_without_home),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
