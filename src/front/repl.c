/* repl: the interactive front end. See repl.h.
 *
 * One thread, one loop: poll() waits on stdin and on a self-pipe that the
 * signal handlers write to; a readable stdin goes to rl_callback_read_char,
 * which calls on_line with each finished line. Nothing blocks, so the
 * window can be drained and drawn in the same loop. */
#include "repl.h"
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "command.h"
#include "lesson.h"
#include "typed.h"
#include "values.h"

#define HISTORY_LINES 1000
#define PROMPT "gradlab> "

static struct session *repl_S;
static volatile sig_atomic_t *repl_interrupt;
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t got_sigint, got_sigwinch, got_quit_signal;
static int running;
static int handler_installed;

/* stop readline before the prompt is drawn again; safe to call twice */
static void remove_handler(void)
{
    if (handler_installed)
        rl_callback_handler_remove();
    handler_installed = 0;
}
static int use_color;
static char history_file[1024];
static int progress_shown = -1;

/* ---------------------------------------------------------------- */
/* signals                                                            */

static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGINT) {
        got_sigint = 1;
        if (repl_interrupt)
            *repl_interrupt = 1;
    } else if (sig == SIGWINCH) {
        got_sigwinch = 1;
    } else {
        got_quit_signal = sig;
    }
    char c = (char)sig;
    if (write(sig_pipe[1], &c, 1) < 0) {
        /* the pipe is full: the loop will wake up anyway */
    }
    errno = saved;
}

static int install_signals(void)
{
    if (pipe(sig_pipe) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGINT, SIGWINCH, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaction(sigs[i], &sa, NULL);
    return 0;
}

static void drain_pipe(void)
{
    char buf[64];
    while (read(sig_pipe[0], buf, sizeof buf) > 0)
        ;
}

/* ---------------------------------------------------------------- */
/* history                                                            */

void repl_history_path(char *buf, size_t size)
{
    const char *env = getenv("GRADLAB_HISTORY");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return;
    }
    state_path(buf, size, "history");
}

/* write the history atomically: a temporary file, then rename */
static void save_history(void)
{
    if (!history_file[0])
        return;
    if (path_is_special(history_file)) {       /* GRADLAB_HISTORY=/dev/null */
        write_history(history_file);
        return;
    }
    make_parent_dirs(history_file);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", history_file, (long)getpid());
    if (write_history(tmp) == 0 && rename(tmp, history_file) == 0)
        return;
    unlink(tmp);
    fprintf(stderr, "gradlab: cannot save the history to '%s'\n", history_file);
}

/* ---------------------------------------------------------------- */
/* completion, driven by the command table                             */

static const char *const *comp_list;       /* the candidates of this completion */
static int comp_commands;                  /* also offer the command names */

static char *comp_generator(const char *text, int state)
{
    static int ci, vi;
    size_t len = strlen(text);
    if (state == 0)
        ci = vi = 0;
    while (comp_commands && ci < n_commands) {
        const char *name = commands[ci++].name;
        if (!strncmp(name, text, len))
            return strdup(name);
    }
    while (comp_list && comp_list[vi]) {
        const char *name = comp_list[vi++];
        if (!strncmp(name, text, len))
            return strdup(name);
    }
    return NULL;
}

