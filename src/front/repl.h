/* repl: the interactive front end, the only user of GNU Readline.
 * Readline's callback interface runs inside a poll() loop on stdin and a
 * self-pipe for signals, so that the window can join the same loop. */
#ifndef GRADLAB_REPL_H
#define GRADLAB_REPL_H

#include "session.h"

/* the history file: $GRADLAB_HISTORY, else $XDG_STATE_HOME/gradlab/history,
 * else ~/.local/state/gradlab/history; writes it into buf */
void repl_history_path(char *buf, size_t size);

/* Another source of events in the same loop (the window). All may be
 * NULL. */
struct repl_side {
    void *ud;
    int (*fd)(void *ud);            /* a descriptor to poll, or -1 */
    int (*timeout_ms)(void *ud);    /* how long poll may sleep; -1: forever */
    void (*events)(void *ud);       /* drain its events (may call repl_run_line) */
    void (*update)(void *ud);       /* draw when something changed */
    void (*after_command)(void *ud);/* after every command line */
};

/* run the REPL until quit, Ctrl-D, SIGTERM or SIGHUP; the terminal is
 * restored on every exit path. first_line, when not NULL, runs first as if
 * typed (--lesson NAME). Returns the exit status. */
int repl_run(struct session *S, volatile sig_atomic_t *interrupt, const struct repl_side *side,
             const char *first_line);

/* run a command that did not come from the keyboard (a key in the window)
 * while the prompt is shown: the typed line is put aside, the command is
 * echoed and run, and the prompt comes back with the line as it was */
void repl_run_line(const char *line, const char *origin);

/* print a line of news (on stderr) above the prompt, which comes back with
 * the typed line as it was; plain printing when no prompt is shown */
void repl_message(const char *msg);

#endif
