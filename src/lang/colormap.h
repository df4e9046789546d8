/* colormap: the diverging colour map of the heatmaps and the edge colours.
 *
 * Pure (no SDL). The map is ColorBrewer's RdBu, reversed (blue for negative,
 * red for positive, near white at 0): diverging and colour-blind safe. Its
 * credit and licence are in assets/COLORMAP.md. */
#ifndef GRADLAB_COLORMAP_H
#define GRADLAB_COLORMAP_H

#include <stdint.h>

struct rgba { uint8_t r, g, b, a; };

#define COLORMAP_STEPS 256   /* entries of the precomputed table */

/* the colour of v on a symmetric scale [-scale, +scale]: -scale is the
 * negative end, 0 the neutral centre, +scale the positive end; values
 * outside are clamped, NaN gives the centre. scale <= 0 is treated as 1. */
struct rgba colormap_rgba(double v, double scale);
/* the same colour packed as 0xAARRGGBB (SDL_PIXELFORMAT_ARGB8888) */
uint32_t colormap_argb(double v, double scale);
/* the table entry for t in [0, 1] (0: negative end, 0.5: centre) */
struct rgba colormap_at(double t);

#endif
