/* touch: the mouse in the window, as command lines. Pure: no SDL. See
 * touch.h. */
#include "touch.h"
#include "draw.h"
#include "session.h"
#include "stages.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLICK_SLOP 3        /* pixels a click may move and stay a click */

/* the decimal step of about per_px: 0.01 for 0.015 */
static double step_of(double per_px)
{
    if (!(per_px > 0) || !isfinite(per_px))
        return 0.001;
    return pow(10.0, floor(log10(per_px)));
}

char *touch_number(char *buf, size_t n, double v, double per_px)
{
    double step = step_of(per_px);
    int dec = (int)-floor(log10(step) + 1e-9);
    dec = dec < 0 ? 0 : dec > 15 ? 15 : dec;
    double r = round(v / step) * step;
    snprintf(buf, n, "%.*f", dec, r);
    /* no trailing zeros, no "-0" */
    if (strchr(buf, '.')) {
        size_t k = strlen(buf);
        while (k > 0 && buf[k - 1] == '0')
            buf[--k] = '\0';
        if (k > 0 && buf[k - 1] == '.')
            buf[--k] = '\0';
    }
    if (strspn(buf, "-0") == strlen(buf))
        snprintf(buf, n, "0");
    return buf;
}

/* the squared distance from (px, py) to the segment (ax, ay)-(bx, by) */
static double seg_dist2(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double qx = ax + t * dx - px, qy = ay + t * dy - py;
    return qx * qx + qy * qy;
}

const struct grip *touch_grip_at(const struct scene *sc, int x, int y)
{
    const struct grip *best = NULL;
    double best_d = 0;
    for (int k = sc->n_grips - 1; k >= 0; k--) {
        const struct grip *g = &sc->grips[k];
        if (g->kind == GRIP_NODE && (x - g->x) * (x - g->x) + (y - g->y) * (y - g->y) <= g->r * g->r)
            return g;
        if (g->kind == GRIP_BAR && x >= g->x && x < g->x2 && y >= g->y && y < g->y2)
            return g;
    }
    for (int k = 0; k < sc->n_grips; k++) {
        const struct grip *g = &sc->grips[k];
        if (g->kind != GRIP_EDGE)
            continue;
        double d = seg_dist2(x, y, g->x, g->y, g->x2, g->y2);
        if (d <= (double)g->r * g->r && (!best || d < best_d)) {
            best = g;
            best_d = d;
        }
    }
    return best;
}

/* the data view's plot holds (x, y), with two features to place points by */
static int in_plot(const struct scene *sc, const struct session *S, const struct view_state *v, int x, int y)
{
    return v->view == VIEW_DATA && S && S->has_data && S->data.X.cols == 2 && sc->plot.side > 0 &&
           x >= sc->plot.x && x < sc->plot.x + sc->plot.side && y >= sc->plot.y && y < sc->plot.y + sc->plot.side;
}

int touch_point_at(const struct scene *sc, const struct session *S, const struct view_state *v, int x, int y)
{
    if (!in_plot(sc, S, v, x, y) || !(sc->plot.span > 0))
        return -1;
    const tensor *X = &S->data.X;
    double side = sc->plot.side, span = sc->plot.span, reach = sc->plot.r + 2.0, best_d = reach * reach;
    int best = -1;
    for (int i = 0; i < X->rows; i++) {
        double qx = sc->plot.x + side * (T_AT(X, i, 0) - sc->plot.x0) / span;
        double qy = sc->plot.y + side * (1 - (T_AT(X, i, 1) - sc->plot.y0) / span);
        double d = (qx - x) * (qx - x) + (qy - y) * (qy - y);
        if (d <= best_d) {          /* the last drawn (on top) among equals */
            best = i;
            best_d = d;
        }
    }
    return best;
}

/* the data coordinates of (x, y) by the plot's mapping in T, as text */
static void plot_coords(const struct touch *T, int x, int y, char *a, char *b, size_t n)
{
    double per_px = T->plot[3] / T->plot[2];
    touch_number(a, n, T->origin[0] + (x - T->plot[0]) * per_px, per_px);
    touch_number(b, n, T->origin[1] + (1 - (y - T->plot[1]) / T->plot[2]) * T->plot[3], per_px);
}

