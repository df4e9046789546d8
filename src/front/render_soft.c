/* render_soft: what a software target (SDL's software renderer, on the
 * window's surface or a picture's) draws straight into its surface, with
 * the pixels SDL's software renderer gives, only faster. Part of the
 * plugin; see render_int.h.
 *
 * SDL's software renderer fills a triangle (SDL_SW_FillTriangle) by testing
 * every pixel of its bounding box, and blends it through a temporary surface
 * of that box: a line across a 4K frame costs a million pixels for a few
 * thousand drawn (the flow view's 171 edges took 220 ms). Here a triangle is
 * filled row by row over the pixels it covers only, with the same test (its
 * vertices truncated to whole pixels, pixel centres against its edges in
 * the same fixed point, the same top-left rule) and the same blend as SDL's
 * blit of its temporary surface. probe's `direct` check holds every view's
 * picture drawn both ways to the same bytes. */
#include "render_int.h"
#include "items.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int render_direct = 1;

/* the surfaces drawn into directly: 32-bit, red, green, blue where
 * ARGB8888 has them (ARGB8888, and RGB888 for windows) */
int soft_surface_ok(const SDL_Surface *s)
{
    return s && s->format->BytesPerPixel == 4 && s->format->Rmask == 0xff0000 && s->format->Gmask == 0xff00 &&
           s->format->Bmask == 0xff && !SDL_MUSTLOCK(s);
}

/* a point in SDL's fixed point: whole pixels, one bit below (pixel centres) */
struct fp { int x, y; };

static int64_t cross(struct fp a, struct fp b, int64_t cx, int64_t cy)
{
    return (int64_t)(b.x - a.x) * (cy - a.y) - (int64_t)(b.y - a.y) * (cx - a.x);
}

/* SDL's top-left rule: an edge a -> b owns the pixel centres on it when 1 */
static int top_left(struct fp a, struct fp b, int clockwise)
{
    if (clockwise)
        return (a.y == b.y && a.x < b.x) || b.y < a.y;
    return (a.y == b.y && b.x < a.x) || a.y < b.y;
}

/* The blend of SDL's blit of a per-pixel-alpha ARGB8888 surface onto a
 * 32-bit one (SDL_blit_A.c, BlitRGBtoRGBPixelAlphaMMX on x86-64): each
 * channel s a / 256 + d (255 - a) / 256, truncated, the alpha's s at 255;
 * opaque pixels copied, clear ones skipped */
static inline void blend_px(Uint32 *d, Uint32 s)
{
    Uint32 a = s >> 24;
    if (a == 255) {
        *d = s;
    } else if (a) {
        /* two channels a multiply: blue and red, then green and alpha
         * (no sum passes 254, so none carries into the next) */
        Uint32 dv = *d, ia = 255 - a;
        Uint32 br = (((s & 0xff00ff) * a >> 8) & 0xff00ff) + (((dv & 0xff00ff) * ia >> 8) & 0xff00ff);
        Uint32 ga = ((s >> 8 & 0xff) * a >> 8 | (a * 255 >> 8) << 16) + (((dv >> 8 & 0xff00ff) * ia >> 8) & 0xff00ff);
        *d = br | ga << 8;
    }
}

/* SDL's blend of a texel p modulated by c (SDL_blit_auto.c's
 * _Modulate_Blend blitters, and SDL_SW_BlitTriangle's): the colour scaled
 * by c, premultiplied by its alpha, over the pixel, in divisions by 255;
 * alpha: the pixel has an alpha channel (else its top byte is left 0) */
/* a texel p modulated by c and premultiplied by its alpha */
struct tint { Uint32 p, sa, sr, sg, sb; int valid; };

static inline void tint_of(struct tint *t, Uint32 p, SDL_Color c)
{
    Uint32 sa = (p >> 24) * c.a / 255;
    Uint32 sr = (p >> 16 & 0xff) * c.r / 255, sg = (p >> 8 & 0xff) * c.g / 255, sb = (p & 0xff) * c.b / 255;
    if (sa < 255) {
        sr = sr * sa / 255;
        sg = sg * sa / 255;
        sb = sb * sa / 255;
    }
    *t = (struct tint){ p, sa, sr, sg, sb, 1 };
}

