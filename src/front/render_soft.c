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
#include <wchar.h>

_Static_assert(sizeof(wchar_t) == sizeof(Uint32), "a pixel is a wchar_t (wmemset fills rows)");

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

/* SDL's software renderer takes two triangles in a row that share two
 * vertices for a rectangle when its test (SDL_SW_RenderGeometryRaw) says
 * they are one: it picks a "top-left" and a "bottom-right" vertex of the
 * second triangle by comparing them in turn, and asks that the third
 * vertex of each triangle share an x with one and a y with the other.
 * Depending on the order of the vertices an upright line passes or not.
 * For a line's quad v[0..5] ((v0, v1, v2) then (v1, v2, v5)): 1 and the
 * rectangle SDL fills (from that vertex, its width and height truncated)
 * when it passes */
int soft_quad_rect(const SDL_Vertex *v, SDL_Rect *r)
{
    const int k[3] = { 1, 2, 5 }, prev[3] = { 0, 1, 2 };
    SDL_FPoint p0 = v[k[0]].position, p1 = v[k[1]].position, p2 = v[k[2]].position;
    int a, b, c = -1, c2 = -1;
    if (p0.x <= p1.x && p0.y <= p1.y)
        a = p0.x <= p2.x && p0.y <= p2.y ? k[0] : k[2];
    else
        a = p1.x <= p2.x && p1.y <= p2.y ? k[1] : k[2];
    if (p0.x >= p1.x && p0.y >= p1.y)
        b = p0.x >= p2.x && p0.y >= p2.y ? k[0] : k[2];
    else
        b = p1.x >= p2.x && p1.y >= p2.y ? k[1] : k[2];
    for (int j = 2; j >= 0; j--) {
        c = k[j] != a && k[j] != b ? k[j] : c;
        c2 = prev[j] != a && prev[j] != b ? prev[j] : c2;
    }
    SDL_FPoint A = v[a].position, B = v[b].position, C = v[c].position, C2 = v[c2].position;
    if (!((A.x == C.x && B.y == C.y) || (A.y == C.y && B.x == C.x)) ||
        !((A.x == C2.x && B.y == C2.y) || (A.y == C2.y && B.x == C2.x)))
        return 0;
    *r = (SDL_Rect){ (int)A.x, (int)A.y, (int)(B.x - A.x), (int)(B.y - A.y) };
    return 1;
}

