/* print: how values are shown, in the session's format (pretty, json, csv,
 * latex) and precision, on S->out.
 *   pretty  aligned, with row and column indices; large tensors summarised
 *           as numpy does (first and last rows and columns, "…" between)
 *   json    {"name":"J","shape":[3,3],"data":[...]} on one line, row-major,
 *           every number as print_json_number writes it; a vector has
 *           shape [n], a scalar shape [] and data [v]
 *   csv     "# NAME R×C" then the rows, comma-separated
 *   latex   NAME = \begin{bmatrix} a & b \\ c & d \end{bmatrix}
 * Nothing here allocates; a matrix is written through a buffer of 16 KiB
 * on the stack. */
#ifndef GRADLAB_PRINT_H
#define GRADLAB_PRINT_H

#include <stddef.h>
#include "repr.h"
#include "session.h"

/* a 1xn tensor shown as a vector when vector is set */
void print_tensor(struct session *S, const char *name, const tensor *t, int vector);
void print_scalar(struct session *S, const char *name, double v);

/* v with the session's significant digits (%g style, "-0" shown as "0") */
void print_number(char *buf, size_t size, double v, int precision);
/* v in the shortest form that reads back exactly (repr_format: Python's
 * repr without a final ".0"; nan, inf, -inf), for text */
void print_repr(char *buf, size_t size, double v);
/* v as a JSON number in buf (REPR_MAX bytes, repr.h): the shortest form
 * that reads back exactly (repr_format: Python's repr without a final
 * ".0"); NaN and the infinities, which JSON has no number for, as the
 * strings "NaN", "Infinity", "-Infinity". Returns the length. */
int print_json_number(char *buf, double v);

#endif