static inline Uint32 blend_tint(Uint32 d, const struct tint *t, int alpha)
{
    Uint32 ia = 255 - t->sa;
    Uint32 dr = t->sr + ia * (d >> 16 & 0xff) / 255;
    Uint32 dg = t->sg + ia * (d >> 8 & 0xff) / 255;
    Uint32 db = t->sb + ia * (d & 0xff) / 255;
    Uint32 da = alpha ? t->sa + ia * (d >> 24) / 255 : 0;
    return da << 24 | dr << 16 | dg << 8 | db;
}

static inline Uint32 blend_mod(Uint32 d, Uint32 p, SDL_Color c, int alpha)
{
    struct tint t;
    tint_of(&t, p, c);
    return blend_tint(d, &t, alpha);
}

/* The last blend done, kept: along a row most pixels blend the same texel
 * over the same background, and the answer is then the same */
struct memo { Uint32 s, d, out; int valid; };

static inline Uint32 memo_px(struct memo *m, Uint32 d, Uint32 s)
{
    if (!(m->valid && m->s == s && m->d == d)) {
        Uint32 out = d;
        blend_px(&out, s);
        *m = (struct memo){ s, d, out, 1 };
    }
    return m->out;
}

/* the same for a texel modulated by c: the texel's tint is kept too (the
 * inside of a disc or a letter is one texel over changing pixels) */
static inline Uint32 memo_mod(struct memo *m, struct tint *t, Uint32 d, Uint32 s, SDL_Color c, int alpha)
{
    if (!(m->valid && m->s == s && m->d == d)) {
        if (!(t->valid && t->p == s))
            tint_of(t, s, c);
        *m = (struct memo){ s, d, blend_tint(d, t, alpha), 1 };
    }
    return m->out;
}

/* 1 when blend_px (mod 0), or blend_mod in an opaque colour (mod 1), is
 * what SDL's blit of an ARGB8888 surface does onto surfaces of s's format
 * (tried once a format on 2048 pairs of pixels): its blitters differ
 * between builds and processors; where ours is not SDL's, those shapes
 * are left to SDL */
int soft_blend_ok(const SDL_Surface *s, int mod)
{
    static Uint32 formats[2][4];
    static int verdicts[2][4], n[2];
    for (int k = 0; k < n[mod]; k++)
        if (formats[mod][k] == s->format->format)
            return verdicts[mod][k];
    SDL_Surface *src = SDL_CreateRGBSurfaceWithFormat(0, 256, 8, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, 256, 8, 32, s->format->format);
    int ok = src && dst;
    SDL_Color c = { 200, 90, 17, 255 };
    Uint32 want[8][256], x = 12345;
    for (int y = 0; ok && y < 8; y++) {
        Uint32 *sp = (Uint32 *)((Uint8 *)src->pixels + (size_t)y * src->pitch);
        Uint32 *dp = (Uint32 *)((Uint8 *)dst->pixels + (size_t)y * dst->pitch);
        for (int i = 0; i < 256; i++) {
            x = x * 1103515245u + 12345u;
            sp[i] = (Uint32)i << 24 | (x >> 8 & 0xffffff);
            x = x * 1103515245u + 12345u;
            dp[i] = want[y][i] = dst->format->Amask ? x : x & 0xffffff;
            if (mod)
                want[y][i] = i ? blend_mod(want[y][i], sp[i], c, dst->format->Amask != 0) : want[y][i];
            else
                blend_px(&want[y][i], sp[i]);
        }
    }
    if (ok) {
        SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_BLEND);
        if (mod)
            SDL_SetSurfaceColorMod(src, c.r, c.g, c.b);
        ok = SDL_BlitSurface(src, NULL, dst, NULL) == 0;
    }
    for (int y = 0; ok && y < 8; y++)
        ok = !memcmp((Uint8 *)dst->pixels + (size_t)y * dst->pitch, want[y], sizeof want[y]);
    SDL_FreeSurface(src);
    SDL_FreeSurface(dst);
    if (n[mod] < 4) {
        formats[mod][n[mod]] = s->format->format;
        verdicts[mod][n[mod]++] = ok;
    }
    return ok;
}

