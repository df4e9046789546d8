/* scene: what the window shows, as plain data. Pure: no SDL.
 *
 * scene_build turns the session (read only) and the window's view state
 * into a list of items to draw, back to front: filled rectangles, frames,
 * lines and arrows with a width, discs, text labels with a size and a
 * colour, and at most one image (the heatmap of a large Jacobian, one pixel
 * per cell or per block, drawn scaled through one streaming texture).
 * render.c is the only consumer; tests read the items directly.
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

struct session;

enum view { VIEW_JACOBIAN, VIEW_FLOW, VIEW_DATA, VIEW_COUNT };
enum theme { THEME_DARK, THEME_LIGHT, THEME_PROJECTOR, THEME_COUNT };
extern const char *const view_names[VIEW_COUNT];    /* "jacobian", "flow", "data" */
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
    int fullscreen;         /* the window fills the screen (F11; the front end follows) */

    int mouse_x, mouse_y;   /* in output pixels; -1 when outside */

    /* animation of the net's stage (the front end advances it) */
    int anim_stage;         /* stage being animated (net.stage when it started) */
    double anim_t;          /* 0..1; 1 = at rest */

    unsigned gen;           /* bumped whenever the session may have changed */

    /* a lesson runs (Space goes on in it): set by the front end's loop
     * from lesson_active; the band with the lesson's narration comes from
     * lesson_caption (lesson.h); present: presenter mode */
    int lesson_active;
    int present;

    /* long work under way (training): shown in the data view */
    int busy;
    long busy_done, busy_total;

    /* front-end hooks (NULL: not available) */
    void *ud;
    /* open (on = 1) or close the window; 0, or -1 with a message in err */
    int (*window)(void *ud, int on, char *err, size_t errlen);
    /* render the current view to a PNG of w x h with no display needed */
    int (*snapshot)(void *ud, const struct session *S, const char *path, int w, int h,
                    char *err, size_t errlen);
    int window_open;        /* set by the front end */
};

void view_state_init(struct view_state *v);

enum item_kind {
    ITEM_RECT,      /* filled rectangle x, y, w, h */
    ITEM_FRAME,     /* rectangle outline of width `width` */
    ITEM_LINE,      /* from (x, y) to (x2, y2), width; arrow: head at (x2, y2) */
    ITEM_DISC,      /* filled disc centred at (x, y), radius w */
    ITEM_TEXT,      /* text at (x, y) with anchor; size in pixels */
    ITEM_IMAGE,     /* the scene image drawn into x, y, w, h */
};

enum anchor {       /* which point of the text box (x, y) is */
    ANCHOR_TL, ANCHOR_TC, ANCHOR_TR,
    ANCHOR_ML, ANCHOR_MC, ANCHOR_MR,
    ANCHOR_BL, ANCHOR_BC, ANCHOR_BR,
};

struct item {
    enum item_kind kind;
    float x, y, w, h;       /* rect; disc: centre and radius w */
    float x2, y2;           /* line end */
    float width;            /* line / frame width */
    struct rgba color;
    int arrow;              /* line: draw an arrow head at the end */
    int rim;                /* disc: its outer fifth in a darker shade of its colour */
    int size;               /* text: pixel size */
    int bold;               /* text: bold face */
    enum anchor anchor;
    const char *text;       /* into the scene's arena */
    size_t text_off;        /* (while building) */
};

struct scene {
    int w, h;               /* output size in pixels */
    struct rgba clear;      /* background */
    struct item *items;
    int n_items, cap_items;
    char *arena;
    size_t arena_len, arena_cap;
    int overflow;           /* an allocation failed: some items are missing */

    /* the image (ARGB8888, img_w x img_h); has_image: an ITEM_IMAGE uses it */
    uint32_t *pixels;
    int img_w, img_h, has_image;
    size_t pixels_cap;
    unsigned img_gen;       /* bumped when the pixels change (the renderer re-uploads) */
    int img_smooth;         /* scale it smoothly (linear), not cell by cell */
    unsigned img_key_gen;   /* view_state gen the pixels were made from */
    int img_key_theme, img_key_auto, img_key_n, img_key_view, img_key_w;

    /* scratch of the Jacobian's image (grown, reused): its block values,
     * kept for the next frame while the session does not change */
    double *work;
    size_t work_cap;

    /* data view: the net's prediction of each data point, made with the
     * image (pred_n entries), and the accuracy they give */
    unsigned char *pred;
    size_t pred_cap;
    int pred_n;
    double accuracy;        /* -1: no prediction */

    /* optional text measurement (the renderer's fonts); NULL: an estimate */
    int (*measure)(void *ud, const char *text, int size, int bold);
    void *measure_ud;

    /* layout facts, for tests and for mapping the mouse */
    struct { float x, y, side; int n; } heat;     /* Jacobian heatmap square */
    struct { float x, y, w, h; } cbar;            /* colour bar */
    double jscale;          /* the scale the heatmap was drawn with */
    double jmax;            /* max |J|, cached for view_state gen jmax_gen */
    unsigned jmax_gen;
    int jmax_valid;
    int heat_key_n, heat_key_res;   /* the size jmax (and the block values) were made for */
    int hover_i, hover_j;   /* cell under the mouse, -1 when none */
    struct { float x, y, side; double x0, y0, span; } plot;    /* data view plot */
};

void scene_init(struct scene *sc);
void scene_release(struct scene *sc);

/* Build the frame of view v->view for an output of w x h pixels. */
void scene_build(struct scene *sc, const struct session *S, const struct view_state *v,
                 int w, int h);

/* --- pieces exposed for tests ------------------------------------------- */

/* the Jacobian scale in use: 0.25, or max |J| when autoscale (never 0) */
double scene_jacobian_scale(const struct session *S, int autoscale);
/* width in pixels of an edge of weight w when the largest |weight| is wmax */
float scene_edge_width(double w, double wmax, double zoom);
/* colour of an edge of weight w (the diverging map, alpha growing with |w|) */
struct rgba scene_edge_color(double w, double wmax);
/* a number as shown: 3 decimals, U+2212 minus sign; returns buf */
char *scene_number(char *buf, size_t n, double v);
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
/* the flow view's caption for a stage: its formula from the table of
 * stages (stages.h) for the activation, with the L2 term when reg is
 * nonzero, e.g. "delta2 = delta3·W2ᵀ ⊙ (1 − a1²)"; for STAGE_NONE what to do */
const char *scene_stage_formula(int stage, int act, int reg);

#endif
