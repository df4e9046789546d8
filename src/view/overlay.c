/* overlay: what is drawn over the views: the lesson's band (its title and
 * the narration the class reads) and the help with the keys. Pure: no SDL.
 * See draw.h. */
#include "draw.h"
#include "scene.h"
#include "keys.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* the lesson's band: its title and the narration, for the class       */

/* the band's share of the frame in presenter mode: the same for every
 * part, so that the picture above it never jumps */
#define BAND_PRESENT_SHARE 0.27
#define BAND_LINES 3            /* lines of narration outside presenter mode */

void overlay_band_geometry(const struct ctx *c, int frame_h, struct band *b)
{
    int present = c->v->present;
    double pad = c->base * 0.35;
    b->fs = draw_size(c, c->base * (present ? 1.1 : 1.05));
    b->tfs = draw_size(c, b->fs * 0.8);
    b->line_h = b->fs * 1.3;
    double title_h = b->tfs * 1.35;
    if (present)
        b->h = floor(frame_h * BAND_PRESENT_SHARE);
    else
        b->h = ceil(2 * pad + title_h + BAND_LINES * b->line_h);
    b->y = frame_h - b->h;
    b->text_x = c->base;
    b->text_w = c->w - 2.0 * c->base;
    b->title_y = b->y + pad;
    b->text_y = b->title_y + title_h;
    b->lines = (int)floor((b->h - 2 * pad - title_h) / b->line_h);
    if (b->lines < 1)
        b->lines = 1;
    b->n = b->pages = b->page = b->first = 0;
}

/* the width of the first n bytes of s */
static double width_of(const struct ctx *c, const char *s, size_t n, int fs, int bold)
{
    char buf[1024];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return draw_text_width(c->sc, buf, fs, bold);
}

/* the bytes of s (at most n) that fit in maxw at size fs, cut at a
 * character; at least one character */
static size_t fit_bytes(const struct ctx *c, const char *s, size_t n, int fs, int bold, double maxw)
{
    size_t k = n < 1023 ? n : 1023;
    while (k > 1 && width_of(c, s, k, fs, bold) > maxw) {
        do
            k--;
        while (k > 1 && ((unsigned char)s[k] & 0xc0) == 0x80);
    }
    return k;
}

int overlay_band_wrap(const struct ctx *c, const char *text, int fs, double maxw,
                      const char **starts, int *lens, int max_lines)
{
    int lines = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        if (*p == '\n') {                   /* an empty paragraph */
            p++;
            continue;
        }
        if (!*p)
            break;
        const char *line = p;
        size_t len = 0;
        for (;;) {                          /* add words while the line fits */
            const char *e = p;
            while (*e && *e != ' ' && *e != '\n')
                e++;
            size_t wl = (size_t)(e - line);
            if (width_of(c, line, wl, fs, 0) > maxw) {
                if (len == 0) {             /* a word longer than the line: cut it */
                    len = fit_bytes(c, line, wl, fs, 0, maxw);
                    p = line + len;
                }
                break;
            }
            len = wl;
            p = e;
            while (*p == ' ')
                p++;
            if (!*p || *p == '\n')
                break;
        }
        if (lines < max_lines) {
            starts[lines] = line;
            lens[lines] = (int)len;
        }
        lines++;
        if (*p == '\n')
            p++;
    }
    return lines;
}

void overlay_band_pages(const struct ctx *c, struct band *b, const char *text, int page, int last)
{
    int n = overlay_band_wrap(c, text, b->fs, b->text_w, b->starts, b->lens, BAND_MAX_LINES);
    b->n = n < BAND_MAX_LINES ? n : BAND_MAX_LINES;
    b->pages = b->n > 0 ? (b->n + b->lines - 1) / b->lines : 1;
    b->page = clampi(last ? b->pages - 1 : page, 0, b->pages - 1);
    /* shown for its end (a verdict), the last page ends with the text
     * (it may overlap the one before) */
    b->first = last && b->n > b->lines ? b->n - b->lines : b->page * b->lines;
}

/* the band's title: the lesson's title, cut with an ellipsis where it
 * does not fit, and at the right its part ("  ·  3/7", after the last
 * such dot) and, when the narration has several pages, the page */
