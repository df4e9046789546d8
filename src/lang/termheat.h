/* termheat: the Jacobian heatmap in a terminal, with half blocks (each
 * character cell shows two stacked pixels: "▀" with the upper colour as
 * foreground and the lower as background). Pure: writes to a FILE.
 *
 * termheat_mode picks what the terminal can show: 24-bit colour when
 * COLORTERM says truecolor/24bit, 256 colours when TERM mentions 256color,
 * nothing (TERMHEAT_NONE) when out is not a terminal, NO_COLOR is set, or
 * TERM is dumb; the caller then prints only the numbers. */
#ifndef GRADLAB_TERMHEAT_H
#define GRADLAB_TERMHEAT_H

#include <stdio.h>
#include "tensor.h"

enum termheat_mode { TERMHEAT_NONE, TERMHEAT_256, TERMHEAT_TRUECOLOR };

enum termheat_mode termheat_mode(FILE *out);
/* draw the n x n matrix J on the diverging map at +-scale, at most
 * max_cols characters wide, followed by a one-line colour legend */
void termheat_print(FILE *out, const tensor *J, double scale, enum termheat_mode mode,
                    int max_cols);

#endif
