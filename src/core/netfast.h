/* netfast: the column-major training pass (see netfast.c). */
#ifndef GRADLAB_NETFAST_H
#define GRADLAB_NETFAST_H

#include "net.h"

/* dW1, db1, dW2, db2 of the summed loss (+ reg W) from the prepared
 * transposed batch (net_train_prepare); clobbers hT, kT, gT */
void netfast_gradients(struct net *n);

#endif
