/* sessfile: session files and shared lines. See sessfile.h. */
#include "sessfile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "command.h"
#include "files.h"
#include "growbuf.h"
#include "undo.h"
#include "paths.h"
#include "print.h"
#include "repr.h"
#include "share.h"

#define SESSION_FILE_MAX ((size_t)256 << 20)
#define SETTINGS_MAX 2048

/* ------------------------------------------------------------------ */
/* writing the script                                                  */

struct text {
    struct growbuf b;
    size_t line;                /* where the line being written starts */
};

static void put(struct text *t, const char *s, size_t n)
{
    growbuf_put(&t->b, s, n);
}

static void putf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct text *t, const char *fmt, ...)
{
    char buf[1200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(t, buf, n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void put_number(struct text *t, double v)
{
    char buf[REPR_MAX];
    put(t, buf, (size_t)repr_format(buf, v));
}

/* rows x cols numbers as a literal: [a, b] for a vector, [[a, b], [c, d]] */
static void put_values(struct text *t, const double *d, int rows, int cols, int vector)
{
    put(t, vector ? "" : "[", vector ? 0 : 1);
    for (int i = 0; i < rows; i++) {
        put(t, i ? ", [" : "[", i ? 3 : 1);
        for (int j = 0; j < cols; j++) {
            if (j)
                put(t, ", ", 2);
            put_number(t, d[(size_t)i * cols + j]);
        }
        put(t, "]", 1);
    }
    put(t, vector ? "" : "]", vector ? 0 : 1);
}

/* end the line; -1 with err when it is over a line's limit */
static int end_line(struct text *t, const char *what, char *err, size_t errlen)
{
    size_t n = t->b.len - t->line;
    put(t, "\n", 1);
    t->line = t->b.len;
    if (n + 1 > LINE_MAX_BYTES) {
        snprintf(err, errlen, "%s is %.1f MiB as text, over the %d MiB a line of a session file holds "
                 "(save it alone with 'save %s FILE.csv')", what, n / 1048576.0, LINE_MAX_BYTES >> 20, what);
        return -1;
    }
    return 0;
}

/* NAME = the piece's values */
static int put_piece(struct text *t, const char *name, const struct state_piece *p, int vector, char *err,
                     size_t errlen)
{
    putf(t, "%s = ", name);
    put_values(t, p->data, p->rows, p->cols, vector);
    return end_line(t, name, err, errlen);
}

static void put_data_from(struct text *t, const struct data_from *f)
{
    static const char *const kinds[] = { "", "moons", "circles", "spiral", "xor" };
    char noise[REPR_MAX], factor[REPR_MAX];
    repr_format(noise, f->noise);
    repr_format(factor, f->factor);
    if (f->kind == DATA_FROM_SPIRAL)
        putf(t, "data spiral %ld %ld seed=%u\n", f->k, f->n, (unsigned)f->seed);
    else if (f->kind == DATA_FROM_CIRCLES)
        putf(t, "data circles %ld noise=%s factor=%s seed=%u\n", f->n, noise, factor, (unsigned)f->seed);
    else
        putf(t, "data %s %ld noise=%s seed=%u\n", kinds[f->kind], f->n, noise, (unsigned)f->seed);
    t->line = t->b.len;
}

/* the data set: its generator, or every point with its label */
static int put_data(struct text *t, const struct state *st, char *err, size_t errlen)
{
    if (state_data_generated(st)) {
        put_data_from(t, &st->sc.data_from);
        return 0;
    }
    const struct state_piece *X = &st->p[PART_DATA];
    const int *labels = st->p[PART_LABELS].data;
    const double *d = X->data;
    put(t, "data = [", 8);
    for (int i = 0; i < X->rows; i++) {
        put(t, i ? ", [" : "[", i ? 3 : 1);
        for (int j = 0; j < X->cols; j++) {
            put_number(t, d[(size_t)i * X->cols + j]);
            put(t, ", ", 2);
        }
        putf(t, "%d]", labels[i]);
    }
    char name[64];
    snprintf(name, sizeof name, "%s", st->sc.data_name[0] ? st->sc.data_name : "data");
    for (char *c = name; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '.' && *c != '_' && *c != '-')
            *c = '_';
    putf(t, "] name=%s", name);
    return end_line(t, "data", err, errlen);
}

/* y as class labels when every row is one-hot (bit for bit), else rows */
static int put_targets(struct text *t, const struct state_piece *y, char *err, size_t errlen)
{
    const double *d = y->data;
    const double one = 1.0, zero = 0.0;
    int labels = 1;
    for (int i = 0; i < y->rows && labels; i++) {
        int ones = 0;
        for (int k = 0; k < y->cols; k++) {
            const double *v = &d[(size_t)i * y->cols + k];
            ones += !memcmp(v, &one, sizeof one);
            labels &= !memcmp(v, &one, sizeof one) || !memcmp(v, &zero, sizeof zero);
        }
        labels &= ones == 1;
    }
    if (!labels)
        return put_piece(t, "y", y, 0, err, errlen);
    put(t, "y = [", 5);
    for (int i = 0; i < y->rows; i++)
        for (int k = 0; k < y->cols; k++)
            if (d[(size_t)i * y->cols + k] == 1.0)
                putf(t, i ? ", %d" : "%d", k);
    put(t, "]", 1);
    return end_line(t, "y", err, errlen);
}

static int put_net(struct text *t, const struct state *st, char *err, size_t errlen)
{
    const struct state_scalars *sc = &st->sc;
    putf(t, "net %d %d %d act=%s\n", sc->D, sc->H, sc->K, act_names[sc->act]);
    t->line = t->b.len;
    for (int k = PART_W1; k <= PART_B2; k++)
        if (put_piece(t, state_part_names[k], &st->p[k], k == PART_B1 || k == PART_B2, err, errlen) < 0)
            return -1;
    const double zero = 0.0;
    if (memcmp(&sc->reg, &zero, sizeof zero)) {
        put(t, "reg = ", 6);
        put_number(t, sc->reg);
        put(t, "\n", 1);
    }
    if (sc->reduce != REDUCE_SUM)
        putf(t, "reduce %s\n", reduce_names[sc->reduce]);
    t->line = t->b.len;
    if (!state_batch_is_data(st) &&
        (put_piece(t, "x", &st->p[PART_X], 0, err, errlen) || put_targets(t, &st->p[PART_Y], err, errlen)))
        return -1;
    /* the stage: the forward pass, the backward pass, steps to the others */
    int done = sc->stage >= STAGE_LAST_FORWARD ? STAGE_LAST_FORWARD : 0;
    if (sc->stage == STAGE_LAST)
        put(t, "backward\n", 9);
    else if (done)
        put(t, "forward\n", 8);
    for (int s = done; s < sc->stage && sc->stage != STAGE_LAST; s++)
        put(t, "step\n", 5);
    t->line = t->b.len;
    return 0;
}

/* the settings lines that start with "lesson " (first) or the others */
static void put_settings(struct text *t, const char *settings, int lesson)
{
    for (const char *s = settings; s && *s;) {
        size_t n = strcspn(s, "\n");
        if (n && (strncmp(s, "lesson ", 7) == 0) == lesson) {
            put(t, s, n);
            put(t, "\n", 1);
        }
        s += n + (s[n] == '\n');
    }
    t->line = t->b.len;
}

int sessfile_script(const struct state *st, const char *settings, char **text, size_t *len, char *err,
                    size_t errlen)
{
    const struct state_scalars *sc = &st->sc;
    struct text t = { 0 };
    putf(&t, "%s: 'session load FILE.gl' restores it (it runs as a script too)\n", SESSFILE_HEADER);
    put_settings(&t, settings, 1);
    putf(&t, "seed %u\n", (unsigned)sc->seed);
    t.line = t.b.len;
    int rc = 0;
    if (sc->has_data)
        rc = put_data(&t, st, err, errlen);
    if (rc == 0 && sc->has_net)
        rc = put_net(&t, st, err, errlen);
    if (rc == 0 && st->p[PART_CURVE].rows > 0)
        rc = put_piece(&t, "curve", &st->p[PART_CURVE], 0, err, errlen);
    if (rc == 0 && sc->has_logits)
        rc = put_piece(&t, "z", &st->p[PART_Z], 1, err, errlen);
    put_settings(&t, settings, 0);
    if (rc == 0 && t.b.fail) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    if (rc < 0) {
        free(t.b.p);
        return -1;
    }
    *text = t.b.p;
    *len = t.b.len;
    return 0;
}

void sessfile_view(const struct session *S, struct state *st)
{
    memset(st, 0, sizeof *st);
    state_get_scalars(S, &st->sc);
    for (int k = 0; k < PART_COUNT; k++)
        state_piece_view(S, k, &st->p[k]);
}

/* ------------------------------------------------------------------ */
/* reading a script                                                    */

enum line_kind { LINE_SKIP, LINE_VALUE, LINE_SETTING, LINE_LESSON };

static int is_one_of(const char *w, size_t n, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncmp(words[i], w, n))
            return 1;
    return 0;
}

/* the words of a command line into argv (at most max, copied into buf) */
static int line_words(const char *line, char *buf, size_t n, char **argv, int max)
{
    snprintf(buf, n, "%s", line);
    return command_words(buf, argv, max);
}

/* the command a window setting line names, its word checked */
static int setting_ok(char **argv, int argc)
{
    if (argc != 2)
        return 0;
    if (!strcmp(argv[0], "example"))
        return strspn(argv[1], "0123456789") == strlen(argv[1]) && strlen(argv[1]) < 9;
    const struct command *c = command_find(argv[0]);
    return c && c->words && is_one_of(argv[1], strlen(argv[1]), c->words);
}

/* lesson NAME [part=K]; a shared line names an installed lesson only */
static int lesson_ok(char **argv, int argc, enum sess_mode mode)
{
    static const char *const moves[] = { "next", "back", "again", "quit", NULL };
    const char *part = argc == 3 ? strchr(argv[2], '=') : NULL;
    if ((argc != 2 && argc != 3) || (argc == 3 && (strncmp(argv[2], "part=", 5) || !part[1] ||
                                                    strspn(part + 1, "0123456789") != strlen(part + 1))))
        return 0;
    if (is_one_of(argv[1], strlen(argv[1]), moves))
        return 0;
    if (mode == SESS_SHARE)
        return strspn(argv[1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
               strlen(argv[1]);
    return 1;
}

/* what a line of a session script is; LINE_SKIP for a blank line or a
 * comment; -1 with why for a command a session does not hold */
static int classify(const char *line, enum sess_mode mode, char *why, size_t n)
{
    static const char *const values[] = { "seed", "net", "reduce", "step", "forward", "backward", "reset",
                                           "logits", NULL };
    static const char *const settable[] = { "z", "x", "y", "W1", "b1", "W2", "b2", "reg", "curve", "data",
                                            NULL };
    static const char *const data_forms[] = { "moons", "circles", "spiral", "xor", "=", "add", "move",
                                              "del", NULL };
    static const char *const settings[] = { "view", "theme", "autoscale", "example", NULL };
    line += strspn(line, " \t");
    if (!*line || *line == '#')
        return LINE_SKIP;
    if (strchr(line, ';')) {
        snprintf(why, n, "one command per line (no ';')");
        return -1;
    }
    size_t w = strcspn(line, " \t=[");
    const char *after = line + w + strspn(line + w, " \t");
    if ((*after == '=' || line[w] == '[') && is_one_of(line, w, settable))
        return LINE_VALUE;                  /* NAME = ..., NAME[i] = ... */
    char buf[256], *argv[8];
    int argc = line_words(line, buf, sizeof buf, argv, 8);
    if (is_one_of(line, w, values) || (w == 4 && !strncmp(line, "data", 4) && argc >= 2 &&
                                       is_one_of(argv[1], strlen(argv[1]), data_forms)))
        return LINE_VALUE;
    if (is_one_of(line, w, settings) && argc > 0 && setting_ok(argv, argc))
        return LINE_SETTING;
    if (w == 6 && !strncmp(line, "lesson", 6) && argc > 0 && lesson_ok(argv, argc, mode))
        return LINE_LESSON;
    snprintf(why, n, "'%.*s' is not a line a %s holds (values, the view and %s)", (int)(w < 40 ? w : 40), line,
             mode == SESS_SHARE ? "shared session" : "session file",
             mode == SESS_SHARE ? "an installed lesson" : "the lesson");
    return -1;
}

struct script_line {
    const char *text;
    int kind, number;
};

/* the lines of text, cut at their ends in place (text is a copy) */
static int split_lines(char *text, struct script_line **out, int *count)
{
    int n = 0, cap = 64;
    struct script_line *v = malloc((size_t)cap * sizeof *v);
    for (char *s = text; v && *s;) {
        char *e = s + strcspn(s, "\n");
        int last = !*e;
        *e = '\0';
        if (e > s && e[-1] == '\r')
            e[-1] = '\0';
        if (n == cap) {
            struct script_line *q = realloc(v, (size_t)(cap *= 2) * sizeof *v);
            if (!q) {
                free(v);
                v = NULL;
                break;
            }
            v = q;
        }
        v[n] = (struct script_line){ s, LINE_SKIP, n + 1 };
        n++;
        s = last ? e : e + 1;
    }
    *out = v;
    *count = n;
    return v ? 0 : -1;
}

/* the settings that name a value: example N must be a row of the batch */
static int check_settings(struct session *S, struct session *from, struct script_line *v, int n,
                          const char *where)
{
    for (int i = 0; i < n; i++) {
        if (v[i].kind != LINE_SETTING || strncmp(v[i].text + strspn(v[i].text, " \t"), "example", 7))
            continue;
        long row = atol(v[i].text + strspn(v[i].text, " \t") + 7);
        if (!from->has_net || row >= from->net.n_rows)
            return session_error(S, "%s:%d: example %ld: the batch has no such row", where, v[i].number, row);
    }
    return 0;
}

/* the values' lines, in a session of their own: 0, or -1 with S->err */
static int run_values(struct session *S, struct session *scratch, struct script_line *v, int n,
                      const char *where)
{
    session_init(scratch, file_null_stream());
    scratch->run = S->run ? S->run : command_run;
    scratch->interrupt = S->interrupt;
    scratch->policy = S->policy;
    for (int i = 0; i < n; i++) {
        if (v[i].kind != LINE_VALUE)
            continue;
        if (command_run(scratch, v[i].text) < 0)
            return session_error(S, "%s:%d: %s", where, v[i].number, scratch->err);
    }
    return 0;
}

static void scratch_release(struct session *scratch)
{
    if (scratch->out)
        fclose(scratch->out);
    session_release(scratch);
}

int sessfile_load_text(struct session *S, const char *text, size_t len, enum sess_mode mode,
                       const char *where)
{
    char *copy = malloc(len + 1);
    struct script_line *v = NULL;
    int n = 0, lesson = -1;
    if (!copy || (memcpy(copy, text, len), copy[len] = '\0', split_lines(copy, &v, &n)) < 0) {
        free(copy);
        return session_error(S, "%s: out of memory", where);
    }
    if (memchr(text, '\0', len))
        n = 0, session_error(S, "%s: it holds a NUL byte: not a session file", where);
    int rc = n ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        char why[200];
        v[i].kind = classify(v[i].text, mode, why, sizeof why);
        if (v[i].kind < 0 || (v[i].kind == LINE_LESSON && lesson >= 0))
            rc = session_error(S, "%s:%d: %s", where, v[i].number, v[i].kind < 0 ? why : "a second lesson");
        if (v[i].kind == LINE_LESSON)
            lesson = i;
    }
    struct session scratch;
    memset(&scratch, 0, sizeof scratch);
    if (rc == 0)
        rc = run_values(S, &scratch, v, n, where);
    if (rc == 0)
        rc = check_settings(S, &scratch, v, n, where);
    /* the lesson first (it starts from a clean state and plays up to its
     * part), then the values, then how the window shows them */
    int (*run)(struct session *, const char *) = S->run ? S->run : command_run;
    if (rc == 0 && lesson >= 0 && run(S, v[lesson].text) < 0) {
        char why[sizeof S->err];
        memcpy(why, S->err, sizeof why);
        rc = session_error(S, "%s:%d: %s", where, v[lesson].number, why);
    }
    if (rc == 0) {
        session_take_values(S, &scratch);
        for (int i = 0; i < n; i++)
            if (v[i].kind == LINE_SETTING && S->view)
                run(S, v[i].text);
    }
    scratch_release(&scratch);
    free(v);
    free(copy);
    return rc;
}

/* the scratch folder of the policy the commands run under ("": none) */
static const char *scratch_of(const struct session *S)
{
    return S->policy && S->policy->confined ? S->policy->scratch : "";
}

/* path is the session file, named under the policy running now */
static void name_file(struct session *S, const char *path)
{
    if (path != S->file)
        snprintf(S->file, sizeof S->file, "%s", path);
    snprintf(S->file_scratch, sizeof S->file_scratch, "%s", scratch_of(S));
}

int sessfile_load(struct session *S, const char *path)
{
    char *buf = NULL, err[512];
    size_t len = 0;
    int rc = file_read_all(S->policy, path, SESSION_FILE_MAX, &buf, &len, err, sizeof err);
    if (rc == 1)
        return session_error(S, "session load: '%s' is over %zu MiB: not a session file", path,
                             SESSION_FILE_MAX >> 20);
    if (rc < 0)
        return session_error(S, "session load: %s", err);
    rc = sessfile_load_text(S, buf, len, SESS_FILE, path);
    free(buf);
    if (rc == 0) {
        name_file(S, path);
        undo_mark_saved(S, "session load");
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* the command                                                         */

/* the settings lines of the layers above (view, lesson) */
static void settings_of(const struct session *S, char *buf, size_t n)
{
    buf[0] = '\0';
    if (S->settings)
        S->settings(S, buf, n);
}

struct write_job {
    const char *text;
    size_t len;
};

static int write_text(FILE *fp, void *ctx)
{
    const struct write_job *j = ctx;
    return fwrite(j->text, 1, j->len, fp) == j->len ? 0 : -1;
}

static int ends_gl(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && !strcmp(path + n - 3, ".gl");
}

static int session_save(struct session *S, const char *path)
{
    if (!path && !S->file[0])
        return session_error(S, "usage: session save FILE.gl (no session file yet)");
    char shown[300];
    if (!path && strcmp(S->file_scratch, scratch_of(S)))
        return session_error(S, "session save: the session file %s was named %s: name the file "
                             "('session save FILE.gl')", text_shown(shown, sizeof shown, S->file),
                             S->file_scratch[0] ? "by a confined lesson or script (in its scratch folder)"
                                                : "outside this lesson's confinement");
    if (!path)
        path = S->file;
    if (!ends_gl(path))
        return session_error(S, "session save: the file name must end in .gl");
    struct state st;
    char settings[SETTINGS_MAX], err[600], *text;
    size_t len;
    sessfile_view(S, &st);
    settings_of(S, settings, sizeof settings);
    if (sessfile_script(&st, settings, &text, &len, err, sizeof err) < 0)
        return session_error(S, "session save: %s", err);
    struct write_job job = { text, len };
    int rc = file_write_atomic(S->policy, path, write_text, &job, err, sizeof err);
    free(text);
    if (rc < 0)
        return session_error(S, "session save: %s", err);
    name_file(S, path);
    undo_mark_saved(S, "session save");
    if (!print_report(S, "session save", "file:s bytes:l", path, (long)len))
        fprintf(S->out, "saved the session to %s (%zu bytes); 'session load %s' restores it\n", path, len, path);
    return 0;
}

static int session_share(struct session *S)
{
    struct state st;
    char settings[SETTINGS_MAX], err[300], *line;
    size_t len;
    sessfile_view(S, &st);
    settings_of(S, settings, sizeof settings);
    /* a shared line names no file: a lesson of the user's stays out */
    char kept[SETTINGS_MAX] = "", lesson_file[1100] = "";
    for (const char *s = settings; *s;) {
        size_t n = strcspn(s, "\n");
        int file = !strncmp(s, "lesson ", 7) && strpbrk(s + 7, "/.") && strpbrk(s + 7, "/.") < s + n;
        if (file)
            snprintf(lesson_file, sizeof lesson_file, "%.*s", (int)(n - 7), s + 7);
        else if (strlen(kept) + n + 2 < sizeof kept)
            strncat(strncat(kept, s, n), "\n", 2);
        s += n + (s[n] == '\n');
    }
    int rc = share_encode(&st, kept, &line, &len, err, sizeof err);
    if (rc == 1)
        return session_error(S, "session share: the line would be %zu characters, over the limit of %d (%s): "
                             "'session save FILE.gl' keeps it all", len, SHARE_MAX_CHARS, err);
    if (rc < 0)
        return session_error(S, "session share: %s", err);
    if (!print_report(S, "session share", "line:s chars:l", line, (long)len)) {
        fprintf(S->out, "%s\n", line);
        fprintf(S->out, "(%zu characters: 'session open' followed by it restores this session%s%s%s)\n", len,
                lesson_file[0] ? "; the lesson file '" : "", lesson_file, lesson_file[0] ? "' is not in it" : "");
    }
    free(line);
    return 0;
}

static int session_open(struct session *S, int argc, char **argv)
{
    if (argc < 3)
        return session_error(S, "usage: session open LINE (the line 'session share' printed)");
    char *joined = args_join(argc, argv, 2), settings[SHARE_SETTINGS_MAX + 1], err[300];
    if (!joined)
        return session_error(S, "out of memory");
    struct state st;
    int rc = share_decode(joined, strlen(joined), &st, settings, sizeof settings, err, sizeof err);
    free(joined);
    if (rc < 0)
        return session_error(S, "session open: %s", err);
    /* its settings are settings: a value command there (net, data) would
     * not be held to what the line's bytes can hold */
    for (char *l = settings; *l && rc == 0;) {
        size_t n = strcspn(l, "\n");
        char one[SHARE_SETTINGS_MAX + 1], why[200];
        snprintf(one, sizeof one, "%.*s", (int)n, l);
        int kind = classify(one, SESS_SHARE, why, sizeof why);
        if (kind != LINE_SETTING && kind != LINE_LESSON && kind != LINE_SKIP)
            rc = session_error(S, "session open: the shared line's settings hold '%.40s'", one);
        l += n + (l[n] == '\n');
    }
    char *text;
    size_t len;
    if (rc == 0 && sessfile_script(&st, settings, &text, &len, err, sizeof err) < 0)
        rc = session_error(S, "session open: %s", err);
    state_release(&st);
    if (rc < 0)
        return -1;
    rc = sessfile_load_text(S, text, len, SESS_SHARE, "session open: the shared line");
    free(text);
    if (rc == 0 && !print_report(S, "session open", "ok:b", 1))
        fprintf(S->out, "opened the shared session\n");
    return rc;
}

int cmd_session(struct session *S, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (argc == 1) {
        int unsaved = undo_unsaved(S);
        if (print_report(S, "session", "file:s unsaved:b", S->file, S->file[0] && unsaved))
            return 0;
        if (!S->file[0])
            fprintf(S->out, "no session file yet: 'session save FILE.gl' writes one\n");
        else
            fprintf(S->out, "session file %s%s\n", S->file, unsaved ? " (unsaved changes)" : " (saved)");
        return 0;
    }
    if (!strcmp(sub, "save") && argc <= 3)
        return session_save(S, argc == 3 ? argv[2] : NULL);
    if (!strcmp(sub, "load") && argc == 3) {
        if (!ends_gl(argv[2]))
            return session_error(S, "session load: the file name must end in .gl");
        if (sessfile_load(S, argv[2]) < 0)
            return -1;
        if (!print_report(S, "session load", "file:s", argv[2]))
            fprintf(S->out, "loaded the session %s\n", argv[2]);
        return 0;
    }
    if (!strcmp(sub, "share") && argc == 2)
        return session_share(S);
    if (!strcmp(sub, "open"))
        return session_open(S, argc, argv);
    return session_error(S, "usage: session [save [FILE.gl] | load FILE.gl | share | open LINE]");
}


int sessfile_is_session(const char *path)
{
    char err[300], head[sizeof SESSFILE_HEADER];
    int fd = file_open_read(NULL, path, err, sizeof err);
    if (fd < 0)
        return 0;
    size_t got = 0;
    while (got < sizeof head - 1) {
        ssize_t n = read(fd, head + got, sizeof head - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    return got == sizeof head - 1 && !memcmp(head, SESSFILE_HEADER, got);
}
