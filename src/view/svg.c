/* svg: a scene written as SVG. See svg.h. */
#include "svg.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define ASCENT 0.928            /* DejaVu Sans, in em: the baseline below the top of a line */

int svg_path(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".svg");
}

/* a coordinate: at most two decimals, no trailing zeros */
static const char *num(char *buf, double v)
{
    if (!isfinite(v))
        v = 0;
    snprintf(buf, 32, "%.2f", v);
    char *e = buf + strlen(buf);
    while (e[-1] == '0')
        *--e = '\0';
    if (e[-1] == '.')
        *--e = '\0';
    if (!strcmp(buf, "-0"))
        strcpy(buf, "0");
    return buf;
}

/* fill="#rrggbb" (and its opacity when not opaque); attr: fill or stroke */
static void paint(FILE *fp, const char *attr, struct rgba c)
{
    fprintf(fp, " %s=\"#%02x%02x%02x\"", attr, c.r, c.g, c.b);
    if (c.a != 255)
        fprintf(fp, " %s-opacity=\"%.3f\"", attr, c.a / 255.0);
}

/* ------------------------------------------------------------------ */
/* text                                                                 */

/* the length of the UTF-8 character at s (n bytes left) and its code
 * point, or 0 when it is not a valid one */
static int utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
    int len = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (!len || (size_t)len > n)
        return 0;
    uint32_t c = len == 1 ? s[0] : s[0] & (0x3f >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* s as XML character data: & < > escaped; what XML cannot hold (invalid
 * UTF-8, control characters, U+FFFE and U+FFFF) as U+FFFD */
static void xml_text(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        uint32_t c;
        int len = utf8_char(p, n, &c);
        if (!len || c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfffe || c == 0xffff)
            fputs("\xef\xbf\xbd", fp);
        else if (c == '&')
            fputs("&amp;", fp);
        else if (c == '<')
            fputs("&lt;", fp);
        else if (c == '>')
            fputs("&gt;", fp);
        else
            fwrite(p, 1, (size_t)len, fp);
        len = len ? len : 1;
        p += len;
        n -= (size_t)len;
    }
}

/* the renderer puts the top left of a text's line box (TEXT_LINE_EM of its
 * size high) at (x, y) moved by the anchor; SVG wants the baseline */
static void put_text(FILE *fp, const struct item *it)
{
    static const char *const anchors[3] = { "start", "middle", "end" };
    int col = it->anchor % 3, row = it->anchor / 3;
    double top = it->y - (row == 1 ? TEXT_LINE_EM / 2 : row == 2 ? TEXT_LINE_EM : 0) * it->size;
    char a[32], b[32];
    fprintf(fp, "<text class=\"text\" x=\"%s\" y=\"%s\" font-size=\"%d\"", num(a, it->x),
            num(b, top + ASCENT * it->size), it->size);
    if (it->bold)
        fputs(" font-weight=\"bold\"", fp);
    if (col)
        fprintf(fp, " text-anchor=\"%s\"", anchors[col]);
    paint(fp, "fill", it->color);
    fputc('>', fp);
    xml_text(fp, it->text ? it->text : "");
    fputs("</text>\n", fp);
}

/* ------------------------------------------------------------------ */
/* shapes                                                               */

static void put_rect(FILE *fp, const struct item *it)
{
    char a[32], b[32], c[32], d[32];
    fprintf(fp, "<rect class=\"rect\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"", num(a, it->x), num(b, it->y),
            num(c, it->w), num(d, it->h));
    paint(fp, "fill", it->color);
    fputs("/>\n", fp);
}

/* a frame is drawn inside its box: the stroke's middle half a width in */
static void put_frame(FILE *fp, const struct item *it)
{
    double w = it->width < 1 ? 1 : it->width;
    char a[32], b[32], c[32], d[32], e[32];
    fprintf(fp, "<rect class=\"frame\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke-width=\"%s\"",
            num(a, it->x + w / 2), num(b, it->y + w / 2), num(c, it->w - w), num(d, it->h - w), num(e, w));
    paint(fp, "stroke", it->color);
    fputs("/>\n", fp);
}

/* the renderer's line: a quad of the width (at least 1) from the start to
 * the head's base, and the head, a triangle, for an arrow */
