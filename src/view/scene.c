/* scene: the session and the view state -> a list of things to draw.
 * Pure: no SDL. See scene.h. */
#include "scene.h"
#include "lesson.h"
#include "session.h"
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const view_names[VIEW_COUNT] = { "jacobian", "flow", "data" };
const char *const theme_names[THEME_COUNT] = { "dark", "light", "projector" };

/* ------------------------------------------------------------------ */
/* themes                                                              */

struct theme_colors {
    struct rgba bg, panel, fg, dim, grid, accent, accent_fg, bar_z, bar_s;
    double text_scale;      /* projector: bigger text */
    double line_scale;      /* projector: thicker lines */
};

#define C(hex) { (uint8_t)((hex) >> 16), (uint8_t)((hex) >> 8), (uint8_t)(hex), 255 }
static const struct theme_colors themes[THEME_COUNT] = {
    /* dark: a dim room */
    { C(0x16181e), C(0x22252e), C(0xeceef2), C(0xa4aab6), C(0x3a3f4b),
      C(0xffc53d), C(0x16181e), C(0x8fa7c8), C(0xffc53d), 1.0, 1.0 },
    /* light: paper */
    { C(0xfbfbf8), C(0xeceae4), C(0x16181c), C(0x4a505c), C(0xc9c7c0),
      C(0xb35c00), C(0xffffff), C(0x5b7396), C(0xc46a00), 1.0, 1.0 },
    /* projector: black, white and yellow, larger and thicker */
    { C(0x000000), C(0x1a1a1a), C(0xffffff), C(0xe0e0e0), C(0x6a6a6a),
      C(0xffe600), C(0x000000), C(0xb8c8ff), C(0xffe600), 1.2, 1.6 },
};
#undef C

static struct rgba with_alpha(struct rgba c, int a)
{
    c.a = (uint8_t)(a < 0 ? 0 : a > 255 ? 255 : a);
    return c;
}

void view_state_init(struct view_state *v)
{
    memset(v, 0, sizeof *v);
    v->view = VIEW_JACOBIAN;
    v->theme = THEME_DARK;
    v->zoom = 1.0;
    v->mouse_x = v->mouse_y = -1;
    v->anim_t = 1.0;
}

/* ------------------------------------------------------------------ */
/* the item list and the text arena                                    */

void scene_init(struct scene *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->img_key_n = -1;
    sc->hover_i = sc->hover_j = -1;
}

void scene_release(struct scene *sc)
{
    free(sc->items);
    free(sc->arena);
    free(sc->pixels);
    free(sc->pred);
    free(sc->work);
    scene_init(sc);
}

