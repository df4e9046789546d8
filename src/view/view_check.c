/* view_check: the last check (S->check, session.h) as a picture:
 * - jacobian check: J, J by central differences, and their difference on
 *   its own scale;
 * - gradcheck: each parameter's largest relative error on a log scale
 *   against the threshold;
 * - mistake naive: exp of the raw logits overflowing to inf, and the nan
 *   that inf / inf makes, beside the stable softmax;
 * - a mistake of the network's backward pass: the flow at the stage where
 *   the mistake enters, that place framed, and the wrong and the right
 *   gradient side by side (the entries that differ framed).
 * A check made for other values than the session's now says so. Pure: no
 * SDL. See draw.h. */
#include "draw.h"
#include "scene.h"
#include "catalogue.h"
#include "session.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHECK_MAX_N 64          /* larger matrices: the terminal has the numbers */

/* the title at the top; returns the y below it */
static double check_title(struct ctx *c, const char *title, const char *info)
{
    double m = c->base * 0.8;
    int tfs = draw_size(c, c->base * 1.3), ifs = draw_size(c, c->base * 0.9);
    double room = c->w - 2 * m;
    if (info && draw_text_width(c->sc, title, tfs, 1) + draw_text_width(c->sc, info, ifs, 0) + c->base <= room) {
        draw_text(c->sc, c->w - m, m + tfs * TEXT_LINE_EM / 2, ifs, 0, ANCHOR_MR, c->t->dim, "%s", info);
        room -= draw_text_width(c->sc, info, ifs, 0) + c->base;
    }
    draw_text_fit(c, m, m, tfs, 1, ANCHOR_TL, c->t->fg, room, title);
    return m + tfs * TEXT_LINE_EM + c->base * 0.5;
}

/* two lines of caption at the bottom: line a (bold, in col) and b (dim);
 * returns their top */
static double check_caption(struct ctx *c, const char *a, struct rgba col, const char *b)
{
    double m = c->base * 0.8;
    int cfs = draw_size(c, c->base * 1.05), sfs = draw_size(c, c->base * 0.85);
    double top = c->h - m - (cfs + sfs) * TEXT_LINE_EM - c->base * 0.3;
    int prev = draw_panel(c->sc, 0, top - c->base * 0.2, c->w, c->h - top + c->base * 0.2, "caption");
    draw_text_fit(c, m, top, cfs, 1, ANCHOR_TL, col, c->w - 2 * m, a);
    if (b)
        draw_text_fit(c, m, top + cfs * TEXT_LINE_EM + c->base * 0.3, sfs, 0, ANCHOR_TL, c->t->dim, c->w - 2 * m, b);
    draw_panel_end(c->sc, prev);
    return top - c->base * 0.4;
}

/* a number in the short scientific form the pictures use: 7.7e−12 */
static char *sci(char *buf, size_t n, double v)
{
    return draw_sci(buf, n, v);
}

/* ------------------------------------------------------------------ */
/* jacobian check                                                      */

