/* record: the session as Markdown. See record.h. */
#include "record.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "paths.h"
#include "platform.h"
#include "print.h"
#include "session.h"

struct record {
    char path[1024];        /* as shown (escaped) */
    int fd;                 /* the file, open for appending */
    size_t written;         /* its size */
    char *out;              /* the output of the line being run, at most what the cap leaves */
    size_t out_len, out_cap;
    int out_cut;            /* the line printed more than that */
    FILE *screen;           /* where the output also goes */
    FILE *tee;              /* set while a line is captured */
    int off;                /* `record off` ran on the line: stop at its end */
};

/* room left in the file before the cap */
static size_t room(const struct record *R)
{
    return R->written < RECORD_MAX_BYTES ? RECORD_MAX_BYTES - R->written : 0;
}

/* the line's output: to the screen, and kept for the record (through
 * platform_stream_open) */
static void keep_out(struct record *R, const char *buf, size_t n)
{
    size_t keep = n;
    if (R->out_len + keep > room(R)) {
        keep = R->out_len < room(R) ? room(R) - R->out_len : 0;
        R->out_cut = 1;
    }
    if (keep && R->out_len + keep > R->out_cap) {
        size_t c = R->out_cap ? R->out_cap : 4096;
        while (c < R->out_len + keep)
            c *= 2;
        char *p = realloc(R->out, c);
        if (!p) {
            R->out_cut = 1;
            return;
        }
        R->out = p;
        R->out_cap = c;
    }
    if (keep) {
        memcpy(R->out + R->out_len, buf, keep);
        R->out_len += keep;
    }
}

static int tee_write(void *cookie, const char *buf, size_t n)
{
    struct record *R = cookie;
    fwrite(buf, 1, n, R->screen);
    keep_out(R, buf, n);
    return 0;
}

void record_error(struct session *S, const char *msg)
{
    struct record *R = S->record;
    if (!R || !R->tee)
        return;
    fflush(R->tee);             /* what the line printed before it comes first */
    keep_out(R, "error: ", 7);
    keep_out(R, msg, strlen(msg));
    keep_out(R, "\n", 1);
}

void record_release(struct session *S)
{
    struct record *R = S->record;
    if (!R)
        return;
    if (R->fd >= 0)
        close(R->fd);
    free(R->out);
    free(R);
    S->record = NULL;
}

