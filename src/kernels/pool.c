/* pool: a few threads that run the parts of one job. See pool.h. */
#include "pool.h"

#include <pthread.h>
#include <signal.h>

static int size = 1;

/* the helpers and the job they are handed: helper h runs part h + 1 of
 * job number `serial` when it sees a serial it has not run */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t go, done;
    int started;                    /* helpers running */
    unsigned long serial;           /* the job's number */
    pool_fn *fn;
    void *arg;
    int parts;
    int pending;                    /* helpers' parts not yet finished */
} P = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0, 0 };

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

static void *helper(void *arg)
{
    int part = (int)(size_t)arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&P.lock);
    for (;;) {
        while (P.serial == seen)
            pthread_cond_wait(&P.go, &P.lock);
        seen = P.serial;
        if (part >= P.parts)
            continue;
        pool_fn *fn = P.fn;
        void *job = P.arg;
        pthread_mutex_unlock(&P.lock);
        fn(job, part);
        pthread_mutex_lock(&P.lock);
        if (--P.pending == 0)
            pthread_cond_signal(&P.done);
    }
    return NULL;
}

/* start helpers up to `want` (parts 1 .. want); the number running */
static int start_helpers(int want)
{
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
    pthread_mutex_lock(&P.lock);
    int helpers = parts > 1 ? start_helpers(parts - 1) : 0;
    int handed = helpers < parts - 1 ? helpers : parts - 1;
    if (handed > 0) {
        P.fn = fn;
        P.arg = arg;
        P.parts = handed + 1;
        P.pending = handed;
        P.serial++;
        pthread_cond_broadcast(&P.go);
    }
    pthread_mutex_unlock(&P.lock);
    fn(arg, 0);
    for (int part = handed + 1; part < parts; part++)      /* no helper for them */
        fn(arg, part);
    if (handed > 0) {
        pthread_mutex_lock(&P.lock);
        while (P.pending > 0)
            pthread_cond_wait(&P.done, &P.lock);
        pthread_mutex_unlock(&P.lock);
    }
}
