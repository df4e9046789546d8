/* reader: plain lines from a file descriptor, read as they come (a
 * script, a pipe or stdin in batch mode). A line over LINE_MAX_BYTES
 * (command.h) is refused as soon as it is that long and the rest of it
 * thrown away as it comes, so at most LINE_MAX_BYTES + READ_CHUNK bytes
 * are ever held (/dev/zero is one endless line). */
#ifndef GRADLAB_READER_H
#define GRADLAB_READER_H

#include <stddef.h>

#define READ_CHUNK 65536

/* { .fd = fd } to start; reader_free at the end */
struct reader {
    int fd;
    char *buf;
    size_t start, len, cap;     /* the bytes not yet returned: buf[start..len) */
    char *line;                 /* the line returned last, NUL-terminated */
    size_t line_cap;
    int eof;
    int err;                    /* the errno of a read that failed (eof is set too) */
    int skipping;               /* throwing away the rest of a line over the limit */
    int too_long;               /* a line over the limit began: say so once */
};

/* read what fd has now (at most READ_CHUNK bytes); at the end (or on an
 * error: err) eof is set */
void reader_fill(struct reader *r);

/* the next line with its '\n' (at the end, what is left without one), as
 * getline gives it: its length in *n (a NUL inside counts); NULL when no
 * whole line is held yet, or nothing is left (too_long: a line over the
 * limit began) */
char *reader_line(struct reader *r, size_t *n);

void reader_free(struct reader *r);

/* the lines of text (n bytes in memory), each with its '\n' (the last
 * may have none) and a NUL after it, handed to fn with their number
 * (*lineno counts them) until fn returns nonzero: that value, 0 at the
 * end, or -1 when out of memory for a line */
int reader_text(const char *text, size_t n, long *lineno,
                int (*fn)(void *ud, long lineno, char *line, size_t len), void *ud);

#endif
