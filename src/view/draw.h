/* draw: what the files of the scene family share (private to src/view).
 *
 * scene.c chooses the view and calls one of view_jacobian, view_flow or
 * view_data (view_*.c), then the overlays (overlay.c). They all draw
 * through the primitives of draw.c, which append items to the scene, in
 * the colours of the theme (theme.c). Nothing here allocates except the
 * scene's own arrays (see scene.h for who owns what). */
#ifndef GRADLAB_DRAW_H
#define GRADLAB_DRAW_H

#include <stddef.h>
#include <stdint.h>
#include "items.h"

struct session;
struct view_state;

/* ---- themes (theme.c) --------------------------------------------- */

struct theme_colors {
    struct rgba bg, panel, fg, dim, grid, accent, accent_fg, bar_z, bar_s;
    double text_scale;      /* projector: bigger text */
    double line_scale;      /* projector: thicker lines */
    double min_text;        /* the smallest text at 1920x1080, in pixels (scene_min_text) */
    struct rgba edge_pos, edge_neg;     /* the strongest positive and negative edges */
};

#define CLASS_COLORS 10     /* class k is drawn in colour k mod 10 (scene_class_color) */

/* the colours of theme th (an out-of-range th gives the dark theme) */
const struct theme_colors *theme_colors_of(int th);
/* c with alpha a (clamped to 0..255) */
struct rgba theme_alpha(struct rgba c, int a);
/* black or white text, whichever contrasts more with a cell of colour c */
struct rgba theme_ink_on(struct rgba c);
/* the relative luminance of c (WCAG 2.1: linear sRGB, Rec. 709 weights) */
double theme_luminance(struct rgba c);

/* ---- what one frame is drawn with ---------------------------------- */

struct ctx {
    struct scene *sc;
    const struct session *S;
    const struct view_state *v;
    const struct theme_colors *t;
    int w, h;
    int base;               /* body text size in pixels */
    int min;                /* the smallest text allowed (sc->min_text) */
    double lw;              /* line width unit */
};

/* a text size: want, but never under the minimum */
static inline int draw_size(const struct ctx *c, double want)
{
    int s = (int)want;
    return s < c->min ? c->min : s;
}

