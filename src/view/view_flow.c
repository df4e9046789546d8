/* view_flow: the network as columns of nodes (x, hidden, output, loss)
 * with edges coloured by weight; stepping backward animates delta3 flowing
 * back through W2 into delta2. Pure: no SDL. See scene.h. */
#include "draw.h"
#include "scene.h"
#include "session.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *scene_stage_formula(int stage, int act, int variant)
{
    if (stage == STAGE_NONE)
        return "nothing computed yet: press Space (or type step)";
    const char *f = stage_formula(stage, act, variant);
    return f ? f : "";
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
        draw_disc(sc, x, y, r + ringw + 1.5 * c->lw, theme_alpha(c->t->accent, 255));
    draw_disc(sc, x, y, r, ring);
    draw_disc(sc, x, y, r - ringw, c->t->panel);
    if (has_val) {
        int fs = clampi((int)(r * 0.62), 7, c->base);
        scene_number(nb, sizeof nb, val);
        while (fs > 7 && draw_text_width(sc, nb, fs, 1) > 2 * (r - ringw) - 4)
            fs--;
        draw_text(sc, x, y, fs, 1, ANCHOR_MC, c->t->fg, "%s", nb);
    }
}

/* a small value label with a backing box, so it reads over edges */
static void badge(struct ctx *c, double x, double y, int fs, enum anchor anchor,
                  struct rgba fg, struct rgba box, const char *s)
{
    double tw = draw_text_width(c->sc, s, fs, 1) + fs * 0.6, th = fs * 1.35;
    double bx = x, by = y;
    switch (anchor) {
    case ANCHOR_TC: bx -= tw / 2; break;
    case ANCHOR_BC: bx -= tw / 2; by -= th; break;
    case ANCHOR_MC: bx -= tw / 2; by -= th / 2; break;
    case ANCHOR_ML: by -= th / 2; break;
    case ANCHOR_MR: bx -= tw; by -= th / 2; break;
    default: break;
    }
    draw_rect(c->sc, bx, by, tw, th, box);
    draw_text(c->sc, bx + tw / 2, by + th / 2, fs, 1, ANCHOR_MC, fg, "%s", s);
}

static void more_marker(struct ctx *c, const struct column *col, double bottom)
{
    if (col->n > col->shown)
        draw_text(c->sc, col->x, bottom - c->base * 0.2, c->base, 0, ANCHOR_BC, c->t->dim,
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
            draw_line(c->sc, a->x + a->r, a->y[i], b->x - b->r, b->y[j],
                      scene_edge_width(w, wmax, c->lw), scene_edge_color(w, wmax), 0);
        }
}

static double ease(double t)
{
    return t < 0 ? 0 : t > 1 ? 1 : t * t * (3 - 2 * t);
}

/* one frame of the view: the net, the example shown, the stage and how far
 * its animation has come, and the layout */
struct flow {
    const struct net *nt;
    int row, st;
    double e;               /* the animation, eased: 0 .. 1 (at rest) */
    double m, bottom, cap_h;
    int cfs, small;
    struct column cx, ch, co, cl;   /* input, hidden, output, loss */
    int lit_x, lit_h, lit_o;        /* the columns the stage is about */
};

/* the title and the stage strip: forward and backward stages, the current
 * one lit; returns the strip's y */
static double flow_title(struct ctx *c, const struct flow *F)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    int base = c->base, st = F->st;
    double m = F->m;
    int tfs = (int)(base * 1.35);
    draw_text(sc, m, m, tfs, 1, ANCHOR_TL, t->fg, "Network flow");
    draw_text(sc, c->w - m, m + tfs * 0.15, base, 0, ANCHOR_TR, t->dim,
              "%d\xe2\x80\x93%d\xe2\x80\x93%d, %s   example %d of %d", nt->n_in, nt->n_hidden,
              nt->n_out, act_names[nt->act], F->row, nt->n_rows);

    double sy = m + tfs * 1.8;
    int sfs = (int)(base * 0.85);
    double sx = m;
    for (int k = STAGE_Z1; k <= STAGE_LAST; k++) {
        const char *nm = stage_names[k];
        double tw = draw_text_width(sc, nm, sfs, 1) + sfs * 1.0, th = sfs * 1.6;
        if (k == STAGE_DELTA3)
            sx += sfs * 1.5;
        struct rgba fill = k == st ? t->accent : k < st ? t->panel : t->bg;
        struct rgba ink = k == st ? t->accent_fg : k < st ? t->fg : t->dim;
        draw_rect(sc, sx, sy, tw, th, fill);
        draw_frame(sc, sx, sy, tw, th, 1.0, k == st ? t->accent : t->grid);
        draw_text(sc, sx + tw / 2, sy + th / 2, sfs, 1, ANCHOR_MC, ink, "%s", nm);
        sx += tw + sfs * 0.4;
    }
    return sy;
}

