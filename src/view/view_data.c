/* view_data: the data set's points over the net's decision boundary, the
 * accuracy, and the loss curve of the last training run (live while train
 * runs). Pure: no SDL. See scene.h. */
#include "draw.h"
#include "scene.h"
#include "session.h"
#include "pool.h"
#include "upscale.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* the words' colours (boundary_image): rows lo .. hi - 1 */
struct paint {
    const uint32_t *wd;
    uint32_t *out;
    int res;
    const struct boundary_cache *bc;
    unsigned char kmod[256];    /* a class's colour: k mod CLASS_COLORS */
};

static void paint_rows(void *arg, int part, size_t lo, size_t hi)
{
    (void)part;
    const struct paint *pt = arg;
    int res = pt->res;
    uint32_t ink = pt->bc->ink;
    for (int py = (int)lo; py < (int)hi; py++) {
        const uint32_t *row = pt->wd + (size_t)py * res, *below = py + 1 < res ? row + res : row;
        uint32_t *out = pt->out + (size_t)py * res;
        for (int px = 0; px < res; px++) {
            uint32_t q = row[px], right = px + 1 < res ? row[px + 1] : q;
            uint32_t edge = ((q ^ right) | (q ^ below[px])) & 0xff;
            out[px] = edge ? ink : pt->bc->lut[pt->kmod[q & 0xff]][(q >> 8) & 0xff];
        }
    }
}

struct upscale {
    const uint32_t *src;
    int res;
    uint32_t *dst;
};

static void upscale_band(void *arg, int part, size_t lo, size_t hi)
{
    (void)part;
    const struct upscale *u = arg;
    upscale2_rows(u->src, u->res, u->res, u->dst, (int)lo, (int)hi);
}

static int grow_colours(struct scene *sc, size_t need)
{
    if (need <= sc->bnd.colours_cap)
        return 0;
    uint32_t *p = realloc(sc->bnd.colours, need * sizeof *p);
    if (!p)
        return -1;
    sc->bnd.colours = p;
    sc->bnd.colours_cap = need;
    return 0;
}

/* The predictions of the data points (and the accuracy), and the image of
 * the decision boundary: res x res cells over the plot square, each tinted
 * with its predicted class, more strongly the surer the net is, and the
 * cells where the class changes drawn in the ink colour. The predictions
 * are made again when the session changed (view gen); the cells' classes
 * only when the net, the plot or res did (scene_boundary_update: a point
 * dragged within the plot, or a command elsewhere, keeps them); their
 * colours when those or the theme changed, or the other view drew its
 * image in the meantime. */
