/* args: reading a command's arguments. See args.h. */
#include "args.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "literal.h"
#include "session.h"

const char *args_kv(const char *arg, const char *key)
{
    size_t n = strlen(key);
    return strncmp(arg, key, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

int args_double(struct session *S, const char *what, const char *text, double lo, double hi, double *v)
{
    char err[200];
    double x;
    if (literal_number(text, &x, 0, err, sizeof err) < 0)
        return session_error(S, "%s: %s", what, err);
    if (x < lo || x > hi)
        return session_error(S, "%s: %g is out of range (%g to %g)", what, x, lo, hi);
    *v = x;
    return 0;
}

int args_long(const char *text, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    long x = strtol(text, &end, 10);
    if (errno || end == text || *end || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

int args_int(struct session *S, const char *what, const char *text, long lo, long hi, long *v)
{
    if (!*text)
        return session_error(S, "%s: missing number", what);
    char *end;
    long x = strtol(text, &end, 10);
    if (*end || end == text)
        return session_error(S, "%s: '%s' is not a whole number", what, text);
    if (x < lo || x > hi)
        return session_error(S, "%s: %s is out of range (%ld to %ld)", what, text, lo, hi);
    *v = x;
    return 0;
}

int args_none(struct session *S, int argc, char **argv)
{
    if (argc > 1)
        return session_error(S, "'%s' takes no arguments (got '%s')", argv[0], argv[1]);
    return 0;
}

char *args_join(int argc, char **argv, int from)
{
    size_t len = 1;
    for (int i = from; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *text = malloc(len);
    if (!text)
        return NULL;
    char *p = text;
    for (int i = from; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (p > text)
            *p++ = ' ';
        memcpy(p, argv[i], n);
        p += n;
    }
    *p = '\0';
    return text;
}

int args_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    int d[32][32];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            /* a swap of two neighbours counts as one */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    return d[la][lb];
}
