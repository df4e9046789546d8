/* player.h: what the files of the lesson player share (private to
 * src/lesson): the player's state (player.c plays it), the folder of
 * lessons and the progress file (catalog.c), a typed command held against
 * the one a question asks for (match.c) and the give-away check (shown.c).
 * lesson.h is the public face. */
#ifndef GRADLAB_PLAYER_H
#define GRADLAB_PLAYER_H

#include <stddef.h>
#include <stdio.h>
#include "format.h"
#include "lesson.h"
#include "trust.h"

struct session;

enum wait { WAIT_NONE, WAIT_PAUSE, WAIT_NUMBER, WAIT_COMMAND, WAIT_END };

/* what the lesson's commands printed since its last pause (auto mode:
 * the give-away check reads it), with the line of the command that
 * printed each piece */
#define SHOWN_MAX_BYTES (1 << 20)
#define SHOWN_MAX_PIECES 256
struct shown {
    char *text;
    size_t len, cap;
    int n;
    size_t piece_at[SHOWN_MAX_PIECES];
    int piece_line[SHOWN_MAX_PIECES];
    FILE *tee, *screen;     /* while a command runs: S->out writes to both */
};

struct lesson_player {
    struct lesson L;
    char path[1024];        /* the file, for "FILE:LINE:" messages */
    int pos;                /* the next step to play */
    int block;              /* stops passed */
    int n_blocks;
    enum wait waiting;
    int ask;                /* the step of the question waiting */
    int auto_mode;
    int quiet;              /* replaying up to a block: print nothing */
    int failures;
    int checks, checks_held;
    int in_play;            /* its own commands are running: nothing may move or free it */
    struct lesson_guard guard;  /* how far its commands reach (trust.h) */
    /* what the window's band shows (lesson_caption), and where in its
     * text the verdict on the last answer starts (-1: none) */
    struct lesson_caption caption;
    int verdict_off;
    struct shown shown;
};

/* ---- catalog.c: the lessons folder (the progress file: progress.h) -- */

/* the file of lesson NAME (a path, a name, NN or a prefix of NAME in
 * lesson_dir) into path: 1 when NAME is a path (read as the caller may),
 * 0 when found in the folder, or -1 with S->err (with "did you mean") */
int catalog_resolve(struct session *S, const char *name, char *path, size_t n);
/* the list of lessons with the learner's progress */
int catalog_list(struct session *S);

/* ---- match.c: a typed command against the one a question asks for - */

enum match {
    MATCH_OTHER,            /* another command: the learner explores */
    MATCH_ATTEMPT,          /* the same command with other arguments: not quite */
    MATCH_RIGHT,            /* the command asked for */
};
/* line (one or more commands separated by ';') against want */
enum match match_command(const char *line, const char *want);

/* ---- shown.c: the give-away check ---------------------------------- */

/* the first number in text that the question a ± tol would accept as its
 * answer: 1 with its place (*at, *len bytes), else 0. See lessons/README.md. */
int shown_find(const char *text, double a, double tol, size_t *at, size_t *len);
/* S->out also writes into P->shown until shown_end (line: the lesson's) */
void shown_begin(struct session *S, struct lesson_player *P, int line);
void shown_end(struct session *S, struct lesson_player *P);
/* forget what was shown (a pause); free it all (reset) */
void shown_clear(struct shown *sh);
void shown_free(struct shown *sh);
/* auto mode, at question st: 0 when its answer was neither printed since
 * the last pause nor drawn in the window; else 1, with the reason
 * ("FILE:LINE: ...") printed */
int shown_gives_away(struct session *S, struct lesson_player *P, const struct step *st);

#endif
