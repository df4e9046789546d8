/* io: a matrix from a file a command names (load, data load, diagnose),
 * in the format its name says, opened under the session's file policy
 * (files.h); and the line that says what a read left out. */
#ifndef GRADLAB_IO_H
#define GRADLAB_IO_H

#include "csv.h"
#include "session.h"

/* how a file is read, and what was found in it */
struct io_read {
    int keep_index;             /* in: keep pandas' index column of a CSV file */
    int ndim;                   /* out: the array's dimensions (.npy), -1 for CSV */
    struct csv_info csv;        /* out: what the CSV reader found */
    int neg_inf;                /* in: a CSV file's -inf is a number (load z) */
};

/* a matrix from a file, by its name's ending, opened under the policy pol
 * (files.h): .npy (npy.h; NaN and the infinities returned as they are,
 * for the caller to judge), else CSV (csv.h). io may be NULL (defaults).
 * 0, or -1 with err, or ST_STOPPED when stop (stop.h; may be NULL) was
 * raised while it read */
int io_read_value(const struct file_policy *pol, const char *path, tensor *m, struct io_read *io, char *err,
                  size_t errlen, stop_flag *stop);
/* the same without options */
int io_read_matrix(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen,
                   stop_flag *stop);
/* an option of load and data load after the file name (index=keep): 0,
 * or -1 with S->err; cmd names the command in the message */
int io_read_option(struct session *S, const char *cmd, const char *path, const char *arg, struct io_read *io);
/* the line that says what a read left out (pandas' index column), for
 * the file at path; nothing when it left out nothing */
void io_say_dropped(struct session *S, const char *path, const struct io_read *io);

#endif