static void check_jacobian(struct ctx *c, const struct check *k)
{
    const struct session *S = c->S;
    int n = k->fd.rows;
    char b1[64], line[300];
    if (!S->has_logits || !tensor_same_shape(&k->z, &S->z) ||
        memcmp(k->z.data, S->z.data, (size_t)n * sizeof *k->z.data) != 0) {
        draw_empty_message(c, "jacobian check", "made for other logits: type   jacobian check   again");
        return;
    }
    /* the difference, and its own scale */
    double dmax = 0;
    for (size_t i = 0; i < tensor_size(&S->J); i++)
        dmax = fmax(dmax, fabs(S->J.data[i] - k->fd.data[i]));
    snprintf(line, sizeof line, "n = %d   difference \xc2\xb1%s", n, sci(b1, sizeof b1, dmax));
    double top = check_title(c, "jacobian check: J beside central differences", line);
    snprintf(line, sizeof line, "max |J \xe2\x88\x92 J_fd| = %s: %s", sci(b1, sizeof b1, dmax),
             k->ok ? "every entry within its error bound (step and rounding)" : "an entry is off by more than its bound");
    double bottom = check_caption(c, line, k->ok ? c->t->fg : c->t->accent,
                                  "J_fd[i][j] = (s\xe1\xb5\xa2(z + h\xc2\xb7" "e\xe2\xb1\xbc) \xe2\x88\x92 "
                                  "s\xe1\xb5\xa2(z \xe2\x88\x92 h\xc2\xb7" "e\xe2\xb1\xbc)) / 2h, at z \xe2\x88\x92 max z");
    if (n > CHECK_MAX_N) {
        draw_empty_message(c, "jacobian check", "too many entries to draw: the terminal has the numbers");
        return;
    }
    static double diff[CHECK_MAX_N * CHECK_MAX_N];
    for (int i = 0; i < n * n; i++)
        diff[i] = S->J.data[i] - k->fd.data[i];
    double scale = c->v->autoscale ? fmax(scene_jacobian_scale(S, 1), 1e-300) : 0.25;
    double w = (c->w - c->base * 1.6) / 3, x = c->base * 0.8;
    char t3[96];
    snprintf(t3, sizeof t3, "J \xe2\x88\x92 J_fd  (\xc2\xb1%s)", sci(b1, sizeof b1, dmax > 0 ? dmax : 1));
    struct matrix m[3] = {
        { .v = S->J.data, .rows = n, .cols = n, .stride = n, .scale = scale, .title = "J",
          .row_name = "s", .col_name = "z", .mark_diag = 1 },
        { .v = k->fd.data, .rows = n, .cols = n, .stride = n, .scale = scale, .title = "J_fd",
          .row_name = "s", .col_name = "z", .mark_diag = 1 },
        { .v = diff, .rows = n, .cols = n, .stride = n, .scale = dmax > 0 ? dmax : 1, .title = t3,
          .title_color = c->t->accent, .row_name = "s", .col_name = "z", .sci = 1 },
    };
    struct matrix_geom g;
    for (int p = 0; p < 3; p++)
        matrix_panel(c, &m[p], x + p * w, top, w - c->base, bottom - top, &g);
}

/* ------------------------------------------------------------------ */
/* gradcheck                                                           */

#define LOG_LO (-16)            /* the axis: 1e-16 .. 1 */
#define LOG_HI 0

static double log_x(double v, double x0, double w)
{
    double l = v > 0 ? log10(v) : LOG_LO;
    l = l < LOG_LO ? LOG_LO : l > LOG_HI ? LOG_HI : l;
    return x0 + w * (l - LOG_LO) / (LOG_HI - LOG_LO);
}

/* the axis: a tick per decade, labels where they fit, the threshold */
static void grad_axis(struct ctx *c, double x0, double w, double y0, double y1, int fs)
{
    const struct theme_colors *t = c->t;
    char b[32];
    draw_line(c->sc, x0, y1, x0 + w, y1, c->lw, t->dim, 0);
    int every = 1;
    while (every < 16 && w / (LOG_HI - LOG_LO) * every < draw_text_width(c->sc, "1e\xe2\x88\x92" "16", fs, 0) * 1.3)
        every *= 2;
    for (int d = LOG_LO; d <= LOG_HI; d++) {
        double x = log_x(pow(10, d), x0, w);
        draw_line(c->sc, x, y1, x, y1 + fs * 0.3, c->lw, t->dim, 0);
        if ((d - LOG_LO) % every == 0) {
            if (d == 0)
                snprintf(b, sizeof b, "1");
            else
                snprintf(b, sizeof b, "1e\xe2\x88\x92%d", -d);
            draw_label(c->sc, x, y1 + fs * 0.4, fs, 0, ANCHOR_TC, t->dim, "%s", b);
        }
    }
    double tx = log_x(GRADCHECK_TOL, x0, w);
    draw_line(c->sc, tx, y0, tx, y1, 2 * c->lw, t->accent, 0);
    draw_label(c->sc, tx + fs * 0.3, y0, fs, 1, ANCHOR_TL, t->accent, "threshold 1e\xe2\x88\x92" "5");
}

