/* undo: undo and redo. See undo.h for the design. */
#include "undo.h"

#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "print.h"
#include "state.h"

/* one step: the values before it (scalars, and the pieces it changed) */
struct step {
    struct state_scalars sc;
    struct state_piece p[PART_COUNT];
    unsigned mask;              /* the pieces held (1 << part) */
    size_t bytes;
    unsigned long from, to;     /* the positions before and after it */
    char what[64];              /* the command, for messages */
};

struct stack {
    struct step *s;
    int n, cap;
};

struct history {
    int on;                     /* the shadow holds the values */
    struct state shadow;
    size_t shadow_bytes, steps_bytes;
    struct stack undo, redo;
    int hold;
    unsigned long pos, saved, last_id;
    unsigned long changes_seen; /* S->changes when there is no history */
    size_t off_bytes;           /* the values' size when there is none */
};

static void step_release(struct history *H, struct step *st)
{
    for (int k = 0; k < PART_COUNT; k++)
        state_piece_release(&st->p[k]);
    H->steps_bytes -= st->bytes;
    st->bytes = 0;
}

static void stack_clear(struct history *H, struct stack *s)
{
    for (int i = 0; i < s->n; i++)
        step_release(H, &s->s[i]);
    s->n = 0;
}

static int stack_push(struct stack *s, const struct step *st)
{
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 16;
        struct step *p = realloc(s->s, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        s->s = p;
        s->cap = cap;
    }
    s->s[s->n++] = *st;
    return 0;
}

/* forget the values and every step (no history until the next commit) */
static void forget(struct history *H)
{
    stack_clear(H, &H->undo);
    stack_clear(H, &H->redo);
    state_release(&H->shadow);
    H->shadow_bytes = 0;
    H->on = 0;
}

/* the shadow = S's values now */
static int start(struct session *S, struct history *H)
{
    if (state_capture(S, &H->shadow) < 0)
        return -1;
    H->shadow_bytes = state_bytes(S);
    H->on = 1;
    return 0;
}

int undo_init(struct session *S)
{
    struct history *H = calloc(1, sizeof *H);
    if (!H)
        return session_error(S, "out of memory");
    S->hist = H;
    H->changes_seen = S->changes;
    if (state_bytes(S) <= HISTORY_MAX_BYTES / 2 && start(S, H) < 0) {
        undo_free(S);
        return session_error(S, "out of memory");
    }
    return 0;
}

void undo_free(struct session *S)
{
    struct history *H = S->hist;
    if (!H)
        return;
    forget(H);
    free(H->undo.s);
    free(H->redo.s);
    free(H);
    S->hist = NULL;
}

void undo_hold(struct session *S, int on)
{
    if (S->hist)
        S->hist->hold = on;
}

/* the oldest steps go while there are too many or they take too much */
static void trim(struct history *H)
{
    struct stack *u = &H->undo;
    int drop = 0;
    size_t bytes = H->shadow_bytes + H->steps_bytes;
    while (drop < u->n && (u->n - drop > HISTORY_MAX_STEPS || bytes > HISTORY_MAX_BYTES)) {
        bytes -= u->s[drop].bytes;
        step_release(H, &u->s[drop]);
        drop++;
    }
    memmove(u->s, u->s + drop, (size_t)(u->n - drop) * sizeof *u->s);
    u->n -= drop;
}

/* no history while the values are too big; a change still counts */
static void commit_off(struct session *S, struct history *H, size_t bytes)
{
    if (H->on)
        forget(H);
    H->off_bytes = bytes;
    if (S->changes != H->changes_seen)
        H->pos = ++H->last_id;
    H->changes_seen = S->changes;
}

void undo_commit(struct session *S, const char *cmd)
{
    struct history *H = S->hist;
    if (!H || H->hold)
        return;
    size_t bytes = state_bytes(S);
    if (bytes > HISTORY_MAX_BYTES / 2) {
        commit_off(S, H, bytes);
        return;
    }
    if (!H->on) {
        /* the values are small enough again: a history from here */
        if (start(S, H) == 0 && S->changes != H->changes_seen)
            H->pos = ++H->last_id;
        H->changes_seen = S->changes;
        return;
    }
    H->changes_seen = S->changes;
    struct step st;
    memset(&st, 0, sizeof st);
    state_get_scalars(S, &st.sc);
    int differ = state_scalars_differ(&st.sc, &H->shadow.sc);
    for (int k = 0; k < PART_COUNT; k++) {
        struct state_piece v;
        state_piece_view(S, k, &v);
        if (state_piece_equal(&v, &H->shadow.p[k]))
            continue;
        /* the step keeps the old piece, the shadow a copy of the new */
        struct state_piece copy;
        if (state_piece_copy(&copy, &v) < 0) {
            for (int j = 0; j < PART_COUNT; j++)
                state_piece_release(&st.p[j]);
            forget(H);          /* the shadow no longer holds the values */
            return;
        }
        st.p[k] = H->shadow.p[k];
        H->shadow.p[k] = copy;
        st.mask |= 1u << k;
        st.bytes += st.p[k].bytes;
        H->shadow_bytes += copy.bytes - st.p[k].bytes;
    }
    if (!differ && !st.mask)
        return;
    struct state_scalars now = st.sc;
    st.sc = H->shadow.sc;
    H->shadow.sc = now;
    snprintf(st.what, sizeof st.what, "%s", cmd[strspn(cmd, " \t")] ? cmd + strspn(cmd, " \t") : "?");
    st.from = H->pos;
    st.to = H->pos = ++H->last_id;
    S->quit_asked = 0;          /* a new change: quit asks again */
    stack_clear(H, &H->redo);
    H->steps_bytes += st.bytes;
    if (stack_push(&H->undo, &st) < 0) {
        H->steps_bytes -= st.bytes;
        for (int k = 0; k < PART_COUNT; k++)
            state_piece_release(&st.p[k]);
        stack_clear(H, &H->undo);   /* the older steps no longer join up */
        return;
    }
    trim(H);
}

