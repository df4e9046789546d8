/* format: the lesson file's parser, and the checks a lesson makes on the
 * state. See format.h and lessons/README.md. */
#include "format.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "paths.h"
#include "session.h"
#include "cmd_train.h"
#include "command.h"
#include "values.h"

/* ------------------------------------------------------------------ */
/* pieces of a line                                                    */

static const char *const keywords[] = {
    "title", "say", "section", "run", "pause", "ask", "answer", "type", "hint", "check", "view", NULL,
};
#define KEYWORD_LIST "say, run, view, pause, ask, answer, type, hint, check, section, title"

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* append " more" to *text (a continuation line) */
static int append(char **text, const char *more)
{
    size_t a = strlen(*text), b = strlen(more);
    char *p = realloc(*text, a + b + 2);
    if (!p)
        return -1;
    p[a] = ' ';
    memcpy(p + a + 1, more, b + 1);
    *text = p;
    return 0;
}

/* the tolerance a number is written to: half a unit of its last decimal
 * ("0.659" -> 0.0005, "2" -> 0.5, "1e-3" -> 5e-4) */
static double written_tolerance(const char *s)
{
    const char *dot = strchr(s, '.');
    const char *e = strpbrk(s, "eE");
    int decimals = 0;
    if (dot && (!e || dot < e))
        for (const char *p = dot + 1; isdigit((unsigned char)*p); p++)
            decimals++;
    double t = 0.5 * pow(10.0, -decimals);
    if (e)
        t *= pow(10.0, strtod(e + 1, NULL));
    return t;
}

/* "NUMBER [± TOL]" (or +-): 0, or -1 */
static int parse_number_tol(const char *s, double *num, double *tol)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v))
        return -1;
    char word[64];
    size_t wl = (size_t)(end - s) < sizeof word ? (size_t)(end - s) : sizeof word - 1;
    memcpy(word, s, wl);
    word[wl] = '\0';
    while (*end == ' ' || *end == '\t')
        end++;
    double t = written_tolerance(word);
    if (*end) {
        if (strncmp(end, "\xc2\xb1", 2) == 0)
            end += 2;
        else if (strncmp(end, "+-", 2) == 0)
            end += 2;
        else
            return -1;
        char *e2;
        errno = 0;
        t = strtod(end, &e2);
        if (e2 == end || errno == ERANGE || !isfinite(t) || t < 0)
            return -1;
        while (*e2 == ' ' || *e2 == '\t')
            e2++;
        if (*e2)
            return -1;
    }
    *num = v;
    *tol = t;
    return 0;
}

/* a check: "REF OP NUMBER [± TOL]"; the pieces, or -1 */
struct cond {
    char ref[128];
    char op[3];
    double number, tol;
};

static int parse_cond(const char *text, struct cond *c)
{
    const char *p = text;
    while (*p == ' ')
        p++;
    const char *op = strpbrk(p, "=<>");
    if (!op || op == p || (size_t)(op - p) >= sizeof c->ref)
        return -1;
    size_t n = (size_t)(op - p);
    while (n > 0 && p[n - 1] == ' ')
        n--;
    memcpy(c->ref, p, n);
    c->ref[n] = '\0';
    int ol = (op[1] == '=' && op[0] != '=') ? 2 : 1;
    memcpy(c->op, op, (size_t)ol);
    c->op[ol] = '\0';
    const char *rest = op + ol;
    while (*rest == ' ')
        rest++;
    if (parse_number_tol(rest, &c->number, &c->tol) < 0)
        return -1;
    return 0;
}

void lesson_free(struct lesson *L)
{
    for (int i = 0; i < L->n_steps; i++) {
        free(L->steps[i].text);
        free(L->steps[i].command);
        free(L->steps[i].hint);
    }
    free(L->steps);
    free(L->title);
    memset(L, 0, sizeof *L);
}

