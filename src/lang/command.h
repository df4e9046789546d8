/* command: the command language. ONE table of commands (name, usage, help,
 * example, handler) drives the parser, dispatch, help, completion and the
 * lesson player.
 *
 * A line holds one or more commands separated by ';'; '#' starts a comment
 * outside brackets. A bare value name shows it; NAME = LITERAL assigns.
 * Handlers validate everything before they change the session, so a
 * command that fails leaves the state exactly as it was. */
#ifndef GRADLAB_COMMAND_H
#define GRADLAB_COMMAND_H

#include "session.h"

#define LINE_MAX_BYTES (1 << 20)   /* longest line accepted */

/* what completing an argument of a command offers */
enum complete_kind { COMPLETE_NONE, COMPLETE_NAME, COMPLETE_FILE, COMPLETE_WORDS, COMPLETE_COMMAND };

struct command {
    const char *name;
    const char *usage;          /* "logits Z0 Z1 ..." */
    const char *summary;        /* one line for the help list */
    const char *help;           /* longer text, may be NULL */
    const char *example;        /* a line that works, for help CMD */
    int (*run)(struct session *S, int argc, char **argv);
    enum complete_kind complete;/* first argument */
    const char *const *words;   /* for COMPLETE_WORDS: NULL-terminated */
};

extern const struct command commands[];
extern const int n_commands;

/* the command called name, or NULL */
const struct command *command_find(const char *name);
/* the names a value can have (x, y, W1, ..., J, loss), NULL-terminated */
extern const char *const value_names[];

/* Run the commands of one line. Returns 0 when every command on it
 * succeeded, -1 when one failed (S->err holds the message; the commands
 * after it on the line are not run). S->quit is set by quit. A line the
 * user typed goes through typed_run (typed.h), which may give it to the
 * lesson or the record first; the lesson's own commands come here. */
int command_run(struct session *S, const char *line);

/* Split s in place into words at spaces and tabs outside brackets (so
 * "x = [[1, 2]]" keeps its literal whole): the number of words, or -1
 * when there are more than max. */
int command_words(char *s, char **argv, int max);

/* the closest command or value name to word (for "did you mean"), or NULL */
const char *command_suggest(const char *word);

#endif
