/* player: plays a lesson block by block for the learner (or unattended),
 * keeps the learner's progress, and the lesson commands. See lesson.h. */
#include "lesson.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "paths.h"
#include "session.h"

#ifndef GRADLAB_DATADIR
#define GRADLAB_DATADIR "/usr/local/share/gradlab"
#endif

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

/* the stop hook (lesson_on_stop) */
static void (*stop_hook)(struct session *S, void *ud);
static void *stop_hook_ud;

void lesson_on_stop(void (*fn)(struct session *S, void *ud), void *ud)
{
    stop_hook = fn;
    stop_hook_ud = ud;
}

/* a stop of a lesson played unattended: the hook looks at it */
static void at_stop(struct session *S)
{
    if (stop_hook && S->lesson->auto_mode && !S->lesson->quiet)
        stop_hook(S, stop_hook_ud);
}

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
    if (file_write_atomic(NULL, path, write_progress, &j, err, sizeof err) < 0)
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
    at_stop(S);
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
                at_stop(S);
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
                at_stop(S);
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

/* the lesson's back (lesson back, or back typed while it runs): 1 if it
 * took it, 0 when no lesson can */
static int lesson_back(struct session *S)
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

/* ... and its quit: leave the lesson, keeping its progress */
static int lesson_quit(struct session *S)
{
    struct lesson_player *P = player(S);
    if (!P || P->waiting == WAIT_END || P->in_play)
        return 0;
    save_progress(S);
    fprintf(S->out, "left the lesson \"%s\" (what you built stays; 'quit' again leaves gradlab)\n", P->L.title);
    lesson_stop(S);
    return 1;
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
    if (lesson_load(NULL, path, &L, err, sizeof err) < 0)
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
        if (lesson_load(NULL, path, &L, err, sizeof err) < 0) {
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

/* the player next or again (cmd) moves, or NULL with S->err */
static struct lesson_player *to_move(struct session *S, int argc, const char *cmd)
{
    struct lesson_player *P = player(S);
    if (argc > 1)
        session_error(S, "'%s' takes no arguments", cmd);
    else if (!P || P->waiting == WAIT_END)
        session_error(S, "no lesson is running (type 'lesson' for the list)");
    else if (lesson_playing(S))
        session_error(S, "a lesson's command cannot move the lesson");
    else
        return P;
    return NULL;
}

int cmd_next(struct session *S, int argc, char **argv)
{
    (void)argv;
    struct lesson_player *P = to_move(S, argc, "next");
    if (!P)
        return -1;
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
    struct lesson_player *P = to_move(S, argc, "again");
    if (!P)
        return -1;
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
