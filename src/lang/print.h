/* print: how values are shown, in the session's format (pretty, json, csv,
 * latex) and precision, on S->out.
 *   pretty  aligned, with row and column indices; large tensors summarised
 *           as numpy does (first and last rows and columns, "…" between)
 *   json    {"name":"J","shape":[3,3],"data":[...]} on one line, row-major,
 *           every number in the shortest form that reads back exactly;
 *           a vector has shape [n], a scalar shape [] and data [v]
 *   csv     "# NAME R×C" then the rows, comma-separated
 *   latex   NAME = \begin{bmatrix} a & b \\ c & d \end{bmatrix}
 * Nothing here allocates more than a line's worth of text. */
#ifndef GRADLAB_PRINT_H
#define GRADLAB_PRINT_H

#include <stddef.h>
#include "session.h"

/* a 1xn tensor shown as a vector when vector is set */
void print_tensor(struct session *S, const char *name, const tensor *t, int vector);
void print_scalar(struct session *S, const char *name, double v);

/* v with the session's significant digits (%g style, "-0" shown as "0") */
void print_number(char *buf, size_t size, double v, int precision);
/* the shortest decimal form of v that strtod reads back exactly */
void print_repr(char *buf, size_t size, double v);

#endif
