/* render_int: what the two files of the window code (render.c: the
 * window, its events, pictures and the one export; render_draw.c: fonts,
 * glyphs, drawing a scene) share. Private to the plugin (built with
 * -fvisibility=hidden: none of these is exported). */
#ifndef GRADLAB_RENDER_INT_H
#define GRADLAB_RENDER_INT_H

#include <SDL.h>
#include "items.h"

/* ---- fonts (render_draw.c) ---- */

/* font: a TTF file, or NULL for DejaVu Sans through fontconfig (falling
 * back to Debian's path); 0, or -1 with a message in err */
int render_fonts_init(const char *font, char *err, size_t errlen);
int render_fonts_ready(void);
void render_fonts_quit(void);

/* ---- a drawing target: a renderer with its glyph cache and images ---- */

#define GLYPH_SLOTS 4096    /* power of two */

/* A picture's pixels (a text's, a disc's stamp) as runs along each row:
 * the clear pixels left out, a run of one opaque pixel repeated, or a
 * run of translucent ones (render_soft.c). Blending a text at 4K is then
 * mostly filling rows with one value. */
struct runs {
    int w, h;
    int *row;               /* h + 1: row y's runs are run[row[y]] .. run[row[y + 1] - 1] */
    Uint32 *run;            /* x | n << 15 | opaque << 30 */
};

struct glyph {
    char *text;             /* NULL: empty slot */
    int size, bold;
    int w, h;               /* the text's box: its advance and the font's line */
    SDL_Rect ink;           /* the part of the box the texture holds: the box
                             * cropped to the pixels with any ink */
    SDL_Texture *tex;       /* white text; tinted by colour mod (on a software
                             * renderer made only when SDL draws the text) */
    SDL_Surface *pix;       /* on a software renderer, the rendered text (the
                             * whole box, ARGB8888) for render_soft.c */
    struct runs *runs;      /* ... and its ink's runs */
};

/* 0: glyph textures hold the whole box, not cropped to the ink (for the
 * test that cropping changes no pixel) */
extern int render_crop_glyphs;

#define SCALED_SPRITES 64
#define SCALED_TINTS 4

struct target {
    SDL_Renderer *r;
    struct glyph *glyphs;   /* GLYPH_SLOTS */
    int n_glyphs;
    /* the scene image: two textures used in turn, so that new pixels never
     * go into the texture the frame before drew with (the GL driver would
     * wait for that frame to finish) nor into a new texture (allocated and
     * faulted in on every change) */
    SDL_Texture *heat[2];
    int heat_w, heat_h, heat_cur;
    unsigned heat_gen;
    /* rectangles, frames, lines and discs: triangles gathered into one draw
     * call until a text, the image or another kind of batch comes (the
     * order back to front stays); solid shapes untextured, opaque or
     * blended, discs from the sprite atlas (render_draw.c) */
    SDL_Vertex *verts;
    int n_verts, cap_verts;
    int batch_sprites;      /* the gathered triangles are discs from the atlas */
    int batch_opaque;       /* ... are all opaque: drawn without blending */
    SDL_Texture *atlas;
    int atlas_tried;
    SDL_Surface *atlas_surf;    /* its pixels (for the direct way) */
    /* a software renderer's surface, when shapes may be drawn straight
     * into it (render_soft.c); NULL for GL renderers */
    SDL_Surface *surf;
    /* the texels of the atlas a disc of w x h pixels covers, as SDL's
     * software renderer samples them (render_soft.c) */
    struct scaled {
        float uv[4];
        int w, h;
        SDL_Surface *s;
        /* its texels tinted in the last colours discs took (w x h each:
         * SDL's premultiplied blend source, alpha on top; 0 where clear),
         * and the frame that last took each */
        struct { SDL_Color c; int alpha; Uint32 *px; unsigned frame; } tint[SCALED_TINTS];
        int n_tint;
    } scaled[SCALED_SPRITES];
    int n_scaled;
    /* the scene image scaled to the size it is drawn at (render_soft.c):
     * made again when its pixels (img_gen) or that size change */
    SDL_Surface *img;
    unsigned img_gen;
    int img_smooth;
    unsigned releases;      /* soft_release calls: the stamps and image above freed */
    unsigned frame;         /* frames drawn (the stamps' tints of this one are kept) */
    int *xmap;              /* the image's source columns (soft_scale) */
    int xmap_cap;
    /* the frame as drawing operations (render_band.c), when every item
     * can be drawn straight into surf: recorded first, then drawn in bands */
    int recording;          /* 1: the items are being recorded */
    unsigned glyph_flushes, rec_flushes;    /* the glyph cache emptied: all, and when recording began */
    int unrecordable;       /* ... and one of them is left to SDL */
    struct op *ops;
    int n_ops, cap_ops;
};

/* ---- a frame as operations, drawn in bands of rows (render_band.c) ---- */

enum op_kind { OP_FILL, OP_TRIANGLE, OP_TEXT, OP_STAMP, OP_COPY, OP_SCALE };

struct op {
    enum op_kind kind;
    int y0, y1;             /* the rows it may touch: y0 .. y1 - 1 */
    SDL_Color c;
    union {
        struct { SDL_Rect r; Uint32 px; int clipped; } fill;
        SDL_FPoint tri[3];
        struct { const struct glyph *g; int x, y; } text;
        struct { const struct scaled *st; const Uint32 *tinted; int x, y; } stamp;
        struct { const SDL_Surface *img; SDL_Rect r; Uint32 mask; } copy;
        struct { const Uint32 *pix; int w, h; SDL_Rect r; Uint32 mask; const int *xmap; } scale;
    } u;
};

