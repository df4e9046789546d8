/* loop: the one event loop. See loop.h.
 *
 * Every wait is one poll() on the line source (stdin for the REPL, a
 * script or a pipe in batch mode), the self-pipe the signal handlers write
 * to, and the window's display connection, with the window's timeout
 * (wait_sources). After each wait and after each line, the window takes
 * its turn: its events (keys run commands like typed lines), then a frame
 * when something changed (window_turn). While training runs, the pump
 * (on_busy) gives the window a turn at most once a frame. */
#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd_script.h"
#include "command.h"
#include "files.h"
#include "lesson.h"
#include "paste.h"
#include "paths.h"
#include "preview.h"
#include "reader.h"
#include "repl.h"
#include "sandbox.h"
#include "selfpipe.h"
#include "scene.h"
#include "session.h"
#include "sessfile.h"
#include "undo.h"
#include "texts.h"
#include "typed.h"
#include "viewcmd.h"
#include "window.h"

/* a script line over the limit (reader.h) */
#define TOO_LONG "line too long (over the limit of %d bytes): not run"

static struct {
    struct session *S;
    struct view_state *v;
    int repl;               /* the REPL runs: readline is the line source */
    int running;            /* the REPL goes on */
    int window_pending;     /* open the window on the loop's next turn */
    int bail, failed;       /* batch mode: stop at an error; one failed */
    int out_failed;         /* a write to stdout failed (said once) */
    struct paste_lines paste;   /* batch mode: a value pasted across lines */
    long paste_line;        /* the line it started on */
    const char *at_name;    /* batch mode: the script and line running now */
    long at_line;
    struct file_policy *sandbox;    /* --sandbox, or NULL */
    int sourcing;           /* `source` files being run (nested) */
    int init;               /* the start-up file runs: its errors change no exit status */
    const char *init_file;  /* the start-up file (loop_start_file), or NULL */
} L;

/* ------------------------------------------------------------------ */
/* signals                                                             */

static volatile sig_atomic_t interrupted;   /* S->interrupt: long work stops */
static volatile sig_atomic_t got_sigint, got_sigwinch, got_sigcont, got_quit_signal;
static volatile sig_atomic_t batch_signals; /* a second Ctrl-C ends gradlab */
static int batch_stopped;                   /* a batch run was stopped by a signal */
static int sig_pipe[2] = { -1, -1 };

/* 1 when stdout is a pipe whose reader has gone (| head -1 has its line):
 * poll() is async-signal-safe */
static int stdout_gone(void)
{
    struct pollfd p = { STDOUT_FILENO, 0, 0 };
    return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* Ctrl-C stops long work (the REPL then takes the next line; a batch run
 * ends); SIGTERM and SIGHUP stop it and end gradlab, which first restores
 * the terminal and saves the history; so does SIGPIPE when the reader of
 * stdout has gone (a write to another pipe just fails). In batch mode a
 * second one of them ends gradlab at once. */
static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGPIPE && !stdout_gone()) {
        errno = saved;              /* another pipe: its write fails with EPIPE */
        return;
    }
    if (sig == SIGWINCH || sig == SIGCONT) {
        if (sig == SIGWINCH)
            got_sigwinch = 1;
        else
            got_sigcont = 1;
    } else {
        if (batch_signals && interrupted) { /* a second one: give up at once */
            signal(sig, SIG_DFL);
            raise(sig);
        }
        interrupted = 1;
        if (sig == SIGINT)
            got_sigint = 1;
        else
            got_quit_signal = sig;
    }
    char c = (char)sig;
    if (sig_pipe[1] >= 0 && write(sig_pipe[1], &c, 1) < 0) {
        /* the pipe is full: the loop will wake up anyway */
    }
    errno = saved;
}

/* the self-pipe (once) and the handlers: in batch mode Ctrl-C, SIGTERM,
 * SIGHUP and SIGPIPE, their system calls restarted as signal() does; for
 * the REPL the same, SIGWINCH and SIGCONT (fg after Ctrl-Z), which end
 * poll() */
