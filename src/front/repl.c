/* repl: the readline seam. See repl.h.
 *
 * Readline's callback interface: the loop polls stdin and hands each
 * readable character to rl_callback_read_char, which calls on_line with
 * each finished line. Nothing blocks, so the window and the signals are
 * served by the same loop. */
#include "repl.h"
#include "history.h"
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "command.h"
#include "paste.h"
#include "lesson.h"
#include "session.h"
#include "values.h"
#include "window.h"

#define PROMPT "gradlab> "
#define PROMPT_MORE "    ...> "      /* a value pasted across lines goes on */

static void (*line_fn)(const char *line);
static int handler_installed;
static int use_color;
static char history_file[1024];
static int progress_shown = -1;
static struct paste_lines pasted;          /* the lines of a paste so far */

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

void repl_save_history(void)
{
    history_save();
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

/* after a command's first argument, its fixed words still offered: the
 * options (KEY=VALUE) whose KEY is not on the line yet. The first word
 * is not offered again: 'jacobian check ' completes to nothing, not to
 * 'jacobian check check'. */
static const char *const *options_left(const char *const *list, char **typed, int nw)
{
    static const char *left[32];
    int n = 0;
    for (int i = 0; list && list[i] && n < 31; i++) {
        const char *eq = strchr(list[i], '=');
        if (!eq)
            continue;
        size_t key = (size_t)(eq - list[i]) + 1;
        int used = 0;
        for (int k = 1; k < nw; k++)
            used |= !strncmp(typed[k], list[i], key);
        if (!used)
            left[n++] = list[i];
    }
    left[n] = NULL;
    return left;
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
        case COMPLETE_LESSON: comp_list = lesson_names(); break;
        case COMPLETE_FILE:
            rl_attempted_completion_over = 0;
            return rl_completion_matches(text, rl_filename_completion_function);
        default: return NULL;
        }
        if (c->complete == COMPLETE_NAME || nw == 1)
            return rl_completion_matches(text, comp_generator);
    }
    if (c->complete == COMPLETE_WORDS) {
        comp_list = options_left(c->words, words, nw);
        return rl_completion_matches(text, comp_generator);
    }
    return NULL;
}

/* ---------------------------------------------------------------- */
/* lines                                                              */

void repl_error(const char *msg)
{
    fflush(stdout);
    if (use_color)
        fprintf(stderr, "\033[1;31merror:\033[0m %s\n", msg);
    else
        fprintf(stderr, "error: %s\n", msg);
}

static int progress_len;         /* the characters of the line shown */

/* "[#####.....]  42% train (Ctrl-C stops)" in one line of the terminal
 * (narrower terminals get a shorter bar, then no hint, then the start of
 * it), written over itself with a carriage return: no escape sequence,
 * so a dumb terminal shows it as well */
static void progress(void *ud, double frac, const char *what)
{
    (void)ud;
    int pct = (int)(frac * 100.0);
    if (pct == progress_shown)
        return;
    progress_shown = pct;
    int rows = 0, cols = 0;
    rl_get_screen_size(&rows, &cols);
    if (cols <= 1)
        cols = 80;
    char tail[96], line[256];
    snprintf(tail, sizeof tail, " %3d%% %s (Ctrl-C stops)", pct, what);
    int room = cols - 1 - (int)strlen(tail) - 2;        /* the bar's inside */
    if (room < 10) {                                    /* no hint, then */
        snprintf(tail, sizeof tail, " %3d%% %s", pct, what);
        room = cols - 1 - (int)strlen(tail) - 2;
    }
    int w = room > 30 ? 30 : room, n = 0;
    if (w >= 4) {
        line[n++] = '[';
        for (int i = 0; i < w; i++)
            line[n++] = i < (int)(frac * w) ? '#' : '.';
        line[n++] = ']';
    }
    snprintf(line + n, sizeof line - (size_t)n, "%s", w >= 4 ? tail : tail + 1);
    if ((int)strlen(line) > cols - 1)
        line[cols - 1 > 0 ? cols - 1 : 0] = '\0';
    int len = (int)strlen(line);
    fprintf(stdout, "\r%s%*s", line, progress_len > len ? progress_len - len : 0, "");
    progress_len = len > progress_len ? len : progress_len;
    fflush(stdout);
}

static void progress_done(void *ud)
{
    (void)ud;
    if (progress_shown >= 0)
        fprintf(stdout, "\r%*s\r", progress_len, "");
    progress_shown = -1;
    progress_len = 0;
    fflush(stdout);
}

