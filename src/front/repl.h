/* repl: the readline seam, the only user of GNU Readline. The loop
 * (loop.c) owns the poll() and the signals; this file installs and removes
 * readline's callback interface, feeds it the characters the loop finds on
 * stdin, keeps the history, completes from the command table, and prints
 * above the prompt (news, a line from the window, errors, progress). */
#ifndef GRADLAB_REPL_H
#define GRADLAB_REPL_H

#include <stddef.h>

struct session;

/* the history file: $GRADLAB_HISTORY, else $XDG_STATE_HOME/gradlab/history,
 * else ~/.local/state/gradlab/history; writes it into buf */
void repl_history_path(char *buf, size_t size);

/* Set readline up for S (no signals of its own, completion, no bracketed
 * paste), read the history, hook the progress bar into S and print the
 * banner. on_line gets each finished line (added to the history), or NULL
 * at Ctrl-D on an empty line (the prompt is then already removed). */
void repl_start(struct session *S, void (*on_line)(const char *line));
/* show the prompt (install the callback) / take it away (remove it: the
 * terminal is restored; safe to call twice); save the history at the end */
void repl_install(void);
void repl_remove(void);
int repl_prompt_shown(void);
void repl_save_history(void);

/* stdin is readable: one character to readline */
void repl_read_char(void);
/* the terminal changed size */
void repl_resize(void);
/* gradlab runs again after a stop (Ctrl-Z, then fg): the terminal set for
 * readline again, and the prompt drawn again */
void repl_continued(void);
/* Ctrl-C at the prompt: drop the typed line, show a fresh prompt */
void repl_cancel_line(void);

/* a line that did not come from the keyboard (a key in the window): the
 * typed line is put aside and line is shown as typed, with where it came
 * from; repl_aside_end brings the prompt and the typed line back, or drops
 * them for good when keep is 0 (gradlab is quitting) */
void repl_aside_begin(const char *line, const char *origin);
void repl_aside_end(int keep);

/* print a line of news (on stderr) above the prompt, which comes back with
 * the typed line as it was; plain printing when no prompt is shown */
void repl_message(const char *msg);
/* the line being typed becomes text, the cursor at its end (a double
 * click in the window puts "z[2] = " there) */
void repl_prefill(const char *text);
/* a command's error, as the REPL shows it ("error: ...", red on a colour
 * terminal) */
void repl_error(const char *msg);

#endif