static struct item *push(struct scene *sc, enum item_kind kind, struct rgba color)
{
    if (sc->n_items == sc->cap_items) {
        int cap = sc->cap_items ? sc->cap_items * 2 : 1024;
        struct item *p = realloc(sc->items, (size_t)cap * sizeof *p);
        if (!p) {
            sc->overflow = 1;
            return NULL;
        }
        sc->items = p;
        sc->cap_items = cap;
    }
    struct item *it = &sc->items[sc->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->color = color;
    return it;
}

static void rect(struct scene *sc, double x, double y, double w, double h, struct rgba c)
{
    struct item *it = push(sc, ITEM_RECT, c);
    if (it) {
        it->x = (float)x; it->y = (float)y; it->w = (float)w; it->h = (float)h;
    }
}

static void frame(struct scene *sc, double x, double y, double w, double h, double width,
                  struct rgba c)
{
    struct item *it = push(sc, ITEM_FRAME, c);
    if (it) {
        it->x = (float)x; it->y = (float)y; it->w = (float)w; it->h = (float)h;
        it->width = (float)width;
    }
}

static void line(struct scene *sc, double x1, double y1, double x2, double y2, double width,
                 struct rgba c, int arrow)
{
    struct item *it = push(sc, ITEM_LINE, c);
    if (it) {
        it->x = (float)x1; it->y = (float)y1; it->x2 = (float)x2; it->y2 = (float)y2;
        it->width = (float)width;
        it->arrow = arrow;
    }
}

static struct item *disc(struct scene *sc, double x, double y, double r, struct rgba c)
{
    struct item *it = push(sc, ITEM_DISC, c);
    if (it) {
        it->x = (float)x; it->y = (float)y; it->w = (float)r;
    }
    return it;
}

/* text (printf-like) at (x, y); returns the item or NULL */
static struct item *text(struct scene *sc, double x, double y, int size, int bold,
                         enum anchor anchor, struct rgba c, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
static struct item *text(struct scene *sc, double x, double y, int size, int bold,
                         enum anchor anchor, struct rgba c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len <= 0)
        return NULL;
    if ((size_t)len >= sizeof buf)
        len = sizeof buf - 1;
    if (sc->arena_len + (size_t)len + 1 > sc->arena_cap) {
        size_t cap = sc->arena_cap ? sc->arena_cap * 2 : 65536;
        while (cap < sc->arena_len + (size_t)len + 1)
            cap *= 2;
        char *p = realloc(sc->arena, cap);
        if (!p) {
            sc->overflow = 1;
            return NULL;
        }
        sc->arena = p;
        sc->arena_cap = cap;
    }
    struct item *it = push(sc, ITEM_TEXT, c);
    if (!it)
        return NULL;
    memcpy(sc->arena + sc->arena_len, buf, (size_t)len + 1);
    it->text_off = sc->arena_len;
    sc->arena_len += (size_t)len + 1;
    it->x = (float)x; it->y = (float)y;
    it->size = size < 6 ? 6 : size;
    it->bold = bold;
    it->anchor = anchor;
    return it;
}

/* characters (not bytes) of a UTF-8 string */
static int utf8_len(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

/* a width estimate from the character count alone: the layout uses it, so
 * positions do not depend on the font (tests recompute them) */
static double est_width(const char *s, int size)
{
    return utf8_len(s) * size * 0.62;
}

/* the largest size up to size at which s fits in maxw (estimated) */
static int fit_size(const char *s, int size, double maxw)
{
    while (size > 8 && est_width(s, size) > maxw)
        size--;
    return size;
}

static double text_width(const struct scene *sc, const char *s, int size, int bold)
{
    if (sc->measure)
        return sc->measure(sc->measure_ud, s, size, bold);
    /* DejaVu Sans: digits are 0.636 em, most letters a little less */
    return utf8_len(s) * size * (bold ? 0.66 : 0.62);
}

/* ------------------------------------------------------------------ */
/* numbers and formulas                                                */

char *scene_number(char *buf, size_t n, double v)
{
    char tmp[64];
    if (isnan(v))
        snprintf(tmp, sizeof tmp, "nan");
    else if (isinf(v))
        snprintf(tmp, sizeof tmp, "%sinf", v < 0 ? "-" : "");
    else if (fabs(v) >= 1000.0)
        snprintf(tmp, sizeof tmp, "%.3g", v);
    else
        snprintf(tmp, sizeof tmp, "%.3f", v);
    if (strcmp(tmp, "-0.000") == 0)
        strcpy(tmp, "0.000");
    /* a real minus sign: '-' is a hyphen */
    size_t o = 0;
    for (const char *p = tmp; *p && o + 4 < n; p++) {
        if (*p == '-') {
            memcpy(buf + o, "\xe2\x88\x92", 3);
            o += 3;
        } else {
            buf[o++] = *p;
        }
    }
    if (n)
        buf[o < n ? o : n - 1] = '\0';
    return buf;
}

/* the number with an explicit sign (+0.250 / −0.250 / 0) */
static char *signed_number(char *buf, size_t n, double v)
{
    char tmp[48];
    scene_number(tmp, sizeof tmp, v);
    if (v > 0 && strcmp(tmp, "0.000") != 0)
        snprintf(buf, n, "+%s", tmp);
    else
        snprintf(buf, n, "%s", tmp);
    return buf;
}

/* subscript digits for labels: s₁₂ */
static char *subscript(char *buf, size_t n, const char *name, int i)
{
    static const char *const sub[10] = {
        "\xe2\x82\x80", "\xe2\x82\x81", "\xe2\x82\x82", "\xe2\x82\x83", "\xe2\x82\x84",
        "\xe2\x82\x85", "\xe2\x82\x86", "\xe2\x82\x87", "\xe2\x82\x88", "\xe2\x82\x89",
    };
    char digits[16];
    snprintf(digits, sizeof digits, "%d", i);
    size_t o = (size_t)snprintf(buf, n, "%s", name);
    for (const char *d = digits; *d && o + 4 < n; d++) {
        memcpy(buf + o, sub[*d - '0'], 3);
        o += 3;
    }
    buf[o < n ? o : n - 1] = '\0';
    return buf;
}

const char *scene_stage_formula(int stage, int act, int reg)
{
    if (stage == STAGE_NONE)
        return "nothing computed yet: press Space (or type step)";
    const char *f = stage_formula(stage, act, reg);
    return f ? f : "";
}

/* ------------------------------------------------------------------ */
/* scales                                                              */

double scene_jacobian_scale(const struct session *S, int autoscale)
{
    if (!autoscale || !S || !S->has_logits)
        return 0.25;
    double m = 0.0;
    size_t len = tensor_size(&S->J);
    for (size_t k = 0; k < len; k++) {
        double a = fabs(S->J.data[k]);
        if (a > m && isfinite(a))
            m = a;
    }
    return m > 0.0 ? m : 0.25;
}

float scene_edge_width(double w, double wmax, double zoom)
{
    if (!(wmax > 0.0) || !isfinite(w))
        return (float)(1.0 * zoom);
    double f = fabs(w) / wmax;
    if (f > 1.0)
        f = 1.0;
    return (float)((1.0 + 9.0 * f) * zoom);
}

struct rgba scene_edge_color(double w, double wmax)
{
    if (!(wmax > 0.0))
        wmax = 1.0;
    struct rgba c = colormap_rgba(w, wmax);
    double f = fabs(w) / wmax;
    if (!(f <= 1.0))
        f = 1.0;
    c.a = (uint8_t)lround(90 + 165 * f);
    return c;
}

/* black or white text, whichever reads on a cell of colour c */
static struct rgba ink_on(struct rgba c)
{
    double lum = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    return lum > 140 ? (struct rgba){ 0, 0, 0, 255 } : (struct rgba){ 255, 255, 255, 255 };
}

/* ------------------------------------------------------------------ */
/* common pieces                                                       */

struct ctx {
    struct scene *sc;
    const struct session *S;
    const struct view_state *v;
    const struct theme_colors *t;
    int w, h;
    int base;               /* body text size in pixels */
    double lw;              /* line width unit */
};

static int clampi(int x, int lo, int hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static void empty_message(struct ctx *c, const char *title, const char *hint)
{
    text(c->sc, c->w / 2.0, c->h / 2.0 - c->base, (int)(c->base * 1.4), 1, ANCHOR_BC,
         c->t->fg, "%s", title);
    text(c->sc, c->w / 2.0, c->h / 2.0 + c->base * 0.2, c->base, 0, ANCHOR_TC, c->t->dim,
         "%s", hint);
}

static void help_overlay(struct ctx *c)
{
    static const char *const keys[][2] = {
        { "Space  \xe2\x86\x92", "step (next stage)" },
        { "\xe2\x86\x90", "back" },
        { "Tab", "next view (jacobian, flow, data)" },
        { "t", "theme: dark, light, projector" },
        { "a", "autoscale the Jacobian on/off" },
        { "PgUp  PgDn", "previous / next example of the batch" },
        { "Ctrl +  Ctrl \xe2\x88\x92  Ctrl 0", "zoom text in / out / reset" },
        { "F11", "fullscreen" },
        { "s", "save a snapshot PNG" },
        { "h  ?", "this help" },
        { "Esc", "close the help, leave fullscreen" },
    };
    static const char *const title = "Keys: they run the same commands as the terminal";
    int n = (int)(sizeof keys / sizeof keys[0]);
    int fs = c->base;
    double kw = 0, dw = 0;
    for (int k = 0; k < n; k++) {
        double a = text_width(c->sc, keys[k][0], fs, 1), b = text_width(c->sc, keys[k][1], fs, 0);
        kw = a > kw ? a : kw;
        dw = b > dw ? b : dw;
    }
    double tw = text_width(c->sc, title, (int)(fs * 1.1), 1);
    double bw = kw + dw + fs * 4.5;
    if (tw + fs * 2 > bw)
        bw = tw + fs * 2;
    if (bw > c->w * 0.96) {                 /* small window: shrink the text */
        fs = (int)(fs * c->w * 0.96 / bw);
        kw *= c->w * 0.96 / bw;
        bw = c->w * 0.96;
    }
    double rowh = fs * 1.6;
    double bh = rowh * (n + 2.5);
    double bx = (c->w - bw) / 2, by = (c->h - bh) / 2;
    rect(c->sc, 0, 0, c->w, c->h, with_alpha(c->t->bg, 190));
    rect(c->sc, bx, by, bw, bh, c->t->panel);
    frame(c->sc, bx, by, bw, bh, 2 * c->lw, c->t->accent);
    text(c->sc, bx + fs, by + fs * 0.8, (int)(fs * 1.1), 1, ANCHOR_TL, c->t->accent, "%s", title);
    for (int k = 0; k < n; k++) {
        double y = by + rowh * (k + 2.2);
        text(c->sc, bx + fs, y, fs, 1, ANCHOR_TL, c->t->fg, "%s", keys[k][0]);
        text(c->sc, bx + fs * 2.5 + kw, y, fs, 0, ANCHOR_TL, c->t->fg, "%s", keys[k][1]);
    }
}

/* ------------------------------------------------------------------ */
/* Jacobian view                                                       */

/* colour lookup table for the heatmap image: 256 ARGB entries */
static void heat_lut(uint32_t lut[256])
{
    for (int k = 0; k < 256; k++) {
        struct rgba c = colormap_at(k / 255.0);
        lut[k] = 0xff000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
    }
}

static uint32_t lut_color(const uint32_t lut[256], double v, double inv_scale)
{
    double t = 0.5 + 0.5 * v * inv_scale;
    if (!(t >= 0.0))
        t = isnan(t) ? 0.5 : 0.0;
    if (t > 1.0)
        t = 1.0;
    return lut[(int)(t * 255.0 + 0.5)];
}

/* room for n doubles in the scene's scratch; NULL when out of memory */
static double *scratch(struct scene *sc, size_t n)
{
    if (n > sc->work_cap) {
        double *w = realloc(sc->work, n * sizeof *w);
        if (!w)
            return NULL;
        sc->work = w;
        sc->work_cap = n;
    }
    return sc->work;
}

/* room for res x res pixels in the scene image; 0, or -1 out of memory */
static int image_room(struct scene *sc, int res)
{
    size_t need = (size_t)res * (size_t)res;
    if (need > sc->pixels_cap) {
        uint32_t *p = realloc(sc->pixels, need * sizeof *p);
        if (!p)
            return -1;
        sc->pixels = p;
        sc->pixels_cap = need;
    }
    return 0;
}

/* hi = max(hi, row), lo = min(lo, row), entry by entry. This loop is the
 * cost of a frame after J changed at large n (it reads all of J), so it is
 * built vectorised: -O2 alone leaves it scalar, at half the memory speed */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("O3", "tree-vectorize")
#endif
static void band_minmax(const double *restrict row, double *restrict hi, double *restrict lo, int n)
{
    for (int j = 0; j < n; j++) {
        double x = row[j];
        hi[j] = x > hi[j] ? x : hi[j];
        lo[j] = x < lo[j] ? x : lo[j];
    }
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

/* The heatmap of J at res x res pixels, in ONE pass over J's n^2 entries
 * (at n = 4096 that is 128 MiB: the pass is what a frame after a change
 * costs). When res < n, each pixel shows the entry of largest magnitude in
 * its block, so the diagonal and any outlier stay visible at any size.
 * The pass also gives max |J| (finite entries), which autoscale and the
 * title need: it is the largest magnitude over all blocks.
 *
 * Pass 1 (res < n): for each band of rows i0..i1 (one pixel row), the
 * column-wise max and min over the band's rows, streaming along the rows
 * (contiguous, vectorised); then each pixel's columns j0..j1 of those two
 * vectors, and the one of larger magnitude. The block values go to the
 * scratch (res^2 doubles); when res == n they are J itself.
 * Pass 2: the colours, once the scale is known. Returns max |J|, or -1
 * when out of memory (no image). */
static double heat_values(struct scene *sc, const tensor *J, int n, int res, const double **vals)
{
    double jmax = 0.0;
    if (res == n) {
        *vals = J->data;
        size_t len = (size_t)n * (size_t)n;
        for (size_t k = 0; k < len; k++) {
            double a = fabs(J->data[k]);
            jmax = a > jmax && a <= DBL_MAX ? a : jmax;     /* NaN and inf are left out */
        }
        return jmax;
    }
    /* scratch: the block values (res^2) and the band's max and min (n each) */
    double *work = scratch(sc, (size_t)res * (size_t)res + 2 * (size_t)n);
    if (!work)
        return -1;
    double *val = work, *hi = val + (size_t)res * (size_t)res, *lo = hi + n;
    /* pixel p covers rows (and columns) floor(p n / res) .. floor((p+1) n / res) - 1:
     * each step is q = n / res or q + 1, the remainder carried (no division per pixel) */
    int q = n / res, rem = n % res;
    int i0 = 0, icarry = 0;
    for (int py = 0; py < res; py++) {
        int i1 = i0 + q + ((icarry += rem) >= res);
        if (icarry >= res)
            icarry -= res;
        memcpy(hi, J->data + (size_t)i0 * (size_t)n, (size_t)n * sizeof *hi);
        memcpy(lo, hi, (size_t)n * sizeof *lo);
        for (int i = i0 + 1; i < i1; i++)
            band_minmax(J->data + (size_t)i * (size_t)n, hi, lo, n);
        double *out = val + (size_t)py * (size_t)res;
        int j0 = 0, jcarry = 0;
        for (int px = 0; px < res; px++) {
            int j1 = j0 + q + ((jcarry += rem) >= res);
            if (jcarry >= res)
                jcarry -= res;
            double h = hi[j0], l = lo[j0];
            for (int j = j0 + 1; j < j1; j++) {
                h = hi[j] > h ? hi[j] : h;
                l = lo[j] < l ? lo[j] : l;
            }
            out[px] = h >= -l ? h : l;
            double a = fabs(out[px]);
            jmax = a > jmax && a <= DBL_MAX ? a : jmax;
            j0 = j1;
        }
        i0 = i1;
    }
    *vals = val;
    return jmax;
}

/* colour res x res block values into the scene image */
static void heat_colors(struct scene *sc, const double *vals, int res, double scale)
{
    uint32_t lut[256];
    heat_lut(lut);
    double inv = 1.0 / scale;
    size_t len = (size_t)res * (size_t)res;
    for (size_t k = 0; k < len; k++)
        sc->pixels[k] = lut_color(lut, vals[k], inv);
}

/* horizontal bar chart of a row vector vals (n) in box x, y, w, h */
static void bar_chart(struct ctx *c, const double *vals, int n, double x, double y, double w,
                      double h, double lo, double hi, const char *name, struct rgba col,
                      int hi_a, int hi_b, double cell, double cell_y0)
{
    struct scene *sc = c->sc;
    char nb[64], lb[32];
    /* the label gutter and the value column */
    int fs = clampi((int)(cell * 0.55), 8, c->base);
    int labels = cell >= 11;
    double gut = labels ? est_width("z99", fs) + fs * 0.5 : 0;
    double valw = labels ? est_width("-0.000", fs) + fs * 0.2 : 0;
    double bx = x + gut, bw = w - gut - valw;
    if (bw < 10)
        bw = 10;
    double span = hi - lo;
    if (!(span > 0))
        span = 1;
    double ax = bx + bw * (0 - lo) / span;            /* the zero axis */
    rect(sc, bx, y, bw, h, with_alpha(c->t->panel, 255));
    int rows = n;
    if (cell < 1.0)
        rows = (int)h;          /* one pixel row per block of entries */
    for (int r = 0; r < rows; r++) {
        int i0 = (int)((long long)r * n / rows), i1 = (int)((long long)(r + 1) * n / rows);
        double val = 0.0;
        for (int i = i0; i < i1; i++)
            if (fabs(vals[i]) > fabs(val) || i == i0)
                val = vals[i];
        double ry = cell_y0 + (rows == n ? r * cell : (double)r * h / rows);
        double rh = rows == n ? cell : h / rows;
        double gap = rh >= 6 ? rh * 0.18 : 0;
        double vx = bx + bw * (val - lo) / span;
        if (vx < bx) vx = bx;
        if (vx > bx + bw) vx = bx + bw;
        int hl = rows == n && (r == hi_a || r == hi_b);
        struct rgba bc = hl ? c->t->accent : col;
        double left = vx < ax ? vx : ax, wid = fabs(vx - ax);
        rect(sc, left, ry + gap, wid < 1 ? 1 : wid, rh - 2 * gap > 1 ? rh - 2 * gap : 1, bc);
        if (labels) {
            text(sc, x + gut - fs * 0.3, ry + rh / 2, fs, hl, ANCHOR_MR,
                 hl ? c->t->accent : c->t->dim, "%s", subscript(lb, sizeof lb, name, r));
            text(sc, bx + bw + fs * 0.3, ry + rh / 2, fs, hl, ANCHOR_ML,
                 hl ? c->t->accent : c->t->fg, "%s", scene_number(nb, sizeof nb, val));
        }
    }
    line(sc, ax, y, ax, y + h, c->lw, c->t->dim, 0);
}

static void jacobian_view(struct ctx *c)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    int base = c->base;
    char b1[64], b2[64], b3[64], b4[64];

    if (!S || !S->has_logits || S->J.rows < 1) {
        empty_message(c, "Softmax Jacobian", "no logits yet: type   logits 2 1 0.1");
        return;
    }
    int n = S->J.rows;
    const double *s = S->s.data, *z = S->z.data;
    double m = base * 1.0;
    int tfs = (int)(base * 1.35);
    double top = m + tfs * 1.9;

    /* caption area at the bottom: two lines */
    int cfs = (int)(base * 1.15);
    double cap_h = cfs * 1.5 + base * 1.6;
    double bottom = c->h - m - cap_h;

    /* heatmap square with row labels left and column labels above */
    int lfs = base;
    double gut = est_width("s99", lfs) + lfs * 0.6;
    double colh = lfs * 1.5;
    double avail_h = bottom - top - colh;
    double side = avail_h;
    if (side > c->w * 0.44)
        side = c->w * 0.44;
    if (side < 40)
        side = 40;
    double hx = m + gut, hy = top + colh;
    double cell = side / n;
    sc->heat.x = (float)hx; sc->heat.y = (float)hy; sc->heat.side = (float)side; sc->heat.n = n;

    /* max |J| and, for a large n, the image's block values: one pass over
     * the n^2 entries, once per change of the session, not per frame */
    int image = cell < 6.0;
    int res = n <= (int)side ? n : (int)side;
    if (res < 1)
        res = 1;
    const double *vals = NULL;
    if (image) {
        if (!sc->jmax_valid || sc->jmax_gen != c->v->gen || sc->heat_key_n != n || sc->heat_key_res != res) {
            sc->jmax = heat_values(sc, &S->J, n, res, &vals);
            sc->jmax_valid = sc->jmax >= 0;
            sc->jmax_gen = c->v->gen;
            sc->heat_key_n = n;
            sc->heat_key_res = res;
        } else {
            vals = res == n ? S->J.data : sc->work;
        }
        if (!sc->jmax_valid) {
            image = 0;
            sc->overflow = 1;
            sc->jmax = 0.25;
        }
    } else if (!sc->jmax_valid || sc->jmax_gen != c->v->gen || sc->heat_key_n != n || sc->heat_key_res != 0) {
        sc->jmax = scene_jacobian_scale(S, 1);
        sc->jmax_valid = 1;
        sc->jmax_gen = c->v->gen;
        sc->heat_key_n = n;
        sc->heat_key_res = 0;
    }
    double jmax = sc->jmax;
    double scale = c->v->autoscale ? (jmax > 0.0 ? jmax : 0.25) : 0.25;
    sc->jscale = scale;

    /* title */
    text(sc, m, m, tfs, 1, ANCHOR_TL, t->fg,
         "Softmax Jacobian   J = diag(s) \xe2\x88\x92 s s\xe1\xb5\x80");
    if (!c->v->autoscale && jmax < scale * 0.1)
        /* everything would look neutral: say so, and how to see it */
        text(sc, c->w - m, m + tfs * 0.15, base, 0, ANCHOR_TR, t->accent,
             "n = %d   max |J| = %s: try  autoscale on  (key a)", n,
             scene_number(b1, sizeof b1, jmax));
    else
        text(sc, c->w - m, m + tfs * 0.15, base, 0, ANCHOR_TR, t->dim, "n = %d   scale \xc2\xb1%s%s",
             n, scene_number(b1, sizeof b1, scale), c->v->autoscale ? " (auto)" : "");

    /* the cell under the mouse */
    int hi = -1, hj = -1;
    if (c->v->mouse_x >= hx && c->v->mouse_x < hx + side &&
        c->v->mouse_y >= hy && c->v->mouse_y < hy + side) {
        hj = clampi((int)((c->v->mouse_x - hx) / cell), 0, n - 1);
        hi = clampi((int)((c->v->mouse_y - hy) / cell), 0, n - 1);
    }
    sc->hover_i = hi; sc->hover_j = hj;

    if (!image) {
        /* one rectangle per cell, with a hairline gap when they are big */
        double gap = cell >= 24 ? 2.0 : cell >= 12 ? 1.0 : 0.0;
        rect(sc, hx, hy, side, side, t->grid);
        /* whole-pixel cell edges, so no seams appear between cells */
        for (int i = 0; i < n; i++) {
            double y0 = floor(hy + i * cell), y1 = floor(hy + (i + 1) * cell);
            for (int j = 0; j < n; j++) {
                double x0 = floor(hx + j * cell), x1 = floor(hx + (j + 1) * cell);
                rect(sc, x0 + floor(gap / 2), y0 + floor(gap / 2), x1 - x0 - gap, y1 - y0 - gap,
                     colormap_rgba(T_AT(&S->J, i, j), scale));
            }
        }
    } else {
        /* the colours: again only when the values or the scale changed */
        if (!(sc->has_image && sc->img_key_view == VIEW_JACOBIAN && sc->img_key_gen == c->v->gen &&
              sc->img_key_n == n && sc->img_w == res && sc->img_key_auto == c->v->autoscale)) {
            if (image_room(sc, res) < 0) {
                sc->overflow = 1;
                sc->has_image = 0;
            } else {
                heat_colors(sc, vals, res, scale);
                sc->img_w = sc->img_h = res;
                sc->has_image = 1;
                sc->img_gen++;
                sc->img_key_gen = c->v->gen;
                sc->img_key_n = n;
                sc->img_key_auto = c->v->autoscale;
                sc->img_key_view = VIEW_JACOBIAN;
                sc->img_smooth = 0;
            }
        }
        if (sc->has_image) {
            struct item *it = push(sc, ITEM_IMAGE, t->fg);
            if (it) {
                it->x = (float)hx; it->y = (float)hy; it->w = (float)side; it->h = (float)side;
            }
        }
    }

    /* a hairline around the map: its neutral centre is close to a light background */
    frame(sc, hx - 1, hy - 1, side + 2, side + 2, 1.0, t->dim);

    /* values in the cells when they fit */
    int vfs = clampi((int)(cell * 0.30), 6, base);
    if (cell >= 24 && text_width(sc, "\xe2\x88\x92" "0.000", vfs, 0) < cell * 0.9 && vfs >= 10) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double val = T_AT(&S->J, i, j);
                text(sc, hx + (j + 0.5) * cell, hy + (i + 0.5) * cell, vfs, i == j, ANCHOR_MC,
                     ink_on(colormap_rgba(val, scale)), "%s", scene_number(b1, sizeof b1, val));
            }
    }

    /* the diagonal: framed cells, or a faint line when cells are tiny */
    if (cell >= 16.0) {
        double fw = cell >= 24 ? 2.0 * c->lw : 1.0;
        for (int i = 0; i < n; i++) {
            double x0 = floor(hx + i * cell), x1 = floor(hx + (i + 1) * cell);
            double y0 = floor(hy + i * cell), y1 = floor(hy + (i + 1) * cell);
            frame(sc, x0, y0, x1 - x0, y1 - y0, fw, t->fg);
        }
    }

    /* row and column labels, thinned to fit */
    int every = 1;
    while (every * cell < lfs * 1.3)
        every *= 2;
    int cfs_lab = every == 1 && cell < lfs * 1.3 ? (int)(cell * 0.75) : lfs;
    for (int i = 0; i < n; i += every) {
        int hl = i == hi;
        text(sc, hx - lfs * 0.4, hy + (i + 0.5) * cell, cfs_lab, hl, ANCHOR_MR,
             hl ? t->accent : t->dim, "%s", subscript(b1, sizeof b1, "s", i));
    }
    int cevery = every;
    while (cevery * cell < text_width(sc, "z\xe2\x82\x89\xe2\x82\x89\xe2\x82\x89", lfs, 0))
        cevery *= 2;
    for (int j = 0; j < n; j += cevery) {
        int hl = j == hj;
        /* thinned labels start at their column's left edge, like ticks */
        text(sc, cevery > 1 ? hx + j * cell : hx + (j + 0.5) * cell, hy - lfs * 0.3, cfs_lab, hl,
             cevery > 1 ? ANCHOR_BL : ANCHOR_BC, hl ? t->accent : t->dim, "%s",
             subscript(b1, sizeof b1, "z", j));
    }
    if (hi >= 0 && (hi % every || hj % cevery)) {
        text(sc, hx - lfs * 0.4, hy + (hi + 0.5) * cell, lfs, 1, ANCHOR_MR, t->accent, "%s",
             subscript(b1, sizeof b1, "s", hi));
        text(sc, hx + (hj + 0.5) * cell, hy - lfs * 0.3, lfs, 1, ANCHOR_BC, t->accent, "%s",
             subscript(b1, sizeof b1, "z", hj));
    }
    if (hi >= 0) {
        double fw = 3.0 * c->lw;
        double cx = hx + hj * cell, cy = hy + hi * cell, cw = cell < 8 ? 8 : cell;
        frame(sc, cx - fw, cy - fw, cw + 2 * fw, cw + 2 * fw, fw, t->accent);
    }

    /* colour bar with ticks */
    double cbx = hx + side + base * 1.2, cbw = base * 1.1;
    sc->cbar.x = (float)cbx; sc->cbar.y = (float)hy; sc->cbar.w = (float)cbw;
    sc->cbar.h = (float)side;
    int bands = clampi((int)(side / 3), 16, 256);
    for (int k = 0; k < bands; k++) {
        double y0 = floor(hy + side * k / bands), y1 = floor(hy + side * (k + 1) / bands);
        double val = scale * (1.0 - 2.0 * (k + 0.5) / bands);
        rect(sc, floor(cbx), y0, floor(cbw), y1 - y0, colormap_rgba(val, scale));
    }
    frame(sc, cbx, hy, cbw, side, 1.0, t->dim);
    text(sc, cbx + cbw / 2, hy - lfs * 0.3, lfs, 1, ANCHOR_BC, t->fg, "J");
    for (int k = 0; k <= 4; k++) {
        double val = scale * (1.0 - k / 2.0);
        double y = hy + side * k / 4.0;
        line(sc, cbx + cbw, y, cbx + cbw + base * 0.4, y, c->lw, t->dim, 0);
        char tb[64];
        if (k == 2)
            snprintf(tb, sizeof tb, "0");
        else
            signed_number(tb, sizeof tb, val);
        /* drop trailing zeros: +0.250 -> +0.25 */
        size_t tl = strlen(tb);
        while (tl > 2 && strchr(tb, '.') && tb[tl - 1] == '0')
            tb[--tl] = '\0';
        text(sc, cbx + cbw + base * 0.6, y, (int)(base * 0.9), 0, ANCHOR_ML, t->fg, "%s", tb);
    }

    /* bar charts of z and s, one row per class, aligned with the heatmap rows;
     * or, after `mistake logits`, the mistaken "Jacobian" beside the right one */
    double px = cbx + cbw + base * 4.4;
    double pw = (c->w - m - px - base) / 2;
    const tensor *W = &S->mistake_J;
    double side2 = c->w - m - px;
    if (side2 > side)
        side2 = side;
    if (W->rows == n && W->cols == n && side2 / n >= 6.0) {
        double cell2 = side2 / n;
        text(sc, px + side2 / 2, hy - lfs * 0.3, lfs, 1, ANCHOR_BC, t->accent,
             "the mistake (same colours)");
        rect(sc, px, hy, side2, side2, t->grid);
        int vfs2 = clampi((int)(cell2 * 0.26), 7, base);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double x0 = floor(px + j * cell2), y0 = floor(hy + i * cell2);
                double x1 = floor(px + (j + 1) * cell2), y1 = floor(hy + (i + 1) * cell2);
                struct rgba col = colormap_rgba(T_AT(W, i, j), scale);
                rect(sc, x0, y0, x1 - x0 - 1, y1 - y0 - 1, col);
                if (cell2 >= vfs2 * 3.2)
                    text(sc, (x0 + x1) / 2, (y0 + y1) / 2, vfs2, 0, ANCHOR_MC, ink_on(col), "%s",
                         scene_number(b4, sizeof b4, T_AT(W, i, j)));
            }
        frame(sc, px - 1, hy - 1, side2 + 2, side2 + 2, 1.0, t->accent);
    } else if (pw > base * 4) {
        double zlo = 0, zhi = 0;
        for (int i = 0; i < n; i++) {
            if (isfinite(z[i]) && z[i] < zlo) zlo = z[i];
            if (isfinite(z[i]) && z[i] > zhi) zhi = z[i];
        }
        if (zhi - zlo <= 0)
            zhi = 1;
        text(sc, px + pw / 2, hy - lfs * 0.3, lfs, 1, ANCHOR_BC, t->fg, "z (logits)");
        bar_chart(c, z, n, px, hy, pw - base * 0.5, side, zlo, zhi, "z", t->bar_z, hj, -1,
                  cell, hy);
        double sx = px + pw + base * 0.5;
        text(sc, sx + pw / 2, hy - lfs * 0.3, lfs, 1, ANCHOR_BC, t->fg, "s = softmax(z)");
        double shi = 1.0;
        if (c->v->autoscale) {
            shi = 0;
            for (int i = 0; i < n; i++)
                shi = s[i] > shi ? s[i] : shi;
            if (!(shi > 0))
                shi = 1.0;
        }
        bar_chart(c, s, n, sx, hy, pw - base * 0.5, side, 0.0, shi, "s", t->bar_s, hi, hj,
                  cell, hy);
    }

