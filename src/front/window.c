/* window: scenes, title, snapshots, animation and keys for the window code
 * (render.h), which only draws. See window.h. */
#include "window.h"
#include "keys.h"
#include "touch.h"
#include "svg.h"
#include "files.h"
#include "platform.h"
#include "undo.h"
#include "session.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MS 16
#define IDLE_MS 1000
#define ANIM_SECONDS 0.9

static struct view_state *view;
static window_loader loader;
static const struct render_api *R;      /* the window code, once loaded */
static struct scene wscene;             /* the window's, reused frame after frame */
static int dirty;
static char title_last[400];            /* the window title last set */
static double anim_start;               /* seconds */
static int anim_seen_stage = -1;
static struct touch touch;              /* the mouse's gesture under way */
static const struct session *shown;     /* the session of the frame last drawn */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The window code loaded on a helper thread while the REPL takes keys
 * (window_preload): dlopen of the plugin and its some sixty libraries,
 * fontconfig and SDL_ttf, none of which needs the main thread; SDL's
 * video and the window itself start on the main thread (window_open). */
static pthread_t preload_thread;
static int preloading;                  /* a helper started, not yet joined */
static int preload_done;                /* the helper has finished (atomic) */
static int preload_pipe[2] = { -1, -1 };    /* it writes a byte when done */
static const struct render_api *preloaded;
static char preload_err[256];

static void *preload_main(void *arg)
{
    (void)arg;
    preloaded = loader(preload_err, sizeof preload_err);
    __atomic_store_n(&preload_done, 1, __ATOMIC_RELEASE);
    ssize_t w = write(preload_pipe[1], "", 1);
    (void)w;
    return NULL;
}

/* the helper's work taken over (waiting for it when it has not finished);
 * a load that failed is tried again by load(), which then says why */
static void preload_join(void)
{
    if (!preloading)
        return;
    pthread_join(preload_thread, NULL);
    preloading = 0;
    close(preload_pipe[0]);
    close(preload_pipe[1]);
    preload_pipe[0] = preload_pipe[1] = -1;
    if (!R)
        R = preloaded;
}

int window_preload(void)
{
    if (R || !loader)
        return 0;
    if (preloading) {
        if (!__atomic_load_n(&preload_done, __ATOMIC_ACQUIRE))
            return 1;
        preload_join();
        return 0;
    }
    if (pipe(preload_pipe) < 0)
        return 0;                       /* load() does it on this thread */
    for (int k = 0; k < 2; k++)
        fcntl(preload_pipe[k], F_SETFD, FD_CLOEXEC);
    sigset_t all, old;
    sigfillset(&all);                   /* signals stay the main thread's */
    pthread_sigmask(SIG_SETMASK, &all, &old);
    preload_done = 0;
    int rc = pthread_create(&preload_thread, NULL, preload_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        close(preload_pipe[0]);
        close(preload_pipe[1]);
        preload_pipe[0] = preload_pipe[1] = -1;
        return 0;
    }
    preloading = 1;
    return 1;
}

static int load(char *err, size_t errlen)
{
    preload_join();
    if (!R)
        R = loader(err, errlen);
    return R ? 0 : -1;
}

int window_display_available(void)
{
    const char *e[] = { "DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER" };
    for (int k = 0; k < 3; k++) {
        const char *v = getenv(e[k]);
        if (v && *v)
            return 1;
    }
    return 0;
}

/* open for the loop until window_events has taken the plugin's word that
 * it is gone: a window lost inside a draw is closed at once by the
 * plugin, and RENDER_LOST still waits to be polled */
int window_is_open(void)
{
    return R && (R->is_open() || view->window_open);
}

/* fullscreen on or off; the window's new size comes when the display
 * (or its window manager) gets to it, after frames drawn at the old
 * one: the frames go on for SETTLE_SECONDS, so the last is at the size
 * the window ends with */
#define SETTLE_SECONDS 0.75
static double settle_until;

static void set_fullscreen(int on)
{
    R->set_fullscreen(on);
    settle_until = now_s() + SETTLE_SECONDS;
    dirty = 1;
}

static int settling(void)
{
    return settle_until > 0 && now_s() < settle_until;
}

int window_open(char *err, size_t errlen)
{
    if (R && R->is_open())
        return 0;
    if (load(err, errlen) < 0)
        return -1;
    if (!window_display_available()) {
        snprintf(err, errlen, "no display: set DISPLAY or WAYLAND_DISPLAY (snapshot works without one)");
        return -1;
    }
    if (R->open(err, errlen) < 0)
        return -1;
    scene_init(&wscene);
    wscene.measure = R->measure;
    wscene.measure_ud = NULL;
    view->window_open = 1;
    view->fullscreen = view->present;       /* presenter mode fills the projector's screen */
    if (view->fullscreen)
        set_fullscreen(1);
    title_last[0] = '\0';
    dirty = 1;
    return 0;
}

