/* render_draw: the window code's fonts, glyph cache and drawing of a
 * scene into a target (the window's renderer, or a software renderer on a
 * surface for pictures). Part of the plugin; see render_int.h. */
#include "render_int.h"
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu/"

/* ------------------------------------------------------------------ */
/* fonts                                                               */

static char font_path[2][1024];     /* regular, bold */
static int ttf_ready, fc_used;

#define MAX_FACES 48
static struct face { int size, bold; TTF_Font *font; } faces[MAX_FACES];
static int n_faces;

/* ask fontconfig for family[:bold]; accept it only if the family matches */
static int fc_find(const char *pattern, const char *family, char *out, size_t n)
{
    int ok = 0;
    if (!FcInit())
        return 0;
    fc_used = 1;
    FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
    if (!pat)
        return 0;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    if (match) {
        FcChar8 *fam = NULL, *file = NULL;
        if (FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch &&
            FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            strcmp((const char *)fam, family) == 0) {
            snprintf(out, n, "%s", (const char *)file);
            ok = 1;
        }
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pat);
    return ok;
}

static int readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

int render_fonts_init(const char *font, char *err, size_t errlen)
{
    if (font) {
        if (!readable(font)) {
            snprintf(err, errlen, "cannot open font '%s'", font);
            return -1;
        }
        snprintf(font_path[0], sizeof font_path[0], "%s", font);
        snprintf(font_path[1], sizeof font_path[1], "%s", font);
    } else {
        if (!fc_find("DejaVu Sans", "DejaVu Sans", font_path[0], sizeof font_path[0]))
            snprintf(font_path[0], sizeof font_path[0], DEJAVU_DIR "DejaVuSans.ttf");
        if (!fc_find("DejaVu Sans:bold", "DejaVu Sans", font_path[1], sizeof font_path[1]))
            snprintf(font_path[1], sizeof font_path[1], DEJAVU_DIR "DejaVuSans-Bold.ttf");
        if (!readable(font_path[1]))
            snprintf(font_path[1], sizeof font_path[1], "%s", font_path[0]);
        if (!readable(font_path[0])) {
            snprintf(err, errlen, "no font: install fonts-dejavu-core or use --font FILE");
            return -1;
        }
    }
    if (!ttf_ready) {
        if (TTF_Init() != 0) {
            snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
            return -1;
        }
        ttf_ready = 1;
    }
    return 0;
}

int render_fonts_ready(void)
{
    return ttf_ready;
}

void render_fonts_quit(void)
{
    for (int k = 0; k < n_faces; k++)
        TTF_CloseFont(faces[k].font);
    n_faces = 0;
    if (ttf_ready)
        TTF_Quit();
    ttf_ready = 0;
    if (fc_used)
        FcFini();               /* fontconfig's cache, for leak checkers */
    fc_used = 0;
}

static TTF_Font *face(int size, int bold)
{
    bold = bold ? 1 : 0;
    for (int k = 0; k < n_faces; k++)
        if (faces[k].size == size && faces[k].bold == bold)
            return faces[k].font;
    if (!ttf_ready || !font_path[0][0]) {
        char e[256];
        if (render_fonts_init(NULL, e, sizeof e) != 0)
            return NULL;
    }
    if (n_faces == MAX_FACES) {         /* rare: forget them all */
        for (int k = 0; k < n_faces; k++)
            TTF_CloseFont(faces[k].font);
        n_faces = 0;
    }
    TTF_Font *f = TTF_OpenFont(font_path[bold], size);
    if (!f)
        return NULL;
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    faces[n_faces++] = (struct face){ size, bold, f };
    return f;
}

/* ------------------------------------------------------------------ */
/* a drawing target: a renderer with its glyph cache and heatmap texture */

