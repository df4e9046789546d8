/* progress: the learner's progress file. See progress.h. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "paths.h"

#define PROGRESS_MAX_BYTES (1 << 20)
#define NAME_MAX_BYTES 256

static void progress_path(char *buf, size_t n)
{
    state_path(buf, n, "lessons");
}

static void encode(const char *name, char *out, size_t size)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < size; p++) {
        if (*p <= ' ' || *p == '%' || *p == 0x7f)
            o += (size_t)snprintf(out + o, size - o, "%%%02X", *p);
        else
            out[o++] = (char)*p;
    }
    out[o] = '\0';
}

static int hex(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* one line "NAME DONE PARTS" (n bytes, no '\n'): the decoded name and
 * the numbers; 0, or -1 when the line is not one */
static int parse_line(const char *s, size_t n, char *name, size_t size, int *done, int *parts)
{
    char line[NAME_MAX_BYTES * 3 + 64];
    if (n >= sizeof line)
        return -1;
    memcpy(line, s, n);
    line[n] = '\0';
    char *b = strrchr(line, ' ');
    if (!b)
        return -1;
    *b = '\0';
    char *a = strrchr(line, ' ');
    if (!a || a == line)
        return -1;
    *a = '\0';
    char *e1, *e2;
    long d = strtol(a + 1, &e1, 10), p = strtol(b + 1, &e2, 10);
    if (*e1 || *e2 || e1 == a + 1 || e2 == b + 1 || d < 0 || p < 0 || d > 100000 || p > 100000)
        return -1;
    size_t o = 0;
    for (const char *c = line; *c && o + 1 < size; c++) {
        if (*c == '%' && hex(c[1]) >= 0 && hex(c[2]) >= 0) {
            name[o++] = (char)(hex(c[1]) * 16 + hex(c[2]));
            c += 2;
        } else {
            name[o++] = *c;
        }
    }
    name[o] = '\0';
    *done = (int)d;
    *parts = (int)p;
    return 0;
}

/* each line of the progress file but skip's: fn(name, done, parts, ud);
 * 0, or -1 when fn returned -1 */
static int each_line(const char *skip, int (*fn)(const char *name, int done, int parts, void *ud), void *ud)
{
    char path[1024], err[300], name[NAME_MAX_BYTES];
    char *buf;
    size_t len;
    progress_path(path, sizeof path);
    if (file_read_all(NULL, path, PROGRESS_MAX_BYTES, &buf, &len, err, sizeof err) != 0)
        return 0;
    int rc = 0;
    for (char *s = buf; rc == 0 && s < buf + len;) {
        char *nl = memchr(s, '\n', (size_t)(buf + len - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(buf + len - s);
        int d, p;
        if (parse_line(s, n, name, sizeof name, &d, &p) == 0 && (!skip || strcmp(name, skip) != 0))
            rc = fn(name, d, p, ud);
        s += n + 1;
    }
    free(buf);
    return rc;
}

struct found {
    const char *name;
    int done, parts, found;
};

static int find(const char *name, int done, int parts, void *ud)
{
    struct found *f = ud;
    if (!strcmp(name, f->name)) {
        f->done = done;
        f->parts = parts;
        f->found = 1;
    }
    return 0;
}

int progress_of(const char *name, int *done, int *parts)
{
    struct found f = { name, 0, 0, 0 };
    each_line(NULL, find, &f);
    if (f.found) {
        *done = f.done;
        *parts = f.parts;
    }
    return f.found;
}

static int put_line(const char *name, int done, int parts, void *ud)
{
    char enc[NAME_MAX_BYTES * 3 + 1];
    encode(name, enc, sizeof enc);
    return fprintf(ud, "%s %d %d\n", enc, done, parts) < 0 ? -1 : 0;
}

struct job {
    const char *name;
    int done, parts;
};

static int write_all(FILE *out, void *ctx)
{
    const struct job *j = ctx;
    if (each_line(j->name, put_line, out) < 0)
        return -1;
    return put_line(j->name, j->done, j->parts, out);
}

int progress_keep(const char *name, int done, int parts, char *err, size_t errlen)
{
    int old_d = 0, old_p = 0;
    if (progress_of(name, &old_d, &old_p) && old_p == parts && old_d >= done)
        return 0;               /* never forget how far the learner got */
    char path[1024];
    progress_path(path, sizeof path);
    make_parent_dirs(path);
    struct job j = { name, done, parts };
    return file_write_atomic(NULL, path, write_all, &j, err, errlen);
}
