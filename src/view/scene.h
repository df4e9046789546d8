/* scene: what the window shows, as plain data. Pure: no SDL.
 *
 * scene_build turns the session (read only) and the window's view state
 * into a list of items to draw, back to front: filled rectangles, frames,
 * lines and arrows with a width, discs, text labels with a size and a
 * colour, and at most one image (the heatmap of a large Jacobian, one pixel
 * per cell or per block, drawn scaled through one streaming texture):
 * struct scene (items.h). render.c is the only consumer; tests read the
 * items directly.
 *
 * Ownership: struct scene owns its item array, its text arena and the image
 * pixels. They grow (realloc) when a bigger frame needs more room and are
 * reused frame after frame, so a steady frame allocates nothing.
 * scene_release frees all. Text pointers in items live until the next
 * scene_build. */
#ifndef GRADLAB_SCENE_H
#define GRADLAB_SCENE_H

#include <stddef.h>
#include <stdint.h>
#include "colormap.h"
#include "items.h"

struct session;

enum view { VIEW_JACOBIAN, VIEW_FLOW, VIEW_DATA, VIEW_DIAGNOSE, VIEW_CHECK, VIEW_COUNT };
enum theme { THEME_DARK, THEME_LIGHT, THEME_PROJECTOR, THEME_COUNT };
extern const char *const view_names[VIEW_COUNT];    /* "jacobian", "flow", "data", "diagnose", "check" */
extern const char *const theme_names[THEME_COUNT];  /* "dark", "light", "projector" */

/* The window's own state: what the user chose to look at, and how. One per
 * process (main.c), reachable from the session as S->view so that the
 * commands `view`, `theme`, `autoscale`, `example`, `window` and `snapshot`
 * can change it. The hooks are set by the front end that owns SDL; NULL in
 * builds and tests without it (the commands then say so). */
struct view_state {
    enum view view;
    enum theme theme;
    int autoscale;          /* 0: fixed +-0.25 Jacobian scale; 1: max |J| */
    double zoom;            /* text and line scale, 1.0 = default */
    int example;            /* the batch row the flow view shows */
    int help;               /* the help overlay is shown */
    int by_hand;            /* the user chose the view (view NAME, Tab): the window
                             * no longer follows the commands (session_show)
                             * until `view auto` */
    int fullscreen;         /* the window fills the screen (F11; the front end follows) */

    int mouse_x, mouse_y;   /* in output pixels; -1 when outside */
    int pointer;            /* draw a mark where the mouse is (a snapshot's hover=) */
    int tip_hidden;         /* a key or a typed line hides the hover tip until
                             * the mouse moves again (a mouse resting on a
                             * projected lesson covers nothing) */
    /* the class a click in the data view adds (key c: the next of
     * class_count, which the front end sets from the data set) */
    int touch_class, class_count;

    /* animation of the net's stage (the front end advances it) */
    int anim_stage;         /* stage being animated (net.stage when it started) */
    double anim_t;          /* 0..1; 1 = at rest */

    unsigned gen;           /* bumped whenever the session may have changed */

    /* a lesson runs (Space goes on in it): set by the front end's loop
     * from lesson_active; the band with the lesson's narration comes from
     * lesson_caption (lesson.h); present: presenter mode */
    int lesson_active;
    int present;
    /* the band's page: band_page of the caption whose serial is
     * band_serial (another caption starts on its first page, or on its
     * last after a verdict); band_armed: Space was pressed once at that
     * caption's question (the band says how to skip it) */
    int band_page, band_armed;
    unsigned band_serial;

    /* long work under way (training): shown in the data view */
    int busy;
    long busy_done, busy_total;

    /* front-end hooks (NULL: not available) */
    void *ud;
    /* open (on = 1) or close the window; 0, or -1 with a message in err */
    int (*window)(void *ud, int on, char *err, size_t errlen);
    /* render the current view to a PNG of w x h with no display needed;
     * hover: what the mouse rests on (touch_find), drawn with the pointer
     * and its tip, or NULL */
    int (*snapshot)(void *ud, const struct session *S, const char *path, int w, int h,
                    const char *hover, char *err, size_t errlen);
    int window_open;        /* set by the front end */
};

void view_state_init(struct view_state *v);

void scene_init(struct scene *sc);
void scene_release(struct scene *sc);

/* Build the frame of view v->view for an output of w x h pixels. */
void scene_build(struct scene *sc, const struct session *S, const struct view_state *v,
                 int w, int h);

/* --- pieces exposed for tests ------------------------------------------- */

/* the smallest text (pixels) theme th allows in a w x h frame: the theme's
 * size at 1920x1080 (presenter mode: 28 px) scaled with the frame, never
 * under 10 px */
int scene_min_text(int th, int present, int w, int h);

/* the Jacobian scale in use: 0.25, or max |J| when autoscale (never 0) */
double scene_jacobian_scale(const struct session *S, int autoscale);
/* width in pixels of an edge of weight w when the largest |weight| is wmax */
float scene_edge_width(double w, double wmax, double zoom);
/* colour of an edge of weight w in theme th: from the background towards
 * the theme's strongest positive or negative colour as |w| grows to wmax
 * (opaque), so the strongest edges contrast most with the background */
struct rgba scene_edge_color(int th, double w, double wmax);
/* the same ramp starting at floor (0..1) of the way: a node's ring */
struct rgba scene_value_color(int th, double v, double vmax, double floor);
/* the colour of class k in the data view (Okabe-Ito, colour-blind safe) */
struct rgba scene_class_color(int k);
/* The data view's boundary image before its colours: for each of res x res
 * pixels over the square plot = { x0, y0, span } (top row: largest x2), the
 * net's class in the low byte and how sure it is (0..255, from 1/K to 1) in
 * the next. Pixels along the boundary are exact; elsewhere the class comes
 * from a coarse grid and the sureness is interpolated (scene.c). words
 * holds res * res; 0, or -1 when out of memory. */
struct net;
int scene_boundary_words(const struct net *nt, const double plot[3], int res, uint32_t *words);
/* The same words kept in bc (the scene's, items.h) and made again only
 * when the net's shape, activation or a parameter (by its bits), the plot
 * or res differ from those they were made for (a point dragged within the
 * plot, a command that leaves the net alone, the theme: none makes them
 * again): 1 made (bc->made counts it), 0 kept, -1 out of memory (bc then
 * holds none). scene_boundary_release frees bc. */
int scene_boundary_update(struct boundary_cache *bc, const struct net *nt, const double plot[3], int res);
void scene_boundary_release(struct boundary_cache *bc);
/* the flow view's caption for a stage: its formula from the table of
 * stages (stages.h) for the activation, in the variant (FORMULA_REG,
 * FORMULA_MEAN: net_formula_variant), e.g. "delta2 = delta3·W2ᵀ ⊙
 * (1 − a1²)"; for STAGE_NONE what to do */
const char *scene_stage_formula(int stage, int act, int variant);

#endif
