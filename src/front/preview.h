/* preview: what the window's gestures do besides running a command as
 * typed (window_events' preview and prompt callbacks, window.h): a drag
 * under way runs its line quietly, a double click puts a line's start at
 * the REPL's prompt. ud is the session (struct session *). */
#ifndef GRADLAB_PREVIEW_H
#define GRADLAB_PREVIEW_H

/* a drag in the window, under way: its line runs quietly (no output, not
 * a step of undo: the release runs the last one as typed, one step); a
 * line out of range leaves the picture as it was */
void preview_run(void *ud, const char *line);

/* a double click in the window: the assignment waits at the prompt (only
 * when the REPL's prompt is up) */
void preview_prompt(void *ud, const char *line);

#endif
