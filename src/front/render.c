/* render: the SDL2 window, its events, PNG pictures, and the plugin's one
 * export. With render_draw.c (fonts, glyphs, drawing a scene) the only
 * code that includes SDL. See render.h. */
#include "render.h"
#include "render_int.h"
#include "keys.h"
#include <SDL_image.h>
#include <SDL_syswm.h>
#include <dlfcn.h>
#include <setjmp.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* the window                                                          */

static SDL_Window *win;
static struct target wt;            /* the window's renderer */
static int video_up;
static int open_w = 1280, open_h = 800;     /* the size a window opens at */

static int window_is_open(void)
{
    return win != NULL;
}

/* ------------------------------------------------------------------ */
/* the display going away                                              */

/* Xlib's default handlers end the program: on an error (another program
 * destroyed our window, and a request then names it: BadWindow) and when
 * the connection to the X server is lost. Ours note what happened and
 * return; the window is then closed at the next turn, and RENDER_LOST
 * says so. SDL loads libX11 itself (its symbols are not global): they are
 * looked up in the loaded library. */
#define LOST_WINDOW 1
#define LOST_DISPLAY 2
static volatile int x_lost;         /* what was lost and not said yet */
static int display_dead;            /* the display's connection was lost */
static jmp_buf x_jump;              /* where x_guard waits for a lost connection */
static volatile int x_guarded;

/* the display's connection is gone: SDL's window and video are left as
 * they are (destroying them waits for the dead server's answer forever),
 * nothing of them is touched again, and no window opens again in this run */
static void give_up_display(void)
{
    memset(&wt, 0, sizeof wt);
    win = NULL;
    video_up = 0;
    display_dead = 1;
    x_lost = LOST_DISPLAY;
}

/* fn(arg), a call into SDL's video that may find the connection lost:
 * Xlib's exit handler then jumps back here (Xlib's own loops would wait
 * for the dead server forever). 1 when that happened */
static int x_guard(void (*fn)(void *), void *arg)
{
    if (display_dead)
        return 1;
    if (setjmp(x_jump)) {
        x_guarded = 0;
        give_up_display();
        return 1;
    }
    x_guarded = 1;
    fn(arg);
    x_guarded = 0;
    return 0;
}

#if defined(SDL_VIDEO_DRIVER_X11)
static int on_x_error(Display *d, XErrorEvent *e)
{
    (void)d;
    if (e->error_code == BadWindow || e->error_code == BadDrawable)
        x_lost |= LOST_WINDOW;
    return 0;
}

static int on_x_io_error(Display *d)
{
    (void)d;
    x_lost |= LOST_DISPLAY;
    if (x_guarded)
        longjmp(x_jump, 1);
    return 0;                   /* then the exit handler's turn */
}

static void on_x_io_exit(Display *d, void *ud)
{
    (void)d;
    (void)ud;
    x_lost |= LOST_DISPLAY;
    if (x_guarded)
        longjmp(x_jump, 1);
    /* else returning: Xlib marks the display dead, and does not exit */
}

/* Xlib's function name from the libX11 SDL loaded (NULL: none) */
static void *x_function(const char *name)
{
    void *lib = dlopen("libX11.so.6", RTLD_LAZY | RTLD_NOLOAD);
    if (!lib)
        return NULL;
    void *f = dlsym(lib, name);
    dlclose(lib);               /* SDL keeps it loaded */
    return f;
}

/* ours instead of Xlib's: the error handlers (for every display), and
 * with a window, its display's exit handler */
static void x_handlers(SDL_Window *w)
{
    XErrorHandler (*set_error)(XErrorHandler) = (XErrorHandler (*)(XErrorHandler))x_function("XSetErrorHandler");
    XIOErrorHandler (*set_io)(XIOErrorHandler) = (XIOErrorHandler (*)(XIOErrorHandler))x_function("XSetIOErrorHandler");
    if (set_error)
        set_error(on_x_error);
    if (set_io)
        set_io(on_x_io_error);
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!w || !SDL_GetWindowWMInfo(w, &info) || info.subsystem != SDL_SYSWM_X11)
        return;
    void (*set_exit)(Display *, XIOErrorExitHandler, void *) =
        (void (*)(Display *, XIOErrorExitHandler, void *))x_function("XSetIOErrorExitHandler");
    if (set_exit)
        set_exit(info.info.x11.display, on_x_io_exit, NULL);
}
#else
static void x_handlers(SDL_Window *w)
{
    (void)w;
}
#endif

