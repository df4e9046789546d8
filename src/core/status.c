/* status: the failures the core tells apart. See status.h. */
#include "status.h"

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
