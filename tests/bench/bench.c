/* bench: times gradlab's core on the workloads of `make bench`.
 *   bench train [N H PASSES]    the tutorial's run: moons 200, 2-3-2, 20000 passes
 *                               (or N points, 2-H-2, PASSES passes; lr 2/N)
 *   bench jacobian N            J = diag(s) - s s^T for n = N (one call)
 *   bench memcpy N              a memcpy of the same N*N doubles (the floor)
 *   bench mlp [ROWS HIDDEN]     forward + backward of 784-128-10 on a batch of 256
 *                               (or 784-HIDDEN-10 on ROWS rows: make bench's
 *                               cost growth)
 *   bench gradcheck             gradcheck of that network
 *   bench bigtrain PASSES [WAY] 784-128-10 on 10000 rows: the best of PASSES
 *                               training passes (trainer_step, as `train`;
 *                               WAY 1 or 2 forces the trainer's narrow or
 *                               wide way)
 *   bench peak                  the machine's limits: GFLOP/s of vector
 *                               multiplies and adds, of fused multiply-adds,
 *                               and GB/s of non-temporal stores (x86-64)
 *   bench startup PROGRAM [STARTS [LINGER_MS]]
 *                               from exec to the first "gradlab>" read on a
 *                               pseudo-terminal, the best of STARTS (default
 *                               1); each start is then left LINGER_MS (a
 *                               window opening) before SIGTERM. Fails when
 *                               the prompt does not come (an end, 5 s).
 * GRADLAB_THREADS sets the threads of the large products (default 1).
 * Prints the seconds of one run (the best of a few inner repetitions for
 * the short ones) on stdout. tests/bench/bench.py calls it alternately
 * with the same work in numpy and prints the table. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "data.h"
#include "pool.h"
#include "net.h"
#include "softmax.h"
#include "trainer.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* CPU time of this thread: the peak probes are not slowed by other
 * programs on a busy machine */
static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void one_hot(tensor *y, const int *labels, int n, int k)
{
    tensor_init(y, n, k);
    for (int i = 0; i < n; i++)
        T_AT(y, i, labels[i]) = 1.0;
}

static double bench_train(int points, int hidden, int passes)
{
    struct rng r;
    struct dataset d;
    memset(&d, 0, sizeof d);
    rng_seed(&r, 0);
    data_moons(&d, points, 0.2, &r);
    rng_seed(&r, 0);
    struct net n;
    net_init(&n, 2, hidden, 2, ACT_TANH, &r);
    tensor y = TENSOR_INIT;
    one_hot(&y, d.labels, points, 2);
    net_set_batch(&n, &d.X, &y);
    n.reg = 0.01;
    struct trainer tr;
    trainer_init(&tr);
    double t0 = now();
    for (int i = 0; i < passes; i++)
        trainer_step(&tr, &n, 2.0 / points, 1.0);     /* 0.01 for 200 points */
    double t = now() - t0;
    trainer_release(&tr);
    /* print the final loss on stderr so the work cannot be optimised away */
    fprintf(stderr, "loss %.6f\n", net_loss_sum(&n) / points);
    net_release(&n);
    tensor_release(&y);
    dataset_release(&d);
    return t;
}

