/* cmd_lab: the logits lab, the softmax of one vector of logits on its own:
 * `logits` sets z and shows z and s = softmax(z); `jacobian` shows
 * J = diag(s) - s s^T, and `jacobian check` holds it against central
 * differences and against the vector form s (.) (g - g.s). */
#ifndef GRADLAB_CMD_LAB_H
#define GRADLAB_CMD_LAB_H

#include "session.h"

/* set z (1 x n), computing s and J; on any error (S->err, -1) the old
 * values stay */
int lab_set_logits(struct session *S, const tensor *z);

int cmd_logits(struct session *S, int argc, char **argv);
int cmd_jacobian(struct session *S, int argc, char **argv);

#endif