/* the floor of a / m, m > 0 */
static int64_t floor_div(int64_t a, int64_t m)
{
    int64_t q = a / m;
    return q * m > a ? q - 1 : q;
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

/* the surface's clip rectangle cut to the rows ya .. yb - 1 */
static void band_clip(const SDL_Surface *s, int ya, int yb, SDL_Rect *clip)
{
    SDL_Rect band = { 0, ya, s->w, yb - ya };
    SDL_GetClipRect((SDL_Surface *)s, clip);
    if (!SDL_IntersectRect(clip, &band, clip))
        *clip = (SDL_Rect){ 0, 0, 0, 0 };
}

struct runs *soft_runs(const SDL_Surface *p, SDL_Rect r)
{
    struct runs *rs = calloc(1, sizeof *rs);
    int cap = 64, n = 0;
    if (!rs || r.w >= 1 << 15 || !(rs->row = malloc((size_t)(r.h + 1) * sizeof *rs->row)) ||
        !(rs->run = malloc((size_t)cap * sizeof *rs->run))) {
        soft_runs_free(rs);
        return NULL;
    }
    rs->w = r.w;
    rs->h = r.h;
    for (int y = 0; y < r.h; y++) {
        const Uint32 *src = (const Uint32 *)((const Uint8 *)p->pixels + (size_t)(r.y + y) * (size_t)p->pitch) + r.x;
        rs->row[y] = n;
        for (int x = 0; x < r.w;) {
            Uint32 a = src[x] >> 24;
            if (!a) {
                x++;
                continue;
            }
            int e = x + 1;
            if (a == 255)
                while (e < r.w && src[e] == src[x])
                    e++;
            else
                while (e < r.w && src[e] >> 24 && src[e] >> 24 != 255)
                    e++;
            if (n == cap) {
                Uint32 *more = realloc(rs->run, (size_t)(cap *= 2) * sizeof *more);
                if (!more) {
                    soft_runs_free(rs);
                    return NULL;
                }
                rs->run = more;
            }
            rs->run[n++] = (Uint32)x | (Uint32)(e - x) << 15 | (Uint32)(a == 255) << 30;
            x = e;
        }
    }
    rs->row[r.h] = n;
    return rs;
}

void soft_runs_free(struct runs *rs)
{
    if (rs) {
        free(rs->row);
        free(rs->run);
        free(rs);
    }
}

/* the runs rs of the pixels src (pitch bytes a row) with their top-left
 * corner at (x, y) in s, blended into the part clip of s: as SDL's blit
 * (mod 0: blend_px) or its blit modulated by c (mod 1: blend_mod). A run
 * of one opaque texel gives one value wherever it lands (in SDL's blends
 * an opaque source hides the pixel), so it is a fill. */
static void runs_blend(SDL_Surface *s, const struct runs *rs, const Uint8 *src, int pitch, int x, int y,
                       SDL_Rect clip, SDL_Color c, int mod)
{
    SDL_Rect to = { x, y, rs->w, rs->h };
    if (!SDL_IntersectRect(&to, &clip, &clip))
        return;
    int alpha = s->format->Amask != 0, fills = !mod || c.a == 255;
    struct memo m = { 0, 0, 0, 0 };
    struct tint tn = { 0, 0, 0, 0, 0, 0 };
    Uint32 last = 0, value = 0;
    int have = 0;
    for (int j = clip.y; j < clip.y + clip.h; j++) {
        const Uint32 *sp = (const Uint32 *)(src + (size_t)(j - y) * (size_t)pitch) - x;
        Uint32 *dst = (Uint32 *)((Uint8 *)s->pixels + (size_t)j * (size_t)s->pitch);
        for (int k = rs->row[j - y]; k < rs->row[j - y + 1]; k++) {
            Uint32 r = rs->run[k];
            int i0 = x + (int)(r & 0x7fff), i1 = i0 + (int)(r >> 15 & 0x7fff);
            i0 = i0 > clip.x ? i0 : clip.x;
            i1 = i1 < clip.x + clip.w ? i1 : clip.x + clip.w;
            if (i0 >= i1)
                continue;
            if (r >> 30 && fills) {
                if (!have || sp[i0] != last) {
                    last = sp[i0];
                    value = mod ? blend_mod(0, last, c, alpha) : last;
                    have = 1;
                }
                wmemset((wchar_t *)dst + i0, (wchar_t)value, (size_t)(i1 - i0));
                continue;
            }
            for (int i = i0; i < i1; i++)
                dst[i] = mod ? memo_mod(&m, &tn, dst[i], sp[i], c, alpha) : memo_px(&m, dst[i], sp[i]);
        }
    }
}

void soft_text(SDL_Surface *s, const struct glyph *g, int x, int y, SDL_Color c, int ya, int yb)
{
    SDL_Rect clip;
    band_clip(s, ya, yb, &clip);
    int white = c.r == 255 && c.g == 255 && c.b == 255;
    runs_blend(s, g->runs, (const Uint8 *)g->pix->pixels + (size_t)g->ink.y * (size_t)g->pix->pitch + (size_t)g->ink.x * 4,
               g->pix->pitch, x, y, clip, c, !white);
}

/* the triangle p[0..2] (pixels, as SDL_Vertex positions) filled with c and
 * blended into s as SDL_SW_FillTriangle does with SDL_BLENDMODE_BLEND */
void soft_triangle(SDL_Surface *s, const SDL_FPoint p[3], SDL_Color c, int ya, int yb)
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
    band_clip(s, ya, yb, &clip);
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
     * a growing by da a row. Where b > 0 the row's pixels start at the
     * least x with a + b x >= 0, where b < 0 they end at the greatest: x
     * is followed from row to row with f = a + b x kept in 0 .. |b| - 1
     * (da = q |b| + r: f grows by r, x moves by q, and by one more when f
     * passes |b|), exactly, with no division a row */
    int64_t a[3], b[3], da[3], bx[3], f[3], q[3], r[3], mb[3];
    for (int k = 0; k < 3; k++) {
        struct fp A = d[e[k][0]], B = d[e[k][1]];
        a[k] = sign * cross(A, B, 1, 2 * (int64_t)box.y + 1) + bias[k];
        b[k] = sign * -2 * (int64_t)(B.y - A.y);
        da[k] = sign * 2 * (int64_t)(B.x - A.x);
        if (b[k] == 0)
            continue;
        mb[k] = b[k] > 0 ? b[k] : -b[k];
        bx[k] = floor_div(a[k], mb[k]);     /* b < 0: the greatest x */
        f[k] = a[k] - mb[k] * bx[k];
        if (b[k] > 0)                       /* the least: -floor(a / b) */
            bx[k] = -bx[k];
        q[k] = floor_div(da[k], mb[k]);
        r[k] = da[k] - mb[k] * q[k];
    }
    for (int y = box.y; y < box.y + box.h; y++) {
        int64_t lo = box.x, hi = box.x + box.w - 1;
        for (int k = 0; k < 3; k++) {
            if (b[k] == 0)
                hi = a[k] < 0 ? lo - 1 : hi;
            else if (b[k] > 0)
                lo = bx[k] > lo ? bx[k] : lo;
            else
                hi = bx[k] < hi ? bx[k] : hi;
        }
        for (int k = 0; k < 3; k++) {
            a[k] += da[k];
            if (b[k] == 0)
                continue;
            int step = (f[k] += r[k]) >= mb[k];
            f[k] -= step ? mb[k] : 0;
            bx[k] += b[k] > 0 ? -(q[k] + step) : q[k] + step;
        }
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
 * cost a copy inside and a blend on its edge; NULL when out of memory, or
 * when every kept colour was taken by a disc of this frame (a frame's
 * operations hold on to them until it is drawn) */
static const Uint32 *tinted(struct scaled *sc, SDL_Color c, int alpha, unsigned frame)
{
    for (int k = 0; k < sc->n_tint; k++)
        if (sc->tint[k].alpha == alpha && !memcmp(&sc->tint[k].c, &c, sizeof c)) {
            sc->tint[k].frame = frame;
            return sc->tint[k].px;
        }
    int k = sc->n_tint < SCALED_TINTS ? sc->n_tint++ : (int)(c.r + c.g + c.b) % SCALED_TINTS;
    for (int j = 0; j < SCALED_TINTS && sc->tint[k].px && sc->tint[k].frame == frame; j++)
        k = (k + 1) % SCALED_TINTS;
    if (sc->tint[k].px && sc->tint[k].frame == frame)
        return NULL;
    free(sc->tint[k].px);
    Uint32 *px = malloc((size_t)sc->w * (size_t)sc->h * sizeof *px);
    sc->tint[k].px = px;
    sc->tint[k].c = c;
    sc->tint[k].alpha = alpha;
    sc->tint[k].frame = frame;
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
    t->releases++;
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
SDL_Surface *soft_image(struct target *t, const SDL_Surface *s, const struct scene *sc, SDL_FRect to, SDL_Rect *at)
{
    SDL_Rect r = { (int)to.x, (int)to.y, (int)to.w, (int)to.h };
    *at = r;
    if (r.w <= 0 || r.h <= 0 || r.x < 0 || r.y < 0 || r.x + r.w > s->w || r.y + r.h > s->h)
        return NULL;
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
            return NULL;
        }
        SDL_SetSurfaceBlendMode(t->img, SDL_BLENDMODE_NONE);
        t->img_gen = sc->img_gen;
        t->img_smooth = sc->img_smooth;
    }
    return t->img;
}

/* What SDL's blit of an ARGB8888 surface without blending leaves in a
 * pixel of s's format: the source's bits with the mask kept (the whole
 * pixel, or its colour with the byte above it 0), tried once a format;
 * 0 when it is neither (the copy is then left to SDL) */
Uint32 soft_copy_mask(const SDL_Surface *s)
{
    static Uint32 formats[4], masks[4];
    static int n;
    for (int k = 0; k < n; k++)
        if (formats[k] == s->format->format)
            return masks[k];
    SDL_Surface *src = SDL_CreateRGBSurfaceWithFormat(0, 4, 1, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, 4, 1, 32, s->format->format);
    const Uint32 px[4] = { 0xff123456, 0xffabcdef, 0xff000000, 0x80ffffff };
    Uint32 mask = 0;
    if (src && dst) {
        memcpy(src->pixels, px, sizeof px);
        memset(dst->pixels, 0x5a, sizeof px);
        SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_NONE);
        if (SDL_BlitSurface(src, NULL, dst, NULL) == 0) {
            const Uint32 *got = dst->pixels;
            for (int m = 0; m < 2 && !mask; m++) {
                Uint32 try = m ? 0xffffff : 0xffffffff;
                int same = 1;
                for (int k = 0; k < 4; k++)
                    same &= got[k] == (px[k] & try);
                mask = same ? try : 0;
            }
        }
    }
    SDL_FreeSurface(src);
    SDL_FreeSurface(dst);
    if (n < 4) {
        formats[n] = s->format->format;
        masks[n++] = mask;
    }
    return mask;
}