/* the name of the GL (GL_RENDERER) a renderer made current, or "" */
static char gl_name[128];

static void gl_renderer_of(void)
{
    gl_name[0] = '\0';
    const unsigned char *(*get)(unsigned) = (const unsigned char *(*)(unsigned))SDL_GL_GetProcAddress("glGetString");
    const unsigned char *name = get && SDL_GL_GetCurrentContext() ? get(0x1F01 /* GL_RENDERER */) : NULL;
    if (name)
        snprintf(gl_name, sizeof gl_name, "%s", (const char *)name);
}

/* 1 when the GL draws on the processor: Mesa's llvmpipe, softpipe, swrast */
static int gl_in_software(void)
{
    static const char *soft[] = { "llvmpipe", "softpipe", "Software Rasterizer", "swrast" };
    for (size_t k = 0; k < sizeof soft / sizeof soft[0]; k++)
        if (strstr(gl_name, soft[k]))
            return 1;
    return 0;
}

/* The window's renderer. OpenGL ES 2 first (SDL's shader renderer); but
 * when its GL draws on the processor (Mesa's llvmpipe, under Xvfb or
 * without a GPU), SDL's software renderer on the window's own surface: a
 * 4K frame that llvmpipe fills in 17 to 32 ms takes it a few, and the
 * window shows the very pixels of a snapshot (render_soft.c draws the
 * costly shapes). Then whatever SDL picks. SDL_RENDER_DRIVER in the
 * environment decides when it is set. */
static SDL_Renderer *create_renderer(SDL_Window *w)
{
    const char *hint = getenv("SDL_RENDER_DRIVER");
    gl_name[0] = '\0';
    if (!(hint && *hint))
        for (int k = 0; k < SDL_GetNumRenderDrivers(); k++) {
            SDL_RendererInfo info;
            if (SDL_GetRenderDriverInfo(k, &info) == 0 && strcmp(info.name, "opengles2") == 0) {
                SDL_Renderer *r = SDL_CreateRenderer(w, k, SDL_RENDERER_ACCELERATED);
                if (r)
                    gl_renderer_of();
                if (r && !gl_in_software())
                    return r;
                if (r) {
                    /* the window's surface as SDL's software renderer
                     * draws it, shown as it is (not through a GL texture) */
                    SDL_DestroyRenderer(r);
                    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
                    r = SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
                    if (r)
                        return r;
                }
                break;
            }
        }
    return SDL_CreateRenderer(w, -1, SDL_RENDERER_ACCELERATED);
}

static int env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}

/* 1 when the Wayland display name has a socket: a full path, or a name
 * in XDG_RUNTIME_DIR (libwayland's rule) */
static int wayland_there(const char *name)
{
    char path[1200];
    const char *dir = getenv("XDG_RUNTIME_DIR");
    if (name[0] == '/')
        snprintf(path, sizeof path, "%s", name);
    else if (dir && *dir == '/')
        snprintf(path, sizeof path, "%s/%s", dir, name);
    else
        return 0;
    struct stat st;
    return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* The video drivers SDL may choose from, in its own order: every one it
 * was built with (x11, wayland, cocoa, windows...) but those that show
 * nothing (offscreen, dummy) or take over the console (KMSDRM), which SDL
 * would otherwise fall back to when the display does not answer, and x11
 * or wayland when the environment names no such display (DISPLAY,
 * WAYLAND_DISPLAY). Into buf as SDL's hint wants them ("x11,wayland"). */
void render_display_drivers(char *buf, size_t size)
{
    static const char *headless[] = { "offscreen", "dummy", "KMSDRM", "kmsdrm", "evdev" };
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < SDL_GetNumVideoDrivers(); i++) {
        const char *d = SDL_GetVideoDriver(i);
        int skip = !d || (!strcmp(d, "x11") && !env_set("DISPLAY")) ||
                   (!strcmp(d, "wayland") && !env_set("WAYLAND_DISPLAY"));
        for (size_t k = 0; !skip && k < sizeof headless / sizeof *headless; k++)
            skip = !strcmp(d, headless[k]);
        if (!skip && len + strlen(d) + 2 <= size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "", d);
    }
}

