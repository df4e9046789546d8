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

struct glyph {
    char *text;             /* NULL: empty slot */
    int size, bold;
    int w, h;               /* the text's box: its advance and the font's line */
    SDL_Rect ink;           /* the part of the box the texture holds: the box
                             * cropped to the pixels with any ink */
    SDL_Texture *tex;       /* white text; tinted by colour mod */
    SDL_Surface *pix;       /* on a software renderer, the rendered text (the
                             * whole box, ARGB8888) for render_soft.c */
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
         * SDL's premultiplied blend source, alpha on top; 0 where clear) */
        struct { SDL_Color c; int alpha; Uint32 *px; } tint[SCALED_TINTS];
        int n_tint;
    } scaled[SCALED_SPRITES];
    int n_scaled;
    /* the scene image scaled to the size it is drawn at (render_soft.c):
     * made again when its pixels (img_gen) or that size change */
    SDL_Surface *img;
    unsigned img_gen;
    int img_smooth;
};

/* ---- drawing straight into a software target's surface (render_soft.c) ---- */

/* 0: every shape goes through SDL's software renderer (for the test that
 * the direct way changes no pixel) */
extern int render_direct;
/* 1 when s is a surface shapes can be drawn into directly */
int soft_surface_ok(const SDL_Surface *s);
/* 1 when translucent shapes (mod 0), or texts in a colour (mod 1), can be
 * blended into s as SDL blends them */
int soft_blend_ok(const SDL_Surface *s, int mod);
/* the glyph g's pixels at (x, y) in the opaque colour c blended into s,
 * as SDL's blit of its texture with that colour mod does (where
 * soft_blend_ok(s, c is not white)) */
void soft_text(SDL_Surface *s, const struct glyph *g, int x, int y, SDL_Color c);
/* the triangle p (pixels) in colour c blended into s, as SDL's software
 * renderer fills it (translucent: only where soft_blend_ok) */
void soft_triangle(SDL_Surface *s, const SDL_FPoint p[3], SDL_Color c);

/* the quad from (x0, y0) to (x1, y1) of the atlas's texels uv (u0, v0,
 * u1, v1) in colour c, drawn into s as SDL's software renderer draws it:
 * 1, or 0 when it is left to SDL (partly outside s) */
int soft_sprite(struct target *t, SDL_Surface *s, const float uv[4], const float xy[4], SDL_Color c);
/* the scene image into the rectangle to, as SDL's software renderer
 * copies it there (scaled smoothly or to the nearest pixel): 1, or 0 when
 * it is left to SDL */
struct scene;
int soft_image(struct target *t, SDL_Surface *s, const struct scene *sc, SDL_FRect to);
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
