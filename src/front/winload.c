/* winload: render.h's interface in the gradlab binary, loading the window
 * code (render.c with SDL2, SDL2_ttf, SDL2_image: gradlab-window.so) only
 * when a window or a snapshot is first needed. gradlab itself links only
 * readline, so it starts without the dynamic loader mapping the seventy
 * libraries SDL brings; the REPL, scripts and lessons never pay for them.
 *
 * Each function here forwards to the function of the same name in the
 * plugin (found with dlsym; the plugin is linked -Bsymbolic, so its own
 * calls stay inside it). Before the plugin is loaded, the window is closed:
 * the queries answer so, and the calls that only matter to an open window
 * do nothing. */
#define _GNU_SOURCE             /* dladdr-free /proc/self/exe, RTLD_* */
#include "render.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scene.h"

#ifndef GRADLAB_LIBDIR
#define GRADLAB_LIBDIR "/usr/local/lib/gradlab"
#endif

static void *lib;                   /* the plugin, once loaded */
static char font_path[1024];        /* --font, handed to the plugin's render_init */
static int have_font;
static struct view_state *attached; /* render_attach's view, attached again on load */
static char load_error[512];

/* the plugin's functions */
static struct {
    int (*render_init)(const char *, char *, size_t);
    void (*render_quit)(void);
    void (*render_attach)(struct view_state *);
    int (*window_open)(struct view_state *, char *, size_t);
    void (*window_close)(struct view_state *);
    int (*window_is_open)(void);
    int (*window_fd)(void);
    int (*window_timeout_ms)(const struct view_state *);
    void (*window_handle_events)(struct view_state *, void (*)(void *, const char *), void *);
    void (*window_changed)(struct view_state *);
    void (*window_update)(const struct session *, struct view_state *);
    int (*window_snapshot)(const struct session *, const struct view_state *, const char *, int, int,
                           char *, size_t);
    int (*window_grab)(const char *, char *, size_t);
    double (*window_draw_timed)(const struct session *, struct view_state *);
    const char *(*window_renderer_name)(void);
} P;

static void *try_open(const char *path)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h && !load_error[0])
        snprintf(load_error, sizeof load_error, "%s", dlerror());
    return h;
}

/* gradlab-window.so: $GRADLAB_WINDOW_LIB, beside the binary, in the build
 * folder beside it (./gradlab and build/), or where make install put it */
static int load(char *err, size_t errlen)
{
    if (lib)
        return 0;
    char exe[1024], path[1200];
    const char *env = getenv("GRADLAB_WINDOW_LIB");
    void *h = NULL;
    load_error[0] = '\0';
    if (env && *env) {
        h = try_open(env);
    } else {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            char *slash = strrchr(exe, '/');
            if (slash)
                *slash = '\0';
            snprintf(path, sizeof path, "%s/gradlab-window.so", exe);
            if (access(path, F_OK) == 0)
                h = try_open(path);
            snprintf(path, sizeof path, "%s/build/gradlab-window.so", exe);
            if (!h && access(path, F_OK) == 0)
                h = try_open(path);
        }
        if (!h)
            h = try_open(GRADLAB_LIBDIR "/gradlab-window.so");
    }
    if (!h) {
        snprintf(err, errlen, "the window code cannot be loaded: %s", load_error);
        return -1;
    }
#define GET(name) *(void **)(&P.name) = dlsym(h, #name)
    GET(render_init); GET(render_quit); GET(render_attach); GET(window_open); GET(window_close);
    GET(window_is_open); GET(window_fd); GET(window_timeout_ms); GET(window_handle_events);
    GET(window_changed); GET(window_update); GET(window_snapshot); GET(window_grab);
    GET(window_draw_timed); GET(window_renderer_name);
#undef GET
    if (!P.render_init || !P.render_quit || !P.render_attach || !P.window_open || !P.window_close ||
        !P.window_is_open || !P.window_fd || !P.window_timeout_ms || !P.window_handle_events ||
        !P.window_changed || !P.window_update || !P.window_snapshot || !P.window_grab ||
        !P.window_draw_timed || !P.window_renderer_name) {
        snprintf(err, errlen, "the window code is incomplete (gradlab-window.so of another version?)");
        dlclose(h);
        memset(&P, 0, sizeof P);
        return -1;
    }
    if (P.render_init(have_font ? font_path : NULL, err, errlen) < 0) {
        dlclose(h);
        memset(&P, 0, sizeof P);
        return -1;
    }
    lib = h;
    if (attached)
        P.render_attach(attached);
    return 0;
}

/* the view's hooks before the plugin is there: load it, then hand over */
static int hook_window(void *ud, int on, char *err, size_t errlen)
{
    (void)ud;
    if (!on && !lib)
        return 0;                   /* nothing to close */
    if (load(err, errlen) < 0)
        return -1;
    return attached->window(attached->ud, on, err, errlen);
}

static int hook_snapshot(void *ud, const struct session *S, const char *path, int w, int h,
                         char *err, size_t errlen)
{
    (void)ud;
    if (load(err, errlen) < 0)
        return -1;
    return attached->snapshot(attached->ud, S, path, w, h, err, errlen);
}

int render_init(const char *font, char *err, size_t errlen)
{
    if (font) {
        if (access(font, R_OK) != 0) {
            snprintf(err, errlen, "cannot open font '%s'", font);
            return -1;
        }
        snprintf(font_path, sizeof font_path, "%s", font);
        have_font = 1;
    }
    return 0;
}

void render_quit(void)
{
    if (lib)
        P.render_quit();
}

void render_attach(struct view_state *v)
{
    attached = v;
    if (lib) {
        P.render_attach(v);
        return;
    }
    v->window = hook_window;
    v->snapshot = hook_snapshot;
    v->ud = NULL;
}

int render_display_available(void)
{
    const char *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY"), *s = getenv("SDL_VIDEODRIVER");
    return (d && *d) || (w && *w) || (s && *s);
}

int window_open(struct view_state *v, char *err, size_t errlen)
{
    if (load(err, errlen) < 0)
        return -1;
    return P.window_open(v, err, errlen);
}

void window_close(struct view_state *v)
{
    if (lib)
        P.window_close(v);
}

int window_is_open(void)
{
    return lib ? P.window_is_open() : 0;
}

int window_fd(void)
{
    return lib ? P.window_fd() : -1;
}

int window_timeout_ms(const struct view_state *v)
{
    return lib ? P.window_timeout_ms(v) : -1;
}

void window_handle_events(struct view_state *v, void (*run)(void *ud, const char *line), void *ud)
{
    if (lib)
        P.window_handle_events(v, run, ud);
}

void window_changed(struct view_state *v)
{
    if (lib)
        P.window_changed(v);
    else
        v->gen++;
}

void window_update(const struct session *S, struct view_state *v)
{
    if (lib)
        P.window_update(S, v);
}

int window_snapshot(const struct session *S, const struct view_state *v, const char *path, int w, int h,
                    char *err, size_t errlen)
{
    if (load(err, errlen) < 0)
        return -1;
    return P.window_snapshot(S, v, path, w, h, err, errlen);
}

int window_grab(const char *path, char *err, size_t errlen)
{
    if (!lib) {
        snprintf(err, errlen, "no window");
        return -1;
    }
    return P.window_grab(path, err, errlen);
}

double window_draw_timed(const struct session *S, struct view_state *v)
{
    return lib ? P.window_draw_timed(S, v) : -1.0;
}

const char *window_renderer_name(void)
{
    return lib ? P.window_renderer_name() : "none";
}
