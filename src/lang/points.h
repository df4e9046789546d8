/* points: the data set edited point by point, and set whole from a
 * literal (what the data view's clicks and drags are echoed as, and what
 * a session file writes):
 *
 *   data = [[x0, x1, label], ...] [name=NAME]   the whole set
 *   data add X0 X1 ... CLASS                       a point at the end
 *   data move I X0 X1 ...                          point I moved (its class kept)
 *   data del I                                     point I removed
 *
 * When the network's batch is the data set (as 'net' and 'data' make it),
 * x and y follow the edit and the stages are computed again up to where
 * they were; otherwise the batch is left alone. On any error nothing
 * changes. */
#ifndef GRADLAB_POINTS_H
#define GRADLAB_POINTS_H

#include "session.h"

/* the data command: the forms above, and cmd_data's (cmd_train.h) */
int cmd_points(struct session *S, int argc, char **argv);
/* 1 when argv[1] names one of them */
int points_word(const char *word);

/* 1 when the net's batch is the data set d (x its rows, y its labels one-hot) */
int points_batch_is(const struct session *S, const struct dataset *d);

#endif
