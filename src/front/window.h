/* window: the window as the rest of gradlab sees it. No SDL here: it builds
 * the scenes (scene.h), the title and the snapshots, advances the stage's
 * animation, and turns the window's keys into command lines or changes of
 * the view (keys.h). What draws and reports input is the window code
 * (render.h), loaded when first needed.
 *
 * One window per process, for the view state given to window_init (owned
 * by the caller, which keeps it alive until window_quit). */
#ifndef GRADLAB_WINDOW_H
#define GRADLAB_WINDOW_H

#include <stddef.h>
#include "render.h"
#include "scene.h"

struct session;

/* where the window code comes from: winload_api for gradlab (the plugin),
 * or a function returning the linked renderer's entry points (tests) */
typedef const struct render_api *(*window_loader)(char *err, size_t errlen);

/* the window of view v, its code from load: v's hooks (used by the window
 * and snapshot commands) point here */
void window_init(struct view_state *v, window_loader load);
/* close the window and shut the window code down (when it was loaded) */
void window_quit(void);

/* 1 when a window can be opened: DISPLAY, WAYLAND_DISPLAY or SDL_VIDEODRIVER
 * is set (SDL would otherwise silently pick an offscreen driver) */
int window_display_available(void);

/* open / close the window (v->window_open follows); 0, or -1 with a
 * message in err */
int window_open(char *err, size_t errlen);
void window_close(void);
int window_is_open(void);
/* when the window went without gradlab or the user closing it (another
 * program destroyed it, the display's connection was lost; gradlab goes
 * on without it): why, once; else NULL */
const char *window_lost(void);

/* Start loading the window code on a helper thread (once): 1 while it is
 * loading, 0 once it is loaded or cannot be (window_open then says why,
 * or loads it itself). While it loads, window_fd is a pipe that becomes
 * readable when it is done; window_open and window_quit wait for it. */
int window_preload(void);
/* the display connection's descriptor for poll() (while the window code
 * loads, its helper's pipe), or -1 when there is none: then poll with a
 * timeout */
int window_fd(void);
/* how long the loop may sleep in poll(), in ms: -1 when no window is
 * open, a frame (16) while animating or when a redraw is pending, 0 when
 * events wait, else a long idle wait */
int window_timeout_ms(void);

/* Drain the window's input. A key that means a command calls run(ud,
 * "step"), run(ud, "view flow"), ...; window-only keys (zoom, F11, help)
 * change the view. The mouse's gestures (touch.h) call run with the
 * command they mean, preview (NULL: none) with the line of a drag under
 * way (once per drain, the last), prompt (NULL: none) with the start of a
 * line to put at the prompt (a double click). Closing the window closes
 * it, never the program. */
void window_events(void (*run)(void *ud, const char *line), void (*preview)(void *ud, const char *line),
                   void (*prompt)(void *ud, const char *line), void *ud);

/* the session changed (after each command): redraw, restart animations */
void window_changed(void);
/* a key typed (in the window or the terminal): the hover tip hides until
 * the mouse moves */
void window_typed(void);
/* advance the animation and, when something changed, draw and present */
void window_update(const struct session *S);

/* the current view of S as a w x h PNG, drawn without a display. 0, or -1
 * with a message in err */
int window_snapshot(const struct session *S, const char *path, int w, int h, char *err,
                    size_t errlen);
/* the same with the mouse resting on hover (touch_find: "z[2]",
 * "point[3]"): the pointer drawn there, and its tip; NULL: no mouse */
int window_snapshot_hover(const struct session *S, const char *path, int w, int h, const char *hover,
                          char *err, size_t errlen);

/* for tests and benchmarks: draw the current view of S now and return the
 * time it took in ms (scene + render + present), or -1 with no window */
double window_draw_timed(const struct session *S);
/* the window code's entry points when loaded, else NULL (grab, renderer) */
const struct render_api *window_api(void);

#endif