/* the first equation of a stage's formula in the table, into buf: what
 * comes before a second " = " ("a1 = sigmoid(z1) = 1 / (1 + exp(−z1))")
 * or a remark after a comma ("a2 = softmax(z2), row by row": the view
 * shows one row) */
static const char *short_formula(char *buf, size_t n, int stage, int act)
{
    const char *f = stage_formula(stage, act, 0);
    if (!f)
        f = "";
    const char *eq = strstr(f, " = ");
    const char *end = eq ? strstr(eq + 3, " = ") : NULL;
    const char *comma = strstr(f, ", ");
    if (!end || (comma && comma < end))
        end = comma;
    snprintf(buf, n, "%.*s", (int)(end ? (size_t)(end - f) : strlen(f)), f);
    return buf;
}

/* the four columns below the strip at sy, and their headers */
static void flow_columns(struct ctx *c, struct flow *F, double sy)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    int base = c->base, st = F->st;
    int sfs = (int)(base * 0.85);
    F->cfs = (int)(base * 1.2);
    F->cap_h = F->cfs * 1.6 + base * 1.6;
    double top = sy + sfs * 1.6 + base * 4.2;
    F->bottom = c->h - F->m - F->cap_h - base * 1.6;
    double rmax = base * 1.75;
    F->small = (int)(base * 0.8);
    double reserve = F->small * 1.35 + base * 0.6;
    layout_column(&F->cx, nt->n_in, c->w * 0.09, top, F->bottom, rmax, base * 0.5);
    layout_column(&F->ch, nt->n_hidden, c->w * 0.37, top, F->bottom, rmax, reserve);
    layout_column(&F->co, nt->n_out, c->w * 0.66, top, F->bottom, rmax, reserve);
    layout_column(&F->cl, 1, c->w * 0.90, top, F->bottom, rmax, reserve);
    F->cl.r = rmax * 1.1;

    int hfs = base, small = F->small;
    double hy = top - base * 1.0;
    const struct column *cx = &F->cx, *ch = &F->ch, *co = &F->co, *cl = &F->cl;
    draw_text(sc, cx->x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "input x");
    draw_text(sc, ch->x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "hidden a1");
    char f[160];
    if (ch->dense && have(nt, STAGE_DELTA2) && st >= STAGE_DELTA2)
        draw_text(sc, ch->x, hy - hfs * 0.2, small, 1, ANCHOR_BC, t->accent, "showing delta2");
    else
        draw_text(sc, ch->x, hy - hfs * 0.2, small, 0, ANCHOR_BC, t->dim, "%s",
                  short_formula(f, sizeof f, STAGE_A1, nt->act));
    draw_text(sc, co->x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "output a2");
    draw_text(sc, co->x, hy - hfs * 0.2, small, 0, ANCHOR_BC, t->dim, "%s",
              short_formula(f, sizeof f, STAGE_A2, nt->act));
    draw_text(sc, cl->x, hy - hfs * 0.2, small, 0, ANCHOR_BC, t->dim, "\xe2\x88\x92\xce\xa3 y log a2");
    draw_text(sc, cl->x, hy - hfs * 1.3, hfs, 1, ANCHOR_BC, t->fg, "%s", stage_names[STAGE_LOSS]);
    draw_text(sc, (cx->x + ch->x) / 2, hy - hfs * 1.3, (int)(hfs * 0.9), 0, ANCHOR_BC, t->dim,
              "%s", st == STAGE_DW1 || st == STAGE_DB1 ? stage_names[STAGE_DW1] : "W1");
    draw_text(sc, (ch->x + co->x) / 2, hy - hfs * 1.3, (int)(hfs * 0.9), 0, ANCHOR_BC, t->dim,
              "%s", st == STAGE_DW2 || st == STAGE_DB2 ? stage_names[STAGE_DW2] : "W2");
}

