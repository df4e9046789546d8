/* upscale: see upscale.h. Integer arithmetic only: every copy (plain,
 * AVX2, AVX-512) gives the same bytes. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3", "tree-vectorize")
#endif
#include "upscale.h"
#include "dispatch.h"
#include <stddef.h>

/* columns a chunk: the bytes of CHUNK pixels of the two blended rows */
#define CHUNK 256

/* one row of dst from the old rows a (weight 3) and b (weight 1): first
 * the rows blended, 4 bytes a pixel, one pixel either side past the
 * chunk (the edge pixel past the picture's edges), then each new pair of
 * pixels from a blended pixel and its neighbours */
KERNEL_CLONES
static void row_up(const uint8_t *restrict a, const uint8_t *restrict b, int w, uint8_t *restrict out)
{
    uint16_t v[4 * (CHUNK + 2)];
    for (int j0 = 0; j0 < w; j0 += CHUNK) {
        int n = w - j0 < CHUNK ? w - j0 : CHUNK;
        int lo = j0 > 0 ? j0 - 1 : 0, hi = j0 + n < w ? j0 + n : w - 1;
        for (int c = 0; c < 4; c++) {
            v[c] = (uint16_t)(3 * a[4 * lo + c] + b[4 * lo + c]);
            v[4 * (n + 1) + c] = (uint16_t)(3 * a[4 * hi + c] + b[4 * hi + c]);
        }
        const uint8_t *ra = a + 4 * (size_t)j0, *rb = b + 4 * (size_t)j0;
        for (int m = 0; m < 4 * n; m++)
            v[4 + m] = (uint16_t)(3 * ra[m] + rb[m]);
        uint8_t *o = out + 8 * (size_t)j0;
        for (int j = 0; j < n; j++)
            for (int c = 0; c < 4; c++) {
                unsigned mid = 3u * v[4 * (j + 1) + c];
                o[8 * j + c] = (uint8_t)((mid + v[4 * j + c] + 8) >> 4);
                o[8 * j + 4 + c] = (uint8_t)((mid + v[4 * (j + 2) + c] + 8) >> 4);
            }
    }
}

void upscale2_rows(const uint32_t *src, int w, int h, uint32_t *dst, int y0, int y1)
{
    for (int y = y0; y < y1; y++) {
        const uint32_t *row = src + (size_t)y * w;
        const uint32_t *up = src + (size_t)(y > 0 ? y - 1 : 0) * w;
        const uint32_t *down = src + (size_t)(y + 1 < h ? y + 1 : h - 1) * w;
        row_up((const uint8_t *)row, (const uint8_t *)up, w, (uint8_t *)(dst + (size_t)(2 * y) * 2 * w));
        row_up((const uint8_t *)row, (const uint8_t *)down, w, (uint8_t *)(dst + (size_t)(2 * y + 1) * 2 * w));
    }
}

/* the old pixel's byte c at (x, y), the edge pixel past the edges */
static unsigned at(const uint32_t *src, int w, int h, int x, int y, int c)
{
    x = x < 0 ? 0 : x >= w ? w - 1 : x;
    y = y < 0 ? 0 : y >= h ? h - 1 : y;
    return (src[(size_t)y * w + x] >> (8 * c)) & 0xff;
}

void upscale2_plain(const uint32_t *src, int w, int h, uint32_t *dst)
{
    for (int Y = 0; Y < 2 * h; Y++)
        for (int X = 0; X < 2 * w; X++) {
            /* new pixel (X, Y) lies in old (x, y), a quarter towards
             * (x + dx, y + dy) */
            int x = X / 2, y = Y / 2, dx = X % 2 ? 1 : -1, dy = Y % 2 ? 1 : -1;
            uint32_t px = 0;
            for (int c = 0; c < 4; c++) {
                unsigned s = 9 * at(src, w, h, x, y, c) + 3 * at(src, w, h, x + dx, y, c) +
                             3 * at(src, w, h, x, y + dy, c) + at(src, w, h, x + dx, y + dy, c);
                px |= (uint32_t)((s + 8) >> 4) << (8 * c);
            }
            dst[(size_t)Y * 2 * w + X] = px;
        }
}
