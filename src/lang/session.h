/* session: everything a user has built, the state every command reads and
 * writes. One per process; the REPL, -c, scripts and the lesson player
 * all run commands against it through command_run (command.h).
 *
 * Ownership: session_init allocates nothing large; the tensors and the net
 * inside are owned by the session and freed by session_release. The
 * features built on top keep their state here too (the lesson player, the
 * record) but own it: whoever ends the session frees them first
 * (lesson_stop, record_release), then calls session_release. */
#ifndef GRADLAB_SESSION_H
#define GRADLAB_SESSION_H

#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include "tensor.h"
#include "net.h"
#include "data.h"

#define LOGITS_MAX 4096          /* longest logit vector */
#define TRAIN_CURVE_POINTS 500

enum format { FORMAT_PRETTY, FORMAT_JSON, FORMAT_CSV, FORMAT_LATEX, FORMAT_COUNT };
extern const char *const format_names[FORMAT_COUNT];

struct session;

/* What a front end offers the commands (all may be NULL: batch mode). */
struct frontend {
    void *ud;
    /* a value the window shows changed: redraw when convenient */
    void (*changed)(void *ud);
    /* long work: frac in [0,1], what is being done; called often, must be cheap */
    void (*progress)(void *ud, double frac, const char *what);
    /* long work ended (clear a progress bar) */
    void (*progress_done)(void *ud);
    /* long work is at step done of total and the state is consistent: the
     * window may show it (at most at its frame rate); called often, cheap */
    void (*busy)(void *ud, long done, long total);
    /* a command made something the window has a view for ("diagnose"):
     * the window shows that view */
    void (*show)(void *ud, const char *view);
    /* the texts the window draws for S now (the lesson's band left out),
     * one per line, into buf of n bytes: the lesson checker looks there
     * for a question's answer */
    void (*drawn)(void *ud, const struct session *S, char *buf, size_t n);
    /* 1 when the window is shown, or opening: a lesson says what only
     * makes sense with it (say[window]:) */
    int (*window_shown)(void *ud);
    /* a budget for the work now running (a lesson that is not trusted,
     * trust.h): seconds > 0: after that long, long work is interrupted as
     * by Ctrl-C; seconds < 0: interrupt it now; 0: no budget any more,
     * and an interruption the budget made is taken back */
    void (*budget)(void *ud, double seconds);
    /* a command failed and more commands follow on its line: show msg
     * now, in the front end's voice; 1: the line goes on, 0: it stops
     * (--bail). NULL: a line stops at its first error. */
    int (*error)(void *ud, const char *msg);
    /* `source`: run text (n bytes, read from the file named name) line by
     * line as a script file runs: an error says name:LINE and the rest
     * goes on (--bail stops it). 0, or -1 with S->err when it stopped
     * early (--bail, a signal) */
    int (*source)(void *ud, const char *name, const char *text, size_t n);
    /* `history`: the i-th line of the REPL's history (0 is the oldest),
     * its number in *number, or NULL past the last; NULL outside the REPL */
    const char *(*history)(void *ud, int i, int *number);
};

/* how the data set was made when a generator made it (cmd_data sets it;
 * kind DATA_FROM_NONE otherwise): a session file writes the command again
 * when it still gives the same points */
enum { DATA_FROM_NONE, DATA_FROM_MOONS, DATA_FROM_CIRCLES, DATA_FROM_SPIRAL, DATA_FROM_XOR,
       DATA_FROM_COUNT };
struct data_from {
    int kind;
    long n, k;                  /* rows; arms of a spiral */
    double noise, factor;
    uint32_t seed;
};

struct view_state;              /* scene.h: the window's view (owned by main.c) */

enum check_kind { CHECK_NONE, CHECK_JACOBIAN, CHECK_GRAD, CHECK_MISTAKE };
struct history;                 /* undo.h: undo and redo */
struct file_policy;             /* files.h: which files the running commands may open */

struct session {
    /* the logits lab: z (1 x n), s = softmax(z), J = diag(s) - s s^T (n x n) */
    tensor z, s, J;
    int has_logits;

    /* `mistake`: the wrong result beside the right one, and how far each
     * is from an independent reference (central differences, or the
     * softmax in long double); mistake_J is the mistaken Jacobian of
     * `mistake logits` (0x0 when none; the window draws it beside J) */
    tensor wrong, right, mistake_J;
    double err_wrong, err_right;
    int has_mistake;
    int mistake_entry, mistake_target;  /* the catalogue's entry and its target (a DT_) */
    /* `diagnose NAME = VALUE`: the user's value beside the right one (the
     * window draws them; has == 0: none yet). verdict: DIAG_RIGHT, or
     * DIAG_KNOWN (the catalogue's entry `match` gives the user's value;
     * `wrong` is that entry's value), or DIAG_UNKNOWN (no entry matches).
     * right is 0x0 when the user's shape is not the right one's. differ:
     * 1 where an entry of yours is farther from the right one than the
     * verdict allows. */
    struct diagnosis {
        int has;
        int target;             /* a DT_ of catalogue.h */
        int verdict;
        int match;              /* the catalogue's entry, or -1 */
        tensor yours, right, wrong, differ;
        double max_abs, max_rel;
    } diag;
    /* the last check the window draws (view check): `jacobian check`
     * (J by central differences, fd, beside the z it was made at),
     * `gradcheck` (its rows, and a hash of the net's values it was made
     * for), or a `mistake` of the catalogue (its entry and the target it
     * shows; the values are wrong and right above). The window tells a
     * check made for other values than the session's now. */
    struct check {
        int kind;               /* CHECK_ */
        tensor z, fd;
        struct gradcheck_row rows[4];
        uint64_t net_hash;
        int mistake, target;
        int ok;                 /* jacobian check: every entry within its bound */
    } check;
    /* the network (has_net == 0: none yet) */
    struct net net;
    int has_net;

