/* catalogue: the known mistakes in a softmax backward pass, each a
 * function of the state, shared by `mistake NAME` (one entry beside the
 * right value) and `diagnose` (which searches them all).
 *
 * A target is a value a user may compute by hand: s, J, dz (= Jᵀg, the
 * gradient with respect to the logits z for an upstream gradient g =
 * ∂L/∂s), and the network's backward stages delta3 ... db1. An entry
 * enters the computation at one place (its first target) and changes every
 * target computed from there on, as the wrong line of code would: `sign`
 * flips delta3, and so dW2, db2, delta2, dW1 and db1 inherit it (the reg
 * terms excepted).
 *
 * Ownership: the entries are constant. catalogue_right and catalogue_value
 * allocate *out (the caller releases it); they read the session and never
 * change it. The network's targets need its backward pass computed
 * (net.stage >= STAGE_DB1); the lab's need logits. */
#ifndef GRADLAB_CATALOGUE_H
#define GRADLAB_CATALOGUE_H

#include "tensor.h"

struct session;

enum diag_target {
    DT_S, DT_J, DT_DZ, DT_DELTA3, DT_DW2, DT_DB2, DT_DELTA2, DT_DW1, DT_DB1, DT_COUNT
};
/* "s", "J", "dz", then the stages' names "delta3" ... "db1" (stages.h),
 * NULL-terminated; diag_target_name(t) is one of them */
const char *const *diag_target_list(void);
#define diag_target_name(t) (diag_target_list()[(t)])
/* the target called name, or -1 */
int diag_target_of(const char *name);
/* 1 for the targets of the logits lab (s, J, dz), 0 for the network's */
int diag_target_is_lab(int t);

struct mistake_entry {
    const char *name;           /* "gate" */
    const char *words;          /* what the mistake is, one line */
    int enters;                 /* the target where it enters (a DT_) */
    int shown;                  /* the target `mistake NAME` shows */
};
extern const struct mistake_entry catalogue[];
extern const int catalogue_count;
/* NULL-terminated names, for completion */
extern const char *const catalogue_names[];

/* the entry called name, or -1 */
int catalogue_find(const char *name);

/* the wrong formula of entry e at its target t, and the right one, for the
 * net's activation act and reg (nonzero: the L2 term); constant strings or
 * buf (size bytes) */
const char *catalogue_wrong_formula(int e, int t, int act, int reg, char *buf, size_t size);
const char *catalogue_right_formula(int t, int act, int reg);
/* the line of numpy to change for target t, as it is with the mistake and
 * as it should be (the classic tutorial's names: X, y, W1, a1, delta3...) */
void catalogue_code(int e, int t, int act, const char **wrong, const char **right);

/* out = the right value of target t; g (1 x n, n logits) is the upstream
 * gradient for DT_DZ (else NULL). 0, or -1 (no memory) */
int catalogue_right(const struct session *S, int t, const tensor *g, tensor *out);
/* out = the value of target t with entry e's mistake made; vector: J as
 * one number per class (the shape of the question's loop) instead of
 * n x n. 0 when written, 1 when the entry does not reach t or cannot be
 * made in this state (W2 is not square for `transposed`, ...), -1 no
 * memory */
int catalogue_value(const struct session *S, int e, int t, const tensor *g, int vector, tensor *out);

/* the question's loop, literally: gradient[i] for logits z and s =
 * softmax(z), n of them (what it returns: -s_i z_{n-1}) */
void catalogue_question_loop(const double *z, const double *s, double *gradient, int n);

#endif