static void boundary_image(struct ctx *c, int res)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct view_state *v = c->v;
    /* how many times the image is doubled to the plot's side (a multiple
     * of 4): at most twice, else the renderer scales it */
    int ups = 0;
    while (ups < 2 && res << ups < (int)sc->plot.side)
        ups++;
    if (res << ups != (int)sc->plot.side)
        ups = 0;
    int coloured = sc->has_image && sc->img_key_view == VIEW_DATA && sc->img_w == res << ups &&
                   sc->img_key_theme == (int)v->theme;
    if (coloured && sc->img_key_gen == v->gen)
        return;
    sc->accuracy = -1;
    sc->pred_n = 0;
    if (!net_fits_data(S)) {
        sc->has_image = 0;
        return;
    }
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
        int k = boundary_argmax(probs.data + (size_t)i * K, K);
        sc->pred[i] = (unsigned char)(k < 255 ? k : 255);
        right += k == S->data.labels[i];
    }
    sc->pred_n = N;
    sc->accuracy = (double)right / N;
    sc->img_key_gen = v->gen;

    const double plot[3] = { sc->plot.x0, sc->plot.y0, sc->plot.span };
    int made = scene_boundary_update(&sc->bnd, nt, plot, res);
    if (made < 0 || draw_image_room(sc, res) < 0)
        goto fail;
    if (!made && coloured && sc->img_key_words == sc->bnd.made) {
        tensor_release(&probs);
        return;
    }
    /* the colours: the class's tinted by its sureness, from a table (made
     * again for another theme); a cell whose right or lower neighbour has
     * another class is an edge, in the ink colour */
    struct boundary_cache *bc = &sc->bnd;
    const struct theme_colors *t = c->t;
    if (!bc->has_lut || memcmp(&bc->lut_bg, &t->bg, sizeof t->bg) || memcmp(&bc->lut_fg, &t->fg, sizeof t->fg)) {
        for (int k = 0; k < CLASS_COLORS; k++)
            for (int u = 0; u < 256; u++)
                bc->lut[k][u] = argb_mix(t->bg, scene_class_color(k), 0.10 + 0.32 * (u / 255.0));
        bc->ink = argb_mix(t->bg, t->fg, 0.75);
        bc->lut_bg = t->bg;
        bc->lut_fg = t->fg;
        bc->has_lut = 1;
    }
    struct paint pt = { bc->words, sc->pixels, res, bc, { 0 } };
    for (int k = 0; k < 256; k++)
        pt.kmod[k] = (unsigned char)(k % CLASS_COLORS);
    /* drawn at twice or four times res (the plot's side): doubled here,
     * smoothly, once or twice, so that the renderer only copies it */
    size_t n = (size_t)res * (size_t)res;
    if (ups) {
        if (grow_colours(sc, ups == 2 ? 5 * n : n) < 0 || draw_image_room(sc, res << ups) < 0)
            goto fail;
        pt.out = bc->colours;
    }
    pool_for(paint_rows, &pt, (size_t)res, 8);
    for (int k = 0; k < ups; k++, res *= 2) {
        struct upscale up = { k ? bc->colours + n : bc->colours, res, k + 1 < ups ? bc->colours + n : sc->pixels };
        pool_for(upscale_band, &up, (size_t)res, 8);
    }
    sc->img_w = sc->img_h = res;
    sc->has_image = 1;
    sc->img_gen++;
    sc->img_key_words = sc->bnd.made;
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

/* the loss curve of the last training run in the box x, y, w, h: its
 * title, the axes and their ends, the last loss */