static int signals_install(int batch)
{
    if (sig_pipe[0] < 0 && selfpipe_open(sig_pipe) < 0 && !batch)
        return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    batch_signals = batch;
    if (batch) {
        sa.sa_flags = SA_RESTART;
        int stops[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
        for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
            sigaction(stops[i], &sa, NULL);
        return 0;
    }
    int sigs[] = { SIGINT, SIGWINCH, SIGCONT, SIGTERM, SIGHUP, SIGPIPE };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaction(sigs[i], &sa, NULL);
    return 0;
}

/* the budget of a lesson's work (session.h, fe.budget): an alarm that
 * interrupts long work as Ctrl-C does */
static volatile sig_atomic_t budget_fired;

static void on_alarm(int sig)
{
    (void)sig;
    budget_fired = 1;
    interrupted = 1;
}

static void on_budget(void *ud, double seconds)
{
    (void)ud;
    if (seconds > 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        alarm((unsigned)(seconds + 0.999));
        return;
    }
    alarm(0);
    if (seconds < 0) {
        budget_fired = 1;
        interrupted = 1;
        return;
    }
    if (budget_fired && !got_sigint)
        interrupted = 0;                    /* the budget's interruption, not the user's */
    budget_fired = 0;
}

static void drain_pipe(void)
{
    char buf[64];
    while (sig_pipe[0] >= 0 && read(sig_pipe[0], buf, sizeof buf) > 0)
        ;
}

/* ------------------------------------------------------------------ */
/* the REPL's lines                                                    */

/* a typed line (or a key's command): "Enter goes on" in a lesson, errors
 * in the REPL's voice; a Ctrl-C that stopped long work is used up */
static void repl_line_run(const char *line)
{
    if (got_quit_signal)
        return;                             /* gradlab ends: no more work */
    interrupted = 0;
    got_sigint = 0;
    if (!line[strspn(line, " \t")] && lesson_waiting(L.S))
        line = "next";                      /* Enter goes on in a lesson (at a question: skips it) */
    if (typed_run(L.S, line) == -1)
        repl_error(L.S->err);
    fflush(stdout);
    if (interrupted && !got_quit_signal) {
        interrupted = 0;
        got_sigint = 0;
        drain_pipe();
    }
    window_changed();                       /* every command may change what it shows */
}

/* the window, opened after the first prompt (its code loads meanwhile) */
static void open_pending_window(int in_line)
{
    L.window_pending = 0;
    char err[256], msg[400];
    if (window_open(err, sizeof err) < 0) {
        snprintf(msg, sizeof msg, "gradlab: the window stays closed: %s (the REPL works without it)", err);
        in_line ? (void)fprintf(stderr, "%s\n", msg) : repl_message(msg);
    }
}

/* readline's finished line; NULL: Ctrl-D */
static void on_line(const char *line)
{
    if (!line) {
        if (undo_quit_asks(L.S)) {
            fflush(stdout);
            repl_install();     /* Ctrl-D once more leaves */
            return;
        }
        L.running = 0;
        return;
    }
    if (L.window_pending)
        open_pending_window(1);         /* the line runs with the window there */
    repl_line_run(line);
    if (L.S->quit || got_quit_signal) {
        repl_remove();
        L.running = 0;
    }
}

/* ------------------------------------------------------------------ */
/* the window, as a source                                             */

/* a key or gesture in the window means a command: it runs as if typed */
static void window_line(void *ud, const char *line)
{
    (void)ud;
    if (!L.repl) {
        if (typed_run(L.S, line) == -1) {
            fflush(stdout);
            fprintf(stderr, "gradlab: %s\n", L.S->err);
        }
        window_changed();
        return;
    }
    if (!repl_prompt_shown()) {
        repl_line_run(line);
        return;
    }
    repl_aside_begin(line, "from the window");
    repl_line_run(line);
    repl_aside_end(!L.S->quit);
    if (L.S->quit) {
        repl_remove();
        L.running = 0;
    }
}

/* the window's turn: open it when asked, its events (keys run commands),
 * then a frame when something changed */
static void window_turn(void)
{
    if (L.repl && !L.running)
        return;
    if (L.window_pending && !window_preload())
        open_pending_window(0);
    L.v->lesson_active = lesson_active(L.S);        /* Space: next in a lesson */
    if (window_is_open())
        window_events(window_line, preview_run, preview_prompt, L.S);
    const char *why = window_lost();
    if (why) {
        char msg[200];
        snprintf(msg, sizeof msg, "gradlab: the window is gone: %s; gradlab goes on", why);
        if (L.repl)
            repl_message(msg);
        else
            fprintf(stderr, "%s\n", msg);
    }
    if (L.repl && !L.running)
        return;
    if (window_is_open())
        window_update(L.S);
}

/* Wait for fd (stdin or a script; -1: none), a signal or the window (or its
 * code loading), as long as the window allows (it may say forever: then fd
 * or a signal must come). Drains the signal pipe; fd's revents, or -1. */
static int wait_sources(int fd)
{
    int timeout = L.window_pending && !window_preload() ? 0 : window_timeout_ms();
    struct pollfd fds[3] = {
        { fd, POLLIN, 0 }, { sig_pipe[0], POLLIN, 0 }, { window_fd(), POLLIN, 0 },
    };
    int r = poll(fds, 3, timeout);          /* negative descriptors are left out */
    if (r < 0 && errno != EINTR)
        return -1;
    if (fds[1].revents & POLLIN)
        drain_pipe();
    return r < 0 ? 0 : fds[0].revents;
}

/* ------------------------------------------------------------------ */
/* the training pump                                                   */

static void on_changed(void *ud)
{
    (void)ud;
    L.v->busy = 0;
    window_changed();
}

/* while training runs, the window shows it at most once a frame; keys
 * that mean a command wait (they are dropped: the REPL is busy too) */
static void drop_command(void *ud, const char *line)
{
    (void)ud;
    (void)line;
}

static double ms_between(const struct timespec *a, const struct timespec *b)
{
    return (b->tv_sec - a->tv_sec) * 1e3 + (b->tv_nsec - a->tv_nsec) / 1e6;
}

static void on_busy(void *ud, long done, long total)
{
    (void)ud;
    static struct timespec last;
    static double gap_ms = 16.0;
    static unsigned calls;
    L.v->busy = 1;
    L.v->busy_done = done;
    L.v->busy_total = total;
    /* work that prints nothing for long still ends when the reader of its
     * output has gone (| head -1): look now and then */
    if (!L.repl && ++calls % 64 == 0 && stdout_gone())
        on_signal(SIGPIPE);
    if (!window_is_open())
        return;
    struct timespec now, end;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (ms_between(&last, &now) < gap_ms)
        return;
    window_changed();
    window_events(drop_command, NULL, NULL, NULL);
    if (window_is_open())
        window_update(L.S);
    /* drawing takes at most a fifth of the time: the next frame waits four
     * times as long as this one took, and at least a frame (60 Hz) */
    clock_gettime(CLOCK_MONOTONIC, &end);
    double took = ms_between(&now, &end);
    gap_ms = took * 4 > 16.0 ? took * 4 : 16.0;
    last = end;
}

/* a command asks the window to show one of its views */
static void on_show(void *ud, const char *name)
{
    (void)ud;
    viewcmd_follow(L.v, name);
}

/* what the window draws, for the lesson checker */
static void on_drawn(void *ud, const struct session *S, char *buf, size_t n)
{
    (void)ud;
    scene_texts(S, L.v, buf, n);
}

/* the window is there, or opens at the REPL's first prompt */
static int on_window_shown(void *ud)
{
    (void)ud;
    return L.window_pending || window_is_open();
}

static int on_source(void *ud, const char *name, const char *text, size_t n);
__attribute__((format(printf, 3, 4))) static int line_error(const char *name, long lineno, const char *fmt, ...);

/* a command failed inside a line whose other commands go on: the error
 * now, in the voice of the REPL or of the script (a sourced file's too);
 * 1: the line goes on, 0: it stops (--bail) */
static int on_error(void *ud, const char *msg)
{
    (void)ud;
    if (L.at_name)
        return !line_error(L.at_name, L.at_line, "%s", msg);
    if (L.repl) {
        repl_error(msg);
        return 1;
    }
    fflush(stdout);
    fprintf(stderr, "gradlab: %s\n", msg);
    L.failed = 1;
    return !L.bail;
}

void loop_init(struct session *S, struct view_state *v)
{
    L.S = S;
    L.v = v;
    S->interrupt = &interrupted;
    S->fe.changed = on_changed;
    S->fe.busy = on_busy;
    S->fe.show = on_show;
    S->fe.drawn = on_drawn;
    S->fe.window_shown = on_window_shown;
    S->fe.budget = on_budget;
    S->fe.error = on_error;
    S->fe.source = on_source;
}

/* ------------------------------------------------------------------ */
/* batch mode                                                          */

/* stdout flushed: 0, or 1 when a write to it failed (/dev/full), said
 * once; the run then stops and ends with status 1 */
static int output_failed(void)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    if (!L.out_failed) {
        int e = errno;
        fprintf(stderr, "gradlab: cannot write the output: %s\n", e ? strerror(e) : "a write failed");
        L.out_failed = 1;
    }
    L.failed = 1;
    return 1;
}