void soft_text(SDL_Surface *s, const struct glyph *g, int x, int y, SDL_Color c)
{
    SDL_Rect to = { x, y, g->ink.w, g->ink.h }, clip;
    SDL_GetClipRect(s, &clip);
    if (!SDL_IntersectRect(&to, &clip, &clip))
        return;
    int alpha = s->format->Amask != 0, white = c.r == 255 && c.g == 255 && c.b == 255;
    struct memo m = { 0, 0, 0, 0 };
    struct tint tn = { 0, 0, 0, 0, 0, 0 };
    for (int j = clip.y; j < clip.y + clip.h; j++) {
        const Uint32 *src = (const Uint32 *)((const Uint8 *)g->pix->pixels + (size_t)(j - y + g->ink.y) * g->pix->pitch) +
                            g->ink.x - x;
        Uint32 *dst = (Uint32 *)((Uint8 *)s->pixels + (size_t)j * (size_t)s->pitch);
        for (int i = clip.x; i < clip.x + clip.w; i++) {
            if (!(src[i] >> 24))
                continue;           /* a clear texel leaves the pixel as it is in SDL's blend too */
            dst[i] = white ? memo_px(&m, dst[i], src[i]) : memo_mod(&m, &tn, dst[i], src[i], c, alpha);
        }
    }
}

/* the triangle p[0..2] (pixels, as SDL_Vertex positions) filled with c and
 * blended into s as SDL_SW_FillTriangle does with SDL_BLENDMODE_BLEND */
void soft_triangle(SDL_Surface *s, const SDL_FPoint p[3], SDL_Color c)
{
    struct fp d[3];
    for (int k = 0; k < 3; k++)
        d[k] = (struct fp){ (int)p[k].x * 2, (int)p[k].y * 2 };     /* truncated, as SDL queues them */
    int64_t area = cross(d[0], d[1], d[2].x, d[2].y);
    if (area == 0)
        return;
    int clockwise = area > 0;
    /* the bounding box in pixels (SDL's: the right and bottom edges'
     * pixels excluded), clipped to the surface and its clip rectangle */
    int minx = SDL_min(d[0].x, SDL_min(d[1].x, d[2].x)), maxx = SDL_max(d[0].x, SDL_max(d[1].x, d[2].x));
    int miny = SDL_min(d[0].y, SDL_min(d[1].y, d[2].y)), maxy = SDL_max(d[0].y, SDL_max(d[1].y, d[2].y));
    SDL_Rect box = { minx >> 1, miny >> 1, (maxx - minx) >> 1, (maxy - miny) >> 1 };
    SDL_Rect all = { 0, 0, s->w, s->h }, clip;
    SDL_IntersectRect(&box, &all, &box);
    SDL_GetClipRect(s, &clip);
    if (!SDL_IntersectRect(&box, &clip, &box))
        return;
    /* edge k is the one opposite vertex k: w_k >= 0 inside (bias -1 off
     * the top-left edges) */
    const int e[3][2] = { { 1, 2 }, { 2, 0 }, { 0, 1 } };
    int sign = clockwise ? 1 : -1, bias[3];
    for (int k = 0; k < 3; k++)
        bias[k] = top_left(d[e[k][0]], d[e[k][1]], clockwise) ? 0 : -1;
    Uint32 color = (Uint32)c.a << 24 | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
    struct memo m = { 0, 0, 0, 0 };
    /* edge k at the centre (2x + 1, 2y + 1): sign * cross + bias = a + b x,
     * a growing by da a row */
    int64_t a[3], b[3], da[3];
    double inv[3];
    for (int k = 0; k < 3; k++) {
        struct fp A = d[e[k][0]], B = d[e[k][1]];
        a[k] = sign * cross(A, B, 1, 2 * (int64_t)box.y + 1) + bias[k];
        b[k] = sign * -2 * (int64_t)(B.y - A.y);
        da[k] = sign * 2 * (int64_t)(B.x - A.x);
        inv[k] = b[k] ? 1.0 / (double)b[k] : 0;
    }
    for (int y = box.y; y < box.y + box.h; y++) {
        /* the row's pixels: x with a + b x >= 0 for every edge (the
         * bound estimated in floating point, then made exact) */
        int64_t lo = box.x, hi = box.x + box.w - 1;
        for (int k = 0; k < 3 && lo <= hi; k++) {
            int64_t ak = a[k], bk = b[k];
            if (bk == 0) {
                if (ak < 0)
                    hi = lo - 1;
                continue;
            }
            int64_t x = (int64_t)((double)-ak * inv[k]);
            if (bk > 0) {           /* the least x inside */
                while (ak + bk * x < 0)
                    x++;
                while (ak + bk * (x - 1) >= 0)
                    x--;
                lo = x > lo ? x : lo;
            } else {                /* the greatest */
                while (ak + bk * x < 0)
                    x--;
                while (ak + bk * (x + 1) >= 0)
                    x++;
                hi = x < hi ? x : hi;
            }
        }
        for (int k = 0; k < 3; k++)
            a[k] += da[k];
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        if (color >> 24 == 255)
            for (int64_t x = lo; x <= hi; x++)
                row[x] = color;
        else
            for (int64_t x = lo; x <= hi; x++)
                row[x] = memo_px(&m, row[x], color);
    }
}