/* name taken out of the comma-separated list */
static void drop_driver(char *list, const char *name)
{
    char out[256] = "";
    size_t len = 0;
    for (char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        if (!(n == strlen(name) && !strncmp(p, name, n)) && len + n + 2 <= sizeof out)
            len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s", len ? "," : "", (int)n, p);
        p += n + (p[n] == ',');
    }
    strcpy(list, out);
}

/* the display the environment names, for a message */
static const char *display_named(void)
{
    return env_set("DISPLAY") ? getenv("DISPLAY") : env_set("WAYLAND_DISPLAY") ? getenv("WAYLAND_DISPLAY") : "";
}

/* SDL's video on the display the environment names, and no other */
static int video_start(char *err, size_t errlen)
{
    if (video_up)
        return 0;
    if (display_dead) {
        snprintf(err, errlen, "the connection to the display was lost: the window cannot open again until "
                 "gradlab starts again");
        return -1;
    }
    /* before SDL_Init: Ctrl-C stays ours, and closing the last window
     * must not end the program */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
    /* when the display cannot be reached SDL would quietly fall back to an
     * offscreen driver (a window nobody sees): unless SDL_VIDEODRIVER names
     * one, SDL picks among the drivers that show a window */
    const char *sv = getenv("SDL_VIDEODRIVER");
    char drivers[256];
    if (!(sv && *sv)) {
        render_display_drivers(drivers, sizeof drivers);
        /* a Wayland display with no socket: not tried (libwayland would
         * print a line of its own) */
        if (env_set("WAYLAND_DISPLAY") && !wayland_there(getenv("WAYLAND_DISPLAY")))
            drop_driver(drivers, "wayland");
        if (!drivers[0] && env_set("WAYLAND_DISPLAY") && !env_set("DISPLAY")) {
            snprintf(err, errlen, "cannot start the window: no Wayland display '%s' (no socket there)",
                     getenv("WAYLAND_DISPLAY"));
            return -1;
        }
        if (!drivers[0]) {
            snprintf(err, errlen, "cannot start the window: no display (set DISPLAY, WAYLAND_DISPLAY or SDL_VIDEODRIVER)");
            return -1;
        }
        SDL_SetHint(SDL_HINT_VIDEODRIVER, drivers);
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        if (!(sv && *sv) && *display_named())
            snprintf(err, errlen, "cannot start the window: the display '%s' does not answer", display_named());
        else
            snprintf(err, errlen, "cannot start the window: %s", SDL_GetError());
        return -1;
    }
    video_up = 1;
    return 0;
}

struct open_job {
    char *err;
    size_t errlen;
    int rc;
};

static void open_body(void *arg)
{
    struct open_job *j = arg;
    j->rc = -1;
    if (video_start(j->err, j->errlen) < 0)
        return;
    x_handlers(NULL);           /* before the window: SDL waits for it to show */
    win = SDL_CreateWindow("gradlab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, open_w, open_h,
                           SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!win) {
        snprintf(j->err, j->errlen, "cannot open the window: %s", SDL_GetError());
        return;
    }
    SDL_SetWindowMinimumSize(win, 480, 320);
    x_lost = 0;
    x_handlers(win);
    wt.r = create_renderer(win);
    if (!wt.r)
        wt.r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!wt.r) {
        snprintf(j->err, j->errlen, "cannot draw in the window: %s", SDL_GetError());
        SDL_DestroyWindow(win);
        win = NULL;
        return;
    }
    j->rc = 0;
}

static int window_open(char *err, size_t errlen)
{
    if (win)
        return 0;
    if (!render_fonts_ready() && render_fonts_init(NULL, err, errlen) != 0)
        return -1;
    if (display_dead)
        return video_start(err, errlen);
    struct open_job j = { err, errlen, -1 };
    if (x_guard(open_body, &j)) {
        x_lost = 0;             /* said here, not as an event */
        snprintf(err, errlen, "the connection to the display was lost");
        return -1;
    }
    return j.rc;
}

static void close_body(void *arg)
{
    (void)arg;
    target_release(&wt);
    SDL_DestroyWindow(win);
    win = NULL;
    /* let the display see it go now */
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
}

static void window_close(void)
{
    if (win && x_guard(close_body, NULL))
        x_lost = 0;             /* closed anyway */
}

/* close the window and open it again at w x h (an offscreen surface
 * keeps the size it was made at: a new one is made) */
