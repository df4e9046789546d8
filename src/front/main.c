/* main: the arguments, and the hand-over: to a lesson played unattended
 * (--auto), to batch mode (scripts, -c, a pipe) or to the REPL, all run by
 * the loop (loop.c). */
#include <locale.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmdline.h"
#include "command.h"
#include "files.h"
#include "undo.h"
#include "lesson.h"
#include "loop.h"
#include "paths.h"
#include "platform.h"
#include "pool.h"
#include "record.h"
#include "scene.h"
#include "session.h"
#include "sessfile.h"
#include "viewcmd.h"
#include "window.h"
#include "winload.h"

/* --lesson NAME --auto: the whole lesson unattended, then the verdict */
static int play_auto(struct session *S, const struct cmdline *o)
{
    char err[256];
    loop_batch_begin(0);
    /* the player goes on after a stopped command: SIGTERM and SIGHUP end
     * gradlab at once, as the default action does */
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    if (o->present && window_display_available() && window_open(err, sizeof err) < 0)
        fprintf(stderr, "gradlab: the window stays closed: %s\n", err);
    if (lesson_start(S, o->lesson, 1) < 0) {
        fflush(stdout);
        fprintf(stderr, "gradlab: %s\n", S->err);
        return 1;
    }
    int n = lesson_failures(S);
    if (n > 0) {
        fflush(stdout);
        fprintf(stderr, "gradlab: %s: %d check%s or command%s failed\n", o->lesson, n, n == 1 ? "" : "s",
                n == 1 ? "" : "s");
        return 1;
    }
    return 0;
}

/* the -c texts and the scripts in the order given (stdin when there are
 * none), in batch mode, until one says stop (quit, --bail, a signal) */
static void run_batch(const struct cmdline *o)
{
    int stop = 0;
    loop_batch_begin(o->bail);
    for (int i = 0; i < o->nsrc && !stop; i++) {
        const char *t = o->src[i].text;
        if (o->src[i].is_cmd)
            stop = loop_batch_text(t);
        else if (sessfile_is_session(t))
            stop = loop_batch_session(t);     /* a session file */
        else
            stop = loop_batch_file(t);
    }
    if (!o->nsrc && !stop)
        loop_batch_file("-");
}

/* the session, and what the lesson and the record built on it */
static void release(struct session *S)
{
    window_quit();
    lesson_stop(S);
    record_release(S);
    undo_free(S);
    session_release(S);
    status_reclaim();
}

/* gradlab was stopped by the signal sig: end as that signal ends a
 * program, so that a shell running a script stops too. What holds files
 * or the display is closed; the values' memory (gigabytes, near the
 * limits) is left to the system, which takes it back faster than free
 * would. */
static int end_by_signal(struct session *S, int sig)
{
    window_quit();
    lesson_stop(S);
    record_release(S);
    fflush(stdout);
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
}

/* the stack gradlab's work needs, with room to spare: fontconfig's first
 * font lookup overflowed 64 KiB (ulimit -s 64), the matrix kernels hold
 * 48 KiB of it */
#define STACK_NEED ((rlim_t)1 << 20)
#define STACK_MIN ((rlim_t)256 << 10)

/* a stack limit below STACK_NEED is raised to it when the hard limit
 * allows (the main thread's stack grows up to the limit of the moment);
 * below STACK_MIN gradlab says so and does not start: 0, or 2 */
static int stack_check(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= STACK_NEED)
        return 0;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= STACK_NEED ? STACK_NEED : rl.rlim_max;
    if (want > rl.rlim_cur) {
        rl.rlim_cur = want;
        setrlimit(RLIMIT_STACK, &rl);
    }
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < STACK_MIN) {
        fprintf(stderr, "gradlab: the stack limit is %lu KiB (ulimit -s); gradlab needs %lu KiB: raise it "
                "(ulimit -s 8192)\n", (unsigned long)(rl.rlim_cur >> 10), (unsigned long)(STACK_MIN >> 10));
        return 2;
    }
    return 0;
}