static void glyphs_flush(struct target *t)
{
    if (!t->glyphs)
        return;
    for (int k = 0; k < GLYPH_SLOTS; k++) {
        if (t->glyphs[k].text) {
            free(t->glyphs[k].text);
            if (t->glyphs[k].tex)
                SDL_DestroyTexture(t->glyphs[k].tex);
            SDL_FreeSurface(t->glyphs[k].pix);
            soft_runs_free(t->glyphs[k].runs);
        }
    }
    memset(t->glyphs, 0, GLYPH_SLOTS * sizeof *t->glyphs);
    t->n_glyphs = 0;
    t->glyph_flushes++;
}

void target_release(struct target *t)
{
    glyphs_flush(t);
    free(t->glyphs);
    free(t->verts);
    if (t->atlas)
        SDL_DestroyTexture(t->atlas);
    SDL_FreeSurface(t->atlas_surf);
    soft_release(t);
    free(t->ops);
    free(t->xmap);
    for (int k = 0; k < 2; k++)
        if (t->heat[k])
            SDL_DestroyTexture(t->heat[k]);
    if (t->r)
        SDL_DestroyRenderer(t->r);
    memset(t, 0, sizeof *t);
}

static unsigned hash_text(const char *s, int size, int bold)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    h = (h ^ (unsigned)size) * 16777619u;
    return (h ^ (unsigned)bold) * 16777619u;
}

int render_crop_glyphs = 1;

/* the rectangle of s's pixels with any ink (alpha above 0); an empty
 * text keeps one pixel */
static SDL_Rect ink_box(const SDL_Surface *s)
{
    SDL_Rect r = { 0, 0, s->w, s->h };
    if (!render_crop_glyphs || s->format->BytesPerPixel != 4 || !s->format->Amask)
        return r;
    int x0 = s->w, x1 = -1, y0 = s->h, y1 = -1;
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < s->w; x++)
            if (row[x] & s->format->Amask) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y;
            }
    }
    if (x1 < 0)
        return (SDL_Rect){ 0, 0, 1, 1 };
    return (SDL_Rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
}

/* the texture of the part ink of a rendered text (white, blended); NULL
 * when it cannot be made */
static SDL_Texture *glyph_texture(struct target *t, SDL_Surface *surf, SDL_Rect ink)
{
    SDL_LockSurface(surf);
    SDL_Surface *part = SDL_CreateRGBSurfaceWithFormatFrom(
        (Uint8 *)surf->pixels + (size_t)ink.y * (size_t)surf->pitch + (size_t)ink.x * 4, ink.w, ink.h, 32,
        surf->pitch, surf->format->format);
    SDL_Texture *tex = part ? SDL_CreateTextureFromSurface(t->r, part) : NULL;
    SDL_FreeSurface(part);
    SDL_UnlockSurface(surf);
    if (tex)
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    return tex;
}

/* the cached text of a string, or NULL; *slot: where a new one goes */
static struct glyph *glyph_find(struct target *t, const char *s, int size, int bold, unsigned *slot)
{
    unsigned h = hash_text(s, size, bold) & (GLYPH_SLOTS - 1);
    for (; t->glyphs; h = (h + 1) & (GLYPH_SLOTS - 1)) {
        struct glyph *g = &t->glyphs[h];
        if (!g->text)
            break;
        if (g->size == size && g->bold == bold && strcmp(g->text, s) == 0)
            return g;
    }
    *slot = h;
    return NULL;
}