static void loss_curve(struct ctx *c, double x, double y, double w, double h)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const tensor *cv = &c->S->curve;
    int fs = draw_size(c, c->base * 0.85);
    double lh = fs * TEXT_LINE_EM;
    char b1[64], b2[64];
    int prev = draw_panel(sc, x, y, w, h, "loss curve");
    draw_text(sc, x, y, draw_size(c, c->base), 1, ANCHOR_TL, t->fg, "Loss curve");
    double top = y + draw_size(c, c->base) * TEXT_LINE_EM + fs * 0.5, bottom = y + h - lh - fs * 0.3;
    double lmax = 0, imax = cv->rows ? T_AT(cv, cv->rows - 1, 0) : 1;
    for (int r = 0; r < cv->rows; r++)
        if (T_AT(cv, r, 1) > lmax)
            lmax = T_AT(cv, r, 1);
    if (!(lmax > 0))
        lmax = 1;
    if (!(imax > 0))
        imax = 1;
    scene_number(b1, sizeof b1, lmax);
    double left = x + draw_text_width(sc, b1, fs, 0) + fs * 0.6, right = x + w - fs * 0.3;
    if (bottom - top < lh * 2.5 || right - left < fs * 6) {
        draw_panel_end(sc, prev);
        return;
    }
    draw_rect(sc, left, top, right - left, bottom - top, t->panel);
    if (cv->rows > 0) {
        sc->curve.x = (float)left; sc->curve.y = (float)top;
        sc->curve.w = (float)(right - left); sc->curve.h = (float)(bottom - top);
        sc->curve.imax = imax;
        sc->curve.lmax = lmax;
    }
    if (cv->rows < 1) {
        draw_text_fit(c, (left + right) / 2, (top + bottom) / 2, fs, 0, ANCHOR_MC, t->dim,
                      right - left - fs, "no training yet: train 20000");
        draw_panel_end(sc, prev);
        return;
    }
    /* the axes: 0 and the largest loss; the first and the last pass */
    draw_line(sc, left, bottom, right, bottom, c->lw, t->dim, 0);
    draw_line(sc, left, top, left, bottom, c->lw, t->dim, 0);
    draw_label(sc, left - fs * 0.3, top, fs, 0, ANCHOR_TR, t->dim, "%s", b1);
    draw_label(sc, right, bottom + fs * 0.2, fs, 0, ANCHOR_TR, t->dim, "pass %.0f", imax);
    draw_label(sc, left, bottom + fs * 0.2, fs, 0, ANCHOR_TL, t->dim, "0");
    draw_label(sc, left - fs * 0.3, bottom, fs, 0, ANCHOR_BR, t->dim, "0");
    double px = 0, py = 0;
    for (int r = 0; r < cv->rows; r++) {
        double qx = left + (right - left) * T_AT(cv, r, 0) / imax;
        double qy = bottom - (bottom - top) * T_AT(cv, r, 1) / lmax;
        if (r > 0)
            draw_line(sc, px, py, qx, qy, 2 * c->lw, t->accent, 0);
        px = qx;
        py = qy;
    }
    draw_disc(sc, px, py, 3 * c->lw, t->accent);
    draw_label(sc, right - fs * 0.3, top + fs * 0.3, fs, 1, ANCHOR_TR, t->accent, "loss %s",
               scene_number(b2, sizeof b2, T_AT(cv, cv->rows - 1, 1)));
    long last = (long)T_AT(cv, cv->rows - 1, 0);
    if (c->S->has_cycle && c->S->cycle[last % 2] == T_AT(cv, cv->rows - 1, 1)) {
        /* the run ended jumping between two losses (cmd_train says why);
         * not once undo has put back another run's curve */
        char b3[64];
        /* with the decimals that tell them apart (0.070758 / 0.071316 are
         * both 0.071 at 3) */
        int dp = 3;
        do {
            snprintf(b2, sizeof b2, "%.*f", dp, c->S->cycle[0]);
            snprintf(b3, sizeof b3, "%.*f", dp, c->S->cycle[1]);
        } while (!strcmp(b2, b3) && ++dp <= 6);
        draw_label(sc, right - fs * 0.3, top + fs * 0.3 + lh, fs, 0, ANCHOR_TR, t->dim,
                   "alternating %s / %s: a 2-cycle", b2, b3);
    }
    draw_panel_end(sc, prev);
}

/* where the plot goes: its left, top and side in pixels */
struct square {
    double x, y, side;
};

/* the plot square: the first two features, equal scales, at x from top
 * to bottom (its axis label below it), at most maxw wide; sets sc->plot */
