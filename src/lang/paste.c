/* paste: numpy's and PyTorch's printed values, and values pasted across
 * lines. See paste.h. */
#include "paste.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define PASTE_MAX_BYTES (1 << 20)   /* a paste is one line: command.h's LINE_MAX_BYTES */

/* the wrappers gradlab reads: numpy's array and scalar types, PyTorch's tensor */
static const char *const wrappers[] = {
    "array", "asarray", "matrix", "tensor", "Tensor", "double", "float_", "float64", "float32", "float16",
    "longdouble", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", NULL
};

static const char *skip(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

/* the ')' that closes the '(' at open, or NULL */
static const char *closing(const char *open)
{
    int depth = 0;
    for (const char *p = open; *p; p++) {
        if (*p == '(' || *p == '[')
            depth++;
        else if ((*p == ')' || *p == ']') && --depth == 0)
            return *p == ')' ? p : NULL;
    }
    return NULL;
}

/* the keyword arguments after the value: dtype=..., requires_grad=True,
 * grad_fn=<...>, device='...'; complex numbers are refused */
static int keywords(const char *p, const char *end, char *err, size_t errlen)
{
    for (const char *q = p; q + 7 <= end; q++)
        if (!strncmp(q, "complex", 7))
            return text_fail(err, errlen, "complex numbers are not supported (take the real part: a.real)");
    p = skip(p);
    if (p < end && !isalpha((unsigned char)*p))
        return text_fail(err, errlen, "unexpected '%.*s' after the value", (int)(end - p > 20 ? 20 : end - p), p);
    return 0;
}

int paste_unwrap(const char *text, const char **lit, size_t *len, char *err, size_t errlen)
{
    if (strstr(text, "..."))
        return text_fail(err, errlen, "the value was printed summarised ('...' stands for entries left out): print "
                    "all of it (np.set_printoptions(threshold=sys.maxsize), torch.set_printoptions(profile='full'))");
    const char *p = skip(text);
    if (!strncmp(p, "Parameter containing:", 21))
        p = skip(p + 21);
    const char *name = p;
    for (const char *m = p; isalnum((unsigned char)*m) || *m == '_' || *m == '.'; m++)
        if (*m == '.')
            name = m + 1;
    const char *q = name;
    while (isalnum((unsigned char)*q) || *q == '_')
        q++;
    const char *open = skip(q);
    if (q == name || *open != '(' || (name != p && strncmp(p, "np.", 3) && strncmp(p, "numpy.", 6) &&
                                       strncmp(p, "torch.", 6))) {
        *lit = text;                    /* not a wrapper: the literal itself */
        *len = strlen(text);
        return 0;
    }
    int known = 0;
    for (int i = 0; wrappers[i]; i++)
        known |= strlen(wrappers[i]) == (size_t)(q - name) && !strncmp(wrappers[i], name, (size_t)(q - name));
    if (!known)
        return text_fail(err, errlen, "'%.*s(' is not a value gradlab reads (numpy's array(...) and np.float64(...), "
                    "PyTorch's tensor(...))", (int)(q - name > 20 ? 20 : q - name), name);
    const char *close = closing(open);
    if (!close)
        return text_fail(err, errlen, "unbalanced brackets: missing ')'");
    if (*skip(close + 1))
        return text_fail(err, errlen, "unexpected '%.20s' after ')'", skip(close + 1));
    /* the value is the first argument: up to a ',' outside its brackets */
    const char *v = skip(open + 1), *e = v;
    int depth = 0;
    for (; e < close; e++) {
        if (*e == '[' || *e == '(')
            depth++;
        else if (*e == ']' || *e == ')')
            depth--;
        else if (*e == ',' && depth == 0)
            break;
    }
    if (e < close && keywords(e + 1, close, err, errlen) < 0)
        return -1;
    if (e == v)
        return text_fail(err, errlen, "missing value in '%.*s(...)'", (int)(q - name), name);
    *lit = v;
    *len = (size_t)(e - v);
    return 0;
}

int paste_open(const char *text, char *missing, size_t size)
{
    char stack[256];
    int n = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '#' && n == 0)
            break;
        if (*p == '(' || *p == '[') {
            if (n < (int)sizeof stack)
                stack[n] = *p == '(' ? ')' : ']';
            n++;
        } else if (*p == ')' || *p == ']') {
            if (n == 0 || (n <= (int)sizeof stack && stack[n - 1] != *p))
                return 0;               /* closed in the wrong order: complete, and wrong */
            n--;
        }
    }
    if (missing && size) {
        size_t k = 0;
        for (int i = (n < (int)sizeof stack ? n : (int)sizeof stack) - 1; i >= 0 && k + 1 < size; i--)
            missing[k++] = stack[i];
        missing[k] = '\0';
    }
    return n;
}

static int append(struct paste_lines *p, const char *line)
{
    size_t n = strlen(line);
    if (p->len + n + 2 > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        while (cap < p->len + n + 2)
            cap *= 2;
        char *b = realloc(p->buf, cap);
        if (!b)
            return -1;
        p->buf = b;
        p->cap = cap;
    }
    if (p->len)
        p->buf[p->len++] = ' ';
    memcpy(p->buf + p->len, line, n + 1);
    p->len += n;
    return 0;
}

/* a line that may go on a paste: indented, or a number or bracket first */
static int continues(const char *line)
{
    return *line && strchr(" \t[]().,+-0123456789", *line) != NULL;
}

/* the held lines cannot go on: one line runs as it is (its own error
 * says what is wrong, as it would have without the paste), more lines are
 * dropped with err */
static int flush(struct paste_lines *p, const char **run, const char *why, char *err, size_t errlen)
{
    char missing[64];
    int one = p->pending == 1;
    p->pending = 0;
    *run = NULL;
    if (one) {
        *run = p->buf;
        return 1;
    }
    paste_open(p->buf, missing, sizeof missing);
    text_fail(err, errlen, "%s a value: missing '%s'; nothing of its lines ran", why, missing);
    p->len = 0;
    return 1;
}

int paste_feed(struct paste_lines *p, const char *line, const char **run, char *err, size_t errlen)
{
    if (!p->pending) {
        if (paste_open(line, NULL, 0) == 0) {
            *run = line;
            return PASTE_RUN;
        }
        p->len = 0;
    } else if (!continues(line)) {
        flush(p, run, *line ? "a new command came inside" : "an empty line came inside", err, errlen);
        return PASTE_FLUSH;
    }
    if (p->len + strlen(line) + 1 > PASTE_MAX_BYTES || append(p, line) < 0) {
        paste_drop(p);
        *run = NULL;
        text_fail(err, errlen, "the pasted value is too long (the limit is %d bytes)", PASTE_MAX_BYTES);
        return PASTE_RUN;
    }
    p->pending++;
    if (paste_open(p->buf, NULL, 0) > 0)
        return PASTE_MORE;
    p->pending = 0;
    *run = p->buf;
    return PASTE_RUN;
}

int paste_end(struct paste_lines *p, const char **run, char *err, size_t errlen)
{
    if (!p->pending)
        return 0;
    return flush(p, run, "the input ended inside", err, errlen);
}

void paste_drop(struct paste_lines *p)
{
    p->pending = 0;
    p->len = 0;
}

void paste_release(struct paste_lines *p)
{
    free(p->buf);
    p->buf = NULL;
    p->len = p->cap = 0;
    p->pending = 0;
}