static struct glyph *glyph(struct target *t, const char *s, int size, int bold)
{
    if (!t->glyphs) {
        t->glyphs = calloc(GLYPH_SLOTS, sizeof *t->glyphs);
        if (!t->glyphs)
            return NULL;
    }
    unsigned h;
    struct glyph *found = glyph_find(t, s, size, bold, &h);
    if (found)
        return found;
    /* a miss: keep the table at most 3/4 full */
    if (t->n_glyphs >= GLYPH_SLOTS * 3 / 4) {
        glyphs_flush(t);
        h = hash_text(s, size, bold) & (GLYPH_SLOTS - 1);
    }
    TTF_Font *f = face(size, bold);
    if (!f || !*s)
        return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, (SDL_Color){ 255, 255, 255, 255 });
    if (!surf)
        return NULL;
    /* only the inked part is drawn: a text's transparent margins cost as
     * much to blend as its ink (a third of a 4K frame is text) */
    SDL_LockSurface(surf);
    SDL_Rect ink = ink_box(surf);
    SDL_UnlockSurface(surf);
    int w = surf->w, hh = surf->h;
    /* a software renderer keeps the pixels and their runs, for
     * render_soft.c, and makes the texture only if SDL draws the text */
    SDL_RendererInfo info;
    SDL_Surface *pix = NULL;
    struct runs *runs = NULL;
    SDL_Texture *tex = NULL;
    if (surf->format->format == SDL_PIXELFORMAT_ARGB8888 && !SDL_MUSTLOCK(surf) &&
        SDL_GetRendererInfo(t->r, &info) == 0 && info.flags & SDL_RENDERER_SOFTWARE &&
        (runs = soft_runs(surf, ink)) != NULL)
        pix = surf;
    else if ((tex = glyph_texture(t, surf, ink)) != NULL)
        SDL_FreeSurface(surf);
    else
        SDL_FreeSurface(surf);
    char *copy = strdup(s);
    if (!(tex || pix) || !copy) {
        if (tex)
            SDL_DestroyTexture(tex);
        SDL_FreeSurface(pix);
        soft_runs_free(runs);
        free(copy);
        return NULL;
    }
    struct glyph *g = &t->glyphs[h];
    *g = (struct glyph){ copy, size, bold, w, hh, ink, tex, pix, runs };
    t->n_glyphs++;
    return g;
}

/* a text only measured (the layout tries many a line it wraps) is not
 * rendered: the font's size of it is its texture's width */
int target_text_width(struct target *t, const char *s, int size, int bold)
{
    unsigned slot;
    struct glyph *g = t ? glyph_find(t, s, size, bold, &slot) : NULL;
    if (g)
        return g->w;
    TTF_Font *f = face(size, bold);
    int w = 0, h = 0;
    if (f)
        TTF_SizeUTF8(f, s, &w, &h);
    return w;
}

/* ------------------------------------------------------------------ */
/* drawing a scene                                                     */

static void batch_flush(struct target *t);

/* room for n more vertices in the batch of solid shapes (sprites = 0) or
 * of discs from the atlas (1); NULL when out of memory */
static SDL_Vertex *batch_room(struct target *t, int n, int sprites, int opaque)
{
    if (t->batch_sprites != sprites || t->batch_opaque != opaque) {
        batch_flush(t);
        t->batch_sprites = sprites;
        t->batch_opaque = opaque;
    }
    if (t->n_verts + n > t->cap_verts) {
        int cap = t->n_verts + n < 1024 ? 1024 : (t->n_verts + n) * 2;
        SDL_Vertex *p = realloc(t->verts, (size_t)cap * sizeof *p);
        if (!p)
            return NULL;
        t->verts = p;
        t->cap_verts = cap;
    }
    SDL_Vertex *v = t->verts + t->n_verts;
    t->n_verts += n;
    return v;
}

/* draw the gathered triangles */
static void batch_flush(struct target *t)
{
    if (t->n_verts > 0) {
        if (t->batch_opaque)
            SDL_SetRenderDrawBlendMode(t->r, SDL_BLENDMODE_NONE);
        SDL_RenderGeometry(t->r, t->batch_sprites ? t->atlas : NULL, t->verts, t->n_verts, NULL, 0);
        if (t->batch_opaque)
            SDL_SetRenderDrawBlendMode(t->r, SDL_BLENDMODE_BLEND);
    }
    t->n_verts = 0;
}

static SDL_Color col(struct rgba c)
{
    return (SDL_Color){ c.r, c.g, c.b, c.a };
}

