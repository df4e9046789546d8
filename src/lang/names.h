/* names: the words a user types for things, the value names (x, y, W1,
 * ..., J, loss) and the command names (the table, cmdtable.h), and "did
 * you mean" among them. */
#ifndef GRADLAB_NAMES_H
#define GRADLAB_NAMES_H

/* the names a value can have (z s J x y W1 b1 z1 a1 W2 ... db1 reg and
 * the mistake's), NULL-terminated, in the order help lists them */
const char *const *value_names(void);

/* the closest command or value name to word, for "did you mean": a
 * near miss (one edit for a word of up to 3 letters, two up to 6, else
 * three), or NULL */
const char *names_suggest(const char *word);

#endif
