/* view_flow: the network as columns of nodes (x, hidden, output, loss)
 * with edges coloured by weight; stepping backward animates delta3 flowing
 * back through W2 into delta2. Pure: no SDL. See scene.h. */
#include "draw.h"
#include "scene.h"
#include "catalogue.h"
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

struct rgba scene_edge_color(int th, double w, double wmax)
{
    return scene_value_color(th, w, wmax, 0.2);
}

#define FLOW_MAX_NODES 10   /* nodes drawn per column; the rest are summarised */

struct column {
    int n, shown;           /* units, units drawn */
    double x;               /* centre x */
    double y[FLOW_MAX_NODES];
    double r;               /* node radius */
    double slot;            /* from one node to the next */
};

/* a column of n nodes at x between top and bottom: as large as the slots
 * allow, up to rmax; the labels go beside them */
static void layout_column(struct column *col, int n, double x, double top, double bottom, double rmax)
{
    col->n = n;
    col->shown = n < FLOW_MAX_NODES ? n : FLOW_MAX_NODES - 1;
    col->x = x;
    int slots = n < FLOW_MAX_NODES ? n : FLOW_MAX_NODES;
    double sp = (bottom - top) / slots;
    for (int k = 0; k < col->shown; k++)
        col->y[k] = top + sp * (k + 0.5);
    col->slot = sp;
    col->r = sp * 0.45;
    if (col->r > rmax)
        col->r = rmax;
    if (col->r < 3)
        col->r = 3;
}


static double at(const tensor *t, int row, int j)
{
    if (!t->data || row >= t->rows || j >= t->cols)
        return 0.0;
    return T_AT(t, row, j);
}

/* how far a lit node's halo reaches beyond its radius (at most) */
static double lit_halo(const struct ctx *c)
{
    return 3.0 * (c->lw > 1.3 ? 1.3 : c->lw) + 1.5 * c->lw;
}

/* text s in a node at (x, y), as large as fits inner up to want, bold
 * where that fits: 1 when drawn */
static int node_value(struct ctx *c, double x, double y, const char *s, int want, double inner)
{
    int bold = 1, fs = draw_fit(c, s, want, 1, inner);
    if (!fs)
        bold = 0, fs = draw_fit(c, s, want, 0, inner);
    return fs && draw_label(c->sc, x, y, fs, bold, ANCHOR_MC, c->t->fg, "%s", s) != NULL;
}

/* a node: its ring in the colour of val, lit when its stage is shown, and
 * val inside when it fits at the smallest text; 1 when the value is in */
static int node(struct ctx *c, double x, double y, double r, double val, int has_val, double vscale,
                int lit)
{
    struct scene *sc = c->sc;
    char nb[64];
    /* the ring: the value's colour (vscale 0: the text's) */
    struct rgba ring = !has_val ? c->t->grid : vscale > 0 ? scene_value_color((int)c->v->theme, val, vscale, 0.45)
                                                          : c->t->fg;
    double ringw = 3.0 * (c->lw > 1.3 ? 1.3 : c->lw);
    if (r < ringw * 2)
        ringw = r / 2;
    if (lit)
        draw_disc(sc, x, y, r + ringw + 1.5 * c->lw, theme_alpha(c->t->accent, 255));
    draw_disc(sc, x, y, r, ring);
    draw_disc(sc, x, y, r - ringw, c->t->panel);
    if (!has_val)
        return 0;
    scene_number(nb, sizeof nb, val);
    double inner = 2 * (r - ringw) - 2;
    if (r * 1.2 < c->min * TEXT_LINE_EM)
        return 0;
    /* with 2 decimals where 3 do not fit */
    int want = (int)fmin(r * 0.62, c->base);
    return node_value(c, x, y, nb, want, inner) ||
           node_value(c, x, y, scene_number2(nb, sizeof nb, val), want, inner);
}

/* the box b would hide part of a disc drawn before it (a node, its ring,
 * a moving delta): a badge goes elsewhere */
static int over_disc(const struct scene *sc, const double b[4])
{
    for (int k = 0; k < sc->n_items; k++) {
        const struct item *it = &sc->items[k];
        if (it->kind != ITEM_DISC || it->layer != sc->cur_layer)
            continue;
        double nx = fmax(b[0], fmin(it->x, b[2])), ny = fmax(b[1], fmin(it->y, b[3]));
        if (hypot(nx - it->x, ny - it->y) < it->w - 0.5)
            return 1;
    }
    return 0;
}