void soft_copy(SDL_Surface *s, const SDL_Surface *img, SDL_Rect r, Uint32 mask, int ya, int yb)
{
    SDL_Rect clip;
    band_clip(s, ya, yb, &clip);
    SDL_Rect to = r;
    if (!SDL_IntersectRect(&to, &clip, &to))
        return;
    for (int y = to.y; y < to.y + to.h; y++) {
        const Uint32 *src = (const Uint32 *)((const Uint8 *)img->pixels + (size_t)(y - r.y) * (size_t)img->pitch) +
                            (to.x - r.x);
        Uint32 *dst = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch) + to.x;
        if (mask == 0xffffffff)
            memcpy(dst, src, (size_t)to.w * 4);
        else
            for (int x = 0; x < to.w; x++)
                dst[x] = src[x] & mask;
    }
}

/* SDL_SoftStretch to the nearest pixel (SDL_stretch.c): destination row
 * y reads source row (inc / 2 + y inc) >> 16, inc = (h << 16) / r.h in
 * 64 bits, and the same along a row */
int soft_columns(struct target *t, int w, int dw)
{
    if (dw > t->xmap_cap) {
        int *m = realloc(t->xmap, (size_t)dw * sizeof *m);
        if (!m)
            return 0;
        t->xmap = m;
        t->xmap_cap = dw;
    }
    Uint64 inc = ((Uint64)w << 16) / (Uint64)dw;
    for (int x = 0; x < dw; x++)
        t->xmap[x] = (int)((inc / 2 + (Uint64)x * inc) >> 16);
    return 1;
}