static void band_title(struct ctx *c, const struct band *b, const char *title)
{
    struct scene *sc = c->sc;
    const char *dot = NULL;
    for (const char *q = strstr(title, "  \xc2\xb7  "); q; q = strstr(q + 1, "  \xc2\xb7  "))
        dot = q;
    double right = b->text_x + b->text_w;
    int len = dot ? (int)(dot - title) : (int)strlen(title);
    if (dot) {
        const char *part = dot + 6;
        draw_text(sc, right, b->title_y, b->tfs, 1, ANCHOR_TR, c->t->accent, "%s", part);
        right -= draw_text_width(sc, part, b->tfs, 1) + b->tfs;
    }
    if (b->pages > 1) {
        char pg[64];
        if (b->page + 1 < b->pages)
            snprintf(pg, sizeof pg, "page %d/%d  \xc2\xb7  Space: more", b->page + 1, b->pages);
        else
            snprintf(pg, sizeof pg, "page %d/%d", b->page + 1, b->pages);
        double pw = draw_text_width(sc, pg, b->tfs, 0);
        if (pw < (right - b->text_x) * 0.6) {
            draw_text(sc, right, b->title_y, b->tfs, 0, ANCHOR_TR, c->t->accent, "%s", pg);
            right -= pw + b->tfs;
        }
    }
    char buf[400];
    snprintf(buf, sizeof buf, "%.*s", len, title);
    size_t n = strlen(buf);
    while (n > 0 && draw_text_width(sc, buf, b->tfs, 1) > right - b->text_x) {
        /* drop the last character (whole UTF-8 sequence) and end in an ellipsis */
        size_t k = n > 3 && !strcmp(buf + n - 3, "\xe2\x80\xa6") ? n - 3 : n;
        while (k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
            k--;
        k = k > 0 ? k - 1 : 0;
        if (k + 4 > sizeof buf)
            break;
        memcpy(buf + k, "\xe2\x80\xa6", 4);
        n = k + 3;
    }
    draw_text(sc, b->text_x, b->title_y, b->tfs, 1, ANCHOR_TL, c->t->accent, "%s", buf);
}

void overlay_band(struct ctx *c, const struct band *b, const char *title)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    int prev = draw_panel(sc, 0, b->y, c->w, b->h, "band");
    draw_rect(sc, 0, b->y, c->w, b->h, t->panel);
    draw_line(sc, 0, b->y, c->w, b->y, 2 * c->lw, t->accent, 0);
    band_title(c, b, title);
    for (int k = 0; k < b->lines && b->first + k < b->n; k++)
        draw_text(sc, b->text_x, b->text_y + b->line_h * k, b->fs, 0, ANCHOR_TL, t->fg, "%.*s",
                  b->lens[b->first + k], b->starts[b->first + k]);
    draw_panel_end(sc, prev);
}

/* ------------------------------------------------------------------ */
/* the help: the keys of the window                                    */

#define HELP_ROWS 32

/* the rows of the help from the key table: the bindings next to each other
 * with the same words share a row, their labels joined; n rows at most */
static int help_rows(char keys[][96], const char **words, int n)
{
    int rows = 0;
    for (int k = 0; k < n_key_bindings && rows < n; k++) {
        const struct key_binding *b = &key_bindings[k];
        if (rows > 0 && strcmp(words[rows - 1], b->help) == 0) {
            size_t len = strlen(keys[rows - 1]);
            snprintf(keys[rows - 1] + len, sizeof keys[0] - len, "  %s", b->label);
            continue;
        }
        snprintf(keys[rows], sizeof keys[0], "%s", b->label);
        words[rows++] = b->help;
    }
    return rows;
}

void overlay_help(struct ctx *c)
{
    static const char *const title = "Keys: they run the same commands as the terminal";
    char keys[HELP_ROWS][96];
    const char *words[HELP_ROWS];
    int n = help_rows(keys, words, HELP_ROWS);
    int fs = c->base;
    double kw = 0, dw = 0;
    for (int k = 0; k < n; k++) {
        double a = draw_text_width(c->sc, keys[k], fs, 1), b = draw_text_width(c->sc, words[k], fs, 0);
        kw = a > kw ? a : kw;
        dw = b > dw ? b : dw;
    }
    double tw = draw_text_width(c->sc, title, (int)(fs * 1.1), 1);
    double bw = kw + dw + fs * 4.5;
    if (tw + fs * 2 > bw)
        bw = tw + fs * 2;
    /* a small window (or a large zoom): shrink the text to fit */
    double shrink = fmin(c->w * 0.96 / bw, c->h * 0.96 / (fs * 1.6 * (n + 2.5)));
    if (shrink < 1.0) {
        fs = (int)(fs * shrink);
        kw *= shrink;
        bw *= shrink;
    }
    double rowh = fs * 1.6;
    double bh = rowh * (n + 2.5);
    double bx = (c->w - bw) / 2, by = (c->h - bh) / 2;
    draw_rect(c->sc, 0, 0, c->w, c->h, theme_alpha(c->t->bg, 190));
    draw_rect(c->sc, bx, by, bw, bh, c->t->panel);
    draw_frame(c->sc, bx, by, bw, bh, 2 * c->lw, c->t->accent);
    draw_text(c->sc, bx + fs, by + fs * 0.8, (int)(fs * 1.1), 1, ANCHOR_TL, c->t->accent, "%s", title);
    for (int k = 0; k < n; k++) {
        double y = by + rowh * (k + 2.2);
        draw_text(c->sc, bx + fs, y, fs, 1, ANCHOR_TL, c->t->fg, "%s", keys[k]);
        draw_text(c->sc, bx + fs * 2.5 + kw, y, fs, 0, ANCHOR_TL, c->t->fg, "%s", words[k]);
    }
}