static int window_reopen(int w, int h, char *err, size_t errlen)
{
    window_close();
    open_w = w;
    open_h = h;
    int rc = window_open(err, errlen);
    open_w = 1280;
    open_h = 800;
    return rc;
}

static int window_fd(void)
{
    if (!win)
        return -1;
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(win, &info))
        return -1;
#if defined(SDL_VIDEO_DRIVER_X11)
    if (info.subsystem == SDL_SYSWM_X11)
        return ConnectionNumber(info.info.x11.display);
#endif
    return -1;
}

static void pending_body(void *arg)
{
    SDL_PumpEvents();
    *(int *)arg = SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
}

static int window_pending(void)
{
    int any = 0;
    if (video_up && x_guard(pending_body, &any))
        return 1;               /* the loss waits as an event */
    return any || x_lost;
}

struct size_job {
    int *w, *h;
};

static void size_body(void *arg)
{
    struct size_job *j = arg;
    SDL_GetRendererOutputSize(wt.r, j->w, j->h);
}

static void output_size(int *w, int *h)
{
    *w = *h = 0;
    if (win)
        x_guard(size_body, &(struct size_job){ w, h });
}

/* the mouse in output pixels: the window's size in output pixels over its
 * size in points */
static void mouse_to_output(int mx, int my, int *ox, int *oy)
{
    int ww, wh, rw, rh;
    SDL_GetWindowSize(win, &ww, &wh);
    SDL_GetRendererOutputSize(wt.r, &rw, &rh);
    *ox = ww > 0 ? mx * rw / ww : mx;
    *oy = wh > 0 ? my * rh / wh : my;
}

/* SDL's keys and the key table's codes (keys.h); '?' is not here: it
 * comes as text (it sits on different keys in different layouts) */
static const struct render_key render_keys[] = {
    { SDLK_SPACE, KEY_SPACE }, { SDLK_RIGHT, KEY_RIGHT }, { SDLK_LEFT, KEY_LEFT },
    { SDLK_BACKSPACE, KEY_BACKSPACE }, { SDLK_TAB, KEY_TAB }, { SDLK_t, KEY_T }, { SDLK_a, KEY_A },
    { SDLK_PAGEUP, KEY_PAGEUP }, { SDLK_UP, KEY_UP }, { SDLK_PAGEDOWN, KEY_PAGEDOWN },
    { SDLK_DOWN, KEY_DOWN }, { SDLK_PLUS, KEY_PLUS }, { SDLK_EQUALS, KEY_EQUALS },
    { SDLK_KP_PLUS, KEY_KP_PLUS }, { SDLK_MINUS, KEY_MINUS }, { SDLK_KP_MINUS, KEY_KP_MINUS },
    { SDLK_0, KEY_0 }, { SDLK_KP_0, KEY_KP_0 }, { SDLK_F11, KEY_F11 }, { SDLK_s, KEY_S },
    { SDLK_h, KEY_H }, { SDLK_F1, KEY_F1 }, { SDLK_ESCAPE, KEY_ESCAPE },
    { SDLK_z, KEY_Z }, { SDLK_c, KEY_C },
};
#define N_RENDER_KEYS (int)(sizeof render_keys / sizeof render_keys[0])

static enum key_code key_code_of(SDL_Keycode sym)
{
    for (int k = 0; k < N_RENDER_KEYS; k++)
        if (render_keys[k].sym == sym)
            return (enum key_code)render_keys[k].key;
    return KEY_NONE;
}

/* one SDL event as ours: 1, or 0 when it means nothing to the caller */
static int translate(const SDL_Event *e, struct render_event *ev)
{
    memset(ev, 0, sizeof *ev);
    switch (e->type) {
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE) {
            window_close();
            ev->kind = RENDER_CLOSED;
        } else {
            ev->kind = e->window.event == SDL_WINDOWEVENT_LEAVE ? RENDER_MOUSE_OUT : RENDER_RESIZED;
        }
        return 1;
    case SDL_MOUSEMOTION:
        ev->kind = RENDER_MOUSE;
        mouse_to_output(e->motion.x, e->motion.y, &ev->x, &ev->y);
        return 1;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        ev->kind = e->type == SDL_MOUSEBUTTONDOWN ? RENDER_CLICK : RENDER_RELEASE;
        ev->button = e->button.button;
        ev->clicks = e->button.clicks;
        mouse_to_output(e->button.x, e->button.y, &ev->x, &ev->y);
        return 1;
    case SDL_MOUSEWHEEL:
        ev->kind = RENDER_WHEEL;
        ev->wheel = e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        return ev->wheel != 0;
    case SDL_KEYDOWN:
        ev->kind = RENDER_KEY;
        ev->key = key_code_of(e->key.keysym.sym);
        ev->mods = (e->key.keysym.mod & KMOD_CTRL ? KEYMOD_CTRL : 0) | (e->key.keysym.mod & KMOD_SHIFT ? KEYMOD_SHIFT : 0);
        return ev->key != KEY_NONE;
    case SDL_TEXTINPUT:
        ev->kind = RENDER_KEY;
        ev->key = KEY_QUESTION;
        return strcmp(e->text.text, "?") == 0;
    default:
        return 0;               /* SDL_QUIT among them: it never ends the program */
    }
}