    /* caption: the cell under the mouse, or the general formula */
    double cy = bottom + base * 0.6;
    if (hi >= 0) {
        double sv = s[hi], sj = s[hj], val = T_AT(&S->J, hi, hj);
        if (hi == hj)
            text(sc, m, cy, cfs, 1, ANCHOR_TL, t->accent,
                 "J[%d][%d] = s%d\xc2\xb7(1 \xe2\x88\x92 s%d) = %s\xc2\xb7(1 \xe2\x88\x92 %s) = %s",
                 hi, hj, hi, hj, scene_number(b1, sizeof b1, sv), scene_number(b2, sizeof b2, sj),
                 scene_number(b3, sizeof b3, val));
        else
            text(sc, m, cy, cfs, 1, ANCHOR_TL, t->accent,
                 "J[%d][%d] = s%d\xc2\xb7(0 \xe2\x88\x92 s%d) = %s\xc2\xb7(0 \xe2\x88\x92 %s) = %s",
                 hi, hj, hi, hj, scene_number(b1, sizeof b1, sv), scene_number(b2, sizeof b2, sj),
                 scene_number(b3, sizeof b3, val));
        text(sc, m, cy + cfs * 1.6, base, 0, ANCHOR_TL, t->dim,
             "row %d: how s%d moves when z%d grows   (z%d = %s)", hi, hi, hj, hj,
             scene_number(b4, sizeof b4, z[hj]));
    } else {
        text(sc, m, cy, cfs, 1, ANCHOR_TL, t->fg,
             "J[i][j] = \xe2\x88\x82s\xe1\xb5\xa2/\xe2\x88\x82z\xe2\xb1\xbc = "
             "s\xe1\xb5\xa2\xc2\xb7(\xce\xb4\xe1\xb5\xa2\xe2\xb1\xbc \xe2\x88\x92 s\xe2\xb1\xbc)");
        text(sc, m, cy + cfs * 1.6, base, 0, ANCHOR_TL, t->dim,
             "diagonal s\xe1\xb5\xa2(1 \xe2\x88\x92 s\xe1\xb5\xa2) > 0   "
             "off-diagonal \xe2\x88\x92s\xe1\xb5\xa2s\xe2\xb1\xbc < 0   rows sum to 0");
    }
}

