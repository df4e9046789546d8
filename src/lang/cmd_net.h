/* cmd_net: the network's commands: net (make one from the seed), seed,
 * the stages (step, back, forward, backward, reset), show, status,
 * explain, gradcheck (every gradient against central differences) and
 * update (one step of gradient descent). Setting x, y or a parameter is
 * assign.h. */
#ifndef GRADLAB_CMD_NET_H
#define GRADLAB_CMD_NET_H

#include "session.h"

int cmd_net(struct session *S, int argc, char **argv);
int cmd_seed(struct session *S, int argc, char **argv);
int cmd_step(struct session *S, int argc, char **argv);
int cmd_back(struct session *S, int argc, char **argv);
int cmd_forward(struct session *S, int argc, char **argv);
int cmd_backward(struct session *S, int argc, char **argv);
int cmd_reset(struct session *S, int argc, char **argv);
int cmd_show(struct session *S, int argc, char **argv);
int cmd_status(struct session *S, int argc, char **argv);
int cmd_explain(struct session *S, int argc, char **argv);
int cmd_gradcheck(struct session *S, int argc, char **argv);
int cmd_update(struct session *S, int argc, char **argv);

#endif
