/* lesson: the player that walks a learner through a lesson (format.h reads
 * the file), and the lesson commands.
 *
 * The steps between two stops (a pause or a question) form a block; the learner moves block by block with
 * next, back and again. back and again replay the lesson quietly from its
 * start up to the block, so the state is what the block expects.
 *
 * The player runs its commands through S->run (command_run, which the
 * front end puts there) and prints to S->out; it keeps the learner's
 * progress in $XDG_STATE_HOME/gradlab/lessons. A line the learner types
 * reaches it through typed_run (typed.h): an answer, or the command a
 * question waits for. While a lesson is loaded, back and quit typed at the
 * top level are its own (S->take_back, S->take_quit).
 * Ownership: the player hangs on the session (S->lesson) and is freed by
 * lesson_stop, which whoever ends the session calls. */
#ifndef GRADLAB_LESSON_H
#define GRADLAB_LESSON_H

#include "format.h"

struct session;

/* the folder the lessons are read from: $GRADLAB_LESSONS, else the
 * lessons/ of gradlab's own files (paths.h: the build tree the program is
 * in, or the PREFIX it is installed in), from whatever folder it runs */
const char *lesson_dir(void);

/* the names Tab offers after "lesson": each lesson's name (softmax) and
 * number (1), and the moves (next, back, again, quit); NULL-terminated,
 * valid until the next call */
const char *const *lesson_names(void);

/* Start lesson NAME (a name in lesson_dir, or a path to a .lesson file)
 * and play its first block. auto_mode: no one at the keyboard (pauses pass,
 * questions are answered from the file, the whole lesson plays). 0 or -1. */
int lesson_start(struct session *S, const char *name, int auto_mode);
/* the user vouches for lesson NAME (gradlab --trust --lesson NAME): it
 * plays trusted whenever it is started in this process (trust.h) */
void lesson_trust_named(struct session *S, const char *name);
/* the same, from part part (1: the first; the parts before are replayed
 * quietly, as 'back' does); -1 with S->err when it has no such part */
int lesson_start_part(struct session *S, const char *name, int auto_mode, int part);
/* the lesson playing and its part (1 for the first), for a session file:
 * 1 with its name (an installed lesson's, "01-softmax") in name, 2 with
 * the path of a lesson file of the user's, 0 when none plays */
int lesson_where(const struct session *S, char *name, size_t n, int *part);
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
/* 1 when the lesson waits at a pause or a question (Enter on an empty
 * line goes on; at a question it skips it) */
int lesson_waiting(const struct session *S);
/* 1 when a question waits for its answer */
int lesson_at_question(const struct session *S);
/* for tests that look at every part of a lesson (the layout test, the
 * screenshots): fn(S, ud) is called at each stop of a lesson played in
 * auto mode (a pause; a question, before its answer) and at its end, with
 * the window's caption as the class would see it. NULL: none. */
void lesson_on_stop(void (*fn)(struct session *S, void *ud), void *ud);
/* free the player (call it before session_release) */
void lesson_stop(struct session *S);

/* What the window's band shows for the class: the lesson's title with the
 * part ("Title  ·  3/7") and everything the terminal says in this part:
 * its narration, its question, the verdict on an answer ("Not quite, try
 * again. Hint: ..."), the verdict that ended the part before ("Right:
 * 0.659.") and, at the end, the lesson's last words. Paragraphs are
 * separated by '\n'; the band pages them when they do not fit. */
#define LESSON_CAPTION_TEXT 8192
struct lesson_caption {
    char title[160];
    char text[LESSON_CAPTION_TEXT];
    unsigned serial;        /* changes whenever text does */
    int show_end;           /* the last change added a verdict at the end:
                             * the band shows the page that holds it */
    int question;           /* a question waits for its answer */
    int active;             /* 0 once the lesson ended (the band stays until it is left) */
};
/* 1 when a lesson has a caption to show (out filled), 0 when none (out
 * emptied); S may be NULL */
int lesson_caption(const struct session *S, struct lesson_caption *out);

/* the commands (the command table's lesson rows) */
int cmd_lesson(struct session *S, int argc, char **argv);
int cmd_next(struct session *S, int argc, char **argv);
int cmd_again(struct session *S, int argc, char **argv);
int cmd_answer(struct session *S, int argc, char **argv);
int cmd_trust(struct session *S, int argc, char **argv);

#endif
