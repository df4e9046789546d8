/* svg: a scene (items.h) written as SVG, for slides at any size. Pure:
 * no SDL, so it works with no display and no window library.
 *
 * Every item becomes one element whose class names its kind: a rect
 * (class "rect"), a frame (a stroked rect inside the frame's box, class
 * "frame"), a line (one filled path: the shaft the renderer draws and,
 * for an arrow, its head; class "line"), a disc (a circle, its rim a
 * darker stroke; class "disc"), a text (class "text": text as text, in
 * DejaVu Sans at its size in px, its anchor turned into text-anchor and
 * a baseline placed where the renderer puts it; the text escaped for
 * XML, any byte that is not valid UTF-8 or is a control character
 * written as U+FFFD), and the image (class "image": a PNG as a data URI,
 * scaled as the renderer scales it, or, when it has at most
 * SVG_IMAGE_RECTS pixels and is not smoothed, one rect per run of equal
 * pixels in a group). Colours with alpha get an opacity. A background
 * rect (class "background") comes first. */
#ifndef GRADLAB_SVG_H
#define GRADLAB_SVG_H

#include <stdio.h>
#include "items.h"

#define SVG_IMAGE_RECTS 4096

/* write sc as an SVG document to fp, titled title: 0, or -1 on a write
 * error */
int svg_write(FILE *fp, const struct scene *sc, const char *title);

/* 1 when path ends in .svg (any case) */
int svg_path(const char *path);

#endif