static const char *lost_why;            /* the window was lost: why (window_lost) */

/* the window is gone (closed here or by the user) */
static void forget_window(void)
{
    memset(&touch, 0, sizeof touch);
    shown = NULL;
    scene_release(&wscene);
    view->window_open = 0;
}

void window_close(void)
{
    if (!window_is_open())
        return;
    R->close();
    forget_window();
}

const char *window_lost(void)
{
    const char *why = lost_why;
    lost_why = NULL;
    return why;
}

int window_fd(void)
{
    if (preloading)
        return preload_pipe[0];
    return window_is_open() ? R->fd() : -1;
}

int window_timeout_ms(void)
{
    if (!window_is_open())
        return -1;
    if (dirty || view->anim_t < 1.0 || settling())
        return FRAME_MS;
    if (R->pending())
        return 0;
    /* with the display's fd in the poll set, events wake us: sleep long;
     * without it (Wayland), look for events often enough to feel instant */
    return R->fd() >= 0 ? IDLE_MS : 30;
}

void window_changed(void)
{
    view->gen++;
    dirty = 1;
}

void window_typed(void)
{
    if (view && !view->tip_hidden) {
        view->tip_hidden = 1;
        dirty = 1;
    }
}

/* a key of the table: its command line runs, its window action applies */
static void key(int code, unsigned mods, void (*run)(void *, const char *), void *ud)
{
    const struct key_binding *b = keys_find((enum key_code)code, mods);
    char line[256];
    if (!b)
        return;
    if (keys_lesson(b, view, &wscene)) {
        dirty = 1;                      /* the band turned its page, or says how to skip */
        return;
    }
    if (b->action == ACTION_COMMAND) {
        if (keys_line(b, view, line, sizeof line))
            run(ud, line);
        return;
    }
    int full = view->fullscreen;
    if (keys_apply(b, view))
        dirty = 1;
    if (view->fullscreen != full)
        set_fullscreen(view->fullscreen);
}

/* what a gesture means: a line run now, or the drag's preview kept for
 * the end of the drain (pending), or a line for the prompt */
struct gesture_hooks {
    void (*run)(void *ud, const char *line);
    void (*prompt)(void *ud, const char *line);
    void *ud;
    char pending[TOUCH_LINE];
};

static void gesture(struct gesture_hooks *h, enum touch_do d, const char *line)
{
    if (d == TOUCH_RUN) {
        h->pending[0] = '\0';
        h->run(h->ud, line);
    } else if (d == TOUCH_PREVIEW) {
        snprintf(h->pending, sizeof h->pending, "%s", line);
    } else if (d == TOUCH_PROMPT && h->prompt) {
        h->prompt(h->ud, line);
    }
}

/* a mouse event: where it is, and the gesture it makes */
static void mouse(const struct render_event *ev, struct gesture_hooks *h)
{
    char line[TOUCH_LINE];
    enum touch_do d = TOUCH_NOTHING;
    if (ev->kind != RENDER_WHEEL) {
        view->mouse_x = ev->x;
        view->mouse_y = ev->y;
    }
    if (ev->kind == RENDER_MOUSE) {
        view->tip_hidden = 0;
        d = touch_motion(&touch, ev->x, ev->y, line, sizeof line);
    } else if (ev->kind == RENDER_CLICK && shown) {
        d = touch_press(&touch, &wscene, shown, view, ev->button, ev->clicks, ev->x, ev->y, line, sizeof line);
    } else if (ev->kind == RENDER_RELEASE) {
        d = touch_release(&touch, ev->x, ev->y, line, sizeof line);
    } else if (ev->kind == RENDER_WHEEL) {
        d = touch_wheel(&wscene, view->mouse_x, view->mouse_y, ev->wheel, line, sizeof line);
    }
    gesture(h, d, line);
    dirty = 1;
}

