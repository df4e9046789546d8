/* render: the window and the PNG pictures. The ONLY file that includes SDL,
 * SDL_ttf, SDL_image (and fontconfig, to find the font).
 *
 * It draws a scene (scene.h) it is given and returns input events: keys as
 * the key table's codes (keys.h), the mouse, the window closed or resized.
 * It knows nothing of the session, the commands or what a key means: the
 * caller (window.c) builds the scenes, the title, and runs the keys.
 *
 * It is built as gradlab-window.so, which gradlab loads (winload.c) when a
 * window or a snapshot is first needed, and it exports ONE function,
 * gradlab_window_api, that returns its entry points. tests/render/probe.c
 * links it directly. Single-threaded: call it from the main loop.
 *
 * Ownership: render.c owns the window, its renderer, the font faces and the
 * glyph cache (textures of rendered strings, flushed when full). A picture
 * (render_api.picture) belongs to the caller until picture_free; nothing
 * else it returns needs freeing; quit releases all. */
#ifndef GRADLAB_RENDER_H
#define GRADLAB_RENDER_H

#include <stddef.h>
#include <stdio.h>

struct scene;

enum render_event_kind {
    RENDER_NONE,
    RENDER_KEY,             /* a key of the table was pressed: key, mods */
    RENDER_MOUSE,           /* the mouse moved to x, y */
    RENDER_MOUSE_OUT,       /* the mouse left the window */
    RENDER_CLICK,           /* a mouse button went down at x, y: button, clicks */
    RENDER_RELEASE,         /* a mouse button came up at x, y: button */
    RENDER_WHEEL,           /* the wheel turned: wheel notches, up positive */
    RENDER_RESIZED,         /* the window changed (size, exposure): draw again */
    RENDER_CLOSED,          /* the user closed the window (it is closed now) */
    RENDER_LOST,            /* the window is gone without gradlab closing it (it is
                             * closed now): another program destroyed it, or the
                             * display's connection was lost; why says which */
};

struct render_event {
    enum render_event_kind kind;
    int key;                /* RENDER_KEY: enum key_code (keys.h) */
    unsigned mods;          /* RENDER_KEY: KEYMOD_* bits */
    int x, y;               /* RENDER_MOUSE, RENDER_CLICK, RENDER_RELEASE: in output pixels */
    int button;             /* RENDER_CLICK, RENDER_RELEASE: 1 left, 2 middle, 3 right */
    int clicks;             /* RENDER_CLICK: 1, or 2 for a double click */
    int wheel;              /* RENDER_WHEEL */
    const char *why;        /* RENDER_LOST: what happened, in a few words */
};

/* SDL's keys (SDL_Keycode) and the key table's codes they are mapped to */
struct render_key { int sym, key; };

#define RENDER_API_VERSION 4

/* the video drivers gradlab lets SDL choose from, in SDL's order and
 * comma-separated: all but the headless ones (offscreen, dummy, KMSDRM);
 * for the tests (probe drivers) */
void render_display_drivers(char *buf, size_t size);

struct render_api {
    int version;            /* RENDER_API_VERSION */

    /* font: a TTF file given by --font, or NULL to ask fontconfig for
     * DejaVu Sans (falling back to Debian's path). Call before anything
     * else; 0 or -1 with a message in err. */
    int (*init)(const char *font, char *err, size_t errlen);
    /* close the window, release everything, shut SDL down */
    void (*quit)(void);

    /* open the window on the display the environment names (the caller
     * checks there is one) or close it; closing keeps SDL up, so reopening
     * is quick. 0, or -1 with a message in err. */
    int (*open)(char *err, size_t errlen);
    void (*close)(void);
    /* close the window (when open) and open it again at w x h output
     * pixels, for benchmarks; 0, or -1 with a message in err */
    int (*reopen)(int w, int h, char *err, size_t errlen);
    int (*is_open)(void);
    /* the display connection's descriptor for poll() (X11), or -1 when
     * there is none (no window, or Wayland): then poll with a timeout */
    int (*fd)(void);
    /* 1 when events are waiting (poll would return one now) */
    int (*pending)(void);
    /* the next input event into ev: 1, or 0 when there is none */
    int (*poll)(struct render_event *ev);

    /* the window's size in output pixels */
    void (*output_size)(int *w, int *h);
    /* the width of text in pixels, for the scene's layout (scene.measure;
     * ud is unused) */
    int (*measure)(void *ud, const char *text, int size, int bold);
    /* draw sc in the window and present it */
    void (*draw)(const struct scene *sc);
    void (*set_title)(const char *title);
    void (*set_fullscreen)(int on);
    /* wait until everything drawn so far is on the screen (for timings) */
    void (*finish)(void);
    /* the SDL renderer the window uses ("opengles2", "software", ...) */
    const char *(*renderer_name)(void);
    /* save what the window shows now (the last frame) as a PNG; tests */
    int (*grab)(const char *path, char *err, size_t errlen);

    /* a picture of sc, rasterised by a software renderer on a surface of
     * sc's size (no display needed); NULL with a message in err */
    void *(*picture)(const struct scene *sc, char *err, size_t errlen);
    /* write the picture as a PNG to fp: 0, or -1 */
    int (*picture_png)(void *picture, FILE *fp);
    void (*picture_free)(void *picture);

    /* the map from SDL's keys to the key table's codes ('?' comes as
     * text, whatever key it is on); for tests */
    const struct render_key *keys;
    int n_keys;
};

/* the plugin's one export */
__attribute__((visibility("default"))) const struct render_api *gradlab_window_api(void);
typedef const struct render_api *(*gradlab_window_api_fn)(void);

#endif
