/* termheat: see termheat.h. */
#include "termheat.h"
#include "colormap.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum termheat_mode termheat_mode(FILE *out)
{
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM"), *ct = getenv("COLORTERM");
    if (!out || !isatty(fileno(out)) || (nc && *nc) || !term || strcmp(term, "dumb") == 0)
        return TERMHEAT_NONE;
    if (ct && (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0))
        return TERMHEAT_TRUECOLOR;
    if (strstr(term, "256color"))
        return TERMHEAT_256;
    return TERMHEAT_NONE;
}

/* the xterm 256-colour cube entry nearest to c */
static int cube(struct rgba c)
{
    static const int lv[6] = { 0, 95, 135, 175, 215, 255 };
    int idx[3], ch[3] = { c.r, c.g, c.b };
    for (int k = 0; k < 3; k++) {
        int best = 0;
        for (int q = 1; q < 6; q++)
            if (abs(lv[q] - ch[k]) < abs(lv[best] - ch[k]))
                best = q;
        idx[k] = best;
    }
    return 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
}

static void colour(FILE *out, struct rgba c, int bg, enum termheat_mode mode)
{
    if (mode == TERMHEAT_TRUECOLOR)
        fprintf(out, "\033[%d;2;%d;%d;%dm", bg ? 48 : 38, c.r, c.g, c.b);
    else
        fprintf(out, "\033[%d;5;%dm", bg ? 48 : 38, cube(c));
}

/* the entry of largest magnitude in the block of J that pixel (py, px) covers */
static double pooled(const tensor *J, int py, int px, int res)
{
    int n = J->rows;
    int i0 = (int)((long long)py * n / res), i1 = (int)((long long)(py + 1) * n / res);
    int j0 = (int)((long long)px * n / res), j1 = (int)((long long)(px + 1) * n / res);
    if (i1 <= i0) i1 = i0 + 1;
    if (j1 <= j0) j1 = j0 + 1;
    double best = 0;
    for (int i = i0; i < i1 && i < n; i++)
        for (int j = j0; j < j1 && j < n; j++)
            if (fabs(T_AT(J, i, j)) > fabs(best))
                best = T_AT(J, i, j);
    return best;
}

void termheat_print(FILE *out, const tensor *J, double scale, enum termheat_mode mode,
                    int max_cols)
{
    if (mode == TERMHEAT_NONE || !J->data || J->rows < 1 || J->rows != J->cols)
        return;
    int n = J->rows;
    if (max_cols < 8)
        max_cols = 8;
    /* pixels per side: each entry at least 2x2 pixels (2 columns, 1 line)
     * when it fits, pooled down when n is large */
    int res = n, rep = 1;
    if (res > max_cols)
        res = max_cols;
    while (res * (rep + 1) <= max_cols && rep < 8 && res * (rep + 1) <= 48)
        rep++;
    int side = res * rep;
    if (side % 2)
        side++;                         /* whole character lines */
    for (int y = 0; y < side; y += 2) {
        fputs("  ", out);
        struct rgba last_up = { 0, 0, 0, 0 }, last_dn = { 0, 0, 0, 0 };
        int first = 1;
        for (int x = 0; x < res * rep; x++) {
            int px = x / rep;
            int top = y / rep, bot = (y + 1) / rep;
            struct rgba up = colormap_rgba(pooled(J, top, px, res), scale);
            struct rgba dn = bot < res ? colormap_rgba(pooled(J, bot, px, res), scale) : up;
            /* escape codes only where the colour changes */
            if (first || memcmp(&up, &last_up, sizeof up) != 0)
                colour(out, up, 0, mode);
            if (first || memcmp(&dn, &last_dn, sizeof dn) != 0)
                colour(out, dn, 1, mode);
            fputs("\xe2\x96\x80", out);                 /* ▀ */
            last_up = up;
            last_dn = dn;
            first = 0;
        }
        fputs("\033[0m\n", out);
    }
    /* legend: the map from -scale to +scale */
    fprintf(out, "  %+.3g ", -scale);
    for (int k = 0; k < 16; k++) {
        colour(out, colormap_at(k / 15.0), 1, mode);
        fputs(" ", out);
    }
    fprintf(out, "\033[0m %+.3g\n", scale);
}
