/* view_jacobian: the heatmap of the softmax Jacobian J = diag(s) - s s^T,
 * its colour bar, z and s as bars (or the mistaken "Jacobian" beside it),
 * and the cell under the mouse explained. Pure: no SDL. See scene.h. */
#include "draw.h"
#include "pool.h"
#include "scene.h"
#include "session.h"
#include "softmax.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* hi = max(hi, row), lo = min(lo, row), entry by entry. This loop is the
 * cost of a frame after J changed at large n (it reads all of J), so it is
 * built vectorised: -O2 alone leaves it scalar, at half the memory speed */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("O3", "tree-vectorize", "fp-contract=off")
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
/* the largest finite magnitude of the entries lo .. hi - 1, per part (a
 * largest is the same whichever way the entries are cut) */
struct abs_max { const double *v; double part[POOL_MAX_THREADS]; };

static void abs_max_part(void *arg, int part, size_t lo, size_t hi)
{
    struct abs_max *m = arg;
    double jmax = 0.0;
    for (size_t k = lo; k < hi; k++) {
        double a = fabs(m->v[k]);
        jmax = a > jmax && a <= DBL_MAX ? a : jmax;     /* NaN and inf are left out */
    }
    m->part[part] = jmax;
}

static double heat_values(struct scene *sc, const tensor *J, int n, int res, const double **vals)
{
    double jmax = 0.0;
    if (res == n) {
        *vals = J->data;
        struct abs_max m = { J->data, { 0 } };
        int parts = pool_for(abs_max_part, &m, (size_t)n * (size_t)n, 1 << 16);
        for (int p = 0; p < parts; p++)
            jmax = m.part[p] > jmax ? m.part[p] : jmax;
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

/* colour res x res block values into the scene image, in parts side by
 * side (each pixel its own) */
struct heat_job { uint32_t lut[256]; const double *vals; uint32_t *pixels; double inv; };

static void heat_colors_part(void *arg, int part, size_t lo, size_t hi)
{
    (void)part;
    const struct heat_job *j = arg;
    for (size_t k = lo; k < hi; k++)
        j->pixels[k] = lut_color(j->lut, j->vals[k], j->inv);
}

static void heat_colors(struct scene *sc, const double *vals, int res, double scale)
{
    struct heat_job j;
    heat_lut(j.lut);
    j.vals = vals;
    j.pixels = sc->pixels;
    j.inv = 1.0 / scale;
    pool_for(heat_colors_part, &j, (size_t)res * (size_t)res, 1 << 16);
}

/* one bar of a chart: val from the zero axis ax in the row at ry, rh */
static void bar(struct ctx *c, double bx, double bw, double lo, double span, double ax, double val,
                double ry, double rh, struct rgba col)
{
    double gap = rh >= 6 ? rh * 0.18 : 0;
    double vx = bx + bw * (val - lo) / span;
    vx = vx < bx ? bx : vx > bx + bw ? bx + bw : vx;
    double left = vx < ax ? vx : ax, wid = fabs(vx - ax);
    draw_rect(c->sc, left, ry + gap, wid < 1 ? 1 : wid, rh - 2 * gap > 1 ? rh - 2 * gap : 1, col);
}

/* a horizontal bar chart of a row vector vals (n) in the box x, w and the
 * rows of the map (cell high from y, h in all), its labels and values
 * thinned to every k-th row where they do not fit; rows hi_a and hi_b lit */
static void bar_chart(struct ctx *c, const double *vals, int n, double x, double y, double w,
                      double h, double lo, double hi, const char *name, struct rgba col,
                      int hi_a, int hi_b, double cell, int editable)
{
    struct scene *sc = c->sc;
    char nb[64], lb[32];
    int fs = draw_size(c, c->base * 0.85);
    int every = 1;
    while (every * cell < fs * TEXT_LINE_EM * 1.05 && every < (1 << 24))
        every *= 2;
    double gut = matrix_label_width(c, name, n, fs) + fs * 0.5;
    double valw = draw_text_width(sc, "\xe2\x88\x92" "0.000", fs, 1) + fs * 0.3;
    double bx = x + gut, bw = w - gut - valw;
    int values = bw >= c->base * 2;
    if (!values)
        bw = w - gut;
    if (bw < c->base)
        return;
    double span = hi - lo;
    if (!(span > 0))
        span = 1;
    double ax = bx + bw * (0 - lo) / span;            /* the zero axis */
    draw_rect(sc, bx, y, bw, h, c->t->panel);
    /* each row's entry, for the mouse: a drag along the bar changes it */
    for (int i = 0; editable && i < n; i++) {
        struct grip *tg = draw_grip(sc, GRIP_BAR, vals[i], isfinite(vals[i]) ? span / bw : 0, "%s[%d]",
                                        name, i);
        if (tg) {
            tg->x = (float)bx;
            tg->x2 = (float)(bx + bw);
            tg->y = (float)(y + h * i / n);
            tg->y2 = (float)(y + h * (i + 1) / n);
        }
    }
    int rows = cell < 1.0 ? (int)h : n;     /* one pixel row per block of entries */
    for (int r = 0; r < rows; r++) {
        int i0 = (int)((long long)r * n / rows), i1 = (int)((long long)(r + 1) * n / rows);
        double val = vals[i0];
        for (int i = i0 + 1; i < i1; i++)
            if (fabs(vals[i]) > fabs(val))
                val = vals[i];
        double ry = y + (rows == n ? r * cell : (double)r * h / rows);
        double rh = rows == n ? cell : h / rows;
        int hl = rows == n && (r == hi_a || r == hi_b);
        bar(c, bx, bw, lo, span, ax, val, ry, rh, hl ? c->t->accent : col);
        if (rows != n || (r % every && !hl))
            continue;
        draw_label(sc, x + gut - fs * 0.3, ry + rh / 2, fs, hl, ANCHOR_MR, hl ? c->t->accent : c->t->dim,
                   "%s", draw_subscript(lb, sizeof lb, name, r));
        if (values)
            draw_label(sc, bx + bw + fs * 0.3, ry + rh / 2, fs, hl, ANCHOR_ML,
                       hl ? c->t->accent : c->t->fg, "%s", scene_number(nb, sizeof nb, val));
    }
    draw_line(sc, ax, y, ax, y + h, c->lw, c->t->dim, 0);
}

/* the layout of one frame of the view, and what it was drawn with */
struct jac {
    int n, base, lfs, cfs, sfs, tfs;
    double m, bottom;       /* margin; top of the caption */
    double hx, hy, side, cell;      /* the heatmap square */
    int image, res;         /* drawn as one image of res x res pixels */
    const double *vals;     /* the image's block values */
    double jmax, scale;
    int hi, hj;             /* the cell under the mouse, -1 when none */
    double cbx, cbw, right; /* the colour bar; where its tick labels end */
};

/* the heatmap square with row labels left and column labels above, below
 * the title and above a caption of two lines */
static void jac_layout(struct ctx *c, struct jac *L)
{
    int base = c->base;
    L->n = c->S->J.rows;
    L->base = base;
    L->m = base * 0.8;
    L->tfs = draw_size(c, base * 1.3);
    double top = L->m + L->tfs * TEXT_LINE_EM + base * 0.5;
    L->cfs = draw_size(c, base * 1.1);
    L->sfs = draw_size(c, base * 0.9);
    double cap_h = (L->cfs + L->sfs) * TEXT_LINE_EM + base * 0.8;
    L->bottom = c->h - L->m - cap_h;
    L->lfs = draw_size(c, base * 0.85);
    double gut = matrix_label_width(c, "s", L->n, L->lfs) + L->lfs * 0.7;
    double colh = L->lfs * TEXT_LINE_EM + L->lfs * 0.3;
    const tensor *W = &c->S->mistake_J;
    if (W->rows == L->n && W->cols == L->n)     /* the mistake's title above its labels */
        colh += draw_size(c, base) * TEXT_LINE_EM + base * 0.3;
    double side = L->bottom - top - colh - base * 0.1;
    if (side > c->w * 0.44)
        side = c->w * 0.44;
    if (side < 40)
        side = 40;
    L->side = side;
    L->hx = L->m + gut;
    L->hy = top + colh;
    L->cell = side / L->n;
    struct scene *sc = c->sc;
    sc->heat.x = (float)L->hx; sc->heat.y = (float)L->hy; sc->heat.side = (float)side;
    sc->heat.n = L->n;
}

/* max |J| and, for a large n, the image's block values: one pass over
 * the n^2 entries, once per change of the session, not per frame */
static void jac_scale(struct ctx *c, struct jac *L)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    int n = L->n;
    L->image = L->cell < 6.0;
    L->res = n <= (int)L->side ? n : (int)L->side;
    if (L->res < 1)
        L->res = 1;
    int res = L->res;
    L->vals = NULL;
    if (L->image) {
        if (!sc->jmax_valid || sc->jmax_gen != c->v->gen || sc->heat_key_n != n || sc->heat_key_res != res) {
            sc->jmax = heat_values(sc, &S->J, n, res, &L->vals);
            sc->jmax_valid = sc->jmax >= 0;
            sc->jmax_gen = c->v->gen;
            sc->heat_key_n = n;
            sc->heat_key_res = res;
        } else {
            L->vals = res == n ? S->J.data : sc->work;
        }
        if (!sc->jmax_valid) {
            L->image = 0;
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
    L->jmax = sc->jmax;
    L->scale = c->v->autoscale ? (L->jmax > 0.0 ? L->jmax : 0.25) : 0.25;
    sc->jscale = L->scale;
}

/* the fixed scale would show every cell near white: say so (the
 * caption says how to see them) */
static int jac_too_faint(const struct ctx *c, const struct jac *L)
{
    return !c->v->autoscale && L->jmax < L->scale * 0.1;
}

/* the title, the scale, and which cell the mouse is over */
static void jac_title(struct ctx *c, struct jac *L)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    double m = L->m;
    char b1[64], info[160];
    static const char *const title = "Softmax Jacobian   J = diag(s) \xe2\x88\x92 s s\xe1\xb5\x80";
    snprintf(info, sizeof info, "n = %d   scale \xc2\xb1%s%s", L->n, scene_number(b1, sizeof b1, L->scale),
             c->v->autoscale ? " (auto)" : "");
    int ifs = L->sfs;
    double iw = draw_text_width(sc, info, ifs, 0), room = c->w - 2 * m;
    /* both on the row when they fit; else the title alone */
    if (draw_text_width(sc, title, L->tfs, 1) + iw + c->base <= room) {
        draw_text(sc, c->w - m, m + L->tfs * TEXT_LINE_EM / 2, ifs, 0, ANCHOR_MR,
                  jac_too_faint(c, L) ? t->accent : t->dim, "%s", info);
        room -= iw + c->base;
    }
    draw_text_fit(c, m, m, L->tfs, 1, ANCHOR_TL, t->fg, room, title);

    L->hi = L->hj = -1;
    if (c->v->mouse_x >= L->hx && c->v->mouse_x < L->hx + L->side &&
        c->v->mouse_y >= L->hy && c->v->mouse_y < L->hy + L->side) {
        L->hj = clampi((int)((c->v->mouse_x - L->hx) / L->cell), 0, L->n - 1);
        L->hi = clampi((int)((c->v->mouse_y - L->hy) / L->cell), 0, L->n - 1);
    }
    sc->hover_i = L->hi; sc->hover_j = L->hj;
}

/* the heatmap as one image of res x res pixels, its colours made again
 * only when the values or the scale changed */
static void jac_image(struct ctx *c, const struct jac *L)
{
    struct scene *sc = c->sc;
    int n = L->n, res = L->res;
    if (!(sc->has_image && sc->img_key_view == VIEW_JACOBIAN && sc->img_key_gen == c->v->gen &&
          sc->img_key_n == n && sc->img_w == res && sc->img_key_auto == c->v->autoscale)) {
        if (draw_image_room(sc, res) < 0) {
            sc->overflow = 1;
            sc->has_image = 0;
        } else {
            heat_colors(sc, L->vals, res, L->scale);
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
    if (sc->has_image)
        draw_image(sc, L->hx, L->hy, L->side, L->side, c->t->fg);
    /* a hairline around the map: its neutral centre is close to a light background */
    draw_frame(sc, L->hx - 1, L->hy - 1, L->side + 2, L->side + 2, 1.0, c->t->dim);
}

/* J as a matrix to draw (matrix.h) */
static struct matrix jac_matrix(const struct ctx *c, const struct jac *L)
{
    return (struct matrix){ .v = c->S->J.data, .rows = L->n, .cols = L->n, .stride = L->n,
                            .scale = L->scale, .row_name = "s", .col_name = "z", .mark_diag = 1 };
}

/* the cells (rectangles, or the image), their values when they fit, the
 * labels thinned to fit, the hovered cell's lit and framed */
static void jac_cells(struct ctx *c, const struct jac *L)
{
    struct matrix M = jac_matrix(c, L);
    struct matrix_geom G = { L->hx, L->hy, L->cell, L->cell, L->lfs, L->tfs };
    int prev = draw_panel(c->sc, 0, L->m + L->tfs * TEXT_LINE_EM, L->hx + L->side + c->base * 0.6,
                          L->bottom - L->m - L->tfs * TEXT_LINE_EM, "heatmap");
    if (L->image) {
        jac_image(c, L);
    } else {
        matrix_cells(c, &M, &G);
        int vfs = matrix_value_size(c, &M, L->cell, L->cell);
        if (vfs)
            matrix_values(c, &M, &G, vfs);
    }
    matrix_labels(c, &M, &G, L->hi, L->hj);
    if (L->hi >= 0) {
        double fw = 3.0 * c->lw, cw = L->cell < 8 ? 8 : L->cell;
        draw_frame(c->sc, L->hx + L->hj * L->cell - fw, L->hy + L->hi * L->cell - fw, cw + 2 * fw,
                   cw + 2 * fw, fw, c->t->accent);
    }
    draw_panel_end(c->sc, prev);
}

/* the colour bar with ticks, right of the heatmap */
static void jac_colorbar(struct ctx *c, struct jac *L)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    int base = L->base, lfs = L->lfs;
    double hy = L->hy, side = L->side, scale = L->scale;
    double cbx = L->hx + side + base * 1.2, cbw = base * 1.1;
    L->cbx = cbx;
    L->cbw = cbw;
    sc->cbar.x = (float)cbx; sc->cbar.y = (float)hy; sc->cbar.w = (float)cbw;
    sc->cbar.h = (float)side;
    int bands = clampi((int)(side / 3), 16, 256);
    for (int k = 0; k < bands; k++) {
        double y0 = floor(hy + side * k / bands), y1 = floor(hy + side * (k + 1) / bands);
        double val = scale * (1.0 - 2.0 * (k + 0.5) / bands);
        draw_rect(sc, floor(cbx), y0, floor(cbw), y1 - y0, colormap_rgba(val, scale));
    }
    draw_frame(sc, cbx, hy, cbw, side, 1.0, t->dim);
    draw_text(sc, cbx + cbw / 2, hy - lfs * 0.25, lfs, 1, ANCHOR_BC, t->fg, "J");
    /* five ticks, or three when five do not fit */
    int ticks = side >= lfs * TEXT_LINE_EM * 5 ? 4 : 2;
    L->right = cbx + cbw;
    for (int k = 0; k <= ticks; k++) {
        double val = scale * (1.0 - 2.0 * k / ticks);
        double y = hy + side * k / ticks;
        draw_line(sc, cbx + cbw, y, cbx + cbw + base * 0.4, y, c->lw, t->dim, 0);
        char tb[64];
        if (2 * k == ticks)
            snprintf(tb, sizeof tb, "0");
        else
            draw_signed_number(tb, sizeof tb, val);
        /* drop trailing zeros: +0.250 -> +0.25 */
        size_t tl = strlen(tb);
        while (tl > 2 && strchr(tb, '.') && tb[tl - 1] == '0')
            tb[--tl] = '\0';
        struct item *it = draw_label(sc, cbx + cbw + base * 0.6, y, lfs, 0, ANCHOR_ML, t->fg, "%s", tb);
        if (it && it->box[2] > L->right)
            L->right = it->box[2];
    }
}

/* after `mistake logits`: the mistaken "Jacobian" W beside the right one,
 * its cells as large as J's, in the same colours */
static int jac_mistake(struct ctx *c, const struct jac *L, const tensor *W, double px)
{
    struct matrix M = { .v = W->data, .rows = L->n, .cols = L->n, .stride = L->n, .scale = L->scale,
                        .title = "the mistake (same colours)", .title_color = c->t->accent,
                        .row_name = "s", .col_name = "z", .max_cell = L->cell };
    double head = draw_size(c, c->base) * TEXT_LINE_EM + c->base * 0.3 + L->lfs * TEXT_LINE_EM + L->lfs * 0.3;
    struct matrix_geom G;
    double y = L->hy - head;
    if (matrix_place(c, &M, px, y, c->w - L->m - px, L->side + head, &G) < 0 || G.cw < 6.0)
        return -1;
    return matrix_panel(c, &M, px, y, c->w - L->m - px, L->side + head, &G);
}

/* a chart's title above it: the long one where it fits, else the short */
static void chart_title(struct ctx *c, double x, double y, double w, const char *long_t, const char *short_t)
{
    int fs = draw_size(c, c->base * 0.85);
    const char *s = draw_text_width(c->sc, long_t, fs, 1) <= w ? long_t : short_t;
    draw_label(c->sc, x + w / 2, y, fs, 1, ANCHOR_BC, c->t->fg, "%s", s);
}

/* bar charts of z and s, one row per class, aligned with the heatmap rows,
 * each pw wide from px */
static void jac_bars(struct ctx *c, const struct jac *L, double px, double pw)
{
    const double *s = c->S->s.data, *z = c->S->z.data;
    int n = L->n, base = L->base;
    double hy = L->hy, side = L->side;
    double zlo = 0, zhi = 0;
    for (int i = 0; i < n; i++) {
        if (isfinite(z[i]) && z[i] < zlo) zlo = z[i];
        if (isfinite(z[i]) && z[i] > zhi) zhi = z[i];
    }
    if (zhi - zlo <= 0)
        zhi = 1;
    int prev = draw_panel(c->sc, px, L->m + L->tfs * TEXT_LINE_EM, c->w - L->m - px,
                          L->bottom - L->m - L->tfs * TEXT_LINE_EM, "bars");
    double cw = pw - base * 0.5;
    chart_title(c, px, hy - L->lfs * 0.25, cw, "z (logits)", "z");
    bar_chart(c, z, n, px, hy, cw, side, zlo, zhi, "z", c->t->bar_z, L->hj, -1, L->cell, 1);
    double sx = px + pw + base * 0.5;
    chart_title(c, sx, hy - L->lfs * 0.25, cw, "s = softmax(z)", "s");
    double shi = 1.0;
    if (c->v->autoscale) {
        shi = 0;
        for (int i = 0; i < n; i++)
            shi = s[i] > shi ? s[i] : shi;
        if (!(shi > 0))
            shi = 1.0;
    }
    bar_chart(c, s, n, sx, hy, cw, side, 0.0, shi, "s", c->t->bar_s, L->hi, L->hj, L->cell, 0);
    draw_panel_end(c->sc, prev);
}

/* the caption: the cell under the mouse, or the general formula (and the
 * hint to autoscale when every cell would look white) */
static void jac_caption(struct ctx *c, const struct jac *L)
{
    const struct theme_colors *t = c->t;
    const double *s = c->S->s.data, *z = c->S->z.data;
    int hi = L->hi, hj = L->hj;
    double m = L->m, cy = L->bottom + c->base * 0.5, w = c->w - 2 * m;
    double cy2 = cy + L->cfs * TEXT_LINE_EM + c->base * 0.3;
    char b1[64], b2[64], b3[64], b4[64], line[400];
    int prev = draw_panel(c->sc, 0, L->bottom, c->w, c->h - L->bottom, "caption");
    if (hi >= 0) {
        double sv = s[hi], sj = s[hj], val = T_AT(&c->S->J, hi, hj);
        snprintf(line, sizeof line, "J[%d][%d] = s%d\xc2\xb7(%d \xe2\x88\x92 s%d) = %s\xc2\xb7(%d \xe2\x88\x92 %s) = %s",
                 hi, hj, hi, hi == hj, hj, scene_number(b1, sizeof b1, sv), hi == hj,
                 scene_number(b2, sizeof b2, sj), scene_number(b3, sizeof b3, val));
        draw_text_fit(c, m, cy, L->cfs, 1, ANCHOR_TL, t->accent, w, line);
        snprintf(line, sizeof line, "row %d: how s%d moves when z%d grows   (z%d = %s)", hi, hi, hj, hj,
                 scene_number(b4, sizeof b4, z[hj]));
        draw_text_fit(c, m, cy2, L->sfs, 0, ANCHOR_TL, t->dim, w, line);
    } else {
        draw_text_fit(c, m, cy, L->cfs, 1, ANCHOR_TL, t->fg, w,
                      "J[i][j] = \xe2\x88\x82s\xe1\xb5\xa2/\xe2\x88\x82z\xe2\xb1\xbc = "
                      "s\xe1\xb5\xa2\xc2\xb7(\xce\xb4\xe1\xb5\xa2\xe2\xb1\xbc \xe2\x88\x92 s\xe2\xb1\xbc)");
        if (jac_too_faint(c, L)) {
            snprintf(line, sizeof line, "max |J| = %s is under a tenth of the scale: "
                     "type  autoscale on  (key a) to see the cells",
                     L->jmax > 0 && L->jmax < 0.0005 ? draw_sci(b1, sizeof b1, L->jmax)
                                                     : scene_number(b1, sizeof b1, L->jmax));
            draw_text_fit(c, m, cy2, L->sfs, 1, ANCHOR_TL, t->accent, w, line);
        } else {
            draw_text_fit(c, m, cy2, L->sfs, 0, ANCHOR_TL, t->dim, w,
                          "diagonal s\xe1\xb5\xa2(1 \xe2\x88\x92 s\xe1\xb5\xa2) \xe2\x89\xa5 0   "
                          "off-diagonal \xe2\x88\x92s\xe1\xb5\xa2s\xe2\xb1\xbc \xe2\x89\xa4 0   rows and columns sum to 0");
        }
    }
    draw_panel_end(c->sc, prev);
}

void view_jacobian(struct ctx *c)
{
    const struct session *S = c->S;
    if (!S || !S->has_logits || S->J.rows < 1) {
        draw_empty_message(c, "Softmax Jacobian", "no logits yet: type   logits 2 1 0.1");
        return;
    }
    struct jac L;
    jac_layout(c, &L);
    jac_scale(c, &L);
    jac_title(c, &L);
    jac_cells(c, &L);
    jac_colorbar(c, &L);

    /* beside them: the bars of z and s; or, after `mistake logits`, the
     * mistaken "Jacobian" beside the right one */
    int base = c->base;
    double px = L.right + base * 1.5;
    double pw = (c->w - L.m - px) / 2;
    const tensor *W = &S->mistake_J;
    int drawn = W->rows == L.n && W->cols == L.n && jac_mistake(c, &L, W, px) == 0;
    if (!drawn && pw > base * 4)
        jac_bars(c, &L, px, pw);
    jac_caption(c, &L);
}