static void check_grad(struct ctx *c, const struct check *k)
{
    const struct theme_colors *t = c->t;
    if (!c->S->has_net || session_net_hash(c->S) != k->net_hash) {
        draw_empty_message(c, "gradcheck", "made for other weights or inputs: type   gradcheck   again");
        return;
    }
    double top = check_title(c, "gradcheck: each gradient against central differences", NULL);
    int bad = 0;
    double biggest = 0;
    for (int r = 0; r < 4; r++) {
        bad += k->rows[r].fails > 0;
        biggest = fmax(biggest, k->rows[r].max_abs_grad);
    }
    double bottom = check_caption(c, biggest < 1e-10 ? "every gradient is 0: this check proves nothing"
                                     : bad ? "MISMATCH: a gradient disagrees with central differences"
                                           : "every gradient matches its central difference",
                                  bad || biggest < 1e-10 ? t->accent : t->fg,
                                  "relative error |analytic \xe2\x88\x92 numeric| / max(|analytic|, |numeric|), "
                                  "the worst entry of each parameter; log scale");
    int fs = draw_size(c, c->base * 0.9), lfs = draw_size(c, c->base);
    double m = c->base * 0.8;
    double lw = draw_text_width(c->sc, "W1", lfs, 1) + lfs;
    double vw = draw_text_width(c->sc, "MISMATCH", fs, 1) + fs;
    double x0 = m + lw, w = c->w - 2 * m - lw - vw;
    double y0 = top + fs * TEXT_LINE_EM * 1.3, y1 = bottom - fs * TEXT_LINE_EM * 1.6;
    int prev = draw_panel(c->sc, 0, top, c->w, bottom - top, "gradcheck");
    grad_axis(c, x0, w, top, y1, fs);
    double rowh = (y1 - y0) / 4;
    char b[48];
    for (int r = 0; r < 4; r++) {
        const struct gradcheck_row *row = &k->rows[r];
        double y = y0 + rowh * (r + 0.5), x = log_x(row->max_rel_err, x0, w);
        int ok = row->fails == 0;
        struct rgba col = ok ? t->bar_z : t->accent;
        draw_text(c->sc, m + lw - lfs * 0.5, y, lfs, 1, ANCHOR_MR, t->fg, "%s", row->name);
        draw_rect(c->sc, x0, y - rowh * 0.12, x - x0, rowh * 0.24, col);
        draw_disc(c->sc, x, y, fmin(rowh * 0.22, c->base * 0.5), col);
        draw_label(c->sc, x0 + w + fs * 0.5, y, fs, 1, ANCHOR_ML, ok ? t->fg : t->accent, "%s",
                   ok ? "ok" : "MISMATCH");
        draw_label(c->sc, x + c->base * 0.6, y, fs, 0, ANCHOR_ML, t->fg, "%s", sci(b, sizeof b, row->max_rel_err));
    }
    draw_panel_end(c->sc, prev);
}

/* ------------------------------------------------------------------ */
/* mistake naive: the overflow                                         */

#define NAIVE_ROWS 6            /* logits shown; the rest summarised */

/* how a cell shows its value */
enum cell_form { CELL_NUMBER, CELL_SCI, CELL_ONE_DECIMAL };

/* one cell of the table: v as a number, inf and nan lit */
static void cell(struct ctx *c, double x, double y, int fs, double v, enum cell_form form)
{
    char b[64];
    int bad = !isfinite(v);
    if (bad)
        snprintf(b, sizeof b, "%s", isnan(v) ? "nan" : v < 0 ? "\xe2\x88\x92inf" : "inf");
    else if (form == CELL_SCI)
        sci(b, sizeof b, v);
    else if (form == CELL_ONE_DECIMAL)
        snprintf(b, sizeof b, "%s%.1f", v < 0 ? "\xe2\x88\x92" : "", fabs(v));
    else
        scene_number(b, sizeof b, v);
    draw_label(c->sc, x, y, fs, bad, ANCHOR_MR, bad ? c->t->accent : c->t->fg, "%s", b);
}

