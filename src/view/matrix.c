/* matrix: a matrix as a heatmap with its row and column labels and, where
 * the cells are big enough, its values; the Jacobian view, the mistakes
 * and the checks draw their matrices with it. Labels are thinned (every
 * k-th) where they do not fit at the smallest text, never made smaller.
 * Pure: no SDL. See draw.h. */
#include "draw.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

double matrix_label_width(const struct ctx *c, const char *name, int n, int size)
{
    char b[32];
    return draw_text_width(c->sc, draw_subscript(b, sizeof b, name, n > 1 ? n - 1 : 0), size, 1);
}

/* the text of value v of m */
static char *value_text(const struct matrix *m, char *buf, size_t n, double v)
{
    if (m && m->sci)
        return m->short_form ? draw_sci0(buf, n, v) : draw_sci(buf, n, v);
    return m && m->short_form ? scene_number2(buf, n, v) : scene_number(buf, n, v);
}

/* the value of m with the most characters (at least a negative one, so
 * that matrices side by side get one size), into buf; diag: of the
 * diagonal only (1), of the rest (0), of all (-1); "" when none */
static const char *widest_value(const struct matrix *m, int diag, char *buf, size_t n)
{
    char nb[64];
    if (diag == 1)
        buf[0] = '\0';
    else
        snprintf(buf, n, "%s", m->short_form && !m->sci ? "\xe2\x88\x92" "0.00" : "\xe2\x88\x92" "0.000");
    size_t most = strlen(buf);
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            if ((diag == 1 && i != j) || (diag == 0 && i == j))
                continue;
            value_text(m, nb, sizeof nb, m->v[(size_t)i * m->stride + j]);
            if (strlen(nb) > most) {
                most = strlen(nb);
                snprintf(buf, n, "%s", nb);
            }
        }
    return buf;
}

double matrix_value_cell(const struct ctx *c, const struct matrix *m)
{
    char w[64];
    widest_value(m, -1, w, sizeof w);
    double side = draw_text_width(c->sc, w, c->min, 1) / 0.88;
    return fmax(side, c->min * TEXT_LINE_EM / 0.8);
}

/* the share of a cell's width a value may take: 4 % either side */
#define VALUE_SPAN 0.92

/* the width of the frame of a marked cell (mistake: a cell m->mark
 * frames), or of the diagonal's (matrix_cells draws them inside) */
static double frame_width(const struct ctx *c, double cw, int mistake)
{
    double fw = cw >= 24 ? 2.0 * c->lw : 1.0;
    return cw >= 16.0 ? (mistake ? 2 * fw : fw) : 0;
}

/* the size at which m's values in their form fit cells cw wide, from want
 * down, inside the frames of marked cells: the diagonal's in bold where
 * it is marked, the rest regular */
static int value_fit(const struct ctx *c, const struct matrix *m, int want, double cw)
{
    char rest[64], diag[64];
    double framed = m->mark || m->marks_beside ? frame_width(c, cw, 1) : 0;
    widest_value(m, m->mark_diag ? 0 : -1, rest, sizeof rest);
    int size = draw_fit(c, rest, want, 0, (cw - 2 * framed) * VALUE_SPAN);
    if (size && m->mark_diag && widest_value(m, 1, diag, sizeof diag)[0])
        size = draw_fit(c, diag, size, 1, (cw - 2 * fmax(framed, frame_width(c, cw, 0))) * VALUE_SPAN);
    return size;
}

/* every value of m under 0.0005 in size, and one not 0: with 3 decimals
 * each would read 0.000 */
static int all_tiny(const struct matrix *m)
{
    int some = 0;
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            double v = fabs(m->v[(size_t)i * m->stride + j]);
            if (!(v < 0.0005))
                return 0;
            some |= v > 0;
        }
    return some;
}

int matrix_value_size(const struct ctx *c, struct matrix *m, double cw, double ch)
{
    int want = (int)fmin(c->base, ch * 0.34);
    if (want < c->min || ch * 0.8 < c->min * TEXT_LINE_EM)
        return 0;
    if (all_tiny(m))
        m->sci = 1;
    m->short_form = 0;
    int size = value_fit(c, m, want, cw);
    if (!size) {
        m->short_form = 1;
        if (!(size = value_fit(c, m, want, cw)))
            m->short_form = 0;
    }
    return size;
}

void matrix_values(struct ctx *c, const struct matrix *m, const struct matrix_geom *g, int vfs)
{
    char nb[64];
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            double val = m->v[(size_t)i * m->stride + j];
            draw_text(c->sc, g->x + (j + 0.5) * g->cw, g->y + (i + 0.5) * g->ch, vfs,
                      m->mark_diag && i == j, ANCHOR_MC, theme_ink_on(colormap_rgba(val, m->scale)),
                      "%s", value_text(m, nb, sizeof nb, val));
        }
}

/* every k-th of n labels, k a power of two, so that they are step pixels
 * or more apart */
static int thin(double cell, double step)
{
    int every = 1;
    while (every * cell < step && every < (1 << 24))
        every *= 2;
    return every;
}

