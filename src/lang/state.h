/* state: the values of a session that nothing else is computed from, as
 * pieces to copy, compare and put back: the seed, the logits z, the
 * network's shape and settings (act, reg, reduce, the stage reached), its
 * parameters and batch (W1 b1 W2 b2 x y), the data set and the loss curve.
 * Every other value (s, J, the stages z1 ... db1) follows from these, so
 * holding them holds the whole session; the history (undo.h), the
 * session files and the share lines (sessfile.h) are built on them.
 *
 * Ownership: a struct state owns its pieces' data (state_release frees
 * them); a piece made by state_piece_view points into the session and
 * lives until the next command changes it. */
#ifndef GRADLAB_STATE_H
#define GRADLAB_STATE_H

#include <stddef.h>
#include "session.h"

/* the pieces: arrays of numbers (labels are ints, the rest doubles) */
enum state_part {
    PART_Z, PART_W1, PART_B1, PART_W2, PART_B2, PART_X, PART_Y,
    PART_DATA, PART_LABELS, PART_CURVE, PART_COUNT
};
extern const char *const state_part_names[PART_COUNT];   /* "z", "W1", ..., "data", "labels", "curve" */

struct state_piece {
    int rows, cols;
    size_t bytes;           /* rows * cols * the size of an element */
    void *data;
};

/* everything else, a few numbers; made by state_get_scalars, which
 * zeroes the padding too (two of them compare with memcmp) */
struct state_scalars {
    uint32_t seed;
    int has_logits;
    int has_net, D, H, K, act, reduce, stage;
    double reg;
    int has_data, n_classes;
    char data_name[64];
    struct data_from data_from;
};

struct state {
    struct state_scalars sc;
    struct state_piece p[PART_COUNT];
};

/* the groups of values rebuilt together when they change */
enum { GROUP_SEED = 1, GROUP_LOGITS = 2, GROUP_NET = 4, GROUP_DATA = 8, GROUP_CURVE = 16 };
/* the group a piece belongs to */
int state_part_group(int part);

void state_get_scalars(const struct session *S, struct state_scalars *sc);
/* the groups in which two sets of scalars differ */
int state_scalars_differ(const struct state_scalars *a, const struct state_scalars *b);
/* piece k of S, pointing into S (empty when S has none) */
void state_piece_view(const struct session *S, int k, struct state_piece *out);
int state_piece_equal(const struct state_piece *a, const struct state_piece *b);
/* dst = a copy of src: 0, or ST_NO_MEMORY (dst empty) */
int state_piece_copy(struct state_piece *dst, const struct state_piece *src);
void state_piece_release(struct state_piece *p);
/* a piece as a tensor (doubles only; no copy) */
tensor state_piece_tensor(const struct state_piece *p);

/* st = a copy of S's values: 0, or ST_NO_MEMORY (st empty) */
int state_capture(const struct session *S, struct state *st);
void state_release(struct state *st);
/* the bytes of S's pieces (what a capture holds) */
size_t state_bytes(const struct session *S);

/* the data set a generator's settings make (data_from, session.h): 0, or
 * -1 (bad settings, out of memory) */
int state_generate(const struct data_from *from, struct dataset *d);
/* 1 when st's data set is what its generator's settings make */
int state_data_generated(const struct state *st);
/* 1 when st's batch (x, y) is what 'net' makes of its data set: x its
 * points, y its labels one-hot */
int state_batch_is_data(const struct state *st);

/* Make S hold the values of t, and compute the values that follow from
 * them (s and J, the net's stages up to t's stage), rebuilding only the
 * groups that differ. t must be a state S could hold (one captured or
 * checked). 0, or -1 with S->err ("WHAT: out of memory", "WHAT stopped")
 * and S as it was. */
int state_apply(struct session *S, const struct state *t, const char *what);

#endif
