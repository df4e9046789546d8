/* record: the session as Markdown. See record.h. */
#define _GNU_SOURCE             /* fopencookie: a stream that writes to two places */
#include "record.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "files.h"
#include "session.h"

struct record {
    char path[1024];
    char *md;               /* the whole document */
    size_t len, cap;
    char *out;              /* the output of the line being run */
    size_t out_len, out_cap;
    FILE *screen;           /* where the output also goes */
    FILE *tee;
};

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 4096;
    while (c < need)
        c *= 2;
    char *p = realloc(*buf, c);
    if (!p)
        return -1;
    *buf = p;
    *cap = c;
    return 0;
}

static int add(struct record *R, const char *s, size_t n)
{
    if (grow(&R->md, &R->cap, R->len + n + 1) < 0)
        return -1;
    memcpy(R->md + R->len, s, n);
    R->len += n;
    R->md[R->len] = '\0';
    return 0;
}

static int adds(struct record *R, const char *s)
{
    return add(R, s, strlen(s));
}

static ssize_t tee_write(void *cookie, const char *buf, size_t n)
{
    struct record *R = cookie;
    fwrite(buf, 1, n, R->screen);
    if (grow(&R->out, &R->out_cap, R->out_len + n + 1) == 0) {
        memcpy(R->out + R->out_len, buf, n);
        R->out_len += n;
    }
    return (ssize_t)n;
}

static int write_md(FILE *fp, void *ctx)
{
    const struct record *R = ctx;
    return fwrite(R->md, 1, R->len, fp) == R->len ? 0 : -1;
}

static int flush_file(struct record *R, char *err, size_t errlen)
{
    return file_write_atomic(NULL, R->path, write_md, R, err, errlen);
}

void record_release(struct session *S)
{
    struct record *R = S->record;
    if (!R)
        return;
    free(R->md);
    free(R->out);
    free(R);
    S->record = NULL;
}

int cmd_record(struct session *S, int argc, char **argv)
{
    if (argc == 1) {
        if (S->record)
            fprintf(S->out, "recording to '%s' ('record off' stops)\n", S->record->path);
        else
            fprintf(S->out, "not recording ('record FILE.md' starts)\n");
        return 0;
    }
    if (argc != 2)
        return session_error(S, "usage: record FILE.md | record off");
    if (!strcmp(argv[1], "off")) {
        if (!S->record)
            return session_error(S, "not recording");
        fprintf(S->out, "recorded to '%s'\n", S->record->path);
        record_release(S);
        return 0;
    }
    if (S->record)
        return session_error(S, "already recording to '%s' ('record off' first)", S->record->path);
    if (strlen(argv[1]) >= sizeof S->record->path)
        return session_error(S, "record: the file name is too long");
    struct record *R = calloc(1, sizeof *R);
    if (!R)
        return session_error(S, "out of memory");
    snprintf(R->path, sizeof R->path, "%s", argv[1]);
    char date[64] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
    char head[256];
    snprintf(head, sizeof head,
             "# A gradlab session\n\nRecorded %s with gradlab %s. Each block is a command as typed "
             "(after `gradlab>`) and what it printed.\n\n", date, GRADLAB_VERSION);
    char err[400];
    if (adds(R, head) < 0 || flush_file(R, err, sizeof err) < 0) {
        free(R->md);
        free(R);
        return session_error(S, "record: %s", err);
    }
    S->record = R;
    fprintf(S->out, "recording to '%s': every command from now on, with its output\n", R->path);
    return 0;
}

void record_line_begin(struct session *S, FILE **saved)
{
    struct record *R = S->record;
    *saved = NULL;
    if (!R)
        return;
    cookie_io_functions_t io = { NULL, tee_write, NULL, NULL };
    R->out_len = 0;
    R->screen = S->out;
    R->tee = fopencookie(R, "w", io);
    if (!R->tee)
        return;
    setvbuf(R->tee, NULL, _IONBF, 0);
    *saved = S->out;
    S->out = R->tee;
}

void record_line_end(struct session *S, const char *line, int rc, FILE *saved)
{
    struct record *R = S->record;
    if (saved) {
        FILE *tee = S->out;     /* unbuffered: closing it writes nothing more */
        S->out = saved;
        if (tee != saved)
            fclose(tee);
        if (R)
            R->tee = NULL;
    }
    if (!R || !saved)
        return;                 /* `record off` ended it, or nothing was captured */
    size_t mark = R->len;
    int bad = adds(R, "```\ngradlab> ") < 0 || adds(R, line) < 0 || adds(R, "\n") < 0 ||
              add(R, R->out ? R->out : "", R->out_len) < 0;
    if (!bad && rc < 0)
        bad = adds(R, "error: ") < 0 || adds(R, S->err) < 0 || adds(R, "\n") < 0;
    if (!bad && R->out_len && R->out[R->out_len - 1] != '\n')
        bad = adds(R, "\n") < 0;
    if (!bad)
        bad = adds(R, "```\n\n") < 0;
    char err[400];
    if (bad) {
        R->len = mark;
        fprintf(stderr, "gradlab: record: out of memory; this line is not recorded\n");
    } else if (flush_file(R, err, sizeof err) < 0) {
        fprintf(stderr, "gradlab: record: %s (the record in memory is kept; it is written after the next line)\n", err);
    }
}