/* a table of three columns (its headers) for the rows of z, from x in w.
 * A column of logits from 1000 up shows them all with one decimal (1000.0
 * above 999.0, not 1000 above 999.000); exp is in short scientific form
 * on the naive side (it runs to inf), as plain numbers (at most 1) on the
 * stable side. */
static void naive_table(struct ctx *c, double x, double w, double y, double rowh, int fs, const char *title,
                        const char *const head[3], int stable)
{
    const struct session *S = c->S;
    const double *z = S->z.data;
    int n = S->z.cols, shown = n < NAIVE_ROWS ? n : NAIVE_ROWS;
    double mx = -INFINITY, sum = 0;
    for (int i = 0; i < n; i++)
        mx = fmax(mx, z[i]);
    enum cell_form zform = CELL_NUMBER, eform = stable ? CELL_NUMBER : CELL_SCI;
    for (int i = 0; i < n; i++) {
        sum += exp(stable ? z[i] - mx : z[i]);
        if (i < shown && fabs(stable ? z[i] - mx : z[i]) >= 1000.0)
            zform = CELL_ONE_DECIMAL;
    }
    const double *s = stable ? S->right.data : S->wrong.data;
    int prev = draw_panel(c->sc, x, y, w, rowh * (shown + 4), title);
    draw_text_fit(c, x, y, draw_size(c, c->base), 1, ANCHOR_TL, stable ? c->t->fg : c->t->accent, w, title);
    /* the columns' right edges: z, exp (wider: its header is), s; a
     * header that does not fit gives way to its short form */
    const double right[3] = { x + w * 0.3 - fs * 0.5, x + w * 0.68 - fs * 0.5, x + w - fs * 0.5 };
    for (int j = 0; j < 3; j++) {
        /* a word's gap from the column at its left, or the short form */
        const char *h = head[j];
        if (j == 1 && right[1] - draw_text_width(c->sc, h, fs, 1) < right[0] + fs)
            h = "exp";
        draw_label(c->sc, right[j], y + rowh * 1.5, fs, 1, ANCHOR_MR, c->t->dim, "%s", h);
    }
    for (int i = 0; i < shown; i++) {
        double ry = y + rowh * (i + 2.5), e = exp(stable ? z[i] - mx : z[i]);
        cell(c, right[0], ry, fs, stable ? z[i] - mx : z[i], zform);
        cell(c, right[1], ry, fs, e, eform);
        cell(c, right[2], ry, fs, s[i], CELL_NUMBER);
    }
    double sy = y + rowh * (shown + 2.5);
    if (n > shown)
        draw_label(c->sc, right[0], sy - rowh * 0.5, fs, 0, ANCHOR_MR, c->t->dim, "+%d more", n - shown);
    draw_label(c->sc, right[0], sy + rowh * 0.5, fs, 1, ANCHOR_MR, c->t->dim, "\xce\xa3");
    cell(c, right[1], sy + rowh * 0.5, fs, sum, eform);
    draw_panel_end(c->sc, prev);
}

static void check_naive(struct ctx *c)
{
    const struct session *S = c->S;
    if (!S->has_logits || !S->has_mistake || S->wrong.cols != S->z.cols || S->right.cols != S->z.cols) {
        draw_empty_message(c, "mistake naive", "made for other logits: type   mistake naive   again");
        return;
    }
    int finite = tensor_all_finite(&S->wrong);
    double top = check_title(c, "mistake naive: the softmax without subtracting the max", NULL);
    double bottom = check_caption(c, finite ? "no overflow with these logits: both give the same s"
                                            : "exp overflows past z \xe2\x89\x88 709.78: the sum is inf, and inf / inf is nan",
                                  finite ? c->t->fg : c->t->accent,
                                  "subtracting max z changes no s (the softmax is shift invariant) and keeps every exp \xe2\x89\xa4 1");
    int fs = draw_size(c, c->base * 1.1);
    int shown = S->z.cols < NAIVE_ROWS ? S->z.cols : NAIVE_ROWS;
    double rowh = fmin(fs * TEXT_LINE_EM * 1.6, (bottom - top) / (shown + 4));
    if (rowh < fs * TEXT_LINE_EM)
        rowh = fs * TEXT_LINE_EM;
    double m = c->base * 0.8, w = (c->w - 2 * m - c->base * 2) / 2;
    static const char *const naive_head[3] = { "z", "exp(z)", "s" };
    static const char *const stable_head[3] = { "z \xe2\x88\x92 max z", "exp(z \xe2\x88\x92 max z)", "s" };
    naive_table(c, m, w, top, rowh, fs, "naive: exp(z\xe1\xb5\xa2) / \xce\xa3 exp(z\xe2\xb1\xbc)", naive_head, 0);
    naive_table(c, m + w + c->base * 2, w, top, rowh, fs, "stable: shifted by max z", stable_head, 1);
}

