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

/* give the net n the data set d as its batch when the shapes fit; returns
 * 0 if it did, ST_FAILED when the shapes do not fit, else a status of the
 * core (status.h: ST_TOO_BIG, ST_NO_MEMORY, ST_STOPPED; n is then
 * unchanged).
 * Used by 'net' after it builds a network, and by 'data'. */
int train_use_data(struct session *S, struct net *n, const struct dataset *d);
/* the message for rows rows of input that n cannot take: a matrix of the
 * pass would be over the limit (ST_TOO_BIG of net_set_batch, net_predict) */
int train_too_big(struct session *S, const char *what, const struct net *n, int rows);

#endif
