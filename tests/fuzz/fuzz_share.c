/* libFuzzer harness for the shared line's decoder (share_decode) and
 * what 'session open' does with a line it accepts.
 *
 * A byte-level fuzzer would almost never get past the line's checksum, so
 * the input is taken two ways: (1) as the line itself (the prefix, the
 * alphabet, blanks, cut lines), and (2) as the record inside a line: the
 * harness appends its CRC-32, encodes it in base64url after the prefix,
 * and decodes that, so that every count, limit and number check of the
 * record is reached. A record that decodes is held to share.h's promises
 * (its pieces the sizes its counts say, every number finite but a -inf
 * logit, the settings in their alphabet), then opened in a session the
 * way 'session open' does (when the work it asks for is small enough for
 * a fuzzer: a net and batch of up to 2e5 products); what it opens must
 * save as a script and load again. Every allocation is released.
 *
 * Build and run: make fuzz FUZZ_TARGETS=share; make fuzz-regress. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "undo.h"
#include "sessfile.h"
#include "session.h"
#include "share.h"
#include "state.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* prefix + base64url of data, n bytes, and its CRC-32 */
static char *as_line(const uint8_t *data, size_t n, size_t *len)
{
    uint8_t *rec = malloc(n + 4);
    if (!rec)
        abort();
    memcpy(rec, data, n);
    uint32_t c = share_crc32(rec, n);
    for (int i = 0; i < 4; i++)
        rec[n + i] = (uint8_t)(c >> (8 * i));
    n += 4;
    char *s = malloc(strlen(SHARE_PREFIX) + n * 4 / 3 + 8), *q = s;
    if (!s)
        abort();
    q += sprintf(q, "%s", SHARE_PREFIX);
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)rec[i] << 16 | (i + 1 < n ? (uint32_t)rec[i + 1] << 8 : 0) | (i + 2 < n ? rec[i + 2] : 0);
        int chars = n - i >= 3 ? 4 : (int)(n - i) + 1;
        for (int k = 0; k < chars; k++)
            *q++ = b64[(v >> (18 - 6 * k)) & 63];
    }
    *q = '\0';
    *len = (size_t)(q - s);
    free(rec);
    return s;
}

/* what share.h promises of a decoded state */
static void check(const struct state *st, const char *settings)
{
    for (int k = 0; k < PART_COUNT; k++) {
        const struct state_piece *p = &st->p[k];
        size_t el = k == PART_LABELS ? sizeof(int) : sizeof(double);
        if (p->bytes != (size_t)p->rows * (size_t)p->cols * el || (p->bytes && !p->data))
            abort();
        if (k == PART_LABELS)
            continue;
        const double *d = p->data;
        for (size_t i = 0; i < p->bytes / sizeof(double); i++)
            if (!isfinite(d[i]) && !(k == PART_Z && d[i] == -INFINITY))
                abort();
    }
    if (strspn(settings, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._=-\n") != strlen(settings))
        abort();
    if (st->sc.has_net && (st->p[PART_W1].rows != st->sc.D || st->p[PART_W1].cols != st->sc.H ||
                           st->p[PART_X].cols != st->sc.D || st->p[PART_Y].cols != st->sc.K ||
                           st->p[PART_X].rows != st->p[PART_Y].rows))
        abort();
}

/* the products a forward and backward pass of st's net would make */
static double work(const struct state *st)
{
    if (!st->sc.has_net)
        return 0;
    double rows = st->p[PART_X].rows + st->p[PART_DATA].rows;
    return rows * ((double)st->sc.D * st->sc.H + (double)st->sc.H * st->sc.K) + (double)st->p[PART_DATA].rows;
}

/* open the line in a fresh session as 'session open' does; what opens
 * saves and loads again */
static void open_line(const char *line, size_t len)
{
    struct session S;
    FILE *out = fopen("/dev/null", "w");
    if (!out)
        abort();
    session_init(&S, out);
    S.run = command_run;
    undo_init(&S);
    char *cmd = malloc(len + 16);
    if (!cmd)
        abort();
    sprintf(cmd, "session open %s", line);
    if (command_run(&S, cmd) == 0) {
        struct state st;
        char *text, err[300];
        size_t n;
        sessfile_view(&S, &st);
        if (sessfile_script(&st, "", &text, &n, err, sizeof err) == 0) {
            if (sessfile_load_text(&S, text, n, SESS_FILE, "again") < 0)
                abort();            /* what opened must load again */
            free(text);
        }
        command_run(&S, "undo");
    }
    free(cmd);
    undo_free(&S);
    session_release(&S);
    fclose(out);
}

static void decode(const char *line, size_t len, int open)
{
    struct state st;
    char settings[SHARE_SETTINGS_MAX + 1], err[300];
    if (share_decode(line, len, &st, settings, sizeof settings, err, sizeof err) < 0) {
        if (!err[0])
            abort();
        return;
    }
    check(&st, settings);
    double w = work(&st);
    state_release(&st);
    if (open && w <= 2e5)
        open_line(line, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* (1) the input as a line */
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    decode(text, size, 0);
    free(text);
    /* (2) the input as a record, with its checksum, in a line */
    size_t len;
    char *line = as_line(data, size, &len);
    decode(line, len, 1);
    free(line);
    return 0;
}