/* gradlab once the options are read: the exit status */
static int run(struct cmdline *o)
{
    static struct view_state view;
    struct session S;
    session_init(&S, stdout);
    S.run = command_run;
    S.settings = viewcmd_settings;
    if (undo_init(&S) < 0) {
        fprintf(stderr, "gradlab: %s\n", S.err);
        return 1;
    }
    view_state_init(&view);
    S.view = &view;
    loop_init(&S, &view);
    status_defer_frees(S.interrupt);    /* work stopped gives its memory back after the prompt */
    static struct file_policy sandbox;
    if (o->sandbox)
        loop_sandbox(&sandbox);
    if (o->trust)
        lesson_trust_named(&S, o->lesson);
    char err[256];
    if (winload_font(o->font, err, sizeof err) < 0) {
        fprintf(stderr, "gradlab: %s\n", err);
        release(&S);
        return 2;
    }
    window_init(&view, winload_api);
    if (o->present) {
        view.present = 1;
        view.theme = THEME_PROJECTOR;
    }
    int rc;
    if (o->lesson && o->auto_mode) {
        rc = play_auto(&S, o);
        if (session_interrupted(&S))
            return end_by_signal(&S, SIGINT);
        release(&S);
        return rc;
    }
    int tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    if ((o->nsrc || !tty) && o->lesson && !(o->interactive && tty)) {
        fprintf(stderr, "gradlab: --lesson plays a lesson in the REPL, at a terminal (with -i after the "
                "commands), or unattended with --auto: in batch mode no one answers its questions\n");
        release(&S);
        return 2;
    }
    if (o->nsrc || !tty) {
        run_batch(o);
        int sig = loop_batch_signal();
        if (sig == SIGINT && o->interactive && tty)
            loop_batch_resume();        /* Ctrl-C stopped the work: on to the REPL */
        else if (sig)
            return end_by_signal(&S, sig);
        if (!(o->interactive && tty && !S.quit)) {
            release(&S);
            return loop_batch_failed() ? 1 : 0;
        }
    }
    /* the start-up file, for a REPL started on its own (not after -c or
     * FILE: those run as given, as python -i runs no PYTHONSTARTUP) */
    static char init[1100];
    if (!o->no_init && !o->nsrc) {
        config_path(init, sizeof init, "init");
        loop_start_file(init);
    }
    /* interactive: the window opens at start when a display is there,
     * right after the first prompt */
    char first[1100] = "";
    if (o->lesson)
        snprintf(first, sizeof first, "lesson %s", o->lesson);
    rc = loop_repl(first[0] ? first : NULL,
                   !o->no_window && !window_is_open() && window_display_available());
    if (rc > 128)
        return end_by_signal(&S, rc - 128);
    release(&S);
    return rc ? rc : (loop_batch_failed() ? 1 : 0);
}

/* the threads of the large matrix products (kernels/pool.h, the same bits
 * with any number): GRADLAB_THREADS, else every core online, at most
 * POOL_MAX_THREADS */
static void set_threads(void)
{
    const char *v = getenv("GRADLAB_THREADS");
    int n = platform_cores();
    if (v && *v) {
        char *end;
        long want = strtol(v, &end, 10);
        if (*end || want < 1 || want > POOL_MAX_THREADS)
            fprintf(stderr, "gradlab: GRADLAB_THREADS must be a whole number from 1 to %d; using %d\n",
                    POOL_MAX_THREADS, n < POOL_MAX_THREADS ? n : POOL_MAX_THREADS);
        else
            n = (int)want;
    }
    pool_threads(n);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");        /* strtod("0.5") in every classroom */
    platform_set_argv0(argv[0]);       /* where gradlab's files are, when the system cannot say */
    set_threads();
    struct cmdline o;
    int rc = cmdline_parse(argc, argv, &o);
    if (rc < 0)
        rc = stack_check() ? 2 : run(&o);
    cmdline_release(&o);
    return rc;
}
