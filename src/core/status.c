/* status: the failures the core tells apart. See status.h. */
#include "status.h"

#include <stdlib.h>

static size_t nomem_bytes;

int status_nomem(size_t bytes)
{
    nomem_bytes = bytes;
    return ST_NO_MEMORY;
}

size_t status_nomem_bytes(void)
{
    return nomem_bytes;
}

#define DEFER_MIN ((size_t)16 << 20)
#define DEFER_MAX 64

static stop_flag *defer_flag;
static void *deferred[DEFER_MAX];
static int n_deferred;

void status_defer_frees(stop_flag *flag)
{
    defer_flag = flag;
}

void status_free(void *p, size_t bytes)
{
    if (p && bytes >= DEFER_MIN && stop_requested(defer_flag) && n_deferred < DEFER_MAX) {
        deferred[n_deferred++] = p;
        return;
    }
    free(p);
}

void status_reclaim(void)
{
    while (n_deferred > 0)
        free(deferred[--n_deferred]);
}

int status_deferred(void)
{
    return n_deferred;
}
