/* paths: where gradlab keeps the learner's state, and files written
 * atomically (a temporary file in the same directory, then rename), so a
 * full disk or a read-only directory gives an error and never a truncated
 * file. Pure POSIX: no SDL, no readline. */
#ifndef GRADLAB_PATHS_H
#define GRADLAB_PATHS_H

#include <stddef.h>
#include <stdio.h>

/* $XDG_STATE_HOME/gradlab/LEAF, else ~/.local/state/gradlab/LEAF */
void state_path(char *buf, size_t size, const char *leaf);

/* mkdir -p of the directory part of path (errors are left to the write) */
void make_parent_dirs(const char *path);

/* 1 when path exists and is neither a regular file nor a directory (a
 * device such as /dev/null, a FIFO): never rename over such a file */
int path_is_special(const char *path);

/* Write path atomically (a special file is written directly): write(fp, ctx) fills a temporary file (returns 0,
 * or -1 on a write error); then it is flushed, synced and renamed over
 * path. 0, or -1 with "cannot write 'PATH': REASON" in err. */
int file_write_atomic(const char *path, int (*write)(FILE *fp, void *ctx), void *ctx, char *err,
                      size_t errlen);

#endif
