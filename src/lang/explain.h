/* explain: the formula of a value or of one of its entries, with the
 * current numbers put in (explain J[0][1], explain delta2, ...). */
#ifndef GRADLAB_EXPLAIN_H
#define GRADLAB_EXPLAIN_H

#include "session.h"

/* arg: NAME, NAME[i], NAME[i,j] or NAME[i][j]. 0, or -1 with S->err */
int explain_run(struct session *S, const char *arg);

#endif