void window_events(void (*run)(void *ud, const char *line), void (*preview)(void *ud, const char *line),
                   void (*prompt)(void *ud, const char *line), void *ud)
{
    struct render_event ev;
    struct gesture_hooks h = { run, prompt, ud, "" };
    while (window_is_open() && R->poll(&ev)) {
        switch (ev.kind) {
        case RENDER_CLOSED:
            forget_window();
            return;
        case RENDER_LOST:
            forget_window();
            lost_why = ev.why;
            return;
        case RENDER_MOUSE_OUT:
            view->mouse_x = view->mouse_y = -1;
            dirty = 1;
            break;
        case RENDER_MOUSE:
        case RENDER_CLICK:
        case RENDER_RELEASE:
        case RENDER_WHEEL:
            mouse(&ev, &h);
            break;
        case RENDER_KEY:
            window_typed();
            key(ev.key, ev.mods, run, ud);
            break;
        case RENDER_RESIZED:
            dirty = 1;
            break;
        default:
            break;
        }
    }
    /* a drag shows its value once per drain: the last place it went */
    if (h.pending[0] && preview && window_is_open())
        preview(ud, h.pending);
}

/* the title says what is shown, so tests (and the task bar) can follow */
static void set_title(const struct session *S)
{
    char title[400], file[240] = "";
    if (S && S->file[0]) {
        /* the session file's name, with a mark when it has unsaved changes */
        const char *base = strrchr(S->file, '/') ? strrchr(S->file, '/') + 1 : S->file;
        snprintf(file, sizeof file, "%.200s%s - ", base, undo_unsaved(S) ? "*" : "");
    }
    size_t off = (size_t)snprintf(title, sizeof title, "gradlab - %s", file);
    char *rest = title + off;
    size_t room = sizeof title - off;
    if (view->view == VIEW_FLOW)
        snprintf(rest, room, "flow - stage %s",
                 S && S->has_net && S->net.stage >= 0 && S->net.stage < STAGE_COUNT
                     ? stage_names[S->net.stage] : "none");
    else if (view->view == VIEW_DATA)
        snprintf(rest, room, "data - %d points", S && S->has_data ? S->data.X.rows : 0);
    else if (view->view == VIEW_JACOBIAN)
        snprintf(rest, room, "jacobian - n %d", S && S->has_logits ? S->J.rows : 0);
    else
        snprintf(rest, room, "%s", view_names[view->view]);
    if (strcmp(title, title_last) != 0) {
        R->set_title(title);
        snprintf(title_last, sizeof title_last, "%s", title);
    }
}

static void draw_frame(const struct session *S)
{
    int w, h;
    shown = S;
    /* the classes a click in the data view adds (key c goes through them) */
    view->class_count = S && S->has_data && S->data.n_classes > 1 ? S->data.n_classes : 2;
    set_title(S);
    R->output_size(&w, &h);
    scene_build(&wscene, S, view, w, h);
    R->draw(&wscene);
}

void window_update(const struct session *S)
{
    if (!window_is_open())
        return;
    /* a new stage starts its animation */
    int stage = S && S->has_net ? S->net.stage : -1;
    if (stage != anim_seen_stage) {
        if (anim_seen_stage >= 0 && stage >= 0) {
            view->anim_stage = stage;
            view->anim_t = 0.0;
            anim_start = now_s();
        }
        anim_seen_stage = stage;
        dirty = 1;
    }
    if (view->anim_t < 1.0) {
        view->anim_t = (now_s() - anim_start) / ANIM_SECONDS;
        if (view->anim_t >= 1.0)
            view->anim_t = 1.0;
        dirty = 1;
    }
    if (!dirty && !settling())
        return;
    dirty = 0;
    draw_frame(S);
}

double window_draw_timed(const struct session *S)
{
    if (!window_is_open())
        return -1;
    R->finish();
    double t0 = now_s();
    draw_frame(S);
    R->finish();
    return (now_s() - t0) * 1000.0;
}

const struct render_api *window_api(void)
{
    return R;
}

/* ------------------------------------------------------------------ */
/* snapshots                                                           */

/* the PNG of a snapshot, written through a stream that fails once the
 * stop flag is raised: the encoder then stops at its next write (every
 * few kilobytes of output) and file_write_atomic drops the temporary file */
struct png_job {
    void *picture;
    FILE *fp;
    volatile const sig_atomic_t *stop;
};

static int stop_write(void *cookie, const char *buf, size_t n)
{
    struct png_job *j = cookie;
    if (j->stop && *j->stop) {
        errno = EINTR;
        return -1;
    }
    return fwrite(buf, 1, n, j->fp) == n ? 0 : -1;
}

static int png_to_file(FILE *fp, void *ctx)
{
    struct png_job *j = ctx;
    j->fp = fp;
    FILE *s = platform_stream_open(j, stop_write);
    if (!s)
        return -1;
    int rc = R->picture_png(j->picture, s);
    return platform_stream_close(s) == 0 ? rc : -1;
}

