/* items: a scene as plain data: the list of things to draw, back to front,
 * with its text arena and its image, and the layout facts tests and the
 * mouse read. Pure: no SDL. scene.h builds them (scene_build); the drawing
 * primitives of the view family (draw.h) append them; render.c draws them.
 * Ownership: see scene.h. */
#ifndef GRADLAB_ITEMS_H
#define GRADLAB_ITEMS_H

#include <stddef.h>
#include <stdint.h>
#include "colormap.h"

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
    short panel;            /* text: the panel it must stay inside (scene.panels) */
    short layer;            /* 0 the picture, 1 an overlay drawn over it */
    float box[4];           /* text: the box it covers, x0, y0, x1, y1 (draw_text_box) */
};

/* The box a text item covers, as the renderer places it: the measured (or
 * estimated) width, and the font's line height, TEXT_LINE_EM of the size
 * (DejaVu Sans: ascent 0.928 + descent 0.236 em); see layout.h */
#define TEXT_LINE_EM 1.164

/* a region of the frame that its texts must stay inside: panel 0 is the
 * whole frame, then the view's area, the lesson's band and the parts of a
 * view (a heatmap with its labels, a chart, a caption) */
struct panel {
    float x, y, w, h;
    const char *name;       /* static text, for messages */
};
#define SCENE_PANELS 48

/* what the mouse may take hold of (touch.h): a value the view drew, the
 * entry that sets it and how a drag changes it */
enum grip_kind {
    GRIP_BAR,     /* a bar's row, the box x, y to x2, y2: a drag along it */
    GRIP_EDGE,    /* an edge from (x, y) to (x2, y2), r pixels either side */
    GRIP_NODE,    /* a node at (x, y) of radius r */
};

struct grip {
    enum grip_kind kind;
    float x, y, x2, y2, r;
    double value;           /* the entry's value as drawn */
    double per_px;          /* what a pixel of drag adds (right along a bar, up
                             * on an edge or a node); 0: it is not dragged */
    int click;              /* >= 0: a click sets it to this (an output: the class) */
    char name[24];          /* the entry: "z[2]", "W2[1][0]", "x[3][0]", "y[3]" */
    /* a value the network computes (a hidden unit's a1 or z1): its stage
     * (stages.h; 0 none) and activation, the z1 its a1 is made from, and
     * delta2 once the pass has gone back that far (has_back) */
    int stage, act, has_back;
    double pre, back;
};

struct scene {
    int w, h;               /* output size in pixels */
    struct rgba clear;      /* background */
    struct item *items;
    int n_items, cap_items;
    char *arena;
    size_t arena_len, arena_cap;
    int overflow;           /* an allocation failed: some items are missing */

    /* the panels, and the one new texts go into; layer: what new texts
     * are drawn on (the help overlay draws on layer 1, over the picture) */
    struct panel panels[SCENE_PANELS];
    int n_panels, cur_panel, cur_layer;
    /* the theme's smallest text at this size (scene_min_text): no text
     * is drawn smaller; labels that do not fit at it are left out */
    int min_text;

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

    /* data view: the boundary's words (scene_boundary_update), kept
     * while the net and the plot stay, and their colours' key */
    struct boundary_cache {
        uint32_t *words;    /* res x res (scene.h); res 0: none */
        size_t words_cap;
        int res;
        double plot[3];
        double *key;        /* the net they were made from: shape, activation, parameters */
        size_t key_len, key_cap;
        double *buf;        /* a batch's points, z1, z2 and probabilities */
        size_t buf_cap;
        unsigned char *mark;
        size_t mark_cap;
        size_t *at;
        size_t at_cap;
        unsigned made;      /* how many times the words were made (tests) */
        uint32_t *colours;  /* their colours, res x res, when the image is larger */
        size_t colours_cap;
        /* the colours of a class (mod 10) by sureness, and of the edge,
         * over the background bg and ink fg they were mixed for */
        uint32_t lut[10][256], ink;
        struct rgba lut_bg, lut_fg;
        int has_lut;
    } bnd;
    unsigned img_key_words; /* bnd.made the image was coloured from */
    /* data view: the net's prediction of each data point, made with the
     * image (pred_n entries), and the accuracy they give */
    unsigned char *pred;
    size_t pred_cap;
    int pred_n;
    double accuracy;        /* -1: no prediction */
    int ringed;             /* the points drawn ringed (wrong): a number the class can
                             * count off the picture; -1: none ringed by the view */

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
    struct { float x, y, side, r; double x0, y0, span; } plot;    /* data view plot; r: a point's radius */
    /* data view's loss curve: the box of its axes and their ends (w 0: none) */
    struct { float x, y, w, h; double imax, lmax; } curve;
    /* what the mouse may take hold of, this frame (grown, reused) */
    struct grip *grips;
    int n_grips, cap_grips;
    /* the lesson's band: its top (h when there is none) and its first
     * item (INT_MAX when none), the caption it shows (its serial,
     * lesson.h), the page shown and how many there are, and whether a
     * question waits (Space pages, then goes on) */
    double band_y;
    int band_first;
    unsigned band_serial;
    int band_page, band_pages, band_question;
};

/* a number as the items show it: 3 decimals, U+2212 minus sign; returns buf */
char *scene_number(char *buf, size_t n, double v);
/* the same with 2 decimals (where 3 do not fit) */
char *scene_number2(char *buf, size_t n, double v);

#endif