static const char *suggest_keyword(const char *w)
{
    for (int k = 0; keywords[k]; k++) {
        size_t a = strlen(w), b = strlen(keywords[k]);
        /* a letter dropped, added or changed, or two swapped */
        int same = 0;
        for (size_t i = 0; i < a && i < b; i++)
            same += w[i] == keywords[k][i] || (i + 1 < a && w[i] == keywords[k][i + 1]) ||
                    (i > 0 && w[i] == keywords[k][i - 1]);
        if ((a + 1 >= b && a <= b + 1) && same + 1 >= (int)(a > b ? a : b))
            return keywords[k];
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* parsing                                                             */

/* the parser's state from one line to the next */
struct parser {
    struct lesson L;
    int cap;                /* steps allocated */
    const char *file;       /* for messages */
    int lineno;
    int last_text;          /* the step a continuation line joins, or -1 */
    int open_ask;           /* an ask still without its answer, or -1 */
    int ask_line;           /* ... and its line */
    enum say_when when;     /* this line's say[...] */
    char *err;
    size_t errlen;
};

/* "FILE:LINE: message" into the parser's err; returns -1 */
static int fail(struct parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, int line, const char *fmt, ...)
{
    int n = snprintf(p->err, p->errlen, "%s:%d: ", p->file, line);
    if (n < 0 || (size_t)n >= p->errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* an indented line: more text for the say, ask or hint above */
static int continuation(struct parser *p, char *ln)
{
    if (p->last_text < 0)
        return fail(p, p->lineno, "an indented line continues a say, ask or hint; there is none above");
    struct step *st = &p->L.steps[p->last_text];
    char **t = st->hint && st->kind == STEP_ASK ? &st->hint : &st->text;
    if (append(t, trim(ln)) < 0)
        return fail(p, p->lineno, "out of memory");
    return 0;
}

/* "keyword: text": the keyword (one of keywords) and the text, trimmed */
static int split_keyword(struct parser *p, char *ln, const char **kw, char **arg)
{
    char *colon = strchr(ln, ':');
    *arg = (char *)"";
    if (colon) {
        *colon = '\0';
        *arg = trim(colon + 1);
    }
    char *word = trim(ln);
    p->when = SAY_ALWAYS;
    if (!strncmp(word, "say[", 4)) {    /* say[window]: or say[no-window]: */
        if (!strcmp(word + 4, "window]"))
            p->when = SAY_WINDOW;
        else if (!strcmp(word + 4, "no-window]"))
            p->when = SAY_NO_WINDOW;
        else
            return fail(p, p->lineno, "'%.40s': a say is said always (say:), with the window (say[window]:) "
                        "or without it (say[no-window]:)", word);
        word[3] = '\0';
    }
    for (int k = 0; keywords[k]; k++)
        if (strcmp(word, keywords[k]) == 0) {
            *kw = keywords[k];
            if (strcmp(*kw, "pause") != 0 && !**arg)
                return fail(p, p->lineno, "'%s:' needs a text after the colon", *kw);
            return 0;
        }
    const char *g = suggest_keyword(word);
    if (strchr(word, ' ') || !colon)
        return fail(p, p->lineno, "expected 'keyword: text' (" KEYWORD_LIST "), not '%.40s'", word);
    if (g)
        return fail(p, p->lineno, "unknown keyword '%.40s' (did you mean '%s'?)", word, g);
    return fail(p, p->lineno, "unknown keyword '%.40s' (" KEYWORD_LIST ")", word);
}

/* the first word of a command in text that moves or leaves the lesson
 * (into word), or NULL: a question cannot wait for one of those */
static const char *moves_lesson(const char *text, char *word, size_t size)
{
    static const char *const moving[] = { "next", "back", "again", "answer", "lesson", "quit", "trust", NULL };
    for (const char *c = text; *c;) {
        c += strspn(c, " \t;");
        size_t n = strcspn(c, " \t;#");
        for (int i = 0; moving[i]; i++)
            if (n == strlen(moving[i]) && !strncmp(c, moving[i], n)) {
                snprintf(word, size, "%s", moving[i]);
                return word;
            }
        c += strcspn(c, ";#");
        if (*c == '#')
            break;
    }
    return NULL;
}

/* answer:, type: or hint: for the question just above */
static int ask_part(struct parser *p, const char *kw, const char *arg)
{
    struct lesson *L = &p->L;
    if (L->n_steps == 0 || L->steps[L->n_steps - 1].kind != STEP_ASK)
        return fail(p, p->lineno, "'%s:' belongs right after an 'ask:'", kw);
    struct step *st = &L->steps[L->n_steps - 1];
    if (!strcmp(kw, "hint")) {
        if (st->hint)
            return fail(p, p->lineno, "a second hint for the same question");
        if (!(st->hint = strdup(arg)))
            return fail(p, p->lineno, "out of memory");
        p->last_text = L->n_steps - 1;
        return 0;
    }
    if (st->has_number || st->command)
        return fail(p, p->lineno, "the question already has its answer (one 'answer:' or 'type:')");
    if (!strcmp(kw, "answer")) {
        if (parse_number_tol(arg, &st->number, &st->tol) < 0)
            return fail(p, p->lineno, "answer: expected a number, optionally '± TOLERANCE' (got '%.40s')", arg);
        st->has_number = 1;
    } else {
        char w[16];
        if (moves_lesson(arg, w, sizeof w))
            return fail(p, p->lineno, "type: '%s' moves the lesson; a question asks for a command of the lab", w);
        if (!(st->command = strdup(arg)))
            return fail(p, p->lineno, "out of memory");
    }
    p->open_ask = -1;
    return 0;
}

/* view: NAME names one of the views the view command knows */
static int check_view(struct parser *p, const char *name)
{
    const struct command *c = command_find("view");
    char known[256] = "";
    for (int k = 0; c && c->words && c->words[k]; k++) {
        if (!strcmp(c->words[k], name))
            return 0;
        size_t n = strlen(known);
        snprintf(known + n, sizeof known - n, "%s%s", n ? ", " : "", c->words[k]);
    }
    return fail(p, p->lineno, "view: unknown view '%.40s' (%s)", name, known);
}

/* a step of its own: say, section, run, view, pause, ask or check */
static int new_step(struct parser *p, const char *kw, const char *arg)
{
    struct lesson *L = &p->L;
    if (p->open_ask >= 0)
        return fail(p, p->ask_line, "the question has no 'answer:' or 'type:' line");
    if (L->n_steps >= LESSON_MAX_STEPS)
        return fail(p, p->lineno, "too many steps (the limit is %d)", LESSON_MAX_STEPS);
    if (L->n_steps == p->cap) {
        int nc = p->cap ? p->cap * 2 : 32;
        struct step *s = realloc(L->steps, (size_t)nc * sizeof *s);
        if (!s)
            return fail(p, p->lineno, "out of memory");
        L->steps = s;
        p->cap = nc;
    }
    struct step *st = &L->steps[L->n_steps];
    memset(st, 0, sizeof *st);
    st->line = p->lineno;
    if (!strcmp(kw, "pause")) {
        if (*arg)
            return fail(p, p->lineno, "'pause' takes no text (put it in a 'say:' above)");
        st->kind = STEP_PAUSE;
        L->n_steps++;
        return 0;
    }
    st->kind = !strcmp(kw, "say") ? STEP_SAY : !strcmp(kw, "section") ? STEP_SECTION
             : !strcmp(kw, "run") ? STEP_RUN : !strcmp(kw, "ask") ? STEP_ASK
             : !strcmp(kw, "view") ? STEP_VIEW : STEP_CHECK;
    st->when = st->kind == STEP_SAY ? p->when : SAY_ALWAYS;
    if (st->kind == STEP_VIEW && check_view(p, arg) < 0)
        return -1;
    struct cond c;
    if (st->kind == STEP_CHECK && parse_cond(arg, &c) < 0)
        return fail(p, p->lineno, "check: expected 'VALUE OP NUMBER [± TOL]' with OP one of = < > <= >= (got '%.60s')", arg);
    if (!(st->text = strdup(arg)))
        return fail(p, p->lineno, "out of memory");
    if (st->kind == STEP_SAY || st->kind == STEP_ASK)
        p->last_text = L->n_steps;
    if (st->kind == STEP_ASK) {
        p->open_ask = L->n_steps;
        p->ask_line = p->lineno;
    }
    L->n_steps++;
    return 0;
}

/* one line of the file (without its '\n') */
static int parse_line(struct parser *p, char *ln)
{
    if (!*trim(ln) || ln[0] == '#') {
        if (!*trim(ln))
            p->last_text = -1;  /* a blank line ends the text above; a comment does not */
        return 0;
    }
    /* text a terminal shows as it is: UTF-8 without control characters
     * (a CR ending the line is a CRLF file's) */
    size_t n = strlen(ln), ok = text_clean_len(ln, n);
    if (ok < n && !(ok == n - 1 && ln[ok] == '\r')) {
        const unsigned char *b = (const unsigned char *)ln + ok;
        if (b[0] < 0x20 || b[0] == 0x7f)
            return fail(p, p->lineno, "a control character (byte %d) in the line", b[0]);
        if (b[0] == 0xc2 && b[1] >= 0x80 && b[1] <= 0x9f)
            return fail(p, p->lineno, "a control character (U+%04X) in the line", b[1]);
        return fail(p, p->lineno, "a byte that is not UTF-8 (0x%02x) in the line: a lesson is UTF-8 text", b[0]);
    }
    if (ln[0] == ' ' || ln[0] == '\t')
        return continuation(p, ln);
    const char *kw = NULL;
    char *arg;
    if (split_keyword(p, ln, &kw, &arg) < 0)
        return -1;
    p->last_text = -1;
    if (!strcmp(kw, "title")) {
        if (p->L.title)
            return fail(p, p->lineno, "a second title (a lesson has one)");
        if (!(p->L.title = strdup(arg)))
            return fail(p, p->lineno, "out of memory");
        return 0;
    }
    if (!strcmp(kw, "answer") || !strcmp(kw, "type") || !strcmp(kw, "hint"))
        return ask_part(p, kw, arg);
    return new_step(p, kw, arg);
}

/* what a whole lesson needs */
static int parse_end(struct parser *p)
{
    if (p->open_ask >= 0)
        return fail(p, p->ask_line, "the question has no 'answer:' or 'type:' line");
    if (!p->L.title)
        return fail(p, 1, "the lesson has no 'title:' line");
    if (p->L.n_steps == 0)
        return fail(p, p->lineno, "the lesson has no steps (say, run, ask...)");
    return 0;
}

int lesson_parse(const char *text, const char *file, struct lesson *out, char *err, size_t errlen)
{
    struct parser p;
    memset(&p, 0, sizeof p);
    p.file = file;
    p.err = err;
    p.errlen = errlen;
    p.last_text = p.open_ask = -1;
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    if (len > LESSON_MAX_BYTES)
        return fail(&p, 1, "the lesson is too long (%zu bytes; the limit is %d)", len, LESSON_MAX_BYTES);
    char *buf = malloc(len + 1);
    if (!buf)
        return fail(&p, 1, "out of memory");
    memcpy(buf, text, len + 1);
    if ((unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb && (unsigned char)buf[2] == 0xbf)
        memmove(buf, buf + 3, len - 2);         /* a BOM */
    int rc = 0;
    for (char *ln = buf, *next; ln && rc == 0; ln = next) {
        next = strchr(ln, '\n');
        if (next)
            *next++ = '\0';
        p.lineno++;
        rc = parse_line(&p, ln);
    }
    if (rc == 0)
        rc = parse_end(&p);
    free(buf);
    if (rc < 0) {
        lesson_free(&p.L);
        return -1;
    }
    *out = p.L;
    return 0;
}

int lesson_load(const struct file_policy *pol, const char *path, struct lesson *L, char *err, size_t errlen)
{
    memset(L, 0, sizeof *L);
    char shown[300];
    text_shown(shown, sizeof shown, path);
    char *text;
    size_t n;
    int rc = file_read_all(pol, path, LESSON_MAX_BYTES, &text, &n, err, errlen);
    if (rc == 1)
        snprintf(err, errlen, "%s: the lesson is too long (the limit is %d bytes)", shown, LESSON_MAX_BYTES);
    if (rc != 0)
        return -1;
    if (strlen(text) != n) {
        free(text);
        snprintf(err, errlen, "%s: the file holds a NUL byte (is it a lesson?)", shown);
        return -1;
    }
    rc = lesson_parse(text, shown, L, err, errlen);
    free(text);
    if (rc == 0) {
        /* its name: the file's, without folder and .lesson, escaped */
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        size_t bl = strlen(base);
        if (bl > 7 && !strcmp(base + bl - 7, ".lesson"))
            bl -= 7;
        text_escape(L->name, sizeof L->name, base, bl);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* checks                                                              */

int lesson_value(struct session *S, const char *ref, double *out)
{
    char inner[128];
    const char *fn = NULL;
    if (!strncmp(ref, "sum(", 4))
        fn = "sum";
    else if (!strncmp(ref, "maxabs(", 7))
        fn = "maxabs";
    if (fn) {
        const char *a = strchr(ref, '(') + 1;
        const char *b = strrchr(ref, ')');
        if (!b || b < a || b[1] || (size_t)(b - a) >= sizeof inner)
            return session_error(S, "cannot read '%s' (write %s(NAME) or %s(NAME[i]))", ref, fn, fn);
        memcpy(inner, a, (size_t)(b - a));
        inner[b - a] = '\0';
        char name[32];
        long idx[2] = { 0, 0 };
        int k = value_parse_ref(inner, name, sizeof name, idx);
        struct value v;
        if (k < 0 || k > 1)
            return session_error(S, "cannot read '%s' (write %s(NAME) or %s(NAME[i]))", ref, fn, fn);
        if (value_get(S, name, &v) < 0)
            return -1;
        if (!v.t) {
            *out = !strcmp(fn, "sum") ? v.scalar : fabs(v.scalar);
            return 0;
        }
        int r0 = 0, r1 = v.t->rows;
        if (k == 1) {
            if (idx[0] >= v.t->rows)
                return session_error(S, "row %ld is out of range for %s (%d rows)", idx[0], name, v.t->rows);
            r0 = (int)idx[0];
            r1 = r0 + 1;
        }
        double acc = 0;
        for (int r = r0; r < r1; r++)
            for (int c = 0; c < v.t->cols; c++) {
                double x = T_AT(v.t, r, c);
                if (!strcmp(fn, "sum"))
                    acc += x;
                else if (fabs(x) > acc || isnan(x))
                    acc = fabs(x);
            }
        *out = acc;
        return 0;
    }
    if (!strcmp(ref, "accuracy"))
        return train_accuracy(S, out, NULL);
    return value_entry(S, ref, out);
}

int lesson_check(struct session *S, const char *text)
{
    struct cond c;
    if (parse_cond(text, &c) < 0) {
        session_error(S, "cannot read the check '%s'", text);
        return -1;
    }
    double v;
    if (lesson_value(S, c.ref, &v) < 0)
        return -1;
    int ok;
    if (!strcmp(c.op, "="))
        ok = fabs(v - c.number) <= c.tol;
    else if (!strcmp(c.op, "<"))
        ok = v < c.number;
    else if (!strcmp(c.op, ">"))
        ok = v > c.number;
    else if (!strcmp(c.op, "<="))
        ok = v <= c.number;
    else
        ok = v >= c.number;
    if (!ok && !strcmp(c.op, "="))
        session_error(S, "%s is %.10g, expected %.10g ± %.3g", c.ref, v, c.number, c.tol);
    else if (!ok)
        session_error(S, "%s is %.10g, expected %s %.10g", c.ref, v, c.op, c.number);
    return ok;
}