static void put_line(FILE *fp, const struct item *it)
{
    double dx = it->x2 - it->x, dy = it->y2 - it->y, len = sqrt(dx * dx + dy * dy);
    double ux = len > 0 ? dx / len : 1, uy = len > 0 ? dy / len : 0;
    double hw = it->width / 2.0 < 0.5 ? 0.5 : it->width / 2.0;
    double head = it->arrow ? it->width * 2.5 + 6 : 0;
    double ex = it->x2 - ux * head, ey = it->y2 - uy * head, px = -uy * hw, py = ux * hw;
    char p[8][32];
    fprintf(fp, "<path class=\"line\" d=\"M%s %sL%s %sL%s %sL%s %sZ", num(p[0], it->x + px), num(p[1], it->y + py),
            num(p[2], ex + px), num(p[3], ey + py), num(p[4], ex - px), num(p[5], ey - py), num(p[6], it->x - px),
            num(p[7], it->y - py));
    if (it->arrow) {
        double aw = hw * 2.2 + 4;
        fprintf(fp, "M%s %sL%s %sL%s %sZ", num(p[0], it->x2), num(p[1], it->y2), num(p[2], ex - uy * aw),
                num(p[3], ey + ux * aw), num(p[4], ex + uy * aw), num(p[5], ey - ux * aw));
    }
    fputc('"', fp);
    paint(fp, "fill", it->color);
    fputs("/>\n", fp);
}

/* a disc; with a rim, its outer fifth at a quarter of the brightness, as
 * the renderer's sprites draw it */
static void put_disc(FILE *fp, const struct item *it)
{
    char a[32], b[32], c[32], d[32];
    double r = it->w;
    fprintf(fp, "<circle class=\"disc\" cx=\"%s\" cy=\"%s\" r=\"%s\"", num(a, it->x), num(b, it->y),
            num(c, it->rim ? r * 0.9 : r));
    paint(fp, "fill", it->color);
    if (it->rim) {
        struct rgba dark = { (uint8_t)(it->color.r / 4), (uint8_t)(it->color.g / 4), (uint8_t)(it->color.b / 4),
                             it->color.a };
        paint(fp, "stroke", dark);
        fprintf(fp, " stroke-width=\"%s\"", num(d, r * 0.2));
    }
    fputs("/>\n", fp);
}

/* ------------------------------------------------------------------ */
/* the image: a PNG in base64, or rects                                 */

/* bytes out in base64, and through the CRC of the PNG chunk they are in */
struct b64 {
    FILE *fp;
    unsigned char held[3];
    int n;
    uint32_t crc;
    uint32_t adler_a, adler_b;
};

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static void b64_flush(struct b64 *o)
{
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (!o->n)
        return;
    unsigned v = (unsigned)o->held[0] << 16 | (o->n > 1 ? (unsigned)o->held[1] << 8 : 0) | (o->n > 2 ? o->held[2] : 0);
    char out[4] = { set[v >> 18 & 63], set[v >> 12 & 63], o->n > 1 ? set[v >> 6 & 63] : '=',
                    o->n > 2 ? set[v & 63] : '=' };
    fwrite(out, 1, 4, o->fp);
    o->n = 0;
}

static void put_bytes(struct b64 *o, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        o->crc = crc_table[(o->crc ^ p[i]) & 255] ^ (o->crc >> 8);
        o->held[o->n++] = p[i];
        if (o->n == 3)
            b64_flush(o);
    }
}

static void put_u32(struct b64 *o, uint32_t v)
{
    unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                           (unsigned char)v };
    put_bytes(o, b, 4);
}

/* raw image bytes inside the zlib stream: also through its Adler-32 */
static void put_raw(struct b64 *o, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        o->adler_a = (o->adler_a + p[i]) % 65521;
        o->adler_b = (o->adler_b + o->adler_a) % 65521;
    }
    put_bytes(o, p, n);
}

static void chunk_start(struct b64 *o, uint32_t len, const char *type)
{
    put_u32(o, len);
    o->crc = 0xffffffffu;
    put_bytes(o, (const unsigned char *)type, 4);
}

static void chunk_end(struct b64 *o)
{
    put_u32(o, o->crc ^ 0xffffffffu);
}

/* the scene's image as a PNG: RGB (RGBA when some pixel is not opaque),
 * in stored (uncompressed) deflate blocks, so no zlib is needed */
