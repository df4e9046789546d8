/* growbuf: bytes appended to a buffer that grows as they come (the session
 * script, the shared line's record). A failed allocation is remembered in
 * fail, and what follows is dropped; the caller checks fail once at the end.
 * Ownership: the caller frees p. The buffer always has a NUL after its
 * len bytes, so text can be read from p. */
#ifndef GRADLAB_GROWBUF_H
#define GRADLAB_GROWBUF_H

#include <stddef.h>

struct growbuf {
    char *p;
    size_t len, cap;
    int fail;
};

void growbuf_put(struct growbuf *b, const void *src, size_t n);

#endif
