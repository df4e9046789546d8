/* mistake: one known mistake of the catalogue (catalogue.h) beside the
 * right value, for the lessons. `mistake NAME` computes the wrong result
 * (S->wrong) and the right one (S->right), and measures both against an
 * independent reference (S->err_wrong, S->err_right): central differences
 * of the summed loss for the network's gradients, of the softmax for J,
 * the softmax in long double for `naive`. It prints the mistake's words,
 * its wrong formula, the right one and the line of code to change.
 *   logits [g=[...]]  the question's backward pass exactly, step by step,
 *                     beside J and Jᵀg for an upstream gradient g (the
 *                     window draws its diag(gradient) beside J)
 *   naive             the softmax without subtracting the max
 *   gate, reg, batch, ...  the network's mistakes */
#ifndef GRADLAB_MISTAKE_H
#define GRADLAB_MISTAKE_H

struct session;

int cmd_mistake(struct session *S, int argc, char **argv);
/* print entry e of the catalogue: its name and words, its wrong formula
 * and the right one where it enters, what target t inherits from it when
 * t comes later, and the line of numpy to change */
void mistake_describe(struct session *S, int e, int t);
/* the formula of the last mistake's value (explain wrong): the mistake
 * described as above; right: the right formula of its target. Nothing
 * before a mistake */
void mistake_formula(struct session *S, int right);

#endif
