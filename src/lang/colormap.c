/* colormap: reversed ColorBrewer RdBu, 11 anchors interpolated into a
 * 256-entry table (see colormap.h and assets/COLORMAP.md). */
#include "colormap.h"
#include <math.h>

/* RdBu (11 classes), from its blue end to its red end: the reversed order,
 * so that negative values are blue and positive values red. */
static const uint8_t anchors[11][3] = {
    { 0x05, 0x30, 0x61 }, { 0x21, 0x66, 0xac }, { 0x43, 0x93, 0xc3 },
    { 0x92, 0xc5, 0xde }, { 0xd1, 0xe5, 0xf0 }, { 0xf7, 0xf7, 0xf7 },
    { 0xfd, 0xdb, 0xc7 }, { 0xf4, 0xa5, 0x82 }, { 0xd6, 0x60, 0x4d },
    { 0xb2, 0x18, 0x2b }, { 0x67, 0x00, 0x1f },
};

static struct rgba table[COLORMAP_STEPS];
static int table_ready;

static void build_table(void)
{
    for (int k = 0; k < COLORMAP_STEPS; k++) {
        /* position along the 10 segments between the anchors */
        double p = (double)k / (COLORMAP_STEPS - 1) * 10.0;
        int a = (int)p;
        if (a > 9)
            a = 9;
        double f = p - a;
        uint8_t c[3];
        for (int ch = 0; ch < 3; ch++)
            c[ch] = (uint8_t)lround(anchors[a][ch] * (1.0 - f) + anchors[a + 1][ch] * f);
        table[k] = (struct rgba){ c[0], c[1], c[2], 255 };
    }
    /* the exact centre: 256 entries have no middle one, so both middle
     * entries take the neutral anchor */
    table[COLORMAP_STEPS / 2 - 1] = table[COLORMAP_STEPS / 2] =
        (struct rgba){ anchors[5][0], anchors[5][1], anchors[5][2], 255 };
    table_ready = 1;
}

struct rgba colormap_at(double t)
{
    if (!table_ready)
        build_table();
    if (!(t >= 0.0))            /* also NaN */
        t = isnan(t) ? 0.5 : 0.0;
    if (t > 1.0)
        t = 1.0;
    int k = (int)lround(t * (COLORMAP_STEPS - 1));
    /* 0 lands between the two middle entries: both are the centre */
    return table[k];
}

struct rgba colormap_rgba(double v, double scale)
{
    if (!(scale > 0.0) || isinf(scale))
        scale = 1.0;
    if (isnan(v))
        v = 0.0;
    return colormap_at(0.5 + 0.5 * v / scale);
}

uint32_t colormap_argb(double v, double scale)
{
    struct rgba c = colormap_rgba(v, scale);
    return 0xff000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}