/* where along the edges between the output and the hidden column (0: at
 * the outputs, 1: at the hidden units) their labels are furthest apart */
static double label_spot(const struct column *ch, const struct column *co)
{
    double best_f = 0.5, best_gap = -1;
    for (double f = 0.2; f <= 0.801; f += 0.05) {
        double gap = 1e9;
        for (int p = 0; p < ch->shown * co->shown; p++)
            for (int q = p + 1; q < ch->shown * co->shown; q++) {
                double yp = co->y[p % co->shown] + (ch->y[p / co->shown] - co->y[p % co->shown]) * f;
                double yq = co->y[q % co->shown] + (ch->y[q / co->shown] - co->y[q % co->shown]) * f;
                if (fabs(yp - yq) < gap)
                    gap = fabs(yp - yq);
            }
        if (gap > best_gap + 0.5) {
            best_gap = gap;
            best_f = f;
        }
    }
    return best_f;
}

/* the backward flow of delta3 along W2: each edge carries delta3_k W2[j][k] */
static void flow_delta2(struct ctx *c, const struct flow *F)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    const struct column *ch = &F->ch, *co = &F->co;
    int row = F->row, base = c->base;
    double e = F->e;
    char nb[64];
    double smax = 0;
    for (int j = 0; j < ch->shown; j++)
        for (int k = 0; k < co->shown; k++) {
            double sh = at(&nt->delta3, row, k) * at(&nt->W2, j, k);
            if (fabs(sh) > smax)
                smax = fabs(sh);
        }
    int labels = ch->shown * co->shown <= 16;
    double best_f = label_spot(ch, co);
    for (int j = 0; j < ch->shown; j++)
        for (int k = 0; k < co->shown; k++) {
            double sh = at(&nt->delta3, row, k) * at(&nt->W2, j, k);
            double x0 = co->x - co->r, y0 = co->y[k], x1 = ch->x + ch->r, y1 = ch->y[j];
            if (e < 1.0) {
                double px = x0 + (x1 - x0) * e, py = y0 + (y1 - y0) * e;
                double rr = base * 0.25 + base * 0.45 * (smax > 0 ? fabs(sh) / smax : 0);
                draw_disc(sc, px, py, rr + 2, t->fg);
                draw_disc(sc, px, py, rr, colormap_rgba(sh, smax > 0 ? smax : 1));
            }
            if (labels) {
                double lx = x0 + (x1 - x0) * best_f, ly = y0 + (y1 - y0) * best_f;
                badge(c, lx, ly, F->small, ANCHOR_MC, t->fg, theme_alpha(t->bg, 220),
                      scene_number(nb, sizeof nb, sh));
            }
        }
}

/* forward and other stages: a pulse travelling along the active edges */
static void flow_pulses(struct ctx *c, const struct flow *F)
{
    const struct column *a = NULL, *b = NULL;
    int backward = 0, st = F->st;
    double e = F->e;
    if (st == STAGE_Z1) { a = &F->cx; b = &F->ch; }
    else if (st == STAGE_Z2) { a = &F->ch; b = &F->co; }
    else if (st == STAGE_DW1) { a = &F->cx; b = &F->ch; backward = 1; }
    else if (st == STAGE_DW2) { a = &F->ch; b = &F->co; backward = 1; }
    if (a)
        for (int i = 0; i < a->shown; i++)
            for (int j = 0; j < b->shown; j++) {
                double f = backward ? 1 - e : e;
                double px = a->x + (b->x - a->x) * f;
                double py = a->y[i] + (b->y[j] - a->y[i]) * f;
                draw_disc(c->sc, px, py, c->base * 0.3, c->t->accent);
            }
    if (st == STAGE_DELTA3)
        for (int k = 0; k < F->co.shown; k++) {
            const struct column *co = &F->co, *cl = &F->cl;
            double px = cl->x + (co->x - cl->x) * e, py = cl->y[0] + (co->y[k] - cl->y[0]) * e;
            draw_disc(c->sc, px, py, c->base * 0.4, c->t->accent);
        }
}