/* the window was lost (x_lost): what is left of it is freed; when the
 * display went, SDL's window and video are left as they are (destroying
 * them waits for the dead server's answer forever) and no window opens
 * again in this run. RENDER_LOST says which. */
static int lost_event(struct render_event *ev)
{
    int what = x_lost;
    if (what & LOST_DISPLAY)
        give_up_display();
    else if (win && x_guard(close_body, NULL))
        what = LOST_DISPLAY;    /* it went while the window was closed */
    x_lost = 0;
    ev->kind = RENDER_LOST;
    ev->why = what & LOST_DISPLAY ? "the connection to the display was lost"
                                  : "another program destroyed it ('window on' opens it again)";
    return 1;
}

struct poll_job {
    struct render_event *ev;
    int got;
};

static void poll_body(void *arg)
{
    struct poll_job *j = arg;
    SDL_Event e;
    while (!x_lost && SDL_PollEvent(&e)) {
        if (!win)
            continue;               /* drain what is left after a close */
        if (translate(&e, j->ev)) {
            j->got = 1;
            return;
        }
    }
}

static int window_poll(struct render_event *ev)
{
    struct poll_job j = { ev, 0 };
    if (video_up)
        x_guard(poll_body, &j);
    if (j.got)
        return 1;
    if (x_lost & LOST_DISPLAY || (x_lost && win))
        return lost_event(ev);
    x_lost = 0;                     /* errors about a window already closed */
    return 0;
}

static void title_body(void *arg)
{
    SDL_SetWindowTitle(win, arg);
}

static void set_title(const char *title)
{
    if (win)
        x_guard(title_body, (void *)title);
}

/* fullscreen on the window's display; with no window manager to honour
 * that (a bare X server, a kiosk), the window is also moved and sized to
 * the display itself, and given back its place and size after */
static SDL_Rect windowed;              /* the window before fullscreen */

