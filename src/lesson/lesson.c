/* lesson: the lesson format's parser and the player. See lesson.h and
 * lessons/README.md. */
#include "lesson.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "session.h"
#include "traincmd.h"
#include "values.h"

#ifndef GRADLAB_DATADIR
#define GRADLAB_DATADIR "/usr/local/share/gradlab"
#endif

/* ------------------------------------------------------------------ */
/* parsing                                                             */

static const char *const keywords[] = {
    "title", "say", "section", "run", "pause", "ask", "answer", "type", "hint", "check", NULL,
};

static int perr(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int perr(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
{
    int n = snprintf(err, errlen, "%s:%d: ", file, line);
    if (n < 0 || (size_t)n >= errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

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

int lesson_parse(const char *text, const char *file, struct lesson *out, char *err, size_t errlen)
{
    struct lesson L;
    memset(&L, 0, sizeof L);
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    if (len > LESSON_MAX_BYTES)
        return perr(err, errlen, file, 1, "the lesson is too long (%zu bytes; the limit is %d)", len,
                    LESSON_MAX_BYTES);
    char *buf = malloc(len + 1);
    if (!buf)
        return perr(err, errlen, file, 1, "out of memory");
    memcpy(buf, text, len + 1);
    if ((unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb && (unsigned char)buf[2] == 0xbf)
        memmove(buf, buf + 3, len - 2);         /* a BOM */
    int cap = 0, lineno = 0, rc = 0, last_text = -1;   /* last_text: the step a continuation joins */
    int open_ask = -1;                                  /* an ask still without its answer */
    int ask_line = 0;
    char *save = NULL;
    for (char *ln = buf, *next; ln; ln = next) {
        next = strchr(ln, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (!*trim(ln) || ln[0] == '#') {
            if (!*trim(ln))
                last_text = -1;
            continue;
        }
        for (char *p = ln; *p; p++)
            if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\r') {
                rc = perr(err, errlen, file, lineno, "a control character (byte %d) in the line", *p);
                goto done;
            }
        if (ln[0] == ' ' || ln[0] == '\t') {
            /* a continuation of the text above */
            if (last_text < 0) {
                rc = perr(err, errlen, file, lineno, "an indented line continues a say, ask or hint; there is none above");
                goto done;
            }
            struct step *st = &L.steps[last_text];
            char **t = st->hint && st->kind == STEP_ASK ? &st->hint : &st->text;
            if (append(t, trim(ln)) < 0) {
                rc = perr(err, errlen, file, lineno, "out of memory");
                goto done;
            }
            continue;
        }
        char *colon = strchr(ln, ':');
        char *word = ln, *arg = (char *)"";
        if (colon) {
            *colon = '\0';
            arg = trim(colon + 1);
        }
        word = trim(word);
        int k;
        for (k = 0; keywords[k]; k++)
            if (strcmp(word, keywords[k]) == 0)
                break;
        if (!keywords[k]) {
            const char *g = suggest_keyword(word);
            if (strchr(word, ' ') || !colon)
                rc = perr(err, errlen, file, lineno, "expected 'keyword: text' (say, run, pause, ask, answer, type, hint, check, section, title), not '%.40s'", word);
            else if (g)
                rc = perr(err, errlen, file, lineno, "unknown keyword '%.40s' (did you mean '%s'?)", word, g);
            else
                rc = perr(err, errlen, file, lineno, "unknown keyword '%.40s' (say, run, pause, ask, answer, type, hint, check, section, title)", word);
            goto done;
        }
        const char *kw = keywords[k];
        last_text = -1;
        if (strcmp(kw, "pause") != 0 && !*arg) {
            rc = perr(err, errlen, file, lineno, "'%s:' needs a text after the colon", kw);
            goto done;
        }
        if (!strcmp(kw, "title")) {
            if (L.title) {
                rc = perr(err, errlen, file, lineno, "a second title (a lesson has one)");
                goto done;
            }
            L.title = strdup(arg);
            if (!L.title) {
                rc = perr(err, errlen, file, lineno, "out of memory");
                goto done;
            }
            continue;
        }
        if (!strcmp(kw, "answer") || !strcmp(kw, "type") || !strcmp(kw, "hint")) {
            if (L.n_steps == 0 || L.steps[L.n_steps - 1].kind != STEP_ASK) {
                rc = perr(err, errlen, file, lineno, "'%s:' belongs right after an 'ask:'", kw);
                goto done;
            }
            struct step *st = &L.steps[L.n_steps - 1];
            if (!strcmp(kw, "hint")) {
                if (st->hint) {
                    rc = perr(err, errlen, file, lineno, "a second hint for the same question");
                    goto done;
                }
                st->hint = strdup(arg);
                last_text = L.n_steps - 1;
            } else if (st->has_number || st->command) {
                rc = perr(err, errlen, file, lineno, "the question already has its answer (one 'answer:' or 'type:')");
                goto done;
            } else if (!strcmp(kw, "answer")) {
                if (parse_number_tol(arg, &st->number, &st->tol) < 0) {
                    rc = perr(err, errlen, file, lineno, "answer: expected a number, optionally '± TOLERANCE' (got '%.40s')", arg);
                    goto done;
                }
                st->has_number = 1;
                open_ask = -1;
            } else {
                st->command = strdup(arg);
                open_ask = -1;
            }
            continue;
        }
        if (open_ask >= 0) {
            rc = perr(err, errlen, file, ask_line, "the question has no 'answer:' or 'type:' line");
            goto done;
        }
        if (L.n_steps >= LESSON_MAX_STEPS) {
            rc = perr(err, errlen, file, lineno, "too many steps (the limit is %d)", LESSON_MAX_STEPS);
            goto done;
        }
        if (L.n_steps == cap) {
            int nc = cap ? cap * 2 : 32;
            struct step *p = realloc(L.steps, (size_t)nc * sizeof *p);
            if (!p) {
                rc = perr(err, errlen, file, lineno, "out of memory");
                goto done;
            }
            L.steps = p;
            cap = nc;
        }
        struct step *st = &L.steps[L.n_steps];
        memset(st, 0, sizeof *st);
        st->line = lineno;
        if (!strcmp(kw, "pause")) {
            if (*arg) {
                rc = perr(err, errlen, file, lineno, "'pause' takes no text (put it in a 'say:' above)");
                goto done;
            }
            st->kind = STEP_PAUSE;
        } else {
            st->kind = !strcmp(kw, "say") ? STEP_SAY : !strcmp(kw, "section") ? STEP_SECTION
                     : !strcmp(kw, "run") ? STEP_RUN : !strcmp(kw, "ask") ? STEP_ASK : STEP_CHECK;
            if (st->kind == STEP_CHECK) {
                struct cond c;
                if (parse_cond(arg, &c) < 0) {
                    rc = perr(err, errlen, file, lineno, "check: expected 'VALUE OP NUMBER [± TOL]' with OP one of = < > <= >= (got '%.60s')", arg);
                    goto done;
                }
            }
            st->text = strdup(arg);
            if (!st->text) {
                rc = perr(err, errlen, file, lineno, "out of memory");
                goto done;
            }
            if (st->kind == STEP_SAY || st->kind == STEP_ASK)
                last_text = L.n_steps;
            if (st->kind == STEP_ASK) {
                open_ask = L.n_steps;
                ask_line = lineno;
            }
        }
        L.n_steps++;
    }
    if (open_ask >= 0) {
        rc = perr(err, errlen, file, ask_line, "the question has no 'answer:' or 'type:' line");
        goto done;
    }
    if (!L.title) {
        rc = perr(err, errlen, file, 1, "the lesson has no 'title:' line");
        goto done;
    }
    if (L.n_steps == 0) {
        rc = perr(err, errlen, file, lineno, "the lesson has no steps (say, run, ask...)");
        goto done;
    }
done:
    (void)save;
    free(buf);
    if (rc < 0) {
        lesson_free(&L);
        return -1;
    }
    *out = L;
    return 0;
}

int lesson_load(const char *path, struct lesson *L, char *err, size_t errlen)
{
    memset(L, 0, sizeof *L);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "'%s' is a directory", path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    char *text = malloc(LESSON_MAX_BYTES + 2);
    if (!text) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t n = fread(text, 1, LESSON_MAX_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        snprintf(err, errlen, "cannot read '%s'", path);
        return -1;
    }
    if (n > LESSON_MAX_BYTES) {
        free(text);
        snprintf(err, errlen, "%s: the lesson is too long (the limit is %d bytes)", path, LESSON_MAX_BYTES);
        return -1;
    }
    text[n] = '\0';
    if (strlen(text) != n) {
        free(text);
        snprintf(err, errlen, "%s: the file holds a NUL byte (is it a lesson?)", path);
        return -1;
    }
    int rc = lesson_parse(text, path, L, err, errlen);
    free(text);
    if (rc == 0) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        snprintf(L->name, sizeof L->name, "%s", base);
        char *dot = strstr(L->name, ".lesson");
        if (dot)
            *dot = '\0';
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

/* ------------------------------------------------------------------ */
/* the player                                                          */

enum wait { WAIT_NONE, WAIT_PAUSE, WAIT_NUMBER, WAIT_COMMAND, WAIT_END };

struct lesson_player {
    struct lesson L;
    int pos;                /* the next step to play */
    int block;              /* stops passed */
    int n_blocks;
    enum wait waiting;
    int ask;                /* the step of the question waiting */
    int auto_mode;
    int quiet;              /* replaying up to a block: print nothing */
    int failures;
    int checks, checks_held;
    int in_play;            /* its own commands are running: nothing may move or free it */
    /* what the window's band shows (lesson_caption) */
    struct lesson_caption caption;
};

static struct lesson_player *player(const struct session *S)
{
    return S->lesson;
}

int lesson_active(const struct session *S)
{
    return S->lesson && S->lesson->waiting != WAIT_END;
}

int lesson_failures(const struct session *S)
{
    return S->lesson ? S->lesson->failures : 0;
}

void lesson_stop(struct session *S)
{
    if (!S->lesson)
        return;
    lesson_free(&S->lesson->L);
    free(S->lesson);
    S->lesson = NULL;
    S->take_back = NULL;
    S->take_quit = NULL;
    session_changed(S);
}

const char *lesson_dir(void)
{
    static char dir[1024];
    const char *env = getenv("GRADLAB_LESSONS");
    if (env && *env)
        return env;
    struct stat st;
    if (stat("lessons", &st) == 0 && S_ISDIR(st.st_mode) && stat("lessons/README.md", &st) == 0)
        return "lessons";
    snprintf(dir, sizeof dir, "%s/lessons", GRADLAB_DATADIR);
    return dir;
}

/* narration: wrapped at 76 columns, indented (the first line may carry a
 * mark such as "? ") */
static void say_marked(struct session *S, const char *mark, const char *text)
{
    FILE *o = S->out;
    int col = 0;
    const char *p = text;
    fputs(mark, o);
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        int chars = 0;
        for (const char *q = p; q < e; q++)
            chars += ((unsigned char)*q & 0xc0) != 0x80;
        if (col > 0 && col + 1 + chars > 74) {
            fputs("\n  ", o);
            col = 0;
        } else if (col > 0) {
            fputc(' ', o);
            col++;
        }
        fwrite(p, 1, (size_t)(e - p), o);
        col += chars;
        p = e;
    }
    fputc('\n', o);
}

static void say(struct session *S, const char *text)
{
    say_marked(S, "  ", text);
}

/* the window's caption: the narration the class reads (text NULL: the
 * narration stays, the part number moves on) */
static void caption(struct session *S, const char *text)
{
    struct lesson_player *P = player(S);
    struct lesson_caption *c = &P->caption;
    snprintf(c->title, sizeof c->title, "%s  \xc2\xb7  %d/%d", P->L.title, P->block + 1, P->n_blocks);
    if (text)
        snprintf(c->text, sizeof c->text, "%s", text);
    session_changed(S);
}

int lesson_caption(const struct session *S, struct lesson_caption *out)
{
    if (!S || !S->lesson) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    *out = S->lesson->caption;
    out->active = lesson_active(S);
    return out->title[0] && out->text[0];
}

/* progress: lines "NAME BLOCK BLOCKS" in the state file */
static void progress_path(char *buf, size_t n)
{
    state_path(buf, n, "lessons");
}

static int progress_of(const char *name, int *block, int *blocks)
{
    char path[1024], line[256], nm[128];
    progress_path(path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        int b, t;
        if (sscanf(line, "%127s %d %d", nm, &b, &t) == 3 && !strcmp(nm, name)) {
            *block = b;
            *blocks = t;
            found = 1;
        }
    }
    fclose(f);
    return found;
}

struct progress_job {
    const char *name;
    int block, blocks;
};

static int write_progress(FILE *out, void *ctx)
{
    const struct progress_job *j = ctx;
    char path[1024], line[256], nm[128];
    progress_path(path, sizeof path);
    FILE *f = fopen(path, "r");
    if (f) {
        while (fgets(line, sizeof line, f)) {
            int b, t;
            if (sscanf(line, "%127s %d %d", nm, &b, &t) == 3 && strcmp(nm, j->name) != 0)
                if (fprintf(out, "%s %d %d\n", nm, b, t) < 0) {
                    fclose(f);
                    return -1;
                }
        }
        fclose(f);
    }
    return fprintf(out, "%s %d %d\n", j->name, j->block, j->blocks) < 0 ? -1 : 0;
}

static void save_progress(struct session *S)
{
    struct lesson_player *P = player(S);
    if (!P || P->auto_mode || P->quiet)
        return;
    int done = P->waiting == WAIT_END ? P->n_blocks : P->block;
    int old_b = 0, old_t = 0;
    if (progress_of(P->L.name, &old_b, &old_t) && old_t == P->n_blocks && old_b >= done)
        return;                 /* never forget how far the learner got */
    char path[1024], err[300];
    progress_path(path, sizeof path);
    make_parent_dirs(path);
    struct progress_job j = { P->L.name, done, P->n_blocks };
    if (file_write_atomic(path, write_progress, &j, err, sizeof err) < 0)
        fprintf(S->out, "(the progress is not saved: %s)\n", err);
}

/* run one of the lesson's commands, shown as if typed */
static int run_shown(struct session *S, const char *cmd, int line)
{
    struct lesson_player *P = player(S);
    fprintf(S->out, "gradlab> %s\n", cmd);
    fflush(S->out);
    if (S->run(S, cmd) < 0) {
        fprintf(S->out, "error: %s\n", S->err);
        fprintf(S->out, "  (a command of the lesson failed: %s line %d)\n", P->L.name, line);
        P->failures++;
        return -1;
    }
    return 0;
}

static void finish(struct session *S)
{
    struct lesson_player *P = player(S);
    P->waiting = WAIT_END;
    if (!P->quiet) {
        fprintf(S->out, "\n== End of \"%s\". ", P->L.title);
        if (P->checks)
            fprintf(S->out, "%d of %d checks held.", P->checks_held, P->checks);
        fputs(P->auto_mode ? "\n" : " Type 'lesson' for the list.\n", S->out);
    }
    save_progress(S);
    caption(S, "End of the lesson.");
}

static void play_steps(struct session *S);

/* play steps until a stop (a pause or a question) or the end; while they
 * run, the lesson's own commands cannot start, move or leave a lesson */
static void play(struct session *S)
{
    struct lesson_player *P = player(S);
    P->in_play++;
    play_steps(S);
    P->in_play--;
}

static void play_steps(struct session *S)
{
    struct lesson_player *P = player(S);
    P->waiting = WAIT_NONE;
    while (P->pos < P->L.n_steps) {
        const struct step *st = &P->L.steps[P->pos++];
        switch (st->kind) {
        case STEP_SAY:
            if (!P->quiet)
                say(S, st->text);
            caption(S, st->text);
            break;
        case STEP_SECTION:
            if (!P->quiet)
                fprintf(S->out, "\n== %s\n", st->text);
            break;
        case STEP_RUN:
            run_shown(S, st->text, st->line);
            break;
        case STEP_CHECK: {
            P->checks++;
            int r = lesson_check(S, st->text);
            if (r == 1) {
                P->checks_held++;
            } else {
                P->failures++;
                fprintf(S->out, "check failed (%s line %d): %s\n", P->L.name, st->line, S->err);
            }
            break;
        }
        case STEP_PAUSE:
            if (P->auto_mode || P->quiet) {
                P->block++;
                break;
            }
            P->waiting = WAIT_PAUSE;
            fputs("  [Enter or 'next' to go on; 'back', 'again', 'quit']\n", S->out);
            save_progress(S);
            caption(S, NULL);
            return;
        case STEP_ASK:
            if (!P->quiet)
                say_marked(S, "? ", st->text);
            caption(S, st->text);
            if (P->auto_mode || P->quiet) {
                P->block++;
                if (st->has_number) {
                    if (!P->quiet)
                        fprintf(S->out, "answer: %.10g (from the lesson)\n", st->number);
                } else if (P->quiet) {
                    S->run(S, st->command);
                } else {
                    run_shown(S, st->command, st->line);
                }
                break;
            }
            P->ask = P->pos - 1;
            P->waiting = st->has_number ? WAIT_NUMBER : WAIT_COMMAND;
            fputs(st->has_number ? "  (type your answer, a number)\n"
                                 : "  (type the command)\n", S->out);
            save_progress(S);
            return;
        }
    }
    finish(S);
}

/* go on after a stop */
static void go_on(struct session *S)
{
    struct lesson_player *P = player(S);
    if (P->waiting != WAIT_NONE && P->waiting != WAIT_END)
        P->block++;
    play(S);
}

/* replay from the start, quietly, up to block k; then play it */
static void replay_to(struct session *S, int k)
{
    struct lesson_player *P = player(S);
    FILE *real = S->out, *null = fopen("/dev/null", "w");
    P->pos = 0;
    P->block = 0;
    if (k > 0 && null) {
        S->out = null;
        P->quiet = 1;
        P->in_play++;
        int saved_fail = P->failures;
        while (P->pos < P->L.n_steps && P->block < k) {
            const struct step *st = &P->L.steps[P->pos];
            if (st->kind == STEP_PAUSE || st->kind == STEP_ASK) {
                /* play exactly one step at a time up to the k-th stop */
                P->pos++;
                P->block++;
                if (st->kind == STEP_ASK && st->command)
                    S->run(S, st->command);
                continue;
            }
            P->pos++;
            if (st->kind == STEP_RUN)
                S->run(S, st->text);
        }
        P->failures = saved_fail;
        P->in_play--;
        P->quiet = 0;
        S->out = real;
    }
    if (null)
        fclose(null);
    play(S);
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */

static int resolve(const char *name, char *path, size_t n)
{
    struct stat st;
    if (strchr(name, '/') || strstr(name, ".lesson")) {
        snprintf(path, n, "%s", name);
        return 0;
    }
    /* NAME, or a lesson whose file name starts with NAME or NN-NAME */
    const char *dir = lesson_dir();
    snprintf(path, n, "%s/%s.lesson", dir, name);
    if (stat(path, &st) == 0)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int found = -1;
    char best[256] = "";
    while ((e = readdir(d))) {
        const char *f = e->d_name;
        size_t fl = strlen(f);
        if (fl < 8 || strcmp(f + fl - 7, ".lesson"))
            continue;
        const char *dash = strchr(f, '-');
        int digits = name[0] && strspn(name, "0123456789") == strlen(name);
        int match = digits ? atoi(f) == atoi(name) && isdigit((unsigned char)f[0])
                           : !strncmp(f, name, strlen(name)) || (dash && !strncmp(dash + 1, name, strlen(name)));
        if (match && (found < 0 || strcmp(f, best) < 0)) {
            snprintf(best, sizeof best, "%s", f);
            found = 0;
        }
    }
    closedir(d);
    if (found == 0)
        snprintf(path, n, "%s/%s", dir, best);
    return found;
}

/* back and quit typed at the top level (depth 1) are the lesson's first */
static int take_back(struct session *S)
{
    return S->depth == 1 && lesson_back(S);
}

static int take_quit(struct session *S)
{
    if (lesson_playing(S))
        return session_error(S, "a lesson cannot quit gradlab");
    return S->depth == 1 && lesson_quit(S);
}

int lesson_start(struct session *S, const char *name, int auto_mode)
{
    char path[1024], err[512];
    if (!S->run)
        return session_error(S, "lessons need a command runner (session.run)");
    if (resolve(name, path, sizeof path) < 0)
        return session_error(S, "no lesson '%s' in %s (type 'lesson' for the list)", name, lesson_dir());
    struct lesson L;
    if (lesson_load(path, &L, err, sizeof err) < 0)
        return session_error(S, "%s", err);
    struct lesson_player *P = calloc(1, sizeof *P);
    if (!P) {
        lesson_free(&L);
        return session_error(S, "out of memory");
    }
    lesson_stop(S);
    P->L = L;
    P->auto_mode = auto_mode;
    P->n_blocks = 1;
    for (int i = 0; i < L.n_steps; i++)
        P->n_blocks += L.steps[i].kind == STEP_PAUSE || L.steps[i].kind == STEP_ASK;
    S->lesson = P;
    S->take_back = take_back;
    S->take_quit = take_quit;
    fprintf(S->out, "== Lesson: %s\n", L.title);
    if (!auto_mode)
        fputs("  (move with 'next' or Enter, 'back', 'again'; 'quit' leaves the lesson)\n", S->out);
    play(S);
    return 0;
}

void lesson_after_line(struct session *S, const char *line)
{
    struct lesson_player *P = player(S);
    if (!P || P->waiting != WAIT_COMMAND)
        return;
    const char *want = P->L.steps[P->ask].command;
    /* the same words, whatever the spacing */
    const char *a = line, *b = want;
    for (;;) {
        while (*a == ' ' || *a == '\t')
            a++;
        while (*b == ' ' || *b == '\t')
            b++;
        if (!*a || !*b)
            break;
        const char *ae = a, *be = b;
        while (*ae && *ae != ' ' && *ae != '\t')
            ae++;
        while (*be && *be != ' ' && *be != '\t')
            be++;
        if (ae - a != be - b || strncmp(a, b, (size_t)(ae - a)))
            return;
        a = ae;
        b = be;
    }
    if (*a || *b) {
        /* the right command with other arguments: say so, once per line */
        size_t k = strcspn(want, " \t");
        const char *l = line + strspn(line, " \t");
        if (!strncmp(l, want, k) && (l[k] == ' ' || l[k] == '\t' || !l[k]))
            fprintf(S->out, "  (the lesson asked for: %s; 'next' skips)\n", want);
        return;
    }
    fputs("  Right.\n", S->out);
    char msg[300];
    snprintf(msg, sizeof msg, "Right: %s", want);
    caption(S, msg);
    go_on(S);
}

int lesson_try_answer(struct session *S, const char *line)
{
    struct lesson_player *P = player(S);
    if (!P || P->waiting != WAIT_NUMBER)
        return 0;
    char *end;
    errno = 0;
    double v = strtod(line, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == line || *end || errno == ERANGE)
        return 0;
    const struct step *st = &P->L.steps[P->ask];
    if (isfinite(v) && fabs(v - st->number) <= st->tol) {
        char msg[64];
        snprintf(msg, sizeof msg, "Right: %.10g.", st->number);
        fprintf(S->out, "  %s\n", msg);
        caption(S, msg);        /* the class sees it too (a later say replaces it) */
        go_on(S);
    } else {
        fputs("  Not quite, try again.", S->out);
        if (st->hint)
            fprintf(S->out, " Hint: %s", st->hint);
        fputs("  ('next' skips the question)\n", S->out);
    }
    return 1;
}

int lesson_playing(const struct session *S)
{
    return S->lesson && S->lesson->in_play > 0;
}

int lesson_at_pause(const struct session *S)
{
    return S->lesson && S->lesson->waiting == WAIT_PAUSE;
}

/* ------------------------------------------------------------------ */
/* commands                                                            */

static int list_lessons(struct session *S)
{
    const char *dir = lesson_dir();
    DIR *d = opendir(dir);
    if (!d)
        return session_error(S, "no lessons folder '%s' (set GRADLAB_LESSONS)", dir);
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t fl = strlen(e->d_name);
        if (fl > 7 && !strcmp(e->d_name + fl - 7, ".lesson"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (int i = 1; i < n; i++)             /* sort by file name */
        for (int j = i; j > 0 && names[j] && names[j - 1] && strcmp(names[j], names[j - 1]) < 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    fprintf(S->out, "lessons in %s (progress: new, parts done/parts, done):\n", dir);
    for (int i = 0; i < n; i++) {
        if (!names[i])
            continue;
        char path[1200], err[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct lesson L;
        names[i][strlen(names[i]) - 7] = '\0';
        if (lesson_load(path, &L, err, sizeof err) < 0) {
            fprintf(S->out, "  %-6s %-20s (broken: %s)\n", "-", names[i], err);
        } else {
            int b = 0, t = 0;
            char prog[32] = "new";
            if (progress_of(L.name, &b, &t))
                snprintf(prog, sizeof prog, b >= t ? "done" : "%d/%d", b, t);
            fprintf(S->out, "  %-6s %-20s %s\n", prog, names[i], L.title);
            lesson_free(&L);
        }
        free(names[i]);
    }
    if (n == 0)
        fputs("  (none)\n", S->out);
    fputs("start one with: lesson NAME (e.g. lesson softmax)\n", S->out);
    return 0;
}

int cmd_lesson(struct session *S, int argc, char **argv)
{
    if (argc == 1)
        return list_lessons(S);
    if (lesson_playing(S))
        return session_error(S, "a lesson's command cannot start or move a lesson");
    if (argc == 2 && !strcmp(argv[1], "next"))
        return cmd_next(S, 1, argv);
    if (argc == 2 && !strcmp(argv[1], "again"))
        return cmd_again(S, 1, argv);
    if (argc == 2 && !strcmp(argv[1], "back"))
        return lesson_back(S) ? 0 : session_error(S, "no lesson is running");
    if (argc == 2 && !strcmp(argv[1], "quit"))
        return lesson_quit(S) ? 0 : session_error(S, "no lesson is running");
    if (argc != 2)
        return session_error(S, "usage: lesson [NAME | next | back | again | quit]");
    if (lesson_playing(S))
        return session_error(S, "a lesson cannot start another lesson");
    return lesson_start(S, argv[1], 0);
}

int cmd_next(struct session *S, int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return session_error(S, "'next' takes no arguments");
    struct lesson_player *P = player(S);
    if (!P || P->waiting == WAIT_END)
        return session_error(S, "no lesson is running (type 'lesson' for the list)");
    if (lesson_playing(S))
        return session_error(S, "a lesson's command cannot move the lesson");
    if (P->waiting == WAIT_NUMBER || P->waiting == WAIT_COMMAND) {
        const struct step *st = &P->L.steps[P->ask];
        if (st->has_number)
            fprintf(S->out, "  (skipped; the answer was %.10g)\n", st->number);
        else {
            fputs("  (skipped; the lesson runs it)\n", S->out);
            run_shown(S, st->command, st->line);
        }
    }
    go_on(S);
    return 0;
}

int cmd_again(struct session *S, int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return session_error(S, "'again' takes no arguments");
    struct lesson_player *P = player(S);
    if (!P || P->waiting == WAIT_END)
        return session_error(S, "no lesson is running (type 'lesson' for the list)");
    if (lesson_playing(S))
        return session_error(S, "a lesson's command cannot move the lesson");
    replay_to(S, P->block);
    return 0;
}

int cmd_answer(struct session *S, int argc, char **argv)
{
    struct lesson_player *P = player(S);
    if (lesson_playing(S))
        return session_error(S, "a lesson's command cannot answer its question");
    if (!P || P->waiting != WAIT_NUMBER)
        return session_error(S, "no question is waiting for a number");
    if (argc != 2 || !lesson_try_answer(S, argv[1]))
        return session_error(S, "usage: answer NUMBER");
    return 0;
}

int lesson_back(struct session *S)
{
    struct lesson_player *P = player(S);
    if (!P || P->waiting == WAIT_END || P->in_play)
        return 0;
    if (P->block == 0) {
        fputs("  (this is the first part; 'again' plays it again)\n", S->out);
        return 1;
    }
    replay_to(S, P->block - 1);
    return 1;
}

int lesson_quit(struct session *S)
{
    struct lesson_player *P = player(S);
    if (!P || P->waiting == WAIT_END || P->in_play)
        return 0;
    save_progress(S);
    fprintf(S->out, "left the lesson \"%s\" (what you built stays; 'quit' again leaves gradlab)\n", P->L.title);
    lesson_stop(S);
    return 1;
}
