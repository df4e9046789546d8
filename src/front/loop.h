/* loop: the one event loop of gradlab. One thread: poll() waits on every
 * source at once: the lines (readline at a terminal, plain lines from a
 * script, a pipe or -c in batch mode), the self-pipe the signal handlers
 * write to, and the window (its display connection, or a timeout). The
 * same loop keeps the window alive while long work (training) runs.
 *
 * Batch mode: no prompt, no banner, no readline; an error goes to stderr
 * as "gradlab: FILE:LINE: message", the state stays as it was and the
 * script goes on (--bail stops it); the exit status is 1 if any command
 * failed. */
#ifndef GRADLAB_LOOP_H
#define GRADLAB_LOOP_H

struct session;
struct view_state;

/* the loop of S and its window's view v (both owned by the caller, alive
 * until the end): S's interrupt flag, and the front-end hooks that show
 * changes and training in the window */
void loop_init(struct session *S, struct view_state *v);

/* --sandbox: the session's commands open files under p (files.h),
 * confined as an untrusted lesson's are: its home is the folder of the
 * script being run (the current folder for -c, stdin and the REPL), its
 * scratch folder $XDG_STATE_HOME/gradlab/scratch/sandbox. p is owned by
 * the caller and lives until the end. */
struct file_policy;
void loop_sandbox(struct file_policy *p);

/* batch mode's signals: Ctrl-C, SIGTERM and SIGHUP stop long work and
 * end the run (a second one ends gradlab at once), a closed pipe is an
 * error, not a signal; bail: stop at the first command that fails */
void loop_batch_begin(int bail);
/* -c text (lines split at newlines; ';' is the command line's) and a
 * script FILE ("-": stdin); each returns 1 when the run must stop (quit,
 * --bail) */
int loop_batch_text(const char *text);
int loop_batch_file(const char *path);
/* a session file FILE.gl (gradlab FILE.gl): loaded as 'session load'
 * does; 1 when the run must stop (--bail) */
int loop_batch_session(const char *path);
/* 1 when a batch command failed */
int loop_batch_failed(void);
/* the signal that stopped the batch run (Ctrl-C: SIGINT; SIGTERM,
 * SIGHUP), or 0: the long work stopped at once, and no line ran after it */
int loop_batch_signal(void);
/* after a Ctrl-C stopped the batch run: go on (with -i, to the REPL) */
void loop_batch_resume(void);

/* The start-up file (-n: none): loop_repl runs it first, after the banner,
 * as `source` would (its errors say PATH:LINE in the REPL's voice); a
 * file that does not exist is skipped. path must live until loop_repl. */
void loop_start_file(const char *path);

/* The REPL until quit, Ctrl-D, SIGTERM or SIGHUP; the terminal is restored
 * on every exit path. first_line, when not NULL, runs first as if typed
 * (--lesson NAME); open_window: open the window once the first prompt is
 * up. Returns the exit status. */
int loop_repl(const char *first_line, int open_window);

#endif
