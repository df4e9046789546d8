/* progress: how far the learner got in each lesson, kept in
 * $XDG_STATE_HOME/gradlab/lessons, one line a lesson: "NAME DONE PARTS".
 * NAME is the lesson's name (format.h: escaped, so it holds no control
 * character) with every space, '%' and byte below '!' written %XX, so a
 * name with spaces keeps its progress and no name can start a line of its
 * own. Lines written before the encoding read the same. */
#ifndef GRADLAB_PROGRESS_H
#define GRADLAB_PROGRESS_H

#include <stddef.h>

/* the parts done of lesson name and its parts: 1, or 0 when none is kept */
int progress_of(const char *name, int *done, int *parts);
/* keep done of parts for name (never less than was reached; the other
 * lessons' lines stay): 0, or -1 with err */
int progress_keep(const char *name, int done, int parts, char *err, size_t errlen);

#endif
