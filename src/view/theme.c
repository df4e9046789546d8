/* theme: the colours of the window, and the palette of the classes.
 * Pure: no SDL. See draw.h and scene.h. */
#include "draw.h"
#include "scene.h"
#include <math.h>

const char *const theme_names[THEME_COUNT] = { "dark", "light", "projector" };

#define C(hex) { (uint8_t)((hex) >> 16), (uint8_t)((hex) >> 8), (uint8_t)(hex), 255 }
/* The edges' two ends (positive, negative) are as far from the background
 * as the theme allows: bright on the dark ones, ColorBrewer RdBu's strong
 * red and blue on paper, so the strongest edges stand out most (a mix
 * from the background grows with |w|). tests/unit/test_palette.c holds
 * every theme to its contrasts under simulated colour blindness. */
static const struct theme_colors themes[THEME_COUNT] = {
    /* dark: a dim room */
    { C(0x16181e), C(0x22252e), C(0xeceef2), C(0xa4aab6), C(0x3a3f4b),
      C(0xffc53d), C(0x16181e), C(0x8fa7c8), C(0xffc53d), 1.0, 1.0, 14,
      C(0xff7a5c), C(0x4da3ff) },
    /* light: paper (the accent dark enough for text under deuteranopia) */
    { C(0xfbfbf8), C(0xeceae4), C(0x16181c), C(0x4a505c), C(0xc9c7c0),
      C(0x9a4d00), C(0xffffff), C(0x5b7396), C(0x9a4d00), 1.0, 1.0, 14,
      C(0xb2182b), C(0x2166ac) },
    /* projector: black, white and yellow, larger and thicker */
    { C(0x000000), C(0x1a1a1a), C(0xffffff), C(0xe0e0e0), C(0x6a6a6a),
      C(0xffe600), C(0x000000), C(0xb8c8ff), C(0xffe600), 1.2, 1.6, 20,
      C(0xff5a4a), C(0x4aa8ff) },
};
#undef C

const struct theme_colors *theme_colors_of(int th)
{
    return &themes[(unsigned)th < THEME_COUNT ? th : 0];
}

/* presenter mode: read from the back of a classroom, nothing under 28 px
 * on a 1920x1080 projector */
#define PRESENT_MIN_TEXT 28.0
#define MIN_TEXT_FLOOR 10

int scene_min_text(int th, int present, int w, int h)
{
    double m = theme_colors_of(th)->min_text;
    if (present && m < PRESENT_MIN_TEXT)
        m = PRESENT_MIN_TEXT;
    double scale = fmin(w / 1920.0, h / 1080.0);
    int px = (int)lround(m * scale);
    return px < MIN_TEXT_FLOOR ? MIN_TEXT_FLOOR : px;
}

struct rgba theme_alpha(struct rgba c, int a)
{
    c.a = (uint8_t)(a < 0 ? 0 : a > 255 ? 255 : a);
    return c;
}

double theme_luminance(struct rgba c)
{
    const uint8_t ch[3] = { c.r, c.g, c.b };
    double lin[3];
    for (int k = 0; k < 3; k++) {
        double v = ch[k] / 255.0;
        lin[k] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

struct rgba theme_ink_on(struct rgba c)
{
    /* the one of black and white with the larger contrast (WCAG 2.1):
     * (L + 0.05) / 0.05 against black, 1.05 / (L + 0.05) against white */
    double L = theme_luminance(c);
    return (L + 0.05) * (L + 0.05) >= 0.05 * 1.05 ? (struct rgba){ 0, 0, 0, 255 }
                                                  : (struct rgba){ 255, 255, 255, 255 };
}

struct rgba scene_value_color(int th, double v, double vmax, double floor)
{
    const struct theme_colors *t = theme_colors_of(th);
    if (!(vmax > 0.0))
        vmax = 1.0;
    double f = fabs(v) / vmax;
    if (!(f <= 1.0))
        f = isnan(v) ? 0.0 : 1.0;
    struct rgba end = v < 0 ? t->edge_neg : t->edge_pos, bg = t->bg;
    double m = floor + (1.0 - floor) * f;
    return (struct rgba){ (uint8_t)lround(bg.r + (end.r - bg.r) * m), (uint8_t)lround(bg.g + (end.g - bg.g) * m),
                          (uint8_t)lround(bg.b + (end.b - bg.b) * m), 255 };
}

struct rgba scene_class_color(int k)
{
    /* Okabe & Ito's eight colours (without black), then two of Paul Tol's;
     * the first three (orange, sky blue, blue) stay apart under simulated
     * protanopia, deuteranopia and tritanopia (test_palette) */
    static const uint32_t hex[CLASS_COLORS] = { 0xe69f00, 0x56b4e9, 0x0072b2, 0x009e73, 0xf0e442,
                                                0xd55e00, 0xcc79a7, 0x999999, 0x882255, 0x44aa99 };
    int n = CLASS_COLORS;
    uint32_t h = hex[((k % n) + n) % n];
    return (struct rgba){ (uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h, 255 };
}