static double bench_jacobian(int n, int copy)
{
    if (n < 1)
        exit(1);
    double *s = malloc((size_t)n * sizeof *s), *z = malloc((size_t)n * sizeof *z);
    double *J = malloc((size_t)n * n * sizeof *J), *src = copy ? malloc((size_t)n * n * sizeof *J) : NULL;
    if (!s || !z || !J || (copy && !src)) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    for (int i = 0; i < n; i++)
        z[i] = (i % 17) * 0.1 - 0.8;
    softmax(z, s, n);
    if (copy)
        memset(src, 1, (size_t)n * n * sizeof *src);
    memset(J, 0, (size_t)n * n * sizeof *J);        /* fault the pages in first */
    double best = 1e9;
    int reps = n >= 4096 ? 5 : n >= 1024 ? 20 : 2000;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        if (copy) {
            memcpy(J, src, (size_t)n * n * sizeof *J);
        } else {
            softmax(z, s, n);
            softmax_jacobian(s, J, n);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    fprintf(stderr, "J[0][1] %g\n", J[1]);
    free(s);
    free(z);
    free(J);
    free(src);
    return best;
}

/* the 784-128-10 network on a batch of 256 random inputs */
static void build_mlp(struct net *n, tensor *x, tensor *y, int rows, int hidden)
{
    struct rng r;
    rng_seed(&r, 1);
    net_init(n, 784, hidden, 10, ACT_TANH, &r);
    tensor_init(x, rows, 784);
    tensor_init(y, rows, 10);
    for (size_t i = 0; i < tensor_size(x); i++)
        x->data[i] = rng_double(&r);
    for (int i = 0; i < rows; i++)
        T_AT(y, i, (int)(rng_u32(&r) % 10)) = 1.0;
    net_set_batch(n, x, y);
}

/* forward + backward of 784-hidden-10 on rows rows: the best of 50 runs
 * (of 10 past a million products' terms); or one gradcheck */
static double bench_mlp(int gradcheck, int rows, int hidden)
{
    if (rows < 1 || hidden < 1 || rows > 100000 || hidden > 4096) {
        fprintf(stderr, "bench: mlp: ROWS must be 1 to 100000 and HIDDEN 1 to 4096\n");
        exit(2);
    }
    struct net n;
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    build_mlp(&n, &x, &y, rows, hidden);
    int runs = gradcheck ? 1 : (double)rows * hidden > 1e6 ? 10 : 50;
    double best = 1e9;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        if (gradcheck) {
            struct gradcheck_row gr[4];
            net_gradcheck(&n, 1e-5, gr, NULL, NULL, NULL);
            fprintf(stderr, "max rel %g\n", gr[0].max_rel_err);
        } else {
            n.stage = STAGE_NONE;
            net_run_to(&n, STAGE_DB1);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    net_release(&n);
    tensor_release(&x);
    tensor_release(&y);
    return best;
}

/* 784-128-10 on N = 10000 rows of random inputs: the best of `passes`
 * training passes, each timed alone */
static double bench_bigtrain(int passes, int way)
{
    struct net n;
    struct rng r;
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    rng_seed(&r, 1);
    net_init(&n, 784, 128, 10, ACT_TANH, &r);
    tensor_init(&x, 10000, 784);
    tensor_init(&y, 10000, 10);
    for (size_t i = 0; i < tensor_size(&x); i++)
        x.data[i] = rng_double(&r);
    for (int i = 0; i < 10000; i++)
        T_AT(&y, i, (int)(rng_u32(&r) % 10)) = 1.0;
    net_set_batch(&n, &x, &y);
    n.reduce = REDUCE_MEAN;         /* lr 0.1 on the mean loss, as the peers */
    struct trainer tr;
    trainer_init(&tr);
    tr.way = way;
    trainer_prepare(&tr, &n);
    double best = 1e9;
    for (int p = 0; p < passes; p++) {
        double t0 = now();
        trainer_step(&tr, &n, 0.1, trainer_scale(&n));
        double t = now() - t0;
        best = t < best ? t : best;
    }
    fprintf(stderr, "W1[0][0] %.17g\n", n.W1.data[0]);
    trainer_release(&tr);
    net_release(&n);
    tensor_release(&x);
    tensor_release(&y);
    return best;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* 24 independent chains of 8-double multiplies and adds (or fused
 * multiply-adds), `iters` steps each: GFLOP/s of one core */
__attribute__((target("avx512f,fma"))) static double peak_flops(int fused, long iters)
{
    __m512d acc[24], m = _mm512_set1_pd(0.999999), a = _mm512_set1_pd(1e-9);
    for (int i = 0; i < 24; i++)
        acc[i] = _mm512_set1_pd(i);
    double t0 = cpu_now();
    if (fused)
        for (long it = 0; it < iters; it++)
            _Pragma("GCC unroll 24") for (int i = 0; i < 24; i++)
                acc[i] = _mm512_fmadd_pd(acc[i], m, a);
    else
        for (long it = 0; it < iters; it++)
            _Pragma("GCC unroll 24") for (int i = 0; i < 24; i++)
                acc[i] = _mm512_add_pd(_mm512_mul_pd(acc[i], m), a);
    double t = cpu_now() - t0;
    double sink = 0;
    for (int i = 0; i < 24; i++)
        sink += _mm512_reduce_add_pd(acc[i]);
    fprintf(stderr, "%g\n", sink);
    return 24.0 * 8 * 2 * iters / t / 1e9;
}

/* GB/s of non-temporal 64-byte stores over 128 MiB (the size of J at
 * n = 4096), the best of 5 */
__attribute__((target("avx512f"))) static double peak_stream(void)
{
    size_t bytes = (size_t)128 << 20;
    double *p = aligned_alloc(64, bytes), best = 1e9;
    if (!p)
        exit(1);
    memset(p, 0, bytes);
    for (int r = 0; r < 5; r++) {
        double t0 = cpu_now();
        __m512d v = _mm512_set1_pd(r);
        for (size_t i = 0; i < bytes / sizeof *p; i += 8)
            _mm512_stream_pd(p + i, v);
        _mm_sfence();
        double t = cpu_now() - t0;
        best = t < best ? t : best;
    }
    fprintf(stderr, "%g\n", p[12345]);
    free(p);
    return bytes / best / 1e9;
}

static void bench_peak(void)
{
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("fma")) {
        printf("0 0 0\n");
        return;
    }
    long iters = 20000000;
    printf("%.1f %.1f %.1f\n", peak_flops(0, iters), peak_flops(1, iters), peak_stream());
}
#else
static void bench_peak(void)
{
    printf("0 0 0\n");
}
#endif

/* One start of PROGRAM on a new pseudo-terminal, as a user's terminal runs
 * it: the seconds from just before its execve (taken in the child, so that
 * the fork is the harness's, not gradlab's) to the first "gradlab>" read
 * from the terminal; -1 when the prompt does not come. Small C, not python:
 * a fork of a python holding numpy and torch costs the child its copied
 * pages before the exec (about 20 ms on a VM with costly page faults). */
static double start_once(const char *program, int linger_ms)
{
    volatile double *at_exec = mmap(NULL, sizeof(double), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (at_exec == MAP_FAILED || master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
        return -1;
    const char *slave = ptsname(master);
    pid_t pid = slave ? fork() : -1;
    if (pid == 0) {
        int fd = (setsid(), open(slave, O_RDWR));
        if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
            _exit(127);
        dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
        close(master);
        *at_exec = now();
        execl(program, program, (char *)NULL);
        _exit(127);
    }
    char buf[16384];
    size_t len = 0;
    double t = -1;
    while (pid > 0) {
        struct pollfd p = { master, POLLIN, 0 };
        ssize_t r = poll(&p, 1, 5000) > 0 ? read(master, buf + len, sizeof buf - 1 - len) : -1;
        if (r <= 0)
            break;
        len += (size_t)r;
        buf[len] = '\0';
        if (strstr(buf, "gradlab>")) {
            t = now() - *at_exec;
            break;
        }
        if (len > sizeof buf / 2) {            /* keep the tail: the prompt may span two reads */
            memmove(buf, buf + len - 16, 16);
            len = 16;
        }
    }
    for (double until = now() + linger_ms / 1e3; t >= 0 && now() < until;) {
        struct pollfd p = { master, POLLIN, 0 };    /* drained: the program never blocks on writing */
        if (poll(&p, 1, 10) > 0 && read(master, buf, sizeof buf) <= 0)
            break;
    }
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    close(master);
    munmap((void *)at_exec, sizeof(double));
    return t;
}

static int bench_startup(int argc, char **argv)
{
    int starts = argc > 3 ? atoi(argv[3]) : 1, linger = argc > 4 ? atoi(argv[4]) : 0;
    double best = -1;
    for (int i = 0; i < (starts > 0 ? starts : 1); i++) {
        double t = start_once(argv[2], linger);
        if (t < 0) {
            fprintf(stderr, "bench: %s: no \"gradlab>\" prompt (it ended, or 5 s passed)\n", argv[2]);
            return 1;
        }
        best = best < 0 || t < best ? t : best;
    }
    printf("%.9f\n", best);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench train|jacobian N|memcpy N|mlp [ROWS HIDDEN]|gradcheck|bigtrain PASSES|peak|startup PROGRAM [STARTS [LINGER_MS]]\n");
        return 2;
    }
    if (strcmp(argv[1], "startup") == 0 && argc > 2)
        return bench_startup(argc, argv);
    /* the kernels' threads, as gradlab takes them (1 by default here) */
    const char *threads = getenv("GRADLAB_THREADS");
    pool_threads(threads ? atoi(threads) : 1);
    double t;
    if (strcmp(argv[1], "train") == 0 && argc > 4)
        t = bench_train(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    else if (strcmp(argv[1], "train") == 0)
        t = bench_train(200, 3, 20000);
    else if (strcmp(argv[1], "jacobian") == 0 && argc > 2)
        t = bench_jacobian(atoi(argv[2]), 0);
    else if (strcmp(argv[1], "memcpy") == 0 && argc > 2)
        t = bench_jacobian(atoi(argv[2]), 1);
    else if (strcmp(argv[1], "mlp") == 0 && argc > 3)
        t = bench_mlp(0, atoi(argv[2]), atoi(argv[3]));
    else if (strcmp(argv[1], "mlp") == 0)
        t = bench_mlp(0, 256, 128);
    else if (strcmp(argv[1], "gradcheck") == 0)
        t = bench_mlp(1, 256, 128);
    else if (strcmp(argv[1], "bigtrain") == 0 && argc > 2)
        t = bench_bigtrain(atoi(argv[2]), argc > 3 ? atoi(argv[3]) : TRAINER_AUTO);
    else if (strcmp(argv[1], "peak") == 0) {
        bench_peak();
        return 0;
    }
    else {
        fprintf(stderr, "bench: unknown case '%s'\n", argv[1]);
        return 2;
    }
    printf("%.9f\n", t);
    return 0;
}