/* a value label with a backing box, so it reads over edges, where it
 * fits (over no other text, inside the view): 1 when drawn */
static int badge(struct ctx *c, double x, double y, int fs, enum anchor anchor,
                 struct rgba fg, struct rgba box, const char *s)
{
    double tw = draw_text_width(c->sc, s, fs, 1) + fs * 0.6, th = fs * TEXT_LINE_EM + fs * 0.2;
    double bx = x, by = y;
    switch (anchor) {
    case ANCHOR_TC: bx -= tw / 2; break;
    case ANCHOR_BC: bx -= tw / 2; by -= th; break;
    case ANCHOR_MC: bx -= tw / 2; by -= th / 2; break;
    case ANCHOR_ML: by -= th / 2; break;
    case ANCHOR_MR: bx -= tw; by -= th / 2; break;
    default: break;
    }
    double b[4] = { bx, by, bx + tw, by + th };
    if (!draw_box_free(c->sc, b) || over_disc(c->sc, b))
        return 0;
    draw_rect(c->sc, bx, by, tw, th, box);
    draw_text(c->sc, bx + tw / 2, by + th / 2, fs, 1, ANCHOR_MC, fg, "%s", s);
    return 1;
}

static void more_marker(struct ctx *c, const struct column *col, double bottom)
{
    if (col->n > col->shown)
        draw_label(c->sc, col->x, bottom, draw_size(c, c->base * 0.85), 0, ANCHOR_BC, c->t->dim,
                   "\xe2\x8b\xae +%d more", col->n - col->shown);
}
/* edges between two columns, weights W (a.n x b.n); gradients dW when show_grad */
static void edges(struct ctx *c, const struct column *a, const struct column *b,
                  const tensor *W, const tensor *G, int show_grad, const char *wname)
{
    const tensor *M = show_grad ? G : W;
    double wmax = 0, big = 0;
    for (int i = 0; i < a->shown; i++)
        for (int j = 0; j < b->shown; j++) {
            if (fabs(at(M, i, j)) > wmax)
                wmax = fabs(at(M, i, j));
            big = fmax(big, fabs(at(W, i, j)));
        }
    for (int i = 0; i < a->shown; i++)
        for (int j = 0; j < b->shown; j++) {
            double w = at(M, i, j), width = scene_edge_width(w, wmax, c->lw);
            draw_line(c->sc, a->x + a->r, a->y[i], b->x - b->r, b->y[j], width,
                      scene_edge_color((int)c->v->theme, w, wmax), 0);
            /* the weight, for the mouse: a drag up makes it larger */
            struct grip *tg = draw_grip(c->sc, GRIP_EDGE, at(W, i, j), fmax(big, 0.5) / 100, "%s[%d][%d]",
                                            wname, i, j);
            if (tg) {
                tg->x = (float)(a->x + a->r); tg->y = (float)a->y[i];
                tg->x2 = (float)(b->x - b->r); tg->y2 = (float)b->y[j];
                tg->r = (float)fmax(4.0, width / 2 + 2);
            }
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
    double m, bottom, cap_y;
    int small;              /* the size of badges and small labels */
    int marked;             /* a mistake is marked: the formula is the title, no caption */
    struct column cx, ch, co, cl;   /* input, hidden, output, loss */
    int lit_x, lit_h, lit_o;        /* the columns the stage is about */
    int back_h;             /* the hidden rings show delta2 (too dense for its badges) */
    int computed;           /* the stages whose values are drawn: up to this one */
    /* two passes over the nodes: 0 draws them with their values inside
     * (first, so the badges of a neighbour never crowd a value out), 1 the
     * badges; in_*: the value went inside the node */
    int pass;
    unsigned char in_x[FLOW_MAX_NODES], in_h[FLOW_MAX_NODES], in_o[FLOW_MAX_NODES];
};

/* the values of stage are drawn (computed) */
static int have(const struct flow *F, int stage)
{
    return F->computed >= stage;
}

/* the stage strip from (x, y): forward and backward stages, the current
 * one lit; its width (draw 0: measure only) */
static double flow_strip(struct ctx *c, const struct flow *F, double x, double y, int sfs, int draw)
{
    const struct theme_colors *t = c->t;
    double sx = x, th = sfs * TEXT_LINE_EM + sfs * 0.45;
    for (int k = STAGE_Z1; k <= STAGE_LAST; k++) {
        const char *nm = stage_names[k];
        double tw = draw_text_width(c->sc, nm, sfs, 1) + sfs * 0.8;
        if (k == STAGE_DELTA3)
            sx += sfs * 1.2;
        if (draw) {
            int st = F->st;
            struct rgba fill = k == st ? t->accent : k < st ? t->panel : t->bg;
            struct rgba ink = k == st ? t->accent_fg : k < st ? t->fg : t->dim;
            draw_rect(c->sc, sx, y, tw, th, fill);
            draw_frame(c->sc, sx, y, tw, th, 1.0, k == st ? t->accent : t->grid);
            draw_text(c->sc, sx + tw / 2, y + th / 2, sfs, 1, ANCHOR_MC, ink, "%s", nm);
        }
        sx += tw + sfs * 0.3;
    }
    return sx - x;
}

/* the title, the net's shape and the stage strip: on two rows, or on one
 * (no title) when the view is short; returns the y below them */
static double flow_title(struct ctx *c, const struct flow *F)
{
    struct scene *sc = c->sc;
    const struct net *nt = F->nt;
    int base = c->base, tfs = draw_size(c, base * 1.3), ifs = draw_size(c, base * 0.85);
    int sfs = draw_size(c, base * 0.8);
    double m = F->m, room = c->w - 2 * m;
    char info[160];
    snprintf(info, sizeof info, "%d\xe2\x80\x93%d\xe2\x80\x93%d, %s   example %d of %d", nt->n_in,
             nt->n_hidden, nt->n_out, act_names[nt->act], F->row, nt->n_rows);
    if (F->marked) {
        /* the formula the mistake changes, as the title */
        int ffs = draw_size(c, base * 1.1);
        draw_text_fit(c, m, m, ffs, 1, ANCHOR_TL, c->t->accent, room, scene_stage_formula(F->st, nt->act, 0));
        return m + ffs * TEXT_LINE_EM + base * 0.4;
    }
    double iw = draw_text_width(sc, info, ifs, 0), sw = flow_strip(c, F, 0, 0, sfs, 0);
    double tw = draw_text_width(sc, "Network flow", tfs, 1) + base, sth = sfs * TEXT_LINE_EM + sfs * 0.45;
    double rowh = fmax(tfs * TEXT_LINE_EM, sth);
    if (tw + sw <= room) {
        /* one row: the title, the strip, the shape when it fits */
        draw_text(sc, m, m + rowh / 2, tfs, 1, ANCHOR_ML, c->t->fg, "Network flow");
        flow_strip(c, F, m + tw, m + (rowh - sth) / 2, sfs, 1);
        if (tw + sw + iw + base <= room)
            draw_text(sc, c->w - m, m + rowh / 2, ifs, 0, ANCHOR_MR, c->t->dim, "%s", info);
        return m + rowh + base * 0.4;
    }
    if (c->h < base * 19 || sw > room) {
        /* a short view: the strip (or the stage alone) on one row */
        if (sw <= room)
            flow_strip(c, F, m, m, sfs, 1);
        else
            draw_text_fit(c, m, m, sfs, 1, ANCHOR_TL, c->t->accent, room, scene_stage_formula(F->st, nt->act, 0));
        return m + sth + base * 0.4;
    }
    if (tw + iw <= room)
        draw_text(sc, c->w - m, m + tfs * TEXT_LINE_EM / 2, ifs, 0, ANCHOR_MR, c->t->dim, "%s", info);
    draw_text(sc, m, m, tfs, 1, ANCHOR_TL, c->t->fg, "Network flow");
    double sy = m + tfs * TEXT_LINE_EM + base * 0.4;
    flow_strip(c, F, m, sy, sfs, 1);
    return sy + sth + base * 0.4;
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

/* the four columns below y, between their headers and the caption */
static void flow_columns(struct ctx *c, struct flow *F, double y)
{
    const struct net *nt = F->nt;
    int base = c->base;
    int hfs = draw_size(c, base * 0.95);
    F->small = draw_size(c, base * 0.8);
    double top = y + hfs * TEXT_LINE_EM + F->small * TEXT_LINE_EM + base * 0.8;
    int cfs = draw_size(c, base * 1.1), sfs = draw_size(c, base * 0.85);
    F->cap_y = F->marked ? c->h - base * 0.2 : c->h - F->m - (cfs + sfs) * TEXT_LINE_EM - base * 0.3;
    F->bottom = F->cap_y - F->small * TEXT_LINE_EM - base * 0.5;
    double rmax = base * 1.75;
    char lb[32];
    double lw = draw_text_width(c->sc, draw_subscript(lb, sizeof lb, "x", nt->n_in - 1), F->small, 0);
    double x_in = fmax(c->w * 0.09, F->m + lw + rmax + base * 0.5);
    layout_column(&F->cx, nt->n_in, x_in, top, F->bottom, rmax);
    layout_column(&F->ch, nt->n_hidden, c->w * 0.34, top, F->bottom, rmax);
    /* the hidden column far enough from the inputs for its badges at the
     * left (z1, or the gate f'(z1)) to fit between them; the outputs as far
     * between it and the loss as they were */
    double badge_w = draw_text_width(c->sc, "â â" "0.000", F->small, 1) + F->small * 1.2;
    double x_h = F->cx.x + F->cx.r + badge_w + F->small * 0.3 + F->ch.r;
    F->ch.x = fmin(fmax(F->ch.x, x_h), c->w * 0.45);
    layout_column(&F->co, nt->n_out, F->ch.x + (c->w * 0.89 - F->ch.x) * 0.58, top, F->bottom, rmax);
    layout_column(&F->cl, 1, c->w * 0.89, top, F->bottom, rmax * 1.1);
    F->cl.r = fmin(rmax * 1.1, (F->bottom - top) * 0.4);
    /* a hidden column too dense for badges shows delta2 in its rings */
    F->back_h = F->ch.slot < F->small * TEXT_LINE_EM * 1.3 && have(F, STAGE_DELTA2) &&
                F->st >= STAGE_DELTA2;
}

/* the headers of the columns, and the weights between them */
static void flow_headers(struct ctx *c, const struct flow *F, double y)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    int hfs = draw_size(c, c->base * 0.95), small = F->small, st = F->st;
    double fy = y + hfs * TEXT_LINE_EM;
    const struct column *cx = &F->cx, *ch = &F->ch, *co = &F->co, *cl = &F->cl;
    char f[160];
    draw_label(sc, cx->x, y, hfs, 1, ANCHOR_TC, t->fg, "input x");
    draw_label(sc, ch->x, y, hfs, 1, ANCHOR_TC, t->fg, "hidden a1");
    draw_label(sc, co->x, y, hfs, 1, ANCHOR_TC, t->fg, "output a2");
    draw_label(sc, cl->x, y, hfs, 1, ANCHOR_TC, t->fg, "%s", stage_names[STAGE_LOSS]);
    draw_label(sc, (cx->x + ch->x) / 2, y, small, 0, ANCHOR_TC, t->dim, "%s",
               st == STAGE_DW1 || st == STAGE_DB1 ? stage_names[STAGE_DW1] : "W1");
    draw_label(sc, (ch->x + co->x) / 2, y, small, 0, ANCHOR_TC, t->dim, "%s",
               st == STAGE_DW2 || st == STAGE_DB2 ? stage_names[STAGE_DW2] : "W2");
    if (F->back_h)
        draw_label(sc, ch->x, fy, small, 1, ANCHOR_TC, t->accent, "showing delta2");
    else
        draw_label(sc, ch->x, fy, small, 0, ANCHOR_TC, t->dim, "%s", short_formula(f, sizeof f, STAGE_A1, nt->act));
    draw_label(sc, co->x, fy, small, 0, ANCHOR_TC, t->dim, "%s", short_formula(f, sizeof f, STAGE_A2, nt->act));
    draw_label(sc, cl->x, fy, small, 0, ANCHOR_TC, t->dim, "\xe2\x88\x92\xce\xa3 y log a2");
}

/* the backward flow of delta3 along W2: each edge carries delta3_k W2[j][k];
 * moving discs while the stage is new, then a label on each edge where
 * one fits (tried at several points along it) */
static void flow_delta2(struct ctx *c, const struct flow *F, int labels)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    const struct column *ch = &F->ch, *co = &F->co;
    int row = F->row, base = c->base;
    char nb[64];
    double smax = 0;
    for (int j = 0; j < ch->shown; j++)
        for (int k = 0; k < co->shown; k++)
            smax = fmax(smax, fabs(at(&nt->delta3, row, k) * at(&nt->W2, j, k)));
    static const double spots[] = { 0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75,
                                    0.2, 0.8, 0.15, 0.85, 0.1, 0.9 };
    for (int j = 0; j < ch->shown; j++)
        for (int k = 0; k < co->shown; k++) {
            double sh = at(&nt->delta3, row, k) * at(&nt->W2, j, k);
            double x0 = co->x - co->r, y0 = co->y[k], x1 = ch->x + ch->r, y1 = ch->y[j];
            if (!labels && F->e < 1.0) {
                double px = x0 + (x1 - x0) * F->e, py = y0 + (y1 - y0) * F->e;
                double rr = base * 0.25 + base * 0.45 * (smax > 0 ? fabs(sh) / smax : 0);
                draw_disc(sc, px, py, rr + 2, t->fg);
                draw_disc(sc, px, py, rr, colormap_rgba(sh, smax > 0 ? smax : 1));
            }
            if (!labels || ch->shown * co->shown > 16)
                continue;
            scene_number(nb, sizeof nb, sh);
            /* along the edge, then just above or below it */
            double th = F->small * TEXT_LINE_EM * 0.8;
            int done = 0;
            for (int off = 0; off < 3 && !done; off++)
                for (size_t q = 0; q < sizeof spots / sizeof spots[0] && !done; q++)
                    done = badge(c, x0 + (x1 - x0) * spots[q], y0 + (y1 - y0) * spots[q] + th * (off == 2 ? 1 : -off),
                                 F->small, ANCHOR_MC, t->fg, theme_alpha(t->bg, 220), nb);
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
    int grad1 = st >= STAGE_DW1 && have(F, STAGE_DW1);
    int grad2 = (st == STAGE_DW2 || st == STAGE_DB2) && have(F, STAGE_DW2);
    edges(c, &F->cx, &F->ch, &nt->W1, &nt->dW1, grad1, "W1");
    edges(c, &F->ch, &F->co, &nt->W2, &nt->dW2, grad2, "W2");
    for (int k = 0; k < F->co.shown; k++)
        draw_line(c->sc, F->co.x + F->co.r, F->co.y[k], F->cl.x - F->cl.r, F->cl.y[0], c->lw * 1.5,
                  c->t->grid, 0);

    F->lit_x = st == STAGE_DW1 || st == STAGE_DB1;
    F->lit_h = st == STAGE_Z1 || st == STAGE_A1 || st == STAGE_DELTA2 || st == STAGE_DB1;
    F->lit_o = st == STAGE_Z2 || st == STAGE_A2 || st == STAGE_DELTA3 || st == STAGE_DB2;
    if (st == STAGE_DELTA2 && have(F, STAGE_DELTA2))
        flow_delta2(c, F, 0);
    if (F->e < 1.0 && st != STAGE_DELTA2)
        flow_pulses(c, F);
}

/* the input nodes: x inside (or beside), their names at the left */
static void flow_inputs(struct ctx *c, struct flow *F)
{
    const struct net *nt = F->nt;
    const struct column *cx = &F->cx;
    char lb[64], nb[64];
    double xmax = 1e-9;
    for (int i = 0; i < cx->shown; i++)
        xmax = fmax(xmax, fabs(at(&nt->x, F->row, i)));
    for (int i = 0; i < cx->shown; i++) {
        double v = at(&nt->x, F->row, i);
        if (F->pass == 0) {
            F->in_x[i] = (unsigned char)node(c, cx->x, cx->y[i], cx->r, v, 1, xmax, F->lit_x);
            /* the input, for the mouse: a drag up makes it larger */
            struct grip *tg = F->row < nt->x.rows ? draw_grip(c->sc, GRIP_NODE, v, fmax(xmax, 1.0) / 100,
                                                                  "x[%d][%d]", F->row, i) : NULL;
            if (tg) {
                tg->x = (float)cx->x; tg->y = (float)cx->y[i]; tg->r = (float)cx->r;
            }
            continue;
        }
        int in = F->in_x[i];
        draw_label(c->sc, cx->x - cx->r - c->base * 0.3, cx->y[i], F->small, 0, ANCHOR_MR, c->t->dim,
                   "%s", draw_subscript(lb, sizeof lb, "x", i));
        if (!in)
            badge(c, cx->x + cx->r + F->small * 0.3, cx->y[i], F->small, ANCHOR_ML, c->t->fg,
                  theme_alpha(c->t->bg, 235), scene_number(nb, sizeof nb, v));
    }
}

/* hidden unit j, for the mouse: not dragged (the net computes it), but
 * hovering explains its a1 (or z1, before the activation is applied) */
static void hidden_grip(struct ctx *c, const struct flow *F, int j, int back)
{
    const struct net *nt = F->nt;
    int st = have(F, STAGE_A1) ? STAGE_A1 : STAGE_Z1;
    if (!have(F, STAGE_Z1) || F->row >= nt->z1.rows)
        return;
    struct grip *g = draw_grip(c->sc, GRIP_NODE, at(st == STAGE_A1 ? &nt->a1 : &nt->z1, F->row, j), 0,
                               "%s[%d][%d]", stage_names[st], F->row, j);
    if (!g)
        return;
    g->x = (float)F->ch.x; g->y = (float)F->ch.y[j]; g->r = (float)F->ch.r;
    g->stage = st;
    g->act = nt->act;
    g->pre = at(&nt->z1, F->row, j);
    g->has_back = back;
    g->back = back ? at(&nt->delta2, F->row, j) : 0;
}

/* the hidden nodes: a1 inside (or at the right), z1 or the gate at the
 * left, delta2 at the right once it is computed */
static void flow_hidden(struct ctx *c, struct flow *F)
{
    const struct net *nt = F->nt;
    const struct column *ch = &F->ch;
    const struct theme_colors *t = c->t;
    int row = F->row, st = F->st, small = F->small;
    char nb[64], lb[64];
    double dmax = 1e-12;
    for (int q = 0; F->back_h && q < ch->shown; q++)
        dmax = fmax(dmax, fabs(at(&nt->delta2, row, q)));
    int back = have(F, STAGE_DELTA2) && st >= STAGE_DELTA2 && (st != STAGE_DELTA2 || F->e > 0.6);
    for (int j = 0; j < ch->shown; j++) {
        double a = at(&nt->a1, row, j), y = ch->y[j];
        double pad = small * 0.3 + (F->lit_h ? lit_halo(c) : 0);
        double xl = ch->x - ch->r - pad, xr = ch->x + ch->r + pad;
        if (F->pass == 0) {
            F->in_h[j] = (unsigned char)(F->back_h ? node(c, ch->x, y, ch->r, at(&nt->delta2, row, j), 1, dmax, F->lit_h)
                                                   : node(c, ch->x, y, ch->r, a, have(F, STAGE_A1), 1.0, F->lit_h));
            hidden_grip(c, F, j, back);
            continue;
        }
        int in = F->in_h[j];
        if (back && !F->back_h) {
            snprintf(lb, sizeof lb, "\xce\xb4\xe2\x82\x82 %s", scene_number(nb, sizeof nb, at(&nt->delta2, row, j)));
            badge(c, xr, y, small, ANCHOR_ML, st == STAGE_DELTA2 ? t->accent_fg : t->fg,
                  st == STAGE_DELTA2 ? t->accent : theme_alpha(t->panel, 230), lb);
        } else if (!in && have(F, STAGE_A1)) {
            snprintf(lb, sizeof lb, "a %s", scene_number(nb, sizeof nb, a));
            badge(c, xr, y, small, ANCHOR_ML, t->fg, theme_alpha(t->bg, 235), lb);
        }
        if (st == STAGE_DELTA2 && back) {
            /* the gate f'(z1) of this unit */
            snprintf(lb, sizeof lb, "\xe2\x8a\x99 %s", scene_number(nb, sizeof nb, act_slope(nt->act, a)));
            badge(c, xl, y, small, ANCHOR_MR, t->fg, theme_alpha(t->panel, 235), lb);
        } else if (have(F, STAGE_Z1)) {
            snprintf(lb, sizeof lb, "z %s", scene_number(nb, sizeof nb, at(&nt->z1, row, j)));
            badge(c, xl, y, small, ANCHOR_MR, t->dim, theme_alpha(t->bg, 235), lb);
        }
    }
}

/* the output nodes: a2 inside (or at the right), z2 at the left, delta3
 * and y at the right */
static void flow_outputs(struct ctx *c, struct flow *F)
{
    const struct net *nt = F->nt;
    const struct column *co = &F->co;
    const struct theme_colors *t = c->t;
    int row = F->row, st = F->st, small = F->small;
    char nb[64], lb[64];
    for (int k = 0; k < co->shown; k++) {
        double pad = small * 0.3 + (F->lit_o ? lit_halo(c) : 0);
        double y = co->y[k], xr = co->x + co->r + pad;
        if (F->pass == 0) {
            F->in_o[k] = (unsigned char)node(c, co->x, y, co->r, at(&nt->a2, row, k), have(F, STAGE_A2), 1.0, F->lit_o);
            /* the output, for the mouse: a click makes its class the target */
            struct grip *tg = row < nt->y.rows ? draw_grip(c->sc, GRIP_NODE, at(&nt->y, row, k), 0,
                                                               "y[%d]", row) : NULL;
            if (tg) {
                tg->x = (float)co->x; tg->y = (float)y; tg->r = (float)co->r;
                tg->click = k;
            }
            continue;
        }
        int in = F->in_o[k];
        if (have(F, STAGE_DELTA3) && st >= STAGE_DELTA3 && (st != STAGE_DELTA3 || F->e > 0.5)) {
            snprintf(lb, sizeof lb, "\xce\xb4\xe2\x82\x83 %s", scene_number(nb, sizeof nb, at(&nt->delta3, row, k)));
            badge(c, xr, y, small, ANCHOR_ML, st == STAGE_DELTA3 ? t->accent_fg : t->fg,
                  st == STAGE_DELTA3 ? t->accent : theme_alpha(t->panel, 230), lb);
        } else if (!in && have(F, STAGE_A2)) {
            snprintf(lb, sizeof lb, "a %s", scene_number(nb, sizeof nb, at(&nt->a2, row, k)));
            badge(c, xr, y, small, ANCHOR_ML, t->fg, theme_alpha(t->bg, 235), lb);
        }
        if (have(F, STAGE_Z2)) {
            snprintf(lb, sizeof lb, "z %s", scene_number(nb, sizeof nb, at(&nt->z2, row, k)));
            badge(c, co->x - co->r - pad, y, small, ANCHOR_MR, t->dim, theme_alpha(t->bg, 235), lb);
        }
        draw_label(c->sc, xr, y - co->r * 0.5, small, 0, ANCHOR_BL, t->dim, "y = %g", at(&nt->y, row, k));
    }
}

/* the nodes of column k (0 inputs, 1 hidden, 2 outputs), in F's pass */
static void flow_column(struct ctx *c, struct flow *F, int k)
{
    if (k == 0)
        flow_inputs(c, F);
    else if (k == 1)
        flow_hidden(c, F);
    else
        flow_outputs(c, F);
}

/* the loss node: this example's loss, and the mean below */
static void flow_loss(struct ctx *c, const struct flow *F)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    char b2[64];
    double L = 0;
    int hl = have(F, STAGE_LOSS);
    if (hl)
        for (int k = 0; k < nt->n_out; k++) {
            double y = at(&nt->y, F->row, k), a = at(&nt->a2, F->row, k);
            if (y != 0)
                L -= y * log(a > 1e-300 ? a : 1e-300);
        }
    double x = F->cl.x, y = F->cl.y[0], r = F->cl.r;
    if (F->st == STAGE_LOSS)
        draw_disc(sc, x, y, r + 5 * c->lw, t->accent);
    node(c, x, y, r, L, hl, 0, 0);
    if (hl)
        draw_label(sc, x, y + r + F->small * 0.3, F->small, 0, ANCHOR_TC, t->dim, "loss %s",
                   scene_number(b2, sizeof b2, nt->loss));
}

