/* view_data: the data set's points over the net's decision boundary, the
 * accuracy, and the loss curve of the last training run (live while train
 * runs). Pure: no SDL. See scene.h. */
#include "draw.h"
#include "scene.h"
#include "session.h"
#include <math.h>
#include <stdlib.h>

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
        int k = boundary_argmax(probs.data + (size_t)i * K, K);
        sc->pred[i] = (unsigned char)(k < 255 ? k : 255);
        right += k == S->data.labels[i];
    }
    sc->pred_n = N;
    sc->accuracy = (double)right / N;

    if (draw_image_room(sc, res) < 0)
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
    draw_text(sc, x, y, (int)(fs * 1.1), 1, ANCHOR_TL, t->fg, "Loss curve");
    double top = y + fs * 2.0, bottom = y + h - fs * 1.8;
    double left = x + draw_est_width("0.000", fs) + fs * 0.6, right = x + w - fs * 0.5;
    if (bottom - top < fs * 2 || right - left < fs * 4)
        return;
    draw_rect(sc, left, top, right - left, bottom - top, t->panel);
    if (cv->rows < 1) {
        draw_text(sc, (left + right) / 2, (top + bottom) / 2, draw_fit_size("no training yet: train 20000", fs, right - left - fs),
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
    draw_line(sc, left, bottom, right, bottom, c->lw, t->dim, 0);
    draw_line(sc, left, top, left, bottom, c->lw, t->dim, 0);
    draw_text(sc, left - fs * 0.3, top, fs, 0, ANCHOR_TR, t->dim, "%s", scene_number(b1, sizeof b1, lmax));
    draw_text(sc, left - fs * 0.3, bottom, fs, 0, ANCHOR_BR, t->dim, "0");
    draw_text(sc, left, bottom + fs * 0.3, fs, 0, ANCHOR_TL, t->dim, "0");
    draw_text(sc, right, bottom + fs * 0.3, fs, 0, ANCHOR_TR, t->dim, "pass %.0f", imax);
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
    draw_text(sc, right, top + fs * 0.3, fs, 1, ANCHOR_TR, t->accent, "%s",
              scene_number(b2, sizeof b2, T_AT(cv, cv->rows - 1, 1)));
}

/* where the plot goes: its left, top and side in pixels */
struct square {
    double x, y, side;
};

/* the plot square: the first two features, equal scales; sets sc->plot */
static struct square data_plot_square(struct ctx *c, double top, double bottom)
{
    struct scene *sc = c->sc;
    const struct dataset *d = &c->S->data;
    int N = d->X.rows, D = d->X.cols, base = c->base;
    double side = bottom - top - base * 1.6;
    if (side > c->w * 0.56)
        side = c->w * 0.56;
    if (side < 40)
        side = 40;
    double px0 = base + base * 1.5, py0 = top;
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
    return (struct square){ px0, py0, side };
}

/* the plot: the boundary image (two features only) and the points */
static void data_plot(struct ctx *c, struct square q)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    const struct dataset *d = &S->data;
    int N = d->X.rows, D = d->X.cols, base = c->base;
    double px0 = q.x, py0 = q.y, side = q.side, span = sc->plot.span;
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
    if (sc->has_image)
        draw_image(sc, px0, py0, side, side, t->fg);
    else
        draw_rect(sc, px0, py0, side, side, t->panel);   /* (the image covers it) */
    draw_frame(sc, px0, py0, side, side, c->lw, t->grid);
    draw_text(sc, px0 + side / 2, py0 + side + base * 0.3, base, 0, ANCHOR_TC, t->dim, "x\xe2\x82\x81");
    draw_text(sc, px0 - base * 0.4, py0 + side / 2, base, 0, ANCHOR_MR, t->dim, "x\xe2\x82\x82");

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
            draw_disc(sc, qx, qy, r + 2.5 * c->lw, t->fg);
        struct item *it = draw_disc(sc, qx, qy, r + 1.2 * c->lw, scene_class_color(d->labels[i]));
        if (it)
            it->rim = 1;
    }
}

/* the right column from (rx, top) down to bottom: the legend, the
 * accuracy (or why there is none), training progress, the loss curve */
static void data_column(struct ctx *c, double rx, double top, double bottom)
{
    struct scene *sc = c->sc;
    const struct session *S = c->S;
    const struct theme_colors *t = c->t;
    const struct dataset *d = &S->data;
    int base = c->base;
    double rw = c->w - base - rx, y = top;
    for (int k = 0; k < d->n_classes && k < 10; k++) {
        draw_disc(sc, rx + base * 0.5, y + base * 0.6, base * 0.45, scene_class_color(k));
        draw_text(sc, rx + base * 1.4, y + base * 0.6, base, 0, ANCHOR_ML, t->fg, "class %d", k);
        y += base * 1.5;
        if (k == 9 && d->n_classes > 10)
            draw_text(sc, rx, y, base, 0, ANCHOR_TL, t->dim, "(%d more)", d->n_classes - 10);
    }
    y += base * 0.5;
    if (!S->has_net)
        draw_text(sc, rx, y, draw_fit_size("no network: net 2 3 2", base, rw), 0, ANCHOR_TL, t->dim,
                  "no network: net %d 3 %d", d->X.cols, d->n_classes < 2 ? 2 : d->n_classes);
    else if (!net_fits_data(S))
        draw_text(sc, rx, y, draw_fit_size("the network does not fit this data", base, rw), 0, ANCHOR_TL,
                  t->accent, "the network does not fit this data");
    else if (sc->accuracy >= 0)
        draw_text(sc, rx, y, base, 1, ANCHOR_TL, t->fg, "accuracy %.1f %%", 100 * sc->accuracy);
    else if (d->X.cols != 2)
        draw_text(sc, rx, y, draw_fit_size("boundary: only for 2 features", base, rw), 0, ANCHOR_TL, t->dim,
                  "boundary: only for 2 features");
    y += base * 1.8;
    if (c->v->busy && c->v->busy_total > 0)
        draw_text(sc, rx, y, base, 1, ANCHOR_TL, t->accent, "training: pass %ld of %ld",
                  c->v->busy_done, c->v->busy_total);
    y += base * 1.8;
    if (rw > base * 8)
        loss_curve(c, rx, y, rw, bottom - y);
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
    double m = base;
    int tfs = (int)(base * 1.35);
    draw_text(sc, m, m, tfs, 1, ANCHOR_TL, t->fg, "Data and decision boundary");
    draw_text(sc, c->w - m, m + tfs * 0.15, base, 0, ANCHOR_TR, t->dim, "%s: %d points, %d features, %d classes",
              d->name[0] ? d->name : "data", d->X.rows, d->X.cols, d->n_classes);
    double top = m + tfs * 1.9;
    int cfs = (int)(base * 1.15);
    double bottom = c->h - m - cfs * 1.5 - base * 1.6;

    struct square q = data_plot_square(c, top, bottom);
    data_plot(c, q);
    data_column(c, q.x + q.side + base * 2.5, top, bottom);

    double cy = bottom + base * 0.8;
    const char *cap = "the boundary: where the class of largest a2 = softmax(z2) changes";
    draw_text(sc, m, cy, draw_fit_size(cap, cfs, c->w - 2 * m), 1, ANCHOR_TL, t->fg, "%s", cap);
    const char *sub = "rings: points the network gets wrong   tint: how sure it is";
    draw_text(sc, m, cy + cfs * 1.6, draw_fit_size(sub, base, c->w - 2 * m), 0, ANCHOR_TL, t->dim, "%s", sub);
}