/* op drawn into t->surf now, or recorded when t->recording (0; -1 when
 * out of memory: the frame is then drawn the other way) */
void band_op(struct target *t, const struct op *op);
/* the recorded operations drawn into t->surf, in bands of rows shared
 * with a helper thread when there are two cores (GRADLAB_THREADS=1: one) */
void band_draw(struct target *t);
/* the helper thread stopped (the plugin's quit) */
void band_quit(void);

/* ---- drawing straight into a software target's surface (render_soft.c) ---- */

/* 0: every shape goes through SDL's software renderer (for the test that
 * the direct way changes no pixel) */
extern int render_direct;
/* 1 when s is a surface shapes can be drawn into directly */
int soft_surface_ok(const SDL_Surface *s);
/* 1 when translucent shapes (mod 0), or texts in a colour (mod 1), can be
 * blended into s as SDL blends them */
int soft_blend_ok(const SDL_Surface *s, int mod);
/* Each drawing function below draws only into the rows ya .. yb - 1 of
 * s (and its clip rectangle): a frame can be drawn band by band, by two
 * threads, to the same pixels (render_band.c). */
/* the glyph g's pixels at (x, y) in the opaque colour c blended into s,
 * as SDL's blit of its texture with that colour mod does (where
 * soft_blend_ok(s, c is not white)) */
void soft_text(SDL_Surface *s, const struct glyph *g, int x, int y, SDL_Color c, int ya, int yb);
/* the runs of the part of p (ARGB8888) in r; NULL when out of memory */
struct runs *soft_runs(const SDL_Surface *p, SDL_Rect r);
void soft_runs_free(struct runs *rs);
/* the triangle p (pixels) in colour c blended into s, as SDL's software
 * renderer fills it (translucent: only where soft_blend_ok) */
void soft_triangle(SDL_Surface *s, const SDL_FPoint p[3], SDL_Color c, int ya, int yb);
/* the pixel px in the rectangle r of s (cut to s's clip rectangle when
 * clipped, as SDL_FillRect; else to s, as SDL's clear) */
void soft_fill(SDL_Surface *s, SDL_Rect r, Uint32 px, int clipped, int ya, int yb);

/* the texels of the atlas (uv: u0, v0, u1, v1) that SDL's software
 * renderer gives the quad from (x0, y0) to (x1, y1) (xy), kept in t until
 * soft_release; NULL when the quad is left to SDL (partly outside s) */
struct scaled *soft_sprite(struct target *t, const SDL_Surface *s, const float uv[4], const float xy[4]);
/* st's texels tinted by the opaque colour c for s (kept with st, at most
 * SCALED_TINTS colours; one that a disc of this frame took is not given
 * up for another), or NULL: the disc is then blended texel by texel */
const Uint32 *soft_tinted(struct target *t, struct scaled *st, const SDL_Surface *s, SDL_Color c);
/* those texels st at (x0, y0) in colour c (tinted: soft_tinted's, or
 * NULL), blended into s as SDL's triangle blit does (each texel modulated
 * by c, premultiplied by its alpha, over the pixel) */
void soft_stamp(SDL_Surface *s, const struct scaled *st, const Uint32 *tinted, int x0, int y0, SDL_Color c, int ya,
                int yb);
/* the scene image scaled for the rectangle to (*at: that rectangle in
 * whole pixels) as SDL's software renderer scales it (smoothly or to the
 * nearest pixel), kept in t until it or its size changes; NULL when it is
 * left to SDL */
struct scene;
SDL_Surface *soft_image(struct target *t, const SDL_Surface *s, const struct scene *sc, SDL_FRect to, SDL_Rect *at);
/* what SDL's copy of an ARGB8888 surface into s keeps of each pixel (a
 * mask), 0 when the copy is not a masked one */
Uint32 soft_copy_mask(const SDL_Surface *s);
/* img copied into s at r, each pixel with mask */
void soft_copy(SDL_Surface *s, const SDL_Surface *img, SDL_Rect r, Uint32 mask, int ya, int yb);
/* the w x h ARGB8888 pixels pix scaled to the nearest pixel into s at r,
 * each pixel with mask: what SDL_SoftStretch then a copy give; xmap: the
 * source column of each of r's columns (soft_columns) */
void soft_scale(SDL_Surface *s, const Uint32 *pix, int w, int h, SDL_Rect r, Uint32 mask, const int *xmap, int ya,
                int yb);
/* the source column of each of the dw columns that w columns are scaled
 * to, into t->xmap; 0 when out of memory */
int soft_columns(struct target *t, int w, int dw);
/* 1 and the rectangle SDL's software renderer fills for the two triangles
 * (v0, v1, v2), (v1, v2, v5) of a line's quad v[0..5], when it takes them
 * for a rectangle; else 0 (it draws them as triangles) */
int soft_quad_rect(const SDL_Vertex *v, SDL_Rect *r);
/* forget the scaled sprites and image */
void soft_release(struct target *t);

/* sc drawn by a software renderer (shapes straight into the surface
 * where render_direct allows) on a new surface of its size in format (a
 * snapshot's ARGB8888; probe's checks a window's RGB888 too); NULL with
 * err set on failure. The caller frees it. */
SDL_Surface *render_picture(const struct scene *sc, Uint32 format, char *err, size_t errlen);

/* release t's textures and its renderer; t is zeroed */
void target_release(struct target *t);
/* the width of s from its cached texture in t, or from the font (no
 * texture made): the same number (SDL_ttf sizes the texture with the
 * function that measures) */
int target_text_width(struct target *t, const char *s, int size, int bold);
/* clear t and draw sc's items back to front (not presented) */
void target_draw(struct target *t, const struct scene *sc);

#endif
