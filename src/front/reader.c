/* reader: plain lines from a file descriptor. See reader.h. */
#include "reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"

void reader_fill(struct reader *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->len - r->start);
        r->len -= r->start;
        r->start = 0;
    }
    if (r->cap - r->len < READ_CHUNK) {
        size_t cap = r->cap * 2 > r->len + READ_CHUNK ? r->cap * 2 : r->len + READ_CHUNK;
        char *p = realloc(r->buf, cap);
        if (!p) {
            r->eof = 1;
            r->err = ENOMEM;
            return;
        }
        r->buf = p;
        r->cap = cap;
    }
    ssize_t n = read(r->fd, r->buf + r->len, READ_CHUNK);
    if (n > 0) {
        r->len += (size_t)n;
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        r->eof = 1;
        r->err = n < 0 && errno != EBADF ? errno : 0;   /* no stdin at all: no input */
    }
}

char *reader_line(struct reader *r, size_t *n)
{
    char *s = r->buf + r->start;
    size_t held = r->len - r->start;
    char *nl = held ? memchr(s, '\n', held) : NULL;
    if (r->skipping) {
        /* the rest of a line over the limit, up to its end */
        r->start = nl ? r->start + (size_t)(nl - s) + 1 : r->len;
        r->skipping = !nl;
        if (r->skipping)
            return NULL;
        return reader_line(r, n);
    }
    if (!nl && held > LINE_MAX_BYTES) {
        r->skipping = r->too_long = 1;
        r->start = r->len;
        return NULL;
    }
    if (!nl && !(r->eof && held > 0))
        return NULL;
    *n = nl ? (size_t)(nl - s) + 1 : held;
    if (*n + 1 > r->line_cap) {
        char *p = realloc(r->line, *n + 1);
        if (!p) {
            r->eof = 1;             /* out of memory: the stream ends here */
            r->start = r->len;
            return NULL;
        }
        r->line = p;
        r->line_cap = *n + 1;
    }
    memcpy(r->line, s, *n);
    r->line[*n] = '\0';
    r->start += *n;
    return r->line;
}

void reader_free(struct reader *r)
{
    free(r->buf);
    free(r->line);
    r->buf = r->line = NULL;
}

int reader_text(const char *text, size_t n, long *lineno,
                int (*fn)(void *ud, long lineno, char *line, size_t len), void *ud)
{
    char *line = NULL;
    int stop = 0;
    for (size_t at = 0; at < n && !stop;) {
        const char *nl = memchr(text + at, '\n', n - at);
        size_t len = nl ? (size_t)(nl - (text + at)) + 1 : n - at;
        char *p = realloc(line, len + 1);
        if (!p) {
            stop = -1;
            break;
        }
        line = p;
        memcpy(line, text + at, len);
        line[len] = '\0';
        stop = fn(ud, ++*lineno, line, len);
        at += len;
    }
    free(line);
    return stop;
}