/* the message of a snapshot that the stop flag ended: -1 */
static int snapshot_stopped(char *err, size_t errlen)
{
    snprintf(err, errlen, "snapshot stopped (interrupted); no file was written");
    return -1;
}

struct svg_job {
    const struct scene *sc;
    const char *title;
};

static int svg_to_file(FILE *fp, void *ctx)
{
    const struct svg_job *j = ctx;
    return svg_write(fp, j->sc, j->title);
}

int window_snapshot(const struct session *S, const char *path, int w, int h, char *err,
                    size_t errlen)
{
    return window_snapshot_hover(S, path, w, h, NULL, err, errlen);
}

/* the frame of vv at w x h into sc, with the mouse resting on hover
 * (touch_find) and drawn when there is one; 0, or -1 with the message */
static int snapshot_scene(struct scene *sc, const struct session *S, struct view_state *vv, int w, int h,
                          const char *hover, char *err, size_t errlen)
{
    scene_build(sc, S, vv, w, h);
    if (!hover)
        return 0;
    if (touch_find(sc, S, vv, hover, &vv->mouse_x, &vv->mouse_y) < 0) {
        snprintf(err, errlen, "snapshot: no '%s' to hover in the %s view at %dx%d", hover, view_names[vv->view], w, h);
        return -1;
    }
    vv->pointer = 1;
    scene_build(sc, S, vv, w, h);
    return 0;
}

int window_snapshot_hover(const struct session *S, const char *path, int w, int h, const char *hover,
                          char *err, size_t errlen)
{
    if (w < 64 || h < 64 || w > 8192 || h > 8192) {
        snprintf(err, errlen, "snapshot size %dx%d out of range (64..8192)", w, h);
        return -1;
    }
    /* an SVG needs no window library: with one, its fonts measure the
     * text (the layout is the PNG's); without, the estimate does */
    int svg = svg_path(path);
    if (load(err, errlen) < 0 && !svg)
        return -1;
    /* a snapshot shows the state at rest, with no overlay, and no mouse
     * unless hover names what it rests on */
    struct view_state vv = *view;
    vv.mouse_x = vv.mouse_y = -1;
    vv.pointer = 0;
    vv.help = 0;
    vv.anim_t = 1.0;
    struct scene sc;
    scene_init(&sc);
    sc.measure = R ? R->measure : NULL;
    if (snapshot_scene(&sc, S, &vv, w, h, hover, err, errlen) < 0) {
        scene_release(&sc);
        return -1;
    }
    if (svg) {
        char title[64];
        snprintf(title, sizeof title, "gradlab: the %s view", view_names[vv.view]);
        struct svg_job j = { &sc, title };
        int rc = session_interrupted(S) ? snapshot_stopped(err, errlen)
                                        : file_write_atomic(S->policy, path, svg_to_file, &j, err, errlen);
        scene_release(&sc);
        return rc;
    }
    /* the stop flag between the steps (the scene, the pixels) and in the
     * PNG's writes */
    void *pic = session_interrupted(S) ? NULL : R->picture(&sc, err, errlen);
    scene_release(&sc);
    if (session_interrupted(S)) {
        if (pic)
            R->picture_free(pic);
        return snapshot_stopped(err, errlen);
    }
    if (!pic)
        return -1;
    /* a temporary file renamed over path: never a half-written PNG */
    struct png_job job = { pic, NULL, S->interrupt };
    int rc = file_write_atomic(S->policy, path, png_to_file, &job, err, errlen);
    R->picture_free(pic);
    if (rc < 0 && session_interrupted(S))
        return snapshot_stopped(err, errlen);
    return rc;
}

/* ------------------------------------------------------------------ */
/* the hooks of the commands (viewcmd.c)                               */

static int hook_window(void *ud, int on, char *err, size_t errlen)
{
    (void)ud;
    if (on)
        return window_open(err, errlen);
    window_close();
    return 0;
}

static int hook_snapshot(void *ud, const struct session *S, const char *path, int w, int h,
                         const char *hover, char *err, size_t errlen)
{
    (void)ud;
    return window_snapshot_hover(S, path, w, h, hover, err, errlen);
}

void window_init(struct view_state *v, window_loader load_fn)
{
    view = v;
    loader = load_fn;
    v->ud = NULL;
    v->window = hook_window;
    v->snapshot = hook_snapshot;
}

void window_quit(void)
{
    preload_join();
    window_close();
    if (R)
        R->quit();
    R = NULL;
}
