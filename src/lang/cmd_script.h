/* cmd_script: the commands of the session's own lines. `source FILE` runs
 * a script file from inside a session, by the rules of a script given on
 * the command line (each line as typed; an error says FILE:LINE and the
 * rest goes on; --bail stops), its file opened under the session's policy
 * (files.h: whatever confines `load` confines it);
 * `history [N]` prints the REPL's history. Both hand the work to the
 * front end (session.h's frontend: source, history). */
#ifndef GRADLAB_CMD_SCRIPT_H
#define GRADLAB_CMD_SCRIPT_H

#include "session.h"

/* the largest file `source` reads */
#define SOURCE_MAX_BYTES ((size_t)16 << 20)

int cmd_source(struct session *S, int argc, char **argv);
int cmd_history(struct session *S, int argc, char **argv);

#endif
