/* history: the REPL's history file, kept with GNU Readline's history list.
 * Several REPLs may share the file: each appends the lines of its own
 * session when it ends, under a lock, then cuts the file to its last
 * HISTORY_LINES lines, so none overwrites another's. What is read back is
 * text: a line that is not UTF-8 text (a binary file, terminal escapes)
 * or longer than HISTORY_LINE_MAX is left out, and such a line typed is
 * not kept. The file must be a regular file (a FIFO would block: it is
 * refused with one line); a character device such as /dev/null is
 * neither read nor written. */
#ifndef GRADLAB_HISTORY_H
#define GRADLAB_HISTORY_H

#define HISTORY_LINES 1000
#define HISTORY_LINE_MAX 8192

/* read path into the history list (once, at start) */
void history_load(const char *path);
/* a line the user ran: into the list (not twice in a row) */
void history_add(const char *line);
/* append this session's lines to the file, under a lock: 0, or -1 after
 * saying why on stderr */
int history_save(void);

#endif
