/* player: plays a lesson part by part for the learner (or unattended),
 * tells the window's band what it says, and the lesson commands. See
 * lesson.h; the folder and the progress file are catalog.c's, a typed
 * command against a question match.c's, the give-away check shown.c's. */
#include "player.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "command.h"
#include "files.h"
#include "paths.h"
#include "progress.h"
#include "session.h"

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

int lesson_playing(const struct session *S)
{
    return S->lesson && S->lesson->in_play > 0;
}

int lesson_at_question(const struct session *S)
{
    return S->lesson && (S->lesson->waiting == WAIT_NUMBER || S->lesson->waiting == WAIT_COMMAND);
}

int lesson_waiting(const struct session *S)
{
    return lesson_at_question(S) || (S->lesson && S->lesson->waiting == WAIT_PAUSE);
}

void lesson_stop(struct session *S)
{
    if (!S->lesson)
        return;
    lesson_free(&S->lesson->L);
    shown_free(&S->lesson->shown);
    free(S->lesson);
    S->lesson = NULL;
    S->take_back = NULL;
    S->take_quit = NULL;
    session_changed(S);
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

/* ------------------------------------------------------------------ */
/* the window's band: what the terminal says in this part, for the class */

static void caption_title(struct lesson_player *P)
{
    struct lesson_caption *c = &P->caption;
    snprintf(c->title, sizeof c->title, "%s  \xc2\xb7  %d/%d", P->L.title, P->block + 1, P->n_blocks);
}

/* a caption's serial is never reused in the process, so the window never
 * takes a new caption for one it paged before */
static void caption_touch(struct session *S)
{
    static unsigned serials;
    struct lesson_player *P = player(S);
    P->caption.serial = ++serials;
    caption_title(P);
    session_changed(S);
}

/* a new part: the band starts empty */
static void caption_clear(struct session *S)
{
    struct lesson_player *P = player(S);
    P->caption.text[0] = '\0';
    P->caption.show_end = 0;
    P->verdict_off = -1;
    caption_touch(S);
}

/* one more paragraph (quiet replays add none); a verdict replaces the
 * verdict just before it (a second wrong answer is not a second
 * paragraph), and the band shows it at once */
static void caption_add(struct session *S, const char *text, int verdict)
{
    struct lesson_player *P = player(S);
    struct lesson_caption *c = &P->caption;
    if (P->quiet)
        return;
    size_t n = strlen(c->text);
    if (verdict && P->verdict_off >= 0 && (size_t)P->verdict_off <= n)
        n = (size_t)P->verdict_off;
    size_t start = n;
    if (n > 0 && n + 1 < sizeof c->text)
        c->text[n++] = '\n';
    size_t room = sizeof c->text - 1 - n, len = strlen(text);
    if (len > room) {           /* cut at a character, not inside one */
        len = room;
        while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
            len--;
    }
    memcpy(c->text + n, text, len);
    c->text[n + len] = '\0';
    P->verdict_off = verdict ? (int)start : -1;
    c->show_end = verdict;
    caption_touch(S);
}

int lesson_caption(const struct session *S, struct lesson_caption *out)
{
    if (!S || !S->lesson) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    *out = S->lesson->caption;
    out->active = lesson_active(S);
    out->question = lesson_at_question(S);
    return out->title[0] != '\0';
}

/* narration: the terminal and the band say the same */
static void say(struct session *S, const char *mark, const char *text, const char *band)
{
    if (!player(S)->quiet)
        say_marked(S, mark, text);
    caption_add(S, band ? band : text, 0);
}

/* ------------------------------------------------------------------ */
/* running                                                             */

static void save_progress(struct session *S)
{
    struct lesson_player *P = player(S);
    char err[300];
    if (!P || P->auto_mode || P->quiet)
        return;
    int done = P->waiting == WAIT_END ? P->n_blocks : P->block;
    if (progress_keep(P->L.name, done, P->n_blocks, err, sizeof err) < 0)
        fprintf(S->out, "(the progress is not saved: %s)\n", err);
}

/* 1 when the part being played spent its budget (trust.h): its other
 * commands and checks are skipped (the first time counts as a failure) */
static int spent(struct session *S)
{
    struct lesson_player *P = player(S);
    int k = guard_spent(S, &P->guard);
    P->failures += k == 2;
    return k != 0;
}

/* run one of the lesson's commands quietly (a replay) */
static void run_quiet(struct session *S, const char *cmd)
{
    if (!spent(S))
        S->run(S, cmd);
}

/* run one of the lesson's commands, shown as if typed */
static int run_shown(struct session *S, const char *cmd, int line)
{
    struct lesson_player *P = player(S);
    if (spent(S))
        return -1;
    fprintf(S->out, "gradlab> %s\n", cmd);
    fflush(S->out);
    shown_begin(S, P, line);
    int rc = S->run(S, cmd);
    shown_end(S, P);
    if (rc < 0) {
        if (rc != COMMAND_SHOWN)
            fprintf(S->out, "error: %s\n", S->err);
        fprintf(S->out, "  (a command of the lesson failed: %s line %d)\n", P->L.name, line);
        P->failures++;
        return -1;
    }
    return 0;
}

/* the window shows view name (view: NAME); nothing without a window */
static void set_view(struct session *S, const char *name)
{
    char line[96];
    if (!S->view)
        return;
    snprintf(line, sizeof line, "view %s", name);
    if (S->run(S, line) < 0)
        fprintf(S->out, "error: %s\n", S->err);
}

/* a lesson starts from a clean state: no values, seed 0, the window on
 * its first view, following the work again when it can ("view auto"; the
 * lesson's view: lines choose another view); the settings (format,
 * precision, theme) stay the learner's. The view commands are the
 * lesson's own, not the learner's choice by hand. */
static void clean_state(struct session *S)
{
    struct lesson_player *P = player(S);
    const struct command *v = command_find("view");
    session_clear(S);
    P->in_play++;
    for (int k = 0; v && v->words && v->words[k]; k++)
        if (!strcmp(v->words[k], "auto"))
            set_view(S, "auto");
    if (v && v->words && v->words[0])
        set_view(S, v->words[0]);
    P->in_play--;
}

static int window_shown(const struct session *S)
{
    return S->fe.window_shown && S->fe.window_shown(S->fe.ud);
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
    caption_add(S, "End of the lesson.", 0);
    at_stop(S);
}

/* the next part begins; the verdict that ended this one opens its band */
static void next_part(struct session *S, const char *verdict)
{
    struct lesson_player *P = player(S);
    P->block++;
    guard_part(S, &P->guard);
    caption_clear(S);
    if (verdict)
        caption_add(S, verdict, 0);
}

static void play_steps(struct session *S);

/* play steps until a stop (a pause or a question) or the end; while they
 * run, the lesson's own commands cannot start, move or leave a lesson */
static void play(struct session *S)
{
    struct lesson_player *P = player(S);
    P->in_play++;
    guard_enter(S, &P->guard);
    play_steps(S);
    guard_leave(S, &P->guard);
    P->in_play--;
}

/* a check on the state */
static void check(struct session *S, const struct step *st)
{
    struct lesson_player *P = player(S);
    if (spent(S))
        return;
    P->checks++;
    if (lesson_check(S, st->text) == 1) {
        P->checks_held++;
    } else {
        P->failures++;
        fprintf(S->out, "check failed (%s line %d): %s\n", P->L.name, st->line, S->err);
    }
}

/* a question, unattended: it must not give its answer away; then the
 * lesson answers it */
static void ask_auto(struct session *S, const struct step *st)
{
    struct lesson_player *P = player(S);
    char msg[64];
    if (st->has_number && shown_gives_away(S, P, st))
        P->failures++;
    if (st->has_number) {
        snprintf(msg, sizeof msg, "Right: %.10g.", st->number);
        fprintf(S->out, "answer: %.10g (from the lesson)\n", st->number);
        next_part(S, msg);
    } else {
        run_shown(S, st->command, st->line);
        snprintf(msg, sizeof msg, "Right: %.50s", st->command);
        next_part(S, msg);
    }
}

/* 1 at a stop (the learner's turn), 0 to go on */
static int play_step(struct session *S, const struct step *st)
{
    struct lesson_player *P = player(S);
    char band[LESSON_CAPTION_TEXT];
    switch (st->kind) {
    case STEP_SAY:
        if (st->when == SAY_ALWAYS || (st->when == SAY_WINDOW) == window_shown(S))
            say(S, "  ", st->text, NULL);
        return 0;
    case STEP_SECTION:
        fprintf(S->out, "\n== %s\n", st->text);
        caption_add(S, st->text, 0);
        return 0;
    case STEP_RUN:
        run_shown(S, st->text, st->line);
        return 0;
    case STEP_VIEW:
        set_view(S, st->text);
        return 0;
    case STEP_CHECK:
        check(S, st);
        return 0;
    case STEP_PAUSE:
        shown_clear(&P->shown);
        if (P->auto_mode) {
            at_stop(S);
            next_part(S, NULL);
            return 0;
        }
        P->waiting = WAIT_PAUSE;
        fputs("  [Enter or 'next' to go on; 'back', 'again', 'quit']\n", S->out);
        save_progress(S);
        session_changed(S);
        return 1;
    case STEP_ASK:
        snprintf(band, sizeof band, "Question: %s", st->text);
        say(S, "? ", st->text, band);
        if (P->auto_mode) {
            at_stop(S);
            ask_auto(S, st);
            return 0;
        }
        P->ask = P->pos - 1;
        P->waiting = st->has_number ? WAIT_NUMBER : WAIT_COMMAND;
        fputs(st->has_number ? "  (type your answer, a number; Enter on an empty line skips)\n"
                             : "  (type the command; Enter on an empty line skips)\n", S->out);
        save_progress(S);
        session_changed(S);
        return 1;
    }
    return 0;
}

static void play_steps(struct session *S)
{
    struct lesson_player *P = player(S);
    P->waiting = WAIT_NONE;
    while (P->pos < P->L.n_steps)
        if (play_step(S, &P->L.steps[P->pos++]))
            return;
    finish(S);
}

/* go on after a stop, the verdict that ended it (or NULL) first */
static void go_on(struct session *S, const char *verdict)
{
    struct lesson_player *P = player(S);
    if (P->waiting != WAIT_NONE && P->waiting != WAIT_END)
        next_part(S, verdict);
    play(S);
}

/* replay from a clean state, quietly, up to part k; then play it */
static void replay_to(struct session *S, int k)
{
    struct lesson_player *P = player(S);
    FILE *real = S->out, *null = file_null_stream();
    P->pos = 0;
    P->block = 0;
    P->checks = P->checks_held = 0;     /* counted again, once each */
    clean_state(S);
    if (k > 0 && null) {
        S->out = null;
        P->quiet = 1;
        P->in_play++;
        guard_enter(S, &P->guard);
        int saved_fail = P->failures;
        while (P->pos < P->L.n_steps && P->block < k) {
            const struct step *st = &P->L.steps[P->pos++];
            if (st->kind == STEP_PAUSE || st->kind == STEP_ASK) {
                P->block++;     /* one stop at a time, up to the k-th */
                guard_part(S, &P->guard);
            }
            if (st->kind == STEP_ASK && st->command)
                run_quiet(S, st->command);
            else if (st->kind == STEP_RUN)
                run_quiet(S, st->text);
            else if (st->kind == STEP_VIEW)
                set_view(S, st->text);
            else if (st->kind == STEP_CHECK)
                check(S, st);
        }
        P->failures = saved_fail;
        guard_leave(S, &P->guard);
        P->in_play--;
        P->quiet = 0;
        S->out = real;
    }
    if (null)
        fclose(null);
    caption_clear(S);
    play(S);
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */

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

/* ... and its quit: leave the lesson, keeping its progress (once it
 * ended, quit takes its band away) */
static int lesson_quit(struct session *S)
{
    struct lesson_player *P = player(S);
    if (!P || P->in_play)
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

void lesson_trust_named(struct session *S, const char *name)
{
    char path[1024];
    if (catalog_resolve(S, name, path, sizeof path) >= 0)
        trust_file(path);
}

int lesson_start(struct session *S, const char *name, int auto_mode)
{
    return lesson_start_part(S, name, auto_mode, 1);
}

int lesson_start_part(struct session *S, const char *name, int auto_mode, int part)
{
    char path[1024], err[512];
    if (!S->run)
        return session_error(S, "lessons need a command runner (session.run)");
    int given = catalog_resolve(S, name, path, sizeof path);
    if (given < 0)
        return -1;
    /* a path is read as the caller may (a sandboxed script: confined) */
    const struct file_policy *pol = given ? S->policy : NULL;
    struct lesson L;
    if (lesson_load(pol, path, &L, err, sizeof err) < 0)
        return session_error(S, "%s", err);
    struct lesson_player *P = calloc(1, sizeof *P);
    int bad = !P ? session_error(S, "out of memory")
            : guard_init(&P->guard, pol, path, L.name, lesson_dir(), err, sizeof err) < 0 ? session_error(S, "%s", err)
            : 0;
    if (bad) {
        lesson_free(&L);
        free(P);
        return -1;
    }
    P->L = L;
    snprintf(P->path, sizeof P->path, "%s", path);
    P->auto_mode = auto_mode;
    P->n_blocks = 1;
    for (int i = 0; i < L.n_steps; i++)
        P->n_blocks += L.steps[i].kind == STEP_PAUSE || L.steps[i].kind == STEP_ASK;
    if (part < 1 || part > P->n_blocks) {
        int n = P->n_blocks;
        lesson_free(&P->L);
        free(P);
        return session_error(S, "lesson: part %d is not one of 1..%d", part, n);
    }
    lesson_stop(S);
    S->lesson = P;
    S->take_back = take_back;
    S->take_quit = take_quit;
    guard_banner(S, &P->guard);
    fprintf(S->out, "== Lesson: %s\n", L.title);
    if (!auto_mode)
        fputs("  (move with 'next' or Enter, 'back', 'again'; 'quit' leaves the lesson)\n", S->out);
    replay_to(S, part - 1);     /* from a clean state, quietly up to the part; then play it */
    return 0;
}

int lesson_where(const struct session *S, char *name, size_t n, int *part)
{
    const struct lesson_player *P = S->lesson;
    if (!P || P->waiting == WAIT_END)
        return 0;
    char installed[1100];
    snprintf(installed, sizeof installed, "%s/%s.lesson", lesson_dir(), P->L.name);
    snprintf(name, n, "%s", strcmp(installed, P->path) ? P->path : P->L.name);
    *part = P->block + 1;
    return strcmp(installed, P->path) ? 2 : 1;
}

/* a wrong answer: not quite, the hint, how to skip */
static void not_quite(struct session *S, const struct step *st)
{
    char band[1200];
    snprintf(band, sizeof band, "Not quite, try again.%s%s", st->hint ? " Hint: " : "", st->hint ? st->hint : "");
    say_marked(S, "  ", band);
    fputs("  ('next' or Enter on an empty line skips the question)\n", S->out);
    caption_add(S, band, 1);
}

void lesson_after_line(struct session *S, const char *line)
{
    struct lesson_player *P = player(S);
    if (!P || P->waiting != WAIT_COMMAND)
        return;
    const struct step *st = &P->L.steps[P->ask];
    enum match m = match_command(line, st->command);
    if (m == MATCH_ATTEMPT) {
        not_quite(S, st);
    } else if (m == MATCH_RIGHT) {
        char msg[300];
        snprintf(msg, sizeof msg, "Right: %s", st->command);
        fputs("  Right.\n", S->out);
        go_on(S, msg);
    }
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
        go_on(S, msg);
    } else {
        not_quite(S, st);
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* commands                                                            */

int cmd_lesson(struct session *S, int argc, char **argv)
{
    if (argc == 1)
        return catalog_list(S);
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
    /* lesson NAME [part=K]: a name with spaces comes as several words,
     * one space between them */
    const char *part = argc > 2 ? args_kv(argv[argc - 1], "part") : NULL;
    long k = 1;
    if (part && args_long(part, 1, 100000, &k) != 0)
        return session_error(S, "usage: lesson [NAME [part=K] | next | back | again | quit]");
    char name[1024] = "";
    for (int i = 1; i < argc - (part != NULL); i++) {
        if (strlen(name) + strlen(argv[i]) + 2 > sizeof name)
            return session_error(S, "lesson: the name is too long");
        snprintf(name + strlen(name), sizeof name - strlen(name), "%s%s", i > 1 ? " " : "", argv[i]);
    }
    return lesson_start_part(S, name, 0, (int)k);
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
    char msg[300] = "";
    if (lesson_at_question(S)) {
        const struct step *st = &P->L.steps[P->ask];
        if (st->has_number) {
            snprintf(msg, sizeof msg, "Skipped; the answer was %.10g.", st->number);
            fprintf(S->out, "  (skipped; the answer was %.10g)\n", st->number);
        } else {
            snprintf(msg, sizeof msg, "Skipped; the lesson ran: %.200s", st->command);
            fputs("  (skipped; the lesson runs it)\n", S->out);
            P->in_play++;           /* the lesson's own command, as in play() */
            guard_enter(S, &P->guard);
            run_shown(S, st->command, st->line);
            guard_leave(S, &P->guard);
            P->in_play--;
        }
    }
    go_on(S, msg[0] ? msg : NULL);
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

int cmd_trust(struct session *S, int argc, char **argv)
{
    (void)argv;
    struct lesson_player *P = player(S);
    if (argc > 1)
        return session_error(S, "'trust' takes no arguments (it trusts the lesson being played)");
    if (!P)
        return session_error(S, "no lesson to trust (start one with 'lesson FILE'; gradlab --trust --lesson FILE "
                             "trusts it from the start)");
    return guard_trust(S, &P->guard);
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