/* the edges (weights, or the gradient while its stage is shown), and what
 * moves along them */
static void flow_edges(struct ctx *c, struct flow *F)
{
    const struct net *nt = F->nt;
    int st = F->st;
    int grad1 = st >= STAGE_DW1 && have(nt, STAGE_DW1);
    int grad2 = (st == STAGE_DW2 || st == STAGE_DB2) && have(nt, STAGE_DW2);
    edges(c, &F->cx, &F->ch, &nt->W1, &nt->dW1, grad1);
    edges(c, &F->ch, &F->co, &nt->W2, &nt->dW2, grad2);
    for (int k = 0; k < F->co.shown; k++)
        draw_line(c->sc, F->co.x + F->co.r, F->co.y[k], F->cl.x - F->cl.r, F->cl.y[0], c->lw * 1.5,
                  c->t->grid, 0);

    F->lit_x = st == STAGE_DW1 || st == STAGE_DB1;
    F->lit_h = st == STAGE_Z1 || st == STAGE_A1 || st == STAGE_DELTA2 || st == STAGE_DB1;
    F->lit_o = st == STAGE_Z2 || st == STAGE_A2 || st == STAGE_DELTA3 || st == STAGE_DB2;
    if (st == STAGE_DELTA2 && have(nt, STAGE_DELTA2))
        flow_delta2(c, F);
    if (F->e < 1.0 && st != STAGE_DELTA2)
        flow_pulses(c, F);
}

/* the input nodes: x inside */
static void flow_inputs(struct ctx *c, const struct flow *F)
{
    const struct net *nt = F->nt;
    const struct column *cx = &F->cx;
    char lb[64];
    double xmax = 1e-9;
    for (int i = 0; i < cx->shown; i++)
        if (fabs(at(&nt->x, F->row, i)) > xmax)
            xmax = fabs(at(&nt->x, F->row, i));
    for (int i = 0; i < cx->shown; i++) {
        node(c, cx, i, at(&nt->x, F->row, i), 1, xmax, F->lit_x);
        draw_text(c->sc, cx->x - cx->r - c->base * 0.4, cx->y[i], F->small, 0, ANCHOR_MR, c->t->dim,
                  "%s", draw_subscript(lb, sizeof lb, "x", i));
    }
    more_marker(c, cx, F->bottom + c->base * 1.6);
}

/* a hidden node of a dense column: the value of the stage shown (delta2
 * once it exists, else a1) in its ring and beside it */
static void flow_dense_hidden(struct ctx *c, const struct flow *F, int j)
{
    const struct net *nt = F->nt;
    const struct column *ch = &F->ch;
    const struct theme_colors *t = c->t;
    int row = F->row, small = F->small;
    char nb[64];
    int back = have(nt, STAGE_DELTA2) && F->st >= STAGE_DELTA2;
    double dmax = 1e-12;
    for (int q = 0; back && q < ch->shown; q++)
        if (fabs(at(&nt->delta2, row, q)) > dmax)
            dmax = fabs(at(&nt->delta2, row, q));
    double val = back ? at(&nt->delta2, row, j) : at(&nt->a1, row, j);
    node(c, ch, j, val, 0, 1.0, F->lit_h);
    /* node() draws no value when has_val is 0: colour the ring here,
     * and write the value beside the node */
    if (have(nt, STAGE_A1)) {
        struct rgba rc = colormap_rgba(val, back ? dmax : 1.0);
        draw_disc(c->sc, ch->x, ch->y[j], ch->r * 0.62, rc);
        int fs = clampi((int)((ch->y[1 < ch->shown ? 1 : 0] - ch->y[0]) * 0.42), 8, small);
        badge(c, ch->x - ch->r - small * 0.5, ch->y[j], fs, ANCHOR_MR,
              back ? t->accent : t->fg, theme_alpha(t->bg, 235),
              scene_number(nb, sizeof nb, val));
    }
}

