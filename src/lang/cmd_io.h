/* cmd_io: save and load a named value as CSV (every number the shortest
 * that reads back) or .npy (float64), by the file name's ending, the file
 * written whole or not at all; and the settings of how values print:
 * format (pretty, json, csv, latex) and precision. Files are read through io.h. The session's record
 * (`record FILE.md`) is record.h. */
#ifndef GRADLAB_CMD_IO_H
#define GRADLAB_CMD_IO_H

#include "session.h"

int cmd_save(struct session *S, int argc, char **argv);
int cmd_load(struct session *S, int argc, char **argv);
int cmd_format(struct session *S, int argc, char **argv);
int cmd_precision(struct session *S, int argc, char **argv);

#endif