    /* the data set (has_data == 0: none); the net trains on it */
    struct dataset data;
    int has_data;
    struct data_from data_from;
    /* the loss curve of the last training run: one row (iteration, loss)
     * per recorded point, at most TRAIN_CURVE_POINTS rows */
    tensor curve;
    /* it ended in a 2-cycle (trainer_two_cycle): the loss after its even
     * and its odd iterations */
    int has_cycle;
    double cycle[2];

    uint32_t seed;              /* all randomness derives from it */
    enum format format;
    int precision;              /* significant digits in pretty and latex output */

    FILE *out;                  /* where values are shown (stdout) */
    int quiet;                  /* values are not shown at all: a drag's frames
                                 * (front/preview.c), whose output nobody reads */
    /* the files the commands running now may open (files.h): NULL for the
     * user's own commands; a confined policy while a lesson that is not
     * trusted plays (the player sets it), or always under --sandbox (the
     * front end sets it). Every command that opens a path hands it to
     * files.h, so none can forget it. */
    const struct file_policy *policy;
    char err[512];              /* the last error message, set by session_error */

    /* set asynchronously by SIGINT, SIGTERM and SIGHUP: long work polls it
     * (the net's work through S->net.stop, which points here) and stops */
    volatile sig_atomic_t *interrupt;
    /* the output of the command that runs was cut short by the flag
     * (print.c sets it; command_run clears it before each command) */
    int cut;

    struct frontend fe;
    int quit;                   /* set by the quit command */
    int depth;                  /* command_run nesting: 1 for a typed line */

    /* the command runner, command_run (command.h), set by the front end:
     * the layers above lang (the lesson player) run commands through it */
    int (*run)(struct session *S, const char *line);
    /* set by the lesson player while a lesson is loaded: the commands
     * back and quit give it their turn first; 1 it took the command, 0 it
     * did not (the command goes on), -1 it refused it (S->err says why) */
    int (*take_back)(struct session *S);
    int (*take_quit)(struct session *S);
    /* the lesson being played, or NULL (lesson.h; lesson_stop frees it) */
    struct lesson_player *lesson;
    /* record FILE.md: the session written as Markdown (record.h;
     * record_release frees it) */
    struct record *record;

    /* what the window shows (view, theme, example row...), or NULL when no
     * front end offers a window; the view commands change it */
    struct view_state *view;

    /* undo and redo (undo.h; NULL: none, as in a scratch session);
     * undo_free frees it. changes counts session_changed calls. */
    struct history *hist;
    unsigned long changes;
    /* the session file last saved or loaded ("": none), and whether quit
     * has asked about unsaved changes to it (sessfile.h) */
    char file[1024];
    /* the scratch folder of the confined policy (a lesson's, --sandbox)
     * under which file was named, "" for the user's own: 'session save'
     * without a name writes file only under that same policy, so a name a
     * lesson gave (a file of its scratch folder) is never written with
     * the user's rights */
    char file_scratch[1024];
    int quit_asked;
    /* 1 when someone types at a prompt (the REPL): quit may ask */
    int interactive;
    /* what the layers above lang keep of the session (the window's view,
     * the lesson and its part) as the command lines that restore them, one
     * per line, into buf (n bytes); NULL: nothing (set by the front end) */
    void (*settings)(const struct session *S, char *buf, size_t n);
};

enum { DIAG_UNKNOWN = -1, DIAG_KNOWN = 0, DIAG_RIGHT = 1 };

void session_init(struct session *S, FILE *out);
/* forget the diagnosis (its values belonged to a state that changed) */
void session_diag_release(struct session *S);
void session_release(struct session *S);
/* forget every value (logits, mistake, diagnosis, network, data, curve;
 * seed 0), as a new session has none; keep the settings (format,
 * precision, file policy), the output, the hooks and what hangs on the
 * session (lesson, record, view). A new field that is not a value must be
 * added to the fields session_clear keeps. */
void session_clear(struct session *S);
/* S's values (logits, network, data, curve, seed) become those of from,
 * which is left without them; S's mistake and diagnosis are forgotten
 * (they belonged to the values it had) */
void session_take_values(struct session *S, struct session *from);
/* record an error message (printf-like) and return -1, for handlers:
 *     return session_error(S, "unknown name '%s'", name); */
int session_error(struct session *S, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 0 when the session has a network; else -1 with the one message that
 * says there is none yet and how to make one */
int session_need_net(struct session *S);
/* tell the front end that something visible changed */
void session_changed(struct session *S);
/* ask the front end's window to show the view called name */
void session_show(struct session *S, const char *name);
/* a hash of the net's values (x, y, W1, b1, W2, b2, reg, act): what a
 * gradient check was made for */
uint64_t session_net_hash(const struct session *S);
/* forget the last check (S->check) */
void session_check_release(struct session *S);
/* 1 when the user asked to stop long work */
int session_interrupted(const struct session *S);
/* the one message for a status of the core (status.h) other than a
 * function's own failure, as session_error records it, prefixed with
 * what ("forward", "data load"): "out of memory (needed N MiB)", "stopped
 * (interrupted); nothing was changed", "a matrix would hold more than
 * 33554432 values"; returns -1 */
int session_status(struct session *S, const char *what, int status);

#endif
