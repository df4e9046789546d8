/* cmdtable: the command table's row type and its declaration. The table
 * itself is the application's: src/front/table.c, on top of every layer,
 * defines it, because its rows name the handlers of every layer (the
 * lesson's and the window's too). Lang reads it only through this
 * declaration (dispatch, help, completion, "did you mean"), so no include
 * of lang points up, and every program or test that runs commands links
 * table.o. */
#ifndef GRADLAB_CMDTABLE_H
#define GRADLAB_CMDTABLE_H

struct session;

/* how the first argument completes; COMPLETE_NUMBERS: not at all, the
 * arguments are a list of numbers, one literal, and the rest of the line
 * is one word whatever its length (the word limit is for commands);
 * COMPLETE_LESSON: the lessons' names and numbers (lesson.h) */
enum complete_kind { COMPLETE_NONE, COMPLETE_NAME, COMPLETE_FILE, COMPLETE_WORDS, COMPLETE_COMMAND, COMPLETE_NUMBERS,
                     COMPLETE_LESSON };

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

/* the table, in the order `help` lists it */
extern const struct command commands[];
extern const int n_commands;

#endif
