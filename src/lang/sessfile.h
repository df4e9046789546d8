/* sessfile: a whole session in a file, and in one line to share.
 *
 *   session                   the session file and whether it has unsaved changes
 *   session save [FILE.gl]    write the session as a script that rebuilds it
 *   session load FILE.gl      restore one (gradlab FILE.gl does too)
 *   session share             the session as one URL-safe line (share.h)
 *   session open LINE         restore a shared line
 *
 * A session file is a gradlab script a person can read: the lesson and its
 * part, the seed, the data set (the command that made it when that still
 * gives the same points, else every point), the network (net D H K act=)
 * and every parameter in the shortest decimal that reads back as the same
 * double (up to 17 digits), reg, reduce, x and y unless they are the data
 * set's, the stage, the loss curve, the logits, then the view, theme,
 * autoscale and example. Run as a script it rebuilds the session; `session
 * load` does more: it accepts only the commands a session file holds (no
 * file is named, nothing is written), runs the values in a scratch session
 * and takes them only when all of them worked, so a file that fails
 * changes nothing. A shared line (share.h) decodes to the same script and
 * loads with a stricter rule: a lesson only by its name in the installed
 * catalogue.
 *
 * A value whose text is over a line's limit (1 MiB, about 40000 numbers)
 * cannot be written (save says which; 'save NAME FILE.csv' can).
 *
 * Errors are values: -1 with S->err. */
#ifndef GRADLAB_SESSFILE_H
#define GRADLAB_SESSFILE_H

#include <stdio.h>
#include "session.h"
#include "state.h"

/* the first line of a session file */
#define SESSFILE_HEADER "# a gradlab session"

/* how a session script is read */
enum sess_mode {
    SESS_FILE,              /* a session file: a lesson by name or by path */
    SESS_SHARE,             /* a shared line: a lesson by its name only */
};

/* The script that rebuilds st (settings: the lines of S->settings, may be
 * NULL) into *text (malloc'd, NUL-terminated; *len bytes): 0, or -1 with
 * err (a value too long for a line, out of memory). */
int sessfile_script(const struct state *st, const char *settings, char **text, size_t *len, char *err,
                    size_t errlen);

/* Restore the session the script text (len bytes) holds, as 'session load'
 * does; where names it in messages ("F.gl", "the shared line"). 0, or -1
 * with S->err ("WHERE:LINE: ...") and nothing changed. */
int sessfile_load_text(struct session *S, const char *text, size_t len, enum sess_mode mode,
                       const char *where);
/* session load of the file path (the path kept as S->file): 0, or -1 */
int sessfile_load(struct session *S, const char *path);

/* a state whose pieces point into S (nothing copied; do not release it) */
void sessfile_view(const struct session *S, struct state *st);
/* the data set a generator's settings make: 0, or -1 */
int sessfile_generate(const struct data_from *from, struct dataset *d);
/* 1 when st's batch (x, y) is what 'net' makes of its data set */
int sessfile_batch_is_data(const struct state *st);

/* 1 when the file path starts as a session file does (SESSFILE_HEADER):
 * gradlab FILE.gl loads it as 'session load' does, else runs it as a
 * script */
int sessfile_is_session(const char *path);

int cmd_session(struct session *S, int argc, char **argv);

#endif