/* the caption: the stage's formula, and the numbers for one unit */
static void flow_caption(struct ctx *c, const struct flow *F)
{
    const struct theme_colors *t = c->t;
    const struct net *nt = F->nt;
    int st = F->st, base = c->base, cfs = draw_size(c, base * 1.1), sfs = draw_size(c, base * 0.85);
    double m = F->m, cy = F->cap_y;
    char nb[64], b2[64];
    int prev = draw_panel(c->sc, 0, cy, c->w, c->h - cy, "caption");
    const char *formula = scene_stage_formula(st, nt->act, net_formula_variant(nt));
    draw_text_fit(c, m, cy, cfs, 1, ANCHOR_TL, st == STAGE_NONE ? t->dim : t->accent, c->w - 2 * m, formula);
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
    draw_text_fit(c, m, cy + cfs * TEXT_LINE_EM + base * 0.3, sfs, 0, ANCHOR_TL, t->dim, c->w - 2 * m, sub);
    draw_panel_end(c->sc, prev);
}

/* the place a target is computed, framed, and the mistake named there */
static void flow_mark(struct ctx *c, const struct flow *F, int t, const char *name)
{
    const struct column *a, *b;
    if (t == DT_DELTA3) {
        a = b = &F->co;
    } else if (t == DT_DW2 || t == DT_DB2) {
        a = &F->ch;
        b = &F->co;
    } else if (t == DT_DELTA2) {
        a = b = &F->ch;
    } else {
        a = &F->cx;
        b = &F->ch;
    }
    double pad = c->base * 0.3, top = F->ch.y[0] - F->ch.slot / 2, bottom = F->bottom;
    double x0 = a->x + a->r + pad, x1 = b->x - b->r - pad;
    if (a == b) {
        /* a column: from half way to the one before to half way to the next */
        const struct column *before = a == &F->co ? &F->ch : &F->cx, *after = a == &F->co ? &F->cl : &F->co;
        x0 = (before->x + before->r + a->x - a->r) / 2;
        x1 = (a->x + a->r + after->x - after->r) / 2;
    }
    draw_frame(c->sc, x0, top, x1 - x0, bottom - top, 2.5 * c->lw, c->t->accent);
    char lb[96];
    snprintf(lb, sizeof lb, "\xe2\x9c\x97 %s: %s", diag_target_name(t), name);
    draw_label(c->sc, (x0 + x1) / 2, bottom + c->base * 0.1, F->small, 1, ANCHOR_TC, c->t->accent, "%s", lb);
}

