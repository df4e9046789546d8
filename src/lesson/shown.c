/* shown: the lesson checker's rule that a question must not give its
 * answer away (lessons/README.md, "Questions"). In --auto mode, a question
 * answered by a number is refused, with its file and line, when a number
 * the question would accept as its answer (within its tolerance) was
 * printed by the lesson's commands since the last pause, or is drawn in
 * the window as the question is asked (its texts, the band left out).
 *
 * A number, here: an optional sign (-, + or U+2212 minus) touching
 * digits with an optional decimal point and exponent; not part of a
 * word (s0, W1, a2, 2nd), and not an index (an integer just after '[' or
 * just before ']', as in J[1][1] or [0], nor a dimension, as in 1×3). A
 * number followed by '%' is
 * also read as a fraction (97.5 % is 0.975 too). See player.h. */
#include "player.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "session.h"

/* ------------------------------------------------------------------ */
/* numbers in a text                                                   */

static int word_char(unsigned char c)
{
    return isalnum(c) || c == '_';
}

/* the number at p, if one starts there: its value, its length (sign
 * included) and whether it is an integer; 0 when none */
static size_t read_number(const char *text, const char *p, double *v, int *integer)
{
    const char *q = p;
    int neg = 0;
    if (*q == '-' || *q == '+') {
        neg = *q == '-';
        q++;
    } else if (!strncmp(q, "\xe2\x88\x92", 3)) {
        neg = 1;
        q += 3;
    }
    const char *digits = q;
    if (!isdigit((unsigned char)*q) && !(*q == '.' && isdigit((unsigned char)q[1])))
        return 0;
    /* not inside a word or another number */
    const char *before = p > text ? p - 1 : NULL;
    if (before && (word_char((unsigned char)*before) || *before == '.'))
        return 0;
    while (isdigit((unsigned char)*q))
        q++;
    *integer = 1;
    if (*q == '.' && isdigit((unsigned char)q[1])) {
        *integer = 0;
        q++;
        while (isdigit((unsigned char)*q))
            q++;
    }
    if ((*q == 'e' || *q == 'E') &&
        (isdigit((unsigned char)q[1]) || ((q[1] == '-' || q[1] == '+') && isdigit((unsigned char)q[2])))) {
        *integer = 0;
        q += 2;
        while (isdigit((unsigned char)*q))
            q++;
    }
    if (word_char((unsigned char)*q))
        return 0;                   /* 2nd, 3x */
    char buf[64];
    size_t n = (size_t)(q - digits);
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, digits, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    if (neg)
        *v = -*v;
    return (size_t)(q - p);
}

#define TIMES "\xc3\x97"              /* U+00D7, as in a shape: 3×3 */

/* an integer just after '[' or just before ']' is an index, and one
 * touching '×' a dimension (1×3): not values */
static int is_index(const char *text, const char *p, size_t n, int integer)
{
    return integer && ((p > text && p[-1] == '[') || p[n] == ']' || !strncmp(p + n, TIMES, 2) ||
                       (p - text >= 2 && !strncmp(p - 2, TIMES, 2)));
}

