/* mistake: the classic wrong derivatives beside the right ones, for the
 * lessons. `mistake naive|logits|gate|reg|batch` computes the wrong result
 * (S->wrong) and the right one (S->right), and measures both against an
 * independent reference (S->err_wrong, S->err_right):
 *   naive   the softmax without subtracting the max (exp overflows)
 *   logits  the question's backward pass: z where s belongs, a number where
 *           the n x n Jacobian is needed (the window draws it beside J)
 *   gate    dW1 without the (1 − a1²) of tanh (act'(z1))
 *   reg     dW2 without the reg·W2 of the L2 term
 *   batch   the mean loss's dW2 where the summed loss's is checked (÷ N) */
#ifndef GRADLAB_MISTAKE_H
#define GRADLAB_MISTAKE_H

struct session;

extern const char *const mistake_words[];
int cmd_mistake(struct session *S, int argc, char **argv);

#endif