/* ------------------------------------------------------------------ */
/* a mistake of the backward pass                                      */

/* the stage called by target t's name (delta3 ... db1) */
static int stage_of(int t)
{
    for (int st = STAGE_Z1; st <= STAGE_LAST; st++)
        if (!strcmp(stage_names[st], diag_target_name(t)))
            return st;
    return STAGE_LAST;
}

/* how the wrong and the right value go: side by side or one above the
 * other, in the width the values need at the smallest text (at most
 * most wide, h high); returns that width */
static double values_width(struct ctx *c, const struct matrix *mw, const struct matrix *mr, double h, double most,
                           int *beside)
{
    double need = fmax(matrix_value_cell(c, mw), matrix_value_cell(c, mr)), gap = c->base;
    double head = draw_size(c, c->base) * TEXT_LINE_EM + c->base * 0.3;
    int cols = mw->cols > mr->cols ? mw->cols : mr->cols, rows = mw->rows > mr->rows ? mw->rows : mr->rows;
    /* one above the other when both fit so, else side by side */
    *beside = (h - gap) / 2 - head < need * rows;
    double w = (*beside ? 2 * cols : cols) * need + (*beside ? gap : 0) + c->base;
    return w < most ? w : most;
}

/* text wrapped at w into at most most (<= CAPTION_LINES) lines from y,
 * or nothing when it needs more (a sentence is not cut short): where
 * the next line would go. The caption: one line, then the errors and the
 * mistake's words in two each. */
#define CAPTION_LINES 2
static double caption_lines(struct ctx *c, double x, double y, double w, int fs, struct rgba color, const char *text)
{
    const char *starts[CAPTION_LINES];
    int lens[CAPTION_LINES];
    int n = overlay_band_wrap(c, text, fs, w, starts, lens, CAPTION_LINES);
    double lh = fs * TEXT_LINE_EM * 1.15;
    for (int i = 0; n <= CAPTION_LINES && i < n; i++, y += lh)
        draw_text(c->sc, x, y, fs, 0, ANCHOR_TL, color, "%.*s", lens[i], starts[i]);
    return y;
}