int shown_find(const char *text, double a, double tol, size_t *at, size_t *len)
{
    for (const char *p = text; *p;) {
        double v;
        int integer;
        size_t n = read_number(text, p, &v, &integer);
        if (!n) {
            /* skip a whole word at once: its digits are not numbers */
            if (word_char((unsigned char)*p))
                while (word_char((unsigned char)*p))
                    p++;
            else
                p++;
            continue;
        }
        const char *after = p + n;
        while (*after == ' ')
            after++;
        int shows = !is_index(text, p, n, integer) &&
                    (fabs(v - a) <= tol || (*after == '%' && fabs(v / 100 - a) <= tol));
        if (shows) {
            *at = (size_t)(p - text);
            *len = n;
            return 1;
        }
        p += n;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* what the lesson's commands printed                                  */

static void shown_add(struct shown *sh, const char *buf, size_t n)
{
    if (sh->len + n + 1 > sh->cap) {
        size_t cap = sh->cap ? sh->cap : 4096;
        while (cap < sh->len + n + 1)
            cap *= 2;
        if (cap > SHOWN_MAX_BYTES + 1)
            cap = SHOWN_MAX_BYTES + 1;
        char *t = realloc(sh->text, cap);
        if (!t)
            return;
        sh->text = t;
        sh->cap = cap;
    }
    if (sh->len + n + 1 > sh->cap)
        n = sh->cap - sh->len - 1;  /* the rest is not kept */
    memcpy(sh->text + sh->len, buf, n);
    sh->len += n;
    sh->text[sh->len] = '\0';
}

/* the lesson command's output: to the screen, and kept (through
 * platform_stream_open) */
static int tee_write(void *cookie, const char *buf, size_t n)
{
    struct shown *sh = cookie;
    shown_add(sh, buf, n);
    fwrite(buf, 1, n, sh->screen);
    return 0;
}

void shown_begin(struct session *S, struct lesson_player *P, int line)
{
    struct shown *sh = &P->shown;
    if (!P->auto_mode || P->quiet || sh->tee)
        return;
    if (sh->n < SHOWN_MAX_PIECES) {
        sh->piece_at[sh->n] = sh->len;
        sh->piece_line[sh->n++] = line;
    }
    sh->screen = S->out;
    sh->tee = platform_stream_open(sh, tee_write);
    if (!sh->tee)
        return;
    S->out = sh->tee;
}

void shown_end(struct session *S, struct lesson_player *P)
{
    struct shown *sh = &P->shown;
    if (!sh->tee)
        return;
    S->out = sh->screen;
    platform_stream_close(sh->tee);     /* hands over what it still holds */
    sh->tee = NULL;
}

void shown_clear(struct shown *sh)
{
    sh->len = 0;
    sh->n = 0;
    if (sh->text)
        sh->text[0] = '\0';
}

void shown_free(struct shown *sh)
{
    free(sh->text);
    memset(sh, 0, sizeof *sh);
}

/* ------------------------------------------------------------------ */
/* the check                                                           */

/* the line of the text around at (for the message), into buf */
static void line_around(const char *text, size_t at, char *buf, size_t n)
{
    size_t a = at, b = at;
    while (a > 0 && text[a - 1] != '\n')
        a--;
    while (text[b] && text[b] != '\n')
        b++;
    while (a < at && (text[a] == ' ' || text[a] == '\t'))
        a++;
    if (b - a > 60) {               /* around the number */
        a = at > 25 ? at - 25 : a;
        while (a > 0 && ((unsigned char)text[a] & 0xc0) == 0x80)
            a--;
        b = b - a > 60 ? a + 60 : b;
        while (b > a && ((unsigned char)text[b] & 0xc0) == 0x80)
            b--;
    }
    snprintf(buf, n, "%.*s", (int)(b - a), text + a);
}

int shown_gives_away(struct session *S, struct lesson_player *P, const struct step *st)
{
    struct shown *sh = &P->shown;
    size_t at, len;
    char around[128];
    if (sh->text && shown_find(sh->text, st->number, st->tol, &at, &len)) {
        int k = 0;
        while (k + 1 < sh->n && sh->piece_at[k + 1] <= at)
            k++;
        line_around(sh->text, at, around, sizeof around);
        fprintf(S->out, "%s:%d: the question gives its answer away: %.*s was printed since the last pause "
                "(by line %d: \"%s\")\n", P->path, st->line, (int)len, sh->text + at,
                sh->n ? sh->piece_line[k] : 0, around);
        return 1;
    }
    if (!S->fe.drawn)
        return 0;
    char *drawn = malloc(SHOWN_MAX_BYTES);
    if (!drawn)
        return 0;
    drawn[0] = '\0';
    S->fe.drawn(S->fe.ud, S, drawn, SHOWN_MAX_BYTES);
    int gives = shown_find(drawn, st->number, st->tol, &at, &len);
    if (gives) {
        line_around(drawn, at, around, sizeof around);
        fprintf(S->out, "%s:%d: the question gives its answer away: %.*s is drawn in the window (\"%s\")\n",
                P->path, st->line, (int)len, drawn + at, around);
    }
    free(drawn);
    return gives;
}