/* printing while the prompt is shown: put the half-typed line aside and
 * clear it (line_aside), print, then bring it back as it was (line_back) */
struct typed {
    char *text;
    int point;
};
static struct typed aside;

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
    rl_set_prompt(pasted.pending ? PROMPT_MORE : PROMPT);
    rl_replace_line(t->text ? t->text : "", 0);
    rl_point = t->point;
    rl_forced_update_display();
    free(t->text);
    t->text = NULL;
}

void repl_aside_begin(const char *line, const char *origin)
{
    aside = line_aside();
    printf("\r%s%s   (%s)\n", PROMPT, line, origin);
}

void repl_aside_end(int keep)
{
    if (keep) {
        line_back(&aside);
        return;
    }
    free(aside.text);
    aside.text = NULL;
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

/* a whole line (or paste) to run: into the history, then to the loop */
static void take_line(const char *line)
{
    history_add(line);
    line_fn(line);
}

/* the held lines of a paste that cannot go on: one runs as it is, more
 * are one error */
static void flush_paste(const char *run, const char *err)
{
    if (run)
        take_line(run);
    else
        repl_error(err);
}

static void on_line(char *line)
{
    const char *run;
    char err[200];
    if (!line) {                            /* Ctrl-D on an empty line */
        if (paste_end(&pasted, &run, err, sizeof err)) {
            fputc('\n', stdout);            /* a paste held: it ends, gradlab does not */
            rl_set_prompt(PROMPT);
            flush_paste(run, err);
            return;
        }
        repl_remove();
        fputc('\n', stdout);
        line_fn(NULL);
        return;
    }
    int r = paste_feed(&pasted, line, &run, err, sizeof err);
    if (r == PASTE_FLUSH) {
        flush_paste(run, err);
        r = paste_feed(&pasted, line, &run, err, sizeof err);
    }
    rl_set_prompt(r == PASTE_MORE ? PROMPT_MORE : PROMPT);
    if (r == PASTE_RUN)
        flush_paste(run, err);
    free(line);
}

/* ---------------------------------------------------------------- */
/* the callback interface                                             */

void repl_install(void)
{
    rl_callback_handler_install(PROMPT, on_line);
    handler_installed = 1;
}

/* stop readline before the prompt is drawn again; safe to call twice */
void repl_remove(void)
{
    if (handler_installed)
        rl_callback_handler_remove();
    handler_installed = 0;
}

int repl_prompt_shown(void)
{
    return handler_installed;
}

void repl_read_char(void)
{
    window_typed();             /* a key typed hides the window's hover tip */
    rl_callback_read_char();
}

void repl_resize(void)
{
    rl_resize_terminal();
}

void repl_continued(void)
{
    /* the shell had the terminal while gradlab was stopped: readline's
     * settings again, and the prompt with what was typed */
    rl_deprep_terminal();
    rl_prep_terminal(1);
    rl_forced_update_display();
}

void repl_prefill(const char *text)
{
    rl_replace_line(text, 0);
    rl_point = rl_end;
    rl_redisplay();
}

void repl_cancel_line(void)
{
    paste_drop(&pasted);                    /* a paste under way is dropped too */
    rl_set_prompt(PROMPT);
    fputs("^C\n", stdout);
    rl_replace_line("", 0);
    rl_on_new_line();
    rl_redisplay();
}

/* `history` (session.h): the i-th line, numbered as readline numbers it */
static const char *history_line(void *ud, int i, int *number)
{
    (void)ud;
    HIST_ENTRY **list = history_list();
    if (!list || i < 0 || i >= history_length)
        return NULL;
    *number = i + history_base;
    return list[i]->line;
}

void repl_start(struct session *S, void (*fn)(const char *line))
{
    line_fn = fn;
    /* no-color.org: only a NO_COLOR that is set and not empty turns colour off */
    const char *nc = getenv("NO_COLOR");
    use_color = !(nc && *nc) && isatty(STDERR_FILENO) && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
    S->fe.progress = progress;
    S->fe.progress_done = progress_done;
    S->fe.history = history_line;

    rl_readline_name = "gradlab";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n;=,[]";
    rl_variable_bind("enable-bracketed-paste", "off");
    using_history();
    stifle_history(HISTORY_LINES);
    repl_history_path(history_file, sizeof history_file);
    history_load(history_file);

    printf("gradlab %s: backpropagation through a softmax, number by number\n"
           "type 'help' for the commands, or try: logits 2 1 0.1\n", GRADLAB_VERSION);
    fflush(stdout);
}