void undo_bytes(const struct session *S, size_t *shadow, size_t *steps)
{
    *shadow = S->hist && S->hist->on ? S->hist->shadow_bytes : 0;
    *steps = S->hist && S->hist->on ? S->hist->steps_bytes : 0;
}

int undo_can_undo(const struct session *S)
{
    return S->hist && S->hist->on ? S->hist->undo.n : 0;
}

int undo_can_redo(const struct session *S)
{
    return S->hist && S->hist->on ? S->hist->redo.n : 0;
}

int undo_unsaved(const struct session *S)
{
    const struct history *H = S->hist;
    if (!H)
        return 0;
    return H->pos != H->saved || (!H->on && S->changes != H->changes_seen);
}

void undo_mark_saved(struct session *S, const char *cmd)
{
    struct history *H = S->hist;
    if (!H)
        return;
    undo_commit(S, cmd);         /* what cmd changed is a step of its own */
    H->saved = H->pos;
    S->quit_asked = 0;
}

/* take the step on top of from (undo or redo), put the values it holds
 * back, and push it onto to holding the values it replaced */
static int take(struct session *S, struct stack *from, struct stack *to, int back)
{
    struct history *H = S->hist;
    const char *cmd = back ? "undo" : "redo";
    struct step *st = &from->s[from->n - 1];
    struct state t;
    t.sc = st->sc;
    for (int k = 0; k < PART_COUNT; k++)
        t.p[k] = st->mask & (1u << k) ? st->p[k] : H->shadow.p[k];
    if (state_apply(S, &t, cmd) < 0)
        return -1;
    /* the shadow takes the step's pieces and the step the shadow's */
    struct state_scalars sc = H->shadow.sc;
    H->shadow.sc = st->sc;
    st->sc = sc;
    size_t bytes = 0;
    for (int k = 0; k < PART_COUNT; k++) {
        if (!(st->mask & (1u << k)))
            continue;
        struct state_piece p = H->shadow.p[k];
        H->shadow.p[k] = st->p[k];
        st->p[k] = p;
        bytes += p.bytes;
        H->shadow_bytes += H->shadow.p[k].bytes - p.bytes;
    }
    H->steps_bytes += bytes - st->bytes;
    st->bytes = bytes;
    H->pos = back ? st->from : st->to;
    H->changes_seen = S->changes;
    struct step moved = *st;
    from->n--;
    if (stack_push(to, &moved) < 0) {
        step_release(H, &moved);
        stack_clear(H, to);
    }
    if (!print_report(S, cmd, back ? "undone:s left:i" : "redone:s left:i", moved.what, from->n))
        fprintf(S->out, "%s: %s  (%d more to %s)\n", back ? "undone" : "redone", moved.what, from->n, cmd);
    return 0;
}

/* the reason there is nothing to undo or redo */
static int none(struct session *S, const char *cmd)
{
    const struct history *H = S->hist;
    if (!H)
        return session_error(S, "%s: there is no history in this session", cmd);
    if (!H->on)
        return session_error(S, "%s: no history while the values take %zu MiB (over half of the history's "
                             "%zu MiB)", cmd, (H->off_bytes + ((size_t)1 << 20) - 1) >> 20,
                             HISTORY_MAX_BYTES >> 20);
    return session_error(S, "nothing to %s", cmd);
}

int cmd_undo(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0)
        return -1;
    if (!undo_can_undo(S))
        return none(S, "undo");
    return take(S, &S->hist->undo, &S->hist->redo, 1);
}

int cmd_redo(struct session *S, int argc, char **argv)
{
    if (args_none(S, argc, argv) < 0)
        return -1;
    if (!undo_can_redo(S))
        return none(S, "redo");
    return take(S, &S->hist->redo, &S->hist->undo, 0);
}

int undo_quit_asks(struct session *S)
{
    if (!S->interactive || !S->file[0] || S->quit_asked || !undo_unsaved(S))
        return 0;
    S->quit_asked = 1;
    fprintf(S->out, "the session has changed since %s was saved: 'session save' keeps the changes; "
            "quit again (or quit!) leaves without them\n", S->file);
    return 1;
}
