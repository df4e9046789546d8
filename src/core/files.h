/* files: the one place where gradlab opens a file a command names. Every
 * command that reads or writes a path (save, load, data load/save, record,
 * snapshot, lesson FILE) goes through these functions with the policy of
 * whoever runs it:
 *
 *   - NULL, or a policy with confined == 0: the user's own commands (typed,
 *     -c, scripts): any path the user may open;
 *   - confined: a lesson that is not trusted, or anything under --sandbox:
 *     only relative paths, without '..', dotfiles or symbolic links.
 *     Writes go to the scratch folder; reads look in the scratch folder,
 *     then in the home folder (the lesson's own). Each folder on the way is
 *     opened below the last one with O_NOFOLLOW, so a link or a rename
 *     cannot lead out.
 *
 * Whatever the policy, a file read must be a regular file (a FIFO or a
 * device never blocks a read: it is opened with O_NONBLOCK and refused),
 * and a file written is a regular file, or a character device such as
 * /dev/null for the user's own commands. Writes are atomic (a temporary
 * file beside the target, then a rename) and keep what the old file had:
 * its mode, and its owner when the writer may set it; a new file gets
 * 0666 minus the umask; a symbolic link is followed and its target
 * replaced. Temporary files of ours (NAME.gradlab-tmp.XXXXXX) that a
 * killed gradlab left behind are removed by the next write in the folder.
 *
 * Errors are values: 0 or a descriptor, or -1 with a one-line message in
 * err that names the file (escaped: text_escape in paths.h). Pure POSIX. */
#ifndef GRADLAB_FILES_H
#define GRADLAB_FILES_H

#include <stddef.h>
#include <stdio.h>

#include "stop.h"

#define FILE_PATH_MAX 1024

struct file_policy {
    int confined;                   /* 0: any path */
    const char *who;                /* in messages: "a lesson", "a sandboxed script" */
    char home[FILE_PATH_MAX];       /* the folder read from ("": none) */
    char scratch[FILE_PATH_MAX];    /* the folder written to (made when first written) */
};

/* the policy's folders: home (may be "") and scratch, absolute: 0, or -1
 * when one is longer than FILE_PATH_MAX (the policy then refuses all) */
int file_policy_confine(struct file_policy *p, const char *who, const char *home, const char *scratch);

/* Open path for reading: a descriptor of a regular file (blocking reads),
 * or -1 with err ("cannot open 'PATH': REASON", "'PATH' is a directory",
 * "'PATH' is not a regular file (a FIFO)", or why the policy refuses it). */
int file_open_read(const struct file_policy *p, const char *path, char *err, size_t errlen);

/* The whole file in *buf (NUL-terminated; *len bytes; the caller frees):
 * 0; 1 when it holds more than max bytes (nothing returned); -1 with err
 * (out of memory says how much was needed). */
int file_read_all(const struct file_policy *p, const char *path, size_t max, char **buf, size_t *len,
                  char *err, size_t errlen);
/* the same, read a few MiB at a time with a poll of stop (stop.h) between
 * two reads: 2 when it was raised (nothing returned) */
int file_read_until(const struct file_policy *p, const char *path, size_t max, char **buf, size_t *len,
                    char *err, size_t errlen, stop_flag *stop);

/* Where file_open_read finds path (the policy's folder joined to it, or
 * path itself when not confined), into out: 0, or -1 with err. */
int file_locate(const struct file_policy *p, const char *path, char *out, size_t outlen, char *err,
                size_t errlen);

/* Write path atomically: write(fp, ctx) fills a temporary file in the
 * target's folder (it returns 0, or -1 on a write error); it is flushed,
 * synced and renamed over the target. A character device (/dev/null) is
 * written directly. 0, or -1 with "cannot write 'PATH': REASON" or why
 * the policy refuses it in err. */
int file_write_atomic(const struct file_policy *p, const char *path, int (*write)(FILE *fp, void *ctx),
                      void *ctx, char *err, size_t errlen);

/* Open path for appending (it must exist: file_write_atomic makes it): a
 * descriptor, or -1 with err. */
int file_open_append(const struct file_policy *p, const char *path, char *err, size_t errlen);

/* A stream that throws away what is written to it (fclose frees it). */
FILE *file_null_stream(void);

#endif
