/* trust: how far a lesson's own commands reach (issue 17's security
 * model). A lesson file is untrusted input: lessons are shared between
 * teachers and students. One installed with gradlab (in the lessons
 * folder gradlab finds by itself, or $GRADLAB_LESSONS, the user's choice)
 * is trusted as shipped. Any other plays after a one-line banner naming
 * the file, and confined while its own commands run (run:, the commands
 * of its questions, its checks):
 *   - its file commands may only name relative paths in its own folder
 *     (reading) and its scratch folder $XDG_STATE_HOME/gradlab/scratch/NAME
 *     (reading and writing), with no '..', dotfile or link (files.h);
 *   - each part it plays (from one stop to the next) has a work budget
 *     (LESSON_WORK_SECONDS: then long work is interrupted, as by Ctrl-C)
 *     and an output budget (LESSON_OUTPUT_BYTES); a part that spends one
 *     has its remaining commands and checks skipped, with one line.
 * `gradlab --trust --lesson FILE` or the `trust` command (typed by the
 * user, never by a lesson or a sandboxed script) lifts both for a lesson
 * the user vouches for.
 *
 * Ownership: the guard lives inside the player (lesson.h). */
#ifndef GRADLAB_TRUST_H
#define GRADLAB_TRUST_H

#include <stdio.h>

#include "files.h"

struct session;

#define LESSON_WORK_SECONDS 5.0
#define LESSON_OUTPUT_BYTES ((size_t)1 << 20)

struct lesson_guard {
    int trusted;
    char shown[300];                /* the lesson file as the banner names it */
    struct file_policy policy;      /* while an untrusted lesson's commands run */
    /* while its commands run (guard_enter .. guard_leave) */
    int depth;
    const struct file_policy *saved_policy;
    FILE *saved_out, *counter;
    size_t out_bytes;
    double part_start;              /* seconds (CLOCK_MONOTONIC) */
    int out_over, noted;
};

/* The guard of the lesson file found at path (read through pol), named
 * name: trusted when its folder is lessons_dir, or when the user trusted
 * it (trust_file). 0, or -1 with err. */
int guard_init(struct lesson_guard *g, const struct file_policy *pol, const char *path, const char *name,
               const char *lessons_dir, char *err, size_t errlen);
/* the user vouches for the lesson file path (--trust): it plays trusted */
void trust_file(const char *path);
/* the one-line banner of an untrusted lesson (nothing for a trusted one) */
void guard_banner(struct session *S, const struct lesson_guard *g);

/* Around the lesson's own commands: the policy and the budgets on, and
 * off again (nests). guard_part starts a new part's budgets. */
void guard_enter(struct session *S, struct lesson_guard *g);
void guard_leave(struct session *S, struct lesson_guard *g);
void guard_part(struct session *S, struct lesson_guard *g);
/* 0, or when this part spent a budget (its remaining commands are
 * skipped) 2 the first time (it says so on the learner's screen) and 1
 * after */
int guard_spent(struct session *S, struct lesson_guard *g);

/* the `trust` command (the lesson row of the command table) */
int guard_trust(struct session *S, struct lesson_guard *g);

#endif
