/* svg (view/svg.c): a scene written as SVG. Every item is one element of
 * its kind's class, where the renderer draws it (text on its baseline,
 * frames inside their box); text is escaped for XML; the image is a PNG
 * whose every chunk, checksum and pixel is read back here by a decoder of
 * the test's own, or rects when it is small and not smoothed. */
#define _GNU_SOURCE             /* open_memstream */
#include "check.h"
#include "draw.h"
#include "scene.h"
#include "session.h"
#include "softmax.h"
#include "svg.h"

/* the scene as SVG text (the caller frees). Not inlined: gcc 12 at -O3
   then takes the returned text for a pointer to the local `buf` itself
   (-Wdangling-pointer, a false positive) */
__attribute__((noinline)) static char *svg_of(const struct scene *sc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    assert_int_equal(svg_write(fp, sc, "a <title> & more"), 0);
    fclose(fp);
    return buf;
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* a scene of w x h; texts get their pointers as scene_build gives them */
static void scene_start(struct scene *sc, int w, int h)
{
    scene_init(sc);
    sc->w = w;
    sc->h = h;
    sc->clear = (struct rgba){ 10, 20, 30, 255 };
}

static void scene_done(struct scene *sc)
{
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT)
            sc->items[k].text = sc->arena + sc->items[k].text_off;
}

static int items_of(const struct scene *sc, enum item_kind kind)
{
    int n = 0;
    for (int k = 0; k < sc->n_items; k++)
        n += sc->items[k].kind == kind;
    return n;
}

/* every kind of item, each once or more: one element each, in its class */
static void test_every_item(void **state)
{
    (void)state;
    struct scene sc;
    scene_start(&sc, 400, 300);
    struct rgba red = { 200, 10, 20, 255 }, half = { 0, 0, 255, 128 };
    draw_rect(&sc, 1, 2, 30, 40, red);
    draw_rect(&sc, 5, 5, 10, 10, half);
    draw_frame(&sc, 10, 20, 100, 50, 4, red);
    draw_line(&sc, 0, 0, 100, 0, 2, red, 0);
    draw_line(&sc, 0, 0, 0, 100, 2, red, 1);
    draw_disc(&sc, 50, 50, 10, red)->rim = 1;
    draw_disc(&sc, 60, 60, 5, half);
    draw_text(&sc, 100, 100, 20, 0, ANCHOR_TL, red, "top left");
    draw_text(&sc, 100, 100, 20, 1, ANCHOR_MC, red, "middle");
    draw_text(&sc, 100, 100, 20, 0, ANCHOR_BR, red, "bottom right");
    assert_int_equal(draw_image_room(&sc, 4), 0);
    sc.img_w = 4;
    sc.img_h = 3;
    sc.has_image = 1;
    for (int k = 0; k < 12; k++)
        sc.pixels[k] = k < 6 ? 0xff102030u : 0xff405060u;
    draw_image(&sc, 200, 100, 40, 30, red);
    scene_done(&sc);
    char *s = svg_of(&sc);

    assert_int_equal(count(s, "class=\"rect\""), 2);
    assert_int_equal(count(s, "class=\"frame\""), 1);
    assert_int_equal(count(s, "class=\"line\""), 2);
    assert_int_equal(count(s, "class=\"disc\""), 2);
    assert_int_equal(count(s, "class=\"text\""), 3);
    assert_int_equal(count(s, "class=\"image\""), 1);
    assert_int_equal(count(s, "class=\"background\""), 1);
    /* colours and opacity */
    assert_non_null(strstr(s, "<rect class=\"rect\" x=\"1\" y=\"2\" width=\"30\" height=\"40\" fill=\"#c80a14\"/>"));
    assert_non_null(strstr(s, "fill=\"#0000ff\" fill-opacity=\"0.502\""));
    /* the frame's stroke inside its box: 4 wide, its middle 2 in */
    assert_non_null(strstr(s, "<rect class=\"frame\" x=\"12\" y=\"22\" width=\"96\" height=\"46\" fill=\"none\" "
                              "stroke-width=\"4\" stroke=\"#c80a14\"/>"));
    /* a line is the renderer's quad (half width 1); an arrow adds its head
     * (2.5 width + 6 = 11 long, 2.2 half width + 4 = 6.2 to each side) */
    assert_non_null(strstr(s, "d=\"M0 1L100 1L100 -1L0 -1Z\""));
    assert_non_null(strstr(s, "d=\"M-1 0L-1 89L1 89L1 0ZM0 100L-6.2 89L6.2 89Z\""));
    /* the rim: the outer fifth, a quarter as bright */
    assert_non_null(strstr(s, "r=\"9\" fill=\"#c80a14\" stroke=\"#320205\" stroke-width=\"2\""));
    /* baselines: the line box's top + 0.928 em, the box 1.164 em high */
    assert_non_null(strstr(s, "x=\"100\" y=\"118.56\" font-size=\"20\" fill=\"#c80a14\">top left</text>"));
    assert_non_null(strstr(s, "x=\"100\" y=\"106.92\" font-size=\"20\" font-weight=\"bold\" text-anchor=\"middle\""));
    assert_non_null(strstr(s, "x=\"100\" y=\"95.28\" font-size=\"20\" text-anchor=\"end\""));
    assert_non_null(strstr(s, "font-family=\"DejaVu Sans\""));
    assert_non_null(strstr(s, "<title>a &lt;title&gt; &amp; more</title>"));
    /* a small unsmoothed image: a run of equal pixels per rect, 10 x 10 each */
    assert_non_null(strstr(s, "<g class=\"image\">\n<rect x=\"200\" y=\"100\" width=\"40\" height=\"10\" "
                              "fill=\"#102030\"/>\n"));
    assert_non_null(strstr(s, "<rect x=\"200\" y=\"110\" width=\"20\" height=\"10\" fill=\"#102030\"/>\n"
                              "<rect x=\"220\" y=\"110\" width=\"20\" height=\"10\" fill=\"#405060\"/>"));
    free(s);
    scene_release(&sc);
}