/* ------------------------------------------------------------------ */
/* flow view                                                           */

#define FLOW_MAX_NODES 10   /* nodes drawn per column; the rest are summarised */

struct column {
    int n, shown;           /* units, units drawn */
    double x;               /* centre x */
    double y[FLOW_MAX_NODES];
    double r;               /* node radius */
    int dense;              /* too little room for labels around the nodes */
};

static void layout_column(struct column *col, int n, double x, double top, double bottom,
                          double rmax, double reserve)
{
    col->n = n;
    col->shown = n < FLOW_MAX_NODES ? n : FLOW_MAX_NODES - 1;
    col->x = x;
    int slots = n < FLOW_MAX_NODES ? n : FLOW_MAX_NODES;
    double sp = (bottom - top) / slots;
    for (int k = 0; k < col->shown; k++)
        col->y[k] = top + sp * (k + 0.5);
    /* room for a badge below each node; when there is none, the column is
     * dense: bigger nodes, the value inside only */
    col->r = (sp - reserve) / 2;
    col->dense = col->r < rmax * 0.55;
    if (col->dense)
        col->r = sp * 0.30;
    if (col->r > rmax)
        col->r = rmax;
}

/* the value at (row, j) of a net tensor when its stage has been computed */
static int have(const struct net *nt, int stage)
{
    return nt->stage >= stage;
}

static double at(const tensor *t, int row, int j)
{
    if (!t->data || row >= t->rows || j >= t->cols)
        return 0.0;
    return T_AT(t, row, j);
}

static void node(struct ctx *c, const struct column *col, int k, double val, int has_val,
                 double vscale, int lit)
{
    struct scene *sc = c->sc;
    char nb[64];
    double x = col->x, y = col->y[k], r = col->r;
    struct rgba ring = has_val ? colormap_rgba(val, vscale) : c->t->grid;
    double ringw = 3.0 * (c->lw > 1.3 ? 1.3 : c->lw);
    if (lit)
        disc(sc, x, y, r + ringw + 1.5 * c->lw, with_alpha(c->t->accent, 255));
    disc(sc, x, y, r, ring);
    disc(sc, x, y, r - ringw, c->t->panel);
    if (has_val) {
        int fs = clampi((int)(r * 0.62), 7, c->base);
        scene_number(nb, sizeof nb, val);
        while (fs > 7 && text_width(sc, nb, fs, 1) > 2 * (r - ringw) - 4)
            fs--;
        text(sc, x, y, fs, 1, ANCHOR_MC, c->t->fg, "%s", nb);
    }
}

/* a small value label with a backing box, so it reads over edges */
static void badge(struct ctx *c, double x, double y, int fs, enum anchor anchor,
                  struct rgba fg, struct rgba box, const char *s)
{
    double tw = text_width(c->sc, s, fs, 1) + fs * 0.6, th = fs * 1.35;
    double bx = x, by = y;
    switch (anchor) {
    case ANCHOR_TC: bx -= tw / 2; break;
    case ANCHOR_BC: bx -= tw / 2; by -= th; break;
    case ANCHOR_MC: bx -= tw / 2; by -= th / 2; break;
    case ANCHOR_ML: by -= th / 2; break;
    case ANCHOR_MR: bx -= tw; by -= th / 2; break;
    default: break;
    }
    rect(c->sc, bx, by, tw, th, box);
    text(c->sc, bx + tw / 2, by + th / 2, fs, 1, ANCHOR_MC, fg, "%s", s);
}

static void more_marker(struct ctx *c, const struct column *col, double bottom)
{
    if (col->n > col->shown)
        text(c->sc, col->x, bottom - c->base * 0.2, c->base, 0, ANCHOR_BC, c->t->dim,
             "\xe2\x8b\xae +%d more", col->n - col->shown);
}

/* edges between two columns, weights W (a.n x b.n); gradients dW when show_grad */
static void edges(struct ctx *c, const struct column *a, const struct column *b,
                  const tensor *W, const tensor *G, int show_grad)
{
    const tensor *M = show_grad ? G : W;
    double wmax = 0;
    for (int i = 0; i < a->shown; i++)
        for (int j = 0; j < b->shown; j++)
            if (fabs(at(M, i, j)) > wmax)
                wmax = fabs(at(M, i, j));
    for (int i = 0; i < a->shown; i++)
        for (int j = 0; j < b->shown; j++) {
            double w = at(M, i, j);
            line(c->sc, a->x + a->r, a->y[i], b->x - b->r, b->y[j],
                 scene_edge_width(w, wmax, c->lw), scene_edge_color(w, wmax), 0);
        }
}

static double ease(double t)
{
    return t < 0 ? 0 : t > 1 ? 1 : t * t * (3 - 2 * t);
}