void soft_scale(SDL_Surface *s, const Uint32 *pix, int w, int h, SDL_Rect r, Uint32 mask, const int *xmap, int ya,
                int yb)
{
    SDL_Rect clip, to = r;
    band_clip(s, ya, yb, &clip);
    if (!SDL_IntersectRect(&to, &clip, &to))
        return;
    Uint64 incy = ((Uint64)h << 16) / (Uint64)r.h;
    const int *map = xmap + (to.x - r.x);
    const Uint32 *last = NULL, *lastrow = NULL;
    for (int y = to.y; y < to.y + to.h; y++) {
        const Uint32 *src = pix + (size_t)((incy / 2 + (Uint64)(y - r.y) * incy) >> 16) * (size_t)w;
        Uint32 *dst = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch) + to.x;
        if (src == last) {      /* the row above again */
            memcpy(dst, lastrow, (size_t)to.w * 4);
            continue;
        }
        for (int x = 0; x < to.w; x++)
            dst[x] = src[map[x]] & mask;
        last = src;
        lastrow = dst;
    }
}

void soft_fill(SDL_Surface *s, SDL_Rect r, Uint32 px, int clipped, int ya, int yb)
{
    SDL_Rect clip;
    if (clipped) {
        band_clip(s, ya, yb, &clip);
    } else {
        clip = (SDL_Rect){ 0, ya, s->w, yb - ya };
        SDL_Rect all = { 0, 0, s->w, s->h };
        SDL_IntersectRect(&clip, &all, &clip);
    }
    if (!SDL_IntersectRect(&r, &clip, &r))
        return;
    for (int y = r.y; y < r.y + r.h; y++)     /* wchar_t: 32 bits, as a pixel */
        wmemset((wchar_t *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch) + r.x, (wchar_t)px, (size_t)r.w);
}

