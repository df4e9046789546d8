/* Unit tests of upscale.c: the picture made twice as large, by rows in
 * bands (as the data view's threads make it) and whole, against its
 * definition pixel by pixel; and the definition itself on pictures whose
 * answer is known. */
#include "check.h"
#include "upscale.h"

/* a w x h picture of pseudo-random bytes, and room for its double */
static uint32_t *random_picture(int w, int h, unsigned seed)
{
    uint32_t *p = malloc((size_t)w * h * sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < (size_t)w * h; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = seed ^ seed >> 13;
    }
    return p;
}

/* every width around the kernel's chunks of 256 pixels, tall and short
 * pictures, cut into bands of rows in several ways */
static void test_upscale_rows_match_the_definition(void **state)
{
    (void)state;
    const int widths[] = { 1, 2, 3, 7, 97, 255, 256, 257, 511, 512, 513, 850 };
    const int heights[] = { 1, 2, 5, 33 };
    for (size_t a = 0; a < sizeof widths / sizeof *widths; a++)
        for (size_t b = 0; b < sizeof heights / sizeof *heights; b++) {
            int w = widths[a], h = heights[b];
            uint32_t *src = random_picture(w, h, (unsigned)(w * 31 + h));
            size_t n = (size_t)4 * w * h;
            uint32_t *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
            assert_non_null(want);
            assert_non_null(got);
            upscale2_plain(src, w, h, want);
            memset(got, 0xa5, n * sizeof *got);
            upscale2_rows(src, w, h, got, 0, h);
            assert_memory_equal(got, want, n * sizeof *got);
            /* in bands of 1, 2 and 3 rows, the last band short */
            for (int band = 1; band <= 3; band++) {
                memset(got, 0x5a, n * sizeof *got);
                for (int y = 0; y < h; y += band)
                    upscale2_rows(src, w, h, got, y, y + band < h ? y + band : h);
                assert_memory_equal(got, want, n * sizeof *got);
            }
            free(src);
            free(want);
            free(got);
        }
}

/* the definition: one colour stays itself; across a step from 0 to 160
 * in one channel, the new pixels a quarter and three quarters of the way
 * (40 and 120) on either side of it, and the edges clamped */
static void test_upscale_definition(void **state)
{
    (void)state;
    uint32_t flat[6], out[24];
    for (int i = 0; i < 6; i++)
        flat[i] = 0xff3c7a19u;
    upscale2_plain(flat, 3, 2, out);
    for (int i = 0; i < 24; i++)
        assert_int_equal(out[i], 0xff3c7a19u);
    /* two pixels in a row: red 0 then 160 */
    uint32_t step[2] = { 0xff000000u, 0xffa00000u };
    upscale2_plain(step, 2, 1, out);
    const uint32_t want[4] = { 0xff000000u, 0xff280000u, 0xff780000u, 0xffa00000u };
    for (int y = 0; y < 2; y++)
        for (int x = 0; x < 4; x++)
            assert_int_equal(out[y * 4 + x], want[x]);
    upscale2_rows(step, 2, 1, out, 0, 1);
    for (int x = 0; x < 4; x++)
        assert_int_equal(out[x], want[x]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upscale_rows_match_the_definition),
        cmocka_unit_test(test_upscale_definition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
