/* values: the named values a user can show, explain and save, looked up
 * in the session with the checks every command wants (does it exist yet,
 * is its stage computed). Pointers returned point into the session and
 * live until the next command changes it. */
#ifndef GRADLAB_VALUES_H
#define GRADLAB_VALUES_H

#include "names.h"
#include "session.h"

struct value {
    const char *name;
    const tensor *t;        /* NULL for a scalar */
    double scalar;
    int vector;             /* a 1xn value shown as a vector (z, s, b1, db2...) */
};

/* 0, or -1 with S->err set ("unknown name", "not computed yet", ...) */
int value_get(struct session *S, const char *name, struct value *v);
/* 1 if name is one of value_names */
int value_known(const char *name);
/* the formula that defines a value, as the lessons write it, or NULL */
const char *value_formula(const struct session *S, const char *name);
/* one sentence on what the value is */
const char *value_words(const char *name);
/* Read a reference NAME, NAME[i], NAME[i][j] or NAME[i,j]: the name into
 * name (size bytes), the indices into idx. The number of indices (0..2),
 * or -1 when it is not such a reference. */
int value_parse_ref(const char *arg, char *name, size_t size, long idx[2]);
/* The number a reference names: a scalar value, an entry of a vector
 * (NAME[i]) or of a matrix (NAME[i][j]). 0, or -1 with S->err set. */
int value_entry(struct session *S, const char *ref, double *out);
/* show a value in the session's format */
void value_print(struct session *S, const struct value *v);
/* show the value called name (value_get, then value_print): the one
 * writer of a named value. 0, or -1 with S->err set */
int value_show(struct session *S, const char *name);
/* show each of names (NULL-terminated) up to the first that fails */
int value_show_all(struct session *S, const char *const *names);

#endif
