/* draw: the scene's items, its text arena, text sizes, and numbers as the
 * window shows them. Pure: no SDL. See draw.h. */
#include "draw.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 512        /* the longest text of an item, in bytes */

/* ------------------------------------------------------------------ */
/* the item list and the text arena                                    */

struct item *draw_push(struct scene *sc, enum item_kind kind, struct rgba color)
{
    if (sc->n_items == sc->cap_items) {
        int cap = sc->cap_items ? sc->cap_items * 2 : 1024;
        struct item *p = realloc(sc->items, (size_t)cap * sizeof *p);
        if (!p) {
            sc->overflow = 1;
            return NULL;
        }
        sc->items = p;
        sc->cap_items = cap;
    }
    struct item *it = &sc->items[sc->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->color = color;
    it->layer = (short)sc->cur_layer;
    return it;
}

struct grip *draw_grip(struct scene *sc, enum grip_kind kind, double value, double per_px,
                           const char *fmt, ...)
{
    if (sc->n_grips == sc->cap_grips) {
        int cap = sc->cap_grips ? sc->cap_grips * 2 : 256;
        struct grip *p = realloc(sc->grips, (size_t)cap * sizeof *p);
        if (!p)
            return NULL;                /* the mouse just finds less */
        sc->grips = p;
        sc->cap_grips = cap;
    }
    struct grip *t = &sc->grips[sc->n_grips++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->value = value;
    t->per_px = per_px;
    t->click = -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->name, sizeof t->name, fmt, ap);
    va_end(ap);
    return t;
}

void draw_rect(struct scene *sc, double x, double y, double w, double h, struct rgba c)
{
    struct item *it = draw_push(sc, ITEM_RECT, c);
    if (it) {
        it->x = (float)x; it->y = (float)y; it->w = (float)w; it->h = (float)h;
    }
}

void draw_frame(struct scene *sc, double x, double y, double w, double h, double width,
                struct rgba c)
{
    struct item *it = draw_push(sc, ITEM_FRAME, c);
    if (it) {
        it->x = (float)x; it->y = (float)y; it->w = (float)w; it->h = (float)h;
        it->width = (float)width;
    }
}

void draw_line(struct scene *sc, double x1, double y1, double x2, double y2, double width,
               struct rgba c, int arrow)
{
    struct item *it = draw_push(sc, ITEM_LINE, c);
    if (it) {
        it->x = (float)x1; it->y = (float)y1; it->x2 = (float)x2; it->y2 = (float)y2;
        it->width = (float)width;
        it->arrow = arrow;
    }
}

struct item *draw_disc(struct scene *sc, double x, double y, double r, struct rgba c)
{
    struct item *it = draw_push(sc, ITEM_DISC, c);
    if (it) {
        it->x = (float)x; it->y = (float)y; it->w = (float)r;
    }
    return it;
}

void draw_image(struct scene *sc, double x, double y, double w, double h, struct rgba c)
{
    struct item *it = draw_push(sc, ITEM_IMAGE, c);
    if (it) {
        it->x = (float)x; it->y = (float)y; it->w = (float)w; it->h = (float)h;
    }
}

/* a text item for buf (len bytes) at (x, y); NULL when out of memory.
 * box: where it goes (draw_text_box) */
static struct item *push_text(struct scene *sc, const char *buf, int len, double x, double y,
                              int size, int bold, enum anchor anchor, struct rgba c,
                              const double box[4])
{
    if (sc->arena_len + (size_t)len + 1 > sc->arena_cap) {
        size_t cap = sc->arena_cap ? sc->arena_cap * 2 : 65536;
        while (cap < sc->arena_len + (size_t)len + 1)
            cap *= 2;
        char *p = realloc(sc->arena, cap);
        if (!p) {
            sc->overflow = 1;
            return NULL;
        }
        sc->arena = p;
        sc->arena_cap = cap;
    }
    struct item *it = draw_push(sc, ITEM_TEXT, c);
    if (!it)
        return NULL;
    memcpy(sc->arena + sc->arena_len, buf, (size_t)len + 1);
    it->text_off = sc->arena_len;
    sc->arena_len += (size_t)len + 1;
    it->x = (float)x; it->y = (float)y;
    it->size = size;
    it->bold = bold;
    it->anchor = anchor;
    it->panel = (short)sc->cur_panel;
    for (int k = 0; k < 4; k++)
        it->box[k] = (float)box[k];
    return it;
}

/* fmt and its arguments into buf (TEXT_MAX bytes): the length, cut to
 * fit; 0 for an empty text */
static int format_text(char *buf, const char *fmt, va_list ap)
{
    int len = vsnprintf(buf, TEXT_MAX, fmt, ap);
    if (len <= 0)
        return 0;
    return len >= TEXT_MAX ? TEXT_MAX - 1 : len;
}

/* a text at (x, y); free_only: only where draw_box_free says it fits */
static struct item *vtext(struct scene *sc, double x, double y, int size, int bold,
                          enum anchor anchor, struct rgba c, int free_only, const char *fmt,
                          va_list ap)
{
    char buf[TEXT_MAX];
    int len = format_text(buf, fmt, ap);
    if (!len)
        return NULL;
    size = size < 6 ? 6 : size;
    double box[4];
    draw_text_box(sc, buf, size, bold, anchor, x, y, box);
    if (free_only && !draw_box_free(sc, box))
        return NULL;
    return push_text(sc, buf, len, x, y, size, bold, anchor, c, box);
}

struct item *draw_text(struct scene *sc, double x, double y, int size, int bold,
                       enum anchor anchor, struct rgba c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct item *it = vtext(sc, x, y, size, bold, anchor, c, 0, fmt, ap);
    va_end(ap);
    return it;
}

struct item *draw_label(struct scene *sc, double x, double y, int size, int bold,
                        enum anchor anchor, struct rgba c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct item *it = vtext(sc, x, y, size, bold, anchor, c, 1, fmt, ap);
    va_end(ap);
    return it;
}

void draw_text_box(const struct scene *sc, const char *s, int size, int bold, enum anchor anchor,
                   double x, double y, double box[4])
{
    double w = draw_text_width(sc, s, size, bold), h = size * TEXT_LINE_EM;
    int col = anchor % 3, row = anchor / 3;
    box[0] = x - (col == 1 ? w / 2 : col == 2 ? w : 0);
    box[1] = y - (row == 1 ? h / 2 : row == 2 ? h : 0);
    box[2] = box[0] + w;
    box[3] = box[1] + h;
}

int draw_box_free(const struct scene *sc, const double box[4])
{
    const struct panel *p = &sc->panels[sc->cur_panel];
    if (box[0] < p->x - 0.5 || box[1] < p->y - 0.5 || box[2] > p->x + p->w + 0.5 ||
        box[3] > p->y + p->h + 0.5)
        return 0;
    for (int k = 0; k < sc->n_items; k++) {
        const struct item *it = &sc->items[k];
        if (it->kind == ITEM_TEXT && it->layer == sc->cur_layer && box[0] < it->box[2] - 0.5 &&
            it->box[0] < box[2] - 0.5 && box[1] < it->box[3] - 0.5 && it->box[1] < box[3] - 0.5)
            return 0;
    }
    return 1;
}

int draw_panel(struct scene *sc, double x, double y, double w, double h, const char *name)
{
    int prev = sc->cur_panel;
    if (sc->n_panels == SCENE_PANELS)
        return prev;            /* (the texts stay in the enclosing panel) */
    sc->panels[sc->n_panels] = (struct panel){ (float)x, (float)y, (float)w, (float)h, name };
    sc->cur_panel = sc->n_panels++;
    return prev;
}

void draw_panel_end(struct scene *sc, int previous)
{
    sc->cur_panel = previous;
}

/* characters (not bytes) of a UTF-8 string */
static int utf8_len(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

int draw_fit(const struct ctx *c, const char *s, int want, int bold, double maxw)
{
    int size = want < c->min ? c->min : want;
    double w = draw_text_width(c->sc, s, size, bold);
    if (w <= maxw)
        return size;
    /* the width grows about linearly with the size: one guess, then down */
    int guess = (int)(size * maxw / w);
    for (size = guess < size ? guess : size - 1; size >= c->min; size--)
        if (draw_text_width(c->sc, s, size, bold) <= maxw)
            return size;
    return 0;
}

struct item *draw_text_fit(struct ctx *c, double x, double y, int want, int bold, enum anchor anchor,
                           struct rgba col, double maxw, const char *s)
{
    int size = draw_fit(c, s, want, bold, maxw);
    if (size)
        return draw_text(c->sc, x, y, size, bold, anchor, col, "%s", s);
    /* cut at the minimum size: whole characters, then an ellipsis */
    char buf[TEXT_MAX];
    size_t n = strlen(s) < sizeof buf - 4 ? strlen(s) : sizeof buf - 4;
    memcpy(buf, s, n);
    do {
        while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
            n--;
        n = n > 0 ? n - 1 : 0;
        memcpy(buf + n, "\xe2\x80\xa6", 4);
    } while (n > 0 && draw_text_width(c->sc, buf, c->min, bold) > maxw);
    return n > 0 ? draw_text(c->sc, x, y, c->min, bold, anchor, col, "%s", buf) : NULL;
}

double draw_text_width(const struct scene *sc, const char *s, int size, int bold)
{
    if (sc->measure)
        return sc->measure(sc->measure_ud, s, size, bold);
    /* DejaVu Sans: digits are 0.636 em, most letters a little less */
    return utf8_len(s) * size * (bold ? 0.66 : 0.62);
}

/* ------------------------------------------------------------------ */
/* numbers and labels                                                  */

/* v with dp decimals below 1000 (scene_number) */
static char *number_dp(char *buf, size_t n, double v, int dp)
{
    char tmp[64];
    if (isnan(v))
        snprintf(tmp, sizeof tmp, "nan");
    else if (isinf(v))
        snprintf(tmp, sizeof tmp, "%sinf", v < 0 ? "-" : "");
    else if (fabs(v) >= 1e6)
        return draw_sci(buf, n, v);
    else if (fabs(v) >= 1000.0)
        snprintf(tmp, sizeof tmp, "%.0f", v);       /* 1000, not 1e+03 */
    else
        snprintf(tmp, sizeof tmp, "%.*f", dp, v);
    if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
        memmove(tmp, tmp + 1, strlen(tmp));        /* -0.000 is 0.000 */
    /* a real minus sign: '-' is a hyphen */
    size_t o = 0;
    for (const char *p = tmp; *p && o + 4 < n; p++) {
        if (*p == '-') {
            memcpy(buf + o, "\xe2\x88\x92", 3);
            o += 3;
        } else {
            buf[o++] = *p;
        }
    }
    if (n)
        buf[o < n ? o : n - 1] = '\0';
    return buf;
}

char *scene_number(char *buf, size_t n, double v)
{
    return number_dp(buf, n, v, 3);
}

char *scene_number2(char *buf, size_t n, double v)
{
    return number_dp(buf, n, v, 2);
}

/* v in short scientific form with dp decimals of the mantissa */
static char *sci_dp(char *buf, size_t n, double v, int dp)
{
    if (!isfinite(v))
        return scene_number(buf, n, v);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.*e", dp, fabs(v));
    char *e = strchr(tmp, 'e');
    int ex = e ? atoi(e + 1) : 0;
    if (e)
        *e = '\0';
    snprintf(buf, n, "%s%se%s%d", v < 0 ? "\xe2\x88\x92" : "", tmp, ex < 0 ? "\xe2\x88\x92" : "", abs(ex));
    return buf;
}

char *draw_sci(char *buf, size_t n, double v)
{
    return sci_dp(buf, n, v, 1);
}

char *draw_sci0(char *buf, size_t n, double v)
{
    return sci_dp(buf, n, v, 0);
}

char *draw_signed_number(char *buf, size_t n, double v)
{
    char tmp[48];
    scene_number(tmp, sizeof tmp, v);
    if (v > 0 && strcmp(tmp, "0.000") != 0)
        snprintf(buf, n, "+%s", tmp);
    else
        snprintf(buf, n, "%s", tmp);
    return buf;
}

char *draw_subscript(char *buf, size_t n, const char *name, int i)
{
    static const char *const sub[10] = {
        "\xe2\x82\x80", "\xe2\x82\x81", "\xe2\x82\x82", "\xe2\x82\x83", "\xe2\x82\x84",
        "\xe2\x82\x85", "\xe2\x82\x86", "\xe2\x82\x87", "\xe2\x82\x88", "\xe2\x82\x89",
    };
    char digits[16];
    snprintf(digits, sizeof digits, "%d", i);
    size_t o = (size_t)snprintf(buf, n, "%s", name);
    for (const char *d = digits; *d && o + 4 < n; d++) {
        memcpy(buf + o, sub[*d - '0'], 3);
        o += 3;
    }
    buf[o < n ? o : n - 1] = '\0';
    return buf;
}

void draw_empty_message(struct ctx *c, const char *title, const char *hint)
{
    double w = c->w - 2.0 * c->base;
    draw_text_fit(c, c->w / 2.0, c->h / 2.0 - c->base * 0.3, draw_size(c, c->base * 1.4), 1, ANCHOR_BC,
                  c->t->fg, w, title);
    draw_text_fit(c, c->w / 2.0, c->h / 2.0 + c->base * 0.3, draw_size(c, c->base), 0, ANCHOR_TC,
                  c->t->dim, w, hint);
}

int draw_image_room(struct scene *sc, int res)
{
    size_t need = (size_t)res * (size_t)res;
    if (need > sc->pixels_cap) {
        uint32_t *p = realloc(sc->pixels, need * sizeof *p);
        if (!p)
            return -1;
        sc->pixels = p;
        sc->pixels_cap = need;
    }
    return 0;
}