static void put_png(struct b64 *o, const struct scene *sc)
{
    int w = sc->img_w, h = sc->img_h, alpha = 0;
    for (size_t k = 0; k < (size_t)w * h; k++)
        alpha |= (sc->pixels[k] >> 24) != 255;
    size_t bpp = alpha ? 4 : 3, row = 1 + (size_t)w * bpp, raw = row * (size_t)h;
    size_t blocks = (raw + 65534) / 65535, zlen = 2 + raw + 5 * blocks + 4;
    static const unsigned char sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    put_bytes(o, sig, 8);
    chunk_start(o, 13, "IHDR");
    put_u32(o, (uint32_t)w);
    put_u32(o, (uint32_t)h);
    unsigned char ihdr[5] = { 8, alpha ? 6 : 2, 0, 0, 0 };
    put_bytes(o, ihdr, 5);
    chunk_end(o);
    chunk_start(o, (uint32_t)zlen, "IDAT");
    static const unsigned char zhead[2] = { 0x78, 0x01 };
    put_bytes(o, zhead, 2);
    o->adler_a = 1;
    o->adler_b = 0;
    /* the rows, one filter byte (0) each, cut into blocks of 65535 */
    size_t left = raw, in_block = 0;
    for (int y = 0; y < h; y++)
        for (int x = -1; x < w; x++) {
            unsigned char px[4] = { 0, 0, 0, 0 };
            size_t n = 1;
            if (x >= 0) {
                uint32_t v = sc->pixels[(size_t)y * w + x];
                px[0] = (unsigned char)(v >> 16);
                px[1] = (unsigned char)(v >> 8);
                px[2] = (unsigned char)v;
                px[3] = (unsigned char)(v >> 24);
                n = bpp;
            }
            for (size_t i = 0; i < n; i++) {
                if (!in_block) {
                    size_t len = left < 65535 ? left : 65535;
                    unsigned char bh[5] = { left <= 65535, (unsigned char)len, (unsigned char)(len >> 8),
                                            (unsigned char)~len, (unsigned char)(~len >> 8) };
                    put_bytes(o, bh, 5);
                    in_block = len;
                }
                put_raw(o, px + i, 1);
                in_block--;
                left--;
            }
        }
    put_u32(o, o->adler_b << 16 | o->adler_a);
    chunk_end(o);
    chunk_start(o, 0, "IEND");
    chunk_end(o);
    b64_flush(o);
}

/* a small image that is not smoothed: one rect per run of equal pixels */
static void put_image_rects(FILE *fp, const struct scene *sc, const struct item *it)
{
    double cw = it->w / sc->img_w, ch = it->h / sc->img_h;
    fputs("<g class=\"image\">\n", fp);
    for (int y = 0; y < sc->img_h; y++)
        for (int x0 = 0, x1; x0 < sc->img_w; x0 = x1) {
            uint32_t v = sc->pixels[(size_t)y * sc->img_w + x0];
            for (x1 = x0 + 1; x1 < sc->img_w && sc->pixels[(size_t)y * sc->img_w + x1] == v; x1++)
                ;
            struct rgba c = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v, (uint8_t)(v >> 24) };
            char a[32], b[32], d[32], e[32];
            fprintf(fp, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"", num(a, it->x + x0 * cw),
                    num(b, it->y + y * ch), num(d, (x1 - x0) * cw), num(e, ch));
            paint(fp, "fill", c);
            fputs("/>\n", fp);
        }
    fputs("</g>\n", fp);
}

static void put_image(FILE *fp, const struct scene *sc, const struct item *it)
{
    if (!sc->has_image || !sc->pixels || sc->img_w < 1 || sc->img_h < 1)
        return;
    if (!sc->img_smooth && (size_t)sc->img_w * sc->img_h <= SVG_IMAGE_RECTS) {
        put_image_rects(fp, sc, it);
        return;
    }
    char a[32], b[32], c[32], d[32];
    fprintf(fp, "<image class=\"image\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" preserveAspectRatio=\"none\"",
            num(a, it->x), num(b, it->y), num(c, it->w), num(d, it->h));
    if (!sc->img_smooth)
        fputs(" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\"", fp);
    fputs(" xlink:href=\"data:image/png;base64,", fp);
    struct b64 o = { fp, { 0, 0, 0 }, 0, 0, 1, 0 };
    if (!crc_table[1])
        crc_init();
    put_png(&o, sc);
    fputs("\"/>\n", fp);
}

/* ------------------------------------------------------------------ */

int svg_write(FILE *fp, const struct scene *sc, const char *title)
{
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
            "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans\" xml:space=\"preserve\">\n",
            sc->w, sc->h, sc->w, sc->h);
    fputs("<title>", fp);
    xml_text(fp, title ? title : "gradlab");
    fputs("</title>\n", fp);
    fprintf(fp, "<rect class=\"background\" width=\"%d\" height=\"%d\"", sc->w, sc->h);
    paint(fp, "fill", (struct rgba){ sc->clear.r, sc->clear.g, sc->clear.b, 255 });
    fputs("/>\n", fp);
    for (int k = 0; k < sc->n_items; k++) {
        const struct item *it = &sc->items[k];
        switch (it->kind) {
        case ITEM_RECT:
            put_rect(fp, it);
            break;
        case ITEM_FRAME:
            put_frame(fp, it);
            break;
        case ITEM_LINE:
            put_line(fp, it);
            break;
        case ITEM_DISC:
            put_disc(fp, it);
            break;
        case ITEM_TEXT:
            put_text(fp, it);
            break;
        case ITEM_IMAGE:
            put_image(fp, sc, it);
            break;
        }
    }
    fputs("</svg>\n", fp);
    return ferror(fp) ? -1 : 0;
}
