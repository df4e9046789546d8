/* render: the SDL2 window, its events, PNG pictures, and the plugin's one
 * export. With render_draw.c (fonts, glyphs, drawing a scene) the only
 * code that includes SDL. See render.h. */
#include "render.h"
#include "render_int.h"
#include "keys.h"
#include <SDL_image.h>
#include <SDL_syswm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* the window                                                          */

static SDL_Window *win;
static struct target wt;            /* the window's renderer */
static int video_up;

static int window_is_open(void)
{
    return win != NULL;
}

/* The window's renderer: OpenGL ES 2 first (SDL's shader renderer: on a
 * software GL such as Mesa's llvmpipe, under Xvfb or without a GPU, it
 * draws our frames in two thirds of the time of SDL's older OpenGL one),
 * then whatever SDL picks; SDL_RENDER_DRIVER in the environment decides
 * when it is set. */
static SDL_Renderer *create_renderer(SDL_Window *w)
{
    const char *hint = getenv("SDL_RENDER_DRIVER");
    if (!(hint && *hint))
        for (int k = 0; k < SDL_GetNumRenderDrivers(); k++) {
            SDL_RendererInfo info;
            if (SDL_GetRenderDriverInfo(k, &info) == 0 && strcmp(info.name, "opengles2") == 0) {
                SDL_Renderer *r = SDL_CreateRenderer(w, k, SDL_RENDERER_ACCELERATED);
                if (r)
                    return r;
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

static int window_open(char *err, size_t errlen)
{
    if (win)
        return 0;
    if (!render_fonts_ready() && render_fonts_init(NULL, err, errlen) != 0)
        return -1;
    if (video_start(err, errlen) < 0)
        return -1;
    win = SDL_CreateWindow("gradlab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 800,
                           SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!win) {
        snprintf(err, errlen, "cannot open the window: %s", SDL_GetError());
        return -1;
    }
    SDL_SetWindowMinimumSize(win, 480, 320);
    wt.r = create_renderer(win);
    if (!wt.r)
        wt.r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!wt.r) {
        snprintf(err, errlen, "cannot draw in the window: %s", SDL_GetError());
        SDL_DestroyWindow(win);
        win = NULL;
        return -1;
    }
    return 0;
}

static void window_close(void)
{
    if (!win)
        return;
    target_release(&wt);
    SDL_DestroyWindow(win);
    win = NULL;
    /* let the display see it go now */
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
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

static int window_pending(void)
{
    if (!video_up)
        return 0;
    SDL_PumpEvents();
    return SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
}

static void output_size(int *w, int *h)
{
    *w = *h = 0;
    if (win)
        SDL_GetRendererOutputSize(wt.r, w, h);
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
        ev->kind = RENDER_CLICK;
        mouse_to_output(e->button.x, e->button.y, &ev->x, &ev->y);
        return 1;
    case SDL_KEYDOWN:
        ev->kind = RENDER_KEY;
        ev->key = key_code_of(e->key.keysym.sym);
        ev->mods = e->key.keysym.mod & KMOD_CTRL ? KEYMOD_CTRL : 0;
        return ev->key != KEY_NONE;
    case SDL_TEXTINPUT:
        ev->kind = RENDER_KEY;
        ev->key = KEY_QUESTION;
        return strcmp(e->text.text, "?") == 0;
    default:
        return 0;               /* SDL_QUIT among them: it never ends the program */
    }
}

static int window_poll(struct render_event *ev)
{
    if (!video_up)
        return 0;
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        if (!win)
            continue;               /* drain what is left after a close */
        if (translate(&e, ev))
            return 1;
    }
    return 0;
}

static void set_title(const char *title)
{
    if (win)
        SDL_SetWindowTitle(win, title);
}

static void set_fullscreen(int on)
{
    if (win)
        SDL_SetWindowFullscreen(win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

static void window_draw(const struct scene *sc)
{
    if (!win)
        return;
    target_draw(&wt, sc);
    SDL_RenderPresent(wt.r);
}

static int measure(void *ud, const char *s, int size, int bold)
{
    (void)ud;
    return target_text_width(win ? &wt : NULL, s, size, bold);
}

static const char *renderer_name(void)
{
    SDL_RendererInfo info;
    if (!win || SDL_GetRendererInfo(wt.r, &info) != 0)
        return "none";
    return info.name;
}

/* wait until the renderer has drawn everything it was given (reading a
 * pixel back makes the GL driver finish) */
static void render_finish(void)
{
    if (!win)
        return;
    Uint32 px;
    SDL_Rect one = { 0, 0, 1, 1 };
    SDL_RenderReadPixels(wt.r, &one, SDL_PIXELFORMAT_ARGB8888, &px, 4);
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

/* sc drawn by a software renderer on a surface of its size */
static void *picture(const struct scene *sc, char *err, size_t errlen)
{
    if (!render_fonts_ready() && render_fonts_init(NULL, err, errlen) != 0)
        return NULL;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, sc->w, sc->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        snprintf(err, errlen, "no memory for a %dx%d snapshot", sc->w, sc->h);
        return NULL;
    }
    struct target t;
    memset(&t, 0, sizeof t);
    t.r = SDL_CreateSoftwareRenderer(surf);
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
    window_close();
    render_fonts_quit();
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