enum touch_do touch_press(struct touch *T, const struct scene *sc, const struct session *S,
                          const struct view_state *v, int button, int clicks, int x, int y, char *line,
                          size_t n)
{
    memset(T, 0, sizeof *T);
    T->point = -1;
    T->x0 = x;
    T->y0 = y;
    if (in_plot(sc, S, v, x, y)) {
        int p = touch_point_at(sc, S, v, x, y);
        if (button == 3 && p >= 0) {
            snprintf(line, n, "data del %d", p);
            return TOUCH_RUN;
        }
        if (button != 1)
            return TOUCH_NOTHING;
        T->active = 1;
        T->point = p >= 0 ? p : -2;
        T->plot[0] = sc->plot.x; T->plot[1] = sc->plot.y;
        T->plot[2] = sc->plot.side; T->plot[3] = sc->plot.span;
        T->origin[0] = sc->plot.x0; T->origin[1] = sc->plot.y0;
        T->cls = v->touch_class >= 0 && v->touch_class < v->class_count ? v->touch_class : 0;
        return TOUCH_NOTHING;
    }
    const struct grip *g = touch_grip_at(sc, x, y);
    if (!g || button != 1)
        return TOUCH_NOTHING;
    if (g->click >= 0) {
        snprintf(line, n, "%s = %d", g->name, g->click);
        return TOUCH_RUN;
    }
    if (!(g->per_px > 0))
        return TOUCH_NOTHING;
    if (clicks >= 2) {
        snprintf(line, n, "%s = ", g->name);
        return TOUCH_PROMPT;
    }
    T->active = 1;
    T->g = *g;
    return TOUCH_NOTHING;
}

/* the line of the drag with the mouse at (x, y) into T->line; 0 when
 * there is none (the empty plot) */
static int drag_line(struct touch *T, int x, int y)
{
    char a[48], b[48];
    if (T->point == -2)
        return 0;
    if (T->point >= 0) {
        plot_coords(T, x, y, a, b, sizeof a);
        snprintf(T->line, sizeof T->line, "data move %d %s %s", T->point, a, b);
        return 1;
    }
    double d = T->g.kind == GRIP_BAR ? x - T->x0 : T->y0 - y;
    touch_number(a, sizeof a, T->g.value + d * T->g.per_px, T->g.per_px);
    snprintf(T->line, sizeof T->line, "%s = %s", T->g.name, a);
    return 1;
}

enum touch_do touch_motion(struct touch *T, int x, int y, char *line, size_t n)
{
    if (!T->active || (!T->moved && abs(x - T->x0) + abs(y - T->y0) < CLICK_SLOP))
        return TOUCH_NOTHING;
    T->moved = 1;
    if (!drag_line(T, x, y))
        return TOUCH_NOTHING;
    snprintf(line, n, "%s", T->line);
    return TOUCH_PREVIEW;
}

enum touch_do touch_release(struct touch *T, int x, int y, char *line, size_t n)
{
    if (!T->active)
        return TOUCH_NOTHING;
    T->active = 0;
    if (T->point == -2 && !T->moved) {
        char a[48], b[48];
        plot_coords(T, x, y, a, b, sizeof a);
        snprintf(line, n, "data add %s %s %d", a, b, T->cls);
        return TOUCH_RUN;
    }
    if (!T->moved || !drag_line(T, x, y))
        return TOUCH_NOTHING;
    snprintf(line, n, "%s", T->line);
    return TOUCH_RUN;
}

enum touch_do touch_wheel(const struct scene *sc, int x, int y, int dy, char *line, size_t n)
{
    const struct grip *g = touch_grip_at(sc, x, y);
    if (!g || !(g->per_px > 0) || dy == 0)
        return TOUCH_NOTHING;
    char a[48];
    touch_number(a, sizeof a, g->value + dy * step_of(g->per_px), g->per_px);
    snprintf(line, n, "%s = %s", g->name, a);
    return TOUCH_RUN;
}

/* ------------------------------------------------------------------ */
/* what hovering explains                                              */

/* a hidden unit: its value and the formula that makes it, with the
 * value it is made from; delta2 once the pass has gone back to it */
static void hidden_tip(const struct grip *g, char *buf, size_t n)
{
    char v[64], z[64], d[64];
    int i = -1, j = -1;
    const char *br = strchr(g->name, '[');
    if (!br || sscanf(br, "[%d][%d]", &i, &j) != 2)
        return;
    scene_number(v, sizeof v, g->value);
    const char *f = stage_formula(g->stage, g->act, 0);
    if (g->stage == STAGE_A1)
        snprintf(buf, n, "%s = %s: hidden unit %d of example %d, %s with %s[%d][%d] = %s", g->name, v, j, i,
                 f ? f : "", stage_names[STAGE_Z1], i, j, scene_number(z, sizeof z, g->pre));
    else
        snprintf(buf, n, "%s = %s: hidden unit %d of example %d before its activation, %s", g->name, v, j, i,
                 f ? f : "");
    size_t k = strlen(buf);
    if (g->has_back && k < n)
        snprintf(buf + k, n - k, "; %s[%d][%d] = %s", stage_names[STAGE_DELTA2], i, j,
                 scene_number(d, sizeof d, g->back));
}