static inline int clampi(int x, int lo, int hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* ---- items (draw.c) ------------------------------------------------ */

/* a new item of kind in colour c at the end of the list, zeroed; NULL
 * (and sc->overflow set) when out of memory */
struct item *draw_push(struct scene *sc, enum item_kind kind, struct rgba c);
/* a new target of the mouse (items.h) named by fmt, at the end of the
 * scene's list, its place still to set; NULL when out of memory */
struct grip *draw_grip(struct scene *sc, enum grip_kind kind, double value, double per_px,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void draw_rect(struct scene *sc, double x, double y, double w, double h, struct rgba c);
void draw_frame(struct scene *sc, double x, double y, double w, double h, double width,
                struct rgba c);
void draw_line(struct scene *sc, double x1, double y1, double x2, double y2, double width,
               struct rgba c, int arrow);
struct item *draw_disc(struct scene *sc, double x, double y, double r, struct rgba c);
/* the scene image drawn into x, y, w, h */
void draw_image(struct scene *sc, double x, double y, double w, double h, struct rgba c);
/* text (printf-like) at (x, y); returns the item or NULL */
struct item *draw_text(struct scene *sc, double x, double y, int size, int bold,
                       enum anchor anchor, struct rgba c, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* a text only where it fits: inside the current panel and over no other
 * text of its layer; else nothing is drawn and NULL returned (so that
 * where labels do not fit, fewer are drawn) */
struct item *draw_label(struct scene *sc, double x, double y, int size, int bold,
                        enum anchor anchor, struct rgba c, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* the box (x0, y0, x1, y1) text s would cover at (x, y) with anchor */
void draw_text_box(const struct scene *sc, const char *s, int size, int bold, enum anchor anchor,
                   double x, double y, double box[4]);
/* 1 when box is inside the current panel and over no text of the current
 * layer */
int draw_box_free(const struct scene *sc, const double box[4]);
/* open a panel x, y, w, h (inside the frame) for the texts that follow;
 * returns the panel to go back to with draw_panel_end */
int draw_panel(struct scene *sc, double x, double y, double w, double h, const char *name);
void draw_panel_end(struct scene *sc, int previous);

/* a title and a hint in the middle of the view: what to type first */
void draw_empty_message(struct ctx *c, const char *title, const char *hint);

/* room for res x res pixels in the scene image; 0, or -1 out of memory */
int draw_image_room(struct scene *sc, int res);

/* ---- text sizes (draw.c) ------------------------------------------- */

/* the largest size from want down to the minimum (c->min) at which s fits
 * in maxw pixels; 0 when it does not fit even at the minimum */
int draw_fit(const struct ctx *c, const char *s, int want, int bold, double maxw);
/* s on one line no wider than maxw: at the size draw_fit finds, else at
 * the minimum cut with an ellipsis; the item, or NULL */
struct item *draw_text_fit(struct ctx *c, double x, double y, int want, int bold, enum anchor anchor,
                           struct rgba col, double maxw, const char *s);
/* the width of s: measured by the renderer's fonts when it gave a
 * measure, else estimated */
double draw_text_width(const struct scene *sc, const char *s, int size, int bold);

/* ---- numbers and labels (draw.c) ----------------------------------- */

/* v in short scientific form with true minus signs: 7.7e−12, 1.0e0 */
char *draw_sci(char *buf, size_t n, double v);
/* the same with no decimal in the mantissa: 8e−12 (where 7.7e−12 does not fit) */
char *draw_sci0(char *buf, size_t n, double v);
/* the number with an explicit sign (+0.250 / −0.250 / 0) */
char *draw_signed_number(char *buf, size_t n, double v);
/* name with the subscript digits of i: s₁₂ */
char *draw_subscript(char *buf, size_t n, const char *name, int i);

/* ---- matrices as heatmaps (matrix.c) -------------------------------- */

/* a matrix to draw: rows x cols values (row i at v + i * stride) in the
 * diverging colours at +-scale, its labels row_name with the row's index
 * as a subscript (s₀, s₁ ...) and col_name likewise (NULL: none) */
struct matrix {
    const double *v;
    int rows, cols, stride;
    double scale;
    const char *title;      /* above it (NULL: none) */
    struct rgba title_color;        /* alpha 0: the text colour */
    const char *row_name, *col_name;
    int mark_diag;          /* frame the diagonal, its values bold */
    const unsigned char *mark;      /* rows x cols: 1 frames a cell (NULL: none) */
    double max_cell;        /* the largest cell side (0: as large as fits) */
    int sci;                /* values in short scientific form (draw_sci) */
    int short_form;         /* values with 2 decimals, or sci with none (matrix_value_size sets it) */
    int marks_beside;       /* its values sized as if every cell were framed, as those of the
                             * marked matrix beside it are: both get one form */
};
/* where a matrix went: its cells' top left, cell width and height, and
 * the sizes of its labels and title */
struct matrix_geom {
    double x, y, cw, ch;
    int lfs, tfs;
};
/* place m in the box x, y, w, h (title, labels, square cells as large as
 * fit); 0, or -1 when it does not fit */
int matrix_place(struct ctx *c, const struct matrix *m, double x, double y, double w, double h,
                 struct matrix_geom *g);
/* the whole panel: placed, title, cells, values where they fit, labels */
int matrix_panel(struct ctx *c, const struct matrix *m, double x, double y, double w, double h,
                 struct matrix_geom *g);
/* the pieces: cells (and marks), values at size vfs, labels (the hovered
 * row hi and column hj first, in the accent; -1: none), thinned to fit */
void matrix_cells(struct ctx *c, const struct matrix *m, const struct matrix_geom *g);
void matrix_values(struct ctx *c, const struct matrix *m, const struct matrix_geom *g, int vfs);
void matrix_labels(struct ctx *c, const struct matrix *m, const struct matrix_geom *g, int hi, int hj);
/* the size at which the values of m fit cells of cw x ch, up to the body
 * size, each in its face (bold on a marked diagonal): with 3 decimals, or
 * else with 2 (m->short_form set); in scientific form (m->sci set) when
 * every one is under 0.0005 in size and not all are 0; 0 when not even at
 * the smallest text */
int matrix_value_size(const struct ctx *c, struct matrix *m, double cw, double ch);
/* the side of a cell in which m's values fit at the smallest text */
double matrix_value_cell(const struct ctx *c, const struct matrix *m);
/* the width of the widest label name_(n-1) at size */
double matrix_label_width(const struct ctx *c, const char *name, int n, int size);

/* ---- the views and the overlays ------------------------------------ */

/* what hovering at (x, y) explains into buf ("" for nothing): the entry
 * under the mouse and its value, a point, the loss at a pass of the curve,
 * and what the mouse can do there (touch.c) */
void touch_tip(const struct scene *sc, const struct session *S, const struct view_state *v, int x, int y,
               char *buf, size_t n);

void view_jacobian(struct ctx *c);      /* view_jacobian.c */
void view_flow(struct ctx *c);          /* view_flow.c */
void view_data(struct ctx *c);          /* view_data.c */
void view_check(struct ctx *c);         /* view_check.c */
/* the flow view at stage (-1: the net's own), the place where target t
 * (a DT_ of catalogue.h; -1: none) is computed framed as where a mistake
 * enters, named name; with a mistake, the stage's formula is the title
 * and there is no caption (the caller has its own) */
void view_flow_at(struct ctx *c, int stage, int t, const char *name);
void view_diagnose(struct ctx *c);      /* view_diagnose.c */

/* the lesson's band (overlay.c): its geometry, the same for every part
 * of a lesson (presenter mode: a fixed share of the frame); the view gets
 * the frame above it. The caption (paragraphs separated by '\n') is
 * wrapped at the band's width into lines, a page of them shown at a time:
 * the page asked for, or the last one (which ends with the text). */
#define BAND_MAX_LINES 128
struct band {
    double y, h;            /* the band: from y to the frame's bottom */
    int fs, tfs;            /* narration and title text sizes */
    double line_h;          /* from one narration line to the next */
    double text_x, text_w;  /* where the lines go, and how wide they may be */
    double title_y, text_y; /* tops of the title and of the first line */
    int lines;              /* narration lines that fit: one page */
    /* the caption's lines (overlay_band_pages) */
    int n;
    const char *starts[BAND_MAX_LINES];
    int lens[BAND_MAX_LINES];
    int pages, page;        /* how many pages, and the one shown */
    int first;              /* its first line */
};
void overlay_band_geometry(const struct ctx *c, int frame_h, struct band *b);
/* text wrapped at maxw pixels (size fs), '\n' ending a paragraph: the
 * number of lines it takes; the first max_lines of them into starts and
 * lens */
int overlay_band_wrap(const struct ctx *c, const char *text, int fs, double maxw,
                      const char **starts, int *lens, int max_lines);
/* the caption's lines and the page shown: page, or the last when last
 * (then its lines end with the text's) */
void overlay_band_pages(const struct ctx *c, struct band *b, const char *text, int page, int last);
/* the band: the title (with its part at the right, and the page when
 * there are several) and the lines of the page shown */
void overlay_band(struct ctx *c, const struct band *b, const char *title);
/* the keys, over everything (overlay.c) */
void overlay_help(struct ctx *c);

/* ---- the boundary's helpers (boundary.c) --------------------------- */

/* the index of the largest of p[0..k-1] (the first of equals) */
int boundary_argmax(const double *p, int k);

#endif
