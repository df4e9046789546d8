/* render: the window and the PNG snapshots. The ONLY file that includes SDL,
 * SDL_ttf, SDL_image (and fontconfig, to find the font).
 *
 * It draws scenes (scene.h) and turns keys into command lines, which the
 * caller runs through command_run, so the window and the terminal never
 * disagree. Single-threaded: call everything from the main loop.
 *
 * Ownership: render.c owns the window, its renderer, the font faces and the
 * glyph cache (textures of rendered strings, flushed when full). Nothing it
 * returns needs freeing; render_quit releases all. */
#ifndef GRADLAB_RENDER_H
#define GRADLAB_RENDER_H

#include <stddef.h>

struct session;
struct view_state;

/* font: a TTF file given by --font, or NULL to ask fontconfig for DejaVu
 * Sans (falling back to Debian's path). Call before anything else; 0 or -1
 * with a message in err. Cheap: fonts are opened when first needed. */
int render_init(const char *font, char *err, size_t errlen);
void render_quit(void);

/* point v's hooks (used by the window and snapshot commands) at this
 * module: window on/off opens/closes the window, snapshot renders a PNG */
void render_attach(struct view_state *v);

/* 1 when a window can be opened: DISPLAY, WAYLAND_DISPLAY or SDL_VIDEODRIVER
 * is set (SDL would otherwise silently pick an offscreen driver) */
int render_display_available(void);

/* open / close the window (v->window_open follows). Closing keeps SDL up, so
 * reopening is quick. 0, or -1 with a message in err. */
int window_open(struct view_state *v, char *err, size_t errlen);
void window_close(struct view_state *v);
int window_is_open(void);

/* the display connection's file descriptor for poll() (X11), or -1 when
 * there is none (no window, or Wayland): then poll with a timeout */
int window_fd(void);

/* how long the main loop may sleep in poll(), in ms: -1 when no window is
 * open, a frame (16) while animating or when a redraw is pending, 0 when
 * SDL already holds events, else a long idle wait */
int window_timeout_ms(const struct view_state *v);

/* Drain SDL's events. Keys that mean a command call run(ud, "step"),
 * run(ud, "view flow"), ...; window-only keys (zoom, F11, help, mouse)
 * change v. Closing the window closes it, never the program. */
void window_handle_events(struct view_state *v, void (*run)(void *ud, const char *line),
                          void *ud);

/* the session changed (after each command): redraw, restart animations */
void window_changed(struct view_state *v);

/* advance the animation and, when something changed, draw and present */
void window_update(const struct session *S, struct view_state *v);

/* Render the current view of S to a w x h PNG through a software renderer
 * on a surface: no display needed. 0, or -1 with a message in err. */
int window_snapshot(const struct session *S, const struct view_state *v, const char *path,
                    int w, int h, char *err, size_t errlen);

/* save what the window shows now (the last frame drawn) as a PNG; for
 * tests. 0, or -1 with a message in err */
int window_grab(const char *path, char *err, size_t errlen);

/* for benchmarks: draw the current view of S into the window now, and
 * return the time it took in milliseconds (scene + render + present) */
double window_draw_timed(const struct session *S, struct view_state *v);
/* SDL's keys (SDL_Keycode) and the key table's codes (keys.h) they are
 * mapped to; for tests */
struct render_key { int sym, key; };
extern const struct render_key render_keys[];
extern const int n_render_keys;

/* the SDL renderer the window uses ("opengl", "software", ...) */
const char *window_renderer_name(void);

#endif
