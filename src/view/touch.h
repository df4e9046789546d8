/* touch: the mouse in the window, as command lines. Pure: no SDL.
 *
 * The views leave in the scene what the mouse may take hold of (its
 * grips, items.h: the bars of z, the edges and nodes of the flow view)
 * and where the data view's plot and loss curve are. A gesture becomes
 * the command a user could have typed, so the terminal and its history
 * stay the one record of what happened:
 *
 *   - a drag along a bar of z, or up and down on an edge (a weight) or
 *     an input node (x), changes the entry: while the button is down the
 *     window previews "z[2] = 0.35" (run quietly, not a step of undo),
 *     and on release the last one runs as typed (one step);
 *   - the wheel on one of them: one fine step per notch, each a command;
 *   - a double-click on one: its assignment "z[2] = " waits at the prompt;
 *   - a click on an output node: "y[ROW] = K" (its class the target);
 *   - in the data view, a click on the plot adds a point of the class the
 *     key c chose ("data add X0 X1 K"), a drag moves a point ("data move
 *     I X0 X1", previewed as it moves), a right click deletes one.
 *
 * Numbers are rounded to the decimal step of about a pixel, and the line
 * holds them as it prints them: the command replayed gives the same bits.
 *
 * Ownership: struct touch is the caller's (one per window); the lines are
 * written into the caller's buffers. */
#ifndef GRADLAB_TOUCH_H
#define GRADLAB_TOUCH_H

#include <stddef.h>
#include "scene.h"

struct session;

enum touch_do {
    TOUCH_NOTHING,
    TOUCH_RUN,              /* run the line, as typed (shown in the terminal) */
    TOUCH_PREVIEW,          /* run the line quietly: the drag goes on */
    TOUCH_PROMPT,           /* put the line at the prompt, for the user to end */
};

#define TOUCH_LINE 128

/* a gesture under way (a button held down) */
struct touch {
    int active;             /* a button is down on something */
    int moved;              /* it went further than a click does */
    int x0, y0;             /* where it went down */
    struct grip g;          /* what it holds (a copy), when point == -1 */
    int point;              /* data view: the point held (>= 0), -1 none, -2 the empty plot */
    double plot[4];         /* the plot's mapping when it went down: left, top, side, span */
    double origin[2];       /* ... and the data coordinates of its lower left corner */
    int cls;                /* the class a click on the plot adds */
    char line[TOUCH_LINE];  /* the last preview: the line the release runs */
};

/* the grip at (x, y) in the frame last built, or NULL: a node before an
 * edge, the nearest edge within its reach */
const struct grip *touch_grip_at(const struct scene *sc, int x, int y);
/* data view: the point at (x, y) (the nearest within its radius), or -1 */
int touch_point_at(const struct scene *sc, const struct session *S, const struct view_state *v, int x, int y);

/* a button went down at (x, y): button 1 left, 3 right; clicks 2 for a
 * double click. What to do with line (n bytes). */
enum touch_do touch_press(struct touch *T, const struct scene *sc, const struct session *S,
                          const struct view_state *v, int button, int clicks, int x, int y, char *line,
                          size_t n);
/* the mouse moved to (x, y) */
enum touch_do touch_motion(struct touch *T, int x, int y, char *line, size_t n);
/* the button came up at (x, y) */
enum touch_do touch_release(struct touch *T, int x, int y, char *line, size_t n);
/* the wheel turned by dy notches (up: positive) with the mouse at (x, y) */
enum touch_do touch_wheel(const struct scene *sc, int x, int y, int dy, char *line, size_t n);

/* what hovering explains: touch_tip, in draw.h (the scene draws it) */

/* where the mouse rests on what is called name in the frame last built:
 * a grip's entry ("z[2]", "W2[1][0]", "a1[0][1]"; the first of that name)
 * at the point touch takes it (a bar's or an edge's middle, a node's
 * centre), or "point[I]", the data view's point I; 0 and (x, y), or -1
 * when there is none */
int touch_find(const struct scene *sc, const struct session *S, const struct view_state *v, const char *name,
               int *x, int *y);

/* v the number rounded to the decimal step of about per_px, as the line
 * writes it, into buf: "0.35", "-2", "0" */
char *touch_number(char *buf, size_t n, double v, double per_px);

#endif
