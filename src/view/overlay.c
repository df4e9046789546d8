/* overlay: what is drawn over the views: the lesson's band (its title and
 * the narration the class reads) and the help with the keys. Pure: no SDL.
 * See draw.h. */
#include "draw.h"
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

void overlay_help(struct ctx *c)
{
    static const char *const keys[][2] = {
        { "Space  \xe2\x86\x92", "step (next stage)" },
        { "\xe2\x86\x90", "back" },
        { "Tab", "next view (jacobian, flow, data)" },
        { "t", "theme: dark, light, projector" },
        { "a", "autoscale the Jacobian on/off" },
        { "PgUp  PgDn", "previous / next example of the batch" },
        { "Ctrl +  Ctrl \xe2\x88\x92  Ctrl 0", "zoom text in / out / reset" },
        { "F11", "fullscreen" },
        { "s", "save a snapshot PNG" },
        { "h  ?", "this help" },
        { "Esc", "close the help, leave fullscreen" },
    };
    static const char *const title = "Keys: they run the same commands as the terminal";
    int n = (int)(sizeof keys / sizeof keys[0]);
    int fs = c->base;
    double kw = 0, dw = 0;
    for (int k = 0; k < n; k++) {
        double a = draw_text_width(c->sc, keys[k][0], fs, 1), b = draw_text_width(c->sc, keys[k][1], fs, 0);
        kw = a > kw ? a : kw;
        dw = b > dw ? b : dw;
    }
    double tw = draw_text_width(c->sc, title, (int)(fs * 1.1), 1);
    double bw = kw + dw + fs * 4.5;
    if (tw + fs * 2 > bw)
        bw = tw + fs * 2;
    if (bw > c->w * 0.96) {                 /* small window: shrink the text */
        fs = (int)(fs * c->w * 0.96 / bw);
        kw *= c->w * 0.96 / bw;
        bw = c->w * 0.96;
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
        draw_text(c->sc, bx + fs, y, fs, 1, ANCHOR_TL, c->t->fg, "%s", keys[k][0]);
        draw_text(c->sc, bx + fs * 2.5 + kw, y, fs, 0, ANCHOR_TL, c->t->fg, "%s", keys[k][1]);
    }
}