/* the error of a script's line NAME:LINE: on stderr after "gradlab: ",
 * and the run's exit status becomes 1; in the REPL (a file sourced there,
 * the start-up file) in the REPL's voice. Returns 1 to stop (--bail). */
__attribute__((format(printf, 3, 4))) static int line_error(const char *name, long lineno, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fflush(stdout);
    if (L.repl) {
        char line[1400];
        snprintf(line, sizeof line, "%s:%ld: %s", name, lineno, msg);
        repl_error(line);
        return 0;
    }
    fprintf(stderr, "gradlab: %s:%ld: %s\n", name, lineno, msg);
    if (!L.init)
        L.failed = 1;
    return L.bail;
}

/* one line of a script ran; 1 to stop (quit, --bail, or a signal: the
 * rest of the run is not done). A sourced line runs as a command (a
 * lesson's answer or the record's block is the `source` line's). */
static int batch_line(const char *name, long lineno, const char *line)
{
    if (!interrupted && stdout_gone())
        on_signal(SIGPIPE);
    if (interrupted) {
        batch_stopped = 1;
        return 1;
    }
    /* the line running (a sourced file's nests in its caller's) */
    const char *outer_name = L.at_name;
    long outer_line = L.at_line;
    L.at_name = name;
    L.at_line = lineno;
    int rc = L.sourcing ? command_run(L.S, line) : typed_run(L.S, line);
    L.at_name = outer_name;
    L.at_line = outer_line;
    if (got_quit_signal == SIGPIPE) {
        batch_stopped = 1;          /* no one reads what it said */
        return 1;
    }
    /* -2 (COMMAND_SHOWN): on_error said it all, and stopped the line */
    if (rc == -1 && line_error(name, lineno, "%s", L.S->err))
        return 1;
    if (rc == -2 && !L.repl && L.bail)
        return 1;
    if (output_failed())
        return 1;
    if (interrupted) {
        batch_stopped = 1;
        return 1;
    }
    /* a script may drive a window for a class: keep it drawn */
    window_changed();
    window_turn();
    return L.S->quit;
}