static void flow_view(struct ctx *c)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    int base = c->base;
    char nb[64], lb[64], b2[64];

    if (!S || !S->has_net) {
        empty_message(c, "Network flow", "no network yet: type   net 2 3 2");
        return;
    }
    const struct net *nt = &S->net;
    int D = nt->n_in, H = nt->n_hidden, K = nt->n_out;
    int row = c->v->example;
    if (row >= nt->n_rows)
        row = nt->n_rows - 1;
    if (row < 0)
        row = 0;
    int st = nt->stage;
    double at_ = c->v->anim_stage == st ? c->v->anim_t : 1.0;
    double e = ease(at_);

    double m = base;
    int tfs = (int)(base * 1.35);
    text(sc, m, m, tfs, 1, ANCHOR_TL, t->fg, "Network flow");
    text(sc, c->w - m, m + tfs * 0.15, base, 0, ANCHOR_TR, t->dim,
         "%d\xe2\x80\x93%d\xe2\x80\x93%d, %s   example %d of %d", D, H, K, act_names[nt->act],
         row, nt->n_rows);

    /* the stage strip: forward and backward stages, the current one lit */
    double sy = m + tfs * 1.8;
    int sfs = (int)(base * 0.85);
    double sx = m;
    for (int k = STAGE_Z1; k <= STAGE_LAST; k++) {
        const char *nm = stage_names[k];
        double tw = text_width(sc, nm, sfs, 1) + sfs * 1.0, th = sfs * 1.6;
        if (k == STAGE_DELTA3)
            sx += sfs * 1.5;
        struct rgba fill = k == st ? t->accent : k < st ? t->panel : t->bg;
        struct rgba ink = k == st ? t->accent_fg : k < st ? t->fg : t->dim;
        rect(sc, sx, sy, tw, th, fill);
        frame(sc, sx, sy, tw, th, 1.0, k == st ? t->accent : t->grid);
        text(sc, sx + tw / 2, sy + th / 2, sfs, 1, ANCHOR_MC, ink, "%s", nm);
        sx += tw + sfs * 0.4;
    }

    /* columns */
    int cfs = (int)(base * 1.2);
    double cap_h = cfs * 1.6 + base * 1.6;
    double top = sy + sfs * 1.6 + base * 4.2;
    double bottom = c->h - m - cap_h - base * 1.6;
    double rmax = base * 1.75;
    struct column cx, ch, co, cl;
    int small = (int)(base * 0.8);
    double reserve = small * 1.35 + base * 0.6;
    layout_column(&cx, D, c->w * 0.09, top, bottom, rmax, base * 0.5);
    layout_column(&ch, H, c->w * 0.37, top, bottom, rmax, reserve);
    layout_column(&co, K, c->w * 0.66, top, bottom, rmax, reserve);
    layout_column(&cl, 1, c->w * 0.90, top, bottom, rmax, reserve);
    cl.r = rmax * 1.1;

    /* column headers */
    int hfs = base;
    double hy = top - base * 1.0;
    const char *act = act_names[nt->act];
    text(sc, cx.x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "input x");
    text(sc, ch.x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "hidden a1");
    if (ch.dense && have(nt, STAGE_DELTA2) && st >= STAGE_DELTA2)
        text(sc, ch.x, hy - hfs * 0.2, small, 1, ANCHOR_BC, t->accent, "showing delta2");
    else
        text(sc, ch.x, hy - hfs * 0.2, small, 0, ANCHOR_BC, t->dim, "a1 = %s(z1)", act);
    text(sc, co.x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "output a2");
    text(sc, co.x, hy - hfs * 0.2, small, 0, ANCHOR_BC, t->dim, "a2 = softmax(z2)");
    text(sc, cl.x, hy - hfs * 0.2, small, 0, ANCHOR_BC, t->dim, "\xe2\x88\x92\xce\xa3 y log a2");
    text(sc, cl.x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "loss");
    text(sc, (cx.x + ch.x) / 2, hy - hfs * 1.3, (int)(hfs * 0.9), 0, ANCHOR_BC, t->dim,
         st == STAGE_DW1 || st == STAGE_DB1 ? "dW1" : "W1");
    text(sc, (ch.x + co.x) / 2, hy - hfs * 1.3, (int)(hfs * 0.9), 0, ANCHOR_BC, t->dim,
         st == STAGE_DW2 || st == STAGE_DB2 ? "dW2" : "W2");

    /* edges: weights, or the gradient while its stage is shown */
    int grad1 = st >= STAGE_DW1 && have(nt, STAGE_DW1);
    int grad2 = (st == STAGE_DW2 || st == STAGE_DB2) && have(nt, STAGE_DW2);
    edges(c, &cx, &ch, &nt->W1, &nt->dW1, grad1);
    edges(c, &ch, &co, &nt->W2, &nt->dW2, grad2);
    for (int k = 0; k < co.shown; k++)
        line(sc, co.x + co.r, co.y[k], cl.x - cl.r, cl.y[0], c->lw * 1.5, t->grid, 0);

    int lit_x = st == STAGE_DW1 || st == STAGE_DB1;
    int lit_h = st == STAGE_Z1 || st == STAGE_A1 || st == STAGE_DELTA2 || st == STAGE_DB1;
    int lit_o = st == STAGE_Z2 || st == STAGE_A2 || st == STAGE_DELTA3 || st == STAGE_DB2;

    /* the backward flow of delta3 along W2: each edge carries delta3_k W2[j][k] */
    if (st == STAGE_DELTA2 && have(nt, STAGE_DELTA2)) {
        double smax = 0;
        for (int j = 0; j < ch.shown; j++)
            for (int k = 0; k < co.shown; k++) {
                double sh = at(&nt->delta3, row, k) * at(&nt->W2, j, k);
                if (fabs(sh) > smax)
                    smax = fabs(sh);
            }
        int labels = ch.shown * co.shown <= 16;
        double best_f = 0.5, best_gap = -1;
        for (double f = 0.2; f <= 0.801; f += 0.05) {
            double gap = 1e9;
            for (int p = 0; p < ch.shown * co.shown; p++)
                for (int q = p + 1; q < ch.shown * co.shown; q++) {
                    double yp = co.y[p % co.shown] + (ch.y[p / co.shown] - co.y[p % co.shown]) * f;
                    double yq = co.y[q % co.shown] + (ch.y[q / co.shown] - co.y[q % co.shown]) * f;
                    if (fabs(yp - yq) < gap)
                        gap = fabs(yp - yq);
                }
            if (gap > best_gap + 0.5) {
                best_gap = gap;
                best_f = f;
            }
        }
        for (int j = 0; j < ch.shown; j++)
            for (int k = 0; k < co.shown; k++) {
                double sh = at(&nt->delta3, row, k) * at(&nt->W2, j, k);
                double x0 = co.x - co.r, y0 = co.y[k], x1 = ch.x + ch.r, y1 = ch.y[j];
                if (e < 1.0) {
                    double px = x0 + (x1 - x0) * e, py = y0 + (y1 - y0) * e;
                    double rr = base * 0.25 + base * 0.45 * (smax > 0 ? fabs(sh) / smax : 0);
                    disc(sc, px, py, rr + 2, t->fg);
                    disc(sc, px, py, rr, colormap_rgba(sh, smax > 0 ? smax : 1));
                }
                if (labels) {
                    double f = best_f;
                    double lx = x0 + (x1 - x0) * f, ly = y0 + (y1 - y0) * f;
                    badge(c, lx, ly, small, ANCHOR_MC, t->fg, with_alpha(t->bg, 220),
                          scene_number(nb, sizeof nb, sh));
                }
            }
    }
    /* forward / other stages: a pulse travelling along the active edges */
    if (e < 1.0 && st != STAGE_DELTA2) {
        const struct column *a = NULL, *b = NULL;
        int backward = 0;
        if (st == STAGE_Z1) { a = &cx; b = &ch; }
        else if (st == STAGE_Z2) { a = &ch; b = &co; }
        else if (st == STAGE_DW1) { a = &cx; b = &ch; backward = 1; }
        else if (st == STAGE_DW2) { a = &ch; b = &co; backward = 1; }
        if (a)
            for (int i = 0; i < a->shown; i++)
                for (int j = 0; j < b->shown; j++) {
                    double f = backward ? 1 - e : e;
                    double px = a->x + (b->x - a->x) * f;
                    double py = a->y[i] + (b->y[j] - a->y[i]) * f;
                    disc(sc, px, py, base * 0.3, t->accent);
                }
        if (st == STAGE_DELTA3)
            for (int k = 0; k < co.shown; k++) {
                double px = cl.x + (co.x - cl.x) * e, py = cl.y[0] + (co.y[k] - cl.y[0]) * e;
                disc(sc, px, py, base * 0.4, t->accent);
            }
    }

    /* input nodes */
    double xmax = 1e-9;
    for (int i = 0; i < cx.shown; i++)
        if (fabs(at(&nt->x, row, i)) > xmax)
            xmax = fabs(at(&nt->x, row, i));
    for (int i = 0; i < cx.shown; i++) {
        node(c, &cx, i, at(&nt->x, row, i), 1, xmax, lit_x);
        text(sc, cx.x - cx.r - base * 0.4, cx.y[i], small, 0, ANCHOR_MR, t->dim, "%s",
             subscript(lb, sizeof lb, "x", i));
    }
    more_marker(c, &cx, bottom + base * 1.6);

    /* hidden nodes: a1 inside, z1 (or the gate) on the left, delta2 below */
    for (int j = 0; j < ch.shown; j++) {
        int ha = have(nt, STAGE_A1);
        if (ch.dense) {
            /* the value of the stage shown: delta2 once it exists, else a1 */
            int back = have(nt, STAGE_DELTA2) && st >= STAGE_DELTA2;
            double dmax = 1e-12;
            for (int q = 0; back && q < ch.shown; q++)
                if (fabs(at(&nt->delta2, row, q)) > dmax)
                    dmax = fabs(at(&nt->delta2, row, q));
            double val = back ? at(&nt->delta2, row, j) : at(&nt->a1, row, j);
            node(c, &ch, j, val, 0, 1.0, lit_h);
            /* node() draws no value when has_val is 0: colour the ring here,
             * and write the value beside the node */
            if (ha) {
                struct rgba rc = colormap_rgba(val, back ? dmax : 1.0);
                disc(sc, ch.x, ch.y[j], ch.r * 0.62, rc);
                int fs = clampi((int)((ch.y[1 < ch.shown ? 1 : 0] - ch.y[0]) * 0.42), 8, small);
                badge(c, ch.x - ch.r - small * 0.5, ch.y[j], fs, ANCHOR_MR,
                      back ? t->accent : t->fg, with_alpha(t->bg, 235),
                      scene_number(nb, sizeof nb, val));
            }
            continue;
        }
        node(c, &ch, j, at(&nt->a1, row, j), ha, 1.0, lit_h);
        double xl = ch.x - ch.r - small * 0.6, ybot = ch.y[j] + ch.r + small * 0.3;
        if (st == STAGE_DELTA2 && have(nt, STAGE_DELTA2) && e > 0.6) {
            /* the gate f'(z1) of this unit */
            double a = at(&nt->a1, row, j), z = at(&nt->z1, row, j), g = 1.0;
            act_table[nt->act].gate_by(&g, &z, &a, 1);
            snprintf(lb, sizeof lb, "\xe2\x8a\x99 %s", scene_number(nb, sizeof nb, g));
            badge(c, xl, ch.y[j], small, ANCHOR_MR, t->fg, with_alpha(t->panel, 235), lb);
        } else if (have(nt, STAGE_Z1)) {
            snprintf(lb, sizeof lb, "z %s", scene_number(nb, sizeof nb, at(&nt->z1, row, j)));
            badge(c, xl, ch.y[j], small, ANCHOR_MR, t->dim, with_alpha(t->bg, 235), lb);
        }
        if (have(nt, STAGE_DELTA2) && st >= STAGE_DELTA2 && (st != STAGE_DELTA2 || e > 0.6)) {
            snprintf(lb, sizeof lb, "\xce\xb4\xe2\x82\x82 %s",
                     scene_number(nb, sizeof nb, at(&nt->delta2, row, j)));
            badge(c, ch.x, ybot, small, ANCHOR_TC, st == STAGE_DELTA2 ? t->accent_fg : t->fg,
                  st == STAGE_DELTA2 ? t->accent : with_alpha(t->panel, 230), lb);
        }
    }
    more_marker(c, &ch, bottom + base * 1.6);

    /* output nodes: a2 inside, z2 on the left, delta3 below, y to the right */
    for (int k = 0; k < co.shown; k++) {
        node(c, &co, k, at(&nt->a2, row, k), have(nt, STAGE_A2), 1.0, lit_o);
        if (co.dense)
            continue;
        double xl = co.x - co.r - small * 0.6, ybot = co.y[k] + co.r + small * 0.3;
        if (have(nt, STAGE_Z2)) {
            snprintf(lb, sizeof lb, "z %s", scene_number(nb, sizeof nb, at(&nt->z2, row, k)));
            badge(c, xl, co.y[k], small, ANCHOR_MR, t->dim, with_alpha(t->bg, 235), lb);
        }
        if (have(nt, STAGE_DELTA3) && st >= STAGE_DELTA3 && (st != STAGE_DELTA3 || e > 0.5)) {
            snprintf(lb, sizeof lb, "\xce\xb4\xe2\x82\x83 %s",
                     scene_number(nb, sizeof nb, at(&nt->delta3, row, k)));
            badge(c, co.x, ybot, small, ANCHOR_TC, st == STAGE_DELTA3 ? t->accent_fg : t->fg,
                  st == STAGE_DELTA3 ? t->accent : with_alpha(t->panel, 230), lb);
        }
        text(sc, co.x + co.r + base * 0.5, co.y[k] - small * 0.1, small, 0, ANCHOR_BL, t->dim,
             "y = %g", at(&nt->y, row, k));
    }
    more_marker(c, &co, bottom + base * 1.6);

    /* loss node: this example's loss */
    {
        double L = 0;
        int hl = have(nt, STAGE_LOSS);
        if (hl)
            for (int k = 0; k < K; k++) {
                double y = at(&nt->y, row, k), a = at(&nt->a2, row, k);
                if (y != 0)
                    L -= y * log(a > 1e-300 ? a : 1e-300);
            }
        double x = cl.x, y = cl.y[0], r = cl.r;
        if (st == STAGE_LOSS)
            disc(sc, x, y, r + 5 * c->lw, t->accent);
        disc(sc, x, y, r, hl ? t->fg : t->grid);
        disc(sc, x, y, r - 3.5 * c->lw, t->panel);
        if (hl) {
            int fs = clampi((int)(r * 0.55), 8, c->base);
            text(sc, x, y, fs, 1, ANCHOR_MC, t->fg, "%s", scene_number(nb, sizeof nb, L));
            text(sc, x, y + r + small * 0.4, small, 0, ANCHOR_TC, t->dim, "mean %s",
                 scene_number(b2, sizeof b2, nt->loss_mean));
        }
    }

    /* caption: the stage's formula, and the numbers for one unit */
    double cy = c->h - m - cap_h + base * 0.4;
    const char *formula = scene_stage_formula(st, nt->act, nt->reg != 0.0);
    text(sc, m, cy, fit_size(formula, cfs, c->w - 2 * m), 1, ANCHOR_TL, st == STAGE_NONE ? t->dim : t->accent,
         "%s", formula);
    const char *sub = "";
    char subbuf[256];
    if (st == STAGE_DELTA2 && H > 0 && K > 0) {
        /* delta2[0] = (sum_k delta3_k W2[0][k]) * gate */
        double sum = 0;
        for (int k = 0; k < K; k++)
            sum += at(&nt->delta3, row, k) * at(&nt->W2, 0, k);
        snprintf(subbuf, sizeof subbuf,
                 "each edge carries delta3_k\xc2\xb7W2[j][k]; unit 0: their sum %s, "
                 "through the gate %s",
                 scene_number(nb, sizeof nb, sum), scene_number(b2, sizeof b2, at(&nt->delta2, row, 0)));
        sub = subbuf;
    } else if (st == STAGE_DELTA3) {
        sub = "the error leaves the outputs: prediction minus target";
    } else if (st == STAGE_DW2 || st == STAGE_DW1) {
        sub = "edges now show the gradient of each weight (colour: sign, width: size)";
    } else if (st == STAGE_NONE) {
        sub = "Space / \xe2\x86\x92 step,  \xe2\x86\x90 back,  Tab view,  h help";
    } else if (st <= STAGE_LOSS) {
        sub = "forward pass: values flow left to right";
    } else {
        sub = "backward pass: gradients flow right to left";
    }
    text(sc, m, cy + cfs * 1.6, fit_size(sub, base, c->w - 2 * m), 0, ANCHOR_TL, t->dim, "%s", sub);
}

