/* record: `record FILE.md` writes the session as Markdown a teacher can
 * hand out: every typed line and its output (errors too) as a code block,
 * rewritten atomically after each line, so nothing is lost and the file is
 * never half written. `record off` stops. */
#ifndef GRADLAB_RECORD_H
#define GRADLAB_RECORD_H

#include <stdio.h>

struct session;

int cmd_record(struct session *S, int argc, char **argv);

/* around one typed line (command.c): output goes to the screen and into
 * the record; after the line, the record is written out */
void record_line_begin(struct session *S, FILE **saved);
void record_line_end(struct session *S, const char *line, int rc, FILE *saved);

void record_release(struct session *S);

#endif