/* The disc atlas: white discs of radius 4, 8, 16, 32 and 64 texels with
 * soft (antialiased) edges, side by side; below them the same discs with a
 * rim (their outer fifth) at a quarter of the brightness, which the colour
 * they are drawn in turns into a darker shade of it. A disc of any size is
 * one quad cut from the smallest sprite at least as large (scaled down less
 * than 2x, smoothly): thousands of discs cost two triangles each instead of
 * a fan of 16. */
#define SPRITES 5
#define ATLAS_W (10 + 18 + 34 + 66 + 130)
#define ATLAS_H (2 * 130)
#define RIM 0.2
static const int sprite_r[SPRITES] = { 4, 8, 16, 32, 64 };

static int sprite_x(int k)                 /* left edge of sprite k's box (2r + 2 wide) */
{
    int x = 0;
    for (int j = 0; j < k; j++)
        x += 2 * sprite_r[j] + 2;
    return x;
}

static void atlas_make(struct target *t)
{
    t->atlas_tried = 1;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, ATLAS_W, ATLAS_H, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return;
    memset(s->pixels, 0, (size_t)s->pitch * ATLAS_H);
    for (int rim = 0; rim < 2; rim++)
        for (int k = 0; k < SPRITES; k++) {
            int r = sprite_r[k], x0 = sprite_x(k), y0 = rim * ATLAS_H / 2;
            for (int y = 0; y < 2 * r + 2; y++)
                for (int x = 0; x < 2 * r + 2; x++) {
                    /* coverage of the texel by the disc centred in the box,
                     * and by the inside of the rim */
                    double d = hypot(x + 0.5 - (r + 1), y + 0.5 - (r + 1));
                    double a = r + 0.5 - d, in = r * (1 - RIM) + 0.5 - d;
                    a = a < 0 ? 0 : a > 1 ? 1 : a;
                    in = !rim ? 1 : in < 0 ? 0 : in > 1 ? 1 : in;
                    unsigned g = (unsigned)lround(255 * (0.25 + 0.75 * in));
                    Uint32 *p = (Uint32 *)((Uint8 *)s->pixels + (size_t)(y0 + y) * s->pitch) + x0 + x;
                    *p = (Uint32)lround(a * 255) << 24 | g << 16 | g << 8 | g;
                }
        }
    t->atlas = SDL_CreateTextureFromSurface(t->r, s);
    t->atlas_surf = s;
    if (t->atlas) {
        SDL_SetTextureBlendMode(t->atlas, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(t->atlas, SDL_ScaleModeLinear);
    }
}

/* a vertex of a solid shape (drawn untextured: on a software rasteriser a
 * texture lookup per pixel would cost more than the triangles save) */
static SDL_Vertex vertex(double x, double y, SDL_Color c)
{
    return (SDL_Vertex){ { (float)x, (float)y }, c, { 0, 0 } };
}

/* a software target's surface when shapes go straight into it: what SDL
 * was given so far is drawn first, so that the order stays */
static SDL_Surface *direct(struct target *t)
{
    if (!t->surf || !render_direct)
        return NULL;
    if (t->recording)
        return t->surf;
    batch_flush(t);
    SDL_RenderFlush(t->r);
    return t->surf;
}

/* what the way through SDL's renderer draws: when the frame is being
 * recorded, nothing (it will be drawn that way, whole); 1 when drawn */
static int via_sdl(struct target *t)
{
    if (t->recording)
        t->unrecordable = 1;
    return !t->recording;
}

static void op_triangle(struct target *t, const SDL_FPoint p[3], SDL_Color c)
{
    struct op op = { .kind = OP_TRIANGLE, .c = c };
    memcpy(op.u.tri, p, sizeof op.u.tri);
    band_op(t, &op);
}

/* a filled rectangle as two triangles; an opaque one on a software target
 * filled at once, at the pixels SDL's software renderer gives the two
 * triangles (it takes them for the rectangle between the top-left and the
 * bottom-right vertex, both truncated to whole pixels; one less than a
 * pixel wide or high is left to it) */
static void batch_rect(struct target *t, float x, float y, float w, float h, struct rgba color)
{
    if (!(w > 0 && h > 0))
        return;
    float x1 = x + w, y1 = y + h;
    SDL_Surface *s = direct(t);
    if (s && color.a < 255 && soft_blend_ok(s, 0)) {
        /* a translucent one as its two triangles */
        SDL_FPoint p[4] = { { x, y }, { x1, y }, { x, y1 }, { x1, y1 } };
        op_triangle(t, p, col(color));
        op_triangle(t, p + 1, col(color));
        return;
    }
    if (s && color.a == 255 && (int)x1 > (int)x && (int)y1 > (int)y) {
        struct op op = { .kind = OP_FILL };
        op.u.fill.r = (SDL_Rect){ (int)x, (int)y, (int)x1 - (int)x, (int)y1 - (int)y };
        op.u.fill.px = SDL_MapRGBA(s->format, color.r, color.g, color.b, 255);
        op.u.fill.clipped = 1;
        band_op(t, &op);
        return;
    }
    if (!via_sdl(t))
        return;
    SDL_Vertex *v = batch_room(t, 6, 0, color.a == 255);
    if (!v)
        return;
    SDL_Color c = col(color);
    v[0] = vertex(x, y, c);
    v[1] = vertex(x + w, y, c);
    v[2] = vertex(x, y + h, c);
    v[3] = v[1];
    v[4] = v[2];
    v[5] = vertex(x + w, y + h, c);
}

/* An upright line on a software target: as SDL draws it, two triangles
 * (0) or, where SDL takes them for a rectangle, that rectangle filled,
 * opaque (1; translucent, SDL blends it as rectangles are, not as
 * triangles, and one less than a pixel wide is left to it, with the
 * rest of the line's n vertices: -1) */
static int upright(struct target *t, SDL_Surface *s, const SDL_Vertex *v, int n, SDL_Color c)
{
    SDL_Rect r;
    if (!soft_quad_rect(v, &r))
        return 0;
    if (c.a == 255 && r.w > 0 && r.h > 0) {
        struct op op = { .kind = OP_FILL };
        op.u.fill.r = r;
        op.u.fill.px = SDL_MapRGBA(s->format, c.r, c.g, c.b, 255);
        op.u.fill.clipped = 1;
        band_op(t, &op);
        return 1;
    }
    if (via_sdl(t)) {
        SDL_Vertex *b = batch_room(t, n, 0, 0);
        if (b)
            memcpy(b, v, (size_t)n * sizeof *b);
    }
    return -1;
}

static void draw_line(struct target *t, const struct item *it)
{
    double dx = it->x2 - it->x, dy = it->y2 - it->y;
    double len = sqrt(dx * dx + dy * dy);
    if (len < 0.01)
        return;
    double ux = dx / len, uy = dy / len;
    double hw = it->width / 2.0;
    if (hw < 0.5)
        hw = 0.5;
    double head = it->arrow ? (it->width * 2.5 + 6) : 0;
    double ex = it->x2 - ux * head, ey = it->y2 - uy * head;
    SDL_Vertex vs[9];
    /* a line on a software target: its triangles filled at once (SDL's
     * renderer tests every pixel of their bounding boxes) */
    SDL_Surface *s = direct(t);
    if (s && it->color.a < 255 && !soft_blend_ok(s, 0))
        s = NULL;
    if (!s && !via_sdl(t))
        return;
    SDL_Vertex *v = s ? vs : batch_room(t, it->arrow ? 9 : 6, 0, 0);
    if (!v)
        return;
    SDL_Color c = col(it->color);
    double px = -uy * hw, py = ux * hw;
    v[0] = vertex(it->x + px, it->y + py, c);
    v[1] = vertex(it->x - px, it->y - py, c);
    v[2] = vertex(ex + px, ey + py, c);
    v[3] = v[1];
    v[4] = v[2];
    v[5] = vertex(ex - px, ey - py, c);
    if (it->arrow) {
        double aw = hw * 2.2 + 4;
        v[6] = vertex(it->x2, it->y2, c);
        v[7] = vertex(ex - uy * aw, ey + ux * aw, c);
        v[8] = vertex(ex + uy * aw, ey - ux * aw, c);
    }
    int quad = s && (dx == 0 || dy == 0) ? upright(t, s, v, it->arrow ? 9 : 6, c) : 0;
    if (quad < 0)
        return;
    for (int k = quad ? 6 : 0; s && k < (it->arrow ? 9 : 6); k += 3)
        op_triangle(t, (SDL_FPoint[3]){ v[k].position, v[k + 1].position, v[k + 2].position }, c);
}

/* a fan of triangles: a disc without the atlas */
static void disc_fan(struct target *t, double x, double y, double r, SDL_Color c)
{
    int seg = 24;
    SDL_Vertex *v = batch_room(t, seg * 3, 0, c.a == 255);
    if (!v)
        return;
    for (int k = 0; k < seg; k++) {
        double a0 = 2 * 3.14159265358979323846 * k / seg, a1 = 2 * 3.14159265358979323846 * (k + 1) / seg;
        v[3 * k] = vertex(x, y, c);
        v[3 * k + 1] = vertex(x + r * cos(a0), y + r * sin(a0), c);
        v[3 * k + 2] = vertex(x + r * cos(a1), y + r * sin(a1), c);
    }
}

/* a disc: one quad from the atlas (fans when there is none) */
static void draw_disc(struct target *t, const struct item *it)
{
    double r = it->w;
    if (r <= 0)
        return;
    SDL_Color c = col(it->color);
    if (!t->atlas) {
        if (!via_sdl(t))
            return;
        if (it->rim) {
            disc_fan(t, it->x, it->y, r, (SDL_Color){ c.r / 4, c.g / 4, c.b / 4, c.a });
            r *= 1 - RIM;
        }
        disc_fan(t, it->x, it->y, r, c);
        return;
    }
    int k = 0;
    while (k < SPRITES - 1 && sprite_r[k] < r)
        k++;
    /* the sprite's box is 2R + 2 texels around a disc of R: scale it so
     * that R texels are r pixels */
    double R = sprite_r[k], half = r * (R + 1) / R;
    float u0 = (float)sprite_x(k) / ATLAS_W, u1 = (float)(sprite_x(k) + 2 * R + 2) / ATLAS_W;
    float v0 = it->rim ? 0.5f : 0.0f, v1 = v0 + (float)(2 * R + 2) / ATLAS_H;
    float x0 = (float)(it->x - half), x1 = (float)(it->x + half);
    float y0 = (float)(it->y - half), y1 = (float)(it->y + half);
    /* on a software target: the sprite scaled once for its size */
    SDL_Surface *s = direct(t);
    struct scaled *st = s ? soft_sprite(t, s, (const float[4]){ u0, v0, u1, v1 }, (const float[4]){ x0, y0, x1, y1 })
                          : NULL;
    if (st) {
        struct op op = { .kind = OP_STAMP, .c = c };
        op.u.stamp.st = st;
        op.u.stamp.tinted = soft_tinted(t, st, s, c);
        op.u.stamp.x = (int)x0;
        op.u.stamp.y = (int)y0;
        band_op(t, &op);
        return;
    }
    if (!via_sdl(t))
        return;
    SDL_Vertex *v = batch_room(t, 6, 1, 0);
    if (!v)
        return;
    v[0] = (SDL_Vertex){ { x0, y0 }, c, { u0, v0 } };
    v[1] = (SDL_Vertex){ { x1, y0 }, c, { u1, v0 } };
    v[2] = (SDL_Vertex){ { x0, y1 }, c, { u0, v1 } };
    v[3] = v[1];
    v[4] = v[2];
    v[5] = (SDL_Vertex){ { x1, y1 }, c, { u1, v1 } };
}

static void draw_text(struct target *t, const struct item *it)
{
    struct glyph *g = glyph(t, it->text, it->size, it->bold);
    if (!g)
        return;
    float x = it->x, y = it->y;
    int col_ = it->anchor % 3, row = it->anchor / 3;
    x -= col_ == 1 ? g->w / 2.0f : col_ == 2 ? (float)g->w : 0.0f;
    y -= row == 1 ? g->h / 2.0f : row == 2 ? (float)g->h : 0.0f;
    SDL_FRect dst = { roundf(x) + g->ink.x, roundf(y) + g->ink.y, (float)g->ink.w, (float)g->ink.h };
    /* on a software target, an opaque text blended in at once (SDL's blit
     * of a texture tinted by colour mod goes through its generic blitter) */
    struct rgba c = it->color;
    int white = c.r == 255 && c.g == 255 && c.b == 255;
    SDL_Surface *s = g->pix && c.a == 255 ? direct(t) : NULL;
    if (s && soft_blend_ok(s, !white)) {
        struct op op = { .kind = OP_TEXT, .c = col(c) };
        op.u.text.g = g;
        op.u.text.x = (int)dst.x;
        op.u.text.y = (int)dst.y;
        band_op(t, &op);
        return;
    }
    if (!via_sdl(t))
        return;
    if (!g->tex && !(g->tex = glyph_texture(t, g->pix, g->ink)))
        return;
    SDL_SetTextureColorMod(g->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(g->tex, c.a);
    SDL_RenderCopyF(t->r, g->tex, NULL, &dst);
}

static void draw_image(struct target *t, const struct scene *sc, const struct item *it)
{
    if (!sc->has_image || !sc->pixels)
        return;
    /* on a software target, scaled from the scene's pixels (no texture) */
    SDL_FRect dst = { it->x, it->y, it->w, it->h };
    SDL_Surface *s = direct(t);
    SDL_Rect at = { (int)dst.x, (int)dst.y, (int)dst.w, (int)dst.h };
    /* to the nearest pixel: scaled as it is copied, in the bands */
    Uint32 mask = s ? soft_copy_mask(s) : 0;
    /* (drawn at its size, smooth or not, it is copied) */
    int same = at.w == sc->img_w && at.h == sc->img_h;
    if (mask && (!sc->img_smooth || same) && at.w > 0 && at.h > 0 && at.x >= 0 && at.y >= 0 && at.x + at.w <= s->w &&
        at.y + at.h <= s->h && soft_columns(t, sc->img_w, at.w)) {
        struct op op = { .kind = OP_SCALE };
        op.u.scale.pix = sc->pixels;
        op.u.scale.w = sc->img_w;
        op.u.scale.h = sc->img_h;
        op.u.scale.r = at;
        op.u.scale.mask = mask;
        op.u.scale.xmap = t->xmap;
        band_op(t, &op);
        return;
    }
    const SDL_Surface *img = s ? soft_image(t, s, sc, dst, &at) : NULL;
    if (img && mask) {
        struct op op = { .kind = OP_COPY };
        op.u.copy.img = img;
        op.u.copy.r = at;
        op.u.copy.mask = mask;
        band_op(t, &op);
        return;
    }
    if (img) {
        if (via_sdl(t))
            SDL_BlitSurface((SDL_Surface *)img, NULL, s, &at);
        return;
    }
    if (!via_sdl(t))
        return;
    if (t->heat_w != sc->img_w || t->heat_h != sc->img_h) {
        /* ONE streaming texture (two, in turn) for the whole image, however large n is */
        for (int k = 0; k < 2; k++) {
            if (t->heat[k])
                SDL_DestroyTexture(t->heat[k]);
            t->heat[k] = SDL_CreateTexture(t->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                           sc->img_w, sc->img_h);
        }
        t->heat_w = sc->img_w;
        t->heat_h = sc->img_h;
        t->heat_gen = sc->img_gen - 1;
        if (!t->heat[0] || !t->heat[1]) {
            t->heat_w = t->heat_h = 0;
            return;
        }
    }
    if (t->heat_gen != sc->img_gen) {
        /* new pixels go into the texture the last frame did not use */
        t->heat_cur ^= 1;
        SDL_SetTextureScaleMode(t->heat[t->heat_cur], sc->img_smooth ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
        SDL_UpdateTexture(t->heat[t->heat_cur], NULL, sc->pixels, sc->img_w * 4);
        t->heat_gen = sc->img_gen;
    }
    SDL_RenderCopyF(t->r, t->heat[t->heat_cur], NULL, &dst);
}

static void draw_items(struct target *t, const struct scene *sc);
static void draw_item(struct target *t, const struct scene *sc, const struct item *it);

/* On a software target whose items can all be drawn straight into its
 * surface, the frame is recorded as operations and drawn in bands by two
 * threads (render_band.c); otherwise item by item, SDL's renderer drawing
 * what render_soft.c does not */
void target_draw(struct target *t, const struct scene *sc)
{
    if (!t->atlas_tried)
        atlas_make(t);
    t->frame++;
    if (t->surf && render_direct) {
        t->recording = 1;
        t->unrecordable = 0;
        t->n_ops = 0;
        t->rec_flushes = t->glyph_flushes;
        unsigned releases = t->releases;
        SDL_Color bg = col(sc->clear);
        struct op clear = { .kind = OP_FILL };
        clear.u.fill.r = (SDL_Rect){ 0, 0, t->surf->w, t->surf->h };
        clear.u.fill.px = SDL_MapRGBA(t->surf->format, bg.r, bg.g, bg.b, 255);
        band_op(t, &clear);
        for (int k = 0; k < sc->n_items && !t->unrecordable; k++)
            draw_item(t, sc, &sc->items[k]);
        t->recording = 0;
        if (!t->unrecordable && t->releases == releases && t->glyph_flushes == t->rec_flushes) {
            band_draw(t);
            return;
        }
    }
    draw_items(t, sc);
}

static void draw_items(struct target *t, const struct scene *sc)
{
    SDL_Renderer *r = t->r;
    t->n_verts = 0;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r, sc->clear.r, sc->clear.g, sc->clear.b, 255);
    SDL_RenderClear(r);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    for (int k = 0; k < sc->n_items; k++)
        draw_item(t, sc, &sc->items[k]);
    batch_flush(t);
}

static void draw_item(struct target *t, const struct scene *sc, const struct item *it)
{
    if (it->kind == ITEM_TEXT || it->kind == ITEM_IMAGE)
        batch_flush(t);
    switch (it->kind) {
    case ITEM_RECT:
        batch_rect(t, it->x, it->y, it->w, it->h, it->color);
        break;
    case ITEM_FRAME: {
        float w = it->width < 1 ? 1 : it->width;
        batch_rect(t, it->x, it->y, it->w, w, it->color);
        batch_rect(t, it->x, it->y + it->h - w, it->w, w, it->color);
        batch_rect(t, it->x, it->y + w, w, it->h - 2 * w, it->color);
        batch_rect(t, it->x + it->w - w, it->y + w, w, it->h - 2 * w, it->color);
        break;
    }
    case ITEM_LINE:
        draw_line(t, it);
        break;
    case ITEM_DISC:
        draw_disc(t, it);
        break;
    case ITEM_TEXT:
        draw_text(t, it);
        break;
    case ITEM_IMAGE:
        draw_image(t, sc, it);
        break;
    }
}
