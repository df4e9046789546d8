/* literal: numpy-like numeric literals.
 *   2.5            a scalar
 *   [2, 1, 0.1]    a vector (commas optional: [2 1 0.1])
 *   [[1,2],[3,4]]  a matrix, one bracket per row
 *   2 1 0.1        a bare list (command arguments): a vector
 *   [[1 2] [3 4]]  print(a)'s form: commas between rows optional too
 *   array([...]), tensor([...], dtype=torch.float64), np.float64(0.5):
 *                  as numpy and PyTorch print them (paste.h)
 * NaN, +inf and numbers that overflow a double are rejected; -inf only with
 * LIT_NEG_INF (a logit of -inf is a class of probability 0).
 *
 * Ownership: on success *t is replaced by a newly allocated tensor the
 * caller releases; on failure *t is untouched and err holds one line. */
#ifndef GRADLAB_LITERAL_H
#define GRADLAB_LITERAL_H

#include <stddef.h>
#include "tensor.h"

#define LIT_NEG_INF 1   /* accept -inf */
#define LIT_NONFINITE 2 /* accept nan, inf and -inf (the caller judges them) */

/* *dims: 0 for a scalar (t is 1x1), 1 for a vector (1xn), 2 for a matrix */
int literal_parse(const char *text, tensor *t, int *dims, int flags, size_t max_elems,
                  char *err, size_t errlen);
/* the same, and res (t's shape) gets half a unit of the last digit each
 * number was written with: 0.5e-4 for 0.1235, 0.5e-9 for 1.2345e-05 (how
 * far a printed number may be from the value it rounds) */
int literal_parse_res(const char *text, tensor *t, tensor *res, int *dims, int flags, size_t max_elems,
                      char *err, size_t errlen);

/* parse one number token exactly (the whole string); 0 or -1 with err */
int literal_number(const char *tok, double *v, int flags, char *err, size_t errlen);

#endif
