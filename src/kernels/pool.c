/* pool: a few threads that run the parts of one job. See pool.h.
 *
 * Handing out a part must cost little next to the part: the products of a
 * batch of 256 take a few hundred microseconds, and a thread asleep on a
 * condition variable takes 10 to 20 to wake. So a helper that has finished
 * a part, and the caller that waits for the helpers' parts, first spin for
 * up to SPIN_NS, watching one word, and only then sleep: a pass's jobs
 * come one after another and mostly find their helpers awake, while an
 * idle gradlab has every helper asleep within SPIN_NS of its last job.
 * A spinning thread yields the processor every few dozen turns: on a
 * machine with more work than cores, the thread it waits for may be
 * queued behind it on its own core (measured on a loaded 2-core machine:
 * a hand-out of 60 to 110 microseconds without the yield, 1 to 6 with).
 *
 * Each helper has a slot of its own (its cache lines: the caller writes
 * one slot's job while another helper reads its own): the caller writes
 * the part's function and argument, then the job's number; the helper,
 * done, writes the number back. Sleeping goes through one mutex and two
 * condition variables, and is announced in `sleepers` / `waiting`, which
 * the other side reads after its own write: with sequentially consistent
 * atomics one of the two always sees the other, so no wake-up is lost. */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

/* how long a waiting thread spins before it sleeps */
#define SPIN_NS 50000L

static int size = 1;

/* a helper's slot, on cache lines of its own */
struct slot {
    _Alignas(64) atomic_ulong job;      /* the number of the last job handed to it */
    atomic_ulong claim;                 /* the last job whose part was claimed (claim) */
    pool_fn *fn;
    void *arg;
    _Alignas(64) atomic_ulong done;     /* the number of the last job it finished */
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t go, finished;
    int started;                        /* helpers running: slots 1 .. started */
    unsigned long serial;               /* the last job's number (the caller's) */
    atomic_int sleepers;                /* helpers asleep on go */
    atomic_int waiting;                 /* 1 while the caller sleeps on finished */
    atomic_ulong handed;                /* parts handed to helpers, ever */
    atomic_int hold;                    /* pool_hold: helpers claim nothing */
    struct slot slot[POOL_MAX_THREADS]; /* slot 0 unused: part 0 is the caller's */
} P = { .lock = PTHREAD_MUTEX_INITIALIZER, .go = PTHREAD_COND_INITIALIZER, .finished = PTHREAD_COND_INITIALIZER };

/* set on a thread while it runs a part: a product inside a part runs
 * whole on that thread (pool_run is then not reentered) */
static _Thread_local int in_part;

int pool_threads(int threads)
{
    int was = size;
    size = threads < 1 ? 1 : threads > POOL_MAX_THREADS ? POOL_MAX_THREADS : threads;
    return was;
}

int pool_size(void)
{
    return size;
}

unsigned long pool_handed(void)
{
    return atomic_load(&P.handed);
}

void pool_hold(int hold)
{
    atomic_store(&P.hold, hold);
}

static long elapsed_ns(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000000000L + (t.tv_nsec - t0->tv_nsec);
}

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* 1 when the helpers h of the bits 1 << h of `wait` have finished job
 * `serial` */
static int all_done(unsigned wait, unsigned long serial)
{
    for (int h = 1; h < POOL_MAX_THREADS; h++)
        if ((wait >> h & 1) && atomic_load(&P.slot[h].done) != serial)
            return 0;
    return 1;
}

/* spin for at most SPIN_NS until helper `part`'s next job is not `seen`
 * (part > 0), or (part 0) until the helpers of `wait` have finished job
 * `seen`; 1 when it came */
static int spin(int part, unsigned long seen, unsigned wait)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned i = 1;; i++) {
        if (part > 0 ? atomic_load(&P.slot[part].job) != seen : all_done(wait, seen))
            return 1;
        relax();
        if (i % 64 == 0) {
            if (elapsed_ns(&t0) > SPIN_NS)
                return 0;
            sched_yield();
        }
    }
}

/* A part handed to a helper is run by whoever claims it first: the
 * helper when it sees the job, or the caller when it has run its own
 * part and the helper has not come (a helper queued behind other work on
 * a busy machine would otherwise make the job wait for it). Each part is
 * claimed once; which thread runs it does not change its bits. 1 when
 * the part of job `serial` in slot s is the calling thread's to run. */