/* the word of the usage string at argument position pos ("NAME", "FILE.csv"...) */
static const char *usage_word(const struct command *c, int pos, char *buf, size_t size)
{
    const char *p = c->usage;
    for (int i = 0; i <= pos; i++) {
        p = strchr(p, ' ');
        if (!p)
            return NULL;
        p++;
    }
    size_t n = strcspn(p, " ");
    snprintf(buf, size, "%.*s", (int)n, p);
    return buf;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;       /* no filename fallback unless chosen */
    comp_list = NULL;
    comp_commands = 0;
    /* the command being typed starts after the last ';' before the word */
    int cmd_start = start;
    while (cmd_start > 0 && rl_line_buffer[cmd_start - 1] != ';')
        cmd_start--;
    char head[256];
    int n = start - cmd_start;
    if (n >= (int)sizeof head)
        n = (int)sizeof head - 1;
    memcpy(head, rl_line_buffer + cmd_start, (size_t)n);
    head[n] = '\0';
    /* the words before this one */
    char *words[16];
    int nw = 0;
    for (char *tok = strtok(head, " \t"); tok && nw < 16; tok = strtok(NULL, " \t"))
        words[nw++] = tok;
    if (nw == 0) {
        comp_commands = 1;
        comp_list = value_names();
        return rl_completion_matches(text, comp_generator);
    }
    if (nw >= 2 && !strcmp(words[nw - 1], "="))
        return NULL;
    const struct command *c = command_find(words[0]);
    if (!c)
        return NULL;
    char buf[64];
    const char *w = usage_word(c, nw - 1, buf, sizeof buf);
    if (w && strstr(w, "FILE")) {
        rl_attempted_completion_over = 0;
        return rl_completion_matches(text, rl_filename_completion_function);
    }
    if (nw == 1 || (w && strstr(w, "NAME"))) {
        switch (c->complete) {
        case COMPLETE_NAME: comp_list = value_names(); break;
        case COMPLETE_WORDS: comp_list = c->words; break;
        case COMPLETE_COMMAND: comp_commands = 1; comp_list = value_names(); break;
        case COMPLETE_FILE:
            rl_attempted_completion_over = 0;
            return rl_completion_matches(text, rl_filename_completion_function);
        default: return NULL;
        }
        if (c->complete == COMPLETE_NAME || nw == 1)
            return rl_completion_matches(text, comp_generator);
    }
    if (c->complete == COMPLETE_WORDS) {
        comp_list = c->words;
        return rl_completion_matches(text, comp_generator);
    }
    return NULL;
}

/* ---------------------------------------------------------------- */
/* lines                                                              */

static void print_error(const char *msg)
{
    fflush(stdout);
    if (use_color)
        fprintf(stderr, "\033[1;31merror:\033[0m %s\n", msg);
    else
        fprintf(stderr, "error: %s\n", msg);
}

static void progress(void *ud, double frac, const char *what)
{
    (void)ud;
    int pct = (int)(frac * 100.0);
    if (pct == progress_shown)
        return;
    progress_shown = pct;
    char bar[31];
    int fill = (int)(frac * 30.0);
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stdout, "\r[%s] %3d%% %s (Ctrl-C stops)", bar, pct, what);
    fflush(stdout);
}

static void progress_done(void *ud)
{
    (void)ud;
    if (progress_shown >= 0)
        fputs("\r\033[K", stdout);
    progress_shown = -1;
    fflush(stdout);
}

static const struct repl_side *side;

static void run_command(const char *line)
{
    *repl_interrupt = 0;
    got_sigint = 0;
    if (typed_run(repl_S, line) < 0)
        print_error(repl_S->err);
    fflush(stdout);
    /* a Ctrl-C that stopped long work is used up */
    if (*repl_interrupt) {
        *repl_interrupt = 0;
        got_sigint = 0;
        drain_pipe();
    }
    if (side && side->after_command)
        side->after_command(side->ud);
}

/* printing while the prompt is shown: put the half-typed line aside and
 * clear it (line_aside), print, then bring it back as it was (line_back) */
struct typed {
    char *text;
    int point;
};

static struct typed line_aside(void)
{
    struct typed t = { rl_copy_text(0, rl_end), rl_point };
    rl_set_prompt("");
    rl_replace_line("", 0);
    rl_redisplay();
    return t;
}

static void line_back(struct typed *t)
{
    rl_set_prompt(PROMPT);
    rl_replace_line(t->text ? t->text : "", 0);
    rl_point = t->point;
    rl_forced_update_display();
    free(t->text);
    t->text = NULL;
}