static struct square data_plot_square(struct ctx *c, double x, double top, double bottom, double maxw)
{
    struct scene *sc = c->sc;
    const struct dataset *d = &c->S->data;
    int N = d->X.rows, D = d->X.cols;
    double side = bottom - top - draw_size(c, c->base * 0.85) * TEXT_LINE_EM - c->base * 0.3;
    if (side > maxw)
        side = maxw;
    if (side < 40)
        side = 40;
    /* on whole pixels, a multiple of 4 of them: the boundary's image,
     * made at half the side (a quarter while training), is then drawn
     * pixel for pixel */
    side = 4 * floor(side / 4);
    double px0 = floor(x), py0 = floor(top);
    double lo[2] = { 0, 0 }, hi[2] = { 1, 1 };
    for (int f = 0; f < 2 && f < D; f++) {
        lo[f] = HUGE_VAL;
        hi[f] = -HUGE_VAL;
        for (int i = 0; i < N; i++) {
            double v = T_AT(&d->X, i, f);
            if (v < lo[f]) lo[f] = v;
            if (v > hi[f]) hi[f] = v;
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
    return (struct square){ px0, py0, side };
}

/* the plot: the boundary image (two features only) and the points */
static void data_plot(struct ctx *c, struct square q)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    const struct dataset *d = &S->data;
    int N = d->X.rows, D = d->X.cols, fs = draw_size(c, c->base * 0.85);
    double px0 = q.x, py0 = q.y, side = q.side, span = sc->plot.span;
    if (D == 2) {
        /* one cell per 2 pixels (drawn smoothed), fewer for a wide
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
    if (sc->has_image)
        draw_image(sc, px0, py0, side, side, t->fg);
    else
        draw_rect(sc, px0, py0, side, side, t->panel);   /* (the image covers it) */
    draw_frame(sc, px0, py0, side, side, c->lw, t->grid);
    draw_text(sc, px0 + side / 2, py0 + side + c->base * 0.2, fs, 0, ANCHOR_TC, t->dim, "x\xe2\x82\x81");
    draw_text(sc, px0 - fs * 0.4, py0 + side / 2, fs, 0, ANCHOR_MR, t->dim, "x\xe2\x82\x82");
    /* the points, at most about 4000 of them; the misclassified ringed */
    double r = side / 110;
    if (r < 2.5) r = 2.5;
    if (r > 9) r = 9;
    sc->plot.r = (float)(r + 1.2 * c->lw);
    int stride = N > 4000 ? (N + 3999) / 4000 : 1;
    int have_pred = sc->pred_n == N;
    if (have_pred)
        sc->ringed = 0;
    for (int i = 0; i < N; i += stride) {
        double x = T_AT(&d->X, i, 0), y = D > 1 ? T_AT(&d->X, i, 1) : 0.5;
        double qx = px0 + side * (x - sc->plot.x0) / span, qy = py0 + side * (1 - (y - sc->plot.y0) / span);
        /* a point with a dark rim (one disc: thousands of points draw
         * fast), ringed in the ink colour when the net gets it wrong */
        if (have_pred && sc->pred[i] != d->labels[i]) {
            draw_disc(sc, qx, qy, r + 2.5 * c->lw, t->fg);
            sc->ringed++;
        }
        struct item *it = draw_disc(sc, qx, qy, r + 1.2 * c->lw, scene_class_color(d->labels[i]));
        if (it)
            it->rim = 1;
    }
}

/* the classes' colours in rows from (x, y) within w; returns the y
 * below them */
static double data_legend(struct ctx *c, double x, double y, double w)
{
    const struct dataset *d = &c->S->data;
    int fs = draw_size(c, c->base * 0.9);
    double rowh = fs * TEXT_LINE_EM * 1.25, r = fs * 0.45, cx = x;
    int shown = d->n_classes < 10 ? d->n_classes : 10;
    for (int k = 0; k < shown; k++) {
        char lb[32];
        snprintf(lb, sizeof lb, "class %d", k);
        double iw = r * 2 + fs * 0.4 + draw_text_width(c->sc, lb, fs, 0) + fs * 1.2;
        if (cx > x && cx + iw > x + w) {
            cx = x;
            y += rowh;
        }
        draw_disc(c->sc, cx + r, y + rowh / 2, r, scene_class_color(k));
        draw_text(c->sc, cx + 2 * r + fs * 0.4, y + rowh / 2, fs, 0, ANCHOR_ML, c->t->fg, "%s", lb);
        cx += iw;
    }
    if (d->n_classes > shown)
        draw_label(c->sc, cx, y + rowh / 2, fs, 0, ANCHOR_ML, c->t->dim, "(%d more)",
                   d->n_classes - shown);
    return y + rowh + fs * 0.3;
}

/* the right column from (rx, top) down to bottom: the legend, the
 * accuracy (or why there is none), training progress, the loss curve */
static void data_column(struct ctx *c, double rx, double top, double bottom)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    const struct dataset *d = &S->data;
    double rw = c->w - c->base * 0.8 - rx;
    if (rw < c->base * 4)
        return;
    int prev = draw_panel(sc, rx, top, rw, bottom - top, "data column");
    double y = data_legend(c, rx, top, rw);
    int fs = draw_size(c, c->base * 0.9);
    double lh = fs * TEXT_LINE_EM * 1.3;
    char line[128];
    struct rgba col = t->dim;
    int bold = 0;
    line[0] = '\0';
    if (!S->has_net) {
        snprintf(line, sizeof line, "no network: net %d 3 %d", d->X.cols, d->n_classes < 2 ? 2 : d->n_classes);
    } else if (!net_fits_data(S)) {
        snprintf(line, sizeof line, "the network does not fit this data");
        col = t->accent;
    } else if (sc->accuracy >= 0) {
        snprintf(line, sizeof line, "accuracy %.1f %%", 100 * sc->accuracy);
        col = t->fg;
        bold = 1;
    } else if (d->X.cols != 2) {
        snprintf(line, sizeof line, "boundary: only for 2 features");
    }
    if (line[0]) {
        draw_text_fit(c, rx, y, fs, bold, ANCHOR_TL, col, rw, line);
        y += lh;
    }
    if (c->v->busy && c->v->busy_total > 0) {
        snprintf(line, sizeof line, "training: pass %ld of %ld", c->v->busy_done, c->v->busy_total);
        draw_text_fit(c, rx, y, fs, 1, ANCHOR_TL, t->accent, rw, line);
        y += lh;
    }
    loss_curve(c, rx, y + fs * 0.3, rw, bottom - y - fs * 0.3);
    draw_panel_end(sc, prev);
}

void view_data(struct ctx *c)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    int base = c->base;
    if (!S || !S->has_data) {
        draw_empty_message(c, "Data and decision boundary", "no data yet: type   data moons 200 noise=0.2");
        return;
    }
    const struct dataset *d = &S->data;
    double m = base * 0.8;
    int tfs = draw_size(c, base * 1.3), ifs = draw_size(c, base * 0.9);
    static const char *const title = "Data and decision boundary";
    char info[200];
    snprintf(info, sizeof info, "%s: %d points, %d features, %d classes", d->name[0] ? d->name : "data",
             d->X.rows, d->X.cols, d->n_classes);
    double room = c->w - 2 * m, iw = draw_text_width(sc, info, ifs, 0);
    if (draw_text_width(sc, title, tfs, 1) + iw + base <= room) {
        draw_text(sc, c->w - m, m + tfs * TEXT_LINE_EM / 2, ifs, 0, ANCHOR_MR, t->dim, "%s", info);
        room -= iw + base;
    }
    draw_text_fit(c, m, m, tfs, 1, ANCHOR_TL, t->fg, room, title);
    double top = m + tfs * TEXT_LINE_EM + base * 0.5;
    int cfs = draw_size(c, base * 1.05), sfs = draw_size(c, base * 0.85);
    double bottom = c->h - m - (cfs + sfs) * TEXT_LINE_EM - base * 0.8;

    double gut = draw_text_width(sc, "x\xe2\x82\x82", draw_size(c, base * 0.85), 0) + base * 0.6;
    struct square q = data_plot_square(c, m + gut, top, bottom, c->w * 0.5);
    data_plot(c, q);
    data_column(c, q.x + q.side + base * 1.5, top, bottom);

    double cy = bottom + base * 0.5;
    int prev = draw_panel(sc, 0, bottom, c->w, c->h - bottom, "caption");
    draw_text_fit(c, m, cy, cfs, 1, ANCHOR_TL, t->fg, c->w - 2 * m,
                  "the boundary: where the class of largest a2 = softmax(z2) changes");
    draw_text_fit(c, m, cy + cfs * TEXT_LINE_EM + base * 0.3, sfs, 0, ANCHOR_TL, t->dim, c->w - 2 * m,
                  "rings: points the network gets wrong   tint: how sure it is");
    draw_panel_end(sc, prev);
}