/* the hidden nodes: a1 inside, z1 (or the gate) on the left, delta2 below */
static void flow_hidden(struct ctx *c, const struct flow *F)
{
    const struct net *nt = F->nt;
    const struct column *ch = &F->ch;
    const struct theme_colors *t = c->t;
    int row = F->row, st = F->st, small = F->small;
    double e = F->e;
    char nb[64], lb[64];
    for (int j = 0; j < ch->shown; j++) {
        if (ch->dense) {
            flow_dense_hidden(c, F, j);
            continue;
        }
        node(c, ch, j, at(&nt->a1, row, j), have(nt, STAGE_A1), 1.0, F->lit_h);
        double xl = ch->x - ch->r - small * 0.6, ybot = ch->y[j] + ch->r + small * 0.3;
        if (st == STAGE_DELTA2 && have(nt, STAGE_DELTA2) && e > 0.6) {
            /* the gate f'(z1) of this unit */
            double g = act_slope(nt->act, at(&nt->a1, row, j));
            snprintf(lb, sizeof lb, "\xe2\x8a\x99 %s", scene_number(nb, sizeof nb, g));
            badge(c, xl, ch->y[j], small, ANCHOR_MR, t->fg, theme_alpha(t->panel, 235), lb);
        } else if (have(nt, STAGE_Z1)) {
            snprintf(lb, sizeof lb, "z %s", scene_number(nb, sizeof nb, at(&nt->z1, row, j)));
            badge(c, xl, ch->y[j], small, ANCHOR_MR, t->dim, theme_alpha(t->bg, 235), lb);
        }
        if (have(nt, STAGE_DELTA2) && st >= STAGE_DELTA2 && (st != STAGE_DELTA2 || e > 0.6)) {
            snprintf(lb, sizeof lb, "\xce\xb4\xe2\x82\x82 %s",
                     scene_number(nb, sizeof nb, at(&nt->delta2, row, j)));
            badge(c, ch->x, ybot, small, ANCHOR_TC, st == STAGE_DELTA2 ? t->accent_fg : t->fg,
                  st == STAGE_DELTA2 ? t->accent : theme_alpha(t->panel, 230), lb);
        }
    }
    more_marker(c, ch, F->bottom + c->base * 1.6);
}

/* the output nodes: a2 inside, z2 on the left, delta3 below, y to the right */
static void flow_outputs(struct ctx *c, const struct flow *F)
{
    const struct net *nt = F->nt;
    const struct column *co = &F->co;
    const struct theme_colors *t = c->t;
    int row = F->row, st = F->st, small = F->small;
    char nb[64], lb[64];
    for (int k = 0; k < co->shown; k++) {
        node(c, co, k, at(&nt->a2, row, k), have(nt, STAGE_A2), 1.0, F->lit_o);
        if (co->dense)
            continue;
        double xl = co->x - co->r - small * 0.6, ybot = co->y[k] + co->r + small * 0.3;
        if (have(nt, STAGE_Z2)) {
            snprintf(lb, sizeof lb, "z %s", scene_number(nb, sizeof nb, at(&nt->z2, row, k)));
            badge(c, xl, co->y[k], small, ANCHOR_MR, t->dim, theme_alpha(t->bg, 235), lb);
        }
        if (have(nt, STAGE_DELTA3) && st >= STAGE_DELTA3 && (st != STAGE_DELTA3 || F->e > 0.5)) {
            snprintf(lb, sizeof lb, "\xce\xb4\xe2\x82\x83 %s",
                     scene_number(nb, sizeof nb, at(&nt->delta3, row, k)));
            badge(c, co->x, ybot, small, ANCHOR_TC, st == STAGE_DELTA3 ? t->accent_fg : t->fg,
                  st == STAGE_DELTA3 ? t->accent : theme_alpha(t->panel, 230), lb);
        }
        draw_text(c->sc, co->x + co->r + c->base * 0.5, co->y[k] - small * 0.1, small, 0, ANCHOR_BL,
                  t->dim, "y = %g", at(&nt->y, row, k));
    }
    more_marker(c, co, F->bottom + c->base * 1.6);
}