/* ------------------------------------------------------------------ */
/* Data view: the points, the decision boundary, the loss curve        */

#define CLASS_COLORS 10     /* class k is drawn in colour k mod 10 */

struct rgba scene_class_color(int k)
{
    /* Okabe & Ito's eight colours (without black), then two of Paul Tol's */
    static const uint32_t hex[CLASS_COLORS] = { 0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2,
                                                0xd55e00, 0xcc79a7, 0x999999, 0x882255, 0x44aa99 };
    int n = CLASS_COLORS;
    uint32_t h = hex[((k % n) + n) % n];
    return (struct rgba){ (uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h, 255 };
}

static uint32_t argb_mix(struct rgba a, struct rgba b, double t)
{
    double r = a.r + (b.r - a.r) * t, g = a.g + (b.g - a.g) * t, bl = a.b + (b.b - a.b) * t;
    return 0xff000000u | (uint32_t)lround(r) << 16 | (uint32_t)lround(g) << 8 | (uint32_t)lround(bl);
}

/* does the net take the data's features and give one output per class? */
static int net_fits_data(const struct session *S)
{
    return S->has_net && S->has_data && S->net.n_in == S->data.X.cols &&
           S->net.n_out >= S->data.n_classes;
}

static int argmax_row(const double *p, int k)
{
    int best = 0;
    for (int j = 1; j < k; j++)
        if (p[j] > p[best])
            best = j;
    return best;
}

/* the image word of a prediction p (K probabilities): the class in the
 * low byte, how sure the net is (0..255: from 1/K to 1) in the next */
static uint32_t prediction_word(const double *p, int K)
{
    int k = argmax_row(p, K);
    double sure = K > 1 ? (p[k] - 1.0 / K) / (1.0 - 1.0 / K) : 1.0;
    return (uint32_t)lround(sure * 255) << 8 | (uint32_t)(k & 0xff);
}

/* the plot coordinates of the centre of pixel (px, py) of a res x res image
 * of the square x0 .. x0 + span, y0 .. y0 + span (top row: largest x2),
 * into grid row r */
static void pixel_point(const double plot[3], tensor *grid, int r, int px, int py, int res)
{
    T_AT(grid, r, 0) = plot[0] + plot[2] * (px + 0.5) / res;
    T_AT(grid, r, 1) = plot[1] + plot[2] * (1.0 - (py + 0.5) / res);
}

/* The coarse grid of the boundary image: nodes every BOUNDARY_STEP pixels
 * (and on the last pixel); cell (gx, gy) owns the pixels from node gx up to,
 * not including, node gx + 1 (the last cell includes its end). */
#define BOUNDARY_STEP 4
struct bgrid {
    int res, g;             /* image side; nodes per side */
};

static int node_px(const struct bgrid *b, int k)
{
    return k < b->g - 1 ? k * BOUNDARY_STEP : b->res - 1;
}

static int cell_end(const struct bgrid *b, int k)        /* one past the cell's last pixel */
{
    return k + 1 < b->g - 1 ? node_px(b, k + 1) : b->res;
}

/* The class and sureness words of the boundary image (scene.h). The net is
 * not run at every pixel: first at the nodes of a grid 4 pixels apart; a
 * grid cell whose four corners agree on the class, and whose neighbours'
 * corners do too, takes that class, its sureness interpolated between the
 * corners; every pixel of the other cells (along the boundary, one cell
 * either side) is run through the net. So the boundary is exact at the
 * pixel, and the net runs at about a tenth of the pixels. */
int scene_boundary_words(const struct net *nt, const double plot[3], int res, uint32_t *pix)
{
    int K = nt->n_out;
    tensor probs = TENSOR_INIT, grid = TENSOR_INIT;
    unsigned char *mark = NULL;
    size_t *at = NULL;          /* the pixel of each row of the batch */
    int rc = -1;
    struct bgrid b = { res, (res - 1 + BOUNDARY_STEP - 1) / BOUNDARY_STEP + 1 };
    int g = b.g, cells = g - 1;

    /* 1. the net at the nodes */
    if (tensor_init(&grid, g * g, 2) < 0)
        goto fail;
    for (int gy = 0; gy < g; gy++)
        for (int gx = 0; gx < g; gx++)
            pixel_point(plot, &grid, gy * g + gx, node_px(&b, gx), node_px(&b, gy), res);
    if (net_predict(nt, &grid, &probs) < 0)
        goto fail;
    for (int gy = 0; gy < g; gy++)
        for (int gx = 0; gx < g; gx++)
            pix[(size_t)node_px(&b, gy) * res + node_px(&b, gx)] =
                prediction_word(probs.data + (size_t)(gy * g + gx) * K, K);

    /* 2. the cells the boundary may cross: corners of two classes, and
     * their neighbours */
    mark = calloc((size_t)cells * (size_t)cells + 1, 1);
    if (!mark)
        goto fail;
    for (int gy = 0; gy < cells; gy++)
        for (int gx = 0; gx < cells; gx++) {
            uint32_t k00 = pix[(size_t)node_px(&b, gy) * res + node_px(&b, gx)] & 0xff;
            uint32_t k01 = pix[(size_t)node_px(&b, gy) * res + node_px(&b, gx + 1)] & 0xff;
            uint32_t k10 = pix[(size_t)node_px(&b, gy + 1) * res + node_px(&b, gx)] & 0xff;
            uint32_t k11 = pix[(size_t)node_px(&b, gy + 1) * res + node_px(&b, gx + 1)] & 0xff;
            if (k00 != k01 || k00 != k10 || k00 != k11)
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int y = gy + dy, x = gx + dx;
                        if (x >= 0 && y >= 0 && x < cells && y < cells)
                            mark[y * cells + x] = 1;
                    }
        }