void matrix_labels(struct ctx *c, const struct matrix *m, const struct matrix_geom *g, int hi, int hj)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    int lfs = g->lfs;
    char b[32];
    double rx = g->x - lfs * 0.4, cy = g->y - lfs * 0.25;
    /* the hovered row and column first: the others give way to them */
    if (hi >= 0 && m->row_name)
        draw_text(sc, rx, g->y + (hi + 0.5) * g->ch, lfs, 1, ANCHOR_MR, t->accent, "%s",
                  draw_subscript(b, sizeof b, m->row_name, hi));
    if (hj >= 0 && m->col_name)
        draw_text(sc, g->x + (hj + 0.5) * g->cw, cy, lfs, 1, ANCHOR_BC, t->accent, "%s",
                  draw_subscript(b, sizeof b, m->col_name, hj));
    if (m->row_name) {
        int every = thin(g->ch, lfs * TEXT_LINE_EM * 1.1);
        for (int i = 0; i < m->rows; i += every)
            if (i != hi)
                draw_label(sc, rx, g->y + (i + 0.5) * g->ch, lfs, 0, ANCHOR_MR, t->dim, "%s",
                           draw_subscript(b, sizeof b, m->row_name, i));
    }
    if (m->col_name) {
        double lw = matrix_label_width(c, m->col_name, m->cols, lfs);
        int every = thin(g->cw, lw + lfs * 0.5);
        for (int j = 0; j < m->cols; j += every)
            if (j != hj)
                draw_label(sc, g->x + (j + 0.5) * g->cw, cy, lfs, 0, ANCHOR_BC, t->dim, "%s",
                           draw_subscript(b, sizeof b, m->col_name, j));
    }
}

void matrix_cells(struct ctx *c, const struct matrix *m, const struct matrix_geom *g)
{
    struct scene *sc = c->sc;
    double gap = g->cw >= 24 && g->ch >= 24 ? 2.0 : g->cw >= 12 && g->ch >= 12 ? 1.0 : 0.0;
    draw_rect(sc, g->x, g->y, g->cw * m->cols, g->ch * m->rows, c->t->grid);
    /* whole-pixel cell edges, so no seams appear between cells */
    for (int i = 0; i < m->rows; i++) {
        double y0 = floor(g->y + i * g->ch), y1 = floor(g->y + (i + 1) * g->ch);
        for (int j = 0; j < m->cols; j++) {
            double x0 = floor(g->x + j * g->cw), x1 = floor(g->x + (j + 1) * g->cw);
            draw_rect(sc, x0 + floor(gap / 2), y0 + floor(gap / 2), x1 - x0 - gap, y1 - y0 - gap,
                      colormap_rgba(m->v[(size_t)i * m->stride + j], m->scale));
        }
    }
    /* marked cells (the diagonal of a Jacobian; the cells a mistake gets
     * wrong) framed when the cells are big enough to show it */
    double fw = g->cw >= 24 ? 2.0 * c->lw : 1.0;
    for (int i = 0; g->cw >= 16.0 && g->ch >= 16.0 && i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            int diag = m->mark_diag && i == j;
            int marked = m->mark && m->mark[(size_t)i * m->cols + j];
            if (!diag && !marked)
                continue;
            double x0 = floor(g->x + j * g->cw), x1 = floor(g->x + (j + 1) * g->cw);
            double y0 = floor(g->y + i * g->ch), y1 = floor(g->y + (i + 1) * g->ch);
            draw_frame(sc, x0, y0, x1 - x0, y1 - y0, marked ? 2 * fw : fw,
                       marked ? c->t->accent : c->t->fg);
        }
    draw_frame(sc, g->x - 1, g->y - 1, g->cw * m->cols + 2, g->ch * m->rows + 2, 1.0, c->t->dim);
}

int matrix_place(struct ctx *c, const struct matrix *m, double x, double y, double w, double h,
                 struct matrix_geom *g)
{
    int tfs = draw_size(c, c->base);
    g->lfs = draw_size(c, c->base * 0.85);
    double gut = m->row_name ? matrix_label_width(c, m->row_name, m->rows, g->lfs) + g->lfs * 0.7 : 0;
    double head = (m->title ? tfs * TEXT_LINE_EM + c->base * 0.3 : 0) +
                  (m->col_name ? g->lfs * TEXT_LINE_EM + g->lfs * 0.3 : 0);
    double cell = fmin((w - gut) / m->cols, (h - head) / m->rows);
    if (m->max_cell > 0 && cell > m->max_cell)
        cell = m->max_cell;
    if (!(cell >= 2.0))
        return -1;
    g->cw = g->ch = cell;
    g->x = x + gut;
    g->y = y + head;
    g->tfs = tfs;
    return 0;
}

int matrix_panel(struct ctx *c, const struct matrix *m, double x, double y, double w, double h,
                 struct matrix_geom *g)
{
    if (matrix_place(c, m, x, y, w, h, g) < 0)
        return -1;
    int prev = draw_panel(c->sc, x, y, w, h, m->title ? m->title : "matrix");
    if (m->title)
        draw_text_fit(c, x, y, g->tfs, 1, ANCHOR_TL, m->title_color.a ? m->title_color : c->t->fg, w,
                      m->title);
    matrix_cells(c, m, g);
    struct matrix sized = *m;
    int vfs = matrix_value_size(c, &sized, g->cw, g->ch);
    if (vfs)
        matrix_values(c, &sized, g, vfs);
    matrix_labels(c, m, g, -1, -1);
    draw_panel_end(c->sc, prev);
    return 0;
}
