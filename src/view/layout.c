/* layout: the checks of a built scene's texts. See layout.h. */
#include "layout.h"
#include "draw.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static void problem(struct layout_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct layout_report *r, const char *fmt, ...)
{
    if (r->problems < LAYOUT_MSGS) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->msg[r->problems], sizeof r->msg[0], fmt, ap);
        va_end(ap);
    }
    r->problems++;
}

/* a is inside b, give or take half a pixel (positions are rounded) */
static int inside(const double a[4], double x, double y, double w, double h)
{
    return a[0] >= x - 0.5 && a[1] >= y - 0.5 && a[2] <= x + w + 0.5 && a[3] <= y + h + 0.5;
}

static void box_of(const struct scene *sc, const struct item *it, double b[4])
{
    draw_text_box(sc, it->text, it->size, it->bold, it->anchor, it->x, it->y, b);
}

/* one text alone: its size, the frame and its panel */
static void check_text(const struct scene *sc, const struct item *it, int min_text,
                       struct layout_report *r)
{
    double b[4];
    box_of(sc, it, b);
    /* the box the placer used (item.box) is the one the font gives */
    for (int k = 0; k < 4; k++)
        if (fabs(b[k] - it->box[k]) > 0.5) {
            problem(r, "'%s': its box was made for another size or font", it->text);
            break;
        }
    if (it->size < min_text)
        problem(r, "'%s' is %d px, under the smallest text %d px", it->text, it->size, min_text);
    if (!inside(b, 0, 0, sc->w, sc->h))
        problem(r, "'%s' at (%.0f,%.0f)-(%.0f,%.0f) leaves the %dx%d frame", it->text, b[0], b[1],
                b[2], b[3], sc->w, sc->h);
    const struct panel *p = it->panel >= 0 && it->panel < sc->n_panels ? &sc->panels[it->panel]
                                                                       : &sc->panels[0];
    if (!inside(b, p->x, p->y, p->w, p->h))
        problem(r, "'%s' at (%.0f,%.0f)-(%.0f,%.0f) leaves its panel %s (%.0f,%.0f)-(%.0f,%.0f)",
                it->text, b[0], b[1], b[2], b[3], p->name ? p->name : "?", p->x, p->y,
                p->x + p->w, p->y + p->h);
}

/* a filled rectangle or disc q, drawn after the text p on its layer,
 * covers more than half a pixel of p's box */
static int paints_over(const struct item *q, const float *pb)
{
    if (q->color.a < 128)
        return 0;
    if (q->kind == ITEM_RECT)
        return pb[0] < q->x + q->w - 0.5 && q->x < pb[2] - 0.5 && pb[1] < q->y + q->h - 0.5 &&
               q->y < pb[3] - 0.5;
    if (q->kind != ITEM_DISC)
        return 0;
    /* the point of the box nearest the centre */
    double nx = fmax(pb[0], fmin(q->x, pb[2])), ny = fmax(pb[1], fmin(q->y, pb[3]));
    return hypot(nx - q->x, ny - q->y) < q->w - 0.5;
}

/* a frame q around a value (a cell's: under 8 smallest texts either
 * way) that holds the point p is anchored at, and p's box crosses its
 * line (frames are drawn inward) */
static int crosses_frame(const struct item *q, const struct item *p, int min_text)
{
    double fw = q->width < 1 ? 1 : q->width;
    if (q->kind != ITEM_FRAME || q->w > 8 * min_text || q->h > 8 * min_text || p->x <= q->x + fw ||
        p->x >= q->x + q->w - fw || p->y <= q->y + fw || p->y >= q->y + q->h - fw)
        return 0;
    double in[4] = { p->box[0], p->box[1], p->box[2], p->box[3] };
    return !inside(in, q->x + fw, q->y + fw, q->w - 2 * fw, q->h - 2 * fw);
}

int layout_check(const struct scene *sc, int min_text, struct layout_report *r)
{
    r->texts = 0;
    r->problems = 0;
    for (int k = 0; k < sc->n_panels; k++) {
        const struct panel *p = &sc->panels[k];
        double b[4] = { p->x, p->y, p->x + p->w, p->y + p->h };
        if (!inside(b, 0, 0, sc->w, sc->h))
            problem(r, "panel %s (%.0f,%.0f)-(%.0f,%.0f) leaves the %dx%d frame",
                    p->name ? p->name : "?", b[0], b[1], b[2], b[3], sc->w, sc->h);
    }
    for (int a = 0; a < sc->n_items; a++) {
        const struct item *p = &sc->items[a];
        if (p->kind != ITEM_TEXT)
            continue;
        r->texts++;
        check_text(sc, p, min_text, r);
        const float *pb = p->box;
        for (int b = 0; b < sc->n_items; b++) {
            const struct item *q = &sc->items[b];
            if (q->layer == p->layer && crosses_frame(q, p, min_text)) {
                problem(r, "'%s' (%.0f,%.0f)-(%.0f,%.0f) crosses the frame (%.0f,%.0f)-(%.0f,%.0f) around it",
                        p->text, pb[0], pb[1], pb[2], pb[3], q->x, q->y, q->x + q->w, q->y + q->h);
                break;
            }
        }
        int covered = 0;
        for (int b = a + 1; b < sc->n_items; b++) {
            const struct item *q = &sc->items[b];
            if (q->layer != p->layer)
                continue;
            if (!covered && paints_over(q, pb)) {
                covered = 1;
                problem(r, "'%s' (%.0f,%.0f)-(%.0f,%.0f) is painted over by a %s drawn after it", p->text,
                        pb[0], pb[1], pb[2], pb[3], q->kind == ITEM_DISC ? "disc" : "rectangle");
                continue;
            }
            if (q->kind != ITEM_TEXT)
                continue;
            const float *qb = q->box;
            /* more than half a pixel over each other, both ways */
            if (pb[0] < qb[2] - 0.5 && qb[0] < pb[2] - 0.5 && pb[1] < qb[3] - 0.5 && qb[1] < pb[3] - 0.5)
                problem(r, "'%s' (%.0f,%.0f)-(%.0f,%.0f) and '%s' (%.0f,%.0f)-(%.0f,%.0f) overlap",
                        p->text, pb[0], pb[1], pb[2], pb[3], q->text, qb[0], qb[1], qb[2], qb[3]);
        }
    }
    return r->problems;
}
