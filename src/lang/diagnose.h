/* diagnose: judge a derivative the user computed against the right one,
 * and name the known mistake it is.
 *
 *   diagnose NAME = VALUE          a literal, or numpy's or PyTorch's printed
 *                                  output (paste.h), pasted across lines too
 *   diagnose NAME FILE.csv         a file (io.h's io_read_matrix)
 *   diagnose dz g=[...] = VALUE    the gradient with respect to the logits z
 *                                  for the upstream gradient g = ∂L/∂s
 * NAME is J, dz, s, or a backward stage: delta3, dW2, db2, delta2, dW1,
 * db1 (the network's backward pass is computed for it, and the stage it
 * was at is kept).
 *
 * Three steps: (1) the value against the right one: the largest absolute
 * and relative error (relative to the largest right entry), the worst
 * entry, and the verdict: right when every entry is within 1e-9 relative,
 * or within half a unit of the last digit it was written with (numpy
 * prints 8 decimals, PyTorch 4); (2) when not right, every entry of the
 * catalogue (catalogue.h) computed for the same state, and the one that
 * matches to 1e-6 relative (or the digits given) named, with its wrong
 * formula, the right one and the line of code to change; (3) when none
 * matches, the closest, a constant factor when there is one (−1, N, 1/N,
 * 2, ½ named as such), the first entries that differ and by what factor,
 * and `explain` on the first. The result is kept in S->diag (the window
 * draws it; the values yours and diag_err read it); bad input changes
 * nothing. */
#ifndef GRADLAB_DIAGNOSE_H
#define GRADLAB_DIAGNOSE_H

struct session;

int cmd_diagnose(struct session *S, int argc, char **argv);

#endif