static void grip_tip(const struct grip *g, char *buf, size_t n)
{
    char v[64];
    int i = -1, j = -1;
    if (g->stage == STAGE_A1 || g->stage == STAGE_Z1) {
        hidden_tip(g, buf, n);
        return;
    }
    scene_number(v, sizeof v, g->value);
    if (g->click >= 0) {
        sscanf(g->name, "y[%d]", &i);
        snprintf(buf, n, "output %d: a click makes class %d the target of example %d (%s = %d)", g->click, g->click,
                 i, g->name, g->click);
        return;
    }
    const char *how = "drag up or down, or scroll, to change it; double-click to type it";
    if (g->kind == GRIP_BAR)
        snprintf(buf, n, "%s = %s: drag along the bar, or scroll, to change it; double-click to type it", g->name, v);
    else if (sscanf(g->name, "W1[%d][%d]", &i, &j) == 2)
        snprintf(buf, n, "%s = %s: the weight from input %d to hidden unit %d; %s", g->name, v, i, j, how);
    else if (sscanf(g->name, "W2[%d][%d]", &i, &j) == 2)
        snprintf(buf, n, "%s = %s: the weight from hidden unit %d to output %d; %s", g->name, v, i, j, how);
    else if (sscanf(g->name, "x[%d][%d]", &i, &j) == 2)
        snprintf(buf, n, "%s = %s: input %d of example %d; %s", g->name, v, j, i, how);
    else
        snprintf(buf, n, "%s = %s", g->name, v);
}

/* the loss curve at x: the recorded pass nearest to it */
static int curve_tip(const struct scene *sc, const struct session *S, int x, int y, char *buf, size_t n)
{
    const tensor *cv = &S->curve;
    if (sc->curve.w <= 0 || cv->rows < 1 || x < sc->curve.x || x > sc->curve.x + sc->curve.w ||
        y < sc->curve.y || y > sc->curve.y + sc->curve.h)
        return 0;
    double pass = sc->curve.imax * (x - sc->curve.x) / sc->curve.w;
    int best = 0;
    for (int r = 1; r < cv->rows; r++)
        if (fabs(T_AT(cv, r, 0) - pass) < fabs(T_AT(cv, best, 0) - pass))
            best = r;
    char l[64];
    snprintf(buf, n, "after pass %.0f: loss %s", T_AT(cv, best, 0), scene_number(l, sizeof l, T_AT(cv, best, 1)));
    return 1;
}

void touch_tip(const struct scene *sc, const struct session *S, const struct view_state *v, int x, int y,
               char *buf, size_t n)
{
    buf[0] = '\0';
    if (x < 0 || y < 0 || !S)
        return;
    if (in_plot(sc, S, v, x, y)) {
        int p = touch_point_at(sc, S, v, x, y);
        char a[64], b[64];
        if (p >= 0) {
            snprintf(buf, n, "point %d: (%s, %s), class %d; drag to move it, right-click to delete it", p,
                     scene_number(a, sizeof a, T_AT(&S->data.X, p, 0)), scene_number(b, sizeof b, T_AT(&S->data.X, p, 1)),
                     S->data.labels[p]);
        } else {
            struct touch T = { 0 };
            T.plot[0] = sc->plot.x; T.plot[1] = sc->plot.y; T.plot[2] = sc->plot.side; T.plot[3] = sc->plot.span;
            T.origin[0] = sc->plot.x0; T.origin[1] = sc->plot.y0;
            plot_coords(&T, x, y, a, b, sizeof a);
            int k = v->touch_class >= 0 && v->touch_class < v->class_count ? v->touch_class : 0;
            snprintf(buf, n, "click: a point of class %d at (%s, %s)   key c: the next class", k, a, b);
        }
        return;
    }
    if (v->view == VIEW_DATA && curve_tip(sc, S, x, y, buf, n))
        return;
    const struct grip *g = touch_grip_at(sc, x, y);
    if (g)
        grip_tip(g, buf, n);
}

int touch_find(const struct scene *sc, const struct session *S, const struct view_state *v, const char *name,
               int *x, int *y)
{
    int i;
    char end;
    if (sscanf(name, "point[%d%c", &i, &end) == 2 && end == ']' && !name[strcspn(name, "]") + 1]) {
        if (v->view != VIEW_DATA || !S || !S->has_data || S->data.X.cols != 2 || i < 0 || i >= S->data.X.rows ||
            !(sc->plot.span > 0))
            return -1;
        *x = (int)lround(sc->plot.x + sc->plot.side * (T_AT(&S->data.X, i, 0) - sc->plot.x0) / sc->plot.span);
        *y = (int)lround(sc->plot.y + sc->plot.side * (1 - (T_AT(&S->data.X, i, 1) - sc->plot.y0) / sc->plot.span));
        return touch_point_at(sc, S, v, *x, *y) >= 0 ? 0 : -1;
    }
    for (int k = 0; k < sc->n_grips; k++) {
        const struct grip *g = &sc->grips[k];
        if (strcmp(g->name, name) != 0)
            continue;
        int node = g->kind == GRIP_NODE;
        *x = (int)lround(node ? g->x : (g->x + g->x2) / 2);
        *y = (int)lround(node ? g->y : (g->y + g->y2) / 2);
        return 0;
    }
    return -1;
}