/* A disc's quad is two textured triangles to SDL's software renderer
 * (SDL_SW_BlitTriangle: every pixel of their bounding box tested, its texel
 * found by two divisions). Their vertices are truncated to whole pixels,
 * so a quad of w x h pixels covers the same texels wherever it is: the
 * stamp of those texels is made once, by SDL itself (the quad drawn by a
 * software renderer of its own, without blending, into a clear surface),
 * and each disc blends it in its colour as SDL's triangle blit does. */
static struct scaled *stamp(struct target *t, const float uv[4], int w, int h)
{
    for (int k = 0; k < t->n_scaled; k++) {
        struct scaled *sc = &t->scaled[k];
        if (sc->w == w && sc->h == h && !memcmp(sc->uv, uv, sizeof sc->uv))
            return sc;
    }
    if (t->n_scaled == SCALED_SPRITES)
        soft_release(t);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    SDL_Texture *tex = r ? SDL_CreateTextureFromSurface(r, t->atlas_surf) : NULL;
    int ok = tex != NULL;
    if (ok) {
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);
        SDL_Color white = { 255, 255, 255, 255 };
        SDL_Vertex v[6] = {
            { { 0, 0 }, white, { uv[0], uv[1] } }, { { (float)w, 0 }, white, { uv[2], uv[1] } },
            { { 0, (float)h }, white, { uv[0], uv[3] } },
        };
        v[3] = v[1];
        v[4] = v[2];
        v[5] = (SDL_Vertex){ { (float)w, (float)h }, white, { uv[2], uv[3] } };
        ok = SDL_RenderGeometry(r, tex, v, 6, NULL, 0) == 0 && SDL_RenderFlush(r) == 0;
    }
    if (tex)
        SDL_DestroyTexture(tex);
    if (r)
        SDL_DestroyRenderer(r);
    if (!ok) {
        SDL_FreeSurface(s);
        return NULL;
    }
    struct scaled *sc = &t->scaled[t->n_scaled++];
    memset(sc, 0, sizeof *sc);
    memcpy(sc->uv, uv, sizeof sc->uv);
    sc->w = w;
    sc->h = h;
    sc->s = s;
    return sc;
}

