/* format: the lesson file (lessons/README.md has the format). A lesson is
 * a title and a list of steps: narration (say, section), commands (run),
 * the window's view (view), pauses, questions (ask, answered by a number
 * within a tolerance or by typing a command) and checks on the state
 * (check). This file reads
 * them and evaluates a check; the player (lesson.h) plays them.
 *
 * Ownership: lesson_parse and lesson_load fill a struct lesson that owns
 * its strings; lesson_free frees them. */
#ifndef GRADLAB_FORMAT_H
#define GRADLAB_FORMAT_H

#include <stddef.h>

struct session;
struct file_policy;

enum step_kind { STEP_SAY, STEP_SECTION, STEP_RUN, STEP_PAUSE, STEP_ASK, STEP_CHECK, STEP_VIEW };

/* when a say: is said: always, only with the window (say[window]:), or
 * only without it (say[no-window]:) */
enum say_when { SAY_ALWAYS, SAY_WINDOW, SAY_NO_WINDOW };

struct step {
    enum step_kind kind;
    int line;               /* in the file, for messages */
    char *text;             /* say/section/run/check: the text; ask: the question;
                             * view: the view's name */
    enum say_when when;     /* say: */
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
/* read and parse a file, opened through the policy pol (files.h; NULL:
 * any path); errors as lesson_parse, or about the file (its name escaped) */
int lesson_load(const struct file_policy *pol, const char *path, struct lesson *L, char *err, size_t errlen);
void lesson_free(struct lesson *L);

/* The value a check reads: NAME, NAME[i], NAME[i][j], sum(NAME),
 * sum(NAME[i]) (row i), maxabs(NAME), accuracy. 0, or -1 with S->err. */
int lesson_value(struct session *S, const char *ref, double *out);
/* a check's condition, "REF OP NUMBER [± TOL]" (OP: = < > <= >=): 1 held,
 * 0 did not (S->err says what was seen), -1 cannot be evaluated */
int lesson_check(struct session *S, const char *cond);

#endif
