/* view_diagnose: the last `diagnose` (session.h, S->diag): your values and
 * the right ones side by side as heatmaps on one diverging colour scale,
 * the entries that differ framed, the verdict and the mistake's name as the
 * caption. Pure: it only adds items to the scene. */
#include <math.h>
#include <string.h>

#include "catalogue.h"
#include "colormap.h"
#include "draw.h"
#include "session.h"

#define DIAG_MAX_CELLS 16384        /* larger values: the terminal has the numbers */

static double maxabs(const tensor *t)
{
    double m = 0;
    for (size_t i = 0; i < tensor_size(t); i++)
        if (isfinite(t->data[i]))
            m = fmax(m, fabs(t->data[i]));
    return m;
}

/* one matrix as a heatmap of cells of side cell from (x, y); differ (may
 * be NULL) frames the cells marked */
static void heat(struct ctx *c, const tensor *m, const tensor *differ, double x, double y, double cell,
                 double scale, const char *title)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    int vfs = draw_size(c, cell * 0.26 < c->base ? cell * 0.26 : c->base);
    char num[64];
    draw_text(sc, x + m->cols * cell / 2, y - c->base * 0.4, draw_size(c, c->base * 1.1), 1, ANCHOR_BC, t->fg,
              "%s", title);
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            double x0 = floor(x + j * cell), y0 = floor(y + i * cell);
            double x1 = floor(x + (j + 1) * cell), y1 = floor(y + (i + 1) * cell);
            struct rgba col = colormap_rgba(T_AT(m, i, j), scale);
            draw_rect(sc, x0, y0, x1 - x0 - 1, y1 - y0 - 1, col);
            if (cell >= vfs * 3.2)
                draw_text(sc, (x0 + x1) / 2, (y0 + y1) / 2, vfs, 0, ANCHOR_MC, theme_ink_on(col), "%s",
                          scene_number(num, sizeof num, T_AT(m, i, j)));
            if (differ && T_AT(differ, i, j) != 0)
                draw_frame(sc, x0 + 1, y0 + 1, x1 - x0 - 3, y1 - y0 - 3, c->lw * 2.5, t->accent);
        }
    draw_frame(sc, x - 1, y - 1, m->cols * cell + 2, m->rows * cell + 2, 1.0, t->dim);
}

/* the caption: the verdict, and the mistake's name and words */
static void caption(struct ctx *c, const struct diagnosis *d, double y)
{
    const struct theme_colors *t = c->t;
    int fs = draw_size(c, c->base * 1.2);
    double m = c->base;
    if (d->verdict == DIAG_RIGHT) {
        draw_text(c->sc, m, y, fs, 1, ANCHOR_TL, t->fg, "right: every entry agrees with the right value");
        return;
    }
    if (d->verdict == DIAG_KNOWN && d->match >= 0) {
        draw_text(c->sc, m, y, fs, 1, ANCHOR_TL, t->accent, "the mistake: %s", catalogue[d->match].name);
        draw_text(c->sc, m, y + fs * 1.5, draw_size(c, c->base), 0, ANCHOR_TL, t->fg, "%s",
                  catalogue[d->match].words);
        return;
    }
    draw_text(c->sc, m, y, fs, 1, ANCHOR_TL, t->accent, "no known mistake matches");
    draw_text(c->sc, m, y + fs * 1.5, draw_size(c, c->base), 0, ANCHOR_TL, t->dim,
              "the framed entries differ from the right value: explain one of them in the terminal");
}

void view_diagnose(struct ctx *c)
{
    const struct session *S = c->S;
    const struct diagnosis *d = S ? &S->diag : NULL;
    if (!d || !d->has) {
        draw_empty_message(c, "Diagnosis", "no diagnosis yet: type   diagnose dW2 = [[...]]");
        return;
    }
    const tensor *u = &d->yours, *r = &d->right;
    const char *name = diag_target_name(d->target);
    double m = c->base, top = m + c->base * 4, bottom = c->h - c->base * 5;
    draw_text(c->sc, m, m, draw_size(c, c->base * 1.3), 1, ANCHOR_TL, c->t->fg,
              "diagnose %s: yours beside the right value", name);
    if (tensor_size(u) > DIAG_MAX_CELLS || tensor_size(r) > DIAG_MAX_CELLS) {
        draw_empty_message(c, "Diagnosis", "too many entries to draw: the terminal shows the numbers");
        caption(c, d, bottom + c->base);
        return;
    }
    /* one scale for both: the largest magnitude of either */
    double scale = fmax(maxabs(u), maxabs(r));
    if (!(scale > 0))
        scale = 1;
    int cols = u->cols + (r->cols ? r->cols : u->cols), rows = u->rows > r->rows ? u->rows : r->rows;
    double gap = c->base * 3, cell = fmin((c->w - 2 * m - gap) / cols, (bottom - top) / rows);
    if (cell > c->base * 6)
        cell = c->base * 6;
    double x = m;
    heat(c, u, &d->differ, x, top, cell, scale, "yours (framed: differs)");
    x += u->cols * cell + gap;
    if (r->rows)
        heat(c, r, NULL, x, top, cell, scale, "right");
    else
        draw_text(c->sc, x, top + c->base, c->base, 0, ANCHOR_TL, c->t->dim, "the right %s has another shape",
                  name);
    char lo[64], hi[64];
    draw_text(c->sc, m, top + rows * cell + c->base, draw_size(c, c->base), 0, ANCHOR_TL, c->t->dim,
              "one colour scale for both: %s (blue) to %s (red)", draw_signed_number(lo, sizeof lo, -scale),
              draw_signed_number(hi, sizeof hi, scale));
    caption(c, d, bottom + c->base);
}