/* the held lines of a paste that cannot go on: one line runs as it is,
 * more give err; 1 to stop */
static int batch_flush(const char *name, const char *run, const char *err)
{
    if (run)
        return batch_line(name, L.paste_line, run);
    return line_error(name, L.paste_line, "%s", err);
}

/* a line of a script, or of a value pasted across lines (paste.h); 1 to stop */
static int batch_take(const char *name, long lineno, const char *line)
{
    const char *run;
    char err[200];
    if (!L.paste.pending)
        L.paste_line = lineno;
    int r = paste_feed(&L.paste, line, &run, err, sizeof err);
    if (r == PASTE_FLUSH) {
        if (batch_flush(name, run, err))
            return 1;
        L.paste_line = lineno;
        r = paste_feed(&L.paste, line, &run, err, sizeof err);
    }
    if (r == PASTE_MORE)
        return 0;
    return batch_flush(name, run, err);
}

/* the input ended: a paste still open gives its error; 1 to stop */
static int batch_end(const char *name)
{
    const char *run;
    char err[200];
    int stop = paste_end(&L.paste, &run, err, sizeof err) ? batch_flush(name, run, err) : 0;
    paste_release(&L.paste);
    return stop;
}

/* a line as read (n bytes, its '\n' included): refused when too long or
 * holding a NUL byte, else run without its line end; 1 to stop */
