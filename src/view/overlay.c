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

/* the height the band needs for the caption at output width w */
double overlay_band_layout(struct ctx *c, const char *caption, int *fs_out, int *lines_out,
                           const char **starts, int *lens, int max_lines)
{
    const struct view_state *v = c->v;
    int fs = (int)(c->base * (v->present ? 1.45 : 1.1));
    double maxw = c->w - 2.0 * c->base;
    int lines = 0;
    const char *p = caption;
    while (*p && lines < max_lines) {
        while (*p == ' ')
            p++;
        const char *line = p, *brk = NULL;
        char buf[1024];
        size_t n = 0;
        /* add words while the line fits */
        while (*p) {
            const char *e = p;
            while (*e && *e != ' ')
                e++;
            size_t wl = (size_t)(e - line);
            if (wl >= sizeof buf)
                break;
            memcpy(buf, line, wl);
            buf[wl] = '\0';
            if (brk && draw_text_width(c->sc, buf, fs, 0) > maxw)
                break;
            brk = e;
            n = wl;
            p = e;
            while (*p == ' ')
                p++;
            if (!*e)
                break;
        }
        if (!brk) {             /* one word longer than the line: cut it */
            n = strlen(line) < 60 ? strlen(line) : 60;
            p = line + n;
        }
        starts[lines] = line;
        lens[lines] = (int)n;
        lines++;
    }
    *fs_out = fs;
    *lines_out = lines;
    return lines ? fs * 1.35 * (lines + 1) + c->base * 1.2 : 0;
}

void overlay_band(struct ctx *c, const char *title, double y, double hgt, int fs, int lines,
                  const char **starts, const int *lens)
{
    struct scene *sc = c->sc;
    const struct theme_colors *t = c->t;
    double m = c->base;
    draw_rect(sc, 0, y, c->w, hgt, t->panel);
    draw_line(sc, 0, y, c->w, y, 2 * c->lw, t->accent, 0);
    int tfs = (int)(fs * 0.8);
    draw_text(sc, m, y + m * 0.5, tfs, 1, ANCHOR_TL, t->accent, "%s", title);
    for (int k = 0; k < lines; k++)
        draw_text(sc, m, y + m * 0.5 + fs * 1.35 * (k + 1), fs, 0, ANCHOR_TL, t->fg, "%.*s", lens[k], starts[k]);
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