static void check_net_mistake(struct ctx *c, const struct check *k)
{
    const struct session *S = c->S;
    const struct mistake_entry *e = &catalogue[k->mistake];
    const tensor *w = &S->wrong, *r = &S->right;
    if (!S->has_net || !S->has_mistake || session_net_hash(S) != k->net_hash || w->rows > CHECK_MAX_N ||
        w->cols > CHECK_MAX_N || r->rows > CHECK_MAX_N || r->cols > CHECK_MAX_N) {
        draw_empty_message(c, "mistake", "made for other weights or inputs: type the mistake again");
        return;
    }
    double scale = 0;
    for (size_t i = 0; i < tensor_size(w); i++)
        scale = fmax(scale, isfinite(w->data[i]) ? fabs(w->data[i]) : 0);
    for (size_t i = 0; i < tensor_size(r); i++)
        scale = fmax(scale, fabs(r->data[i]));
    static unsigned char differ[CHECK_MAX_N * CHECK_MAX_N];
    int same = tensor_same_shape(w, r);
    for (size_t i = 0; same && i < tensor_size(w); i++)
        differ[i] = fabs(w->data[i] - r->data[i]) > 1e-12 * fmax(1, scale);
    char tw[64], tr[64], b1[48], b2[48];
    const char *name = diag_target_name(k->target);
    snprintf(tw, sizeof tw, "wrong %s", name);
    snprintf(tr, sizeof tr, "right %s", name);
    struct matrix mw = { .v = w->data, .rows = w->rows, .cols = w->cols, .stride = w->cols,
                         .scale = scale > 0 ? scale : 1, .title = tw, .title_color = c->t->accent,
                         .mark = same ? differ : NULL };
    struct matrix mr = { .v = r->data, .rows = r->rows, .cols = r->cols, .stride = r->cols,
                         .scale = mw.scale, .title = tr, .marks_beside = 1 };
    /* the values on the right, from the top, as wide as they need, what
     * the frames mean under them; the flow at the stage where the mistake
     * enters on the left, that place framed, with the errors and the
     * mistake's words under it */
    double m = c->base * 0.8, top = m;
    int fs = draw_size(c, c->base * 0.85), beside;
    double lh = fs * TEXT_LINE_EM * 1.15;
    const char *framed = "framed: the wrong entries";
    double gap = c->base, h = c->h - 2 * m - lh - c->base * 0.3;
    double pw = values_width(c, &mw, &mr, h, c->w * 0.45, &beside);
    pw = fmax(pw, draw_text_width(c->sc, framed, fs, 1) + c->base * 0.5);
    struct ctx left = *c;
    left.w = (int)(c->w - pw - m);
    double capy = c->h - m - lh * (1 + CAPTION_LINES);
    left.h = (int)capy;
    int prev = draw_panel(c->sc, 0, 0, left.w, left.h, "flow");
    view_flow_at(&left, stage_of(e->enters), e->enters, e->name);
    draw_panel_end(c->sc, prev);
    double x = left.w + c->base * 0.4;
    pw = c->w - x - m;
    struct matrix_geom g;
    prev = draw_panel(c->sc, x, top, pw, c->h - 2 * m, "values");
    double bw = beside ? (pw - gap) / 2 : pw, bh = beside ? h : (h - gap) / 2;
    matrix_panel(c, &mw, x, top, bw, bh, &g);
    double vbottom = g.y + g.ch * mw.rows;
    matrix_panel(c, &mr, beside ? x + bw + gap : x, beside ? top : top + bh + gap, bw, bh, &g);
    vbottom = fmax(vbottom, g.y + g.ch * mr.rows);
    draw_text_fit(c, x, vbottom + c->base * 0.3, fs, 1, ANCHOR_TL, c->t->accent, pw, framed);
    draw_panel_end(c->sc, prev);
    prev = draw_panel(c->sc, 0, capy, left.w, c->h - capy, "errors");
    char line[160];
    snprintf(line, sizeof line, "against central differences: right %s, wrong %s", sci(b1, sizeof b1, S->err_right),
             sci(b2, sizeof b2, S->err_wrong));
    draw_text_fit(c, m, capy, fs, 0, ANCHOR_TL, c->t->fg, left.w - 2 * m, line);
    caption_lines(c, m, capy + lh, left.w - 2 * m, fs, c->t->dim, e->words);
    draw_panel_end(c->sc, prev);
}

void view_check(struct ctx *c)
{
    const struct session *S = c->S;
    const struct check *k = S ? &S->check : NULL;
    if (!k || k->kind == CHECK_NONE) {
        draw_empty_message(c, "Checks", "no check yet: type   jacobian check   or   gradcheck");
        return;
    }
    if (k->kind == CHECK_JACOBIAN)
        check_jacobian(c, k);
    else if (k->kind == CHECK_GRAD)
        check_grad(c, k);
    else if (k->target == DT_S)
        check_naive(c);
    else if (diag_target_is_lab(k->target))
        draw_empty_message(c, "mistake", "the Jacobian view shows this one beside J:   view jacobian");
    else
        check_net_mistake(c, k);
}
