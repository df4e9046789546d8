/* session: the state every command reads and writes. See session.h. */
#include "session.h"

#include <stdarg.h>
#include <string.h>

const char *const format_names[FORMAT_COUNT] = { "pretty", "json", "csv", "latex" };

void session_init(struct session *S, FILE *out)
{
    memset(S, 0, sizeof *S);
    S->seed = 0;
    S->format = FORMAT_PRETTY;
    S->precision = 4;
    S->out = out;
}

void session_release(struct session *S)
{
    tensor_release(&S->z);
    tensor_release(&S->s);
    tensor_release(&S->J);
    if (S->has_net)
        net_release(&S->net);
    dataset_release(&S->data);
    memset(&S->data_from, 0, sizeof S->data_from);
    tensor_release(&S->curve);
    tensor_release(&S->wrong);
    tensor_release(&S->right);
    tensor_release(&S->mistake_J);
    session_diag_release(S);
    session_check_release(S);
    S->has_mistake = 0;
    S->has_data = 0;
    S->has_net = 0;
    S->has_logits = 0;
}

void session_diag_release(struct session *S)
{
    tensor_release(&S->diag.yours);
    tensor_release(&S->diag.right);
    tensor_release(&S->diag.wrong);
    tensor_release(&S->diag.differ);
    S->diag.has = 0;
}

void session_clear(struct session *S)
{
    struct session keep = *S;
    session_release(S);
    session_init(S, keep.out);
    /* what is not a value: a field added to the session that is not one
     * belongs here too */
    S->format = keep.format;
    S->precision = keep.precision;
    S->policy = keep.policy;
    S->interrupt = keep.interrupt;
    S->fe = keep.fe;
    S->quit = keep.quit;
    S->depth = keep.depth;
    S->run = keep.run;
    S->take_back = keep.take_back;
    S->take_quit = keep.take_quit;
    S->lesson = keep.lesson;
    S->record = keep.record;
    S->view = keep.view;
    S->hist = keep.hist;
    S->changes = keep.changes;
    memcpy(S->file, keep.file, sizeof S->file);
    memcpy(S->file_scratch, keep.file_scratch, sizeof S->file_scratch);
    S->quit_asked = keep.quit_asked;
    S->interactive = keep.interactive;
    S->settings = keep.settings;
    memcpy(S->err, keep.err, sizeof S->err);
    session_changed(S);
}

void session_check_release(struct session *S)
{
    tensor_release(&S->check.z);
    tensor_release(&S->check.fd);
    memset(&S->check, 0, sizeof S->check);
}

/* FNV-1a over the bytes of a tensor's entries */
static uint64_t hash_tensor(uint64_t h, const tensor *t)
{
    const unsigned char *p = (const unsigned char *)t->data;
    size_t n = t->data ? tensor_size(t) * sizeof *t->data : 0;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

uint64_t session_net_hash(const struct session *S)
{
    if (!S->has_net)
        return 0;
    const struct net *n = &S->net;
    uint64_t h = 14695981039346656037ull;
    const tensor *all[] = { &n->x, &n->y, &n->W1, &n->b1, &n->W2, &n->b2 };
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        h = hash_tensor(h, all[k]);
    const unsigned char *r = (const unsigned char *)&n->reg;
    for (size_t i = 0; i < sizeof n->reg; i++)
        h = (h ^ r[i]) * 1099511628211ull;
    return (h ^ (uint64_t)n->act) * 1099511628211ull;
}

void session_take_values(struct session *S, struct session *from)
{
    tensor_release(&S->z);
    tensor_release(&S->s);
    tensor_release(&S->J);
    tensor_release(&S->mistake_J);
    tensor_release(&S->wrong);
    tensor_release(&S->right);
    S->has_mistake = 0;
    session_diag_release(S);
    session_check_release(S);
    if (S->has_net)
        net_release(&S->net);
    tensor_move(&S->z, &from->z);
    tensor_move(&S->s, &from->s);
    tensor_move(&S->J, &from->J);
    S->has_logits = from->has_logits;
    S->net = from->net;
    S->has_net = from->has_net;
    memset(&from->net, 0, sizeof from->net);
    from->has_net = from->has_logits = 0;
    if (S->has_net)
        S->net.stop = S->interrupt;
    dataset_move(&S->data, &from->data);
    S->has_data = from->has_data;
    S->data_from = from->data_from;
    from->has_data = 0;
    tensor_move(&S->curve, &from->curve);
    S->seed = from->seed;
    session_changed(S);
}

int session_error(struct session *S, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(S->err, sizeof S->err, fmt, ap);
    va_end(ap);
    return -1;
}

int session_need_net(struct session *S)
{
    if (!S->has_net)
        return session_error(S, "no network yet: type 'net 2 3 2' first");
    return 0;
}

void session_changed(struct session *S)
{
    S->changes++;
    if (S->fe.changed)
        S->fe.changed(S->fe.ud);
}

void session_show(struct session *S, const char *name)
{
    if (S->fe.show)
        S->fe.show(S->fe.ud, name);
}

int session_interrupted(const struct session *S)
{
    return S->interrupt && *S->interrupt;
}

int session_status(struct session *S, const char *what, int status)
{
    switch (status) {
    case ST_NO_MEMORY:
        return session_error(S, "%s: out of memory (needed %zu MiB)", what,
                             (status_nomem_bytes() + ((size_t)1 << 20) - 1) >> 20);
    case ST_STOPPED:
        return session_error(S, "%s stopped (interrupted); nothing was changed", what);
    case ST_TOO_BIG:
        return session_error(S, "%s: a matrix would hold more than %zu values (the limit)", what,
                             (size_t)TENSOR_MAX_ELEMS);
    default:
        return session_error(S, "%s failed", what);
    }
}
