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
};

#define CLASS_COLORS 10     /* class k is drawn in colour k mod 10 (scene_class_color) */

/* the colours of theme th (an out-of-range th gives the dark theme) */
const struct theme_colors *theme_colors_of(int th);
/* c with alpha a (clamped to 0..255) */
struct rgba theme_alpha(struct rgba c, int a);
/* black or white text, whichever reads on a cell of colour c */
struct rgba theme_ink_on(struct rgba c);

/* ---- what one frame is drawn with ---------------------------------- */

struct ctx {
    struct scene *sc;
    const struct session *S;
    const struct view_state *v;
    const struct theme_colors *t;
    int w, h;
    int base;               /* body text size in pixels */
    double lw;              /* line width unit */
};

static inline int clampi(int x, int lo, int hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* ---- items (draw.c) ------------------------------------------------ */

/* a new item of kind in colour c at the end of the list, zeroed; NULL
 * (and sc->overflow set) when out of memory */
struct item *draw_push(struct scene *sc, enum item_kind kind, struct rgba c);
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
/* a title and a hint in the middle of the view: what to type first */
void draw_empty_message(struct ctx *c, const char *title, const char *hint);

/* room for res x res pixels in the scene image; 0, or -1 out of memory */
int draw_image_room(struct scene *sc, int res);

/* ---- text sizes (draw.c) ------------------------------------------- */

/* a width estimate from the character count alone: the layout uses it, so
 * positions do not depend on the font (tests recompute them) */
double draw_est_width(const char *s, int size);
/* the largest size up to size at which s fits in maxw (estimated) */
int draw_fit_size(const char *s, int size, double maxw);
/* the width of s: measured by the renderer's fonts when it gave a
 * measure, else estimated */
double draw_text_width(const struct scene *sc, const char *s, int size, int bold);

/* ---- numbers and labels (draw.c) ----------------------------------- */

/* the number with an explicit sign (+0.250 / −0.250 / 0) */
char *draw_signed_number(char *buf, size_t n, double v);
/* name with the subscript digits of i: s₁₂ */
char *draw_subscript(char *buf, size_t n, const char *name, int i);

/* ---- the views and the overlays ------------------------------------ */

void view_jacobian(struct ctx *c);      /* view_jacobian.c */
void view_flow(struct ctx *c);          /* view_flow.c */
void view_data(struct ctx *c);          /* view_data.c */

/* the lesson's band (overlay.c): overlay_band_layout wraps the caption
 * at the output width into at most max_lines lines (their starts and
 * lengths) and returns the height the band needs (0: no band);
 * overlay_band draws them under the title */
double overlay_band_layout(struct ctx *c, const char *caption, int *fs_out, int *lines_out,
                           const char **starts, int *lens, int max_lines);
void overlay_band(struct ctx *c, const char *title, double y, double hgt, int fs, int lines,
                  const char **starts, const int *lens);
/* the keys, over everything (overlay.c) */
void overlay_help(struct ctx *c);

/* ---- the boundary's helpers (boundary.c) --------------------------- */

/* the index of the largest of p[0..k-1] (the first of equals) */
int boundary_argmax(const double *p, int k);

#endif