/* text escaped for XML; bytes XML cannot hold become U+FFFD */
static void test_escape(void **state)
{
    (void)state;
    struct scene sc;
    scene_start(&sc, 100, 100);
    struct rgba w = { 255, 255, 255, 255 };
    draw_text(&sc, 0, 0, 12, 0, ANCHOR_TL, w, "a<b & c>d \"q\" \x01|\xff\xfe|\xc0\xaf|\xed\xa0\x80|\xc2\x85|"
              "\xef\xbf\xbe| \xe2\x88\x82s\xe1\xb5\xa2 \xe2\x8a\x99");
    scene_done(&sc);
    char *s = svg_of(&sc);
    const char *want = ">a&lt;b &amp; c&gt;d \"q\" \xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
                       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd| \xe2\x88\x82s\xe1\xb5\xa2 "
                       "\xe2\x8a\x99</text>";
    if (!strstr(s, want))
        fail_msg("escaped text not found in:\n%s", s);
    free(s);
    scene_release(&sc);
}

/* ---- a PNG decoder of the test's own ------------------------------- */

static int b64_value(char c)
{
    const char *set = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(set, c);
    return c && p ? (int)(p - set) : -1;
}

/* the bytes of the base64 text at s up to '"' into out: their number */
static size_t b64_decode(const char *s, unsigned char *out)
{
    size_t n = 0;
    for (; *s && *s != '"'; s += 4) {
        int v[4];
        for (int i = 0; i < 4; i++)
            v[i] = s[i] == '=' ? 0 : b64_value(s[i]);
        assert_true(v[0] >= 0 && v[1] >= 0 && v[2] >= 0 && v[3] >= 0);
        unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
        out[n++] = (unsigned char)(w >> 16);
        if (s[2] != '=')
            out[n++] = (unsigned char)(w >> 8);
        if (s[3] != '=')
            out[n++] = (unsigned char)w;
    }
    return n;
}

/* CRC-32 bit by bit (the writer uses a table) */
static uint32_t crc32_bits(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return c ^ 0xffffffffu;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* check the PNG in the data URI of s against the scene's pixels */
static void check_png(const char *s, const struct scene *sc, int want_alpha)
{
    const char *uri = strstr(s, "xlink:href=\"data:image/png;base64,");
    assert_non_null(uri);
    uri += strlen("xlink:href=\"data:image/png;base64,");
    unsigned char *png = malloc(strlen(uri)), *raw = malloc((size_t)sc->img_w * sc->img_h * 4 + sc->img_h);
    assert_true(png && raw);
    size_t n = b64_decode(uri, png), pos = 8, got = 0;
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    int chunks = 0, ended = 0;
    while (pos + 12 <= n && !ended) {
        uint32_t len = be32(png + pos);
        const unsigned char *type = png + pos + 4, *data = png + pos + 8;
        assert_true(pos + 12 + len <= n);
        assert_int_equal(be32(data + len), crc32_bits(type, len + 4));
        if (!memcmp(type, "IHDR", 4)) {
            assert_int_equal(be32(data), (uint32_t)sc->img_w);
            assert_int_equal(be32(data + 4), (uint32_t)sc->img_h);
            assert_int_equal(data[8], 8);
            assert_int_equal(data[9], want_alpha ? 6 : 2);
        } else if (!memcmp(type, "IDAT", 4)) {
            /* zlib: stored blocks, then the Adler-32 of what they hold */
            assert_int_equal((data[0] << 8 | data[1]) % 31, 0);
            size_t q = 2;
            int final = 0;
            while (!final) {
                final = data[q] & 1;
                assert_int_equal(data[q] >> 1 & 3, 0);
                unsigned blen = data[q + 1] | data[q + 2] << 8, nlen = data[q + 3] | data[q + 4] << 8;
                assert_int_equal(blen ^ 0xffffu, nlen);
                memcpy(raw + got, data + q + 5, blen);
                got += blen;
                q += 5 + blen;
            }
            uint32_t a = 1, b = 0;
            for (size_t i = 0; i < got; i++) {
                a = (a + raw[i]) % 65521;
                b = (b + a) % 65521;
            }
            assert_int_equal(be32(data + q), b << 16 | a);
            assert_int_equal(q + 4, len);
        } else {
            ended = !memcmp(type, "IEND", 4);
        }
        chunks++;
        pos += 12 + len;
    }
    assert_true(ended && chunks == 3 && pos == n);
    size_t bpp = want_alpha ? 4 : 3, row = 1 + (size_t)sc->img_w * bpp;
    assert_int_equal(got, row * (size_t)sc->img_h);
    for (int y = 0; y < sc->img_h; y++) {
        assert_int_equal(raw[y * row], 0);          /* no filter */
        for (int x = 0; x < sc->img_w; x++) {
            uint32_t v = sc->pixels[(size_t)y * sc->img_w + x];
            const unsigned char *p = raw + y * row + 1 + (size_t)x * bpp;
            uint32_t back = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2] |
                            (want_alpha ? (uint32_t)p[3] << 24 : 0xff000000u);
            if (back != v)
                fail_msg("pixel (%d, %d): %08x written, %08x read back", x, y, (unsigned)v, (unsigned)back);
        }
    }
    free(png);
    free(raw);
}

