/* repl: the interactive front end, the only user of GNU Readline.
 * Readline's callback interface runs inside a poll() loop on stdin and a
 * self-pipe for signals, so that the window can join the same loop. */
#ifndef GRADLAB_REPL_H
#define GRADLAB_REPL_H

#include "session.h"

/* the history file: $GRADLAB_HISTORY, else $XDG_STATE_HOME/gradlab/history,
 * else ~/.local/state/gradlab/history; writes it into buf */
void repl_history_path(char *buf, size_t size);

/* run the REPL until quit, Ctrl-D, SIGTERM or SIGHUP; the terminal is
 * restored on every exit path. Returns the exit status. */
int repl_run(struct session *S, volatile sig_atomic_t *interrupt);

#endif