    /* 3. every pixel of a marked cell through the net, in one batch */
    int count = 0;
    for (int gy = 0; gy < cells; gy++)
        for (int gx = 0; gx < cells; gx++)
            if (mark[gy * cells + gx])
                count += (cell_end(&b, gx) - node_px(&b, gx)) * (cell_end(&b, gy) - node_px(&b, gy));
    if (count > 0) {
        at = malloc((size_t)count * sizeof *at);
        if (!at || tensor_init(&grid, count, 2) < 0)
            goto fail;
        int r = 0;
        for (int gy = 0; gy < cells; gy++)
            for (int gx = 0; gx < cells; gx++)
                if (mark[gy * cells + gx])
                    for (int py = node_px(&b, gy); py < cell_end(&b, gy); py++)
                        for (int px = node_px(&b, gx); px < cell_end(&b, gx); px++) {
                            pixel_point(plot, &grid, r, px, py, res);
                            at[r++] = (size_t)py * res + px;
                        }
        if (net_predict(nt, &grid, &probs) < 0)
            goto fail;
        for (r = 0; r < count; r++)
            pix[at[r]] = prediction_word(probs.data + (size_t)r * K, K);
    }

    /* 4. the other cells: one class, the sureness between the corners */
    for (int gy = 0; gy < cells; gy++)
        for (int gx = 0; gx < cells; gx++) {
            if (mark[gy * cells + gx])
                continue;
            int x0 = node_px(&b, gx), x1 = node_px(&b, gx + 1), y0 = node_px(&b, gy), y1 = node_px(&b, gy + 1);
            uint32_t w00 = pix[(size_t)y0 * res + x0], w01 = pix[(size_t)y0 * res + x1];
            uint32_t w10 = pix[(size_t)y1 * res + x0], w11 = pix[(size_t)y1 * res + x1];
            double s00 = (w00 >> 8) & 0xff, s01 = (w01 >> 8) & 0xff, s10 = (w10 >> 8) & 0xff,
                   s11 = (w11 >> 8) & 0xff;
            for (int py = y0; py < cell_end(&b, gy); py++) {
                double fy = (double)(py - y0) / (y1 - y0);
                for (int px = x0; px < cell_end(&b, gx); px++) {
                    double fx = (double)(px - x0) / (x1 - x0);
                    double sure = (s00 * (1 - fx) + s01 * fx) * (1 - fy) + (s10 * (1 - fx) + s11 * fx) * fy;
                    pix[(size_t)py * res + px] = (uint32_t)lround(sure) << 8 | (w00 & 0xff);
                }
            }
        }

    rc = 0;
fail:
    free(mark);
    free(at);
    tensor_release(&grid);
    tensor_release(&probs);
    return rc;
}

/* The predictions of the data points (and the accuracy), and the image of
 * the decision boundary: res x res cells over the plot square, each tinted
 * with its predicted class, more strongly the surer the net is, and the
 * cells where the class changes drawn in the ink colour. Made again only
 * when the session changed (view gen), the size or the theme did. */
static void boundary_image(struct ctx *c, int res)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct view_state *v = c->v;
    if (sc->has_image && sc->img_key_view == VIEW_DATA && sc->img_key_gen == v->gen &&
        sc->img_w == res && sc->img_key_theme == (int)v->theme)
        return;
    sc->has_image = 0;
    sc->accuracy = -1;
    sc->pred_n = 0;
    if (!net_fits_data(S))
        return;
    const struct net *nt = &S->net;
    int N = S->data.X.rows, K = nt->n_out;
    tensor probs = TENSOR_INIT;

    /* every data point, for the accuracy and the rings of the wrong ones */
    if ((size_t)N > sc->pred_cap) {
        unsigned char *p = realloc(sc->pred, (size_t)N);
        if (!p)
            goto fail;
        sc->pred = p;
        sc->pred_cap = (size_t)N;
    }
    if (net_predict(nt, &S->data.X, &probs) < 0)
        goto fail;
    int right = 0;
    for (int i = 0; i < N; i++) {
        int k = argmax_row(probs.data + (size_t)i * K, K);
        sc->pred[i] = (unsigned char)(k < 255 ? k : 255);
        right += k == S->data.labels[i];
    }
    sc->pred_n = N;
    sc->accuracy = (double)right / N;

    if (image_room(sc, res) < 0)
        goto fail;
    uint32_t *pix = sc->pixels;
    const double plot[3] = { sc->plot.x0, sc->plot.y0, sc->plot.span };
    if (scene_boundary_words(nt, plot, res, pix) < 0)
        goto fail;

    /* a cell whose right or lower neighbour has another class is an edge */
    for (int py = 0; py < res; py++)
        for (int px = 0; px < res; px++) {
            uint32_t *q = pix + (size_t)py * res + px;
            int k = (int)(*q & 0xff);
            int edge = (px + 1 < res && (int)(q[1] & 0xff) != k) ||
                       (py + 1 < res && (int)(q[res] & 0xff) != k);
            *q = (*q & 0xffff) | (uint32_t)edge << 16;
        }
    /* the colours: the class's tinted by its sureness, from a table */
    uint32_t lut[CLASS_COLORS][256];
    for (int k = 0; k < CLASS_COLORS; k++)
        for (int u = 0; u < 256; u++)
            lut[k][u] = argb_mix(c->t->bg, scene_class_color(k), 0.10 + 0.32 * (u / 255.0));
    uint32_t ink = argb_mix(c->t->bg, c->t->fg, 0.75);
    size_t need = (size_t)res * (size_t)res;
    for (size_t i = 0; i < need; i++) {
        uint32_t q = pix[i];
        pix[i] = (q >> 16) & 1 ? ink : lut[(q & 0xff) % CLASS_COLORS][(q >> 8) & 0xff];
    }
    sc->img_w = sc->img_h = res;
    sc->has_image = 1;
    sc->img_gen++;
    sc->img_key_gen = v->gen;
    sc->img_key_theme = (int)v->theme;
    sc->img_key_view = VIEW_DATA;
    sc->img_smooth = 1;
    tensor_release(&probs);
    return;
fail:
    sc->has_image = 0;
    sc->overflow = 1;
    tensor_release(&probs);
}

/* the loss curve of the last training run in the box x, y, w, h */
static void loss_curve(struct ctx *c, double x, double y, double w, double h)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const tensor *cv = &c->S->curve;
    int fs = c->base;
    char b1[64], b2[64];
    text(sc, x, y, (int)(fs * 1.1), 1, ANCHOR_TL, t->fg, "Loss curve");
    double top = y + fs * 2.0, bottom = y + h - fs * 1.8;
    double left = x + est_width("0.000", fs) + fs * 0.6, right = x + w - fs * 0.5;
    if (bottom - top < fs * 2 || right - left < fs * 4)
        return;
    rect(sc, left, top, right - left, bottom - top, t->panel);
    if (cv->rows < 1) {
        text(sc, (left + right) / 2, (top + bottom) / 2, fit_size("no training yet: train 20000", fs, right - left - fs),
             0, ANCHOR_MC, t->dim, "no training yet: train 20000");
        return;
    }
    double lmax = 0, imax = T_AT(cv, cv->rows - 1, 0);
    for (int r = 0; r < cv->rows; r++)
        if (T_AT(cv, r, 1) > lmax)
            lmax = T_AT(cv, r, 1);
    if (!(lmax > 0))
        lmax = 1;
    if (!(imax > 0))
        imax = 1;
    /* the axes: 0 and the largest loss; the first and the last pass */
    line(sc, left, bottom, right, bottom, c->lw, t->dim, 0);
    line(sc, left, top, left, bottom, c->lw, t->dim, 0);
    text(sc, left - fs * 0.3, top, fs, 0, ANCHOR_TR, t->dim, "%s", scene_number(b1, sizeof b1, lmax));
    text(sc, left - fs * 0.3, bottom, fs, 0, ANCHOR_BR, t->dim, "0");
    text(sc, left, bottom + fs * 0.3, fs, 0, ANCHOR_TL, t->dim, "0");
    text(sc, right, bottom + fs * 0.3, fs, 0, ANCHOR_TR, t->dim, "pass %.0f", imax);
    double px = 0, py = 0;
    for (int r = 0; r < cv->rows; r++) {
        double qx = left + (right - left) * T_AT(cv, r, 0) / imax;
        double qy = bottom - (bottom - top) * T_AT(cv, r, 1) / lmax;
        if (r > 0)
            line(sc, px, py, qx, qy, 2 * c->lw, t->accent, 0);
        px = qx;
        py = qy;
    }
    disc(sc, px, py, 3 * c->lw, t->accent);
    text(sc, right, top + fs * 0.3, fs, 1, ANCHOR_TR, t->accent, "%s",
         scene_number(b2, sizeof b2, T_AT(cv, cv->rows - 1, 1)));
}