/* the quad from (x0, y0) to (x1, y1) with the atlas's texels uv (u0, v0,
 * u1, v1), in colour c: SDL_SW_BlitTriangle's blend of each texel
 * (modulated by c, premultiplied by its alpha, over the pixel) */
struct scaled *soft_sprite(struct target *t, const SDL_Surface *s, const float uv[4], const float xy[4])
{
    int x0 = (int)xy[0], y0 = (int)xy[1], w = (int)xy[2] - x0, h = (int)xy[3] - y0;
    if (!t->atlas_surf || w <= 0 || h <= 0 || xy[0] < 0 || xy[1] < 0 || x0 + w > s->w || y0 + h > s->h)
        return NULL;
    return stamp(t, uv, w, h);
}

const Uint32 *soft_tinted(struct target *t, struct scaled *st, const SDL_Surface *s, SDL_Color c)
{
    return c.a == 255 ? tinted(st, c, s->format->Amask != 0, t->frame) : NULL;
}

void soft_stamp(SDL_Surface *s, const struct scaled *st, const Uint32 *tp, int x0, int y0, SDL_Color c, int ya,
                int yb)
{
    int w = st->w, h = st->h, alpha = s->format->Amask != 0;
    int y = ya > y0 ? ya - y0 : 0, y1 = yb - y0 < h ? yb - y0 : h;
    if (!tp) {
        /* a translucent colour: texel by texel */
        struct memo m = { 0, 0, 0, 0 };
        struct tint tn = { 0, 0, 0, 0, 0, 0 };
        for (; y < y1; y++) {
            const Uint32 *src = (const Uint32 *)((const Uint8 *)st->s->pixels + (size_t)y * (size_t)st->s->pitch);
            Uint32 *dst = (Uint32 *)((Uint8 *)s->pixels + (size_t)(y0 + y) * (size_t)s->pitch) + x0;
            for (int x = 0; x < w; x++)
                if (src[x] >> 24)       /* nothing, in SDL's blend too */
                    dst[x] = memo_mod(&m, &tn, dst[x], src[x], c, alpha);
        }
        return;
    }
    /* the inside of a disc: its tint covers what is under it (the blend
     * weighs the pixel by 255 - 255); its edge blended, the last blend
     * kept */
    Uint32 keep = alpha ? 0xffffffffu : 0xffffffu;
    struct memo m = { 0, 0, 0, 0 };
    for (; y < y1; y++) {
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
}
