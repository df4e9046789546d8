/* undo: undo and redo of every change of a session's values (the history).
 *
 * A change is what a command run at the top level (a typed line, a key or
 * a gesture in the window, a line of a script) did to the values of
 * state.h: the seed, the logits, the network (its shape, settings, stage,
 * parameters and batch), the data set and the loss curve. A command that
 * changed none of them (show, help, view, theme, format...) is not a step;
 * neither is one that failed, since it changed nothing. How the window
 * looks (view, theme, zoom) and the lesson's place are not values: undo
 * does not move them.
 *
 * The design: a shadow copy of the values as of the last step, and for
 * each step only the pieces it changed. After each command the values are
 * compared with the shadow (scalars, then each piece with memcmp: a few
 * microseconds for a classroom session, a few milliseconds at the caps);
 * a step keeps the old copies of the pieces that differ and the shadow
 * takes new ones. Undo puts the step's pieces back (state_apply rebuilds
 * only the groups they belong to) and keeps the ones it replaced for
 * redo. So a step costs the size of what it changed, never the whole
 * session, and an unchanged J of 4096×4096 is never copied (J, s and the
 * stages are recomputed from the pieces).
 *
 * The bounds: at most HISTORY_MAX_STEPS steps, and the shadow with every
 * step kept in at most HISTORY_MAX_BYTES; the oldest steps go first. When
 * the values alone take more than half of that, there is no history (undo
 * says why) until they take less again.
 *
 * Ownership: the history hangs on the session (S->hist; undo_init
 * makes it, undo_free frees it); it owns its copies. */
#ifndef GRADLAB_UNDO_H
#define GRADLAB_UNDO_H

#include "session.h"

#define HISTORY_MAX_STEPS 200
#define HISTORY_MAX_BYTES ((size_t)64 << 20)

/* S->hist = a new history whose start is S's values now: 0, or -1 with
 * S->err (out of memory) */
int undo_init(struct session *S);
void undo_free(struct session *S);

/* After the top-level command cmd ran: keep what it changed as one step
 * (nothing when it changed nothing, or while held). */
void undo_commit(struct session *S, const char *cmd);
/* on = 1 while a gesture in the window changes a value live, frame after
 * frame: its commands are not steps; the command it ends with is one */
void undo_hold(struct session *S, int on);

/* the bytes the history holds: the shadow, and the steps (undo and redo) */
void undo_bytes(const struct session *S, size_t *shadow, size_t *steps);
/* steps that undo and redo can take now */
int undo_can_undo(const struct session *S);
int undo_can_redo(const struct session *S);
/* 1 when the values differ from those last saved or loaded (the
 * session file's); when there is no history, 1 once a command changed
 * anything the window shows */
int undo_unsaved(const struct session *S);
/* the values now are the session file's (what the command cmd changed
 * before is a step) */
void undo_mark_saved(struct session *S, const char *cmd);

/* quitting now would lose changes to the session file (S->file) and no
 * one was told yet: say so once (at a prompt only: S->interactive) and
 * return 1; else 0 */
int undo_quit_asks(struct session *S);

int cmd_undo(struct session *S, int argc, char **argv);
int cmd_redo(struct session *S, int argc, char **argv);

#endif