static void data_view(struct ctx *c)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    int base = c->base;
    if (!S || !S->has_data) {
        empty_message(c, "Data and decision boundary", "no data yet: type   data moons 200 noise=0.2");
        return;
    }
    const struct dataset *d = &S->data;
    int N = d->X.rows, D = d->X.cols;
    double m = base;
    int tfs = (int)(base * 1.35);
    text(sc, m, m, tfs, 1, ANCHOR_TL, t->fg, "Data and decision boundary");
    text(sc, c->w - m, m + tfs * 0.15, base, 0, ANCHOR_TR, t->dim, "%s: %d points, %d features, %d classes",
         d->name[0] ? d->name : "data", N, D, d->n_classes);
    double top = m + tfs * 1.9;
    int cfs = (int)(base * 1.15);
    double bottom = c->h - m - cfs * 1.5 - base * 1.6;

    /* the plot square: the first two features, equal scales */
    double side = bottom - top - base * 1.6;
    if (side > c->w * 0.56)
        side = c->w * 0.56;
    if (side < 40)
        side = 40;
    double px0 = m + base * 1.5, py0 = top;
    double lo[2] = { 0, 0 }, hi[2] = { 1, 1 };
    for (int f = 0; f < 2 && f < D; f++) {
        lo[f] = HUGE_VAL;
        hi[f] = -HUGE_VAL;
        for (int i = 0; i < N; i++) {
            double x = T_AT(&d->X, i, f);
            if (x < lo[f]) lo[f] = x;
            if (x > hi[f]) hi[f] = x;
        }
    }
    double span = fmax(hi[0] - lo[0], D > 1 ? hi[1] - lo[1] : 0);
    if (!(span > 0))
        span = 1;
    span *= 1.15;
    sc->plot.x = (float)px0; sc->plot.y = (float)py0; sc->plot.side = (float)side;
    sc->plot.span = span;
    sc->plot.x0 = (lo[0] + hi[0]) / 2 - span / 2;
    sc->plot.y0 = (D > 1 ? (lo[1] + hi[1]) / 2 : 0.5) - span / 2;

    if (D == 2) {
        /* about one cell per 2 pixels (drawn smoothed), fewer for a wide
         * hidden layer: the net runs at about a tenth of the cells, all of
         * them where the classes are mixed everywhere (8e6 hidden units) */
        int res = (int)(side / (c->v->busy ? 4 : 2));   /* coarser while training */
        int hid = S->has_net ? S->net.n_hidden : 1;
        while (res > 24 && (double)res * res * hid > 8e6)
            res = res * 3 / 4;
        boundary_image(c, res < 8 ? 8 : res);
    } else {
        sc->has_image = 0;
        sc->accuracy = -1;
    }
    if (sc->has_image) {
        struct item *it = push(sc, ITEM_IMAGE, t->fg);
        if (it) {
            it->x = (float)px0; it->y = (float)py0; it->w = (float)side; it->h = (float)side;
        }
    } else {
        rect(sc, px0, py0, side, side, t->panel);   /* (the image covers it) */
    }
    frame(sc, px0, py0, side, side, c->lw, t->grid);
    text(sc, px0 + side / 2, py0 + side + base * 0.3, base, 0, ANCHOR_TC, t->dim, "x\xe2\x82\x81");
    text(sc, px0 - base * 0.4, py0 + side / 2, base, 0, ANCHOR_MR, t->dim, "x\xe2\x82\x82");

    /* the points, at most about 4000 of them; the misclassified ringed */
    double r = side / 110;
    if (r < 2.5) r = 2.5;
    if (r > 9) r = 9;
    int stride = N > 4000 ? (N + 3999) / 4000 : 1;
    int have_pred = sc->pred_n == N;
    for (int i = 0; i < N; i += stride) {
        double x = T_AT(&d->X, i, 0), y = D > 1 ? T_AT(&d->X, i, 1) : 0.5;
        double qx = px0 + side * (x - sc->plot.x0) / span, qy = py0 + side * (1 - (y - sc->plot.y0) / span);
        /* a point with a dark rim (one disc: thousands of points draw
         * fast), ringed in the ink colour when the net gets it wrong */
        if (have_pred && sc->pred[i] != d->labels[i])
            disc(sc, qx, qy, r + 2.5 * c->lw, t->fg);
        struct item *it = disc(sc, qx, qy, r + 1.2 * c->lw, scene_class_color(d->labels[i]));
        if (it)
            it->rim = 1;
    }

    /* the right column: the legend, the numbers, the loss curve */
    double rx = px0 + side + base * 2.5, rw = c->w - m - rx;
    double y = top;
    for (int k = 0; k < d->n_classes && k < 10; k++) {
        disc(sc, rx + base * 0.5, y + base * 0.6, base * 0.45, scene_class_color(k));
        text(sc, rx + base * 1.4, y + base * 0.6, base, 0, ANCHOR_ML, t->fg, "class %d", k);
        y += base * 1.5;
        if (k == 9 && d->n_classes > 10)
            text(sc, rx, y, base, 0, ANCHOR_TL, t->dim, "(%d more)", d->n_classes - 10);
    }
    y += base * 0.5;
    if (!S->has_net)
        text(sc, rx, y, fit_size("no network: net 2 3 2", base, rw), 0, ANCHOR_TL, t->dim, "no network: net %d 3 %d",
             D, d->n_classes < 2 ? 2 : d->n_classes);
    else if (!net_fits_data(S))
        text(sc, rx, y, fit_size("the network does not fit this data", base, rw), 0, ANCHOR_TL, t->accent,
             "the network does not fit this data");
    else if (sc->accuracy >= 0)
        text(sc, rx, y, base, 1, ANCHOR_TL, t->fg, "accuracy %.1f %%", 100 * sc->accuracy);
    else if (D != 2)
        text(sc, rx, y, fit_size("boundary: only for 2 features", base, rw), 0, ANCHOR_TL, t->dim,
             "boundary: only for 2 features");
    y += base * 1.8;
    if (c->v->busy && c->v->busy_total > 0)
        text(sc, rx, y, base, 1, ANCHOR_TL, t->accent, "training: pass %ld of %ld",
             c->v->busy_done, c->v->busy_total);
    y += base * 1.8;
    if (rw > base * 8)
        loss_curve(c, rx, y, rw, bottom - y);

    double cy = bottom + base * 0.8;
    const char *cap = "the boundary: where the class of largest a2 = softmax(z2) changes";
    text(sc, m, cy, fit_size(cap, cfs, c->w - 2 * m), 1, ANCHOR_TL, t->fg, "%s", cap);
    const char *sub = "rings: points the network gets wrong   tint: how sure it is";
    text(sc, m, cy + cfs * 1.6, fit_size(sub, base, c->w - 2 * m), 0, ANCHOR_TL, t->dim, "%s", sub);
}

/* ------------------------------------------------------------------ */
/* the lesson's band: its title and the narration, for the class       */

/* the height the band needs for the caption at output width w */
static double band_layout(struct ctx *c, const char *caption, int *fs_out, int *lines_out, const char **starts,
                          int *lens, int max_lines)
{
    const struct view_state *v = c->v;
    int fs = (int)(c->base * (v->present ? 1.45 : 1.1));
    double maxw = c->w - 2.0 * c->base;
    int lines = 0;
    const char *p = caption;
    while (*p && lines < max_lines) {
        while (*p == ' ')
            p++;
        const char *line = p, *brk = NULL;
        char buf[1024];
        size_t n = 0;
        /* add words while the line fits */
        while (*p) {
            const char *e = p;
            while (*e && *e != ' ')
                e++;
            size_t wl = (size_t)(e - line);
            if (wl >= sizeof buf)
                break;
            memcpy(buf, line, wl);
            buf[wl] = '\0';
            if (brk && text_width(c->sc, buf, fs, 0) > maxw)
                break;
            brk = e;
            n = wl;
            p = e;
            while (*p == ' ')
                p++;
            if (!*e)
                break;
        }
        if (!brk) {             /* one word longer than the line: cut it */
            n = strlen(line) < 60 ? strlen(line) : 60;
            p = line + n;
        }
        starts[lines] = line;
        lens[lines] = (int)n;
        lines++;
    }
    *fs_out = fs;
    *lines_out = lines;
    return lines ? fs * 1.35 * (lines + 1) + c->base * 1.2 : 0;
}

static void lesson_band(struct ctx *c, const char *title, double y, double hgt, int fs, int lines,
                        const char **starts, const int *lens)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    double m = c->base;
    rect(sc, 0, y, c->w, hgt, t->panel);
    line(sc, 0, y, c->w, y, 2 * c->lw, t->accent, 0);
    int tfs = (int)(fs * 0.8);
    text(sc, m, y + m * 0.5, tfs, 1, ANCHOR_TL, t->accent, "%s", title);
    for (int k = 0; k < lines; k++)
        text(sc, m, y + m * 0.5 + fs * 1.35 * (k + 1), fs, 0, ANCHOR_TL, t->fg, "%.*s", lens[k], starts[k]);
}

/* ------------------------------------------------------------------ */

void scene_build(struct scene *sc, const struct session *S, const struct view_state *v,
                 int w, int h)
{
    struct ctx c;
    int th = (unsigned)v->theme < THEME_COUNT ? (int)v->theme : 0;
    c.sc = sc;
    c.S = S;
    c.v = v;
    c.t = &themes[th];
    c.w = w > 1 ? w : 1;
    c.h = h > 1 ? h : 1;
    double zoom = v->zoom > 0.2 ? v->zoom : 1.0;
    /* body text: about 1/36 of the smaller side, so the layout scales */
    double short_side = c.w < c.h * 1.6 ? c.w / 1.6 : c.h;
    c.base = clampi((int)lround(short_side / 34.0 * zoom * c.t->text_scale), 9, 160);
    c.lw = (c.base / 22.0 > 1.0 ? c.base / 22.0 : 1.0) * c.t->line_scale;

    sc->w = c.w;
    sc->h = c.h;
    sc->clear = c.t->bg;
    sc->n_items = 0;
    sc->arena_len = 0;
    sc->overflow = 0;
    sc->hover_i = sc->hover_j = -1;
    sc->heat.n = 0;
    sc->cbar.w = sc->cbar.h = 0;
    int uses_image = 0;

    /* a lesson's narration takes a band at the bottom; the view the rest */
    struct lesson_caption cap;
    const char *starts[8];
    int lens[8], bfs = 0, blines = 0;
    double band = 0;
    if (lesson_caption(S, &cap)) {
        band = band_layout(&c, cap.text, &bfs, &blines, starts, lens, v->present ? 5 : 3);
        if (band > c.h * 0.45)
            band = c.h * 0.45;
        c.h -= (int)band;
    }
    if (v->view == VIEW_FLOW) {
        flow_view(&c);
    } else if (v->view == VIEW_DATA) {
        data_view(&c);
        uses_image = sc->has_image;
    } else {
        jacobian_view(&c);
        for (int k = 0; k < sc->n_items; k++)
            if (sc->items[k].kind == ITEM_IMAGE)
                uses_image = 1;
    }
    if (band > 0) {
        c.h += (int)band;
        lesson_band(&c, cap.title, c.h - band, band, bfs, blines, starts, lens);
    }
    /* the pixels stay allocated for next time, but are no longer current */
    if (!uses_image)
        sc->has_image = 0;
    if (v->help)
        help_overlay(&c);

    /* the arena may have moved while it grew: point the texts into it now */
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT)
            sc->items[k].text = sc->arena + sc->items[k].text_off;
}
