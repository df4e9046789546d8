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
};

/* 0: glyph textures hold the whole box, not cropped to the ink (for the
 * test that cropping changes no pixel) */
extern int render_crop_glyphs;

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
};

/* release t's textures and its renderer; t is zeroed */
void target_release(struct target *t);
/* the width of s from its cached texture in t (made on a miss), or from
 * the font when t is NULL: the same number (SDL_ttf sizes the texture
 * with the function that measures) */
int target_text_width(struct target *t, const char *s, int size, int bold);
/* clear t and draw sc's items back to front (not presented) */
void target_draw(struct target *t, const struct scene *sc);

#endif
