/* main: the arguments, batch mode, and the hand-over to the REPL.
 *
 * Batch mode (stdin or stdout not a terminal, -c, or a script FILE): no
 * prompt, no banner, no readline; the same commands. An error goes to
 * stderr as "gradlab: FILE:LINE: message", the state stays as it was and
 * the script goes on; the exit status is 1 if any command failed. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "command.h"
#include "lesson.h"
#include "record.h"
#include "repl.h"
#include "scene.h"
#include "session.h"
#include "typed.h"
#include "window.h"
#include "winload.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    if (interrupted) {              /* a second Ctrl-C: give up at once */
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
    }
    interrupted = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: gradlab [OPTIONS] [FILE...]\n"
        "A lab for the maths of backpropagation through a softmax.\n"
        "\n"
        "  -c COMMANDS   run COMMANDS (separated by ';' or newlines), then exit\n"
        "  -i            after -c and FILEs, go on interactively\n"
        "  --bail        stop at the first command that fails\n"
        "  --no-window   do not open the window at start (`window on` still can)\n"
        "  --font FILE   the TTF font for the window (default: DejaVu Sans)\n"
        "  --lesson NAME start the lesson NAME (or a .lesson FILE); 'lesson' lists them\n"
        "  --auto        with --lesson: play it unattended (questions answered from\n"
        "                the file); exit 0 only if every check held\n"
        "  --present     presenter mode for a projector: high contrast, large text,\n"
        "                the lesson's narration in the window, Space to go on\n"
        "  --help        show this help and exit\n"
        "  --version     show the version and exit\n"
        "\n"
        "With no FILE and a terminal, gradlab starts its REPL; type 'help' there.\n"
        "When a display is there (DISPLAY or WAYLAND_DISPLAY), the window opens too.\n"
        "With FILE, or when stdin or stdout is not a terminal, it runs the commands\n"
        "in batch mode: errors go to stderr as 'gradlab: FILE:LINE: message' and\n"
        "the exit status is 1 if any command failed.\n");
}

/* ---- the window, as a second source of events in the loop ---------- */

static struct view_state view;
static struct session *main_S;
static int in_repl;
/* the REPL opens the window once its first prompt is up: the prompt comes
 * in milliseconds, the window (SDL, the GL driver) takes a tenth of a second */
static int window_pending;

static void open_pending_window(void)
{
    window_pending = 0;
    char err[256], msg[400];
    if (window_open(err, sizeof err) < 0) {
        snprintf(msg, sizeof msg, "gradlab: the window stays closed: %s (the REPL works without it)", err);
        repl_message(msg);
    }
}

/* a key in the window means a command: run it like a typed one */
static void window_run(void *ud, const char *line)
{
    (void)ud;
    if (in_repl) {
        repl_run_line(line, "from the window");
        return;
    }
    if (typed_run(main_S, line) < 0) {
        fflush(stdout);
        fprintf(stderr, "gradlab: %s\n", main_S->err);
    }
    window_changed();
}

static int side_fd(void *ud)
{
    (void)ud;
    return window_fd();
}

static int side_timeout(void *ud)
{
    (void)ud;
    return window_pending ? 0 : window_timeout_ms();
}

static void side_events(void *ud)
{
    (void)ud;
    if (window_pending)
        open_pending_window();
    view.lesson_active = lesson_active(main_S);     /* Space: next in a lesson */
    if (window_is_open())
        window_events(window_run, NULL);
}

static void side_update(void *ud)
{
    (void)ud;
    if (window_is_open())
        window_update(main_S);
}

/* every command may change what the window shows */
static void side_after_command(void *ud)
{
    (void)ud;
    window_changed();
}

static void on_changed(void *ud)
{
    (void)ud;
    view.busy = 0;
    window_changed();
}

/* while training runs, the window shows it at most once a frame; keys
 * that mean a command wait (they are dropped: the REPL is busy too) */
static void drop_command(void *ud, const char *line)
{
    (void)ud;
    (void)line;
}

