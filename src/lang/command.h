/* command: the command language. ONE table of commands (name, usage, help,
 * example, handler) drives the parser, dispatch, help, completion and the
 * lesson player.
 *
 * A line holds one or more commands separated by ';'; '#' starts a comment
 * outside brackets. A bare value name shows it; NAME = LITERAL assigns.
 * Handlers validate everything before they change the session, so a
 * command that fails leaves the state exactly as it was.
 *
 * The handlers live in their families: cmd_lab.h, cmd_net.h, assign.h,
 * cmd_train.h, cmd_io.h, mistake.h and record.h here, the lesson's in
 * lesson.h, the window's in viewcmd.h. The table that names them all is
 * defined by the application on top of every layer (src/front/table.c);
 * this layer reads it through its declaration in cmdtable.h. */
#ifndef GRADLAB_COMMAND_H
#define GRADLAB_COMMAND_H

#include "cmdtable.h"
#include "session.h"

#define LINE_MAX_BYTES (1 << 20)   /* longest line accepted */

/* the command called name, or NULL */
const struct command *command_find(const char *name);

/* a line failed and every error on it was shown already (command_run) */
#define COMMAND_SHOWN (-2)

/* Run the commands of one line. An error inside a line is treated as an
 * error on a line of a script: the commands after it still run. When one
 * fails and more follow, its message goes to S->fe.error at once, which
 * says whether the line goes on (with no such hook, or --bail, the line
 * stops there). Returns 0 when every command on it succeeded; -1 when the
 * last command that ran failed (S->err holds its message, shown by the
 * caller); COMMAND_SHOWN when one failed but every message was handed to
 * S->fe.error already. Interrupted work and quit end the line. A line the
 * user typed goes through typed_run (typed.h), which may give it to the
 * lesson or the record first; the lesson's own commands come here. */
int command_run(struct session *S, const char *line);

/* Split s in place into words at spaces and tabs outside brackets (so
 * "x = [[1, 2]]" keeps its literal whole): the number of words, or -1
 * when there are more than max. */
int command_words(char *s, char **argv, int max);

/* the commands of the language itself */
int cmd_help(struct session *S, int argc, char **argv);
/* leave gradlab (a lesson running takes it first: S->take_quit); at a
 * prompt, with unsaved changes to the session file, it asks once first
 * (sessfile_quit_asks) */
int cmd_quit(struct session *S, int argc, char **argv);
/* quit!: leave gradlab now, asking nothing */
int cmd_quit_now(struct session *S, int argc, char **argv);

#endif
