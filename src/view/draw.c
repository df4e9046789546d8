/* draw: the scene's items, its text arena, text sizes, and numbers as the
 * window shows them. Pure: no SDL. See draw.h. */
#include "draw.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    return it;
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

struct item *draw_text(struct scene *sc, double x, double y, int size, int bold,
                       enum anchor anchor, struct rgba c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len <= 0)
        return NULL;
    if ((size_t)len >= sizeof buf)
        len = sizeof buf - 1;
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
    it->size = size < 6 ? 6 : size;
    it->bold = bold;
    it->anchor = anchor;
    return it;
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

double draw_est_width(const char *s, int size)
{
    return utf8_len(s) * size * 0.62;
}

int draw_fit_size(const char *s, int size, double maxw)
{
    while (size > 8 && draw_est_width(s, size) > maxw)
        size--;
    return size;
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

char *scene_number(char *buf, size_t n, double v)
{
    char tmp[64];
    if (isnan(v))
        snprintf(tmp, sizeof tmp, "nan");
    else if (isinf(v))
        snprintf(tmp, sizeof tmp, "%sinf", v < 0 ? "-" : "");
    else if (fabs(v) >= 1000.0)
        snprintf(tmp, sizeof tmp, "%.3g", v);
    else
        snprintf(tmp, sizeof tmp, "%.3f", v);
    if (strcmp(tmp, "-0.000") == 0)
        strcpy(tmp, "0.000");
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
    draw_text(c->sc, c->w / 2.0, c->h / 2.0 - c->base, (int)(c->base * 1.4), 1, ANCHOR_BC,
              c->t->fg, "%s", title);
    draw_text(c->sc, c->w / 2.0, c->h / 2.0 + c->base * 0.2, c->base, 0, ANCHOR_TC, c->t->dim,
              "%s", hint);
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

