/* assign: NAME = value, for the values a user sets: the logits z, the
 * inputs x, the targets y (class labels, one per row of x, or one-hot
 * rows), the parameters W1 b1 W2 b2, reg and the loss curve. The network is recomputed up
 * to the stage it was at and the new value is shown; on any error the
 * session is as it was. */
#ifndef GRADLAB_ASSIGN_H
#define GRADLAB_ASSIGN_H

#include "session.h"

/* NAME = a value already read (a literal of dims 0, 1 or 2, or a matrix
 * from a file): 0, or -1 with S->err */
int assign_value(struct session *S, const char *name, const tensor *val, int dims);
/* NAME[i] = NUMBER or NAME[i][j] = NUMBER (ref is "W2[1][0]", text what
 * follows the '='): one entry of z, x, W1, b1, W2, b2 or curve changed,
 * then set and recomputed exactly as the whole value with that entry
 * would be (y[i] = c makes row i of the targets class c; y[i][j] sets one
 * target). 0, or -1 with S->err and nothing changed */
int assign_entry(struct session *S, const char *ref, const char *text);
/* NAME = LITERAL as typed after the '=' */
int assign_text(struct session *S, const char *name, const char *text);

#endif