static void fullscreen_body(void *arg)
{
    int on = *(int *)arg, i = SDL_GetWindowDisplayIndex(win);
    SDL_Rect r;
    if (on) {
        SDL_GetWindowPosition(win, &windowed.x, &windowed.y);
        SDL_GetWindowSize(win, &windowed.w, &windowed.h);
        if (i >= 0 && SDL_GetDisplayBounds(i, &r) == 0) {
            SDL_SetWindowPosition(win, r.x, r.y);
            SDL_SetWindowSize(win, r.w, r.h);
        }
    }
    SDL_SetWindowFullscreen(win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    if (!on && windowed.w > 0) {
        SDL_SetWindowSize(win, windowed.w, windowed.h);
        SDL_SetWindowPosition(win, windowed.x, windowed.y);
    }
}

static void set_fullscreen(int on)
{
    if (win)
        x_guard(fullscreen_body, &on);
}

static void draw_body(void *arg)
{
    SDL_RendererInfo info;
    wt.surf = NULL;
    if (SDL_GetRendererInfo(wt.r, &info) == 0 && info.flags & SDL_RENDERER_SOFTWARE) {
        SDL_Surface *s = SDL_GetWindowSurface(win);
        wt.surf = soft_surface_ok(s) ? s : NULL;
    }
    target_draw(&wt, arg);
    SDL_RenderPresent(wt.r);
}

static void window_draw(const struct scene *sc)
{
    if (win)
        x_guard(draw_body, (void *)sc);
}

static int measure(void *ud, const char *s, int size, int bold)
{
    (void)ud;
    return target_text_width(win ? &wt : NULL, s, size, bold);
}

static const char *renderer_name(void)
{
    static char name[200];
    SDL_RendererInfo info;
    if (!win || SDL_GetRendererInfo(wt.r, &info) != 0)
        return "none";
    snprintf(name, sizeof name, "%s%s%s%s", info.name, gl_name[0] ? " (GL: " : "", gl_name, gl_name[0] ? ")" : "");
    return name;
}

/* wait until the renderer has drawn everything it was given (reading a
 * pixel back makes the GL driver finish) */
static void finish_body(void *arg)
{
    (void)arg;
    Uint32 px;
    SDL_Rect one = { 0, 0, 1, 1 };
    SDL_RenderReadPixels(wt.r, &one, SDL_PIXELFORMAT_ARGB8888, &px, 4);
}

static void render_finish(void)
{
    if (win)
        x_guard(finish_body, NULL);
}

static int window_grab(const char *path, char *err, size_t errlen)
{
    if (!win) {
        snprintf(err, errlen, "no window");
        return -1;
    }
    int w, h;
    SDL_GetRendererOutputSize(wt.r, &w, &h);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        snprintf(err, errlen, "no memory");
        return -1;
    }
    int rc = 0;
    if (SDL_RenderReadPixels(wt.r, NULL, SDL_PIXELFORMAT_ARGB8888, surf->pixels, surf->pitch) != 0 ||
        IMG_SavePNG(surf, path) != 0) {
        snprintf(err, errlen, "cannot grab the window into '%s': %s", path, SDL_GetError());
        rc = -1;
    }
    SDL_FreeSurface(surf);
    return rc;
}

/* ------------------------------------------------------------------ */
/* pictures with no display                                            */

SDL_Surface *render_picture(const struct scene *sc, Uint32 format, char *err, size_t errlen)
{
    if (!render_fonts_ready() && render_fonts_init(NULL, err, errlen) != 0)
        return NULL;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, sc->w, sc->h, 32, format);
    if (!surf) {
        snprintf(err, errlen, "no memory for a %dx%d snapshot", sc->w, sc->h);
        return NULL;
    }
    struct target t;
    memset(&t, 0, sizeof t);
    t.r = SDL_CreateSoftwareRenderer(surf);
    t.surf = soft_surface_ok(surf) ? surf : NULL;
    if (!t.r) {
        snprintf(err, errlen, "cannot render the snapshot: %s", SDL_GetError());
        SDL_FreeSurface(surf);
        return NULL;
    }
    target_draw(&t, sc);
    SDL_RenderPresent(t.r);
    target_release(&t);
    return surf;
}

/* sc drawn by a software renderer on a surface of its size */
static void *picture(const struct scene *sc, char *err, size_t errlen)
{
    return render_picture(sc, SDL_PIXELFORMAT_ARGB8888, err, errlen);
}

static int picture_png(void *pic, FILE *fp)
{
    SDL_RWops *rw = SDL_RWFromFP(fp, SDL_FALSE);
    if (!rw)
        return -1;
    return IMG_SavePNG_RW((SDL_Surface *)pic, rw, 1) == 0 ? 0 : -1;
}

static void picture_free(void *pic)
{
    SDL_FreeSurface(pic);
}

static void render_quit(void)
{
    band_quit();
    render_fonts_quit();
    if (display_dead)
        return;                 /* SDL's quit would wait for the dead display */
    window_close();
    if (video_up)
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    video_up = 0;
    SDL_Quit();
}

/* ------------------------------------------------------------------ */
/* the one export                                                      */

const struct render_api *gradlab_window_api(void)
{
    static const struct render_api api = {
        .version = RENDER_API_VERSION,
        .init = render_fonts_init,
        .quit = render_quit,
        .open = window_open,
        .close = window_close,
        .reopen = window_reopen,
        .is_open = window_is_open,
        .fd = window_fd,
        .pending = window_pending,
        .poll = window_poll,
        .output_size = output_size,
        .measure = measure,
        .draw = window_draw,
        .set_title = set_title,
        .set_fullscreen = set_fullscreen,
        .finish = render_finish,
        .renderer_name = renderer_name,
        .grab = window_grab,
        .picture = picture,
        .picture_png = picture_png,
        .picture_free = picture_free,
        .keys = render_keys,
        .n_keys = N_RENDER_KEYS,
    };
    return &api;
}