/* the loss node: this example's loss, and the mean below */
static void flow_loss(struct ctx *c, const struct flow *F)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    char nb[64], b2[64];
    double L = 0;
    int hl = have(nt, STAGE_LOSS);
    if (hl)
        for (int k = 0; k < nt->n_out; k++) {
            double y = at(&nt->y, F->row, k), a = at(&nt->a2, F->row, k);
            if (y != 0)
                L -= y * log(a > 1e-300 ? a : 1e-300);
        }
    double x = F->cl.x, y = F->cl.y[0], r = F->cl.r;
    if (F->st == STAGE_LOSS)
        draw_disc(sc, x, y, r + 5 * c->lw, t->accent);
    draw_disc(sc, x, y, r, hl ? t->fg : t->grid);
    draw_disc(sc, x, y, r - 3.5 * c->lw, t->panel);
    if (hl) {
        int fs = clampi((int)(r * 0.55), 8, c->base);
        draw_text(sc, x, y, fs, 1, ANCHOR_MC, t->fg, "%s", scene_number(nb, sizeof nb, L));
        draw_text(sc, x, y + r + F->small * 0.4, F->small, 0, ANCHOR_TC, t->dim, "loss %s",
                  scene_number(b2, sizeof b2, nt->loss));
    }
}

/* the caption: the stage's formula, and the numbers for one unit */
static void flow_caption(struct ctx *c, const struct flow *F)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    int st = F->st, base = c->base, cfs = F->cfs;
    double m = F->m;
    char nb[64], b2[64];
    double cy = c->h - m - F->cap_h + base * 0.4;
    const char *formula = scene_stage_formula(st, nt->act, net_formula_variant(nt));
    draw_text(sc, m, cy, draw_fit_size(formula, cfs, c->w - 2 * m), 1, ANCHOR_TL,
              st == STAGE_NONE ? t->dim : t->accent, "%s", formula);
    const char *sub = "";
    char subbuf[256];
    if (st == STAGE_DELTA2 && nt->n_hidden > 0 && nt->n_out > 0) {
        /* delta2[0] = (sum_k delta3_k W2[0][k]) * gate */
        double sum = 0;
        for (int k = 0; k < nt->n_out; k++)
            sum += at(&nt->delta3, F->row, k) * at(&nt->W2, 0, k);
        snprintf(subbuf, sizeof subbuf,
                 "each edge carries delta3_k\xc2\xb7W2[j][k]; unit 0: their sum %s, "
                 "through the gate %s",
                 scene_number(nb, sizeof nb, sum), scene_number(b2, sizeof b2, at(&nt->delta2, F->row, 0)));
        sub = subbuf;
    } else if (st == STAGE_DELTA3) {
        sub = "the error leaves the outputs: prediction minus target";
    } else if (st == STAGE_DW2 || st == STAGE_DW1) {
        sub = "edges now show each weight's gradient, of the summed loss (colour: sign, width: size)";
    } else if (st == STAGE_NONE) {
        sub = "Space / \xe2\x86\x92 step,  \xe2\x86\x90 back,  Tab view,  h help";
    } else if (st <= STAGE_LOSS) {
        sub = "forward pass: values flow left to right";
    } else {
        sub = "backward pass: gradients flow right to left";
    }
    draw_text(sc, m, cy + cfs * 1.6, draw_fit_size(sub, base, c->w - 2 * m), 0, ANCHOR_TL, t->dim,
              "%s", sub);
}

void view_flow(struct ctx *c)
{
    const struct session *S = c->S;
    if (!S || !S->has_net) {
        draw_empty_message(c, "Network flow", "no network yet: type   net 2 3 2");
        return;
    }
    struct flow F;
    memset(&F, 0, sizeof F);
    F.nt = &S->net;
    F.row = c->v->example;
    if (F.row >= F.nt->n_rows)
        F.row = F.nt->n_rows - 1;
    if (F.row < 0)
        F.row = 0;
    F.st = F.nt->stage;
    F.e = ease(c->v->anim_stage == F.st ? c->v->anim_t : 1.0);
    F.m = c->base;

    double sy = flow_title(c, &F);
    flow_columns(c, &F, sy);
    flow_edges(c, &F);
    flow_inputs(c, &F);
    flow_hidden(c, &F);
    flow_outputs(c, &F);
    flow_loss(c, &F);
    flow_caption(c, &F);
}