static int batch_read_line(const char *name, long lineno, char *line, size_t n)
{
    if (n > LINE_MAX_BYTES)
        return line_error(name, lineno, TOO_LONG, LINE_MAX_BYTES);
    if (strlen(line) != n)
        return line_error(name, lineno, "the line holds a NUL byte");
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return batch_take(name, lineno, line);
}

/* the lines of fd as they come; between them, and while none has come,
 * the window and the signals are served */
static int batch_fd(int fd, const char *name)
{
    struct reader r = { .fd = fd };
    long lineno = 0;
    int stop = 0;
    while (!stop) {
        if (interrupted) {
            batch_stopped = stop = 1;
            break;
        }
        size_t n;
        char *line = reader_line(&r, &n);
        if (line) {
            stop = batch_read_line(name, ++lineno, line, n);
            continue;
        }
        if (r.too_long) {
            r.too_long = 0;
            stop = line_error(name, ++lineno, TOO_LONG, LINE_MAX_BYTES);
            continue;
        }
        if (r.eof) {
            if (r.err) {
                fflush(stdout);
                fprintf(stderr, "gradlab: %s: cannot read: %s\n", name, strerror(r.err));
                L.failed = 1;
            }
            stop = batch_end(name) || (r.err && L.bail);
            break;
        }
        int rev = wait_sources(fd);
        window_turn();
        if (rev < 0 || (rev & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
            reader_fill(&r);
    }
    reader_free(&r);
    return stop;
}

void loop_sandbox(struct file_policy *p)
{
    sandbox_confine(p);
    L.sandbox = p;
    L.S->policy = p;
}

void loop_batch_begin(int bail)
{
    L.bail = bail;
    signals_install(1);
}

int loop_batch_failed(void)
{
    return L.failed;
}

int loop_batch_signal(void)
{
    if (!batch_stopped)
        return 0;
    return got_quit_signal ? got_quit_signal : SIGINT;
}

void loop_batch_resume(void)
{
    batch_stopped = 0;
    interrupted = 0;
    got_sigint = 0;
    drain_pipe();
}

int loop_batch_file(const char *path)
{
    if (strcmp(path, "-") == 0)
        return batch_fd(STDIN_FILENO, "<stdin>");
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "gradlab: '%s' is a directory\n", path);
        L.failed = 1;
        return L.bail;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "gradlab: cannot open '%s': %s\n", path, strerror(errno));
        L.failed = 1;
        return L.bail;
    }
    sandbox_home(L.sandbox, path);
    int stop = batch_fd(fd, path);
    sandbox_home(L.sandbox, NULL);
    close(fd);
    return stop;
}

int loop_batch_session(const char *path)
{
    if (sessfile_load(L.S, path) < 0) {
        fflush(stdout);
        fprintf(stderr, "gradlab: %s\n", L.S->err);
        L.failed = 1;
        return L.bail;
    }
    fprintf(L.S->out, "loaded the session %s\n", path);
    fflush(L.S->out);
    window_changed();
    window_turn();
    return 0;
}

