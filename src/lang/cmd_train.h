/* cmd_train: the data and training commands: data (make, load, save a
 * data set), train (full-batch gradient descent), reduce (which loss it
 * descends and loss shows), accuracy and predict. */
#ifndef GRADLAB_CMD_TRAIN_H
#define GRADLAB_CMD_TRAIN_H

#include "session.h"

int cmd_data(struct session *S, int argc, char **argv);
int cmd_train(struct session *S, int argc, char **argv);
int cmd_reduce(struct session *S, int argc, char **argv);
int cmd_accuracy(struct session *S, int argc, char **argv);
/* the fraction of rows of x the net classifies as y says (and how many);
 * 0, or -1 with S->err */
int train_accuracy(struct session *S, double *acc, int *right);
int cmd_predict(struct session *S, int argc, char **argv);

/* give the net the data set as its batch when the shapes fit; returns 1
 * if it did (used by 'net' after it builds a network) */
int train_use_data(struct session *S);

#endif
