/* upscale: a picture made twice as wide and twice as high, smoothly (the
 * data view's boundary, made at half the size it is drawn at).
 *
 * Each byte of a 32-bit pixel is a channel, scaled alone: a new pixel lies
 * a quarter of an old one from the centre of the old pixel it is in, so
 * that each channel is (9 a + 3 b + 3 c + d + 8) / 16 (whole numbers,
 * rounded down) of that pixel a, its neighbours b (across) and c (up or
 * down) towards the new pixel, and d diagonally; past the picture's edges
 * the edge pixel stands in. That is bilinear filtering at the pixel
 * centres, as a GPU's linear scaling does it. The caller owns every
 * buffer; nothing is allocated. */
#ifndef GRADLAB_UPSCALE_H
#define GRADLAB_UPSCALE_H

#include <stdint.h>

/* rows y0 .. y1 - 1 of src (w x h pixels, rows of w) made into rows
 * 2 y0 .. 2 y1 - 1 of dst (2w x 2h, rows of 2w): bands of rows may be
 * made side by side, each by one thread */
void upscale2_rows(const uint32_t *src, int w, int h, uint32_t *dst, int y0, int y1);

/* the same, pixel by pixel as the definition reads (the tests hold
 * upscale2_rows to it) */
void upscale2_plain(const uint32_t *src, int w, int h, uint32_t *dst);

#endif
