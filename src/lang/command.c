/* command: the command language's dispatch, help and suggestions. See
 * command.h. The table itself is the application's (src/front/table.c):
 * its rows name handlers of every layer, the lesson's and the window's
 * too, which this layer may not include.
 *
 * Every handler checks all of its input before it changes the session,
 * so a command that fails leaves the state exactly as it was. */
#include "command.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "assign.h"
#include "undo.h"
#include "print.h"
#include "record.h"
#include "names.h"
#include "values.h"

#define MAX_ARGS 64

/* ---------------------------------------------------------------- */
/* the table, help and quit                                           */

const struct command *command_find(const char *name)
{
    for (int i = 0; i < n_commands; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

int cmd_help(struct session *S, int argc, char **argv)
{
    FILE *f = S->out;
    if (argc > 2)
        return session_error(S, "usage: help [COMMAND|NAME]");
    if (argc == 1) {
        fprintf(f, "commands (help COMMAND for more):\n");
        for (int i = 0; i < n_commands; i++)
            fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
        fprintf(f, "values: NAME shows one, NAME = [...] sets x y W1 b1 W2 b2 z reg\n  ");
        const char *const *names = value_names();
        for (int i = 0; names[i]; i++)
            fprintf(f, "%s%s", names[i], names[i + 1] ? " " : "\n");
        fprintf(f, "a line may hold several commands: a; b; c ('#' starts a comment); a command\n"
                   "that fails changes nothing, and the rest of the line still runs\n");
        return 0;
    }
    const struct command *c = command_find(argv[1]);
    if (c) {
        fprintf(f, "usage: %s\n  %s\n", c->usage, c->summary);
        if (c->help)
            fprintf(f, "  %s\n", c->help);
        fprintf(f, "example: %s\n", c->example);
        return 0;
    }
    if (value_known(argv[1])) {
        const char *formula = value_formula(S, argv[1]);
        fprintf(f, "%s: %s\n", argv[1], value_words(argv[1]));
        if (formula)
            fprintf(f, "  %s\n", formula);
        return 0;
    }
    const char *guess = names_suggest(argv[1]);
    if (guess)
        return session_error(S, "help: no command or value '%s' (did you mean '%s'?)", argv[1], guess);
    return session_error(S, "help: no command or value '%s'", argv[1]);
}


int cmd_quit(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0)
        return -1;
    int taken = S->take_quit ? S->take_quit(S) : 0;     /* the lesson first, then gradlab */
    if (taken)
        return taken < 0 ? -1 : 0;
    if (!undo_quit_asks(S))
        S->quit = 1;
    return 0;
}

int cmd_quit_now(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0)
        return -1;
    if (S->depth > 1)
        return session_error(S, "quit! leaves gradlab: type it yourself");
    S->quit = 1;
    return 0;
}


/* ---------------------------------------------------------------- */
/* the parser                                                         */

/* split one command into words: blanks separate, except inside brackets */
int command_words(char *s, char **argv, int max)
{
    int argc = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            return argc;
        if (argc == max)
            return -1;
        argv[argc++] = s;
        int depth = 0;
        while (*s && (depth > 0 || (*s != ' ' && *s != '\t'))) {
            if (*s == '[')
                depth++;
            else if (*s == ']' && depth > 0)
                depth--;
            s++;
        }
        if (*s)
            *s++ = '\0';
    }
}

static int split_words(struct session *S, char *s, char **argv)
{
    int argc = command_words(s, argv, MAX_ARGS);
    if (argc < 0)
        return session_error(S, "too many words (the limit is %d)", MAX_ARGS);
    return argc;
}

/* a command whose arguments are a list of numbers (logits, predict):
 * argv = { the command, the rest of the line } (or the command alone),
 * so that a list is not held to the word limit; 0 for other lines */
static int list_words(char *s, char **argv)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strcspn(s, " \t");
    char save = *end;
    *end = '\0';
    const struct command *c = command_find(s);
    *end = save;
    if (!c || c->complete != COMPLETE_NUMBERS)
        return 0;
    argv[0] = s;
    if (!*end)
        return 1;
    *end++ = '\0';
    while (*end == ' ' || *end == '\t')
        end++;
    size_t n = strlen(end);
    while (n > 0 && (end[n - 1] == ' ' || end[n - 1] == '\t'))
        end[--n] = '\0';
    argv[1] = end;
    return n ? 2 : 1;
}