/* the stamp's texels tinted by the opaque colour c, as blend_tint takes
 * them (sa, sr, sg, sb in the bytes of a word; 0 for a clear texel, since
 * sa is then the texel's alpha), made once a colour: a disc's pixels then
 * cost a copy inside and a blend on its edge; NULL when out of memory */
static const Uint32 *tinted(struct scaled *sc, SDL_Color c, int alpha)
{
    for (int k = 0; k < sc->n_tint; k++)
        if (sc->tint[k].alpha == alpha && !memcmp(&sc->tint[k].c, &c, sizeof c))
            return sc->tint[k].px;
    int k = sc->n_tint < SCALED_TINTS ? sc->n_tint++ : (int)(c.r + c.g + c.b) % SCALED_TINTS;
    free(sc->tint[k].px);
    Uint32 *px = malloc((size_t)sc->w * (size_t)sc->h * sizeof *px);
    sc->tint[k].px = px;
    sc->tint[k].c = c;
    sc->tint[k].alpha = alpha;
    if (!px) {
        sc->tint[k].alpha = -1;     /* matches no colour */
        return NULL;
    }
    struct tint tn;
    for (int y = 0; y < sc->h; y++) {
        const Uint32 *src = (const Uint32 *)((const Uint8 *)sc->s->pixels + (size_t)y * (size_t)sc->s->pitch);
        for (int x = 0; x < sc->w; x++) {
            /* a clear texel leaves the pixel as it is; so does a tint
             * of alpha 0, premultiplied to 0 */
            tint_of(&tn, src[x], c);
            px[(size_t)y * sc->w + x] = src[x] >> 24 ? tn.sa << 24 | tn.sr << 16 | tn.sg << 8 | tn.sb : 0;
        }
    }
    return px;
}

void soft_release(struct target *t)
{
    for (int k = 0; k < t->n_scaled; k++) {
        SDL_FreeSurface(t->scaled[k].s);
        for (int j = 0; j < t->scaled[k].n_tint; j++)
            free(t->scaled[k].tint[j].px);
    }
    t->n_scaled = 0;
    SDL_FreeSurface(t->img);
    t->img = NULL;
}

/* SDL's software renderer scales a texture into the frame (SDL_SoftStretch,
 * or SDL_SoftStretchLinear when smooth) at every frame, through a new
 * surface when the frame's format is not the texture's; here the scaled
 * image is kept until the image or its size changes, and copied. */
int soft_image(struct target *t, SDL_Surface *s, const struct scene *sc, SDL_FRect to)
{
    SDL_Rect r = { (int)to.x, (int)to.y, (int)to.w, (int)to.h };
    if (r.w <= 0 || r.h <= 0 || r.x < 0 || r.y < 0 || r.x + r.w > s->w || r.y + r.h > s->h)
        return 0;
    if (r.w == sc->img_w && r.h == sc->img_h) {
        /* drawn at its size (the data view's boundary): copied straight
         * from the scene's pixels, which live as long as the frame */
        SDL_Surface *src = SDL_CreateRGBSurfaceWithFormatFrom(sc->pixels, sc->img_w, sc->img_h, 32,
                                                              sc->img_w * 4, SDL_PIXELFORMAT_ARGB8888);
        int ok = src && SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_NONE) == 0 &&
                 SDL_BlitSurface(src, NULL, s, &r) == 0;
        SDL_FreeSurface(src);
        return ok;
    }
    if (!t->img || t->img->w != r.w || t->img->h != r.h || t->img_gen != sc->img_gen ||
        t->img_smooth != sc->img_smooth) {
        if (t->img && (t->img->w != r.w || t->img->h != r.h)) {
            SDL_FreeSurface(t->img);
            t->img = NULL;
        }
        if (!t->img)    /* kept while the size stays: a new one is faulted in page by page */
            t->img = SDL_CreateRGBSurfaceWithFormat(0, r.w, r.h, 32, SDL_PIXELFORMAT_ARGB8888);
        SDL_Surface *src = SDL_CreateRGBSurfaceWithFormatFrom(sc->pixels, sc->img_w, sc->img_h, 32,
                                                              sc->img_w * 4, SDL_PIXELFORMAT_ARGB8888);
        int ok = t->img && src;
        if (ok) {
            SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_NONE);
            if (r.w == sc->img_w && r.h == sc->img_h)
                ok = SDL_BlitSurface(src, NULL, t->img, NULL) == 0;
            else
                ok = (sc->img_smooth ? SDL_SoftStretchLinear(src, NULL, t->img, NULL)
                                     : SDL_SoftStretch(src, NULL, t->img, NULL)) == 0;
        }
        SDL_FreeSurface(src);
        if (!ok) {
            SDL_FreeSurface(t->img);
            t->img = NULL;
            return 0;
        }
        SDL_SetSurfaceBlendMode(t->img, SDL_BLENDMODE_NONE);
        t->img_gen = sc->img_gen;
        t->img_smooth = sc->img_smooth;
    }
    return SDL_BlitSurface(t->img, NULL, s, &r) == 0;
}