/* large images as PNG: opaque (RGB) and not (RGBA), over several deflate
 * blocks; smoothed or pixelated as the renderer scales them */
static void test_png(void **state)
{
    (void)state;
    for (int alpha = 0; alpha < 2; alpha++) {
        struct scene sc;
        scene_start(&sc, 800, 600);
        int w = 301, h = 250;
        assert_int_equal(draw_image_room(&sc, 301), 0);
        sc.img_w = w;
        sc.img_h = h;
        sc.has_image = 1;
        sc.img_smooth = alpha;
        for (int k = 0; k < w * h; k++)
            sc.pixels[k] = (alpha ? (uint32_t)(k * 7 % 256) << 24 : 0xff000000u) |
                           (uint32_t)(k * 2654435761u >> 8 & 0xffffff);
        draw_image(&sc, 10, 20, 602, 500, (struct rgba){ 255, 255, 255, 255 });
        scene_done(&sc);
        char *s = svg_of(&sc);
        assert_int_equal(count(s, "class=\"image\""), 1);
        assert_int_equal(count(s, "image-rendering=\"optimizeSpeed\""), !alpha);
        assert_non_null(strstr(s, "x=\"10\" y=\"20\" width=\"602\" height=\"500\" preserveAspectRatio=\"none\""));
        check_png(s, &sc, alpha);
        free(s);
        scene_release(&sc);
    }
}

/* a session holding only logits z */
static void logits(struct session *S, int n)
{
    memset(S, 0, sizeof *S);
    assert_int_equal(tensor_init(&S->z, 1, n), 0);
    assert_int_equal(tensor_init(&S->s, 1, n), 0);
    assert_int_equal(tensor_init(&S->J, n, n), 0);
    for (int i = 0; i < n; i++)
        S->z.data[i] = sin(i * 0.7) * 2;
    assert_int_equal(softmax(S->z.data, S->s.data, n), 0);
    softmax_jacobian(S->s.data, S->J.data, n);
    S->has_logits = 1;
}

/* the Jacobian view, small (cells) and large (one image): one element
 * per item, of its kind */
static void test_views(void **state)
{
    (void)state;
    static const char *const cls[] = { "class=\"rect\"", "class=\"frame\"", "class=\"line\"", "class=\"disc\"",
                                       "class=\"text\"", "class=\"image\"" };
    for (int n = 3; n <= 300; n += 297) {
        struct session S;
        logits(&S, n);
        struct view_state v;
        view_state_init(&v);
        struct scene sc;
        scene_init(&sc);
        scene_build(&sc, &S, &v, 1280, 800);
        char *s = svg_of(&sc);
        for (int k = ITEM_RECT; k <= ITEM_IMAGE; k++)
            if (count(s, cls[k]) != items_of(&sc, (enum item_kind)k))
                fail_msg("n = %d: %d elements of %s for %d items", n, count(s, cls[k]), cls[k],
                         items_of(&sc, (enum item_kind)k));
        assert_int_equal(items_of(&sc, ITEM_IMAGE), n == 300);
        assert_true(items_of(&sc, ITEM_TEXT) > 10);
        free(s);
        scene_release(&sc);
        tensor_release(&S.z);
        tensor_release(&S.s);
        tensor_release(&S.J);
    }
}

static void test_path(void **state)
{
    (void)state;
    assert_true(svg_path("a.svg"));
    assert_true(svg_path("dir/A.SVG"));
    assert_false(svg_path(".svg"));
    assert_false(svg_path("a.svgz"));
    assert_false(svg_path("a.png"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_item),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_png),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
