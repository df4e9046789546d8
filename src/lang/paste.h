/* paste: values as numpy and PyTorch print them, and a value pasted across
 * several lines.
 *
 * paste_unwrap finds the literal inside what numpy or PyTorch printed:
 *   array([[ 0.1, -0.2],
 *          [ 0.3,  0.4]])                    numpy's repr
 *   array([1., 2.], dtype=float32)           (the dtype is said and dropped)
 *   np.float64(0.5)                          numpy 2's scalars
 *   tensor([[ 0.1000, -0.2000]], dtype=torch.float64, requires_grad=True)
 *   tensor(0.5000, grad_fn=<SumBackward0>)   PyTorch's
 *   Parameter containing:\ntensor([...])     an nn.Parameter
 * and refuses, with one line, an array numpy or PyTorch summarised with
 * "..." and complex numbers. print(a)'s form, [[ 0.1 -0.2] [ 0.3 0.4]],
 * is a literal already (literal.h: commas are optional).
 *
 * paste_feed gathers the lines of one value pasted across several lines:
 * a line whose brackets ( and [ are not all closed goes on on the next
 * line, until they are; the REPL shows a continuation prompt meanwhile.
 * A line that cannot go on a paste (an empty one, or one that starts a
 * new command: a letter in its first column) ends it, and so does the end
 * of the input: a paste of several lines then gives one error and nothing
 * of it runs; a single open line runs as it is (and its command says what
 * is wrong, as without pastes).
 *
 * Ownership: struct paste_lines owns its buffer (paste_release frees it);
 * the text paste_feed gives to run lives until the next paste_feed. */
#ifndef GRADLAB_PASTE_H
#define GRADLAB_PASTE_H

#include <stddef.h>

/* the literal inside text: *lit and *len (a part of text; text itself
 * when it is no wrapper). 0, or -1 with err */
int paste_unwrap(const char *text, const char **lit, size_t *len, char *err, size_t errlen);

/* the brackets of text left open (a '#' outside brackets starts a
 * comment): how many, and the closers they need in the order they are
 * needed ("])") in missing; 0 when none (or when they close in the wrong
 * order: the line is complete, and wrong, as it is) */
int paste_open(const char *text, char *missing, size_t size);

struct paste_lines {
    char *buf;
    size_t len, cap;
    int pending;            /* lines held, waiting for their brackets to close */
};
#define PASTE_LINES_INIT { NULL, 0, 0, 0 }

enum { PASTE_RUN, PASTE_MORE, PASTE_FLUSH };

/* one more line. PASTE_RUN: *run is the text to run (the line, or the
 * lines of a paste joined by spaces), or NULL with err (too long);
 * PASTE_MORE: the line is held, more must come; PASTE_FLUSH: the held
 * lines cannot go on with this one (it is empty or starts a command):
 * one held line comes back in *run to run as it is (its own error says
 * what is wrong), more are dropped (*run NULL, err says so); then the
 * caller feeds the line again */
int paste_feed(struct paste_lines *p, const char *line, const char **run, char *err, size_t errlen);
/* the input ended: 0 when nothing was held; else 1, with *run or err as
 * for PASTE_FLUSH */
int paste_end(struct paste_lines *p, const char **run, char *err, size_t errlen);
/* drop the held lines (Ctrl-C) */
void paste_drop(struct paste_lines *p);
void paste_release(struct paste_lines *p);

#endif
