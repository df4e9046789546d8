/* view_diagnose: the last `diagnose` (session.h, S->diag): your values and
 * the right ones side by side as heatmaps on one diverging colour scale,
 * the entries that differ framed, the verdict and the mistake's name as the
 * caption. Pure: it only adds items to the scene. */
#include <math.h>
#include <stdio.h>
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

/* the caption: the verdict, and the mistake's name and words, in two
 * lines from y */
static void caption(struct ctx *c, const struct diagnosis *d, double y)
{
    const struct theme_colors *t = c->t;
    int fs = draw_size(c, c->base * 1.1), sfs = draw_size(c, c->base * 0.9);
    double m = c->base * 0.8, w = c->w - 2 * m, y2 = y + fs * TEXT_LINE_EM + c->base * 0.3;
    if (d->verdict == DIAG_RIGHT) {
        draw_text_fit(c, m, y, fs, 1, ANCHOR_TL, t->fg, w, "right: every entry agrees with the right value");
        return;
    }
    char line[200];
    if (d->verdict == DIAG_KNOWN && d->match >= 0) {
        snprintf(line, sizeof line, "the mistake: %s", catalogue[d->match].name);
        draw_text_fit(c, m, y, fs, 1, ANCHOR_TL, t->accent, w, line);
        draw_text_fit(c, m, y2, sfs, 0, ANCHOR_TL, t->fg, w, catalogue[d->match].words);
        return;
    }
    draw_text_fit(c, m, y, fs, 1, ANCHOR_TL, t->accent, w, "no known mistake matches");
    draw_text_fit(c, m, y2, sfs, 0, ANCHOR_TL, t->dim, w,
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
    double m = c->base * 0.8;
    int tfs = draw_size(c, c->base * 1.3), fs = draw_size(c, c->base * 1.1), sfs = draw_size(c, c->base * 0.9);
    double top = m + tfs * TEXT_LINE_EM + c->base * 0.5;
    double cap = c->h - m - (fs + sfs) * TEXT_LINE_EM - c->base * 0.3;
    char line[160];
    snprintf(line, sizeof line, "diagnose %s: yours beside the right value", name);
    draw_text_fit(c, m, m, tfs, 1, ANCHOR_TL, c->t->fg, c->w - 2 * m, line);
    int prev = draw_panel(c->sc, 0, cap - c->base * 0.2, c->w, c->h - cap + c->base * 0.2, "caption");
    caption(c, d, cap);
    draw_panel_end(c->sc, prev);
    if (tensor_size(u) > DIAG_MAX_CELLS || tensor_size(r) > DIAG_MAX_CELLS) {
        draw_text_fit(c, m, top, sfs, 0, ANCHOR_TL, c->t->dim, c->w - 2 * m,
                      "too many entries to draw: the terminal shows the numbers");
        return;
    }
    /* one scale for both: the largest magnitude of either */
    double scale = fmax(maxabs(u), maxabs(r));
    if (!(scale > 0))
        scale = 1;
    char lo[64], hi[64];
    double sy = cap - sfs * TEXT_LINE_EM - c->base * 0.5;
    snprintf(line, sizeof line, "one colour scale for both: %s (blue) to %s (red)",
             draw_signed_number(lo, sizeof lo, -scale), draw_signed_number(hi, sizeof hi, scale));
    draw_text_fit(c, m, sy, sfs, 0, ANCHOR_TL, c->t->dim, c->w - 2 * m, line);
    /* yours (the entries that differ framed) and the right one, side by
     * side, each titled with its shape, with cells of one size */
    static unsigned char differ[DIAG_MAX_CELLS];
    int marks = tensor_same_shape(&d->differ, u);
    for (size_t i = 0; marks && i < tensor_size(u); i++)
        differ[i] = d->differ.data[i] != 0;
    double w = (c->w - 2 * m - c->base * 2) / 2, h = sy - top - c->base * 0.3;
    char tu[64], tr[64];
    snprintf(tu, sizeof tu, "yours, %d\xc3\x97%d (framed: differs)", u->rows, u->cols);
    snprintf(tr, sizeof tr, "right, %d\xc3\x97%d", r->rows, r->cols);
    struct matrix mu = { .v = u->data, .rows = u->rows, .cols = u->cols, .stride = u->cols, .scale = scale,
                         .title = tu, .mark = marks ? differ : NULL, .max_cell = c->base * 6 };
    struct matrix mr = mu;
    mr.v = r->data;
    mr.rows = r->rows;
    mr.cols = r->cols;
    mr.stride = r->cols;
    mr.title = tr;
    mr.mark = NULL;
    mr.marks_beside = marks;
    struct matrix_geom g;
    double xr = m + w + c->base * 2;
    if (r->rows && matrix_place(c, &mu, m, top, w, h, &g) == 0) {
        double cu = g.cw;
        if (matrix_place(c, &mr, xr, top, w, h, &g) == 0)
            mu.max_cell = mr.max_cell = fmin(mu.max_cell, fmin(cu, g.cw));
    }
    matrix_panel(c, &mu, m, top, w, h, &g);
    if (r->rows)
        matrix_panel(c, &mr, xr, top, w, h, &g);
}