/* append n bytes to the file: 0, or -1 with errno */
static int put(struct record *R, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(R->fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        R->written += (size_t)w;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

static int puts_(struct record *R, const char *s)
{
    return put(R, s, strlen(s));
}

static int write_head(FILE *fp, void *ctx)
{
    return fputs(ctx, fp) < 0 ? -1 : 0;
}

static int record_start(struct session *S, const char *path)
{
    if (strlen(path) >= sizeof S->record->path)
        return session_error(S, "record: the file name is too long");
    struct record *R = calloc(1, sizeof *R);
    if (!R)
        return session_error(S, "out of memory");
    text_shown(R->path, sizeof R->path, path);
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
    R->fd = -1;
    if (file_write_atomic(S->policy, path, write_head, head, err, sizeof err) < 0 ||
        (R->fd = file_open_append(S->policy, path, err, sizeof err)) < 0) {
        free(R);
        return session_error(S, "record: %s", err);
    }
    R->written = strlen(head);
    S->record = R;
    if (!print_report(S, "record", "recording:b file:s", 1, R->path))
        fprintf(S->out, "recording to '%s': every command from now on, with its output\n", R->path);
    return 0;
}

int cmd_record(struct session *S, int argc, char **argv)
{
    struct record *R = S->record;
    if (argc == 1) {
        int on = R && !R->off;
        if (print_report(S, "record", "recording:b file:s", on, on ? R->path : NULL))
            ;
        else if (on)
            fprintf(S->out, "recording to '%s' ('record off' stops)\n", R->path);
        else
            fprintf(S->out, "not recording ('record FILE.md' starts)\n");
        return 0;
    }
    if (argc != 2)
        return session_error(S, "usage: record FILE.md | record off");
    if (!strcmp(argv[1], "off")) {
        if (!R || R->off)
            return session_error(S, "not recording");
        if (!print_report(S, "record", "recording:b file:s", 0, R->path))
            fprintf(S->out, "recorded to '%s'\n", R->path);
        if (R->tee)
            R->off = 1;         /* the line's output still goes through it: stop at its end */
        else
            record_release(S);
        return 0;
    }
    if (R && R->off)
        return session_error(S, "the record '%s' stops at the end of this line: start the next one on a new line",
                             R->path);
    if (R)
        return session_error(S, "already recording to '%s' ('record off' first)", R->path);
    return record_start(S, argv[1]);
}

void record_line_begin(struct session *S, FILE **saved)
{
    struct record *R = S->record;
    *saved = NULL;
    if (!R)
        return;
    R->out_len = 0;
    R->out_cut = 0;
    R->screen = S->out;
    R->tee = platform_stream_open(R, tee_write);
    if (!R->tee)
        return;
    *saved = S->out;
    S->out = R->tee;
}

/* the longest run of backticks in s: a code fence must be longer */
static size_t backticks(const char *s, size_t n)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

/* the fence of a block: backticks, more than any run inside it */
static size_t fence_len(const struct record *R, const char *line, const char *err)
{
    size_t f = backticks(line, strlen(line));
    size_t fo = backticks(R->out ? R->out : "", R->out_len), fe = err ? backticks(err, strlen(err)) : 0;
    f = f > fo ? f : fo;
    f = (f > fe ? f : fe) + 1;
    return f < 3 ? 3 : f;
}

static int put_fence(struct record *R, size_t f)
{
    char ticks[64];
    memset(ticks, '`', sizeof ticks);
    for (; f > sizeof ticks; f -= sizeof ticks)
        if (put(R, ticks, sizeof ticks) < 0)
            return -1;
    return put(R, ticks, f) < 0 || puts_(R, "\n") < 0 ? -1 : 0;
}

/* the line and its output (and its error) as a code block fenced with f
 * backticks; 0, or -1 with errno */
static int put_block(struct record *R, const char *line, const char *err, size_t f)
{
    int bad = put_fence(R, f) < 0 || puts_(R, "gradlab> ") < 0 || puts_(R, line) < 0 || puts_(R, "\n") < 0 ||
              (R->out_len && put(R, R->out, R->out_len) < 0) ||
              (R->out_len && R->out[R->out_len - 1] != '\n' && puts_(R, "\n") < 0);
    if (!bad && err)
        bad = puts_(R, "error: ") < 0 || puts_(R, err) < 0 || puts_(R, "\n") < 0;
    return bad || put_fence(R, f) < 0 || puts_(R, "\n") < 0 ? -1 : 0;
}

void record_line_end(struct session *S, const char *line, int rc, FILE *saved)
{
    struct record *R = S->record;
    if (saved) {
        FILE *tee = S->out;     /* closing it hands over what it still holds */
        S->out = saved;
        if (tee != saved)
            platform_stream_close(tee);
        if (R)
            R->tee = NULL;
    }
    if (!R || !saved)
        return;                 /* nothing was captured */
    if (R->off) {
        record_release(S);      /* `record off` ran on this line */
        return;
    }
    /* the block, unless it would take the file over its cap */
    const char *err = rc == -1 ? S->err : NULL;     /* not COMMAND_SHOWN: kept already */
    size_t f = fence_len(R, line, err);
    size_t need = strlen(line) + R->out_len + (err ? strlen(err) : 0) + 2 * f + 40;
    if (R->out_cut || need > room(R)) {
        puts_(R, "*The record stops here: it reached its limit of " RECORD_MAX_TEXT ".*\n");
        fprintf(stderr, "gradlab: record: '%s' reached its limit of " RECORD_MAX_TEXT ": recording stopped\n",
                R->path);
        record_release(S);
        return;
    }
    if (put_block(R, line, err, f) < 0) {
        fprintf(stderr, "gradlab: record: cannot write '%s': %s: recording stopped\n", R->path, strerror(errno));
        record_release(S);
    }
}