/* -c text: lines split at newlines; ';' is handled by command_run */
int loop_batch_text(const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return 1;
    long lineno = 0;
    int stop = 0;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line && !stop; line = strtok_r(NULL, "\n", &save))
        stop = batch_take("-c", ++lineno, line);
    if (!stop)
        stop = batch_end("-c");
    free(copy);
    return stop;
}

/* ------------------------------------------------------------------ */
/* source, and the start-up file                                       */

/* `source` (session.h): the n bytes of text, read from the file name, line
 * by line as a script's; the paste state of the script that sourced it is
 * kept aside (it holds no paste: its `source` line was whole) */
static int source_line(void *name, long lineno, char *line, size_t len)
{
    return batch_read_line(name, lineno, line, len);
}

static int on_source(void *ud, const char *name, const char *text, size_t n)
{
    (void)ud;
    struct paste_lines outer = L.paste;
    long outer_line = L.paste_line, lineno = 0;
    memset(&L.paste, 0, sizeof L.paste);
    L.sourcing++;
    int stop = reader_text(text, n, &lineno, source_line, (void *)name);
    if (stop < 0) {
        line_error(name, lineno + 1, "out of memory for the line");
        stop = 1;
    }
    if (!stop)
        stop = batch_end(name);
    paste_release(&L.paste);
    L.sourcing--;
    L.paste = outer;
    L.paste_line = outer_line;
    if (!stop || L.S->quit)
        return 0;
    if (interrupted) {
        if (L.repl)
            batch_stopped = 0;      /* the REPL takes the next line */
        return session_error(L.S, "source: '%s' stopped at line %ld (interrupted)", name, lineno);
    }
    return session_error(L.S, "source: '%s' stopped at line %ld (--bail)", name, lineno);
}

void loop_start_file(const char *path)
{
    L.init_file = path;
}

/* the start-up file, when there is one: as `source` runs it, the user's
 * own (no policy confines it) */
static void run_start_file(void)
{
    const char *path = L.init_file;
    struct stat st;
    if (!path || (stat(path, &st) != 0 && errno == ENOENT))
        return;
    char *text = NULL, err[400];
    size_t len = 0;
    int rc = file_read_all(NULL, path, SOURCE_MAX_BYTES, &text, &len, err, sizeof err);
    L.init = 1;
    if (rc != 0)
        line_error(path, 0, "%s", rc == 1 ? "larger than 16 MiB: not run" : err);
    else if (on_source(NULL, path, text, len) < 0)
        repl_error(L.S->err);
    L.init = 0;
    free(text);
    fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* the REPL                                                            */

int loop_repl(const char *first_line, int open_window)
{
    L.repl = 1;
    L.S->interactive = 1;
    if (signals_install(0) < 0) {
        fprintf(stderr, "gradlab: cannot set up signals: %s\n", strerror(errno));
        return 1;
    }
    repl_start(L.S, on_line);
    L.window_pending = open_window;
    run_start_file();
    if (first_line)
        repl_line_run(first_line);
    repl_install();
    L.running = !got_quit_signal;
    while (L.running) {
        status_reclaim();                   /* the prompt is up: what a stop kept goes now */
        int rev = wait_sources(STDIN_FILENO);
        if (rev < 0 || got_quit_signal)
            break;
        if (got_sigcont) {
            got_sigcont = 0;
            repl_continued();
        }
        if (got_sigwinch) {
            got_sigwinch = 0;
            repl_resize();
        }
        if (got_sigint) {
            /* Ctrl-C at the prompt: drop the line, show a fresh prompt */
            got_sigint = 0;
            interrupted = 0;
            repl_cancel_line();
        }
        if (rev & POLLIN)
            repl_read_char();
        else if (rev & (POLLHUP | POLLERR | POLLNVAL))
            break;
        window_turn();
    }
    repl_remove();
    repl_save_history();
    if (got_quit_signal)
        fputc('\n', stdout);
    fflush(stdout);
    /* ended by a signal: the status says which, as a shell's does */
    return got_quit_signal ? 128 + got_quit_signal : 0;
}
