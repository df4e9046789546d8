/* print: how values are shown, in the session's format (pretty, json, csv,
 * latex) and precision, on S->out.
 *   pretty  aligned, with row and column indices; large tensors summarised
 *           as numpy does (first and last rows and columns, "…" between)
 *   json    {"name":"J","shape":[3,3],"data":[...]} on one line, row-major,
 *           every number as print_json_number writes it; a vector has
 *           shape [n], a scalar shape [] and data [v]
 *   csv     "# NAME R×C" then the rows, comma-separated, every number in
 *           the shortest form that reads back (repr_format; nan, inf, -inf)
 *   (json and csv ignore precision: their numbers always read back)
 *   latex   NAME = \begin{bmatrix} a & b \\ c & d \end{bmatrix}
 * Nothing here allocates but print_text for a text over 1 KiB; a matrix is
 * written through a buffer of 16 KiB on the stack. */
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

/* ---- lines that are not values ----
 * The rule of format json: every line a command prints on S->out is one
 * JSON object. A value is print_tensor's or print_scalar's object; a check
 * or a summary is a report, {"report":"COMMAND", fields...}; any other
 * sentence is {"text":"..."}, one object a line. (help and the lessons
 * print their text as it is: documentation, not output to read back.) */

/* 1 in format json */
int print_json(const struct session *S);
/* printf-like text: as it is in pretty, csv and latex; in json each line
 * (a last one without its newline too) as {"text":"LINE"} */
void print_text(struct session *S, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* In json: prints {"report":REPORT, ...} and returns 1; otherwise prints
 * nothing and returns 0 (the caller says it in words). fields names the
 * fields in order, "key:t key:t ...", each type t taking its arguments:
 *   n  a double (print_json_number: shortest form, non-finite as strings)
 *   i  an int       l  a long       b  an int, written true or false
 *   s  a const char * (a JSON string; NULL is null)
 *   a  an int count and a const int * (an array of ints)
 *     print_report(S, "accuracy", "accuracy:n right:i rows:i", acc, right, rows) */
int print_report(struct session *S, const char *report, const char *fields, ...);

#endif