/* the quad from (x0, y0) to (x1, y1) with the atlas's texels uv (u0, v0,
 * u1, v1), in colour c: SDL_SW_BlitTriangle's blend of each texel
 * (modulated by c, premultiplied by its alpha, over the pixel) */
int soft_sprite(struct target *t, SDL_Surface *s, const float uv[4], const float xy[4], SDL_Color c)
{
    int x0 = (int)xy[0], y0 = (int)xy[1], w = (int)xy[2] - x0, h = (int)xy[3] - y0;
    if (!t->atlas_surf || w <= 0 || h <= 0 || xy[0] < 0 || xy[1] < 0 || x0 + w > s->w || y0 + h > s->h)
        return 0;
    struct scaled *st = stamp(t, uv, w, h);
    if (!st)
        return 0;
    int alpha = s->format->Amask != 0;
    const Uint32 *tp = c.a == 255 ? tinted(st, c, alpha) : NULL;
    if (!tp) {
        /* a translucent colour: texel by texel */
        struct memo m = { 0, 0, 0, 0 };
        struct tint tn = { 0, 0, 0, 0, 0, 0 };
        for (int y = 0; y < h; y++) {
            const Uint32 *src = (const Uint32 *)((const Uint8 *)st->s->pixels + (size_t)y * (size_t)st->s->pitch);
            Uint32 *dst = (Uint32 *)((Uint8 *)s->pixels + (size_t)(y0 + y) * (size_t)s->pitch) + x0;
            for (int x = 0; x < w; x++)
                if (src[x] >> 24)       /* nothing, in SDL's blend too */
                    dst[x] = memo_mod(&m, &tn, dst[x], src[x], c, alpha);
        }
        return 1;
    }
    /* the inside of a disc: its tint covers what is under it (the blend
     * weighs the pixel by 255 - 255); its edge blended, the last blend
     * kept */
    Uint32 keep = alpha ? 0xffffffffu : 0xffffffu;
    struct memo m = { 0, 0, 0, 0 };
    for (int y = 0; y < h; y++) {
        const Uint32 *src = tp + (size_t)y * w;
        Uint32 *dst = (Uint32 *)((Uint8 *)s->pixels + (size_t)(y0 + y) * (size_t)s->pitch) + x0;
        for (int x = 0; x < w; x++) {
            Uint32 q = src[x];
            if (q >= 0xff000000u) {
                dst[x] = q & keep;
            } else if (q) {
                if (!(m.valid && m.s == q && m.d == dst[x])) {
                    struct tint tn = { 0, q >> 24, q >> 16 & 0xff, q >> 8 & 0xff, q & 0xff, 1 };
                    m = (struct memo){ q, dst[x], blend_tint(dst[x], &tn, alpha), 1 };
                }
                dst[x] = m.out;
            }
        }
    }
    return 1;
}