static int is_name(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

/* one command (no ';' in it) */
static int run_one(struct session *S, char *cmd)
{
    /* NAME = LITERAL */
    char *eq = strchr(cmd, '=');
    if (eq) {
        char *a = cmd;
        while (*a == ' ' || *a == '\t')
            a++;
        char *b = eq;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (is_name(a, (size_t)(b - a))) {
            char name[32];
            if ((size_t)(b - a) >= sizeof name)
                return session_error(S, "unknown name '%.20s...'", a);
            memcpy(name, a, (size_t)(b - a));
            name[b - a] = '\0';
            if (!command_find(name))
                return assign_text(S, name, eq + 1);
        }
        /* NAME[i] = NUMBER, NAME[i][j] = NUMBER */
        char lhs[64], ename[32];
        long idx[2];
        if ((size_t)(b - a) < sizeof lhs && b > a && strchr(a, '[') && strchr(a, '[') < b) {
            memcpy(lhs, a, (size_t)(b - a));
            lhs[b - a] = '\0';
            if (value_parse_ref(lhs, ename, sizeof ename, idx) > 0)
                return assign_entry(S, lhs, eq + 1);
        }
    }
    char *argv[MAX_ARGS + 1];
    int argc = list_words(cmd, argv);
    if (argc == 0)
        argc = split_words(S, cmd, argv);
    if (argc < 0)
        return -1;
    if (argc == 0)
        return 0;
    argv[argc] = NULL;
    const struct command *c = command_find(argv[0]);
    if (c)
        return c->run(S, argc, argv);
    if (value_known(argv[0])) {
        if (argc > 1)
            return session_error(S, "'%s' is a value: to set it write %s = [...]", argv[0], argv[0]);
        return value_show(S, argv[0]);
    }
    /* a bare entry, s[0] or J[0][1]: its number */
    char name[32];
    long idx[2];
    if (argc == 1 && value_parse_ref(argv[0], name, sizeof name, idx) > 0 && value_known(name)) {
        double x;
        if (value_entry(S, argv[0], &x) < 0)
            return -1;
        print_scalar(S, argv[0], x);        /* in json a value of shape [] */
        return 0;
    }
    char shown[48];
    snprintf(shown, sizeof shown, "%s", argv[0]);
    for (char *p = shown; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    const char *guess = names_suggest(argv[0]);
    if (guess)
        return session_error(S, "unknown command '%s' (did you mean '%s'?)", shown, guess);
    return session_error(S, "unknown command '%s' (type 'help' for the list)", shown);
}

static int run_line(struct session *S, const char *line);

int command_run(struct session *S, const char *line)
{
    if (S->depth > 8)
        return session_error(S, "commands nested too deep");
    S->depth++;
    int rc = run_line(S, line);
    S->depth--;
    return rc;
}

/* a command of the line failed and more follow: its error is shown now
 * (and kept in the record); 1 when the line goes on */
static int line_goes_on(struct session *S)
{
    if (!S->fe.error)
        return 0;
    record_error(S, S->err);
    return S->fe.error(S->fe.ud, S->err);
}

static int run_line(struct session *S, const char *line)
{
    size_t len = strlen(line);
    if (len > LINE_MAX_BYTES)
        return session_error(S, "line too long (%zu bytes; the limit is %d)", len, LINE_MAX_BYTES);
    char *buf = malloc(len + 1);
    if (!buf)
        return session_error(S, "out of memory");
    memcpy(buf, line, len + 1);
    /* cut the comment; split at ';' outside brackets */
    int depth = 0, rc = 0;
    char *start = buf;
    for (char *p = buf;; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && depth > 0)
            depth--;
        if (*p == '#' && depth == 0)
            *p = '\0';
        if (*p == '\0' || (*p == ';' && depth == 0)) {
            int end = *p == '\0';
            *p = '\0';
            S->cut = 0;
            char what[64];
            snprintf(what, sizeof what, "%s", start);
            int one = run_one(S, start);
            if (S->depth == 1)
                undo_commit(S, what);    /* what it changed is a step of undo */
            if (one < 0) {
                /* the rest of the line runs, as the next line of a script
                 * would (unless --bail says stop) */
                rc = -1;
                if (end || S->quit || session_interrupted(S))
                    break;
                int on = line_goes_on(S);
                rc = S->fe.error ? COMMAND_SHOWN : -1;
                if (!on)
                    break;
                start = p + 1;
                continue;
            }
            if (S->cut) {
                rc = session_error(S, "the output was stopped (interrupted); the rest is not shown");
                break;
            }
            /* a stop raised during a command ends the line too */
            if (end || S->quit || session_interrupted(S))
                break;
            start = p + 1;
        }
    }
    free(buf);
    return rc;
}
