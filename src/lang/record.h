/* record: `record FILE.md` writes the session as Markdown a teacher can
 * hand out: every typed line and its output (errors too) as a code block
 * (fenced with more backticks than the block holds), appended to the file
 * after each line, so nothing is lost and the time taken grows with what
 * is recorded. The file stops at RECORD_MAX_BYTES: the record says so in
 * the file and on stderr, and stops. `record off` stops at the end of the
 * line it is on. The file is opened through the session's policy
 * (files.h), like every file a command names. */
#ifndef GRADLAB_RECORD_H
#define GRADLAB_RECORD_H

#include <stdio.h>

struct session;

#define RECORD_MAX_BYTES ((size_t)16 << 20)
#define RECORD_MAX_TEXT "16 MiB"

int cmd_record(struct session *S, int argc, char **argv);

/* around one typed line (command.c): output goes to the screen and into
 * the record; after the line, the record is written out */
void record_line_begin(struct session *S, FILE **saved);
void record_line_end(struct session *S, const char *line, int rc, FILE *saved);
/* an error inside the line being recorded, whose other commands go on
 * (command.c): kept in its block where it happened */
void record_error(struct session *S, const char *msg);

void record_release(struct session *S);

#endif
