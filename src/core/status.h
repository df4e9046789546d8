/* status: what a function of the core returns when it can fail in more
 * ways than its own, so that the edges can say what happened:
 *     0            done
 *     ST_FAILED    the function's own failure (a value not finite, a shape
 *                  that does not fit: its header says which)
 *     ST_NO_MEMORY out of memory: status_nomem_bytes() says how much the
 *                  work needed
 *     ST_TOO_BIG   a matrix would hold more than TENSOR_MAX_ELEMS values
 *     ST_STOPPED   the stop flag (stop.h) was raised and the work ended
 *                  early, leaving what its header says (as a rule: what
 *                  was there before)
 * The failures are negative, so `if (f() < 0)` still reads "it failed";
 * a caller that passes a stop flag must also look for ST_STOPPED. */
#ifndef GRADLAB_STATUS_H
#define GRADLAB_STATUS_H

#include <stddef.h>

#include "stop.h"

enum status {
    ST_OK = 0,
    ST_FAILED = -1,
    ST_NO_MEMORY = -2,
    ST_TOO_BIG = -3,
    ST_STOPPED = 1,
};

/* record that work needing bytes could not get its memory; returns
 * ST_NO_MEMORY (return status_nomem(n) where an allocation failed) */
int status_nomem(size_t bytes);
/* what the last work that ran out of memory needed, in bytes (as errno,
 * read it right after the failure) */
size_t status_nomem_bytes(void);

/* Giving back a large block takes time too (a tenth of a second for 1 GiB
 * on some machines), which work that was stopped would spend before the
 * prompt comes back. While the flag given to status_defer_frees is up,
 * status_free keeps large blocks (16 MiB and more) for status_reclaim,
 * which the front end calls once the prompt is shown (and at exit); else
 * it frees at once. The tensors' memory goes through it. */
void status_defer_frees(stop_flag *flag);
void status_free(void *p, size_t bytes);
void status_reclaim(void);
/* how many blocks status_free keeps now */
int status_deferred(void);

#endif