static void on_busy(void *ud, long done, long total)
{
    (void)ud;
    static struct timespec last;
    static double gap_ms = 16.0;
    view.busy = 1;
    view.busy_done = done;
    view.busy_total = total;
    if (!window_is_open())
        return;
    struct timespec now, end;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (now.tv_sec - last.tv_sec) * 1e3 + (now.tv_nsec - last.tv_nsec) / 1e6;
    if (ms < gap_ms)
        return;
    window_changed();
    window_events(drop_command, NULL);
    if (window_is_open())
        window_update(main_S);
    /* drawing takes at most a fifth of the time: the next frame waits four
     * times as long as this one took, and at least a frame (60 Hz) */
    clock_gettime(CLOCK_MONOTONIC, &end);
    double took = (end.tv_sec - now.tv_sec) * 1e3 + (end.tv_nsec - now.tv_nsec) / 1e6;
    gap_ms = took * 4 > 16.0 ? took * 4 : 16.0;
    last = end;
}

static const struct repl_side window_side = {
    NULL, side_fd, side_timeout, side_events, side_update, side_after_command,
};

struct batch {
    struct session *S;
    int bail;
    int failed;
};

/* run one line of a script; 1 to stop */
static int batch_line(struct batch *B, const char *name, long lineno, const char *line)
{
    interrupted = 0;
    if (typed_run(B->S, line) < 0) {
        fflush(stdout);
        fprintf(stderr, "gradlab: %s:%ld: %s\n", name, lineno, B->S->err);
        B->failed = 1;
        if (B->bail)
            return 1;
    }
    fflush(stdout);
    /* a script may drive a window for a class: keep it drawn */
    window_changed();
    side_events(NULL);
    side_update(NULL);
    return B->S->quit;
}

static int batch_stream(struct batch *B, FILE *in, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    ssize_t n;
    int stop = 0;
    while (!stop && (n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if ((size_t)n > LINE_MAX_BYTES) {
            fflush(stdout);
            fprintf(stderr, "gradlab: %s:%ld: line too long (%zd bytes; the limit is %d)\n", name, lineno,
                    n, LINE_MAX_BYTES);
            B->failed = 1;
            stop = B->bail;
            continue;
        }
        if (strlen(line) != (size_t)n) {
            fflush(stdout);
            fprintf(stderr, "gradlab: %s:%ld: the line holds a NUL byte\n", name, lineno);
            B->failed = 1;
            stop = B->bail;
            continue;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        stop = batch_line(B, name, lineno, line);
    }
    free(line);
    return stop;
}

static int batch_file(struct batch *B, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "gradlab: '%s' is a directory\n", path);
        B->failed = 1;
        return B->bail;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gradlab: cannot open '%s': %s\n", path, strerror(errno));
        B->failed = 1;
        return B->bail;
    }
    int stop = batch_stream(B, f, path);
    fclose(f);
    return stop;
}

/* -c text: lines split at newlines; ';' is handled by command_run */
static int batch_string(struct batch *B, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return 1;
    long lineno = 0;
    int stop = 0;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line && !stop; line = strtok_r(NULL, "\n", &save))
        stop = batch_line(B, "-c", ++lineno, line);
    free(copy);
    return stop;
}