void repl_run_line(const char *line, const char *origin)
{
    if (!handler_installed) {
        run_command(line);
        return;
    }
    struct typed t = line_aside();
    printf("\r%s%s   (%s)\n", PROMPT, line, origin);
    if (!*line && lesson_at_pause(repl_S))
        run_command("next");                /* Enter goes on in a lesson */
    else
        run_command(line);
    if (repl_S->quit) {
        free(t.text);
        remove_handler();
        running = 0;
    } else {
        line_back(&t);
    }
}

void repl_message(const char *msg)
{
    if (!handler_installed) {
        fflush(stdout);
        fprintf(stderr, "%s\n", msg);
        return;
    }
    struct typed t = line_aside();
    fflush(stdout);
    fprintf(stderr, "\r%s\n", msg);
    line_back(&t);
}

static void on_line(char *line)
{
    if (!line) {                            /* Ctrl-D on an empty line */
        remove_handler();
        fputc('\n', stdout);
        running = 0;
        return;
    }
    if (*line) {
        HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
        if (!last || strcmp(last->line, line) != 0)
            add_history(line);
    }
    if (!*line && lesson_at_pause(repl_S))
        run_command("next");                /* Enter goes on in a lesson */
    else
        run_command(line);
    if (repl_S->quit) {
        remove_handler();
        running = 0;
    }
    free(line);
}

int repl_run(struct session *S, volatile sig_atomic_t *interrupt, const struct repl_side *sd,
             const char *first_line)
{
    side = sd;
    repl_S = S;
    repl_interrupt = interrupt;
    S->interrupt = interrupt;
    use_color = !getenv("NO_COLOR") && isatty(STDERR_FILENO) &&
                !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
    S->fe.progress = progress;
    S->fe.progress_done = progress_done;
    if (install_signals() < 0) {
        fprintf(stderr, "gradlab: cannot set up signals: %s\n", strerror(errno));
        return 1;
    }

    rl_readline_name = "gradlab";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n;=,[]";
    rl_variable_bind("enable-bracketed-paste", "off");
    using_history();
    stifle_history(HISTORY_LINES);
    repl_history_path(history_file, sizeof history_file);
    read_history(history_file);

    printf("gradlab %s: backpropagation through a softmax, number by number\n"
           "type 'help' for the commands, or try: logits 2 1 0.1\n", GRADLAB_VERSION);
    fflush(stdout);
    if (first_line)
        run_command(first_line);
    rl_callback_handler_install(PROMPT, on_line);
    handler_installed = 1;
    running = 1;
    while (running) {
        struct pollfd fds[3] = { { STDIN_FILENO, POLLIN, 0 }, { sig_pipe[0], POLLIN, 0 }, { -1, POLLIN, 0 } };
        if (side && side->fd)
            fds[2].fd = side->fd(side->ud);
        int timeout = side && side->timeout_ms ? side->timeout_ms(side->ud) : -1;
        int r = poll(fds, fds[2].fd >= 0 ? 3 : 2, timeout);
        if (r < 0 && errno != EINTR)
            break;
        if (got_quit_signal)
            break;
        if (got_sigwinch) {
            got_sigwinch = 0;
            rl_resize_terminal();
        }
        if (fds[1].revents & POLLIN)
            drain_pipe();
        if (got_sigint) {
            /* Ctrl-C at the prompt: drop the line, show a fresh prompt */
            got_sigint = 0;
            *interrupt = 0;
            fputs("^C\n", stdout);
            rl_replace_line("", 0);
            rl_on_new_line();
            rl_redisplay();
        }
        if (fds[0].revents & POLLIN)
            rl_callback_read_char();
        else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            break;
        /* the window: its events (keys run commands), then a frame if needed */
        if (running && side && side->events)
            side->events(side->ud);
        if (running && side && side->update)
            side->update(side->ud);
    }
    remove_handler();
    save_history();
    if (got_quit_signal)
        fputc('\n', stdout);
    fflush(stdout);
    return 0;
}
