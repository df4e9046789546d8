/* args: reading a command's arguments, for every family of commands. Each
 * reader that takes the session sets S->err in the one voice of the
 * command language ("train: lr: 2e+06 is out of range (1e-12 to 1e+06)")
 * and returns -1, leaving the value as it was, or returns 0 with the
 * value. */
#ifndef GRADLAB_ARGS_H
#define GRADLAB_ARGS_H

#include <stddef.h>

struct session;

/* "key=value": the value when arg starts with key=, else NULL */
const char *args_kv(const char *arg, const char *key);

/* a number in [lo, hi] (a literal: 0.5, 1e-3, -2); what names it in the
 * message */
int args_double(struct session *S, const char *what, const char *text, double lo, double hi, double *v);
/* a whole number in [lo, hi] */
int args_int(struct session *S, const char *what, const char *text, long lo, long hi, long *v);
/* the same with no message: 0, or -1 when text is not one */
int args_long(const char *text, long lo, long hi, long *v);

/* 0 when the command (argv[0]) has no arguments, else -1 with S->err */
int args_none(struct session *S, int argc, char **argv);

/* argv[from..argc-1] joined by single spaces (one literal written in
 * several words, "2 1 0.1"): a string to free, or NULL (out of memory) */
char *args_join(int argc, char **argv, int from);

/* The edit distance of two words for "did you mean" (case-insensitive; a
 * swap of two neighbours counts as one; 99 for words over 31 bytes). */
int args_distance(const char *a, const char *b);

#endif