void view_flow_at(struct ctx *c, int stage, int t, const char *name)
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
    F.st = stage >= 0 ? stage : F.nt->stage;
    F.computed = stage >= 0 ? STAGE_LAST : F.nt->stage;
    F.e = stage >= 0 ? 1.0 : ease(c->v->anim_stage == F.st ? c->v->anim_t : 1.0);
    F.m = c->base * 0.8;
    F.marked = t >= 0;

    /* fixed texts first; then what is placed where it fits, the most
     * important first: node values, the stage's badges, edge labels */
    double y = flow_title(c, &F);
    flow_columns(c, &F, y);
    flow_headers(c, &F, y);
    if (!F.marked)
        flow_caption(c, &F);
    if (t >= 0)
        flow_mark(c, &F, t, name);
    flow_edges(c, &F);
    flow_loss(c, &F);
    /* every node and its value first, so that no badge is drawn under a
     * node or crowds its value out; then the badges, those of the column
     * where a mistake enters first (its gates, its deltas) */
    int first = t == DT_DELTA2 ? 1 : t == DT_DELTA3 ? 2 : 0;
    F.pass = 0;
    for (int k = 2; k >= 0; k--)
        flow_column(c, &F, k);
    F.pass = 1;
    if (first)
        flow_column(c, &F, first);
    for (int k = 2; k >= 0; k--)
        if (k != first || !first)
            flow_column(c, &F, k);
    if (F.st == STAGE_DELTA2 && have(&F, STAGE_DELTA2) && F.e > 0.6)
        flow_delta2(c, &F, 1);
    more_marker(c, &F.cx, F.cap_y);
    more_marker(c, &F.ch, F.cap_y);
    more_marker(c, &F.co, F.cap_y);
}

void view_flow(struct ctx *c)
{
    view_flow_at(c, -1, -1, NULL);
}