static int claim(struct slot *s, unsigned long serial)
{
    unsigned long c = atomic_load(&s->claim);
    return c < serial && atomic_compare_exchange_strong(&s->claim, &c, serial);
}

static void *helper(void *arg)
{
    struct slot *s = &P.slot[(size_t)arg];
    int part = (int)(size_t)arg;
    unsigned long seen = 0;
    in_part = 1;
    for (;;) {
        /* the next job: spin, then sleep */
        if (!spin(part, seen, 0)) {
            pthread_mutex_lock(&P.lock);
            atomic_fetch_add(&P.sleepers, 1);
            while (atomic_load(&s->job) == seen)
                pthread_cond_wait(&P.go, &P.lock);
            atomic_fetch_sub(&P.sleepers, 1);
            pthread_mutex_unlock(&P.lock);
        }
        seen = atomic_load(&s->job);
        if (!atomic_load(&P.hold) && claim(s, seen))
            s->fn(s->arg, part);
        atomic_store(&s->done, seen);
        if (atomic_load(&P.waiting)) {
            pthread_mutex_lock(&P.lock);
            pthread_cond_signal(&P.finished);
            pthread_mutex_unlock(&P.lock);
        }
    }
    return NULL;
}

/* start helpers up to `want` (parts 1 .. want); the number running */
static int start_helpers(int want)
{
    if (P.started >= want)
        return P.started;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    while (P.started < want) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int rc = pthread_create(&t, &attr, helper, (void *)(size_t)(P.started + 1));
        pthread_attr_destroy(&attr);
        if (rc != 0)
            break;
        P.started++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return P.started;
}

void pool_run(pool_fn *fn, void *arg, int parts)
{
    /* a helper for each part but the first, as far as there are slots */
    int want = parts - 1 < POOL_MAX_THREADS - 1 ? parts - 1 : POOL_MAX_THREADS - 1;
    int helpers = want > 0 && !in_part ? start_helpers(want) : 0;
    int handed = helpers < want ? helpers : want;
    if (handed < 1) {
        /* one thread, or a part of a job: all the parts here, in turn */
        for (int part = 0; part < parts; part++)
            fn(arg, part);
        return;
    }
    unsigned long serial = ++P.serial;
    for (int h = 1; h <= handed; h++) {
        P.slot[h].fn = fn;
        P.slot[h].arg = arg;
        atomic_store(&P.slot[h].job, serial);
    }
    atomic_fetch_add(&P.handed, (unsigned long)handed);
    if (atomic_load(&P.sleepers) > 0) {
        pthread_mutex_lock(&P.lock);
        pthread_cond_broadcast(&P.go);
        pthread_mutex_unlock(&P.lock);
    }
    in_part = 1;
    fn(arg, 0);
    for (int part = handed + 1; part < parts; part++)      /* no helper for them */
        fn(arg, part);
    /* the parts no helper has claimed yet, here; then wait for the others
     * (spin, then sleep) */
    unsigned wait = 0;
    for (int h = 1; h <= handed; h++) {
        if (claim(&P.slot[h], serial))
            fn(arg, h);
        else
            wait |= 1u << h;
    }
    in_part = 0;
    if (!spin(0, serial, wait)) {
        pthread_mutex_lock(&P.lock);
        atomic_store(&P.waiting, 1);
        while (!all_done(wait, serial))
            pthread_cond_wait(&P.finished, &P.lock);
        atomic_store(&P.waiting, 0);
        pthread_mutex_unlock(&P.lock);
    }
}

int pool_available(void)
{
    return in_part ? 1 : size;
}

struct range_job {
    pool_range_fn *fn;
    void *arg;
    size_t count, step;
};

static void range_part(void *arg, int part)
{
    struct range_job *j = arg;
    size_t lo = (size_t)part * j->step, hi = j->count - lo < j->step ? j->count : lo + j->step;
    j->fn(j->arg, part, lo, hi);
}

int pool_for(pool_range_fn *fn, void *arg, size_t count, size_t unit)
{
    if (unit == 0)
        unit = 1;
    size_t units = (count + unit - 1) / unit, threads = (size_t)pool_available();
    size_t parts = units < threads ? units : threads;
    if (parts <= 1) {
        fn(arg, 0, 0, count);
        return 1;
    }
    struct range_job j = { fn, arg, count, (units + parts - 1) / parts * unit };
    parts = (count + j.step - 1) / j.step;
    pool_run(range_part, &j, (int)parts);
    return (int)parts;
}
