/* lesson: lesson scripts (lessons/README.md has the format) and the player
 * that walks a learner through one.
 *
 * A lesson is a list of steps: narration (say), commands (run), pauses,
 * questions (ask, answered by a number within a tolerance or by typing a
 * command) and checks on the state. The steps between two stops (a pause
 * or a question) form a block; the learner moves block by block with
 * next, back and again. back and again replay the lesson quietly from its
 * start up to the block, so the state is what the block expects.
 *
 * The player runs commands through command_run and prints to S->out; it
 * keeps the learner's progress in $XDG_STATE_HOME/gradlab/lessons.
 * Ownership: the session owns its player (S->lesson); lesson_stop frees it. */
#ifndef GRADLAB_LESSON_H
#define GRADLAB_LESSON_H

#include <stddef.h>

struct session;

enum step_kind { STEP_SAY, STEP_SECTION, STEP_RUN, STEP_PAUSE, STEP_ASK, STEP_CHECK };

struct step {
    enum step_kind kind;
    int line;               /* in the file, for messages */
    char *text;             /* say/section/run/check: the text; ask: the question */
    /* ask: answered by a number (has_number) or by typing a command */
    int has_number;
    double number, tol;
    char *command;          /* the command to type (ask), or NULL */
    char *hint;             /* shown after a wrong answer, or NULL */
};

struct lesson {
    char *title;
    char name[64];          /* file name without directory and .lesson */
    struct step *steps;
    int n_steps;
};

#define LESSON_MAX_BYTES (256 * 1024)
#define LESSON_MAX_STEPS 2000

/* Parse lesson text. 0, or -1 with "FILE:LINE: message" in err (file is
 * only used in messages). On failure *L is left empty. */
int lesson_parse(const char *text, const char *file, struct lesson *L, char *err, size_t errlen);
/* read and parse a file; errors as lesson_parse, or about the file */
int lesson_load(const char *path, struct lesson *L, char *err, size_t errlen);
void lesson_free(struct lesson *L);

/* The value a check reads: NAME, NAME[i], NAME[i][j], sum(NAME),
 * sum(NAME[i]) (row i), maxabs(NAME), accuracy. 0, or -1 with S->err. */
int lesson_value(struct session *S, const char *ref, double *out);
/* a check's condition, "REF OP NUMBER [± TOL]" (OP: = < > <= >=): 1 held,
 * 0 did not (S->err says what was seen), -1 cannot be evaluated */
int lesson_check(struct session *S, const char *cond);

/* the folder the lessons are read from: $GRADLAB_LESSONS, else ./lessons
 * when it exists, else the installed one */
const char *lesson_dir(void);

/* Start lesson NAME (a name in lesson_dir, or a path to a .lesson file)
 * and play its first block. auto_mode: no one at the keyboard (pauses pass,
 * questions are answered from the file, the whole lesson plays). 0 or -1. */
int lesson_start(struct session *S, const char *name, int auto_mode);
/* the checks and answers that failed so far (auto mode's exit status) */
int lesson_failures(const struct session *S);
/* 1 while a lesson is running */
int lesson_active(const struct session *S);
/* after the learner ran a line that succeeded: if the lesson waits for a
 * command to be typed and this is it, go on */
void lesson_after_line(struct session *S, const char *line);
/* a bare number typed while a question waits: its answer. 1 if taken. */
int lesson_try_answer(struct session *S, const char *line);
/* 1 while the lesson's own commands run (they may not start, move or
 * leave a lesson, nor quit gradlab) */
int lesson_playing(const struct session *S);
/* 1 when the lesson waits at a pause (Enter on an empty line goes on) */
int lesson_at_pause(const struct session *S);
/* free the player (session_release calls it) */
void lesson_stop(struct session *S);

/* the commands (command.c's table) */
int cmd_lesson(struct session *S, int argc, char **argv);
int cmd_next(struct session *S, int argc, char **argv);
int cmd_again(struct session *S, int argc, char **argv);
int cmd_answer(struct session *S, int argc, char **argv);
/* back and quit mean the lesson's while one runs: 1 if it took them */
int lesson_back(struct session *S);
int lesson_quit(struct session *S);

#endif
