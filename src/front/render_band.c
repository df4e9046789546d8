/* render_band: a software target's frame drawn in bands of rows, by the
 * main thread and a helper. Part of the plugin; see render_int.h.
 *
 * When every item of a scene can be drawn straight into the surface
 * (render_soft.c), render_draw.c records them as operations (fills,
 * triangles, texts, discs' stamps, the image scaled or copied) instead of drawing
 * them, then hands the list here. The frame is cut into bands of BAND
 * rows; whoever takes a band (the caller or the helper, each band once)
 * draws every operation in order, cut to the band's rows. A pixel goes
 * through the same operations in the same order as when the frame is
 * drawn whole, so it gets the same value: the picture does not depend on
 * the number of threads or on who drew which band. The helper is started
 * on the first frame when there are two cores or more (GRADLAB_THREADS=1:
 * never), with every signal blocked; when it is late (the machine busy),
 * the caller takes its bands. */
#include "render_int.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define BAND 64

static void op_draw(SDL_Surface *s, const struct op *op, int ya, int yb)
{
    if (op->y1 <= ya || op->y0 >= yb)
        return;
    switch (op->kind) {
    case OP_FILL:
        soft_fill(s, op->u.fill.r, op->u.fill.px, op->u.fill.clipped, ya, yb);
        break;
    case OP_TRIANGLE:
        soft_triangle(s, op->u.tri, op->c, ya, yb);
        break;
    case OP_TEXT:
        soft_text(s, op->u.text.g, op->u.text.x, op->u.text.y, op->c, ya, yb);
        break;
    case OP_STAMP:
        soft_stamp(s, op->u.stamp.st, op->u.stamp.tinted, op->u.stamp.x, op->u.stamp.y, op->c, ya, yb);
        break;
    case OP_COPY:
        soft_copy(s, op->u.copy.img, op->u.copy.r, op->u.copy.mask, ya, yb);
        break;
    case OP_SCALE:
        soft_scale(s, op->u.scale.pix, op->u.scale.w, op->u.scale.h, op->u.scale.r, op->u.scale.mask,
                   op->u.scale.xmap, ya, yb);
        break;
    }
}

/* the rows op may touch */
static void op_rows(struct op *op)
{
    switch (op->kind) {
    case OP_FILL:
        op->y0 = op->u.fill.r.y;
        op->y1 = op->u.fill.r.y + op->u.fill.r.h;
        break;
    case OP_TRIANGLE: {
        int lo = (int)op->u.tri[0].y, hi = lo;
        for (int k = 1; k < 3; k++) {
            int y = (int)op->u.tri[k].y;
            lo = y < lo ? y : lo;
            hi = y > hi ? y : hi;
        }
        op->y0 = lo;
        op->y1 = hi + 1;
        break;
    }
    case OP_TEXT:
        op->y0 = op->u.text.y;
        op->y1 = op->u.text.y + op->u.text.g->ink.h;
        break;
    case OP_STAMP:
        op->y0 = op->u.stamp.y;
        op->y1 = op->u.stamp.y + op->u.stamp.st->h;
        break;
    case OP_COPY:
        op->y0 = op->u.copy.r.y;
        op->y1 = op->u.copy.r.y + op->u.copy.r.h;
        break;
    case OP_SCALE:
        op->y0 = op->u.scale.r.y;
        op->y1 = op->u.scale.r.y + op->u.scale.r.h;
        break;
    }
}

void band_op(struct target *t, const struct op *op)
{
    if (!t->recording) {
        struct op now = *op;
        op_rows(&now);
        op_draw(t->surf, &now, 0, t->surf->h);
        return;
    }
    if (t->n_ops == t->cap_ops) {
        int cap = t->cap_ops ? 2 * t->cap_ops : 1024;
        struct op *p = realloc(t->ops, (size_t)cap * sizeof *p);
        if (!p) {
            t->unrecordable = 1;
            return;
        }
        t->ops = p;
        t->cap_ops = cap;
    }
    struct op *o = &t->ops[t->n_ops++];
    *o = *op;
    op_rows(o);
}

/* ------------------------------------------------------------------ */
/* the bands, and the helper                                           */

/* the frame being drawn: its bands are taken through `next`, which holds
 * the frame's serial above its next band, so that a helper still in the
 * frame before can never take a band of this one */
static struct {
    SDL_Surface *s;
    const struct op *ops;
    int n_ops, n_bands;
    unsigned serial;
    _Atomic uint64_t next;
    atomic_int done;
} job;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t helper;
static int helper_state;            /* 0: not tried, 1: running, -1: none */
static int helper_stop;

/* take and draw the bands of frame `serial` until none is left */
static void draw_bands(unsigned serial, SDL_Surface *s, const struct op *ops, int n_ops, int n_bands)
{
    for (;;) {
        uint64_t v = atomic_load(&job.next);
        if ((unsigned)(v >> 32) != serial || (int)(uint32_t)v >= n_bands)
            return;
        if (!atomic_compare_exchange_weak(&job.next, &v, v + 1))
            continue;
        int b = (int)(uint32_t)v, ya = b * BAND, yb = ya + BAND < s->h ? ya + BAND : s->h;
        for (int k = 0; k < n_ops; k++)
            op_draw(s, &ops[k], ya, yb);
        atomic_fetch_add(&job.done, 1);
    }
}

static void *helper_main(void *arg)
{
    (void)arg;
    unsigned seen = 0;
    pthread_mutex_lock(&mu);
    for (;;) {
        while (!helper_stop && job.serial == seen)
            pthread_cond_wait(&wake, &mu);
        if (helper_stop)
            break;
        seen = job.serial;
        SDL_Surface *s = job.s;
        const struct op *ops = job.ops;
        int n_ops = job.n_ops, n_bands = job.n_bands;
        pthread_mutex_unlock(&mu);
        draw_bands(seen, s, ops, n_ops, n_bands);
        pthread_mutex_lock(&mu);
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

/* a helper when there are two cores or more and GRADLAB_THREADS allows */
static void helper_start(void)
{
    const char *v = getenv("GRADLAB_THREADS");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    helper_state = -1;
    if ((v && *v && atoi(v) == 1) || cores < 2)
        return;
    helper_stop = 0;
    /* it blocks every signal: their handlers run on the main thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    if (pthread_create(&helper, NULL, helper_main, NULL) == 0)
        helper_state = 1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void band_draw(struct target *t)
{
    SDL_Surface *s = t->surf;
    int n_bands = (s->h + BAND - 1) / BAND;
    if (helper_state == 0)
        helper_start();
    pthread_mutex_lock(&mu);
    unsigned serial = ++job.serial;
    job.s = s;
    job.ops = t->ops;
    job.n_ops = t->n_ops;
    job.n_bands = n_bands;
    atomic_store(&job.done, 0);
    atomic_store(&job.next, (uint64_t)serial << 32);
    if (helper_state == 1)
        pthread_cond_signal(&wake);
    pthread_mutex_unlock(&mu);
    draw_bands(serial, s, t->ops, t->n_ops, n_bands);
    /* the helper's last band */
    while (atomic_load(&job.done) < n_bands)
        sched_yield();
}

void band_quit(void)
{
    if (helper_state != 1)
        return;
    pthread_mutex_lock(&mu);
    helper_stop = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&mu);
    pthread_join(helper, NULL);
    helper_state = 0;
}
