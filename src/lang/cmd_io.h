/* cmd_io: save and load a named value as CSV (17 significant digits, the
 * file written whole or not at all), and the settings of how values print:
 * format (pretty, json, csv, latex) and precision. The session's record
 * (`record FILE.md`) is record.h. */
#ifndef GRADLAB_CMD_IO_H
#define GRADLAB_CMD_IO_H

#include "session.h"

/* a matrix from a file, by its name's ending, opened under the policy pol
 * (files.h): CSV (data.h's reader); the one place where other formats
 * (.npy) are added. 0, or -1 with err, or ST_STOPPED when stop (stop.h;
 * may be NULL) was raised while it read */
int io_read_matrix(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen,
                   stop_flag *stop);

int cmd_save(struct session *S, int argc, char **argv);
int cmd_load(struct session *S, int argc, char **argv);
int cmd_format(struct session *S, int argc, char **argv);
int cmd_precision(struct session *S, int argc, char **argv);

#endif
