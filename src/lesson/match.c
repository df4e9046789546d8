/* match: a command the learner typed, held against the one a question
 * asks for (type: COMMAND). See player.h and lessons/README.md.
 *
 * Both are split into words (outside brackets, as the commands are). A
 * value name alone is `show NAME`, so `delta2` and `show delta3` are the
 * same command as `delta3`. Two commands are the same command when their
 * first words are; the answer when, besides, they have as many
 * arguments and each pair is equal: read side by side with their spaces
 * dropped, the numbers in them as numbers (10.1, 10.10 and 1.01e1 are one
 * number; a relative difference up to 1e-12 is the same number written
 * differently), the rest as text: [[0.5, -1.2]] is [[0.50,-1.2]] and
 * lr=0.01 is lr=0.010. */
#include "player.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"

#define MATCH_WORDS 64

struct words {
    char buf[1024];
    char *w[MATCH_WORDS];
    int n;
};

/* the words of one command; a bare value name (not a command) becomes
 * "show NAME ..."; 0, or -1 when it has none or too many */
static int split(const char *text, size_t len, struct words *ws)
{
    static char show[] = "show";
    if (len >= sizeof ws->buf)
        return -1;
    memcpy(ws->buf, text, len);
    ws->buf[len] = '\0';
    char **w = ws->w + 1;           /* room for "show" in front */
    int n = command_words(ws->buf, w, MATCH_WORDS - 1);
    if (n <= 0)
        return -1;
    if (!command_find(w[0]) && strchr(w[0], '=') == NULL && (n < 2 || strcmp(w[1], "=") != 0)) {
        ws->w[0] = show;
        w = ws->w;
        n++;
    }
    memmove(ws->w, w, (size_t)n * sizeof *w);
    ws->n = n;
    return 0;
}

/* a number starts at p: a digit, or a sign or a point before one */
static int number_at(const char *p)
{
    if (*p == '-' || *p == '+')
        p++;
    if (*p == '.')
        p++;
    return isdigit((unsigned char)*p);
}

static int same_number(double x, double y)
{
    return fabs(x - y) <= 1e-12 * fmax(fabs(x), fabs(y));
}

/* two words that say the same thing: read side by side, spaces dropped,
 * each number compared as a number (so [[0.5, -1.2]] is [[0.50,-1.20]]
 * and lr=0.01 is lr=0.010) */
static int same_word(const char *a, const char *b)
{
    for (;;) {
        while (isspace((unsigned char)*a))
            a++;
        while (isspace((unsigned char)*b))
            b++;
        if (number_at(a) && number_at(b)) {
            char *ea, *eb;
            errno = 0;
            double x = strtod(a, &ea), y = strtod(b, &eb);
            if (ea == a || eb == b || errno == ERANGE || !same_number(x, y))
                return 0;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
        a++;
        b++;
    }
}

static enum match match_one(const char *text, size_t len, const struct words *want)
{
    struct words got;
    if (split(text, len, &got) < 0 || strcmp(got.w[0], want->w[0]) != 0)
        return MATCH_OTHER;
    if (got.n != want->n)
        return MATCH_ATTEMPT;
    for (int i = 1; i < got.n; i++)
        if (!same_word(got.w[i], want->w[i]))
            return MATCH_ATTEMPT;
    return MATCH_RIGHT;
}

enum match match_command(const char *line, const char *want)
{
    struct words ww;
    if (split(want, strlen(want), &ww) < 0)
        return MATCH_OTHER;
    enum match best = MATCH_OTHER;
    const char *p = line;
    for (;;) {                      /* each command of the line */
        size_t len = strcspn(p, ";");
        enum match m = match_one(p, len, &ww);
        if (m > best)
            best = m;
        if (!p[len])
            break;
        p += len + 1;
    }
    return best;
}