/* the session, and what the lesson and the record built on it */
static void release(struct session *S)
{
    lesson_stop(S);
    record_release(S);
    session_release(S);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");        /* strtod("0.5") in every classroom */

    const char *cmds[64];
    const char *files[64];
    int ncmds = 0, nfiles = 0, bail = 0, interactive = 0, no_window = 0;
    const char *font = NULL, *lesson = NULL;
    int auto_mode = 0, present = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("gradlab %s\n", GRADLAB_VERSION);
            return 0;
        } else if (!strcmp(a, "--bail")) {
            bail = 1;
        } else if (!strcmp(a, "--no-window")) {
            no_window = 1;
        } else if (!strcmp(a, "--font")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "gradlab: --font needs a FILE (a .ttf font)\n");
                return 2;
            }
            font = argv[++i];
        } else if (!strcmp(a, "--lesson")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "gradlab: --lesson needs a NAME or FILE (try: gradlab --lesson softmax)\n");
                return 2;
            }
            lesson = argv[++i];
        } else if (!strcmp(a, "--auto")) {
            auto_mode = 1;
        } else if (!strcmp(a, "--present")) {
            present = 1;
        } else if (!strcmp(a, "-i")) {
            interactive = 1;
        } else if (!strcmp(a, "-c")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "gradlab: -c needs COMMANDS (try: gradlab -c 'logits 2 1 0.1')\n");
                return 2;
            }
            if (ncmds < 64)
                cmds[ncmds++] = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "gradlab: unknown option '%s' (try 'gradlab --help')\n", a);
            return 2;
        } else if (nfiles < 64) {
            files[nfiles++] = a;
        }
    }

    if (auto_mode && !lesson) {
        fprintf(stderr, "gradlab: --auto plays a lesson: give it one with --lesson NAME\n");
        return 2;
    }
    struct session S;
    session_init(&S, stdout);
    S.run = command_run;
    S.interrupt = &interrupted;
    main_S = &S;
    view_state_init(&view);
    S.view = &view;
    S.fe.changed = on_changed;
    S.fe.busy = on_busy;
    char err[256];
    if (winload_font(font, err, sizeof err) < 0) {
        fprintf(stderr, "gradlab: %s\n", err);
        window_quit();
        release(&S);
        return 2;
    }
    window_init(&view, winload_api);
    struct batch B = { &S, bail, 0 };
    int stop = 0;
    if (present) {
        view.present = 1;
        view.theme = THEME_PROJECTOR;
    }
    if (lesson && auto_mode) {
        /* unattended: the whole lesson, then the verdict */
        signal(SIGINT, on_sigint);
        signal(SIGPIPE, SIG_IGN);
        int rc = 0;
        if (present && window_display_available() && window_open(err, sizeof err) < 0)
            fprintf(stderr, "gradlab: the window stays closed: %s\n", err);
        if (lesson_start(&S, lesson, 1) < 0) {
            fflush(stdout);
            fprintf(stderr, "gradlab: %s\n", S.err);
            rc = 1;
        } else if (lesson_failures(&S) > 0) {
            fflush(stdout);
            fprintf(stderr, "gradlab: %s: %d check%s or command%s failed\n", lesson, lesson_failures(&S),
                    lesson_failures(&S) == 1 ? "" : "s", lesson_failures(&S) == 1 ? "" : "s");
            rc = 1;
        }
        window_quit();
        release(&S);
        return rc;
    }

    int tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    if (ncmds || nfiles || !tty) {
        signal(SIGINT, on_sigint);
        signal(SIGPIPE, SIG_IGN);
        for (int i = 0; i < ncmds && !stop; i++)
            stop = batch_string(&B, cmds[i]);
        for (int i = 0; i < nfiles && !stop; i++)
            stop = !strcmp(files[i], "-") ? batch_stream(&B, stdin, "<stdin>") : batch_file(&B, files[i]);
        if (!ncmds && !nfiles && !stop)
            batch_stream(&B, stdin, "<stdin>");
        if (!(interactive && tty && !S.quit)) {
            window_quit();
            release(&S);
            return B.failed ? 1 : 0;
        }
        signal(SIGINT, SIG_DFL);
    }
    /* interactive: the window opens at start when a display is there,
     * right after the first prompt */
    window_pending = !no_window && !window_is_open() && window_display_available();
    in_repl = 1;
    char first[1100] = "";
    if (lesson)
        snprintf(first, sizeof first, "lesson %s", lesson);
    int rc = repl_run(&S, &interrupted, &window_side, first[0] ? first : NULL);
    window_quit();
    release(&S);
    return rc ? rc : (B.failed ? 1 : 0);
}
